//! The Maven Analytics CRM sample (8,800 real-looking opportunities nobody here wrote) through
//! the `maven` preset, checked against published totals and an independent per-agent count.
//! (Written independently of tests/it/ingest/csv/maven.rs, as a cross-check of the same behaviour.)

use crate::common;
use common::{close, indicator, query};
use spi_wasm::Dataset;
use std::collections::BTreeMap;

fn sample() -> Option<Vec<u8>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/maven_crm_sales_pipeline.csv");
    match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            println!("note: {path} is absent; the Maven sample test is skipped");
            None
        }
    }
}

/// Covers every engage and close date of the sample (2016-10 .. 2017-12).
const ALL: &str = r#"{"from": "2016-01-01", "to": "2018-01-01", "cadence": "quarter", "groupBy": ["owner"]}"#;

/// Won count and won amount per agent, by plain iteration over the CSV lines (no quotes in the file).
fn by_agent(bytes: &[u8]) -> BTreeMap<String, (u64, f64)> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut out: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        if cells[4] == "Won" {
            let entry = out.entry(cells[1].to_string()).or_default();
            entry.0 += 1;
            entry.1 += cells[7].parse::<f64>().unwrap();
        }
    }
    out
}

#[test]
fn maven_sample_through_the_detected_preset() {
    let Some(bytes) = sample() else { return };
    let dataset = Dataset::from_csv(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
    let summary = dataset.summary();
    assert_eq!(summary.deals, 8800);
    let source = &summary.sources[0];
    assert_eq!((source.preset.as_deref(), source.detected), (Some("maven"), true));
    assert_eq!((source.separator.as_deref(), source.records), (Some(","), 8800));
    assert_eq!(summary.stages.len(), 4, "Prospecting, Engaging (open, in that order), Won, Lost");
    // The 500 Prospecting deals have no engage_date (counted with Python's csv module).
    let codes: Vec<_> = summary.warnings.iter().map(|w| (w.code, w.count)).collect();
    assert_eq!(codes, [("partial_coverage", 500)], "{:?}", summary.warnings);

    let report = dataset.report(&query(ALL)).unwrap();
    let win = indicator(&report, "win_rate");
    assert_eq!((win.figure.numerator, win.figure.denominator), (Some(4238.0), Some(4238.0 + 2473.0)));
    assert!((win.figure.value.unwrap() - 0.6315).abs() < 5e-5, "{:?}", win.figure.value);

    let expected = by_agent(&bytes);
    assert_eq!(expected.len(), 30, "the sample has 30 agents with won deals");
    let groups = &report.groups["owner"];
    for (agent, (won, amount)) in &expected {
        let row = groups.iter().find(|g| &g.group == agent).unwrap_or_else(|| panic!("no group {agent}"));
        let fig = |id: &str| &row.indicators.iter().find(|i| i.id == id).unwrap().figure;
        assert_eq!(fig("win_rate").numerator, Some(*won as f64), "{agent} won count");
        close(fig("average_deal_size").value, amount / *won as f64);
    }
    let total: f64 = expected.values().map(|v| v.1).sum();
    close(indicator(&report, "average_deal_size").figure.value, total / 4238.0);
}

#[test]
fn maven_sample_by_preset_name_matches_detection() {
    let Some(bytes) = sample() else { return };
    let named = Dataset::from_csv(&bytes, Some("maven")).unwrap();
    assert!(!named.summary().sources[0].detected);
    let detected = Dataset::from_csv(&bytes, None).unwrap();
    let q = query(ALL);
    assert_eq!(named.report(&q).unwrap().indicators, detected.report(&q).unwrap().indicators);
}
