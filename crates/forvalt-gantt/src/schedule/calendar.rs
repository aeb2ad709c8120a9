//! Excluded days (`excludes`, `includes`, `weekend`) and Mermaid's extension of task ends
//! over them.

use crate::syntax::ast::Weekday;
use crate::time::Zone;
use crate::time::dayjs::{self, Ctx, DayjsFormat, FormatError};
use std::collections::HashSet;

/// Which days a chart skips.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// The `excludes` list as Mermaid stores it (lower case, split on white space and commas).
    pub excludes: Vec<String>,
    /// The `includes` list.
    pub includes: Vec<String>,
    /// First day of the weekend (`friday` or `saturday`).
    pub weekend: Weekday,
    format: DayjsFormat,
    zone: Zone,
    now: i64,
    /// Whether membership tests need formatted dates (the lists hold more than day names).
    needs_dates: bool,
    /// dayjs throws for this format (`w`, `z`, `gggg` tokens): every test throws.
    format_error: Option<FormatError>,
    /// `excludes` and `includes` as sets: a day is looked up, not compared with every entry.
    excluded: HashSet<String>,
    included: HashSet<String>,
    /// Weekdays excluded by name or by `weekends` (0 = Sunday).
    weekdays: [bool; 7],
    /// A date also matches in its `YYYY-MM-DD` spelling (Mermaid 10 on).
    iso_too: bool,
}

/// English day names by weekday number (0 = Sunday), as `excludes` names them.
const DAY_NAMES: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// dayjs's `format('')` default.
const FORMAT_DEFAULT: &str = "YYYY-MM-DDTHH:mm:ssZ";

impl Calendar {
    pub(crate) fn new(
        excludes: Vec<String>,
        includes: Vec<String>,
        weekend: Weekday,
        date_format: &str,
        zone: Zone,
        now: i64,
        iso_too: bool,
    ) -> Calendar {
        let plain = |s: &String| s.is_empty() || s == "weekends" || Weekday::from_name(s).is_some();
        let needs_dates = !includes.is_empty() || !excludes.iter().all(plain);
        let fmt = if date_format.is_empty() {
            FORMAT_DEFAULT
        } else {
            date_format
        };
        let format = DayjsFormat::new(fmt);
        // Whether formatting throws depends on the format's tokens, not on the date.
        let format_error = format.format(0, Ctx { zone: &zone, now }).err();
        let excluded: HashSet<String> = excludes.iter().cloned().collect();
        let included = includes.iter().cloned().collect();
        let weekends = excluded.contains("weekends");
        let first = if weekend == Weekday::Friday { 5 } else { 6 };
        let mut weekdays = [false; 7];
        for (wd, slot) in weekdays.iter_mut().enumerate() {
            let iso = if wd == 0 { 7 } else { wd };
            *slot = (weekends && (iso == first || iso == first + 1))
                || excluded.contains(DAY_NAMES[wd]);
        }
        Calendar {
            excludes,
            includes,
            weekend,
            format,
            zone,
            now,
            needs_dates,
            format_error,
            excluded,
            included,
            weekdays,
            iso_too,
        }
    }

    /// Whether there is an `excludes` or `includes` statement (exclude ranges are drawn).
    pub fn is_active(&self) -> bool {
        !self.excludes.is_empty() || !self.includes.is_empty()
    }

    /// Whether the day containing `t` is left out by `excludes` (and not put back by
    /// `includes`); a chart whose date format cannot be used excludes nothing.
    pub fn excludes_day(&self, t: i64) -> bool {
        self.is_excluded(t).unwrap_or(false)
    }

    /// Mermaid's `isInvalidDate`: whether day `t` is excluded.
    pub(crate) fn is_excluded(&self, t: i64) -> Result<bool, FormatError> {
        let ctx = Ctx {
            zone: &self.zone,
            now: self.now,
        };
        if let Some(e) = &self.format_error {
            return Err(e.clone());
        }
        // Formatting is skipped when no list entry could match a date.
        let (formatted, date_only) = if self.needs_dates {
            // Mermaid 9 compares the chart's spelling only.
            let iso = match self.iso_too {
                true => Some(dayjs::format(t, "YYYY-MM-DD", &self.zone)?),
                false => None,
            };
            (self.format.format(t, ctx)?, iso)
        } else {
            (String::new(), None)
        };
        let listed = |set: &HashSet<String>| {
            set.contains(&formatted) || date_only.as_ref().is_some_and(|d| set.contains(d))
        };
        if self.needs_dates && listed(&self.included) {
            return Ok(false);
        }
        if self.weekdays[self.zone.fields(t).weekday as usize] {
            return Ok(true);
        }
        Ok(self.needs_dates && listed(&self.excluded))
    }

    /// Excluded-or-not per weekday (0 = Sunday), when only weekdays are excluded.
    fn weekday_table(&self) -> Option<[bool; 7]> {
        if self.needs_dates || self.format_error.is_some() {
            return None;
        }
        Some(self.weekdays)
    }

    /// Mermaid's `fixTaskDates`: walks the days after `start` up to `end`, pushing `end` one
    /// day for every excluded day. Returns `(end, render_end)`; `budget` limits the walk.
    pub(crate) fn extend(
        &self,
        start: i64,
        end: i64,
        budget: &mut u64,
    ) -> Result<Option<(i64, Option<i64>)>, FormatError> {
        self.extend_with(start, end, budget, true)
    }

