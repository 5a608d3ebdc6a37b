//! The EPUB writer: an `Issue` → the bytes of an EPUB 3.3 package (XHTML pages, OPF, nav, NCX,
//! stylesheet and images in a reproducible zip).
//!
//! Steps: [`Plan`] assigns file names, then `xhtml` renders the pages, `opf` the package document,
//! `nav` and `ncx` the two tables of contents, and `package` zips them in a fixed order.

mod nav;
mod ncx;
mod opf;
mod package;
mod xhtml;

use std::collections::HashSet;

use crate::model::{ArticleId, AssetId, Block, Inline, Issue};
pub(crate) use crate::text::lang::{label, Label};

/// Why an EPUB could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// The zip library refused an entry.
    #[error("failed to write the epub archive ({0})")]
    Zip(#[from] zip::result::ZipError),
    /// Writing into the in-memory buffer failed.
    #[error("failed to write the epub archive ({0})")]
    Io(#[from] std::io::Error),
    /// An image path is absolute, climbs out of the package, or is taken by another file.
    #[error("invalid image path in the epub package: {0}")]
    AssetPath(String),
}

/// Writes `issue` as an EPUB 3 package and returns its bytes; the same input gives the same bytes.
pub fn epub(issue: &Issue) -> Result<Vec<u8>, EpubError> {
    let plan = Plan::new(issue)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (OPF.to_string(), opf::opf(&plan).into_bytes()),
        (NCX.to_string(), ncx::ncx(&plan).into_bytes()),
        (NAV.to_string(), nav::nav(&plan).into_bytes()),
        (CSS.to_string(), issue.style.css.as_bytes().to_vec()),
        (TITLE_PAGE.to_string(), xhtml::title_page(&plan).into_bytes()),
    ];
    for (id, _) in issue.articles_with_ids() {
        files.push((plan.article_file(id).to_string(), xhtml::article(&plan, id).into_bytes()));
    }
    if plan.issue.imprint.is_some() {
        files.push((IMPRINT.to_string(), xhtml::imprint(&plan).into_bytes()));
    }
    package::package(&plan, files)
}

/// Package document, relative to the content folder (as are all names below).
const OPF: &str = "content.opf";
const NCX: &str = "toc.ncx";
const NAV: &str = "nav.xhtml";
const CSS: &str = "style.css";
const TITLE_PAGE: &str = "titlepage.xhtml";
const IMPRINT: &str = "imprint.xhtml";
/// The folder inside the zip that holds everything but `mimetype` and `META-INF`.
const CONTENT_DIR: &str = "OEBPS";

/// The decisions every part of the writer shares: file names and facts about the images.
pub(crate) struct Plan<'a> {
    pub issue: &'a Issue,
    /// One XHTML file name per article, parallel to `Issue::articles`.
    pub article_files: Vec<String>,
    /// Whether any page shows an image (cover included).
    pub has_images: bool,
    /// Whether every image in the content has a non-empty alt text.
    pub all_alt: bool,
}

impl<'a> Plan<'a> {
    fn new(issue: &'a Issue) -> Result<Self, EpubError> {
        let mut taken: HashSet<String> =
            [OPF, NCX, NAV, CSS, TITLE_PAGE, IMPRINT].iter().map(|s| s.to_string()).collect();
        for asset in &issue.assets {
            if !valid_package_path(&asset.package_path) || !taken.insert(asset.package_path.clone()) {
                return Err(EpubError::AssetPath(asset.package_path.clone()));
            }
        }
        let article_files = issue.articles.iter().map(|article| unique_file_name(&article.id, &mut taken)).collect();
        let mut images = ImageFacts { any: issue.cover.is_some(), all_alt: true };
        for article in &issue.articles {
            images.blocks(&article.blocks);
            for note in &article.footnotes {
                images.blocks(&note.blocks);
            }
        }
        if let Some(imprint) = &issue.imprint {
            images.blocks(&imprint.blocks);
        }
        Ok(Plan { issue, article_files, has_images: images.any, all_alt: images.all_alt })
    }

    /// The XHTML file of an article.
    pub fn article_file(&self, id: ArticleId) -> &str {
        &self.article_files[id.index()]
    }

    /// The language of the issue, with a fallback for an empty manifest value.
    pub fn language(&self) -> &str {
        non_empty_lang(&self.issue.language)
    }
}

/// `lang`, or `und` (undetermined, BCP 47) when empty, so attributes stay valid.
fn non_empty_lang(lang: &str) -> &str {
    if lang.trim().is_empty() {
        "und"
    } else {
        lang.trim()
    }
}

/// A relative path that stays inside the package and needs no escaping in a URL.
fn valid_package_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.ends_with('/')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !path.starts_with("META-INF")
}

/// `{id}.xhtml` reduced to safe characters, with a counter when the name is taken.
fn unique_file_name(id: &str, taken: &mut HashSet<String>) -> String {
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if stem.is_empty() {
        stem.push_str("article");
    }
    let mut name = format!("{stem}.xhtml");
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}.xhtml");
        n += 1;
    }
    name
}

/// Walks blocks for images: whether there are any, and whether all have alt text.
struct ImageFacts {
    any: bool,
    all_alt: bool,
}

impl ImageFacts {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines) | Block::Heading { content: inlines, .. } => self.inlines(inlines),
                Block::List { items, .. } => items.iter().for_each(|item| self.blocks(item)),
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::Table { header, rows, .. } => {
                    header.iter().for_each(|cell| self.inlines(cell));
                    rows.iter().flatten().for_each(|cell| self.inlines(cell));
                }
                Block::Figure { asset, alt } => self.image(*asset, alt),
                Block::CodeBlock(_) | Block::Rule => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Image { asset, alt } => self.image(*asset, alt),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => self.inlines(c),
                Inline::Text(_) | Inline::Code(_) | Inline::FootnoteRef { .. } | Inline::LineBreak => {}
            }
        }
    }

    fn image(&mut self, _asset: AssetId, alt: &str) {
        self.any = true;
        self.all_alt &= !alt.trim().is_empty();
    }
}

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escaped text without soft hyphens: for metadata and titles, where they only get in the way.
pub(crate) fn esc_plain(text: &str) -> String {
    esc(&text.replace('\u{ad}', ""))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::io::{Cursor, Read};

    use super::*;
    use crate::model::*;

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
                Section {
                    title: "Politik".into(),
                    id: "s1".into(),
                    articles: vec![ArticleId::new(0), ArticleId::new(1)],
                },
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
        assert!(
            de.contains("<sup><a epub:type=\"noteref\" href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>")
        );
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
}
