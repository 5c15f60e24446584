//! What a source gave: for every field read, how many records hold a value; the columns left
//! unread; and the refusal of a source that cannot feed the headline indicators. A file read
//! into emptiness must never pass for a dataset: "50 deals, 0 owners, as of 1970" is refused
//! here with what is missing and which columns look like it.

use super::csv::plan::{find, loose, Col, Plan, Row};
use super::mapping::RecordKind;
use super::presets;
use super::sources::SourceInfo;
use crate::error::{InputError, Warning};
use crate::store::StoreBuilder;
use serde::Serialize;

/// One field's coverage in a source.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FieldCoverage {
    /// Canonical field.
    pub field: String,
    /// The column read for it.
    pub column: String,
    /// Records (of those read) with a non-empty value.
    pub filled: usize,
}

/// Boolean fields: an empty cell is a usable false (Salesforce writes `IsWon` as 1 or empty).
const FLAGS: &[&str] = &["won", "closed", "active", "converted", "current", "automated", "enrichmentMatched"];

/// Counts cells holding a usable value per field while rows are read.
pub struct Counter {
    columns: Vec<(Col, bool)>,
    filled: Vec<usize>,
}

impl Counter {
    /// A counter for the plan's fields.
    pub fn new(plan: &Plan) -> Self {
        let columns: Vec<(Col, bool)> = plan.fields.iter().map(|(f, c)| (c.clone(), FLAGS.contains(f))).collect();
        Counter { filled: vec![0; columns.len()], columns }
    }

    /// Counts one record read.
    pub fn count(&mut self, row: &dyn Row) {
        for ((col, flag), n) in self.columns.iter().zip(self.filled.iter_mut()) {
            if row.cell(col).is_some_and(|v| *flag || !v.trim().is_empty()) {
                *n += 1;
            }
        }
    }

    /// The coverage of each field, in the plan's order.
    pub fn finish(self, plan: &Plan) -> Vec<FieldCoverage> {
        plan.fields
            .iter()
            .zip(self.filled)
            .map(|((field, col), filled)| FieldCoverage { field: field.to_string(), column: col.name.clone(), filled })
            .collect()
    }
}

/// The header's columns that nothing in the plan reads.
pub fn unread(plan: &Plan, header: &[String]) -> Vec<String> {
    let read = |i: usize| {
        plan.fields.iter().any(|(_, c)| c.index == i)
            || plan.attributes.iter().any(|(_, c)| c.index == i)
            || plan.history.iter().any(|(_, c)| c.index == i)
            || plan.deleted.iter().any(|c| c.index == i)
    };
    header.iter().enumerate().filter(|(i, name)| !read(*i) && !name.is_empty()).map(|(_, name)| name.clone()).collect()
}

/// The warnings added since `before` (a source's own): new ones whole, older ones by the count
/// they gained.
pub fn new_warnings(before: &[Warning], now: &[Warning]) -> Vec<Warning> {
    now.iter()
        .enumerate()
        .filter_map(|(i, w)| match before.get(i) {
            None => Some(w.clone()),
            Some(old) if w.count > old.count => Some(Warning { count: w.count - old.count, ..w.clone() }),
            Some(_) => None,
        })
        .collect()
}

/// Status evidence: the fields that tell a closed deal.
const STATUS_FIELDS: &[&str] = &["stage", "status", "won", "closed", "probability"];
/// Date fields of a deal.
const DEAL_DATES: &[&str] = &["createdAt", "closedAt", "expectedCloseAt", "wonAt", "lostAt"];

fn filled(info: &SourceInfo, fields: &[&str]) -> usize {
    info.coverage.iter().filter(|c| fields.contains(&c.field.as_str())).map(|c| c.filled).max().unwrap_or(0)
}

