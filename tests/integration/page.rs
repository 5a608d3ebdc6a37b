//! The magazine page, checked on the frames of both sample issues laid out in their default
//! style and of a 100-article synthetic issue: no hole in the middle of an article, no widow,
//! orphan or stranded heading, no running head on an opening page, every figure and table on the
//! page of its reference or the next, and those wider than a column across both columns at the
//! top or foot of a page.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use heft::model::Issue;
use heft::pdf::frame::{Document, FrameItem, Positioned, StructId, StructRole, Tag};
use heft::pdf::units::Pt;
use heft::style::page::PdfStyle;
use heft::Options;

use crate::{common, synthetic};

/// Whole empty lines a column of an article may end with before the article goes on.
const MAX_GAP_LINES: f64 = 3.0;

/// An issue laid out in its own style, or in the built-in style `style`.
fn laid_out(loader: &heft::source::MemoryLoader, style: Option<&str>) -> (Document, PdfStyle) {
    let options = Options { style: style.map(str::to_string), ..Options::default() };
    let issue: Issue = common::compile(loader, &options);
    let style = issue.style.page.clone();
    (heft::pdf::layout::layout(&issue, &style).0, style)
}

/// A sample issue under `issues/`.
fn sample(name: &str) -> heft::source::MemoryLoader {
    common::memory_loader(&common::root().join("issues").join(name))
}

/// Where body columns sit, from the style as layout reads it.
struct Grid {
    top: f64,
    bottom: f64,
    leading: f64,
    inner: f64,
    outer: f64,
    column: f64,
    /// Between the columns.
    gap: f64,
}

impl Grid {
    fn new(style: &PdfStyle, page_h: f64) -> Grid {
        let mm = |v: f64| Pt::from_mm(v).0;
        let top = mm(style.margins.top);
        let leading = style.leading;
        let lines = ((page_h - top - mm(style.margins.bottom)) / leading).floor();
        let width = style.page_size().0 .0 - mm(style.margins.inner) - mm(style.margins.outer);
        let count = f64::from(style.columns.clamp(1, 2));
        let column = (width - mm(style.column_gap) * (count - 1.0)) / count;
        Grid {
            top,
            bottom: top + lines * leading,
            leading,
            inner: mm(style.margins.inner),
            outer: mm(style.margins.outer),
            column,
            gap: mm(style.column_gap),
        }
    }

    /// The column an item starts in (page 0, the title page, is a right-hand page).
    fn column_of(&self, page: usize, x: f64) -> usize {
        let left = if page.is_multiple_of(2) { self.inner } else { self.outer };
        usize::from(x - left > self.column + 1.0)
    }
}

/// A content item of the body: where it is and which nodes it belongs to.
struct Seen {
    page: usize,
    column: usize,
    /// The column its right edge is in (a table cell set across the gutter reaches the next).
    right_column: usize,
    /// Its left edge.
    x: f64,
    y: f64,
    /// Its lowest edge (of a text line: the foot of its line box).
    bottom: f64,
    node: StructId,
    /// A text item's characters.
    text: String,
    /// Its top edge (of a text line: about a size above the baseline).
    top: f64,
    /// An image's or a text run's width.
    width: f64,
    /// Part of a figure or table set across both columns.
    wide: bool,
}

struct Frames<'a> {
    doc: &'a Document,
    grid: Grid,
    seen: Vec<Seen>,
}

