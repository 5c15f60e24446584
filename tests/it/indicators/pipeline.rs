//! `pipeline_coverage` (each variant) and `pipeline_velocity` on a dataset worked out by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::indicators::Figure;
use spi_wasm::report::Report;
use spi_wasm::DrillRequest;

/// asOf 2026-02-15; period Q1 (2026-01-01 .. 2026-04-01).
///
/// | deal | owner | stage (probability) | created | expected / closed | amount |
/// | O-1 | a | discovery (0.2) | 01-05 | expected 03-10 | 10,000 |
/// | O-2 | a | proposal (0.5) | 01-10 | expected 03-20 | 20,000 |
/// | O-3 | b | negotiation (none) | 02-01 | expected 02-20 | 6,000 |
/// | O-4 | b | proposal (0.5) | 01-20 | expected 05-10 (after Q1) | 4,000 |
/// | W-1 | a | won | 01-01 | closed 01-21 (20 days) | 30,000 |
/// | W-2 | b | won | 01-02 | closed 02-11 (40 days) | 10,000 |
/// | L-1 | b | lost | 01-03 | closed 02-01 | 5,000 |
fn data(quota_a: u32) -> String {
    format!(
        r#"{{"settings": {{"currency": "USD", "asOf": "2026-02-15"}},
  "stages": [
    {{"id": "discovery", "order": 1, "probability": 0.2, "kind": "open"}},
    {{"id": "proposal", "order": 2, "probability": 0.5, "kind": "open"}},
    {{"id": "negotiation", "order": 3, "kind": "open"}},
    {{"id": "closed_won", "order": 4, "probability": 1, "kind": "won"}},
    {{"id": "closed_lost", "order": 5, "probability": 0, "kind": "lost"}}
  ],
  "quotas": [
    {{"start": "2026-01-01", "end": "2026-03-31", "amount": 90000}},
    {{"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": {quota_a}}},
    {{"owner": "b", "start": "2026-01-01", "end": "2026-03-31", "amount": 30000}}
  ],
  "deals": [
    {{"id": "O-1", "owner": "a", "stage": "discovery", "createdAt": "2026-01-05", "expectedCloseAt": "2026-03-10", "amount": 10000}},
    {{"id": "O-2", "owner": "a", "stage": "proposal", "createdAt": "2026-01-10", "expectedCloseAt": "2026-03-20", "amount": 20000}},
    {{"id": "O-3", "owner": "b", "stage": "negotiation", "createdAt": "2026-02-01", "expectedCloseAt": "2026-02-20", "amount": 6000}},
    {{"id": "O-4", "owner": "b", "stage": "proposal", "createdAt": "2026-01-20", "expectedCloseAt": "2026-05-10", "amount": 4000}},
    {{"id": "W-1", "owner": "a", "stage": "closed_won", "createdAt": "2026-01-01", "closedAt": "2026-01-21", "amount": 30000}},
    {{"id": "W-2", "owner": "b", "stage": "closed_won", "createdAt": "2026-01-02", "closedAt": "2026-02-11", "amount": 10000}},
    {{"id": "L-1", "owner": "b", "stage": "closed_lost", "createdAt": "2026-01-03", "closedAt": "2026-02-01", "amount": 5000}}
  ]}}"#
    )
}

fn q1(variant: &str) -> String {
    format!(
        r#"{{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "groupBy": ["owner"],
            "indicators": ["pipeline_coverage", "pipeline_velocity"], "variants": {{"pipeline_coverage": "{variant}"}}}}"#
    )
}

fn group(r: &Report, id: &str, owner: &str) -> Figure {
    let row = r.groups["owner"].iter().find(|g| g.group == owner).unwrap_or_else(|| panic!("no group {owner}"));
    row.indicators.iter().find(|i| i.id == id).unwrap().figure.clone()
}

#[test]
fn remaining_quota_divides_open_pipeline_by_quota_minus_won() {
    let r = report(&data(60000), &q1("remaining_quota"));
    let c = indicator(&r, "pipeline_coverage");
    // Open with expected close in Q1: O-3 6,000 + O-1 10,000 + O-2 20,000 = 36,000 (O-4 is in May).
    // Remaining: company 90,000 - won by asOf (W-1 30,000 + W-2 10,000) = 50,000 -> 0.72.
    assert_eq!((c.figure.numerator, c.figure.denominator, c.figure.sample_size), (Some(36000.0), Some(50000.0), 3));
    close(c.figure.value, 0.72);
    assert_eq!((c.figure.stats["quota"], c.figure.stats["won"]), (Some(90000.0), Some(40000.0)));
    assert!(c.definition.starts_with("remaining_quota"), "{}", c.definition);
    // By owner: a 30,000 / (60,000 - 30,000) = 1.0; b 6,000 / (30,000 - 10,000) = 0.3.
    close(group(&r, "pipeline_coverage", "a").value, 1.0);
    close(group(&r, "pipeline_coverage", "b").value, 0.3);
}

#[test]
fn total_quota_divides_by_the_whole_quota() {
    let r = report(&data(60000), &q1("total_quota"));
    let c = indicator(&r, "pipeline_coverage");
    // 36,000 / 90,000.
    close(c.figure.value, 0.4);
    assert!(c.definition.starts_with("total_quota"), "{}", c.definition);
    // a: 30,000 / 60,000 (won deals are not subtracted).
    close(group(&r, "pipeline_coverage", "a").value, 0.5);
}

