//! Dates written in Danish prose and in field values: `2026-06-04`, `15-06-2025`,
//! `1.7.2026`, `20.04.26`, `2/2-2026`, `20260305`, `4. juni 2026`, `den 17. september`,
//! `20.-21. maj 2026`, `Torsdag den 7. Juli`, `uge 17`, `Q1 2026`, `første kvartal 2026`.
//!
//! Pure text scanning: nothing here reads files, prints or panics.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use serde::Serialize;

use crate::dates::{MONTHS_DA, WEEKDAYS_DA, month_number};

/// The written form a date mention was recognised in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateFormat {
    /// `2026-06-04`.
    Iso,
    /// `15-06-2025`.
    DdMmYyyyDash,
    /// `02.02.2026`, `1.7.2026`, and the spaced `20-21. 5. 2026`.
    DdMmYyyyDot,
    /// `20.04.26` (the year is 20YY).
    DdMmYyDot,
    /// `2/2-2026`.
    DmSlashYyyy,
    /// `20260305`.
    Yyyymmdd,
    /// `4. juni 2026`, `7. Juli`, `4. jun. 2026`, `30 december 2026`, `20.-21. maj 2026`.
    DanishText,
    /// `uge 17`: the Monday (and Sunday) of an ISO week.
    Week,
    /// `Q1 2026`, `1. kvartal 2026`, `første kvartal 2026`.
    Quarter,
}

/// One date found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The text matched, as written (including a weekday before it).
    pub raw: String,
    /// Start of the byte range in the scanned text.
    pub start: usize,
    /// End of the byte range in the scanned text.
    pub end: usize,
    /// The written form.
    pub format: DateFormat,
    /// The date; `None` when the form is recognised but the date is impossible
    /// (`2026-02-30`) or has no year and no default year was given.
    pub date: Option<Date>,
    /// The last day of a range (`20-21. 5. 2026`), week (Sunday) or quarter.
    pub end_date: Option<Date>,
    /// A weekday written just before the date (`Torsdag den 7. Juli`), for callers to check.
    #[serde(serialize_with = "serialize_weekday")]
    pub weekday: Option<Weekday>,
    /// Whether the year was written (otherwise the default year was used).
    pub year_given: bool,
}

fn serialize_weekday<S: serde::Serializer>(w: &Option<Weekday>, s: S) -> Result<S::Ok, S::Error> {
    let name = w.map(|w| match w {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    });
    name.serialize(s)
}

/// Parses a whole field value (trimmed) as one date, e.g. the `Dato` of a decision or a
/// front-matter `date`. A leading `den`/`d.`, a trailing full stop and, after an ISO date, a
/// time of day (`2026-06-04 10:00:00 +0200`) are allowed; anything else makes it `None`.
pub fn parse_value(text: &str, default_year: Option<i16>) -> Option<DateMention> {
    let lead = text.len() - text.trim_start().len();
    let t = text.trim();
    let mut from = 0;
    if let Some((w, e)) = word(t, 0) {
        let w = w.to_lowercase();
        if w == "den" {
            from = ws1(t, e).unwrap_or(0);
        } else if w == "d" && byte(t, e) == Some(b'.') {
            from = ws(t, e + 1);
        }
    }
    let mut found = best_at(t, from, default_year)?;
    if found.len() != 1 {
        return None;
    }
    let mut m = found.pop()?;
    let rest = t.get(m.end..)?;
    if !(rest.is_empty() || rest == ".") {
        if m.format == DateFormat::Iso && is_time_suffix(rest) {
            m.end = t.len();
            m.raw = t.get(m.start..)?.to_string();
        } else {
            return None;
        }
    }
    m.start += lead;
    m.end += lead;
    Some(m)
}

/// Finds every date mention in prose, left to right, non-overlapping, preferring the longest
/// match at a position. Dates without a year get `default_year`.
pub fn find_dates(text: &str, default_year: Option<i16>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        if left_ok(text, i)
            && let Some(found) = best_at(text, i, default_year)
            && let Some(end) = found.last().map(|m| m.end)
            && end > i
        {
            out.extend(found);
            i = end;
            continue;
        }
        // No mention can start inside a word or a number: skip the rest of it.
        i = alnum_end(text, i);
    }
    out
}

/// Why a recognised day (`31.02.2026`, `30.13.2026`, `32. maj`) is impossible: "februar 2026
/// has 28 days", "there is no month 13". `None` when the mention is a date, is not a single
/// day (weeks, quarters), or cannot be judged (`29. februar` without a year).
pub fn impossible_reason(m: &DateMention, default_year: Option<i16>) -> Option<String> {
    if m.date.is_some() {
        return None;
    }
    let s = m.raw.as_str();
    // The day itself, after a weekday if one is written.
    let found = s
        .char_indices()
        .filter(|(k, _)| {
            is_digit_at(s, *k) && !char_before(s, *k).is_some_and(|c| c.is_ascii_digit())
        })
        .find_map(|(k, _)| day_date(s, k, default_year).filter(|f| f.end == s.len()))?;
    why_not_a_day(found.year, found.month, found.day)
}

