//! A 53-week retail year through the report: NRF 4-5-4, year ending on the Saturday nearest
//! January 31. FY2024 runs 2023-01-29 .. 2024-02-03 (53 weeks); its Q4 is P10 (4 weeks from
//! 2023-10-29), P11 (5 weeks from 2023-11-26) and P12 (4 + the 53rd week = 5 weeks from
//! 2023-12-31 to 2024-02-03).

use crate::common;
use common::{indicator, report};

const DATA: &str = r#"{
  "settings": {"asOf": "2024-02-04", "fiscalCalendar": {"pattern": "4-5-4", "yearEnd": "saturday_nearest_end_of", "month": 1}},
  "deals": [
    {"id": "p10", "createdAt": "2023-11-25", "amount": 1},
    {"id": "p11", "createdAt": "2023-11-26", "amount": 10},
    {"id": "p12-first", "createdAt": "2023-12-31", "amount": 100},
    {"id": "p12-53rd-week", "createdAt": "2024-02-03T23:00:00Z", "amount": 1000},
    {"id": "fy2025", "createdAt": "2024-02-04", "amount": 10000}
  ]
}"#;

#[test]
fn the_default_period_is_the_retail_quarter_and_months_are_periods() {
    let r = report(DATA, r#"{"cadence": "month", "indicators": ["pipeline_created"]}"#);
    assert_eq!((r.query.from.as_str(), r.query.to.as_str()), ("2023-10-29T00:00:00Z", "2024-02-04T00:00:00Z"));
    let p = indicator(&r, "pipeline_created");
    let series: Vec<(&str, &str, Option<f64>)> = p.series.iter().map(|s| (s.bucket.as_str(), s.from.as_str(), s.figure.value)).collect();
    assert_eq!(
        series,
        [
            ("FY2024-P10", "2023-10-29T00:00:00Z", Some(1.0)),
            ("FY2024-P11", "2023-11-26T00:00:00Z", Some(10.0)),
            ("FY2024-P12", "2023-12-31T00:00:00Z", Some(1100.0)),
        ]
    );
    assert_eq!(p.figure.value, Some(1111.0));
}

#[test]
fn quarters_and_years_follow_the_retail_calendar() {
    let r = report(DATA, r#"{"from": "2023-01-29", "to": "2024-03-01", "cadence": "quarter", "indicators": ["pipeline_created"]}"#);
    let labels: Vec<&str> = indicator(&r, "pipeline_created").series.iter().map(|s| s.bucket.as_str()).collect();
    assert_eq!(labels, ["FY2024-Q1", "FY2024-Q2", "FY2024-Q3", "FY2024-Q4", "FY2025-Q1"]);
    let r = report(DATA, r#"{"from": "2023-01-29", "to": "2024-03-01", "cadence": "year", "indicators": ["pipeline_created"]}"#);
    let years: Vec<(&str, Option<f64>)> = indicator(&r, "pipeline_created").series.iter().map(|s| (s.bucket.as_str(), s.figure.value)).collect();
    assert_eq!(years, [("FY2024", Some(1111.0)), ("FY2025", Some(10000.0))]);
}
