//! Dates as authors write them (`2026-06-04`, `19-08-2025`, `4. juni 2026`, …) and Ruby's
//! `strftime` (Jekyll's `date` filter) with Danish or English names.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// Danish month names.
pub const MONTHS_DA: [&str; 12] = [
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
/// Danish abbreviated month names.
pub const MONTHS_DA_SHORT: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];
/// Danish weekday names, Monday first.
pub const WEEKDAYS_DA: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_DA_SHORT: [&str; 7] = ["man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."];
/// English month names.
pub const MONTHS_EN: [&str; 12] = [
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
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Reads a date or date-time the way people write them in governance documents: ISO
/// (`2026-06-04`, `2026-06-04 10:00:00 +0200`, RFC 3339), `DD-MM-YYYY`, `DD.MM.YYYY`,
/// `DD.MM.YY`, `D/M-YYYY`, `D.M.YYYY`, `4. juni 2026`, `YYYYMMDD`, a Unix timestamp, or
/// `now`/`today`. Dates without a time are midnight in `tz`.
pub fn parse_date(text: &str, tz: &TimeZone, now: &Zoned) -> Option<Zoned> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") || t.eq_ignore_ascii_case("today") {
        return Some(now.clone());
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Some(ts.to_zoned(tz.clone()));
    }
    if let Ok(z) = t.parse::<Zoned>() {
        return Some(z);
    }
    // `2026-06-04 10:00:00 +0200` (Jekyll's site.time shape).
    if let Some((dt, off)) = t.rsplit_once(' ')
        && (off.starts_with('+') || off.starts_with('-'))
        && let Ok(dt) = dt.trim().replace(' ', "T").parse::<DateTime>()
        && let Ok(offset) = parse_offset(off)
    {
        return dt.to_zoned(TimeZone::fixed(offset)).ok();
    }
    if let Ok(dt) = t.replace(' ', "T").parse::<DateTime>() {
        return dt.to_zoned(tz.clone()).ok();
    }
    // A Unix timestamp (longer than `YYYYMMDD`).
    if t.len() >= 9 && t.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = t.parse().ok()?;
        return Timestamp::from_second(secs)
            .ok()
            .map(|ts| ts.to_zoned(tz.clone()));
    }
    parse_day(t).and_then(|d| d.to_zoned(tz.clone()).ok())
}

fn parse_offset(s: &str) -> Result<jiff::tz::Offset, ()> {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return Err(());
    }
    let h: i32 = digits[..2].parse().map_err(|_| ())?;
    let m: i32 = digits[2..].parse().map_err(|_| ())?;
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).map_err(|_| ())
}

/// A calendar date in any of the written forms (see [`parse_date`]); two-digit years are 20YY.
pub fn parse_day(text: &str) -> Option<Date> {
    let t = text.trim().trim_end_matches('.');
    if let Ok(d) = t.parse::<Date>() {
        return Some(d);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&t[..4], &t[4..6], &t[6..]);
        return Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok();
    }
    // `4. juni 2026`, `4 juni 2026`, `den 4. juni 2026`
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("den"))
        .collect();
    if words.len() == 3 {
        let day: i8 = words[0].trim_end_matches('.').parse().ok()?;
        let month = month_number(words[1])?;
        let year: i16 = words[2].parse().ok()?;
        return Date::new(year, month, day).ok();
    }
    // Numeric: D-M-YYYY, D.M.YYYY, D/M-YYYY, DD.MM.YY
    let parts: Vec<&str> = t.split(['-', '.', '/']).map(str::trim).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let n: Vec<i32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
        let (y, m, d) = if parts[0].len() == 4 {
            (n[0], n[1], n[2])
        } else {
            let y = if parts[2].len() == 2 {
                2000 + n[2]
            } else {
                n[2]
            };
            (y, n[1], n[0])
        };
        return Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
        .ok();
    }
    None
}

/// The month number of a Danish or English month name or abbreviation.
pub fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let n = MONTHS_DA
        .iter()
        .position(|m| m.starts_with(&w))
        .or_else(|| {
            MONTHS_EN
                .iter()
                .position(|m| m.to_lowercase().starts_with(&w))
        })?;
    Some(n as i8 + 1)
}

