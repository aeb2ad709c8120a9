//! rustc-style rendering of diagnostics with annotate-snippets.

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use forvalt_diag::{Diagnostic, Severity, Sources};

/// Renders one diagnostic with its source snippet, labels, notes and suggestions.
pub(crate) fn render(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let file = d.span.and_then(|s| sources.get(s.file).map(|f| (s, f)));
    let mut title = level.primary_title(d.message.as_str()).id(d.code.as_ref());
    let _ = &mut title;
    let mut group = Group::with_title(title);
    match file {
        Some((span, f)) => {
            let clamp = |r: std::ops::Range<usize>| {
                let end = r.end.min(f.text.len());
                r.start.min(end)..end
            };
            let mut snippet = Snippet::source(f.text.as_str()).path(f.path.as_str());
            let mut primary = AnnotationKind::Primary.span(clamp(span.range()));
            if let Some(label) = &d.label {
                primary = primary.label(label.as_str());
            }
            snippet = snippet.annotation(primary);
            for l in &d.labels {
                if l.span.file == span.file {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(clamp(l.span.range()))
                            .label(l.message.as_str()),
                    );
                }
            }
            group = group.element(snippet);
        }
        None => {
            if let Some(span) = d.span
                && let Some(loc) = sources.location(span)
            {
                group = group.element(
                    Level::NOTE.message(format!("at {}:{}:{}", loc.path, loc.line, loc.column)),
                );
            }
        }
    }
    for n in &d.notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    for h in &d.help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    let mut report = vec![group];
    for s in &d.suggestions {
        if let Some(f) = sources.get(s.span.file) {
            let end = (s.span.end as usize).min(f.text.len());
            let start = (s.span.start as usize).min(end);
            report.push(
                Level::HELP.secondary_title(s.message.as_str()).element(
                    Snippet::source(f.text.as_str())
                        .path(f.path.as_str())
                        .patch(Patch::new(start..end, s.replacement.as_str())),
                ),
            );
        } else {
            report.push(Group::with_title(
                Level::HELP.secondary_title(s.message.as_str()),
            ));
        }
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report)
}
