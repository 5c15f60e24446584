//! Splitting one canonical JSON document into byte ranges that workers (or threads) read apart:
//! every record of a collection array (`deals`, `leads`, …) belongs to the range its first byte
//! falls in, so N ranges that cover the file give every record exactly once, whatever the cut
//! points (inside a string, an escape, a nested `history`, whitespace).
//!
//! Strategy: a byte in the middle of a JSON text does not say whether it is inside a string, how
//! deep it is, or which top-level key holds it; a scan can only be resumed from a point where
//! those are known. So:
//! 1. [`Index::build`], a cheap structural pre-pass (no value is parsed: one small state machine
//!    per byte, strings skipped with their escapes), records a [`Checkpoint`] — the scan's whole
//!    state — every `stride` bytes, always at a byte outside any string, and the spans of the
//!    values every part needs (`settings`, `stages`, `fx`).
//! 2. [`Index::items_in`] resumes the same scan from the last checkpoint at or before a range's
//!    start and returns the items that START inside the range, each with its end (found by
//!    scanning past the range's end if the last one runs over it).
//!
//! An item is a record of a collection array, or any other top-level value (an unknown key, a
//! collection that is not an array), so that what the reader would refuse still reaches exactly
//! one part and is refused there. The scan checks structure only: a record the reader refuses is
//! still one item. The pre-pass is serial; making it parallel too (each chunk scanned under both
//! "inside a string or not" hypotheses, the real one chosen by a prefix over the chunks) is
//! described in `docs/scale.md`.

use crate::store::Collection;
use std::ops::Range;

/// What an item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A record in the array of a collection.
    Record(Collection),
    /// The whole value of another top-level key (the key as decoded, escapes resolved).
    Value(String),
}

/// One record or top-level value: its kind and its bytes `start..end` (no surrounding whitespace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Record or value.
    pub kind: ItemKind,
    /// Offset of its first byte.
    pub start: usize,
    /// Offset just past its last byte.
    pub end: usize,
}

/// What the scan expects next at the current depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// At depth 1: a key (after `{` or `,`).
    Key,
    /// At depth 1: after a key, before `:`.
    Colon,
    /// At depth 1: a top-level value (after `:`).
    Value,
    /// At depth 2 in a collection array: a record (after `[` or `,`).
    Record,
    /// Inside a value whose start is already known: nothing starts until the next `,`.
    Inside,
}

/// The whole state of the scan at a byte outside any string: enough to resume there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The byte the scan resumes at.
    pub offset: usize,
    depth: u32,
    slot: Slot,
    /// The last top-level key read (escapes resolved).
    key: String,
    /// The collection whose array the scan is in (depth ≥ 2).
    collection: Option<Collection>,
    /// The item started and not yet ended.
    open: Option<(ItemKind, usize)>,
    /// Records started so far, per collection ([`Collection::index`]).
    records: [usize; 6],
}

/// The checkpoints of one document and its shared values.
#[derive(Debug, Clone)]
pub struct Index {
    checkpoints: Vec<Checkpoint>,
    /// `settings`, `stages` and `fx`: every part needs them.
    shared: Vec<Item>,
}

/// The top-level keys whose values every part gets whole.
const SHARED: [&str; 3] = ["settings", "stages", "fx"];

/// The scan: a [`Checkpoint`] plus string state (never saved: checkpoints are outside strings).
struct Scan {
    at: Checkpoint,
    in_string: bool,
    escaped: bool,
    /// Where the string being read started, when it is a top-level key.
    key_start: Option<usize>,
}

impl Scan {
    fn from(at: &Checkpoint) -> Self {
        Scan { at: at.clone(), in_string: false, escaped: false, key_start: None }
    }

