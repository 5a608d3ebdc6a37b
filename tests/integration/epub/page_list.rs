//! Print page numbers in the EPUB: a page-break marker where each page of the PDF built in the
//! same run begins, a page list, and the metadata that announces them. The PDF is read back with
//! pdftotext in content order, the EPUB with roxmltree.

use std::collections::BTreeMap;
use std::process::Command;

use heft::{Options, RenderOptions};

use super::{elements, epub_type, read, text_of, texts, xml, DC_NS};
use crate::common;

/// The text of each PDF page, in the order the page draws it (running heads come last).
fn pdf_pages(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    pages.pop(); // after the last form feed
    pages
}

/// A marker: its file, the first words of the text after it, and whether a list of links
/// follows (contents, related articles), whose entries the two outputs word differently.
struct Marker {
    file: String,
    words: Vec<String>,
    before_nav: bool,
}

/// Every marker by page number.
fn markers(files: &BTreeMap<String, String>) -> BTreeMap<usize, Marker> {
    let mut out = BTreeMap::new();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let doc = xml(text);
        let nodes: Vec<_> = doc.descendants().collect();
        for (k, marker) in nodes.iter().enumerate().filter(|(_, n)| epub_type(**n) == Some("pagebreak")) {
            assert_eq!(marker.attribute("role"), Some("doc-pagebreak"));
            let number: usize = marker.attribute("aria-label").unwrap().parse().unwrap();
            assert_eq!(marker.attribute("id"), Some(format!("page-{number}").as_str()));
            let after: String = nodes[k + 1..].iter().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
            let words = after.split_whitespace().take(3).map(str::to_string).collect();
            let before_nav = marker.next_sibling_element().is_some_and(|n| n.tag_name().name() == "nav");
            let found = Marker { file: name.clone(), words, before_nav };
            assert!(out.insert(number, found).is_none(), "page {number} marked twice");
        }
    }
    out
}

/// Lower case, soft hyphens and a line-end hyphen removed.
fn word(w: &str) -> String {
    w.replace('\u{ad}', "").trim_end_matches('-').to_lowercase()
}

/// Every page of the PDF is marked in the EPUB, at the text the page begins with.
fn check_issue(name: &str) {
    let dir = common::built(name);
    let pages = pdf_pages(&common::output(&dir, "pdf"));
    let files = texts(&read(&common::output(&dir, "epub")));
    let marked = markers(&files);
    assert!(pages.len() > 3);
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let Some(marker) = marked.get(&number) else {
            panic!("page {number} has no marker; it begins: {}", &page[..page.len().min(80)]);
        };
        let pdf_words: Vec<String> = page.split_whitespace().take(2).map(word).collect();
        let epub_words: Vec<String> = marker.words.iter().map(|w| word(w)).collect();
        // A page that begins inside a hyphenated word is marked at the word's start.
        let first_matches = epub_words[0] == pdf_words[0] || epub_words[0].ends_with(&pdf_words[0]);
        // Before a list of links only the heading agrees (the EPUB's contents also list the
        // title page; its related box adds kickers).
        let second_matches = marker.before_nav || epub_words[1] == pdf_words[1];
        let file = &marker.file;
        assert!(first_matches && second_matches, "page {number} in {file}: EPUB {epub_words:?}, PDF {pdf_words:?}");
    }
    assert_eq!(marked.len(), pages.len(), "no marker beyond the PDF's pages");

    let nav_text = &files["OEBPS/nav.xhtml"];
    let nav = xml(nav_text);
    let list = elements(&nav, "nav").find(|n| epub_type(*n) == Some("page-list")).expect("page-list nav");
    let links: Vec<(String, String)> = list
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|a| (text_of(a), a.attribute("href").unwrap().to_string()))
        .collect();
    assert_eq!(links.len(), pages.len());
    for (k, (label, href)) in links.iter().enumerate() {
        assert_eq!(label, &(k + 1).to_string());
        let (file, id) = href.split_once('#').unwrap();
        assert_eq!(id, format!("page-{label}"));
        assert_eq!(marked[&(k + 1)].file, format!("OEBPS/{file}"), "page {label} links the file of its marker");
    }
    let opf_text = &files["OEBPS/content.opf"];
    let opf = xml(opf_text);
    let features: Vec<String> = elements(&opf, "meta")
        .filter(|m| m.attribute("property") == Some("schema:accessibilityFeature"))
        .map(text_of)
        .collect();
    for feature in ["pageBreakMarkers", "printPageNumbers"] {
        assert!(features.iter().any(|f| f == feature), "{feature} missing: {features:?}");
    }
    let source = opf.descendants().find(|n| n.tag_name().namespace() == Some(DC_NS) && n.tag_name().name() == "source");
    assert!(text_of(source.expect("dc:source")).contains("(PDF)"));
}

#[test]
fn rote_feder_marks_every_print_page() {
    check_issue("rote-feder");
}

#[test]
fn field_notes_mark_every_print_page() {
    check_issue("field-notes");
}

#[test]
fn without_the_pdf_there_is_no_page_list() {
    let issue = common::compile(&common::memory_loader(&common::fixture("epub")), &Options::default());
    let rendered = heft::render(&issue, &RenderOptions { epub: true, ..RenderOptions::none() }).unwrap();
    let files = texts(&rendered.epub.unwrap());
    assert!(!files["OEBPS/nav.xhtml"].contains("page-list"));
    assert!(files.values().all(|text| !text.contains("pagebreak")));
    assert!(!files["OEBPS/content.opf"].contains("dc:source"));
}

#[test]
fn page_list_epub_passes_epubcheck() {
    // The fixture has tables, lists, quotes, code and notes for markers to fall into.
    let issue = common::compile(&common::memory_loader(&common::fixture("epub")), &Options::default());
    let rendered = heft::render(&issue, &RenderOptions::all()).unwrap();
    let epub = rendered.epub.unwrap();
    assert!(texts(&epub)["OEBPS/nav.xhtml"].contains("page-list"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixture.epub");
    std::fs::write(&path, epub).unwrap();
    if let Err(report) = common::epubcheck(&path) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
}
