//! Model blocks → slabs: paragraphs, headings, lists, quotes, figures, code, rules (tables are in
//! `table.rs`), for the body of an article, a footnote or the imprint.

use crate::model::{counts, AssetId, Block, TextPosition};
use crate::pdf::frame::{FrameItem, Ink, Positioned, StructId, StructNode, StructRole, Tag};
use crate::pdf::layout::bleed::{self, EdgeToEdge};
use crate::pdf::layout::pages::{Anchor, BleedFigure, OneLineOff, ParagraphEnd, SetAnew, Slab};
use crate::pdf::layout::tags::Tree;
use crate::pdf::layout::text::{
    baseline_in, fit_line, keep_lines, line_slabs, place_line, place_line_first, push_line_slabs, Owner, SpanBuilder,
    TagInfo,
};
use crate::pdf::layout::{ppi, widest, Ctx, DrawableImage, LowResolution, PPI_MIN, PPI_WARN};
use crate::pdf::typeset::inline::{
    layout_line, layout_paragraph, layout_paragraph_one_line_off, Alignment, Line, ParagraphStyle, PoorLine, Span,
    TextStyle,
};
use crate::pdf::units::Pt;
use crate::style::colours::{Colours, Role};

/// Where and how big a run of blocks is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measure {
    /// Left edge, from the column's left.
    pub x: Pt,
    pub width: Pt,
    /// Nesting never narrows the measure below this (a third of the column).
    pub min_width: Pt,
    pub size: Pt,
    pub leading: Pt,
    /// First-line indent of paragraphs that follow paragraphs.
    pub indent: Pt,
    /// List nesting depth (bullet shapes alternate).
    pub depth: usize,
}

/// Heading lines are set tighter than body text: they are short and large. At 1.15 a two-line
/// A4 heading (11.5 pt) with its space fits three grid lines (at 1.2 it took four and, with two
/// lines of its text kept with it, left a five-line hole at a column foot).
const HEADING_LEADING: f64 = 1.15;
/// Space under a heading and the least space over it, in lines: a heading sits closer to its
/// own text than to the text before; what its grid lines leave over goes above it.
const HEADING_BELOW: f64 = 0.25;
const HEADING_ABOVE: f64 = 0.55;
/// Air around lists, quotes, code, tables and figures, in lines (compensated back to the grid).
pub(crate) const BLOCK_AIR: f64 = 0.5;
/// Figures never take more of the body height than this, so text still flows around pages.
const FIGURE_MAX_HEIGHT: f64 = 0.45;
/// An image at least this many times as wide as high (a panorama, a timeline) spans the columns
/// when its pixels allow.
const WIDE_IMAGE: f64 = 1.6;
/// Code is set in the bundled Noto Sans Mono, a little smaller than the text.
const CODE_SCALE: f64 = 0.82;

/// What it takes to set a paragraph again one line shorter or longer, should the paginator ask
/// (`Flow::one_line_off`): its spans (kept instead of freed), shape and structure node.
pub(crate) struct Resettable {
    spans: Vec<Span>,
    m: Measure,
    indent: Pt,
    tag: Tag,
    path: Vec<usize>,
    /// Its lines set ragged or loose, in `Flow::poorly_justified`.
    poor: std::ops::Range<usize>,
    /// Those of its settings one line off, by what the paginator asked for.
    anew: Vec<(SetAnew, Vec<PoorLine>)>,
}

/// Paragraphs with more text than this are not set anew (their spans are freed at once).
const RESETTABLE_TEXT: usize = 20_000;

/// Block layout state of one article (or the imprint).
pub(crate) struct Flow<'a> {
    pub ctx: &'a Ctx<'a>,
    pub lang: String,
    pub tags: Vec<TagInfo>,
    /// Characters no bundled font has (from the inline engine).
    pub missing: Vec<char>,
    /// Characters a house face lacks, set in a bundled face (from the inline engine).
    pub substituted: Vec<char>,
    /// Justified lines set ragged or loose because they could not justify well (`--verbose`).
    pub poorly_justified: Vec<PoorLine>,
    /// Images drawn under `PPI_WARN`.
    pub low_resolution: Vec<LowResolution>,
    /// The structure of the part being set, and the node new blocks go into.
    pub tree: Tree,
    pub parent: StructId,
    /// Footnote number → its `Note` node, made right after the block that first refers to it.
    pub notes: Vec<(u32, StructId)>,
    /// Makes note ids unique in the document: the article's id.
    pub note_prefix: String,
    /// The block being laid out, as a `TextPosition::block` path.
    pub path: Vec<usize>,
    /// Paragraphs the paginator may have set one line off, by `Slab::resettable` id.
    pub resettable: Vec<Resettable>,
}

