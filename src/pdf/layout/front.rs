//! The parts around the article bodies: title page, table of contents, article heads, related
//! boxes, imprint, running heads and folios, and the few words they print in each language.

use crate::model::{Article, ArticleId, Inline, Issue, Related};
use crate::pdf::frame::{FrameItem, Ink, LinkDest, Positioned, StructRole, Tag};
use crate::pdf::layout::blocks::{stack_lines, Flow, Measure};
use crate::pdf::layout::pages::{paginate, ArticleTarget, DeferredTarget, FolioRef, Laid, Slab};
use crate::pdf::layout::text::{describe, fit_line, place_line};
use crate::pdf::layout::{ppi, widest, Ctx, DrawableImage, LowResolution, PPI_WARN};
use crate::pdf::typeset::fonts::FontKey;
use crate::pdf::typeset::inline::{layout_line, Line, Span, TextStyle};
use crate::pdf::units::Pt;
use crate::style::colours::Role;

/// Words the PDF prints, by language.
pub(crate) struct Labels {
    pub contents: &'static str,
    pub related: &'static str,
    pub imprint: &'static str,
    /// Before a page number: "S. 12", "p. 12".
    pub page: &'static str,
}

/// The labels for a BCP 47 tag, from the one table in `lang.rs`.
pub(crate) fn labels(lang: &str) -> Labels {
    use crate::text::lang::{label, Label};
    Labels {
        contents: label(lang, Label::Contents),
        related: label(lang, Label::Related),
        imprint: label(lang, Label::Imprint),
        page: label(lang, Label::Page),
    }
}

fn style(font: FontKey, size: Pt, gray: f64) -> TextStyle {
    TextStyle { font, size, rise: Pt::ZERO, ink: Ink::Gray(gray) }
}

/// Lines of plain text, ragged right.
fn text_lines(flow: &mut Flow, text: &str, st: TextStyle, width: Pt, hyphenate: bool) -> Vec<Line> {
    let ps = flow.ragged(width, hyphenate);
    flow.lines(&[vec![Span { text: text.to_string(), style: st, tag: None }]], &ps)
}

/// A block of plain text as one slab with the given leading factor, in a new node of `role`.
fn text_slab(flow: &mut Flow, text: &str, st: TextStyle, width: Pt, lead: f64, role: StructRole) -> Slab {
    let lines = text_lines(flow, text, st, width, false);
    let tag = Tag::Content(flow.open(role));
    stack_lines(lines, Pt::ZERO, width, st.size * lead, st.size, &mut flow.owner(tag))
}

/// Like `text_slab`, but the lines are balanced: broken at the narrowest measure that needs no
/// more lines than the full one, so a title never ends on a lone short word.
fn display_slab(flow: &mut Flow, text: &str, st: TextStyle, width: Pt, lead: f64, role: StructRole) -> Slab {
    let lines = balanced_lines(flow, text, st, width);
    let tag = Tag::Content(flow.open(role));
    stack_lines(lines, Pt::ZERO, width, st.size * lead, st.size, &mut flow.owner(tag))
}

/// Display lines of similar length: the narrowest measure (to a point) that keeps the count.
pub(crate) fn balanced_lines(flow: &mut Flow, text: &str, st: TextStyle, width: Pt) -> Vec<Line> {
    let ps = flow.ragged(width, false);
    flow.balanced(&[vec![Span { text: text.to_string(), style: st, tag: None }]], &ps)
}

