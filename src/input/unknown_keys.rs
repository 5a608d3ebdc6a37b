//! TOML and YAML texts → serde types in one parse, with every key the types do not know
//! collected (by `serde_ignored`) and located in the text, so that all of them are reported at
//! once with a "did you mean".

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::diag::{did_you_mean, Diagnostic};
use crate::source::FileId;

/// One step of the path to a key: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// A key the target type does not know: its path and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownKey {
    pub(crate) path: Vec<Segment>,
    /// Byte range of the key in the parsed text, when it could be found.
    pub(crate) range: Option<Range<usize>>,
}

impl UnknownKey {
    /// The key's own name (the last step of its path).
    pub(crate) fn name(&self) -> &str {
        match self.path.last() {
            Some(Segment::Key(key)) => key,
            _ => "",
        }
    }

    /// The path of the table the key is in.
    pub(crate) fn table(&self) -> &[Segment] {
        &self.path[..self.path.len().saturating_sub(1)]
    }

    /// "unknown key `x` in WHAT", with a "did you mean" among `known` and the list of them.
    pub(crate) fn diagnostic(&self, what: &str, known: &[&str], file: FileId, base: usize) -> Diagnostic {
        let name = self.name();
        let range = self.range.as_ref().map(|range| base + range.start..base + range.end);
        let mut diagnostic = Diagnostic::error(format!("unknown key `{name}` in {what}")).at(file, range);
        if let Some(close) = did_you_mean(name, known) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        diagnostic.hint(format!("known keys: {}", known.join(", ")))
    }
}

/// A deserialization and the unknown keys met on the way (also when it failed half-way).
pub(crate) struct Parsed<T, E> {
    pub(crate) result: Result<T, E>,
    pub(crate) unknown: Vec<UnknownKey>,
}

/// Deserializes `T` from TOML, parsing the text once: the parsed document gives both the
/// values and the spans of unknown keys.
pub(crate) fn from_toml<T: DeserializeOwned>(text: &str) -> Parsed<T, toml_edit::de::Error> {
    let document = match ImDocument::parse(text) {
        Ok(document) => document,
        Err(err) => return Parsed { result: Err(err.into()), unknown: Vec::new() },
    };
    let mut paths = Vec::new();
    let deserializer = toml_edit::de::Deserializer::from(document.clone());
    let result = serde_ignored::deserialize(deserializer, |path| paths.push(segments(&path)));
    let unknown = paths
        .into_iter()
        .map(|path| {
            let range = toml_key_range(&document, &path).or_else(|| key_at_line_start(text, &path));
            UnknownKey { path, range }
        })
        .collect();
    Parsed { result, unknown }
}

/// Deserializes `T` from YAML. YAML keeps no spans, so unknown keys are found as `key:` at the
/// start of a line, or, inside a nested mapping (an entry of `related`), after the parent key.
pub(crate) fn from_yaml<T: DeserializeOwned>(text: &str) -> Parsed<T, serde_yaml_ng::Error> {
    let mut paths = Vec::new();
    let result = serde_ignored::deserialize(serde_yaml_ng::Deserializer::from_str(text), |path| {
        paths.push(segments(&path));
    });
    let unknown = paths
        .into_iter()
        .map(|path| {
            let range = match path.as_slice() {
                [_] => key_at_line_start(text, &path),
                _ => nested_yaml_key(text, &path),
            };
            UnknownKey { path, range }
        })
        .collect();
    Parsed { result, unknown }
}

/// A key of a nested YAML mapping: the first `key:` after the top-level key of its path that
/// starts a line's content (after indentation and `- `) or follows `{` or `,` of a flow mapping.
fn nested_yaml_key(text: &str, path: &[Segment]) -> Option<Range<usize>> {
    let (Some(Segment::Key(key)), Some(Segment::Key(top))) = (path.last(), path.first()) else { return None };
    let from = key_at_line_start(text, &[Segment::Key(top.clone())]).map_or(0, |range| range.end);
    let mut search = from;
    while let Some(at) = text[search..].find(key.as_str()).map(|i| search + i) {
        search = at + key.len();
        let before = text[..at].trim_end_matches([' ', '\t']);
        let opens = before.is_empty()
            || before.ends_with(['\n', '{', ','])
            || before.ends_with("\n-")
            || before.ends_with(" -");
        let then = text[search..].trim_start_matches([' ', '\t']);
        if opens && then.starts_with(':') {
            return Some(at..search);
        }
    }
    None
}

