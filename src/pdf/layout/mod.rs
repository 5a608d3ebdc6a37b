//! Page layout: the model `Issue` → `frame::Document`. Title page, contents, the articles (each
//! laid out into its own pages in parallel, then concatenated and numbered), the imprint; then
//! links, contents page numbers, related-article boxes and running heads are resolved.

mod bleed;
mod blocks;
mod cache;
mod front;
mod house_faces;
pub mod offprint;
mod pages;
mod table;
mod tags;
mod text;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::model::{Article, ArticleId, AssetId, Issue, PageStart, TextPosition};
use crate::pdf::frame::{
    DocInfo, Document, FrameItem, ImageData, Ink, LinkDest, OutlineEntry, Page, Positioned, StructNode, StructRole, Tag,
};
use crate::pdf::images;
use crate::pdf::typeset::inline::{layout_line, Makeshift, PoorLine, Span};
use crate::pdf::units::Pt;
use crate::style::page::PdfStyle;

pub use cache::{ArticleCache, CacheCount};

use blocks::{Flow, Measure};
use pages::{
    paginate_resetting, AnchorOnPage, ArticleLink, Columns, FolioOnPage, ItemRef, Laid, OneLineOff, PagePosition, Slab,
};

/// Page geometry from a style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub page_w: Pt,
    pub page_h: Pt,
    pub inner: Pt,
    pub outer: Pt,
    /// y of the body's top.
    pub top: Pt,
    pub body_w: Pt,
    /// Body height, a whole number of grid lines.
    pub body_h: Pt,
}

impl Geometry {
    fn new(style: &PdfStyle) -> Geometry {
        let (page_w, page_h) = style.page_size();
        let m = style.margins;
        let (inner, outer) = (Pt::from_mm(m.inner), Pt::from_mm(m.outer));
        let top = Pt::from_mm(m.top);
        // Degenerate styles (margins wider than the page) still get a usable body.
        let body_w = (page_w - inner - outer).max(page_w * 0.2);
        let raw_h = (page_h - top - Pt::from_mm(m.bottom)).max(page_h * 0.2);
        let grid = style.leading.max(1.0);
        let body_h = Pt((raw_h.0 / grid).floor().max(1.0) * grid);
        Geometry { page_w, page_h, inner, outer, top, body_w, body_h }
    }

    /// Left edge of the body on page `index` (0 = title page, a right-hand page).
    fn body_left(&self, index: usize) -> Pt {
        if index.is_multiple_of(2) {
            self.inner
        } else {
            self.outer
        }
    }
}

/// Print shops ask for 300 ppi and accept about 250: below that an image gets a warning.
pub(crate) const PPI_WARN: f64 = 250.0;
/// Below 150 ppi an image prints visibly soft: layout never enlarges an image past this just
/// to fill the measure.
pub(crate) const PPI_MIN: f64 = 150.0;

/// The effective resolution of `pixels` drawn `drawn` wide (or high).
pub(crate) fn ppi(pixels: f64, drawn: Pt) -> f64 {
    pixels * 72.0 / drawn.0.max(f64::MIN_POSITIVE)
}

/// The widest an image of `pixels` may be drawn without falling under `PPI_MIN`.
pub(crate) fn widest(pixels: f64) -> Pt {
    Pt(pixels * 72.0 / PPI_MIN)
}

/// An image drawn coarser than print shops accept: the asset and its effective resolution.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LowResolution {
    pub asset: AssetId,
    pub ppi: f64,
    /// A figure marked to run to the page edges, set in the type area instead because from
    /// edge to edge it would print at `ppi`, under `PPI_MIN`.
    pub edge_to_edge: bool,
}

/// The warning for an image drawn at `ppi`, naming the editor's file and where it is used.
fn resolution_warning(issue: &Issue, low: LowResolution, used_in: &str) -> Diagnostic {
    let path = &issue.asset(low.asset).path;
    if low.edge_to_edge {
        return Diagnostic::warning(format!(
            "image {path} in {used_in} is marked `{{.bleed}}` but would print at {:.0} ppi from edge to edge, \
             below {PPI_MIN:.0}; it is set in the type area",
            low.ppi
        ))
        .hint(format!(
            "use a file with about {:.0} % more pixels in each direction for {PPI_WARN:.0} ppi across the page",
            (PPI_WARN / low.ppi - 1.0) * 100.0
        ));
    }
    Diagnostic::warning(format!(
        "image {path} in {used_in} prints at {:.0} ppi, below the {PPI_WARN:.0} ppi print shops accept",
        low.ppi
    ))
    .hint(format!(
        "use a file with about {:.0} % more pixels in each direction for 300 ppi",
        (300.0 / low.ppi - 1.0) * 100.0
    ))
}

