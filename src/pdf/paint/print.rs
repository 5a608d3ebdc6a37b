//! What the print PDF adds to the painted frames: the sheet geometry (trim, bleed and media
//! boxes, content shifted so the trim lands right), crop marks in the registration colour, the
//! PDF/X-4 output intent with its ICC profile, and the XMP metadata that identifies the file.

use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::writers::ColorSpace;
use pdf_writer::{Filter, Name, Pdf, Rect, Ref, TextStr};
use xmp_writer::{DateTime, LangId, RenditionClass, Timezone, XmpWriter};

use super::content::num;
use super::deflate;
use crate::pdf::frame::DocInfo;
use crate::pdf::units::Pt;
use crate::style::print::OutputIntent;

/// The PDF/X part the print PDF conforms to.
pub(super) const PDFX_VERSION: &str = "PDF/X-4";

/// The resource name of the registration colour (`/Separation /All`): it prints on every plate.
pub(super) const REGISTRATION: &str = "CSAll";

/// Crop marks: 5 mm long, 0.25 pt thick (the thinnest line shops accept), starting 2 pt beyond
/// the bleed so they never print on the page.
const MARK_LENGTH: f64 = 14.17;
const MARK_GAP: f64 = 2.0;
const MARK_WIDTH: f64 = 0.25;
/// Paper left around the marks.
const SLUG_MARGIN: f64 = 3.0;

/// What the print PDF needs beyond the frames.
#[derive(Debug, Clone, Copy)]
pub struct PrintSetup<'a> {
    /// Bleed beyond the trim on every side.
    pub bleed: Pt,
    pub crop_marks: bool,
    /// Blank pages appended so the page count suits the binding.
    pub blank_pages: usize,
    pub intent: &'a OutputIntent,
}

impl PrintSetup<'_> {
    /// The same settings for a single-page cover: no blank pages.
    pub fn cover(&self) -> Self {
        PrintSetup { blank_pages: 0, ..*self }
    }
}

/// Where the finished page sits on the PDF page: `offset` from the media box's corner to the
/// trim's, the same on every side.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sheet {
    pub offset: f64,
    pub bleed: f64,
    pub crop_marks: bool,
}

impl Sheet {
    pub fn new(setup: &PrintSetup) -> Sheet {
        let bleed = setup.bleed.0.max(0.0);
        let slug = if setup.crop_marks { MARK_GAP + MARK_LENGTH + SLUG_MARGIN } else { 0.0 };
        Sheet { offset: bleed + slug, bleed, crop_marks: setup.crop_marks }
    }

    pub fn media_box(&self, width: f64, height: f64) -> Rect {
        rect(0.0, 0.0, width + 2.0 * self.offset, height + 2.0 * self.offset)
    }

    pub fn trim_box(&self, width: f64, height: f64) -> Rect {
        rect(self.offset, self.offset, self.offset + width, self.offset + height)
    }

    pub fn bleed_box(&self, width: f64, height: f64) -> Rect {
        let (low, high) = (self.offset - self.bleed, self.offset + self.bleed);
        rect(low, low, high + width, high + height)
    }

    /// The operators that move the page's content onto the trim.
    pub fn shift(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"1 0 0 1 ");
        num(out, self.offset);
        out.push(b' ');
        num(out, self.offset);
        out.extend_from_slice(b" cm\n");
    }

    /// Crop marks at the four trim corners, outside the bleed, in the registration colour.
    pub fn crop_marks(&self, out: &mut Vec<u8>, width: f64, height: f64) {
        if !self.crop_marks {
            return;
        }
        out.extend_from_slice(b"q /");
        out.extend_from_slice(REGISTRATION.as_bytes());
        out.extend_from_slice(b" CS 1 SCN ");
        num(out, MARK_WIDTH);
        out.extend_from_slice(b" w\n");
        let near = self.bleed + MARK_GAP;
        let far = near + MARK_LENGTH;
        let (left, bottom) = (self.offset, self.offset);
        let (right, top) = (left + width, bottom + height);
        for (x, y, outward_x, outward_y) in
            [(left, bottom, -1.0, -1.0), (right, bottom, 1.0, -1.0), (left, top, -1.0, 1.0), (right, top, 1.0, 1.0)]
        {
            // One horizontal mark on the trim's horizontal edge line, one vertical on the vertical.
            line(out, (x + outward_x * near, y), (x + outward_x * far, y));
            line(out, (x, y + outward_y * near), (x, y + outward_y * far));
        }
        out.extend_from_slice(b"S Q\n");
    }
}

fn line(out: &mut Vec<u8>, from: (f64, f64), to: (f64, f64)) {
    for (point, op) in [(from, b" m\n"), (to, b" l\n")] {
        num(out, point.0);
        out.push(b' ');
        num(out, point.1);
        out.extend_from_slice(op);
    }
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
    Rect::new(super::real(x0), super::real(y0), super::real(x1), super::real(y1))
}

