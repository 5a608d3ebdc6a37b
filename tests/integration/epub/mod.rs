//! EPUB output, read back from the zip: the sample issues built with the CLI (`sample`), the
//! writer's test issue under tests/fixtures/epub built through the library (`fixture`), and
//! whole-file snapshots of the sample issue (`snapshots`), what reading systems need beyond the
//! validators (`readers`), and the print page markers (`page_list`).

mod fixture;
mod page_list;
mod readers;
mod sample;
mod snapshots;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use roxmltree::{Document, Node};

pub const OPF_NS: &str = "http://www.idpf.org/2007/opf";
pub const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
pub const OPS_NS: &str = "http://www.idpf.org/2007/ops";
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// One zip entry as stored.
pub struct Entry {
    pub name: String,
    pub stored: bool,
    pub bytes: Vec<u8>,
}

/// The bytes of an EPUB file.
pub fn read(epub: &Path) -> Vec<u8> {
    std::fs::read(epub).unwrap_or_else(|e| panic!("cannot read {} ({e})", epub.display()))
}

/// Every entry of an EPUB, in archive order.
pub fn entries(epub: &[u8]) -> Vec<Entry> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("the epub is a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("entry reads");
            Entry {
                name: entry.name().to_string(),
                stored: entry.compression() == zip::CompressionMethod::Stored,
                bytes,
            }
        })
        .collect()
}

/// The package files by name, as text (images left out).
pub fn texts(epub: &[u8]) -> BTreeMap<String, String> {
    entries(epub)
        .into_iter()
        .filter(|e| !e.name.contains("images/"))
        .map(|e| (e.name, String::from_utf8(e.bytes).expect("text files are UTF-8")))
        .collect()
}

pub fn epub_type<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((OPS_NS, "type"))
}

pub fn xml(text: &str) -> Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{text}"))
}

pub fn elements<'a, 'i>(doc: &'a Document<'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    doc.descendants().filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The text of a node and its descendants.
pub fn text_of(node: Node) -> String {
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect()
}

/// The children of `node` that are elements named `name`.
pub fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> Vec<Node<'a, 'i>> {
    node.children().filter(|n| n.is_element() && n.tag_name().name() == name).collect()
}
