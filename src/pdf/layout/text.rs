//! Model inlines → styled spans for inline layout, and laid-out lines → slabs of positioned
//! runs with link areas, strike-through rules and footnote references.

use crate::model::links::is_safe_link;
use crate::model::{Inline, LinkTarget};
use crate::pdf::frame::{FrameItem, LinkDest, Positioned, StructRole, Tag};
use crate::pdf::layout::pages::{ArticleTarget, DeferredTarget, Slab};
use crate::pdf::layout::tags::Tree;
use crate::pdf::typeset::inline::{Line, Span, TextStyle};
use crate::pdf::units::Pt;

/// What a span's tag stands for.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TagInfo {
    pub link: Option<LinkTarget>,
    pub note: Option<u32>,
    pub strike: bool,
}

/// Size factor of superscripts, subscripts and footnote marks.
const SCRIPT_SCALE: f64 = 0.68;
/// Inline code in Noto Sans Mono looks larger than Serif at the same size; this evens the x-heights.
const CODE_SCALE: f64 = 0.9;

/// Collects spans, split into segments at hard line breaks.
pub(crate) struct SpanBuilder<'t> {
    pub tags: &'t mut Vec<TagInfo>,
    pub segments: Vec<Vec<Span>>,
    current: TagInfo,
}

impl<'t> SpanBuilder<'t> {
    pub fn new(tags: &'t mut Vec<TagInfo>) -> Self {
        SpanBuilder { tags, segments: vec![Vec::new()], current: TagInfo::default() }
    }

    fn tag(&mut self) -> Option<u32> {
        if self.current == TagInfo::default() {
            return None;
        }
        if let Some(i) = self.tags.iter().rposition(|t| *t == self.current) {
            return Some(i as u32);
        }
        self.tags.push(self.current.clone());
        Some(self.tags.len() as u32 - 1)
    }

    /// Appends text, merging with the previous span when style and tag agree.
    pub fn text(&mut self, text: &str, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        let tag = self.tag();
        let seg = self.segments.last_mut().expect("one segment");
        if let Some(last) = seg.last_mut() {
            if last.style == style && last.tag == tag {
                last.text.push_str(text);
                return;
            }
        }
        seg.push(Span { text: text.to_string(), style, tag });
    }

    /// Appends inlines in `style`.
    pub fn inlines(&mut self, inlines: &[Inline], style: TextStyle) {
        for inline in inlines {
            self.inline(inline, style);
        }
    }

    fn inline(&mut self, inline: &Inline, style: TextStyle) {
        match inline {
            Inline::Text(t) => self.text(t, style),
            Inline::Emphasis(c) => {
                self.inlines(c, TextStyle { font: style.font.with_italic(!style.font.italic), ..style })
            }
            Inline::Strong(c) => self.inlines(c, TextStyle { font: style.font.with_bold(true), ..style }),
            Inline::Strikethrough(c) => self.with(|t| t.strike = true, |b| b.inlines(c, style)),
            Inline::Superscript(c) => self.inlines(c, script(style, 0.38)),
            Inline::Subscript(c) => self.inlines(c, script(style, -0.12)),
            Inline::Code(t) => {
                let font = style.font.with_family(crate::pdf::typeset::fonts::Family::Mono);
                self.text(t, TextStyle { font, size: style.size * CODE_SCALE, ..style })
            }
            Inline::Link { target, content } => {
                let target = target.clone();
                self.with(|t| t.link = Some(target), |b| b.inlines(content, style))
            }
            Inline::Image { alt, .. } => {
                let italic = TextStyle { font: style.font.with_italic(true), ..style };
                self.text(&format!("[{alt}]"), italic)
            }
            Inline::FootnoteRef { number } => {
                let n = *number;
                self.with(|t| t.note = Some(n), |b| b.text(&n.to_string(), script(style, 0.38)))
            }
            Inline::LineBreak => self.segments.push(Vec::new()),
        }
    }

