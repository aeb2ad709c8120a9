//! Meeting agendas and minutes (`dagsordner-og-referater/<body>/YYYYMMDD_<Product><Body>.md`):
//! the status checkboxes, Mødenavn with its stated recurrence, Tid, Sted, participants,
//! apologies, facilitator and minute-taker, guests, the agenda, the minutes quoted per item,
//! outcomes and actions.

use super::decision::Link;
use super::text::{self, Line};
use super::{Action, Field, Source};
use crate::prose_dates;
use forvalt_diag::{Diagnostic, FileId, Span};
use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::collections::HashMap;

/// Whether a meeting took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingState {
    /// In the future, or no minutes yet.
    Planned,
    /// Held (it has minutes).
    Held,
    /// Cancelled ("AFLYST").
    Cancelled,
}

/// The state of the minutes, from the status checkboxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MinutesState {
    /// No box checked.
    None,
    /// "Referat klar til godkendelse" / "sendt til godkendelse".
    Ready,
    /// "Referat godkendt".
    Approved,
    /// "Referat publiceret" (the 6-box template).
    Published,
}

/// A recurrence rule as stated ("Afholdes sædvanligvis 1. torsdag i måneden").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recurrence {
    /// The text as written.
    pub raw: String,
    /// Which weekday of the month: 1–4, or -1 for the last.
    pub nth: i8,
    /// The weekday.
    #[serde(serialize_with = "weekday_name")]
    pub weekday: Weekday,
    /// "normalvis", "sædvanligvis", … (the rule is a habit, not a promise).
    pub qualifier: Option<String>,
    /// Where it is written.
    pub span: Span,
}

fn weekday_name<S: serde::Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(crate::dates::WEEKDAYS_DA[w.to_monday_zero_offset() as usize])
}

impl Recurrence {
    /// Whether `date` satisfies the rule.
    pub fn matches(&self, date: Date) -> bool {
        if date.weekday() != self.weekday {
            return false;
        }
        let nth_from_start = (date.day() - 1) / 7 + 1;
        if self.nth == -1 {
            date.checked_add(jiff::Span::new().days(7))
                .is_ok_and(|next| next.month() != date.month())
        } else {
            nth_from_start == self.nth
        }
    }

    /// The rule as a calendar rule, to expand or write as an RRULE.
    pub fn rule(&self) -> crate::calendar::Rule {
        crate::calendar::Rule::MonthlyWeekday {
            nth: self.nth,
            weekday: self.weekday,
            months: Vec::new(),
        }
    }

    /// The rule in Danish ("1. torsdag i måneden").
    pub fn describe(&self) -> String {
        let day = crate::dates::WEEKDAYS_DA[self.weekday.to_monday_zero_offset() as usize];
        if self.nth == -1 {
            format!("sidste {day} i måneden")
        } else {
            format!("{}. {day} i måneden", self.nth)
        }
    }
}

/// Parses a stated recurrence ("Afholdes 1. mandag i måneden", "sidste tirsdag i måneden").
pub fn recurrence(text: &str, span: Span) -> Option<Recurrence> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(day) = crate::dates::WEEKDAYS_DA.iter().position(|d| d == w) else {
            continue;
        };
        let nth = match i.checked_sub(1).map(|k| words[k]) {
            Some("sidste") => -1,
            Some("1." | "første") => 1,
            Some("2." | "anden") => 2,
            Some("3." | "tredje") => 3,
            Some("4." | "fjerde") => 4,
            _ => continue,
        };
        let qualifier = [
            "normalvis",
            "sædvanligvis",
            "typisk",
            "som regel",
            "normalt",
        ]
        .iter()
        .find(|q| lower.contains(*q))
        .map(|q| (*q).to_string());
        let weekday = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ][day];
        return Some(Recurrence {
            raw: text.trim().to_string(),
            nth,
            weekday,
            qualifier,
            span,
        });
    }
    None
}