    /// Moves the scan over bytes that cannot end or start an item, from `i`; returns the first
    /// byte [`Scan::step`] must read. Inside a string only a quote or a backslash matters; inside a
    /// record (depth 3 or more) only strings and brackets do, up to the bracket that closes the
    /// record's depth 3 (commas, colons, numbers and spaces there mean nothing to the scan).
    /// Doing this in one tight loop, not a step per byte, is what makes the pre-pass cheap next to
    /// reading (measured: ~2.4 s -> see RESULTS.md at deals-1m).
    ///
    /// Inlined always: left to LTO, two builds of this same source (one changed elsewhere in the
    /// crate) gave pre-passes of ~140 and ~190 ms at deals-1m (thread CPU, alternated runs), and
    /// the pre-pass is on the critical path of a 2-part load; inlined, ~140-170 ms in the build
    /// that was slow (benches/RESULTS.md, session 8 "threads").
    #[inline(always)]
    fn fast_forward(&mut self, bytes: &[u8], mut i: usize) -> usize {
        if self.escaped {
            return i;
        }
        if self.in_string {
            match bytes.get(i..).unwrap_or_default().iter().position(|&b| matches!(b, b'"' | b'\\')) {
                Some(k) => i += k,
                None => return bytes.len(),
            }
            return i;
        }
        let mut depth = self.at.depth;
        if depth < 3 {
            return i;
        }
        while let Some(&b) = bytes.get(i) {
            match b {
                b'"' => {
                    // A whole string: to its closing quote, stepping over escapes.
                    i += 1;
                    loop {
                        match bytes.get(i) {
                            Some(b'"') => break,
                            Some(b'\\') => i += 2,
                            Some(_) => i += 1,
                            None => {
                                // Cut short inside a string: `finish` ends the open item there.
                                self.in_string = true;
                                self.escaped = i > bytes.len();
                                self.at.depth = depth;
                                return bytes.len();
                            }
                        }
                    }
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 3 => break,
                b'}' | b']' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        self.at.depth = depth;
        i.min(bytes.len())
    }

    /// Reads byte `i`; returns the item it ends, if any.
    fn step(&mut self, bytes: &[u8], i: usize, b: u8) -> Option<Item> {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                if let Some(start) = self.key_start.take() {
                    self.at.key = crate::json_path::decode_key(bytes.get(start..=i).unwrap_or_default());
                    self.at.slot = Slot::Colon;
                }
            }
            return None;
        }
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => None,
            b',' => self.comma(bytes, i),
            b':' => {
                if self.at.depth == 1 && self.at.slot == Slot::Colon {
                    self.at.slot = Slot::Value;
                }
                None
            }
            b'}' | b']' => self.close(bytes, i),
            _ => {
                self.value_byte(i, b);
                None
            }
        }
    }

    /// A byte that starts or continues a value (or a key at depth 1).
    fn value_byte(&mut self, i: usize, b: u8) {
        let depth = self.at.depth;
        if b == b'"' {
            self.in_string = true;
            if depth == 1 && self.at.slot == Slot::Key {
                self.key_start = Some(i);
                return;
            }
        }
        match (depth, self.at.slot) {
            (1, Slot::Value) => {
                let key = self.at.key.clone();
                let collection = Collection::ALL.into_iter().find(|c| c.key() == key);
                match collection {
                    Some(c) if b == b'[' => {
                        self.at.collection = Some(c);
                        self.at.slot = Slot::Record;
                    }
                    _ => {
                        self.at.open = Some((ItemKind::Value(key), i));
                        self.at.slot = Slot::Inside;
                    }
                }
            }
            (2, Slot::Record) => {
                if let Some(c) = self.at.collection {
                    self.at.open = Some((ItemKind::Record(c), i));
                    if let Some(n) = self.at.records.get_mut(c.index()) {
                        *n += 1;
                    }
                }
                self.at.slot = Slot::Inside;
            }
            _ => {}
        }
        if b == b'{' || b == b'[' {
            if depth == 0 {
                self.at.slot = Slot::Key;
            }
            self.at.depth = depth.saturating_add(1);
        }
    }

