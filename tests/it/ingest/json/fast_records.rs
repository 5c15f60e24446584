//! The fast record readers (`ingest::stream::fast`) against serde_json: on generated records
//! (keys of deals, leads, activities and contacts, aliased, repeated, escaped and unknown; values
//! of every JSON kind, numbers in every form and size, valid and invalid dates, odd whitespace,
//! nested history, attributes and enrichment), wherever a fast reader reads a record, serde_json
//! reads the same record from the same bytes and ends at the same byte. Records a fast reader
//! declines are serde_json's alone, so they need no check.

use proptest::prelude::*;
use spi_wasm::ingest::stream::fast;
use spi_wasm::model::{Activity, Contact, Deal, Lead, Text};
use std::fmt::Debug;

/// What serde_json gives for the record at the front of `bytes`: the record and where it ended.
fn serde_read<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<(T, usize), String> {
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<T>();
    match values.next() {
        Some(Ok(record)) => Ok((record, values.byte_offset())),
        Some(Err(e)) => Err(e.to_string()),
        None => Err("no value".into()),
    }
}

fn serde_deal(bytes: &[u8]) -> Result<(Deal<'_>, usize), String> {
    serde_read(bytes)
}

/// Checks one record with one reader; true when the fast reader read it.
fn agrees<'a, T: serde::Deserialize<'a> + Debug>(
    text: &'a str,
    reader: fn(fast::Source<'a>) -> Option<(T, usize)>,
) -> Result<bool, TestCaseError> {
    // Checked as UTF-8 in advance or string by string, the reader reads the same.
    let read = reader(fast::Source::new(text.as_bytes()));
    let unchecked = reader(fast::Source::unchecked(text.as_bytes()));
    prop_assert_eq!(format!("{read:?}"), format!("{unchecked:?}"), "record: {}", text);
    let Some((deal, end)) = read else {
        return Ok(false);
    };
    match serde_read::<T>(text.as_bytes()) {
        Ok((expected, expected_end)) => {
            prop_assert_eq!(format!("{deal:?}"), format!("{expected:?}"), "record: {}", text);
            prop_assert_eq!(end, expected_end, "record: {}", text);
            Ok(true)
        }
        Err(e) => Err(TestCaseError::fail(format!("fast read {text} but serde_json failed: {e}"))),
    }
}

const NUMBERS: &[&str] = &[
    "0", "-0", "7", "-12", "60006.14", "1.50", "0.1", "0.30000000000000004", "1e5", "1E+2", "2.5e-3", "-3.25E-2",
    "123456789012345678", "1234567890123456789", "12345678901234567890123", "9007199254740993", "1e22", "1e23",
    "1e-22", "1e-23", "4.9e-324", "1e400", "-1e400", "01", "1.", ".5", "+1", "-", "1e", "1e+", "0.0000001",
    "99999999999999999999", "1e30", "3e25", "7.1e-29", "1.7976931348623157e308", "123.456e7", "-0.0", "5e0", "0e10",
];

const STRINGS: &[&str] = &[
    r#""D-1""#, r#""""#, r#""rep-23""#, r#""é ü 中""#, r#""a\"b""#, r#""a\\b""#, r#""\u0041""#, "\"tab\there\"",
    "\"ctl\u{1}\"", r#""  padded  ""#, r#""closed_won""#, r#""WON""#, r#""won""#, r#""lost""#,
    // Longer than one 8-byte word, with the quote, escape, control byte or non-ASCII at each place.
    r#""Soylent Labs starter new business""#, r#""Blue \"Sky\" Labs GmbH pro new business""#,
    r#""0123456\"89abcdef""#, r#""01234567\\9abcdef""#, "\"012345678\u{7}abcdef\"", "\"0123456\u{1f}\"",
    r#""0123456é89abcdef中""#, "\"0123456\u{7f}89\"", r#""0123456789abcde\n""#,
    // `\u` escapes: upper and lower case, a surrogate pair, lone and reversed surrogates, bad hex.
    r#""Soci\u00e9t\u00E9 1""#, r#""\ud83d\ude00!""#, r#""\ud83d""#, r#""\ude00\ud83d""#, r#""\ud83dx""#,
    r#""\u00g1""#, r#""\u004""#, r#""\u0000""#, r#""\ud83d\u0041""#,
];

const TIMES: &[&str] = &[
    r#""2024-11-23T08:00:13Z""#, r#""2025-04-11""#, r#""2025-04-11T10:00:00+02:00""#, r#""2025-02-30""#,
    r#""2025-13-01""#, r#""1700000000000""#, "1700000000000", r#""yesterday""#, r#""0000-01-01""#,
    r#""9999-12-31T23:59:59.999Z""#, r#""10000-01-01""#, r#"" 2025-01-01 ""#, "null",
];

const TEXT_FIELDS: &[&str] = &[
    "id", "name", "owner", "team", "segment", "persona", "source", "region", "product", "accountId", "contactId",
    "leadId", "currency", "stage", "status", "forecastCategory", "lostReason", "type", "direction", "outcome", "dealId", "email",
    "phone", "title", "company", "seniority",
];

const TIME_FIELDS: &[&str] = &["createdAt", "expectedCloseAt", "closedAt", "qualifiedAt", "convertedAt", "at", "updatedAt"];

const BOOLEANS: &[&str] = &["true", "false", "null", "\"true\"", "1", "nul"];

const SPACES: &[&str] = &["", " ", "\n", "\t", "\r\n  "];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

/// Any JSON-ish value (sometimes invalid), for unknown keys and for fields given the wrong kind.
fn any_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        pick(NUMBERS).prop_map(str::to_string),
        pick(STRINGS).prop_map(str::to_string),
        pick(&["true", "false", "null", "nul", "tru", "[1,]", "{\"a\":}"]).prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((pick(STRINGS), inner), 0..4).prop_map(|pairs| {
                let body: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

/// One history entry (an object, usually well formed).
fn history_entry() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        4 => pick(TIMES).prop_map(|t| format!("\"at\":{t}")),
        3 => pick(STRINGS).prop_map(|s| format!("\"stage\":{s}")),
        1 => pick(NUMBERS).prop_map(|n| format!("\"amount\":{n}")),
        1 => pick(TIMES).prop_map(|t| format!("\"expectedCloseAt\":{t}")),
        1 => pick(STRINGS).prop_map(|s| format!("\"owner\":{s}")),
        1 => pick(STRINGS).prop_map(|s| format!("\"forecastCategory\":{s}")),
        1 => Just("\"stage\":null".to_string()),
        1 => any_value().prop_map(|v| format!("\"note\":{v}")),
    ];
    prop::collection::vec(field, 0..5).prop_map(|fields| format!("{{{}}}", fields.join(",")))
}

/// One `"key": value` member of a deal.
fn member() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (pick(TEXT_FIELDS), pick(STRINGS)).prop_map(|(k, v)| format!("\"{k}\":{v}")),
        2 => pick(TEXT_FIELDS).prop_map(|k| format!("\"{k}\":null")),
        1 => (pick(TEXT_FIELDS), pick(NUMBERS)).prop_map(|(k, v)| format!("\"{k}\":{v}")),
        3 => pick(NUMBERS).prop_map(|n| format!("\"amount\":{n}")),
        1 => pick(&["\"12k\"", "\"1200\"", "true", "null"]).prop_map(|v| format!("\"amount\":{v}")),
        // Amounts as numeric strings, some that `str::parse::<f64>` refuses or reads as infinite.
        2 => pick(&["\"12345.67\"", "\" 12.5 \"", "\"1e400\"", "\"NaN\"", "\"inf\"", "\"-0\"", "\"1_0\"", "\"\\u0031\"", "\"\"", "\".5\"", "\"5.\""])
            .prop_map(|v| format!("\"amount\":{v}")),
        4 => (pick(TIME_FIELDS), pick(TIMES)).prop_map(|(k, v)| format!("\"{k}\":{v}")),
        3 => (pick(&["history", "stageHistory"]), prop::collection::vec(history_entry(), 0..4))
            .prop_map(|(k, entries)| format!("\"{k}\":[{}]", entries.join(","))),
        1 => pick(&["history", "attributes"]).prop_map(|k| format!("\"{k}\":null")),
        2 => prop::collection::vec((pick(STRINGS), any_value()), 0..4).prop_map(|pairs| {
            let body: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("\"attributes\":{{{}}}", body.join(","))
        }),
        2 => (pick(&["x", "notes", "i\\u0064", "Id", ""]), any_value()).prop_map(|(k, v)| format!("\"{k}\":{v}")),
        1 => pick(BOOLEANS).prop_map(|v| format!("\"automated\":{v}")),
        1 => (pick(BOOLEANS), pick(TIMES), any_value()).prop_map(|(m, t, v)| {
            format!("\"enrichment\":{{\"matched\":{m},\"matchedAt\":{t},\"provider\":{v}}}")
        }),
        1 => pick(&["null", "{}", "[]", "{\"matched\":true,\"matched\":false}", "\"yes\""])
            .prop_map(|v| format!("\"enrichment\":{v}")),
    ]
}

