//! Tests of the painter on hand-built documents, read back with lopdf.

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};

use super::*;
use crate::pdf::frame::{DocInfo, ImageData, Ink, OutlineEntry, Positioned, Swatch, TextRun};
use crate::pdf::typeset::fonts::{bundled_bytes, FontKey};
use crate::pdf::units::Pt;

const A4: (f64, f64) = (595.28, 841.89);

/// The screen PDF of a document.
fn screen(doc: &Document) -> Result<Vec<u8>, PaintError> {
    paint(doc, &Target::Screen)
}

/// A 2 × 2 red baseline JPEG (made with Pillow for this test).
const JPEG: &[u8] = include_bytes!("testdata/red-2x2.jpg");

/// A glyph to put into a test run, with the text it stands for.
struct G {
    id: u16,
    advance: Pt,
    text: String,
}

/// Glyphs of `text` by cmap lookup, advances from the font plus `extra` per glyph.
fn glyphs(font: FontKey, size: f64, text: &str, extra: f64) -> Vec<G> {
    let face = ttf_parser::Face::parse(bundled_bytes(font), 0).unwrap();
    let scale = size / f64::from(face.units_per_em());
    text.chars()
        .map(|c| {
            let id = face.glyph_index(c).unwrap();
            let advance = f64::from(face.glyph_hor_advance(id).unwrap()) * scale + extra;
            G { id: id.0, advance: Pt(advance), text: c.to_string() }
        })
        .collect()
}

/// The "fi" ligature glyph of the face (its presentation form in the cmap).
fn fi_ligature(font: FontKey, size: f64) -> G {
    let mut glyph = glyphs(font, size, "\u{FB01}", 0.0).remove(0);
    glyph.text = "fi".to_owned();
    glyph
}

fn text(x: f64, y: f64, font: FontKey, size: f64, glyphs: Vec<G>) -> Positioned {
    let mut run = TextRun::new(font, Pt(size), Ink::BLACK);
    for g in glyphs {
        run.push(g.id, g.advance, &g.text);
    }
    Positioned::new(Pt(x), Pt(y), FrameItem::Text(run))
}

fn at(x: f64, y: f64, item: FrameItem) -> Positioned {
    Positioned::new(Pt(x), Pt(y), item)
}

fn entry(title: &str, page: usize, y: f64, children: Vec<OutlineEntry>) -> OutlineEntry {
    OutlineEntry { title: title.to_owned(), page, y: Pt(y), children }
}

