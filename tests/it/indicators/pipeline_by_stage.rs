//! Pipeline by stage (`funnel[].pipeline`): the open deals of each stage as of `asOf`, on a small
//! dataset worked out by hand, and its drill-down.

use crate::common;
use common::{close, dataset, query, report};
use spi_wasm::indicators::stage_pipeline::StagePipeline;
use spi_wasm::{DrillRequest, Report};

/// asOf 2026-04-01, stalledAfterDays 20, base USD with 1 EUR = 1.1 USD. Stages: discovery
/// (probability 0.1), demo (40, read as 40%), proposal (no probability).
///
/// | deal | stage | amount | entry into the stage | days to 04-01 | stalled (> 20) |
/// | P-1 | discovery | 1000 USD | history 03-01 | 31 | yes |
/// | P-2 | discovery | 3000 USD | no history: createdAt 03-22 | 10 | no |
/// | P-3 | demo | 5000 EUR = 5500 USD | history discovery 01-10, demo 03-12 | 20 | no (not > 20) |
/// | P-4 | demo | 2000 USD | demo 02-15, proposal 02-25, demo 03-02: last run 03-02 | 30 | yes |
/// | P-5 | demo | none | history demo 02-10 | 50 | yes |
/// | P-6 | proposal | 8000 USD | history discovery 01-05, proposal 03-27 | 5 | no |
/// | W-1 | won | 4000 | (closed: in no row) | | |
/// | L-1 | lost | 900 | (closed: in no row) | | |
///
/// discovery: count 2, amount 4000, weighted 400, median(31, 10) = 20.5, stalled 1.
/// demo: count 3, amount 5500 + 2000 = 7500 (P-5 without amount), weighted 0.4 x 7500 = 3000,
/// median(20, 30, 50) = 30, stalled 2.
/// proposal: count 1, amount 8000, weighted null (no probability), median 5, stalled 0.
const DATA: &str = r#"{
  "settings": {"asOf": "2026-04-01", "currency": "USD", "stalledAfterDays": 20},
  "fx": {"EUR": 1.1},
  "stages": [
    {"id": "discovery", "label": "Discovery", "order": 1, "kind": "open", "probability": 0.1},
    {"id": "demo", "label": "Demo", "order": 2, "kind": "open", "probability": 40},
    {"id": "proposal", "label": "Proposal", "order": 3, "kind": "open"},
    {"id": "won", "order": 4, "kind": "won"},
    {"id": "lost", "order": 5, "kind": "lost"}
  ],
  "deals": [
    {"id": "P-1", "createdAt": "2026-03-01", "stage": "discovery", "amount": 1000, "history": [
      {"at": "2026-03-01", "stage": "discovery"}]},
    {"id": "P-2", "createdAt": "2026-03-22", "stage": "discovery", "amount": 3000},
    {"id": "P-3", "createdAt": "2026-01-10", "stage": "demo", "amount": 5000, "currency": "EUR", "history": [
      {"at": "2026-01-10", "stage": "discovery"}, {"at": "2026-03-12", "stage": "demo"}]},
    {"id": "P-4", "createdAt": "2026-02-01", "stage": "demo", "amount": 2000, "history": [
      {"at": "2026-02-01", "stage": "discovery"}, {"at": "2026-02-15", "stage": "demo"},
      {"at": "2026-02-25", "stage": "proposal"}, {"at": "2026-03-02", "stage": "demo"}]},
    {"id": "P-5", "createdAt": "2026-02-10", "stage": "demo", "history": [
      {"at": "2026-02-10", "stage": "demo"}]},
    {"id": "P-6", "createdAt": "2026-01-05", "stage": "proposal", "amount": 8000, "history": [
      {"at": "2026-01-05", "stage": "discovery"}, {"at": "2026-03-27", "stage": "proposal"}]},
    {"id": "W-1", "createdAt": "2026-01-02", "closedAt": "2026-02-01", "stage": "won", "amount": 4000, "history": [
      {"at": "2026-01-02", "stage": "discovery"}, {"at": "2026-02-01", "stage": "won"}]},
    {"id": "L-1", "createdAt": "2026-01-03", "closedAt": "2026-02-03", "stage": "lost", "amount": 900, "history": [
      {"at": "2026-01-03", "stage": "demo"}, {"at": "2026-02-03", "stage": "lost"}]}
  ]
}"#;

const Q: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month"}"#;

fn pipeline<'r>(r: &'r Report, id: &str) -> &'r StagePipeline {
    &r.funnel.iter().find(|s| s.stage == id).unwrap_or_else(|| panic!("no stage {id}")).pipeline
}

