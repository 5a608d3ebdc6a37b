//! Knuth–Plass total-fit line breaking: box / glue / penalty items and a measure → the chosen
//! breakpoints with each line's adjustment. Knows no fonts, glyphs or PDF; all lengths are in
//! one unit of the caller's choosing. Beyond Knuth and Plass (1981): boxes may stretch and
//! shrink a little (glyph expansion, as pdfTeX's hz), and material may hang into the margins
//! at line ends (margin kerning, as pdfTeX's protrusion); both enter the breaker's arithmetic,
//! not a correction afterwards.

/// Penalty cost at or above which a break is forbidden; at or below its negative, forced.
pub const INFINITE_PENALTY: f64 = 10_000.0;

/// Cost of a break the breaker had to invent inside unbreakable material (a word wider than
/// the measure): far worse than any hyphen, still finite so it can always be taken.
pub const EMERGENCY_PENALTY: f64 = 5_000.0;

/// How far the first glyph of a box may hang into the left margin when the box starts a line,
/// and its last glyph into the right margin when the box ends one (margin kerning).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Hang {
    pub left: f64,
    pub right: f64,
}

/// One element of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Material that is never broken. `stretch` and `shrink` are how much glyph expansion may
    /// widen or narrow it (proportional to its width; zero for an indent); expansion is used
    /// before the glue of a line stretches or shrinks.
    Box { width: f64, stretch: f64, shrink: f64, hang: Hang },
    /// Space that may stretch and shrink; a line may end at glue that follows a box (the glue
    /// then vanishes). `stretch = f64::INFINITY` is "fil" glue (ends the last line ragged).
    Glue { width: f64, stretch: f64, shrink: f64 },
    /// A possible break costing `cost`; `width` is added to the line only when it breaks here
    /// (a hyphen), and `hang` is how far the line's end may then hang into the right margin.
    /// `flagged` marks hyphen breaks, which should not stack.
    Penalty { width: f64, cost: f64, flagged: bool, hang: f64 },
}

impl Item {
    /// A box that neither expands nor hangs (an indent, a test word).
    pub fn rigid(width: f64) -> Item {
        Item::Box { width, stretch: 0.0, shrink: 0.0, hang: Hang::default() }
    }

    pub fn glue(width: f64, stretch: f64, shrink: f64) -> Item {
        Item::Glue { width, stretch, shrink }
    }

    /// A penalty that hangs nothing into the margin.
    pub fn penalty(width: f64, cost: f64, flagged: bool) -> Item {
        Item::Penalty { width, cost, flagged, hang: 0.0 }
    }
}

/// Tuning of the breaker.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// The measure.
    pub width: f64,
    /// Largest adjustment ratio accepted in the first pass.
    pub tolerance: f64,
    /// Largest ratio accepted in the second pass, which also adds `emergency_stretch`.
    pub emergency_tolerance: f64,
    /// Extra stretch assumed per line in the second pass (it loosens lines, not rules).
    pub emergency_stretch: f64,
    /// Added to every line's badness before squaring: prefers fewer lines.
    pub line_penalty: f64,
    /// Added when two consecutive lines end in flagged (hyphen) breaks.
    pub flagged_demerits: f64,
    /// Added again when a third (or later) line in a row ends in a flagged break.
    pub stack_demerits: f64,
    /// Whether a third hyphenated line in a row is rejected outright, in the tolerance passes
    /// and in the last-resort pass alike (which then prefers a line loose enough to be set
    /// ragged). Only a paragraph that cannot be set without a stack at all (a word longer than
    /// two lines) goes on to a final pass where `stack_demerits` weigh the stack instead.
    pub reject_stacks: bool,
    /// Added when the last full line of the paragraph ends in a hyphen.
    pub final_hyphen_demerits: f64,
    /// Added when adjacent lines differ by more than one fitness class (tight next to loose).
    pub fitness_demerits: f64,
    /// Weight of the difference in word spacing between adjacent lines, per
    /// [`NOTICEABLE_SPACING_STEP`] squared: even texture beyond the four fitness classes.
    pub uneven_demerits: f64,
    /// For ragged alignment: stretch assumed at every line end instead of stretching the glue.
    pub ragged_stretch: Option<f64>,
}

/// A change of word spacing between two adjacent lines, relative to the natural space, that
/// readers notice as uneven texture: about 0.1 em on a 0.26 em space.
pub const NOTICEABLE_SPACING_STEP: f64 = 0.35;

impl Params {
    /// Settings for justified text at a measure; see the why-comments on each value.
    pub fn justified(width: f64) -> Params {
        Params {
            width,
            // The ratio counts glyph expansion and glue together (as pdfTeX does), so 1.6 leaves
            // the spaces themselves at about their full stretch; looser lines go to pass 2.
            tolerance: 1.6,
            // Second pass: real badness still steers, so it stays even; beyond this only the
            // last-resort pass (any line that is not overfull) remains.
            emergency_tolerance: 10.0,
            emergency_stretch: 0.0,
            // TeX's \linepenalty.
            line_penalty: 10.0,
            // Above TeX's 10 000 \doublehyphendemerits: German with its long compounds
            // otherwise stacks three and more hyphens.
            flagged_demerits: 15_000.0,
            // Three hyphens in a row are a classic fault, as bad as a line at ratio ≈ 3.2
            // (badness ≈ 3200, which inline.rs sets ragged). Two-column 100-article issue:
            // 10⁶ left 1242 stacks, 10⁷ 595 (4 % of lines ragged), 10⁸ 76 (8 % ragged).
            stack_demerits: 10_000_000.0,
            // Stacks that survived the demerits came from paragraphs where pass 1 had no
            // stack-free solution within tolerance. Rejecting them in pass 2 as well: two
            // 83 mm columns, 100-article issue, 595 stacks → 52 (justified lines 21 171 → 19 763,
            // the rest ragged); the sample issue 2 → 0. The last 52 (92 later) came from the
            // last-resort pass, whose ragged lines cost 10⁸ each against a stack's 10⁷:
            // rejecting them there too leaves none.
            reject_stacks: true,
            final_hyphen_demerits: 5_000.0,
            // TeX's \adjdemerits.
            fitness_demerits: 10_000.0,
            // A noticeable step in spacing between neighbours costs as much as TeX's
            // \adjdemerits: Knuth–Plass's classes alone let a 0.2 em line follow a 0.32 em one.
            uneven_demerits: 10_000.0,
            ragged_stretch: None,
        }
    }
}

