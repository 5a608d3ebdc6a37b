//! PDF bytes from a finished frame document: page content streams, subset CID fonts, images, link
//! annotations, the outline and the document metadata, written as PDF objects with lopdf.
//!
//! The objects are built directly (not through printpdf's page model) because every hard
//! requirement here — subset fonts with our own ToUnicode, widths matching the laid-out
//! advances, JPEG passthrough, nested outlines, stable ids — would otherwise need
//! post-processing of printpdf's output, and its save alone costs most of the time budget.

mod content;
mod embed;
mod images;
mod meta;

use lopdf::{dictionary, Dictionary, Document as Pdf, Object, ObjectId, Stream};
use rayon::prelude::*;

use crate::pdf::frame::{Document, FrameItem, LinkDest, Page};

/// Why a document could not be painted.
#[derive(Debug, thiserror::Error)]
pub enum PaintError {
    #[error("the document has no pages")]
    NoPages,
    #[error("page {page} has an invalid size {width} × {height} pt")]
    BadPageSize { page: usize, width: f64, height: f64 },
    #[error("glyph {glyph} does not exist in font {font}")]
    GlyphOutOfRange { font: &'static str, glyph: u16 },
    #[error("font {font} uses more than 65 534 distinct glyph/text pairs")]
    TooManyGlyphs { font: &'static str },
    #[error("font {font} could not be read or subset: {reason}")]
    Font { font: &'static str, reason: String },
    #[error("image {image} is referred to but the document has only {count} images")]
    MissingImage { image: usize, count: usize },
    #[error("image {image}: {reason}")]
    BadImage { image: usize, reason: String },
    #[error("a link or outline entry points to page {page}, but the document has {count} pages")]
    MissingPage { page: usize, count: usize },
    #[error("writing the PDF failed: {0}")]
    Write(#[from] std::io::Error),
}

/// Paints a finished frame document into PDF bytes. The same document always gives the same bytes.
pub fn paint(doc: &Document) -> Result<Vec<u8>, PaintError> {
    check_pages(&doc.pages)?;
    let fonts = embed::collect(doc)?;
    let contents = doc
        .pages
        .par_iter()
        .map(|page| content::page_stream(page, &fonts, doc.images.len()))
        .collect::<Result<Vec<_>, _>>()?;

    let mut pdf = Pdf::with_version("1.7");
    let pages_id = pdf.new_object_id();
    let page_ids: Vec<ObjectId> = doc.pages.iter().map(|_| pdf.new_object_id()).collect();
    let targets = Targets { ids: &page_ids, pages: &doc.pages };

    let resources = resources(&mut pdf, &fonts, &doc.images)?;
    for (index, (page, stream)) in doc.pages.iter().zip(contents).enumerate() {
        let dict = page_dict(&mut pdf, page, stream, pages_id, resources, &targets)?;
        pdf.set_object(page_ids[index], dict);
    }
    let kids = page_ids.iter().map(|&id| Object::Reference(id)).collect::<Vec<_>>();
    let count = kids.len() as i64;
    pdf.set_object(pages_id, dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count });

    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    if let Some(outline) = meta::outline(&mut pdf, &doc.outline, &targets)? {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", "UseOutlines");
    }
    if !doc.info.lang.is_empty() {
        catalog.set("Lang", meta::text_string(&doc.info.lang));
    }
    if !doc.info.title.is_empty() {
        catalog.set("ViewerPreferences", dictionary! { "DisplayDocTitle" => true });
    }
    let catalog_id = pdf.add_object(catalog);
    let info_id = pdf.add_object(meta::info(&doc.info));
    pdf.trailer.set("Root", catalog_id);
    pdf.trailer.set("Info", info_id);
    pdf.trailer.set("ID", meta::file_id(&doc.info.id_seed));

    let mut out = Vec::with_capacity(estimated_size(&pdf));
    pdf.save_to(&mut out)?;
    Ok(out)
}

/// Page objects by index, for destinations of links and outline entries.
pub(crate) struct Targets<'a> {
    ids: &'a [ObjectId],
    pages: &'a [Page],
}

impl Targets<'_> {
    /// `[page /XYZ null top null]`: the page scrolled to `y` (from the top), zoom unchanged.
    fn destination(&self, page: usize, y: f64) -> Result<Object, PaintError> {
        let missing = PaintError::MissingPage { page, count: self.ids.len() };
        let (id, target) = self.ids.get(page).zip(self.pages.get(page)).ok_or(missing)?;
        let top = (target.height.0 - y).clamp(0.0, target.height.0);
        Ok(Object::Array(vec![Object::Reference(*id), "XYZ".into(), Object::Null, real(top), Object::Null]))
    }
}

fn check_pages(pages: &[Page]) -> Result<(), PaintError> {
    if pages.is_empty() {
        return Err(PaintError::NoPages);
    }
    // 14 400 pt is the largest page size PDF viewers accept (PDF 1.7, annex C).
    let valid = |v: f64| v.is_finite() && v > 0.0 && v <= 14_400.0;
    match pages.iter().position(|p| !valid(p.width.0) || !valid(p.height.0)) {
        Some(page) => Err(PaintError::BadPageSize { page, width: pages[page].width.0, height: pages[page].height.0 }),
        None => Ok(()),
    }
}

/// One resource dictionary shared by all pages: every embedded font and image.
fn resources(
    pdf: &mut Pdf,
    fonts: &embed::FontSet,
    images: &[crate::pdf::frame::ImageData],
) -> Result<ObjectId, PaintError> {
    let mut font_dict = Dictionary::new();
    for font in embed::embed(pdf, fonts)? {
        font_dict.set(font.resource_name, font.id);
    }
    let mut xobjects = Dictionary::new();
    for (index, id) in images::embed(pdf, images)?.into_iter().enumerate() {
        xobjects.set(images::resource_name(index), id);
    }
    let mut dict = dictionary! { "ProcSet" => vec!["PDF".into(), "Text".into(), "ImageC".into(), "ImageB".into()] };
    if !font_dict.is_empty() {
        dict.set("Font", font_dict);
    }
    if !xobjects.is_empty() {
        dict.set("XObject", xobjects);
    }
    Ok(pdf.add_object(dict))
}

fn page_dict(
    pdf: &mut Pdf,
    page: &Page,
    content: Vec<u8>,
    parent: ObjectId,
    resources: ObjectId,
    targets: &Targets,
) -> Result<Dictionary, PaintError> {
    let stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, content);
    let content_id = pdf.add_object(stream);
    let media_box = vec![0.into(), 0.into(), real(page.width.0), real(page.height.0)];
    let mut dict = dictionary! {
        "Type" => "Page",
        "Parent" => parent,
        "MediaBox" => media_box,
        "Resources" => resources,
        "Contents" => content_id,
    };
    let annots = link_annotations(pdf, page, targets)?;
    if !annots.is_empty() {
        dict.set("Annots", annots);
    }
    Ok(dict)
}