/// A time range "kl. 13 - 14.30", with the planned end when both are written
/// ("13 - 13.30 (indkaldt til 14.30)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeRange {
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM`.
    pub end: Option<String>,
    /// The planned end, when the actual end differs.
    pub planned_end: Option<String>,
}

/// A time of day written where a meeting's time is read that cannot be one (`kl. 25`,
/// `14.75`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpossibleTime {
    /// Its byte range in the text read.
    pub range: std::ops::Range<usize>,
    /// Why it is not a time ("a day has 24 hours").
    pub reason: &'static str,
}

/// A clock-shaped number at byte `i`: `13`, `13.30`, `13:30`, `9.5` (an hour of one or two
/// digits, minutes of one or two): (hour, minute, end). Not checked against the clock; a
/// date (`04.06.2026`) is not one.
fn clock_at(t: &str, i: usize) -> Option<(u32, u32, usize)> {
    let b = t.as_bytes();
    let run = |from: usize| {
        let mut j = from;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let he = run(i);
    if he == i || he - i > 2 {
        return None;
    }
    let hour: u32 = t[i..he].parse().ok()?;
    if matches!(b.get(he), Some(b'.' | b':')) && b.get(he + 1).is_some_and(u8::is_ascii_digit) {
        let me = run(he + 1);
        let date_follows = matches!(b.get(me), Some(b'.' | b'-' | b'/'))
            && b.get(me + 1).is_some_and(u8::is_ascii_digit);
        if me - (he + 1) > 2 || date_follows {
            return None;
        }
        return Some((hour, t[he + 1..me].parse().ok()?, me));
    }
    Some((hour, 0, he))
}

/// Reads a clock at `i` as `HH:MM`, or records why it is impossible.
fn clock(t: &str, i: usize, problems: &mut Vec<ImpossibleTime>) -> Option<(Option<String>, usize)> {
    let (h, m, end) = clock_at(t, i)?;
    let reason = if h > 24 || (h == 24 && m > 0) {
        Some("a day has 24 hours")
    } else if m > 59 {
        Some("an hour has 60 minutes")
    } else {
        None
    };
    if let Some(reason) = reason {
        problems.push(ImpossibleTime {
            range: i..end,
            reason,
        });
        return Some((None, end));
    }
    Some((Some(format!("{h:02}:{m:02}")), end))
}

/// Reads the time range after `kl.` (or, without `kl.`, a range `13 - 14` after the date).
pub fn time_range(text: &str) -> Option<TimeRange> {
    read_time(text).0
}

/// Reads the time range after `kl.` (`kl. 13 - 14.30`, `kl.13`, `kl. ca. 9-12`, `13 - 13.30
/// (indkaldt til 14.30)`), or without `kl.` a range after the date (`20.04.26 13-14`), with the
/// times that cannot be ones. An impossible start gives no range; an impossible end no end.
pub fn read_time(text: &str) -> (Option<TimeRange>, Vec<ImpossibleTime>) {
    let mut problems = Vec::new();
    let b = text.as_bytes();
    // ASCII lower case keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let kl = lower.find("kl.").map(|i| i + 3);
    let from = kl.unwrap_or_else(|| {
        prose_dates::find_dates(text, None)
            .last()
            .map_or(0, |d| d.end)
    });
    // The first number after `from` (after `kl.`, within a short word such as `ca.`).
    let starts_number = |j: usize| {
        b.get(j).is_some_and(u8::is_ascii_digit)
            && (j == from || !matches!(b.get(j.wrapping_sub(1)), Some(b'0'..=b'9' | b'.' | b':')))
    };
    let reach = if kl.is_some() { 12 } else { b.len() };
    let Some(at) = (from..b.len().min(from.saturating_add(reach))).find(|j| starts_number(*j))
    else {
        return (None, problems);
    };
    let Some((start, after)) = clock(text, at, &mut problems) else {
        return (None, problems);
    };
    // `- 14.30`, `– 14`, `til 14`.
    let skip = |mut j: usize| {
        while matches!(b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        j
    };
    let k = skip(after);
    let sep = if text[k..].starts_with('-') {
        Some(k + 1)
    } else if text[k..].starts_with('–') {
        Some(k + '–'.len_utf8())
    } else if lower[k..].starts_with("til ") {
        Some(k + 3)
    } else {
        None
    };
    let end = sep.and_then(|e| clock(text, skip(e), &mut problems));
    // Without `kl.` only a range is a time: a lone number after a date is something else.
    if kl.is_none() && end.is_none() {
        problems.clear();
        return (None, problems);
    }
    let planned_end = lower[after..].find("indkaldt til").and_then(|i| {
        let j = skip(after + i + "indkaldt til".len());
        clock(text, j, &mut problems).and_then(|(c, _)| c)
    });
    let range = start.map(|start| TimeRange {
        start,
        end: end.and_then(|(c, _)| c),
        planned_end,
    });
    (range, problems)
}

/// A person's row in Deltagere, Afbud, Faciliteret af or Gæster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// The name as written.
    pub name: String,
    /// The role in parentheses, as written.
    pub role: Option<String>,
    /// The box is checked.
    pub checked: bool,
    /// Where it is written.
    pub span: Span,
}

