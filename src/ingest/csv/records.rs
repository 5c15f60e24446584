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
    /// Rows skipped (status `skip` values, footers, rows marked deleted).
    pub skipped: usize,
    /// History entries read (history files, a warehouse's history mode).
    pub history_rows: usize,
}

/// Truthy and falsy cell values of boolean columns.
const TRUE: &[&str] = &["true", "1", "yes", "y", "x", "t", "won", "closed"];
const FALSE: &[&str] = &["false", "0", "no", "n", "", "f"];

impl<'p> Converter<'p> {
    fn error(&self, row: &dyn Row, i: usize, col: &Col, message: String) -> InputError {
        let line = row.line().map_or(String::new(), |l| format!(" (line {l})"));
        InputError::new("invalid_value", format!("{}[{i}].{}", self.place, col.name), format!("{message}{line}"))
    }

    /// The row's id for messages, or its place (`rows[12]`) when it has none.
    fn record_id(&self, row: &dyn Row, i: usize) -> String {
        self.text(row, "id").map_or_else(|| format!("{}[{i}]", self.place), |t| t.as_str().to_string())
    }

    fn text<'s>(&self, row: &'s dyn Row, field: &str) -> Option<Text<'s>> {
        let cell = row.cell(self.plan.col(field)?)?.trim();
        (!cell.is_empty()).then_some(Text(Cow::Borrowed(cell)))
    }

    fn time_at(&self, row: &dyn Row, i: usize, col: &Col) -> Result<Option<Time>, InputError> {
        let Some(value) = row.cell(col).map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
        let iso = super::dates::DateFormat::Iso;
        let formats = match self.plan.date_rule(col.index) {
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
        Ok(self.amount(row, i, field)?.map(|(n, _)| n))
    }

    /// A number and the currency its cell names (`EUR 1,200.00`, `1.200,00 €`), if any.
    fn amount<'s>(&self, row: &'s dyn Row, i: usize, field: &str) -> Result<Option<(Number, Option<Text<'s>>)>, InputError> {
        let Some(col) = self.plan.col(field) else { return Ok(None) };
        let Some(value) = row.cell(col) else { return Ok(None) };
        match self.plan.numbers.read_amount(value) {
            Ok(n) => Ok(n.map(|(n, currency)| (Number(n), currency.map(|c| Text(Cow::Borrowed(c)))))),
            Err(_) => Err(self.error(row, i, col, format!("expected a number, got {}", quote(value.trim())))),
        }
    }

    fn flag(&self, row: &dyn Row, i: usize, field: &str) -> Result<Option<bool>, InputError> {
        match self.plan.col(field) {
            Some(col) => self.flag_at(row, i, col),
            None => Ok(None),
        }
    }

    fn flag_at(&self, row: &dyn Row, i: usize, col: &Col) -> Result<Option<bool>, InputError> {
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

    /// Reads one row into the builder; `Ok(false)` when the row is skipped (or, for a history
    /// file, when it is not a record of its own).
    pub fn add(&mut self, row: &dyn Row, i: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        if let Some(col) = self.deleted(row, i)? {
            let message = format!("rows marked deleted ({col} true) are skipped");
            b.warn("deleted_rows", message, &self.record_id(row, i));
            self.skipped += 1;
            return Ok(false);
        }
        match self.plan.kind {
            RecordKind::Deals => return self.deal(row, i, b),
            RecordKind::Leads => {
                let lead = self.lead(row, i, b)?;
                b.add_lead(lead, i)
            }
            RecordKind::Activities => b.add_activity(self.activity(row, i)?, i),
            RecordKind::Contacts => b.add_contact(self.contact(row, i)?, i),
            RecordKind::History => return self.history(row, i, b),
            RecordKind::Users => return Ok(self.user(row, b)),
            RecordKind::Accounts => return Ok(self.account(row, b)),
        }
        Ok(true)
    }

    /// The soft-delete column saying true, if any.
    fn deleted(&self, row: &dyn Row, i: usize) -> Result<Option<&'p str>, InputError> {
        for col in &self.plan.deleted {
            if self.flag_at(row, i, col)? == Some(true) {
                return Ok(Some(col.name.as_str()));
            }
        }
        Ok(None)
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

    /// The deal's lost reason. A many2one column of Odoo (`lost_reason_id`) may hold the record as
    /// `id,name` (`3,Too expensive`, as its API's `[3, "Too expensive"]` flattens): the name is
    /// the reason. Only for `*_id` columns, and only when a non-digit follows the comma, so that
    /// a reason such as `2,000 seats short` is never cut.
    fn lost_reason<'s>(&self, row: &'s dyn Row) -> Option<Text<'s>> {
        let text = self.text(row, "lostReason")?;
        let many2one = self.plan.col("lostReason").is_some_and(|c| c.name.to_ascii_lowercase().ends_with("_id"));
        Some(match many2one.then(|| odoo_name(text.as_str())).flatten() {
            Some(name) => Text(Cow::Owned(name.to_string())),
            None => text,
        })
    }

    /// Status from `won` / `closed` boolean columns (Salesforce's `Won`, `Closed`), else from
    /// Odoo's rule: probability 100 is won, archived (`active` false) is lost.
    fn status_from_flags<'s>(&self, row: &dyn Row, i: usize) -> Option<Text<'s>> {
        let won = self.flag(row, i, "won").ok().flatten();
        let closed = self.flag(row, i, "closed").ok().flatten();
        let status = match (won, closed) {
            (Some(true), _) => "won",
            (_, Some(true)) => "lost",
            (_, Some(false)) => "open",
            _ if self.plan.col("probability").is_some() => {
                let probability = self.number(row, i, "probability").ok().flatten().map(|n| n.0);
                match (probability, self.flag(row, i, "active").ok().flatten()) {
                    (Some(p), _) if p >= 100.0 => "won",
                    (_, Some(false)) => "lost",
                    _ => "open",
                }
            }
            _ => return None,
        };
        Some(Text(Cow::Borrowed(status)))
    }

    fn deal(&mut self, row: &dyn Row, i: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let id = self.text(row, "id");
        let id_str = self.record_id(row, i);
        for field in ["won", "closed", "active"] {
            self.flag(row, i, field)?;
        }
        self.number(row, i, "probability")?;
        if let Some(kind) = self.text(row, "recordType").filter(|t| t.as_str().eq_ignore_ascii_case("lead")) {
            let message = format!("rows of type {} are leads, not opportunities: skipped", quote(kind.as_str()));
            b.warn("skipped_row", message, &id_str);
            self.skipped += 1;
            return Ok(false);
        }
        // A warehouse's history mode: every row is a version of its deal from `validFrom` on,
        // and only the current one is the deal itself.
        if let Some(at) = self.time(row, i, "validFrom")? {
            let entry = HistoryEntry {
                at,
                stage: self.text(row, "stage").map(|s| self.stage(s, &id_str, b)),
                amount: self.number(row, i, "amount")?,
                expected_close_at: self.time(row, i, "expectedCloseAt")?,
                owner: self.text(row, "owner"),
                forecast_category: self.text(row, "forecastCategory"),
            };
            b.add_history_entry(&id_str, &entry);
            self.history_rows += 1;
            if self.flag(row, i, "current")? == Some(false) {
                return Ok(false);
            }
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
        let (amount, named) = self.amount(row, i, "amount")?.unzip();
        // The currency the amount's own text names comes first: it is the currency of that
        // number, whatever column the mapping took the deal's currency from.
        // `$` says only "a dollar" (`¥` "yen or yuan"): the column's or the mapping's currency
        // says which, if given.
        let given = || self.text(row, "currency").or_else(|| self.plan.currency.as_deref().map(|c| Text(Cow::Borrowed(c))));
        let currency = match named.flatten() {
            Some(c) if crate::store::writers_of(c.as_str()).is_some() => given().or(Some(c)),
            Some(c) => Some(c),
            None => given(),
        };
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
            amount,
            currency,
            created_at: self.time(row, i, "createdAt")?,
            expected_close_at: self.time(row, i, "expectedCloseAt")?,
            closed_at,
            updated_at: self.time(row, i, "updatedAt")?,
            stage,
            status,
            forecast_category: self.text(row, "forecastCategory"),
            lost_reason: self.lost_reason(row),
            history: (!history.is_empty()).then_some(history),
            attributes: self.attributes(row),
        };
        b.add_deal(deal, i);
        Ok(true)
    }

    /// One history row of a file of its own: the values after a change (`OpportunityHistory`), or
    /// one changed field (`OpportunityFieldHistory`'s `Field` and `NewValue`).
    fn history(&mut self, row: &dyn Row, i: usize, b: &mut StoreBuilder) -> Result<bool, InputError> {
        let Some(deal) = self.text(row, "dealId") else {
            b.warn("skipped_row", "history rows without a deal id are skipped", &format!("{}[{i}]", self.place));
            self.skipped += 1;
            return Ok(false);
        };
        let Some(at) = self.time(row, i, "at")? else {
            b.warn("skipped_row", "history rows without a date are skipped", deal.as_str());
            self.skipped += 1;
            return Ok(false);
        };
        let mut entry = HistoryEntry {
            at,
            stage: self.text(row, "stage").map(|s| self.stage(s, deal.as_str(), b)),
            amount: self.number(row, i, "amount")?,
            expected_close_at: self.time(row, i, "expectedCloseAt")?,
            owner: self.text(row, "owner"),
            forecast_category: self.text(row, "forecastCategory"),
        };
        if let Some(field) = self.text(row, "field") {
            let value = self.text(row, "newValue");
            let key = crate::ingest::csv::plan::loose(field.as_str());
            match key.as_str() {
                "stagename" | "stage" => entry.stage = value.map(|s| self.stage(s, deal.as_str(), b)),
                "amount" => entry.amount = value.and_then(|v| self.plan.numbers.read(v.as_str()).ok().flatten()).map(Number),
                "closedate" => {
                    entry.expected_close_at = value.and_then(|v| super::dates::DateFormat::Iso.read(v.as_str(), self.plan.utc)).map(Time)
                }
                "owner" | "ownerid" => entry.owner = value,
                "forecastcategoryname" | "forecastcategory" => entry.forecast_category = value,
                _ => {
                    let message = format!("field history rows of {} are not read (only stage, amount, close date, owner, forecast category)", quote(field.as_str()));
                    b.warn("field_not_read", message, deal.as_str());
                    self.skipped += 1;
                    return Ok(false);
                }
            }
            let empty = entry.stage.is_none() && entry.amount.is_none() && entry.expected_close_at.is_none() && entry.owner.is_none() && entry.forecast_category.is_none();
            if empty {
                let message = format!("field history rows of {} whose new value is empty or unreadable are skipped", quote(field.as_str()));
                b.warn("skipped_row", message, deal.as_str());
                self.skipped += 1;
                return Ok(false);
            }
        }
        b.add_history_entry(deal.as_str(), &entry);
        self.history_rows += 1;
        Ok(true)
    }

    /// One user: its id and name (or first and last name).
    fn user(&mut self, row: &dyn Row, b: &mut StoreBuilder) -> bool {
        let full = || {
            let parts: Vec<String> = ["firstName", "lastName"].iter().filter_map(|f| self.text(row, f)).map(|t| t.as_str().to_string()).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        };
        match (self.text(row, "id"), self.text(row, "name").map(|t| t.as_str().to_string()).or_else(full)) {
            (Some(id), Some(name)) => {
                b.add_user(id.as_str(), &name);
                true
            }
            (id, _) => {
                let id = id.map_or_else(|| format!("{}[?]", self.place), |t| t.as_str().to_string());
                b.warn("skipped_row", "users without an id or a name are skipped", &id);
                self.skipped += 1;
                false
            }
        }
    }

    /// One account: its region and attributes, for its deals.
    fn account(&mut self, row: &dyn Row, b: &mut StoreBuilder) -> bool {
        let Some(id) = self.text(row, "id") else {
            b.warn("skipped_row", "accounts without an id are skipped", self.place);
            self.skipped += 1;
            return false;
        };
        let attributes: Vec<(&str, Text<'_>)> = self
            .plan
            .attributes
            .iter()
            .filter_map(|(name, col)| row.cell(col).map(str::trim).filter(|v| !v.is_empty()).map(|v| (name.as_str(), Text(Cow::Borrowed(v)))))
            .collect();
        b.add_account(id.as_str(), self.text(row, "region").as_ref().map(|t| t.as_str()), &attributes);
        true
    }

    fn lead<'s>(&self, row: &'s dyn Row, i: usize, b: &mut StoreBuilder) -> Result<model::Lead<'s>, InputError> {
        let converted_at = self.time(row, i, "convertedAt")?;
        if self.flag(row, i, "converted")? == Some(true) && converted_at.is_none() {
            let id = self.record_id(row, i);
            b.warn("converted_without_date", "leads marked converted without a conversion date count as not converted", &id);
        }
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
            converted_at,
            updated_at: self.time(row, i, "updatedAt")?,
            deal_id: self.text(row, "dealId"),
            attributes: self.attributes(row),
        })
    }

    fn activity<'s>(&self, row: &'s dyn Row, i: usize) -> Result<model::Activity<'s>, InputError> {
        // Salesforce's WhatId / WhoId: the id's key prefix says what it points at.
        let related = self.text(row, "relatedId");
        let prefixed = |prefix: &str| related.clone().filter(|t| t.as_str().starts_with(prefix));
        Ok(model::Activity {
            id: self.text(row, "id"),
            kind: self.text(row, "type").map(activity_type),
            at: self.time(row, i, "at")?,
            owner: self.text(row, "owner"),
            direction: self.text(row, "direction"),
            outcome: self.text(row, "outcome"),
            deal_id: self.text(row, "dealId").or_else(|| prefixed("006")),
            // WhoId (read as contactId) holds a lead's id (00Q) or a contact's (003).
            lead_id: self.text(row, "leadId").or_else(|| prefixed("00Q")).or_else(|| self.text(row, "contactId").filter(|t| t.as_str().starts_with("00Q"))),
            contact_id: self.text(row, "contactId").filter(|t| !t.as_str().starts_with("00Q")).or_else(|| prefixed("003")),
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

/// An activity type as CRMs write it, in canonical words where one fits (Salesforce's
/// `TaskSubtype` `Call`, `ListEmail`, `Cadence`; `EventSubtype` `Event`).
fn activity_type(raw: Text<'_>) -> Text<'_> {
    let key: String = raw.as_str().trim().to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let canonical = match key.as_str() {
        "call" | "calls" | "phonecall" | "logacall" => "call",
        "email" | "emails" | "listemail" | "sendemail" => "email",
        "meeting" | "meetings" | "event" | "events" => "meeting",
        "cadence" | "sequencestep" | "sequence" => "sequence_step",
        "linkedin" => "linkedin",
        _ => return raw,
    };
    Text(Cow::Borrowed(canonical))
}

/// The name of an Odoo many2one value written `id,name`; `None` when `value` is not so written.
fn odoo_name(value: &str) -> Option<&str> {
    let (id, name) = value.split_once(',')?;
    let name = name.trim();
    let named = name.chars().next().is_some_and(|c| !c.is_ascii_digit());
    (!id.trim().is_empty() && id.trim().bytes().all(|b| b.is_ascii_digit()) && named).then_some(name)
}
