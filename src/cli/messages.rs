//! What the CLI tells the user, and where: diagnostics always (as text or JSON lines), progress
//! bars and status lines ("wrote …") only on a terminal and without `--quiet`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diag::json::{self, Summary};
use crate::diag::{report, Diagnostic};
use crate::progress::{Observer, Stage};
use crate::source::Sources;

/// How diagnostics are written to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    /// For people: `path:line:column`, the source line, the message and its hints.
    #[default]
    Human,
    /// One JSON object per line (see README "Messages as JSON").
    Json,
}

/// Where the run's messages go, chosen once from the flags and the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    format: MessageFormat,
    /// Status lines and progress are shown: a terminal, no `--quiet`, human format.
    chatty: bool,
    /// Colours in human diagnostics.
    color: bool,
    /// Notes are shown (`--verbose`).
    verbose: bool,
}

impl Messages {
    pub fn new(format: MessageFormat, quiet: bool, verbose: bool) -> Messages {
        let terminal = std::io::stderr().is_terminal();
        let chatty = terminal && !quiet && format == MessageFormat::Human;
        Messages { format, chatty, color: terminal, verbose }
    }

    /// Prints diagnostics whose files are in `sources`, paths shown under `issue_dir`; notes
    /// only with `--verbose`.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic], sources: &Sources, issue_dir: &Path) {
        let shown: Vec<Diagnostic>;
        let diagnostics = if self.verbose || !diagnostics.iter().any(Diagnostic::is_note) {
            diagnostics
        } else {
            shown = diagnostics.iter().filter(|d| !d.is_note()).cloned().collect();
            &shown
        };
        if diagnostics.is_empty() {
            return;
        }
        let text = match self.format {
            MessageFormat::Human => report::render_in(diagnostics, sources, self.color, issue_dir),
            MessageFormat::Json => {
                diagnostics.iter().map(|d| json::diagnostic_line(d, sources, issue_dir) + "\n").collect()
            }
        };
        write_stderr(&text);
    }

    /// A usage or I/O problem, reported like problems of the issue.
    pub fn usage_error(&self, diagnostic: Diagnostic) {
        self.diagnostics(&[diagnostic], &Sources::default(), Path::new(""));
    }

    /// A line about the run for a person at a terminal (what was written, how long it took).
    pub fn status(&self, line: &str) {
        if self.chatty && !line.is_empty() {
            write_stderr(&format!("{line}\n"));
        }
    }

    /// Where `--serve` serves the HTML edition: always shown (in a pipe too, or the address of
    /// `--port 0` would be unknown), as `{"type":"serving","url":…}` in JSON.
    pub fn serving(&self, url: &str) {
        match self.format {
            MessageFormat::Json => {
                write_stderr(&(serde_json::json!({"type": "serving", "url": url}).to_string() + "\n"))
            }
            MessageFormat::Human => write_stderr(&format!("serving the HTML edition at {url}\n")),
        }
    }

    /// The closing line of a run, for a person at a terminal or, as JSON, for a program; none in
    /// a pipe with human messages.
    pub fn summary(&self, summary: &Summary, human: &str) {
        match self.format {
            MessageFormat::Json => write_stderr(&(summary.line() + "\n")),
            MessageFormat::Human => self.status(human),
        }
    }

    /// Whether diagnostics are JSON lines.
    pub fn is_json(&self) -> bool {
        self.format == MessageFormat::Json
    }

    /// A progress bar for one build: drawn on a terminal, hidden otherwise.
    pub fn progress(&self) -> Progress {
        let bar = if self.chatty {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:<22} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress { bar }
    }
}

/// Writes to stderr at once; a closed stderr is no reason to fail the build.
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The progress of one build on the terminal: articles read, laid out, outputs written.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Writing the outputs to disk: the last stage, shown as one step per output.
    pub fn writing(&self, outputs: usize) {
        self.begin_step("writing outputs", outputs);
    }

    /// One output written.
    pub fn wrote(&self) {
        self.bar.inc(1);
    }

    /// Removes the bar, so that what follows starts on a clean line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn begin_step(&self, message: &'static str, total: usize) {
        self.bar.set_message(message);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
    }
}

impl Observer for Progress {
    fn begin(&self, stage: Stage, total: usize) {
        let message = match stage {
            Stage::Read => "reading articles",
            Stage::Layout => "laying out articles",
            Stage::Render => "producing outputs",
        };
        self.begin_step(message, total);
    }

    fn advance(&self, _stage: Stage) {
        self.bar.inc(1);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
