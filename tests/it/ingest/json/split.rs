//! The resync scan that splits a canonical document into byte ranges (`ingest::stream::split`):
//! for every cut position, the two ranges' items concatenate to the whole document's items; the
//! whole document's records are what serde_json finds in its collection arrays (an independent
//! route); documents the reader refuses still give each record to exactly one range, as listed by
//! hand; and random cuts into k ranges (proptest) give each item once, in order.

use proptest::prelude::*;
use serde_json::Value;
use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::ingest::stream::split::{ranges, Index, Item, ItemKind};
use spi_wasm::store::Collection;

/// Valid JSON with structure inside strings (`"}"`, `"]"`, `","`, `\"`, `\\`, `\u` escapes), nested
/// `history` and `attributes`, records that are not objects, an escaped key, a `deals` key one
/// level down, and odd whitespace.
const TRICKY: &str = concat!(
    "\u{feff}{ \"settings\" : {\"baseCurrency\": \"USD\", \"note\": \"a \\\"}\\\" ] ,\"},\n",
    "\"stages\": [{\"id\": \"won\", \"kind\": \"won\", \"label\": \"W}o]n,\"}],\n",
    "\"deals\":[{\"id\": \"a\\\"},{\", \"amount\": 5, \"history\": [{\"stage\": \"x]\"}, {\"stage\": \"\\\\\"}],",
    " \"attributes\": {\"k\": {\"n\": [1, {\"m\": \"\\\\\\\"\"}]}}},\t{\"id\": \"\\u00e9\\\"\", \"amount\": 7} ,",
    " \"just a string\", 12 , null,[1,[2]] ,{}],\r\n",
    "\"de\\u0061ls2\": [1], \"leads\": [ ], \"other\": {\"deals\": [{\"id\": \"no\"}]},",
    " \"contacts\": [{\"id\": \"c\\\\\"}, {\"id\": \"\\\\\\\\\"}], \"activities\" : [ {\"id\": \"é ü 李\"} ] }\n"
);

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `spi generate`, small, with every collection.
fn generated() -> Vec<u8> {
    let mut text = Vec::new();
    let options = GenerateOptions { deals: 2, seed: 11, ..Default::default() };
    generate(&options, &mut text).expect("generated");
    text
}

/// The valid documents: generated, the alternative generator's (`node benches/gen-alt.mjs 6 3`,
/// saved), the canonical fixture, and the tricky one.
fn valid() -> Vec<(&'static str, Vec<u8>)> {
    vec![("generated", generated()), ("alt", fixture("split/alt.json")), ("small", fixture("small.json")), ("tricky", TRICKY.as_bytes().to_vec())]
}

fn text<'a>(bytes: &'a [u8], item: &Item) -> &'a str {
    std::str::from_utf8(&bytes[item.start..item.end]).expect("an item is cut at a structural byte, so it is UTF-8")
}

/// The document split at `cuts` (sorted), items of each range concatenated.
fn split_at(bytes: &[u8], index: &Index, cuts: &[usize]) -> Vec<Item> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(bytes.len());
    bounds.windows(2).flat_map(|w| index.items_in(bytes, w[0]..w[1])).collect()
}

/// The records serde_json finds in each collection array: the independent route.
#[test]
fn the_whole_document_gives_the_records_serde_json_finds() {
    for (name, bytes) in valid() {
        let index = Index::build(&bytes, 1 << 16);
        let items = index.items_in(&bytes, 0..bytes.len());
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let document: Value = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut records = 0;
        for collection in Collection::ALL {
            let expected = document.get(collection.key()).and_then(Value::as_array).cloned().unwrap_or_default();
            let found: Vec<Value> = items
                .iter()
                .filter(|i| i.kind == ItemKind::Record(collection))
                .map(|i| serde_json::from_str(text(&bytes, i)).unwrap_or_else(|e| panic!("{name}: {e} in {}", text(&bytes, i))))
                .collect();
            assert_eq!(found, expected, "{name}: {}", collection.key());
            records += expected.len();
        }
        assert!(records > 0, "{name} has records");
        for shared in index.shared() {
            let ItemKind::Value(key) = &shared.kind else { panic!("{name}: a shared record") };
            let value: Value = serde_json::from_str(text(&bytes, shared)).expect("shared value");
            assert_eq!(Some(&value), document.get(key), "{name}: {key}");
        }
        let others: Vec<&str> = items.iter().filter_map(|i| if let ItemKind::Value(k) = &i.kind { Some(k.as_str()) } else { None }).collect();
        let expected_others: Vec<&str> = if name == "tricky" { vec!["deals2", "other"] } else { vec![] };
        assert_eq!(others, expected_others, "{name}");
    }
}

/// The tricky document's records, listed by hand.
#[test]
fn the_tricky_document_has_the_records_written() {
    let bytes = TRICKY.as_bytes();
    let items = Index::build(bytes, 5).items_in(bytes, 0..bytes.len());
    let deals: Vec<&str> = items.iter().filter(|i| i.kind == ItemKind::Record(Collection::Deals)).map(|i| text(bytes, i)).collect();
    assert_eq!(deals.len(), 7, "{deals:?}");
    assert!(deals[0].starts_with("{\"id\": \"a\\\"},{\"") && deals[0].ends_with("}}}"), "{}", deals[0]);
    assert_eq!(&deals[1..], ["{\"id\": \"\\u00e9\\\"\", \"amount\": 7}", "\"just a string\"", "12", "null", "[1,[2]]", "{}"]);
    let contacts: Vec<&str> = items.iter().filter(|i| i.kind == ItemKind::Record(Collection::Contacts)).map(|i| text(bytes, i)).collect();
    assert_eq!(contacts, ["{\"id\": \"c\\\\\"}", "{\"id\": \"\\\\\\\\\"}"]);
    assert_eq!(items.iter().filter(|i| i.kind == ItemKind::Record(Collection::Leads)).count(), 0);
    assert_eq!(items.iter().filter(|i| i.kind == ItemKind::Record(Collection::Activities)).count(), 1);
}

