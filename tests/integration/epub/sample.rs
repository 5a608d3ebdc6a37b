//! EPUB output of the sample issues, built with the CLI and read back from the zip: EPUBCheck,
//! package layout, OPF metadata, navigation, article markup, reproducibility.

use std::collections::BTreeMap;
use std::path::Path;

use roxmltree::Node;

use super::{children, elements, entries, epub_type, read, text_of, texts, xml, DC_NS, OPF_NS, XML_NS};
use crate::common;

/// The sample issue's contents: sections and their article titles, in reading order.
const SAMPLE_TOC: &[(&str, &[&str])] = &[
    (
        "Schwerpunkt: Zeit für Pflege",
        &[
            "Elf Wochen für mehr Hände",
            "„Wir sind nicht mehr allein auf Station“ (nur online)",
            "Die Arbeit, die niemand zählt",
        ],
    ),
    ("Bewegung", &["Die Miete frisst den Lohn", "Boxes Don’t Strike. People Do."]),
    ("Geschichte & Kultur", &["Acht Stunden sind kein Geschenk", "Schichtwechsel im Morgengrauen"]),
];

fn sample_epub() -> std::path::PathBuf {
    common::output(&common::built("rote-feder"), "epub")
}

/// The XHTML file of the article with this title.
fn article_file<'t>(files: &'t BTreeMap<String, String>, title: &str) -> (&'t str, &'t str) {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".xhtml") && !name.ends_with("nav.xhtml"))
        .find(|(_, text)| {
            let doc = xml(text);
            let found = elements(&doc, "h1").any(|h| text_of(h) == title);
            found
        })
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .unwrap_or_else(|| panic!("no article file with the title {title}"))
}

#[test]
fn sample_passes_epubcheck() {
    if let Err(report) = common::epubcheck(&sample_epub()) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
}

#[test]
fn field_notes_pass_epubcheck() {
    let epub = common::output(&common::built("field-notes"), "epub");
    if let Err(report) = common::epubcheck(&epub) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
}

#[test]
fn package_layout() {
    let entries = entries(&read(&sample_epub()));
    let first = &entries[0];
    assert_eq!(first.name, "mimetype");
    assert!(first.stored, "mimetype must be stored, not compressed");
    assert_eq!(first.bytes, b"application/epub+zip");
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    for required in
        ["META-INF/container.xml", "OEBPS/content.opf", "OEBPS/nav.xhtml", "OEBPS/toc.ncx", "OEBPS/style.css"]
    {
        assert!(names.contains(&required), "{required} missing from {names:?}");
    }
    let articles = names.iter().filter(|n| n.starts_with("OEBPS/a") && n.ends_with(".xhtml")).count();
    assert_eq!(articles, 7, "one XHTML file per article: {names:?}");
    for image in ["OEBPS/images/cover.png", "OEBPS/images/hafen.jpg", "OEBPS/images/mieten-lindenau.png"] {
        assert!(names.contains(&image), "{image} missing from {names:?}");
    }
    let unique: std::collections::HashSet<&&str> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "duplicate zip entries");

    let files = texts(&read(&sample_epub()));
    let container = xml(&files["META-INF/container.xml"]);
    let rootfile = elements(&container, "rootfile").next().expect("rootfile");
    assert_eq!(rootfile.attribute("full-path"), Some("OEBPS/content.opf"));
    assert_eq!(rootfile.attribute("media-type"), Some("application/oebps-package+xml"));
}

