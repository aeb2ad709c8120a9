//! Proleptic Gregorian calendar arithmetic on epoch milliseconds, as ECMAScript defines it
//! (`MakeDay`, `MakeTime`, `MakeDate`, `TimeClip`).

/// Milliseconds in a day.
pub(crate) const MS_PER_DAY: i64 = 86_400_000;
/// The largest absolute time value a JavaScript `Date` can hold.
pub(crate) const MAX_TIME: i64 = 8_640_000_000_000_000;

/// Calendar fields of one instant in some time zone (JavaScript's `getFullYear()` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    /// Full year (may be negative).
    pub year: i64,
    /// Month, 0 = January.
    pub month: i64,
    /// Day of the month, 1-based.
    pub day: i64,
    /// Hour 0–23.
    pub hour: i64,
    /// Minute 0–59.
    pub minute: i64,
    /// Second 0–59.
    pub second: i64,
    /// Millisecond 0–999.
    pub ms: i64,
    /// Day of the week, 0 = Sunday.
    pub weekday: i64,
}

/// The years [`days_from_civil`] computes exactly; beyond them it saturates (no time value
/// reaches them: JavaScript dates end at ±275,760).
const YEARS: i64 = 1_000_000_000_000;

/// Days since 1970-01-01 of a civil date (`month` 1–12).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = year.clamp(-YEARS, YEARS);
    let day = day.clamp(-YEARS, YEARS);
    let month = month.clamp(-12, 24);
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (`month` 1–12) of a day number.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Calendar fields of a time value read as UTC (callers add the zone offset first).
pub(crate) fn fields_of(t: i64) -> Fields {
    let days = t.div_euclid(MS_PER_DAY);
    let within = t.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Fields {
        year,
        month: month - 1,
        day,
        hour: within / 3_600_000,
        minute: within / 60_000 % 60,
        second: within / 1000 % 60,
        ms: within % 1000,
        weekday: (days + 4).rem_euclid(7),
    }
}

/// Number of days in a month (`month` 0-based).
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    let first = days_from_civil(year, month + 1, 1);
    let (ny, nm) = if month == 11 {
        (year + 1, 1)
    } else {
        (year, month + 2)
    };
    days_from_civil(ny, nm, 1) - first
}

/// JavaScript's `ToIntegerOrInfinity` for finite values, as an `i64` if it fits comfortably.
pub(crate) fn to_int(value: f64) -> Option<i64> {
    if !value.is_finite() || value.abs() > 1e17 {
        return None;
    }
    Some(value.trunc() as i64)
}

/// `MakeDay(year, month, date)`: day number of `date` in month `month` (0-based, may
/// overflow into other years) of `year`.
pub(crate) fn make_day(year: f64, month: f64, date: f64) -> Option<i64> {
    let (y, m, dt) = (to_int(year)?, to_int(month)?, to_int(date)?);
    let ym = y.checked_add(m.div_euclid(12))?;
    let mn = m.rem_euclid(12);
    if ym.abs() > 1_000_000 || dt.abs() > 1_000_000_000_000 {
        return None;
    }
    Some(days_from_civil(ym, mn + 1, 1) + dt - 1)
}

/// `MakeTime(hour, min, sec, ms)`.
pub(crate) fn make_time(hour: f64, minute: f64, second: f64, ms: f64) -> Option<i64> {
    let total = i128::from(to_int(hour)?) * 3_600_000
        + i128::from(to_int(minute)?) * 60_000
        + i128::from(to_int(second)?) * 1000
        + i128::from(to_int(ms)?);
    i64::try_from(total).ok()
}

/// `MakeDate(day, time)`.
pub(crate) fn make_date(day: i64, time: i64) -> Option<i64> {
    day.checked_mul(MS_PER_DAY)?.checked_add(time)
}

/// `TimeClip`: `None` (an invalid date) outside ±8.64e15 ms.
pub(crate) fn time_clip(t: i64) -> Option<i64> {
    (t.abs() <= MAX_TIME).then_some(t)
}

/// `TimeClip` of a double: truncates, `None` when not finite or out of range.
pub(crate) fn time_clip_f64(t: f64) -> Option<i64> {
    if !t.is_finite() || t.abs() > MAX_TIME as f64 {
        return None;
    }
    Some(t.trunc() as i64)
}

/// JavaScript's `MakeFullYear` rule of the multi-argument `Date` constructor: years 0–99
/// mean 1900–1999.
pub(crate) fn make_full_year(year: f64) -> f64 {
    if year.is_finite() {
        let t = year.trunc();
        if (0.0..=99.0).contains(&t) {
            return 1900.0 + t;
        }
    }
    year
}

/// `Date.UTC(y, m, d, h, mi, s, ms)`.
pub(crate) fn date_utc(parts: [f64; 7]) -> Option<i64> {
    let day = make_day(make_full_year(parts[0]), parts[1], parts[2])?;
    let time = make_time(parts[3], parts[4], parts[5], parts[6])?;
    time_clip(make_date(day, time)?)
}

/// JavaScript's `Math.round`: halves round towards +∞.
pub(crate) fn js_round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let f = x.floor();
    if x - f >= 0.5 { f + 1.0 } else { f }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_years_saturate_instead_of_overflowing() {
        let _ = days_from_civil(i64::MAX, 1, 1);
        let _ = days_from_civil(i64::MIN, 12, i64::MAX);
        let _ = days_in_month(i64::MAX / 2, 1);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_in_month(2024, 1), 29);
        assert_eq!(days_in_month(2025, 1), 28);
        assert_eq!(days_in_month(2025, 11), 31);
        let f = fields_of(0);
        assert_eq!((f.year, f.month, f.day, f.weekday), (1970, 0, 1, 4));
    }

    #[test]
    fn make_day_overflows_like_javascript() {
        // new Date(Date.UTC(2025, 1, 30)) is 2 March 2025.
        assert_eq!(
            make_day(2025.0, 1.0, 30.0),
            Some(days_from_civil(2025, 3, 2))
        );
        // Month -1 is December of the previous year.
        assert_eq!(
            make_day(2025.0, -1.0, 1.0),
            Some(days_from_civil(2024, 12, 1))
        );
        assert_eq!(make_day(f64::NAN, 0.0, 1.0), None);
        assert_eq!(
            date_utc([25.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]).map(|t| fields_of(t).year),
            Some(1925)
        );
    }

    #[test]
    fn rounding_is_javascripts() {
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(js_round(0.49999999999999994), 0.0);
        assert_eq!(js_round(-0.4), -0.0);
    }

    proptest! {
        #[test]
        fn civil_round_trip(days in -100_000_000i64..100_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
