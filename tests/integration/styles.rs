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
