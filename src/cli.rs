//! The command line: `heft build`, `check`, `new`, `watch` and `completions`. The only module
//! that writes files; `messages` decides what is printed, `watch` rebuilds on changes.

mod messages;
mod serve;
mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diag::json::Summary;
use crate::diag::Diagnostic;
use crate::source::DiskLoader;
use crate::{compile, compile_observed, render_observed, Options, RenderCache, RenderOptions};

pub use messages::{MessageFormat, Messages};

#[derive(Debug, Parser)]
#[command(name = "heft", version, about = "Compiles a magazine issue into an EPUB 3 and a typeset PDF")]
pub struct Cli {
    /// Prints only diagnostics: no progress bar, no "wrote …" lines.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Also prints notes: each justified line of the PDF set ragged or loose because it cannot
    /// justify well (a long address, a list item of two words), at its place in the article.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// How diagnostics are printed: human (text) or json (one object per line, see the README).
    #[arg(long, value_enum, global = true, default_value = "human")]
    pub message_format: MessageFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Builds the EPUB and the PDF of an issue.
    Build {
        #[command(flatten)]
        target: Target,
        /// Also write per article a screen PDF and an EPUB (`NAME-offprints/NN-slug.pdf|.epub`).
        #[arg(long)]
        offprints: bool,
    },
    /// Checks an issue and reports every problem, writing nothing.
    Check {
        issue: PathBuf,
        #[arg(long)]
        style: Option<String>,
    },
    /// Writes a small, complete issue to start from (refuses to overwrite files).
    New {
        /// The folder for the new issue (created if missing).
        dir: PathBuf,
    },
    /// Builds an issue, then rebuilds it whenever one of its files changes (until Ctrl-C).
    Watch {
        #[command(flatten)]
        target: Target,
        /// Also serves the HTML edition on http://127.0.0.1:PORT/, reloading pages after each rebuild.
        #[arg(long)]
        serve: bool,
        /// The port for `--serve` (0: any free port, shown when serving starts).
        #[arg(long, default_value_t = 3000, requires = "serve")]
        port: u16,
    },
    /// Prints a shell completion script: `heft completions bash > /etc/bash_completion.d/heft`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

/// What `build` and `watch` read and write: the issue, the output folder, the outputs and the style.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The issue folder (holds issue.toml).
    issue: PathBuf,
    /// Where the outputs go (created if missing).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Which outputs to write, as a comma list: epub, pdf (screen), print (PDF/X-4 for the
    /// press, plus the cover of a perfect-bound issue), html (a static site folder), or all.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "epub,pdf,print,html")]
    format: Vec<Format>,
    /// Page and EPUB style, overriding the manifest's `style`: a4, a5, letter, or a house style file (relative to the issue folder).
    #[arg(long)]
    style: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Epub,
    /// The screen PDF.
    Pdf,
    /// The print PDF.
    Print,
    /// The HTML edition: a static site folder `NAME-html/`.
    Html,
    All,
}

impl Format {
    fn render_options(formats: &[Format], offprints: bool) -> RenderOptions {
        let wants = |format: Format| formats.iter().any(|&f| f == format || f == Format::All);
        RenderOptions {
            epub: wants(Format::Epub),
            pdf: wants(Format::Pdf),
            print: wants(Format::Print),
            html: wants(Format::Html),
            offprints,
        }
    }
}

/// What one output is on disk: a file, or a folder of files (the HTML edition).
#[derive(Debug, Clone, Copy)]
enum Content<'a> {
    File(&'a [u8]),
    Folder(&'a crate::html::Site),
}

impl Content<'_> {
    fn size(&self) -> usize {
        match self {
            Content::File(bytes) => bytes.len(),
            Content::Folder(site) => site.files.values().map(Vec::len).sum(),
        }
    }
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
    let messages = Messages::new(cli.message_format, cli.quiet, cli.verbose);
    match cli.command {
        Command::Build { target: Target { issue, out, format, style }, offprints } => {
            build(&issue, &out, Format::render_options(&format, offprints), style, &messages)
        }
        Command::Check { issue, style } => check(&issue, style, &messages),
        Command::New { dir } => new_issue(&dir),
        Command::Watch { target: Target { issue, out, format, style }, serve, port } => {
            let serve = serve.then_some(port);
            watch::watch(&issue, &out, Format::render_options(&format, false), style, serve, &messages)
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "heft", &mut std::io::stdout());
            Outcome::Success
        }
    }
}

