//! The hyphenation exceptions: words the editor wrote out with their allowed breaks
//! (`Tarif-aus-ein-an-der-set-zung`), which replace the patterns for those words.

use std::collections::HashMap;

/// Words and where they may break, looked up without regard to case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HyphenationExceptions {
    /// Lower-cased word → the character offsets at which a hyphen may be set.
    words: HashMap<String, Box<[usize]>>,
}

impl HyphenationExceptions {
    /// Adds a word written with its allowed breaks as hyphens ("Lieb-knecht"); a word written
    /// without any ("Liebknecht", a proper name) is never broken.
    pub fn insert(&mut self, written: &str) {
        let mut word = String::with_capacity(written.len());
        let mut breaks = Vec::new();
        for ch in written.chars() {
            if ch == '-' {
                breaks.push(word.chars().count());
            } else {
                word.extend(ch.to_lowercase());
            }
        }
        self.words.insert(word, breaks.into());
    }

    /// The character offsets where `word` (letters only, any case) may break, when the editor
    /// listed it.
    pub fn breaks(&self, word: &str) -> Option<&[usize]> {
        if self.words.is_empty() {
            return None;
        }
        self.words.get(&word.to_lowercase()).map(|b| &b[..])
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_in_any_case_with_their_breaks() {
        let mut list = HyphenationExceptions::default();
        list.insert("Tarif-aus-ein-an-der-set-zung");
        list.insert("Liebknecht");
        assert_eq!(list.breaks("tarifauseinandersetzung"), Some(&[5, 8, 11, 13, 16, 19][..]));
        assert_eq!(list.breaks("LIEBKNECHT"), Some(&[][..]));
        assert_eq!(list.breaks("Tarif"), None);
    }
}
