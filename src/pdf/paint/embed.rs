//! Embedded fonts from the glyphs the frames use. Each used face is subset with `subsetter` and
//! written as a Type0 font (Identity-H) with widths and a ToUnicode CMap, over a CIDFontType2
//! (TrueType, `FontFile2`, with a CID→GID map) or a CIDFontType0 (CFF, `FontFile3`
//! `CIDFontType0C`).
//!
//! TrueType faces number (glyph, text) pairs rather than glyphs, so one glyph can stand for
//! different text in different places (a base letter alone, or as the head of a cluster "é")
//! with exact ToUnicode entries for both; several CIDs then map to the same subset glyph. A CFF
//! CIDFont has no CID→GID map (the subset's charset is the identity), so there a glyph's code is
//! its subset glyph id and its ToUnicode entry the least non-empty text it stood for.
//!
//! Faces and codes are numbered by what the document uses, not by where it first uses it
//! (`FontSet::number_by_content`), so a page's content stream depends on the set of glyphs
//! the whole document uses but not on the pages before it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::Hasher;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use rayon::prelude::*;
use ttf_parser::GlyphId;

use super::{deflate, meta, PaintError, Refs};
use crate::pdf::frame::{Document, FrameItem, Page};
use crate::pdf::typeset::fonts::{self, Face, FontKey};

/// The glyphs used of every face, the faces in the order of the least font key drawing with
/// each (which also numbers their resource names `F0`, `F1`, …).
pub(super) struct FontSet {
    faces: Vec<FaceGlyphs>,
}

/// The CIDs of one face.
pub(super) struct FaceGlyphs {
    /// Position in the document's font list: the resource name `F{index}`.
    index: usize,
    /// The least font key that draws with this face: what orders the faces.
    key: FontKey,
    face: &'static Face,
    /// TrueType: for each original glyph id, the CID of the text it was first seen with (0 =
    /// unused). CFF: unused.
    first: Vec<u16>,
    /// CFF: the subset glyph id of each original glyph, numbered in order of glyph id.
    remapper: subsetter::GlyphRemapper,
    /// By CID − 1: the original glyph, the text it stands for, its width in 1/1000 em as written.
    cids: Vec<(u16, String, f64)>,
    /// TrueType: CIDs of glyphs seen with a text other than their first one.
    variants: HashMap<u16, Vec<(String, u16)>>,
}

/// Collects the glyphs of all text runs, then numbers them by glyph id and text.
pub(super) fn collect(doc: &Document) -> Result<FontSet, PaintError> {
    let mut set = FontSet { faces: Vec::new() };
    let mut last: Option<(FontKey, usize)> = None;
    for page in &doc.pages {
        for positioned in &page.items {
            let FrameItem::Text(run) = &positioned.item else { continue };
            if run.glyphs.is_empty() {
                continue;
            }
            let index = match last {
                Some((key, index)) if key == run.font => index,
                _ => set.index_or_insert(run.font)?,
            };
            last = Some((run.font, index));
            let face = &mut set.faces[index];
            face.key = face.key.min(run.font);
            for (glyph, text) in run.glyph_texts() {
                face.intern(glyph.id, text)?;
            }
        }
    }
    set.number_by_content();
    Ok(set)
}

/// One glyph a page uses: the font key of its run, the glyph id and the text it stands for.
pub(super) type GlyphUse = (FontKey, u16, Box<str>);

/// The glyphs a page uses, each once, for `collect_uses`.
pub(super) fn page_uses(page: &Page) -> Vec<GlyphUse> {
    let mut seen: HashSet<(FontKey, u16, &str)> = HashSet::new();
    let mut uses = Vec::new();
    for positioned in &page.items {
        let FrameItem::Text(run) = &positioned.item else { continue };
        for (glyph, text) in run.glyph_texts() {
            if seen.insert((run.font, glyph.id, text)) {
                uses.push((run.font, glyph.id, text.into()));
            }
        }
    }
    uses
}

/// The font set of pages given by the glyphs each uses (`page_uses`): the same set `collect`
/// gives for those pages, since faces and codes are numbered by content.
pub(super) fn collect_uses<'a>(pages: impl Iterator<Item = &'a [GlyphUse]>) -> Result<FontSet, PaintError> {
    let mut set = FontSet { faces: Vec::new() };
    for (key, gid, text) in pages.flatten() {
        let index = set.index_or_insert(*key)?;
        let face = &mut set.faces[index];
        face.key = face.key.min(*key);
        face.intern(*gid, text)?;
    }
    set.number_by_content();
    Ok(set)
}

