//! PDF output: the sample built with the CLI and read back with lopdf (page size, catalog,
//! metadata, outline, links, embedded font subsets), and the frame document laid out by the library
//! (contents page numbers, footnotes on the page of their mark), plus `pdftotext` when installed.

use std::collections::BTreeMap;
use std::process::Command;

use heft::model::{Block, Inline, Issue};
use heft::pdf::frame::{Document as FrameDocument, FrameItem, LinkDest, Page};
use heft::source::MemoryLoader;
use heft::style::page::PdfStyle;
use heft::Options;
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common;

fn sample_pdf() -> Document {
    Document::load(common::output(&common::built("rote-feder"), "pdf")).expect("the PDF parses")
}

fn sample_issue() -> Issue {
    common::compile(&common::memory_loader(&common::sample()), &Options::default())
}

fn style_of(issue: &Issue) -> PdfStyle {
    issue.style.page.clone()
}

fn laid_out(issue: &Issue) -> FrameDocument {
    heft::pdf::layout::layout(issue, &style_of(issue)).0
}

/// Follows references.
fn resolve<'a>(pdf: &'a Document, object: &'a Object) -> &'a Object {
    pdf.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

fn dict<'a>(pdf: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    d.get(key).ok().map(|o| resolve(pdf, o)).and_then(|o| o.as_dict().ok())
}

/// A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding (Latin-1 here).
fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16(&units).expect("valid UTF-16")
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn number(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

/// The page object a destination array (or named GoTo action) points at.
fn dest_page(pdf: &Document, annot: &Dictionary) -> Option<ObjectId> {
    let dest = match annot.get(b"Dest") {
        Ok(d) => resolve(pdf, d),
        Err(_) => {
            let action = dict(pdf, annot, b"A")?;
            if action.get(b"S").ok()?.as_name().ok()? != b"GoTo" {
                return None;
            }
            resolve(pdf, action.get(b"D").ok()?)
        }
    };
    dest.as_array().ok()?.first()?.as_reference().ok()
}

#[test]
fn every_page_is_a4() {
    let pdf = sample_pdf();
    let pages = pdf.get_pages();
    assert!(pages.len() >= 10, "{} pages", pages.len());
    for (n, id) in pages {
        let page = pdf.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").map(|o| resolve(&pdf, o)).expect("MediaBox on the page");
        let media: Vec<f64> = media.as_array().unwrap().iter().map(number).collect();
        assert_eq!(media.len(), 4);
        assert_eq!((media[0], media[1]), (0.0, 0.0));
        assert!((media[2] - 595.276).abs() < 0.01 && (media[3] - 841.89).abs() < 0.01, "page {n}: {media:?}");
    }
}

#[test]
fn catalog_and_info_describe_the_issue() {
    let pdf = sample_pdf();
    let catalog = pdf.catalog().unwrap();
    assert_eq!(text_string(catalog.get(b"Lang").expect("/Lang")), "de");
    let info = pdf.trailer.get(b"Info").map(|o| resolve(&pdf, o)).expect("/Info").as_dict().unwrap();
    assert_eq!(text_string(info.get(b"Title").unwrap()), "Rote Feder Nr. 1/2026");
    let author = text_string(info.get(b"Author").unwrap());
    assert!(author.contains("Miriam Szymański") && author.contains("Hans-Peter Wolter"), "{author}");
    // SOURCE_DATE_EPOCH=1769860800 of common::built.
    assert!(text_string(info.get(b"CreationDate").unwrap()).starts_with("D:20260131120000"));
    assert!(pdf.trailer.get(b"ID").is_ok(), "a trailer /ID");
}

/// An outline item: its title, its destination page number (1-based) and its children.
#[derive(Debug)]
struct Item {
    title: String,
    page: Option<u32>,
    children: Vec<Item>,
}

fn outline_items(pdf: &Document, first: Option<&Object>, numbers: &BTreeMap<ObjectId, u32>) -> Vec<Item> {
    let mut out = Vec::new();
    let mut next = first.and_then(|o| o.as_reference().ok());
    while let Some(id) = next {
        assert!(out.len() < 1000, "outline loop");
        let item = pdf.get_dictionary(id).unwrap();
        let page = dest_page(pdf, item).and_then(|p| numbers.get(&p).copied());
        out.push(Item {
            title: text_string(resolve(pdf, item.get(b"Title").unwrap())),
            page,
            children: outline_items(pdf, item.get(b"First").ok(), numbers),
        });
        next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
    }
    out
}

fn page_numbers(pdf: &Document) -> BTreeMap<ObjectId, u32> {
    pdf.get_pages().into_iter().map(|(n, id)| (id, n)).collect()
}

#[test]
fn outline_nests_sections_articles_headings() {
    let pdf = sample_pdf();
    let root = dict(&pdf, pdf.catalog().unwrap(), b"Outlines").expect("/Outlines");
    let items = outline_items(&pdf, root.get(b"First").ok(), &page_numbers(&pdf));
    let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Inhalt", "Schwerpunkt: Zeit für Pflege", "Bewegung", "Geschichte & Kultur", "Impressum"]);
    let history =
        items[3].children.iter().find(|a| a.title == "Acht Stunden sind kein Geschenk").expect("article entry");
    let headings: Vec<&str> = history.children.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        headings,
        ["Das Versprechen der Revolution", "1923: Das Jahr, in dem alles zerbrach", "Was daraus zu lernen ist"]
    );
    let docks = items[2].children.iter().find(|a| a.title == "Boxes Don’t Strike. People Do.").expect("docks entry");
    let waiting = docks.children.iter().find(|h| h.title == "“We stopped waiting”").expect("h2");
    let nested: Vec<&str> = waiting.children.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(nested, ["What they are asking for"], "an h3 sits under its h2");
    for section in &items[1..4] {
        assert_eq!(section.children.len(), 2, "{}", section.title);
        assert_eq!(section.page, section.children[0].page, "a section opens at its first article");
        for article in &section.children {
            let start = article.page.expect("article destination");
            for heading in &article.children {
                assert!(heading.page.expect("heading destination") >= start, "{} before its article", heading.title);
            }
        }
    }
    // Sections, articles and the imprint in reading order.
    let mut pages: Vec<u32> = items.iter().skip(1).flat_map(|s| s.children.iter().filter_map(|a| a.page)).collect();
    pages.push(items[4].page.unwrap());
    assert!(pages.windows(2).all(|w| w[0] < w[1]), "{pages:?}");
}

