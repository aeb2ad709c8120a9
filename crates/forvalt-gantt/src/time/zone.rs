//! The time zone a chart is computed in: JavaScript's "local time".

use super::civil::{self, Fields, MS_PER_DAY};
use std::fmt;

/// The time zone in which dates are read, days are counted and ticks are placed.
///
/// Mermaid computes everything in the browser's local zone; forvalt makes it an explicit
/// input. The reference outputs were made in UTC, which is the default.
#[derive(Clone)]
pub struct Zone(Kind);

#[derive(Clone)]
enum Kind {
    Utc,
    Fixed(i64),
    Tz(Box<jiff::tz::TimeZone>, String),
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name())
    }
}

impl Default for Zone {
    fn default() -> Self {
        Zone::utc()
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Zone {
    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone(Kind::Utc)
    }

    /// A fixed offset east of UTC, in minutes.
    pub fn fixed_minutes(minutes: i32) -> Zone {
        if minutes == 0 {
            Zone::utc()
        } else {
            Zone(Kind::Fixed(i64::from(minutes) * 60_000))
        }
    }

    /// A zone by name: `UTC`, an offset like `+02:00`, or an IANA name like
    /// `Europe/Copenhagen` (from the time zone database built into forvalt).
    pub fn named(name: &str) -> Result<Zone, String> {
        let trimmed = name.trim();
        if trimmed.eq_ignore_ascii_case("utc") || trimmed.eq_ignore_ascii_case("z") {
            return Ok(Zone::utc());
        }
        if let Some(minutes) = parse_offset(trimmed) {
            return Ok(Zone::fixed_minutes(minutes));
        }
        jiff::tz::TimeZone::get(trimmed)
            .map(|tz| Zone(Kind::Tz(Box::new(tz), trimmed.to_string())))
            .map_err(|e| format!("unknown time zone `{trimmed}`: {e}"))
    }

    /// Wraps a jiff time zone (e.g. the system's, which the CLI looks up).
    pub fn from_jiff(tz: jiff::tz::TimeZone) -> Zone {
        let name = tz.iana_name().unwrap_or("local").to_string();
        if name == "UTC" || name == "Etc/UTC" {
            return Zone::utc();
        }
        Zone(Kind::Tz(Box::new(tz), name))
    }

    /// The zone's name (`UTC`, `+02:00` or the IANA name).
    pub fn name(&self) -> String {
        match &self.0 {
            Kind::Utc => "UTC".to_string(),
            Kind::Fixed(ms) => {
                let minutes = ms / 60_000;
                let sign = if minutes < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
            }
            Kind::Tz(_, name) => name.clone(),
        }
    }

    /// Offset of local time from UTC at instant `t`, in milliseconds.
    pub(crate) fn offset_ms(&self, t: i64) -> i64 {
        match &self.0 {
            Kind::Utc => 0,
            Kind::Fixed(ms) => *ms,
            Kind::Tz(tz, _) => {
                let clamped = t.clamp(MIN_JIFF_MS, MAX_JIFF_MS);
                match jiff::Timestamp::from_millisecond(clamped) {
                    Ok(ts) => i64::from(tz.to_offset(ts).seconds()) * 1000,
                    Err(_) => 0,
                }
            }
        }
    }

    /// The instant whose local time is `local` (local milliseconds read as if UTC).
    ///
    /// Like JavaScript: a local time in a DST gap moves forward by the gap, an ambiguous
    /// one takes the earlier instant.
    pub(crate) fn utc_of_local(&self, local: i64) -> i64 {
        match &self.0 {
            Kind::Utc => local,
            Kind::Fixed(ms) => local - ms,
            Kind::Tz(tz, _) => {
                let f = civil::fields_of(local);
                let dt = i16::try_from(f.year).ok().and_then(|year| {
                    jiff::civil::DateTime::new(
                        year,
                        (f.month + 1) as i8,
                        f.day as i8,
                        f.hour as i8,
                        f.minute as i8,
                        f.second as i8,
                        (f.ms * 1_000_000) as i32,
                    )
                    .ok()
                });
                match dt.and_then(|dt| tz.to_ambiguous_timestamp(dt).compatible().ok()) {
                    Some(ts) => ts.as_millisecond(),
                    None => local - self.offset_ms(local),
                }
            }
        }
    }

    /// Whether local time equals UTC everywhere (lets hot paths skip zone lookups).
    pub(crate) fn is_utc(&self) -> bool {
        matches!(self.0, Kind::Utc)
    }

    /// Local calendar fields of instant `t`.
    pub(crate) fn fields(&self, t: i64) -> Fields {
        civil::fields_of(t + self.offset_ms(t))
    }

    /// The instant of local time `y-m-d h:mi:s.ms` (JavaScript `new Date(y, m, d, …)` without
    /// the two-digit year rule); out-of-range fields carry over. `None` if invalid.
    pub(crate) fn make(&self, parts: [f64; 7]) -> Option<i64> {
        let day = civil::make_day(parts[0], parts[1], parts[2])?;
        let time = civil::make_time(parts[3], parts[4], parts[5], parts[6])?;
        let local = civil::make_date(day, time)?;
        if local.abs() > civil::MAX_TIME + 10 * MS_PER_DAY {
            return None;
        }
        civil::time_clip(self.utc_of_local(local))
    }

    /// Changes some local fields of `t` (like `setDate`, `setHours`), recomputing the instant.
    pub(crate) fn with_fields(&self, t: i64, f: impl FnOnce(&mut [f64; 7])) -> Option<i64> {
        let l = self.fields(t);
        let mut parts = [
            l.year as f64,
            l.month as f64,
            l.day as f64,
            l.hour as f64,
            l.minute as f64,
            l.second as f64,
            l.ms as f64,
        ];
        f(&mut parts);
        self.make(parts)
    }

    /// Local midnight at the start of `t`'s day (`t` itself if that is not representable).
    pub fn midnight(&self, t: i64) -> i64 {
        self.start_of_day(t).unwrap_or(t)
    }

    /// Local midnight at the start of `t`'s day.
    pub(crate) fn start_of_day(&self, t: i64) -> Option<i64> {
        self.with_fields(t, |p| {
            p[3] = 0.0;
            p[4] = 0.0;
            p[5] = 0.0;
            p[6] = 0.0;
        })
    }

    /// `t` moved by `days` calendar days (local `setDate(getDate() + days)`).
    pub(crate) fn add_days(&self, t: i64, days: f64) -> Option<i64> {
        match &self.0 {
            // Without daylight saving time a calendar day is always 24 hours.
            Kind::Utc | Kind::Fixed(_) if days.abs() < 1e9 && days.fract() == 0.0 => {
                civil::time_clip(t.checked_add(days as i64 * MS_PER_DAY)?)
            }
            _ => self.with_fields(t, |p| p[2] += days),
        }
    }
}

// jiff's supported timestamp range (about ±9999 years).
const MIN_JIFF_MS: i64 = -377_705_116_800_000;
const MAX_JIFF_MS: i64 = 253_402_207_200_000;

fn parse_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_and_fixed() {
        let z = Zone::named("+02:00").unwrap();
        assert_eq!(z.name(), "+02:00");
        assert_eq!(z.offset_ms(0), 7_200_000);
        let t = z.make([2025.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        assert_eq!(z.fields(t).hour, 0);
        assert_eq!(Zone::named("utc").unwrap(), Zone::utc());
        assert!(Zone::named("Mars/Olympus").is_err());
    }

    #[test]
    fn copenhagen_dst() {
        let z = Zone::named("Europe/Copenhagen").unwrap();
        // 2025-03-30 02:30 does not exist: JavaScript gives 03:30 CEST.
        let t = z.make([2025.0, 2.0, 30.0, 2.0, 30.0, 0.0, 0.0]).unwrap();
        let f = z.fields(t);
        assert_eq!((f.hour, f.minute), (3, 30));
        // 2025-10-26 02:30 happens twice: the earlier (CEST) one.
        let t = z.make([2025.0, 9.0, 26.0, 2.0, 30.0, 0.0, 0.0]).unwrap();
        assert_eq!(z.offset_ms(t), 7_200_000);
        // A calendar day across the change is 23 hours.
        let a = z.make([2025.0, 2.0, 30.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        let b = z.add_days(a, 1.0).unwrap();
        assert_eq!(b - a, 23 * 3_600_000);
    }
}