impl FontSet {
    /// The used glyphs of the face that draws `key`, if any text uses it.
    pub(super) fn face(&self, key: FontKey) -> Option<&FaceGlyphs> {
        let face = fonts::face(key);
        self.faces.iter().find(|f| std::ptr::eq(f.face, face))
    }

    /// A hash of what painting reads of the set: which face each resource name stands for and
    /// every glyph's code, text and width (`page_key.rs`). Faces are told apart by address:
    /// they live as long as the process, and so does the memo that keeps this key.
    pub(super) fn fingerprint(&self) -> u64 {
        let mut hasher = std::hash::DefaultHasher::new();
        for face in &self.faces {
            hasher.write_usize(std::ptr::from_ref(face.face) as usize);
            hasher.write_usize(face.cids.len());
            for (gid, text, width) in &face.cids {
                hasher.write_u16(*gid);
                hasher.write(text.as_bytes());
                hasher.write_u8(0xff);
                hasher.write_u64(width.to_bits());
            }
        }
        Hasher::finish(&hasher)
    }

    fn index_or_insert(&mut self, key: FontKey) -> Result<usize, PaintError> {
        let face = fonts::face(key);
        if let Some(at) = self.faces.iter().position(|f| std::ptr::eq(f.face, face)) {
            return Ok(at);
        }
        let index = self.faces.len();
        self.faces.push(FaceGlyphs::new(face, index, key));
        Ok(index)
    }

    /// Numbers the faces (their resource names) by the least font key that draws with each, and
    /// each face's codes by glyph id and text: by what the document uses, not where it first
    /// uses it. So an edit that uses no glyph the document lacks leaves every code as it was,
    /// and with it the content stream of every page it does not touch (`heft watch` reuses
    /// those, `page_key.rs`).
    fn number_by_content(&mut self) {
        self.faces.sort_by_key(|face| face.key);
        for (index, face) in self.faces.iter_mut().enumerate() {
            face.index = index;
            face.number_by_glyph();
        }
    }
}

impl FaceGlyphs {
    /// Codes from 1 in order of glyph id and text (see `FontSet::number_by_content`).
    fn number_by_glyph(&mut self) {
        let mut cids = std::mem::take(&mut self.cids);
        cids.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        if self.face.cff {
            self.remapper = subsetter::GlyphRemapper::new();
            for (gid, _, _) in &cids {
                self.remapper.remap(*gid);
            }
        } else {
            self.first.fill(0);
            self.variants.clear();
            for (at, (gid, text, _)) in cids.iter().enumerate() {
                // Fewer codes than u16::MAX were handed out when they were collected.
                let cid = (at + 1) as u16;
                match &mut self.first[usize::from(*gid)] {
                    first @ 0 => *first = cid,
                    _ => self.variants.entry(*gid).or_default().push((text.clone(), cid)),
                }
            }
        }
        self.cids = cids;
    }

    fn new(face: &'static Face, index: usize, key: FontKey) -> Self {
        let first = if face.cff { Vec::new() } else { vec![0; usize::from(face.shaper.number_of_glyphs())] };
        FaceGlyphs {
            index,
            key,
            face,
            first,
            remapper: subsetter::GlyphRemapper::new(),
            cids: Vec::new(),
            variants: HashMap::new(),
        }
    }

    /// The resource name's number.
    pub(super) fn index(&self) -> usize {
        self.index
    }

    fn font_name(&self) -> String {
        self.face.name.clone()
    }

    fn width(&self, gid: u16) -> f64 {
        let advance = self.face.shaper.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        (f64::from(advance) * 1000.0 / f64::from(self.face.shaper.units_per_em())).round()
    }

