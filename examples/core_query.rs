//! Times ingestion and the benchmark's core-set query (benches/core.mjs `QUERY`) natively:
//! `cargo run --release --example core_query FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: core_query FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let query = spi_wasm::Query::from_json(
        br#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,
        "indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion"]}"#,
    )
    .expect("query");
    let t = std::time::Instant::now();
    let dataset = spi_wasm::Dataset::from_json(&bytes).expect("valid dataset");
    let ingest = t.elapsed();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = std::time::Instant::now();
        dataset.report(&query).expect("report");
        times.push(t.elapsed());
    }
    println!("{} MB: ingest {ingest:?}, core-set reports {times:?}", bytes.len() / 1_000_000);
}
