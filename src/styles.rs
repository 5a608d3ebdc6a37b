//! Built-in styles under `styles/`: a style name → the PDF page style and the EPUB stylesheet.

use crate::diag::Diagnostic;
use crate::pdf::PdfStyle;

/// Names of the built-in styles.
pub const BUILTIN: &[&str] = &["a4", "a5", "letter"];

/// The stylesheet for the EPUB. Every built-in page style shares the default stylesheet: the
/// reader's device, not the print format, decides the EPUB's page.
pub fn epub_css(_style: &str) -> &'static str {
    include_str!("../styles/default.css")
}

/// The page style of a built-in style name.
pub fn pdf_style(name: &str) -> Result<PdfStyle, Diagnostic> {
    PdfStyle::builtin(name).ok_or_else(|| {
        let mut diagnostic = Diagnostic::error(format!("unknown style `{name}`"))
            .hint(format!("the built-in styles are {}", BUILTIN.join(", ")));
        if let Some(close) = crate::diag::did_you_mean(name, BUILTIN) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        diagnostic
    })
}