    fn comma(&mut self, bytes: &[u8], i: usize) -> Option<Item> {
        match self.at.depth {
            1 => {
                self.at.slot = Slot::Key;
                self.end_item(bytes, i)
            }
            2 if self.at.collection.is_some() => {
                self.at.slot = Slot::Record;
                self.end_item(bytes, i)
            }
            _ => None,
        }
    }

    fn close(&mut self, bytes: &[u8], i: usize) -> Option<Item> {
        let depth = self.at.depth;
        self.at.depth = depth.saturating_sub(1);
        match depth {
            // The end of a collection array (its last record) or of the document.
            2 if self.at.collection.is_some() => {
                self.at.collection = None;
                self.at.slot = Slot::Inside;
                self.end_item(bytes, i)
            }
            1 => self.end_item(bytes, i),
            _ => None,
        }
    }

    /// Ends the open item at the terminator `i` (trailing whitespace left out).
    fn end_item(&mut self, bytes: &[u8], i: usize) -> Option<Item> {
        let (kind, start) = self.at.open.take()?;
        Some(Item { kind, start, end: trim_end(bytes, start, i) })
    }

    /// The open item at the end of the input (a document cut short).
    fn finish(&mut self, bytes: &[u8]) -> Option<Item> {
        if self.in_string {
            let (kind, start) = self.at.open.take()?;
            return Some(Item { kind, start, end: bytes.len() });
        }
        self.end_item(bytes, bytes.len())
    }
}

/// A top-level key's text with its escapes resolved (`"de\u0061ls"` is `deals`, as serde reads it).
fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && bytes.get(end - 1).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        end -= 1;
    }
    end
}

impl Index {
    /// The pre-pass over the whole document: a checkpoint about every `stride` bytes (at least 1).
    pub fn build(bytes: &[u8], stride: usize) -> Index {
        let stride = stride.max(1);
        let start = Checkpoint::start();
        let mut checkpoints = vec![start.clone()];
        let mut shared = Vec::new();
        let mut scan = Scan::from(&start);
        let mut next = stride;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let skip = scan.fast_forward(bytes, i);
            if skip != i {
                i = skip;
                continue;
            }
            if i >= next && !scan.in_string {
                checkpoints.push(Checkpoint { offset: i, ..scan.at.clone() });
                next = i + stride;
            }
            if let Some(item) = scan.step(bytes, i, b) {
                keep_shared(&mut shared, item);
            }
            i += 1;
        }
        if let Some(item) = scan.finish(bytes) {
            keep_shared(&mut shared, item);
        }
        Index { checkpoints, shared }
    }

    /// The values every part needs (`settings`, `stages`, `fx`), in document order.
    pub fn shared(&self) -> &[Item] {
        &self.shared
    }

    /// The items that start inside `range`, in document order: records, and top-level values other
    /// than the shared ones. Ranges that cover the document give each item exactly once.
    pub fn items_in(&self, bytes: &[u8], range: Range<usize>) -> Vec<Item> {
        let from = self.checkpoints.partition_point(|c| c.offset <= range.start).saturating_sub(1);
        let Some(checkpoint) = self.checkpoints.get(from) else { return Vec::new() };
        let mut scan = Scan::from(checkpoint);
        let mut items = Vec::new();
        let keep = |item: Item, items: &mut Vec<Item>| {
            if range.contains(&item.start) && !is_shared(&item) {
                items.push(item);
            }
        };
        let mut i = checkpoint.offset;
        while let Some(&b) = bytes.get(i) {
            let skip = scan.fast_forward(bytes, i);
            if skip != i {
                i = skip;
                continue;
            }
            // Past the range, only an item of the range still open is worth reading to its end.
            if i >= range.end && !scan.at.open.as_ref().is_some_and(|(_, start)| range.contains(start)) {
                return items;
            }
            if let Some(item) = scan.step(bytes, i, b) {
                keep(item, &mut items);
            }
            i += 1;
        }
        if let Some(item) = scan.finish(bytes) {
            keep(item, &mut items);
        }
        items
    }
}

