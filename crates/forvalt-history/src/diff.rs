//! Roadmap diffs: what changed in the gantt charts of a document between two versions —
//! items added, removed, renamed and moved (in calendar days and in working days under the
//! chart's `excludes`), milestones that slipped, and chart settings that changed.
//!
//! Items are matched by section and name first, then by an id that is used once in both
//! versions, then by similar names (ids are reused and names drift between versions).

use forvalt_gantt::MermaidVersion;
use forvalt_gantt::schedule::Task;
use forvalt_gantt::{ParseOptions, Schedule, ScheduleOptions, Zone};
pub use forvalt_model::history::{ChartDiff, Item, ItemChange, RoadmapDiff, SettingChange};
use jiff::civil::Date;

/// A scheduled chart with its items.
struct Chart {
    schedule: Schedule,
    items: Vec<Item>,
}

fn date_of(t: Option<i64>) -> Option<Date> {
    let t = t?;
    Some(
        jiff::Timestamp::from_millisecond(t)
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date(),
    )
}

fn item_of(t: &Task) -> Item {
    Item {
        section: t.section.trim().to_string(),
        name: t.name.trim().to_string(),
        id: t.id.trim().to_string(),
        start: date_of(t.start),
        end: date_of(t.render_end.or(t.end)),
        milestone: t.milestone,
    }
}

/// The gantt charts of a Markdown text (or of a bare chart), scheduled in UTC so dates
/// are the dates written.
fn charts(text: &str, version: MermaidVersion) -> Vec<Chart> {
    let bodies: Vec<String> = if forvalt_gantt::is_gantt(text) {
        vec![text.to_string()]
    } else {
        forvalt_gantt::charts_in_markdown(text)
            .into_iter()
            .map(|c| c.text.into_owned())
            .collect()
    };
    bodies
        .iter()
        .map(|b| {
            let mut sink = Vec::new();
            let diagram = forvalt_gantt::parse(
                b,
                &ParseOptions {
                    extensions: true,
                    mermaid: version,
                },
            )
            .unpack(&mut sink);
            let schedule = forvalt_gantt::schedule(
                &diagram,
                &ScheduleOptions {
                    zone: Zone::utc(),
                    now: 0,
                    extensions: true,
                    mermaid: version,
                },
            )
            .unpack(&mut sink);
            let items = schedule.tasks.iter().map(item_of).collect();
            Chart { schedule, items }
        })
        .collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Similarity of two names, 0–1 (1 − edit distance / longer length).
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (norm(a), norm(b));
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    let d = forvalt_model::records::text::distance(&a, &b, longest);
    1.0 - d as f64 / longest as f64
}