#[test]
fn mature_weights_open_deals_by_stage_probability() {
    let r = report(&data(60000), &q1("mature"));
    let c = indicator(&r, "pipeline_coverage");
    // O-1 10,000 x 0.2 + O-2 20,000 x 0.5 = 12,000; O-3's stage has no probability: left out.
    // 12,000 / 50,000 = 0.24.
    close(c.figure.numerator, 12000.0);
    close(c.figure.value, 0.24);
    assert_eq!(c.figure.stats["withoutProbability"], Some(1.0));
    assert!(c.definition.starts_with("mature"), "{}", c.definition);
    // b: only O-3, without probability -> no value.
    let b = group(&r, "pipeline_coverage", "b");
    assert_eq!((b.value, b.status), (None, DataStatus::InsufficientData));
}

#[test]
fn nothing_remaining_is_null_and_met() {
    // a's quota 30,000 is already won (W-1): remaining 0 -> null, met, and a target counts as met.
    let q = q1("remaining_quota").replace("\"groupBy\"", "\"targets\": {\"pipeline_coverage\": {\"min\": 3}}, \"groupBy\"");
    let r = report(&data(30000), &q);
    let a = r.groups["owner"].iter().find(|g| g.group == "a").unwrap();
    let a = a.indicators.iter().find(|i| i.id == "pipeline_coverage").unwrap();
    assert_eq!((a.figure.value, a.figure.status), (None, DataStatus::Met));
    assert_eq!(a.figure.denominator, Some(0.0));
    assert_eq!(a.target.unwrap().status, "met");
    // With total_quota nothing is subtracted: 30,000 / 30,000.
    close(group(&report(&data(30000), &q1("total_quota")), "pipeline_coverage", "a").value, 1.0);
}

#[test]
fn coverage_without_quota_is_insufficient() {
    let r = report(&data(60000), r#"{"from": "2025-01-01", "to": "2025-04-01", "indicators": ["pipeline_coverage"]}"#);
    let c = indicator(&r, "pipeline_coverage");
    assert_eq!((c.figure.value, c.figure.status), (None, DataStatus::InsufficientData));
}

#[test]
fn coverage_drill_lists_open_deals_then_quota_and_won_deals() {
    let d = dataset(&data(60000));
    let drill = d.drill(&query(&q1("remaining_quota")), &DrillRequest { indicator: "pipeline_coverage".into(), ..DrillRequest::default() }).unwrap();
    assert_eq!(drill.numerator_ids, ["O-3", "O-1", "O-2"]);
    assert_eq!(drill.denominator_ids, ["quotas[0]", "W-1", "W-2"]);
}

#[test]
fn velocity_multiplies_open_deals_win_rate_and_size_over_cycle() {
    let r = report(&data(60000), &q1("remaining_quota"));
    let v = indicator(&r, "pipeline_velocity");
    // Closed in Q1: W-1, W-2 won, L-1 lost -> win rate 2/3; size (30,000 + 10,000) / 2 = 20,000;
    // cycle (20 + 40) / 2 = 30 days; open as of asOf created before 04-01: O-1..O-4 = 4.
    // 4 x 2/3 x 20,000 = 53,333.33 / 30 = 1,777.78 a day.
    let s = &v.figure.stats;
    assert_eq!((s["openDeals"], s["averageDealSize"], s["salesCycleDays"]), (Some(4.0), Some(20000.0), Some(30.0)));
    close(s["winRate"], 2.0 / 3.0);
    close(v.figure.numerator, 4.0 * 2.0 / 3.0 * 20000.0);
    close(v.figure.denominator, 30.0);
    close(v.figure.value, 4.0 * 2.0 / 3.0 * 20000.0 / 30.0);
    assert_eq!(v.figure.sample_size, 3);
    // a: W-1 only: 2 open (O-1, O-2) x 1 x 30,000 / 20 = 3,000.
    // b: W-2 won, L-1 lost: 2 open (O-3, O-4) x 0.5 x 10,000 / 40 = 250.
    close(group(&r, "pipeline_velocity", "a").value, 3000.0);
    close(group(&r, "pipeline_velocity", "b").value, 250.0);
}

#[test]
fn velocity_series_and_missing_inputs() {
    let r = report(&data(60000), &q1("remaining_quota"));
    let v = indicator(&r, "pipeline_velocity");
    // January: W-1 only (1, 30,000, 20 days); open created before 02-01: O-1, O-2, O-4 -> 3 x 30,000 / 20.
    close(v.series[0].figure.value, 4500.0);
    // February: W-2 won, L-1 lost; open created before 03-01: 4 -> 4 x 0.5 x 10,000 / 40.
    close(v.series[1].figure.value, 500.0);
    // March: nothing closed -> no win rate, size or cycle: null, insufficient.
    assert_eq!((v.series[2].figure.value, v.series[2].figure.status), (None, DataStatus::InsufficientData));
    assert_eq!(v.series[2].figure.stats["openDeals"], Some(4.0));
    // Only lost deals: win rate 0 but no size or cycle -> insufficient.
    let lost = r#"{"deals": [{"id": "L", "createdAt": "2026-01-01", "closedAt": "2026-01-05", "status": "lost", "amount": 1}]}"#;
    let r = report(lost, r#"{"from": "2026-01-01", "to": "2026-02-01", "indicators": ["pipeline_velocity"]}"#);
    let v = indicator(&r, "pipeline_velocity");
    assert_eq!((v.figure.value, v.figure.status, v.figure.stats["winRate"]), (None, DataStatus::InsufficientData, Some(0.0)));
}

#[test]
fn velocity_drill_lists_open_and_won_deals() {
    let d = dataset(&data(60000));
    let request = DrillRequest { indicator: "pipeline_velocity".into(), ..DrillRequest::default() };
    let drill = d.drill(&query(&q1("remaining_quota")), &request).unwrap();
    assert_eq!(drill.numerator_ids, ["O-1", "O-2", "O-3", "O-4"]);
    assert_eq!(drill.denominator_ids, ["W-1", "W-2"]);
}
