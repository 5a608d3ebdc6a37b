//! House styles: a style file named in `issue.toml` that extends a built-in, overrides page and
//! type keys and brings its own EPUB and HTML stylesheets; every output is built from it.

use std::io::Read;

use crate::bad_input::write_small_issue;
use crate::common;

const HOUSE: &str = "# The house style of the test issue.
extends = \"a5\"
page = [170, 240]
body_size = 8.5
css = \"epub.css\"
web_css = \"web.css\"

[margins]
top = 30
";

#[test]
fn a_house_style_extends_a_builtin_and_reaches_every_output() {
    let issue = tempfile::tempdir().unwrap();
    write_small_issue(issue.path());
    let manifest = std::fs::read_to_string(issue.path().join("issue.toml")).unwrap();
    let manifest = manifest.replace("language = \"de\"", "language = \"de\"\nstyle = \"design/house.toml\"");
    std::fs::write(issue.path().join("issue.toml"), manifest).unwrap();
    std::fs::create_dir_all(issue.path().join("design")).unwrap();
    std::fs::write(issue.path().join("design/house.toml"), HOUSE).unwrap();
    std::fs::write(issue.path().join("design/epub.css"), "/* house epub */ body { margin: 0 2% }\n").unwrap();
    std::fs::write(issue.path().join("design/web.css"), "/* house web */ body { max-width: 40rem }\n").unwrap();

    let issue_model = common::compile(&common::memory_loader(issue.path()), &heft::Options::default());
    let a5 = compiled_style("a5");
    assert_eq!(issue_model.style.name, "design/house.toml");
    assert_eq!(issue_model.style.page.body_size, 8.5);
    assert_eq!(issue_model.style.page.margins.top, 30.0);
    assert_eq!(issue_model.style.page.margins.inner, a5.margins.inner, "the rest comes from a5");
    assert_eq!(issue_model.style.page.leading, a5.leading);

    let out = common::build(issue.path());
    let pdf = lopdf::Document::load(common::output(out.path(), "pdf")).unwrap();
    let page = pdf.get_pages().into_values().next().unwrap();
    let media = pdf.get_dictionary(page).unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
    let width = media[2].as_float().unwrap_or_else(|_| media[2].as_i64().unwrap() as f32);
    assert!((width - 170.0 * 72.0 / 25.4).abs() < 0.5, "page width {width}");
    let epub = std::fs::File::open(common::output(out.path(), "epub")).unwrap();
    let mut css = String::new();
    zip::ZipArchive::new(epub).unwrap().by_name("OEBPS/style.css").unwrap().read_to_string(&mut css).unwrap();
    assert!(css.contains("house epub"), "{css}");
    let site = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).unwrap();
    let web = std::fs::read_to_string(site.join("style.css")).unwrap();
    assert!(web.contains("house web"), "{web}");
}

fn compiled_style(name: &str) -> heft::style::page::PdfStyle {
    heft::style::Style::builtin(name).unwrap().page
}

/// A house style with the magazine's colours: the kicker as a hex value (print derived from the
/// output profile), the rules with the shop's CMYK.
const COLOURED: &str = "extends = \"a4\"

[colours]
kicker = \"#b00020\"
rules = { screen = \"#1f4ea0\", print = [90, 60, 0, 5] }
";

/// `[/Indexed /BASE 0 <entry>]` colour spaces of a PDF's first page by resource name.
fn swatches(pdf: &lopdf::Document) -> Vec<(String, String, Vec<u8>)> {
    let page = pdf.get_dictionary(pdf.get_pages()[&1]).unwrap();
    let resources = pdf.dereference(page.get(b"Resources").unwrap()).unwrap().1.as_dict().unwrap();
    let spaces = pdf.dereference(resources.get(b"ColorSpace").unwrap()).unwrap().1.as_dict().unwrap();
    spaces
        .iter()
        .filter_map(|(name, space)| {
            let space = space.as_array().ok()?;
            (space[0].as_name().ok()? == b"Indexed").then(|| {
                let base = String::from_utf8_lossy(space[1].as_name().unwrap()).into_owned();
                (String::from_utf8_lossy(name).into_owned(), base, space[3].as_str().unwrap().to_vec())
            })
        })
        .collect()
}

/// What each use of colour space `name` paints on every page: "text" inside BT … ET, else "fill".
fn painted_in(pdf: &lopdf::Document, name: &[u8]) -> Vec<&'static str> {
    let mut painted = Vec::new();
    for id in pdf.get_pages().into_values() {
        let ops = lopdf::content::Content::decode(&pdf.get_page_content(id)).unwrap().operations;
        let mut in_text = false;
        for (i, op) in ops.iter().enumerate() {
            match op.operator.as_str() {
                "BT" => in_text = true,
                "ET" => in_text = false,
                "cs" if op.operands[0].as_name().unwrap() == name => {
                    assert_eq!(ops[i + 1].operator, "scn");
                    assert_eq!(ops[i + 1].operands[0].as_i64().unwrap(), 0, "the index's one entry");
                    painted.push(if in_text { "text" } else { "fill" });
                }
                _ => {}
            }
        }
    }
    painted
}

