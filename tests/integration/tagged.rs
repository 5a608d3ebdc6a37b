//! The screen PDF is tagged (PDF/UA-1): its structure tree, read back with lopdf, follows the
//! model — titles are `H1`, images have `Alt`, footnotes are `Note`s, links have `Link`
//! elements and descriptions, the English article says so — and it reads in structure order.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common;

/// A structure element: its type, attributes that matter here, and its children's ids.
struct Element {
    role: String,
    alt: Option<String>,
    lang: Option<String>,
    id: Option<String>,
    parent: Option<ObjectId>,
}

fn text(doc: &Document, object: Option<&Object>) -> Option<String> {
    match object? {
        Object::String(bytes, _) => Some(
            lopdf::decode_text_string(&Object::String(bytes.clone(), lopdf::StringFormat::Literal)).unwrap_or_default(),
        ),
        Object::Reference(id) => text(doc, doc.get_object(*id).ok()),
        _ => None,
    }
}

fn name(dict: &Dictionary, key: &[u8]) -> Option<String> {
    dict.get(key).ok().and_then(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned())
}

/// Every structure element of the PDF, by object id.
fn elements(doc: &Document) -> HashMap<ObjectId, Element> {
    let mut out = HashMap::new();
    for (&id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        if name(dict, b"Type").as_deref() != Some("StructElem") && !(dict.has(b"S") && dict.has(b"P")) {
            continue;
        }
        let Some(role) = name(dict, b"S") else { continue };
        out.insert(
            id,
            Element {
                role,
                alt: text(doc, dict.get(b"Alt").ok()),
                lang: text(doc, dict.get(b"Lang").ok()),
                id: text(doc, dict.get(b"ID").ok()),
                parent: dict.get(b"P").ok().and_then(|p| p.as_reference().ok()),
            },
        );
    }
    out
}

fn sample_pdf() -> Document {
    let dir = common::built("rote-feder");
    Document::load(common::output(&dir, "pdf")).expect("the screen PDF loads")
}

/// The sample as its PDF holds it: the print edition, without the online-only article.
fn sample_issue() -> heft::model::Issue {
    common::compile(&common::memory_loader(&common::sample()), &heft::Options::default()).print_edition().into_owned()
}

fn count(elements: &HashMap<ObjectId, Element>, role: &str) -> usize {
    elements.values().filter(|e| e.role == role).count()
}

#[test]
fn catalog_declares_a_tagged_pdf_ua_document() {
    let doc = sample_pdf();
    let catalog = doc.catalog().expect("catalog");
    let marked = catalog.get(b"MarkInfo").and_then(|m| doc.dereference(m)).ok().and_then(|(_, m)| m.as_dict().ok());
    assert_eq!(marked.and_then(|m| m.get(b"Marked").ok()).and_then(|b| b.as_bool().ok()), Some(true));
    assert!(catalog.has(b"StructTreeRoot"));
    assert!(catalog.has(b"PageLabels"));
    let metadata = catalog.get(b"Metadata").and_then(|m| m.as_reference()).expect("XMP metadata");
    let xmp = doc.get_object(metadata).and_then(|o| o.as_stream()).expect("XMP stream").content.clone();
    let xmp = String::from_utf8_lossy(&xmp);
    assert!(xmp.contains("pdfuaid:part") && xmp.contains("dc:title") && xmp.contains("dc:language"), "{xmp}");
}

#[test]
fn every_article_title_is_an_h1_and_the_english_article_says_so() {
    let issue = sample_issue();
    let elements = elements(&sample_pdf());
    // Articles, the title page (the publication), the contents and the imprint.
    let parts = 2 + usize::from(issue.imprint.is_some());
    assert_eq!(count(&elements, "H1"), issue.articles.len() + parts);
    assert_eq!(count(&elements, "Art"), issue.articles.len());
    let english: Vec<_> = elements.values().filter(|e| e.role == "Art" && e.lang.as_deref() == Some("en")).collect();
    assert_eq!(english.len(), issue.articles.iter().filter(|a| a.lang == "en").count());
    assert!(!english.is_empty(), "the sample has an English article");
    // Headings of the body keep their level.
    assert!(count(&elements, "H2") >= 1);
}

