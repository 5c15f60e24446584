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
use std::any::{Any, TypeId};
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

/// What a [`super::scopes::Tally`] reads of each record of its kept population, in population
/// order, by indicator id and item type (a `Vec` of the tally's item type, behind `dyn Any`: one
/// memo map and one lookup for every item type, instead of one instantiated per type).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Items(&'static str, TypeId);

impl MemoKey for Items {
    type Value = Arc<dyn Any + Send + Sync>;
}

/// The items of indicator `id`'s kept population, built by `build` on first use.
pub fn items<V: Send + Sync + 'static>(store: &Store, id: &'static str, build: impl FnOnce() -> Vec<V>) -> Arc<Vec<V>> {
    let mut build = Some(build);
    let mut erased = || -> Arc<dyn Any + Send + Sync> { Arc::new(build.take().map_or_else(Vec::new, |build| build())) };
    let kept: Arc<dyn Any + Send + Sync> = Arc::clone(&*items_erased(store, Items(id, TypeId::of::<V>()), &mut erased));
    // The key names the type, so the kept value is a `Vec<V>`.
    kept.downcast::<Vec<V>>().unwrap_or_else(|_| Arc::new(build.take().map_or_else(Vec::new, |build| build())))
}

/// [`items`]' memo lookup, not generic: shared by every item type.
#[inline(never)]
fn items_erased(store: &Store, key: Items, build: &mut dyn FnMut() -> Arc<dyn Any + Send + Sync>) -> Arc<Arc<dyn Any + Send + Sync>> {
    store.memo.get_or_init(key, build)
}
