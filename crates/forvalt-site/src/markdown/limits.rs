//! Bounds on what one page may ask of the Markdown renderer, checked in one pass over the
//! text before parsing: block quotes nested deeper than any real page (each level is a level
//! of recursion somewhere), and tables whose rows would be padded to more cells than a
//! browser can show. A page over a bound is published as plain text, with a diagnostic.

/// The deepest nesting of block quotes and list markers on one line.
pub const MAX_DEPTH: usize = 100;
/// The most cells of one table after padding every row to the header's width.
pub const MAX_TABLE_CELLS: usize = 250_000;

/// The most bytes of drawn charts and wheels on one page; later ones are shown as their
/// source. A chart of a few lines can draw Mermaid's full 10,000 ticks (1.5 MB), so without
/// this a page of small charts would make a site thousands of times its size.
pub const MAX_DRAWN_BYTES: usize = 16 << 20;

/// The diagnostic for a chart left undrawn because the page's charts already took
/// `drawn` bytes.
pub(super) fn too_much_drawn(at: forvalt_diag::Span, drawn: usize) -> forvalt_diag::Diagnostic {
    forvalt_diag::Diagnostic::error(
        "site::too-complex",
        format!(
            "the charts above already draw {} MB on this page (at most {} MB): this chart is shown as its source",
            drawn >> 20,
            MAX_DRAWN_BYTES >> 20
        ),
    )
    .with_span(at)
    .with_help("split the page, or give the charts fewer ticks (`tickInterval`, a shorter time span)")
}

/// Why a body is too much to render: (1-based line, message).
pub(super) fn exceeded(body: &str) -> Option<(usize, String)> {
    let mut fence: Option<(u8, usize)> = None;
    let mut previous_nonblank = false;
    // An open table: (line of its header, columns, rows so far).
    let mut table: Option<(usize, usize, usize)> = None;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = fence_marker(trimmed) {
            match fence {
                None => fence = Some(f),
                Some((c, len)) if c == f.0 && f.1 >= len => fence = None,
                _ => {}
            }
            table = None;
            previous_nonblank = true;
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let depth = nesting(line);
        if depth > MAX_DEPTH {
            return Some((
                n + 1,
                format!(
                    "block quotes and lists are nested {depth} deep on this line (at most {MAX_DEPTH})"
                ),
            ));
        }
        if trimmed.is_empty() {
            table = None;
            previous_nonblank = false;
            continue;
        }
        match &mut table {
            Some((at, columns, rows)) => {
                *rows += 1;
                if columns.saturating_mul(*rows) > MAX_TABLE_CELLS {
                    return Some((
                        *at,
                        format!(
                            "this table has {columns} columns and over {rows} rows; padded, that is more than {MAX_TABLE_CELLS} cells"
                        ),
                    ));
                }
            }
            None if previous_nonblank && is_delimiter_row(trimmed) => {
                let columns = trimmed.trim_matches('|').split('|').count();
                table = Some((n, columns, 0));
            }
            None => {}
        }
        previous_nonblank = true;
    }
    None
}

/// ```` ``` ```` or `~~~` opening or closing a fence: (character, length).
fn fence_marker(trimmed: &str) -> Option<(u8, usize)> {
    let c = *trimmed.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|b| *b == c).count();
    (len >= 3).then_some((c, len))
}

/// Container markers at the start of `line`: `>` and list bullets, plus one level per four
/// columns of indentation.
fn nesting(line: &str) -> usize {
    let b = line.as_bytes();
    let (mut i, mut depth, mut spaces) = (0, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b' ' => spaces += 1,
            b'\t' => spaces += 4,
            b'>' => depth += 1,
            b'-' | b'*' | b'+' if b.get(i + 1).is_some_and(|c| *c == b' ' || *c == b'\t') => {
                depth += 1;
            }
            b'0'..=b'9' => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = b.get(i + digits);
                if digits <= 9 && after.is_some_and(|c| *c == b'.' || *c == b')') {
                    depth += 1;
                    i += digits;
                } else {
                    break;
                }
            }
            _ => break,
        }
        i += 1;
    }
    depth + spaces / 4
}

/// A GFM table's delimiter row: `|---|:--:|`.
fn is_delimiter_row(trimmed: &str) -> bool {
    trimmed.contains('-')
        && trimmed
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_are_within_bounds() {
        let page = "# Referat\n\n> Citat\n> > svar\n\n- a\n  - b\n    1. c\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```yaml\n".to_string()
            + &" ".repeat(800)
            + "x\n```\n";
        assert_eq!(exceeded(&page), None);
    }

    #[test]
    fn absurd_nesting_and_tables_are_found() {
        let deep = ">".repeat(50_000) + " x\n";
        assert_eq!(exceeded(&deep).map(|(l, _)| l), Some(1));
        let n = 1000;
        let mut t = format!("{}\n{}\n", "|h".repeat(n), "|-".repeat(n));
        for _ in 0..n {
            t.push_str("|x\n");
        }
        let (line, msg) = exceeded(&("intro\n\n".to_string() + &t)).expect("too big");
        assert_eq!(line, 3, "{msg}");
    }
}