impl<'a> Frames<'a> {
    fn new(doc: &'a Document, style: &PdfStyle) -> Frames<'a> {
        let grid = Grid::new(style, doc.pages[0].height.0);
        let mut seen = Vec::new();
        for (page, p) in doc.pages.iter().enumerate() {
            for item in &p.items {
                let Tag::Content(node) = item.tag else { continue };
                let Some((bottom, size)) = bottom(item) else { continue };
                let text = match &item.item {
                    FrameItem::Text(run) => run.text.clone(),
                    _ => String::new(),
                };
                let (top, width) = match &item.item {
                    FrameItem::Image { width, .. } => (item.y.0, width.0),
                    FrameItem::Text(run) => {
                        (item.y.0 - size, run.glyphs.iter().map(|g| g.advance.0).sum::<f64>() * run.horizontal_scale)
                    }
                    _ => (item.y.0 - size, 0.0),
                };
                let column = grid.column_of(page, item.x.0);
                let right_column = grid.column_of(page, item.x.0 + width);
                seen.push(Seen {
                    page,
                    column,
                    right_column,
                    x: item.x.0,
                    y: item.y.0,
                    bottom,
                    node,
                    text,
                    top,
                    width,
                    wide: false,
                });
            }
        }
        let mut f = Frames { doc, grid, seen };
        f.mark_wide();
        f
    }

    /// The figure or table an item belongs to.
    fn float_of(&self, node: StructId) -> Option<StructId> {
        self.ancestor(node, |r| matches!(r, StructRole::Figure | StructRole::Table))
    }

    /// Marks the items of figures and tables that reach into both columns of a page (an image
    /// wider than a column, or cells in both).
    fn mark_wide(&mut self) {
        let mut columns: BTreeMap<(usize, u32), (usize, usize)> = BTreeMap::new();
        for s in &self.seen {
            let Some(float) = self.float_of(s.node) else { continue };
            let entry = columns.entry((s.page, float.0)).or_insert((usize::MAX, 0));
            entry.0 = entry.0.min(s.column);
            entry.1 = entry.1.max(s.column).max(s.right_column);
            if s.width > self.grid.column + 1.0 {
                entry.1 = entry.1.max(1);
            }
        }
        let wide: Vec<bool> = self
            .seen
            .iter()
            .map(|s| self.float_of(s.node).and_then(|fl| columns.get(&(s.page, fl.0))).is_some_and(|&(lo, hi)| hi > lo))
            .collect();
        for (s, w) in self.seen.iter_mut().zip(wide) {
            s.wide = w;
        }
    }

    /// The air a block keeps under itself (half a line under lists, quotes, code, tables and
    /// figures): part of the block, not a hole after it.
    fn air_below(&self, node: StructId) -> f64 {
        let roles = |r| matches!(r, StructRole::List | StructRole::BlockQuote | StructRole::Code | StructRole::Table);
        match self.ancestor(node, |r| roles(r) || r == StructRole::Figure) {
            Some(_) => self.grid.leading * 0.5,
            None => 0.0,
        }
    }

    /// Per page, the extent (top, bottom) of each float set across both columns.
    fn wide_floats(&self, page: usize) -> Vec<(f64, f64)> {
        let mut out: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
        for s in self.seen.iter().filter(|s| s.page == page && s.wide) {
            let float = self.float_of(s.node).expect("a wide item is in a float");
            let e = out.entry(float.0).or_insert((f64::MAX, f64::MIN));
            e.0 = e.0.min(s.top);
            e.1 = e.1.max(s.bottom);
        }
        out.into_values().collect()
    }

    fn role(&self, node: StructId) -> StructRole {
        self.doc.structure[node.index()].role
    }

    /// The node itself or its nearest ancestor of a role `pick` accepts.
    fn ancestor(&self, mut node: StructId, pick: impl Fn(StructRole) -> bool) -> Option<StructId> {
        loop {
            if pick(self.role(node)) {
                return Some(node);
            }
            node = self.doc.structure[node.index()].parent?;
        }
    }

    fn article(&self, node: StructId) -> Option<StructId> {
        self.ancestor(node, |r| r == StructRole::Art)
    }

    fn in_note(&self, node: StructId) -> bool {
        self.ancestor(node, |r| r == StructRole::Note).is_some()
    }

    fn is_within(&self, node: StructId, outer: StructId) -> bool {
        let mut n = Some(node);
        while let Some(id) = n {
            if id == outer {
                return true;
            }
            n = self.doc.structure[id.index()].parent;
        }
        false
    }

    /// Body items (not notes) of each article, by article node.
    fn articles(&self) -> BTreeMap<u32, Vec<&Seen>> {
        let mut out: BTreeMap<u32, Vec<&Seen>> = BTreeMap::new();
        for s in &self.seen {
            if let (Some(a), false) = (self.article(s.node), self.in_note(s.node)) {
                out.entry(a.0).or_default().push(s);
            }
        }
        out
    }

    /// The top of the notes in a column, of a float across both columns at the page's foot, or
    /// the foot of the body.
    fn floor(&self, page: usize, column: usize) -> f64 {
        // The short rule over a column's notes sits 0.3 lines under their top (the separator
        // takes three quarters of a line, the rule 40 % down it).
        let rules = self.doc.pages[page].items.iter().filter(|item| {
            matches!(item.item, FrameItem::Rect { width, height, .. }
                if (height.0 - 0.4).abs() < 0.01 && (width.0 - self.grid.column * 0.3).abs() < 0.5)
                && self.grid.column_of(page, item.x.0) == column
        });
        let notes = rules.map(|rule| rule.y.0 - self.grid.leading * 0.3).fold(self.grid.bottom, f64::min);
        let at_foot = self.wide_floats(page).into_iter().filter(|&(_, bottom)| bottom > self.grid.bottom - 2.0);
        // Half a line of air over a float at the foot, which takes whole grid lines: what its
        // height leaves of its last one is part of its box, not an empty line of the text. Its
        // box begins up to a quarter line above its first text (a table's cell padding).
        let grid_line_above = |y: f64| {
            let lines = ((y - self.grid.top) / self.grid.leading + 1e-6).floor();
            self.grid.top + lines * self.grid.leading
        };
        let box_top = |top: f64| top - self.grid.leading * 0.75;
        at_foot.map(|(top, _)| grid_line_above(box_top(top))).fold(notes, f64::min)
    }
}

/// An item's lowest edge and its type size (zero for an image).
fn bottom(item: &Positioned) -> Option<(f64, f64)> {
    match &item.item {
        FrameItem::Text(run) => Some((item.y.0 + run.size.0 * 0.27, run.size.0)),
        FrameItem::Image { height, .. } => Some((item.y.0 + height.0, 0.0)),
        _ => None,
    }
}

/// Both samples in their own styles (rote-feder: A4, the default; field-notes: A5, one column),
/// field-notes in the default A4 too, and a 100-article synthetic issue in A4: laid out once for
/// all the tests here.
fn issues() -> &'static [(&'static str, Document, PdfStyle)] {
    static ISSUES: OnceLock<Vec<(&'static str, Document, PdfStyle)>> = OnceLock::new();
    ISSUES.get_or_init(|| {
        let samples = [("rote-feder", None), ("field-notes", None), ("field-notes", Some("a4"))];
        let mut out: Vec<_> = samples
            .into_iter()
            .map(|(name, style)| {
                let (doc, style) = laid_out(&sample(name), style);
                (name, doc, style)
            })
            .collect();
        let (doc, style) = laid_out(&synthetic::issue(100, 12), None);
        out.push(("synthetic-100", doc, style));
        out
    })
}

#[test]
fn default_style_sets_two_columns() {
    for (name, doc, style) in issues().iter().filter(|(_, _, s)| s.page_size() == PdfStyle::default().page_size()) {
        assert_eq!(style.columns, 2, "{name}");
        let f = Frames::new(doc, style);
        let right = f.seen.iter().filter(|s| f.article(s.node).is_some() && s.column == 1).count();
        assert!(right > 0, "{name}: nothing in right-hand columns");
    }
}

#[test]
fn no_hole_in_the_middle_of_an_article() {
    let mut holes = Vec::new();
    for (name, doc, style) in issues() {
        let f = Frames::new(doc, style);
        for (article, items) in f.articles() {
            let last = items.iter().map(|s| s.page).max().expect("an article has pages");
            let first = items.iter().map(|s| s.page).min().expect("an article has pages");
            for page in first..last {
                for column in 0..usize::from(style.columns.clamp(1, 2)) {
                    let floor = f.floor(page, column);
                    let lowest = items
                        .iter()
                        .filter(|s| s.page == page && (s.column == column || s.wide) && s.bottom < floor + 1.0)
                        .map(|s| s.bottom + f.air_below(s.node))
                        .fold(f.grid.top, f64::max);
                    let gap = ((f.floor(page, column) - lowest) / f.grid.leading + 1e-6).floor();
                    let last_words: Vec<&str> = items
                        .iter()
                        .filter(|s| s.page == page && s.column == column)
                        .map(|s| s.text.as_str())
                        .rev()
                        .take(4)
                        .collect();
                    if gap > MAX_GAP_LINES {
                        holes.push(format!(
                            "{name}: article node {article} leaves {gap} empty lines in column {column} of page {} \
                             (ending {last_words:?} at {lowest:.1} over {floor:.1}; the article runs to page {})",
                            page + 1,
                            last + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(holes.is_empty(), "{} holes:\n{}", holes.len(), holes.join("\n"));
}

/// The lines of each body paragraph, as (page, column, baseline), in reading order.
/// Runs less than half a line apart are on one line (footnote marks and superscripts are raised),
/// and a line is in the column its first run is in (the head's lines span both).
fn paragraph_lines(f: &Frames) -> BTreeMap<u32, Vec<(usize, usize, i64)>> {
    // Per paragraph: (page, y, x, column, right edge) of each run, in hundredths of a point.
    type Run = (usize, i64, i64, usize, i64);
    let mut runs: BTreeMap<u32, Vec<Run>> = BTreeMap::new();
    let at = |v: f64| (v * 100.0).round() as i64;
    for s in f.seen.iter().filter(|s| f.article(s.node).is_some() && !f.in_note(s.node)) {
        if let Some(p) = f.ancestor(s.node, |r| r == StructRole::Paragraph) {
            runs.entry(p.0).or_default().push((s.page, at(s.y), at(s.x), s.column, at(s.x + s.width)));
        }
    }
    let near = at(f.grid.leading * 0.5);
    // Words of one line are a space apart; the lines of two columns, the gap between them.
    let apart = at(f.grid.gap * 0.6);
    let mut lines = BTreeMap::new();
    for (node, mut r) in runs {
        // By page, height and x: a line's runs come together, left to right. A run at the same
        // height in the other column is a line of its own (a paragraph that goes on at the top
        // of the next column), unless it goes on from the run before (the head's lines).
        r.sort_unstable();
        let mut merged: Vec<(usize, usize, i64, i64)> = Vec::new();
        for (page, y, x, column, right) in r {
            match merged.last_mut() {
                Some((p, c, top, end)) if *p == page && y - *top < near && (column == *c || x - *end < apart) => {
                    *end = (*end).max(right);
                }
                _ => merged.push((page, column, y, right)),
            }
        }
        let mut merged: Vec<(usize, usize, i64)> = merged.into_iter().map(|(p, c, y, _)| (p, c, y)).collect();
        merged.sort_unstable();
        lines.insert(node, merged);
    }
    lines
}

#[test]
fn no_widow_orphan_or_stranded_heading() {
    for (name, doc, style) in issues() {
        let f = Frames::new(doc, style);
        for (node, lines) in paragraph_lines(&f) {
            // Lines per column the paragraph runs through.
            let mut sizes: Vec<usize> = vec![0];
            for (k, line) in lines.iter().enumerate() {
                if k > 0 && (lines[k - 1].0, lines[k - 1].1) != (line.0, line.1) {
                    sizes.push(0);
                }
                *sizes.last_mut().expect("one part") += 1;
            }
            if sizes.len() > 1 {
                let (head, tail) = (sizes[0], sizes[sizes.len() - 1]);
                let words: Vec<&str> = f
                    .seen
                    .iter()
                    .filter(|s| f.is_within(s.node, StructId(node)))
                    .map(|s| s.text.as_str())
                    .take(6)
                    .collect();
                assert!(
                    head >= 2 && tail >= 2,
                    "{name}: paragraph node {node} {words:?} is split {sizes:?} ({lines:?})"
                );
            }
        }
        for (i, n) in doc.structure.iter().enumerate() {
            let StructRole::Heading(level) = n.role else { continue };
            let id = StructId(i as u32);
            if level < 2 || f.article(id).is_none() {
                continue;
            }
            let own: Vec<&Seen> = f.seen.iter().filter(|s| f.is_within(s.node, id)).collect();
            let Some(last) =
                own.iter().max_by(|a, b| (a.page, a.column, a.y).partial_cmp(&(b.page, b.column, b.y)).unwrap())
            else {
                continue;
            };
            let below = f.seen.iter().any(|s| {
                s.page == last.page
                    && s.column == last.column
                    && s.y > last.y + 1.0
                    && !f.in_note(s.node)
                    && f.article(s.node) == f.article(id)
            });
            assert!(below, "{name}: a heading ends column {} of page {}", last.column, last.page + 1);
        }
    }
}

#[test]
fn opening_pages_have_no_running_head() {
    for (name, doc, style) in issues() {
        let f = Frames::new(doc, style);
        let mut openings = 0;
        for (i, n) in doc.structure.iter().enumerate() {
            if n.role != StructRole::Heading(1) {
                continue;
            }
            let Some(title) = f.seen.iter().find(|s| s.node == StructId(i as u32)) else { continue };
            openings += 1;
            let furniture_above =
                doc.pages[title.page].items.iter().any(|it| it.tag == Tag::Pagination && it.y.0 < f.grid.top);
            assert!(!furniture_above, "{name}: running head on the opening page {}", title.page + 1);
        }
        assert!(openings >= 4, "{name}: {openings} opening pages");
        // Every other page but the title page keeps its running head.
        for (page, p) in doc.pages.iter().enumerate().skip(1) {
            let opening = f.seen.iter().any(|s| s.page == page && f.role(s.node) == StructRole::Heading(1));
            let headed = p.items.iter().any(|it| it.tag == Tag::Pagination && it.y.0 < f.grid.top);
            let covered = bleeding_figures(doc).iter().any(|&(on, item)| on == page && item.y.0 < f.grid.top);
            assert!(opening || headed || covered, "{name}: page {} has no running head", page + 1);
        }
    }
}

#[test]
fn opening_heads_sit_the_styles_sink_below_the_top_of_the_type_area() {
    for (name, doc, style) in issues() {
        let f = Frames::new(doc, style);
        let sink = f64::from(style.opening_sink) * style.leading;
        assert!(sink > 0.0, "{name}: the built-in styles sink their openings");
        for (i, n) in doc.structure.iter().enumerate() {
            if n.role != StructRole::Heading(1) {
                continue;
            }
            let Some(title) = f.seen.iter().find(|s| s.node == StructId(i as u32)) else { continue };
            if title.page == 0 {
                continue; // the title page has its own layout
            }
            // The first baseline of the head (the kicker's, else the title's): under the sink,
            // within the first two lines below it.
            let first = doc.pages[title.page]
                .items
                .iter()
                .filter(|it| it.tag != Tag::Pagination && matches!(it.item, FrameItem::Text(_)))
                .map(|it| it.y.0)
                .fold(f64::INFINITY, f64::min);
            let below = first - f.grid.top;
            assert!(
                below >= sink && below <= sink + 2.0 * style.leading,
                "{name}: the head of the opening page {} begins {below:.1} pt below the type area, sink {sink}",
                title.page + 1
            );
        }
    }
}

#[test]
fn figures_and_tables_stand_on_the_page_of_their_reference_or_the_next() {
    let mut floats = 0;
    for (name, doc, style) in issues() {
        let f = Frames::new(doc, style);
        for (i, n) in doc.structure.iter().enumerate() {
            let id = StructId(i as u32);
            if !matches!(n.role, StructRole::Figure | StructRole::Table) || f.article(id).is_none() {
                continue;
            }
            let Some(first) = f.seen.iter().find(|s| f.is_within(s.node, id)) else { continue };
            // The block before the float refers to it: the float follows it in the text.
            let before = (0..i)
                .rev()
                .find(|&k| doc.structure[k].parent == n.parent && doc.structure[k].role != StructRole::Note);
            let Some(before) = before else { continue };
            let reference =
                f.seen.iter().filter(|s| f.is_within(s.node, StructId(before as u32))).map(|s| s.page).max();
            let Some(reference) = reference else { continue };
            floats += 1;
            assert!(
                first.page == reference || first.page == reference + 1,
                "{name}: {:?} on page {} referred to on page {}",
                n.role,
                first.page + 1,
                reference + 1
            );
        }
    }
    assert!(floats >= 20, "{floats} figures and tables checked");
}

#[test]
fn wide_floats_span_both_columns_at_the_top_or_foot_of_a_page() {
    let mut spanning = 0;
    for (name, doc, style) in issues().iter().filter(|(_, _, s)| s.columns == 2) {
        let f = Frames::new(doc, style);
        for page in 0..doc.pages.len() {
            for (top, bottom) in f.wide_floats(page) {
                spanning += 1;
                // The article's body text flows around it: none of it both above and below it in
                // one column. The head of an article, above it on an opening page, starts in the
                // left column only, so there the right column alone tells.
                for column in 0..2 {
                    let body = |s: &&Seen| {
                        s.page == page
                            && s.column == column
                            && !s.wide
                            && !f.in_note(s.node)
                            && f.article(s.node).is_some()
                            && f.ancestor(s.node, |r| r == StructRole::Heading(1)).is_none()
                    };
                    let above = f.seen.iter().filter(body).filter(|s| s.bottom <= top + 1.0).count();
                    let below = f.seen.iter().filter(body).filter(|s| s.top >= bottom - 1.0).count();
                    let opening = f.seen.iter().any(|s| s.page == page && f.role(s.node) == StructRole::Heading(1));
                    assert!(
                        above == 0 || below == 0 || (opening && column == 0),
                        "{name}: a float across the columns in the middle of page {} ({above} items above, \
                         {below} below in column {column})",
                        page + 1
                    );
                }
            }
        }
        if *name == "rote-feder" || *name == "synthetic-100" {
            assert!(f.seen.iter().any(|s| s.wide), "{name}: no float spans the columns");
        }
    }
    assert!(spanning >= 10, "{spanning} floats across the columns");
}

/// The images of figures that run to the page edges, with their pages (the cover, which also
/// bleeds, is an artifact).
fn bleeding_figures(doc: &Document) -> Vec<(usize, &Positioned)> {
    let bleeds =
        |it: &&Positioned| matches!((&it.item, it.tag), (FrameItem::Image { bleed: true, .. }, Tag::Content(_)));
    doc.pages.iter().enumerate().flat_map(|(page, p)| p.items.iter().filter(bleeds).map(move |it| (page, it))).collect()
}

/// An image's box: left, top, right, bottom (y from the page's top).
fn image_box(item: &Positioned) -> [f64; 4] {
    let FrameItem::Image { width, height, .. } = item.item else { panic!("not an image: {item:?}") };
    [item.x.0, item.y.0, item.x.0 + width.0, item.y.0 + height.0]
}

/// Whether a page has its running head (furniture above the body) and its folio (below it).
fn furniture(doc: &Document, page: usize, grid: &Grid) -> (bool, bool) {
    let pagination = doc.pages[page].items.iter().filter(|it| it.tag == Tag::Pagination);
    let ys: Vec<f64> = pagination.map(|it| it.y.0).collect();
    (ys.iter().any(|&y| y < grid.top), ys.iter().any(|&y| y > grid.bottom))
}

/// Asserts that a figure's caption and every image but those running to the page edges lie in
/// the type area of their page.
fn in_type_area_but_the_bleeding_image(f: &Frames, figure: StructId, page_w: f64) {
    let g = &f.grid;
    let left = |page: usize| if page.is_multiple_of(2) { g.inner } else { g.outer };
    let area = |page: usize| {
        [left(page) - 0.01, g.top - 0.01, page_w - g.inner - g.outer + left(page) + 0.01, g.bottom + 0.01]
    };
    let caption = f.seen.iter().filter(|s| f.is_within(s.node, figure) && !s.text.is_empty());
    let mut lines = 0;
    for s in caption {
        lines += 1;
        let a = area(s.page);
        assert!(s.top >= a[1] && s.bottom <= a[3], "caption line {:?} outside the type area {a:?}", s.text);
    }
    assert!(lines > 0, "the figure has a caption");
    for (page, p) in f.doc.pages.iter().enumerate() {
        for item in p.items.iter().filter(|it| matches!(it.tag, Tag::Content(_))) {
            if let FrameItem::Image { bleed: false, .. } = item.item {
                let (b, a) = (image_box(item), area(page));
                assert!(
                    b[0] >= a[0] && b[1] >= a[1] && b[2] <= a[2] && b[3] <= a[3],
                    "page {}: {b:?} outside {a:?}",
                    page + 1
                );
            }
        }
    }
}

#[test]
fn a_figure_marked_bleed_runs_to_the_page_edges_where_the_running_head_was() {
    let (_, doc, style) = issues().iter().find(|(name, ..)| *name == "rote-feder").expect("rote-feder");
    let f = Frames::new(doc, style);
    let marked = bleeding_figures(doc);
    assert_eq!(marked.len(), 1, "docks.md marks one figure `{{.bleed}}`");
    let (page, image) = marked[0];
    let page_w = doc.pages[page].width.0;
    // The next page's top (it does not fit under the text where it is met): left, top and right
    // on the page edges, its foot in the body.
    let [left, top, right, bottom] = image_box(image);
    assert_eq!((left, top, right), (0.0, 0.0, page_w), "{:?}", image_box(image));
    assert!(bottom > f.grid.top + 100.0 && bottom < f.grid.bottom, "{bottom}");
    assert_eq!(furniture(doc, page, &f.grid), (false, true), "no running head under the image; the folio stays");
    let Tag::Content(figure) = image.tag else { unreachable!() };
    assert_eq!(f.role(figure), StructRole::Figure);
    assert_eq!(doc.structure[figure.index()].alt(), Some("The container quay at dusk, seen from the river wall"));
    in_type_area_but_the_bleeding_image(&f, figure, page_w);
}

/// A one-article issue in a house style with `bleed_figures = true`: a panorama after the
/// second paragraph, met in the first column with room under the text, and a column image.
fn bleeding_style_issue() -> heft::source::MemoryLoader {
    let sentence = "Die Kolleginnen im Hafen berichten von Schichten, die am Vorabend abgesagt werden, \
        von Verträgen ohne Stunden und von einem Tarif, der für die einen gilt und für die anderen nicht. ";
    let paragraph = sentence.repeat(5);
    let short = sentence.repeat(2);
    let mut body = format!("{short}\n\n{short}\n\n![Der Kai im Abendlicht](../images/panorama.png)\n\n");
    body += &format!("{paragraph}\n\n![Ein Kran](../images/kran.png)\n\n");
    for _ in 0..6 {
        body += &format!("{paragraph}\n\n");
    }
    heft::source::MemoryLoader::new()
        .with(
            "issue.toml",
            "title = \"Testheft\"\nissue = \"Nr. 1/2026\"\ndate = \"2026-01-01\"\nlanguage = \"de\"\n\
             style = \"haus.toml\"\n\n[[sections]]\ntitle = \"Alles\"\narticles = [\"articles/a.md\"]\n",
        )
        .with("haus.toml", "extends = \"a4\"\nbleed_figures = true\n")
        .with("articles/a.md", format!("---\ntitle: Der Hafen\n---\n\n{body}"))
        .with("images/panorama.png", synthetic::png(2600, 1000))
        .with("images/kran.png", synthetic::png(900, 600))
}

#[test]
fn with_bleed_figures_a_panorama_at_a_page_foot_runs_to_the_edges_with_its_caption_above() {
    let (doc, style) = laid_out(&bleeding_style_issue(), None);
    let f = Frames::new(&doc, &style);
    let marked = bleeding_figures(&doc);
    assert_eq!(marked.len(), 1, "the panorama bleeds, the column image does not");
    let (page, image) = marked[0];
    let (page_w, page_h) = (doc.pages[page].width.0, doc.pages[page].height.0);
    let [left, top, right, bottom] = image_box(image);
    assert_eq!((left, right, bottom), (0.0, page_w, page_h), "{:?}", image_box(image));
    assert!(top > f.grid.top + 100.0, "at the page's foot, under the text: {top}");
    assert_eq!(furniture(&doc, page, &f.grid), (false, false), "an opening page: its folio is under the image");
    let Tag::Content(figure) = image.tag else { unreachable!() };
    let caption: Vec<&Seen> = f.seen.iter().filter(|s| f.is_within(s.node, figure) && !s.text.is_empty()).collect();
    assert!(caption.iter().all(|s| s.bottom <= top), "the caption stands above the image");
    in_type_area_but_the_bleeding_image(&f, figure, page_w);
}
