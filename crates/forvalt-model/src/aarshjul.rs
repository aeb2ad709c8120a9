//! The årshjul (annual governance cycle) as code: a small YAML format, in an `aarshjul.yml`
//! file or an ```` ```aarshjul ```` fence in a page.
//!
//! ```yaml
//! titel: Årshjul 2026/27
//! start: august              # the month the year starts (default januar)
//! år: 2026                   # the year it starts in (default: the one containing today)
//! ringe:
//!   - navn: Styregruppen
//!     farve: "#1f6f8b"
//!     organ: styregruppe     # the body's meeting files join the ring
//!     begivenheder:
//!       - navn: Budgetmøde
//!         dato: 2026-09-10
//!       - navn: Strategiseminar
//!         fra: 2026-10-05
//!         til: 2026-10-06
//!       - navn: Styregruppemøde
//!         regel: 1. torsdag i måneden
//!         tid: "13:00-14:30"
//!         sted: Virtuel
//! ```
//!
//! English keys work too (`title`, `start`, `year`, `rings`, `name`, `colour`/`color`,
//! `body`, `events`, `date`, `from`, `to`, `rule`, `time`, `place`).

use crate::calendar::{Occurrence, Rule, parse_rule};
use crate::records::Records;
use forvalt_diag::{Diagnostic, FileId, Span};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One thing in the cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Its name.
    pub name: String,
    /// When: one day, a range, or a rule.
    pub when: When,
    /// Time of day as written (`13:00-14:30`).
    pub time: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// A meeting file this event is (its id), for meetings taken from the body's files.
    pub meeting: Option<String>,
    /// The meeting was held (it has minutes).
    pub held: bool,
}

/// When an event happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum When {
    /// One day.
    Day {
        /// The day.
        date: Date,
    },
    /// From one day to another.
    Range {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
    /// By a rule ("1. torsdag i måneden").
    Rule {
        /// The rule as written.
        text: String,
        /// The rule.
        rule: Rule,
    },
}

/// A ring of the wheel: a body or a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ring {
    /// Its name.
    pub name: String,
    /// Its colour (`#rrggbb`), when given.
    pub colour: Option<String>,
    /// The body whose meetings it shows.
    pub body: Option<String>,
    /// Its events.
    pub events: Vec<Event>,
}

/// An årshjul.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wheel {
    /// Title.
    pub title: String,
    /// First day of the year shown.
    pub first: Date,
    /// Last day of the year shown.
    pub last: Date,
    /// Rings, outermost first.
    pub rings: Vec<Ring>,
}

/// One dated occurrence of an event, for drawing and listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// Ring index.
    pub ring: usize,
    /// Event index in the ring.
    pub event: usize,
    /// The days.
    pub when: Occurrence,
}

fn s<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| v.get(*k))
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Finds where values are written, for diagnostics: near the event being read first (from
/// `from`), else anywhere, else at the start.
struct Finder<'a> {
    src: &'a str,
    base: usize,
    file: FileId,
    from: usize,
}

impl Finder<'_> {
    /// Where `needle` is written: its byte offset in `src`.
    fn find(&self, needle: &str) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        self.src
            .get(self.from..)
            .and_then(|r| r.find(needle))
            .map(|i| self.from + i)
            .or_else(|| self.src.find(needle))
    }

    /// The span of `needle` (or an empty span at the start).
    fn span(&self, needle: &str) -> Span {
        self.part(needle, 0..needle.len())
    }

    /// The span of `range` inside `needle`.
    fn part(&self, needle: &str, range: std::ops::Range<usize>) -> Span {
        match self.find(needle) {
            Some(i) if range.end <= needle.len() => {
                Span::new(self.base + i + range.start, self.base + i + range.end)
            }
            Some(i) => Span::new(self.base + i, self.base + i + needle.len()),
            None => Span::new(self.base, self.base),
        }
        .in_file(self.file)
    }

    /// Moves on to where `needle` is written after the current place, if it is.
    fn advance(&mut self, needle: &str) {
        if let Some(i) = self
            .src
            .get(self.from..)
            .filter(|_| !needle.is_empty())
            .and_then(|r| r.find(needle))
        {
            self.from += i;
        }
    }
}

/// A day-valued key of an event: absent, a day, or written but no day.
enum Written {
    Absent,
    Valid(Date),
    Bad(Diagnostic),
}