#[test]
fn counts_amounts_and_weighted_amounts_per_open_stage() {
    let r = report(DATA, Q);
    assert_eq!(r.funnel.iter().map(|s| s.stage.as_str()).collect::<Vec<_>>(), ["discovery", "demo", "proposal"]);
    let d = pipeline(&r, "discovery");
    assert_eq!((d.count, d.without_amount, d.stalled, d.unjudged, d.undated_entry), (2, 0, 1, 0, 0));
    close(Some(d.amount), 4000.0);
    close(d.probability, 0.1);
    close(d.weighted_amount, 400.0);
    close(d.median_days_in_stage, 20.5);

    let m = pipeline(&r, "demo");
    assert_eq!((m.count, m.without_amount, m.stalled, m.unjudged), (3, 1, 2, 0));
    close(Some(m.amount), 7500.0);
    close(m.probability, 0.4);
    close(m.weighted_amount, 3000.0);
    close(m.median_days_in_stage, 30.0);

    let p = pipeline(&r, "proposal");
    assert_eq!((p.count, p.stalled), (1, 0));
    close(Some(p.amount), 8000.0);
    assert_eq!((p.probability, p.weighted_amount), (None, None), "no probability: null, not 0");
    close(p.median_days_in_stage, 5.0);
}

/// The stalled counts are `deal_aging`'s: its numerator (3) is the sum over the stages, its
/// denominator (6 open deals) the sum of the counts.
#[test]
fn stalled_counts_sum_to_deal_agings() {
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["deal_aging"]}"#);
    let aging = common::indicator(&r, "deal_aging");
    let (stalled, count) = r.funnel.iter().fold((0, 0), |(s, c), f| (s + f.pipeline.stalled, c + f.pipeline.count));
    assert_eq!((stalled, count), (3, 6));
    assert_eq!((aging.figure.numerator, aging.figure.denominator), (Some(3.0), Some(6.0)));
}

/// An earlier asOf rebuilds the snapshot: as of 2026-03-10, P-2 (created 03-22) is not there yet,
/// P-3 is still in discovery (since 01-10: 59 days), P-6 too (since 01-05: 64 days), P-4 is back
/// in demo (since 03-02: 8 days), P-5 in demo (since 02-10: 28 days).
/// discovery: P-1 (9 d), P-3, P-6 = 3 deals, 1000 + 5500 + 8000 = 14500, median(9, 59, 64) = 59,
/// stalled P-3 and P-6 = 2. demo: P-4, P-5 = 2, amount 2000, median(8, 28) = 18, stalled P-5.
/// proposal: none (median null, amount a true 0).
#[test]
fn an_earlier_as_of_reads_the_stages_then() {
    let r = report(DATA, r#"{"asOf": "2026-03-10", "from": "2026-01-01", "to": "2026-03-10"}"#);
    let d = pipeline(&r, "discovery");
    assert_eq!((d.count, d.stalled), (3, 2));
    close(Some(d.amount), 14500.0);
    close(d.median_days_in_stage, 59.0);
    let m = pipeline(&r, "demo");
    assert_eq!((m.count, m.stalled, m.without_amount), (2, 1, 1));
    close(Some(m.amount), 2000.0);
    close(m.median_days_in_stage, 18.0);
    let p = pipeline(&r, "proposal");
    assert_eq!((p.count, p.amount, p.median_days_in_stage), (0, 0.0, None));
}

fn cell(stage: &str) -> DrillRequest {
    DrillRequest { indicator: "deal_aging".into(), stage: Some(stage.into()), ..DrillRequest::default() }
}

#[test]
fn a_stage_cell_drills_to_its_deals() {
    let d = dataset(DATA);
    let drill = d.drill(&query(Q), &cell("demo")).unwrap();
    assert_eq!(drill.denominator_ids, ["P-3", "P-4", "P-5"]);
    assert_eq!(drill.numerator_ids, ["P-4", "P-5"]);
    close(drill.figure.value, 7500.0);
    close(drill.figure.stats.get("weightedAmount").copied().flatten(), 3000.0);
    close(drill.figure.stats.get("medianDaysInStage").copied().flatten(), 30.0);
    // The amounts behind the cell's amount, as entered and converted.
    let p3 = drill.amounts.iter().find(|a| a.id == "P-3").unwrap();
    assert_eq!((p3.amount, p3.currency.as_str(), p3.amount_base), (Some(5000.0), "EUR", Some(5500.0)));
    assert_eq!(drill.amounts.iter().find(|a| a.id == "P-5").unwrap().amount_base, None);

    let proposal = d.drill(&query(Q), &cell("proposal")).unwrap();
    assert_eq!((proposal.denominator_ids, proposal.numerator_ids.len()), (vec!["P-6".to_string()], 0));
    assert_eq!(proposal.figure.stats.get("weightedAmount"), Some(&None));
}

#[test]
fn a_bad_stage_cell_is_a_structured_error() {
    let d = dataset(DATA);
    let e = d.drill(&query(Q), &cell("won")).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_query", "stage"));
    assert!(e.message().contains("\"won\""), "{}", e.message());
    let e = d.drill(&query(Q), &DrillRequest { indicator: "win_rate".into(), ..cell("demo") }).unwrap_err();
    assert_eq!(e.path(), "stage");
    let e = d.drill(&query(Q), &DrillRequest { bucket: Some("2026-03".into()), ..cell("demo") }).unwrap_err();
    assert_eq!(e.path(), "stage");
}