    /// The CID of a glyph standing for `text`, numbering it if it is new.
    fn intern(&mut self, gid: u16, text: &str) -> Result<u16, PaintError> {
        if gid >= self.face.shaper.number_of_glyphs() {
            return Err(PaintError::GlyphOutOfRange { font: self.font_name(), glyph: gid });
        }
        if self.face.cff {
            return self.intern_cff(gid, text);
        }
        let first = self.first[usize::from(gid)];
        if let Some(cid) = self.lookup(first, gid, text) {
            return Ok(cid);
        }
        // CID 0 is .notdef and 0xFFFF is reserved by Identity-H.
        let cid = u16::try_from(self.cids.len() + 1).ok().filter(|&c| c < u16::MAX);
        let cid = cid.ok_or_else(|| PaintError::TooManyGlyphs { font: self.font_name() })?;
        self.cids.push((gid, text.to_owned(), self.width(gid)));
        if first == 0 {
            self.first[usize::from(gid)] = cid;
        } else {
            self.variants.entry(gid).or_default().push((text.to_owned(), cid));
        }
        Ok(cid)
    }

    /// A CFF glyph's code: its subset glyph id (renumbered by glyph id once all are collected).
    fn intern_cff(&mut self, gid: u16, text: &str) -> Result<u16, PaintError> {
        if let Some(code) = self.remapper.get(gid) {
            let entry = &mut self.cids[usize::from(code) - 1];
            // The least non-empty text, whatever order the pages come in.
            if !text.is_empty() && (entry.1.is_empty() || text < entry.1.as_str()) {
                entry.1 = text.to_owned();
            }
            return Ok(code);
        }
        if self.cids.len() + 1 >= usize::from(u16::MAX) {
            return Err(PaintError::TooManyGlyphs { font: self.font_name() });
        }
        let code = self.remapper.remap(gid);
        debug_assert_eq!(usize::from(code), self.cids.len() + 1);
        self.cids.push((gid, text.to_owned(), self.width(gid)));
        Ok(code)
    }

    fn lookup(&self, first: u16, gid: u16, text: &str) -> Option<u16> {
        let (_, first_text, _) = self.cids.get(usize::from(first).checked_sub(1)?)?;
        if first_text == text {
            return Some(first);
        }
        let variants = self.variants.get(&gid)?;
        variants.iter().find(|(t, _)| t == text).map(|&(_, cid)| cid)
    }

    /// The text a glyph drawn with code `cid` must carry as `/ActualText`: for CFF faces, whose
    /// ToUnicode map has one text per glyph, when `text` is another one; `None` otherwise.
    pub(super) fn actual_text<'t>(&self, cid: u16, text: &'t str) -> Option<&'t str> {
        if !self.face.cff || cid == 0 {
            return None;
        }
        let (_, mapped, _) = &self.cids[usize::from(cid) - 1];
        (mapped != text).then_some(text)
    }

    /// The CID of a collected glyph and its width as written in `/W` (1/1000 em);
    /// .notdef (0, 0) for a glyph that was not collected.
    pub(super) fn cid_width(&self, gid: u16, text: &str) -> (u16, f64) {
        let cid = if self.face.cff {
            self.remapper.get(gid).filter(|&c| c != 0)
        } else {
            let first = self.first.get(usize::from(gid)).copied().unwrap_or(0);
            self.lookup(first, gid, text)
        };
        match cid {
            Some(cid) => (cid, self.cids[usize::from(cid) - 1].2),
            None => (0, 0.0),
        }
    }
}

/// Subsets and embeds every used face; returns resource names (`F0`, `F1`, … in the set's
/// order) and font objects.
pub(super) fn embed(pdf: &mut Pdf, refs: &mut Refs, set: &FontSet) -> Result<Vec<(String, Ref)>, PaintError> {
    let subsets = set.faces.par_iter().map(subset).collect::<Result<Vec<_>, _>>()?;
    let mut fonts = Vec::with_capacity(set.faces.len());
    for (face, subset) in set.faces.iter().zip(subsets) {
        fonts.push((format!("F{}", face.index), write_font(pdf, refs, face, subset)));
    }
    Ok(fonts)
}

/// A face's subset program and, for TrueType, by CID, the glyph ids in it.
struct Subset {
    program: Vec<u8>,
    cid_to_gid: Vec<u8>,
}

