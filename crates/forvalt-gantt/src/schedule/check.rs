//! Checks stricter than Mermaid: things Mermaid accepts silently but draws differently from
//! what the author wrote.

use super::{RawInfo, Schedule, advice};
use crate::syntax::ast::{Diagram, StatementKind};
use crate::time::dayjs::{Ctx, DayjsFormat};
use crate::time::jsdate;
use forvalt_diag::{Diagnostic, Span};
use std::collections::HashMap;

/// How many different unknown ids get a "did you mean" (each looks at every task id).
const SUGGESTED_IDS: usize = 100;

/// Words that name the end of a plan when used as a `vert` marker.
const END_MARKERS: [&str; 8] = [
    "slut",
    "end",
    "slutdato",
    "afslutning",
    "projektslut",
    "deadline",
    "ophør",
    "finish",
];

pub(crate) fn check(
    s: &mut Schedule,
    diagram: &Diagram,
    raws: &[RawInfo],
    excludes_lines: &[Span],
    out: &mut Vec<Diagnostic>,
) {
    let fmt_text = crate::js::trim(&s.date_format).to_string();
    let fmt = DayjsFormat::new(&fmt_text);
    let iso = DayjsFormat::new("YYYY-MM-DD");
    let ctx = Ctx {
        zone: &s.zone,
        now: s.now,
    };
    let day = |t: i64| crate::time::format::time_format("%-d %B %Y", t, &s.zone, crate::Locale::En);
    let ids: HashMap<&str, usize> = s
        .tasks
        .iter()
        .filter(|t| t.id_span.is_some() || !t.id.is_empty())
        .map(|t| (t.id.as_str(), t.order))
        .collect();
    // Candidates for "did you mean", in chart order (ties go to the first task), and the
    // answers found so far; only the first `SUGGESTED_IDS` unknown ids are looked up, which
    // keeps this linear in the number of tasks.
    let mut candidates: Vec<(&str, usize)> = ids.iter().map(|(k, v)| (*k, *v)).collect();
    candidates.sort_by_key(|&(_, order)| order);
    let mut suggestions: HashMap<String, Option<&str>> = HashMap::new();

    for (task, raw) in s.tasks.iter().zip(raws) {
        // Start dates that only the browser's lenient parser understood.
        if raw.start_fallback
            && let (Some(f), Some(start)) = (&raw.start_text, task.start)
        {
            let year = s.zone.fields(start).year;
            if let Some(((y, m, d), why)) = advice::intended_date(&f.value) {
                let wanted = s
                    .zone
                    .make([y as f64, (m - 1) as f64, d as f64, 0.0, 0.0, 0.0, 0.0]);
                let mut diag = Diagnostic::warning(
                    "gantt::date-rollover",
                    format!(
                        "`{}` is not a calendar date; Mermaid moves it to {}",
                        f.value,
                        day(start)
                    ),
                )
                .with_span(f.span)
                .with_note(why);
                if let Some(w) = wanted
                    .and_then(|w| fmt.format(w, ctx).ok())
                    .filter(|_| !fmt_text.is_empty())
                {
                    diag = diag.with_suggestion(f.span, w.clone(), format!("did you mean `{w}`?"));
                }
                out.push(diag);
            } else if !(1000..=9999).contains(&year) {
                out.push(
                    Diagnostic::warning(
                        "gantt::year",
                        format!(
                            "`{}` is read as the year {year}; is a digit missing?",
                            f.value
                        ),
                    )
                    .with_span(f.span)
                    .with_note("a far-away date stretches the time axis so that every bar shrinks"),
                );
            } else {
                let mut diag = Diagnostic::warning(
                    "gantt::date-format",
                    if fmt_text.is_empty() {
                        format!(
                            "`{}` is read by the browser's date parser because the chart has no `dateFormat`",
                            f.value
                        )
                    } else {
                        format!(
                            "`{}` does not match the chart's dateFormat `{fmt_text}`; Mermaid reads it as {}",
                            f.value,
                            day(start)
                        )
                    },
                )
                .with_span(f.span);
                if let Ok(text) = fmt.format(start, ctx)
                    && !fmt_text.is_empty()
                {
                    diag = diag.with_suggestion(f.span, text.clone(), format!("write `{text}`"));
                } else {
                    diag = diag
                        .with_help("add `dateFormat YYYY-MM-DD` and write dates in that format");
                }
                out.push(diag);
            }
        }

        // End fields that Mermaid silently turns into a zero-length task.
        if let (Some(e), Some(start)) = (&raw.end_text, task.start)
            && task.failure.is_none()
        {
            end_field(e, start, task, &fmt, &fmt_text, &iso, ctx, s, out);
        }

        // Unknown ids after `after` / `until`.
        for (kw, text) in [("after", &raw.start_text), ("until", &raw.end_text)] {
            let Some(text) = text else { continue };
            let refs = super::ref_ids(kw, &text.value);
            if super::prefix_ids(kw, &text.value).is_none() {
                continue;
            }
            let unknown: Vec<&String> = refs
                .iter()
                .filter(|r| !ids.contains_key(r.as_str()))
                .collect();
            if unknown.is_empty() {
                continue;
            }
            let all_unknown = unknown.len() == refs.len();
            for id in unknown {
                let mut d =
                    Diagnostic::warning("gantt::unknown-id", format!("no task has the id `{id}`"))
                        .with_span(text.span);
                d = if all_unknown {
                    d.with_note(format!(
                        "Mermaid then uses today's date ({}), so the chart changes every day",
                        day(s.zone.start_of_day(s.now).unwrap_or(s.now))
                    ))
                } else {
                    d.with_note("Mermaid ignores it")
                };
                let suggestion = match suggestions.get(id.as_str()) {
                    Some(known) => *known,
                    None if suggestions.len() < SUGGESTED_IDS => {
                        let found = advice::closest(id, candidates.iter().map(|&(k, _)| k));
                        suggestions.insert(id.clone(), found);
                        found
                    }
                    None => None,
                };
                if let Some(c) = suggestion {
                    d = d.with_help(format!("did you mean `{c}`?"));
                }
                out.push(d);
            }
        }
    }

    // A prefix like `after` that did not match (`after æble`) fails as a date; covered there.

    duplicate_ids(s, raws, &referenced_ids(diagram, raws), out);
    end_markers(s, &day, out);
    keyword_values(s, diagram, out);
    excludes(s, &fmt, ctx, excludes_lines, out);
}

