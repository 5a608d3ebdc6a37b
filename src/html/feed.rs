//! With a `base_url`: `sitemap.xml` (every page) and an Atom feed of the issue's articles.

use super::pages::teaser_text;
use super::{FEED, IMPRINT};
use crate::epub::plan::Plan;
use crate::epub::xml::{without_soft_hyphens, Xml};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// The sitemap: the index, every article and the imprint, with the issue's date.
pub(crate) fn sitemap(plan: &Plan, base_url: &str) -> Vec<u8> {
    let issue = plan.issue;
    let mut pages = vec![format!("{base_url}/")];
    pages.extend(issue.articles_with_ids().map(|(id, _)| format!("{base_url}/{}", plan.article_file(id))));
    if issue.imprint.is_some() {
        pages.push(format!("{base_url}/{IMPRINT}"));
    }
    let mut xml = Xml::new();
    xml.start("urlset", &[("xmlns", SITEMAP_NS)]).newline();
    for page in pages {
        xml.start("url", &[]).line("loc", &[], &page).line("lastmod", &[], &issue.date).end().newline();
    }
    xml.end().newline();
    xml.finish()
}

/// The Atom feed: one entry per article, newest issue date first as written.
pub(crate) fn atom(plan: &Plan, base_url: &str) -> Vec<u8> {
    let issue = plan.issue;
    let updated = format!("{}T12:00:00Z", issue.date);
    let mut xml = Xml::new();
    xml.start("feed", &[("xmlns", ATOM_NS), ("xml:lang", &issue.language)]).newline();
    xml.line("title", &[], &format!("{} {}", issue.title, issue.issue_label));
    xml.line("id", &[], &format!("{base_url}/"));
    xml.empty("link", &[("rel", "self"), ("href", &format!("{base_url}/{FEED}"))]).newline();
    xml.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &format!("{base_url}/"))]).newline();
    xml.line("updated", &[], &updated);
    let feed_author = issue.publisher.as_deref().unwrap_or(&issue.title);
    xml.start("author", &[]).line("name", &[], feed_author).end().newline();
    for (id, article) in issue.articles_with_ids() {
        let address = format!("{base_url}/{}", plan.article_file(id));
        let date = article.date.as_deref().map_or(updated.clone(), |date| format!("{date}T12:00:00Z"));
        xml.start("entry", &[("xml:lang", &article.lang)]).newline();
        xml.line("title", &[], &without_soft_hyphens(&article.title));
        xml.line("id", &[], &address);
        xml.empty("link", &[("rel", "alternate"), ("type", "text/html"), ("href", &address)]).newline();
        xml.line("updated", &[], &date);
        for name in
            article.authors.iter().chain(article.authors.is_empty().then_some(article.byline.as_ref()).flatten())
        {
            xml.start("author", &[]).line("name", &[], &without_soft_hyphens(name)).end().newline();
        }
        if let Some(summary) = teaser_text(article) {
            xml.line("summary", &[], &summary);
        }
        xml.end().newline();
    }
    xml.end().newline();
    xml.finish()
}
