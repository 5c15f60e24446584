//! Times ingestion and one default report of a dataset file: `cargo run --release --example ingest_time FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: ingest_time FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let t = std::time::Instant::now();
    let dataset = spi_wasm::Dataset::from_json(&bytes).expect("valid dataset");
    let ingest = t.elapsed();
    let t = std::time::Instant::now();
    let report = dataset.report(&spi_wasm::Query::default()).expect("report");
    let first = t.elapsed();
    let t = std::time::Instant::now();
    let _ = dataset.report(&spi_wasm::Query::default()).expect("report");
    let again = t.elapsed();
    println!("{} MB: ingest {ingest:?}, first report {first:?}, re-query {again:?}, {} indicators", bytes.len() / 1_000_000, report.indicators.len());
}
