//! Unknown top-level keys of a canonical document: a warning naming the closest known key, and
//! a document with nothing known refused (`{"Deals": [...]}` no longer gives 0 deals silently).

use spi_wasm::{Dataset, InputError};

/// The streaming reader and the serde reader (JS objects) must agree.
fn both(json: &str) -> [Result<Dataset, InputError>; 2] {
    let mut de = serde_json::Deserializer::from_str(json);
    [Dataset::from_json(json.as_bytes()), Dataset::from_deserializer(&mut de)]
}

#[test]
fn an_unknown_key_is_a_warning_naming_the_closest_known_one() {
    let json = r#"{"Deals": [{"id": "x"}], "deals": [{"id": "a"}], "contact": [], "extra": {"n": 1}}"#;
    for d in both(json) {
        let d = d.unwrap();
        assert_eq!(d.store().deals.len(), 1);
        let w: Vec<(&str, u64, Vec<String>)> =
            d.store().warnings.iter().filter(|w| w.code == "unknown_key").map(|w| (w.message.as_str(), w.count, w.examples.clone())).collect();
        assert_eq!(
            w,
            [
                ("\"Deals\" is not a known collection; did you mean \"deals\"?", 1, vec!["Deals".to_string()]),
                ("\"contact\" is not a known collection; did you mean \"contacts\"?", 1, vec!["contact".to_string()]),
                ("\"extra\" is not a known key: ignored", 1, vec!["extra".to_string()]),
            ]
        );
    }
}

#[test]
fn a_document_with_nothing_known_is_unusable() {
    for e in both(r#"{"Deals": [{"id": "a"}], "meta": 1}"#) {
        let e = e.unwrap_err();
        assert_eq!((e.code(), e.path()), ("unusable_source", ""));
        assert!(e.message().starts_with("expected a canonical document with at least one of \"settings\", \"fx\""), "{e}");
        assert!(e.message().ends_with("found the keys \"Deals\", \"meta\""), "{e}");
    }
    // Settings alone, or an empty object, are usable.
    for json in [r#"{"settings": {"currency": "EUR"}, "x": 1}"#, "{}"] {
        for d in both(json) {
            assert!(d.is_ok(), "{json}");
        }
    }
}

/// Quotas, forecasts, stages and dated fx rates are written by hand: a misspelled key is refused
/// at its path, not ignored (a quota's `curency` read the quota as the base currency).
#[test]
fn an_unknown_key_in_a_quota_stage_or_rate_is_refused_at_its_path() {
    let cases = [
        (r#"{"quotas": [{"owner": "a", "start": "2024-01-01", "end": "2024-03-31", "amount": 10, "curency": "EUR"}]}"#, "quotas[0].curency"),
        (r#"{"forecasts": [{"owner": "a", "amount": 10, "submitted": "2024-01-01"}]}"#, "forecasts[0].submitted"),
        (r#"{"stages": [{"id": "won", "kind": "won", "probabilty": 1}]}"#, "stages[0].probabilty"),
        (r#"{"fx": {"EUR": [{"from": "2024-01-01", "to": "2024-06-01", "rate": 1.1}]}}"#, "fx.EUR[0].to"),
    ];
    for (json, path) in cases {
        for e in both(json) {
            let e = e.map(|_| ()).unwrap_err();
            assert_eq!((e.code(), e.path()), ("invalid_value", path), "{e}");
            assert!(e.message().starts_with("unknown field `"), "{e}");
        }
    }
    // Spelled right, each is read.
    for d in both(r#"{"quotas": [{"owner": "a", "start": "2024-01-01", "end": "2024-03-31", "amount": 10, "currency": "EUR"}]}"#) {
        assert_eq!(d.unwrap().store().quotas.len(), 1);
    }
}

/// Record fields the spec ignores but that look like known ones are named, each once, with the
/// field meant; the records read as before (here without creation or close dates).
#[test]
fn a_record_field_that_looks_like_a_known_one_is_a_warning_naming_it() {
    let json = r#"{"deals": [
        {"id": "a", "owner": "Ann", "created_at": "2024-01-05", "status": "open", "createdBy": "x", "Amount": 5},
        {"id": "b", "owner": "Ann", "created_at": "2024-01-06", "closeDate": "2024-03-14", "status": "won"}],
      "leads": [{"id": "l", "ownerId": "u1", "createdAt": "2024-01-05"}]}"#;
    let d = Dataset::from_json(json.as_bytes()).unwrap();
    let mut w: Vec<(&str, u64, Vec<String>)> =
        d.store().warnings.iter().filter(|w| w.code == "unknown_key").map(|w| (w.message.as_str(), w.count, w.examples.clone())).collect();
    w.sort();
    assert_eq!(
        w,
        [
            ("\"Amount\" is not a field of deals: ignored; did you mean \"amount\"?", 1, vec!["deals[0]".to_string()]),
            ("\"closeDate\" is not a field of deals: ignored; did you mean \"closedAt\"?", 1, vec!["deals[1]".to_string()]),
            ("\"created_at\" is not a field of deals: ignored; did you mean \"createdAt\"?", 1, vec!["deals[0]".to_string()]),
            ("\"ownerId\" is not a field of leads: ignored; did you mean \"owner\"?", 1, vec!["leads[0]".to_string()]),
        ]
    );
    let s = d.store();
    assert_eq!((s.deals.len(), s.deals[0].created, s.deals[0].amount.is_nan()), (2, spi_wasm::store::NO_TIME, true));
    // createdBy sits beside createdAt: another field, no guess.
    let d = Dataset::from_json(br#"{"deals": [{"id": "a", "createdAt": "2024-01-05", "createdBy": "x", "status": "open"}]}"#).unwrap();
    assert!(d.store().warnings.iter().all(|w| w.code != "unknown_key"), "{:?}", d.store().warnings);
}
