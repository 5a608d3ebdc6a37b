//! Style files: the TOML text of a built-in style (`styles/*.toml`) or a house style → the PDF page
//! style, the file's own keys (`extends`, `css`, `web_css`), and every unknown key and wrong type
//! located in the text with a "did you mean". A file that `extends` a built-in starts from that
//! built-in's table, and its own keys replace the built-in's one by one (tables key by key).

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;
use toml::Spanned;

use super::colours::{ColourTable, Colours};
use super::page::{Margins, PdfStyle};
use super::print::PrintStyle;
use crate::diag::{did_you_mean, Diagnostic};
use crate::input::manifest::toml_diagnostic;
use crate::input::unknown_keys::{from_toml, Segment};
use crate::source::FileId;

/// The keys a style file has besides the page style's.
const OWN_KEYS: [&str; 4] = ["extends", "css", "web_css", "fonts"];

/// A style file read: its page style (with the built-in it extends already under it) and the
/// stylesheets it names, as written (relative to the style file).
#[derive(Debug)]
pub(crate) struct StyleFile {
    pub page: PdfStyle,
    pub css: Option<Spanned<String>>,
    pub web_css: Option<Spanned<String>>,
    pub fonts: FontsTable,
}

/// The style file's own keys; everything else belongs to [`PdfStyle`].
#[derive(Debug, Default, Deserialize)]
struct OwnKeys {
    extends: Option<Spanned<String>>,
    css: Option<Spanned<String>>,
    web_css: Option<Spanned<String>>,
    #[serde(default)]
    fonts: FontsTable,
}

/// `[fonts]`: the magazine's own families by role, each a table of font files by style
/// (relative to the style file). A role left out keeps the bundled family.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct FontsTable {
    pub body: Option<Spanned<FamilyTable>>,
    pub heading: Option<Spanned<FamilyTable>>,
    pub mono: Option<Spanned<FamilyTable>>,
}

impl FontsTable {
    /// The families given, with their role's key name.
    pub fn families(&self) -> impl Iterator<Item = (&'static str, &Spanned<FamilyTable>)> {
        [("body", &self.body), ("heading", &self.heading), ("mono", &self.mono)]
            .into_iter()
            .filter_map(|(role, family)| family.as_ref().map(|f| (role, f)))
    }
}

/// One family's files: `regular` is required, a style left out is the bundled face's.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct FamilyTable {
    pub regular: Spanned<FaceSpec>,
    pub italic: Option<Spanned<FaceSpec>>,
    pub bold: Option<Spanned<FaceSpec>>,
    pub bold_italic: Option<Spanned<FaceSpec>>,
}

impl FamilyTable {
    /// The faces by style, in the order of `fonts::STYLES` (regular, italic, bold, bold italic).
    pub fn by_style(&self) -> [Option<&Spanned<FaceSpec>>; 4] {
        [Some(&self.regular), self.italic.as_ref(), self.bold.as_ref(), self.bold_italic.as_ref()]
    }
}

/// One face: a font file, written as its path (`"fonts/X.otf"`) or as a table that also picks
/// an instance of a variable font (`{ file = "fonts/X.ttf", weight = 650 }`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FaceSpec {
    pub file: String,
    /// The `wght` axis value of a variable font; `None`: the font's default instance.
    pub weight: Option<f32>,
}

/// The table form of a [`FaceSpec`].
#[derive(Deserialize)]
struct FaceTable {
    file: String,
    weight: Option<f32>,
}

impl<'de> Deserialize<'de> for FaceSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PathOrTable;
        impl<'de> Visitor<'de> for PathOrTable {
            type Value = FaceSpec;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a font file (\"fonts/X.otf\") or a table { file = \"fonts/X.ttf\", weight = 700 }")
            }

            fn visit_str<E: serde::de::Error>(self, file: &str) -> Result<FaceSpec, E> {
                Ok(FaceSpec { file: file.to_string(), weight: None })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<FaceSpec, A::Error> {
                let table = FaceTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(FaceSpec { file: table.file, weight: table.weight })
            }
        }
        deserializer.deserialize_any(PathOrTable)
    }
}

