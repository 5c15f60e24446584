//! Arbitrary bytes -> CSV ingestion with a mapping: a dataset or a structured error, never a panic.
//!
//! Input layout (so that seeds can be written by hand): the first byte chooses how the file is
//! read, the rest is split at NUL bytes.
//! - `b0 % 16` = 0: no mapping (preset detected from the header); 1..=8: that preset by name
//!   (`spi_wasm::ingest::presets::NAMES`); otherwise the first part is a mapping JSON (or a
//!   preset name, or anything else: `Mapping::parse` must refuse it cleanly).
//! - `b0 & 16`: read through `Dataset::builder()` with one more source (the next part: a
//!   second CSV, a CRM API JSON or a canonical settings JSON) before the CSV, else
//!   `Dataset::from_csv`.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use spi_wasm::ingest::presets::NAMES;
use spi_wasm::{Dataset, InputError, Mapping};

fn read(data: &[u8]) -> Result<Dataset, InputError> {
    let Some((&flags, rest)) = data.split_first() else { return Ok(Dataset::builder().finish()?) };
    let mut parts = rest.splitn(3, |&b| b == 0);
    let choice = usize::from(flags % 16);
    let mapping_text: Option<String> = match choice {
        0 => None,
        n if n <= NAMES.len() => Some(NAMES[n - 1].to_string()),
        _ => Some(String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned()),
    };
    if flags & 16 == 0 {
        let csv = parts.next().unwrap_or_default();
        return Dataset::from_csv(csv, mapping_text.as_deref());
    }
    let mapping = mapping_text.as_deref().map(Mapping::parse).transpose()?;
    let other = parts.next().unwrap_or_default();
    let csv = parts.next().unwrap_or_default();
    let mut sources = Dataset::builder();
    sources.add(Some("other"), other, None)?;
    sources.add(Some("export.csv"), csv, mapping.as_ref())?;
    sources.finish()
}

fuzz_target!(|data: &[u8]| {
    match read(data) {
        Ok(dataset) => common::cheap_report(&dataset),
        Err(e) => common::check_error(&e),
    }
});
