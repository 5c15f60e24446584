//! Periods and cadence buckets in the dataset's time zone and fiscal calendar.
//!
//! Every instant is an `i64` of UTC milliseconds; the calendar shifts it by the offset the
//! dataset's time zone has at that instant ([`Zone`]) to find the local day, then snaps it to the
//! start of its day, week (`weekStart`), month, fiscal quarter or fiscal year
//! (`fiscalYearStartMonth`). A bucket starts at local midnight of its first day, whatever offset
//! that night has (with daylight saving, a day is 23 or 25 hours long). Fiscal years are named after the
//! calendar year in which they end (a year starting 2026-02-01 is FY2027), as Salesforce does.

/// What the calendar shares with the retail calendar lives in a leaf both use (no circle).
pub use crate::cadence::{month_start, parse_week_start, Cadence, DAY_NAMES};
use crate::retail_calendar::RetailCalendar;
use crate::time::{date_from_days, DAY_MS};
pub use crate::zone::{parse_time_zone, Zone};
use chrono::Datelike;

/// The dataset's calendar settings, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The dataset time zone (a fixed offset or an IANA zone).
    pub zone: Zone,
    /// First day of the week, 0 = Monday ... 6 = Sunday.
    pub week_start: u32,
    /// Month (1-12) in which the fiscal year starts.
    pub fiscal_year_start_month: u32,
    /// A retail 4-4-5 / 4-5-4 / 5-4-4 calendar: when set, month, quarter and year buckets are
    /// its periods, quarters and 52/53-week years (and `fiscal_year_start_month` is unused).
    pub retail: Option<RetailCalendar>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self { zone: Zone::default(), week_start: 0, fiscal_year_start_month: 1, retail: None }
    }
}

impl Calendar {
    /// Local day number (days since 1970-01-01 in the dataset time zone) of an instant.
    pub fn local_day(&self, at: i64) -> i64 {
        self.zone.utc_to_local(at).div_euclid(DAY_MS)
    }

    /// The instant at which a local day starts: its local midnight (or, when the clocks skip
    /// midnight, the first instant after the gap).
    pub fn day_start(&self, day: i64) -> i64 {
        self.zone.local_to_utc(day * DAY_MS)
    }

    /// The instant of a wall-clock time on the dataset's clock (see [`Zone::local_to_utc`]).
    pub fn local_to_utc(&self, wall: i64) -> i64 {
        self.zone.local_to_utc(wall)
    }

    /// Start of the bucket holding `at`.
    pub fn bucket_start(&self, at: i64, cadence: Cadence) -> i64 {
        let day = self.local_day(at);
        if let Some(start) = self.retail.and_then(|r| r.bucket_start_day(day, cadence)) {
            return self.day_start(start);
        }
        let start_day = match cadence {
            Cadence::Day => day,
            Cadence::Week => {
                // 1970-01-01 was a Thursday: weekday index 3 with Monday = 0.
                let weekday = (day + 3).rem_euclid(7);
                day - (weekday - i64::from(self.week_start)).rem_euclid(7)
            }
            Cadence::Month => {
                let d = date_from_days(day);
                month_start(d.year(), d.month() as i32)
            }
            Cadence::Quarter | Cadence::Year => {
                let d = date_from_days(day);
                let months = if cadence == Cadence::Quarter { 3 } else { 12 };
                let since_fy = (d.month() as i32 - self.fiscal_year_start_month as i32).rem_euclid(12);
                let back = since_fy % months;
                month_start(d.year(), d.month() as i32 - back)
            }
        };
        self.day_start(start_day)
    }

    /// Start of the bucket after the one starting at `start`.
    pub fn next_bucket(&self, start: i64, cadence: Cadence) -> i64 {
        let day = self.local_day(start);
        if let Some(next) = self.retail.and_then(|r| r.next_bucket_day(day, cadence)) {
            return self.day_start(next);
        }
        let next_day = match cadence {
            Cadence::Day => day + 1,
            Cadence::Week => day + 7,
            Cadence::Month | Cadence::Quarter | Cadence::Year => {
                let d = date_from_days(day);
                let months = match cadence {
                    Cadence::Month => 1,
                    Cadence::Quarter => 3,
                    _ => 12,
                };
                month_start(d.year(), d.month() as i32 + months)
            }
        };
        self.day_start(next_day)
    }

