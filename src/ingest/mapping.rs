//! Mappings: how the columns of a CSV export (or the properties of a CRM API record) become
//! canonical fields. A mapping is plain JSON (camelCase, unknown keys refused):
//!
//! ```json
//! { "preset": "salesforce",               // optional: start from a preset and override it
//!   "kind": "deals",                      // deals | leads | activities | contacts (default deals)
//!   "fields": { "id": "Opportunity ID", "owner": ["Opportunity Owner", "Owner"],
//!               "amount": "Amount", "createdAt": "Created Date", "closedAt": "Close Date",
//!               "stage": "Stage", "won": "Won", "closed": "Closed" },
//!   "attributes": { "type": "Type" },     // extra columns kept as deal/lead attributes
//!   "dateFormat": "MM/DD/YYYY",           // or a list, tried in order; also "epoch_ms", "iso"
//!   "timesAreUtc": false,                 // date-times without offset are UTC (else dataset zone)
//!   "decimalSeparator": ".", "thousandsSeparator": ",",
//!   "separator": ",",                     // , ; or \t (default: detected from the header line)
//!   "currency": "EUR",                    // currency of every row (else the currency field)
//!   "stages": { "Prospecting": {"id": "prospecting", "kind": "open", "order": 1},
//!               "Closed Won": {"id": "closed_won", "kind": "won"}, "Demo": "demo" },
//!   "statusValues": { "won": ["Won"], "lost": ["Lost"], "open": ["Open"], "skip": ["Deleted"] },
//!   "stageDates": { "prefix": "Date entered ", "columns": { "Entered demo on": "Demo" } },
//!   "allowMissingColumns": false,         // true: mapped columns absent from the file are skipped
//!   "records": "results" }                // JSON input: the top-level key holding the records
//! ```
//!
//! - A field maps to one column name or a list: the first column present in the file wins, and
//!   on each row the first non-empty one of them is read. Names match ignoring case, spaces and
//!   punctuation (`Deal - ID` = `deal_id` = `Deal ID`). A canonical field the mapping leaves out
//!   is still read from a column named after it (`owner`, `createdAt`, `created_at`), if any.
//! - Deal-only fields besides the canonical ones: `won` and `closed` (yes/no columns, as in a
//!   Salesforce report: closed and won -> won, closed and not won -> lost, not closed -> open).
//!   Status comes from `status` (through `statusValues`), else `won`/`closed`, else the stage.
//! - `stages` maps CRM labels to canonical stage ids and kinds; its entries are declared as the
//!   dataset's stages in the order written. A label missing from it is kept as a stage of that
//!   name (open unless named like `won`/`lost`) with a warning naming the label and its count.
//! - `stageDates` turns "date entered <stage>" columns into stage history: every column whose
//!   name starts with `prefix` (the rest, without quotes or a trailing `(pipeline)`, is the stage
//!   label), and explicit `columns`.
//! - Without `dateFormat`, ISO dates and epoch milliseconds are read as in the canonical JSON,
//!   and `a/b/yyyy` dates must prove their order: a first part above 12 proves day-first, a
//!   second part above 12 month-first. A file with no proof, or with both, is refused with an
//!   error naming the column: never a silent guess.
//!
//! Errors have code `invalid_mapping` and a path such as `mapping.fields.amount`.

pub use super::fields::{fields_of, Field};
use super::values::{normalize, DateFormat, NumberFormat};
use crate::error::InputError;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// The kind of record each row of a source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// Deals (opportunities).
    #[default]
    Deals,
    /// Leads.
    Leads,
    /// Activities.
    Activities,
    /// Contacts.
    Contacts,
}

impl RecordKind {
    /// The collection name (`deals`, ...).
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Deals => "deals",
            RecordKind::Leads => "leads",
            RecordKind::Activities => "activities",
            RecordKind::Contacts => "contacts",
        }
    }
}

/// A JSON object read as (key, value) pairs in written order.
#[derive(Debug, Clone)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// One name or a list of names.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single name.
    One(String),
    /// Names in order of preference.
    Many(Vec<String>),
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Where a CRM stage label goes: a stage id, or an id with its kind, order and probability.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StageTarget {
    /// Just the canonical stage id (kind inferred from it: `won`, `closed_lost`, ... else open).
    Id(String),
    /// The full stage.
    Full(StageSpec),
}

/// A canonical stage in a mapping's stage map.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StageSpec {
    /// Canonical stage id.
    pub id: String,
    /// `open`, `won` or `lost`.
    pub kind: Option<String>,
    /// Position among the open stages (default: position in the map).
    pub order: Option<f64>,
    /// Win probability.
    pub probability: Option<f64>,
}

