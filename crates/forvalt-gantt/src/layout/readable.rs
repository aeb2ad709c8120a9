//! forvalt's readable geometry (not Mermaid's, see [`super::LayoutOptions::readable`]): task
//! labels placed where no marker line, today line, other label or other bar crosses them,
//! and marker lines interrupted around any text they would still cross.

use super::{Anchor, Bar, BarKind, TaskLabel, TodayLine};
use std::collections::HashMap;

/// The smallest text drawn, in pixels, at the chart's own size.
pub const MIN_TEXT: f64 = 11.0;

/// Space between a bar's edge and its label.
const PAD: f64 = 5.0;

/// Space kept free around text where a line is interrupted.
const CLEAR: f64 = 2.0;

/// The most bars and labels a row is compared with: a compact row of thousands of tasks
/// keeps Mermaid's placement past this, so placing stays linear.
const ROW_LIMIT: usize = 200;

/// Liberation Sans' ascent and descent, in ems: the box a browser gives a line of text.
const ASCENT: f64 = 0.905;
const DESCENT: f64 = 0.212;

/// Where a label sits relative to its bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    /// Inside the bar.
    Inside,
    /// After the bar's end.
    Right,
    /// Before the bar's start.
    Left,
}

/// A box on the chart: left, right, top, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Top edge.
    pub y0: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl TextBox {
    /// The box of a line of text at baseline `y`.
    pub fn text(x: f64, y: f64, width: f64, size: f64, anchor: Anchor) -> TextBox {
        let x0 = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        };
        TextBox {
            x0,
            x1: x0 + width,
            y0: y - ASCENT * size,
            y1: y + DESCENT * size,
        }
    }

    fn overlaps_x(&self, a: f64, b: f64) -> bool {
        self.x0 < b && a < self.x1
    }
}

/// The bar a label belongs to, in chart coordinates.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// The task.
    pub task: usize,
    /// Left edge of what is drawn (a milestone's diamond included).
    pub start: f64,
    /// Right edge.
    pub end: f64,
    /// The row (compact rows hold several bars).
    pub row: usize,
    /// Mermaid's placement of the label.
    pub mermaid: Placement,
}

/// Places task labels (those with a slot) where nothing crosses them, preferring Mermaid's
/// placement, then inside, right and left of the bar; `lines` are the x of marker and today
/// lines; `bounds` the left and right edges text may use. `class` gives a label's class for
/// a task's label placed so. Returns how far the rightmost label reaches.
pub(super) fn place_labels(
    labels: &mut [TaskLabel],
    slots: &[Option<Slot>],
    lines: &[f64],
    bounds: (f64, f64),
    class: &dyn Fn(usize, Placement) -> String,
) -> f64 {
    let mut lines = lines.to_vec();
    lines.sort_by(f64::total_cmp);
    // What each row holds so far: bars, then labels as they are placed.
    let mut rows: HashMap<usize, Vec<(f64, f64)>> = HashMap::new();
    for slot in slots.iter().flatten() {
        let row = rows.entry(slot.row).or_default();
        if row.len() < ROW_LIMIT {
            row.push((slot.start, slot.end));
        }
    }
    let mut reach = f64::NEG_INFINITY;
    for (i, label) in labels.iter_mut().enumerate() {
        let Some(slot) = slots.get(i).copied().flatten() else {
            continue;
        };
        let row = rows.get(&slot.row).map(Vec::as_slice).unwrap_or(&[]);
        let crowded = row.len() >= ROW_LIMIT;
        let candidates = candidates(slot, label.width);
        let free_of = |(x, anchor): (f64, Anchor), need_no_line: bool| {
            let b = TextBox::text(x, label.y, label.width, label.font_size, anchor);
            let inside = b.x0 >= bounds.0 && b.x1 <= bounds.1;
            // Its own bar does not count; other bars and labels in the row do.
            let clear = crowded
                || row
                    .iter()
                    .filter(|&&(a, z)| !(a == slot.start && z == slot.end))
                    .all(|&(a, z)| !b.overlaps_x(a - 1.0, z + 1.0));
            inside && clear && !(need_no_line && crosses(&lines, b.x0, b.x1))
        };
        let chosen = candidates
            .iter()
            .find(|&&(_, at)| free_of(at, true))
            .or_else(|| candidates.iter().find(|&&(_, at)| free_of(at, false)))
            .copied();
        let (placement, (x, anchor)) = chosen.unwrap_or_else(|| {
            // Nothing fits: Mermaid's side, and the chart grows to show it.
            let at = match slot.mermaid {
                Placement::Left if slot.start - PAD - label.width >= bounds.0 => {
                    (slot.start - PAD, Anchor::End)
                }
                Placement::Inside => ((slot.start + slot.end) / 2.0, Anchor::Middle),
                _ => (slot.end + PAD, Anchor::Start),
            };
            let placement = match at.1 {
                Anchor::Middle => Placement::Inside,
                Anchor::End => Placement::Left,
                Anchor::Start => Placement::Right,
            };
            (placement, at)
        });
        label.x = x;
        label.anchor = anchor;
        label.class = class(slot.task, placement);
        let b = TextBox::text(x, label.y, label.width, label.font_size, anchor);
        reach = reach.max(b.x1);
        if placement != Placement::Inside
            && let Some(row) = rows.get_mut(&slot.row)
            && row.len() < ROW_LIMIT
        {
            row.push((b.x0, b.x1));
        }
    }
    reach
}

