//! PDF bytes from finished frames: page content streams, subset CID fonts, images, link
//! annotations, the outline and the document metadata, written as PDF objects with pdf-writer.
//!
//! Content streams are heft's own bytes (`content.rs`: hex glyph strings with TJ offsets that
//! match the laid-out advances exactly); pdf-writer writes only the objects around them. It
//! streams objects straight into one buffer, so writing costs a few milliseconds where lopdf's
//! object graph cost tens (see ARCHITECTURE.md, "PDF").

mod content;
mod embed;
mod images;
mod meta;
mod objstm;
mod page_key;
mod print;
mod swatches;
mod tagged;

pub use print::PrintSetup;

use pdf_writer::types::{ActionType, AnnotationType, PageMode};
use pdf_writer::writers::Resources;
use pdf_writer::{Filter, Finish, Name, Null, Pdf, Rect, Ref, Settings, Str, TextStr};
use rayon::prelude::*;

use crate::pdf::frame::{Document, FrameItem, LinkDest, Page, Tag};
use print::Sheet;

/// The sRGB profile RGB images carry in the print PDF (CC0, `icc/heft-srgb.LICENSE.txt`).
const SRGB_PROFILE: &[u8] = include_bytes!("../../../icc/heft-srgb.icc");

/// Which PDF to paint from the frames.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// For reading on screen and download: links, outline, tags; the black ink shown as gray.
    Screen,
    /// For the press (PDF/X-4): page boxes and bleed, K-only black, characterised images, an
    /// output intent, no annotations; the outline stays.
    Print(PrintSetup<'a>),
}

/// Why a document could not be painted.
#[derive(Debug, thiserror::Error)]
pub enum PaintError {
    #[error("the document has no pages")]
    NoPages,
    #[error("page {page} has an invalid size {width} × {height} pt")]
    BadPageSize { page: usize, width: f64, height: f64 },
    #[error("glyph {glyph} does not exist in font {font}")]
    GlyphOutOfRange { font: String, glyph: u16 },
    #[error("font {font} uses more than 65 534 distinct glyph/text pairs")]
    TooManyGlyphs { font: String },
    #[error("font {font} could not be read or subset: {reason}")]
    Font { font: String, reason: String },
    #[error("image {image} is referred to but the document has only {count} images")]
    MissingImage { image: usize, count: usize },
    #[error("image {image}: {reason}")]
    BadImage { image: usize, reason: String },
    #[error("the style colour {colour} has no print value: {reason}")]
    Colour { colour: String, reason: String },
    #[error("a link or outline entry points to page {page}, but the document has {count} pages")]
    MissingPage { page: usize, count: usize },
}

/// Hands out object numbers in the order objects are planned.
pub(crate) struct Refs(i32);

impl Refs {
    fn new() -> Refs {
        Refs(0)
    }

    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// The pages of a document painted once for both PDFs: the fonts they use and each page's
/// tagged content stream, deflated. The print PDF shows the very same streams, moved onto the
/// trim by a small stream before them and closed (with its crop marks) by one after, so a
/// build with both PDFs paints and deflates every page once. Grays are therefore tints of the
/// named black ink (`/Ink`), which each PDF's resources define (K alone in print, gray on
/// screen), and print's content carries the screen PDF's marked content (harmless without a
/// structure tree).
pub struct PaintedPages {
    fonts: embed::FontSet,
    pages: Vec<content::PageContent>,
}

impl PaintedPages {
    pub fn new(doc: &Document) -> Result<PaintedPages, PaintError> {
        check_pages(&doc.pages)?;
        let structure = (!doc.structure.is_empty()).then_some(doc.structure.as_slice());
        let keys = structure.map(tagged::paint_keys).unwrap_or_default();
        let tagging = structure.map(|nodes| (nodes, keys.as_slice()));
        // Under `heft watch`, what was worked out for a page in the last build is taken from the memo.
        if crate::memo::enabled() {
            return remembered_pages(doc, tagging);
        }
        let fonts = embed::collect(doc)?;
        let pages = doc
            .pages
            .par_iter()
            .map(|page| content::page_stream(page, &fonts, &doc.images, None, tagging))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PaintedPages { fonts, pages })
    }
}

