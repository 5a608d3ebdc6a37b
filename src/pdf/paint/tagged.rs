//! The screen PDF's logical structure (PDF/UA-1): marked-content operators around the painted
//! items, and after the pages the structure tree — one StructElem per frame structure node,
//! their MCID and OBJR children in reading order, the ParentTree that maps each page's MCIDs and
//! each link annotation back to its element — plus the catalog entries and XMP that declare it.

use pdf_writer::types::{StructRole as PdfRole, TableHeaderScope};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Finish, Name, Ref, Str, TextStr};
use xmp_writer::{LangId, XmpWriter};

use super::objstm::Packer;
use crate::pdf::frame::{DocInfo, HeaderScope, StructId, StructNode, StructRole, Tag};

/// The marked-content tag a node's sequences open with (the element type, for readers that
/// look at the content stream alone).
fn pdf_role(role: StructRole) -> PdfRole {
    match role {
        StructRole::Document => PdfRole::Document,
        StructRole::Part => PdfRole::Part,
        StructRole::Art => PdfRole::Art,
        StructRole::Div => PdfRole::Div,
        StructRole::Heading(1) => PdfRole::H1,
        StructRole::Heading(2) => PdfRole::H2,
        StructRole::Heading(3) => PdfRole::H3,
        StructRole::Heading(4) => PdfRole::H4,
        StructRole::Heading(5) => PdfRole::H5,
        StructRole::Heading(_) => PdfRole::H6,
        StructRole::Paragraph => PdfRole::P,
        StructRole::List => PdfRole::L,
        StructRole::ListItem => PdfRole::LI,
        StructRole::ListLabel => PdfRole::Lbl,
        StructRole::ListBody => PdfRole::LBody,
        StructRole::Table => PdfRole::Table,
        StructRole::TableHead => PdfRole::THead,
        StructRole::TableBody => PdfRole::TBody,
        StructRole::TableRow => PdfRole::TR,
        StructRole::TableHeader => PdfRole::TH,
        StructRole::TableCell => PdfRole::TD,
        StructRole::BlockQuote => PdfRole::BlockQuote,
        StructRole::Figure => PdfRole::Figure,
        StructRole::Caption => PdfRole::Caption,
        StructRole::Note => PdfRole::Note,
        StructRole::Link => PdfRole::Link,
        StructRole::Span => PdfRole::Span,
        StructRole::Toc => PdfRole::TOC,
        StructRole::TocItem => PdfRole::TOCI,
        StructRole::Code => PdfRole::Code,
    }
}

/// Opens and closes marked-content sequences in one page's content stream as the painted
/// items' tags change; consecutive items of one node share one sequence (one MCID).
#[derive(Debug, Default)]
pub(super) struct Marker {
    open: Option<Tag>,
    /// The node of each MCID of the page, by MCID.
    pub mcids: Vec<StructId>,
}

impl Marker {
    /// Makes `tag` the current sequence, closing the previous one if it differs.
    pub fn mark(&mut self, out: &mut Vec<u8>, tag: Tag, nodes: &[StructNode]) {
        if self.open == Some(tag) {
            return;
        }
        self.close(out);
        match tag {
            Tag::Layout => out.extend_from_slice(b"/Artifact <</Type /Layout>> BDC\n"),
            Tag::Pagination => out.extend_from_slice(b"/Artifact <</Type /Pagination>> BDC\n"),
            Tag::Content(id) => {
                out.push(b'/');
                out.extend_from_slice(role_name(nodes, id));
                out.extend_from_slice(b" <</MCID ");
                out.extend_from_slice(self.mcids.len().to_string().as_bytes());
                out.extend_from_slice(b">> BDC\n");
                self.mcids.push(id);
            }
        }
        self.open = Some(tag);
    }

    /// Whether painting an item tagged `tag` begins a new sequence.
    pub fn opens(&self, tag: Tag) -> bool {
        self.open != Some(tag)
    }

    /// Does what `mark` does but write: `tag` is the open sequence, and a node's gets the next MCID.
    pub fn open(&mut self, tag: Tag) {
        if self.opens(tag) {
            if let Tag::Content(id) = tag {
                self.mcids.push(id);
            }
            self.open = Some(tag);
        }
    }

