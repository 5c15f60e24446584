//! Stage conversion and the report's funnel on small datasets worked out by hand.

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::indicators::funnel::FunnelStage;
use spi_wasm::{DrillRequest, Report};

/// Stages discovery (S0), demo (S1), proposal (S2), then won. Period 2026-01-01 .. 2026-04-01.
///
/// | deal | path (dates 2026) | status | collapsed path |
/// | F-1 | disc 01-01, demo 01-11, prop 01-21, won 02-10 | won | D M P W |
/// | F-2 | disc 01-02, prop 01-14 (skips demo), lost 01-22 | lost | D P L |
/// | F-3 | disc 01-03, demo 01-08, disc 01-13 (backward), demo 01-23, lost 02-02 | lost | D M D M L |
/// | F-4 | disc 01-04, demo 01-09, won 01-19, demo 02-01 (reopened) | open | D M |
/// | F-5 | disc 01-05, won 01-15 (skips demo and proposal) | won | D W |
/// | F-6 | no history, stage proposal, created 01-06 | open | P |
/// | F-7 | disc 01-07, disc 01-08 (duplicate), demo 01-17 | open | D M |
/// | F-8 | created 2025-12-01: not in the cohort | won | |
/// | F-9 | no history, won (closedAt 02-20), created 02-01 | won | W |
const FUNNEL: &str = r#"{
  "settings": {"asOf": "2026-04-01"},
  "stages": [
    {"id": "discovery", "label": "Discovery", "order": 1, "kind": "open"},
    {"id": "demo", "label": "Demo", "order": 2, "kind": "open"},
    {"id": "proposal", "order": 3, "kind": "open"},
    {"id": "closed_won", "order": 4, "kind": "won"},
    {"id": "closed_lost", "order": 5, "kind": "lost"}
  ],
  "deals": [
    {"id": "F-1", "createdAt": "2026-01-01", "stage": "closed_won", "history": [
      {"at": "2026-01-01", "stage": "discovery"}, {"at": "2026-01-11", "stage": "demo"},
      {"at": "2026-01-21", "stage": "proposal"}, {"at": "2026-02-10", "stage": "closed_won"}]},
    {"id": "F-2", "createdAt": "2026-01-02", "stage": "closed_lost", "history": [
      {"at": "2026-01-02", "stage": "discovery"}, {"at": "2026-01-14", "stage": "proposal"},
      {"at": "2026-01-22", "stage": "closed_lost"}]},
    {"id": "F-3", "createdAt": "2026-01-03", "stage": "closed_lost", "history": [
      {"at": "2026-01-03", "stage": "discovery"}, {"at": "2026-01-08", "stage": "demo"},
      {"at": "2026-01-13", "stage": "discovery"}, {"at": "2026-01-23", "stage": "demo"},
      {"at": "2026-02-02", "stage": "closed_lost"}]},
    {"id": "F-4", "createdAt": "2026-01-04", "stage": "demo", "history": [
      {"at": "2026-01-04", "stage": "discovery"}, {"at": "2026-01-09", "stage": "demo"},
      {"at": "2026-01-19", "stage": "closed_won"}, {"at": "2026-02-01", "stage": "demo"}]},
    {"id": "F-5", "createdAt": "2026-01-05", "stage": "closed_won", "history": [
      {"at": "2026-01-05", "stage": "discovery"}, {"at": "2026-01-15", "stage": "closed_won"}]},
    {"id": "F-6", "createdAt": "2026-01-06", "stage": "proposal"},
    {"id": "F-7", "createdAt": "2026-01-07", "stage": "demo", "history": [
      {"at": "2026-01-07", "stage": "discovery"}, {"at": "2026-01-08", "stage": "discovery"},
      {"at": "2026-01-17", "stage": "demo"}]},
    {"id": "F-8", "createdAt": "2025-12-01", "stage": "closed_won", "history": [
      {"at": "2025-12-01", "stage": "discovery"}, {"at": "2025-12-20", "stage": "closed_won"}]},
    {"id": "F-9", "createdAt": "2026-02-01", "closedAt": "2026-02-20", "stage": "closed_won", "status": "won"}
  ]
}"#;

fn q(variant: &str) -> String {
    format!(r#"{{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "variants": {{"stage_conversion": "{variant}"}}}}"#)
}

fn stage<'r>(r: &'r Report, id: &str) -> &'r FunnelStage {
    r.funnel.iter().find(|s| s.stage == id).unwrap_or_else(|| panic!("no stage {id}"))
}

