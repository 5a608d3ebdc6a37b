//! The PDF writer: model → frame document (`typeset`: fonts, shaping, hyphenation, line breaking;
//! `layout`: pages) → painted PDF bytes (`paint`).

pub mod frame;
pub(crate) mod images;
pub mod layout;
pub(crate) mod paint;
pub(crate) mod typeset;
pub mod units;

use crate::diag::Diagnostic;
use crate::model::Issue;

pub use paint::PaintError;

/// The PDF and what the writer had to leave out or approximate.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    /// Undrawable images, characters no bundled font has: pointing at the article file.
    pub warnings: Vec<Diagnostic>,
}

/// Why no PDF could be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("failed to paint the PDF ({0})")]
    Paint(#[from] PaintError),
}

/// Lays out and paints an issue in its style.
pub fn pdf(issue: &Issue) -> Result<PdfOutput, PdfError> {
    let (doc, warnings) = layout::layout(issue, &issue.style.page);
    let bytes = paint::paint(&doc)?;
    Ok(PdfOutput { bytes, warnings })
}
