//! The canonical JSON read in chunks of any size, a record at a time, so that the input never has
//! to be in memory whole: a page streams `file.stream()` into it, and a 1 GB file needs the
//! memory of its records, not of its text.
//!
//! ```
//! use spi_wasm::ingest::stream::JsonStream;
//! let mut stream = JsonStream::new();
//! stream.push(br#"{"deals": [{"id": "a", "amount": 5}, {"id": "b", "amou"#)?;
//! assert_eq!(stream.progress().records, 1); // "b" is cut: kept until the next chunk
//! assert_eq!(stream.buffered(), r#"{"id": "b", "amou"#.len());
//! stream.push(br#"nt": 7}]}"#)?;
//! let store = stream.finish()?;
//! assert_eq!(store.deals.len(), 2);
//! # Ok::<(), spi_wasm::InputError>(())
//! ```
//!
//! `document` walks the top level by hand and hands each record to serde_json (`unit`), deals
//! first to a hand-written reader for their common shape ([`fast`]);
//! `position` keeps line and column across dropped chunks; [`limits`] holds the documented
//! limits; `memory` checks the room left before Wasm memory runs out; [`split`] cuts a document
//! into byte ranges that workers read apart.

mod document;
pub mod fast;
pub mod limits;
mod memory;
pub mod parts;
mod position;
pub mod split;
mod unit;

pub use limits::Limits;
pub(crate) use unit::tidy as tidy_path;

use crate::error::InputError;
use crate::store::{Store, StoreBuilder};
use document::StreamReader;

/// The UTF-8 byte-order mark some tools write first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes taken from a chunk at a time while completing a record cut by the previous chunk.
const PIECE: usize = 64 << 10;

/// How far a stream has read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Bytes pushed so far.
    pub bytes: u64,
    /// Records (deals, leads, activities, contacts, quotas, forecasts) read so far; a record a
    /// chunk cut counts once a later chunk (or `finish`) completes it.
    pub records: u64,
}

/// A canonical JSON document read chunk by chunk: [`JsonStream::push`] each chunk as it arrives,
/// then [`JsonStream::finish`]. Between chunks it keeps only the unfinished tail (the record the
/// chunk cut). Errors are those of reading the whole document at once, at the same place.
pub struct JsonStream {
    document: StreamReader,
    /// The unread tail of the previous chunks.
    buffer: Vec<u8>,
    pushed: u64,
    /// Whether the start of the input (a byte-order mark or not) has been seen.
    started: bool,
    /// The first error: the stream refuses everything after it.
    failed: Option<InputError>,
}

impl Default for JsonStream {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonStream {
    /// A stream with the default [`Limits`].
    pub fn new() -> Self {
        Self::with_builder(StoreBuilder::new(), Limits::default())
    }

    /// A stream with other limits (tests use small ones).
    pub fn with_limits(limits: Limits) -> Self {
        Self::with_builder(StoreBuilder::new(), limits)
    }

    /// A stream adding its records to a builder that other sources feed too.
    pub fn with_builder(builder: StoreBuilder, limits: Limits) -> Self {
        JsonStream { document: StreamReader::new(builder, limits), buffer: Vec::new(), pushed: 0, started: false, failed: None }
    }

    /// Numbers each collection's records from `first` on (indexed as [`crate::store::Collection::index`]):
    /// the stream reads a part of a larger document ([`parts`]).
    pub fn first_indices(&mut self, first: [usize; 6]) {
        self.document.first_indices(first);
    }

    /// Ends the read at offset `stop` of what is pushed, where the next part of a document starts
    /// (`document::StreamReader::stop_at`; [`parts`]).
    pub fn stop_at(&mut self, stop: u64) {
        self.document.stop_at(stop);
    }

    /// The whole input in one slice, read in place, as a part of a larger document: the builder
    /// and the top-level keys read (see [`parts`]).
    pub fn read_part(mut self, bytes: &[u8]) -> Result<(StoreBuilder, Vec<String>), InputError> {
        self.guarded(bytes, true)?;
        let keys = self.document.keys().to_vec();
        Ok((self.document.into_builder(), keys))
    }

    /// Refuses at once an input whose size, known in advance (a file's), is over the limit.
    pub fn expect_total(&mut self, size: u64) -> Result<(), InputError> {
        let limit = self.document.limits().max_input_bytes;
        if size > limit {
            return self.fail(limits::input_too_large(size, limit, true));
        }
        self.document.expect_total(size);
        Ok(())
    }

