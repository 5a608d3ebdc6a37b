//! GFM tables → slabs, one per row: column widths from the content, smaller type for wide
//! tables, the header row repeated at the top of every column the table continues in.

use std::sync::Arc;

use crate::model::{counted_chars, Align, Inline, TextPosition};
use crate::pdf::frame::{FrameItem, HeaderScope, Ink, Positioned, StructId, StructNode, StructRole, Tag};
use crate::pdf::layout::blocks::{Flow, Measure};
use crate::pdf::layout::pages::Slab;
use crate::pdf::layout::text::{baseline_in, fit_line, place_line};
use crate::pdf::typeset::fonts::FontKey;
use crate::pdf::typeset::inline::{layout_line, Alignment, Line, ParagraphStyle, Span, TextStyle};
use crate::pdf::units::Pt;

/// Type sizes tried for a table, as fractions of the body size: smaller until the columns fit.
const SCALES: [f64; 4] = [0.9, 0.8, 0.7, 0.6];

/// A table of at least this many columns whose natural widths exceed a column spans the columns.
const MANY_COLUMNS: usize = 4;
/// A table spans the columns, or floats in its column, only when it takes at most this share of
/// the body height.
const SPAN_MAX_HEIGHT: f64 = 0.45;

type Cells<'a> = Vec<Vec<&'a [Inline]>>;

fn cell(row: &[Vec<Inline>], c: usize) -> &[Inline] {
    row.get(c).map_or(&[][..], |v| v.as_slice())
}