/// Cell values meaning each status (matched ignoring case, spaces and punctuation).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct StatusValues {
    /// Values meaning won.
    pub won: Vec<String>,
    /// Values meaning lost.
    pub lost: Vec<String>,
    /// Values meaning open.
    pub open: Vec<String>,
    /// Values whose rows are skipped (e.g. Pipedrive's `deleted`), counted in a warning.
    pub skip: Vec<String>,
}

/// Columns giving the date a deal entered a stage.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct StageDates {
    /// Every column starting with this names its stage after it (`Date entered `).
    pub prefix: Option<String>,
    /// Explicit column -> stage label.
    pub columns: Ordered<String>,
}

/// A mapping as written (see the module doc).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Mapping {
    pub preset: Option<String>,
    pub kind: Option<RecordKind>,
    #[serde(default)]
    pub fields: Ordered<OneOrMany>,
    #[serde(default)]
    pub attributes: Ordered<OneOrMany>,
    pub date_format: Option<OneOrMany>,
    pub times_are_utc: Option<bool>,
    pub decimal_separator: Option<String>,
    pub thousands_separator: Option<String>,
    pub separator: Option<String>,
    pub currency: Option<String>,
    pub stages: Option<Ordered<StageTarget>>,
    pub status_values: Option<StatusValues>,
    pub stage_dates: Option<StageDates>,
    pub allow_missing_columns: Option<bool>,
    pub records: Option<String>,
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError::new("invalid_mapping", path, message)
}

impl Mapping {
    /// Parses a mapping from JSON text.
    pub fn from_json(text: &str) -> Result<Mapping, InputError> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "mapping".to_string() } else { format!("mapping.{path}") };
            invalid(path, super::json::strip_position(&e.inner().to_string()))
        })
    }

    /// This mapping laid over `base`: every key given here replaces the base's (field by field
    /// for `fields` and `attributes`).
    pub fn over(self, base: Mapping) -> Mapping {
        let merge = |mut b: Ordered<OneOrMany>, o: Ordered<OneOrMany>| {
            for (k, v) in o.0 {
                b.0.retain(|(bk, _)| bk != &k);
                b.0.push((k, v));
            }
            b
        };
        Mapping {
            preset: base.preset,
            kind: self.kind.or(base.kind),
            fields: merge(base.fields, self.fields),
            attributes: merge(base.attributes, self.attributes),
            date_format: self.date_format.or(base.date_format),
            times_are_utc: self.times_are_utc.or(base.times_are_utc),
            decimal_separator: self.decimal_separator.or(base.decimal_separator),
            thousands_separator: self.thousands_separator.or(base.thousands_separator),
            separator: self.separator.or(base.separator),
            currency: self.currency.or(base.currency),
            stages: self.stages.or(base.stages),
            status_values: self.status_values.or(base.status_values),
            stage_dates: self.stage_dates.or(base.stage_dates),
            allow_missing_columns: self.allow_missing_columns.or(base.allow_missing_columns),
            records: self.records.or(base.records),
        }
    }
}

/// One mapped field: candidate column names, and whether one of them must be in the file.
#[derive(Debug, Clone)]
pub struct FieldPlan {
    /// The canonical field.
    pub field: Field,
    /// Its canonical name (for error paths).
    pub name: &'static str,
    /// Column names, first present wins.
    pub columns: Vec<String>,
    /// False for the fallback to a column named after the field, and with `allowMissingColumns`.
    pub required: bool,
}

/// A stage-map entry, keyed by the normalized CRM label.
#[derive(Debug, Clone)]
pub struct StagePlan {
    /// Normalized label.
    pub key: String,
    /// Label as written in the mapping.
    pub label: String,
    /// Canonical id.
    pub id: String,
    /// Declared kind, if any.
    pub kind: Option<String>,
    /// Open-stage order.
    pub order: f64,
    /// Win probability.
    pub probability: Option<f64>,
}

/// A validated mapping, ready to be matched with a header.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Preset name, when the mapping is or extends one.
    pub preset: Option<String>,
    /// Record kind.
    pub kind: RecordKind,
    /// Mapped fields.
    pub fields: Vec<FieldPlan>,
    /// Attribute name -> columns.
    pub attributes: Vec<(String, Vec<String>)>,
    /// Declared date formats (ISO is always accepted too); None = detect the order.
    pub date_formats: Option<Vec<DateFormat>>,
    /// Date-times without offset are UTC.
    pub utc: bool,
    /// Number convention.
    pub numbers: NumberFormat,
    /// Field separator, when declared.
    pub separator: Option<u8>,
    /// Fixed currency.
    pub currency: Option<String>,
    /// Stage map, in declaration order.
    pub stages: Vec<StagePlan>,
    /// Status values, normalized.
    pub status: [Vec<String>; 4],
    /// Stage-date columns: normalized prefix, explicit (column, label).
    pub stage_dates: (Option<String>, Vec<(String, String)>),
    /// JSON input: key of the records array.
    pub records: Option<String>,
    /// Mapped columns absent from the file are skipped rather than refused.
    pub allow_missing: bool,
}

