//! `new Date(string)` as V8 (Chrome, Node) parses it: ES5 ISO date-time strings first, then
//! the lenient "legacy" format. Mermaid falls back to it for start dates that do not match
//! the chart's `dateFormat`, which is why `2025-1-5` or `2025-02-30` still give a chart.

use super::civil;
use super::zone::Zone;

const NONE: i64 = i64::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Number { value: i64, len: usize },
    Symbol(char),
    Keyword { kind: Kw, value: i64, len: usize },
    WhiteSpace,
    Unknown,
    End,
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
    Invalid,
    Month,
    TimeZone,
    TimeSeparator,
    AmPm,
}

impl Tok {
    fn is_number(self) -> bool {
        matches!(self, Tok::Number { .. })
    }
    fn is_fixed(self, n: usize) -> bool {
        matches!(self, Tok::Number { len, .. } if len == n)
    }
    fn number(self) -> i64 {
        match self {
            Tok::Number { value, .. } => value,
            _ => 0,
        }
    }
    fn is_symbol(self, c: char) -> bool {
        self == Tok::Symbol(c)
    }
    fn is_sign(self) -> bool {
        matches!(self, Tok::Symbol('+' | '-'))
    }
    fn sign(self) -> i64 {
        if self == Tok::Symbol('-') { -1 } else { 1 }
    }
    fn is_keyword_z(self) -> bool {
        matches!(
            self,
            Tok::Keyword {
                kind: Kw::TimeZone,
                value: 0,
                len: 1
            }
        )
    }
}

struct Scanner {
    chars: Vec<char>,
    pos: usize,
    next: Tok,
}

impl Scanner {
    fn new(s: &str) -> Scanner {
        // A NUL character ends the input, as in V8.
        let chars: Vec<char> = s.chars().take_while(|&c| c != '\0').collect();
        let mut sc = Scanner {
            chars,
            pos: 0,
            next: Tok::End,
        };
        sc.next = sc.scan();
        sc
    }

    fn peek(&self) -> Tok {
        self.next
    }

    fn advance(&mut self) -> Tok {
        let t = self.next;
        self.next = self.scan();
        t
    }

    fn skip_symbol(&mut self, c: char) -> bool {
        if self.next.is_symbol(c) {
            self.next = self.scan();
            true
        } else {
            false
        }
    }

    fn ch(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn scan(&mut self) -> Tok {
        let Some(c) = self.ch() else {
            return Tok::End;
        };
        if c.is_ascii_digit() {
            let mut value: i64 = 0;
            let mut len = 0;
            while let Some(d) = self.ch().filter(char::is_ascii_digit) {
                if len < 9 {
                    value = value * 10 + i64::from(d as u8 - b'0');
                }
                len += 1;
                self.pos += 1;
            }
            return Tok::Number { value, len };
        }
        if matches!(c, ':' | '-' | '+' | '.' | ')') {
            self.pos += 1;
            return Tok::Symbol(c);
        }
        if c >= 'A' {
            let mut prefix = [0u32; 3];
            let mut len = 0;
            while let Some(w) = self.ch().filter(|&w| w >= 'A') {
                if len < 3 {
                    prefix[len] = u32::from(w) | 0x20;
                }
                len += w.len_utf16();
                self.pos += 1;
            }
            let (kind, value) = lookup(prefix, len);
            return Tok::Keyword { kind, value, len };
        }
        if matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ') {
            self.pos += 1;
            return Tok::WhiteSpace;
        }
        if c == '(' {
            let mut balance = 0;
            loop {
                match self.ch() {
                    Some(')') => balance -= 1,
                    Some('(') => balance += 1,
                    _ => {}
                }
                self.pos += 1;
                if balance <= 0 || self.ch().is_none() {
                    break;
                }
            }
            return Tok::Unknown;
        }
        self.pos += 1;
        Tok::Unknown
    }
}

