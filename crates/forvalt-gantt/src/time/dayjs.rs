//! What Mermaid asks of dayjs: strict parsing with a `dateFormat` (the `customParseFormat`
//! plugin), formatting (core plus `advancedFormat` and `isoWeek`) and `add` with the
//! duration units of a task.
//!
//! The behaviour, including its odd corners, follows dayjs 1.11: tokens are found by a
//! scan that skips characters it does not know, values are searched for (not anchored) in
//! the rest of the input, and "strict" means that formatting the result with the same
//! format gives back the input exactly.

use super::civil::{self, Fields};
use super::zone::Zone;
use crate::js;

const MONTHS: [&str; 12] = [
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
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// A failure dayjs reports by throwing (a `TypeError` out of `format`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormatError(pub String);

/// What moment.js reads as ISO 8601 when a chart has no `dateFormat` (Mermaid 9.1): dates,
/// basic dates, and times to the hour, minute, second or millisecond, with or without a
/// zone.
const ISO_FORMS: [&str; 13] = [
    "YYYY-MM-DD",
    "YYYYMMDD",
    "YYYY-MM",
    "YYYY-MM-DDTHH",
    "YYYY-MM-DDTHH:mm",
    "YYYY-MM-DDTHH:mm:ss",
    "YYYY-MM-DDTHH:mm:ss.SSS",
    "YYYY-MM-DD HH:mm",
    "YYYY-MM-DD HH:mm:ss",
    "YYYY-MM-DD HH:mm:ss.SSS",
    "YYYY-MM-DDTHH:mmZ",
    "YYYY-MM-DDTHH:mm:ssZ",
    "YYYY-MM-DDTHH:mm:ss.SSSZ",
];

/// Byte offsets of the one-letter `D`, `M`, `H`, `h`, `m` and `s` tokens of a format
/// (outside `[…]` escapes; `Do` is another token).
fn one_letter_tokens(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'[' {
            i += b[i..]
                .iter()
                .position(|&c| c == b']')
                .map_or(b.len(), |p| p + 1);
            continue;
        }
        let run = b[i..].iter().take_while(|&&c| c == b[i]).count();
        if run == 1 && b"DMHhms".contains(&b[i]) && b.get(i + 1) != Some(&b'o') {
            out.push(i);
        }
        i += run;
    }
    out
}

/// The input "now" and zone that parsing needs (missing fields are taken from now).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub zone: &'a Zone,
    pub now: i64,
}

/// A compiled dayjs format string.
#[derive(Debug, Clone)]
pub(crate) struct DayjsFormat {
    text: String,
    parser: Parser,
}

#[derive(Debug, Clone)]
enum Parser {
    /// `x` (milliseconds) or `X` (seconds).
    Epoch {
        seconds: bool,
    },
    Tokens(Vec<PTok>),
    /// The format makes dayjs throw while compiling it: every parse is invalid.
    Invalid,
}

