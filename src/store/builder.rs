//! Turns model records into store rows as they are read, one record at a time.
//!
//! The per-record methods are `#[inline(never)]` on purpose. V8 first compiles Wasm with a
//! baseline compiler and moves a function to optimized code only on a *later call* (there is no
//! on-stack replacement): inlined into the reader's loop, which runs once per document, this work
//! would stay in baseline code for the whole of a first load.

use super::{
    ActivityRow, ActivityType, Collection, ContactRow, DealRow, HistoryDetail, HistoryRow, Interner, LeadRow, Status, Sym, PeriodAmountRow, NO_SYM,
    NO_TIME,
};
use super::epochs::{EpochField, EpochFields, EPOCH_SHIFT};
use crate::error::Warnings;
use crate::model::{self, Attributes, Number, Text, Time};
use crate::text::trim;
use crate::time::DAY_MS;
use std::collections::TryReserveError;

/// Accumulates rows while the input is read; [`StoreBuilder::finish`] resolves what needs the
/// settings (time zone, stage kinds, fx), which may appear after the records.
#[derive(Default)]
pub struct StoreBuilder {
    pub(super) strings: Interner,
    pub(super) settings: model::Settings,
    pub(super) fx: model::Fx,
    pub(super) stages: Vec<(Sym, Sym, f64, f64, Option<Status>)>,
    pub(super) stages_declared: bool,
    pub(super) deals: Vec<DealRow>,
    pub(super) history: Vec<HistoryRow>,
    pub(super) history_details: Vec<HistoryDetail>,
    pub(super) history_amounts: Vec<f64>,
    pub(super) attributes: Vec<(Sym, Sym)>,
    pub(super) leads: Vec<LeadRow>,
    pub(super) activities: Vec<ActivityRow>,
    pub(super) contacts: Vec<ContactRow>,
    pub(super) quotas: Vec<PeriodAmountRow>,
    pub(super) forecasts: Vec<PeriodAmountRow>,
    /// Currencies of quotas and forecasts, parallel to them, converted once fx is known.
    pub(super) target_currencies: (Vec<Sym>, Vec<Sym>),
    pub(super) warnings: Warnings,
    /// The source being read (its name, quoted) and the source each setting came from.
    pub(super) source: Option<String>,
    pub(super) settings_from: SettingsFrom,
    /// Whether some source gave `fx` (even empty): a later one replaces it ([`Self::set_fx`]).
    pub(super) fx_given: bool,
    /// Epoch numbers per time field, whose unit `finish` settles.
    pub(super) epochs: EpochFields,
    /// How far the input has been read, for sizing the row vectors ([`grow`]).
    input: InputSize,
    /// Records from files of their own, joined in `finish` ([`super::joins`]).
    pub(super) pending: super::joins::Pending,
    /// `updatedAt` of the deals and of the leads that have one, as (position, ms): few exports
    /// carry it, so it is kept aside rather than in every row ([`super::dedup`]).
    pub(super) updated: (super::dedup::Modified, super::dedup::Modified),
    /// Ids made up for records without one (`deals[3]`), which are never merged.
    pub(super) stand_ins: rustc_hash::FxHashSet<Sym>,
    /// The copies dropped by [`super::dedup`], for the `duplicate_ids` health check.
    pub(super) merged: super::dedup::Merged,
}

/// The input's total size when known (a file's, a `Uint8Array`'s) and the bytes read so far.
#[derive(Debug, Clone, Copy, Default)]
pub struct InputSize {
    /// Total bytes, when known in advance.
    pub total: Option<u64>,
    /// Bytes read up to the current record.
    pub read: u64,
}

/// Input read before the rows per byte so far are trusted to project the whole input's rows.
const PROJECT_AFTER: u64 = 1 << 20;

