//! The package document (`content.opf`) from the plan: metadata, accessibility metadata,
//! manifest, spine and the EPUB 2 guide.

use super::plan::{Plan, COVER_PAGE, CSS, GENERATED_COVER, IMPRINT, NAV, NCX, TITLE_PAGE};
use super::xml::{without_soft_hyphens, Xml};
use crate::model::{ArticleId, AssetId};
use crate::text::lang::{label, primary, Label};

/// Id of the `dc:identifier` the package names as its unique identifier.
const UID: &str = "pub-id";

const OPF_NS: &str = "http://www.idpf.org/2007/opf";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";

/// The complete `content.opf`.
pub(crate) fn opf(plan: &Plan) -> Vec<u8> {
    let mut xml = Xml::new();
    let attributes = [("xmlns", OPF_NS), ("version", "3.0"), ("unique-identifier", UID), ("xml:lang", plan.language())];
    xml.start("package", &attributes).newline();
    metadata(&mut xml, plan);
    manifest(&mut xml, plan);
    spine(&mut xml, plan);
    guide(&mut xml, plan);
    xml.end().newline();
    xml.finish()
}

fn metadata(xml: &mut Xml, plan: &Plan) {
    let issue = plan.issue;
    xml.start("metadata", &[("xmlns:dc", DC_NS)]).newline();
    xml.line("dc:identifier", &[("id", UID)], &issue.identifier);
    xml.line("dc:title", &[], &without_soft_hyphens(&issue.book_title));
    xml.line("dc:language", &[], plan.language());
    if is_w3c_date(&issue.date) {
        xml.line("dc:date", &[], &publication_date(&issue.date));
    }
    let publisher = issue.publisher.as_deref().filter(|p| !p.trim().is_empty());
    if let Some(publisher) = publisher {
        xml.line("dc:publisher", &[], &without_soft_hyphens(publisher));
    }
    names(xml, plan, publisher);
    if let Some(appeared) = &issue.appeared_in {
        // An offprint names the issue it comes from.
        xml.line("dc:source", &[("id", "offprint-source")], &without_soft_hyphens(&appeared.plain()));
    }
    if plan.has_page_list() {
        // Where the page-break markers come from (DAISY Ace asks for it with a page list).
        xml.line("dc:source", &[("id", "print-source")], &print_edition(plan));
        // Ace counts a dc:source only when it says what it is the source of: the pagination.
        xml.line("meta", &[("refines", "#print-source"), ("property", "source-of")], "pagination");
    }
    xml.line("meta", &[("property", "dcterms:modified")], &utc_timestamp(issue.modified_epoch));
    collection(xml, plan);
    // EPUB 2 readers find the cover through this element; EPUB 3 ones through `cover-image`.
    xml.empty("meta", &[("name", "cover"), ("content", &cover_item_id(plan))]).newline();
    accessibility(xml, plan);
    xml.end().newline();
}

/// Creators and contributors. A magazine issue is not a book by its article authors: readers
/// list every creator as an author (calibre showed seven names, epub.js only the first). The
/// publisher, or else the publication itself, is the creator; the article authors are
/// contributors. An offprint is one article: its authors are the creators.
fn names(xml: &mut Xml, plan: &Plan, publisher: Option<&str>) {
    let issue = plan.issue;
    if issue.appeared_in.is_some() && !issue.authors.is_empty() {
        for (n, author) in issue.authors.iter().enumerate() {
            let id = format!("creator-{}", n + 1);
            xml.line("dc:creator", &[("id", &id)], &without_soft_hyphens(author));
        }
        return;
    }
    let creator = publisher.unwrap_or(&issue.title);
    xml.line("dc:creator", &[("id", "creator")], &without_soft_hyphens(creator));
    for (n, author) in issue.authors.iter().enumerate() {
        let id = format!("contributor-{}", n + 1);
        xml.line("dc:contributor", &[("id", &id)], &without_soft_hyphens(author));
    }
}

/// The publication as a series and this issue's place in it, so that readers and stores group
/// the issues (calibre: series and series index).
fn collection(xml: &mut Xml, plan: &Plan) {
    let issue = plan.issue;
    xml.line("meta", &[("property", "belongs-to-collection"), ("id", "series")], &without_soft_hyphens(&issue.title));
    xml.line("meta", &[("refines", "#series"), ("property", "collection-type")], "series");
    if let Some(number) = issue_number(&issue.issue_label) {
        xml.line("meta", &[("refines", "#series"), ("property", "group-position")], number);
    }
}

/// The issue's number: the first run of digits of its label ("Nr. 1/2026" → "1").
fn issue_number(label: &str) -> Option<&str> {
    let start = label.find(|c: char| c.is_ascii_digit())?;
    let rest = &label[start..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    Some(rest[..end].trim_start_matches('0')).filter(|n| !n.is_empty())
}

/// `dc:date` of the issue. A bare `YYYY-MM-DD` is midnight UTC to calibre, which then shows the
/// day before west of Greenwich; noon UTC is the same calendar day from UTC−12 to UTC+11.
fn publication_date(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T12:00:00Z")
    } else {
        date.to_string()
    }
}

