//! One row -> one canonical record, handed straight to the [`StoreBuilder`].
//!
//! Records borrow their text from the row (no copy); dates, amounts and booleans are read per the
//! plan, and a value that cannot be read is an error naming row and column
//! (`rows[12].Amount: expected a number, got "12k"`): one bad amount silently dropped would
//! change a total without anyone knowing.

use super::plan::{normalize, Col, Plan, Row};
use crate::error::InputError;
use crate::ingest::mapping::RecordKind;
use crate::model::{self, quote, Attributes, HistoryEntry, Number, Text, Time};
use crate::store::StoreBuilder;
use std::borrow::Cow;

/// Converts rows of one source.
pub struct Converter<'p> {
    /// The resolved plan.
    pub plan: &'p Plan,
    /// Collection name in paths (`rows`, `results`, ...).
    pub place: &'p str,
    /// Rows skipped (status `skip` values, footers).
    pub skipped: usize,
}

/// Truthy and falsy cell values of boolean columns.
const TRUE: &[&str] = &["true", "1", "yes", "y", "x", "t", "won", "closed"];
const FALSE: &[&str] = &["false", "0", "no", "n", "", "f"];

impl<'p> Converter<'p> {
    fn error(&self, row: &dyn Row, i: usize, col: &Col, message: String) -> InputError {
        let line = row.line().map_or(String::new(), |l| format!(" (line {l})"));
        InputError::new("invalid_value", format!("{}[{i}].{}", self.place, col.name), format!("{message}{line}"))
    }

