//! Bad input fails with a structured error naming the place; recoverable problems are warnings.

use spi_wasm::Dataset;

fn error(json: &str) -> (String, String, String) {
    let e = Dataset::from_json(json.as_bytes()).expect_err("input must be refused");
    (e.code().to_string(), e.path().to_string(), e.message().to_string())
}

#[test]
fn a_bad_amount_names_the_record_and_field() {
    let json = r#"{"deals": [{"id": "a", "amount": 1}, {"id": "b"}, {"id": "c", "amount": "12k"}]}"#;
    assert_eq!(error(json), ("invalid_value".into(), "deals[2].amount".into(), "expected a number, got \"12k\"".into()));
}

#[test]
fn a_bad_date_names_the_history_entry() {
    let json = r#"{"deals": [{"id": "a", "history": [{"at": "2026-01-01"}, {"at": "soon"}]}]}"#;
    let (code, path, message) = error(json);
    assert_eq!((code.as_str(), path.as_str()), ("invalid_value", "deals[0].history[1].at"));
    assert!(message.contains("\"soon\""), "{message}");
}

#[test]
fn broken_json_reports_line_and_column() {
    let (code, _, message) = error("{\"deals\": [\n{\"id\": \"a\",}\n]}");
    assert_eq!(code, "invalid_json");
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn wrong_types_are_named() {
    let (code, path, _) = error(r#"{"deals": {"id": "a"}}"#);
    assert_eq!((code.as_str(), path.as_str()), ("invalid_value", "deals"));
    let (_, path, _) = error(r#"{"settings": {"fiscalYearStartMonth": "feb"}}"#);
    assert_eq!(path, "settings.fiscalYearStartMonth");
    let (code, path, _) = error(r#"{"settings": {"fiscalYearStartMonth": 13}}"#);
    assert_eq!((code.as_str(), path.as_str()), ("invalid_setting", "settings.fiscalYearStartMonth"));
}

#[test]
fn unknown_stage_and_missing_ids_are_counted_warnings() {
    let json = r#"{"stages": [{"id": "open1", "kind": "open"}, {"id": "won", "kind": "won"}],
      "deals": [{"id": "a", "stage": "mystery"}, {"stage": "won", "closedAt": "2026-01-01"}, {"id": "c", "stage": "mystery"}]}"#;
    let d = Dataset::from_json(json.as_bytes()).unwrap();
    let w = &d.store().warnings;
    let unknown = w.iter().find(|w| w.code == "unknown_stage").unwrap();
    assert_eq!((unknown.count, unknown.examples.clone()), (2, vec!["a".to_string(), "c".to_string()]));
    let missing = w.iter().find(|w| w.code == "missing_id").unwrap();
    assert_eq!(missing.examples, ["deals[1]"]);
}

#[test]
fn unknown_fields_are_ignored_and_attributes_kept() {
    let json = r#"{"extra": [1, 2], "deals": [{"id": "a", "custom": {"x": 1}, "attributes": {"industry": "saas", "size": 120, "tags": ["x"]}}]}"#;
    let d = Dataset::from_json(json.as_bytes()).unwrap();
    let s = d.store();
    let pairs: Vec<(&str, &str)> = s.attributes.iter().map(|(n, v)| (s.strings.resolve(*n), s.strings.resolve(*v))).collect();
    assert_eq!(pairs, [("industry", "saas"), ("size", "120")]);
}

#[test]
fn bad_queries_are_named_too() {
    let d = Dataset::from_json(br#"{"deals": []}"#).unwrap();
    let q = spi_wasm::Query::from_json(br#"{"indicators": ["win_rate", "nope"]}"#).unwrap();
    let e = d.report(&q).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_query", "indicators[1]"));
    let e = spi_wasm::Query::from_json(br#"{"cadence": "fortnight"}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_query", "cadence"));
    let q = spi_wasm::Query::from_json(br#"{"groupBy": ["colour"]}"#).unwrap();
    assert_eq!(d.report(&q).unwrap_err().path(), "groupBy[0]");
}
