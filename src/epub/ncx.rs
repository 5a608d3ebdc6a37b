//! The EPUB 2 table of contents (`toc.ncx`) from the same entries as the nav document, for older
//! readers.

use std::collections::HashMap;

use super::nav::{entries, Entry};
use super::plan::Plan;
use super::xml::{esc, esc_plain};

/// The complete `toc.ncx`.
pub(crate) fn ncx(plan: &Plan) -> String {
    let entries = entries(plan);
    let depth = if entries.iter().any(|e| matches!(e, Entry::Section { .. })) { 2 } else { 1 };
    let mut points = String::new();
    let mut orders = PlayOrder::default();
    for entry in &entries {
        nav_point(&mut points, entry, &mut orders);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n<head>\n\
         <meta name=\"dtb:uid\" content=\"{}\"/>\n<meta name=\"dtb:depth\" content=\"{depth}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n\
         </head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n{points}</navMap>\n</ncx>\n",
        esc(plan.language()),
        esc(&plan.issue.identifier),
        esc_plain(&plan.issue.book_title)
    )
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

fn nav_point(out: &mut String, entry: &Entry, orders: &mut PlayOrder) {
    let (title, href, children): (&str, &str, &[Entry]) = match entry {
        Entry::Page { href, title, .. } => (title, href, &[]),
        Entry::Section { title, children } => match children.first() {
            Some(Entry::Page { href, .. }) => (title, href, children),
            _ => return,
        },
    };
    let order = orders.of(href);
    orders.points += 1;
    out.push_str(&format!(
        "<navPoint id=\"np-{}\" playOrder=\"{order}\">\n<navLabel><text>{}</text></navLabel>\n<content src=\"{}\"/>\n",
        orders.points,
        esc_plain(title),
        esc(href)
    ));
    for child in children {
        nav_point(out, child, orders);
    }
    out.push_str("</navPoint>\n");
}
