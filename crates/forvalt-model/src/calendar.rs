//! The governance calendar: Danish public holidays, and recurrence rules as authors write
//! them ("1. torsdag i måneden", "sidste tirsdag i måneden", "hver anden uge om mandagen",
//! "uge 7", "i marts", "den 5. juni") or as RFC 5545 RRULEs (`FREQ=MONTHLY;BYDAY=1TH`),
//! expanded to dates. Dates only: times and time zones belong to the events.

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::dates::{MONTHS_DA, WEEKDAYS_DA};

/// A Danish public holiday (helligdag) or a day most workplaces close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// The day.
    pub date: Date,
    /// Its Danish name.
    pub name: &'static str,
}

/// Easter Sunday of a year (the Gregorian computus).
pub fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// The Danish public holidays of a year, and the days workplaces usually close
/// (Grundlovsdag, Juleaften, Nytårsaftensdag), in date order. Store bededag is a holiday
/// until 2023.
pub fn holidays(year: i16) -> Vec<Holiday> {
    let mut out = Vec::new();
    let fixed = |m: i8, d: i8| Date::new(year, m, d).ok();
    let mut add = |date: Option<Date>, name: &'static str| {
        if let Some(date) = date {
            out.push(Holiday { date, name });
        }
    };
    add(fixed(1, 1), "Nytårsdag");
    if let Some(e) = easter(year) {
        let rel = |days: i64| e.checked_add(jiff::Span::new().days(days)).ok();
        add(rel(-3), "Skærtorsdag");
        add(rel(-2), "Langfredag");
        add(Some(e), "Påskedag");
        add(rel(1), "2. påskedag");
        if year <= 2023 {
            add(rel(26), "Store bededag");
        }
        add(rel(39), "Kristi himmelfartsdag");
        add(rel(49), "Pinsedag");
        add(rel(50), "2. pinsedag");
    }
    add(fixed(6, 5), "Grundlovsdag");
    add(fixed(12, 24), "Juleaftensdag");
    add(fixed(12, 25), "Juledag");
    add(fixed(12, 26), "2. juledag");
    add(fixed(12, 31), "Nytårsaftensdag");
    out.sort_by_key(|h| h.date);
    out
}

/// The holiday on a day, if it is one.
pub fn holiday(date: Date) -> Option<Holiday> {
    holidays(date.year()).into_iter().find(|h| h.date == date)
}

/// When something recurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Rule {
    /// The `nth` weekday of each month (1–5, or -1 for the last); `months`: only these
    /// (1–12), all when empty.
    MonthlyWeekday {
        /// Which one: 1–5, -1 = the last.
        nth: i8,
        /// The weekday.
        #[serde(serialize_with = "weekday_name")]
        weekday: Weekday,
        /// Only in these months (empty: every month).
        months: Vec<i8>,
    },
    /// Every `interval` weeks on a weekday, counted from `anchor` (or from the first
    /// such day of the period expanded).
    Weekly {
        /// 1 = every week, 2 = every other week.
        interval: u8,
        /// The weekday.
        #[serde(serialize_with = "weekday_name")]
        weekday: Weekday,
        /// A day the series falls on, for every other week.
        anchor: Option<Date>,
    },
    /// A day of a month every year ("den 5. juni").
    Yearly {
        /// Month, 1–12.
        month: i8,
        /// Day of month.
        day: i8,
    },
    /// An ISO week every year ("uge 7"): its days, Monday to Sunday, as a range.
    Week {
        /// ISO week number.
        week: i8,
    },
    /// A month every year ("i marts"): as a range.
    Month {
        /// Month, 1–12.
        month: i8,
    },
}

fn weekday_name<S: serde::Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(WEEKDAYS_DA[w.to_monday_zero_offset() as usize])
}

/// One occurrence: a day, or a range of days (a week, a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// First day.
    pub start: Date,
    /// Last day (the same as `start` for a single day).
    pub end: Date,
}

fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches(['e', 'n', 's']).to_lowercase();
    let all = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    // "mandag", "mandagen", "mandage": strip endings and compare with the stems.
    const EN: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches(['.', ',']);
    all.into_iter().find(|d| {
        let i = d.to_monday_zero_offset() as usize;
        let name = WEEKDAYS_DA[i];
        name.trim_end_matches(['e', 'n', 's']) == w
            || name == lower
            || EN[i] == lower
            || lower.strip_suffix('s') == Some(EN[i])
    })
}

fn month_of(word: &str) -> Option<i8> {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    MONTHS_DA
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w)))
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn ordinal(word: &str) -> Option<i8> {
    match word.trim_end_matches('.').to_lowercase().as_str() {
        "1" | "første" | "first" => Some(1),
        "2" | "anden" | "andet" | "second" => Some(2),
        "3" | "tredje" | "third" => Some(3),
        "4" | "fjerde" | "fourth" => Some(4),
        "5" | "femte" | "fifth" => Some(5),
        "sidste" | "last" => Some(-1),
        _ => None,
    }
}

/// At most this many occurrences come out of one [`Rule::expand`] (a weekly rule over 190
/// years); a rule's `COUNT` may not ask for more.
pub const MAX_OCCURRENCES: usize = 10_000;

/// A value in a rule that no calendar has (`uge 54`, `den 32. juni`, `INTERVAL=0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// The byte range of the value in the rule's text.
    pub range: std::ops::Range<usize>,
    /// Why it cannot be.
    pub reason: String,
}

/// The words of a rule with their byte ranges (split at spaces and commas), lower-cased.
fn words_at(t: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
        if c.is_whitespace() || c == ',' {
            if let Some(s) = start.take() {
                out.push((t[s..i].to_lowercase(), s..i));
            }
        } else {
            start.get_or_insert(i);
        }
    }
    out
}

/// The most days a month can have (29 for februar).
fn max_days(month: i64) -> Option<i64> {
    let m = i8::try_from(month).ok()?;
    Some(i64::from(Date::new(2024, m, 1).ok()?.days_in_month()))
}

fn month_name(month: i64) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS_DA.get(i))
        .copied()
        .unwrap_or("")
}

