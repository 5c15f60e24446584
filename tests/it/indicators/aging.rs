//! Deal aging and stalled deals on small datasets worked out by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::DrillRequest;

const STAGES: &str = r#"[{"id": "discovery", "order": 1}, {"id": "demo", "order": 2}, {"id": "proposal", "order": 3},
  {"id": "closed_won", "kind": "won"}, {"id": "closed_lost", "kind": "lost"}]"#;

/// asOf 2026-04-01, stalledAfterDays 20.
///
/// | deal | created | current stage since | age | days in stage | |
/// | A-1 | 01-01 | demo 03-01 | 90 | 31 | stalled (1000) |
/// | A-2 | 03-01 | demo 03-22 | 31 | 10 | |
/// | A-3 | 02-01 | discovery, no history: createdAt | 59 | 59 | stalled (200) |
/// | A-4 | won: not open | | | | |
/// | A-5 | 04-15, after asOf: not in the snapshot | | | | |
/// | A-6 | none | discovery 03-25 | - | 7 | open, no age |
/// | A-7 | 01-10 | stage discovery but history ends in demo: move not dated | 81 | - | unjudged |
///
/// Open: A-1, A-2, A-3, A-6, A-7 = 5. Ages 31, 59, 81, 90 -> median 70, mean 65.25.
/// Stalled A-1, A-3 = 2, amount 1200; unjudged 1.
fn explicit() -> String {
    format!(
        r#"{{"settings": {{"asOf": "2026-04-01", "stalledAfterDays": 20}}, "stages": {STAGES}, "deals": [
  {{"id": "A-1", "createdAt": "2026-01-01", "stage": "demo", "amount": 1000, "history": [
    {{"at": "2026-01-01", "stage": "discovery"}}, {{"at": "2026-03-01", "stage": "demo"}}]}},
  {{"id": "A-2", "createdAt": "2026-03-01", "stage": "demo", "amount": 500, "history": [
    {{"at": "2026-03-01", "stage": "discovery"}}, {{"at": "2026-03-22", "stage": "demo"}}]}},
  {{"id": "A-3", "createdAt": "2026-02-01", "stage": "discovery", "amount": 200}},
  {{"id": "A-4", "createdAt": "2026-01-05", "closedAt": "2026-02-01", "stage": "closed_won", "amount": 900}},
  {{"id": "A-5", "createdAt": "2026-04-15", "stage": "discovery", "amount": 50}},
  {{"id": "A-6", "stage": "discovery", "amount": 70, "history": [{{"at": "2026-03-25", "stage": "discovery"}}]}},
  {{"id": "A-7", "createdAt": "2026-01-10", "stage": "discovery", "amount": 30, "history": [
    {{"at": "2026-01-10", "stage": "discovery"}}, {{"at": "2026-02-01", "stage": "demo"}}]}}
]}}"#
    )
}

const Q: &str = r#"{"from": "2026-01-01", "to": "2026-04-01"}"#;

#[test]
fn explicit_stalled_after_days() {
    let r = report(&explicit(), Q);
    let a = indicator(&r, "deal_aging");
    assert!(a.definition.contains("stalledAfterDays = 20"), "{}", a.definition);
    close(a.figure.value, 70.0);
    assert_eq!((a.figure.numerator, a.figure.denominator, a.figure.sample_size), (Some(2.0), Some(5.0), 5));
    let s = &a.figure.stats;
    assert_eq!((s["count"], s["stalledCount"], s["unjudged"]), (Some(5.0), Some(2.0), Some(1.0)));
    close(s["stalledAmount"], 1200.0);
    close(s["meanAge"], 65.25);
    close(s["stalledAfterDays"], 20.0);
    // A snapshot: no series, no previous period.
    assert!(a.series.is_empty() && a.previous.is_none());
}

#[test]
fn drill_lists_stalled_and_open_deals() {
    let d = dataset(&explicit());
    let request = DrillRequest { indicator: "deal_aging".into(), ..DrillRequest::default() };
    let drill = d.drill(&query(Q), &request).unwrap();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(drill.numerator_ids), ["A-1", "A-3"]);
    assert_eq!(sorted(drill.denominator_ids), ["A-1", "A-2", "A-3", "A-6", "A-7"]);
}

