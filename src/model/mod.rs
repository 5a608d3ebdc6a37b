//! The document tree both writers read: an `Issue` built once from the manifest and the articles.
//!
//! Everything a writer needs is resolved here: smart quotes, footnote numbers, cross-reference
//! targets, element ids, image bytes. No type in this module knows about EPUB or PDF.

mod edition;
mod hyphenation;
mod ids;
pub(crate) mod links;
mod print_pages;
mod related;

pub use hyphenation::HyphenationExceptions;
pub use ids::{ArticleId, AssetId, SectionId};
pub use print_pages::{counted_chars, counts, shown_text, PageStart, TextPosition};
pub use related::{online_only_mark, CitationParts, ExternalRef, Related};

/// A whole issue, in reading order.
#[derive(Debug, Clone)]
pub struct Issue {
    /// Publication name, e.g. "Die Zeitung".
    pub title: String,
    /// Issue label, e.g. "Nr. 1/2026".
    pub issue_label: String,
    pub period: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub date: String,
    /// BCP 47 tag: the issue's language and every article's default.
    pub language: String,
    pub publisher: Option<String>,
    /// Where the HTML edition is published (`https://example.org/2026-1`), without a trailing
    /// slash: the base of canonical links, the sitemap and the feed.
    pub base_url: Option<String>,
    /// `urn:issn:…`, `urn:uuid:…` or whatever the manifest gave.
    pub identifier: String,
    /// ASCII slug for output file names, e.g. `die-zeitung-2026-1`.
    pub slug: String,
    /// Seconds since the epoch for "last modified": SOURCE_DATE_EPOCH or the issue date at noon.
    pub modified_epoch: i64,
    pub cover: Option<AssetId>,
    pub imprint: Option<Imprint>,
    pub sections: Vec<Section>,
    /// All articles in reading order; sections and links refer to them by `ArticleId`.
    pub articles: Vec<Article>,
    /// Images, each stored once.
    pub assets: Vec<Asset>,
    /// The book's title: publication and issue label ("Rote Feder Nr. 1/2026").
    pub book_title: String,
    /// Distinct article authors in reading order, soft hyphens removed: the document's authors.
    pub authors: Vec<String>,
    /// The page and stylesheet style, checked when the issue was read.
    pub style: crate::style::Style,
    /// What the publisher claims about accessibility (`[accessibility]` in the manifest).
    pub accessibility: Accessibility,
    /// The editor's hyphenation exceptions (`hyphenation = "…"` in the manifest).
    pub hyphenation: HyphenationExceptions,
    /// Set in an offprint only (`Issue::offprint_edition`): where its one article appeared.
    pub appeared_in: Option<CitationParts>,
}

/// The publisher's accessibility claim: nothing unless the manifest says so, because only the
/// publisher can vouch for what no checker sees (quality of alt texts, link wording).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accessibility {
    /// The publisher states conformance to EPUB Accessibility 1.1 – WCAG 2.1 AA.
    pub conforms: bool,
    /// Who checked it, e.g. the publisher or an agency.
    pub certifier: Option<String>,
}

impl Issue {
    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id.index()]
    }

    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.index()]
    }

    pub fn asset(&self, id: AssetId) -> &Asset {
        &self.assets[id.index()]
    }

    /// Every article with its id, in reading order.
    pub fn articles_with_ids(&self) -> impl Iterator<Item = (ArticleId, &Article)> {
        self.articles.iter().enumerate().map(|(i, a)| (ArticleId::new(i), a))
    }

    /// Every image with its id.
    pub fn assets_with_ids(&self) -> impl Iterator<Item = (AssetId, &Asset)> {
        self.assets.iter().enumerate().map(|(i, a)| (AssetId::new(i), a))
    }

    /// The table of contents: each section with its articles, in reading order. The EPUB
    /// navigation, the PDF contents page and outline all walk this one list.
    pub fn toc(&self) -> impl Iterator<Item = TocSection<'_>> {
        self.sections.iter().map(move |section| TocSection {
            section,
            articles: section.articles.iter().map(|&id| (id, self.article(id))).collect(),
        })
    }
}

/// One section of the table of contents with its articles.
#[derive(Debug, Clone)]
pub struct TocSection<'a> {
    pub section: &'a Section,
    pub articles: Vec<(ArticleId, &'a Article)>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    /// Stable id, e.g. `s1`.
    pub id: String,
    pub articles: Vec<ArticleId>,
}

/// The imprint page: Markdown without front matter, in the issue's language.
#[derive(Debug, Clone)]
pub struct Imprint {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Stable id used for file names and anchors, e.g. `a03-streik-in-bremen`.
    pub id: String,
    /// Path as written in the manifest, relative to the issue folder.
    pub path: String,
    /// The article's source file, for diagnostics of later stages.
    pub file: crate::source::FileId,
    pub section: SectionId,
    pub kicker: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    /// Display line: the `byline`, or the `authors` joined ("A, B und C").
    pub byline: Option<String>,
    /// Individual authors for metadata (from `authors`, else empty).
    pub authors: Vec<String>,
    pub date: Option<String>,
    /// BCP 47 tag; the issue language unless the front matter said otherwise.
    pub lang: String,
    /// Translation note, e.g. "Aus dem Englischen übersetzt".
    pub note: Option<String>,
    pub source: Option<Source>,
    /// Other articles of this issue (never this one) or articles published elsewhere.
    pub related: Vec<Related>,
    /// Published only online: in the EPUB and the HTML edition, not in the PDFs.
    pub online_only: bool,
    pub blocks: Vec<Block>,
    /// Footnotes in order of first reference, numbered from 1 per article.
    pub footnotes: Vec<Footnote>,
}

