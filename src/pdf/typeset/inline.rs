//! Inline layout: styled text spans of one paragraph → justified, hyphenated lines of shaped
//! glyphs. The steps: shape (rustybuzz) → hyphenate (by language) → Knuth–Plass line breaking →
//! line assembly. Knows fonts and typography, nothing of pages or PDF syntax.

use crate::model::HyphenationExceptions;
use crate::pdf::frame::{Ink, TextRun};
use crate::pdf::typeset::fonts::{face, FontKey};
use crate::pdf::typeset::hyphenate::{grade, hyphenate_cached, strip_soft_hyphens, Break, BreakKind, Grade};
use crate::pdf::typeset::linebreak::{
    self, forced_break_positions, linebreak, Hang, Item, Params, EMERGENCY_PENALTY, INFINITE_PENALTY,
};
use crate::pdf::typeset::nobreak::{bindings, replace_spaces};
use crate::pdf::typeset::protrusion::{left_share, right_share};
use crate::pdf::typeset::shape::shape;
use crate::pdf::units::Pt;
use std::borrow::Cow;

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub font: FontKey,
    pub size: Pt,
    /// Baseline shift upwards (superscript footnote marks).
    pub rise: Pt,
    /// A gray of the black ink, or a style colour.
    pub ink: Ink,
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

/// Lines of a paragraph together with what could not be set.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub lines: Vec<Line>,
    /// Characters no bundled face has; they are drawn as boxes (□) that keep their text.
    pub missing: Vec<char>,
    /// Characters a house face lacks, set in a bundled face instead.
    pub substituted: Vec<char>,
    /// Lines of a justified paragraph that could not justify well.
    pub poorly_justified: Vec<PoorLine>,
}

/// Adds the characters of `new` that `list` does not have yet, in order.
pub(crate) fn add_new(list: &mut Vec<char>, new: &[char]) {
    for &ch in new {
        if !list.contains(&ch) {
            list.push(ch);
        }
    }
}

/// A line of a justified paragraph that could not justify well.
#[derive(Debug, Clone, PartialEq)]
pub struct PoorLine {
    /// Index into the paragraph's lines.
    pub line: usize,
    pub makeshift: Makeshift,
    /// The line's words, spaces between them, without the hyphen of a broken word.
    pub text: String,
}

/// What a justified line that cannot justify well gets instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Makeshift {
    /// Set at natural width, ragged: its spaces would stretch beyond [`RAGGED_BEYOND`].
    Ragged,
    /// Letter-spaced, and its spaces still stretched beyond [`LOOSE_BEYOND`]: justified, but loose.
    Loose,
}

/// Breaks a paragraph into lines and reports characters that could not be set.
///
/// A `"\n"` in span text forces a line break; runs of whitespace collapse to one space;
/// U+00A0, U+2007 and U+202F do not break. Words the editor listed in `exceptions` break only
/// where the list says.
pub fn layout_paragraph(spans: &[Span], style: &ParagraphStyle, exceptions: &HyphenationExceptions) -> Paragraph {
    let bound = bind_spans(spans, &style.lang);
    let spans: &[Span] = &bound;
    let width = style.width.0.max(0.0);
    let ItemBuilder { items, roles, glyphs, text, missing, substituted, .. } =
        paragraph_items(spans, style, exceptions, width);
    let params = params_for(style, spans, width);
    let breaks = linebreak(&items, &params);
    let assembler = LineAssembler { spans, glyphs: &glyphs, text: &text, items: &items, roles: &roles };
    let lines = breaks.iter().map(|b| assembler.line(b, style.align, width)).collect();
    let poorly_justified =
        if style.align == Alignment::Justify { assembler.poor_lines(&breaks, style.align) } else { Vec::new() };
    Paragraph { lines, missing, substituted, poorly_justified }
}

/// A paragraph's items, ready to break: built at `width` with its first-line indent, forced
/// breaks inserted where an unbreakable stretch would not fit.
fn paragraph_items<'a>(
    spans: &'a [Span],
    style: &'a ParagraphStyle,
    exceptions: &'a HyphenationExceptions,
    width: f64,
) -> ItemBuilder<'a> {
    let indent = if style.first_indent.0 < width { style.first_indent.0.max(0.0) } else { 0.0 };
    let ragged = style.align != Alignment::Justify;
    let mut builder = ItemBuilder::new(
        spans,
        ItemOptions { lang: &style.lang, hyphenate: style.hyphenate, ragged, single_line: false, exceptions },
    );
    builder.build(indent, width);
    insert_forced_breaks(&mut builder.items, &mut builder.roles, width);
    builder
}

/// A paragraph as `layout_paragraph` sets it, set one line shorter and one line longer
/// (`[shorter, longer]`) with its first `kept` lines as set (they stand in an earlier column),
/// each only where at most `POOR_LINES_MORE_AT_MOST` more lines are set ragged or loose (see
/// [`linebreak::linebreak_one_line_off`]), and how many lines of its first setting are.
/// Page layout takes one to close a hole at a column's foot. Characters that cannot be set
/// were reported with the paragraph itself (`missing` and `substituted` stay empty).
pub fn layout_paragraph_one_line_off(
    spans: &[Span],
    style: &ParagraphStyle,
    exceptions: &HyphenationExceptions,
    kept: usize,
) -> ([Option<Paragraph>; 2], usize) {
    let bound = bind_spans(spans, &style.lang);
    let spans: &[Span] = &bound;
    let width = style.width.0.max(0.0);
    let ItemBuilder { items, roles, glyphs, text, .. } = paragraph_items(spans, style, exceptions, width);
    let params = params_for(style, spans, width);
    let as_set = linebreak(&items, &params);
    let found = linebreak::linebreak_one_line_off(&items, &params, &as_set, kept);
    let assembler = LineAssembler { spans, glyphs: &glyphs, text: &text, items: &items, roles: &roles };
    let ragged = |poor: &[PoorLine]| poor.iter().filter(|p| p.makeshift == Makeshift::Ragged).count();
    let as_set_poor = assembler.poor_lines(&as_set, style.align);
    let (as_set_ragged, as_set_poor) = (ragged(&as_set_poor), as_set_poor.len());
    let settings = found.map(|breaks| {
        let breaks = breaks?;
        let poorly_justified = assembler.poor_lines(&breaks, style.align);
        // More loose lines only: a line set ragged in justified text reads as a mistake.
        let fair = poorly_justified.len() <= as_set_poor + POOR_LINES_MORE_AT_MOST
            && ragged(&poorly_justified) <= as_set_ragged + POOR_LINES_MORE;
        fair.then(|| Paragraph {
            lines: breaks.iter().map(|b| assembler.line(b, style.align, width)).collect(),
            poorly_justified,
            ..Paragraph::default()
        })
    });
    (settings, as_set_poor)
}

/// How a justified line is set when it cannot justify well; `None` for a good line.
fn makeshift(b: &linebreak::ChosenLine) -> Option<Makeshift> {
    if b.ratio > RAGGED_BEYOND {
        Some(Makeshift::Ragged)
    } else if b.ratio > LOOSE_BEYOND {
        Some(Makeshift::Loose)
    } else {
        None
    }
}

