//! Language conventions: quotation marks, labels and date formats per BCP 47 tag, and the
//! calendar arithmetic (jiff) the writers' timestamps need.

use jiff::civil::{Date, DateTime};
use jiff::SignedDuration;

/// Quotation marks of a language: primary open/close, secondary open/close, and whether a
/// (narrow) no-break space goes inside the marks, as in French.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quotes {
    pub(crate) open: &'static str,
    pub(crate) close: &'static str,
    pub(crate) open_single: &'static str,
    pub(crate) close_single: &'static str,
    pub(crate) inner_space: &'static str,
}

const ENGLISH_QUOTES: Quotes =
    Quotes { open: "“", close: "”", open_single: "‘", close_single: "’", inner_space: "" };

/// The primary subtag, lowercased: "de-AT" → "de".
pub(crate) fn primary(lang: &str) -> String {
    lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// Quotation marks by language (Duden for German; Swiss German uses guillemets).
pub(crate) fn quotes(lang: &str) -> Quotes {
    let lower = lang.to_ascii_lowercase();
    if lower.starts_with("de-ch") || lower.starts_with("de-li") {
        return Quotes { open: "«", close: "»", open_single: "‹", close_single: "›", inner_space: "" };
    }
    match primary(lang).as_str() {
        "de" | "cs" | "sk" | "sl" | "et" | "lt" | "is" => {
            Quotes { open: "„", close: "“", open_single: "‚", close_single: "‘", inner_space: "" }
        }
        // French puts a narrow no-break space inside the guillemets.
        "fr" => Quotes { open: "«", close: "»", open_single: "‹", close_single: "›", inner_space: "\u{202F}" },
        "es" | "it" | "pt" | "ca" | "el" | "ru" | "uk" | "be" | "no" | "nb" | "nn" => {
            Quotes { open: "«", close: "»", open_single: "“", close_single: "”", inner_space: "" }
        }
        "pl" | "nl" | "hu" | "ro" | "hr" | "bg" => {
            Quotes { open: "„", close: "”", open_single: "‚", close_single: "’", inner_space: "" }
        }
        "sv" | "fi" => Quotes { open: "”", close: "”", open_single: "’", close_single: "’", inner_space: "" },
        "da" => Quotes { open: "»", close: "«", open_single: "›", close_single: "‹", inner_space: "" },
        _ => ENGLISH_QUOTES,
    }
}

/// Labels the writers print, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Contents,
    Related,
    Imprint,
    Notes,
    TitlePage,
    Page,
    Back,
    And,
    Cover,
    Landmarks,
    /// Marks an article published only online.
    OnlineOnly,
    /// Opens the closing line of a web article: "… in the online edition of".
    AppearedOnline,
    /// Opens the line of an offprint that names the issue: "This article appeared in".
    Appeared,
    Previous,
    Next,
}

/// A label in the given language (de, en, fr; English otherwise).
pub(crate) fn label(lang: &str, key: Label) -> &'static str {
    use Label::*;
    match (primary(lang).as_str(), key) {
        ("de", Contents) => "Inhalt",
        ("de", Related) => "Mehr dazu",
        ("de", Imprint) => "Impressum",
        ("de", Notes) => "Anmerkungen",
        ("de", TitlePage) => "Titelseite",
        ("de", Page) => "S.",
        ("de", Back) => "Zurück zum Text",
        ("de", And) => "und",
        ("de", Cover) => "Titelbild",
        ("de", Landmarks) => "Orientierungspunkte",
        ("de", OnlineOnly) => "nur online",
        ("de", AppearedOnline) => "Dieser Artikel erschien in der Online-Ausgabe von",
        ("de", Appeared) => "Dieser Artikel erschien in",
        ("de", Previous) => "Vorheriger Artikel",
        ("de", Next) => "Nächster Artikel",
        ("fr", Contents) => "Sommaire",
        ("fr", Related) => "À lire aussi",
        ("fr", Imprint) => "Mentions légales",
        ("fr", Notes) => "Notes",
        ("fr", TitlePage) => "Page de titre",
        ("fr", Page) => "p.",
        ("fr", Back) => "Retour au texte",
        ("fr", And) => "et",
        ("fr", Cover) => "Couverture",
        ("fr", Landmarks) => "Repères",
        ("fr", OnlineOnly) => "en ligne uniquement",
        ("fr", AppearedOnline) => "Cet article est paru dans l’édition en ligne de",
        ("fr", Appeared) => "Cet article est paru dans",
        ("fr", Previous) => "Article précédent",
        ("fr", Next) => "Article suivant",
        (_, Contents) => "Contents",
        (_, Related) => "Related",
        (_, Imprint) => "Imprint",
        (_, Notes) => "Notes",
        (_, TitlePage) => "Title page",
        (_, Page) => "p.",
        (_, Back) => "Back to text",
        (_, And) => "and",
        (_, Cover) => "Cover",
        (_, Landmarks) => "Landmarks",
        (_, OnlineOnly) => "online only",
        (_, AppearedOnline) => "This article appeared in the online edition of",
        (_, Appeared) => "This article appeared in",
        (_, Previous) => "Previous article",
        (_, Next) => "Next article",
    }
}

