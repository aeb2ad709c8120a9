//! Mermaid diagrams other than gantt, drawn by forvalt-diagram (merman) and given an
//! accessible name and description.

use super::xml_escape;

/// The diagram's kind (`flowchart`, `pie`, …).
pub fn kind(code: &str) -> String {
    forvalt_gantt::diagram_kind(code)
}

/// A diagram that could not be drawn: the rule (`diagram::unsupported`, `diagram::syntax`),
/// what is wrong, and where in the diagram's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undrawn {
    /// The rule.
    pub code: &'static str,
    /// What is wrong (English).
    pub message: String,
    /// Byte range in the diagram text.
    pub span: Option<std::ops::Range<usize>>,
}

/// The diagram as an accessible SVG, or why it cannot be drawn; a pie's slices ordered as
/// the pinned Mermaid `version` orders them ([`forvalt_gantt::MermaidVersion::pie_by_value`]).
pub fn draw(
    code: &str,
    id: &str,
    danish: bool,
    version: forvalt_gantt::MermaidVersion,
) -> Result<String, Undrawn> {
    #[cfg(feature = "diagrams")]
    {
        let undrawn = |p: forvalt_diagram::Problem| Undrawn {
            code: p.code,
            message: p.message,
            span: p.span,
        };
        if version.pie_by_value() && kind(code) == "pie" {
            let (sorted, order) = forvalt_diagram::pie_largest_first(code);
            // Problems are reported against the text as written.
            let svg = forvalt_diagram::render(&sorted, id).map_err(|_| {
                forvalt_diagram::problem(code).map_or_else(
                    || Undrawn {
                        code: "diagram::syntax",
                        message: "the diagram could not be drawn".into(),
                        span: None,
                    },
                    undrawn,
                )
            })?;
            let svg = forvalt_diagram::legend_in_source_order(&svg, &order);
            return Ok(accessible(&svg, id, code, "pie", danish));
        }
        let svg = forvalt_diagram::render(code, id).map_err(undrawn)?;
        Ok(accessible(&svg, id, code, &kind(code), danish))
    }
    #[cfg(not(feature = "diagrams"))]
    {
        let _ = (code, id, danish, version);
        Err(Undrawn {
            code: "diagram::unsupported",
            message: "this forvalt was built without diagrams other than gantt".into(),
            span: None,
        })
    }
}

#[cfg(feature = "diagrams")]
/// Gives a diagram SVG an accessible name and description: `accTitle`/`title` and
/// `accDescr` from the source when written, else the diagram kind and the texts it shows.
pub fn accessible(svg: &str, id: &str, code: &str, kind: &str, danish: bool) -> String {
    let field = |key: &str| {
        code.lines().map(str::trim).find_map(|l| {
            let rest = l.strip_prefix(key)?;
            let rest = rest.trim_start();
            let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
            (!rest.is_empty() && !rest.starts_with('{')).then(|| rest.trim_matches('"').to_string())
        })
    };
    let title = field("accTitle")
        .or_else(|| field("title"))
        .unwrap_or_else(|| match crate::describe::role_description(kind, danish) {
            Some(r) => {
                let mut c = r.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
            None => format!("Diagram ({kind})"),
        });
    let description = field("accDescr")
        .or_else(|| crate::describe::describe(kind, code, danish))
        .unwrap_or_else(|| {
            let texts = svg_texts(svg);
            if texts.is_empty() {
                String::new()
            } else if danish {
                format!("Diagrammet viser: {}.", texts.join(", "))
            } else {
                format!("The diagram shows: {}.", texts.join(", "))
            }
        });
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let open = &svg[..open_end];
    let mut open = open
        .replace("role=\"graphics-document document\"", "role=\"img\"")
        .replace(" aria-labelledby=", " data-aria-labelledby=")
        .replace(" aria-describedby=", " data-aria-describedby=");
    if let Some(r) = crate::describe::role_description(kind, danish)
        && let Some(at) = open.find(" aria-roledescription=\"")
    {
        let value_start = at + " aria-roledescription=\"".len();
        if let Some(len) = open[value_start..].find('"') {
            open.replace_range(value_start..value_start + len, r);
        }
    }
    let role = if open.contains("role=") {
        ""
    } else {
        " role=\"img\""
    };
    format!(
        "{open}{role} aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        xml_escape(&title),
        xml_escape(&description),
        &svg[open_end + 1..]
    )
}

#[cfg(feature = "diagrams")]
/// The distinct texts shown in an SVG (element content outside `<style>`), in order.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |t: String, out: &mut Vec<String>| {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() && !out.contains(&t) && out.len() < 60 {
            out.push(t);
        }
    };
    let mut rest = svg;
    let mut in_style = false;
    // Words of one `<text>` element (split into `<tspan>`s) belong together.
    let mut text_element: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        let text = decode_entities(&rest[..lt]);
        if !in_style {
            match &mut text_element {
                Some(buf) => {
                    buf.push(' ');
                    buf.push_str(&text);
                }
                None => push(text, &mut out),
            }
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("style") {
            in_style = true;
        } else if tag.starts_with("/style") {
            in_style = false;
        } else if tag.starts_with("text") && !tag.ends_with('/') {
            text_element = Some(String::new());
        } else if tag.starts_with("/text")
            && let Some(buf) = text_element.take()
        {
            push(buf, &mut out);
        }
        rest = &rest[lt + gt + 1..];
    }
    out
}

