//! The canonical document, read a window of bytes at a time: a small hand-written state machine
//! walks the top level (`{`, keys, `:`, `,`, the `[` and `]` of each collection) and hands each
//! record, whole, to serde_json ([`super::unit`]), then to the [`StoreBuilder`]. It stops where
//! the bytes at hand end and resumes there with the next chunk.
//!
//! Errors say what serde_json reading the whole document would say, at the same line and column,
//! with the same path (`deals[12].amount`; `?` where a key could not be read), so that the
//! streaming and the one-shot reader cannot be told apart by their errors.

use super::fast;
use super::limits::{self, Limits};
use super::memory;
use super::position::Lines;
use super::unit::{self, Read};
use crate::error::InputError;
use crate::ingest::field_hints::{self, HINT_RECORDS};
use crate::ingest::collections::{given_twice, unknown_key, unusable, AnyRecords, TopLevel, COLLECTIONS, UNKNOWN_KEYS_KEPT};
use crate::model;
use crate::store::{Collection, InputSize, StoreBuilder};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::TryReserveError;

/// What a top-level key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Records(Collection),
    Settings,
    Fx,
    Stages,
    /// Any other key: read (it must be valid JSON) and ignored.
    Other,
}

fn field(key: &str) -> Field {
    if let Some(collection) = Collection::ALL.into_iter().find(|c| c.key() == key) {
        return Field::Records(collection);
    }
    match key {
        "settings" => Field::Settings,
        "fx" => Field::Fx,
        "stages" => Field::Stages,
        _ => Field::Other,
    }
}

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the document's `{`.
    Start,
    /// After `{` (`first`) or a `,`: a key, or `}`.
    Key { first: bool },
    /// After a key.
    Colon,
    /// After `:`.
    Value,
    /// Inside a collection's `[`, after `[` (`first`) or a `,`: an item, or `]`.
    Items { first: bool, index: usize },
    /// After an item: `,` or `]`.
    AfterItem { index: usize },
    /// After a top-level value: `,` or `}`.
    AfterValue,
    /// After the document's `}`: only whitespace may follow.
    End,
}

/// Why a record could not be added.
enum Refused {
    Memory,
    Stage(String),
    /// A setting another source gave differently: path and message.
    Settings(String, String),
}

impl From<TryReserveError> for Refused {
    fn from(_: TryReserveError) -> Self {
        Refused::Memory
    }
}

/// Input read between two memory checks (see [`memory::has_headroom`]).
const PROBE_EVERY: u64 = 1 << 20;

/// The reading state of one document, fed windows of bytes by [`super::JsonStream`]. Named for
/// what it does (it reads a stream) so that it is not taken for the serde seed of
/// `ingest::json` (`DocumentSeed`), which reads an already parsed source.
pub struct StreamReader {
    builder: StoreBuilder,
    limits: Limits,
    state: State,
    /// The current top-level key and what it holds.
    key: String,
    field: Field,
    /// Records read per collection (for the limit).
    counts: [usize; 6],
    /// The index in its array of each collection's first record: 0, or where a part read apart
    /// starts ([`super::parts`]), so that paths, stand-in ids and examples name the record as a
    /// read of the whole document does.
    first: [usize; 6],
    /// Where a part read apart ends (see [`StreamReader::stop_at`]), and whether it stopped there.
    stop: Option<u64>,
    stopped: bool,
    /// The top-level keys read, in order (a reader of parts refuses a key given in two parts).
    keys: Vec<String>,
    /// Top-level keys of [`COLLECTIONS`] met so far (bit i for `COLLECTIONS[i]`), and whether
    /// the current key is one met before: a collection given twice is refused.
    seen: u16,
    repeated: bool,
    /// Top-level keys that are none of [`COLLECTIONS`] (the first few), for `unusable_source`.
    unknown: Vec<String>,
    /// Record fields judged by [`StreamReader::hint_fields`] (collection index, key), sorted:
    /// each once, looked up by halves (a CRM payload's records carry hundreds of fields).
    judged: Vec<(usize, String)>,
    records: u64,
    lines: Lines,
    /// Absolute offset of the next window's first byte.
    base: u64,
    /// Bytes (from the window start) needed before a value cut short is tried again: twice what
    /// the last try had, so a record longer than the chunks costs linear, not quadratic, time.
    wait: usize,
    next_probe: u64,
    /// The input's whole size, when known in advance (see [`StreamReader::expect_total`]).
    total: Option<u64>,
}

