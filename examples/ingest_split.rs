//! Splits ingestion into its phases, medians of N runs, for choosing what to speed up:
//! `cargo run --release --example ingest_split FILE [RUNS]` prints the parse floor (serde_json into
//! `IgnoredAny`), the reader feeding the builder (`JsonStream::read_all`), the builder's `finish`
//! (store resolution) and the dataset's assembly (health checks).
use serde::de::IgnoredAny;
use spi_wasm::ingest::stream::JsonStream;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: ingest_split FILE [RUNS]");
    let runs: usize = std::env::args().nth(2).map_or(3, |r| r.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let mut phases: [Vec<Duration>; 4] = Default::default();
    for _ in 0..runs {
        let t = Instant::now();
        let _: IgnoredAny = serde_json::from_slice(&bytes).expect("valid JSON");
        phases[0].push(t.elapsed());
        let t = Instant::now();
        let builder = JsonStream::new().read_all(&bytes).expect("valid dataset");
        phases[1].push(t.elapsed());
        let t = Instant::now();
        let store = builder.finish().expect("valid dataset");
        phases[2].push(t.elapsed());
        let t = Instant::now();
        let dataset = spi_wasm::Dataset::from_store(store);
        phases[3].push(t.elapsed());
        drop(dataset);
    }
    let [floor, read, finish, assemble] = phases.map(median);
    let total = read + finish + assemble;
    println!(
        "{} MB, median of {runs}: floor {floor:?}, read {read:?}, finish {finish:?}, assemble {assemble:?}, total {total:?} ({:.2}x floor)",
        bytes.len() / 1_000_000,
        total.as_secs_f64() / floor.as_secs_f64()
    );
}
