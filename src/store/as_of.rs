//! As-of reconstruction: the dataset as the CRM showed it at an earlier instant.
//!
//! Deal rows hold today's values; the flat history holds the values after each change. The state
//! of a deal at instant `t` is read from the history entries strictly before `t` (`t` is an
//! exclusive bound, like a period's `to` and the dataset's derived `asOf`), field by field:
//!
//! - a field's value is that of its last history entry before `t`;
//! - when the field's first recorded change comes at or after `t`, the value before it is not in
//!   the data: the earliest recorded value is assumed (the known value closest in time; exact when
//!   the first history entry is written at creation with the initial values, as CRMs export it);
//! - a field the history never mentions keeps the deal's current value;
//! - a deal with nothing at or after `t` (created, closed and every change before `t`) is the
//!   current row unchanged, which is why as-of the dataset's `asOf` equals the plain store.
//!
//! Status and close follow the stage at `t`: a closed stage closes the deal at the entry that
//! moved it there; a deal closed only through `closedAt` (no closing history) is closed when that
//! date is before `t`; a closed deal without any close date stays closed (it is left out of
//! time-based indicators either way); otherwise the deal was open. Leads and activities after `t`
//! are dropped, lead qualification and conversion after `t` cleared, forecasts submitted after
//! `t` dropped, fx rates dated after `t` dropped (so "latest rate" means the latest known at `t`).

use super::finish::conversion;
use super::{DealRow, HistoryRow, IdIndex, Status, Store, Sym, NO_SYM, NO_TIME};

/// A deal's state at an instant, reconstructed from its history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DealState {
    /// The deal existed (created before the instant, or creation unknown).
    pub exists: bool,
    /// Stage id (NO_SYM when unknown).
    pub stage: Sym,
    /// Open, won or lost.
    pub status: Status,
    /// Close instant of a closed deal (NO_TIME when open or unknown).
    pub closed: i64,
    /// Amount in the deal's own currency (NaN when unknown).
    pub amount_original: f64,
    /// Expected close.
    pub expected_close: i64,
    /// Owner.
    pub owner: Sym,
    /// Forecast category.
    pub forecast_category: Sym,
    /// History went from a closed stage back to an open one before the instant.
    pub reopened: bool,
    /// Number of the deal's history entries before the instant.
    pub entries: usize,
}

/// Last value of a field before `cut`, else its earliest value after, else `current`.
fn field<T: Copy>(hist: &[HistoryRow], cut: usize, get: impl Fn(&HistoryRow) -> Option<T>, current: T) -> T {
    hist.iter().take(cut).rev().find_map(&get).or_else(|| hist.iter().skip(cut).find_map(&get)).unwrap_or(current)
}

/// The detail fields of a deal at an instant as its history gives them ([`Store::fields_at`]).
#[derive(Default)]
struct Fields {
    amount: Option<f64>,
    expected_close: Option<i64>,
    owner: Option<Sym>,
    forecast_category: Option<Sym>,
}

impl Fields {
    fn complete(&self) -> bool {
        self.amount.is_some() && self.expected_close.is_some() && self.owner.is_some() && self.forecast_category.is_some()
    }
}

fn some_sym(s: Sym) -> Option<Sym> {
    (s != NO_SYM).then_some(s)
}

impl Store {
    /// The state of `deal` just before instant `t` (history entries strictly before `t`).
    pub fn deal_state_at(&self, deal: &DealRow, t: i64) -> DealState {
        let hist = self.deal_history(deal);
        let cut = hist.partition_point(|h| h.at < t);
        let exists = deal.created == NO_TIME || deal.created < t;
        let closed_before = deal.closed == NO_TIME || deal.closed < t;
        if cut == hist.len() && exists && closed_before {
            return self.current_state(deal, cut);
        }
        let (stage, status, closed) = self.stage_at(deal, hist, cut, t);
        let mut reopened = false;
        let mut was_closed = false;
        for h in hist.iter().take(cut).filter(|h| h.stage != NO_SYM) {
            let kind = self.stage_kind(h.stage);
            reopened |= was_closed && kind == Status::Open;
            was_closed = kind != Status::Open;
        }
        let fields = self.fields_at(hist, cut);
        DealState {
            exists,
            stage,
            status,
            closed,
            amount_original: fields.amount.unwrap_or(deal.amount_original),
            expected_close: fields.expected_close.unwrap_or(deal.expected_close),
            owner: fields.owner.unwrap_or(deal.owner),
            forecast_category: fields.forecast_category.unwrap_or(deal.forecast_category),
            reopened,
            entries: cut,
        }
    }

