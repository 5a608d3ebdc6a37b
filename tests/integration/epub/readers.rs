//! What real reading systems need beyond EPUBCheck and Ace (calibre's conversions, epub.js,
//! Foliate, Apple Books, Kobo, Kindle and Google Play guidelines), each read back from the
//! package of the writer's test issue.

use heft::source::MemoryLoader;
use heft::{Options, RenderOptions};
use roxmltree::Document;

use super::{children, elements, epub_type, text_of, texts, xml, DC_NS};
use crate::common;

fn fixture() -> MemoryLoader {
    common::memory_loader(&common::fixture("epub"))
}

fn epub_of(loader: &MemoryLoader) -> Vec<u8> {
    let issue = common::compile(loader, &Options::default());
    let rendered =
        heft::render(&issue, &RenderOptions { epub: true, ..RenderOptions::none() }).expect("the EPUB is written");
    rendered.epub.expect("an EPUB was asked for")
}

fn file(epub: &[u8], name: &str) -> String {
    texts(epub).remove(&format!("OEBPS/{name}")).unwrap_or_else(|| panic!("{name} missing from the package"))
}

fn meta(opf: &Document, property: &str) -> Vec<String> {
    elements(opf, "meta").filter(|m| m.attribute("property") == Some(property)).map(text_of).collect()
}

fn dc(opf: &Document, name: &str) -> Vec<String> {
    opf.descendants()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(DC_NS) && n.tag_name().name() == name)
        .map(text_of)
        .collect()
}

/// The declarations of the first rule whose selector list is exactly `selector`.
fn css_rule(css: &str, selector: &str) -> String {
    let start = css
        .match_indices('{')
        .find(|(i, _)| css[..*i].rsplit(['}', '/']).next().is_some_and(|s| s.trim() == selector))
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no rule for {selector}"));
    css[start + 1..start + css[start..].find('}').unwrap()].to_string()
}

#[test]
fn section_labels_link_to_their_first_article() {
    let text = file(&epub_of(&fixture()), "nav.xhtml");
    let nav = xml(&text);
    let toc = elements(&nav, "nav").find(|n| epub_type(*n) == Some("toc")).expect("toc nav");
    assert_eq!(elements(&nav, "span").count(), 0, "no unlinked labels");
    let mut sections = 0;
    for li in toc.descendants().filter(|n| n.tag_name().name() == "li" && !children(*n, "ol").is_empty()) {
        let label = li.first_element_child().expect("a label");
        assert_eq!(label.tag_name().name(), "a", "section label {} is a link", text_of(label));
        let first = children(children(li, "ol")[0], "li")[0].first_element_child().unwrap();
        assert_eq!(label.attribute("href"), first.attribute("href"));
        sections += 1;
    }
    assert_eq!(sections, 2);
}

#[test]
fn cover_is_a_page_of_its_own_and_the_title_page_is_text() {
    let bytes = epub_of(&fixture());
    let text = file(&bytes, "cover.xhtml");
    let cover = xml(&text);
    let section = elements(&cover, "section").next().expect("cover section");
    assert_eq!(epub_type(section), Some("cover"));
    assert_eq!(section.children().filter(|n| n.is_element()).count(), 1, "the image only");
    assert_eq!(text_of(section).trim(), "");
    let img = elements(&cover, "img").next().expect("cover image");
    assert_eq!(img.attribute("role"), Some("doc-cover"));
    let title = file(&bytes, "titlepage.xhtml");
    assert!(!title.contains("<img"), "the title page shows no image:\n{title}");
    let opf_text = file(&bytes, "content.opf");
    let opf = xml(&opf_text);
    let first = elements(&opf, "itemref").next().unwrap().attribute("idref").unwrap();
    let item = elements(&opf, "item").find(|i| i.attribute("id") == Some(first)).unwrap();
    assert_eq!(item.attribute("href"), Some("cover.xhtml"), "the spine opens with the cover");
}

