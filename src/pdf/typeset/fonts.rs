//! The font set: faces are loaded data — the bundled Noto faces (compiled in) and a house style's
//! own files — parsed once per process and looked up by `FontKey` (a font set, a role, weight and
//! slant) without locks. A house font set names a face per role and style; a style it lacks is
//! the bundled face of that role and style, and Math and Symbols are always the bundled ones.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

/// The role a family plays. Serif, Sans and Mono are the body, heading and code families a
/// style may replace; Math and Symbols are the bundled fallbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Body text (`[fonts] body`; bundled: Noto Serif).
    Serif,
    /// Kickers, headings, running heads (`[fonts] heading`; bundled: Noto Sans).
    Sans,
    /// Inline code and code blocks (`[fonts] mono`; bundled: Noto Sans Mono, set upright).
    Mono,
    /// Fallback for minus, arrows and mathematical operators (one regular face).
    Math,
    /// Fallback for stars, check marks, dingbats and geometric shapes (one regular face).
    Symbols,
}

/// A font set: which faces serve the body, heading and code families. Set 0 is the bundled one;
/// house sets are registered when a style is read ([`register`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FontSet(u16);

impl FontSet {
    /// The bundled Noto faces.
    pub const BUNDLED: FontSet = FontSet(0);

    pub fn is_bundled(self) -> bool {
        self == FontSet::BUNDLED
    }

    fn key(self, family: Family) -> FontKey {
        FontKey { set: self, family, bold: false, italic: false }
    }

    /// The regular face of body text.
    pub fn body(self) -> FontKey {
        self.key(Family::Serif)
    }

    /// The regular face of headings, kickers and running heads.
    pub fn heading(self) -> FontKey {
        self.key(Family::Sans)
    }

    /// The regular face of code.
    pub fn mono(self) -> FontKey {
        self.key(Family::Mono)
    }
}

/// One face of a font set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontKey {
    pub set: FontSet,
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
}

/// The four styles of a family, in slot order: regular, italic, bold, bold italic.
pub const STYLES: [&str; 4] = ["regular", "italic", "bold", "bold_italic"];

impl FontKey {
    pub const SERIF: FontKey = FontKey { set: FontSet::BUNDLED, family: Family::Serif, bold: false, italic: false };
    pub const SANS: FontKey = FontKey { set: FontSet::BUNDLED, family: Family::Sans, bold: false, italic: false };
    pub const MONO: FontKey = FontKey { set: FontSet::BUNDLED, family: Family::Mono, bold: false, italic: false };
    pub const MATH: FontKey = FontKey { set: FontSet::BUNDLED, family: Family::Math, bold: false, italic: false };
    pub const SYMBOLS: FontKey = FontKey { set: FontSet::BUNDLED, family: Family::Symbols, bold: false, italic: false };

    /// The style's index in [`STYLES`].
    pub fn style(self) -> usize {
        usize::from(self.bold) * 2 + usize::from(self.italic)
    }

    /// The key of the face that is actually drawn: the fallback families have one bundled
    /// regular face, so those keys lose their set, weight and slant.
    pub fn drawn(self) -> FontKey {
        match self.family {
            Family::Serif | Family::Sans | Family::Mono => self,
            Family::Math | Family::Symbols => FontKey { family: self.family, ..FontKey::SERIF },
        }
    }

    /// The same role and style in the bundled set.
    pub fn bundled(self) -> FontKey {
        FontKey { set: FontSet::BUNDLED, ..self }
    }

    pub fn with_bold(self, bold: bool) -> FontKey {
        FontKey { bold, ..self }
    }

    pub fn with_italic(self, italic: bool) -> FontKey {
        FontKey { italic, ..self }
    }

    /// The key of a role and style (an index in [`STYLES`]) in `set`.
    pub fn for_role(set: FontSet, family: Family, style: usize) -> FontKey {
        FontKey { set, family, bold: style >= 2, italic: style % 2 == 1 }
    }

    pub fn with_family(self, family: Family) -> FontKey {
        FontKey { family, ..self }
    }

