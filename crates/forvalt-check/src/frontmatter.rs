//! Front matter: misspelt keys, the page `status` vocabulary, dates that are not ISO dates,
//! and values with trailing spaces.

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::Repository;
use forvalt_model::dates::parse_day;
use forvalt_model::page::{PageState, page_state};
use serde_json::Value;
use std::collections::HashMap;

/// Keys Jekyll, just-the-docs, their common plugins and forvalt read.
pub(crate) const KNOWN_KEYS: &[&str] = &[
    // Jekyll
    "layout",
    "title",
    "permalink",
    "published",
    "date",
    "categories",
    "category",
    "tags",
    "excerpt",
    "excerpt_separator",
    "lang",
    "description",
    "author",
    "authors",
    "slug",
    "render_with_liquid",
    "sitemap",
    "image",
    "redirect_from",
    "redirect_to",
    "last_modified_at",
    "last_modified_date",
    // just-the-docs
    "nav_order",
    "parent",
    "grand_parent",
    "has_children",
    "has_toc",
    "nav_exclude",
    "search_exclude",
    "child_nav_order",
    "nav_enabled",
    "mermaid",
    "math",
    "parent_nav",
    // governance documents and forvalt
    "status",
    "version",
    "id",
    "decided_at",
    "supersedes",
    "superseded_by",
    "product",
    "baseline",
    "ejer",
    "ansvarlig",
    "owner",
    "labels",
    "pledges",
    "requested_by",
    "priority",
    "prioritet",
    "state",
    "number",
    "kommune",
    "estimate",
    "budget",
];

/// Canonical page status words by state, as OS2's templates write them.
fn canonical(state: PageState) -> Option<&'static str> {
    match state {
        PageState::Draft => Some("Udkast"),
        PageState::Final => Some("Final"),
        PageState::Example => Some("Eksempel"),
        _ => None,
    }
}

