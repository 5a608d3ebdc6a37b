//! A house style's own fonts (`[fonts]`): the fixture `tests/fixtures/house-fonts` sets its text in
//! EB Garamond and its headings in Linux Biolinum, both OpenType/CFF. Every output is built; the
//! PDFs embed the CFF faces as subsets (`CID Type 0C`) with ToUnicode maps and the text reads back;
//! the EPUB (with the font files in it) passes EPUBCheck; the HTML edition carries the files too.

use std::path::Path;
use std::process::Command;

use heft::source::MemoryLoader;
use heft::Options;

use crate::common;

/// `pdffonts` rows: (name without subset tag, type, "emb sub uni").
fn pdffonts(pdf: &Path) -> Vec<(String, String, String)> {
    let out = Command::new("pdffonts").arg(pdf).output().expect("pdffonts runs (apt-get install poppler-utils)");
    assert!(out.status.success(), "pdffonts failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let name = cols.first()?.split_once('+').map_or(cols[0], |(_, n)| n).to_owned();
            // name, type (one or more words), encoding, emb, sub, uni, object, id.
            let kind = cols.get(1..cols.len().checked_sub(6)?)?.join(" ");
            let flags = cols.get(cols.len() - 5..cols.len() - 2)?.join(" ");
            Some((name, kind, flags))
        })
        .collect()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf runs (apt-get install qpdf)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("No syntax or stream encoding errors"), "{text}");
}

/// The fixture's faces, as the PDFs must name them.
const HOUSE_FACES: [&str; 4] = ["EBGaramond12-Regular", "EBGaramond12-Italic", "LinBiolinumO", "LinBiolinumOB"];

fn assert_cff_faces_embedded(pdf: &Path) {
    let fonts = pdffonts(pdf);
    for face in HOUSE_FACES {
        let found = fonts.iter().find(|(name, _, _)| name == face);
        let found = found.map(|(_, kind, flags)| (kind.as_str(), flags.as_str()));
        assert_eq!(found, Some(("CID Type 0C", "yes yes yes")), "{face} in {}: {fonts:?}", pdf.display());
    }
    assert!(
        !fonts.iter().any(|(name, _, _)| name.starts_with("NotoSerif") || name.starts_with("NotoSans-")),
        "no bundled body or heading face stands in: {fonts:?}"
    );
}

#[test]
fn a_house_style_with_two_cff_families_builds_every_output() {
    let (out, stderr) = common::build_with_stderr(&common::fixture("house-fonts"));
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning:") && !l.contains("cover")).collect();
    assert!(warnings.is_empty(), "{stderr}");
    let pdf = common::output(out.path(), "pdf");
    let print = pdf.with_file_name(format!("{}-print.pdf", pdf.file_stem().unwrap().to_string_lossy()));
    for pdf in [&pdf, &print] {
        assert_cff_faces_embedded(pdf);
        qpdf_check(pdf);
    }
    let text = pdf_text(&pdf);
    for words in ["Anführungszeichen „wie diese“", "Ligaturen", "fi und fl", "Die Grotesk daneben", "OpenType-Dateien"]
    {
        assert!(text.contains(words), "{words:?} does not read back:\n{text}");
    }
    let epub = common::output(out.path(), "epub");
    common::epubcheck(&epub).unwrap_or_else(|report| panic!("EPUBCheck:\n{report}"));
    let site = out.path().join("werkstattblatt-nr-2-html");
    let css = std::fs::read_to_string(site.join("style.css")).unwrap();
    assert!(css.contains("@font-face") && css.contains("--serif: \"heft-body\""), "{css}");
    let file = std::fs::read(site.join("fonts/EBGaramond12-Regular.otf")).unwrap();
    assert_eq!(file, std::fs::read(common::fixture("house-fonts/fonts/EBGaramond12-Regular.otf")).unwrap());
    let again = common::build(&common::fixture("house-fonts"));
    for built in [&pdf, &print, &epub] {
        let twin = again.path().join(built.file_name().unwrap());
        assert!(std::fs::read(built).unwrap() == std::fs::read(&twin).unwrap(), "{} differs", twin.display());
    }
}

#[test]
fn the_epub_declares_and_carries_the_house_fonts() {
    let loader = common::memory_loader(&common::fixture("house-fonts"));
    let issue = common::compile(&loader, &Options::default());
    let rendered =
        heft::render(&issue, &heft::RenderOptions { epub: true, ..heft::RenderOptions::none() }).expect("renders");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(rendered.epub.expect("an EPUB"))).unwrap();
    let read = |zip: &mut zip::ZipArchive<_>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let css = read(&mut zip, "OEBPS/style.css");
    for face in ["EBGaramond12-Regular.otf", "EBGaramond12-Italic.otf", "LinBiolinum_R.otf", "LinBiolinum_RB.otf"] {
        assert!(css.contains(&format!("url(\"fonts/{face}\") format(\"opentype\")")), "{css}");
        assert!(zip.by_name(&format!("OEBPS/fonts/{face}")).is_ok(), "{face} is in the package");
    }
    assert!(css.contains("body { font-family: \"heft-body\", serif; }"), "{css}");
    let opf = read(&mut zip, "OEBPS/content.opf");
    assert!(opf.contains("href=\"fonts/LinBiolinum_RB.otf\" media-type=\"font/otf\""), "{opf}");
}

/// The fixture with one more article, written in memory.
fn fixture_with(article: &str) -> MemoryLoader {
    let dir = common::fixture("house-fonts");
    let manifest = std::fs::read_to_string(dir.join("issue.toml")).unwrap();
    let manifest = manifest.replace("\"articles/grotesk.md\"]", "\"articles/grotesk.md\", \"articles/extra.md\"]");
    common::memory_loader(&dir).with("issue.toml", manifest).with("articles/extra.md", article)
}

#[test]
fn a_character_the_house_font_lacks_comes_from_the_fallback_chain_with_one_warning_per_character() {
    let article = "---\ntitle: Zeichen\n---\n\nEin Stern ★ und noch ein Stern ★.\n\nUnd ein Haken ✓.\n";
    let compiled = heft::compile(&fixture_with(article), &Options::default());
    let issue = compiled.issue.as_ref().expect("the issue compiles");
    let rendered =
        heft::render(issue, &heft::RenderOptions { pdf: true, ..heft::RenderOptions::none() }).expect("renders");
    let report = heft::diag::report::render(&rendered.warnings, &compiled.sources, false);
    assert_eq!(report.matches("the house font has no U+2605 (★)").count(), 1, "{report}");
    assert_eq!(report.matches("the house font has no U+2713 (✓)").count(), 1, "{report}");
    assert!(report.contains("extra.md:5:11"), "the warning names the first place: {report}");
    assert!(report.contains("extra.md:7:"), "{report}");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    std::fs::write(&pdf, rendered.pdf.as_ref().expect("a PDF")).unwrap();
    assert!(pdf_text(&pdf).contains("Stern ★ und"), "the fallback glyph keeps its text");
    assert!(pdffonts(&pdf).iter().any(|(name, _, _)| name == "NotoSansSymbols2-Regular"));
}
