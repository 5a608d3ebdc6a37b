//! A page's content stream (deflated) from its positioned items: text runs as CID glyph
//! strings with TJ offsets (and `Tz` for expanded lines), filled and stroked rectangles, placed images. For the
//! print PDF a page of its own (a blank page, one whose images bleed) is shifted onto the trim, its bleed images
//! reach into the bleed and crop marks follow; every other print page shows the screen's stream (`PaintedPages`).

use super::embed::FontSet;
use super::print::Sheet;
use super::tagged::Marker;
use super::{deflate, images, PaintError};
use crate::pdf::frame::{FrameItem, ImageData, Ink, Page, StructId, StructNode, Tag, TextRun};

/// A page's deflated content stream and, when tagged, the structure node of each of its MCIDs.
pub(super) struct PageContent {
    pub bytes: Vec<u8>,
    pub mcids: Vec<StructId>,
}

/// The content stream of one page, for the screen (`sheet` is `None`) or for print. With
/// `structure` (the nodes and their paint keys), every item is wrapped in marked content (its
/// node's MCID, or an artifact) and items are painted in reading order. Links are annotations,
/// not content.
pub(super) fn page_stream(
    page: &Page,
    fonts: &FontSet,
    images: &[ImageData],
    sheet: Option<&Sheet>,
    structure: Option<(&[StructNode], &[u32])>,
) -> Result<PageContent, PaintError> {
    // About 6 bytes per glyph (4 hex digits plus offsets): preallocate for a full page.
    let mut painter = Painter::new(page, fonts, 16 * 1024, sheet.copied());
    if let Some(sheet) = sheet {
        painter.out.extend_from_slice(b"q ");
        sheet.shift(&mut painter.out);
    }
    let mut marker = structure.map(|(nodes, _)| (Marker::default(), nodes));
    let order = paint_order(page, structure.map(|(_, keys)| keys));
    paint_items(&mut painter, page, &order, images, &mut marker)?;
    if let Some(sheet) = sheet {
        painter.out.extend_from_slice(b"Q\n");
        sheet.crop_marks(&mut painter.out, page.width.0, page.height.0);
    }
    let mcids = match marker {
        Some((mut marker, _)) => {
            marker.close(&mut painter.out);
            marker.mcids
        }
        None => Vec::new(),
    };
    Ok(PageContent { bytes: deflate(&painter.out), mcids })
}

/// The order to paint a page's items in: as laid out, or with `keys` by the reading position of
/// their nodes (stable, so lines keep their order; an artifact stays with the item before it).
pub(super) fn paint_order(page: &Page, keys: Option<&[u32]>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..page.items.len()).collect();
    let Some(keys) = keys else { return order };
    let mut key = 0;
    let item_keys: Vec<u32> = page
        .items
        .iter()
        .map(|item| {
            if let Tag::Content(node) = item.tag {
                key = keys.get(node.index()).copied().unwrap_or(key);
            }
            key
        })
        .collect();
    order.sort_by_key(|&i| item_keys[i]);
    order
}

fn paint_items(
    painter: &mut Painter,
    page: &Page,
    order: &[usize],
    images: &[ImageData],
    marker: &mut Option<(Marker, &[StructNode])>,
) -> Result<(), PaintError> {
    for positioned in order.iter().map(|&i| &page.items[i]) {
        let (x, y) = (positioned.x.0, positioned.y.0);
        if let (Some((marker, nodes)), false) = (marker.as_mut(), matches!(positioned.item, FrameItem::Link { .. })) {
            marker.mark(&mut painter.out, positioned.tag, nodes);
        }
        match &positioned.item {
            FrameItem::Text(run) => painter.text(x, y, run),
            FrameItem::Rect { width, height, ink } => painter.rect(x, y, width.0, height.0, *ink),
            FrameItem::BoxOutline { width, height, stroke, ink } => {
                painter.box_outline(x, y, width.0, height.0, stroke.0, *ink)
            }
            FrameItem::Image { image, width, height, bleed } => {
                let data = images.get(*image).ok_or(PaintError::MissingImage { image: *image, count: images.len() })?;
                let area = Area { x, y, width: width.0, height: height.0 };
                match bleed {
                    true => painter.bleed_image(area, *image, data.pixel_size()),
                    false => painter.image(x, y, width.0, height.0, *image),
                }
            }
            FrameItem::Link { .. } => {}
        }
    }
    Ok(())
}