fn lookup(prefix: [u32; 3], len: usize) -> (Kw, i64) {
    const TABLE: &[(&[u8; 3], Kw, i64)] = &[
        (b"jan", Kw::Month, 1),
        (b"feb", Kw::Month, 2),
        (b"mar", Kw::Month, 3),
        (b"apr", Kw::Month, 4),
        (b"may", Kw::Month, 5),
        (b"jun", Kw::Month, 6),
        (b"jul", Kw::Month, 7),
        (b"aug", Kw::Month, 8),
        (b"sep", Kw::Month, 9),
        (b"oct", Kw::Month, 10),
        (b"nov", Kw::Month, 11),
        (b"dec", Kw::Month, 12),
        (b"am\0", Kw::AmPm, 0),
        (b"pm\0", Kw::AmPm, 12),
        (b"ut\0", Kw::TimeZone, 0),
        (b"utc", Kw::TimeZone, 0),
        (b"z\0\0", Kw::TimeZone, 0),
        (b"gmt", Kw::TimeZone, 0),
        (b"cdt", Kw::TimeZone, -5),
        (b"cst", Kw::TimeZone, -6),
        (b"edt", Kw::TimeZone, -4),
        (b"est", Kw::TimeZone, -5),
        (b"mdt", Kw::TimeZone, -6),
        (b"mst", Kw::TimeZone, -7),
        (b"pdt", Kw::TimeZone, -7),
        (b"pst", Kw::TimeZone, -8),
        (b"t\0\0", Kw::TimeSeparator, 0),
    ];
    for (key, kind, value) in TABLE {
        let matches = key.iter().zip(prefix).all(|(&k, p)| u32::from(k) == p);
        if matches && (len <= 3 || *kind == Kw::Month) {
            return (*kind, *value);
        }
    }
    (Kw::Invalid, 0)
}

#[derive(Default)]
struct Day {
    comp: Vec<i64>,
    named_month: Option<i64>,
    iso: bool,
}

impl Day {
    fn add(&mut self, n: i64) -> bool {
        if self.comp.len() < 3 {
            self.comp.push(n);
            true
        } else {
            false
        }
    }

    fn write(&self) -> Option<(i64, i64, i64)> {
        if self.comp.is_empty() {
            return None;
        }
        let mut c = self.comp.clone();
        while c.len() < 3 {
            c.push(1);
        }
        let is_day = |x: i64| (1..=31).contains(&x);
        let (mut year, month, day) = match self.named_month {
            None if self.iso || !is_day(c[0]) => (c[0], c[1], c[2]),
            None => (c[2], c[0], c[1]),
            Some(m) if !is_day(c[0]) => (c[0], m, c[1]),
            Some(m) => (c[1], m, c[0]),
        };
        if !self.iso {
            if (0..=49).contains(&year) {
                year += 2000;
            } else if (50..=99).contains(&year) {
                year += 1900;
            }
        }
        if !(1..=12).contains(&month) || !is_day(day) {
            return None;
        }
        Some((year, month - 1, day))
    }
}

#[derive(Default)]
struct Time {
    comp: Vec<i64>,
    hour_offset: Option<i64>,
}

