//! A house style's own fonts (`[fonts]`): the fixture `tests/fixtures/house-fonts` sets its text in
//! EB Garamond and its headings in Linux Biolinum, both OpenType/CFF. Every output is built; the
//! PDFs embed the CFF faces as subsets (`CID Type 0C`) with ToUnicode maps and the text reads back;
//! the EPUB (with the font files in it) passes EPUBCheck; the HTML edition carries the files too.

use std::path::Path;
use std::process::Command;

use heft::source::MemoryLoader;
use heft::Options;

use crate::common;

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
    let fonts = common::pdffonts(pdf);
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
    assert!(common::pdffonts(&pdf).iter().any(|(name, _, _)| name == "NotoSansSymbols2-Regular"));
}

/// The largest glyph outline width in each embedded font program, by font name (subset tag
/// stripped): how heavy the drawn instance's stems are.
fn widest_outline_by_font(pdf: &[u8]) -> std::collections::BTreeMap<String, i16> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let mut widest = std::collections::BTreeMap::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let Ok(program) = dict.get(b"FontFile2").and_then(lopdf::Object::as_reference) else { continue };
        let name = String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let name = name.split_once('+').map_or(name.clone(), |(_, n)| n.to_owned());
        let bytes = doc.get_object(program).unwrap().as_stream().unwrap().decompressed_content().unwrap();
        let face = ttf_parser::Face::parse(&bytes, 0).expect("the subset is a font");
        let width = (0..face.number_of_glyphs())
            .filter_map(|g| face.glyph_bounding_box(ttf_parser::GlyphId(g)))
            .map(|b| b.width())
            .max()
            .unwrap_or(0);
        widest.insert(name, width);
    }
    widest
}

#[test]
fn a_weight_of_a_variable_font_is_drawn_embedded_and_declared_as_that_instance() {
    let dir = common::fixture("house-fonts");
    let style =
        "extends = \"a5\"\n[fonts]\nheading = { regular = \"v.ttf\", bold = { file = \"v.ttf\", weight = 800 } }\n";
    let manifest = std::fs::read_to_string(dir.join("issue.toml")).unwrap().replace("house.toml", "variable.toml");
    let loader = common::memory_loader(&dir)
        .with("issue.toml", manifest)
        .with("variable.toml", style)
        .with("v.ttf", std::fs::read(common::fixture("variable-font/HeftTestVariable.ttf")).unwrap());
    let issue = common::compile(&loader, &Options::default());
    let options = heft::RenderOptions { pdf: true, epub: true, ..heft::RenderOptions::none() };
    let rendered = heft::render(&issue, &options).expect("renders");
    let widest = widest_outline_by_font(rendered.pdf.as_ref().expect("a PDF"));
    let (regular, heavy) = (widest.get("HeftTestVariable-Regular"), widest.get("HeftTestVariable-Regular-W800"));
    assert!(regular.is_some() && heavy.is_some(), "both instances are embedded: {widest:?}");
    assert!(heavy > regular, "the weight-800 instance has the heavier stems: {widest:?}");
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("v.epub");
    std::fs::write(&epub, rendered.epub.as_ref().expect("an EPUB")).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut css = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/style.css").unwrap(), &mut css).unwrap();
    assert!(css.contains("font-weight: 800; font-style: normal; font-variation-settings: \"wght\" 800;"), "{css}");
    assert_eq!(zip.file_names().filter(|n| n.ends_with("/v.ttf")).count(), 1, "one file for both instances");
    common::epubcheck(&epub).unwrap_or_else(|report| panic!("EPUBCheck:\n{report}"));
}
