//! d3-time-format's `timeFormat(specifier)`: the axis labels of a chart, in English (d3's
//! default en-US locale, what Mermaid shows) or Danish.

use super::civil;
use super::d3::{Interval, Unit};
use super::zone::Zone;
use crate::Locale;

struct Names {
    date_time: &'static str,
    date: &'static str,
    time: &'static str,
    periods: [&'static str; 2],
    days: [&'static str; 7],
    short_days: [&'static str; 7],
    months: [&'static str; 12],
    short_months: [&'static str; 12],
}

const EN: Names = Names {
    date_time: "%x, %X",
    date: "%-m/%-d/%Y",
    time: "%-I:%M:%S %p",
    periods: ["AM", "PM"],
    days: [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ],
    short_days: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    months: [
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
    ],
    short_months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
};

const DA: Names = Names {
    date_time: "%A den %-d. %B %Y %X",
    date: "%d.%m.%Y",
    time: "%H.%M.%S",
    periods: ["AM", "PM"],
    days: [
        "søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag",
    ],
    short_days: ["søn.", "man.", "tirs.", "ons.", "tors.", "fre.", "lør."],
    months: [
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
    ],
    short_months: [
        "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ],
};

fn names(locale: Locale) -> &'static Names {
    match locale {
        Locale::En => &EN,
        Locale::Da => &DA,
    }
}

fn pad(value: i64, fill: Option<char>, width: usize) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let s = value.abs().to_string();
    match fill {
        Some(f) if s.len() < width => {
            format!("{sign}{}{s}", f.to_string().repeat(width - s.len()))
        }
        _ => format!("{sign}{s}"),
    }
}

/// Formats instant `t` in `zone` with a d3 `timeFormat` specifier.
pub(crate) fn time_format(spec: &str, t: i64, zone: &Zone, locale: Locale) -> String {
    let mut out = String::with_capacity(spec.len() + 8);
    format_into(&mut out, spec, t, zone, names(locale), 0);
    out
}

fn format_into(out: &mut String, spec: &str, t: i64, zone: &Zone, n: &Names, depth: u8) {
    let f = zone.fields(t);
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut code = chars.next();
        let pad_char = match code {
            Some('-') => {
                code = chars.next();
                Some(None)
            }
            Some('_') => {
                code = chars.next();
                Some(Some(' '))
            }
            Some('0') => {
                code = chars.next();
                Some(Some('0'))
            }
            _ => None,
        };
        let Some(code) = code else {
            break;
        };
        let p = pad_char.unwrap_or(if code == 'e' { Some(' ') } else { Some('0') });
        let hour12 = if f.hour % 12 == 0 { 12 } else { f.hour % 12 };
        let text = match code {
            'a' => n.short_days[f.weekday as usize].to_string(),
            'A' => n.days[f.weekday as usize].to_string(),
            'b' => n.short_months[f.month as usize].to_string(),
            'B' => n.months[f.month as usize].to_string(),
            'c' | 'x' | 'X' if depth < 2 => {
                let sub = match code {
                    'c' => n.date_time,
                    'x' => n.date,
                    _ => n.time,
                };
                format_into(out, sub, t, zone, n, depth + 1);
                continue;
            }
            'd' | 'e' => pad(f.day, p, 2),
            'f' => format!("{}000", pad(f.ms, p, 3)),
            'g' => pad(iso_year(zone, t) % 100, p, 2),
            'G' => pad(iso_year(zone, t) % 10_000, p, 4),
            'H' => pad(f.hour, p, 2),
            'I' => pad(hour12, p, 2),
            'j' => pad(1 + day_of_year(zone, t), p, 3),
            'L' => pad(f.ms, p, 3),
            'm' => pad(f.month + 1, p, 2),
            'M' => pad(f.minute, p, 2),
            'p' => n.periods[usize::from(f.hour >= 12)].to_string(),
            'q' => (1 + f.month / 3).to_string(),
            'Q' => t.to_string(),
            's' => t.div_euclid(1000).to_string(),
            'S' => pad(f.second, p, 2),
            'u' => (if f.weekday == 0 { 7 } else { f.weekday }).to_string(),
            'U' => pad(week_number(zone, t, 0), p, 2),
            'V' => pad(iso_week(zone, t), p, 2),
            'w' => f.weekday.to_string(),
            'W' => pad(week_number(zone, t, 1), p, 2),
            'y' => pad(f.year % 100, p, 2),
            'Y' => pad(f.year % 10_000, p, 4),
            'Z' => {
                let z = zone.offset_ms(t) / 60_000;
                let sign = if z < 0 { '-' } else { '+' };
                format!(
                    "{sign}{}{}",
                    pad(z.abs() / 60, Some('0'), 2),
                    pad(z.abs() % 60, Some('0'), 2)
                )
            }
            '%' => "%".to_string(),
            other => other.to_string(),
        };
        out.push_str(&text);
    }
}

fn year_start(zone: &Zone, t: i64) -> i64 {
    Interval {
        unit: Unit::Year,
        step: 1,
    }
    .floor(zone, t)
    .unwrap_or(t)
}

fn count(unit: Unit, zone: &Zone, a: i64, b: i64) -> i64 {
    let iv = Interval { unit, step: 1 };
    match (iv.floor(zone, a), iv.floor(zone, b)) {
        (Some(a), Some(b)) => {
            let local = (b + zone.offset_ms(b)) - (a + zone.offset_ms(a));
            let len = if matches!(unit, Unit::Week(_)) {
                7 * civil::MS_PER_DAY
            } else {
                civil::MS_PER_DAY
            };
            (local as f64 / len as f64).floor() as i64
        }
        _ => 0,
    }
}

fn day_of_year(zone: &Zone, t: i64) -> i64 {
    count(Unit::Day, zone, year_start(zone, t), t)
}

fn week_number(zone: &Zone, t: i64, first_weekday: u8) -> i64 {
    count(Unit::Week(first_weekday), zone, year_start(zone, t) - 1, t)
}

fn iso_thursday(zone: &Zone, t: i64) -> i64 {
    let thursday = Interval {
        unit: Unit::Week(4),
        step: 1,
    };
    let wd = zone.fields(t).weekday;
    let d = if wd >= 4 || wd == 0 {
        thursday.floor(zone, t)
    } else {
        thursday.ceil(zone, t)
    };
    d.unwrap_or(t)
}

fn iso_year(zone: &Zone, t: i64) -> i64 {
    zone.fields(iso_thursday(zone, t)).year
}

fn iso_week(zone: &Zone, t: i64) -> i64 {
    let d = iso_thursday(zone, t);
    let ys = year_start(zone, d);
    count(Unit::Week(4), zone, ys, d) + i64::from(zone.fields(ys).weekday == 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d3_directives() {
        let z = Zone::utc();
        let t = civil::days_from_civil(2026, 10, 1) * civil::MS_PER_DAY + 13 * 3_600_000;
        let f = |s: &str| time_format(s, t, &z, Locale::En);
        assert_eq!(f("%Y-%m-%d"), "2026-10-01");
        assert_eq!(f("%b %e"), "Oct  1");
        assert_eq!(f("%-d/%-m %I%p"), "1/10 01PM");
        assert_eq!(f("%c"), "10/1/2026, 1:00:00 PM");
        assert_eq!(f("%Y-Q%q"), "2026-Q4");
        assert_eq!(f("%j %U %W %V %G %u %w"), "274 39 39 40 2026 4 4");
        assert_eq!(f("%k %%"), "k %");
        let da = |s: &str| time_format(s, t, &z, Locale::Da);
        assert_eq!(da("%-d. %b %Y"), "1. okt. 2026");
        assert_eq!(da("%A %-d. %B"), "torsdag 1. oktober");
    }

    #[test]
    fn iso_weeks_at_year_ends() {
        let z = Zone::utc();
        let day = |y, m, d| civil::days_from_civil(y, m, d) * civil::MS_PER_DAY;
        assert_eq!(
            time_format("%V %G", day(2021, 1, 3), &z, Locale::En),
            "53 2020"
        );
        assert_eq!(
            time_format("%V %G", day(2024, 12, 30), &z, Locale::En),
            "01 2025"
        );
        assert_eq!(time_format("%V", day(2026, 1, 1), &z, Locale::En), "01");
    }
}
