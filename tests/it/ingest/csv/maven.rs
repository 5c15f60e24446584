//! The Maven Analytics CRM sample (a real export nobody here wrote) through the `maven` preset,
//! checked against published counts and against an independent reading of the same file.

/// The same behaviour checked by tests written independently, as a cross-check (were `tests/csv2_maven.rs`).
mod cross_check;
use crate::common;

use common::{close, indicator, query};
use spi_wasm::Dataset;
use std::collections::BTreeMap;

fn sample() -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/maven_crm_sales_pipeline.csv");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            println!("skipped: {} is absent", path.display());
            None
        }
    }
}

/// A period covering every close in the sample (closes run from 2017-03 to 2017-12).
const ALL: &str = r#"{"from": "2016-01-01", "to": "2018-01-01", "groupBy": ["owner"],
  "indicators": ["win_rate", "average_deal_size", "pipeline_created"]}"#;

#[test]
fn the_preset_is_detected_and_matches_the_published_counts() {
    let Some(bytes) = sample() else { return };
    let dataset = Dataset::from_csv(&bytes, None).unwrap();
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.detected, source.records), (Some("maven"), true, 8800));
    assert_eq!(source.columns["createdAt"], "engage_date");
    assert_eq!(dataset.summary().deals, 8800);
    let report = dataset.report(&query(ALL)).unwrap();
    let win = indicator(&report, "win_rate");
    // Published: 4,238 won and 2,473 lost, win rate 63.15%.
    assert_eq!((win.figure.numerator, win.figure.denominator), (Some(4238.0), Some(6711.0)));
    close(win.figure.value, 4238.0 / 6711.0);
    assert!((win.figure.value.unwrap() - 0.6315).abs() < 5e-5);
    // 500 prospecting deals have no engage_date: pipeline created counts the 8,300 others.
    assert_eq!(indicator(&report, "pipeline_created").figure.sample_size, 8300);
    assert!(report.warnings.iter().all(|w| w.code != "unmapped_stage"), "{:?}", report.warnings);
}

#[test]
fn per_agent_won_counts_and_average_won_amount_match_a_plain_reading() {
    let Some(bytes) = sample() else { return };
    // Independent route: the csv crate over the raw rows, grouped by sales_agent.
    let mut expected: BTreeMap<String, (u64, f64)> = BTreeMap::new();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (agent, stage, value) = (col("sales_agent"), col("deal_stage"), col("close_value"));
    for row in reader.records() {
        let row = row.unwrap();
        if &row[stage] == "Won" {
            let entry = expected.entry(row[agent].to_string()).or_default();
            entry.0 += 1;
            entry.1 += row[value].parse::<f64>().unwrap();
        }
    }
    assert_eq!(expected.len(), 30);
    assert_eq!(expected.values().map(|e| e.0).sum::<u64>(), 4238);

    let report = Dataset::from_csv(&bytes, Some("maven")).unwrap().report(&query(ALL)).unwrap();
    let groups = &report.groups["owner"];
    for (name, (won, total)) in &expected {
        let row = groups.iter().find(|g| g.group == *name).unwrap_or_else(|| panic!("no group {name}"));
        let figure = |id: &str| &row.indicators.iter().find(|i| i.id == id).unwrap().figure;
        assert_eq!(figure("win_rate").numerator, Some(*won as f64), "{name}");
        assert_eq!(figure("average_deal_size").sample_size, *won, "{name}");
        let average = figure("average_deal_size").value.unwrap();
        assert!((average - total / *won as f64).abs() < 1e-6, "{name}: {average} vs {}", total / *won as f64);
    }
}
