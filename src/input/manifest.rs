//! `issue.toml` → `Manifest`: the issue's metadata and its ordered sections of article paths.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{did_you_mean, parse_tolerant, Diagnostic, ParseFailure};
use crate::source::FileId;

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
    /// The print PDF's settings, overriding the style's.
    #[serde(default)]
    pub print: Option<PrintEntry>,
}

/// `[print]`: the shop's output profile and condition, bleed, crop marks and binding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintEntry {
    /// An ICC output profile (CMYK, class `prtr`) in the issue folder.
    #[serde(default)]
    pub output_profile: Option<Spanned<String>>,
    /// The printing condition's registry name, e.g. `FOGRA51`.
    #[serde(default)]
    pub output_condition: Option<Spanned<String>>,
    #[serde(default)]
    pub bleed_mm: Option<Spanned<f64>>,
    #[serde(default)]
    pub crop_marks: Option<bool>,
    #[serde(default)]
    pub binding: Option<Spanned<crate::style::print::Binding>>,
    #[serde(default)]
    pub paper_thickness_mm: Option<Spanned<f64>>,
    #[serde(default)]
    pub spine_mm: Option<Spanned<f64>>,
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
    "title",
    "issue",
    "period",
    "date",
    "language",
    "publisher",
    "imprint",
    "cover",
    "identifier",
    "style",
    "sections",
    "print",
];
const SECTION_KEYS: &[&str] = &["title", "articles"];
const PRINT_KEYS: &[&str] =
    &["output_profile", "output_condition", "bleed_mm", "crop_marks", "binding", "paper_thickness_mm", "spine_mm"];

/// Parses `issue.toml`: the manifest and the problems that did not stop parsing (unknown keys),
/// or every problem when it cannot be read. Errors carry their location.
pub fn parse_manifest(text: &str, file: FileId) -> Result<(Manifest, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse_tolerant(text, '#', |text| {
        toml::from_str::<Manifest>(text)
            .map_err(|err| toml_failure(&err, text, file, "issue.toml", &[MANIFEST_KEYS, SECTION_KEYS, PRINT_KEYS]))
    })
}

/// A TOML error as a `ParseFailure`: syntax errors are those of the text as a plain table.
pub fn toml_failure(err: &toml::de::Error, text: &str, file: FileId, what: &str, known: &[&[&str]]) -> ParseFailure {
    let diagnostic = toml_diagnostic(err, file, what, known);
    let unknown_key_at = unknown_field(err.message()).and(err.span()).map(|span| span.start);
    ParseFailure { diagnostic, unknown_key_at, syntax: text.parse::<toml::Table>().is_err() }
}

/// Turns a TOML error into a diagnostic, with a "did you mean" for unknown keys and an example
/// for missing ones.
pub fn toml_diagnostic(err: &toml::de::Error, file: FileId, what: &str, known: &[&[&str]]) -> Diagnostic {
    let message = err.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(format!("failed to read {what} ({message})")).at(file, err.span());
    if let Some(key) = unknown_field(&message) {
        diagnostic.message = format!("unknown key `{key}` in {what}");
        // serde names the keys of the table the unknown key is in; else all known keys.
        let expected = expected_fields(&message);
        let candidates: Vec<&str> =
            if expected.is_empty() { known.iter().flat_map(|keys| keys.iter().copied()).collect() } else { expected };
        if let Some(close) = did_you_mean(key, &candidates) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        diagnostic = diagnostic.hint(format!("known keys: {}", candidates.join(", ")));
    } else if let Some(field) = missing_field(&message) {
        // A span starting at 0 is the whole document; inside, it is the table lacking the key.
        let in_table = err.span().is_some_and(|span| span.start > 0);
        diagnostic.message = if in_table {
            format!("this table in {what} lacks the required key `{field}`")
        } else {
            diagnostic.range = Some(0..0);
            format!("{what} lacks the required key `{field}`")
        };
        if let Some(example) = example_for(field) {
            diagnostic = diagnostic.hint(format!("add a line such as `{example}`"));
        }
    } else if message.starts_with("unknown variant") {
        diagnostic.message = format!("{message} in {what}");
        diagnostic = diagnostic.hint("write one of the values the message lists, in quotes");
    } else if message.starts_with("invalid type") {
        diagnostic = diagnostic.hint("text is written in quotes (\"…\"), lists in brackets ([\"a\", \"b\"])");
    } else {
        diagnostic = diagnostic.hint("fix the TOML syntax at the marked place: `key = \"text\"`, one per line");
    }
    diagnostic
}