/// An asset decoded for drawing: its index in `Document::images` and its size in pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DrawableImage {
    pub index: usize,
    pub width: f64,
    pub height: f64,
}

/// Decoded images, one slot per asset; `None` for an asset that cannot be drawn.
#[derive(Debug, Default)]
pub(crate) struct ImageTable {
    slots: Vec<Option<DrawableImage>>,
}

impl ImageTable {
    pub fn get(&self, asset: AssetId) -> Option<DrawableImage> {
        self.slots[asset.index()]
    }
}

/// Everything article layout reads, shared by all threads.
pub(crate) struct Ctx<'a> {
    pub style: &'a PdfStyle,
    pub issue: &'a Issue,
    pub images: &'a ImageTable,
    pub geo: Geometry,
}

impl Ctx<'_> {
    /// Column layout of the body with `count` columns.
    fn columns(&self, count: usize) -> Columns {
        let gap = Pt::from_mm(self.style.column_gap);
        let width = (self.geo.body_w - gap * (count as f64 - 1.0)) / count as f64;
        Columns { count, width, gap, top: self.geo.top, height: self.geo.body_h, grid: Pt(self.style.leading.max(1.0)) }
    }

    fn body_measure(&self, width: Pt) -> Measure {
        let s = self.style;
        Measure {
            x: Pt::ZERO,
            width,
            min_width: width / 3.0,
            size: Pt(s.body_size),
            leading: Pt(s.leading),
            indent: Pt(s.body_size * s.paragraph_indent),
            depth: 0,
        }
    }
}

/// Lays out an issue; returns the document and warnings (undrawable images, missing glyphs).
pub fn layout(issue: &Issue, style: &PdfStyle) -> (Document, Vec<Diagnostic>) {
    let laid = layout_with_page_starts(issue, style);
    (laid.document, laid.warnings)
}

/// A laid-out issue with, for each page, where it begins in the model.
pub struct LaidOut {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
    /// Notes for `--verbose`: justified lines set ragged or loose.
    pub notes: Vec<Diagnostic>,
    /// One per page of `document`, in order: what the EPUB marks as that print page's start.
    pub page_starts: Vec<PageStart>,
    /// The pages of each article (by the laid-out issue's ids) and of the imprint: what an
    /// offprint selects.
    pub parts: offprint::Parts,
}

/// Lays out an issue like `layout`, also recording where each page begins.
pub fn layout_with_page_starts(issue: &Issue, style: &PdfStyle) -> LaidOut {
    layout_observed(issue, style, None, &crate::progress::Silent)
}