/// The options from the command line and the environment; a malformed `SOURCE_DATE_EPOCH` is a
/// usage error rather than silently ignored (the build would not be the reproducible one asked for).
fn options(style: Option<String>) -> Result<Options, Diagnostic> {
    let source_date_epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => Some(parse_epoch(&value)?),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => return Err(epoch_error("is not text")),
    };
    Ok(Options { style, source_date_epoch })
}

/// Seconds since 1970 as `date +%s` prints them: digits only. A negative time is refused: the
/// EPUB and the PDF cannot both show a date before 1970.
fn parse_epoch(value: &str) -> Result<i64, Diagnostic> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(epoch_error(&format!("is `{value}`, not a number of seconds since 1970-01-01")));
    }
    value.parse().map_err(|_| epoch_error(&format!("is `{value}`, too large")))
}

fn epoch_error(problem: &str) -> Diagnostic {
    Diagnostic::error(format!("the environment variable SOURCE_DATE_EPOCH {problem}"))
        .hint("set it to whole seconds since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=$(date +%s), or unset it")
}

/// The issue folder must exist and be a folder; anything else is a usage error.
fn check_issue_dir(issue_dir: &Path) -> Result<(), Diagnostic> {
    let problem = match std::fs::metadata(issue_dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => format!("{} is a file, not an issue folder", issue_dir.display()),
        Err(err) => format!("the issue folder {} cannot be opened ({err})", issue_dir.display()),
    };
    Err(Diagnostic::error(problem).hint("name the folder that holds issue.toml"))
}

/// Why `out` cannot take the outputs, found before the slow rendering: it, or the nearest
/// existing folder above it, must be a folder.
fn check_out_dir(out: &Path) -> Result<(), Diagnostic> {
    let refuse =
        |message: String| Err(Diagnostic::error(message).hint("--out names a folder; it is created if missing"));
    if out.symlink_metadata().is_ok_and(|m| m.is_symlink()) && std::fs::metadata(out).is_err() {
        return refuse(format!("the output folder {} is a symbolic link to nothing", out.display()));
    }
    let mut path = out;
    loop {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Ok(()),
            Ok(_) if path == out => return refuse(format!("the output folder {} is a file", out.display())),
            Ok(_) => {
                return refuse(format!(
                    "the output folder {} cannot be created: {} is a file",
                    out.display(),
                    path.display()
                ))
            }
            Err(_) => match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => path = parent,
                _ => return Ok(()),
            },
        }
    }
}

/// Writes the starter issue into `dir`; nothing is written when any of its files exists.
fn new_issue(dir: &Path) -> Outcome {
    let taken: Vec<String> = crate::scaffold::STARTER_ISSUE
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|path| path.exists() || path.is_symlink())
        .map(|path| path.display().to_string())
        .collect();
    if !taken.is_empty() {
        eprintln!("error: {} already holds {}; nothing was written", dir.display(), taken.join(", "));
        eprintln!("  = help: name a new or empty folder, e.g. heft new ausgabe-1");
        return Outcome::IoError;
    }
    for (path, bytes) in crate::scaffold::STARTER_ISSUE {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::OpenOptions::new().write(true).create_new(true).open(&target)?.write_all(bytes));
        if let Err(err) = written {
            eprintln!("error: failed to write {} ({err})", target.display());
            return Outcome::IoError;
        }
    }
    let shown = dir.display();
    eprintln!("wrote a new issue to {shown}");
    eprintln!("next:\n  heft check {shown}\n  heft build {shown} --out {shown}/out");
    Outcome::Success
}