/// Kicker, title, subtitle, byline, date, translation note and source of an article, full width.
pub(crate) fn article_head(flow: &mut Flow, a: &Article, width: Pt) -> Vec<Slab> {
    let s = flow.ctx.style;
    let body = Pt(s.body_size);
    let mut out = Vec::new();
    if let Some(k) = &a.kicker {
        out.push(text_slab(
            flow,
            &k.to_uppercase(),
            TextStyle {
                ink: s.colours.ink(Role::Kicker, 0.45),
                ..style(s.fonts.heading().with_bold(true), Pt(s.kicker_size), 0.0)
            },
            width,
            1.3,
            StructRole::Paragraph,
        ));
    }
    let title_style = style(s.fonts.heading().with_bold(true), Pt(s.title_size), 0.0);
    let mut title = display_slab(flow, &a.title, title_style, width, 1.1, StructRole::Heading(1));
    title.space_before = Pt(s.kicker_size) * 0.4;
    out.push(title);
    if let Some(sub) = &a.subtitle {
        let mut slab =
            display_slab(flow, sub, style(s.fonts.body(), body * 1.3, 0.15), width, 1.25, StructRole::Paragraph);
        slab.space_before = body * 0.5;
        out.push(slab);
    }
    let mut meta = Vec::new();
    if let Some(b) = &a.byline {
        meta.push((b.clone(), s.fonts.heading().with_bold(true), 0.0));
    }
    if let Some(d) = &a.date {
        meta.push((crate::text::lang::format_date(d, &a.lang), s.fonts.heading(), 0.4));
    }
    for (k, (text, font, gray)) in meta.into_iter().enumerate() {
        let mut slab = text_slab(flow, &text, style(font, body * 0.95, gray), width, 1.3, StructRole::Paragraph);
        if k == 0 {
            slab.space_before = body * 0.8;
        }
        out.push(slab);
    }
    if let Some(n) = &a.note {
        let st = style(s.fonts.body().with_italic(true), body * 0.9, 0.2);
        out.push(text_slab(flow, n, st, width, 1.3, StructRole::Paragraph));
    }
    if let Some(src) = &a.source {
        let st = style(s.fonts.heading(), body * 0.85, 0.3);
        let content = vec![Inline::Text(src.text.clone())];
        let inl = match &src.url {
            Some(u) => vec![Inline::Link { target: crate::model::LinkTarget::External(u.clone()), content }],
            None => content,
        };
        let segs = flow.spans(&inl, st);
        let ps = flow.ragged(width, false);
        let lines = flow.lines(&segs, &ps);
        let tag = Tag::Content(flow.open(StructRole::Paragraph));
        out.push(stack_lines(lines, Pt::ZERO, width, st.size * 1.3, st.size, &mut flow.owner(tag)));
    }
    // A thin rule closes the head; the body starts a grid line below it.
    let lead = Pt(s.leading);
    let rule = Positioned::new(
        Pt::ZERO,
        lead * 0.5,
        FrameItem::Rect { width, height: Pt(0.5), ink: s.colours.ink(Role::Rules, 0.5) },
    );
    out.push(Slab { height: lead * 1.5, items: vec![rule], ..Slab::default() });
    out
}

/// The outlined "related articles" box closing an article, in the article's language.
pub(crate) fn related_box(flow: &mut Flow, a: &Article, issue: &Issue, m: Measure) -> Option<Slab> {
    let s = flow.ctx.style;
    if a.related.is_empty() {
        return None;
    }
    let l = labels(&a.lang);
    let size = m.size * 0.9;
    let pad = size * 0.8;
    let num_w = size * 4.0;
    let inner = (m.width - pad * 2.0 - num_w).max(m.width * 0.3);
    let mut slab = Slab { space_before: m.leading, snap: true, ..Slab::default() };
    let head = text_lines(flow, l.related, style(s.fonts.heading().with_bold(true), size, 0.0), inner, false);
    let lead = size * 1.3;
    let mut y = pad;
    let group = flow.open(StructRole::Div);
    let heading = Tag::Content(flow.tree.add(StructRole::Heading(2), group));
    for mut line in head {
        fit_line(&mut line, inner);
        place_line(&mut slab, line, m.x + pad, y + lead * 0.8, &mut flow.owner(heading));
        y += lead;
    }
    for entry in &a.related {
        let (text, folio_of) = match entry {
            Related::Article(r) => (issue.article(*r).title.clone(), Some(*r)),
            // Print has no links: the address is written out.
            Related::External(reference) => match reference.url.as_deref() {
                Some(url) => (format!("{} {url}", reference.citation(&a.lang).plain()), None),
                None => (reference.citation(&a.lang).plain(), None),
            },
        };
        let lines = text_lines(flow, &text, style(s.fonts.body(), size, 0.0), inner, true);
        let top = y;
        let entry_node = flow.tree.add(StructRole::Paragraph, group);
        let link = Tag::Content(flow.tree.add(StructRole::Link, entry_node));
        for (k, mut line) in lines.into_iter().enumerate() {
            fit_line(&mut line, inner);
            place_line(&mut slab, line, m.x + pad, y + lead * 0.8, &mut flow.owner(link));
            if let Some(r) = folio_of.filter(|_| k == 0) {
                // The page reference in the family of the title it belongs to.
                let st = style(s.fonts.body(), size, 0.0);
                slab.folios.push(FolioRef {
                    article: r,
                    prefix: format!("{}\u{a0}", l.page),
                    right: m.x + m.width - pad,
                    baseline: y + lead * 0.8,
                    style: st,
                    tag: link,
                    at: slab.items.len(),
                });
            }
            y += lead;
        }
        let (x, width, height) = (m.x + pad, m.width - pad * 2.0, y - top);
        match entry {
            Related::Article(r) => {
                let target = DeferredTarget::Article(ArticleTarget { article: *r, fragment: None });
                let area = slab.push_deferred_link(x, top, width, height, target);
                area.tag = link;
                describe(area, issue.article(*r).title.clone());
            }
            Related::External(reference) => {
                if let Some(url) = reference.url.as_deref().filter(|u| crate::model::links::is_safe_link(u)) {
                    let url = url.trim().to_string();
                    let item = FrameItem::Link { width, height, target: LinkDest::Uri(url.clone()), description: url };
                    slab.items.push(Positioned { x, y: top, item, tag: link });
                }
            }
        }
    }
    y += pad;
    let outline = FrameItem::BoxOutline { width: m.width, height: y, stroke: Pt(0.6), ink: Ink::Gray(0.3) };
    slab.items.push(Positioned::new(m.x, Pt::ZERO, outline));
    slab.height = y;
    Some(slab)
}

