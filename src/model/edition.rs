//! The print edition of an issue: the issue without its online-only articles, for the PDFs.
//!
//! Article ids are renumbered, so everything pointing at an article is rewritten: a link to an
//! online-only article becomes a link to its web address (when the issue has a `base_url`) or
//! plain text, and a related entry naming one becomes an external reference, marked "(nur online)".

use std::borrow::Cow;

use super::{Article, ArticleId, Block, ExternalRef, Inline, Issue, LinkTarget, Related};

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
        Cow::Owned(Renumbering::new(self).edition())
    }

    /// The file of an article in the HTML edition, e.g. `a03-streik-in-bremen.html`.
    pub fn web_file(&self, id: ArticleId) -> String {
        format!("{}.html", self.article(id).id)
    }

    /// The article's web address in the HTML edition, when the issue has a `base_url`.
    pub fn web_address(&self, id: ArticleId) -> Option<String> {
        self.base_url.as_ref().map(|base| format!("{}/{}", base.trim_end_matches('/'), self.web_file(id)))
    }

    /// How a related box names an article of this issue that is not in print.
    fn as_external_ref(&self, id: ArticleId) -> ExternalRef {
        let article = self.article(id);
        ExternalRef {
            title: article.title.clone(),
            author: article.byline.clone(),
            publication: self.title.clone(),
            issue: Some(self.issue_label.clone()),
            period: self.period.clone(),
            url: self.web_address(id),
            online_only: true,
        }
    }
}

/// Old article ids → the ids of the print edition.
struct Renumbering<'a> {
    issue: &'a Issue,
    /// Parallel to `issue.articles`: the new id, `None` for an online-only article.
    new_ids: Vec<Option<ArticleId>>,
}

impl<'a> Renumbering<'a> {
    fn new(issue: &'a Issue) -> Self {
        let mut next = 0;
        let new_ids = issue
            .articles
            .iter()
            .map(|article| {
                (!article.online_only).then(|| {
                    next += 1;
                    ArticleId::new(next - 1)
                })
            })
            .collect();
        Renumbering { issue, new_ids }
    }

    fn edition(&self) -> Issue {
        let issue = self.issue;
        let mut edition = Issue { articles: Vec::new(), sections: issue.sections.clone(), ..issue.clone() };
        for section in &mut edition.sections {
            section.articles = section.articles.iter().filter_map(|&id| self.new_ids[id.index()]).collect();
        }
        edition.articles = issue.print_articles().map(|(_, article)| self.article(article)).collect();
        if let Some(imprint) = &mut edition.imprint {
            imprint.blocks = self.blocks(&imprint.blocks);
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
            Block::Figure { .. } | Block::CodeBlock(_) | Block::Rule => block.clone(),
        }
    }

    fn inlines(&self, inlines: &[Inline]) -> Vec<Inline> {
        let mut out = Vec::with_capacity(inlines.len());
        for inline in inlines {
            self.push_inline(inline, &mut out);
        }
        out
    }

    /// Pushes `inline` rewritten; a link to an article not in print and without a web address
    /// leaves only its content.
    fn push_inline(&self, inline: &Inline, out: &mut Vec<Inline>) {
        let wrap = |make: fn(Vec<Inline>) -> Inline, content: &[Inline]| make(self.inlines(content));
        let rewritten = match inline {
            Inline::Emphasis(c) => wrap(Inline::Emphasis, c),
            Inline::Strong(c) => wrap(Inline::Strong, c),
            Inline::Strikethrough(c) => wrap(Inline::Strikethrough, c),
            Inline::Superscript(c) => wrap(Inline::Superscript, c),
            Inline::Subscript(c) => wrap(Inline::Subscript, c),
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