/// A box in frame coordinates: top-left corner and size.
#[derive(Debug, Clone, Copy)]
struct Area {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// Writes content operators, remembering the graphics state to skip redundant operators.
struct Painter<'a> {
    out: Vec<u8>,
    page_width: f64,
    page_height: f64,
    /// Set for a page painted for print alone: bleed images reach into the bleed.
    sheet: Option<Sheet>,
    fonts: &'a FontSet,
    /// Current font slot and size.
    font: Option<(usize, f64)>,
    fill: Option<Ink>,
    stroke: Option<Ink>,
    line_width: Option<f64>,
    /// Current horizontal scaling (`Tz` / 100).
    horizontal_scale: f64,
}

impl<'a> Painter<'a> {
    fn new(page: &Page, fonts: &'a FontSet, capacity: usize, sheet: Option<Sheet>) -> Self {
        Painter {
            out: Vec::with_capacity(capacity),
            page_width: page.width.0,
            page_height: page.height.0,
            sheet,
            fonts,
            font: None,
            fill: None,
            stroke: None,
            line_width: None,
            horizontal_scale: 1.0,
        }
    }

    /// One text object: font, colour, text matrix at the baseline start, then the glyphs.
    fn text(&mut self, x: f64, y: f64, run: &TextRun) {
        let Some(face) = self.fonts.face(run.font) else { return };
        let size = run.size.0;
        if run.glyphs.is_empty() || !(size.is_finite() && size > 0.0) {
            return;
        }
        self.out.extend_from_slice(b"BT\n");
        let slot = face.index();
        if self.font != Some((slot, size)) {
            self.out.extend_from_slice(b"/F");
            num(&mut self.out, slot as f64);
            self.out.push(b' ');
            num(&mut self.out, size);
            self.out.extend_from_slice(b" Tf\n");
            self.font = Some((slot, size));
        }
        self.set_fill(run.ink);
        let stretch = self.set_horizontal_scale(run.horizontal_scale);
        self.out.extend_from_slice(b"1 0 0 1 ");
        num(&mut self.out, x);
        self.out.push(b' ');
        num(&mut self.out, self.page_height - y);
        self.out.extend_from_slice(b" Tm\n[<");
        // Positions in text space units (1/1000 em): where the pen is after what was written
        // (`actual`) and where the layout wants it (`wanted`). Each glyph's TJ offset closes the
        // gap, so rounding never accumulates along a line. Under `Tz` both glyph widths and
        // offsets are scaled, so the wanted positions are unscaled here.
        let scale = 1000.0 / size / stretch;
        let (mut actual, mut wanted) = (0.0_f64, 0.0_f64);
        let last = run.glyphs.len() - 1;
        for (i, (glyph, text)) in run.glyph_texts().enumerate() {
            let (cid, width) = face.cid_width(glyph.id, text);
            match face.actual_text(cid, text) {
                Some(actual) => self.glyph_with_actual_text(cid, actual),
                None => hex4(&mut self.out, cid),
            }
            actual += width;
            wanted += glyph.advance.0 * scale;
            // Tenths of a text space unit: 1/10 000 em, invisible at any size.
            let offset = ((actual - wanted) * 10.0).round() / 10.0;
            if i < last && offset != 0.0 && offset.is_finite() {
                self.out.push(b'>');
                num(&mut self.out, offset);
                self.out.push(b'<');
                actual -= offset;
            }
        }
        self.out.extend_from_slice(b">] TJ\nET\n");
    }

