//! PDF styles: a TOML file (or a built-in under `styles/`) → `PdfStyle`, the page geometry and
//! type sizes page layout reads.

use serde::Deserialize;

use crate::pdf::typeset::fonts::FontSet;
use crate::pdf::units::Pt;
use crate::style::colours::Colours;
use crate::style::print::PrintStyle;

/// Page size: a named paper or `[width, height]` in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum PageSize {
    Named(Paper),
    Millimetres([f64; 2]),
}

/// The named paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    A5,
    Letter,
}

impl PageSize {
    /// Width and height in points.
    pub(crate) fn points(self) -> (Pt, Pt) {
        let (w, h) = match self {
            PageSize::Named(Paper::A4) => (210.0, 297.0),
            PageSize::Named(Paper::A5) => (148.0, 210.0),
            PageSize::Named(Paper::Letter) => (215.9, 279.4),
            PageSize::Millimetres([w, h]) => (w, h),
        };
        (Pt::from_mm(w), Pt::from_mm(h))
    }
}

/// Page margins in millimetres; inner is the binding side. (Unknown keys are found and reported
/// by the style file reader, `style/file.rs`, so no type here denies them.)
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default)]
pub struct Margins {
    pub inner: f64,
    pub outer: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Default for Margins {
    fn default() -> Self {
        Margins { inner: 22.0, outer: 22.0, top: 24.0, bottom: 26.0 }
    }
}

/// Everything page layout takes from a style. Sizes in points unless the name says mm.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct PdfStyle {
    pub page: PageSize,
    pub margins: Margins,
    /// Columns of body text: 1 or 2.
    pub columns: u8,
    /// Gap between columns, mm.
    pub column_gap: f64,
    pub body_size: f64,
    /// Baseline-to-baseline distance of body text: the baseline grid.
    pub leading: f64,
    /// Sizes of headings h2, h3, h4 (deeper levels use h4).
    pub heading_sizes: [f64; 3],
    pub title_size: f64,
    pub kicker_size: f64,
    pub footnote_size: f64,
    pub footnote_leading: f64,
    /// First-line indent of paragraphs, in ems of the body size.
    pub paragraph_indent: f64,
    /// Running heads and folios.
    pub running_size: f64,
    /// Empty grid lines above an article's opening head (the German "Vorschlag"): an opening
    /// page has no running head, and the air sets the opener apart from a continued page.
    pub opening_sink: u8,
    /// Every figure set across the columns (a landscape image) runs to the page edges, into the
    /// bleed in print, when its pixels allow; single figures ask for it with `{.bleed}`.
    pub bleed_figures: bool,
    /// Bleed, crop marks and binding of the print PDF.
    pub print: PrintStyle,
    /// `[colours]`: the kicker's and the rules' colours, if the style gives them.
    pub colours: Colours,
    /// The faces of body, headings and code: the bundled set, or a house style's `[fonts]`
    /// (registered when the style is read; not a key of its own here).
    #[serde(skip)]
    pub fonts: FontSet,
}

impl Default for PdfStyle {
    fn default() -> Self {
        // A4, two columns of 83 mm: about 50 characters a line at 9.5 pt Noto Serif, the measure
        // magazines use for comfortable reading (as `styles/a4.toml`).
        PdfStyle {
            page: PageSize::Named(Paper::A4),
            margins: Margins { inner: 18.0, outer: 20.0, ..Margins::default() },
            columns: 2,
            column_gap: 6.0,
            body_size: 9.5,
            leading: 12.5,
            heading_sizes: [11.5, 10.5, 9.5],
            title_size: 26.0,
            kicker_size: 8.5,
            footnote_size: 7.5,
            footnote_leading: 9.5,
            paragraph_indent: 1.0,
            running_size: 7.5,
            opening_sink: 4,
            bleed_figures: false,
            print: PrintStyle::default(),
            colours: Colours::default(),
            fonts: FontSet::BUNDLED,
        }
    }
}

/// The built-in styles, compiled in.
pub(crate) const BUILTIN: [(&str, &str); 3] = [
    ("a4", include_str!("../../styles/a4.toml")),
    ("a5", include_str!("../../styles/a5.toml")),
    ("letter", include_str!("../../styles/letter.toml")),
];

impl PdfStyle {
    /// A built-in style by name (`a4`, `a5`, `letter`).
    #[cfg(test)]
    pub(crate) fn builtin(name: &str) -> Option<PdfStyle> {
        crate::style::Style::builtin(name).ok().map(|style| style.page)
    }

    /// Page width and height in points.
    pub fn page_size(&self) -> (Pt, Pt) {
        self.page.points()
    }

    /// Number of body columns, clamped to 1..=2.
    pub(crate) fn column_count(&self) -> usize {
        usize::from(self.columns.clamp(1, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_differ_in_size() {
        let a4 = PdfStyle::builtin("a4").expect("a4");
        let a5 = PdfStyle::builtin("a5").expect("a5");
        assert!(PdfStyle::builtin("letter").is_some());
        assert!(PdfStyle::builtin("nope").is_none());
        let (w4, _) = a4.page_size();
        let (w5, h5) = a5.page_size();
        assert!((w5.0 - 419.5).abs() < 0.5 && (h5.0 - 595.3).abs() < 0.5);
        assert!(w4.0 > w5.0);
    }

    #[test]
    fn custom_size_and_unknown_keys() {
        let parse = |text| crate::style::file::parse_style(text, crate::source::FileId(0), "s.toml", |_| None);
        let s = parse("page = [100, 200]\ncolumns = 1\n").unwrap().page;
        assert_eq!(s.column_count(), 1);
        assert!((s.page_size().1 .0 - Pt::from_mm(200.0).0).abs() < 1e-9);
        assert!(parse("colums = 1").is_err());
        assert!(parse("[margins]\nleft = 3").is_err());
    }
}
