//! Every deal's path through the funnel ([`super::stage_path`]), read once per store.
//!
//! Paths repeat: a pipeline of five stages gives a few hundred distinct paths over a million
//! deals. Each distinct path (with the deal's `reopened` flag, which the funnel also counts) is
//! kept once with what `stage_conversion` needs of it, and each deal points at its path, so a
//! report counts deals per path and reads the rest from the distinct paths. The days a deal spent
//! in each stage of the order ([`super::stage_path::days_in_stages`]) are kept beside, by stage,
//! and `deal_aging`'s stalled thresholds read the won deals' days from there
//! ([`PathTable::won_days`]) rather than walking the histories again.
//!
//! The table is built in one walk over each deal's history that yields both the path and the days
//! (the rules of [`super::stage_path`], which the tests check against hand counts); the per-deal
//! work hashes no list and allocates nothing (benches/RESULTS.md, "Per-report fixed costs").

use super::columns::DealColumns;
use super::funnel::{headline, CohortDays};
use super::ranks::Bits;
use super::stage_path::{DealPath, Stages, Step};
#[cfg(doc)]
use super::stage_path::{days_in_stages_into, steps_into};
use crate::query::StageConversion;
use crate::store::{MemoKey, Status, Store, Sym, NO_SYM, NO_TIME};
use crate::time::DAY_MS;
use std::sync::{Arc, Mutex};
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
#[derive(Debug, Default)]
pub struct PathTable {
    /// The stage order the paths are read over.
    pub stages: Stages,
    /// Distinct (path, reopened).
    pub paths: Vec<PathFacts>,
    /// Per deal (store order): its entry in `paths`.
    of_deal: Vec<u32>,
    /// Per stage of the order: the deals with days in it, in deal order.
    pub stage_days: Vec<StageDays>,
    /// Some history enters an open stage that is not in the order (its days are not kept here).
    other_open: bool,
    /// The won deals ([`PathTable::won_days`] reads them beside `stage_days`).
    won: Bits,
    /// The open deals (status open, at any creation), in deal order, with their current stage
    /// and the entry into it: the report's open pipeline ([`super::stage_pipeline`]) reads these
    /// rather than every deal, and reads no row or history of them.
    pub open: Vec<OpenAt>,
    /// The deal columns, copied in the same walk ([`DealColumns::of`] reads them here).
    pub columns: Arc<DealColumns>,
    /// The funnel's cohort of the last period a report asked for ([`super::funnel::funnel`]): a
    /// new grouping of the same period reads it back. The last one only, so re-queries over many
    /// periods do not grow the store's memo.
    pub last_cohort: Mutex<Option<CohortDays>>,
}

/// An open deal, its current stage ([`Store::current_stage`]) and the entry into it
/// ([`super::stage_path::current_stage_entry`]), known at the end of the walk over its history:
/// read again from the rows and histories by the open pipeline, they were ~25 ms of the first
/// report at 1M deals (benches/RESULTS.md, "facts2").
#[derive(Debug, Clone, Copy)]
pub struct OpenAt {
    /// The deal.
    pub deal: u32,
    /// Its current stage.
    pub stage: Sym,
    /// The entry into it, [`NO_TIME`] when not dated.
    entry: i64,
}

impl OpenAt {
    /// The entry into the current stage, when dated.
    pub fn entry(&self) -> Option<i64> {
        (self.entry != NO_TIME).then_some(self.entry)
    }
}

/// The deals with completed visits of one stage and their days in it (summed), in deal order.
///
/// Kept in blocks that double up to `StageDays::LARGEST` entries (the `deals` and `days` of
/// block `b` side by side): a push never moves the entries already in. Grown as one `Vec`, each
/// doubling copied the list into fresh memory: at 1M deals the copies and their page faults were
/// ~30% of the table's build (benches/RESULTS.md, "facts2").
#[derive(Debug, Clone, Default)]
pub struct StageDays {
    /// The deals, by block.
    deals: Vec<Vec<u32>>,
    /// Their days in the stage, by block.
    days: Vec<Vec<f64>>,
}

impl StageDays {
    /// The first block's capacity; each next one doubles it up to [`StageDays::LARGEST`].
    const FIRST: usize = 256;
    /// The largest block's capacity (512 KB of days).
    const LARGEST: usize = 1 << 16;

    fn push(&mut self, deal: u32, days: f64) {
        match (self.deals.last_mut(), self.days.last_mut()) {
            (Some(deals), Some(list)) if deals.len() < deals.capacity() => {
                deals.push(deal);
                list.push(days);
            }
            (last, _) => {
                let capacity = last.map_or(Self::FIRST, |b| (b.capacity() * 2).min(Self::LARGEST));
                let (mut deals, mut list) = (Vec::with_capacity(capacity), Vec::with_capacity(capacity));
                deals.push(deal);
                list.push(days);
                self.deals.push(deals);
                self.days.push(list);
            }
        }
    }