#[test]
fn images_are_sized_by_css_only() {
    let bytes = epub_of(&fixture());
    let mut images = 0;
    for (name, text) in texts(&bytes).iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        for img in elements(&xml(text), "img") {
            assert!(img.attribute("width").is_none() && img.attribute("height").is_none(), "sized img in {name}");
            images += 1;
        }
    }
    assert!(images >= 3);
    let rule = css_rule(&file(&bytes, "style.css"), "img");
    assert!(rule.contains("max-width: 100%") && rule.contains("height: auto"), "{rule}");
}

#[test]
fn notes_are_a_visible_endnote_list() {
    let text = file(&epub_of(&fixture()), "a01-streik-in-bremen.xhtml");
    let doc = xml(&text);
    assert_eq!(elements(&doc, "aside").count(), 0, "no aside that readers hide");
    let notes = doc.descendants().find(|n| epub_type(*n) == Some("endnotes")).expect("endnotes section");
    assert_eq!(notes.attribute("role"), Some("doc-endnotes"));
    assert_eq!(text_of(children(notes, "h2")[0]), "Anmerkungen");
    let items = children(children(notes, "ol")[0], "li");
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(epub_type(item), Some("endnote"));
        assert!(!text_of(item).trim().is_empty());
    }
}

#[test]
fn guide_names_cover_contents_and_text() {
    let bytes = epub_of(&fixture());
    let text = file(&bytes, "content.opf");
    let opf = xml(&text);
    let guide = elements(&opf, "guide").next().expect("an EPUB 2 guide");
    let references: Vec<(&str, &str)> = children(guide, "reference")
        .iter()
        .map(|r| (r.attribute("type").unwrap(), r.attribute("href").unwrap()))
        .collect();
    for want in [("cover", "cover.xhtml"), ("toc", "nav.xhtml"), ("text", "a01-streik-in-bremen.xhtml")] {
        assert!(references.contains(&want), "{want:?} missing from {references:?}");
    }
    for (_, href) in references {
        assert!(texts(&bytes).contains_key(&format!("OEBPS/{href}")), "{href} is not in the package");
    }
}

#[test]
fn title_page_is_centred_and_wraps() {
    let css = file(&epub_of(&fixture()), "style.css");
    let rule = css_rule(&css, ".titlepage h1, .titlepage p");
    assert!(rule.contains("text-align: center"), "{rule}");
    assert!(css_rule(&css, "html").contains("overflow-wrap: anywhere"));
}

#[test]
fn an_issue_without_cover_warns_and_gets_a_drawn_one() {
    let loader = common::memory_loader(&common::fixture("minimal"));
    let compiled = heft::compile(&loader, &Options::default());
    let warnings: Vec<&str> = compiled.diagnostics.0.iter().map(|d| d.message.as_str()).collect();
    assert!(warnings.iter().any(|w| w.contains("no cover image")), "{warnings:?}");
    let bytes = epub_of(&loader);
    let svg =
        super::entries(&bytes).into_iter().find(|e| e.name == "OEBPS/images/heft-cover.svg").expect("drawn cover");
    let svg = String::from_utf8(svg.bytes).unwrap();
    let doc = xml(&svg);
    let lines: Vec<String> = elements(&doc, "text").map(text_of).collect();
    let issue = compiled.issue.unwrap();
    assert!(lines.contains(&issue.title) && lines.contains(&issue.issue_label), "{lines:?}");
    assert!(file(&bytes, "cover.xhtml").contains("src=\"images/heft-cover.svg\""));
}

#[test]
fn text_breaks_inside_narrow_screens() {
    let css = file(&epub_of(&fixture()), "style.css");
    let cells = css_rule(&css, "th, td");
    assert!(cells.contains("hyphens: auto") && cells.contains("overflow-wrap: anywhere"), "{cells}");
    let headings = css_rule(&css, "h1, h2, h3, h4, h5, h6");
    assert!(!headings.contains("hyphens"), "headings inherit hyphens: auto: {headings}");
    assert!(css_rule(&css, "table").contains("max-width: 100%"));
    // Only code keeps hyphens: none.
    assert_eq!(css.matches("hyphens: none").count(), 3, "pre's three declarations only");
}