/// Columns that look like one of `fields`: a preset of the same kind reads them so, or their
/// name says so (`stage`, `date`).
fn lookalikes(header: &[String], kind: RecordKind, fields: &[&str], words: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for preset in presets::all().into_iter().filter(|p| p.mapping.kind() == kind) {
        for (field, columns) in preset.mapping.fields.iter().filter(|(f, _)| fields.contains(&f.as_str())) {
            if let Some(col) = find(header, &columns.0) {
                let name = preset.mapping.preset.as_deref().unwrap_or_default();
                let line = format!("\"{}\" looks like {field}: preset {name} reads it", col.name);
                if !out.iter().any(|l| l.starts_with(&format!("\"{}\"", col.name))) {
                    out.push(line);
                }
            }
        }
    }
    for column in header {
        let key = loose(column);
        if words.iter().any(|w| key.contains(w)) && !out.iter().any(|l| l.starts_with(&format!("\"{column}\""))) {
            out.push(format!("\"{column}\" might be one"));
        }
    }
    out.truncate(4);
    out
}

fn refuse(info: &SourceInfo, what: &str, hints: Vec<String>) -> InputError {
    let file = info.name.as_deref().unwrap_or("the file");
    let preset = info.preset.as_deref().unwrap_or("custom");
    let hint = if hints.is_empty() {
        "no column looks like one: map one with a mapping (\"fields\")".to_string()
    } else {
        format!("{}; map it with a mapping (\"fields\") or --preset", hints.join("; "))
    };
    InputError::new("unusable_source", info.name.clone().unwrap_or_default(), format!("{file} (read as {preset}, {} records): {what}: {hint}", info.records))
}

/// The fields a source of `kind` is warned about when no column or only part of the rows gives
/// them: what its collection's indicators need (leads: `createdAt` places a lead in a period for
/// lead-to-opportunity rate and days and response time; Salesforce's Lead export from the Power BI
/// dev org has no CreatedDate, so every lead figure was insufficient without a word why).
fn key_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Deals => &["amount", "createdAt", "owner"],
        RecordKind::Leads => &["createdAt", "owner"],
        _ => &[],
    }
}

/// Warns (`duplicate_column`) of each read column the header names more than once (two "Amount",
/// a joined report's two "Created Date"): the first is read, and the other must not be taken for
/// it without a word.
pub fn duplicates(info: &SourceInfo, header: &[String], b: &mut StoreBuilder) {
    for c in &info.coverage {
        let times = header.iter().filter(|h| **h == c.column).count();
        if times > 1 {
            let message = format!("the header names \"{}\" {times} times: {} reads the first; to read another, rename it in the file and map it", c.column, c.field);
            b.warn_count("duplicate_column", message, 1, &c.column);
        }
    }
}

/// Refuses a deals source that cannot feed the headline indicators (no closed deal can be told,
/// or no date was read), and counts partial coverage of the key fields as warnings.
pub fn check(info: &SourceInfo, plan: &Plan, header: &[String], b: &mut StoreBuilder) -> Result<(), InputError> {
    let kind = plan.kind;
    if info.records == 0 {
        return Ok(());
    }
    if kind == RecordKind::Deals && filled(info, STATUS_FIELDS) == 0 {
        let hints = lookalikes(header, kind, STATUS_FIELDS, &["stage", "status", "won", "closed"]);
        return Err(refuse(info, "no closed deal can be told, as no status, stage or won column was read", hints));
    }
    if kind == RecordKind::Deals && filled(info, DEAL_DATES) == 0 {
        let hints = lookalikes(header, kind, DEAL_DATES, &["date", "time", "created", "closed"]);
        return Err(refuse(info, "no dates were read, so no deal falls in any period", hints));
    }
    // No file name in the messages: a source's warnings are listed under it (`SourceInfo.warnings`,
    // the CLI, the page), and the same data read through another entry must give the same report.
    for &field in key_fields(kind) {
        match info.coverage.iter().find(|c| c.field == field) {
            None => {
                let message = format!("no column was read as {field}: figures that need it are left out or show one \"(none)\" group");
                b.warn("field_not_read", message, field);
            }
            Some(c) if c.filled < info.records => {
                let missing = info.records - c.filled;
                let message = format!("{missing} of {} records have no {} ({field})", info.records, c.column);
                b.warn_count("partial_coverage", message, missing as u64, &c.column);
            }
            Some(_) => {}
        }
    }
    Ok(())
}
