//! The path of a serde_json error inside one value, found from the error's position by a scan of
//! the JSON text up to it, in serde_path_to_error's format (`amount`, `history[1].at`, `.` for
//! the value itself, `?` for a key that could not be read).
//!
//! Why not read the value again through `serde_path_to_error`: that instantiated a second
//! deserializer for every record, query, settings and mapping type, ~140 KB of the Wasm module
//! (benches/RESULTS.md, "Module size"). The scan gives the same path because serde_json fails at
//! a place that says where it was: a value's error is positioned inside that value (its last
//! byte read, or the byte before it when the value's type was refused at a glance), a
//! container's own error (a missing field, a wrong length) on its closing byte, and a syntax
//! error on the offending byte. The unit tests of `ingest::stream::unit` compare the two on
//! every one-byte corruption of sample records.
//!
//! Used by every reader of JSON text: the streaming reader (records, settings, fx, stages) and
//! the strict readers of queries, drill requests, settings files and CSV mappings.

/// The path of `error` in `bytes`, the text serde_json read it from (one value from the start;
/// what follows is not looked at), in serde_path_to_error's format: `.` for the value itself,
/// `amount`, `history[1].at`, a `?` for a key not read.
pub fn error_path(bytes: &[u8], error: &serde_json::Error) -> String {
    // "EOF while ..." is placed on the last byte; the scan must see that byte too.
    let at = if error.is_eof() { bytes.len() } else { offset(bytes, error.line() as u64, error.column() as u64) };
    path_at(bytes, at, &error.to_string())
}

/// The index in `bytes` of the byte a serde_json error position (1-based `line`; `column`: bytes
/// from the line start up to and including the byte) points at; `bytes.len()` past the end.
pub fn offset(bytes: &[u8], line: u64, column: u64) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        let newlines = usize::try_from(line - 1).unwrap_or(usize::MAX);
        match bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(newlines - 1) {
            Some((i, _)) => i + 1,
            None => return bytes.len(),
        }
    };
    line_start.saturating_add(usize::try_from(column).unwrap_or(usize::MAX)).saturating_sub(1).min(bytes.len())
}

/// A key as serde_json reads it (escapes decoded); `?` when it is not a valid JSON string.
pub fn decode_key(quoted: &[u8]) -> String {
    serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| "?".to_string())
}

/// One open container on the way to the error.
struct Level {
    array: bool,
    /// The element being read (arrays).
    index: usize,
    /// The key of the value being read (objects; `None` before the first).
    key: Option<String>,
}

/// Where the scan stands within the innermost container (or the top-level value).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before a key (objects) or an element (arrays, the top level).
    Want,
    /// Inside a key string that started at the given index (its opening quote).
    Key(usize),
    /// After a key, before its `:`.
    Colon,
    /// After `:`, before the value.
    Value,
    /// Inside a string value.
    Text,
    /// After a value, before `,` or the closing byte.
    Done,
}

/// The path of the error serde_json positioned at byte `at` of `bytes` (the byte it failed on, or
/// the last one it read; `bytes.len()` for the end of input), whose message is `message`. The
/// message settles the places a position alone leaves open: an error at the end of a key
/// belongs to the key when it came from reading the key (serde's "unknown field", "unknown
/// variant"; serde_path_to_error names the key it captured), to the object otherwise (a duplicate
/// field); an error at a `[` is the array's own when it refuses a sequence, else its first
/// element's (refused at a glance just after the `[` was read); an error at the `}` after an
/// object's last value is the object's own when a field is missing, else that value's (a field
/// checked after it was read, `#[serde(deserialize_with)]`, fails with the next byte's position).
fn path_at(bytes: &[u8], at: usize, message: &str) -> String {
    let key_error = message.starts_with("unknown field") || message.starts_with("unknown variant");
    let refuses_seq = message.starts_with("invalid type: sequence");
    let at = match refused_container(message) {
        Some(open) => culprit(bytes, at.min(bytes.len()), open),
        None => at,
    };
    let objects_own = message.starts_with("missing field") || message.starts_with("invalid length");
    let mut levels: Vec<Level> = Vec::new();
    let mut phase = Phase::Want;
    let mut i = 0;
    let at = at.min(bytes.len());
    while i < at {
        let Some(&b) = bytes.get(i) else { break };
        match phase {
            Phase::Key(_) | Phase::Text => {
                if b == b'\\' {
                    // serde_json reads the four digits of `\u` before checking them.
                    i += if bytes.get(i + 1) == Some(&b'u') { 5 } else { 1 };
                } else if b == b'"' {
                    if let (Phase::Key(start), Some(level)) = (phase, levels.last_mut()) {
                        level.key = Some(decode_key(bytes.get(start..=i).unwrap_or_default()));
                        phase = Phase::Colon;
                    } else {
                        phase = Phase::Done;
                    }
                }
            }
            _ => match b {
                b' ' | b'\t' | b'\n' | b'\r' => {}
                b'{' | b'[' => {
                    levels.push(Level { array: b == b'[', index: 0, key: None });
                    phase = Phase::Want;
                }
                b'}' | b']' => {
                    levels.pop();
                    phase = Phase::Done;
                }
                b',' => {
                    if let Some(level) = levels.last_mut() {
                        level.index += 1;
                    }
                    phase = Phase::Want;
                }
                b':' => phase = Phase::Value,
                b'"' if phase == Phase::Want && levels.last().is_some_and(|l| !l.array) => phase = Phase::Key(i),
                b'"' => phase = Phase::Text,
                _ => {
                    let (end, complete) = scalar_extent(bytes, i);
                    if at < end || (at == end && !complete) {
                        return render(&levels, true, None);
                    }
                    phase = Phase::Done;
                    i = end;
                    continue;
                }
            },
        }
        i += 1;
    }
    let c = bytes.get(at).copied();
    let array = levels.last().is_some_and(|l| l.array);
    match phase {
        Phase::Text => render(&levels, true, None),
        Phase::Key(start) if c == Some(b'"') && key_error => {
            let key = decode_key(bytes.get(start..=at).unwrap_or_default());
            if let Some(level) = levels.last_mut() {
                level.key = Some(key);
            }
            render(&levels, true, None)
        }
        Phase::Colon if matches!(c, Some(b':' | b' ' | b'\t' | b'\n' | b'\r')) => render(&levels, true, None),
        Phase::Value => render(&levels, true, opened(c, refuses_seq)),
        Phase::Want if levels.is_empty() => render(&levels, true, opened(c, refuses_seq)),
        // At `]` (a trailing comma) or the end of input, serde_json fails before the element.
        Phase::Want if array && c.is_some_and(|c| c != b']') => render(&levels, true, opened(c, refuses_seq)),
        Phase::Done if !array && c == Some(b'}') && !objects_own => render(&levels, true, None),
        Phase::Done if array && c == Some(b',') => {
            if let Some(level) = levels.last_mut() {
                level.index += 1;
            }
            render(&levels, true, None)
        }
        _ => render(&levels, false, None),
    }
}

