//! The house fonts in the EPUB and the HTML edition: the font files (whole, as the style names
//! them: `subsetter`'s subsets drop the `cmap` table browsers need) and the CSS that declares
//! them (`@font-face` per face) and sets them by role, appended to the stylesheet.

use std::fmt::Write as _;

use super::HouseFonts;
use crate::pdf::typeset::fonts::Family;

/// The folder of the font files, beside the stylesheet in both outputs.
pub const FONT_DIR: &str = "fonts";

/// The font files to package: (path beside the stylesheet, bytes, media type), each file once.
pub fn font_files(fonts: &HouseFonts) -> Vec<(String, &'static [u8], &'static str)> {
    let mut files: Vec<(String, &'static [u8], &'static str)> = Vec::new();
    for face in &fonts.faces {
        let path = format!("{FONT_DIR}/{}", face.file_name);
        if !files.iter().any(|(p, _, _)| *p == path) {
            files.push((path, face.bytes, face.media_type()));
        }
    }
    files
}

/// The CSS family name of a role: not the font's own name, so an installed font of that name
/// (another version, other metrics) never stands in for the embedded one.
fn family_name(role: Family) -> &'static str {
    match role {
        Family::Serif => "heft-body",
        Family::Sans => "heft-heading",
        _ => "heft-mono",
    }
}

/// `@font-face` rules for every house face, with URLs relative to the stylesheet.
fn font_faces(fonts: &HouseFonts) -> String {
    let mut css = String::from("\n/* The house fonts of the style ([fonts]), added by heft. */\n");
    for face in &fonts.faces {
        let format = if face.media_type() == "font/otf" { "opentype" } else { "truetype" };
        // An instance of a variable font: its weight, and the axis set to it.
        let (weight, variation) = match face.weight {
            Some(w) => (format!("{}", w.round()), format!(" font-variation-settings: \"wght\" {};", w.round())),
            None => (if face.bold() { "bold" } else { "normal" }.to_string(), String::new()),
        };
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; src: url(\"{FONT_DIR}/{}\") format(\"{format}\"); font-weight: {weight}; font-style: {};{variation} }}",
            family_name(face.role),
            face.file_name,
            if face.italic() { "italic" } else { "normal" },
        );
    }
    css
}

/// The roles house families replace.
fn roles(fonts: &HouseFonts) -> impl Iterator<Item = Family> + '_ {
    fonts.families.iter().map(|f| f.role)
}

/// The EPUB stylesheet with the house fonts declared and set: body text, headings and the
/// article head, code.
pub fn epub_css(css: &str, fonts: &HouseFonts) -> String {
    if fonts.faces.is_empty() {
        return css.to_string();
    }
    let mut out = format!("{css}{}", font_faces(fonts));
    for role in roles(fonts) {
        let (selectors, generic) = match role {
            Family::Serif => ("body", "serif"),
            Family::Sans => ("h1, h2, h3, h4, h5, h6, .kicker, .date, .source, figcaption", "sans-serif"),
            _ => ("code, pre", "monospace"),
        };
        let _ = writeln!(out, "{selectors} {{ font-family: \"{}\", {generic}; }}", family_name(role));
    }
    out
}

/// The HTML edition's stylesheet with the house fonts declared and put first in its family
/// variables (`--serif`, `--sans`, `--mono`).
pub fn web_css(css: &str, fonts: &HouseFonts) -> String {
    if fonts.faces.is_empty() {
        return css.to_string();
    }
    let mut out = format!("{css}{}:root {{", font_faces(fonts));
    for role in roles(fonts) {
        let (variable, generic) = match role {
            Family::Serif => ("--serif", "serif"),
            Family::Sans => ("--sans", "sans-serif"),
            _ => ("--mono", "monospace"),
        };
        let _ = write!(out, " {variable}: \"{}\", {generic};", family_name(role));
    }
    out.push_str(" }\n");
    out
}
