//! `quota_attainment` on a small dataset worked out by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::report::Report;
use spi_wasm::DrillRequest;

/// Quotas (end inclusive, so Q1 = 2026-01-01 .. 2026-04-01 = 90 days, Q2 = 91 days):
///
/// | row | owner | team | period | amount |
/// | quotas[0] | - | - | Q1 | 90,000 USD (company) |
/// | quotas[1] | a | - | Q1 | 60,000 USD |
/// | quotas[2] | b | - | Q1 | 30,000 EUR x 1.1 = 33,000 |
/// | quotas[3] | - | east | Q1 | 45,000 USD (team) |
/// | quotas[4] | c | - | Q1 | 10,000 JPY: no rate, left out |
/// | quotas[5] | - | - | Q2 | 91,000 USD (company, 1,000 a day) |
const QUOTAS: &str = r#"[
    {"owner": null, "team": null, "start": "2026-01-01", "end": "2026-03-31", "amount": 90000, "currency": "USD"},
    {"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": 60000},
    {"owner": "b", "start": "2026-01-01", "end": "2026-03-31", "amount": 30000, "currency": "EUR"},
    {"team": "east", "start": "2026-01-01", "end": "2026-03-31", "amount": 45000},
    {"owner": "c", "start": "2026-01-01", "end": "2026-03-31", "amount": 10000, "currency": "JPY"},
    {"start": "2026-04-01", "end": "2026-06-30", "amount": 91000}
]"#;

/// Won deals: D-4 c 01-15 1,000; D-1 a/east 01-20 20,000; D-2 b/east 02-10 9,000;
/// D-3 a 03-10 5,000; D-6 a 04-20 25,500. D-5 (a, lost 01-25, 7,000) is not counted.
fn data(quotas: &str) -> String {
    format!(
        r#"{{"settings": {{"currency": "USD", "asOf": "2026-07-01"}}, "fx": {{"EUR": 1.1}}, "quotas": {quotas},
  "deals": [
    {{"id": "D-1", "owner": "a", "team": "east", "createdAt": "2026-01-02", "closedAt": "2026-01-20", "status": "won", "amount": 20000}},
    {{"id": "D-2", "owner": "b", "team": "east", "createdAt": "2026-01-02", "closedAt": "2026-02-10", "status": "won", "amount": 9000}},
    {{"id": "D-3", "owner": "a", "createdAt": "2026-01-02", "closedAt": "2026-03-10", "status": "won", "amount": 5000}},
    {{"id": "D-4", "owner": "c", "createdAt": "2026-01-02", "closedAt": "2026-01-15", "status": "won", "amount": 1000}},
    {{"id": "D-5", "owner": "a", "createdAt": "2026-01-02", "closedAt": "2026-01-25", "status": "lost", "amount": 7000}},
    {{"id": "D-6", "owner": "a", "createdAt": "2026-01-02", "closedAt": "2026-04-20", "status": "won", "amount": 25500}}
  ]}}"#
    )
}

fn run(quotas: &str, q: &str) -> Report {
    report(&data(quotas), q)
}

fn group(r: &Report, key: &str, value: &str) -> spi_wasm::indicators::Figure {
    let row = r.groups[key].iter().find(|g| g.group == value).unwrap_or_else(|| panic!("no group {value}"));
    row.indicators.iter().find(|i| i.id == "quota_attainment").unwrap().figure.clone()
}

const HALF_Q1: &str = r#"{"from": "2026-01-01", "to": "2026-02-15", "groupBy": ["owner", "team"], "indicators": ["quota_attainment"]}"#;

#[test]
fn a_quota_is_prorated_over_half_its_quarter() {
    let r = run(QUOTAS, HALF_Q1);
    let q = indicator(&r, "quota_attainment");
    // 01-01 .. 02-15 is 45 of Q1's 90 days: company quota 90,000 x 0.5 = 45,000.
    // Won in period: D-4 1,000 + D-1 20,000 + D-2 9,000 = 30,000 -> 30,000 / 45,000.
    assert_eq!((q.figure.numerator, q.figure.denominator, q.figure.sample_size), (Some(30000.0), Some(45000.0), 3));
    close(q.figure.value, 2.0 / 3.0);
    assert!(q.definition.contains("prorated"), "{}", q.definition);
}