impl StreamReader {
    /// A document about to be read into `builder`.
    pub fn new(builder: StoreBuilder, limits: Limits) -> Self {
        StreamReader {
            builder,
            limits,
            state: State::Start,
            key: String::new(),
            field: Field::Other,
            counts: [0; 6],
            first: [0; 6],
            stop: None,
            stopped: false,
            keys: Vec::new(),
            seen: 0,
            repeated: false,
            unknown: Vec::new(),
            judged: Vec::new(),
            records: 0,
            lines: Lines::default(),
            base: 0,
            wait: 0,
            next_probe: PROBE_EVERY,
            total: None,
        }
    }

    /// Skips a leading byte-order mark: positions count from the byte after it, as they did when
    /// the whole input was read with the mark stripped.
    pub fn skip_bom(&mut self, len: u64) {
        self.base = len;
        self.lines = Lines::starting_at(len);
    }

    /// Numbers each collection's records from `first` on (a part of a document, read apart), and
    /// counts them from there against the record limit.
    pub fn first_indices(&mut self, first: [usize; 6]) {
        self.first = first;
        self.counts = first;
    }

    /// Ends the read, successfully, at offset `stop` of the input, which must be where a record or
    /// a top-level key starts (the next part's start, found by `split::Resync`): the reader reads
    /// every byte before it and stops on reaching it in a state that expects that record or key.
    /// Reaching or passing it anywhere else is an error, so that a document whose structure the
    /// scan misjudged is read again in one pass rather than read twice or half.
    pub fn stop_at(&mut self, stop: u64) {
        self.stop = Some(stop);
    }

    /// True once the reader stopped where [`Self::stop_at`] said.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// The top-level keys read, in order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The input's whole size, known in advance: the row vectors are sized from it.
    pub fn expect_total(&mut self, size: u64) {
        self.total = Some(size);
    }

