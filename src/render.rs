//! The one render entry point: a checked `Issue` → every requested output in memory, with the
//! warnings the writers found. The CLI, the tests and the fuzz targets all call `render`.

use crate::diag::{Diagnostic, Diagnostics};
use crate::html::{self, Site};
use crate::model::Issue;
use crate::{epub, pdf};

/// Which outputs to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    pub epub: bool,
    /// The screen PDF.
    pub pdf: bool,
    /// The print PDF (and the cover of a perfect-bound issue), from the screen PDF's layout.
    pub print: bool,
    /// The HTML edition: a static site folder.
    pub html: bool,
}

impl RenderOptions {
    /// Every output heft can write.
    pub fn all() -> RenderOptions {
        RenderOptions { epub: true, pdf: true, print: true, html: true }
    }

    /// No output: a starting point for `RenderOptions { epub: true, ..RenderOptions::none() }`.
    pub fn none() -> RenderOptions {
        RenderOptions { epub: false, pdf: false, print: false, html: false }
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
    /// The print PDF (PDF/X-4, bleed, no links).
    pub print_pdf: Option<Vec<u8>>,
    /// The cover spread of a perfect-bound issue.
    pub print_cover: Option<Vec<u8>>,
    /// The HTML edition: a folder of pages, stylesheet and images.
    pub html: Option<Site>,
    /// What the writers had to leave out or approximate.
    pub warnings: Vec<Diagnostic>,
}

impl Rendered {
    /// The name of the HTML edition's folder: `{slug}-html`.
    pub fn site_folder(slug: &str) -> String {
        format!("{slug}-html")
    }

    /// The outputs as files named after the issue's slug: `(file name, bytes)`. The HTML
    /// edition is a folder, written apart (see `html` and `site_folder`).
    pub fn files(&self, slug: &str) -> Vec<(String, &[u8])> {
        let mut files = Vec::new();
        if let Some(bytes) = &self.epub {
            files.push((format!("{slug}.epub"), bytes.as_slice()));
        }
        if let Some(bytes) = &self.pdf {
            files.push((format!("{slug}.pdf"), bytes.as_slice()));
        }
        if let Some(bytes) = &self.print_pdf {
            files.push((format!("{slug}-print.pdf"), bytes.as_slice()));
        }
        if let Some(bytes) = &self.print_cover {
            files.push((format!("{slug}-cover.pdf"), bytes.as_slice()));
        }
        files
    }
}

/// Renders the requested outputs side by side. Fails only when a writer cannot produce its
/// output at all; every such failure is returned.
pub fn render(issue: &Issue, options: &RenderOptions) -> Result<Rendered, Diagnostics> {
    let wants_pdf = options.pdf || options.print;
    // The PDFs hold the print edition: the issue without its online-only articles.
    let print_edition = || issue.print_edition();
    let ((epub, html), pdf) = rayon::join(
        || rayon::join(|| options.epub.then(|| epub::epub(issue)), || options.html.then(|| html::site(issue))),
        || wants_pdf.then(|| pdf::pdfs(&print_edition(), options.pdf, options.print)),
    );
    let mut rendered = Rendered::default();
    let mut errors = Diagnostics::default();
    match epub {
        Some(Ok(bytes)) => rendered.epub = Some(bytes),
        Some(Err(err)) => errors.push(Diagnostic::error(format!("failed to write the EPUB ({err})"))),
        None => {}
    }
    match html {
        Some(Ok(site)) => rendered.html = Some(site),
        Some(Err(err)) => errors.push(Diagnostic::error(format!("failed to write the HTML edition ({err})"))),
        None => {}
    }
    match pdf {
        Some(Ok(outputs)) => {
            rendered.pdf = outputs.screen;
            rendered.print_pdf = outputs.print;
            rendered.print_cover = outputs.cover;
            rendered.warnings.extend(outputs.warnings);
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
