//! Reading the three accepted date forms into instants.
//!
//! The spec accepts an ISO date (`2026-03-01`, meaning 00:00 in the dataset time zone), an ISO
//! date-time with `Z` or an offset, and epoch milliseconds as a number or a numeric string (as CRM
//! APIs send them). The time zone may be declared after the records in the JSON, so a value
//! without an offset is kept as *local* and resolved once the settings are known.
//!
//! Epoch numbers may also be *seconds* (Unix time, as many exports and warehouses write them):
//! `1706000000` read as milliseconds is 1970-01-20, a silent wrong date. The unit is told by
//! magnitude, once per field for the whole input (see [`EpochUnit`]): an epoch number is kept as
//! given, marked [`RawTime::epoch`], until its field is settled.

use chrono::{Datelike, NaiveDate};

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A parsed timestamp: either an absolute instant or a wall-clock time awaiting the time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawTime {
    /// Milliseconds since 1970-01-01T00:00:00 (UTC when `local` is false, wall clock otherwise).
    pub ms: i64,
    /// True when the text carried no offset (a plain date or a date-time without `Z`/offset).
    pub local: bool,
    /// True when the value was an epoch number (a JSON number or an all-digit string): `ms` then
    /// holds the number as given, whose unit (seconds or milliseconds) its field settles.
    pub epoch: bool,
}

impl RawTime {
    /// An instant in UTC milliseconds (not an epoch number awaiting its unit).
    pub const fn utc(ms: i64) -> RawTime {
        RawTime { ms, local: false, epoch: false }
    }

    /// A wall-clock time awaiting the dataset time zone.
    pub const fn wall(ms: i64) -> RawTime {
        RawTime { ms, local: true, epoch: false }
    }

    /// An epoch number as given (unit not settled yet).
    pub const fn epoch_number(value: i64) -> RawTime {
        RawTime { ms: value, local: false, epoch: true }
    }

    /// The instant, given a fixed UTC offset in milliseconds (see [`RawTime::resolve_in`]).
    pub fn resolve(self, offset_ms: i64) -> i64 {
        self.resolve_in(&crate::zone::Zone::fixed(offset_ms))
    }

    /// The instant, given the dataset time zone: a wall-clock time is read on its clock (a date
    /// alone is local midnight; see [`crate::zone::Zone::local_to_utc`] for the DST gap and the
    /// repeated hour). An epoch number read alone (a setting, a query bound, an fx date) settles
    /// its own unit by its magnitude.
    pub fn resolve_in(self, zone: &crate::zone::Zone) -> i64 {
        if self.epoch {
            EpochUnit::of(self.ms).unwrap_or(EpochUnit::Millis).to_ms(self.ms)
        } else if self.local {
            zone.local_to_utc(self.ms)
        } else {
            self.ms
        }
    }
}

/// Seconds at or above this magnitude (1973-03-03) read as epoch seconds; below it an epoch
/// number says nothing about its unit (as milliseconds it is within 28 hours of 1970-01-01, as
/// seconds before March 1973: neither is a CRM date).
pub const SECONDS_FROM: i64 = 100_000_000;
/// Epoch numbers at or above this magnitude are milliseconds (as milliseconds: 1973-03-03 on;
/// as seconds they would be past the year 5138).
pub const MILLIS_FROM: i64 = 100_000_000_000;

/// The unit of an epoch number, told by magnitude: |n| in [1e8, 1e11) is seconds (1973-5138),
/// |n| >= 1e11 milliseconds (1973 on). A field's values settle it together: one decision per
/// field, never per value, and a field holding both magnitudes is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
    /// Unix seconds.
    Seconds,
    /// Milliseconds (the canonical unit).
    Millis,
}

impl EpochUnit {
    /// What the magnitude of one epoch number says (`None`: too small to say).
    pub fn of(value: i64) -> Option<EpochUnit> {
        match value.unsigned_abs() {
            m if m >= MILLIS_FROM as u64 => Some(EpochUnit::Millis),
            m if m >= SECONDS_FROM as u64 => Some(EpochUnit::Seconds),
            _ => None,
        }
    }

