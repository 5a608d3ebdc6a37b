//! Tests of whole-issue layout on hand-built model issues: page starts, contents numbers,
//! footnote placement, margins, keeps, degenerate tables and quotes, outline, styles. The
//! issues are valid models, as assembly would build them: ids in range, every article in the
//! section that lists it, images whose headers read.

use super::*;
use crate::model::{Align, Block, Footnote, Imprint, Inline, LinkTarget, Related, Section, SectionId};
use crate::pdf::frame::TextRun;

const WORDS: &str = "Die Arbeiterinnen der Bremer Werft legten am Montag die Arbeit nieder, weil die \
Geschäftsführung die vereinbarten Lohnerhöhungen verweigerte und stattdessen Entlassungen ankündigte; \
die Gewerkschaftsversammlung beschloss einstimmig einen unbefristeten Streik.";

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text(s.to_string())]
}

fn para(k: usize) -> Block {
    Block::Paragraph(vec![
        Inline::Text(format!("{k}. {WORDS} ")),
        Inline::Emphasis(text("betont")),
        Inline::Text(" und ".into()),
        Inline::Strong(text("stark")),
        Inline::Text(format!(" {WORDS}")),
    ])
}

fn article(i: usize, blocks: Vec<Block>) -> Article {
    Article {
        id: format!("a{i}"),
        path: format!("a{i}.md"),
        file: crate::source::FileId(i),
        // Set by `issue`, which places the article in a section.
        section: SectionId::new(0),
        kicker: Some("Streik".into()),
        title: format!("Titel{i} zum Arbeitskampf"),
        subtitle: Some("Ein Bericht".into()),
        byline: Some(format!("Autorin {i}")),
        authors: vec![format!("Autorin {i}")],
        date: Some("2026-01-02".into()),
        lang: "de".into(),
        note: None,
        source: None,
        related: Vec::new(),
        online_only: false,
        blocks,
        footnotes: Vec::new(),
    }
}

/// An issue of the given articles: the first half in "Politik", the rest in "Kultur".
fn issue(mut articles: Vec<Article>) -> Issue {
    let n = articles.len();
    for (i, a) in articles.iter_mut().enumerate() {
        a.section = SectionId::new(usize::from(i >= n / 2));
    }
    Issue {
        title: "Die Zeitung".into(),
        issue_label: "Nr. 1/2026".into(),
        period: Some("Januar 2026".into()),
        date: "2026-01-01".into(),
        language: "de".into(),
        publisher: Some("Verlag".into()),
        base_url: None,
        identifier: "urn:uuid:x".into(),
        slug: "z".into(),
        modified_epoch: 0,
        cover: None,
        imprint: Some(Imprint { blocks: vec![para(0)] }),
        sections: vec![
            Section { title: "Politik".into(), id: "s1".into(), articles: (0..n / 2).map(ArticleId::new).collect() },
            Section { title: "Kultur".into(), id: "s2".into(), articles: (n / 2..n).map(ArticleId::new).collect() },
        ],
        articles,
        assets: Vec::new(),
        book_title: "Die Zeitung Nr. 1/2026".into(),
        authors: Vec::new(),
        style: crate::style::Style::default(),
        accessibility: Default::default(),
        hyphenation: Default::default(),
        appeared_in: None,
    }
}

fn a4() -> PdfStyle {
    PdfStyle::builtin("a4").expect("a4")
}

fn run_text(r: &TextRun) -> String {
    r.text.clone()
}

