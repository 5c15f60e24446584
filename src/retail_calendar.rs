//! Retail (4-4-5, 4-5-4, 5-4-4) fiscal calendars: 52/53-week years of whole weeks.
//!
//! Retailers close every period on the same weekday, so that periods compare week for week.
//! The year ends on a fixed weekday near the end of a month (`settings.fiscalCalendar`):
//!
//! - `last_saturday_of` month M: the last Saturday in M (the year ends inside M);
//! - `saturday_nearest_end_of` month M: the Saturday closest to M's last day, up to 3 days into
//!   the next month (the NRF rule, with M = January: FY ends on the Saturday nearest January 31).
//!
//! Any weekday may replace Saturday (`last_friday_of`, `sunday_nearest_end_of`...). The year has
//! 12 periods of 4 or 5 weeks, the pattern repeated in each quarter; a 53-week year (364 days
//! fall one week short of the gap between year ends) puts its extra week in period 12, as the
//! NRF does. Years are named, as everywhere in spi-wasm, by the calendar year in which they end
//! (NRF's "fiscal 2023", which ends on 2024-02-03, is FY2024 here). Week buckets keep
//! `weekStart`; set it to the day after the year-end weekday (sunday for saturday) to align them.

use crate::cadence::{month_start, parse_week_start, Cadence, DAY_NAMES};
use crate::model;
use crate::time::date_from_days;
use chrono::Datelike;

/// How the fiscal year's last day is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearEnd {
    /// The last given weekday of the month.
    LastOf,
    /// The given weekday nearest the month's last day.
    NearestEndOf,
}

/// A resolved retail calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetailCalendar {
    /// Weeks in the three periods of each quarter (4-4-5, 4-5-4 or 5-4-4).
    pub weeks: [u8; 3],
    /// The year-end rule.
    pub year_end: YearEnd,
    /// Weekday the year (and every period) ends on, 0 = Monday ... 6 = Sunday.
    pub weekday: u32,
    /// Month (1-12) near whose end the year ends.
    pub month: u32,
}

impl RetailCalendar {
    /// `settings.fiscalCalendar` as it would be written for this calendar (the summary shows it,
    /// so that a page's settings panel starts from it).
    pub fn settings(&self) -> model::FiscalCalendar {
        let [a, b, c] = self.weeks;
        let day = DAY_NAMES.get(self.weekday as usize).copied().unwrap_or("saturday");
        let year_end = match self.year_end {
            YearEnd::LastOf => format!("last_{day}_of"),
            YearEnd::NearestEndOf => format!("{day}_nearest_end_of"),
        };
        model::FiscalCalendar { pattern: Some(format!("{a}-{b}-{c}")), year_end: Some(year_end), month: Some(self.month) }
    }

    /// Reads `settings.fiscalCalendar`; defaults: 4-4-5, `saturday_nearest_end_of`, January.
    pub fn parse(raw: &model::FiscalCalendar) -> Result<RetailCalendar, (&'static str, String)> {
        let weeks = match raw.pattern.as_deref().unwrap_or("4-4-5") {
            "4-4-5" => [4, 4, 5],
            "4-5-4" => [4, 5, 4],
            "5-4-4" => [5, 4, 4],
            other => return Err(("settings.fiscalCalendar.pattern", format!("expected \"4-4-5\", \"4-5-4\" or \"5-4-4\", got \"{other}\""))),
        };
        let rule = raw.year_end.as_deref().unwrap_or("saturday_nearest_end_of").to_ascii_lowercase();
        let parsed = if let Some(day) = rule.strip_prefix("last_").and_then(|r| r.strip_suffix("_of")) {
            parse_week_start(day).map(|d| (YearEnd::LastOf, d))
        } else {
            rule.strip_suffix("_nearest_end_of").and_then(parse_week_start).map(|d| (YearEnd::NearestEndOf, d))
        };
        let (year_end, weekday) = parsed.ok_or_else(|| {
            ("settings.fiscalCalendar.yearEnd", format!("expected \"last_saturday_of\" or \"saturday_nearest_end_of\" (any weekday), got \"{rule}\""))
        })?;
        let month = raw.month.unwrap_or(1);
        if !(1..=12).contains(&month) {
            return Err(("settings.fiscalCalendar.month", format!("expected a month number 1-12, got {month}")));
        }
        Ok(RetailCalendar { weeks, year_end, weekday, month })
    }

    /// Local day number of the last day of the fiscal year ending in calendar year `year`.
    pub fn year_end_day(&self, year: i32) -> i64 {
        let last = month_start(year, self.month as i32 + 1) - 1; // the day before the next month
        let back = ((last + 3).rem_euclid(7) - i64::from(self.weekday)).rem_euclid(7);
        match self.year_end {
            YearEnd::NearestEndOf if back > 3 => last + 7 - back,
            _ => last - back,
        }
    }

    /// The fiscal year (named by the calendar year it ends in) holding local day `day`. Fiscal
    /// years tile the line, so one of the three candidates holds it; the calendar year is the
    /// fallback only at the clamped ends of chrono's range.
    pub fn year_of(&self, day: i64) -> i32 {
        let y = date_from_days(day).year();
        (y - 1..=y + 1).find(|&fy| self.year_end_day(fy - 1) < day && day <= self.year_end_day(fy)).unwrap_or(y)
    }

