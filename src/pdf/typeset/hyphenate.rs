//! Hyphenation: one word and a BCP 47 language tag → the positions where a line may break
//! inside it (hypher patterns, explicit hyphens, soft hyphens, slashes in URLs).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// How a line breaking at a [`Break`] ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// A syllable boundary found by the patterns: a hyphen is drawn at the line end.
    Hyphen,
    /// A soft hyphen (U+00AD) in the input: a hyphen is drawn, the soft hyphen never.
    Soft,
    /// After a hyphen or dash already in the text, or after a slash between words: nothing is
    /// added.
    Explicit,
    /// After a slash, dot or hyphen of a URL: nothing is added, and the line does not count as
    /// hyphenated.
    Url,
}

/// A place inside a word where a line may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// Byte offset into the word: the line ends before this byte. For [`BreakKind::Soft`] it is
    /// the offset of the soft hyphen itself (which callers drop, see [`strip_soft_hyphens`]).
    pub pos: usize,
    pub kind: BreakKind,
}

const SOFT_HYPHEN: char = '\u{AD}';

/// Shortest syllable kept at the start and end of a word, and the shortest word hyphenated at
/// all, in characters.
#[derive(Debug, Clone, Copy)]
struct Limits {
    left: usize,
    right: usize,
    word: usize,
}

/// The patterns and limits for a BCP 47 tag, by its primary subtag; `None` when unsupported.
fn language(tag: &str) -> Option<(hypher::Lang, Limits)> {
    let primary = crate::text::lang::primary(tag);
    let code: [u8; 2] = primary.as_bytes().try_into().ok()?;
    let lang = hypher::Lang::from_iso(code)?;
    let limits = match &code {
        // Duden: one letter may not stand alone; two at either end are fine ("Klas-se").
        b"de" => Limits { left: 2, right: 2, word: 5 },
        // English and French house styles keep three letters on the new line ("hy-phen-ation").
        b"en" | b"fr" => Limits { left: 2, right: 3, word: 5 },
        _ => {
            let (left, right) = lang.bounds();
            Limits { left: left.max(2), right: right.max(2), word: 5 }
        }
    };
    Some((lang, limits))
}

/// The places where a line may break inside `word` (no whitespace expected), in order.
///
/// Soft hyphens, when present, are the only breaks. Otherwise the word is split after explicit
/// hyphens and dashes and each part is hyphenated by the patterns for `lang`; parts with digits
/// or other non-letters, all-capital abbreviations, gender suffixes (":innen"), e-mail addresses
/// and URLs get no automatic hyphens (URLs may break after a slash, dot or hyphen; words with a
/// slash after it). Unknown languages get no automatic hyphens.
pub fn hyphenate(word: &str, lang: &str) -> Vec<Break> {
    if word.contains(SOFT_HYPHEN) {
        return soft_breaks(word);
    }
    if word.contains('@') {
        return Vec::new();
    }
    if looks_like_url(word) {
        return url_breaks(word);
    }
    if word.contains('/') {
        return slash_breaks(word);
    }
    let patterns = language(lang);
    let mut breaks = Vec::new();
    let mut part_start = 0;
    // Inside a gender suffix ("Leser:innen") until the next hyphen: never broken.
    let mut in_suffix = false;
    for (pos, ch) in word.char_indices() {
        let after = pos + ch.len_utf8();
        if is_gender_mark(word, pos, ch) && part_start < pos {
            // "Demonstrant:innen": the stem is hyphenated on its own ("De-mons-trant:innen");
            // no break at the mark, which would read as a colon at the line end, nor in the suffix.
            if let (Some(p), false) = (patterns, in_suffix) {
                syllable_breaks(word, part_start, pos, p, &mut breaks);
            }
            part_start = after;
            in_suffix = true;
            continue;
        }
        if is_explicit_hyphen(ch) && part_start < pos {
            if let (Some(p), false) = (patterns, in_suffix) {
                syllable_breaks(word, part_start, pos, p, &mut breaks);
            }
            in_suffix = false;
            // Keep at least two characters on either side of the break.
            if word[part_start..pos].chars().count() >= 2 && word[after..].chars().count() >= 2 {
                breaks.push(Break { pos: after, kind: BreakKind::Explicit });
            }
            part_start = after;
        }
    }
    if let (Some(p), false) = (patterns, in_suffix) {
        syllable_breaks(word, part_start, word.len(), p, &mut breaks);
    }
    breaks
}