/// Pairs the items of two versions: (index before, index after).
fn match_items(a: &[Item], b: &[Item]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    // 1. Same section and name, in order.
    for (j, y) in b.iter().enumerate() {
        if let Some(i) = (0..a.len()).find(|&i| {
            !used_a[i]
                && norm(&a[i].section) == norm(&y.section)
                && norm(&a[i].name) == norm(&y.name)
        }) {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    // 2. The same name in another section (a task moved between sections), in order.
    for (j, y) in b.iter().enumerate() {
        if used_b[j] {
            continue;
        }
        if let Some(i) = (0..a.len()).find(|&i| {
            !used_a[i] && norm(&a[i].name) == norm(&y.name) && a[i].milestone == y.milestone
        }) {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    // 3. The same id, used once in each version.
    let once = |items: &[Item], id: &str| items.iter().filter(|x| x.id == id).count() == 1;
    for (j, y) in b.iter().enumerate() {
        if used_b[j] || y.id.is_empty() || !once(b, &y.id) || !once(a, &y.id) {
            continue;
        }
        if let Some(i) = (0..a.len()).find(|&i| !used_a[i] && a[i].id == y.id) {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    // 4. Similar names — a rename — only with something else in common: the id, the start
    // or the end. In the same section first, then anywhere (a section renamed).
    let kept = |x: &Item, y: &Item| {
        (!x.id.is_empty() && x.id == y.id)
            || (x.start.is_some() && x.start == y.start)
            || (x.end.is_some() && x.end == y.end)
    };
    for (same_section, threshold) in [(true, 0.6), (false, 0.75)] {
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for (i, x) in a.iter().enumerate() {
            if used_a[i] {
                continue;
            }
            for (j, y) in b.iter().enumerate() {
                if used_b[j] || x.milestone != y.milestone || !kept(x, y) {
                    continue;
                }
                if same_section && norm(&x.section) != norm(&y.section) {
                    continue;
                }
                let s = similarity(&x.name, &y.name);
                if s >= threshold {
                    candidates.push((s, i, j));
                }
            }
        }
        candidates.sort_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
        for (_, i, j) in candidates {
            if !used_a[i] && !used_b[j] {
                used_a[i] = true;
                used_b[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_by_key(|p| p.1);
    pairs
}

/// Working days from `a` to `b` (negative when `b` is earlier): days the chart excludes
/// are not counted.
fn working_days(chart: &Schedule, a: Date, b: Date) -> Option<i64> {
    if !chart.calendar.is_active() {
        return Some((b - a).get_days().into());
    }
    let (lo, hi, sign) = if b >= a { (a, b, 1) } else { (b, a, -1) };
    let days = lo.until(hi).ok()?.get_days();
    if days > 20_000 {
        return None;
    }
    let mut n = 0i64;
    let mut d = lo;
    for _ in 0..days {
        d = d.tomorrow().ok()?;
        let noon = d
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp()
            .as_millisecond();
        if !chart.calendar.excludes_day(noon) {
            n += 1;
        }
    }
    Some(sign * n)
}

fn days(a: Option<Date>, b: Option<Date>) -> Option<i64> {
    Some(a?.until(b?).ok()?.get_days().into())
}

fn settings(a: &Schedule, b: &Schedule) -> Vec<SettingChange> {
    let text = |s: &Schedule| -> Vec<(&'static str, String)> {
        vec![
            (
                "title",
                s.title
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
            ),
            ("dateFormat", s.date_format.clone()),
            (
                "axisFormat",
                s.axis_format
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
            ),
            (
                "tickInterval",
                s.tick_interval
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
            ),
            ("excludes", s.calendar.excludes.join(", ")),
            ("includes", s.calendar.includes.join(", ")),
            ("todayMarker", s.today_marker.clone()),
            (
                "inclusiveEndDates",
                if s.inclusive_end_dates {
                    "true".into()
                } else {
                    String::new()
                },
            ),
            (
                "topAxis",
                if s.top_axis {
                    "true".into()
                } else {
                    String::new()
                },
            ),
        ]
    };
    text(a)
        .into_iter()
        .zip(text(b))
        .filter(|((_, x), (_, y))| x.trim() != y.trim())
        .map(|((name, x), (_, y))| SettingChange {
            name: name.to_string(),
            before: x.trim().to_string(),
            after: y.trim().to_string(),
        })
        .collect()
}

fn diff_chart(index: usize, a: &Chart, b: &Chart) -> ChartDiff {
    let pairs = match_items(&a.items, &b.items);
    let mut items = Vec::new();
    let mut matched_a = vec![false; a.items.len()];
    let mut by_b: Vec<Option<usize>> = vec![None; b.items.len()];
    for (i, j) in &pairs {
        matched_a[*i] = true;
        by_b[*j] = Some(*i);
    }
    for (j, y) in b.items.iter().enumerate() {
        match by_b[j] {
            None => items.push(ItemChange::Added { item: y.clone() }),
            Some(i) => {
                let x = &a.items[i];
                let renamed = norm(&x.name) != norm(&y.name);
                let section_moved = norm(&x.section) != norm(&y.section);
                let moved = x.start != y.start || x.end != y.end;
                if renamed || section_moved || moved {
                    let wd = |p: Option<Date>, q: Option<Date>| match (p, q) {
                        (Some(p), Some(q)) => working_days(&b.schedule, p, q),
                        _ => None,
                    };
                    items.push(ItemChange::Changed {
                        before: x.clone(),
                        after: y.clone(),
                        renamed,
                        section_moved,
                        start_days: days(x.start, y.start),
                        end_days: days(x.end, y.end),
                        start_working_days: wd(x.start, y.start),
                        end_working_days: wd(x.end, y.end),
                    });
                }
            }
        }
    }
    for (i, x) in a.items.iter().enumerate() {
        if !matched_a[i] {
            items.push(ItemChange::Removed { item: x.clone() });
        }
    }
    ChartDiff {
        index,
        title: b
            .schedule
            .title
            .as_ref()
            .or(a.schedule.title.as_ref())
            .map(|t| t.value.trim().to_string()),
        items,
        settings: settings(&a.schedule, &b.schedule),
    }
}

/// The milestones of every gantt chart of a text, in order, read as Mermaid `version` reads
/// them.
pub fn milestones(text: &str, version: MermaidVersion) -> Vec<Item> {
    charts(text, version)
        .into_iter()
        .flat_map(|c| c.items)
        .filter(|i| i.milestone)
        .collect()
}

/// The milestone of `among` that is `m` in another version: the same name, else the most
/// similar name (at least 0.75 alike).
pub fn same_milestone<'a>(m: &Item, among: &'a [Item]) -> Option<&'a Item> {
    among
        .iter()
        .find(|x| norm(&x.name) == norm(&m.name))
        .or_else(|| {
            among
                .iter()
                .map(|x| (similarity(&x.name, &m.name), x))
                .filter(|(s, _)| *s >= 0.75)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, x)| x)
        })
}

/// Compares the gantt charts of two versions of a document (`None`: the document did not
/// exist), read as Mermaid 11.12 reads them. Charts are paired by title, then by position.
pub fn diff_texts(path: &str, before: Option<&str>, after: Option<&str>) -> RoadmapDiff {
    diff_texts_as(path, before, after, MermaidVersion::DEFAULT)
}

/// [`diff_texts`], reading the charts as Mermaid `version` reads them (the site's pinned
/// one).
pub fn diff_texts_as(
    path: &str,
    before: Option<&str>,
    after: Option<&str>,
    version: MermaidVersion,
) -> RoadmapDiff {
    let a = before.map(|t| charts(t, version)).unwrap_or_default();
    let b = after.map(|t| charts(t, version)).unwrap_or_default();
    let title = |c: &Chart| c.schedule.title.as_ref().map(|t| norm(&t.value));
    let mut used = vec![false; a.len()];
    let mut out = Vec::new();
    for (j, y) in b.iter().enumerate() {
        let i = (0..a.len())
            .find(|&i| !used[i] && title(&a[i]).is_some() && title(&a[i]) == title(y))
            .or_else(|| (j < a.len() && !used[j]).then_some(j));
        let empty = Chart {
            schedule: y.schedule.clone(),
            items: Vec::new(),
        };
        let d = match i {
            Some(i) => {
                used[i] = true;
                diff_chart(j, &a[i], y)
            }
            None => {
                let mut d = diff_chart(j, &empty, y);
                d.settings.clear();
                d
            }
        };
        if !d.is_empty() {
            out.push(d);
        }
    }
    for (i, x) in a.iter().enumerate() {
        if used[i] {
            continue;
        }
        let empty = Chart {
            schedule: x.schedule.clone(),
            items: Vec::new(),
        };
        let mut d = diff_chart(i, x, &empty);
        d.settings.clear();
        if !d.is_empty() {
            out.push(d);
        }
    }
    RoadmapDiff {
        path: path.to_string(),
        charts: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names() {
        assert!(
            similarity(
                "Udbud af vedligeholdelse",
                "Udbud af vedligeholdelsesaftale"
            ) > 0.75
        );
        assert!(similarity("Analyse", "Lancering") < 0.5);
    }

    #[test]
    fn working_days_skip_weekends() {
        let c = charts(
            "gantt\n    dateFormat YYYY-MM-DD\n    excludes weekends\n    a :2026-06-01, 3d\n",
            MermaidVersion::DEFAULT,
        );
        let d = |s: &str| s.parse::<Date>().unwrap();
        // Friday 5 June → Monday 8 June: one working day.
        assert_eq!(
            working_days(&c[0].schedule, d("2026-06-05"), d("2026-06-08")),
            Some(1)
        );
        assert_eq!(
            working_days(&c[0].schedule, d("2026-06-08"), d("2026-06-05")),
            Some(-1)
        );
    }
}
