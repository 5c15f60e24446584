//! The documented input limits (docs/input.md, "Input limits"), and the errors that enforce them: a
//! clear `{code, path, message}` before memory runs out, never a trap that kills the page.

use crate::error::InputError;

/// Nesting depth serde_json allows inside one record (or the settings, fx or stages value).
pub const MAX_DEPTH: usize = 128;

/// Limits on one JSON input. [`Limits::default`] is what the module and the CLI apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total input bytes (code `input_too_large`).
    pub max_input_bytes: u64,
    /// Bytes of one string value or key, as written between its quotes (code `string_too_long`).
    pub max_string_bytes: usize,
    /// Records in one collection (`deals`, `leads`, ...) (code `too_many_records`).
    pub max_records: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_input_bytes: 2_500_000_000, max_string_bytes: 1 << 20, max_records: 10_000_000 }
    }
}

/// `1,048,576`: limits and sizes in messages are exact byte counts, grouped for reading.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// The errors below are `#[cold]`: raised at most once per load, each was inlined at every check
// (a dozen places in the stream reader), formatting included.

/// The input is over [`Limits::max_input_bytes`]; `size` when known in advance, else the bytes
/// read when the limit was crossed.
#[cold]
pub fn input_too_large(size: u64, limit: u64, known: bool) -> InputError {
    let what = if known { "the input is" } else { "the input is more than" };
    let message = format!(
        "{what} {} bytes; the limit is {} bytes: split the data (e.g. by year) into smaller files",
        grouped(if known { size } else { limit }),
        grouped(limit)
    );
    InputError::new("input_too_large", "", message)
}

/// A string value (or key) over [`Limits::max_string_bytes`].
#[cold]
pub fn string_too_long(path: String, limit: usize) -> InputError {
    let message = format!("a string longer than the limit of {} bytes", grouped(limit as u64));
    InputError::new("string_too_long", path, message)
}

/// A collection with more than [`Limits::max_records`] records.
#[cold]
pub fn too_many_records(path: String, collection: &str, limit: usize) -> InputError {
    let message = format!("more than {} {collection}: the limit is {} records per collection", grouped(limit as u64), grouped(limit as u64));
    InputError::new("too_many_records", path, message)
}

/// Arrays or objects nested deeper than serde_json's limit of [`MAX_DEPTH`].
#[cold]
pub fn too_deep(path: String, line: u64, column: u64) -> InputError {
    let message = format!("arrays or objects nested more than {MAX_DEPTH} levels deep (line {line}, column {column})");
    InputError::new("too_deep", path, message)
}

/// An allocation failed (or would leave no room): the dataset does not fit in the memory a
/// WebAssembly module can address (4 GB).
#[cold]
pub fn out_of_memory(path: String, bytes_read: u64) -> InputError {
    let message = format!(
        "out of memory after reading {} bytes: the dataset does not fit in the 4 GB a WebAssembly module can use; split it (e.g. by year) or use the command line",
        grouped(bytes_read)
    );
    InputError::new("out_of_memory", path, message)
}

/// Where an object or array is while scanning for a long string.
enum Frame {
    Object { key: String, want_key: bool },
    Array { index: usize },
}

/// The path (relative to the value `bytes` starts with, serde_path_to_error's format: `.name`,
/// `[3].at`, or `.` for the value itself) of the first string longer than `max` bytes, including
/// one still open at the end of `bytes`. Runs only over values longer than `max`, so ordinary
/// records never pay for it.
pub fn long_string(bytes: &[u8], max: usize) -> Option<String> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' => stack.push(Frame::Object { key: String::new(), want_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let end = string_end(bytes, i + 1).unwrap_or(bytes.len());
                let is_key = matches!(stack.last(), Some(Frame::Object { want_key: true, .. }));
                if end - (i + 1) > max {
                    return Some(path_of(&stack, is_key));
                }
                if let Some(Frame::Object { key, want_key }) = stack.last_mut() {
                    if *want_key {
                        *key = crate::json_path::decode_key(bytes.get(i..=end).unwrap_or_default());
                        *want_key = false;
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index of the quote closing a string whose text starts at `from`, skipping escaped characters.
pub fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => return Some(i),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    None
}

/// serde_path_to_error's rendering of the frames (a key being read is `?`, as it renders keys
/// that failed).
fn path_of(stack: &[Frame], in_key: bool) -> String {
    let mut path = String::new();
    let depth = stack.len();
    for (level, frame) in stack.iter().enumerate() {
        match frame {
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object { key, .. } => {
                let key = if in_key && level + 1 == depth { "?" } else { key.as_str() };
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
        }
    }
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_by_three() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_048_576), "1,048,576");
    }

    #[test]
    fn finds_the_path_of_a_long_string() {
        let long = "x".repeat(20);
        let record = format!(r#"{{"id": "a", "history": [{{"at": "2026"}}, {{"st\"age": "{long}"}}], "b": 1}}"#);
        assert_eq!(long_string(record.as_bytes(), 19).as_deref(), Some("history[1].st\"age"));
        assert_eq!(long_string(record.as_bytes(), 20), None);
        // Still open at the end of the bytes read so far.
        let open = format!(r#"{{"id": "a", "name": "{long}"#);
        assert_eq!(long_string(open.as_bytes(), 10).as_deref(), Some("name"));
        // A long key, and a long string that is the value itself.
        assert_eq!(long_string(format!(r#"{{"a": {{"{long}": 1}}}}"#).as_bytes(), 10).as_deref(), Some("a.?"));
        assert_eq!(long_string(format!(r#""{long}""#).as_bytes(), 10).as_deref(), Some("."));
        // Escaped quotes and brackets inside strings do not end or open anything.
        let tricky = format!(r#"{{"a": "\"}}]", "b": ["[", "{long}"]}}"#);
        assert_eq!(long_string(tricky.as_bytes(), 10).as_deref(), Some("b[1]"));
    }
}
