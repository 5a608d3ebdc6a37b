//! The plan of the package: file names inside it, facts about the images, and the print pages
//! to mark, which every part of the writer shares.

use std::collections::HashSet;

use super::EpubError;
use crate::model::{ArticleId, Block, Inline, Issue, PageStart, TextPosition};

/// Package document, relative to the content folder (as are all names below).
pub(crate) const OPF: &str = "content.opf";
pub(crate) const NCX: &str = "toc.ncx";
pub(crate) const NAV: &str = "nav.xhtml";
pub(crate) const CSS: &str = "style.css";
pub(crate) const TITLE_PAGE: &str = "titlepage.xhtml";
/// The cover image alone, before the title page.
pub(crate) const COVER_PAGE: &str = "cover.xhtml";
/// The cover heft draws when the issue has none (stores and library views need one).
pub(crate) const GENERATED_COVER: &str = "images/heft-cover.svg";
pub(crate) const IMPRINT: &str = "imprint.xhtml";
/// The folder inside the zip that holds everything but `mimetype` and `META-INF`.
pub(crate) const CONTENT_DIR: &str = "OEBPS";

/// The decisions every part of the writer shares: file names and facts about the images.
pub(crate) struct Plan<'a> {
    pub(crate) issue: &'a Issue,
    /// One XHTML file name per article, parallel to `Issue::articles`.
    pub(crate) article_files: Vec<String>,
    /// Whether every image in the content has a non-empty alt text.
    pub(crate) all_alt: bool,
    /// Print pages the EPUB marks, in order: (page number, where it begins). Empty when no
    /// PDF was laid out in this run.
    pub(crate) print_pages: Vec<(usize, PageStart)>,
}

impl<'a> Plan<'a> {
    pub(crate) fn new(issue: &'a Issue, page_starts: &[PageStart]) -> Result<Self, EpubError> {
        let mut taken: HashSet<String> = [OPF, NCX, NAV, CSS, TITLE_PAGE, IMPRINT, COVER_PAGE, GENERATED_COVER]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for asset in &issue.assets {
            if !valid_package_path(&asset.package_path) || !taken.insert(asset.package_path.clone()) {
                return Err(EpubError::AssetPath(asset.package_path.clone()));
            }
        }
        let article_files = issue.articles.iter().map(|article| unique_file_name(&article.id, &mut taken)).collect();
        let mut images = ImageFacts { all_alt: true };
        for article in &issue.articles {
            images.blocks(&article.blocks);
            for note in &article.footnotes {
                images.blocks(&note.blocks);
            }
        }
        if let Some(imprint) = &issue.imprint {
            images.blocks(&imprint.blocks);
        }
        let print_pages = page_starts
            .iter()
            .enumerate()
            .filter(|(_, start)| **start != PageStart::Unplaced)
            .map(|(index, start)| (index + 1, start.clone()))
            .collect();
        Ok(Plan { issue, article_files, all_alt: images.all_alt, print_pages })
    }

    /// The cover image's path in the package: the issue's, or the generated one.
    pub(crate) fn cover_href(&self) -> &str {
        match self.issue.cover {
            Some(cover) => &self.issue.asset(cover).package_path,
            None => GENERATED_COVER,
        }
    }

    /// Whether the EPUB has print page markers and a page list.
    pub(crate) fn has_page_list(&self) -> bool {
        !self.print_pages.is_empty()
    }

    /// The page number whose marker opens the part `start` matches (title page, contents), if any.
    pub(crate) fn page_of(&self, start: &PageStart) -> Option<usize> {
        self.print_pages.iter().find(|(_, s)| s == start).map(|(n, _)| *n)
    }

    /// The page markers inside an article, in order: (page number, position).
    pub(crate) fn article_pages(&self, id: ArticleId) -> Vec<(usize, TextPosition)> {
        self.positions(|start| match start {
            PageStart::Article { article, at } if *article == id => Some(at.clone().unwrap_or_default()),
            _ => None,
        })
    }

    /// The page markers inside the imprint, in order.
    pub(crate) fn imprint_pages(&self) -> Vec<(usize, TextPosition)> {
        self.positions(|start| match start {
            PageStart::Imprint { at } => Some(at.clone().unwrap_or_default()),
            _ => None,
        })
    }

    /// Pages whose start `select` places, with the position (a part's start is the empty path).
    fn positions(&self, select: impl Fn(&PageStart) -> Option<TextPosition>) -> Vec<(usize, TextPosition)> {
        self.print_pages.iter().filter_map(|(n, start)| select(start).map(|at| (*n, at))).collect()
    }

    /// The file that holds the marker of a print page.
    pub(crate) fn page_file(&self, start: &PageStart) -> Option<&str> {
        match start {
            PageStart::TitlePage => Some(TITLE_PAGE),
            PageStart::Contents => Some(NAV),
            PageStart::Article { article, .. } => Some(self.article_file(*article)),
            PageStart::Imprint { .. } => self.issue.imprint.as_ref().map(|_| IMPRINT),
            PageStart::Unplaced => None,
        }
    }

    /// The plan of the HTML edition: the same checks, the articles in `.html` files named by
    /// `Issue::web_file`, so that links between pages and to images work on the web.
    pub(crate) fn web(issue: &'a Issue) -> Result<Self, EpubError> {
        let mut plan = Plan::new(issue, &[])?;
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

/// Walks blocks for images: whether all have alt text. (Every EPUB shows at least one image,
/// its cover, whose alt text the writer composes.)
struct ImageFacts {
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
        self.all_alt &= !alt.trim().is_empty();
    }
}
