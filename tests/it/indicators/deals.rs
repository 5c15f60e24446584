//! Deal indicators on a small dataset worked out by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::DrillRequest;

/// Period 2026-01-01 .. 2026-04-01 (90 days); previous period 2025-10-03 .. 2026-01-01.
///
/// | deal | owner | created | close | status | amount (USD) |
/// | D-1 | a | 01-10 | 02-09 (30 d) | won | 1000 |
/// | D-2 | a | 01-01 | 03-02 (60 d) | won | 2000 EUR x 1.1 = 2200 |
/// | D-3 | b | 02-01 | 02-15 | lost | 3000 |
/// | D-4 | b | 02-10 | - | open | 500 |
/// | D-5 | b | 03-01 | 03-11 (10 d) | won | 100 JPY: no rate -> amount unknown |
/// | D-6 | b | 01-20 | none | lost | 700: no close date -> out of win rate |
/// | D-7 | a | 2025-11-01 | 2025-12-15 | won | 4000 (previous period) |
/// | D-8 | a | 01-05 | won 01-20 then reopened 02-01 | open | 50 |
/// | D-9 | b | 01-02 | history 03-20 12:00 (closedAt 03-25 is ignored) | lost | 800 |
pub const DEALS: &str = r#"{
  "settings": {"currency": "USD", "asOf": "2026-04-01"},
  "fx": {"EUR": 1.1},
  "deals": [
    {"id": "D-1", "owner": "a", "createdAt": "2026-01-10", "closedAt": "2026-02-09", "status": "won", "amount": 1000},
    {"id": "D-2", "owner": "a", "createdAt": "2026-01-01T00:00:00Z", "closedAt": "2026-03-02", "status": "won", "amount": 2000, "currency": "EUR"},
    {"id": "D-3", "owner": "b", "createdAt": "2026-02-01", "closedAt": "2026-02-15", "status": "lost", "amount": "3000"},
    {"id": "D-4", "owner": "b", "createdAt": "2026-02-10", "status": "open", "amount": 500},
    {"id": "D-5", "owner": "b", "createdAt": "1772323200000", "closedAt": "2026-03-11", "status": "won", "amount": 100, "currency": "JPY"},
    {"id": "D-6", "owner": "b", "createdAt": "2026-01-20", "status": "lost", "amount": 700},
    {"id": "D-7", "owner": "a", "createdAt": "2025-11-01", "closedAt": "2025-12-15", "status": "won", "amount": 4000},
    {"id": "D-8", "owner": "a", "createdAt": "2026-01-05", "amount": 50, "stage": "discovery",
     "history": [{"at": "2026-01-05", "stage": "discovery"}, {"at": "2026-01-20", "stage": "closed_won"},
                 {"at": "2026-02-01", "stage": "discovery"}]},
    {"id": "D-9", "owner": "b", "createdAt": 1767312000000, "closedAt": "2026-03-25", "stage": "closed_lost", "amount": 800,
     "stageHistory": [{"at": "2026-01-02", "stage": "discovery"}, {"at": "2026-03-20T12:00:00Z", "stage": "closed_lost"}]}
  ]
}"#;

const QUERY: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "groupBy": ["owner"]}"#;