/// Where a label of `width` may go, best first: Mermaid's side first; inside a bar centred,
/// then at its start or end (clear of a line through the middle).
fn candidates(slot: Slot, width: f64) -> Vec<(Placement, (f64, Anchor))> {
    let mut out = Vec::with_capacity(5);
    let fits_inside = width + 2.0 * PAD <= slot.end - slot.start;
    let inside = |out: &mut Vec<_>| {
        if fits_inside {
            out.push((
                Placement::Inside,
                ((slot.start + slot.end) / 2.0, Anchor::Middle),
            ));
            out.push((
                Placement::Inside,
                (slot.start + PAD + width / 2.0, Anchor::Middle),
            ));
            out.push((
                Placement::Inside,
                (slot.end - PAD - width / 2.0, Anchor::Middle),
            ));
        }
    };
    let right = (Placement::Right, (slot.end + PAD, Anchor::Start));
    let left = (Placement::Left, (slot.start - PAD, Anchor::End));
    match slot.mermaid {
        Placement::Inside => {
            inside(&mut out);
            out.extend([right, left]);
        }
        Placement::Right => {
            out.extend([right, left]);
            inside(&mut out);
        }
        Placement::Left => {
            out.extend([left, right]);
            inside(&mut out);
        }
    }
    out
}

/// Whether a line in the sorted `lines` runs through `[x0, x1]` (with room to spare).
fn crosses(lines: &[f64], x0: f64, x1: f64) -> bool {
    let from = lines.partition_point(|&x| x < x0 - CLEAR);
    lines.get(from).is_some_and(|&x| x <= x1 + CLEAR)
}

/// The most interruptions of one line: a line through more text is drawn whole (a chart of
/// thousands of rows and dense markers stays linear in size).
const MAX_GAPS: usize = 64;

/// The most boxes a line is compared with; past that it is drawn whole.
const MAX_ACTIVE: usize = 20_000;