/// Lays out an issue like `layout_with_page_starts`, taking unchanged articles from `cache` (and
/// keeping this build's there) and telling `observer` of each article laid out. The document is
/// the same, byte for byte, with or without a cache.
pub fn layout_observed(
    issue: &Issue,
    style: &PdfStyle,
    cache: Option<&mut ArticleCache>,
    observer: &dyn crate::progress::Observer,
) -> LaidOut {
    let geo = Geometry::new(style);
    let DecodedImages { table, data, mut warnings } = decode_images(issue);
    let ctx = Ctx { style, issue, images: &table, geo };
    let articles = cache::lay_out_articles(&ctx, cache, observer);
    let mut flow = Flow::new(&ctx, &issue.language);
    let title = front::title_page(&ctx, &mut flow);
    for low in std::mem::take(&mut flow.low_resolution) {
        warnings.push(resolution_warning(issue, low, "the title page (the cover)"));
    }
    // Title page, contents and imprint share one flow; each is its own part of the structure.
    let title_tree = flow.start_part(StructRole::Part);
    let mut toc = front::toc(&ctx, &mut flow);
    toc.tree = flow.start_part(StructRole::Part);
    let imprint = issue.imprint.as_ref().map(|im| {
        let mut laid = front::imprint(&ctx, &mut flow, &im.blocks);
        laid.tree = flow.start_part(StructRole::Part);
        laid
    });
    let labels = front::labels(&issue.language);

    let mut book = Book::new();
    book.append(Laid { pages: vec![title], tree: title_tree, ..Laid::default() }, String::new());
    let mut page_starts = vec![PageStart::TitlePage];
    page_starts.extend((0..toc.pages.len()).map(|k| if k == 0 { PageStart::Contents } else { PageStart::Unplaced }));
    let toc_start = book.append(toc, labels.contents.to_string());
    let mut starts = Vec::with_capacity(articles.len());
    let mut laid_anchors = Vec::with_capacity(articles.len());
    let mut notes = Vec::new();
    for (((laid, warn), a), (article, _)) in articles.into_iter().zip(&issue.articles).zip(issue.articles_with_ids()) {
        for diagnostic in warn {
            if diagnostic.is_note() { &mut notes } else { &mut warnings }.push(diagnostic);
        }
        page_starts.extend(part_starts(&laid, |at| PageStart::Article { article, at }));
        let start = book.pages.len();
        let on_book_pages =
            laid.anchors.iter().map(|a| AnchorOnPage { page: a.page + start, anchor: a.anchor.clone() });
        laid_anchors.push(on_book_pages.collect::<Vec<_>>());
        starts.push(book.append(laid, a.title.clone()));
    }
    if let Some(laid) = &imprint {
        page_starts.extend(part_starts(laid, |at| PageStart::Imprint { at }));
    }
    let imprint_start = imprint.map(|l| book.append(l, labels.imprint.to_string()));

    let parts = offprint::Parts::new(&starts, imprint_start, book.pages.len());
    book.resolve(&ctx, &starts, &laid_anchors);
    let structure = std::mem::take(&mut book.structure);
    let pages = book.finish(&ctx);
    let outline = outline(issue, &starts, &laid_anchors, toc_start, imprint_start, &labels);
    let swatches = issue.style.page.colours.swatches();
    let document =
        Document { pages, outline, info: info(issue), images: data, structure, page_numbers: Vec::new(), swatches };
    warnings.extend(house_faces::missing_style_warnings(&document, &issue.style.fonts));
    debug_assert_eq!(page_starts.len(), document.pages.len());
    LaidOut { document, warnings, notes, page_starts, parts }
}

/// Where each page of a laid-out part (an article, the imprint) begins: its first page at the
/// part's start (`None`), each later one at its first slab; a page without one is unplaced.
fn part_starts(laid: &Laid, start: impl Fn(Option<TextPosition>) -> PageStart) -> Vec<PageStart> {
    (0..laid.pages.len())
        .map(|k| match (k, laid.page_starts.get(k).cloned().flatten()) {
            (0, _) => start(None),
            (_, Some(at)) => start(Some(at)),
            (_, None) => PageStart::Unplaced,
        })
        .collect()
}

/// The issue's images, decoded once for layout and painting.
struct DecodedImages {
    /// By asset: where its data is and how large it is.
    table: ImageTable,
    /// The drawable images, as `Document::images`.
    data: Vec<ImageData>,
    /// One per asset that cannot be drawn.
    warnings: Vec<Diagnostic>,
}

/// Decodes every asset once; undrawable ones give a warning and a gap in the table.
fn decode_images(issue: &Issue) -> DecodedImages {
    let decoded: Vec<_> = issue.assets.par_iter().map(images::decode).collect();
    let mut table = ImageTable::default();
    let mut data = Vec::new();
    let mut warnings = Vec::new();
    for d in decoded {
        match d {
            Ok(img) => {
                let (w, h) = match &img {
                    ImageData::Jpeg { width, height, .. } | ImageData::Rgb { width, height, .. } => (*width, *height),
                };
                let drawable =
                    DrawableImage { index: data.len(), width: f64::from(w.max(1)), height: f64::from(h.max(1)) };
                table.slots.push(Some(drawable));
                data.push(img);
            }
            Err(e) => {
                warnings.push(Diagnostic::warning(e.to_string()));
                table.slots.push(None);
            }
        }
    }
    DecodedImages { table, data, warnings }
}