/// The print edition the page numbers come from, named in the issue's language.
fn print_edition(plan: &Plan) -> String {
    let edition = match primary(plan.language()).as_str() {
        "de" => "Druckausgabe (PDF)",
        "fr" => "édition imprimée (PDF)",
        _ => "print edition (PDF)",
    };
    let issue = plan.issue;
    format!("{} {}, {edition}", without_soft_hyphens(&issue.title), without_soft_hyphens(&issue.issue_label))
}

/// EPUB Accessibility 1.1 metadata, in schema.org terms, true to what the writer produces.
/// Every EPUB shows an image (its cover, with an alt text the writer composes).
fn accessibility(xml: &mut Xml, plan: &Plan) {
    let modes = ["textual", "visual"];
    let mut sufficient = vec!["textual,visual"];
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"];
    if plan.all_alt {
        sufficient.push("textual");
        features.push("alternativeText");
    }
    if plan.has_page_list() {
        features.extend(["pageBreakMarkers", "printPageNumbers"]);
    }
    let properties = modes
        .iter()
        .map(|v| ("schema:accessMode", *v))
        .chain(sufficient.iter().map(|v| ("schema:accessModeSufficient", *v)))
        .chain(features.iter().map(|v| ("schema:accessibilityFeature", *v)))
        .chain([("schema:accessibilityHazard", "none")]);
    for (property, value) in properties {
        xml.line("meta", &[("property", property)], value);
    }
    let (summary_lang, summary) = summary(plan);
    xml.line("meta", &[("property", "schema:accessibilitySummary"), ("xml:lang", summary_lang)], &summary);
    let claim = &plan.issue.accessibility;
    // Only the publisher can vouch for what no checker sees (quality of alt texts, link wording):
    // the claim is theirs to make in issue.toml, and heft writes it only when its own checks hold.
    if claim.conforms && plan.all_alt && every_document_has_language(plan) {
        xml.line("meta", &[("property", "dcterms:conformsTo")], "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
        if let Some(certifier) = &claim.certifier {
            xml.line("meta", &[("property", "a11y:certifiedBy")], &without_soft_hyphens(certifier));
        }
    }
}

/// Whether the issue and every article name their language (the pages' `lang` attributes).
fn every_document_has_language(plan: &Plan) -> bool {
    !plan.issue.language.trim().is_empty() && plan.issue.articles.iter().all(|a| !a.lang.trim().is_empty())
}

/// The accessibility summary in the issue's language (German, French, else English), and that
/// language's tag.
fn summary<'p>(plan: &'p Plan) -> (&'p str, String) {
    let lang = plan.language();
    let pages = plan.has_page_list();
    let text = match primary(lang).as_str() {
        "de" => {
            let images = if plan.all_alt {
                "Jedes Bild hat einen Alternativtext."
            } else {
                "Einigen Bildern fehlt ein Alternativtext."
            };
            let pages = if pages {
                " Die Seitenzahlen der Druckausgabe sind markiert und über eine Seitenliste erreichbar."
            } else {
                ""
            };
            format!("Eine Zeitschriftenausgabe mit navigierbarem Inhaltsverzeichnis, einer Überschriftenstruktur je Artikel und Anmerkungen, die mit ihren Verweisen verlinkt sind. {images}{pages} Das Stylesheet legt weder Farben noch Schriftgrößen fest, Text lässt sich also vergrößern und umfärben.")
        }
        "fr" => {
            let images = if plan.all_alt {
                "Chaque image a une alternative textuelle."
            } else {
                "Certaines images n’ont pas d’alternative textuelle."
            };
            let pages = if pages {
                " Les numéros de page de l’édition imprimée sont balisés et accessibles par une liste des pages."
            } else {
                ""
            };
            format!("Un numéro de magazine avec une table des matières navigable, une structure de titres par article et des notes liées à leurs appels. {images}{pages} La feuille de style ne fixe ni couleurs ni tailles de police : le texte peut être agrandi et recoloré.")
        }
        _ => {
            let images = if plan.all_alt {
                "Every image has a text alternative."
            } else {
                "Some images lack a text alternative."
            };
            let pages = if pages {
                " The page numbers of the print edition are marked and reachable through a page list."
            } else {
                ""
            };
            format!("A magazine issue with a navigable table of contents, one heading structure per article, and notes linked to and from their marks. {images}{pages} The stylesheet sets no fixed colours or font sizes, so text can be resized and recoloured.")
        }
    };
    let tag = match primary(lang).as_str() {
        "de" | "fr" => lang,
        _ => "en",
    };
    (tag, text)
}

