//! Every deal's path through the funnel ([`super::stage_path`]), read once per store.
//!
//! Paths repeat: a pipeline of five stages gives a few hundred distinct paths over a million
//! deals. Each distinct path (with the deal's `reopened` flag, which the funnel also counts) is
//! kept once with what `stage_conversion` needs of it, and each deal points at its path, so a
//! report counts deals per path and reads the rest from the distinct paths. The days a deal spent
//! in each stage of the order ([`super::stage_path::days_in_stages`]) are kept beside, by stage.

use super::funnel::headline;
use super::stage_path::{days_in_stages_into, steps_into, DealPath, Stages, Step};
use crate::query::StageConversion;
use crate::store::{MemoKey, Status, Store, Sym};
use std::sync::Arc;
use rustc_hash::FxHashMap as HashMap;

/// The four stage-conversion variants, in the order of [`PathFacts::headline`].
pub const VARIANTS: [StageConversion; 4] = [StageConversion::Reached, StageConversion::Strict, StageConversion::Adjacent, StageConversion::ToWin];

/// Position of a variant in [`VARIANTS`].
pub fn variant_index(v: StageConversion) -> usize {
    match v {
        StageConversion::Reached => 0,
        StageConversion::Strict => 1,
        StageConversion::Adjacent => 2,
        StageConversion::ToWin => 3,
    }
}

/// One distinct path and what the whole-funnel figure reads of it.
#[derive(Debug, Clone)]
pub struct PathFacts {
    /// The path.
    pub path: DealPath,
    /// The deals on this entry were reopened.
    pub reopened: bool,
    /// (trial, success) of the whole funnel under each variant, in [`VARIANTS`] order.
    pub headline: [(bool, bool); 4],
    /// The path skips at least one stage.
    pub skipper: bool,
    /// Moves back to an earlier open stage.
    pub backward: u64,
}

impl PathFacts {
    fn new(path: DealPath, reopened: bool, n: usize) -> PathFacts {
        let headline = VARIANTS.map(|v| if n == 0 { (false, false) } else { headline(v, &path, n) });
        let skipper = (0..n).any(|k| path.skipped(k, n));
        let backward = (0..n).map(|k| path.backward_from(k) as u64).sum();
        PathFacts { path, reopened, headline, skipper, backward }
    }
}

/// The paths of all deals of a store (see the module doc).
#[derive(Debug, Clone, Default)]
pub struct PathTable {
    /// The stage order the paths are read over.
    pub stages: Stages,
    /// Distinct (path, reopened).
    pub paths: Vec<PathFacts>,
    /// Per deal (store order): its entry in `paths`.
    of_deal: Vec<u32>,
    /// Per stage of the order: the deals with days in it, in deal order.
    pub stage_days: Vec<StageDays>,
}

/// The deals with completed visits of one stage and their days in it (summed), in deal order.
#[derive(Debug, Clone, Default)]
pub struct StageDays {
    /// The deals.
    pub deals: Vec<u32>,
    /// Their days in the stage.
    pub days: Vec<f64>,
}

/// The store's [`PathTable`], kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Paths;
impl MemoKey for Paths {
    type Value = PathTable;
}

impl PathTable {
    /// The table of `store`, built on first use and kept.
    pub fn of(store: &Store) -> Arc<PathTable> {
        store.memo.get_or_init(Paths, || PathTable::build(store))
    }

    fn build(store: &Store) -> PathTable {
        let stages = Stages::of(store);
        let n = stages.len();
        let mut kinds: HashMap<Sym, Status> = HashMap::default();
        let mut kind = |s: Sym| *kinds.entry(s).or_insert_with(|| store.stage_kind(s));
        let mut index: [HashMap<Vec<Step>, u32>; 2] = Default::default();
        let mut table = PathTable { of_deal: Vec::with_capacity(store.deals.len()), stage_days: vec![StageDays::default(); n], ..PathTable::default() };
        let (mut steps, mut days) = (Vec::new(), Vec::new());
        for (i, deal) in store.deals.iter().enumerate() {
            steps_into(store, &stages, deal, &mut kind, &mut steps);
            let known = index.get_mut(usize::from(deal.reopened)).and_then(|map| map.get(steps.as_slice()).copied());
            let id = known.unwrap_or_else(|| {
                let id = table.paths.len() as u32;
                table.paths.push(PathFacts::new(DealPath::from_steps(steps.clone()), deal.reopened, n));
                if let Some(map) = index.get_mut(usize::from(deal.reopened)) {
                    map.insert(steps.clone(), id);
                }
                id
            });
            table.of_deal.push(id);
            days_in_stages_into(store, deal, &mut kind, &mut days);
            for &(stage, value) in &days {
                if let Some(list) = stages.pos.get(&stage).and_then(|&k| table.stage_days.get_mut(k)) {
                    list.deals.push(i as u32);
                    list.days.push(value);
                }
            }
        }
        table.stages = stages;
        table
    }

    /// The path entry of deal `deal`.
    pub fn facts(&self, deal: u32) -> Option<&PathFacts> {
        self.of_deal.get(deal as usize).and_then(|&p| self.paths.get(p as usize))
    }

    /// The index in [`PathTable::paths`] of deal `deal`'s path.
    pub fn path_of(&self, deal: u32) -> Option<usize> {
        self.of_deal.get(deal as usize).map(|&p| p as usize)
    }

}