    /// A glyph whose code maps to other text than it stands for here (a CFF glyph used with two
    /// texts, e.g. a hyphen at a line end and in a compound): its own `TJ` inside a marked
    /// content `/Span` with `/ActualText`, so text extraction gets this text. Called inside
    /// an open `[<` of a `TJ` array, and leaves one open.
    fn glyph_with_actual_text(&mut self, cid: u16, actual: &str) {
        self.out.extend_from_slice(b">] TJ\n/Span <</ActualText <FEFF");
        for unit in actual.encode_utf16() {
            hex4(&mut self.out, unit);
        }
        self.out.extend_from_slice(b">>> BDC\n[<");
        hex4(&mut self.out, cid);
        self.out.extend_from_slice(b">] TJ\nEMC\n[<");
    }

    /// `Tz` for glyph expansion when it differs from the current one (it is part of the text
    /// state, which persists across text objects); returns the factor in use.
    fn set_horizontal_scale(&mut self, factor: f64) -> f64 {
        let factor = if factor.is_finite() && factor > 0.0 { factor } else { 1.0 };
        if self.horizontal_scale != factor {
            num(&mut self.out, factor * 100.0);
            self.out.extend_from_slice(b" Tz\n");
            self.horizontal_scale = factor;
        }
        factor
    }

    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, ink: Ink) {
        self.set_fill(ink);
        self.rectangle(x, y, width, height);
        self.out.extend_from_slice(b" re f\n");
    }

    /// The outline of a box, the stroke centred on its edges.
    fn box_outline(&mut self, x: f64, y: f64, width: f64, height: f64, stroke: f64, ink: Ink) {
        let ink = clamp_gray(ink);
        if self.stroke != Some(ink) {
            self.colour(ink, true);
            self.stroke = Some(ink);
        }
        if self.line_width != Some(stroke) {
            num(&mut self.out, stroke.max(0.0));
            self.out.extend_from_slice(b" w\n");
            self.line_width = Some(stroke);
        }
        self.rectangle(x, y, width, height);
        self.out.extend_from_slice(b" re S\n");
    }

    /// The image scaled into its box; `q`/`Q` restores the matrix.
    fn image(&mut self, x: f64, y: f64, width: f64, height: f64, image: usize) {
        self.out.extend_from_slice(b"q ");
        num(&mut self.out, width);
        self.out.extend_from_slice(b" 0 0 ");
        num(&mut self.out, height);
        self.out.push(b' ');
        num(&mut self.out, x);
        self.out.push(b' ');
        num(&mut self.out, self.page_height - y - height);
        self.out.extend_from_slice(b" cm /");
        self.out.extend_from_slice(images::resource_name(image).as_bytes());
        self.out.extend_from_slice(b" Do Q\n");
    }

    /// `x y w h` of a box given by its top-left corner in frame coordinates.
    fn rectangle(&mut self, x: f64, y: f64, width: f64, height: f64) {
        num(&mut self.out, x);
        self.out.push(b' ');
        num(&mut self.out, self.page_height - y - height);
        self.out.push(b' ');
        num(&mut self.out, width);
        self.out.push(b' ');
        num(&mut self.out, height);
    }

    fn set_fill(&mut self, ink: Ink) {
        let ink = clamp_gray(ink);
        if self.fill != Some(ink) {
            self.colour(ink, false);
            self.fill = Some(ink);
        }
    }

    /// A gray level as a tint of the black ink (`/Ink`, a `Separation` named `Black`; tint =
    /// 1 − gray): the print PDF defines it as K ink alone, so black text and rules never
    /// separate into the C, M and Y plates, even for a RIP that colour-manages DeviceGray; the
    /// screen PDF defines it over DeviceGray. A style colour is its own colour space (`/C1`, …,
    /// one colour each: RGB on screen, CMYK in print; `swatches.rs`), selected at index 0. The
    /// stream is the same for both, so print can show the screen's streams unchanged
    /// (`PaintedPages`). `stroke` picks `CS`/`SCN`.
    fn colour(&mut self, ink: Ink, stroke: bool) {
        let (space, colour): (&[u8], &[u8]) = if stroke { (b" CS ", b" SCN\n") } else { (b" cs ", b" scn\n") };
        self.out.push(b'/');
        match ink {
            Ink::Gray(gray) => {
                self.out.extend_from_slice(super::print::INK.as_bytes());
                self.out.extend_from_slice(space);
                num(&mut self.out, 1.0 - gray);
            }
            Ink::Swatch(index) => {
                self.out.extend_from_slice(super::swatches::resource_name(index).as_bytes());
                self.out.extend_from_slice(space);
                self.out.push(b'0');
            }
        }
        self.out.extend_from_slice(colour);
    }

    /// An image that fills its box and, in print, reaches into the bleed on every side where
    /// the box meets the page edge: scaled to cover the (grown) box, centred, clipped to it.
    fn bleed_image(&mut self, area: Area, image: usize, (pixels_w, pixels_h): (f64, f64)) {
        let Area { mut x, mut y, width, height } = area;
        let (mut right, mut bottom) = (x + width, y + height);
        if let Some(sheet) = self.sheet {
            // Half a point of slack: layout places bleed images on the edge, give or take rounding.
            let near = |a: f64, b: f64| (a - b).abs() < 0.5;
            if near(x, 0.0) {
                x -= sheet.bleed;
            }
            if near(y, 0.0) {
                y -= sheet.bleed;
            }
            if near(right, self.page_width) {
                right += sheet.bleed;
            }
            if near(bottom, self.page_height) {
                bottom += sheet.bleed;
            }
        }
        let (width, height) = (right - x, bottom - y);
        let scale = (width / pixels_w.max(1.0)).max(height / pixels_h.max(1.0));
        let (drawn_w, drawn_h) = (pixels_w * scale, pixels_h * scale);
        self.out.extend_from_slice(b"q ");
        self.rectangle(x, y, width, height);
        self.out.extend_from_slice(b" re W n\n");
        self.image(x + (width - drawn_w) / 2.0, y + (height - drawn_h) / 2.0, drawn_w, drawn_h, image);
        self.out.extend_from_slice(b"Q\n");
    }
}