/// One line chosen by the breaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChosenLine {
    /// First item on the line (glue and penalties after the previous break are skipped).
    pub start: usize,
    /// The item the line breaks at. It is part of the line only when it is a penalty (its width
    /// counts, e.g. a hyphen); glue at the break vanishes.
    pub end: usize,
    /// Adjustment ratio of the line's own glue: > 0 stretch, < 0 shrink (never below -1),
    /// 0 for lines ending in fil glue that are not too long, or with no stretchable glue.
    pub ratio: f64,
    /// Share of the boxes' stretch (> 0) or shrink (< 0) used by glyph expansion, in -1..=1.
    pub expansion: f64,
    /// How far the line starts left of the measure (its first glyph hangs into the margin).
    /// The line then ends at the measure plus the right hang of its last glyph.
    pub hang_left: f64,
}

/// Breaks `items` into lines no wider than `params.width`.
///
/// The caller should end the paragraph with fil glue and a forced penalty, and should first run
/// [`forced_break_positions`] so every unbreakable stretch fits. Three passes: within
/// `tolerance`; within `emergency_tolerance` with `emergency_stretch`; then any line that is
/// not overfull (and a fourth that allows hyphen stacks, for paragraphs that cannot do without).
/// Very long paragraphs are broken in overlapping chunks to stay linear.
pub fn linebreak(items: &[Item], params: &Params) -> Vec<ChosenLine> {
    if items.len() <= CHUNK_ITEMS {
        return break_all_passes(items, params, 0);
    }
    break_in_chunks(items, params, CHUNK_ITEMS)
}

/// The best settings of a paragraph set as `as_set` (by `linebreak`) with one line fewer and
/// one line more (TeX's `\looseness` of -1 and +1), its first `kept` lines as set (they stand
/// in an earlier column): `[shorter, longer]`, each `None` when no such setting keeps every
/// line within the tolerance of the second pass (which of them are acceptable is the caller's
/// judgement) without a hyphen stack. Page layout takes one to close a hole at a column's foot.
/// Line counts are part of the search only here; very long paragraphs (broken in chunks) get
/// none.
pub fn linebreak_one_line_off(
    items: &[Item],
    params: &Params,
    as_set: &[ChosenLine],
    kept: usize,
) -> [Option<Vec<ChosenLine>>; 2] {
    let lines = as_set.len().saturating_sub(kept);
    if items.len() > CHUNK_ITEMS || lines < 2 {
        return [None, None];
    }
    // The rest of the paragraph starts at the first box after the last kept line's break.
    let mut start = kept.checked_sub(1).map_or(0, |k| as_set[k].end + 1);
    while start < items.len() && !matches!(items[start], Item::Box { .. }) && !is_forced(&items[start]) {
        start += 1;
    }
    let rest = &items[start..];
    let sums = prefix_sums(rest);
    let streak = trailing_streak(items, &as_set[..kept]);
    let pass = Pass {
        tolerance: params.emergency_tolerance,
        extra_stretch: 0.0,
        last_resort: false,
        no_stacks: params.reject_stacks,
    };
    let mut found = Breaker::new(rest, params, &sums, pass, streak).run_counting_lines(lines + 1);
    let whole = |set: Option<Vec<ChosenLine>>| {
        set.map(|set| as_set[..kept].iter().copied().chain(set.into_iter().map(|l| shift(l, start))).collect())
    };
    let longer = whole(found.pop().flatten());
    let shorter = whole(found.swap_remove(lines - 1));
    [shorter, longer]
}

/// Item indices before which an emergency penalty must be inserted so that no stretch of
/// material between legal breaks is wider than the measure (leaving room for the widest
/// penalty, e.g. a hyphen). Use for words longer than a line.
pub fn forced_break_positions(items: &[Item], width: f64) -> Vec<usize> {
    let margin = items
        .iter()
        .map(|it| match it {
            Item::Penalty { width, cost, .. } if *cost < INFINITE_PENALTY => *width,
            _ => 0.0,
        })
        .fold(0.0, f64::max);
    let limit = width - margin;
    let mut positions = Vec::new();
    let mut run = 0.0;
    for (i, item) in items.iter().enumerate() {
        match *item {
            Item::Box { width: w, .. } => {
                if run > 0.0 && run + w > limit + EPSILON {
                    positions.push(i);
                    run = 0.0;
                }
                run += w;
            }
            Item::Glue { width: w, shrink, .. } => {
                if is_legal_break(items, i) {
                    run = 0.0;
                } else {
                    run += w - shrink;
                }
            }
            Item::Penalty { cost, .. } if cost < INFINITE_PENALTY => run = 0.0,
            Item::Penalty { .. } => {}
        }
    }
    positions
}

/// Paragraphs longer than this many items are broken chunk by chunk.
const CHUNK_ITEMS: usize = 20_000;
/// Lines at the end of a chunk that are broken again with the next chunk, so chunk seams do
/// not show.
const CHUNK_OVERLAP_LINES: usize = 3;
/// Fitness classes by the relative change of the word spaces: tight, decent, loose, very
/// loose. Knuth–Plass classify by the adjustment ratio; with glyph expansion taking the first
/// part of every adjustment the spaces themselves are what the reader sees.
const FITNESS_CLASSES: usize = 4;
/// Upper bounds of the tight, decent and loose classes (relative change of the spaces): TeX's
/// ratio bounds −0.5, 0.5 and 1 with its plain fonts' shrink of 1/3 and stretch of 1/2.
const CLASS_BOUNDS: [f64; FITNESS_CLASSES - 1] = [-0.15, 0.15, 0.35];
/// Hyphen streaks told apart: none, one, two or more.
const STREAKS: usize = 3;
/// Candidate slots per breakpoint.
const SLOTS: usize = FITNESS_CLASSES * STREAKS;
/// Tolerance for float comparisons against the measure.
const EPSILON: f64 = 1e-9;

fn is_legal_break(items: &[Item], i: usize) -> bool {
    match items[i] {
        Item::Box { .. } => false,
        Item::Glue { .. } => i > 0 && matches!(items[i - 1], Item::Box { .. }),
        Item::Penalty { cost, .. } => cost < INFINITE_PENALTY,
    }
}

fn is_forced(item: &Item) -> bool {
    matches!(item, Item::Penalty { cost, .. } if *cost <= -INFINITE_PENALTY)
}

