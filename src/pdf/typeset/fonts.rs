//! The bundled font families: which file serves which family and style, compiled into the binary.

/// A family of the bundled fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Body text.
    Serif,
    /// Kickers, headings, running heads.
    Sans,
    /// Inline code and code blocks (regular and bold; italic code is set upright).
    Mono,
    /// Fallback for minus, arrows and mathematical operators (one regular face).
    Math,
    /// Fallback for stars, check marks, dingbats and geometric shapes (one regular face).
    Symbols,
}

/// One face of the bundled fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontKey {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
}

/// How many distinct faces there are (see [`FontKey::slot`]).
pub const FACE_COUNT: usize = 14;

impl FontKey {
    pub const SERIF: FontKey = FontKey { family: Family::Serif, bold: false, italic: false };
    pub const SANS: FontKey = FontKey { family: Family::Sans, bold: false, italic: false };
    pub const MONO: FontKey = FontKey { family: Family::Mono, bold: false, italic: false };
    pub const MATH: FontKey = FontKey { family: Family::Math, bold: false, italic: false };
    pub const SYMBOLS: FontKey = FontKey { family: Family::Symbols, bold: false, italic: false };

    /// Every distinct face, in slot order (see [`FontKey::slot`]).
    #[cfg(test)]
    pub const ALL: [FontKey; FACE_COUNT] = [
        FontKey { family: Family::Serif, bold: false, italic: false },
        FontKey { family: Family::Serif, bold: false, italic: true },
        FontKey { family: Family::Serif, bold: true, italic: false },
        FontKey { family: Family::Serif, bold: true, italic: true },
        FontKey { family: Family::Sans, bold: false, italic: false },
        FontKey { family: Family::Sans, bold: false, italic: true },
        FontKey { family: Family::Sans, bold: true, italic: false },
        FontKey { family: Family::Sans, bold: true, italic: true },
        FontKey { family: Family::Mono, bold: false, italic: false },
        FontKey { family: Family::Mono, bold: false, italic: true },
        FontKey { family: Family::Mono, bold: true, italic: false },
        FontKey { family: Family::Mono, bold: true, italic: true },
        FontKey::MATH,
        FontKey::SYMBOLS,
    ];

    /// The face's index among the bundled faces, 0..[`FACE_COUNT`]: for per-face tables (parsed
    /// faces, embedded fonts and their resource names). The fallback families have one face, so
    /// their weight and slant do not count.
    pub fn slot(self) -> usize {
        let style = usize::from(self.bold) * 2 + usize::from(self.italic);
        match self.family {
            Family::Serif => style,
            Family::Sans => 4 + style,
            Family::Mono => 8 + style,
            Family::Math => 12,
            Family::Symbols => 13,
        }
    }

    /// The key of the face that is actually drawn: the fallback families have only a regular
    /// face and Noto Sans Mono has no italic, so those keys lose their slant (and weight).
    pub fn drawn(self) -> FontKey {
        match self.family {
            Family::Serif | Family::Sans => self,
            Family::Mono => FontKey { italic: false, ..self },
            Family::Math | Family::Symbols => FontKey { family: self.family, bold: false, italic: false },
        }
    }

    pub fn with_bold(self, bold: bool) -> FontKey {
        FontKey { bold, ..self }
    }

    pub fn with_italic(self, italic: bool) -> FontKey {
        FontKey { italic, ..self }
    }

    /// PostScript-style name of the face, e.g. `NotoSerif-BoldItalic`.
    pub fn postscript_name(self) -> &'static str {
        match (self.family, self.bold, self.italic) {
            (Family::Serif, false, false) => "NotoSerif-Regular",
            (Family::Serif, false, true) => "NotoSerif-Italic",
            (Family::Serif, true, false) => "NotoSerif-Bold",
            (Family::Serif, true, true) => "NotoSerif-BoldItalic",
            (Family::Sans, false, false) => "NotoSans-Regular",
            (Family::Sans, false, true) => "NotoSans-Italic",
            (Family::Sans, true, false) => "NotoSans-Bold",
            (Family::Sans, true, true) => "NotoSans-BoldItalic",
            (Family::Mono, false, _) => "NotoSansMono-Regular",
            (Family::Mono, true, _) => "NotoSansMono-Bold",
            (Family::Math, _, _) => "NotoSansMath-Regular",
            (Family::Symbols, _, _) => "NotoSansSymbols2-Regular",
        }
    }
}

