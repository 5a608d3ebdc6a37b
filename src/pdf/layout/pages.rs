//! Slabs (unbreakable strips of positioned items) → pages: fills columns top to bottom, keeps
//! headings with what follows, avoids widows and orphans by backtracking to the last allowed
//! break, sets each footnote at the foot of the column that holds its mark, and sets figures and
//! tables wider than a column across all columns at the top or foot of a page. Where breaking
//! after a paragraph would leave a hole, it takes the paragraph set one line shorter or longer.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::Arc;

use crate::model::{ArticleId, TextPosition};
use crate::pdf::frame::{FrameItem, Ink, LinkDest, Positioned, Tag};
use crate::pdf::layout::tags::Tree;
use crate::pdf::typeset::inline::{TextStyle, POOR_LINES_MORE, POOR_LINES_MORE_AT_MOST};
use crate::pdf::units::Pt;

/// Rounding slack: a slab fits when it overflows by less than this.
const EPS: Pt = Pt(0.01);

/// An unbreakable horizontal strip: a text line, a heading, a figure, a table row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slab {
    pub height: Pt,
    /// Space above, dropped at the top of a column.
    pub space_before: Pt,
    /// Space below, before the position is rounded to the grid: a list, quote or figure ends
    /// with half a line of air and the text after it is back on the grid.
    pub space_after: Pt,
    /// No column break allowed after this slab.
    pub keep_with_next: bool,
    /// Round the position after this slab up to the baseline grid.
    pub snap: bool,
    /// A figure: when it does not fit where it is referenced, the text flows on and it goes to
    /// the top of the next column.
    pub float: bool,
    /// A float set across all columns (x of its items from the body's left edge): at the foot of
    /// the page it is met on when met in the first column with room left under the text, at the
    /// top of that page when the first column is still empty, else at the top of the next page.
    pub span: bool,
    /// A figure running to the page edges (a `span` float): set at the page's foot, its caption
    /// goes above its image, and no nearer the text than the foot, so the image reaches the edge.
    pub bleed: Option<BleedFigure>,
    /// Items with x from the column's left edge and y from the slab's top.
    pub items: Vec<Positioned>,
    /// Footnote numbers whose marks sit on this slab.
    pub notes: Vec<u32>,
    /// Link items whose destination is known only after pagination.
    pub links: Vec<DeferredLink>,
    pub anchors: Vec<Anchor>,
    /// Page numbers to typeset once pages are numbered.
    pub folios: Vec<FolioRef>,
    /// A table's header row, repeated when this slab starts a column.
    pub header: Option<Arc<Slab>>,
    /// Baseline of the first text line, from the slab top (list markers hang on it).
    pub first_baseline: Option<Pt>,
    /// Where the slab's text begins in the model, for the EPUB's print page markers.
    pub start: Option<TextPosition>,
    /// On a paragraph's last line: the paragraph may be set one line shorter or longer, which
    /// the paginator asks for when breaking after it would leave a hole (see `OneLineOff`).
    pub resettable: Option<ParagraphEnd>,
}

/// The end of a paragraph layout can set anew one line off: its id for the paginator's `reset`
/// and how many slabs (lines) it has as set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ParagraphEnd {
    pub id: u32,
    pub lines: u32,
}

/// A paragraph the paginator set one line off: its id, how many of its lines it kept as set
/// (in an earlier column) and whether it took the longer setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SetAnew {
    pub id: u32,
    pub kept: u32,
    pub longer: bool,
}

/// A paragraph's lines set one line shorter and one line longer (each only where its spacing
/// holds), as complete slabs: footnote marks, links, tags and text positions are those of the
/// lines they replace, set anew. None of them is resettable again.
#[derive(Debug, Clone, Default)]
pub(crate) struct OneLineOff {
    pub shorter: Option<Vec<Slab>>,
    pub longer: Option<Vec<Slab>>,
    /// How many more lines of each are set ragged or loose than of the paragraph as first set.
    pub poor_more: [usize; 2],
}

impl OneLineOff {
    /// The shorter or longer setting, if its number of poor lines more than as first set is in
    /// `poor_more`.
    fn setting(&self, longer: bool, poor_more: &RangeInclusive<usize>) -> Option<&[Slab]> {
        let lines = if longer { &self.longer } else { &self.shorter };
        lines.as_deref().filter(|_| poor_more.contains(&self.poor_more[usize::from(longer)]))
    }
}

/// Settings one line off with at most one more poor line than as first set, tried first.
const FAIR: RangeInclusive<usize> = 0..=POOR_LINES_MORE;
/// Settings with more, up to `POOR_LINES_MORE_AT_MOST`: a last resort.
const LAST_RESORT: RangeInclusive<usize> = POOR_LINES_MORE + 1..=POOR_LINES_MORE_AT_MOST;

/// The parts of a figure slab that runs to the page edges: its image on top, `image` high, then
/// `gap` and the caption.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BleedFigure {
    pub image: Pt,
    pub gap: Pt,
}

impl Slab {
    /// A figure running to the page edges set at a page's foot: the caption moves above the
    /// image, so the image's foot is the slab's and can run on to the page edge.
    fn caption_above(&mut self) {
        let Some(BleedFigure { image, gap }) = self.bleed else { return };
        let caption = self.height - image;
        for positioned in &mut self.items {
            match positioned.item {
                FrameItem::Image { bleed: true, .. } => positioned.y += caption,
                _ => positioned.y -= image + gap,
            }
        }
    }

    /// One slab of `slabs` set one under the other (a table set across the columns is one float):
    /// the first one's air above, the last one's below; repeated table headers are dropped.
    pub fn stacked(slabs: Vec<Slab>) -> Slab {
        let mut out = Slab { snap: true, ..Slab::default() };
        let last = slabs.len().saturating_sub(1);
        for (k, s) in slabs.into_iter().enumerate() {
            let y = if k == 0 {
                out.space_before = s.space_before;
                out.first_baseline = s.first_baseline;
                out.start = s.start;
                Pt::ZERO
            } else {
                out.height + s.space_before
            };
            let base = out.items.len();
            out.items.extend(s.items.into_iter().map(|it| Positioned { y: it.y + y, ..it }));
            out.notes.extend(s.notes);
            out.links.extend(s.links.into_iter().map(|l| DeferredLink { item: base + l.item, ..l }));
            out.anchors.extend(s.anchors.into_iter().map(|a| Anchor { y: a.y + y, ..a }));
            out.folios.extend(s.folios.into_iter().map(|f| FolioRef {
                baseline: f.baseline + y,
                at: base + f.at,
                ..f
            }));
            out.height = y + s.height + if k == last { Pt::ZERO } else { s.space_after };
            if k == last {
                out.space_after = s.space_after;
            }
        }
        out
    }

    /// Adds a link area at (x, y) of the slab whose destination is set later.
    /// Returns the item, for its tag and description.
    pub fn push_deferred_link(
        &mut self,
        x: Pt,
        y: Pt,
        width: Pt,
        height: Pt,
        target: DeferredTarget,
    ) -> &mut Positioned {
        self.links.push(DeferredLink { item: self.items.len(), target });
        let placeholder = LinkDest::Page { page: 0, y: Pt::ZERO };
        let description = String::new();
        self.items.push(Positioned::new(x, y, FrameItem::Link { width, height, target: placeholder, description }));
        self.items.last_mut().expect("just pushed")
    }
}

/// A link item of a slab and where it will lead.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DeferredLink {
    /// Index of the `FrameItem::Link` in the slab's items.
    pub item: usize,
    pub target: DeferredTarget,
}

/// Where a link leads, when its page is known only after pagination (footnotes) or once all
/// articles are numbered (cross-references, contents and related-box entries).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DeferredTarget {
    /// The footnote with this number, in the same article.
    Footnote(u32),
    /// An article's first page, or a heading in it.
    Article(ArticleTarget),
}

/// An article, or a heading in it by id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArticleTarget {
    pub article: ArticleId,
    pub fragment: Option<String>,
}

/// Where an item sits in laid-out pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ItemRef {
    pub page: usize,
    /// Index in the page's items.
    pub item: usize,
}

/// A link on laid-out pages that leads to an article, resolved once all pages are numbered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArticleLink {
    pub at: ItemRef,
    pub target: ArticleTarget,
}

/// A footnote mark's link on laid-out pages, resolved once every note has its place.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NoteLink {
    at: ItemRef,
    note: u32,
}

/// A vertical position on a page: where a note starts, where a link lands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PagePosition {
    pub page: usize,
    /// From the page top.
    pub y: Pt,
}

impl PagePosition {
    pub fn link_dest(self) -> LinkDest {
        LinkDest::Page { page: self.page, y: self.y }
    }
}

/// A place a link can point to, and an outline entry when `level > 0`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchor {
    pub id: String,
    pub level: u8,
    pub title: String,
    /// From the slab top (later: from the page top).
    pub y: Pt,
}

/// A page number set right-aligned at `right` once the target article's page is known.
#[derive(Debug, Clone)]
pub(crate) struct FolioRef {
    pub article: ArticleId,
    /// Set before the number, e.g. "S.\u{a0}".
    pub prefix: String,
    pub right: Pt,
    pub baseline: Pt,
    pub style: TextStyle,
    /// The structure node the number belongs to (a contents entry's link).
    pub tag: Tag,
    /// The item index the number is painted at (in its slab, later on its page): right after the
    /// line it belongs to, so it is painted in reading order.
    pub at: usize,
}

