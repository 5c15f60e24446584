//! Resolves everything that needs the settings: time zone, stage kinds, deal status and close
//! time, currency conversion, enrichment joins, and the dataset's "now".

use super::{
    builder::STATUS_FROM_STAGE, kind_from_id, names_a_close, writers_of, DealRow, IdIndex, ResolvedSettings, StageRow, Status, Store,
    StoreBuilder, Sym, NO_SYM, NO_TIME,
};
use super::memo::Memo;
use crate::business_hours::BusinessHours;
use crate::retail_calendar::RetailCalendar;
use crate::calendar::{parse_time_zone, parse_week_start, Calendar, Zone};
use crate::error::{InputError, Warnings};
use crate::model::FxRate;
use crate::time::DAY_MS;
use rustc_hash::FxHashMap as HashMap;

impl StoreBuilder {
    /// Resolves the rows into a queryable [`Store`].
    pub fn finish(mut self) -> Result<Store, InputError> {
        self.merge_duplicates();
        self.join_sources();
        self.settle_epochs()?;
        let settings = self.resolve_settings()?;
        let zone = settings.calendar.zone.clone();
        self.resolve_local_times(&zone);
        self.screen_amounts();
        let stages = self.ordered_stages();
        let fx = self.fx_table(&zone);
        let bool_syms = [self.strings.intern("false"), self.strings.intern("true")];
        self.strings.shrink_to_fit();
        let mut store = Store {
            strings: std::mem::take(&mut self.strings),
            settings,
            stages_declared: self.stages_declared,
            stages,
            fx,
            deals: exact(&mut self.deals),
            history: exact(&mut self.history),
            history_details: exact(&mut self.history_details),
            history_amounts: exact(&mut self.history_amounts),
            attributes: exact(&mut self.attributes),
            leads: exact(&mut self.leads),
            activities: exact(&mut self.activities),
            contacts: exact(&mut self.contacts),
            quotas: exact(&mut self.quotas),
            forecasts: exact(&mut self.forecasts),
            deal_by_id: IdIndex::default(),
            lead_by_id: IdIndex::default(),
            contact_by_id: IdIndex::default(),
            warnings: Vec::new(),
            trail: Default::default(),
            bool_syms,
            created_index: std::sync::OnceLock::new(),
            memo: Memo::default(),
        };
        let mut warnings = std::mem::take(&mut self.warnings);
        index_ids(&mut store);
        resolve_deals(&mut store, &mut warnings);
        convert_targets(&mut store, &self.target_currencies, &mut warnings);
        tied_forecasts(&store, &mut warnings);
        join_enrichment(&mut store);
        if self.settings.as_of.is_none() {
            store.settings.as_of = latest_instant(&store);
        }
        store.warnings = warnings.into_vec();
        let (merged, target_currencies) = (std::mem::take(&mut self.merged), std::mem::take(&mut self.target_currencies));
        store.trail = std::sync::Arc::new(super::IngestTrail { merged, target_currencies });
        Ok(store)
    }

    fn resolve_settings(&self) -> Result<ResolvedSettings, InputError> {
        let s = &self.settings;
        let zone = match &s.time_zone {
            Some(tz) => parse_time_zone(tz).map_err(|m| InputError::new("unsupported_time_zone", "settings.timeZone", m))?,
            None => Zone::default(),
        };
        let week_start = match &s.week_start {
            Some(w) => parse_week_start(w).ok_or_else(|| {
                InputError::new("invalid_setting", "settings.weekStart", format!("expected a day name such as \"monday\", got \"{w}\""))
            })?,
            None => 0,
        };
        let fiscal_year_start_month = s.fiscal_year_start_month.unwrap_or(1);
        if !(1..=12).contains(&fiscal_year_start_month) {
            return Err(InputError::new(
                "invalid_setting",
                "settings.fiscalYearStartMonth",
                format!("expected a month number 1-12, got {fiscal_year_start_month}"),
            ));
        }
        if let Some(days) = s.stalled_after_days.filter(|d| d.0 < 0.0) {
            let message = format!("expected a number of days of 0 or more (or null), got {}", days.0);
            return Err(InputError::new("invalid_setting", "settings.stalledAfterDays", message));
        }
        let retail = match &s.fiscal_calendar {
            Some(raw) => Some(RetailCalendar::parse(raw).map_err(|(path, message)| InputError::new("invalid_setting", path, message))?),
            None => None,
        };
        let business_hours = match &s.business_hours {
            Some(raw) => Some(BusinessHours::parse(raw).map_err(|(path, message)| InputError::new("invalid_setting", path, message))?),
            None => None,
        };
        Ok(ResolvedSettings {
            currency: s.currency.clone().unwrap_or_else(|| self.only_currency().unwrap_or("USD").to_string()),
            as_of: s.as_of.map_or(NO_TIME, |t| t.0.resolve_in(&zone)),
            calendar: Calendar { zone, week_start, fiscal_year_start_month, retail },
            stalled_after_days: s.stalled_after_days.map(|n| n.0),
            business_hours,
        })
    }

