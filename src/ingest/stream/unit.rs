//! One value read with serde_json from the front of the bytes at hand: a record, the settings,
//! fx or stages, or a value the reader skips. The value may be cut by the end of a chunk; that is
//! told apart from an error in it, and only an error is located, from the place serde_json gives
//! ([`crate::json_path`]).

use super::position::{index_of, Position};
use serde::Deserialize;
use serde_json::de::SliceRead;
use serde_json::StreamDeserializer;

/// The outcome of reading one value from the front of `bytes`.
pub enum Read<T> {
    /// The value and the number of bytes it took.
    Value(T, usize),
    /// The value does not end within `bytes`: more input is needed.
    More,
    /// The value is invalid.
    Failed(serde_json::Error),
}

/// Reads one `T` from the front of `bytes` (which starts at the value, not at whitespace).
/// `last`: no more input follows, so a value cut short is an error rather than [`Read::More`].
pub fn read<'de, T: Deserialize<'de>>(bytes: &'de [u8], last: bool) -> Read<T> {
    let mut values = StreamDeserializer::<_, T>::new(SliceRead::new(bytes));
    match values.next() {
        Some(Ok(value)) => {
            let end = values.byte_offset();
            // `12` at the end of a chunk may be the start of `125`.
            if !last && end >= bytes.len() && !self_delimited(bytes) {
                return Read::More;
            }
            Read::Value(value, end)
        }
        Some(Err(e)) if !last && cut_short(bytes, &e) => Read::More,
        Some(Err(e)) if is_trailing(&e) => {
            // A scalar followed by a stray byte (`[1x]`): the value itself is fine; the reader
            // reports the stray byte as serde_json does when reading the whole document.
            let end = values.byte_offset();
            match bytes.get(..end).map(serde_json::from_slice::<T>) {
                Some(Ok(value)) => Read::Value(value, end),
                Some(Err(e)) => Read::Failed(e),
                None => Read::Failed(e),
            }
        }
        Some(Err(e)) => Read::Failed(e),
        None if last => Read::Failed(eof_value()),
        None => Read::More,
    }
}

/// `prefix` followed by a path relative to the value at `prefix` (as `crate::json_path::error_path` gives it).
pub fn join(prefix: &str, relative: &str) -> String {
    match relative {
        "." | "" => prefix.to_string(),
        r if prefix.is_empty() => r.to_string(),
        r if r.starts_with('[') => format!("{prefix}{r}"),
        r => format!("{prefix}.{r}"),
    }
}

/// A path as errors name it: without serde_path_to_error's `.` for the root and its trailing `?`
/// for a key not yet read (a syntax error inside `deals[0]` is at `deals[0]`, not `deals[0].?`).
pub fn tidy(path: &str) -> String {
    let mut path = path;
    while let Some(rest) = path.strip_suffix('?') {
        path = rest.strip_suffix('.').unwrap_or(rest);
    }
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// serde_json's message without its " at line L column C" suffix.
pub fn bare_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(&message).to_string(),
        None => message,
    }
}

/// The position serde_json gives for `error`, relative to the bytes it read.
pub fn position(error: &serde_json::Error) -> Position {
    Position { line: error.line() as u64, column: error.column() as u64 }
}

/// True when serde_json gave up because it ran out of nesting depth.
pub fn is_too_deep(error: &serde_json::Error) -> bool {
    error.is_syntax() && error.to_string().starts_with("recursion limit exceeded")
}

/// Objects, arrays and strings end with their own closing byte; numbers and `true`... do not.
fn self_delimited(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(b'{' | b'[' | b'"'))
}

/// True when the error may only mean that `bytes` stops inside the value: serde_json ran out of
/// input, or stopped at the last byte (`1e` of `1e5`, a string whose check needs what follows).
/// Such an error that is real comes back once more input is there.
fn cut_short(bytes: &[u8], error: &serde_json::Error) -> bool {
    error.is_eof() || index_of(bytes, position(error)) + 1 >= bytes.len()
}

fn is_trailing(error: &serde_json::Error) -> bool {
    error.is_syntax() && error.to_string().starts_with("trailing characters")
}

