//! Times the deal indicators' share of a report natively, apart from the funnel and forecast
//! every report builds: `cargo run --release --example cold_deals FILE [RUNS]`.
//!
//! Each run clones the loaded dataset (a clone's memo is empty), builds one report of
//! `stage_conversion` alone (warms the funnel's path table, which every report builds), then
//! times the five deal indicators of the core set: cold (their columns, populations and ranks
//! built), warm (the same query again), a new grouping (segment) and a new period (one quarter).
//! Prints the median of each over RUNS (default 5) in thread CPU ms (steadier than wall time on
//! a shared machine), with the load average.
mod common;
use common::{cpu_ms, median, Clock};

const DEALS: &str = r#""indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created"]"#;

fn main() {
    let (loaded, runs) = common::loaded("cold_deals", 5);
    let query = |json: &str| spi_wasm::Query::from_json(json.as_bytes()).expect("query");
    let warm_up = query(r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["stage_conversion"]}"#);
    let cases = [
        ("deals cold", format!(r#"{{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,{DEALS}}}"#)),
        ("deals warm", format!(r#"{{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,{DEALS}}}"#)),
        ("deals new grouping (segment)", format!(r#"{{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["segment"],"compare":null,{DEALS}}}"#)),
        ("deals new period (one quarter)", format!(r#"{{"from":"2026-05-01","to":"2026-08-01","cadence":"month","groupBy":["owner"],"compare":null,{DEALS}}}"#)),
        ("funnel + forecast only (stage_conversion, warm)", r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["stage_conversion"]}"#.to_string()),
    ];
    let mut times = vec![Vec::new(); cases.len()];
    for _ in 0..runs {
        let dataset = loaded.clone();
        dataset.report(&warm_up).expect("report");
        for (i, (_, json)) in cases.iter().enumerate() {
            let q = query(json);
            let t = cpu_ms(Clock::Thread);
            let report = dataset.report(&q).expect("report");
            times[i].push(cpu_ms(Clock::Thread) - t);
            drop(report);
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    for ((label, _), t) in cases.iter().zip(times) {
        let list = t.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
        println!("{label}: median {:.1} ms ({list})", median(t.clone()));
    }
}