/// Three A4 pages: justified serif text with a ligature, a bold sans heading, a rule, a box,
/// two images, an internal and an external link, and a three-level outline.
fn sample() -> Document {
    let serif = FontKey::SERIF;
    let bold = FontKey::SANS.with_bold(true);
    let mut line = glyphs(serif, 10.0, "Ein ", 0.37);
    line.push(fi_ligature(serif, 10.0));
    line.extend(glyphs(serif, 10.0, "ndiges Heft für alle", 0.37));
    let page1 = vec![
        text(56.0, 80.0, bold, 18.0, glyphs(bold, 18.0, "Überschrift", 0.0)),
        text(56.0, 110.0, serif, 10.0, line),
        at(56.0, 120.0, FrameItem::Rect { width: Pt(200.0), height: Pt(0.5), ink: Ink::BLACK }),
        at(
            56.0,
            130.0,
            FrameItem::BoxOutline { width: Pt(100.0), height: Pt(50.0), stroke: Pt(1.0), ink: Ink::Gray(0.5) },
        ),
        at(56.0, 200.0, FrameItem::Image { image: 0, width: Pt(40.0), height: Pt(20.0), bleed: false }),
        at(
            56.0,
            300.0,
            FrameItem::Link {
                width: Pt(100.0),
                height: Pt(12.0),
                target: LinkDest::Page { page: 2, y: Pt(100.0) },
                description: String::new(),
            },
        ),
        at(
            56.0,
            320.0,
            FrameItem::Link {
                width: Pt(100.0),
                height: Pt(12.0),
                target: LinkDest::Uri("https://example.org/a?b=(c)".into()),
                description: "example.org".into(),
            },
        ),
    ];
    // "Café" with a decomposed é: the accent glyph is the tail of the cluster.
    let mut cafe = glyphs(serif, 10.0, "Cafe\u{301}", 0.0);
    cafe[3].text = "e\u{301}".into();
    cafe[4].text = String::new();
    cafe[4].advance = Pt(0.0);
    let page2 = vec![
        text(56.0, 80.0, serif, 10.0, glyphs(serif, 10.0, "Zweite Seite", 0.0)),
        text(56.0, 100.0, serif, 10.0, cafe),
        at(56.0, 200.0, FrameItem::Image { image: 1, width: Pt(30.0), height: Pt(30.0), bleed: false }),
    ];
    let page3 =
        vec![text(56.0, 80.0, serif.with_italic(true), 10.0, glyphs(serif.with_italic(true), 10.0, "Dritte", 0.0))];
    let pages =
        [page1, page2, page3].into_iter().map(|items| Page { width: Pt(A4.0), height: Pt(A4.1), items }).collect();
    let outline = vec![
        entry(
            "Erster Artikel",
            0,
            80.0,
            vec![entry("Abschnitt", 0, 110.0, vec![entry("Tief", 1, 80.0, vec![])]), entry("Zwei", 1, 200.0, vec![])],
        ),
        entry("Zweiter Artikel", 2, 80.0, vec![]),
    ];
    let images = vec![
        ImageData::Rgb { pixels: vec![200; 4 * 2 * 3], alpha: Some(vec![128; 8]), width: 4, height: 2 },
        ImageData::Jpeg { bytes: JPEG.to_vec(), width: 2, height: 2, components: 3 },
    ];
    let info = DocInfo {
        title: "Heft 3/2026".into(),
        author: "Redaktion".into(),
        subject: "Gesellschaft und Ökonomie".into(),
        creator: "heft test".into(),
        lang: "de".into(),
        epoch: 1_767_225_600,
        id_seed: "heft-2026-3".into(),
    };
    Document { pages, outline, info, images, structure: Vec::new(), page_numbers: Vec::new(), swatches: Vec::new() }
}

fn load(bytes: &[u8]) -> Pdf {
    Pdf::load_mem(bytes).expect("output parses")
}

fn deref<'a>(pdf: &'a Pdf, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => pdf.get_object(*id).unwrap(),
        other => other,
    }
}