/// The spans with the spaces that must not break (by the language's conventions, see
/// [`nobreak`](crate::pdf::typeset::nobreak)) made no-break spaces; a rule may look across spans.
fn bind_spans<'s>(spans: &'s [Span], lang: &str) -> Cow<'s, [Span]> {
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let bindings = bindings(&text, lang);
    if bindings.is_empty() {
        return Cow::Borrowed(spans);
    }
    let mut out = spans.to_vec();
    let mut span_start = 0;
    let mut pending = bindings.iter().peekable();
    for (span, original) in out.iter_mut().zip(spans) {
        let span_end = span_start + original.text.len();
        let mut local = Vec::new();
        while let Some(&&(pos, ch)) = pending.peek().filter(|(pos, _)| *pos < span_end) {
            local.push((pos - span_start, ch));
            pending.next();
        }
        if !local.is_empty() {
            span.text = replace_spaces(&original.text, &local);
        }
        span_start = span_end;
    }
    Cow::Owned(out)
}

/// Shapes spans into a single unbroken line (for folios, TOC entries, table cells that fit).
/// Characters no bundled face has are left out without a report.
pub fn layout_line(spans: &[Span]) -> Line {
    let none = HyphenationExceptions::default();
    let options = ItemOptions { lang: "", hyphenate: false, ragged: true, single_line: true, exceptions: &none };
    let mut builder = ItemBuilder::new(spans, options);
    builder.build(0.0, f64::INFINITY);
    let ItemBuilder { items, roles, glyphs, text, .. } = builder;
    let whole = linebreak::ChosenLine { start: 0, end: items.len() - 1, ratio: 0.0, expansion: 0.0, hang_left: 0.0 };
    let assembler = LineAssembler { spans, glyphs: &glyphs, text: &text, items: &items, roles: &roles };
    assembler.line(&whole, Alignment::Left, 0.0)
}

// Tuning of the interword glue, as fractions of the font's space (Noto Serif: 0.26 em).
/// Stretch: a ratio of 1 widens a space by 30 % (0.26 → 0.34 em); a line that needs more takes
/// letter spacing first (at most [`LETTER_SPACING_MAX`]), then wider spaces. Two 83 mm columns of
/// the sample issue: at 1/2 (TeX's plain fonts) word-space p95 was 0.386 em with 12.5 % uneven
/// neighbours, at 0.35 0.348 em and 4 %, at 0.30 0.335 em and 3 %.
const SPACE_STRETCH: f64 = 0.30;
/// Shrink: at most a quarter (0.26 → 0.195 em), less than TeX's third: with glyph
/// expansion taking the first 2 % the spaces rarely need it, and the Duden's "word space" never
/// falls below about a fifth of an em before words run together.
const SPACE_SHRINK: f64 = 0.25;
/// Glyph expansion of a justified line: ±2 % of its glyphs' width, microtype's default
/// (`stretch=20, shrink=20`); beyond about 3 % readers see letters widen.
const EXPANSION: f64 = 0.02;
/// Letter spacing, in ems per letter gap, a line may add once its spaces are fully stretched:
/// a last resort, kept at 1 % of the size, below what readers notice (microtype's `tracking`
/// adjustments stay in the same range).
const LETTER_SPACING_MAX: f64 = 0.01;
/// A line whose spaces would stretch beyond this ratio is set ragged instead of letter- and
/// word-spaced apart: a long URL or a two-word list item cannot justify well (ratio 3.3 is a
/// space of about 0.52 em).
const RAGGED_BEYOND: f64 = 3.3;
/// A justified line whose spaces stretch beyond this ratio once letter spacing has taken its
/// part is reported as loose (`--verbose`): they pass about 0.42 em, the loosest a reader
/// readily accepts.
const LOOSE_BEYOND: f64 = 2.0;
/// How many more lines set ragged or loose a paragraph set one line off may have than as first
/// set: one, to close a hole of four lines at a column's foot (a typographer takes one loose
/// line over a hole; `--verbose` names it as any other).
pub const POOR_LINES_MORE: usize = 1;
/// As many, as a last resort, where no paragraph before a hole can do with one: in a narrow
/// column a paragraph of stiff words may need several lines a little loose to gain one (set
/// loose, not ragged: of those it may have one more, as ever).
pub const POOR_LINES_MORE_AT_MOST: usize = 3;
/// Cost of a hyphen break. TeX's \hyphenpenalty of 50 hyphenated 34 % of the lines of the
/// 100-article test issue; at 200 it is 27 % with word-space p95 0.396 em (250: 0.414 em,
/// too close to 0.42 em, the loosest space a reader readily accepts), and the sample issue
/// drops from 54 to 20 hyphens. Ragged text (captions, table cells) pays the same: its lines
/// are judged by the gap at their end (see `params_for`), so a hyphen is worth it only where
/// it saves a much shorter line.
const HYPHEN_PENALTY: f64 = 200.0;
/// A hyphen at a compound joint ("Verhandlungs-runde") reads better than one inside a stem.
const JOINT_PENALTY: f64 = 100.0;
/// A hyphen that leaves two letters on a line ("ei-ner", "Mo-nate") reads worst: it is taken only
/// where it saves much looser spacing.
const SHORT_FRAGMENT_PENALTY: f64 = 400.0;
/// Breaking after a hyphen already in the text (TeX's \exhyphenpenalty).
const EXPLICIT_PENALTY: f64 = 50.0;
/// Width of a narrow no-break space (U+202F), thin or hair space, as a fraction of the space.
const NARROW_SPACE: f64 = 0.6;
/// What the hyphen drawn at a hyphenated line end stands for in the text: U+00AD, the soft
/// hyphen, which readers of the text layer drop when they join the word.
const SOFT_HYPHEN: &str = "\u{AD}";

/// The breaks of a word the editor listed (punctuation around it aside), as syllable breaks.
fn listed_breaks(raw: &str, exceptions: &HyphenationExceptions) -> Option<impl Iterator<Item = Break>> {
    if exceptions.is_empty() {
        return None;
    }
    let start = raw.find(char::is_alphabetic)?;
    let end = raw.rfind(char::is_alphabetic).map(|i| i + raw[i..].chars().next().map_or(0, char::len_utf8))?;
    let core = &raw[start..end];
    if !core.chars().all(char::is_alphabetic) {
        return None;
    }
    let offsets = exceptions.breaks(core)?;
    let bytes: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    let breaks: Vec<Break> = offsets
        .iter()
        .filter_map(|&c| bytes.get(c))
        .map(|&b| Break { pos: start + b, kind: BreakKind::Hyphen })
        .collect();
    Some(breaks.into_iter())
}

/// The penalty of a hyphen at a break of this grade.
fn hyphen_cost(grade: Grade) -> f64 {
    match grade {
        Grade::Joint => JOINT_PENALTY,
        Grade::Plain => HYPHEN_PENALTY,
        Grade::Short => SHORT_FRAGMENT_PENALTY,
    }
}

fn params_for(style: &ParagraphStyle, spans: &[Span], width: f64) -> Params {
    let size = spans.first().map_or(10.0, |s| s.style.size.0);
    let mut params = Params::justified(width);
    // No emergency stretch: it makes loose lines look cheap next to hyphens (measured: 11.6 %
    // loose lines at 227 pt with one em of it, 2–5 % without).
    params.emergency_stretch = 0.0;
    if style.align != Alignment::Justify {
        // Ragged lines are judged by the gap at their end: three ems of it count as a ratio of 1.
        params.ragged_stretch = Some(3.0 * size);
        params.tolerance = 2.0;
    }
    params
}