fn pair(s: &FunnelStage) -> (u64, u64) {
    (s.trials, s.advanced)
}

/// reached(k) = won or highest open stage >= k. Cohort F-1..F-7, F-9 (8 deals).
/// reached: S0 all 8; S1 all 8 (F-2 and F-6 showed proposal, F-5 and F-9 won); S2 F-1, F-2, F-5,
/// F-6, F-9 = 5; won F-1, F-5, F-9 = 3. Rates 8/8, 5/8, 3/5; headline won / reached S0 = 3/8.
#[test]
fn reached_variant_counts_later_stages_and_wins() {
    let r = report(FUNNEL, &q("reached"));
    let i = indicator(&r, "stage_conversion");
    assert!(i.definition.contains("variant reached"), "{}", i.definition);
    close(i.figure.value, 0.375);
    assert_eq!((i.figure.numerator, i.figure.denominator, i.figure.sample_size), (Some(3.0), Some(8.0), 8));
    assert!(i.figure.interval.is_some());
    assert_eq!(r.funnel.iter().map(|s| s.stage.as_str()).collect::<Vec<_>>(), ["discovery", "demo", "proposal"]);
    assert_eq!(r.funnel.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["Discovery", "Demo", "proposal"]);
    assert_eq!(r.funnel.iter().map(|s| s.reached).collect::<Vec<_>>(), [8, 8, 5]);
    assert_eq!(r.funnel.iter().map(pair).collect::<Vec<_>>(), [(8, 8), (8, 5), (5, 3)]);
    close(stage(&r, "demo").conversion, 0.625);
    close(stage(&r, "demo").rates.reached, 0.625);
    close(stage(&r, "proposal").conversion, 0.6);
    // Won among reached: F-1, F-5, F-9 reached every stage.
    assert_eq!(r.funnel.iter().map(|s| s.won).collect::<Vec<_>>(), [3, 3, 3]);
}

/// to_win: won among reached: S0 3/8, S1 3/8, S2 3/5. The reopened F-4 (won 01-19, then back in
/// demo) is open: its close does not count.
#[test]
fn to_win_variant_ignores_the_reopened_close() {
    let r = report(FUNNEL, &q("to_win"));
    let i = indicator(&r, "stage_conversion");
    assert!(i.definition.contains("variant to_win"));
    close(i.figure.value, 0.375);
    assert_eq!(r.funnel.iter().map(pair).collect::<Vec<_>>(), [(8, 3), (8, 3), (5, 3)]);
    close(stage(&r, "discovery").rates.to_win, 0.375);
    close(stage(&r, "proposal").rates.to_win, 0.6);
    // F-4 reached discovery and demo and is reopened.
    assert_eq!(r.funnel.iter().map(|s| s.reopened).collect::<Vec<_>>(), [1, 1, 0]);
    assert_eq!(i.figure.stats["reopened"], Some(1.0));
}

/// strict: first entries must run S0, S1, ... in order.
/// F-1 [D M P W]: S0..won. F-2 [D P L]: S0 only. F-3 [D M L] (the backward move re-enters known
/// stages): S0, S1. F-4 [D M]: S0, S1. F-5 [D W]: S0. F-6 [P]: none. F-7 [D M]: S0, S1. F-9 [W]: none.
/// strict(S0) = 6, strict(S1) = 4 (F-1, F-3, F-4, F-7), strict(S2) = 1, strict(won) = 1.
/// Rates 4/6, 1/4, 1/1; headline strict(won) / strict(S0) = 1/6.
#[test]
fn strict_variant_needs_every_stage_in_order() {
    let r = report(FUNNEL, &q("strict"));
    let i = indicator(&r, "stage_conversion");
    assert!(i.definition.contains("variant strict"));
    close(i.figure.value, 1.0 / 6.0);
    assert_eq!((i.figure.numerator, i.figure.denominator), (Some(1.0), Some(6.0)));
    assert_eq!(r.funnel.iter().map(pair).collect::<Vec<_>>(), [(6, 4), (4, 1), (1, 1)]);
    close(stage(&r, "discovery").rates.strict, 4.0 / 6.0);
    close(stage(&r, "demo").rates.strict, 0.25);
    close(stage(&r, "proposal").rates.strict, 1.0);
}