/// `/CSAll`: `[/Separation /All /DeviceCMYK {tint → tint on every ink}]`.
/// The resource name of the black ink every gray of text and rules is painted in.
pub(super) const INK: &str = "Ink";

/// The black ink: a `Separation` named `Black`, the K plate's colorant. Print gives it K alone
/// as its alternate (tint t → 0 0 0 t); the screen PDF gray (tint t → 1 − t), so viewers show
/// the same grays as before.
pub(super) fn black_ink(space: ColorSpace, print: bool) {
    let mut separation = space.separation(Name(b"Black"));
    if print {
        separation.alternate_color_space().device_cmyk();
        separation.tint_exponential().domain([0.0, 1.0]).c0([0.0; 4]).c1([0.0, 0.0, 0.0, 1.0]).n(1.0);
    } else {
        separation.alternate_color_space().device_gray();
        separation.tint_exponential().domain([0.0, 1.0]).c0([1.0]).c1([0.0]).n(1.0);
    }
}

pub(super) fn registration_colour(space: ColorSpace) {
    let mut separation = space.separation(Name(b"All"));
    separation.alternate_color_space().device_cmyk();
    separation.tint_exponential().domain([0.0, 1.0]).c0([0.0; 4]).c1([1.0; 4]).n(1.0);
}

/// The ICC profile stream of the output intent; returns nothing, the caller chose `id`.
pub(super) fn write_profile(pdf: &mut Pdf, id: Ref, profile: &[u8], components: i32) {
    let alternate: &[u8] = if components == 4 { b"DeviceCMYK" } else { b"DeviceRGB" };
    pdf.icc_profile(id, &deflate(profile)).n(components).alternate_name(Name(alternate)).filter(Filter::FlateDecode);
}

/// The catalog's `/OutputIntents`: one `/GTS_PDFX` intent with the profile embedded.
pub(super) fn output_intent(catalog: &mut pdf_writer::writers::Catalog, intent: &OutputIntent, profile: Ref) {
    catalog
        .output_intents()
        .push()
        .subtype(OutputIntentSubtype::PDFX)
        .output_condition_identifier(TextStr(&intent.identifier))
        .output_condition(TextStr(&intent.condition))
        .info(TextStr(&intent.condition))
        .dest_output_profile(profile);
}

/// XMP metadata identifying a PDF/X-4 file: title and dates agree with the info dictionary;
/// the ids are derived from the issue identifier, so rebuilds give the same bytes.
pub(super) fn xmp(info: &DocInfo) -> String {
    let mut xmp = XmpWriter::new();
    xmp.title([(None, info.title.as_str())]);
    if !info.author.is_empty() {
        xmp.creator([info.author.as_str()]);
    }
    if !info.lang.is_empty() {
        xmp.language([LangId(info.lang.as_str())]);
    }
    xmp.format("application/pdf");
    xmp.producer("heft").creator_tool("heft");
    let date = xmp_date(info.epoch);
    xmp.create_date(date).modify_date(date).metadata_date(date);
    xmp.document_id(&uuid_urn(&info.id_seed));
    xmp.instance_id(&uuid_urn(&format!("{}#print@{}", info.id_seed, info.epoch)));
    xmp.version_id("1");
    xmp.rendition_class(RenditionClass::Default);
    xmp.pdfx_version(PDFX_VERSION);
    xmp.trapped(false);
    xmp.finish(None)
}

/// `uuid:…` from a name, the same name always giving the same id.
fn uuid_urn(name: &str) -> String {
    format!("uuid:{}", uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()))
}

fn xmp_date(epoch: i64) -> DateTime {
    let (year, month, day, hour, minute, second) = crate::text::lang::civil_from_epoch(epoch);
    let year = year.clamp(0, 9999) as u16;
    DateTime::new(year, month as u8, day as u8, hour as u8, minute as u8, second as u8, Timezone::Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_nest_and_marks_sit_outside_the_bleed() {
        let intent = OutputIntent::default();
        let setup = PrintSetup { bleed: Pt::from_mm(3.0), crop_marks: true, blank_pages: 0, intent: &intent };
        let sheet = Sheet::new(&setup);
        assert!(sheet.offset > sheet.bleed + MARK_LENGTH);
        let mut out = Vec::new();
        sheet.crop_marks(&mut out, 100.0, 200.0);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("q /CSAll CS 1 SCN 0.25 w"), "{text}");
        assert_eq!(text.matches(" m\n").count(), 8);
    }

    #[test]
    fn xmp_names_the_part_and_agrees_with_the_info() {
        let info = DocInfo { title: "Rote Feder Nr. 1".into(), id_seed: "urn:issn:1".into(), ..DocInfo::default() };
        let xmp = xmp(&info);
        for key in
            ["GTS_PDFXVersion>PDF/X-4", "Rote Feder Nr. 1", "xmpMM:DocumentID", "xmpMM:InstanceID", "Trapped>False"]
        {
            assert!(xmp.contains(key), "{key} missing in {xmp}");
        }
        assert_eq!(xmp, super::xmp(&info));
    }
}