    /// The base currency when no setting names one: the deals' currency when they all name the
    /// same and no `fx` rates are given (a file of euro deals reads in euros, where a USD default
    /// would leave every amount out for want of a rate); `None` for USD. Rates given are rates
    /// to the default base, so they keep it.
    fn only_currency(&self) -> Option<&str> {
        if !self.fx.0.is_empty() {
            return None;
        }
        // `$` and `¥` name no one currency: they follow the base, they do not set it.
        let mut named = self.deals.iter().map(|d| d.currency).filter(|&c| c != NO_SYM && writers_of(self.strings.resolve(c)).is_none());
        let first = named.next()?;
        let code = self.strings.resolve(first);
        // Codes in any case are one currency, as [`conversion`] compares them with the base.
        named.all(|c| c == first || self.strings.resolve(c).eq_ignore_ascii_case(code)).then_some(code)
    }

    /// Times written without an offset are wall-clock times in the dataset time zone, read with
    /// the offset in force on their date ([`Zone::local_to_utc`]).
    fn resolve_local_times(&mut self, zone: &Zone) {
        if *zone == Zone::fixed(0) {
            return;
        }
        let fix = |value: &mut i64, mask: u8, bit: u8| {
            if mask & bit != 0 && *value != NO_TIME {
                *value = zone.local_to_utc(*value);
            }
        };
        for d in &mut self.deals {
            fix(&mut d.created, d.local_mask, 1);
            fix(&mut d.expected_close, d.local_mask, 2);
            fix(&mut d.closed_field, d.local_mask, 4);
        }
        for h in &mut self.history {
            let mask = h.mask();
            fix(&mut h.at, mask, 1);
            if let Some(detail) = h.detail_index().and_then(|i| self.history_details.get_mut(i)) {
                fix(&mut detail.expected_close, mask, 2);
            }
        }
        for l in &mut self.leads {
            fix(&mut l.created, l.local_mask, 1);
            fix(&mut l.qualified, l.local_mask, 2);
            fix(&mut l.converted, l.local_mask, 4);
        }
        for a in &mut self.activities {
            fix(&mut a.at, a.local_mask, 1);
        }
        for t in self.quotas.iter_mut().chain(self.forecasts.iter_mut()) {
            fix(&mut t.start, t.local_mask, 1);
            fix(&mut t.end, t.local_mask, 2);
            fix(&mut t.submitted, t.local_mask, 4);
        }
    }

    /// Declared stages in pipeline order: open stages by `order`, then won, then lost.
    fn ordered_stages(&self) -> Vec<StageRow> {
        let mut stages: Vec<StageRow> = self
            .stages
            .iter()
            .map(|&(id, label, order, probability, kind)| StageRow {
                id,
                label,
                order,
                probability,
                kind: kind.unwrap_or_else(|| kind_from_id(self.strings.resolve(id))),
            })
            .collect();
        let rank = |k: Status| match k {
            Status::Open => 0,
            Status::Won => 1,
            Status::Lost => 2,
        };
        crate::sort::sort_by(&mut stages, |a, b| rank(a.kind).cmp(&rank(b.kind)).then(a.order.total_cmp(&b.order)));
        stages
    }

    fn fx_table(&mut self, zone: &Zone) -> HashMap<Sym, Vec<(i64, f64)>> {
        let mut table = HashMap::default();
        for (code, rate) in &self.fx.0 {
            let rates = match rate {
                FxRate::Fixed(r) => vec![(i64::MIN, *r)],
                FxRate::Dated(list) => {
                    let mut v: Vec<(i64, f64)> = list.iter().map(|r| (r.from.0.resolve_in(zone), r.rate)).collect();
                    crate::sort::sort_by_key(&mut v, |r| r.0);
                    v
                }
            };
            table.insert(self.strings.intern(code), rates);
        }
        table
    }
}