/// What an item stands for, beside the breaker's abstract view of it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ItemRole {
    /// Glyphs `from..to` of the paragraph.
    Glyphs { from: usize, to: usize },
    /// A hyphen is drawn if the line breaks here, from this font.
    Hyphen { span: usize, font: FontKey },
    /// An interword space; `letters` of its stretch is letter spacing of the word before it.
    Space,
    /// Nothing to draw: indent, paragraph end, unstretchable spaces, breaks after a hyphen or
    /// slash of the text, emergency breaks.
    Blank,
}

/// A glyph of the paragraph, sized.
#[derive(Debug, Clone, Copy)]
struct ParagraphGlyph {
    id: u16,
    font: FontKey,
    advance: f64,
    span: usize,
    /// The characters it stands for in the paragraph's text buffer; empty for later glyphs of
    /// a cluster.
    text: TextRange,
}

impl ParagraphGlyph {
    /// Whether this is the first glyph of a cluster (it carries the cluster's text).
    fn starts_cluster(&self) -> bool {
        self.text.end > self.text.start
    }
}

/// A byte range of the paragraph's text buffer.
#[derive(Debug, Clone, Copy, Default)]
struct TextRange {
    start: u32,
    end: u32,
}

/// A glyph of a line, in order: its index among the paragraph's glyphs and whether a word
/// starts with it.
#[derive(Debug, Clone, Copy)]
struct LineGlyph {
    index: usize,
    starts_word: bool,
}

/// How a paragraph's items are built.
#[derive(Debug, Clone, Copy)]
struct ItemOptions<'a> {
    /// BCP 47 tag for hyphenation.
    lang: &'a str,
    /// Whether syllable breaks are allowed (explicit and soft hyphens always are).
    hyphenate: bool,
    /// Ragged alignment: word spaces keep their natural width.
    ragged: bool,
    /// One unbroken line: no hyphenation, newlines are ordinary whitespace.
    single_line: bool,
    /// The editor's words with their own breaks.
    exceptions: &'a HyphenationExceptions,
}

/// Whitespace and word tokens of the paragraph text, borrowing from the spans.
#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    /// A piece of a word within one span; a word across spans is consecutive pieces.
    Piece {
        span: usize,
        text: &'a str,
    },
    Space {
        span: usize,
        narrow: bool,
    },
    NoBreakSpace {
        span: usize,
        narrow: bool,
    },
    Newline,
}

fn tokenize(spans: &[Span], single_line: bool) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = Vec::new();
    let pop_space = |tokens: &mut Vec<Token>| {
        if matches!(tokens.last(), Some(Token::Space { .. })) {
            tokens.pop();
        }
    };
    for (si, span) in spans.iter().enumerate() {
        let text = span.text.as_str();
        let mut piece_start = 0;
        for (pos, ch) in text.char_indices() {
            let token = match ch {
                '\n' if !single_line => Some(Token::Newline),
                '\u{A0}' | '\u{202F}' | '\u{2007}' => Some(Token::NoBreakSpace { span: si, narrow: ch == '\u{202F}' }),
                c if c.is_whitespace() => Some(Token::Space { span: si, narrow: matches!(c, '\u{2009}' | '\u{200A}') }),
                _ => None,
            };
            let Some(token) = token else { continue };
            if piece_start < pos {
                tokens.push(Token::Piece { span: si, text: &text[piece_start..pos] });
            }
            piece_start = pos + ch.len_utf8();
            match token {
                Token::Space { .. } => {
                    if matches!(tokens.last(), Some(Token::Piece { .. })) {
                        tokens.push(token);
                    }
                }
                _ => {
                    pop_space(&mut tokens);
                    tokens.push(token);
                }
            }
        }
        if piece_start < text.len() {
            tokens.push(Token::Piece { span: si, text: &text[piece_start..] });
        }
    }
    while matches!(tokens.last(), Some(Token::Space { .. } | Token::NoBreakSpace { .. })) {
        tokens.pop();
    }
    tokens
}

/// Turns a paragraph's spans into the breaker's items, the role of each, and the glyphs and
/// text they stand for.
struct ItemBuilder<'a> {
    spans: &'a [Span],
    mode: ItemOptions<'a>,
    items: Vec<Item>,
    roles: Vec<ItemRole>,
    glyphs: Vec<ParagraphGlyph>,
    text: String,
    missing: Vec<char>,
    substituted: Vec<char>,
    /// Scratch buffer for the breaks of one word piece.
    breaks: Vec<Break>,
    /// Whether the last word piece ends in a hyphen after a letter ("Nord-").
    piece_ends_in_hyphen: bool,
}

impl<'a> ItemBuilder<'a> {
    fn new(spans: &'a [Span], mode: ItemOptions<'a>) -> Self {
        ItemBuilder {
            spans,
            mode,
            items: Vec::new(),
            roles: Vec::new(),
            glyphs: Vec::new(),
            text: String::new(),
            missing: Vec::new(),
            substituted: Vec::new(),
            breaks: Vec::new(),
            piece_ends_in_hyphen: false,
        }
    }

    fn push(&mut self, item: Item, role: ItemRole) {
        self.items.push(item);
        self.roles.push(role);
    }

    fn build(&mut self, indent: f64, width: f64) {
        if indent > 0.0 {
            self.push(Item::rigid(indent), ItemRole::Blank);
        }
        // Fragments wider than this are split into single clusters, for forced breaks.
        let oversize = width - indent - self.spans.iter().map(|s| s.style.size.0).fold(0.0, f64::max);
        for token in tokenize(self.spans, self.mode.single_line) {
            match token {
                Token::Piece { span, text } => self.piece(span, text, oversize),
                Token::Space { span, narrow } => self.space(span, narrow),
                Token::NoBreakSpace { span, narrow } => {
                    self.push(Item::penalty(0.0, INFINITE_PENALTY, false), ItemRole::Blank);
                    self.space(span, narrow);
                }
                Token::Newline => self.end_line(),
            }
        }
        self.end_line();
    }

    fn end_line(&mut self) {
        self.push(Item::glue(0.0, f64::INFINITY, 0.0), ItemRole::Blank);
        self.push(Item::penalty(0.0, -INFINITE_PENALTY, false), ItemRole::Blank);
    }

    fn space(&mut self, span: usize, narrow: bool) {
        if self.piece_ends_in_hyphen && matches!(self.items.last(), Some(Item::Box { .. })) {
            // "Nord- und Südamerika": a line ending here ends in a hyphen and counts towards
            // hyphen stacks. The flagged break takes the place of the space's own.
            let hang = self.last_box_hang();
            self.push(Item::Penalty { width: 0.0, cost: 0.0, flagged: true, hang }, ItemRole::Blank);
        }
        let style = &self.spans[span].style;
        let f = face(style.font);
        let natural = f.space / f.units_per_em * style.size.0;
        let (item, role) = if narrow {
            (Item::glue(natural * NARROW_SPACE, 0.0, 0.0), ItemRole::Blank)
        } else if self.mode.ragged {
            (Item::glue(natural, 0.0, 0.0), ItemRole::Blank)
        } else {
            (Item::glue(natural, natural * SPACE_STRETCH, natural * SPACE_SHRINK), ItemRole::Space)
        };
        self.push(item, role);
    }

