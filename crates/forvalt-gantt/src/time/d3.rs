//! d3-time intervals and d3-scale's time ticks, in a chosen zone: where the axis ticks of a
//! chart fall.

use super::civil::{self, MS_PER_DAY};
use super::zone::Zone;

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const WEEK: i64 = 7 * MS_PER_DAY;
const MONTH: i64 = 30 * MS_PER_DAY;
const YEAR: i64 = 365 * MS_PER_DAY;

/// The calendar units ticks can be placed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Milliseconds.
    Millisecond,
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours (local).
    Hour,
    /// Local days.
    Day,
    /// Local weeks starting on the given weekday (0 = Sunday).
    Week(u8),
    /// Local months.
    Month,
    /// Local years.
    Year,
}

/// A d3-time interval: a unit, optionally taken every `step` units (`timeDay.every(2)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interval {
    /// The unit.
    pub unit: Unit,
    /// Keep every `step`-th boundary (1 = all).
    pub step: i64,
}

impl Interval {
    /// `unit.every(step)`; `None` when d3 returns null (step < 1).
    pub(crate) fn every(unit: Unit, step: f64) -> Option<Interval> {
        let step = step.floor();
        if !step.is_finite() || step <= 0.0 || step > 1e15 {
            return None;
        }
        Some(Interval {
            unit,
            step: step as i64,
        })
    }

    /// Rough length of one step in milliseconds (for guards).
    pub(crate) fn approx_ms(&self) -> i64 {
        let base = match self.unit {
            Unit::Millisecond => 1,
            Unit::Second => SECOND,
            Unit::Minute => MINUTE,
            Unit::Hour => HOUR,
            Unit::Day => MS_PER_DAY,
            Unit::Week(_) => WEEK,
            Unit::Month => MONTH,
            Unit::Year => YEAR,
        };
        base.saturating_mul(self.step)
    }

    fn base_floor(&self, z: &Zone, t: i64) -> Option<i64> {
        match self.unit {
            Unit::Millisecond => Some(t),
            Unit::Second => Some(t - t.rem_euclid(SECOND)),
            Unit::Minute | Unit::Hour => {
                if z.is_utc() {
                    let m = if self.unit == Unit::Minute {
                        MINUTE
                    } else {
                        HOUR
                    };
                    return Some(t - t.rem_euclid(m));
                }
                let f = z.fields(t);
                let mut back = f.ms + f.second * SECOND;
                if self.unit == Unit::Hour {
                    back += f.minute * MINUTE;
                }
                Some(t - back)
            }
            Unit::Day => z.start_of_day(t),
            Unit::Week(wd) => {
                let f = z.fields(t);
                let back = (f.weekday + 7 - i64::from(wd)) % 7;
                let d = z.with_fields(t, |p| p[2] -= back as f64)?;
                z.start_of_day(d)
            }
            Unit::Month => z.with_fields(t, |p| {
                p[2] = 1.0;
                p[3] = 0.0;
                p[4] = 0.0;
                p[5] = 0.0;
                p[6] = 0.0;
            }),
            Unit::Year => z.with_fields(t, |p| {
                p[1] = 0.0;
                p[2] = 1.0;
                p[3] = 0.0;
                p[4] = 0.0;
                p[5] = 0.0;
                p[6] = 0.0;
            }),
        }
    }

    fn base_offset(&self, z: &Zone, t: i64, n: i64) -> Option<i64> {
        let r = match self.unit {
            Unit::Millisecond => t.checked_add(n)?,
            Unit::Second => t.checked_add(n.checked_mul(SECOND)?)?,
            Unit::Minute => t.checked_add(n.checked_mul(MINUTE)?)?,
            Unit::Hour => t.checked_add(n.checked_mul(HOUR)?)?,
            Unit::Day => z.add_days(t, n as f64)?,
            Unit::Week(_) => z.add_days(t, (n * 7) as f64)?,
            Unit::Month => z.with_fields(t, |p| p[1] += n as f64)?,
            Unit::Year => z.with_fields(t, |p| p[0] += n as f64)?,
        };
        civil::time_clip(r)
    }