/// The nodes of a tagged document and their paint keys (`tagged::paint_keys`).
type Tagging<'a> = Option<(&'a [crate::pdf::frame::StructNode], &'a [u32])>;

/// `PaintedPages::new` under `heft watch`: each page's fingerprint (`page_key.rs`) finds the
/// glyphs it uses and, with the font set's fingerprint, its deflated stream, when the page was
/// painted in this or the last build; only other pages are walked and painted.
fn remembered_pages(doc: &Document, tagging: Tagging) -> Result<PaintedPages, PaintError> {
    let nodes = tagging.map_or(&[][..], |(nodes, _)| nodes);
    let keys: Vec<_> = doc
        .pages
        .par_iter()
        .map(|page| {
            let order = content::paint_order(page, tagging.map(|(_, keys)| keys));
            page_key::page_key(page, &doc.images, &order, nodes)
        })
        .collect();
    let uses: Vec<std::sync::Arc<Vec<embed::GlyphUse>>> = doc
        .pages
        .par_iter()
        .zip(&keys)
        .map(|(page, key)| {
            let key = key.as_ref().map(|(key, _)| *key);
            if let Some(uses) = key.and_then(crate::memo::remembered) {
                return uses;
            }
            let uses = std::sync::Arc::new(embed::page_uses(page));
            if let Some(key) = key {
                crate::memo::remember(key, std::sync::Arc::clone(&uses));
            }
            uses
        })
        .collect();
    let fonts = embed::collect_uses(uses.iter().map(|uses| uses.as_slice()))?;
    let fonts_key = fonts.fingerprint();
    let pages = doc
        .pages
        .par_iter()
        .zip(keys)
        .map(|(page, key)| {
            let Some((key, mcids)) = key else {
                return content::page_stream(page, &fonts, &doc.images, None, tagging);
            };
            let key = page_key::stream_key(key, fonts_key, tagging.is_some());
            let mcids = if tagging.is_some() { mcids } else { Vec::new() };
            if let Some(bytes) = crate::memo::page(key) {
                return Ok(content::PageContent { bytes, mcids });
            }
            let painted = content::page_stream(page, &fonts, &doc.images, None, tagging)?;
            debug_assert_eq!(painted.mcids, mcids, "the key's marked content is the painted one");
            crate::memo::keep_page(key, &painted.bytes);
            Ok(painted)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PaintedPages { fonts, pages })
}

/// Paints a finished document into PDF bytes. The same document always gives the same bytes.
pub fn paint(doc: &Document, target: &Target) -> Result<Vec<u8>, PaintError> {
    paint_with(doc, target, &PaintedPages::new(doc)?)
}

/// Paints a document whose pages are painted already (`painted`, from this very document)
/// into the PDF `target` asks for.
pub fn paint_with(doc: &Document, target: &Target, painted: &PaintedPages) -> Result<Vec<u8>, PaintError> {
    // The pages were checked when `painted` was made from them.
    let setup = match target {
        Target::Screen => None,
        Target::Print(setup) => Some(setup),
    };
    let sheet = setup.map(Sheet::new);
    let blank = blank_pages(doc, setup);
    let pages: Vec<&Page> = doc.pages.iter().chain(&blank).collect();
    let fonts = &painted.fonts;
    // The screen PDF is tagged (PDF/UA-1); print stays PDF/X alone.
    let structure = (setup.is_none() && !doc.structure.is_empty()).then_some(doc.structure.as_slice());
    let own = match &sheet {
        Some(sheet) => print_only_streams(&pages, fonts, doc, sheet)?,
        None => vec![None; pages.len()],
    };
    let contents: Vec<&[u8]> = own
        .iter()
        .enumerate()
        .map(|(index, own)| own.as_deref().unwrap_or_else(|| painted.pages[index].bytes.as_slice()))
        .collect();
    let mcids: Vec<&[crate::pdf::frame::StructId]> = painted.pages.iter().map(|p| p.mcids.as_slice()).collect();

    let mut pdf = Pdf::with_settings_and_capacity(
        Settings { pretty: false },
        estimated_size(&contents, doc, structure.is_some()),
    );
    // PDF/X-4 files are PDF 1.6 files.
    pdf.set_version(1, if setup.is_some() { 6 } else { 7 });
    let mut refs = Refs::new();
    let catalog_id = refs.next();
    let pages_id = refs.next();
    let page_ids: Vec<Ref> = pages.iter().map(|_| refs.next()).collect();
    let offset = sheet.map_or(0.0, |s| s.offset);
    let targets = Targets { ids: &page_ids, pages: &doc.pages, offset };

    let srgb = sheet.map(|_| refs.next());
    if let Some(srgb) = srgb {
        print::write_profile(&mut pdf, srgb, SRGB_PROFILE, 3);
    }
    let intent = setup.map(|setup| setup.intent);
    let resources_id = resources(&mut pdf, &mut refs, fonts, doc, srgb, intent)?;
    let wrapper = sheet.map(|sheet| Wrapper::write(&mut pdf, &mut refs, &sheet, &pages));
    let mut links = Links { tagged: structure.is_some(), first_key: pages.len() as i32, annotations: Vec::new() };
    for (index, ((page, content), &id)) in pages.iter().zip(&contents).zip(&page_ids).enumerate() {
        let placed = PlacedPage { id, index, parent: pages_id, resources: resources_id };
        let content = match (&wrapper, own[index].is_some()) {
            (Some(wrapper), false) => {
                PageStreams::Wrapped { content, opening: wrapper.opening, closing: wrapper.closing[index] }
            }
            _ => PageStreams::Own(content),
        };
        write_page(&mut pdf, &mut refs, page, content, placed, &targets, sheet.as_ref(), &mut links)?;
    }
    pdf.pages(pages_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);

    let outline = meta::outline(&mut pdf, &mut refs, &doc.outline, &targets)?;
    meta::info(&mut pdf, refs.next(), &doc.info, setup.is_some());
    let intent = setup.map(|setup| write_intent_objects(&mut pdf, &mut refs, doc, setup));
    let mut packed = objstm::Packed::default();
    let tree = structure.map(|nodes| {
        let mut packer = objstm::Packer::new(&mut pdf, &mut refs);
        let root = tagged::write_tree(&mut packer, nodes, &mcids, &page_ids, &links.annotations);
        packed = packer.finish();
        let metadata = refs.next();
        pdf.metadata(metadata, tagged::xmp(&doc.info).as_bytes());
        (root, metadata)
    });
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(pages_id);
    if let Some((root, metadata)) = tree {
        catalog.pair(Name(b"StructTreeRoot"), root);
        catalog.metadata(metadata);
        catalog.mark_info().marked(true);
        tagged::page_labels(&mut catalog, &doc.page_numbers);
    }
    if let Some(outline) = outline {
        catalog.outlines(outline).page_mode(PageMode::UseOutlines);
    }
    if !doc.info.lang.is_empty() {
        catalog.lang(TextStr(&doc.info.lang));
    }
    if !doc.info.title.is_empty() {
        catalog.viewer_preferences().display_doc_title(true);
    }
    if let (Some(setup), Some((profile, metadata))) = (setup, intent) {
        catalog.metadata(metadata);
        print::output_intent(&mut catalog, setup.intent, profile);
    }
    catalog.finish();
    pdf.set_file_id(meta::file_id(&doc.info.id_seed));
    let xref = refs.next();
    Ok(objstm::finish(pdf, xref, &packed))
}

/// The empty pages print appends for the binding, the size of the last page.
fn blank_pages(doc: &Document, setup: Option<&PrintSetup>) -> Vec<Page> {
    let (Some(setup), Some(last)) = (setup, doc.pages.last()) else { return Vec::new() };
    let blank = Page { width: last.width, height: last.height, items: Vec::new() };
    vec![blank; setup.blank_pages]
}

/// The output profile and the XMP metadata stream; returns their references.
fn write_intent_objects(pdf: &mut Pdf, refs: &mut Refs, doc: &Document, setup: &PrintSetup) -> (Ref, Ref) {
    let (profile, metadata) = (refs.next(), refs.next());
    print::write_profile(pdf, profile, &setup.intent.profile, 4);
    // Metadata stays uncompressed, so preflight tools and `strings` can read it.
    pdf.metadata(metadata, print::xmp(&doc.info).as_bytes());
    (profile, metadata)
}

/// Page objects by index, for destinations of links and outline entries.
pub(crate) struct Targets<'a> {
    ids: &'a [Ref],
    pages: &'a [Page],
    /// How far the print PDF moves each page's content up and right.
    offset: f64,
}

