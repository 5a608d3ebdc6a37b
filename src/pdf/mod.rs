//! The PDF writer: model → frames (fonts, shaping, hyphenation, line breaking, page layout) →
//! painted PDF bytes.

pub mod fonts;
pub mod frame;
pub mod images;
pub mod inline;
pub mod layout;
pub mod paint;
pub mod style;
pub mod units;
pub mod hyphenate;
pub mod linebreak;
pub mod shape;

use crate::model::Issue;

pub use style::PdfStyle;

/// How to write the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    pub style: PdfStyle,
}

/// The PDF and what the writer had to leave out or approximate.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// Why no PDF could be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("failed to paint the PDF ({0})")]
    Paint(#[from] paint::PaintError),
}

/// Lays out and paints an issue.
pub fn pdf(issue: &Issue, options: &PdfOptions) -> Result<PdfOutput, PdfError> {
    let (doc, warnings) = layout::layout(issue, &options.style);
    let bytes = paint::paint(&doc)?;
    Ok(PdfOutput { bytes, warnings })
}