    /// All buckets overlapping [from, to), each as [start, end) clipped to the period.
    pub fn buckets(&self, from: i64, to: i64, cadence: Cadence) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut start = self.bucket_start(from, cadence);
        while start < to {
            let end = self.next_bucket(start, cadence);
            out.push((start.max(from), end.min(to)));
            start = end;
        }
        out
    }

    /// A readable label for the bucket starting at `start`: `2026-03-02` (day, week),
    /// `2026-03` (month), `FY2027-Q1` (quarter), `FY2027` (year).
    pub fn bucket_label(&self, start: i64, cadence: Cadence) -> String {
        if let Some(label) = self.retail.and_then(|r| r.label(self.local_day(start), cadence)) {
            return label;
        }
        let d = date_from_days(self.local_day(start));
        match cadence {
            Cadence::Day | Cadence::Week => d.to_string(),
            Cadence::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Cadence::Quarter => {
                let since_fy = (d.month() as i32 - self.fiscal_year_start_month as i32).rem_euclid(12);
                format!("FY{}-Q{}", self.fiscal_year_of(d.year(), d.month()), since_fy / 3 + 1)
            }
            Cadence::Year => format!("FY{}", self.fiscal_year_of(d.year(), d.month())),
        }
    }

    /// Fiscal year name of a calendar month: the calendar year in which that fiscal year ends.
    fn fiscal_year_of(&self, year: i32, month: u32) -> i32 {
        if self.fiscal_year_start_month == 1 || month < self.fiscal_year_start_month {
            year
        } else {
            year + 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;

    fn at(text: &str) -> i64 {
        parse_time(text).unwrap().resolve(0)
    }

    #[test]
    fn fiscal_quarters_from_february() {
        let cal = Calendar { fiscal_year_start_month: 2, ..Calendar::default() };
        assert_eq!(cal.bucket_start(at("2026-01-15T00:00:00Z"), Cadence::Quarter), at("2025-11-01"));
        assert_eq!(cal.bucket_start(at("2026-02-01T00:00:00Z"), Cadence::Quarter), at("2026-02-01"));
        assert_eq!(cal.bucket_label(at("2026-02-01"), Cadence::Quarter), "FY2027-Q1");
        assert_eq!(cal.bucket_label(at("2026-01-01"), Cadence::Quarter), "FY2026-Q4");
        assert_eq!(cal.bucket_start(at("2026-01-15T00:00:00Z"), Cadence::Year), at("2025-02-01"));
        assert_eq!(cal.next_bucket(at("2025-11-01"), Cadence::Quarter), at("2026-02-01"));
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        // 2026-03-04 is a Wednesday.
        let monday = Calendar::default();
        let sunday = Calendar { week_start: 6, ..Calendar::default() };
        assert_eq!(monday.bucket_start(at("2026-03-04T12:00:00Z"), Cadence::Week), at("2026-03-02"));
        assert_eq!(sunday.bucket_start(at("2026-03-04T12:00:00Z"), Cadence::Week), at("2026-03-01"));
    }

    #[test]
    fn offsets_move_late_evening_to_the_next_day() {
        let plus_two = Calendar { zone: Zone::fixed(2 * 3_600_000), ..Calendar::default() };
        let t = at("2026-03-31T23:30:00Z");
        assert_eq!(plus_two.bucket_label(plus_two.bucket_start(t, Cadence::Day), Cadence::Day), "2026-04-01");
        assert_eq!(plus_two.bucket_label(plus_two.bucket_start(t, Cadence::Month), Cadence::Month), "2026-04");
        assert_eq!(parse_time_zone("+02:00"), Ok(Zone::fixed(7_200_000)));
    }
}