/// The options of a run on `issue_dir`, or the usage error (printed) when the folder or the
/// environment will not do.
fn usable_options(issue_dir: &Path, style: Option<String>, messages: &Messages) -> Result<Options, Outcome> {
    check_issue_dir(issue_dir).and_then(|()| options(style)).map_err(|diagnostic| {
        messages.usage_error(diagnostic);
        Outcome::IoError
    })
}

fn check(issue_dir: &Path, style: Option<String>, messages: &Messages) -> Outcome {
    let started = Instant::now();
    let options = match usable_options(issue_dir, style, messages) {
        Ok(options) => options,
        Err(outcome) => return outcome,
    };
    let compiled = compile(&DiskLoader::new(issue_dir), &options);
    let mut diagnostics = compiled.diagnostics;
    // Layout finds what only a laid-out page shows: images too coarse for print, missing glyphs,
    // and (notes for `--verbose`) lines that cannot justify well.
    if let Some(issue) = &compiled.issue {
        diagnostics.extend(crate::pdf::check(&issue.print_edition()));
    }
    messages.diagnostics(&diagnostics.0, &compiled.sources, issue_dir);
    let (errors, warnings) = counts(&diagnostics.0);
    let summary = Summary {
        command: "check",
        ok: errors == 0,
        errors,
        warnings,
        outputs: Vec::new(),
        elapsed_ms: started.elapsed().as_millis(),
    };
    if errors > 0 {
        // The count closes the report of the errors, so it is shown wherever they are.
        if messages.is_json() {
            messages.summary(&summary, "");
        } else {
            eprintln!("{}: {errors} error(s)", issue_dir.display());
        }
        return Outcome::InputErrors;
    }
    let articles = compiled.issue.map_or(0, |issue| issue.articles.len());
    messages.summary(&summary, &format!("{}: ok ({articles} articles)", issue_dir.display()));
    Outcome::Success
}

/// The number of errors and of warnings (notes are neither).
fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let notes = diagnostics.iter().filter(|d| d.is_note()).count();
    (errors, diagnostics.len() - errors - notes)
}

fn build(issue_dir: &Path, out: &Path, outputs: RenderOptions, style: Option<String>, messages: &Messages) -> Outcome {
    let options = match usable_options(issue_dir, style, messages) {
        Ok(options) => options,
        Err(outcome) => return outcome,
    };
    build_once(&Build { issue_dir, out, options: &options, outputs, command: "build" }, None, messages)
}

/// What one build reads and writes.
struct Build<'a> {
    issue_dir: &'a Path,
    out: &'a Path,
    options: &'a Options,
    outputs: RenderOptions,
    /// The command, as the JSON summary names it.
    command: &'static str,
}

/// Reads, renders and writes an issue once, printing what happened; with a `cache`, unchanged
/// articles are taken from the previous build (the bytes are the same). `build` runs it once,
/// `watch` after every change.
fn build_once(build: &Build, cache: Option<&mut RenderCache>, messages: &Messages) -> Outcome {
    let started = Instant::now();
    let progress = messages.progress();
    let (outcome, diagnostics, written) = read_render_write(build, cache, &progress);
    progress.finish();
    let (sources, diagnostics) = diagnostics;
    messages.diagnostics(&diagnostics, &sources, build.issue_dir);
    let (errors, warnings) = counts(&diagnostics);
    let outputs: Vec<String> = written.iter().map(|(path, _)| path.clone()).collect();
    let elapsed_ms = started.elapsed().as_millis();
    let summary =
        Summary { command: build.command, ok: outcome == Outcome::Success, errors, warnings, outputs, elapsed_ms };
    let mut lines: Vec<String> = written.iter().map(|(path, size)| format!("wrote {path} ({size} KiB)")).collect();
    if outcome == Outcome::Success {
        lines.push(format!("built in {elapsed_ms} ms"));
    }
    messages.summary(&summary, &lines.join("\n"));
    outcome
}