/// Why `day`.`month`.`year` is no day ("februar 2026 has 28 days", "there is no month 13"),
/// or `None` when it is one (or, without a year, could be one).
pub fn why_not_a_day(year: Option<i16>, month: u32, day: u32) -> Option<String> {
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    if day == 0 {
        return Some("there is no day 0".into());
    }
    let name = MONTHS_DA[usize::try_from(month - 1).ok()?];
    let month = i8::try_from(month).ok()?;
    match year {
        Some(y) => {
            let n = Date::new(y, month, 1).ok()?.days_in_month();
            (day > u32::try_from(n).ok()?).then(|| format!("{name} {y} has {n} days"))
        }
        None => {
            // A leap year has every day any year has.
            let n = Date::new(2024, month, 1).ok()?.days_in_month();
            (day > u32::try_from(n).ok()?).then(|| format!("{name} has at most {n} days"))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Text helpers. Every index is a char boundary: ASCII bytes are boundaries, other steps go by
// whole chars, and slicing uses `get`.

fn byte(s: &str, i: usize) -> Option<u8> {
    s.as_bytes().get(i).copied()
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

fn is_digit_at(s: &str, i: usize) -> bool {
    byte(s, i).is_some_and(|b| b.is_ascii_digit())
}

fn alnum_end(s: &str, i: usize) -> usize {
    let Some(rest) = s.get(i..) else {
        return s.len();
    };
    match rest.char_indices().find(|(_, c)| !c.is_alphanumeric()) {
        Some((k, _)) => i + k,
        None => s.len(),
    }
}

/// A run of ASCII digits at `i`: (value, number of digits, end).
fn digits(s: &str, i: usize) -> Option<(u32, usize, usize)> {
    let mut j = i;
    let mut v: u32 = 0;
    while let Some(b) = byte(s, j).filter(u8::is_ascii_digit) {
        v = v.saturating_mul(10).saturating_add(u32::from(b - b'0'));
        j += 1;
    }
    (j > i).then_some((v, j - i, j))
}

/// Digits at `i` with a length in `lens`.
fn digits_len(s: &str, i: usize, lens: std::ops::RangeInclusive<usize>) -> Option<(u32, usize)> {
    let (v, len, end) = digits(s, i)?;
    lens.contains(&len).then_some((v, end))
}

/// A run of letters at `i` and its end.
fn word(s: &str, i: usize) -> Option<(&str, usize)> {
    let rest = s.get(i..)?;
    let len = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(k, _)| k);
    (len > 0).then(|| (&rest[..len], i + len))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}')
}

/// Skips spaces and at most one line break.
fn ws(s: &str, mut i: usize) -> usize {
    let mut newline = false;
    while let Some(c) = char_at(s, i) {
        if is_space(c) || c == '\r' {
            i += c.len_utf8();
        } else if c == '\n' && !newline {
            newline = true;
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Like [`ws`] but at least one space is needed.
fn ws1(s: &str, i: usize) -> Option<usize> {
    let j = ws(s, i);
    (j > i).then_some(j)
}

/// Skips spaces on the same line.
fn spaces(s: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(s, i).filter(|c| is_space(*c)) {
        i += c.len_utf8();
    }
    i
}

/// A mention may start at `i`: not inside a word or number, nor right after `1.`, `1/`, `1:`.
fn left_ok(s: &str, i: usize) -> bool {
    match char_before(s, i) {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c @ ('.' | ',' | '/' | ':')) => {
            !char_before(s, i - c.len_utf8()).is_some_and(|p| p.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// A mention may end at `i`: not followed by a letter, digit or `.5`-like continuation.
fn right_ok(s: &str, i: usize) -> bool {
    match char_at(s, i) {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('.' | ',' | '/' | ':') => !is_digit_at(s, i + 1),
        Some(_) => true,
    }
}

/// A four-digit year at `i` ending a mention.
fn year4(s: &str, i: usize) -> Option<(i16, usize)> {
    let (v, end) = digits_len(s, i, 4..=4)?;
    (right_ok(s, end)).then_some((i16::try_from(v).ok()?, end))
}

fn make_date(y: Option<i16>, m: u32, d: u32) -> Option<Date> {
    Date::new(y?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–')
}

const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS_DA_SHORT: [&str; 7] = ["man", "tirs", "ons", "tors", "fre", "lør", "søn"];

// ---------------------------------------------------------------------------------------
// Matchers. Each returns the mention(s) starting at `i`, or `None`.

/// A day-level date before mentions are built: the parts as written.
struct Found {
    end: usize,
    format: DateFormat,
    year: Option<i16>,
    year_given: bool,
    month: u32,
    day: u32,
    end_day: Option<u32>,
}

impl Found {
    fn mention(&self, s: &str, start: usize, weekday: Option<Weekday>) -> DateMention {
        DateMention {
            raw: s.get(start..self.end).unwrap_or_default().to_string(),
            start,
            end: self.end,
            format: self.format,
            date: make_date(self.year, self.month, self.day),
            end_date: self
                .end_day
                .and_then(|d| make_date(self.year, self.month, d)),
            weekday,
            year_given: self.year_given,
        }
    }
}

/// The longest mention(s) starting at `i`.
fn best_at(s: &str, i: usize, default_year: Option<i16>) -> Option<Vec<DateMention>> {
    let mut best: Option<Vec<DateMention>> = None;
    let candidates = [
        weekday_date(s, i, default_year).map(|m| vec![m]),
        day_date(s, i, default_year).map(|f| vec![f.mention(s, i, None)]),
        day_list(s, i, default_year),
        week(s, i, default_year),
        quarter(s, i, default_year).map(|m| vec![m]),
    ];
    for found in candidates.into_iter().flatten() {
        let end = found.last().map_or(0, |m| m.end);
        if best
            .as_ref()
            .is_none_or(|b| b.last().map_or(0, |m| m.end) < end)
        {
            best = Some(found);
        }
    }
    best
}

/// `Torsdag den 7. Juli`, `torsdag d. 4. juni`, `mandag 4/5-2026`, `tors. 4. juni`.
fn weekday_date(s: &str, i: usize, default_year: Option<i16>) -> Option<DateMention> {
    let (w, mut j) = word(s, i)?;
    let w = w.to_lowercase();
    let index = match WEEKDAYS_DA.iter().position(|d| *d == w) {
        Some(k) => k,
        None => {
            let k = WEEKDAYS_DA_SHORT.iter().position(|d| *d == w)?;
            if byte(s, j) != Some(b'.') {
                return None;
            }
            j += 1;
            k
        }
    };
    let weekday = Weekday::from_monday_zero_offset(i8::try_from(index).ok()?).ok()?;
    if byte(s, j) == Some(b',') {
        j += 1;
    }
    j = ws1(s, j)?;
    if let Some((w2, e)) = word(s, j) {
        let w2 = w2.to_lowercase();
        if w2 == "den" {
            j = ws1(s, e)?;
        } else if w2 == "d" && byte(s, e) == Some(b'.') {
            j = ws(s, e + 1);
        }
    }
    let found = day_date(s, j, default_year)?;
    Some(found.mention(s, i, Some(weekday)))
}

/// The longest day-level date at `i`.
fn day_date(s: &str, i: usize, default_year: Option<i16>) -> Option<Found> {
    if !is_digit_at(s, i) {
        return None;
    }
    [
        compact_numeric(s, i),
        text_month(s, i, default_year),
        spaced_numeric(s, i),
    ]
    .into_iter()
    .flatten()
    .fold(None, |best: Option<Found>, f| match best {
        Some(b) if b.end >= f.end => Some(b),
        _ => Some(f),
    })
}

/// `2026-06-04`, `20260305`, `15-06-2025`, `1.7.2026`, `20.04.26`, `2/2-2026`.
fn compact_numeric(s: &str, i: usize) -> Option<Found> {
    let (a, la, j) = digits(s, i)?;
    let numeric = |format, y: u32, m, d, end| {
        Some(Found {
            end,
            format,
            year: i16::try_from(y).ok(),
            year_given: true,
            month: m,
            day: d,
            end_day: None,
        })
    };
    match (la, byte(s, j)) {
        (4, Some(b'-')) => {
            let (m, k) = digits_len(s, j + 1, 2..=2)?;
            if byte(s, k) != Some(b'-') {
                return None;
            }
            let (d, e) = digits_len(s, k + 1, 2..=2)?;
            let time_follows = byte(s, e) == Some(b'T') && is_digit_at(s, e + 1);
            if !(right_ok(s, e) || time_follows) {
                return None;
            }
            numeric(DateFormat::Iso, a, m, d, e)
        }
        (8, _) => {
            let (y, m, d) = (a / 10_000, a / 100 % 100, a % 100);
            let valid =
                (1900..=2099).contains(&y) && make_date(i16::try_from(y).ok(), m, d).is_some();
            if !(valid && right_ok(s, j)) {
                return None;
            }
            numeric(DateFormat::Yyyymmdd, y, m, d, j)
        }
        (1 | 2, Some(sep @ (b'-' | b'.' | b'/'))) => {
            let (m, lm, k) = digits(s, j + 1)?;
            if !(1..=2).contains(&lm) {
                return None;
            }
            let want = if sep == b'/' { b'-' } else { sep };
            if byte(s, k) != Some(want) {
                return None;
            }
            let (y, ly, e) = digits(s, k + 1)?;
            if !right_ok(s, e) {
                return None;
            }
            match (sep, ly) {
                (b'-', 4) => numeric(DateFormat::DdMmYyyyDash, y, m, a, e),
                (b'/', 4) => numeric(DateFormat::DmSlashYyyy, y, m, a, e),
                (b'.', 4) => numeric(DateFormat::DdMmYyyyDot, y, m, a, e),
                // `20.04.26`: only fully padded and plausible, so `1.2.26` stays a version.
                (b'.', 2)
                    if la == 2 && lm == 2 && (1..=31).contains(&a) && (1..=12).contains(&m) =>
                {
                    numeric(DateFormat::DdMmYyDot, 2000 + y, m, a, e)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A day or a day range before a month: `4`, `4.`, `20-21.`, `20.-21.`; returns
/// (first day, last day, end, whether a full stop ends it).
fn day_spec(s: &str, i: usize) -> Option<(u32, Option<u32>, usize, bool)> {
    let (d1, mut j) = digits_len(s, i, 1..=2)?;
    let mut dotted = false;
    if byte(s, j) == Some(b'.') {
        j += 1;
        dotted = true;
    }
    let k = spaces(s, j);
    if let Some(c) = char_at(s, k).filter(|c| is_dash(*c)) {
        let k2 = spaces(s, k + c.len_utf8());
        if let Some((d2, mut e)) = digits_len(s, k2, 1..=2) {
            let dotted2 = byte(s, e) == Some(b'.');
            if dotted2 {
                e += 1;
            }
            return Some((d1, Some(d2), e, dotted2));
        }
    }
    Some((d1, None, j, dotted))
}

/// `4. juni 2026`, `7. Juli`, `4. jun. 2026`, `30 december 2026`, `20.-21. maj 2026`.
fn text_month(s: &str, i: usize, default_year: Option<i16>) -> Option<Found> {
    let (day, end_day, j, _) = day_spec(s, i)?;
    let k = ws1(s, j)?;
    let (w, we) = word(s, k)?;
    let month = month_number(w)?;
    if char_at(s, we).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let lower = w.to_lowercase();
    let index = usize::try_from(month - 1).ok()?;
    let full = MONTHS_DA.get(index).is_some_and(|m| *m == lower)
        || MONTHS_EN.get(index).is_some_and(|m| *m == lower);
    let mut end = we;
    if !full && byte(s, we) == Some(b'.') {
        end += 1;
    }
    let mut year = default_year;
    let mut year_given = false;
    if let Some((y, ye)) = ws1(s, end).and_then(|k| year4(s, k)) {
        year = Some(y);
        year_given = true;
        end = ye;
    }
    Some(Found {
        end,
        format: DateFormat::DanishText,
        year,
        year_given,
        month: u32::try_from(month).ok()?,
        day,
        end_day,
    })
}

/// `20. og 21. maj`, `3., 4. og 5. juni 2026`: one mention per day, the month and year
/// taken from the last.
fn day_list(s: &str, i: usize, default_year: Option<i16>) -> Option<Vec<DateMention>> {
    // (start, end, day) of the days before the last.
    let mut heads: Vec<(usize, usize, u32)> = Vec::new();
    let mut j = i;
    let last = loop {
        if !heads.is_empty()
            && let Some(f) = text_month(s, j, default_year)
        {
            break f;
        }
        let (day, e) = digits_len(s, j, 1..=2)?;
        if byte(s, e) != Some(b'.') {
            return None;
        }
        let k = spaces(s, e + 1);
        let next = if byte(s, k) == Some(b',') {
            ws(s, k + 1)
        } else {
            let (w, we) = word(s, k)?;
            if w != "og" {
                return None;
            }
            ws1(s, we)?
        };
        heads.push((j, e + 1, day));
        // A month has at most 31 days; this also bounds the work on pathological input.
        if heads.len() > 31 {
            return None;
        }
        j = next;
    };
    let mut out: Vec<DateMention> = heads
        .into_iter()
        .map(|(start, end, day)| DateMention {
            raw: s.get(start..end).unwrap_or_default().to_string(),
            start,
            end,
            format: DateFormat::DanishText,
            date: make_date(last.year, last.month, day),
            end_date: None,
            weekday: None,
            year_given: last.year_given,
        })
        .collect();
    out.push(last.mention(s, j, None));
    Some(out)
}

/// `20-21. 5. 2026`, `4. 6. 2026`.
fn spaced_numeric(s: &str, i: usize) -> Option<Found> {
    let (day, end_day, j, dotted) = day_spec(s, i)?;
    if !dotted {
        return None;
    }
    let k = ws1(s, j)?;
    let (month, e) = digits_len(s, k, 1..=2)?;
    if byte(s, e) != Some(b'.') {
        return None;
    }
    let (y, end) = year4(s, ws1(s, e + 1)?)?;
    Some(Found {
        end,
        format: DateFormat::DdMmYyyyDot,
        year: Some(y),
        year_given: true,
        month,
        day,
        end_day,
    })
}

/// A week number 1–53 ending a word at `i`.
fn week_number(s: &str, i: usize) -> Option<(u32, usize)> {
    let (w, e) = digits_len(s, i, 1..=2)?;
    ((1..=53).contains(&w) && right_ok(s, e)).then_some((w, e))
}

/// `uge 17`, `uge 17 2026`, `uge 17, 2026`, `uge 17/2026`, `uge 43-44`, `uge 43 og 44`.
fn week(s: &str, i: usize, default_year: Option<i16>) -> Option<Vec<DateMention>> {
    let (w, e) = word(s, i)?;
    let w = w.to_lowercase();
    if w != "uge" && w != "uger" {
        return None;
    }
    // (start, end, first week, last week)
    let mut items: Vec<(usize, usize, u32, u32)> = Vec::new();
    let mut start = i;
    let mut j = ws1(s, e)?;
    loop {
        let (w1, mut end) = week_number(s, j)?;
        let mut w2 = w1;
        let k = spaces(s, end);
        if let Some(c) = char_at(s, k).filter(|c| is_dash(*c))
            && let Some((n, e2)) = week_number(s, spaces(s, k + c.len_utf8()))
        {
            w2 = n;
            end = e2;
        }
        items.push((start, end, w1, w2));
        // A list: `uge 43 og 44`, `uge 43, 44`.
        let k = spaces(s, end);
        let next = if byte(s, k) == Some(b',') || byte(s, k) == Some(b'&') {
            Some(spaces(s, k + 1))
        } else {
            word(s, k)
                .filter(|(w, _)| *w == "og")
                .and_then(|(_, e)| ws1(s, e))
        };
        match next {
            Some(n) if week_number(s, n).is_some() => {
                start = n;
                j = n;
            }
            _ => break,
        }
    }
    let last_end = items.last().map_or(i, |it| it.1);
    let mut year = default_year;
    let mut year_given = false;
    let mut year_end = None;
    let mut k = last_end;
    if byte(s, k) == Some(b',') {
        k += 1;
    }
    let k = if byte(s, k) == Some(b'/') {
        Some(k + 1)
    } else {
        ws1(s, k)
    };
    if let Some((y, ye)) = k.and_then(|k| year4(s, k)) {
        year = Some(y);
        year_given = true;
        year_end = Some(ye);
    }
    let count = items.len();
    let on = |w: u32, day: Weekday| -> Option<Date> {
        ISOWeekDate::new(year?, i8::try_from(w).ok()?, day)
            .ok()
            .map(|d| d.date())
    };
    Some(
        items
            .into_iter()
            .enumerate()
            .map(|(n, (start, end, w1, w2))| {
                let end = if n + 1 == count {
                    year_end.unwrap_or(end)
                } else {
                    end
                };
                DateMention {
                    raw: s.get(start..end).unwrap_or_default().to_string(),
                    start,
                    end,
                    format: DateFormat::Week,
                    date: on(w1, Weekday::Monday),
                    end_date: on(w2, Weekday::Sunday),
                    weekday: None,
                    year_given,
                }
            })
            .collect(),
    )
}

/// `Q1 2026`, `Q3`, `1. kvartal 2026`, `første kvartal 2026`.
fn quarter(s: &str, i: usize, default_year: Option<i16>) -> Option<DateMention> {
    let (q, end) = if matches!(byte(s, i), Some(b'Q' | b'q')) {
        let (q, e) = digits_len(s, i + 1, 1..=1)?;
        if !right_ok(s, e) {
            return None;
        }
        let k = match byte(s, e) {
            Some(b'-' | b'/') => Some(e + 1),
            _ => ws1(s, e),
        };
        if let Some((y, ye)) = k.and_then(|k| year4(s, k)) {
            return quarter_mention(s, i, ye, q, Some(y), true);
        }
        (q, e)
    } else {
        let (q, k) = if let Some((q, e)) = digits_len(s, i, 1..=1) {
            if byte(s, e) != Some(b'.') {
                return None;
            }
            (q, ws1(s, e + 1)?)
        } else {
            let (w, e) = word(s, i)?;
            let q = match w.to_lowercase().as_str() {
                "første" => 1,
                "andet" | "anden" => 2,
                "tredje" => 3,
                "fjerde" => 4,
                _ => return None,
            };
            (q, ws1(s, e)?)
        };
        let (w, e) = word(s, k)?;
        let w = w.to_lowercase();
        if w != "kvartal" && w != "kvartals" {
            return None;
        }
        (q, e)
    };
    if let Some((y, ye)) = ws1(s, end).and_then(|k| year4(s, k)) {
        return quarter_mention(s, i, ye, q, Some(y), true);
    }
    if !right_ok(s, end) {
        return None;
    }
    quarter_mention(s, i, end, q, default_year, false)
}

fn quarter_mention(
    s: &str,
    start: usize,
    end: usize,
    q: u32,
    year: Option<i16>,
    year_given: bool,
) -> Option<DateMention> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let first = make_date(year, 3 * q - 2, 1);
    Some(DateMention {
        raw: s.get(start..end)?.to_string(),
        start,
        end,
        format: DateFormat::Quarter,
        date: first,
        end_date: make_date(year, 3 * q, 1).map(|d| d.last_of_month()),
        weekday: None,
        year_given,
    })
}

/// A time of day after an ISO date: `T10:00`, ` 10:00:00 +0200`, `T10:00:00+02:00[Europe/…]`.
fn is_time_suffix(rest: &str) -> bool {
    let b = rest.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !matches!(b.first(), Some(b'T' | b't' | b' ')) {
        return false;
    }
    if !(digit(1) && digit(2) && b.get(3) == Some(&b':') && digit(4) && digit(5)) {
        return false;
    }
    let mut i = 6;
    if b.get(i) == Some(&b':') && digit(i + 1) && digit(i + 2) {
        i += 3;
        if b.get(i) == Some(&b'.') && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
        }
    }
    if b.get(i) == Some(&b' ') {
        i += 1;
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i += 1,
        Some(b'+' | b'-') if digit(i + 1) && digit(i + 2) => {
            i += 3;
            if b.get(i) == Some(&b':') {
                i += 1;
            }
            if digit(i) && digit(i + 1) {
                i += 2;
            }
        }
        _ => {}
    }
    if b.get(i) == Some(&b'[') && b.last() == Some(&b']') {
        i = b.len();
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i16, m: i8, day: i8) -> Option<Date> {
        Some(Date::new(y, m, day).unwrap())
    }

    /// The single mention in `text` (default year 2026).
    fn one(text: &str) -> DateMention {
        let found = find_dates(text, Some(2026));
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        found.into_iter().next().unwrap()
    }

    fn check(text: &str, raw: &str, format: DateFormat, date: Option<Date>) -> DateMention {
        let m = one(text);
        assert_eq!(m.raw, raw, "{text}");
        assert_eq!(&text[m.start..m.end], raw, "{text}");
        assert_eq!(m.format, format, "{text}");
        assert_eq!(m.date, date, "{text}");
        m
    }

    #[test]
    fn iso() {
        let m = check(
            "mødet 2026-06-04 kl. 10",
            "2026-06-04",
            DateFormat::Iso,
            d(2026, 6, 4),
        );
        assert!(m.year_given);
        assert_eq!((m.start, m.end), ("mødet ".len(), "mødet 2026-06-04".len()));
        check(
            "2026-06-04T10:00",
            "2026-06-04",
            DateFormat::Iso,
            d(2026, 6, 4),
        );
    }

    #[test]
    fn dash_dot_and_two_digit_year() {
        check(
            "den 15-06-2025.",
            "15-06-2025",
            DateFormat::DdMmYyyyDash,
            d(2025, 6, 15),
        );
        check(
            "godkendt 02.02.2026",
            "02.02.2026",
            DateFormat::DdMmYyyyDot,
            d(2026, 2, 2),
        );
        check(
            "fra 1.7.2026 og frem",
            "1.7.2026",
            DateFormat::DdMmYyyyDot,
            d(2026, 7, 1),
        );
        check(
            "20.04.26",
            "20.04.26",
            DateFormat::DdMmYyDot,
            d(2026, 4, 20),
        );
    }

    #[test]
    fn slash_dash() {
        check(
            "mødet 2/2-2026",
            "2/2-2026",
            DateFormat::DmSlashYyyy,
            d(2026, 2, 2),
        );
        check(
            "(20/4-2026)",
            "20/4-2026",
            DateFormat::DmSlashYyyy,
            d(2026, 4, 20),
        );
    }

    #[test]
    fn eight_digits() {
        check(
            "referat fra 20260305",
            "20260305",
            DateFormat::Yyyymmdd,
            d(2026, 3, 5),
        );
        check(
            "20260604_OS2skolekørsel_referat.md",
            "20260604",
            DateFormat::Yyyymmdd,
            d(2026, 6, 4),
        );
        // Not a valid date, inside longer runs, or glued to letters.
        for text in [
            "20261305",
            "tlf. 12345678",
            "202606041",
            "120260604",
            "v20260604",
        ] {
            assert!(find_dates(text, None).is_empty(), "{text}");
        }
    }

    #[test]
    fn danish_text() {
        let m = check(
            "4. juni 2026",
            "4. juni 2026",
            DateFormat::DanishText,
            d(2026, 6, 4),
        );
        assert!(m.year_given);
        let m = check(
            "næste møde den 17. september.",
            "17. september",
            DateFormat::DanishText,
            d(2026, 9, 17),
        );
        assert!(!m.year_given);
        assert_eq!(find_dates("den 17. september", None)[0].date, None);
        check("7. Juli", "7. Juli", DateFormat::DanishText, d(2026, 7, 7));
        check(
            "4. jun. 2026",
            "4. jun. 2026",
            DateFormat::DanishText,
            d(2026, 6, 4),
        );
        check(
            "4. jun 2026",
            "4. jun 2026",
            DateFormat::DanishText,
            d(2026, 6, 4),
        );
        check(
            "d. 30 december 2026",
            "30 december 2026",
            DateFormat::DanishText,
            d(2026, 12, 30),
        );
        check(
            "4 June 2027",
            "4 June 2027",
            DateFormat::DanishText,
            d(2027, 6, 4),
        );
    }

    #[test]
    fn ranges() {
        let m = check(
            "seminar 20-21. 5. 2026 i Aarhus",
            "20-21. 5. 2026",
            DateFormat::DdMmYyyyDot,
            d(2026, 5, 20),
        );
        assert_eq!(m.end_date, d(2026, 5, 21));
        let m = check(
            "20.-21. maj 2026",
            "20.-21. maj 2026",
            DateFormat::DanishText,
            d(2026, 5, 20),
        );
        assert_eq!(m.end_date, d(2026, 5, 21));
        assert_eq!(one("4. juni 2026").end_date, None);
    }

    #[test]
    fn day_lists() {
        let found = find_dates("svarede ja den 20. og 21. maj.", Some(2026));
        let got: Vec<(&str, Option<Date>)> =
            found.iter().map(|m| (m.raw.as_str(), m.date)).collect();
        assert_eq!(got, [("20.", d(2026, 5, 20)), ("21. maj", d(2026, 5, 21))]);
        assert!(found.iter().all(|m| !m.year_given));
        let found = find_dates("3., 4. og 5. juni 2027", Some(2026));
        let got: Vec<(&str, Option<Date>)> =
            found.iter().map(|m| (m.raw.as_str(), m.date)).collect();
        assert_eq!(
            got,
            [
                ("3.", d(2027, 6, 3)),
                ("4.", d(2027, 6, 4)),
                ("5. juni 2027", d(2027, 6, 5))
            ]
        );
        // An enumeration without a month is nothing.
        assert!(find_dates("punkt 1. og 2. behandling", Some(2026)).is_empty());
    }

    #[test]
    fn weekday_prefix() {
        let m = check(
            "Torsdag den 7. Juli",
            "Torsdag den 7. Juli",
            DateFormat::DanishText,
            d(2026, 7, 7),
        );
        assert_eq!(m.weekday, Some(Weekday::Thursday));
        let m = check(
            "mødes torsdag d. 4. juni.",
            "torsdag d. 4. juni",
            DateFormat::DanishText,
            d(2026, 6, 4),
        );
        assert_eq!(m.weekday, Some(Weekday::Thursday));
        let m = check(
            "mandag 4/5-2026",
            "mandag 4/5-2026",
            DateFormat::DmSlashYyyy,
            d(2026, 5, 4),
        );
        assert_eq!(m.weekday, Some(Weekday::Monday));
        // A weekday with no date after it is nothing.
        assert!(find_dates("hver torsdag kl. 10", Some(2026)).is_empty());
    }

    #[test]
    fn weeks() {
        let m = check("i uge 17", "uge 17", DateFormat::Week, d(2026, 4, 20));
        assert_eq!(m.end_date, d(2026, 4, 26));
        assert!(!m.year_given);
        check("Uge 7.", "Uge 7", DateFormat::Week, d(2026, 2, 9));
        let m = check(
            "uge 17 2027",
            "uge 17 2027",
            DateFormat::Week,
            d(2027, 4, 26),
        );
        assert!(m.year_given);
        check(
            "uge 17, 2027",
            "uge 17, 2027",
            DateFormat::Week,
            d(2027, 4, 26),
        );
        let m = check("uge 43-44", "uge 43-44", DateFormat::Week, d(2026, 10, 19));
        assert_eq!(m.end_date, d(2026, 11, 1));
        let both = find_dates("i uge 43 og 44 holdes", Some(2026));
        let raws: Vec<&str> = both.iter().map(|m| m.raw.as_str()).collect();
        assert_eq!(raws, ["uge 43", "44"]);
        assert_eq!(both[0].date, d(2026, 10, 19));
        assert_eq!(both[1].date, d(2026, 10, 26));
        assert_eq!(find_dates("uge 17", None)[0].date, None);
        assert!(find_dates("uge 54, fluge 3", Some(2026)).is_empty());
    }

    #[test]
    fn quarters() {
        for (text, q) in [
            ("Q1 2026", 1),
            ("1. kvartal 2026", 1),
            ("første kvartal 2026", 1),
            ("Q3 2026", 3),
            ("fjerde kvartal 2026", 4),
        ] {
            let m = check(text, text, DateFormat::Quarter, d(2026, 3 * q - 2, 1));
            assert!(m.year_given);
            assert_eq!(
                m.end_date,
                Some(Date::new(2026, 3 * q, 1).unwrap().last_of_month())
            );
        }
        let m = check("forventes i Q2.", "Q2", DateFormat::Quarter, d(2026, 4, 1));
        assert_eq!(m.end_date, d(2026, 6, 30));
        assert!(!m.year_given);
        assert!(find_dates("Q5 2026 Q12 FAQ1", Some(2026)).is_empty());
    }

    #[test]
    fn impossible_dates_are_recognised_without_a_date() {
        check("2026-00-01", "2026-00-01", DateFormat::Iso, None);
        check("2026-02-30", "2026-02-30", DateFormat::Iso, None);
        check("31.06.2026", "31.06.2026", DateFormat::DdMmYyyyDot, None);
        check(
            "30. februar 2026",
            "30. februar 2026",
            DateFormat::DanishText,
            None,
        );
    }

    #[test]
    fn why_a_date_is_impossible() {
        let why = |t: &str| impossible_reason(&one(t), Some(2026));
        assert_eq!(
            why("31.02.2026").as_deref(),
            Some("februar 2026 has 28 days")
        );
        assert_eq!(why("30.13.2026").as_deref(), Some("there is no month 13"));
        assert_eq!(why("2026-00-01").as_deref(), Some("there is no month 0"));
        assert_eq!(why("32. maj 2026").as_deref(), Some("maj 2026 has 31 days"));
        assert_eq!(
            why("Torsdag den 31. juni").as_deref(),
            Some("juni 2026 has 30 days")
        );
        assert_eq!(why("29.02.2028"), None, "a leap day");
        let no_year = find_dates("30. februar", None);
        assert_eq!(
            impossible_reason(&no_year[0], None).as_deref(),
            Some("februar has at most 29 days")
        );
    }

    #[test]
    fn paragraph() {
        let text = "Næste møde Torsdag den 3. Juli. Referatet fra 20260305 og mødet den \
                    2/2-2026 blev godkendt 04.06.2026, jf. uge 17.";
        let found = find_dates(text, Some(2026));
        let got: Vec<(&str, DateFormat, Option<Date>)> = found
            .iter()
            .map(|m| (m.raw.as_str(), m.format, m.date))
            .collect();
        assert_eq!(
            got,
            [
                ("Torsdag den 3. Juli", DateFormat::DanishText, d(2026, 7, 3)),
                ("20260305", DateFormat::Yyyymmdd, d(2026, 3, 5)),
                ("2/2-2026", DateFormat::DmSlashYyyy, d(2026, 2, 2)),
                ("04.06.2026", DateFormat::DdMmYyyyDot, d(2026, 6, 4)),
                ("uge 17", DateFormat::Week, d(2026, 4, 20)),
            ]
        );
        assert_eq!(found[0].weekday, Some(Weekday::Thursday));
        assert!(!found[0].year_given);
        assert!(
            found[1..]
                .iter()
                .all(|m| m.year_given == (m.format != DateFormat::Week))
        );
        for m in &found {
            assert_eq!(&text[m.start..m.end], m.raw);
        }
    }

    #[test]
    fn not_dates() {
        for text in [
            "version 1.2.3",
            "340.000 kr.",
            "1.250.000 kr.",
            "kl. 13.30-14.30",
            "kl. 14:30",
            "punkt 2.1 Godkendelse",
            "1. Godkendelse af dagsorden",
            "2025-2026",
            "12345678901234",
            "v1.2.2026x",
            "10-12 deltagere",
            "punkt 4.6.",
        ] {
            let found = find_dates(text, Some(2026));
            assert!(found.is_empty(), "{text}: {found:#?}");
        }
    }

    #[test]
    fn longest_match_wins() {
        // The day range, not `20-21` or `5. 2026`.
        assert_eq!(one("20-21. 5. 2026").raw, "20-21. 5. 2026");
        // The year belongs to the date.
        assert_eq!(one("4. juni 2026").raw, "4. juni 2026");
    }

    #[test]
    fn field_values() {
        let m = parse_value("  02-03-2026 ", None).unwrap();
        assert_eq!((m.raw.as_str(), m.start, m.end), ("02-03-2026", 2, 12));
        assert_eq!(m.date, d(2026, 3, 2));
        assert_eq!(
            parse_value("den 4. juni 2026", None).unwrap().date,
            d(2026, 6, 4)
        );
        assert_eq!(
            parse_value("4. juni", Some(2025)).unwrap().date,
            d(2025, 6, 4)
        );
        let m = parse_value("2026-06-04 10:00:00 +0200", None).unwrap();
        assert_eq!(
            (m.raw.as_str(), m.date),
            ("2026-06-04 10:00:00 +0200", d(2026, 6, 4))
        );
        assert!(parse_value("2026-06-04T10:00:00+02:00[Europe/Copenhagen]", None).is_some());
        assert_eq!(parse_value("2026-02-30", None).unwrap().date, None);
        assert_eq!(
            parse_value("Q2 2026", None).unwrap().end_date,
            d(2026, 6, 30)
        );
        for text in [
            "",
            "snart",
            "4. juni 2026 eller 5. juni",
            "2026-06-04 kl. 10",
            "uge 3 og 4",
        ] {
            assert_eq!(parse_value(text, Some(2026)), None, "{text}");
        }
    }

    #[test]
    fn serializes_kebab_case() {
        let m = one("Torsdag den 3. Juli");
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["format"], "danish-text");
        assert_eq!(json["weekday"], "thursday");
        assert_eq!(json["date"], "2026-07-03");
    }

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_exact(
            text in prop_oneof![
                any::<String>(),
                "((uge|og|juni|Maj|jun\\.|Q|kvartal|første|torsdag|den|d\\.|20260305)|[0-9]{1,4}|[ .,/\\-–:\n]|[a-zæøå]){0,24}",
            ],
            year in proptest::option::of(-10_000i16..10_000),
        ) {
            let found = find_dates(&text, year);
            let mut last = 0;
            for m in &found {
                prop_assert!(m.start >= last && m.start < m.end);
                prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                prop_assert_eq!(&text[m.start..m.end], m.raw.as_str());
                last = m.end;
            }
            if let Some(m) = parse_value(&text, year) {
                prop_assert_eq!(&text[m.start..m.end], m.raw.as_str());
            }
        }
    }
}