/// Interrupts marker bars and the today line where they would cross text in `boxes`: each
/// gets the vertical ranges left undrawn. A line's own label (a marker's, below it) counts
/// too, harmlessly. One sweep from left to right over lines and boxes: each line meets only
/// the boxes that reach it.
pub(super) fn cut_lines(bars: &mut [Bar], today: Option<&mut TodayLine>, boxes: &[TextBox]) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // The lines: (left, right, top, bottom, which), which = Some(bar) or None (today).
    let mut lines: Vec<(f64, f64, f64, f64, Option<usize>)> = bars
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BarKind::Vert)
        .map(|(i, b)| (b.x, b.x + b.width, b.y, b.y + b.height, Some(i)))
        .collect();
    if let Some(t) = &today {
        // The line is 2 px wide.
        lines.push((t.x - 1.0, t.x + 1.0, t.y1, t.y2, None));
    }
    lines.retain(|l| l.0.is_finite() && l.1.is_finite());
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut order: Vec<usize> = (0..boxes.len())
        .filter(|&i| boxes[i].x0.is_finite() && boxes[i].x1.is_finite())
        .collect();
    order.sort_by(|&a, &b| boxes[a].x0.total_cmp(&boxes[b].x0));
    // Boxes begun, by where they end (as ordered integers: hundredths of a pixel).
    let key = |x: f64| Reverse((x * 100.0) as i64);
    let mut active: BinaryHeap<(Reverse<i64>, usize)> = BinaryHeap::new();
    let mut next = 0;
    let mut today_gaps = Vec::new();
    for &(x0, x1, y0, y1, which) in &lines {
        while next < order.len() && boxes[order[next]].x0 <= x1 + CLEAR {
            let i = order[next];
            active.push((key(boxes[i].x1), i));
            next += 1;
        }
        while active
            .peek()
            .is_some_and(|&(Reverse(end), _)| (end as f64) / 100.0 < x0 - CLEAR)
        {
            active.pop();
        }
        if active.len() > MAX_ACTIVE {
            continue;
        }
        let mut gaps: Vec<(f64, f64)> = active
            .iter()
            .map(|&(_, i)| boxes[i])
            .filter(|b| b.y1 > y0 && b.y0 < y1)
            .map(|b| (b.y0 - CLEAR, b.y1 + CLEAR))
            .collect();
        merge(&mut gaps);
        if gaps.len() > MAX_GAPS {
            gaps.clear();
        }
        match which {
            Some(i) => bars[i].gaps = gaps,
            None => today_gaps = gaps,
        }
    }
    if let Some(t) = today {
        t.gaps = today_gaps;
    }
}

/// Sorts ranges and merges those that touch.
fn merge(ranges: &mut Vec<(f64, f64)>) {
    ranges.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ranges.len());
    for &(a, b) in ranges.iter() {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    *ranges = out;
}

/// The pieces of `[y0, y1]` left when `gaps` (sorted, merged) are taken out.
pub fn pieces(y0: f64, y1: f64, gaps: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(gaps.len() + 1);
    let mut at = y0;
    for &(a, b) in gaps {
        if a > at {
            out.push((at, a.min(y1)));
        }
        at = at.max(b);
        if at >= y1 {
            break;
        }
    }
    if at < y1 {
        out.push((at, y1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_leave_out_the_gaps() {
        assert_eq!(pieces(0.0, 100.0, &[]), vec![(0.0, 100.0)]);
        assert_eq!(
            pieces(0.0, 100.0, &[(10.0, 20.0), (50.0, 60.0)]),
            vec![(0.0, 10.0), (20.0, 50.0), (60.0, 100.0)]
        );
        assert_eq!(pieces(0.0, 100.0, &[(-5.0, 120.0)]), Vec::new());
        assert_eq!(pieces(0.0, 100.0, &[(90.0, 120.0)]), vec![(0.0, 90.0)]);
    }

    #[test]
    fn a_line_through_the_middle_moves_an_inside_label_aside() {
        let slot = Slot {
            task: 0,
            start: 100.0,
            end: 300.0,
            row: 0,
            mermaid: Placement::Inside,
        };
        let mut labels = vec![TaskLabel {
            task: 0,
            id: "a-text".into(),
            text: "Udbud".into(),
            x: 200.0,
            y: 60.0,
            class: String::new(),
            font_size: 11.0,
            anchor: Anchor::Middle,
            width: 40.0,
        }];
        place_labels(
            &mut labels,
            &[Some(slot)],
            &[200.0],
            (75.0, 800.0),
            &|_, p| format!("{p:?}"),
        );
        let b = TextBox::text(labels[0].x, 60.0, 40.0, 11.0, labels[0].anchor);
        assert!(b.x1 < 200.0 - CLEAR || b.x0 > 200.0 + CLEAR, "{b:?}");
        assert_eq!(labels[0].class, "Inside");
    }
}
