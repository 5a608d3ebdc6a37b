//! The plan of the package: file names inside it and facts about the images that every part of
//! the writer shares.

use std::collections::HashSet;

use super::EpubError;
use crate::model::{ArticleId, Block, Inline, Issue};

/// Package document, relative to the content folder (as are all names below).
pub(crate) const OPF: &str = "content.opf";
pub(crate) const NCX: &str = "toc.ncx";
pub(crate) const NAV: &str = "nav.xhtml";
pub(crate) const CSS: &str = "style.css";
pub(crate) const TITLE_PAGE: &str = "titlepage.xhtml";
pub(crate) const IMPRINT: &str = "imprint.xhtml";
/// The folder inside the zip that holds everything but `mimetype` and `META-INF`.
pub(crate) const CONTENT_DIR: &str = "OEBPS";

/// The decisions every part of the writer shares: file names and facts about the images.
pub(crate) struct Plan<'a> {
    pub(crate) issue: &'a Issue,
    /// One XHTML file name per article, parallel to `Issue::articles`.
    pub(crate) article_files: Vec<String>,
    /// Whether any page shows an image (cover included).
    pub(crate) has_images: bool,
    /// Whether every image in the content has a non-empty alt text.
    pub(crate) all_alt: bool,
}

impl<'a> Plan<'a> {
    pub(crate) fn new(issue: &'a Issue) -> Result<Self, EpubError> {
        let mut taken: HashSet<String> =
            [OPF, NCX, NAV, CSS, TITLE_PAGE, IMPRINT].iter().map(|s| s.to_string()).collect();
        for asset in &issue.assets {
            if !valid_package_path(&asset.package_path) || !taken.insert(asset.package_path.clone()) {
                return Err(EpubError::AssetPath(asset.package_path.clone()));
            }
        }
        let article_files = issue.articles.iter().map(|article| unique_file_name(&article.id, &mut taken)).collect();
        let mut images = ImageFacts { any: issue.cover.is_some(), all_alt: true };
        for article in &issue.articles {
            images.blocks(&article.blocks);
            for note in &article.footnotes {
                images.blocks(&note.blocks);
            }
        }
        if let Some(imprint) = &issue.imprint {
            images.blocks(&imprint.blocks);
        }
        Ok(Plan { issue, article_files, has_images: images.any, all_alt: images.all_alt })
    }

    /// The plan of the HTML edition: the same checks, the articles in `.html` files named by
    /// `Issue::web_file`, so that links between pages and to images work on the web.
    pub(crate) fn web(issue: &'a Issue) -> Result<Self, EpubError> {
        let mut plan = Plan::new(issue)?;
        plan.article_files = issue.articles_with_ids().map(|(id, _)| issue.web_file(id)).collect();
        Ok(plan)
    }

    /// The XHTML file of an article.
    pub(crate) fn article_file(&self, id: ArticleId) -> &str {
        &self.article_files[id.index()]
    }

    /// The language of the issue, with a fallback for an empty manifest value.
    pub(crate) fn language(&self) -> &str {
        non_empty_lang(&self.issue.language)
    }
}

/// `lang`, or `und` (undetermined, BCP 47) when empty, so attributes stay valid.
pub(crate) fn non_empty_lang(lang: &str) -> &str {
    if lang.trim().is_empty() {
        "und"
    } else {
        lang.trim()
    }
}

/// A relative path that stays inside the package and needs no escaping in a URL.
fn valid_package_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.ends_with('/')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !path.starts_with("META-INF")
}

/// `{id}.xhtml` reduced to safe characters, with a counter when the name is taken.
fn unique_file_name(id: &str, taken: &mut HashSet<String>) -> String {
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if stem.is_empty() {
        stem.push_str("article");
    }
    let mut name = format!("{stem}.xhtml");
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}.xhtml");
        n += 1;
    }
    name
}

/// Walks blocks for images: whether there are any, and whether all have alt text.
struct ImageFacts {
    any: bool,
    all_alt: bool,
}

impl ImageFacts {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines) | Block::Heading { content: inlines, .. } => self.inlines(inlines),
                Block::List { items, .. } => items.iter().for_each(|item| self.blocks(item)),
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::Table { header, rows, .. } => {
                    header.iter().for_each(|cell| self.inlines(cell));
                    rows.iter().flatten().for_each(|cell| self.inlines(cell));
                }
                Block::Figure { alt, .. } => self.image(alt),
                Block::CodeBlock(_) | Block::Rule => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Image { alt, .. } => self.image(alt),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => self.inlines(c),
                Inline::Text(_) | Inline::Code(_) | Inline::FootnoteRef { .. } | Inline::LineBreak => {}
            }
        }
    }

    fn image(&mut self, alt: &str) {
        self.any = true;
        self.all_alt &= !alt.trim().is_empty();
    }
}
