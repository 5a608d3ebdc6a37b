//! Figures that run to the page edges: how high such a figure's image is set in the body, and,
//! once a page sits on its margins, the image grown to the page edges it reaches — across the
//! page, and up or down to the edge when it stands at the body's top or foot — which drops the
//! running head or folio it covers. The painter takes it on into the bleed in print.

use crate::pdf::frame::{FrameItem, Positioned};
use crate::pdf::layout::{ppi, DrawableImage, Geometry};
use crate::pdf::units::Pt;

/// Layout puts bleeding images on the body's edges, give or take rounding.
const SLACK: Pt = Pt(0.5);

/// A bleeding figure's image as set in the body: its height there, and the effective
/// resolution once it is grown to the page edges and into a bleed of `bleed`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EdgeToEdge {
    pub height: Pt,
    pub ppi: f64,
}

/// The image of a figure running to the page edges. It will be drawn `page_w + 2 × bleed` wide
/// and grow by the wider of the top and bottom margins plus the bleed when it stands at the
/// body's top or foot, so its height in the body is what keeps that box at the image's own
/// proportions (at most `max_h`; the painter crops what the box does not show).
pub(crate) fn edge_to_edge(geo: &Geometry, bleed: Pt, image: DrawableImage, max_h: Pt) -> EdgeToEdge {
    let DrawableImage { width: iw, height: ih, .. } = image;
    let drawn_w = geo.page_w + bleed * 2.0;
    let margin = geo.top.max(geo.page_h - geo.top - geo.body_h) + bleed;
    let height = (drawn_w * (ih / iw) - margin).min(max_h).max(Pt(geo.body_h.0 * 0.1));
    // Cover-scaled into the grown box: the larger of the two scales decides the resolution.
    let scale = (drawn_w.0 / iw).max((height + margin).0 / ih);
    EdgeToEdge { height, ppi: ppi(1.0, Pt(scale)) }
}

/// What a page's bleeding images cover of its margins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Covered {
    /// The top margin, where the running head stands.
    pub head: bool,
    /// The bottom margin, where the folio stands.
    pub foot: bool,
}

/// Grows every bleeding image of a page whose body starts at `left` to the page edges it
/// reaches: one spanning the body runs across the page, one standing at the body's top or foot
/// runs up or down to the page edge. Idempotent, so a page moved to other margins (offprints)
/// can be grown again.
pub(crate) fn to_page_edges(geo: &Geometry, left: Pt, items: &mut [Positioned]) -> Covered {
    let (body_top, body_foot) = (geo.top, geo.top + geo.body_h);
    let mut covered = Covered::default();
    for positioned in items {
        let FrameItem::Image { width, height, bleed: true, .. } = &mut positioned.item else { continue };
        if positioned.x <= left + SLACK && positioned.x + *width >= left + geo.body_w - SLACK {
            positioned.x = Pt::ZERO;
            *width = geo.page_w;
        }
        if (positioned.y - body_top).abs() < SLACK {
            *height += positioned.y;
            positioned.y = Pt::ZERO;
        }
        if (positioned.y + *height - body_foot).abs() < SLACK {
            *height = geo.page_h - positioned.y;
        }
        covered.head |= positioned.y < body_top - SLACK;
        covered.foot |= positioned.y + *height > body_foot + SLACK;
    }
    covered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::frame::Tag;

    fn geo() -> Geometry {
        Geometry::new(&crate::style::page::PdfStyle::default())
    }

    fn image(x: Pt, y: Pt, width: Pt, height: Pt, bleed: bool) -> Positioned {
        Positioned { tag: Tag::Layout, ..Positioned::new(x, y, FrameItem::Image { image: 0, width, height, bleed }) }
    }

    fn rect(p: &Positioned) -> (f64, f64, f64, f64) {
        let FrameItem::Image { width, height, .. } = p.item else { panic!() };
        (p.x.0, p.y.0, width.0, height.0)
    }

    #[test]
    fn a_bleeding_image_at_the_body_top_runs_across_and_up_and_covers_the_head() {
        let g = geo();
        let left = g.inner;
        let mut items = vec![image(left, g.top, g.body_w, Pt(200.0), true)];
        let covered = to_page_edges(&g, left, &mut items);
        assert_eq!(covered, Covered { head: true, foot: false });
        assert_eq!(rect(&items[0]), (0.0, 0.0, g.page_w.0, 200.0 + g.top.0));
        let again = items.clone();
        assert_eq!(to_page_edges(&g, g.outer, &mut items), covered, "grown again on other margins");
        assert_eq!(rect(&items[0]), rect(&again[0]));
    }

    #[test]
    fn a_bleeding_image_at_the_body_foot_runs_down_and_others_stay() {
        let g = geo();
        let left = g.outer;
        let foot = g.top + g.body_h;
        let mut items = vec![
            image(left, foot - Pt(150.0), g.body_w, Pt(150.0), true),
            image(left, g.top, g.body_w, Pt(100.0), false),
        ];
        assert_eq!(to_page_edges(&g, left, &mut items), Covered { head: false, foot: true });
        assert_eq!(rect(&items[0]), (0.0, (foot - Pt(150.0)).0, g.page_w.0, (g.page_h - foot + Pt(150.0)).0));
        assert_eq!(rect(&items[1]), (left.0, g.top.0, g.body_w.0, 100.0), "an image that does not bleed");
    }

    #[test]
    fn the_image_keeps_its_proportions_in_the_grown_box() {
        let g = geo();
        let bleed = Pt::from_mm(3.0);
        let image = DrawableImage { index: 0, width: 2400.0, height: 1200.0 };
        let set = edge_to_edge(&g, bleed, image, g.body_h);
        let grown_h = set.height + g.top.max(g.page_h - g.top - g.body_h) + bleed;
        let drawn_w = g.page_w + bleed * 2.0;
        assert!((drawn_w.0 / grown_h.0 - 2.0).abs() < 1e-6, "{set:?}");
        assert!((set.ppi - 2400.0 * 72.0 / drawn_w.0).abs() < 1e-6, "{set:?}");
    }
}
