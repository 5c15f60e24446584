//! Times the first all-indicator report after the core set's (the bench's "all indicators"
//! phase) natively: `cargo run --release --example cold_all FILE [RUNS]`. Each run clones the
//! loaded dataset (empty memo), reports the core set, then times the all-indicator report.
mod common;
use common::{cpu_ms, median, Clock};

const CORE: &str = r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion"]}"#;
const ALL: &str = r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"]}"#;

fn main() {
    let (loaded, runs) = common::loaded("cold_all", 5);
    let core = spi_wasm::Query::from_json(CORE.as_bytes()).expect("query");
    let all = spi_wasm::Query::from_json(ALL.as_bytes()).expect("query");
    let mut cpu = Vec::new();
    for _ in 0..runs {
        let dataset = loaded.clone();
        drop(dataset.report(&core).expect("report"));
        let c = cpu_ms(Clock::Thread);
        drop(dataset.report(&all).expect("report"));
        cpu.push(cpu_ms(Clock::Thread) - c);
    }
    let list = cpu.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
    println!("all indicators after the core set: median {:.1} ms cpu ({list})", median(cpu));
}
