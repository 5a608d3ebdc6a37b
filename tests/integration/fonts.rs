//! Fonts: nothing the editor wrote is lost in the PDF. Every non-space character of every sample
//! article (the model's text, after smart punctuation) is read back from the screen PDF with
//! `pdftotext`, symbols through the bundled fallback faces; code is set in the mono face; a
//! character no bundled font has is drawn as a box, keeps its text and is reported at its line.

use std::collections::BTreeMap;
use std::process::Command;

use heft::model::{counts, shown_text, Article, Block, Inline, Issue};
use heft::source::MemoryLoader;
use heft::Options;

use crate::common;

/// How often each counted character occurs, by character.
type Tally = BTreeMap<char, usize>;

fn add_text(tally: &mut Tally, text: &str) {
    for c in text.chars().filter(|&c| counts(c)) {
        *tally.entry(c).or_default() += 1;
    }
}

fn add_inlines(tally: &mut Tally, inlines: &[Inline]) {
    for inline in inlines {
        if let Some(text) = shown_text(inline) {
            add_text(tally, &text);
        }
        match inline {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => add_inlines(tally, c),
            _ => {}
        }
    }
}

fn add_blocks(tally: &mut Tally, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph(i) | Block::Heading { content: i, .. } => add_inlines(tally, i),
            Block::List { items, .. } => items.iter().for_each(|item| add_blocks(tally, item)),
            Block::BlockQuote(b) => add_blocks(tally, b),
            Block::Table { header, rows, .. } => {
                header.iter().chain(rows.iter().flatten()).for_each(|cell| add_inlines(tally, cell))
            }
            Block::Figure { alt, .. } => add_text(tally, alt),
            Block::CodeBlock(code) => add_text(tally, code),
            Block::Rule => {}
        }
    }
}

/// The characters of an article as the model holds them: head, body and notes.
fn article_tally(article: &Article) -> Tally {
    let mut tally = Tally::new();
    let head = [&article.kicker, &Some(article.title.clone()), &article.subtitle, &article.byline, &article.note];
    for text in head.into_iter().flatten() {
        add_text(&mut tally, text);
    }
    add_blocks(&mut tally, &article.blocks);
    for note in &article.footnotes {
        add_blocks(&mut tally, &note.blocks);
    }
    tally
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every character each printed article uses, as often as the articles use it together, is in
/// the screen PDF's text (which also has contents, running heads and hyphens, so it may hold more).
fn assert_nothing_lost(name: &str) {
    let issue: Issue =
        common::compile(&common::memory_loader(&common::root().join("issues").join(name)), &Options::default());
    let edition = issue.print_edition();
    let mut wanted = Tally::new();
    let mut used_by: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for article in &edition.articles {
        for (c, n) in article_tally(article) {
            *wanted.entry(c).or_default() += n;
            used_by.entry(c).or_default().push(&article.path);
        }
    }
    let mut found = Tally::new();
    add_text(&mut found, &pdf_text(&common::output(&common::built(name), "pdf")));
    let lost: Vec<String> = wanted
        .iter()
        .filter(|(c, n)| found.get(c).copied().unwrap_or(0) < **n)
        .map(|(c, n)| {
            format!("{c:?} (U+{:04X}) {n}× in {:?}, {}× in the PDF", *c as u32, used_by[c], found.get(c).unwrap_or(&0))
        })
        .collect();
    assert!(lost.is_empty(), "{name}: characters lost in the PDF:\n{}", lost.join("\n"));
    for symbol in ['−', '→', '★', '✓'] {
        assert!(
            wanted.contains_key(&symbol),
            "{name}: the sample prose should use {symbol}, so this test means something"
        );
    }
}

#[test]
fn every_character_of_rote_feder_reads_back_from_the_pdf() {
    assert_nothing_lost("rote-feder");
}

#[test]
fn every_character_of_field_notes_reads_back_from_the_pdf() {
    assert_nothing_lost("field-notes");
}

#[test]
fn symbol_and_code_faces_are_embedded_as_subsets_with_unicode_maps() {
    let fonts = common::pdffonts(&common::output(&common::built("field-notes"), "pdf"));
    for face in ["NotoSansMath-Regular", "NotoSansSymbols2-Regular", "NotoSansMono-Regular"] {
        let found = fonts.iter().find(|(name, _, _)| name == face);
        assert_eq!(found.map(|(_, _, flags)| flags.as_str()), Some("yes yes yes"), "{face} in {fonts:?}");
    }
}

const UNCOVERED: &str = "+++\ntitle = \"Zeichen\"\n+++\n\nErste Zeile.\n\nDas Zeichen 漢 hat keine Schrift.\n";

fn uncovered_issue() -> MemoryLoader {
    MemoryLoader::new()
        .with("issue.toml", "title = \"Test\"\nissue = \"Nr. 1\"\nlanguage = \"de\"\ndate = 2026-01-01\n\n[[sections]]\ntitle = \"A\"\narticles = [\"a.md\"]\n")
        .with("a.md", UNCOVERED)
}

#[test]
fn a_character_no_font_has_is_a_box_with_its_text_and_a_warning_at_its_line() {
    let compiled = heft::compile(&uncovered_issue(), &Options::default());
    let issue = compiled.issue.as_ref().expect("the issue compiles");
    let rendered =
        heft::render(issue, &heft::RenderOptions { pdf: true, ..heft::RenderOptions::none() }).expect("renders");
    let report = heft::diag::report::render(&rendered.warnings, &compiled.sources, false);
    assert!(report.contains("U+6F22"), "{report}");
    assert!(report.contains("a.md:7:"), "the warning names the line: {report}");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    std::fs::write(&pdf, rendered.pdf.as_ref().expect("a PDF")).unwrap();
    assert!(pdf_text(&pdf).contains("Zeichen 漢 hat"), "the box keeps its text");
}
