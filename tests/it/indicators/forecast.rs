//! `forecast_accuracy` on a dataset worked out by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::indicators::Figure;
use spi_wasm::report::Report;
use spi_wasm::DrillRequest;

/// asOf 2026-07-15. Won: D-1 a/east 01-20 100,000; D-2 b/east 02-15 50,000; D-3 a 04-10 80,000.
/// D-4 (b, lost in Q1) is not an actual. Actuals: a Q1 100,000; b Q1 50,000; c Q1 0;
/// company Q1 150,000; a Q2 80,000.
///
/// | row | owner | period | amount | submitted | used? |
/// | forecasts[0] | a | Q1 | 120,000 | 2025-12-01 | no: forecasts[1] is later |
/// | forecasts[1] | a | Q1 | 90,000 | 2025-12-28 | yes: accuracy 1 - 10/100 = 0.9, bias -0.1 |
/// | forecasts[2] | a | Q1 | 100,000 | 2026-02-01 | no: after the period start |
/// | forecasts[3] | b | Q1 | 60,000 | none (= start) | yes: 1 - 10/50 = 0.8, bias +0.2 |
/// | forecasts[4] | c | Q1 | 5,000 | 2025-12-20 | actual 0: skipped |
/// | forecasts[5] | company | Q1 | 140,000 | 2025-12-30 | yes: 1 - 10/150, bias -1/15 |
/// | forecasts[6] | a | Q3 | 1 | 2026-06-01 | period not ended by asOf |
/// | forecasts[7] | a | Q2 | 200,000 | 2026-03-15 | yes: max(0, 1 - 120/80) = 0, bias +1.5 |
const DATA: &str = r#"{
  "settings": {"currency": "USD", "asOf": "2026-07-15"},
  "deals": [
    {"id": "D-1", "owner": "a", "team": "east", "createdAt": "2026-01-02", "closedAt": "2026-01-20", "status": "won", "amount": 100000},
    {"id": "D-2", "owner": "b", "team": "east", "createdAt": "2026-01-02", "closedAt": "2026-02-15", "status": "won", "amount": 50000},
    {"id": "D-3", "owner": "a", "createdAt": "2026-01-02", "closedAt": "2026-04-10", "status": "won", "amount": 80000},
    {"id": "D-4", "owner": "b", "createdAt": "2026-01-02", "closedAt": "2026-03-01", "status": "lost", "amount": 70000}
  ],
  "forecasts": [
    {"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": 120000, "submittedAt": "2025-12-01"},
    {"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": 90000, "submittedAt": "2025-12-28"},
    {"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": 100000, "submittedAt": "2026-02-01"},
    {"owner": "b", "start": "2026-01-01", "end": "2026-03-31", "amount": 60000},
    {"owner": "c", "start": "2026-01-01", "end": "2026-03-31", "amount": 5000, "submittedAt": "2025-12-20"},
    {"owner": null, "start": "2026-01-01", "end": "2026-03-31", "amount": 140000, "submittedAt": "2025-12-30"},
    {"owner": "a", "start": "2026-07-01", "end": "2026-09-30", "amount": 1, "submittedAt": "2026-06-01"},
    {"owner": "a", "start": "2026-04-01", "end": "2026-06-30", "amount": 200000, "submittedAt": "2026-03-15"}
  ]
}"#;

const Q1: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "groupBy": ["owner"], "indicators": ["forecast_accuracy"]}"#;

fn group(r: &Report, owner: &str) -> Figure {
    let row = r.groups["owner"].iter().find(|g| g.group == owner).unwrap_or_else(|| panic!("no group {owner}"));
    row.indicators.iter().find(|i| i.id == "forecast_accuracy").unwrap().figure.clone()
}

