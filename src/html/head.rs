//! The `<head>` of every page: title, viewport, stylesheet, and with a `base_url` the canonical
//! link, Open Graph and the `citation_*` tags that scholarly indexes read.

use crate::epub::xml::{without_soft_hyphens, Xml};
use crate::model::{ArticleId, Issue};

/// What one page tells the web about itself.
pub(crate) struct PageMeta<'a> {
    pub(crate) title: String,
    /// The page's file in the site.
    pub(crate) file: &'a str,
    pub(crate) description: Option<String>,
    /// Set on article pages: their `citation_*` and `og:type=article` tags.
    pub(crate) article: Option<ArticleId>,
}

/// `<head>…</head>` of a page of `issue`.
pub(crate) fn head(xml: &mut Xml, issue: &Issue, meta: &PageMeta) {
    xml.start("head", &[]).newline();
    xml.empty("meta", &[("charset", "UTF-8")]).newline();
    xml.empty("meta", &[("name", "viewport"), ("content", "width=device-width, initial-scale=1")]).newline();
    xml.line("title", &[], &without_soft_hyphens(&meta.title));
    xml.empty("meta", &[("name", "color-scheme"), ("content", "light dark")]).newline();
    if let Some(description) = &meta.description {
        xml.empty("meta", &[("name", "description"), ("content", description)]).newline();
    }
    xml.empty("link", &[("rel", "stylesheet"), ("href", super::STYLESHEET)]).newline();
    if let Some(base_url) = &issue.base_url {
        web_meta(xml, issue, meta, base_url);
    }
    xml.end().newline();
}

/// Canonical link, feed link, Open Graph and citation tags: only with absolute addresses.
fn web_meta(xml: &mut Xml, issue: &Issue, meta: &PageMeta, base_url: &str) {
    let address = if meta.file == super::INDEX { format!("{base_url}/") } else { format!("{base_url}/{}", meta.file) };
    let name = |xml: &mut Xml, name: &str, content: &str| {
        xml.empty("meta", &[("name", name), ("content", &without_soft_hyphens(content))]).newline();
    };
    let property = |xml: &mut Xml, property: &str, content: &str| {
        xml.empty("meta", &[("property", property), ("content", &without_soft_hyphens(content))]).newline();
    };
    xml.empty("link", &[("rel", "canonical"), ("href", &address)]).newline();
    let feed_title = format!("{} {}", issue.title, issue.issue_label);
    let feed = [("rel", "alternate"), ("type", "application/atom+xml"), ("href", super::FEED), ("title", &feed_title)];
    xml.empty("link", &feed).newline();
    property(xml, "og:site_name", &issue.title);
    property(xml, "og:title", &meta.title);
    property(xml, "og:url", &address);
    property(xml, "og:type", if meta.article.is_some() { "article" } else { "website" });
    if let Some(description) = &meta.description {
        property(xml, "og:description", description);
    }
    if let Some(cover) = issue.cover {
        property(xml, "og:image", &format!("{base_url}/{}", issue.asset(cover).package_path));
    }
    let Some(id) = meta.article else { return };
    let article = issue.article(id);
    name(xml, "citation_title", &article.title);
    let authors =
        if article.authors.is_empty() { article.byline.iter().cloned().collect() } else { article.authors.clone() };
    for author in &authors {
        name(xml, "citation_author", author);
    }
    let date = article.date.as_deref().unwrap_or(&issue.date);
    name(xml, "citation_publication_date", &date.replace('-', "/"));
    name(xml, "citation_journal_title", &issue.title);
    name(xml, "citation_issue", &issue.issue_label);
    if let Some(publisher) = &issue.publisher {
        name(xml, "citation_publisher", publisher);
    }
    name(xml, "citation_language", &article.lang);
}
