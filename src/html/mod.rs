//! The HTML edition: an `Issue` → a static site folder in memory (`index.html`, one page per
//! article, the imprint, one stylesheet, the images; with a `base_url` also `sitemap.xml` and an
//! Atom feed). Article bodies are written by the EPUB's page writer in HTML syntax
//! (`epub::xml::Xml::html`), so the web page and the EPUB chapter cannot drift apart.

mod feed;
mod head;
mod pages;

use std::collections::BTreeMap;

use crate::epub::plan::Plan;
use crate::epub::EpubError;
use crate::model::Issue;
use crate::style::webfonts;

/// The stylesheet of every page: responsive, dark mode, print.
pub(crate) const STYLESHEET: &str = "style.css";
pub(crate) const INDEX: &str = "index.html";
pub(crate) const IMPRINT: &str = "impressum.html";
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const FEED: &str = "feed.xml";

/// A static site: files by path relative to the site folder, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Writes the HTML edition of `issue`; the same input gives the same files.
pub fn site(issue: &Issue) -> Result<Site, EpubError> {
    let plan = Plan::web(issue)?;
    let mut files = BTreeMap::new();
    let fonts = &issue.style.fonts;
    let css = webfonts::web_css(&issue.style.web_css, fonts) + &issue.style.page.colours.web_css();
    files.insert(STYLESHEET.to_string(), css.into_bytes());
    for (path, bytes, _) in webfonts::font_files(fonts) {
        files.insert(path, bytes.to_vec());
    }
    files.insert(INDEX.to_string(), pages::index(&plan));
    for (id, _) in issue.articles_with_ids() {
        files.insert(plan.article_file(id).to_string(), pages::article(&plan, id));
    }
    if issue.imprint.is_some() {
        files.insert(IMPRINT.to_string(), pages::imprint(&plan));
    }
    for asset in &issue.assets {
        files.insert(asset.package_path.clone(), asset.bytes.clone());
    }
    if let Some(base_url) = &issue.base_url {
        files.insert(SITEMAP.to_string(), feed::sitemap(&plan, base_url));
        files.insert(FEED.to_string(), feed::atom(&plan, base_url));
    }
    Ok(Site { files })
}
