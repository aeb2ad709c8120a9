//! Mermaid diagrams other than gantt (flowchart, C4, pie, sequence), drawn by merman and
//! given an accessible name and description.

use super::xml_escape;

/// The diagram's kind: the first word of its first statement (`flowchart`, `pie`, …).
pub fn kind(code: &str) -> &str {
    code.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("%%") && !l.starts_with("---"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("mermaid")
}

/// The diagram as an accessible SVG, when merman can draw it.
pub fn draw(code: &str, id: &str, danish: bool) -> Option<String> {
    #[cfg(feature = "diagrams")]
    {
        let svg = merman_svg(code, id)?;
        Some(accessible(&svg, id, code, kind(code), danish))
    }
    #[cfg(not(feature = "diagrams"))]
    {
        let _ = (code, id, danish);
        None
    }
}

#[cfg(feature = "diagrams")]
/// Draws a diagram with merman; `None` when merman cannot (unsupported type, syntax error,
/// or a panic inside merman, which must not take the build down).
pub fn merman_svg(code: &str, id: &str) -> Option<String> {
    use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
    let code = code.to_string();
    let id = id.to_string();
    std::panic::catch_unwind(move || {
        let request = SvgRequest {
            options: merman::svg::SvgRenderOptions {
                diagram_id: Some(merman::svg::sanitize_svg_id(&id)),
                ..Default::default()
            },
            ..Default::default()
        };
        match Renderer::new().render(RenderRequest::svg(&code, OperationControl::new(), request)) {
            Ok(RenderOutput::Svg(Some(svg))) => Some(svg.svg().to_string()),
            _ => None,
        }
    })
    .ok()
    .flatten()
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