#[derive(Debug, Clone)]
enum PTok {
    Literal(usize),
    Value(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expr {
    UpperA,
    LowerA,
    Q,
    S1,
    S2,
    S3,
    Second,
    Minute,
    Hour,
    D1,
    D2,
    Do,
    W1,
    W2,
    M1,
    M2,
    Mmm,
    Mmmm,
    Y,
    Yy,
    Yyyy,
    Zone,
}

impl DayjsFormat {
    /// Compiles `text` (already trimmed by the caller, as Mermaid does).
    pub(crate) fn new(text: &str) -> DayjsFormat {
        let parser = if text == "x" || text == "X" {
            Parser::Epoch {
                seconds: text == "X",
            }
        } else {
            compile(text).map_or(Parser::Invalid, Parser::Tokens)
        };
        DayjsFormat {
            text: text.to_string(),
            parser,
        }
    }

    /// The format string.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// `dayjs(input, format, true)`: the instant, or `None` for an invalid date.
    pub(crate) fn parse_strict(&self, input: &str, ctx: Ctx<'_>) -> Option<i64> {
        if self.text == "YYYY-MM-DD" {
            return parse_iso_date(input, ctx.zone);
        }
        self.parse_general(input, ctx)
    }

    /// `moment(input, format, true)`, as Mermaid 9 read dates: dayjs's strict parse, except
    /// that a one-letter `D`, `M`, `H`, `h`, `m` or `s` also takes two digits (`02-03-2026`
    /// for `D-M-YYYY`), and that without a format ISO 8601 dates and times are read.
    pub(crate) fn parse_moment(&self, input: &str, ctx: Ctx<'_>) -> Option<i64> {
        if self.text.is_empty() {
            return ISO_FORMS
                .iter()
                .find_map(|f| DayjsFormat::new(f).parse_strict(input, ctx));
        }
        if let Some(t) = self.parse_strict(input, ctx) {
            return Some(t);
        }
        let Parser::Tokens(tokens) = &self.parser else {
            return None;
        };
        let singles = one_letter_tokens(&self.text);
        if singles.is_empty() || singles.len() > 6 {
            return None;
        }
        let t = run(tokens, input, ctx)?;
        // Each one-letter token written with one digit or two: one spelling must give the
        // input back.
        (1..1u32 << singles.len()).find_map(|mask| {
            let mut text = String::with_capacity(self.text.len() + singles.len());
            let mut last = 0;
            for (k, &at) in singles.iter().enumerate() {
                text.push_str(&self.text[last..=at]);
                if mask & (1 << k) != 0 {
                    text.push_str(&self.text[at..=at]);
                }
                last = at + 1;
            }
            text.push_str(&self.text[last..]);
            format(t, &text, ctx.zone)
                .is_ok_and(|s| s == input)
                .then_some(t)
        })
    }

    /// The general strict parse (token scan, then formatting back).
    fn parse_general(&self, input: &str, ctx: Ctx<'_>) -> Option<i64> {
        let t = match &self.parser {
            Parser::Invalid => return None,
            Parser::Epoch { seconds } => {
                let n = js::string_to_number(input);
                civil::time_clip_f64(if *seconds { n * 1000.0 } else { n })?
            }
            Parser::Tokens(tokens) => run(tokens, input, ctx)?,
        };
        // Strict: formatting with the same format must give the input back.
        match format(t, &self.text, ctx.zone) {
            Ok(s) if s == input => Some(t),
            _ => None,
        }
    }

    /// `dayjs(t).format(format)`.
    pub(crate) fn format(&self, t: i64, ctx: Ctx<'_>) -> Result<String, FormatError> {
        format(t, &self.text, ctx.zone)
    }
}

/// The strict `YYYY-MM-DD` parse without the general machinery: exactly `dddd-dd-dd`, a
/// real calendar date, and a year of at least 100 (years 0–99 become 19xx in JavaScript's
/// `new Date(y, m, d)`, so they never format back to the input).
fn parse_iso_date(input: &str, zone: &Zone) -> Option<i64> {
    let b = input.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if y < 100 || !(1..=12).contains(&m) || d < 1 || d > civil::days_in_month(y, m - 1) {
        return None;
    }
    zone.make([y as f64, (m - 1) as f64, d as f64, 0.0, 0.0, 0.0, 0.0])
}

fn compile(format: &str) -> Option<Vec<PTok>> {
    // localizedFormat expansion: with the English locale (no `formats`), any L/LT/l token
    // outside brackets throws, which the parser catches as an invalid date.
    if has_localized_token(format) {
        return None;
    }
    let chars: Vec<char> = format.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            let next_open = (i + 1..chars.len())
                .find(|&j| chars[j] == '[')
                .unwrap_or(chars.len());
            if let Some(close) = (i + 1..next_open).rev().find(|&j| chars[j] == ']') {
                let inner: String = chars[i + 1..close].iter().collect();
                tokens.push(PTok::Literal(inner.encode_utf16().count()));
                i = close + 1;
                continue;
            }
        }
        if is_separator(chars[i]) {
            let start = i;
            while i < chars.len() && is_separator(chars[i]) {
                i += 1;
            }
            let lit: String = chars[start..i].iter().collect();
            tokens.push(PTok::Literal(lit.encode_utf16().count()));
            continue;
        }
        if let Some((len, tok)) = token_at(&chars, i) {
            tokens.push(tok);
            i += len;
            continue;
        }
        i += 1;
    }
    // `format.match(...)` returning null makes the parser throw.
    (!tokens.is_empty()).then_some(tokens)
}

fn has_localized_token(format: &str) -> bool {
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '['
            && let Some(close) = chars[i + 1..].iter().position(|&c| c == ']')
            && close > 0
        {
            i += close + 2;
            continue;
        }
        if chars[i] == 'L' || chars[i] == 'l' {
            return true;
        }
        i += 1;
    }
    false
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '_' | ':' | '/' | '.' | ',' | '(' | ')') || js::is_space(c)
}

fn run_of(chars: &[char], i: usize, c: char, max: usize) -> usize {
    chars[i..].iter().take(max).take_while(|&&x| x == c).count()
}

