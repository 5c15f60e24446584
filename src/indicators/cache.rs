//! Facts the indicators derive from the store alone, built on first use and kept for the store's
//! life: a store never changes after ingestion, so every re-query (a new period, a new grouping,
//! other indicators) reuses them instead of deriving them again for each report.
//!
//! Only what depends on nothing but the store is kept (the store's own `asOf` included; facts
//! that read a later query `asOf` are built per query and not kept). A store derived from
//! another (an as-of rebuild, a view with re-converted amounts or owners at the event, see
//! [`crate::report::view`]) is made by cloning, and a cloned [`Cache`] is empty: a view never
//! reads facts of the store it came from.

use super::activity::touches::TouchIndex;
use super::columns::{DealColumns, Groups};
use super::deals::cycle::KmTable;
use super::Table;
use super::path_table::PathTable;
use super::ranks::Ranked;
use crate::query::GroupKey;
use crate::store::Sym;
use rustc_hash::FxHashMap as HashMap;
use std::any::Any;
use std::sync::{Arc, Mutex, OnceLock};

/// What a population is kept under: its table and the address of its attribution function
/// (`win_rate` and `win_rate_by_value` both attribute closed deals at their close). Function
/// addresses are not unique (one function may have two, two identical ones may share one): two
/// addresses for one function only build it twice, one address for two functions means the same
/// code, so the same population.
pub type PopulationKey = (Table, usize);

/// A population: (attribution instant, record) sorted by instant, shared between reports.
pub type Population = Arc<Vec<(i64, u32)>>;

/// The deals of each group of one key with a creation time, in creation order.
pub type CreatedByGroup = HashMap<Sym, Vec<u32>>;

/// The creation times of the open deals of each group of one key, sorted.
pub type OpenCreated = HashMap<Sym, Vec<i64>>;

/// Values built on first use and shared, by key.
type Keyed<K, V> = Mutex<HashMap<K, Arc<V>>>;

/// The derived facts of one store (see the module doc).
#[derive(Default)]
pub struct Cache {
    /// Sorted populations by table and attribution function; equal populations are shared.
    populations: Mutex<HashMap<PopulationKey, Population>>,
    /// Every deal's path through the funnel, and its days in each stage.
    pub(super) paths: OnceLock<PathTable>,
    /// Amounts of the won deals with a known amount, ranked.
    pub(super) won_amounts: OnceLock<Ranked<f64>>,
    /// Days created -> close of the won deals with both instants, ranked.
    pub(super) won_cycles: OnceLock<Ranked<f64>>,
    /// Kaplan-Meier observations of the deals with a creation time at the store's `asOf`, sorted.
    pub(super) km: OnceLock<KmTable>,
    /// The group numbers of those observations, per group key used so far.
    km_groups: Keyed<GroupKey, Vec<u32>>,
    /// Deals with a creation time split by group, per group key used so far.
    created_by_group: Keyed<GroupKey, CreatedByGroup>,
    /// Every deal's fx rate, per basis (at close, at creation, latest), for `pipeline_flow`.
    pub(super) deal_rates: [OnceLock<Vec<Option<f64>>>; 3],
    /// Won deals as (close, index), sorted, for `pipeline_coverage`.
    pub(super) won_by_close: OnceLock<Vec<(i64, u32)>>,
    /// Creation times of the open deals, sorted, by group, per group key (`None`: all deals).
    open_created: Keyed<Option<GroupKey>, OpenCreated>,
    /// The activities on known contacts, for `contact_match_rate`.
    pub(super) contact_touches: OnceLock<super::data_quality::ContactTouches>,
    /// The forecast periods of `forecast_accuracy`, scored.
    pub(super) forecasts: OnceLock<super::forecast::Periods>,
    /// The stalled thresholds of `deal_aging`.
    pub(super) aging: OnceLock<super::aging::Threshold>,
    /// The funnel's open pipeline per stage at the store's own `asOf` (the same for every query
    /// that does not move `asOf`).
    pub(super) stage_pipelines: OnceLock<Vec<super::stage_pipeline::StagePipeline>>,
    /// Every dated touch by lead and by contact.
    pub(super) touches: OnceLock<TouchIndex>,
    /// Status and amount of every deal, as arrays.
    pub(super) deal_columns: OnceLock<DealColumns>,
    /// The records' groups, per table and group key used so far.
    groups: Keyed<(Table, GroupKey), Groups>,
    /// What a [`super::batch::Tally`] reads of each record of its kept population, in
    /// population order, by indicator id (a `Vec` of the tally's item type).
    items: Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>,
    /// The group number of each record of a kept population, in population order, by the
    /// population's address (kept populations live as long as the store) and group key.
    population_groups: Keyed<(usize, GroupKey), Vec<u32>>,
}

