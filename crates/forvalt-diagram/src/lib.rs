//! Mermaid diagrams other than gantt (flowchart, sequence, class, state, ER, C4, pie,
//! timeline, mindmap, journey, quadrant, xychart, sankey, gitGraph, …), drawn with merman:
//! the SVG, or what is wrong with the diagram and where. Pure: no I/O, no clock.

mod pie;

pub use pie::{legend_in_source_order, pie_largest_first};

/// The diagram's kind: the first word after Mermaid's front matter, directives and
/// comments (`flowchart`, `pie`, …).
pub fn kind(code: &str) -> String {
    forvalt_gantt::diagram_kind(code)
}

/// Why a diagram cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `diagram::unsupported` (a type merman does not draw), `diagram::syntax` or
    /// `diagram::too-large`.
    pub code: &'static str,
    /// What is wrong, in English (merman's words for a syntax error).
    pub message: String,
    /// Where, as a byte range of the diagram text, when known.
    pub span: Option<std::ops::Range<usize>>,
}

impl Problem {
    fn unsupported(code: &str) -> Problem {
        let first = first_statement(code);
        Problem {
            code: "diagram::unsupported",
            message: format!("`{}` is not a diagram type forvalt can draw", kind(code)),
            span: first,
        }
    }
}

/// The byte range of the first statement line (the diagram type).
fn first_statement(code: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    let mut front_matter = false;
    for (i, l) in code.split_inclusive('\n').enumerate() {
        let t = l.trim();
        if t.starts_with("---") && (i == 0 || front_matter) {
            front_matter = !front_matter;
            at += l.len();
            continue;
        }
        if !front_matter && !t.is_empty() && !t.starts_with("%%") && !t.starts_with("---") {
            let lead = l.len() - l.trim_start().len();
            return Some(at + lead..at + lead + t.len());
        }
        at += l.len();
    }
    None
}

/// Mermaid's own limit on a diagram's text (`maxTextSize`, 50,000 characters): longer
/// diagrams are not drawn by Mermaid either, and merman's parsers are not linear in deep
/// nesting.
pub const MAX_TEXT: usize = 50_000;

/// How deep groups may nest (`subgraph` … `end`, `{` … `}`): merman's parsers and layouts
/// take time that grows faster than the nesting (3,000 nested subgraphs took 1.5 s to read).
pub const MAX_DEPTH: usize = 100;

/// A diagram over [`MAX_TEXT`] characters, or nested deeper than [`MAX_DEPTH`].
fn too_large(code: &str) -> Option<Problem> {
    let n = code.chars().count();
    if n > MAX_TEXT {
        return Some(Problem {
            code: "diagram::too-large",
            message: format!(
                "the diagram has {n} characters; Mermaid and forvalt draw at most {MAX_TEXT}"
            ),
            span: first_statement(code),
        });
    }
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    let mut place = None;
    for l in code.split_inclusive('\n') {
        let t = l.trim();
        if t.starts_with("subgraph") {
            depth += 1;
        } else if t == "end" {
            depth = depth.saturating_sub(1);
        }
        for b in t.bytes() {
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if depth > deepest {
            deepest = depth;
            if depth > MAX_DEPTH && place.is_none() {
                place = Some(at..at + l.trim_end().len());
            }
        }
        at += l.len();
    }
    (deepest > MAX_DEPTH).then(|| Problem {
        code: "diagram::too-large",
        message: format!(
            "the diagram nests {deepest} levels deep; forvalt draws at most {MAX_DEPTH}"
        ),
        span: place,
    })
}

/// What keeps a diagram from being drawn, found by parsing it (cheaper than drawing).
pub fn problem(code: &str) -> Option<Problem> {
    if let Some(p) = too_large(code) {
        return Some(p);
    }
    use merman::{Engine, ParseOptions};
    let text = code.to_string();
    let result = std::panic::catch_unwind(move || {
        Engine::new()
            .parse_diagram_sync(&text, ParseOptions::strict())
            .map(|d| d.is_some())
    });
    match result {
        Ok(Ok(true)) => None,
        Ok(Ok(false)) => Some(Problem::unsupported(code)),
        Ok(Err(e)) => Some(from_error(code, &e)),
        Err(_) => Some(Problem {
            code: "diagram::syntax",
            message: "the diagram could not be read".into(),
            span: first_statement(code),
        }),
    }
}

fn from_error(code: &str, e: &merman::Error) -> Problem {
    use merman::Error;
    match e {
        Error::UnsupportedDiagram { .. } | Error::DetectType(_) => Problem::unsupported(code),
        Error::DiagramParse { diagnostic, .. } => Problem {
            code: "diagram::syntax",
            message: first_line(diagnostic.message()),
            span: diagnostic
                .span()
                .map(|s| {
                    s.start.min(code.len())..s.end.min(code.len()).max(s.start.min(code.len()))
                })
                .filter(|r| code.is_char_boundary(r.start) && code.is_char_boundary(r.end))
                .or_else(|| first_statement(code)),
        },
        other => Problem {
            code: "diagram::syntax",
            message: first_line(&other.to_string()),
            span: first_statement(code),
        },
    }
}

/// The first line of a message, at most 300 characters.
fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(300).collect()
}

