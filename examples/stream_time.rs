//! Times reading a canonical JSON file natively, in one slice (`Dataset::from_json`) and through
//! the streaming reader in 8 MB chunks (as the page's worker feeds it), median of N runs:
//! `cargo run --release --example stream_time FILE [RUNS]`.
use spi_wasm::ingest::stream::JsonStream;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: stream_time FILE [RUNS]");
    let runs: usize = std::env::args().nth(2).map_or(5, |r| r.parse().expect("RUNS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let (mut whole, mut chunked) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let dataset = spi_wasm::Dataset::from_json(&bytes).expect("valid dataset");
        whole.push(t.elapsed());
        drop(dataset);
        let t = Instant::now();
        let mut stream = JsonStream::new();
        for chunk in bytes.chunks(8 << 20) {
            stream.push(chunk).expect("valid dataset");
        }
        let store = stream.finish().expect("valid dataset");
        chunked.push(t.elapsed());
        drop(store);
    }
    println!("{} MB, median of {runs}: from_json {:?}, 8 MB chunks {:?}", bytes.len() / 1_000_000, median(whole), median(chunked));
}
