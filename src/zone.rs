//! The dataset's time zone: a fixed offset, or an IANA zone whose offset follows its daylight
//! saving rules at each instant.
//!
//! The rules are the IANA tz database compiled by `scripts/tzdata.py` into `src/tzdata.bin`
//! (~16 KB gzip: every zone and link, transitions from 1970 on, then each zone's POSIX rule) and
//! read here (`tzdb`); the native CLI and the Wasm module embed the very same file. Why that
//! route over a crate with the whole database or the host's `Intl`, and the numbers:
//! `docs/time-zones.md`. Instants before 1970 take the zone's offset on 1970-01-01.
//!
//! A zone is decoded once per dataset into a sorted table of transitions up to [`TABLE_TO`], so
//! that the hot path (an instant's local day, once per record and bucket) is a binary search over
//! a few hundred `i64`s; later instants evaluate the POSIX rule for their year.
//!
//! Wall-clock times (a date without a time is local midnight) become instants by RFC 5545's rule,
//! which is also Temporal's "compatible" one: a time inside the spring-forward gap moves forward
//! by the gap's length (02:30 on a night that jumps 02:00 -> 03:00 is 03:30), and a time in the
//! repeated autumn hour takes its first (earlier) occurrence.

use crate::time::DAY_MS;
use crate::tzdb::{self, PosixRule};

/// The tz database release the embedded rules were compiled from (`2025b`).
pub use crate::tzdb::version as tzdb_version;
use std::sync::Arc;

/// Transitions from this instant (2200-01-01T00:00:00Z) on are not tabled (the rule answers).
pub const TABLE_TO: i64 = 7_258_118_400_000;

/// A time zone: a fixed offset from UTC or an IANA zone.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Milliseconds east of UTC (for an IANA zone: its offset on 1970-01-01).
    fixed: i64,
    /// The IANA zone's rules; `None` for a fixed offset.
    rules: Option<Arc<Rules>>,
}

/// An IANA zone's offsets, tabled for the years data is about.
#[derive(Debug)]
struct Rules {
    /// The zone's name as the database spells it (`America/New_York`).
    name: &'static str,
    /// Instants (UTC ms) at which the offset changes, ascending, before [`TABLE_TO`].
    starts: Vec<i64>,
    /// `offsets[i]` is in force from `starts[i]` (and `fixed` before `starts[0]`).
    offsets: Vec<i64>,
    /// The rule after the last explicit transition, for instants past the table.
    rule: PosixRule,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.fixed == other.fixed && self.name() == other.name()
    }
}

impl Eq for Zone {}

impl Default for Zone {
    fn default() -> Zone {
        Zone::fixed(0)
    }
}

impl Zone {
    /// A fixed offset, in milliseconds east of UTC.
    pub const fn fixed(offset_ms: i64) -> Zone {
        Zone { fixed: offset_ms, rules: None }
    }

    /// The IANA zone named `name` (in any case), `None` when the database has no such name.
    pub fn iana(name: &str) -> Option<Zone> {
        let found = tzdb::find(name)?;
        let fixed = found.offset_1970 * 1000;
        let (mut starts, mut offsets): (Vec<i64>, Vec<i64>) = found.transitions.iter().map(|&(t, o)| (t * 1000, o * 1000)).unzip();
        // The rule takes over after the last explicit transition: table its changes up to TABLE_TO.
        let from_year = starts.last().map_or(1970, |&t| chrono::Datelike::year(&crate::time::date_from_days(t.div_euclid(DAY_MS))));
        for year in from_year..=2200 {
            for (at, offset) in found.rule.transitions(year) {
                let last = offsets.last().copied().unwrap_or(fixed);
                if at < TABLE_TO && starts.last().is_none_or(|&s| at > s) && offset != last {
                    starts.push(at);
                    offsets.push(offset);
                }
            }
        }
        Some(Zone { fixed, rules: Some(Arc::new(Rules { name: found.name, starts, offsets, rule: found.rule })) })
    }

    /// The IANA name, `None` for a fixed offset.
    pub fn name(&self) -> Option<&str> {
        self.rules.as_ref().map(|r| r.name)
    }

    /// How the settings would name it: the IANA name, `UTC`, or the offset (`+05:45`, `-03:00`).
    pub fn label(&self) -> String {
        match (self.name(), self.fixed) {
            (Some(name), _) => name.to_string(),
            (None, 0) => "UTC".to_string(),
            (None, ms) => {
                let minutes = ms.abs() / 60_000;
                format!("{}{:02}:{:02}", if ms < 0 { '-' } else { '+' }, minutes / 60, minutes % 60)
            }
        }
    }