/// Diagnostics with the sources they point into.
type Reported = (crate::source::Sources, Vec<Diagnostic>);

/// The body of `build_once`: the outcome, every diagnostic, and the outputs written with their
/// size in KiB (a folder's path ends in `/`).
fn read_render_write(
    build: &Build,
    cache: Option<&mut RenderCache>,
    progress: &messages::Progress,
) -> (Outcome, Reported, Vec<(String, usize)>) {
    let Build { issue_dir, out, .. } = *build;
    let compiled = compile_observed(&DiskLoader::new(issue_dir), build.options, progress);
    let out_problem = check_out_dir(out).err();
    let mut diagnostics = compiled.diagnostics;
    let sources = compiled.sources;
    let Some(issue) = compiled.issue else {
        let errors = diagnostics.0.iter().filter(|d| d.is_error()).count();
        diagnostics.extend(out_problem);
        diagnostics.push(Diagnostic::error(format!(
            "{} has {errors} error(s) and was not built; nothing was written",
            issue_dir.display()
        )));
        return (Outcome::InputErrors, (sources, diagnostics.0), Vec::new());
    };
    if let Some(problem) = out_problem {
        diagnostics.push(problem);
        return (Outcome::IoError, (sources, diagnostics.0), Vec::new());
    }
    let rendered = match render_observed(&issue, &build.outputs, cache, progress) {
        Ok(rendered) => rendered,
        Err(errors) => {
            diagnostics.extend(errors.0);
            diagnostics.push(Diagnostic::error(format!("{} was not built; nothing was written", issue_dir.display())));
            return (Outcome::InputErrors, (sources, diagnostics.0), Vec::new());
        }
    };
    diagnostics.extend(rendered.warnings.iter().chain(&rendered.notes).cloned());
    let mut outputs: Vec<(String, Content)> =
        rendered.files(&issue.slug).into_iter().map(|(name, bytes)| (name, Content::File(bytes))).collect();
    if let Some(site) = &rendered.html {
        outputs.push((crate::Rendered::site_folder(&issue.slug), Content::Folder(site)));
    }
    let offprints = rendered.offprint_files();
    if let Some(folder) = &offprints {
        outputs.push((crate::Rendered::offprint_folder(&issue.slug), Content::Folder(folder)));
    }
    progress.writing(outputs.len());
    match write_all(out, &outputs, &|| progress.wrote()) {
        Ok(()) => {
            let written = outputs
                .iter()
                .map(|(name, content)| {
                    let slash = if matches!(content, Content::Folder(_)) { "/" } else { "" };
                    (format!("{}{slash}", out.join(name).display()), content.size().div_ceil(1024))
                })
                .collect();
            (Outcome::Success, (sources, diagnostics.0), written)
        }
        Err(message) => {
            diagnostics.push(
                Diagnostic::error(message)
                    .hint("--out names a folder you can write to; earlier outputs in it are unchanged"),
            );
            (Outcome::IoError, (sources, diagnostics.0), Vec::new())
        }
    }
}

/// Writes every output to a temporary file (or folder) in `out`, then renames them all into
/// place, calling `on_written` after each temporary is complete: a failed build leaves earlier outputs untouched and nothing temporary behind.
fn write_all(out: &Path, outputs: &[(String, Content)], on_written: &dyn Fn()) -> Result<(), String> {
    std::fs::create_dir_all(out)
        .map_err(|err| format!("failed to create the output folder {} ({err})", out.display()))?;
    remove_stale_temporaries(out, outputs);
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, content) in outputs {
        let temporary = out.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(err) = write_temporary(&temporary, content) {
            remove_path(&temporary);
            written.iter().for_each(|(temporary, _)| remove_path(temporary));
            return Err(format!("failed to write {} ({err})", out.join(name).display()));
        }
        written.push((temporary, out.join(name)));
        on_written();
    }
    // Earlier outputs are kept aside until every rename succeeded, so that a failure half-way
    // restores them.
    let backups: Vec<Option<PathBuf>> =
        written.iter().map(|(temporary, target)| keep_aside(target, temporary)).collect();
    let mut result = Ok(());
    for (done, ((temporary, target), backup)) in written.iter().zip(&backups).enumerate() {
        if target.is_dir() && backup.is_none() {
            // A folder in the way that is no earlier output of ours: refuse rather than delete it.
            result = Err(format!("failed to write {} (a folder of that name is in the way)", target.display()));
        } else if let Err(err) = std::fs::rename(temporary, target) {
            result = Err(format!("failed to write {} ({err})", target.display()));
        }
        if result.is_err() {
            written[done..].iter().for_each(|(temporary, _)| remove_path(temporary));
            restore(&written[..=done], &backups[..=done]);
            break;
        }
    }
    if result.is_ok() {
        backups.iter().flatten().for_each(|backup| remove_path(backup));
    }
    result
}