/// Breaks a long paragraph chunk by chunk. Each chunk starts with the hyphen streak the lines
/// kept so far end with, so no stack forms across a seam.
fn break_in_chunks(items: &[Item], params: &Params, chunk_items: usize) -> Vec<ChosenLine> {
    let mut lines: Vec<ChosenLine> = Vec::new();
    let mut start = 0;
    let mut chunk: Vec<Item> = Vec::with_capacity(chunk_items + 2);
    loop {
        let end = (start + chunk_items).min(items.len());
        let streak = trailing_streak(items, &lines);
        if end == items.len() {
            let tail = break_all_passes(&items[start..], params, streak);
            lines.extend(tail.into_iter().map(|l| shift(l, start)));
            return lines;
        }
        chunk.clear();
        chunk.extend_from_slice(&items[start..end]);
        chunk.push(Item::glue(0.0, f64::INFINITY, 0.0));
        chunk.push(Item::penalty(0.0, -INFINITE_PENALTY, false));
        let part = break_all_passes(&chunk, params, streak);
        let keep = part.len().saturating_sub(CHUNK_OVERLAP_LINES).max(1);
        let kept: Vec<ChosenLine> =
            part.into_iter().take(keep).filter(|l| l.end < end - start).map(|l| shift(l, start)).collect();
        let Some(last) = kept.last() else {
            // No usable break in this chunk: extend it by breaking the whole rest at once.
            let tail = break_all_passes(&items[start..], params, streak);
            lines.extend(tail.into_iter().map(|l| shift(l, start)));
            return lines;
        };
        start = last.end + 1;
        lines.extend(kept);
        while start < items.len() && !matches!(items[start], Item::Box { .. }) && !is_forced(&items[start]) {
            start += 1;
        }
        if start >= items.len() {
            return lines;
        }
    }
}

fn shift(line: ChosenLine, by: usize) -> ChosenLine {
    ChosenLine { start: line.start + by, end: line.end + by, ..line }
}

/// Hyphenated lines in a row at the end of `lines` (0, 1, or 2 for two or more).
fn trailing_streak(items: &[Item], lines: &[ChosenLine]) -> u8 {
    let flagged = lines.iter().rev().take_while(|l| is_flagged(&items[l.end])).count();
    flagged.min(STREAKS - 1) as u8
}

fn is_flagged(item: &Item) -> bool {
    matches!(item, Item::Penalty { flagged: true, .. })
}

/// Runs the passes until one sets the paragraph; `streak` is how many hyphenated lines come
/// right before it (the seam of a chunk).
fn break_all_passes(items: &[Item], params: &Params, streak: u8) -> Vec<ChosenLine> {
    let strict = params.reject_stacks;
    let last_resort = |no_stacks| Pass {
        tolerance: f64::INFINITY,
        extra_stretch: params.emergency_stretch,
        last_resort: true,
        no_stacks,
    };
    let passes = [
        Pass { tolerance: params.tolerance, extra_stretch: 0.0, last_resort: false, no_stacks: strict },
        Pass {
            tolerance: params.emergency_tolerance,
            extra_stretch: params.emergency_stretch,
            last_resort: false,
            no_stacks: strict,
        },
        last_resort(strict),
        // Only when no stack-free setting exists: a word running over three lines.
        last_resort(false),
    ];
    let sums = prefix_sums(items);
    for pass in passes {
        if let Some(lines) = Breaker::new(items, params, &sums, pass, streak).run() {
            return lines;
        }
    }
    Vec::new()
}

#[derive(Debug, Clone, Copy)]
struct Pass {
    tolerance: f64,
    extra_stretch: f64,
    last_resort: bool,
    /// A third hyphenated line in a row is infeasible.
    no_stacks: bool,
}

/// Running totals of natural width, glue stretch, fil stretch, glue shrink, box stretch and
/// shrink, and the natural width of adjustable glue (the word spaces).
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    fil: f64,
    shrink: f64,
    box_stretch: f64,
    box_shrink: f64,
    spaces: f64,
}

/// `sums[i]` = totals of items `0..i` (penalties contribute nothing).
fn prefix_sums(items: &[Item]) -> Vec<Sums> {
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut s = Sums::default();
    sums.push(s);
    for item in items {
        match *item {
            Item::Box { width, stretch, shrink, .. } => {
                s.width += width;
                s.box_stretch += stretch;
                s.box_shrink += shrink;
            }
            Item::Glue { width, stretch, shrink } => {
                s.width += width;
                if stretch.is_infinite() {
                    s.fil += 1.0;
                } else {
                    s.stretch += stretch;
                    if stretch > 0.0 || shrink > 0.0 {
                        s.spaces += width;
                    }
                }
                s.shrink += shrink;
            }
            Item::Penalty { .. } => {}
        }
        sums.push(s);
    }
    sums
}

/// What a line from one break to the next holds, in total.
#[derive(Debug, Clone, Copy)]
struct Totals {
    natural: f64,
    stretch: f64,
    fil: f64,
    shrink: f64,
    box_stretch: f64,
    box_shrink: f64,
    spaces: f64,
    /// Left plus right hang: the line may be this much wider than the measure.
    hang: f64,
}

/// How a line is set.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Adjustment over glue and expansion together, for badness and feasibility: the glue's
    /// ratio plus the expansion's share weighted by its part of the line's flexibility. Since
    /// expansion is used first, a plain ratio over both (pdfTeX's) would hide how far the
    /// spaces themselves have to stretch once expansion is used up.
    ratio: f64,
    /// Ratio applied to the glue once expansion has taken its part.
    glue: f64,
    /// Share of the boxes' stretch or shrink used by expansion, -1..=1.
    expansion: f64,
    /// Relative change of the word spaces: what the reader sees, for fitness and evenness.
    spacing: f64,
    overfull: bool,
}

impl Fit {
    const NATURAL: Fit = Fit { ratio: 0.0, glue: 0.0, expansion: 0.0, spacing: 0.0, overfull: false };
}

/// Sets a line of totals `t` to `width`, expansion first, then the glue; `extra_stretch` only
/// counts toward the ratio (emergency or ragged stretch).
fn fit(t: &Totals, width: f64, extra_stretch: f64) -> Fit {
    let target = width + t.hang;
    let excess = t.natural - target;
    if excess > EPSILON {
        let capacity = t.shrink + t.box_shrink;
        let by_expansion = excess.min(t.box_shrink);
        let glue = if t.shrink > 0.0 { -((excess - by_expansion) / t.shrink).min(1.0) } else { 0.0 };
        let expansion = if t.box_shrink > 0.0 { -by_expansion / t.box_shrink } else { 0.0 };
        let weight = if capacity > 0.0 { t.box_shrink / capacity } else { 0.0 };
        return Fit {
            ratio: if capacity > 0.0 { (glue + expansion * weight).max(-1.0) } else { -1.0 },
            glue,
            expansion,
            spacing: if t.spaces > 0.0 { glue * t.shrink / t.spaces } else { 0.0 },
            overfull: excess > capacity + EPSILON,
        };
    }
    let missing = -excess;
    if t.fil > 0.0 || missing <= EPSILON {
        return Fit::NATURAL;
    }
    let by_expansion = missing.min(t.box_stretch);
    let left = missing - by_expansion;
    let glue = if t.stretch > 0.0 { left / t.stretch } else { 0.0 };
    let expansion = if t.box_stretch > 0.0 { by_expansion / t.box_stretch } else { 0.0 };
    let glue_capacity = t.stretch + extra_stretch;
    let weight = t.box_stretch / (t.box_stretch + glue_capacity).max(EPSILON);
    let ratio = match (left > EPSILON, glue_capacity > 0.0) {
        (false, _) => expansion * weight,
        (true, true) => left / glue_capacity + weight,
        (true, false) => f64::INFINITY,
    };
    Fit {
        ratio,
        glue,
        expansion,
        spacing: if t.spaces > 0.0 { glue * t.stretch / t.spaces } else { 0.0 },
        overfull: false,
    }
}

