//! Offprints: for each article a screen PDF and an EPUB holding that article, the publication
//! header and the imprint (`NAME-offprints/NN-slug.pdf|.epub`).
//!
//! The EPUB is the EPUB writer run on a one-article view of the model
//! (`Issue::offprint_edition`). The PDF of an article in print is selected from the frames the
//! issue's PDF was laid out into (`pdf::layout::offprint`), so its pages, breaks and folios are
//! the issue's; an online-only article, in no PDF, is laid out alone and numbered from 1.

use rayon::prelude::*;

use crate::epub::{self, EpubError};
use crate::model::{Article, ArticleId, Issue, PageStart};
use crate::pdf::frame::{DocInfo, Document};
use crate::pdf::layout::{self, offprint::Parts, offprint::Selection};
use crate::pdf::paint::{self, PaintError, Target};

/// One article's offprint.
#[derive(Debug, Clone)]
pub struct Offprint {
    /// `NN-slug`: the article's place in the issue (two digits) and its slug, as in its web page's
    /// name (`aNN-slug.html`).
    pub name: String,
    pub pdf: Vec<u8>,
    pub epub: Vec<u8>,
}

/// Why an offprint could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OffprintError {
    #[error("failed to write the offprint {name}.pdf ({source})")]
    Pdf { name: String, source: PaintError },
    #[error("failed to write the offprint {name}.epub ({source})")]
    Epub { name: String, source: EpubError },
}

/// The issue's PDF as laid out already: the print edition, its frames and their parts.
pub(crate) struct LaidIssue<'a> {
    pub edition: &'a Issue,
    pub document: &'a Document,
    pub parts: &'a Parts,
    /// Where each page begins, with the issue's article ids (for the EPUB's page list).
    pub page_starts: &'a [PageStart],
}

/// Every article's offprint, in reading order.
pub(crate) fn offprints(issue: &Issue, laid: &LaidIssue) -> Result<Vec<Offprint>, OffprintError> {
    let ids: Vec<ArticleId> = issue.articles_with_ids().map(|(id, _)| id).collect();
    ids.par_iter().map(|&id| offprint(issue, laid, id)).collect()
}

fn offprint(issue: &Issue, laid: &LaidIssue, id: ArticleId) -> Result<Offprint, OffprintError> {
    let article = issue.article(id);
    let name = offprint_name(article);
    let edition = issue.offprint_edition(id);
    let in_print = laid.edition.articles.iter().position(|a| a.id == article.id);
    let epub_pages = in_print.map(|_| offprint_page_starts(laid.page_starts, id)).unwrap_or_default();
    let (pdf, epub) = rayon::join(
        || offprint_pdf(issue, laid, &edition, article, in_print),
        || epub::epub_with_print_pages(&edition, &epub_pages),
    );
    let pdf = pdf.map_err(|source| OffprintError::Pdf { name: name.clone(), source })?;
    let epub = epub.map_err(|source| OffprintError::Epub { name: name.clone(), source })?;
    Ok(Offprint { name, pdf, epub })
}

/// `NN-slug` from the article id `aNN-slug`.
fn offprint_name(article: &Article) -> String {
    article.id.strip_prefix('a').unwrap_or(&article.id).to_string()
}

/// The issue's page starts as the offprint EPUB sees them: its article (the one article of the
/// offprint) and the imprint; the pages of other parts are not in it.
fn offprint_page_starts(page_starts: &[PageStart], id: ArticleId) -> Vec<PageStart> {
    page_starts
        .iter()
        .map(|start| match start {
            PageStart::Article { article, at } if *article == id => {
                PageStart::Article { article: ArticleId::new(0), at: at.clone() }
            }
            PageStart::Imprint { .. } => start.clone(),
            _ => PageStart::Unplaced,
        })
        .collect()
}

/// The offprint PDF: the article's pages of the issue's PDF (index `in_print` in the print
/// edition) or, for an article only online, of the offprint edition laid out alone.
fn offprint_pdf(
    issue: &Issue,
    laid: &LaidIssue,
    edition: &Issue,
    article: &Article,
    in_print: Option<usize>,
) -> Result<Vec<u8>, PaintError> {
    let document = match in_print {
        Some(index) => {
            let elsewhere = laid
                .parts
                .articles
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != index)
                .map(|(other, pages)| (pages.clone(), web_address(issue, &laid.edition.articles[other])))
                .collect();
            let selection = selection(issue, article, laid.parts.articles[index].clone(), laid.parts, None, elsewhere);
            layout::offprint::offprint(laid.document, laid.edition, &selection)
        }
        None => {
            // Layout warnings of an article alone (image resolution for print) concern no
            // printed page; the HTML edition and the EPUB report none either.
            let alone = layout::layout_with_page_starts(edition, &edition.style.page);
            let pages = alone.parts.articles.first().cloned().unwrap_or_default();
            let selection = selection(issue, article, pages, &alone.parts, Some(1), Vec::new());
            layout::offprint::offprint(&alone.document, edition, &selection)
        }
    };
    paint::paint(&document, &Target::Screen)
}

/// What an offprint takes from a laid-out document and what it says about itself.
fn selection(
    issue: &Issue,
    article: &Article,
    pages: std::ops::Range<usize>,
    parts: &Parts,
    number_from: Option<usize>,
    elsewhere: Vec<(std::ops::Range<usize>, Option<String>)>,
) -> Selection {
    let appeared = issue.appearance(article).plain();
    let author = if article.authors.is_empty() {
        article.byline.clone().unwrap_or_default()
    } else {
        article.authors.join(", ")
    };
    let info = DocInfo {
        title: article.title.replace('\u{ad}', ""),
        author: author.replace('\u{ad}', ""),
        subject: appeared.clone(),
        creator: "heft".to_string(),
        lang: issue.language.clone(),
        epoch: issue.modified_epoch,
        id_seed: format!("{}#{}", issue.identifier, article.id),
    };
    Selection {
        article: pages,
        article_title: article.title.clone(),
        imprint: parts.imprint.clone(),
        number_from,
        elsewhere,
        appeared,
        appeared_lang: article.lang.clone(),
        info,
    }
}

/// The web address of an article of the issue (found by its id in an edition).
fn web_address(issue: &Issue, article: &Article) -> Option<String> {
    let (id, _) = issue.articles_with_ids().find(|(_, a)| a.id == article.id)?;
    issue.web_address(id)
}
