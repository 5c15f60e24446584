//! A mapping applied to one file's header: which column feeds which field, which columns are
//! stage history, how each date column is read. Resolved once, before any row, so that a missing
//! column or an ambiguous date column fails fast and names itself.
//!
//! Rows come from a [`Rows`] source: CSV records, or the flattened records of a CRM API's JSON
//! ([`crate::ingest::api`]); both are read the same way from here on.

use super::dates::{share_order, DateFormat, Evidence};
use super::numbers::NumberFormat;
use crate::error::InputError;
use crate::ingest::mapping::{Mapping, RecordKind, StatusValues, DATE_FIELDS};
use std::collections::BTreeMap;

/// A resolved column: its position in the header and its name as the file writes it.
#[derive(Debug, Clone)]
pub struct Col {
    /// Position in the header.
    pub index: usize,
    /// Name in the file.
    pub name: String,
}

/// One record of a source.
pub trait Row {
    /// The cell of a column, `None` when absent; empty cells are `Some("")`.
    fn cell(&self, col: &Col) -> Option<&str>;
    /// Line in the file, when known (for messages).
    fn line(&self) -> Option<u64> {
        None
    }
    /// The column names this row carries (JSON records, whose keys vary; empty for CSV).
    fn keys(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// Callback receiving each row with its index.
pub type EachRow<'f> = dyn FnMut(usize, &dyn Row) -> Result<(), InputError> + 'f;

/// A source of rows that can be read more than once (a byte slice).
pub trait Rows {
    /// Column names (for JSON: every key seen, in first-seen order).
    fn header(&self) -> &[String];
    /// Calls `f` on every row, stopping at the first error.
    fn each(&self, f: &mut EachRow<'_>) -> Result<(), InputError>;
    /// Name of the row collection in paths: `rows` for CSV, `results` for HubSpot JSON, ...
    fn place(&self) -> &str;
    /// Lines skipped above the header (a CSV report's title and filters); none elsewhere.
    fn preamble(&self) -> u64 {
        0
    }
}

/// Normal form of a column name: trimmed, lower case, single spaces.
pub fn normalize(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// How a date column is read.
#[derive(Debug, Clone)]
pub struct DateRule {
    /// Formats tried in order (ISO is always accepted too).
    pub formats: Vec<DateFormat>,
}

/// A mapping resolved against a header.
#[derive(Debug)]
pub struct Plan {
    /// Record kind.
    pub kind: RecordKind,
    /// Canonical field -> column.
    pub fields: Vec<(&'static str, Col)>,
    /// Attribute name -> column.
    pub attributes: Vec<(String, Col)>,
    /// Stage label -> `Date entered` column.
    pub history: Vec<(String, Col)>,
    /// Date rules by column index (see [`Plan::date_rule`]): a short list, not a `BTreeMap`,
    /// whose insert for this one value type was ~3 KB of Wasm; a file has a handful of date columns.
    pub dates: Vec<(usize, DateRule)>,
    /// Number format.
    pub numbers: NumberFormat,
    /// Normalized label -> (stage id), from the mapping's stages.
    pub stages: Vec<(String, String)>,
    /// Normalized status values.
    pub status: Option<StatusValues>,
    /// Fixed currency.
    pub currency: Option<String>,
    /// Date-times without offset are UTC.
    pub utc: bool,
    /// Soft-delete flag columns (`IsDeleted`, `_fivetran_deleted`): every one present is read,
    /// a row is skipped when any says true.
    pub deleted: Vec<Col>,
}

fn missing(path: String, columns: &[String], header: &[String]) -> InputError {
    let wanted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let message = format!(
        "column {} not found in the file; its columns are: {}",
        wanted.join(" or "),
        header.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
    );
    InputError::new("invalid_mapping", path, message)
}

/// The first of `columns` present in the header.
pub fn find(header: &[String], columns: &[String]) -> Option<Col> {
    find_matched(header, columns).map(|(col, _)| col)
}

/// A column name with case, spaces, underscores and dots left out: `StageName`, `Stage Name`,
/// `stage_name` and Airbyte's `properties_amount` for `properties.amount` are one column.
pub fn loose(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '.').flat_map(char::to_lowercase).collect()
}

/// [`find`], also saying whether the column matched as written (`true`) or only loosely.
/// Each variant is looked for as written first, then loosely, before the next variant.
pub fn find_matched(header: &[String], columns: &[String]) -> Option<(Col, bool)> {
    let normalized: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let loosened: Vec<String> = header.iter().map(|h| loose(h)).collect();
    columns.iter().find_map(|c| {
        let (exact, relaxed) = (normalize(c), loose(c));
        let at = |names: &[String], wanted: &str| names.iter().position(|h| h == wanted);
        let (index, exact) = match at(&normalized, &exact) {
            Some(i) => (i, true),
            None => (at(&loosened, &relaxed).filter(|_| !relaxed.is_empty())?, false),
        };
        Some((Col { index, name: header.get(index)?.clone() }, exact))
    })
}

/// The stage label in a history column name: the text after the prefix, less quotes and a
/// trailing `(Pipeline name)`.
fn history_label(column: &str, prefix: &str) -> Option<String> {
    let column = column.trim();
    let head = column.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let mut label = column.get(prefix.len()..)?.trim().trim_matches(['"', '\'', '“', '”']).trim();
    if label.ends_with(')') {
        if let Some((before, _)) = label.rsplit_once(" (") {
            label = before.trim();
        }
    }
    let label = label.trim_matches(['"', '\'', '“', '”']).trim();
    (!label.is_empty()).then(|| label.to_string())
}

/// Sets column `index`'s date rule in `dates`, replacing the one it had (as a map's insert does).
fn set_date_rule(dates: &mut Vec<(usize, DateRule)>, index: usize, rule: DateRule) {
    match dates.iter_mut().find(|(i, _)| *i == index) {
        Some(slot) => slot.1 = rule,
        None => dates.push((index, rule)),
    }
}

impl Plan {
    /// Resolves `mapping` (already validated) against `header`.
    pub fn resolve(mapping: &Mapping, header: &[String]) -> Result<Plan, InputError> {
        let kind = mapping.kind();
        let mut fields = Vec::new();
        let mut deleted = Vec::new();
        for &field in kind.fields() {
            if field == "deleted" {
                let variants = mapping.fields.get(field).map(|c| c.0.as_slice()).unwrap_or_default();
                deleted.extend(variants.iter().filter_map(|v| find(header, std::slice::from_ref(v))));
                continue;
            }
            let Some(columns) = mapping.fields.get(field) else {
                // A mapping that names no columns (only formats, kind...) reads the columns named
                // after the canonical fields, as when no mapping is given.
                if mapping.fields.is_empty() && !RecordKind::STEERING.contains(&field) {
                    if let Some(col) = find(header, &[field.to_string()]) {
                        fields.push((field, col));
                    }
                }
                continue;
            };
            match find(header, &columns.0) {
                Some(col) => fields.push((field, col)),
                None if mapping.optional.contains(field) => {}
                None => return Err(missing(format!("mapping.fields.{field}"), &columns.0, header)),
            }
        }
        if fields.is_empty() {
            // A preset named for the wrong file maps nothing: say so rather than read empty rows.
            let wanted: Vec<String> = mapping.fields.values().flat_map(|c| c.0.iter().cloned()).take(8).collect();
            return Err(missing("mapping.fields".to_string(), &wanted, header));
        }
        let mut attributes = Vec::new();
        for (name, columns) in &mapping.attributes {
            match find(header, &columns.0) {
                Some(col) => attributes.push((name.clone(), col)),
                None if mapping.optional.contains(&format!("attributes.{name}")) => {}
                None => return Err(missing(format!("mapping.attributes.{name}"), &columns.0, header)),
            }
        }
        let history = match &mapping.history {
            Some(h) => header
                .iter()
                .enumerate()
                .filter_map(|(index, name)| history_label(name, &h.prefix).map(|label| (label, Col { index, name: name.clone() })))
                .collect(),
            None => Vec::new(),
        };
        let formats: Vec<DateFormat> = mapping.date_format.0.iter().filter_map(|f| DateFormat::parse(f).ok()).collect();
        let mut dates = Vec::new();
        let date_cols = fields.iter().filter(|(f, _)| DATE_FIELDS.contains(f)).map(|(_, c)| c).chain(history.iter().map(|(_, c)| c));
        for col in date_cols {
            set_date_rule(&mut dates, col.index, DateRule { formats: formats.clone() });
        }
        let status = mapping.status_values.as_ref().map(|s| {
            let norm = |v: &Vec<String>| v.iter().map(|x| normalize(x)).collect();
            StatusValues { won: norm(&s.won), lost: norm(&s.lost), open: norm(&s.open), skip: norm(&s.skip) }
        });
        Ok(Plan {
            kind,
            fields,
            attributes,
            history,
            dates,
            numbers: NumberFormat::new(mapping.decimal_separator.as_deref(), mapping.thousands_separator.as_deref()),
            stages: mapping.stages.iter().map(|s| (normalize(&s.label), s.id.clone().unwrap_or_else(|| s.label.trim().to_string()))).collect(),
            status,
            currency: mapping.currency.clone(),
            utc: mapping.dates_utc.unwrap_or(false),
            deleted,
        })
    }

    /// Fails, as a missing column does, when one of `fields` found no column: a preset named
    /// for a file it does not fit (`--preset maven` on a Salesforce export) must not read it.
    pub fn require(&self, fields: &[&str], mapping: &Mapping, header: &[String]) -> Result<(), InputError> {
        match fields.iter().find(|f| self.col(f).is_none()) {
            Some(field) => {
                let wanted: Vec<String> = mapping.fields.get(*field).map(|c| c.0.clone()).unwrap_or_default();
                Err(missing("mapping.fields".to_string(), &wanted, header))
            }
            None => Ok(()),
        }
    }

    /// The date rule of column `index`, if it is a date column.
    pub fn date_rule(&self, index: usize) -> Option<&DateRule> {
        self.dates.iter().find(|(i, _)| *i == index).map(|(_, rule)| rule)
    }

    /// The column of a field, if mapped and present.
    pub fn col(&self, field: &str) -> Option<&Col> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, c)| c)
    }

    /// For date columns without a format: reads every value once and settles day/month order,
    /// or fails naming the column. Returns the detected format per column name.
    pub fn detect_dates(&mut self, rows: &dyn Rows) -> Result<BTreeMap<String, String>, InputError> {
        let unsettled = |c: &&Col| self.date_rule(c.index).is_none_or(|rule| rule.formats.is_empty());
        let auto: Vec<Col> = self.date_columns().filter(unsettled).cloned().collect();
        let mut detected = BTreeMap::new();
        if auto.is_empty() {
            return Ok(detected);
        }
        let mut evidence = vec![Evidence::default(); auto.len()];
        rows.each(&mut |i, row| {
            for (col, e) in auto.iter().zip(evidence.iter_mut()) {
                if let Some(v) = row.cell(col) {
                    e.observe(i, v);
                }
            }
            Ok(())
        })?;
        share_order(&mut evidence);
        for (col, e) in auto.iter().zip(&evidence) {
            let format = e.decide().map_err(|m| {
                InputError::new("ambiguous_date", "mapping.dateFormat", format!("column \"{}\" {m}", col.name))
            })?;
            let name = format.as_ref().map_or_else(|| "iso".to_string(), DateFormat::name);
            detected.insert(col.name.clone(), name);
            set_date_rule(&mut self.dates, col.index, DateRule { formats: format.into_iter().collect() });
        }
        Ok(detected)
    }

    fn date_columns(&self) -> impl Iterator<Item = &Col> {
        self.fields.iter().filter(|(f, _)| DATE_FIELDS.contains(f)).map(|(_, c)| c).chain(self.history.iter().map(|(_, c)| c))
    }

    /// The stage id of a CRM label: the mapping's id, else the label itself (`None` = unmapped).
    pub fn stage_id(&self, label: &str) -> Option<&str> {
        let label = normalize(label);
        self.stages.iter().find(|(l, id)| *l == label || normalize(id) == label).map(|(_, id)| id.as_str())
    }
}