fn subset(face: &FaceGlyphs) -> Result<Subset, PaintError> {
    let font_error = |reason: String| PaintError::Font { font: face.font_name(), reason };
    if face.face.cff {
        let program = subsetter::subset(face.face.bytes, 0, &face.remapper).map_err(|e| font_error(e.to_string()))?;
        return Ok(Subset { program: cff_table(&program).map_err(font_error)?, cid_to_gid: Vec::new() });
    }
    let mut gids: Vec<u16> = face.cids.iter().map(|(gid, _, _)| *gid).collect();
    gids.sort_unstable();
    gids.dedup();
    let mut remapper = subsetter::GlyphRemapper::new();
    for &gid in &gids {
        remapper.remap(gid);
    }
    let program = if is_variable_instance(face.face) {
        // An instance of a variable font: its outlines at that weight.
        let axes: Vec<_> = face.face.weight.map(|w| (subsetter::Tag::new(b"wght"), w)).into_iter().collect();
        subsetter::subset_with_variations(face.face.bytes, 0, &axes, &remapper)
    } else {
        subsetter::subset(face.face.bytes, 0, &remapper)
    }
    .map_err(|e| font_error(e.to_string()))?;
    let mut cid_to_gid = Vec::with_capacity(2 * (face.cids.len() + 1));
    cid_to_gid.extend_from_slice(&[0, 0]);
    for (gid, _, _) in &face.cids {
        cid_to_gid.extend_from_slice(&remapper.get(*gid).unwrap_or(0).to_be_bytes());
    }
    Ok(Subset { program, cid_to_gid })
}

/// Whether the face is drawn as an instance of its variations (a weight was chosen): TrueType
/// outlines, instanced by the subsetter.
fn is_variable_instance(face: &Face) -> bool {
    face.weight.is_some()
}

/// The bare CFF table of a subset OpenType font: what `FontFile3` `/CIDFontType0C` holds.
fn cff_table(font: &[u8]) -> Result<Vec<u8>, String> {
    let raw = ttf_parser::RawFace::parse(font, 0).map_err(|e| e.to_string())?;
    let cff = raw.table(ttf_parser::Tag::from_bytes(b"CFF ")).ok_or("the subset has no CFF table")?;
    Ok(cff.to_vec())
}

