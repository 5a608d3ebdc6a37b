//! The one render entry point: a checked `Issue` → every requested output in memory, with the
//! warnings the writers found. The CLI, the tests and the fuzz targets all call `render`.

use crate::diag::{Diagnostic, Diagnostics};
use crate::html::{self, Site};
use crate::model::{Issue, PageStart};
use crate::offprints::{self, LaidIssue, Offprint};
use crate::pdf::layout::ArticleCache;
use crate::progress::{Observer, Silent, Stage};
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
    /// Per article a screen PDF and an EPUB (opt-in: not part of `all`).
    pub offprints: bool,
}

impl RenderOptions {
    /// Every output of an issue; offprints are asked for on their own.
    pub fn all() -> RenderOptions {
        RenderOptions { epub: true, pdf: true, print: true, html: true, offprints: false }
    }

    /// No output: a starting point for `RenderOptions { epub: true, ..RenderOptions::none() }`.
    pub fn none() -> RenderOptions {
        RenderOptions { epub: false, pdf: false, print: false, html: false, offprints: false }
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
    /// One PDF and one EPUB per article, in reading order.
    pub offprints: Option<Vec<Offprint>>,
    /// What the writers had to leave out or approximate.
    pub warnings: Vec<Diagnostic>,
    /// What the PDF layout did that the editor may want to know, not a problem: justified lines
    /// set ragged or loose because they cannot justify well (the CLI shows them with `--verbose`).
    pub notes: Vec<Diagnostic>,
}

impl Rendered {
    /// The name of the HTML edition's folder: `{slug}-html`.
    pub fn site_folder(slug: &str) -> String {
        format!("{slug}-html")
    }

    /// The name of the offprints' folder: `{slug}-offprints`.
    pub fn offprint_folder(slug: &str) -> String {
        format!("{slug}-offprints")
    }

    /// The offprints as the files of their folder: `NN-slug.pdf` and `NN-slug.epub`.
    pub fn offprint_files(&self) -> Option<Site> {
        let offprints = self.offprints.as_ref()?;
        let files = offprints
            .iter()
            .flat_map(|o| [(format!("{}.pdf", o.name), o.pdf.clone()), (format!("{}.epub", o.name), o.epub.clone())]);
        Some(Site { files: files.collect() })
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

/// Renders the requested outputs. Fails only when a writer cannot produce its output at all;
/// every such failure is returned.
///
/// With the PDF, layout runs first and the EPUB is written beside the painting, with the PDF's
/// page starts: its page-break markers and page list name the pages of that very PDF. Without
/// the PDF there are no print pages to point at, and the EPUB has no page list; layout is not
/// run just for it (it costs six times the EPUB itself).
pub fn render(issue: &Issue, options: &RenderOptions) -> Result<Rendered, Diagnostics> {
    render_observed(issue, options, None, &Silent)
}

/// What one build keeps for the next (`heft watch`): the laid-out articles (and, from the first
/// build with a cache on, the deflated PDF streams and zip entries: `crate::memo`). A build with a cache
/// writes the same bytes as one without.
#[derive(Default)]
pub struct RenderCache {
    pub articles: ArticleCache,
}

/// Renders like `render`, reusing what `cache` holds from the previous build and telling
/// `observer` of each article laid out and each output produced.
pub fn render_observed(
    issue: &Issue,
    options: &RenderOptions,
    cache: Option<&mut RenderCache>,
    observer: &dyn Observer,
) -> Result<Rendered, Diagnostics> {
    let wants_pdf = options.pdf || options.print || options.offprints;
    // The PDFs hold the print edition: the issue without its online-only articles. Its layout
    // also gives the EPUB its print page numbers, with article ids mapped back to the issue's.
    let print_edition = issue.print_edition();
    if cache.is_some() {
        crate::memo::next_build();
    }
    let cache = cache.map(|c| &mut c.articles);
    let laid =
        wants_pdf.then(|| pdf::layout::layout_observed(&print_edition, &print_edition.style.page, cache, observer));
    // Layout's warnings go with the issue's PDFs, or else with the offprints laid out for them.
    let wants_issue_pdf = options.pdf || options.print;
    let outputs =
        [options.epub, options.html, wants_issue_pdf, options.offprints].iter().filter(|&&wanted| wanted).count();
    observer.begin(Stage::Render, outputs);
    let (document, warnings, notes, page_starts, parts) = match laid {
        Some(l) => (Some(l.document), l.warnings, l.notes, l.page_starts, l.parts),
        None => (None, Vec::new(), Vec::new(), Vec::new(), Default::default()),
    };
    let page_starts = in_issue_ids(issue, &print_edition, page_starts);
    let (warnings, offprint_warnings) = if wants_issue_pdf { (warnings, Vec::new()) } else { (Vec::new(), warnings) };
    let laid_issue = document.as_ref().map(|document| LaidIssue {
        edition: &print_edition,
        document,
        parts: &parts,
        page_starts: &page_starts,
    });
    let (((epub, html), pdf), offprints) = rayon::join(
        || {
            rayon::join(
                || {
                    rayon::join(
                        || options.epub.then(|| produced(observer, epub::epub_with_print_pages(issue, &page_starts))),
                        || options.html.then(|| produced(observer, html::site(issue))),
                    )
                },
                || {
                    let document = document.as_ref().filter(|_| wants_issue_pdf);
                    document.map(|doc| {
                        let painted = pdf::paint_pdfs(&print_edition, doc, warnings, options.pdf, options.print);
                        produced(observer, painted)
                    })
                },
            )
        },
        || {
            let laid = laid_issue.filter(|_| options.offprints);
            laid.map(|laid| produced(observer, offprints::offprints(issue, &laid)))
        },
    );
    // The frames are millions of small allocations; freeing them is left to a thread of its
    // own so that the outputs are written meanwhile (a twentieth of a `heft watch` rebuild).
    if let Some(document) = document {
        std::thread::spawn(move || drop(document));
    }
    let mut rendered = Rendered { notes, ..Rendered::default() };
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
    match offprints {
        Some(Ok(offprints)) => {
            rendered.offprints = Some(offprints);
            rendered.warnings.extend(offprint_warnings);
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

/// An output, once produced: one step of the render stage.
fn produced<T>(observer: &dyn Observer, output: T) -> T {
    observer.advance(Stage::Render);
    output
}

/// Page starts laid out for the print edition, their articles named by the issue's ids: the print
/// edition leaves online-only articles out and numbers the rest anew.
fn in_issue_ids(issue: &Issue, print_edition: &Issue, page_starts: Vec<PageStart>) -> Vec<PageStart> {
    if std::ptr::eq(issue, print_edition) {
        return page_starts;
    }
    page_starts
        .into_iter()
        .map(|start| match start {
            PageStart::Article { article, at } => {
                let slug = &print_edition.article(article).id;
                match issue.articles_with_ids().find(|(_, a)| &a.id == slug) {
                    Some((id, _)) => PageStart::Article { article: id, at },
                    None => PageStart::Unplaced,
                }
            }
            other => other,
        })
        .collect()
}