fn dict<'a>(pdf: &'a Pdf, obj: &'a Object) -> &'a Dictionary {
    match deref(pdf, obj) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn catalog(pdf: &Pdf) -> &Dictionary {
    pdf.catalog().unwrap()
}

fn page_ids(pdf: &Pdf) -> Vec<ObjectId> {
    pdf.get_pages().values().copied().collect()
}

/// The Type0 fonts of the shared resources.
fn fonts(pdf: &Pdf) -> Vec<&Dictionary> {
    let page = pdf.get_dictionary(page_ids(pdf)[0]).unwrap();
    let resources = dict(pdf, page.get(b"Resources").unwrap());
    let fonts = dict(pdf, resources.get(b"Font").unwrap());
    fonts.iter().map(|(_, f)| dict(pdf, f)).collect()
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a str {
    std::str::from_utf8(d.get(key).unwrap().as_name().unwrap()).unwrap()
}

#[test]
fn pages_media_box_lang_and_info() {
    let bytes = screen(&sample()).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let pdf = load(&bytes);
    let ids = page_ids(&pdf);
    assert_eq!(ids.len(), 3);
    let media_box = pdf.get_dictionary(ids[0]).unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
    let media_box: Vec<f32> = media_box.iter().map(|v| v.as_float().unwrap()).collect();
    assert_eq!(media_box, vec![0.0, 0.0, 595.28, 841.89]);
    assert_eq!(catalog(&pdf).get(b"Lang").unwrap().as_str().unwrap(), b"de");
    assert_eq!(name(catalog(&pdf), b"PageMode"), "UseOutlines");
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    assert_eq!(info.get(b"Producer").unwrap().as_str().unwrap(), b"heft");
    assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20260101000000+00'00'");
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    let id = pdf.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id[0].as_str().unwrap().len(), 16);
}

/// Sum of `/Count`-visible items below an outline node, by walking First/Next.
fn outline_children<'a>(pdf: &'a Pdf, node: &'a Dictionary) -> Vec<&'a Dictionary> {
    let mut out = Vec::new();
    let mut next = node.get(b"First").ok();
    while let Some(item) = next {
        let item = dict(pdf, item);
        out.push(item);
        next = item.get(b"Next").ok();
    }
    out
}

#[test]
fn outline_is_nested_with_counts_and_xyz_destinations() {
    let pdf = load(&screen(&sample()).unwrap());
    let root = dict(&pdf, catalog(&pdf).get(b"Outlines").unwrap());
    let top = outline_children(&pdf, root);
    assert_eq!(top.len(), 2);
    // Top level open: its two items plus the two children of the first.
    assert_eq!(root.get(b"Count").unwrap().as_i64().unwrap(), 4);
    assert_eq!(top[0].get(b"Count").unwrap().as_i64().unwrap(), 2);
    let children = outline_children(&pdf, top[0]);
    assert_eq!(children.len(), 2);
    assert_eq!(children[0].get(b"Title").unwrap().as_str().unwrap(), b"Abschnitt");
    // Deeper levels closed: negative count of what would show.
    assert_eq!(children[0].get(b"Count").unwrap().as_i64().unwrap(), -1);
    assert_eq!(outline_children(&pdf, children[0]).len(), 1);
    assert!(top[1].get(b"Count").is_err());
    let dest = children[1].get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), page_ids(&pdf)[1]);
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
    assert!((dest[3].as_float().unwrap() - (841.89 - 200.0)).abs() < 0.01);
}

#[test]
fn links_are_borderless_with_destinations() {
    let pdf = load(&screen(&sample()).unwrap());
    let ids = page_ids(&pdf);
    let page = pdf.get_dictionary(ids[0]).unwrap();
    let annots: Vec<&Dictionary> =
        page.get(b"Annots").unwrap().as_array().unwrap().iter().map(|a| dict(&pdf, a)).collect();
    assert_eq!(annots.len(), 2);
    for annot in &annots {
        assert_eq!(name(annot, b"Subtype"), "Link");
        let border: Vec<i64> =
            annot.get(b"Border").unwrap().as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
        assert_eq!(border, vec![0, 0, 0]);
    }
    let dest = annots[0].get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), ids[2]);
    assert!((dest[3].as_float().unwrap() - (841.89 - 100.0)).abs() < 0.01);
    let action = dict(&pdf, annots[1].get(b"A").unwrap());
    assert_eq!(action.get(b"URI").unwrap().as_str().unwrap(), b"https://example.org/a?b=(c)");
    let rect: Vec<f32> =
        annots[1].get(b"Rect").unwrap().as_array().unwrap().iter().map(|v| v.as_float().unwrap()).collect();
    assert!((rect[3] - (841.89 - 320.0)).abs() < 0.01 && (rect[1] - (841.89 - 332.0)).abs() < 0.01);
}

#[test]
fn link_to_a_missing_page_is_an_error() {
    let mut doc = sample();
    doc.pages[0].items.push(at(
        0.0,
        0.0,
        FrameItem::Link {
            width: Pt(1.0),
            height: Pt(1.0),
            target: LinkDest::Page { page: 9, y: Pt(0.0) },
            description: String::new(),
        },
    ));
    assert!(matches!(screen(&doc), Err(PaintError::MissingPage { page: 9, count: 3 })));
}