/// Removes `.NAME.PID.tmp` and `.NAME.PID.old` files that a build killed half-way left for
/// these outputs. Those of a build still running (its process exists) are left alone.
fn remove_stale_temporaries(out: &Path, outputs: &[(String, Content)]) {
    let Ok(entries) = std::fs::read_dir(out) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = outputs.iter().find_map(|(output, _)| temporary_pid(&name, output)) else { continue };
        if pid == std::process::id() || !process_exists(pid) {
            remove_path(&entry.path());
        }
    }
}

/// Writes one output at `temporary`: the file, or the folder with all its files.
fn write_temporary(temporary: &Path, content: &Content) -> std::io::Result<()> {
    match content {
        Content::File(bytes) => std::fs::write(temporary, bytes),
        Content::Folder(site) => {
            std::fs::create_dir(temporary)?;
            for (path, bytes) in &site.files {
                let file = temporary.join(path);
                if let Some(parent) = file.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(file, bytes)?;
            }
            Ok(())
        }
    }
}

/// The process id in `.OUTPUT.PID.tmp` or `.OUTPUT.PID.old`.
fn temporary_pid(name: &str, output: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_prefix(output)?.strip_prefix('.')?;
    let pid = rest.strip_suffix(".tmp").or_else(|| rest.strip_suffix(".old"))?;
    pid.parse().ok()
}

/// Whether a process with this id runs (Linux: `/proc/PID`); where that cannot be told, no.
fn process_exists(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists()
}

/// Puts earlier outputs back after a failed rename (and removes new ones without a backup).
fn restore(written: &[(PathBuf, PathBuf)], backups: &[Option<PathBuf>]) {
    for ((temporary, target), backup) in written.iter().zip(backups) {
        match backup {
            Some(backup) => {
                if target.is_dir() && backup.is_dir() {
                    remove_path(target);
                }
                drop(std::fs::rename(backup, target));
            }
            None if !temporary.exists() && target.is_file() => remove_path(target),
            None => {}
        }
    }
}

/// Removes a file or a folder, ignoring errors: used only to clean up.
fn remove_path(path: &Path) {
    let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
}