#[allow(clippy::too_many_arguments)]
fn end_field(
    e: &forvalt_diag::Spanned<String>,
    start: i64,
    task: &super::Task,
    fmt: &DayjsFormat,
    fmt_text: &str,
    iso: &DayjsFormat,
    ctx: Ctx<'_>,
    s: &Schedule,
    out: &mut Vec<Diagnostic>,
) {
    let v = e.value.as_str();
    if super::prefix_ids("until", v).is_some()
        || fmt.parse_strict(v, ctx).is_some()
        || advice::is_duration(v)
    {
        if let (Some(end), false) = (task.end, task.milestone || task.vert)
            && end < start
        {
            out.push(
                Diagnostic::warning("gantt::end-before-start", "this task ends before it starts")
                    .with_span(e.span)
                    .with_note("Mermaid draws a bar of negative width"),
            );
        }
        return;
    }
    if v.is_empty() {
        if !task.vert && !task.milestone {
            out.push(
                Diagnostic::warning(
                    "gantt::no-end",
                    "this task has no end or duration, so it has no length",
                )
                .with_span(task.span)
                .with_help("add an end date or a duration such as `5d`"),
            );
        }
        return;
    }
    let mut d = Diagnostic::warning(
        "gantt::invalid-end",
        if fmt_text.is_empty() {
            format!("`{v}` is not a duration, and without a `dateFormat` line Mermaid reads no end dates")
        } else {
            format!("`{v}` is neither a date in the format `{fmt_text}` nor a duration")
        },
    )
    .with_span(e.span)
    .with_note("Mermaid silently draws this task with zero length");
    if let Some((fix, why)) = advice::duration_fix(v) {
        d = d.with_suggestion(e.span, fix.clone(), format!("write `{fix}`: {why}"));
    } else if v.starts_with('-') {
        d = d.with_help("durations cannot be negative");
    } else if fmt_text.is_empty() && iso.parse_strict(v, ctx).is_some() {
        d = d.with_help("add a `dateFormat YYYY-MM-DD` line to the chart");
    } else if let Some(((y, m, day), why)) = advice::intended_date(v)
        && let Some(t) = s
            .zone
            .make([y as f64, (m - 1) as f64, day as f64, 0.0, 0.0, 0.0, 0.0])
        && let Ok(text) = fmt.format(t, ctx)
    {
        d = d.with_suggestion(
            e.span,
            text.clone(),
            format!("{why}: did you mean `{text}`?"),
        );
    } else if let Some(t) = jsdate::parse(v, &s.zone)
        && let Ok(text) = fmt.format(t, ctx)
        && !fmt_text.is_empty()
    {
        d = d.with_suggestion(
            e.span,
            text.clone(),
            format!("end dates must match the dateFormat `{fmt_text}`: write `{text}`"),
        );
    }
    out.push(d);
}