/// Ruby's `strftime` (as in Jekyll's `date` filter), with Danish names when `danish`.
///
/// Flags `-` (no padding), `_` (spaces), `0` (zeros), `^` (upper case) and the directives
/// `%Y %C %y %m %B %b %h %d %e %j %H %k %I %l %M %S %L %N %p %P %A %a %u %w %z %:z %Z %s %U
/// %W %G %V %F %D %T %R %r %c %x %X %n %t %%` are supported; others are printed as written.
pub fn strftime(z: &Zoned, format: &str, danish: bool) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut pad: Option<char> = None;
        let mut upper = false;
        let mut colon = false;
        loop {
            match chars.peek() {
                Some('-') => pad = Some('\0'),
                Some('_') => pad = Some(' '),
                Some('0') => pad = Some('0'),
                Some('^') => upper = true,
                Some('#') => upper = true,
                Some(':') => colon = true,
                _ => break,
            }
            chars.next();
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let num = |v: i64, width: usize, default: char| -> String {
            let p = pad.unwrap_or(default);
            let s = v.abs().to_string();
            let sign = if v < 0 { "-" } else { "" };
            if p == '\0' || s.len() >= width {
                format!("{sign}{s}")
            } else {
                format!("{sign}{}{s}", p.to_string().repeat(width - s.len()))
            }
        };
        let wd = z.weekday().to_monday_zero_offset() as usize;
        let month = z.month() as usize - 1;
        let hour12 = if z.hour() % 12 == 0 {
            12
        } else {
            z.hour() % 12
        };
        let text = match d {
            'Y' => num(i64::from(z.year()), 4, '0'),
            'C' => num(i64::from(z.year()) / 100, 2, '0'),
            'y' => num(i64::from(z.year()).rem_euclid(100), 2, '0'),
            'm' => num(i64::from(z.month()), 2, '0'),
            'B' => if danish {
                MONTHS_DA[month]
            } else {
                MONTHS_EN[month]
            }
            .to_string(),
            'b' | 'h' => {
                if danish {
                    MONTHS_DA_SHORT[month].to_string()
                } else {
                    MONTHS_EN[month][..3].to_string()
                }
            }
            'd' => num(i64::from(z.day()), 2, '0'),
            'e' => num(i64::from(z.day()), 2, ' '),
            'j' => num(i64::from(z.day_of_year()), 3, '0'),
            'H' => num(i64::from(z.hour()), 2, '0'),
            'k' => num(i64::from(z.hour()), 2, ' '),
            'I' => num(i64::from(hour12), 2, '0'),
            'l' => num(i64::from(hour12), 2, ' '),
            'M' => num(i64::from(z.minute()), 2, '0'),
            'S' => num(i64::from(z.second()), 2, '0'),
            'L' => num(i64::from(z.millisecond()), 3, '0'),
            'N' => num(i64::from(z.subsec_nanosecond()), 9, '0'),
            'p' => if z.hour() < 12 { "AM" } else { "PM" }.to_string(),
            'P' => if z.hour() < 12 { "am" } else { "pm" }.to_string(),
            'A' => if danish {
                WEEKDAYS_DA[wd]
            } else {
                WEEKDAYS_EN[wd]
            }
            .to_string(),
            'a' => {
                if danish {
                    WEEKDAYS_DA_SHORT[wd].to_string()
                } else {
                    WEEKDAYS_EN[wd][..3].to_string()
                }
            }
            'u' => (wd + 1).to_string(),
            'w' => ((wd + 1) % 7).to_string(),
            'z' => {
                let secs = z.offset().seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
                if colon {
                    format!("{sign}{h:02}:{m:02}")
                } else {
                    format!("{sign}{h:02}{m:02}")
                }
            }
            'Z' => z
                .time_zone()
                .to_offset_info(z.timestamp())
                .abbreviation()
                .to_string(),
            's' => z.timestamp().as_second().to_string(),
            'U' | 'W' => {
                let yday = i64::from(z.day_of_year()) - 1;
                let first = if d == 'U' { (wd + 1) % 7 } else { wd } as i64;
                num((yday + 7 - first) / 7, 2, '0')
            }
            'G' => num(i64::from(z.date().iso_week_date().year()), 4, '0'),
            'V' => num(i64::from(z.date().iso_week_date().week()), 2, '0'),
            'F' => strftime(z, "%Y-%m-%d", danish),
            'D' | 'x' => strftime(z, if danish { "%d.%m.%Y" } else { "%m/%d/%y" }, danish),
            'T' | 'X' => strftime(z, "%H:%M:%S", danish),
            'R' => strftime(z, "%H:%M", danish),
            'r' => strftime(z, "%I:%M:%S %p", danish),
            'c' => strftime(
                z,
                if danish {
                    "%a %-d. %b %Y %H:%M:%S"
                } else {
                    "%a %b %e %H:%M:%S %Y"
                },
                danish,
            ),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            other => format!("%{other}"),
        };
        if upper {
            out.push_str(&text.to_uppercase());
        } else {
            out.push_str(&text);
        }
    }
    out
}

/// `4. juni 2026` / `4 June 2026`.
pub fn long_date(d: Date, danish: bool) -> String {
    let m = d.month() as usize - 1;
    if danish {
        format!("{}. {} {}", d.day(), MONTHS_DA[m], d.year())
    } else {
        format!("{} {} {}", d.day(), MONTHS_EN[m], d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z(s: &str) -> Zoned {
        let tz = TimeZone::get("Europe/Copenhagen").unwrap();
        let now = "2026-06-04T10:00:00+02:00[Europe/Copenhagen]"
            .parse()
            .unwrap();
        parse_date(s, &tz, &now).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn written_forms() {
        for s in [
            "2026-06-04",
            "04-06-2026",
            "04.06.2026",
            "04.06.26",
            "4/6-2026",
            "4.6.2026",
            "4. juni 2026",
            "den 4. juni 2026",
            "20260604",
            "4 June 2026",
        ] {
            assert_eq!(z(s).date(), Date::new(2026, 6, 4).unwrap(), "{s}");
        }
        assert_eq!(z("2026-06-04 10:30:00 +0200").hour(), 10);
        assert_eq!(z("now").hour(), 10);
        assert!(parse_date("xxx", &TimeZone::UTC, &z("now")).is_none());
        assert!(parse_day("2025-00-01").is_none());
    }

    #[test]
    fn ruby_strftime() {
        let d = z("2026-06-04 13:05:09 +0200");
        assert_eq!(strftime(&d, "%B %d, %Y", false), "June 04, 2026");
        assert_eq!(strftime(&d, "%B %d, %Y", true), "juni 04, 2026");
        assert_eq!(strftime(&d, "%-d. %B %Y", true), "4. juni 2026");
        assert_eq!(
            strftime(&d, "%A %-d/%-m kl. %H.%M", true),
            "torsdag 4/6 kl. 13.05"
        );
        assert_eq!(
            strftime(&d, "%a %b %e %y %j %I%p %z %:z %^B", false),
            "Thu Jun  4 26 155 01PM +0200 +02:00 JUNE"
        );
        assert_eq!(
            strftime(&d, "%F %T %% %q", false),
            "2026-06-04 13:05:09 % %q"
        );
        assert_eq!(long_date(d.date(), true), "4. juni 2026");
    }
}
