//! The one render entry point: a checked `Issue` → every requested output in memory, with the
//! warnings the writers found. The CLI, the tests and the fuzz targets all call `render`.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Issue;
use crate::{epub, pdf};

/// Which outputs to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    pub epub: bool,
    pub pdf: bool,
}

impl RenderOptions {
    /// Every output heft can write.
    pub fn all() -> RenderOptions {
        RenderOptions { epub: true, pdf: true }
    }

    /// No output: a starting point for `RenderOptions { epub: true, ..RenderOptions::none() }`.
    pub fn none() -> RenderOptions {
        RenderOptions { epub: false, pdf: false }
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions::all()
    }
}

/// The outputs of one issue, each present when it was requested.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The EPUB 3 package.
    pub epub: Option<Vec<u8>>,
    /// The screen PDF (links, outline).
    pub pdf: Option<Vec<u8>>,
    /// What the writers had to leave out or approximate.
    pub warnings: Vec<Diagnostic>,
}

impl Rendered {
    /// The outputs as files named after the issue's slug: `(file name, bytes)`.
    pub fn files(&self, slug: &str) -> Vec<(String, &[u8])> {
        let mut files = Vec::new();
        if let Some(bytes) = &self.epub {
            files.push((format!("{slug}.epub"), bytes.as_slice()));
        }
        if let Some(bytes) = &self.pdf {
            files.push((format!("{slug}.pdf"), bytes.as_slice()));
        }
        files
    }
}

/// Renders the requested outputs side by side. Fails only when a writer cannot produce its
/// output at all; every such failure is returned.
pub fn render(issue: &Issue, options: &RenderOptions) -> Result<Rendered, Diagnostics> {
    let (epub, pdf) = rayon::join(|| options.epub.then(|| epub::epub(issue)), || options.pdf.then(|| pdf::pdf(issue)));
    let mut rendered = Rendered::default();
    let mut errors = Diagnostics::default();
    match epub {
        Some(Ok(bytes)) => rendered.epub = Some(bytes),
        Some(Err(err)) => errors.push(Diagnostic::error(format!("failed to write the EPUB ({err})"))),
        None => {}
    }
    match pdf {
        Some(Ok(output)) => {
            rendered.pdf = Some(output.bytes);
            rendered.warnings.extend(output.warnings);
        }
        Some(Err(err)) => errors.push(Diagnostic::error(err.to_string())),
        None => {}
    }
    if errors.0.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}
