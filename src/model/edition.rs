//! Editions of an issue with fewer articles: the print edition (without the online-only
//! articles, for the PDFs) and an offprint (one article, for its own PDF and EPUB).
//!
//! Article ids are renumbered, so everything pointing at an article is rewritten: a link to an
//! article left out becomes a link to its web address (when the issue has a `base_url`) or
//! plain text, and a related entry naming one becomes an external reference ("(nur online)"
//! for an online-only article).

use std::borrow::Cow;
use std::cell::RefCell;

use super::{Article, ArticleId, AssetId, Block, CitationParts, ExternalRef, Inline, Issue, LinkTarget, Related};
use crate::text::lang::{label, Label};

impl Issue {
    /// The articles that also appear in print, in reading order.
    pub fn print_articles(&self) -> impl Iterator<Item = (ArticleId, &Article)> {
        self.articles_with_ids().filter(|(_, article)| !article.online_only)
    }

    /// The issue as the PDFs show it: borrowed unchanged when no article is online-only.
    pub fn print_edition(&self) -> Cow<'_, Issue> {
        if self.articles.iter().all(|article| !article.online_only) {
            return Cow::Borrowed(self);
        }
        Cow::Owned(Renumbering::new(self, |article| !article.online_only, false).edition())
    }

    /// The offprint of one article: an issue of that article alone (in its section) with the
    /// imprint, titled and authored like the article, and saying where it appeared.
    pub fn offprint_edition(&self, id: ArticleId) -> Issue {
        let article = self.article(id);
        let mut edition = Renumbering::new(self, |other| std::ptr::eq(other, article), true).edition();
        edition.sections.retain(|section| !section.articles.is_empty());
        edition.book_title = article.title.clone();
        edition.authors = article.authors.iter().map(|name| name.replace('\u{ad}', "").trim().to_string()).collect();
        edition.appeared_in = Some(self.appearance(article));
        edition
    }

    /// Where an article appeared, in its language: "Dieser Artikel erschien in *Publication*
    /// Issue (Period)", for an online-only one "… in der Online-Ausgabe von … (nur online)".
    pub fn appearance(&self, article: &Article) -> CitationParts {
        let lang = &article.lang;
        let opening = label(lang, if article.online_only { Label::AppearedOnline } else { Label::Appeared });
        let mut tail = format!(" {}", self.issue_label);
        if let Some(period) = &self.period {
            tail.push_str(&format!(" ({period})"));
        }
        if article.online_only {
            tail.push_str(&super::online_only_mark(lang));
        }
        CitationParts { lead: format!("{opening} "), publication: self.title.clone(), tail }
    }

    /// The file of an article in the HTML edition, e.g. `a03-streik-in-bremen.html`.
    pub fn web_file(&self, id: ArticleId) -> String {
        format!("{}.html", self.article(id).id)
    }

    /// The article's web address in the HTML edition, when the issue has a `base_url`.
    pub fn web_address(&self, id: ArticleId) -> Option<String> {
        self.base_url.as_ref().map(|base| format!("{}/{}", base.trim_end_matches('/'), self.web_file(id)))
    }

    /// How a related box names an article of this issue that is not in the edition.
    fn as_external_ref(&self, id: ArticleId) -> ExternalRef {
        let article = self.article(id);
        ExternalRef {
            title: article.title.clone(),
            author: article.byline.clone(),
            publication: self.title.clone(),
            issue: Some(self.issue_label.clone()),
            period: self.period.clone(),
            url: self.web_address(id),
            online_only: article.online_only,
        }
    }
}

/// Old article ids → the ids of the edition, and, when images are pruned, old asset ids → new.
struct Renumbering<'a> {
    issue: &'a Issue,
    /// Parallel to `issue.articles`: the new id, `None` for an article left out.
    new_ids: Vec<Option<ArticleId>>,
    /// `Some` when the edition keeps only the images it shows (an offprint): filled as the
    /// blocks are rewritten.
    assets: Option<RefCell<AssetMap>>,
}

/// The images an edition keeps, numbered in order of first use.
#[derive(Default)]
struct AssetMap {
    /// Parallel to `issue.assets`.
    new_ids: Vec<Option<AssetId>>,
    /// The old ids of the kept images, in their new order.
    kept: Vec<AssetId>,
}

impl AssetMap {
    fn id(&mut self, old: AssetId) -> AssetId {
        *self.new_ids[old.index()].get_or_insert_with(|| {
            self.kept.push(old);
            AssetId::new(self.kept.len() - 1)
        })
    }
}

impl<'a> Renumbering<'a> {
    /// Keeps the articles for which `keep` holds, and with `prune_assets` only the images
    /// they, the imprint and the cover show.
    fn new(issue: &'a Issue, keep: impl Fn(&Article) -> bool, prune_assets: bool) -> Self {
        let mut next = 0;
        let new_ids = issue
            .articles
            .iter()
            .map(|article| {
                keep(article).then(|| {
                    next += 1;
                    ArticleId::new(next - 1)
                })
            })
            .collect();
        let assets =
            prune_assets.then(|| RefCell::new(AssetMap { new_ids: vec![None; issue.assets.len()], kept: Vec::new() }));
        Renumbering { issue, new_ids, assets }
    }

    /// The id of an image in the edition.
    fn asset(&self, old: AssetId) -> AssetId {
        self.assets.as_ref().map_or(old, |map| map.borrow_mut().id(old))
    }

