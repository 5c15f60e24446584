//! Lead indicators on a hand-made dataset; every expected number is worked out in the comments.

use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::indicators::Figure;
use spi_wasm::report::{IndicatorReport, Report};
use spi_wasm::{Dataset, DrillRequest, Query};

// Query period 2026-01-01 .. 2026-04-01 (previous period 2025-10-03 .. 2026-01-01).
// id  created           owner   converted                        rate?   days
// L1  2026-01-05        a       convertedAt 01-15                yes     10
// L2  2026-01-10        a       dealId only                      yes     (no convertedAt)
// L3  2026-02-01        b       no                               no      -
// L4  2026-02-01        b       convertedAt 02-05T12:00          yes     4.5
// L5  2026-03-01        (none)  convertedAt 03-03                yes     2
// L6  2025-12-20        a       convertedAt 2026-01-02           previous period
// L7  2026-03-10        (none)  convertedAt 03-01 (before!)      yes     left out, convertedBeforeCreated
// L8  no createdAt      a       yes                              in no cohort
const DATA: &str = r#"{
  "settings": { "timeZone": "UTC", "asOf": "2026-04-01" },
  "leads": [
    { "id": "L1", "createdAt": "2026-01-05T00:00:00Z", "owner": "a", "convertedAt": "2026-01-15T00:00:00Z" },
    { "id": "L2", "createdAt": "2026-01-10", "owner": "a", "dealId": "D-9" },
    { "id": "L3", "createdAt": "2026-02-01", "owner": "b" },
    { "id": "L4", "createdAt": "2026-02-01T00:00:00Z", "owner": "b", "convertedAt": "2026-02-05T12:00:00Z" },
    { "id": "L5", "createdAt": "2026-03-01", "convertedAt": "2026-03-03" },
    { "id": "L6", "createdAt": "2025-12-20", "owner": "a", "convertedAt": "2026-01-02" },
    { "id": "L7", "createdAt": "2026-03-10", "convertedAt": "2026-03-01" },
    { "id": "L8", "owner": "a", "convertedAt": "2026-03-01" }
  ]
}"#;

const QUERY: &str = r#"{ "from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "groupBy": ["owner"],
  "indicators": ["lead_to_opportunity_rate", "lead_to_opportunity_days"] }"#;

fn report(data: &str, query: &str) -> Report {
    let dataset = Dataset::from_json(data.as_bytes()).unwrap();
    dataset.report(&Query::from_json(query.as_bytes()).unwrap()).unwrap()
}

fn indicator<'r>(report: &'r Report, id: &str) -> &'r IndicatorReport {
    report.indicators.iter().find(|i| i.id == id).unwrap()
}

fn group<'r>(report: &'r Report, key: &str, value: &str, id: &str) -> &'r Figure {
    let row = report.groups[key].iter().find(|g| g.group == value).unwrap();
    &row.indicators.iter().find(|f| f.id == id).unwrap().figure
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn conversion_rate_counts_converted_at_or_deal_id_over_the_cohort() {
    let r = report(DATA, QUERY);
    let f = &indicator(&r, "lead_to_opportunity_rate").figure;
    // Cohort L1 L2 L3 L4 L5 L7 = 6; converted L1 L2 L4 L5 L7 = 5.
    assert_eq!((f.numerator, f.denominator, f.sample_size), (Some(5.0), Some(6.0), 6));
    assert!(close(f.value, 5.0 / 6.0));
    let (low, high) = spi_wasm::stats::wilson(5.0, 6.0).unwrap();
    let interval = f.interval.unwrap();
    assert!(close(Some(interval.low), low) && close(Some(interval.high), high));
    // Months: Jan L1 L2 -> 2/2, Feb L3 L4 -> 1/2, Mar L5 L7 -> 2/2.
    let series: Vec<_> = indicator(&r, "lead_to_opportunity_rate").series.iter().map(|p| (p.figure.numerator, p.figure.denominator)).collect();
    assert_eq!(series, [(Some(2.0), Some(2.0)), (Some(1.0), Some(2.0)), (Some(2.0), Some(2.0))]);
    // Previous period: L6 alone, converted -> 1/1.
    assert_eq!(indicator(&r, "lead_to_opportunity_rate").previous.as_ref().unwrap().value, Some(1.0));
}