fn one_char(value: &Option<String>, path: &str, allowed: &[char]) -> Result<Option<char>, InputError> {
    let Some(v) = value else { return Ok(None) };
    let v = if v == "\\t" || v.eq_ignore_ascii_case("tab") { "\t" } else { v.as_str() };
    let mut chars = v.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if allowed.contains(&c) => Ok(Some(c)),
        _ => {
            let list: Vec<String> = allowed.iter().map(|c| format!("{:?}", c.to_string())).collect();
            Err(invalid(path, format!("expected one of {}, got {:?}", list.join(", "), v)))
        }
    }
}

impl Plan {
    /// Validates a mapping.
    pub fn new(m: Mapping) -> Result<Plan, InputError> {
        let kind = m.kind.unwrap_or_default();
        let table = fields_of(kind);
        let allow_missing = m.allow_missing_columns.unwrap_or(false);
        let mut fields = Vec::new();
        for (name, columns) in &m.fields.0 {
            let Some(&(canonical, field)) = table.iter().find(|(n, _)| normalize(n) == normalize(name)) else {
                let known: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
                let message = format!("unknown field \"{name}\" for {}: expected one of {}", kind.name(), known.join(", "));
                return Err(invalid(format!("mapping.fields.{name}"), message));
            };
            fields.push(FieldPlan { field, name: canonical, columns: columns.to_vec(), required: !allow_missing });
        }
        for &(name, field) in table {
            if !fields.iter().any(|f| f.field == field) {
                fields.push(FieldPlan { field, name, columns: vec![name.to_string()], required: false });
            }
        }
        let attributes = m.attributes.0.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
        let date_formats = match &m.date_format {
            None => None,
            Some(list) => Some(
                list.to_vec()
                    .iter()
                    .map(|f| {
                        DateFormat::parse(f).ok_or_else(|| {
                            invalid("mapping.dateFormat", format!("unknown date format {f:?}: expected e.g. \"DD-MM-YYYY\", \"MM/DD/YYYY\", \"YYYY-MM-DD\", \"epoch_ms\""))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        let decimal = one_char(&m.decimal_separator, "mapping.decimalSeparator", &['.', ','])?.unwrap_or('.');
        let thousands = one_char(&m.thousands_separator, "mapping.thousandsSeparator", &[',', '.', ' ', '\'', '\u{a0}'])?;
        if thousands == Some(decimal) {
            return Err(invalid("mapping.thousandsSeparator", "the thousands separator must differ from the decimal separator"));
        }
        let separator = one_char(&m.separator, "mapping.separator", &[',', ';', '\t', '|'])?.map(|c| c as u8);
        let mut stages = Vec::new();
        for (i, (label, target)) in m.stages.iter().flat_map(|s| &s.0).enumerate() {
            let spec = match target {
                StageTarget::Id(id) => StageSpec { id: id.clone(), kind: None, order: None, probability: None },
                StageTarget::Full(spec) => spec.clone(),
            };
            if let Some(k) = &spec.kind {
                if !["open", "won", "lost"].contains(&k.to_ascii_lowercase().as_str()) {
                    return Err(invalid(format!("mapping.stages.{label}.kind"), format!("expected \"open\", \"won\" or \"lost\", got {k:?}")));
                }
            }
            let order = spec.order.unwrap_or(i as f64 + 1.0);
            stages.push(StagePlan { key: normalize(label), label: label.clone(), id: spec.id, kind: spec.kind, order, probability: spec.probability });
        }
        let sv = m.status_values.unwrap_or_else(|| StatusValues {
            won: vec!["won".into(), "closed won".into()],
            lost: vec!["lost".into(), "closed lost".into()],
            open: vec!["open".into()],
            skip: vec!["deleted".into()],
        });
        let norm = |v: &[String]| v.iter().map(|s| normalize(s)).collect::<Vec<_>>();
        let status = [norm(&sv.won), norm(&sv.lost), norm(&sv.open), norm(&sv.skip)];
        let sd = m.stage_dates.unwrap_or_default();
        Ok(Plan {
            preset: m.preset,
            kind,
            fields,
            attributes,
            date_formats,
            utc: m.times_are_utc.unwrap_or(false),
            numbers: NumberFormat { decimal, thousands },
            separator,
            currency: m.currency,
            stages,
            status,
            stage_dates: (sd.prefix.map(|p| normalize(&p)), sd.columns.0),
            records: m.records,
            allow_missing,
        })
    }

    /// The stage-map entry of a CRM label.
    pub fn stage(&self, label: &str) -> Option<&StagePlan> {
        let key = normalize(label);
        self.stages.iter().find(|s| s.key == key || normalize(&s.id) == key)
    }
}
