//! Random Markdown and front matter → compile → EPUB → PDF never panics, and every EPUB written
//! is a well-formed package (zip, `mimetype` first and stored, every XML file parses).

use std::io::Read;

use heft::source::MemoryLoader;
use proptest::prelude::*;

use crate::bad_input::PNG;

/// Pieces of Markdown that interact: inline markup, links of every kind, block starts, tables,
/// footnotes, raw HTML, entities and arbitrary characters.
fn fragment() -> impl Strategy<Value = String> {
    let benign = prop::sample::select(vec![
        "*",
        "**",
        "_",
        "__",
        "~~",
        "`",
        "\"",
        "'",
        "--",
        "---",
        "...",
        "\\",
        "  \n",
        "\n",
        "\n\n",
        "\t",
        "\n- ",
        "\n  - ",
        "\n1. ",
        "\n3) ",
        "\n> ",
        "\n> > ",
        "\n# ",
        "\n## ",
        "\n###### ",
        "\n```\n",
        "\n    ",
        "\n***\n",
        "- [x] ",
        "\n| a | b |\n|:--|--:|\n| c | d |\n",
        "| x |",
        "\n|---|\n",
        "[^1]",
        "\n[^1]: Fußnote *eins*\n",
        "\n\n[^1]: > zitiert\n",
        "[text](https://example.org)",
        "[b](b.md)",
        "[b](b.md#abschnitt)",
        "[self](#x)",
        "[js](javascript:alert(1))",
        "<javascript:alert(1)>",
        "<https://example.org>",
        "[ref]",
        "\n[ref]: https://x.org\n",
        "![alt](pic.png)",
        "<b>",
        "</b>",
        "<sup>",
        "</sub>",
        "<em>",
        "<script>",
        "</script>",
        "<div>",
        "</div>",
        "<br>",
        "<!--",
        "-->",
        "<a href=\"javascript:x\">",
        "<img src=x onerror=y>",
        "<iframe>",
        "<style>",
        "<svg onload=x>",
        "&amp;",
        "&lt;",
        "&#0;",
        "&#x202e;",
        "&nbsp;",
        "&bogus;",
        "{#id}",
        " {#x}",
        "$x$",
        "\u{202e}",
        "\u{200d}",
        "😀",
        "👨‍👩‍👧",
        "漢字",
        "مرحبا",
        "\u{301}",
        "\u{0}",
        "\u{1b}",
        "\u{85}",
        "\u{feff}",
        "\u{ad}",
    ])
    .prop_map(str::to_string);
    // Each of these makes the article fail to compile (which must not panic either).
    let erroneous = prop::sample::select(vec![
        "[missing](c.md)",
        "![alt](nope.png)",
        "![](../../pic.png)",
        "![x](https://example.org/a.png)",
        "[^2]",
        "[^",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        40 => benign,
        1 => erroneous,
        20 => "[a-zA-ZäöüÄÖÜß0-9 ,.;:!?()-]{0,24}",
        5 => any::<char>().prop_map(|c| c.to_string()),
        5 => "[a-z]{30,300}",
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..48).prop_map(|parts| parts.concat())
}

/// A scalar for front matter: usually harmless text, sometimes characters that break quoting.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-zA-ZäöüÄÖÜß0-9 ,.!?-]{1,30}",
        1 => "[a-z\":'#\\[\\]{}&*!|>%@` \\\\]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

/// YAML or TOML front matter with a random selection of keys (rarely unknown or wrongly
/// typed ones), rarely unquoted or missing.
fn front_matter() -> impl Strategy<Value = String> {
    let keys = prop_oneof![
        12 => prop::sample::select(vec!["kicker", "subtitle", "byline", "note", "source"]),
        1 => prop::sample::select(vec!["lang", "date", "titel", "related", "authors"]),
    ];
    let entries = prop::collection::vec((keys, scalar()), 0..4);
    let kind = prop_oneof![8 => Just(0u8), 8 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)];
    (kind, scalar(), entries).prop_map(|(kind, title, entries)| match kind {
        0 => {
            let mut text = format!("---\ntitle: {title:?}\n");
            for (key, value) in entries {
                text.push_str(&format!("{key}: {value:?}\n"));
            }
            text + "---\n"
        }
        1 => {
            let mut text = format!("+++\ntitle = {title:?}\n");
            for (key, value) in entries {
                text.push_str(&format!("{key} = {value:?}\n"));
            }
            text + "+++\n"
        }
        2 => {
            let mut text = format!("---\ntitle: {title}\n");
            for (key, value) in entries {
                text.push_str(&format!("{key}: {value}\n"));
            }
            text + "---\n"
        }
        _ => String::new(),
    })
}

