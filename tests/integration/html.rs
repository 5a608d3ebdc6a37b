//! The HTML edition, online-only articles and related entries from elsewhere, through the CLI on
//! the sample issue: what each output shows, and that the site is valid HTML (Nu HTML Checker).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

/// The online-only article of the sample issue and a sentence only its body has.
const ONLINE_TITLE: &str = "Wir sind nicht mehr allein auf Station";
const ONLINE_BODY: &str = "Jonas Weller arbeitet seit neun Jahren";
/// The external related entry of `mieten.md`, in the form every output shows.
const EXTERNAL: &str = "Sozialistische Bewegung Kasachstans: Der Januar-Aufstand, die internationale Nr. 1/2022 \
                        (Januar/Februar 2022) (nur online)";

fn site() -> PathBuf {
    common::built("rote-feder").join("rote-feder-2026-1-html")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Text without tags, entities decoded where the sample needs it, whitespace squashed.
fn text_of(markup: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    squash(&text.replace("&amp;", "&").replace("&quot;", "\""))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text(pdf: &Path) -> String {
    // In reading order, not `-layout`: that interleaves the lines of the two columns.
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext runs");
    squash(&String::from_utf8_lossy(&out.stdout))
}

/// The text of every XHTML file of the EPUB, by name.
fn epub_pages(epub: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().filter(|n| n.ends_with(".xhtml")).map(String::from).collect();
    names
        .into_iter()
        .map(|name| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut text).unwrap();
            (name, text)
        })
        .collect()
}

#[test]
fn the_site_has_an_index_every_article_the_imprint_and_the_web_files() {
    let site = site();
    for file in ["index.html", "impressum.html", "style.css", "sitemap.xml", "feed.xml", "images/cover.png"] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    let pages = std::fs::read_dir(&site)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with('a'));
    assert_eq!(pages.count(), 7, "one page per article");
    let index = read(&site.join("index.html"));
    assert!(index.contains("<h1 class=\"publication\">Rote Feder</h1>"), "{index}");
    assert!(index.contains("Januar/Februar 2026") && index.contains("href=\"impressum.html\""));
    assert!(!index.contains("<script") && !index.contains("href=\"/") && !index.contains("src=\"/"));
    let sitemap = read(&site.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://rote-feder.example.org/2026-1/a01-elf-wochen-fuer-mehr-haende.html</loc>"));
    let feed = read(&site.join("feed.xml"));
    assert_eq!(feed.matches("<entry").count(), 7, "{feed}");
}

#[test]
fn an_article_page_has_the_chapter_the_edition_line_and_navigation() {
    let page = read(&site().join("a01-elf-wochen-fuer-mehr-haende.html"));
    let text = text_of(&page);
    assert!(text.contains("Klinikstreik in Kassel Elf Wochen für mehr Hände"), "{text}");
    assert!(
        text.contains("Dieser Artikel erschien in der Online-Ausgabe von Rote Feder Nr. 1/2026 (Januar/Februar 2026)")
    );
    assert!(!text.contains("(Januar/Februar 2026) (nur online)"), "only online-only articles are marked");
    assert!(page.contains("rel=\"next\"") && !page.contains("rel=\"prev\""), "the first article has no predecessor");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://rote-feder.example.org/2026-1/a01-"));
    assert!(page.contains("<meta name=\"citation_author\" content=\"Miriam Szymański\"/>"));
    assert!(page.contains("<meta name=\"citation_issue\" content=\"Nr. 1/2026\"/>"));
    assert!(!page.contains("epub:type") && !page.contains("<?xml"), "HTML syntax, not XHTML");
    let english = text_of(&read(&site().join("a05-boxes-don-t-strike-people-do.html")));
    assert!(english.contains("This article appeared in the online edition of Rote Feder"), "{english}");
}

#[test]
fn the_online_only_article_is_in_the_epub_and_the_site_and_not_in_the_pdf() {
    let out = common::built("rote-feder");
    let site_page = text_of(&read(&site().join("a02-wir-sind-nicht-mehr-allein-auf.html")));
    assert!(site_page.contains(ONLINE_BODY));
    assert!(site_page.contains("Online-Ausgabe von Rote Feder Nr. 1/2026 (Januar/Februar 2026) (nur online)"));
    let index = text_of(&read(&site().join("index.html")));
    assert!(index.contains(&format!("{ONLINE_TITLE}“ (nur online)")), "{index}");
    let epub = epub_pages(&common::output(&out, "epub"));
    assert!(epub.iter().any(|(_, page)| page.contains(ONLINE_BODY)), "the EPUB has its chapter");
    let nav = &epub.iter().find(|(name, _)| name.ends_with("nav.xhtml")).unwrap().1;
    assert!(text_of(nav).contains(&format!("{ONLINE_TITLE}“ (nur online)")), "{nav}");
    let pdf = pdf_text(&common::output(&out, "pdf"));
    assert!(!pdf.contains(ONLINE_BODY), "the PDF leaves the article out");
    let contents = pdf.split("Impressum").next().unwrap();
    let listed = contents.matches(ONLINE_TITLE).count();
    // Named once, in the related box of the strike report, with its web address.
    assert_eq!(pdf.matches(ONLINE_TITLE).count(), 1, "{pdf}");
    assert!(listed <= 1);
    // The address may be broken across lines: compared without spaces, and without hyphens, as
    // pdftotext drops a hyphen that ends a line (the URL breaks after its own hyphens).
    let address =
        "(nuronline)https://rote-feder.example.org/2026-1/a02-wir-sind-nicht-mehr-allein-auf.html".replace('-', "");
    assert!(pdf.replace([' ', '-'], "").contains(&address), "{pdf}");
}

#[test]
fn an_external_related_entry_reads_the_same_in_every_output() {
    let out = common::built("rote-feder");
    let page = read(&site().join("a04-die-miete-frisst-den-lohn.html"));
    assert!(text_of(&page).contains(EXTERNAL), "{page}");
    assert!(
        page.contains("<a class=\"citation\" href=\"https://example.org/die-internationale/2022-1/januar-aufstand\">")
    );
    assert!(page.contains("<cite>die internationale</cite>"));
    let epub = epub_pages(&common::output(&out, "epub"));
    assert!(epub.iter().any(|(_, page)| text_of(page).contains(EXTERNAL)), "EPUB");
    assert!(pdf_text(&common::output(&out, "pdf")).contains(EXTERNAL), "PDF");
}

/// `vnu.jar` from npm (`vnu-jar`), installed into the target folder on first use.
fn vnu_jar() -> PathBuf {
    let tools = common::target_dir().join("web-tools");
    let jar = tools.join("node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        std::fs::create_dir_all(&tools).unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .arg("vnu-jar")
            .status()
            .expect("npm runs (install nodejs and npm)");
        assert!(status.success(), "npm install vnu-jar failed");
    }
    jar
}

#[test]
fn the_site_is_valid_html() {
    let site = site();
    let result = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--skip-non-html", "--also-check-css"])
        .arg(&site)
        .output();
    let result = result.expect("java runs");
    let messages = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success() && messages.trim().is_empty(), "vnu:\n{messages}");
}