/// adjacent: moves F-1 0>1 1>2 2>W; F-2 0>2 2>L; F-3 0>1 1>0 0>1 1>L; F-4 0>1; F-5 0>W; F-7 0>1.
/// S0: visited by F-1..F-5, F-7; F-2 and F-5 skip forward out of S0 -> excluded; direct 0>1:
/// F-1, F-3, F-4, F-7 -> 4/4. S1: visited F-1, F-3, F-4, F-7; direct 1>2 F-1 -> 1/4.
/// S2: visited F-1, F-2, F-6; direct 2>won F-1 -> 1/3. Headline: every direct move F-1 / visited
/// S0 without skipping (F-1, F-3, F-4, F-7) = 1/4.
#[test]
fn adjacent_variant_counts_direct_moves_and_excludes_skips() {
    let r = report(FUNNEL, &q("adjacent"));
    let i = indicator(&r, "stage_conversion");
    assert!(i.definition.contains("variant adjacent"));
    close(i.figure.value, 0.25);
    assert_eq!(r.funnel.iter().map(pair).collect::<Vec<_>>(), [(4, 4), (4, 1), (3, 1)]);
    close(stage(&r, "discovery").rates.adjacent, 1.0);
    close(stage(&r, "proposal").rates.adjacent, 1.0 / 3.0);
    // The four variants side by side do not depend on the selected one.
    let reached = report(FUNNEL, &q("reached"));
    assert_eq!(stage(&r, "demo").rates, stage(&reached, "demo").rates);
}

/// Skips: demo skipped by F-2 (0>2) and F-5 (0>won), proposal by F-5. Backward: F-3 demo > disc.
/// Open now: F-4, F-7 in demo, F-6 in proposal.
#[test]
fn skipped_backward_and_open_counts() {
    let r = report(FUNNEL, &q("reached"));
    assert_eq!(r.funnel.iter().map(|s| s.skipped).collect::<Vec<_>>(), [0, 2, 1]);
    assert_eq!(r.funnel.iter().map(|s| s.backward_moves).collect::<Vec<_>>(), [0, 1, 0]);
    assert_eq!(r.funnel.iter().map(|s| s.open_in_stage).collect::<Vec<_>>(), [0, 2, 1]);
    let i = indicator(&r, "stage_conversion");
    assert_eq!((i.figure.stats["skippedStages"], i.figure.stats["backwardMoves"]), (Some(2.0), Some(1.0)));
}

/// Days in stage, completed visits summed per deal, current stays excluded:
/// discovery: F-1 10, F-2 12, F-3 5 + 10 = 15, F-4 5, F-5 10, F-7 10 (the duplicate 01-08 entry
/// does not restart the clock) -> mean 62 / 6, median 10.
/// demo: F-1 10, F-3 5 + 10 = 15, F-4 10 (ended by the close on 01-19; the reopened stay is
/// current); F-7 is still in demo -> mean 35 / 3, median 10.
/// proposal: F-1 20, F-2 8; F-6 has no history -> mean 14, median 14.
#[test]
fn days_in_stage() {
    let r = report(FUNNEL, &q("reached"));
    let d = stage(&r, "discovery");
    close(d.mean_days_in_stage, 62.0 / 6.0);
    close(d.median_days_in_stage, 10.0);
    assert_eq!(d.days_sample, 6);
    let m = stage(&r, "demo");
    close(m.mean_days_in_stage, 35.0 / 3.0);
    close(m.median_days_in_stage, 10.0);
    assert_eq!(m.days_sample, 3);
    let p = stage(&r, "proposal");
    close(p.mean_days_in_stage, 14.0);
    close(p.median_days_in_stage, 14.0);
}