/// What came out of an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// `decision`, `approval` or `postponed`.
    pub kind: &'static str,
    /// The sentence.
    pub text: String,
}

/// An agenda item with its minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    /// "2.3", if numbered.
    pub number: Option<String>,
    /// The section it is in ("2. Temaer for dagens møde").
    pub section: Option<String>,
    /// The title without number and presenter.
    pub title: String,
    /// Presenters ("(Agnete)", "Agnete:", "v/Agnete").
    pub presenters: Vec<String>,
    /// Links written under the item.
    pub links: Vec<Link>,
    /// The minutes written for it (Markdown).
    pub minutes: Option<String>,
    /// Outcomes found in the minutes.
    pub outcomes: Vec<Outcome>,
    /// Where the item is written.
    pub span: Span,
}

/// A meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    /// Stable id: `<body>/<YYYY-MM-DD>` (or the path when there is no date).
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// The body's key (its folder: `styregruppe`).
    pub body: String,
    /// The H1 ("Styregruppemøde 04.06.2026").
    pub title: String,
    /// The meeting date (file name, else H1, else Tid).
    pub date: Option<Date>,
    /// The date in the file name.
    pub file_date: Option<Date>,
    /// The date in the H1.
    pub heading_date: Option<Field<Date>>,
    /// `Tid`.
    pub time_field: Option<Field<Date>>,
    /// The time of day.
    pub time: Option<TimeRange>,
    /// `Sted`.
    pub place: Option<String>,
    /// `Mødenavn`, without the recurrence.
    pub name: Option<String>,
    /// The stated recurrence.
    pub recurrence: Option<Recurrence>,
    /// Planned, held or cancelled.
    pub state: MeetingState,
    /// The minutes' state.
    pub minutes_state: MinutesState,
    /// The status checkboxes (label, checked).
    pub checkboxes: Vec<(String, bool)>,
    /// Deltagere.
    pub participants: Vec<Attendance>,
    /// Afbud.
    pub apologies: Vec<Attendance>,
    /// Mødeleder.
    pub facilitator: Option<String>,
    /// Referent.
    pub minute_taker: Option<String>,
    /// Gæster / observers.
    pub guests: Vec<String>,
    /// The agenda.
    pub agenda: Vec<AgendaItem>,
    /// The minutes heading as written ("Mødereferat", "Møde referat").
    pub minutes_heading: Option<String>,
    /// Actions (opgaver).
    pub actions: Vec<Action>,
    /// A note that the meeting could not decide ("ikke beslutningsdygtig").
    pub quorum_note: Option<String>,
    /// Ids of decisions linked from the meeting.
    pub decisions: Vec<String>,
}

impl Meeting {
    /// Participants marked present.
    pub fn present(&self) -> impl Iterator<Item = &Attendance> {
        self.participants.iter().filter(|a| a.checked)
    }
}

/// A date in a meeting file name: `20260604_…`, `2026-01-27-…`, `02-02-2026.md`.
pub fn file_name_date(name: &str) -> Option<Date> {
    let stem = name.trim_end_matches(".md").trim_end_matches(".markdown");
    let digits: String = stem.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 8 {
        return crate::dates::parse_day(&digits);
    }
    if stem.len() >= 10 {
        let head = stem.get(..10)?;
        return crate::dates::parse_day(head);
    }
    None
}

/// A file name that starts like a date but names no day (`20260231_…`, `2026-13-01-…`): the
/// date as written and why.
fn impossible_file_date(name: &str) -> Option<(&str, String)> {
    let b = name.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = name.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let at_end = |k: usize| !b.get(k).is_some_and(u8::is_ascii_digit);
    let (written, y, m, d) = if let (Some(y), Some(m), Some(d)) =
        (digits(0..4), digits(4..6), digits(6..8))
        && at_end(8)
    {
        (&name[..8], y, m, d)
    } else if b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') && at_end(10) {
        (
            name.get(..10)?,
            digits(0..4)?,
            digits(5..7)?,
            digits(8..10)?,
        )
    } else if b.get(2) == Some(&b'-') && b.get(5) == Some(&b'-') && at_end(10) {
        (
            name.get(..10)?,
            digits(6..10)?,
            digits(3..5)?,
            digits(0..2)?,
        )
    } else {
        return None;
    };
    let why = prose_dates::why_not_a_day(i16::try_from(y).ok(), m, d)?;
    Some((written, why))
}

