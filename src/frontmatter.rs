//! An article file → its front matter (YAML between `---` lines or TOML between `+++` lines)
//! and the byte offset where the Markdown body starts.

use serde::Deserialize;

use crate::diag::{did_you_mean, Diagnostic};
use crate::manifest::{toml_diagnostic, unknown_field, DateValue};
use crate::project::FileId;

/// Front matter as written. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub kicker: Option<String>,
    pub subtitle: Option<String>,
    /// Free-text author line.
    pub byline: Option<String>,
    pub authors: Option<Vec<String>>,
    pub date: Option<DateValue>,
    pub lang: Option<String>,
    /// Translation note.
    pub note: Option<String>,
    /// Text or a URL.
    pub source: Option<String>,
    /// Other articles of the issue.
    pub related: Option<Vec<String>>,
}

const KEYS: &[&str] = &[
    "title", "kicker", "subtitle", "byline", "authors", "date", "lang", "note", "source", "related",
];

/// The parsed front matter, where it sits, and where the body begins.
#[derive(Debug, Clone)]
pub struct Split {
    pub front: FrontMatter,
    /// Byte range of the front matter block (delimiters included), for diagnostics.
    pub front_range: std::ops::Range<usize>,
    pub body_offset: usize,
}

/// Splits and parses the front matter; a file without any is an error (it needs a title).
pub fn split_front_matter(text: &str, file: FileId, path: &str) -> Result<Split, Diagnostic> {
    let text_start = usize::from(text.starts_with('\u{feff}')) * 3;
    let rest = &text[text_start..];
    let fence = match first_line(rest) {
        "---" => "---",
        "+++" => "+++",
        _ => {
            return Err(Diagnostic::error(format!("{path} has no front matter"))
                .at(file, Some(0..0))
                .hint("start the file with a `---` line, then `title: …`, then another `---` line"));
        }
    };
    let content_start = text_start + first_line_len(rest);
    let Some((content_end, body_offset)) = find_closing_fence(text, content_start, fence) else {
        return Err(Diagnostic::error(format!("the front matter of {path} is not closed"))
            .at(file, Some(text_start..text_start + 3))
            .hint(format!("end the front matter with a line that holds only `{fence}`")));
    };
    let content = &text[content_start..content_end];
    let front = if fence == "---" {
        parse_yaml(content, content_start, file, path)?
    } else {
        parse_toml(content, content_start, file, path)?
    };
    Ok(Split { front, front_range: text_start..body_offset, body_offset })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').map_or(text.len(), |i| i + 1)
}

/// Finds the closing fence line after `from`: (end of content, start of body).
fn find_closing_fence(text: &str, from: usize, fence: &str) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

fn parse_yaml(content: &str, base: usize, file: FileId, path: &str) -> Result<FrontMatter, Diagnostic> {
    if content.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml::from_str::<FrontMatter>(content).map_err(|err| {
        let range = err.location().map(|loc| base + loc.index()..base + loc.index());
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        front_matter_diagnostic(&message, file, range, path)
    })
}

fn parse_toml(content: &str, base: usize, file: FileId, path: &str) -> Result<FrontMatter, Diagnostic> {
    toml::from_str::<FrontMatter>(content).map_err(|err| {
        let mut diagnostic = toml_diagnostic(&err, file, &format!("the front matter of {path}"), &[KEYS]);
        diagnostic.range = err.span().map(|span| base + span.start..base + span.end);
        diagnostic
    })
}

fn front_matter_diagnostic(
    message: &str,
    file: FileId,
    range: Option<std::ops::Range<usize>>,
    path: &str,
) -> Diagnostic {
    if let Some(key) = unknown_field(message) {
        let mut diagnostic =
            Diagnostic::error(format!("unknown key `{key}` in the front matter of {path}")).at(file, range);
        if let Some(close) = did_you_mean(key, KEYS) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        return diagnostic.hint(format!("known keys: {}", KEYS.join(", ")));
    }
    Diagnostic::error(format!("failed to read the front matter of {path} ({message})")).at(file, range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: Streik\nauthors: [Ada, Bo]\ndate: 2026-01-12\n---\nBody\n";
        let split = split_front_matter(text, FileId(0), "a.md").unwrap();
        assert_eq!(split.front.title.as_deref(), Some("Streik"));
        assert_eq!(split.front.authors.unwrap(), ["Ada", "Bo"]);
        assert_eq!(split.front.date.unwrap().as_text(), "2026-01-12");
        assert_eq!(&text[split.body_offset..], "Body\n");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Docks\"\nlang = \"en\"\ndate = 2026-01-12\n+++\nBody";
        let split = split_front_matter(text, FileId(0), "a.md").unwrap();
        assert_eq!(split.front.lang.as_deref(), Some("en"));
        assert_eq!(split.front.date.unwrap().as_text(), "2026-01-12");
        assert_eq!(&text[split.body_offset..], "Body");
    }

    #[test]
    fn unknown_yaml_key_points_at_its_line() {
        let text = "---\ntitle: x\ntitel: y\n---\n";
        let err = split_front_matter(text, FileId(0), "a.md").unwrap_err();
        assert_eq!(err.message, "unknown key `titel` in the front matter of a.md");
        assert_eq!(err.range.unwrap().start, 13);
        assert!(err.hints[0].contains("`title`"));
    }

    #[test]
    fn yaml_syntax_error_and_unclosed_block() {
        let err = split_front_matter("---\ntitle: [x\n---\n", FileId(0), "a.md").unwrap_err();
        assert!(err.message.starts_with("failed to read the front matter of a.md"), "{}", err.message);
        let err = split_front_matter("---\ntitle: x\n", FileId(0), "a.md").unwrap_err();
        assert_eq!(err.message, "the front matter of a.md is not closed");
    }
}