impl Targets<'_> {
    /// The page object and the top of the view for a point `y` from the top of page `page`.
    fn destination(&self, page: usize, y: f64) -> Result<(Ref, f32), PaintError> {
        let missing = PaintError::MissingPage { page, count: self.ids.len() };
        let (id, target) = self.ids.get(page).zip(self.pages.get(page)).ok_or(missing)?;
        let top = (target.height.0 - y).clamp(0.0, target.height.0);
        Ok((*id, real(top + self.offset)))
    }
}

/// Writes `[page /XYZ null top null]`: the page scrolled to `top`, zoom and left unchanged.
fn write_destination(mut array: pdf_writer::Array, (page, top): (Ref, f32)) {
    array.item(page).item(Name(b"XYZ")).item(Null).item(top).item(Null);
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

/// One resource dictionary shared by all pages: every embedded font and image, the black ink
/// and the style's colours.
fn resources(
    pdf: &mut Pdf,
    refs: &mut Refs,
    fonts: &embed::FontSet,
    doc: &Document,
    srgb: Option<Ref>,
    print: Option<&crate::style::print::OutputIntent>,
) -> Result<Ref, PaintError> {
    let fonts = embed::embed(pdf, refs, fonts)?;
    let images = images::embed(pdf, refs, &doc.images, srgb)?;
    let id = refs.next();
    let mut dict = pdf.indirect(id).start::<Resources>();
    dict.proc_sets([
        pdf_writer::types::ProcSet::Pdf,
        pdf_writer::types::ProcSet::Text,
        pdf_writer::types::ProcSet::ImageColor,
        pdf_writer::types::ProcSet::ImageGrayscale,
    ]);
    if !fonts.is_empty() {
        let mut font_dict = dict.fonts();
        for (name, font) in &fonts {
            font_dict.pair(Name(name.as_bytes()), *font);
        }
    }
    if !images.is_empty() {
        let mut xobjects = dict.x_objects();
        for (index, image) in images.iter().enumerate() {
            xobjects.pair(Name(images::resource_name(index).as_bytes()), *image);
        }
    }
    let mut spaces = dict.color_spaces();
    print::black_ink(spaces.insert(Name(print::INK.as_bytes())).start(), srgb.is_some());
    if srgb.is_some() {
        print::registration_colour(spaces.insert(Name(print::REGISTRATION.as_bytes())).start());
    }
    swatches::define(&mut spaces, &doc.swatches, print)?;
    spaces.finish();
    Ok(id)
}

/// Where a page object goes and what it refers to.
#[derive(Clone, Copy)]
struct PlacedPage {
    id: Ref,
    /// Its place in the document, from 0: also its `/StructParents` key.
    index: usize,
    parent: Ref,
    resources: Ref,
}

/// Link annotations of a tagged PDF, each with its ParentTree key after the pages' keys.
struct Links {
    tagged: bool,
    first_key: i32,
    annotations: Vec<tagged::TaggedAnnotation>,
}

#[allow(clippy::too_many_arguments)]
fn write_page(
    pdf: &mut Pdf,
    refs: &mut Refs,
    page: &Page,
    content: PageStreams,
    placed: PlacedPage,
    targets: &Targets,
    sheet: Option<&Sheet>,
    links: &mut Links,
) -> Result<(), PaintError> {
    let content_id = refs.next();
    let (PageStreams::Own(bytes) | PageStreams::Wrapped { content: bytes, .. }) = content;
    pdf.stream(content_id, bytes).filter(Filter::FlateDecode);
    // Print has no annotations: PDF/X allows none on the page, and paper cannot follow links.
    let annotations = match sheet {
        None => link_annotations(pdf, refs, page, placed.index, targets, links)?,
        Some(_) => Vec::new(),
    };
    let (width, height) = (page.width.0, page.height.0);
    let mut dict = pdf.page(placed.id);
    dict.parent(placed.parent).pair(Name(b"Resources"), placed.resources);
    match content {
        PageStreams::Own(_) => dict.contents(content_id),
        PageStreams::Wrapped { opening, closing, .. } => dict.contents_array([opening, content_id, closing]),
    };
    match sheet {
        None => dict.media_box(Rect::new(0.0, 0.0, real(width), real(height))),
        Some(sheet) => dict
            .media_box(sheet.media_box(width, height))
            .bleed_box(sheet.bleed_box(width, height))
            .trim_box(sheet.trim_box(width, height)),
    };
    if links.tagged {
        dict.struct_parents(placed.index as i32);
    }
    if !annotations.is_empty() {
        dict.annotations(annotations);
        // Tab through links in reading order.
        dict.tab_order(pdf_writer::types::TabOrder::StructureOrder);
    }
    Ok(())
}

/// A page's content: its own stream, or (print) the stream painted for the screen between the
/// print wrapper's opening and closing streams.
#[derive(Clone, Copy)]
enum PageStreams<'a> {
    Own(&'a [u8]),
    Wrapped { content: &'a [u8], opening: Ref, closing: Ref },
}

/// The print PDF's streams around a screen page's content, written once per document: one
/// that saves the graphics state and moves the page onto the trim, and per page size one that
/// restores it and draws the crop marks. Each begins and ends with a line break, so no token of
/// one stream runs into the next when a reader joins them.
struct Wrapper {
    opening: Ref,
    /// Each page's closing stream (one object per page size).
    closing: Vec<Ref>,
}

impl Wrapper {
    fn write(pdf: &mut Pdf, refs: &mut Refs, sheet: &Sheet, pages: &[&Page]) -> Wrapper {
        let opening = refs.next();
        let mut bytes = b"q ".to_vec();
        sheet.shift(&mut bytes);
        pdf.stream(opening, &bytes);
        // Page sizes by their width and height in bits, with the closing stream written for each.
        let mut by_size: Vec<((u64, u64), Ref)> = Vec::new();
        let mut closing = Vec::with_capacity(pages.len());
        for page in pages {
            let size = (page.width.0.to_bits(), page.height.0.to_bits());
            let id = match by_size.iter().find(|(known, _)| *known == size) {
                Some(&(_, id)) => id,
                None => {
                    let id = refs.next();
                    let mut bytes = b"\nQ\n".to_vec();
                    sheet.crop_marks(&mut bytes, page.width.0, page.height.0);
                    pdf.stream(id, &bytes);
                    by_size.push((size, id));
                    id
                }
            };
            closing.push(id);
        }
        Wrapper { opening, closing }
    }
}

/// The print PDF's pages that cannot show the screen's stream: the blank pages added for the
/// binding (the screen has none) and pages whose images bleed (print draws them into the
/// bleed). Painted here, for print alone; `None` for every other page.
fn print_only_streams(
    pages: &[&Page],
    fonts: &embed::FontSet,
    doc: &Document,
    sheet: &Sheet,
) -> Result<Vec<Option<Vec<u8>>>, PaintError> {
    let bleeds = |page: &Page| page.items.iter().any(|i| matches!(i.item, FrameItem::Image { bleed: true, .. }));
    pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let own = index >= doc.pages.len() || bleeds(page);
            own.then(|| content::page_stream(page, fonts, &doc.images, Some(sheet), None).map(|c| c.bytes)).transpose()
        })
        .collect()
}

