//! The sorted populations the store keeps ([`crate::store::Memo`]), and what a report reads of
//! their records in population order.
//!
//! A population is kept under its indicator's named [`Attribution`]: indicators naming the same
//! one (`win_rate` and `win_rate_by_value` both count closed deals at their close) read the one
//! sorted population, built once, under one [`PopulationId`], so what is read by population
//! (group numbers) is kept once too.

use super::attribution::Attribution;
use crate::query::GroupKey;
use crate::store::{MemoKey, Store};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

/// A population: (attribution instant, record) sorted by instant, shared between reports.
pub type Population = Arc<Vec<(i64, u32)>>;

/// The number of a kept population among the distinct populations of its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PopulationId(u32);

/// The populations of a store, by attribution.
#[derive(Default)]
pub struct Kept {
    distinct: Vec<Population>,
    by_attribution: HashMap<Attribution, usize>,
}

/// The store's [`Kept`] populations (one registry per store, filled as indicators are asked for).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Populations;
impl MemoKey for Populations {
    type Value = Mutex<Kept>;
}

/// The population of `attribution` kept by `store`, built by `build` on first use, with its
/// number; `None` when it cannot be kept (a poisoned lock), then the caller builds its own.
pub fn kept(store: &Store, attribution: Attribution, build: impl FnOnce() -> Population) -> Option<(PopulationId, Population)> {
    let registry = store.memo.get_or_init(Populations, Mutex::default);
    let found = registry.lock().ok()?.by_attribution.get(&attribution).copied();
    if let Some(i) = found {
        let kept = registry.lock().ok()?;
        return kept.distinct.get(i).map(|p| (PopulationId(i as u32), p.clone()));
    }
    let built = build();
    let mut kept = registry.lock().ok()?;
    // Another thread may have built it meanwhile: keep the first, so its number stays one.
    let i = match kept.by_attribution.get(&attribution) {
        Some(&i) => i,
        None => {
            kept.distinct.push(built);
            kept.distinct.len() - 1
        }
    };
    kept.by_attribution.insert(attribution, i);
    kept.distinct.get(i).map(|p| (PopulationId(i as u32), p.clone()))
}

/// The group numbers under a key of the records of a kept population, in its order.
#[derive(Clone, PartialEq, Eq, Hash)]
struct GroupNumbers(PopulationId, GroupKey);
impl MemoKey for GroupNumbers {
    type Value = Vec<u32>;
}

/// The group number under `key` of each record of the kept population `population`, in its
/// order, built by `build` on first use.
pub fn group_numbers(store: &Store, population: PopulationId, key: GroupKey, build: impl FnOnce() -> Vec<u32>) -> Arc<Vec<u32>> {
    store.memo.get_or_init(GroupNumbers(population, key), build)
}

/// What a [`super::batch::Tally`] reads of each record of its kept population, in population
/// order, by indicator id (a `Vec` of the tally's item type `V`).
struct Items<V>(&'static str, std::marker::PhantomData<fn() -> V>);

impl<V> Clone for Items<V> {
    fn clone(&self) -> Self {
        Items(self.0, std::marker::PhantomData)
    }
}
impl<V> PartialEq for Items<V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<V> Eq for Items<V> {}
impl<V> std::hash::Hash for Items<V> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}
impl<V: Send + Sync + 'static> MemoKey for Items<V> {
    type Value = Vec<V>;
}

/// The items of indicator `id`'s kept population, built by `build` on first use.
pub fn items<V: Send + Sync + 'static>(store: &Store, id: &'static str, build: impl FnOnce() -> Vec<V>) -> Arc<Vec<V>> {
    store.memo.get_or_init(Items(id, std::marker::PhantomData), build)
}