    fn with(&mut self, set: impl FnOnce(&mut TagInfo), body: impl FnOnce(&mut Self)) {
        let saved = self.current.clone();
        set(&mut self.current);
        body(self);
        self.current = saved;
    }
}

fn script(style: TextStyle, rise_em: f64) -> TextStyle {
    TextStyle { size: style.size * SCRIPT_SCALE, rise: style.rise + style.size * rise_em, ..style }
}

/// Scales a line down when it is wider than `measure` (an unbreakable word in a narrow table
/// cell): nothing may cross the margin.
pub(crate) fn fit_line(line: &mut Line, measure: Pt) {
    // The runs' own extent, not `line.width`: an unbreakable word may overhang the measure.
    let extent = line.runs.iter().map(|r| r.x + r.width).fold(line.width, Pt::max);
    if extent <= measure + Pt(0.01) || extent <= Pt::ZERO {
        return;
    }
    let f = measure.0 / extent.0;
    for r in &mut line.runs {
        r.x = r.x * f;
        r.width = r.width * f;
        r.rise = r.rise * f;
        r.run.size = r.run.size * f;
        for g in &mut r.run.glyphs {
            g.advance = g.advance * f;
        }
    }
    line.width = measure;
}

/// Where placed lines go in the structure: the spans' tag infos, the part's tree and the node
/// the runs belong to (a paragraph, a heading, a cell). Links inside become `Link` nodes under it.
pub(crate) struct Owner<'a> {
    pub tags: &'a [TagInfo],
    pub tree: &'a mut Tree,
    pub tag: Tag,
    /// The language of the text, for the words that describe footnote links.
    pub lang: &'a str,
}

impl Owner<'_> {
    /// A `Link` node under the owning node (or the owner's own tag when it is not content).
    fn link(&mut self) -> Tag {
        match self.tag {
            Tag::Content(parent) => Tag::Content(self.tree.add(StructRole::Link, parent)),
            other => other,
        }
    }
}

/// The clickable extent of consecutive runs with the same link or footnote tag on one line.
#[derive(Debug, Clone, Copy)]
struct LinkArea {
    tag: u32,
    left: Pt,
    right: Pt,
    /// The largest type size in the area (at least the line's ascent), for its height.
    size: Pt,
    /// The `Link` structure node the area and its runs belong to.
    node: Tag,
}

/// Positions a line's runs at `x`, baseline `baseline`, into `slab`, adding links and strikes.
pub(crate) fn place_line(slab: &mut Slab, line: Line, x: Pt, baseline: Pt, owner: &mut Owner) {
    let (ascent, descent) = (line.ascent, line.descent);
    let mut areas: Vec<LinkArea> = Vec::new();
    // At its size: a line of one run would otherwise hold room for four (a paragraph of hard
    // breaks, 250 000 one-word lines, held 105 MB of items).
    slab.items.reserve_exact(line.runs.len());
    for r in line.runs {
        let (rx, rw, rise, size, ink) = (r.x, r.width, r.rise, r.run.size, r.run.ink);
        let run_at = slab.items.len();
        let mut run = Positioned::new(x + rx, baseline - rise, FrameItem::Text(r.run));
        run.tag = owner.tag;
        slab.items.push(run);
        let Some(tag) = r.tag else { continue };
        let Some(info) = owner.tags.get(tag as usize) else { continue };
        if info.strike {
            let h = size * 0.055;
            let y = baseline - rise - size * 0.27;
            slab.items.push(Positioned::new(x + rx, y, FrameItem::Rect { width: rw, height: h, ink }));
        }
        if info.link.is_some() || info.note.is_some() {
            match areas.last_mut() {
                Some(last) if last.tag == tag && (last.right - (x + rx)).abs() < Pt(0.5) => {
                    last.right = x + rx + rw;
                    last.size = last.size.max(size);
                }
                _ => {
                    let node = owner.link();
                    areas.push(LinkArea { tag, left: x + rx, right: x + rx + rw, size: size.max(ascent), node });
                }
            }
            slab.items[run_at].tag = areas.last().map_or(owner.tag, |a| a.node);
        }
    }
    for area in areas {
        let top = baseline - ascent.max(area.size * 0.8);
        let height = (baseline + descent.max(area.size * 0.2)) - top;
        let width = area.right - area.left;
        let info = &owner.tags[area.tag as usize];
        match (&info.note, &info.link) {
            (Some(n), _) => {
                slab.notes.push(*n);
                let word = crate::text::lang::label(owner.lang, crate::text::lang::Label::Notes);
                let link = slab.push_deferred_link(area.left, top, width, height, DeferredTarget::Footnote(*n));
                link.tag = area.node;
                describe(link, format!("{word} {n}"));
            }
            // Like the EPUB, the PDF checks an address again before it writes it: a `/URI`
            // action with another scheme could start a program in some viewers.
            (None, Some(LinkTarget::External(uri))) if is_safe_link(uri) => {
                let target = LinkDest::Uri(uri.clone());
                let link = FrameItem::Link { width, height, target, description: uri.clone() };
                slab.items.push(Positioned { tag: area.node, ..Positioned::new(area.left, top, link) });
            }
            (None, Some(LinkTarget::External(_))) => {}
            (None, Some(LinkTarget::Article { article, fragment })) => {
                let target = ArticleTarget { article: *article, fragment: fragment.clone() };
                // Named once the target is known (`Book::resolve`).
                let link = slab.push_deferred_link(area.left, top, width, height, DeferredTarget::Article(target));
                link.tag = area.node;
            }
            (None, None) => {}
        }
    }
}