/// No stalledAfterDays: thresholds are the p75 of the days won deals spent in each stage.
/// Won: W-1 discovery 01-01 > demo 01-11 (10 d) > won 01-16 (demo 5 d); W-2 discovery 01-01 >
/// won 01-21 (20 d); W-3 30 d; W-4 40 d. discovery p75 of 10, 20, 30, 40: rank 2.25 -> 32.5;
/// demo p75 of [5] = 5; proposal: no won deal -> unjudged.
///
/// | deal | stage since | days (to 04-01) | threshold | |
/// | O-1 | discovery 02-25 | 35 | 32.5 | stalled (100) |
/// | O-2 | discovery 03-02 | 30 | 32.5 | |
/// | O-3 | demo 03-20 | 12 | 5 | stalled (300) |
/// | O-4 | proposal 03-25 | 7 | - | unjudged |
///
/// Ages: O-1 35, O-2 30, O-3 (created 03-01) 31, O-4 7 -> median 30.5.
const DERIVED: &str = r#"{"settings": {"asOf": "2026-04-01", "stalledAfterDays": null},
  "stages": [{"id": "discovery", "order": 1}, {"id": "demo", "order": 2}, {"id": "proposal", "order": 3},
             {"id": "closed_won", "kind": "won"}],
  "deals": [
  {"id": "W-1", "createdAt": "2026-01-01", "stage": "closed_won", "history": [
    {"at": "2026-01-01", "stage": "discovery"}, {"at": "2026-01-11", "stage": "demo"}, {"at": "2026-01-16", "stage": "closed_won"}]},
  {"id": "W-2", "createdAt": "2026-01-01", "stage": "closed_won", "history": [
    {"at": "2026-01-01", "stage": "discovery"}, {"at": "2026-01-21", "stage": "closed_won"}]},
  {"id": "W-3", "createdAt": "2026-01-01", "stage": "closed_won", "history": [
    {"at": "2026-01-01", "stage": "discovery"}, {"at": "2026-01-31", "stage": "closed_won"}]},
  {"id": "W-4", "createdAt": "2026-01-01", "stage": "closed_won", "history": [
    {"at": "2026-01-01", "stage": "discovery"}, {"at": "2026-02-10", "stage": "closed_won"}]},
  {"id": "O-1", "createdAt": "2026-02-25", "stage": "discovery", "amount": 100, "history": [{"at": "2026-02-25", "stage": "discovery"}]},
  {"id": "O-2", "createdAt": "2026-03-02", "stage": "discovery", "amount": 200, "history": [{"at": "2026-03-02", "stage": "discovery"}]},
  {"id": "O-3", "createdAt": "2026-03-01", "stage": "demo", "amount": 300, "history": [
    {"at": "2026-03-01", "stage": "discovery"}, {"at": "2026-03-20", "stage": "demo"}]},
  {"id": "O-4", "createdAt": "2026-03-25", "stage": "proposal", "amount": 400, "history": [{"at": "2026-03-25", "stage": "proposal"}]}
]}"#;

#[test]
fn derived_p75_threshold_per_stage() {
    let r = report(DERIVED, Q);
    let a = indicator(&r, "deal_aging");
    assert!(a.definition.contains("p75"), "{}", a.definition);
    close(a.figure.value, 30.5);
    assert_eq!((a.figure.numerator, a.figure.denominator), (Some(2.0), Some(4.0)));
    let s = &a.figure.stats;
    assert_eq!((s["stalledCount"], s["unjudged"], s["stalledAfterDays"]), (Some(2.0), Some(1.0), None));
    close(s["stalledAmount"], 400.0);
    let request = DrillRequest { indicator: "deal_aging".into(), ..DrillRequest::default() };
    let drill = dataset(DERIVED).drill(&query(Q), &request).unwrap();
    let mut ids = drill.numerator_ids;
    ids.sort();
    assert_eq!(ids, ["O-1", "O-3"]);
}