#[test]
fn conversion_rate_groups_sum_back() {
    let r = report(DATA, QUERY);
    // a: L1 L2 -> 2/2; b: L3 L4 -> 1/2; (none): L5 L7 -> 2/2. Sum 5/6.
    let id = "lead_to_opportunity_rate";
    let parts: Vec<_> = ["a", "b", "(none)"].iter().map(|g| group(&r, "owner", g, id)).collect();
    assert_eq!(parts.iter().map(|f| (f.numerator.unwrap(), f.denominator.unwrap())).collect::<Vec<_>>(), [(2.0, 2.0), (1.0, 2.0), (2.0, 2.0)]);
    let total = &indicator(&r, id).figure;
    assert_eq!(parts.iter().map(|f| f.numerator.unwrap()).sum::<f64>(), total.numerator.unwrap());
    assert_eq!(parts.iter().map(|f| f.denominator.unwrap()).sum::<f64>(), total.denominator.unwrap());
}

#[test]
fn conversion_days_is_the_median_over_leads_with_converted_at() {
    let r = report(DATA, QUERY);
    let f = &indicator(&r, "lead_to_opportunity_days").figure;
    // Days: L1 10, L4 4.5, L5 2 -> median 4.5, sum 16.5, mean 5.5; L2 has no convertedAt, L7 is inverted.
    assert_eq!(f.value, Some(4.5));
    assert_eq!((f.numerator, f.denominator, f.sample_size), (Some(16.5), Some(3.0), 3));
    assert_eq!(f.stats["mean"], Some(5.5));
    // p25 of [2, 4.5, 10]: rank 0.5 -> 3.25; p75: rank 1.5 -> 7.25; p90: rank 1.8 -> 4.5 + 0.8 * 5.5 = 8.9.
    assert!(close(f.stats["p25"], 3.25) && close(f.stats["p75"], 7.25) && close(f.stats["p90"], 8.9));
    assert_eq!(f.stats["convertedBeforeCreated"], Some(1.0));
    // b: only L4 -> 4.5; a: only L1 -> 10 (L2 has no convertedAt).
    assert_eq!(group(&r, "owner", "b", "lead_to_opportunity_days").value, Some(4.5));
    assert_eq!(group(&r, "owner", "a", "lead_to_opportunity_days").value, Some(10.0));
}

#[test]
fn drill_lists_converted_leads_and_the_cohort() {
    let dataset = Dataset::from_json(DATA.as_bytes()).unwrap();
    let query = Query::from_json(QUERY.as_bytes()).unwrap();
    let request = DrillRequest { indicator: "lead_to_opportunity_rate".into(), ..Default::default() };
    let drill = dataset.drill(&query, &request).unwrap();
    // Cohort in creation order (L3 and L4 share an instant: input order).
    assert_eq!(drill.denominator_ids, ["L1", "L2", "L3", "L4", "L5", "L7"]);
    assert_eq!(drill.numerator_ids, ["L1", "L2", "L4", "L5", "L7"]);
    let request = DrillRequest { indicator: "lead_to_opportunity_days".into(), group_key: Some("owner".into()), group_value: Some("(none)".into()), ..Default::default() };
    // (none): L5 (2 days) counted, L7 (inverted) left out.
    assert_eq!(dataset.drill(&query, &request).unwrap().numerator_ids, ["L5"]);
}

#[test]
fn empty_cohorts_are_null_and_insufficient() {
    // No lead created in 2027: 0/0.
    let r = report(DATA, r#"{ "from": "2027-01-01", "to": "2027-02-01" }"#);
    for id in ["lead_to_opportunity_rate", "lead_to_opportunity_days"] {
        let f = &indicator(&r, id).figure;
        assert_eq!((f.value, f.status), (None, DataStatus::InsufficientData), "{id}");
    }
    assert_eq!(indicator(&r, "lead_to_opportunity_rate").figure.interval, None);
    // A cohort with no convertedAt at all (L2 and L3 only): rate 1/2, days null.
    let r = report(DATA, r#"{ "from": "2026-01-10", "to": "2026-02-01" }"#);
    assert_eq!(indicator(&r, "lead_to_opportunity_rate").figure.value, Some(1.0));
    assert_eq!(indicator(&r, "lead_to_opportunity_days").figure.status, DataStatus::InsufficientData);
    // No leads collection at all.
    let r = report(r#"{ "settings": { "asOf": "2026-04-01" } }"#, r#"{ "from": "2026-01-01" }"#);
    assert_eq!(indicator(&r, "lead_to_opportunity_rate").figure.status, DataStatus::InsufficientData);
}
