//! Drawings made ready for print: Mermaid's diagrams put their labels in `foreignObject`
//! HTML, which a PDF (resvg, krilla) cannot draw; each such label becomes SVG text, centred
//! in the box it had. Linear in the drawing.

/// The attribute `name`'s number in an element's opening tag text.
fn number(tag: &str, name: &str) -> Option<f32> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[at..];
    rest[..rest.find('"')?].trim().parse().ok()
}

/// The text inside markup, entities kept as written (they are valid in SVG text too).
fn inner_text(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `svg` with every `foreignObject` label replaced by centred SVG text.
pub(crate) fn labels_as_text(svg: &str) -> String {
    const OPEN: &str = "<foreignObject";
    const CLOSE: &str = "</foreignObject>";
    if !svg.contains(OPEN) {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(tag_end) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..tag_end];
        let Some(close) = after.find(CLOSE) else {
            rest = "";
            break;
        };
        let body = after.get(tag_end + 1..close).unwrap_or("");
        let w = number(tag, "width").unwrap_or(0.0);
        let h = number(tag, "height").unwrap_or(0.0);
        let x = number(tag, "x").unwrap_or(0.0) + w / 2.0;
        let y = number(tag, "y").unwrap_or(0.0) + h / 2.0 + 4.5;
        let text = inner_text(body);
        if !text.is_empty() {
            out.push_str(&format!(
                "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" font-size=\"13\" font-family=\"Liberation Sans\" fill=\"#28253D\">{text}</text>"
            ));
        }
        rest = &after[close + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// `svg` with the characters of its text that `keep` refuses left out (a glyph the print
/// font lacks would be drawn as an empty box, which PDF/UA forbids). Markup and attribute
/// values are kept as written.
pub(crate) fn keep_text(svg: &str, keep: &dyn Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut in_tag = false;
    for c in svg.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if in_tag || c == '>' || c.is_ascii() || keep(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{keep_text, labels_as_text};

    #[test]
    fn text_the_font_lacks_is_left_out() {
        let svg = "<svg><text aria-label=\"⚠ fejl\">⚠ Fejl i ø</text></svg>";
        assert_eq!(
            keep_text(svg, &|c| c != '⚠'),
            "<svg><text aria-label=\"⚠ fejl\"> Fejl i ø</text></svg>"
        );
    }

    #[test]
    fn html_labels_become_svg_text() {
        let svg = r#"<svg><g transform="translate(5,5)"><foreignObject width="42" height="21"><div xmlns="http://www.w3.org/1999/xhtml"><span><p>udpeger &amp; styrer</p></span></div></foreignObject></g><rect/></svg>"#;
        let out = labels_as_text(svg);
        assert!(
            out.contains(r#"<text x="21" y="15" text-anchor="middle""#),
            "{out}"
        );
        assert!(out.contains(">udpeger &amp; styrer</text>") && out.ends_with("</g><rect/></svg>"));
        assert_eq!(labels_as_text("<svg><foreignObject width=\"1\""), "<svg>");
    }
}