/// Sets what a link item says where it goes.
pub(crate) fn describe(link: &mut Positioned, words: String) {
    if let FrameItem::Link { description, .. } = &mut link.item {
        *description = words;
    }
}

/// Like `place_line`, but the line's items go before the slab's others: a list marker or a
/// footnote number, painted in the order it is read, before the text beside it.
pub(crate) fn place_line_first(slab: &mut Slab, line: Line, x: Pt, baseline: Pt, owner: &mut Owner) {
    let before = slab.items.len();
    place_line(slab, line, x, baseline, owner);
    let added = slab.items.len() - before;
    slab.items.rotate_right(added);
    for link in &mut slab.links {
        link.item = if link.item < before { link.item + added } else { link.item - before };
    }
}

/// One slab per line, each `leading` high, baselines on the grid.
pub(crate) fn line_slabs(lines: Vec<Line>, x: Pt, measure: Pt, leading: Pt, size: Pt, owner: &mut Owner) -> Vec<Slab> {
    let mut out = Vec::new();
    push_line_slabs(&mut out, lines, x, measure, leading, size, owner);
    out
}

/// [`line_slabs`] pushed onto `out`: a paragraph of 250 000 lines is not held twice, once in
/// a vector of its own and once in the block's.
pub(crate) fn push_line_slabs(
    out: &mut Vec<Slab>,
    lines: Vec<Line>,
    x: Pt,
    measure: Pt,
    leading: Pt,
    size: Pt,
    owner: &mut Owner,
) {
    let baseline = baseline_in(leading, size);
    out.reserve(lines.len());
    for mut line in lines {
        fit_line(&mut line, measure);
        let mut slab = Slab { height: leading, first_baseline: Some(baseline), ..Slab::default() };
        place_line(&mut slab, line, x, baseline, owner);
        out.push(slab);
    }
}

/// Where a baseline sits below the top of a line box: the leading minus a descender's depth.
pub(crate) fn baseline_in(leading: Pt, size: Pt) -> Pt {
    leading - size * 0.27
}

/// Marks a paragraph's lines against widows and orphans: no break after its first line, nor
/// before its last (two lines at least at a column's top and bottom, where the paragraph allows).
pub(crate) fn keep_lines(slabs: &mut [Slab]) {
    let n = slabs.len();
    if n >= 2 {
        slabs[0].keep_with_next = true;
        slabs[n - 2].keep_with_next = true;
    }
}
