//! Epoch numbers in seconds or milliseconds, told by magnitude once per field.
//!
//! Hand-worked instants: 1706000000 s = 19745 days + 32000 s = 2024-01-23T08:53:20Z
//! (2024-01-01 is day 19723: 54 years of 365 days + 13 leap days), i.e. 1706000000000 ms.

use spi_wasm::ingest::stream::JsonStream;
use spi_wasm::time::format_instant;
use spi_wasm::Dataset;

const JAN23: i64 = 1_706_000_000_000;

fn store(json: &str) -> spi_wasm::store::Store {
    Dataset::from_json(json.as_bytes()).expect("readable").store().clone()
}

fn error(json: &str) -> (String, String, String) {
    let e = Dataset::from_json(json.as_bytes()).expect_err("input must be refused");
    (e.code().to_string(), e.path().to_string(), e.message().to_string())
}

#[test]
fn seconds_are_read_as_seconds_and_the_decision_is_stated() {
    let s = store(r#"{"deals": [{"id": "a", "createdAt": 1706000000}, {"id": "b", "createdAt": 1706086400, "closedAt": 1706000000000, "status": "won"}]}"#);
    assert_eq!(format_instant(s.deals[0].created), "2024-01-23T08:53:20Z");
    assert_eq!(s.deals[0].created, JAN23);
    assert_eq!(s.deals[1].created, JAN23 + 86_400_000);
    // closedAt is a field of its own: milliseconds there.
    assert_eq!(s.deals[1].closed, JAN23);
    let w: Vec<_> = s.warnings.iter().filter(|w| w.code == "epoch_seconds").collect();
    assert_eq!(w.len(), 1, "{:?}", s.warnings);
    assert_eq!(w[0].message, "deals.createdAt: numbers read as epoch seconds (all are below 1e11)");
    assert_eq!((w[0].count, w[0].examples.clone()), (2, vec!["deals[0]".to_string()]));
}

#[test]
fn milliseconds_stay_milliseconds_without_a_notice() {
    let s = store(r#"{"deals": [{"id": "a", "createdAt": 1706000000000}, {"id": "b", "createdAt": "1706000000000"}]}"#);
    assert_eq!((s.deals[0].created, s.deals[1].created), (JAN23, JAN23));
    assert!(s.warnings.iter().all(|w| w.code != "epoch_seconds"), "{:?}", s.warnings);
}

#[test]
fn one_decision_per_field_covers_small_numbers_and_numeric_strings() {
    // 0 says nothing by itself; the field's other number makes the field seconds, 0 included.
    let s = store(r#"{"deals": [{"id": "a", "createdAt": "1706000000"}, {"id": "b", "createdAt": 0}, {"id": "c", "createdAt": "2024-01-23T08:53:20Z"}]}"#);
    assert_eq!(s.deals.iter().map(|d| d.created).collect::<Vec<_>>(), [JAN23, 0, JAN23]);
    // Alone, a small number stays milliseconds as before: 86400000 ms = 1970-01-02.
    let s = store(r#"{"deals": [{"id": "a", "createdAt": 86400000}]}"#);
    assert_eq!(s.deals[0].created, 86_400_000);
}

#[test]
fn mixed_magnitudes_in_one_field_are_refused_naming_two_records() {
    let (code, path, message) =
        error(r#"{"deals": [{"id": "a", "createdAt": 1706000000000}, {"id": "b"}, {"id": "c", "createdAt": 1706000000}]}"#);
    assert_eq!((code.as_str(), path.as_str()), ("mixed_epoch_units", "deals.createdAt"));
    assert!(message.contains("(deals[2]: 1706000000)") && message.contains("(deals[0]: 1706000000000)"), "{message}");
    let (_, path, message) = error(r#"{"deals": [{"id": "a", "history": [{"at": 1706000000}, {"at": 1706000000000}]}]}"#);
    assert_eq!(path, "deals.history.at");
    assert!(message.contains("deals[0].history[0]: 1706000000") && message.contains("deals[0].history[1]: 1706000000000"), "{message}");
}

#[test]
fn the_fast_reader_the_serde_reader_and_the_stream_agree() {
    // An escape in the name sends the first deal to serde_json, the second takes the fast path.
    let json = r#"{"deals": [{"id": "a", "name": "x\u0041", "createdAt": 1706000000}, {"id": "b", "createdAt": 1706000000}]}"#;
    let whole = store(json);
    let mut stream = JsonStream::new();
    for chunk in json.as_bytes().chunks(7) {
        stream.push(chunk).unwrap();
    }
    let streamed = stream.finish().unwrap();
    for s in [&whole, &streamed] {
        assert_eq!((s.deals[0].created, s.deals[1].created), (JAN23, JAN23));
    }
}

#[test]
fn history_leads_activities_targets_and_settings() {
    let json = r#"{
      "settings": {"asOf": 1706086400},
      "deals": [{"id": "a", "history": [{"at": "2024-01-24T08:53:20Z", "stage": "won"}, {"at": 1706000000, "stage": "qualified"}]}],
      "leads": [{"id": "l", "createdAt": 1706000000, "convertedAt": 1706000000000}],
      "activities": [{"id": "x", "type": "call", "at": 1706000000}],
      "quotas": [{"owner": "o", "start": 1706000000, "end": 1706000000, "amount": 5}]
    }"#;
    let s = store(json);
    // The seconds entry (Jan 23) comes before the ISO one (Jan 24) once both are milliseconds.
    let at: Vec<i64> = s.history.iter().map(|h| h.at).collect();
    assert_eq!(at, [JAN23, JAN23 + 86_400_000]);
    assert_eq!(s.deals[0].status, spi_wasm::store::Status::Won);
    assert_eq!(s.deals[0].closed, JAN23 + 86_400_000);
    assert_eq!((s.leads[0].created, s.leads[0].converted), (JAN23, JAN23));
    assert_eq!(s.activities[0].at, JAN23);
    // Quota ends are inclusive: stored as the next day.
    assert_eq!((s.quotas[0].start, s.quotas[0].end), (JAN23, JAN23 + 86_400_000));
    assert_eq!(s.settings.as_of, JAN23 + 86_400_000);
    let fields: Vec<&str> = s.warnings.iter().filter(|w| w.code == "epoch_seconds").map(|w| w.message.split(':').next().unwrap()).collect();
    assert_eq!(fields, ["deals.history.at", "leads.createdAt", "activities.at", "quotas.start", "quotas.end"]);
}