/// The opening byte of the container a "invalid type: sequence/map" error refuses.
fn refused_container(message: &str) -> Option<u8> {
    if message.starts_with("invalid type: sequence") {
        Some(b'[')
    } else if message.starts_with("invalid type: map") {
        Some(b'{')
    } else {
        None
    }
}

/// Where the refused container starts. Read by `deserialize_any` and refused by the visitor,
/// its `[` or `{` and, as serde_json checks its end, the next byte when that is `,`, `]` or `}`,
/// have been read: the error sits on one of those. Refused at a glance (the expected type is not
/// a container), it has not been read: the error sits on the byte before it (`:`, `,`, a space;
/// a `[` before it is taken for the first case, which deep nesting gives: `[["mon"]]` refused
/// as a list of strings names the outer list, where serde_path_to_error named its element 0).
fn culprit(bytes: &[u8], at: usize, open: u8) -> usize {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    if bytes.get(at) == Some(&open) {
        return at;
    }
    let ahead = bytes.get(at + 1..).unwrap_or_default().iter().position(|b| !is_space(b)).map(|k| at + 1 + k);
    if let Some(next) = ahead.filter(|&k| bytes.get(k) == Some(&open)) {
        return next;
    }
    let mut i = at;
    while i > 0 && bytes.get(i) != Some(&open) && bytes.get(i).is_some_and(|b| is_space(b) || matches!(b, b',' | b']' | b'}')) {
        i -= 1;
    }
    i
}

/// `Some(true)` when the error is at an array's `[` but in its first element (see [`path_at`]).
fn opened(c: Option<u8>, refuses_seq: bool) -> Option<bool> {
    (c == Some(b'[') && !refuses_seq).then_some(true)
}

/// The path of the open levels; `pending`: with the innermost level's current element or key
/// (the error is in that value); `inner`: `Some(true)` when element 0 of an array opened at the
/// error is named.
fn render(levels: &[Level], pending: bool, inner: Option<bool>) -> String {
    let mut path = String::new();
    let count = levels.len();
    for (n, level) in levels.iter().enumerate() {
        if n + 1 == count && !pending {
            break;
        }
        if level.array {
            path.push_str(&format!("[{}]", level.index));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(level.key.as_deref().unwrap_or("?"));
        }
    }
    if inner == Some(true) {
        path.push_str("[0]");
    }
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

/// The end of the number or literal starting at `from`, as serde_json reads it, and whether it
/// is complete there: `(end, false)` when the byte at `end` breaks it (`1.x`, `tru `), which is
/// where serde_json fails, inside the value.
fn scalar_extent(bytes: &[u8], from: usize) -> (usize, bool) {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let first = at(from);
    if let Some(word) = [&b"true"[..], b"false", b"null"].into_iter().find(|w| w.first() == Some(&first)) {
        let matched = word.iter().enumerate().take_while(|&(k, &w)| at(from + k) == w).count();
        return (from + matched, matched == word.len());
    }
    let digits = |mut i: usize| {
        let start = i;
        while at(i).is_ascii_digit() {
            i += 1;
        }
        (i, i > start)
    };
    let mut i = from;
    if first == b'-' {
        i += 1;
    }
    if at(i) == b'0' {
        i += 1;
        if at(i).is_ascii_digit() {
            return (i, false);
        }
    } else {
        let (end, any) = digits(i);
        if !any {
            return (end, false);
        }
        i = end;
    }
    if at(i) == b'.' {
        let (end, any) = digits(i + 1);
        if !any {
            return (end, false);
        }
        i = end;
    }
    if matches!(at(i), b'e' | b'E') {
        i += 1;
        if matches!(at(i), b'+' | b'-') {
            i += 1;
        }
        let (end, any) = digits(i);
        if !any {
            return (end, false);
        }
        i = end;
    }
    (i, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_numbers_and_literals_as_serde_json_does() {
        assert_eq!(super::scalar_extent(b"12,", 0), (2, true));
        assert_eq!(super::scalar_extent(b"-0.5e+3]", 0), (7, true));
        assert_eq!(super::scalar_extent(b"1.x", 0), (2, false));
        assert_eq!(super::scalar_extent(b"01", 0), (1, false));
        assert_eq!(super::scalar_extent(b"tru ", 0), (3, false));
        assert_eq!(super::scalar_extent(b"null}", 0), (4, true));
    }
}