/// One article: head, body, related box and footnotes, into its own pages.
fn layout_article(ctx: &Ctx, a: &Article) -> (Laid, Vec<Diagnostic>) {
    let mut flow = Flow::new(ctx, &a.lang);
    flow.start_part(StructRole::Art);
    if a.lang != ctx.issue.language {
        flow.tree.node_mut(tags::Tree::ROOT).text_mut().lang = Some(a.lang.clone());
    }
    flow.note_prefix = format!("{}-", a.id);
    let cols = ctx.columns(ctx.style.column_count());
    let mut head = front::article_head(&mut flow, a, ctx.geo.body_w);
    sink_opening(&mut head, ctx);
    let m = ctx.body_measure(cols.width);
    let mut body = Vec::new();
    flow.blocks(&a.blocks, m, &mut body);
    let related = front::related_box(&mut flow, a, ctx.issue, m).map(|mut b| {
        // One past the last block: what follows the body.
        b.start = Some(TextPosition { block: vec![a.blocks.len()], offset: 0 });
        b
    });
    let notes: Vec<Vec<Slab>> = a.footnotes.iter().map(|f| note_slabs(&mut flow, f, cols.width)).collect();
    // A paragraph is set one line off only when the paginator asks, where a column would end
    // in a hole: rarely, so the normal path pays for keeping its spans alone.
    let mut reset = |id, kept| flow.one_line_off(id, kept);
    let mut laid = match related {
        Some(b) => paginate_with_related(head, body, b, notes, &cols, a.blocks.len(), &mut reset),
        None => paginate_resetting(head, body, notes, &cols, &mut reset),
    };
    flow.replace_poor_lines(&laid.reset);
    laid.tree = std::mem::take(&mut flow.tree);
    let first_missing = flow.missing.first().map(char::to_string);
    let mut warnings: Vec<Diagnostic> = missing_warning(flow.missing, &a.title)
        .map(|w| missing_diagnostic(w, a.file, first_missing))
        .into_iter()
        .collect();
    warnings.extend(substitution_warnings(&flow.substituted, &a.title, a.file));
    let used_in = format!("\"{}\"", a.title);
    for low in flow.low_resolution {
        warnings.push(resolution_warning(ctx.issue, low, &used_in).at(a.file, None));
    }
    warnings.extend(flow.poorly_justified.iter().map(|poor| poor_line_note(poor, a.file)));
    (laid, warnings)
}

/// The note (`--verbose`) on a justified line that could not justify well, at the first place
/// in the article file that holds its longest word (layout keeps no source positions).
fn poor_line_note(poor: &PoorLine, file: crate::source::FileId) -> Diagnostic {
    let what = match poor.makeshift {
        Makeshift::Ragged => "set ragged",
        Makeshift::Loose => "set loose (letter-spaced, wide word spaces)",
    };
    let note = Diagnostic::note(format!("a justified line was {what}: \"{}\"", poor.text))
        .hint("it cannot justify well (a long address, a few long words); rewording, a shorter address or a soft hyphen (&shy;) in a long word helps");
    match longest_word(&poor.text) {
        Some(word) => note.at_text(file, word),
        None => note.at(file, None),
    }
}

/// The longest word of a line without the punctuation around it: likely to appear as written
/// in the Markdown source.
fn longest_word(text: &str) -> Option<&str> {
    let is_mark = |c: char| !c.is_alphanumeric() && !matches!(c, '/' | '-' | '_' | '.' | ':' | '@' | '%');
    let words = text.split(' ').map(|w| w.trim_matches(is_mark).trim_end_matches(['.', ':', '-']));
    words.filter(|w| !w.is_empty()).max_by_key(|w| w.chars().count())
}

/// The missing-glyph warning at the article file, at the line of the first character it names
/// when the report finds it there.
fn missing_diagnostic(message: String, file: crate::source::FileId, first: Option<String>) -> Diagnostic {
    let warning = Diagnostic::warning(message)
        .hint("each such character is drawn as an empty box (□) that still copies out; write it another way if a box will not do");
    match first {
        Some(ch) => warning.at_text(file, ch),
        None => warning.at(file, None),
    }
}

/// How many characters a house face lacks are reported one by one per article; the rest are
/// counted in the last warning.
const SUBSTITUTED_LISTED: usize = 8;

/// One warning per character of an article that a house face lacks and a bundled face set in
/// its place, at the line where it first occurs.
fn substitution_warnings(substituted: &[char], title: &str, file: crate::source::FileId) -> Vec<Diagnostic> {
    let hint = "the faces the style names under [fonts] lack it: choose fonts that cover the text, or write the character another way";
    let mut warnings: Vec<Diagnostic> = substituted
        .iter()
        .take(SUBSTITUTED_LISTED)
        .map(|&ch| {
            Diagnostic::warning(format!(
                "the house font has no U+{:04X} ({ch}), used in \"{title}\"; it is set in a bundled font",
                ch as u32
            ))
            .hint(hint)
            .at_text(file, ch.to_string())
        })
        .collect();
    let more = substituted.len().saturating_sub(SUBSTITUTED_LISTED);
    if more > 0 {
        let warning = format!("the house font lacks {more} more characters used in \"{title}\", set in bundled fonts");
        warnings.push(Diagnostic::warning(warning).at(file, None));
    }
    warnings
}