/// Makes room for `extra` more rows. Without a known input size the vector doubles, as `Vec`
/// does. With one, once [`PROJECT_AFTER`] bytes are read (or a sixteenth of a smaller input), it
/// grows at once to the rows projected for the whole input from the rows per byte so far (plus
/// 5%): one early move of a small vector instead of a doubling at every power of two, whose last
/// copy held the old half and the new whole alive at once (Wasm memory keeps that high-water mark:
/// measured natively on deals-1m, peak 1.07x the input against 0.78x live after the read). A
/// projection is trusted up to half the input still unread (a collection that ends early, before
/// others, must not reserve for the whole file); past that, or before it is trusted, the vector
/// doubles (within the projection).
fn grow<T>(rows: &mut Vec<T>, extra: usize, input: InputSize) -> Result<(), TryReserveError> {
    if rows.capacity() - rows.len() >= extra {
        return Ok(());
    }
    let target = target_capacity(rows.len(), rows.capacity(), extra, std::mem::size_of::<T>(), input);
    rows.try_reserve_exact(target - rows.len())
}

/// The capacity [`grow`] gives a vector of `len` items of `size` bytes (of `capacity` now) that
/// needs room for `extra` more.
fn target_capacity(len: usize, capacity: usize, extra: usize, size: usize, input: InputSize) -> usize {
    let needed = len.saturating_add(extra);
    let doubled = capacity.saturating_mul(2).max(needed).max(4);
    let target = match input.total {
        Some(total) if input.read > 0 => {
            let rows_at_end = needed as u128 * u128::from(total) / u128::from(input.read);
            let projected = usize::try_from(rows_at_end + rows_at_end / 20).unwrap_or(usize::MAX);
            let unread = total.saturating_sub(input.read) as u128;
            let trusted = input.read >= PROJECT_AFTER.min(total / 16)
                && (projected.saturating_sub(len) as u128).saturating_mul(size as u128) <= unread / 2;
            if trusted { projected } else { projected.min(doubled) }
        }
        _ => doubled,
    };
    target.max(needed)
}

/// Room kept free in the interner's text before each record (its strings are shorter; a longer
/// one grows the text as a `String` does).
const TEXT_ROOM: usize = 4 << 10;

/// Symbols kept room for before each record (a deal has at most 17 fields read as symbols, plus
/// its history's and attributes'; more grow the table as it always did).
const SYMBOL_ROOM: usize = 32;

/// Reads an optional time, setting `bit` in `mask` when it still needs the time zone, and
/// `bit << EPOCH_SHIFT` when it is an epoch number whose unit its field settles (counted in
/// `epochs`; `record` names the record for an example).
fn time(value: Option<Time>, mask: &mut u8, bit: u8, epochs: &mut EpochFields, field: EpochField, record: &dyn Fn() -> String) -> i64 {
    match value {
        Some(Time(raw)) => {
            if raw.local {
                *mask |= bit;
            }
            if raw.epoch {
                *mask |= bit << EPOCH_SHIFT;
                epochs.note(field, raw.ms, record);
            }
            raw.ms
        }
        None => NO_TIME,
    }
}

fn number(value: Option<Number>) -> f64 {
    value.map_or(f64::NAN, |n| n.0)
}