/// The TrueType file of a face (bundled under `fonts/`, SIL OFL 1.1).
pub fn font_bytes(key: FontKey) -> &'static [u8] {
    match (key.family, key.bold, key.italic) {
        (Family::Serif, false, false) => include_bytes!("../../../fonts/NotoSerif-Regular.ttf"),
        (Family::Serif, false, true) => include_bytes!("../../../fonts/NotoSerif-Italic.ttf"),
        (Family::Serif, true, false) => include_bytes!("../../../fonts/NotoSerif-Bold.ttf"),
        (Family::Serif, true, true) => include_bytes!("../../../fonts/NotoSerif-BoldItalic.ttf"),
        (Family::Sans, false, false) => include_bytes!("../../../fonts/NotoSans-Regular.ttf"),
        (Family::Sans, false, true) => include_bytes!("../../../fonts/NotoSans-Italic.ttf"),
        (Family::Sans, true, false) => include_bytes!("../../../fonts/NotoSans-Bold.ttf"),
        (Family::Sans, true, true) => include_bytes!("../../../fonts/NotoSans-BoldItalic.ttf"),
        (Family::Mono, false, _) => include_bytes!("../../../fonts/NotoSansMono-Regular.ttf"),
        (Family::Mono, true, _) => include_bytes!("../../../fonts/NotoSansMono-Bold.ttf"),
        (Family::Math, _, _) => include_bytes!("../../../fonts/NotoSansMath-Regular.ttf"),
        (Family::Symbols, _, _) => include_bytes!("../../../fonts/NotoSansSymbols2-Regular.ttf"),
    }
}

/// A bundled face parsed once: the shaping face and the metrics inline layout needs.
/// Lengths are in font units; divide by `units_per_em` for ems.
pub struct Face {
    /// The rustybuzz face (derefs to a `ttf_parser::Face`).
    pub shaper: rustybuzz::Face<'static>,
    pub units_per_em: f64,
    /// Typographic ascender (positive, above the baseline).
    pub ascender: f64,
    /// Typographic descender (positive, below the baseline).
    pub descender: f64,
    /// Advance of U+0020.
    pub space: f64,
    /// Glyph id and advance of the hyphen drawn at hyphenated line ends (U+002D).
    pub hyphen_id: u16,
    pub hyphen: f64,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("units_per_em", &self.units_per_em).finish_non_exhaustive()
    }
}

impl Face {
    fn parse(key: FontKey) -> Face {
        // The fonts are compiled in and checked by the tests below: failing to parse one is a
        // build defect, not an input error.
        let shaper = rustybuzz::Face::from_slice(font_bytes(key), 0)
            .unwrap_or_else(|| panic!("bundled font {} does not parse", key.postscript_name()));
        let units_per_em = f64::from(shaper.units_per_em());
        let advance = |ch: char| -> (u16, f64) {
            shaper
                .glyph_index(ch)
                .map(|g| (g.0, f64::from(shaper.glyph_hor_advance(g).unwrap_or(0))))
                .unwrap_or((0, 0.0))
        };
        let (_, space) = advance(' ');
        let (hyphen_id, hyphen) = advance('-');
        Face {
            units_per_em,
            ascender: f64::from(shaper.ascender()),
            descender: -f64::from(shaper.descender()),
            space: if space > 0.0 { space } else { units_per_em / 4.0 },
            hyphen_id,
            hyphen,
            shaper,
        }
    }
}

/// The parsed face of `key`, parsed on first use and shared by all threads.
pub fn face(key: FontKey) -> &'static Face {
    static FACES: [std::sync::OnceLock<Face>; FACE_COUNT] = [const { std::sync::OnceLock::new() }; FACE_COUNT];
    FACES[key.slot()].get_or_init(|| Face::parse(key.drawn()))
}

/// Whether the face has a real glyph (not .notdef) for `ch`.
pub fn has_glyph(key: FontKey, ch: char) -> bool {
    face(key).shaper.glyph_index(ch).is_some_and(|g| g.0 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_with_sane_metrics() {
        for key in FontKey::ALL {
            let f = face(key);
            assert!(f.units_per_em >= 16.0, "{key:?}");
            assert!(f.ascender > 0.0 && f.descender > 0.0, "{key:?}");
            assert!(f.space > 0.0, "{key:?}");
            if key.family != Family::Symbols {
                assert!(f.hyphen > 0.0 && f.hyphen_id != 0, "{key:?}");
            }
        }
    }

    #[test]
    fn coverage_check_tells_latin_from_cjk() {
        assert!(has_glyph(FontKey::SERIF, 'ß'));
        assert!(has_glyph(FontKey::SANS, 'ő'));
        assert!(!has_glyph(FontKey::SERIF, '漢'));
    }

    #[test]
    fn the_fallback_faces_cover_common_symbols() {
        for ch in ['−', '→', '⇒', '≤', '≠', '∞', '×'] {
            assert!(has_glyph(FontKey::MATH, ch), "{ch}");
        }
        for ch in ['★', '✓', '✗', '☎'] {
            assert!(has_glyph(FontKey::SYMBOLS, ch), "{ch}");
        }
        for ch in ['€', '£', '¥', '₹', '₿'] {
            assert!(has_glyph(FontKey::SANS, ch), "{ch}");
        }
    }

    #[test]
    fn mono_has_equal_advances() {
        let f = face(FontKey::MONO);
        let advance = |ch| f.shaper.glyph_hor_advance(f.shaper.glyph_index(ch).unwrap());
        assert_eq!(advance('i'), advance('M'));
        assert!(has_glyph(FontKey::MONO.with_bold(true), '{'));
    }

    #[test]
    fn slots_follow_the_order_of_all_faces() {
        for (i, key) in FontKey::ALL.iter().enumerate() {
            assert_eq!(key.slot(), i);
        }
    }
}
