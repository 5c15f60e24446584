//! Properties over seeded datasets: the flow identity to the cent, and as-of consistency.

use crate::common;
use crate::common::random;

use common::{dataset, indicator, query};
use spi_wasm::indicators::flow::{flow, TERMS};
use spi_wasm::store::{FxBasis, Status, NO_TIME};
use spi_wasm::Dataset;

const SEEDS: [u64; 6] = [1, 2, 3, 7, 42, 2026];
const DAY: i64 = 86_400_000;

/// Quarter starts from 2025-07-01 on (UTC calendar quarters).
fn quarters() -> Vec<(i64, i64)> {
    let starts = [
        "2025-07-01",
        "2025-10-01",
        "2026-01-01",
        "2026-04-01",
        "2026-07-01",
    ];
    let at = |s: &str| spi_wasm::time::parse_time(s).unwrap().resolve(0);
    starts.windows(2).map(|w| (at(w[0]), at(w[1]))).collect()
}

#[test]
fn flow_identity_holds_to_the_cent() {
    for seed in SEEDS {
        let ds = dataset(&random::dataset(seed, 150));
        let store = ds.store();
        let all: Vec<u32> = (0..store.deals.len() as u32).collect();
        for (from, to) in quarters() {
            let f = flow(store, FxBasis::AtClose, &all, from, to, to);
            assert_eq!(f.implied_end(), f.cents[8], "seed {seed} quarter {from}");
            // start and end agree with the as-of views, counted independently.
            for (t, term) in [(from, 0), (to, 8)] {
                let view = store.as_of(t);
                let open: f64 = view
                    .deals
                    .iter()
                    .filter(|d| {
                        d.status == Status::Open
                            && d.expected_close != NO_TIME
                            && d.expected_close >= from
                            && d.expected_close < to
                    })
                    .map(|d| d.amount)
                    .sum();
                let cents = f.cents[term] as f64 / 100.0;
                assert!(
                    (open - cents).abs() <= 0.01 * view.deals.len() as f64,
                    "seed {seed}: {open} vs {cents}"
                );
            }
        }
        // And through the report, for a quarter with every term busy.
        let r = ds
            .report(&query(
                r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["pipeline_flow"]}"#,
            ))
            .unwrap();
        let s = &indicator(&r, "pipeline_flow").figure.stats;
        let v: Vec<f64> = TERMS.iter().map(|t| s[t].unwrap()).collect();
        let implied = v[0] + v[1] + v[2] + v[3] - v[4] - v[5] - v[6] - v[7];
        assert!((implied - v[8]).abs() < 1e-6, "seed {seed}: {v:?}");
    }
}

#[test]
fn as_of_the_dataset_as_of_equals_the_plain_report() {
    for seed in SEEDS {
        let ds = dataset(&random::dataset(seed, 120));
        let rebuilt = Dataset::from_store(ds.store().as_of(ds.store().settings.as_of));
        for q in [
            r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "groupBy": ["owner"]}"#,
            r#"{"from": "2025-07-01", "to": "2026-07-01", "cadence": "quarter"}"#,
        ] {
            let q = query(q);
            assert_eq!(
                rebuilt.report(&q).unwrap(),
                ds.report(&q).unwrap(),
                "seed {seed}"
            );
        }
        let explicit = query(r#"{"asOf": "2026-07-01T00:00:00Z"}"#);
        assert_eq!(
            ds.report(&explicit).unwrap(),
            ds.report(&query("{}")).unwrap(),
            "seed {seed}"
        );
    }
}

#[test]
fn as_of_composes() {
    // Rebuilding at t2 then at t1 < t2 gives the same deals as rebuilding at t1 directly.
    for seed in SEEDS {
        let ds = dataset(&random::dataset(seed, 120));
        let store = ds.store();
        for (t1, t2) in [
            (random::START + 100 * DAY, random::START + 200 * DAY),
            (random::START + 250 * DAY, random::AS_OF - DAY),
        ] {
            let direct = store.as_of(t1);
            let twice = store.as_of(t2).as_of(t1);
            assert_eq!(direct.deals.len(), twice.deals.len());
            for (a, b) in direct.deals.iter().zip(&twice.deals) {
                let key = |d: &spi_wasm::store::DealRow| {
                    (d.id, d.stage, d.status, d.closed, d.expected_close, d.owner)
                };
                assert_eq!(
                    key(a),
                    key(b),
                    "seed {seed} deal {}",
                    store.strings.resolve(a.id)
                );
                assert!(a.amount == b.amount || (a.amount.is_nan() && b.amount.is_nan()));
            }
        }
    }
}
