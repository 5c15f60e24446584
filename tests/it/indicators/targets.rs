//! Quota attainment, pipeline coverage, pipeline velocity and forecast accuracy, worked by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::DrillRequest;

/// asOf 2026-02-15. Quarter Q1 = 2026-01-01 .. 2026-04-01 (90 days).
/// Quotas for Q1: company 9000, x 6000, y 3000, z 1000 JPY (no rate: left out, warned).
/// | deal | owner | created | close | status | amount | stage / expected close |
/// | W1 | x | 2025-12-01 | 01-10 (40 d) | won | 1000 | |
/// | W2 | y | 01-02 | 02-01 (30 d) | won | 2000 | |
/// | L1 | x | 01-01 | 01-20 | lost | 500 | |
/// | O1 | x | 01-05 | | open | 4000 | a (p 0.2), expected 03-01 |
/// | O2 | y | 02-01 | | open | 2000 | b (p 0.5), expected 03-15 |
/// | O3 | y | 02-10 | | open | 10000 | b, expected 05-01 (outside Q1) |
/// Forecasts for x, January: 1500 (submitted 12-20), 1200 (12-28), 900 (01-05, too late);
/// for y, January: 500 (12-30) but y won nothing in January; for y, February: not ended by asOf.
const DATA: &str = r#"{
  "settings": {"currency": "USD", "asOf": "2026-02-15"},
  "stages": [{"id": "a", "kind": "open", "order": 1, "probability": 0.2}, {"id": "b", "kind": "open", "order": 2, "probability": 0.5},
             {"id": "won", "kind": "won"}, {"id": "lost", "kind": "lost"}],
  "quotas": [
    {"owner": null, "team": null, "start": "2026-01-01", "end": "2026-03-31", "amount": 9000},
    {"owner": "x", "start": "2026-01-01", "end": "2026-03-31", "amount": 6000},
    {"owner": "y", "start": "2026-01-01", "end": "2026-03-31", "amount": 3000, "currency": "USD"},
    {"owner": "z", "start": "2026-01-01", "end": "2026-03-31", "amount": 1000, "currency": "JPY"}],
  "forecasts": [
    {"owner": "x", "start": "2026-01-01", "end": "2026-01-31", "amount": 1500, "submittedAt": "2025-12-20"},
    {"owner": "x", "start": "2026-01-01", "end": "2026-01-31", "amount": 1200, "submittedAt": "2025-12-28"},
    {"owner": "x", "start": "2026-01-01", "end": "2026-01-31", "amount": 900, "submittedAt": "2026-01-05"},
    {"owner": "y", "start": "2026-01-01", "end": "2026-01-31", "amount": 500, "submittedAt": "2025-12-30"},
    {"owner": "y", "start": "2026-02-01", "end": "2026-02-28", "amount": 700, "submittedAt": "2026-01-30"}],
  "deals": [
    {"id": "W1", "owner": "x", "createdAt": "2025-12-01", "closedAt": "2026-01-10", "stage": "won", "amount": 1000},
    {"id": "W2", "owner": "y", "createdAt": "2026-01-02", "closedAt": "2026-02-01", "stage": "won", "amount": 2000},
    {"id": "L1", "owner": "x", "createdAt": "2026-01-01", "closedAt": "2026-01-20", "stage": "lost", "amount": 500},
    {"id": "O1", "owner": "x", "createdAt": "2026-01-05", "stage": "a", "expectedCloseAt": "2026-03-01", "amount": 4000},
    {"id": "O2", "owner": "y", "createdAt": "2026-02-01", "stage": "b", "expectedCloseAt": "2026-03-15", "amount": 2000},
    {"id": "O3", "owner": "y", "createdAt": "2026-02-10", "stage": "b", "expectedCloseAt": "2026-05-01", "amount": 10000}]
}"#;

const Q1: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "groupBy": ["owner"], "compare": null}"#;

fn group_value(r: &spi_wasm::Report, id: &str, owner: &str) -> (Option<f64>, DataStatus) {
    let row = r.groups["owner"].iter().find(|g| g.group == owner).expect("owner row");
    let f = &row.indicators.iter().find(|i| i.id == id).expect("indicator in row").figure;
    (f.value, f.status)
}

#[test]
fn quota_attainment_uses_company_and_owner_quotas() {
    let r = report(DATA, Q1);
    // Company: won 1000 + 2000 = 3000 of 9000.
    close(indicator(&r, "quota_attainment").figure.value, 3000.0 / 9000.0);
    // x: 1000 / 6000; y: 2000 / 3000.
    close(group_value(&r, "quota_attainment", "x").0, 1000.0 / 6000.0);
    close(group_value(&r, "quota_attainment", "y").0, 2000.0 / 3000.0);
    let warning = r.warnings.iter().find(|w| w.code == "currency_without_rate").expect("JPY quota warned");
    assert!(warning.message.contains("JPY") && warning.examples == ["quotas[3]"], "{warning:?}");
}