/// A deal record followed by what comes after it in an array (`,` or `]`).
fn record() -> impl Strategy<Value = String> {
    (prop::collection::vec((member(), pick(SPACES)), 0..12), pick(SPACES), pick(&[",", "]", ", {", ""]))
        .prop_map(|(members, pad, after)| {
            let body: Vec<String> = members.into_iter().map(|(m, s)| format!("{s}{m}{s}")).collect();
            format!("{{{}{pad}}}{after}", body.join(","))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_readers_read_what_serde_json_reads(text in record()) {
        agrees::<Deal>(&text, fast::deal)?;
        agrees::<Lead>(&text, fast::lead)?;
        agrees::<Activity>(&text, fast::activity)?;
        agrees::<Contact>(&text, fast::contact)?;
    }
}

/// The generator reaches records the fast reader reads and records it declines, so the
/// property above is not vacuous.
#[test]
fn the_fast_reader_takes_the_common_shape_and_declines_the_rest() {
    let common = r#"{"id":"D-1","owner":"rep-23","amount":60006.14,"currency":"USD","createdAt":"2024-11-23T08:00:13Z","closedAt":"2025-04-11","stage":"closed_won","status":"won","history":[{"at":"2024-11-23T08:00:13Z","stage":"prospecting"},{"at":"2025-04-11T23:40:24Z","stage":"closed_won"}],"attributes":{"industry":"saas","big":true,"n":null}}"#;
    let (deal, end) = fast::deal(fast::Source::new(common.as_bytes())).expect("the common shape is read");
    let escaped = r#"{"name":"Blue \"Sky\" Labs\n\t\\ \/ é"}"#;
    let (named, _) = fast::deal(fast::Source::new(escaped.as_bytes())).expect("one-letter escapes are read");
    assert_eq!(named.name.map(|t| t.0.into_owned()).as_deref(), Some("Blue \"Sky\" Labs\n\t\\ / é"));
    assert_eq!(end, common.len());
    assert_eq!(deal.amount.map(|n| n.0), Some(60006.14));
    assert_eq!(deal.history.as_ref().map(Vec::len), Some(2));
    let (expected, _) = serde_deal(common.as_bytes()).expect("serde_json reads it");
    assert_eq!(format!("{deal:?}"), format!("{expected:?}"));
    // The second generator's shape (benches/gen-alt.mjs): numeric-string amounts, epoch dates,
    // `\u` escapes, numbers and nested values in the attributes.
    let alt = r#"{"attributes":{"industry":"Health","score":25,"meta":{"source":{"channel":"web"},"tags":["a","b"]},"flag":true},"history":[{"stage":"prospecting","at":"1673938916616","amount":"97713.85"}],"amount":"97713.85","owner":"Zo\u00eb M\u00fcller","createdAt":1673938916616,"id":"A-0"}"#;
    let (deal, end) = fast::deal(fast::Source::new(alt.as_bytes())).expect("the second generator's shape is read");
    assert_eq!(end, alt.len());
    assert_eq!(deal.owner.as_ref().map(Text::as_str), Some("Zoë Müller"));
    assert_eq!(deal.amount.map(|n| n.0), Some(97713.85));
    let score = deal.attributes.as_ref().and_then(|a| a.0.iter().find(|(k, _)| k == "score")).map(|(_, v)| v.as_str());
    assert_eq!(score, Some("25"));
    let (expected, _) = serde_deal(alt.as_bytes()).expect("serde_json reads it");
    assert_eq!(format!("{deal:?}"), format!("{expected:?}"));
    for declined in [
        r#"{"id":"\ud83d"}"#,          // a lone surrogate: serde_json's error
        r#"{"i\u0064":"a"}"#,          // an escaped key
        r#"{"id":12}"#,                 // a number for text
        r#"{"amount":"12k"}"#,          // a string that is not a number: serde_json's error
        r#"{"attributes":{"n":1.5}}"#,  // a fractional attribute: serde_json writes it
        r#"{"amount":1e400}"#,          // out of range: serde_json's error
        r#"{"id":"a","id":"b"}"#,       // a duplicate field
        r#"{"history":[{"stage":"x"}]}"#, // `at` missing
        r#"{"id":"a",}"#,               // a trailing comma
        r#"{"createdAt":"2025-13-01"}"#, // an invalid date
        r#"{"id":"a""#,                 // cut short
    ] {
        assert!(fast::deal(fast::Source::new(declined.as_bytes())).is_none(), "{declined}");
    }
}

/// Bytes past the first invalid UTF-8 are checked string by string: a record before them is read
/// whole, an invalid string declines (serde_json's error), and a window checked in advance and
/// one checked string by string read the same.
#[test]
fn strings_past_invalid_utf8_are_checked_one_by_one() {
    let record = b"{\"id\":\"D-1\",\"owner\":\"Zo\xc3\xab\",\"stage\":\"won\"}";
    // The record, then a byte that is never UTF-8: the checked prefix covers the whole record.
    let mut window = record.to_vec();
    window.extend_from_slice(b",\xff");
    let (deal, end) = fast::deal(fast::Source::new(&window)).expect("read from the checked prefix");
    assert_eq!((deal.owner.as_ref().map(Text::as_str), end), (Some("Zo\u{eb}"), record.len()));
    // The invalid byte inside the record, in the value of a key skipped and in a value read:
    // declined both ways, and serde_json reads the record (it never checks a value it skips) or
    // names the error.
    let skipped = b"{\"id\":\"D-1\",\"x\":\"a\xffb\",\"stage\":\"won\"}";
    let read = b"{\"id\":\"D-1\",\"stage\":\"w\xc3\"}";
    for bad in [&skipped[..], read] {
        assert!(fast::deal(fast::Source::new(bad)).is_none());
        assert!(fast::deal(fast::Source::unchecked(bad)).is_none());
    }
    assert_eq!(serde_read::<Deal>(skipped).map(|(d, end)| (d.stage.map(|t| t.0.into_owned()), end)), Ok((Some("won".into()), skipped.len())));
    assert!(serde_read::<Deal>(read).is_err());
    // A window of two records cut inside a character: the second is read from its offset.
    let mut two = record.to_vec();
    two.extend_from_slice(b",{\"stage\":\"w\xc3\xa9\",\"id\":\"D-2\"},\xc3");
    let (deal, end) = fast::deal(fast::Source::new(&two).from(record.len() + 1)).expect("read");
    assert_eq!((deal.stage.as_ref().map(Text::as_str), deal.id.as_ref().map(Text::as_str)), (Some("w\u{e9}"), Some("D-2")));
    assert_eq!(end, two.len() - record.len() - 3);
    // Checked only up to the first record's end (a part read apart): the second is checked
    // string by string and reads the same.
    let (unchecked, unchecked_end) = fast::deal(fast::Source::checked_up_to(&two, record.len()).from(record.len() + 1)).expect("read");
    assert_eq!((format!("{unchecked:?}"), unchecked_end), (format!("{deal:?}"), end));
}

/// Every record of `collection` in the generated dataset takes the fast path and gives
/// serde_json's record.
fn all_fast<'a, T: serde::Deserialize<'a> + Debug>(records: &'a [String], reader: fn(fast::Source<'a>) -> Option<(T, usize)>) {
    assert!(records.len() >= 300);
    for one in records {
        let (fast_record, end) = reader(fast::Source::new(one.as_bytes())).unwrap_or_else(|| panic!("declined {one}"));
        let (expected, _) = serde_read::<T>(one.as_bytes()).expect("serde reads it");
        assert_eq!(format!("{fast_record:?}"), format!("{expected:?}"));
        assert_eq!(end, one.len());
    }
}

#[test]
fn generated_records_are_read_by_the_fast_readers() {
    // The canonical generator's records (names with quotes and other escapes included).
    let mut text = Vec::new();
    let options = spi_wasm::generate::GenerateOptions { deals: 300, seed: 5, ..Default::default() };
    spi_wasm::generate::generate(&options, &mut text).expect("generated");
    let value: serde_json::Value = serde_json::from_slice(&text).expect("generated JSON");
    let records = |key: &str| -> Vec<String> {
        let list = value.get(key).and_then(|d| d.as_array()).expect("collection");
        list.iter().map(|r| serde_json::to_string(r).expect("record")).collect()
    };
    let (deals, leads, activities, contacts) = (records("deals"), records("leads"), records("activities"), records("contacts"));
    all_fast::<Deal>(&deals, fast::deal);
    all_fast::<Lead>(&leads, fast::lead);
    all_fast::<Activity>(&activities, fast::activity);
    all_fast::<Contact>(&contacts, fast::contact);
}