    /// Appends to `out` the days in the stage of the deals `keep` accepts, in deal order (a loop
    /// per block: read through a flattening iterator, the blocks were slower to read than one list).
    /// When `keep` accepts many deals (`many`), each day is written at the end and the end moves
    /// on when the deal is kept: no branch on `keep`, which a cohort spread over the store (the
    /// second generator's creation order, two years) made a coin toss per visit; a few kept deals
    /// are pushed, as writing every visit's day would cost more than the branch.
    pub fn days_of(&self, keep: impl Fn(u32) -> bool, many: bool, out: &mut Vec<f64>) {
        for (deals, days) in self.deals.iter().zip(&self.days) {
            if many {
                let mut end = out.len();
                out.resize(end + deals.len(), 0.0);
                for (&r, &d) in deals.iter().zip(days) {
                    if let Some(slot) = out.get_mut(end) {
                        *slot = d;
                    }
                    end += usize::from(keep(r));
                }
                out.truncate(end);
                continue;
            }
            for (&r, &d) in deals.iter().zip(days) {
                if keep(r) {
                    out.push(d);
                }
            }
        }
    }
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

    /// One walk over each deal's history gives both its path and its days per stage; a stage id
    /// is classified once ([`Codes`]) and a short path is looked up by a packed integer
    /// ([`packed`]), so the per-deal work hashes no list and allocates nothing.
    fn build(store: &Store) -> PathTable {
        let stages = Stages::of(store);
        let n = stages.len();
        let mut codes = Codes::new(store, &stages);
        // Distinct paths by (reopened, packed steps), else (reopened, steps) for the long ones.
        let mut short: [HashMap<u64, u32>; 2] = Default::default();
        let mut long: [HashMap<Vec<Step>, u32>; 2] = Default::default();
        let mut table = PathTable { of_deal: Vec::with_capacity(store.deals.len()), stage_days: vec![StageDays::default(); n], ..PathTable::default() };
        let mut steps = Vec::new();
        // Per stage position: the deal's summed days, and the positions it has days in.
        let mut days = vec![0.0f64; n];
        let mut touched: Vec<usize> = Vec::new();
        // The won deals, gathered in the walk: a second pass over the deal rows cost 16% of the build.
        let mut won: Vec<u32> = Vec::new();
        // The deal columns copied in the same stream over the rows ([`DealColumns::of`]).
        let mut columns = DealColumns::with_capacity(store.deals.len());
        for (i, deal) in store.deals.iter().enumerate() {
            columns.push(deal);
            steps.clear();
            touched.clear();
            // The run of equal stage entries the walk is in: (stage id, its position in the order
            // when an open stage there, the run's first entry).
            let mut run: Option<(Sym, Option<usize>, i64)> = None;
            for h in store.deal_history(deal).iter().filter(|h| h.stage != NO_SYM) {
                let k = codes.of(h.stage);
                if let Some(k) = k {
                    if steps.last() != Some(&Step::Open(k)) {
                        steps.push(Step::Open(k));
                    }
                }
                match run {
                    Some((stage, _, _)) if stage == h.stage => {}
                    Some((_, at, start)) => {
                        // A completed visit of an open stage of the order (`days_in_stages`).
                        if let (Some(k), Some(acc)) = (at, at.and_then(|k| days.get_mut(k))) {
                            let end = h.at;
                            if start != NO_TIME && end != NO_TIME && end >= start {
                                if !touched.contains(&k) {
                                    touched.push(k);
                                    *acc = 0.0;
                                }
                                *acc += (end as f64 - start as f64) / DAY_MS as f64;
                            }
                        }
                        run = Some((h.stage, k, h.at));
                    }
                    None => run = Some((h.stage, k, h.at)),
                }
            }
            if deal.stage != NO_SYM {
                if let Some(k) = codes.of(deal.stage) {
                    if steps.last() != Some(&Step::Open(k)) {
                        steps.push(Step::Open(k));
                    }
                }
            }
            match deal.status {
                Status::Won => {
                    steps.push(Step::Won);
                    won.push(i as u32);
                }
                Status::Lost => steps.push(Step::Lost),
                Status::Open => {
                    // The rules of `current_stage` and `current_stage_entry`: the deal's stage,
                    // else the history's last; the first entry of the history's last run when
                    // that run is the current stage, `createdAt` when the history has none.
                    let stage = if deal.stage != NO_SYM { deal.stage } else { run.map_or(NO_SYM, |r| r.0) };
                    let entry = match run {
                        None => deal.created,
                        Some((last, _, _)) if deal.stage != NO_SYM && deal.stage != last => NO_TIME,
                        Some((_, _, start)) => start,
                    };
                    table.open.push(OpenAt { deal: i as u32, stage, entry });
                }
            }
            let r = usize::from(deal.reopened);
            let id = match packed(&steps, n) {
                Some(key) => short.get_mut(r).map(|map| *map.entry(key).or_insert_with(|| new_path(&mut table.paths, &steps, deal.reopened, n))),
                None => long.get_mut(r).map(|map| match map.get(steps.as_slice()) {
                    Some(&id) => id,
                    None => *map.entry(steps.clone()).or_insert_with(|| new_path(&mut table.paths, &steps, deal.reopened, n)),
                }),
            };
            table.of_deal.push(id.unwrap_or(u32::MAX));
            for &k in &touched {
                if let (Some(list), Some(&d)) = (table.stage_days.get_mut(k), days.get(k)) {
                    list.push(i as u32, d);
                }
            }
        }
        table.columns = Arc::new(columns);
        table.other_open = codes.other_open;
        table.won = Bits::of(won.into_iter(), store.deals.len());
        table.stages = stages;
        table
    }

