//! Unit tests of the EPUB writer on a hand-built sample issue.

use std::collections::HashSet;
use std::io::{Cursor, Read};

use super::*;
use crate::model::*;
use crate::text::lang::{label, Label};

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

/// A valid 1×1 grey PNG, built here with its CRCs and zlib checksum so EPUBCheck accepts it.
fn tiny_png() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let raw = [0u8, 0x80]; // filter byte "none", one grey pixel
    let (a, b) =
        raw.iter().fold((1u32, 0u32), |(a, b), &x| ((a + u32::from(x)) % 65521, (b + a + u32::from(x)) % 65521));
    let mut zlib = vec![0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff];
    zlib.extend(raw);
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn article(id: &str, section: usize, title: &str, lang: &str) -> Article {
    Article {
        id: id.to_string(),
        path: format!("{id}.md"),
        file: crate::source::FileId(0),
        section: SectionId::new(section),
        kicker: None,
        title: title.to_string(),
        subtitle: None,
        byline: None,
        authors: Vec::new(),
        date: None,
        lang: lang.to_string(),
        note: None,
        source: None,
        related: Vec::new(),
        blocks: Vec::new(),
        footnotes: Vec::new(),
    }
}

fn sample() -> Issue {
    let mut a1 = article("a01-streik", 0, "Streik in Bremen", "de");
    a1.kicker = Some("Arbeitskampf".into());
    a1.subtitle = Some("Warum die Hafenarbeiter die Arbeit niederlegten".into());
    a1.authors = vec!["Anna Muster".into(), "Ben Beispiel".into()];
    a1.byline = Some("Anna Muster und Ben Beispiel".into());
    a1.date = Some("2026-01-10".into());
    a1.related = vec![ArticleId::new(2)];
    a1.blocks = vec![
        para(vec![
            text("Die Ge\u{ad}werk\u{ad}schaft rief „zum Streik“ auf"),
            Inline::FootnoteRef { number: 1 },
            text(". "),
            Inline::Emphasis(vec![text("Alle")]),
            text(" kamen, "),
            Inline::Strong(vec![text("sofort")]),
            Inline::LineBreak,
            Inline::Strikethrough(vec![text("nie")]),
            text(" H"),
            Inline::Subscript(vec![text("2")]),
            text("O m"),
            Inline::Superscript(vec![text("2")]),
            text(" "),
            Inline::Code("x < y".into()),
        ]),
        Block::Heading { level: 2, id: "hintergrund".into(), content: vec![text("Hintergrund")] },
        para(vec![
            Inline::Link {
                target: LinkTarget::External("javascript:alert(1)".into()),
                content: vec![text("böser Link")],
            },
            text(" und "),
            Inline::Link {
                target: LinkTarget::External("https://example.org/a?b=1&c=2".into()),
                content: vec![text("guter Link")],
            },
            Inline::FootnoteRef { number: 1 },
        ]),
        Block::Table {
            align: vec![Align::Left, Align::Right],
            header: vec![vec![text("Ort")], vec![text("Zahl")]],
            rows: vec![vec![vec![text("Bremen")], vec![text("1200")]], vec![vec![text("Kiel")], vec![text("300")]]],
        },
        Block::Figure { asset: AssetId::new(0), alt: "Balkendiagramm der Streikenden".into() },
        Block::List {
            start: Some(3),
            items: vec![
                vec![para(vec![text("drei")])],
                vec![
                    para(vec![text("vier")]),
                    Block::List { start: None, items: vec![vec![para(vec![text("innen")])]] },
                ],
            ],
        },
        Block::BlockQuote(vec![para(vec![text("Ein Zitat.")])]),
        Block::CodeBlock("let x = 1;\n".into()),
        Block::Rule,
    ];
    a1.footnotes = vec![Footnote { number: 1, id: "fn-1".into(), blocks: vec![para(vec![text("Laut Polizei.")])] }];

    let mut a2 = article("a02-kommentar", 0, "Kommentar", "de");
    a2.byline = Some("Redaktion".into());
    a2.blocks = vec![para(vec![
        Inline::Link {
            target: LinkTarget::Article { article: ArticleId::new(0), fragment: Some("hintergrund".into()) },
            content: vec![text("siehe oben")],
        },
        text(" und "),
        Inline::Link {
            target: LinkTarget::Article { article: ArticleId::new(2), fragment: None },
            content: vec![text("London")],
        },
    ])];

    let mut a3 = article("a03-london", 1, "Strike in London", "en");
    a3.authors = vec!["Anna Muster".into(), "Chris Example".into()];
    a3.byline = Some("Anna Muster and Chris Example".into());
    a3.source = Some(Source { text: "The Guardian".into(), url: Some("https://example.com/strike".into()) });
    a3.related = vec![ArticleId::new(0)];
    a3.blocks = vec![para(vec![
        text("Dockers walked out "),
        Inline::Image { asset: AssetId::new(0), alt: "a chart".into() },
        text("."),
    ])];

    let png = tiny_png();
    Issue {
        title: "Die Zeitung".into(),
        issue_label: "Nr. 1/2026".into(),
        period: Some("Januar 2026".into()),
        date: "2026-01-15".into(),
        language: "de".into(),
        publisher: Some("Verlag & Co".into()),
        identifier: "urn:uuid:6f1c3c2e-8c1e-4d0a-9a55-3f0a1b2c3d4e".into(),
        slug: "die-zeitung-2026-1".into(),
        modified_epoch: 1_768_478_400,
        cover: Some(AssetId::new(1)),
        imprint: Some(Imprint { blocks: vec![para(vec![text("Herausgegeben von Verlag & Co, Bremen.")])] }),
        sections: vec![
            Section { title: "Politik".into(), id: "s1".into(), articles: vec![ArticleId::new(0), ArticleId::new(1)] },
            Section { title: "International".into(), id: "s2".into(), articles: vec![ArticleId::new(2)] },
        ],
        articles: vec![a1, a2, a3],
        assets: vec![
            Asset {
                path: "a01-chart.png".into(),
                package_path: "images/a01-chart.png".into(),
                media_type: "image/png",
                bytes: png.clone(),
                width: 1,
                height: 1,
            },
            Asset {
                path: "cover.png".into(),
                package_path: "images/cover.png".into(),
                media_type: "image/png",
                bytes: png,
                width: 1,
                height: 1,
            },
        ],
        book_title: "Die Zeitung Nr. 1/2026".into(),
        authors: vec!["Anna Muster".into(), "Ben Beispiel".into(), "Chris Example".into()],
        style: crate::style::Style::default(),
    }
}

