//! Structured errors and counted warnings.
//!
//! An [`InputError`] stops ingestion: it names the place (`deals[12].amount`) and says what was
//! expected, so a revenue-ops engineer can fix the export. A [`Warning`] is a recoverable problem
//! (unknown currency, won deal without close date, ...): the record is kept or skipped as the spec
//! says, and the warning counts how many records it touched with a few example ids.

use serde::Serialize;
use std::fmt;

/// How many example record ids a warning keeps.
pub const WARNING_EXAMPLES: usize = 5;

/// Every `code` an error of spi-wasm can carry: the core's [`InputError`]s, the Wasm boundary's
/// (`src/wasm.rs`) and the JS entries' (`js/`). The package's `SpiErrorCode` union is generated
/// from this list (`tests/it/package/generated_types.rs`), and a test there checks it both ways against the
/// codes the sources write as literals (`InputError::new("...")`, `code: "..."`, ...).
pub const ERROR_CODES: &[&str] = &[
    // Reading data (core).
    "invalid_json", "invalid_csv", "invalid_value", "invalid_setting", "conflicting_settings",
    "unsupported_time_zone", "ambiguous_date", "ambiguous_number", "mixed_epoch_units",
    "invalid_mapping", "unknown_format", "unusable_source",
    // Limits (core).
    "input_too_large", "string_too_long", "too_many_records", "too_deep", "out_of_memory",
    // Queries and drill requests (core, Wasm boundary).
    "invalid_query", "query_too_large", "invalid_drill_request",
    // Calls (Wasm boundary, JS entries).
    "invalid_argument", "read_failed", "not_initialized", "freed", "internal", "engine_lost",
    "init_failed", "wasm_not_found",
    // The worker API (js/worker-*.js).
    "superseded", "aborted", "terminated", "no_dataset",
];

/// Every [`Warning`] code. The package's `SpiWarningCode` union is generated from this list
/// (`tests/it/package/generated_types.rs`), which checks it both ways against the codes `src/store` and
/// `src/ingest` write.
pub const WARNING_CODES: &[&str] = &[
    // Records and values (src/store).
    "missing_id", "duplicates_merged", "unknown_stage", "status_contradicts_stage", "close_date_mismatch",
    "closed_without_date", "currency_without_rate", "history_without_deal", "invalid_period",
    "negative_amount", "amount_too_large", "unmapped_status", "epoch_seconds", "lost_reason_not_lost", "forecast_tie",
    "stage_read_open",
    // Reading files (src/ingest).
    "unknown_key", "field_not_read", "partial_coverage", "weak_match", "preset_contradicted", "skipped_row", "deleted_rows",
    "unmapped_stage", "converted_without_date", "partial_response", "duplicate_column",
];

/// A problem that prevents a dataset or query from being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputError {
    code: &'static str,
    path: String,
    message: String,
}

impl InputError {
    /// Builds an error with a stable machine-readable `code`, the JSON `path` of the offending
    /// value (empty for the whole document) and a human message.
    pub fn new(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code, path: path.into(), message: message.into() }
    }

    /// Stable machine-readable code, e.g. `invalid_value`, `invalid_json`, `invalid_query`.
    pub fn code(&self) -> &str {
        self.code
    }

    /// Where the problem is, e.g. `deals[12].amount`; empty when it concerns the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was expected and what was found.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// A recoverable data problem, counted over the whole dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// Stable code, e.g. `unknown_currency`.
    pub code: &'static str,
    /// One line saying what happened and what the engine did about it.
    pub message: String,
    /// Number of records affected.
    pub count: u64,
    /// Up to [`WARNING_EXAMPLES`] record ids.
    pub examples: Vec<String>,
}

/// Collects warnings by (code, message) while ingesting, keeping counts and a few examples.
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    items: Vec<Warning>,
}

impl Warnings {
    /// Counts one occurrence of a warning for record `id`.
    pub fn add(&mut self, code: &'static str, message: impl AsRef<str>, id: &str) {
        self.add_count(code, message, 1, id);
    }

    /// Counts `count` occurrences at once, with one example.
    pub fn add_count(&mut self, code: &'static str, message: impl AsRef<str>, count: u64, id: &str) {
        let message = message.as_ref();
        let item = match self.items.iter().position(|w| w.code == code && w.message == message) {
            Some(i) => self.items.get_mut(i),
            None => {
                self.items.push(Warning { code, message: message.to_string(), count: 0, examples: Vec::new() });
                self.items.last_mut()
            }
        };
        let Some(item) = item else { return }; // found or just pushed
        item.count += count;
        if item.examples.len() < WARNING_EXAMPLES {
            item.examples.push(id.to_string());
        }
    }

    /// Counts `count` occurrences at once (a decision stated for a whole field), with one example.
    pub fn add_counted(&mut self, code: &'static str, message: impl AsRef<str>, count: u64, example: &str) {
        if count == 0 {
            return;
        }
        let message = message.as_ref();
        self.add(code, message, example);
        if let Some(item) = self.items.iter_mut().find(|w| w.code == code && w.message == message) {
            item.count += count - 1;
        }
    }

    /// Adds warnings counted over a later stretch of the same input (a part read apart, see
    /// `store::merge`): the same as if they had been added here one by one, in order (counts add,
    /// examples fill up to [`WARNING_EXAMPLES`] in order, new codes go last).
    pub fn absorb(&mut self, later: Warnings) {
        for w in later.items {
            match self.items.iter_mut().find(|x| x.code == w.code && x.message == w.message) {
                Some(item) => {
                    item.count += w.count;
                    let room = WARNING_EXAMPLES.saturating_sub(item.examples.len());
                    item.examples.extend(w.examples.into_iter().take(room));
                }
                None => self.items.push(w),
            }
        }
    }

    /// The collected warnings in the order they first occurred.
    pub fn into_vec(self) -> Vec<Warning> {
        self.items
    }

    /// The collected warnings so far.
    pub fn as_slice(&self) -> &[Warning] {
        &self.items
    }
}