/// The value kept under `key` in `map`, built by `build` on first use (and not kept when the
/// lock is poisoned).
fn keyed<K: std::hash::Hash + Eq, V>(map: &Keyed<K, V>, key: K, build: impl FnOnce() -> V) -> Arc<V> {
    if let Some(found) = map.lock().ok().and_then(|map| map.get(&key).cloned()) {
        return found;
    }
    let built = Arc::new(build());
    if let Ok(mut map) = map.lock() {
        map.insert(key, built.clone());
    }
    built
}

impl Cache {
    /// The population kept under `key`, built by `build` on first use, and whether it is kept
    /// (not when the lock is poisoned). A population equal to one already kept is shared rather
    /// than kept twice.
    pub(super) fn population(&self, key: PopulationKey, build: impl FnOnce() -> Vec<(i64, u32)>) -> (Population, bool) {
        if let Some(found) = self.populations.lock().ok().and_then(|map| map.get(&key).cloned()) {
            return (found, true);
        }
        let built = build();
        let Ok(mut map) = self.populations.lock() else {
            return (Arc::new(built), false);
        };
        let shared = map.values().find(|p| ***p == built).cloned().unwrap_or_else(|| Arc::new(built));
        map.insert(key, shared.clone());
        (shared, true)
    }

    /// The deals of each group of `key` in creation order, built by `build` on first use.
    pub(super) fn created_by_group(&self, key: GroupKey, build: impl FnOnce() -> CreatedByGroup) -> Arc<CreatedByGroup> {
        keyed(&self.created_by_group, key, build)
    }

    /// The items of indicator `id`'s kept population, built by `build` on first use.
    pub(super) fn items<V: Send + Sync + 'static>(&self, id: &'static str, build: impl FnOnce() -> Vec<V>) -> Arc<Vec<V>> {
        let found = self.items.lock().ok().and_then(|map| map.get(id).cloned());
        if let Some(items) = found.and_then(|any| any.downcast::<Vec<V>>().ok()) {
            return items;
        }
        let built = Arc::new(build());
        if let Ok(mut map) = self.items.lock() {
            map.insert(id, built.clone());
        }
        built
    }

    /// The group numbers under `key` of the records of the kept population `pop`, in its order.
    pub(super) fn population_groups(&self, pop: &Population, key: GroupKey, build: impl FnOnce() -> Vec<u32>) -> Arc<Vec<u32>> {
        keyed(&self.population_groups, (Arc::as_ptr(pop) as usize, key), build)
    }

    /// The open deals' creation times by group under `key`, built by `build` on first use.
    pub(super) fn open_created(&self, key: Option<GroupKey>, build: impl FnOnce() -> OpenCreated) -> Arc<OpenCreated> {
        keyed(&self.open_created, key, build)
    }

    /// The group numbers under `key` of the Kaplan-Meier observations, built by `build` on first use.
    pub(super) fn km_groups(&self, key: GroupKey, build: impl FnOnce() -> Vec<u32>) -> Arc<Vec<u32>> {
        keyed(&self.km_groups, key, build)
    }

    /// The groups of `table`'s records under `key`, built by `build` on first use.
    pub(super) fn groups(&self, table: Table, key: GroupKey, build: impl FnOnce() -> Groups) -> Arc<Groups> {
        keyed(&self.groups, (table, key), build)
    }
}

/// A clone is empty: the clone is a new store (a view) whose facts may differ.
impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::default()
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let populations = self.populations.lock().map_or(0, |map| map.len());
        f.debug_struct("Cache").field("populations", &populations).field("paths", &self.paths.get().is_some()).finish_non_exhaustive()
    }
}