/// The sample stripped of everything optional.
fn minimal() -> Issue {
    let mut issue = sample();
    issue.cover = None;
    issue.imprint = None;
    issue.assets.clear();
    issue.articles[0].blocks.retain(|b| !matches!(b, Block::Figure { .. }));
    issue.articles[2].blocks.clear();
    issue.publisher = None;
    issue.period = None;
    issue.articles[0].footnotes.clear();
    issue
}

fn build(issue: &Issue) -> Vec<u8> {
    epub(issue).expect("epub")
}

/// `HEFT_EPUB_OUT=/tmp/x.epub cargo test --lib epub::tests::export` writes the sample for
/// EPUBCheck and DAISY Ace.
#[test]
fn export() {
    if let Ok(path) = std::env::var("HEFT_EPUB_OUT") {
        std::fs::write(&path, build(&sample())).expect("write HEFT_EPUB_OUT");
        std::fs::write(format!("{path}.minimal.epub"), build(&minimal())).expect("write minimal");
    }
}

fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>, zip::CompressionMethod)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("read");
            (file.name().to_string(), data, file.compression())
        })
        .collect()
}

fn file(bytes: &[u8], name: &str) -> String {
    let found = entries(bytes).into_iter().find(|(n, _, _)| n == name);
    String::from_utf8(found.unwrap_or_else(|| panic!("{name} missing")).1).expect("utf-8")
}

#[test]
fn package_layout() {
    let bytes = build(&sample());
    assert_eq!(&bytes[30..38], b"mimetype", "mimetype must be the first local header");
    let entries = entries(&bytes);
    assert_eq!(entries[0].0, "mimetype");
    assert_eq!(entries[0].1, b"application/epub+zip");
    assert_eq!(entries[0].2, zip::CompressionMethod::Stored);
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "mimetype",
            "META-INF/container.xml",
            "OEBPS/content.opf",
            "OEBPS/toc.ncx",
            "OEBPS/nav.xhtml",
            "OEBPS/style.css",
            "OEBPS/titlepage.xhtml",
            "OEBPS/a01-streik.xhtml",
            "OEBPS/a02-kommentar.xhtml",
            "OEBPS/a03-london.xhtml",
            "OEBPS/imprint.xhtml",
            "OEBPS/images/a01-chart.png",
            "OEBPS/images/cover.png",
        ]
    );
    assert!(file(&bytes, "META-INF/container.xml").contains("full-path=\"OEBPS/content.opf\""));
}

#[test]
fn reproducible() {
    let issue = sample();
    assert_eq!(build(&issue), build(&issue));
    let mut later = issue.clone();
    later.modified_epoch += 86_400;
    assert_ne!(build(&issue), build(&later), "the timestamp should reach the package");
}