/// The title page: publication, issue label, period, cover image, publisher. No folio.
pub(crate) fn title_page(ctx: &Ctx, flow: &mut Flow) -> Vec<Positioned> {
    let g = &ctx.geo;
    let s = ctx.style;
    let issue = ctx.issue;
    let w = g.body_w;
    let mut items = Vec::new();
    let mut y = g.top;
    let big = Pt(s.title_size * 1.7);
    // The publication's name is the document's first heading.
    for (text, st, lead, role) in [
        (issue.title.clone(), style(s.fonts.heading().with_bold(true), big, 0.0), 1.05, StructRole::Heading(1)),
        (issue.issue_label.clone(), style(s.fonts.heading(), big * 0.5, 0.2), 1.3, StructRole::Paragraph),
    ] {
        let slab = text_slab(flow, &text, st, w, lead, role);
        items.extend(slab.items.into_iter().map(|p| Positioned { y: p.y + y, ..p }));
        y += slab.height + big * 0.15;
    }
    if let Some(p) = &issue.period {
        let slab = text_slab(flow, p, style(s.fonts.heading(), big * 0.32, 0.35), w, 1.3, StructRole::Paragraph);
        items.extend(slab.items.into_iter().map(|it| Positioned { y: it.y + y, ..it }));
        y += slab.height;
    }
    items.push(Positioned::new(
        Pt::ZERO,
        y + Pt(6.0),
        FrameItem::Rect { width: w, height: Pt(1.5), ink: s.colours.ink(Role::Rules, 0.0) },
    ));
    y += Pt(24.0);
    let foot = g.top + g.body_h;
    if let Some(cover) = issue.cover {
        if let Some(image) = ctx.images.get(cover) {
            let (placed, resolution) = cover_image(ctx, image, y, (foot - y - Pt(40.0)).max(Pt(10.0)));
            items.push(placed);
            if resolution < PPI_WARN {
                flow.low_resolution.push(LowResolution { asset: cover, ppi: resolution, edge_to_edge: false });
            }
        }
    }
    if let Some(p) = &issue.publisher {
        let slab = text_slab(flow, p, style(s.fonts.heading(), big * 0.3, 0.2), w, 1.3, StructRole::Paragraph);
        let top = foot - slab.height;
        items.extend(slab.items.into_iter().map(|it| Positioned { y: it.y + top, ..it }));
    }
    items
}

/// The cover image below the title, `height` high, and its effective resolution. It spans the
/// page from edge to edge (into the bleed in print) when its pixels still give the 250 ppi print
/// shops accept there; otherwise it is fitted into the body, never enlarged under 150 ppi.
fn cover_image(ctx: &Ctx, image: DrawableImage, top: Pt, height: Pt) -> (Positioned, f64) {
    let DrawableImage { index, width: iw, height: ih } = image;
    let g = &ctx.geo;
    let bleed = Pt::from_mm(ctx.style.print.bleed_mm.max(0.0));
    // Covering the page width plus the bleed on both sides, and the given height.
    let full_scale = ((g.page_w + bleed * 2.0).0 / iw).max(height.0 / ih);
    if ppi(1.0, Pt(full_scale)) >= PPI_WARN {
        // x is relative to the body, which starts at the inner margin on the title page.
        let item = FrameItem::Image { image: index, width: g.page_w, height, bleed: true };
        // The model has no description of the cover, so it is decoration (an artifact).
        return (Positioned::new(-g.inner, top, item), ppi(1.0, Pt(full_scale)));
    }
    let box_w = g.body_w.min(widest(iw));
    let scale = (box_w.0 / iw).min(height.0 / ih);
    let (w, h) = (Pt(iw * scale), Pt(ih * scale));
    let item = FrameItem::Image { image: index, width: w, height: h, bleed: false };
    (Positioned::new((g.body_w - w) / 2.0, top, item), ppi(iw, w))
}