/// A warning for a recognised date that names no day (`31.02.2026`, `30.13.2026`); nothing
/// for a date, a week or a quarter, or a day that needs a year nobody gave.
fn impossible_date(
    d: &prose_dates::DateMention,
    year: Option<i16>,
    span: Span,
    what: &str,
) -> Option<Diagnostic> {
    use prose_dates::DateFormat;
    if d.date.is_some() || matches!(d.format, DateFormat::Week | DateFormat::Quarter) {
        return None;
    }
    let why = match prose_dates::impossible_reason(d, year) {
        Some(why) => why,
        None if d.year_given || year.is_some() => "check the day and the month".to_string(),
        None => return None,
    };
    Some(
        Diagnostic::warning(
            "records::impossible-date",
            format!("{what} `{}` is not a date: {why}", d.raw),
        )
        .with_span(span)
        .with_note("forvalt does not guess the day: the meeting gets its date from the file name, the heading or Tid, whichever names a day"),
    )
}

fn strip_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    // `**Tid**: …`, `**Tid:** …`, `Tid: …`
    let t = line.trim_start();
    let t = t.strip_prefix("**").unwrap_or(t);
    let lower = t.to_lowercase();
    if !lower.starts_with(label) {
        return None;
    }
    let rest = t.get(label.len()..)?;
    // The label must end here: `Tid:`, `Tid**:`, `Tid :` (not `Tidsplanen`).
    if !rest.trim_start().starts_with([':', '*']) {
        return None;
    }
    let rest = rest
        .trim_start_matches(':')
        .trim_start_matches("**")
        .trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    Some(rest.trim())
}

fn presenters(title: &str) -> (String, Vec<String>) {
    let mut t = title.trim().to_string();
    let mut who = Vec::new();
    // "(Agnete)" suffix
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        let inner = t[open + 1..t.len() - 1].trim().to_string();
        if !inner.is_empty()
            && inner.split_whitespace().count() <= 3
            && inner.chars().next().is_some_and(char::is_uppercase)
        {
            who.extend(inner.split([',', '/']).map(|s| s.trim().to_string()));
            t = t[..open].trim().to_string();
        }
    }
    // "v/Agnete"
    if let Some(i) = t.find(" v/") {
        let name = t[i + 3..].trim().to_string();
        if !name.is_empty() {
            who.push(name);
            t = t[..i].trim().to_string();
        }
    }
    // "Agnete: title"
    if let Some((head, rest)) = t.split_once(": ")
        && head.split_whitespace().count() == 1
        && head.chars().next().is_some_and(char::is_uppercase)
        && ![
            "Orientering",
            "Beslutningsforslag",
            "Status",
            "Beslutning",
            "Drøftelse",
            "Staus",
        ]
        .contains(&head)
    {
        who.push(head.to_string());
        t = rest.trim().to_string();
    }
    (t, who)
}

fn item_head(text_: &str) -> (Option<String>, &str) {
    let t = text_.trim();
    let num: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if !num.is_empty() && num.chars().any(|c| c.is_ascii_digit()) && t[num.len()..].starts_with(' ')
    {
        return (
            Some(num.trim_end_matches('.').to_string()),
            t[num.len()..].trim(),
        );
    }
    (None, t)
}

/// Finds outcomes in minutes text.
pub fn outcomes(minutes: &str) -> Vec<Outcome> {
    let mut out = Vec::new();
    for sentence in minutes.split_inclusive(['.', '\n']) {
        let s = sentence.trim();
        let l = s.to_lowercase();
        let kind = if l.contains("blev besluttet")
            || l.contains("det blev besluttet")
            || l.starts_with("beslutning:")
            || l.contains("blev vedtaget")
            || l.contains("er vedtaget")
            || l.contains("hermed vedtaget")
        {
            "decision"
        } else if l.contains("godkendt") && !l.contains("ikke godkendt") {
            "approval"
        } else if l.contains("udsat") || l.contains("afventer") {
            "postponed"
        } else {
            continue;
        };
        out.push(Outcome {
            kind,
            text: s.to_string(),
        });
    }
    out
}

/// An action line: "Mette sender udkast … senest 15.06.2026", "Alle: Score … senest 30.10.2026".
pub fn action(text_: &str, done: bool, year: Option<i16>, span: Span, meeting: &str) -> Action {
    let t = text_.trim();
    let (owner, task) = match t.split_once(": ") {
        Some((o, rest)) if o.split_whitespace().count() <= 3 => (Some(o.trim().to_string()), rest),
        _ => {
            let first = t.split_whitespace().next().unwrap_or("");
            let owner = first
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
                .then(|| first.to_string());
            (owner, t)
        }
    };
    let due = t
        .to_ascii_lowercase()
        .find("senest")
        .and_then(|i| prose_dates::find_dates(&t[i..], year).into_iter().next())
        .and_then(|m| m.date);
    Action {
        text: task.trim().to_string(),
        owner,
        due,
        done,
        meeting: Some(meeting.to_string()),
        span,
    }
}

