//! Regression tests for what fuzzing found (`npm run fuzz`, fuzz/README in the main README):
//! each input is the crash the fuzzer saved, minimised by hand, and each test asserts the outcome
//! that is now right.

use spi_wasm::{Dataset, InputError};

fn error(json: &str) -> InputError {
    match Dataset::from_json(json.as_bytes()) {
        Ok(d) => panic!("expected an error, read {} deals", d.summary().deals),
        Err(e) => e,
    }
}

/// json_ingest: a collection given twice was read twice by `from_json` (3 + 5 deals) while the
/// JS-object route (`from_deserializer`) kept the last one only (3): the same document gave two
/// datasets. Both routes now refuse it, naming the key.
#[test]
fn a_collection_given_twice_is_refused() {
    let json = r#"{"deals": [{"id": "A"}, {"id": "B"}], "deals": [{"id": "C"}]}"#;
    let e = error(json);
    assert_eq!((e.code(), e.path()), ("invalid_value", "deals"), "{e}");
    assert_eq!(e.message(), "\"deals\" given twice: each collection may appear once");
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    // serde_json::Value keeps the last "deals" (as JSON.parse does): one deal, read as one.
    assert_eq!(Dataset::from_deserializer(&value).unwrap().summary().deals, 1);
    // Other keys may repeat: they are ignored.
    assert_eq!(Dataset::from_json(br#"{"note": 1, "note": 2, "deals": [{"id": "A"}]}"#).unwrap().summary().deals, 1);
}

/// query_report: `"groupBy": ["team", "team"]` listed every figure of each team group twice in
/// its row (so the groups summed to twice the total). The repeated key is now refused.
#[test]
fn a_group_key_given_twice_is_refused() {
    let data = br#"{"deals": [{"id": "D1", "team": "east", "createdAt": "2026-01-05", "amount": 10}]}"#;
    let dataset = Dataset::from_json(data).unwrap();
    let query = |q: &str| spi_wasm::Query::from_json(q.as_bytes()).unwrap();
    let e = dataset.report(&query(r#"{"from": "2026-01-01", "to": "2026-02-01", "groupBy": ["team", "owner", "team"]}"#)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_query", "groupBy[2]"));
    assert_eq!(e.message(), "\"team\" is already in groupBy");
    // Once each: one row per team, one figure per indicator in it.
    let report = dataset.report(&query(r#"{"from": "2026-01-01", "to": "2026-02-01", "groupBy": ["team"], "indicators": ["pipeline_created"]}"#)).unwrap();
    let rows = &report.groups["team"];
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].group.as_str(), rows[0].indicators.len()), ("east", 1));
    assert_eq!(rows[0].indicators[0].figure.value, Some(10.0));
}

/// query_report: an indicator asked for twice was computed and listed twice, and each group row
/// held its figure twice. The repeated id is now refused.
#[test]
fn an_indicator_given_twice_is_refused() {
    let data = br#"{"leads": [{"id": "L1", "createdAt": "2026-01-05", "convertedAt": "2026-01-09"}]}"#;
    let dataset = Dataset::from_json(data).unwrap();
    let query = |q: &str| spi_wasm::Query::from_json(q.as_bytes()).unwrap();
    let twice = r#"{"from": "2026-01-01", "to": "2026-02-01", "indicators": ["lead_to_opportunity_rate", "win_rate", "lead_to_opportunity_rate"]}"#;
    let e = dataset.report(&query(twice)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_query", "indicators[2]"));
    assert_eq!(e.message(), "\"lead_to_opportunity_rate\" is already in indicators");
    let once = r#"{"from": "2026-01-01", "to": "2026-02-01", "indicators": ["lead_to_opportunity_rate"], "groupBy": ["product"]}"#;
    let report = dataset.report(&query(once)).unwrap();
    assert_eq!(report.indicators.len(), 1);
    // Leads have no product: the one lead is in "(none)", converted, 1 of 1.
    let rows = &report.groups["product"];
    assert_eq!((rows.len(), rows[0].group.as_str(), rows[0].indicators.len()), (1, "(none)", 1));
    assert_eq!((rows[0].indicators[0].figure.numerator, rows[0].indicators[0].figure.denominator), (Some(1.0), Some(1.0)));
}