fn heading_slab(flow: &mut Flow, text: &str, width: Pt) -> Slab {
    let s = flow.ctx.style;
    let st = style(s.fonts.heading().with_bold(true), Pt(s.title_size * 0.8), 0.0);
    let mut slab = text_slab(flow, text, st, width, 1.1, StructRole::Heading(1));
    slab.height += Pt(s.leading);
    slab
}

/// The table of contents: sections, then each article's kicker, title, byline and page number
/// (set once pages are numbered), each entry a link to the article.
pub(crate) fn toc(ctx: &Ctx, flow: &mut Flow) -> Laid {
    let g = &ctx.geo;
    let s = ctx.style;
    let issue = ctx.issue;
    let w = g.body_w;
    let mut head = vec![heading_slab(flow, labels(&issue.language).contents, w)];
    super::sink_opening(&mut head, ctx);
    let mut body = Vec::new();
    let list = flow.open(StructRole::Toc);
    for toc_section in issue.toc() {
        let section = flow.tree.add(StructRole::TocItem, list);
        let mut slab = flow.within(section, |flow| {
            text_slab(
                flow,
                &toc_section.section.title.to_uppercase(),
                style(s.fonts.heading().with_bold(true), Pt(s.kicker_size + 1.0), 0.35),
                w,
                1.4,
                StructRole::Paragraph,
            )
        });
        slab.space_before = Pt(s.leading);
        slab.keep_with_next = true;
        body.push(slab);
        for &(id, article) in &toc_section.articles {
            let entry = flow.tree.add(StructRole::TocItem, list);
            let link = Tag::Content(flow.tree.add(StructRole::Link, entry));
            body.push(toc_entry(flow, article, id, w, link));
        }
    }
    paginate(head, body, Vec::new(), &ctx.columns(1))
}

/// One contents entry, every line of it (and its page number) the text of the link `link`.
fn toc_entry(flow: &mut Flow, a: &Article, id: ArticleId, w: Pt, link: Tag) -> Slab {
    let s = flow.ctx.style;
    let num_w = Pt(s.body_size * 4.0);
    let tw = w - num_w;
    let mut slab = Slab { space_before: Pt(s.leading) * 0.6, ..Slab::default() };
    let mut y = Pt::ZERO;
    let mut add = |flow: &mut Flow, slab: &mut Slab, text: &str, st: TextStyle, lead: f64, folio: bool| {
        let lines = text_lines(flow, text, st, tw, false);
        for (k, mut line) in lines.into_iter().enumerate() {
            fit_line(&mut line, tw);
            let base = y + st.size * (lead - 0.25);
            place_line(slab, line, Pt::ZERO, base, &mut flow.owner(link));
            if folio && k == 0 {
                let fst = style(s.fonts.heading().with_bold(true), st.size, 0.0);
                let prefix = String::new();
                let at = slab.items.len();
                slab.folios.push(FolioRef { article: id, prefix, right: w, baseline: base, style: fst, tag: link, at });
            }
            y += st.size * lead;
        }
    };
    if let Some(k) = &a.kicker {
        add(flow, &mut slab, k, style(s.fonts.heading(), Pt(s.kicker_size), 0.45), 1.3, false);
    }
    add(flow, &mut slab, &a.title, style(s.fonts.heading().with_bold(true), Pt(s.body_size * 1.15), 0.0), 1.2, true);
    if let Some(b) = &a.byline {
        add(flow, &mut slab, b, style(s.fonts.body().with_italic(true), Pt(s.body_size * 0.9), 0.25), 1.3, false);
    }
    slab.height = y;
    let target = DeferredTarget::Article(ArticleTarget { article: id, fragment: None });
    let area = slab.push_deferred_link(Pt::ZERO, Pt::ZERO, w, y, target);
    area.tag = link;
    describe(area, a.title.clone());
    slab
}