fn token_at(chars: &[char], i: usize) -> Option<(usize, PTok)> {
    let v = |len, e| Some((len, PTok::Value(e)));
    match chars[i] {
        'A' => v(1, Expr::UpperA),
        'a' => v(1, Expr::LowerA),
        'Q' => v(1, Expr::Q),
        'Y' => match run_of(chars, i, 'Y', 4) {
            4 => v(4, Expr::Yyyy),
            n if n >= 2 => v(2, Expr::Yy),
            _ => v(1, Expr::Y),
        },
        'w' => match run_of(chars, i, 'w', 2) {
            2 => v(2, Expr::W2),
            _ => v(1, Expr::W1),
        },
        'M' => match run_of(chars, i, 'M', 4) {
            4 => v(4, Expr::Mmmm),
            3 => v(3, Expr::Mmm),
            2 => v(2, Expr::M2),
            _ => v(1, Expr::M1),
        },
        'D' if chars.get(i + 1) == Some(&'o') => v(2, Expr::Do),
        'D' => match run_of(chars, i, 'D', 2) {
            2 => v(2, Expr::D2),
            _ => v(1, Expr::D1),
        },
        'h' | 'H' => v(run_of(chars, i, chars[i], 2), Expr::Hour),
        'm' => v(run_of(chars, i, 'm', 2), Expr::Minute),
        's' => v(run_of(chars, i, 's', 2), Expr::Second),
        'S' => match run_of(chars, i, 'S', 3) {
            3 => v(3, Expr::S3),
            2 => v(2, Expr::S2),
            _ => v(1, Expr::S1),
        },
        'z' => Some((1, PTok::Literal(1))),
        'Z' => v(run_of(chars, i, 'Z', 2), Expr::Zone),
        _ => None,
    }
}

#[derive(Default)]
struct Parsed {
    year: Option<f64>,
    month: Option<f64>,
    day: Option<f64>,
    day_truthy: bool,
    hours: Option<f64>,
    minutes: Option<f64>,
    seconds: Option<f64>,
    millis: Option<f64>,
    zone: Option<f64>,
    week: Option<f64>,
    afternoon: Option<bool>,
}

fn truthy(v: Option<f64>) -> Option<f64> {
    v.filter(|x| *x != 0.0 && !x.is_nan())
}

fn run(tokens: &[PTok], input: &str, ctx: Ctx<'_>) -> Option<i64> {
    let mut input: Vec<u16> = input.encode_utf16().collect();
    let mut start = 0usize;
    let mut p = Parsed::default();
    for tok in tokens {
        match tok {
            PTok::Literal(len) => start += len,
            PTok::Value(expr) => {
                let part = input.get(start..).unwrap_or(&[]);
                let (ms, me) = find(*expr, part)?;
                let value: Vec<u16> = part[ms..me].to_vec();
                apply(*expr, &value, &mut p)?;
                // `input = input.replace(value, '')`: the first occurrence anywhere.
                if let Some(at) = find_sub(&input, &value) {
                    input.drain(at..at + value.len());
                }
            }
        }
    }
    // correctHours
    if let Some(pm) = p.afternoon {
        let h = p.hours.unwrap_or(f64::NAN);
        if pm {
            if h < 12.0 {
                p.hours = Some(h + 12.0);
            }
        } else if h == 12.0 {
            p.hours = Some(0.0);
        }
    }
    let now = ctx.zone.fields(ctx.now);
    let year = truthy(p.year);
    let month = truthy(p.month);
    let d = if p.day_truthy {
        p.day.unwrap_or(f64::NAN)
    } else if year.is_none() && month.is_none() {
        now.day as f64
    } else {
        1.0
    };
    let y = year.unwrap_or(now.year as f64);
    let mut m = 0.0;
    if !(year.is_some() && month.is_none()) {
        m = match p.month {
            Some(x) if x > 0.0 => x - 1.0,
            _ => now.month as f64,
        };
    }
    let h = truthy(p.hours).unwrap_or(0.0);
    let mi = truthy(p.minutes).unwrap_or(0.0);
    let s = truthy(p.seconds).unwrap_or(0.0);
    let ms = truthy(p.millis).unwrap_or(0.0);
    if let Some(offset) = p.zone {
        return civil::date_utc([y, m, d, h, mi, s, ms + offset * 60_000.0]);
    }
    if truthy(p.week).is_some() {
        // `dayjs(date).week(n)` needs the weekOfYear plugin, which Mermaid does not load:
        // the TypeError is caught and the date is invalid.
        return None;
    }
    ctx.zone
        .make([civil::make_full_year(y), m, d, h, mi, s, ms])
}

fn find_sub(hay: &[u16], needle: &[u16]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn is_digit(c: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&c)
}