/// serde_json's own "EOF while parsing a value" error (for a value that never started). Cold: it
/// was inlined into each record type's reader.
#[cold]
fn eof_value() -> serde_json::Error {
    serde_json::from_slice::<serde::de::IgnoredAny>(b"").err().unwrap_or_else(|| serde::de::Error::custom("EOF while parsing a value"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;
    use serde::de::IgnoredAny;

    fn outcome(bytes: &str, last: bool) -> String {
        match read::<serde_json::Value>(bytes.as_bytes(), last) {
            Read::Value(v, end) => format!("{v} {end}"),
            Read::More => "more".into(),
            Read::Failed(e) => format!("failed: {e}"),
        }
    }

    #[test]
    fn tells_a_cut_value_from_a_bad_one() {
        assert_eq!(outcome(r#"{"a": [1, "}"]}, {"b"#, false), r#"{"a":[1,"}"]} 15"#);
        assert_eq!(outcome(r#"{"a": [1, "}"#, false), "more");
        assert_eq!(outcome(r#"{"a": 1e"#, false), "more");
        assert_eq!(outcome("12", false), "more");
        assert_eq!(outcome("12", true), "12 2");
        assert_eq!(outcome("12,", false), "12 2");
        assert_eq!(outcome(r#"{"a": 1e"#, true), "failed: EOF while parsing a value at line 1 column 8");
        assert_eq!(outcome(r#"{"a": x, "b": 2"#, false), "failed: expected value at line 1 column 7");
    }

    #[test]
    fn running_out_of_depth_is_told_apart() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        match read::<serde_json::Value>(deep.as_bytes(), true) {
            Read::Failed(e) => assert!(is_too_deep(&e), "{e}"),
            _ => panic!("serde_json reads 128 levels at most"),
        }
        let shallow = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert!(matches!(read::<serde_json::Value>(shallow.as_bytes(), true), Read::Value(_, 201)));
    }

    #[test]
    fn a_stray_byte_after_a_scalar_is_left_to_the_caller() {
        match read::<IgnoredAny>(b"1x]", true) {
            Read::Value(_, end) => assert_eq!(end, 1),
            _ => panic!("expected the scalar"),
        }
    }

    /// The path serde_path_to_error gives (the reader's former route), tidied as errors show it.
    fn tracked<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> String {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let mut track = serde_path_to_error::Track::new();
        let _ = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
        tidy(&track.path().to_string())
    }

    /// Every one-byte deletion, replacement and insertion of `sample` that the reader refuses
    /// (`refused` gives its error): the scan names the same place as serde_path_to_error
    /// (`tracked`). Returns how many were compared.
    fn same_paths(sample: &str, refused: impl Fn(&[u8]) -> Option<serde_json::Error>, tracked: impl Fn(&[u8]) -> String) -> usize {
        let bytes = sample.as_bytes();
        assert!(refused(bytes).is_none(), "the sample itself is valid: {sample}");
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for i in 0..bytes.len() {
            let mut deleted = bytes.to_vec();
            deleted.remove(i);
            variants.push(deleted);
            for &c in b"x\"{}[],:1 n-.e\\" {
                let mut replaced = bytes.to_vec();
                replaced[i] = c;
                variants.push(replaced);
                let mut inserted = bytes.to_vec();
                inserted.insert(i, c);
                variants.push(inserted);
            }
        }
        let mut compared = 0;
        for v in &variants {
            if let Some(e) = refused(v) {
                let text = String::from_utf8_lossy(v);
                let (ours, theirs) = (tidy(&crate::json_path::error_path(v, &e)), tracked(v));
                // Inside a value the record type ignores (an unknown field), serde_json skips
                // without telling serde_path_to_error, which names the field; the scan names the
                // place inside it. Only a syntax error can be there.
                let deeper = !e.is_data() && ours.strip_prefix(&theirs).is_some_and(|rest| rest.starts_with(['.', '[']) || theirs.is_empty());
                // A list refused at a glance right after its parent list's `[` (`[["mon"]]` for
                // a list of strings) is placed as a list read and refused by its visitor (deep
                // nesting), at the parent (see `json_path::culprit`).
                let list_in_list = e.to_string().starts_with("invalid type: sequence") && theirs == format!("{ours}[0]");
                assert!(ours == theirs || deeper || list_in_list, "{e} in {text}: {ours} against {theirs}");
                compared += 1;
            }
        }
        compared
    }

    /// [`same_paths`] for the record type `$t`.
    macro_rules! same_paths {
        ($t:ty, $sample:expr) => {
            same_paths(
                $sample,
                |v| match read::<$t>(v, true) {
                    Read::Failed(e) => Some(e),
                    _ => None,
                },
                |v| tracked::<$t>(v),
            )
        };
    }

    #[test]
    fn names_the_place_serde_path_to_error_names() {
        let deal = r#"{"id":"D-1","name":"Blue \"Sky\" Labs","owner":"rep-23","amount":4800.53,"currency":"USD","createdAt":"2024-11-23T08:22:31Z","expectedCloseAt":"2025-01-24","closedAt":1732355620000,"stage":"closed_won","status":"won","history":[{"at":"2024-11-23T08:22:31Z","stage":"prospecting","amount":5173.8},{"at":"2024-12-02T02:11:54Z","amount":-1e3}],"attributes":{"industry":"healthcare","n":null}}"#;
        let settings = "{\"currency\":\"USD\", \"fiscalYearStartMonth\":2,\n  \"weekStart\":\"monday\",\"asOf\":\"2026-11-23\",\"stalledAfterDays\":null,\"businessHours\":{\"start\":\"09:00\",\"days\":[\"mon\",\"tue\"]}}";
        let fx = r#"{"EUR":1.08,"GBP":[{"from":"2025-01-01","rate":1.27},{"from":"2026-07-01","rate":1.25}]}"#;
        let stages = r#"[{"id":"demo","label":"Demo","order":3,"probability":0.4,"kind":"open"},{"id":"won","order":6,"probability":1.0,"kind":"won"}]"#;
        let quota = r#"{"owner":"rep-1","team":null,"start":"2026-01-01","end":"2026-04-01","amount":5000,"submittedAt":"2025-12-28"}"#;
        let lead = r#"{"id":"L-1","createdAt":"2024-11-15T04:27:24Z","owner":"rep-4","qualifiedAt":"2024-11-21","dealId":"D-4","attributes":{}}"#;
        let activity = r#"{"id":"A-1","type":"call","at":1732355620000,"direction":"outbound","outcome":null,"leadId":"L-1","automated":true}"#;
        let contact = r#"{"id":"C-1","name":"Zoe","email":"z@w.com","enrichment":{"matched":true,"sources":["vendor-a"]}}"#;
        // The strict readers' (queries, drill requests, CSV mappings).
        let query = r#"{"from":"2026-01-01","to":"2027-01-01","cadence":"day","groupBy":["owner","team"],"indicators":["win_rate"],"targets":{"win_rate":{"min":0.2,"max":1}},"variants":{}}"#;
        let drill = r#"{"indicator":"win_rate","groupKey":"owner","groupValue":"rep-1","bucket":null}"#;
        let mapping = r#"{"kind":"activities","preset":"hubspot","fields":{"id":"Id","dealId":["OpportunityId","Deal"],"at":"CreatedDate"}}"#;
        // Lines and spaces: positions are lines and columns, turned back into byte offsets.
        let pretty = "{\n  \"id\": \"D-2\",\n  \"amount\": \"12.5\",\n  \"history\": [\n    {\"at\": \"2024-12-02\", \"stage\": \"demo\"}\n  ]\n}";
        let compared = same_paths!(model::Deal, deal)
            + same_paths!(model::Deal, pretty)
            + same_paths!(Option<model::Settings>, settings)
            + same_paths!(Option<model::Fx>, fx)
            + same_paths!(Option<Vec<model::Stage>>, stages)
            + same_paths!(model::PeriodAmount, quota)
            + same_paths!(model::Lead, lead)
            + same_paths!(model::Activity, activity)
            + same_paths!(model::Contact, contact)
            + same_paths!(crate::Query, query)
            + same_paths!(crate::DrillRequest, drill)
            + same_paths!(crate::ingest::mapping::Mapping, mapping);
        assert!(compared > 20_000, "{compared} refused variants compared");
    }

    #[test]
    fn paths_join_like_serde_path_to_error() {
        assert_eq!(join("deals[2]", "amount"), "deals[2].amount");
        assert_eq!(join("deals[2]", "."), "deals[2]");
        assert_eq!(join("fx", "EUR[0].rate"), "fx.EUR[0].rate");
        assert_eq!(join("x", "[3]"), "x[3]");
        assert_eq!(join("", "."), "");
        assert_eq!(tidy("deals[0].?"), "deals[0]");
        assert_eq!(tidy("?"), "");
        assert_eq!(tidy("."), "");
        assert_eq!(tidy("fx.EUR[0].rate"), "fx.EUR[0].rate");
        let bytes = br#"{"history": [{"at": "2026-01-01"}, {"at": 5, "stage": {}}]}"#;
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct R { history: Vec<H> }
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct H { at: serde_json::Value, stage: Option<String> }
        let Err(e) = serde_json::from_slice::<R>(bytes) else { panic!("stage {{}} is not a string") };
        assert_eq!(crate::json_path::error_path(bytes, &e), "history[1].stage");
    }
}
