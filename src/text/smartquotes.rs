//! Smart punctuation: straight quotes, `--`, `---`, `...` → typographic marks by language.
//! Runs once over the text of a block, in reading order, keeping state across inline elements
//! so that a quote opened before an emphasis closes after it. Typographic marks already in the
//! source stay as they are.

use crate::text::lang::{quotes, Quotes};

/// Converts the text nodes of one block, one after another.
pub(crate) struct SmartQuotes {
    quotes: Quotes,
    /// The last character seen (a space at the start of a block).
    prev: char,
    open_single: usize,
}

impl SmartQuotes {
    pub(crate) fn new(lang: &str) -> SmartQuotes {
        SmartQuotes { quotes: quotes(lang), prev: ' ', open_single: 0 }
    }

    /// Something that is not text but reads like a word (inline code, an image).
    pub(crate) fn word(&mut self) {
        self.prev = 'x';
    }

    /// A line break or similar: what follows starts afresh.
    pub(crate) fn space(&mut self) {
        self.prev = ' ';
    }

    /// Converts one text node.
    pub(crate) fn convert(&mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match c {
                '"' => self.double_quote(&mut out),
                '\'' => self.single_quote(next, &mut out),
                '-' if next == Some('-') => {
                    if chars.get(i + 2) == Some(&'-') {
                        out.push('—');
                        i += 1;
                    } else {
                        out.push('–');
                    }
                    i += 1;
                }
                // A hyphen standing alone between words is a dash.
                '-' if self.prev == ' ' && next == Some(' ') => out.push('–'),
                '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                    out.push('…');
                    i += 2;
                }
                _ => out.push(c),
            }
            self.prev = out.chars().last().unwrap_or(c);
            i += 1;
        }
        out
    }

    fn opens(&self) -> bool {
        self.prev.is_whitespace() || "([{\u{2014}\u{2013}/„“‚‘«‹»›”\"'".contains(self.prev)
    }

    fn double_quote(&mut self, out: &mut String) {
        if self.opens() {
            out.push_str(self.quotes.open);
            out.push_str(self.quotes.inner_space);
        } else {
            out.push_str(self.quotes.inner_space);
            out.push_str(self.quotes.close);
        }
    }

    fn single_quote(&mut self, next: Option<char>, out: &mut String) {
        let next_is_letter = next.is_some_and(char::is_alphanumeric);
        if self.opens() {
            // '90er, 'n: an elision at a word start, not a quote.
            if next.is_some_and(|n| n.is_ascii_digit()) {
                out.push('’');
            } else {
                out.push_str(self.quotes.open_single);
                self.open_single += 1;
            }
        } else if self.prev.is_alphanumeric() && next_is_letter {
            out.push('’');
        } else if self.open_single > 0 {
            self.open_single -= 1;
            out.push_str(self.quotes.close_single);
        } else {
            out.push('’');
        }
    }
}

/// Converts a single piece of text on its own (titles, front-matter fields).
pub(crate) fn smarten(text: &str, lang: &str) -> String {
    SmartQuotes::new(lang).convert(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_quotes() {
        assert_eq!(
            smarten(r#"Sie sagte: "Wir streiken, 'bis es reicht'." Das war's."#, "de"),
            "Sie sagte: „Wir streiken, ‚bis es reicht‘.“ Das war’s."
        );
    }

    #[test]
    fn english_quotes_and_apostrophes() {
        assert_eq!(
            smarten(r#""It's the union's call," she said -- 'really'... in the '90s"#, "en"),
            "“It’s the union’s call,” she said – ‘really’… in the ’90s"
        );
    }

    #[test]
    fn dashes_and_typographic_quotes_stay() {
        assert_eq!(smarten("„Schon“ gesetzt---ja", "de"), "„Schon“ gesetzt—ja");
        assert_eq!(smarten("1933 - 1945", "de"), "1933 – 1945");
        assert_eq!(smarten("autoritär-bürokratisch", "de"), "autoritär-bürokratisch");
    }

    #[test]
    fn french_guillemets_with_narrow_space() {
        assert_eq!(smarten(r#"Il dit "non""#, "fr"), "Il dit «\u{202F}non\u{202F}»");
    }

    #[test]
    fn state_carries_across_nodes() {
        let mut sq = SmartQuotes::new("de");
        let parts: Vec<String> = ["Er rief \"", "Halt", "\" und ging."].iter().map(|t| sq.convert(t)).collect();
        assert_eq!(parts.concat(), "Er rief „Halt“ und ging.");
    }
}
