//! Calendar arithmetic on plain integers: days since 1970-01-01 and seconds since the epoch (UTC).
//!
//! The generator formats millions of timestamps, so the hot conversions are Howard Hinnant's
//! `days_from_civil` / `civil_from_days` on integers rather than chrono values; chrono only validates
//! the `asOf` the caller passes in (and the tests check the two agree).

/// Seconds per day.
pub const DAY: i64 = 86_400;
/// Seconds per hour.
pub const HOUR: i64 = 3_600;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// Parses a strict `YYYY-MM-DD` into a day number; chrono rejects impossible dates (2026-02-30).
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    chrono::NaiveDate::from_ymd_opt(y as i32, m, d)?;
    Some(days_from_civil(y as i64, m, d))
}

/// The last day of the month containing `day`.
pub fn end_of_month(day: i64) -> i64 {
    let (y, m, _) = civil_from_days(day);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(ny, nm, 1) - 1
}

/// A fiscal quarter as inclusive day numbers (quota and forecast `end` dates are inclusive).
#[derive(Clone, Copy, Debug)]
pub struct Quarter {
    pub start: i64,
    pub end: i64,
}

/// The month index (year * 12 + month - 1) of a day.
fn month_index(day: i64) -> i64 {
    let (y, m, _) = civil_from_days(day);
    y * 12 + m as i64 - 1
}

fn quarter_from_month_index(mi: i64) -> Quarter {
    let first = |mi: i64| days_from_civil(mi.div_euclid(12), (mi.rem_euclid(12) + 1) as u32, 1);
    Quarter { start: first(mi), end: first(mi + 3) - 1 }
}

/// The fiscal quarter containing `day` when the fiscal year starts on month `fy_start` (1-12).
pub fn fiscal_quarter(day: i64, fy_start: u32) -> Quarter {
    let mi = month_index(day);
    quarter_from_month_index(mi - (mi - (fy_start as i64 - 1)).rem_euclid(3))
}

/// The quarter following `q`.
pub fn next_quarter(q: Quarter) -> Quarter {
    quarter_from_month_index(month_index(q.end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_chrono() {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for z in (-800_000..800_000).step_by(97) {
            use chrono::Datelike;
            let d = epoch + chrono::TimeDelta::days(z);
            assert_eq!(civil_from_days(z), (d.year() as i64, d.month(), d.day()));
            assert_eq!(days_from_civil(d.year() as i64, d.month(), d.day()), z);
        }
    }

    #[test]
    fn fiscal_quarters_start_in_february() {
        let q = fiscal_quarter(parse_date("2026-11-23").unwrap(), 2);
        assert_eq!(q.start, parse_date("2026-11-01").unwrap());
        assert_eq!(q.end, parse_date("2027-01-31").unwrap());
        let q = fiscal_quarter(parse_date("2026-01-15").unwrap(), 2);
        assert_eq!(q.start, parse_date("2025-11-01").unwrap());
        assert_eq!(next_quarter(q).start, parse_date("2026-02-01").unwrap());
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(end_of_month(parse_date("2028-02-10").unwrap()), parse_date("2028-02-29").unwrap());
    }
}
