//! The EPUB writer on its test issue (`tests/fixtures/epub`), compiled through the library:
//! package layout, OPF metadata, navigation, article markup and hostile text. Variants of the
//! issue replace single files of the fixture in memory.

use std::collections::{BTreeSet, HashSet};

use heft::epub::EpubError;
use heft::source::MemoryLoader;
use heft::{Options, RenderOptions};
use roxmltree::{Document, Node};

use super::{children, elements, entries, epub_type, text_of, texts, xml, DC_NS, XML_NS};
use crate::common;

/// The fixture folder in memory, so that a test can replace single files.
fn fixture_files() -> MemoryLoader {
    common::memory_loader(&common::fixture("epub"))
}

/// Compiles an issue and writes its EPUB.
fn build_from(loader: &MemoryLoader, options: &Options) -> Vec<u8> {
    epub_of(&common::compile(loader, options))
}

fn epub_of(issue: &heft::model::Issue) -> Vec<u8> {
    let rendered =
        heft::render(issue, &RenderOptions { epub: true, ..RenderOptions::none() }).expect("the EPUB is written");
    rendered.epub.expect("an EPUB was asked for")
}

/// The EPUB of the fixture as it is.
fn build() -> Vec<u8> {
    build_from(&fixture_files(), &Options::default())
}

/// One text file of the package.
fn file(epub: &[u8], name: &str) -> String {
    texts(epub).remove(name).unwrap_or_else(|| panic!("{name} missing from the package"))
}

/// The texts of the Dublin Core elements `dc:{name}` of a package document.
fn dc(opf: &Document, name: &str) -> Vec<String> {
    opf.descendants()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(DC_NS) && n.tag_name().name() == name)
        .map(text_of)
        .collect()
}

/// The texts of the `<meta property="…">` elements of a package document.
fn meta(opf: &Document, property: &str) -> Vec<String> {
    elements(opf, "meta").filter(|m| m.attribute("property") == Some(property)).map(text_of).collect()
}

#[test]
fn fixture_passes_epubcheck() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fixture.epub");
    std::fs::write(&path, build()).expect("write the EPUB");
    if let Err(report) = common::epubcheck(&path) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
}

#[test]
fn package_layout() {
    let bytes = build();
    assert_eq!(&bytes[30..38], b"mimetype", "mimetype must be the first local header");
    let entries = entries(&bytes);
    assert_eq!(entries[0].bytes, b"application/epub+zip");
    assert!(entries[0].stored, "mimetype must be stored, not compressed");
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "META-INF/container.xml",
            "OEBPS/content.opf",
            "OEBPS/toc.ncx",
            "OEBPS/nav.xhtml",
            "OEBPS/style.css",
            "OEBPS/cover.xhtml",
            "OEBPS/titlepage.xhtml",
            "OEBPS/a01-streik-in-bremen.xhtml",
            "OEBPS/a02-kommentar.xhtml",
            "OEBPS/a03-strike-in-london.xhtml",
            "OEBPS/a04-title-script-alert-1-script.xhtml",
            "OEBPS/imprint.xhtml",
            // Cover and figures share one file, stored once.
            "OEBPS/images/grey-4x3.png",
        ]
    );
    assert!(file(&bytes, "META-INF/container.xml").contains("full-path=\"OEBPS/content.opf\""));
}

#[test]
fn reproducible() {
    assert_eq!(build(), build());
    let later = build_from(&fixture_files(), &Options { source_date_epoch: Some(1_768_564_800), ..Options::default() });
    assert_ne!(build(), later, "the timestamp should reach the package");
}