/// Writes the font objects of one face; returns the Type0 font.
fn write_font(pdf: &mut Pdf, refs: &mut Refs, face: &FaceGlyphs, subset: Subset) -> Ref {
    let base_font = format!("{}+{}", subset_tag(face), face.face.name);
    let base_font = Name(base_font.as_bytes());
    let [type0, cid_font, descriptor_id, program, cid_to_gid, to_unicode_id] = [(); 6].map(|_| refs.next());
    let deflated = deflate(&subset.program);
    let mut stream = pdf.stream(program, &deflated);
    stream.filter(Filter::FlateDecode);
    if face.face.cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), subset.program.len() as i32);
    }
    stream.finish();
    descriptor(pdf, descriptor_id, face, base_font, program);
    let mut cid = pdf.cid_font(cid_font);
    cid.subtype(if face.face.cff { CidFontType::Type0 } else { CidFontType::Type2 })
        .base_font(base_font)
        .system_info(SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 })
        .font_descriptor(descriptor_id)
        .default_width(0.0);
    if !face.face.cff {
        cid.cid_to_gid_map_stream(cid_to_gid);
    }
    cid.widths().consecutive(1, face.cids.iter().map(|(_, _, w)| *w as f32));
    cid.finish();
    if !face.face.cff {
        pdf.stream(cid_to_gid, &deflate(&subset.cid_to_gid)).filter(Filter::FlateDecode);
    }
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
    let mut data = face.face.name.as_bytes().to_vec();
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
    let f = &face.face.shaper;
    let scale = 1000.0 / f64::from(f.units_per_em());
    let em = |v: i16| (f64::from(v) * scale).round() as f32;
    let bbox = f.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if face.face.serif {
        flags |= FontFlags::SERIF;
    }
    if f.is_monospaced() {
        flags |= FontFlags::FIXED_PITCH;
    }
    if f.is_italic() || f.italic_angle() != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    // StemV is only used for substitution when the font program is unavailable; typical
    // values for regular and bold weights.
    let stem_v = if f.is_bold() { 140.0 } else { 80.0 };
    let mut descriptor = pdf.font_descriptor(id);
    descriptor
        .name(base_font)
        .flags(flags)
        .bbox(Rect::new(em(bbox.x_min), em(bbox.y_min), em(bbox.x_max), em(bbox.y_max)))
        .italic_angle(f.italic_angle())
        .ascent(em(f.ascender()))
        .descent(em(f.descender()))
        .cap_height(em(f.capital_height().unwrap_or(f.ascender())))
        .stem_v(stem_v);
    if face.face.cff {
        descriptor.font_file3(program);
    } else {
        descriptor.font_file2(program);
    }
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
        let mut face = FaceGlyphs::new(fonts::face(FontKey::SERIF), 0, FontKey::SERIF);
        let e = face.face.shaper.glyph_index('e').unwrap().0;
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
        let mut face = FaceGlyphs::new(fonts::face(FontKey::SANS), 0, FontKey::SANS);
        let beyond = face.face.shaper.number_of_glyphs();
        assert!(matches!(face.intern(beyond, "x"), Err(PaintError::GlyphOutOfRange { .. })));
    }

    /// A house face with CFF outlines (Linux Biolinum from the house-fonts test issue).
    fn cff_face() -> &'static Face {
        let bytes = include_bytes!("../../../tests/fixtures/house-fonts/fonts/LinBiolinum_R.otf").to_vec();
        let files = fonts::HouseFiles {
            heading: [
                Some(fonts::HouseFile { name: "LinBiolinum_R.otf".into(), bytes, weight: None }),
                None,
                None,
                None,
            ],
            ..fonts::HouseFiles::default()
        };
        let set = fonts::register(files).unwrap();
        fonts::face(set.heading())
    }

    #[test]
    fn cff_glyphs_are_coded_by_subset_glyph_id_and_a_second_text_needs_actual_text() {
        let face = cff_face();
        assert!(face.cff);
        let mut glyphs = FaceGlyphs::new(face, 0, FontKey::SERIF);
        let hyphen = face.hyphen_id;
        let a = face.shaper.glyph_index('a').unwrap().0;
        assert_eq!(glyphs.intern(a, "a").unwrap(), 1, "codes count from 1");
        assert_eq!(glyphs.intern(hyphen, "\u{AD}").unwrap(), 2);
        assert_eq!(glyphs.intern(hyphen, "-").unwrap(), 2, "one code per glyph");
        glyphs.number_by_glyph();
        let (first, second) = if hyphen < a { (hyphen, a) } else { (a, hyphen) };
        assert_eq!((glyphs.cid_width(first, "").0, glyphs.cid_width(second, "").0), (1, 2), "by glyph id");
        let code = glyphs.cid_width(hyphen, "-").0;
        assert_eq!(glyphs.actual_text(code, "-"), None, "the least text is the glyph's own");
        assert_eq!(glyphs.actual_text(code, "\u{AD}"), Some("\u{AD}"));
        let cmap = String::from_utf8(to_unicode(&glyphs)).unwrap();
        assert!(cmap.contains(&format!("<{code:04X}> <002D>")), "{cmap}");
        let program = subset(&glyphs).unwrap().program;
        assert!(program.len() < face.bytes.len() / 10, "a subset: {} bytes", program.len());
        assert_eq!(program[0], 1, "a bare CFF table (major version 1), not an OpenType wrapper");
    }

    #[test]
    fn codes_do_not_depend_on_the_order_glyphs_are_met_in() {
        let serif = fonts::face(FontKey::SERIF);
        let glyph = |c: char| serif.shaper.glyph_index(c).unwrap().0;
        let uses = [(glyph('z'), "z"), (glyph('a'), "a"), (glyph('e'), "e\u{301}"), (glyph('e'), "e")];
        let numbered = |uses: &mut dyn Iterator<Item = &(u16, &str)>| {
            let mut face = FaceGlyphs::new(serif, 0, FontKey::SERIF);
            for (gid, text) in uses {
                face.intern(*gid, text).unwrap();
            }
            face.number_by_glyph();
            uses_of(&face)
        };
        assert_eq!(numbered(&mut uses.iter()), numbered(&mut uses.iter().rev()));
    }

    fn uses_of(face: &FaceGlyphs) -> Vec<(u16, String)> {
        face.cids.iter().map(|(gid, text, _)| (*gid, text.clone())).collect()
    }

    #[test]
    fn a_cluster_tail_takes_the_text_a_cff_glyph_is_later_seen_with() {
        let mut glyphs = FaceGlyphs::new(cff_face(), 0, FontKey::SERIF);
        let e = glyphs.face.shaper.glyph_index('e').unwrap().0;
        let code = glyphs.intern(e, "").unwrap();
        glyphs.intern(e, "e").unwrap();
        assert_eq!(glyphs.actual_text(code, "e"), None);
        assert_eq!(glyphs.actual_text(code, ""), Some(""));
    }
}