#[cfg(feature = "diagrams")]
fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "diagrams")]
    #[test]
    fn the_largest_slice_gets_the_first_colour() {
        let code = "pie title Vurdering\n    \"Gul\" : 3\n    \"Grøn\" : 12\n    \"Rød\" : 1\n";
        let fill_of = |svg: &str, label: &str| -> Option<String> {
            // merman writes the legend as a coloured square followed by its text.
            let at = svg.find(&format!(">{label}<"))?;
            let before = &svg[..at];
            let f = before.rfind("fill:")?;
            Some(
                before[f + 5..]
                    .chars()
                    .take_while(|c| *c != ';' && *c != '"')
                    .collect(),
            )
        };
        let sorted = draw(code, "d", true, forvalt_gantt::MermaidVersion::DEFAULT).unwrap();
        let kept = draw(code, "d", true, forvalt_gantt::MermaidVersion(11, 14, 0)).unwrap();
        // Sorted: "Grøn" (the largest) takes the first colour, which "Gul" has when the
        // source's order is kept.
        assert_eq!(fill_of(&sorted, "Grøn"), fill_of(&kept, "Gul"));
        assert_ne!(fill_of(&sorted, "Grøn"), fill_of(&kept, "Grøn"));
    }

    /// A colour as written in an SVG (`#ECECFF`, `rgb(236, 236, 255)`, `hsl(80, 100%, 56%)`)
    /// as red, green and blue.
    #[cfg(feature = "diagrams")]
    fn rgb(c: &str) -> Option<(u8, u8, u8)> {
        let c = c.trim();
        let nums = |s: &str| -> Vec<f64> {
            s.split(',')
                .filter_map(|p| p.trim().trim_end_matches('%').parse().ok())
                .collect()
        };
        if let Some(h) = c.strip_prefix('#') {
            let v = u32::from_str_radix(h, 16).ok()?;
            return Some(((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        if let Some(r) = c.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')')) {
            let n = nums(r);
            return Some((n[0] as u8, n[1] as u8, n[2] as u8));
        }
        let h = c.strip_prefix("hsl(")?.strip_suffix(')')?;
        let n = nums(h);
        let (h, s, l) = (n[0] / 360.0, n[1] / 100.0, n[2] / 100.0);
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let f = |mut t: f64| {
            t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            (v * 255.0).round() as u8
        };
        Some((f(h + 1.0 / 3.0), f(h), f(h - 1.0 / 3.0)))
    }

    /// The slices' colours in drawing order, and the legend's labels with their colours.
    #[cfg(feature = "diagrams")]
    #[allow(clippy::type_complexity)]
    fn pie_parts(svg: &str) -> (Vec<(u8, u8, u8)>, Vec<(String, (u8, u8, u8))>) {
        let slices = svg
            .split("<path ")
            .skip(1)
            .filter(|p| p.split('>').next().is_some_and(|t| t.contains("pieCircle")))
            .filter_map(|p| rgb(p.split("fill=\"").nth(1)?.split('"').next()?))
            .collect();
        let legend = svg
            .split("class=\"legend\"")
            .skip(1)
            .filter_map(|g| {
                let fill = g.split("fill: ").nth(1)?.split(';').next()?;
                let label = g
                    .split("<text")
                    .nth(1)?
                    .split('>')
                    .nth(1)?
                    .split('<')
                    .next()?;
                Some((label.to_string(), rgb(fill)?))
            })
            .collect();
        (slices, legend)
    }

    #[cfg(feature = "diagrams")]
    #[test]
    fn a_pie_as_mermaid_11_12_draws_it() {
        // Recorded with mermaid-cli 11.12.0 (mermaid 11.12.0) and Debian's Chromium.
        let code = include_str!("../../tests/data/mermaid-11.12/pie.mmd");
        let mermaid = include_str!("../../tests/data/mermaid-11.12/pie.svg");
        let ours = draw(code, "d", true, forvalt_gantt::MermaidVersion::DEFAULT).unwrap();
        let (theirs_slices, theirs_legend) = pie_parts(mermaid);
        let (our_slices, our_legend) = pie_parts(&ours);
        assert_eq!(theirs_legend.len(), 4);
        assert_eq!(our_legend, theirs_legend);
        assert_eq!(our_slices, theirs_slices);
    }

    #[cfg(feature = "diagrams")]
    #[test]
    fn a_pie_as_mermaid_11_17_draws_it() {
        // Recorded with mermaid 11.17.2: the source's order, from 11.14 on.
        let code = include_str!("../../tests/data/mermaid-11.12/pie.mmd");
        let mermaid = include_str!("../../tests/data/mermaid-11.17/pie.svg");
        let ours = draw(code, "d", true, forvalt_gantt::MermaidVersion(11, 17, 2)).unwrap();
        assert_eq!(pie_parts(&ours), pie_parts(mermaid));
    }
}
