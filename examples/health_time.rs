//! Times the data health checks (`health::checks::run`, which every load ends with) over a loaded
//! dataset: `cargo run --release --example health_time FILE [RUNS]`.
//!
//! Prints the median of RUNS (default 9) runs in thread CPU time and wall time, and a digest of the
//! checks' JSON, so that two builds can be compared for both speed and output.
use std::time::Instant;

mod common;
use common::{cpu_ms, median, Clock};

fn main() {
    let (dataset, runs) = common::loaded("health_time", 9);
    let store = dataset.store();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let mut checks = Vec::new();
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_ms(Clock::Thread));
        checks = std::hint::black_box(spi_wasm::health::checks::run(store));
        cpu.push(cpu_ms(Clock::Thread) - c);
        wall.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let json = serde_json::to_string(&checks).expect("checks as JSON");
    // FNV-1a of the JSON: equal digests say two builds wrote the same checks.
    let digest = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    let list = cpu.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
    println!("health checks: cpu median {:.1} ms, wall {:.1} ms ({list}); {} checks, {} B of JSON, digest {digest:016x}", median(cpu), median(wall), checks.len(), json.len());
}
