//! Margin kerning (character protrusion, as pdfTeX and microtype do it): how far punctuation at
//! a line's start or end may hang into the margin, as a share of the character's width, so that
//! the column edge looks straight to the eye rather than to the ruler.

/// Share of a character's advance that may hang into the left margin when it starts a line and
/// into the right margin when it ends one: `(left, right)`.
///
/// The amounts are microtype's defaults for text fonts (`protrusion=default`, in thousandths:
/// period 700, comma 500, hyphen 700, en dash 300, em dash 200, quotes 500): light marks hang
/// most because they leave the most white at the edge. German low quotes „‚ open a quotation at
/// the left; “‘ open in English and close in German, so quotes hang at both sides.
pub fn protrusion(ch: char) -> (f64, f64) {
    match ch {
        '.' | '\u{2026}' => (0.0, 0.7),
        ',' => (0.0, 0.5),
        ':' | ';' => (0.0, 0.5),
        '!' | '?' => (0.0, 0.2),
        '-' | '\u{2010}' | '\u{2011}' | '\u{AD}' => (0.0, 0.7),
        '\u{2013}' => (0.3, 0.3),
        '\u{2014}' => (0.2, 0.2),
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '"' | '\'' => (0.5, 0.5),
        '\u{201E}' | '\u{201A}' => (0.4, 0.4),
        '\u{AB}' | '\u{BB}' | '\u{2039}' | '\u{203A}' => (0.3, 0.3),
        '(' | '[' => (0.05, 0.0),
        ')' | ']' => (0.0, 0.05),
        _ => (0.0, 0.0),
    }
}

/// The left protrusion of a piece of text's first character, as a share of its width.
pub fn left_share(text: &str) -> f64 {
    single_char(text).map_or(0.0, |c| protrusion(c).0)
}

/// The right protrusion of a piece of text's last character, as a share of its width.
pub fn right_share(text: &str) -> f64 {
    single_char(text).map_or(0.0, |c| protrusion(c).1)
}

/// The character of a one-character cluster (ligatures and clusters of several characters do
/// not protrude).
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_hangs_and_letters_do_not() {
        assert_eq!(protrusion('.'), (0.0, 0.7));
        assert!(protrusion('-').1 >= 0.5 && protrusion(',').1 >= 0.5);
        assert!(protrusion('\u{201E}').0 > 0.0, "German opening quote hangs left");
        assert!(protrusion('\u{201C}').1 > 0.0, "German closing quote hangs right");
        assert_eq!(protrusion('a'), (0.0, 0.0));
        assert_eq!(right_share("fi"), 0.0, "a ligature does not hang");
        assert_eq!(right_share(","), 0.5);
        assert_eq!(left_share("\u{201E}"), 0.4);
    }
}