#[test]
fn only_used_faces_are_embedded_as_tagged_subsets_with_to_unicode() {
    let pdf = load(&screen(&sample()).unwrap());
    let fonts = fonts(&pdf);
    let mut names: Vec<&str> = fonts.iter().map(|f| name(f, b"BaseFont")).collect();
    names.sort_by_key(|n| &n[7..]);
    assert_eq!(names.len(), 3, "{names:?}");
    let expected = ["NotoSans-Bold", "NotoSerif-Italic", "NotoSerif-Regular"];
    for (name, face) in names.iter().zip(expected) {
        let (tag, rest) = name.split_at(7);
        assert!(tag[..6].bytes().all(|b| b.is_ascii_uppercase()) && tag.ends_with('+'), "{name}");
        assert_eq!(rest, face);
    }
    for font in &fonts {
        assert_eq!(name(font, b"Encoding"), "Identity-H");
        let cid_font = dict(&pdf, &font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]);
        let descriptor = dict(&pdf, cid_font.get(b"FontDescriptor").unwrap());
        let Object::Stream(program) = deref(&pdf, descriptor.get(b"FontFile2").unwrap()) else { panic!() };
        let program = program.decompressed_content().unwrap();
        let full = bundled_bytes(FontKey::SERIF).len();
        assert!(program.len() * 10 < full, "subset of {} bytes", program.len());
        ttf_parser::Face::parse(&program, 0).expect("the subset is a valid font");
    }
}

/// The decoded ToUnicode CMap of the regular serif face.
fn serif_to_unicode(pdf: &Pdf) -> String {
    let font = fonts(pdf).into_iter().find(|f| name(f, b"BaseFont").ends_with("+NotoSerif-Regular")).unwrap();
    let Object::Stream(cmap) = deref(pdf, font.get(b"ToUnicode").unwrap()) else { panic!() };
    String::from_utf8(cmap.decompressed_content().unwrap()).unwrap()
}

#[test]
fn ligature_maps_back_to_its_letters() {
    let pdf = load(&screen(&sample()).unwrap());
    assert!(serif_to_unicode(&pdf).contains("> <00660069>\n"), "no entry for fi");
}

#[test]
fn glyph_positions_follow_the_laid_out_advances() {
    let doc = sample();
    let pdf = load(&screen(&doc).unwrap());
    let page = page_ids(&pdf)[0];
    let serif = fonts(&pdf).into_iter().find(|f| name(f, b"BaseFont").ends_with("+NotoSerif-Regular")).unwrap();
    let cid_font = dict(&pdf, &serif.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]);
    let w = cid_font.get(b"W").unwrap().as_array().unwrap();
    let first = w[0].as_i64().unwrap();
    let widths: Vec<i64> = w[1].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    // The serif line is the page's second text run; take its TJ via the content operations.
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    let tj = content.operations.iter().filter(|op| op.operator == "TJ").nth(1).unwrap();
    let FrameItem::Text(run) = &doc.pages[0].items[1].item else { panic!() };
    let (mut pen, mut wanted, mut glyph) = (0.0_f64, 0.0_f64, 0);
    for item in tj.operands[0].as_array().unwrap() {
        match item {
            Object::String(bytes, _) => {
                for cid in bytes.chunks(2).map(|c| i64::from(u16::from_be_bytes([c[0], c[1]]))) {
                    // Compare the pen position before each glyph.
                    assert!((pen - wanted).abs() < 0.002, "glyph {glyph}: {pen} vs {wanted}");
                    pen += widths[(cid - first) as usize] as f64 / 1000.0 * 10.0;
                    wanted += run.glyphs[glyph].advance.0;
                    glyph += 1;
                }
            }
            number => pen -= number.as_float().unwrap() as f64 / 1000.0 * 10.0,
        }
    }
    assert_eq!(glyph, run.glyphs.len());
}

