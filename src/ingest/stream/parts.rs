//! One canonical JSON document read in parts, by several threads, into the builder one read of it
//! gives ([`crate::store::StoreBuilder::append`]): [`super::split`] finds the items that start in
//! each byte range; each part becomes a small canonical document of its own (its items in
//! document order, `settings`, `stages` and `fx` included where they stand), read by its own
//! [`JsonStream`] with its records numbered from where the part starts in their arrays; the
//! parts' builders are appended in document order.
//!
//! Errors are those of one read: a part that fails, a document with a byte-order mark or with a
//! top-level key given twice, or a builder that already holds other sources, is read again in
//! one pass (so an invalid document costs a second read, and never gets another message).

use super::split::{self, Index, Item, ItemKind};
use super::{JsonStream, Limits};
use crate::error::InputError;
use crate::store::{Collection, StoreBuilder};
use std::ops::Range;

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
/// as many threads (one after the other on wasm32, which has no threads: the merge is the same).
pub fn read_json_split(bytes: &[u8], builder: &mut StoreBuilder, split: Split) -> Result<(), InputError> {
    // The module reads in one pass (wasm32 has no threads; workers split in JS), so that the
    // split and merge code is not linked into it.
    #[cfg(not(target_arch = "wasm32"))]
    let small = bytes.len() < split.min_bytes || bytes.len() as u64 > Limits::default().max_input_bytes;
    #[cfg(target_arch = "wasm32")]
    let small = { let _ = split; true };
    if split.parts > 1 && !small && builder.is_fresh() && !bytes.starts_with(super::BOM) {
        if let Some(merged) = read_in_ranges(bytes, builder, &split::ranges(bytes.len(), split.parts)) {
            *builder = merged;
            return Ok(());
        }
    }
    let stream = JsonStream::with_builder(std::mem::take(builder), Limits::default());
    *builder = stream.read_all(bytes)?;
    Ok(())
}

/// `bytes` read in the parts `ranges` (which cover it, in order), one thread each, into builders
/// made by `builder.for_part()` and merged; None when the document must be read in one pass
/// instead (see the module docs).
pub fn read_in_ranges(bytes: &[u8], builder: &StoreBuilder, ranges: &[Range<usize>]) -> Option<StoreBuilder> {
    let index = Index::build(bytes, (bytes.len() / ranges.len().max(1) / 64).max(1 << 12));
    if index.repeated_key() {
        return None;
    }
    let items: Vec<Vec<Item>> = run_all(ranges.len(), |k| {
        let range = ranges.get(k).cloned().unwrap_or_default();
        let mut items = index.items_in(bytes, range.clone());
        items.extend(index.shared().iter().filter(|i| range.contains(&i.start)).cloned());
        items.sort_by_key(|i| i.start);
        items
    });
    if !skeleton_is_an_object(bytes, &items) {
        return None;
    }
    let mut first = Vec::with_capacity(items.len());
    let mut counts = [0usize; 6];
    for part in &items {
        first.push(counts);
        for item in part {
            if let ItemKind::Record(c) = item.kind {
                if let Some(n) = counts.get_mut(c.index()) {
                    *n += 1;
                }
            }
        }
    }
    let read = run_all(items.len(), |k| {
        let doc = part_document(bytes, items.get(k).map_or(&[][..], Vec::as_slice));
        let mut stream = JsonStream::with_builder(builder.for_part(), Limits::default());
        stream.first_indices(first.get(k).copied().unwrap_or_default());
        stream.read_all(&doc).ok()
    });
    let mut read = read.into_iter();
    let mut merged = read.next()??;
    for part in read {
        merged.append(part?).ok()?;
    }
    Some(merged)
}

/// The document with every item replaced by `0` is a JSON object: with each item a JSON value (its
/// part's reader checks that), the document is valid JSON, shaped as the parts were read. The
/// structural scan checks structure only, so without this a trailing comma or a stray byte
/// between records, or a document cut short, would be read instead of refused.
fn skeleton_is_an_object(bytes: &[u8], parts: &[Vec<Item>]) -> bool {
    let mut skeleton = Vec::new();
    let mut at = 0;
    for item in parts.iter().flatten() {
        skeleton.extend_from_slice(bytes.get(at..item.start).unwrap_or_default());
        skeleton.push(b'0');
        at = item.end;
    }
    skeleton.extend_from_slice(bytes.get(at..).unwrap_or_default());
    skeleton.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && serde_json::from_slice::<serde::de::IgnoredAny>(&skeleton).is_ok()
}

/// `f(0) .. f(n - 1)`, each on a thread of its own (natively).
#[cfg(not(target_arch = "wasm32"))]
fn run_all<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = (0..n).map(|k| scope.spawn(move || f(k))).collect();
        // A thread that panicked (it cannot: the reader returns errors) would be read again whole.
        handles.into_iter().map(|h| h.join().ok()).collect::<Option<Vec<T>>>()
    })
    .unwrap_or_else(|| (0..n).map(&f).collect())
}

/// `f(0) .. f(n - 1)` in turn (wasm32 has no threads; workers split in JS).
#[cfg(target_arch = "wasm32")]
fn run_all<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    (0..n).map(f).collect()
}

/// A part as a canonical document: its items in document order, the records of one array (a run
/// of items of one collection) under their collection's key, every other value under its key.
pub fn part_document(bytes: &[u8], items: &[Item]) -> Vec<u8> {
    let size: usize = items.iter().map(|i| i.end - i.start + 1).sum();
    let mut out = Vec::with_capacity(size + 64);
    out.push(b'{');
    let mut open: Option<Collection> = None;
    for item in items {
        let text = bytes.get(item.start..item.end).unwrap_or_default();
        match &item.kind {
            ItemKind::Record(c) if open == Some(*c) => out.push(b','),
            kind => {
                if open.take().is_some() {
                    out.push(b']');
                }
                if out.len() > 1 {
                    out.push(b',');
                }
                let key = match kind {
                    ItemKind::Record(c) => c.key(),
                    ItemKind::Value(key) => key.as_str(),
                };
                out.extend_from_slice(serde_json::to_string(key).unwrap_or_default().as_bytes());
                out.push(b':');
                if let ItemKind::Record(c) = kind {
                    out.push(b'[');
                    open = Some(*c);
                }
            }
        }
        out.extend_from_slice(text);
    }
    if open.is_some() {
        out.push(b']');
    }
    out.push(b'}');
    out
}
