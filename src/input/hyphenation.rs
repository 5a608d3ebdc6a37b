//! The hyphenation list named by `hyphenation = "…"` in issue.toml: one word a line, written
//! with its allowed breaks as hyphens (`Tarif-aus-ein-an-der-set-zung`); a word without hyphens
//! is never broken. Blank lines and lines starting with `#` are skipped.

use crate::diag::Diagnostic;
use crate::model::HyphenationExceptions;
use crate::source::FileId;

/// Parses the list; every bad line is an error at its line and column.
pub(crate) fn parse_hyphenation(text: &str, file: FileId) -> (HyphenationExceptions, Vec<Diagnostic>) {
    let mut list = HyphenationExceptions::default();
    let mut problems = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let word = content.trim();
        if word.is_empty() || word.starts_with('#') {
            continue;
        }
        let at = start + (content.len() - content.trim_start().len());
        match check_word(word) {
            Ok(()) => list.insert(word),
            Err((column, message)) => {
                let bad = at + column;
                let len = word[column..].chars().next().map_or(1, char::len_utf8);
                problems.push(
                    Diagnostic::error(format!("the hyphenation list has {message}"))
                        .at(file, Some(bad..bad + len))
                        .hint(
                        "write one word a line with its allowed breaks as hyphens, e.g. Tarif-aus-ein-an-der-set-zung",
                    ),
                );
            }
        }
    }
    (list, problems)
}

/// A word of letters with single hyphens between them; on error the byte offset in `word` and
/// what is wrong there.
fn check_word(word: &str) -> Result<(), (usize, String)> {
    let mut previous: Option<char> = None;
    for (pos, ch) in word.char_indices() {
        if ch == '-' {
            if previous.is_none_or(|p| p == '-') {
                return Err((pos, "a hyphen with no letter before it".into()));
            }
        } else if !ch.is_alphabetic() {
            let what = if ch.is_whitespace() {
                "a space: one word a line".to_string()
            } else {
                format!("\"{ch}\", not a letter")
            };
            return Err((pos, what));
        }
        previous = Some(ch);
    }
    if word.ends_with('-') {
        return Err((word.len() - 1, "a hyphen at the end of a word".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    #[test]
    fn words_and_their_breaks_are_read() {
        let mut sources = Sources::default();
        let file = sources.add("hyphenation.txt", String::new());
        let (list, problems) = parse_hyphenation("# Namen\nLiebknecht\n\n  Tarif-aus-ein-an-der-set-zung\r\n", file);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(list.breaks("Liebknecht"), Some(&[][..]));
        assert_eq!(list.breaks("Tarifauseinandersetzung").map(<[usize]>::len), Some(6));
    }

    #[test]
    fn bad_lines_are_errors_at_their_place() {
        let mut sources = Sources::default();
        let file = sources.add("hyphenation.txt", String::new());
        let text = "Ar-bei-ter\nzwei Wörter\nMie--te\nTarif-\n-Zins\nU2-Bahn\n";
        let (list, problems) = parse_hyphenation(text, file);
        let places: Vec<usize> = problems.iter().map(|p| p.range.clone().expect("a place").start).collect();
        let at = |needle: &str| text.find(needle).expect("in the text");
        assert_eq!(places, [at(" Wörter"), at("--te") + 1, at("-\n-Zins"), at("-Zins"), at("2-Bahn")]);
        assert!(problems.iter().all(|p| p.is_error()));
        assert!(list.breaks("Arbeiter").is_some(), "good lines are kept");
    }
}
