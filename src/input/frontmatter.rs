//! An article file → its front matter (YAML between `---` lines or TOML between `+++` lines)
//! and the byte offset where the Markdown body starts.

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::input::dates::DateValue;
use crate::input::manifest::toml_diagnostic;
use crate::input::unknown_keys::{from_toml, from_yaml, Segment, UnknownKey};
use crate::input::yaml_guard::{check_yaml, YamlProblem, MAX_FLOW_DEPTH};
use crate::source::FileId;

/// Front matter as written. Unknown keys are errors (collected while parsing).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) kicker: Option<String>,
    pub(crate) subtitle: Option<String>,
    /// Free-text author line.
    pub(crate) byline: Option<String>,
    /// A list of names, or one name written as text (`authors: Neil Faulkner`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub(crate) authors: Option<Vec<String>>,
    pub(crate) date: Option<DateValue>,
    pub(crate) lang: Option<String>,
    /// Translation note.
    pub(crate) note: Option<String>,
    /// Text or a URL.
    pub(crate) source: Option<String>,
    /// Other articles of the issue (paths) or articles published elsewhere (tables).
    pub(crate) related: Option<Vec<RelatedEntry>>,
    /// Published only online: left out of the PDFs.
    pub(crate) online_only: Option<bool>,
}

/// A list of texts, or one text as a list of one.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(Some(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(name) => vec![name],
        OneOrMany::Many(names) => names,
    }))
}

const KEYS: &[&str] =
    &["title", "kicker", "subtitle", "byline", "authors", "date", "lang", "note", "source", "related", "online_only"];

/// The keys of a table in `related`.
const RELATED_KEYS: &[&str] = &["title", "author", "publication", "issue", "period", "url", "online_only"];

/// One entry of `related`: the path of an article of this issue, or a table describing an
/// article published elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RelatedEntry {
    Path(String),
    External(ExternalEntry),
}

/// An article published elsewhere, as written in `related`; only `title` is required.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct ExternalEntry {
    pub(crate) title: String,
    pub(crate) author: Option<String>,
    /// Defaults to this issue's publication.
    pub(crate) publication: Option<String>,
    pub(crate) issue: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) online_only: Option<bool>,
}

/// By hand rather than `#[serde(untagged)]`: an untagged enum buffers the table, which would hide
/// its unknown keys from `serde_ignored`; a visitor hands the table on as it is read.
impl<'de> Deserialize<'de> for RelatedEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RelatedEntryVisitor)
    }
}

struct RelatedEntryVisitor;