/// A row vector without the spare capacity its growth left (up to half of it): given back before
/// the queries allocate, shrinking in place without a copy.
fn exact<T>(rows: &mut Vec<T>) -> Vec<T> {
    let mut rows = std::mem::take(rows);
    rows.shrink_to_fit();
    rows
}

fn index_ids(store: &mut Store) {
    store.deal_by_id = IdIndex::of(store.deals.iter().map(|d| d.id));
    store.lead_by_id = IdIndex::of(store.leads.iter().map(|l| l.id));
    store.contact_by_id = IdIndex::of(store.contacts.iter().map(|c| c.id));
}

/// The rate in force at `at` (the first rate before any dated entry begins).
pub fn rate_at(rates: &[(i64, f64)], at: i64) -> f64 {
    rates.iter().rev().find(|r| r.0 <= at).or(rates.first()).map_or(f64::NAN, |r| r.1)
}

/// Units of base currency per unit of `currency` at `at`; None when the currency has no rate.
pub(crate) fn conversion(store: &Store, currency: Sym, at: i64) -> Option<f64> {
    let code = store.strings.resolve(currency);
    let base = &store.settings.currency;
    let writes = |codes: &[&str]| codes.iter().any(|c| c.eq_ignore_ascii_case(base));
    if currency == NO_SYM || code.eq_ignore_ascii_case(base) || writers_of(code).is_some_and(writes) {
        return Some(1.0);
    }
    store.fx.get(&currency).map(|rates| if at == NO_TIME { rates.last().map_or(f64::NAN, |r| r.1) } else { rate_at(rates, at) })
}

fn resolve_deals(store: &mut Store, warnings: &mut Warnings) {
    let mut deals = std::mem::take(&mut store.deals);
    let mut named_closed = Vec::new();
    for deal in &mut deals {
        resolve_deal(store, deal, &mut named_closed, warnings);
    }
    store.deals = deals;
}

/// Status, close time and base-currency amount of one deal. Not inlined into the loop, so that
/// V8 optimizes it during a first load (see the `builder` module's doc).
#[inline(never)]
fn resolve_deal(store: &Store, deal: &mut DealRow, named_closed: &mut Vec<(Sym, bool)>, warnings: &mut Warnings) {
    resolve_status(store, deal, named_closed, warnings);
    drop_lost_reason_unless_lost(store, deal, warnings);
    resolve_close(store, deal, warnings);
    if deal.amount_original.is_nan() {
        return;
    }
    match conversion(store, deal.currency, deal.closed) {
        Some(rate) => deal.amount = deal.amount_original * rate,
        None => {
            let code = store.strings.resolve(deal.currency);
            let message = if writers_of(code).is_some() {
                format!("amounts written with {code} are not in the base currency {}: give their currency (a currency column, the mapping's currency or settings.currency): deals left out of amount-based figures (counts keep them)", store.settings.currency)
            } else {
                format!("currency {code} has no rate in fx: deals left out of amount-based figures (counts keep them)")
            };
            warnings.add("currency_without_rate", message, store.strings.resolve(deal.id));
        }
    }
}

