//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod random;

use spi_wasm::report::IndicatorReport;
use spi_wasm::{Dataset, Query, Report};

/// Loads a dataset from JSON text, panicking with the error on failure.
pub fn dataset(json: &str) -> Dataset {
    Dataset::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("dataset: {e}"))
}

/// Parses a query from JSON text.
pub fn query(json: &str) -> Query {
    Query::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("query: {e}"))
}

/// Runs a report.
pub fn report(data: &str, q: &str) -> Report {
    dataset(data).report(&query(q)).unwrap_or_else(|e| panic!("report: {e}"))
}

/// One indicator of a report.
pub fn indicator<'r>(report: &'r Report, id: &str) -> &'r IndicatorReport {
    report.indicators.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no indicator {id}"))
}

/// Asserts two floats agree to 1e-9.
pub fn close(actual: Option<f64>, expected: f64) {
    let a = actual.unwrap_or_else(|| panic!("expected {expected}, got null"));
    assert!((a - expected).abs() < 1e-9, "expected {expected}, got {a}");
}

/// Reads (name, bytes, mapping JSON or preset name) inputs into one dataset.
pub fn build(inputs: &[(&str, &[u8], Option<&str>)]) -> Result<Dataset, spi_wasm::InputError> {
    let mut sources = Dataset::builder();
    for (name, bytes, mapping) in inputs {
        let mapping = mapping.map(spi_wasm::ingest::mapping::Mapping::parse).transpose()?;
        sources.add(Some(name), bytes, mapping.as_ref())?;
    }
    sources.finish()
}