impl<'de> serde::de::Visitor<'de> for RelatedEntryVisitor {
    type Value = RelatedEntry;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the path of an article or a table with at least a `title`")
    }

    fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<RelatedEntry, E> {
        Ok(RelatedEntry::Path(path.to_string()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RelatedEntry, A::Error> {
        let deserializer = serde::de::value::MapAccessDeserializer::new(map);
        ExternalEntry::deserialize(deserializer).map(RelatedEntry::External)
    }
}

/// The parsed front matter, where it sits, and where the body begins.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    pub(crate) front: FrontMatter,
    /// Byte range of the front matter block (delimiters included), for diagnostics.
    pub(crate) front_range: std::ops::Range<usize>,
    pub(crate) body_offset: usize,
}

/// Splits and parses the front matter; a file without any is an error (it needs a title).
/// Unknown keys are reported but do not stop parsing (second value of the result).
pub(crate) fn split_front_matter(
    text: &str,
    file: FileId,
    path: &str,
) -> Result<(Split, Vec<Diagnostic>), Vec<Diagnostic>> {
    // A byte order mark was already dropped when the file was decoded (`source::decode`).
    let fence = match first_line(text) {
        "---" => "---",
        "+++" => "+++",
        _ => {
            return Err(vec![Diagnostic::error(format!("{path} has no front matter"))
                .at(file, Some(0..0))
                .hint("start the file with a `---` line, then `title: …`, then another `---` line")]);
        }
    };
    let content_start = first_line_len(text);
    let Some((content_end, body_offset)) = find_closing_fence(text, content_start, fence) else {
        return Err(vec![Diagnostic::error(format!("the front matter of {path} is not closed"))
            .at(file, Some(0..3))
            .hint(format!("end the front matter with a line that holds only `{fence}`"))]);
    };
    let content = &text[content_start..content_end];
    check_limits(content, content_start, fence, file, path)?;
    let (front, problems) = if fence == "---" {
        let first_line = text[..content_start].matches('\n').count();
        parse_yaml(content, content_start, first_line, file, path)?
    } else {
        parse_toml(content, content_start, file, path)?
    };
    Ok((Split { front, front_range: 0..body_offset, body_offset }, problems))
}

/// Front matter longer than this is refused before parsing: real front matter is a few hundred
/// bytes, and the parsers' cost grows with it.
pub(crate) const MAX_FRONT_MATTER: usize = 64 * 1024;

/// Refuses front matter that could make parsing expensive: too long, or (YAML) with aliases or
/// deep nesting. `base` is the content's offset in the file.
fn check_limits(content: &str, base: usize, fence: &str, file: FileId, path: &str) -> Result<(), Vec<Diagnostic>> {
    if content.len() > MAX_FRONT_MATTER {
        return Err(vec![Diagnostic::error(format!(
            "the front matter of {path} is {} KiB long; at most {} KiB are read",
            content.len() / 1024,
            MAX_FRONT_MATTER / 1024
        ))
        .at(file, Some(0..fence.len()))
        .hint(format!(
            "close the front matter with a `{fence}` line after the last key; long text belongs in the body"
        ))]);
    }
    if fence != "---" {
        return Ok(());
    }
    let (at, message, hint) = match check_yaml(content) {
        Ok(()) => return Ok(()),
        Err(YamlProblem::Alias { at }) => (
            at,
            format!("the front matter of {path} uses a YAML anchor or alias (`&`/`*`), which heft does not read"),
            "write the value itself; to start a value with * or &, put it in quotes: `title: \"*Text*\"`".to_string(),
        ),
        Err(YamlProblem::TooDeep { at }) => (
            at,
            format!("the front matter of {path} nests lists deeper than {MAX_FLOW_DEPTH} levels"),
            "front matter values are text or a list of texts: `authors: [Ada Muster, Bo Beispiel]`".to_string(),
        ),
    };
    Err(vec![Diagnostic::error(message).at(file, Some(base + at..base + at + 1)).hint(hint)])
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

/// Parsed front matter and the problems that did not stop parsing, or every problem.
type FrontResult = Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>>;

/// `lines_before`: lines of the file before `content`, to turn YAML's line numbers into the file's.
fn parse_yaml(content: &str, base: usize, lines_before: usize, file: FileId, path: &str) -> FrontResult {
    if content.trim().is_empty() {
        return Ok((FrontMatter::default(), Vec::new()));
    }
    let parsed = from_yaml::<FrontMatter>(content);
    let mut problems = unknown_key_diagnostics(&parsed.unknown, file, base, path);
    match parsed.result {
        Ok(front) => Ok((front, problems)),
        Err(err) => {
            let at = err.location().map(|loc| loc.index());
            let range = at.map(|at| base + at..base + at + key_len(content.get(at..).unwrap_or("")));
            problems.push(yaml_diagnostic(&yaml_message(&err.to_string(), lines_before), file, range, path));
            Err(problems)
        }
    }
}

fn unknown_key_diagnostics(unknown: &[UnknownKey], file: FileId, base: usize, path: &str) -> Vec<Diagnostic> {
    let what = format!("the front matter of {path}");
    unknown.iter().map(|key| key.diagnostic(&what, known_keys(key), file, base)).collect()
}

/// The keys of the table an unknown key is in: an entry of `related`, or the front matter.
fn known_keys(key: &UnknownKey) -> &'static [&'static str] {
    match key.table() {
        [Segment::Key(related), Segment::Index(_)] if related == "related" => RELATED_KEYS,
        _ => KEYS,
    }
}

/// Length of the `key` at the start of a `key: value` line (0 when it is not one).
fn key_len(line: &str) -> usize {
    let line = line.split('\n').next().unwrap_or("");
    line.find(':').filter(|&i| i > 0 && !line[..i].contains(char::is_whitespace)).unwrap_or(0)
}

/// A YAML error message without its own place (the report shows it), with the lines of any
/// other place it names counted from the start of the file.
fn yaml_message(message: &str, lines_before: usize) -> String {
    let without_place = match message.find(" at line ") {
        Some(at) => {
            let rest = &message[at + " at line ".len()..];
            let place_len = rest.find(',').unwrap_or(rest.len());
            format!("{}{}", &message[..at], &rest[place_len..])
        }
        None => message.to_string(),
    };
    file_lines(&without_place, lines_before)
}

/// Shifts "line N" in a YAML message (counted inside the front matter) to lines of the file.
fn file_lines(message: &str, lines_before: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        match rest[..digits].parse::<usize>() {
            Ok(line) => out.push_str(&(line + lines_before).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn parse_toml(content: &str, base: usize, file: FileId, path: &str) -> FrontResult {
    let parsed = from_toml::<FrontMatter>(content);
    let mut problems = unknown_key_diagnostics(&parsed.unknown, file, base, path);
    match parsed.result {
        Ok(front) => Ok((front, problems)),
        Err(err) => {
            problems.push(toml_diagnostic(&err, file, &format!("the front matter of {path}"), base));
            Err(problems)
        }
    }
}

/// A YAML error as a diagnostic, with advice on the usual slips.
fn yaml_diagnostic(message: &str, file: FileId, range: Option<std::ops::Range<usize>>, path: &str) -> Diagnostic {
    let hint = if message.contains("invalid type") {
        "write text after `key: `; put it in quotes when it starts with [, {, \", *, & or contains `: `"
    } else {
        "the front matter is YAML: one `key: value` per line; quote values that contain `: ` or start with [, {, \", *, &"
    };
    Diagnostic::error(format!("failed to read the front matter of {path} ({message})")).at(file, range).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: Streik\nauthors: [Ada, Bo]\ndate: 2026-01-12\n---\nBody\n";
        let (split, _) = split_front_matter(text, FileId(0), "a.md").unwrap();
        assert_eq!(split.front.title.as_deref(), Some("Streik"));
        assert_eq!(split.front.authors.unwrap(), ["Ada", "Bo"]);
        assert_eq!(split.front.date.unwrap().written(), "2026-01-12");
        assert_eq!(&text[split.body_offset..], "Body\n");
    }

    #[test]
    fn a_single_author_may_be_written_as_text() {
        let (split, _) = split_front_matter("---\ntitle: x\nauthors: Neil Faulkner\n---\n", FileId(0), "a.md").unwrap();
        assert_eq!(split.front.authors.unwrap(), ["Neil Faulkner"]);
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Docks\"\nlang = \"en\"\ndate = 2026-01-12\n+++\nBody";
        let (split, _) = split_front_matter(text, FileId(0), "a.md").unwrap();
        assert_eq!(split.front.lang.as_deref(), Some("en"));
        assert_eq!(split.front.date.unwrap().written(), "2026-01-12");
        assert_eq!(&text[split.body_offset..], "Body");
    }

    #[test]
    fn unknown_yaml_key_points_at_its_line() {
        let text = "---\ntitle: x\ntitel: y\nsubtitel: z\n---\n";
        let (split, problems) = split_front_matter(text, FileId(0), "a.md").unwrap();
        assert_eq!(split.front.title.as_deref(), Some("x"));
        let err = &problems[0];
        assert_eq!(err.message, "unknown key `titel` in the front matter of a.md");
        assert_eq!(&text[err.range.clone().unwrap()], "titel");
        assert!(err.hints[0].contains("`title`"));
        assert_eq!(problems[1].message, "unknown key `subtitel` in the front matter of a.md");
    }

    #[test]
    fn yaml_lines_in_messages_count_from_the_file_start() {
        let text = "---\ntitle: \"open\nkicker: k\n---\n";
        let err = &split_front_matter(text, FileId(0), "a.md").unwrap_err()[0];
        assert!(err.message.contains("quoted scalar at line 2 column 8"), "{}", err.message);
        assert!(!err.message.contains("line 1"), "{}", err.message);
    }

    #[test]
    fn toml_unknown_keys_are_all_reported() {
        let text = "+++\ntitle = \"x\"\nkiker = \"k\"\nlnag = \"en\"\n+++\n";
        let (_, problems) = split_front_matter(text, FileId(0), "a.md").unwrap();
        assert_eq!(problems.len(), 2);
        assert_eq!(&text[problems[1].range.clone().unwrap()], "lnag");
        assert!(problems[1].hints[0].contains("`lang`"));
    }

    #[test]
    fn yaml_syntax_error_and_unclosed_block() {
        let err = &split_front_matter("---\ntitle: [x\n---\n", FileId(0), "a.md").unwrap_err()[0];
        assert!(err.message.starts_with("failed to read the front matter of a.md"), "{}", err.message);
        let err = &split_front_matter("---\ntitle: x\n", FileId(0), "a.md").unwrap_err()[0];
        assert_eq!(err.message, "the front matter of a.md is not closed");
    }

    #[test]
    fn related_entries_are_paths_or_tables_in_yaml_and_toml() {
        let yaml = "---\ntitle: x\nonline_only: true\nrelated:\n  - mieten.md\n  - title: Der Januar-Aufstand\n    author: SBK\n    online_only: true\n---\n";
        let (split, problems) = split_front_matter(yaml, FileId(0), "a.md").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(split.front.online_only, Some(true));
        let external = ExternalEntry {
            title: "Der Januar-Aufstand".into(),
            author: Some("SBK".into()),
            online_only: Some(true),
            ..ExternalEntry::default()
        };
        let expected = [RelatedEntry::Path("mieten.md".into()), RelatedEntry::External(external.clone())];
        assert_eq!(split.front.related.as_deref(), Some(&expected[..]));
        let toml = "+++\ntitle = \"x\"\nrelated = [\"mieten.md\", { title = \"Der Januar-Aufstand\", author = \"SBK\", online_only = true }]\n+++\n";
        let (split, problems) = split_front_matter(toml, FileId(0), "a.md").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(split.front.related.as_deref(), Some(&expected[..]));
    }

    #[test]
    fn unknown_keys_of_a_related_table_are_located_with_their_own_key_list() {
        let yaml = "---\ntitle: x\nrelated:\n  - title: T\n    autor: A\n---\n";
        let (_, problems) = split_front_matter(yaml, FileId(0), "a.md").unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "unknown key `autor` in the front matter of a.md");
        assert_eq!(&yaml[problems[0].range.clone().unwrap()], "autor");
        assert!(problems[0].hints[0].contains("`author`"), "{:?}", problems[0].hints);
        let toml = "+++\ntitle = \"x\"\nrelated = [{ title = \"T\", urll = \"https://x.org\" }]\n+++\n";
        let (_, problems) = split_front_matter(toml, FileId(0), "a.md").unwrap();
        assert_eq!(&toml[problems[0].range.clone().unwrap()], "urll");
        assert!(problems[0].hints[0].contains("`url`"), "{:?}", problems[0].hints);
    }

    #[test]
    fn a_related_table_without_title_is_an_error() {
        let yaml = "---\ntitle: x\nrelated:\n  - author: A\n---\n";
        let err = &split_front_matter(yaml, FileId(0), "a.md").unwrap_err()[0];
        assert!(err.message.contains("missing field `title`"), "{}", err.message);
    }
}
