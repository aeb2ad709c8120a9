//! A small pie of an assessment's lights (green, yellow, red, grey): slices in that fixed
//! order, each in its own colour, so the colours always belong to the right slices (Mermaid
//! orders slices by size and needs its colours reordered by hand). Coloured with the site's
//! CSS variables, so it follows light and dark mode; the numbers are in the table beside it.

use super::xml_escape;
use std::fmt::Write as _;

/// The lights, in drawing order: CSS class and the variable that colours it.
const SLICES: [&str; 4] = ["green", "yellow", "red", "grey"];

/// A pie of `counts` (green, yellow, red, grey), 120 px wide, named `label` for screen
/// readers; an empty pie is a grey ring.
pub fn svg(counts: [usize; 4], label: &str) -> String {
    let total: usize = counts.iter().sum();
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="gov-pie" viewBox="-60 -60 120 120" width="120" height="120" role="img" aria-label="{}">"#,
        xml_escape(label)
    );
    if total == 0 {
        out.push_str(r#"<circle r="50" class="pie-empty"/></svg>"#);
        return out;
    }
    let mut angle = -std::f64::consts::FRAC_PI_2;
    for (n, class) in counts.iter().zip(SLICES) {
        if *n == 0 {
            continue;
        }
        if *n == total {
            let _ = write!(out, r#"<circle r="50" class="pie-{class}"/>"#);
            break;
        }
        let sweep = *n as f64 / total as f64 * std::f64::consts::TAU;
        let (x0, y0) = (50.0 * angle.cos(), 50.0 * angle.sin());
        angle += sweep;
        let (x1, y1) = (50.0 * angle.cos(), 50.0 * angle.sin());
        let large = u8::from(sweep > std::f64::consts::PI);
        let _ = write!(
            out,
            r#"<path class="pie-{class}" d="M0 0L{x0:.2} {y0:.2}A50 50 0 {large} 1 {x1:.2} {y1:.2}Z"/>"#
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_keep_their_colours() {
        let s = svg([2, 1, 1, 0], "Sandkasse: 2 grønne, 1 gul, 1 rød");
        let classes: Vec<&str> = s
            .split("class=\"pie-")
            .skip(1)
            .map(|p| p.split('"').next().unwrap())
            .collect();
        assert_eq!(classes, vec!["green", "yellow", "red"]);
        // Half the pie is green: its arc ends opposite where it started.
        assert!(
            s.contains("M0 0L0.00 -50.00A50 50 0 0 1 0.00 50.00Z"),
            "{s}"
        );
        assert!(svg([0, 0, 3, 0], "x").contains(r#"<circle r="50" class="pie-red"/>"#));
        assert!(svg([0; 4], "x").contains("pie-empty"));
        assert!(svg([1, 0, 0, 0], "<b>").contains("aria-label=\"&lt;b&gt;\""));
    }
}
