//! Times the per-report fixed costs, the funnel (`report.funnel`, with its path table) and the
//! forecast (`report.forecast`), cold (a fresh copy of the loaded dataset: empty memo) and warm:
//! `cargo run --release --example funnel_time FILE [RUNS]`.
//!
//! Also times both for a new period on the warm store (the path table built, the last funnel
//! and forecast kept for the first period). Prints the median of RUNS (default 7) runs of each, and the thread CPU time beside.
use std::time::Instant;

mod common;
use common::{cpu_ms, median, Clock};

const QUERY: &str = r#"{"from":"2024-11-01","to":"2026-11-23","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["stage_conversion"]}"#;

/// [`QUERY`] over another period: the funnel and forecast of a re-query with a new period.
const QUARTER: &str = r#"{"from":"2026-05-01","to":"2026-08-01","cadence":"month","groupBy":["owner"],"compare":null,"indicators":["stage_conversion"]}"#;

fn main() {
    let (dataset, runs) = common::loaded("funnel_time", 7);
    let query = spi_wasm::Query::from_json(QUERY.as_bytes()).expect("query");
    let known: Vec<&'static str> = spi_wasm::indicators::all().iter().map(|d| d.id).collect();
    let mut rows: Vec<(&str, Vec<f64>, Vec<f64>)> = ["funnel cold", "funnel warm", "forecast", "stage_conversion report cold", "stage_conversion report warm", "path table cold", "stage pipeline cold (path table warm)", "funnel, new period (warm store)", "forecast, new period (warm store)"]
        .into_iter()
        .map(|l| (l, Vec::new(), Vec::new()))
        .collect();
    let mut time = |row: usize, f: &mut dyn FnMut()| {
        let (t, c) = (Instant::now(), cpu_ms(Clock::Thread));
        f();
        rows[row].1.push(t.elapsed().as_secs_f64() * 1e3);
        rows[row].2.push(cpu_ms(Clock::Thread) - c);
    };
    for _ in 0..runs {
        let fresh = dataset.clone();
        let store = fresh.store();
        let resolved = query.resolve(store, &known).expect("resolved");
        let ctx = spi_wasm::indicators::Ctx { store, query: &resolved };
        time(0, &mut || drop(std::hint::black_box(spi_wasm::indicators::funnel::funnel(&ctx))));
        time(1, &mut || drop(std::hint::black_box(spi_wasm::indicators::funnel::funnel(&ctx))));
        time(2, &mut || drop(std::hint::black_box(spi_wasm::indicators::forecast_plan::forecast(&ctx))));
        let quarter = spi_wasm::Query::from_json(QUARTER.as_bytes()).expect("query").resolve(store, &known).expect("resolved");
        let ctx = spi_wasm::indicators::Ctx { store, query: &quarter };
        time(7, &mut || drop(std::hint::black_box(spi_wasm::indicators::funnel::funnel(&ctx))));
        time(8, &mut || drop(std::hint::black_box(spi_wasm::indicators::forecast_plan::forecast(&ctx))));
        let fresh = dataset.clone();
        let store = fresh.store();
        let ctx = spi_wasm::indicators::Ctx { store, query: &resolved };
        let mut table = None;
        time(5, &mut || table = Some(spi_wasm::indicators::path_table::PathTable::of(store)));
        let table = table.expect("built");
        time(6, &mut || drop(std::hint::black_box(spi_wasm::indicators::stage_pipeline::by_stage(&ctx, &table))));
        let fresh = dataset.clone();
        time(3, &mut || drop(std::hint::black_box(fresh.report(&query).expect("report"))));
        time(4, &mut || drop(std::hint::black_box(fresh.report(&query).expect("report"))));
    }
    for (label, wall, cpu) in rows {
        let list = wall.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
        println!("{label}: median {:.1} ms, cpu {:.1} ms ({list})", median(wall.clone()), median(cpu));
    }
}
