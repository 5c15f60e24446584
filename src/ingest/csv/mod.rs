//! CSV exports -> store, streaming: rows are read from the input byte slice with the `csv` crate
//! into one reused [`csv::StringRecord`], and each becomes a canonical record handed to the
//! [`crate::store::StoreBuilder`] at once. Nothing is converted to JSON and the file is never
//! copied: a second read of the same slice (only for date columns without a format) settles
//! day/month order before any record is built.
//!
//! Accepted: separators `,` `;` and tab (detected from the header line unless the mapping says),
//! quoted fields with embedded separators, quotes and newlines, a UTF-8 BOM, CRLF line ends.
//! Report footers (a row with a single filled cell, as Salesforce appends) are skipped with a
//! counted warning, and so are a report's title and filter lines above the header (a formatted
//! report saved as CSV): lines with no separator, when a line with one follows soon.

pub mod dates;
pub mod numbers;
pub mod plan;
pub mod records;

use crate::error::InputError;
use plan::{Col, EachRow, Row, Rows};

/// A CSV file held as the caller's byte slice.
pub struct CsvRows<'b> {
    bytes: &'b [u8],
    separator: u8,
    header: Vec<String>,
    /// Lines above the header skipped as a title or filters (`header_start`): added to every
    /// line number, so that errors name the file's own lines.
    pub preamble: u64,
}

struct CsvRow<'r>(&'r csv::StringRecord, &'r CsvRows<'r>);

impl Row for CsvRow<'_> {
    fn cell(&self, col: &Col) -> Option<&str> {
        self.0.get(col.index)
    }
    fn line(&self) -> Option<u64> {
        self.0.position().map(|p| self.1.line_at(p.byte()))
    }
}

/// Lines above the header at most: a report's title, its filters and a blank line or two.
const MAX_PREAMBLE: u64 = 10;

/// Where the header starts and how many lines are above it: the first line holding a separator
/// (outside quotes), when lines with none (a title, "Filtered By: ...", blank lines) come before
/// it; `(0, 0)` when the first line holds one or none of the first lines does (a one-column
/// file).
fn header_start(bytes: &[u8]) -> (usize, u64) {
    let mut start = 0;
    for skipped in 0..=MAX_PREAMBLE {
        let line = bytes.get(start..).unwrap_or_default();
        let (mut quoted, mut separators, mut end) = (false, 0, line.len());
        for (i, &b) in line.iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    end = i + 1;
                    break;
                }
                b',' | b';' | b'\t' if !quoted => separators += 1,
                _ => {}
            }
        }
        if separators > 0 {
            return (start, skipped);
        }
        if end == line.len() {
            break;
        }
        start += end;
    }
    (0, 0)
}

fn csv_error(e: csv::Error, rows: &CsvRows) -> InputError {
    let line = e.position().map_or(String::new(), |p| format!(" (line {})", rows.line_at(p.byte())));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text: save it as UTF-8 CSV".to_string(),
        _ => e.to_string(),
    };
    InputError::new("invalid_csv", "", format!("{message}{line}"))
}

/// The most frequent of `,` `;` and tab on the header line (outside quotes); `,` on a tie.
pub fn detect_separator(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'].into_iter().zip(counts).enumerate();
    let best = candidates.max_by_key(|&(i, (_, count))| (count, std::cmp::Reverse(i)));
    best.filter(|&(_, (_, count))| count > 0).map_or(b',', |(_, (separator, _))| separator)
}

impl<'b> CsvRows<'b> {
    /// Opens a CSV slice: strips a BOM, settles the separator and reads the header.
    pub fn open(bytes: &'b [u8], separator: Option<&str>) -> Result<CsvRows<'b>, InputError> {
        let bytes = crate::ingest::strip_bom(bytes);
        let (start, preamble) = header_start(bytes);
        let bytes = bytes.get(start..).unwrap_or_default();
        let separator = match separator {
            Some("\\t") | Some("tab") => b'\t',
            Some(s) if s.len() == 1 => s.bytes().next().unwrap_or(b','),
            Some(s) => return Err(InputError::new("invalid_mapping", "mapping.separator", format!("expected one ASCII character, got \"{s}\""))),
            None => detect_separator(bytes),
        };
        let mut rows = CsvRows { bytes, separator, header: Vec::new(), preamble };
        let mut reader = rows.reader();
        let header = reader.headers().map_err(|e| csv_error(e, &rows))?;
        rows.header = header.iter().map(|h| h.trim().to_string()).collect();
        if rows.header.iter().all(String::is_empty) {
            return Err(InputError::new("invalid_csv", "", "the file is empty: expected a header line"));
        }
        Ok(rows)
    }

    fn reader(&self) -> csv::Reader<&'b [u8]> {
        csv::ReaderBuilder::new().delimiter(self.separator).flexible(true).has_headers(true).from_reader(self.bytes)
    }

    /// The file's line (from 1) holding the byte at `byte` of the read slice, for messages. Counted
    /// here rather than taken from the `csv` crate's positions, whose line is one short after a
    /// CRLF (BurntSushi/rust-csv#395: a record's position can sit on its predecessor's LF, hence
    /// the LF at `byte` counts). Only errors ask: a count over the bytes before is cheap there.
    fn line_at(&self, byte: u64) -> u64 {
        let end = usize::try_from(byte).map_or(self.bytes.len(), |b| b.saturating_add(1).min(self.bytes.len()));
        let before = self.bytes.get(..end).unwrap_or_default();
        1 + self.preamble + before.iter().filter(|&&b| b == b'\n').count() as u64
    }

    /// The separator in use, for the source report.
    pub fn separator(&self) -> char {
        self.separator as char
    }
}

impl Rows for CsvRows<'_> {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn each(&self, f: &mut EachRow<'_>) -> Result<(), InputError> {
        let mut reader = self.reader();
        let mut record = csv::StringRecord::new();
        let mut index = 0;
        while reader.read_record(&mut record).map_err(|e| csv_error(e, self))? {
            let filled = record.iter().filter(|c| !c.trim().is_empty()).count();
            if filled == 0 {
                continue;
            }
            f(index, &CsvRow(&record, self))?;
            index += 1;
        }
        Ok(())
    }

    fn place(&self) -> &str {
        "rows"
    }

    fn preamble(&self) -> u64 {
        self.preamble
    }
}

/// True when a row is a report footer or note rather than a record: one filled cell in a file
/// of three or more columns.
pub fn is_footer(row: &dyn Row, width: usize) -> bool {
    width >= 3 && (0..width).filter(|&index| row.cell(&Col { index, name: String::new() }).is_some_and(|c| !c.trim().is_empty())).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_from_the_header_line() {
        assert_eq!(detect_separator(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_separator(b"a\tb\n"), b'\t');
        assert_eq!(detect_separator(b"\"x;y\",b,c\n"), b',');
        assert_eq!(detect_separator(b"single\n"), b',');
    }
}