    /// The days won deals spent in each open stage (`deal_aging`'s stalled thresholds), read from
    /// [`PathTable::stage_days`]: per stage id with any, the won deals' days in deal order. `None`
    /// when a history enters an open stage outside the order, whose days the table does not keep.
    pub fn won_days(&self) -> Option<Vec<(Sym, Vec<f64>)>> {
        if self.other_open {
            return None;
        }
        let per_stage = self.stages.ids.iter().zip(&self.stage_days).map(|(&id, list)| {
            let mut days = Vec::new();
            list.days_of(|r| self.won.has(r), false, &mut days);
            (id, days)
        });
        Some(per_stage.filter(|(_, days)| !days.is_empty()).collect())
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

/// Adds a path entry for `steps` and returns its index.
fn new_path(paths: &mut Vec<PathFacts>, steps: &[Step], reopened: bool, n: usize) -> u32 {
    paths.push(PathFacts::new(DealPath::from_steps(steps.to_vec()), reopened, n));
    (paths.len() - 1) as u32
}

/// `steps` as one integer, 4 bits a step (open stage k as k + 1, won 14, lost 15; no step is 0,
/// so two paths of different lengths differ), when the order has at most 13 open stages and the
/// path at most 16 steps; `None` otherwise (the path is then looked up by its steps).
fn packed(steps: &[Step], n: usize) -> Option<u64> {
    if n > 13 || steps.len() > 16 {
        return None;
    }
    Some(steps.iter().fold(0u64, |key, s| {
        let code = match *s {
            Step::Open(k) => k as u64 + 1,
            Step::Won => 14,
            Step::Lost => 15,
        };
        (key << 4) | code
    }))
}

/// Each stage id's position in the stage order when it is an open stage there (the stage ids
/// [`steps_into`] and [`days_in_stages_into`] keep), worked out once per id and kept in a list
/// indexed by the id: the walk looks up every history entry's stage, and an index read costs fewer
/// instructions than a hash and a probe, which counts most in the module's first report, run in
/// V8's baseline code (benches/RESULTS.md, "session 12, branch cold7"). Ids are dense (the
/// interner's order): the list holds a word per id up to the largest stage id, no more than one
/// per distinct string of the store.
struct Codes<'s> {
    store: &'s Store,
    stages: &'s Stages,
    /// Per id up to the largest seen: 0 = not seen yet, 1 = not an open stage of the order,
    /// k + 2 = open stage k.
    seen: Vec<usize>,
    /// An open stage outside the order was classified.
    other_open: bool,
}

impl<'s> Codes<'s> {
    fn new(store: &'s Store, stages: &'s Stages) -> Codes<'s> {
        Codes { store, stages, seen: Vec::new(), other_open: false }
    }

    /// The position of `s` (not [`NO_SYM`]) in the order when it is an open stage there.
    #[inline]
    fn of(&mut self, s: Sym) -> Option<usize> {
        let code = match self.seen.get(s as usize) {
            Some(&code) if code != 0 => code,
            _ => self.first_time(s),
        };
        code.checked_sub(2)
    }