/// The first match of the token's regular expression in `s`: `(start, end)`.
fn find(expr: Expr, s: &[u16]) -> Option<(usize, usize)> {
    let digits_exact = |n: usize| -> Option<(usize, usize)> {
        (0..s.len().saturating_sub(n - 1))
            .find(|&i| s[i..i + n].iter().all(|&c| is_digit(c)))
            .map(|i| (i, i + n))
    };
    match expr {
        Expr::Q | Expr::S1 => digits_exact(1),
        Expr::S2 | Expr::D2 | Expr::W2 | Expr::M2 | Expr::Yy => digits_exact(2),
        Expr::S3 => digits_exact(3),
        Expr::Yyyy => digits_exact(4),
        Expr::Second | Expr::Minute | Expr::Hour | Expr::D1 | Expr::W1 | Expr::M1 => {
            let i = s.iter().position(|&c| is_digit(c))?;
            let end = if s.get(i + 1).is_some_and(|&c| is_digit(c)) {
                i + 2
            } else {
                i + 1
            };
            Some((i, end))
        }
        Expr::Y => {
            // [+-]?\d+
            for i in 0..s.len() {
                let sign = s[i] == u16::from(b'+') || s[i] == u16::from(b'-');
                let first = if sign { i + 1 } else { i };
                if s.get(first).is_some_and(|&c| is_digit(c)) {
                    let mut end = first;
                    while end < s.len() && is_digit(s[end]) {
                        end += 1;
                    }
                    return Some((i, end));
                }
            }
            None
        }
        Expr::Zone => {
            // [+-]\d\d:?(\d\d)?|Z
            for i in 0..s.len() {
                if s[i] == u16::from(b'Z') {
                    return Some((i, i + 1));
                }
                if (s[i] == u16::from(b'+') || s[i] == u16::from(b'-'))
                    && s.get(i + 1).is_some_and(|&c| is_digit(c))
                    && s.get(i + 2).is_some_and(|&c| is_digit(c))
                {
                    let mut end = i + 3;
                    if s.get(end) == Some(&u16::from(b':')) {
                        end += 1;
                    }
                    if s.get(end).is_some_and(|&c| is_digit(c))
                        && s.get(end + 1).is_some_and(|&c| is_digit(c))
                    {
                        end += 2;
                    }
                    return Some((i, end));
                }
            }
            None
        }
        Expr::UpperA | Expr::LowerA | Expr::Do | Expr::Mmm | Expr::Mmmm => find_word(s),
    }
}

/// `\d*[^-_:/,()\s\d]+`
fn find_word(s: &[u16]) -> Option<(usize, usize)> {
    let word_char = |c: u16| {
        !is_digit(c)
            && !js::is_space_u16(c)
            && !matches!(
                char::from_u32(u32::from(c)),
                Some('-' | '_' | ':' | '/' | ',' | '(' | ')')
            )
    };
    for i in 0..s.len() {
        let mut j = i;
        while j < s.len() && is_digit(s[j]) {
            j += 1;
        }
        if j < s.len() && word_char(s[j]) {
            let mut end = j;
            while end < s.len() && word_char(s[end]) {
                end += 1;
            }
            return Some((i, end));
        }
    }
    None
}

fn apply(expr: Expr, value: &[u16], p: &mut Parsed) -> Option<()> {
    let text = String::from_utf16_lossy(value);
    let num = || js::string_to_number(&text);
    match expr {
        Expr::UpperA => p.afternoon = Some(text == "PM"),
        Expr::LowerA => p.afternoon = Some(text == "pm"),
        Expr::Q => p.month = Some((num() - 1.0) * 3.0 + 1.0),
        Expr::S1 => p.millis = Some(num() * 100.0),
        Expr::S2 => p.millis = Some(num() * 10.0),
        Expr::S3 => p.millis = Some(num()),
        Expr::Second => p.seconds = Some(num()),
        Expr::Minute => p.minutes = Some(num()),
        Expr::Hour => p.hours = Some(num()),
        Expr::D1 | Expr::D2 => {
            p.day = Some(num());
            p.day_truthy = num() != 0.0;
        }
        Expr::Do => {
            // `[this.day] = input.match(/\d+/)`: a string, truthy even when "0".
            let digits: String = text
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            if digits.is_empty() {
                return None;
            }
            p.day = Some(js::string_to_number(&digits));
            p.day_truthy = true;
            if let Some(n) = (1..=31).find(|&n| ordinal(n) == text) {
                p.day = Some(f64::from(n));
            }
        }
        Expr::W1 | Expr::W2 => p.week = Some(num()),
        Expr::M1 | Expr::M2 => p.month = Some(num()),
        Expr::Mmm => {
            let idx = MONTHS.iter().position(|m| m[..3] == text)? + 1;
            p.month = Some(idx as f64);
        }
        Expr::Mmmm => {
            let idx = MONTHS.iter().position(|m| *m == text)? + 1;
            p.month = Some(idx as f64);
        }
        Expr::Y | Expr::Yyyy => p.year = Some(num()),
        Expr::Yy => {
            let n = num();
            p.year = Some(n + if n > 68.0 { 1900.0 } else { 2000.0 });
        }
        Expr::Zone => p.zone = Some(offset_from_string(&text)),
    }
    Some(())
}

