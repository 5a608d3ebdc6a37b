//! A house style's `[fonts]`: the files each family names, read through the `Loader` relative to
//! the style file, checked to be fonts heft can embed and registered as the style's font set.
//! Every problem is an error at the style key that names the file.

use std::ops::Range;

use crate::diag::Diagnostic;
use crate::pdf::typeset::fonts::{
    self, FaceError, Family, FamilyFiles, FontKey, FontSet, HouseFile, HouseFiles, RegisterError, STYLES,
};
use crate::source::{parent_dir, resolve_relative, FileId, Loader};
use crate::style::file::{FamilyTable, FontsTable};
use crate::style::{HouseFace, HouseFamily, HouseFonts};

/// The role of each `[fonts]` key.
fn role(key: &str) -> Family {
    match key {
        "body" => Family::Serif,
        "heading" => Family::Sans,
        _ => Family::Mono,
    }
}

/// Where a face is named in the style file: its role, style, the value's range and the path.
type Named = (Family, usize, Range<usize>, String);

/// Reads and registers the families `table` names; `style_path` is the style file's path in the
/// issue folder and `style_file` its source, for locating errors.
pub(super) fn house_fonts(
    loader: &dyn Loader,
    style_path: &str,
    style_file: FileId,
    table: &FontsTable,
) -> Result<(FontSet, HouseFonts), Vec<Diagnostic>> {
    let mut files = HouseFiles::default();
    let mut problems = Vec::new();
    let mut families = Vec::new();
    let mut named: Vec<Named> = Vec::new();
    for (key, family) in table.families() {
        let read = read_family(loader, style_path, style_file, key, family.get_ref(), &mut problems);
        for (style, written) in family.get_ref().by_style().iter().enumerate() {
            if let Some(written) = written {
                named.push((role(key), style, written.span(), written.get_ref().file.clone()));
            }
        }
        let given = family.get_ref().by_style().map(|s| s.is_some());
        families.push(HouseFamily { role: role(key), key, given, file: style_file, range: family.span() });
        match role(key) {
            Family::Serif => files.body = read,
            Family::Sans => files.heading = read,
            _ => files.mono = read,
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let set = fonts::register(files).map_err(|errors| located(&errors, &named, style_path, style_file))?;
    Ok((set, HouseFonts { faces: house_faces(set, &named), families }))
}

/// The registry's errors at the keys that name the faces.
fn located(errors: &[RegisterError], named: &[Named], style_path: &str, style_file: FileId) -> Vec<Diagnostic> {
    let at = |family: Family, style: usize| named.iter().find(|(f, s, _, _)| *f == family && *s == style);
    errors
        .iter()
        .map(|e| match at(e.family, e.style) {
            Some((_, _, range, path)) => face_error(path, &e.error).at(style_file, Some(range.clone())),
            None => face_error(style_path, &e.error).at(style_file, None),
        })
        .collect()
}

/// The registered faces as the EPUB and HTML edition carry them.
fn house_faces(set: FontSet, named: &[Named]) -> Vec<HouseFace> {
    named
        .iter()
        .map(|(family, style, _, path)| {
            let face = fonts::face(FontKey::for_role(set, *family, *style));
            let file_name = file_name(path, face.bytes.starts_with(b"OTTO"));
            HouseFace { role: *family, style: *style, file_name, bytes: face.bytes, weight: face.weight }
        })
        .collect()
}

/// The files of one family, read; problems (a file missing, outside the issue folder) are
/// added to `problems` at the key naming the file.
fn read_family(
    loader: &dyn Loader,
    style_path: &str,
    style_file: FileId,
    key: &str,
    family: &FamilyTable,
    problems: &mut Vec<Diagnostic>,
) -> FamilyFiles {
    family.by_style().map(|written| {
        let written = written?;
        let spec = written.get_ref();
        match read_font(loader, style_path, &spec.file) {
            Ok(bytes) => Some(HouseFile { name: spec.file.clone(), bytes, weight: spec.weight }),
            Err(message) => {
                let style = STYLES[family.by_style().iter().position(|w| *w == Some(written)).unwrap_or(0)];
                problems.push(
                    Diagnostic::error(message)
                        .at(style_file, Some(written.span()))
                        .hint(format!("`{style}` of `[fonts] {key}` names a font file relative to the style file")),
                );
                None
            }
        }
    })
}

/// The bytes of a font file named relative to the style file.
fn read_font(loader: &dyn Loader, style_path: &str, name: &str) -> Result<Vec<u8>, String> {
    let Some(path) = resolve_relative(parent_dir(style_path), name) else {
        return Err(format!("the font file `{name}` is outside the issue folder"));
    };
    loader.read(&path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => format!("the font file `{path}` does not exist"),
        _ => format!("the font file `{path}` cannot be read: {err}"),
    })
}

fn face_error(path: &str, error: &FaceError) -> Diagnostic {
    let hint = match error {
        FaceError::NotAFont(_) => "name a .otf or .ttf file (TrueType or OpenType/CFF outlines)",
        FaceError::Unsupported(_) => "use an .otf or .ttf file with TrueType or CFF outlines",
        FaceError::Weight(_) => "give a weight inside the font's range, or leave `weight` out for its default",
    };
    Diagnostic::error(format!("`{path}` is {error}")).hint(hint)
}

/// The file's name in the EPUB and HTML edition: its own name, with the extension its format
/// calls for (`.otf` for an OpenType file with CFF outlines).
fn file_name(path: &str, cff: bool) -> String {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    let stem: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("{stem}.{}", if cff { "otf" } else { "ttf" })
}