    /// Ends the open sequence, if any.
    pub fn close(&mut self, out: &mut Vec<u8>) {
        if self.open.take().is_some() {
            out.extend_from_slice(b"EMC\n");
        }
    }
}

/// The name a node's marked-content sequences open with (`Span` for a node not in the tree).
pub(super) fn role_name(nodes: &[StructNode], id: StructId) -> &'static [u8] {
    nodes.get(id.index()).map_or(PdfRole::Span, |n| pdf_role(n.role)).to_name().0
}

/// Where each node's content is painted in a page's content stream, by node: the reading
/// position of its block (the node right under its part's root) or, inside a footnote, of the
/// note. Painting items in this order puts a note right after the paragraph that refers to it
/// (though it sits at the foot of the column), and keeps a paragraph's runs in line order.
pub(super) fn paint_keys(nodes: &[StructNode]) -> Vec<u32> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (index, node) in nodes.iter().enumerate() {
        if let Some(parent) = node.parent {
            children[parent.index()].push(index);
        }
    }
    // Reading position: preorder over the tree in the order layout made the nodes.
    let mut rank = vec![0u32; nodes.len()];
    let mut stack = vec![StructId::DOCUMENT.index()];
    let mut next = 0;
    while let Some(node) = stack.pop() {
        rank[node] = next;
        next += 1;
        stack.extend(children[node].iter().rev());
    }
    let block_of = |index: usize| {
        let mut block = index;
        let mut at = index;
        loop {
            if nodes[at].role == StructRole::Note {
                block = at;
                break;
            }
            match nodes[at].parent.and_then(|p| nodes[p.index()].parent) {
                // `at`'s grandparent exists: it is below a part root, so it may be the block.
                Some(_) => {
                    block = at;
                    at = nodes[at].parent.map_or(at, |p| p.index());
                }
                None => break,
            }
        }
        block
    };
    (0..nodes.len()).map(|index| rank[block_of(index)]).collect()
}

/// A link annotation that belongs to a `Link` node.
#[derive(Debug, Clone, Copy)]
pub(super) struct TaggedAnnotation {
    pub node: StructId,
    pub annotation: Ref,
    pub page: usize,
    /// Its `/StructParent` key in the ParentTree.
    pub key: i32,
}

/// A child of a structure element, ordered by its `Seq` (the order it was painted in) where
/// order among painted content matters. Kept small (12 bytes): an issue of 165 000 list items
/// has a million of them.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Marked {
        page: u32,
        mcid: u32,
    },
    Annotation {
        page: u32,
        annotation: Ref,
    },
    Element(StructId),
    /// A run of the parent's own content between its child elements, by index into the spans.
    Span(u32),
}

/// Where a kid comes in painting order; `NOT_PAINTED` for a described node that paints nothing.
type Seq = u32;
const NOT_PAINTED: Seq = Seq::MAX;

/// A run of marked content wrapped in a `Span` of its own: the node it belongs to and its MCRs.
struct Span {
    parent: StructId,
    kids: Vec<(Seq, Kid)>,
}

/// Every node's children in one buffer rather than a vector each: node `i`'s are
/// `kids[start..start + len]` for `ranges[i] = Some((start, len))`; `None` for a node left out.
struct Children {
    kids: Vec<(Seq, Kid)>,
    ranges: Vec<Option<(u32, u32)>>,
}

impl Children {
    fn of(&self, node: usize) -> Option<&[(Seq, Kid)]> {
        let (start, len) = self.ranges[node]?;
        Some(&self.kids[start as usize..(start + len) as usize])
    }

    /// Wraps the mixed content of every node (see `wrap_mixed`); returns the spans made.
    fn wrap_mixed(&mut self) -> Vec<Span> {
        let mut spans = Vec::new();
        for (index, range) in self.ranges.iter_mut().enumerate() {
            let Some((start, len)) = range else { continue };
            let kids = &mut self.kids[*start as usize..(*start + *len) as usize];
            *len = wrap_mixed(StructId(index as u32), kids, &mut spans) as u32;
        }
        spans
    }
}