/// Edit distance where swapping two neighbouring letters counts as one edit.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Markdown files the site's build does not make pages of (notes).
pub(crate) fn not_pages(repo: &Repository, out: &mut Vec<Diagnostic>) {
    for n in repo
        .not_pages
        .iter()
        .filter(|n| n.reason != forvalt_model::repo::NotPageReason::BrokenFrontMatter)
    {
        let url = forvalt_model::url::escape_path(&format!("/{}", n.path));
        out.push(
            Diagnostic::note(
                "files::not-a-page",
                format!("not a page: {}", n.reason.describe()),
            )
            .with_span(forvalt_diag::Span::point(0).in_file(n.file))
            .with_note(format!(
                "Jekyll copies the file as it is to {url}{}, and so does forvalt",
                if repo.config.baseurl.is_empty() {
                    ""
                } else {
                    " (under the baseurl)"
                }
            ))
            .with_help("to make it a page, start it with front matter (`---`, `title: …`, `---`)"),
        );
    }
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let records_cfg = forvalt_model::records::RecordsConfig::from_config(&repo.config.raw);
    // The repository's own most common spelling of each state wins over the default.
    let mut spellings: HashMap<(u8, String), usize> = HashMap::new();
    for p in &repo.pages {
        if let Some(s) = &p.status {
            let st = page_state(&s.value);
            if canonical(st).is_some() {
                *spellings
                    .entry((st as u8, s.value.trim().to_string()))
                    .or_default() += 1;
            }
        }
    }
    let preferred = |st: PageState| -> String {
        let default = canonical(st).unwrap_or_default();
        let mut c: Vec<(&String, usize)> = spellings
            .iter()
            .filter(|((k, _), _)| *k == st as u8)
            .map(|((_, s), n)| (s, *n))
            .collect();
        // Most used first; on a tie the template's word, then alphabetical.
        c.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then((b.0 == default).cmp(&(a.0 == default)))
                .then(a.0.cmp(b.0))
        });
        c.first()
            .map_or_else(|| default.to_string(), |(s, _)| (*s).clone())
    };
    // The usual way of writing front-matter dates: among change requests, and among the
    // other pages. (An unquoted ISO date is a YAML date, not text: it counts as ISO.)
    let cr_dir = format!("{}/", records_cfg.change_requests);
    let usual_of = |change_requests: bool| -> DateKind {
        let mut kinds: HashMap<DateKind, usize> = HashMap::new();
        for p in &repo.pages {
            if p.path.starts_with(&cr_dir) != change_requests {
                continue;
            }
            if let Some(v) = p.front_matter.as_ref().and_then(|f| f.values.get("date")) {
                let k = match v {
                    Value::String(v) => date_kind(v.trim()),
                    _ => DateKind::Iso,
                };
                *kinds.entry(k).or_default() += 1;
            }
        }
        kinds
            .iter()
            .filter(|(k, _)| **k != DateKind::Other)
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then((*b.0 == DateKind::Iso).cmp(&(*a.0 == DateKind::Iso)))
            })
            .map_or(DateKind::Iso, |(k, _)| *k)
    };
    // `forvalt: check: date_format: iso` asks for ISO dates everywhere.
    let force_iso = repo
        .config
        .raw
        .get("forvalt")
        .and_then(|f| f.get("check"))
        .and_then(|c| c.get("date_format"))
        .and_then(Value::as_str)
        .is_some_and(|v| v.eq_ignore_ascii_case("iso"));
    let (usual_pages, usual_requests) = if force_iso {
        (DateKind::Iso, DateKind::Iso)
    } else {
        (usual_of(false), usual_of(true))
    };
    for page in &repo.pages {
        let Some(fm) = &page.front_matter else {
            continue;
        };
        let Some(src) = repo.sources.get(page.file) else {
            continue;
        };
        for k in &fm.keys {
            // Misspelt keys: close to a known key, but not one.
            if !KNOWN_KEYS.contains(&k.key.as_str())
                && let Some(near) = KNOWN_KEYS
                    .iter()
                    .filter(|n| {
                        let max = if k.key.chars().count() <= 5 { 1 } else { 2 };
                        k.key.len() > 3 && distance(&k.key.to_lowercase(), n) <= max
                    })
                    .min_by_key(|n| distance(&k.key.to_lowercase(), n))
            {
                let key_span =
                    Span::new(k.line.start as usize, k.line.start as usize + k.key.len())
                        .in_file(page.file);
                out.push(
                    Diagnostic::warning(
                        "frontmatter::unknown-key",
                        format!(
                            "`{}` is not a front matter key; did you mean `{near}`?",
                            k.key
                        ),
                    )
                    .with_span(key_span)
                    .with_note("Jekyll and just-the-docs ignore keys they do not know")
                    .with_suggestion(
                        key_span,
                        near.to_string(),
                        format!("write `{near}`"),
                    ),
                );
            }
            // Spaces inside a quoted value (`status: "Udkast "`): they are part of the value,
            // so comparisons with it fail. (Spaces after the value or its quotes are dropped
            // by YAML and harmless.)
            let value = src
                .text
                .get(k.value.start as usize..k.value.end as usize)
                .unwrap_or("");
            if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'')
                && value.len() >= 2
                && value.ends_with(q)
            {
                let inner = &value[1..value.len() - 1];
                let trimmed = inner.trim();
                if trimmed.len() != inner.len() && !trimmed.is_empty() {
                    let sp = k.value;
                    out.push(
                        Diagnostic::warning(
                            "frontmatter::trailing-space",
                            format!("the value of `{}` has spaces inside its quotes: `{value}`", k.key),
                        )
                        .with_span(sp)
                        .with_note("the spaces are part of the value, so `page.status == \"Udkast\"` is false")
                        .with_suggestion(sp, format!("{q}{trimmed}{q}"), "remove them"),
                    );
                }
            }
        }
        let in_records = [
            &records_cfg.change_requests,
            &records_cfg.decisions,
            &records_cfg.meetings,
        ]
        .iter()
        .any(|d| page.path.starts_with(&format!("{d}/")));
        let is_request = page.path.starts_with(&cr_dir);
        if in_records && !is_request {
            continue; // decisions and meetings keep their metadata in the text
        }
        let usual = if is_request {
            usual_requests
        } else {
            usual_pages
        };
        date_year(page, fm, out);
        // Status vocabulary (change requests have their own, checked with the records).
        if let Some(s) = page.status.as_ref().filter(|_| !is_request)
            && let Some(sp) = fm.value_span("status")
        {
            let st = page_state(&s.value);
            match canonical(st) {
                Some(_) => {
                    let want = preferred(st);
                    let written = s.value.trim();
                    let quote = src
                        .text
                        .get(sp.start as usize..sp.end as usize)
                        .and_then(|v| v.chars().next())
                        .filter(|c| *c == '"' || *c == '\'')
                        .map(String::from)
                        .unwrap_or_default();
                    if written != want {
                        out.push(
                            Diagnostic::note(
                                "frontmatter::status-spelling",
                                format!("status `{written}` is spelt `{want}` elsewhere in this repository"),
                            )
                            .with_span(sp)
                            .with_suggestion(sp, format!("{quote}{want}{quote}"), format!("write `{want}`")),
                        );
                    }
                }
                None if st == PageState::Other => {
                    out.push(
                        Diagnostic::warning(
                            "frontmatter::unknown-status",
                            format!("status `{}` is not one forvalt knows: a page is Udkast, Final or Eksempel", s.value.trim()),
                        )
                        .with_span(sp)
                        .with_note("the page is published as final"),
                    );
                }
                None => {}
            }
        }
        // Dates.
        for key in ["date", "last_modified_date", "last_modified_at"] {
            let (Some(v), Some(sp)) = (fm.values.get(key), fm.value_span(key)) else {
                continue;
            };
            let Value::String(raw) = v else { continue };
            let t = raw.trim();
            if t.is_empty() {
                continue;
            }
            let kind = date_kind(t);
            if t.len() > 10 && kind == DateKind::Iso {
                continue; // a date with a time of day is left as it is
            }
            let raw_value = src
                .text
                .get(sp.start as usize..sp.end as usize)
                .unwrap_or("");
            if raw_value.starts_with(['|', '>', '[', '{', '&', '*', '!']) {
                continue; // YAML block scalars, lists and anchors are not rewritten
            }
            match parse_day(t).or_else(|| iso_like(t).then(|| t[..10].parse().ok()).flatten()) {
                Some(d) if kind != usual => {
                    let want = match usual {
                        DateKind::DayMonthYear => {
                            format!("{:02}-{:02}-{}", d.day(), d.month(), d.year())
                        }
                        _ => d.to_string(),
                    };
                    let quoted = src
                        .text
                        .get(sp.start as usize..sp.end as usize)
                        .is_some_and(|v| v.starts_with(['"', '\'']));
                    let rep = if quoted {
                        format!("\"{want}\"")
                    } else {
                        want.clone()
                    };
                    out.push(
                        Diagnostic::note(
                            "frontmatter::date-format",
                            format!("`{key}: {t}` is written differently from the other pages' dates ({want})"),
                        )
                        .with_span(sp)
                        .with_suggestion(sp, rep, format!("write {want}")),
                    );
                }
                Some(_) => {}
                None => out.push(
                    Diagnostic::error(
                        "frontmatter::invalid-date",
                        format!("`{key}: {t}` is not a date"),
                    )
                    .with_span(sp)
                    .with_note(
                        "Liquid's `date` filter, the site's own layouts (`page.date`) and the sorting of collections cannot use it",
                    )
                    .with_help("write the date as the other pages do, e.g. 2026-06-04"),
                ),
            }
        }
    }
}

