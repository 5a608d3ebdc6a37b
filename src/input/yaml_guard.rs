//! Limits on YAML front matter, checked on the text before the YAML parser sees it: the parser
//! expands aliases (`*name`) without a memory budget, and deep flow nesting (`[[[[…`) makes it
//! quadratic. Front matter is a few flat `key: value` lines, so neither is needed: anchors and
//! aliases are refused, and nesting is bounded.

/// Deeper `[`/`{` nesting than this is refused; front matter needs at most a list.
pub(crate) const MAX_FLOW_DEPTH: usize = 16;

/// What the guard refuses, with the byte offset in the scanned text where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YamlProblem {
    /// `&name` or `*name`: an anchor or an alias.
    Alias { at: usize },
    /// A `[` or `{` opening level `MAX_FLOW_DEPTH + 1`.
    TooDeep { at: usize },
}

/// Scans YAML for anchors, aliases and deep flow nesting, skipping quoted scalars, comments and
/// block scalars (`|`, `>`), so that a `*` in text (`title: Ein *schöner* Tag`) is no alias.
/// `*` and `&` can only start a node, never a plain scalar, so a node start holding one is an
/// alias or an anchor.
pub(crate) fn check_yaml(text: &str) -> Result<(), YamlProblem> {
    let mut scan = Scanner { bytes: text.as_bytes(), at: 0, flow_depth: 0 };
    scan.run()
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    flow_depth: usize,
}

impl Scanner<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    /// True when the byte after the current one ends a token (space, line end, or the text end).
    fn followed_by_space(&self) -> bool {
        matches!(self.peek(1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    }

    fn run(&mut self) -> Result<(), YamlProblem> {
        while self.at < self.bytes.len() {
            self.line()?;
        }
        Ok(())
    }

    /// One line from its first byte up to and including its line break (or a quoted scalar or
    /// block scalar that continues onto later lines).
    fn line(&mut self) -> Result<(), YamlProblem> {
        let indent = self.skip_while(|b| b == b' ');
        let mut node_start = true;
        while let Some(byte) = self.peek(0) {
            match byte {
                b'\n' => {
                    self.at += 1;
                    return Ok(());
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'#' if self.at == 0 || matches!(self.bytes[self.at - 1], b' ' | b'\t' | b'\n') => {
                    self.skip_while(|b| b != b'\n');
                }
                b'*' | b'&' if node_start => return Err(YamlProblem::Alias { at: self.at }),
                b'"' | b'\'' if node_start => {
                    self.quoted(byte);
                    node_start = false;
                }
                b'|' | b'>' if node_start && self.flow_depth == 0 => {
                    self.skip_while(|b| b != b'\n');
                    self.block_scalar(indent);
                    return Ok(());
                }
                b'[' | b'{' if node_start || self.flow_depth > 0 => {
                    self.flow_depth += 1;
                    if self.flow_depth > MAX_FLOW_DEPTH {
                        return Err(YamlProblem::TooDeep { at: self.at });
                    }
                    self.at += 1;
                    node_start = true;
                }
                b']' | b'}' if self.flow_depth > 0 => {
                    self.flow_depth -= 1;
                    self.at += 1;
                    node_start = false;
                }
                b',' if self.flow_depth > 0 => {
                    self.at += 1;
                    node_start = true;
                }
                b'-' | b'?' | b':' if self.followed_by_space() && (node_start || byte == b':') => {
                    self.at += 1;
                    node_start = true;
                }
                _ => {
                    self.at += 1;
                    node_start = false;
                }
            }
        }
        Ok(())
    }

    /// Skips a quoted scalar starting at the opening quote, across lines; `''` is an escaped
    /// single quote, `\` escapes the next byte in double quotes.
    fn quoted(&mut self, quote: u8) {
        self.at += 1;
        while let Some(byte) = self.peek(0) {
            self.at += 1;
            if quote == b'"' && byte == b'\\' {
                self.at += 1;
            } else if byte == quote {
                if quote == b'\'' && self.peek(0) == Some(b'\'') {
                    self.at += 1;
                } else {
                    return;
                }
            }
        }
    }

    /// Skips the lines of a block scalar: blank lines and lines indented deeper than the line
    /// that introduced it. Stops at the first line that is not part of it.
    fn block_scalar(&mut self, parent_indent: usize) {
        while self.at < self.bytes.len() {
            self.at += 1; // the line break
            let rest = &self.bytes[self.at..];
            let indent = rest.iter().take_while(|&&b| b == b' ').count();
            let blank = matches!(rest.get(indent), None | Some(b'\n' | b'\r'));
            if !blank && indent <= parent_indent {
                return;
            }
            self.skip_while(|b| b != b'\n');
        }
    }

    /// Advances over bytes matching `keep`; returns how many.
    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) -> usize {
        let start = self.at;
        while self.peek(0).is_some_and(&keep) {
            self.at += 1;
        }
        self.at - start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_front_matter_passes() {
        for text in [
            "title: Ein *schöner* Tag & mehr\nauthors: [Ada, \"Bo *x\"]\n",
            "title: 'It''s *not* an alias'\nkicker: \"a \\\" *b\"\n",
            "note: |\n  - *betont*\n  &amp\nlang: de\n",
            "title: x # *comment\nrelated:\n  - a.md\n  - b.md\n",
            "title: Marx - *Kapital*\nsubtitle: 10:30 Uhr, *pünktlich*\n",
        ] {
            assert_eq!(check_yaml(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn anchors_and_aliases_are_found_where_written() {
        let text = "title: T\nname: &n Lang\nauthors: [*n, *n]\n";
        assert_eq!(check_yaml(text), Err(YamlProblem::Alias { at: text.find('&').unwrap() }));
        let text = "authors:\n  - *n\n";
        assert_eq!(check_yaml(text), Err(YamlProblem::Alias { at: text.find('*').unwrap() }));
        let text = "note: |\n  ok\nauthors: [a, *x]\n";
        assert_eq!(check_yaml(text), Err(YamlProblem::Alias { at: text.find('*').unwrap() }));
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_the_first_bracket_too_many() {
        let text = format!("authors: {}", "[".repeat(70_000));
        assert_eq!(check_yaml(&text), Err(YamlProblem::TooDeep { at: 9 + MAX_FLOW_DEPTH }));
        assert_eq!(check_yaml("authors: [[a], {b: [c]}]\n"), Ok(()));
    }

    #[test]
    fn never_panics_on_truncated_input() {
        for text in ["\"", "'", "a: \"\\", "x: |", "[", "]", "- ", "#", ": *"] {
            let _ = check_yaml(text);
        }
    }
}