impl Time {
    fn is_empty(&self) -> bool {
        self.comp.is_empty()
    }
    fn add(&mut self, n: i64) -> bool {
        if self.comp.len() < 4 {
            self.comp.push(n);
            true
        } else {
            false
        }
    }
    fn add_final(&mut self, n: i64) -> bool {
        if !self.add(n) {
            return false;
        }
        while self.comp.len() < 4 {
            self.comp.push(0);
        }
        true
    }
    fn is_expecting(&self, n: i64) -> bool {
        match self.comp.len() {
            1 | 2 => (0..=59).contains(&n),
            3 => (0..=999).contains(&n),
            _ => false,
        }
    }
    fn write(&self) -> Option<[i64; 4]> {
        let mut c = self.comp.clone();
        while c.len() < 4 {
            c.push(0);
        }
        let (mut hour, minute, second, ms) = (c[0], c[1], c[2], c[3]);
        if let Some(offset) = self.hour_offset {
            if !(0..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + offset;
        }
        let ok = (0..=23).contains(&hour)
            && (0..=59).contains(&minute)
            && (0..=59).contains(&second)
            && (0..=999).contains(&ms);
        if !ok && (hour != 24 || minute != 0 || second != 0 || ms != 0) {
            return None;
        }
        Some([hour, minute, second, ms])
    }
}

struct Tz {
    sign: i64,
    hour: i64,
    minute: i64,
}

impl Default for Tz {
    fn default() -> Self {
        Tz {
            sign: NONE,
            hour: NONE,
            minute: NONE,
        }
    }
}

impl Tz {
    fn set(&mut self, hours: i64) {
        self.sign = if hours < 0 { -1 } else { 1 };
        self.hour = hours.abs();
        self.minute = 0;
    }
    fn is_expecting(&self, n: i64) -> bool {
        self.hour != NONE && self.minute == NONE && (0..=59).contains(&n)
    }
    fn is_utc(&self) -> bool {
        self.hour == 0 && self.minute == 0
    }
    fn is_empty(&self) -> bool {
        self.hour == NONE
    }
    /// Offset in seconds, `None` for local time; `Err` if invalid.
    fn write(&self) -> Result<Option<i64>, ()> {
        if self.sign == NONE {
            return Ok(None);
        }
        let hour = if self.hour == NONE { 0 } else { self.hour };
        let minute = if self.minute == NONE { 0 } else { self.minute };
        let total = hour * 3600 + minute * 60;
        if total > i64::from(i32::MAX) {
            return Err(());
        }
        Ok(Some(if self.sign < 0 { -total } else { total }))
    }
}

fn read_milliseconds(tok: Tok) -> i64 {
    let Tok::Number { value, len } = tok else {
        return 0;
    };
    match len {
        1 => value * 100,
        2 => value * 10,
        3 => value,
        _ => {
            let len = len.min(9);
            value / 10i64.pow((len - 3) as u32)
        }
    }
}

/// Returns the token to continue with, `End` when done, `Invalid` when fatal.
fn parse_es5(sc: &mut Scanner, day: &mut Day, time: &mut Time, tz: &mut Tz) -> Tok {
    if sc.peek().is_sign() {
        let sign_tok = sc.advance();
        if !sc.peek().is_fixed(6) {
            return sign_tok;
        }
        let year = sc.advance().number();
        if sign_tok.sign() < 0 && year == 0 {
            return sign_tok;
        }
        day.add(sign_tok.sign() * year);
    } else if sc.peek().is_fixed(4) {
        day.add(sc.advance().number());
    } else {
        return sc.advance();
    }
    if sc.skip_symbol('-') {
        if !sc.peek().is_fixed(2) || !(1..=12).contains(&sc.peek().number()) {
            return sc.advance();
        }
        day.add(sc.advance().number());
        if sc.skip_symbol('-') {
            if !sc.peek().is_fixed(2) || !(1..=31).contains(&sc.peek().number()) {
                return sc.advance();
            }
            day.add(sc.advance().number());
        }
    }
    if !matches!(
        sc.peek(),
        Tok::Keyword {
            kind: Kw::TimeSeparator,
            ..
        }
    ) {
        if sc.peek() != Tok::End {
            return sc.advance();
        }
    } else {
        sc.advance();
        if !sc.peek().is_fixed(2) || !(0..=24).contains(&sc.peek().number()) {
            return Tok::Invalid;
        }
        let hour_is_24 = sc.peek().number() == 24;
        time.add(sc.advance().number());
        if !sc.skip_symbol(':') {
            return Tok::Invalid;
        }
        if !sc.peek().is_fixed(2)
            || !(0..=59).contains(&sc.peek().number())
            || (hour_is_24 && sc.peek().number() > 0)
        {
            return Tok::Invalid;
        }
        time.add(sc.advance().number());
        if sc.skip_symbol(':') {
            if !sc.peek().is_fixed(2)
                || !(0..=59).contains(&sc.peek().number())
                || (hour_is_24 && sc.peek().number() > 0)
            {
                return Tok::Invalid;
            }
            time.add(sc.advance().number());
            if sc.skip_symbol('.') {
                if !sc.peek().is_number() || (hour_is_24 && sc.peek().number() > 0) {
                    return Tok::Invalid;
                }
                time.add(read_milliseconds(sc.advance()));
            }
        }
        if sc.peek().is_keyword_z() {
            sc.advance();
            tz.set(0);
        } else if sc.peek().is_sign() {
            tz.sign = sc.advance().sign();
            if sc.peek().is_fixed(4) {
                let hm = sc.advance().number();
                let (h, m) = (hm / 100, hm % 100);
                if !(0..=23).contains(&h) || !(0..=59).contains(&m) {
                    return Tok::Invalid;
                }
                tz.hour = h;
                tz.minute = m;
            } else {
                if !sc.peek().is_fixed(2) || !(0..=23).contains(&sc.peek().number()) {
                    return Tok::Invalid;
                }
                tz.hour = sc.advance().number();
                if !sc.skip_symbol(':') {
                    return Tok::Invalid;
                }
                if !sc.peek().is_fixed(2) || !(0..=59).contains(&sc.peek().number()) {
                    return Tok::Invalid;
                }
                tz.minute = sc.advance().number();
            }
        }
        if sc.peek() != Tok::End {
            return Tok::Invalid;
        }
    }
    // Date-only forms are UTC, date-time forms local.
    if tz.is_empty() && time.is_empty() {
        tz.set(0);
    }
    day.iso = true;
    Tok::End
}

/// `new Date(input).getTime()` in `zone`, or `None` for an invalid date.
pub(crate) fn parse(input: &str, zone: &Zone) -> Option<i64> {
    let mut sc = Scanner::new(input);
    let mut day = Day::default();
    let mut time = Time::default();
    let mut tz = Tz::default();

    let mut tok = parse_es5(&mut sc, &mut day, &mut time, &mut tz);
    if tok == Tok::Invalid {
        return None;
    }
    let mut has_read_number = !day.comp.is_empty();
    while tok != Tok::End {
        match tok {
            Tok::Number { value: n, .. } => {
                has_read_number = true;
                if sc.skip_symbol(':') {
                    if sc.skip_symbol(':') {
                        if !time.is_empty() {
                            return None;
                        }
                        time.add(n);
                        time.add(0);
                    } else {
                        if !time.add(n) {
                            return None;
                        }
                        if sc.peek().is_symbol('.') {
                            sc.advance();
                        }
                    }
                } else if sc.skip_symbol('.') && time.is_expecting(n) {
                    time.add(n);
                    if !sc.peek().is_number() {
                        return None;
                    }
                    let ms = read_milliseconds(sc.advance());
                    if ms < 0 {
                        return None;
                    }
                    time.add_final(ms);
                } else if tz.is_expecting(n) {
                    tz.minute = n;
                } else if time.is_expecting(n) {
                    time.add_final(n);
                    let p = sc.peek();
                    if p != Tok::End && p != Tok::WhiteSpace && !p.is_keyword_z() && !p.is_sign() {
                        return None;
                    }
                } else {
                    if !day.add(n) {
                        return None;
                    }
                    sc.skip_symbol('-');
                }
            }
            Tok::Keyword { kind, value, .. } => {
                if kind == Kw::AmPm && !time.is_empty() {
                    time.hour_offset = Some(value);
                } else if kind == Kw::Month {
                    day.named_month = Some(value);
                    sc.skip_symbol('-');
                } else if kind == Kw::TimeZone && has_read_number {
                    tz.set(value);
                } else {
                    if has_read_number {
                        return None;
                    }
                    if sc.peek().is_number() {
                        return None;
                    }
                }
            }
            t if t.is_sign() && (tz.is_utc() || !time.is_empty()) => {
                tz.sign = t.sign();
                let mut n = 0;
                let mut len = 0;
                if let Tok::Number { value, len: l } = sc.peek() {
                    sc.advance();
                    n = value;
                    len = l;
                }
                has_read_number = true;
                if sc.peek().is_symbol(':') {
                    tz.hour = n;
                    tz.minute = NONE;
                } else if len == 1 || len == 2 {
                    tz.hour = n;
                    tz.minute = 0;
                } else if len == 3 || len == 4 {
                    tz.hour = n / 100;
                    tz.minute = n % 100;
                } else {
                    return None;
                }
            }
            t if (t.is_sign() || t.is_symbol(')')) && has_read_number => return None,
            _ => {}
        }
        tok = sc.advance();
    }

    let (year, month, date) = day.write()?;
    let [h, mi, s, ms] = time.write()?;
    let offset = tz.write().ok()?;
    let dayn = civil::make_day(year as f64, month as f64, date as f64)?;
    let t = civil::make_date(
        dayn,
        civil::make_time(h as f64, mi as f64, s as f64, ms as f64)?,
    )?;
    match offset {
        None => {
            if t.abs() > civil::MAX_TIME + 864_000_000 {
                return None;
            }
            civil::time_clip(zone.utc_of_local(t))
        }
        Some(seconds) => civil::time_clip(t - seconds * 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(input: &str) -> Option<String> {
        let z = Zone::utc();
        parse(input, &z).map(|t| {
            let f = z.fields(t);
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
        })
    }

    #[test]
    fn the_forms_mermaid_users_hit() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2025-01-05", Some("2025-01-05T00:00:00.000")),
            ("2025-02-29", Some("2025-03-01T00:00:00.000")),
            ("2025-02-30", Some("2025-03-02T00:00:00.000")),
            ("2025-02-31", Some("2025-03-03T00:00:00.000")),
            ("2025-00-01", None),
            ("2025-13-01", None),
            ("2025-02-32", None),
            ("2025-1-5", Some("2025-01-05T00:00:00.000")),
            ("2025/01/05", Some("2025-01-05T00:00:00.000")),
            ("01/05/2025", Some("2025-01-05T00:00:00.000")),
            ("5 Jan 2025", Some("2025-01-05T00:00:00.000")),
            ("Jan 5, 2025", Some("2025-01-05T00:00:00.000")),
            ("2025.01.05", Some("2025-01-05T00:00:00.000")),
            ("March 2025", Some("2025-03-01T00:00:00.000")),
            ("1.5.2025", Some("2025-01-05T00:00:00.000")),
            ("5.1.2025", Some("2025-05-01T00:00:00.000")),
            ("2025-01-05 10:00", Some("2025-01-05T10:00:00.000")),
            ("2025-01-05T10:00", Some("2025-01-05T10:00:00.000")),
            ("2025", Some("2025-01-01T00:00:00.000")),
            ("2025-01", Some("2025-01-01T00:00:00.000")),
            ("0", Some("2000-01-01T00:00:00.000")),
            ("00", Some("2000-01-01T00:00:00.000")),
            ("7", Some("2001-07-01T00:00:00.000")),
            ("007", Some("2001-07-01T00:00:00.000")),
            ("13", None),
            ("31", None),
            ("32", Some("2032-01-01T00:00:00.000")),
            ("49", Some("2049-01-01T00:00:00.000")),
            ("50", Some("1950-01-01T00:00:00.000")),
            ("99", Some("1999-01-01T00:00:00.000")),
            ("100", Some("0100-01-01T00:00:00.000")),
            ("2.5", Some("2001-02-05T00:00:00.000")),
            ("1 2", Some("2001-01-02T00:00:00.000")),
            ("20250105", None),
            ("v1", None),
            ("Q1 2025", None),
            ("after æble", None),
            ("202-12-01", Some("0202-12-01T00:00:00.000")),
            ("10000-01-01", Some("10000-01-01T00:00:00.000")),
            ("2025-01-05T10:00:00Z", Some("2025-01-05T10:00:00.000")),
            ("2025-01-05T10:00:00+01:00", Some("2025-01-05T09:00:00.000")),
            ("2025-01-05 10:00 PM", Some("2025-01-05T22:00:00.000")),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(iso(input).as_deref(), *want, "new Date({input:?})");
        }
    }

    #[test]
    fn date_only_iso_is_utc_but_other_forms_are_local() {
        let z = Zone::named("+02:00").unwrap();
        let utc = parse("2025-01-05", &z).unwrap();
        let local = parse("2025-1-5", &z).unwrap();
        assert_eq!(utc - local, 2 * 3_600_000);
    }
}