    /// Whether this key is drawn with a face of the house set's own (not a bundled stand-in).
    pub fn is_house_face(self) -> bool {
        !self.set.is_bundled() && matches!(set_faces(self.set).slots[slot(self)], Slot::House(_))
    }
}

/// The bundled files, in the order of [`BUNDLED_FILES`]: four Serif, four Sans, two Mono, Math,
/// Symbols.
const BUNDLED_COUNT: usize = 12;

/// The TrueType files of the bundled faces (under `fonts/`, SIL OFL 1.1) and their names.
const BUNDLED_FILES: [(&str, &[u8]); BUNDLED_COUNT] = [
    ("NotoSerif-Regular", include_bytes!("../../../fonts/NotoSerif-Regular.ttf")),
    ("NotoSerif-Italic", include_bytes!("../../../fonts/NotoSerif-Italic.ttf")),
    ("NotoSerif-Bold", include_bytes!("../../../fonts/NotoSerif-Bold.ttf")),
    ("NotoSerif-BoldItalic", include_bytes!("../../../fonts/NotoSerif-BoldItalic.ttf")),
    ("NotoSans-Regular", include_bytes!("../../../fonts/NotoSans-Regular.ttf")),
    ("NotoSans-Italic", include_bytes!("../../../fonts/NotoSans-Italic.ttf")),
    ("NotoSans-Bold", include_bytes!("../../../fonts/NotoSans-Bold.ttf")),
    ("NotoSans-BoldItalic", include_bytes!("../../../fonts/NotoSans-BoldItalic.ttf")),
    ("NotoSansMono-Regular", include_bytes!("../../../fonts/NotoSansMono-Regular.ttf")),
    ("NotoSansMono-Bold", include_bytes!("../../../fonts/NotoSansMono-Bold.ttf")),
    ("NotoSansMath-Regular", include_bytes!("../../../fonts/NotoSansMath-Regular.ttf")),
    ("NotoSansSymbols2-Regular", include_bytes!("../../../fonts/NotoSansSymbols2-Regular.ttf")),
];

/// The bundled file of a bundled key. Noto Sans Mono has no italic: its italic keys are upright.
fn bundled_file(key: FontKey) -> usize {
    let style = key.style();
    match key.family {
        Family::Serif => style,
        Family::Sans => 4 + style,
        Family::Mono => 8 + usize::from(key.bold),
        Family::Math => 10,
        Family::Symbols => 11,
    }
}

/// The bytes of the bundled face that serves `key` in the bundled set.
#[cfg(test)]
pub fn bundled_bytes(key: FontKey) -> &'static [u8] {
    BUNDLED_FILES[bundled_file(key.bundled().drawn())].1
}

/// A face parsed once: the shaping face, the metrics inline layout needs and what embedding
/// needs. Lengths are in font units; divide by `units_per_em` for ems.
pub struct Face {
    /// The font file.
    pub bytes: &'static [u8],
    /// The rustybuzz face (derefs to a `ttf_parser::Face`).
    pub shaper: rustybuzz::Face<'static>,
    /// PostScript name, e.g. `NotoSerif-BoldItalic` (only letters, digits and `-`).
    pub name: String,
    /// CFF outlines (an `.otf`): embedded as `FontFile3`, glyphs addressed by subset glyph id.
    pub cff: bool,
    /// The `wght` value of the instance of a variable font drawn (`None`: its default); shaping,
    /// advances and the embedded subset all use that instance.
    pub weight: Option<f32>,
    /// Serif design (PDF font flag), known for the bundled faces and house body faces.
    pub serif: bool,
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
        f.debug_struct("Face").field("name", &self.name).field("cff", &self.cff).finish_non_exhaustive()
    }
}

/// Why a file cannot serve as a face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceError {
    /// Not an OpenType or TrueType font at all.
    NotAFont(String),
    /// A font without outlines heft can embed (bitmap only).
    Unsupported(String),
    /// A weight asked of a font without a `wght` axis, or outside its range.
    Weight(String),
}