#[test]
fn manifest_lists_every_file_and_the_spine_reads_in_order() {
    let names: Vec<String> = entries(&read(&sample_epub())).into_iter().map(|e| e.name).collect();
    let files = texts(&read(&sample_epub()));
    let opf = xml(&files["OEBPS/content.opf"]);
    let items: Vec<Node> = elements(&opf, "item").collect();
    let content: Vec<&String> = names.iter().filter(|n| n.starts_with("OEBPS/") && !n.ends_with(".opf")).collect();
    assert_eq!(items.len(), content.len(), "one manifest item per content file");
    for item in &items {
        let href = format!("OEBPS/{}", item.attribute("href").expect("href"));
        assert!(names.contains(&href), "manifest item {href} is not in the zip");
    }
    let by_id: BTreeMap<&str, &str> =
        items.iter().map(|i| (i.attribute("id").unwrap(), i.attribute("href").unwrap())).collect();
    let spine: Vec<&str> = elements(&opf, "itemref").map(|r| by_id[r.attribute("idref").unwrap()]).collect();
    let titles: Vec<&str> =
        SAMPLE_TOC.iter().flat_map(|(_, t)| t.iter().map(|t| t.trim_end_matches(" (nur online)"))).collect();
    let article_hrefs: Vec<&str> =
        titles.iter().map(|t| article_file(&files, t).0.trim_start_matches("OEBPS/")).collect();
    let in_spine: Vec<&str> = spine.iter().copied().filter(|h| article_hrefs.contains(h)).collect();
    assert_eq!(in_spine, article_hrefs, "articles in the spine follow issue.toml");
    assert_eq!(spine.last(), Some(&"imprint.xhtml"));
    let cover = items.iter().find(|i| i.attribute("properties") == Some("cover-image")).expect("cover image item");
    assert_eq!(cover.attribute("href"), Some("images/cover.png"));
    let nav = items.iter().find(|i| i.attribute("properties") == Some("nav")).expect("nav item");
    assert_eq!(nav.attribute("href"), Some("nav.xhtml"));
}

#[test]
fn opf_metadata() {
    let files = texts(&read(&sample_epub()));
    let opf = xml(&files["OEBPS/content.opf"]);
    let package = opf.root_element();
    assert_eq!(package.tag_name().namespace(), Some(OPF_NS));
    assert_eq!(package.attribute("version"), Some("3.0"));
    let dc = |name: &str| -> Vec<String> {
        opf.descendants()
            .filter(|n| n.is_element() && n.tag_name().namespace() == Some(DC_NS) && n.tag_name().name() == name)
            .map(text_of)
            .collect()
    };
    assert_eq!(dc("title"), ["Rote Feder Nr. 1/2026"]);
    assert_eq!(dc("language"), ["de"]);
    assert_eq!(dc("date"), ["2026-01-31T12:00:00Z"]);
    assert_eq!(dc("publisher"), ["Verein für kritische Publizistik e. V."]);
    assert_eq!(dc("identifier"), ["urn:issn:2941-5071"]);
    let id = package.attribute("unique-identifier").expect("unique-identifier");
    let identifier = elements(&opf, "identifier").next().unwrap();
    assert_eq!(identifier.attribute("id"), Some(id));
    // The publisher is the magazine's creator; the article authors contribute.
    assert_eq!(dc("creator"), ["Verein für kritische Publizistik e. V."]);
    let contributors = dc("contributor");
    for author in ["Miriam Szymański", "Tobias Reinhardt", "Dana Whitcombe", "Hans-Peter Wolter"] {
        assert!(contributors.iter().any(|c| c == author), "contributor {author} missing: {contributors:?}");
    }
    let meta = |property: &str| -> Vec<String> {
        elements(&opf, "meta").filter(|m| m.attribute("property") == Some(property)).map(text_of).collect()
    };
    // SOURCE_DATE_EPOCH=1769860800 of common::built.
    assert_eq!(meta("dcterms:modified"), ["2026-01-31T12:00:00Z"]);
    let modes = meta("schema:accessMode");
    assert!(modes.contains(&"textual".to_string()) && modes.contains(&"visual".to_string()), "{modes:?}");
    assert!(!meta("schema:accessModeSufficient").is_empty());
    assert!(meta("schema:accessibilityFeature").contains(&"tableOfContents".to_string()));
    assert_eq!(meta("schema:accessibilityHazard"), ["none"]);
    assert_eq!(meta("schema:accessibilitySummary").len(), 1);
}

