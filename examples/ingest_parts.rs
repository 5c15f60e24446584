//! Reading a document in one pass against reading it in parts on threads
//! (`ingest::stream::parts`): `cargo run --release --example ingest_parts FILE [THREADS] [ROUNDS]`
//! alternates the two (one pass, then THREADS parts, ROUNDS times) and prints, per way, the median
//! wall time, MB/s, MB/s per thread, and the process CPU time (all threads), so that a run on a
//! shared machine still shows what the split costs in CPU and what it gains in wall time.
use spi_wasm::ingest::stream::parts::{read_json_split, Split};
use spi_wasm::store::StoreBuilder;
use std::time::Instant;

mod common;
use common::{cpu_ms, median, Clock};

fn main() {
    let path = std::env::args().nth(1).expect("usage: ingest_parts FILE [THREADS] [ROUNDS]");
    let threads: usize = std::env::args().nth(2).map_or(2, |p| p.parse().expect("THREADS is a number"));
    let rounds: usize = std::env::args().nth(3).map_or(3, |p| p.parse().expect("ROUNDS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let mb = bytes.len() as f64 / 1e6;
    let ways = [1, threads];
    let mut wall = [Vec::new(), Vec::new()];
    let mut cpu = [Vec::new(), Vec::new()];
    let mut deals = [0, 0];
    for _ in 0..rounds {
        for (k, &parts) in ways.iter().enumerate() {
            let (t, c) = (Instant::now(), cpu_ms(Clock::Process));
            let mut builder = StoreBuilder::new();
            read_json_split(&bytes, &mut builder, Split { parts, min_bytes: 0 }).expect("valid dataset");
            wall[k].push(t.elapsed().as_secs_f64() * 1e3);
            cpu[k].push(cpu_ms(Clock::Process) - c);
            deals[k] = builder.finish().expect("valid dataset").deals.len();
        }
    }
    assert_eq!(deals[0], deals[1], "the same deals either way");
    let [w1, wn] = wall.map(median);
    let [c1, cn] = cpu.map(median);
    println!("{path}: {mb:.0} MB, medians of {rounds} alternated rounds");
    println!("  1 thread : {w1:.0} ms wall, {:.0} MB/s, cpu {c1:.0} ms", mb / w1 * 1e3);
    println!("  {threads} threads: {wn:.0} ms wall, {:.0} MB/s ({:.0} MB/s per thread), cpu {cn:.0} ms; speedup {:.2}x, cpu {:.2}x",
        mb / wn * 1e3, mb / wn * 1e3 / threads as f64, w1 / wn, cn / c1);
}
