//! heft compiles a magazine issue (an `issue.toml` and Markdown articles) into an EPUB 3 and a
//! typeset PDF.
//!
//! Steps:
//! 1. `assemble`: read `issue.toml` (`manifest`), each article's front matter (`frontmatter`)
//!    and body (`markdown`, the only Markdown parser run) into one `model::Issue`; every
//!    problem becomes a `diag::Diagnostic` pointing into a file of `project::Sources`.
//! 2. `epub::epub`: the model → an EPUB 3 package.
//! 3. `pdf::pdf`: the model → frames (shaping, hyphenation, line breaking, page layout) →
//!    painted PDF bytes.
//! The library never reads the disk or the clock itself: files come through a
//! `project::Loader`, time from `Options` (SOURCE_DATE_EPOCH) or the issue date.

pub mod assemble;
pub mod assets;
pub mod cli;
pub mod diag;
pub mod epub;
pub mod frontmatter;
pub mod lang;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod pdf;
pub mod project;
pub mod report;
pub mod slug;
pub mod smartquotes;
pub mod styles;

pub use assemble::Options;

use diag::Diagnostics;
use project::{Loader, Sources};

/// The result of reading an issue: the model when there were no errors, every diagnostic, and
/// the sources they point into.
pub struct Compiled {
    pub issue: Option<model::Issue>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Reads and checks a whole issue.
pub fn compile(loader: &dyn Loader, options: &Options) -> Compiled {
    let mut sources = Sources::default();
    let mut diagnostics = Diagnostics::default();
    let issue = assemble::assemble(loader, options, &mut sources, &mut diagnostics);
    Compiled { issue, diagnostics, sources }
}