fn day(e: &Value, keys: &[&str], what: &str, at: &Finder<'_>) -> Written {
    let Some(v) = s(e, keys) else {
        return Written::Absent;
    };
    let raw = text(Some(v));
    if let Some(d) = raw.as_deref().and_then(crate::dates::parse_day) {
        return Written::Valid(d);
    }
    let (shown, span) = match &raw {
        Some(r) => (r.clone(), at.span(r)),
        None => (what.to_string(), at.span(keys[0])),
    };
    let why = raw
        .as_deref()
        .and_then(|r| crate::prose_dates::parse_value(r, None))
        .and_then(|m| crate::prose_dates::impossible_reason(&m, None));
    let d = Diagnostic::warning(
        "aarshjul::invalid-date",
        match why {
            Some(why) => format!("`{what}: {shown}` is not a date: {why}"),
            None => format!("`{what}: {shown}` is not a date"),
        },
    )
    .with_span(span)
    .with_help("write the day as YYYY-MM-DD (`2026-09-10`); the event is left out until then");
    Written::Bad(d)
}

/// Reads an årshjul. `src` is the YAML text, found at byte `base` of `file`; `today` picks
/// the year when none is given; `records` supply the meetings of the rings' bodies.
pub fn parse(
    src: &str,
    file: FileId,
    base: usize,
    today: Date,
    records: &Records,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Wheel> {
    let v: Value = match serde_saphyr::from_str(src) {
        Ok(v) => v,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "aarshjul::yaml",
                    format!("the årshjul is not valid YAML: {e}"),
                )
                .with_span(Span::new(base, base).in_file(file)),
            );
            return None;
        }
    };
    if !v.is_object() {
        diagnostics.push(
            Diagnostic::error(
                "aarshjul::yaml",
                "an årshjul is a mapping with `titel` and `ringe`",
            )
            .with_span(Span::new(base, base).in_file(file)),
        );
        return None;
    }
    let mut at = Finder {
        src,
        base,
        file,
        from: 0,
    };
    let start_month = match text(s(&v, &["start", "startmåned"])) {
        Some(m) => match crate::dates::month_number(&m) {
            Some(n) => n,
            None => {
                diagnostics.push(
                    Diagnostic::warning(
                        "aarshjul::start",
                        format!("`{m}` is not a month; the year starts in januar"),
                    )
                    .with_span(at.span(&m)),
                );
                1
            }
        },
        None => 1,
    };
    let this_year = if today.month() >= start_month {
        today.year()
    } else {
        today.year() - 1
    };
    // The first and last day shown, from a year (when it has both).
    let span_of = |year: i16| -> Option<(Date, Date)> {
        let first = Date::new(year, start_month, 1).ok()?;
        let last = first
            .checked_add(jiff::Span::new().years(1))
            .ok()?
            .yesterday()
            .ok()?;
        Some((first, last))
    };
    let written = text(s(&v, &["år", "year"]));
    let mut days = None;
    if let Some(y) = &written {
        days = y.parse::<i16>().ok().and_then(span_of);
        if days.is_none() {
            diagnostics.push(
                Diagnostic::warning(
                    "aarshjul::year",
                    format!("`{y}` is not a year the wheel can show; it shows {this_year}"),
                )
                .with_span(at.span(y))
                .with_help("write the year the wheel starts in, like `år: 2026`"),
            );
        }
    }
    let (first, last) = days.or_else(|| span_of(this_year))?;
    let mut rings = Vec::new();
    let empty = Vec::new();
    let ring_values = s(&v, &["ringe", "rings"])
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    // The meeting files of the bodies the rings name, grouped once.
    let named: std::collections::HashSet<String> = ring_values
        .iter()
        .filter_map(|r| text(s(r, &["organ", "body"])).map(|b| b.to_lowercase()))
        .collect();
    let mut of_body: HashMap<&str, Vec<&crate::records::Meeting>> = HashMap::new();
    if !named.is_empty() {
        for m in &records.meetings {
            if named.contains(&m.body) {
                of_body.entry(m.body.as_str()).or_default().push(m);
            }
        }
    }
    for r in ring_values {
        let name = text(s(r, &["navn", "name"])).unwrap_or_default();
        at.advance(&name);
        let colour = text(s(r, &["farve", "colour", "color"])).filter(|c| {
            let ok =
                c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
            if !ok {
                diagnostics.push(
                    Diagnostic::warning(
                        "aarshjul::colour",
                        format!("`{c}` is not a colour like `#1f6f8b`"),
                    )
                    .with_span(at.span(c)),
                );
            }
            ok
        });
        let body = text(s(r, &["organ", "body"])).map(|b| b.to_lowercase());
        let mut events = Vec::new();
        let evs = s(r, &["begivenheder", "events"])
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for e in evs {
            let ename = text(s(e, &["navn", "name"])).unwrap_or_default();
            at.advance(&ename);
            let time = text(s(e, &["tid", "time"]));
            let place = text(s(e, &["sted", "place"]));
            let mut days = [
                day(e, &["dato", "date"], "dato", &at),
                day(e, &["fra", "from"], "fra", &at),
                day(e, &["til", "to"], "til", &at),
            ];
            let mut bad = false;
            for d in &mut days {
                if matches!(d, Written::Bad(_))
                    && let Written::Bad(x) = std::mem::replace(d, Written::Absent)
                {
                    diagnostics.push(x);
                    bad = true;
                }
            }
            let [on, from_day, to_day] = days;
            let when = match (on, from_day, to_day) {
                _ if bad => None,
                (Written::Valid(d), _, _) => Some(When::Day { date: d }),
                (Written::Bad(_), _, _) | (_, Written::Bad(_), _) | (_, _, Written::Bad(_)) => None,
                (Written::Absent, Written::Valid(a), Written::Valid(b)) => {
                    if a > b {
                        let (fa, fb) = (a.to_string(), b.to_string());
                        diagnostics.push(
                            Diagnostic::warning(
                                "aarshjul::range-order",
                                format!("`{ename}` ends ({fb}) before it starts ({fa})"),
                            )
                            .with_span(at.span(&fb))
                            .with_label(at.span(&fa), "it starts here")
                            .with_help(
                                "swap `fra` and `til`; the wheel shows the days between them",
                            ),
                        );
                    }
                    Some(When::Range {
                        from: a.min(b),
                        to: a.max(b),
                    })
                }
                (Written::Absent, Written::Valid(_), Written::Absent)
                | (Written::Absent, Written::Absent, Written::Valid(_)) => {
                    let (has, lacks) = if s(e, &["fra", "from"]).is_some() {
                        ("fra", "til")
                    } else {
                        ("til", "fra")
                    };
                    diagnostics.push(
                        Diagnostic::warning(
                            "aarshjul::no-date",
                            format!("`{ename}` has `{has}` but no `{lacks}`"),
                        )
                        .with_span(at.span(&ename))
                        .with_help("give both, or write one day as `dato`"),
                    );
                    None
                }
                (Written::Absent, Written::Absent, Written::Absent) => {
                    match text(s(e, &["regel", "rule"])) {
                        Some(rt) => rule(&rt, &at, diagnostics),
                        None => {
                            diagnostics.push(
                                Diagnostic::warning(
                                    "aarshjul::no-date",
                                    format!("`{ename}` has no `dato`, `fra`/`til` or `regel`"),
                                )
                                .with_span(at.span(&ename)),
                            );
                            None
                        }
                    }
                }
            };
            if let Some(when) = when {
                events.push(Event {
                    name: ename,
                    when,
                    time,
                    place,
                    meeting: None,
                    held: false,
                });
            }
        }
        let files: &[&crate::records::Meeting] = body
            .as_deref()
            .and_then(|b| of_body.get(b))
            .map_or(&[], Vec::as_slice);
        // The body's meeting files in the year join the ring (and replace its rule there).
        for m in files {
            let Some(d) = m.date.filter(|d| *d >= first && *d <= last) else {
                continue;
            };
            events.push(Event {
                name: m.title.clone(),
                when: When::Day { date: d },
                time: m.time.as_ref().map(|t| {
                    format!(
                        "{}{}",
                        t.start,
                        t.end.as_ref().map(|e| format!("-{e}")).unwrap_or_default()
                    )
                }),
                place: m.place.clone(),
                meeting: Some(m.id.clone()),
                held: m.state == crate::records::MeetingState::Held,
            });
        }
        // A body ring without a rule of its own takes the rule its meeting files state
        // ("Afholdes 1. mandag i måneden"), from the latest file that states one.
        if !events.iter().any(|e| matches!(e.when, When::Rule { .. }))
            && let Some(m) = files
                .iter()
                .filter(|m| m.recurrence.is_some())
                .max_by_key(|m| m.date)
            && let Some(rec) = &m.recurrence
        {
            events.push(Event {
                name: m.name.clone().unwrap_or_else(|| name.clone()),
                when: When::Rule {
                    text: rec.raw.clone(),
                    rule: rec.rule(),
                },
                time: None,
                place: None,
                meeting: None,
                held: false,
            });
        }
        rings.push(Ring {
            name,
            colour,
            body,
            events,
        });
    }
    Some(Wheel {
        title: text(s(&v, &["titel", "title"])).unwrap_or_else(|| "Årshjul".into()),
        first,
        last,
        rings,
    })
}

