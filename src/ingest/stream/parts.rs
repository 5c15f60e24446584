//! One canonical JSON document read in parts, by several threads, into the builder one read of it
//! gives ([`crate::store::StoreBuilder::append`]). The resync scan of [`super::split`]
//! ([`Resync`], run on the calling thread while the parts read) finds where each part starts: the
//! first record of a collection array, or the first top-level key, at or after a byte offset. Each
//! part's [`JsonStream`] reads the document's own bytes in place from there (after an opening
//! such as `{"deals":[` that puts the first record in context, with records numbered from where
//! the part starts in their arrays) and stops exactly where the next part starts; so between
//! them the readers read every byte once, and `settings`, `stages` and `fx` are read where they
//! stand. The parts' builders are appended in document order.
//!
//! Errors are those of one read: a part that fails (or does not stop where the next one starts),
//! a top-level key given twice, a document with a byte-order mark, or a builder that already holds
//! other sources, is read again in one pass (so an invalid document costs a second read, and
//! never gets another message).

#[cfg(not(target_arch = "wasm32"))]
use super::split::{Boundary, Resync};
use super::{JsonStream, Limits};
use crate::error::InputError;
use crate::store::StoreBuilder;

/// Below this size a document is read in one pass: the pre-pass and the merge would cost more
/// than the second thread gains.
pub const SPLIT_MIN_BYTES: usize = 16 << 20;

/// How a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Parts (threads) at most; 1 reads in one pass.
    pub parts: usize,
    /// Documents smaller than this are read in one pass.
    pub min_bytes: usize,
}

impl Default for Split {
    fn default() -> Self {
        Split { parts: 1, min_bytes: SPLIT_MIN_BYTES }
    }
}

/// Reads `bytes` into `builder` as [`JsonStream::read_all`] does, in `split.parts` parts read by
/// as many threads. The module (wasm32, no threads: workers split in JS) always reads in one
/// pass, so that the threads are not linked into it.
pub fn read_json_split(bytes: &[u8], builder: &mut StoreBuilder, split: Split) -> Result<(), InputError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let size_fits = bytes.len() >= split.min_bytes && bytes.len() as u64 <= Limits::default().max_input_bytes;
        if split.parts > 1 && size_fits && builder.is_fresh() && !bytes.starts_with(super::BOM) {
            if let Some(merged) = read_in_parts(bytes, builder, &balanced_starts(bytes.len(), split.parts)) {
                *builder = merged;
                return Ok(());
            }
        }
    }
    #[cfg(target_arch = "wasm32")]
    let _ = split;
    let stream = JsonStream::with_builder(std::mem::take(builder), Limits::default());
    *builder = stream.read_all(bytes)?;
    Ok(())
}

/// The pre-pass's cost per byte against the reader's (measured at deals-1m natively: ~0.27 s to
/// scan half the file, ~1.1 s to read it).
#[cfg(not(target_arch = "wasm32"))]
const PRE_PASS_SHARE: f64 = 0.25;

/// Where `n` parts of `len` bytes start so that they end together: part k waits for the pre-pass
/// to reach its start, so earlier parts are longer. With `a = 1 - PRE_PASS_SHARE`, part k starts at
/// `len (1 - a^k) / (1 - a^n)` (2 parts: 57% / 43%).
#[cfg(not(target_arch = "wasm32"))]
pub fn balanced_starts(len: usize, n: usize) -> Vec<usize> {
    let a = 1.0 - PRE_PASS_SHARE;
    let whole = 1.0 - a.powi(n as i32);
    (0..n).map(|k| (len as f64 * (1.0 - a.powi(k as i32)) / whole) as usize).collect()
}

/// `bytes` read in parts, one thread each, into builders made by `builder.for_part()` and merged;
/// None when the document must be read in one pass instead (see the module docs). Part k starts
/// at the first record or top-level key at or after `starts[k]` (found by [`Resync`], on this
/// thread, while the parts before it read) and ends where part k + 1 starts: its reader reads
/// every byte in between, so the parts' readers check the whole document's syntax.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_in_parts(bytes: &[u8], builder: &StoreBuilder, starts: &[usize]) -> Option<StoreBuilder> {
    let mut resync = Resync::default();
    let parts: Vec<(Option<StoreBuilder>, Vec<String>)> = std::thread::scope(|scope| {
        let mut handles = Vec::new();
        // Part k is spawned once part k + 1's start is known (its end).
        let mut begin: Option<Boundary> = None;
        for &start in starts.iter().skip(1).chain(std::iter::once(&usize::MAX)) {
            let end = if start == usize::MAX { None } else { resync.boundary_at(bytes, start) };
            if end.is_some() && end.as_ref().map(|e| e.offset) == begin.as_ref().map(|b| b.offset) {
                continue; // an empty part
            }
            let from = begin.take();
            let stop = end.as_ref().map(|e| e.offset);
            handles.push(scope.spawn(move || read_part(bytes, builder, from.as_ref(), stop)));
            match end {
                Some(end) => begin = Some(end),
                None => break,
            }
        }
        // A thread that panicked (it cannot: the reader returns errors) means one read.
        handles.into_iter().map(|h| h.join().ok()).collect::<Option<Vec<_>>>()
    })?;
    let mut keys: Vec<&String> = parts.iter().flat_map(|(_, keys)| keys).collect();
    let count = keys.len();
    keys.sort_unstable();
    keys.dedup();
    if keys.len() != count {
        return None;
    }
    let mut read = parts.into_iter().map(|(read, _)| read);
    let mut merged = read.next()??;
    for part in read {
        merged.append(part?).ok()?;
    }
    Some(merged)
}

/// One part: from `from` (None: the document's start) to `stop` (None: its end), read in place
/// after an opening that puts the first record or key in its context (`{"deals":[` or `{`). The
/// builder (None on any error) and the top-level keys the part read (not its opening's).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_part(bytes: &[u8], builder: &StoreBuilder, from: Option<&Boundary>, stop: Option<usize>) -> (Option<StoreBuilder>, Vec<String>) {
    let start = from.map_or(0, |b| b.offset);
    let mut stream = JsonStream::with_builder(builder.for_part(), Limits::default());
    let mut opening = Vec::new();
    if let Some(from) = from {
        opening.push(b'{');
        if let Some(c) = from.record_of {
            opening.extend_from_slice(format!("\"{}\":[", c.key()).as_bytes());
        }
        stream.first_indices(from.first);
    }
    let body = bytes.get(start..stop.unwrap_or(bytes.len()).max(start)).unwrap_or_default();
    if let Some(stop) = stop {
        stream.stop_at((opening.len() + stop - start) as u64);
        // The reader must see the next part's first byte to stop there.
        stream.size_hint(body.len() as u64);
    }
    if stream.push(&opening).is_err() {
        return (None, Vec::new());
    }
    let rest = bytes.get(start..).unwrap_or_default();
    match stream.read_part(if stop.is_some() { rest } else { body }) {
        Ok((builder, mut keys)) => {
            if from.is_some_and(|f| f.record_of.is_some()) && !keys.is_empty() {
                keys.remove(0); // the opening's
            }
            (Some(builder), keys)
        }
        Err(_) => (None, Vec::new()),
    }
}
