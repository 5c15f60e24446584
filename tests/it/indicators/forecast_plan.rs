//! Forecast against quota (`report.forecast`) on the hand-worked tests/fixtures/views.json, Q1 2026
//! by month, as of 2026-03-15. Stage probabilities: discovery 0.2, proposal 0.6.
//!
//! | bucket | won | open by category (expected close) | weighted | quota (9000 over 90 days) |
//! | 2026-01 | W1 1000 | none | null | 9000 x 31/90 = 3100 |
//! | 2026-02 | W2 2000 (L1 lost: no part) | pipeline O3 1000 (expected 02-28, overdue: stays) | 1000 x 0.2 = 200 | 2800 |
//! | 2026-03 | 0 | commit O1 3000, best_case O2 5000 ("Best Case"), pipeline P2 600, uncategorized O4 500 | 1800 + 1000 + 120 + 300 = 3220 | 3100 |
//!
//! P1 (expected 05-01) is outside the period; W0 closed in 2025.

use crate::common;
use common::{dataset, query, report};
use spi_wasm::indicators::forecast_plan::{category, ForecastCell};
use spi_wasm::DrillRequest;

const DATA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/views.json"));
const Q1: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month"}"#;

fn open(b: &spi_wasm::indicators::forecast_plan::ForecastBucket, category: &str) -> (f64, u64) {
    let c = b.open.iter().find(|c| c.category == category).unwrap();
    (c.part.amount, c.part.count)
}

#[test]
fn months_hold_won_open_by_category_weighted_and_quota() {
    let r = report(DATA, Q1);
    let f = &r.forecast;
    assert_eq!(f.iter().map(|b| b.bucket.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02", "2026-03"]);
    assert_eq!((f[0].won.amount, f[0].won.count, f[0].weighted), (1000.0, 1, None));
    assert!((f[0].quota.unwrap() - 3100.0).abs() < 1e-6);
    assert_eq!((f[1].won.amount, open(&f[1], "pipeline")), (2000.0, (1000.0, 1)));
    assert!((f[1].weighted.unwrap() - 200.0).abs() < 1e-9);
    assert!((f[1].quota.unwrap() - 2800.0).abs() < 1e-6);
    let mar = &f[2];
    assert_eq!(mar.won.amount, 0.0);
    assert_eq!(
        ["commit", "best_case", "pipeline", "omitted", "uncategorized"].map(|c| open(mar, c)),
        [(3000.0, 1), (5000.0, 1), (600.0, 1), (0.0, 0), (500.0, 1)]
    );
    assert!((mar.weighted.unwrap() - 3220.0).abs() < 1e-9);
    assert!((mar.quota.unwrap() - 3100.0).abs() < 1e-6);
}

#[test]
fn a_quarter_cadence_gives_one_quarter() {
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "quarter"}"#);
    assert_eq!(r.forecast.len(), 1);
    assert_eq!(r.forecast[0].won.amount, 3000.0);
    assert!((r.forecast[0].quota.unwrap() - 9000.0).abs() < 1e-6);
}

#[test]
fn categories_read_crm_spellings() {
    assert_eq!(["Commit", "Best Case", "best-case", "PIPELINE", "Omitted", "Closed", ""].map(category), ["commit", "best_case", "best_case", "pipeline", "omitted", "uncategorized", "uncategorized"]);
}

#[test]
fn a_cell_drills_to_its_deals() {
    let ds = dataset(DATA);
    let q = query(Q1);
    let cell = |bucket: &str, part: &str| DrillRequest {
        indicator: "quota_attainment".into(),
        forecast: Some(ForecastCell { bucket: bucket.into(), part: part.into() }),
        ..DrillRequest::default()
    };
    let best = ds.drill(&q, &cell("2026-03", "best_case")).unwrap();
    assert_eq!((best.numerator_ids.clone(), best.figure.value), (vec!["O2".to_string()], Some(5000.0)));
    assert_eq!(best.from, "2026-03-01T00:00:00Z");
    let weighted = ds.drill(&q, &cell("2026-03", "weighted")).unwrap();
    assert_eq!(weighted.numerator_ids, ["O1", "O2", "O4", "P2"]);
    assert_eq!(ds.drill(&q, &cell("2026-01", "won")).unwrap().numerator_ids, ["W1"]);
    assert_eq!(ds.drill(&q, &cell("2026-02", "quota")).unwrap().numerator_ids, ["quotas[0]"]);
    let err = ds.drill(&q, &cell("2026-07", "won")).unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_query", "forecast"));
    let err = ds.drill(&q, &DrillRequest { indicator: "win_rate".into(), ..cell("2026-03", "won") }).unwrap_err();
    assert_eq!(err.path(), "forecast");
}

#[test]
fn a_period_ending_today_keeps_the_rest_of_its_month() {
    // To 03-15 (asOf): March still runs to 04-01, so O1 (expected 03-20) and its quota are in it.
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-03-15", "cadence": "month"}"#);
    let mar = &r.forecast[2];
    assert_eq!((mar.bucket.as_str(), mar.to.as_str()), ("2026-03", "2026-04-01T00:00:00Z"));
    assert_eq!(open(mar, "commit"), (3000.0, 1));
    assert!((mar.quota.unwrap() - 3100.0).abs() < 1e-6);
}

/// A period that ended before `asOf` keeps its own end: Jan 1 - Feb 5 (asOf Mar 15) has a
/// February of five days, so W2 (won Feb 10, after the period) and O3 (expected Feb 28) are not
/// in it; a period running to `asOf` or past it (Q1 above) shows its last month whole.
#[test]
fn a_period_ended_before_as_of_keeps_its_end() {
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-02-06", "cadence": "month"}"#);
    let f = &r.forecast;
    assert_eq!(f.iter().map(|b| b.bucket.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02"]);
    assert_eq!((f[0].won.amount, f[0].won.count), (1000.0, 1));
    assert_eq!((f[1].won.amount, f[1].won.count), (0.0, 0));
    assert_eq!(open(&f[1], "pipeline"), (0.0, 0));
}