impl std::fmt::Display for FaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FaceError::NotAFont(reason) => write!(f, "not a TrueType or OpenType font ({reason})"),
            FaceError::Unsupported(reason) => write!(f, "a font heft cannot embed: {reason}"),
            FaceError::Weight(reason) => write!(f, "a font without that weight: {reason}"),
        }
    }
}

impl Face {
    fn parse(bytes: &'static [u8], fallback_name: &str, serif: bool, weight: Option<f32>) -> Result<Face, FaceError> {
        let parsed = check(bytes, weight)?;
        let cff = parsed.tables().cff.is_some();
        let mut name = postscript_name(&parsed).unwrap_or_else(|| sanitize(fallback_name));
        let mut shaper = rustybuzz::Face::from_face(parsed);
        if let Some(weight) = weight {
            shaper.set_variations(&[rustybuzz::Variation { tag: WGHT, value: weight }]);
            name = format!("{name}-W{}", weight.round());
        }
        let units_per_em = f64::from(shaper.units_per_em());
        let advance = |ch: char| -> (u16, f64) {
            shaper
                .glyph_index(ch)
                .map(|g| (g.0, f64::from(shaper.glyph_hor_advance(g).unwrap_or(0))))
                .unwrap_or((0, 0.0))
        };
        let (_, space) = advance(' ');
        let (hyphen_id, hyphen) = advance('-');
        Ok(Face {
            bytes,
            name,
            cff,
            weight,
            serif,
            units_per_em,
            ascender: f64::from(shaper.ascender()),
            descender: -f64::from(shaper.descender()),
            space: if space > 0.0 { space } else { units_per_em / 4.0 },
            hyphen_id,
            hyphen,
            shaper,
        })
    }
}

/// The weight axis of variable fonts.
const WGHT: ttf_parser::Tag = ttf_parser::Tag::from_bytes(b"wght");

/// The parsed font if heft can draw and embed it at `weight`: TrueType or CFF outlines (not CFF2)
/// and, for a weight, a `wght` axis that holds it.
fn check(bytes: &[u8], weight: Option<f32>) -> Result<ttf_parser::Face<'_>, FaceError> {
    let parsed = ttf_parser::Face::parse(bytes, 0).map_err(|e| FaceError::NotAFont(e.to_string()))?;
    let tables = parsed.tables();
    if tables.cff2.is_some() {
        let reason = "CFF2 (variable OpenType/CFF) outlines; use a static .otf or a TrueType variable font";
        return Err(FaceError::Unsupported(reason.into()));
    }
    if tables.glyf.is_none() && tables.cff.is_none() {
        return Err(FaceError::Unsupported("no TrueType or CFF outlines".into()));
    }
    if let Some(weight) = weight {
        check_weight(&parsed, weight)?;
    }
    Ok(parsed)
}

/// Whether `weight` is an instance the font has: a `wght` axis whose range holds it.
fn check_weight(face: &ttf_parser::Face, weight: f32) -> Result<(), FaceError> {
    let Some(axis) = face.variation_axes().into_iter().find(|axis| axis.tag == WGHT) else {
        return Err(FaceError::Weight(format!("weight {weight} asked, but the font has no weight axis")));
    };
    if !(axis.min_value..=axis.max_value).contains(&weight) {
        let (min, max) = (axis.min_value, axis.max_value);
        return Err(FaceError::Weight(format!("weight {weight} is outside the font's range {min}–{max}")));
    }
    Ok(())
}

/// The font's PostScript name (name id 6), if it has a usable one.
fn postscript_name(face: &ttf_parser::Face) -> Option<String> {
    let names = face.names();
    let name = (0..names.len())
        .filter_map(|i| names.get(i))
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())?;
    Some(sanitize(&name)).filter(|n| !n.is_empty())
}

/// Only the characters a PDF font name may carry unescaped and readers expect.
fn sanitize(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(60).collect()
}

