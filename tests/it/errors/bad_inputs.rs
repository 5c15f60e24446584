//! The bad-input gallery: every file in `tests/gallery/` is a malformed dataset (or a valid one
//! under a malformed query), and `tests/gallery/expected.json` says what it must give: the exact
//! error `code` and `path` with a fragment of its message, or a warning's code with its count (and
//! example ids), or a health check's count. `tests/js/gallery.test.mjs` runs the same table
//! through the built Wasm package, so the JS boundary gives the same answers.
//!
//! Routes: `.csv` files, cases with a `mapping` and cases with `"via": "files"` go through
//! `Dataset::builder()` (the CLI's `--data`, JS's `SpiEngine.fromFiles`); other `.json` files
//! through `Dataset::from_json`, and, when the text parses as JSON at all, a second time as a
//! parsed value through `Dataset::from_deserializer` (the route JS objects take): that must give
//! the same answer unless the case says otherwise in `objects` (`null`: not comparable).
//!
//! TODO(lead): when the input limits (size, record count, string length) land, add a case per
//! limit here (a file just past it, with its error code and path).

use serde_json::Value;
use spi_wasm::{Dataset, InputError, Query};
use std::path::{Path, PathBuf};

fn gallery() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gallery")
}

fn cases() -> Vec<Value> {
    let text = std::fs::read(gallery().join("expected.json")).expect("tests/gallery/expected.json");
    match serde_json::from_slice(&text).expect("expected.json is JSON") {
        Value::Array(cases) => cases,
        other => panic!("expected.json: an array of cases, got {other}"),
    }
}

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

/// The mapping as `Dataset::builder` takes it: a preset name, or mapping JSON text. A string that
/// is not a preset name is mapping text as written (possibly broken, on purpose).
fn mapping(case: &Value) -> Option<Result<spi_wasm::Mapping, InputError>> {
    match case.get("mapping")? {
        Value::String(text) => Some(spi_wasm::Mapping::parse(text)),
        other => Some(spi_wasm::Mapping::parse(&other.to_string())),
    }
}

fn through_files(case: &Value, bytes: &[u8]) -> Result<Dataset, InputError> {
    let mapping = mapping(case).transpose()?;
    let mut sources = Dataset::builder();
    sources.add(Some(str_of(case, "file")), bytes, mapping.as_ref())?;
    sources.finish()
}

fn is_files_route(case: &Value) -> bool {
    let file = str_of(case, "file");
    file.ends_with(".csv") || case.get("mapping").is_some() || case.get("via").and_then(Value::as_str) == Some("files")
}

/// Loads and reports; the first error wherever it happens (dataset, query or report).
fn outcome(case: &Value, loaded: Result<Dataset, InputError>) -> Result<(Dataset, spi_wasm::Report), InputError> {
    let dataset = loaded?;
    let query = match case.get("query") {
        Some(q) => Query::from_json(q.to_string().as_bytes())?,
        None => Query::default(),
    };
    let report = dataset.report(&query)?;
    Ok((dataset, report))
}

