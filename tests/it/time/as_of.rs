//! As-of reconstruction on a hand-worked history (tests/fixtures/beyond_history.json).

use crate::common;
use common::{close, dataset, indicator, query};
use spi_wasm::store::{Status, NO_TIME};
use spi_wasm::time::parse_time;

const DATA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/beyond_history.json"));

fn at(text: &str) -> i64 {
    parse_time(text).unwrap().resolve(0)
}

#[test]
fn deals_are_rebuilt_field_by_field() {
    let ds = dataset(DATA);
    let store = ds.store();
    let view = store.as_of(at("2026-02-20"));
    let deal = |id: &str| {
        let sym = view.strings.lookup(id).unwrap();
        view.deals.iter().find(|d| d.id == sym).cloned()
    };
    // D-1 on 02-20: open in discovery, pushed out to 05-15 on 02-10 (not yet pulled back).
    let d1 = deal("D-1").unwrap();
    assert_eq!((d1.status, d1.closed, d1.expected_close), (Status::Open, NO_TIME, at("2026-05-15")));
    assert_eq!(view.strings.resolve(d1.stage), "discovery");
    // D-2: amount already raised from 2000 to 5000 on 02-01, not yet lost.
    let d2 = deal("D-2").unwrap();
    assert_eq!((d2.status, d2.amount), (Status::Open, 5000.0));
    // D-3: owned by a until 03-01.
    assert_eq!(view.strings.resolve(deal("D-3").unwrap().owner), "a");
    // D-5 (created 04-10) did not exist; D-7 (closedAt 03-15, no history) was open.
    assert!(deal("D-5").is_none());
    assert_eq!(deal("D-7").unwrap().status, Status::Open);
    // L-2 (created 04-01) dropped, A-2 (05-01) dropped.
    assert_eq!((view.leads.len(), view.activities.len()), (1, 1));
    // Earlier: D-2 before 02-01 still had 2000.
    let jan = store.as_of(at("2026-01-20"));
    let d2 = jan.deals.iter().find(|d| jan.strings.resolve(d.id) == "D-2").unwrap();
    assert_eq!(d2.amount, 2000.0);
}

#[test]
fn closes_come_back_at_their_instant() {
    let ds = dataset(DATA);
    let view = ds.store().as_of(at("2026-03-21"));
    let status = |id: &str| view.deals.iter().find(|d| view.strings.resolve(d.id) == id).map(|d| (d.status, d.closed)).unwrap();
    assert_eq!(status("D-1"), (Status::Won, at("2026-03-20")));
    assert_eq!(status("D-2"), (Status::Lost, at("2026-03-05")));
    assert_eq!(status("D-7"), (Status::Won, at("2026-03-15")));
    // D-7's EUR 1000 at the rate in force at its close (1.20).
    let d7 = view.deals.iter().find(|d| view.strings.resolve(d.id) == "D-7").unwrap();
    assert!((d7.amount - 1200.0).abs() < 1e-9);
}

#[test]
fn query_as_of_changes_what_the_report_sees() {
    let ds = dataset(DATA);
    // Q1 as of 03-10: only D-2 (lost 03-05) was closed -> win rate 0 / 1.
    let then = ds.report(&query(r#"{"from": "2026-01-01", "to": "2026-04-01", "asOf": "2026-03-10", "indicators": ["win_rate"]}"#)).unwrap();
    let w = indicator(&then, "win_rate");
    assert_eq!((w.figure.numerator, w.figure.denominator), (Some(0.0), Some(1.0)));
    // Today: D-1, D-6, D-7 won, D-2 lost -> 3 / 4.
    let now = ds.report(&query(r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["win_rate"]}"#)).unwrap();
    close(indicator(&now, "win_rate").figure.value, 0.75);
    assert_eq!(then.as_of, "2026-03-10T00:00:00Z");
}

#[test]
fn as_of_the_dataset_as_of_is_the_plain_store() {
    let ds = dataset(DATA);
    let store = ds.store();
    let view = store.as_of(store.settings.as_of);
    let plain = spi_wasm::Dataset::from_store(view);
    let q = query(r#"{"from": "2026-01-01", "to": "2026-07-01"}"#);
    assert_eq!(plain.report(&q).unwrap(), ds.report(&q).unwrap());
    let explicit = query(r#"{"from": "2026-01-01", "to": "2026-07-01", "asOf": "2026-07-01"}"#);
    assert_eq!(ds.report(&explicit).unwrap(), ds.report(&q).unwrap());
}
