//! Offprints from a laid-out issue: the pages of one article and of the imprint, selected from
//! the frames the issue was laid out into (no second layout), with a header band on the first
//! page saying where the article appeared. Links to pages left out go to the web or become
//! plain words; the structure tree, images and outline keep what the selected pages use.

use std::ops::Range;

use crate::model::Issue;
use crate::pdf::frame::{
    DocInfo, Document, FrameItem, Ink, LinkDest, OutlineEntry, Positioned, StructId, StructNode, StructRole, Tag,
};
use crate::pdf::typeset::inline::{layout_line, Line, Span, TextStyle};
use crate::pdf::units::Pt;

use super::{front, Ctx, Geometry, ImageTable};

/// Which pages of a laid-out issue each article and the imprint fill.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    /// By the laid-out issue's article ids.
    pub articles: Vec<Range<usize>>,
    pub imprint: Option<Range<usize>>,
}

impl Parts {
    /// From the first page of each article and of the imprint, and the page count.
    pub(crate) fn new(starts: &[usize], imprint: Option<usize>, pages: usize) -> Parts {
        let articles_end = imprint.unwrap_or(pages);
        let articles = starts
            .iter()
            .enumerate()
            .map(|(k, &start)| start..starts.get(k + 1).copied().unwrap_or(articles_end))
            .collect();
        Parts { articles, imprint: imprint.map(|start| start..pages) }
    }
}

/// What one offprint takes from the laid-out document, and what it says.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The article's pages.
    pub article: Range<usize>,
    pub article_title: String,
    /// The imprint's pages, which follow the article.
    pub imprint: Option<Range<usize>>,
    /// `Some(n)`: number the pages from n (an article the issue's PDF does not hold); `None`:
    /// keep the issue's numbers.
    pub number_from: Option<usize>,
    /// Pages of other articles and their web addresses: where links to them go instead.
    pub elsewhere: Vec<(Range<usize>, Option<String>)>,
    /// The header band: "Dieser Artikel erschien in …", and its language.
    pub appeared: String,
    pub appeared_lang: String,
    pub info: DocInfo,
}

impl Selection {
    /// The selected pages of the laid-out document, in order.
    fn pages(&self) -> Vec<usize> {
        self.article.clone().chain(self.imprint.clone().unwrap_or_default()).collect()
    }
}

/// The offprint of `selection` from `doc`, the document `issue` was laid out into.
pub fn offprint(doc: &Document, issue: &Issue, selection: &Selection) -> Document {
    let style = &issue.style.page;
    let images = ImageTable::default();
    let ctx = Ctx { style, issue, images: &images, geo: Geometry::new(style) };
    let old_pages = selection.pages();
    let mut new_index = vec![None; doc.pages.len()];
    for (new, &old) in old_pages.iter().enumerate() {
        new_index[old] = Some(new);
    }
    let numbers: Vec<usize> = match selection.number_from {
        Some(first) => (first..first + old_pages.len()).collect(),
        None => old_pages.iter().map(|old| old + 1).collect(),
    };
    let mut unlinked = Vec::new();
    let mut pages: Vec<_> = old_pages
        .iter()
        .zip(&numbers)
        .map(|(&old, &number)| {
            let mut page = doc.pages[old].clone();
            page.items = relinked(page.items, &new_index, &selection.elsewhere, &mut unlinked);
            refurnish(&ctx, &mut page.items, old, number - 1);
            page
        })
        .collect();
    let (mut structure, retag) = pruned_structure(&doc.structure, &pages);
    let band = band_nodes(&mut structure, selection, &issue.language);
    for node in unlinked {
        if let Some(new) = retag[node.index()] {
            structure[new.index()].role = StructRole::Span;
        }
    }
    let mut images = Vec::new();
    let mut image_index = vec![None; doc.images.len()];
    for page in &mut pages {
        for item in &mut page.items {
            if let Tag::Content(id) = item.tag {
                item.tag = retag[id.index()].map_or(Tag::Layout, Tag::Content);
            }
            if let FrameItem::Image { image, .. } = &mut item.item {
                *image = *image_index[*image].get_or_insert_with(|| {
                    images.push(doc.images[*image].clone());
                    images.len() - 1
                });
            }
        }
    }
    if let Some(first) = pages.first_mut() {
        let left = ctx.geo.body_left(numbers[0] - 1);
        header_band(&ctx, &mut first.items, left, &selection.appeared, Tag::Content(band));
    }
    let outline = outline(&doc.outline, selection, &new_index);
    let swatches = doc.swatches.clone();
    Document { pages, outline, info: selection.info.clone(), images, structure, page_numbers: numbers, swatches }
}