/// A gray inside 0–1 (black when not a number); a swatch as it is.
fn clamp_gray(ink: Ink) -> Ink {
    match ink {
        Ink::Gray(gray) if gray.is_finite() => Ink::Gray(gray.clamp(0.0, 1.0)),
        Ink::Gray(_) => Ink::BLACK,
        swatch => swatch,
    }
}

/// Appends four uppercase hex digits.
fn hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        HEX[(v >> 12) as usize],
        HEX[(v >> 8 & 15) as usize],
        HEX[(v >> 4 & 15) as usize],
        HEX[(v & 15) as usize],
    ]);
}

/// Appends a number with at most three decimals (1/1000 pt), no exponent; non-finite → 0.
pub(super) fn num(out: &mut Vec<u8>, v: f64) {
    let scaled = if v.is_finite() { (v * 1000.0).round() as i64 } else { 0 };
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    digits(out, abs / 1000);
    let mut frac = abs % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut div = 100;
        while frac != 0 {
            out.push(b'0' + (frac / div) as u8);
            frac %= div;
            div /= 10;
        }
    }
}

fn digits(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f64) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        assert_eq!(fmt(0.0), "0");
        assert_eq!(fmt(-0.0001), "0");
        assert_eq!(fmt(841.89), "841.89");
        assert_eq!(fmt(-12.5), "-12.5");
        assert_eq!(fmt(0.05), "0.05");
        assert_eq!(fmt(1.0004), "1");
        assert_eq!(fmt(f64::NAN), "0");
        assert_eq!(fmt(123456.007), "123456.007");
    }

    #[test]
    fn hex_digits() {
        let mut out = Vec::new();
        hex4(&mut out, 0xA1F);
        hex4(&mut out, 0xFFFF);
        assert_eq!(out, b"0A1FFFFF");
    }
}