/// The ids something refers to by name: `after` and `until` in task lines, and `click`.
fn referenced_ids<'a>(diagram: &'a Diagram, raws: &'a [RawInfo]) -> HashMap<&'a str, &'static str> {
    let mut refs: HashMap<&str, &'static str> = HashMap::new();
    for r in raws {
        for (text, word, what) in [
            (&r.start_text, "after", "`after`"),
            (&r.end_text, "until", "`until`"),
        ] {
            let Some(t) = text else { continue };
            let mut words = t.value.split_whitespace();
            if words.next() == Some(word) {
                for id in words {
                    refs.entry(id).or_insert(what);
                }
            }
        }
    }
    for st in &diagram.statements {
        if let StatementKind::Click(c) = &st.kind {
            for id in c.ids.value.split(',') {
                refs.entry(id.trim()).or_insert("`click`");
            }
        }
    }
    refs
}

/// Ids used by more than one task: a warning when something refers to the id (it then
/// reaches the last of them) or the task below an earlier one starts where "it" ends (the
/// later one), a note when nothing does (the chart is the same either way).
fn duplicate_ids(
    s: &Schedule,
    raws: &[RawInfo],
    refs: &HashMap<&str, &'static str>,
    out: &mut Vec<Diagnostic>,
) {
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for t in &s.tasks {
        if t.id_span.is_some() {
            by_id.entry(t.id.as_str()).or_default().push(t.order);
        }
    }
    let mut dups: Vec<(&str, Vec<usize>)> =
        by_id.into_iter().filter(|(_, v)| v.len() > 1).collect();
    dups.sort_by_key(|(_, v)| v[0]);
    for (id, orders) in dups {
        let last = *orders.last().unwrap_or(&0);
        let winner = &s.tasks[last];
        for &o in &orders[..orders.len() - 1] {
            let t = &s.tasks[o];
            let below = raws
                .get(o + 1)
                .is_some_and(|r| r.prev_id.as_deref() == Some(id))
                .then_some("the task below it, which starts where it ends,");
            let d = match refs.get(id).copied().or(below) {
                Some(by) => Diagnostic::warning(
                    "gantt::duplicate-id",
                    format!("the id `{id}` is used again further down, and {by} refers to it"),
                )
                .with_label(winner.id_span.unwrap_or(winner.span), "this later definition wins")
                .with_note(format!(
                    "Mermaid resolves `after {id}`, `until {id}`, `click {id}` and the task following it to the last task with this id (`{}`)",
                    winner.name.trim()
                )),
                None => Diagnostic::note(
                    "gantt::duplicate-id",
                    format!("the id `{id}` is used again further down"),
                )
                .with_note("nothing refers to it, so the chart is the same; a reference added later would reach the last task with this id"),
            };
            out.push(
                d.with_span(t.id_span.unwrap_or(t.span))
                    .with_help("give every task its own id"),
            );
        }
    }
}