/// An example line for a required key.
fn example_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "title = \"Die Zeitung\"",
        "issue" => "issue = \"Nr. 1/2026\"",
        "date" => "date = 2026-01-31",
        "language" => "language = \"de\"",
        _ => return None,
    })
}

/// The key named by serde's "unknown field `x`, expected …" message.
pub fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

/// The keys serde lists after "expected" in an unknown-field message.
pub fn expected_fields(message: &str) -> Vec<&str> {
    let Some((_, expected)) = message.split_once("expected") else { return Vec::new() };
    expected.split('`').skip(1).step_by(2).collect()
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
        let (manifest, problems) = parse_manifest(MINIMAL, FileId(0)).unwrap();
        assert!(problems.is_empty());
        assert_eq!(manifest.title.get_ref(), "Die Zeitung");
        assert_eq!(manifest.date.get_ref().as_text(), "2026-01-31");
        assert_eq!(manifest.sections[0].articles[0].get_ref(), "articles/a.md");
    }

    #[test]
    fn unknown_key_is_named_with_a_suggestion() {
        let text = MINIMAL.replace("language", "langauge");
        let errors = parse_manifest(&text, FileId(0)).unwrap_err();
        let err = &errors[0];
        assert_eq!(err.message, "unknown key `langauge` in issue.toml");
        assert!(err.hints[0].contains("`language`"), "{:?}", err.hints);
        let range = err.range.clone().unwrap();
        assert_eq!(&text[range], "langauge");
        // Without `language` the manifest lacks a required key; that is reported too.
        assert_eq!(errors[1].message, "issue.toml lacks the required key `language`");
    }

    #[test]
    fn all_unknown_keys_are_reported_and_parsing_goes_on() {
        let text = MINIMAL.replace("[[sections]]", "colour = \"red\"\n[[sections]]\nsubtitel = \"x\"");
        let (manifest, problems) = parse_manifest(&text, FileId(0)).unwrap();
        assert_eq!(manifest.sections.len(), 1);
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown key `colour` in issue.toml", "unknown key `subtitel` in issue.toml"]);
        assert!(problems[1].hints.iter().any(|h| h == "known keys: title, articles"), "{:?}", problems[1].hints);
    }

    #[test]
    fn missing_key_in_a_section_points_at_the_section() {
        let text = MINIMAL.replace("title = \"Schwerpunkt\"\n", "");
        let err = &parse_manifest(&text, FileId(0)).unwrap_err()[0];
        assert_eq!(err.message, "this table in issue.toml lacks the required key `title`");
        assert!(text[err.range.clone().unwrap()].starts_with("[[sections]]"));
    }

    #[test]
    fn missing_required_key() {
        let text = MINIMAL.replace("date = 2026-01-31\n", "");
        let err = &parse_manifest(&text, FileId(0)).unwrap_err()[0];
        assert_eq!(err.message, "issue.toml lacks the required key `date`");
        assert_eq!(err.hints, ["add a line such as `date = 2026-01-31`"]);
    }

    #[test]
    fn syntax_error_has_a_location() {
        let err = &parse_manifest("title = \"open\nissue = 1", FileId(0)).unwrap_err()[0];
        assert!(err.message.starts_with("failed to read issue.toml"), "{}", err.message);
        assert!(err.range.is_some());
    }
}
