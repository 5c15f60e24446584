//! A fast path for the records that make up nearly all of a large export: deals with their stage
//! history, leads, activities and contacts. It reads the common shape by hand (strings with or without escapes, plain numbers and
//! numeric strings for amounts, `null`, other keys skipped) and gives exactly what serde_json gives
//! for it; anything else (an escaped key, a lone surrogate, a number given for text, a long
//! number, a syntax error, a duplicate key) makes it decline with
//! `None`, and the record is read by serde_json as before. So every error, every path in an error
//! and every unusual value is still serde_json's; this only skips its generic machinery.
//!
//! Why: on `deals-1m` (427 MB) serde_json's typed read of the deals took 1.65 s natively against
//! 0.50 s for the same bytes into `IgnoredAny` (`examples/ingest_only.rs`, medians of 3), most of
//! it in per-field visitor dispatch and per-string work. The equivalence is tested in
//! `tests/it/ingest/json/fast_records.rs` (generated records with escapes, numbers of every form, duplicates,
//! unknown nested keys: wherever this reads a record, serde_json reads the same).

use crate::model::{Activity, Attributes, Contact, Deal, Enrichment, HistoryEntry, Lead, Number, Text, Time};
use crate::time::{from_epoch_number, parse_time};
use std::borrow::Cow;

/// Nesting beyond which a skipped value is left to serde_json (which allows 128 levels).
const MAX_SKIP_DEPTH: u32 = 32;

/// Significant digits a number may have for the fast path: the significand then never leaves
/// `u64`, so serde_json takes its plain path (`significand as f64`, times or over a power of ten).
const MAX_DIGITS: u32 = 18;

/// Powers of ten exactly representable as `f64` (10^0 ..= 10^22), as in serde_json's table.
const MAX_EXPONENT: i32 = 22;

/// Entries a history vector starts with room for.
const HISTORY_CAPACITY: usize = 8;

/// Bytes to read records from, with the part of them already known to be UTF-8.
///
/// Why: checking each string on its own (`str::from_utf8` of a few bytes, some 15 times per deal)
/// was 5-7% of a native load (perf, deals-1m and alt-1m); the reader checks its whole window once,
/// at the speed of the word-at-a-time ASCII path, and then each string costs two char-boundary
/// checks. Bytes past the first invalid one (or a character cut by the window's end) are checked
/// string by string as before, so an invalid string still declines and serde_json names it.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    bytes: &'a [u8],
    /// The longest prefix of `bytes` that is UTF-8.
    text: &'a str,
}

impl<'a> Source<'a> {
    /// `bytes`, checked as UTF-8 up to its first invalid byte.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::checked_up_to(bytes, bytes.len())
    }

    /// `bytes`, checked as UTF-8 in its first `len` bytes at most (a part read apart stops at
    /// its end and need not check the rest of the input it is lent).
    pub fn checked_up_to(bytes: &'a [u8], len: usize) -> Self {
        let head = bytes.get(..len).unwrap_or(bytes);
        let text = match std::str::from_utf8(head) {
            Ok(text) => text,
            Err(e) => head.get(..e.valid_up_to()).and_then(|valid| std::str::from_utf8(valid).ok()).unwrap_or_default(),
        };
        Source { bytes, text }
    }

    /// `bytes` with nothing checked in advance: each string is checked when read.
    pub fn unchecked(bytes: &'a [u8]) -> Self {
        Source { bytes, text: "" }
    }

    /// The source from byte `at` on.
    pub fn from(self, at: usize) -> Self {
        Source { bytes: self.bytes.get(at..).unwrap_or_default(), text: self.text.get(at..).unwrap_or_default() }
    }

    /// The bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