impl Article {
    /// Headings of the body, in order, for outlines and tables of contents.
    pub fn headings(&self) -> Vec<HeadingRef<'_>> {
        let mut out = Vec::new();
        collect_headings(&self.blocks, &mut out);
        out
    }
}

/// A heading of an article body, as outlines and tables of contents list it.
#[derive(Debug, Clone, Copy)]
pub struct HeadingRef<'a> {
    pub level: u8,
    pub id: &'a str,
    pub content: &'a [Inline],
}

fn collect_headings<'a>(blocks: &'a [Block], out: &mut Vec<HeadingRef<'a>>) {
    for block in blocks {
        match block {
            Block::Heading { level, id, content } => out.push(HeadingRef { level: *level, id, content }),
            Block::BlockQuote(inner) => collect_headings(inner, out),
            _ => {}
        }
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub text: String,
    /// Set when the source is (or contains only) a web address.
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Footnote {
    /// 1-based, per article.
    pub number: u32,
    /// Anchor of the note itself, e.g. `fn-3`; the reference mark is `fnref-3`.
    pub id: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading {
        /// 2..=6 inside an article (the article title is the level-1 heading).
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    BlockQuote(Vec<Block>),
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// An image alone in a paragraph; the caption is its alt text.
    Figure {
        asset: AssetId,
        alt: String,
        /// The editor asked for the image to run to the page edges (`{.bleed}` after it).
        bleed: bool,
    },
    CodeBlock(String),
    Rule,
}

#[derive(Debug, Clone)]
pub enum Inline {
    /// Text with smart punctuation already applied; may contain soft hyphens (U+00AD).
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Superscript(Vec<Inline>),
    Subscript(Vec<Inline>),
    Code(String),
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
    },
    /// An image inside running text.
    Image {
        asset: AssetId,
        alt: String,
    },
    /// Mark pointing at `Article::footnotes[number - 1]`.
    FootnoteRef {
        number: u32,
    },
    LineBreak,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A web or mail address.
    External(String),
    /// Another article of this issue, optionally a heading id inside it.
    Article { article: ArticleId, fragment: Option<String> },
}

/// An image file read once and shared by both writers.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The editor's file, relative to the issue folder, e.g. `articles/fotos/demo.png`.
    pub path: String,
    /// Path inside the EPUB package, e.g. `images/a02-demo.png`.
    pub package_path: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    /// Pixel size (for SVG: the nominal size, or 0 when unknown).
    pub width: u32,
    pub height: u32,
}

impl Block {
    /// Gives back the spare capacity of every vector and string in the block, recursively.
    /// A parser grows vectors as elements arrive (Rust's smallest growth is four elements), so
    /// a list of 165 000 one-word items kept about 80 MB of unused room in the model, which
    /// lives until every writer is done.
    pub(crate) fn compact(blocks: &mut Vec<Block>) {
        blocks.shrink_to_fit();
        for block in blocks {
            match block {
                Block::Paragraph(content) | Block::Heading { content, .. } => Inline::compact(content),
                Block::List { items, .. } => {
                    items.shrink_to_fit();
                    items.iter_mut().for_each(Block::compact);
                }
                Block::BlockQuote(inner) => Block::compact(inner),
                Block::Table { align, header, rows } => {
                    align.shrink_to_fit();
                    header.iter_mut().for_each(Inline::compact);
                    rows.shrink_to_fit();
                    for row in rows {
                        row.shrink_to_fit();
                        row.iter_mut().for_each(Inline::compact);
                    }
                }
                Block::Figure { alt, .. } | Block::CodeBlock(alt) => alt.shrink_to_fit(),
                Block::Rule => {}
            }
        }
    }
}

impl Inline {
    /// Gives back spare capacity, recursively (see [`Block::compact`]).
    pub(crate) fn compact(inlines: &mut Vec<Inline>) {
        inlines.shrink_to_fit();
        for inline in inlines {
            match inline {
                Inline::Text(text) | Inline::Code(text) | Inline::Image { alt: text, .. } => text.shrink_to_fit(),
                Inline::Emphasis(inner)
                | Inline::Strong(inner)
                | Inline::Strikethrough(inner)
                | Inline::Superscript(inner)
                | Inline::Subscript(inner)
                | Inline::Link { content: inner, .. } => Inline::compact(inner),
                Inline::FootnoteRef { .. } | Inline::LineBreak => {}
            }
        }
    }

    /// Whether a paragraph is wholly bold, as an interview question is: every piece of visible
    /// text sits inside `Strong`, and there is some.
    pub fn wholly_strong(inlines: &[Inline]) -> bool {
        let mut any = false;
        for inline in inlines {
            match inline {
                Inline::Strong(c) => any |= !Inline::plain_text(c).trim().is_empty(),
                Inline::Text(t) if t.trim().is_empty() => {}
                Inline::LineBreak | Inline::FootnoteRef { .. } => {}
                _ => return false,
            }
        }
        any
    }

    /// The plain text of a run of inlines (alt texts and footnote marks excluded).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        push_plain(inlines, &mut out);
        out
    }
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(&t.replace('\u{ad}', "")),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => push_plain(c, out),
            Inline::LineBreak => out.push(' '),
            Inline::Image { .. } | Inline::FootnoteRef { .. } => {}
        }
    }
}
