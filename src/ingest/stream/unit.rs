//! One value read with serde_json from the front of the bytes at hand: a record, the settings,
//! fx or stages, or a value the reader skips. The value may be cut by the end of a chunk; that is
//! told apart from an error in it, and only an error is located, by reading that one value again
//! with `serde_path_to_error` (the only use of that crate in the JSON reader).

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

/// The path of the error in `bytes` (relative to the value, serde_path_to_error's format: `.` for
/// the value itself, `amount`, `history[1].at`), found by reading the value again.
pub fn locate<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let _ = T::deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    track.path().to_string()
}

/// `prefix` followed by a path relative to the value at `prefix` (as [`locate`] gives it).
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

/// serde_json's own "EOF while parsing a value" error (for a value that never started).
fn eof_value() -> serde_json::Error {
    serde_json::from_slice::<serde::de::IgnoredAny>(b"").err().unwrap_or_else(|| serde::de::Error::custom("EOF while parsing a value"))
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(locate::<R>(bytes), "history[1].stage");
    }
}