/// `named_closed` memoises, per stage, whether its name says closed (see [`warn_named_closed`]):
/// a list, as a pipeline has a few stages.
fn resolve_status(store: &Store, deal: &mut DealRow, named_closed: &mut Vec<(Sym, bool)>, warnings: &mut Warnings) {
    let id = store.strings.resolve(deal.id);
    if store.stages_declared && deal.stage != NO_SYM && store.stage_position(deal.stage).is_none() {
        // Said as it is: the funnel has no place for the stage, and the status comes from the
        // deal's own status fields when it has them (a Salesforce export's IsWon/IsClosed).
        let message = if deal.local_mask & STATUS_FROM_STAGE != 0 {
            "stage not among the declared stages: left out of the funnel and stage conversion; status inferred from the stage id"
        } else {
            "stage not among the declared stages: left out of the funnel and stage conversion; status read from the deal's status fields"
        };
        warnings.add("unknown_stage", message, id);
    }
    let history = store.deal_history(deal);
    let mut was_closed = false;
    for h in history.iter().filter(|h| h.stage != NO_SYM) {
        let (kind, listed) = store.stage_kind_listed(h.stage);
        deal.history_unknown_stage |= !listed;
        deal.reopened |= was_closed && kind == Status::Open;
        was_closed = kind != Status::Open;
    }
    if deal.local_mask & STATUS_FROM_STAGE != 0 {
        let last_stage = history.iter().rev().find(|h| h.stage != NO_SYM).map(|h| h.stage);
        let stage = if deal.stage != NO_SYM { deal.stage } else { last_stage.unwrap_or(NO_SYM) };
        let (kind, listed) = if stage == NO_SYM { (Status::Open, true) } else { store.stage_kind_listed(stage) };
        deal.status = kind;
        if kind == Status::Open && !listed {
            warn_named_closed(store, stage, id, named_closed, warnings);
        }
    } else if deal.stage != NO_SYM {
        // A closed stage (declared so, or spelled won/lost) says how the deal ended: a declared
        // status saying otherwise is kept, and reported. An open stage says nothing against a
        // closed status (stages are often left as they were when a deal is closed).
        let kind = store.stage_kind(deal.stage);
        if kind != Status::Open && kind != deal.status {
            let message = format!("status {} contradicts the stage's kind {}: the status is used", word(deal.status), word(kind));
            warnings.add("status_contradicts_stage", message, id);
        }
    }
}

/// A deal read as open from a stage not in the stage list whose name says closed (`Won -
/// Signed`, `Closed Lost - No Budget`): without a declared kind only `won`, `lost`, `closed won`
/// and `closed lost` read as closed (the spec's rule), so such deals would count as open pipeline,
/// not as wins or losses, without a word. Warned per stage; the read flags put it at the top of
/// the page. A stage declared open is the user's word, and its caller does not ask.
fn warn_named_closed(store: &Store, stage: Sym, id: &str, named_closed: &mut Vec<(Sym, bool)>, warnings: &mut Warnings) {
    let label = store.strings.resolve(stage);
    let named = match named_closed.iter().find(|m| m.0 == stage) {
        Some(m) => m.1,
        None => {
            let named = names_a_close(label);
            named_closed.push((stage, named));
            named
        }
    };
    if named {
        warnings.add("stage_read_open", [NAMED_CLOSED.0, label, NAMED_CLOSED.1].concat(), id);
    }
}

/// The `stage_read_open` warning's message around its stage: written here, read back by the read
/// flags ([`stage_named_closed`]), so the two cannot drift apart.
const NAMED_CLOSED: (&str, &str) = ("stage \"", "\" is read as open though its name says closed");

/// The stage a `stage_read_open` warning's message names, whatever it holds (quotes included).
pub(crate) fn stage_named_closed(message: &str) -> &str {
    message.strip_prefix(NAMED_CLOSED.0).and_then(|m| m.strip_suffix(NAMED_CLOSED.1)).unwrap_or(message)
}

/// A lost reason belongs to a lost deal: on a won or open one (a reopened deal whose CRM kept
/// the old reason, a reason typed on the wrong record) it would count a loss that did not happen,
/// so it is dropped and counted.
fn drop_lost_reason_unless_lost(store: &Store, deal: &mut DealRow, warnings: &mut Warnings) {
    if deal.lost_reason == NO_SYM || deal.status == Status::Lost {
        return;
    }
    let message = "lostReason on a won or open deal: ignored (only lost deals have a lost reason)";
    warnings.add("lost_reason_not_lost", message, store.strings.resolve(deal.id));
    deal.lost_reason = NO_SYM;
}

fn word(status: Status) -> &'static str {
    match status {
        Status::Open => "open",
        Status::Won => "won",
        Status::Lost => "lost",
    }
}