#[test]
fn modified_date_follows_source_date_epoch() {
    let modified = |epoch: Option<&str>| -> String {
        let out = tempfile::tempdir().unwrap();
        let mut cmd = common::heft();
        cmd.args(["build", "--format", "epub", "--out"]).arg(out.path()).arg(common::sample());
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        let status = cmd.output().expect("heft runs");
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        let files = texts(&read(&common::output(out.path(), "epub")));
        let opf = xml(&files["OEBPS/content.opf"]);
        let found = elements(&opf, "meta").find(|m| m.attribute("property") == Some("dcterms:modified")).map(text_of);
        found.expect("dcterms:modified")
    };
    assert_eq!(modified(Some("1770000000")), "2026-02-02T02:40:00Z");
    // Without SOURCE_DATE_EPOCH: the issue date at noon, never the clock.
    assert_eq!(modified(None), "2026-01-31T12:00:00Z");
}

#[test]
fn nav_toc_nests_articles_in_sections_and_has_landmarks() {
    let files = texts(&read(&sample_epub()));
    let nav = xml(&files["OEBPS/nav.xhtml"]);
    let toc = elements(&nav, "nav").find(|n| epub_type(*n) == Some("toc")).expect("toc nav");
    let top = children(toc, "ol");
    assert_eq!(top.len(), 1);
    let mut sections = Vec::new();
    for li in children(top[0], "li") {
        let Some(inner) = children(li, "ol").into_iter().next() else { continue };
        let label =
            li.children().find(|n| n.is_element() && n.tag_name().name() != "ol").map(text_of).unwrap_or_default();
        let articles: Vec<(String, String)> = children(inner, "li")
            .into_iter()
            .map(|a| {
                let link = children(a, "a").into_iter().next().expect("article entry is a link");
                (text_of(link), link.attribute("href").unwrap().to_string())
            })
            .collect();
        sections.push((label, articles));
    }
    let got: Vec<(&str, Vec<&str>)> =
        sections.iter().map(|(s, a)| (s.as_str(), a.iter().map(|(t, _)| t.as_str()).collect())).collect();
    let want: Vec<(&str, Vec<&str>)> = SAMPLE_TOC.iter().map(|(s, a)| (*s, a.to_vec())).collect();
    assert_eq!(got, want);
    for (title, href) in sections.iter().flat_map(|(_, a)| a) {
        assert_eq!(
            article_file(&files, title.trim_end_matches(" (nur online)")).0,
            format!("OEBPS/{href}"),
            "the nav entry {title} links its file"
        );
    }

    let landmarks = elements(&nav, "nav").find(|n| epub_type(*n) == Some("landmarks")).expect("landmarks nav");
    let kinds: Vec<&str> =
        landmarks.descendants().filter(|n| n.tag_name().name() == "a").filter_map(epub_type).collect();
    for kind in ["toc", "bodymatter"] {
        assert!(kinds.contains(&kind), "landmark {kind} missing: {kinds:?}");
    }
    let body = landmarks.descendants().find(|n| epub_type(*n) == Some("bodymatter")).unwrap();
    assert_eq!(body.attribute("href"), Some(article_file(&files, SAMPLE_TOC[0].1[0]).0.trim_start_matches("OEBPS/")));
}

#[test]
fn ncx_mirrors_the_contents() {
    let files = texts(&read(&sample_epub()));
    let ncx = xml(&files["OEBPS/toc.ncx"]);
    let uid = elements(&ncx, "meta").find(|m| m.attribute("name") == Some("dtb:uid")).expect("dtb:uid");
    assert_eq!(uid.attribute("content"), Some("urn:issn:2941-5071"));
    let nav_map = elements(&ncx, "navMap").next().expect("navMap");
    let label = |p: Node| text_of(children(p, "navLabel")[0]).trim().to_string();
    let points = children(nav_map, "navPoint");
    for (section, titles) in SAMPLE_TOC {
        let point = points.iter().find(|p| label(**p) == *section).unwrap_or_else(|| panic!("no navPoint {section}"));
        let inner: Vec<String> = children(*point, "navPoint").into_iter().map(label).collect();
        assert_eq!(inner, titles.to_vec(), "navPoints under {section}");
    }
    let orders: Vec<u32> =
        elements(&ncx, "navPoint").map(|p| p.attribute("playOrder").unwrap().parse().unwrap()).collect();
    assert!(orders.windows(2).all(|w| w[0] <= w[1]), "playOrder follows document order: {orders:?}");
    for src in elements(&ncx, "content").map(|c| c.attribute("src").unwrap()) {
        let file = src.split('#').next().unwrap();
        assert!(files.contains_key(&format!("OEBPS/{file}")), "navPoint target {src} missing");
    }
}

