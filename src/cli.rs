//! The command line: `heft build` and `heft check`. The only module that writes files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, Diagnostics};
use crate::project::DiskLoader;
use crate::{compile, epub, report, Options};

#[derive(Debug, Parser)]
#[command(name = "heft", version, about = "Compiles a magazine issue into an EPUB 3 and a typeset PDF")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Builds the EPUB and the PDF of an issue.
    Build {
        /// The issue folder (holds issue.toml).
        issue: PathBuf,
        /// Where the outputs go (created if missing).
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Which outputs to write.
        #[arg(long, value_enum, default_value_t = Format::All)]
        format: Format,
        /// Page and EPUB style, overriding the manifest's `style` (a4, a5, letter).
        #[arg(long)]
        style: Option<String>,
    },
    /// Checks an issue and reports every problem, writing nothing.
    Check {
        issue: PathBuf,
        #[arg(long)]
        style: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Epub,
    Pdf,
    All,
}

/// How a run ended; `main` turns it into the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The issue has errors.
    InputErrors,
    /// The outputs could not be written.
    IoError,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Build { issue, out, format, style } => build(&issue, &out, format, style),
        Command::Check { issue, style } => check(&issue, style),
    }
}

fn options(style: Option<String>) -> Options {
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok());
    Options { style, source_date_epoch }
}

fn print(diagnostics: &[Diagnostic], sources: &crate::project::Sources) {
    if !diagnostics.is_empty() {
        eprint!("{}", report::render(diagnostics, sources, std::io::stderr().is_terminal()));
    }
}

fn check(issue_dir: &Path, style: Option<String>) -> Outcome {
    let compiled = compile(&DiskLoader::new(issue_dir), &options(style));
    print(&compiled.diagnostics.0, &compiled.sources);
    let errors = compiled.diagnostics.0.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("{}: {errors} error(s)", issue_dir.display());
        return Outcome::InputErrors;
    }
    if let Some(issue) = compiled.issue {
        eprintln!("{}: ok ({} articles)", issue_dir.display(), issue.articles.len());
    }
    Outcome::Success
}

fn build(issue_dir: &Path, out: &Path, format: Format, style: Option<String>) -> Outcome {
    let compiled = compile(&DiskLoader::new(issue_dir), &options(style));
    let Some(issue) = compiled.issue else {
        print(&compiled.diagnostics.0, &compiled.sources);
        eprintln!("error: {} was not built; nothing was written", issue_dir.display());
        return Outcome::InputErrors;
    };
    let mut diagnostics = compiled.diagnostics;
    let outputs = match render(&issue, format, &mut diagnostics) {
        Ok(outputs) => outputs,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            print(&diagnostics.0, &compiled.sources);
            return Outcome::InputErrors;
        }
    };
    print(&diagnostics.0, &compiled.sources);
    match write_all(out, &outputs) {
        Ok(()) => {
            for (name, bytes) in &outputs {
                eprintln!("wrote {} ({} KiB)", out.join(name).display(), bytes.len().div_ceil(1024));
            }
            Outcome::Success
        }
        Err(message) => {
            eprintln!("error: {message}");
            Outcome::IoError
        }
    }
}

/// Produces the requested outputs in memory, EPUB and PDF side by side: (file name, bytes).
fn render(issue: &crate::model::Issue, format: Format, diagnostics: &mut Diagnostics) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let want_epub = matches!(format, Format::Epub | Format::All);
    let want_pdf = matches!(format, Format::Pdf | Format::All);
    let pdf_style = crate::styles::pdf_style(&issue.style)?;
    let (epub_result, pdf_result) = rayon::join(
        || want_epub.then(|| render_epub(issue)),
        || want_pdf.then(|| render_pdf(issue, pdf_style)),
    );
    let mut outputs = Vec::new();
    if let Some(result) = epub_result {
        outputs.push((format!("{}.epub", issue.slug), result?));
    }
    if let Some(result) = pdf_result {
        let output = result?;
        diagnostics.extend(output.warnings.into_iter().map(Diagnostic::warning));
        outputs.push((format!("{}.pdf", issue.slug), output.bytes));
    }
    Ok(outputs)
}

fn render_epub(issue: &crate::model::Issue) -> Result<Vec<u8>, Diagnostic> {
    let options = epub::EpubOptions { css: crate::styles::epub_css(&issue.style).to_string() };
    epub::epub(issue, &options).map_err(|err| Diagnostic::error(format!("failed to write the EPUB ({err})")))
}

fn render_pdf(issue: &crate::model::Issue, style: crate::pdf::PdfStyle) -> Result<crate::pdf::PdfOutput, Diagnostic> {
    crate::pdf::pdf(issue, &crate::pdf::PdfOptions { style }).map_err(|err| Diagnostic::error(err.to_string()))
}

/// Writes every output to a temporary file in `out`, then renames them all into place: a failed
/// build leaves earlier outputs untouched and no temporary file behind.
fn write_all(out: &Path, outputs: &[(String, Vec<u8>)]) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|err| format!("failed to create the output folder {} ({err})", out.display()))?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, bytes) in outputs {
        let temporary = out.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(err) = std::fs::write(&temporary, bytes) {
            let _ = std::fs::remove_file(&temporary);
            for (temporary, _) in &written {
                let _ = std::fs::remove_file(temporary);
            }
            return Err(format!("failed to write {} ({err})", out.join(name).display()));
        }
        written.push((temporary, out.join(name)));
    }
    for (temporary, target) in &written {
        std::fs::rename(temporary, target).map_err(|err| format!("failed to write {} ({err})", target.display()))?;
    }
    Ok(())
}
