//! The print PDF (`NAME-print.pdf`) read back with lopdf: PDF/X-4 identification (output intent
//! with a CMYK output profile, XMP keys), page boxes on every page, no annotations, a page count
//! padded for the binding, K-only text and rules, and byte-identical rebuilds.

use std::path::{Path, PathBuf};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

use crate::bad_input::{write_small_issue, MANIFEST};
use crate::common::{build, built, heft, output};

const MM: f64 = 72.0 / 25.4;

/// The one file whose name ends with `suffix` in `dir`.
fn ending(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "expected one *{suffix} in {}: {found:?}", dir.display());
    found[0].clone()
}

fn print_pdf(issue: &str) -> Document {
    Document::load(ending(&built(issue), "-print.pdf")).expect("the print PDF parses")
}

fn rect(pdf: &Document, page: &Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let array = page.get(key).ok()?;
    let array = pdf.dereference(array).ok()?.1.as_array().ok()?;
    let n: Vec<f64> =
        array.iter().map(|o| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap()).collect();
    Some([n[0], n[1], n[2], n[3]])
}

fn inside(inner: [f64; 4], outer: [f64; 4]) -> bool {
    inner[0] >= outer[0] - 0.01
        && inner[1] >= outer[1] - 0.01
        && inner[2] <= outer[2] + 0.01
        && inner[3] <= outer[3] + 0.01
}

fn catalog(pdf: &Document) -> &Dictionary {
    pdf.catalog().expect("catalog")
}

fn stream_bytes(pdf: &Document, object: &Object) -> Vec<u8> {
    let stream = pdf.dereference(object).expect("ref").1.as_stream().expect("a stream");
    stream.decompressed_content().unwrap_or_else(|_| stream.content.clone())
}

#[test]
fn every_page_has_trim_and_bleed_boxes_nested_in_the_media_box() {
    for issue in ["rote-feder", "field-notes"] {
        let pdf = print_pdf(issue);
        for (number, id) in pdf.get_pages() {
            let page = pdf.get_dictionary(id).expect("page");
            let media = rect(&pdf, page, b"MediaBox").expect("MediaBox");
            let trim = rect(&pdf, page, b"TrimBox").unwrap_or_else(|| panic!("{issue}: no TrimBox on page {number}"));
            let bleed =
                rect(&pdf, page, b"BleedBox").unwrap_or_else(|| panic!("{issue}: no BleedBox on page {number}"));
            assert!(page.get(b"ArtBox").is_err(), "{issue}: ArtBox on page {number}");
            assert!(inside(trim, bleed) && inside(bleed, media), "{issue} page {number}: {trim:?} {bleed:?} {media:?}");
            for side in [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]] {
                assert!(side >= 3.0 * MM - 0.01, "{issue} page {number}: bleed {side} pt");
            }
        }
    }
}

#[test]
fn there_are_no_annotations_but_the_outline_stays() {
    let pdf = print_pdf("rote-feder");
    for (number, id) in pdf.get_pages() {
        assert!(pdf.get_dictionary(id).unwrap().get(b"Annots").is_err(), "annotations on page {number}");
    }
    assert!(catalog(&pdf).get(b"Outlines").is_ok(), "the outline is gone");
}

#[test]
fn one_pdfx_output_intent_embeds_a_cmyk_output_profile() {
    let pdf = print_pdf("rote-feder");
    let intents = catalog(&pdf).get(b"OutputIntents").and_then(Object::as_array).expect("OutputIntents");
    assert_eq!(intents.len(), 1);
    let intent = pdf.dereference(&intents[0]).unwrap().1.as_dict().expect("intent dict");
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    let identifier = intent.get(b"OutputConditionIdentifier").unwrap().as_str().unwrap();
    assert_eq!(identifier, b"Custom");
    let profile = stream_bytes(&pdf, intent.get(b"DestOutputProfile").unwrap());
    assert_eq!(&profile[36..40], b"acsp");
    assert_eq!(&profile[12..16], b"prtr", "device class");
    assert_eq!(&profile[16..20], b"CMYK", "colour space");
}