fn manifest(xml: &mut Xml, plan: &Plan) {
    let issue = plan.issue;
    xml.start("manifest", &[]).newline();
    let mut item = |id: &str, href: &str, media: &str, properties: Option<&str>| {
        let mut attributes = vec![("id", id), ("href", href), ("media-type", media)];
        attributes.extend(properties.map(|p| ("properties", p)));
        xml.empty("item", &attributes).newline();
    };
    item("nav", NAV, "application/xhtml+xml", Some("nav"));
    item("ncx", NCX, "application/x-dtbncx+xml", None);
    item("css", CSS, "text/css", None);
    item("cover", COVER_PAGE, "application/xhtml+xml", None);
    item("titlepage", TITLE_PAGE, "application/xhtml+xml", None);
    for (id, _) in issue.articles_with_ids() {
        item(&article_item_id(id), plan.article_file(id), "application/xhtml+xml", None);
    }
    if issue.imprint.is_some() {
        item("imprint", IMPRINT, "application/xhtml+xml", None);
    }
    for (id, asset) in issue.assets_with_ids() {
        let properties = (issue.cover == Some(id)).then_some("cover-image");
        item(&asset_id(id), &asset.package_path, asset.media_type, properties);
    }
    if issue.cover.is_none() {
        item(GENERATED_COVER_ID, GENERATED_COVER, "image/svg+xml", Some("cover-image"));
    }
    for (n, (path, _, media)) in crate::style::webfonts::font_files(&issue.style.fonts).iter().enumerate() {
        item(&format!("font{}", n + 1), path, media, None);
    }
    xml.end().newline();
}

/// Item id of the cover drawn by heft when the issue has none.
const GENERATED_COVER_ID: &str = "heft-cover";

/// The manifest id of the cover image.
fn cover_item_id(plan: &Plan) -> String {
    plan.issue.cover.map_or_else(|| GENERATED_COVER_ID.to_string(), asset_id)
}

/// Reading order: cover, title page, contents, articles, imprint.
fn spine(xml: &mut Xml, plan: &Plan) {
    xml.start("spine", &[("toc", "ncx")]).newline();
    let articles = plan.issue.articles_with_ids().map(|(id, _)| article_item_id(id));
    let imprint = plan.issue.imprint.as_ref().map(|_| "imprint".to_string());
    let front = ["cover", "titlepage", "nav"].map(str::to_string);
    for idref in front.into_iter().chain(articles).chain(imprint) {
        xml.empty("itemref", &[("idref", &idref)]).newline();
    }
    xml.end().newline();
}

/// The EPUB 2 guide beside the EPUB 3 landmarks: without it calibre adds a contents page of its
/// own (in English) and cannot find the cover or where the text starts.
fn guide(xml: &mut Xml, plan: &Plan) {
    let lang = plan.language();
    let mut references = vec![
        ("cover", COVER_PAGE.to_string(), label(lang, Label::Cover).to_string()),
        ("title-page", TITLE_PAGE.to_string(), label(lang, Label::TitlePage).to_string()),
        ("toc", NAV.to_string(), label(lang, Label::Contents).to_string()),
    ];
    if let (Some(file), Some(first)) = (plan.article_files.first(), plan.issue.articles.first()) {
        references.push(("text", file.clone(), without_soft_hyphens(&first.title).into_owned()));
    }
    xml.start("guide", &[]).newline();
    for (kind, href, title) in &references {
        xml.empty("reference", &[("type", kind), ("title", title), ("href", href)]).newline();
    }
    xml.end().newline();
}

fn article_item_id(id: ArticleId) -> String {
    format!("article-{}", id.index() + 1)
}

fn asset_id(id: AssetId) -> String {
    format!("image-{}", id.index() + 1)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the forms of W3CDTF a `dc:date` may take without a time.
fn is_w3c_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` for seconds since the epoch, clamped to years 1970..=9999.
fn utc_timestamp(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(epoch);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Year, month, day, hour, minute, second (UTC) of an epoch second, clamped to 1970..=9999.
pub(crate) fn civil(epoch: i64) -> (i64, u32, u32, u32, u32, u32) {
    // 253402300799 is 9999-12-31T23:59:59Z, the last second a four-digit year can show.
    crate::text::lang::civil_from_epoch(epoch.clamp(0, 253_402_300_799))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_timestamp(1_768_478_400 + 3_723), "2026-01-15T13:02:03Z");
        assert_eq!(utc_timestamp(-5), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(i64::MAX), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn dates() {
        assert!(is_w3c_date("2026") && is_w3c_date("2026-01") && is_w3c_date("2026-01-15"));
        assert!(!is_w3c_date("15.01.2026") && !is_w3c_date("2026-13-01") && !is_w3c_date(""));
    }
}
