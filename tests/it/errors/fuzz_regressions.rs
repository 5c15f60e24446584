//! Regression tests for what fuzzing found (`npm run fuzz`, fuzz/README in docs/development.md):
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

/// csv_ingest: an epoch written as digits was read whatever its size, and formatting
/// `-99999999999999999` (a "Won time" cell) overflowed the calendar (`NaiveDate + TimeDelta
/// overflowed`, a panic in `summary`). Epochs are now held to the years 0000-9999, as ISO dates.
#[test]
fn a_far_epoch_is_refused_not_a_panic() {
    let csv = "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Won time\n\
               1,Widgets,1500,EUR,Won,-99999999999999999\n";
    let e = Dataset::from_csv(csv.as_bytes(), None).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_value", "rows[0].Deal - Won time"), "{e}");
    // The same in canonical JSON, as a string and as a number (9e15 ms is the year 287,000).
    let e = error(r#"{"deals": [{"id": "A", "createdAt": "-99999999999999999"}]}"#);
    assert_eq!((e.code(), e.path()), ("invalid_value", "deals[0].createdAt"), "{e}");
    let e = error(r#"{"deals": [{"id": "A", "createdAt": 9e15}]}"#);
    assert_eq!((e.code(), e.path()), ("invalid_value", "deals[0].createdAt"), "{e}");
    assert_eq!(e.message(), "expected epoch milliseconds within years 0000-9999, got 9000000000000000");
    // The last millisecond of 9999 and the first of year 0 still read, and format.
    let ok = r#"{"deals": [{"id": "A", "createdAt": "-62167219200000", "closedAt": 253402300799999, "status": "won"}]}"#;
    let dataset = Dataset::from_json(ok.as_bytes()).unwrap();
    let summary = dataset.summary();
    assert_eq!(summary.first.as_deref(), Some("0000-01-01T00:00:00Z"));
    assert_eq!(summary.last.as_deref(), Some("9999-12-31T23:59:59.999Z"));
    // The default period is the quarter ending at asOf (the close): the deal was won in it.
    let report = dataset.report(&spi_wasm::Query::from_json(b"{\"cadence\": \"year\"}").unwrap()).unwrap();
    assert_eq!(report.query.from, "9999-10-01T00:00:00Z");
    let win_rate = report.indicators.iter().find(|i| i.id == "win_rate").unwrap();
    assert_eq!((win_rate.figure.numerator, win_rate.figure.denominator), (Some(1.0), Some(1.0)));
    let e = error(r#"{"deals": [{"id": "A", "createdAt": "253402300800000"}]}"#);
    assert_eq!(e.path(), "deals[0].createdAt");
}

/// query_report: an owner literally named "(none)" and a deal without owner were two groups with
/// one name: the report's row "(none)" held two figures per indicator, and a drill-down into
/// "(none)" explained only the deal without owner. A value "(none)" is now the "(none)" group.
#[test]
fn an_owner_named_none_is_the_none_group() {
    let data = br#"{"settings": {"asOf": "2026-01-21"}, "deals": [
        {"id": "A", "owner": "(none)", "createdAt": "2026-01-01", "status": "open", "amount": 100},
        {"id": "B", "createdAt": "2026-01-11", "status": "open", "amount": 50},
        {"id": "C", "owner": "ana", "createdAt": "2026-01-16", "status": "open", "amount": 7}]}"#;
    let dataset = Dataset::from_json(data).unwrap();
    let query = spi_wasm::Query::from_json(
        br#"{"from": "2026-01-01", "to": "2026-01-21", "groupBy": ["owner"], "indicators": ["deal_aging", "pipeline_created"]}"#,
    )
    .unwrap();
    let report = dataset.report(&query).unwrap();
    let rows = &report.groups["owner"];
    let names: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(names, ["ana", "(none)"]);
    let none = &rows[1].indicators;
    assert_eq!(none.iter().map(|g| g.id).collect::<Vec<_>>(), ["deal_aging", "pipeline_created"]);
    // A is 20 days old, B 10: median 15 over 2 open deals; created: 100 + 50.
    assert_eq!((none[0].figure.value, none[0].figure.denominator), (Some(15.0), Some(2.0)));
    assert_eq!(none[1].figure.value, Some(150.0));
    let request = spi_wasm::DrillRequest {
        indicator: "deal_aging".into(),
        group_key: Some("owner".into()),
        group_value: Some("(none)".into()),
        ..Default::default()
    };
    let drill = dataset.drill(&query, &request).unwrap();
    assert_eq!(drill.figure, none[0].figure);
    assert_eq!(drill.denominator_ids, ["A", "B"]);
}

/// csv_ingest: an amount cell whose third byte falls inside a character (`x€5`; the fuzzer's was
/// a control character, a BOM and a digit) panicked while looking for a currency code
/// (`end byte index 3 is not a char boundary`). Now it is the usual bad-number error.
#[test]
fn an_amount_with_a_multibyte_character_at_byte_3_is_an_error() {
    let csv = "Deal - ID,Deal - Title,Deal - Value\n2,Widgets,x\u{20ac}5\n";
    let e = Dataset::from_csv(csv.as_bytes(), None).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_value", "rows[0].Deal - Value"), "{e}");
    assert!(e.message().starts_with("expected a number, got \"x\u{20ac}5\""), "{e}");
    let fuzzed = "Deal - ID,Deal - Title,Deal - Value\n2,Widgets,\u{7}\u{feff}1\n";
    assert_eq!(Dataset::from_csv(fuzzed.as_bytes(), None).unwrap_err().path(), "rows[0].Deal - Value");
    // Codes before and after the number are still stripped.
    for cell in ["EUR 1500", "1500 EUR", "\u{20ac}1500"] {
        // With a status and a date: a file without them is refused as unusable.
        let csv = format!("Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Won time\n2,Widgets,{cell},won,2026-01-05\n");
        let dataset = Dataset::from_csv(csv.as_bytes(), None).unwrap();
        assert_eq!(dataset.store().deals[0].amount_original, 1500.0, "{cell}");
    }
}