    /// First days of the 12 periods of fiscal year `fy`, then the next year's first day.
    pub fn period_starts(&self, fy: i32) -> [i64; 13] {
        let first = self.year_end_day(fy - 1) + 1;
        let long_year = (self.year_end_day(fy) + 1 - first) / 7 == 53;
        let mut starts = [first; 13];
        let mut day = first;
        for (p, (start, &weeks)) in starts.iter_mut().skip(1).zip(self.weeks.iter().cycle()).enumerate() {
            let extra = i64::from(long_year && p == 11);
            day += 7 * (i64::from(weeks) + extra);
            *start = day;
        }
        starts
    }

    /// Bucket boundaries of fiscal year `fy` for a month, quarter or year cadence (with the next
    /// year's first day last); `None` for day and week, which retail calendars leave alone.
    fn boundaries(&self, fy: i32, cadence: Cadence) -> Option<Vec<i64>> {
        let starts = self.period_starts(fy);
        let step = match cadence {
            Cadence::Month => 1,
            Cadence::Quarter => 3,
            Cadence::Year => 12,
            Cadence::Day | Cadence::Week => return None,
        };
        Some(starts.iter().step_by(step).copied().collect())
    }

    /// First local day of the bucket holding `day`.
    pub fn bucket_start_day(&self, day: i64, cadence: Cadence) -> Option<i64> {
        let b = self.boundaries(self.year_of(day), cadence)?;
        b.iter().rev().find(|&&s| s <= day).copied()
    }

    /// First local day of the bucket after the one holding `day`.
    pub fn next_bucket_day(&self, day: i64, cadence: Cadence) -> Option<i64> {
        let b = self.boundaries(self.year_of(day), cadence)?;
        b.iter().find(|&&s| s > day).copied()
    }

    /// `FY2024-P01`, `FY2024-Q1`, `FY2024` for the bucket starting on `day`.
    pub fn label(&self, day: i64, cadence: Cadence) -> Option<String> {
        let fy = self.year_of(day);
        let starts = self.period_starts(fy);
        let period = starts.iter().rposition(|&s| s <= day).unwrap_or(0).min(11);
        match cadence {
            Cadence::Month => Some(format!("FY{fy}-P{:02}", period + 1)),
            Cadence::Quarter => Some(format!("FY{fy}-Q{}", period / 3 + 1)),
            Cadence::Year => Some(format!("FY{fy}")),
            Cadence::Day | Cadence::Week => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::days_from_ymd;

    fn day(y: i32, m: u32, d: u32) -> i64 {
        days_from_ymd(y, m, d).unwrap()
    }

    fn nrf(pattern: &str, rule: &str) -> RetailCalendar {
        let raw = model::FiscalCalendar { pattern: Some(pattern.into()), year_end: Some(rule.into()), month: Some(1) };
        RetailCalendar::parse(&raw).unwrap()
    }

    #[test]
    fn nrf_year_ends() {
        let cal = nrf("4-5-4", "saturday_nearest_end_of");
        // 2023-01-31 is a Tuesday: nearest Saturday 01-28. 2024-01-31 is a Wednesday: the
        // Saturday before is 4 days back, the one after 3 days on: 2024-02-03.
        assert_eq!(cal.year_end_day(2023), day(2023, 1, 28));
        assert_eq!(cal.year_end_day(2024), day(2024, 2, 3));
        let last = nrf("4-5-4", "last_saturday_of");
        assert_eq!(last.year_end_day(2024), day(2024, 1, 27));
    }

    #[test]
    fn a_53_week_year_puts_its_extra_week_in_period_12() {
        // FY2024 (NRF "fiscal 2023"): 2023-01-29 .. 2024-02-03 = 371 days = 53 weeks.
        let cal = nrf("4-5-4", "saturday_nearest_end_of");
        let s = cal.period_starts(2024);
        assert_eq!(s[0], day(2023, 1, 29));
        assert_eq!(s[1], day(2023, 2, 26)); // 4 weeks
        assert_eq!(s[2], day(2023, 4, 2)); // 5 weeks
        assert_eq!(s[3], day(2023, 4, 30)); // 4 weeks: Q2 starts
        assert_eq!(s[9], day(2023, 10, 29)); // Q4 after 39 weeks
        assert_eq!(s[11], day(2023, 12, 31)); // P12 after 4 + 5 weeks
        assert_eq!(s[12], day(2024, 2, 4)); // P12 has 4 + 1 = 5 weeks
        assert_eq!(cal.label(day(2023, 12, 31), Cadence::Month).unwrap(), "FY2024-P12");
        assert_eq!(cal.bucket_start_day(day(2024, 2, 3), Cadence::Quarter), Some(day(2023, 10, 29)));
        assert_eq!(cal.next_bucket_day(day(2024, 2, 3), Cadence::Month), Some(day(2024, 2, 4)));
        // FY2025 is a 52-week year: 2024-02-04 .. 2025-02-01.
        assert_eq!(cal.period_starts(2025)[12], day(2025, 2, 2));
        assert_eq!(cal.label(day(2024, 2, 4), Cadence::Quarter).unwrap(), "FY2025-Q1");
    }

    #[test]
    fn patterns_change_the_period_lengths() {
        let cal = nrf("5-4-4", "saturday_nearest_end_of");
        let s = cal.period_starts(2025);
        assert_eq!((s[1] - s[0], s[2] - s[1], s[3] - s[2]), (35, 28, 28));
        assert!(RetailCalendar::parse(&model::FiscalCalendar { pattern: Some("4-4-4".into()), ..Default::default() }).is_err());
    }
}
