//! The phases of a document read in parts (`ingest::stream::parts`), each timed alone on one
//! thread in thread CPU time, so that a shared machine still gives the critical path of a 2-part
//! load: `cargo run --release --example parts_profile FILE [ROUNDS]`.
//!
//! One pass: read, finish, health (Dataset::from_store), core report. Two parts (starts from
//! `balanced_starts`): the pre-pass to part 1's start (`Resync`), part 0's read, part 1's read, the
//! merge (`StoreBuilder::append`), then the same finish, health and report. Run one after the
//! other on this thread, then the model: on 2 cores the parts' reads overlap (part 1 waits for the
//! pre-pass), everything after them is serial:
//! `critical = max(part0, prepass + part1) + merge + finish + health + report`. The merge runs
//! on two threads itself: "merge" is this thread's CPU (a lower bound of its critical path),
//! "merge, all threads" the process's over it (its whole work, an upper bound).
use spi_wasm::ingest::stream::parts::{balanced_starts, read_part};
use spi_wasm::ingest::stream::split::Resync;
use spi_wasm::store::StoreBuilder;

mod common;
use common::{cpu_ms, median, Clock};

const CORE: &str = r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["win_rate","win_rate_by_value","average_deal_size","sales_cycle_days","pipeline_created","stage_conversion"]}"#;

/// Runs `f`, adding its thread CPU ms to `into`.
fn timed<T>(into: &mut Vec<f64>, f: impl FnOnce() -> T) -> T {
    let c = cpu_ms(Clock::Thread);
    let out = f();
    into.push(cpu_ms(Clock::Thread) - c);
    out
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: parts_profile FILE [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).map_or(3, |r| r.parse().expect("ROUNDS is a number"));
    let bytes = std::fs::read(&path).expect("readable file");
    let query = spi_wasm::Query::from_json(CORE.as_bytes()).expect("query");
    let names = ["read (one pass)", "pre-pass", "part 0 read", "part 1 read", "merge", "finish", "health", "report", "merge, all threads"];
    let mut t: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut reports = Vec::new();
    for _ in 0..rounds {
        let one = timed(&mut t[0], || spi_wasm::ingest::stream::JsonStream::new().read_all(&bytes).expect("valid dataset"));
        let fresh = StoreBuilder::new();
        let starts = balanced_starts(bytes.len(), 2);
        let boundary = timed(&mut t[1], || Resync::default().boundary_at(&bytes, starts[1]).expect("a second part"));
        let p0 = timed(&mut t[2], || read_part(&bytes, &fresh, None, Some(boundary.offset)).0.expect("part 0"));
        let p1 = timed(&mut t[3], || read_part(&bytes, &fresh, Some(&boundary), None).0.expect("part 1"));
        let all = cpu_ms(Clock::Process);
        let merged = timed(&mut t[4], || {
            let mut merged = p0;
            merged.append(p1).expect("merges");
            merged
        });
        t[8].push(cpu_ms(Clock::Process) - all);
        drop(one); // the one-pass builder is only read for its time; the rest runs on the merge
        let store = timed(&mut t[5], || merged.finish().expect("valid dataset"));
        let dataset = timed(&mut t[6], || spi_wasm::Dataset::from_store(store));
        let report = timed(&mut t[7], || dataset.report(&query).expect("report"));
        reports.push(serde_json::to_string(&report).expect("json"));
    }
    let m: Vec<f64> = t.into_iter().map(median).collect();
    let mb = bytes.len() as f64 / 1e6;
    println!("{path}: {mb:.0} MB, thread CPU ms, medians of {rounds}");
    for (name, ms) in names.iter().zip(&m) {
        println!("  {name:<16} {ms:>7.0}");
    }
    let tail = m[5] + m[6] + m[7];
    let one = m[0] + tail;
    let parts = m[2].max(m[1] + m[3]);
    let two = parts + m[4] + tail;
    println!("  load only : one pass {:.0} ms; 2 parts critical path {:.0} ms ({:.2}x); extra CPU of the split {:.0} ms",
        m[0], parts + m[4], m[0] / (parts + m[4]), m[1] + m[2] + m[3] + m[4] - m[0]);
    println!("  to report : one pass {one:.0} ms; 2 parts critical path {two:.0} ms ({:.2}x); {:.0} MB/s one core, {:.0} MB/s per core on 2",
        one / two, mb / one * 1e3, mb / two * 1e3 / 2.0);
}
