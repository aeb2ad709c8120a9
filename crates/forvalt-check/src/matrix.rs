//! Priority and risk matrices: scores outside 1–5, cells that are not scores, written totals
//! that differ from the computed ones, and totals left as the template's placeholder.

use forvalt_diag::{Diagnostic, Severity, Span};
use forvalt_model::Repository;
use forvalt_model::matrix::find_matrices;

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for page in &repo.pages {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let body = src.text.get(page.body_offset..).unwrap_or("");
        if !body.contains('|') {
            continue;
        }
        // Templates are meant to hold placeholders.
        let template = page.state == forvalt_model::PageState::Example
            || page.path.to_lowercase().contains("skabelon");
        let (_, problems) = find_matrices(body);
        for p in problems {
            if template && p.code == "matrix::placeholder-total" {
                continue;
            }
            let severity = if p.code == "matrix::placeholder-total" {
                Severity::Note
            } else {
                Severity::Warning
            };
            let span =
                Span::new(page.body_offset + p.start, page.body_offset + p.end).in_file(page.file);
            out.push(Diagnostic::new(severity, p.code, p.message).with_span(span));
        }
    }
}
