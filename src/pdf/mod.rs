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
use frame::{Document, FrameItem, Page};
use paint::{PrintSetup, Target};
use units::Pt;

pub use paint::PaintError;

/// The screen PDF and what the writer had to leave out or approximate.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    /// Undrawable images, characters no bundled font has: pointing at the article file.
    pub warnings: Vec<Diagnostic>,
}

/// The PDFs asked for, painted from one layout, and the warnings of layout and padding.
#[derive(Debug, Clone, Default)]
pub struct PdfOutputs {
    /// For screen and download: links, outline.
    pub screen: Option<Vec<u8>>,
    /// For the press: PDF/X-4, bleed, no links.
    pub print: Option<Vec<u8>>,
    /// The cover spread (back, spine, front) of a perfect-bound issue.
    pub cover: Option<Vec<u8>>,
    pub warnings: Vec<Diagnostic>,
}

/// Why no PDF could be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("failed to paint the PDF ({0})")]
    Paint(#[from] PaintError),
}

/// Lays out and paints an issue's screen PDF in its style.
pub fn pdf(issue: &Issue) -> Result<PdfOutput, PdfError> {
    let outputs = pdfs(issue, true, false)?;
    Ok(PdfOutput { bytes: outputs.screen.unwrap_or_default(), warnings: outputs.warnings })
}

/// Lays out an issue once and paints the screen and print PDFs from the same frames, side by
/// side: both have the same pages, breaks and contents page numbers.
pub fn pdfs(issue: &Issue, want_screen: bool, want_print: bool) -> Result<PdfOutputs, PdfError> {
    let (doc, warnings) = layout::layout(issue, &issue.style.page);
    paint_pdfs(issue, &doc, warnings, want_screen, want_print)
}

/// Paints the screen and print PDFs from a document laid out already (by
/// `layout::layout_with_page_starts`, whose page starts the EPUB writer reads in the same run).
pub fn paint_pdfs(
    issue: &Issue,
    doc: &Document,
    mut warnings: Vec<Diagnostic>,
    want_screen: bool,
    want_print: bool,
) -> Result<PdfOutputs, PdfError> {
    let settings = &issue.style.page.print;
    let pages = doc.pages.len();
    let padded = settings.binding.padded(pages);
    let setup = PrintSetup {
        bleed: Pt::from_mm(settings.bleed_mm),
        crop_marks: settings.crop_marks,
        blank_pages: padded - pages,
        intent: &issue.style.output_intent,
    };
    let perfect = settings.binding == crate::style::print::Binding::Perfect;
    let spine = Pt::from_mm(settings.spine_width_mm(padded));
    let ((screen, print), cover) = rayon::join(
        || {
            // Both PDFs show the same painted pages: painted once (see `PaintedPages`).
            let painted = match (want_screen || want_print).then(|| paint::PaintedPages::new(doc)).transpose() {
                Ok(painted) => painted,
                Err(err) => return (Err(err), Ok(None)),
            };
            let paint = |target: Target| painted.as_ref().map(|p| paint::paint_with(doc, &target, p)).transpose();
            rayon::join(
                || if want_screen { paint(Target::Screen) } else { Ok(None) },
                || if want_print { paint(Target::Print(setup)) } else { Ok(None) },
            )
        },
        || {
            (want_print && perfect)
                .then(|| paint::paint(&cover_spread(doc, spine), &Target::Print(setup.cover())))
                .transpose()
        },
    );
    if want_print && padded > pages {
        warnings.push(padding_warning(settings.binding, pages, padded));
    }
    Ok(PdfOutputs { screen: screen?, print: print?, cover: cover?, warnings })
}

/// The layout's warnings alone (image resolution, missing glyphs) and its notes (lines that cannot
/// justify well), for `heft check`.
pub fn check(issue: &Issue) -> Vec<Diagnostic> {
    let laid = layout::layout_with_page_starts(issue, &issue.style.page);
    laid.warnings.into_iter().chain(laid.notes).collect()
}

fn padding_warning(binding: crate::style::print::Binding, pages: usize, padded: usize) -> Diagnostic {
    let added = padded - pages;
    let why = match binding {
        crate::style::print::Binding::Saddle => "saddle stitching needs a multiple of 4 pages",
        crate::style::print::Binding::Perfect => "perfect binding needs an even page count",
    };
    Diagnostic::warning(format!(
        "the print PDF has {added} blank page(s) added at the end ({pages} → {padded} pages): {why}"
    ))
    .hint("shorten or lengthen the issue by that many pages to avoid blank pages")
}

/// The cover of a perfect-bound issue as one spread: back (empty), spine, and the title page
/// as the front; links left out.
fn cover_spread(doc: &Document, spine: Pt) -> Document {
    let front = &doc.pages[0];
    let shift = front.width + spine;
    let items = front
        .items
        .iter()
        .filter(|p| !matches!(p.item, FrameItem::Link { .. }))
        .cloned()
        .map(|mut p| {
            p.x += shift;
            p
        })
        .collect();
    let page = Page { width: front.width * 2.0 + spine, height: front.height, items };
    // Print is not tagged, so the cover needs no structure.
    Document {
        pages: vec![page],
        outline: Vec::new(),
        info: doc.info.clone(),
        images: doc.images.clone(),
        structure: Vec::new(),
        page_numbers: Vec::new(),
        swatches: doc.swatches.clone(),
    }
}