    /// The `every` filter's field test.
    fn test(&self, z: &Zone, t: i64) -> bool {
        let s = self.step;
        match self.unit {
            Unit::Second => t.div_euclid(SECOND).rem_euclid(60) % s == 0,
            Unit::Minute => z.fields(t).minute % s == 0,
            Unit::Hour => z.fields(t).hour % s == 0,
            Unit::Day => (z.fields(t).day - 1) % s == 0,
            Unit::Month => z.fields(t).month % s == 0,
            Unit::Week(_) => self.base_count(z, 0, t).is_some_and(|c| c % s == 0),
            Unit::Millisecond | Unit::Year => true,
        }
    }

    /// `interval.count(start, end)` of the unit (not of the filtered interval).
    fn base_count(&self, z: &Zone, start: i64, end: i64) -> Option<i64> {
        let a = self.base_floor(z, start)?;
        let b = self.base_floor(z, end)?;
        // Counted in local time: the difference of the local clock readings.
        let local = (b + z.offset_ms(b)) - (a + z.offset_ms(a));
        let c = match self.unit {
            Unit::Week(_) => local as f64 / WEEK as f64,
            Unit::Day => local as f64 / MS_PER_DAY as f64,
            _ => return None,
        };
        Some(c.floor() as i64)
    }

    /// `interval.floor(t)`.
    pub(crate) fn floor(&self, z: &Zone, t: i64) -> Option<i64> {
        match (self.unit, self.step) {
            (_, 1) => self.base_floor(z, t),
            (Unit::Millisecond, k) => Some(t.div_euclid(k) * k),
            (Unit::Year, k) => {
                let y = z.fields(t).year;
                let y = y.div_euclid(k) * k;
                z.with_fields(t, |p| {
                    p[0] = y as f64;
                    p[1] = 0.0;
                    p[2] = 1.0;
                    p[3] = 0.0;
                    p[4] = 0.0;
                    p[5] = 0.0;
                    p[6] = 0.0;
                })
            }
            _ => {
                let mut d = self.base_floor(z, t)?;
                let mut guard = 0;
                while !self.test(z, d) {
                    d = self.base_floor(z, d - 1)?;
                    guard += 1;
                    if guard > 100_000 {
                        return None;
                    }
                }
                Some(d)
            }
        }
    }

    /// `interval.offset(t, 1)`.
    fn offset1(&self, z: &Zone, t: i64) -> Option<i64> {
        match (self.unit, self.step) {
            (_, 1) => self.base_offset(z, t, 1),
            (Unit::Millisecond, k) => t.checked_add(k),
            (Unit::Year, k) => z.with_fields(t, |p| p[0] += k as f64),
            _ => {
                let mut d = t;
                let mut guard = 0;
                loop {
                    d = self.base_offset(z, d, 1)?;
                    if self.test(z, d) {
                        return Some(d);
                    }
                    guard += 1;
                    if guard > 100_000 {
                        return None;
                    }
                }
            }
        }
    }

    /// `interval.ceil(t)`.
    pub(crate) fn ceil(&self, z: &Zone, t: i64) -> Option<i64> {
        let d = self.floor(z, t - 1)?;
        let d = self.offset1(z, d)?;
        self.floor(z, d)
    }

    /// `interval.range(start, stop)`: boundaries in `[start, stop)`, at most `limit` of them
    /// (`None` when there would be more).
    pub(crate) fn range(&self, z: &Zone, start: i64, stop: i64, limit: usize) -> Option<Vec<i64>> {
        let mut out = Vec::new();
        let Some(mut cur) = self.ceil(z, start) else {
            return Some(out);
        };
        if cur >= stop {
            return Some(out);
        }
        loop {
            if out.len() >= limit {
                return None;
            }
            let previous = cur;
            out.push(previous);
            let Some(next) = self.offset1(z, cur).and_then(|n| self.floor(z, n)) else {
                break;
            };
            cur = next;
            if !(previous < cur && cur < stop) {
                break;
            }
        }
        Some(out)
    }
}

/// d3's ticks of a time scale for `[start, stop]` (inclusive) with a given interval.
pub(crate) fn ticks_with(
    z: &Zone,
    start: i64,
    stop: i64,
    interval: &Interval,
    limit: usize,
) -> Option<Vec<i64>> {
    let (a, b) = if stop < start {
        (stop, start)
    } else {
        (start, stop)
    };
    let mut t = interval.range(z, a, b.saturating_add(1), limit)?;
    if stop < start {
        t.reverse();
    }
    Some(t)
}