/// A page-number reference on a laid-out page, x and y from the page.
#[derive(Debug, Clone)]
pub(crate) struct FolioOnPage {
    pub page: usize,
    pub folio: FolioRef,
}

/// A link target or outline entry on a laid-out page, y from the page top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AnchorOnPage {
    pub page: usize,
    pub anchor: Anchor,
}

/// Where columns sit on a page, x relative to the body's left edge.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    pub count: usize,
    pub width: Pt,
    pub gap: Pt,
    /// y of the body's top on the page.
    pub top: Pt,
    pub height: Pt,
    /// Baseline grid step.
    pub grid: Pt,
}

/// Pages of one article (or the TOC, the imprint), x relative to the body's left edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct Laid {
    pub pages: Vec<Vec<Positioned>>,
    /// Links to other articles (footnote marks are resolved by `paginate` itself).
    pub article_links: Vec<ArticleLink>,
    pub folios: Vec<FolioOnPage>,
    pub anchors: Vec<AnchorOnPage>,
    /// The part's structure, which the pages' tags point into.
    pub tree: Tree,
    /// Per page, where its first body slab begins in the model.
    pub page_starts: Vec<Option<TextPosition>>,
    /// The paragraphs set one line off.
    pub reset: Vec<SetAnew>,
}

#[derive(Clone, Copy)]
struct Placed {
    slab: usize,
    y: Pt,
    used_after: Pt,
    notes_len_after: usize,
    notes_h_after: Pt,
    header: bool,
}

/// One column being filled.
struct Column {
    page: usize,
    /// 0 for the page's first column.
    index: usize,
    x: Pt,
    top: Pt,
    cap: Pt,
    placed: Vec<Placed>,
    used: Pt,
    notes: Vec<u32>,
    notes_h: Pt,
    /// What notes continued from the previous column take (`notes_h` before any slab is placed).
    carried_h: Pt,
    /// Note slabs continued from the previous column.
    carry: Vec<Carried>,
}

/// A footnote slab that did not fit under its mark's column and moves on to the next.
#[derive(Clone)]
struct Carried {
    note: u32,
    /// The note's first slab: where it lands is where the mark must point.
    first: bool,
    slab: Slab,
}

/// Lays `body` into columns; `head` goes full width on top of the first page.
/// Slabs are taken by value: their items move onto the pages without copying glyphs.
pub(crate) fn paginate(head: Vec<Slab>, body: Vec<Slab>, notes: Vec<Vec<Slab>>, cols: &Columns) -> Laid {
    paginate_resetting(head, body, notes, cols, &mut |_, _| OneLineOff::default())
}

/// Like `paginate`, asking `reset` for a paragraph set one line off (by its `Slab::resettable`
/// id and how many of its lines stay as set) where a column would otherwise end in a hole.
///
/// A pass only plans where each slab goes; the slabs move onto the pages once a pass is kept.
/// When a hole cannot be closed by a paragraph in its own column, a paragraph in the column
/// before is set one line off and the article paginated again (a line more or less there moves
/// everything after it by a line); a setting that leaves the first hole no later is taken back.
pub(crate) fn paginate_resetting(
    head: Vec<Slab>,
    body: Vec<Slab>,
    notes: Vec<Vec<Slab>>,
    cols: &Columns,
    reset: &mut dyn FnMut(u32, u32) -> OneLineOff,
) -> Laid {
    let mut p = Paginator {
        laid: Laid::default(),
        head,
        body,
        notes,
        cols,
        reset,
        one_line_off: HashMap::new(),
        resets: Vec::new(),
        undo: Vec::new(),
        accepted_through: None,
        sink_lines: 0,
        loosened: Vec::new(),
        note_links: Vec::new(),
        plan: Vec::new(),
        note_starts: HashMap::new(),
        deferred: Vec::new(),
        span_top: Vec::new(),
        no_foot: Vec::new(),
        span_bottom: Vec::new(),
        page_top: Pt::ZERO,
        page_bottom: Pt::ZERO,
        page_low: Pt::ZERO,
        page_notes: false,
        column_starts: Vec::new(),
        hole: None,
    };
    let mut passes = 1;
    let mut hole = p.run();
    while let Some(h) = hole {
        hole = None;
        let mut closed = false;
        for attempt in attempts(&h.candidates) {
            if passes >= MAX_PASSES {
                break;
            }
            // What the attempt changes, to be taken back: settings spliced in, the sink, the
            // columns loosened (those that closed earlier holes stay as they are).
            let (mark, sink_lines, loosened) = (p.undo.len(), p.sink_lines, p.loosened.len());
            match attempt {
                Attempt::Paragraph(at, longer, poor_more) => {
                    if !p.set_earlier(at, longer, poor_more) {
                        continue;
                    }
                }
                Attempt::SinkBody => p.sink_lines = 1,
                Attempt::Loosen => p.loosened.push(h.column),
            }
            passes += 1;
            let next = p.run();
            if next.as_ref().is_none_or(|n| n.column > h.column) {
                (hole, closed) = (next, true);
                break;
            }
            p.take_back(mark);
            p.sink_lines = sink_lines;
            p.loosened.truncate(loosened);
        }
        if !closed {
            // The hole stays; the article is paginated past it (as before the settings tried).
            p.accepted_through = Some(if passes >= MAX_PASSES { usize::MAX } else { h.column });
            passes += 1;
            hole = p.run();
        }
    }
    p.execute()
}

/// What is tried to close a hole, in order: each paragraph before it set one line shorter,
/// then longer, with at most one more poor line; the opening page's body sunk a line; then, as
/// a last resort, settings with up to `POOR_LINES_MORE_AT_MOST` more poor lines, in the hole's
/// own column first.
fn attempts(candidates: &[Candidate]) -> Vec<Attempt> {
    let paragraphs = |longer: bool, poor_more: RangeInclusive<usize>| {
        candidates.iter().filter_map(move |c| match *c {
            Candidate::Paragraph(here, last, kept) => {
                Some(Attempt::Paragraph((here, last, kept), longer, poor_more.clone()))
            }
            Candidate::SinkBody => None,
        })
    };
    let mut out: Vec<Attempt> = paragraphs(false, FAIR).chain(paragraphs(true, FAIR)).collect();
    if candidates.contains(&Candidate::SinkBody) {
        out.push(Attempt::SinkBody);
    }
    out.push(Attempt::Loosen);
    out.extend(paragraphs(false, LAST_RESORT).chain(paragraphs(true, LAST_RESORT)));
    out
}

/// One thing tried to close a hole (see `attempts`).
#[derive(Debug, Clone)]
enum Attempt {
    /// A paragraph before the hole (`Candidate::Paragraph`) set one line longer or shorter, if
    /// that setting has a number of poor lines more than as first set in the range.
    Paragraph((usize, usize, u32), bool, RangeInclusive<usize>),
    SinkBody,
    /// The paragraphs in the hole's own column may take settings with more poor lines.
    Loosen,
}

/// Passes over one article at most: its first, and those trying settings of earlier paragraphs.
const MAX_PASSES: usize = 24;

/// A column that ends in a hole before a kept heading, which no paragraph in it could close:
/// its number in the article, and what before it could change so that it closes.
struct Hole {
    column: usize,
    candidates: Vec<Candidate>,
}

/// A change before a hole that moves what follows it by a line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Candidate {
    /// A paragraph with lines in an earlier column, set one line off from that column on:
    /// (its first slab there, its last slab, lines it keeps in columns before).
    Paragraph(usize, usize, u32),
    /// The body of the opening page starts a grid line lower under the article's head.
    SinkBody,
}

/// A paragraph's lines replaced by its setting one line off, to be taken back if need be.
struct Spliced {
    at: usize,
    inserted: usize,
    removed: Vec<Slab>,
}

/// Where a pass puts a slab or item: page, x and y of its origin, and what.
struct Put {
    page: usize,
    x: Pt,
    y: Pt,
    what: What,
}

enum What {
    Head(usize),
    Body(usize),
    /// A figure running to the page edges, set at a page's foot (`Slab::caption_above`).
    BodyCaptionAbove(usize),
    /// The repeated header row of a body slab (a table's) that starts a column.
    Header(usize),
    /// Line `k` of note `n`.
    Note(u32, usize),
    /// A note line continued from the column before.
    Carried(Box<Slab>),
    Item(FrameItem),
}

fn snap(y: Pt, grid: Pt) -> Pt {
    if grid.0 <= 0.0 {
        return y;
    }
    Pt(((y.0 - 0.001) / grid.0).ceil().max(0.0) * grid.0)
}