/// The bundled face of a bundled file, parsed on first use and shared by all threads.
fn bundled_face(file: usize) -> &'static Face {
    static FACES: [OnceLock<Face>; BUNDLED_COUNT] = [const { OnceLock::new() }; BUNDLED_COUNT];
    FACES[file].get_or_init(|| {
        let (name, bytes) = BUNDLED_FILES[file];
        // Compiled in and checked by the tests below: failing to parse is a build defect.
        Face::parse(bytes, name, file < 4, None).unwrap_or_else(|e| panic!("bundled font {name}: {e}"))
    })
}

/// What serves one role and style of a set.
#[derive(Clone, Copy)]
enum Slot {
    Bundled(usize),
    House(&'static Face),
}

/// The faces of a set by slot: body, heading and code, four styles each.
struct SetFaces {
    slots: [Slot; 12],
}

fn slot(key: FontKey) -> usize {
    let family = match key.family {
        Family::Serif => 0,
        Family::Sans => 1,
        Family::Mono => 2,
        Family::Math | Family::Symbols => unreachable!("fallback faces have no slot"),
    };
    family * 4 + key.style()
}

/// How many font sets one process can hold (the bundled one and house sets): `heft watch` adds
/// one each time a font file changes.
const MAX_SETS: usize = 1024;

static SETS: [OnceLock<SetFaces>; MAX_SETS] = [const { OnceLock::new() }; MAX_SETS];

fn set_faces(set: FontSet) -> &'static SetFaces {
    let index = usize::from(set.0);
    if set.is_bundled() {
        return SETS[0].get_or_init(|| SetFaces {
            slots: std::array::from_fn(|i| {
                let family = [Family::Serif, Family::Sans, Family::Mono][i / 4];
                let key = FontKey { family, bold: i % 4 >= 2, italic: i % 2 == 1, ..FontKey::SERIF };
                Slot::Bundled(bundled_file(key))
            }),
        });
    }
    SETS[index].get().expect("a font set is registered before its keys are made")
}

/// The parsed face of `key`.
pub fn face(key: FontKey) -> &'static Face {
    let key = key.drawn();
    match key.family {
        Family::Math | Family::Symbols => bundled_face(bundled_file(key)),
        _ => match set_faces(key.set).slots[slot(key)] {
            Slot::Bundled(file) => bundled_face(file),
            Slot::House(face) => face,
        },
    }
}

/// Whether the face has a real glyph (not .notdef) for `ch`.
pub fn has_glyph(key: FontKey, ch: char) -> bool {
    face(key).shaper.glyph_index(ch).is_some_and(|g| g.0 != 0)
}

/// A house face's file: its name (for messages), its bytes and the weight of the instance of a
/// variable font to draw (`None`: its default).
pub struct HouseFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub weight: Option<f32>,
}

/// A house family's files, by style (regular, italic, bold, bold italic); `None` for a style the
/// family does not give, which the bundled face of that role and style stands in for.
pub type FamilyFiles = [Option<HouseFile>; 4];

/// The house faces of a style, by role.
#[derive(Default)]
pub struct HouseFiles {
    pub body: FamilyFiles,
    pub heading: FamilyFiles,
    pub mono: FamilyFiles,
}

/// Why a house face could not be registered: the role, the style and the reason.
#[derive(Debug)]
pub struct RegisterError {
    pub family: Family,
    pub style: usize,
    pub error: FaceError,
}

