//! The streaming JSON reader: any chunking gives what one chunk gives (the same dataset, or the
//! same error at the same place); syntax errors sit where serde_json reading the whole document
//! puts them; data errors carry the path that the path-tracking serde route finds; the limits
//! refuse with their own codes; and between chunks only the unfinished record is kept.

use serde::de::IgnoredAny;
use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::ingest::stream::{JsonStream, Limits};
use spi_wasm::{Dataset, InputError, Query};

/// A valid dataset, or a few hand-written edge cases, mutated one byte at a time (mostly
/// invalid), deterministically.
fn corpus() -> Vec<Vec<u8>> {
    let mut bases: Vec<Vec<u8>> = ["small.json", "cli_deals.json", "beyond_history.json"]
        .iter()
        .map(|f| std::fs::read(format!("{}/tests/fixtures/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .collect();
    let edges: &[&str] = &[
        "", " ", "{}", "[]", "null", "12", "\"x\"", "{", "{\"deals\"", "{\"deals\": [", "{\"deals\": [{}]}",
        "{\"deals\": [{}]} x", "{\"deals\": [{}],}", "{\"deals\": [{},]}", "{,}", "{\"a\" 1}", "{\"deals\": {\"id\": \"a\"}}",
        "{\"deals\": 5}", "{\"deals\": null, \"leads\": null}", "{\"deals\": [1]}", "{\"deals\": [null]}",
        "{\"stages\": [{\"id\": \"a\", \"kind\": \"x\"}]}", "{\"settings\": 3}", "{\"fx\": {\"EUR\": \"x\"}}",
        "{\"de\\u0061ls\": [{\"id\": \"a\", \"amount\": \"12k\"}]}", "\u{feff}{\"deals\": [{\"id\": \"a\", \"amount\": x}]}",
        "{\"deals\": [{\"id\": \"a\"}], \"deals\": [{\"amount\": \"x\"}]}",
        "{\"other\": [1, [2, {\"a\": \"}]\"}], \"\\\"\"], \"deals\": [{\"id\": \"q\", \"amount\": true}]}",
        "{\"x\": [1,]}", "{\"x\": [1 2]}", "{\"x\": [1x]}", "{\"deals\": [{\"id\": 1e}]}", "{\"deals\": [{\"amount\": 1e5, \"id\": \"z\"}]}",
        "{\"deals\": [{\"id\": \"a\"}]}\n\n  \n]",
    ];
    bases.extend(edges.iter().map(|e| e.as_bytes().to_vec()));
    let mut out = bases.clone();
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let bytes: &[u8] = b",}]\"x\n1{[:\\ -e.";
    for base in bases.iter().take(3) {
        for _ in 0..150 {
            let mut v = base.clone();
            let at = next(v.len());
            let b = bytes[next(bytes.len())];
            match next(3) {
                0 => drop(v.remove(at)),
                1 => v.insert(at, b),
                _ => v[at] = b,
            }
            out.push(v);
        }
    }
    out
}

/// The ingested store (every row, string and warning) or the error, as comparable text.
fn outcome(result: Result<Dataset, InputError>) -> String {
    match result {
        Ok(d) => format!("{:?}", d.store()),
        Err(e) => format!("error {}|{}|{}", e.code(), e.path(), e.message()),
    }
}

/// A report, for the generated dataset: the figures agree too.
fn report(d: &Dataset) -> String {
    let q = Query::from_json(br#"{"from": "2025-01-01", "to": "2026-07-01", "cadence": "month", "groupBy": ["owner"]}"#).unwrap();
    serde_json::to_string(&d.report(&q).unwrap()).unwrap()
}

fn streamed(bytes: &[u8], chunk: usize, limits: Limits) -> Result<Dataset, InputError> {
    let mut stream = JsonStream::with_limits(limits);
    for piece in bytes.chunks(chunk.max(1)) {
        stream.push(piece)?;
    }
    stream.finish().map(Dataset::from_store)
}

#[test]
fn any_chunking_reads_the_same_as_one_chunk() {
    for (i, input) in corpus().iter().enumerate() {
        let whole = outcome(Dataset::from_json(input));
        for chunk in [1, 2, 3, 7, 64, 1000] {
            let parts = outcome(streamed(input, chunk, Limits::default()));
            assert_eq!(parts, whole, "input #{i} in chunks of {chunk}: {:?}", String::from_utf8_lossy(input));
        }
    }
}

#[test]
fn syntax_errors_are_placed_where_serde_json_places_them() {
    let mut checked = 0;
    for input in corpus() {
        let Err(e) = Dataset::from_json(&input) else { continue };
        if e.code() != "invalid_json" {
            continue;
        }
        // The first problem is a syntax error, so serde_json reading the same bytes without a
        // schema stops at the same byte: reading them as a Value, or skipping them as IgnoredAny
        // (which the reader does for unknown keys, and which places string errors differently).
        let bom = input.starts_with(b"\xEF\xBB\xBF") as usize * 3;
        let place = |e: serde_json::Error| format!("(line {}, column {})", e.line(), e.column());
        let read = place(serde_json::from_slice::<serde_json::Value>(&input[bom..]).expect_err("serde_json refuses it too"));
        let skipped = place(serde_json::from_slice::<IgnoredAny>(&input[bom..]).expect_err("serde_json refuses it too"));
        assert!(e.message().ends_with(&read) || e.message().ends_with(&skipped), "{} vs serde_json {read} / {skipped}", e.message());
        checked += 1;
    }
    assert!(checked > 100, "only {checked} syntax errors in the corpus");
}

#[test]
fn data_errors_have_the_path_the_tracking_reader_finds() {
    let mut checked = 0;
    for input in corpus() {
        if serde_json::from_slice::<IgnoredAny>(&input).is_err() {
            continue;
        }
        let streamed = Dataset::from_json(&input);
        // The serde route used for JS objects: path_to_error over the whole document.
        let tracked = Dataset::from_deserializer(&mut serde_json::Deserializer::from_slice(&input));
        match (streamed, tracked) {
            (Err(a), Err(b)) if a.code() == "invalid_value" && !b.message().starts_with("stages[") => {
                // That route keeps serde_json's " at line L column C" and names the root ".".
                let message = b.message().split(" at line ").next().unwrap_or_default();
                let path = if b.path() == "." { "" } else { b.path() };
                assert_eq!((a.path(), a.message()), (path, message));
                checked += 1;
            }
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{a:?} vs {b:?}"),
        }
    }
    assert!(checked > 30, "only {checked} data errors in the corpus");
}

#[test]
fn a_stage_error_names_the_stage_in_its_path() {
    let e = Dataset::from_json(br#"{"stages": [{"id": "a"}, {"id": "b", "kind": "maybe"}]}"#).unwrap_err();
    assert_eq!((e.code(), e.path(), e.message()), ("invalid_value", "stages[1].kind", "expected \"open\", \"won\" or \"lost\", got \"maybe\""));
}

#[test]
fn a_generated_dataset_reads_the_same_in_chunks_of_any_size() {
    let mut bytes = Vec::new();
    generate(&GenerateOptions { deals: 300, seed: 3, ..GenerateOptions::default() }, &mut bytes).unwrap();
    let whole = Dataset::from_json(&bytes).unwrap();
    let expected = outcome(Ok(whole.clone()));
    for chunk in [1, 977, 65_536] {
        let parts = streamed(&bytes, chunk, Limits::default()).unwrap();
        assert_eq!(outcome(Ok(parts.clone())), expected, "chunks of {chunk}");
        assert_eq!(report(&parts), report(&whole), "chunks of {chunk}");
    }
    let s = whole.summary();
    let records = s.deals + s.leads + s.activities + s.contacts + s.quotas + s.forecasts;
    let mut stream = JsonStream::new();
    stream.push(&bytes).unwrap();
    assert_eq!(stream.progress().records, records as u64);
    assert_eq!(stream.progress().bytes, bytes.len() as u64);
}

#[test]
fn between_chunks_only_the_unfinished_record_is_kept() {
    let record = r#"{"id": "D-0000", "owner": "ana", "amount": 1200, "createdAt": "2026-01-05", "history": [{"at": "2026-01-05", "stage": "a"}]}"#;
    let mut text = String::from("{\"deals\": [");
    for i in 0..20_000 {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&record.replace("0000", &format!("{i:04}")));
    }
    text.push_str("]}");
    let mut stream = JsonStream::new();
    let mut most = 0;
    for piece in text.as_bytes().chunks(4096) {
        stream.push(piece).unwrap();
        most = most.max(stream.buffered());
    }
    assert!(most <= record.len() + 2, "kept {most} bytes between chunks");
    assert_eq!(stream.finish().unwrap().deals.len(), 20_000);
}

#[test]
fn a_record_longer_than_the_chunks_is_read_in_linear_time() {
    // One deal of ~2 MB (many attributes) fed 100 bytes at a time: every push must not re-read
    // the whole pending record, or this takes minutes.
    let attributes: Vec<String> = (0..60_000).map(|i| format!("\"k{i}\": \"v\"")).collect();
    let text = format!("{{\"deals\": [{{\"id\": \"big\", \"attributes\": {{{}}}}}]}}", attributes.join(", "));
    let store = streamed(text.as_bytes(), 100, Limits::default()).unwrap();
    assert_eq!(store.store().attributes.len(), 60_000);
}

fn error(result: Result<Dataset, InputError>) -> (String, String, String) {
    let e = result.expect_err("must be refused");
    (e.code().to_string(), e.path().to_string(), e.message().to_string())
}

#[test]
fn a_string_over_the_limit_is_refused_with_its_path() {
    let limits = Limits { max_string_bytes: 64, ..Limits::default() };
    let long = "x".repeat(65);
    let text = format!(r#"{{"deals": [{{"id": "a"}}, {{"id": "b", "history": [{{"at": "2026-01-01", "owner": "{long}"}}]}}]}}"#);
    for chunk in [1, 10, 10_000] {
        let (code, path, message) = error(streamed(text.as_bytes(), chunk, limits));
        assert_eq!((code.as_str(), path.as_str()), ("string_too_long", "deals[1].history[0].owner"), "chunks of {chunk}");
        assert!(message.contains("64 bytes"), "{message}");
    }
    // Exactly at the limit is fine; a long key or settings value is caught too.
    let ok = text.replace(&long, &"x".repeat(64));
    assert!(streamed(ok.as_bytes(), 7, limits).is_ok());
    let key = format!(r#"{{"{long}": 1}}"#);
    assert_eq!(error(streamed(key.as_bytes(), 5, limits)).1, "");
    let setting = format!(r#"{{"settings": {{"currency": "{long}"}}}}"#);
    assert_eq!(error(streamed(setting.as_bytes(), 5, limits)).1, "settings.currency");
}

#[test]
fn a_string_over_the_default_limit_is_refused_before_it_ends() {
    // 3 MB of one unterminated string: refused once 1 MB of it is read, not buffered to the end.
    let mut stream = JsonStream::new();
    stream.push(br#"{"deals": [{"id": "a", "name": ""#).unwrap();
    let chunk = vec![b'x'; 64 << 10];
    let mut refused = None;
    for i in 0..48 {
        if let Err(e) = stream.push(&chunk) {
            refused = Some((i, e));
            break;
        }
    }
    let (i, e) = refused.expect("refused");
    assert!((16..=34).contains(&i), "refused after {i} chunks of 64 KB");
    assert_eq!((e.code(), e.path()), ("string_too_long", "deals[0].name"));
    assert_eq!(e.message(), "a string longer than the limit of 1,048,576 bytes");
    // The stream stays refused.
    assert_eq!(stream.push(b"\"}]}").unwrap_err(), e);
}

#[test]
fn a_collection_over_the_record_limit_is_refused() {
    let limits = Limits { max_records: 3, ..Limits::default() };
    let ok = r#"{"deals": [{"id": "a"}, {"id": "b"}, {"id": "c"}], "leads": [{"id": "l"}]}"#;
    assert!(streamed(ok.as_bytes(), 4, limits).is_ok());
    let over = r#"{"leads": [{"id": "l"}], "deals": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]}"#;
    let (code, path, message) = error(streamed(over.as_bytes(), 4, limits));
    assert_eq!((code.as_str(), path.as_str()), ("too_many_records", "deals[3]"));
    assert_eq!(message, "more than 3 deals: the limit is 3 records per collection");
}

#[test]
fn an_input_over_the_size_limit_is_refused() {
    let limits = Limits { max_input_bytes: 100, ..Limits::default() };
    let mut stream = JsonStream::with_limits(limits);
    let e = stream.expect_total(101).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input_too_large", ""));
    assert_eq!(e.message(), "the input is 101 bytes; the limit is 100 bytes: split the data (e.g. by year) into smaller files");
    // Without a size known in advance, the bytes pushed are counted.
    let mut stream = JsonStream::with_limits(limits);
    stream.expect_total(100).unwrap();
    stream.push(&[b' '; 60]).unwrap();
    let e = stream.push(&[b' '; 41]).unwrap_err();
    assert_eq!(e.code(), "input_too_large");
    assert!(e.message().starts_with("the input is more than 100 bytes"), "{}", e.message());
    assert_eq!(Limits::default().max_input_bytes, 2_500_000_000);
}

#[test]
fn deep_nesting_is_skipped_or_refused_as_a_type_error_without_recursion() {
    // Values the reader skips (unknown keys and fields) are skipped without recursion, at any
    // depth; where a typed value is expected, a nested array fails as a type error at once.
    let skipped = format!(r#"{{"x": {}1{}, "deals": [{{"id": "a", "custom": {}1{}}}]}}"#, "[".repeat(5000), "]".repeat(5000), "{\"a\": [".repeat(5000), "]}".repeat(5000));
    assert_eq!(Dataset::from_json(skipped.as_bytes()).unwrap().summary().deals, 1);
    let typed = format!(r#"{{"deals": [{{"id": "a", "amount": {}1{}}}]}}"#, "[".repeat(5000), "]".repeat(5000));
    for chunk in [3, 100_000] {
        let (code, path, message) = error(streamed(typed.as_bytes(), chunk, Limits::default()));
        assert_eq!((code.as_str(), path.as_str()), ("invalid_value", "deals[0].amount"));
        assert!(message.starts_with("invalid type: sequence, expected a number"), "{message}");
    }
}

#[test]
fn a_byte_order_mark_split_across_chunks_is_skipped() {
    let text = "\u{feff}{\"deals\": [{\"id\": \"a\", \"amount\": \"12k\"}]}";
    let (_, path, message) = error(streamed(text.as_bytes(), 1, Limits::default()));
    assert_eq!((path.as_str(), message.as_str()), ("deals[0].amount", "expected a number, got \"12k\""));
    let broken = "\u{feff}{\"deals\": x}";
    for chunk in [1, 2, 100] {
        let (_, _, message) = error(streamed(broken.as_bytes(), chunk, Limits::default()));
        assert_eq!(message, "expected value (line 1, column 11)");
    }
}
