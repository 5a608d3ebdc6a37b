//! Language conventions: quotation marks, labels and date formats per BCP 47 tag.

/// Quotation marks of a language: primary open/close, secondary open/close, and whether a
/// (narrow) no-break space goes inside the marks, as in French.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    pub open: &'static str,
    pub close: &'static str,
    pub open_single: &'static str,
    pub close_single: &'static str,
    pub inner_space: &'static str,
}

const ENGLISH_QUOTES: Quotes =
    Quotes { open: "“", close: "”", open_single: "‘", close_single: "’", inner_space: "" };

/// The primary subtag, lowercased: "de-AT" → "de".
pub fn primary(lang: &str) -> String {
    lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// Quotation marks by language (Duden for German; Swiss German uses guillemets).
pub fn quotes(lang: &str) -> Quotes {
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
pub enum Label {
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
}

/// A label in the given language (de, en, fr; English otherwise).
pub fn label(lang: &str, key: Label) -> &'static str {
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
    }
}

/// Joins names the way the language lists them: "A, B und C".
pub fn join_names(names: &[String], lang: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {}", init.join(", "), label(lang, Label::And), last),
    }
}

/// Parses `YYYY-MM-DD` into (year, month, day) if it is a real date.
pub fn parse_iso_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day_part = parts.next()?;
    if day_part.len() != 2 || !(1000..=9999).contains(&year) {
        return None;
    }
    let day: u32 = day_part.parse().ok()?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month).contains(&day).then_some((year, month, day))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month, day of a day count from 1970-01-01 (proleptic Gregorian), the inverse of
/// `days_from_civil`: eras of 400 years from 0000-03-01, so leap days fall at a year's end.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Year, month, day, hour, minute, second (UTC) of a second since the Unix epoch.
pub fn civil_from_epoch(epoch: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (days, secs) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    (year, month, day, (secs / 3600) as u32, (secs % 3600 / 60) as u32, (secs % 60) as u32)
}

/// A date for readers: "31. Januar 2026", "January 31, 2026", "31 janvier 2026". Text that is
/// not an ISO date is returned as written.
pub fn format_date(iso: &str, lang: &str) -> String {
    let Some((year, month, day)) = parse_iso_date(iso) else {
        return iso.to_string();
    };
    let index = month as usize - 1;
    match primary(lang).as_str() {
        "de" => {
            const MONTHS: [&str; 12] = [
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
            format!("{day}. {} {year}", MONTHS[index])
        }
        "fr" => {
            const MONTHS: [&str; 12] = [
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
            format!("{day} {} {year}", MONTHS[index])
        }
        _ => {
            const MONTHS: [&str; 12] = [
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
            format!("{} {day}, {year}", MONTHS[index])
        }
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
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2026, 1, 31), 20_484);
        assert_eq!(civil_from_days(20_484), (2026, 1, 31));
        assert_eq!(civil_from_epoch(-1), (1969, 12, 31, 23, 59, 59));
    }

    #[test]
    fn names_are_joined_by_language() {
        let names = vec!["Ada".to_string(), "Bo".to_string(), "Cem".to_string()];
        assert_eq!(join_names(&names, "de"), "Ada, Bo und Cem");
        assert_eq!(join_names(&names[..1], "en"), "Ada");
    }
}