#[test]
fn link_annotations_go_inside_and_outside() {
    let pdf = sample_pdf();
    let numbers = page_numbers(&pdf);
    let (mut internal, mut uris) = (0, Vec::new());
    for id in pdf.get_pages().values() {
        for annot in pdf.get_page_annotations(*id).unwrap() {
            assert_eq!(annot.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            if let Some(target) = dest_page(&pdf, annot) {
                assert!(numbers.contains_key(&target), "a destination outside the document");
                internal += 1;
            } else {
                let action = dict(&pdf, annot, b"A").expect("a link has /Dest or /A");
                assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"URI");
                uris.push(String::from_utf8(action.get(b"URI").unwrap().as_str().unwrap().to_vec()).unwrap());
            }
        }
    }
    // Contents entries, cross-references, related boxes and footnote marks.
    assert!(internal >= 20, "{internal} internal links");
    for uri in ["https://de.wikipedia.org/wiki/Stinnes-Legien-Abkommen", "https://example.org/lindenau-bleibt"] {
        assert!(uris.iter().any(|u| u == uri), "{uri} missing from {uris:?}");
    }
}

#[test]
fn fonts_are_embedded_subsets_with_to_unicode() {
    let pdf = sample_pdf();
    let mut seen = 0;
    for id in pdf.get_pages().values() {
        for (_, font) in pdf.get_page_fonts(*id).unwrap() {
            seen += 1;
            let base = String::from_utf8(font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec()).unwrap();
            let (tag, _) = base.split_once('+').unwrap_or_else(|| panic!("{base} has no subset tag"));
            assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{base}");
            assert!(font.get(b"ToUnicode").is_ok(), "{base} has no ToUnicode");
            let descendants = resolve(&pdf, font.get(b"DescendantFonts").expect("a Type0 font")).as_array().unwrap();
            let cid = resolve(&pdf, &descendants[0]).as_dict().unwrap();
            let descriptor = dict(&pdf, cid, b"FontDescriptor").expect("FontDescriptor");
            let file = descriptor
                .get(b"FontFile2")
                .map(|o| resolve(&pdf, o))
                .unwrap_or_else(|_| panic!("{base} is not embedded"));
            let stream = file.as_stream().unwrap();
            assert!(!stream.content.is_empty());
            let name = String::from_utf8(descriptor.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
            assert_eq!(name, base);
        }
    }
    assert!(seen > 0);
}

#[test]
fn library_pdf_is_deterministic() {
    let issue = sample_issue();
    let a = heft::pdf::pdf(&issue).expect("pdf");
    let b = heft::pdf::pdf(&issue).expect("pdf");
    assert!(a.bytes == b.bytes, "two PDFs of one issue differ");
    // The sample's chart and photo (1200 px) print at 367 ppi in an 83 mm column and the cover
    // (2200 px) at 259 ppi across the page and its bleed: nothing under the 250 ppi print shops accept.
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

/// A text run placed on a page: baseline position, size and text.
struct Run {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

fn runs(page: &Page) -> Vec<Run> {
    page.items
        .iter()
        .filter_map(|p| match &p.item {
            FrameItem::Text(t) => Some(Run { x: p.x.0, y: p.y.0, size: t.size.0, text: t.text.clone() }),
            _ => None,
        })
        .collect()
}

/// A link on a page: its rectangle (top-left, size) and target.
struct Link {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    target: LinkDest,
}

fn links(page: &Page) -> Vec<Link> {
    page.items
        .iter()
        .filter_map(|p| match &p.item {
            FrameItem::Link { width, height, target, .. } => {
                Some(Link { x: p.x.0, y: p.y.0, w: width.0, h: height.0, target: target.clone() })
            }
            _ => None,
        })
        .collect()
}

/// The runs whose baseline start lies inside a link's rectangle.
fn runs_in<'a>(runs: &'a [Run], link: &Link) -> Vec<&'a Run> {
    const SLACK: f64 = 0.5;
    runs.iter()
        .filter(|r| {
            r.x >= link.x - SLACK && r.x < link.x + link.w && r.y >= link.y - SLACK && r.y <= link.y + link.h + SLACK
        })
        .collect()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{ad}').collect()
}

/// Page index where each article's title is set in the title size.
fn title_pages(doc: &FrameDocument, issue: &Issue, style: &PdfStyle) -> Vec<usize> {
    issue
        .articles
        .iter()
        .map(|a| {
            let found: Vec<usize> = doc
                .pages
                .iter()
                .enumerate()
                .filter(|(_, page)| {
                    let big: String = runs(page)
                        .iter()
                        .filter(|r| (r.size - style.title_size).abs() < 0.01)
                        .map(|r| r.text.clone())
                        .collect();
                    squash(&big) == squash(&a.title)
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found.len(), 1, "the title {} is set on pages {found:?}", a.title);
            found[0]
        })
        .collect()
}

/// Checks that each contents entry links the page where its article's title is set and
/// prints that page's number.
fn check_contents(issue: &Issue, contents_label: &str) {
    let style = style_of(issue);
    let doc = laid_out(issue);
    let starts = title_pages(&doc, issue, &style);
    let toc_page = doc.outline.iter().find(|e| e.title == contents_label).expect("contents in the outline").page;
    let toc_pages = toc_page..starts[0];
    assert!(!toc_pages.is_empty());
    let mut entries = Vec::new();
    for p in toc_pages {
        let runs = runs(&doc.pages[p]);
        for link in links(&doc.pages[p]) {
            let LinkDest::Page { page: target, .. } = link.target else { continue };
            let inside = runs_in(&runs, &link);
            let text: String = inside.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
            let printed: Vec<usize> = inside.iter().filter_map(|r| r.text.trim().parse().ok()).collect();
            entries.push((text, target, printed));
        }
    }
    assert_eq!(entries.len(), issue.articles.len(), "one contents link per article");
    for (article, start) in issue.articles.iter().zip(&starts) {
        let (text, target, printed) = entries
            .iter()
            .find(|(text, _, _)| squash(text).contains(&squash(&article.title)))
            .unwrap_or_else(|| panic!("no contents entry for {}", article.title));
        assert_eq!(target, start, "the contents link of {} ({text})", article.title);
        assert_eq!(printed, &[start + 1], "the printed page number of {}", article.title);
    }
}

#[test]
fn contents_entries_point_at_the_article_pages() {
    check_contents(&sample_issue(), "Inhalt");
}

#[test]
fn english_a5_contents_point_at_the_article_pages() {
    let issue =
        common::compile(&common::memory_loader(&common::root().join("issues/field-notes")), &Options::default());
    let (w, h) = style_of(&issue).page_size();
    assert!((w.0 - 419.53).abs() < 0.01 && (h.0 - 595.28).abs() < 0.01, "A5: {w:?} x {h:?}");
    check_contents(&issue, "Contents");
    let doc = laid_out(&issue);
    assert!(doc.pages.iter().all(|p| p.width == w && p.height == h));
    for (mark, note, n) in footnote_marks(&doc) {
        assert_eq!(mark, note, "footnote {n}");
    }
}

#[test]
fn outline_destinations_match_the_title_pages() {
    let issue = sample_issue();
    let style = style_of(&issue);
    let doc = laid_out(&issue);
    let starts = title_pages(&doc, &issue, &style);
    for (article, start) in issue.articles.iter().zip(&starts) {
        let entry = doc
            .outline
            .iter()
            .flat_map(|s| s.children.iter())
            .find(|e| e.title == article.title)
            .expect("outline entry");
        assert_eq!(entry.page, *start, "{}", article.title);
    }
}

/// (page of the mark, page of the note) for every footnote mark: a link whose text is only
/// the note's number and whose target holds that number at the note's first line.
fn footnote_marks(doc: &FrameDocument) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        let runs = runs(page);
        for link in links(page) {
            let LinkDest::Page { page: target, y } = link.target else { continue };
            let text: String = runs_in(&runs, &link).iter().map(|r| r.text.as_str()).collect();
            if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let note_runs = self::runs(&doc.pages[target]);
            let numbered = note_runs.iter().any(|r| r.text == text && r.y >= y.0 - 0.5 && r.y <= y.0 + 20.0);
            assert!(
                numbered,
                "the mark {text} on page {p} points at page {target}, y {:.1}, where no note {text} starts",
                y.0
            );
            out.push((p, target, text));
        }
    }
    out
}