#[test]
fn drill_lists_numerator_and_denominator_deals() {
    let d = dataset(FUNNEL);
    let request = DrillRequest { indicator: "stage_conversion".into(), ..DrillRequest::default() };
    let drill = d.drill(&query(&q("reached")), &request).unwrap();
    assert_eq!(drill.numerator_ids, ["F-1", "F-5", "F-9"]);
    assert_eq!(drill.denominator_ids, ["F-1", "F-2", "F-3", "F-4", "F-5", "F-6", "F-7", "F-9"]);
    let drill = d.drill(&query(&q("strict")), &request).unwrap();
    assert_eq!(drill.numerator_ids, ["F-1"]);
    assert_eq!(drill.denominator_ids, ["F-1", "F-2", "F-3", "F-4", "F-5", "F-7"]);
    let drill = d.drill(&query(&q("adjacent")), &request).unwrap();
    assert_eq!(drill.denominator_ids, ["F-1", "F-3", "F-4", "F-7"]);
    // The February bucket holds F-9 only: won without history, reached every stage.
    let feb = DrillRequest { bucket: Some("2026-02".into()), ..request };
    let drill = d.drill(&query(&q("reached")), &feb).unwrap();
    assert_eq!((drill.numerator_ids.clone(), drill.denominator_ids.clone()), (vec!["F-9".to_string()], vec!["F-9".to_string()]));
}

/// Stages a, b, c; X-1 open in a, X-2 a > lost. Nobody reached b or c and nobody won:
/// a: 0 / 2 = 0 (a real zero), b and c: 0 / 0 -> null, insufficient_data, no interval.
#[test]
fn zero_denominators_give_null() {
    let data = r#"{"stages": [{"id": "a", "order": 1}, {"id": "b", "order": 2}, {"id": "c", "order": 3},
      {"id": "won", "kind": "won"}, {"id": "lost", "kind": "lost"}],
      "deals": [{"id": "X-1", "createdAt": "2026-01-02", "stage": "a"},
                {"id": "X-2", "createdAt": "2026-01-03", "stage": "lost", "history": [
                  {"at": "2026-01-03", "stage": "a"}, {"at": "2026-01-09", "stage": "lost"}]}]}"#;
    let r = report(data, &q("reached"));
    let a = stage(&r, "a");
    assert_eq!((a.conversion, a.status), (Some(0.0), DataStatus::Ok));
    for id in ["b", "c"] {
        let s = stage(&r, id);
        assert_eq!((s.trials, s.conversion, s.status, s.interval), (0, None, DataStatus::InsufficientData, None));
        assert_eq!((s.rates.reached, s.rates.strict, s.rates.adjacent, s.rates.to_win), (None, None, None, None));
        assert_eq!((s.mean_days_in_stage, s.median_days_in_stage), (None, None));
    }
    close(indicator(&r, "stage_conversion").figure.value, 0.0);
    // An empty period: the headline is null, never 0.
    let empty = report(data, r#"{"from": "2025-01-01", "to": "2025-02-01"}"#);
    let i = indicator(&empty, "stage_conversion");
    assert_eq!((i.figure.value, i.figure.status), (None, DataStatus::InsufficientData));
    assert!(empty.funnel.iter().all(|s| s.reached == 0 && s.conversion.is_none()));
    // No stages and no deals at all: an empty funnel.
    let nothing = report(r#"{}"#, r#"{"from": "2026-01-01", "to": "2026-02-01"}"#);
    assert!(nothing.funnel.is_empty());
    assert_eq!(indicator(&nothing, "stage_conversion").figure.value, None);
}

/// Undeclared stages are ordered by a Copeland score over pairwise first entries:
/// U-1 qualify, demo, proposal; U-2 demo, proposal; U-3 qualify, proposal.
/// qualify precedes demo (1-0) and proposal (2-0): +2; demo follows qualify, precedes proposal (2-0): 0;
/// proposal: -2. Order: qualify, demo, proposal. Won and lost stage ids are not open stages.
#[test]
fn undeclared_stages_are_ordered_from_the_data() {
    let data = r#"{"deals": [
      {"id": "U-2", "createdAt": "2026-01-02", "stage": "proposal", "history": [
        {"at": "2026-01-02", "stage": "demo"}, {"at": "2026-01-05", "stage": "proposal"}]},
      {"id": "U-1", "createdAt": "2026-01-01", "stage": "closed_won", "history": [
        {"at": "2026-01-01", "stage": "qualify"}, {"at": "2026-01-03", "stage": "demo"},
        {"at": "2026-01-04", "stage": "proposal"}, {"at": "2026-01-06", "stage": "closed_won"}]},
      {"id": "U-3", "createdAt": "2026-01-03", "stage": "lost", "history": [
        {"at": "2026-01-03", "stage": "qualify"}, {"at": "2026-01-04", "stage": "proposal"},
        {"at": "2026-01-07", "stage": "lost"}]}]}"#;
    let r = report(data, &q("reached"));
    assert_eq!(r.funnel.iter().map(|s| s.stage.as_str()).collect::<Vec<_>>(), ["qualify", "demo", "proposal"]);
    assert_eq!(r.funnel[0].label, "qualify");
    // reached: qualify 3 (U-2 showed later stages), demo 3, proposal 3; won 1 -> 1/3.
    assert_eq!(r.funnel.iter().map(|s| s.reached).collect::<Vec<_>>(), [3, 3, 3]);
    close(indicator(&r, "stage_conversion").figure.value, 1.0 / 3.0);
}