    fn extend_with(
        &self,
        start: i64,
        end: i64,
        budget: &mut u64,
        skip_weeks: bool,
    ) -> Result<Option<(i64, Option<i64>)>, FormatError> {
        let Some(mut cursor) = self.zone.add_days(start, 1.0) else {
            return Ok(Some((end, None)));
        };
        let mut end = end;
        let mut invalid = false;
        let mut render = None;
        // When only weekdays are excluded, a week always excludes the same number of days:
        // whole weeks are skipped in one step while at least two weeks remain (the last
        // days are walked one by one, which fixes `render` exactly as the day walk would).
        let week = self.weekday_table().filter(|_| skip_weeks);
        if let Some(week) = week {
            let per_week = week.iter().filter(|&&x| x).count() as f64;
            if per_week >= 7.0 {
                return Ok(None);
            }
            while let (Some(two_weeks), Some(next)) = (
                self.zone.add_days(cursor, 14.0),
                self.zone.add_days(cursor, 7.0),
            ) {
                if two_weeks > end {
                    break;
                }
                if *budget == 0 {
                    return Ok(None);
                }
                *budget -= 1;
                // `render` is not tracked here: the remaining walk (at least eight days, one
                // of them valid and followed by another step) always sets it again.
                let last = self.zone.fields(next).weekday as usize;
                invalid = week[(last + 6) % 7];
                match self.zone.add_days(end, per_week) {
                    Some(e) => end = e,
                    None => return Ok(Some((end, render))),
                }
                cursor = next;
            }
        }
        while cursor <= end {
            if *budget == 0 {
                return Ok(None);
            }
            *budget -= 1;
            if !invalid {
                render = Some(end);
            }
            invalid = self.is_excluded(cursor)?;
            if invalid {
                match self.zone.add_days(end, 1.0) {
                    Some(e) => end = e,
                    None => return Ok(Some((end, render))),
                }
            }
            match self.zone.add_days(cursor, 1.0) {
                Some(c) => cursor = c,
                None => break,
            }
        }
        Ok(Some((end, render)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::civil;

    fn day(y: i64, m: i64, d: i64) -> i64 {
        civil::days_from_civil(y, m, d) * civil::MS_PER_DAY
    }

    fn cal(excludes: &[&str], weekend: Weekday) -> Calendar {
        Calendar::new(
            excludes.iter().map(|s| s.to_string()).collect(),
            Vec::new(),
            weekend,
            "YYYY-MM-DD",
            Zone::utc(),
            0,
            true,
        )
    }

    #[test]
    fn weekends_extend_durations() {
        let c = cal(&["", "weekends"], Weekday::Saturday);
        let mut budget = 1000;
        // Friday 2025-03-07 + 1d → ends Monday, drawn to Saturday.
        let (end, render) = c
            .extend(day(2025, 3, 7), day(2025, 3, 8), &mut budget)
            .unwrap()
            .unwrap();
        assert_eq!((end, render), (day(2025, 3, 10), Some(day(2025, 3, 8))));
        // Thursday + 3d → Tuesday.
        let (end, render) = c
            .extend(day(2025, 3, 6), day(2025, 3, 9), &mut budget)
            .unwrap()
            .unwrap();
        assert_eq!((end, render), (day(2025, 3, 11), Some(day(2025, 3, 11))));
    }

    #[test]
    fn friday_weekends_and_dates() {
        let c = cal(&["weekends"], Weekday::Friday);
        assert!(c.is_excluded(day(2025, 3, 7)).unwrap(), "Friday");
        assert!(c.is_excluded(day(2025, 3, 8)).unwrap(), "Saturday");
        assert!(!c.is_excluded(day(2025, 3, 9)).unwrap(), "Sunday");
        let c = cal(&["2025-03-10", "sunday"], Weekday::Saturday);
        assert!(c.is_excluded(day(2025, 3, 10)).unwrap());
        assert!(c.is_excluded(day(2025, 3, 9)).unwrap());
        assert!(!c.is_excluded(day(2025, 3, 8)).unwrap());
    }

    #[test]
    fn skipping_weeks_gives_the_day_walk_result() {
        use proptest::prelude::*;
        let config = ProptestConfig {
            cases: 300,
            ..ProptestConfig::default()
        };
        proptest!(config, |(start_day in 0i64..3000, len in 0i64..400, friday in any::<bool>(), extra in prop::sample::select(vec!["", "monday", "wednesday"]), zone in prop::sample::select(vec!["UTC", "Europe/Copenhagen"]))| {
            let zone = Zone::named(zone).unwrap();
            let c = Calendar::new(
                vec!["weekends".into(), extra.to_string()],
                Vec::new(),
                if friday { Weekday::Friday } else { Weekday::Saturday },
                "YYYY-MM-DD",
                zone.clone(),
                0,
                true,
            );
            let start = zone.make([2020.0, 0.0, 1.0 + start_day as f64, 0.0, 0.0, 0.0, 0.0]).unwrap();
            let end = zone.add_days(start, len as f64).unwrap();
            let (mut b1, mut b2) = (u64::MAX, u64::MAX);
            let fast = c.extend_with(start, end, &mut b1, true).unwrap();
            let slow = c.extend_with(start, end, &mut b2, false).unwrap();
            prop_assert_eq!(fast, slow);
        });
    }

    #[test]
    fn budget_stops_runaway_walks() {
        let c = cal(&["weekends"], Weekday::Saturday);
        let mut budget = 10;
        assert!(
            c.extend(day(2000, 1, 1), day(2100, 1, 1), &mut budget)
                .unwrap()
                .is_none()
        );
    }
}