#[test]
fn a_period_across_two_quarters_takes_a_share_of_each() {
    let r = run(QUOTAS, r#"{"from": "2026-03-01", "to": "2026-05-01", "indicators": ["quota_attainment"]}"#);
    let q = indicator(&r, "quota_attainment");
    // March: 31/90 of 90,000 = 31,000; April: 30/91 of 91,000 = 30,000 -> 61,000.
    // Won: D-3 5,000 + D-6 25,500 = 30,500 -> 0.5.
    close(q.figure.denominator, 61000.0);
    close(q.figure.value, 0.5);
}

#[test]
fn ungrouped_uses_the_company_quota_else_the_sum_of_owner_quotas() {
    let q1 = r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["quota_attainment"]}"#;
    // Won in Q1: 1,000 + 20,000 + 9,000 + 5,000 = 35,000.
    let with_company = run(QUOTAS, q1);
    close(indicator(&with_company, "quota_attainment").figure.value, 35000.0 / 90000.0);
    // Without company rows: a 60,000 + b 33,000 (c has no rate; the team quota is not an owner quota).
    let owners_only = r#"[
        {"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": 60000},
        {"owner": "b", "start": "2026-01-01", "end": "2026-03-31", "amount": 30000, "currency": "EUR"},
        {"team": "east", "start": "2026-01-01", "end": "2026-03-31", "amount": 45000},
        {"owner": "c", "start": "2026-01-01", "end": "2026-03-31", "amount": 10000, "currency": "JPY"}
    ]"#;
    let r = run(owners_only, q1);
    let q = indicator(&r, "quota_attainment");
    close(q.figure.denominator, 93000.0);
    close(q.figure.value, 35000.0 / 93000.0);
    assert_eq!(q.figure.stats["quotasWithoutRate"], Some(1.0));
}

#[test]
fn grouped_by_owner_and_team_each_uses_its_own_quota() {
    let r = run(QUOTAS, HALF_Q1);
    // a: D-1 20,000 / (60,000 x 0.5); b: D-2 9,000 / (33,000 x 0.5).
    close(group(&r, "owner", "a").value, 20000.0 / 30000.0);
    close(group(&r, "owner", "b").value, 9000.0 / 16500.0);
    // east (team quota, no owner): D-1 + D-2 = 29,000 / 22,500.
    close(group(&r, "team", "east").value, 29000.0 / 22500.0);
    // D-4 has no team: the "(none)" team has no quota.
    let none = group(&r, "team", "(none)");
    assert_eq!((none.value, none.status), (None, DataStatus::InsufficientData));
}

#[test]
fn a_quota_in_a_currency_without_rate_is_left_out_with_a_warning() {
    let r = run(QUOTAS, HALF_Q1);
    let c = group(&r, "owner", "c");
    assert_eq!((c.value, c.status, c.numerator), (None, DataStatus::InsufficientData, Some(1000.0)));
    assert_eq!(c.stats["quotasWithoutRate"], Some(1.0));
    let w = r.warnings.iter().find(|w| w.code == "currency_without_rate").expect("JPY warning");
    assert!(w.message.contains("JPY") && w.examples.contains(&"quotas[4]".to_string()), "{w:?}");
}

#[test]
fn no_quota_gives_null_not_zero() {
    let r = run(QUOTAS, r#"{"from": "2025-01-01", "to": "2025-04-01", "groupBy": ["segment"]}"#);
    let q = indicator(&r, "quota_attainment");
    assert_eq!((q.figure.value, q.figure.status), (None, DataStatus::InsufficientData));
    let r = run("[]", HALF_Q1);
    assert_eq!(indicator(&r, "quota_attainment").figure.value, None);
    // Other keys have no quota.
    let r = run(QUOTAS, r#"{"from": "2026-01-01", "to": "2026-04-01", "groupBy": ["segment"]}"#);
    assert_eq!(group(&r, "segment", "(none)").status, DataStatus::InsufficientData);
}

#[test]
fn drill_lists_won_deals_and_quota_rows() {
    let d = dataset(&data(QUOTAS));
    let q = query(HALF_Q1);
    let all = d.drill(&q, &DrillRequest { indicator: "quota_attainment".into(), ..DrillRequest::default() }).unwrap();
    assert_eq!(all.numerator_ids, ["D-4", "D-1", "D-2"]);
    assert_eq!(all.denominator_ids, ["quotas[0]"]);
    let request = DrillRequest {
        indicator: "quota_attainment".into(),
        group_key: Some("owner".into()),
        group_value: Some("b".into()),
        ..DrillRequest::default()
    };
    let b = d.drill(&q, &request).unwrap();
    assert_eq!((b.numerator_ids, b.denominator_ids), (vec!["D-2".to_string()], vec!["quotas[2]".to_string()]));
}