/// A deal read from the front of `src`, and the bytes it took; `None` when serde_json must
/// read it (see the module documentation).
pub fn deal(src: Source<'_>) -> Option<(Deal<'_>, usize)> {
    let mut c = Cursor::new(src);
    let mut d = Deal::default();
    let mut seen = Seen::default();
    c.object(|c, key| {
        match key {
            "id" => seen.once(0).and_then(|()| c.text()).map(|v| d.id = v),
            "name" => seen.once(1).and_then(|()| c.text()).map(|v| d.name = v),
            "owner" => seen.once(2).and_then(|()| c.text()).map(|v| d.owner = v),
            "team" => seen.once(3).and_then(|()| c.text()).map(|v| d.team = v),
            "segment" => seen.once(4).and_then(|()| c.text()).map(|v| d.segment = v),
            "persona" => seen.once(5).and_then(|()| c.text()).map(|v| d.persona = v),
            "source" => seen.once(6).and_then(|()| c.text()).map(|v| d.source = v),
            "region" => seen.once(7).and_then(|()| c.text()).map(|v| d.region = v),
            "product" => seen.once(8).and_then(|()| c.text()).map(|v| d.product = v),
            "accountId" => seen.once(9).and_then(|()| c.text()).map(|v| d.account_id = v),
            "contactId" => seen.once(10).and_then(|()| c.text()).map(|v| d.contact_id = v),
            "leadId" => seen.once(11).and_then(|()| c.text()).map(|v| d.lead_id = v),
            "amount" => seen.once(12).and_then(|()| c.number()).map(|v| d.amount = v),
            "currency" => seen.once(13).and_then(|()| c.text()).map(|v| d.currency = v),
            "createdAt" => seen.once(14).and_then(|()| c.time()).map(|v| d.created_at = v),
            "expectedCloseAt" => seen.once(15).and_then(|()| c.time()).map(|v| d.expected_close_at = v),
            "closedAt" => seen.once(16).and_then(|()| c.time()).map(|v| d.closed_at = v),
            "stage" => seen.once(17).and_then(|()| c.text()).map(|v| d.stage = v),
            "status" => seen.once(18).and_then(|()| c.text()).map(|v| d.status = v),
            "forecastCategory" => seen.once(19).and_then(|()| c.text()).map(|v| d.forecast_category = v),
            // serde's alias: either name fills the one field, and both together are a duplicate.
            "history" | "stageHistory" => seen.once(20).and_then(|()| c.history()).map(|v| d.history = v),
            "attributes" => seen.once(21).and_then(|()| c.attributes()).map(|v| d.attributes = v),
            "updatedAt" => seen.once(22).and_then(|()| c.time()).map(|v| d.updated_at = v),
            "lostReason" => seen.once(23).and_then(|()| c.text()).map(|v| d.lost_reason = v),
            _ => c.skip(0),
        }
    })?;
    Some((d, c.pos))
}

/// A lead read from the front of `bytes` (see [`deal`]).
pub fn lead(src: Source<'_>) -> Option<(Lead<'_>, usize)> {
    let mut c = Cursor::new(src);
    let mut l = Lead::default();
    let mut seen = Seen::default();
    c.object(|c, key| match key {
        "id" => seen.once(0).and_then(|()| c.text()).map(|v| l.id = v),
        "createdAt" => seen.once(1).and_then(|()| c.time()).map(|v| l.created_at = v),
        "owner" => seen.once(2).and_then(|()| c.text()).map(|v| l.owner = v),
        "team" => seen.once(3).and_then(|()| c.text()).map(|v| l.team = v),
        "source" => seen.once(4).and_then(|()| c.text()).map(|v| l.source = v),
        "segment" => seen.once(5).and_then(|()| c.text()).map(|v| l.segment = v),
        "persona" => seen.once(6).and_then(|()| c.text()).map(|v| l.persona = v),
        "region" => seen.once(7).and_then(|()| c.text()).map(|v| l.region = v),
        "contactId" => seen.once(8).and_then(|()| c.text()).map(|v| l.contact_id = v),
        "qualifiedAt" => seen.once(9).and_then(|()| c.time()).map(|v| l.qualified_at = v),
        "convertedAt" => seen.once(10).and_then(|()| c.time()).map(|v| l.converted_at = v),
        "dealId" => seen.once(11).and_then(|()| c.text()).map(|v| l.deal_id = v),
        "attributes" => seen.once(12).and_then(|()| c.attributes()).map(|v| l.attributes = v),
        "updatedAt" => seen.once(13).and_then(|()| c.time()).map(|v| l.updated_at = v),
        _ => c.skip(0),
    })?;
    Some((l, c.pos))
}