/// Borderless link annotations for the page's `Link` items; returns their references.
fn link_annotations(
    pdf: &mut Pdf,
    refs: &mut Refs,
    page: &Page,
    index: usize,
    targets: &Targets,
    links: &mut Links,
) -> Result<Vec<Ref>, PaintError> {
    let mut annots = Vec::new();
    for positioned in &page.items {
        let FrameItem::Link { width, height, target, description } = &positioned.item else { continue };
        let (x, top) = (positioned.x.0, page.height.0 - positioned.y.0);
        // Resolve the destination before starting the object, so an error leaves nothing half-written.
        let destination = match target {
            LinkDest::Page { page, y } => Some(targets.destination(*page, y.0)?),
            LinkDest::Uri(_) => None,
        };
        let id = refs.next();
        let mut annot = pdf.annotation(id);
        annot
            .subtype(AnnotationType::Link)
            .rect(Rect::new(real(x), real(top - height.0), real(x + width.0), real(top)))
            .border(0.0, 0.0, 0.0, None)
            .flags(pdf_writer::types::AnnotationFlags::PRINT);
        if !description.is_empty() {
            annot.contents(TextStr(description));
        }
        if let (true, Tag::Content(node)) = (links.tagged, positioned.tag) {
            let key = links.first_key + links.annotations.len() as i32;
            annot.struct_parent(key);
            links.annotations.push(tagged::TaggedAnnotation { node, annotation: id, page: index, key });
        }
        match (target, destination) {
            (_, Some(destination)) => write_destination(annot.insert(Name(b"Dest")).array(), destination),
            (LinkDest::Uri(uri), None) => {
                annot.action().action_type(ActionType::Uri).uri(Str(uri.as_bytes()));
            }
            (LinkDest::Page { .. }, None) => {}
        }
        annots.push(id);
    }
    Ok(annots)
}

