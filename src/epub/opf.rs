//! The package document (`content.opf`) from the plan: metadata, accessibility metadata,
//! manifest and spine.

use super::plan::{Plan, CSS, IMPRINT, NAV, NCX, TITLE_PAGE};
use super::xml::{without_soft_hyphens, Xml};
use crate::model::{ArticleId, AssetId};

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
        xml.line("dc:date", &[], &issue.date);
    }
    if let Some(publisher) = issue.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        xml.line("dc:publisher", &[], &without_soft_hyphens(publisher));
    }
    for (n, creator) in issue.authors.iter().enumerate() {
        let id = format!("creator-{}", n + 1);
        xml.line("dc:creator", &[("id", &id)], &without_soft_hyphens(creator));
    }
    xml.line("meta", &[("property", "dcterms:modified")], &utc_timestamp(issue.modified_epoch));
    if let Some(cover) = issue.cover {
        // EPUB 2 readers find the cover through this element; EPUB 3 ones through `cover-image`.
        xml.empty("meta", &[("name", "cover"), ("content", &asset_id(cover))]).newline();
    }
    accessibility(xml, plan);
    xml.end().newline();
}

/// EPUB Accessibility 1.1 metadata, in schema.org terms, true to what the writer produces.
fn accessibility(xml: &mut Xml, plan: &Plan) {
    let mut modes = vec!["textual"];
    let mut sufficient = Vec::new();
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"];
    if plan.has_images {
        modes.push("visual");
        sufficient.push("textual,visual");
        if plan.all_alt {
            sufficient.push("textual");
            features.push("alternativeText");
        }
    } else {
        sufficient.push("textual");
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
    let images = match (plan.has_images, plan.all_alt) {
        (false, _) => "It contains no images.",
        (true, true) => "Every image has a text alternative.",
        (true, false) => "Some images lack a text alternative.",
    };
    let summary = format!(
        "A magazine issue with a navigable table of contents, one heading structure per article, \
         footnotes linked to and from their marks, and a reading order that follows the print edition. \
         {images} The stylesheet sets no fixed colours or font sizes, so text can be resized and recoloured."
    );
    xml.line("meta", &[("property", "schema:accessibilitySummary"), ("xml:lang", "en")], &summary);
    if plan.all_alt {
        // The markup passes DAISY Ace and EPUBCheck; with every image described, what remains
        // (quality of alt texts, link wording) is the publisher's, who is named as the certifier.
        let certifier = plan.issue.publisher.as_deref().filter(|p| !p.trim().is_empty()).unwrap_or(&plan.issue.title);
        xml.line("meta", &[("property", "dcterms:conformsTo")], "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
        xml.line("meta", &[("property", "a11y:certifiedBy")], &without_soft_hyphens(certifier));
    }
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
    xml.end().newline();
}

/// Reading order: title page, contents, articles, imprint.
fn spine(xml: &mut Xml, plan: &Plan) {
    xml.start("spine", &[("toc", "ncx")]).newline();
    let articles = plan.issue.articles_with_ids().map(|(id, _)| article_item_id(id));
    let imprint = plan.issue.imprint.as_ref().map(|_| "imprint".to_string());
    for idref in ["titlepage".to_string(), "nav".to_string()].into_iter().chain(articles).chain(imprint) {
        xml.empty("itemref", &[("idref", &idref)]).newline();
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
