//! Times ingestion and one default report of a dataset file:
//! `cargo run --release --example ingest_time FILE [RUNS]`.
//!
//! Each run also times the parse floor (serde_json into `IgnoredAny` over the same bytes), so
//! ingestion can be read as a ratio to the cost of merely parsing. With RUNS > 1 the medians are
//! printed last.
use serde::de::IgnoredAny;
use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args().nth(1).expect("usage: ingest_time FILE [RUNS]");
    let runs: usize = std::env::args().nth(2).map_or(1, |r| r.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let (mut floors, mut ingests, mut firsts) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let _: IgnoredAny = serde_json::from_slice(&bytes).expect("valid JSON");
        let floor = t.elapsed();
        let t = Instant::now();
        let dataset = spi_wasm::Dataset::from_json(&bytes).expect("valid dataset");
        let ingest = t.elapsed();
        let t = Instant::now();
        let report = dataset.report(&spi_wasm::Query::default()).expect("report");
        let first = t.elapsed();
        let t = Instant::now();
        let _ = dataset.report(&spi_wasm::Query::default()).expect("report");
        let again = t.elapsed();
        println!(
            "{} MB: floor {floor:?}, ingest {ingest:?} ({:.2}x floor), first report {first:?}, re-query {again:?}, {} indicators",
            bytes.len() / 1_000_000,
            ingest.as_secs_f64() / floor.as_secs_f64(),
            report.indicators.len()
        );
        floors.push(floor);
        ingests.push(ingest);
        firsts.push(first);
    }
    if runs > 1 {
        let (floor, ingest, first) = (median(&mut floors), median(&mut ingests), median(&mut firsts));
        let ratio = ingest.as_secs_f64() / floor.as_secs_f64();
        println!("median of {runs}: floor {floor:?}, ingest {ingest:?} ({ratio:.2}x floor), first report {first:?}");
    }
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}
