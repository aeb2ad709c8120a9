//! rustc-style rendering of diagnostics with annotate-snippets.
//!
//! A snippet gets only the lines its annotations are on, never the whole file:
//! annotate-snippets indexes every line of the source it is given, so a file with many
//! findings would otherwise be indexed once per finding.

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use forvalt_diag::{Diagnostic, Severity, SourceFile, Sources};
use std::ops::Range;

/// Annotations at most this many lines apart share one snippet (the lines between are
/// folded); farther ones get their own, so a snippet's cost is bounded by its annotations.
const NEAR: usize = 100;

/// Renders one diagnostic with its source snippet, labels, notes and suggestions.
pub(crate) fn render(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let file = d.span.and_then(|s| sources.get(s.file).map(|f| (s, f)));
    let title = level.primary_title(d.message.as_str()).id(d.code.as_ref());
    let mut group = Group::with_title(title);
    match file {
        Some((span, f)) => {
            let mut marks = vec![Mark {
                range: clamp(f, span.range()),
                primary: true,
                label: d.label.as_deref(),
            }];
            for l in d.labels.iter().filter(|l| l.span.file == span.file) {
                marks.push(Mark {
                    range: clamp(f, l.span.range()),
                    primary: false,
                    label: Some(l.message.as_str()),
                });
            }
            for snippet in snippets(f, marks) {
                group = group.element(snippet);
            }
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
            let range = clamp(f, s.span.range());
            let (first, offset, text) = excerpt(f, range.start, range.end);
            report.push(
                Level::HELP.secondary_title(s.message.as_str()).element(
                    Snippet::source(text)
                        .path(f.path.as_str())
                        .line_start(first)
                        .patch(Patch::new(
                            range.start - offset..range.end - offset,
                            s.replacement.as_str(),
                        )),
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

/// An annotation before it is placed in a snippet.
struct Mark<'a> {
    range: Range<usize>,
    primary: bool,
    label: Option<&'a str>,
}

/// The snippets of `f` for `marks` (the primary first): marks on nearby lines share one,
/// and the snippet holding the primary mark comes first.
fn snippets<'a>(f: &'a SourceFile, mut marks: Vec<Mark<'a>>) -> Vec<Snippet<'a, Annotation<'a>>> {
    let lines = f.lines();
    marks.sort_by_key(|m| (m.range.start, !m.primary));
    // Groups of marks whose lines are near each other: (first line, last line, marks).
    let mut groups: Vec<(usize, usize, Vec<Mark<'a>>)> = Vec::new();
    for mark in marks {
        let first = lines.line_of(mark.range.start);
        let last = lines.line_of(mark.range.end);
        match groups.last_mut() {
            Some((_, end, group)) if first <= end.saturating_add(NEAR) => {
                *end = (*end).max(last);
                group.push(mark);
            }
            _ => groups.push((first, last, vec![mark])),
        }
    }
    if let Some(i) = groups
        .iter()
        .position(|(_, _, g)| g.iter().any(|m| m.primary))
    {
        let primary = groups.remove(i);
        groups.insert(0, primary);
    }
    groups
        .into_iter()
        .map(|(_, _, group)| {
            let start = group.iter().map(|m| m.range.start).min().unwrap_or(0);
            let end = group.iter().map(|m| m.range.end).max().unwrap_or(0);
            let (first, offset, text) = excerpt(f, start, end);
            let mut snippet = Snippet::source(text)
                .path(f.path.as_str())
                .line_start(first);
            for m in group {
                let kind = if m.primary {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                let mut a = kind.span(m.range.start - offset..m.range.end - offset);
                if let Some(label) = m.label {
                    a = a.label(label);
                }
                snippet = snippet.annotation(a);
            }
            snippet
        })
        .collect()
}

/// The whole lines of `f` that hold `start..end`: (1-based number of the first, its byte
/// offset, the text).
fn excerpt(f: &SourceFile, start: usize, end: usize) -> (usize, usize, &str) {
    let lines = f.lines();
    let first = lines.line_of(start);
    let last = lines.line_of(end);
    let from = lines.line_start(first).unwrap_or(0).min(start);
    let to = lines
        .line_start(last + 1)
        .unwrap_or(f.text.len())
        .clamp(end, f.text.len());
    (first + 1, from, &f.text[from..to])
}

/// `range` inside `f`'s text, on character boundaries.
fn clamp(f: &SourceFile, range: Range<usize>) -> Range<usize> {
    let end = f.text.floor_char_boundary(range.end.min(f.text.len()));
    let start = f.text.floor_char_boundary(range.start.min(end));
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use forvalt_diag::Span;

    fn plain(d: &Diagnostic, sources: &Sources) -> String {
        render(d, sources, false)
    }

    #[test]
    fn snippets_show_the_right_lines() {
        let mut sources = Sources::new();
        let text: String = (1..=300).map(|i| format!("linje {i}\n")).collect();
        let file = sources.add("a.md", text.clone());
        let at = |s: &str| {
            let i = text.find(&format!("{s}\n")).unwrap();
            Span::new(i, i + s.len()).in_file(file)
        };
        let d = Diagnostic::warning("links::missing-file", "besked")
            .with_span(at("linje 200"))
            .with_label(at("linje 201"), "nær")
            .with_label(at("linje 2"), "langt væk")
            .with_suggestion(at("linje 250"), "ny", "skriv ny");
        let out = plain(&d, &sources);
        // The primary snippet first, with the label next to it; the far label in a
        // snippet of its own; nothing in between.
        let primary = out.find("--> a.md:200:1").expect(&out);
        let far = out.find("::: a.md:2:1").expect(&out);
        assert!(primary < far, "{out}");
        for line in [
            "200 | linje 200",
            "201 | linje 201",
            "2 | linje 2",
            "250 + ny",
        ] {
            assert!(out.contains(line), "{line}: {out}");
        }
        assert!(out.contains("langt væk") && out.contains("nær"), "{out}");
        assert!(!out.contains("linje 100"), "{out}");
    }

    #[test]
    fn spans_at_the_end_and_inside_characters_are_safe() {
        let mut sources = Sources::new();
        let file = sources.add("a.md", "æø\nå");
        for (start, end) in [(0, 1), (5, 9), (6, 6), (3, 3), (100, 200)] {
            let d = Diagnostic::note("links::image-alt", "m")
                .with_span(Span::new(start, end).in_file(file));
            let out = plain(&d, &sources);
            assert!(out.contains("a.md"), "{out}");
        }
    }
}