impl<'a> Flow<'a> {
    pub fn new(ctx: &'a Ctx<'a>, lang: &str) -> Self {
        Flow {
            ctx,
            lang: lang.to_string(),
            tags: Vec::new(),
            missing: Vec::new(),
            substituted: Vec::new(),
            poorly_justified: Vec::new(),
            low_resolution: Vec::new(),
            tree: Tree::default(),
            parent: Tree::ROOT,
            notes: Vec::new(),
            note_prefix: String::new(),
            path: Vec::new(),
            resettable: Vec::new(),
        }
    }

    /// Starts the structure of a new part with a root of `role`; returns the finished one.
    pub fn start_part(&mut self, role: StructRole) -> Tree {
        self.parent = Tree::ROOT;
        std::mem::replace(&mut self.tree, Tree::new(role))
    }

    /// A new structure node in the current one.
    pub fn open(&mut self, role: StructRole) -> StructId {
        self.tree.add(role, self.parent)
    }

    /// Runs `body` with `node` as the node new blocks go into.
    pub fn within<R>(&mut self, node: StructId, body: impl FnOnce(&mut Self) -> R) -> R {
        let saved = std::mem::replace(&mut self.parent, node);
        let result = body(self);
        self.parent = saved;
        result
    }

    /// Where lines tagged `tag` go: this flow's span infos and tree.
    pub fn owner(&mut self, tag: Tag) -> Owner<'_> {
        Owner { tags: &self.tags, tree: &mut self.tree, tag, lang: &self.lang }
    }

    /// The `Note` node of footnote `number`, made in the current node if it is new.
    pub fn note_node(&mut self, number: u32) -> StructId {
        if let Some(&(_, id)) = self.notes.iter().find(|(n, _)| *n == number) {
            return id;
        }
        let mut node = StructNode::new(StructRole::Note, Some(self.parent));
        node.text_mut().id = Some(format!("{}fn-{number}", self.note_prefix));
        let id = self.tree.add_node(node);
        self.notes.push((number, id));
        id
    }

    /// A ragged-right paragraph style in this flow's language, for headings, captions, code
    /// and other display text.
    pub fn ragged(&self, width: Pt, hyphenate: bool) -> ParagraphStyle {
        ParagraphStyle { width, align: Alignment::Left, first_indent: Pt::ZERO, lang: self.lang.clone(), hyphenate }
    }

    /// Lays out blocks one after the other.
    pub fn blocks(&mut self, blocks: &[Block], m: Measure, out: &mut Vec<Slab>) {
        let mut after_paragraph = false;
        for (index, block) in blocks.iter().enumerate() {
            let before = out.len();
            self.path.push(index);
            let question = matches!(block, Block::Paragraph(inl) if crate::model::Inline::wholly_strong(inl));
            match block {
                Block::Paragraph(inl) if question => self.question(inl, m, out),
                Block::Paragraph(inl) => {
                    let indent = if after_paragraph { m.indent } else { Pt::ZERO };
                    let base =
                        TextStyle { font: self.ctx.style.fonts.body(), size: m.size, rise: Pt::ZERO, ink: Ink::BLACK };
                    self.paragraph(inl, base, m, indent, Alignment::Justify, true, out);
                }
                Block::Heading { level, id, content } => {
                    // The heading's own space over it stands in for the air under a list, quote,
                    // table or figure before it: both together took a line, which at a column's
                    // foot left a hole where the heading and its first lines would have fitted.
                    if let Some(prev) = out.last_mut() {
                        prev.space_after = Pt::ZERO;
                    }
                    self.heading(*level, id, content, m, out)
                }
                Block::List { start, items } => self.list(*start, items, m, out),
                Block::BlockQuote(inner) => self.quote(inner, m, out),
                Block::Table { align, header, rows } => self.table(align, header, rows, m, out),
                Block::Figure { asset, alt, bleed } => self.figure(*asset, alt, *bleed, m, out),
                Block::CodeBlock(code) => self.code(code, m, out),
                Block::Rule => out.push(rule(m, &self.ctx.style.colours)),
            }
            // Notes read right after the block that refers to them first.
            let marks: Vec<u32> = out[before..].iter().flat_map(|s| s.notes.iter().copied()).collect();
            for n in marks {
                self.note_node(n);
            }
            // Slabs without a finer position (headings, figures, rules) begin at their block.
            for slab in &mut out[before..] {
                slab.start.get_or_insert_with(|| TextPosition { block: self.path.clone(), offset: 0 });
            }
            self.path.pop();
            // A table set across the columns floats away from the paragraph introducing it,
            // which then need not hold on to the text after the table.
            if out.get(before).is_some_and(|s| s.span) && index > 0 && introduces(&blocks[index - 1], Some(block)) {
                if let Some(prev) = before.checked_sub(1).and_then(|k| out.get_mut(k)) {
                    prev.keep_with_next = false;
                }
            }
            // A paragraph that introduces a list or quote with a colon stays with it.
            if introduces(block, blocks.get(index + 1)) && out.len() > before {
                if let Some(last) = out.last_mut() {
                    last.keep_with_next = true;
                }
            }
            // Text running on after a list is indented like any paragraph; the answer after an
            // interview question starts flush, as the question does. A float (a figure or short
            // table) may stand elsewhere: the text around it reads on as if it were not there.
            let floated = out.len() == before + 1 && out[before].float;
            if !floated {
                after_paragraph =
                    matches!(block, Block::Paragraph(_) | Block::List { .. }) && !question && out.len() > before;
            }
        }
    }

    /// Spans of inlines in a base style, split at hard line breaks.
    pub fn spans(&mut self, inlines: &[crate::model::Inline], base: TextStyle) -> Vec<Vec<Span>> {
        let mut b = SpanBuilder::new(&mut self.tags);
        b.inlines(inlines, base);
        b.segments
    }

    /// Breaks spans into lines (one paragraph per hard-break segment).
    pub fn lines(&mut self, segments: &[Vec<Span>], style: &ParagraphStyle) -> Vec<Line> {
        let mut lines = Vec::new();
        for (k, seg) in segments.iter().enumerate() {
            if seg.iter().all(|s| s.text.is_empty()) {
                continue;
            }
            let ps =
                ParagraphStyle { first_indent: if k == 0 { style.first_indent } else { Pt::ZERO }, ..style.clone() };
            let para = layout_paragraph(seg, &ps, &self.ctx.issue.hyphenation);
            crate::pdf::typeset::inline::add_new(&mut self.missing, &para.missing);
            crate::pdf::typeset::inline::add_new(&mut self.substituted, &para.substituted);
            self.poorly_justified.extend(para.poorly_justified);
            lines.extend(para.lines);
        }
        lines
    }

    /// Lines of display text (titles, headings) of similar length: broken at the narrowest
    /// measure, to a point, that needs no more lines than `style`'s, so that the last line is
    /// not a lone short word.
    pub fn balanced(&mut self, segments: &[Vec<Span>], style: &ParagraphStyle) -> Vec<Line> {
        let mut full = self.lines(segments, style);
        let mut words = word_pieces(&full);
        // A word longer than the measure (a long compound in a title) is hyphenated, not cut.
        let hyphenated;
        let mut style = style;
        if !style.hyphenate && words > text_words(segments) {
            hyphenated = ParagraphStyle { hyphenate: true, ..style.clone() };
            style = &hyphenated;
            full = self.lines(segments, style);
            words = word_pieces(&full);
        }
        let count = full.len();
        if count < 2 {
            return full;
        }
        let (mut lo, mut hi) = (style.width / count as f64, style.width);
        // A measure narrower than a word breaks it without a hyphen (`words` grows): no balance
        // is worth that.
        let mut best = full;
        while hi - lo > Pt(1.0) {
            let mid = (lo + hi) / 2.0;
            let lines = self.lines(segments, &ParagraphStyle { width: mid, ..style.clone() });
            let whole_words = word_pieces(&lines) <= words;
            if whole_words && lines.len() <= count && lines.iter().all(|l| l.width <= mid + Pt(0.01)) {
                best = lines;
                hi = mid;
            } else {
                lo = mid;
            }
        }
        best
    }

    /// A paragraph of `inlines`.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        inlines: &[crate::model::Inline],
        base: TextStyle,
        m: Measure,
        indent: Pt,
        align: Alignment,
        hyphenate: bool,
        out: &mut Vec<Slab>,
    ) {
        let mut segs = self.spans(inlines, base);
        let ps = ParagraphStyle { width: m.width, align, first_indent: indent, lang: self.lang.clone(), hyphenate };
        let poor = self.poorly_justified.len();
        let lines = self.lines(&segs, &ps);
        let tag = Tag::Content(self.open(StructRole::Paragraph));
        // The source text, hard breaks as "\n", in one string; the spans are freed before the
        // lines become slabs (a paragraph of 250 000 hard breaks held both).
        let mut source = String::with_capacity(segs.iter().flatten().map(|s| s.text.len() + 1).sum());
        for (k, seg) in segs.iter().enumerate() {
            if k > 0 {
                source.push('\n');
            }
            seg.iter().for_each(|s| source.push_str(&s.text));
        }
        // A justified paragraph of the part's own text (not in a list, quote or note, whose
        // markers, bars and air are added to its lines afterwards), in one piece, may be set
        // one line off.
        let resettable = align == Alignment::Justify
            && self.parent == Tree::ROOT
            && segs.len() == 1
            && lines.len() >= 2
            && source.len() <= RESETTABLE_TEXT;
        let spans = if resettable { segs.pop() } else { None };
        drop(segs);
        let path = self.path.clone();
        let count = lines.len();
        self.push_paragraph_slabs(out, lines, source, m, tag, &path);
        if let (Some(spans), Some(last)) = (spans, out.last_mut()) {
            last.resettable = Some(ParagraphEnd { id: self.resettable.len() as u32, lines: count as u32 });
            let poor = poor..self.poorly_justified.len();
            self.resettable.push(Resettable { spans, m, indent, tag, path, poor, anew: Vec::new() });
        }
    }

    /// A paragraph's lines as slabs tagged `tag`, each with its position in the paragraph at
    /// block `path` (`source`: its text), kept against widows and orphans.
    fn paragraph_slabs(&mut self, lines: Vec<Line>, source: String, m: Measure, tag: Tag, path: &[usize]) -> Vec<Slab> {
        let mut slabs = Vec::new();
        self.push_paragraph_slabs(&mut slabs, lines, source, m, tag, path);
        slabs
    }

    /// [`Flow::paragraph_slabs`] pushed onto `out`.
    fn push_paragraph_slabs(
        &mut self,
        out: &mut Vec<Slab>,
        lines: Vec<Line>,
        source: String,
        m: Measure,
        tag: Tag,
        path: &[usize],
    ) {
        let offsets = line_starts(&source, &lines);
        drop(source);
        let first = out.len();
        push_line_slabs(out, lines, m.x, m.width, m.leading, m.size, &mut self.owner(tag));
        for (slab, offset) in out[first..].iter_mut().zip(offsets) {
            slab.start = Some(TextPosition { block: path.to_vec(), offset });
        }
        keep_lines(&mut out[first..]);
    }

    /// Puts the notes on lines set ragged or loose of the paragraphs the paginator set anew
    /// (`Laid::reset`) in place of those of their first setting.
    pub fn replace_poor_lines(&mut self, reset: &[SetAnew]) {
        let mut gone = Vec::new();
        for chosen in reset {
            let Some(r) = self.resettable.get_mut(chosen.id as usize) else { continue };
            gone.push(r.poor.clone());
            let new = r.anew.iter().find(|(asked, _)| asked == chosen).map(|(_, poor)| poor.clone());
            self.poorly_justified.extend(new.into_iter().flatten());
        }
        let mut index = 0;
        self.poorly_justified.retain(|_| {
            index += 1;
            !gone.iter().any(|r| r.contains(&(index - 1)))
        });
    }

    /// Paragraph `id` (`Slab::resettable`) set anew one line shorter and one line longer, its
    /// first `kept` lines as set (they stand in an earlier column), for the paginator to choose
    /// from when a column would end in a hole: the slabs of the lines after the kept ones. The
    /// new lines belong to the paragraph's structure node and carry its text positions.
    pub fn one_line_off(&mut self, id: u32, kept: u32) -> OneLineOff {
        let Some(r) = self.resettable.get(id as usize) else { return OneLineOff::default() };
        let (m, tag, path) = (r.m, r.tag, r.path.clone());
        let ps = ParagraphStyle {
            width: m.width,
            align: Alignment::Justify,
            first_indent: r.indent,
            lang: self.lang.clone(),
            hyphenate: true,
        };
        let (found, as_set_poor) =
            layout_paragraph_one_line_off(&r.spans, &ps, &self.ctx.issue.hyphenation, kept as usize);
        let source: String = r.spans.iter().map(|s| s.text.as_str()).collect();
        let mut anew = Vec::new();
        let mut poor_more = [0; 2];
        let mut slabs = |longer: bool, set: Option<crate::pdf::typeset::inline::Paragraph>| {
            let set = set?;
            poor_more[usize::from(longer)] = set.poorly_justified.len().saturating_sub(as_set_poor);
            anew.push((SetAnew { id, kept, longer }, set.poorly_justified));
            let mut slabs = self.paragraph_slabs(set.lines, source.clone(), m, tag, &path);
            slabs.drain(..(kept as usize).min(slabs.len()));
            Some(slabs)
        };
        let [shorter, longer] = found;
        let (shorter, longer) = (slabs(false, shorter), slabs(true, longer));
        let off = OneLineOff { shorter, longer, poor_more };
        if let Some(r) = self.resettable.get_mut(id as usize) {
            r.anew.extend(anew);
        }
        off
    }

    fn heading(&mut self, level: u8, id: &str, content: &[crate::model::Inline], m: Measure, out: &mut Vec<Slab>) {
        let sizes = self.ctx.style.heading_sizes;
        let size = Pt(sizes[usize::from(level.saturating_sub(2)).min(2)]) * (m.size.0 / self.ctx.style.body_size);
        let base =
            TextStyle { font: self.ctx.style.fonts.heading().with_bold(true), size, rise: Pt::ZERO, ink: Ink::BLACK };
        let segs = self.spans(content, base);
        let ps = self.ragged(m.width, false);
        // Balanced as titles are: a heading of two lines does not end on a lone word.
        let lines = self.balanced(&segs, &ps);
        let hl = size * HEADING_LEADING;
        let tag = Tag::Content(self.open(StructRole::Heading(level.clamp(1, 6))));
        let mut slab = stack_lines(lines, m.x, m.width, hl, size, &mut self.owner(tag));
        // Close to its own text, with the rest of its whole grid lines above it.
        slab.height += m.leading * HEADING_BELOW;
        let lines = ((slab.height + m.leading * HEADING_ABOVE).0 / m.leading.0 - 1e-6).ceil();
        slab.space_before = m.leading * lines - slab.height;
        slab.keep_with_next = true;
        slab.snap = true;
        let title = crate::model::Inline::plain_text(content);
        slab.anchors.push(Anchor { id: id.to_string(), level, title, y: Pt::ZERO });
        out.push(slab);
    }

    /// An interview question (a paragraph wholly in bold): not indented, half a line of air above
    /// it (the text after it back on the grid), and kept with the answer that follows, so that
    /// questions and answers do not run together as ordinary paragraphs would.
    fn question(&mut self, inlines: &[crate::model::Inline], m: Measure, out: &mut Vec<Slab>) {
        let first = out.len();
        let base = TextStyle { font: self.ctx.style.fonts.body(), size: m.size, rise: Pt::ZERO, ink: Ink::BLACK };
        self.paragraph(inlines, base, m, Pt::ZERO, Alignment::Justify, true, out);
        if let Some(slab) = out.get_mut(first) {
            slab.space_before += m.leading * BLOCK_AIR;
        }
        if let Some(last) = out.last_mut() {
            last.keep_with_next = true;
            last.snap = true;
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], m: Measure, out: &mut Vec<Slab>) {
        let marker_style =
            TextStyle { font: self.ctx.style.fonts.body(), size: m.size, rise: Pt::ZERO, ink: Ink::BLACK };
        // Numbers hang right-aligned in the indent, wide enough for the widest of them.
        let widest_number = start.map_or(Pt::ZERO, |s| {
            let last = s.saturating_add(items.len().saturating_sub(1) as u64);
            layout_line(&[Span { text: format!("{last}."), style: marker_style, tag: None }]).width
        });
        let indent = (m.size * 1.6).max(widest_number + m.size * 0.5).min((m.width - m.min_width).max(Pt::ZERO));
        let first_slab = out.len();
        let inner = Measure { x: m.x + indent, width: m.width - indent, indent: Pt::ZERO, depth: m.depth + 1, ..m };
        let list = self.open(StructRole::List);
        for (k, item) in items.iter().enumerate() {
            let item_node = self.within(list, |flow| flow.open(StructRole::ListItem));
            // The label before the body, as a reader meets them.
            let label = self.tree.add(StructRole::ListLabel, item_node);
            let body = self.tree.add(StructRole::ListBody, item_node);
            let mut slabs = Vec::new();
            self.within(body, |flow| {
                flow.path.push(k);
                flow.blocks(item, inner, &mut slabs);
                flow.path.pop();
            });
            let marker = match start {
                Some(s) => format!("{}.", s.saturating_add(k as u64)),
                None if m.depth.is_multiple_of(2) => "•".to_string(),
                None => "–".to_string(),
            };
            if let Some(first) = slabs.iter_mut().find(|s| s.first_baseline.is_some()) {
                let mut line = layout_line(&[Span { text: marker, style: marker_style, tag: None }]);
                fit_line(&mut line, indent.max(m.size));
                let x = (inner.x - line.width - m.size * 0.4).max(m.x);
                let baseline = first.first_baseline.unwrap_or(Pt::ZERO);
                place_line_first(first, line, x, baseline, &mut self.owner(Tag::Content(label)));
            }
            out.extend(slabs);
        }
        // A list in running text gets half a line above and below; nested ones sit in their item.
        if m.depth == 0 && out.len() > first_slab {
            air_around(&mut out[first_slab..], m.leading);
        }
    }

    fn quote(&mut self, inner: &[Block], m: Measure, out: &mut Vec<Slab>) {
        let indent = (m.size * 1.2).min((m.width - m.min_width).max(Pt::ZERO));
        let im = Measure { x: m.x + indent, width: m.width - indent, ..m };
        let mut slabs = Vec::new();
        let quote = self.open(StructRole::BlockQuote);
        self.within(quote, |flow| flow.blocks(inner, im, &mut slabs));
        if indent > Pt::ZERO {
            for s in &mut slabs {
                let bar = FrameItem::Rect { width: Pt(0.6), height: s.height, ink: Ink::Gray(0.6) };
                s.items.push(Positioned::new(m.x + indent * 0.3, Pt::ZERO, bar));
            }
        }
        air_around(&mut slabs, m.leading);
        out.extend(slabs);
    }

    fn figure(&mut self, asset: AssetId, alt: &str, marked: bool, m: Measure, out: &mut Vec<Slab>) {
        let span = self.spans_columns(asset, m);
        let max_h = self.ctx.geo.body_h * FIGURE_MAX_HEIGHT;
        let edge_to_edge = self.edge_to_edge(asset, marked, span, m, max_h);
        // A figure running to the page edges floats across the columns (also on a page of one).
        let span = span || edge_to_edge.is_some();
        let m = if span { Measure { width: self.ctx.geo.body_w, ..m } } else { m };
        let cap_size = m.size * 0.85;
        let cap_lead = cap_size * 1.3;
        let base = TextStyle {
            font: self.ctx.style.fonts.heading().with_italic(true),
            size: cap_size,
            rise: Pt::ZERO,
            ink: Ink::Gray(0.25),
        };
        let segs = vec![vec![Span { text: alt.to_string(), style: base, tag: None }]];
        let ps = self.ragged(m.width, true);
        let caption = if alt.trim().is_empty() { Vec::new() } else { self.lines(&segs, &ps) };
        let mut node = StructNode::new(StructRole::Figure, Some(self.parent));
        node.text_mut().alt = Some(alt.to_string());
        let figure = self.tree.add_node(node);
        // Only a figure at the body's edge floats: inside a list or quote it belongs to its item.
        let float = m.x == Pt::ZERO;
        let air = m.leading * BLOCK_AIR;
        let mut slab = Slab { space_before: air, space_after: air, snap: true, float, span, ..Slab::default() };
        let h = match (self.ctx.images.get(asset), edge_to_edge) {
            (Some(DrawableImage { index, .. }), Some(set)) => {
                // Across the body for now; `bleed::to_page_edges` grows it once the page is placed.
                let item = FrameItem::Image { image: index, width: m.width, height: set.height, bleed: true };
                slab.items.push(Positioned { tag: Tag::Content(figure), ..Positioned::new(m.x, Pt::ZERO, item) });
                slab.bleed = Some(BleedFigure { image: set.height, gap: cap_size * 0.6 });
                if set.ppi < PPI_WARN {
                    self.low_resolution.push(LowResolution { asset, ppi: set.ppi, edge_to_edge: false });
                }
                set.height
            }
            (Some(DrawableImage { index, width: iw, height: ih }), None) => {
                // The measure's width, but never enlarged under 150 ppi just to fill it.
                let mut w = m.width.min(widest(iw));
                let mut h = w * (ih / iw);
                if h > max_h {
                    w = w * (max_h.0 / h.0);
                    h = max_h;
                }
                let x = m.x + (m.width - w) / 2.0;
                let mut image =
                    Positioned::new(x, Pt::ZERO, FrameItem::Image { image: index, width: w, height: h, bleed: false });
                image.tag = Tag::Content(figure);
                slab.items.push(image);
                let resolution = ppi(iw, w);
                if resolution < PPI_WARN {
                    self.low_resolution.push(LowResolution { asset, ppi: resolution, edge_to_edge: false });
                }
                h
            }
            (None, _) => {
                // Not drawable (SVG, broken file): an outlined box, the alt text below it.
                let h = m.leading * 3.0;
                let outline = FrameItem::BoxOutline { width: m.width, height: h, stroke: Pt(0.5), ink: Ink::Gray(0.5) };
                slab.items.push(Positioned::new(m.x, Pt::ZERO, outline));
                h
            }
        };
        let mut y = h + cap_size * 0.6;
        let caption_tag = match caption.is_empty() {
            true => Tag::Layout,
            false => Tag::Content(self.tree.add(StructRole::Caption, figure)),
        };
        for mut line in caption {
            fit_line(&mut line, m.width);
            place_line(&mut slab, line, m.x, y + baseline_in(cap_lead, cap_size), &mut self.owner(caption_tag));
            y += cap_lead;
        }
        slab.height = y;
        out.push(slab);
    }

    /// How a figure's image is set when it runs to the page edges, if it does: a figure at the
    /// body's edge that the editor `marked` (`{.bleed}`) when its pixels give at least `PPI_MIN`
    /// there (else it stays in the type area, with a warning), or, with the style's
    /// `bleed_figures`, one set across the columns (`span`) whose pixels give `PPI_WARN` there.
    fn edge_to_edge(&mut self, asset: AssetId, marked: bool, span: bool, m: Measure, max_h: Pt) -> Option<EdgeToEdge> {
        let wanted = marked || (span && self.ctx.style.bleed_figures);
        let image = self.ctx.images.get(asset).filter(|_| wanted && m.x == Pt::ZERO)?;
        let bleed = Pt::from_mm(self.ctx.style.print.bleed_mm.max(0.0));
        let set = bleed::edge_to_edge(&self.ctx.geo, bleed, image, max_h);
        match (marked, set.ppi) {
            (true, ppi) if ppi >= PPI_MIN => Some(set),
            (true, ppi) => {
                self.low_resolution.push(LowResolution { asset, ppi, edge_to_edge: true });
                None
            }
            (false, ppi) => (ppi >= PPI_WARN).then_some(set),
        }
    }

    /// Whether a figure at the body's edge of a multi-column page is set across the columns: a
    /// landscape image (`WIDE_IMAGE`) whose pixels still give the print resolution across the
    /// full text width.
    fn spans_columns(&self, asset: AssetId, m: Measure) -> bool {
        let body_w = self.ctx.geo.body_w;
        let Some(image) = self.ctx.images.get(asset) else { return false };
        m.x == Pt::ZERO
            && body_w > m.width + Pt(1.0)
            && image.width / image.height >= WIDE_IMAGE
            && ppi(image.width, body_w) >= PPI_WARN
    }

    fn code(&mut self, code: &str, m: Measure, out: &mut Vec<Slab>) {
        let size = m.size * CODE_SCALE;
        let lead = size * 1.35;
        let style = TextStyle { font: self.ctx.style.fonts.mono(), size, rise: Pt::ZERO, ink: Ink::BLACK };
        let ps = self.ragged(m.width, false);
        let mut slabs = Vec::new();
        let tag = Tag::Content(self.open(StructRole::Code));
        let mut counted = 0;
        for src in code.trim_end_matches('\n').split('\n') {
            let start = TextPosition { block: self.path.clone(), offset: counted };
            counted += src.chars().filter(|&c| counts(c)).count();
            let text = keep_code_spaces(&src.replace('\t', "    "));
            if text.trim().is_empty() {
                slabs.push(Slab { height: lead, start: Some(start), ..Slab::default() });
                continue;
            }
            let lines = self.lines(&[vec![Span { text, style, tag: None }]], &ps);
            let first = slabs.len();
            slabs.extend(line_slabs(lines, m.x, m.width, lead, size, &mut self.owner(tag)));
            // A wrapped code line is one position: code is not split at words.
            for slab in &mut slabs[first..] {
                slab.start = Some(start.clone());
            }
        }
        air_around(&mut slabs, m.leading);
        out.extend(slabs);
    }
}

