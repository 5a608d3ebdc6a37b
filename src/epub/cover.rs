//! The cover heft draws for an issue without one: an SVG with the publication, the issue label
//! and the period, so that stores and library views show more than a blank tile. (Stores prefer
//! a raster cover; `heft check` and `build` warn that the issue has none.)

use super::xml::{without_soft_hyphens, Xml};
use crate::model::Issue;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The size of the drawing: the 3:4 of most magazine covers.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 800.0;
/// The widest a line of text may be, leaving a margin on both sides.
const MEASURE: f64 = 520.0;
/// An average glyph width of serif text, in ems: enough to keep a long title inside the page.
const GLYPH_EM: f64 = 0.55;

/// The SVG document of the generated cover.
pub(crate) fn generated_cover(issue: &Issue) -> Vec<u8> {
    let title = without_soft_hyphens(&issue.title);
    let mut xml = Xml::new();
    let (w, h) = (WIDTH.to_string(), HEIGHT.to_string());
    let view_box = format!("0 0 {w} {h}");
    let attributes =
        [("xmlns", SVG_NS), ("version", "1.1"), ("width", w.as_str()), ("height", h.as_str()), ("viewBox", &view_box)];
    xml.start("svg", &attributes).newline();
    xml.line("title", &[], &issue.book_title);
    xml.empty("rect", &[("width", &w), ("height", &h), ("fill", "#f3efe6")]).newline();
    xml.empty("rect", &[("y", "0"), ("width", &w), ("height", "24"), ("fill", "#9e1b1b")]).newline();
    line(&mut xml, &title, 330.0, 88.0, "bold");
    line(&mut xml, &issue.issue_label, 430.0, 44.0, "normal");
    if let Some(period) = &issue.period {
        line(&mut xml, period, 500.0, 32.0, "normal");
    }
    xml.end().newline();
    xml.finish()
}

/// One centred line of text at baseline `y`, made smaller when it would not fit the measure.
fn line(xml: &mut Xml, text: &str, y: f64, size: f64, weight: &str) {
    let chars = text.chars().count().max(1) as f64;
    let size = size.min(MEASURE / (chars * GLYPH_EM)).max(12.0);
    let (x, y, size) = ((WIDTH / 2.0).to_string(), y.to_string(), format!("{size:.0}"));
    let attributes = [
        ("x", x.as_str()),
        ("y", y.as_str()),
        ("text-anchor", "middle"),
        ("font-family", "serif"),
        ("font-size", size.as_str()),
        ("font-weight", weight),
        ("fill", "#1a1a1a"),
    ];
    xml.line("text", &attributes, text);
}
