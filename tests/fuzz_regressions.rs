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