/// Close time: the history entry that moved the deal into its final closed stage, else `closedAt`.
fn resolve_close(store: &Store, deal: &mut DealRow, warnings: &mut Warnings) {
    if deal.status == Status::Open {
        return;
    }
    let id = store.strings.resolve(deal.id);
    let staged = || store.deal_history(deal).iter().filter(|h| h.stage != NO_SYM);
    let from_history = match staged().next_back() {
        // Walk back over repeated entries of the same final stage to the move into it.
        Some(last) if store.stage_kind(last.stage) != Status::Open => {
            staged().rev().take_while(|h| h.stage == last.stage).last().map_or(NO_TIME, |h| h.at)
        }
        _ => NO_TIME,
    };
    deal.closed = if from_history != NO_TIME { from_history } else { deal.closed_field };
    if from_history != NO_TIME && deal.closed_field != NO_TIME && (from_history - deal.closed_field).abs() > DAY_MS {
        warnings.add("close_date_mismatch", "closedAt differs from the history's close by more than a day: history used", id);
    }
    if deal.closed == NO_TIME {
        let message = "closed deal without close date or closing history: left out of time-based indicators";
        warnings.add("closed_without_date", message, id);
    }
}

fn convert_targets(store: &mut Store, currencies: &(Vec<Sym>, Vec<Sym>), warnings: &mut Warnings) {
    let mut quotas = std::mem::take(&mut store.quotas);
    let mut forecasts = std::mem::take(&mut store.forecasts);
    convert_rows(store, &mut quotas, &currencies.0, "quotas", warnings);
    convert_rows(store, &mut forecasts, &currencies.1, "forecasts", warnings);
    store.quotas = quotas;
    store.forecasts = forecasts;
}

fn convert_rows(store: &Store, rows: &mut [super::PeriodAmountRow], codes: &[Sym], what: &str, warnings: &mut Warnings) {
    for (i, (row, &code)) in rows.iter_mut().zip(codes).enumerate() {
        match conversion(store, code, row.start) {
            Some(rate) => row.amount *= rate,
            None => {
                row.amount = f64::NAN;
                let message = format!("currency {} has no rate in fx: {what} left out", store.strings.resolve(code));
                warnings.add("currency_without_rate", message, &format!("{what}[{i}]"));
            }
        }
    }
}

/// `forecast_tie`: two forecasts for one period (owner, team, start, end) submitted at the same
/// instant (or both without `submittedAt`, which counts as the period start) with different
/// amounts. forecast_accuracy then uses the later row (src/indicators/forecast.rs): a choice the
/// file's order makes, so it is said. One warning per row that loses a tie, named by position.
fn tied_forecasts(store: &Store, warnings: &mut Warnings) {
    let rows = &store.forecasts;
    let at = |t: &super::PeriodAmountRow| (t.period(), t.submitted_at());
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    crate::sort::sort_by_key(&mut order, |&i| rows.get(i as usize).map(at));
    for pair in order.windows(2) {
        let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) else { continue };
        let (Some(x), Some(y)) = (rows.get(a as usize), rows.get(b as usize)) else { continue };
        if at(x) == at(y) && x.amount.to_bits() != y.amount.to_bits() {
            let message = "forecasts for one period submitted at the same instant with different amounts: the later row is used; give each submission its own submittedAt";
            warnings.add("forecast_tie", message, &format!("forecasts[{a}]"));
        }
    }
}

fn join_enrichment(store: &mut Store) {
    let matched = |store: &Store, contact: Sym| store.contact_by_id.get(&contact).map(|&i| store.contact(i).matched);
    let deals: Vec<Option<bool>> = store.deals.iter().map(|d| matched(store, d.contact)).collect();
    for (d, e) in store.deals.iter_mut().zip(deals) {
        d.enriched = e;
    }
    let leads: Vec<Option<bool>> = store.leads.iter().map(|l| matched(store, l.contact)).collect();
    for (l, e) in store.leads.iter_mut().zip(leads) {
        l.enriched = e;
    }
}

/// The latest timestamp in the data, used as "now" when `settings.asOf` is absent. Leads'
/// qualification and conversion dates count only when nothing else is dated (an export of leads
/// without CreatedDate, as the Power BI dev org's Lead.csv): a real date rather than 1970.
fn latest_instant(store: &Store) -> i64 {
    let deals = store.deals.iter().flat_map(|d| [d.created, d.closed]);
    let others = store.leads.iter().map(|l| l.created).chain(store.activities.iter().map(|a| a.at));
    let history = store.history.iter().map(|h| h.at);
    let latest = deals.chain(others).chain(history).filter(|&t| t != NO_TIME).max();
    let leads = || store.leads.iter().flat_map(|l| [l.qualified, l.converted]).filter(|&t| t != NO_TIME).max();
    latest.or_else(leads).map_or(0, |t| t + 1)
}