/// Wraps each run of a node's own content that lies between child elements (the words of a
/// paragraph around a link) into a `Span`, so that the tree lists content in painting order
/// for readers that take a node's own content before its children's. Rewrites `kids` in place
/// and returns how many it holds now (never more than before).
fn wrap_mixed(node: StructId, kids: &mut [(Seq, Kid)], spans: &mut Vec<Span>) -> usize {
    let mixed = kids.iter().any(|(_, k)| matches!(k, Kid::Element(_)))
        && kids.iter().any(|(_, k)| matches!(k, Kid::Marked { .. }));
    if !mixed {
        return kids.len();
    }
    let mut len: usize = 0;
    for read in 0..kids.len() {
        // `len <= read`: writing at `len` never overwrites a kid not read yet.
        let (seq, kid) = kids[read];
        let open = match len.checked_sub(1).map(|last| kids[last].1) {
            Some(Kid::Span(open)) => Some(open as usize),
            _ => None,
        };
        match (kid, open) {
            (Kid::Marked { .. }, Some(open)) => spans[open].kids.push((seq, kid)),
            (Kid::Marked { .. }, None) => {
                spans.push(Span { parent: node, kids: vec![(seq, kid)] });
                kids[len] = (seq, Kid::Span(spans.len() as u32 - 1));
                len += 1;
            }
            _ => {
                kids[len] = (seq, kid);
                len += 1;
            }
        }
    }
    len
}

/// The first page a list of children paints on: the element's `/Pg`.
fn first_page(kids: &[(Seq, Kid)]) -> Option<usize> {
    kids.iter().find_map(|(_, kid)| match kid {
        Kid::Marked { page, .. } | Kid::Annotation { page, .. } => Some(*page as usize),
        Kid::Element(_) | Kid::Span(_) => None,
    })
}

/// Where children point: the nodes', the spans' and the pages' objects.
struct Objects<'a> {
    nodes: &'a [Ref],
    spans: &'a [Ref],
    pages: &'a [Ref],
}

fn write_kids(
    mut children: pdf_writer::writers::StructChildren,
    kids: &[(Seq, Kid)],
    page: Option<usize>,
    objects: &Objects,
) {
    for (_, kid) in kids {
        match *kid {
            Kid::Element(child) => {
                children.struct_element(objects.nodes[child.index()]);
            }
            Kid::Span(span) => {
                children.struct_element(objects.spans[span as usize]);
            }
            Kid::Marked { page: on, mcid } if Some(on as usize) == page => {
                children.marked_content_id(mcid as i32);
            }
            Kid::Marked { page: on, mcid } => {
                children.marked_content_ref().marked_content_id(mcid as i32).page(objects.pages[on as usize]);
            }
            Kid::Annotation { page: on, annotation } => {
                children.object_ref().object(annotation).page(objects.pages[on as usize]);
            }
        }
    }
}