/// Parses a meeting file of `body`.
pub fn parse(
    file: FileId,
    path: &str,
    body: &str,
    full: &str,
    body_offset: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Meeting {
    let text_ = &full[body_offset.min(full.len())..];
    let all = text::lines(text_);
    let at = |l: &Line<'_>, from: usize, len: usize| {
        Span::new(
            body_offset + l.start + from,
            body_offset + l.start + from + len,
        )
        .in_file(file)
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    let file_date = file_name_date(name);
    let year = file_date.map(|d| d.year());

    let mut m = Meeting {
        id: String::new(),
        source: Source::File {
            path: path.to_string(),
        },
        body: body.to_string(),
        title: String::new(),
        date: None,
        file_date,
        heading_date: None,
        time_field: None,
        time: None,
        place: None,
        name: None,
        recurrence: None,
        state: MeetingState::Planned,
        minutes_state: MinutesState::None,
        checkboxes: Vec::new(),
        participants: Vec::new(),
        apologies: Vec::new(),
        facilitator: None,
        minute_taker: None,
        guests: Vec::new(),
        agenda: Vec::new(),
        minutes_heading: None,
        actions: Vec::new(),
        quorum_note: None,
        decisions: Vec::new(),
    };

    #[derive(PartialEq, Clone, Copy)]
    enum Part {
        Head,
        Status,
        Participants,
        Apologies,
        Facilitators,
        Guests,
        Agenda,
        Minutes,
        Actions,
        Other,
    }
    let mut part = Part::Head;
    let mut title_span: Option<Span> = None;
    let mut section: Option<String> = None;
    let mut cancelled = false;
    let mut current_item: Option<usize> = None;
    let mut minutes_buf: Vec<&str> = Vec::new();
    // The first agenda item with a number, and with a title, for the minutes' quotes.
    let mut by_number: HashMap<String, usize> = HashMap::new();
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let flush = |m: &mut Meeting, item: Option<usize>, buf: &mut Vec<&str>| {
        if let Some(a) = item.and_then(|i| m.agenda.get_mut(i)) {
            let t = buf.join("\n");
            let t = t.trim();
            if !t.is_empty() {
                a.outcomes.extend(outcomes(t));
                // Appended in place: an item quoted many times costs linear time.
                let minutes = a.minutes.get_or_insert_with(String::new);
                if !minutes.is_empty() {
                    minutes.push_str("\n\n");
                }
                minutes.push_str(t);
            }
        }
        buf.clear();
    };

    for l in &all {
        let line = l.text;
        let lower = line.to_lowercase();
        if lower.contains("aflyst") && matches!(part, Part::Head | Part::Status) {
            cancelled = true;
        }
        if let Some((level, h)) = text::heading(line) {
            let hl = h.to_lowercase();
            let hl = hl.trim_end_matches(':').trim();
            if level == 1 && m.title.is_empty() {
                m.title = h.to_string();
                title_span = Some(at(l, 0, line.len()));
                if let Some(d) = prose_dates::find_dates(h, year).into_iter().next() {
                    let span = at(l, text::offset_in(line, h) + d.start, d.end - d.start);
                    diagnostics.extend(impossible_date(&d, year, span, "the heading's date"));
                    m.heading_date = Some(Field::new(d.raw.clone(), span, d.date));
                }
                if hl.contains("aflyst") {
                    cancelled = true;
                }
                continue;
            }
            if part == Part::Minutes
                && current_item.is_some()
                && level >= 3
                && !hl.starts_with("opgave")
            {
                minutes_buf.push(line);
                continue;
            }
            flush(&mut m, current_item, &mut minutes_buf);
            current_item = None;
            part = if hl.starts_with("deltager") {
                Part::Participants
            } else if hl.starts_with("afbud") {
                Part::Apologies
            } else if hl.starts_with("faciliteret") {
                Part::Facilitators
            } else if hl.starts_with("gæster")
                || hl.starts_with("gæst")
                || hl.starts_with("observat")
            {
                Part::Guests
            } else if hl == "dagsorden" {
                Part::Agenda
            } else if hl.starts_with("mødereferat")
                || hl.starts_with("møde referat")
                || hl == "referat"
            {
                m.minutes_heading = Some(h.to_string());
                Part::Minutes
            } else if hl.starts_with("opgave") || hl.starts_with("action") {
                Part::Actions
            } else if level >= 3 && part == Part::Agenda {
                section = Some(h.to_string());
                Part::Agenda
            } else if hl.starts_with("dagsorden og referat") {
                Part::Head
            } else {
                Part::Other
            };
            continue;
        }
        // Field lines.
        if let Some(v) = strip_label(line, "status") {
            part = Part::Status;
            if v.to_lowercase().contains("aflyst") {
                cancelled = true;
            }
            continue;
        }
        if let Some(v) = strip_label(line, "mødenavn") {
            let from = text::offset_in(line, v);
            let span = at(l, from, v.len());
            m.recurrence = recurrence(v, span);
            let name_part = v.split('(').next().unwrap_or(v).trim();
            m.name = Some(name_part.to_string());
            continue;
        }
        if let Some(v) = strip_label(line, "tid") {
            let from = text::offset_in(line, v);
            let d = prose_dates::find_dates(v, year).into_iter().next();
            let (start, end) = d.as_ref().map_or((0, v.len()), |d| (d.start, d.end));
            let span = at(l, from + start, end - start);
            if let Some(d) = &d {
                diagnostics.extend(impossible_date(d, year, span, "Tid's date"));
            }
            m.time_field = Some(Field::new(
                v[start..end].to_string(),
                span,
                d.and_then(|d| d.date),
            ));
            let (time, problems) = read_time(v);
            m.time = time;
            for p in problems {
                diagnostics.push(
                    Diagnostic::warning(
                        "records::impossible-time",
                        format!(
                            "`{}` is not a time of day: {}",
                            &v[p.range.clone()],
                            p.reason
                        ),
                    )
                    .with_span(at(l, from + p.range.start, p.range.len()))
                    .with_help("write the time as `kl. 13 - 14.30`"),
                );
            }
            continue;
        }
        if let Some(v) = strip_label(line, "sted") {
            m.place = Some(v.to_string());
            continue;
        }
        if let Some(v) = strip_label(line, "evt. observers/ gæster")
            .or_else(|| strip_label(line, "evt. observers/gæster"))
            .or_else(|| strip_label(line, "gæster"))
        {
            m.guests.extend(
                v.split([',', ';'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
            continue;
        }
        if lower.contains("ikke beslutningsdygtig") {
            m.quorum_note = Some(line.trim().to_string());
        }
        if let Some(cb) = text::checkbox(line) {
            if cb.malformed {
                let from = line.find("[]").unwrap_or(0);
                diagnostics.push(
                    Diagnostic::warning(
                        "records::malformed-checkbox",
                        "`- []` is not a checkbox (GitHub shows the brackets as text)",
                    )
                    .with_span(at(l, from, 2))
                    .with_suggestion(at(l, from, 2), "[ ]", "write `[ ]`"),
                );
            }
            let span = at(l, 0, line.len());
            let person = |cb: &text::Checkbox<'_>| {
                let (name, role) = text::name_and_role(cb.text);
                Attendance {
                    name,
                    role,
                    checked: cb.checked,
                    span,
                }
            };
            let empty = cb.text.is_empty();
            let placeholder = text::placeholder(cb.text).is_some();
            match part {
                Part::Status | Part::Head => {
                    m.checkboxes.push((cb.text.to_string(), cb.checked));
                    continue;
                }
                Part::Participants | Part::Apologies | Part::Facilitators | Part::Guests
                    if empty || placeholder =>
                {
                    diagnostics.push(
                        Diagnostic::note(
                            "records::empty-row",
                            if empty {
                                "empty row in a list of people".to_string()
                            } else {
                                format!("template placeholder `{}` in a list of people", cb.text)
                            },
                        )
                        .with_span(span)
                        .with_help("remove the row"),
                    );
                    continue;
                }
                Part::Participants => m.participants.push(person(&cb)),
                Part::Apologies => m.apologies.push(person(&cb)),
                Part::Guests => m.guests.push(text::name_and_role(cb.text).0),
                Part::Facilitators => {
                    let a = person(&cb);
                    match a.role.as_deref().map(str::to_lowercase).as_deref() {
                        Some("mødeleder" | "facilitator" | "ordstyrer") => {
                            m.facilitator = Some(a.name);
                        }
                        Some("referent") => m.minute_taker = Some(a.name),
                        _ => {}
                    }
                }
                Part::Actions => {
                    let id = m.id.clone();
                    m.actions.push(action(cb.text, cb.checked, year, span, &id));
                    let lower = cb.text.to_ascii_lowercase();
                    if let Some(i) = lower.find("senest")
                        && let Some(d) = prose_dates::find_dates(&cb.text[i..], year)
                            .into_iter()
                            .next()
                    {
                        let from = text::offset_in(line, cb.text) + i + d.start;
                        diagnostics.extend(impossible_date(
                            &d,
                            year,
                            at(l, from, d.end - d.start),
                            "the due date",
                        ));
                    }
                    continue;
                }
                _ => {}
            }
        }
        match part {
            Part::Agenda => {
                if let Some((b, off)) = text::bullet(line) {
                    let indent = line.len() - line.trim_start().len();
                    if indent >= 2 && !m.agenda.is_empty() {
                        let last = m.agenda.len() - 1;
                        for (t, target, range) in text::links(line) {
                            m.agenda[last].links.push(Link {
                                text: t,
                                target,
                                path: None,
                                span: at(l, range.start, range.len()),
                                relation: None,
                            });
                        }
                        continue;
                    }
                    let (number, rest) = item_head(b);
                    let (title, who) = presenters(&text::plain(rest));
                    let mut links = Vec::new();
                    for (t, target, range) in text::links(line) {
                        links.push(Link {
                            text: t,
                            target,
                            path: None,
                            span: at(l, range.start, range.len()),
                            relation: None,
                        });
                    }
                    let k = m.agenda.len();
                    if let Some(n) = &number {
                        by_number.entry(n.clone()).or_insert(k);
                    }
                    by_title.entry(title.clone()).or_insert(k);
                    m.agenda.push(AgendaItem {
                        number,
                        section: section.clone(),
                        title,
                        presenters: who,
                        links,
                        minutes: None,
                        outcomes: Vec::new(),
                        span: at(l, off, b.len()),
                    });
                }
            }
            Part::Minutes => {
                let t = line.trim_start();
                if let Some(q) = t.strip_prefix('>') {
                    let q = q.trim();
                    if let Some((b, _)) = text::bullet(q) {
                        flush(&mut m, current_item, &mut minutes_buf);
                        let (number, rest) = item_head(b);
                        let (title, _) = presenters(&text::plain(rest));
                        current_item = match &number {
                            Some(n) => by_number.get(n).copied(),
                            None => by_title.get(&title).copied(),
                        };
                    }
                    continue;
                }
                if current_item.is_some() {
                    minutes_buf.push(line);
                    for (t, target, range) in text::links(line) {
                        if let Some(i) = current_item {
                            m.agenda[i].links.push(Link {
                                text: t,
                                target,
                                path: None,
                                span: at(l, range.start, range.len()),
                                relation: None,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut m, current_item, &mut minutes_buf);

    if file_date.is_none()
        && let Some((written, why)) = impossible_file_date(name)
    {
        let span = title_span.unwrap_or_else(|| at(&Line { start: 0, text: "" }, 0, 0));
        diagnostics.push(
            Diagnostic::warning(
                "records::impossible-date",
                format!("the file name's date `{written}` is not a date: {why}"),
            )
            .with_span(span)
            .with_help("rename the file after the day the meeting is held (`YYYYMMDD_…`)"),
        );
    }
    m.date = file_date
        .or(m.heading_date.as_ref().and_then(|d| d.value))
        .or(m.time_field.as_ref().and_then(|d| d.value));
    m.id = match m.date {
        Some(d) => format!("{body}/{d}"),
        None => path.to_string(),
    };
    for a in &mut m.actions {
        a.meeting = Some(m.id.clone());
    }
    m.minutes_state = minutes_state(&m.checkboxes);
    m.state = if cancelled {
        MeetingState::Cancelled
    } else if m.minutes_heading.is_some() && m.agenda.iter().any(|a| a.minutes.is_some()) {
        MeetingState::Held
    } else {
        MeetingState::Planned
    };

    // Dates that disagree.
    for (what, field) in [("the heading", &m.heading_date), ("Tid", &m.time_field)] {
        if let (Some(f), Some(d)) = (field, m.date)
            && let Some(v) = f.value
            && v != d
        {
            diagnostics.push(
                Diagnostic::warning(
                    "records::meeting-date-mismatch",
                    format!("{what} says {v}, but the meeting is dated {d}"),
                )
                .with_span(f.span)
                .with_note("the file name, the heading and Tid should name the same day"),
            );
        }
    }
    if let (Some(r), Some(d)) = (&m.recurrence, m.date)
        && m.state != MeetingState::Cancelled
        && !r.matches(d)
    {
        let wd = crate::dates::WEEKDAYS_DA[d.weekday().to_monday_zero_offset() as usize];
        let nth = (d.day() - 1) / 7 + 1;
        let message = format!(
            "the meeting on {d} ({nth}. {wd} i måneden) does not follow the stated rule \"{}\"",
            r.describe()
        );
        // Minutes that say the meeting was moved explain it: a note only.
        let moved = all.iter().any(|l| super::mentions::says_moved(l.text));
        diagnostics.push(if moved {
            Diagnostic::note("records::recurrence-mismatch", message)
                .with_span(r.span)
                .with_note("the minutes say the meeting was moved")
        } else {
            Diagnostic::warning("records::recurrence-mismatch", message)
                .with_span(r.span)
                .with_note(if r.qualifier.is_some() {
                    "the rule is stated as a habit; if the meeting was moved, say so in the minutes"
                } else {
                    "either the meeting was moved or the rule is wrong"
                })
        });
    }
    for l in &all {
        if let Some(p) = text::placeholder(l.text)
            && text::checkbox(l.text).is_none()
            && !p.eq_ignore_ascii_case("(sum af scorerne)")
        {
            let from = text::offset_in(l.text, p);
            diagnostics.push(
                Diagnostic::warning(
                    "records::placeholder",
                    format!("template placeholder `{p}` left in the meeting"),
                )
                .with_span(at(l, from, p.len())),
            );
        }
    }
    m
}

fn minutes_state(boxes: &[(String, bool)]) -> MinutesState {
    let mut state = MinutesState::None;
    for (label, checked) in boxes {
        if !checked {
            continue;
        }
        let l = label.to_lowercase();
        let s = if l.contains("publiceret") {
            MinutesState::Published
        } else if l.contains("referat godkendt") {
            MinutesState::Approved
        } else if l.contains("klar til godkendelse") || l.contains("sendt til godkendelse") {
            MinutesState::Ready
        } else {
            continue;
        };
        state = state.max(s);
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurrences() {
        let r = recurrence(
            "OS2 Styregruppe  (Afholdes sædvanligvis 1. torsdag i måneden)",
            Span::new(0, 0),
        )
        .unwrap();
        assert_eq!((r.nth, r.weekday), (1, Weekday::Thursday));
        assert_eq!(r.qualifier.as_deref(), Some("sædvanligvis"));
        assert!(r.matches(jiff::civil::date(2026, 6, 4)));
        assert!(!r.matches(jiff::civil::date(2026, 9, 10)));
        let last = recurrence(
            "Afholdes sidste tirsdag i måneden fra 13-14",
            Span::new(0, 0),
        )
        .unwrap();
        assert!(last.matches(jiff::civil::date(2026, 1, 27)));
        assert!(!last.matches(jiff::civil::date(2026, 9, 1)));
    }

    #[test]
    fn times() {
        assert_eq!(
            time_range("04.06.2026  kl. 13 - 14.30"),
            Some(TimeRange {
                start: "13:00".into(),
                end: Some("14:30".into()),
                planned_end: None
            })
        );
        assert_eq!(
            time_range("06.07.26 kl. 13 - 13.30 (indkaldt til 14.30)")
                .unwrap()
                .planned_end
                .as_deref(),
            Some("14:30")
        );
    }

    #[test]
    fn presenter_forms() {
        assert_eq!(
            presenters("Status på udbud (Henrik)"),
            ("Status på udbud".into(), vec!["Henrik".into()])
        );
        assert_eq!(
            presenters("Agnete: Status"),
            ("Status".into(), vec!["Agnete".into()])
        );
        assert_eq!(
            presenters("Roadmap v/Agnete"),
            ("Roadmap".into(), vec!["Agnete".into()])
        );
        assert_eq!(presenters("Orientering: Budget").1, Vec::<String>::new());
    }

    #[test]
    fn file_dates() {
        assert_eq!(
            file_name_date("20260604_OS2skolekoerselStyregruppe.md"),
            Some(jiff::civil::date(2026, 6, 4))
        );
        assert_eq!(
            file_name_date("2026-01-27-OS2skolekoersel-koordinationsgruppe.md"),
            Some(jiff::civil::date(2026, 1, 27))
        );
        assert_eq!(file_name_date("skabelon.md"), None);
    }
}
