//! `issue.toml` → `Manifest`: the issue's metadata and its ordered sections of article paths.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{did_you_mean, Diagnostic};
use crate::project::FileId;

/// The manifest as written. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Publication name.
    pub title: Spanned<String>,
    /// Issue label, e.g. "Nr. 1/2026".
    pub issue: Spanned<String>,
    #[serde(default)]
    pub period: Option<String>,
    /// ISO date.
    pub date: Spanned<DateValue>,
    /// BCP 47 language tag.
    pub language: Spanned<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// Markdown file with the imprint.
    #[serde(default)]
    pub imprint: Option<Spanned<String>>,
    /// Cover image.
    #[serde(default)]
    pub cover: Option<Spanned<String>>,
    /// e.g. `urn:issn:1234-5679`; a UUID from title and issue otherwise.
    #[serde(default)]
    pub identifier: Option<String>,
    /// Page and EPUB style: a built-in name (`a4`, `a5`, `letter`) or a `.toml` file.
    #[serde(default)]
    pub style: Option<Spanned<String>>,
    #[serde(default)]
    pub sections: Vec<SectionEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub title: Spanned<String>,
    #[serde(default)]
    pub articles: Vec<Spanned<String>>,
}

/// A date written as a TOML date (`2026-01-31`) or as a string (`"2026-01-31"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DateValue {
    Text(String),
    Toml(toml::value::Datetime),
}

impl DateValue {
    pub fn as_text(&self) -> String {
        match self {
            DateValue::Text(text) => text.clone(),
            DateValue::Toml(datetime) => datetime.to_string(),
        }
    }
}

const MANIFEST_KEYS: &[&str] = &[
    "title", "issue", "period", "date", "language", "publisher", "imprint", "cover", "identifier",
    "style", "sections",
];
const SECTION_KEYS: &[&str] = &["title", "articles"];

/// Parses `issue.toml`; a syntax error or unknown key becomes one diagnostic with its location.
pub fn parse_manifest(text: &str, file: FileId) -> Result<Manifest, Diagnostic> {
    toml::from_str::<Manifest>(text).map_err(|err| toml_diagnostic(&err, file, "issue.toml", &[MANIFEST_KEYS, SECTION_KEYS]))
}

/// Turns a TOML error into a diagnostic, with a "did you mean" for unknown keys.
pub fn toml_diagnostic(
    err: &toml::de::Error,
    file: FileId,
    what: &str,
    known: &[&[&str]],
) -> Diagnostic {
    let message = err.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(format!("failed to read {what} ({message})"))
        .at(file, err.span());
    if let Some(key) = unknown_field(&message) {
        diagnostic.message = format!("unknown key `{key}` in {what}");
        let candidates: Vec<&str> = known.iter().flat_map(|keys| keys.iter().copied()).collect();
        if let Some(close) = did_you_mean(key, &candidates) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        diagnostic = diagnostic.hint(format!("known keys: {}", known[0].join(", ")));
    } else if let Some(field) = missing_field(&message) {
        diagnostic.message = format!("{what} lacks the required key `{field}`");
        diagnostic.range = Some(0..0);
    }
    diagnostic
}

/// The key named by serde's "unknown field `x`, expected …" message.
pub fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

/// The key named by serde's "missing field `x`" message.
pub fn missing_field(message: &str) -> Option<&str> {
    let rest = message.split("missing field `").nth(1)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "Die Zeitung"
issue = "Nr. 1/2026"
date = 2026-01-31
language = "de"

[[sections]]
title = "Schwerpunkt"
articles = ["articles/a.md"]
"#;

    #[test]
    fn parses_a_minimal_manifest() {
        let manifest = parse_manifest(MINIMAL, FileId(0)).unwrap();
        assert_eq!(manifest.title.get_ref(), "Die Zeitung");
        assert_eq!(manifest.date.get_ref().as_text(), "2026-01-31");
        assert_eq!(manifest.sections[0].articles[0].get_ref(), "articles/a.md");
    }

    #[test]
    fn unknown_key_is_named_with_a_suggestion() {
        let text = MINIMAL.replace("language", "langauge");
        let err = parse_manifest(&text, FileId(0)).unwrap_err();
        assert_eq!(err.message, "unknown key `langauge` in issue.toml");
        assert!(err.hints[0].contains("`language`"), "{:?}", err.hints);
        let range = err.range.unwrap();
        assert_eq!(&text[range], "langauge");
    }

    #[test]
    fn missing_required_key() {
        let text = MINIMAL.replace("date = 2026-01-31\n", "");
        let err = parse_manifest(&text, FileId(0)).unwrap_err();
        assert_eq!(err.message, "issue.toml lacks the required key `date`");
    }

    #[test]
    fn syntax_error_has_a_location() {
        let err = parse_manifest("title = \"open\nissue = 1", FileId(0)).unwrap_err();
        assert!(err.message.starts_with("failed to read issue.toml"), "{}", err.message);
        assert!(err.range.is_some());
    }
}
