//! Where a re-query's time goes, natively: each indicator's figures (all its scopes), the funnel,
//! the forecast, the whole report and its JSON, as CPU medians over RUNS re-queries after one
//! warm-up: `cargo run --release --example report_parts FILE [RUNS] QUERY_JSON`.
use spi_wasm::indicators::{self, scopes, Ctx, Timing};
use spi_wasm::query::GroupKey;

mod common;
use common::{cpu_ms, median, Clock};

fn main() {
    let (dataset, runs) = common::loaded("report_parts", 7);
    let json = std::env::args().nth(3).expect("usage: report_parts FILE RUNS QUERY_JSON");
    let query = spi_wasm::Query::from_json(json.as_bytes()).expect("query");
    let store = dataset.store();
    let defs = indicators::all();
    let known: Vec<&'static str> = defs.iter().map(|d| d.id).collect();
    let resolved = query.resolve(store, &known).expect("resolves");
    let ctx = Ctx { store, query: &resolved };
    let keys: Vec<GroupKey> = resolved.group_by.iter().map(|g| g.1).collect();
    let mut parts: Vec<(String, Vec<f64>)> = Vec::new();
    let mut time = |label: &str, f: &mut dyn FnMut()| {
        let c = cpu_ms(Clock::Thread);
        f();
        let spent = cpu_ms(Clock::Thread) - c;
        match parts.iter_mut().find(|p| p.0 == label) {
            Some(p) => p.1.push(spent),
            None => parts.push((label.to_string(), vec![spent])),
        }
    };
    dataset.report(&query).expect("warm-up report");
    for _ in 0..runs {
        for id in &resolved.indicators {
            let Some(def) = defs.iter().find(|d| d.id == *id) else { continue };
            let periodic = def.timing == Timing::Period;
            let request = scopes::Request { period: (resolved.from, resolved.to), cadence: periodic.then_some(resolved.cadence), keys: &keys, stats: true };
            time(id, &mut || drop(scopes::figures(&ctx, def, &request)));
            let light = scopes::Request { stats: false, ..request };
            time(&format!("{id} (no stats)"), &mut || drop(scopes::figures(&ctx, def, &light)));
            time("lost reasons", &mut || drop(indicators::lost::breakdown(&ctx, def.id)));
            time("definitions", &mut || drop((def.definition)(&ctx)));
        }
        time("funnel", &mut || drop(indicators::funnel::funnel(&ctx)));
        time("forecast", &mut || drop(indicators::forecast_plan::forecast(&ctx)));
        let mut report = None;
        time("whole report", &mut || report = Some(dataset.report(&query).expect("report")));
        time("report JSON", &mut || drop(serde_json::to_vec(&report).expect("json")));
    }
    for (label, v) in parts {
        let n = v.len() / runs.max(1);
        println!("{label}: {:.2} ms (cpu median of {} x{n})", median(v) * n as f64, runs);
    }
}
