//! Inline layout: styled text spans of one paragraph → justified, hyphenated lines of shaped
//! glyphs. The steps: shape (rustybuzz) → hyphenate (by language) → Knuth–Plass line breaking →
//! line assembly. Knows fonts and typography, nothing of pages or PDF syntax.

use crate::pdf::fonts::FontKey;
use crate::pdf::frame::TextRun;
use crate::pdf::units::Pt;

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub font: FontKey,
    pub size: Pt,
    /// Baseline shift upwards (superscript footnote marks).
    pub rise: Pt,
    /// 0.0 = black.
    pub gray: f64,
}

/// A run of text in one style. `tag` is opaque to inline layout and handed back on the placed
/// runs, so that page layout can find where links and footnote marks ended up.
#[derive(Debug, Clone)]
pub struct Span {
    pub text: String,
    pub style: TextStyle,
    pub tag: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    Justify,
    Left,
    Center,
    Right,
}

/// The paragraph's shape.
#[derive(Debug, Clone)]
pub struct ParagraphStyle {
    /// The measure: no line may be wider.
    pub width: Pt,
    pub align: Alignment,
    /// Indent of the first line.
    pub first_indent: Pt,
    /// BCP 47 tag of the paragraph's language, for hyphenation.
    pub lang: String,
    pub hyphenate: bool,
}

/// One output line.
#[derive(Debug, Clone)]
pub struct Line {
    /// Width actually occupied, from the line start (≤ the measure).
    pub width: Pt,
    /// Largest ascent and descent of the glyphs on the line (positive numbers).
    pub ascent: Pt,
    pub descent: Pt,
    /// True when the line ends in a hyphen the breaker inserted or chose.
    pub hyphenated: bool,
    pub runs: Vec<PlacedRun>,
}

/// A run of glyphs placed on a line.
#[derive(Debug, Clone)]
pub struct PlacedRun {
    /// Offset of the run's baseline start from the line start (alignment and indent included).
    pub x: Pt,
    /// Baseline shift upwards (copied from the span's style).
    pub rise: Pt,
    /// Width of the run's glyphs.
    pub width: Pt,
    pub run: TextRun,
    pub tag: Option<u32>,
}

/// Breaks a paragraph into lines.
pub fn layout_paragraph(spans: &[Span], style: &ParagraphStyle) -> Vec<Line> {
    let _ = (spans, style);
    unimplemented!("inline layout is being written")
}

/// Shapes spans into a single unbroken line (for folios, TOC entries, table cells that fit).
pub fn layout_line(spans: &[Span]) -> Line {
    let _ = spans;
    unimplemented!("inline layout is being written")
}