/// Reads a style file named `what` (its path, for messages) held in `file`. `builtin` gives the
/// text of a built-in style by name, for `extends`.
pub(crate) fn parse_style(
    text: &str,
    file: FileId,
    what: &str,
    builtin: impl Fn(&str) -> Option<&'static str>,
) -> Result<StyleFile, Vec<Diagnostic>> {
    // One parse for the page style (with unknown keys), one for the file's own keys.
    let parsed = from_toml::<PdfStyle>(text);
    let mut problems: Vec<Diagnostic> = parsed
        .unknown
        .iter()
        .filter(|key| !(key.table().is_empty() && OWN_KEYS.contains(&key.name())))
        .map(|key| key.diagnostic(what, &known_keys(key.table()), file, 0))
        .collect();
    let alone = parsed.result.map_err(|err| toml_diagnostic(&err, file, what, 0));
    let own = from_toml::<OwnKeys>(text);
    problems.extend(
        own.unknown
            .iter()
            .filter(|key| key.table().first() == Some(&Segment::Key("fonts".into())))
            .map(|key| key.diagnostic(what, &known_keys(key.table()), file, 0)),
    );
    let own = own.result.map_err(|err| toml_diagnostic(&err, file, what, 0));
    let (alone, own) = match (alone, own) {
        (Ok(alone), Ok(own)) if problems.is_empty() => (alone, own),
        (alone, own) => {
            problems.extend(alone.err().or(own.err()));
            return Err(problems);
        }
    };
    let page = match &own.extends {
        None => alone,
        Some(base) => extend(text, base, file, what, &builtin)?,
    };
    Ok(StyleFile { page, css: own.css, web_css: own.web_css, fonts: own.fonts })
}

/// The built-in `base` with the keys of `text` laid over it.
fn extend(
    text: &str,
    base: &Spanned<String>,
    file: FileId,
    what: &str,
    builtin: &impl Fn(&str) -> Option<&'static str>,
) -> Result<PdfStyle, Vec<Diagnostic>> {
    let name = base.get_ref();
    let Some(base_text) = builtin(name) else {
        let names = crate::style::BUILTIN;
        let mut diagnostic = Diagnostic::error(format!("`extends` in {what} names no built-in style: `{name}`"))
            .at(file, Some(base.span()))
            .hint(format!("the built-in styles are {}", names.join(", ")));
        if let Some(close) = did_you_mean(name, names) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        return Err(vec![diagnostic]);
    };
    // Both texts parsed before (the built-in by its own test): these cannot fail, but a failure
    // still says where instead of panicking.
    let broken =
        |reason: String| vec![Diagnostic::error(format!("{what} cannot extend `{name}`: {reason}")).at(file, None)];
    let mut table: toml::Table = base_text.parse().map_err(|e: toml::de::Error| broken(e.to_string()))?;
    let mut own: toml::Table = text.parse().map_err(|e: toml::de::Error| broken(e.to_string()))?;
    for key in OWN_KEYS {
        own.remove(key);
        table.remove(key);
    }
    overlay(&mut table, own);
    PdfStyle::deserialize(toml::Value::Table(table)).map_err(|e| broken(e.to_string()))
}

/// Lays `over` onto `under`: tables merge key by key, any other value replaces.
fn overlay(under: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (under.get_mut(&key), value) {
            (Some(toml::Value::Table(below)), toml::Value::Table(above)) => overlay(below, above),
            (_, value) => {
                under.insert(key, value);
            }
        }
    }
}

/// The keys of the style table at `table`, for "did you mean".
fn known_keys(table: &[Segment]) -> Vec<&'static str> {
    match table {
        [Segment::Key(t)] if t == "margins" => field_names::<Margins>().to_vec(),
        [Segment::Key(t)] if t == "print" => field_names::<PrintStyle>().to_vec(),
        [Segment::Key(t)] if t == "fonts" => field_names::<FontsTable>().to_vec(),
        [Segment::Key(t)] if t == "colours" => field_names::<Colours>().to_vec(),
        [Segment::Key(t), _] if t == "colours" => field_names::<ColourTable>().to_vec(),
        [Segment::Key(t), _] if t == "fonts" => field_names::<FamilyTable>().to_vec(),
        [Segment::Key(t), _, _] if t == "fonts" => field_names::<FaceTable>().to_vec(),
        _ => field_names::<PdfStyle>().iter().copied().chain(OWN_KEYS).collect(),
    }
}