fn fitness_class(spacing: f64) -> u8 {
    CLASS_BOUNDS.iter().take_while(|&&bound| spacing > bound).count() as u8
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// Item index of the break (usize::MAX-free: the paragraph start uses 0 with `start` 0).
    pos: usize,
    /// First item of the line after this break.
    start: usize,
    fitness: u8,
    /// Hyphenated (flagged) lines in a row ending here: 0, 1, or 2 for two or more.
    streak: u8,
    /// Lines up to this break.
    line: u32,
    /// Relative change of the word spaces of the line ending here.
    spacing: f64,
    total: f64,
    prev: Option<usize>,
}

struct Breaker<'a> {
    items: &'a [Item],
    params: &'a Params,
    sums: &'a [Sums],
    pass: Pass,
    nodes: Vec<Node>,
    active: Vec<usize>,
    /// The last breakpoint's active list, kept for its allocation.
    spare: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    total: f64,
    prev: usize,
    spacing: f64,
}

impl<'a> Breaker<'a> {
    fn new(items: &'a [Item], params: &'a Params, sums: &'a [Sums], pass: Pass, streak: u8) -> Self {
        let start = Node { pos: 0, start: 0, fitness: 1, streak, line: 0, spacing: 0.0, total: 0.0, prev: None };
        Breaker { items, params, sums, pass, nodes: vec![start], active: vec![0], spare: Vec::new() }
    }

    fn run(mut self) -> Option<Vec<ChosenLine>> {
        let mut best_dropped: Option<usize> = None;
        for b in 0..self.items.len() {
            if !is_legal_break(self.items, b) {
                continue;
            }
            let mut best: [Option<Candidate>; SLOTS] = [None; SLOTS];
            // The nodes that stay active go to the spare list, which then becomes the active one:
            // no allocation per breakpoint.
            let mut still_active = std::mem::take(&mut self.spare);
            still_active.clear();
            #[cfg(test)]
            tests::TRIALS.with(|t| t.set(t.get() + self.active.len()));
            for &a in &self.active {
                let fit = self.trial_fit(a, b);
                let forced = is_forced(&self.items[b]);
                if fit.overfull || forced {
                    if self.pass.last_resort && best_dropped.is_none_or(|d| self.nodes[a].total < self.nodes[d].total) {
                        best_dropped = Some(a);
                    }
                } else {
                    still_active.push(a);
                }
                if fit.overfull || fit.ratio > self.pass.tolerance || (self.pass.no_stacks && self.stacks(a, b)) {
                    continue;
                }
                let (fitness, streak, total) = self.demerits(a, b, &fit);
                let slot = &mut best[usize::from(fitness) * STREAKS + usize::from(streak)];
                if slot.is_none_or(|c| total < c.total) {
                    *slot = Some(Candidate { total, prev: a, spacing: fit.spacing });
                }
            }
            self.spare = std::mem::replace(&mut self.active, still_active);
            self.insert_candidates(b, &best);
            if self.active.is_empty() {
                // Last resort: a line that cannot fit (unsplittable material wider than the
                // measure) is broken anyway at the best dropped node rather than failing. Not
                // while stacks are rejected: the pass that allows them may do without.
                let d = best_dropped.filter(|_| self.pass.last_resort && !self.pass.no_stacks)?;
                let total = self.nodes[d].total + 1e12;
                let streak = if is_flagged(&self.items[b]) { (self.nodes[d].streak + 1).min(2) } else { 0 };
                let node = self.node_after(b, d, 0, streak, 0.0, total);
                self.active.push(node);
            }
        }
        let end = self.items.len().checked_sub(1)?;
        let last = self
            .active
            .iter()
            .copied()
            .filter(|&n| self.nodes[n].pos == end && n != 0)
            .min_by(|&x, &y| self.nodes[x].total.total_cmp(&self.nodes[y].total))?;
        Some(self.collect(last))
    }

    /// Like `run` in a pass without a last resort, but paths with different line counts are
    /// kept apart (the count is part of a candidate's key, so pruning compares like with like)
    /// and none longer than `most` lines is followed: returns, for every count up to `most`,
    /// the best setting with exactly that many lines.
    fn run_counting_lines(mut self, most: usize) -> Vec<Option<Vec<ChosenLine>>> {
        let most = most as u32;
        // Per line count of the line ending at the breakpoint: the best candidate per slot.
        let mut groups: Vec<(u32, [Option<Candidate>; SLOTS])> = Vec::new();
        for b in 0..self.items.len() {
            if !is_legal_break(self.items, b) {
                continue;
            }
            groups.clear();
            let mut still_active = std::mem::take(&mut self.spare);
            still_active.clear();
            for &a in &self.active {
                let fit = self.trial_fit(a, b);
                if !fit.overfull && !is_forced(&self.items[b]) {
                    still_active.push(a);
                }
                let line = self.nodes[a].line + 1;
                if fit.overfull
                    || fit.ratio > self.pass.tolerance
                    || (self.pass.no_stacks && self.stacks(a, b))
                    || line > most
                {
                    continue;
                }
                let (fitness, streak, total) = self.demerits(a, b, &fit);
                let group = match groups.iter().position(|(l, _)| *l == line) {
                    Some(g) => g,
                    None => {
                        groups.push((line, [None; SLOTS]));
                        groups.len() - 1
                    }
                };
                let slot = &mut groups[group].1[usize::from(fitness) * STREAKS + usize::from(streak)];
                if slot.is_none_or(|c| total < c.total) {
                    *slot = Some(Candidate { total, prev: a, spacing: fit.spacing });
                }
            }
            self.spare = std::mem::replace(&mut self.active, still_active);
            for (_, best) in &groups {
                self.insert_candidates(b, best);
            }
        }
        let end = self.items.len().saturating_sub(1);
        (0..=most)
            .map(|count| {
                let finals = self.active.iter().copied().filter(|&n| {
                    let node = &self.nodes[n];
                    node.pos == end && n != 0 && node.line == count
                });
                let best = finals.min_by(|&x, &y| self.nodes[x].total.total_cmp(&self.nodes[y].total))?;
                Some(self.collect(best))
            })
            .collect()
    }

    /// The fit used for feasibility: with emergency and ragged stretch.
    fn trial_fit(&self, a: usize, b: usize) -> Fit {
        let t = self.totals(self.nodes[a].start, b);
        fit(&t, self.params.width, self.pass.extra_stretch + self.params.ragged_stretch.unwrap_or(0.0))
    }

