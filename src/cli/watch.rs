//! `heft watch`: builds an issue, then rebuilds it whenever a file in its folder changes. Errors
//! are reported and the watch goes on; outputs are replaced only by a build that succeeded, so
//! the last good ones stay in place. Every rebuild reuses the unchanged articles' layout. With
//! `--serve` the HTML edition is served too (`serve.rs`), and pages reload after a good build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use super::serve::BuildCounter;
use super::{build_once, check_out_dir, usable_options, Build, Messages, Outcome};
use crate::diag::Diagnostic;
use crate::{RenderCache, RenderOptions};

/// How long the folder must be quiet before a rebuild: an editor's save is often several
/// writes and a rename in a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// Builds, then rebuilds on every change until the process is stopped. Returns only when the
/// folder cannot be watched at all (an I/O error).
pub(super) fn watch(
    issue_dir: &Path,
    out: &Path,
    outputs: RenderOptions,
    style: Option<String>,
    serve: Option<u16>,
    messages: &Messages,
) -> Outcome {
    let options = match usable_options(issue_dir, style, messages) {
        Ok(options) => options,
        Err(outcome) => return outcome,
    };
    if let Err(problem) = check_out_dir(out) {
        messages.usage_error(problem);
        return Outcome::IoError;
    }
    let (sender, events) = channel();
    let mut debouncer = match new_debouncer(DEBOUNCE, sender) {
        Ok(debouncer) => debouncer,
        Err(err) => return cannot_watch(issue_dir, &err, messages),
    };
    if let Err(err) = debouncer.watcher().watch(issue_dir, RecursiveMode::Recursive) {
        return cannot_watch(issue_dir, &err, messages);
    }
    let ignored = Ignored::new(out);
    let builds = BuildCounter::default();
    if let Some(port) = serve {
        match super::serve::start(port, out, builds.clone()) {
            Ok(port) => messages.serving(&format!("http://127.0.0.1:{port}/")),
            Err(err) => {
                messages.usage_error(
                    Diagnostic::error(format!("cannot serve on 127.0.0.1:{port} ({err})"))
                        .hint("choose another port with --port, or --port 0 for any free one"),
                );
                return Outcome::IoError;
            }
        }
    }
    let build = Build { issue_dir, out, options: &options, outputs, command: "watch" };
    let mut cache = RenderCache::default();
    let mut seen = snapshot(issue_dir, &ignored);
    let rebuild = |cache: &mut RenderCache| {
        if build_once(&build, Some(cache), messages) == Outcome::Success {
            builds.built();
        }
    };
    rebuild(&mut cache);
    messages.status(&format!("watching {} for changes (Ctrl-C stops)", issue_dir.display()));
    while wait_for_events(&events, &ignored, messages) {
        // Reading a file is an event too (inotify reports opens): only a real change rebuilds.
        let now = snapshot(issue_dir, &ignored);
        if now == seen {
            continue;
        }
        seen = now;
        rebuild(&mut cache);
        let count = cache.articles.last_count();
        if count.laid_out + count.reused > 0 {
            messages.status(&format!("{} article(s) laid out anew, {} reused", count.laid_out, count.reused));
        }
    }
    Outcome::Success
}

fn cannot_watch(issue_dir: &Path, err: &dyn std::fmt::Display, messages: &Messages) -> Outcome {
    messages.usage_error(
        Diagnostic::error(format!("cannot watch {} for changes ({err})", issue_dir.display()))
            .hint("on Linux, raise fs.inotify.max_user_watches or close other watchers"),
    );
    Outcome::IoError
}

/// Waits for events on files that matter; what arrived meanwhile is taken in one go, so that
/// one save gives one rebuild. `false` when the watcher has stopped.
fn wait_for_events(events: &Receiver<DebounceEventResult>, ignored: &Ignored, messages: &Messages) -> bool {
    loop {
        let Ok(first) = events.recv() else { return false };
        let mut changed = relevant(first, ignored, messages);
        while let Ok(more) = events.try_recv() {
            changed |= relevant(more, ignored, messages);
        }
        if changed {
            return true;
        }
    }
}

/// Whether a batch of events names a file that matters; watcher errors are reported.
fn relevant(batch: DebounceEventResult, ignored: &Ignored, messages: &Messages) -> bool {
    match batch {
        Ok(events) => events.iter().any(|event| !ignored.path(&event.path)),
        Err(err) => {
            messages.usage_error(Diagnostic::warning(format!("watching for changes: {err}")));
            false
        }
    }
}

/// The size and modification time of every file below the issue folder that matters.
type Snapshot = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

fn snapshot(dir: &Path, ignored: &Ignored) -> Snapshot {
    let mut files = Snapshot::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if ignored.scratch(&path) {
                continue;
            }
            // Only folders are resolved to their real path (the output folder may be reached
            // through a link): resolving every file cost a system call or more each.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if !ignored.in_out(&path) {
                        folders.push(path);
                    }
                }
                Ok(meta) => drop(files.insert(path, (meta.modified().ok(), meta.len()))),
                Err(_) => {}
            }
        }
    }
    files
}

/// Paths whose changes do not call for a rebuild: the output folder (it may lie inside the
/// issue folder, as `heft new` suggests) and editors' hidden, swap and backup files.
struct Ignored {
    out: Option<PathBuf>,
}

impl Ignored {
    fn new(out: &Path) -> Ignored {
        // The folder is made now so that it can be compared by its real path.
        let _ = std::fs::create_dir_all(out);
        Ignored { out: out.canonicalize().ok() }
    }

    fn path(&self, path: &Path) -> bool {
        self.scratch(path) || self.in_out(path)
    }

    /// Whether `path` lies in the output folder (also by its real path).
    fn in_out(&self, path: &Path) -> bool {
        self.out
            .as_ref()
            .is_some_and(|out| path.starts_with(out) || path.canonicalize().is_ok_and(|real| real.starts_with(out)))
    }

    /// Editors' hidden, swap and backup files.
    fn scratch(&self, path: &Path) -> bool {
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_and_editor_scratch_files_do_not_trigger_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let ignored = Ignored::new(&out);
        let real = dir.path().canonicalize().unwrap();
        assert!(ignored.path(&real.join("out/x.pdf")));
        assert!(ignored.path(&real.join("articles/.a.md.swp")));
        assert!(ignored.path(&real.join("articles/a.md~")));
        assert!(!ignored.path(&real.join("articles/a.md")));
        assert!(!ignored.path(&real.join("issue.toml")));
    }

    #[test]
    fn a_snapshot_sees_an_edit_and_not_the_outputs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("articles")).unwrap();
        std::fs::write(dir.path().join("articles/a.md"), "eins").unwrap();
        let ignored = Ignored::new(&dir.path().join("out"));
        let before = snapshot(dir.path(), &ignored);
        assert_eq!(before.len(), 1);
        std::fs::write(dir.path().join("out/x.pdf"), "pdf").unwrap();
        assert_eq!(snapshot(dir.path(), &ignored), before);
        std::fs::write(dir.path().join("articles/a.md"), "eins zwei").unwrap();
        assert_ne!(snapshot(dir.path(), &ignored), before);
    }
}
