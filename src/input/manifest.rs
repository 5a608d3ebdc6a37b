//! `issue.toml` → `Manifest`: the issue's metadata and its ordered sections of article paths.

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::input::dates::DateValue;
use crate::input::unknown_keys::{from_toml, Segment};
use crate::source::FileId;

/// The manifest as written. Unknown keys are errors (collected while parsing).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Manifest {
    /// Publication name.
    pub(crate) title: Spanned<String>,
    /// Issue label, e.g. "Nr. 1/2026".
    pub(crate) issue: Spanned<String>,
    #[serde(default)]
    pub(crate) period: Option<String>,
    /// ISO date, checked after parsing.
    pub(crate) date: Spanned<DateValue>,
    /// BCP 47 language tag.
    pub(crate) language: Spanned<String>,
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    /// Markdown file with the imprint.
    #[serde(default)]
    pub(crate) imprint: Option<Spanned<String>>,
    /// The hyphenation list: one word a line with its allowed breaks.
    #[serde(default)]
    pub(crate) hyphenation: Option<Spanned<String>>,
    /// Cover image.
    #[serde(default)]
    pub(crate) cover: Option<Spanned<String>>,
    /// e.g. `urn:issn:1234-5679`; a UUID from title and issue otherwise.
    #[serde(default)]
    pub(crate) identifier: Option<String>,
    /// Page and EPUB style: a built-in name (`a4`, `a5`, `letter`) or a `.toml` file.
    #[serde(default)]
    pub(crate) style: Option<Spanned<String>>,
    /// Where the HTML edition is published: canonical links, sitemap, feed.
    #[serde(default)]
    pub(crate) base_url: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) sections: Vec<SectionEntry>,
    /// The print PDF's settings, overriding the style's.
    #[serde(default)]
    pub(crate) print: Option<PrintEntry>,
    /// The publisher's accessibility claim; none unless written.
    #[serde(default)]
    pub(crate) accessibility: Option<AccessibilityEntry>,
}

/// `[print]`: the shop's output profile and condition, bleed, crop marks and binding.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PrintEntry {
    /// An ICC output profile (CMYK, class `prtr`) in the issue folder.
    #[serde(default)]
    pub(crate) output_profile: Option<Spanned<String>>,
    /// The printing condition's registry name, e.g. `FOGRA51`.
    #[serde(default)]
    pub(crate) output_condition: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) bleed_mm: Option<Spanned<f64>>,
    #[serde(default)]
    pub(crate) crop_marks: Option<bool>,
    #[serde(default)]
    pub(crate) binding: Option<Spanned<crate::style::print::Binding>>,
    #[serde(default)]
    pub(crate) paper_thickness_mm: Option<Spanned<f64>>,
    #[serde(default)]
    pub(crate) spine_mm: Option<Spanned<f64>>,
}

/// `[accessibility]`: `conforms = true` claims EPUB Accessibility 1.1 – WCAG 2.1 AA (written only
/// when heft's own checks hold too); `certifier` names who checked it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AccessibilityEntry {
    #[serde(default)]
    pub(crate) conforms: bool,
    #[serde(default)]
    pub(crate) certifier: Option<String>,
}

impl AccessibilityEntry {
    /// The claim as the model keeps it; a blank certifier is none.
    pub(crate) fn claim(&self) -> crate::model::Accessibility {
        let certifier = self.certifier.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        crate::model::Accessibility { conforms: self.conforms, certifier }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SectionEntry {
    pub(crate) title: Spanned<String>,
    #[serde(default)]
    pub(crate) articles: Vec<Spanned<String>>,
}

const MANIFEST_KEYS: &[&str] = &[
    "title",
    "issue",
    "period",
    "date",
    "language",
    "publisher",
    "imprint",
    "hyphenation",
    "cover",
    "identifier",
    "style",
    "base_url",
    "sections",
    "print",
    "accessibility",
];
const SECTION_KEYS: &[&str] = &["title", "articles"];
const PRINT_KEYS: &[&str] =
    &["output_profile", "output_condition", "bleed_mm", "crop_marks", "binding", "paper_thickness_mm", "spine_mm"];
const ACCESSIBILITY_KEYS: &[&str] = &["conforms", "certifier"];

/// Parses `issue.toml`: the manifest and the problems that did not stop parsing (unknown keys),
/// or every problem when it cannot be read. Errors carry their location.
pub(crate) fn parse_manifest(text: &str, file: FileId) -> Result<(Manifest, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = from_toml::<Manifest>(text);
    let mut problems: Vec<Diagnostic> =
        parsed.unknown.iter().map(|key| key.diagnostic("issue.toml", known_keys(key.table()), file, 0)).collect();
    match parsed.result {
        Ok(manifest) => Ok((manifest, problems)),
        Err(err) => {
            problems.push(toml_diagnostic(&err, file, "issue.toml", 0));
            Err(problems)
        }
    }
}

/// The keys of the manifest table at `table`.
fn known_keys(table: &[Segment]) -> &'static [&'static str] {
    match table {
        [Segment::Key(sections), Segment::Index(_)] if sections == "sections" => SECTION_KEYS,
        [Segment::Key(print)] if print == "print" => PRINT_KEYS,
        [Segment::Key(accessibility)] if accessibility == "accessibility" => ACCESSIBILITY_KEYS,
        _ => MANIFEST_KEYS,
    }
}

/// Turns a TOML error of `what` into a diagnostic, with an example for a missing key. `base`:
/// where the parsed text starts in its file.
pub(crate) fn toml_diagnostic(err: &toml_edit::de::Error, file: FileId, what: &str, base: usize) -> Diagnostic {
    // toml puts details on a second line; one line reads better after "failed to read".
    let message = err.message().trim().replace('\n', ": ");
    let range = err.span().map(|span| base + span.start..base + span.end);
    let mut diagnostic = Diagnostic::error(format!("failed to read {what} ({message})")).at(file, range);
    if let Some(field) = missing_field(&message) {
        // A span starting at 0 is the whole document; inside, it is the table lacking the key.
        let in_table = err.span().is_some_and(|span| span.start > 0);
        diagnostic.message = if in_table {
            format!("this table in {what} lacks the required key `{field}`")
        } else {
            diagnostic.range = Some(base..base);
            format!("{what} lacks the required key `{field}`")
        };
        if let Some(example) = example_for(field) {
            diagnostic = diagnostic.hint(format!("add a line such as `{example}`"));
        }
    } else if message.starts_with("unknown variant") {
        diagnostic.message = format!("{message} in {what}");
        diagnostic = diagnostic.hint("write one of the values the message lists, in quotes");
    } else if message.starts_with(crate::style::colours::NOT_A_COLOUR) {
        diagnostic = diagnostic.hint(crate::style::colours::COLOUR_HINT);
    } else if message.starts_with("invalid date-time") {
        diagnostic = diagnostic.hint("write the date as YYYY-MM-DD with a day the month has, e.g. `date = 2026-01-31`");
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

/// The key named by serde's "missing field `x`" message.
pub(crate) fn missing_field(message: &str) -> Option<&str> {
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
        assert_eq!(manifest.date.get_ref().written(), "2026-01-31");
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
