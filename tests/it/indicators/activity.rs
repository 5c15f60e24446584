//! Activity indicators on a hand-made dataset; every expected number is worked out in the comments.

use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::indicators::Figure;
use spi_wasm::report::{IndicatorReport, Report};
use spi_wasm::{Dataset, DrillRequest, Query};

// asOf 2026-04-01T00:00Z; period 2026-01-01 .. 2026-04-01 (previous 2025-10-03 .. 2026-01-01).
//
// Leads (owner, contact, created):
// L1 a C1 01-05T09:00   first touch A1 09:30 -> 30 min (A0 is before createdAt, A2 automated, A3 inbound)
// L2 a C2 01-06T10:00   touched via its contact: A4 12:00 -> 120 min
// L3 b -  01-07         never touched, 30 days passed -> not responded
// L4 b -  01-08         first touch A5 02-08, 31 days later -> not responded
// L5 b -  03-25         untouched, 30 days not over at asOf -> pending
// L6 a -  02-01T00:00   A6 is a meeting (not a touch); A7 06:00 -> 360 min
//
// Activities (T = touch, M = meeting, E = engaged outcome):
// A0  call      out  L1      01-05T08:00  a       no_answer       T
// A1  call      out  L1      01-05T09:30  a       connected       T E
// A2  email     out  L1      01-05T09:10  a       replied         automated: excluded
// A3  call      in   L1      01-05T09:05  a       connected       inbound: excluded
// A4  email     out  C2      01-06T12:00  a       replied         T E
// A5  call      out  L4      02-08T00:00  b       meeting_booked  T M E
// A6  meeting   out  L6      02-01T01:00  a       -               M
// A7  linkedin  out  L6      02-01T06:00  a       bounced         T
// A8  sequence  out  C9      03-02T00:00  (none)  no_answer       T
// A9  meeting   in   -       03-05T00:00  b       -               M
// A10 call      out  -       2025-12-15   b       -               T (previous period)
// A11 email     out  L1, C1  01-10T00:00  a       -               T (on L1 and C1: one touch)
// A12 call      out  L6      03-01T00:00  a       no_answer       T (exactly at D3's createdAt)
//
// Deals (owner, lead, contact, created) and their touches strictly before createdAt:
// D1 a L1 C1 01-20   A0 A1 A11 = 3
// D2 b -  C2 02-15   A4 = 1
// D3 b L6 -  03-01   A7 = 1 (A12 is not before)
// D4 a -  -  03-10   0
// D5 a L1 -  2025-11-01 (previous period)
const DATA: &str = r#"{
  "settings": { "timeZone": "UTC", "asOf": "2026-04-01T00:00:00Z" },
  "leads": [
    { "id": "L1", "createdAt": "2026-01-05T09:00:00Z", "owner": "a", "contactId": "C1" },
    { "id": "L2", "createdAt": "2026-01-06T10:00:00Z", "owner": "a", "contactId": "C2" },
    { "id": "L3", "createdAt": "2026-01-07T00:00:00Z", "owner": "b" },
    { "id": "L4", "createdAt": "2026-01-08T00:00:00Z", "owner": "b" },
    { "id": "L5", "createdAt": "2026-03-25T00:00:00Z", "owner": "b" },
    { "id": "L6", "createdAt": "2026-02-01T00:00:00Z", "owner": "a" }
  ],
  "activities": [
    { "id": "A0", "type": "call", "direction": "outbound", "leadId": "L1", "at": "2026-01-05T08:00:00Z", "owner": "a", "outcome": "no_answer" },
    { "id": "A1", "type": "call", "direction": "outbound", "leadId": "L1", "at": "2026-01-05T09:30:00Z", "owner": "a", "outcome": "connected" },
    { "id": "A2", "type": "email", "direction": "outbound", "leadId": "L1", "at": "2026-01-05T09:10:00Z", "owner": "a", "outcome": "replied", "automated": true },
    { "id": "A3", "type": "call", "direction": "inbound", "leadId": "L1", "at": "2026-01-05T09:05:00Z", "owner": "a", "outcome": "connected" },
    { "id": "A4", "type": "email", "direction": "outbound", "contactId": "C2", "at": "2026-01-06T12:00:00Z", "owner": "a", "outcome": "replied" },
    { "id": "A5", "type": "call", "direction": "outbound", "leadId": "L4", "at": "2026-02-08T00:00:00Z", "owner": "b", "outcome": "meeting_booked" },
    { "id": "A6", "type": "meeting", "direction": "outbound", "leadId": "L6", "at": "2026-02-01T01:00:00Z", "owner": "a" },
    { "id": "A7", "type": "linkedin", "direction": "outbound", "leadId": "L6", "at": "2026-02-01T06:00:00Z", "owner": "a", "outcome": "bounced" },
    { "id": "A8", "type": "sequence_step", "direction": "outbound", "contactId": "C9", "at": "2026-03-02T00:00:00Z", "outcome": "no_answer" },
    { "id": "A9", "type": "meeting", "direction": "inbound", "at": "2026-03-05T00:00:00Z", "owner": "b" },
    { "id": "A10", "type": "call", "direction": "outbound", "at": "2025-12-15T00:00:00Z", "owner": "b" },
    { "id": "A11", "type": "email", "direction": "outbound", "leadId": "L1", "contactId": "C1", "at": "2026-01-10T00:00:00Z", "owner": "a" },
    { "id": "A12", "type": "call", "direction": "outbound", "leadId": "L6", "at": "2026-03-01T00:00:00Z", "owner": "a", "outcome": "no_answer" }
  ],
  "deals": [
    { "id": "D1", "owner": "a", "leadId": "L1", "contactId": "C1", "createdAt": "2026-01-20T00:00:00Z" },
    { "id": "D2", "owner": "b", "contactId": "C2", "createdAt": "2026-02-15T00:00:00Z" },
    { "id": "D3", "owner": "b", "leadId": "L6", "createdAt": "2026-03-01T00:00:00Z" },
    { "id": "D4", "owner": "a", "createdAt": "2026-03-10T00:00:00Z" },
    { "id": "D5", "owner": "a", "leadId": "L1", "createdAt": "2025-11-01T00:00:00Z" }
  ]
}"#;