#[test]
fn xmp_and_info_identify_pdfx4_and_agree() {
    let path = ending(&built("rote-feder"), "-print.pdf");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6"), "PDF/X-4 files are PDF 1.6");
    let pdf = Document::load_mem(&bytes).unwrap();
    let xmp = String::from_utf8(stream_bytes(&pdf, catalog(&pdf).get(b"Metadata").expect("Metadata"))).unwrap();
    let info = pdf.trailer.get(b"Info").and_then(|o| pdf.dereference(o)).unwrap().1.as_dict().unwrap();
    let title = String::from_utf8_lossy(info.get(b"Title").unwrap().as_str().unwrap()).into_owned();
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    for key in [
        "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
        "<pdf:Trapped>False</pdf:Trapped>",
        "xmpMM:DocumentID",
        "xmpMM:InstanceID",
        "xmpMM:VersionID",
        "xmpMM:RenditionClass",
        &format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>"),
    ] {
        assert!(xmp.contains(key), "{key} missing from the XMP:\n{xmp}");
    }
    assert!(pdf.trailer.get(b"ID").is_ok(), "no trailer /ID");
}

#[test]
fn saddle_stitched_page_count_is_a_multiple_of_four() {
    let dir = built("field-notes");
    let screen = Document::load(output(&dir, "pdf")).unwrap().get_pages().len();
    let print = print_pdf("field-notes").get_pages().len();
    assert_eq!(print % 4, 0, "{print} pages");
    assert!(print >= screen && print < screen + 4, "screen {screen}, print {print}");
}

/// Colour operators of a content stream that are not K-only: device RGB or gray (which a RIP
/// that colour-manages gray separates into all four plates), colour spaces other than the
/// black ink, the registration colour and the style colours `allowed`, or CMYK with C, M or Y ink.
fn not_k_only(content: &Content, allowed: &[&[u8]]) -> Vec<String> {
    let mut bad = Vec::new();
    for op in &content.operations {
        let numbers: Vec<f64> = op
            .operands
            .iter()
            .filter_map(|o| o.as_float().ok().map(f64::from).or_else(|| o.as_i64().ok().map(|i| i as f64)))
            .collect();
        match op.operator.as_str() {
            "k" | "K" if numbers[..3].iter().any(|&v| v != 0.0) => bad.push(format!("{} {numbers:?}", op.operator)),
            "g" | "G" | "rg" | "RG" | "sc" => bad.push(op.operator.clone()),
            "cs" | "CS" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or_default();
                if !matches!(name, b"CSAll" | b"Ink") && !allowed.contains(&name) {
                    bad.push(format!("{} {:?}", op.operator, op.operands))
                }
            }
            _ => {}
        }
    }
    bad
}