#[test]
fn opf_metadata() {
    let opf = file(&build(&sample()), "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>Die Zeitung Nr. 1/2026</dc:title>"));
    assert!(opf.contains("<dc:language>de</dc:language>"));
    assert!(opf.contains("<dc:date>2026-01-15</dc:date>"));
    assert!(opf.contains("<dc:publisher>Verlag &amp; Co</dc:publisher>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2026-01-15T12:00:00Z</meta>"));
    assert!(opf.contains("unique-identifier=\"pub-id\""));
    assert!(opf.contains("<dc:identifier id=\"pub-id\">urn:uuid:6f1c3c2e"));
    let creators: Vec<&str> = opf
        .lines()
        .filter(|l| l.starts_with("<dc:creator"))
        .map(|l| &l[l.find('>').unwrap() + 1..l.rfind('<').unwrap()])
        .collect();
    // The byline-only article ("Redaktion") adds no creator: a byline is display text.
    assert_eq!(creators, ["Anna Muster", "Ben Beispiel", "Chris Example"]);
    for prop in [
        "accessMode\">textual",
        "accessMode\">visual",
        "accessModeSufficient\">textual<",
        "accessibilityFeature\">alternativeText",
        "accessibilityFeature\">tableOfContents",
        "accessibilityHazard\">none",
        "accessibilitySummary",
    ] {
        assert!(opf.contains(&format!("property=\"schema:{prop}")), "missing {prop}");
    }
    assert!(opf.contains("href=\"images/cover.png\" media-type=\"image/png\" properties=\"cover-image\""));
    assert!(opf.contains("properties=\"nav\""));
    assert!(opf.contains("<meta property=\"a11y:certifiedBy\">Verlag &amp; Co</meta>"));
    let spine: Vec<&str> = opf.lines().filter(|l| l.starts_with("<itemref")).collect();
    assert_eq!(spine.len(), 6, "title page, nav, three articles, imprint");
}

#[test]
fn missing_alt_text_is_not_claimed() {
    let mut issue = sample();
    issue.articles[2].blocks = vec![para(vec![Inline::Image { asset: AssetId::new(0), alt: String::new() }])];
    let opf = file(&build(&issue), "OEBPS/content.opf");
    assert!(!opf.contains("accessModeSufficient\">textual<"));
    assert!(!opf.contains("alternativeText"));
    assert!(!opf.contains("dcterms:conformsTo"), "no conformance claim without alt texts");
}

#[test]
fn minimal_issue_still_builds() {
    let bytes = build(&minimal());
    let opf = file(&bytes, "OEBPS/content.opf");
    assert!(!opf.contains("cover-image") && !opf.contains("visual"));
    let nav = file(&bytes, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"titlepage\" href=\"titlepage.xhtml\""));
    assert!(nav.contains("href=\"a03-london.xhtml\""));
}

#[test]
fn nav_nesting_and_landmarks() {
    let nav = file(&build(&sample()), "OEBPS/nav.xhtml");
    assert!(nav.contains("lang=\"de\" xml:lang=\"de\""));
    assert!(nav.contains("<nav epub:type=\"toc\" id=\"toc\""));
    let politik = nav.find("<span>Politik</span>").expect("section");
    let international = nav.find("<span>International</span>").expect("section");
    let a1 = nav.find("href=\"a01-streik.xhtml\"").expect("a1");
    let a2 = nav.find("href=\"a02-kommentar.xhtml\"").expect("a2");
    let a3 = nav.find("href=\"a03-london.xhtml\" lang=\"en\" xml:lang=\"en\"").expect("a3 marked English");
    assert!(politik < a1 && a1 < a2 && a2 < international && international < a3);
    assert!(nav[politik..a1].contains("<ol>"), "articles nest under their section");
    assert!(nav.contains("href=\"imprint.xhtml\">Impressum</a>"));
    let landmarks = &nav[nav.find("epub:type=\"landmarks\"").expect("landmarks")..];
    for mark in [
        "epub:type=\"cover\" href=\"titlepage.xhtml\"",
        "epub:type=\"toc\" href=\"nav.xhtml#toc\"",
        "epub:type=\"bodymatter\" href=\"a01-streik.xhtml\"",
        "epub:type=\"imprint\" href=\"imprint.xhtml\"",
    ] {
        assert!(landmarks.contains(mark), "missing landmark {mark}");
    }
}