#[test]
fn win_rate_counts_closed_deals_by_close_time() {
    let r = report(DEALS, QUERY);
    let w = indicator(&r, "win_rate");
    // Closed in period with a close time: D-1 won, D-3 lost, D-2 won, D-5 won, D-9 lost -> 3 / 5.
    close(w.figure.value, 0.6);
    assert_eq!((w.figure.numerator, w.figure.denominator, w.figure.sample_size), (Some(3.0), Some(5.0), 5));
    let interval = w.figure.interval.expect("ratio has a Wilson interval");
    assert!(interval.low < 0.6 && interval.high > 0.6);
    // Series by month: Jan none, Feb D-1 won + D-3 lost, Mar D-2 + D-5 won, D-9 lost.
    let values: Vec<Option<f64>> = w.series.iter().map(|p| p.figure.value).collect();
    assert_eq!(w.series.iter().map(|p| p.bucket.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02", "2026-03"]);
    assert_eq!(values[0], None);
    assert_eq!(w.series[0].figure.status, DataStatus::InsufficientData);
    close(values[1], 0.5);
    close(values[2], 2.0 / 3.0);
    // Previous period holds D-7 only (won): 1.0, change -0.4.
    close(w.previous.as_ref().unwrap().value, 1.0);
    close(w.change, -0.4);
}

#[test]
fn amounts_are_converted_and_unknown_currencies_left_out() {
    let r = report(DEALS, QUERY);
    // By value: D-1 1000 + D-2 2200 won of 1000 + 2200 + 3000 + 800 (D-5 has no rate).
    close(indicator(&r, "win_rate_by_value").figure.value, 3200.0 / 7000.0);
    let size = indicator(&r, "average_deal_size");
    close(size.figure.value, 1600.0);
    close(size.figure.stats["median"], 1600.0);
    assert_eq!(size.figure.sample_size, 2);
    let warning = r.warnings.iter().find(|w| w.code == "currency_without_rate").expect("JPY warning");
    assert_eq!((warning.count, warning.examples.clone()), (1, vec!["D-5".to_string()]));
    assert!(warning.message.contains("JPY"));
}

#[test]
fn sales_cycle_uses_elapsed_days_of_won_deals() {
    let r = report(DEALS, QUERY);
    let cycle = indicator(&r, "sales_cycle_days");
    // D-1 30 d, D-2 60 d, D-5 10 d: mean 33.33, median 30, p90 = 30 + 0.8 x 30 = 54.
    close(cycle.figure.value, 100.0 / 3.0);
    close(cycle.figure.stats["median"], 30.0);
    close(cycle.figure.stats["p90"], 54.0);
}

#[test]
fn pipeline_created_reports_amount_and_count() {
    let r = report(DEALS, QUERY);
    let created = indicator(&r, "pipeline_created");
    // Created in period: D-1..D-6, D-8, D-9 = 8 deals; amounts 1000+2200+3000+500+700+50+800 (D-5 unknown).
    close(created.figure.value, 8250.0);
    assert_eq!(created.figure.sample_size, 8);
}

#[test]
fn reopened_and_undated_deals_are_handled_as_the_spec_says() {
    let r = report(DEALS, QUERY);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
    assert!(codes.contains(&"closed_without_date"), "{codes:?}");
    assert!(codes.contains(&"close_date_mismatch"), "{codes:?}");
    let d = dataset(DEALS);
    let store = d.store();
    let d8 = &store.deals[7];
    assert!(d8.reopened);
    assert_eq!(d8.status, spi_wasm::store::Status::Open);
}

#[test]
fn groups_sum_back_to_the_totals() {
    let r = report(DEALS, QUERY);
    let rows = &r.groups["owner"];
    assert_eq!(rows.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    let win = |g: usize| rows[g].indicators.iter().find(|i| i.id == "win_rate").unwrap().figure.clone();
    // a: D-1, D-2 won -> 2/2; b: D-3 lost, D-5 won, D-9 lost -> 1/3.
    assert_eq!((win(0).numerator, win(0).denominator), (Some(2.0), Some(2.0)));
    assert_eq!((win(1).numerator, win(1).denominator), (Some(1.0), Some(3.0)));
}

#[test]
fn drill_down_lists_the_records_behind_a_number() {
    let d = dataset(DEALS);
    let q = query(QUERY);
    let request = DrillRequest { indicator: "win_rate".into(), ..DrillRequest::default() };
    let drill = d.drill(&q, &request).unwrap();
    assert_eq!(drill.numerator_ids, ["D-1", "D-2", "D-5"]);
    assert_eq!(drill.denominator_ids, ["D-1", "D-3", "D-2", "D-5", "D-9"]);
    let by_owner = DrillRequest {
        indicator: "win_rate".into(),
        group_key: Some("owner".into()),
        group_value: Some("b".into()),
        bucket: Some("2026-03".into()),
        ..DrillRequest::default()
    };
    let drill = d.drill(&q, &by_owner).unwrap();
    assert_eq!((drill.numerator_ids.clone(), drill.denominator_ids.clone()), (vec!["D-5".to_string()], vec!["D-5".to_string(), "D-9".to_string()]));
}

#[test]
fn zero_denominators_give_null_not_zero() {
    let r = report(r#"{"deals": []}"#, r#"{"from": "2026-01-01", "to": "2026-02-01"}"#);
    for id in ["win_rate", "win_rate_by_value", "average_deal_size", "sales_cycle_days"] {
        let i = indicator(&r, id);
        assert_eq!((i.figure.value, i.figure.status), (None, DataStatus::InsufficientData), "{id}");
    }
}

#[test]
fn targets_are_checked() {
    let r = report(DEALS, r#"{"from": "2026-01-01", "to": "2026-04-01", "targets": {"win_rate": {"min": 0.7}, "sales_cycle_days": {"max": 40}}}"#);
    assert_eq!(indicator(&r, "win_rate").target.unwrap().status, "missed");
    assert_eq!(indicator(&r, "sales_cycle_days").target.unwrap().status, "met");
}