/// Draws a diagram as SVG with merman (`id` prefixes its element ids), or says why it
/// cannot be drawn. A panic inside merman is caught: it must not take a build down.
pub fn render(code: &str, id: &str) -> Result<String, Problem> {
    use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
    if let Some(p) = too_large(code) {
        return Err(p);
    }
    let text = code.to_string();
    let id = id.to_string();
    let drawn = std::panic::catch_unwind(move || {
        let request = SvgRequest {
            options: merman::svg::SvgRenderOptions {
                diagram_id: Some(merman::svg::sanitize_svg_id(&id)),
                ..Default::default()
            },
            ..Default::default()
        };
        match Renderer::new().render(RenderRequest::svg(&text, OperationControl::new(), request)) {
            Ok(RenderOutput::Svg(Some(svg))) => Ok(svg.svg().to_string()),
            Ok(_) => Err(None),
            Err(e) => Err(Some(e.to_string())),
        }
    });
    match drawn {
        Ok(Ok(svg)) => Ok(svg),
        // The parser says best what is wrong, and where.
        _ => Err(problem(code).unwrap_or(Problem {
            code: "diagram::syntax",
            message: "the diagram could not be drawn".into(),
            span: first_statement(code),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_enabled_type_is_drawn() {
        let diagrams = [
            "timeline\n    title Historik\n    2025 : Ny rutemotor\n    2026 : Integration\n",
            "mindmap\n  root((OS2skolekørsel))\n    Ruter\n    Elever\n",
            "stateDiagram-v2\n    [*] --> Forslag\n    Forslag --> Accepteret\n",
            "classDiagram\n    class Beslutning\n    Beslutning --> Møde\n",
            "erDiagram\n    MOEDE ||--o{ BESLUTNING : traeffer\n",
            "journey\n    title Rejsen\n    section Ansøgning\n      Søger: 3: Forælder\n",
            "quadrantChart\n    title Prioritering\n    x-axis Lav --> Høj\n    y-axis Lav --> Høj\n    A: [0.3, 0.6]\n",
            "xychart-beta\n    title \"Elever\"\n    x-axis [2024, 2025]\n    y-axis \"Antal\" 0 --> 5000\n    bar [3900, 4100]\n",
            "sankey-beta\nKommuner,Sekretariat,300\nSekretariat,Udvikling,200\n",
            "gitGraph\n    commit\n    branch udvikling\n    commit\n",
            "flowchart LR\n    A[Start] --> B[Slut]\n",
            "sequenceDiagram\n    Kommune->>Sekretariat: Ansøgning\n",
            "pie title Vurdering\n    \"Grøn\" : 12\n    \"Gul\" : 3\n",
        ];
        for d in diagrams {
            assert_eq!(problem(d), None, "{d}");
            assert!(render(d, "t").is_ok_and(|s| s.starts_with("<svg")), "{d}");
        }
    }

    #[test]
    fn what_is_wrong_and_where() {
        let p = problem("flowchat LR\n    A --> B\n").unwrap();
        assert_eq!(p.code, "diagram::unsupported");
        assert_eq!(p.span, Some(0..11));
        let code = "flowchart LR\n    A[Start] --> B{Godkendt?\n";
        let p = problem(code).unwrap();
        assert_eq!(p.code, "diagram::syntax");
        let r = p.span.clone().unwrap();
        assert!(code[r.start..].starts_with("{Godkendt"), "{:?}", &code[r]);
        assert_eq!(render(code, "t").unwrap_err(), p);
        // Over Mermaid's limit.
        let long = format!("flowchart TD\n{}", "    A --> B\n".repeat(5_000));
        assert_eq!(problem(&long).unwrap().code, "diagram::too-large");
        assert_eq!(render(&long, "t").unwrap_err().code, "diagram::too-large");
        // Nested too deep.
        let deep = format!(
            "flowchart TD\n{}a-->b\n{}",
            "subgraph s\n".repeat(150),
            "end\n".repeat(150)
        );
        let p = problem(&deep).unwrap();
        assert_eq!(p.code, "diagram::too-large");
        assert!(p.message.contains("150 levels"), "{}", p.message);
        let ok = format!(
            "stateDiagram-v2\n{}[*] --> x\n{}",
            "state a {\n".repeat(20),
            "}\n".repeat(20)
        );
        assert_eq!(problem(&ok), None);
        // A front matter block before the type.
        assert_eq!(kind("---\ntitle: Fordeling\n---\npie\n \"A\": 1\n"), "pie");
        let p = problem("---\ntitle: T\n---\nflowchat LR\n").unwrap();
        assert_eq!(p.span, Some(17..28));
        // Text that is no diagram, and nothing at all.
        assert_eq!(problem("").unwrap().code, "diagram::unsupported");
        assert_eq!(
            problem("%% kun en kommentar\n").unwrap().code,
            "diagram::unsupported"
        );
    }
}