fn offset_from_string(s: &str) -> f64 {
    if s.is_empty() || s == "Z" {
        return 0.0;
    }
    let sign = s.starts_with('+');
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    let hours = digits
        .first()
        .zip(digits.get(1))
        .map_or(0, |(a, b)| a * 10 + b);
    let mins = digits
        .get(2)
        .zip(digits.get(3))
        .map_or(0, |(a, b)| a * 10 + b);
    let minutes = f64::from(hours * 60 + mins);
    if minutes == 0.0 {
        0.0
    } else if sign {
        -minutes
    } else {
        minutes
    }
}

/// The English locale's ordinal, without the brackets it is wrapped in (`1st`, `22nd`).
fn ordinal(n: u32) -> String {
    let v = n % 100;
    let suffix = |i: u32| ["th", "st", "nd", "rd"].get(i as usize).copied();
    let s = v
        .checked_sub(20)
        .and_then(|x| suffix(x % 10))
        .or_else(|| suffix(v))
        .unwrap_or("th");
    format!("{n}{s}")
}

fn pad(value: i64, width: usize) -> String {
    let s = value.to_string();
    if s.len() >= width {
        s
    } else {
        format!("{}{s}", "0".repeat(width - s.len()))
    }
}

struct FormatCtx<'a> {
    f: Fields,
    t: i64,
    zone: &'a Zone,
}

impl FormatCtx<'_> {
    fn utc_offset(&self) -> i64 {
        self.utc_offset_at(self.t)
    }

    /// dayjs `utcOffset()`: minutes east of UTC, rounded to 15 minutes.
    fn utc_offset_at(&self, t: i64) -> i64 {
        let tzo = -(self.zone.offset_ms(t) as f64) / 60_000.0;
        -(civil::js_round(tzo / 15.0) as i64) * 15
    }

    fn zone_string(&self) -> String {
        let neg = -self.utc_offset();
        let minutes = neg.abs();
        let sign = if neg <= 0 { '+' } else { '-' };
        format!("{sign}{}:{}", pad(minutes / 60, 2), pad(minutes % 60, 2))
    }

    fn iso_weekday(&self) -> i64 {
        if self.f.weekday == 0 {
            7
        } else {
            self.f.weekday
        }
    }

    /// The Thursday of this ISO week (same time of day).
    fn week_thursday(&self) -> Option<i64> {
        self.zone.add_days(self.t, (4 - self.iso_weekday()) as f64)
    }

    fn iso_week_year(&self) -> Option<i64> {
        Some(self.zone.fields(self.week_thursday()?).year)
    }

    fn iso_week(&self) -> Option<i64> {
        let thursday = self.week_thursday()?;
        let year = self.zone.fields(thursday).year;
        // dayjs().year(year).startOf('year'): January 1 of that year, local midnight.
        let jan1 = self.zone.make([
            civil::make_full_year(year as f64),
            0.0,
            1.0,
            0.0,
            0.0,
            0.0,
            0.0,
        ])?;
        let wd = self.zone.fields(jan1).weekday;
        let iso = if wd == 0 { 7 } else { wd };
        let mut add = 4 - iso;
        if iso > 4 {
            add += 7;
        }
        let first = self.zone.add_days(jan1, add as f64)?;
        let zone_delta = self.utc_offset_at(first) - self.utc_offset_at(thursday);
        let diff = (thursday - first) as f64 - (zone_delta * 60_000) as f64;
        let weeks = diff / (7.0 * civil::MS_PER_DAY as f64);
        let floored = if weeks < 0.0 {
            weeks.ceil()
        } else {
            weeks.floor()
        };
        Some(floored as i64 + 1)
    }
}

/// `dayjs(t).format(fmt)` with the `advancedFormat` and `isoWeek` plugins.
pub(crate) fn format(t: i64, fmt: &str, zone: &Zone) -> Result<String, FormatError> {
    if fmt == "YYYY-MM-DD" {
        // The common case, without the general two-pass replacement.
        let f = zone.fields(t);
        if (0..=9999).contains(&f.year) {
            return Ok(format!("{:04}-{:02}-{:02}", f.year, f.month + 1, f.day));
        }
    }
    let cx = FormatCtx {
        f: zone.fields(t),
        t,
        zone,
    };
    if fmt == "YYYY-MM-DDTHH:mm:ssZ" && (0..=9999).contains(&cx.f.year) {
        // dayjs's default format (used for excluded days when a chart has no dateFormat),
        // written directly: excluded-day walks format every day.
        let f = &cx.f;
        return Ok(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            f.year,
            f.month + 1,
            f.day,
            f.hour,
            f.minute,
            f.second,
            cx.zone_string()
        ));
    }
    general_format(&cx, fmt)
}