#[test]
fn the_latest_forecast_before_the_period_start_is_used() {
    let r = report(DATA, Q1);
    let f = indicator(&r, "forecast_accuracy");
    // Periods with an accuracy: a 0.9, b 0.8, company 1 - 10,000/150,000 = 0.93333; c is skipped.
    let sum = 0.9 + 0.8 + (1.0 - 10000.0 / 150000.0);
    close(f.figure.numerator, sum);
    assert_eq!((f.figure.denominator, f.figure.sample_size), (Some(3.0), 3));
    close(f.figure.value, sum / 3.0);
    let s = &f.figure.stats;
    assert_eq!((s["periods"], s["periodsWithoutActual"], s["periodsWithoutForecast"]), (Some(3.0), Some(1.0), Some(0.0)));
    // Bias: (-0.1 + 0.2 - 1/15) / 3.
    close(s["bias"], (-0.1 + 0.2 - 1.0 / 15.0) / 3.0);
    // All submissions before the period end: a 120,000 -> 0.8, 90,000 -> 0.9, 100,000 -> 1.0;
    // b 0.8; company 0.93333 (c has no actual).
    close(s["meanAllSubmissions"], (0.8 + 0.9 + 1.0 + 0.8 + (1.0 - 10000.0 / 150000.0)) / 5.0);
    close(s["forecastTotal"], 90000.0 + 60000.0 + 140000.0);
    close(s["actualTotal"], 100000.0 + 50000.0 + 150000.0);
}

#[test]
fn bias_sign_follows_over_and_under_forecasting() {
    let r = report(DATA, Q1);
    // a forecast 90,000 for 100,000 won: under-forecast, negative bias.
    let a = group(&r, "a");
    close(a.value, 0.9);
    close(a.stats["bias"], -0.1);
    // b forecast 60,000 for 50,000 won: over-forecast, positive bias.
    let b = group(&r, "b");
    close(b.value, 0.8);
    close(b.stats["bias"], 0.2);
    // The company forecast (owner null) is the "(none)" owner group.
    close(group(&r, "(none)").value, 1.0 - 10000.0 / 150000.0);
}

#[test]
fn an_actual_of_zero_gives_no_accuracy() {
    let r = report(DATA, Q1);
    let c = group(&r, "c");
    assert_eq!((c.value, c.status, c.denominator), (None, DataStatus::InsufficientData, Some(0.0)));
    assert_eq!(c.stats["periodsWithoutActual"], Some(1.0));
}

#[test]
fn accuracy_floors_at_zero_and_open_periods_wait() {
    // Half year: Q2 of a adds accuracy max(0, 1 - 120,000 / 80,000) = 0 (bias +1.5).
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-07-01", "indicators": ["forecast_accuracy"]}"#);
    let f = indicator(&r, "forecast_accuracy");
    let q1 = 0.9 + 0.8 + (1.0 - 10000.0 / 150000.0);
    close(f.figure.value, q1 / 4.0);
    close(f.figure.stats["bias"], (-0.1 + 0.2 - 1.0 / 15.0 + 1.5) / 4.0);
    // Q3 ends after asOf: not counted yet.
    let r = report(DATA, r#"{"from": "2026-07-01", "to": "2026-10-01", "indicators": ["forecast_accuracy"]}"#);
    let f = indicator(&r, "forecast_accuracy");
    assert_eq!((f.figure.value, f.figure.status, f.figure.sample_size), (None, DataStatus::InsufficientData, 0));
}

#[test]
fn team_forecasts_use_the_team_deals_and_late_forecasts_are_skipped() {
    let data = DATA.replace(
        r#""forecasts": ["#,
        r#""forecasts": [
    {"team": "east", "start": "2026-01-01", "end": "2026-03-31", "amount": 165000, "submittedAt": "2025-12-15"},
    {"owner": "b", "start": "2026-04-01", "end": "2026-06-30", "amount": 10, "submittedAt": "2026-04-02"},"#,
    );
    let r = report(&data, r#"{"from": "2026-01-01", "to": "2026-07-01", "groupBy": ["team"], "indicators": ["forecast_accuracy"]}"#);
    let east = r.groups["team"].iter().find(|g| g.group == "east").unwrap();
    // east won D-1 + D-2 = 150,000; forecast 165,000 -> 1 - 15/150 = 0.9, bias +0.1.
    let east = &east.indicators[0].figure;
    close(east.value, 0.9);
    close(east.stats["bias"], 0.1);
    // b's Q2 forecast came after the period start: no forecast for that period.
    assert_eq!(indicator(&r, "forecast_accuracy").figure.stats["periodsWithoutForecast"], Some(1.0));
}

#[test]
fn drill_lists_the_forecasts_used() {
    let d = dataset(DATA);
    let request = DrillRequest { indicator: "forecast_accuracy".into(), ..DrillRequest::default() };
    let drill = d.drill(&query(Q1), &request).unwrap();
    assert_eq!(drill.numerator_ids, ["forecasts[1]", "forecasts[3]", "forecasts[5]"]);
    assert_eq!(drill.denominator_ids, drill.numerator_ids);
    let request = DrillRequest { group_key: Some("owner".into()), group_value: Some("a".into()), ..request };
    assert_eq!(d.drill(&query(Q1), &request).unwrap().numerator_ids, ["forecasts[1]"]);
}

#[test]
fn odd_targets_do_not_panic() {
    // Missing dates, end before start, unknown amounts, a deal without close: every figure is
    // computed (or null), never a panic.
    let data = r#"{
      "deals": [{"id": "X", "owner": "a", "status": "won"},
                {"id": "Y", "owner": "a", "status": "open", "expectedCloseAt": "2026-01-10", "createdAt": "2026-01-01"}],
      "quotas": [{"owner": "a"}, {"owner": "a", "start": "2026-03-01", "end": "2026-01-01", "amount": 5},
                 {"owner": "a", "start": "2026-01-01", "end": "2026-01-01", "amount": 0}],
      "forecasts": [{"owner": "a"}, {"owner": "a", "start": "2026-01-01", "end": "2026-01-01"},
                    {"start": "2026-02-01", "end": "2026-01-01", "amount": 3, "submittedAt": "2027-01-01"}]
    }"#;
    for variant in ["remaining_quota", "total_quota", "mature"] {
        let q = format!(
            r#"{{"from": "2025-12-01", "to": "2026-03-01", "cadence": "day", "groupBy": ["owner", "team", "attributes.x"],
                "variants": {{"pipeline_coverage": "{variant}"}}}}"#
        );
        let r = report(data, &q);
        for id in ["quota_attainment", "pipeline_coverage", "pipeline_velocity", "forecast_accuracy"] {
            assert!(indicator(&r, id).figure.value.is_none_or(f64::is_finite), "{id}");
        }
    }
}

