//! After layout: the styles of a house family the text uses but the style file does not give
//! (bold body text in a family with only `regular` and `italic`, say). The bundled face of that
//! role and style stands in; each such style is one warning at the family's `[fonts]` key.

use crate::diag::Diagnostic;
use crate::pdf::frame::{Document, FrameItem};
use crate::pdf::typeset::fonts::{FontKey, STYLES};
use crate::style::HouseFonts;

/// One warning per (family, style) the document sets in a bundled stand-in face.
pub(super) fn missing_style_warnings(document: &Document, house: &HouseFonts) -> Vec<Diagnostic> {
    if house.families.is_empty() {
        return Vec::new();
    }
    let mut seen: Vec<FontKey> = Vec::new();
    for page in &document.pages {
        for positioned in &page.items {
            let FrameItem::Text(run) = &positioned.item else { continue };
            if !run.font.set.is_bundled() && !seen.contains(&run.font) {
                seen.push(run.font);
            }
        }
    }
    let mut warnings = Vec::new();
    for family in &house.families {
        for (style, given) in family.given.iter().enumerate() {
            let used = seen.iter().any(|key| key.family == family.role && key.style() == style);
            if used && !given {
                warnings.push(warning(family, style));
            }
        }
    }
    warnings
}

fn warning(family: &crate::style::HouseFamily, style: usize) -> Diagnostic {
    let (key, name) = (family.key, STYLES[style]);
    let what = match style {
        1 => "italic",
        2 => "bold",
        _ => "bold italic",
    };
    Diagnostic::warning(format!(
        "`[fonts] {key}` has no `{name}` face, but the issue sets {what} {key} text; the bundled face stands in"
    ))
    .at(family.file, Some(family.range.clone()))
    .hint(format!("add `{name} = \"fonts/….otf\"` to `{key}`, or leave {what} out of the text"))
}
