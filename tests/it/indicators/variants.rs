//! Kaplan-Meier sales cycle, owner at event and fx variants on the hand-worked history
//! (tests/fixtures/beyond_history.json).

use crate::common;
use common::{close, dataset, indicator, query, report};
use spi_wasm::DrillRequest;

const DATA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/beyond_history.json"));

#[test]
fn kaplan_meier_counts_open_and_lost_deals_as_censored() {
    // Created in Q1: D-7 won after 54 d, D-2 lost after 54 d (censored), D-6 won after 66 d,
    // D-1 won after 74 d, D-3 open 136 d at asOf 07-01 (censored).
    // t=54: S = 4/5 = 0.8, then 3 at risk; t=66: S = 0.8 x 2/3 = 0.533; t=74: S = 0.267.
    // p25 (S <= 0.75) = 66 (0.8 at 54 is not yet), median (S <= 0.5) = 74, p75 (S <= 0.25): never reached.
    let r = report(DATA, r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["sales_cycle_days"]}"#);
    let f = &indicator(&r, "sales_cycle_days").figure;
    assert_eq!((f.stats["kmP25"], f.stats["kmMedian"], f.stats["kmP75"]), (Some(66.0), Some(74.0), None));
    // The closed-deal figures stay: won in Q1 D-1 74, D-6 66, D-7 54 -> mean 64.67, median 66.
    close(f.value, 194.0 / 3.0);
    close(f.stats["median"], 66.0);
}

fn win_rate_by_owner(variant: &str) -> Vec<(String, f64, f64)> {
    let q = format!(r#"{{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["win_rate"], "groupBy": ["owner"], "variants": {{"owner": "{variant}"}}}}"#);
    let r = report(DATA, &q);
    r.groups["owner"].iter().map(|g| (g.group.clone(), g.indicators[0].figure.numerator.unwrap(), g.indicators[0].figure.denominator.unwrap())).collect()
}

#[test]
fn a_win_is_credited_to_the_owner_at_the_close() {
    // D-6: owned by a, then b from 02-20, won 03-10, handed to c on 04-15.
    assert_eq!(win_rate_by_owner("current"), [("a".into(), 2.0, 3.0), ("c".into(), 1.0, 1.0)]);
    assert_eq!(win_rate_by_owner("at_event"), [("a".into(), 2.0, 3.0), ("b".into(), 1.0, 1.0)]);
}

#[test]
fn fx_variants_pick_the_rate_at_close_creation_or_latest() {
    // D-7: EUR 1000, created 01-20 (1.10), won 03-15 (1.20); latest rate 1.30 (from 06-01).
    let ds = dataset(DATA);
    for (variant, expected) in [("at_close", 1200.0), ("at_creation", 1100.0), ("latest", 1300.0)] {
        let q = format!(r#"{{"from": "2026-01-15", "to": "2026-01-25", "indicators": ["pipeline_created"], "variants": {{"fx": "{variant}"}}}}"#);
        let r = ds.report(&query(&q)).unwrap();
        close(indicator(&r, "pipeline_created").figure.value, expected);
        let drill = ds.drill(&query(&q), &DrillRequest { indicator: "pipeline_created".into(), ..DrillRequest::default() }).unwrap();
        let a = &drill.amounts[0];
        assert_eq!((a.id.as_str(), a.amount, a.currency.as_str()), ("D-7", Some(1000.0), "EUR"));
        close(a.amount_base, expected);
        assert_eq!(r.query.variants.fx, serde_json::from_str(&format!("\"{variant}\"")).unwrap());
    }
}