fn page_text(p: &Page) -> String {
    let all = p.items.iter().filter_map(|i| if let FrameItem::Text(r) = &i.item { Some(run_text(r)) } else { None });
    all.collect::<Vec<_>>()
        .join(" ")
        .replace('\u{a0}', " ")
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn run_width(r: &TextRun) -> Pt {
    r.glyphs.iter().map(|g| g.advance).sum()
}

/// Every text run and box lies inside the page's margins (1 pt tolerance).
fn assert_within_margins(doc: &Document, style: &PdfStyle) {
    let g = Geometry::new(style);
    for (i, p) in doc.pages.iter().enumerate() {
        let left = g.body_left(i);
        let right = left + g.body_w;
        for it in &p.items {
            let w = match &it.item {
                FrameItem::Text(r) => run_width(r),
                FrameItem::Rect { width, .. }
                | FrameItem::BoxOutline { width, .. }
                | FrameItem::Image { width, .. } => *width,
                FrameItem::Link { width, .. } => *width,
            };
            assert!(it.x >= left - Pt(1.0), "page {i}: item at {:?} left of {:?}: {:?}", it.x, left, it.item);
            assert!(it.x + w <= right + Pt(1.0), "page {i}: item ends {:?} past {:?}: {:?}", it.x + w, right, it.item);
        }
    }
}

fn article_starts(doc: &Document) -> Vec<usize> {
    doc.outline.iter().flat_map(|s| s.children.iter().map(|a| a.page)).collect()
}

#[test]
fn articles_start_on_new_pages_and_contents_numbers_match() {
    let arts = (0..6).map(|i| article(i, (0..(3 + i * 7)).map(para).collect())).collect();
    let style = a4();
    let (doc, warnings) = layout(&issue(arts), &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    let starts = article_starts(&doc);
    assert_eq!(starts.len(), 6);
    for (i, &s) in starts.iter().enumerate() {
        let title = format!("Titel{i}");
        assert!(page_text(&doc.pages[s]).contains(&title));
        if i > 0 {
            assert!(!page_text(&doc.pages[s - 1]).contains(&title), "article {i} shares page {s}");
        }
    }
    // Contents: the right-aligned bold numbers, in order, are the articles' folios.
    let g = Geometry::new(&style);
    let toc_pages = doc.outline[0].page..starts[0];
    let mut numbers = Vec::new();
    for p in toc_pages {
        let right = g.body_left(p) + g.body_w;
        for it in &doc.pages[p].items {
            if let FrameItem::Text(r) = &it.item {
                let t = run_text(r);
                if r.font.bold && (it.x + run_width(r) - right).abs() < Pt(0.5) && t.chars().all(|c| c.is_ascii_digit())
                {
                    numbers.push(t.parse::<usize>().unwrap());
                }
            }
        }
    }
    let expected: Vec<usize> = starts.iter().map(|s| s + 1).collect();
    assert_eq!(numbers, expected);
    // Each contents entry links to its article.
    let links: Vec<usize> = doc.pages[1]
        .items
        .iter()
        .filter_map(|i| match &i.item {
            FrameItem::Link { target: LinkDest::Page { page, .. }, .. } => Some(*page),
            _ => None,
        })
        .collect();
    assert_eq!(&links[..], &starts[..links.len()]);
    assert!(!links.is_empty());
    assert_within_margins(&doc, &style);
    // No folio or running head on the title page.
    assert!(!page_text(&doc.pages[0]).contains("Nr. 1/2026 ·"));
    // None on an article's opening page either, but on the pages after it.
    assert!(!page_text(&doc.pages[starts[0]]).contains("Die Zeitung · Nr. 1/2026"));
    assert!(doc.pages.iter().skip(starts[0] + 1).any(|p| page_text(p).contains("Die Zeitung · Nr. 1/2026")));
}

fn footnote_article() -> Article {
    let mut blocks = Vec::new();
    let mut notes = Vec::new();
    for k in 0..40u32 {
        let n = k + 1;
        blocks.push(Block::Paragraph(vec![
            Inline::Text(format!("Absatz {n}. {WORDS}")),
            Inline::FootnoteRef { number: n },
            Inline::Text(format!(" {}", &WORDS[..80])),
        ]));
        let long = if n % 7 == 0 { WORDS.repeat(4) } else { "Vgl. Marx, Das Kapital, Bd. 1, S. 12.".to_string() };
        notes.push(Footnote { number: n, id: format!("fn-{n}"), blocks: vec![Block::Paragraph(text(&long))] });
    }
    let mut a = article(0, blocks);
    a.footnotes = notes;
    a
}

#[test]
fn every_note_sits_on_the_page_of_its_mark() {
    for style in [a4(), PdfStyle::builtin("a5").unwrap()] {
        let iss = issue(vec![footnote_article()]);
        let geo = Geometry::new(&style);
        let images = ImageTable::default();
        let ctx = Ctx { style: &style, issue: &iss, images: &images, geo };
        let (laid, _) = layout_article(&ctx, &iss.articles[0]);
        assert!(laid.pages.len() >= 3, "spans several pages");
        // The article's only links are its footnote marks, each pointing at its note.
        let mut marks = 0;
        for (page, items) in laid.pages.iter().enumerate() {
            for item in items {
                let FrameItem::Link { target, .. } = &item.item else { continue };
                let LinkDest::Page { page: note_page, .. } = target else { panic!("{target:?}") };
                assert_eq!(*note_page, page, "a mark on page {page} points at page {note_page}");
                marks += 1;
            }
        }
        assert_eq!(marks, 40);
        let (doc, _) = layout(&iss, &style);
        assert_within_margins(&doc, &style);
    }
}

#[test]
fn headings_never_end_a_column() {
    let mut blocks = Vec::new();
    for k in 0..60 {
        blocks.push(Block::Heading {
            level: 2 + (k % 3) as u8,
            id: format!("h{k}"),
            content: text(&format!("Zwischentitel {k}")),
        });
        for j in 0..(k % 4 + 1) {
            blocks.push(para(j));
        }
    }
    let style = a4();
    let iss = issue(vec![article(0, blocks)]);
    let images = ImageTable::default();
    let ctx = Ctx { style: &style, issue: &iss, images: &images, geo: Geometry::new(&style) };
    let (laid, _) = layout_article(&ctx, &iss.articles[0]);
    assert!(laid.pages.len() > 5);
    // Headings are the only bold Sans text below the article head.
    let heading_font = crate::pdf::typeset::fonts::FontKey::SANS.with_bold(true);
    let column_width = ctx.columns(style.column_count()).width;
    for (page, items) in laid.pages.iter().enumerate() {
        let mut lowest: [Option<&Positioned>; 2] = [None, None];
        for item in items.iter().filter(|i| matches!(i.item, FrameItem::Text(_))) {
            let column = usize::from(item.x > column_width);
            if lowest[column].is_none_or(|low| item.y > low.y) {
                lowest[column] = Some(item);
            }
        }
        for (column, item) in lowest.iter().enumerate() {
            let Some(FrameItem::Text(run)) = item.map(|i| &i.item) else { continue };
            assert!(run.font != heading_font, "page {page}, column {column} ends with the heading {:?}", run.text);
        }
    }
}

#[test]
fn wide_tables_and_deep_quotes_stay_inside() {
    let cols = 40;
    let header: Vec<Vec<Inline>> = (0..cols).map(|c| text(&format!("Spalte{c}"))).collect();
    let rows: Vec<Vec<Vec<Inline>>> =
        (0..80).map(|r| (0..cols).map(|c| text(&format!("Wert{r}x{c} Donaudampfschifffahrt"))).collect()).collect();
    let align = (0..cols).map(|c| [Align::Left, Align::Right, Align::Center, Align::None][c % 4]).collect();
    let mut quote = Block::Paragraph(text(WORDS));
    for _ in 0..200 {
        quote = Block::BlockQuote(vec![quote]);
    }
    let list = Block::List {
        start: Some(3),
        items: vec![vec![para(1)], vec![Block::List { start: None, items: vec![vec![para(2)]] }]],
    };
    let long = Block::Table {
        align: vec![Align::Left, Align::Right],
        header: vec![text("Kopfzeile"), text("Betrag")],
        rows: (0..150).map(|r| vec![text(&format!("Posten {r}")), text(&format!("{r},00"))]).collect(),
    };
    let blocks = vec![
        para(0),
        Block::Table { align, header, rows },
        long,
        quote,
        list,
        Block::CodeBlock("fn main() {\n\tprintln!(\"x\");\n}\n".into()),
        Block::Rule,
    ];
    // A table of 40 columns needs the full text width: in two columns of 83 mm its cells would
    // shrink under 4 pt (tables spanning both columns are not built yet), so A4 in one column here.
    for style in [PdfStyle { columns: 1, ..a4() }, PdfStyle::builtin("a5").unwrap()] {
        let (doc, _) = layout(&issue(vec![article(0, blocks.clone())]), &style);
        assert_within_margins(&doc, &style);
        // Even the 40-column table stays legible: no text is squeezed below 4 pt.
        let smallest = doc.pages.iter().flat_map(|p| &p.items).filter_map(|i| match &i.item {
            FrameItem::Text(run) => Some(run.size.0),
            _ => None,
        });
        let smallest = smallest.fold(f64::INFINITY, f64::min);
        assert!(smallest >= 4.0, "text squeezed to {smallest:.2} pt");
        // The header row is repeated on the table's later pages.
        let with_header = doc.pages.iter().filter(|p| page_text(p).contains("Kopfzeile")).count();
        assert!(with_header >= 2, "header repeated ({with_header})");
    }
}

#[test]
fn a5_style_gives_a5_pages() {
    let style = PdfStyle::builtin("a5").unwrap();
    let (doc, _) = layout(&issue(vec![article(0, vec![para(0)])]), &style);
    for p in &doc.pages {
        assert!((p.width.0 - 419.5).abs() < 0.5 && (p.height.0 - 595.3).abs() < 0.5);
    }
}

#[test]
fn outline_nests_sections_articles_headings() {
    let blocks = vec![
        Block::Heading { level: 2, id: "eins".into(), content: text("Eins") },
        para(0),
        Block::Heading { level: 3, id: "unter".into(), content: text("Unter") },
        para(1),
        Block::Heading { level: 2, id: "zwei".into(), content: text("Zwei") },
        para(2),
    ];
    let (doc, _) = layout(&issue(vec![article(0, vec![para(0)]), article(1, blocks)]), &a4());
    let titles: Vec<&str> = doc.outline.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Inhalt", "Politik", "Kultur", "Impressum"]);
    let art = &doc.outline[2].children[0];
    assert_eq!(art.title, "Titel1 zum Arbeitskampf");
    let heads: Vec<(&str, usize)> = art.children.iter().map(|h| (h.title.as_str(), h.children.len())).collect();
    assert_eq!(heads, [("Eins", 1), ("Zwei", 0)]);
    assert_eq!(art.children[0].children[0].title, "Unter");
    assert!(art.children[0].y > Pt::ZERO);
}

#[test]
fn links_related_boxes_and_info() {
    let mut a0 = article(
        0,
        vec![Block::Paragraph(vec![
            Inline::Link { target: LinkTarget::External("https://example.org".into()), content: text("Netz") },
            Inline::Text(" und ".into()),
            Inline::Link {
                target: LinkTarget::Article { article: ArticleId::new(1), fragment: None },
                content: text("dort"),
            },
            Inline::Strikethrough(text("weg")),
        ])],
    );
    a0.related = vec![Related::Article(ArticleId::new(1))];
    let mut a1 = article(1, (0..30).map(para).collect());
    a1.lang = "en".into();
    a1.related = vec![Related::Article(ArticleId::new(0))];
    let (doc, _) = layout(&issue(vec![a0, a1]), &a4());
    let starts = article_starts(&doc);
    let p0 = &doc.pages[starts[0]];
    let dests: Vec<&LinkDest> = p0
        .items
        .iter()
        .filter_map(|i| if let FrameItem::Link { target, .. } = &i.item { Some(target) } else { None })
        .collect();
    assert!(dests.contains(&&LinkDest::Uri("https://example.org".into())));
    assert!(dests.iter().filter(|d| ***d == LinkDest::Page { page: starts[1], y: Pt::ZERO }).count() >= 2);
    let t0 = page_text(p0);
    assert!(t0.contains("Mehr dazu") && t0.contains(&format!("S. {}", starts[1] + 1)), "{t0}");
    let last = doc.pages[..doc.pages.len() - 1].iter().rev().map(page_text).find(|t| t.contains("Related")).unwrap();
    assert!(last.contains(&format!("p. {}", starts[0] + 1)));
    assert_eq!(doc.info.title, "Die Zeitung Nr. 1/2026");
    assert_eq!(doc.info.author, "Autorin 0, Autorin 1");
    assert_eq!(doc.info.subject, "Januar 2026");
}

#[test]
fn undrawable_images_warn_and_get_a_box() {
    let mut iss = issue(vec![article(
        0,
        vec![
            Block::Figure { asset: AssetId::new(0), alt: "Ein Diagramm".into(), bleed: false },
            Block::Figure { asset: AssetId::new(1), alt: "Kaputt".into(), bleed: false },
        ],
    )]);
    iss.assets = vec![
        crate::model::Asset {
            path: "bilder/d.svg".into(),
            package_path: "images/d.svg".into(),
            media_type: "image/svg+xml",
            bytes: b"<svg/>".to_vec(),
            width: 0,
            height: 0,
        },
        // Assembly reads a PNG's size from its header; the pixels are decoded only here.
        crate::model::Asset {
            path: "bilder/k.png".into(),
            package_path: "images/k.png".into(),
            media_type: "image/png",
            bytes: png_header_without_pixels(),
            width: 1,
            height: 1,
        },
    ];
    let (doc, warnings) = layout(&iss, &a4());
    assert_eq!(warnings.len(), 2);
    assert!(warnings[0].message.contains("bilder/d.svg"), "{warnings:?}");
    assert!(warnings[1].message.contains("bilder/k.png"), "the editor's path, not the package path: {warnings:?}");
    let stand_ins =
        doc.pages.iter().flat_map(|p| &p.items).filter(|i| matches!(i.item, FrameItem::BoxOutline { .. })).count();
    assert_eq!(stand_ins, 2);
}

/// The signature and header chunk of a 1 × 1 RGBA PNG, and no image data.
fn png_header_without_pixels() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0, 0, 0, 13]);
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    png.extend_from_slice(&[0x1F, 0x15, 0xC4, 0x89]);
    png
}