#[test]
fn style_colours_paint_the_kicker_and_rules_in_rgb_on_screen_cmyk_in_print_and_the_css() {
    let issue = tempfile::tempdir().unwrap();
    write_small_issue(issue.path());
    let manifest = std::fs::read_to_string(issue.path().join("issue.toml")).unwrap();
    let manifest = manifest.replace("language = \"de\"", "language = \"de\"\nstyle = \"house.toml\"");
    std::fs::write(issue.path().join("issue.toml"), manifest).unwrap();
    std::fs::write(issue.path().join("house.toml"), COLOURED).unwrap();
    let out = common::build(issue.path());

    let screen = lopdf::Document::load(common::output(out.path(), "pdf")).unwrap();
    let on_screen = swatches(&screen);
    assert_eq!(
        on_screen,
        [
            ("C1".into(), "DeviceRGB".into(), vec![0xb0, 0x00, 0x20]),
            ("C2".into(), "DeviceRGB".into(), vec![0x1f, 0x4e, 0xa0])
        ]
    );
    assert!(painted_in(&screen, b"C1").iter().all(|&p| p == "text"), "the kicker is text");
    assert_eq!(painted_in(&screen, b"C1").len(), 1, "one article has a kicker");
    assert!(painted_in(&screen, b"C2").contains(&"fill"), "the rules are filled rectangles");

    let print_path = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-print.pdf"))
        .unwrap();
    let print = lopdf::Document::load(print_path).unwrap();
    let in_print = swatches(&print);
    assert_eq!(in_print[0].1, "DeviceCMYK");
    let red = &in_print[0].2;
    assert!(red[0] < 30 && red[1] > 200 && red[2] > 100, "the kicker's red from the output profile: {red:?}");
    assert_eq!(in_print[1], ("C2".into(), "DeviceCMYK".into(), vec![230, 153, 0, 13]), "the rules' own CMYK");
    assert_eq!(painted_in(&print, b"C1").len(), 1, "print shows the same stream");

    let epub = std::fs::File::open(common::output(out.path(), "epub")).unwrap();
    let mut css = String::new();
    zip::ZipArchive::new(epub).unwrap().by_name("OEBPS/style.css").unwrap().read_to_string(&mut css).unwrap();
    assert!(css.contains(".kicker { color: #b00020; }") && css.contains("hr { border-color: #1f4ea0; }"), "{css}");
    let site = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).unwrap();
    let web = std::fs::read_to_string(site.join("style.css")).unwrap();
    assert!(web.contains(".kicker { color: #b00020; }"), "{web}");
    let dark = &web[web.rfind("@media (prefers-color-scheme: dark)").unwrap()..];
    assert!(dark.contains(".kicker { color: #") && !dark.contains("#b00020"), "lightened for the dark page: {dark}");
}

#[test]
fn builtin_styles_have_no_style_colours() {
    for name in heft::style::BUILTIN {
        assert_eq!(compiled_style(name).colours, heft::style::colours::Colours::default(), "{name}");
    }
    let out = common::build(&common::root().join("issues/field-notes"));
    let pdf = lopdf::Document::load(common::output(out.path(), "pdf")).unwrap();
    assert!(swatches(&pdf).is_empty(), "no colour spaces besides the black ink");
    let epub = std::fs::File::open(common::output(out.path(), "epub")).unwrap();
    let mut css = String::new();
    zip::ZipArchive::new(epub).unwrap().by_name("OEBPS/style.css").unwrap().read_to_string(&mut css).unwrap();
    assert!(!css.contains("[colours]"), "{css}");
}