/// The items of a page with every link to a page pointed at the offprint's page, at the web
/// address of the article it belongs to, or removed (its node is noted in `unlinked`: its
/// words stay, as plain words).
fn relinked(
    items: Vec<Positioned>,
    new_index: &[Option<usize>],
    elsewhere: &[(Range<usize>, Option<String>)],
    unlinked: &mut Vec<StructId>,
) -> Vec<Positioned> {
    let mut kept = Vec::with_capacity(items.len());
    for mut item in items {
        if let FrameItem::Link { target, .. } = &mut item.item {
            match page_target(target, new_index, elsewhere) {
                Some(new) => *target = new,
                None => {
                    if let Tag::Content(node) = item.tag {
                        unlinked.push(node);
                    }
                    continue;
                }
            }
        }
        kept.push(item);
    }
    kept
}

/// Where a link of the offprint goes: its page in the offprint, else the web address of the
/// article that page belongs to; `None` when neither exists.
fn page_target(
    target: &LinkDest,
    new_index: &[Option<usize>],
    elsewhere: &[(Range<usize>, Option<String>)],
) -> Option<LinkDest> {
    let LinkDest::Page { page, y } = *target else { return Some(target.clone()) };
    if let Some(new) = new_index.get(page).copied().flatten() {
        return Some(LinkDest::Page { page: new, y });
    }
    let (_, address) = elsewhere.iter().find(|(pages, _)| pages.contains(&page))?;
    address.clone().map(LinkDest::Uri)
}

/// Moves a page laid out as page `old` to the margins of page `new` (the same page when the
/// issue's numbers are kept) and gives it a folio `new + 1` and a running head naming only the
/// publication and issue: in a document of one article the article's title on every page
/// would say nothing, and one line repeated on every page is what readers skip as furniture.
fn refurnish(ctx: &Ctx, items: &mut Vec<Positioned>, old: usize, new: usize) {
    let (from, to) = (ctx.geo.body_left(old), ctx.geo.body_left(new));
    items.retain(|item| item.tag != Tag::Pagination);
    for item in items.iter_mut() {
        item.x += to - from;
    }
    let covered = super::bleed::to_page_edges(&ctx.geo, to, items);
    if !covered.head {
        front::running_head(ctx, items, new, to, "");
    }
    if !covered.foot {
        front::folio(ctx, items, new, to);
    }
}

/// The document's nodes that the selected pages read — each part (article, imprint) any of
/// them shows, whole, so that a figure without a drawable image keeps its description — and
/// for each old node its new id.
fn pruned_structure(
    nodes: &[StructNode],
    pages: &[crate::pdf::frame::Page],
) -> (Vec<StructNode>, Vec<Option<StructId>>) {
    if nodes.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // The part (child of the document node) each node belongs to.
    let part_of = |mut at: usize| loop {
        match nodes[at].parent {
            Some(parent) if parent != StructId::DOCUMENT => at = parent.index(),
            _ => break at,
        }
    };
    let mut shown = vec![false; nodes.len()];
    for item in pages.iter().flat_map(|page| &page.items) {
        if let Tag::Content(id) = item.tag {
            shown[part_of(id.index())] = true;
        }
    }
    // Node 0 stays the document; the band's two nodes come next (see `band_nodes`).
    let mut structure = vec![nodes[0].clone()];
    let mut retag = vec![None; nodes.len()];
    retag[0] = Some(StructId::DOCUMENT);
    const BAND_NODES: u32 = 2;
    for (index, node) in nodes.iter().enumerate().skip(1) {
        if shown[part_of(index)] {
            retag[index] = Some(StructId(structure.len() as u32 + BAND_NODES));
            structure.push(node.clone());
        }
    }
    for node in structure.iter_mut().skip(1) {
        node.parent = node.parent.and_then(|parent| retag[parent.index()]);
    }
    (structure, retag)
}

/// Inserts the band's nodes (a part with one paragraph) before the selected parts, so that it
/// is read first; returns the paragraph.
fn band_nodes(structure: &mut Vec<StructNode>, selection: &Selection, issue_lang: &str) -> StructId {
    if structure.is_empty() {
        structure.push(StructNode::new(StructRole::Document, None));
    }
    let part = StructNode::new(StructRole::Part, Some(StructId::DOCUMENT));
    let mut paragraph = StructNode::new(StructRole::Paragraph, Some(StructId(1)));
    if selection.appeared_lang != issue_lang {
        paragraph.text_mut().lang = Some(selection.appeared_lang.clone());
    }
    structure.splice(1..1, [part, paragraph]);
    StructId(2)
}