/// As of 2026-03-21 (query asOf): O-4 does not exist yet, O-3 entered demo 03-20 (1 day, not
/// stalled). O-1 in discovery 24 days, O-2 19 days: under 32.5. Ages: O-1 24, O-2 19, O-3 20
/// -> median 20; nothing stalled.
#[test]
fn as_of_query_rebuilds_the_snapshot() {
    let r = report(DERIVED, r#"{"from": "2026-01-01", "to": "2026-03-21", "asOf": "2026-03-21"}"#);
    let a = indicator(&r, "deal_aging");
    close(a.figure.value, 20.0);
    assert_eq!((a.figure.numerator, a.figure.denominator), (Some(0.0), Some(3.0)));
}

/// Groups sum back to the total (thresholds come from every won deal, not the group's).
#[test]
fn groups_sum_back() {
    let data = DERIVED.replace(r#""id": "O-1","#, r#""id": "O-1", "owner": "x","#);
    let r = report(&data, r#"{"from": "2026-01-01", "to": "2026-04-01", "groupBy": ["owner"]}"#);
    let rows = &r.groups["owner"];
    let sum = |f: fn(&spi_wasm::indicators::Figure) -> Option<f64>| -> f64 {
        rows.iter().flat_map(|g| g.indicators.iter().filter(|i| i.id == "deal_aging")).map(|i| f(&i.figure).unwrap()).sum()
    };
    assert_eq!(sum(|f| f.numerator), 2.0);
    assert_eq!(sum(|f| f.denominator), 4.0);
}

#[test]
fn no_open_deals_gives_null() {
    let r = report(r#"{"settings": {"asOf": "2026-04-01"}, "deals": [{"id": "Z", "createdAt": "2026-01-01", "status": "won", "closedAt": "2026-02-01"}]}"#, Q);
    let a = indicator(&r, "deal_aging");
    assert_eq!((a.figure.value, a.figure.status), (None, DataStatus::InsufficientData));
    assert_eq!((a.figure.numerator, a.figure.denominator, a.figure.sample_size), (Some(0.0), Some(0.0), 0));
}

/// Derived thresholds with an open stage the stage list does not declare (`review`: not a status
/// word, so open): the funnel leaves it out of its stages, and the thresholds still have it.
/// asOf 2026-04-01. Won deals' completed visits:
/// - W-1: discovery 01-01 .. 01-11 (10 days), review 01-11 .. 01-21 (10), won 01-21;
/// - W-2: discovery 01-01 .. 01-05 (4), review 01-05 .. 01-25 (20), won 01-25.
///
/// p75 (type 7) of two values a < b is a + 0.75 (b - a): discovery 4, 10 -> 8.5; review 10, 20 ->
/// 17.5. Open: O-1 in review since 03-10 (22 days > 17.5: stalled), O-2 in review since 03-20
/// (12 days: not), O-3 in discovery since 03-25 (7 days: not).
#[test]
fn derived_threshold_of_an_undeclared_open_stage() {
    let data = r#"{"settings": {"asOf": "2026-04-01"}, "stages": [{"id": "discovery", "order": 1},
  {"id": "closed_won", "kind": "won"}, {"id": "closed_lost", "kind": "lost"}], "deals": [
  {"id": "W-1", "createdAt": "2026-01-01", "stage": "closed_won", "history": [{"at": "2026-01-01", "stage": "discovery"},
    {"at": "2026-01-11", "stage": "review"}, {"at": "2026-01-21", "stage": "closed_won"}]},
  {"id": "W-2", "createdAt": "2026-01-01", "stage": "closed_won", "history": [{"at": "2026-01-01", "stage": "discovery"},
    {"at": "2026-01-05", "stage": "review"}, {"at": "2026-01-25", "stage": "closed_won"}]},
  {"id": "O-1", "createdAt": "2026-03-01", "stage": "review", "history": [{"at": "2026-03-01", "stage": "discovery"},
    {"at": "2026-03-10", "stage": "review"}]},
  {"id": "O-2", "createdAt": "2026-03-01", "stage": "review", "history": [{"at": "2026-03-01", "stage": "discovery"},
    {"at": "2026-03-20", "stage": "review"}]},
  {"id": "O-3", "createdAt": "2026-03-25", "stage": "discovery", "history": [{"at": "2026-03-25", "stage": "discovery"}]}
]}"#;
    let r = report(data, Q);
    let s = &indicator(&r, "deal_aging").figure.stats;
    assert_eq!((s["stalledCount"], s["unjudged"]), (Some(1.0), Some(0.0)));
    // The funnel has discovery alone; its stalled count reads the same thresholds.
    assert_eq!(r.funnel.iter().map(|f| (f.stage.as_str(), f.pipeline.count, f.pipeline.stalled)).collect::<Vec<_>>(), [("discovery", 1, 0)]);
    let request = DrillRequest { indicator: "deal_aging".into(), ..DrillRequest::default() };
    assert_eq!(dataset(data).drill(&query(Q), &request).unwrap().numerator_ids, ["O-1"]);
}

/// The same thresholds when every open stage is declared, read from the funnel's days per stage:
/// the won deals' days are those above without review (W-1 discovery 10 days, W-2 4 -> 8.5). O-1
/// has been in discovery since 03-20 (12 days > 8.5: stalled), O-2 since 03-28 (4 days: not); L-1,
/// lost, spent 30 days in discovery, which counts for no threshold.
#[test]
fn derived_threshold_reads_won_deals_only() {
    let data = r#"{"settings": {"asOf": "2026-04-01"}, "stages": [{"id": "discovery", "order": 1}, {"id": "demo", "order": 2},
  {"id": "closed_won", "kind": "won"}, {"id": "closed_lost", "kind": "lost"}], "deals": [
  {"id": "W-1", "createdAt": "2026-01-01", "stage": "closed_won", "history": [{"at": "2026-01-01", "stage": "discovery"},
    {"at": "2026-01-11", "stage": "closed_won"}]},
  {"id": "L-1", "createdAt": "2026-01-01", "stage": "closed_lost", "history": [{"at": "2026-01-01", "stage": "discovery"},
    {"at": "2026-01-31", "stage": "closed_lost"}]},
  {"id": "W-2", "createdAt": "2026-01-01", "stage": "closed_won", "history": [{"at": "2026-01-01", "stage": "discovery"},
    {"at": "2026-01-05", "stage": "closed_won"}]},
  {"id": "O-1", "createdAt": "2026-03-20", "stage": "discovery", "history": [{"at": "2026-03-20", "stage": "discovery"}]},
  {"id": "O-2", "createdAt": "2026-03-28", "stage": "discovery", "history": [{"at": "2026-03-28", "stage": "discovery"}]}
]}"#;
    let r = report(data, Q);
    let s = &indicator(&r, "deal_aging").figure.stats;
    assert_eq!((s["stalledCount"], s["unjudged"]), (Some(1.0), Some(0.0)));
    let request = DrillRequest { indicator: "deal_aging".into(), ..DrillRequest::default() };
    assert_eq!(dataset(data).drill(&query(Q), &request).unwrap().numerator_ids, ["O-1"]);
}