/// The print PDF of the issue in `folder`.
fn print_pdf_of(folder: &std::path::Path) -> Document {
    let out = tempfile::tempdir().unwrap();
    let status =
        heft().args(["build", "--format", "print", "--out"]).arg(out.path()).arg(folder).output().expect("heft runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    Document::load(ending(out.path(), "-print.pdf")).expect("the print PDF parses")
}

#[test]
fn text_and_rules_are_k_only_in_the_builtin_styles() {
    for (issue, pdf) in [("field-notes", print_pdf("field-notes")), ("rote-feder", print_pdf("rote-feder"))] {
        let mut fills = 0;
        for (number, id) in pdf.get_pages() {
            let content = Content::decode(&pdf.get_page_content(id)).unwrap();
            fills += content.operations.iter().filter(|op| op.operator == "scn").count();
            let bad = not_k_only(&content, &[]);
            assert!(bad.is_empty(), "{issue} page {number}: {bad:?}");
        }
        assert!(fills > 0, "{issue}: no fills in the black ink at all");
    }
}

#[test]
fn the_red_of_a_house_style_is_process_cmyk_and_everything_else_stays_k_only() {
    let pdf = print_pdf_of(&crate::common::fixture("house-fonts"));
    let (_, first) = pdf.get_pages().into_iter().next().unwrap();
    let resources = pdf.get_dictionary(first).unwrap().get(b"Resources").unwrap();
    let spaces = pdf.dereference(resources).unwrap().1.as_dict().unwrap().get(b"ColorSpace").unwrap();
    let spaces = pdf.dereference(spaces).unwrap().1.as_dict().unwrap();
    for name in [b"C1", b"C2"] {
        let space = spaces.get(name).unwrap().as_array().unwrap();
        assert_eq!(space[1].as_name().unwrap(), b"DeviceCMYK", "process colour, no extra plate");
        let cmyk = space[3].as_str().unwrap();
        assert!(cmyk[0] < 13 && cmyk[1] > 200, "a red: mostly magenta, no cyan: {cmyk:?}");
    }
    let mut red = 0;
    for (number, id) in pdf.get_pages() {
        let content = Content::decode(&pdf.get_page_content(id)).unwrap();
        red += content
            .operations
            .iter()
            .filter(|op| op.operator == "cs" && op.operands[0].as_name().unwrap() != b"Ink")
            .count();
        let bad = not_k_only(&content, &[b"C1", b"C2"]);
        assert!(bad.is_empty(), "page {number}: {bad:?}");
    }
    assert!(red > 0, "the kicker and rules are painted in the house red");
}

#[test]
fn rgb_images_carry_an_icc_profile_and_no_soft_mask() {
    let pdf = print_pdf("rote-feder");
    let mut images = 0;
    for object in pdf.objects.values() {
        let Ok(stream) = object.as_stream() else { continue };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image") {
            continue;
        }
        images += 1;
        assert!(stream.dict.get(b"SMask").is_err(), "a soft mask in print");
        let space = stream.dict.get(b"ColorSpace").unwrap();
        let space = pdf.dereference(space).unwrap().1;
        match space {
            Object::Array(items) => assert_eq!(items[0].as_name().unwrap(), b"ICCBased"),
            Object::Name(name) => {
                assert!(name == b"DeviceGray" || name == b"DeviceCMYK", "{:?}", String::from_utf8_lossy(name))
            }
            other => panic!("colour space {other:?}"),
        }
    }
    assert!(images >= 3, "the sample has three images, found {images}");
}

/// Where each image of a page is drawn, as the page-space rectangles `[x0, y0, x1, y1]` of its
/// unit square, with the clipping rectangle in force (if any): the content stream's `q`/`Q`,
/// `cm`, `re W n` and `Do`, followed with translation and scale (heft draws nothing rotated).
fn drawn_images(content: &Content) -> Vec<([f64; 4], Option<[f64; 4]>)> {
    type Matrix = [f64; 4]; // sx, sy, tx, ty
    let apply = |m: Matrix, x: f64, y: f64| (m[0] * x + m[2], m[1] * y + m[3]);
    let (mut ctm, mut clip): (Matrix, Option<[f64; 4]>) = ([1.0, 1.0, 0.0, 0.0], None);
    let (mut stack, mut pending_rect, mut drawn) = (Vec::new(), None, Vec::new());
    for op in &content.operations {
        let n: Vec<f64> = op.operands.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect();
        match op.operator.as_str() {
            "q" => stack.push((ctm, clip)),
            "Q" => (ctm, clip) = stack.pop().unwrap_or((ctm, clip)),
            "cm" if n.len() == 6 => {
                let (tx, ty) = apply(ctm, n[4], n[5]);
                ctm = [ctm[0] * n[0], ctm[1] * n[3], tx, ty];
            }
            "re" if n.len() == 4 => {
                let (x0, y0) = apply(ctm, n[0], n[1]);
                let (x1, y1) = apply(ctm, n[0] + n[2], n[1] + n[3]);
                pending_rect = Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]);
            }
            "W" => clip = pending_rect,
            "Do" => {
                let (x0, y0) = apply(ctm, 0.0, 0.0);
                let (x1, y1) = apply(ctm, 1.0, 1.0);
                drawn.push(([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)], clip));
            }
            _ => {}
        }
    }
    drawn
}

/// What an image shows: its drawn rectangle within the clip in force.
fn visible((image, clip): ([f64; 4], Option<[f64; 4]>)) -> [f64; 4] {
    clip.map_or(image, |c| [image[0].max(c[0]), image[1].max(c[1]), image[2].min(c[2]), image[3].min(c[3])])
}