    fn text<'s>(&self, row: &'s dyn Row, field: &str) -> Option<Text<'s>> {
        let cell = row.cell(self.plan.col(field)?)?.trim();
        (!cell.is_empty()).then_some(Text(Cow::Borrowed(cell)))
    }

    fn time_at(&self, row: &dyn Row, i: usize, col: &Col) -> Result<Option<Time>, InputError> {
        let Some(value) = row.cell(col).map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
        let iso = super::dates::DateFormat::Iso;
        let formats = match self.plan.dates.get(&col.index) {
            Some(rule) if !rule.formats.is_empty() => rule.formats.as_slice(),
            _ => std::slice::from_ref(&iso),
        };
        match formats.iter().find_map(|f| f.read(value, self.plan.utc)) {
            Some(raw) => Ok(Some(Time(raw))),
            None => Err(self.error(row, i, col, format!("expected a date, got {} (set \"dateFormat\" in the mapping)", quote(value)))),
        }
    }

    fn time(&self, row: &dyn Row, i: usize, field: &str) -> Result<Option<Time>, InputError> {
        match self.plan.col(field) {
            Some(col) => self.time_at(row, i, col),
            None => Ok(None),
        }
    }

    fn number(&self, row: &dyn Row, i: usize, field: &str) -> Result<Option<Number>, InputError> {
        let Some(col) = self.plan.col(field) else { return Ok(None) };
        let Some(value) = row.cell(col) else { return Ok(None) };
        match self.plan.numbers.read(value) {
            Ok(n) => Ok(n.map(Number)),
            Err(_) => Err(self.error(row, i, col, format!("expected a number, got {}", quote(value.trim())))),
        }
    }

    fn flag(&self, row: &dyn Row, i: usize, field: &str) -> Result<Option<bool>, InputError> {
        let Some(col) = self.plan.col(field) else { return Ok(None) };
        let Some(value) = row.cell(col) else { return Ok(None) };
        let v = value.trim().to_ascii_lowercase();
        if TRUE.contains(&v.as_str()) {
            Ok(Some(true))
        } else if FALSE.contains(&v.as_str()) {
            Ok((!v.is_empty()).then_some(false))
        } else {
            Err(self.error(row, i, col, format!("expected true or false, got {}", quote(value.trim()))))
        }
    }

    fn attributes<'s>(&self, row: &'s dyn Row) -> Option<Attributes<'s>> {
        let pairs: Vec<(Cow<'s, str>, Text<'s>)> = self
            .plan
            .attributes
            .iter()
            .filter_map(|(name, col)| {
                let v = row.cell(col)?.trim();
                (!v.is_empty()).then(|| (Cow::Owned(name.clone()), Text(Cow::Borrowed(v))))
            })
            .collect();
        (!pairs.is_empty()).then_some(Attributes(pairs))
    }

    /// A stage label as a canonical id, warning (per label, counted) when the mapping has stages
    /// but not this one.
    fn stage<'s>(&self, label: Text<'s>, id: &str, b: &mut StoreBuilder) -> Text<'s>
    where
        'p: 's,
    {
        match self.plan.stage_id(label.as_str()) {
            Some(mapped) => Text(Cow::Borrowed(mapped)),
            None => {
                if !self.plan.stages.is_empty() {
                    let message = format!("stage label {} has no entry in the mapping's stages: kept as its own stage", quote(label.as_str()));
                    b.warn("unmapped_stage", message, id);
                }
                label
            }
        }
    }

    /// Reads one row into the builder; `Ok(false)` when the row is skipped.
    pub fn add(&mut self, row: &dyn Row, i: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        match self.plan.kind {
            RecordKind::Deals => return self.deal(row, i, b),
            RecordKind::Leads => b.add_lead(self.lead(row, i)?, i),
            RecordKind::Activities => b.add_activity(self.activity(row, i)?, i),
            RecordKind::Contacts => b.add_contact(self.contact(row, i)?, i),
        }
        Ok(true)
    }

    /// The status column's value as canonical status; `Err(label)` for a skip value.
    fn status<'s>(&self, row: &'s dyn Row, i: usize, id: &str, b: &mut StoreBuilder) -> Result<Option<Text<'s>>, String> {
        let Some(raw) = self.text(row, "status") else { return Ok(self.status_from_flags(row, i)) };
        let Some(values) = &self.plan.status else { return Ok(Some(raw)) };
        let v = normalize(raw.as_str());
        let canonical = [("won", &values.won), ("lost", &values.lost), ("open", &values.open)]
            .into_iter()
            .find(|(_, list)| list.contains(&v))
            .map(|(s, _)| s);
        match canonical {
            Some(s) => Ok(Some(Text(Cow::Borrowed(s)))),
            None if values.skip.contains(&v) => Err(raw.as_str().to_string()),
            None => {
                let message = format!("status value {} is not among the mapping's statusValues: status taken from the stage", quote(raw.as_str()));
                b.warn("unmapped_status", message, id);
                Ok(None)
            }
        }
    }

    /// Status from `won` / `closed` boolean columns (Salesforce's `Won`, `Closed`).
    fn status_from_flags<'s>(&self, row: &dyn Row, i: usize) -> Option<Text<'s>> {
        let won = self.flag(row, i, "won").ok().flatten();
        let closed = self.flag(row, i, "closed").ok().flatten();
        let status = match (won, closed) {
            (Some(true), _) => "won",
            (_, Some(true)) => "lost",
            (_, Some(false)) => "open",
            _ => return None,
        };
        Some(Text(Cow::Borrowed(status)))
    }

    fn deal(&mut self, row: &dyn Row, i: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let id = self.text(row, "id");
        let id_str = id.as_ref().map_or_else(|| format!("{}[{i}]", self.place), |t| t.as_str().to_string());
        for field in ["won", "closed"] {
            self.flag(row, i, field)?;
        }
        let status = match self.status(row, i, &id_str, b) {
            Ok(s) => s,
            Err(label) => {
                b.warn("skipped_row", format!("rows with status {} are skipped", quote(&label)), &id_str);
                self.skipped += 1;
                return Ok(false);
            }
        };
        let mut history = Vec::new();
        for (label, col) in &self.plan.history {
            if let Some(at) = self.time_at(row, i, col)? {
                let stage = self.stage(Text(Cow::Borrowed(label.as_str())), &id_str, b);
                history.push(HistoryEntry { at, stage: Some(stage), amount: None, expected_close_at: None, owner: None, forecast_category: None });
            }
        }
        let closed_at = match self.time(row, i, "closedAt")? {
            Some(t) => Some(t),
            None => {
                let (won, lost) = (self.time(row, i, "wonAt")?, self.time(row, i, "lostAt")?);
                match status.as_ref().map(|s| s.as_str()) {
                    Some("won") => won.or(lost),
                    Some("lost") => lost.or(won),
                    _ => None,
                }
            }
        };
        let stage = self.text(row, "stage").map(|s| self.stage(s, &id_str, b));
        let currency = self.text(row, "currency").or_else(|| self.plan.currency.as_deref().map(|c| Text(Cow::Borrowed(c))));
        let deal = model::Deal {
            id,
            name: self.text(row, "name"),
            owner: self.text(row, "owner"),
            team: self.text(row, "team"),
            segment: self.text(row, "segment"),
            persona: self.text(row, "persona"),
            source: self.text(row, "source"),
            region: self.text(row, "region"),
            product: self.text(row, "product"),
            account_id: self.text(row, "accountId"),
            contact_id: self.text(row, "contactId"),
            lead_id: self.text(row, "leadId"),
            amount: self.number(row, i, "amount")?,
            currency,
            created_at: self.time(row, i, "createdAt")?,
            expected_close_at: self.time(row, i, "expectedCloseAt")?,
            closed_at,
            stage,
            status,
            forecast_category: self.text(row, "forecastCategory"),
            history: (!history.is_empty()).then_some(history),
            attributes: self.attributes(row),
        };
        b.add_deal(deal, i);
        Ok(true)
    }

    fn lead<'s>(&self, row: &'s dyn Row, i: usize) -> Result<model::Lead<'s>, InputError> {
        Ok(model::Lead {
            id: self.text(row, "id"),
            created_at: self.time(row, i, "createdAt")?,
            owner: self.text(row, "owner"),
            team: self.text(row, "team"),
            source: self.text(row, "source"),
            segment: self.text(row, "segment"),
            persona: self.text(row, "persona"),
            region: self.text(row, "region"),
            contact_id: self.text(row, "contactId"),
            qualified_at: self.time(row, i, "qualifiedAt")?,
            converted_at: self.time(row, i, "convertedAt")?,
            deal_id: self.text(row, "dealId"),
            attributes: self.attributes(row),
        })
    }

    fn activity<'s>(&self, row: &'s dyn Row, i: usize) -> Result<model::Activity<'s>, InputError> {
        Ok(model::Activity {
            id: self.text(row, "id"),
            kind: self.text(row, "type"),
            at: self.time(row, i, "at")?,
            owner: self.text(row, "owner"),
            direction: self.text(row, "direction"),
            outcome: self.text(row, "outcome"),
            deal_id: self.text(row, "dealId"),
            lead_id: self.text(row, "leadId"),
            contact_id: self.text(row, "contactId"),
            automated: self.flag(row, i, "automated")?,
        })
    }

    fn contact<'s>(&self, row: &'s dyn Row, i: usize) -> Result<model::Contact<'s>, InputError> {
        let matched = self.flag(row, i, "enrichmentMatched")?;
        let matched_at = self.time(row, i, "enrichmentMatchedAt")?;
        Ok(model::Contact {
            id: self.text(row, "id"),
            email: self.text(row, "email"),
            phone: self.text(row, "phone"),
            title: self.text(row, "title"),
            company: self.text(row, "company"),
            seniority: self.text(row, "seniority"),
            enrichment: (matched.is_some() || matched_at.is_some()).then_some(model::Enrichment { matched, matched_at }),
        })
    }
}
