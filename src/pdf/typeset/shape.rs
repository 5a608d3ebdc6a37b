//! Shaping: a piece of text (normally one word) in one face → positioned glyph ids with kerning
//! and standard ligatures (rustybuzz), each tied back to the characters it stands for.
//! Characters the face lacks come from the bundled fallback chain — for a house face first the
//! bundled face of its role and style, then the Sans face of the same style, Noto Sans Math and
//! Noto Sans Symbols 2 — character by character; what a house face lacks is listed to be
//! reported. A character no face has is drawn as a box (□, still carrying its text) and
//! reported, never dropped.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rustybuzz::{Direction, Feature, Script, ShapePlan, UnicodeBuffer};

use crate::pdf::typeset::fonts::{face, has_glyph, Family, FontKey};

/// One glyph of a shaped text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face of `font`.
    pub id: u16,
    /// The face the glyph comes from (the requested one, or one of the fallback chain).
    pub font: FontKey,
    /// Advance including kerning, in ems (multiply by the font size).
    pub advance: f64,
    /// Byte range of the text this glyph's cluster stands for. `first` is false for the second
    /// and later glyphs of a cluster, which carry no text.
    pub start: u32,
    pub end: u32,
    pub first: bool,
}

/// The result of shaping one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// Characters no face of the chain has: drawn as boxes in `glyphs`, listed here to be reported.
    pub missing: Vec<char>,
    /// Characters a house face lacks, set in a face of the bundled fallback chain.
    pub substituted: Vec<char>,
}

/// Shaped words per face.
type ShapeCache = HashMap<FontKey, HashMap<Box<str>, Rc<Shaped>>>;

/// A shaping plan for one face, script and direction.
struct CachedPlan {
    font: FontKey,
    script: Script,
    direction: Direction,
    plan: Rc<ShapePlan>,
}

/// Shapes `text` in `font`. Results are cached per thread (words repeat a lot).
pub fn shape(text: &str, font: FontKey) -> Rc<Shaped> {
    let font = font.drawn();
    /// Beyond this many distinct words the cache is dropped and refilled, bounding memory.
    const CACHE_LIMIT: usize = 50_000;
    thread_local! {
        static CACHE: RefCell<ShapeCache> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let words = cache.entry(font).or_default();
        if let Some(hit) = words.get(text) {
            return Rc::clone(hit);
        }
        if words.len() >= CACHE_LIMIT {
            words.clear();
        }
        let shaped = Rc::new(shape_uncached(text, font));
        words.insert(text.into(), Rc::clone(&shaped));
        shaped
    })
}

/// Shapes without the cache.
pub fn shape_uncached(text: &str, font: FontKey) -> Shaped {
    let font = font.drawn();
    let mut out = Shaped::default();
    let house = font.is_house_face();
    for (range, choice) in segments(text, font) {
        if house && choice.is_some_and(|key| key != font) {
            for ch in text[range.clone()].chars() {
                if !is_ignorable(ch) && !ch.is_whitespace() && !out.substituted.contains(&ch) {
                    out.substituted.push(ch);
                }
            }
        }
        if choice.is_none() {
            for ch in text[range.clone()].chars() {
                if !is_invisible_format(ch) && !out.missing.contains(&ch) {
                    out.missing.push(ch);
                }
            }
        }
        match choice {
            Some(key) => shape_segment(text, range, key, &mut out.glyphs),
            None => box_segment(text, range, &mut out.glyphs),
        }
    }
    out
}

/// The glyph drawn for a character no face has: a white square (U+25A1) of the Symbols face.
/// Not the face's .notdef glyph, which PDF/UA-1 forbids text to show; the box still carries the
/// character as its text, so the PDF's ToUnicode map keeps it.
const MISSING_BOX: char = '\u{25A1}';

/// One box glyph per visible character of `text[range]`; invisible format characters join the
/// box before them (one at the very start has nothing to join and is left out).
fn box_segment(text: &str, range: std::ops::Range<usize>, out: &mut Vec<ShapedGlyph>) {
    let symbols = face(FontKey::SYMBOLS);
    let id = symbols.shaper.glyph_index(MISSING_BOX).map_or(0, |g| g.0);
    let advance = symbols.shaper.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id)).unwrap_or(0);
    let advance = f64::from(advance) / symbols.units_per_em;
    for (pos, ch) in text[range.clone()].char_indices() {
        let (start, end) = ((range.start + pos) as u32, (range.start + pos + ch.len_utf8()) as u32);
        match out.last_mut() {
            Some(last) if is_invisible_format(ch) && last.end == start => last.end = end,
            _ if is_invisible_format(ch) => {}
            _ => out.push(ShapedGlyph { id, font: FontKey::SYMBOLS, advance, start, end, first: true }),
        }
    }
}

