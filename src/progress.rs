//! Progress of a build as plain events, for whoever shows it (the CLI's progress bar). The
//! pipeline only calls an `Observer`; it knows no terminal, and without one nothing is reported.

/// A stage of a build, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Articles read and parsed (one step per article).
    Read,
    /// Articles laid out into pages (one step per article of the print edition).
    Layout,
    /// Outputs produced in memory (one step per output: EPUB, HTML, the PDFs).
    Render,
}

/// Told what a build does while it does it. Layout reports from several threads at once.
pub trait Observer: Sync {
    /// `stage` begins with `total` steps.
    fn begin(&self, _stage: Stage, _total: usize) {}
    /// One step of `stage` is done.
    fn advance(&self, _stage: Stage) {}
}

/// Reports nothing: the observer of builds nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}
