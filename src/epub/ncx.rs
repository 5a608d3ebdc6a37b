//! The EPUB 2 table of contents (`toc.ncx`) from the same entries as the nav document, for older
//! readers.

use std::collections::HashMap;

use super::nav::{entries, Entry};
use super::plan::Plan;
use super::xml::{without_soft_hyphens, Xml};

const NCX_NS: &str = "http://www.daisy.org/z3986/2005/ncx/";

/// The complete `toc.ncx`.
pub(crate) fn ncx(plan: &Plan) -> Vec<u8> {
    let entries = entries(plan);
    let depth = if entries.iter().any(|e| matches!(e, Entry::Section { .. })) { "2" } else { "1" };
    let mut xml = Xml::new();
    xml.start("ncx", &[("xmlns", NCX_NS), ("version", "2005-1"), ("xml:lang", plan.language())]).newline();
    xml.start("head", &[]).newline();
    for (name, content) in [
        ("dtb:uid", plan.issue.identifier.as_str()),
        ("dtb:depth", depth),
        ("dtb:totalPageCount", "0"),
        ("dtb:maxPageNumber", "0"),
    ] {
        xml.empty("meta", &[("name", name), ("content", content)]).newline();
    }
    xml.end().newline();
    let title = without_soft_hyphens(&plan.issue.book_title);
    xml.start("docTitle", &[]).start("text", &[]).text(&title).end().end().newline();
    xml.start("navMap", &[]).newline();
    let mut orders = PlayOrder::default();
    for entry in &entries {
        nav_point(&mut xml, entry, &mut orders);
    }
    xml.end().newline();
    xml.end().newline();
    xml.finish()
}

/// Hands out `playOrder` values: consecutive from 1, the same one again for the same target
/// (a section points at its first article), as the NCX specification requires.
#[derive(Default)]
struct PlayOrder {
    by_href: HashMap<String, usize>,
    /// navPoints written so far, for their ids.
    points: usize,
}

impl PlayOrder {
    fn of(&mut self, href: &str) -> usize {
        let next = self.by_href.len() + 1;
        *self.by_href.entry(href.to_string()).or_insert(next)
    }
}

fn nav_point(xml: &mut Xml, entry: &Entry, orders: &mut PlayOrder) {
    let (title, href, children): (&str, &str, &[Entry]) = match entry {
        Entry::Page { href, title, .. } => (title, href, &[]),
        Entry::Section { title, href, children } => (title, href, children),
    };
    let order = orders.of(href).to_string();
    orders.points += 1;
    let id = format!("np-{}", orders.points);
    xml.start("navPoint", &[("id", &id), ("playOrder", &order)]).newline();
    xml.start("navLabel", &[]).start("text", &[]).text(&without_soft_hyphens(title)).end().end().newline();
    xml.empty("content", &[("src", href)]).newline();
    for child in children {
        nav_point(xml, child, orders);
    }
    xml.end().newline();
}