/// The interval d3 picks for about `count` ticks over `[start, stop]` (`scale.ticks(10)`).
pub(crate) fn auto_interval(start: i64, stop: i64, count: f64) -> Option<Interval> {
    const TABLE: [(Unit, i64, i64); 18] = [
        (Unit::Second, 1, SECOND),
        (Unit::Second, 5, 5 * SECOND),
        (Unit::Second, 15, 15 * SECOND),
        (Unit::Second, 30, 30 * SECOND),
        (Unit::Minute, 1, MINUTE),
        (Unit::Minute, 5, 5 * MINUTE),
        (Unit::Minute, 15, 15 * MINUTE),
        (Unit::Minute, 30, 30 * MINUTE),
        (Unit::Hour, 1, HOUR),
        (Unit::Hour, 3, 3 * HOUR),
        (Unit::Hour, 6, 6 * HOUR),
        (Unit::Hour, 12, 12 * HOUR),
        (Unit::Day, 1, MS_PER_DAY),
        (Unit::Day, 2, 2 * MS_PER_DAY),
        (Unit::Week(0), 1, WEEK),
        (Unit::Month, 1, MONTH),
        (Unit::Month, 3, 3 * MONTH),
        (Unit::Year, 1, YEAR),
    ];
    let (a, b) = if stop < start {
        (stop as f64, start as f64)
    } else {
        (start as f64, stop as f64)
    };
    let target = (b - a).abs() / count;
    // bisector(step).right: first index whose step is greater than target.
    let i = TABLE
        .iter()
        .position(|&(_, _, step)| step as f64 > target)
        .unwrap_or(TABLE.len());
    if i == TABLE.len() {
        let y = YEAR as f64;
        return Interval::every(Unit::Year, tick_step(a / y, b / y, count));
    }
    if i == 0 || target.is_nan() {
        return Interval::every(Unit::Millisecond, tick_step(a, b, count).max(1.0));
    }
    let (lo, hi) = (TABLE[i - 1], TABLE[i]);
    let pick = if target / (lo.2 as f64) < (hi.2 as f64) / target {
        lo
    } else {
        hi
    };
    Interval::every(pick.0, pick.1 as f64)
}

/// d3-array's `tickStep`.
pub(crate) fn tick_step(start: f64, stop: f64, count: f64) -> f64 {
    let reverse = stop < start;
    let inc = if reverse {
        tick_spec(stop, start, count).2
    } else {
        tick_spec(start, stop, count).2
    };
    (if reverse { -1.0 } else { 1.0 }) * (if inc < 0.0 { 1.0 / -inc } else { inc })
}

fn tick_spec(start: f64, stop: f64, count: f64) -> (f64, f64, f64) {
    let e10 = 50f64.sqrt();
    let e5 = 10f64.sqrt();
    let e2 = 2f64.sqrt();
    let step = (stop - start) / count.max(0.0);
    let power = step.log10().floor();
    let error = step / 10f64.powf(power);
    let factor = if error >= e10 {
        10.0
    } else if error >= e5 {
        5.0
    } else if error >= e2 {
        2.0
    } else {
        1.0
    };
    let (mut i1, mut i2, inc);
    if power < 0.0 {
        let mut inc_ = 10f64.powf(-power) / factor;
        i1 = civil::js_round(start * inc_);
        i2 = civil::js_round(stop * inc_);
        if i1 / inc_ < start {
            i1 += 1.0;
        }
        if i2 / inc_ > stop {
            i2 -= 1.0;
        }
        inc_ = -inc_;
        inc = inc_;
    } else {
        inc = 10f64.powf(power) * factor;
        i1 = civil::js_round(start / inc);
        i2 = civil::js_round(stop / inc);
        if i1 * inc < start {
            i1 += 1.0;
        }
        if i2 * inc > stop {
            i2 -= 1.0;
        }
    }
    if i2 < i1 && (0.5..2.0).contains(&count) {
        return tick_spec(start, stop, count * 2.0);
    }
    (i1, i2, inc)
}

/// A d3 time scale with `rangeRound([0, width])`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TimeScale {
    /// Domain start (ms).
    pub d0: f64,
    /// Domain end (ms).
    pub d1: f64,
    /// Range start.
    pub r0: f64,
    /// Range end.
    pub r1: f64,
}

