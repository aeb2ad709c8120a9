//! Calendar feeds (RFC 5545): one per body and one with every body, so members can subscribe
//! to the meetings in their own calendar. Each meeting file is an event; the body's stated
//! rule ("Afholdes 1. torsdag i måneden") continues as a recurring event after its last
//! meeting file. Times are Europe/Copenhagen; UIDs are stable (a meeting's id), and there is
//! no build time in the output: the same repository gives the same feed.

use forvalt_model::Repository;
use forvalt_model::calendar::Rule;
use forvalt_model::records::{Meeting, MeetingState};
use jiff::civil::Date;

/// Where the feeds are published.
pub(crate) const DIR: &str = "forvaltning/kalender";

/// The zone of every timed event, with its rules (EU summer time since 1996).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Escapes a text value (`\`, `;`, `,` and line breaks).
fn text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (continuation lines start with a space), never inside
/// a UTF-8 character, and ends it with CRLF.
fn line(out: &mut String, l: &str) {
    let mut rest = l;
    let mut first = true;
    while !rest.is_empty() {
        let limit = if first { 75 } else { 74 };
        let mut cut = rest.len().min(limit);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if !first {
            out.push(' ');
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n");
        rest = &rest[cut..];
        first = false;
    }
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `13`, `13.30`, `13:30` → (13, 30).
fn clock(t: &str) -> Option<(i8, i8)> {
    let (h, m) = match t.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None => (t, "0"),
    };
    let h: i8 = h.trim().parse().ok()?;
    let m: i8 = m.trim().parse().ok()?;
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some((h, m))
}

/// DTSTART/DTEND lines of a meeting on `day`: timed when its time is known, else all day.
fn when(out: &mut String, day: Date, time: Option<(&str, Option<&str>)>) {
    match time.and_then(|(s, e)| Some((clock(s)?, e.and_then(clock)))) {
        Some(((h, m), end)) => {
            let (eh, em) = end.unwrap_or((h.saturating_add(1).min(23), m));
            line(
                out,
                &format!("DTSTART;TZID=Europe/Copenhagen:{}T{h:02}{m:02}00", ymd(day)),
            );
            line(
                out,
                &format!("DTEND;TZID=Europe/Copenhagen:{}T{eh:02}{em:02}00", ymd(day)),
            );
        }
        None => {
            let next = day.tomorrow().unwrap_or(day);
            line(out, &format!("DTSTART;VALUE=DATE:{}", ymd(day)));
            line(out, &format!("DTEND;VALUE=DATE:{}", ymd(next)));
        }
    }
}

/// A stable stamp for an event: its day at midnight UTC (RFC 5545 requires DTSTAMP; the
/// build time would make every feed differ).
fn stamp(day: Date) -> String {
    format!("DTSTAMP:{}T000000Z", ymd(day))
}

fn host(repo: &Repository) -> String {
    let url = repo.config.url.trim_end_matches('/');
    let h = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    if h.is_empty() {
        "forvalt.local".to_string()
    } else {
        h.to_string()
    }
}

fn meeting_event(
    out: &mut String,
    repo: &Repository,
    m: &Meeting,
    body_name: &str,
    site_url: &str,
) {
    let Some(day) = m.date else { return };
    line(out, "BEGIN:VEVENT");
    line(
        out,
        &format!("UID:{}@{}", m.id.replace('/', "-"), host(repo)),
    );
    line(out, &stamp(day));
    when(
        out,
        day,
        m.time
            .as_ref()
            .map(|t| (t.start.as_str(), t.end.as_deref())),
    );
    line(
        out,
        &format!("SUMMARY:{}", text(&format!("{body_name}: {}", m.title))),
    );
    if let Some(place) = &m.place {
        line(out, &format!("LOCATION:{}", text(place)));
    }
    if let Some(path) = m.source.path()
        && let Some(p) = repo.pages.iter().find(|p| p.path == path)
        && !site_url.is_empty()
    {
        line(out, &format!("URL:{site_url}{}", p.url));
    }
    if m.state == MeetingState::Cancelled {
        line(out, "STATUS:CANCELLED");
    } else {
        line(out, "STATUS:CONFIRMED");
    }
    line(out, "END:VEVENT");
}

/// The recurring series of a body after its last meeting file, from its stated rule.
fn series_event(
    out: &mut String,
    repo: &Repository,
    key: &str,
    body_name: &str,
    rule: &Rule,
    after: Date,
    time: Option<(&str, Option<&str>)>,
) {
    let Some(rrule) = rule.rrule() else { return };
    let Ok(horizon) = after.checked_add(jiff::Span::new().years(2)) else {
        return;
    };
    let Some(first) = rule
        .expand(after.tomorrow().unwrap_or(after), horizon)
        .first()
        .map(|o| o.start)
    else {
        return;
    };
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{key}-raekke@{}", host(repo)));
    line(out, &stamp(first));
    when(out, first, time);
    line(out, &format!("RRULE:{rrule}"));
    line(
        out,
        &format!(
            "SUMMARY:{}",
            text(&format!("{body_name}: møde (planlagt efter mødereglen)"))
        ),
    );
    line(out, "STATUS:TENTATIVE");
    line(out, "END:VEVENT");
}

/// The feeds: (output path, body key or `None` for all, text).
pub(crate) fn feeds(repo: &Repository) -> Vec<(String, String)> {
    let r = &repo.records;
    if r.meetings.iter().all(|m| m.date.is_none()) {
        return Vec::new();
    }
    let site_url = format!(
        "{}{}",
        repo.config.url.trim_end_matches('/'),
        repo.config.baseurl.trim_end_matches('/')
    );
    let mut per_body: Vec<(String, String, String)> = Vec::new(); // (key, name, events)
    for b in &r.bodies {
        let mut events = String::new();
        let ms: Vec<&Meeting> = r.meetings.iter().filter(|m| m.body == b.key).collect();
        for m in &ms {
            meeting_event(&mut events, repo, m, &b.name, &site_url);
        }
        let last = ms.iter().filter_map(|m| m.date).max();
        let stated = ms.iter().rev().find_map(|m| m.recurrence.as_ref());
        if let (Some(last), Some(rec)) = (last, stated) {
            let rule = rec.rule();
            let time = ms
                .iter()
                .rev()
                .find_map(|m| m.time.as_ref())
                .map(|t| (t.start.as_str(), t.end.as_deref()));
            series_event(&mut events, repo, &b.key, &b.name, &rule, last, time);
        }
        per_body.push((b.key.clone(), b.name.clone(), events));
    }
    let calendar = |name: &str, events: &str| {
        let mut out = String::new();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(&mut out, "PRODID:-//forvalt//forvalt//DA");
        line(&mut out, "CALSCALE:GREGORIAN");
        line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
        line(&mut out, "X-WR-TIMEZONE:Europe/Copenhagen");
        out.push_str(VTIMEZONE);
        out.push_str(events);
        line(&mut out, "END:VCALENDAR");
        out
    };
    let title = if repo.config.title.is_empty() {
        "Møder".to_string()
    } else {
        repo.config.title.clone()
    };
    let mut out: Vec<(String, String)> = per_body
        .iter()
        .map(|(key, name, events)| {
            (
                format!("{DIR}/{key}.ics"),
                calendar(&format!("{title}: {name}"), events),
            )
        })
        .collect();
    let all: String = per_body.iter().map(|(_, _, e)| e.as_str()).collect();
    out.push((
        format!("{DIR}/alle.ics"),
        calendar(&format!("{title}: alle møder"), &all),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_without_splitting_letters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "æ".repeat(60));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "").replace("\r\n", "");
        assert_eq!(unfolded, long);
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(clock("13.30"), Some((13, 30)));
        assert_eq!(clock("25"), None);
    }
}