    /// Milliseconds east of UTC in force at the instant `at` (UTC ms).
    pub fn offset_at(&self, at: i64) -> i64 {
        let Some(rules) = &self.rules else { return self.fixed };
        if at >= TABLE_TO {
            return rules.rule.offset_at(at);
        }
        let i = rules.starts.partition_point(|&s| s <= at);
        i.checked_sub(1).and_then(|i| rules.offsets.get(i)).copied().unwrap_or(self.fixed)
    }
    /// The instant of a wall-clock time (milliseconds since 1970-01-01T00:00 on the local clock).
    ///
    /// The candidates are the wall time read with the offset in force a day before and a day
    /// after (offsets change at most once in two days, and an instant is within 26 hours of its
    /// wall time). A candidate is valid when its instant has that offset: two valid ones are the
    /// repeated hour (the earlier wins), none is the gap (read with the offset before it, which
    /// lands past the gap: RFC 5545 moves the time forward by the gap's length).
    pub fn local_to_utc(&self, wall: i64) -> i64 {
        if self.rules.is_none() {
            return wall - self.fixed;
        }
        let before = self.offset_at(wall - DAY_MS);
        let after = self.offset_at(wall + DAY_MS);
        let valid = |offset: i64| (self.offset_at(wall - offset) == offset).then_some(wall - offset);
        match (valid(before), valid(after)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => wall - before,
        }
    }

    /// The wall-clock time (local milliseconds since 1970-01-01T00:00) of an instant.
    pub fn utc_to_local(&self, at: i64) -> i64 {
        at + self.offset_at(at)
    }
}

/// Parses the `timeZone` setting: `UTC`, `Z`, `GMT`, a fixed offset (`+02:00`, `UTC-05:00`) or
/// an IANA name (`Europe/Berlin`). An unknown name gives a message naming the closest IANA names.
pub fn parse_time_zone(text: &str) -> Result<Zone, String> {
    let t = text.trim();
    if ["utc", "z", "gmt"].iter().any(|n| t.eq_ignore_ascii_case(n)) {
        return Ok(Zone::fixed(0));
    }
    let offset = two_digit_hours(t.strip_prefix("UTC").or_else(|| t.strip_prefix("GMT")).unwrap_or(t));
    if let Some(ms) = crate::time::parse_offset(offset.as_bytes()) {
        return Ok(Zone::fixed(ms));
    }
    if let Some(zone) = Zone::iana(t) {
        return Ok(zone);
    }
    let close = close_names(t);
    let hint = if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) };
    Err(format!(
        "unsupported time zone {}: expected an IANA name such as \"America/New_York\", \"UTC\" or a fixed offset such as \"+02:00\"{hint}",
        crate::model::quote(t)
    ))
}

/// `+2` and `-5:30` (one-digit hours, as `GMT+2` is often written) as `+02` and `-05:30`.
fn two_digit_hours(offset: &str) -> String {
    let b = offset.as_bytes();
    match (b.first(), b.get(1), b.get(2)) {
        (Some(b'+' | b'-'), Some(d), None | Some(b':')) if d.is_ascii_digit() => {
            format!("{}0{}", offset.get(..1).unwrap_or_default(), offset.get(1..).unwrap_or_default())
        }
        _ => offset.to_string(),
    }
}

