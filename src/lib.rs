//! heft compiles a magazine issue (an `issue.toml` and Markdown articles) into an EPUB 3 and a
//! typeset PDF.
//!
//! Steps, data flowing one way:
//! 1. [`compile`] (`input`): read `issue.toml`, each article's front matter and body (the only
//!    place Markdown is parsed) into one `model::Issue`; every problem becomes a
//!    `diag::Diagnostic` pointing into a file of `source::Sources`.
//! 2. [`render`]: the model → every requested output (`epub`, `pdf`) in memory, with warnings.
//!
//! The library never reads the disk or the clock itself: files come through a
//! `source::Loader`, time from `Options` (SOURCE_DATE_EPOCH) or the issue date.

pub mod cli;
pub(crate) mod deflate;
pub mod diag;
pub mod epub;
pub mod html;
pub mod input;
pub(crate) mod memo;
pub mod model;
pub mod offprints;
pub mod pdf;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod source;
pub mod style;
pub mod text;

pub use input::Options;
pub use render::{render, render_observed, RenderCache, RenderOptions, Rendered};

use diag::Diagnostics;
use source::{Loader, Sources};

/// The result of reading an issue: the model when there were no errors, every diagnostic, and
/// the sources they point into.
pub struct Compiled {
    pub issue: Option<model::Issue>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Reads and checks a whole issue.
pub fn compile(loader: &dyn Loader, options: &Options) -> Compiled {
    compile_observed(loader, options, &progress::Silent)
}

/// Reads and checks a whole issue like `compile`, telling `observer` of each article read.
pub fn compile_observed(loader: &dyn Loader, options: &Options, observer: &dyn progress::Observer) -> Compiled {
    let mut sources = Sources::default();
    let mut diagnostics = Diagnostics::default();
    let issue = input::assemble(loader, options, observer, &mut sources, &mut diagnostics);
    Compiled { issue, diagnostics, sources }
}