#[test]
fn english_article_is_marked_english() {
    let files = texts(&read(&sample_epub()));
    let (_, docks) = article_file(&files, "Boxes Don’t Strike. People Do.");
    let doc = xml(docks);
    let html = doc.root_element();
    assert_eq!(html.attribute("lang"), Some("en"));
    assert_eq!(html.attribute((XML_NS, "lang")), Some("en"));
    assert!(text_of(html).contains("“On paper I work for a labour supplier in Warrington,” he says."));
    let (_, german) = article_file(&files, "Elf Wochen für mehr Hände");
    let root = xml(german);
    assert_eq!(root.root_element().attribute("lang"), Some("de"));
}

#[test]
fn quotes_are_typographic_in_every_text() {
    let files = texts(&read(&sample_epub()));
    let (_, strike) = article_file(&files, "Elf Wochen für mehr Hände");
    assert!(text_of(xml(strike).root_element()).contains("„Wir haben es“, rief die Intensivpflegerin"));
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let doc = xml(text);
        for node in doc.descendants().filter(|n| n.is_text()) {
            let in_code = node.ancestors().any(|a| matches!(a.tag_name().name(), "code" | "pre"));
            let t = node.text().unwrap_or("");
            assert!(in_code || !t.contains('"'), "straight quote left in {name}: {t:?}");
            assert!(in_code || !t.contains(" -- "), "double hyphen left in {name}: {t:?}");
        }
    }
}

#[test]
fn footnotes_are_linked_both_ways() {
    let files = texts(&read(&sample_epub()));
    let (_, history) = article_file(&files, "Acht Stunden sind kein Geschenk");
    let doc = xml(history);
    let refs: Vec<Node> = elements(&doc, "a").filter(|a| epub_type(*a) == Some("noteref")).collect();
    let notes: Vec<Node> = doc.descendants().filter(|n| epub_type(*n) == Some("endnote")).collect();
    assert_eq!(refs.len(), 4);
    assert_eq!(notes.len(), 4);
    for (k, (mark, note)) in refs.iter().zip(&notes).enumerate() {
        let n = k + 1;
        assert_eq!(text_of(*mark), n.to_string(), "marks are numbered in order");
        assert_eq!(mark.attribute("href"), Some(format!("#{}", note.attribute("id").unwrap()).as_str()));
        let back = note.descendants().find(|a| a.attribute("role") == Some("doc-backlink")).expect("back link");
        assert_eq!(back.attribute("href"), Some(format!("#{}", mark.attribute("id").unwrap()).as_str()));
    }
    // The second note has two paragraphs.
    assert_eq!(children(notes[1], "p").len(), 2);
}

#[test]
fn cross_references_link_other_chapter_files() {
    let files = texts(&read(&sample_epub()));
    let (_, strike) = article_file(&files, "Elf Wochen für mehr Hände");
    let (rent_file, rent) = article_file(&files, "Die Miete frisst den Lohn");
    let rent_href = rent_file.trim_start_matches("OEBPS/");
    let doc = xml(strike);
    let links: Vec<&str> = elements(&doc, "a").filter_map(|a| a.attribute("href")).collect();
    assert!(links.contains(&rent_href), "plain link to the rent article: {links:?}");
    let with_fragment = format!("{rent_href}#was-jetzt-zu-tun-ist");
    assert!(links.contains(&with_fragment.as_str()), "link with a fragment: {links:?}");
    let target = xml(rent);
    let heading =
        target.descendants().find(|n| n.attribute("id") == Some("was-jetzt-zu-tun-ist")).expect("fragment target");
    assert_eq!(heading.tag_name().name(), "h2");
    assert!(links.iter().all(|l| !l.contains(".md")), "no link to a Markdown file: {links:?}");
}