/// Pages an article ending in its related box. When the box alone would open a last page, it is
/// set earlier instead, as a float at a block boundary a little before the end, so that text
/// follows it onto that page (tried a few times, further back each time).
fn paginate_with_related(
    head: Vec<Slab>,
    body: Vec<Slab>,
    related: Slab,
    notes: Vec<Vec<Slab>>,
    cols: &Columns,
    blocks: usize,
    reset: &mut dyn FnMut(u32, u32) -> OneLineOff,
) -> Laid {
    let alone = |laid: &Laid| {
        laid.pages.len() > 1
            && laid.page_starts.last().cloned().flatten().is_some_and(|at| at.block.first() == Some(&blocks))
    };
    let mut full = body.clone();
    full.push(related.clone());
    let laid = paginate_resetting(head.clone(), full, notes.clone(), cols, reset);
    if !alone(&laid) {
        return laid;
    }
    let box_lines = (related.height.0 / cols.grid.0).ceil() as usize;
    for tries in 1..=RELATED_TRIES {
        let Some(at) = block_boundary_before(&body, body.len().saturating_sub(box_lines * tries)) else { break };
        let mut moved = body.clone();
        moved.insert(at, Slab { float: true, ..related.clone() });
        let candidate = paginate_resetting(head.clone(), moved, notes.clone(), cols, reset);
        if !alone(&candidate) && candidate.pages.len() <= laid.pages.len() {
            return candidate;
        }
    }
    laid
}

/// How often a related box alone on a last page is tried earlier.
const RELATED_TRIES: usize = 3;

/// The last index at or before `limit` where a top-level block begins and no keep binds the
/// slab before it to it.
fn block_boundary_before(body: &[Slab], limit: usize) -> Option<usize> {
    (1..=limit.min(body.len().saturating_sub(1))).rev().find(|&k| {
        let (before, here) = (&body[k - 1], &body[k]);
        let block = |s: &Slab| s.start.as_ref().and_then(|p| p.block.first().copied());
        !before.keep_with_next && block(before) != block(here)
    })
}

/// How many missing characters one warning lists by name: enough to recognise the script.
const MISSING_LISTED: usize = 12;

/// One warning per article for the characters no bundled font has (shaping draws them as boxes
/// and leaves out joiners, variation selectors and direction marks, which need no glyph).
fn missing_warning(mut missing: Vec<char>, title: &str) -> Option<String> {
    missing.sort_unstable();
    missing.dedup();
    let listed: Vec<String> =
        missing.iter().take(MISSING_LISTED).map(|&c| format!("U+{:04X} ({c})", c as u32)).collect();
    let more = missing.len().saturating_sub(MISSING_LISTED);
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    match missing.len() {
        0 => None,
        1 => Some(format!("no bundled font has the character {} used in \"{title}\"", listed[0])),
        n => Some(format!("no bundled font has {n} characters used in \"{title}\": {}{tail}", listed.join(", "))),
    }
}