/// Messy input must not panic: no createdAt, unknown stages, empty and stage-less history,
/// closed-only history, a lone current stage that is not declared.
#[test]
fn messy_input_does_not_panic() {
    let data = r#"{"stages": [{"id": "a"}, {"id": "b"}, {"id": "won", "kind": "won"}],
      "deals": [
        {"id": "M-1", "stage": "a"},
        {"id": "M-2", "createdAt": "2026-01-02", "stage": "mystery", "history": []},
        {"id": "M-3", "createdAt": "2026-01-03", "history": [{"at": "2026-01-04", "amount": 5}]},
        {"id": "M-4", "createdAt": "2026-01-04", "stage": "won", "history": [{"at": "2026-01-05", "stage": "won"}, {"at": "2026-01-05", "stage": "won"}]},
        {"id": "M-5", "createdAt": "2026-01-05", "stage": "b", "history": [{"at": "2026-01-06", "stage": "zzz"}, {"at": "2026-01-03", "stage": "b"}]}
      ]}"#;
    for variant in ["reached", "strict", "adjacent", "to_win"] {
        let r = report(data, &q(variant));
        assert_eq!(r.funnel.len(), 2);
        let _ = indicator(&r, "stage_conversion");
        let _ = indicator(&r, "deal_aging");
    }
}

/// Deals created straight into a late stage do not pull it forward: V-1 runs qualify > demo >
/// proposal; V-2..V-4 sit in proposal with no history. Precedence pairs (from V-1 only):
/// qualify before demo and proposal, demo before proposal -> qualify, demo, proposal. (A mean of
/// first-entry ranks would put proposal, mean 2/4, before demo, mean 1.)
#[test]
fn mid_funnel_deals_do_not_reorder_undeclared_stages() {
    let data = r#"{"deals": [
      {"id": "V-2", "createdAt": "2026-01-02", "stage": "proposal"},
      {"id": "V-3", "createdAt": "2026-01-02", "stage": "proposal"},
      {"id": "V-1", "createdAt": "2026-01-01", "stage": "proposal", "history": [
        {"at": "2026-01-01", "stage": "qualify"}, {"at": "2026-01-03", "stage": "demo"},
        {"at": "2026-01-04", "stage": "proposal"}]},
      {"id": "V-4", "createdAt": "2026-01-02", "stage": "proposal"}]}"#;
    let r = report(data, &q("reached"));
    assert_eq!(r.funnel.iter().map(|s| s.stage.as_str()).collect::<Vec<_>>(), ["qualify", "demo", "proposal"]);
}

