//! The bundled font families: which file serves which family and style, compiled into the binary.

/// A text family of the bundled fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Body text.
    Serif,
    /// Kickers, headings, running heads.
    Sans,
}

/// One face of the bundled fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontKey {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
}

impl FontKey {
    pub const SERIF: FontKey = FontKey { family: Family::Serif, bold: false, italic: false };
    pub const SANS: FontKey = FontKey { family: Family::Sans, bold: false, italic: false };

    /// All faces, in a fixed order (painting and tests iterate this).
    pub const ALL: [FontKey; 8] = [
        FontKey { family: Family::Serif, bold: false, italic: false },
        FontKey { family: Family::Serif, bold: false, italic: true },
        FontKey { family: Family::Serif, bold: true, italic: false },
        FontKey { family: Family::Serif, bold: true, italic: true },
        FontKey { family: Family::Sans, bold: false, italic: false },
        FontKey { family: Family::Sans, bold: false, italic: true },
        FontKey { family: Family::Sans, bold: true, italic: false },
        FontKey { family: Family::Sans, bold: true, italic: true },
    ];

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
        }
    }
}

/// The TrueType file of a face (bundled under `fonts/`, SIL OFL 1.1).
pub fn font_bytes(key: FontKey) -> &'static [u8] {
    match (key.family, key.bold, key.italic) {
        (Family::Serif, false, false) => include_bytes!("../../fonts/NotoSerif-Regular.ttf"),
        (Family::Serif, false, true) => include_bytes!("../../fonts/NotoSerif-Italic.ttf"),
        (Family::Serif, true, false) => include_bytes!("../../fonts/NotoSerif-Bold.ttf"),
        (Family::Serif, true, true) => include_bytes!("../../fonts/NotoSerif-BoldItalic.ttf"),
        (Family::Sans, false, false) => include_bytes!("../../fonts/NotoSans-Regular.ttf"),
        (Family::Sans, false, true) => include_bytes!("../../fonts/NotoSans-Italic.ttf"),
        (Family::Sans, true, false) => include_bytes!("../../fonts/NotoSans-Bold.ttf"),
        (Family::Sans, true, true) => include_bytes!("../../fonts/NotoSans-BoldItalic.ttf"),
    }
}
