//! Diagnostics → text for the terminal (codespan-reporting): `path:line:column`, the source
//! line, the message and its hints. The only module that knows about terminals.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use crate::diag::{Diagnostic, Severity};
use crate::project::Sources;

/// Renders diagnostics; `color` for a terminal, plain text otherwise.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = sources.files.iter().map(|f| files.add(f.path.clone(), f.text.clone())).collect();
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    let config = Config::default();
    for diagnostic in diagnostics {
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut message = diagnostic.message.clone();
        match (diagnostic.file, &diagnostic.range) {
            (Some(file), Some(range)) => {
                let text = &sources.get(file).text;
                let start = range.start.min(text.len());
                let end = range.end.clamp(start, text.len());
                report = report.with_labels(vec![Label::primary(ids[file.0], start..end)]);
            }
            (Some(file), None) => message = format!("{}: {message}", sources.get(file).path),
            _ => {}
        }
        report = report.with_message(message).with_notes(diagnostic.hints.iter().map(|h| format!("help: {h}")).collect());
        if term::emit(&mut buffer, &config, &files, &report).is_err() {
            buffer = fallback(buffer, diagnostic);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn fallback(mut buffer: Buffer, diagnostic: &Diagnostic) -> Buffer {
    use std::io::Write;
    let _ = writeln!(buffer, "error: {}", diagnostic.message);
    buffer
}
