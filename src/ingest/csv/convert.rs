//! One row (a CSV record or a flattened CRM API record) -> one model record -> the store builder.
//! Strings are borrowed from the row; nothing is kept once the builder has interned them.

use super::columns::Columns;
use crate::error::InputError;
use crate::ingest::mapping::{Field, Plan, RecordKind};
use crate::ingest::values::{normalize, parse_bool, parse_date, parse_number, DateFormat};
use crate::model::{self, quote, Attributes, HistoryEntry, Number, Text, Time};
use crate::store::StoreBuilder;
use std::borrow::Cow;

/// A row whose cells can be read by column index.
pub trait Cells {
    /// The cell at `i`, empty when absent.
    fn cell(&self, i: usize) -> &str;
}

impl Cells for csv::StringRecord {
    fn cell(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

/// Reads rows of one source with one resolved mapping.
pub struct Converter<'p> {
    plan: &'p Plan,
    /// Columns of the current header.
    pub columns: Columns,
    formats: Vec<DateFormat>,
    /// Stage labels seen without an entry in the stage map, in order of first appearance.
    pub unmapped: Vec<String>,
    /// Rows read into records.
    pub records: usize,
    /// Rows skipped by `statusValues.skip`.
    pub skipped: usize,
}

fn text(v: &str) -> Option<Text<'_>> {
    Some(Text(Cow::Borrowed(v)))
}

/// The canonical stage id of a CRM label; a label the stage map lacks is kept as it is, counted
/// in a warning per row, and noted in `unmapped` (to be declared after the mapped stages).
fn stage<'a>(plan: &'a Plan, label: &'a str, unmapped: &mut Vec<String>, row_id: &str, b: &mut StoreBuilder) -> Text<'a> {
    if let Some(s) = plan.stage(label) {
        return Text(Cow::Borrowed(s.id.as_str()));
    }
    if !plan.stages.is_empty() {
        let message = format!("stage label \"{label}\" has no entry in the mapping's stage map: kept as stage \"{label}\" (open unless named won/lost)");
        b.warn("unmapped_stage", message, row_id);
        if !unmapped.iter().any(|u| u == label) {
            unmapped.push(label.to_string());
        }
    }
    Text(Cow::Borrowed(label))
}

fn first<'r, C: Cells + ?Sized>(row: &'r C, cols: &[usize]) -> Option<(usize, &'r str)> {
    cols.iter().map(|&c| (c, row.cell(c).trim())).find(|(_, v)| !v.is_empty())
}

impl<'p> Converter<'p> {
    /// A converter; `order` is the proven or declared day/month order for `a/b/yyyy` dates.
    pub fn new(plan: &'p Plan, columns: Columns, order: Option<DateFormat>) -> Self {
        let mut formats = plan.date_formats.clone().unwrap_or_default();
        formats.extend(order);
        formats.push(DateFormat::Iso);
        Converter { plan, columns, formats, unmapped: Vec::new(), records: 0, skipped: 0 }
    }

    fn error(&self, index: usize, col: usize, message: String) -> InputError {
        InputError::new("invalid_value", format!("rows[{index}].{}", self.columns.header[col]), message)
    }

    fn date(&self, v: &str, index: usize, col: usize) -> Result<Time, InputError> {
        parse_date(v, &self.formats, self.plan.utc).map(Time).ok_or_else(|| {
            let hint = if self.plan.date_formats.is_some() { "in the mapping's \"dateFormat\"" } else { "as an ISO date or epoch milliseconds: set \"dateFormat\" in the mapping (e.g. \"DD/MM/YYYY\")" };
            self.error(index, col, format!("expected a date {hint}, got {}", quote(v)))
        })
    }

    fn number(&self, v: &str, index: usize, col: usize) -> Result<(f64, Option<String>), InputError> {
        parse_number(v, self.plan.numbers).map_err(|m| self.error(index, col, m))
    }

    fn boolean(&self, v: &str, index: usize, col: usize) -> Result<bool, InputError> {
        parse_bool(v).ok_or_else(|| self.error(index, col, format!("expected yes/no (true/false, 1/0), got {}", quote(v))))
    }