#[test]
fn ncx_play_order_has_no_gaps() {
    let ncx = file(&build(&sample()), "OEBPS/toc.ncx");
    let orders: Vec<usize> =
        ncx.split("playOrder=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse().unwrap()).collect();
    let distinct: std::collections::BTreeSet<usize> = orders.iter().copied().collect();
    assert_eq!(distinct.into_iter().collect::<Vec<_>>(), (1..=orders.len() - 2).collect::<Vec<_>>());
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:uuid:6f1c3c2e"));
    assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"));
}

#[test]
fn article_markup() {
    let bytes = build(&sample());
    let de = file(&bytes, "OEBPS/a01-streik.xhtml");
    let en = file(&bytes, "OEBPS/a03-london.xhtml");
    assert!(en.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">"));
    assert!(de.contains("lang=\"de\" xml:lang=\"de\""));
    assert!(de.contains("Ge\u{ad}werk\u{ad}schaft"), "soft hyphens are kept");
    assert!(de.contains("<title>Streik in Bremen</title>"));
    assert!(de.contains("<sup><a epub:type=\"noteref\" href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>"));
    assert!(de.contains("id=\"fnref-1-2\""), "a second mark gets its own id");
    assert!(de.contains("<aside epub:type=\"footnote\" id=\"fn-1\" role=\"doc-footnote\""));
    assert!(de.contains("href=\"#fnref-1\" role=\"doc-backlink\""));
    assert!(!de.contains("javascript"), "unsafe links are dropped");
    assert!(de.contains("böser Link"), "their text stays");
    assert!(de.contains("<a href=\"https://example.org/a?b=1&amp;c=2\">guter Link</a>"));
    assert!(de.contains("<h2 id=\"hintergrund\">Hintergrund</h2>"));
    assert!(de.contains("<th scope=\"col\" class=\"align-right\">Zahl</th>"));
    assert!(de.contains("<td class=\"align-right\">1200</td>"));
    assert!(de.contains("<ol start=\"3\">"));
    assert!(de.contains("<figure>\n<img src=\"images/a01-chart.png\" alt=\"Balkendiagramm der Streikenden\""));
    assert!(de.contains("<code>x &lt; y</code>"));
    assert!(de.contains("<del>nie</del>"));
    assert!(de.contains("<h2 id=\"heft-related\">Mehr dazu</h2>"));
    assert!(de.contains("href=\"a03-london.xhtml\"><span class=\"title\">Strike in London</span>"));
    assert!(en.contains(">Related</h2>"));
    assert!(en.contains("<span class=\"kicker\">Arbeitskampf</span>"));
    assert!(en.contains("<a href=\"https://example.com/strike\">The Guardian</a>"));
    let comment = file(&bytes, "OEBPS/a02-kommentar.xhtml");
    assert!(comment.contains("<a href=\"a01-streik.xhtml#hintergrund\">siehe oben</a>"));
    assert!(comment.contains("<a href=\"a03-london.xhtml\">London</a>"), "unknown fragments fall back to the file");
}

#[test]
fn ids_unique_per_file() {
    let mut issue = sample();
    issue.articles[0].blocks.push(Block::Heading {
        level: 2,
        id: "hintergrund".into(),
        content: vec![text("Noch mal")],
    });
    issue.articles[0].blocks.push(Block::Heading {
        level: 3,
        id: "heft-title".into(),
        content: vec![text("Kollision")],
    });
    for (name, data, _) in entries(&build(&issue)) {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let page = String::from_utf8(data).unwrap();
        let mut seen = HashSet::new();
        for part in page.split(" id=\"").skip(1) {
            let id = &part[..part.find('"').unwrap()];
            assert!(seen.insert(id.to_string()), "duplicate id {id} in {name}");
        }
    }
}

#[test]
fn title_page_and_imprint() {
    let bytes = build(&sample());
    let title = file(&bytes, "OEBPS/titlepage.xhtml");
    for part in ["Die Zeitung", "Nr. 1/2026", "Januar 2026", "Verlag &amp; Co", "src=\"images/cover.png\""] {
        assert!(title.contains(part), "title page lacks {part}");
    }
    let imprint = file(&bytes, "OEBPS/imprint.xhtml");
    assert!(imprint.contains("<h1>Impressum</h1>") && imprint.contains("lang=\"de\""));
}

#[test]
fn bad_asset_path_is_an_error() {
    for path in ["../secret.png", "/abs.png", "nav.xhtml", "images/a b.png"] {
        let mut issue = sample();
        issue.assets[0].package_path = path.into();
        assert!(matches!(epub(&issue), Err(EpubError::AssetPath(_))), "{path}");
    }
}

#[test]
fn hostile_text_is_escaped() {
    let mut issue = sample();
    issue.title = "A <b>&amp; \u{1} \"quoted\"".into();
    issue.book_title = format!("{} {}", issue.title, issue.issue_label);
    issue.articles[0].title = "</title><script>".into();
    let bytes = build(&issue);
    let opf = file(&bytes, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>A &lt;b&gt;&amp;amp;  &quot;quoted&quot; Nr. 1/2026</dc:title>"));
    assert!(!file(&bytes, "OEBPS/a01-streik.xhtml").contains("<script>"));
}

#[test]
fn labels_follow_language() {
    assert_eq!(label("de-AT", Label::Related), "Mehr dazu");
    assert_eq!(label("en-GB", Label::Related), "Related");
    assert_eq!(label("fr", Label::Contents), "Sommaire");
    assert_eq!(label("xx", Label::Imprint), "Imprint");
}
