//! The Wasm boundary under Node (wasm-bindgen-test-runner): every entry point gives the report the
//! core gives, errors are real JS `Error`s with `code` and `path`, and the module keeps working
//! after an error. Run with `cargo test --target wasm32-unknown-unknown --test wasm_node`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Error, Reflect, Uint8Array, JSON};
use spi_wasm::wasm::{compute_report, compute_report_from_json, QueryArg, SpiEngine};
use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::{Dataset, Query};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// (name, data, query) for every fixture the tests share with the native and JS suites.
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "small",
        include_str!("fixtures/small.json"),
        include_str!("fixtures/small_query.json"),
    ),
    (
        "cli_deals",
        include_str!("fixtures/cli_deals.json"),
        include_str!("fixtures/cli_query.json"),
    ),
    (
        "small, default query",
        include_str!("fixtures/small.json"),
        "null",
    ),
];

fn parse(json: &str) -> JsValue {
    JSON::parse(json).expect("fixture is JSON")
}

fn query(json: &str) -> Option<QueryArg> {
    let value = parse(json);
    (!value.is_null()).then(|| value.unchecked_into())
}

fn text(value: &JsValue) -> String {
    JSON::stringify(value).expect("serialisable").into()
}

/// The report as the native code path writes it (serde_json), read back as JS.
fn native(data: &str, q: &str) -> String {
    let dataset = Dataset::from_json(data.as_bytes()).expect("fixture loads");
    let query = if q == "null" {
        Query::default()
    } else {
        Query::from_json(q.as_bytes()).expect("query")
    };
    let report = dataset.report(&query).expect("report");
    text(&parse(&serde_json::to_string(&report).expect("serialises")))
}

