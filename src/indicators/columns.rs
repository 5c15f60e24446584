//! The deal fields the most used indicators read for every record of a scope, one array per field.
//!
//! A deal row is over a hundred bytes, so reading one field of a million deals by index pulls a
//! cache line per deal; the same field as its own array is read a few bytes per deal. The columns
//! are copied from the rows once per store (kept in its [`crate::store::Memo`]) and hold the same values.

use crate::store::{MemoKey, Status, Store, Sym};
use std::sync::Arc;
use rustc_hash::FxHashMap as HashMap;

/// The store's [`DealColumns`], kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Columns;
impl MemoKey for Columns {
    type Value = DealColumns;
}

/// Status and amount of every deal, in store order.
#[derive(Debug, Clone, Default)]
pub struct DealColumns {
    status: Vec<Status>,
    amount: Vec<f64>,
}

impl DealColumns {
    /// The columns of `store`, copied on first use and kept.
    pub fn of(store: &Store) -> Arc<DealColumns> {
        store.memo.get_or_init(Columns, || DealColumns {
            status: store.deals.iter().map(|d| d.status).collect(),
            amount: store.deals.iter().map(|d| d.amount).collect(),
        })
    }

    /// Whether deal `i` was won.
    pub fn won(&self, i: u32) -> bool {
        self.status.get(i as usize) == Some(&Status::Won)
    }

    /// Amount of deal `i` in the base currency (NaN when unknown, as in the row).
    pub fn amount(&self, i: u32) -> f64 {
        self.amount.get(i as usize).copied().unwrap_or(f64::NAN)
    }
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
    /// Numbers the groups of `value(i)` over records `0..n`.
    pub fn new(n: usize, value: impl Fn(u32) -> Sym) -> Groups {
        let mut index: HashMap<Sym, u32> = HashMap::default();
        let mut groups = Groups { of_record: Vec::with_capacity(n), values: Vec::new() };
        for i in 0..n as u32 {
            let v = value(i);
            let slot = *index.entry(v).or_insert_with(|| {
                groups.values.push(v);
                groups.values.len() as u32 - 1
            });
            groups.of_record.push(slot);
        }
        groups
    }

    /// The group number of record `i`.
    pub fn of(&self, i: u32) -> Option<usize> {
        self.of_record.get(i as usize).map(|&g| g as usize)
    }
}
