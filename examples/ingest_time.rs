//! Times ingestion and one default report of a dataset file:
//! `cargo run --release --example ingest_time FILE [RUNS]`.
//!
//! Each run also times the parse floor (serde_json into `IgnoredAny` over the same bytes), so
//! ingestion can be read as a ratio to the cost of merely parsing, in wall time and in the
//! thread's CPU time (steadier on a shared machine). With RUNS > 1 the medians are printed last.
use serde::de::IgnoredAny;
use std::time::{Duration, Instant};

mod common;
use common::{cpu_ms, Clock};

fn main() {
    let path = std::env::args().nth(1).expect("usage: ingest_time FILE [RUNS]");
    let runs: usize = std::env::args().nth(2).map_or(1, |r| r.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let (mut floors, mut ingests, mut firsts) = (Vec::new(), Vec::new(), Vec::new());
    let (mut floor_cpus, mut ingest_cpus) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_ms(Clock::Thread));
        let _: IgnoredAny = serde_json::from_slice(&bytes).expect("valid JSON");
        let (floor, floor_cpu) = (t.elapsed(), cpu_ms(Clock::Thread) - c);
        let (t, c) = (Instant::now(), cpu_ms(Clock::Thread));
        let dataset = spi_wasm::Dataset::from_json(&bytes).expect("valid dataset");
        let (ingest, ingest_cpu) = (t.elapsed(), cpu_ms(Clock::Thread) - c);
        let t = Instant::now();
        let report = dataset.report(&spi_wasm::Query::default()).expect("report");
        let first = t.elapsed();
        let t = Instant::now();
        let _ = dataset.report(&spi_wasm::Query::default()).expect("report");
        let again = t.elapsed();
        println!(
            "{} MB: floor {floor:?}, ingest {ingest:?} ({:.2}x floor; cpu {floor_cpu:.0} / {ingest_cpu:.0} ms, {:.2}x), first report {first:?}, re-query {again:?}, {} indicators",
            bytes.len() / 1_000_000,
            ingest.as_secs_f64() / floor.as_secs_f64(),
            ingest_cpu / floor_cpu,
            report.indicators.len()
        );
        floor_cpus.push(floor_cpu);
        ingest_cpus.push(ingest_cpu);
        floors.push(floor);
        ingests.push(ingest);
        firsts.push(first);
    }
    if runs > 1 {
        let (floor, ingest, first) = (median(&mut floors), median(&mut ingests), median(&mut firsts));
        let ratio = ingest.as_secs_f64() / floor.as_secs_f64();
        let (floor_cpu, ingest_cpu) = (common::median(floor_cpus), common::median(ingest_cpus));
        println!("median of {runs}: floor {floor:?}, ingest {ingest:?} ({ratio:.2}x floor), first report {first:?}; cpu floor {floor_cpu:.0} ms, ingest {ingest_cpu:.0} ms ({:.2}x)", ingest_cpu / floor_cpu);
    }
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}
