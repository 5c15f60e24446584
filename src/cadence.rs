//! What the Gregorian calendar ([`crate::calendar`]) and the retail calendar
//! ([`crate::retail_calendar`]) both read: the bucket sizes, the day names of `weekStart` and
//! the first day of a month. A leaf both use, so that neither imports the other for it: the
//! calendar holds a retail calendar, and the retail calendar reads only this.

use crate::time::days_from_ymd;
use chrono::NaiveDate;

/// The size of a series bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cadence {
    /// One local calendar day.
    Day,
    /// Seven days starting on the dataset's `weekStart`.
    #[default]
    Week,
    /// One calendar month.
    Month,
    /// One fiscal quarter.
    Quarter,
    /// One fiscal year.
    Year,
}

crate::unit_enum::unit_enum!(Cadence, [Day = "day", Week = "week", Month = "month", Quarter = "quarter", Year = "year"]);

/// Local day number of the first day of a month given as (year, month) where month may be out of
/// 1..=12 (it carries into the year). Beyond chrono's years (only reachable by stepping past a
/// clamped date) it clamps to the ends of that range.
pub fn month_start(year: i32, month: i32) -> i64 {
    let index = year * 12 + (month - 1);
    let edge = if index < 0 { NaiveDate::MIN } else { NaiveDate::MAX };
    days_from_ymd(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(i64::from(edge.to_epoch_days()))
}

/// Day names as settings spell them, 0 = Monday.
pub const DAY_NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Parses the `weekStart` setting into 0 = Monday ... 6 = Sunday.
pub fn parse_week_start(text: &str) -> Option<u32> {
    let days = DAY_NAMES;
    let lower = text.trim().to_ascii_lowercase();
    days.iter().position(|d| *d == lower || d.get(..3) == Some(lower.as_str())).map(|i| i as u32)
}