#[test]
fn quotas_are_prorated_across_period_edges() {
    // 2026-01-01 .. 2026-02-15 covers 45 of the quota's 90 days: 9000 x 45 / 90 = 4500.
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-02-15", "indicators": ["quota_attainment"]}"#);
    let q = &indicator(&r, "quota_attainment").figure;
    close(q.denominator, 4500.0);
    close(q.value, 3000.0 / 4500.0);
    // Without a company quota, the owner quotas add up: x 6000 + y 3000 (z has no rate) = 9000 over Q1.
    let no_company = DATA.replace(r#"{"owner": null, "team": null, "start": "2026-01-01", "end": "2026-03-31", "amount": 9000},"#, "");
    let r = report(&no_company, r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["quota_attainment"]}"#);
    close(indicator(&r, "quota_attainment").figure.denominator, 9000.0);
    // Segments have no quota.
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-04-01", "groupBy": ["segment"], "indicators": ["quota_attainment"]}"#);
    assert_eq!(r.groups["segment"][0].indicators[0].figure.status, DataStatus::InsufficientData);
}

#[test]
fn coverage_in_each_variant() {
    // Open in Q1: O1 4000 + O2 2000 = 6000; won so far 3000; remaining 9000 - 3000 = 6000 -> 1.0.
    let r = report(DATA, Q1);
    let c = &indicator(&r, "pipeline_coverage").figure;
    close(c.value, 1.0);
    close(c.stats["won"], 3000.0);
    // x: 4000 / (6000 - 1000) = 0.8; y: 2000 / (3000 - 2000) = 2.0.
    close(group_value(&r, "pipeline_coverage", "x").0, 0.8);
    close(group_value(&r, "pipeline_coverage", "y").0, 2.0);
    let total = report(DATA, r#"{"from": "2026-01-01", "to": "2026-04-01", "variants": {"pipeline_coverage": "total_quota"}}"#);
    close(indicator(&total, "pipeline_coverage").figure.value, 6000.0 / 9000.0);
    assert!(indicator(&total, "pipeline_coverage").definition.starts_with("total_quota"));
    // Mature: 4000 x 0.2 + 2000 x 0.5 = 1800 over the remaining 6000 = 0.3.
    let mature = report(DATA, r#"{"from": "2026-01-01", "to": "2026-04-01", "variants": {"pipeline_coverage": "mature"}}"#);
    close(indicator(&mature, "pipeline_coverage").figure.value, 0.3);
}

#[test]
fn coverage_with_nothing_left_to_cover_is_met() {
    // y's quota 1500 is already beaten by W2's 2000: nothing remains.
    let data = DATA.replace(r#""amount": 3000, "currency": "USD""#, r#""amount": 1500, "currency": "USD""#);
    let r = report(&data, Q1);
    assert_eq!(group_value(&r, "pipeline_coverage", "y"), (None, DataStatus::Met));
    let r = report(&data, r#"{"from": "2026-01-01", "to": "2026-04-01", "groupBy": ["owner"], "targets": {"pipeline_coverage": {"min": 3}}}"#);
    let row = r.groups["owner"].iter().find(|g| g.group == "y").unwrap();
    assert_eq!(row.indicators.iter().find(|i| i.id == "pipeline_coverage").unwrap().target.unwrap().status, "met");
}

#[test]
fn velocity_from_its_four_inputs() {
    // Closed in Q1: W1, W2 won, L1 lost -> win rate 2/3; won size (1000 + 2000) / 2 = 1500;
    // cycle (40 + 30) / 2 = 35 days; open deals created before 04-01: O1, O2, O3 = 3.
    // 3 x 2/3 x 1500 / 35 = 85.714... per day.
    let r = report(DATA, Q1);
    let v = &indicator(&r, "pipeline_velocity").figure;
    close(v.value, 3000.0 / 35.0);
    close(v.stats["winRate"], 2.0 / 3.0);
    close(v.stats["salesCycleDays"], 35.0);
    assert_eq!(v.stats["openDeals"], Some(3.0));
    let empty = report(r#"{"deals": []}"#, r#"{"from": "2026-01-01", "to": "2026-04-01"}"#);
    assert_eq!(indicator(&empty, "pipeline_velocity").figure.status, DataStatus::InsufficientData);
}

#[test]
fn forecast_accuracy_uses_the_latest_submission_before_the_period() {
    // x, January: latest on or before 01-01 is 1200; actual 1000 -> 1 - 200/1000 = 0.8, bias +0.2.
    // All submissions: 1500 -> 0.5, 1200 -> 0.8, 900 -> 0.9: mean 0.7333.
    // y, January: nothing won -> no accuracy. y, February: not ended by asOf.
    let r = report(DATA, Q1);
    let f = &indicator(&r, "forecast_accuracy").figure;
    close(f.value, 0.8);
    close(f.stats["bias"], 0.2);
    close(f.stats["meanAllSubmissions"], 2.2 / 3.0);
    assert_eq!((f.stats["periods"], f.stats["periodsWithoutActual"]), (Some(1.0), Some(1.0)));
    // Over-forecast by 50% caps at 0.5; bias sign follows: a 500 forecast against 1000 -> -0.5.
    let under = DATA.replace(r#""amount": 1200, "submittedAt": "2025-12-28""#, r#""amount": 500, "submittedAt": "2025-12-28""#);
    let r = report(&under, Q1);
    close(indicator(&r, "forecast_accuracy").figure.stats["bias"], -0.5);
    close(indicator(&r, "forecast_accuracy").figure.value, 0.5);
}

#[test]
fn drill_down_lists_quota_rows_and_deals() {
    let d = dataset(DATA);
    let q = query(Q1);
    let drill = d.drill(&q, &DrillRequest { indicator: "quota_attainment".into(), ..DrillRequest::default() }).unwrap();
    assert_eq!((drill.numerator_ids.clone(), drill.denominator_ids.clone()), (vec!["W1".to_string(), "W2".to_string()], vec!["quotas[0]".to_string()]));
    let drill = d.drill(&q, &DrillRequest { indicator: "pipeline_coverage".into(), ..DrillRequest::default() }).unwrap();
    assert_eq!(drill.numerator_ids, ["O1", "O2"]);
}