#[test]
fn tables_keep_their_alignment() {
    let files = texts(&read(&sample_epub()));
    let (_, strike) = article_file(&files, "Elf Wochen für mehr Hände");
    let doc = xml(strike);
    let table = elements(&doc, "table").next().expect("table");
    let header: Vec<Node> = elements(&doc, "th").collect();
    assert_eq!(header.len(), 4);
    let classes: Vec<&str> = header.iter().map(|h| h.attribute("class").unwrap_or("")).collect();
    assert_eq!(classes, ["align-left", "align-right", "align-right", "align-center"]);
    for row in table.descendants().filter(|n| n.tag_name().name() == "tr").skip(1) {
        let cells: Vec<&str> = children(row, "td").iter().map(|c| c.attribute("class").unwrap_or("")).collect();
        assert_eq!(cells, classes, "body cells align like their column");
    }
    assert!(header.iter().all(|h| h.attribute("scope") == Some("col")));
}

#[test]
fn figures_have_captions_and_alt_text() {
    let files = texts(&read(&sample_epub()));
    let (_, docks) = article_file(&files, "Boxes Don’t Strike. People Do.");
    let doc = xml(docks);
    let figure = elements(&doc, "figure").next().expect("figure");
    let img = figure.descendants().find(|n| n.tag_name().name() == "img").expect("img in figure");
    assert_eq!(img.attribute("src"), Some("images/hafen.jpg"));
    assert_eq!(img.attribute("alt"), Some("The container quay at dusk, seen from the river wall"));
    let caption = children(figure, "figcaption");
    assert_eq!(caption.len(), 1);
    assert_eq!(text_of(caption[0]), "The container quay at dusk, seen from the river wall");
}

#[test]
fn related_box_lists_the_related_articles() {
    let files = texts(&read(&sample_epub()));
    let (_, history) = article_file(&files, "Acht Stunden sind kein Geschenk");
    let doc = xml(history);
    let related = elements(&doc, "nav").find(|n| n.attribute("class") == Some("related")).expect("related box");
    let heading = related.descendants().find(|n| n.tag_name().name() == "h2").expect("heading");
    assert_eq!(text_of(heading), "Mehr dazu");
    let targets: Vec<&str> =
        related.descendants().filter(|n| n.tag_name().name() == "a").filter_map(|a| a.attribute("href")).collect();
    let want: Vec<&str> = ["Elf Wochen für mehr Hände", "Schichtwechsel im Morgengrauen"]
        .iter()
        .map(|t| article_file(&files, t).0.trim_start_matches("OEBPS/"))
        .collect();
    assert_eq!(targets, want);
    // The English article's box speaks English.
    let (_, docks) = article_file(&files, "Boxes Don’t Strike. People Do.");
    let doc = xml(docks);
    let related = elements(&doc, "nav").find(|n| n.attribute("class") == Some("related")).expect("related box");
    let heading = related.descendants().find(|n| n.tag_name().name() == "h2").expect("heading");
    assert_eq!(text_of(heading), "Related");
}

#[test]
fn builds_are_byte_identical_anywhere() {
    let first = common::build(&common::sample());
    let second = common::build(&common::sample());
    let moved = tempfile::tempdir().unwrap();
    let copy = moved.path().join("anderswo");
    copy_dir(&common::sample(), &copy);
    let third = common::build(&copy);
    for ext in ["epub", "pdf"] {
        let a = std::fs::read(common::output(first.path(), ext)).unwrap();
        let b = std::fs::read(common::output(second.path(), ext)).unwrap();
        let c = std::fs::read(common::output(third.path(), ext)).unwrap();
        assert!(a == b, "two {ext} builds differ");
        assert!(a == c, "the {ext} differs when the issue lies in another folder");
        assert_eq!(common::output(first.path(), ext).file_name(), common::output(third.path(), ext).file_name());
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
