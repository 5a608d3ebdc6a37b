//! The package document (`content.opf`) from the plan: metadata, accessibility metadata,
//! manifest and spine.

use super::plan::{Plan, CSS, IMPRINT, NAV, NCX, TITLE_PAGE};
use super::xml::{esc, esc_plain};
use crate::model::{ArticleId, AssetId};

/// Id of the `dc:identifier` the package names as its unique identifier.
const UID: &str = "pub-id";

/// The complete `content.opf`.
pub(crate) fn opf(plan: &Plan) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"{UID}\" \
         xml:lang=\"{}\">\n{}{}{}</package>\n",
        esc(plan.language()),
        metadata(plan),
        manifest(plan),
        spine(plan)
    )
}

fn metadata(plan: &Plan) -> String {
    let issue = plan.issue;
    let mut m = String::from("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    m.push_str(&format!("<dc:identifier id=\"{UID}\">{}</dc:identifier>\n", esc(&issue.identifier)));
    m.push_str(&format!("<dc:title>{}</dc:title>\n", esc_plain(&issue.book_title)));
    m.push_str(&format!("<dc:language>{}</dc:language>\n", esc(plan.language())));
    if is_w3c_date(&issue.date) {
        m.push_str(&format!("<dc:date>{}</dc:date>\n", esc(&issue.date)));
    }
    if let Some(publisher) = issue.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        m.push_str(&format!("<dc:publisher>{}</dc:publisher>\n", esc_plain(publisher)));
    }
    for (n, creator) in issue.authors.iter().enumerate() {
        m.push_str(&format!("<dc:creator id=\"creator-{}\">{}</dc:creator>\n", n + 1, esc_plain(creator)));
    }
    m.push_str(&format!("<meta property=\"dcterms:modified\">{}</meta>\n", utc_timestamp(issue.modified_epoch)));
    if let Some(cover) = issue.cover {
        // EPUB 2 readers find the cover through this element; EPUB 3 ones through `cover-image`.
        m.push_str(&format!("<meta name=\"cover\" content=\"{}\"/>\n", asset_id(cover)));
    }
    m.push_str(&accessibility(plan));
    m.push_str("</metadata>\n");
    m
}

/// EPUB Accessibility 1.1 metadata, in schema.org terms, true to what the writer produces.
fn accessibility(plan: &Plan) -> String {
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
    let mut m = String::new();
    let mut prop = |name: &str, value: &str| {
        m.push_str(&format!("<meta property=\"schema:{name}\">{}</meta>\n", esc(value)));
    };
    modes.iter().for_each(|v| prop("accessMode", v));
    sufficient.iter().for_each(|v| prop("accessModeSufficient", v));
    features.iter().for_each(|v| prop("accessibilityFeature", v));
    prop("accessibilityHazard", "none");
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
    m.push_str(&format!("<meta property=\"schema:accessibilitySummary\" xml:lang=\"en\">{}</meta>\n", esc(&summary)));
    if plan.all_alt {
        // The markup passes DAISY Ace and EPUBCheck; with every image described, what remains
        // (quality of alt texts, link wording) is the publisher's, who is named as the certifier.
        let certifier = plan.issue.publisher.as_deref().filter(|p| !p.trim().is_empty()).unwrap_or(&plan.issue.title);
        m.push_str(&format!(
            "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>\n\
             <meta property=\"a11y:certifiedBy\">{}</meta>\n",
            esc_plain(certifier)
        ));
    }
    m
}

fn manifest(plan: &Plan) -> String {
    let issue = plan.issue;
    let mut m = String::from("<manifest>\n");
    let mut item = |id: &str, href: &str, media: &str, props: &str| {
        let props = if props.is_empty() { String::new() } else { format!(" properties=\"{props}\"") };
        m.push_str(&format!("<item id=\"{id}\" href=\"{}\" media-type=\"{}\"{props}/>\n", esc(href), esc(media)));
    };
    item("nav", NAV, "application/xhtml+xml", "nav");
    item("ncx", NCX, "application/x-dtbncx+xml", "");
    item("css", CSS, "text/css", "");
    item("titlepage", TITLE_PAGE, "application/xhtml+xml", "");
    for (id, _) in issue.articles_with_ids() {
        item(&article_item_id(id), plan.article_file(id), "application/xhtml+xml", "");
    }
    if issue.imprint.is_some() {
        item("imprint", IMPRINT, "application/xhtml+xml", "");
    }
    for (id, asset) in issue.assets_with_ids() {
        let props = if issue.cover == Some(id) { "cover-image" } else { "" };
        item(&asset_id(id), &asset.package_path, asset.media_type, props);
    }
    m.push_str("</manifest>\n");
    m
}

/// Reading order: title page, contents, articles, imprint.
fn spine(plan: &Plan) -> String {
    let mut s = String::from("<spine toc=\"ncx\">\n<itemref idref=\"titlepage\"/>\n<itemref idref=\"nav\"/>\n");
    for (id, _) in plan.issue.articles_with_ids() {
        s.push_str(&format!("<itemref idref=\"{}\"/>\n", article_item_id(id)));
    }
    if plan.issue.imprint.is_some() {
        s.push_str("<itemref idref=\"imprint\"/>\n");
    }
    s.push_str("</spine>\n");
    s
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
pub(crate) fn utc_timestamp(epoch: i64) -> String {
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
