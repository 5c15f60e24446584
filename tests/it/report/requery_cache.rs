//! Re-queries on a loaded dataset reuse what the indicators derived from the store on earlier
//! queries (sorted populations, deal paths, ranked values, group numbers): every report must be
//! exactly the report of a freshly loaded dataset, whatever ran before it, including queries
//! computed on a view (an earlier or later `asOf`, other fx or owner variants) that must not
//! read the loaded store's facts.

use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::{Dataset, Query};

fn bytes(deals: usize) -> Vec<u8> {
    let mut out = Vec::new();
    generate(&GenerateOptions { deals, seed: 3, ..GenerateOptions::default() }, &mut out).unwrap();
    out
}

const QUERIES: [&str; 12] = [
    r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,
        "indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion"]}"#,
    r#"{"from":"2026-05-01","to":"2026-08-01","cadence":"week","groupBy":["owner"]}"#,
    r#"{"from":"2025-11-01","to":"2026-11-23","cadence":"month","groupBy":["segment","enriched"]}"#,
    r#"{"asOf":"2026-06-15","from":"2026-01-01","to":"2026-06-15","cadence":"month","groupBy":["owner"]}"#,
    r#"{"asOf":"2027-03-01","from":"2026-06-01","to":"2027-03-01","cadence":"month","groupBy":["segment"]}"#,
    r#"{"from":"2026-01-01","to":"2026-07-01","groupBy":["owner"],"variants":{"fx":"latest","owner":"at_event"}}"#,
    r#"{"from":"2026-01-01","to":"2026-07-01","groupBy":["region"],"variants":{"fx":"at_creation","stage_conversion":"strict","pipeline_coverage":"mature"}}"#,
    r#"{"from":"2025-06-01","to":"2026-06-01","cadence":"quarter","groupBy":["attributes.industry"],"variants":{"stage_conversion":"adjacent"}}"#,
    r#"{"from":"2025-06-01","to":"2026-06-01","cadence":"day","variants":{"stage_conversion":"to_win"},"targets":{"win_rate":{"min":0.9}}}"#,
    r#"{"from":"2026-11-01","to":"2026-11-23","cadence":"week","groupBy":["team","product"]}"#,
    r#"{}"#,
    r#"{"asOf":"2026-06-15","groupBy":["owner"],"variants":{"fx":"latest"}}"#,
];

fn report(dataset: &Dataset, json: &str) -> String {
    let query = Query::from_json(json.as_bytes()).unwrap();
    serde_json::to_string(&dataset.report(&query).unwrap()).unwrap()
}

#[test]
fn reports_on_a_loaded_dataset_equal_fresh_ones() {
    let input = bytes(500);
    let fresh: Vec<String> = QUERIES.iter().map(|q| report(&Dataset::from_json(&input).unwrap(), q)).collect();
    // One dataset for every query, in order, then in reverse order, then each query twice: what
    // an earlier query left behind never changes a later report.
    let loaded = Dataset::from_json(&input).unwrap();
    for (q, expected) in QUERIES.iter().zip(&fresh) {
        assert_eq!(&report(&loaded, q), expected, "in order: {q}");
    }
    let reversed = Dataset::from_json(&input).unwrap();
    for (q, expected) in QUERIES.iter().zip(&fresh).rev() {
        assert_eq!(&report(&reversed, q), expected, "in reverse: {q}");
        assert_eq!(&report(&reversed, q), expected, "again: {q}");
    }
    // The reports differ from one another, so equality above is not vacuous.
    let distinct: std::collections::HashSet<&String> = fresh.iter().collect();
    assert_eq!(distinct.len(), QUERIES.len());
}

#[test]
fn a_clone_of_a_loaded_dataset_reports_the_same() {
    // Cloning keeps the store and drops what was derived from it; reports do not change.
    let input = bytes(300);
    let loaded = Dataset::from_json(&input).unwrap();
    let first: Vec<String> = QUERIES.iter().map(|q| report(&loaded, q)).collect();
    let copy = loaded.clone();
    for (q, expected) in QUERIES.iter().zip(&first) {
        assert_eq!(&report(&copy, q), expected, "{q}");
    }
}

#[test]
fn the_funnel_and_forecast_follow_their_inputs() {
    // `report.funnel` and `report.forecast` read facts kept per store (the path table, the open
    // pipeline) and the last query's funnel and forecast: each change of one of their inputs
    // alone (period, variant, bucket size, asOf), and a return to earlier inputs, gives the
    // fresh report.
    let input = bytes(400);
    let queries = [
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","indicators":["win_rate"]}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","indicators":["win_rate"],"groupBy":["owner"]}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"quarter","indicators":["win_rate"]}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","indicators":["win_rate"],"variants":{"stage_conversion":"strict"}}"#,
        r#"{"from":"2026-02-01","to":"2026-07-01","cadence":"month","indicators":["win_rate"]}"#,
        r#"{"from":"2026-02-01","to":"2026-06-01","cadence":"month","indicators":["win_rate"]}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","indicators":["win_rate"]}"#,
        r#"{"asOf":"2027-01-01","from":"2026-01-01","to":"2026-07-01","cadence":"month","indicators":["win_rate"]}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","indicators":["win_rate","sales_cycle_days"],"groupBy":["segment"]}"#,
    ];
    let parts = |json: &str, dataset: &Dataset| {
        let r = dataset.report(&Query::from_json(json.as_bytes()).unwrap()).unwrap();
        (serde_json::to_string(&r.funnel).unwrap(), serde_json::to_string(&r.forecast).unwrap())
    };
    let loaded = Dataset::from_json(&input).unwrap();
    for q in queries {
        assert_eq!(parts(q, &loaded), parts(q, &Dataset::from_json(&input).unwrap()), "{q}");
    }
    // Each input changes what it should, so the equalities above are not vacuous.
    let fresh: Vec<(String, String)> = queries.iter().map(|q| parts(q, &Dataset::from_json(&input).unwrap())).collect();
    assert_ne!(fresh[0].1, fresh[2].1, "bucket size");
    assert_ne!(fresh[0].0, fresh[3].0, "variant");
    assert_ne!(fresh[0], fresh[4], "from");
    assert_ne!(fresh[4], fresh[5], "to");
    assert_ne!(fresh[0].0, fresh[7].0, "a later asOf (the open pipeline's ages)");
    // A new grouping or other indicators alone read the same funnel and forecast.
    assert_eq!((&fresh[0], &fresh[1]), (&fresh[8], &fresh[8]));
}