const MANIFEST: &str = "title = \"Zufall\"\nissue = \"Nr. 1/2026\"\ndate = 2026-01-31\nlanguage = \"de\"\n\
imprint = \"impressum.md\"\n\n[[sections]]\ntitle = \"S\"\narticles = [\"articles/a.md\", \"articles/b.md\"]\n";

/// The random article `a.md` and imprint next to a fixed article `b.md`.
fn issue_files(front: &str, body: &str, imprint: &str) -> MemoryLoader {
    MemoryLoader::new()
        .with("issue.toml", MANIFEST)
        .with("articles/a.md", format!("{front}{body}"))
        .with("articles/b.md", "---\ntitle: B\n---\n## Abschnitt\n\nText [a](a.md).\n")
        .with("articles/pic.png", PNG)
        .with("impressum.md", imprint)
}

/// Checks the package structure of an EPUB; returns why it is broken.
pub fn epub_structure(epub: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).map_err(|e| format!("not a zip: {e}"))?;
    {
        let mut first = archive.by_index(0).map_err(|e| e.to_string())?;
        if first.name() != "mimetype" || first.compression() != zip::CompressionMethod::Stored {
            return Err(format!("first entry is {} ({:?})", first.name(), first.compression()));
        }
        let mut text = String::new();
        first.read_to_string(&mut text).map_err(|e| e.to_string())?;
        if text != "application/epub+zip" {
            return Err(format!("mimetype is {text:?}"));
        }
    }
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"].iter().any(|ext| name.ends_with(ext)) {
            let mut text = String::new();
            entry.read_to_string(&mut text).map_err(|e| format!("{name}: {e}"))?;
            roxmltree::Document::parse_with_options(&text, options).map_err(|e| format!("{name}: {e}\n{text}"))?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_articles_never_panic_and_make_valid_packages(front in front_matter(), body in markdown(), imprint in markdown()) {
        let loader = issue_files(&front, &body, &imprint);
        let compiled = heft::compile(&loader, &heft::Options { source_date_epoch: Some(0), ..heft::Options::default() });
        let _ = heft::diag::report::render(&compiled.diagnostics.0, &compiled.sources, false);
        let Some(issue) = compiled.issue else {
            prop_assert!(compiled.diagnostics.has_errors(), "no model and no error");
            return Ok(());
        };
        let rendered = heft::render(&issue, &heft::RenderOptions::all())
            .map_err(|errors| TestCaseError::fail(format!("{:?}", errors.0)))?;
        let epub = rendered.epub.expect("an EPUB was asked for");
        if let Err(problem) = epub_structure(&epub) {
            return Err(TestCaseError::fail(problem));
        }
        let pdf = rendered.pdf.expect("a PDF was asked for");
        prop_assert!(lopdf::Document::load_mem(&pdf).is_ok(), "lopdf cannot read the PDF");
    }
}

#[test]
fn the_generator_mostly_makes_valid_issues() {
    // Samples the generators directly and counts how many inputs compile.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut built = 0;
    for _ in 0..40 {
        let front = front_matter().new_tree(&mut runner).expect("tree").current();
        let body = markdown().new_tree(&mut runner).expect("tree").current();
        let loader = issue_files(&front, &body, "Impressum.");
        built += usize::from(heft::compile(&loader, &heft::Options::default()).issue.is_some());
    }
    assert!(built >= 15, "only {built} of 40 random articles compile: the property would test little");
}
