//! The hand-written date reader (`time::days_from_ymd`, `time::parse_time`) against chrono, an
//! independent route, over every day of four millennia and many generated timestamps in every
//! accepted form; and the error a rejected date gives.

use chrono::{Datelike, NaiveDate};
use spi_wasm::model::Time;
use spi_wasm::time::{days_from_ymd, parse_time, RawTime, DAY_MS};

/// chrono's answer: days from 1970-01-01, or None when the date does not exist.
fn chrono_days(year: i32, month: u32, day: u32) -> Option<i64> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.signed_duration_since(epoch).num_days())
}

#[test]
fn days_match_chrono_for_every_day_and_every_impossible_one() {
    for year in -1000..=3000 {
        for month in 0..=13 {
            for day in 0..=32 {
                assert_eq!(days_from_ymd(year, month, day), chrono_days(year, month, day), "{year}-{month}-{day}");
            }
        }
    }
    // chrono's range ends and far beyond them, where both say the date does not exist.
    let (min, max) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
    for year in (min - 3..=min + 3).chain(max - 3..=max + 3).chain([i32::MIN, i32::MIN + 1, i32::MAX, -400_000, 400_000]) {
        for (month, day) in [(1, 1), (2, 28), (2, 29), (3, 1), (12, 31), (13, 1), (0, 5), (6, 0)] {
            assert_eq!(days_from_ymd(year, month, day), chrono_days(year, month, day), "{year}-{month}-{day}");
        }
    }
}

#[test]
fn days_by_hand() {
    assert_eq!(days_from_ymd(1970, 1, 1), Some(0));
    assert_eq!(days_from_ymd(1969, 12, 31), Some(-1));
    // 2000 is a leap year (divisible by 400), 1900 and 2100 are not.
    assert_eq!(days_from_ymd(2000, 2, 29), Some(11_016));
    assert_eq!(days_from_ymd(2000, 3, 1), Some(11_017));
    assert_eq!(days_from_ymd(1900, 2, 29), None);
    assert_eq!(days_from_ymd(2100, 2, 29), None);
    assert_eq!(days_from_ymd(2024, 2, 29), Some(19_782));
    assert_eq!(days_from_ymd(2026, 2, 30), None);
    assert_eq!(days_from_ymd(2026, 4, 31), None);
    assert_eq!(days_from_ymd(0, 1, 1), Some(-719_528));
}

/// A small deterministic generator (SplitMix64) for reproducible cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// One generated timestamp text and what chrono says it means (None: not a date).
fn case(rng: &mut Rng) -> (String, Option<RawTime>) {
    let year = if rng.below(4) == 0 { rng.below(10_000) as i32 } else { 1900 + rng.below(200) as i32 };
    let month = 1 + rng.below(12) as u32;
    // Days 29-31 often, so that impossible dates (2026-02-30, 2025-04-31) come up.
    let day = if rng.below(3) == 0 { 28 + rng.below(4) as u32 } else { 1 + rng.below(31) as u32 };
    let date_text = format!("{year:04}-{month:02}-{day:02}");
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        // An impossible date is refused whatever follows it.
        let tail = rng.pick(&["", "T10:00:00Z", "T00:00", " 23:59:59.999+14:00"]);
        return (format!("{date_text}{tail}"), None);
    };
    let day_ms = date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis();
    if rng.below(5) == 0 {
        return (date_text, Some(RawTime::wall(day_ms)));
    }
    let (hour, minute, second) = (rng.below(24), rng.below(60), rng.below(60));
    let separator = rng.pick(&["T", "t", " "]);
    let mut text = format!("{date_text}{separator}{hour:02}:{minute:02}");
    let with_seconds = rng.below(4) != 0;
    if with_seconds {
        text.push_str(&format!(":{second:02}"));
    }
    let mut millis = 0;
    if with_seconds && rng.below(2) == 0 {
        let digits = 1 + rng.below(9) as usize;
        let fraction: String = (0..digits).map(|_| char::from(b'0' + rng.below(10) as u8)).collect();
        // Milliseconds are the first three digits, right-padded with zeros (".5" is 500).
        millis = format!("{:0<3}", &fraction[..digits.min(3)]).parse::<i64>().unwrap();
        text.push_str(rng.pick(&[".", ","]));
        text.push_str(&fraction);
    }
    let wall = day_ms + (hour as i64 * 3600 + minute as i64 * 60 + if with_seconds { second as i64 } else { 0 }) * 1000 + millis;
    let (zone, offset_minutes) = match rng.below(6) {
        0 => (String::new(), None),
        1 => (rng.pick(&["Z", "z"]).to_string(), Some(0)),
        kind => {
            let (hours, minutes) = (rng.below(15) as i64, rng.pick(&["0", "30", "45", "59"]).parse::<i64>().unwrap());
            let sign = if rng.below(2) == 0 { 1 } else { -1 };
            let mark = if sign == 1 { '+' } else { '-' };
            match kind {
                2 | 3 => (format!("{mark}{hours:02}:{minutes:02}"), Some(sign * (hours * 60 + minutes))),
                4 => (format!("{mark}{hours:02}{minutes:02}"), Some(sign * (hours * 60 + minutes))),
                _ => (format!("{mark}{hours:02}"), Some(sign * hours * 60)),
            }
        }
    };
    text.push_str(&zone);
    let expected = match offset_minutes {
        None => RawTime::wall(wall),
        Some(m) => RawTime::utc(wall - m * 60_000),
    };
    (text, Some(expected))
}

