//! Embedded fonts from the glyphs the frames use: every distinct (glyph, text) pair of a face
//! becomes a CID; each used face is subset with `subsetter` and written as a Type0 font
//! (Identity-H) over a CIDFontType2 with widths, a CID→GID map and a ToUnicode CMap.
//!
//! Numbering (glyph, text) pairs rather than glyphs lets one glyph stand for different text
//! in different places (a base letter alone, or as the head of a cluster "é") with exact
//! ToUnicode entries for both; several CIDs then map to the same subset glyph.

use std::collections::HashMap;
use std::fmt::Write as _;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rayon::prelude::*;
use ttf_parser::{Face, GlyphId};

use super::{deflate, meta, PaintError, Refs};
use crate::pdf::frame::{Document, FrameItem};
use crate::pdf::typeset::fonts::{font_bytes, Family, FontKey, FACE_COUNT};

/// The glyphs used of every face, by font slot (the order of `FontKey::ALL`).
pub(super) struct FontSet {
    faces: [Option<FaceGlyphs>; FACE_COUNT],
}

/// The CIDs of one face.
pub(super) struct FaceGlyphs {
    key: FontKey,
    face: Face<'static>,
    /// For each original glyph id, the CID of the text it was first seen with (0 = unused).
    first: Vec<u16>,
    /// By CID − 1: the original glyph, the text it stands for, its width in 1/1000 em as written.
    cids: Vec<(u16, String, f64)>,
    /// CIDs of glyphs seen with a text other than their first one.
    variants: HashMap<u16, Vec<(String, u16)>>,
}

/// Collects the glyphs of all text runs, numbering CIDs in document order.
pub(super) fn collect(doc: &Document) -> Result<FontSet, PaintError> {
    let mut set = FontSet { faces: Default::default() };
    for page in &doc.pages {
        for positioned in &page.items {
            let FrameItem::Text(run) = &positioned.item else { continue };
            if run.glyphs.is_empty() {
                continue;
            }
            let face = match &mut set.faces[run.font.slot()] {
                Some(face) => face,
                empty => empty.insert(FaceGlyphs::new(run.font)?),
            };
            for (glyph, text) in run.glyph_texts() {
                face.intern(glyph.id, text)?;
            }
        }
    }
    Ok(set)
}

impl FontSet {
    /// The used glyphs of a face, if any text uses it.
    pub(super) fn face(&self, key: FontKey) -> Option<&FaceGlyphs> {
        self.faces[key.slot()].as_ref()
    }
}

impl FaceGlyphs {
    fn new(key: FontKey) -> Result<Self, PaintError> {
        let font = key.postscript_name();
        let key = key.drawn();
        let face = Face::parse(font_bytes(key), 0).map_err(|e| PaintError::Font { font, reason: e.to_string() })?;
        let first = vec![0; usize::from(face.number_of_glyphs())];
        Ok(FaceGlyphs { key, face, first, cids: Vec::new(), variants: HashMap::new() })
    }

    pub(super) fn slot(&self) -> usize {
        self.key.slot()
    }

    /// The CID of a glyph standing for `text`, numbering it if it is new.
    fn intern(&mut self, gid: u16, text: &str) -> Result<u16, PaintError> {
        let font = self.key.postscript_name();
        let first = *self.first.get(usize::from(gid)).ok_or(PaintError::GlyphOutOfRange { font, glyph: gid })?;
        if let Some(cid) = self.lookup(first, gid, text) {
            return Ok(cid);
        }
        // CID 0 is .notdef and 0xFFFF is reserved by Identity-H.
        let cid = u16::try_from(self.cids.len() + 1).ok().filter(|&c| c < u16::MAX);
        let cid = cid.ok_or(PaintError::TooManyGlyphs { font })?;
        let advance = self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        let width = (f64::from(advance) * 1000.0 / f64::from(self.face.units_per_em())).round();
        self.cids.push((gid, text.to_owned(), width));
        if first == 0 {
            self.first[usize::from(gid)] = cid;
        } else {
            self.variants.entry(gid).or_default().push((text.to_owned(), cid));
        }
        Ok(cid)
    }

    fn lookup(&self, first: u16, gid: u16, text: &str) -> Option<u16> {
        let (_, first_text, _) = self.cids.get(usize::from(first).checked_sub(1)?)?;
        if first_text == text {
            return Some(first);
        }
        let variants = self.variants.get(&gid)?;
        variants.iter().find(|(t, _)| t == text).map(|&(_, cid)| cid)
    }

    /// The CID of a collected glyph and its width as written in `/W` (1/1000 em);
    /// .notdef (0, 0) for a glyph that was not collected.
    pub(super) fn cid_width(&self, gid: u16, text: &str) -> (u16, f64) {
        let first = self.first.get(usize::from(gid)).copied().unwrap_or(0);
        match self.lookup(first, gid, text) {
            Some(cid) => (cid, self.cids[usize::from(cid) - 1].2),
            None => (0, 0.0),
        }
    }
}

/// Subsets and embeds every used face; returns resource names (`F0`…`F13`, by slot) and font objects.
pub(super) fn embed(pdf: &mut Pdf, refs: &mut Refs, set: &FontSet) -> Result<Vec<(String, Ref)>, PaintError> {
    let used: Vec<&FaceGlyphs> = set.faces.iter().flatten().collect();
    let subsets = used.par_iter().map(|face| subset(face)).collect::<Result<Vec<_>, _>>()?;
    let mut fonts = Vec::with_capacity(used.len());
    for (face, subset) in used.into_iter().zip(subsets) {
        fonts.push((format!("F{}", face.slot()), write_font(pdf, refs, face, subset)));
    }
    Ok(fonts)
}