impl StoreBuilder {
    /// A builder with nothing read yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn sym(&mut self, text: &Option<Text<'_>>) -> Sym {
        match text.as_ref().map(|t| trim(t.as_str())) {
            Some(t) if !t.is_empty() => self.strings.intern(t),
            _ => NO_SYM,
        }
    }

    /// The record's id, or a stand-in naming its position when the id is missing.
    fn id(&mut self, text: &Option<Text<'_>>, collection: &str, index: usize) -> Sym {
        let sym = self.sym(text);
        if sym != NO_SYM {
            return sym;
        }
        let stand_in = format!("{collection}[{index}]");
        self.warnings.add("missing_id", format!("{collection} without an id are named by position"), &stand_in);
        let sym = self.strings.intern(&stand_in);
        self.stand_ins.insert(sym);
        sym
    }

    fn attributes(&mut self, attrs: &Option<Attributes<'_>>) -> std::ops::Range<u32> {
        let start = self.attributes.len() as u32;
        if let Some(Attributes(pairs)) = attrs {
            for (name, value) in pairs {
                let pair = (self.strings.intern(name), self.strings.intern(value.as_str()));
                self.attributes.push(pair);
            }
        }
        start..self.attributes.len() as u32
    }

    /// Reads `settings`. Several files may each carry settings: they merge field by field, and a
    /// field given different values by two files is refused (`(path, message)` naming both
    /// files) rather than the last file silently winning.
    pub fn set_settings(&mut self, settings: model::Settings) -> Result<(), (String, String)> {
        let source = self.source.clone().unwrap_or_else(|| "the input".to_string());
        merge_settings(&mut self.settings, &mut self.settings_from, settings, &source)
    }

    /// Settings the user chose (the page's settings panel, `--settings`, a mapping's `settings`):
    /// each field given replaces what the files said, without a conflict. Applied once every file
    /// is read, so that a file read later cannot conflict with them either.
    pub fn override_settings(&mut self, settings: model::Settings) {
        self.settings.overlay(settings);
    }

    /// Names the source about to be read (`"deals.json"`, `source 2`), for messages that name two
    /// sources.
    pub fn set_source(&mut self, label: String) {
        self.source = Some(label);
    }

    /// Counts a warning found by a reader (e.g. a CSV stage label that the mapping does not know).
    pub fn warn(&mut self, code: &'static str, message: impl AsRef<str>, id: &str) {
        self.warnings.add(code, message, id);
    }

    /// Counts `count` occurrences of a warning at once (a source's missing values, say).
    pub fn warn_count(&mut self, code: &'static str, message: impl AsRef<str>, count: u64, id: &str) {
        self.warnings.add_count(code, message, count, id);
    }

    /// Reads `fx`.
    pub fn set_fx(&mut self, fx: model::Fx) {
        self.fx = fx;
        self.fx_given = true;
    }

    /// Reads `stages`. Several sources may declare stages (a settings JSON, a CSV mapping): the
    /// first declaration of an id wins.
    pub fn set_stages(&mut self, stages: Vec<model::Stage<'_>>) -> Result<(), String> {
        self.stages_declared = true;
        for (i, stage) in stages.iter().enumerate() {
            let id = self.strings.intern(stage.id.as_str());
            if self.stages.iter().any(|s| s.0 == id) {
                continue;
            }
            let label = self.sym(&stage.label);
            let kind = match stage.kind.as_ref().map(|k| k.as_str().to_ascii_lowercase()) {
                None => None,
                Some(k) if k == "open" => Some(Status::Open),
                Some(k) if k == "won" => Some(Status::Won),
                Some(k) if k == "lost" => Some(Status::Lost),
                Some(k) => return Err(format!("stages[{i}].kind: expected \"open\", \"won\" or \"lost\", got \"{k}\"")),
            };
            let order = stage.order.map_or(i as f64, |o| o.0);
            self.stages.push((id, label, order, number(stage.probability), kind));
        }
        Ok(())
    }

    /// Makes room for one more deal with its history and attributes, failing instead of
    /// aborting when memory runs out: the streaming reader calls it before [`Self::add_deal`], so
    /// that a dataset too big for Wasm memory ends in an `out_of_memory` error, not a trap.
    pub fn try_reserve_deal(&mut self, d: &model::Deal<'_>) -> Result<(), TryReserveError> {
        let input = self.input;
        self.reserve_strings(input)?;
        grow(&mut self.deals, 1, input)?;
        let history = d.history.as_deref().unwrap_or_default();
        grow(&mut self.history, history.len(), input)?;
        let detailed = history.iter().filter(|e| e.expected_close_at.is_some() || e.owner.is_some() || e.forecast_category.is_some());
        grow(&mut self.history_details, detailed.count(), input)?;
        grow(&mut self.history_amounts, history.iter().filter(|e| e.amount.is_some()).count(), input)?;
        grow(&mut self.attributes, d.attributes.as_ref().map_or(0, |a| a.0.len()), input)
    }

    /// Room in the interner for a record's strings, sized as the rows are ([`grow`]): its text,
    /// and its table for [`SYMBOL_ROOM`] more symbols (about 16 bytes each: a slot at most 3/4
    /// full, an end).
    fn reserve_strings(&mut self, input: InputSize) -> Result<(), TryReserveError> {
        self.strings.try_reserve_text(TEXT_ROOM, |len, capacity, extra| target_capacity(len, capacity, extra, 1, input))?;
        self.strings.try_reserve_symbols(SYMBOL_ROOM, |len, capacity, extra| target_capacity(len, capacity, extra, 16, input))
    }

    /// [`Self::try_reserve_deal`] for a lead.
    pub fn try_reserve_lead(&mut self, l: &model::Lead<'_>) -> Result<(), TryReserveError> {
        let input = self.input;
        self.reserve_strings(input)?;
        grow(&mut self.leads, 1, input)?;
        grow(&mut self.attributes, l.attributes.as_ref().map_or(0, |a| a.0.len()), input)
    }

    /// [`Self::try_reserve_deal`] for a row of `collection` without a history or attributes (an
    /// activity, contact, quota or forecast; a deal or lead reserves its row alone).
    pub fn try_reserve_row(&mut self, collection: Collection) -> Result<(), TryReserveError> {
        let input = self.input;
        self.reserve_strings(input)?;
        match collection {
            Collection::Deals => grow(&mut self.deals, 1, input),
            Collection::Leads => grow(&mut self.leads, 1, input),
            Collection::Activities => grow(&mut self.activities, 1, input),
            Collection::Contacts => grow(&mut self.contacts, 1, input),
            Collection::Quotas => self.quotas.try_reserve(1).and_then(|()| self.target_currencies.0.try_reserve(1)),
            Collection::Forecasts => self.forecasts.try_reserve(1).and_then(|()| self.target_currencies.1.try_reserve(1)),
        }
    }

    /// Tells the builder how far the input has been read (`total`: its whole size when known), so
    /// that the row vectors grow to the size the input projects (see `grow`).
    pub fn note_input(&mut self, input: InputSize) {
        self.input = input;
    }

    /// One history entry as a row, its detail (when it has one) added to `history_details`.
    pub(super) fn history_row(&mut self, entry: &model::HistoryEntry<'_>, record: &dyn Fn() -> String) -> HistoryRow {
        let mut mask = 0u8;
        let at = time(Some(entry.at), &mut mask, 1, &mut self.epochs, EpochField::HistoryAt, record);
        // Interned in the order the fields always were (symbols number strings by first sight).
        let stage = self.sym(&entry.stage);
        let detail = HistoryDetail {
            amount: number(entry.amount),
            expected_close: time(entry.expected_close_at, &mut mask, 2, &mut self.epochs, EpochField::HistoryExpectedClose, record),
            owner: self.sym(&entry.owner),
            forecast_category: self.sym(&entry.forecast_category),
        };
        if detail.is_blank() {
            return HistoryRow::new(at, stage, None, mask);
        }
        if detail.amount_only() {
            self.history_amounts.push(detail.amount);
            return HistoryRow::amount_only(at, stage, self.history_amounts.len() - 1, mask);
        }
        self.history_details.push(detail);
        HistoryRow::new(at, stage, Some(self.history_details.len() - 1), mask)
    }

    /// The warnings counted so far (a source reports those it added).
    pub fn warnings(&self) -> &[crate::error::Warning] {
        self.warnings.as_slice()
    }

    /// Reads one deal.
    #[inline(never)]
    pub fn add_deal(&mut self, d: model::Deal<'_>, index: usize) {
        let mut mask = 0u8;
        let history_start = self.history.len() as u32;
        let mut unordered = false;
        let mut last_at = i64::MIN;
        let record = || format!("deals[{index}]");
        let status = d.status.as_ref().and_then(|s| super::status_word(s.as_str()));
        for (j, entry) in d.history.iter().flatten().enumerate() {
            let entry_record = || format!("deals[{index}].history[{j}]");
            let row = self.history_row(entry, &entry_record);
            unordered |= row.at < last_at;
            last_at = row.at;
            self.history.push(row);
        }
        if unordered {
            // Stable sort keeps same-instant entries in input order.
            HistoryRow::sort_by_time(self.history.get_mut(history_start as usize..).unwrap_or_default());
        }
        let row = DealRow {
            id: self.id(&d.id, "deals", index),
            name: self.sym(&d.name),
            owner: self.sym(&d.owner),
            team: self.sym(&d.team),
            segment: self.sym(&d.segment),
            persona: self.sym(&d.persona),
            source: self.sym(&d.source),
            region: self.sym(&d.region),
            product: self.sym(&d.product),
            account: self.sym(&d.account_id),
            contact: self.sym(&d.contact_id),
            lead: self.sym(&d.lead_id),
            amount: f64::NAN,
            amount_original: number(d.amount),
            currency: self.sym(&d.currency),
            created: time(d.created_at, &mut mask, 1, &mut self.epochs, EpochField::DealCreated, &record),
            expected_close: time(d.expected_close_at, &mut mask, 2, &mut self.epochs, EpochField::DealExpectedClose, &record),
            closed: NO_TIME,
            closed_field: time(d.closed_at, &mut mask, 4, &mut self.epochs, EpochField::DealClosed, &record),
            stage: self.sym(&d.stage),
            // Decided from the stage in `finish` when absent or unrecognised.
            status: status.unwrap_or(Status::Open),
            forecast_category: self.sym(&d.forecast_category),
            lost_reason: self.sym(&d.lost_reason),
            reopened: false,
            history_unordered: unordered,
            history_unknown_stage: false,
            enriched: None,
            history: history_start..self.history.len() as u32,
            attributes: self.attributes(&d.attributes),
            local_mask: mask | if status.is_some() { 0 } else { STATUS_FROM_STAGE },
        };
        if let Some(ms) = super::dedup::modified_ms(d.updated_at) {
            self.updated.0.push((self.deals.len() as u32, ms));
        }
        if status.is_none() {
            if let Some(given) = d.status.as_ref().map(|s| trim(s.as_str())).filter(|s| !s.is_empty()) {
                self.unmapped_status(given, row.id);
            }
        }
        self.deals.push(row);
    }

    /// Counts a deal status that is not open, won or lost in any spelling (per value).
    #[cold]
    #[inline(never)]
    fn unmapped_status(&mut self, given: &str, id: Sym) {
        let message = format!("status value {} is not open, won or lost: status taken from the stage", crate::model::quote(given));
        self.warnings.add("unmapped_status", message, self.strings.resolve(id));
    }

    /// Reads one lead.
    #[inline(never)]
    pub fn add_lead(&mut self, l: model::Lead<'_>, index: usize) {
        let mut mask = 0u8;
        let record = || format!("leads[{index}]");
        let row = LeadRow {
            id: self.id(&l.id, "leads", index),
            created: time(l.created_at, &mut mask, 1, &mut self.epochs, EpochField::LeadCreated, &record),
            owner: self.sym(&l.owner),
            team: self.sym(&l.team),
            source: self.sym(&l.source),
            segment: self.sym(&l.segment),
            persona: self.sym(&l.persona),
            region: self.sym(&l.region),
            contact: self.sym(&l.contact_id),
            qualified: time(l.qualified_at, &mut mask, 2, &mut self.epochs, EpochField::LeadQualified, &record),
            converted: time(l.converted_at, &mut mask, 4, &mut self.epochs, EpochField::LeadConverted, &record),
            deal: self.sym(&l.deal_id),
            enriched: None,
            attributes: self.attributes(&l.attributes),
            local_mask: mask,
        };
        if let Some(ms) = super::dedup::modified_ms(l.updated_at) {
            self.updated.1.push((self.leads.len() as u32, ms));
        }
        self.leads.push(row);
    }

    /// Reads one activity.
    #[inline(never)]
    pub fn add_activity(&mut self, a: model::Activity<'_>, index: usize) {
        let mut mask = 0u8;
        let kind = match a.kind.as_ref().map(|k| k.as_str().to_ascii_lowercase()).as_deref() {
            Some("call") => ActivityType::Call,
            Some("email") => ActivityType::Email,
            Some("meeting") => ActivityType::Meeting,
            Some("sequence_step") => ActivityType::SequenceStep,
            Some("linkedin") => ActivityType::Linkedin,
            _ => ActivityType::Other,
        };
        let outbound = a.direction.as_ref().is_some_and(|d| d.as_str().eq_ignore_ascii_case("outbound"));
        let row = ActivityRow {
            id: self.id(&a.id, "activities", index),
            kind,
            at: time(a.at, &mut mask, 1, &mut self.epochs, EpochField::ActivityAt, &|| format!("activities[{index}]")),
            owner: self.sym(&a.owner),
            outbound,
            outcome: self.sym(&a.outcome),
            deal: self.sym(&a.deal_id),
            lead: self.sym(&a.lead_id),
            contact: self.sym(&a.contact_id),
            automated: a.automated.unwrap_or(false),
            local_mask: mask,
        };
        self.activities.push(row);
    }

    /// Reads one contact.
    #[inline(never)]
    pub fn add_contact(&mut self, c: model::Contact<'_>, index: usize) {
        let row = ContactRow {
            id: self.id(&c.id, "contacts", index),
            email_valid: super::well_formed_email(trimmed(&c.email)),
            phone_valid: super::plausible_phone(trimmed(&c.phone)),
            title: self.sym(&c.title),
            company: self.sym(&c.company),
            seniority: self.sym(&c.seniority),
            matched: c.enrichment.and_then(|e| e.matched).unwrap_or(false),
        };
        self.contacts.push(row);
    }

    /// Reads one quota (`forecast == false`) or forecast, at `index` in its array.
    pub fn add_period_amount(&mut self, t: model::PeriodAmount<'_>, forecast: bool, index: usize) {
        let mut mask = 0u8;
        let (collection, fields) = if forecast {
            ("forecasts", [EpochField::ForecastStart, EpochField::ForecastEnd, EpochField::ForecastSubmitted])
        } else {
            ("quotas", [EpochField::QuotaStart, EpochField::QuotaEnd, EpochField::QuotaSubmitted])
        };
        let record = || format!("{collection}[{index}]");
        let [start_field, end_field, submitted_field] = fields;
        // Quota and forecast ends are inclusive dates: store the exclusive end (next midnight).
        let end = time(t.end, &mut mask, 2, &mut self.epochs, end_field, &record);
        let row = PeriodAmountRow {
            owner: self.sym(&t.owner),
            team: self.sym(&t.team),
            start: time(t.start, &mut mask, 1, &mut self.epochs, start_field, &record),
            end: if end == NO_TIME { NO_TIME } else { end + DAY_MS },
            amount: number(t.amount),
            submitted: time(t.submitted_at, &mut mask, 4, &mut self.epochs, submitted_field, &record),
            local_mask: mask,
        };
        let currency = self.sym(&t.currency);
        if forecast {
            self.forecasts.push(row);
            self.target_currencies.1.push(currency);
        } else {
            self.quotas.push(row);
            self.target_currencies.0.push(currency);
        }
    }
}

