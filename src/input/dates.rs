//! `date` values as editors write them (a TOML date, quoted text, a YAML scalar) → calendar
//! dates, or what is wrong with them and what to write instead.

use jiff::civil::Date;
use serde::Deserialize;

use crate::text::lang::{iso_date_parts, month_name};

/// A `date` as written, whatever its type. Read leniently and checked afterwards, so that a wrong
/// date is reported where it stands instead of failing the whole file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateValue {
    /// A bare TOML date (or date-time).
    Toml(toml::value::Datetime),
    Text(String),
    /// A number: YAML reads `20220112` as one.
    Integer(i64),
    Float(f64),
    /// A list, a table, true or false.
    Other(serde::de::IgnoredAny),
}

/// Why a `date` value is no date; the message completes "`date` in X …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DateError {
    #[error("is not a real date: {reason}")]
    Impossible { reason: String, nearest: Option<Date> },
    #[error("is a number, not a date")]
    Number { meant: Option<Date> },
    #[error("is not a date")]
    NotADate { meant: Option<Date> },
}

impl DateValue {
    /// The value as written (a number as its digits), to find it in the text.
    pub(crate) fn written(&self) -> String {
        match self {
            DateValue::Toml(datetime) => datetime.to_string(),
            DateValue::Text(text) => text.trim().to_string(),
            DateValue::Integer(number) => number.to_string(),
            DateValue::Float(number) => number.to_string(),
            DateValue::Other(_) => String::new(),
        }
    }

    /// The calendar date: exactly `YYYY-MM-DD`, a day that exists.
    pub(crate) fn to_date(&self) -> Result<Date, DateError> {
        match self {
            DateValue::Toml(_) | DateValue::Text(_) => parse_date(&self.written()),
            DateValue::Integer(number) => Err(DateError::Number { meant: date_from_digits(&number.to_string()) }),
            DateValue::Float(_) => Err(DateError::Number { meant: None }),
            DateValue::Other(_) => Err(DateError::NotADate { meant: None }),
        }
    }
}

fn parse_date(text: &str) -> Result<Date, DateError> {
    let Some((year, month, day)) = iso_date_parts(text) else {
        return Err(DateError::NotADate { meant: loose_date(text) });
    };
    Date::new(year, month, day).map_err(|_| impossible(year, month))
}

/// Why year-month-day names no day, and the last day of that month when there is one.
fn impossible(year: i16, month: i8) -> DateError {
    match Date::new(year, month, 1) {
        Ok(first) => {
            let days = first.days_in_month();
            let reason = format!("{} {year} has {days} days", month_name(month, "en"));
            DateError::Impossible { reason, nearest: Date::new(year, month, days).ok() }
        }
        Err(_) => DateError::Impossible { reason: format!("there is no month {month}"), nearest: None },
    }
}

/// `20220112` → 2022-01-12, when the digits are a date.
fn date_from_digits(digits: &str) -> Option<Date> {
    if digits.len() != 8 {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits[range].parse::<i16>().ok();
    Date::new(number(0..4)?, number(4..6)? as i8, number(6..8)? as i8).ok()
}

/// What a date written in another way probably means: `2026-1-5`, `2026-01-31T10:00`.
fn loose_date(text: &str) -> Option<Date> {
    let head = text.split(['T', 't', ' ']).next()?;
    let mut numbers = head.split('-').map(|part| part.parse::<i16>().ok());
    let (year, month, day) = (numbers.next()??, numbers.next()??, numbers.next()??);
    if numbers.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

impl DateError {
    /// What to write instead: `line` turns a date into a line of the file's syntax
    /// (`date: …` or `date = …`); `example` serves when nothing better is known.
    pub(crate) fn hint(&self, line: impl Fn(Date) -> String, example: Date) -> String {
        let suggestion = match self {
            DateError::Impossible { nearest, .. } => *nearest,
            DateError::Number { meant } | DateError::NotADate { meant } => *meant,
        };
        format!("write the date as YYYY-MM-DD, e.g. `{}`", line(suggestion.unwrap_or(example)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> DateValue {
        DateValue::Text(value.to_string())
    }

    #[test]
    fn real_dates_pass() {
        assert_eq!(text("2026-01-12").to_date(), Ok(Date::constant(2026, 1, 12)));
        assert_eq!(text(" 2024-02-29 ").to_date(), Ok(Date::constant(2024, 2, 29)));
    }

    #[test]
    fn impossible_dates_say_why_and_suggest_the_last_day() {
        let err = text("2026-02-31").to_date().unwrap_err();
        assert_eq!(err.to_string(), "is not a real date: February 2026 has 28 days");
        let yaml = |date: Date| format!("date: {date}");
        assert_eq!(
            err.hint(yaml, Date::constant(2026, 1, 12)),
            "write the date as YYYY-MM-DD, e.g. `date: 2026-02-28`"
        );
        assert_eq!(text("2026-13-01").to_date().unwrap_err().to_string(), "is not a real date: there is no month 13");
    }

    #[test]
    fn numbers_and_other_forms_suggest_what_they_mean() {
        let toml = |date: Date| format!("date = {date}");
        let example = Date::constant(2026, 1, 31);
        let number = DateValue::Integer(20220112).to_date().unwrap_err();
        assert_eq!(number.to_string(), "is a number, not a date");
        assert!(number.hint(toml, example).ends_with("`date = 2022-01-12`"));
        let short = text("2026-1-5").to_date().unwrap_err();
        assert!(short.hint(toml, example).ends_with("`date = 2026-01-05`"));
        let season = text("Winter 2026").to_date().unwrap_err();
        assert_eq!(season, DateError::NotADate { meant: None });
        assert!(season.hint(toml, example).ends_with("`date = 2026-01-31`"));
    }
}