#[test]
fn images_become_xobjects() {
    let pdf = load(&screen(&sample()).unwrap());
    let page = pdf.get_dictionary(page_ids(&pdf)[0]).unwrap();
    let resources = dict(&pdf, page.get(b"Resources").unwrap());
    let xobjects = dict(&pdf, resources.get(b"XObject").unwrap());
    let rgb = dict(&pdf, xobjects.get(b"Im0").unwrap());
    assert_eq!(name(rgb, b"Filter"), "FlateDecode");
    assert_eq!(name(rgb, b"ColorSpace"), "DeviceRGB");
    let mask = dict(&pdf, rgb.get(b"SMask").unwrap());
    assert_eq!(name(mask, b"ColorSpace"), "DeviceGray");
    let Object::Stream(jpeg) = deref(&pdf, xobjects.get(b"Im1").unwrap()) else { panic!() };
    assert_eq!(name(&jpeg.dict, b"Filter"), "DCTDecode");
    assert_eq!(jpeg.content, JPEG, "passed through unchanged");
}

#[test]
fn same_document_same_bytes_across_threads() {
    let doc = sample();
    let once = screen(&doc).unwrap();
    let other = std::thread::spawn(|| screen(&sample()).unwrap()).join().unwrap();
    assert_eq!(once, other);
    let mut changed = sample();
    changed.info.id_seed = "other".into();
    assert_ne!(once, screen(&changed).unwrap());
}

#[test]
fn empty_document_and_bad_sizes_are_errors() {
    assert!(matches!(screen(&Document::default()), Err(PaintError::NoPages)));
    let mut doc = sample();
    doc.pages[1].height = Pt(f64::NAN);
    assert!(matches!(screen(&doc), Err(PaintError::BadPageSize { page: 1, .. })));
    let mut doc = sample();
    doc.pages[1].items.push(at(0.0, 0.0, FrameItem::Image { image: 5, width: Pt(1.0), height: Pt(1.0), bleed: false }));
    assert!(matches!(screen(&doc), Err(PaintError::MissingImage { image: 5, count: 2 })));
}

/// The print PDF of a document with 3 mm bleed, crop marks and `blank` pages added.
fn print(doc: &Document, blank: usize) -> Vec<u8> {
    let intent = crate::style::print::OutputIntent::default();
    let setup = PrintSetup { bleed: Pt::from_mm(3.0), crop_marks: true, blank_pages: blank, intent: &intent };
    paint(doc, &Target::Print(setup)).unwrap()
}

#[test]
fn print_has_boxes_k_only_black_no_links_and_blank_pages() {
    let doc = sample();
    let pdf = load(&print(&doc, 1));
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), doc.pages.len() + 1);
    for id in pages.values() {
        let page = pdf.get_dictionary(*id).unwrap();
        assert!(page.get(b"Annots").is_err(), "no annotations in print");
        let trim = page.get(b"TrimBox").unwrap().as_array().unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let x = |a: &Vec<Object>, i: usize| a[i].as_float().unwrap();
        assert!((x(trim, 2) - x(trim, 0) - A4.0 as f32).abs() < 0.01, "the trim is the finished page");
        assert!(x(trim, 0) - x(media, 0) > 3.0 * 72.0 / 25.4, "room for bleed and marks");
        let content = Content::decode(&pdf.get_page_content(*id)).unwrap();
        for op in &content.operations {
            // Gray is a tint of the black ink: no device gray or RGB, which could separate.
            assert!(!["g", "G", "rg", "RG"].contains(&op.operator.as_str()), "device gray or RGB: {op:?}");
            if op.operator == "k" || op.operator == "K" {
                assert!(op.operands[..3].iter().all(|o| o.as_float().unwrap_or(1.0) == 0.0), "{op:?}");
            }
        }
    }
    assert!(pdf.catalog().unwrap().get(b"Outlines").is_ok());
}

