//! A document read in parts (`ingest::stream::parts`: each byte range read on its own, the
//! builders merged in document order) gives the report of one read, byte for byte: for generated
//! documents (with duplicate ids, missing ids, `updatedAt`, epoch-second dates and an unknown key
//! added, so that dedup, stand-in ids and warnings cross the cuts) cut at random points into 1 to
//! 8 parts; and, worked by hand, a duplicate id and a deal's history on either side of a cut.

use proptest::prelude::*;
use serde_json::{json, Value};
use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::ingest::stream::parts::read_in_parts;
use spi_wasm::ingest::stream::JsonStream;
use spi_wasm::store::StoreBuilder;
use spi_wasm::{Dataset, Query};

fn query(text: &str) -> Query {
    Query::from_json(text.as_bytes()).expect("query")
}

/// The report JSON of a builder's store, for two queries (default and by owner, monthly), then
/// the store's strings in symbol order and its deals' symbols (so that the numbering is one
/// read's too, though the reports do not show it: they order groups by text).
fn reports(builder: StoreBuilder) -> Vec<String> {
    let store = builder.finish().expect("finish");
    let strings: Vec<&str> = (0..store.strings.len() as u32).map(|s| store.strings.resolve(s)).collect();
    let numbering = format!("{strings:?} {:?}", store.deals.iter().map(|d| [d.id, d.owner, d.stage]).collect::<Vec<_>>());
    let dataset = Dataset::from_store(store);
    let mut out: Vec<String> = ["{}", r#"{"groupBy": ["owner"], "cadence": "month"}"#]
        .iter()
        .map(|q| serde_json::to_string(&dataset.report(&query(q)).expect("report")).expect("json"))
        .collect();
    out.push(numbering);
    out
}

fn one_pass(bytes: &[u8]) -> StoreBuilder {
    JsonStream::new().read_all(bytes).expect("one read")
}

/// Reads in the parts cut at `cuts` (sorted); fails if the reader fell back to one pass.
fn in_parts(bytes: &[u8], cuts: &[usize]) -> StoreBuilder {
    let mut starts = vec![0];
    starts.extend_from_slice(cuts);
    read_in_parts(bytes, &StoreBuilder::new(), &starts).unwrap_or_else(|| panic!("read in parts at {cuts:?}, not in one pass"))
}

/// `spi generate` output with what crosses cuts added: every 5th deal repeated later with another
/// amount (and an `updatedAt` on some copies), every 7th deal without an id, epoch-second close
/// dates on some deals, an unknown top-level key in the middle, and `stages` after the records.
fn document(deals: usize, seed: u64, pretty: bool) -> Vec<u8> {
    let mut text = Vec::new();
    generate(&GenerateOptions { deals, seed, ..Default::default() }, &mut text).expect("generate");
    let mut doc: Value = serde_json::from_slice(&text).expect("generated JSON");
    let map = doc.as_object_mut().expect("object");
    let mut list = map.remove("deals").and_then(|d| d.as_array().cloned()).expect("deals");
    let copies: Vec<Value> = list
        .iter()
        .step_by(5)
        .enumerate()
        .map(|(k, d)| {
            let mut d = d.clone();
            d["amount"] = json!(1000 + k);
            if k % 2 == 0 {
                d["updatedAt"] = json!("2020-01-01T00:00:00Z");
            }
            d
        })
        .collect();
    for (k, d) in list.iter_mut().enumerate() {
        if k % 7 == 3 {
            d.as_object_mut().expect("deal").remove("id");
        }
        if k % 11 == 4 {
            d["closedAt"] = json!(1_700_000_000 + k as i64);
        }
    }
    list.extend(copies);
    // Members written by hand, in this order (serde_json's map would sort the keys).
    let stages = map.remove("stages");
    let mut members: Vec<(String, Value)> = Vec::new();
    for (key, value) in map.iter() {
        members.push((key.clone(), value.clone()));
        if key == "settings" {
            members.push(("deals".into(), Value::Array(list.clone())));
            members.push(("extra".into(), json!({"note": "a \"}\" ], in a string"})));
        }
    }
    members.extend(stages.map(|s| ("stages".to_string(), s)));
    let write = |v: &Value| if pretty { serde_json::to_string_pretty(v) } else { serde_json::to_string(v) }.expect("json");
    let body: Vec<String> = members.iter().map(|(k, v)| format!("{}: {}", write(&json!(k)), write(v))).collect();
    format!("{{{}}}", body.join(if pretty { ",\n" } else { "," })).into_bytes()
}

#[test]
fn the_generated_document_keeps_its_key_order() {
    // The test documents really have their unknown key among the collections and the stages
    // after the records.
    let bytes = document(20, 1, false);
    let text = String::from_utf8(bytes).expect("utf-8");
    let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k}"));
    assert!(at("deals") < at("extra") && at("extra") < at("stages"), "{}", &text[..200]);
}