/// A PDF real rounded to 1/1000 pt (finer than any device resolution).
fn real(v: f64) -> f32 {
    let v = if v.is_finite() { (v * 1000.0).round() / 1000.0 } else { 0.0 };
    v as f32
}

/// Deflates stream content with the zlib-rs backend of flate2 (about twice as fast as the
/// default miniz_oxide at the same level). Level 3 is zlib's fastest greedy level: on the
/// 100-article issue the PDF grows from 2.84 MB (level 6) to 3.18 MB and the whole PDF build
/// takes about a tenth less CPU; level 1 (quick) would give 4.70 MB. Under `heft watch` a
/// stream deflated in the last build is reused (`crate::memo`).
fn deflate(data: &[u8]) -> Vec<u8> {
    crate::memo::deflated("pdf", data, deflate_now)
}

thread_local! {
    /// One compressor per painting thread, reset between streams: a new one would allocate and
    /// zero some 300 KiB of window and tables for every page (about 5 % of a whole build).
    static COMPRESSOR: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(3), true));
}

fn deflate_now(data: &[u8]) -> Vec<u8> {
    COMPRESSOR.with_borrow_mut(|compress| crate::deflate::deflate_with(compress, data))
}

/// The output size, roughly: the content streams plus image data plus a little per page, so
/// the buffer is allocated about once.
fn estimated_size(contents: &[&[u8]], doc: &Document, tagged: bool) -> usize {
    let images: usize = doc
        .images
        .iter()
        .map(|image| match image {
            crate::pdf::frame::ImageData::Jpeg { bytes, .. } => bytes.len(),
            crate::pdf::frame::ImageData::Rgb { pixels, .. } => pixels.len() / 3,
        })
        .sum();
    // A structure element takes some 80 bytes written out, about 12 packed and deflated;
    // growing the buffer by doubling instead would hold the old and the new buffer at once.
    let structure = if tagged { doc.structure.len() * 16 } else { 0 };
    contents.iter().map(|c| c.len() + 200).sum::<usize>() + images + structure + 512 * 1024
}

#[cfg(test)]
mod tests;