/// A footnote: its blocks in the note size with a hanging number.
fn note_slabs(flow: &mut Flow, f: &crate::model::Footnote, width: Pt) -> Vec<Slab> {
    let s = flow.ctx.style;
    let size = Pt(s.footnote_size);
    let hang = size * 1.6;
    let m = Measure {
        x: hang,
        width: width - hang,
        min_width: width / 3.0,
        size,
        leading: Pt(s.footnote_leading),
        // A note's later paragraphs are indented, as in the text.
        indent: size,
        depth: 0,
    };
    // The note's number (its label) reads first, then its text.
    let note = flow.note_node(f.number);
    let label = Tag::Content(flow.tree.add(StructRole::ListLabel, note));
    let mut slabs = Vec::new();
    flow.within(note, |flow| flow.blocks(&f.blocks, m, &mut slabs));
    if slabs.is_empty() {
        slabs.push(Slab {
            height: m.leading,
            first_baseline: Some(text::baseline_in(m.leading, size)),
            ..Slab::default()
        });
    }
    for s in &mut slabs {
        s.space_before = Pt::ZERO;
        s.notes.clear();
    }
    // A little air above each note sets it apart from the one before.
    if let Some(first) = slabs.first_mut() {
        first.height += NOTE_GAP;
        for item in &mut first.items {
            item.y += NOTE_GAP;
        }
        for anchor in &mut first.anchors {
            anchor.y += NOTE_GAP;
        }
        if let Some(b) = &mut first.first_baseline {
            *b += NOTE_GAP;
        }
    }
    if let Some(first) = slabs.iter_mut().find(|s| s.first_baseline.is_some()) {
        let st = crate::pdf::typeset::inline::TextStyle {
            font: flow.ctx.style.fonts.body(),
            size,
            rise: Pt::ZERO,
            ink: Ink::BLACK,
        };
        let line = layout_line(&[Span { text: f.number.to_string(), style: st, tag: None }]);
        let baseline = first.first_baseline.unwrap_or(Pt::ZERO);
        text::place_line_first(first, line, Pt::ZERO, baseline, &mut flow.owner(label));
        first.anchors.push(pages::Anchor { id: f.id.clone(), level: 0, title: String::new(), y: Pt::ZERO });
    }
    slabs
}

/// Space between footnotes.
const NOTE_GAP: Pt = Pt(2.5);

/// The pages of the whole document while they are being assembled (x relative to the body).
struct Book {
    /// The document's structure: the document node, then each appended part's nodes.
    structure: Vec<StructNode>,
    pages: Vec<Vec<Positioned>>,
    /// Running-head title per page.
    titles: Vec<String>,
    /// Per page: the first page of a part (article, contents, imprint), which has no running head.
    openings: Vec<bool>,
    article_links: Vec<ArticleLink>,
    folios: Vec<FolioOnPage>,
}

impl Book {
    fn new() -> Book {
        Book {
            structure: vec![StructNode::new(StructRole::Document, None)],
            pages: Vec::new(),
            titles: Vec::new(),
            openings: Vec::new(),
            article_links: Vec::new(),
            folios: Vec::new(),
        }
    }

    /// Appends laid-out pages and their part of the structure; returns the index of the first page.
    fn append(&mut self, laid: Laid, title: String) -> usize {
        let start = self.pages.len();
        let offset = tags::append(&mut self.structure, laid.tree);
        for (k, mut page) in laid.pages.into_iter().enumerate() {
            for p in &mut page {
                p.tag = tags::shifted(p.tag, offset);
                if let FrameItem::Link { target: LinkDest::Page { page, .. }, .. } = &mut p.item {
                    *page += start;
                }
            }
            self.pages.push(page);
            self.titles.push(title.clone());
            self.openings.push(k == 0);
        }
        self.article_links.extend(
            laid.article_links
                .into_iter()
                .map(|link| ArticleLink { at: ItemRef { page: link.at.page + start, ..link.at }, ..link }),
        );
        self.folios.extend(laid.folios.into_iter().map(|f| FolioOnPage {
            page: f.page + start,
            folio: pages::FolioRef { tag: tags::shifted(f.folio.tag, offset), ..f.folio },
        }));
        start
    }

    /// Points cross-references at their pages and sets page numbers of contents and related boxes.
    fn resolve(&mut self, ctx: &Ctx, starts: &[usize], anchors: &[Vec<AnchorOnPage>]) {
        for ArticleLink { at, target } in std::mem::take(&mut self.article_links) {
            let article = target.article.index();
            let heading = target.fragment.and_then(|id| anchors[article].iter().find(|a| a.anchor.id == id));
            let position = match heading {
                Some(a) => PagePosition { page: a.page, y: a.anchor.y },
                None => PagePosition { page: starts[article], y: Pt::ZERO },
            };
            if let Some(FrameItem::Link { target: dest, description, .. }) =
                self.pages.get_mut(at.page).and_then(|pg| pg.get_mut(at.item)).map(|i| &mut i.item)
            {
                *dest = position.link_dest();
                if description.is_empty() {
                    // The heading linked to, or the article.
                    let title = heading.map(|a| a.anchor.title.as_str()).filter(|t| !t.is_empty());
                    *description = title.unwrap_or(&ctx.issue.article(target.article).title).to_string();
                }
            }
        }
        // From the last insertion point backwards, so earlier points stay where they were.
        let mut folios = std::mem::take(&mut self.folios);
        folios.sort_by_key(|f| std::cmp::Reverse((f.page, f.folio.at)));
        for FolioOnPage { page, folio: f } in folios {
            let start = starts[f.article.index()];
            let text = format!("{}{}", f.prefix, start + 1);
            let line = layout_line(&[Span { text, style: f.style, tag: None }]);
            let numbers = line.runs.into_iter().map(|run| {
                let x = f.right - line.width + run.x;
                Positioned { tag: f.tag, ..Positioned::new(x, f.baseline - run.rise, FrameItem::Text(run.run)) }
            });
            let at = f.at.min(self.pages[page].len());
            self.pages[page].splice(at..at, numbers);
        }
    }