/// Borderless link annotations for the page's `Link` items, as references.
fn link_annotations(pdf: &mut Pdf, page: &Page, targets: &Targets) -> Result<Vec<Object>, PaintError> {
    let mut annots = Vec::new();
    for positioned in &page.items {
        let FrameItem::Link { width, height, target } = &positioned.item else { continue };
        let (x, top) = (positioned.x.0, page.height.0 - positioned.y.0);
        let rect = vec![real(x), real(top - height.0), real(x + width.0), real(top)];
        let mut annot = dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => rect,
            "Border" => vec![0.into(), 0.into(), 0.into()],
        };
        match target {
            LinkDest::Page { page, y } => annot.set("Dest", targets.destination(*page, y.0)?),
            LinkDest::Uri(uri) => {
                annot.set("A", dictionary! { "S" => "URI", "URI" => Object::string_literal(uri.as_bytes()) })
            }
        }
        annots.push(Object::Reference(pdf.add_object(annot)));
    }
    Ok(annots)
}

/// A PDF real rounded to 1/1000 pt (finer than any device resolution).
fn real(v: f64) -> Object {
    let v = if v.is_finite() { (v * 1000.0).round() / 1000.0 } else { 0.0 };
    Object::Real(v as f32)
}

/// Deflates stream content with the zlib-rs backend of flate2 (about twice as fast as the
/// default miniz_oxide at the same level). Level 3 is the strongest of zlib's fast (greedy)
/// levels 1–3: on the 100-article issue the PDF grows from 2.84 MB (level 6) to 3.18 MB and
/// the whole PDF build takes about a tenth less CPU; level 1 (quick) would give 4.70 MB.
fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 3 + 64), flate2::Compression::new(3));
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// The output size, roughly: stream bytes plus a little per object.
fn estimated_size(pdf: &Pdf) -> usize {
    pdf.objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 100,
            _ => 100,
        })
        .sum()
}

#[cfg(test)]
mod tests;