const QUERY: &str = r#"{ "from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "groupBy": ["owner"] }"#;

fn dataset() -> Dataset {
    Dataset::from_json(DATA.as_bytes()).unwrap()
}

fn report(query: &str) -> Report {
    dataset().report(&Query::from_json(query.as_bytes()).unwrap()).unwrap()
}

fn indicator<'r>(report: &'r Report, id: &str) -> &'r IndicatorReport {
    report.indicators.iter().find(|i| i.id == id).unwrap()
}

/// Numerator and denominator of each owner group, in the order a, b, (none).
fn owner_parts(report: &Report, id: &str) -> Vec<(Option<f64>, Option<f64>, Option<f64>)> {
    let figure = |g: &str| -> Option<Figure> {
        let row = report.groups["owner"].iter().find(|r| r.group == g)?;
        row.indicators.iter().find(|f| f.id == id).map(|f| f.figure.clone())
    };
    ["a", "b", "(none)"].iter().filter_map(|g| figure(g)).map(|f| (f.value, f.numerator, f.denominator)).collect()
}

fn assert_sums_back(report: &Report, id: &str) {
    let total = &indicator(report, id).figure;
    let parts = owner_parts(report, id);
    assert_eq!(parts.iter().map(|p| p.1.unwrap()).sum::<f64>(), total.numerator.unwrap(), "{id} numerator");
    assert_eq!(parts.iter().map(|p| p.2.unwrap()).sum::<f64>(), total.denominator.unwrap(), "{id} denominator");
}

fn drill(id: &str, group: Option<&str>) -> (Vec<String>, Vec<String>) {
    let query = Query::from_json(QUERY.as_bytes()).unwrap();
    let request = DrillRequest {
        indicator: id.into(),
        group_key: group.map(|_| "owner".into()),
        group_value: group.map(Into::into),
        ..Default::default()
    };
    let d = dataset().drill(&query, &request).unwrap();
    (d.numerator_ids, d.denominator_ids)
}