fn count_marks(blocks: &[Block]) -> usize {
    fn inl(items: &[Inline]) -> usize {
        items
            .iter()
            .map(|i| match i {
                Inline::FootnoteRef { .. } => 1,
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => inl(c),
                _ => 0,
            })
            .sum()
    }
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => inl(c),
            Block::List { items, .. } => items.iter().map(|i| count_marks(i)).sum(),
            Block::BlockQuote(inner) => count_marks(inner),
            Block::Table { header, rows, .. } => {
                header.iter().map(|c| inl(c)).sum::<usize>() + rows.iter().flatten().map(|c| inl(c)).sum::<usize>()
            }
            _ => 0,
        })
        .sum()
}

#[test]
fn sample_footnotes_sit_on_the_page_of_their_mark() {
    let issue = sample_issue();
    let doc = laid_out(&issue);
    let marks = footnote_marks(&doc);
    let expected: usize = issue.articles.iter().map(|a| count_marks(&a.blocks)).sum();
    assert!(expected >= 6, "the sample has footnotes");
    assert_eq!(marks.len(), expected, "one linked mark per footnote reference");
    for (mark, note, n) in &marks {
        assert_eq!(mark, note, "footnote {n}: mark on page {mark}, note on page {note}");
    }
}

/// An issue whose one long article has many footnotes, some of several paragraphs, marks
/// bunched in some paragraphs; `lengths` are note lengths in sentences, used in turn.
fn many_footnotes(lengths: [usize; 6]) -> MemoryLoader {
    let words = "Die Beschäftigten der Werft legten am Montag die Arbeit nieder, weil die Geschäftsführung \
                 die vereinbarten Lohnerhöhungen verweigerte und stattdessen Entlassungen ankündigte.";
    let mut body = String::new();
    let mut notes = String::new();
    let mut n = 0;
    for p in 0..40 {
        let marks = [1, 0, 2, 1, 3][p % 5];
        body.push_str(&format!("Absatz {p}. {words}"));
        for _ in 0..marks {
            n += 1;
            body.push_str(&format!(" Satz mit Beleg.[^n{n}]"));
            let length = lengths[n % 6];
            let text = vec![format!("Anmerkung {n}: {words}"); length].join(" ");
            notes.push_str(&format!("[^n{n}]: {text}\n"));
            if n % 7 == 0 {
                notes.push_str(&format!("\n    Zweiter Absatz der Anmerkung {n}. {words}\n"));
            }
            notes.push('\n');
        }
        body.push_str("\n\n");
        if p % 9 == 8 {
            body.push_str(&format!("## Abschnitt {p}\n\n"));
        }
    }
    let manifest = "title = \"Fußnoten\"\nissue = \"Nr. 2/2026\"\ndate = 2026-03-01\nlanguage = \"de\"\n\
                    [[sections]]\ntitle = \"Alles\"\narticles = [\"lang.md\", \"kurz.md\"]\n";
    MemoryLoader::new()
        .with("issue.toml", manifest)
        .with("lang.md", format!("---\ntitle: Viele Anmerkungen\n---\n\n{body}\n{notes}"))
        .with("kurz.md", "---\ntitle: Kurz\n---\n\nEin Absatz mit Anmerkung.[^a]\n\n[^a]: Die einzige.\n")
}