/// Paths too long to pack into one integer (more than 16 steps, or more than 13 open stages) are
/// counted like the short ones.
///
/// Three stages (discovery D, demo M, proposal P). B-1 and B-2 bounce D, M nine times each, one day
/// a visit from 01-01 (D 01-01, M 01-02, D 01-03, ..., M 01-18), then lose on 01-19: 18 open
/// steps and the loss. B-3 goes D 01-01, M 01-02, lost 01-03. Cohort 3; reached D and M: 3, P: 0.
/// Backward moves out of demo: 8 per bouncing deal = 16. Days in discovery and demo: 9 for B-1 and
/// B-2 (nine one-day visits), 1 for B-3 -> mean 19 / 3, median 9.
#[test]
fn long_paths_count_like_short_ones() {
    let mut history = Vec::new();
    for day in 1..=18 {
        let stage = if day % 2 == 1 { "discovery" } else { "demo" };
        history.push(format!(r#"{{"at": "2026-01-{day:02}", "stage": "{stage}"}}"#));
    }
    history.push(r#"{"at": "2026-01-19", "stage": "closed_lost"}"#.to_string());
    let bounce = history.join(", ");
    let data = format!(
        r#"{{"settings": {{"asOf": "2026-04-01"}}, "stages": [{{"id": "discovery", "order": 1}}, {{"id": "demo", "order": 2}},
  {{"id": "proposal", "order": 3}}, {{"id": "closed_won", "kind": "won"}}, {{"id": "closed_lost", "kind": "lost"}}], "deals": [
  {{"id": "B-1", "createdAt": "2026-01-01", "stage": "closed_lost", "history": [{bounce}]}},
  {{"id": "B-3", "createdAt": "2026-01-01", "stage": "closed_lost", "history": [{{"at": "2026-01-01", "stage": "discovery"}},
    {{"at": "2026-01-02", "stage": "demo"}}, {{"at": "2026-01-03", "stage": "closed_lost"}}]}},
  {{"id": "B-2", "createdAt": "2026-01-01", "stage": "closed_lost", "history": [{bounce}]}}
]}}"#
    );
    let r = report(&data, &q("reached"));
    assert_eq!(r.funnel.iter().map(|s| s.reached).collect::<Vec<_>>(), [3, 3, 0]);
    assert_eq!(r.funnel.iter().map(|s| s.backward_moves).collect::<Vec<_>>(), [0, 16, 0]);
    for id in ["discovery", "demo"] {
        let s = stage(&r, id);
        close(s.mean_days_in_stage, 19.0 / 3.0);
        close(s.median_days_in_stage, 9.0);
    }
    let i = indicator(&r, "stage_conversion");
    assert_eq!((i.figure.stats["cohort"], i.figure.stats["backwardMoves"]), (Some(3.0), Some(16.0)));
}

/// Fourteen open stages S0 .. S13 (more than a packed path holds). P-1 and P-2 walk all of them,
/// one a day from 01-01, and win on 01-15; P-3 goes S0, S1, then loses. Reached: S0 and S1 3, S2
/// .. S13 2; the `reached` conversion is 3/3 at S0, 2/3 at S1, 2/2 after; headline won / reached
/// S0 = 2/3. Each stage of P-1 and P-2 lasts one day; P-3's S0 and S1 too.
#[test]
fn many_stages_count_like_few() {
    let stages: Vec<String> = (0..14).map(|k| format!(r#"{{"id": "s{k}", "order": {}}}"#, k + 1)).collect();
    let walk: Vec<String> = (0..14).map(|k| format!(r#"{{"at": "2026-01-{:02}", "stage": "s{k}"}}"#, k + 1)).collect();
    let walk = walk.join(", ");
    let data = format!(
        r#"{{"settings": {{"asOf": "2026-04-01"}}, "stages": [{}, {{"id": "closed_won", "kind": "won"}}, {{"id": "closed_lost", "kind": "lost"}}], "deals": [
  {{"id": "P-1", "createdAt": "2026-01-01", "stage": "closed_won", "history": [{walk}, {{"at": "2026-01-15", "stage": "closed_won"}}]}},
  {{"id": "P-2", "createdAt": "2026-01-01", "stage": "closed_won", "history": [{walk}, {{"at": "2026-01-15", "stage": "closed_won"}}]}},
  {{"id": "P-3", "createdAt": "2026-01-01", "stage": "closed_lost", "history": [{{"at": "2026-01-01", "stage": "s0"}},
    {{"at": "2026-01-02", "stage": "s1"}}, {{"at": "2026-01-03", "stage": "closed_lost"}}]}}
]}}"#,
        stages.join(", ")
    );
    let r = report(&data, &q("reached"));
    let reached: Vec<u64> = r.funnel.iter().map(|s| s.reached).collect();
    assert_eq!(reached, [[3, 3].as_slice(), &[2; 12]].concat());
    assert_eq!(r.funnel.iter().take(3).map(pair).collect::<Vec<_>>(), [(3, 3), (3, 2), (2, 2)]);
    assert_eq!(r.funnel.iter().map(|s| s.days_sample).collect::<Vec<_>>(), [[3, 3].as_slice(), &[2; 12]].concat());
    assert!(r.funnel.iter().all(|s| s.median_days_in_stage == Some(1.0)));
    let i = indicator(&r, "stage_conversion");
    assert_eq!((i.figure.numerator, i.figure.denominator), (Some(2.0), Some(3.0)));
}
