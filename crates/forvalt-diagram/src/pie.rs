//! Pie charts as the site's pinned Mermaid version draws them.

/// A pie chart's data lines (`"Grøn" : 12`) reordered by value, largest first (ties keep
/// their order), every other line where it was, and for each data line of the result the
/// place (among the data lines) it had in the source: Mermaid 11.12 draws and colours the
/// slices in that order, and lists the legend in the source's.
pub fn pie_largest_first(code: &str) -> (String, Vec<usize>) {
    let value = |l: &str| -> Option<f64> {
        let t = l.trim();
        if !t.starts_with('"') {
            return None;
        }
        let (_, v) = t.rsplit_once(':')?;
        v.trim().parse::<f64>().ok().filter(|v| v.is_finite())
    };
    let lines: Vec<&str> = code.split_inclusive('\n').collect();
    // (line, value, place among the data lines)
    let mut data: Vec<(usize, f64, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| value(l).map(|v| (i, v)))
        .enumerate()
        .map(|(k, (i, v))| (i, v, k))
        .collect();
    // A label given twice: Mermaid keeps its first value, which reordering would change.
    let label = |i: usize| lines[i].trim().split('"').nth(1).unwrap_or("");
    let mut labels: Vec<&str> = data.iter().map(|(i, _, _)| label(*i)).collect();
    labels.sort_unstable();
    if labels.windows(2).any(|w| w[0] == w[1]) {
        return (code.to_string(), (0..data.len()).collect());
    }
    let slots: Vec<usize> = data.iter().map(|(i, _, _)| *i).collect();
    data.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out: Vec<&str> = lines.clone();
    for (slot, (from, _, _)) in slots.iter().zip(&data) {
        out[*slot] = lines[*from];
    }
    // A last data line without a newline that moved up would run into the next.
    let mut text = String::with_capacity(code.len() + 1);
    for l in out {
        text.push_str(l);
        if !l.ends_with('\n') {
            text.push('\n');
        }
    }
    if !code.ends_with('\n') {
        text.pop();
    }
    (text, data.into_iter().map(|(_, _, k)| k).collect())
}

/// The legend of a pie drawn from [`pie_largest_first`] put back in the source's order, as
/// Mermaid 11.12 lists it: the entries (`<g class="legend" transform="translate(x,y)">`) in
/// that order in the document, each at the place of its rank. Unchanged when the legend is
/// not as expected.
pub fn legend_in_source_order(svg: &str, order: &[usize]) -> String {
    const OPEN: &str = "<g class=\"legend\" transform=\"translate(";
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = svg[from..].find(OPEN) {
        let start = from + i;
        let Some(len) = svg[start..].find("</g>") else {
            return svg.to_string();
        };
        let end = start + len + "</g>".len();
        groups.push((start, end));
        from = end;
    }
    let contiguous = groups.windows(2).all(|w| w[0].1 == w[1].0);
    if groups.len() != order.len() || groups.is_empty() || !contiguous {
        return svg.to_string();
    }
    let place = |g: &(usize, usize)| -> Option<(usize, usize)> {
        let a = g.0 + OPEN.len();
        let b = a + svg[a..g.1].find(')')?;
        Some((a, b))
    };
    let Some(places): Option<Vec<(usize, usize)>> = groups.iter().map(place).collect() else {
        return svg.to_string();
    };
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..groups[0].0]);
    for source in 0..order.len() {
        let Some(k) = order.iter().position(|o| *o == source) else {
            return svg.to_string();
        };
        let (g, (a, b)) = (groups[k], places[k]);
        let (pa, pb) = places[source];
        out.push_str(&svg[g.0..a]);
        out.push_str(&svg[pa..pb]);
        out.push_str(&svg[b..g.1]);
    }
    out.push_str(&svg[groups[groups.len() - 1].1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pies_largest_first() {
        let code = "pie title Vurdering\n    \"Gul\" : 4\n    \"Grøn\" : 12\n    \"Rød\" : 4\n    \"Hvid\" : 20";
        assert_eq!(
            pie_largest_first(code),
            (
                "pie title Vurdering\n    \"Hvid\" : 20\n    \"Grøn\" : 12\n    \"Gul\" : 4\n    \"Rød\" : 4"
                    .to_string(),
                vec![3, 1, 0, 2]
            )
        );
    }
}
