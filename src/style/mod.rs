//! Styles: a style name or house style file from the manifest or the command line → a checked
//! `Style` (the PDF page style and the EPUB and HTML stylesheets), resolved once when the issue is
//! read. Built-in styles are style files too (`styles/*.toml`, compiled in), read by the same
//! parser (`file.rs`) as a house style.

pub mod colours;
pub mod file;
pub mod page;
pub mod print;
pub mod webfonts;

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::pdf::typeset::fonts::Family;
use page::PdfStyle;
use print::OutputIntent;

/// Names of the built-in styles, files under `styles/`.
pub const BUILTIN: &[&str] = &["a4", "a5", "letter"];

/// The style used when neither the manifest nor the command line names one.
pub const DEFAULT: &str = "a4";

/// A style that loaded: writers read it and cannot fail on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The name it was chosen by, e.g. `a4`.
    pub name: String,
    /// Page geometry and type sizes of the PDF.
    pub page: PdfStyle,
    /// The EPUB stylesheet.
    pub css: Arc<str>,
    /// The HTML edition's stylesheet.
    pub web_css: Arc<str>,
    /// The printing condition of the print PDF: the bundled generic profile unless the issue
    /// names the shop's own.
    pub output_intent: OutputIntent,
    /// The house fonts of `[fonts]` (their font set is `page.fonts`); empty for the bundled ones.
    pub fonts: HouseFonts,
}

/// The house faces a style names: embedded in the EPUB and the HTML edition and declared in
/// their CSS; the PDF reaches them through the font set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HouseFonts {
    pub faces: Vec<HouseFace>,
    /// Where each family is named, for the warning when the text uses a style it lacks.
    pub families: Vec<HouseFamily>,
}

/// One house face: its role, style and file.
#[derive(Clone, PartialEq)]
pub struct HouseFace {
    pub role: Family,
    /// Index in `fonts::STYLES`: regular, italic, bold, bold italic.
    pub style: usize,
    /// The file's name in the EPUB and HTML edition (`fonts/NAME`).
    pub file_name: String,
    pub bytes: &'static [u8],
    /// The weight of the instance of a variable font (`None`: its default instance).
    pub weight: Option<f32>,
}

impl HouseFace {
    pub fn bold(&self) -> bool {
        self.style >= 2
    }

    pub fn italic(&self) -> bool {
        self.style % 2 == 1
    }

    /// The media type of the file (an `.otf` has CFF outlines, a `.ttf` TrueType ones).
    pub fn media_type(&self) -> &'static str {
        if self.file_name.ends_with(".otf") {
            "font/otf"
        } else {
            "font/ttf"
        }
    }
}

impl std::fmt::Debug for HouseFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HouseFace")
            .field("role", &self.role)
            .field("style", &self.style)
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .field("weight", &self.weight)
            .finish()
    }
}

/// A `[fonts]` family as written: its key, which styles it gives, where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseFamily {
    pub role: Family,
    /// `body`, `heading` or `mono`.
    pub key: &'static str,
    pub given: [bool; 4],
    pub file: crate::source::FileId,
    pub range: std::ops::Range<usize>,
}

impl Style {
    /// A built-in style by name; the error names the built-ins and the closest one.
    pub fn builtin(name: &str) -> Result<Style, Diagnostic> {
        let text = builtin_text(name).ok_or_else(|| unknown_style(name))?;
        let read = file::parse_style(text, crate::source::FileId(0), name, builtin_text)
            .unwrap_or_else(|problems| panic!("the built-in style {name} does not read: {problems:?}"));
        Ok(Style::from_page(name, read.page))
    }

    /// A style of this page style with the default stylesheets.
    pub(crate) fn from_page(name: &str, page: PdfStyle) -> Style {
        Style {
            name: name.to_string(),
            page,
            css: Arc::from(DEFAULT_CSS),
            web_css: Arc::from(DEFAULT_WEB_CSS),
            output_intent: OutputIntent::default(),
            fonts: HouseFonts::default(),
        }
    }
}

/// The text of a built-in style file by name.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    page::BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// Whether the manifest's or command line's `style` names a file rather than a built-in.
pub fn is_file(style: &str) -> bool {
    style.ends_with(".toml")
}

impl Default for Style {
    fn default() -> Self {
        Style::builtin(DEFAULT).expect("the default style is built in")
    }
}

fn unknown_style(name: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(format!("unknown style `{name}`")).hint(format!(
        "the built-in styles are {}; a house style is a .toml file (`style = \"house.toml\"`)",
        BUILTIN.join(", ")
    ));
    if let Some(close) = crate::diag::did_you_mean(name, BUILTIN) {
        diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
    }
    diagnostic
}

/// The stylesheet for the EPUB unless a house style names its own. Every built-in page style
/// shares it: the reader's device, not the print format, decides the EPUB's page.
const DEFAULT_CSS: &str = include_str!("../../styles/default.css");

/// The stylesheet of the HTML edition unless a house style names its own.
const DEFAULT_WEB_CSS: &str = include_str!("../../styles/web.css");