    fn edition(&self) -> Issue {
        let issue = self.issue;
        let mut edition = shell(issue);
        edition.sections = issue.sections.clone();
        for section in &mut edition.sections {
            section.articles = section.articles.iter().filter_map(|&id| self.new_ids[id.index()]).collect();
        }
        let kept = issue.articles.iter().zip(&self.new_ids).filter(|(_, new)| new.is_some());
        edition.articles = kept.map(|(article, _)| self.article(article)).collect();
        if let Some(imprint) = &mut edition.imprint {
            imprint.blocks = self.blocks(&imprint.blocks);
        }
        match &self.assets {
            Some(map) => {
                edition.cover = issue.cover.map(|cover| self.asset(cover));
                edition.assets = map.borrow().kept.iter().map(|&old| issue.asset(old).clone()).collect();
            }
            None => edition.assets = issue.assets.clone(),
        }
        edition
    }

    fn article(&self, article: &Article) -> Article {
        let mut article = article.clone();
        article.blocks = self.blocks(&article.blocks);
        for note in &mut article.footnotes {
            note.blocks = self.blocks(&note.blocks);
        }
        article.related = article.related.iter().map(|entry| self.related(entry)).collect();
        article
    }

    fn related(&self, entry: &Related) -> Related {
        match entry {
            Related::Article(id) => match self.new_ids[id.index()] {
                Some(new) => Related::Article(new),
                None => Related::External(self.issue.as_external_ref(*id)),
            },
            Related::External(reference) => Related::External(reference.clone()),
        }
    }

    fn blocks(&self, blocks: &[Block]) -> Vec<Block> {
        blocks.iter().map(|block| self.block(block)).collect()
    }

    fn block(&self, block: &Block) -> Block {
        match block {
            Block::Paragraph(inlines) => Block::Paragraph(self.inlines(inlines)),
            Block::Heading { level, id, content } => {
                Block::Heading { level: *level, id: id.clone(), content: self.inlines(content) }
            }
            Block::List { start, items } => {
                Block::List { start: *start, items: items.iter().map(|item| self.blocks(item)).collect() }
            }
            Block::BlockQuote(inner) => Block::BlockQuote(self.blocks(inner)),
            Block::Table { align, header, rows } => Block::Table {
                align: align.clone(),
                header: header.iter().map(|cell| self.inlines(cell)).collect(),
                rows: rows.iter().map(|row| row.iter().map(|cell| self.inlines(cell)).collect()).collect(),
            },
            Block::Figure { asset, alt, bleed } => {
                Block::Figure { asset: self.asset(*asset), alt: alt.clone(), bleed: *bleed }
            }
            Block::CodeBlock(_) | Block::Rule => block.clone(),
        }
    }

    fn inlines(&self, inlines: &[Inline]) -> Vec<Inline> {
        let mut out = Vec::with_capacity(inlines.len());
        for inline in inlines {
            self.push_inline(inline, &mut out);
        }
        out
    }

    /// Pushes `inline` rewritten; a link to an article left out and without a web address
    /// leaves only its content.
    fn push_inline(&self, inline: &Inline, out: &mut Vec<Inline>) {
        let wrap = |make: fn(Vec<Inline>) -> Inline, content: &[Inline]| make(self.inlines(content));
        let rewritten = match inline {
            Inline::Emphasis(c) => wrap(Inline::Emphasis, c),
            Inline::Strong(c) => wrap(Inline::Strong, c),
            Inline::Strikethrough(c) => wrap(Inline::Strikethrough, c),
            Inline::Superscript(c) => wrap(Inline::Superscript, c),
            Inline::Subscript(c) => wrap(Inline::Subscript, c),
            Inline::Image { asset, alt } => Inline::Image { asset: self.asset(*asset), alt: alt.clone() },
            Inline::Link { target, content } => {
                let content = self.inlines(content);
                match self.target(target) {
                    Some(target) => Inline::Link { target, content },
                    None => {
                        out.extend(content);
                        return;
                    }
                }
            }
            other => other.clone(),
        };
        out.push(rewritten);
    }

    fn target(&self, target: &LinkTarget) -> Option<LinkTarget> {
        let LinkTarget::Article { article, fragment } = target else { return Some(target.clone()) };
        match self.new_ids[article.index()] {
            Some(new) => Some(LinkTarget::Article { article: new, fragment: fragment.clone() }),
            None => {
                let address = self.issue.web_address(*article)?;
                let fragment = fragment.as_ref().map(|f| format!("#{f}")).unwrap_or_default();
                Some(LinkTarget::External(format!("{address}{fragment}")))
            }
        }
    }
}

/// The issue without articles, sections and images, which an edition fills in: cloning them
/// whole for each of a hundred offprints would copy the issue a hundred times.
fn shell(issue: &Issue) -> Issue {
    Issue {
        title: issue.title.clone(),
        issue_label: issue.issue_label.clone(),
        period: issue.period.clone(),
        date: issue.date.clone(),
        language: issue.language.clone(),
        publisher: issue.publisher.clone(),
        base_url: issue.base_url.clone(),
        identifier: issue.identifier.clone(),
        slug: issue.slug.clone(),
        modified_epoch: issue.modified_epoch,
        cover: issue.cover,
        imprint: issue.imprint.clone(),
        sections: Vec::new(),
        articles: Vec::new(),
        assets: Vec::new(),
        book_title: issue.book_title.clone(),
        authors: issue.authors.clone(),
        style: issue.style.clone(),
        accessibility: issue.accessibility.clone(),
        appeared_in: issue.appeared_in.clone(),
        hyphenation: issue.hyphenation.clone(),
    }
}