fn end_markers(s: &Schedule, day: &dyn Fn(i64) -> String, out: &mut Vec<Diagnostic>) {
    let Some(marker) = s
        .tasks
        .iter()
        .filter(|t| t.vert && t.start.is_some())
        .rfind(|t| END_MARKERS.contains(&t.name.trim().to_lowercase().as_str()))
    else {
        return;
    };
    let Some(end_at) = marker.start else { return };
    let late: Vec<&super::Task> = s
        .tasks
        .iter()
        .filter(|t| !t.vert && t.is_scheduled())
        .filter(|t| {
            let last = if t.milestone { t.start } else { t.drawn_end() };
            last.is_some_and(|l| l > end_at)
        })
        .collect();
    if late.is_empty() {
        return;
    }
    let names: Vec<String> = late
        .iter()
        .map(|t| format!("`{}`", t.name.trim()))
        .collect();
    let message = if late.len() == 1 {
        format!(
            "{} goes past the end marker `{}` ({})",
            names[0],
            marker.name.trim(),
            day(end_at)
        )
    } else {
        format!(
            "{} items go past the end marker `{}` ({})",
            late.len(),
            marker.name.trim(),
            day(end_at)
        )
    };
    let mut d = Diagnostic::warning("gantt::after-end-marker", message)
        .with_span(marker.span)
        .with_primary_label("the end marker");
    // Labels for the first few; the message counts them all.
    for t in late.iter().take(10) {
        d = d.with_label(
            t.span,
            if t.milestone {
                "lies after it"
            } else {
                "ends after it"
            },
        );
    }
    d = d.with_help("move the end marker, or end these items by then");
    out.push(d);
}

fn keyword_values(s: &Schedule, diagram: &Diagram, out: &mut Vec<Diagnostic>) {
    for st in &diagram.statements {
        let (name, v) = match &st.kind {
            StatementKind::TickInterval(v) => ("tickInterval", v),
            StatementKind::TodayMarker(v) => ("todayMarker", v),
            StatementKind::AxisFormat(v) => ("axisFormat", v),
            _ => continue,
        };
        if v.raw.starts_with(|c: char| crate::js::is_space(c)) {
            let effect = match name {
                "tickInterval" => "Mermaid then ignores the interval and picks ticks itself",
                "todayMarker" => {
                    "Mermaid then does not recognise the value (`off` does not hide the line)"
                }
                _ => "every tick label then starts with a space",
            };
            let trimmed = crate::js::trim(&v.raw);
            out.push(
                Diagnostic::warning(
                    "gantt::keyword-spacing",
                    format!("`{name}` is followed by more than one space, and Mermaid keeps the extra space in the value"),
                )
                .with_span(v.span)
                .with_note(effect)
                .with_suggestion(v.span, trimmed, format!("write `{name} {trimmed}`")),
            );
        }
    }
    if let Some(ti) = &s.tick_interval {
        let value = ti.value.as_str();
        if !value.starts_with(|c: char| crate::js::is_space(c))
            && crate::layout::tick_interval(value).is_none()
        {
            let quarter = crate::layout::is_quarter_interval(value);
            if !(quarter && s.extensions) {
                let fix = tick_fix(value);
                let mut d = Diagnostic::warning(
                    "gantt::tick-interval",
                    format!("Mermaid does not support `tickInterval {value}` and silently picks ticks automatically"),
                )
                .with_span(ti.span)
                .with_note("supported units: millisecond, second, minute, hour, day, week, month (e.g. `1week`, `3month`)");
                if let Some(f) = fix {
                    d = d.with_suggestion(ti.span, f.clone(), format!("write `tickInterval {f}`"));
                }
                if quarter {
                    d = d.with_help("use `3month` with `axisFormat %Y-Q%q`, or forvalt's quarter ticks (extensions)");
                }
                out.push(d);
            }
        }
    }
}

