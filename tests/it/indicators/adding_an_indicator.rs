//! The worked example of docs/adding-an-indicator.md, run: a toy indicator (`deals_won`, the
//! number of deals won in the period) written as one `Def` and one `Tally`, computed in a report
//! with its series and groups, listed in the catalog with its label, and drillable, without any
//! other file knowing it. The doc's code is this file's `deals_won` module.

use serde_json::Value;
use spi_wasm::indicators::{self, Def};
use spi_wasm::{report, Dataset, Query};

/// The doc's example, as a family file would hold it (src/indicators/<family>.rs).
mod deals_won {
    use spi_wasm::indicators::attribution::Attribution;
    use spi_wasm::indicators::drill::{den, num};
    use spi_wasm::indicators::scopes::Tally;
    use spi_wasm::indicators::{Better, Compute, Ctx, Def, DrillSink, Figure, Headline, Scope, Collection, Timing, Unit};

    /// `deals_won`: the deals won in the period, counted.
    pub fn definition() -> Def {
        Def {
            id: "deals_won",
            label: "Deals won",
            description: "deals won in period, counted",
            unit: Unit::Count,
            better: Better::Higher,
            timing: Timing::Period,
            variants: &[],
            definition: |_| "deals won in period (status won, close in period), counted".into(),
            next_step: "Review the pipeline's late stages with their owners",
            headline: Headline::Segments,
            card: false,
            attributed_at: Attribution::DealWon,
            compute: Compute::tally::<DealsWon>(),
        }
    }

    /// What one scope adds up: its won deals.
    #[derive(Default)]
    pub struct DealsWon {
        won: u64,
    }

    impl Tally for DealsWon {
        type Env<'s> = ();
        /// Nothing is read of a deal: being in the population (won, close in scope) is the count.
        type Item = ();
        fn env<'s>(_: &Ctx<'s>) {}
        fn item(_: &(), _: u32) {}
        fn add(&mut self, _: &(), _: (), r: u32, sink: &mut Option<&mut DrillSink>) {
            self.won += 1;
            num(sink, Collection::Deals, r);
            den(sink, Collection::Deals, r);
        }
        fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
            Figure::amount(self.won as f64, self.won)
        }
    }
}

fn small() -> Dataset {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.json");
    Dataset::from_json(&std::fs::read(path).unwrap()).unwrap()
}

/// The catalog with the toy appended: what registering it in `indicators::all()` would give.
fn with_toy() -> Vec<Def> {
    let mut defs = indicators::all();
    defs.push(deals_won::definition());
    defs
}

fn toy_of(report: &Value) -> &Value {
    report["indicators"].as_array().and_then(|all| all.iter().find(|i| i["id"] == "deals_won")).unwrap()
}

/// tests/fixtures/small.json, Q1 2026 by month and owner. Won deals (stage closed_won or status
/// won) with a close in Q1: D-1 (ana, 2026-02-04), D-3 (ben, 1773360000000 ms = 2026-03-13),
/// D-5 (cara, 2026-03-21); D-2 and D-6 are lost, D-4 is open. So 3 in the quarter: January 0,
/// February 1, March 2; one per owner.
#[test]
fn the_toy_is_computed_in_a_report_with_its_series_and_groups() {
    let data = small();
    let query = Query::from_json(br#"{"from":"2026-01-01","to":"2026-04-01","cadence":"month","groupBy":["owner"],"indicators":["win_rate","deals_won"]}"#).unwrap();
    let report = serde_json::to_value(report::build_with(data.store(), data.health(), &query, &with_toy()).unwrap()).unwrap();
    let toy = toy_of(&report);
    assert_eq!(toy["value"], 3.0);
    assert_eq!(toy["sampleSize"], 3);
    assert_eq!(toy["unit"], "count");
    assert_eq!(toy["definition"], "deals won in period (status won, close in period), counted");
    let series: Vec<(&str, f64)> = toy["series"].as_array().unwrap().iter().map(|p| (p["bucket"].as_str().unwrap(), p["value"].as_f64().unwrap())).collect();
    assert_eq!(series, [("2026-01", 0.0), ("2026-02", 1.0), ("2026-03", 2.0)]);
    let by_owner: Vec<(&str, f64)> = report["groups"]["owner"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| {
            let figure = row["indicators"].as_array()?.iter().find(|f| f["id"] == "deals_won")?;
            Some((row["group"].as_str()?, figure["value"].as_f64()?))
        })
        .collect();
    assert_eq!(by_owner, [("ana", 1.0), ("ben", 1.0), ("cara", 1.0)]);
    // win_rate is untouched by its new neighbour: 3 won of 5 closed.
    let win = &report["indicators"][0];
    assert_eq!((win["id"].as_str(), win["value"].as_f64()), (Some("win_rate"), Some(0.6)));
}

/// The derived computation (`Compute::tally`) and the scope-by-scope one agree: the report's
/// figures come from the one pass, the drill-down recounts the scope alone.
#[test]
fn the_toy_drills_to_its_deals() {
    let data = small();
    let defs = with_toy();
    let def = indicators::find(&defs, "deals_won").unwrap();
    let query = Query::from_json(br#"{"from":"2026-03-01","to":"2026-04-01"}"#).unwrap();
    let resolved = query.resolve(data.store(), &defs.iter().map(|d| d.id).collect::<Vec<_>>()).unwrap();
    let ctx = indicators::Ctx { store: data.store(), query: &resolved };
    let scope = indicators::Scope { from: resolved.from, to: resolved.to, group: None };
    let mut sink = indicators::DrillSink::default();
    let figure = indicators::compute_scope(&ctx, def, &scope, Some(&mut sink));
    assert_eq!(figure.value, Some(2.0));
    let store = data.store();
    let ids: Vec<&str> = sink.numerator.iter().map(|r| store.strings.resolve(store.deal(r.index).id)).collect();
    assert_eq!(ids, ["D-3", "D-5"]);
}

/// What the page reads: the catalog entry, with its label, and the segments table's column.
#[test]
fn the_toy_is_in_the_catalog_with_its_label() {
    let json = serde_json::to_value(deals_won::definition()).unwrap();
    assert_eq!((json["id"].as_str(), json["label"].as_str(), json["headline"].as_str()), (Some("deals_won"), Some("Deals won"), Some("segments")));
    assert_eq!(json["timing"], "period");
}