/// serde_ignored's borrowed path as owned steps; wrappers (`Some`, newtypes) are no steps.
fn segments(path: &serde_ignored::Path) -> Vec<Segment> {
    use serde_ignored::Path;
    match path {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut steps = segments(parent);
            steps.push(Segment::Index(*index));
            steps
        }
        Path::Map { parent, key } => {
            let mut steps = segments(parent);
            // `toml::Spanned` reads its value as a private map key: a wrapper, not a step.
            if !key.starts_with("$__serde_spanned_private") {
                steps.push(Segment::Key(key.clone()));
            }
            steps
        }
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => segments(parent),
    }
}

/// The span of the key at `path` as the TOML parser recorded it.
fn toml_key_range(document: &ImDocument<&str>, path: &[Segment]) -> Option<Range<usize>> {
    let (Segment::Key(last), parents) = path.split_last()? else { return None };
    let mut table: &dyn TableLike = document.as_table();
    let mut steps = parents.iter().peekable();
    while let Some(step) = steps.next() {
        let Segment::Key(key) = step else { return None };
        let item = table.get(key)?;
        table = match steps.next_if(|next| matches!(next, Segment::Index(_))) {
            Some(Segment::Index(index)) => table_in_array(item, *index)?,
            _ => item.as_table_like()?,
        };
    }
    table.get_key_value(last)?.0.span()
}

/// The `index`th table of an array of tables (`[[x]]`) or of an inline array.
fn table_in_array(item: &Item, index: usize) -> Option<&dyn TableLike> {
    match item {
        Item::ArrayOfTables(tables) => tables.get(index).map(|table| table as &dyn TableLike),
        Item::Value(Value::Array(values)) => values.get(index)?.as_inline_table().map(|table| table as &dyn TableLike),
        _ => None,
    }
}

/// The first line that starts with the key (bare or quoted) and then `:` or `=`: where a
/// top-level key of front matter is written.
fn key_at_line_start(text: &str, path: &[Segment]) -> Option<Range<usize>> {
    let Some(Segment::Key(key)) = path.last() else { return None };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let quote = if line.starts_with(['"', '\'']) { &line[..1] } else { "" };
        let Some(rest) = line[quote.len()..].strip_prefix(key.as_str()).and_then(|rest| rest.strip_prefix(quote))
        else {
            continue;
        };
        if rest.trim_start().starts_with([':', '=']) {
            let key_start = start + quote.len();
            return Some(key_start..key_start + key.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Doc {
        title: String,
        #[serde(default)]
        parts: Vec<Part>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Part {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn toml_unknown_keys_are_located_in_nested_tables() {
        let text = "title = \"x\"\ncolour = 1\n[[parts]]\nname = \"a\"\n[[parts]]\nname = \"b\"\nnmae = \"c\"\n";
        let parsed = from_toml::<Doc>(text);
        let doc = parsed.result.unwrap();
        assert_eq!((doc.title.as_str(), doc.parts.len()), ("x", 2));
        let found: Vec<(&str, &str)> =
            parsed.unknown.iter().map(|key| (key.name(), &text[key.range.clone().unwrap()])).collect();
        assert_eq!(found, [("colour", "colour"), ("nmae", "nmae")]);
        assert_eq!(parsed.unknown[1].table(), [Segment::Key("parts".into()), Segment::Index(1)]);
    }

    #[test]
    fn yaml_unknown_keys_are_found_at_line_starts() {
        let text = "title: x\n'kiker': y\nsubtitle_x: [a]\n";
        let parsed = from_yaml::<Doc>(text);
        assert!(parsed.result.is_ok());
        let found: Vec<&str> = parsed.unknown.iter().map(|key| &text[key.range.clone().unwrap()]).collect();
        assert_eq!(found, ["kiker", "subtitle_x"]);
    }

    #[test]
    fn unknown_keys_met_before_an_error_are_kept() {
        let parsed = from_toml::<Doc>("titel = \"x\"\n");
        assert!(parsed.result.unwrap_err().message().contains("missing field `title`"));
        assert_eq!(parsed.unknown[0].name(), "titel");
    }
}