/// Keeps an existing output aside, next to its temporary: a file by a second name (hard link or
/// copy), a folder by renaming it (a folder cannot be replaced by a rename). `None` when there
/// is none. A folder kept aside is only one whose name marks it as heft's HTML edition or offprints.
fn keep_aside(target: &Path, temporary: &Path) -> Option<PathBuf> {
    let backup = temporary.with_extension("old");
    remove_path(&backup);
    if target.is_dir() {
        let ours = target.file_name().is_some_and(|n| {
            let name = n.to_string_lossy();
            name.ends_with("-html") || name.ends_with("-offprints")
        });
        return (ours && std::fs::rename(target, &backup).is_ok()).then_some(backup);
    }
    if !target.is_file() {
        return None;
    }
    let kept = std::fs::hard_link(target, &backup).is_ok() || std::fs::copy(target, &backup).is_ok();
    kept.then_some(backup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::report;
    use crate::source::Sources;

    #[test]
    fn output_folder_under_a_file_is_refused_early() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, b"x").unwrap();
        assert!(check_out_dir(dir.path()).is_ok());
        assert!(check_out_dir(&dir.path().join("new/deeper")).is_ok());
        assert!(check_out_dir(&file).unwrap_err().message.contains("is a file"));
        let err = check_out_dir(&file.join("sub")).unwrap_err().message;
        assert!(err.contains("cannot be created") && err.contains("plain"), "{err}");
    }

    #[test]
    fn usage_errors_look_like_input_errors() {
        let dir = tempfile::tempdir().unwrap();
        let diagnostic = check_issue_dir(&dir.path().join("nope")).unwrap_err();
        let text = report::render(&[diagnostic], &Sources::default(), false);
        assert!(text.starts_with("error: the issue folder "), "{text}");
        assert!(text.contains("cannot be opened (") && text.contains("= help: name the folder that holds issue.toml"));
    }

    #[test]
    fn source_date_epoch_is_digits_only() {
        assert_eq!(parse_epoch(" 1769860800\n").unwrap(), 1_769_860_800);
        for bad in ["abc", "-1", "1.5", "", "99999999999999999999"] {
            assert!(parse_epoch(bad).unwrap_err().message.contains("SOURCE_DATE_EPOCH"), "{bad}");
        }
    }

    #[test]
    fn stale_temporaries_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dead = ".a.epub.4294967295.tmp";
        let own = format!(".a.epub.{}.old", std::process::id());
        for name in [dead, ".a.epub.4294967294.old", ".other.1.tmp", "a.epub"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::write(dir.path().join(&own), b"x").unwrap();
        remove_stale_temporaries(dir.path(), &[("a.epub".to_string(), Content::File(&b""[..]))]);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".other.1.tmp", "a.epub"]);
    }

    #[test]
    fn failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the second output should go makes its rename fail.
        std::fs::create_dir(dir.path().join("b.pdf")).unwrap();
        std::fs::write(dir.path().join("b.pdf/keep"), b"x").unwrap();
        std::fs::write(dir.path().join("a.epub"), b"earlier").unwrap();
        let outputs = vec![("a.epub".to_string(), Content::File(b"1")), ("b.pdf".to_string(), Content::File(b"2"))];
        assert!(write_all(dir.path(), &outputs, &|| ()).is_err());
        assert_eq!(std::fs::read(dir.path().join("a.epub")).unwrap(), b"earlier");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp") && !n.ends_with(".old")), "{names:?}");
        // A successful write replaces the earlier output and leaves nothing else.
        std::fs::remove_dir_all(dir.path().join("b.pdf")).unwrap();
        write_all(dir.path(), &outputs, &|| ()).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.epub")).unwrap(), b"1");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn the_site_folder_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let site = |page: &str| crate::html::Site {
            files: [("index.html".to_string(), page.as_bytes().to_vec())].into_iter().collect(),
        };
        let (first, second) = (site("first"), site("second"));
        write_all(dir.path(), &[("x-html".to_string(), Content::Folder(&first))], &|| ()).unwrap();
        std::fs::write(dir.path().join("x-html/stale.html"), b"old").unwrap();
        // A folder where the EPUB should go makes the second rename fail: the site stays as it was.
        std::fs::create_dir(dir.path().join("x.epub")).unwrap();
        let outputs = [("x-html".to_string(), Content::Folder(&second)), ("x.epub".to_string(), Content::File(b"e"))];
        assert!(write_all(dir.path(), &outputs, &|| ()).is_err());
        assert_eq!(std::fs::read(dir.path().join("x-html/index.html")).unwrap(), b"first");
        assert!(dir.path().join("x-html/stale.html").exists());
        std::fs::remove_dir(dir.path().join("x.epub")).unwrap();
        write_all(dir.path(), &outputs, &|| ()).unwrap();
        assert_eq!(std::fs::read(dir.path().join("x-html/index.html")).unwrap(), b"second");
        assert!(!dir.path().join("x-html/stale.html").exists(), "the new site replaces the old one whole");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
