//! Business hours from the dataset settings: a lead arriving Friday 18:00 and touched Monday
//! 09:30 with 09:00-17:00 Monday-Friday waited 30 business minutes.

use crate::common;
use common::dataset;
use spi_wasm::business_hours::business_minutes_between;
use spi_wasm::store::NO_TIME;

const DATA: &str = r#"{
  "settings": {"timeZone": "+01:00", "asOf": "2026-03-10",
               "businessHours": {"start": "09:00", "end": "17:00", "days": ["mon", "tue", "wed", "thu", "fri"]}},
  "leads": [{"id": "L-1", "createdAt": "2026-03-06T18:00:00", "owner": "a"}],
  "activities": [{"id": "A-1", "type": "call", "at": "2026-03-09T09:30:00", "owner": "a", "direction": "outbound", "leadId": "L-1"}]
}"#;

#[test]
fn friday_evening_lead_touched_monday_morning() {
    let ds = dataset(DATA);
    let s = ds.store();
    let hours = s.settings.business_hours.expect("resolved from settings.businessHours");
    let (lead, touch) = (s.leads[0].created, s.activities[0].at);
    assert_ne!(lead, NO_TIME);
    assert_eq!(business_minutes_between(&s.settings.calendar, &hours, lead, touch), 30.0);
    // Elapsed: 63.5 hours.
    assert_eq!((touch - lead) as f64 / 60_000.0, 63.5 * 60.0);
}

#[test]
fn invalid_hours_are_an_input_error() {
    let bad = DATA.replace(r#""end": "17:00""#, r#""end": "5pm""#);
    let e = spi_wasm::Dataset::from_json(bad.as_bytes()).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_setting", "settings.businessHours.end"));
}

#[test]
fn rep_response_minutes_counts_business_minutes_when_set() {
    let q = r#"{"from": "2026-03-01", "to": "2026-03-10", "indicators": ["rep_response_minutes"]}"#;
    let with_hours = common::report(DATA, q);
    let r = common::indicator(&with_hours, "rep_response_minutes");
    assert_eq!(r.figure.value, Some(30.0));
    assert!(r.definition.contains("business minutes"), "{}", r.definition);
    // Without the setting: 63.5 elapsed hours = 3,810 minutes.
    let elapsed = DATA.replace(r#""businessHours": {"start": "09:00", "end": "17:00", "days": ["mon", "tue", "wed", "thu", "fri"]}"#, r#""businessHours": null"#);
    let plain = common::report(&elapsed, q);
    assert_eq!(common::indicator(&plain, "rep_response_minutes").figure.value, Some(3810.0));
}
