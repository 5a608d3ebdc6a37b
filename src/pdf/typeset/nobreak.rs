//! Non-breaking conventions by language: a pass over a paragraph's text before line breaking
//! that turns the spaces the Duden (and English house styles) keep unbroken into no-break
//! spaces — dates, section and page references, abbreviations, numbers with their unit, digit
//! groups — and keeps a dash used as a Gedankenstrich from starting a line.

use crate::text::lang;

/// No-break space: binds words at full word-space width (it still stretches).
pub const NBSP: char = '\u{A0}';
/// Narrow no-break space: inside abbreviations, digit groups and before `%` (Duden: "z. B.",
/// "250 000", "58 %").
pub const NARROW_NBSP: char = '\u{202F}';

/// Month names as dates write them, from the one calendar table (`text::lang`); German adds the
/// Austrian "Jänner".
fn is_month(word: &str, german: bool) -> bool {
    if german {
        lang::MONTHS_DE.contains(&word) || word == "Jänner"
    } else {
        lang::MONTHS_EN.contains(&word)
    }
}

/// German abbreviations that stay with the number after them ("S. 3", "Nr. 1/2022", "§ 555c").
const BEFORE_NUMBER_DE: &[&str] =
    &["§", "§§", "Art.", "Abs.", "S.", "Nr.", "Bd.", "Kap.", "Anm.", "Abb.", "Tab.", "Ziff.", "Bl.", "Jg.", "Heft"];
/// English abbreviations that stay with the number after them ("p. 3", "No. 5").
const BEFORE_NUMBER_EN: &[&str] =
    &["§", "§§", "p.", "pp.", "No.", "no.", "Nos.", "Fig.", "fig.", "vol.", "Vol.", "ch.", "art.", "Art."];
/// English titles that stay with the name after them ("Mr. Smith").
const TITLES_EN: &[&str] = &["Mr.", "Mrs.", "Ms.", "Mx.", "Dr.", "Prof.", "St.", "Sen.", "Rep.", "Gen."];
/// German titles that stay with the name after them ("Dr. Müller").
const TITLES_DE: &[&str] = &["Dr.", "Prof.", "Hr.", "Fr.", "St."];
/// Units and signs set after a number with a narrow space.
const NARROW_UNITS: &[&str] = &["%", "‰", "°", "°C", "°F"];
/// Units and currencies set after a number with a no-break space.
const UNITS: &[&str] = &[
    "€", "$", "£", "Euro", "EUR", "USD", "Dollar", "Prozent", "percent", "per", "Mio.", "Mrd.", "Mill.", "Tsd.",
    "million", "billion", "km", "m", "cm", "mm", "kg", "g", "t", "l", "ml", "h", "min", "s", "Std.", "Uhr", "km/h",
    "m²", "qm", "kWh", "MW", "GW", "ha", "Jahre", "Jahren", "years", "Tage", "days",
];

/// `text` with the ASCII spaces at the given byte offsets replaced.
pub fn replace_spaces(text: &str, replacements: &[(usize, char)]) -> String {
    let mut out = String::with_capacity(text.len() + 2 * replacements.len());
    let mut last = 0;
    for &(pos, ch) in replacements {
        out.push_str(&text[last..pos]);
        out.push(ch);
        last = pos + 1;
    }
    out.push_str(&text[last..]);
    out
}

/// Byte offsets of ASCII spaces in `text` to replace, with their replacement.
pub fn bindings(text: &str, lang: &str) -> Vec<(usize, char)> {
    let german = crate::text::lang::primary(lang) == "de";
    let mut out = Vec::new();
    let mut prev_start = 0;
    let mut prev_bound_digits = false;
    let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    for (k, &space) in spaces.iter().enumerate() {
        let prev = &text[prev_start..space];
        let next_end = spaces.get(k + 1).copied().unwrap_or(text.len());
        let next = &text[space + 1..next_end];
        let mut choice = rule(prev, next, german);
        if choice.is_none() && prev_bound_digits && is_digit_group(next) {
            choice = Some(NARROW_NBSP);
        }
        prev_bound_digits = choice == Some(NARROW_NBSP) && is_digit_group(next);
        if let Some(ch) = choice {
            out.push((space, ch));
        }
        prev_start = space + 1;
    }
    out
}

/// The space to set between the words `prev` and `next`, when it must not break.
fn rule(prev: &str, next: &str, german: bool) -> Option<char> {
    if prev.is_empty() || next.is_empty() {
        return None;
    }
    // A Gedankenstrich never starts a line: it stays with the word before it.
    if matches!(next, "\u{2013}" | "\u{2014}") || next.starts_with("\u{2013}\u{a0}") {
        return Some(NBSP);
    }
    let next_core = trim_punct(next);
    let starts_with_digit = next.chars().next().is_some_and(|c| c.is_ascii_digit());
    if is_number(prev) {
        if NARROW_UNITS.contains(&next_core) || NARROW_UNITS.contains(&next) {
            return Some(NARROW_NBSP);
        }
        if UNITS.contains(&next_core) || UNITS.contains(&next) {
            return Some(NBSP);
        }
        if is_small_number(prev) && is_digit_group(next) {
            return Some(NARROW_NBSP);
        }
    }
    if is_ordinal(prev) && is_month(next_core, german) {
        return Some(NBSP);
    }
    if is_month(prev, german) && starts_with_digit {
        return Some(NBSP);
    }
    if !german && is_number(prev) && is_month(next_core, german) {
        return Some(NBSP);
    }
    let (before_number, titles) = if german { (BEFORE_NUMBER_DE, TITLES_DE) } else { (BEFORE_NUMBER_EN, TITLES_EN) };
    if before_number.contains(&prev) && starts_with_digit {
        return Some(NBSP);
    }
    if prev.starts_with('§') && prev.chars().all(|c| c == '§') {
        return Some(NBSP);
    }
    if titles.contains(&prev) && next.chars().next().is_some_and(char::is_uppercase) {
        return Some(NBSP);
    }
    if german && is_initial_abbreviation(prev) && is_initial_abbreviation(trim_trailing(next)) {
        return Some(NARROW_NBSP);
    }
    None
}