/// `format` by the two passes, for any format.
fn general_format(cx: &FormatCtx<'_>, fmt: &str) -> Result<String, FormatError> {
    let pre = advanced_pass(cx, fmt)?;
    Ok(core_pass(cx, &pre))
}

fn advanced_pass(cx: &FormatCtx<'_>, fmt: &str) -> Result<String, FormatError> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() + 8);
    let mut i = 0;
    let type_error = |what: &str| FormatError(format!("TypeError: this.{what} is not a function"));
    while i < chars.len() {
        let c = chars[i];
        if c == '['
            && let Some(close) = chars[i + 1..].iter().position(|&x| x == ']')
            && close > 0
        {
            out.extend(&chars[i..i + close + 2]);
            i += close + 2;
            continue;
        }
        let rest = &chars[i..];
        let starts = |s: &str| s.chars().zip(rest).filter(|(a, b)| a == *b).count() == s.len();
        let (len, text) = if c == 'Q' {
            (1, ((cx.f.month + 1 + 2) / 3).to_string())
        } else if starts("wo") || starts("ww") || c == 'w' {
            return Err(type_error("week"));
        } else if starts("WW") {
            (2, pad(cx.iso_week().unwrap_or(0), 2))
        } else if c == 'W' {
            (1, cx.iso_week().unwrap_or(0).to_string())
        } else if c == 'z' {
            return Err(type_error("offsetName"));
        } else if starts("gggg") {
            return Err(type_error("weekYear"));
        } else if starts("GGGG") {
            (4, cx.iso_week_year().unwrap_or(0).to_string())
        } else if starts("Do") {
            (2, format!("[{}]", ordinal(cx.f.day as u32)))
        } else if c == 'X' {
            (1, t_div_floor(cx.t, 1000).to_string())
        } else if c == 'x' {
            (1, cx.t.to_string())
        } else if c == 'k' {
            let h = if cx.f.hour == 0 { 24 } else { cx.f.hour };
            if starts("kk") {
                (2, pad(h, 2))
            } else {
                (1, h.to_string())
            }
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        out.push_str(&text);
        i += len;
    }
    Ok(out)
}

fn t_div_floor(t: i64, d: i64) -> i64 {
    t.div_euclid(d)
}

fn core_pass(cx: &FormatCtx<'_>, fmt: &str) -> String {
    let f = &cx.f;
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '['
            && let Some(close) = chars[i + 1..].iter().position(|&x| x == ']')
            && close > 0
        {
            out.extend(&chars[i + 1..i + 1 + close]);
            i += close + 2;
            continue;
        }
        let max = match c {
            'Y' | 'M' | 'd' => 4,
            'D' | 'H' | 'h' | 'm' | 's' | 'Z' => 2,
            'a' | 'A' => 1,
            'S' if chars[i..].iter().take(3).filter(|&&x| x == 'S').count() == 3 => 3,
            _ => 0,
        };
        if max == 0 {
            out.push(c);
            i += 1;
            continue;
        }
        let n = if max == 1 {
            1
        } else {
            run_of(&chars, i, c, max)
        };
        let hour12 = if f.hour % 12 == 0 { 12 } else { f.hour % 12 };
        let meridiem = if f.hour < 12 { "AM" } else { "PM" };
        let text: Option<String> = match (c, n) {
            ('Y', 2) => {
                let s = f.year.to_string();
                Some(s[s.len().saturating_sub(2)..].to_string())
            }
            ('Y', 4) => Some(pad(f.year, 4)),
            ('M', 1) => Some((f.month + 1).to_string()),
            ('M', 2) => Some(pad(f.month + 1, 2)),
            ('M', 3) => Some(MONTHS[f.month as usize][..3].to_string()),
            ('M', 4) => Some(MONTHS[f.month as usize].to_string()),
            ('D', 1) => Some(f.day.to_string()),
            ('D', 2) => Some(pad(f.day, 2)),
            ('d', 1) => Some(f.weekday.to_string()),
            ('d', 2) => Some(WEEKDAYS[f.weekday as usize][..2].to_string()),
            ('d', 3) => Some(WEEKDAYS[f.weekday as usize][..3].to_string()),
            ('d', 4) => Some(WEEKDAYS[f.weekday as usize].to_string()),
            ('H', 1) => Some(f.hour.to_string()),
            ('H', 2) => Some(pad(f.hour, 2)),
            ('h', 1) => Some(hour12.to_string()),
            ('h', 2) => Some(pad(hour12, 2)),
            ('a', _) => Some(meridiem.to_ascii_lowercase()),
            ('A', _) => Some(meridiem.to_string()),
            ('m', 1) => Some(f.minute.to_string()),
            ('m', 2) => Some(pad(f.minute, 2)),
            ('s', 1) => Some(f.second.to_string()),
            ('s', 2) => Some(pad(f.second, 2)),
            ('S', 3) => Some(pad(f.ms, 3)),
            ('Z', 1) => Some(cx.zone_string()),
            _ => None,
        };
        // Unknown token lengths (Y, YYY, ZZ) fall through to the zone string without ':'.
        out.push_str(&text.unwrap_or_else(|| cx.zone_string().replacen(':', "", 1)));
        i += n;
    }
    out
}