impl TimeScale {
    /// Maps an instant to a rounded pixel position (NaN for an empty domain of NaN).
    pub(crate) fn scale(&self, t: f64) -> f64 {
        let (d0, d1, r0, r1) = if self.d1 < self.d0 {
            (self.d1, self.d0, self.r1, self.r0)
        } else {
            (self.d0, self.d1, self.r0, self.r1)
        };
        let span = d1 - d0;
        let x = if span != 0.0 {
            (t - d0) / span
        } else if span.is_nan() {
            f64::NAN
        } else {
            0.5
        };
        civil::js_round(r0 * (1.0 - x) + r1 * x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i64, m: i64, d: i64) -> i64 {
        civil::days_from_civil(y, m, d) * MS_PER_DAY
    }

    fn dates(ts: &[i64]) -> Vec<String> {
        ts.iter()
            .map(|&t| {
                let f = civil::fields_of(t);
                format!(
                    "{:04}-{:02}-{:02}T{:02}",
                    f.year,
                    f.month + 1,
                    f.day,
                    f.hour
                )
            })
            .collect()
    }

    #[test]
    fn automatic_ticks() {
        let z = Zone::utc();
        let (a, b) = (day(2014, 1, 1), day(2014, 2, 16));
        let iv = auto_interval(a, b, 10.0).unwrap();
        assert_eq!(iv.unit, Unit::Week(0));
        let t = ticks_with(&z, a, b, &iv, 1000).unwrap();
        assert_eq!(t.first(), Some(&day(2014, 1, 5)));
        assert_eq!(t.last(), Some(&day(2014, 2, 16)));
        let (a, b) = (day(2025, 1, 1), day(2025, 7, 30));
        let iv = auto_interval(a, b, 10.0).unwrap();
        assert_eq!(
            iv,
            Interval {
                unit: Unit::Month,
                step: 1
            }
        );
        // 6 days: 12-hour ticks (seed-02).
        let iv = auto_interval(day(2025, 3, 6), day(2025, 3, 12), 10.0).unwrap();
        assert_eq!(
            iv,
            Interval {
                unit: Unit::Hour,
                step: 12
            }
        );
    }

    #[test]
    fn every_filters_by_field() {
        let z = Zone::utc();
        let iv = Interval::every(Unit::Day, 2.0).unwrap();
        let t = ticks_with(&z, day(2025, 1, 28), day(2025, 2, 3), &iv, 100).unwrap();
        assert_eq!(
            dates(&t),
            [
                "2025-01-29T00",
                "2025-01-31T00",
                "2025-02-01T00",
                "2025-02-03T00"
            ]
        );
        let iv = Interval::every(Unit::Month, 3.0).unwrap();
        let t = ticks_with(&z, day(2025, 2, 1), day(2025, 12, 31), &iv, 100).unwrap();
        assert_eq!(
            dates(&t),
            ["2025-04-01T00", "2025-07-01T00", "2025-10-01T00"]
        );
        let iv = Interval::every(Unit::Week(1), 1.0).unwrap();
        let t = ticks_with(&z, day(2025, 3, 1), day(2025, 3, 20), &iv, 100).unwrap();
        assert_eq!(
            dates(&t),
            ["2025-03-03T00", "2025-03-10T00", "2025-03-17T00"]
        );
    }

    #[test]
    fn limit_guards_tick_explosions() {
        let z = Zone::utc();
        let iv = Interval::every(Unit::Second, 1.0).unwrap();
        assert!(ticks_with(&z, day(2000, 1, 1), day(2025, 1, 1), &iv, 10_000).is_none());
    }

    #[test]
    fn scale_rounds_like_d3() {
        let s = TimeScale {
            d0: 0.0,
            d1: 3.0,
            r0: 0.0,
            r1: 1050.0,
        };
        assert_eq!(s.scale(1.0), 350.0);
        let s = TimeScale {
            d0: 5.0,
            d1: 5.0,
            r0: 0.0,
            r1: 1050.0,
        };
        assert_eq!(s.scale(5.0), 525.0);
        assert_eq!(tick_step(0.0, 10.0, 10.0), 1.0);
        assert_eq!(tick_step(5.0, 5.0, 10.0).max(1.0), 1.0);
    }
}
