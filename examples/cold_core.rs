//! Times the cold first report of the core set natively, many times over one load, so a profiler
//! sees mostly the cold report: `cargo run --release --example cold_core FILE [RUNS]`.
//!
//! Each run clones the loaded dataset (a clone's memo is empty: the report is the first after
//! load) and times the core set's report (benches' `requery` cold case). Prints the median wall
//! and thread CPU ms over RUNS (default 5), with the load average.
mod common;
use common::{cpu_ms, median, Clock};
use std::time::Instant;

const CORE: &str = r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion"]}"#;

fn main() {
    let (loaded, runs) = common::loaded("cold_core", 5);
    let query = spi_wasm::Query::from_json(CORE.as_bytes()).expect("query");
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let dataset = loaded.clone();
        let (t, c) = (Instant::now(), cpu_ms(Clock::Thread));
        let report = dataset.report(&query).expect("report");
        wall.push(t.elapsed().as_secs_f64() * 1e3);
        cpu.push(cpu_ms(Clock::Thread) - c);
        drop(report);
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    let list = wall.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
    println!("core set cold: median {:.1} ms wall, {:.1} ms cpu ({list})", median(wall.clone()), median(cpu.clone()));
}
