//! Times the cold report and the benchmark's re-queries (benches/contender.mjs `requery`) natively,
//! and can dump reports for before/after comparisons:
//! `cargo run --release --example requery FILE [RUNS] [--dump DIR] [--only LABEL]`.
//!
//! Prints one line per case with the median of RUNS (default 7) runs. With `--dump DIR`, writes
//! the JSON of every case and of a set of variant queries (as-of, fx, owner, stage-conversion
//! variants, comparisons, targets) to `DIR/NN.json`, so two builds can be diffed byte for byte.
use std::time::Instant;

mod common;
use common::{cpu_ms, median, Clock};

const CORE: &str = r#""indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion"]"#;

fn cases() -> Vec<(String, String)> {
    let core = |rest: &str| format!("{{{rest},{CORE}}}");
    vec![
        ("core set (cold)".into(), core(r#""from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null"#)),
        ("core set, new period (one quarter)".into(), core(r#""from":"2026-05-01","to":"2026-08-01","cadence":"month","groupBy":["owner"],"compare":null"#)),
        ("core set, new grouping (segment)".into(), core(r#""from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["segment"],"compare":null"#)),
        ("all indicators, new period (one quarter)".into(), r#"{"from":"2026-05-01","to":"2026-08-01","cadence":"week","groupBy":["owner"]}"#.into()),
        ("all indicators, new grouping (segment)".into(), r#"{"from":"2025-11-01","to":"2026-11-23","cadence":"month","groupBy":["segment"]}"#.into()),
    ]
}

/// Queries whose reports must not change, beyond the timed cases: every path that can bypass or
/// invalidate a cache (earlier as-of, later as-of, fx and owner variants, other variants).
fn variants() -> Vec<String> {
    [
        r#"{}"#,
        r#"{"groupBy":["owner","team","segment","persona","source","region","product","enriched","attributes.industry"],"cadence":"week"}"#,
        r#"{"from":"2025-02-01","to":"2026-02-01","cadence":"quarter","groupBy":["team"],"targets":{"win_rate":{"min":0.9},"sales_cycle_days":{"max":10}}}"#,
        r#"{"asOf":"2026-06-15","from":"2026-01-01","to":"2026-06-15","cadence":"month","groupBy":["owner"]}"#,
        r#"{"asOf":"2027-03-01","from":"2026-06-01","to":"2027-03-01","cadence":"month","groupBy":["segment"]}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","groupBy":["owner"],"variants":{"fx":"latest","owner":"at_event"}}"#,
        r#"{"from":"2026-01-01","to":"2026-07-01","cadence":"month","groupBy":["region"],"variants":{"fx":"at_creation","stage_conversion":"strict","pipeline_coverage":"mature"}}"#,
        r#"{"from":"2025-06-01","to":"2026-06-01","cadence":"year","groupBy":["product"],"variants":{"stage_conversion":"adjacent","pipeline_coverage":"total_quota"}}"#,
        r#"{"from":"2025-06-01","to":"2026-06-01","cadence":"day","variants":{"stage_conversion":"to_win"}}"#,
        r#"{"from":"2026-11-01","to":"2026-11-23","cadence":"week","groupBy":["owner"]}"#,
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: requery FILE [RUNS] [--dump DIR] [--only LABEL]");
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(7);
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let dump = flag("--dump");
    let only = flag("--only");
    let bytes = std::fs::read(path).expect("readable file");
    let t = Instant::now();
    let dataset = spi_wasm::Dataset::from_json(&bytes).expect("valid dataset");
    println!("{} MB: ingest {:.0} ms", bytes.len() / 1_000_000, t.elapsed().as_secs_f64() * 1e3);
    let query = |json: &str| spi_wasm::Query::from_json(json.as_bytes()).expect("query");
    let mut reports = Vec::new();
    for (i, (label, json)) in cases().into_iter().enumerate() {
        if only.as_ref().is_some_and(|o| !label.contains(o.as_str())) {
            continue;
        }
        let q = query(&json);
        let n = if i == 0 { 1 } else { runs };
        let (mut times, mut cpu) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let (t, c) = (Instant::now(), cpu_ms(Clock::Thread));
            let report = dataset.report(&q).expect("report");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            cpu.push(cpu_ms(Clock::Thread) - c);
            if times.len() == 1 {
                reports.push(report);
            }
        }
        let list = |v: &[f64]| v.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
        println!("{label}: median {:.1} ms of {n}, cpu {:.1} ms ({})", median(times.clone()), median(cpu.clone()), list(&times));
    }
    if let Some(dir) = dump {
        std::fs::create_dir_all(&dir).expect("dump dir");
        for json in variants() {
            reports.push(dataset.report(&query(&json)).expect("report"));
        }
        for (i, r) in reports.iter().enumerate() {
            std::fs::write(format!("{dir}/{i:02}.json"), serde_json::to_vec_pretty(r).expect("json")).expect("write");
        }
        println!("wrote {} reports to {dir}", reports.len());
    }
}