/// Up to three IANA names close to `text`: within a few edits of the whole name or of its city
/// (`America/New_Yrok`, `new york`, `Berlin`), closest first. `Etc/GMT+2` and the like are never
/// offered: POSIX signs make it UTC-02:00, the opposite of what `GMT+2` usually means.
fn close_names(text: &str) -> Vec<String> {
    let wanted = text.to_lowercase().replace(' ', "_");
    let city = |name: &str| name.rsplit('/').next().unwrap_or(name).to_string();
    let limit = (wanted.chars().count() / 4).clamp(1, 3);
    let distance = crate::text::edit_distance;
    let mut scored: Vec<(usize, &str)> = tzdb::names()
        .filter(|name| !name.starts_with("Etc/GMT+") && !name.starts_with("Etc/GMT-"))
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let d = distance(&wanted, &lower).min(distance(&wanted, &city(&lower)));
            (d <= limit).then_some((d, name))
        })
        .collect();
    crate::sort::sort_by(&mut scored, |a, b| a.cmp(b));
    scored.into_iter().take(3).map(|(_, name)| format!("\"{name}\"")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;

    const HOUR: i64 = 3_600_000;

    fn wall(text: &str) -> i64 {
        parse_time(text).unwrap().ms
    }

    fn utc(text: &str) -> i64 {
        parse_time(text).unwrap().resolve(0)
    }

    #[test]
    fn new_york_offsets_follow_daylight_saving() {
        let ny = parse_time_zone("America/New_York").unwrap();
        assert_eq!(ny.name(), Some("America/New_York"));
        // 2026: EDT from 2026-03-08 07:00Z (02:00 EST) to 2026-11-01 06:00Z (02:00 EDT).
        assert_eq!(ny.offset_at(utc("2026-03-08T06:59:59Z")), -5 * HOUR);
        assert_eq!(ny.offset_at(utc("2026-03-08T07:00:00Z")), -4 * HOUR);
        assert_eq!(ny.offset_at(utc("2026-11-01T05:59:59Z")), -4 * HOUR);
        assert_eq!(ny.offset_at(utc("2026-11-01T06:00:00Z")), -5 * HOUR);
        // Beyond the table: the zone's rule still applies (2300-07-01 is in EDT).
        assert_eq!(ny.offset_at(utc("2300-07-01T12:00:00Z")), -4 * HOUR);
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward_and_the_autumn_hour_takes_the_first() {
        let ny = parse_time_zone("America/New_York").unwrap();
        // 02:30 does not exist on 2026-03-08: RFC 5545 reads it as 03:30 EDT = 07:30Z.
        assert_eq!(ny.local_to_utc(wall("2026-03-08T02:30:00")), utc("2026-03-08T07:30:00Z"));
        // 01:30 happens twice on 2026-11-01: first in EDT (05:30Z), then in EST (06:30Z).
        assert_eq!(ny.local_to_utc(wall("2026-11-01T01:30:00")), utc("2026-11-01T05:30:00Z"));
        // Either side of the changes, the plain offsets.
        assert_eq!(ny.local_to_utc(wall("2026-03-08T00:00:00")), utc("2026-03-08T05:00:00Z"));
        assert_eq!(ny.local_to_utc(wall("2026-03-09T00:00:00")), utc("2026-03-09T04:00:00Z"));
        assert_eq!(ny.local_to_utc(wall("2026-11-02T00:00:00")), utc("2026-11-02T05:00:00Z"));
    }

    #[test]
    fn half_hour_daylight_saving_and_odd_offsets() {
        // Lord Howe: +10:30 standard, +11:00 in summer; 2026-04-05 02:00 (+11) goes back to 01:30.
        let lh = parse_time_zone("Australia/Lord_Howe").unwrap();
        assert_eq!(lh.offset_at(utc("2026-01-15T00:00:00Z")), 11 * HOUR);
        assert_eq!(lh.offset_at(utc("2026-06-15T00:00:00Z")), 10 * HOUR + HOUR / 2);
        // 01:45 happens twice: the first at +11:00 (14:45Z the day before).
        assert_eq!(lh.local_to_utc(wall("2026-04-05T01:45:00")), utc("2026-04-04T14:45:00Z"));
        let ktm = parse_time_zone("asia/kathmandu").unwrap();
        assert!(tzdb_version().starts_with("20"));
        assert_eq!(ktm.name(), Some("Asia/Kathmandu"));
        assert_eq!(ktm.local_to_utc(wall("2026-01-01T00:00:00")), utc("2025-12-31T18:15:00Z"));
    }

    #[test]
    fn fixed_offsets_and_unknown_names() {
        assert_eq!(parse_time_zone("+02:00"), Ok(Zone::fixed(2 * HOUR)));
        assert_eq!(parse_time_zone("UTC-05:00"), Ok(Zone::fixed(-5 * HOUR)));
        assert_eq!(parse_time_zone("Z"), Ok(Zone::fixed(0)));
        assert_eq!(parse_time_zone("GMT+2"), Ok(Zone::fixed(2 * HOUR)));
        assert_eq!(parse_time_zone("UTC-5:30").unwrap().label(), "-05:30");
        assert_eq!(parse_time_zone("gmt").unwrap().label(), "UTC");
        assert_eq!(parse_time_zone("us/eastern").unwrap().label(), "US/Eastern");
        assert_eq!(parse_time_zone("UTC-5:30"), Ok(Zone::fixed(-5 * HOUR - HOUR / 2)));
        // The IANA Etc/GMT+2 is UTC-02:00 (POSIX sign), as the database says.
        assert_eq!(parse_time_zone("Etc/GMT+2").unwrap().offset_at(0), -2 * HOUR);
        let near = parse_time_zone("Etc/GMT+22").unwrap_err();
        assert!(!near.contains("Etc/GMT+2\""), "{near}");
        let typo = parse_time_zone("America/New_Yrok").unwrap_err();
        assert!(typo.contains("did you mean \"America/New_York\""), "{typo}");
        let city = parse_time_zone("Berlin").unwrap_err();
        assert!(city.contains("\"Europe/Berlin\""), "{city}");
        let nothing = parse_time_zone("Mars/Olympus_Mons_Base").unwrap_err();
        assert!(!nothing.contains("did you mean"), "{nothing}");
    }
}