#[test]
fn timestamps_match_chrono_in_every_form() {
    let mut rng = Rng(2026);
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..200_000 {
        let (text, expected) = case(&mut rng);
        assert_eq!(parse_time(&text), expected, "{text}");
        // Surrounding white space is ignored, ASCII or not.
        assert_eq!(parse_time(&format!(" \t{text}\u{a0}")), expected, "padded {text}");
        if expected.is_some() {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    // Both sides were exercised.
    assert!(accepted > 150_000 && refused > 10_000, "{accepted} accepted, {refused} refused");
}

#[test]
fn epoch_millisecond_strings() {
    let mut rng = Rng(7);
    for _ in 0..20_000 {
        let ms = rng.below(4_000_000_000_000) as i64 - 1_000_000_000_000;
        // An epoch number is kept as given: its field settles seconds or milliseconds.
        assert_eq!(parse_time(&ms.to_string()), Some(RawTime::epoch_number(ms)), "{ms}");
        assert_eq!(parse_time(&format!(" {ms} ")), Some(RawTime::epoch_number(ms)), "{ms}");
    }
    assert_eq!(parse_time("1767225600000"), Some(RawTime::epoch_number(1_767_225_600_000)));
    assert_eq!(parse_time("-86400000"), Some(RawTime::epoch_number(-DAY_MS)));
    assert_eq!(parse_time("-86400000").map(|t| t.resolve(0)), Some(-DAY_MS));
}

#[test]
fn edge_cases_by_hand() {
    let utc = |ms: i64| Some(RawTime::utc(ms));
    // Leap days, the leap second, and offsets at the ends of the range in use (±14:00).
    assert_eq!(parse_time("2024-02-29T00:00:00Z"), utc(19_782 * DAY_MS));
    assert_eq!(parse_time("2000-02-29"), Some(RawTime::wall(11_016 * DAY_MS)));
    assert_eq!(parse_time("1970-01-01T23:59:60Z"), utc(DAY_MS));
    assert_eq!(parse_time("1970-01-02T00:00:00+14:00"), utc(10 * 3_600_000));
    assert_eq!(parse_time("1970-01-01T00:00:00-14:00"), utc(14 * 3_600_000));
    assert_eq!(parse_time("1970-01-01T00:00:00+18:00"), utc(-18 * 3_600_000));
    assert_eq!(parse_time("1970-01-01T00:00:00.123456789Z"), utc(123));
    assert_eq!(parse_time("1970-01-01T00:00:00,05Z"), utc(50));
    // Refused: impossible dates and times, bad offsets, anything trailing.
    for text in [
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
        "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:61Z", "2026-01-01T10:00:00+19:00",
        "2026-01-01T10:00:00+02:60", "2026-01-01T10:00:00+2:00", "2026-01-01T10:00:00Zx", "2026-01-01X10:00",
        "2026-1-01", "26-01-01", "yesterday", "", " ", "2026-01-01T10", "2026-01-01T10:0", "12345678",
    ] {
        assert_eq!(parse_time(text), None, "{text:?}");
    }
}

#[test]
fn a_refused_date_names_the_value() {
    for (json, message) in [
        (r#""2026-02-30""#, r#"expected a date (ISO 8601 or epoch milliseconds, years 0000-9999), got "2026-02-30""#),
        (r#"" 2025-02-29T10:00:00Z""#, r#"expected a date (ISO 8601 or epoch milliseconds, years 0000-9999), got " 2025-02-29T10:00:00Z""#),
        (r#""2026-01-01T10:00:00+19:00""#, r#"expected a date (ISO 8601 or epoch milliseconds, years 0000-9999), got "2026-01-01T10:00:00+19:00""#),
    ] {
        let err = serde_json::from_str::<Time>(json).unwrap_err().to_string();
        assert!(err.starts_with(message), "{err}");
    }
}