/// The values of a rule that cannot be: weeks outside 1–53, days a month does not have,
/// months outside 1–12, a sixth weekday of a month, and in an RRULE an `INTERVAL` or `COUNT`
/// of 0 (or beyond what forvalt repeats). A rule with any is not read ([`parse_rule`]).
pub fn rule_problems(text: &str) -> Vec<RuleProblem> {
    let mut out = Vec::new();
    let lead = text.len() - text.trim_start().len();
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let mut problem = |range: std::ops::Range<usize>, reason: String| {
        out.push(RuleProblem {
            range: range.start + lead..range.end + lead,
            reason,
        });
    };
    if upper.starts_with("FREQ=") || upper.starts_with("RRULE:") {
        let body = if upper.starts_with("RRULE:") { 6 } else { 0 };
        let mut at = body;
        let mut month: Option<i64> = None;
        let mut monthday: Option<(i64, std::ops::Range<usize>)> = None;
        for part in t[body..].split(';') {
            let range = at..at + part.len();
            at += part.len() + 1;
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            let n = v.trim().parse::<i64>().ok();
            match k.trim().to_ascii_uppercase().as_str() {
                "INTERVAL" => match n {
                    Some(0) => problem(range, "INTERVAL=0 repeats nothing: write 1 or more".into()),
                    Some(n) if !(1..=255).contains(&n) => problem(
                        range,
                        format!("INTERVAL={n} is not an interval forvalt repeats (1 to 255)"),
                    ),
                    _ => {}
                },
                "COUNT" => match n {
                    Some(0) => problem(range, "COUNT=0 means the event never happens".into()),
                    Some(n) if !(1..=MAX_OCCURRENCES as i64).contains(&n) => problem(
                        range,
                        format!(
                            "COUNT={v} is more occurrences than forvalt shows (at most {MAX_OCCURRENCES})"
                        ),
                    ),
                    None => problem(range, format!("COUNT={v} is not a number")),
                    _ => {}
                },
                "BYMONTH" => {
                    for m in v.split(',') {
                        match m.trim().parse::<i64>() {
                            Ok(m @ 1..=12) => month = Some(m),
                            Ok(m) => problem(range.clone(), format!("there is no month {m}")),
                            Err(_) => {}
                        }
                    }
                }
                "BYMONTHDAY" => {
                    if let Some(d) = n {
                        monthday = Some((d, range));
                    }
                }
                "BYWEEKNO" => {
                    if let Some(w) = n
                        && (w == 0 || w.abs() > 53)
                    {
                        problem(
                            range,
                            format!("there is no week {w}: a year has at most 53 weeks"),
                        );
                    }
                }
                "BYDAY" => {
                    for d in v.split(',') {
                        let d = d.trim();
                        let nth = d.get(..d.len().saturating_sub(2)).unwrap_or("");
                        if let Ok(nth) = nth.parse::<i64>()
                            && (nth == 0 || nth.abs() > 5)
                        {
                            problem(
                                range.clone(),
                                format!("{d}: a month has at most 5 of each weekday"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some((d, range)) = monthday {
            let most = month.and_then(max_days).unwrap_or(31);
            if d == 0 || d.abs() > most {
                let reason = match month {
                    Some(m) => format!("{} has at most {most} days", month_name(m)),
                    None => format!("there is no day {d} in a month"),
                };
                problem(range, reason);
            }
        }
        return out;
    }
    let words = words_at(t);
    for (i, (w, r)) in words.iter().enumerate() {
        let next = words.get(i + 1);
        // `uge 54`
        if (w == "uge" || w == "week")
            && let Some((n, nr)) = next
            && let Ok(n) = n.parse::<i64>()
            && !(1..=53).contains(&n)
        {
            problem(
                r.start..nr.end,
                format!("there is no week {n}: a year has at most 53 weeks"),
            );
        }
        let Some(n) = w.strip_suffix('.').and_then(|d| d.parse::<i64>().ok()) else {
            continue;
        };
        let Some((nw, nr)) = next else { continue };
        // `den 32. juni`
        if let Some(m) = month_of(nw) {
            let m = i64::from(m);
            let most = max_days(m).unwrap_or(31);
            if n == 0 || n > most {
                problem(
                    r.start..nr.end,
                    format!("{} has at most {most} days", month_name(m)),
                );
            }
        }
        // `6. torsdag i måneden`
        if weekday_of(nw).is_some() && (n == 0 || n > 5) {
            problem(
                r.start..nr.end,
                "a month has at most 5 of each weekday".to_string(),
            );
        }
    }
    out
}

/// Reads a recurrence rule in Danish, English or as an RRULE; `None` when it is not one, or
/// names values no calendar has ([`rule_problems`]).
pub fn parse_rule(text: &str) -> Option<Rule> {
    if !rule_problems(text).is_empty() {
        return None;
    }
    let t = text.trim().trim_end_matches('.');
    if t.to_ascii_uppercase().starts_with("FREQ=") || t.to_ascii_uppercase().starts_with("RRULE:") {
        return parse_rrule(t);
    }
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // "uge 7"
    if let Some(i) = words.iter().position(|w| *w == "uge" || *w == "week")
        && let Some(n) = words.get(i + 1).and_then(|w| w.parse::<i8>().ok())
        && (1..=53).contains(&n)
    {
        return Some(Rule::Week { week: n });
    }
    // "1. torsdag i måneden", "sidste tirsdag i måneden", "first thursday of the month"
    for (i, w) in words.iter().enumerate() {
        if let Some(nth) = ordinal(w)
            && let Some(weekday) = words.get(i + 1).and_then(|w| weekday_of(w))
        {
            let months: Vec<i8> = words[i + 2..].iter().filter_map(|w| month_of(w)).collect();
            return Some(Rule::MonthlyWeekday {
                nth,
                weekday,
                months,
            });
        }
    }
    // "hver anden uge om mandagen", "hver mandag", "every other week on monday"
    if let Some(i) = words.iter().position(|w| *w == "hver" || *w == "every") {
        let interval = match words.get(i + 1) {
            Some(&"anden") | Some(&"other") | Some(&"2.") => 2,
            _ => 1,
        };
        if let Some(weekday) = words[i + 1..].iter().find_map(|w| weekday_of(w)) {
            return Some(Rule::Weekly {
                interval,
                weekday,
                anchor: None,
            });
        }
    }
    // "den 5. juni"
    for (i, w) in words.iter().enumerate() {
        if let Ok(day) = w.trim_end_matches('.').parse::<i8>()
            && w.ends_with('.')
            && let Some(month) = words.get(i + 1).and_then(|w| month_of(w))
            && (1..=31).contains(&day)
        {
            return Some(Rule::Yearly { month, day });
        }
    }
    // "i marts"
    if let Some(i) = words.iter().position(|w| *w == "i" || *w == "in")
        && let Some(month) = words.get(i + 1).and_then(|w| month_of(w))
        && words.len() <= 3
    {
        return Some(Rule::Month { month });
    }
    None
}

fn parse_rrule(t: &str) -> Option<Rule> {
    let t = t.trim_start_matches("RRULE:").trim_start_matches("rrule:");
    let mut freq = "";
    let mut interval = 1u8;
    let mut byday = "";
    let mut bymonth: Vec<i8> = Vec::new();
    let mut bymonthday: Option<i8> = None;
    let mut byweekno: Option<i8> = None;
    for part in t.split(';') {
        let (k, v) = part.split_once('=')?;
        match k.to_ascii_uppercase().as_str() {
            "FREQ" => freq = v,
            "INTERVAL" => interval = v.trim().parse().ok().filter(|n| *n > 0)?,
            "BYDAY" => byday = v,
            "BYMONTH" => bymonth = v.split(',').filter_map(|m| m.parse().ok()).collect(),
            "BYMONTHDAY" => bymonthday = v.parse().ok(),
            "BYWEEKNO" => byweekno = v.parse().ok(),
            _ => {}
        }
    }
    let day_code = |s: &str| -> Option<Weekday> {
        Some(
            match s
                .get(s.len().checked_sub(2)?..)?
                .to_ascii_uppercase()
                .as_str()
            {
                "MO" => Weekday::Monday,
                "TU" => Weekday::Tuesday,
                "WE" => Weekday::Wednesday,
                "TH" => Weekday::Thursday,
                "FR" => Weekday::Friday,
                "SA" => Weekday::Saturday,
                "SU" => Weekday::Sunday,
                _ => return None,
            },
        )
    };
    match freq.to_ascii_uppercase().as_str() {
        "MONTHLY" => {
            let weekday = day_code(byday)?;
            let nth: i8 = byday.get(..byday.len() - 2)?.parse().ok()?;
            Some(Rule::MonthlyWeekday {
                nth,
                weekday,
                months: bymonth,
            })
        }
        // One weekday: `BYDAY=MO,TH` is two series, which a rule here is not.
        "WEEKLY" if !byday.contains(',') => Some(Rule::Weekly {
            interval,
            weekday: day_code(byday)?,
            anchor: None,
        }),
        "YEARLY" if byweekno.is_some() => Some(Rule::Week { week: byweekno? }),
        "YEARLY" if bymonth.len() == 1 => Some(Rule::Yearly {
            month: *bymonth.first()?,
            day: bymonthday?,
        }),
        _ => None,
    }
}

impl Rule {
    /// The rule as an RFC 5545 RRULE value (for calendar feeds); ranges (a week, a month)
    /// have none.
    pub fn rrule(&self) -> Option<String> {
        let code = |w: Weekday| {
            ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][w.to_monday_zero_offset() as usize]
        };
        match self {
            Rule::MonthlyWeekday {
                nth,
                weekday,
                months,
            } => {
                let mut r = format!("FREQ=MONTHLY;BYDAY={nth}{}", code(*weekday));
                if !months.is_empty() {
                    let m: Vec<String> = months.iter().map(i8::to_string).collect();
                    r.push_str(&format!(";BYMONTH={}", m.join(",")));
                }
                Some(r)
            }
            Rule::Weekly {
                interval, weekday, ..
            } => Some(if *interval > 1 {
                format!("FREQ=WEEKLY;INTERVAL={interval};BYDAY={}", code(*weekday))
            } else {
                format!("FREQ=WEEKLY;BYDAY={}", code(*weekday))
            }),
            Rule::Yearly { month, day } => {
                Some(format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"))
            }
            Rule::Week { .. } | Rule::Month { .. } => None,
        }
    }

    /// Whether `date` is an occurrence (or lies in one).
    pub fn matches(&self, date: Date) -> bool {
        self.expand(date, date)
            .iter()
            .any(|o| o.start <= date && date <= o.end)
    }

    /// The occurrences that touch the days `from..=to`, in order: at most
    /// [`MAX_OCCURRENCES`], and the work is bounded by them (or by the years spanned).
    pub fn expand(&self, from: Date, to: Date) -> Vec<Occurrence> {
        let mut out = self.expand_all(from, to);
        out.truncate(MAX_OCCURRENCES);
        out
    }

    fn expand_all(&self, from: Date, to: Date) -> Vec<Occurrence> {
        let mut out = Vec::new();
        if from > to {
            return out;
        }
        let day = |d: Date| Occurrence { start: d, end: d };
        match self {
            Rule::MonthlyWeekday {
                nth,
                weekday,
                months,
            } => {
                let mut first = from.first_of_month();
                while first <= to && out.len() < MAX_OCCURRENCES {
                    if (months.is_empty() || months.contains(&first.month()))
                        && let Ok(d) = first.nth_weekday_of_month(*nth, *weekday)
                        && d >= from
                        && d <= to
                    {
                        out.push(day(d));
                    }
                    let Ok(next) = first.checked_add(jiff::Span::new().months(1)) else {
                        break;
                    };
                    first = next;
                }
            }
            Rule::Weekly {
                interval,
                weekday,
                anchor,
            } => {
                let interval = i64::from((*interval).max(1));
                let start = anchor.unwrap_or(from);
                // The series' first day on or after `start`.
                let d0 = if start.weekday() == *weekday {
                    start
                } else {
                    match start.nth_weekday(1, *weekday) {
                        Ok(x) => x,
                        Err(_) => return out,
                    }
                };
                // The series' first day on or after `from`, in one step (however far the
                // anchor lies from the period).
                let step = 7 * interval;
                let Ok(gap) = from.until(d0).map(|s| i64::from(s.get_days())) else {
                    return out;
                };
                let shift = if gap >= 0 {
                    -(gap / step) * step
                } else {
                    ((-gap + step - 1) / step) * step
                };
                let Ok(mut d) = d0.checked_add(jiff::Span::new().days(shift)) else {
                    return out;
                };
                while d <= to && out.len() < MAX_OCCURRENCES {
                    if d >= from {
                        out.push(day(d));
                    }
                    let Ok(n) = d.checked_add(jiff::Span::new().weeks(interval)) else {
                        break;
                    };
                    d = n;
                }
            }
            Rule::Yearly { month, day: dd } => {
                for y in from.year()..=to.year() {
                    if let Ok(d) = Date::new(y, *month, *dd)
                        && d >= from
                        && d <= to
                    {
                        out.push(day(d));
                    }
                }
            }
            Rule::Week { week } => {
                for y in from.year() - 1..=to.year() + 1 {
                    let Ok(w) = jiff::civil::ISOWeekDate::new(y, *week, Weekday::Monday) else {
                        continue;
                    };
                    let start = w.date();
                    let Ok(end) = start.checked_add(jiff::Span::new().days(6)) else {
                        continue;
                    };
                    if end >= from && start <= to {
                        out.push(Occurrence { start, end });
                    }
                }
            }
            Rule::Month { month } => {
                for y in from.year()..=to.year() {
                    let Ok(start) = Date::new(y, *month, 1) else {
                        continue;
                    };
                    let end = start.last_of_month();
                    if end >= from && start <= to {
                        out.push(Occurrence { start, end });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn easter_and_holidays() {
        assert_eq!(easter(2026), Some(d("2026-04-05")));
        assert_eq!(easter(2027), Some(d("2027-03-28")));
        assert_eq!(easter(2000), Some(d("2000-04-23")));
        let h = holidays(2026);
        let names: Vec<(String, &str)> = h.iter().map(|x| (x.date.to_string(), x.name)).collect();
        assert!(names.contains(&("2026-04-02".into(), "Skærtorsdag")));
        assert!(names.contains(&("2026-05-14".into(), "Kristi himmelfartsdag")));
        assert!(names.contains(&("2026-05-25".into(), "2. pinsedag")));
        assert!(!names.iter().any(|(_, n)| *n == "Store bededag"));
        assert!(
            holidays(2023)
                .iter()
                .any(|x| x.name == "Store bededag" && x.date == d("2023-05-05"))
        );
        assert_eq!(
            holiday(d("2026-06-05")).map(|h| h.name),
            Some("Grundlovsdag")
        );
        assert_eq!(holiday(d("2026-06-04")), None);
    }

    #[test]
    fn danish_rules() {
        let r = parse_rule("Afholdes 1. torsdag i måneden").unwrap();
        assert_eq!(r.rrule().as_deref(), Some("FREQ=MONTHLY;BYDAY=1TH"));
        let days: Vec<String> = r
            .expand(d("2026-11-01"), d("2027-02-28"))
            .iter()
            .map(|o| o.start.to_string())
            .collect();
        // Across the year end.
        assert_eq!(
            days,
            ["2026-11-05", "2026-12-03", "2027-01-07", "2027-02-04"]
        );
        let last = parse_rule("sidste tirsdag i måneden").unwrap();
        assert_eq!(
            last.expand(d("2026-03-01"), d("2026-03-31"))[0].start,
            d("2026-03-31")
        );
        assert_eq!(last.rrule().as_deref(), Some("FREQ=MONTHLY;BYDAY=-1TU"));
        let fort = parse_rule("hver anden uge om mandagen").unwrap();
        assert_eq!(
            fort.rrule().as_deref(),
            Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
        );
        assert_eq!(fort.expand(d("2026-03-23"), d("2026-04-20")).len(), 3);
        let week = parse_rule("uge 7").unwrap();
        let o = week.expand(d("2026-01-01"), d("2026-12-31"));
        assert_eq!((o[0].start, o[0].end), (d("2026-02-09"), d("2026-02-15")));
        // ISO week 1 of 2026 starts in 2025; 2026 has a week 53.
        let w1 = parse_rule("uge 1")
            .unwrap()
            .expand(d("2025-12-01"), d("2025-12-31"));
        assert_eq!((w1[0].start, w1[0].end), (d("2025-12-29"), d("2026-01-04")));
        let w53 = parse_rule("uge 53")
            .unwrap()
            .expand(d("2026-12-01"), d("2026-12-31"));
        assert_eq!(w53[0].start, d("2026-12-28"));
        let march = parse_rule("i marts").unwrap();
        assert_eq!(
            march.expand(d("2026-01-01"), d("2026-12-31"))[0].end,
            d("2026-03-31")
        );
        let june = parse_rule("den 5. juni").unwrap();
        assert!(june.matches(d("2027-06-05")));
        assert_eq!(parse_rule("når der er behov"), None);
    }

    #[test]
    fn rrules_and_english() {
        assert_eq!(
            parse_rule("FREQ=MONTHLY;BYDAY=1TH"),
            parse_rule("første torsdag i måneden")
        );
        assert_eq!(
            parse_rule("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
            parse_rule("every other week on monday")
        );
        assert_eq!(
            parse_rule("last tuesday of the month"),
            parse_rule("sidste tirsdag i måneden")
        );
        let y = parse_rule("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=5").unwrap();
        assert!(y.matches(d("2026-06-05")));
        assert_eq!(parse_rule("FREQ=HOURLY"), None);
        assert_eq!(parse_rule("FREQ=MONTHLY;BYDAY=xx"), None);
    }
}