/// Writes the structure tree; returns the StructTreeRoot's reference.
pub(super) fn write_tree(
    out: &mut Packer,
    nodes: &[StructNode],
    pages: &[&[StructId]],
    page_ids: &[Ref],
    annotations: &[TaggedAnnotation],
) -> Ref {
    let root = out.refs.next();
    let ids: Vec<Ref> = nodes.iter().map(|_| out.refs.next()).collect();
    let mut kids = children(nodes, pages, annotations);
    let spans = kids.wrap_mixed();
    let span_ids: Vec<Ref> = spans.iter().map(|_| out.refs.next()).collect();
    let objects = Objects { nodes: &ids, spans: &span_ids, pages: page_ids };
    // The MCIDs a span took over point at the span in the ParentTree.
    let mut owners: std::collections::HashMap<(u32, u32), Ref> = std::collections::HashMap::new();
    for (span, &id) in spans.iter().zip(&span_ids) {
        let page = first_page(&span.kids);
        let mut element = out.begin().struct_element(id);
        element.kind(PdfRole::Span).parent(ids[span.parent.index()]);
        if let Some(page) = page {
            element.page(page_ids[page]);
        }
        write_kids(element.children(), &span.kids, page, &objects);
        for (_, kid) in &span.kids {
            if let Kid::Marked { page, mcid } = *kid {
                owners.insert((page, mcid), id);
            }
        }
    }
    for (index, node) in nodes.iter().enumerate() {
        let Some(own) = kids.of(index) else { continue };
        let parent = node.parent.map_or(root, |p| ids[p.index()]);
        let first_page = first_page(own);
        let mut element = out.begin().struct_element(ids[index]);
        element.kind(pdf_role(node.role)).parent(parent);
        if let Some(page) = first_page {
            element.page(page_ids[page]);
        }
        if let Some(lang) = node.lang() {
            element.lang(TextStr(lang));
        }
        if let Some(alt) = node.alt() {
            element.alt(TextStr(alt));
        }
        if let Some(id) = node.id() {
            element.id(Str(id.as_bytes()));
        }
        if node.scope == Some(HeaderScope::Column) {
            element.attributes().push().table().scope(TableHeaderScope::Column);
        }
        write_kids(element.children(), own, first_page, &objects);
    }
    let page_arrays: Vec<Ref> = pages.iter().map(|_| out.refs.next()).collect();
    for (page, (mcids, &array)) in pages.iter().zip(&page_arrays).enumerate() {
        let owner = |(mcid, id): (usize, &StructId)| {
            owners.get(&(page as u32, mcid as u32)).copied().unwrap_or(ids[id.index()])
        };
        out.begin().indirect(array).array().items(mcids.iter().enumerate().map(owner));
    }
    let mut tree = out.begin().indirect(root).start::<StructTreeRoot>();
    tree.child(ids[StructId::DOCUMENT.index()]);
    let mut parents = tree.parent_tree();
    let mut nums = parents.nums();
    for (key, &array) in page_arrays.iter().enumerate() {
        nums.insert(key as i32, array);
    }
    for a in annotations {
        nums.insert(a.key, ids[a.node.index()]);
    }
    nums.finish();
    parents.finish();
    let next_key = pages.len() + annotations.len();
    tree.parent_tree_next_key(next_key as i32);
    tree.finish();
    root
}

/// Each node's children in reading order; a node with nothing to read (no content, no
/// description) has no range and is left out of the tree. A node's own painted content and its
/// children interleave in painting order (a link inside a paragraph); children of a node
/// without content of its own keep the order layout made them in (a note after the paragraph
/// that refers to it, though it is painted at the foot of the column).
fn children(nodes: &[StructNode], pages: &[&[StructId]], annotations: &[TaggedAnnotation]) -> Children {
    // Painting order, and for every node the first place it (or a descendant) is painted.
    let mut own_count = vec![0u32; nodes.len()];
    let mut first: Vec<Option<Seq>> = vec![None; nodes.len()];
    let reach = |node: StructId, seq: Seq, first: &mut Vec<Option<Seq>>| {
        let mut at = Some(node);
        while let Some(n) = at {
            if first[n.index()].is_some() {
                break;
            }
            first[n.index()] = Some(seq);
            at = nodes[n.index()].parent;
        }
    };
    let painted = painting_order(pages, annotations);
    for (seq, &(node, _)) in painted.iter().enumerate() {
        own_count[node.index()] += 1;
        reach(node, seq as Seq, &mut first);
    }
    // Described nodes (a figure whose image could not be drawn) are read though they paint nothing.
    for (index, node) in nodes.iter().enumerate() {
        if node.alt().is_some() && first[index].is_none() {
            reach(StructId(index as u32), NOT_PAINTED, &mut first);
        }
    }
    let mut sizes = own_count.clone();
    for (index, node) in nodes.iter().enumerate() {
        if let (Some(parent), Some(_)) = (node.parent, first[index]) {
            sizes[parent.index()] += 1;
        }
    }
    let mut ranges: Vec<Option<(u32, u32)>> = Vec::with_capacity(nodes.len());
    let mut total = 0u32;
    for (index, &size) in sizes.iter().enumerate() {
        ranges.push(first[index].map(|_| (total, 0)));
        if first[index].is_some() {
            total += size;
        }
    }
    let mut kids = vec![(NOT_PAINTED, Kid::Span(0)); total as usize];
    let mut push = |node: usize, kid: (Seq, Kid)| {
        if let Some((start, len)) = &mut ranges[node] {
            kids[(*start + *len) as usize] = kid;
            *len += 1;
        }
    };
    for (seq, &(node, kid)) in painted.iter().enumerate() {
        push(node.index(), (seq as Seq, kid));
    }
    for (index, node) in nodes.iter().enumerate() {
        if let (Some(parent), Some(seq)) = (node.parent, first[index]) {
            push(parent.index(), (seq, Kid::Element(StructId(index as u32))));
        }
    }
    for (index, range) in ranges.iter().enumerate() {
        if let (Some((start, len)), true) = (range, own_count[index] > 0) {
            kids[*start as usize..(*start + *len) as usize].sort_by_key(|(seq, _)| *seq);
        }
    }
    Children { kids, ranges }
}

