//! A minimal streaming JSON writer.
//!
//! Records are formatted into one reusable byte buffer that is handed to the sink in large chunks:
//! the dataset is never held in memory (1M deals is several GB of JSON), and the `dyn Write` is called
//! once per chunk instead of once per field. Keys are static ASCII written verbatim; only string values
//! are escaped.

use super::calendar::{civil_from_days, DAY};
use std::io::{self, Write};

/// Bytes gathered before each write to the sink.
const CHUNK: usize = 1 << 16;

/// How an instant is spelled: the spec accepts all of these, so the data uses all of them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TimeForm {
    /// `"2026-01-03T10:00:00Z"`
    Utc,
    /// `"2026-01-03T12:00:00+02:00"` (the same instant, written in local time with its offset)
    Offset(i32),
    /// `1767434400000` (epoch milliseconds as a JSON number)
    EpochMs,
    /// `"1767434400000"` (epoch milliseconds as a numeric string)
    EpochMsString,
}

pub struct JsonOut<'a> {
    buf: Vec<u8>,
    out: &'a mut dyn Write,
}

impl<'a> JsonOut<'a> {
    pub fn new(out: &'a mut dyn Write) -> Self {
        JsonOut { buf: Vec::with_capacity(CHUNK + 4096), out }
    }

    /// Hands the buffer to the sink once it is large; call between records.
    #[inline]
    pub fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is left and flushes the sink.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }

    /// Verbatim bytes (punctuation, static keys, literal values).
    #[inline]
    pub fn raw(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// `,"key":` (or `"key":` when `first`); keys are static ASCII without quotes or backslashes.
    #[inline]
    pub fn key(&mut self, key: &str) {
        self.buf.extend_from_slice(b",\"");
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    /// A quoted, escaped string value.
    pub fn str(&mut self, s: &str) {
        self.buf.push(b'"');
        for &c in s.as_bytes() {
            match c {
                b'"' => self.buf.extend_from_slice(b"\\\""),
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                0..=0x1f => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.buf.extend_from_slice(b"\\u00");
                    self.buf.push(HEX[(c >> 4) as usize]);
                    self.buf.push(HEX[(c & 15) as usize]);
                }
                _ => self.buf.push(c), // UTF-8 bytes pass through unchanged
            }
        }
        self.buf.push(b'"');
    }

    /// A string value built from a prefix and a 1-based number: `"D-12"`.
    #[inline]
    pub fn id(&mut self, prefix: &str, n: u64) {
        self.buf.push(b'"');
        self.raw(prefix);
        self.uint(n);
        self.buf.push(b'"');
    }

    #[inline]
    pub fn uint(&mut self, mut n: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    /// A non-negative amount in cents as a JSON number: `12000` when whole, else `12000.5` / `12000.05`
    /// (shortest exact form, as a CRM export would print it).
    pub fn cents(&mut self, cents: i64) {
        let c = cents.unsigned_abs();
        if cents < 0 {
            self.buf.push(b'-');
        }
        self.uint(c / 100);
        let frac = c % 100;
        if frac != 0 {
            self.buf.push(b'.');
            self.buf.push(b'0' + (frac / 10) as u8);
            if !frac.is_multiple_of(10) {
                self.buf.push(b'0' + (frac % 10) as u8);
            }
        }
    }

    #[inline]
    fn pad2(&mut self, n: u32) {
        self.buf.push(b'0' + (n / 10) as u8);
        self.buf.push(b'0' + (n % 10) as u8);
    }

    fn ymd(&mut self, day: i64) {
        let (y, m, d) = civil_from_days(day);
        self.pad2((y / 100) as u32);
        self.pad2((y % 100) as u32);
        self.buf.push(b'-');
        self.pad2(m);
        self.buf.push(b'-');
        self.pad2(d);
    }

    fn ymd_hms(&mut self, secs: i64) {
        let (day, sod) = (secs.div_euclid(DAY), secs.rem_euclid(DAY) as u32);
        self.ymd(day);
        self.buf.push(b'T');
        self.pad2(sod / 3600);
        self.buf.push(b':');
        self.pad2(sod / 60 % 60);
        self.buf.push(b':');
        self.pad2(sod % 60);
    }

    /// A quoted ISO date `"2026-03-31"` from a day number.
    pub fn date(&mut self, day: i64) {
        self.buf.push(b'"');
        self.ymd(day);
        self.buf.push(b'"');
    }

    /// An instant (seconds since the epoch) in the given form.
    pub fn time(&mut self, secs: i64, form: TimeForm) {
        match form {
            TimeForm::Utc => {
                self.buf.push(b'"');
                self.ymd_hms(secs);
                self.raw("Z\"");
            }
            TimeForm::Offset(minutes) => {
                self.buf.push(b'"');
                self.ymd_hms(secs + minutes as i64 * 60);
                self.buf.push(if minutes < 0 { b'-' } else { b'+' });
                let m = minutes.unsigned_abs();
                self.pad2(m / 60);
                self.buf.push(b':');
                self.pad2(m % 60);
                self.buf.push(b'"');
            }
            TimeForm::EpochMs => self.uint(secs as u64 * 1000),
            TimeForm::EpochMsString => {
                self.buf.push(b'"');
                self.uint(secs as u64 * 1000);
                self.buf.push(b'"');
            }
        }
    }

    /// An instant in the default form, `"YYYY-MM-DDTHH:MM:SSZ"`.
    #[inline]
    pub fn utc(&mut self, secs: i64) {
        self.time(secs, TimeForm::Utc);
    }
}
