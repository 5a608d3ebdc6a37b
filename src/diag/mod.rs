//! Diagnostics: what went wrong (or looks wrong), where, and how to fix it. Produced by every
//! stage, rendered only by `report`.

pub mod json;
pub mod report;

use std::ops::Range;

use crate::source::FileId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// What the build did that the editor may want to know, not a problem (a line set ragged):
    /// shown only with `--verbose`.
    Note,
}

impl Severity {
    /// The word the reports print before a message: "error", "warning", "note".
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One message for the editor, pointing into a source file when it concerns one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file the message is about; `None` for issue-wide problems.
    pub file: Option<FileId>,
    /// Byte range inside that file; `None` when only the file is known.
    pub range: Option<Range<usize>>,
    /// Advice: how to fix it.
    pub hints: Vec<String>,
    /// Text whose first occurrence in `file` the diagnostic points at, for stages that find a
    /// problem long after parsing and keep no positions (the PDF layout's missing glyphs);
    /// [`Diagnostic::located`] turns it into `range`.
    pub needle: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            range: None,
            hints: Vec::new(),
            needle: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Note, ..Diagnostic::error(message) }
    }

    /// Points the diagnostic at a file (and optionally a byte range in it).
    pub fn at(mut self, file: FileId, range: Option<Range<usize>>) -> Diagnostic {
        self.file = Some(file);
        self.range = range;
        self
    }

    /// Points the diagnostic at the first occurrence of `needle` in `file`, found when the
    /// sources are at hand (see [`Diagnostic::located`]).
    pub fn at_text(mut self, file: FileId, needle: impl Into<String>) -> Diagnostic {
        self.file = Some(file);
        self.needle = Some(needle.into());
        self
    }

    /// The diagnostic with its `needle` turned into a byte range of its file, when it has no
    /// range yet and the text is found there.
    pub fn located(&self, sources: &crate::source::Sources) -> Diagnostic {
        let mut out = self.clone();
        if let (Some(file), None, Some(needle)) = (self.file, &self.range, &self.needle) {
            if let Some(start) = sources.files.get(file.0).and_then(|f| f.text.find(needle.as_str())) {
                out.range = Some(start..start + needle.len());
            }
        }
        out
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }
}

/// A collection of diagnostics gathered while a stage keeps going.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
}

/// The closest of `candidates` to `word`, if it is close enough to suggest. Damerau–Levenshtein,
/// so that swapped letters (`langauge`) count as one slip.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "kicker", "subtitle", "byline"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("bylne", &keys), Some("byline"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }
}