/// Documents the reader refuses: each record (as the scan delimits it) goes to one range.
#[test]
fn refused_documents_still_give_each_record_once() {
    let cases: &[(&str, &[&str])] = &[
        ("{\"deals\": [{\"id\": \"a\", \"amount\": }, 1 2, {\"id\": \"b\"}, ]", &["{\"id\": \"a\", \"amount\": }", "1 2", "{\"id\": \"b\"}"]),
        ("{\"deals\": [{\"id\": \"a\"}, {\"id\": \"b", &["{\"id\": \"a\"}", "{\"id\": \"b"]),
        ("{\"deals\": [{\"id\": \"a\"}], \"d\\u0065als\": [{\"amount\": \"x\"}]}", &["{\"id\": \"a\"}", "{\"amount\": \"x\"}"]),
        ("{\"deals\": [1x, {\"a\": [}], 2]}", &["1x", "{\"a\": [}]", "2"]),
    ];
    for (doc, expected) in cases {
        let bytes = doc.as_bytes();
        for stride in [1, 3, 1000] {
            let index = Index::build(bytes, stride);
            let whole: Vec<&str> = index.items_in(bytes, 0..bytes.len()).iter().map(|i| text(bytes, i)).collect();
            assert_eq!(&whole, expected, "{doc}");
            for p in 0..=bytes.len() {
                assert_eq!(split_at(bytes, &index, &[p]), index.items_in(bytes, 0..bytes.len()), "{doc} cut at {p}");
            }
        }
    }
    // Values the reader refuses (a collection that is not an array, an unknown key) are items too.
    let bytes = b"{\"deals\": 5, \"x\": [1,]}";
    let items = Index::build(bytes, 2).items_in(bytes, 0..bytes.len());
    let kinds: Vec<(ItemKind, &str)> = items.iter().map(|i| (i.kind.clone(), text(bytes, i))).collect();
    assert_eq!(kinds, [(ItemKind::Value("deals".into()), "5"), (ItemKind::Value("x".into()), "[1,]")]);
}

/// Every cut position `p` of every document, with checkpoints at every byte and every 13 bytes: the
/// items of `p - W..p` then `p..p + W` are those of `p - W..p + W` (a window keeps the test linear
/// in the document's length; the window's ends are cuts too).
#[test]
fn every_cut_position_gives_each_item_once() {
    const W: usize = 257;
    let mut positions = 0;
    for (name, bytes) in valid() {
        for stride in [1, 13] {
            let index = Index::build(&bytes, stride);
            for p in 0..=bytes.len() {
                let (a, b) = (p.saturating_sub(W), (p + W).min(bytes.len()));
                let mut two = index.items_in(&bytes, a..p);
                two.extend(index.items_in(&bytes, p..b));
                assert_eq!(two, index.items_in(&bytes, a..b), "{name}, stride {stride}, cut at {p}");
                positions += 1;
            }
        }
        eprintln!("{name}: {} bytes", bytes.len());
    }
    assert!(positions > 20_000, "{positions} positions");
}

/// Every cut position of the small documents into two parts that cover them, with one checkpoint
/// only (the scan resumes from the document's start) and every 13 bytes.
#[test]
fn every_cut_into_two_parts_gives_the_whole_list() {
    for (name, bytes) in valid().into_iter().filter(|(_, b)| b.len() < 4000) {
        for stride in [13, usize::MAX] {
            let index = Index::build(&bytes, stride);
            let whole = index.items_in(&bytes, 0..bytes.len());
            for p in 0..=bytes.len() {
                assert_eq!(split_at(&bytes, &index, &[p]), whole, "{name}, stride {stride}, cut at {p}");
            }
        }
    }
}

#[test]
fn ranges_cover_the_input() {
    assert_eq!(ranges(10, 3), [0..3, 3..6, 6..10]);
    assert_eq!(ranges(2, 4), [0..0, 0..1, 1..1, 1..2]);
    assert_eq!(ranges(5, 0).first(), Some(&(0..5)));
    assert_eq!(ranges(5, 0).len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random cuts into k ranges, any checkpoint spacing.
    #[test]
    fn random_cuts_into_k_ranges(which in 0usize..4, stride in 1usize..200, cuts in proptest::collection::vec(0.0f64..1.0, 1..8)) {
        let (name, bytes) = valid().swap_remove(which);
        let index = Index::build(&bytes, stride);
        let mut cuts: Vec<usize> = cuts.iter().map(|c| (c * bytes.len() as f64) as usize).collect();
        cuts.sort_unstable();
        let whole = index.items_in(&bytes, 0..bytes.len());
        prop_assert_eq!(split_at(&bytes, &index, &cuts), whole, "{} cut at {:?}", name, cuts);
    }
}