#[wasm_bindgen_test]
fn every_entry_point_gives_the_native_report() {
    for (name, data, q) in FIXTURES {
        let expected = native(data, q);
        let bytes = Uint8Array::from(data.as_bytes());
        let routes: Vec<(&str, JsValue)> = vec![
            (
                "computeReport",
                compute_report(parse(data), query(q)).unwrap(),
            ),
            (
                "computeReportFromJson(string)",
                compute_report_from_json(JsValue::from_str(data), query(q)).unwrap(),
            ),
            (
                "computeReportFromJson(Uint8Array)",
                compute_report_from_json(bytes.clone().into(), query(q)).unwrap(),
            ),
            (
                "computeReportFromJson(ArrayBuffer)",
                compute_report_from_json(bytes.buffer().into(), query(q)).unwrap(),
            ),
        ];
        for (route, report) in routes {
            assert_eq!(text(&report), expected, "{name} via {route}");
        }
        let engine = SpiEngine::from_json(JsValue::from_str(data)).unwrap();
        let other = engine
            .report(query(r#"{"cadence": "week", "groupBy": ["team"]}"#))
            .unwrap();
        assert_ne!(
            text(&other),
            expected,
            "{name}: a different query gives a different report"
        );
        assert_eq!(
            text(&engine.report(query(q)).unwrap()),
            expected,
            "{name} via SpiEngine.fromJson re-query"
        );
        let engine = SpiEngine::from_object(parse(data)).unwrap();
        assert_eq!(
            text(&engine.report(query(q)).unwrap()),
            expected,
            "{name} via SpiEngine.fromObject"
        );
    }
}

fn error_fields(error: JsValue) -> (String, String, String) {
    assert!(
        error.is_instance_of::<Error>(),
        "a real Error, got {error:?}"
    );
    let get = |key: &str| {
        Reflect::get(&error, &key.into())
            .unwrap()
            .as_string()
            .unwrap_or_default()
    };
    (get("code"), get("path"), get("message"))
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_with_code_and_path_and_the_module_keeps_working() {
    let bad = r#"{"deals": [{"id": "a", "amount": "12k"}]}"#;
    let (code, path, message) = error_fields(compute_report(parse(bad), None).unwrap_err());
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_value", "deals[0].amount")
    );
    assert!(message.starts_with("deals[0].amount: "), "{message}");
    let (code, path, _) = error_fields(compute_report_from_json(bad.into(), None).unwrap_err());
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_value", "deals[0].amount")
    );
    let (code, _, _) = error_fields(SpiEngine::from_json("{\"deals\": [".into()).err().unwrap());
    assert_eq!(code, "invalid_json");
    let (code, path, _) =
        error_fields(compute_report_from_json(JsValue::from_f64(42.0), None).unwrap_err());
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_argument", "input")
    );

    let (data, q) = (FIXTURES[0].1, FIXTURES[0].2);
    let engine = SpiEngine::from_json(data.into()).unwrap();
    let (code, path, _) = error_fields(
        engine
            .report(query(r#"{"groupBy": ["colour"]}"#))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_query", "groupBy[0]")
    );
    let (code, path, _) = error_fields(
        engine
            .report(query(r#"{"cadence": "fortnight"}"#))
            .unwrap_err(),
    );
    assert_eq!((code.as_str(), path.as_str()), ("invalid_query", "cadence"));
    // The same engine and fresh calls still work after the errors.
    assert_eq!(text(&engine.report(query(q)).unwrap()), native(data, q));
    assert_eq!(
        text(&compute_report(parse(data), query(q)).unwrap()),
        native(data, q)
    );
}

#[wasm_bindgen_test]
fn summary_and_drill_reach_js_as_plain_objects() {
    let engine = SpiEngine::from_json(FIXTURES[0].1.into()).unwrap();
    let summary = engine.summary().unwrap();
    let field = |v: &JsValue, k: &str| Reflect::get(v, &k.into()).unwrap();
    assert_eq!(field(&summary, "deals").as_f64(), Some(6.0));
    assert_eq!(text(&field(&summary, "owners")), r#"["ana","ben","cara"]"#);
    let drill = engine
        .drill(query(FIXTURES[0].2), parse(r#"{"indicator": "win_rate"}"#))
        .unwrap();
    assert_eq!(
        text(&field(&drill, "numeratorIds")),
        r#"["D-1","D-3","D-5"]"#
    );
    assert_eq!(
        field(&drill, "numeratorTable").as_string().as_deref(),
        Some("deals")
    );
    let (code, path, _) = error_fields(
        engine
            .drill(None, parse(r#"{"indicator": 7}"#))
            .unwrap_err(),
    );
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_drill_request", "indicator")
    );
}

/// JS objects go through the CLI's strict reader (`JSON.stringify`, then `Query::from_json`):
/// a misspelled field is refused with the path that names it, as `spi report --query` refuses it.
#[wasm_bindgen_test]
fn misspelled_query_fields_in_js_objects_are_refused_as_the_cli_refuses_them() {
    let engine = SpiEngine::from_json(FIXTURES[0].1.into()).unwrap();
    for (json, path) in [
        (r#"{"cadance": "month"}"#, "cadance"),
        (r#"{"groupby": ["owner"]}"#, "groupby"),
        (r#"{"variants": {"stage_conversio": "strict"}}"#, "variants.stage_conversio"),
        (r#"{"targets": {"win_rate": {"minimum": 1}}}"#, "targets.win_rate.minimum"),
    ] {
        let native = Query::from_json(json.as_bytes()).unwrap_err();
        let (code, js_path, message) = error_fields(engine.report(query(json)).unwrap_err());
        assert_eq!((code.as_str(), js_path.as_str()), ("invalid_query", path), "{json}");
        assert_eq!((native.code(), native.path(), native.to_string()), (code.as_str(), path, message), "{json}");
    }
    let (code, path, _) = error_fields(engine.drill(None, parse(r#"{"indicator": "win_rate", "grupKey": "owner"}"#)).unwrap_err());
    assert_eq!((code.as_str(), path.as_str()), ("invalid_drill_request", "grupKey"));
}

/// A HubSpot CRM v3 search response (tests/fixtures/hubspot_search.json) through the JSON and
/// object entries: 3 won of 5 closed in Q1 2026 (tests/it/errors/boundary_inputs.rs counts them).
#[wasm_bindgen_test]
fn a_hubspot_search_response_reads_through_the_json_and_object_entries() {
    let data = include_str!("fixtures/hubspot_search.json");
    let q1 = r#"{"from": "2026-01-01", "to": "2026-04-01"}"#;
    let win_rate = |report: JsValue| {
        let indicators: js_sys::Array = Reflect::get(&report, &"indicators".into()).unwrap().unchecked_into();
        let win = indicators.iter().find(|i| Reflect::get(i, &"id".into()).unwrap().as_string().as_deref() == Some("win_rate")).unwrap();
        ["value", "numerator", "denominator"].map(|k| Reflect::get(&win, &k.into()).unwrap().as_f64())
    };
    let expected = [Some(0.6), Some(3.0), Some(5.0)];
    assert_eq!(win_rate(compute_report_from_json(data.into(), query(q1)).unwrap()), expected);
    assert_eq!(win_rate(compute_report_from_json(Uint8Array::from(data.as_bytes()).into(), query(q1)).unwrap()), expected);
    assert_eq!(win_rate(compute_report(parse(data), query(q1)).unwrap()), expected);
    assert_eq!(win_rate(SpiEngine::from_json(data.into()).unwrap().report(query(q1)).unwrap()), expected);
}

/// Datasets from `spi_wasm::generate` (several seeds and sizes, every collection): JSON text, a
/// parsed JS object and UTF-8 bytes give one report, the one the native code path writes.
#[wasm_bindgen_test]
fn generated_datasets_give_one_report_from_text_objects_and_bytes() {
    let queries = [
        "null",
        r#"{"from": "2026-05-01", "to": "2026-08-01", "cadence": "month", "groupBy": ["owner", "segment"]}"#,
        r#"{"from": "2025-02-01", "to": "2026-02-01", "cadence": "quarter", "groupBy": ["enriched"], "variants": {"fx": "latest"}}"#,
    ];
    for (seed, deals) in [(1, 5), (7, 40), (2026, 120)] {
        let mut bytes = Vec::new();
        generate(&GenerateOptions { deals, seed, ..GenerateOptions::default() }, &mut bytes).expect("generates");
        let data = String::from_utf8(bytes.clone()).expect("UTF-8");
        for q in queries {
            let expected = native(&data, q);
            let engine = SpiEngine::from_json(Uint8Array::from(&bytes[..]).into()).unwrap();
            let routes = [
                ("computeReportFromJson(string)", compute_report_from_json(JsValue::from_str(&data), query(q)).unwrap()),
                ("computeReport(object)", compute_report(parse(&data), query(q)).unwrap()),
                ("SpiEngine.fromJson(Uint8Array)", engine.report(query(q)).unwrap()),
            ];
            for (route, report) in routes {
                assert_eq!(text(&report), expected, "seed {seed}, {deals} deals, query {q}, via {route}");
            }
        }
    }
}

/// The numeric strings "NaN" and "Infinity" in JSON text are refused naming the field. (NaN and
/// Infinity as JS numbers never reach the module: the package entry refuses them at their path,
/// js/objects.js, tested in tests/js/objects.test.mjs and tests/js/gallery.test.mjs; the raw
/// glue's `computeReport` reads `JSON.stringify` of its argument.)
#[wasm_bindgen_test]
fn nan_and_infinity_strings_are_refused_with_their_path() {
    for shown in ["NaN", "Infinity"] {
        let text = format!(r#"{{"deals": [{{"id": "D-1", "amount": 1}}, {{"id": "D-2", "amount": "{shown}"}}]}}"#);
        let (code, path, message) = error_fields(compute_report_from_json(text.as_str().into(), None).unwrap_err());
        assert_eq!((code.as_str(), path.as_str()), ("invalid_value", "deals[1].amount"));
        assert!(message.ends_with(&format!("expected a number, got \"{shown}\"")), "{message}");
    }
}

/// The fast record reader's string scan is the module's own (Wasm SIMD128, 16 bytes at a time,
/// src/ingest/stream/fast.rs): with an end quote, an escape or a control character at every place
/// of strings up to three blocks long, it reads what serde_json reads, and declines only what serde_json refuses.
#[wasm_bindgen_test]
fn the_module_string_scan_reads_what_serde_json_reads() {
    use spi_wasm::ingest::stream::fast;
    for len in 0..48 {
        for at in 0..=len {
            for special in ["\"", "\\\"", "\\n", "\\u00e9", "\u{1}", "é"] {
                let mut text = "a".repeat(len);
                text.insert_str(at, special);
                let json = format!(r#"{{"owner": "x", "id": "{text}", "name": "{}"}}"#, "b".repeat(at));
                let expected = serde_json::from_str::<spi_wasm::model::Deal>(&json).map(|d| format!("{d:?}")).ok();
                match fast::deal(fast::Source::new(json.as_bytes())) {
                    Some((deal, read)) => assert_eq!((Some(format!("{deal:?}")), read), (expected, json.len()), "{json}"),
                    None => assert!(expected.is_none(), "declined {json}"),
                }
            }
        }
    }
}

/// The module counts newlines with Wasm SIMD128 (src/ingest/stream/position.rs): an error after
/// chunks already dropped, past more than 255 blocks of 16 bytes and a tail, names serde_json's
/// line and column for the whole input.
#[wasm_bindgen_test]
fn the_module_newline_count_places_errors_as_serde_json_does() {
    use spi_wasm::ingest::stream::JsonStream;
    for pad in 0..20 {
        let mut json = String::from("{\"deals\": [\n");
        for i in 0..3000 {
            json.push_str(&format!("{{\"id\": \"D-{i}\"{}}},\n", " ".repeat((i + pad) % 17)));
            if i % 7 == 0 {
                json.push_str("\n\n");
            }
        }
        json.push_str(&format!("{}{{\"id\": x}}]}}", "\n".repeat(pad)));
        let expected = serde_json::from_str::<serde_json::Value>(&json).unwrap_err();
        let mut stream = JsonStream::new();
        let error = json.as_bytes().chunks(8192 + 7 * pad).map(|chunk| stream.push(chunk)).find_map(Result::err);
        let message = error.or_else(|| stream.finish().err()).expect("refused").to_string();
        assert!(message.contains(&format!("(line {}, column {})", expected.line(), expected.column())), "{message} / {expected}");
    }
}
