//! Working hours, for response times that should not count nights and weekends.
//!
//! A lead arriving Friday 18:00 and touched Monday 09:30 waited 63.5 hours, but with a
//! 09:00-17:00 Monday-Friday week only 30 working minutes: that is the number a rep can act on.
//! Hours are wall-clock times in the dataset time zone (on each day's own offset, see [`Calendar`]).

use crate::calendar::{parse_week_start, Calendar};
use crate::model;
use crate::time::DAY_MS;

/// `settings.businessHours`, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    /// Minutes after local midnight at which the working day starts.
    pub start_min: u32,
    /// Minutes after local midnight at which it ends (after `start_min`).
    pub end_min: u32,
    /// Working days, Monday first.
    pub days: [bool; 7],
}

impl BusinessHours {
    /// Reads the setting. Omitted parts default to 09:00, 17:00 and Monday to Friday.
    pub fn parse(raw: &model::BusinessHours) -> Result<BusinessHours, (&'static str, String)> {
        let (start, end) = (raw.start.as_deref().unwrap_or("09:00"), raw.end.as_deref().unwrap_or("17:00"));
        let start_min = hh_mm(start).ok_or_else(|| ("settings.businessHours.start", format!("expected HH:MM, got {}", crate::model::quote(start))))?;
        let end_min = hh_mm(end).ok_or_else(|| ("settings.businessHours.end", format!("expected HH:MM, got {}", crate::model::quote(end))))?;
        if end_min <= start_min {
            return Err(("settings.businessHours.end", "the working day must end after it starts".to_string()));
        }
        let mut days = if raw.days.is_empty() { [true, true, true, true, true, false, false] } else { [false; 7] };
        for (i, d) in raw.days.iter().enumerate() {
            let day = parse_week_start(d).and_then(|day| days.get_mut(day as usize));
            let day = day.ok_or_else(|| ("settings.businessHours.days", format!("days[{i}]: expected mon ... sun, got \"{d}\"")))?;
            *day = true;
        }
        Ok(BusinessHours { start_min, end_min, days })
    }
}

/// `HH:MM` (24 h; `24:00` allowed as an end) to minutes after midnight.
fn hh_mm(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// Working minutes in [from, to): the overlap of the interval with every working day's hours.
/// 0 when `to <= from`.
pub fn business_minutes_between(cal: &Calendar, hours: &BusinessHours, from: i64, to: i64) -> f64 {
    if to <= from {
        return 0.0;
    }
    let mut ms = 0i64;
    for day in cal.local_day(from)..=cal.local_day(to) {
        // 1970-01-01 was a Thursday: weekday 3 with Monday = 0.
        if hours.days.get((day + 3).rem_euclid(7) as usize) != Some(&true) {
            continue;
        }
        let open = cal.local_to_utc(day * DAY_MS + i64::from(hours.start_min) * 60_000);
        let close = cal.local_to_utc(day * DAY_MS + i64::from(hours.end_min) * 60_000);
        ms += (close.min(to) - open.max(from)).max(0);
    }
    ms as f64 / 60_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;

    fn at(text: &str) -> i64 {
        parse_time(text).unwrap().resolve(0)
    }

    fn nine_to_five() -> BusinessHours {
        let raw = model::BusinessHours { start: Some("09:00".into()), end: Some("17:00".into()), days: vec!["mon".into(), "tue".into(), "wed".into(), "thu".into(), "fri".into()] };
        BusinessHours::parse(&raw).unwrap()
    }

    #[test]
    fn friday_evening_to_monday_morning_is_thirty_minutes() {
        // 2026-03-06 is a Friday.
        let cal = Calendar::default();
        assert_eq!(business_minutes_between(&cal, &nine_to_five(), at("2026-03-06T18:00:00Z"), at("2026-03-09T09:30:00Z")), 30.0);
    }

    #[test]
    fn the_time_zone_decides_the_working_day() {
        // 16:00Z Friday is 18:00 at +02:00: after hours; Monday 07:30Z is 09:30 local.
        let cal = Calendar { zone: crate::zone::Zone::fixed(2 * 3_600_000), ..Calendar::default() };
        assert_eq!(business_minutes_between(&cal, &nine_to_five(), at("2026-03-06T16:00:00Z"), at("2026-03-09T07:30:00Z")), 30.0);
    }

    #[test]
    fn within_and_across_days() {
        let cal = Calendar::default();
        let h = nine_to_five();
        // Tuesday 10:00 -> 11:15: 75 minutes; Tuesday 16:00 -> Wednesday 10:00: 60 + 60.
        assert_eq!(business_minutes_between(&cal, &h, at("2026-03-03T10:00:00Z"), at("2026-03-03T11:15:00Z")), 75.0);
        assert_eq!(business_minutes_between(&cal, &h, at("2026-03-03T16:00:00Z"), at("2026-03-04T10:00:00Z")), 120.0);
        assert_eq!(business_minutes_between(&cal, &h, at("2026-03-04T10:00:00Z"), at("2026-03-03T10:00:00Z")), 0.0);
    }

    #[test]
    fn bad_settings_are_named() {
        let raw = model::BusinessHours { start: Some("17:00".into()), end: Some("09:00".into()), days: vec![] };
        assert_eq!(BusinessHours::parse(&raw).unwrap_err().0, "settings.businessHours.end");
        let raw = model::BusinessHours { start: None, end: None, days: vec!["funday".into()] };
        assert_eq!(BusinessHours::parse(&raw).unwrap_err().0, "settings.businessHours.days");
    }
}
