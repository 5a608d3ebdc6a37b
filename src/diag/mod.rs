//! Diagnostics: what went wrong (or looks wrong), where, and how to fix it. Produced by every
//! stage, rendered only by `report`.

pub mod report;

use std::ops::Range;

use crate::source::FileId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
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
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, message: message.into(), file: None, range: None, hints: Vec::new() }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    /// Points the diagnostic at a file (and optionally a byte range in it).
    pub fn at(mut self, file: FileId, range: Option<Range<usize>>) -> Diagnostic {
        self.file = Some(file);
        self.range = range;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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

/// Why a parse of a configuration text (TOML or YAML) failed.
#[derive(Debug)]
pub struct ParseFailure {
    pub diagnostic: Diagnostic,
    /// Byte offset of an unknown key in the text parsed; parsing can go on without it.
    pub unknown_key_at: Option<usize>,
    /// The text is not even syntactically valid.
    pub syntax: bool,
}

/// How often an unknown key is skipped before giving up (each skip re-parses the text).
const MAX_UNKNOWN_KEYS: usize = 32;

/// Parses `text`, reporting every unknown key rather than only the first: each unknown key's
/// line is commented out (same length, so offsets stay valid) and the text parsed again.
/// A syntax error that appears only after commenting out is an artefact and not reported.
pub fn parse_tolerant<T>(
    text: &str,
    comment: char,
    mut parse: impl FnMut(&str) -> Result<T, ParseFailure>,
) -> Result<(T, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut text = text.to_string();
    let mut problems = Vec::new();
    for _ in 0..MAX_UNKNOWN_KEYS {
        match parse(&text) {
            Ok(value) => return Ok((value, problems)),
            Err(failure) => {
                let edited = !problems.is_empty();
                match failure.unknown_key_at.filter(|&at| text.is_char_boundary(at) && at < text.len()) {
                    Some(at) => {
                        problems.push(failure.diagnostic);
                        let width = text[at..].chars().next().map_or(1, char::len_utf8);
                        let filler = format!("{comment}{}", " ".repeat(width - 1));
                        text.replace_range(at..at + width, &filler);
                    }
                    None => {
                        if !(edited && failure.syntax) {
                            problems.push(failure.diagnostic);
                        }
                        return Err(problems);
                    }
                }
            }
        }
    }
    Err(problems)
}

/// The closest of `candidates` to `word`, if it is close enough to suggest. Damerau–Levenshtein,
/// so that swapped letters (`langauge`) count as one slip.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
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

    /// A toy parser: `key=value` lines, keys must be `a` or `b`; `!` is a syntax error.
    fn toy(text: &str) -> Result<usize, ParseFailure> {
        let mut offset = 0;
        let mut count = 0;
        for line in text.split_inclusive('\n') {
            let fail = |syntax, unknown_key_at| ParseFailure {
                diagnostic: Diagnostic::error(line.trim()),
                unknown_key_at,
                syntax,
            };
            if line.contains('!') {
                return Err(fail(true, None));
            }
            if !line.starts_with('#') && !line.trim().is_empty() {
                if !(line.starts_with("a=") || line.starts_with("b=")) {
                    return Err(fail(false, Some(offset)));
                }
                count += 1;
            }
            offset += line.len();
        }
        Ok(count)
    }

    #[test]
    fn every_unknown_key_is_reported() {
        let (count, problems) = parse_tolerant("a=1\nx=2\nb=3\nÿ=4\n", '#', toy).unwrap();
        assert_eq!(count, 2);
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["x=2", "ÿ=4"]);
        let problems = parse_tolerant("a=1\n!\n", '#', toy).unwrap_err();
        assert_eq!(problems.len(), 1);
    }
}
