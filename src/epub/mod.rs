//! The EPUB writer: an `Issue` → the bytes of an EPUB 3.3 package (XHTML pages, OPF, nav, NCX,
//! stylesheet and images in a reproducible zip).
//!
//! Steps: `plan::Plan` assigns file names, then `xhtml` renders the pages, `opf` the package document,
//! `nav` and `ncx` the two tables of contents, `cover` draws a cover when the issue has none, and
//! `package` zips them in a fixed order.

mod cover;
mod nav;
mod ncx;
mod opf;
mod package;
pub(crate) mod plan;
pub(crate) mod xhtml;
pub(crate) mod xml;

use crate::model::{Issue, PageStart};
use crate::style::webfonts;
use plan::{Plan, COVER_PAGE, CSS, GENERATED_COVER, IMPRINT, NAV, NCX, OPF, TITLE_PAGE};

/// Why an EPUB could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// An entry or the whole archive exceeds what zip without zip64 can hold (4 GiB, 65 535 files).
    #[error("failed to write the epub archive ({0} is too large for a zip file)")]
    TooLarge(String),
    /// Writing into the in-memory buffer failed.
    #[error("failed to write the epub archive ({0})")]
    Io(#[from] std::io::Error),
    /// An image path is absolute, climbs out of the package, or is taken by another file.
    #[error("invalid image path in the epub package: {0}")]
    AssetPath(String),
}

/// Writes `issue` as an EPUB 3 package and returns its bytes; the same input gives the same bytes.
pub fn epub(issue: &Issue) -> Result<Vec<u8>, EpubError> {
    epub_with_print_pages(issue, &[])
}

/// Like `epub`, with a page-break marker where each page of the print edition begins and a page
/// list: `page_starts` has one entry per PDF page, from `pdf::layout::layout_with_page_starts`.
pub fn epub_with_print_pages(issue: &Issue, page_starts: &[PageStart]) -> Result<Vec<u8>, EpubError> {
    let plan = Plan::new(issue, page_starts)?;
    let css = webfonts::epub_css(&issue.style.css, &issue.style.fonts) + &issue.style.page.colours.epub_css();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (OPF.to_string(), opf::opf(&plan)),
        (NCX.to_string(), ncx::ncx(&plan)),
        (NAV.to_string(), nav::nav(&plan)),
        (CSS.to_string(), css.into_bytes()),
        (COVER_PAGE.to_string(), xhtml::cover_page(&plan)),
        (TITLE_PAGE.to_string(), xhtml::title_page(&plan)),
    ];
    for (id, _) in issue.articles_with_ids() {
        files.push((plan.article_file(id).to_string(), xhtml::article(&plan, id)));
    }
    if plan.issue.imprint.is_some() {
        files.push((IMPRINT.to_string(), xhtml::imprint(&plan)));
    }
    if issue.cover.is_none() {
        files.push((GENERATED_COVER.to_string(), cover::generated_cover(issue)));
    }
    for (path, bytes, _) in webfonts::font_files(&issue.style.fonts) {
        files.push((path, bytes.to_vec()));
    }
    package::package(&plan, files)
}
