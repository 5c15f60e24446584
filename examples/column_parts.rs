//! Times the per-store pieces the deal indicators build on first use, each on a fresh clone of the
//! loaded dataset (empty memo), in thread CPU ms: `cargo run --release --example column_parts FILE [RUNS]`.
use spi_wasm::indicators::{self, columns::DealColumns, groups, Collection, Ctx};
use spi_wasm::query::GroupKey;
mod common;
use common::{cpu_ms, median, Clock};

fn main() {
    let (loaded, runs) = common::loaded("column_parts", 5);
    let defs = indicators::all();
    let def = |id: &str| indicators::find(&defs, id).expect("known indicator");
    let mut times: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut time = |label: &'static str, f: &mut dyn FnMut()| {
        let t = cpu_ms(Clock::Thread);
        f();
        let ms = cpu_ms(Clock::Thread) - t;
        match times.iter_mut().find(|(l, _)| *l == label) {
            Some((_, v)) => v.push(ms),
            None => times.push((label, vec![ms])),
        }
    };
    for _ in 0..runs {
        let dataset = loaded.clone();
        let store = dataset.store();
        let query = spi_wasm::Query::from_json(b"{}").expect("query").resolve(store, &["win_rate"]).expect("resolved");
        let ctx = Ctx { store, query: &query };
        time("groups numbered (owner)", &mut || drop(groups::numbered(store, Collection::Deals, GroupKey::Owner)));
        time("groups numbered (segment)", &mut || drop(groups::numbered(store, Collection::Deals, GroupKey::Segment)));
        time("DealColumns::of", &mut || drop(DealColumns::of(store)));
        time("population DealClosed", &mut || drop(indicators::sorted_population(&ctx, def("win_rate"))));
        time("population DealWon", &mut || drop(indicators::sorted_population(&ctx, def("average_deal_size"))));
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    for (label, t) in times {
        let list = t.iter().map(|t| format!("{t:.1}")).collect::<Vec<_>>().join(" ");
        println!("{label}: median {:.1} ms ({list})", median(t.clone()));
    }
}