    /// A piece of a word in one span: hyphenated, shaped, and cut into boxes at its breaks.
    fn piece(&mut self, span: usize, raw: &str, oversize: f64) {
        let mut breaks = std::mem::take(&mut self.breaks);
        breaks.clear();
        if !self.mode.single_line {
            if let Some(listed) = listed_breaks(raw, self.mode.exceptions) {
                breaks.extend(listed.filter(|_| self.mode.hyphenate));
            } else {
                let all = hyphenate_cached(raw, self.mode.lang);
                breaks.extend(all.iter().filter(|b| self.mode.hyphenate || b.kind != BreakKind::Hyphen));
            }
        }
        let clean = strip_soft_hyphens(raw, &mut breaks);
        self.piece_ends_in_hyphen = ends_in_hyphen(&clean);
        let style = self.spans[span].style;
        let shaped = shape(&clean, style.font);
        add_new(&mut self.missing, &shaped.missing);
        add_new(&mut self.substituted, &shaped.substituted);
        let base = self.text.len() as u32;
        self.text.push_str(&clean);
        let first_glyph = self.glyphs.len();
        self.glyphs.extend(shaped.glyphs.iter().map(|g| ParagraphGlyph {
            id: g.id,
            font: g.font,
            advance: g.advance * style.size.0,
            span,
            text: if g.first { TextRange { start: base + g.start, end: base + g.end } } else { TextRange::default() },
        }));
        // Fragments between breaks that fall on cluster starts.
        let mut from = first_glyph;
        let mut next_break = breaks.iter().peekable();
        for gi in first_glyph..self.glyphs.len() {
            let g = shaped.glyphs[gi - first_glyph];
            while next_break.peek().is_some_and(|b| (b.pos as u32) < g.start) {
                next_break.next();
            }
            let Some(&&b) = next_break.peek() else { continue };
            if g.first && b.pos as u32 == g.start && gi > from {
                next_break.next();
                self.fragment(from, gi, oversize);
                let before = clean[..b.pos].chars().next_back();
                let cost = match b.kind {
                    BreakKind::Hyphen => hyphen_cost(grade(&clean, b.pos)),
                    _ => HYPHEN_PENALTY,
                };
                self.word_break(span, b.kind, before, style, cost);
                from = gi;
            }
        }
        self.fragment(from, self.glyphs.len(), oversize);
        self.breaks = breaks;
    }

    fn fragment(&mut self, from: usize, to: usize, oversize: f64) {
        if from >= to {
            return;
        }
        let width: f64 = self.glyphs[from..to].iter().map(|g| g.advance).sum();
        if width <= oversize {
            self.glyph_box(from, to);
            return;
        }
        // Wider than a line: one box per cluster, so forced breaks can go anywhere.
        let mut start = from;
        for gi in from + 1..=to {
            let boundary = gi == to || self.glyphs[gi].starts_cluster();
            if boundary {
                self.glyph_box(start, gi);
                start = gi;
            }
        }
    }

    /// A box of glyphs `from..to`: expandable and hanging into the margins when justified.
    fn glyph_box(&mut self, from: usize, to: usize) {
        let width: f64 = self.glyphs[from..to].iter().map(|g| g.advance).sum();
        let item = if self.mode.ragged {
            Item::rigid(width)
        } else {
            let hang = Hang { left: self.hang_of(from, left_share), right: self.hang_of(to - 1, right_share) };
            Item::Box { width, stretch: width * EXPANSION, shrink: width * EXPANSION, hang }
        };
        self.push(item, ItemRole::Glyphs { from, to });
    }

    /// How far glyph `gi` hangs into the margin, by the share `side` gives its characters.
    fn hang_of(&self, gi: usize, side: fn(&str) -> f64) -> f64 {
        let g = &self.glyphs[gi];
        let text = self.text.get(g.text.start as usize..g.text.end as usize).unwrap_or("");
        side(text) * g.advance
    }

    /// Right hang of the box just pushed (a word ending in a hyphen or dash).
    fn last_box_hang(&self) -> f64 {
        match self.items.last() {
            Some(Item::Box { hang, .. }) if !self.mode.ragged => hang.right,
            _ => 0.0,
        }
    }

    /// A break inside a word; `cost` is the penalty of a drawn hyphen.
    fn word_break(&mut self, span: usize, kind: BreakKind, before: Option<char>, style: TextStyle, cost: f64) {
        match kind {
            BreakKind::Hyphen | BreakKind::Soft => {
                let f = face(style.font);
                let width = f.hyphen / f.units_per_em * style.size.0;
                let hang = if self.mode.ragged { 0.0 } else { right_share("-") * width };
                self.push(
                    Item::Penalty { width, cost, flagged: true, hang },
                    ItemRole::Hyphen { span, font: style.font },
                );
            }
            BreakKind::Explicit => {
                // A line ending in a hyphen of the text counts towards hyphen stacks and lets
                // the hyphen hang; one ending after the slash of a URL does neither.
                let flagged = before != Some('/');
                let hang = if flagged { self.last_box_hang() } else { 0.0 };
                self.push(Item::Penalty { width: 0.0, cost: EXPLICIT_PENALTY, flagged, hang }, ItemRole::Blank);
            }
            BreakKind::Url => {
                // After a hyphen of the address the line ends in one, as after a compound's.
                let flagged = before == Some('-');
                self.push(Item::penalty(0.0, EXPLICIT_PENALTY, flagged), ItemRole::Blank);
            }
        }
    }
}

/// Whether text ends in a hyphen after a letter ("Nord-"), not in a dash or a lone hyphen.
fn ends_in_hyphen(text: &str) -> bool {
    let mut tail = text.chars().rev();
    matches!(tail.next(), Some('-' | '\u{2010}')) && tail.next().is_some_and(char::is_alphabetic)
}

/// Adds emergency breaks where material between legal breaks is wider than the measure.
fn insert_forced_breaks(items: &mut Vec<Item>, roles: &mut Vec<ItemRole>, width: f64) {
    let positions = forced_break_positions(items, width);
    if positions.is_empty() {
        return;
    }
    let mut new_items = Vec::with_capacity(items.len() + positions.len());
    let mut new_roles = Vec::with_capacity(items.len() + positions.len());
    let mut next = positions.iter().peekable();
    for (i, (item, role)) in items.iter().zip(roles.iter()).enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
            new_items.push(Item::penalty(0.0, EMERGENCY_PENALTY, false));
            new_roles.push(ItemRole::Blank);
        }
        new_items.push(*item);
        new_roles.push(*role);
    }
    *items = new_items;
    *roles = new_roles;
}

/// How many glyphs and text bytes a word has: the room a run starting with it needs.
#[derive(Debug, Clone, Copy, Default)]
struct WordSize {
    glyphs: usize,
    bytes: usize,
}

/// A glyph as drawn: its advance includes expansion and letter spacing.
#[derive(Debug, Clone, Copy)]
struct DrawnGlyph<'t> {
    span: usize,
    font: FontKey,
    id: u16,
    advance: f64,
    text: &'t str,
}

/// How a line's glyphs and spaces are adjusted.
#[derive(Debug, Clone, Copy)]
struct Spacing {
    /// Horizontal scale of the glyphs (glyph expansion): 1.0 = natural.
    scale: f64,
    /// Extra advance per letter gap (last-resort letter spacing).
    per_letter_gap: f64,
    /// Ratio applied to the word spaces' stretch (> 0) or shrink (< 0).
    space_ratio: f64,
    /// How far the line starts left of the measure (margin kerning).
    hang_left: f64,
}

