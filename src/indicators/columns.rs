//! The deal fields the deal indicators read for every record of a scope, one array per field.
//!
//! A deal row is ~150 bytes, so reading one field of a million deals pulls a cache line per deal:
//! each pass over the rows (a population, a ranking, the Kaplan-Meier observations) cost 20-45 ms
//! at 1M whatever it read. The columns are copied from the rows in one pass per store (kept in
//! its [`crate::store::Memo`]) and hold the same values; the populations, rankings and
//! observations of the deal indicators are then scans of a few bytes per deal.

use super::path_table::PathTable;
use crate::store::{DealRow, Status, Store, Sym, NO_TIME};
use std::sync::Arc;
use rustc_hash::FxHashMap as HashMap;

/// Status, amount, creation, close, expected close and owner of every deal, in store order.
#[derive(Debug, Clone, Default)]
pub struct DealColumns {
    status: Vec<Status>,
    amount: Vec<f64>,
    created: Vec<i64>,
    closed: Vec<i64>,
    /// Read by the forecast and its population of open deals by expected close: without it,
    /// each was one more pass over the rows (~17 ms at 1M).
    expected_close: Vec<i64>,
    /// The owner, the page's default grouping: numbering the deals by owner reads it rather than
    /// passing over the rows once more (~15 ms at 1M).
    owner: Vec<Sym>,
}

impl DealColumns {
    /// The columns of `store`, copied on first use and kept: by the path table's walk over the
    /// rows ([`PathTable::of`]), which every report reads too, so that one stream over the ~150-byte
    /// rows serves both (two streams cost ~5-9 ms more of the first report at 1M deals:
    /// benches/RESULTS.md, "session 14, branch first9").
    pub fn of(store: &Store) -> Arc<DealColumns> {
        PathTable::of(store).columns.clone()
    }

    /// Empty columns with room for `n` deals.
    pub(super) fn with_capacity(n: usize) -> DealColumns {
        DealColumns {
            status: Vec::with_capacity(n),
            amount: Vec::with_capacity(n),
            created: Vec::with_capacity(n),
            closed: Vec::with_capacity(n),
            expected_close: Vec::with_capacity(n),
            owner: Vec::with_capacity(n),
        }
    }

    /// Appends the fields of the next deal's row.
    #[inline]
    pub(super) fn push(&mut self, d: &DealRow) {
        self.status.push(d.status);
        self.amount.push(d.amount);
        self.created.push(d.created);
        self.closed.push(d.closed);
        self.expected_close.push(d.expected_close);
        self.owner.push(d.owner);
    }

    /// Whether deal `i` was won.
    pub fn won(&self, i: u32) -> bool {
        self.status.get(i as usize) == Some(&Status::Won)
    }

    /// Amount of deal `i` in the base currency (NaN when unknown, as in the row).
    pub fn amount(&self, i: u32) -> f64 {
        self.amount.get(i as usize).copied().unwrap_or(f64::NAN)
    }

    /// Creation instant of deal `i` ([`NO_TIME`] when unknown, as in the row).
    pub fn created(&self, i: u32) -> i64 {
        self.created.get(i as usize).copied().unwrap_or(NO_TIME)
    }

    /// Every deal as (index, status, amount, created, closed), in store order ([`NO_TIME`] for
    /// an instant the row lacks, as in the row).
    pub fn deals(&self) -> impl Iterator<Item = (u32, Status, f64, i64, i64)> + '_ {
        let rows = self.status.iter().zip(&self.amount).zip(self.created.iter().zip(&self.closed));
        rows.enumerate().map(|(i, ((&status, &amount), (&created, &closed)))| (i as u32, status, amount, created, closed))
    }

    /// Close instant of deal `i` when won or lost with a known close ([`super::deals::closed_at`]:
    /// the `DealClosed` attribution).
    pub fn closed_at(&self, i: u32) -> Option<i64> {
        let (status, closed) = (self.status.get(i as usize)?, *self.closed.get(i as usize)?);
        (*status != Status::Open && closed != NO_TIME).then_some(closed)
    }

    /// Owner of deal `i` ([`crate::store::NO_SYM`] when unknown or past the deals).
    pub fn owner(&self, i: u32) -> Sym {
        self.owner.get(i as usize).copied().unwrap_or(crate::store::NO_SYM)
    }

    /// Expected close of deal `i` when open with one ([`super::pipeline::expected_close_at`]:
    /// the `DealExpectedClose` attribution).
    pub fn expected_close_at(&self, i: u32) -> Option<i64> {
        let (status, at) = (self.status.get(i as usize)?, *self.expected_close.get(i as usize)?);
        (*status == Status::Open && at != NO_TIME).then_some(at)
    }

    /// Status, amount, creation, close and expected close of deal `i` (`None` past the deals).
    pub fn deal(&self, i: u32) -> Option<(Status, f64, i64, i64, i64)> {
        let i = i as usize;
        Some((*self.status.get(i)?, *self.amount.get(i)?, *self.created.get(i)?, *self.closed.get(i)?, *self.expected_close.get(i)?))
    }

    /// The `DealWon` population ([`super::deals::won_at`]) from the sorted `DealClosed` one:
    /// its won deals, already in order (won deals are closed deals; the pairs are the same).
    pub fn won_population(&self, closed: &[(i64, u32)]) -> Vec<(i64, u32)> {
        closed.iter().filter(|p| self.won(p.1)).copied().collect()
    }
}

/// The store's index by creation ([`Store::deals_by_created`]: the deals with a creation time as
/// (createdAt, index), sorted), built from the creation column on first use.
pub fn by_created(store: &Store) -> &Arc<Vec<(i64, u32)>> {
    store.deals_by_created(|| {
        let columns = DealColumns::of(store);
        columns.created.iter().zip(0..).filter(|c| *c.0 != NO_TIME).map(|(&at, i)| (at, i)).collect()
    })
}

/// The groups of one key over the records of a table: each record's group as a dense number.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    /// Per record: its position in `values`.
    of_record: Vec<u32>,
    /// The distinct group values, in order of first appearance.
    pub values: Vec<Sym>,
}

impl Groups {
    /// Numbers the groups of `value(raw(i))` over records `0..n`: `value` maps a raw value to its
    /// group (the `"(none)"` test, a comparison of strings) and is called once per distinct raw
    /// value, not per record (at 1M deals by owner it was ~5 ms of the numbering's ~30).
    pub fn new(n: usize, raw: impl Fn(u32) -> Sym, value: impl Fn(Sym) -> Sym) -> Groups {
        let mut by_raw: HashMap<Sym, u32> = HashMap::default();
        let mut by_value: HashMap<Sym, u32> = HashMap::default();
        let mut groups = Groups { of_record: Vec::with_capacity(n), values: Vec::new() };
        for i in 0..n as u32 {
            let r = raw(i);
            let slot = match by_raw.get(&r) {
                Some(&slot) => slot,
                None => {
                    let v = value(r);
                    let slot = *by_value.entry(v).or_insert_with(|| {
                        groups.values.push(v);
                        groups.values.len() as u32 - 1
                    });
                    by_raw.insert(r, slot);
                    slot
                }
            };
            groups.of_record.push(slot);
        }
        groups
    }

    /// The group number of record `i`.
    pub fn of(&self, i: u32) -> Option<usize> {
        self.of_record.get(i as usize).map(|&g| g as usize)
    }
}