impl Checkpoint {
    /// The scan's state before the document's first byte.
    pub fn start() -> Checkpoint {
        Checkpoint { offset: 0, depth: 0, slot: Slot::Inside, key: String::new(), collection: None, open: None, records: [0; 6] }
    }
}

/// Where a part read apart starts: a record of a collection array, or a top-level key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    /// The offset of the record's or the key's first byte.
    pub offset: usize,
    /// The record's collection; None for a key.
    pub record_of: Option<Collection>,
    /// Records of each collection ([`Collection::index`]) before it: the index in its array of
    /// the part's first record of that collection.
    pub first: [usize; 6],
}

/// The pre-pass run forward in steps, for readers that start at a record or a key
/// ([`Resync::boundary_at`]): a part can start as soon as the scan has passed its start (the
/// first part needs none: it starts where the document does).
pub struct Resync {
    scan: Scan,
    at: usize,
}

impl Default for Resync {
    fn default() -> Self {
        Resync { scan: Scan::from(&Checkpoint::start()), at: 0 }
    }
}

impl Resync {
    /// The first record of a collection array or top-level key that starts at or after `offset`;
    /// None when none does. Offsets must not go back.
    pub fn boundary_at(&mut self, bytes: &[u8], offset: usize) -> Option<Boundary> {
        let mut i = self.at;
        while let Some(&b) = bytes.get(i) {
            let skip = self.scan.fast_forward(bytes, i);
            if skip != i {
                i = skip;
                continue;
            }
            let at = &self.scan.at;
            let boundary = !self.scan.in_string
                && match (at.depth, at.slot) {
                    (1, Slot::Key) => b == b'"',
                    (2, Slot::Record) => at.collection.is_some() && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b']' | b','),
                    _ => false,
                };
            if boundary && i >= offset {
                self.at = i;
                let record_of = if at.depth == 2 { at.collection } else { None };
                return Some(Boundary { offset: i, record_of, first: at.records });
            }
            // An item ended here is before `offset`: only the state matters.
            let _ = self.scan.step(bytes, i, b);
            i += 1;
        }
        self.at = i;
        None
    }
}

fn is_shared(item: &Item) -> bool {
    matches!(&item.kind, ItemKind::Value(key) if SHARED.contains(&key.as_str()))
}

fn keep_shared(shared: &mut Vec<Item>, item: Item) {
    if is_shared(&item) {
        shared.push(item);
    }
}

/// `n` ranges of about equal length covering `0..len` (at least one).
pub fn ranges(len: usize, n: usize) -> Vec<Range<usize>> {
    let n = n.max(1);
    (0..n).map(|k| len * k / n..len * (k + 1) / n).collect()
}

/// A part as a canonical document of its own: the shared values, then each collection's records
/// of the part in one array, then its other top-level values. Read with the same reader, it gives
/// the part's share of the records under the same settings and stages.
pub fn part_document(bytes: &[u8], index: &Index, items: &[Item]) -> Vec<u8> {
    let mut out = b"{".to_vec();
    let mut first = true;
    let mut member = |out: &mut Vec<u8>, key: &str, value: &[&[u8]], array: bool| {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(serde_json::to_string(key).unwrap_or_default().as_bytes());
        out.push(b':');
        if array {
            out.push(b'[');
        }
        for (k, piece) in value.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(piece);
        }
        if array {
            out.push(b']');
        }
    };
    let text = |item: &Item| bytes.get(item.start..item.end).unwrap_or_default();
    for item in index.shared.iter().chain(items.iter().filter(|i| matches!(i.kind, ItemKind::Value(_)))) {
        if let ItemKind::Value(key) = &item.kind {
            member(&mut out, key, &[text(item)], false);
        }
    }
    for collection in Collection::ALL {
        let records: Vec<&[u8]> = items.iter().filter(|i| i.kind == ItemKind::Record(collection)).map(text).collect();
        if !records.is_empty() {
            member(&mut out, collection.key(), &records, true);
        }
    }
    out.push(b'}');
    out
}