/// Code as the line breaker must see it to keep its columns: indentation and runs of spaces
/// become no-break spaces (which the breaker neither collapses nor drops); a single space between
/// words stays a place where a long line may wrap.
fn keep_code_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let in_run = i == 0 || chars[i - 1] == ' ' || chars.get(i + 1) == Some(&' ');
        out.push(if c == ' ' && in_run { '\u{A0}' } else { c });
    }
    out
}

/// A paragraph ending in a colon right before the list, quote, code or table it introduces.
fn introduces(block: &Block, next: Option<&Block>) -> bool {
    let Block::Paragraph(inlines) = block else { return false };
    let introduced =
        matches!(next, Some(Block::List { .. } | Block::BlockQuote(_) | Block::CodeBlock(_) | Block::Table { .. }));
    introduced && crate::model::Inline::plain_text(inlines).trim_end().ends_with(':')
}

/// Half a line of air above the first slab and below the last, back on the grid after it.
pub(crate) fn air_around(slabs: &mut [Slab], leading: Pt) {
    if let Some(first) = slabs.first_mut() {
        first.space_before += leading * BLOCK_AIR;
    }
    if let Some(last) = slabs.last_mut() {
        last.space_after += leading * BLOCK_AIR;
        last.snap = true;
    }
}

/// A short centred rule, one line high.
fn rule(m: Measure, colours: &Colours) -> Slab {
    let w = m.width * 0.25;
    let item = FrameItem::Rect { width: w, height: Pt(0.5), ink: colours.ink(Role::Rules, 0.3) };
    Slab {
        height: m.leading,
        snap: true,
        items: vec![Positioned::new(m.x + (m.width - w) / 2.0, m.leading / 2.0, item)],
        ..Slab::default()
    }
}