/// What the registry keeps: each distinct face file parsed once, each distinct set once.
#[derive(Default)]
struct Registry {
    faces: Vec<(u64, &'static Face)>,
    /// Each set by the addresses of its house faces (compared, never dereferenced).
    sets: Vec<[Option<usize>; 12]>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// Registers a house font set and returns its id. A file with the same bytes as one registered
/// before (another build in `heft watch`) is not parsed again, and the same faces give the same
/// set, so rebuilds keep their set and its cached layout.
pub fn register(files: HouseFiles) -> Result<FontSet, Vec<RegisterError>> {
    let mut guard = REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let registry = guard.get_or_insert_with(Registry::default);
    let faces = registry.faces_of(files)?;
    registry.set_of(faces)
}

/// The faces of a set by slot: house faces where the files give them, `None` elsewhere.
type HouseSlots = [Option<&'static Face>; 12];

impl Registry {
    /// Parses (or finds) every house face; every file that fails is an error.
    fn faces_of(&mut self, files: HouseFiles) -> Result<HouseSlots, Vec<RegisterError>> {
        let mut faces: HouseSlots = [None; 12];
        let mut errors = Vec::new();
        let families = [(Family::Serif, files.body), (Family::Sans, files.heading), (Family::Mono, files.mono)];
        for (f, (family, styles)) in families.into_iter().enumerate() {
            for (style, file) in styles.into_iter().enumerate() {
                let Some(file) = file else { continue };
                match self.face(file, family == Family::Serif) {
                    Ok(face) => faces[f * 4 + style] = Some(face),
                    Err(error) => errors.push(RegisterError { family, style, error }),
                }
            }
        }
        if errors.is_empty() {
            Ok(faces)
        } else {
            Err(errors)
        }
    }

    /// The set of these faces: the one registered before, or a new one.
    fn set_of(&mut self, faces: HouseSlots) -> Result<FontSet, Vec<RegisterError>> {
        let signature = faces.map(|face| face.map(|f| f as *const Face as usize));
        if let Some(known) = self.sets.iter().position(|s| *s == signature) {
            return Ok(FontSet(known as u16 + 1));
        }
        let index = self.sets.len() + 1;
        if index >= MAX_SETS {
            let error = FaceError::Unsupported("too many different font sets in one run; restart heft".into());
            return Err(vec![RegisterError { family: Family::Serif, style: 0, error }]);
        }
        let bundled = set_faces(FontSet::BUNDLED);
        let slots = std::array::from_fn(|i| faces[i].map_or(bundled.slots[i], Slot::House));
        let _ = SETS[index].set(SetFaces { slots });
        self.sets.push(signature);
        Ok(FontSet(index as u16))
    }

    /// The parsed face of these bytes and weight: one registered before, or a new one (its
    /// bytes leaked, as the shaping face borrows them for the rest of the process; two
    /// instances of one file share them).
    fn face(&mut self, file: HouseFile, serif: bool) -> Result<&'static Face, FaceError> {
        let HouseFile { name, bytes, weight } = file;
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        let hash = hasher.finish();
        let known =
            self.faces.iter().filter(|(h, face)| *h == hash && face.bytes == bytes.as_slice()).map(|(_, face)| *face);
        let known: Vec<&'static Face> = known.collect();
        if let Some(face) = known.iter().find(|face| face.weight == weight) {
            return Ok(face);
        }
        // Checked before leaking, so a file that cannot serve costs nothing.
        check(&bytes, weight)?;
        let bytes: &'static [u8] = match known.first() {
            Some(face) => face.bytes,
            None => Box::leak(bytes.into_boxed_slice()),
        };
        let face: &'static Face = Box::leak(Box::new(Face::parse(bytes, &name, serif, weight)?));
        self.faces.push((hash, face));
        Ok(face)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn house_file(name: &str, bytes: Vec<u8>, weight: Option<f32>) -> HouseFile {
        HouseFile { name: name.into(), bytes, weight }
    }

    const VARIABLE: &[u8] = include_bytes!("../../../tests/fixtures/variable-font/HeftTestVariable.ttf");

    #[test]
    fn a_weight_picks_an_instance_of_a_variable_font_once_per_weight() {
        let file = |weight| house_file("v.ttf", VARIABLE.to_vec(), weight);
        let files = HouseFiles { body: [Some(file(None)), None, Some(file(Some(800.0))), None], ..Default::default() };
        let set = register(files).unwrap();
        let (regular, bold) = (face(set.body()), face(set.body().with_bold(true)));
        assert!(std::ptr::eq(regular.bytes, bold.bytes), "one file, two instances");
        assert_eq!((regular.weight, bold.weight), (None, Some(800.0)));
        assert_eq!(bold.name, "HeftTestVariable-Regular-W800");
        let outline_width = |f: &Face| {
            let glyph = f.shaper.glyph_index('l').unwrap();
            f.shaper.glyph_bounding_box(glyph).map(|b| b.width())
        };
        assert!(outline_width(bold) > outline_width(regular), "the instance's stems are heavier");
    }

    #[test]
    fn a_weight_the_font_does_not_have_is_refused() {
        let files = |bytes: &[u8], weight| HouseFiles {
            body: [Some(house_file("v.ttf", bytes.to_vec(), Some(weight))), None, None, None],
            ..Default::default()
        };
        let errors = register(files(VARIABLE, 1000.0)).unwrap_err();
        assert!(matches!(&errors[0].error, FaceError::Weight(r) if r.contains("100–900")), "{errors:?}");
        let errors = register(files(BUNDLED_FILES[0].1, 700.0)).unwrap_err();
        assert!(matches!(&errors[0].error, FaceError::Weight(r) if r.contains("no weight axis")), "{errors:?}");
    }

    /// Every distinct bundled face.
    fn all_bundled() -> Vec<FontKey> {
        let mut keys = Vec::new();
        for family in [Family::Serif, Family::Sans, Family::Mono] {
            for style in 0..4 {
                keys.push(FontKey { family, bold: style >= 2, italic: style % 2 == 1, ..FontKey::SERIF });
            }
        }
        keys.extend([FontKey::MATH, FontKey::SYMBOLS]);
        keys
    }

    #[test]
    fn every_face_parses_with_sane_metrics() {
        for key in all_bundled() {
            let f = face(key);
            assert!(f.units_per_em >= 16.0, "{key:?}");
            assert!(f.ascender > 0.0 && f.descender > 0.0, "{key:?}");
            assert!(f.space > 0.0, "{key:?}");
            assert!(!f.cff, "the bundled faces are TrueType");
            if key.family != Family::Symbols {
                assert!(f.hyphen > 0.0 && f.hyphen_id != 0, "{key:?}");
            }
        }
        assert_eq!(face(FontKey::SERIF.with_bold(true).with_italic(true)).name, "NotoSerif-BoldItalic");
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
    fn mono_has_equal_advances_and_its_italic_is_upright() {
        let f = face(FontKey::MONO);
        let advance = |ch| f.shaper.glyph_hor_advance(f.shaper.glyph_index(ch).unwrap());
        assert_eq!(advance('i'), advance('M'));
        assert!(has_glyph(FontKey::MONO.with_bold(true), '{'));
        assert!(std::ptr::eq(face(FontKey::MONO.with_italic(true)), face(FontKey::MONO)));
    }

    #[test]
    fn a_house_set_serves_its_own_faces_and_the_bundled_ones_for_the_rest() {
        let files = HouseFiles {
            heading: [Some(house_file("house.ttf", BUNDLED_FILES[0].1.to_vec(), None)), None, None, None],
            ..HouseFiles::default()
        };
        let set = register(files).unwrap();
        assert!(!set.is_bundled());
        assert_eq!(face(set.heading()).name, "NotoSerif-Regular");
        assert!(set.heading().is_house_face());
        assert!(!set.heading().with_bold(true).is_house_face());
        assert_eq!(face(set.heading().with_bold(true)).name, "NotoSans-Bold");
        assert_eq!(face(set.body()).name, "NotoSerif-Regular");
        let again = HouseFiles {
            heading: [Some(house_file("again.ttf", BUNDLED_FILES[0].1.to_vec(), None)), None, None, None],
            ..HouseFiles::default()
        };
        assert_eq!(register(again).unwrap(), set, "the same files give the same set");
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused() {
        let files = HouseFiles {
            body: [Some(house_file("x.otf", b"not a font".to_vec(), None)), None, None, None],
            ..Default::default()
        };
        let errors = register(files).unwrap_err();
        assert!(matches!(errors[0].error, FaceError::NotAFont(_)), "{errors:?}");
    }
}