/// How a syllable break reads, for its cost: German compounds read best split at their joints,
/// and a fragment of two letters at either end ("ei-ner", "Mo-nate") reads worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// After a linking "s" of a noun suffix ("Verhandlungs-runde", "Gewerkschafts-tag").
    Joint,
    Plain,
    /// Two letters or fewer on one side of the break.
    Short,
}

/// Noun endings followed by a linking "s" at a compound joint (Fugen-s): "Arbeits-", "Lohns-"
/// are too ambiguous, these suffixes are not.
const JOINT_ENDINGS: [&str; 9] = ["ungs", "heits", "keits", "schafts", "ions", "täts", "ings", "tums", "lings"];

/// The grade of breaking `word` at byte `pos` (a syllable break of [`hyphenate`]).
pub fn grade(word: &str, pos: usize) -> Grade {
    // Only the letters near the break matter: looking no further keeps the grading of a
    // "word" of a million letters linear instead of quadratic.
    let left = word[..pos].chars().rev().take(3).take_while(|c| c.is_alphabetic()).count();
    let right = word[pos..].chars().take(4).take_while(|c| c.is_alphabetic()).count();
    if left <= 2 || right <= 2 {
        return Grade::Short;
    }
    let longest_ending = JOINT_ENDINGS.iter().map(|e| e.chars().count()).max().unwrap_or(0);
    let tail_start = word[..pos].char_indices().rev().nth(longest_ending - 1).map_or(0, |(i, _)| i);
    let head = word[tail_start..pos].to_lowercase();
    if JOINT_ENDINGS.iter().any(|e| head.ends_with(e)) && right >= 4 {
        return Grade::Joint;
    }
    Grade::Plain
}

/// Like [`hyphenate`], with results cached per thread: words repeat a lot (the 100-article
/// test issue has 120 000 words but only a few thousand distinct ones), and the patterns
/// were a fifth of the PDF writer's time.
/// Hyphenation results per language, then per word.
type HyphenationCache = HashMap<String, HashMap<Box<str>, Rc<[Break]>>>;

pub fn hyphenate_cached(word: &str, lang: &str) -> Rc<[Break]> {
    /// Beyond this many distinct words per language the cache is dropped and refilled,
    /// bounding memory.
    const CACHE_LIMIT: usize = 50_000;
    thread_local! {
        static CACHE: RefCell<HyphenationCache> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(lang) {
            cache.insert(lang.to_owned(), HashMap::new());
        }
        let words = cache.get_mut(lang).expect("inserted above");
        if let Some(hit) = words.get(word) {
            return Rc::clone(hit);
        }
        if words.len() >= CACHE_LIMIT {
            words.clear();
        }
        let breaks: Rc<[Break]> = hyphenate(word, lang).into();
        words.insert(word.into(), Rc::clone(&breaks));
        breaks
    })
}

/// Removes soft hyphens from `word` and moves the break positions to match the result.
pub fn strip_soft_hyphens<'a>(word: &'a str, breaks: &mut [Break]) -> Cow<'a, str> {
    if !word.contains(SOFT_HYPHEN) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    let mut removed_before = Vec::new();
    for (pos, ch) in word.char_indices() {
        if ch == SOFT_HYPHEN {
            removed_before.push(pos);
        } else {
            out.push(ch);
        }
    }
    for b in breaks.iter_mut() {
        let shift = removed_before.iter().filter(|&&p| p < b.pos).count() * SOFT_HYPHEN.len_utf8();
        b.pos -= shift;
    }
    Cow::Owned(out)
}

fn is_explicit_hyphen(ch: char) -> bool {
    matches!(ch, '-' | '\u{2010}' | '\u{2013}')
}