/// Two forecasts for a's Q1 submitted at the same instant (2025-12-28) with different amounts: the
/// later row is used (accuracy 1 - 10/100 = 0.9 with 90,000 last; 1 - 20/100 = 0.8 with 120,000
/// last), which the file's order decides, so `forecast_tie` names the row that lost. Equal
/// amounts, or distinct instants, are no tie to speak of.
#[test]
fn forecasts_tied_at_one_instant_are_warned_of() {
    let data = |rows: &[(u32, &str)]| {
        let rows: Vec<String> = rows.iter().map(|(amount, at)| format!(r#"{{"owner": "a", "start": "2026-01-01", "end": "2026-03-31", "amount": {amount}, "submittedAt": "{at}"}}"#)).collect();
        format!(r#"{{"settings": {{"currency": "USD", "asOf": "2026-07-15"}}, "deals": [
            {{"id": "D-1", "owner": "a", "createdAt": "2026-01-02", "closedAt": "2026-01-20", "status": "won", "amount": 100000}}],
            "forecasts": [{}]}}"#, rows.join(","))
    };
    let ties = |text: &str| {
        let d = dataset(text);
        d.store().warnings.iter().filter(|w| w.code == "forecast_tie").map(|w| (w.count, w.examples.clone())).collect::<Vec<_>>()
    };
    let q = r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["forecast_accuracy"]}"#;
    let tied = data(&[(120000, "2025-12-28"), (90000, "2025-12-28")]);
    assert_eq!(ties(&tied), [(1, vec!["forecasts[0]".to_string()])]);
    close(indicator(&report(&tied, q), "forecast_accuracy").figure.value, 0.9);
    let swapped = data(&[(90000, "2025-12-28"), (120000, "2025-12-28")]);
    assert_eq!(ties(&swapped), [(1, vec!["forecasts[0]".to_string()])]);
    close(indicator(&report(&swapped, q), "forecast_accuracy").figure.value, 0.8);
    assert!(ties(&data(&[(90000, "2025-12-28"), (90000, "2025-12-28")])).is_empty());
    assert!(ties(&data(&[(120000, "2025-12-27"), (90000, "2025-12-28")])).is_empty());
}