    /// Shifts pages to their margins, grows images that bleed to the page edges, and adds running
    /// heads (not on opening pages) and folios (not on the title page) where no such image covers
    /// their place.
    fn finish(self, ctx: &Ctx) -> Vec<Page> {
        let g = ctx.geo;
        self.pages
            .into_iter()
            .zip(self.titles.into_iter().zip(self.openings))
            .enumerate()
            .map(|(i, (mut items, (title, opening)))| {
                let left = g.body_left(i);
                for p in &mut items {
                    p.x += left;
                }
                // An image running to the page edge takes the place of the furniture there.
                let covered = bleed::to_page_edges(&g, left, &mut items);
                if !opening && !covered.head {
                    front::running_head(ctx, &mut items, i, left, &title);
                }
                if i > 0 && !covered.foot {
                    front::folio(ctx, &mut items, i, left);
                }
                // The items grew by pushing; the pages live until both PDFs are written.
                items.shrink_to_fit();
                Page { width: g.page_w, height: g.page_h, items }
            })
            .collect()
    }
}

/// Sections → articles → headings (h3 and deeper under the h2 before them).
fn outline(
    issue: &Issue,
    starts: &[usize],
    anchors: &[Vec<AnchorOnPage>],
    toc: usize,
    imprint: Option<usize>,
    labels: &front::Labels,
) -> Vec<OutlineEntry> {
    let entry =
        |title: &str, page: usize, y: Pt| OutlineEntry { title: title.to_string(), page, y, children: Vec::new() };
    let article = |id: ArticleId| {
        let i = id.index();
        let mut e = entry(&issue.article(id).title, starts[i], Pt::ZERO);
        for AnchorOnPage { page, anchor: a } in anchors[i].iter().filter(|a| a.anchor.level >= 2) {
            let h = entry(&a.title, *page, a.y);
            match e.children.last_mut() {
                Some(last) if a.level > 2 => last.children.push(h),
                _ => e.children.push(h),
            }
        }
        e
    };
    let mut out = vec![entry(labels.contents, toc, Pt::ZERO)];
    for toc_section in issue.toc() {
        let Some(&(first, _)) = toc_section.articles.first() else { continue };
        let mut s = entry(&toc_section.section.title, starts[first.index()], Pt::ZERO);
        for &(id, _) in &toc_section.articles {
            s.children.push(article(id));
        }
        out.push(s);
    }
    if let Some(p) = imprint {
        out.push(entry(labels.imprint, p, Pt::ZERO));
    }
    out
}

fn info(issue: &Issue) -> DocInfo {
    let mut authors: Vec<&str> = Vec::new();
    for a in issue.articles.iter().flat_map(|a| a.authors.iter()) {
        if !authors.contains(&a.as_str()) {
            authors.push(a);
        }
    }
    DocInfo {
        title: format!("{} {}", issue.title, issue.issue_label),
        author: authors.join(", "),
        subject: issue.period.clone().unwrap_or_else(|| issue.issue_label.clone()),
        creator: "heft".to_string(),
        lang: issue.language.clone(),
        epoch: issue.modified_epoch,
        id_seed: issue.identifier.clone(),
    }
}

/// Lowers an opening head (an article's, the contents', the imprint's) by the style's sink, whole grid lines so the body below
/// stays on the grid, and never more than a third of the body height: a careless value must
/// not push the head off its page.
pub(crate) fn sink_opening(head: &mut [Slab], ctx: &Ctx) {
    let Some(first) = head.first_mut() else { return };
    let grid = Pt(ctx.style.leading);
    let most = (ctx.geo.body_h.0 / 3.0 / grid.0).floor();
    first.space_before += grid * f64::from(ctx.style.opening_sink).min(most);
}

#[cfg(test)]
mod tests;
