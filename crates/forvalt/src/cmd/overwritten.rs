//! Decisions written over in git: the file that now holds another decision, and the links
//! elsewhere that still carry the old decision's title.

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use forvalt_model::history::Histories;
use forvalt_model::records::{link_path, text::links};

/// The findings for every decision file the history saw written over.
pub(crate) fn findings(repo: &Repository, h: &Histories) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // (path, title it held before)
    let mut over: Vec<(&str, &str)> = Vec::new();
    for (path, d) in &h.decisions {
        let Some((r, old_title)) = &d.overwritten else {
            continue;
        };
        let Some(page) = repo.pages.iter().find(|p| &p.path == path) else {
            continue;
        };
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let body = &src.text[page.body_offset..];
        let at = if body.starts_with("# ") {
            page.body_offset
        } else {
            body.find("\n# ")
                .map_or(page.body_offset, |i| page.body_offset + i + 1)
        };
        let end = src.text[at..].find('\n').map_or(src.text.len(), |e| at + e);
        let rev = &h.revisions[*r];
        let when = jiff::Timestamp::from_second(rev.time)
            .map(|t| t.to_zoned(repo.time_zone.clone()).date().to_string())
            .unwrap_or_default();
        out.push(
            Diagnostic::warning(
                "history::overwritten",
                format!(
                    "this file held another decision, `{old_title}`, until {when} ({}): it was written over",
                    rev.short()
                ),
            )
            .with_span(Span::new(at, end).in_file(page.file))
            .with_note("links and minutes that point here now show a different decision")
            .with_help(format!(
                "restore the old decision from git (`git show {}~1:./{path}` in the repository folder) and give the new one its own file",
                rev.short()
            )),
        );
        over.push((path.as_str(), old_title.as_str()));
    }
    if !over.is_empty() {
        old_title_links(repo, &over, &mut out);
    }
    out.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    out
}

/// Words of a title, compared without case, spacing and a record prefix (`[ODR]`).
fn same_title(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        let s = s.trim_start();
        let s = s
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .filter(|(p, _)| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            .map_or(s, |(_, rest)| rest);
        s.split_whitespace().map(str::to_lowercase).collect()
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

/// Links whose text is the old title of a file that was written over, and which point at
/// that file: a reader following them finds another decision than the text promises.
fn old_title_links(repo: &Repository, over: &[(&str, &str)], out: &mut Vec<Diagnostic>) {
    for page in &repo.pages {
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        let mut offset = page.body_offset.min(src.text.len());
        for line in src.text[offset..].split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            if !line.contains("](") {
                continue;
            }
            for (text, target, range) in links(line) {
                let Some(&(path, old)) = over.iter().find(|(_, old)| same_title(&text, old)) else {
                    continue;
                };
                if link_path(&page.path, &target, repo).as_deref() != Some(path) {
                    continue;
                }
                let now = repo
                    .records
                    .decisions
                    .iter()
                    .find(|d| d.source.path() == Some(path))
                    .map(|d| d.title.clone())
                    .unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        "history::old-title-link",
                        format!(
                            "the link says `{old}`, but `{path}` was written over and now holds `{now}`"
                        ),
                    )
                    .with_span(Span::new(start + range.start, start + range.end).in_file(page.file))
                    .with_help(
                        "point the link at the old decision once it has its file back, or change its text",
                    ),
                );
            }
        }
    }
}