/// `dayjs(t).add(value, unit)` for the duration units of a task (`ms s m h d w M y`).
pub(crate) fn add(zone: &Zone, t: i64, value: f64, unit: &str) -> Option<i64> {
    match unit {
        "d" => zone.add_days(t, civil::js_round(value)),
        "w" => zone.add_days(t, civil::js_round(7.0 * value)),
        "M" => add_months(zone, t, value),
        "y" => {
            let f = zone.fields(t);
            set_year_month(zone, t, f.year as f64 + value, f.month as f64)
        }
        _ => {
            let step = match unit {
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                "s" => 1000.0,
                _ => 1.0,
            };
            civil::time_clip_f64(t as f64 + value * step)
        }
    }
}

fn add_months(zone: &Zone, t: i64, value: f64) -> Option<i64> {
    let f = zone.fields(t);
    set_year_month(zone, t, f.year as f64, f.month as f64 + value)
}

/// dayjs `$set` for month/year: move to day 1, set, then clamp the day to the month length.
fn set_year_month(zone: &Zone, t: i64, year: f64, month: f64) -> Option<i64> {
    let f = zone.fields(t);
    let first = zone.with_fields(t, |p| p[2] = 1.0)?;
    let moved = zone.with_fields(first, |p| {
        p[0] = year.trunc();
        p[1] = month.trunc();
    })?;
    let m = zone.fields(moved);
    let dim = civil::days_in_month(m.year, m.month);
    zone.with_fields(moved, |p| p[2] = f.day.min(dim) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_format_shortcut_writes_what_the_two_passes_write() {
        let zones = [
            Zone::utc(),
            Zone::named("Europe/Copenhagen").unwrap(),
            Zone::named("America/St_Johns").unwrap(),
        ];
        for zone in &zones {
            // Every three days and some hours over four centuries, at every hour of the day.
            let mut t = -11_000_000_000_000i64;
            while t < 2_000_000_000_000 {
                let cx = FormatCtx {
                    f: zone.fields(t),
                    t,
                    zone,
                };
                let fmt = "YYYY-MM-DDTHH:mm:ssZ";
                assert_eq!(format(t, fmt, zone), general_format(&cx, fmt), "{t}");
                t += 3 * 86_400_000 + 5 * 3_600_000 + 61_001;
            }
        }
    }

    fn ctx(zone: &Zone) -> Ctx<'_> {
        // 2025-06-15T10:30:00Z
        Ctx {
            zone,
            now: 1_749_983_400_000,
        }
    }

    fn iso(t: i64) -> String {
        let f = Zone::utc().fields(t);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
            f.year,
            f.month + 1,
            f.day,
            f.hour,
            f.minute,
            f.second,
            f.ms
        )
    }

    fn parse(fmt: &str, input: &str) -> Option<String> {
        let z = Zone::utc();
        DayjsFormat::new(fmt).parse_strict(input, ctx(&z)).map(iso)
    }

    #[test]
    fn the_iso_fast_path_agrees_with_the_general_parser() {
        let z = Zone::utc();
        let general = DayjsFormat::new("YYYY-MM-DD");
        for input in [
            "2025-03-07",
            "2025-00-01",
            "2025-02-29",
            "2024-02-29",
            "0099-01-01",
            "0100-01-01",
            "0000-01-01",
            "2025-13-01",
            "2025-1-05",
            "20250-1-05",
            "2025-03-07 ",
            "2025/03/07",
        ] {
            assert_eq!(
                parse_iso_date(input, &z),
                general.parse_general(input, ctx(&z)),
                "{input}"
            );
        }
    }

    #[test]
    fn strict_iso_dates() {
        assert_eq!(
            parse("YYYY-MM-DD", "2025-03-07").as_deref(),
            Some("2025-03-07T00:00:00.000")
        );
        assert_eq!(parse("YYYY-MM-DD", "2025-1-5"), None, "padding must match");
        assert_eq!(parse("YYYY-MM-DD", "2025-00-01"), None);
        assert_eq!(parse("YYYY-MM-DD", "2025-02-30"), None);
        assert_eq!(parse("YYYY-MM-DD", "2025-02-28 "), None);
        assert_eq!(parse("", "2025-02-28"), None, "no format never parses");
        assert_eq!(
            parse("YYYY-MM-DD HH:mm:ss", "2025-03-07 10:05:00").as_deref(),
            Some("2025-03-07T10:05:00.000")
        );
        assert_eq!(
            parse("DD.MM.YYYY", "07.03.2025").as_deref(),
            Some("2025-03-07T00:00:00.000")
        );
    }

    #[test]
    fn missing_fields_come_from_now() {
        assert_eq!(
            parse("HH:mm", "09:15").as_deref(),
            Some("2025-06-15T09:15:00.000")
        );
        assert_eq!(
            parse("ss", "05").as_deref(),
            Some("2025-06-15T00:00:05.000")
        );
        assert_eq!(parse("ss", "5"), None);
        assert_eq!(parse("D", "3").as_deref(), Some("2025-06-03T00:00:00.000"));
        assert_eq!(
            parse("YYYY", "2014").as_deref(),
            Some("2014-01-01T00:00:00.000")
        );
    }

    #[test]
    fn epoch_formats() {
        assert_eq!(parse("X", "71").as_deref(), Some("1970-01-01T00:01:11.000"));
        assert_eq!(
            parse("x", "1500").as_deref(),
            Some("1970-01-01T00:00:01.500")
        );
        assert_eq!(parse("X", "071"), None);
    }

    #[test]
    fn odd_corners() {
        // Unknown letters are skipped by the tokenizer but printed by format.
        assert_eq!(
            parse("ddd YYYY-MM-DD", "Fri 2025-03-07").as_deref(),
            Some("2025-03-07T00:00:00.000")
        );
        assert_eq!(
            parse("MMM D, YYYY", "Mar 7, 2025").as_deref(),
            Some("2025-03-07T00:00:00.000")
        );
        assert_eq!(
            parse("Do MMMM YYYY", "7th March 2025").as_deref(),
            Some("2025-03-07T00:00:00.000")
        );
        assert_eq!(
            parse("LL", "March 7, 2025"),
            None,
            "localized formats throw"
        );
        assert_eq!(
            parse("YYYY-MM-DD hh:mm A", "2025-03-07 01:30 PM").as_deref(),
            Some("2025-03-07T13:30:00.000")
        );
        assert_eq!(
            parse("YYYY-MM-DDTHH:mm:ssZ", "2025-03-07T10:00:00+00:00").as_deref(),
            Some("2025-03-07T10:00:00.000")
        );
        assert_eq!(
            parse("YYYY-MM-DDTHH:mm:ssZ", "2025-03-07T10:00:00+01:00"),
            None,
            "#7026"
        );
    }

    #[test]
    fn formats() {
        let z = Zone::utc();
        let t = 1_741_305_600_000; // 2025-03-07
        let f = |fmt: &str| format(t, fmt, &z).unwrap();
        assert_eq!(f("YYYY-MM-DD"), "2025-03-07");
        assert_eq!(f("dddd"), "Friday");
        assert_eq!(f("Q [Q] Do"), "1 Q 7th");
        assert_eq!(f("W GGGG"), "10 2025");
        assert_eq!(f("Y"), "+0000");
        assert_eq!(f("ZZ"), "+0000");
        assert!(format(t, "ww", &z).is_err());
    }

    #[test]
    fn adding() {
        let z = Zone::utc();
        let t = 1_738_281_600_000; // 2025-01-31
        let a = |v: f64, u: &str| add(&z, t, v, u).map(iso);
        assert_eq!(a(1.0, "M").as_deref(), Some("2025-02-28T00:00:00.000"));
        assert_eq!(a(1.5, "M").as_deref(), Some("2025-02-28T00:00:00.000"));
        assert_eq!(a(0.5, "d").as_deref(), Some("2025-02-01T00:00:00.000"));
        assert_eq!(a(0.4, "d").as_deref(), Some("2025-01-31T00:00:00.000"));
        assert_eq!(a(1.5, "w").as_deref(), Some("2025-02-11T00:00:00.000"));
        assert_eq!(a(0.005, "s").as_deref(), Some("2025-01-31T00:00:00.005"));
        assert_eq!(a(0.5, "y").as_deref(), Some("2025-01-31T00:00:00.000"));
        assert_eq!(a(1e300, "d"), None);
    }
}