#[test]
fn every_image_has_alt_and_every_footnote_is_a_note() {
    let issue = sample_issue();
    let elements = elements(&sample_pdf());
    let figures: Vec<_> = elements.values().filter(|e| e.role == "Figure").collect();
    assert!(!figures.is_empty(), "the sample has figures");
    assert!(figures.iter().all(|f| f.alt.as_deref().is_some_and(|a| !a.trim().is_empty())));
    let notes: Vec<_> = elements.values().filter(|e| e.role == "Note").collect();
    let footnotes: usize = issue.articles.iter().map(|a| a.footnotes.len()).sum();
    assert_eq!(notes.len(), footnotes);
    let mut ids: Vec<_> = notes.iter().map(|n| n.id.clone().expect("a note has an ID")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), footnotes, "note ids are unique");
}

#[test]
fn every_link_annotation_has_a_link_element_and_contents() {
    let doc = sample_pdf();
    let elements = elements(&doc);
    let mut annotations = 0;
    for (_, page) in doc.get_pages() {
        for annotation in doc.get_page_annotations(page).unwrap_or_default() {
            annotations += 1;
            assert!(text(&doc, annotation.get(b"Contents").ok()).is_some_and(|c| !c.is_empty()), "no /Contents");
            assert!(annotation.has(b"StructParent"), "no /StructParent");
        }
        let page_dict = doc.get_dictionary(page).expect("page");
        if page_dict.has(b"Annots") {
            assert_eq!(name(page_dict, b"Tabs").as_deref(), Some("S"));
        }
    }
    assert!(annotations > 0);
    // Each OBJR sits in a Link element.
    for (&id, element) in &elements {
        let dict = doc.get_dictionary(id).expect("element");
        let kids = dict.get(b"K").ok().and_then(|k| k.as_array().ok()).cloned().unwrap_or_default();
        let objr = kids.iter().any(|k| k.as_dict().ok().is_some_and(|d| name(d, b"Type").as_deref() == Some("OBJR")));
        if objr {
            assert_eq!(element.role, "Link");
        }
    }
    assert!(elements.values().all(|e| e.parent.is_some()));
}

#[test]
fn pages_read_in_structure_order() {
    // On the contents page, the entries' titles come in the order the tree lists them, and
    // pdftotext (which follows the content stream) agrees.
    let dir = common::built("rote-feder");
    let pdf = common::output(&dir, "pdf");
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "2", "-l", "2", "-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let page = String::from_utf8_lossy(&out.stdout);
    let issue = sample_issue();
    let mut last = 0;
    for section in issue.toc() {
        for (_, article) in section.articles {
            let first_word = article.title.split_whitespace().next().expect("a title");
            let at = page[last..].find(first_word).map(|i| i + last);
            assert!(at.is_some(), "{first_word} after position {last} on the contents page:\n{page}");
            last = at.unwrap_or(last);
        }
    }
}

#[test]
fn two_columns_read_column_by_column_in_source_order() {
    // The content stream follows the structure tree (paint order by reading position), so
    // extraction in stream order (`pdftotext -raw`) meets every article's paragraphs in the
    // order the editor wrote them: the left column to its foot, then the right. Reading across
    // the columns line by line would meet a right-column paragraph before a left-column one.
    let dir = common::built("rote-feder");
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(common::output(&dir, "pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let plain = |text: &str| text.replace(['\u{a0}', '\u{202f}', '\u{2009}', '\n'], " ");
    let text = plain(&String::from_utf8_lossy(&out.stdout));
    let issue = sample_issue();
    let mut checked = 0;
    for article in &issue.articles {
        let Some(mut last) = text.find(&plain(&article.title)) else { panic!("{} not in the PDF", article.title) };
        for block in &article.blocks {
            let heft::model::Block::Paragraph(inlines) = block else { continue };
            let words: Vec<String> =
                plain(&heft::model::Inline::plain_text(inlines)).split_whitespace().take(2).map(String::from).collect();
            if words.len() < 2 {
                continue;
            }
            let opening = words.join(" ");
            let at = text[last..].find(&opening).map(|i| i + last);
            assert!(at.is_some(), "{}: \"{opening}\" does not follow the paragraph before", article.title);
            last = at.unwrap_or(last);
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} paragraphs checked");
}