#[test]
fn many_footnotes_sit_on_the_page_of_their_mark() {
    let issue = common::compile(&many_footnotes([1, 4, 2, 9, 1, 3]), &Options::default());
    let notes: usize = issue.articles.iter().map(|a| a.footnotes.len()).sum();
    assert!(notes > 40, "{notes} notes");
    let doc = laid_out(&issue);
    let marks = footnote_marks(&doc);
    assert_eq!(marks.len(), notes, "every mark is linked");
    let pages: std::collections::BTreeSet<usize> = marks.iter().map(|(p, _, _)| *p).collect();
    assert!(pages.len() >= 4, "the notes spread over pages {pages:?}");
    let misplaced: Vec<&(usize, usize, String)> = marks.iter().filter(|(m, n, _)| m != n).collect();
    assert!(misplaced.is_empty(), "notes away from their marks (mark page, note page, number): {misplaced:?}");
}

#[test]
fn pdftotext_reads_quotes_and_ligature_words() {
    let pdf = common::output(&common::built("rote-feder"), "pdf");
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // Lines joined up: hyphens of hyphenation (soft hyphens) go, line ends become spaces.
    let joined = text.replace("\u{AD}\n", "").replace('\n', " ");
    assert!(joined.contains("„Wir haben es“, rief die Intensivpflegerin"), "German quotes read back");
    assert!(joined.contains("“On paper I work for a labour supplier in Warrington,”"), "English quotes read back");
    // Words with fi/fl/ff ligatures must read back whole (ToUnicode maps a ligature glyph to its letters).
    for word in ["Öffentlich", "Inflation", "schaffte", "höflich", "empfiehlt", "official", "fluctuation", "finished"]
    {
        assert!(joined.contains(word), "{word} does not read back");
    }
    assert!(!text.contains('"'), "a straight double quote in the PDF text");
}

