//! Statistical shape of the generated data (mix of currencies, directions, stage moves) and a property
//! of the engine on it: grouped figures of additive indicators sum to the ungrouped figure.

use serde_json::Value;
use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::indicators::figure::Figure;
use spi_wasm::{Dataset, Query};
use std::collections::HashSet;

fn bytes(deals: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    generate(&GenerateOptions { deals, seed, ..GenerateOptions::default() }, &mut out).expect("generate");
    out
}

fn arr<'v>(v: &'v Value, key: &str) -> &'v Vec<Value> {
    v[key].as_array().unwrap_or_else(|| panic!("{key} is an array"))
}

fn share(xs: &[Value], f: impl Fn(&Value) -> bool) -> f64 {
    xs.iter().filter(|x| f(x)).count() as f64 / xs.len() as f64
}

#[test]
fn mix_matches_the_brief() {
    let n = 4000;
    let v: Value = serde_json::from_slice(&bytes(n, 11)).unwrap();
    let deals = arr(&v, "deals");
    let acts = arr(&v, "activities");
    let per = acts.len() as f64 / n as f64;
    assert!((4.0..=6.0).contains(&per), "activities per deal {per}");
    let outbound = share(acts, |a| a["direction"] == "outbound");
    assert!((0.80..=0.90).contains(&outbound), "outbound {outbound}");
    let automated = share(acts, |a| a["automated"] == true);
    assert!((0.10..=0.20).contains(&automated), "automated {automated}");
    let eur = share(deals, |d| d["currency"] == "EUR");
    let gbp = share(deals, |d| d["currency"] == "GBP");
    assert!((0.07..=0.13).contains(&eur), "EUR {eur}");
    assert!((0.03..=0.07).contains(&gbp), "GBP {gbp}");
    let owners: HashSet<&str> = deals.iter().map(|d| d["owner"].as_str().unwrap()).collect();
    assert_eq!(owners.len(), 25);
    for key in ["team", "segment", "persona", "source", "region", "product"] {
        let values: HashSet<&str> = deals.iter().filter_map(|d| d[key].as_str()).collect();
        assert!(values.len() >= 3, "{key}: {values:?}");
    }
    let contacts = arr(&v, "contacts");
    let matched = share(contacts, |c| c["enrichment"]["matched"] == true);
    assert!((0.65..=0.75).contains(&matched), "enrichment matched {matched}");
    let malformed = |e: &str| !e.contains('@') || e.contains(' ') || !e.rsplit('@').next().unwrap().contains('.');
    assert!(contacts.iter().any(|c| c["email"].as_str().is_some_and(malformed)), "some malformed e-mails");
}

#[test]
fn stage_moves_skip_go_back_and_reopen() {
    let v: Value = serde_json::from_slice(&bytes(4000, 5)).unwrap();
    const ORDER: [&str; 7] = ["prospecting", "discovery", "demo", "proposal", "negotiation", "closed_won", "closed_lost"];
    let (mut moves, mut skips, mut backs, mut reopened, mut owner_changes, mut amount_changes) = (0, 0, 0, 0, 0, 0);
    let deals = arr(&v, "deals");
    for d in deals {
        let h = arr(d, "history");
        owner_changes += h[1..].iter().any(|e| e.get("owner").is_some()) as usize;
        amount_changes += h[1..].iter().any(|e| e.get("amount").is_some()) as usize;
        let stages = h.iter().filter_map(|e| e["stage"].as_str()).map(|s| ORDER.iter().position(|x| *x == s).unwrap());
        let (mut prev, mut was_reopened) = (None, false);
        for s in stages {
            if let Some(p) = prev {
                moves += 1;
                if p >= 5 && s < 5 {
                    was_reopened = true;
                } else if s < p {
                    backs += 1;
                } else if s != 6 && s >= p + 2 {
                    skips += 1;
                }
            }
            prev = Some(s);
        }
        reopened += was_reopened as usize;
    }
    let (m, n) = (moves as f64, deals.len() as f64);
    assert!((0.06..=0.14).contains(&(skips as f64 / m)), "skips {}", skips as f64 / m);
    assert!((0.01..=0.05).contains(&(backs as f64 / m)), "backward moves {}", backs as f64 / m);
    assert!((0.01..=0.035).contains(&(reopened as f64 / n)), "reopened {}", reopened as f64 / n);
    assert!(owner_changes > 0 && amount_changes > 0);
}

/// Indicators whose figures are not sums over records, so their group figures need not add up.
const NOT_ADDITIVE: [&str; 6] =
    ["quota_attainment", "pipeline_coverage", "forecast_accuracy", "deal_aging", "pipeline_velocity", "stage_conversion"];
/// Indicators whose denominator counts (or sums) records: both parts must add up over groups.
const RECORD_BASED: [&str; 5] = ["win_rate", "win_rate_by_value", "average_deal_size", "sales_cycle_days", "pipeline_created"];

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn grouped_figures_sum_to_the_total() {
    for seed in 1..=4 {
        let ds = Dataset::from_json(&bytes(2000, seed)).expect("loads");
        // The last complete fiscal year before asOf 2026-11-23 (fiscal years start in February).
        for key in ["owner", "segment"] {
            let q = format!(r#"{{"from": "2025-02-01", "to": "2026-02-01", "groupBy": ["{key}"]}}"#);
            let report = ds.report(&Query::from_json(q.as_bytes()).unwrap()).unwrap();
            let rows = report.groups.get(key).unwrap_or_else(|| panic!("no groups for {key}"));
            assert!(rows.len() >= 3, "seed {seed}: few {key} groups");
            for id in RECORD_BASED {
                assert!(report.indicators.iter().any(|i| i.id == id), "{id} missing from the report");
            }
            let mut checked = 0;
            for ind in report.indicators.iter().filter(|i| !NOT_ADDITIVE.contains(&i.id)) {
                let figures: Vec<&Figure> =
                    rows.iter().filter_map(|r| r.indicators.iter().find(|g| g.id == ind.id)).map(|g| &g.figure).collect();
                let sum = |f: fn(&Figure) -> Option<f64>| figures.iter().map(|g| f(g).unwrap_or(0.0)).sum::<f64>();
                if let Some(n) = ind.figure.numerator {
                    let s = sum(|f| f.numerator);
                    assert!(close_to(n, s), "seed {seed} by {key}: {} numerator {n} vs group sum {s}", ind.id);
                    checked += 1;
                }
                if RECORD_BASED.contains(&ind.id) {
                    let d = ind.figure.denominator.unwrap_or_else(|| panic!("{} has a denominator", ind.id));
                    let s = sum(|f| f.denominator);
                    assert!(close_to(d, s), "seed {seed} by {key}: {} denominator {d} vs group sum {s}", ind.id);
                    assert!(d > 0.0, "seed {seed}: {} has data in the fiscal year", ind.id);
                }
            }
            assert!(checked >= RECORD_BASED.len(), "seed {seed}: only {checked} numerators checked");
        }
    }
}