#[test]
fn metadata_groups_issues_and_credits_the_publisher() {
    let text = file(&epub_of(&fixture()), "content.opf");
    let opf = xml(&text);
    let collection = elements(&opf, "meta").find(|m| m.attribute("property") == Some("belongs-to-collection"));
    let collection = collection.expect("belongs-to-collection");
    assert_eq!(text_of(collection), "Die Zeitung");
    let id = format!("#{}", collection.attribute("id").unwrap());
    let refined = |property: &str| {
        elements(&opf, "meta")
            .find(|m| m.attribute("refines") == Some(id.as_str()) && m.attribute("property") == Some(property))
            .map(text_of)
    };
    assert_eq!(refined("collection-type").as_deref(), Some("series"));
    assert_eq!(refined("group-position").as_deref(), Some("1"));
    assert_eq!(dc(&opf, "creator"), ["Verlag & Co"]);
    assert_eq!(dc(&opf, "date"), ["2026-01-15T12:00:00Z"], "a full timestamp, the same day everywhere");
}

#[test]
fn reader_settings_win() {
    let css = file(&epub_of(&fixture()), "style.css");
    let body = css_rule(&css, "body");
    assert!(!body.contains("line-height") && !body.contains("margin"), "body: {body}");
    assert!(!css_rule(&css, "p").contains("text-align"), "paragraphs keep the reader's alignment");
    assert!(!css.contains("justify"));
}

#[test]
fn a_wholly_bold_paragraph_is_a_question() {
    let interview = "---\ntitle: Kommentar\n---\n\n**Wie geht es weiter?**\n\nWir streiken.\n\nNicht **fett** genug.\n";
    let text = file(&epub_of(&fixture().with("kommentar.md", interview)), "a02-kommentar.xhtml");
    assert!(
        text.contains("<p class=\"question\"><strong>Wie geht es weiter?</strong></p>\n<p>Wir streiken.</p>"),
        "{text}"
    );
    assert!(text.contains("<p>Nicht <strong>fett</strong> genug.</p>"));
    let css = file(&epub_of(&fixture()), "style.css");
    let rule = css_rule(&css, "p.question");
    assert!(rule.contains("text-indent: 0") && rule.contains("margin-top"), "{rule}");
}

/// The fixture's manifest with its `[accessibility]` table replaced.
fn with_accessibility(table: &str) -> MemoryLoader {
    let manifest = std::fs::read_to_string(common::fixture("epub/issue.toml")).unwrap();
    let start = manifest.find("[accessibility]").unwrap();
    let end = start + manifest[start..].find("\n\n").unwrap();
    fixture().with("issue.toml", format!("{}{table}{}", &manifest[..start], &manifest[end..]))
}

#[test]
fn conformance_is_claimed_only_when_the_publisher_says_so() {
    let claimed = file(&epub_of(&fixture()), "content.opf");
    let opf = xml(&claimed);
    assert_eq!(meta(&opf, "dcterms:conformsTo"), ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]);
    assert_eq!(meta(&opf, "a11y:certifiedBy"), ["Prüfstelle & Partner"]);
    for table in ["", "[accessibility]\nconforms = false\ncertifier = \"X\""] {
        let text = file(&epub_of(&with_accessibility(table)), "content.opf");
        let opf = xml(&text);
        assert!(meta(&opf, "dcterms:conformsTo").is_empty() && meta(&opf, "a11y:certifiedBy").is_empty(), "{table}");
    }
    let uncertified = file(&epub_of(&with_accessibility("[accessibility]\nconforms = true")), "content.opf");
    assert!(meta(&xml(&uncertified), "a11y:certifiedBy").is_empty());
    // The summary speaks the issue's language.
    let summary = elements(&opf, "meta").find(|m| m.attribute("property") == Some("schema:accessibilitySummary"));
    let summary = summary.unwrap();
    assert_eq!(summary.attribute(("http://www.w3.org/XML/1998/namespace", "lang")), Some("de"));
    assert!(text_of(summary).starts_with("Eine Zeitschriftenausgabe"));
}

#[test]
fn unknown_accessibility_keys_are_errors() {
    let loader = with_accessibility("[accessibility]\nconform = true");
    let compiled = heft::compile(&loader, &Options::default());
    assert!(compiled.issue.is_none());
    let messages: Vec<&str> = compiled.diagnostics.0.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("unknown key `conform`")), "{messages:?}");
}