#[test]
fn hyphens_of_hyphenation_read_back_as_soft_hyphens_that_rejoin_the_word() {
    let pdf = common::output(&common::built("rote-feder"), "pdf");
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    // The articles and the imprint.
    let mut source = std::fs::read_to_string(common::sample().join("impressum.md")).unwrap();
    for entry in std::fs::read_dir(common::sample().join("articles")).unwrap() {
        source += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut rejoined = 0;
    for pair in lines.windows(2) {
        let Some(head) = pair[0].strip_suffix('\u{AD}') else { continue };
        let before = head.rsplit(' ').next().unwrap_or("");
        let after = pair[1].split(' ').next().unwrap_or("");
        let word: String = format!("{before}{after}").chars().filter(|&c| c.is_alphabetic() || c == '-').collect();
        if word.chars().count() > 3 {
            assert!(source.contains(&word), "hyphenated \"{before}\" + \"{after}\" is not a word of the source");
            rejoined += 1;
        }
    }
    assert!(rejoined >= 10, "only {rejoined} hyphenated line ends found");
}

#[test]
fn notes_pushed_on_by_an_overlong_note_are_still_linked() {
    // 90 sentences: a note longer than the (one-column A4) page, set under marks that share a line.
    let issue = common::compile(&many_footnotes([1, 4, 2, 9, 1, 90]), &Options::default());
    let notes: usize = issue.articles.iter().map(|a| a.footnotes.len()).sum();
    let doc = laid_out(&issue);
    // footnote_marks checks that each link lands on its note's number.
    let marks = footnote_marks(&doc);
    assert_eq!(marks.len(), notes, "every mark is linked");
    assert!(marks.iter().all(|(mark, note, _)| note >= mark), "no note before its mark: {marks:?}");
    assert!(marks.iter().any(|(mark, note, _)| note > mark), "the overlong notes push others on");
    let late = marks.iter().filter(|(mark, note, _)| note > mark).count();
    assert!(late * 4 < notes, "only the notes behind an overlong one move: {marks:?}");
}

#[test]
fn interview_questions_are_set_apart_flush_and_so_are_their_answers() {
    let answer = "Wir haben die Schichtpläne gemeinsam neu geschrieben, Station für Station, und niemand \
                  musste mehr allein die Nacht übernehmen.";
    let body = format!(
        "Vorab ein einleitender Absatz über das Gespräch mit der Delegierten.\n\n\
         Danach ein zweiter Absatz, der wie jeder folgende Absatz eingerückt beginnt.\n\n\
         **Was hat sich seit dem Streik verändert?**\n\n{answer}\n\n\
         Außerdem ein weiterer Absatz der Antwort, eingerückt wie sonst.\n"
    );
    let manifest = "title = \"Gespräch\"\nissue = \"Nr. 3/2026\"\ndate = 2026-05-01\nlanguage = \"de\"\n\
                    [[sections]]\ntitle = \"Alles\"\narticles = [\"interview.md\"]\n";
    let loader = MemoryLoader::new()
        .with("issue.toml", manifest)
        .with("interview.md", format!("---\ntitle: Interview\n---\n\n{body}"));
    let issue = common::compile(&loader, &Options::default());
    let doc = laid_out(&issue);
    // Runs end at spaces: each paragraph is found by its first word.
    let page = doc.pages.iter().find(|p| runs(p).iter().any(|r| r.text == "Was")).unwrap();
    let runs = runs(page);
    let first_of = |word: &str| runs.iter().find(|r| r.text == word).unwrap_or_else(|| panic!("{word}"));
    let (intro, second, question) = (first_of("Vorab"), first_of("Danach"), first_of("Was"));
    let (reply, more) = (first_of("Wir"), first_of("Außerdem"));
    let leading = style_of(&issue).leading;
    assert!(second.x > intro.x + 1.0, "an ordinary second paragraph is indented");
    assert!((question.x - intro.x).abs() < 0.01, "the question is flush: {} against {}", question.x, intro.x);
    assert!((reply.x - intro.x).abs() < 0.01, "the answer is flush: {} against {}", reply.x, intro.x);
    assert!(more.x > intro.x + 1.0, "the answer's next paragraph is indented");
    // The line before the question: air of half a line above it.
    let above = runs.iter().filter(|r| r.y < question.y - 0.1).map(|r| r.y).fold(f64::MIN, f64::max);
    assert!(question.y - above >= leading * 1.4, "{} pt above the question, leading {leading}", question.y - above);
    // The answer and what follows are back on the baseline grid.
    let grid = |y: f64| ((y - intro.y) / leading - ((y - intro.y) / leading).round()).abs() < 0.01;
    assert!(grid(reply.y) && grid(more.y), "off the grid: {} {}", reply.y, more.y);
}