fn tick_fix(value: &str) -> Option<String> {
    let v = value.trim().to_lowercase().replace(' ', "");
    let num_len = v.chars().take_while(char::is_ascii_digit).count();
    let (num, unit) = v.split_at(num_len);
    let n: u64 = if num.is_empty() { 1 } else { num.parse().ok()? };
    let unit = unit.trim_end_matches('s');
    let (n, unit) = match unit {
        "quarter" | "kvartal" | "q" => (n * 3, "month"),
        "year" | "år" | "y" => (n * 12, "month"),
        "month" | "måned" | "m" | "md" | "mdr" => (n, "month"),
        "week" | "uge" | "w" => (n, "week"),
        "day" | "dag" | "d" => (n, "day"),
        "hour" | "time" | "h" => (n, "hour"),
        "minute" | "min" => (n, "minute"),
        "second" | "sec" => (n, "second"),
        "millisecond" | "ms" => (n, "millisecond"),
        _ => return None,
    };
    let fixed = format!("{}{unit}", n.max(1));
    (fixed != value).then_some(fixed)
}

fn excludes(
    s: &Schedule,
    fmt: &DayjsFormat,
    ctx: Ctx<'_>,
    lines: &[Span],
    out: &mut Vec<Diagnostic>,
) {
    // From Mermaid 11.16 the lines add up.
    if lines.len() > 1 && !s.mermaid.merges_day_lists() {
        let last = lines[lines.len() - 1];
        for l in &lines[..lines.len() - 1] {
            out.push(
                Diagnostic::warning(
                    "gantt::excludes-repeated",
                    format!(
                        "only the last `excludes` line counts (in Mermaid {}; from 11.16 they add up)",
                        s.mermaid
                    ),
                )
                .with_span(*l)
                .with_label(last, "this one replaces it")
                .with_help("list everything on one line: `excludes weekends, 2025-12-24`"),
            );
        }
    }
    let Some(span) = lines.last() else { return };
    let iso = DayjsFormat::new("YYYY-MM-DD");
    for word in &s.calendar.excludes {
        if word.is_empty()
            || word == "weekends"
            || crate::syntax::ast::Weekday::from_name(word).is_some()
            || fmt.parse_strict(word, ctx).is_some()
            || iso.parse_strict(word, ctx).is_some()
        {
            continue;
        }
        let suggestion = match word.as_str() {
            "weekend" | "weekender" | "weekenden" | "helligdage" => Some("weekends"),
            "mandag" => Some("monday"),
            "tirsdag" => Some("tuesday"),
            "onsdag" => Some("wednesday"),
            "torsdag" => Some("thursday"),
            "fredag" => Some("friday"),
            "lørdag" => Some("saturday"),
            "søndag" => Some("sunday"),
            _ => advice::closest(
                word,
                [
                    "weekends",
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday",
                ],
            ),
        };
        let mut d = Diagnostic::warning(
            "gantt::excludes-word",
            format!(
                "Mermaid does not understand `{word}` in `excludes` and excludes nothing for it"
            ),
        )
        .with_span(*span)
        .with_note(
            "`excludes` takes `weekends`, English day names and dates in the chart's dateFormat",
        );
        if word == "weekdays" {
            d = d.with_help("excluding all weekdays is not possible; list the days instead");
        } else if let Some(sug) = suggestion {
            d = d.with_help(format!("did you mean `{sug}`?"));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_fixes() {
        assert_eq!(tick_fix("1quarter").as_deref(), Some("3month"));
        assert_eq!(tick_fix("1year").as_deref(), Some("12month"));
        assert_eq!(tick_fix("2 weeks").as_deref(), Some("2week"));
        assert_eq!(tick_fix("1Week").as_deref(), Some("1week"));
        assert_eq!(tick_fix("banana"), None);
    }
}
