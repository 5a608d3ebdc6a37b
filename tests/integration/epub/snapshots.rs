//! Whole-file snapshots of the sample issue's EPUB (`snapshots/` beside this file), so that any
//! change of the markup shows up as a readable diff. A deliberate change is accepted with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test`; under `CI=true` a differing
//! snapshot only fails.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use heft::source::DiskLoader;
use heft::{Options, RenderOptions};

use super::texts;
use crate::common;

/// The text files of the sample issue's EPUB, built through the library at a fixed time so
/// that `dcterms:modified` stays put.
fn sample_files() -> &'static BTreeMap<String, String> {
    static FILES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let options = Options { source_date_epoch: Some(1_769_860_800), ..Options::default() };
        let issue = common::compile(&DiskLoader::new(common::sample()), &options);
        let rendered =
            heft::render(&issue, &RenderOptions { epub: true, ..RenderOptions::none() }).expect("the EPUB is written");
        texts(&rendered.epub.expect("an EPUB was asked for"))
    })
}

fn file(name: &str) -> &'static str {
    sample_files().get(&format!("OEBPS/{name}")).unwrap_or_else(|| panic!("{name} missing from the package"))
}

#[test]
fn package_document() {
    insta::assert_snapshot!("content.opf", file("content.opf"));
}

#[test]
fn navigation_document() {
    insta::assert_snapshot!("nav.xhtml", file("nav.xhtml"));
}

#[test]
fn ncx() {
    insta::assert_snapshot!("toc.ncx", file("toc.ncx"));
}

/// German, with a table, footnotes and cross-references.
#[test]
fn german_article() {
    insta::assert_snapshot!("a01.xhtml", file("a01-elf-wochen-fuer-mehr-haende.xhtml"));
}

/// English in a German issue, with a figure and the related-articles box.
#[test]
fn english_article() {
    insta::assert_snapshot!("a04.xhtml", file("a05-boxes-don-t-strike-people-do.xhtml"));
}