    /// The number in milliseconds.
    pub fn to_ms(self, value: i64) -> i64 {
        match self {
            EpochUnit::Seconds => value.saturating_mul(1000),
            EpochUnit::Millis => value,
        }
    }

    /// The name a date format or a notice gives it.
    pub fn name(self) -> &'static str {
        match self {
            EpochUnit::Seconds => "epoch_s",
            EpochUnit::Millis => "epoch_ms",
        }
    }
}

/// Earliest accepted instant: 0000-01-01T00:00:00Z, the first day an ISO date can name.
pub const MIN_MS: i64 = -62_167_219_200_000;
/// Latest accepted instant: 9999-12-31T23:59:59.999Z, the last one an ISO date can name. Epoch
/// milliseconds beyond either end are refused as dates, so arithmetic on instants cannot overflow.
pub const MAX_MS: i64 = 253_402_300_799_999;

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` when the date does not exist
/// (or lies outside chrono's range, as `NaiveDate::from_ymd_opt` would say).
///
/// Plain arithmetic rather than chrono: every date of the input goes through here, and building a
/// `NaiveDate` to subtract another one cost about twice the parse of the rest of the timestamp.
/// In 32-bit integers (chrono's years keep every term below 2^31): their divisions by constants
/// become multiplications, where the module divided 64-bit integers (`days_from_ymd` was 1.7% of
/// `fromJson` on deals-100k, Node's profiler).
pub fn days_from_ymd(year: i32, month: u32, day: u32) -> Option<i64> {
    if day == 0 || day > days_in_month(year, month)? || year < NaiveDate::MIN.year() || year > NaiveDate::MAX.year() {
        return None;
    }
    // Howard Hinnant's `days_from_civil`: years start in March, so the leap day ends a year.
    let y = year - i32::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year as i32;
    Some(i64::from(era) * 146_097 + i64::from(day_of_era) - 719_468)
}

/// Days in a month of the proleptic Gregorian calendar; `None` for a month outside 1-12.
fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 => Some(if leap { 29 } else { 28 }),
        _ => None,
    }
}

/// The calendar date of a day number (days since 1970-01-01). Day numbers beyond chrono's range
/// (about 262,000 years either way; accepted inputs stay within years 0000-9999) clamp to its
/// ends instead of panicking.
pub fn date_from_days(days: i64) -> NaiveDate {
    let date = i32::try_from(days).ok().and_then(NaiveDate::from_epoch_days);
    date.unwrap_or(if days < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
}

/// Reads an epoch number given as a JSON number (within [`MIN_MS`]..=[`MAX_MS`]), its unit left to
/// its field (see [`EpochUnit`]); a fraction of a second-unit value is dropped.
pub fn from_epoch_number(value: f64) -> Option<RawTime> {
    (value.is_finite() && (MIN_MS as f64..=MAX_MS as f64).contains(&value)).then_some(RawTime::epoch_number(value as i64))
}

/// Parses any accepted text form; `None` when the text is not a date.
pub fn parse_time(text: &str) -> Option<RawTime> {
    let text = crate::text::trim(text);
    let bytes = text.as_bytes();
    // An ISO date has a '-' at index 4, epoch milliseconds (9 or more digits, perhaps after a
    // '-') never do: that byte decides which form to try.
    match bytes.get(4) {
        Some(b'-') => parse_iso(bytes),
        Some(_) if bytes.len() >= 9 => epoch_ms(bytes).map(RawTime::epoch_number),
        _ => None,
    }
}

/// Epoch milliseconds written `-?[0-9]+`, within [`MIN_MS`]..=[`MAX_MS`], in one pass: what
/// `str::parse::<i64>` and the range check gave. Why not `parse`: it came after a pass checking
/// the bytes, and the two were 3.6% of `fromJson` on alt-100k, whose history dates are all epoch
/// milliseconds in strings (Node's profiler). Past [`MAX_MS`] the value is out of range whatever
/// follows, so it stops there and never overflows (no checked multiplication, which 32-bit Wasm
/// does with a 128-bit product).
fn epoch_ms(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    let mut value: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() || value > MAX_MS {
            return None;
        }
        value = value * 10 + i64::from(d - b'0');
    }
    Some(if negative { -value } else { value }).filter(|ms| (MIN_MS..=MAX_MS).contains(ms))
}

fn digits(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let slice = bytes.get(at..at + len)?;
    slice.iter().try_fold(0u32, |acc, b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
}

fn parse_iso(b: &[u8]) -> Option<RawTime> {
    if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let days = days_from_ymd(digits(b, 0, 4)? as i32, digits(b, 5, 2)?, digits(b, 8, 2)?)?;
    let mut ms = days * DAY_MS;
    if b.len() == 10 {
        return Some(RawTime::wall(ms));
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (hour, minute) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
    if b.get(13) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut i = 16;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        if second > 60 {
            return None;
        }
        i += 3;
    }
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        let rest = b.get(i..).unwrap_or_default();
        let len = rest.iter().take_while(|d| d.is_ascii_digit()).count();
        i += len;
        // Milliseconds: the first three digits, right-padded with zeros (`.5` is 500 ms).
        let first3 = rest.iter().take(len.min(3)).chain(&[b'0'; 3]).take(3);
        millis = first3.fold(0, |acc, d| acc * 10 + i64::from(d - b'0'));
    }
    ms += i64::from(hour) * 3_600_000 + i64::from(minute) * 60_000 + i64::from(second) * 1000 + millis;
    match b.get(i..).unwrap_or_default() {
        [] => Some(RawTime::wall(ms)),
        [b'Z'] | [b'z'] => Some(RawTime::utc(ms)),
        rest => parse_offset(rest).map(|offset| RawTime::utc(ms - offset)),
    }
}

/// Parses `+02:00`, `-0530` or `+02` into milliseconds east of UTC.
pub fn parse_offset(b: &[u8]) -> Option<i64> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = digits(b, 1, 2)?;
    let minutes = match b.len() {
        3 => 0,
        5 => digits(b, 3, 2)?,
        6 if b.get(3) == Some(&b':') => digits(b, 4, 2)?,
        _ => return None,
    };
    if hours > 18 || minutes > 59 {
        return None;
    }
    Some(sign * (i64::from(hours) * 3_600_000 + i64::from(minutes) * 60_000))
}

/// Formats an instant as an ISO 8601 UTC date-time (`2026-03-01T10:00:00Z`, milliseconds when non-zero).
pub fn format_instant(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let date = date_from_days(days);
    let (h, m, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    if milli == 0 {
        format!("{date}T{h:02}:{m:02}:{s:02}Z")
    } else {
        format!("{date}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_forms() {
        assert_eq!(parse_time("1970-01-02"), Some(RawTime::wall(DAY_MS)));
        assert_eq!(parse_time("1970-01-01T01:00:00Z"), Some(RawTime::utc(3_600_000)));
        assert_eq!(parse_time("1970-01-01T03:00:00+02:00"), Some(RawTime::utc(3_600_000)));
        assert_eq!(parse_time("1970-01-01T00:00:00.5-01:00"), Some(RawTime::utc(3_600_500)));
        assert_eq!(parse_time("1767225600000"), Some(RawTime::epoch_number(1_767_225_600_000)));
        assert_eq!(parse_time("2026-02-30"), None);
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(format_instant(1_767_225_600_000), "2026-01-01T00:00:00Z");
    }

    #[test]
    fn epoch_milliseconds_stay_within_years_0000_to_9999() {
        assert_eq!(format_instant(MIN_MS), "0000-01-01T00:00:00Z");
        // chrono writes the expanded ISO form past year 9999 (a period may end there).
        assert_eq!(format_instant(MAX_MS + 1), "+10000-01-01T00:00:00Z");
        assert_eq!(parse_time("0000-01-01"), Some(RawTime::wall(MIN_MS)));
        assert_eq!(parse_time("9999-12-31T23:59:59.999Z"), Some(RawTime::utc(MAX_MS)));
        assert_eq!(parse_time("+10000-01-01"), None);
        assert_eq!(parse_time("253402300799999"), Some(RawTime::epoch_number(MAX_MS)));
        assert_eq!(parse_time("253402300800000"), None);
        assert_eq!(parse_time("-62167219200001"), None);
        assert_eq!(parse_time("9223372036854775807"), None);
        assert_eq!(parse_time("-9223372036854775808"), None);
        assert_eq!(from_epoch_number(MIN_MS as f64), Some(RawTime::epoch_number(MIN_MS)));
        assert_eq!(from_epoch_number((MAX_MS + 1) as f64), None);
        assert_eq!(from_epoch_number(9.0e15), None);
        assert_eq!(from_epoch_number(f64::NAN), None);
    }

    #[test]
    fn day_numbers_are_chronos() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let (first, last) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
        let years = (-801..=10_401).chain([first - 1, first, first + 1, last - 1, last, last + 1, i32::MIN, i32::MAX]);
        for year in years {
            for month in 0..=13 {
                for day in 0..=32 {
                    let chrono = NaiveDate::from_ymd_opt(year, month, day).map(|d| d.signed_duration_since(epoch).num_days());
                    assert_eq!(days_from_ymd(year, month, day), chrono, "{year}-{month}-{day}");
                }
            }
        }
    }

    #[test]
    fn epoch_text_reads_as_integer_parsing_did() {
        // The reading before `epoch_ms`: a check of the bytes, then `str::parse::<i64>`.
        let parse = |t: &str| (t.len() >= 9 && t.bytes().all(|b| b.is_ascii_digit() || b == b'-')).then(|| t.parse::<i64>().ok()).flatten();
        let cases = ["1747948630345", "-1747948630345", "000000000", "-00000000", "--12345678", "12345-6789", "123456789-", "-", "12345678",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999999", "+123456789", "12345678a",
            "253402300799999", "253402300800000", "-62167219200000", "-62167219200001", "0000000000000000000001747948630345", "2534023007999990"];
        for text in cases {
            let expected = parse(text).filter(|ms| (MIN_MS..=MAX_MS).contains(ms));
            let read = (text.len() >= 9).then(|| epoch_ms(text.as_bytes())).flatten();
            assert_eq!(read, expected, "{text}");
        }
    }

    #[test]
    fn epoch_numbers_tell_their_unit_by_magnitude() {
        // 1706000000 s = 19745 days (2024-01-23) + 32000 s (08:53:20); 1e8 s = 1157 days + 35200 s.
        assert_eq!(EpochUnit::of(1_706_000_000), Some(EpochUnit::Seconds));
        assert_eq!(EpochUnit::of(99_999_999_999), Some(EpochUnit::Seconds));
        assert_eq!(EpochUnit::of(100_000_000_000), Some(EpochUnit::Millis));
        assert_eq!(EpochUnit::of(-100_000_000), Some(EpochUnit::Seconds));
        assert_eq!(EpochUnit::of(99_999_999), None);
        assert_eq!(format_instant(RawTime::epoch_number(1_706_000_000).resolve(0)), "2024-01-23T08:53:20Z");
        assert_eq!(format_instant(RawTime::epoch_number(100_000_000).resolve(0)), "1973-03-03T09:46:40Z");
        assert_eq!(RawTime::epoch_number(1_706_000_000_000).resolve(3_600_000), 1_706_000_000_000);
        assert_eq!(RawTime::epoch_number(86_400_000).resolve(0), DAY_MS);
        assert_eq!(parse_time("1706000000"), Some(RawTime::epoch_number(1_706_000_000)));
    }
}