/// The field names serde knows for a struct, read from its `Deserialize` impl, so that the hint
/// lists every key the style types have, including ones added later.
fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldProbe(&mut fields));
    fields
}

/// A deserializer that only records the field list a struct asks for.
struct FieldProbe<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldProbe<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("field probe"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field probe"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, range: &Option<std::ops::Range<usize>>) -> String {
        range.clone().map_or(String::new(), |r| text[r].to_string())
    }

    const FILE: FileId = FileId(0);

    fn parse(text: &str) -> Result<StyleFile, Vec<Diagnostic>> {
        parse_style(text, FILE, "house.toml", super::super::builtin_text)
    }

    #[test]
    fn every_builtin_parses_without_problems() {
        for name in crate::style::BUILTIN {
            let text = super::super::builtin_text(name).unwrap();
            assert!(parse(text).is_ok(), "{name}");
        }
    }

    #[test]
    fn extends_starts_from_the_builtin_and_overrides_key_by_key() {
        let a5 = parse(super::super::builtin_text("a5").unwrap()).unwrap().page;
        let house = parse("extends = \"a5\"\nbody_size = 8.5\npage = [170, 240]\n[margins]\ntop = 30\n").unwrap();
        assert_eq!(house.page.body_size, 8.5);
        assert_eq!(house.page.page, crate::style::page::PageSize::Millimetres([170.0, 240.0]));
        assert_eq!(house.page.margins.top, 30.0);
        assert_eq!(house.page.margins.inner, a5.margins.inner, "untouched keys of a table stay the built-in's");
        assert_eq!(house.page.leading, a5.leading);
        assert_eq!(house.page.print, a5.print);
    }

    #[test]
    fn unknown_keys_are_all_reported_with_their_place_and_a_suggestion() {
        let text = "extends = \"a4\"\nbody_sise = 9\n[margins]\ninner = 20\nouterr = 3\n[print]\nbleed_nm = 3\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(text_at(text, &problems[0].range), "body_sise");
        assert!(problems[0].message.contains("house.toml"), "{problems:?}");
        assert!(problems[0].hints.iter().any(|h| h.contains("`body_size`")), "{problems:?}");
        assert!(problems[1].hints.iter().any(|h| h.contains("`outer`")), "{problems:?}");
        assert!(problems[2].hints.iter().any(|h| h.contains("`bleed_mm`")), "{problems:?}");
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let text = "columns = \"zwei\"\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(text_at(text, &problems[0].range).contains("zwei"), "{problems:?}");
        assert_eq!(problems[0].file, Some(FILE));
    }

    #[test]
    fn extending_an_unknown_builtin_suggests_one() {
        let text = "extends = \"a6\"\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(text_at(text, &problems[0].range), "\"a6\"");
        assert!(problems[0].hints.iter().any(|h| h.contains("did you mean `a4`") || h.contains("did you mean `a5`")));
    }

    #[test]
    fn fonts_name_files_by_role_and_style_and_unknown_ones_are_located() {
        let text = "[fonts]\nbody = { regular = \"f/R.otf\", italic = \"f/I.otf\" }\n";
        let fonts = parse(text).unwrap().fonts;
        let body = fonts.body.as_ref().unwrap().get_ref();
        assert_eq!(body.regular.get_ref().file, "f/R.otf");
        assert_eq!(body.by_style()[1].map(|s| s.get_ref().file.as_str()), Some("f/I.otf"));
        assert!(body.bold.is_none() && fonts.heading.is_none());
        let text =
            "[fonts]\nbdy = { regular = \"a.otf\" }\nheading = { regular = \"b.otf\", bold_itlic = \"c.otf\" }\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(text_at(text, &problems[0].range), "bdy");
        assert!(problems[0].hints.iter().any(|h| h.contains("`body`")), "{problems:?}");
        assert_eq!(text_at(text, &problems[1].range), "bold_itlic");
        assert!(problems[1].hints.iter().any(|h| h.contains("`bold_italic`")), "{problems:?}");
    }

    #[test]
    fn a_face_may_pick_a_weight_of_a_variable_font_and_unknown_keys_there_are_located() {
        let text = "[fonts]\nbody = { regular = \"v.ttf\", bold = { file = \"v.ttf\", weight = 700 } }\n";
        let fonts = parse(text).unwrap().fonts;
        let bold = fonts.body.unwrap().into_inner().bold.unwrap().into_inner();
        assert_eq!(bold, FaceSpec { file: "v.ttf".into(), weight: Some(700.0) });
        let text = "[fonts]\nbody = { regular = { file = \"v.ttf\", wieght = 700 } }\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(text_at(text, &problems[0].range), "wieght", "{problems:?}");
        assert!(problems[0].hints.iter().any(|h| h.contains("`weight`")), "{problems:?}");
    }

    #[test]
    fn a_family_without_a_regular_face_is_an_error_at_the_family() {
        let text = "[fonts]\nmono = { bold = \"m.otf\" }\n";
        let problems = parse(text).unwrap_err();
        assert!(problems[0].message.contains("regular"), "{problems:?}");
        assert_eq!(problems[0].file, Some(FILE));
    }

    #[test]
    fn colours_are_hex_or_a_screen_and_print_table_and_bad_ones_are_located() {
        use crate::style::colours::{Cmyk, Rgb};
        let text = "[colours]\nkicker = \"#B00020\"\nrules = { screen = \"#1f4ea0\", print = [90, 60, 0, 5] }\n";
        let colours = parse(text).unwrap().page.colours;
        assert_eq!(colours.kicker.unwrap().screen, Rgb([0xb0, 0x00, 0x20]));
        assert_eq!(colours.kicker.unwrap().print, None);
        assert_eq!(colours.rules.unwrap().print, Some(Cmyk([0.9, 0.6, 0.0, 0.05])));
        let house = parse("extends = \"a4\"\n[colours]\nkicker = \"#b00020\"\n").unwrap().page;
        assert!(house.colours.kicker.is_some() && house.colours.rules.is_none());
        assert_eq!(parse(super::super::builtin_text("a4").unwrap()).unwrap().page.colours, Colours::default());
        for (text, marked) in [
            ("[colours]\nkicker = \"red\"\n", "\"red\""),
            ("[colours]\nrules = { screen = \"#000000\", print = [0, 120, 0, 0] }\n", "{ screen"),
            ("[colours]\nrules = { screen = \"#000000\", print = [0, 100] }\n", "{ screen"),
            ("[colours]\nkicker = 12\n", "12"),
        ] {
            let problems = parse(text).unwrap_err();
            assert_eq!(problems.len(), 1, "{text}: {problems:?}");
            assert!(text_at(text, &problems[0].range).contains(marked), "{text}: {problems:?}");
            assert!(problems[0].message.contains("house.toml"), "{problems:?}");
        }
        let problems = parse("[colours]\nkicker = \"#zz0000\"\n").unwrap_err();
        assert!(problems[0].hints.iter().any(|h| h.contains("#rrggbb")), "{problems:?}");
        let text = "[colours]\nkiker = \"#b00020\"\nrules = { screen = \"#b00020\", prnt = [0, 0, 0, 100] }\n";
        let problems = parse(text).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(text_at(text, &problems[0].range), "kiker");
        assert!(problems[0].hints.iter().any(|h| h.contains("`kicker`")), "{problems:?}");
        assert!(problems[1].hints.iter().any(|h| h.contains("`print`")), "{problems:?}");
    }

    #[test]
    fn field_names_come_from_the_types() {
        let names = known_keys(&[]);
        assert!(names.contains(&"body_size") && names.contains(&"extends") && names.contains(&"margins"));
        assert!(field_names::<PrintStyle>().contains(&"spine_mm"));
    }
}