    /// Totals of the line `start..=b`.
    fn totals(&self, start: usize, b: usize) -> Totals {
        let (s, e) = (self.sums[start.min(b)], self.sums[b]);
        let mut natural = e.width - s.width;
        let mut hang = self.hang_left(start, b);
        match self.items[b] {
            Item::Penalty { width, hang: right, .. } => {
                natural += width;
                hang += right;
            }
            Item::Glue { .. } if b > 0 => {
                if let Item::Box { hang: right, .. } = self.items[b - 1] {
                    hang += right.right;
                }
            }
            _ => {}
        }
        let ragged = self.params.ragged_stretch.is_some();
        Totals {
            natural,
            stretch: if ragged { 0.0 } else { e.stretch - s.stretch },
            fil: e.fil - s.fil,
            shrink: e.shrink - s.shrink,
            box_stretch: e.box_stretch - s.box_stretch,
            box_shrink: e.box_shrink - s.box_shrink,
            spaces: e.spaces - s.spaces,
            hang,
        }
    }

    /// Left hang of a line starting at item `start` (a box, unless the line is empty).
    fn hang_left(&self, start: usize, b: usize) -> f64 {
        match self.items.get(start) {
            Some(Item::Box { hang, .. }) if start < b => hang.left,
            _ => 0.0,
        }
    }

    /// Whether breaking at `b` after node `a` makes a third hyphenated line in a row.
    fn stacks(&self, a: usize, b: usize) -> bool {
        self.nodes[a].streak >= 2 && is_flagged(&self.items[b])
    }

    /// Fitness class, hyphen streak and total demerits of the path through `a` ending at `b`.
    fn demerits(&self, a: usize, b: usize, fit: &Fit) -> (u8, u8, f64) {
        let p = self.params;
        let node = &self.nodes[a];
        // Badness as in TeX, capped at its "infinitely bad" 10 000 (only the last pass gets here).
        let badness = (100.0 * fit.ratio.abs().powi(3)).min(10_000.0);
        let (cost, flagged) = match self.items[b] {
            Item::Penalty { cost, flagged, .. } => (cost, flagged),
            _ => (0.0, false),
        };
        let mut d = (p.line_penalty + badness).powi(2);
        if cost >= 0.0 {
            d += cost * cost;
        } else if cost > -INFINITE_PENALTY {
            d -= cost * cost;
        }
        if flagged && node.streak >= 1 {
            d += p.flagged_demerits;
        }
        if flagged && node.streak >= 2 {
            d += p.stack_demerits;
        }
        let streak = if flagged { (node.streak + 1).min(2) } else { 0 };
        if b + 1 == self.items.len() && node.streak > 0 {
            d += p.final_hyphen_demerits;
        }
        let fitness = fitness_class(fit.spacing);
        // A line ending at a forced break (the paragraph's last) is ragged: its spaces say nothing.
        if !is_forced(&self.items[b]) {
            if fitness.abs_diff(node.fitness) > 1 {
                d += p.fitness_demerits;
            }
            if node.prev.is_some() {
                // Capped at one noticeable step: a line that has to be loose should not pull
                // its neighbours loose as well.
                let step = ((fit.spacing - node.spacing) / NOTICEABLE_SPACING_STEP).abs().min(1.0);
                d += p.uneven_demerits * step * step;
            }
        }
        (fitness, streak, node.total + d)
    }

    fn insert_candidates(&mut self, b: usize, best: &[Option<Candidate>; SLOTS]) {
        let Some(min) = best.iter().flatten().map(|c| c.total).min_by(f64::total_cmp) else {
            return;
        };
        for (slot, cand) in best.iter().enumerate() {
            let Some(c) = cand else { continue };
            if c.total <= min + self.params.fitness_demerits + self.params.uneven_demerits + self.params.stack_demerits
                && !self.dominated(slot, c, best)
            {
                let (fitness, streak) = ((slot / STREAKS) as u8, (slot % STREAKS) as u8);
                let node = self.node_after(b, c.prev, fitness, streak, c.spacing, c.total);
                self.active.push(node);
            }
        }
    }

    /// Whether another candidate at the same break makes `c` useless: one with no longer a
    /// hyphen streak and a total lower by more than the next line's fitness and evenness terms
    /// can add. Every way on from `c` is open to it (a shorter streak never costs more or
    /// forbids more), and only those two terms of the next line depend on this one's spacing,
    /// so every path through `c` costs more than the same path through it. Dropping `c` keeps
    /// the optimum and saves the work of carrying it along.
    fn dominated(&self, slot: usize, c: &Candidate, best: &[Option<Candidate>; SLOTS]) -> bool {
        let reach = self.params.fitness_demerits + self.params.uneven_demerits;
        best.iter().enumerate().any(|(other, o)| {
            other != slot && other % STREAKS <= slot % STREAKS && o.is_some_and(|o| o.total + reach < c.total)
        })
    }

    fn node_after(&mut self, b: usize, prev: usize, fitness: u8, streak: u8, spacing: f64, total: f64) -> usize {
        let mut start = b + 1;
        while start < self.items.len()
            && !matches!(self.items[start], Item::Box { .. })
            && !is_forced(&self.items[start])
        {
            start += 1;
        }
        let line = self.nodes[prev].line + 1;
        self.nodes.push(Node { pos: b, start, fitness, streak, line, spacing, total, prev: Some(prev) });
        self.nodes.len() - 1
    }

    fn collect(&self, last: usize) -> Vec<ChosenLine> {
        let mut lines = Vec::new();
        let mut n = last;
        while let Some(prev) = self.nodes[n].prev {
            let start = self.nodes[prev].start;
            let end = self.nodes[n].pos;
            lines.push(self.set(start, end));
            n = prev;
        }
        lines.reverse();
        lines
    }