#[test]
fn the_black_ink_is_k_alone_in_print_and_gray_on_screen() {
    let doc = sample();
    for (bytes, alternate, c1) in
        [(print(&doc, 0), "DeviceCMYK", vec![0.0, 0.0, 0.0, 1.0]), (screen(&doc).unwrap(), "DeviceGray", vec![0.0])]
    {
        let pdf = load(&bytes);
        let page = pdf.get_dictionary(pdf.get_pages()[&1]).unwrap();
        let resources = pdf.dereference(page.get(b"Resources").unwrap()).unwrap().1.as_dict().unwrap();
        let spaces = pdf.dereference(resources.get(b"ColorSpace").unwrap()).unwrap().1.as_dict().unwrap();
        let ink = spaces.get(b"Ink").unwrap().as_array().unwrap();
        assert_eq!(ink[0].as_name().unwrap(), b"Separation");
        assert_eq!(ink[1].as_name().unwrap(), b"Black", "the K plate's colorant");
        assert_eq!(ink[2].as_name().unwrap(), alternate.as_bytes());
        let function = pdf.dereference(&ink[3]).unwrap().1.as_dict().unwrap();
        let c1_found: Vec<f32> =
            function.get(b"C1").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
        assert_eq!(c1_found, c1.iter().map(|&v| v as f32).collect::<Vec<_>>(), "full tint is full black");
    }
}

/// The colour spaces of the first page's resources.
fn colour_spaces(pdf: &Pdf) -> Dictionary {
    let page = pdf.get_dictionary(pdf.get_pages()[&1]).unwrap();
    let resources = pdf.dereference(page.get(b"Resources").unwrap()).unwrap().1.as_dict().unwrap();
    pdf.dereference(resources.get(b"ColorSpace").unwrap()).unwrap().1.as_dict().unwrap().clone()
}

/// `[/Indexed /BASE 0 <lookup>]` of a colour space: the base's name and the one entry.
fn indexed(spaces: &Dictionary, name: &[u8]) -> (String, Vec<u8>) {
    let space = spaces.get(name).unwrap().as_array().unwrap();
    assert_eq!(space[0].as_name().unwrap(), b"Indexed");
    assert_eq!(space[2].as_i64().unwrap(), 0, "one colour");
    (String::from_utf8(space[1].as_name().unwrap().to_vec()).unwrap(), space[3].as_str().unwrap().to_vec())
}

#[test]
fn style_colours_are_rgb_on_screen_and_cmyk_in_print_from_one_stream() {
    let mut doc = sample();
    // A red kicker with the shop's CMYK, a blue rule whose CMYK the output profile gives.
    doc.swatches = vec![
        Swatch { rgb: [0xb0, 0x00, 0x20], cmyk: Some([0.0, 1.0, 0.8, 0.1]) },
        Swatch { rgb: [0x1f, 0x4e, 0xa0], cmyk: None },
    ];
    let mut kicker = text(56.0, 60.0, FontKey::SANS, 8.0, glyphs(FontKey::SANS, 8.0, "KICKER", 0.0));
    if let FrameItem::Text(run) = &mut kicker.item {
        run.ink = Ink::Swatch(0);
    }
    doc.pages[0].items.push(kicker);
    doc.pages[0].items.push(at(56.0, 70.0, FrameItem::Rect { width: Pt(200.0), height: Pt(0.5), ink: Ink::Swatch(1) }));
    let (screen, print) = (load(&screen(&doc).unwrap()), load(&print(&doc, 0)));
    let spaces = colour_spaces(&screen);
    assert_eq!(indexed(&spaces, b"C1"), ("DeviceRGB".into(), vec![0xb0, 0x00, 0x20]));
    assert_eq!(indexed(&spaces, b"C2"), ("DeviceRGB".into(), vec![0x1f, 0x4e, 0xa0]));
    let spaces = colour_spaces(&print);
    assert_eq!(indexed(&spaces, b"C1"), ("DeviceCMYK".into(), vec![0, 255, 204, 26]), "the style's CMYK");
    let (base, blue) = indexed(&spaces, b"C2");
    assert_eq!(base, "DeviceCMYK");
    assert!(blue[0] > 150 && blue[0] > blue[2], "derived through the output profile: mostly cyan, {blue:?}");
    // Both select the colour the same way, in the one stream they share.
    let ops = Content::decode(&screen.get_page_content(screen.get_pages()[&1])).unwrap().operations;
    let selected: Vec<String> = ops
        .iter()
        .filter(|op| op.operator == "cs")
        .map(|op| String::from_utf8(op.operands[0].as_name().unwrap().to_vec()).unwrap())
        .collect();
    assert!(selected.contains(&"C1".to_string()) && selected.contains(&"C2".to_string()), "{selected:?}");
    let scn = ops.windows(2).find(|w| w[0].operator == "cs" && w[0].operands[0].as_name().unwrap() == b"C1");
    assert_eq!(scn.unwrap()[1].operands[0].as_i64().unwrap(), 0, "the one entry of the index");
}