/// Checks one outcome against an expectation; `Err` says what differs.
fn check(expect: &Value, got: &Result<(Dataset, spi_wasm::Report), InputError>) -> Result<(), String> {
    if let Some(e) = expect.get("error") {
        let err = match got {
            Err(err) => err,
            Ok(_) => return Err(format!("accepted, expected {e}")),
        };
        let (code, path, fragment) = (str_of(e, "code"), str_of(e, "path"), str_of(e, "message"));
        if (err.code(), err.path()) != (code, path) || !err.message().contains(fragment) {
            return Err(format!("got {} at \"{}\": {}; expected {code} at \"{path}\" with \"{fragment}\"", err.code(), err.path(), err.message()));
        }
        return Ok(());
    }
    let (_, report) = got.as_ref().map_err(|e| format!("refused: {} at \"{}\": {}", e.code(), e.path(), e.message()))?;
    if let Some(w) = expect.get("warning") {
        let code = str_of(w, "code");
        let matching: Vec<_> = report.warnings.iter().filter(|x| x.code == code).collect();
        let count: u64 = matching.iter().map(|x| x.count).sum();
        let examples: Vec<&str> = matching.iter().flat_map(|x| x.examples.iter().map(String::as_str)).collect();
        if Some(count) != w["count"].as_u64() {
            return Err(format!("{code}: count {count}, expected {}; warnings {:?}", w["count"], report.warnings));
        }
        if let Some(want) = w.get("examples") {
            let want: Vec<&str> = want.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            if examples != want {
                return Err(format!("{code}: examples {examples:?}, expected {want:?}"));
            }
        }
    }
    if let Some(h) = expect.get("health") {
        let (id, collection) = (str_of(h, "id"), str_of(h, "collection"));
        let check = report.health.iter().find(|c| c.id == id && serde_json::to_value(c.collection).ok().as_ref().and_then(Value::as_str) == Some(collection));
        let count = check.map(|c| c.count);
        if count != h["count"].as_u64() {
            return Err(format!("health {id} on {collection}: {count:?}, expected {}", h["count"]));
        }
    }
    Ok(())
}

/// The expectation for the parsed-value route: `objects` when given (`null`: none), else the case's own.
fn objects_expectation(case: &Value) -> Option<Value> {
    match case.get("objects") {
        None => Some(case.clone()),
        Some(Value::Null) => None,
        Some(error) => Some(serde_json::json!({ "error": error })),
    }
}

#[test]
fn every_gallery_case_gives_its_exact_error_or_warning() {
    let cases = cases();
    let mut failures = Vec::new();
    let mut object_routes = 0;
    for (i, case) in cases.iter().enumerate() {
        let file = str_of(case, "file");
        let bytes = std::fs::read(gallery().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let label = format!("#{i} {file}");
        if is_files_route(case) {
            if let Err(why) = check(case, &outcome(case, through_files(case, &bytes))) {
                failures.push(format!("{label} (files): {why}"));
            }
            continue;
        }
        if let Err(why) = check(case, &outcome(case, Dataset::from_json(&bytes))) {
            failures.push(format!("{label} (JSON bytes): {why}"));
        }
        // The parsed-value route, when the text is JSON at all (serde_json's own limits apply:
        // no NaN literal, nesting up to 128 levels).
        if let (Ok(value), Some(expect)) = (serde_json::from_slice::<Value>(&bytes), objects_expectation(case)) {
            object_routes += 1;
            if let Err(why) = check(&expect, &outcome(case, Dataset::from_deserializer(value))) {
                failures.push(format!("{label} (parsed value): {why}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
    assert!(cases.len() >= 40 && object_routes >= 30, "{} cases, {object_routes} through parsed values", cases.len());
}

#[test]
fn every_gallery_file_has_a_case() {
    let named: Vec<String> = cases().iter().map(|c| str_of(c, "file").to_string()).collect();
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(gallery()).expect("tests/gallery") {
        let name = entry.expect("entry").file_name().to_string_lossy().to_string();
        if name != "expected.json" && !named.contains(&name) {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "files without a case in expected.json: {orphans:?}");
}

/// Nesting far past serde_json's recursion limit, in a field the schema ignores, is skipped
/// without recursing (no stack overflow) and the rest of the dataset is read.
#[test]
fn deep_nesting_in_an_ignored_field_is_skipped() {
    let depth = 100_000;
    let json = format!(r#"{{"export": {}{}, "deals": [{{"id": "D-1", "attributes": {{"x": {}{}}}}}]}}"#, "[".repeat(depth), "]".repeat(depth), "[".repeat(depth), "]".repeat(depth));
    let dataset = Dataset::from_json(json.as_bytes()).expect("ignored nesting is skipped");
    assert_eq!(dataset.summary().deals, 1);
}