/// An event's `regel`: the rule, or diagnostics for values no calendar has and for text
/// that is no rule.
fn rule(rt: &str, at: &Finder<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<When> {
    let problems = crate::calendar::rule_problems(rt);
    if !problems.is_empty() {
        for p in problems {
            let part = rt.get(p.range.clone()).unwrap_or(rt);
            diagnostics.push(
                Diagnostic::warning(
                    "aarshjul::impossible-rule",
                    format!("`{part}` cannot be: {}", p.reason),
                )
                .with_span(at.part(rt, p.range))
                .with_help("the event is left out of the wheel and its table until the rule names days that exist"),
            );
        }
        return None;
    }
    match parse_rule(rt) {
        Some(rule) => Some(When::Rule {
            text: rt.to_string(),
            rule,
        }),
        None => {
            diagnostics.push(
                Diagnostic::warning(
                    "aarshjul::rule",
                    format!("`{rt}` is not a rule forvalt can read"),
                )
                .with_span(at.span(rt))
                .with_help("write e.g. `1. torsdag i måneden`, `sidste tirsdag i måneden`, `hver anden uge om mandagen`, `uge 7`, `i marts` or an RRULE"),
            );
            None
        }
    }
}

impl Wheel {
    /// Every occurrence in the year, by day: rule occurrences on days that have a meeting
    /// file of the ring's body are left out (the file is the meeting).
    pub fn placed(&self) -> Vec<Placed> {
        let mut out = Vec::new();
        for (ri, ring) in self.rings.iter().enumerate() {
            // The months that have a meeting file of the ring's body.
            let files: HashSet<(i16, i8)> = ring
                .events
                .iter()
                .filter(|e| e.meeting.is_some())
                .filter_map(|e| match e.when {
                    When::Day { date } => Some((date.year(), date.month())),
                    _ => None,
                })
                .collect();
            for (ei, e) in ring.events.iter().enumerate() {
                let occ: Vec<Occurrence> = match &e.when {
                    When::Day { date } => vec![Occurrence {
                        start: *date,
                        end: *date,
                    }],
                    When::Range { from, to } => vec![Occurrence {
                        start: *from,
                        end: *to,
                    }],
                    When::Rule { rule, .. } => rule
                        .expand(self.first, self.last)
                        .into_iter()
                        .filter(|o| {
                            ring.body.is_none()
                                || !files.contains(&(o.start.year(), o.start.month()))
                        })
                        .collect(),
                };
                for o in occ {
                    if o.end >= self.first && o.start <= self.last {
                        out.push(Placed {
                            ring: ri,
                            event: ei,
                            when: o,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|p| (p.when.start, p.ring, p.event));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "titel: Årshjul 2026/27\nstart: august\nringe:\n  - navn: Styregruppen\n    farve: \"#1f6f8b\"\n    begivenheder:\n      - navn: Styregruppemøde\n        regel: 1. torsdag i måneden\n        tid: \"13:00-14:30\"\n      - navn: Budgetmøde\n        dato: 2026-09-10\n  - navn: Kommunerne\n    farve: grøn\n    begivenheder:\n      - navn: Budgetlægning\n        regel: i marts\n      - navn: Sommerferie\n        fra: 2027-07-01\n        til: 2027-07-31\n      - navn: Hver gang der er behov\n        regel: når der er behov\n";

    #[test]
    fn a_school_year_wheel() {
        let mut d = Vec::new();
        let w = parse(
            SRC,
            FileId::DETACHED,
            0,
            "2026-11-23".parse().unwrap(),
            &Records::default(),
            &mut d,
        )
        .unwrap();
        assert_eq!(
            (w.first.to_string(), w.last.to_string()),
            ("2026-08-01".into(), "2027-07-31".into())
        );
        assert_eq!(w.rings.len(), 2);
        assert_eq!(w.rings[0].colour.as_deref(), Some("#1f6f8b"));
        assert_eq!(w.rings[1].colour, None);
        let codes: Vec<&str> = d.iter().map(|x| x.code.as_ref()).collect();
        assert_eq!(codes, ["aarshjul::colour", "aarshjul::rule"]);
        let placed = w.placed();
        // 12 first Thursdays, one budget meeting, March, the summer holiday.
        assert_eq!(placed.len(), 15);
        assert_eq!(placed[0].when.start.to_string(), "2026-08-06");
        assert!(
            placed
                .iter()
                .any(|p| p.when.start.to_string() == "2027-03-01"
                    && p.when.end.to_string() == "2027-03-31")
        );
        // Before August, the year started the August before.
        let w2 = parse(
            SRC,
            FileId::DETACHED,
            0,
            "2027-02-01".parse().unwrap(),
            &Records::default(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(w2.first.to_string(), "2026-08-01");
    }

    #[test]
    fn broken_input_is_a_diagnostic() {
        let mut d = Vec::new();
        assert!(
            parse(
                "titel: [",
                FileId::DETACHED,
                0,
                "2026-11-23".parse().unwrap(),
                &Records::default(),
                &mut d
            )
            .is_none()
        );
        assert_eq!(d[0].code, "aarshjul::yaml");
        let mut d = Vec::new();
        assert!(
            parse(
                "- a\n- b\n",
                FileId::DETACHED,
                0,
                "2026-11-23".parse().unwrap(),
                &Records::default(),
                &mut d
            )
            .is_none()
        );
    }
}