#[test]
fn response_minutes_median_with_not_responded_and_pending() {
    let r = report(QUERY);
    let f = &indicator(&r, "rep_response_minutes").figure;
    // Responded: 30, 120, 360 -> median 120, sum 510, mean 170.
    assert_eq!((f.value, f.numerator, f.denominator), (Some(120.0), Some(510.0), Some(3.0)));
    assert_eq!(f.stats["mean"], Some(170.0));
    // L3, L4 not responded; L5 pending; responded share 3 / (3 + 2).
    assert_eq!((f.stats["responded"], f.stats["notResponded"], f.stats["pending"]), (Some(3.0), Some(2.0), Some(1.0)));
    assert_eq!(f.stats["respondedShare"], Some(0.6));
    // Months: Jan L1 L2 -> median(30, 120) = 75; Feb L6 -> 360; Mar L5 pending -> null.
    let series: Vec<_> = indicator(&r, "rep_response_minutes").series.iter().map(|p| p.figure.value).collect();
    assert_eq!(series, [Some(75.0), Some(360.0), None]);
    // Lead owners: a = L1 L2 L6 (120 of 30, 120, 360); b = L3 L4 L5, none responded -> null.
    assert_eq!(owner_parts(&r, "rep_response_minutes"), [(Some(120.0), Some(510.0), Some(3.0)), (None, Some(0.0), Some(0.0))]);
    assert_sums_back(&r, "rep_response_minutes");
    assert!(indicator(&r, "rep_response_minutes").definition.contains("elapsed minutes"));
}

#[test]
fn response_drill_lists_responded_leads() {
    // Population order is creation order: L1, L2, L6 responded.
    let (num, den) = drill("rep_response_minutes", None);
    assert_eq!(num, ["L1", "L2", "L6"]);
    assert_eq!(den, num);
}

#[test]
fn touches_to_meeting_counts_touches_over_meetings() {
    let r = report(QUERY);
    let f = &indicator(&r, "touches_to_meeting").figure;
    // Touches A0 A1 A4 A5 A7 A8 A11 A12 = 8; meetings A5 A6 A9 = 3 (A5 counts as both).
    assert_eq!((f.numerator, f.denominator), (Some(8.0), Some(3.0)));
    assert!((f.value.unwrap() - 8.0 / 3.0).abs() < 1e-12);
    // a: 6 touches (A0 A1 A4 A7 A11 A12) / 1 meeting (A6) = 6; b: A5 / (A5, A9) = 0.5;
    // (none): A8 / no meeting -> null.
    assert_eq!(
        owner_parts(&r, "touches_to_meeting"),
        [(Some(6.0), Some(6.0), Some(1.0)), (Some(0.5), Some(1.0), Some(2.0)), (None, Some(1.0), Some(0.0))]
    );
    assert_sums_back(&r, "touches_to_meeting");
    // Previous period: A10 is a touch, no meeting -> null, insufficient.
    let previous = indicator(&r, "touches_to_meeting").previous.as_ref().unwrap();
    assert_eq!((previous.value, previous.numerator, previous.status), (None, Some(1.0), DataStatus::InsufficientData));
}

#[test]
fn touches_to_meeting_drill_lists_touches_and_meetings() {
    // In time order: A0 A1 A4 A11 A6(M) A7 A5(T+M) A12 A8 A9(M).
    let (num, den) = drill("touches_to_meeting", None);
    assert_eq!(num, ["A0", "A1", "A4", "A11", "A7", "A5", "A12", "A8"]);
    assert_eq!(den, ["A6", "A5", "A9"]);
    let (num, den) = drill("touches_to_meeting", Some("b"));
    assert_eq!((num, den), (vec!["A5".to_string()], vec!["A5".to_string(), "A9".to_string()]));
}

#[test]
fn touches_to_qualified_opportunity_counts_touches_before_creation() {
    let r = report(QUERY);
    let f = &indicator(&r, "touches_to_qualified_opportunity").figure;
    // D1 3 + D2 1 + D3 1 + D4 0 = 5 touches over 4 deals.
    assert_eq!((f.value, f.numerator, f.denominator, f.sample_size), (Some(1.25), Some(5.0), Some(4.0), 4));
    // Deal owners: a = D1 D4 -> 3/2; b = D2 D3 -> 2/2.
    assert_eq!(owner_parts(&r, "touches_to_qualified_opportunity"), [(Some(1.5), Some(3.0), Some(2.0)), (Some(1.0), Some(2.0), Some(2.0))]);
    assert_sums_back(&r, "touches_to_qualified_opportunity");
    let (num, den) = drill("touches_to_qualified_opportunity", None);
    assert_eq!(num, ["A0", "A1", "A11", "A4", "A7"]);
    assert_eq!(den, ["D1", "D2", "D3", "D4"]);
    // Previous period: D5 on L1, created before any touch -> 0/1 = 0.
    assert_eq!(indicator(&r, "touches_to_qualified_opportunity").previous.as_ref().unwrap().value, Some(0.0));
}