    fn attributes<'r, C: Cells + ?Sized>(&self, row: &'r C) -> Option<Attributes<'r>>
    where
        'p: 'r,
    {
        let pairs: Vec<(Cow<'r, str>, Text<'r>)> = self
            .columns
            .attributes
            .iter()
            .filter_map(|(name, cols)| first(row, cols).map(|(_, v)| (Cow::Owned(name.clone()), Text(Cow::Borrowed(v)))))
            .collect();
        (!pairs.is_empty()).then_some(Attributes(pairs))
    }

    /// Reads one row into the builder.
    pub fn row<C: Cells + ?Sized>(&mut self, row: &C, index: usize, b: &mut StoreBuilder) -> Result<(), InputError> {
        let added = match self.plan.kind {
            RecordKind::Deals => self.deal(row, index, b)?,
            RecordKind::Leads => self.lead(row, index, b)?,
            RecordKind::Activities => self.activity(row, index, b)?,
            RecordKind::Contacts => self.contact(row, index, b)?,
        };
        if added {
            self.records += 1;
        } else {
            self.skipped += 1;
        }
        Ok(())
    }

    fn deal<C: Cells + ?Sized>(&mut self, row: &C, index: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let plan = self.plan;
        let mut d = model::Deal::default();
        let (mut won, mut closed, mut status, mut stage_label, mut value_currency) = (None, None, None, None, None);
        let row_id = format!("rows[{index}]");
        for (field, _, cols) in &self.columns.fields {
            let Some((col, v)) = first(row, cols) else { continue };
            match field {
                Field::Id => d.id = text(v),
                Field::Name => d.name = text(v),
                Field::Owner => d.owner = text(v),
                Field::Team => d.team = text(v),
                Field::Segment => d.segment = text(v),
                Field::Persona => d.persona = text(v),
                Field::Source => d.source = text(v),
                Field::Region => d.region = text(v),
                Field::Product => d.product = text(v),
                Field::AccountId => d.account_id = text(v),
                Field::ContactId => d.contact_id = text(v),
                Field::LeadId => d.lead_id = text(v),
                Field::Amount => {
                    let (n, currency) = self.number(v, index, col)?;
                    d.amount = Some(Number(n));
                    value_currency = currency;
                }
                Field::Currency => d.currency = text(v),
                Field::CreatedAt => d.created_at = Some(self.date(v, index, col)?),
                Field::ExpectedCloseAt => d.expected_close_at = Some(self.date(v, index, col)?),
                Field::ClosedAt => d.closed_at = Some(self.date(v, index, col)?),
                Field::Stage => stage_label = Some(v),
                Field::Status => status = Some((col, v)),
                Field::ForecastCategory => d.forecast_category = text(v),
                Field::Won => won = Some(self.boolean(v, index, col)?),
                Field::Closed => closed = Some(self.boolean(v, index, col)?),
                _ => {}
            }
        }
        let id = d.id.as_ref().map_or(row_id, |t| t.as_str().to_string());
        let mut unmapped = Vec::new();
        if let Some(label) = stage_label {
            d.stage = Some(stage(plan, label, &mut unmapped, &id, b));
        }
        let from_flags = match (closed, won) {
            (Some(true), w) => Some(if w == Some(true) { "won" } else { "lost" }),
            (Some(false), _) => Some("open"),
            (None, Some(true)) => Some("won"),
            _ => None,
        };
        let mut resolved = None;
        if let Some((col, v)) = status {
            let key = normalize(v);
            match plan.status.iter().position(|list| list.contains(&key)) {
                Some(3) => return Ok(false),
                Some(i) => resolved = Some(["won", "lost", "open"][i]),
                None => {
                    let message = format!("status value \"{v}\" in column \"{}\" is not in statusValues: status taken from the stage", self.columns.header[col]);
                    b.warn("unmapped_status", message, &id);
                }
            }
        }
        d.status = resolved.or(from_flags).and_then(text);
        d.currency = match &plan.currency {
            Some(c) => Some(Text(Cow::Borrowed(c.as_str()))),
            None => d.currency.or(value_currency.map(|c| Text(Cow::Owned(c)))),
        };
        let mut history = Vec::new();
        for (col, label) in &self.columns.stage_dates {
            let v = row.cell(*col).trim();
            if !v.is_empty() {
                let at = self.date(v, index, *col)?;
                let stage = stage(plan, label, &mut unmapped, &id, b);
                history.push(HistoryEntry { at, stage: Some(stage), amount: None, expected_close_at: None, owner: None, forecast_category: None });
            }
        }
        d.history = (!history.is_empty()).then_some(history);
        d.attributes = self.attributes(row);
        b.add_deal(d, index);
        for label in unmapped {
            if !self.unmapped.contains(&label) {
                self.unmapped.push(label);
            }
        }
        Ok(true)
    }

    fn lead<C: Cells + ?Sized>(&mut self, row: &C, index: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let mut l = model::Lead::default();
        for (field, _, cols) in &self.columns.fields {
            let Some((col, v)) = first(row, cols) else { continue };
            match field {
                Field::Id => l.id = text(v),
                Field::CreatedAt => l.created_at = Some(self.date(v, index, col)?),
                Field::Owner => l.owner = text(v),
                Field::Team => l.team = text(v),
                Field::Source => l.source = text(v),
                Field::Segment => l.segment = text(v),
                Field::Persona => l.persona = text(v),
                Field::Region => l.region = text(v),
                Field::ContactId => l.contact_id = text(v),
                Field::QualifiedAt => l.qualified_at = Some(self.date(v, index, col)?),
                Field::ConvertedAt => l.converted_at = Some(self.date(v, index, col)?),
                Field::DealId => l.deal_id = text(v),
                _ => {}
            }
        }
        l.attributes = self.attributes(row);
        b.add_lead(l, index);
        Ok(true)
    }

    fn activity<C: Cells + ?Sized>(&mut self, row: &C, index: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let mut a = model::Activity::default();
        for (field, _, cols) in &self.columns.fields {
            let Some((col, v)) = first(row, cols) else { continue };
            match field {
                Field::Id => a.id = text(v),
                Field::Type => a.kind = text(v),
                Field::At => a.at = Some(self.date(v, index, col)?),
                Field::Owner => a.owner = text(v),
                Field::Direction => a.direction = text(v),
                Field::Outcome => a.outcome = text(v),
                Field::DealId => a.deal_id = text(v),
                Field::LeadId => a.lead_id = text(v),
                Field::ContactId => a.contact_id = text(v),
                Field::Automated => a.automated = Some(self.boolean(v, index, col)?),
                _ => {}
            }
        }
        b.add_activity(a, index);
        Ok(true)
    }

    fn contact<C: Cells + ?Sized>(&mut self, row: &C, index: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let mut c = model::Contact::default();
        let mut enrichment = model::Enrichment::default();
        for (field, _, cols) in &self.columns.fields {
            let Some((col, v)) = first(row, cols) else { continue };
            match field {
                Field::Id => c.id = text(v),
                Field::Email => c.email = text(v),
                Field::Phone => c.phone = text(v),
                Field::Title => c.title = text(v),
                Field::Company => c.company = text(v),
                Field::Seniority => c.seniority = text(v),
                Field::Matched => enrichment.matched = Some(self.boolean(v, index, col)?),
                Field::MatchedAt => enrichment.matched_at = Some(self.date(v, index, col)?),
                _ => {}
            }
        }
        if enrichment.matched.is_some() || enrichment.matched_at.is_some() {
            c.enrichment = Some(enrichment);
        }
        b.add_contact(c, index);
        Ok(true)
    }

    /// The stages this source declares: the stage map in order, then unmapped labels seen.
    pub fn stages(&self) -> Vec<model::Stage<'static>> {
        let owned = |s: &str| Text(Cow::Owned(s.to_string()));
        let mut out: Vec<model::Stage<'static>> = self
            .plan
            .stages
            .iter()
            .map(|s| model::Stage {
                id: owned(&s.id),
                label: Some(owned(&s.label)),
                order: Some(Number(s.order)),
                probability: s.probability.map(Number),
                kind: s.kind.as_deref().map(owned),
            })
            .collect();
        for (i, label) in self.unmapped.iter().enumerate() {
            let order = Some(Number(1000.0 + i as f64));
            out.push(model::Stage { id: owned(label), label: Some(owned(label)), order, probability: None, kind: None });
        }
        out
    }
}