struct Paginator<'a> {
    laid: Laid,
    head: Vec<Slab>,
    body: Vec<Slab>,
    notes: Vec<Vec<Slab>>,
    cols: &'a Columns,
    /// Asks layout for a paragraph set one line off (`Slab::resettable` id), and what it said.
    reset: &'a mut dyn FnMut(u32, u32) -> OneLineOff,
    one_line_off: HashMap<(u32, u32), OneLineOff>,
    /// The paragraphs set one line off so far, and how to take each back.
    resets: Vec<SetAnew>,
    undo: Vec<Spliced>,
    /// Holes in columns up to this one stay: no setting before them closed them.
    accepted_through: Option<usize>,
    /// Grid lines of air added between the head and the body on the opening page.
    sink_lines: usize,
    /// The columns whose own paragraphs may be set one line off with more poor lines, as a last resort.
    loosened: Vec<usize>,
    /// Footnote marks' links on the pages, once the kept pass is carried out.
    note_links: Vec<NoteLink>,

    // What one pass builds, anew each pass.
    plan: Vec<Put>,
    /// Footnote number → where its note starts, for the notes already placed.
    note_starts: HashMap<u32, PagePosition>,
    /// Floats that did not fit where they are referenced, in order: they open the next column.
    deferred: Vec<usize>,
    /// Spanning floats waiting for the top of the next page, in order.
    span_top: Vec<usize>,
    /// Spanning floats that went back from a page's foot with lines that did not fit there.
    no_foot: Vec<usize>,
    /// Spanning floats at the foot of the current page, with the height each takes from its columns.
    span_bottom: Vec<(usize, Pt)>,
    /// Height the current page's spanning floats take from its columns above and below.
    page_top: Pt,
    page_bottom: Pt,
    /// The lowest foot of the current page's column text so far, and whether a column has notes.
    page_low: Pt,
    page_notes: bool,
    /// Where each column of the pass began in the body, the last the column being filled: its
    /// paragraph lines are those from its start to the next column's.
    column_starts: Vec<usize>,
    /// The first hole no paragraph in its column could close, which ends the pass.
    hole: Option<Hole>,
}

/// Empty lines a column may end with before its article goes on.
const MAX_HOLE_LINES: f64 = 3.0;

/// How many paragraphs before a hole are asked whether they can be set one line off.
const RESET_TRIES: usize = 4;

/// How many paragraphs in columns before a hole are tried, each in both settings.
const EARLIER_TRIES: usize = 6;

/// How far on from a line its paragraph's end is looked for (a longer paragraph is not reset).
const MAX_SCAN: usize = 4096;

/// Spanning floats set together at a page's top take at most this share of its body height
/// (the first one always goes: it has waited once).
const SPAN_SHARE: f64 = 0.6;

