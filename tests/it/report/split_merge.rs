//! Mergeable partial state, on what exists: a document split into k byte ranges
//! (`ingest::stream::split`), each range re-wrapped as a canonical document with the same
//! settings, stages and fx and loaded on its own. For the indicators that are counts and sums the
//! parts' figures add up to the single load's: `win_rate`'s won count (numerator) and closed
//! count (denominator), `pipeline_created`'s amount (in cents) and count, over the period, in each
//! cadence bucket and in each owner group. Medians, Kaplan-Meier and cross-record dedup do not
//! merge by adding; docs/scale.md says what they need.

use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::ingest::stream::split::{part_document, ranges, Index};
use spi_wasm::indicators::Figure;
use spi_wasm::{Dataset, Query, Report};
use std::collections::BTreeMap;

const QUERY: &str = r#"{"from": "2024-11-01", "to": "2026-11-01", "cadence": "quarter", "groupBy": ["owner"],
  "indicators": ["win_rate", "pipeline_created"]}"#;

/// The sums that must merge: won, closed, created amount (as the report gives it), created count.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Sums {
    won: i64,
    closed: i64,
    amount: f64,
    created: i64,
}

impl Sums {
    /// The amount in cents, rounded once after merging: the generated amounts are whole cents in
    /// their own currency but not after conversion at the fixed rates, and rounding each part's
    /// sum first was seen to lose a cent over 7 parts (see docs/scale.md: an exact merge keeps
    /// integer cents per currency and converts once).
    fn exact(self) -> (i64, i64, i64, i64) {
        (self.won, self.closed, (self.amount * 100.0).round() as i64, self.created)
    }
}

impl std::ops::AddAssign for Sums {
    fn add_assign(&mut self, o: Sums) {
        self.won += o.won;
        self.closed += o.closed;
        self.amount += o.amount;
        self.created += o.created;
    }
}

fn count(x: Option<f64>) -> i64 {
    let x = x.unwrap_or(0.0);
    assert_eq!(x.fract(), 0.0, "a count is whole: {x}");
    x as i64
}

fn sums(win_rate: &Figure, created: &Figure) -> Sums {
    Sums { won: count(win_rate.numerator), closed: count(win_rate.denominator), amount: created.value.unwrap_or(0.0), created: created.sample_size as i64 }
}

/// The period's, each bucket's and each owner's sums of one report.
fn figures(report: &Report) -> BTreeMap<String, Sums> {
    let find = |id: &str| report.indicators.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no {id}"));
    let (win, created) = (find("win_rate"), find("pipeline_created"));
    let mut out = BTreeMap::from([("period".to_string(), sums(&win.figure, &created.figure))]);
    for (w, c) in win.series.iter().zip(&created.series) {
        assert_eq!(w.bucket, c.bucket);
        out.insert(format!("bucket {}", w.bucket), sums(&w.figure, &c.figure));
    }
    for row in report.groups.get("owner").into_iter().flatten() {
        let get = |id: &str| row.indicators.iter().find(|f| f.id == id).map(|f| f.figure.clone()).unwrap_or_default();
        out.insert(format!("owner {}", row.group), sums(&get("win_rate"), &get("pipeline_created")));
    }
    out
}

/// Counts and cents; a group with nothing in a part is absent from that part's report, so only
/// non-zero rows are compared.
fn exact(sums: BTreeMap<String, Sums>) -> BTreeMap<String, (i64, i64, i64, i64)> {
    sums.into_iter().map(|(k, s)| (k, s.exact())).filter(|(_, s)| *s != (0, 0, 0, 0)).collect()
}

fn report(bytes: &[u8], query: &Query) -> Report {
    let dataset = Dataset::from_json(bytes).unwrap_or_else(|e| panic!("load: {e}"));
    dataset.report(query).unwrap_or_else(|e| panic!("report: {e}"))
}

#[test]
fn counts_and_sums_of_the_parts_add_up_to_the_single_load() {
    let mut bytes = Vec::new();
    generate(&GenerateOptions { deals: 400, seed: 3, ..Default::default() }, &mut bytes).expect("generated");
    let query = Query::from_json(QUERY.as_bytes()).expect("query");
    let whole = exact(figures(&report(&bytes, &query)));
    let period = whole["period"];
    assert!(period.1 > 50 && period.3 > 50 && period.2 > 0, "the query sees data: {period:?}");
    for (k, stride) in [(2, 4096), (3, 1), (7, 100_000)] {
        let index = Index::build(&bytes, stride);
        let mut merged: BTreeMap<String, Sums> = BTreeMap::new();
        let mut records = 0;
        for range in ranges(bytes.len(), k) {
            let items = index.items_in(&bytes, range);
            records += items.len();
            let part = part_document(&bytes, &index, &items);
            for (key, s) in figures(&report(&part, &query)) {
                *merged.entry(key).or_default() += s;
            }
        }
        let full_items = index.items_in(&bytes, 0..bytes.len()).len();
        assert_eq!(records, full_items, "{k} parts give every record once");
        assert_eq!(exact(merged), whole, "{k} parts");
    }
}