impl Spacing {
    const NATURAL: Spacing = Spacing { scale: 1.0, per_letter_gap: 0.0, space_ratio: 0.0, hang_left: 0.0 };
}

/// Turns the lines the breaker chose into placed runs.
struct LineAssembler<'a> {
    spans: &'a [Span],
    glyphs: &'a [ParagraphGlyph],
    text: &'a str,
    items: &'a [Item],
    roles: &'a [ItemRole],
}

impl LineAssembler<'_> {
    /// How a justified line is set when it cannot justify well; `None` for a good line.
    /// The lines of `breaks` that could not justify well, with what they get instead.
    fn poor_lines(&self, breaks: &[linebreak::ChosenLine], align: Alignment) -> Vec<PoorLine> {
        let poor = |(line, b): (usize, &linebreak::ChosenLine)| {
            let makeshift = self.makeshift(b, align)?;
            Some(PoorLine { line, makeshift, text: self.plain_text(b.start..b.end.min(self.items.len())) })
        };
        breaks.iter().enumerate().filter_map(poor).collect()
    }

    fn makeshift(&self, b: &linebreak::ChosenLine, align: Alignment) -> Option<Makeshift> {
        match makeshift(b)? {
            // Letter spacing may have taken enough that the spaces stay below the bound.
            Makeshift::Loose
                if self.spacing(b.start..b.end.min(self.items.len()), b, align).space_ratio <= LOOSE_BEYOND =>
            {
                None
            }
            makeshift => Some(makeshift),
        }
    }

    fn line(&self, b: &linebreak::ChosenLine, align: Alignment, width: f64) -> Line {
        let range = b.start..b.end.min(self.items.len());
        let spacing = self.spacing(range.clone(), b, align);
        let mut runs: Vec<PlacedRun> = Vec::new();
        let mut x = -spacing.hang_left;
        let mut joined = false; // whether the next glyph continues the current run
        let line_glyphs = self.glyph_sequence(range.clone());
        let mut next_glyph = 0;
        for i in range {
            match (self.items[i], self.roles[i]) {
                (Item::Box { .. }, ItemRole::Glyphs { from, to }) => {
                    let word = if joined { WordSize::default() } else { self.word_size(i, b.end) };
                    for g in &self.glyphs[from..to] {
                        let letter_gap = line_glyphs.get(next_glyph + 1).is_some_and(|&g| self.opens_letter_gap(g));
                        next_glyph += 1;
                        let gap = if letter_gap { spacing.per_letter_gap } else { 0.0 };
                        let advance = g.advance * spacing.scale + gap;
                        let text = self.glyph_text(g);
                        let glyph = DrawnGlyph { span: g.span, font: g.font, id: g.id, advance, text };
                        self.push_glyph(&mut runs, &mut joined, x, glyph, spacing.scale, word);
                        x += advance;
                    }
                }
                (Item::Box { width, .. }, _) => {
                    x += width;
                    joined = false;
                }
                (Item::Glue { width, stretch, shrink }, _) => {
                    let adjust = if spacing.space_ratio >= 0.0 {
                        if stretch.is_finite() {
                            stretch * spacing.space_ratio
                        } else {
                            0.0
                        }
                    } else {
                        shrink * spacing.space_ratio
                    };
                    x += width + adjust;
                    joined = false;
                }
                (Item::Penalty { .. }, _) => {}
            }
        }
        if let Some(ItemRole::Hyphen { span, font }) = self.roles.get(b.end) {
            let f = face(*font);
            let size = self.spans[*span].style.size.0;
            let advance = f.hyphen / f.units_per_em * size;
            // The hyphen glyph stands for a soft hyphen: it gets its own ToUnicode entry, so text
            // extraction, search and screen readers see the word whole ("Tarif\u{AD}vertrag") while
            // a hyphen written in the text still extracts as "-".
            let glyph = DrawnGlyph { span: *span, font: *font, id: f.hyphen_id, advance, text: SOFT_HYPHEN };
            // Unexpanded: the breaker counted the hyphen at its natural width.
            self.push_glyph(&mut runs, &mut joined, x, glyph, 1.0, WordSize { glyphs: 1, bytes: SOFT_HYPHEN.len() });
            x += advance;
        }
        let offset = match align {
            Alignment::Justify | Alignment::Left => 0.0,
            Alignment::Center => ((width - x) / 2.0).max(0.0),
            Alignment::Right => (width - x).max(0.0),
        };
        for run in &mut runs {
            run.x += Pt(offset);
            run.run.shrink_to_fit();
        }
        let (ascent, descent) = self.extent(&runs);
        // Hanging punctuation lies outside the measure: the line occupies at most the measure.
        let occupied = if align == Alignment::Justify { (offset + x).min(width) } else { offset + x };
        Line { width: Pt(occupied), ascent, descent, runs }
    }

    /// Appends a glyph to the last run, or starts a run when the style or scale changes or a
    /// space came between.
    fn push_glyph(
        &self,
        runs: &mut Vec<PlacedRun>,
        joined: &mut bool,
        x: f64,
        glyph: DrawnGlyph,
        scale: f64,
        word: WordSize,
    ) {
        let style = &self.spans[glyph.span].style;
        let tag = self.spans[glyph.span].tag;
        let continues = *joined
            && runs.last().is_some_and(|r| {
                r.run.font == glyph.font
                    && r.run.size == style.size
                    && r.rise == style.rise
                    && r.tag == tag
                    && r.run.ink == style.ink
                    && r.run.horizontal_scale == scale
            });
        if !continues {
            let mut run = TextRun::new(glyph.font, style.size, style.ink);
            run.horizontal_scale = scale;
            // Room for the whole word at once (on the line): growing glyph by glyph and
            // trimming afterwards cost more than the painting of the run.
            run.glyphs.reserve_exact(word.glyphs);
            run.text.reserve_exact(word.bytes);
            runs.push(PlacedRun { x: Pt(x), rise: style.rise, width: Pt::ZERO, run, tag });
        }
        *joined = true;
        if let Some(run) = runs.last_mut() {
            run.width += Pt(glyph.advance);
            run.run.push(glyph.id, Pt(glyph.advance), glyph.text);
        }
    }

    /// The glyphs and text bytes of the word that starts at item `start`: its boxes up to the
    /// next space or the line's end at item `end`.
    fn word_size(&self, start: usize, end: usize) -> WordSize {
        let mut size = WordSize::default();
        for i in start..end.min(self.items.len()) {
            match (self.items[i], self.roles[i]) {
                (Item::Glue { .. }, _) => break,
                (_, ItemRole::Glyphs { from, to }) => {
                    size.glyphs += to - from;
                    size.bytes +=
                        self.glyphs[from..to].iter().map(|g| (g.text.end - g.text.start) as usize).sum::<usize>();
                }
                _ => {}
            }
        }
        size
    }

    /// The text of items `range`: their glyphs' characters, a space for each space.
    fn plain_text(&self, range: std::ops::Range<usize>) -> String {
        let mut text = String::new();
        for i in range {
            match (self.items[i], self.roles[i]) {
                (_, ItemRole::Glyphs { from, to }) => {
                    self.glyphs[from..to].iter().for_each(|g| text.push_str(self.glyph_text(g)));
                }
                (Item::Glue { .. }, _) if !text.is_empty() && !text.ends_with(' ') => text.push(' '),
                _ => {}
            }
        }
        text.trim_end().to_string()
    }

    /// The characters a glyph stands for ("" for later glyphs of a cluster).
    fn glyph_text(&self, glyph: &ParagraphGlyph) -> &str {
        let TextRange { start, end } = glyph.text;
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// The glyphs of the line's items, in order.
    fn glyph_sequence(&self, range: std::ops::Range<usize>) -> Vec<LineGlyph> {
        let count = |i: usize| match self.roles[i] {
            ItemRole::Glyphs { from, to } => to - from,
            _ => 0,
        };
        let mut out = Vec::with_capacity(range.clone().map(count).sum());
        let mut starts_word = true;
        for i in range {
            match (self.items[i], self.roles[i]) {
                (_, ItemRole::Glyphs { from, to }) => {
                    for index in from..to {
                        out.push(LineGlyph { index, starts_word });
                        starts_word = false;
                    }
                }
                (Item::Glue { .. } | Item::Box { .. }, _) => starts_word = true,
                _ => {}
            }
        }
        out
    }

    /// Whether letter spacing goes before this glyph: it starts a cluster inside a word.
    fn opens_letter_gap(&self, glyph: LineGlyph) -> bool {
        !glyph.starts_word && self.glyphs[glyph.index].starts_cluster()
    }

    /// How the line's adjustment is shared: glyph expansion first (the breaker's choice), then
    /// the spaces up to their full stretch, then letter spacing of at most
    /// [`LETTER_SPACING_MAX`], then the spaces again. A line that would stretch beyond
    /// [`RAGGED_BEYOND`] is set ragged at natural width.
    fn spacing(&self, range: std::ops::Range<usize>, b: &linebreak::ChosenLine, align: Alignment) -> Spacing {
        if align != Alignment::Justify || makeshift(b) == Some(Makeshift::Ragged) {
            return Spacing { hang_left: b.hang_left, ..Spacing::NATURAL };
        }
        let scale = 1.0 + b.expansion * EXPANSION;
        let mut spacing = Spacing { scale, per_letter_gap: 0.0, space_ratio: b.ratio, hang_left: b.hang_left };
        if b.ratio <= 1.0 {
            return spacing;
        }
        let space_stretch: f64 = range
            .clone()
            .filter_map(|i| match self.items[i] {
                Item::Glue { stretch, .. } if stretch.is_finite() => Some(stretch),
                _ => None,
            })
            .sum();
        let gaps = self.glyph_sequence(range).iter().filter(|&&g| self.opens_letter_gap(g)).count();
        if gaps == 0 || space_stretch <= 0.0 {
            return spacing;
        }
        let size = self.spans.first().map_or(10.0, |s| s.style.size.0);
        let excess = (b.ratio - 1.0) * space_stretch;
        spacing.per_letter_gap = (excess / gaps as f64).min(LETTER_SPACING_MAX * size);
        spacing.space_ratio = 1.0 + (excess - spacing.per_letter_gap * gaps as f64) / space_stretch;
        spacing
    }

    fn extent(&self, runs: &[PlacedRun]) -> (Pt, Pt) {
        let measure = |font: FontKey, size: Pt, rise: Pt| {
            let f = face(font);
            (Pt(f.ascender / f.units_per_em * size.0) + rise, Pt(f.descender / f.units_per_em * size.0) - rise)
        };
        if runs.is_empty() {
            let style = self.spans.first().map(|s| s.style);
            return style.map_or((Pt::ZERO, Pt::ZERO), |s| measure(s.font, s.size, s.rise));
        }
        runs.iter().fold((Pt::ZERO, Pt::ZERO), |(a, d), r| {
            let (ra, rd) = measure(r.run.font, r.run.size, r.rise);
            (a.max(ra), d.max(rd))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// German sentences in the register of the magazine, recombined into paragraphs.
    const SENTENCES: &[&str] = &[
        "Die Arbeiterklasse hat in den vergangenen Jahrzehnten eine tiefgreifende Umwälzung ihrer Lebensverhältnisse erfahren.",
        "Während die Produktivität stetig gestiegen ist, stagnierten die Reallöhne in vielen Branchen über lange Zeiträume.",
        "Gewerkschaftliche Organisierung bleibt dabei die wichtigste Voraussetzung für erfolgreiche Arbeitskämpfe.",
        "Die Auseinandersetzung um Tarifverträge im öffentlichen Dienst zeigte, wie schnell sich Beschäftigte mobilisieren lassen.",
        "Ein autoritär-bürokratisches Verständnis von Politik führt regelmäßig in die Sackgasse.",
        "Wer die Krankenhausfinanzierung über Fallpauschalen organisiert, darf sich über Personalmangel nicht wundern.",
        "Die Mietenexplosion in den Großstädten verdrängt Familien mit geringem Einkommen an die Stadtränder.",
        "Auf der Streikversammlung sprachen Kolleginnen und Kollegen aus Pflege, Logistik und Einzelhandel.",
        "Der Kampf gegen Privatisierung öffentlicher Daseinsvorsorge verbindet unterschiedliche gesellschaftliche Gruppen.",
        "Finanzinvestoren kaufen Wohnungsbestände auf und treiben so die Renditeerwartungen in die Höhe.",
        "In der Geschichte der Arbeiterbewegung spielten Bildungsvereine eine unterschätzte Rolle.",
        "Die Inflation frisst die Lohnerhöhungen der letzten Tarifrunde vollständig auf.",
        "Flächentarifverträge schützen vor Unterbietungskonkurrenz zwischen einzelnen Betrieben.",
        "Viele Beschäftigte im Niedriglohnsektor arbeiten in mehreren Minijobs gleichzeitig.",
        "Die Verkehrswende erfordert massive Investitionen in den öffentlichen Nahverkehr.",
        "Es geht um nicht weniger als die Frage, wem die Städte gehören.",
        "Solidarität ist keine Phrase, sondern eine praktische Notwendigkeit im Betriebsalltag.",
        "Die Beschäftigten der Versandzentren fordern seit Jahren einen Tarifvertrag nach dem Flächentarif des Einzelhandels.",
        "Klimaschutz und soziale Gerechtigkeit lassen sich nur gemeinsam durchsetzen.",
        "Der Betriebsrat verhandelte über Schichtpläne, Pausenregelungen und den Gesundheitsschutz.",
        "Offizielle Statistiken unterschätzen die tatsächliche Arbeitslosigkeit erheblich.",
        "Die Konzernleitung drohte mit Standortverlagerung, falls die Belegschaft nicht auf Zulagen verzichte.",
        "Im Frühjahr beteiligten sich mehr als zehntausend Menschen an den Demonstrationen.",
        "Die Finanzierung der Sozialversicherungen hängt unmittelbar an der Lohnentwicklung.",
        "Eine flächendeckende Versorgung mit Kitaplätzen entlastet vor allem erwerbstätige Mütter.",
    ];

    /// Paragraphs of 4–9 sentences in a fixed pseudo-random order, about `words` words.
    fn german_paragraphs(words: usize) -> Vec<String> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut paragraphs = Vec::new();
        let mut count = 0;
        while count < words {
            let n = 4 + next(6);
            let para: Vec<&str> = (0..n).map(|_| SENTENCES[next(SENTENCES.len())]).collect();
            let para = para.join(" ");
            count += para.split_whitespace().count();
            paragraphs.push(para);
        }
        paragraphs
    }

    fn body(text: &str) -> Vec<Span> {
        let style = TextStyle { font: FontKey::SERIF, size: Pt(10.0), rise: Pt::ZERO, ink: Ink::BLACK };
        vec![Span { text: text.to_owned(), style, tag: None }]
    }

    fn justified(width: f64) -> ParagraphStyle {
        ParagraphStyle {
            width: Pt(width),
            align: Alignment::Justify,
            first_indent: Pt::ZERO,
            lang: "de".into(),
            hyphenate: true,
        }
    }

    /// Right edge of the last glyph of a line.
    /// How far a final punctuation mark or hyphen may hang into the margin (as typo_metrics
    /// allows): 0.6 em at 10 pt.
    const HANG_ALLOWANCE: f64 = 6.0;

    /// How far the last glyph of a line hangs into the right margin, by its characters.
    fn end_hang(line: &Line) -> f64 {
        let Some(run) = line.runs.last() else { return 0.0 };
        let Some((glyph, text)) = run.run.glyph_texts().last() else { return 0.0 };
        right_share(text) * glyph.advance.0
    }

    fn ink_end(line: &Line) -> f64 {
        line.runs.last().map_or(0.0, |r| r.x.0 + r.width.0)
    }

    fn line_text(line: &Line) -> String {
        let mut out = String::new();
        let mut end = f64::NEG_INFINITY;
        for run in &line.runs {
            if run.x.0 > end + 0.5 && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&run.run.text);
            end = run.x.0 + run.width.0;
        }
        out
    }

    #[test]
    fn german_paragraph_is_justified_hyphenated_and_never_overfull() {
        let text = german_paragraphs(250).join(" ");
        let lines = layout_paragraph(&body(&text), &justified(200.0), &HyphenationExceptions::default()).lines;
        assert!(lines.len() > 10);
        let (mut hyphenated, mut ragged) = (0, 0);
        for (i, line) in lines.iter().enumerate() {
            assert!(line.width.0 <= 200.0 + 1e-6, "line {i} is {} wide", line.width.0);
            assert!(ink_end(line) <= 200.0 + HANG_ALLOWANCE, "line {i} ends at {}", ink_end(line));
            if i + 1 < lines.len() && (ink_end(line) - 200.0 - end_hang(line)).abs() > 0.1 {
                // Only a line that cannot justify well is set ragged.
                ragged += 1;
            }
            if line_text(line).ends_with(SOFT_HYPHEN) {
                hyphenated += 1;
            }
            assert!(line.ascent.0 > 5.0 && line.descent.0 > 1.0);
        }
        assert!(hyphenated > 0, "a 200 pt German column needs hyphens");
        // A 20 em German column (narrower than any style's) has lines no hyphen, expansion or
        // letter spacing can fill within 0.52 em spaces without three hyphens in a row: 10 of 66
        // here (7 while the second pass still allowed stacks).
        assert!(ragged * 6 <= lines.len(), "{ragged} of {} lines are not justified", lines.len());
        // The words come back in order once the lines are joined: an inserted hyphen stands for
        // a soft hyphen and goes, a hyphen of the text stays and joins without a space.
        let mut joined = String::new();
        for line in &lines {
            let t = line_text(line);
            if let Some(before) = t.strip_suffix(SOFT_HYPHEN) {
                joined.push_str(before);
            } else {
                joined.push_str(&t);
                if !t.ends_with('-') {
                    joined.push(' ');
                }
            }
        }
        assert_eq!(joined.trim_end(), text);
    }

    #[test]
    fn listed_words_break_only_where_the_editor_allows() {
        let mut list = HyphenationExceptions::default();
        list.insert("Tarif-aus-ein-an-der-set-zung");
        list.insert("Liebknecht");
        let text = "Karl Liebknecht sprach über die Tarifauseinandersetzung. ".repeat(12);
        let allowed = ["Tarif", "Tarifaus", "Tarifausein", "Tarifauseinan", "Tarifauseinander", "Tarifauseinanderset"];
        let (mut listed, mut named) = (0, 0);
        for width in [70.0, 80.0, 90.0] {
            for line in layout_paragraph(&body(&text), &justified(width), &list).lines {
                let text = line_text(&line);
                let last = text.rsplit(' ').next().unwrap_or("");
                if let Some(head) = last.strip_suffix(SOFT_HYPHEN).filter(|h| h.starts_with("Tarif")) {
                    assert!(allowed.contains(&head), "{last}");
                    listed += 1;
                }
                named += usize::from(last.starts_with("Lieb") && last.ends_with(SOFT_HYPHEN));
            }
        }
        assert!(listed > 0, "the listed word was broken somewhere");
        assert_eq!(named, 0, "a name listed without breaks was broken");
        let free = layout_paragraph(&body(&text), &justified(70.0), &HyphenationExceptions::default()).lines;
        let name_broken = free.iter().any(|l| line_text(l).ends_with(&format!("Lieb{SOFT_HYPHEN}")));
        assert!(name_broken, "without the list the name breaks");
    }

    /// The items of a justified German paragraph.
    fn items_of(text: &str) -> Vec<Item> {
        let spans = body(text);
        let none = HyphenationExceptions::default();
        let options = ItemOptions { lang: "de", hyphenate: true, ragged: false, single_line: false, exceptions: &none };
        let mut builder = ItemBuilder::new(&spans, options);
        builder.build(0.0, 400.0);
        builder.items
    }

    /// Hyphen breaks (flagged penalties) that end a line in place of a space.
    fn flagged_before_space(items: &[Item]) -> usize {
        items.windows(2).filter(|w| matches!(w, [Item::Penalty { flagged: true, .. }, Item::Glue { .. }])).count()
    }

    #[test]
    fn a_line_ending_in_a_compound_hyphen_before_a_space_counts_as_hyphenated() {
        // The breaker must see "Nord-" at a line end as a hyphen, or it stacks three.
        assert_eq!(flagged_before_space(&items_of("Nord- und Südamerika")), 1);
        assert_eq!(flagged_before_space(&items_of("Nord – und Süd - amerika")), 0, "dashes and lone hyphens");
    }

    #[test]
    fn a_long_url_breaks_after_its_marks_without_a_hyphen() {
        let url = "https://rote-feder.example.org/archiv/2026/tarifauseinandersetzung-im-oeffentlichen-dienst";
        let text = format!("Die Unterlagen liegen unter {url} bereit.");
        let style = ParagraphStyle { hyphenate: false, ..justified(120.0) };
        let lines = layout_paragraph(&body(&text), &style, &HyphenationExceptions::default()).lines;
        let texts: Vec<String> = lines.iter().map(line_text).collect();
        let url_lines = texts.iter().filter(|t| t.contains("example") || t.contains("archiv") || t.contains("dienst"));
        assert!(url_lines.count() >= 2, "the URL was broken: {texts:?}");
        assert_eq!(texts.concat().replace(' ', ""), text.replace(' ', ""), "no hyphen was added");
        for line in &lines {
            assert!(ink_end(line) <= 120.0 + HANG_ALLOWANCE, "{texts:?}");
        }
    }

    #[test]
    fn lines_that_cannot_justify_are_set_ragged_and_reported() {
        // The address cannot break before its last part: the line before it has a lone word.
        let text = "Siehe https://example.org/tarifauseinandersetzungimoeffentlichendienst dazu.";
        let style = ParagraphStyle { hyphenate: false, ..justified(260.0) };
        let para = layout_paragraph(&body(text), &style, &HyphenationExceptions::default());
        let texts: Vec<String> = para.lines.iter().map(line_text).collect();
        let ragged: Vec<&PoorLine> =
            para.poorly_justified.iter().filter(|p| p.makeshift == Makeshift::Ragged).collect();
        assert!(!ragged.is_empty(), "{texts:?}: {:?}", para.poorly_justified);
        for poor in ragged {
            let line = &para.lines[poor.line];
            assert!(ink_end(line) < 250.0, "a ragged line stays short: {texts:?}");
            assert_eq!(poor.text, texts[poor.line].trim_end_matches(SOFT_HYPHEN));
        }
        let ragged_style = ParagraphStyle { align: Alignment::Left, ..style };
        let left = layout_paragraph(&body(text), &ragged_style, &HyphenationExceptions::default());
        assert!(left.poorly_justified.is_empty(), "ragged paragraphs have nothing to report");
        let good = layout_paragraph(&body(&german_paragraphs(60)[0]), &justified(400.0), &Default::default());
        assert!(good.poorly_justified.is_empty(), "{:?}", good.poorly_justified);
    }

    #[test]
    fn ligatures_carry_their_characters() {
        let lines = layout_paragraph(
            &body("Griffe finden flache Auflagen."),
            &justified(400.0),
            &HyphenationExceptions::default(),
        )
        .lines;
        let texts: Vec<&str> =
            lines.iter().flat_map(|l| &l.runs).flat_map(|r| r.run.glyph_texts().map(|(_, t)| t)).collect();
        assert!(texts.contains(&"fi"), "{texts:?}");
        assert!(texts.contains(&"fl"), "{texts:?}");
    }

    #[test]
    fn a_twenty_thousand_character_word_fits() {
        let word: String = "Arbeiterklasse".chars().cycle().take(20_000).collect();
        let text = format!("Vorher {word} nachher.");
        let lines = layout_paragraph(&body(&text), &justified(200.0), &HyphenationExceptions::default()).lines;
        assert!(lines.len() > 100);
        for line in &lines {
            assert!(ink_end(line) <= 200.0 + HANG_ALLOWANCE);
        }
        let chars: usize = lines.iter().flat_map(|l| &l.runs).map(|r| r.run.text.chars().count()).sum();
        assert!(chars >= 20_000);
    }

    #[test]
    fn newline_forces_a_break_and_nbsp_does_not_break() {
        let lines =
            layout_paragraph(&body("Erste Zeile\nzweite Zeile"), &justified(400.0), &HyphenationExceptions::default())
                .lines;
        assert_eq!(lines.len(), 2);
        assert!(ink_end(&lines[0]) < 200.0, "a forced break leaves the line ragged");
        let many = "Art.\u{a0}5 ".repeat(40);
        for line in layout_paragraph(&body(&many), &justified(150.0), &HyphenationExceptions::default()).lines {
            let first = line.runs.first().map(|r| r.run.text.clone());
            assert_ne!(first.as_deref(), Some("5"), "a line began after a no-break space");
        }
    }

    #[test]
    fn ragged_alignments_use_natural_spaces() {
        let text = german_paragraphs(80).join(" ");
        for align in [Alignment::Left, Alignment::Center, Alignment::Right] {
            let style = ParagraphStyle { align, ..justified(220.0) };
            let lines = layout_paragraph(&body(&text), &style, &HyphenationExceptions::default()).lines;
            let space = face(FontKey::SERIF).space / face(FontKey::SERIF).units_per_em * 10.0;
            for line in &lines {
                assert!(line.width.0 <= 220.0 + 1e-6);
                for pair in line.runs.windows(2) {
                    let gap = pair[1].x.0 - (pair[0].x.0 + pair[0].width.0);
                    assert!(gap < 1e-6 || (gap - space).abs() < 1e-6, "{align:?}: gap {gap}");
                }
            }
            if align == Alignment::Right {
                assert!(lines.iter().all(|l| (ink_end(l) - 220.0).abs() < 1e-6));
            }
        }
    }

    #[test]
    fn first_indent_and_missing_characters() {
        let style = ParagraphStyle { first_indent: Pt(12.0), ..justified(300.0) };
        let para = layout_paragraph(&body("Wort 漢 Wort"), &style, &HyphenationExceptions::default());
        assert_eq!(para.missing, vec!['漢']);
        assert!((para.lines[0].runs[0].x.0 - 12.0).abs() < 1e-9);
        let runs = || para.lines.iter().flat_map(|l| &l.runs);
        assert!(runs().flat_map(|r| &r.run.glyphs).all(|g| g.id != 0), "no .notdef");
        let boxes = runs().filter(|r| r.run.font == FontKey::SYMBOLS).map(|r| r.run.glyphs.len()).sum::<usize>();
        assert_eq!(boxes, 1, "the missing character is drawn as one box");
    }

    #[test]
    fn single_line_keeps_spans_and_tags() {
        let style = TextStyle { font: FontKey::SANS, size: Pt(8.0), rise: Pt::ZERO, ink: Ink::BLACK };
        let spans = vec![
            Span { text: "Seite ".into(), style, tag: None },
            Span { text: "12".into(), style: TextStyle { font: FontKey::SANS.with_bold(true), ..style }, tag: Some(7) },
        ];
        let line = layout_line(&spans);
        assert_eq!(line.runs.len(), 2);
        assert_eq!(line.runs[1].tag, Some(7));
        assert!((line.width.0 - ink_end(&line)).abs() < 1e-9);
        assert!(line.runs[1].x.0 > line.runs[0].width.0);
    }

    /// Typographic figures for tuning: p95 interword space, loose lines, hyphen stacks.
    #[test]
    #[ignore]
    fn measure_german_quality() {
        for width in [455.0, 227.0] {
            let paragraphs = german_paragraphs(2000);
            let style = ParagraphStyle { first_indent: Pt(10.0), ..justified(width) };
            let started = std::time::Instant::now();
            let (mut gaps, mut lines_n, mut loose, mut stacks, mut hyph) = (Vec::new(), 0, 0, 0, 0);
            for p in &paragraphs {
                let lines = layout_paragraph(&body(p), &style, &HyphenationExceptions::default()).lines;
                let mut streak = 0;
                for line in &lines {
                    lines_n += 1;
                    let line_gaps: Vec<f64> = line
                        .runs
                        .windows(2)
                        .map(|w| (w[1].x.0 - w[0].x.0 - w[0].width.0) / 10.0)
                        .filter(|g| *g > 0.01)
                        .collect();
                    if line_gaps.iter().any(|g| *g > 0.5) {
                        loose += 1;
                    }
                    gaps.extend(line_gaps);
                    assert!(ink_end(line) <= width + 1e-6);
                    if line_text(line).ends_with(['-', '\u{AD}']) {
                        hyph += 1;
                        streak += 1;
                        if streak == 3 {
                            stacks += 1;
                        }
                    } else {
                        streak = 0;
                    }
                }
            }
            gaps.sort_by(f64::total_cmp);
            let p95 = gaps[gaps.len() * 95 / 100];
            println!(
                "measure {width} pt: {lines_n} lines, p95 space {p95:.3} em, max {:.3} em, loose {:.2} %, hyphenated {:.1} %, 3-stacks {stacks}, {:?}",
                gaps[gaps.len() - 1],
                100.0 * loose as f64 / lines_n as f64,
                100.0 * hyph as f64 / lines_n as f64,
                started.elapsed()
            );
        }
    }
}
