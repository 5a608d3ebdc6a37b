//! Styles: a style name from the manifest or the command line → a checked `Style` (the PDF page
//! style and the EPUB stylesheet), resolved once when the issue is read.

pub mod page;
pub mod print;

use crate::diag::Diagnostic;
use page::PdfStyle;
use print::OutputIntent;

/// Names of the built-in styles, files under `styles/`.
pub const BUILTIN: &[&str] = &["a4", "a5", "letter"];

/// The style used when neither the manifest nor the command line names one.
pub const DEFAULT: &str = "a4";

/// A style that loaded: writers read it and cannot fail on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The name it was chosen by, e.g. `a4`.
    pub name: String,
    /// Page geometry and type sizes of the PDF.
    pub page: PdfStyle,
    /// The EPUB stylesheet.
    pub css: &'static str,
    /// The printing condition of the print PDF: the bundled generic profile unless the issue
    /// names the shop's own.
    pub output_intent: OutputIntent,
}

impl Style {
    /// A built-in style by name; the error names the built-ins and the closest one.
    pub fn builtin(name: &str) -> Result<Style, Diagnostic> {
        let page = PdfStyle::builtin(name).ok_or_else(|| unknown_style(name))?;
        Ok(Style { name: name.to_string(), page, css: epub_css(name), output_intent: OutputIntent::default() })
    }
}

impl Default for Style {
    fn default() -> Self {
        Style::builtin(DEFAULT).expect("the default style is built in")
    }
}

fn unknown_style(name: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(format!("unknown style `{name}`"))
        .hint(format!("the built-in styles are {}", BUILTIN.join(", ")));
    if let Some(close) = crate::diag::did_you_mean(name, BUILTIN) {
        diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
    }
    diagnostic
}

/// The stylesheet for the EPUB. Every built-in page style shares the default stylesheet: the
/// reader's device, not the print format, decides the EPUB's page.
fn epub_css(_style: &str) -> &'static str {
    include_str!("../../styles/default.css")
}