/// Sets the band on the first page: where the article appeared, in lines of about the running
/// head's size above it (the running head stays, so that it repeats on every page and readers
/// know it as page furniture).
fn header_band(ctx: &Ctx, items: &mut Vec<Positioned>, left: Pt, text: &str, tag: Tag) {
    let g = &ctx.geo;
    let running = Pt(ctx.style.running_size);
    let size = running + Pt(0.5);
    let style = TextStyle { font: ctx.style.fonts.heading(), size, rise: Pt::ZERO, ink: Ink::Gray(0.15) };
    let lines = wrapped(text, style, g.body_w);
    let running_base = g.top - running * 1.9;
    let leading = size * 1.3;
    let last = running_base - size * 1.8;
    let first = last - leading * (lines.len().saturating_sub(1) as f64);
    for (k, line) in lines.into_iter().enumerate() {
        let y = first + leading * k as f64;
        for run in line.runs {
            items.push(Positioned { tag, ..Positioned::new(left + run.x, y - run.rise, FrameItem::Text(run.run)) });
        }
    }
}

/// `text` broken between words into lines at most `width` wide (a word wider stays whole).
fn wrapped(text: &str, style: TextStyle, width: Pt) -> Vec<Line> {
    let shaped = |t: &str| layout_line(&[Span { text: t.to_string(), style, tag: None }]);
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if !current.is_empty() && shaped(&candidate).width > width {
            lines.push(shaped(&current));
            current = word.to_string();
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(shaped(&current));
    }
    lines
}

/// The article's outline entry with its headings, and the imprint's, on the offprint's pages.
fn outline(entries: &[OutlineEntry], selection: &Selection, new_index: &[Option<usize>]) -> Vec<OutlineEntry> {
    let article = find(entries, &|e| e.page == selection.article.start && e.title == selection.article_title);
    let imprint = selection.imprint.as_ref().and_then(|pages| entries.iter().find(|e| e.page == pages.start));
    article.into_iter().chain(imprint).filter_map(|entry| moved(entry, new_index)).collect()
}

/// The first entry, depth first, that `wanted` accepts.
fn find<'a>(entries: &'a [OutlineEntry], wanted: &dyn Fn(&OutlineEntry) -> bool) -> Option<&'a OutlineEntry> {
    entries.iter().find_map(|e| if wanted(e) { Some(e) } else { find(&e.children, wanted) })
}

/// An entry and its children on the offprint's pages; `None` when its page is left out.
fn moved(entry: &OutlineEntry, new_index: &[Option<usize>]) -> Option<OutlineEntry> {
    let page = new_index.get(entry.page).copied().flatten()?;
    let children = entry.children.iter().filter_map(|child| moved(child, new_index)).collect();
    Some(OutlineEntry { title: entry.title.clone(), page, y: entry.y, children })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_run_from_each_start_to_the_next() {
        let parts = Parts::new(&[2, 5, 9], Some(12), 14);
        assert_eq!(parts.articles, vec![2..5, 5..9, 9..12]);
        assert_eq!(parts.imprint, Some(12..14));
        assert_eq!(Parts::new(&[2, 4], None, 7).articles, vec![2..4, 4..7]);
    }

    #[test]
    fn links_go_to_the_offprint_page_the_web_or_nowhere() {
        // The offprint holds pages 4 and 5 of the issue; pages 6–7 are an article on the web,
        // 8 one without an address.
        let mut new_index = vec![None; 10];
        new_index[4] = Some(0);
        new_index[5] = Some(1);
        let elsewhere = vec![(6..8, Some("https://example.org/a.html".to_string())), (8..9, None)];
        let to = |page: usize| page_target(&LinkDest::Page { page, y: Pt(3.0) }, &new_index, &elsewhere);
        assert_eq!(to(5), Some(LinkDest::Page { page: 1, y: Pt(3.0) }));
        assert_eq!(to(7), Some(LinkDest::Uri("https://example.org/a.html".into())));
        assert_eq!(to(8), None);
        assert_eq!(to(1), None, "the contents are not in the offprint");
        let web = LinkDest::Uri("https://example.org".into());
        assert_eq!(page_target(&web, &new_index, &elsewhere), Some(web));
    }
}