/// The titles of an outline level, following `/First` and `/Next`.
fn outline_titles(pdf: &lopdf::Document, parent: &lopdf::Dictionary) -> Vec<String> {
    let mut titles = Vec::new();
    let mut next = parent.get(b"First").and_then(lopdf::Object::as_reference).ok();
    while let Some(id) = next {
        let item = pdf.get_dictionary(id).expect("an outline item");
        titles.push(String::from_utf8_lossy(item.get(b"Title").and_then(lopdf::Object::as_str).unwrap()).into_owned());
        next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    titles
}

#[test]
fn issue_paints_to_a_pdf_with_its_pages_fonts_outline_and_links() {
    let mut a = footnote_article();
    a.related = vec![Related::Article(ArticleId::new(1))];
    let b =
        article(1, vec![para(0), Block::Heading { level: 2, id: "x".into(), content: text("Zwischentitel") }, para(1)]);
    let iss = issue(vec![a, b]);
    let (frames, _) = layout(&iss, &a4());
    let out = crate::pdf::pdf(&iss).expect("pdf");
    if let Ok(dir) = std::env::var("HEFT_LAYOUT_DUMP") {
        std::fs::write(std::path::Path::new(&dir).join("layout-test.pdf"), &out.bytes).unwrap();
    }
    let pdf = lopdf::Document::load_mem(&out.bytes).expect("the PDF parses");
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), frames.pages.len());
    // Fonts: subsets of the faces the layout used, each with a ToUnicode map.
    let mut fonts = std::collections::BTreeSet::new();
    for &page in pages.values() {
        for font in pdf.get_page_fonts(page).unwrap().values() {
            assert!(font.get(b"ToUnicode").is_ok(), "{font:?}");
            let name = font.get(b"BaseFont").and_then(lopdf::Object::as_name).unwrap();
            let name = String::from_utf8_lossy(name).into_owned();
            fonts.insert(name.split_once('+').expect("a subset tag").1.to_owned());
        }
    }
    for face in ["NotoSerif-Regular", "NotoSerif-Italic", "NotoSans-Bold"] {
        assert!(fonts.contains(face), "{face} in {fonts:?}");
    }
    // The outline: contents, both sections, the imprint.
    let catalog = pdf.catalog().unwrap();
    let root = pdf.get_dictionary(catalog.get(b"Outlines").and_then(lopdf::Object::as_reference).unwrap()).unwrap();
    assert_eq!(outline_titles(&pdf, root), ["Inhalt", "Politik", "Kultur", "Impressum"]);
    // Every link of the layout is an annotation: contents entries, footnote marks, related box.
    let link_items = frames.pages.iter().flat_map(|p| &p.items).filter(|i| matches!(i.item, FrameItem::Link { .. }));
    let mut annotations = 0;
    for &page in pages.values() {
        for annot in pdf.get_page_annotations(page).unwrap() {
            assert_eq!(annot.get(b"Subtype").and_then(lopdf::Object::as_name).unwrap(), b"Link");
            let dest = annot.get(b"Dest").and_then(lopdf::Object::as_array).expect("an internal link");
            let target = dest[0].as_reference().unwrap();
            assert!(pages.values().any(|&p| p == target), "a destination outside the document");
            annotations += 1;
        }
    }
    assert_eq!(annotations, link_items.count());
    let (footnote_marks, contents_entries, related_entries) = (40, 2, 1);
    assert!(annotations >= footnote_marks + contents_entries + related_entries, "{annotations} links");
}