/// The imprint pages, headed in the issue's language, in small print as imprints are, in the
/// body's columns.
pub(crate) fn imprint(ctx: &Ctx, flow: &mut Flow, blocks: &[crate::model::Block]) -> Laid {
    let cols = ctx.columns(ctx.style.column_count());
    let w = cols.width;
    let mut head = vec![heading_slab(flow, labels(&ctx.issue.language).imprint, ctx.geo.body_w)];
    super::sink_opening(&mut head, ctx);
    let mut body = Vec::new();
    let s = ctx.style;
    let m = Measure {
        x: Pt::ZERO,
        width: w,
        min_width: w / 3.0,
        size: Pt(s.footnote_size + 0.5),
        leading: Pt(s.footnote_leading + 1.5),
        indent: Pt::ZERO,
        depth: 0,
    };
    flow.blocks(blocks, m, &mut body);
    paginate(head, body, Vec::new(), &cols)
}

/// Shapes `text` on one line, shortened with an ellipsis to at most `max` wide.
pub(crate) fn short_line(text: &str, st: TextStyle, max: Pt) -> Line {
    let line = layout_line(&[Span { text: text.to_string(), style: st, tag: None }]);
    if line.width <= max {
        return line;
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let t: String = chars[..mid].iter().collect::<String>().trim_end().to_string() + "…";
        if layout_line(&[Span { text: t, style: st, tag: None }]).width <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let t: String = chars[..lo].iter().collect::<String>().trim_end().to_string() + "…";
    let mut line = layout_line(&[Span { text: t, style: st, tag: None }]);
    fit_line(&mut line, max);
    line
}

/// Running heads and folios repeat on every page: pagination artifacts, not read.
fn furniture(x: Pt, y: Pt, item: FrameItem) -> Positioned {
    Positioned { tag: Tag::Pagination, ..Positioned::new(x, y, item) }
}

/// Running head (publication and issue on the inner side, `title` on the outer) and a thin rule
/// above the body. `left` is the body's left edge on this page. Opening pages (an article's first
/// page, the contents, the imprint) have none: their own head names them.
pub(crate) fn running_head(ctx: &Ctx, items: &mut Vec<Positioned>, page: usize, left: Pt, title: &str) {
    let g = &ctx.geo;
    let s = ctx.style;
    let st = style(s.fonts.heading(), Pt(s.running_size), 0.3);
    let recto = page.is_multiple_of(2);
    let base = g.top - Pt(s.running_size) * 1.9;
    let publication = format!("{} · {}", ctx.issue.title, ctx.issue.issue_label);
    let pub_line = short_line(&publication, st, g.body_w * 0.45);
    let title_line = short_line(title, st, g.body_w * 0.5);
    let (l, r) = if recto { (pub_line, title_line) } else { (title_line, pub_line) };
    let right_x = left + g.body_w - r.width;
    for (line, x) in [(l, left), (r, right_x)] {
        for run in line.runs {
            items.push(furniture(x + run.x, base - run.rise, FrameItem::Text(run.run)));
        }
    }
    let rule = FrameItem::Rect { width: g.body_w, height: Pt(0.3), ink: s.colours.ink(Role::Rules, 0.4) };
    items.push(furniture(left, base + Pt(s.running_size) * 0.6, rule));
}

/// The folio at the outer foot of every page but the title page.
pub(crate) fn folio(ctx: &Ctx, items: &mut Vec<Positioned>, page: usize, left: Pt) {
    let g = &ctx.geo;
    let s = ctx.style;
    let recto = page.is_multiple_of(2);
    let folio = layout_line(&[Span {
        text: (page + 1).to_string(),
        style: style(s.fonts.heading().with_bold(true), Pt(s.running_size + 1.0), 0.0),
        tag: None,
    }]);
    let fx = if recto { left + g.body_w - folio.width } else { left };
    let fy = g.top + g.body_h + Pt(s.leading) * 2.0;
    for run in folio.runs {
        items.push(furniture(fx + run.x, fy, FrameItem::Text(run.run)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_language() {
        assert_eq!(labels("de-AT").contents, "Inhalt");
        assert_eq!(labels("en").related, "Related");
        assert_eq!(labels("fr").contents, "Sommaire");
        assert_eq!(labels("de").page, "S.");
        assert_eq!(labels("").imprint, "Imprint");
    }
}