    /// Records read so far (all collections).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Bytes the next window should hold before it is worth reading (0: any).
    pub fn wait(&self) -> usize {
        self.wait
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Drops what was read (after an error).
    pub fn discard(&mut self) {
        self.builder = StoreBuilder::new();
    }

    /// The builder, once the document is read.
    pub fn into_builder(self) -> StoreBuilder {
        self.builder
    }

    /// Reads `window` (the input from `base`, the offset of its first byte, on) as far as it goes; returns how
    /// many bytes it consumed. The rest (a record cut by the window's end) must come again, with
    /// more input after it, in the next window. `last`: no input follows the window.
    pub fn run(&mut self, window: &[u8], last: bool) -> Result<usize, InputError> {
        let mut pos = 0;
        // Checked as UTF-8 once for all the records in it (see [`fast::Source`]), up to where a
        // part read apart stops (its window is the rest of the whole input).
        let stop = self.stop.map_or(usize::MAX, |stop| usize::try_from(stop.saturating_sub(self.base)).unwrap_or(usize::MAX));
        let src = fast::Source::checked_up_to(window, stop);
        self.steps(src, &mut pos, last)?;
        // Newlines are counted only in bytes about to be dropped: after the last window no error
        // can follow, and an error inside a window counts from the window (so one whole-input
        // window, `Dataset::from_json`, never counts at all unless it fails).
        if !last {
            self.lines.advance(window.get(..pos).unwrap_or_default());
        }
        self.base += pos as u64;
        Ok(pos)
    }

    fn steps(&mut self, src: fast::Source<'_>, pos: &mut usize, last: bool) -> Result<(), InputError> {
        let w = src.bytes();
        loop {
            *pos = skip_whitespace(w, *pos);
            if self.state == State::Value && self.repeated {
                // Refused before its value is read, as the one-shot reader refused it.
                return Err(InputError::new("invalid_value", self.key.as_str(), given_twice(&self.key)));
            }
            let Some(&byte) = w.get(*pos) else {
                return if last { self.at_eof(w) } else { Ok(()) };
            };
            if let Some(stop) = self.stop.filter(|&stop| self.base + *pos as u64 >= stop) {
                let expected = match self.state {
                    State::Items { .. } => byte != b']',
                    State::Key { .. } => byte == b'"',
                    _ => false,
                };
                if !expected || self.base + *pos as u64 != stop {
                    return Err(InputError::new("internal", "", "a part of the document did not end where its next part starts"));
                }
                self.stopped = true;
                return Ok(());
            }
            if !self.step(src, pos, byte, last)? {
                return Ok(());
            }
        }
    }

    /// One token or value at `pos`; false when the window ends inside it.
    fn step(&mut self, src: fast::Source<'_>, pos: &mut usize, byte: u8, last: bool) -> Result<bool, InputError> {
        let w = src.bytes();
        match (self.state, byte) {
            (State::Start, b'{') => self.state = State::Key { first: true },
            (State::Start, _) => return self.top_level_not_object(w, *pos, last),
            (State::Key { first: true }, b'}') => self.state = State::End,
            (State::Key { .. }, b'}') => return Err(self.syntax(w, *pos, "trailing comma", "?")),
            (State::Key { .. }, b'"') => match self.key(w, *pos, last)? {
                Some(end) => {
                    *pos = end;
                    self.state = State::Colon;
                    return Ok(true);
                }
                None => return Ok(false),
            },
            (State::Key { .. }, _) => return Err(self.syntax(w, *pos, "key must be a string", "?")),
            (State::Colon, b':') => self.state = State::Value,
            (State::Colon, _) => return Err(self.syntax(w, *pos, "expected `:`", "")),
            (State::Value, b'[') if matches!(self.field, Field::Records(_) | Field::Other) => {
                self.state = State::Items { first: true, index: 0 };
            }
            (State::Value, _) => return self.with_key(|d, key| d.value(w, pos, last, key)),
            (State::Items { first: true, .. }, b']') => self.state = State::AfterValue,
            (State::Items { .. }, b']') => {
                // serde_json skips an ignored array with its own scanner, which words it so.
                let message = if self.field == Field::Other { "expected value" } else { "trailing comma" };
                return Err(self.syntax(w, *pos, message, &self.key));
            }
            (State::Items { index, .. }, _) => return self.with_key(|d, key| d.item(src, pos, last, key, index)),
            (State::AfterItem { index }, b',') => self.state = State::Items { first: false, index },
            (State::AfterItem { .. }, b']') => self.state = State::AfterValue,
            (State::AfterItem { .. }, _) => return Err(self.syntax(w, *pos, "expected `,` or `]`", &self.key)),
            (State::AfterValue, b',') => self.state = State::Key { first: false },
            (State::AfterValue, b'}') => self.state = State::End,
            (State::AfterValue, _) => return Err(self.syntax(w, *pos, "expected `,` or `}`", "?")),
            (State::End, _) => return Err(self.syntax(w, *pos, "trailing characters", "")),
        }
        *pos += 1;
        Ok(true)
    }

    /// Runs `f` with the current key lent out (record paths borrow it while `self` is mutated).
    fn with_key<R>(&mut self, f: impl FnOnce(&mut Self, &str) -> R) -> R {
        let key = std::mem::take(&mut self.key);
        let result = f(self, &key);
        self.key = key;
        result
    }

    /// A top-level key at `pos` (its opening quote); the index after its closing quote.
    fn key(&mut self, w: &[u8], pos: usize, last: bool) -> Result<Option<usize>, InputError> {
        let max = self.limits.max_string_bytes;
        let Some(end) = limits::string_end(w, pos + 1) else {
            if w.len() - pos > max + 1 {
                return Err(limits::string_too_long(String::new(), max));
            }
            if last {
                return Err(self.json_error(w, pos, unit::read::<String>(w.get(pos..).unwrap_or_default(), true), "?"));
            }
            self.wait = (w.len() - pos).saturating_mul(2);
            return Ok(None);
        };
        if end - pos - 1 > max {
            return Err(limits::string_too_long(String::new(), max));
        }
        let quoted = w.get(pos..=end).unwrap_or_default();
        match serde_json::from_slice::<String>(quoted) {
            Ok(key) => {
                self.field = field(&key);
                self.repeated = false;
                if let Some(i) = COLLECTIONS.iter().position(|&c| c == key) {
                    self.repeated = self.seen & (1 << i) != 0;
                    self.seen |= 1 << i;
                } else {
                    self.builder.warn("unknown_key", unknown_key(&key), &key);
                    if self.unknown.len() < UNKNOWN_KEYS_KEPT {
                        self.unknown.push(key.clone());
                    }
                }
                self.keys.push(key.clone());
                self.key = key;
                self.wait = 0;
                Ok(Some(end + 1))
            }
            Err(e) => Err(self.json_error(w, pos, Read::Failed::<String>(e), "?")),
        }
    }

    /// The value of a top-level key other than a collection's array.
    fn value(&mut self, w: &[u8], pos: &mut usize, last: bool, key: &str) -> Result<bool, InputError> {
        let u = *pos;
        let len = match self.field {
            // `null` or an error naming the key (an object, a number...).
            Field::Records(_) => self.unit::<AnyRecords>(w, u, last, &key, |_, _| Ok(()))?,
            Field::Other => self.unit::<IgnoredAny>(w, u, last, &key, |_, _| Ok(()))?,
            Field::Settings => self.unit(w, u, last, &key, |b, s: Option<model::Settings>| {
                b.set_settings(s.unwrap_or_default()).map_err(|(path, message)| Refused::Settings(path, message))
            })?,
            Field::Fx => self.unit(w, u, last, &key, |b, fx: Option<model::Fx>| {
                b.set_fx(fx.unwrap_or_default());
                Ok(())
            })?,
            Field::Stages => self.unit(w, u, last, &key, |b, stages: Option<Vec<model::Stage>>| {
                b.set_stages(stages.unwrap_or_default()).map_err(Refused::Stage)
            })?,
        };
        Ok(self.advance(pos, len, State::AfterValue))
    }

    /// One item of the array of `key`.
    fn item(&mut self, src: fast::Source<'_>, pos: &mut usize, last: bool, key: &str, index: usize) -> Result<bool, InputError> {
        let (w, u) = (src.bytes(), *pos);
        let Field::Records(collection) = self.field else {
            let len = self.unit::<IgnoredAny>(w, u, last, &key, |_, _| Ok(()))?;
            return Ok(self.advance(pos, len, State::AfterItem { index: index + 1 }));
        };
        let next = State::AfterItem { index: index + 1 };
        let index = index + self.first.get(collection.index()).copied().unwrap_or(0);
        let path = RecordPath(key, index);
        if self.counts.get(collection.index()).is_some_and(|&n| n >= self.limits.max_records) {
            return Err(limits::too_many_records(path.to_string(), key, self.limits.max_records));
        }
        let len = match collection {
            Collection::Deals => self.unit_fast(src, u, last, &path, fast::deal, |b, d: model::Deal| {
                b.try_reserve_deal(&d)?;
                b.add_deal(d, index);
                Ok(())
            })?,
            Collection::Leads => self.unit_fast(src, u, last, &path, fast::lead, |b, l: model::Lead| {
                b.try_reserve_lead(&l)?;
                b.add_lead(l, index);
                Ok(())
            })?,
            Collection::Activities => self.unit_fast(src, u, last, &path, fast::activity, |b, a: model::Activity| {
                b.try_reserve_row(Collection::Activities)?;
                b.add_activity(a, index);
                Ok(())
            })?,
            Collection::Contacts => self.unit_fast(src, u, last, &path, fast::contact, |b, c: model::Contact| {
                b.try_reserve_row(Collection::Contacts)?;
                b.add_contact(c, index);
                Ok(())
            })?,
            Collection::Quotas => self.unit(w, u, last, &path, |b, t: model::PeriodAmount| {
                b.try_reserve_row(Collection::Quotas)?;
                b.add_period_amount(t, false, index);
                Ok(())
            })?,
            Collection::Forecasts => self.unit(w, u, last, &path, |b, t: model::PeriodAmount| {
                b.try_reserve_row(Collection::Forecasts)?;
                b.add_period_amount(t, true, index);
                Ok(())
            })?,
        };
        if let Some(n) = len.filter(|_| index < HINT_RECORDS) {
            self.hint_fields(collection, w.get(u..u + n).unwrap_or_default(), &path);
        }
        if len.is_some() {
            self.records += 1;
            if let Some(n) = self.counts.get_mut(collection.index()) {
                *n += 1;
            }
        }
        Ok(self.advance(pos, len, next))
    }

    /// Warns of the unknown fields of one of a collection's first records that look like known
    /// ones ([`field_hints`]), each field once: the record itself is read as the spec says,
    /// unknown fields ignored.
    fn hint_fields(&mut self, collection: Collection, record: &[u8], path: &RecordPath) {
        let known = match collection {
            Collection::Deals => field_hints::fields::<model::Deal>(),
            Collection::Leads => field_hints::fields::<model::Lead>(),
            Collection::Activities => field_hints::fields::<model::Activity>(),
            Collection::Contacts => field_hints::fields::<model::Contact>(),
            Collection::Quotas | Collection::Forecasts => return,
        };
        let Ok(keys) = crate::ingest::api::top_level_keys(record) else { return };
        for key in keys.iter().filter(|k| !known.contains(&k.as_str())) {
            let judged = (collection.index(), key.as_str());
            let Err(at) = self.judged.binary_search_by(|(c, k)| (*c, k.as_str()).cmp(&judged)) else { continue };
            self.judged.insert(at, (collection.index(), key.clone()));
            if let Some(meant) = field_hints::meant(key, known, &keys) {
                self.builder.warn("unknown_key", field_hints::message(key, collection.key(), meant), &path.to_string());
            }
        }
    }

    /// Moves past a value of `len` bytes into `next`; false (stay) when the value was cut short.
    fn advance(&mut self, pos: &mut usize, len: Option<usize>, next: State) -> bool {
        match len {
            Some(len) => {
                *pos += len;
                self.state = next;
                true
            }
            None => false,
        }
    }

    /// Reads one value at `u` with serde_json and hands it to `add`; its length, or None when the
    /// window ends inside it. `path` names the value in errors.
    fn unit<'w, T: Deserialize<'w>>(
        &mut self,
        w: &'w [u8],
        u: usize,
        last: bool,
        path: &dyn std::fmt::Display,
        add: impl FnOnce(&mut StoreBuilder, T) -> Result<(), Refused>,
    ) -> Result<Option<usize>, InputError> {
        self.unit_fast(fast::Source::unchecked(w), u, last, path, |_| None, add)
    }

    /// [`Self::unit`], trying `fast` first (see [`fast`]): what it declines, serde_json reads.
    fn unit_fast<'w, T: Deserialize<'w>>(
        &mut self,
        src: fast::Source<'w>,
        u: usize,
        last: bool,
        path: &dyn std::fmt::Display,
        fast: impl FnOnce(fast::Source<'w>) -> Option<(T, usize)>,
        add: impl FnOnce(&mut StoreBuilder, T) -> Result<(), Refused>,
    ) -> Result<Option<usize>, InputError> {
        let w = src.bytes();
        let bytes = w.get(u..).unwrap_or_default();
        if !last && bytes.len() < self.wait {
            return Ok(None);
        }
        self.check_memory(u, path)?;
        let max = self.limits.max_string_bytes;
        self.builder.note_input(InputSize { total: self.total, read: self.base + u as u64 });
        let read = match fast(src.from(u)) {
            Some((value, len)) => Read::Value(value, len),
            None => unit::read::<T>(bytes, last),
        };
        let seen = match &read {
            Read::Value(_, len) => bytes.get(..*len).unwrap_or_default(),
            _ => bytes,
        };
        // Only a value longer than the limit can hold a string longer than the limit.
        if seen.len() > max {
            if let Some(inner) = limits::long_string(seen, max) {
                return Err(limits::string_too_long(unit::tidy(&unit::join(&path.to_string(), &inner)), max));
            }
        }
        match read {
            Read::Value(value, len) => {
                self.wait = 0;
                match add(&mut self.builder, value) {
                    Ok(()) => Ok(Some(len)),
                    Err(Refused::Memory) => Err(limits::out_of_memory(path.to_string(), self.base + u as u64)),
                    Err(Refused::Stage(message)) => Err(stage_error(&message)),
                    Err(Refused::Settings(path, message)) => Err(InputError::new("conflicting_settings", path, message)),
                }
            }
            Read::More => {
                self.wait = bytes.len().saturating_mul(2);
                Ok(None)
            }
            failed @ Read::Failed(_) => Err(self.located(w, u, failed, &path.to_string())),
        }
    }

    /// Fails with `out_of_memory` when the memory left could not hold much more (checked once
    /// per [`PROBE_EVERY`] bytes).
    fn check_memory(&mut self, u: usize, path: &dyn std::fmt::Display) -> Result<(), InputError> {
        let at = self.base + u as u64;
        if at < self.next_probe {
            return Ok(());
        }
        self.next_probe = at + PROBE_EVERY;
        if memory::has_headroom() {
            Ok(())
        } else {
            Err(limits::out_of_memory(path.to_string(), at))
        }
    }

    /// The error of a value at `u` that serde_json refused, with the path inside it.
    fn located<T>(&self, w: &[u8], u: usize, read: Read<T>, prefix: &str) -> InputError {
        let Read::Failed(error) = read else {
            return InputError::new("invalid_json", prefix, "the input could not be read");
        };
        let bytes = w.get(u..).unwrap_or_default();
        let mut inner = crate::json_path::error_path(bytes, &error);
        if unit::is_too_deep(&error) {
            // `x[0][0][0]...` down to level 128 says nothing more than where the nesting starts.
            inner.truncate(inner.get(1..).and_then(|s| s.find(['[', '.'])).map_or(inner.len(), |i| i + 1));
        }
        self.error_at(w, u, &error, unit::join(prefix, &inner))
    }

    /// A serde_json error at `u` whose path is known without reading again (keys, top level).
    fn json_error<T>(&self, w: &[u8], u: usize, read: Read<T>, path: &str) -> InputError {
        match read {
            Read::Failed(error) => self.error_at(w, u, &error, path.to_string()),
            _ => InputError::new("invalid_json", path, "the input could not be read"),
        }
    }

    fn error_at(&self, w: &[u8], u: usize, error: &serde_json::Error, path: String) -> InputError {
        let path = unit::tidy(&path);
        let at = self.lines.shift(w, self.base + u as u64, unit::position(error));
        if unit::is_too_deep(error) {
            limits::too_deep(path, at.line, at.column)
        } else if error.is_data() {
            InputError::new("invalid_value", path, unit::bare_message(error))
        } else {
            let message = format!("{} (line {}, column {})", unit::bare_message(error), at.line, at.column);
            InputError::new("invalid_json", path, message)
        }
    }

    /// A syntax error at the byte `pos` of the window, worded and placed as serde_json does.
    fn syntax(&self, w: &[u8], pos: usize, message: &str, path: &str) -> InputError {
        let at = self.lines.at(w, self.base + pos as u64 + 1);
        InputError::new("invalid_json", unit::tidy(path), format!("{message} (line {}, column {})", at.line, at.column))
    }

    /// The input ended (`last`) in the middle of the document.
    fn at_eof(&self, w: &[u8]) -> Result<(), InputError> {
        let (message, path) = match self.state {
            State::End if self.seen == 0 && !self.unknown.is_empty() => return Err(unusable(&self.unknown)),
            State::End => return Ok(()),
            State::Start => ("EOF while parsing a value", ""),
            State::Key { first: true } | State::AfterValue => ("EOF while parsing an object", "?"),
            State::Key { first: false } => ("EOF while parsing a value", "?"),
            State::Colon => ("EOF while parsing an object", ""),
            State::Value | State::Items { first: false, .. } => ("EOF while parsing a value", self.key.as_str()),
            State::Items { first: true, .. } | State::AfterItem { .. } => ("EOF while parsing a list", self.key.as_str()),
        };
        let at = self.lines.at(w, self.base + w.len() as u64);
        Err(InputError::new("invalid_json", unit::tidy(path), format!("{message} (line {}, column {})", at.line, at.column)))
    }

    /// The document is not an object: serde_json's error for it (`invalid type: sequence, ...`,
    /// or the syntax error of a value that is not JSON at all).
    fn top_level_not_object(&mut self, w: &[u8], pos: usize, last: bool) -> Result<bool, InputError> {
        let bytes = w.get(pos..).unwrap_or_default();
        match unit::read::<TopLevel>(bytes, last) {
            Read::More => Ok(false),
            read => Err(self.json_error(w, pos, read, "")),
        }
    }
}

/// `deals[12]`, built only when an error needs it.
struct RecordPath<'k>(&'k str, usize);

impl std::fmt::Display for RecordPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// The builder's stage error (`stages[1].kind: expected ...`) as path and message.
fn stage_error(message: &str) -> InputError {
    match message.split_once(": ") {
        Some((path, rest)) if path.starts_with("stages") => InputError::new("invalid_value", path, rest),
        _ => InputError::new("invalid_value", "stages", message),
    }
}

fn skip_whitespace(w: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\t' | b'\r') = w.get(pos) {
        pos += 1;
    }
    pos
}