#[test]
fn engagement_rate_counts_engaged_outcomes_among_touches() {
    let r = report(QUERY);
    let f = &indicator(&r, "engagement_rate").figure;
    // Engaged: A1 connected, A4 replied, A5 meeting_booked = 3 of 8 touches (A2 and A3 excluded).
    assert_eq!((f.value, f.numerator, f.denominator), (Some(0.375), Some(3.0), Some(8.0)));
    let (low, high) = spi_wasm::stats::wilson(3.0, 8.0).unwrap();
    assert_eq!(f.interval.map(|i| (i.low, i.high)), Some((low, high)));
    // a: A1 A4 of 6; b: A5 of 1; (none): A8 not engaged, 0 of 1.
    assert_eq!(
        owner_parts(&r, "engagement_rate"),
        [(Some(2.0 / 6.0), Some(2.0), Some(6.0)), (Some(1.0), Some(1.0), Some(1.0)), (Some(0.0), Some(0.0), Some(1.0))]
    );
    assert_sums_back(&r, "engagement_rate");
    let (num, den) = drill("engagement_rate", Some("a"));
    assert_eq!((num, den.len()), (vec!["A1".to_string(), "A4".to_string()], 6));
}

/// Deals but no activities at all: 0 touches per deal would say the deals needed none; the
/// touches were not loaded, so the figure cannot be told.
#[test]
fn touches_to_qualified_opportunity_without_activities_is_insufficient() {
    let data = r#"{ "settings": { "asOf": "2026-04-01" },
      "deals": [ { "id": "D1", "createdAt": "2026-01-03" }, { "id": "D2", "createdAt": "2026-01-04" } ] }"#;
    let r = Dataset::from_json(data.as_bytes()).unwrap().report(&Query::from_json(br#"{"from": "2026-01-01", "to": "2026-02-01"}"#).unwrap()).unwrap();
    let f = &indicator(&r, "touches_to_qualified_opportunity").figure;
    assert_eq!((f.value, f.status), (None, DataStatus::InsufficientData));
    // With one activity (on no deal's lead or contact), the 0 touches per deal are measured.
    let data = data.replace(r#""deals""#, r#""activities": [ { "id": "A1", "direction": "outbound", "at": "2026-01-01" } ], "deals""#);
    let r = Dataset::from_json(data.as_bytes()).unwrap().report(&Query::from_json(br#"{"from": "2026-01-01", "to": "2026-02-01"}"#).unwrap()).unwrap();
    let f = &indicator(&r, "touches_to_qualified_opportunity").figure;
    assert_eq!((f.value, f.numerator, f.denominator, f.status), (Some(0.0), Some(0.0), Some(2.0), DataStatus::Ok));
}

#[test]
fn empty_periods_are_null_and_insufficient() {
    let r = report(r#"{ "from": "2027-01-01", "to": "2027-02-01" }"#);
    for id in ["rep_response_minutes", "touches_to_meeting", "touches_to_qualified_opportunity", "engagement_rate"] {
        let f = &indicator(&r, id).figure;
        assert_eq!((f.value, f.status), (None, DataStatus::InsufficientData), "{id}");
    }
}

#[test]
fn records_without_dates_or_links_do_not_panic() {
    let data = r#"{ "settings": { "asOf": "2026-04-01" },
      "leads": [ { "id": "L1" }, { "id": "L2", "createdAt": "2026-01-02" } ],
      "activities": [ { "id": "A1", "direction": "outbound" }, { "type": "meeting" }, { "direction": "outbound", "leadId": "L2", "at": "2026-01-01" } ],
      "deals": [ { "id": "D1" }, { "id": "D2", "createdAt": "2026-01-03", "leadId": "L2" } ] }"#;
    let dataset = Dataset::from_json(data.as_bytes()).unwrap();
    let r = dataset.report(&Query::from_json(br#"{ "from": "2026-01-01", "groupBy": ["owner", "enriched"] }"#).unwrap()).unwrap();
    // The dated touch precedes L2's creation (no response) but counts for D2: 1 touch / 1 deal.
    assert_eq!(indicator(&r, "rep_response_minutes").figure.stats["notResponded"], Some(1.0));
    assert_eq!(indicator(&r, "touches_to_qualified_opportunity").figure.value, Some(1.0));
    assert_eq!(indicator(&r, "touches_to_meeting").figure.denominator, Some(0.0));
}