/// Joins names the way the language lists them: "A, B und C".
pub(crate) fn join_names(names: &[String], lang: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {}", init.join(", "), label(lang, Label::And), last),
    }
}

/// The numbers of a `YYYY-MM-DD` text (exactly four, two and two digits), whether or not they
/// name a day of the calendar.
pub(crate) fn iso_date_parts(text: &str) -> Option<(i16, i8, i8)> {
    let mut parts = text.split('-');
    let mut number = |digits: usize| {
        let part = parts.next().filter(|p| p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()))?;
        part.parse::<i16>().ok()
    };
    let (year, month, day) = (number(4)?, number(2)?, number(2)?);
    if parts.next().is_some() {
        return None;
    }
    Some((year, month as i8, day as i8))
}

/// A `YYYY-MM-DD` text as a calendar date, if it is one.
pub(crate) fn parse_iso_date(text: &str) -> Option<Date> {
    let (year, month, day) = iso_date_parts(text.trim())?;
    Date::new(year, month, day).ok()
}

/// Seconds since the Unix epoch of noon (UTC) on `date`: the "last modified" time of an issue
/// without SOURCE_DATE_EPOCH.
pub(crate) fn noon_epoch(date: Date) -> i64 {
    date.duration_since(Date::constant(1970, 1, 1)).as_secs() + 12 * 3600
}

/// Year, month, day, hour, minute, second (UTC) of a second since the Unix epoch; times beyond
/// the years -9999..=9999 are held at the nearest end.
pub(crate) fn civil_from_epoch(epoch: i64) -> (i64, u32, u32, u32, u32, u32) {
    let unix = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);
    let at = unix.checked_add(SignedDuration::from_secs(epoch)).unwrap_or(if epoch < 0 {
        DateTime::MIN
    } else {
        DateTime::MAX
    });
    let small = |n: i8| n as u32;
    (i64::from(at.year()), small(at.month()), small(at.day()), small(at.hour()), small(at.minute()), small(at.second()))
}

pub(crate) const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of a month (1–12) in the given language (de, fr; English otherwise).
pub(crate) fn month_name(month: i8, lang: &str) -> &'static str {
    let names = match primary(lang).as_str() {
        "de" => &MONTHS_DE,
        "fr" => &MONTHS_FR,
        _ => &MONTHS_EN,
    };
    names[(month.clamp(1, 12) - 1) as usize]
}

/// A date for readers: "31. Januar 2026", "January 31, 2026", "31 janvier 2026". Text that is
/// not an ISO date is returned as written.
pub(crate) fn format_date(iso: &str, lang: &str) -> String {
    let Some(date) = parse_iso_date(iso) else {
        return iso.to_string();
    };
    let (year, month, day) = (date.year(), month_name(date.month(), lang), date.day());
    match primary(lang).as_str() {
        "de" => format!("{day}. {month} {year}"),
        "fr" => format!("{day} {month} {year}"),
        _ => format!("{month} {day}, {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_language() {
        assert_eq!(label("de-AT", Label::Related), "Mehr dazu");
        assert_eq!(label("en-GB", Label::Related), "Related");
        assert_eq!(label("fr", Label::Contents), "Sommaire");
        assert_eq!(label("xx", Label::Imprint), "Imprint");
    }

    #[test]
    fn dates() {
        assert_eq!(format_date("2026-01-31", "de"), "31. Januar 2026");
        assert_eq!(format_date("2026-01-31", "en-GB"), "January 31, 2026");
        assert_eq!(format_date("Winter 2026", "de"), "Winter 2026");
        assert_eq!(format_date("2026-03-05", "fr"), "5 mars 2026");
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_date("2024-02-29"), Some(Date::constant(2024, 2, 29)));
        assert_eq!(parse_iso_date("20260131"), None, "only the extended form");
        assert_eq!(iso_date_parts("2026-02-31"), Some((2026, 2, 31)));
        assert_eq!(iso_date_parts("2026-1-05"), None);
        assert_eq!(noon_epoch(Date::constant(1970, 1, 1)), 43_200);
        assert_eq!(noon_epoch(Date::constant(2026, 1, 15)), 1_768_478_400);
        assert_eq!(civil_from_epoch(-1), (1969, 12, 31, 23, 59, 59));
        assert_eq!(civil_from_epoch(253_402_300_799), (9999, 12, 31, 23, 59, 59));
        assert_eq!(civil_from_epoch(i64::MAX), (9999, 12, 31, 23, 59, 59));
    }

    #[test]
    fn names_are_joined_by_language() {
        let names = vec!["Ada".to_string(), "Bo".to_string(), "Cem".to_string()];
        assert_eq!(join_names(&names, "de"), "Ada, Bo und Cem");
        assert_eq!(join_names(&names[..1], "en"), "Ada");
    }
}