    /// The line as it is set: its own glue and expansion only (no emergency or ragged stretch),
    /// never shrunk below -1.
    fn set(&self, start: usize, end: usize) -> ChosenLine {
        let mut t = self.totals(start, end);
        if self.params.ragged_stretch.is_some() {
            t.stretch = 0.0;
        }
        let fit = fit(&t, self.params.width, 0.0);
        let hang_left = self.hang_left(start, end);
        ChosenLine { start, end, ratio: fit.glue, expansion: fit.expansion, hang_left }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Interword glue of the tests: a space of 10 that stretches by 5 and shrinks by 3.
    fn space() -> Item {
        Item::glue(10.0, 5.0, 3.0)
    }

    /// Words of the given lengths (10 units per character) with interword glue and a
    /// paragraph end.
    fn words(lengths: &[usize]) -> Vec<Item> {
        words_with(lengths, 0.0, Hang::default())
    }

    /// Like [`words`], each word expanding by `expansion` of its width and hanging `hang`.
    fn words_with(lengths: &[usize], expansion: f64, hang: Hang) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &len) in lengths.iter().enumerate() {
            if i > 0 {
                items.push(space());
            }
            let width = 10.0 * len as f64;
            items.push(Item::Box { width, stretch: width * expansion, shrink: width * expansion, hang });
        }
        finish(&mut items);
        items
    }

    fn finish(items: &mut Vec<Item>) {
        items.push(Item::glue(0.0, f64::INFINITY, 0.0));
        items.push(Item::penalty(0.0, -INFINITE_PENALTY, false));
    }

    /// Right hang of a line ending at `end`.
    fn hang_right(items: &[Item], end: usize) -> f64 {
        match items[end] {
            Item::Penalty { hang, .. } => hang,
            Item::Glue { .. } => match items[end - 1] {
                Item::Box { hang, .. } => hang.right,
                _ => 0.0,
            },
            Item::Box { .. } => 0.0,
        }
    }

    /// Width of a line as set with its ratio and expansion (hang not subtracted).
    fn set_width(items: &[Item], line: &ChosenLine) -> f64 {
        let mut w = 0.0;
        for item in &items[line.start..line.end] {
            match *item {
                Item::Box { width, stretch, shrink, .. } => {
                    w += width + if line.expansion >= 0.0 { stretch } else { shrink } * line.expansion;
                }
                Item::Glue { width, stretch, shrink } => {
                    let adj = if line.ratio >= 0.0 {
                        if stretch.is_finite() {
                            stretch * line.ratio
                        } else {
                            0.0
                        }
                    } else {
                        shrink * line.ratio
                    };
                    w += width + adj;
                }
                Item::Penalty { .. } => {}
            }
        }
        if let Item::Penalty { width, .. } = items[line.end] {
            w += width;
        }
        w
    }

    /// The right end of a line on the measure: its set width less its left hang.
    fn right_end(items: &[Item], line: &ChosenLine) -> f64 {
        set_width(items, line) - line.hang_left
    }

    fn assert_valid(items: &[Item], lines: &[ChosenLine], width: f64) {
        assert!(!lines.is_empty());
        assert_eq!(lines.last().map(|l| l.end), Some(items.len() - 1));
        for (i, line) in lines.iter().enumerate() {
            assert!(is_legal_break(items, line.end), "line {i} ends at an illegal break");
            assert!(line.ratio >= -1.0);
            assert!((-1.0..=1.0).contains(&line.expansion), "line {i}: expansion {}", line.expansion);
            let end = right_end(items, line);
            let limit = width + hang_right(items, line.end);
            assert!(end <= limit + 1e-6, "line {i} ends at {end}, measure {width} plus hang");
        }
        for pair in lines.windows(2) {
            assert!(pair[0].end < pair[1].start);
        }
    }

    fn justified_lines(items: &[Item], lines: &[ChosenLine], width: f64) {
        for (i, line) in lines[..lines.len() - 1].iter().enumerate() {
            let target = width + hang_right(items, line.end);
            assert!((right_end(items, line) - target).abs() < 1e-6, "line {i} is not full");
        }
    }

    #[test]
    fn breaks_only_at_feasible_points_and_justifies() {
        let lengths: Vec<usize> = (0..200).map(|i| 2 + (i * 7) % 9).collect();
        let items = words(&lengths);
        let width = 600.0;
        let lines = linebreak(&items, &Params::justified(width));
        assert_valid(&items, &lines, width);
        justified_lines(&items, &lines, width);
        for line in &lines[..lines.len() - 1] {
            assert!(line.ratio <= Params::justified(width).tolerance + 1e-9);
        }
    }

    /// The settings one line off of `items`, each checked: valid, full, within tolerance.
    fn one_line_off(items: &[Item], params: &Params) -> (usize, [Option<usize>; 2]) {
        let as_set = linebreak(items, params);
        let normal = as_set.len();
        let found = linebreak_one_line_off(items, params, &as_set, 0);
        for lines in found.iter().flatten() {
            assert_valid(items, lines, params.width);
            justified_lines(items, lines, params.width);
            assert!(lines.iter().all(|l| l.ratio <= params.emergency_tolerance + 1e-9), "{lines:?}");
        }
        (normal, found.map(|lines| lines.map(|l| l.len())))
    }

    #[test]
    fn a_paragraph_with_a_short_last_line_can_be_set_one_line_shorter() {
        // Twenty words of 20 with their spaces fill a line of 600: 43 words take three lines,
        // the last holding three words, rather than two tight lines of 22 and 21 words, which
        // shrink the spaces to a ratio of -0.8. Four lines stretch them to a ratio near 4.
        let params = Params::justified(600.0);
        assert_eq!(one_line_off(&words(&[2; 43]), &params), (3, [Some(2), Some(4)]));
    }

    #[test]
    fn a_paragraph_with_a_full_last_line_can_be_set_one_line_longer_but_not_shorter() {
        // 60 words fill three lines; four hold them when one word goes on to the fourth line.
        let params = Params::justified(600.0);
        assert_eq!(one_line_off(&words(&[2; 60]), &params), (3, [None, Some(4)]));
    }

    #[test]
    fn no_setting_one_line_off_when_a_line_would_hold_a_lone_word() {
        // Four words of 100 on a measure of 210: two a line, each line full; three lines would
        // leave one word alone on a line it cannot fill, one line cannot hold four.
        let items = words(&[10, 10, 10, 10]);
        let params = Params::justified(210.0);
        let as_set = linebreak(&items, &params);
        assert_eq!(as_set.len(), 2);
        assert_eq!(linebreak_one_line_off(&items, &params, &as_set, 0), [None, None]);
    }

    #[test]
    fn lines_kept_in_an_earlier_column_stay_as_set() {
        let lengths: Vec<usize> = (0..120).map(|i| 2 + (i * 7) % 9).collect();
        let items = words_with(&lengths, 0.02, Hang::default());
        let params = Params::justified(600.0);
        let as_set = linebreak(&items, &params);
        let [_, longer] = linebreak_one_line_off(&items, &params, &as_set, 5);
        let longer = longer.expect("one line more");
        assert_eq!(longer.len(), as_set.len() + 1);
        assert_eq!(longer[..5], as_set[..5]);
        assert_valid(&items, &longer, 600.0);
        justified_lines(&items, &longer, 600.0);
    }

    #[test]
    fn prefers_an_even_paragraph_over_a_greedy_one() {
        // Greedy would fill the first line to the brim and leave a very loose second one.
        let items = words(&[5, 5, 5, 8, 8]);
        let lines = linebreak(&items, &Params::justified(260.0));
        assert_valid(&items, &lines, 260.0);
        assert!(lines.iter().all(|l| l.ratio.abs() <= 1.6));
    }

    #[test]
    fn emergency_pass_accepts_loose_lines_when_nothing_else_fits() {
        // Two long words that cannot share a line: each line must stretch far beyond tolerance.
        let items = words(&[20, 2, 20]);
        let lines = linebreak(&items, &Params::justified(300.0));
        assert_valid(&items, &lines, 300.0);
        assert!(lines.len() >= 2);
        let first = &lines[0];
        let loose = first.ratio > 1.6 || set_width(&items, first) < 300.0 - 1.0;
        assert!(loose, "first line had to be loose or short: {first:?}");
    }

    #[test]
    fn expansion_justifies_before_the_spaces_stretch() {
        // Three words of 100 and two spaces of 10 are 320 wide; at 2 % the words may grow by 6.
        let items = words_with(&[10, 10, 10, 10], 0.02, Hang::default());
        for (width, spaces_stretch) in [(325.0, false), (330.0, true), (316.0, false)] {
            let lines = linebreak(&items, &Params { tolerance: 10.0, ..Params::justified(width) });
            assert_valid(&items, &lines, width);
            justified_lines(&items, &lines, width);
            let first = lines[0];
            assert_eq!(first.end, 5, "{width}: three words on the first line");
            if spaces_stretch {
                assert_eq!(first.expansion, 1.0, "{width}: expansion is used up first");
                assert!(first.ratio > 0.0);
            } else {
                assert!(first.expansion.abs() > 0.1 && first.expansion.abs() < 1.0, "{width}: {first:?}");
                assert_eq!(first.ratio, 0.0, "{width}: the spaces keep their width");
            }
        }
    }

    #[test]
    fn expansion_is_part_of_the_breakers_choice() {
        // With expansion the breaker finds lines whose spaces deviate less from natural width
        // than the best it can do without: it weighs expansion as stretch, not as a repair.
        let lengths: Vec<usize> = (0..300).map(|i| 3 + (i * 7919) % 11).collect();
        let deviation = |expansion: f64| {
            let items = words_with(&lengths, expansion, Hang::default());
            let mut sum = 0.0;
            for width in (300..500).step_by(20).map(f64::from) {
                let lines = linebreak(&items, &Params::justified(width));
                assert_valid(&items, &lines, width);
                sum += lines[..lines.len() - 1].iter().map(|l| l.ratio.abs()).sum::<f64>();
            }
            sum
        };
        let (rigid, expanding) = (deviation(0.0), deviation(0.02));
        assert!(expanding < 0.85 * rigid, "spaces deviate {expanding} with expansion, {rigid} without");
    }

    #[test]
    fn hanging_material_is_not_overfull() {
        // "„aaaa," words whose comma may hang 4 into the right margin and whose opening quote
        // 3 into the left one: a 210-wide line of two 100-wide words and a space needs the hang.
        let hang = Hang { left: 3.0, right: 4.0 };
        let lengths = [10, 10, 10, 10, 2];
        let items = words_with(&lengths, 0.0, hang);
        let lines = linebreak(&items, &Params::justified(203.0));
        assert_valid(&items, &lines, 203.0);
        assert_eq!(lines.iter().map(|l| l.end).collect::<Vec<_>>(), [3, 7, 10], "two words a line once they hang");
        assert_eq!(lines[0].hang_left, 3.0);
        assert!((right_end(&items, &lines[0]) - 207.0).abs() < 1e-6);
        let rigid = words(&lengths);
        let lines = linebreak(&rigid, &Params::justified(203.0));
        assert_eq!(lines[0].end, 1, "without the hang two words are overfull");
    }

    #[test]
    fn a_hyphen_hangs_into_the_margin() {
        // "aaaaaa-" + "bbbb": breaking at the hyphen (width 4, hang 3) needs the hang to fit.
        let mut items = vec![Item::rigid(60.0), space(), Item::rigid(60.0)];
        items.push(Item::Penalty { width: 4.0, cost: 50.0, flagged: true, hang: 3.0 });
        items.extend([Item::rigid(40.0), space(), Item::rigid(100.0)]);
        finish(&mut items);
        let lines = linebreak(&items, &Params { tolerance: 10.0, ..Params::justified(131.0) });
        assert_valid(&items, &lines, 131.0);
        assert_eq!(lines[0].end, 3, "the line breaks at the hyphen: {lines:?}");
        assert!((right_end(&items, &lines[0]) - 134.0).abs() < 1e-6);
    }

    #[test]
    fn neighbouring_lines_keep_similar_spacing() {
        let lengths: Vec<usize> = (0..400).map(|i| 2 + (i * 7919) % 7).collect();
        let items = words_with(&lengths, 0.02, Hang::default());
        let unevenness = |params: &Params| {
            let lines = linebreak(&items, params);
            assert_valid(&items, &lines, params.width);
            let body = &lines[..lines.len() - 1];
            body.windows(2).filter(|w| (w[0].ratio - w[1].ratio).abs() > 0.5).count()
        };
        let (mut even, mut careless) = (0, 0);
        for width in (300..450).step_by(10).map(f64::from) {
            even += unevenness(&Params::justified(width));
            careless += unevenness(&Params { uneven_demerits: 0.0, fitness_demerits: 0.0, ..Params::justified(width) });
        }
        assert!(even < careless, "{even} uneven neighbours, {careless} without the demerits");
    }

    #[test]
    fn a_twenty_thousand_character_word_fits_the_measure() {
        let mut items: Vec<Item> = vec![Item::rigid(30.0), space()];
        items.extend(std::iter::repeat_n(Item::rigid(6.0), 20_000));
        finish(&mut items);
        let positions = forced_break_positions(&items, 200.0);
        assert!(!positions.is_empty());
        for &p in positions.iter().rev() {
            items.insert(p, Item::penalty(0.0, EMERGENCY_PENALTY, false));
        }
        let lines = linebreak(&items, &Params::justified(200.0));
        assert_valid(&items, &lines, 200.0);
        assert!(lines.len() >= 20_000 * 6 / 200);
    }

    #[test]
    fn hyphen_width_counts_and_stacked_hyphens_are_avoided() {
        // Words of varied length, each with a free hyphenation point, at many measures: the
        // stack demerits must steer away from three hyphens in a row when they weigh enough.
        let items = hyphenatable_words(400);
        let stacks_with = |params: &Params| {
            let lines = linebreak(&items, params);
            assert_valid(&items, &lines, params.width);
            (stacks_of_three(&items, &lines), lines.len())
        };
        let (mut careful, mut careless, mut total) = (0, 0, 0);
        for width in (250..400).step_by(10).map(f64::from) {
            let (stacks, lines) = stacks_with(&Params { stack_demerits: 1e12, ..Params::justified(width) });
            let off =
                Params { flagged_demerits: 0.0, stack_demerits: 0.0, reject_stacks: false, ..Params::justified(width) };
            careful += stacks;
            careless += stacks_with(&off).0;
            total += lines;
        }
        assert!(careful < careless, "{careful} stacks, {careless} without hyphen demerits");
        assert!(careful * 100 <= total, "{careful} stacks of three hyphens in {total} lines");
    }

    /// Words of varied length, each with a free hyphenation point (hyphen 4 wide).
    fn hyphenatable_words(count: usize) -> Vec<Item> {
        let mut items = Vec::new();
        for i in 0..count {
            if i > 0 {
                items.push(space());
            }
            let n = 2 + (i * 7) % 5;
            items.push(Item::rigid(10.0 * n as f64));
            items.push(Item::penalty(4.0, 0.0, true));
            items.push(Item::rigid(10.0 * (n + (i * 3) % 4) as f64));
        }
        finish(&mut items);
        items
    }

    fn stacks_of_three(items: &[Item], lines: &[ChosenLine]) -> usize {
        let flags: Vec<bool> =
            lines.iter().map(|l| matches!(items[l.end], Item::Penalty { flagged: true, .. })).collect();
        flags.windows(3).filter(|w| w.iter().all(|&f| f)).count()
    }

    #[test]
    fn the_second_pass_rejects_hyphen_stacks_too() {
        // A first-pass tolerance of zero sends every paragraph to the second pass.
        let items = hyphenatable_words(300);
        let (mut rejecting, mut weighing) = (0, 0);
        for width in (270..400).step_by(10).map(f64::from) {
            let strict =
                Params { tolerance: 0.0, stack_demerits: 0.0, flagged_demerits: 0.0, ..Params::justified(width) };
            let lines = linebreak(&items, &strict);
            assert_valid(&items, &lines, width);
            rejecting += stacks_of_three(&items, &lines);
            let lax = Params { reject_stacks: false, ..strict };
            weighing += stacks_of_three(&items, &linebreak(&items, &lax));
        }
        assert_eq!(rejecting, 0, "stacks in the second pass");
        assert!(weighing > 0, "the test paragraph tempts the breaker into stacks");
    }

    /// Settings under which only the rule keeps stacks away: no tolerance pass succeeds, and
    /// hyphens cost nothing more in a row.
    fn last_resort_only(width: f64) -> Params {
        Params {
            tolerance: 0.0,
            emergency_tolerance: 0.0,
            stack_demerits: 0.0,
            flagged_demerits: 0.0,
            ..Params::justified(width)
        }
    }

    #[test]
    fn the_last_resort_pass_rejects_hyphen_stacks_too() {
        // Its ragged lines used to cost ten times a stack, so it stacked where it could.
        let items = hyphenatable_words(300);
        let (mut rejecting, mut weighing) = (0, 0);
        for width in (250..400).step_by(10).map(f64::from) {
            let lines = linebreak(&items, &last_resort_only(width));
            assert_valid(&items, &lines, width);
            rejecting += stacks_of_three(&items, &lines);
            let lax = Params { reject_stacks: false, ..last_resort_only(width) };
            weighing += stacks_of_three(&items, &linebreak(&items, &lax));
        }
        assert_eq!(rejecting, 0, "stacks in the last-resort pass");
        assert!(weighing > 0, "the test paragraph tempts the last-resort pass into stacks");
    }

    #[test]
    fn a_word_over_three_lines_stacks_rather_than_overflows() {
        // Five fragments of 90 joined by hyphens, at a measure of 100: each fragment is a line.
        let mut items = vec![Item::rigid(90.0)];
        for _ in 0..4 {
            items.push(Item::penalty(4.0, 50.0, true));
            items.push(Item::rigid(90.0));
        }
        finish(&mut items);
        let lines = linebreak(&items, &Params::justified(100.0));
        assert_valid(&items, &lines, 100.0);
        assert_eq!(lines.len(), 5);
        assert_eq!(stacks_of_three(&items, &lines), 2);
    }

    #[test]
    fn chunk_seams_keep_the_hyphen_streak() {
        // Small chunks give many seams; a chunk that forgot the streak before it would end
        // its first line in a third hyphen wherever the kept lines end in two.
        let items = hyphenatable_words(2_000);
        for width in (250..330).step_by(20).map(f64::from) {
            let params = last_resort_only(width);
            let lines = break_in_chunks(&items, &params, 150);
            assert_valid(&items, &lines, width);
            assert_eq!(stacks_of_three(&items, &lines), 0, "at {width}");
        }
    }

    #[test]
    fn a_paragraph_after_two_hyphens_does_not_start_with_a_third() {
        // "aaa bb-ccc dddd": at a measure of 64 the first line "aaa bb-" would fit exactly.
        let mut items = vec![Item::rigid(30.0), space(), Item::rigid(20.0), Item::penalty(4.0, 0.0, true)];
        items.extend([Item::rigid(30.0), space(), Item::rigid(40.0)]);
        finish(&mut items);
        let params = Params::justified(64.0);
        assert!(is_flagged(&items[break_all_passes(&items, &params, 0)[0].end]));
        let after_two = break_all_passes(&items, &params, 2);
        assert_valid(&items, &after_two, 64.0);
        assert!(!is_flagged(&items[after_two[0].end]), "{after_two:?}");
    }

    #[test]
    fn ragged_lines_do_not_stretch() {
        let lengths: Vec<usize> = (0..100).map(|i| 2 + (i * 3) % 8).collect();
        let items = words(&lengths);
        let mut params = Params::justified(400.0);
        params.ragged_stretch = Some(60.0);
        let lines = linebreak(&items, &params);
        assert_valid(&items, &lines, 400.0);
        assert!(lines.iter().all(|l| l.ratio <= 0.0), "ragged glue stretched");
        assert!(lines.len() > 3);
    }

    #[test]
    fn forced_breaks_end_lines() {
        let mut items = words(&[3, 3]);
        items.truncate(items.len() - 2);
        finish(&mut items);
        let mid = items.len();
        items.push(Item::rigid(30.0));
        finish(&mut items);
        let lines = linebreak(&items, &Params::justified(500.0));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].end, mid - 1);
    }

    thread_local! {
        /// Line trials (an active node tried against a breakpoint) made on this thread: the
        /// breaker's work, counted instead of timed.
        pub(super) static TRIALS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn long_paragraphs_stay_linear_and_valid() {
        let trials = |words: usize| {
            let lengths: Vec<usize> = (0..words).map(|i| 1 + (i * 7919) % 13).collect();
            let items = words_with(&lengths, 0.02, Hang { left: 0.0, right: 2.0 });
            TRIALS.with(|t| t.set(0));
            let lines = linebreak(&items, &Params::justified(450.0));
            assert_valid(&items, &lines, 450.0);
            TRIALS.with(|t| t.get())
        };
        let (short, long) = (trials(6_000), trials(60_000));
        // Ten times the words, about ten times the work: quadratic would be a hundred times.
        assert!(long < short * 13, "6 000 words: {short} trials, 60 000 words: {long}");
    }
}
