//! The generator's calendar, on day numbers (days since 1970-01-01) and seconds since the epoch (UTC).
//!
//! Dates and fiscal quarters come from the crate's own `time` and `calendar` modules, so the
//! quarters the quotas are written for are exactly the quarters the engine buckets by.

use crate::calendar::{Cadence, Calendar};
use crate::time::{date_from_days, days_from_ymd, DAY_MS};
use chrono::Datelike;

/// Seconds per day.
pub const DAY: i64 = 86_400;
/// Seconds per hour.
pub const HOUR: i64 = 3_600;

/// The (year, month, day) of a day number.
pub fn ymd(day: i64) -> (i32, u32, u32) {
    let d = date_from_days(day);
    (d.year(), d.month(), d.day())
}

/// Parses a strict `YYYY-MM-DD` into a day number; impossible dates (2026-02-30) are `None`.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    days_from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// The last day of the month containing `day`.
pub fn end_of_month(day: i64) -> i64 {
    let (y, m, _) = ymd(day);
    crate::calendar::month_start(y, m as i32 + 1) - 1
}

/// A fiscal quarter as inclusive day numbers (quota and forecast `end` dates are inclusive).
#[derive(Clone, Copy, Debug)]
pub struct Quarter {
    pub start: i64,
    pub end: i64,
}

/// The fiscal quarter containing `day` when the fiscal year starts on month `fy_start` (1-12).
pub fn fiscal_quarter(day: i64, fy_start: u32) -> Quarter {
    let cal = Calendar {
        fiscal_year_start_month: fy_start,
        ..Calendar::default()
    };
    let start = cal.bucket_start(day * DAY_MS, Cadence::Quarter);
    let next = cal.next_bucket(start, Cadence::Quarter);
    Quarter {
        start: start / DAY_MS,
        end: next / DAY_MS - 1,
    }
}

/// The quarter following `q` (same fiscal year start).
pub fn next_quarter(q: Quarter, fy_start: u32) -> Quarter {
    fiscal_quarter(q.end + 1, fy_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_quarters_start_in_february() {
        let q = fiscal_quarter(parse_date("2026-11-23").unwrap(), 2);
        assert_eq!(q.start, parse_date("2026-11-01").unwrap());
        assert_eq!(q.end, parse_date("2027-01-31").unwrap());
        let q = fiscal_quarter(parse_date("2026-01-15").unwrap(), 2);
        assert_eq!(q.start, parse_date("2025-11-01").unwrap());
        assert_eq!(next_quarter(q, 2).start, parse_date("2026-02-01").unwrap());
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-2-03"), None);
        assert_eq!(
            end_of_month(parse_date("2028-02-10").unwrap()),
            parse_date("2028-02-29").unwrap()
        );
        assert_eq!(ymd(parse_date("1999-12-31").unwrap()), (1999, 12, 31));
    }
}