/// An activity read from the front of `bytes` (see [`deal`]).
pub fn activity(src: Source<'_>) -> Option<(Activity<'_>, usize)> {
    let mut c = Cursor::new(src);
    let mut a = Activity::default();
    let mut seen = Seen::default();
    c.object(|c, key| match key {
        "id" => seen.once(0).and_then(|()| c.text()).map(|v| a.id = v),
        "type" => seen.once(1).and_then(|()| c.text()).map(|v| a.kind = v),
        "at" => seen.once(2).and_then(|()| c.time()).map(|v| a.at = v),
        "owner" => seen.once(3).and_then(|()| c.text()).map(|v| a.owner = v),
        "direction" => seen.once(4).and_then(|()| c.text()).map(|v| a.direction = v),
        "outcome" => seen.once(5).and_then(|()| c.text()).map(|v| a.outcome = v),
        "dealId" => seen.once(6).and_then(|()| c.text()).map(|v| a.deal_id = v),
        "leadId" => seen.once(7).and_then(|()| c.text()).map(|v| a.lead_id = v),
        "contactId" => seen.once(8).and_then(|()| c.text()).map(|v| a.contact_id = v),
        "automated" => seen.once(9).and_then(|()| c.boolean()).map(|v| a.automated = v),
        _ => c.skip(0),
    })?;
    Some((a, c.pos))
}

/// A contact read from the front of `bytes` (see [`deal`]).
pub fn contact(src: Source<'_>) -> Option<(Contact<'_>, usize)> {
    let mut c = Cursor::new(src);
    let mut k = Contact::default();
    let mut seen = Seen::default();
    c.object(|c, key| match key {
        "id" => seen.once(0).and_then(|()| c.text()).map(|v| k.id = v),
        "email" => seen.once(1).and_then(|()| c.text()).map(|v| k.email = v),
        "phone" => seen.once(2).and_then(|()| c.text()).map(|v| k.phone = v),
        "title" => seen.once(3).and_then(|()| c.text()).map(|v| k.title = v),
        "company" => seen.once(4).and_then(|()| c.text()).map(|v| k.company = v),
        "seniority" => seen.once(5).and_then(|()| c.text()).map(|v| k.seniority = v),
        "enrichment" => seen.once(6).and_then(|()| c.enrichment()).map(|v| k.enrichment = v),
        _ => c.skip(0),
    })?;
    Some((k, c.pos))
}

/// The index of the first byte that ends or interrupts a string's plain run: `"`, `\\` or a
/// control character. In the module, sixteen bytes at a time with Wasm SIMD128 (every engine
/// that runs the page has it), the rest as natively, eight at a time ([`special_byte_in_words`]).
///
/// Why: this scan runs over every string of every record (keys and values), and it was the
/// largest single function of a load in the module (`Cursor::string`, 13% of `fromJson`, Node's
/// profiler on alt-100k). Most strings are shorter than 16 bytes: one block each.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn special_byte(bytes: &[u8]) -> Option<usize> {
    use std::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_lt, u8x16_splat, v128_or};
    let (blocks, tail) = bytes.as_chunks::<16>();
    for (i, block) in blocks.iter().enumerate() {
        let (low, high) = block.split_at(8);
        let x = u64x2(u64::from_le_bytes(low.try_into().ok()?), u64::from_le_bytes(high.try_into().ok()?));
        let special = v128_or(v128_or(u8x16_eq(x, u8x16_splat(b'"')), u8x16_eq(x, u8x16_splat(b'\\'))), u8x16_lt(x, u8x16_splat(0x20)));
        let lanes = u8x16_bitmask(special);
        if lanes != 0 {
            return Some(i * 16 + lanes.trailing_zeros() as usize);
        }
    }
    special_byte_in_words(tail).map(|at| blocks.len() * 16 + at)
}

/// [`special_byte`] natively.
#[cfg(not(target_arch = "wasm32"))]
fn special_byte(bytes: &[u8]) -> Option<usize> {
    special_byte_in_words(bytes)
}