#[test]
fn missing_characters_are_reported_per_article() {
    let a = article(0, vec![Block::Paragraph(text("Zeichen 漢 hier"))]);
    let (_, warnings) = layout(&issue(vec![a]), &a4());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("U+6F22") && warnings[0].message.contains("Titel0"));
    assert_eq!(warnings[0].file, Some(crate::source::FileId(0)), "the warning points at the article file");
}

#[test]
fn many_missing_characters_make_one_warning_without_invisible_ones() {
    let a = article(0, vec![Block::Paragraph(text("漢字かなカナ한국어 مرحبا 👨\u{200D}👩\u{FE0F} ሀሁሂሃሄህሆ"))]);
    let (_, warnings) = layout(&issue(vec![a]), &a4());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let message = &warnings[0].message;
    assert!(message.contains("23 characters used in \"Titel0") && message.contains("more"), "{warnings:?}");
    assert!(!message.contains("U+200D") && !message.contains("U+FE0F"), "{warnings:?}");
}

#[test]
fn unsafe_addresses_get_no_link() {
    let link = |uri: &str| Inline::Link { target: LinkTarget::External(uri.into()), content: text("hier") };
    let a = article(0, vec![Block::Paragraph(vec![link("javascript:alert(1)"), link("https://example.org")])]);
    let (doc, _) = layout(&issue(vec![a]), &a4());
    let uris: Vec<&str> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match &i.item {
            FrameItem::Link { target: LinkDest::Uri(uri), .. } => Some(uri.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(uris, ["https://example.org"]);
}

#[test]
fn running_heads_and_folios_are_pagination_and_body_text_is_content() {
    use crate::pdf::frame::{StructRole, Tag};
    let style = a4();
    let arts: Vec<Article> = (0..2).map(|i| article(i, (0..40).map(para).collect())).collect();
    let (doc, _) = layout(&issue(arts), &style);
    let top = Pt::from_mm(style.margins.top);
    let bottom = doc.pages[0].height - Pt::from_mm(style.margins.bottom);
    let mut furniture = 0;
    for page in doc.pages.iter().skip(1) {
        for item in page.items.iter().filter(|i| matches!(i.item, FrameItem::Text(_))) {
            if item.y < top || item.y > bottom {
                assert_eq!(item.tag, Tag::Pagination, "running head or folio at y {:?}", item.y);
                furniture += 1;
            } else {
                let Tag::Content(node) = item.tag else { panic!("body text at y {:?} is not tagged", item.y) };
                assert!(node.index() < doc.structure.len());
            }
        }
    }
    // Every page but the title has a folio; opening pages have no running head.
    assert!(furniture >= doc.pages.len() - 1, "every page but the title has a folio");
    assert_eq!(doc.structure[0].role, StructRole::Document);
    let h1 = doc.structure.iter().filter(|n| n.role == StructRole::Heading(1)).count();
    assert_eq!(h1, 2 + 3, "two article titles, the publication, the contents and the imprint");
}

#[test]
fn code_is_set_in_mono_and_keeps_its_columns() {
    let code = "let a   = 1;\nlet abc = 2;\n    indented";
    let a = article(0, vec![Block::CodeBlock(code.into()), Block::Paragraph(vec![Inline::Code("x  y".into())])]);
    let (doc, warnings) = layout(&issue(vec![a]), &a4());
    assert!(warnings.is_empty(), "{warnings:?}");
    let mono = crate::pdf::typeset::fonts::FontKey::MONO;
    // Each code line: its left edge and right edge (runs of one line share a baseline).
    let mut lines: Vec<(f64, f64, f64)> = Vec::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        let FrameItem::Text(run) = &item.item else { continue };
        if run.font != mono {
            continue;
        }
        let right = item.x.0 + run.glyphs.iter().map(|g| g.advance.0).sum::<f64>();
        match lines.iter_mut().find(|(y, _, _)| (*y - item.y.0).abs() < 0.01) {
            Some(line) => {
                line.1 = line.1.min(item.x.0);
                line.2 = line.2.max(right);
            }
            None => lines.push((item.y.0, item.x.0, right)),
        }
    }
    assert_eq!(lines.len(), 4, "three code lines and one paragraph line with inline code: {lines:?}");
    let (first, second, third) = (lines[0], lines[1], lines[2]);
    assert!((first.2 - second.2).abs() < 0.01, "equal columns end equally: {lines:?}");
    let column = (first.2 - first.1) / 12.0;
    assert!((third.1 - (first.1 + 4.0 * column)).abs() < 0.01, "indentation is kept: {lines:?}");
}

/// The text runs of a level-2 heading `heading` laid out in A4 ahead of two paragraphs, on
/// the article's first page: (x, y, the run).
fn heading_runs(heading: &str) -> Vec<(f64, f64, TextRun)> {
    let blocks = vec![Block::Heading { level: 2, id: "h".into(), content: text(heading) }, para(0), para(1)];
    let style = a4();
    let iss = issue(vec![article(0, blocks)]);
    let images = ImageTable::default();
    let ctx = Ctx { style: &style, issue: &iss, images: &images, geo: Geometry::new(&style) };
    let (laid, _) = layout_article(&ctx, &iss.articles[0]);
    let heading_font = crate::pdf::typeset::fonts::FontKey::SANS.with_bold(true);
    let size = Pt(style.heading_sizes[0]);
    let first_page = laid.pages.into_iter().next().expect("a page");
    first_page
        .into_iter()
        .filter_map(|item| match item.item {
            FrameItem::Text(run) if run.font == heading_font && run.size == size => Some((item.x.0, item.y.0, run)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_heading_of_two_lines_is_balanced() {
    // At the column's full measure this breaks into a long first line and a short last one.
    // Per baseline: the left and right edges of the heading's runs.
    let mut lines: Vec<(i64, f64, f64)> = Vec::new();
    for (x, y, run) in heading_runs("Wie die Pflegekräfte in Kassel den Streik gewannen") {
        let right = x + run_width(&run).0;
        let y = (y * 10.0).round() as i64;
        match lines.iter_mut().find(|l| l.0 == y) {
            Some(l) => {
                l.1 = l.1.min(x);
                l.2 = l.2.max(right);
            }
            None => lines.push((y, x, right)),
        }
    }
    assert_eq!(lines.len(), 2, "two lines: {lines:?}");
    let widths: Vec<f64> = lines.iter().map(|l| l.2 - l.1).collect();
    assert!(widths[1] > widths[0] * 0.6, "the last line is not a lone word: {widths:?}");
}

#[test]
fn a_balanced_heading_breaks_between_words_only() {
    // Balanced narrower, this heading would cut "Nachbarschaftsinitiativen" without a hyphen.
    for heading in ["Rücktritt Nachbarschaftsinitiativen Demonstrant:innen", "Nachbarschaftsinitiativen wird Regierung"]
    {
        let words: Vec<String> = heading_runs(heading).into_iter().map(|(_, _, run)| run.text).collect();
        assert_eq!(words.join(" "), heading, "every word whole");
    }
}

#[test]
fn a_heading_word_longer_than_the_column_is_hyphenated() {
    let word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellung";
    let runs: Vec<String> = heading_runs(word).into_iter().map(|(_, _, run)| run.text).collect();
    let hyphens = runs.iter().filter(|r| r.ends_with('\u{ad}')).count();
    assert!(hyphens >= 1, "broken at hyphens: {runs:?}");
    assert_eq!(runs.concat().replace('\u{ad}', ""), word);
}

/// A paragraph the paginator asks for one line off comes with what its lines carry as set: the
/// footnote mark and its link, the link to an article, its structure node, its text positions
/// and the keeps against widows and orphans.
#[test]
fn a_paragraph_set_one_line_off_carries_marks_links_and_positions() {
    let style = a4();
    let link = Inline::Link {
        target: LinkTarget::Article { article: ArticleId::new(0), fragment: None },
        content: text("dort"),
    };
    let inlines = vec![
        Inline::Text(format!("{WORDS} {WORDS} {WORDS} Hier")),
        Inline::FootnoteRef { number: 1 },
        Inline::Text(" und ".into()),
        link,
        Inline::Text(format!(" {WORDS} {WORDS} Ende.")),
    ];
    let issue = issue(vec![article(0, Vec::new())]);
    let images = ImageTable::default();
    let ctx = Ctx { style: &style, issue: &issue, images: &images, geo: Geometry::new(&style) };
    let mut flow = Flow::new(&ctx, "de");
    flow.start_part(StructRole::Art);
    let m = ctx.body_measure(ctx.columns(2).width);
    let mut as_set = Vec::new();
    flow.blocks(&[Block::Paragraph(inlines)], m, &mut as_set);
    let end = as_set.last().and_then(|s| s.resettable).expect("a paragraph of the article's own text");
    assert_eq!(end.lines as usize, as_set.len());
    let off = flow.one_line_off(end.id, 0);
    let shapes = [(&off.shorter, as_set.len() - 1), (&off.longer, as_set.len() + 1)];
    let set: Vec<(&Vec<Slab>, usize)> =
        shapes.iter().filter_map(|(lines, n)| lines.as_ref().map(|l| (l, *n))).collect();
    assert!(!set.is_empty(), "this paragraph can be set one line off");
    let node =
        |slabs: &[Slab]| slabs[0].items.iter().find_map(|i| matches!(i.item, FrameItem::Text(_)).then_some(i.tag));
    let targets =
        |slabs: &[Slab]| slabs.iter().flat_map(|s| s.links.iter().map(|l| l.target.clone())).collect::<Vec<_>>();
    for (lines, n) in set {
        assert_eq!(lines.len(), n);
        assert_eq!(lines.iter().flat_map(|s| s.notes.clone()).collect::<Vec<_>>(), [1]);
        assert_eq!(targets(lines), targets(&as_set));
        assert_eq!(node(lines), node(&as_set), "the same structure node");
        let starts: Vec<_> = lines.iter().map(|s| s.start.clone().expect("a text position")).collect();
        assert!(starts.iter().all(|p| p.block == [0]));
        assert!(starts.windows(2).all(|w| w[0].offset < w[1].offset));
        assert_eq!(starts[0].offset, 0);
        assert!(lines[0].keep_with_next && lines[n - 2].keep_with_next && !lines[n - 1].keep_with_next);
        assert!(lines.iter().all(|s| s.resettable.is_none()), "set anew once at most");
    }
}