/// Every painted piece of content in painting order: each page's MCIDs, then its link
/// annotations, page by page, with the node each belongs to.
fn painting_order(pages: &[&[StructId]], annotations: &[TaggedAnnotation]) -> Vec<(StructId, Kid)> {
    let mut painted = Vec::with_capacity(pages.iter().map(|p| p.len()).sum::<usize>() + annotations.len());
    for (page, mcids) in pages.iter().enumerate() {
        let on = page as u32;
        painted
            .extend(mcids.iter().enumerate().map(|(mcid, &node)| (node, Kid::Marked { page: on, mcid: mcid as u32 })));
        let links = annotations.iter().filter(|a| a.page == page);
        painted.extend(links.map(|a| (a.node, Kid::Annotation { page: on, annotation: a.annotation })));
    }
    painted
}

/// The screen PDF's XMP: title, language, authors, and the PDF/UA-1 identification.
pub(super) fn xmp(info: &DocInfo) -> String {
    let mut xmp = XmpWriter::new();
    xmp.title([(None, info.title.as_str())]);
    if !info.author.is_empty() {
        xmp.creator(info.author.split(", "));
    }
    if !info.lang.is_empty() {
        xmp.language([LangId(info.lang.as_str())]);
    }
    xmp.format("application/pdf");
    xmp.producer("heft").creator_tool("heft");
    xmp.pdfua_part(1);
    xmp.finish(None)
}

/// `/PageLabels`: each page labelled with its number (`numbers`, or i + 1 for page i when
/// empty), as its folio prints it; a new range wherever the numbers do not run on.
pub(super) fn page_labels(catalog: &mut pdf_writer::writers::Catalog, numbers: &[usize]) {
    let mut labels = catalog.insert(Name(b"PageLabels")).dict();
    let mut nums = labels.insert(Name(b"Nums")).array();
    for (page, start) in label_ranges(numbers) {
        nums.item(page as i32);
        let mut range = nums.push().dict();
        range.pair(Name(b"S"), Name(b"D"));
        if start != 1 {
            range.pair(Name(b"St"), start as i32);
        }
    }
}

/// Where page label ranges begin: (page index, its number). Always one range at page 0.
fn label_ranges(numbers: &[usize]) -> Vec<(usize, usize)> {
    let mut ranges = vec![(0, numbers.first().copied().unwrap_or(1))];
    for (page, pair) in numbers.windows(2).enumerate() {
        if pair[1] != pair[0] + 1 {
            ranges.push((page + 1, pair[1]));
        }
    }
    ranges
}

#[cfg(test)]
mod label_tests {
    use super::label_ranges;

    #[test]
    fn label_ranges_start_where_numbers_jump() {
        assert_eq!(label_ranges(&[]), vec![(0, 1)]);
        assert_eq!(label_ranges(&[5, 6, 7, 40]), vec![(0, 5), (3, 40)]);
        assert_eq!(label_ranges(&[1, 2, 3]), vec![(0, 1)]);
    }
}