/// A gender colon, star or underscore between two letters ("Leser:innen", "Leser*innen",
/// "Leser_innen").
fn is_gender_mark(word: &str, pos: usize, ch: char) -> bool {
    let letter_before = word[..pos].chars().next_back().is_some_and(char::is_alphabetic);
    let letter_after = word[pos + ch.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
    matches!(ch, ':' | '*' | '_') && letter_before && letter_after
}

fn looks_like_url(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    word.contains("://") || word.starts_with("www.")
}

/// Breaks after the slashes, dots and hyphens of a URL that have at least two characters on
/// both sides ("https://" stays whole).
fn url_breaks(word: &str) -> Vec<Break> {
    let bytes = word.as_bytes();
    let mut breaks = Vec::new();
    for (pos, &b) in bytes.iter().enumerate() {
        let after = pos + 1;
        let next = bytes.get(after).copied();
        let mark = matches!(b, b'/' | b'.' | b'-') && !matches!(next, Some(b'/' | b'.' | b'-'));
        if !mark || pos < 2 || matches!(bytes[pos - 1], b'/' | b':') {
            continue;
        }
        // The mark is ASCII, so `after` is a character boundary.
        let room = word[after..].chars().filter(|c| c.is_alphanumeric()).count() >= 2;
        if room {
            breaks.push(Break { pos: after, kind: BreakKind::Url });
        }
    }
    breaks
}

/// Breaks at soft hyphens that have text on both sides.
fn soft_breaks(word: &str) -> Vec<Break> {
    let mut breaks: Vec<Break> = Vec::new();
    for (pos, ch) in word.char_indices() {
        let before = word[..pos].chars().any(|c| c != SOFT_HYPHEN);
        let after = word[pos + ch.len_utf8()..].chars().any(|c| c != SOFT_HYPHEN);
        if ch == SOFT_HYPHEN && before && after && breaks.last().map(|b| b.pos) != Some(pos) {
            breaks.push(Break { pos, kind: BreakKind::Soft });
        }
    }
    breaks
}

/// Breaks after single slashes that have at least two characters on both sides.
fn slash_breaks(word: &str) -> Vec<Break> {
    let bytes = word.as_bytes();
    let mut breaks = Vec::new();
    for (pos, &b) in bytes.iter().enumerate() {
        let after = pos + 1;
        let single = b == b'/' && bytes.get(after) != Some(&b'/') && (pos == 0 || bytes[pos - 1] != b'/');
        if single && pos >= 2 && word.len() - after >= 2 && word.is_char_boundary(after) {
            breaks.push(Break { pos: after, kind: BreakKind::Explicit });
        }
    }
    breaks
}

/// Pattern breaks inside `word[start..end]`, after trimming punctuation from its ends.
fn syllable_breaks(word: &str, start: usize, end: usize, (lang, limits): (hypher::Lang, Limits), out: &mut Vec<Break>) {
    let part = &word[start..end];
    let core_start = part.find(char::is_alphanumeric).unwrap_or(part.len());
    let core_end = part
        .rfind(char::is_alphanumeric)
        .map_or(core_start, |i| i + part[i..].chars().next().map_or(0, char::len_utf8));
    let core = &part[core_start..core_end];
    let letters = core.chars().count();
    let all_caps = core.chars().filter(|c| c.is_uppercase()).count() >= 2 && !core.chars().any(char::is_lowercase);
    if letters < limits.word || all_caps || !core.chars().all(char::is_alphabetic) {
        return;
    }
    let mut pos = start + core_start;
    let mut syllables = hypher::hyphenate_bounded(core, lang, limits.left, limits.right).peekable();
    while let Some(syllable) = syllables.next() {
        pos += syllable.len();
        if syllables.peek().is_some() {
            out.push(Break { pos, kind: BreakKind::Hyphen });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word with every break drawn as a hyphen (explicit breaks add nothing): "Ar-bei-ter".
    fn hyphenated(word: &str, lang: &str) -> String {
        let breaks = hyphenate(word, lang);
        let mut out = String::with_capacity(word.len() + breaks.len());
        let mut last = 0;
        for b in &breaks {
            out.push_str(&word[last..b.pos]);
            if matches!(b.kind, BreakKind::Hyphen | BreakKind::Soft) {
                out.push('-');
            }
            last = b.pos;
        }
        out.push_str(&word[last..]);
        out.replace(SOFT_HYPHEN, "")
    }

    #[test]
    fn german_words_split_into_syllables() {
        assert_eq!(hyphenated("Arbeiterklasse", "de"), "Ar-bei-ter-klas-se");
        assert_eq!(hyphenated("Gewerkschaften", "de-DE"), "Ge-werk-schaf-ten");
        assert_eq!(hyphenated("Produktionsmittel", "de"), "Pro-duk-ti-ons-mit-tel");
    }

    #[test]
    fn english_keeps_three_letters_on_the_new_line() {
        assert_eq!(hyphenated("extensive", "en"), "ex-ten-sive");
        assert_eq!(hyphenated("hyphenation", "en-GB"), "hy-phen-ation");
        assert!(!hyphenated("wanted", "en").ends_with("-ed"));
    }

    #[test]
    fn short_words_and_unknown_languages_stay_whole() {
        assert_eq!(hyphenated("Haus", "de"), "Haus");
        assert_eq!(hyphenated("Arbeiterklasse", "xx"), "Arbeiterklasse");
        assert_eq!(hyphenated("Arbeiterklasse", ""), "Arbeiterklasse");
    }

    #[test]
    fn punctuation_around_a_word_is_kept_out_of_the_patterns() {
        assert_eq!(hyphenated("„Arbeiterklasse“,", "de"), "„Ar-bei-ter-klas-se“,");
    }

    #[test]
    fn explicit_hyphens_break_without_a_new_hyphen_and_parts_hyphenate() {
        let word = "autoritär-bürokratisch";
        let breaks = hyphenate(word, "de");
        let explicit: Vec<_> = breaks.iter().filter(|b| b.kind == BreakKind::Explicit).collect();
        assert_eq!(explicit.len(), 1);
        assert_eq!(&word[..explicit[0].pos], "autoritär-");
        assert_eq!(hyphenated(word, "de"), "au-to-ri-tär-bü-ro-kra-tisch");
        assert!(breaks.windows(2).all(|w| w[0].pos < w[1].pos));
    }

    #[test]
    fn soft_hyphens_are_the_only_breaks() {
        let word = "Silben\u{ad}trennungsregeln";
        let breaks = hyphenate(word, "de");
        assert_eq!(breaks, vec![Break { pos: 6, kind: BreakKind::Soft }]);
        assert_eq!(hyphenated(word, "de"), "Silben-trennungsregeln");
        let mut moved = vec![Break { pos: 8, kind: BreakKind::Soft }];
        assert_eq!(strip_soft_hyphens("ab\u{ad}cd\u{ad}ef", &mut moved), "abcdef");
        assert_eq!(moved[0].pos, 4);
    }

    #[test]
    fn digits_urls_and_abbreviations_get_no_automatic_hyphens() {
        assert_eq!(hyphenated("Mitglieder2024", "de"), "Mitglieder2024");
        assert_eq!(hyphenated("GEWERKSCHAFT", "de"), "GEWERKSCHAFT");
        assert_eq!(hyphenated("und/oder", "de"), "und/oder");
        assert_eq!(hyphenate("und/oder", "de"), vec![Break { pos: 4, kind: BreakKind::Explicit }]);
    }

    /// The pieces a word is broken into at its breaks.
    fn pieces<'w>(word: &'w str, breaks: &[Break]) -> Vec<&'w str> {
        let mut out = Vec::new();
        let mut last = 0;
        for b in breaks {
            out.push(&word[last..b.pos]);
            last = b.pos;
        }
        out.push(&word[last..]);
        out
    }

    #[test]
    fn urls_break_after_slash_dot_and_hyphen_without_a_hyphen() {
        let url = "https://rote-feder.example.org/archiv/2026-1";
        let breaks = hyphenate(url, "de");
        assert!(breaks.iter().all(|b| b.kind == BreakKind::Url));
        assert_eq!(pieces(url, &breaks), ["https://rote-", "feder.", "example.", "org/", "archiv/", "2026-1"]);
        let umlauts = "https://bücher.example.org/Überblick";
        assert_eq!(pieces(umlauts, &hyphenate(umlauts, "de")), ["https://bücher.", "example.", "org/", "Überblick"]);
        let www = "www.example.org/Gewerkschaften";
        assert_eq!(pieces(www, &hyphenate(www, "de")), ["www.", "example.", "org/", "Gewerkschaften"]);
    }

    #[test]
    fn e_mail_addresses_are_never_broken() {
        assert!(hyphenate("redaktion@rote-feder.example.org", "de").is_empty());
        assert!(hyphenate("editors@field-notes.example.com", "en").is_empty());
    }

    #[test]
    fn gendered_words_hyphenate_on_both_sides_of_the_mark() {
        assert_eq!(hyphenated("Demonstrant:innen", "de"), "De-mons-trant:innen");
        assert_eq!(hyphenated("Oppositionspolitiker*innen,", "de"), "Op-po-si-ti-ons-po-li-ti-ker*innen,");
        assert_eq!(hyphenated("Arbeiter_innen", "de"), "Ar-bei-ter_innen");
        assert_eq!(hyphenated("Bürger:innen-Initiative", "de"), "Bür-ger:innen-In-itia-ti-ve");
        assert!(hyphenate("Folgendes:", "de").iter().all(|b| b.pos < "Folgendes".len()));
    }

    #[test]
    fn cached_breaks_match_fresh_ones_per_language() {
        for word in ["Arbeiterklasse", "autoritär-bürokratisch", "hyphenation", "Silben\u{ad}trennung", "Haus"] {
            for lang in ["de", "en", "xx"] {
                // Twice: the second call is served from the cache.
                assert_eq!(&*hyphenate_cached(word, lang), hyphenate(word, lang).as_slice(), "{word} {lang}");
                assert_eq!(&*hyphenate_cached(word, lang), hyphenate(word, lang).as_slice(), "{word} {lang}");
            }
        }
        assert_ne!(hyphenate_cached("hyphenation", "en").len(), hyphenate_cached("hyphenation", "xx").len());
    }

    #[test]
    fn breaks_are_graded_by_joint_and_fragment_length() {
        let word = "Tarifverhandlungsrunde";
        let at = |head: &str| grade(word, head.len());
        assert_eq!(at("Tarifverhandlungs"), Grade::Joint);
        assert_eq!(at("Tarifver"), Grade::Plain);
        assert_eq!(grade("einer", 2), Grade::Short, "ei-ner");
        assert_eq!(grade("Monate", 2), Grade::Short, "Mo-nate");
        assert_eq!(grade("Patientinnen", 2), Grade::Short, "Pa-tientinnen");
        assert_eq!(
            grade("Gewerkschaftstag", "Gewerkschafts".len()),
            Grade::Plain,
            "a joint needs four letters after it"
        );
        assert_eq!(grade("Gewerkschaftsbund", "Gewerkschafts".len()), Grade::Joint);
        assert_eq!(grade("„Monate“", "„Mo".len()), Grade::Short, "punctuation is not counted");
        // Only the letters near the break count, however long the word.
        let long = format!("{}verhandlungsrunde", "x".repeat(100_000));
        assert_eq!(grade(&long, long.len() - "runde".len()), Grade::Joint);
        assert_eq!(grade(&long, 2), Grade::Short);
        assert_eq!(grade(&long, 50_000), Grade::Plain);
    }

    #[test]
    fn hyphen_at_word_end_is_no_break() {
        assert!(hyphenate("Arbeiter-", "de").iter().all(|b| b.kind == BreakKind::Hyphen));
        assert!(hyphenate("-5", "de").is_empty());
    }
}
