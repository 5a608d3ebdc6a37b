//! Diagnostics → JSON lines (`--message-format json`), one object per line, for editor plugins
//! and CI. The schema is stable: fields are only ever added. README.md ("Messages as JSON")
//! documents it.

use std::path::Path;

use serde_json::{json, Value};

use crate::diag::Diagnostic;
use crate::source::Sources;

/// One diagnostic as a JSON object on one line (no newline). `file` is the path under
/// `issue_dir` as the user wrote it; lines and columns are 1-based, columns count characters;
/// the end is exclusive. Fields that are not known are `null`.
pub fn diagnostic_line(diagnostic: &Diagnostic, sources: &Sources, issue_dir: &Path) -> String {
    // A diagnostic that names text to find (layout's) gets its place as in the human report.
    let diagnostic = &diagnostic.located(sources);
    let file = diagnostic.file.map(|id| issue_dir.join(&sources.get(id).path).display().to_string());
    let start = diagnostic.file.zip(diagnostic.range.as_ref()).map(|(id, r)| sources.line_col(id, r.start));
    let end = diagnostic.file.zip(diagnostic.range.as_ref()).map(|(id, r)| sources.line_col(id, r.end));
    let severity = diagnostic.severity.label();
    json!({
        "type": "diagnostic",
        "severity": severity,
        "message": diagnostic.message,
        "file": file,
        "line": start.map(|(line, _)| line),
        "column": start.map(|(_, column)| column),
        "end_line": end.map(|(line, _)| line),
        "end_column": end.map(|(_, column)| column),
        "hints": diagnostic.hints,
    })
    .to_string()
}

/// The end of a command's run: `command` (build, check, watch), whether it succeeded, how many
/// errors and warnings it reported, the outputs it wrote and how long it took.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    pub command: &'a str,
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    pub outputs: Vec<String>,
    pub elapsed_ms: u128,
}

impl Summary<'_> {
    /// The summary as a JSON object on one line (no newline).
    pub fn line(&self) -> String {
        let value: Value = json!({
            "type": "summary",
            "command": self.command,
            "status": if self.ok { "ok" } else { "failed" },
            "errors": self.errors,
            "warnings": self.warnings,
            "outputs": self.outputs,
            "elapsed_ms": self.elapsed_ms,
        });
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_names_file_line_and_column_under_the_issue_folder() {
        let mut sources = Sources::default();
        let file = sources.add("articles/a.md", "---\ntitle: Ä\nkiker: x\n---\n".to_string());
        let start = "---\ntitle: Ä\n".len();
        let diagnostic =
            Diagnostic::error("unknown key `kiker`").at(file, Some(start..start + 5)).hint("did you mean `kicker`?");
        let line = diagnostic_line(&diagnostic, &sources, Path::new("heft"));
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            json!({"type": "diagnostic", "severity": "error", "message": "unknown key `kiker`",
                   "file": "heft/articles/a.md", "line": 3, "column": 1, "end_line": 3, "end_column": 6,
                   "hints": ["did you mean `kicker`?"]})
        );
    }

    #[test]
    fn an_issue_wide_warning_has_no_place() {
        let line = diagnostic_line(&Diagnostic::warning("2 blank page(s) added"), &Sources::default(), Path::new(""));
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["severity"], "warning");
        assert!(value["file"].is_null() && value["line"].is_null() && value["column"].is_null());
        assert_eq!(value["hints"], json!([]));
        assert!(!line.contains('\n'));
    }
}