/// The source each settings field came from, by the field's name: at most eight pairs, in a list
/// rather than a `BTreeMap` (whose code for this one pair of types was ~2 KB of Wasm).
pub(crate) type SettingsFrom = Vec<(&'static str, String)>;

/// Merges `settings` from `source` into `into` field by field (`from`: the source each field came
/// from); a field already given a different value is refused as `(path, message)` naming both.
pub(crate) fn merge_settings(
    into: &mut model::Settings,
    from: &mut SettingsFrom,
    settings: model::Settings,
    source: &str,
) -> Result<(), (String, String)> {
    let mut conflict = None;
    // Per field only the move of the value is typed: the lookup of the first source, the
    // comparison, the message and the record of the source are one shared, non-generic call
    // (written out in the macro they were repeated for each of the eight fields).
    macro_rules! merge {
        ($($field:ident: $name:literal),*) => {$(
            if let Some(value) = settings.$field {
                let old = into.$field.as_ref().map(|old| old as &dyn std::fmt::Debug);
                if keep(&mut conflict, from, $name, old, &value, source) {
                    into.$field = Some(value);
                }
            }
        )*};
    }
    /// Whether a field's new value is kept (and `source` recorded as where it came from): not
    /// when an earlier source gave the field another value, which is the (first) conflict.
    /// Compared as written (`Debug`): the settings types are plain data.
    #[inline(never)]
    fn keep(
        conflict: &mut Option<(String, String)>,
        from: &mut SettingsFrom,
        name: &'static str,
        old: Option<&dyn std::fmt::Debug>,
        value: &dyn std::fmt::Debug,
        source: &str,
    ) -> bool {
        let at = from.iter().position(|(field, _)| *field == name);
        if let (Some(old), Some((_, first)), None) = (old, at.and_then(|at| from.get(at)), &conflict) {
            if format!("{old:?}") != format!("{value:?}") {
                *conflict = Some((format!("settings.{name}"), format!("{old:?} in {first} and {value:?} in {source}: give it once, or the same value in every file")));
                return false;
            }
        }
        match at.and_then(|at| from.get_mut(at)) {
            Some((_, first)) => *first = source.to_string(),
            None => from.push((name, source.to_string())),
        }
        true
    }
    merge!(currency: "currency", fiscal_year_start_month: "fiscalYearStartMonth", week_start: "weekStart", time_zone: "timeZone",
        as_of: "asOf", stalled_after_days: "stalledAfterDays", business_hours: "businessHours", fiscal_calendar: "fiscalCalendar");
    conflict.map_or(Ok(()), Err)
}

/// The trimmed text of an optional field ("" when absent).
fn trimmed<'a>(text: &'a Option<Text<'_>>) -> &'a str {
    text.as_ref().map_or("", |t| trim(t.as_str()))
}

/// Deal `local_mask` bit: the status was not given and comes from the stage.
pub(super) const STATUS_FROM_STAGE: u8 = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_grow_to_the_projected_count_once_enough_is_read() {
        let mb = 1u64 << 20;
        let input = |read| InputSize { total: Some(100 * mb), read };
        // 1 row needed after 2 MB of 100: 50 at the end, + 5% (integer) = 52, trusted (2 MB read
        // >= 1 MB; 52 rows of 136 B are far below half the 98 MB unread).
        assert_eq!(target_capacity(0, 0, 1, 136, input(2 * mb)), 52);
        // After 0.5 MB the projection (200 + 10) is not trusted yet: the vector doubles (4 at first).
        assert_eq!(target_capacity(0, 0, 1, 136, input(mb / 2)), 4);
        assert_eq!(target_capacity(100, 100, 1, 136, input(mb / 2)), 200);
        // Rows so large that the projection would take more than half the unread input: doubling.
        assert_eq!(target_capacity(10, 10, 1, 10 << 20, input(2 * mb)), 20);
        // Without a known size: doubling.
        assert_eq!(target_capacity(10, 10, 1, 8, InputSize { total: None, read: mb }), 20);
        // Never less than needed.
        assert_eq!(target_capacity(10, 10, 100, 8, InputSize { total: None, read: mb }), 110);
    }
}
