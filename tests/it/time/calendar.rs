//! Calendars through the whole report: fiscal years, week starts and time zones.

use crate::common;
use common::{close, indicator, report};

/// Two deals created on Saturday 2026-03-07 and Sunday 2026-03-08 (UTC).
const WEEKEND: &str = r#"{"settings": {"weekStart": "WEEKSTART", "asOf": "2026-03-16"}, "deals": [
  {"id": "sat", "createdAt": "2026-03-07T12:00:00Z", "amount": 10},
  {"id": "sun", "createdAt": "2026-03-08T12:00:00Z", "amount": 20}
]}"#;

fn week_values(week_start: &str) -> Vec<(String, Option<f64>)> {
    let data = WEEKEND.replace("WEEKSTART", week_start);
    let r = report(&data, r#"{"from": "2026-03-01", "to": "2026-03-15", "cadence": "week", "indicators": ["pipeline_created"]}"#);
    indicator(&r, "pipeline_created").series.iter().map(|p| (p.bucket.clone(), p.figure.value)).collect()
}

#[test]
fn monday_weeks_put_saturday_and_sunday_together() {
    // Monday weeks: [03-01 (clipped from 02-23), 03-02..03-08 holds both, 03-09..03-15].
    let v = week_values("monday");
    assert_eq!(v, [("2026-02-23".into(), Some(0.0)), ("2026-03-02".into(), Some(30.0)), ("2026-03-09".into(), Some(0.0))]);
}

#[test]
fn sunday_weeks_split_them() {
    // Sunday weeks: 03-01..03-07 holds Saturday, 03-08..03-14 holds Sunday.
    let v = week_values("sunday");
    assert_eq!(v, [("2026-03-01".into(), Some(10.0)), ("2026-03-08".into(), Some(20.0))]);
}

#[test]
fn late_evening_utc_is_the_next_day_at_plus_two() {
    // 23:30 UTC on 03-31 is 01:30 on 04-01 at +02:00: the deal belongs to April.
    let data = |tz: &str| {
        format!(r#"{{"settings": {{"timeZone": "{tz}", "asOf": "2026-05-01"}}, "deals": [{{"id": "x", "createdAt": "2026-03-31T23:30:00Z", "amount": 5}}]}}"#)
    };
    let q = r#"{"from": "2026-03-01", "to": "2026-05-01", "cadence": "month", "indicators": ["pipeline_created"]}"#;
    let at = |tz: &str| -> Vec<Option<f64>> {
        indicator(&report(&data(tz), q), "pipeline_created").series.iter().map(|p| p.figure.value).collect()
    };
    assert_eq!(at("UTC"), [Some(5.0), Some(0.0)]);
    assert_eq!(at("+02:00"), [Some(0.0), Some(5.0)]);
}

#[test]
fn fiscal_year_starting_in_february() {
    // Fiscal Q1 of FY2027 is 2026-02-01 .. 2026-05-01. With asOf 2026-03-15, the default period is
    // 2026-02-01 .. 2026-03-15: the January deal falls in the previous period of equal length.
    let data = r#"{"settings": {"fiscalYearStartMonth": 2, "asOf": "2026-03-15"}, "deals": [
      {"id": "jan", "createdAt": "2026-01-20", "amount": 1},
      {"id": "feb", "createdAt": "2026-02-01", "amount": 2},
      {"id": "mar", "createdAt": "2026-03-14T23:59:59Z", "amount": 4}]}"#;
    let r = report(data, r#"{"cadence": "quarter", "indicators": ["pipeline_created"]}"#);
    assert_eq!(r.query.from, "2026-02-01T00:00:00Z");
    assert_eq!(r.query.to, "2026-03-15T00:00:00Z");
    let created = indicator(&r, "pipeline_created");
    close(created.figure.value, 6.0);
    assert_eq!(created.series.iter().map(|p| p.bucket.as_str()).collect::<Vec<_>>(), ["FY2027-Q1"]);
    close(created.previous.as_ref().unwrap().value, 1.0);
    let by_year = report(data, r#"{"from": "2025-01-01", "to": "2026-03-01", "cadence": "year", "indicators": ["pipeline_created"]}"#);
    let labels: Vec<String> = indicator(&by_year, "pipeline_created").series.iter().map(|p| p.bucket.clone()).collect();
    assert_eq!(labels, ["FY2025", "FY2026", "FY2027"]);
}

#[test]
fn iana_time_zones_are_read_and_unknown_names_refused_with_the_supported_forms() {
    assert!(spi_wasm::Dataset::from_json(br#"{"settings": {"timeZone": "Europe/Paris"}}"#).is_ok());
    let err = spi_wasm::Dataset::from_json(br#"{"settings": {"timeZone": "Europe/Pari"}}"#).unwrap_err();
    assert_eq!((err.code(), err.path()), ("unsupported_time_zone", "settings.timeZone"));
    assert!(err.message().contains("+02:00"));
    assert!(err.message().contains("did you mean \"Europe/Paris\""), "{}", err.message());
}