/// Hand-worked: deal D1 is given twice, one copy on each side of the cut; the later copy (amount
/// 300, won on 2026-03-10 by its history) wins, as in one read. D2's history is cut in the middle:
/// the deal (it starts before the cut) is read whole by the first part. A deal without an id after
/// the cut is named `deals[3]`, its index in the whole array, not in its part.
#[test]
fn a_duplicate_and_a_history_across_the_cut_merge_as_one_read() {
    let text = r#"{"settings": {"currency": "USD", "asOf": "2026-06-01"},
 "deals": [
  {"id": "D1", "amount": 100, "stage": "proposal", "createdAt": "2026-01-05"},
  {"id": "D2", "amount": 50, "createdAt": "2026-01-02", "history": [
    {"at": "2026-01-02", "stage": "qualify"}, {"at": "2026-02-01", "stage": "proposal"}, {"at": "2026-02-20", "stage": "won"}]},
  {"id": "D1", "amount": 300, "createdAt": "2026-01-05", "history": [{"at": "2026-03-10", "stage": "won"}]},
  {"amount": 7, "createdAt": "2026-01-09"}
 ]}"#;
    let bytes = text.as_bytes();
    let cut_in_history = text.find(r#"{"at": "2026-02-01""#).expect("D2's second entry");
    let cut_between_copies = text.find(r#"{"id": "D1", "amount": 300"#).expect("second D1");
    for cut in [cut_in_history, cut_between_copies] {
        let merged = in_parts(bytes, &[cut]);
        let store = merged.finish().expect("finish");
        let ids: Vec<&str> = store.deals.iter().map(|d| store.strings.resolve(d.id)).collect();
        // D1's first copy dropped; the stand-in is named by its place in the whole array.
        assert_eq!(ids, ["D2", "D1", "deals[3]"], "cut at {cut}");
        let d1 = &store.deals[1];
        assert_eq!(d1.amount, 300.0);
        assert_eq!(d1.closed, 1_773_100_800_000, "2026-03-10T00:00:00Z");
        let d2 = &store.deals[0];
        assert_eq!(store.deal_history(d2).len(), 3, "D2's history read whole though cut");
        assert_eq!(d2.closed, 1_771_545_600_000, "2026-02-20T00:00:00Z");
        let merged = store.warnings.iter().find(|w| w.code == "duplicates_merged").expect("dedup warning");
        assert_eq!((merged.count, merged.examples.clone()), (1, vec!["D1".to_string()]));
        let missing = store.warnings.iter().find(|w| w.code == "missing_id").expect("missing id warning");
        assert_eq!((missing.count, missing.examples.clone()), (1, vec!["deals[3]".to_string()]));
        assert_eq!(reports(in_parts(bytes, &[cut])), reports(one_pass(bytes)));
    }
}

/// Warnings counted in several parts add up, and their examples are the first five of the whole
/// document in order: 7 deals with an unmapped status, cut after the third and the sixth.
#[test]
fn warnings_merge_in_document_order() {
    let deals: Vec<String> = (0..7).map(|i| format!(r#"{{"id": "S{i}", "status": "maybe", "stage": "won"}}"#)).collect();
    let text = format!(r#"{{"deals": [{}]}}"#, deals.join(","));
    let bytes = text.as_bytes();
    let cuts = [text.find("\"S3\"").expect("S3") - 7, text.find("\"S6\"").expect("S6") - 7];
    let store = in_parts(bytes, &cuts).finish().expect("finish");
    let w = store.warnings.iter().find(|w| w.code == "unmapped_status").expect("warning");
    assert_eq!(w.count, 7);
    assert_eq!(w.examples, ["S0", "S1", "S2", "S3", "S4"]);
}

/// What one read refuses is never read in parts: a trailing comma between records, a document
/// cut short, a key given twice. `read_in_parts` declines, and the caller reads in one pass.
#[test]
fn invalid_documents_are_not_read_in_parts() {
    let ok = r#"{"deals": [{"id": "a"}, {"id": "b"}]}"#;
    assert!(read_in_parts(ok.as_bytes(), &StoreBuilder::new(), &[0, 12]).is_some());
    for bad in [r#"{"deals": [{"id": "a"},, {"id": "b"}]}"#, r#"{"deals": [{"id": "a"}, {"id": "b"},]}"#, r#"{"deals": [{"id": "a"}, {"id": "b"}"#,
        r#"{"deals": [{"id": "a"}], "deals": [{"id": "b"}]}"#, r#"{"deals": [{"id": "a"} {"id": "b"}]}"#, r#"[{"id": "a"}]"#,
        r#"{"deals": [{"id": "a"}, {"id": "b"}]} x"#] {
        let half = bad.len() / 2;
        assert!(read_in_parts(bad.as_bytes(), &StoreBuilder::new(), &[0, half]).is_none(), "{bad}");
        assert!(JsonStream::new().read_all(bad.as_bytes()).is_err(), "one read refuses {bad}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random cuts into 1 to 8 parts: the merged reports equal one read's, byte for byte.
    #[test]
    fn random_cuts_give_the_one_read_report(seed in 1u64..1000, deals in 5usize..60, pretty in any::<bool>(),
        cuts in proptest::collection::vec(0.0f64..1.0, 0..8)) {
        let bytes = document(deals, seed, pretty);
        let mut cuts: Vec<usize> = cuts.iter().map(|c| (c * bytes.len() as f64) as usize).collect();
        cuts.sort_unstable();
        let expected = reports(one_pass(&bytes));
        prop_assert_eq!(reports(in_parts(&bytes, &cuts)), expected, "cuts {:?}", cuts);
    }
}