    /// Each detail field's value at `cut`: its last value before `cut`, else its earliest after,
    /// else None (the deal's current value stands). One pass back from `cut` and, while a field is
    /// still unknown, one forward, reading each entry's detail once for all four fields.
    fn fields_at(&self, hist: &[HistoryRow], cut: usize) -> Fields {
        let mut out = Fields::default();
        let (before, after) = hist.split_at(cut.min(hist.len()));
        for h in before.iter().rev().chain(after) {
            if out.complete() {
                break;
            }
            let d = self.history_detail(h);
            out.amount = out.amount.or(Some(d.amount).filter(|a| !a.is_nan()));
            out.expected_close = out.expected_close.or(Some(d.expected_close).filter(|&t| t != NO_TIME));
            out.owner = out.owner.or(some_sym(d.owner));
            out.forecast_category = out.forecast_category.or(some_sym(d.forecast_category));
        }
        out
    }

    fn current_state(&self, d: &DealRow, entries: usize) -> DealState {
        DealState {
            exists: true,
            stage: d.stage,
            status: d.status,
            closed: d.closed,
            amount_original: d.amount_original,
            expected_close: d.expected_close,
            owner: d.owner,
            forecast_category: d.forecast_category,
            reopened: d.reopened,
            entries,
        }
    }

    /// Stage, status and close at `t` (see the module doc).
    fn stage_at(&self, deal: &DealRow, hist: &[HistoryRow], cut: usize, t: i64) -> (Sym, Status, i64) {
        // The entries that set a stage, latest first (an iterator, not a collected list: this runs
        // for every deal at every instant a flow or a snapshot asks about).
        let mut stages = hist.iter().take(cut).rev().filter(|h| h.stage != NO_SYM);
        let closed_by_history = hist.iter().rev().find(|h| h.stage != NO_SYM).is_some_and(|h| self.stage_kind(h.stage) != Status::Open);
        let by_close_field = !closed_by_history && deal.status != Status::Open && (deal.closed == NO_TIME || deal.closed < t);
        match stages.next() {
            Some(last) if self.stage_kind(last.stage) != Status::Open => {
                // The first entry of the final run of that stage: the move into it.
                let entered = stages.take_while(|h| h.stage == last.stage).last().unwrap_or(last);
                (last.stage, self.stage_kind(last.stage), entered.at)
            }
            _ if by_close_field => (deal.stage, deal.status, deal.closed),
            Some(last) => (last.stage, Status::Open, NO_TIME),
            None if deal.status == Status::Open => (field(hist, cut, |h| some_sym(h.stage), deal.stage), Status::Open, NO_TIME),
            None => {
                let first = hist.iter().find_map(|h| some_sym(h.stage)).filter(|&s| self.stage_kind(s) == Status::Open);
                (first.unwrap_or(NO_SYM), Status::Open, NO_TIME)
            }
        }
    }

    /// The dataset as it stood just before instant `t` (see the module doc). Amounts of closed
    /// deals are converted at their close, open ones at the latest rate known at `t`.
    pub fn as_of(&self, t: i64) -> Store {
        let mut out = self.clone();
        out.settings.as_of = t;
        for rates in out.fx.values_mut() {
            let keep = rates.partition_point(|r| r.0 < t).max(1);
            rates.truncate(keep);
        }
        let mut deals = Vec::with_capacity(self.deals.len());
        for d in &self.deals {
            let s = self.deal_state_at(d, t);
            if !s.exists {
                continue;
            }
            let mut row = d.clone();
            row.stage = s.stage;
            row.status = s.status;
            row.closed = s.closed;
            row.amount_original = s.amount_original;
            row.expected_close = s.expected_close;
            row.owner = s.owner;
            row.forecast_category = s.forecast_category;
            row.reopened = s.reopened;
            row.history = d.history.start..d.history.start + s.entries as u32;
            row.amount = conversion(&out, row.currency, row.closed).map_or(f64::NAN, |r| row.amount_original * r);
            deals.push(row);
        }
        out.deals = deals;
        out.created_index = std::sync::OnceLock::new();
        let before = |at: i64| at != NO_TIME && at < t;
        out.leads.retain(|l| l.created == NO_TIME || l.created < t);
        out.activities.retain(|a| a.at == NO_TIME || a.at < t);
        out.forecasts.retain(|f| f.submitted == NO_TIME || f.submitted < t);
        out.deal_by_id = IdIndex::of(out.deals.iter().map(|d| d.id));
        for l in &mut out.leads {
            if !before(l.qualified) {
                l.qualified = NO_TIME;
            }
            let converted_later = l.converted != NO_TIME && l.converted >= t;
            if converted_later || (l.deal != NO_SYM && !out.deal_by_id.contains_key(&l.deal) && self.deal_by_id.contains_key(&l.deal)) {
                l.converted = NO_TIME;
                l.deal = NO_SYM;
            }
        }
        out.lead_by_id = IdIndex::of(out.leads.iter().map(|l| l.id));
        out
    }
}