    /// The code of an id not seen yet ([`Codes::seen`]), kept.
    #[cold]
    #[inline(never)]
    fn first_time(&mut self, s: Sym) -> usize {
        // The list grows to `s`: `NO_SYM` would ask for 2^32 entries (both callers filter it).
        debug_assert_ne!(s, NO_SYM, "a stage code asked for no stage");
        let open = self.store.stage_kind(s) == Status::Open;
        let k = self.stages.pos.get(&s).copied();
        self.other_open |= open && k.is_none();
        let code = k.filter(|_| open).map_or(1, |k| k + 2);
        let i = s as usize;
        if self.seen.len() <= i {
            self.seen.resize(i + 1, 0);
        }
        if let Some(slot) = self.seen.get_mut(i) {
            *slot = code;
        }
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::stage_path::{current_stage_entry, days_in_stages};

    /// The one walk of [`PathTable::build`] against the rules it fuses ([`DealPath::of`],
    /// [`days_in_stages`]), deal by deal: on generated deals with reopenings, and on hand-made
    /// histories with duplicate entries, backward moves, undeclared and closed stages, reopenings.
    fn agrees_with_the_rules(store: &Store) {
        let table = PathTable::of(store);
        for (i, deal) in store.deals.iter().enumerate() {
            let want = DealPath::of(store, &table.stages, deal);
            let got = table.facts(i as u32).map(|f| (f.path.steps.clone(), f.reopened));
            assert_eq!(got, Some((want.steps, deal.reopened)), "deal {i}");
            let mut days: Vec<(usize, f64)> = days_in_stages(store, deal).into_iter().filter_map(|(s, d)| table.stages.pos.get(&s).map(|&k| (k, d))).collect();
            days.sort_by_key(|e| e.0);
            let kept: Vec<(usize, f64)> = table
                .stage_days
                .iter()
                .enumerate()
                .filter_map(|(k, list)| {
                    let mut days = Vec::new();
                    list.days_of(|r| r == i as u32, false, &mut days);
                    days.first().map(|&d| (k, d))
                })
                .collect();
            assert_eq!(kept, days, "deal {i}");
        }
        let open: Vec<(u32, Sym, Option<i64>)> = table.open.iter().map(|o| (o.deal, o.stage, o.entry())).collect();
        let rules = store.deals.iter().zip(0..).filter(|(d, _)| d.status == Status::Open);
        let want: Vec<(u32, Sym, Option<i64>)> = rules.map(|(d, i)| (i, store.current_stage(d), current_stage_entry(store, d))).collect();
        assert_eq!(open, want);
    }

    #[test]
    fn stage_days_read_back_in_order_across_blocks() {
        // 200,000 visits fill blocks of 256, 512, ... up to 65,536 entries: read back in push
        // order, all of them or the deals a filter keeps.
        let mut list = StageDays::default();
        for r in 0..200_000u32 {
            list.push(r, f64::from(r) / 2.0);
        }
        assert!(list.deals.len() > 5 && list.deals.iter().all(|b| b.len() <= StageDays::LARGEST));
        // Both loops (`many` or not) give the same days.
        for many in [false, true] {
            let mut all = Vec::new();
            list.days_of(|_| true, many, &mut all);
            assert_eq!(all, (0..200_000u32).map(|r| f64::from(r) / 2.0).collect::<Vec<f64>>());
            let mut some = vec![-1.0];
            list.days_of(|r| r % 70_000 == 3, many, &mut some);
            assert_eq!(some, [-1.0, 1.5, 35_001.5, 70_001.5]);
        }
    }

    #[test]
    fn the_walk_gives_the_paths_and_days_of_the_rules() {
        let mut bytes = Vec::new();
        crate::generate::generate(&crate::generate::GenerateOptions { deals: 400, seed: 5, ..Default::default() }, &mut bytes).unwrap();
        agrees_with_the_rules(crate::Dataset::from_json(&bytes).unwrap().store());
        let messy = br#"{"settings": {"asOf": "2026-04-01"}, "stages": [{"id": "a", "order": 1}, {"id": "b", "order": 2},
          {"id": "c", "order": 3}, {"id": "won", "kind": "won"}, {"id": "lost", "kind": "lost"}], "deals": [
          {"id": "1", "stage": "b", "history": [{"at": "2026-01-01", "stage": "a"}, {"at": "2026-01-01", "stage": "a"},
            {"at": "2026-01-03", "stage": "x"}, {"at": "2026-01-04", "stage": "b"}, {"at": "2026-01-02", "stage": "a"}]},
          {"id": "2", "stage": "won", "history": [{"at": "2026-01-01", "stage": "c"}, {"at": "2026-01-05", "stage": "won"},
            {"at": "2026-01-06", "stage": "a"}, {"at": "2026-01-09", "stage": "won"}]},
          {"id": "3", "stage": "lost", "history": [{"at": "2026-01-01", "stage": "a"}, {"at": "2026-01-07", "stage": "c"},
            {"at": "2026-01-08", "stage": "b"}, {"at": "2026-01-10", "stage": "lost"}]},
          {"id": "4", "stage": "c"},
          {"id": "5", "history": [{"at": "2026-01-01", "stage": "b"}, {"at": "2026-01-02", "stage": "a"}, {"at": "2026-01-03", "stage": "b"}]}
        ]}"#;
        agrees_with_the_rules(crate::Dataset::from_json(messy).unwrap().store());
    }
}