/// Where a page's text starts (`Tm`) and its filled rectangles (rules, boxes) lie, in page space.
fn text_and_rules(content: &Content) -> Vec<[f64; 4]> {
    let (mut offset, mut stack, mut pending, mut marks) = ((0.0, 0.0), Vec::new(), None, Vec::new());
    for op in &content.operations {
        let n: Vec<f64> = op.operands.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect();
        match op.operator.as_str() {
            "q" => stack.push(offset),
            "Q" => offset = stack.pop().unwrap_or(offset),
            // heft shifts whole pages (print) and scales only images, which sit inside q/Q.
            "cm" if n.len() == 6 && n[0] == 1.0 && n[3] == 1.0 => offset = (offset.0 + n[4], offset.1 + n[5]),
            "Tm" if n.len() == 6 => {
                let (x, y) = (offset.0 + n[4], offset.1 + n[5]);
                marks.push([x, y, x, y]);
            }
            "re" if n.len() == 4 => {
                let (x, y) = (offset.0 + n[0], offset.1 + n[1]);
                pending = Some([x, y, x + n[2], y + n[3]]);
            }
            "f" => marks.extend(pending.take()),
            _ => {}
        }
    }
    marks
}

#[test]
fn the_cover_and_the_figure_marked_bleed_reach_the_bleed_box_and_nothing_else_does() {
    let pdf = print_pdf("rote-feder");
    let mut figure_pages = Vec::new();
    for (number, id) in pdf.get_pages() {
        let page = pdf.get_dictionary(id).unwrap();
        let trim = rect(&pdf, page, b"TrimBox").unwrap();
        let bleed = rect(&pdf, page, b"BleedBox").unwrap();
        let content = Content::decode(&pdf.get_page_content(id)).unwrap();
        for drawn in drawn_images(&content) {
            let seen = visible(drawn);
            let reaches = |side: usize| (seen[side] - bleed[side]).abs() < 0.01;
            if number == 1 {
                // The cover spans the page and its 3 mm bleed on both sides.
                assert!(reaches(0) && reaches(2), "cover {seen:?}, bleed {bleed:?}");
            } else if !inside(seen, trim) {
                // docks.md marks its harbour photo `{.bleed}`: it stands at the top of a page, so
                // it reaches the bleed box left, right and at the top, and stays on the page below.
                assert!(reaches(0) && reaches(2) && reaches(3), "page {number}: {seen:?}, bleed {bleed:?}");
                assert!(seen[1] > trim[1] + 100.0, "page {number}: the figure's foot is on the page {seen:?}");
                figure_pages.push(number);
            }
        }
        for mark in text_and_rules(&content) {
            assert!(inside(mark, trim), "page {number}: text or a rule in the bleed at {mark:?}, trim {trim:?}");
        }
    }
    assert_eq!(figure_pages.len(), 1, "one figure bleeds: {figure_pages:?}");
    // The screen PDF has no bleed: the same image runs to the page's (media box) edges.
    let screen = Document::load(output(&built("rote-feder"), "pdf")).unwrap();
    let id = screen.get_pages()[&figure_pages[0]];
    let media = rect(&screen, screen.get_dictionary(id).unwrap(), b"MediaBox").unwrap();
    let drawn = drawn_images(&Content::decode(&screen.get_page_content(id)).unwrap());
    assert_eq!(drawn.len(), 1, "the figure's page shows one image: {drawn:?}");
    let seen = visible(drawn[0]);
    for side in [0, 2, 3] {
        assert!((seen[side] - media[side]).abs() < 0.01, "side {side}: {seen:?}, media box {media:?}");
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let first = build(&crate::common::sample());
    let second = build(&crate::common::sample());
    for suffix in ["-print.pdf", ".epub"] {
        let a = std::fs::read(ending(first.path(), suffix)).unwrap();
        let b = std::fs::read(ending(second.path(), suffix)).unwrap();
        assert!(a == b, "{suffix} differs between two builds");
    }
}

/// The small test issue with a `[print]` table appended.
fn small_issue_printing(print: &str) -> tempfile::TempDir {
    let issue = tempfile::tempdir().expect("temp dir");
    write_small_issue(issue.path());
    std::fs::write(issue.path().join("issue.toml"), format!("{MANIFEST}\n[print]\n{print}")).unwrap();
    issue
}

#[test]
fn the_shops_profile_marks_and_perfect_binding_give_a_cover() {
    let issue = small_issue_printing(
        "output_profile = \"shop.icc\"\noutput_condition = \"FOGRA51\"\ncrop_marks = true\nbinding = \"perfect\"\nbleed_mm = 5\n",
    );
    // Any CMYK output profile will do; the bundled one under the shop's file name.
    let profile = std::fs::read(crate::common::root().join("icc/heft-cmyk.icc")).unwrap();
    std::fs::write(issue.path().join("shop.icc"), &profile).unwrap();
    let out = build(issue.path());
    let pdf = Document::load(ending(out.path(), "-print.pdf")).unwrap();
    let intents = catalog(&pdf).get(b"OutputIntents").and_then(Object::as_array).unwrap();
    let intent = pdf.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(intent.get(b"OutputConditionIdentifier").unwrap().as_str().unwrap(), b"FOGRA51");
    let pages = pdf.get_pages();
    assert_eq!(pages.len() % 2, 0, "perfect binding: an even page count");
    let page = pdf.get_dictionary(pages[&1]).unwrap();
    let (media, bleed, trim) = (
        rect(&pdf, page, b"MediaBox").unwrap(),
        rect(&pdf, page, b"BleedBox").unwrap(),
        rect(&pdf, page, b"TrimBox").unwrap(),
    );
    assert!((trim[0] - bleed[0] - 5.0 * MM).abs() < 0.01, "5 mm bleed: {trim:?} {bleed:?}");
    assert!(bleed[0] - media[0] > 10.0, "a slug for the crop marks: {bleed:?} {media:?}");
    let content = Content::decode(&pdf.get_page_content(pages[&1])).unwrap();
    assert!(content.operations.iter().any(|op| op.operator == "CS"), "crop marks in the registration colour");
    // The cover: one spread wider than two pages.
    let cover = Document::load(ending(out.path(), "-cover.pdf")).unwrap();
    let cover_pages = cover.get_pages();
    assert_eq!(cover_pages.len(), 1);
    let spread = rect(&cover, cover.get_dictionary(cover_pages[&1]).unwrap(), b"TrimBox").unwrap();
    assert!(spread[2] - spread[0] > 2.0 * (trim[2] - trim[0]), "{spread:?}");
}

#[test]
fn format_takes_a_list() {
    let issue = small_issue_printing("binding = \"saddle\"\n");
    let out = tempfile::tempdir().unwrap();
    let result = heft()
        .arg("build")
        .arg(issue.path())
        .arg("--out")
        .arg(out.path())
        .args(["--format", "print,epub"])
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["testheft-2026-3-print.pdf", "testheft-2026-3.epub"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("blank page(s) added"), "padding is reported:\n{stderr}");
    assert!(stderr.contains("images/pic.png") && stderr.contains("ppi"), "low resolution is reported:\n{stderr}");
}

#[test]
fn the_print_pdf_is_the_same_without_the_screen_pdf() {
    // Print shows the pages painted for the screen (tagged, in the black ink and the style's
    // colours): asking for print alone paints them just the same, so the file does not depend on
    // what else is built. The house-font fixture has style colours.
    let build = |folder: &std::path::Path, format: &str| {
        let out = tempfile::tempdir().unwrap();
        let status = heft()
            .args(["build", "--format", format, "--out"])
            .arg(out.path())
            .arg(folder)
            .env("SOURCE_DATE_EPOCH", "1769860800")
            .output()
            .expect("heft runs");
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        out
    };
    for folder in [crate::common::root().join("issues/rote-feder"), crate::common::fixture("house-fonts")] {
        let with_all = build(&folder, "epub,pdf,print");
        let alone = build(&folder, "print");
        let with_all_bytes = std::fs::read(ending(with_all.path(), "-print.pdf")).unwrap();
        let print_only = std::fs::read(ending(alone.path(), "-print.pdf")).unwrap();
        assert!(with_all_bytes == print_only, "{}: the print PDF differs when built alone", folder.display());
        let screen = std::fs::read_dir(alone.path()).unwrap().flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".pdf") && !name.ends_with("-print.pdf")
        });
        assert!(!screen, "no screen PDF was asked for");
    }
}