/// "z." or "B.": one letter and a full stop (the parts of "z. B.", "d. h.", "u. a.").
fn is_initial_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_alphabetic())
}

/// Strips closing punctuation after an abbreviation's own full stop ("B.," → "B.").
fn trim_trailing(word: &str) -> &str {
    word.trim_end_matches([',', ';', ':', ')', '!', '?', '\u{201C}', '\u{2019}'])
}

fn trim_punct(word: &str) -> &str {
    word.trim_end_matches([',', ';', ':', ')', '!', '?', '.', '\u{201C}', '\u{2019}', '"'])
}

/// "15." — a day or an ordinal.
fn is_ordinal(word: &str) -> bool {
    word.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()))
}

/// A number, maybe signed, with decimal or thousands separators ("−58", "3,5", "1.200").
fn is_number(word: &str) -> bool {
    let body = word.trim_start_matches(['-', '\u{2212}', '+', '(', '~', '\u{2248}']);
    body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        && !body.ends_with(['.', ','])
}

/// One to three digits: the first group of a number set in groups ("250 000").
fn is_small_number(word: &str) -> bool {
    let digits = word.trim_start_matches(['-', '\u{2212}', '+', '(']);
    (1..=3).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

/// Exactly three digits, maybe followed by punctuation: a later group of a grouped number.
fn is_digit_group(word: &str) -> bool {
    let digits = word.trim_end_matches([',', '.', ';', ':', ')', '!', '?']);
    let digits = digits.split([',', '.']).next().unwrap_or("");
    digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with the spaces that must not break replaced by no-break spaces.
    fn bind(text: &str, lang: &str) -> String {
        replace_spaces(text, &bindings(text, lang))
    }

    fn de(text: &str) -> String {
        bind(text, "de")
    }

    fn en(text: &str) -> String {
        bind(text, "en-GB")
    }

    #[test]
    fn dates_stay_together() {
        assert_eq!(de("am 15. November war"), "am 15.\u{a0}November war");
        assert_eq!(de("seit dem 1. Januar 1919 gilt"), "seit dem 1.\u{a0}Januar\u{a0}1919 gilt");
        assert_eq!(en("on 15 November 2025 we"), "on 15\u{a0}November\u{a0}2025 we");
        assert_eq!(en("by November 15, the"), "by November\u{a0}15, the");
    }

    #[test]
    fn references_stay_with_their_number() {
        assert_eq!(de("nach § 555c BGB"), "nach §\u{a0}555c BGB");
        assert_eq!(de("siehe S. 3 und Nr. 1/2022"), "siehe S.\u{a0}3 und Nr.\u{a0}1/2022");
        assert_eq!(en("see p. 3 and No. 5"), "see p.\u{a0}3 and No.\u{a0}5");
        assert_eq!(en("under § 12 of"), "under §\u{a0}12 of");
    }

    #[test]
    fn abbreviations_and_titles_stay_together() {
        assert_eq!(de("etwa z. B. so"), "etwa z.\u{202f}B. so");
        assert_eq!(de("das heißt d. h., dass"), "das heißt d.\u{202f}h., dass");
        assert_eq!(de("sagte Dr. Müller"), "sagte Dr.\u{a0}Müller");
        assert_eq!(en("said Mr. Smith"), "said Mr.\u{a0}Smith");
        assert_eq!(en("e. g. no"), "e. g. no", "English writes e.g. without a space; nothing to bind");
    }

    #[test]
    fn numbers_stay_with_units_and_their_groups() {
        assert_eq!(de("um −58 % gesunken"), "um −58\u{202f}% gesunken");
        assert_eq!(de("kostet 12,50 Euro"), "kostet 12,50\u{a0}Euro");
        assert_eq!(de("rund 250 000 Menschen"), "rund 250\u{202f}000 Menschen");
        assert_eq!(de("1 250 000 Euro"), "1\u{202f}250\u{202f}000\u{a0}Euro");
        assert_eq!(en("about 40 km away"), "about 40\u{a0}km away");
        assert_eq!(en("some 250 000 people"), "some 250\u{202f}000 people");
        assert_eq!(de("im Jahr 1919 200 Menschen"), "im Jahr 1919 200 Menschen", "a year is no digit group");
    }

    #[test]
    fn a_dash_never_starts_a_line() {
        assert_eq!(de("Wort – und weiter"), "Wort\u{a0}– und weiter");
        assert_eq!(en("word – and more"), "word\u{a0}– and more");
        assert_eq!(de("Text ohne Regel"), "Text ohne Regel");
    }
}
