//! Diagnostics → text for the terminal (codespan-reporting): `path:line:column`, the source
//! line, the message and its hints. The only module that knows about terminals.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use std::path::Path;

use crate::diag::{Diagnostic, Severity};
use crate::source::Sources;

/// Renders diagnostics; `color` for a terminal, plain text otherwise. Paths are shown as they
/// are stored (relative to the issue folder).
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    render_in(diagnostics, sources, color, Path::new(""))
}

/// Renders diagnostics with every path shown under `issue_dir` (as the user wrote it), so that
/// `path:line:column` can be opened from the terminal.
pub fn render_in(diagnostics: &[Diagnostic], sources: &Sources, color: bool, issue_dir: &Path) -> String {
    let shown = |path: &str| escape_controls(&issue_dir.join(path).display().to_string());
    // Only the files a diagnostic points into are masked and indexed: an issue's sources are
    // megabytes, and a build usually reports a warning or two without a place in them.
    let mut files = SimpleFiles::new();
    let mut ids: Vec<Option<usize>> = vec![None; sources.files.len()];
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let config = Config::default();
    for diagnostic in diagnostics {
        let diagnostic = &diagnostic.located(sources);
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Note => Report::note(),
        };
        let mut message = escape_controls(&diagnostic.message);
        match (diagnostic.file, &diagnostic.range) {
            (Some(file), Some(range)) => {
                let text = &sources.get(file).text;
                let start = floor_boundary(text, range.start);
                let end = floor_boundary(text, range.end.max(start)).max(start);
                let path = &sources.get(file).path;
                let id = *ids[file.0].get_or_insert_with(|| files.add(shown(path), mask_controls(text)));
                report = report.with_labels(vec![Label::primary(id, start..end)]);
            }
            (Some(file), None) => message = format!("{}: {message}", shown(&sources.get(file).path)),
            _ => {}
        }
        let notes = diagnostic.hints.iter().map(|h| format!("help: {}", escape_controls(h))).collect();
        report = report.with_message(message).with_notes(notes);
        if term::emit(&mut buffer, &config, &files, &report).is_err() {
            buffer = fallback(buffer, diagnostic);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Control characters written visibly (`\u{1b}`): file names, keys and values from the issue
/// reach the editor's terminal, where a raw ESC or BEL could clear the screen or set the title.
fn escape_controls(text: &str) -> String {
    text.chars().map(|c| if is_unsafe_control(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// Control characters of a source text replaced by `?` of the same byte length, so the byte
/// ranges of diagnostics still point at the right place.
fn mask_controls(text: &str) -> String {
    text.chars().map(|c| if is_unsafe_control(c) { "?".repeat(c.len_utf8()) } else { c.to_string() }).collect()
}

/// C0 and C1 controls and DEL, except the line breaks and tabs a text may hold.
fn is_unsafe_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t' | '\r')
}

/// `offset` moved back onto a character boundary inside `text`: codespan needs one.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn fallback(mut buffer: Buffer, diagnostic: &Diagnostic) -> Buffer {
    use std::io::Write;
    let _ = writeln!(buffer, "{}: {}", diagnostic.severity.label(), diagnostic.message);
    buffer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_shown_under_the_issue_folder() {
        let mut sources = Sources::default();
        let file = sources.add("articles/a.md", "---\ntitle: x\nkiker: y\n---\n".into());
        let diagnostic = Diagnostic::error("unknown key").at(file, Some(13..18)).hint("did you mean `kicker`?");
        let text = render_in(std::slice::from_ref(&diagnostic), &sources, false, Path::new("issues/x"));
        assert!(text.contains("┌─ issues/x/articles/a.md:3:1"), "{text}");
        assert!(text.contains("help: did you mean `kicker`?"), "{text}");
        let text = render(&[Diagnostic { range: None, ..diagnostic.clone() }], &sources, false);
        assert!(text.contains("error: articles/a.md: unknown key"), "{text}");
        // A range inside a character (or past the end) still renders with its location.
        let umlaut = sources.add("b.md", "ä\nö".into());
        let odd = Diagnostic { file: Some(umlaut), range: Some(1..9), ..diagnostic };
        assert!(render(&[odd], &sources, false).contains("┌─ b.md:1:1"));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut sources = Sources::default();
        let file = sources.add("articles/\u{1b}[2J.md", "---\ntitle: x\u{7}\u{1b}]0;pwned\u{7}\n---\n".into());
        let diagnostic = Diagnostic::error("unknown key `\u{1b}[31m`").at(file, Some(4..20)).hint("no \u{0}here");
        let text = render(&[diagnostic], &sources, false);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(text.contains("\\u{1b}[31m") && text.contains("\\u{0}"), "{text}");
    }
}
