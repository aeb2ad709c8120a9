//! Rules over the typed records that need more than one file or the whole record: a
//! decision file whose name no longer matches its title, and agenda numbering that skips.
//! (Most record rules run while the records are read, in the model.)

use forvalt_diag::Diagnostic;
use forvalt_model::Repository;

/// Lower case, Danish letters spelt as in file names (`æ` → `ae`, `ø` → `oe`, `å` → `aa`).
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' => out.push('e'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split_whitespace()
        .filter(|w| {
            w.len() > 2
                && !matches!(
                    *w,
                    "til" | "med" | "for" | "og" | "af" | "den" | "det" | "fra"
                )
        })
        .map(str::to_string)
        .collect()
}

pub(crate) fn check(repo: &Repository, out: &mut Vec<Diagnostic>) {
    let r = &repo.records;
    calendar(repo, out);
    // A decision's file name says one thing, its title another: the file was reused.
    for d in &r.decisions {
        let Some(path) = d.source.path() else {
            continue;
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.trim_end_matches(".md").trim_end_matches(".markdown");
        let slug = forvalt_model::records::undated(stem);
        let slug_words = words(slug);
        let title_words = words(&d.title);
        if slug_words.len() < 2 || title_words.is_empty() {
            continue;
        }
        let shared = slug_words
            .iter()
            .filter(|w| {
                let cut = w.char_indices().nth(5).map_or(w.len(), |(i, _)| i);
                title_words.iter().any(|t| t.starts_with(&w[..cut]))
            })
            .count();
        if shared == 0 {
            let Some(page) = repo.page(path).and_then(|i| repo.pages.get(i)) else {
                continue;
            };
            let span =
                forvalt_diag::Span::new(page.body_offset, page.body_offset).in_file(page.file);
            let at = repo
                .sources
                .get(page.file)
                .and_then(|s| {
                    s.text[page.body_offset..]
                        .find("# ")
                        .map(|i| page.body_offset + i)
                })
                .map_or(span, |i| {
                    forvalt_diag::Span::new(i, i + 1).in_file(page.file)
                });
            out.push(
                Diagnostic::warning(
                    "records::slug-title",
                    format!("the file is called `{slug}`, but the decision is titled `{}`", d.title),
                )
                .with_span(at)
                .with_note("a decision file reused for another decision hides the first one; links and the log then point at the wrong text")
                .with_help("give a new decision its own file; rename the file if only the title changed"),
            );
        }
    }
    // Agenda items numbered 2.1, 2.3: was 2.2 removed, or is a number wrong?
    for m in &r.meetings {
        // Agendas numbered by the clock (`10.00 Velkomst`, `10.15 Status`) are not outlines.
        let timed = m.agenda.iter().any(|a| {
            a.number
                .as_deref()
                .and_then(|n| n.split('.').nth(1))
                .is_some_and(|minor| minor.len() == 2)
        });
        if timed {
            continue;
        }
        let mut prev: Option<(u32, u32, &str)> = None;
        for item in &m.agenda {
            let Some(n) = &item.number else { continue };
            let parts: Vec<u32> = n.split('.').filter_map(|p| p.parse().ok()).collect();
            let [major, minor] = parts[..] else {
                prev = None;
                continue;
            };
            if let Some((pm, pn, pt)) = prev
                && pm == major
                && minor > pn.saturating_add(1)
            {
                let missing = if minor - pn == 2 {
                    format!("{major}.{}", pn + 1)
                } else {
                    format!("{major}.{}–{major}.{}", pn + 1, minor - 1)
                };
                out.push(
                    Diagnostic::warning(
                        "records::agenda-numbering",
                        format!("the agenda goes from {major}.{pn} to {n}: {missing} is missing"),
                    )
                    .with_span(item.span)
                    .with_note(format!("the item before is `{major}.{pn} {pt}`"))
                    .with_help("renumber the items, so the minutes and references to them agree"),
                );
            }
            prev = Some((major, minor, item.title.as_str()));
        }
    }
}

/// Where a meeting's date is written: its H1, else the start of its file.
fn meeting_span(
    repo: &Repository,
    m: &forvalt_model::records::Meeting,
) -> Option<forvalt_diag::Span> {
    if let Some(f) = &m.heading_date {
        return Some(f.span);
    }
    if let Some(f) = &m.time_field {
        return Some(f.span);
    }
    let page = repo.pages.get(repo.page(m.source.path()?)?)?;
    Some(forvalt_diag::Span::new(page.body_offset, page.body_offset).in_file(page.file))
}

/// Meetings on a public holiday or a weekend, and two bodies meeting at the same time.
fn calendar(repo: &Repository, out: &mut Vec<Diagnostic>) {
    use forvalt_model::records::MeetingState;
    let meetings: Vec<&forvalt_model::records::Meeting> = repo
        .records
        .meetings
        .iter()
        .filter(|m| m.state != MeetingState::Cancelled)
        .collect();
    for m in &meetings {
        let Some(day) = m.date else { continue };
        let Some(span) = meeting_span(repo, m) else {
            continue;
        };
        if let Some(h) = forvalt_model::calendar::holiday(day) {
            out.push(
                Diagnostic::warning(
                    "calendar::holiday",
                    format!("the meeting is on {} ({day}), a public holiday", h.name),
                )
                .with_span(span)
                .with_help("move the meeting, or mark it AFLYST"),
            );
        } else if matches!(
            day.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        ) {
            out.push(
                Diagnostic::warning(
                    "calendar::weekend",
                    format!(
                        "the meeting is on a {} ({day})",
                        forvalt_model::dates::WEEKDAYS_DA
                            [day.weekday().to_monday_zero_offset() as usize]
                    ),
                )
                .with_span(span)
                .with_help("check the date: governance meetings are on weekdays"),
            );
        }
    }
    // Two bodies on the same day at overlapping times (or without times).
    let minutes = |t: &str| -> Option<i32> {
        let (h, m) = t.split_once([':', '.']).unwrap_or((t, "0"));
        Some(h.trim().parse::<i32>().ok()? * 60 + m.trim().parse::<i32>().ok()?)
    };
    let range = |m: &forvalt_model::records::Meeting| -> Option<(i32, i32)> {
        let t = m.time.as_ref()?;
        let s = minutes(&t.start)?;
        let e = t.end.as_deref().and_then(minutes).unwrap_or(s + 60);
        Some((s, e))
    };
    // Only meetings of one day can collide. Per day, sorted by start, a meeting can only
    // overlap those that start before it ends; at most `LOOK` of them are compared, so a day
    // of thousands of meetings costs linear time (and is reported in part).
    const LOOK: usize = 64;
    let mut by_day: std::collections::BTreeMap<jiff::civil::Date, Vec<(i32, i32, usize)>> =
        std::collections::BTreeMap::new();
    for (i, m) in meetings.iter().enumerate() {
        if let (Some(d), Some((s, e))) = (m.date, range(m)) {
            by_day.entry(d).or_default().push((s, e, i));
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for day in by_day.values_mut() {
        day.sort_unstable();
        for (k, &(s1, e1, a)) in day.iter().enumerate() {
            for &(s2, e2, b) in day[k + 1..].iter().take(LOOK) {
                if s2 >= e1 {
                    break;
                }
                if meetings[a].body != meetings[b].body && s1 < e2 && s2 < e1 {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    // In the order of the meetings.
    pairs.sort_unstable();
    for (i, j) in pairs {
        let (a, b) = (meetings[i], meetings[j]);
        let (Some(sa), Some(sb)) = (meeting_span(repo, a), meeting_span(repo, b)) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                "calendar::collision",
                format!("{} and {} meet at the same time", a.body, b.body),
            )
            .with_span(sb)
            .with_label(sa, "the other meeting")
            .with_help("members of both bodies cannot attend both; move one of them"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_of_meetings_on_one_day_take_linear_time() {
        let mut files = forvalt_model::MemoryFiles::new();
        for i in 0..1_000 {
            for (body, name) in [
                ("styregruppe", "Styregruppe"),
                ("koordinationsgruppe", "Koordinationsgruppe"),
            ] {
                files.insert(
                    format!("dagsordner-og-referater/{body}/20260604_{i:04}{name}.md"),
                    format!("# {name}møde 04.06.2026\n\n**Tid**: 04.06.2026 kl. 13 - 14\n"),
                );
            }
        }
        let repo = forvalt_model::load(
            &files,
            &forvalt_model::LoadOptions {
                now: 1_795_392_000_000,
                publish: None,
            },
        )
        .value;
        let start = std::time::Instant::now();
        let mut out = Vec::new();
        check(&repo, &mut out);
        let took = start.elapsed();
        let collisions = out
            .iter()
            .filter(|d| d.code == "calendar::collision")
            .count();
        // Every meeting is compared with at most 64 others, not with all 1,999.
        assert!((1_000..=64 * 2_000).contains(&collisions), "{collisions}");
        assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Årshjul for Økonomi"), "aarshjul for oekonomi");
        assert_eq!(
            words("integration-til-elevadministration"),
            ["integration", "elevadministration"]
        );
    }
}