#[test]
fn opf_metadata() {
    let text = file(&build(), "OEBPS/content.opf");
    let opf = xml(&text);
    assert_eq!(dc(&opf, "title"), ["Die Zeitung Nr. 1/2026"]);
    assert_eq!(dc(&opf, "language"), ["de"]);
    assert_eq!(dc(&opf, "date"), ["2026-01-15T12:00:00Z"]);
    assert_eq!(dc(&opf, "publisher"), ["Verlag & Co"]);
    assert_eq!(dc(&opf, "identifier"), ["urn:uuid:6f1c3c2e-8c1e-4d0a-9a55-3f0a1b2c3d4e"]);
    assert_eq!(opf.root_element().attribute("unique-identifier"), Some("pub-id"));
    assert_eq!(elements(&opf, "identifier").next().and_then(|i| i.attribute("id")), Some("pub-id"));
    // Without SOURCE_DATE_EPOCH: the issue date at noon.
    assert_eq!(meta(&opf, "dcterms:modified"), ["2026-01-15T12:00:00Z"]);
    // The publisher is the creator. The byline-only article ("Redaktion") adds no contributor:
    // a byline is display text.
    assert_eq!(dc(&opf, "creator"), ["Verlag & Co"]);
    assert_eq!(dc(&opf, "contributor"), ["Anna Muster", "Ben Beispiel", "Chris Example"]);
    assert_eq!(meta(&opf, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(meta(&opf, "schema:accessModeSufficient"), ["textual,visual", "textual"]);
    for feature in ["alternativeText", "tableOfContents"] {
        assert!(meta(&opf, "schema:accessibilityFeature").iter().any(|f| f == feature), "missing {feature}");
    }
    assert_eq!(meta(&opf, "schema:accessibilityHazard"), ["none"]);
    assert_eq!(meta(&opf, "schema:accessibilitySummary").len(), 1);
    assert_eq!(meta(&opf, "a11y:certifiedBy"), ["Prüfstelle & Partner"]);
    let item = |property: &str| elements(&opf, "item").find(|i| i.attribute("properties") == Some(property));
    let cover = item("cover-image").expect("cover item");
    assert_eq!(
        (cover.attribute("href"), cover.attribute("media-type")),
        (Some("images/grey-4x3.png"), Some("image/png"))
    );
    assert_eq!(item("nav").and_then(|n| n.attribute("href")), Some("nav.xhtml"));
    assert_eq!(elements(&opf, "itemref").count(), 8, "cover, title page, nav, four articles, imprint");
}

#[test]
fn missing_alt_text_is_not_claimed() {
    let london = "---\ntitle: Strike in London\nlang: en\n---\n\nDockers walked out ![](images/grey-4x3.png).\n";
    let text = file(&build_from(&fixture_files().with("london.md", london), &Options::default()), "OEBPS/content.opf");
    let opf = xml(&text);
    assert_eq!(meta(&opf, "schema:accessModeSufficient"), ["textual,visual"]);
    assert!(!meta(&opf, "schema:accessibilityFeature").iter().any(|f| f == "alternativeText"));
    assert!(meta(&opf, "dcterms:conformsTo").is_empty(), "no conformance claim without alt texts");
}

#[test]
fn minimal_issue_still_builds() {
    let bytes = build_from(&common::memory_loader(&common::fixture("minimal")), &Options::default());
    let text = file(&bytes, "OEBPS/content.opf");
    let opf = xml(&text);
    // No cover in the manifest: heft draws one.
    let cover = elements(&opf, "item").find(|i| i.attribute("properties") == Some("cover-image")).expect("a cover");
    assert_eq!(cover.attribute("media-type"), Some("image/svg+xml"));
    assert_eq!(meta(&opf, "schema:accessMode"), ["textual", "visual"]);
    let nav = file(&bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"titlepage\" href=\"titlepage.xhtml\""));
    assert!(nav.contains("href=\"a01-eins.xhtml\""));
}

#[test]
fn nav_nesting_and_landmarks() {
    let text = file(&build(), "OEBPS/nav.xhtml");
    let nav = xml(&text);
    let html = nav.root_element();
    assert_eq!((html.attribute("lang"), html.attribute((XML_NS, "lang"))), (Some("de"), Some("de")));
    let toc = elements(&nav, "nav").find(|n| epub_type(*n) == Some("toc")).expect("toc nav");
    assert_eq!(toc.attribute("id"), Some("toc"));
    let entries: Vec<(String, Vec<Node>)> = children(children(toc, "ol")[0], "li")
        .into_iter()
        .map(|li| {
            let links = children(li, "ol")
                .first()
                .map_or(vec![], |ol| children(*ol, "li").into_iter().flat_map(|item| children(item, "a")).collect());
            (text_of(li.first_element_child().unwrap()), links)
        })
        .collect();
    let hrefs = |section: &str| -> Vec<&str> {
        let (_, links) = entries.iter().find(|(label, _)| label == section).expect(section);
        links.iter().map(|a| a.attribute("href").unwrap()).collect()
    };
    assert_eq!(hrefs("Politik"), ["a01-streik-in-bremen.xhtml", "a02-kommentar.xhtml"]);
    assert_eq!(hrefs("International"), ["a03-strike-in-london.xhtml", "a04-title-script-alert-1-script.xhtml"]);
    let labels: Vec<&str> = entries.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(labels[2..], ["Politik", "International", "Impressum"]);
    let london = elements(&nav, "a").find(|a| text_of(*a) == "Strike in London").unwrap();
    assert_eq!((london.attribute("lang"), london.attribute((XML_NS, "lang"))), (Some("en"), Some("en")));
    let landmarks = elements(&nav, "nav").find(|n| epub_type(*n) == Some("landmarks")).expect("landmarks");
    let marks: Vec<(&str, &str)> = landmarks
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|a| (epub_type(a).unwrap(), a.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        marks,
        [
            ("cover", "cover.xhtml"),
            ("titlepage", "titlepage.xhtml"),
            ("toc", "nav.xhtml#toc"),
            ("bodymatter", "a01-streik-in-bremen.xhtml"),
            ("imprint", "imprint.xhtml")
        ]
    );
}

#[test]
fn ncx_play_order_has_no_gaps() {
    let text = file(&build(), "OEBPS/toc.ncx");
    let ncx = xml(&text);
    let orders: Vec<usize> =
        elements(&ncx, "navPoint").map(|p| p.attribute("playOrder").unwrap().parse().unwrap()).collect();
    let distinct: BTreeSet<usize> = orders.iter().copied().collect();
    // Each of the two sections shares the playOrder of its first article.
    assert_eq!(distinct.into_iter().collect::<Vec<_>>(), (1..=orders.len() - 2).collect::<Vec<_>>());
    let meta = |name: &str| elements(&ncx, "meta").find(|m| m.attribute("name") == Some(name)).unwrap();
    assert_eq!(meta("dtb:uid").attribute("content"), Some("urn:uuid:6f1c3c2e-8c1e-4d0a-9a55-3f0a1b2c3d4e"));
    assert_eq!(meta("dtb:depth").attribute("content"), Some("2"));
}

#[test]
fn article_markup() {
    let bytes = build();
    let de = file(&bytes, "OEBPS/a01-streik-in-bremen.xhtml");
    let en = file(&bytes, "OEBPS/a03-strike-in-london.xhtml");
    assert!(en.contains(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">"
    ));
    assert!(de.contains("lang=\"de\" xml:lang=\"de\""));
    for markup in [
        "Ge\u{ad}werk\u{ad}schaft rief „zum Streik“ auf",
        "<title>Streik in Bremen</title>",
        "<p class=\"kicker\">Arbeitskampf</p>",
        "<p class=\"byline\">Anna Muster und Ben Beispiel</p>",
        "<time datetime=\"2026-01-10\">10. Januar 2026</time>",
        "<sup><a epub:type=\"noteref\" href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>",
        "id=\"fnref-1-2\"",
        "<li epub:type=\"endnote\" id=\"fn-1\" class=\"footnote\">",
        "href=\"#fnref-1\" role=\"doc-backlink\"",
        "<em>Alle</em>",
        "<strong>sofort</strong><br/><del>nie</del>",
        "H<sub>2</sub>O m<sup>2</sup>",
        "<code>x &lt; y</code>",
        "<p>böser Link und <a href=\"https://example.org/a?b=1&amp;c=2\">guter Link</a>",
        "<h2 id=\"hintergrund\">Hintergrund</h2>",
        "<th scope=\"col\" class=\"align-left\">Ort</th><th scope=\"col\" class=\"align-right\">Zahl</th>",
        "<td class=\"align-left\">Bremen</td><td class=\"align-right\">1200</td>",
        "<figure>\n<img src=\"images/grey-4x3.png\" alt=\"Balkendiagramm der Streikenden\"/>",
        "<figcaption>Balkendiagramm der Streikenden</figcaption>",
        "<ol start=\"3\">\n<li>drei</li>\n<li><p>vier</p>\n<ul>\n<li>innen</li>\n</ul>\n</li>\n</ol>",
        "<blockquote>\n<p>Ein Zitat.</p>\n</blockquote>",
        "<pre><code>let x = 1;</code></pre>\n<hr/>",
        "<h2 id=\"heft-related\">Mehr dazu</h2>",
        "<a href=\"a03-strike-in-london.xhtml\"><span class=\"title\">Strike in London</span></a>",
    ] {
        assert!(de.contains(markup), "{markup} missing from\n{de}");
    }
    assert!(!de.contains("javascript"), "unsafe links are dropped");
    for markup in [
        ">Related</h2>",
        "<span class=\"kicker\">Arbeitskampf</span> <span class=\"title\">Streik in Bremen</span>",
        "<p class=\"source\"><a href=\"https://example.com/strike\">https://example.com/strike</a></p>",
        "<img class=\"inline\" src=\"images/grey-4x3.png\" alt=\"a chart\"/>",
    ] {
        assert!(en.contains(markup), "{markup} missing from\n{en}");
    }
    let comment = file(&bytes, "OEBPS/a02-kommentar.xhtml");
    assert!(comment.contains("<a href=\"a01-streik-in-bremen.xhtml#hintergrund\">siehe oben</a>"));
    assert!(comment.contains("<a href=\"a03-strike-in-london.xhtml\">London</a>"));
}

#[test]
fn ids_unique_per_file() {
    for (name, text) in texts(&build()).iter().filter(|(name, _)| name.ends_with(".xhtml")) {
        let doc = xml(text);
        let mut seen = HashSet::new();
        for id in doc.descendants().filter_map(|n| n.attribute("id")) {
            assert!(seen.insert(id), "duplicate id {id} in {name}");
        }
    }
    // `### Kollision {#heft-title}` loses the id the writer gives the article title.
    let page = file(&build(), "OEBPS/a01-streik-in-bremen.xhtml");
    let doc = xml(&page);
    let title = doc.descendants().find(|n| n.attribute("id") == Some("heft-title")).unwrap();
    assert_eq!(title.tag_name().name(), "h1");
}

#[test]
fn title_page_and_imprint() {
    let bytes = build();
    let text = file(&bytes, "OEBPS/titlepage.xhtml");
    let title = xml(&text);
    let lines: Vec<String> = elements(&title, "section").next().unwrap().children().map(text_of).collect();
    for part in ["Die Zeitung", "Nr. 1/2026", "Januar 2026", "Verlag & Co"] {
        assert!(lines.iter().any(|l| l == part), "title page lacks {part}: {lines:?}");
    }
    assert_eq!(elements(&title, "img").count(), 0, "the cover has a page of its own");
    let text = file(&bytes, "OEBPS/cover.xhtml");
    let cover_page = xml(&text);
    let cover = elements(&cover_page, "img").next().expect("cover");
    assert_eq!(cover.attribute("src"), Some("images/grey-4x3.png"));
    assert_eq!(cover.attribute("alt"), Some("Titelbild: Die Zeitung Nr. 1/2026"));
    let text = file(&bytes, "OEBPS/imprint.xhtml");
    let imprint = xml(&text);
    assert_eq!(imprint.root_element().attribute("lang"), Some("de"));
    assert_eq!(text_of(elements(&imprint, "h1").next().unwrap()), "Impressum");
    assert_eq!(text_of(elements(&imprint, "p").next().unwrap()), "Herausgegeben von Verlag & Co, Bremen.");
}

#[test]
fn bad_asset_path_is_an_error() {
    // Assembly never names an image like this; the writer still refuses to put one in the zip.
    for path in ["../secret.png", "/abs.png", "nav.xhtml", "images/a b.png"] {
        let mut issue = common::compile(&fixture_files(), &Options::default());
        issue.assets[0].package_path = path.into();
        assert!(matches!(heft::epub::epub(&issue), Err(EpubError::AssetPath(_))), "{path}");
    }
}

#[test]
fn hostile_text_is_escaped() {
    let manifest = std::fs::read_to_string(common::fixture("epub/issue.toml")).unwrap();
    let manifest = manifest.replace("title = \"Die Zeitung\"", "title = \"A <b>&amp; \\\"quoted\\\"\"");
    let bytes = build_from(&fixture_files().with("issue.toml", manifest), &Options::default());
    let text = file(&bytes, "OEBPS/content.opf");
    assert!(!text.contains("<b>"));
    assert_eq!(dc(&xml(&text), "title"), ["A <b>&amp; „quoted“ Nr. 1/2026"]);
    let page = file(&bytes, "OEBPS/a04-title-script-alert-1-script.xhtml");
    assert!(!page.contains("<script") && !page.contains("<b>"), "{page}");
    let doc = xml(&page);
    assert_eq!(text_of(elements(&doc, "title").next().unwrap()), "</title><script>alert(1)</script>");
    assert_eq!(text_of(elements(&doc, "h1").next().unwrap()), "</title><script>alert(1)</script>");
    assert_eq!(text_of(elements(&doc, "header").next().unwrap().first_element_child().unwrap()), "<b>&amp;");
    let body = text_of(elements(&doc, "header").next().unwrap().next_sibling_element().unwrap());
    assert_eq!(body, "Text mit  & fett, „Anführung“ und ]]> und .");
}