/// A face's subset program and, by CID, the glyph ids in it.
struct Subset {
    program: Vec<u8>,
    cid_to_gid: Vec<u8>,
}

fn subset(face: &FaceGlyphs) -> Result<Subset, PaintError> {
    let mut gids: Vec<u16> = face.cids.iter().map(|(gid, _, _)| *gid).collect();
    gids.sort_unstable();
    gids.dedup();
    let mut remapper = subsetter::GlyphRemapper::new();
    for &gid in &gids {
        remapper.remap(gid);
    }
    let font = face.key.postscript_name();
    let program = subsetter::subset(font_bytes(face.key), 0, &remapper)
        .map_err(|e| PaintError::Font { font, reason: e.to_string() })?;
    let mut cid_to_gid = Vec::with_capacity(2 * (face.cids.len() + 1));
    cid_to_gid.extend_from_slice(&[0, 0]);
    for (gid, _, _) in &face.cids {
        cid_to_gid.extend_from_slice(&remapper.get(*gid).unwrap_or(0).to_be_bytes());
    }
    Ok(Subset { program, cid_to_gid })
}

/// Writes the font objects of one face; returns the Type0 font.
fn write_font(pdf: &mut Pdf, refs: &mut Refs, face: &FaceGlyphs, subset: Subset) -> Ref {
    let base_font = format!("{}+{}", subset_tag(face), face.key.postscript_name());
    let base_font = Name(base_font.as_bytes());
    let [type0, cid_font, descriptor_id, program, cid_to_gid, to_unicode_id] = [(); 6].map(|_| refs.next());
    pdf.stream(program, &deflate(&subset.program))
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.program.len() as i32);
    descriptor(pdf, descriptor_id, face, base_font, program);
    pdf.stream(cid_to_gid, &deflate(&subset.cid_to_gid)).filter(Filter::FlateDecode);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(CidFontType::Type2)
        .base_font(base_font)
        .system_info(SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 })
        .font_descriptor(descriptor_id)
        .default_width(0.0)
        .cid_to_gid_map_stream(cid_to_gid);
    cid.widths().consecutive(1, face.cids.iter().map(|(_, _, w)| *w as f32));
    cid.finish();
    pdf.stream(to_unicode_id, &deflate(&to_unicode(face))).filter(Filter::FlateDecode);
    pdf.type0_font(type0)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode_id);
    type0
}

/// Six uppercase letters from the face name and the glyphs kept: the same subset, the same tag.
fn subset_tag(face: &FaceGlyphs) -> String {
    let mut data = face.key.postscript_name().as_bytes().to_vec();
    for (gid, _, _) in &face.cids {
        data.extend_from_slice(&gid.to_be_bytes());
    }
    let mut hash = meta::fnv1a(0, &data);
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

fn descriptor(pdf: &mut Pdf, id: Ref, face: &FaceGlyphs, base_font: Name, program: Ref) {
    let f = &face.face;
    let scale = 1000.0 / f64::from(f.units_per_em());
    let em = |v: i16| (f64::from(v) * scale).round() as f32;
    let bbox = f.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    match face.key.family {
        Family::Serif => flags |= FontFlags::SERIF,
        Family::Mono => flags |= FontFlags::FIXED_PITCH,
        Family::Sans | Family::Math | Family::Symbols => {}
    }
    if face.key.italic {
        flags |= FontFlags::ITALIC;
    }
    // StemV is only used for substitution when the font program is unavailable; typical
    // values for Noto's regular and bold weights.
    let stem_v = if face.key.bold { 140.0 } else { 80.0 };
    pdf.font_descriptor(id)
        .name(base_font)
        .flags(flags)
        .bbox(Rect::new(em(bbox.x_min), em(bbox.y_min), em(bbox.x_max), em(bbox.y_max)))
        .italic_angle(f.italic_angle())
        .ascent(em(f.ascender()))
        .descent(em(f.descender()))
        .cap_height(em(f.capital_height().unwrap_or(f.ascender())))
        .stem_v(stem_v)
        .font_file2(program);
}

/// The ToUnicode CMap: each CID to its text (UTF-16BE); CIDs with empty text (the tail of a
/// cluster) have no entry, so they add nothing to extracted text.
fn to_unicode(face: &FaceGlyphs) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(usize, &str)> = face
        .cids
        .iter()
        .enumerate()
        .filter(|(_, (_, text, _))| !text.is_empty())
        .map(|(i, (_, text, _))| (i + 1, text.as_str()))
        .collect();
    // A bfchar block holds at most 100 entries.
    for block in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (cid, text) in block {
            let _ = write!(out, "<{cid:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_glyph_with_two_texts_gets_two_cids_with_own_mappings() {
        let mut face = FaceGlyphs::new(FontKey::SERIF).unwrap();
        let e = face.face.glyph_index('e').unwrap().0;
        let plain = face.intern(e, "e").unwrap();
        let cluster = face.intern(e, "e\u{301}").unwrap();
        assert_ne!(plain, cluster);
        assert_eq!(face.intern(e, "e").unwrap(), plain);
        assert_eq!(face.cid_width(e, "e\u{301}").0, cluster);
        let cmap = String::from_utf8(to_unicode(&face)).unwrap();
        assert!(cmap.contains(&format!("<{plain:04X}> <0065>")), "{cmap}");
        assert!(cmap.contains(&format!("<{cluster:04X}> <00650301>")), "{cmap}");
    }

    #[test]
    fn glyph_ids_beyond_the_font_are_an_error() {
        let mut face = FaceGlyphs::new(FontKey::SANS).unwrap();
        let beyond = face.face.number_of_glyphs();
        assert!(matches!(face.intern(beyond, "x"), Err(PaintError::GlyphOutOfRange { .. })));
    }
}