impl Flow<'_> {
    /// Lays out a table; rows become slabs, the header kept with the first row. A table too wide
    /// for a column of a multi-column page is set across the columns as one float when it is
    /// short enough (and has no footnote marks, which belong to a column).
    pub(crate) fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        m: Measure,
        out: &mut Vec<Slab>,
    ) {
        let ncols = rows.iter().map(Vec::len).chain([header.len()]).max().unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let head: Cells = vec![(0..ncols).map(|c| cell(header, c)).collect()];
        let body: Cells = rows.iter().map(|r| (0..ncols).map(|c| cell(r, c)).collect()).collect();
        let body_w = self.ctx.geo.body_w;
        if m.x == Pt::ZERO && body_w > m.width + Pt(1.0) && self.too_wide(&head, &body, ncols, m) {
            let mark = self.tree.nodes.len();
            let mut slabs = Vec::new();
            self.table_rows(align, header, &head, &body, Measure { width: body_w, ..m }, &mut slabs);
            let slab = Slab::stacked(slabs);
            if slab.notes.is_empty() && slab.height <= self.ctx.geo.body_h * SPAN_MAX_HEIGHT {
                out.push(Slab { span: true, float: true, ..slab });
                return;
            }
            // Set in the column after all: the nodes made for the spanning attempt go.
            self.tree.nodes.truncate(mark);
        }
        let mut slabs = Vec::new();
        self.table_rows(align, header, &head, &body, m, &mut slabs);
        // A short table in the running text floats as a figure does: when it does not fit where
        // it is referred to, the text flows on and it opens the next column. A long one breaks
        // between rows, its header repeated.
        let height: Pt = slabs.iter().map(|s| s.space_before + s.height).sum();
        let notes = slabs.iter().any(|s| !s.notes.is_empty());
        if m.x == Pt::ZERO && !notes && height <= self.ctx.geo.body_h * SPAN_MAX_HEIGHT {
            out.push(Slab { float: true, ..Slab::stacked(slabs) });
        } else {
            out.extend(slabs);
        }
    }

    /// Whether a table wants more than a column: at its first type size its natural widths
    /// exceed the measure and it has many columns, or its longest words alone do.
    fn too_wide(&mut self, head: &Cells, body: &Cells, ncols: usize, m: Measure) -> bool {
        let size = (m.size * SCALES[0]).max(Pt(5.0));
        let (nat, min) = self.extents(head, body, ncols, size);
        let (sum_nat, sum_min): (Pt, Pt) = (nat.iter().copied().sum(), min.iter().copied().sum());
        sum_nat > m.width && (ncols >= MANY_COLUMNS || sum_min > m.width)
    }

    /// The rows of a table at measure `m`.
    fn table_rows(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        head: &Cells,
        body: &Cells,
        m: Measure,
        out: &mut Vec<Slab>,
    ) {
        let ncols = head[0].len();
        let (size, widths) = self.column_widths(head, body, ncols, m);
        let pad = size * 0.35;
        let aligns: Vec<Alignment> = (0..ncols).map(|c| alignment(align.get(c).copied())).collect();
        let table = self.open(StructRole::Table);
        let (thead, tbody) = (self.tree.add(StructRole::TableHead, table), self.tree.add(StructRole::TableBody, table));
        let header_row = self.tree.add(StructRole::TableRow, thead);
        let mut hslab = self.row(&head[0], &widths, &aligns, size, pad, true, m, header_row);
        hslab.items.push(hrule(m.x, Pt::ZERO, m.width.min(widths.iter().copied().sum()), Pt(0.8), 0.0));
        let total: Pt = widths.iter().copied().sum();
        hslab.items.push(hrule(m.x, hslab.height - Pt(0.5), total, Pt(0.5), 0.0));
        hslab.keep_with_next = true;
        hslab.start = Some(TextPosition { block: self.path.clone(), offset: 0 });
        let mut counted: usize = header.iter().map(|c| counted_chars(c)).sum();
        hslab.space_before = m.leading * super::blocks::BLOCK_AIR;
        // The header repeated atop later columns is decoration: readers met it once already.
        let mut repeated = Slab { space_before: Pt::ZERO, ..hslab.clone() };
        for item in &mut repeated.items {
            item.tag = Tag::Layout;
        }
        let shared = Arc::new(repeated);
        out.push(hslab);
        let n = body.len();
        for (k, r) in body.iter().enumerate() {
            let row = self.tree.add(StructRole::TableRow, tbody);
            let mut slab = self.row(r, &widths, &aligns, size, pad, false, m, row);
            slab.start = Some(TextPosition { block: self.path.clone(), offset: counted });
            counted += r.iter().map(|c| counted_chars(c)).sum::<usize>();
            if k > 0 {
                slab.header = Some(shared.clone());
            }
            if k + 1 == n {
                slab.items.push(hrule(m.x, slab.height - Pt(0.6), total, Pt(0.6), 0.0));
                slab.snap = true;
                slab.space_after = m.leading * super::blocks::BLOCK_AIR;
            } else {
                slab.items.push(hrule(m.x, slab.height - Pt(0.3), total, Pt(0.3), 0.7));
            }
            out.push(slab);
        }
        if n == 0 {
            if let Some(last) = out.last_mut() {
                last.keep_with_next = false;
                last.snap = true;
                last.space_after = m.leading * super::blocks::BLOCK_AIR;
            }
        }
    }

    /// Picks the type size and the column widths: natural widths when they fit, else widths
    /// between each column's longest word and its natural width, else proportional shares.
    fn column_widths(&mut self, head: &Cells, body: &Cells, ncols: usize, m: Measure) -> (Pt, Vec<Pt>) {
        let mut last = (m.size, vec![m.width / ncols as f64; ncols]);
        for scale in SCALES {
            let size = (m.size * scale).max(Pt(5.0));
            let (nat, min) = self.extents(head, body, ncols, size);
            let sum_nat: Pt = nat.iter().copied().sum();
            let sum_min: Pt = min.iter().copied().sum();
            if sum_nat <= m.width {
                return (size, nat);
            }
            if sum_min <= m.width {
                let spare = m.width - sum_min;
                let stretch = (sum_nat - sum_min).max(Pt(0.001));
                let w = (0..ncols).map(|c| min[c] + spare * ((nat[c] - min[c]).0 / stretch.0)).collect();
                return (size, w);
            }
            // Too wide even word by word: half an equal share each, the rest by longest word, so
            // that no column of a very wide table shrinks to nothing.
            let equal = m.width / ncols as f64;
            let w = min.iter().map(|&w| equal * 0.5 + m.width * 0.5 * (w.0 / sum_min.0.max(0.001))).collect();
            last = (size, w);
        }
        last
    }

    /// Per column at type size `size`: the natural width (padded) and the longest word's.
    fn extents(&mut self, head: &Cells, body: &Cells, ncols: usize, size: Pt) -> (Vec<Pt>, Vec<Pt>) {
        let pad = size * 0.35;
        let mut nat = vec![Pt::ZERO; ncols];
        let mut min = vec![Pt::ZERO; ncols];
        for (r, row) in head.iter().chain(body.iter()).enumerate() {
            for (c, inl) in row.iter().enumerate() {
                let (n, w) = self.cell_extent(inl, size, r == 0);
                // One point of slack so a natural-width cell does not wrap on rounding.
                nat[c] = nat[c].max(n + pad * 2.0 + Pt(1.0));
                min[c] = min[c].max(w + pad * 2.0);
            }
        }
        (nat, min)
    }

    /// Natural one-line width of a cell and the width of its longest word.
    fn cell_extent(&mut self, inl: &[Inline], size: Pt, bold: bool) -> (Pt, Pt) {
        let style = cell_style(self.ctx.style.fonts.body(), size, bold);
        let spans: Vec<Span> = self.spans(inl, style).into_iter().flatten().collect();
        if spans.is_empty() {
            return (Pt::ZERO, Pt::ZERO);
        }
        let natural = layout_line(&spans).width;
        let text = Inline::plain_text(inl);
        let word = text.split_whitespace().max_by_key(|w| w.chars().count()).unwrap_or("");
        let word_w = if word.is_empty() {
            Pt::ZERO
        } else {
            layout_line(&[Span { text: word.to_string(), style, tag: None }]).width
        };
        (natural, word_w.min(natural))
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        cells: &[&[Inline]],
        widths: &[Pt],
        aligns: &[Alignment],
        size: Pt,
        pad: Pt,
        bold: bool,
        m: Measure,
        row: StructId,
    ) -> Slab {
        let lead = size * 1.3;
        let mut slab = Slab::default();
        let mut x = m.x;
        let mut tallest = Pt::ZERO;
        for (c, inl) in cells.iter().enumerate() {
            // Narrow columns of very wide tables give their padding to the text.
            let pad = pad.min(widths[c] * 0.1);
            let inner = (widths[c] - pad * 2.0).max(Pt(1.0));
            let segs = self.spans(inl, cell_style(self.ctx.style.fonts.body(), size, bold));
            let ps = ParagraphStyle {
                width: inner,
                align: aligns[c],
                first_indent: Pt::ZERO,
                lang: self.lang.clone(),
                hyphenate: true,
            };
            let lines: Vec<Line> = self.lines(&segs, &ps);
            let cell = self.tree.add_node(cell_node(bold, row));
            let mut y = pad;
            for mut line in lines {
                fit_line(&mut line, inner);
                place_line(&mut slab, line, x + pad, y + baseline_in(lead, size), &mut self.owner(Tag::Content(cell)));
                y += lead;
            }
            tallest = tallest.max(y);
            x += widths[c];
        }
        slab.height = tallest + pad;
        slab.first_baseline = Some(pad + baseline_in(lead, size));
        slab
    }
}

/// A header cell (heading its column) in the bold header row, else a data cell.
fn cell_node(header: bool, row: StructId) -> StructNode {
    match header {
        true => StructNode { scope: Some(HeaderScope::Column), ..StructNode::new(StructRole::TableHeader, Some(row)) },
        false => StructNode::new(StructRole::TableCell, Some(row)),
    }
}

fn cell_style(body: FontKey, size: Pt, bold: bool) -> TextStyle {
    TextStyle { font: body.with_bold(bold), size, rise: Pt::ZERO, ink: Ink::BLACK }
}

fn alignment(a: Option<Align>) -> Alignment {
    match a {
        Some(Align::Center) => Alignment::Center,
        Some(Align::Right) => Alignment::Right,
        _ => Alignment::Left,
    }
}

fn hrule(x: Pt, y: Pt, width: Pt, height: Pt, gray: f64) -> Positioned {
    Positioned::new(x, y, FrameItem::Rect { width, height, ink: Ink::Gray(gray) })
}