#[test]
fn print_shows_the_screen_streams_moved_onto_the_trim() {
    let doc = sample();
    let (screen, print) = (load(&screen(&doc).unwrap()), load(&print(&doc, 1)));
    for (number, id) in print.get_pages() {
        let contents = print.get_dictionary(id).unwrap().get(b"Contents").unwrap();
        if number as usize > doc.pages.len() {
            assert!(contents.as_reference().is_ok(), "the blank page has a stream of its own");
            continue;
        }
        let parts = contents.as_array().unwrap();
        assert_eq!(parts.len(), 3, "opening, the screen's stream, closing");
        let shown = print.get_object(parts[1].as_reference().unwrap()).unwrap().as_stream().unwrap();
        let screen_page = screen.get_dictionary(screen.get_pages()[&number]).unwrap();
        let screen_contents = screen_page.get(b"Contents").unwrap().as_reference().unwrap();
        let on_screen = screen.get_object(screen_contents).unwrap().as_stream().unwrap();
        assert_eq!(shown.decompressed_content().unwrap(), on_screen.decompressed_content().unwrap());
        let ops = Content::decode(&print.get_page_content(id)).unwrap().operations;
        let names: Vec<&str> = ops.iter().map(|op| op.operator.as_str()).collect();
        assert_eq!(names[..2], ["q", "cm"], "moved onto the trim first");
        let marks = names.windows(3).position(|w| w == ["Q", "q", "CS"]);
        assert!(
            marks.is_some_and(|at| names[at + 3..].iter().all(|&n| n != "BT")),
            "restored, then the marks: {names:?}"
        );
    }
}

#[test]
fn bleed_images_grow_into_the_bleed_only_in_print() {
    let mut doc = sample();
    // An image across the top of page 1, from edge to edge.
    let item = FrameItem::Image { image: 1, width: Pt(A4.0), height: Pt(200.0), bleed: true };
    doc.pages[0].items = vec![at(0.0, 0.0, item)];
    let ops = |bytes: &[u8]| {
        let pdf = load(bytes);
        let first = pdf.get_pages()[&1];
        Content::decode(&pdf.get_page_content(first)).unwrap().operations
    };
    let clip = |ops: &[lopdf::content::Operation]| -> Vec<f32> {
        let re = ops.iter().find(|op| op.operator == "re").expect("a clip rectangle");
        re.operands.iter().map(|o| o.as_float().unwrap()).collect()
    };
    let bleed = (3.0 * 72.0 / 25.4) as f32;
    assert_eq!(clip(&ops(&screen(&doc).unwrap())), vec![0.0, A4.1 as f32 - 200.0, A4.0 as f32, 200.0]);
    let printed = clip(&ops(&print(&doc, 0)));
    // Left and right and top edges grow by the bleed; the bottom stays on the page.
    assert!((printed[2] - (A4.0 as f32 + 2.0 * bleed)).abs() < 0.01, "{printed:?}");
    assert!((printed[3] - (200.0 + bleed)).abs() < 0.01, "{printed:?}");
}
