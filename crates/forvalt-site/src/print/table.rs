//! Tables for print: columns as wide as their text needs (narrowed to the page by wrapping
//! the text in them), rows kept whole, and the header rows repeated at the top of every
//! page the table continues on (the repeats are decoration; the tagged header is the first).

use super::dom::Cell;
use super::layout::{BOTTOM, CELL, Draw, Flow, Kind, TOP};

const PAD: f32 = 4.0;

/// The widths of the columns of `rows` within `width`.
fn widths(flow: &Flow, rows: &[&Vec<Cell>], cols: usize, width: f32) -> Vec<f32> {
    let mut natural = vec![2.0 * PAD; cols];
    let mut min = vec![2.0 * PAD; cols];
    for row in rows {
        for (c, cell) in row.iter().enumerate().take(cols) {
            let text: String = cell.runs.iter().map(|r| r.text.as_str()).collect();
            let style = cell.runs.first().map(|r| r.style).unwrap_or_default();
            let w = flow.fonts.width(&text, style, CELL) + 2.0 * PAD;
            natural[c] = natural[c].max(w.min(width));
            let longest = text
                .split_whitespace()
                .map(|word| flow.fonts.width(word, style, CELL))
                .fold(0.0_f32, f32::max);
            min[c] = min[c].max((longest + 2.0 * PAD).min(width / 2.0));
        }
    }
    let total: f32 = natural.iter().sum();
    if total <= width {
        return natural;
    }
    let min_total: f32 = min.iter().sum();
    if min_total >= width {
        return min.iter().map(|m| m * width / min_total).collect();
    }
    let spare = width - min_total;
    let want: f32 = natural
        .iter()
        .zip(&min)
        .map(|(n, m)| n - m)
        .sum::<f32>()
        .max(1.0);
    natural
        .iter()
        .zip(&min)
        .map(|(n, m)| m + spare * (n - m) / want)
        .collect()
}

/// Lays out a table in `parent` at `x`, `width`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn layout(
    flow: &mut Flow,
    caption: Option<&str>,
    head: &[Vec<Cell>],
    body: &[Vec<Cell>],
    parent: usize,
    x: f32,
    width: f32,
) {
    let all: Vec<&Vec<Cell>> = head.iter().chain(body).collect();
    let cols = all.iter().map(|r| r.len()).max().unwrap_or(0);
    if cols == 0 {
        return;
    }
    let ws = widths(flow, &all, cols, width);
    let table = flow.add_node(Kind::Table, parent);
    if let Some(c) = caption.filter(|c| !c.trim().is_empty()) {
        let node = flow.add_node(Kind::Caption, table);
        let runs = vec![super::dom::Run {
            text: c.to_string(),
            style: super::dom::Style {
                italic: true,
                ..Default::default()
            },
            link: None,
        }];
        let cell = Cell {
            runs,
            header: false,
        };
        for line in flow.cell_lines(&cell, width) {
            flow.ensure(CELL * 1.3);
            let base = flow.y() + CELL;
            for p in line {
                let draw = Draw::Text {
                    x: x + p.x,
                    y: base,
                    text: p.text,
                    style: p.style,
                    size: CELL,
                    link: None,
                };
                flow.add_item(draw, Some(node));
            }
            flow.advance(CELL * 1.3);
        }
        flow.advance(2.0);
    }
    for row in head {
        row_layout(flow, row, &ws, x, Some(table), true);
    }
    // Header rows are repeated on each new page, unless they would fill a third of it.
    let head_h: f32 = head.iter().map(|r| row_height(flow, r, &ws)).sum();
    let repeat = head_h < (BOTTOM - TOP) / 3.0;
    for row in body {
        let h = row_height(flow, row, &ws);
        if flow.ensure(h) && repeat {
            for row in head {
                row_layout(flow, row, &ws, x, None, true);
            }
        }
        row_layout(flow, row, &ws, x, Some(table), false);
    }
    flow.advance(8.0);
}

fn row_height(flow: &Flow, row: &[Cell], ws: &[f32]) -> f32 {
    let most = row
        .iter()
        .zip(ws)
        .map(|(cell, w)| flow.cell_lines(cell, w - 2.0 * PAD).len().max(1))
        .max()
        .unwrap_or(1);
    most as f32 * CELL * 1.3 + 2.0 * PAD
}

/// One row: its cells' text (tagged in `table`, or decoration when `None`) and its borders.
fn row_layout(flow: &mut Flow, row: &[Cell], ws: &[f32], x: f32, table: Option<usize>, head: bool) {
    let h = row_height(flow, row, ws);
    flow.ensure(h);
    if h > BOTTOM - TOP {
        // Drawn anyway, past the page's foot; never dropped.
        flow.problems
            .push((String::new(), "a table row is taller than a page".into()));
    }
    let top = flow.y();
    let total: f32 = ws.iter().sum();
    if head {
        flow.add_item(
            Draw::Shade {
                x,
                y: top,
                w: total,
                h,
            },
            None,
        );
    }
    let tr = table.map(|t| flow.add_node(Kind::Row, t));
    let mut cx = x;
    for (c, w) in ws.iter().enumerate() {
        let Some(cell) = row.get(c) else {
            cx += w;
            continue;
        };
        let node = tr.map(|r| {
            let kind = if cell.header {
                Kind::HeaderCell
            } else {
                Kind::Cell
            };
            flow.add_node(kind, r)
        });
        for (k, line) in flow.cell_lines(cell, w - 2.0 * PAD).into_iter().enumerate() {
            let base = top + PAD + k as f32 * CELL * 1.3 + CELL;
            for p in line {
                // A linked piece in a link element of its own (tagged as the rule asks).
                let at = match (&p.link, node) {
                    (Some(_), Some(n)) => Some(flow.add_node(Kind::Link, n)),
                    _ => node,
                };
                let draw = Draw::Text {
                    x: cx + PAD + p.x,
                    y: base,
                    text: p.text,
                    style: p.style,
                    size: CELL,
                    link: p.link,
                };
                flow.add_item(draw, at);
            }
        }
        cx += w;
    }
    let line = |x1: f32, y1: f32, x2: f32, y2: f32| Draw::Line {
        x1,
        y1,
        x2,
        y2,
        width: 0.4,
    };
    flow.add_item(line(x, top, x + total, top), None);
    flow.add_item(line(x, top + h, x + total, top + h), None);
    let mut vx = x;
    flow.add_item(line(vx, top, vx, top + h), None);
    for w in ws {
        vx += w;
        flow.add_item(line(vx, top, vx, top + h), None);
    }
    flow.advance(h);
}
