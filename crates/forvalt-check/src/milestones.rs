//! A list in a roadmap page that names a chart's milestone or task with another date than
//! the chart (`- 01.03.2026: Kick-off …` above a chart whose kick-off is 15 March).

use forvalt_diag::{Diagnostic, Span};
use forvalt_model::prose_dates::find_dates;
use jiff::civil::Date;

/// A chart item as the list may name it: its name, and the days it is drawn on.
pub(crate) struct Item {
    /// The name as written.
    pub name: String,
    /// The days that count as its date (a milestone: one; a task: its first day, then its
    /// end and its last day), the first and the last shown.
    pub days: Vec<Date>,
}

/// The stems of a text's words: four letters or more, lower case, the first six letters
/// (`rutemotoren` and `rutemotor` share `rutemo`).
fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .map(|w| w.to_lowercase().chars().take(6).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The chart item a list item names: at least two of the item's stems and three in five
/// of them, and no other item as close.
fn named<'a>(own: &[String], items: &'a [Item], stemmed: &[Vec<String>]) -> Option<&'a Item> {
    let mut best: Option<(f64, &Item)> = None;
    let mut tie = false;
    for (item, theirs) in items.iter().zip(stemmed) {
        let shared = theirs.iter().filter(|s| own.contains(s)).count();
        if shared < 2 || theirs.is_empty() {
            continue;
        }
        let score = shared as f64 / theirs.len() as f64;
        if score < 0.6 {
            continue;
        }
        match best {
            Some((b, _)) if (score - b).abs() < 1e-9 => tie = true,
            Some((b, _)) if score < b => {}
            _ => {
                best = Some((score, item));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, i)| i)
}

/// Checks the list items of a page body (`body` starts at byte `base` of file `file`)
/// against the chart items of the page.
pub(crate) fn check(
    body: &str,
    base: usize,
    file: forvalt_diag::FileId,
    items: &[Item],
    danish: bool,
    out: &mut Vec<Diagnostic>,
) {
    if items.is_empty() {
        return;
    }
    let stemmed: Vec<Vec<String>> = items.iter().map(|i| stems(&i.name)).collect();
    let mut offset = 0;
    let mut fence = false;
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        let Some(rest) = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .filter(|_| !fence)
        else {
            continue;
        };
        let dates: Vec<_> = find_dates(rest, None)
            .into_iter()
            .filter(|d| d.year_given && d.end_date.is_none())
            .collect();
        let [d] = &dates[..] else { continue };
        let Some(date) = d.date else { continue };
        let mut text = rest.to_string();
        text.replace_range(d.start..d.end, " ");
        let own = stems(&text);
        let Some(item) = named(&own, items, &stemmed) else {
            continue;
        };
        // Another chart item the line names on that day ("Release 2026.2 med fælles format
        // …" is the release, on its day): the line agrees with the chart.
        if items
            .iter()
            .zip(&stemmed)
            .any(|(i, theirs)| i.days.contains(&date) && theirs.iter().any(|s| own.contains(s)))
        {
            continue;
        }
        let at = base + start + (line.len() - t.len()) + (t.len() - rest.len()) + d.start;
        let long = |x: &Date| forvalt_model::dates::long_date(*x, danish);
        let shown = match &item.days[..] {
            [one] => long(one),
            [first, .., last] => format!("{} – {}", long(first), long(last)),
            [] => String::new(),
        };
        out.push(
            Diagnostic::warning(
                "gantt::prose-date",
                format!(
                    "the list says {}, but the chart has `{}` on {}",
                    forvalt_model::dates::long_date(date, danish),
                    item.name.trim(),
                    shown
                ),
            )
            .with_span(Span::new(at, at + (d.end - d.start)).in_file(file))
            .with_help("readers of the page see two dates for the same thing: correct the one that is wrong"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_list_that_disagrees_with_the_chart() {
        let items = vec![
            Item {
                name: "Kick-off for rutemotor v4".into(),
                days: vec![day("2026-03-15")],
            },
            Item {
                name: "Version 3 i drift i alle medlemskommuner".into(),
                days: vec![day("2027-04-01")],
            },
            Item {
                name: "Pilotdrift i Vejle og Silkeborg".into(),
                days: vec![day("2026-12-01"), day("2026-12-18")],
            },
            Item {
                name: "Release 2026.2".into(),
                days: vec![day("2026-10-01")],
            },
            Item {
                name: "Fælles format for åbningstider".into(),
                days: vec![day("2026-09-14"), day("2026-10-30"), day("2026-10-29")],
            },
        ];
        let body = "## Milepæle\n\n- 01.03.2026: Kick-off for opgraderingen af rutemotoren\n- 01.04.2026: Version 3 er i drift i alle medlemskommuner\n- 18.12.2026: Pilotdrift i Vejle og Silkeborg afsluttet\n- 04.06.2026: Styregruppen vedtager budgettet\n- 01.10.2026: Release 2026.2 med fælles format for åbningstider\n- 01.11.2026: Fælles format for åbningstider i drift\n\n```mermaid\n- 01.01.2020: Kick-off for rutemotor v4\n```\n";
        let mut out = Vec::new();
        check(body, 0, forvalt_diag::FileId(0), &items, true, &mut out);
        let lines: Vec<&str> = out
            .iter()
            .map(|d| {
                let s = d.span.unwrap();
                &body[s.start as usize..s.end as usize]
            })
            .collect();
        assert_eq!(lines, ["01.03.2026", "01.04.2026", "01.11.2026"]);
        assert!(
            out[2]
                .message
                .ends_with("14. september 2026 – 29. oktober 2026"),
            "{}",
            out[2].message
        );
        assert!(
            out[0].message.contains("15. marts 2026"),
            "{}",
            out[0].message
        );
    }
}