impl Paginator<'_> {
    /// One pass over the article as its body now stands: plans every page, or stops at the first
    /// hole an earlier paragraph might close.
    fn run(&mut self) -> Option<Hole> {
        let cols = *self.cols;
        self.start_pass();
        self.laid.pages.push(Vec::new());
        let mut head_h = Pt::ZERO;
        for k in 0..self.head.len() {
            head_h += self.head[k].space_before;
            self.put(0, Pt::ZERO, cols.top + head_h, What::Head(k));
            head_h += self.head[k].height;
        }
        let head_h = snap(head_h, cols.grid) + cols.grid * self.sink_lines as f64;
        let mut i = 0;
        let mut carry = Vec::new();
        let (mut page, mut col) = (0, 0);
        // The body may grow or shrink by a line as the paginator sets a paragraph one line off.
        while i < self.body.len() || !carry.is_empty() || self.waiting() {
            let (body_top, body_h) =
                if page == 0 { (cols.top + head_h, cols.height - head_h) } else { (cols.top, cols.height) };
            if col == 0 {
                self.open_page(page, body_top, body_h);
            }
            let x = (cols.width + cols.gap) * col as f64;
            let mut c = Column {
                page,
                index: col,
                x,
                top: body_top + self.page_top,
                cap: body_h - self.page_top - self.page_bottom,
                placed: Vec::new(),
                used: Pt::ZERO,
                notes: Vec::new(),
                notes_h: Pt::ZERO,
                carried_h: Pt::ZERO,
                carry,
            };
            carry = Vec::new();
            self.column_starts.push(i);
            i = self.fill(&mut c, i, &mut carry);
            if self.hole.is_some() {
                return self.hole.take();
            }
            self.finish(&c);
            self.page_low = self.page_low.max(c.top + c.used);
            self.page_notes |= c.notes_h > Pt::ZERO;
            col += 1;
            let more = i < self.body.len() || !carry.is_empty() || self.waiting();
            if col == cols.count || !more {
                self.close_page(page, cols.top + cols.height, !more);
            }
            if col == cols.count && more {
                col = 0;
                page += 1;
                self.laid.pages.push(Vec::new());
            }
        }
        None
    }

    /// Forgets what the last pass planned.
    fn start_pass(&mut self) {
        self.laid = Laid::default();
        self.plan.clear();
        self.note_starts.clear();
        self.deferred.clear();
        self.span_top.clear();
        self.no_foot.clear();
        self.span_bottom.clear();
        (self.page_top, self.page_bottom, self.page_low, self.page_notes) = (Pt::ZERO, Pt::ZERO, Pt::ZERO, false);
        self.column_starts.clear();
        self.hole = None;
    }

    /// The column being filled, counted from the article's first.
    fn column_no(&self) -> usize {
        self.column_starts.len().saturating_sub(1)
    }

    fn put(&mut self, page: usize, x: Pt, y: Pt, what: What) {
        self.plan.push(Put { page, x, y, what });
    }

    /// Moves the slabs of the kept pass onto its pages and points note marks at their notes.
    fn execute(mut self) -> Laid {
        for Put { page, x, y, what } in std::mem::take(&mut self.plan) {
            let slab = match what {
                What::Head(k) => std::mem::take(&mut self.head[k]),
                What::Body(k) => std::mem::take(&mut self.body[k]),
                What::BodyCaptionAbove(k) => {
                    let mut slab = std::mem::take(&mut self.body[k]);
                    slab.caption_above();
                    slab
                }
                What::Header(k) => self.body[k].header.as_deref().cloned().unwrap_or_default(),
                What::Note(n, k) => std::mem::take(&mut self.notes[(n - 1) as usize][k]),
                What::Carried(slab) => *slab,
                What::Item(item) => {
                    self.laid.pages[page].push(Positioned::new(x, y, item));
                    continue;
                }
            };
            self.emit(page, x, y, slab);
        }
        self.resolve_note_links();
        self.laid.reset = std::mem::take(&mut self.resets);
        self.laid
    }

    /// Replaces body slabs `here..=last` by `lines`, the paragraph ending at `last` set anew.
    fn splice(&mut self, here: usize, last: usize, lines: Vec<Slab>, set: SetAnew) {
        let inserted = lines.len();
        let removed = self.body.splice(here..=last, lines).collect();
        self.undo.push(Spliced { at: here, inserted, removed });
        self.resets.push(set);
    }

    /// Takes back the settings made since the undo log was `mark` long.
    fn take_back(&mut self, mark: usize) {
        while self.undo.len() > mark {
            let Some(Spliced { at, inserted, removed }) = self.undo.pop() else { break };
            self.body.splice(at..at + inserted, removed);
            self.resets.pop();
        }
    }

    /// Sets the paragraph ending at body slab `last` one line shorter or longer from slab `here`
    /// on, its first `kept` lines as set; false when it has no such setting with a number of
    /// poor lines more than as first set in `poor_more`.
    fn set_earlier(
        &mut self,
        (here, last, kept): (usize, usize, u32),
        longer: bool,
        poor_more: RangeInclusive<usize>,
    ) -> bool {
        let key = self.ask_one_line_off(last, kept);
        let Some(lines) = self.setting(key, longer, &poor_more) else { return false };
        let lines = lines.to_vec();
        self.splice(here, last, lines, SetAnew { id: key.0, kept, longer });
        true
    }

    /// The answer `key` of `ask_one_line_off`, shorter or longer, if its number of poor lines more
    /// than as first set is in `poor_more` and it leaves no widow.
    fn setting(&self, key: (u32, u32), longer: bool, poor_more: &RangeInclusive<usize>) -> Option<&[Slab]> {
        let lines = self.one_line_off[&key].setting(longer, poor_more)?;
        // The paragraph's last line alone at a column's top would be a widow.
        (key.1 == 0 || lines.len() >= 2).then_some(lines)
    }

    /// Records a hole after placed slab `k` of column `c` that no paragraph in the column closed,
    /// with the paragraphs of the column before that might, unless holes there stay.
    fn note_hole(&mut self, c: &Column, k: usize) {
        let column = self.column_no();
        if self.kept_hole(c, k).is_none() || self.accepted_through.is_some_and(|a| column <= a) {
            return;
        }
        // Even with nothing before it, the column's own paragraphs may do as a last resort.
        self.hole = Some(Hole { column, candidates: self.earlier_candidates() });
    }

    /// Paragraphs with lines in the columns before this one, nearest first, which a setting one
    /// line off may change, and last, on an article's opening page, the body sunk by a line.
    fn earlier_candidates(&self) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        let mut seen: Vec<usize> = Vec::new();
        // Nothing at or before a hole that stays changes: a hole made there would be taken as it.
        let after_accepted = |k: &usize| self.accepted_through.is_none_or(|a| *k > a);
        'columns: for k in (0..self.column_no()).rev().take_while(after_accepted) {
            let (start, end) = (self.column_starts[k], self.column_starts[k + 1]);
            for s in (start..end).rev() {
                // The paragraph holding slab `s` ends at the first resettable end from it, if
                // that is not too far to be its own.
                let Some(off) = self.body[s..].iter().take(MAX_SCAN).position(|b| b.resettable.is_some()) else {
                    continue;
                };
                let last = s + off;
                let Some(end) = self.body[last].resettable else { continue };
                let Some(first) = (last + 1).checked_sub(end.lines as usize) else { continue };
                if first > s || seen.contains(&last) {
                    continue;
                }
                seen.push(last);
                let here = first.max(start);
                out.push(Candidate::Paragraph(here, last, (here - first) as u32));
                if out.len() == EARLIER_TRIES {
                    break 'columns;
                }
            }
        }
        if !self.head.is_empty() && self.sink_lines == 0 && self.accepted_through.is_none() {
            out.push(Candidate::SinkBody);
        }
        out
    }

    fn note_height(&self, n: u32) -> Pt {
        self.notes
            .get((n as usize).wrapping_sub(1))
            .map_or(Pt::ZERO, |s| s.iter().map(|s| s.height + s.space_before).sum())
    }

    /// The separator rule above a column's notes.
    fn separator(&self) -> Pt {
        self.cols.grid * 0.75
    }

    /// Fills one column starting at body slab `i`; returns the next slab index.
    fn fill(&mut self, c: &mut Column, mut i: usize, carry_out: &mut Vec<Carried>) -> usize {
        // Continued notes take at most half the column, so body text always moves on.
        if !c.carry.is_empty() {
            let limit = c.cap * 0.5;
            let mut h = self.separator();
            let mut keep = Vec::new();
            for s in c.carry.drain(..) {
                if keep.is_empty() || h + s.slab.height <= limit {
                    h += s.slab.height;
                    keep.push(s);
                } else {
                    carry_out.push(s);
                }
            }
            c.carry = keep;
            c.notes_h = h;
            c.carried_h = h;
        }
        self.place_deferred(c);
        while i < self.body.len() {
            if self.body[i].span {
                self.meet_span(c, i);
                i += 1;
                continue;
            }
            let s = &self.body[i];
            let first = c.placed.is_empty();
            let space = if first { Pt::ZERO } else { s.space_before };
            let header_h = match (&s.header, first) {
                (Some(h), true) => h.height,
                _ => Pt::ZERO,
            };
            let new_notes: Vec<u32> =
                s.notes.iter().copied().filter(|n| !self.note_starts.contains_key(n) && !c.notes.contains(n)).collect();
            let mut add_h: Pt = new_notes.iter().map(|&n| self.note_height(n)).sum();
            if !new_notes.is_empty() && c.notes_h == Pt::ZERO {
                add_h += self.separator();
            }
            let y = c.used + space + header_h;
            let fits = y + s.height + c.notes_h + add_h <= c.cap + EPS;
            let note_lines = if self.hole_if_broken(c) { 1 } else { 2 };
            if !fits && !first && !s.keep_with_next && self.note_starts_here(c, y + s.height, &new_notes, note_lines) {
                // The line fits but its note does not: the note starts under it and continues
                // in the next column, rather than the line leaving a hole.
                let y_top = c.used + space;
                c.used = y + s.height;
                self.squeeze_notes(c, &new_notes, carry_out);
                let (notes_len_after, notes_h_after) = (c.notes.len(), c.notes_h);
                c.placed.push(Placed {
                    slab: i,
                    y: y_top,
                    used_after: c.used,
                    notes_len_after,
                    notes_h_after,
                    header: header_h > Pt::ZERO,
                });
                return i + 1;
            }
            if !fits && !first && s.float && i + 1 < self.body.len() {
                // The text flows on; the figure opens the next column.
                self.deferred.push(i);
                i += 1;
                continue;
            }
            if fits || first {
                let y_top = c.used + space;
                c.used = y + s.height + s.space_after;
                if s.snap {
                    c.used = snap(c.used, self.cols.grid);
                }
                if fits {
                    c.notes.extend(&new_notes);
                    c.notes_h += add_h;
                } else {
                    self.squeeze_notes(c, &new_notes, carry_out);
                }
                c.placed.push(Placed {
                    slab: i,
                    y: y_top,
                    used_after: c.used,
                    notes_len_after: c.notes.len(),
                    notes_h_after: c.notes_h,
                    header: header_h > Pt::ZERO,
                });
                i += 1;
                continue;
            }
            // Does not fit: break after the last slab that allows it.
            let last_ok = c.placed.iter().rposition(|p| !self.body[p.slab].keep_with_next);
            if let Some(k) = last_ok {
                if carry_out.is_empty() {
                    if let Some(from) = self.set_one_line_off(c, k) {
                        i = from;
                        continue;
                    }
                    self.note_hole(c, k);
                }
                if k + 1 < c.placed.len() {
                    c.placed.truncate(k + 1);
                    let p = c.placed[k];
                    c.used = p.used_after;
                    c.notes.truncate(p.notes_len_after);
                    c.notes_h = p.notes_h_after;
                    i = p.slab + 1;
                    // Floats deferred from the lines taken back are met again in order.
                    self.deferred.retain(|&d| d < i);
                    self.span_top.retain(|&d| d < i);
                    let freed = self.take_back_spans(c, i);
                    if !freed.is_empty() {
                        // A spanning float at the page's foot went back with the lines: the
                        // column has its room again, and the float goes to the next page's top.
                        self.no_foot.extend(freed);
                        continue;
                    }
                }
            }
            break;
        }
        i
    }

    /// When breaking after placed slab `k` would leave more than `MAX_HOLE_LINES` empty lines,
    /// sets a paragraph with lines in this column one line off (TeX's `\looseness`; lines it has
    /// in an earlier column stay as they are): one line shorter when what is kept with slab `k`
    /// (a heading and its first lines) then fits under it, else one line longer when that
    /// leaves a hole small enough — the nearest paragraph before the break that can. The column
    /// is taken back to the paragraph's first line in it; returns that slab, to go on from. A
    /// paragraph set anew is not resettable again, so this ends.
    fn set_one_line_off(&mut self, c: &mut Column, k: usize) -> Option<usize> {
        let p = c.placed[k];
        let hole = self.kept_hole(c, k)?;
        // Paragraphs ending at or before the break with two lines or more in this column,
        // nearest first: (first slab in the column, last slab, lines kept in earlier columns).
        let candidates: Vec<(usize, usize, u32)> = (0..=k)
            .rev()
            .filter_map(|j| {
                let last = c.placed[j].slab;
                let end = self.body[last].resettable?;
                let first = (last + 1).checked_sub(end.lines as usize)?;
                let here = c.placed[..=j].iter().map(|q| q.slab).find(|&s| s >= first && s <= last)?;
                (here < last).then_some((here, last, (here - first) as u32))
            })
            .take(RESET_TRIES)
            .collect();
        let height = |slabs: &[Slab]| slabs.iter().map(|s| s.height).sum::<Pt>();
        let mut chosen = None;
        let both = [FAIR, LAST_RESORT];
        let tiers = if self.loosened.contains(&self.column_no()) { &both[..] } else { &both[..1] };
        'tries: for (poor_more, longer) in tiers.iter().flat_map(|t| [(t, false), (t, true)]) {
            for &(here, last, kept) in &candidates {
                let key = self.ask_one_line_off(last, kept);
                let Some(lines) = self.setting(key, longer, poor_more) else { continue };
                let change = height(lines) - height(&self.body[here..=last]);
                let good = if longer {
                    self.empty_lines(hole - change) <= MAX_HOLE_LINES
                } else {
                    self.kept_fit(c, p.used_after + change, p.notes_len_after, p.notes_h_after, p.slab + 1)
                };
                if good {
                    chosen = Some((here, last, kept, lines.to_vec(), longer));
                    break 'tries;
                }
            }
        }
        let (here, last, kept, lines, longer) = chosen?;
        let start = c.placed.iter().position(|q| q.slab == here)?;
        let id = self.body[last].resettable.map(|r| r.id)?;
        self.splice(here, last, lines, SetAnew { id, kept, longer });
        let (used, notes_len, notes_h) = match start.checked_sub(1).map(|b| c.placed[b]) {
            Some(before) => (before.used_after, before.notes_len_after, before.notes_h_after),
            None => (Pt::ZERO, 0, c.carried_h),
        };
        c.placed.truncate(start);
        c.used = used;
        c.notes.truncate(notes_len);
        c.notes_h = notes_h;
        // The slabs from the paragraph on are set again: floats met after it are met again.
        self.deferred.retain(|&d| d < here);
        self.span_top.retain(|&d| d < here);
        self.take_back_spans(c, here);
        Some(here)
    }

    /// The height left empty when column `c` breaks after placed slab `k`, if that is more than
    /// `MAX_HOLE_LINES` and left by a keep (a heading with its first lines): a block too tall for
    /// the rest of the column (the related box, a long table's first row) is no reason to reset
    /// a paragraph.
    fn kept_hole(&self, c: &Column, k: usize) -> Option<Pt> {
        let p = c.placed[k];
        let hole = c.cap - p.used_after - p.notes_h_after;
        let kept = self.body.get(p.slab + 1).is_some_and(|s| s.keep_with_next && !s.float);
        (kept && self.empty_lines(hole) > MAX_HOLE_LINES).then_some(hole)
    }

    /// Whole grid lines in a height: a part of a line left under notes is no empty line.
    fn empty_lines(&self, h: Pt) -> f64 {
        (h.0 / self.cols.grid.0 + 1e-6).floor()
    }

    /// Asks layout once for the paragraph ending at body slab `last` set one line off, its first
    /// `kept` lines as set; returns the key of the answer in `one_line_off`.
    fn ask_one_line_off(&mut self, last: usize, kept: u32) -> (u32, u32) {
        let key = (self.body[last].resettable.map_or(u32::MAX, |r| r.id), kept);
        let reset = &mut self.reset;
        self.one_line_off.entry(key).or_insert_with(|| reset(key.0, key.1));
        key
    }

    /// Whether the body slabs from `from` up to the first that allows a break after it fit in
    /// column `c` under `used`, with its notes as they were after `notes_len` of them
    /// (`notes_h` high) and the new notes those slabs bring. Placed as `fill` places them.
    fn kept_fit(&self, c: &Column, mut used: Pt, notes_len: usize, mut notes_h: Pt, from: usize) -> bool {
        let mut known = c.notes[..notes_len].to_vec();
        for s in &self.body[from..] {
            if s.float || s.span {
                return false;
            }
            for &n in &s.notes {
                if !self.note_starts.contains_key(&n) && !known.contains(&n) {
                    if notes_h == Pt::ZERO {
                        notes_h += self.separator();
                    }
                    notes_h += self.note_height(n);
                    known.push(n);
                }
            }
            let y = used + s.space_before;
            if y + s.height + notes_h > c.cap + EPS {
                return false;
            }
            used = y + s.height + s.space_after;
            if s.snap {
                used = snap(used, self.cols.grid);
            }
            if !s.keep_with_next {
                return true;
            }
        }
        true
    }

    /// Whether a slab ending at `end` leaves room under it for the separator, its new notes but
    /// the last whole, and the first `lines` lines of the last: every note starts under its mark.
    fn note_starts_here(&self, c: &Column, end: Pt, new_notes: &[u32], lines: usize) -> bool {
        let Some((&last, whole)) = new_notes.split_last() else { return false };
        let slabs = |n: u32| self.notes.get((n as usize).wrapping_sub(1)).into_iter().flatten();
        let head: Pt = whole.iter().map(|&n| self.note_height(n)).sum::<Pt>()
            + slabs(last).take(lines).map(|s| s.height).sum::<Pt>();
        let separator = if c.notes_h == Pt::ZERO { self.separator() } else { Pt::ZERO };
        end + c.notes_h + separator + head <= c.cap + EPS
    }

    /// Whether breaking the column after its last slab that allows a break would leave more than
    /// `MAX_HOLE_LINES` empty lines: then a note may start under its mark with a single line.
    fn hole_if_broken(&self, c: &Column) -> bool {
        let Some(k) = c.placed.iter().rposition(|p| !self.body[p.slab].keep_with_next) else { return false };
        let p = c.placed[k];
        c.cap - p.used_after - p.notes_h_after > self.cols.grid * MAX_HOLE_LINES
    }

    /// Sets the floats waiting from the previous column at this column's top, as many as fit
    /// (the first always: it has waited once).
    fn place_deferred(&mut self, c: &mut Column) {
        let waiting = std::mem::take(&mut self.deferred);
        for (k, &d) in waiting.iter().enumerate() {
            let s = &self.body[d];
            let space = if c.placed.is_empty() { Pt::ZERO } else { s.space_before };
            let y = c.used + space;
            if !c.placed.is_empty() && y + s.height + c.notes_h > c.cap + EPS {
                self.deferred = waiting[k..].to_vec();
                return;
            }
            c.used = snap(y + s.height + s.space_after, self.cols.grid);
            let (notes_len_after, notes_h_after) = (c.notes.len(), c.notes_h);
            c.placed.push(Placed { slab: d, y, used_after: c.used, notes_len_after, notes_h_after, header: false });
        }
    }

    /// Whether floats still wait for a column or a page.
    fn waiting(&self) -> bool {
        !self.deferred.is_empty() || !self.span_top.is_empty()
    }

    /// Starts a page whose columns' body is `height` high from `top`: the spanning floats that
    /// wait for it are set across its top, as many as `SPAN_SHARE` allows.
    fn open_page(&mut self, page: usize, top: Pt, height: Pt) {
        self.page_top = Pt::ZERO;
        self.page_bottom = Pt::ZERO;
        self.page_low = Pt::ZERO;
        self.page_notes = false;
        let waiting = std::mem::take(&mut self.span_top);
        for (k, &d) in waiting.iter().enumerate() {
            let s = &self.body[d];
            let need = snap(s.height + s.space_after, self.cols.grid);
            if k > 0 && self.page_top + need > height * SPAN_SHARE {
                self.span_top = waiting[k..].to_vec();
                return;
            }
            self.put(page, Pt::ZERO, top + self.page_top, What::Body(d));
            self.page_top += need;
        }
    }

    /// A spanning float met in column `c`: across the page's top while its first column is still
    /// empty, else at the page's foot when met in the first column and the text so far leaves
    /// room for it, else at the top of the next page. The text flows on either way.
    fn meet_span(&mut self, c: &mut Column, i: usize) {
        let s = &self.body[i];
        let grid = self.cols.grid;
        if c.index == 0 && c.placed.is_empty() {
            let need = snap(s.height + s.space_after, grid);
            if need + c.notes_h <= c.cap + EPS {
                self.put(c.page, Pt::ZERO, c.top, What::Body(i));
                c.top += need;
                c.cap -= need;
                self.page_top += need;
                return;
            }
        }
        let need = snap(s.height + s.space_before, grid);
        if c.index == 0 && c.used + c.notes_h + need <= c.cap + EPS && !self.no_foot.contains(&i) {
            c.cap -= need;
            self.page_bottom += need;
            self.span_bottom.push((i, need));
        } else {
            self.span_top.push(i);
        }
    }

    /// Spanning floats met after slab `from` in a column whose lines were taken back give their
    /// room at the page's foot back; they are met again. Returns them.
    fn take_back_spans(&mut self, c: &mut Column, from: usize) -> Vec<usize> {
        let mut freed = Vec::new();
        while let Some(&(d, need)) = self.span_bottom.last() {
            if d < from {
                break;
            }
            self.span_bottom.pop();
            c.cap += need;
            self.page_bottom -= need;
            freed.push(d);
        }
        freed
    }

    /// Ends a page: its spanning floats at the foot are set there, in the order they were met,
    /// the last one's foot on the body's foot at `bottom` — or, on the article's last page when
    /// no column has notes and no figure runs to the page edges, right under the columns' text,
    /// so that a short article does not end with a hole above them. A figure running to the
    /// page edges has its caption above its image there.
    fn close_page(&mut self, page: usize, bottom: Pt, last: bool) {
        let foot = bottom - self.page_bottom;
        let bleeds = self.span_bottom.iter().any(|&(d, _)| self.body[d].bleed.is_some());
        let mut y = if last && !self.page_notes && !bleeds { self.page_low.min(foot) } else { foot };
        for (d, need) in std::mem::take(&mut self.span_bottom) {
            let height = self.body[d].height;
            self.put(page, Pt::ZERO, y + need - height, What::BodyCaptionAbove(d));
            y += need;
        }
    }

    /// Remembers where page `page` begins when this is its first column with a slab.
    fn record_start(&mut self, page: usize, slab: usize) {
        let starts = &mut self.laid.page_starts;
        if starts.len() <= page {
            starts.resize(page + 1, None);
        }
        if starts[page].is_none() {
            starts[page] = self.body[slab].start.clone();
        }
    }

    /// A slab whose notes do not fit even alone: set what fits, continue the rest.
    fn squeeze_notes(&self, c: &mut Column, new_notes: &[u32], carry_out: &mut Vec<Carried>) {
        if new_notes.is_empty() {
            return;
        }
        let mut room = c.cap - c.used - c.notes_h;
        if c.notes_h == Pt::ZERO {
            room -= self.separator();
            c.notes_h = self.separator();
        }
        c.notes.extend(new_notes);
        // Whole notes first; the first one that does not fit is split by lines.
        let mut overflow = false;
        for &n in new_notes {
            for (k, s) in self.notes.get((n as usize).wrapping_sub(1)).into_iter().flatten().enumerate() {
                if !overflow && s.height <= room {
                    room -= s.height;
                    c.notes_h += s.height;
                } else {
                    overflow = true;
                    carry_out.push(Carried { note: n, first: k == 0, slab: s.clone() });
                }
            }
        }
    }

    /// Emits a column's slabs and notes onto its page (moving their items out).
    fn finish(&mut self, c: &Column) {
        let page = c.page;
        // A float set ahead of the text it follows does not mark where the page's text begins.
        let text = c.placed.iter().find(|p| !self.body[p.slab].float).or(c.placed.first());
        if let Some(first) = text {
            self.record_start(page, first.slab);
        }
        for p in &c.placed {
            let mut y = c.top + p.y;
            if let (true, Some(h)) = (p.header, self.body[p.slab].header.as_ref().map(|h| h.height)) {
                self.put(page, c.x, y, What::Header(p.slab));
                y += h;
            }
            self.put(page, c.x, y, What::Body(p.slab));
        }
        self.place_notes(c);
    }

    /// Sets a column's notes (continued ones first) under a short rule at its foot.
    fn place_notes(&mut self, c: &Column) {
        let page = c.page;
        if c.notes_h == Pt::ZERO {
            return;
        }
        let mut y = c.top + c.cap - c.notes_h;
        let rule_w = self.cols.width * 0.3;
        let rule = FrameItem::Rect { width: rule_w, height: Pt(0.4), ink: Ink::BLACK };
        self.put(page, c.x, y + self.separator() * 0.4, What::Item(rule));
        y += self.separator();
        for Carried { note, first, slab } in c.carry.iter().cloned() {
            if first {
                self.note_starts.insert(note, PagePosition { page, y });
            }
            y += slab.height;
            self.put(page, c.x, y - slab.height, What::Carried(Box::new(slab)));
        }
        // Notes in order; from the first line that does not fit on, everything was carried.
        let bottom = c.top + c.cap + EPS;
        let mut overflow = false;
        for &n in &c.notes {
            let Some(slabs) = self.notes.get((n as usize).wrapping_sub(1)) else { continue };
            let heights: Vec<Pt> = slabs.iter().map(|s| s.height).collect();
            for (k, height) in heights.into_iter().enumerate() {
                if overflow || y + height > bottom {
                    // Carried on by `squeeze_notes`; a carried first slab records the note's place.
                    overflow = true;
                    continue;
                }
                if k == 0 {
                    self.note_starts.insert(n, PagePosition { page, y });
                }
                self.put(page, c.x, y, What::Note(n, k));
                y += height;
            }
        }
    }

    /// Copies a slab's items onto a page at (x, y), recording links, anchors and folios.
    fn emit(&mut self, page: usize, x: Pt, y: Pt, s: Slab) {
        let base = self.laid.pages[page].len();
        for it in s.items {
            self.laid.pages[page].push(Positioned { x: it.x + x, y: it.y + y, ..it });
        }
        for link in s.links {
            let at = ItemRef { page, item: base + link.item };
            match link.target {
                DeferredTarget::Footnote(note) => self.note_links.push(NoteLink { at, note }),
                DeferredTarget::Article(target) => self.laid.article_links.push(ArticleLink { at, target }),
            }
        }
        for a in s.anchors {
            self.laid.anchors.push(AnchorOnPage { page, anchor: Anchor { y: a.y + y, ..a } });
        }
        for f in s.folios {
            let folio = FolioRef { right: f.right + x, baseline: f.baseline + y, at: base + f.at, ..f };
            self.laid.folios.push(FolioOnPage { page, folio });
        }
    }

    /// Points footnote marks at their notes, now that every note has a place.
    fn resolve_note_links(&mut self) {
        for link in &self.note_links {
            let Some(start) = self.note_starts.get(&link.note) else { continue };
            if let FrameItem::Link { target, .. } = &mut self.laid.pages[link.at.page][link.at.item].item {
                *target = start.link_dest();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(h: f64, keep: bool) -> Slab {
        Slab {
            height: Pt(h),
            keep_with_next: keep,
            items: vec![Positioned::new(
                Pt::ZERO,
                Pt::ZERO,
                FrameItem::Rect { width: Pt(10.0), height: Pt(1.0), ink: Ink::BLACK },
            )],
            ..Slab::default()
        }
    }

    /// Puts a linked mark of footnote `note` on a slab, as inline layout does. Its placeholder
    /// target is a URI, so that a mark pagination did not resolve stands out.
    fn mark(slab: &mut Slab, note: u32) {
        slab.notes.push(note);
        slab.links.push(DeferredLink { item: slab.items.len(), target: DeferredTarget::Footnote(note) });
        let target = LinkDest::Uri(String::new());
        let link = FrameItem::Link { width: Pt(5.0), height: Pt(5.0), target, description: String::new() };
        slab.items.push(Positioned::new(Pt::ZERO, Pt::ZERO, link));
    }

    /// For every resolved link: the page it sits on and the page it points at.
    fn link_pages(laid: &Laid) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (page, items) in laid.pages.iter().enumerate() {
            for item in items {
                if let FrameItem::Link { target: LinkDest::Page { page: target, .. }, .. } = &item.item {
                    out.push((page, *target));
                }
            }
        }
        out
    }

    fn cols(count: usize) -> Columns {
        Columns { count, width: Pt(100.0), gap: Pt(10.0), top: Pt(50.0), height: Pt(100.0), grid: Pt(10.0) }
    }

    #[test]
    fn fills_columns_then_pages() {
        let body: Vec<Slab> = (0..25).map(|_| line(10.0, false)).collect();
        let laid = paginate(vec![], body, vec![], &cols(2));
        assert_eq!(laid.pages.len(), 2);
        assert_eq!(laid.pages[0].len(), 20);
        assert!(laid.pages[0].iter().any(|p| p.x == Pt(110.0)));
    }

    #[test]
    fn keeps_move_together() {
        let mut body: Vec<Slab> = (0..9).map(|_| line(10.0, false)).collect();
        body.push(line(10.0, true)); // heading-like on the last line of the column
        body.push(line(10.0, false));
        let laid = paginate(vec![], body, vec![], &cols(1));
        assert_eq!(laid.pages[0].len(), 9);
        assert_eq!(laid.pages[1].len(), 2);
    }

    /// A paragraph of `n` lines, kept against widows and orphans, resettable as paragraph 0;
    /// its lines are rules `width` wide.
    fn paragraph(n: usize, width: f64) -> Vec<Slab> {
        let mut lines: Vec<Slab> = (0..n).map(|_| line(10.0, false)).collect();
        for l in &mut lines {
            l.items[0].item = FrameItem::Rect { width: Pt(width), height: Pt(1.0), ink: crate::pdf::frame::Ink::BLACK };
        }
        crate::pdf::layout::text::keep_lines(&mut lines);
        lines
    }

    /// Six lines of a paragraph, then a heading three lines high kept with the first two lines
    /// of a four-line paragraph, in a column of ten lines: four lines are left for five.
    fn before_a_two_line_heading() -> Vec<Slab> {
        let mut body = paragraph(6, 10.0);
        body[5].resettable = Some(ParagraphEnd { id: 0, lines: 6 });
        body.push(Slab { snap: true, ..line(30.0, true) });
        body.extend(paragraph(4, 10.0));
        body
    }

    /// How many slabs of each width page 0 holds: (old lines, the paragraph set anew).
    fn on_first_page(laid: &Laid) -> (usize, usize) {
        let count = |w: f64| {
            laid.pages[0].iter().filter(|i| matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(w))).count()
        };
        (count(10.0), count(11.0))
    }

    #[test]
    fn four_lines_left_before_a_heading_of_five_leave_a_hole_without_a_paragraph_to_reset() {
        let laid = paginate(vec![], before_a_two_line_heading(), vec![], &cols(1));
        assert_eq!(on_first_page(&laid), (6, 0), "the heading goes on, four lines stay empty");
        assert!(laid.reset.is_empty());
    }

    #[test]
    fn the_paragraph_before_set_one_line_shorter_lets_the_heading_and_two_lines_fit() {
        let mut asked = Vec::new();
        let mut reset = |id, kept| {
            asked.push((id, kept));
            OneLineOff { shorter: Some(paragraph(5, 11.0)), longer: Some(paragraph(7, 11.0)), ..OneLineOff::default() }
        };
        let laid = paginate_resetting(vec![], before_a_two_line_heading(), vec![], &cols(1), &mut reset);
        assert_eq!(asked, [(0, 0)]);
        // Five new lines, the heading and the first two lines of the paragraph after it.
        assert_eq!(on_first_page(&laid), (3, 5));
        assert_eq!(laid.reset, [SetAnew { id: 0, kept: 0, longer: false }]);
        assert_eq!(laid.pages[1].len(), 2, "the last two lines go on");
    }

    #[test]
    fn the_paragraph_before_set_one_line_longer_leaves_a_hole_of_three() {
        let mut reset = |_, _| OneLineOff { shorter: None, longer: Some(paragraph(7, 11.0)), ..OneLineOff::default() };
        let laid = paginate_resetting(vec![], before_a_two_line_heading(), vec![], &cols(1), &mut reset);
        assert_eq!(on_first_page(&laid), (0, 7));
        assert_eq!(laid.reset, [SetAnew { id: 0, kept: 0, longer: true }]);
    }

    #[test]
    fn a_setting_with_more_loose_lines_is_taken_as_a_last_resort() {
        let mut reset = |_, _| OneLineOff { shorter: Some(paragraph(5, 11.0)), longer: None, poor_more: [3, 0] };
        let laid = paginate_resetting(vec![], before_a_two_line_heading(), vec![], &cols(1), &mut reset);
        assert_eq!(on_first_page(&laid), (3, 5));
        assert_eq!(laid.reset, [SetAnew { id: 0, kept: 0, longer: false }]);
        let mut reset = |_, _| OneLineOff { shorter: Some(paragraph(5, 11.0)), longer: None, poor_more: [4, 0] };
        let laid = paginate_resetting(vec![], before_a_two_line_heading(), vec![], &cols(1), &mut reset);
        assert_eq!(on_first_page(&laid), (6, 0), "beyond the last resort the hole stays");
    }

    #[test]
    fn a_block_merely_too_tall_for_the_rest_of_the_column_resets_nothing() {
        // The related box at an article's end: five lines high, kept with nothing.
        let mut body = paragraph(6, 10.0);
        body[5].resettable = Some(ParagraphEnd { id: 0, lines: 6 });
        body.push(line(50.0, false));
        let mut asked = 0;
        let mut reset = |_, _| {
            asked += 1;
            OneLineOff { shorter: Some(paragraph(5, 11.0)), longer: Some(paragraph(7, 11.0)), ..OneLineOff::default() }
        };
        let laid = paginate_resetting(vec![], body, vec![], &cols(1), &mut reset);
        assert_eq!((asked, on_first_page(&laid)), (0, (6, 0)));
    }

    #[test]
    fn a_paragraph_begun_in_the_column_before_keeps_its_lines_there() {
        // Two columns of ten: eight lines of filler, then a paragraph of eight lines, two of them
        // in the first column; four lines left in the second column before the heading.
        let mut body: Vec<Slab> = (0..8).map(|_| line(10.0, false)).collect();
        let mut para = paragraph(8, 10.0);
        para[7].resettable = Some(ParagraphEnd { id: 0, lines: 8 });
        body.extend(para);
        body.push(Slab { snap: true, ..line(30.0, true) });
        body.extend(paragraph(4, 10.0));
        body.extend((0..20).map(|_| line(10.0, false)));
        let mut asked = Vec::new();
        let mut reset = |id, kept| {
            asked.push((id, kept));
            let mut lines = paragraph(7, 11.0);
            lines.drain(..kept as usize);
            OneLineOff { shorter: Some(lines), longer: None, ..OneLineOff::default() }
        };
        let laid = paginate_resetting(vec![], body, vec![], &cols(2), &mut reset);
        assert_eq!(asked, [(0, 2)]);
        let column = |x: f64, w: f64| {
            laid.pages[0]
                .iter()
                .filter(|i| i.x == Pt(x) && matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(w)))
                .count()
        };
        assert_eq!((column(0.0, 10.0), column(0.0, 11.0)), (10, 0), "the first column stays as it was");
        assert_eq!((column(110.0, 10.0), column(110.0, 11.0)), (3, 5), "five lines anew, heading, two lines");
    }

    /// Two columns of ten: a paragraph of ten lines fills the first; six lines that cannot be
    /// set anew, then a heading three lines high kept with two lines, leave four in the second.
    fn hole_after_a_full_column() -> Vec<Slab> {
        let mut body = paragraph(10, 10.0);
        body[9].resettable = Some(ParagraphEnd { id: 0, lines: 10 });
        body.extend((0..6).map(|_| line(10.0, false)));
        body.push(Slab { snap: true, ..line(30.0, true) });
        body.extend(paragraph(4, 10.0));
        body.extend((0..12).map(|_| line(10.0, false)));
        body
    }

    /// Slabs of width `w` in the column at `x` of page `page`.
    fn in_column(laid: &Laid, page: usize, x: f64, w: f64) -> usize {
        laid.pages[page]
            .iter()
            .filter(|i| i.x == Pt(x) && matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(w)))
            .count()
    }

    #[test]
    fn a_hole_no_paragraph_in_its_column_can_close_is_closed_by_one_in_the_column_before() {
        let mut asked = Vec::new();
        let mut reset = |id, kept| {
            asked.push((id, kept));
            OneLineOff { shorter: Some(paragraph(9, 11.0)), longer: None, ..OneLineOff::default() }
        };
        let laid = paginate_resetting(vec![], hole_after_a_full_column(), vec![], &cols(2), &mut reset);
        assert_eq!(asked, [(0, 0)]);
        assert_eq!(laid.reset, [SetAnew { id: 0, kept: 0, longer: false }]);
        // Nine lines anew and the first of the six; the other five, the heading and two lines.
        assert_eq!((in_column(&laid, 0, 0.0, 11.0), in_column(&laid, 0, 0.0, 10.0)), (9, 1));
        assert_eq!(in_column(&laid, 0, 110.0, 10.0), 8);
    }

    #[test]
    fn a_paragraph_in_the_column_before_set_one_line_longer_pushes_the_hole_small() {
        // Eleven lines: the last two go on (no widow), so the second column has eight lines
        // before the heading, which goes on with a hole of two.
        let mut reset = |_, _| OneLineOff { shorter: None, longer: Some(paragraph(11, 11.0)), ..OneLineOff::default() };
        let laid = paginate_resetting(vec![], hole_after_a_full_column(), vec![], &cols(2), &mut reset);
        assert_eq!(laid.reset, [SetAnew { id: 0, kept: 0, longer: true }]);
        assert_eq!((in_column(&laid, 0, 0.0, 11.0), in_column(&laid, 0, 110.0, 11.0)), (9, 2));
        assert_eq!(in_column(&laid, 0, 110.0, 10.0), 6);
    }

    #[test]
    fn a_hole_nothing_before_can_close_stays() {
        let mut asked = 0;
        let mut reset = |_, _| {
            asked += 1;
            OneLineOff::default()
        };
        let laid = paginate_resetting(vec![], hole_after_a_full_column(), vec![], &cols(2), &mut reset);
        assert_eq!((asked, laid.reset.len()), (1, 0));
        assert_eq!((in_column(&laid, 0, 0.0, 10.0), in_column(&laid, 0, 110.0, 10.0)), (10, 6), "the hole stays");
        assert_eq!(in_column(&laid, 1, 0.0, 10.0), 8, "the heading opens the next page, the rest follows");
    }

    #[test]
    fn a_hole_on_the_opening_page_is_closed_by_sinking_the_body_a_line() {
        // One column of ten under a head of one line: five lines, then a heading of three kept
        // with two lines need ten of the nine left. A line lower, the hole under the five is
        // three lines, small enough.
        let head = vec![line(10.0, false)];
        let mut body: Vec<Slab> = (0..5).map(|_| line(10.0, false)).collect();
        body.push(Slab { snap: true, ..line(30.0, true) });
        body.extend(paragraph(4, 10.0));
        body.extend((0..12).map(|_| line(10.0, false)));
        let laid = paginate(head, body, vec![], &cols(1));
        let on_first: Vec<Pt> = laid.pages[0].iter().map(|i| i.y).collect();
        assert_eq!(on_first.len(), 6, "the head and five lines");
        assert_eq!(on_first[1], Pt(70.0), "the body starts two lines under the head's top");
    }

    #[test]
    fn a_hole_closed_stays_closed_when_a_later_one_cannot_be() {
        // The opening page's hole closes by sinking the body (as above); the next page has a
        // hole of four with nothing to set anew, which must not take the sink back.
        let head = vec![line(10.0, false)];
        let heading = || Slab { snap: true, ..line(30.0, true) };
        let mut body: Vec<Slab> = (0..5).map(|_| line(10.0, false)).collect();
        body.push(heading());
        body.extend(paragraph(3, 10.0));
        body.push(heading());
        body.extend(paragraph(4, 10.0));
        body.extend((0..12).map(|_| line(10.0, false)));
        let laid = paginate(head, body, vec![], &cols(1));
        assert_eq!(laid.pages[0][1].y, Pt(70.0), "the body still starts two lines under the head's top");
        assert_eq!(laid.pages[1].len(), 4, "a heading and three lines, then the hole");
    }

    #[test]
    fn note_goes_with_its_mark() {
        let mut body: Vec<Slab> = (0..12).map(|_| line(10.0, false)).collect();
        mark(&mut body[8], 1);
        let notes = vec![vec![line(10.0, false), line(10.0, false)]];
        let laid = paginate(vec![], body, notes, &cols(1));
        assert_eq!(link_pages(&laid), [(1, 1)], "the mark moves on with its note");
    }

    #[test]
    fn huge_note_is_split_without_hanging() {
        let mut body: Vec<Slab> = (0..5).map(|_| line(10.0, false)).collect();
        mark(&mut body[0], 1);
        let notes = vec![(0..30).map(|_| line(10.0, false)).collect()];
        let laid = paginate(vec![], body, notes, &cols(1));
        assert_eq!(link_pages(&laid), [(0, 0)], "the note starts under its mark");
        assert!(laid.pages.len() >= 3 && laid.pages.len() < 10);
    }

    #[test]
    fn mark_of_a_note_pushed_on_by_a_huge_one_points_where_it_lands() {
        let mut body: Vec<Slab> = (0..5).map(|_| line(10.0, false)).collect();
        body[0].notes = vec![1];
        mark(&mut body[0], 2);
        let second =
            Positioned::new(Pt::ZERO, Pt::ZERO, FrameItem::Rect { width: Pt(77.0), height: Pt(1.0), ink: Ink::BLACK });
        let mut note2 = line(10.0, false);
        note2.items = vec![second];
        let notes = vec![(0..30).map(|_| line(10.0, false)).collect(), vec![note2]];
        let laid = paginate(vec![], body, notes, &cols(1));
        let landed = laid.pages.iter().enumerate().find_map(|(p, items)| {
            items
                .iter()
                .find(|i| matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(77.0)))
                .map(|i| (p, i.y))
        });
        let (page, y) = landed.expect("the second note is set");
        assert!(page > 0, "the huge first note pushes the second on");
        let target = laid.pages[0].iter().find_map(|i| {
            if let FrameItem::Link { target, .. } = &i.item {
                Some(target.clone())
            } else {
                None
            }
        });
        assert_eq!(target, Some(LinkDest::Page { page, y }));
    }

    /// A float across both columns, 30 high, marked by a rule 210 wide.
    fn span() -> Slab {
        let rule = FrameItem::Rect { width: Pt(210.0), height: Pt(1.0), ink: Ink::BLACK };
        Slab {
            height: Pt(30.0),
            span: true,
            float: true,
            items: vec![Positioned::new(Pt::ZERO, Pt::ZERO, rule)],
            ..Slab::default()
        }
    }

    /// (page, x, y) of the spanning float's rule.
    fn span_at(laid: &Laid) -> (usize, Pt, Pt) {
        let found = laid.pages.iter().enumerate().find_map(|(p, items)| {
            items
                .iter()
                .find(|i| matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(210.0)))
                .map(|i| (p, i.x, i.y))
        });
        found.expect("the float is set")
    }

    /// The lowest text line's y in column `x` of page `page`.
    fn lowest(laid: &Laid, page: usize, x: Pt) -> Pt {
        let lines = laid.pages[page]
            .iter()
            .filter(|i| i.x == x && matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(10.0)));
        lines.map(|i| i.y).fold(Pt::ZERO, Pt::max)
    }

    #[test]
    fn wide_float_met_in_the_first_column_goes_to_the_foot_of_its_page() {
        let mut body: Vec<Slab> = (0..30).map(|_| line(10.0, false)).collect();
        body.insert(3, span());
        let laid = paginate(vec![], body, vec![], &cols(2));
        let (page, x, y) = span_at(&laid);
        assert_eq!((page, x, y), (0, Pt::ZERO, Pt(120.0)), "its foot on the body's foot");
        // Both columns end above it, full: seven lines each.
        assert_eq!(lowest(&laid, 0, Pt::ZERO), Pt(110.0));
        assert_eq!(lowest(&laid, 0, Pt(110.0)), Pt(110.0));
        assert_eq!(laid.pages[0].len(), 15);
    }

    #[test]
    fn wide_float_met_in_the_second_column_opens_the_next_page() {
        let mut body: Vec<Slab> = (0..40).map(|_| line(10.0, false)).collect();
        body.insert(13, span());
        let laid = paginate(vec![], body, vec![], &cols(2));
        assert_eq!(span_at(&laid), (1, Pt::ZERO, Pt(50.0)));
        // The text flowed on to the foot of the second column, and starts under the float.
        assert_eq!(lowest(&laid, 0, Pt(110.0)), Pt(140.0));
        let first =
            laid.pages[1].iter().filter(|i| matches!(i.item, FrameItem::Rect { width, .. } if width == Pt(10.0)));
        assert_eq!(first.map(|i| i.y).fold(Pt(1e9), Pt::min), Pt(80.0));
    }

    #[test]
    fn wide_float_first_in_a_page_goes_across_its_top() {
        let mut body: Vec<Slab> = (0..12).map(|_| line(10.0, false)).collect();
        body.insert(0, span());
        let laid = paginate(vec![], body, vec![], &cols(2));
        assert_eq!(span_at(&laid), (0, Pt::ZERO, Pt(50.0)));
        assert_eq!(lowest(&laid, 0, Pt::ZERO), Pt(140.0));
        assert_eq!(laid.pages.len(), 1);
    }

    #[test]
    fn wide_float_on_the_last_page_stands_under_the_text() {
        let mut body: Vec<Slab> = (0..5).map(|_| line(10.0, false)).collect();
        body.insert(3, span());
        let laid = paginate(vec![], body, vec![], &cols(2));
        assert_eq!(span_at(&laid), (0, Pt::ZERO, Pt(100.0)), "under the five lines, not at the foot");
    }

    #[test]
    fn wide_float_that_goes_back_with_lines_leaves_no_hole_where_it_was() {
        // Three lines and a heading; the float, met after the heading, takes the page's foot;
        // the paragraph's first line fits above it, its second not, so the heading and that
        // line go back — and with them the float, whose room the column gets back.
        let mut body: Vec<Slab> = (0..3).map(|_| line(10.0, false)).collect();
        body.push(Slab { snap: true, ..line(30.0, true) });
        body.push(span());
        body.extend(paragraph(6, 10.0));
        body.extend((0..12).map(|_| line(10.0, false)));
        let laid = paginate(vec![], body, vec![], &cols(2));
        assert_eq!(lowest(&laid, 0, Pt::ZERO), Pt(140.0), "the first column is full");
        assert_eq!(span_at(&laid).0, 1, "the float opens the next page");
    }

    #[test]
    fn stacked_slabs_keep_their_items_in_place() {
        let mut a = line(10.0, false);
        a.space_before = Pt(4.0);
        let mut b = line(12.0, false);
        b.space_after = Pt(5.0);
        mark(&mut b, 1);
        let s = Slab::stacked(vec![a, b]);
        assert_eq!((s.height, s.space_before, s.space_after), (Pt(22.0), Pt(4.0), Pt(5.0)));
        assert_eq!(s.items[1].y, Pt(10.0));
        assert_eq!((s.notes.clone(), s.links[0].item), (vec![1], 2));
    }

    /// Random articles of paragraphs (some resettable, some with notes), headings of one or two
    /// lines, floats and floats across the columns, in one or two columns, with random settings
    /// one line off: pagination ends, and every slab, note line and chosen setting is on the
    /// pages exactly once.
    mod random {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Block {
            /// Lines, whether it may be set anew, and a note (of so many lines) on its first line.
            Paragraph(usize, bool, Option<usize>),
            Heading(bool),
            Float(u8),
            Span(u8),
        }

        fn block() -> impl Strategy<Value = Block> {
            prop_oneof![
                6 => (1usize..14, any::<bool>(), prop::option::of(1usize..6))
                    .prop_map(|(n, resettable, note)| Block::Paragraph(n, resettable && note.is_none(), note)),
                2 => any::<bool>().prop_map(Block::Heading),
                1 => (2u8..6).prop_map(Block::Float),
                1 => (2u8..5).prop_map(Block::Span),
            ]
        }

        fn rect(width: f64, h: f64) -> Slab {
            let mut slab = line(h, false);
            slab.items[0].item = FrameItem::Rect { width: Pt(width), height: Pt(1.0), ink: Ink::BLACK };
            slab
        }

        /// Body, notes, and per resettable paragraph id its line count; items are rects whose
        /// width says what they are: 10 a line, 20 a heading, 40 a float, 210 a span, 7 a note line.
        fn article(blocks: &[Block]) -> (Vec<Slab>, Vec<Vec<Slab>>, Vec<usize>) {
            let (mut body, mut notes, mut lines_of) = (Vec::new(), Vec::new(), Vec::new());
            for b in blocks {
                match *b {
                    Block::Paragraph(n, resettable, note) => {
                        let mut lines: Vec<Slab> = (0..n).map(|_| rect(10.0, 10.0)).collect();
                        crate::pdf::layout::text::keep_lines(&mut lines);
                        if resettable {
                            lines[n - 1].resettable = Some(ParagraphEnd { id: lines_of.len() as u32, lines: n as u32 });
                            lines_of.push(n);
                        }
                        if let Some(k) = note {
                            notes.push((0..k).map(|_| rect(7.0, 8.0)).collect());
                            mark(&mut lines[0], notes.len() as u32);
                        }
                        body.extend(lines);
                    }
                    Block::Heading(two) => body.push(Slab {
                        snap: true,
                        keep_with_next: true,
                        space_before: Pt(10.0),
                        ..rect(20.0, if two { 30.0 } else { 20.0 })
                    }),
                    Block::Float(h) => body.push(Slab { float: true, snap: true, ..rect(40.0, f64::from(h) * 10.0) }),
                    Block::Span(h) => {
                        let mut s = span();
                        s.height = Pt(f64::from(h) * 10.0);
                        body.push(s);
                    }
                }
            }
            (body, notes, lines_of)
        }

        fn count(laid: &Laid, width: f64) -> usize {
            laid.pages
                .iter()
                .flatten()
                .filter(|i| matches!(i.item, FrameItem::Rect { width: w, .. } if w == Pt(width)))
                .count()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn every_slab_lands_once(
                blocks in prop::collection::vec(block(), 1..40),
                two in any::<bool>(),
                settings in prop::collection::vec((any::<bool>(), any::<bool>(), 0usize..5, 0usize..5), 64),
            ) {
                let (body, notes, lines_of) = article(&blocks);
                let (headings, floats, spans) = blocks.iter().fold((0, 0, 0), |(h, f, s), b| match b {
                    Block::Heading(_) => (h + 1, f, s),
                    Block::Float(_) => (h, f + 1, s),
                    Block::Span(_) => (h, f, s + 1),
                    Block::Paragraph(..) => (h, f, s),
                });
                let lines: usize = blocks.iter().map(|b| if let Block::Paragraph(n, ..) = b { *n } else { 0 }).sum();
                let note_lines: usize = notes.iter().map(Vec::len).sum();
                let mut reset = |id: u32, kept: u32| {
                    let (shorter, longer, poor_short, poor_long) = settings[id as usize % settings.len()];
                    let n = lines_of[id as usize];
                    let set = |m: usize| -> Vec<Slab> {
                        let mut anew: Vec<Slab> = (0..m).map(|_| rect(11.0, 10.0)).collect();
                        crate::pdf::layout::text::keep_lines(&mut anew);
                        anew.drain(..(kept as usize).min(m));
                        anew
                    };
                    OneLineOff {
                        shorter: (shorter && n > kept as usize + 1).then(|| set(n - 1)),
                        longer: longer.then(|| set(n + 1)),
                        poor_more: [poor_short, poor_long],
                    }
                };
                let laid = paginate_resetting(vec![], body, notes, &cols(if two { 2 } else { 1 }), &mut reset);
                // Each paragraph set anew: its lines from `kept` on replaced by the setting's.
                let (mut gone, mut new) = (0, 0);
                for set in &laid.reset {
                    let n = lines_of[set.id as usize];
                    let m = if set.longer { n + 1 } else { n - 1 };
                    gone += n - set.kept as usize;
                    new += m - set.kept as usize;
                }
                prop_assert_eq!(count(&laid, 10.0), lines - gone);
                prop_assert_eq!(count(&laid, 11.0), new);
                prop_assert_eq!((count(&laid, 20.0), count(&laid, 40.0), count(&laid, 210.0)), (headings, floats, spans));
                prop_assert_eq!(count(&laid, 7.0), note_lines);
                let ids: std::collections::HashSet<u32> = laid.reset.iter().map(|s| s.id).collect();
                prop_assert_eq!(ids.len(), laid.reset.len(), "a paragraph is set anew once");
            }
        }
    }
}
