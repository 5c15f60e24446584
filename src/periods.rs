//! The named periods a report page offers (this and last fiscal quarter, this and last fiscal
//! year, this month, the last 30 and 90 days, this quarter a year ago), worked out by the core in
//! the dataset's calendar (fiscal year start, or its retail 4-4-5 / 4-5-4 / 5-4-4 periods) and
//! time zone, so that no host computes dates itself.
//!
//! "This" periods run from their start up to `at` (exclusive), as the core's default period does;
//! the instant just before `at` decides which bucket is "this" one (an `asOf` of 2026-04-01 is the
//! end of Q1, not the start of Q2). Day counts are local calendar days, so "last 30 days" across a
//! DST change is 30 days of 23, 24 or 25 hours.

use crate::calendar::{Cadence, Calendar};
use crate::time::format_instant;
use serde::Serialize;

/// One named period: [`from`, `to`) as ISO instants, with the bucket label it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedPeriod {
    /// Stable id: `this_quarter`, `last_quarter`, `this_fiscal_year`, `last_fiscal_year`,
    /// `this_month`, `last_30_days`, `last_90_days`, `this_quarter_year_ago`.
    pub id: &'static str,
    /// The calendar's label for it (`FY2027-Q1`, `2026-03`, `FY2024-P05`), or `30 days`.
    pub label: String,
    /// First instant (ISO 8601, UTC).
    pub from: String,
    /// Instant after the last one (ISO 8601, UTC).
    pub to: String,
}

/// The named periods at the instant `at` (UTC ms; a report's `asOf`).
pub fn named_periods(cal: &Calendar, at: i64) -> Vec<NamedPeriod> {
    let quarter = cal.bucket_start(at - 1, Cadence::Quarter);
    let year = cal.bucket_start(at - 1, Cadence::Year);
    let month = cal.bucket_start(at - 1, Cadence::Month);
    let last_quarter = cal.bucket_start(quarter - 1, Cadence::Quarter);
    let last_year = cal.bucket_start(year - 1, Cadence::Year);
    let days_back = |n: i64| cal.day_start(cal.local_day(at - 1) + 1 - n);
    let period = |id, label: String, from: i64, to: i64| NamedPeriod { id, label, from: format_instant(from), to: format_instant(to) };
    let label = |start: i64, cadence| cal.bucket_label(start, cadence);
    let (ago_from, ago_to) = year_ago(cal, quarter, at);
    vec![
        period("this_quarter", label(quarter, Cadence::Quarter), quarter, at),
        period("last_quarter", label(last_quarter, Cadence::Quarter), last_quarter, quarter),
        period("this_fiscal_year", label(year, Cadence::Year), year, at),
        period("last_fiscal_year", label(last_year, Cadence::Year), last_year, year),
        period("this_month", label(month, Cadence::Month), month, at),
        period("last_30_days", "30 days".to_string(), days_back(30), at),
        period("last_90_days", "90 days".to_string(), days_back(90), at),
        period("this_quarter_year_ago", label(ago_from, Cadence::Quarter), ago_from, ago_to),
    ]
}

/// The same span of the quarter one fiscal year earlier (four quarters back: for a retail
/// calendar the same weeks of the previous 52/53-week year): from its start, as far into it on the
/// local clock as `at` is into the quarter starting at `quarter`, and no further than its end.
fn year_ago(cal: &Calendar, quarter: i64, at: i64) -> (i64, i64) {
    let mut start = quarter;
    for _ in 0..4 {
        start = cal.bucket_start(start - 1, Cadence::Quarter);
    }
    let into = cal.zone.utc_to_local(at) - cal.zone.utc_to_local(quarter);
    let end = cal.local_to_utc(cal.zone.utc_to_local(start) + into);
    (start, end.min(cal.next_bucket(start, Cadence::Quarter)).max(start))
}

/// The named periods of a dataset at `at`: an ISO date or date-time (a date alone is local
/// midnight in the dataset time zone) or epoch milliseconds as text; the dataset's `asOf` when
/// `None`. Text that is no date is `invalid_query` at path `at`.
pub fn named_periods_at(store: &crate::store::Store, at: Option<&str>) -> Result<Vec<NamedPeriod>, crate::InputError> {
    let cal = &store.settings.calendar;
    let instant = match at {
        None => store.settings.as_of,
        Some(text) => crate::time::parse_time(text).map(|t| t.resolve_in(&cal.zone)).ok_or_else(|| {
            let message = format!("expected an ISO date (2026-03-01), date-time or epoch milliseconds, got {}", crate::model::quote(text));
            crate::InputError::new("invalid_query", "at", message)
        })?,
    };
    Ok(named_periods(cal, instant))
}