/// All lines in one slab (headings, titles): `leading` apart, first baseline near the top.
pub(crate) fn stack_lines(lines: Vec<Line>, x: Pt, measure: Pt, leading: Pt, size: Pt, owner: &mut Owner) -> Slab {
    let mut slab = Slab::default();
    let base = baseline_in(leading, size);
    let mut y = Pt::ZERO;
    for mut line in lines {
        fit_line(&mut line, measure);
        place_line(&mut slab, line, x, y + base, owner);
        if slab.first_baseline.is_none() {
            slab.first_baseline = Some(y + base);
        }
        y += leading;
    }
    slab.height = y;
    slab
}

/// For each line of a paragraph, where the word it begins with starts, in counted characters
/// of `source` (the paragraph's span texts, hard breaks as `\n`). The lines' glyph texts are
/// matched in order against the source, so a hyphen the breaker inserted, or a character no
/// font could set, does not shift the count.
pub(crate) fn line_starts(source: &str, lines: &[Line]) -> Vec<usize> {
    let mut chars: Vec<(char, bool)> = Vec::new();
    let mut after_space = true;
    for c in source.chars() {
        if c.is_whitespace() {
            after_space = true;
        } else if counts(c) {
            chars.push((c, after_space));
            after_space = false;
        }
    }
    // Where the word of each character starts, found once: walking back from every line
    // start was quadratic in a word that runs over thousands of lines.
    let mut word_starts = Vec::with_capacity(chars.len());
    for (i, &(_, starts_word)) in chars.iter().enumerate() {
        let previous = word_starts.last().copied().unwrap_or(0);
        word_starts.push(if starts_word { i } else { previous });
    }
    /// How far ahead a glyph's character is looked for before it counts as inserted.
    const LOOKAHEAD: usize = 4;
    let mut pos = 0;
    lines
        .iter()
        .map(|line| {
            // A line that begins inside a hyphenated word points at the word's start.
            let start = word_starts.get(pos).copied().unwrap_or(chars.len());
            for c in line.runs.iter().flat_map(|r| r.run.text.chars()).filter(|&c| counts(c)) {
                if let Some(skip) = chars[pos..].iter().take(LOOKAHEAD).position(|&(s, _)| s == c) {
                    pos += skip + 1;
                }
            }
            start
        })
        .collect()
}

/// The words of a text's segments (each segment its own line).
fn text_words(segments: &[Vec<Span>]) -> usize {
    let segment_words =
        |seg: &Vec<Span>| seg.iter().map(|s| s.text.as_str()).collect::<String>().split_whitespace().count();
    segments.iter().map(segment_words).sum()
}

/// How many pieces the lines cut their words into: their words (runs a space apart), a word
/// broken after a hyphen (hard or soft) counted once. More than for the same text set wider
/// means a word was broken where it has no hyphen.
fn word_pieces(lines: &[Line]) -> usize {
    lines
        .iter()
        .map(|line| {
            let gaps = line.runs.windows(2).filter(|w| w[1].x > w[0].x + w[0].width + w[0].run.size * 0.1).count();
            let ends_hyphenated = line.runs.last().is_some_and(|r| r.run.text.ends_with(['-', '\u{ad}', '\u{2010}']));
            (line.runs.len().min(1) + gaps).saturating_sub(usize::from(ends_hyphenated))
        })
        .sum()
}
