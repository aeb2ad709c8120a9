//! Text alternatives of a chart: its accessible name and description, tooltips, and an HTML
//! table of the tasks, in Danish or English.

use crate::Locale;
use crate::schedule::{Schedule, Task};
use crate::svg::esc_text;
use crate::time::Zone;

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as people read it: `4. juni 2026` / `4 June 2026`, with the time when it is not
/// midnight (`4. juni 2026 kl. 10.30`).
pub fn human_date(t: i64, zone: &Zone, locale: Locale) -> String {
    let mut s = String::with_capacity(24);
    write_human_date(&mut s, t, zone, locale);
    s
}

fn write_human_date(s: &mut String, t: i64, zone: &Zone, locale: Locale) {
    use std::fmt::Write;
    let f = zone.fields(t);
    let m = f.month as usize;
    let _ = match locale {
        Locale::Da => write!(s, "{}. {} {}", f.day, MONTHS_DA[m], f.year),
        Locale::En => write!(s, "{} {} {}", f.day, MONTHS_EN[m], f.year),
    };
    if f.hour != 0 || f.minute != 0 || f.second != 0 || f.ms != 0 {
        let _ = match locale {
            Locale::Da => write!(s, " kl. {:02}.{:02}", f.hour, f.minute),
            Locale::En => write!(s, " {:02}:{:02}", f.hour, f.minute),
        };
        if f.second != 0 || f.ms != 0 {
            let _ = write!(s, ":{:02}", f.second);
        }
    }
}

/// The chart's accessible name: `accTitle`, else its title, else a generic name.
pub fn accessible_title(s: &Schedule, locale: Locale) -> String {
    if let Some(t) = s.acc_title.as_ref().filter(|t| !t.trim().is_empty()) {
        return t.trim().to_string();
    }
    if let Some(t) = s.title.as_ref().filter(|t| !t.value.trim().is_empty()) {
        return t.value.trim().to_string();
    }
    match locale {
        Locale::Da => "Gantt-diagram".into(),
        Locale::En => "Gantt chart".into(),
    }
}

/// The chart's description: `accDescr`, else a summary generated from the data.
pub fn accessible_description(s: &Schedule, locale: Locale) -> String {
    if let Some(d) = s.acc_descr.as_ref().filter(|d| !d.trim().is_empty()) {
        return d.trim().to_string();
    }
    summary(s, locale)
}

/// One sentence summarising the chart.
pub fn summary(s: &Schedule, locale: Locale) -> String {
    let tasks: Vec<&Task> = s.tasks.iter().filter(|t| !t.vert && !t.milestone).collect();
    let milestones = s.tasks.iter().filter(|t| t.milestone).count();
    let sections: std::collections::HashSet<&str> = s
        .tasks
        .iter()
        .map(|t| t.section.trim())
        .filter(|name| !name.is_empty())
        .collect();
    let first = s
        .tasks
        .iter()
        .filter(|t| t.is_scheduled())
        .filter_map(|t| t.start)
        .min();
    let last = s
        .tasks
        .iter()
        .filter(|t| t.is_scheduled())
        .filter_map(|t| t.end)
        .max();
    let failed = s.tasks.iter().filter(|t| t.failure.is_some()).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = match locale {
        Locale::Da => {
            let mut p = vec![plural(tasks.len(), "opgave", "opgaver")];
            if milestones > 0 {
                p.push(plural(milestones, "milepæl", "milepæle"));
            }
            let mut s1 = format!("Gantt-diagram med {}", join(&p, "og"));
            if !sections.is_empty() {
                s1.push_str(&format!(
                    " i {}",
                    plural(sections.len(), "sektion", "sektioner")
                ));
            }
            if let (Some(a), Some(b)) = (first, last) {
                s1.push_str(&format!(
                    " fra {} til {}",
                    human_date(a, &s.zone, locale),
                    human_date(b, &s.zone, locale)
                ));
            }
            s1.push('.');
            s1
        }
        Locale::En => {
            let mut p = vec![plural(tasks.len(), "task", "tasks")];
            if milestones > 0 {
                p.push(plural(milestones, "milestone", "milestones"));
            }
            let mut s1 = format!("Gantt chart with {}", join(&p, "and"));
            if !sections.is_empty() {
                s1.push_str(&format!(
                    " in {}",
                    plural(sections.len(), "section", "sections")
                ));
            }
            if let (Some(a), Some(b)) = (first, last) {
                s1.push_str(&format!(
                    " from {} to {}",
                    human_date(a, &s.zone, locale),
                    human_date(b, &s.zone, locale)
                ));
            }
            s1.push('.');
            s1
        }
    };
    if failed > 0 {
        out.push_str(&match locale {
            Locale::Da => format!(
                " {} kan ikke tegnes på grund af fejl.",
                plural(failed, "linje", "linjer")
            ),
            Locale::En => format!(
                " {} cannot be drawn because of errors.",
                plural(failed, "line", "lines")
            ),
        });
    }
    out
}