/// How a front-matter date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum DateKind {
    /// `2026-06-04` (with or without a time).
    Iso,
    /// `04-06-2026`.
    DayMonthYear,
    /// Anything else.
    Other,
}

fn date_kind(t: &str) -> DateKind {
    if iso_like(t) {
        DateKind::Iso
    } else if t.len() == 10
        && t.as_bytes()[2] == b'-'
        && t.as_bytes()[5] == b'-'
        && t.bytes().filter(u8::is_ascii_digit).count() == 8
    {
        DateKind::DayMonthYear
    } else {
        DateKind::Other
    }
}

/// `2026-06-04`, optionally with a time and zone (`2026-06-04 10:00:00 +0200`).
fn iso_like(t: &str) -> bool {
    let day = t.get(..10).unwrap_or("");
    day.parse::<jiff::civil::Date>().is_ok() && (t.len() == 10 || t[10..].starts_with([' ', 'T']))
}

/// A report's `date` earlier than the year its title names ("Status efteråret 2026" dated
/// 01-10-2025): the year was not updated when the page was copied.
fn date_year(
    page: &forvalt_model::Page,
    fm: &forvalt_model::frontmatter::FrontMatter,
    out: &mut Vec<Diagnostic>,
) {
    const REPORT: &[&str] = &[
        "status",
        "rapport",
        "referat",
        "evaluering",
        "beretning",
        "efteråret",
        "foråret",
    ];
    let title = page.title.to_lowercase();
    if !REPORT.iter().any(|w| title.contains(w)) {
        return;
    }
    let years: Vec<i16> = title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (2000..2100).contains(y))
        .collect();
    let (Some(&year), Some(sp)) = (years.iter().min(), fm.value_span("date")) else {
        return;
    };
    let Some(date) = fm
        .str("date")
        .and_then(|d| parse_day(&d).or_else(|| d.get(..10)?.parse().ok()))
    else {
        return;
    };
    if date.year() < year {
        out.push(
            Diagnostic::warning(
                "frontmatter::date-year",
                format!("`{}` is about {year}, but its `date` is {date}", page.title),
            )
            .with_span(sp)
            .with_help(format!(
                "was the page copied from an earlier one? the date is probably in {year}"
            )),
        );
    }
}

/// A page's `date` more than a year before the file was last changed in git: the page
/// shows an old date although its text is newer.
pub(crate) fn stale(
    repo: &Repository,
    changed: &HashMap<String, jiff::civil::Date>,
    out: &mut Vec<Diagnostic>,
) {
    for page in &repo.pages {
        let (Some(fm), Some(last)) = (&page.front_matter, changed.get(&page.path)) else {
            continue;
        };
        for key in ["last_modified_date", "date"] {
            let Some(sp) = fm.value_span(key) else {
                continue;
            };
            let Some(d) = fm
                .str(key)
                .and_then(|v| parse_day(&v).or_else(|| v.get(..10)?.parse().ok()))
            else {
                continue;
            };
            if d.saturating_add(jiff::Span::new().days(365)) < *last {
                out.push(
                    Diagnostic::note(
                        "frontmatter::stale-date",
                        format!("`{key}` says {d}, but the file was last changed on {last} (git)"),
                    )
                    .with_span(sp)
                    .with_help(format!(
                        "if `{key}` is meant as \"last updated\", update it"
                    )),
                );
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso() {
        assert!(iso_like("2026-06-04"));
        assert!(iso_like("2026-06-04 10:00:00 +0200"));
        assert!(!iso_like("04-06-2026"));
        assert!(!iso_like("2026-13-04"));
    }
}
