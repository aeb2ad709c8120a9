//! GitHub issue templates and the issues made from them: a template where GitHub does not
//! read it (`.github/ISSUE-TEMPLATE/`), and an open issue that holds a record but lacks
//! fields its template asks for.

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use forvalt_model::records::ChangeStatus;
use std::collections::HashMap;

/// Where each issue's `"number"` is written in the issue cache (a list of objects): number
/// → its span. Only keys of the list's objects count, not a milestone's `number` inside
/// one. One pass over the text, strings skipped.
fn numbers(text: &str) -> HashMap<u64, (usize, usize)> {
    let mut out = HashMap::new();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if depth == 2 && text.get(start..=i) == Some("\"number\"") {
                    let rest = &text[i + 1..];
                    let after = rest.trim_start_matches([' ', ':', '\t', '\n', '\r']);
                    let at = text.len() - after.len();
                    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                    if let Ok(n) = after[..digits].parse::<u64>() {
                        out.entry(n).or_insert((at, at + digits));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for t in repo.issue_templates.iter().filter(|t| !t.read_by_github) {
        let name = t.path.rsplit('/').next().unwrap_or(&t.path);
        out.push(
            Diagnostic::warning(
                "issues::template-ignored",
                format!(
                    "GitHub offers issue templates only from .github/ISSUE_TEMPLATE/: {} is not offered when an issue is opened",
                    t.path
                ),
            )
            .with_span(Span::new(0, 0).in_file(t.file))
            .with_help(format!(
                "move it: `git mv \"{}\" \".github/ISSUE_TEMPLATE/{name}\"`",
                t.path
            )),
        );
    }
    let Some(file) = repo.records.issue_file else {
        return;
    };
    let Some(src) = repo.sources.get(file) else {
        return;
    };
    let at = numbers(&src.text);
    let lasting = |l: &str| ChangeStatus::parse(&l.to_lowercase()).is_none();
    for thread in repo.records.threads.values() {
        if !thread.state.eq_ignore_ascii_case("open") {
            continue;
        }
        let labels: Vec<String> = thread.labels.iter().map(|l| l.to_lowercase()).collect();
        // The issue's heading and label lines (`## Konsekvenser`, `**Kommune:**`), bare.
        let lines: Vec<String> = thread
            .body
            .lines()
            .map(|l| {
                l.trim_start_matches(['#', '*', '-', '>', ' ', '\t'])
                    .to_lowercase()
            })
            .collect();
        // A field is there when a line starts with its name, or a heading of four letters
        // or more starts it (the template renamed `Kontekst` to `Kontekst/ Årsag`).
        let has = |name: &str| {
            let n = name.to_lowercase();
            lines.iter().any(|l| {
                let bare = l.trim_end().trim_end_matches([':', '*']).trim_end();
                l.starts_with(&n) || (bare.chars().count() >= 4 && n.starts_with(bare))
            })
        };
        // The template the issue was made from: of those tied to it by a lasting label,
        // the one whose fields it has most of. An issue that has no more than half of a
        // template's fields was not made from it (an older template, a blank issue).
        let mut best: Option<(&forvalt_model::issue_templates::IssueTemplate, Vec<&str>)> = None;
        for t in repo.issue_templates.iter().filter(|t| t.read_by_github) {
            let applies = t
                .labels
                .iter()
                .any(|l| lasting(l) && labels.contains(&l.to_lowercase()));
            if !applies || t.fields.is_empty() {
                continue;
            }
            let missing: Vec<&str> = t
                .fields
                .iter()
                .map(|(name, _)| name.as_str())
                .filter(|name| !has(name))
                .collect();
            if missing.len() * 2 >= t.fields.len() {
                continue;
            }
            if best.as_ref().is_none_or(|(_, m)| missing.len() < m.len()) {
                best = Some((t, missing));
            }
        }
        let Some((t, missing)) = best.filter(|(_, m)| !m.is_empty()) else {
            continue;
        };
        let span = at.get(&thread.number).copied().unwrap_or((0, 0));
        out.push(
            Diagnostic::warning(
                "issues::missing-field",
                format!(
                    "issue #{} ({}) lacks {} of its template {}: {}",
                    thread.number,
                    thread.title,
                    if missing.len() == 1 {
                        "a field"
                    } else {
                        "fields"
                    },
                    t.path,
                    missing
                        .iter()
                        .map(|m| format!("“{m}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_span(Span::new(span.0, span.1).in_file(file))
            .with_help(format!(
                "fill them in on GitHub ({}), then run `forvalt sync github`",
                thread.url
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use forvalt_model::{LoadOptions, MemoryFiles, load};

    fn findings(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut f = MemoryFiles::new();
        for (p, t) in files {
            f.insert(*p, *t);
        }
        let (repo, _) = load(
            &f,
            &LoadOptions {
                now: 1_780_560_000_000,
                publish: None,
            },
        )
        .into_parts();
        let mut out = Vec::new();
        super::check(&repo, &mut out);
        out.into_iter()
            .map(|d| {
                let text = d
                    .span
                    .and_then(|s| {
                        Some(
                            repo.sources.get(s.file)?.text[s.start as usize..s.end as usize]
                                .to_string(),
                        )
                    })
                    .unwrap_or_default();
                (d.code.to_string(), format!("{text} {}", d.message))
            })
            .collect()
    }

    const TEMPLATE: &str = "---\nname: Beslutning\nlabels: decision\n---\n\n# [ADR] [Titel]\n\n## Beskrivelse\n\n[Hvad]\n\n## Kontekst\n\n[Hvorfor]\n\n## Konsekvenser\n\n[Hvad betyder det]\n";

    #[test]
    fn templates_github_does_not_read() {
        let found = findings(&[(".github/ISSUE-TEMPLATE/beslutning.md", TEMPLATE)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "issues::template-ignored");
        assert!(findings(&[(".github/ISSUE_TEMPLATE/beslutning.md", TEMPLATE)]).is_empty());
    }

    #[test]
    fn open_issues_that_lack_their_templates_fields() {
        let issues = r###"[
 {"number": 17, "title": "[SDR] Releasekadence", "body": "## Beskrivelse\n\nTo releases om året.\n\n## Kontekst\n\nKommunerne vil planlægge.", "labels": [{"name": "decision"}], "state": "OPEN", "url": "https://github.com/os2test/g/issues/17"},
 {"number": 18, "title": "[SDR] Ny sprogpolitik", "body": "## Beskrivelse\n\nDansk først.\n\n## Kontekst\n\nBrugerne er danske.\n\n## Konsekvenser\n\nAlt oversættes.", "labels": [{"name": "decision"}], "state": "OPEN", "url": "https://github.com/os2test/g/issues/18"},
 {"number": 14, "title": "[ODR] Gammel beslutning", "body": "Kort tekst", "labels": [{"name": "decision"}], "state": "CLOSED", "url": "https://github.com/os2test/g/issues/14"}
]"###;
        let found = findings(&[
            (".github/ISSUE_TEMPLATE/beslutning.md", TEMPLATE),
            (".github/issues.json", issues),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "issues::missing-field");
        assert!(found[0].1.starts_with("17 issue #17"), "{:?}", found[0]);
        assert!(found[0].1.contains("“Konsekvenser”"));
        // An issue form added later: the older issues have few of its fields and fully
        // match the Markdown template, so neither counts against them.
        let form = "name: Forslag\nlabels: [decision]\nbody:\n  - type: input\n    attributes:\n      label: Dato\n  - type: input\n    attributes:\n      label: Beslutningstagere\n  - type: textarea\n    attributes:\n      label: Beskrivelse\n";
        let found = findings(&[
            (".github/ISSUE_TEMPLATE/beslutning.md", TEMPLATE),
            (".github/ISSUE_TEMPLATE/forslag.yml", form),
            (".github/issues.json", issues),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("beslutning.md"));
    }

    #[test]
    fn the_issue_number_is_the_issues_own() {
        let text = r#"[{"milestone": {"number": 3, "title": "x \"number\": 4"}, "number": 4}, {"number": 3}]"#;
        let at = super::numbers(text);
        assert_eq!(&text[at[&4].0..at[&4].1], "4");
        assert!(at[&4].0 > text.find("\"number\": 4}").unwrap());
        assert_eq!(at[&3].0, text.rfind('3').unwrap());
    }
}