/// [`special_byte`] eight bytes at a time (plain 64-bit integers): in each word, a byte equal to
/// `"` or `\\` (XOR makes it zero) or below 0x20 gets its high bit set by the borrow trick; bits
/// above the first real match may be false, so only the lowest set bit is read.
fn special_byte_in_words(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut words = bytes.chunks_exact(8);
    let mut offset = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().ok()?);
        let flags = (zero_byte(x ^ (ONES * u64::from(b'"'))) | zero_byte(x ^ (ONES * u64::from(b'\\'))) | (x.wrapping_sub(ONES * 0x20) & !x)) & HIGH;
        if flags != 0 {
            return Some(offset + (flags.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = words.remainder().iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(offset + tail)
}

/// Fields met so far in one object: serde refuses a field given twice.
#[derive(Default)]
struct Seen(u32);

impl Seen {
    fn once(&mut self, bit: u32) -> Option<()> {
        let mask = 1u32.checked_shl(bit)?;
        if self.0 & mask != 0 {
            return None;
        }
        self.0 |= mask;
        Some(())
    }
}

/// Reads JSON from `bytes` at `pos`.
struct Cursor<'a> {
    bytes: &'a [u8],
    /// The prefix of `bytes` known to be UTF-8 (see [`Source`]).
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(src: Source<'a>) -> Self {
        Cursor { bytes: src.bytes, text: src.text, pos: 0 }
    }

    /// The bytes `start..end` as text: from the checked prefix, or checked now.
    fn str_at(&self, start: usize, end: usize) -> Option<&'a str> {
        match self.text.get(start..end) {
            Some(text) => Some(text),
            None => std::str::from_utf8(self.bytes.get(start..end)?).ok(),
        }
    }

    /// The next byte after whitespace (JSON's four), not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `byte` (after whitespace) or declines.
    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Consumes `word` (after whitespace) or declines.
    fn word(&mut self, word: &[u8]) -> Option<()> {
        self.peek()?;
        let end = self.pos + word.len();
        (self.bytes.get(self.pos..end)? == word).then(|| self.pos = end)
    }

    /// Whether the next value is `null` (consumed when it is).
    fn null(&mut self) -> Option<bool> {
        if self.peek()? != b'n' {
            return Some(false);
        }
        self.word(b"null").map(|()| true)
    }

    /// `{ "key": value, ... }`, calling `value` with each key and the cursor at its value.
    fn object(&mut self, mut value: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            let key = self.string()?;
            self.eat(b':')?;
            value(self, key)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `[ item, ... ]`, calling `item` with the cursor at each element.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            item(self)?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string without escapes or control characters, as the input holds it (borrowed).
    // SIMD128 here too, so that the module's `special_byte` is inlined into its two callers.
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let rest = self.bytes.get(self.pos..)?;
        let len = special_byte(rest)?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        let text = self.str_at(self.pos, self.pos + len)?;
        self.pos += len + 1;
        Some(text)
    }

    /// A string value: borrowed, or unescaped into an owned string when it holds the one-letter
    /// escapes (`\"`, `\n`...) that names and notes carry (`\u` escapes: serde_json).
    #[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
    fn string_value(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos;
        if let Some(text) = self.string() {
            return Some(Cow::Borrowed(text));
        }
        self.pos = start;
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            let rest = self.bytes.get(self.pos..)?;
            let len = special_byte(rest)?;
            out.extend_from_slice(rest.get(..len)?);
            self.pos += len + 1;
            match rest.get(len)? {
                b'"' => return String::from_utf8(out).ok().map(Cow::Owned),
                b'\\' => {
                    let unescaped = match self.bytes.get(self.pos)? {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                            continue;
                        }
                        _ => return None,
                    };
                    out.push(unescaped);
                    self.pos += 1;
                }
                _ => return None,
            }
        }
    }

    /// The character of a `\uXXXX` escape, the cursor just after its `u`: a surrogate pair
    /// (`\ud83d\ude00`) makes one character; a lone surrogate declines (serde_json's error).
    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2)? != b"\\u" {
                    return None;
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return None;
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return None,
            _ => high,
        };
        char::from_u32(code)
    }

    /// Four hex digits (either case), as a code unit.
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut code = 0;
        for &d in digits {
            code = code * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(code)
    }

    /// A non-negative integer of at most [`MAX_DIGITS`] digits as the input writes it, when it
    /// is exactly the decimal serde_json's `u64` prints (no leading zero, no fraction or
    /// exponent): an attribute's number kept as text. Anything else declines.
    fn integer_text(&mut self) -> Option<&'a str> {
        self.peek()?;
        let rest = self.bytes.get(self.pos..)?;
        let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 || len > MAX_DIGITS as usize || (len > 1 && rest.first() == Some(&b'0')) {
            return None;
        }
        if matches!(rest.get(len), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let text = self.str_at(self.pos, self.pos + len)?;
        self.pos += len;
        Some(text)
    }

    /// A JSON number as serde_json turns it into `f64`, when it takes the plain path: at most
    /// [`MAX_DIGITS`] digits and a decimal exponent within ±[`MAX_EXPONENT`]. Then serde_json
    /// computes `significand as f64` times or divided by an exact power of ten, and so does this.
    fn plain_number(&mut self) -> Option<f64> {
        self.peek()?;
        let b = self.bytes;
        let mut i = self.pos;
        let negative = b.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut significand: u64 = 0;
        let mut digits = 0u32;
        let mut exponent: i32 = 0;
        let mut digit = |i: &mut usize, significand: &mut u64| -> Option<bool> {
            match b.get(*i) {
                Some(&d @ b'0'..=b'9') => {
                    digits += 1;
                    if digits > MAX_DIGITS {
                        return None;
                    }
                    *significand = *significand * 10 + u64::from(d - b'0');
                    *i += 1;
                    Some(true)
                }
                _ => Some(false),
            }
        };
        match b.get(i)? {
            b'0' => {
                i += 1;
                // JSON allows one leading zero only.
                if b.get(i).is_some_and(u8::is_ascii_digit) {
                    return None;
                }
            }
            b'1'..=b'9' => while digit(&mut i, &mut significand)? {},
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while digit(&mut i, &mut significand)? {
                exponent -= 1;
            }
            if i == start {
                return None;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            let positive = match b.get(i) {
                Some(b'+') => {
                    i += 1;
                    true
                }
                Some(b'-') => {
                    i += 1;
                    false
                }
                _ => true,
            };
            let start = i;
            let mut exp: i32 = 0;
            while let Some(&d @ b'0'..=b'9') = b.get(i) {
                exp = exp.checked_mul(10)?.checked_add(i32::from(d - b'0'))?;
                i += 1;
            }
            if i == start {
                return None;
            }
            exponent = if positive { exponent.checked_add(exp)? } else { exponent.checked_sub(exp)? };
        }
        if !(-MAX_EXPONENT..=MAX_EXPONENT).contains(&exponent) {
            return None;
        }
        let mut power = 1.0_f64;
        for _ in 0..exponent.unsigned_abs() {
            power *= 10.0;
        }
        let magnitude = if exponent >= 0 { significand as f64 * power } else { significand as f64 / power };
        self.pos = i;
        Some(if negative { -magnitude } else { magnitude })
    }

    /// `Option<Text>`: `null` or a string (a number or boolean given for text: serde_json).
    fn text(&mut self) -> Option<Option<Text<'a>>> {
        if self.null()? {
            return Some(None);
        }
        self.string_value().map(|s| Some(Text(s)))
    }

    /// `Option<Number>`: `null`, a number, or a numeric string without escapes (`"12000.50"`),
    /// read as `Number` reads a string: trimmed, `str::parse::<f64>`, finite (else serde_json
    /// gives its error).
    fn number(&mut self) -> Option<Option<Number>> {
        if self.null()? {
            return Some(None);
        }
        if self.peek()? == b'"' {
            return match self.string()?.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Some(Some(Number(n))),
                _ => None,
            };
        }
        self.plain_number().map(|n| Some(Number(n)))
    }

    /// A time given as text or as epoch milliseconds (anything unreadable: serde_json).
    fn required_time(&mut self) -> Option<Time> {
        match self.peek()? {
            b'"' => parse_time(self.string()?).map(Time),
            // serde_json hands integers to `Time` as u64/i64, which it reads `as f64`: the same
            // value as the plain path's.
            _ => from_epoch_number(self.plain_number()?).map(Time),
        }
    }

    /// `Option<Time>`.
    fn time(&mut self) -> Option<Option<Time>> {
        if self.null()? {
            return Some(None);
        }
        self.required_time().map(Some)
    }

    /// `Option<bool>`: `null`, `true` or `false` (anything else: serde_json's error).
    fn boolean(&mut self) -> Option<Option<bool>> {
        match self.peek()? {
            b'n' => self.word(b"null").map(|()| None),
            b't' => self.word(b"true").map(|()| Some(true)),
            b'f' => self.word(b"false").map(|()| Some(false)),
            _ => None,
        }
    }

    /// A contact's `enrichment`: `null` or `{matched, matchedAt}`.
    fn enrichment(&mut self) -> Option<Option<Enrichment>> {
        if self.null()? {
            return Some(None);
        }
        let mut e = Enrichment::default();
        let mut seen = Seen::default();
        self.object(|c, key| match key {
            "matched" => seen.once(0).and_then(|()| c.boolean()).map(|v| e.matched = v),
            "matchedAt" => seen.once(1).and_then(|()| c.time()).map(|v| e.matched_at = v),
            _ => c.skip(0),
        })?;
        Some(Some(e))
    }

    /// A deal's `history`: `null` or an array of entries.
    fn history(&mut self) -> Option<Option<Vec<HistoryEntry<'a>>>> {
        if self.null()? {
            return Some(None);
        }
        // Room for a typical pipeline's moves at once: growing 1, 2, 4, 8 cost three reallocations
        // per deal.
        let mut entries = Vec::with_capacity(HISTORY_CAPACITY);
        self.array(|c| c.history_entry().map(|e| entries.push(e)))?;
        Some(Some(entries))
    }

    fn history_entry(&mut self) -> Option<HistoryEntry<'a>> {
        let (mut at, mut stage, mut amount, mut expected_close_at, mut owner, mut forecast_category) =
            (None, None, None, None, None, None);
        let mut seen = Seen::default();
        self.object(|c, key| match key {
            "at" => seen.once(0).and_then(|()| c.required_time()).map(|v| at = Some(v)),
            "stage" => seen.once(1).and_then(|()| c.text()).map(|v| stage = v),
            "amount" => seen.once(2).and_then(|()| c.number()).map(|v| amount = v),
            "expectedCloseAt" => seen.once(3).and_then(|()| c.time()).map(|v| expected_close_at = v),
            "owner" => seen.once(4).and_then(|()| c.text()).map(|v| owner = v),
            "forecastCategory" => seen.once(5).and_then(|()| c.text()).map(|v| forecast_category = v),
            _ => c.skip(0),
        })?;
        // `at` is required: serde_json names it when it is missing.
        Some(HistoryEntry { at: at?, stage, amount, expected_close_at, owner, forecast_category })
    }

    /// `attributes`: `null` or an object whose string and boolean values are kept, `null`,
    /// arrays and objects skipped; plain non-negative integers kept as written (other numbers:
    /// serde_json, which writes them as text).
    fn attributes(&mut self) -> Option<Option<Attributes<'a>>> {
        if self.null()? {
            return Some(None);
        }
        let mut pairs = Vec::new();
        self.object(|c, key| {
            let value = match c.peek()? {
                b'"' => Text(c.string_value()?),
                b't' => c.word(b"true").map(|()| Text(Cow::Borrowed("true")))?,
                b'f' => c.word(b"false").map(|()| Text(Cow::Borrowed("false")))?,
                b'0'..=b'9' => Text(Cow::Borrowed(c.integer_text()?)),
                b'n' | b'[' | b'{' => return c.skip(0),
                _ => return None,
            };
            pairs.push((Cow::Borrowed(key), value));
            Some(())
        })?;
        Some(Some(Attributes(pairs)))
    }

    /// Skips any value, checking its syntax as serde_json would (or declining).
    fn skip(&mut self, depth: u32) -> Option<()> {
        if depth > MAX_SKIP_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string_value().map(drop),
            b'{' => self.object(|c, _| c.skip(depth + 1)),
            b'[' => self.array(|c| c.skip(depth + 1)),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            _ => self.plain_number().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::special_byte;

    #[test]
    fn special_byte_finds_what_a_byte_by_byte_scan_finds() {
        let naive = |bytes: &[u8]| bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        for len in 0..20 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    // Every byte value at every place, with a second special byte after it (the
                    // borrow trick may flag bytes above a real match, never below one).
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = byte;
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                    assert_eq!(special_byte(&bytes), naive(&bytes), "{bytes:?}");
                }
            }
            assert_eq!(special_byte(&vec![0xE4; len]), None);
        }
    }
}
