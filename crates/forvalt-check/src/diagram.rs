//! Mermaid diagrams other than gantt: a diagram forvalt cannot draw (a type merman does not
//! know, or a syntax error) is reported where it is, as the build reports it.

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use rayon::prelude::*;

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let found: Vec<Diagnostic> = repo
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let mut found = Vec::new();
            let Some(src) = repo.sources.get(page.file) else {
                return found;
            };
            let body = src.text.get(page.body_offset..).unwrap_or("");
            if !body.contains("mermaid") {
                return found;
            }
            for f in forvalt_gantt::fences(body) {
                let mermaid = f
                    .info
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case("mermaid"));
                if !mermaid || forvalt_gantt::is_gantt(&f.content) {
                    continue;
                }
                let Some(p) = forvalt_diagram::problem(&f.content) else {
                    continue;
                };
                // Exact when the fence is not indented; else the fence's first line.
                let base = page.body_offset + f.content_start;
                let exact = matches!(f.content, std::borrow::Cow::Borrowed(_));
                let span = match (&p.span, exact) {
                    (Some(r), true) => Span::new(base + r.start, base + r.end),
                    _ => Span::new(
                        page.body_offset + f.range.start,
                        page.body_offset + f.range.start,
                    ),
                };
                let help = if p.code == "diagram::unsupported" {
                    "the page shows the diagram's text instead of a drawing"
                } else {
                    "the page shows the diagram's text instead of a drawing: correct the line"
                };
                found.push(
                    Diagnostic::warning(p.code, p.message)
                        .with_span(span.in_file(page.file))
                        .with_help(help),
                );
            }
            found
        })
        .collect();
    out.extend(found);
}