/// Format characters drawn as nothing (ZWJ, variation selectors, bidi controls, tags).
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{061C}' | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The faces tried after `font`, in order: for a house face the bundled face of its role and
/// style, then the bundled Sans face with the same weight and slant, then the two symbol faces.
fn fallbacks(font: FontKey) -> impl Iterator<Item = FontKey> {
    let bundled = font.bundled();
    let own = (!font.set.is_bundled()).then_some(bundled);
    own.into_iter().chain([bundled.with_family(Family::Sans), FontKey::MATH, FontKey::SYMBOLS])
}

/// The first face of the chain that has `ch`.
fn face_for(font: FontKey, ch: char) -> Option<FontKey> {
    std::iter::once(font).chain(fallbacks(font)).find(|&key| has_glyph(key, ch))
}

/// Characters that need no glyph of their own (joiners, variation selectors, marks of
/// direction): they stay with the face of the text around them.
fn is_ignorable(ch: char) -> bool {
    matches!(ch, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{AD}')
        || ch.is_control()
}

/// Splits `text` into byte ranges shaped by one face each; `None` marks characters no face has.
fn segments(text: &str, font: FontKey) -> Vec<(std::ops::Range<usize>, Option<FontKey>)> {
    let mut segs: Vec<(std::ops::Range<usize>, Option<FontKey>)> = Vec::new();
    for (pos, ch) in text.char_indices() {
        let end = pos + ch.len_utf8();
        let choice = match segs.last() {
            Some((_, prev)) if is_ignorable(ch) => *prev,
            _ => face_for(font, ch),
        };
        match segs.last_mut() {
            Some((range, prev)) if *prev == choice => range.end = end,
            _ => segs.push((pos..end, choice)),
        }
    }
    segs
}

fn features() -> [Feature; 2] {
    use rustybuzz::ttf_parser::Tag;
    [Feature::new(Tag::from_bytes(b"kern"), 1, ..), Feature::new(Tag::from_bytes(b"liga"), 1, ..)]
}

/// Runs `f` with the shaping plan of a face, script and direction, built once per thread.
fn with_plan<R>(font: FontKey, script: Script, direction: Direction, f: impl FnOnce(&ShapePlan) -> R) -> R {
    thread_local! {
        static PLANS: RefCell<Vec<CachedPlan>> = const { RefCell::new(Vec::new()) };
    }
    let plan = PLANS.with(|plans| {
        let mut plans = plans.borrow_mut();
        if let Some(cached) = plans.iter().find(|c| c.font == font && c.script == script && c.direction == direction) {
            return Rc::clone(&cached.plan);
        }
        let plan = Rc::new(ShapePlan::new(&face(font).shaper, direction, Some(script), None, &features()));
        plans.push(CachedPlan { font, script, direction, plan: Rc::clone(&plan) });
        plan
    });
    f(&plan)
}

/// Shapes `text[range]` in `key` and appends the glyphs, with clusters as offsets into `text`.
fn shape_segment(text: &str, range: std::ops::Range<usize>, key: FontKey, out: &mut Vec<ShapedGlyph>) {
    let face = face(key);
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.guess_segment_properties();
    let (script, direction) = (buffer.script(), buffer.direction());
    let shaped = with_plan(key, script, direction, |plan| rustybuzz::shape_with_plan(&face.shaper, plan, buffer));
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let base = range.start as u32;
    let seg_end = range.end as u32;
    let first_new = out.len();
    // A cluster ends where the next larger cluster starts (clusters rise in LTR runs and fall in
    // RTL ones, so look them up in sorted order).
    let mut starts: Vec<u32> = infos.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = base + info.cluster;
        let next = starts.partition_point(|&c| c <= info.cluster);
        let end = starts.get(next).map_or(seg_end, |&c| base + c);
        let first = i == 0 || infos[i - 1].cluster != info.cluster;
        out.push(ShapedGlyph {
            id: info.glyph_id as u16,
            font: key,
            advance: f64::from(pos.x_advance) / face.units_per_em,
            start,
            end,
            first,
        });
    }
    debug_assert!(out[first_new..].iter().all(|g| g.end <= seg_end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, shaped: &Shaped) -> Vec<String> {
        shaped
            .glyphs
            .iter()
            .map(|g| if g.first { text[g.start as usize..g.end as usize].to_owned() } else { String::new() })
            .collect()
    }

    #[test]
    fn ligatures_carry_all_their_characters() {
        let text = "Griffe finden flach";
        let shaped = shape(text, FontKey::SERIF);
        let t = texts(text, &shaped);
        assert!(t.iter().any(|s| s == "fi"), "no fi ligature: {t:?}");
        assert!(t.iter().any(|s| s == "fl"), "no fl ligature: {t:?}");
        assert_eq!(t.concat(), text, "glyph texts must give the text back");
        assert!(shaped.glyphs.iter().all(|g| g.id != 0));
    }

    #[test]
    fn kerning_changes_advances() {
        let advance = |text: &str| -> f64 { shape(text, FontKey::SERIF).glyphs.iter().map(|g| g.advance).sum() };
        let pair = advance("AV");
        let single = advance("A") + advance("V");
        assert!(pair < single - 0.01, "AV should be kerned: {pair} vs {single}");
    }

    #[test]
    fn invisible_characters_beside_missing_ones_are_not_reported() {
        let text = "漢\u{200D}\u{FE0F}字";
        let shaped = shape_uncached(text, FontKey::SERIF);
        assert_eq!(shaped.missing, ['漢', '字']);
        assert_eq!(shaped.glyphs.len(), 2, "two boxes");
        assert_eq!(texts(text, &shaped).concat(), text, "the joiners stay with the first box");
    }

    #[test]
    fn symbols_come_from_the_fallback_chain_character_by_character() {
        let text = "−58 % → ★ ✓";
        let shaped = shape_uncached(text, FontKey::SERIF.with_italic(true));
        assert!(shaped.missing.is_empty(), "{:?}", shaped.missing);
        assert!(shaped.glyphs.iter().all(|g| g.id != 0));
        let font_of = |ch: char| {
            let at = text.find(ch).unwrap() as u32;
            shaped.glyphs.iter().find(|g| g.start == at).unwrap().font
        };
        assert_eq!(font_of('5'), FontKey::SERIF.with_italic(true));
        assert_eq!(font_of('−'), FontKey::MATH);
        assert_eq!(font_of('→'), FontKey::MATH);
        assert_eq!(font_of('★'), FontKey::SYMBOLS);
        assert_eq!(font_of('✓'), FontKey::SYMBOLS);
        assert_eq!(texts(text, &shaped).concat(), text);
    }

    #[test]
    fn characters_no_face_has_are_drawn_as_boxes_and_reported() {
        let text = "a漢c";
        let shaped = shape_uncached(text, FontKey::SERIF);
        assert_eq!(shaped.missing, ['漢']);
        assert!(shaped.glyphs.iter().all(|g| g.id != 0), "never .notdef, which PDF/UA forbids");
        let square = face(FontKey::SYMBOLS).shaper.glyph_index(MISSING_BOX).unwrap().0;
        let boxes: Vec<&ShapedGlyph> =
            shaped.glyphs.iter().filter(|g| g.font == FontKey::SYMBOLS && g.id == square).collect();
        assert_eq!(boxes.len(), 1, "one visible box");
        assert!(boxes[0].advance > 0.2, "the box takes room");
        assert_eq!(&text[boxes[0].start as usize..boxes[0].end as usize], "漢", "the box keeps its text");
        assert_eq!(texts(text, &shaped).concat(), text, "nothing is dropped");
    }

    #[test]
    fn mono_italic_is_set_upright_in_the_mono_face() {
        let shaped = shape_uncached("x", FontKey::MONO.with_italic(true).with_bold(true));
        assert!(std::ptr::eq(face(shaped.glyphs[0].font), face(FontKey::MONO.with_bold(true))));
    }

    #[test]
    fn fallback_segments_use_the_sans_face() {
        // Noto Serif and Noto Sans cover the same characters today; the chain must still try Sans
        // before the symbol faces, so the order is checked on the chain itself.
        assert_eq!(fallbacks(FontKey::SERIF.with_bold(true)).next(), Some(FontKey::SANS.with_bold(true)));
        assert_eq!(face_for(FontKey::MONO, '€'), Some(FontKey::MONO));
        assert_eq!(face_for(FontKey::MONO, '★'), Some(FontKey::SYMBOLS));
        assert_eq!(face_for(FontKey::SERIF, '漢'), None);
    }
}