fn join(parts: &[String], and: &str) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        _ => format!(
            "{} {and} {}",
            parts[..parts.len() - 1].join(", "),
            parts[parts.len() - 1]
        ),
    }
}

/// A tooltip per task: name, dates and status.
pub fn tooltips(s: &Schedule, locale: Locale) -> Vec<String> {
    s.tasks
        .iter()
        .map(|t| {
            let name = t.name.trim();
            let status = status(t, locale);
            let dates = match (t.start, t.drawn_end()) {
                (Some(a), Some(b)) if t.milestone || t.vert || a == b => {
                    human_date(a, &s.zone, locale)
                }
                (Some(a), Some(b)) => format!(
                    "{} – {}",
                    human_date(a, &s.zone, locale),
                    human_date(b, &s.zone, locale)
                ),
                _ => String::new(),
            };
            let mut out = format!("{name}: {dates}");
            if !status.is_empty() {
                out.push_str(&format!(" ({status})"));
            }
            out
        })
        .collect()
}

/// The task's status in words.
pub fn status(t: &Task, locale: Locale) -> String {
    let mut out = String::new();
    write_status(&mut out, t, locale);
    out
}

fn write_status(out: &mut String, t: &Task, locale: Locale) {
    let da = locale == Locale::Da;
    let start = out.len();
    let word = |out: &mut String, w: &str| {
        if out.len() > start {
            out.push_str(", ");
        }
        out.push_str(w);
    };
    if t.vert {
        word(out, if da { "markering" } else { "marker" });
    }
    if t.milestone {
        word(out, if da { "milepæl" } else { "milestone" });
    }
    if t.done {
        word(out, if da { "færdig" } else { "done" });
    }
    if t.active {
        word(out, if da { "i gang" } else { "in progress" });
    }
    if t.crit {
        word(out, if da { "kritisk" } else { "critical" });
    }
    if let Some(p) = t.progress {
        word(out, &format!("{} %", crate::js::number_to_string(p)));
    }
    if t.failure.is_some() {
        word(out, if da { "fejl" } else { "error" });
    }
}

/// A row of the chart's table: the task's section, name, start, end and status as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The task's section.
    pub section: String,
    /// The task's name.
    pub name: String,
    /// Its start (empty: none, or the task failed).
    pub start: String,
    /// Its end (empty for milestones, markers and failed tasks).
    pub end: String,
    /// Its status (`kritisk, færdig`).
    pub status: String,
}

/// The rows of the chart's table, one per task in order.
pub fn table_rows(s: &Schedule, locale: Locale) -> Vec<TableRow> {
    s.tasks
        .iter()
        .map(|t| TableRow {
            section: t.section.trim().to_string(),
            name: t.name.trim().to_string(),
            start: t
                .start
                .filter(|_| t.failure.is_none())
                .map(|a| human_date(a, &s.zone, locale))
                .unwrap_or_default(),
            end: t
                .drawn_end()
                .filter(|_| t.failure.is_none() && !t.vert && !t.milestone)
                .map(|b| human_date(b, &s.zone, locale))
                .unwrap_or_default(),
            status: status(t, locale),
        })
        .collect()
}

/// The tasks as an HTML table (the chart's text alternative), with `caption`.
pub fn table_html(s: &Schedule, locale: Locale, caption: &str) -> String {
    let da = locale == Locale::Da;
    let mut out = String::with_capacity(256 + s.tasks.len() * 160);
    out.push_str("<table class=\"gantt-table\"><caption>");
    esc_text(caption, &mut out);
    out.push_str("</caption><thead><tr>");
    for h in if da {
        ["Sektion", "Opgave", "Start", "Slut", "Status"]
    } else {
        ["Section", "Task", "Start", "End", "Status"]
    } {
        out.push_str("<th scope=\"col\">");
        out.push_str(h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for r in table_rows(s, locale) {
        out.push_str("<tr><td>");
        esc_text(&r.section, &mut out);
        out.push_str("</td><th scope=\"row\">");
        esc_text(&r.name, &mut out);
        out.push_str("</th><td>");
        esc_text(&r.start, &mut out);
        out.push_str("</td><td>");
        esc_text(&r.end, &mut out);
        out.push_str("</td><td>");
        esc_text(&r.status, &mut out);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}