    /// The input's approximate size, when only that is known (a JS string's length in UTF-16
    /// units): the row vectors are sized from it, and nothing is refused by it.
    pub fn size_hint(&mut self, size: u64) {
        self.document.expect_total(size);
    }

    /// Reads the next chunk: every record it completes goes to the builder.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), InputError> {
        self.guarded(chunk, false)
    }

    /// How far the stream has read.
    pub fn progress(&self) -> Progress {
        Progress { bytes: self.pushed, records: self.document.records() }
    }

    /// Bytes held between chunks: the unfinished tail (a record cut by the last chunk's end).
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }

    /// Ends the input and builds the store.
    pub fn finish(self) -> Result<Store, InputError> {
        self.finish_builder()?.finish()
    }

    /// Ends the input; the builder, for callers that add more sources.
    pub fn finish_builder(mut self) -> Result<StoreBuilder, InputError> {
        self.guarded(&[], true)?;
        if !memory::has_headroom() {
            return Err(limits::out_of_memory(String::new(), self.pushed));
        }
        Ok(self.document.into_builder())
    }

    /// The whole input in one slice, read in place (no copy).
    pub fn read_all(mut self, bytes: &[u8]) -> Result<StoreBuilder, InputError> {
        self.document.expect_total(bytes.len() as u64);
        self.guarded(bytes, true)?;
        Ok(self.document.into_builder())
    }

    fn guarded(&mut self, chunk: &[u8], last: bool) -> Result<(), InputError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        match self.feed(chunk, last) {
            Ok(()) => Ok(()),
            Err(error) => self.fail(error),
        }
    }

    fn fail(&mut self, error: InputError) -> Result<(), InputError> {
        self.failed = Some(error.clone());
        // Give the memory back at once: after `out_of_memory` the page loads something smaller.
        self.buffer = Vec::new();
        self.document.discard();
        Err(error)
    }

    fn feed(&mut self, chunk: &[u8], last: bool) -> Result<(), InputError> {
        self.pushed += chunk.len() as u64;
        let limit = self.document.limits().max_input_bytes;
        if self.pushed > limit {
            return Err(limits::input_too_large(self.pushed, limit, false));
        }
        let mut rest = chunk;
        if !self.started {
            if self.buffer.len() + rest.len() < BOM.len() && !last {
                return self.keep(rest);
            }
            if !self.buffer.is_empty() {
                self.keep(rest)?;
                rest = &[];
            }
            let head = if self.buffer.is_empty() { rest } else { &self.buffer };
            if head.starts_with(BOM) {
                self.document.skip_bom(BOM.len() as u64);
                if self.buffer.is_empty() {
                    rest = rest.get(BOM.len()..).unwrap_or_default();
                } else {
                    self.buffer.drain(..BOM.len());
                }
            }
            self.started = true;
        }
        let mut finished = false;
        // First complete what the buffer holds, taking the chunk in growing pieces, and go back
        // to reading the chunk in place as soon as the buffered part is read.
        while !self.buffer.is_empty() && !finished {
            if rest.is_empty() && !last {
                return Ok(());
            }
            let held = self.buffer.len();
            let take = rest.len().min(held.max(self.document.wait().saturating_sub(held)).max(PIECE));
            let (piece, after) = rest.split_at(take);
            finished = last && after.is_empty();
            self.keep(piece)?;
            let buffer = std::mem::take(&mut self.buffer);
            let consumed = self.document.run(&buffer, finished);
            self.buffer = buffer;
            let consumed = consumed?;
            if consumed >= held {
                rest = rest.get(consumed - held..).unwrap_or_default();
                self.buffer.clear();
            } else {
                self.buffer.drain(..consumed);
                rest = after;
            }
        }
        if finished || (rest.is_empty() && !last) {
            return Ok(());
        }
        let consumed = self.document.run(rest, last)?;
        if self.document.stopped() {
            // The rest is the next part's.
            return Ok(());
        }
        self.keep(rest.get(consumed..).unwrap_or_default())
    }

    /// Appends to the buffer, failing with `out_of_memory` rather than aborting.
    fn keep(&mut self, bytes: &[u8]) -> Result<(), InputError> {
        if self.buffer.try_reserve(bytes.len()).is_err() {
            return Err(limits::out_of_memory(String::new(), self.pushed));
        }
        self.buffer.extend_from_slice(bytes);
        Ok(())
    }
}
