//! `sales_cycle_days`: mean days createdAt -> close of the won deals (median, p90 in stats), and
//! the Kaplan-Meier quantiles of the days to win of the deals created in the scope.
//!
//! The Kaplan-Meier cohort is not the indicator's records (won deals, attributed at their close)
//! but every deal created in the scope, so a report's cohorts (period, buckets, groups) are read
//! from the store's observations sorted once ([`KmTable`]): one pass in time order feeds each
//! observation to the running curve of every scope it belongs to.

use super::super::scopes::{self, BucketIndex, Plan, Planned, Tally};
use super::super::drill::{den, num};
use super::super::groups::{created_in, numbered};
use super::super::columns::DealColumns;
use super::super::ranks::{Ranked, RankedItem, ScopeValues};
use super::super::{Ctx, Def, DrillSink, Figure, Scope, Collection};
use super::deal;
use crate::query::GroupKey;
use crate::stats::{from_total_key, total_key};
use crate::stats_km::{km_curve_down_to, km_key, km_observation, km_quantile, km_threshold, sort_km, Observation};
use crate::store::{DealRow, MemoKey, Status, Store, NO_TIME};
use crate::time::DAY_MS;
use std::sync::{Arc, Mutex, PoisonError};

/// The Kaplan-Meier quantiles reported, by stat name.
const QUANTILES: [(&str, f64); 3] = [("kmMedian", 0.5), ("kmP25", 0.25), ("kmP75", 0.75)];

/// The survival below which no reported quantile changes any more.
fn floor() -> f64 {
    QUANTILES.iter().map(|q| km_threshold(q.1)).fold(f64::INFINITY, f64::min)
}

/// Days createdAt -> close of a deal with a creation time.
fn cycle_days(d: &DealRow) -> Option<f64> {
    days_between(d.created, d.closed)
}

/// Days from `created` (when known) to `closed`.
fn days_between(created: i64, closed: i64) -> Option<f64> {
    (created != NO_TIME).then(|| (closed - created) as f64 / DAY_MS as f64)
}

/// Days created -> close of the won deals with both instants, ranked (kept in the store's memo).
#[derive(Clone, PartialEq, Eq, Hash)]
struct WonCycles;
impl MemoKey for WonCycles {
    type Value = Ranked<f64>;
}

/// Cycle days of the won deals with a close (the records of this indicator), ranked once per store.
fn won_cycles(store: &Store) -> Arc<Ranked<f64>> {
    store.memo.get_or_init(WonCycles, || {
        let columns = DealColumns::of(store);
        let won = columns.deals().filter(|d| d.1 == Status::Won && d.4 != NO_TIME);
        Ranked::from_keys(store.deals.len(), won.filter_map(|d| days_between(d.3, d.4).map(|c| (total_key(c), d.0))).collect(), from_total_key)
    })
}

/// The mean part of the figure: cycle days of the records with a creation time.
#[derive(Default)]
pub(in crate::indicators) struct CycleDays {
    days: ScopeValues,
}

impl Tally for CycleDays {
    type Env<'s> = (&'s Store, Arc<Ranked<f64>>);
    type Item = RankedItem;
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (ctx.store, won_cycles(ctx.store))
    }
    fn item(&(store, ref ranked): &Self::Env<'_>, r: u32) -> RankedItem {
        ranked.item(r, || store.deals.get(r as usize).and_then(cycle_days))
    }
    fn add(&mut self, _: &Self::Env<'_>, days: RankedItem, r: u32, sink: &mut Option<&mut DrillSink>) {
        if self.days.add(days) {
            num(sink, Collection::Deals, r);
            den(sink, Collection::Deals, r);
        }
    }
    fn figure(self, ctx: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::mean_of_sorted(&self.days.sorted(&won_cycles(ctx.store)), &[("median", 0.5), ("p90", 0.9)])
    }
}

/// The `compute` of `sales_cycle_days`.
pub fn sales_cycle_days(ctx: &Ctx, scope: &Scope, records: &[u32], sink: Option<&mut DrillSink>) -> Figure {
    let mut figure = scopes::compute::<CycleDays>(ctx, scope, records, sink);
    let curve = km_curve_down_to(&created_cohort(ctx, scope), floor());
    for (name, p) in QUANTILES {
        figure.stats.insert(name, km_quantile(&curve, p));
    }
    figure
}

/// Days to win of a deal created at `d.created` (known): won deals observed at their close; open
/// deals censored at `as_of`; lost deals censored at their loss (time to win had they not been
/// lost, the cause-specific reading: treating loss as a competing risk instead would leave no
/// median whenever fewer than half the deals win). Closed deals without a close time, and deals
/// whose end precedes their creation, have none.
fn observation(d: &DealRow, as_of: i64) -> Option<Observation> {
    observation_of(d.status, d.created, d.closed, as_of)
}

/// [`observation`] of a deal's status, creation (known) and close.
fn observation_of(status: Status, created: i64, closed: i64, as_of: i64) -> Option<Observation> {
    let (end, won) = match status {
        Status::Open => (as_of, false),
        _ if closed == NO_TIME => return None,
        status => (closed, status == Status::Won),
    };
    (end >= created).then(|| ((end - created) as f64 / DAY_MS as f64, won))
}

/// The observations of every deal with a creation time at the store's `asOf`, sorted once.
#[derive(Debug, Default)]
pub struct KmTable {
    /// The observations in [`km_order`](crate::stats_km::km_order), with their deals.
    ranked: Ranked<Observation>,
    /// The creation time of each observation's deal, in the same order.
    created: Vec<i64>,
    /// The local day of each of those creations ([`Calendar::local_day`](crate::calendar::Calendar::local_day)):
    /// a report's bucket of an observation is then a lookup by day ([`BucketIndex::of`]), where
    /// working the day out again took ~4 ms per pass over 1M observations.
    created_day: Vec<i32>,
    /// The quantiles of the last report's period and buckets ([`km_all_scopes`]).
    last_periodic: Mutex<Option<Periodic>>,
}

/// The Kaplan-Meier quantiles of a period and its buckets (runs 0 ..= buckets of
/// [`km_all_scopes`]), kept for the next report over the same ones: a new grouping then runs its
/// groups' curves alone, where feeding the period's and the bucket's curves too was ~2/3 of the
/// curve pass (~20 ms at 1M deals).
#[derive(Debug)]
struct Periodic {
    /// The period's [from, to), then each bucket's.
    bounds: Vec<(i64, i64)>,
    quantiles: Vec<[Option<f64>; 3]>,
}

/// The Kaplan-Meier observations of the deals with a creation time at the store's `asOf`,
/// sorted (kept in the store's memo).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Km;
impl MemoKey for Km {
    type Value = KmTable;
}

/// The group numbers under a key of the [`KmTable`]'s observations (kept in the store's memo).
#[derive(Clone, PartialEq, Eq, Hash)]
struct KmGroups(GroupKey);
impl MemoKey for KmGroups {
    type Value = Vec<u32>;
}

fn km_table(store: &Store) -> Arc<KmTable> {
    store.memo.get_or_init(Km, || {
        let as_of = store.settings.as_of;
        // The deals with a creation time (the deals of `Store::deals_by_created`), read from the
        // columns in store order: the ranking's order does not depend on the order it is given.
        let columns = DealColumns::of(store);
        let created = columns.deals().filter(|d| d.3 != NO_TIME);
        // Events before censorings at equal times: the order of `km_order`.
        let keyed = created.filter_map(|d| observation_of(d.1, d.3, d.4, as_of).map(|o| (km_key(&o), d.0)));
        let ranked = Ranked::from_keys(store.deals.len(), keyed.collect(), km_observation);
        let created: Vec<i64> = ranked.values().map(|(i, _)| columns.created(i)).collect();
        let calendar = &store.settings.calendar;
        // A parsed instant's day fits: chrono's dates span fewer than 2^31 days.
        let created_day = created.iter().map(|&c| i32::try_from(calendar.local_day(c)).unwrap_or(i32::MAX)).collect();
        KmTable { ranked, created, created_day, last_periodic: Mutex::default() }
    })
}

/// The group number under `key` of each observation of the [`KmTable`], in its order.
fn km_groups(store: &Store, key: GroupKey) -> Arc<Vec<u32>> {
    store.memo.get_or_init(KmGroups(key), || {
        let groups = numbered(store, Collection::Deals, key);
        km_table(store).ranked.values().map(|(i, _)| groups.of(i).map_or(u32::MAX, |g| g as u32)).collect()
    })
}

/// The [`observation`]s of the deals created in the scope (and its group), in [`km_order`](crate::stats_km::km_order):
/// read from the [`KmTable`] when the query's `asOf` is the store's, else sorted here.
fn created_cohort(ctx: &Ctx, scope: &Scope) -> Vec<Observation> {
    let store = ctx.store;
    let as_of = ctx.query.as_of;
    let members = created_in(store, scope);
    if as_of != store.settings.as_of {
        let mut out: Vec<Observation> = members.iter().filter_map(|&i| observation(deal(ctx, i), as_of)).collect();
        sort_km(&mut out);
        return out;
    }
    km_table(store).ranked.sorted(members.into_iter())
}

/// A Kaplan-Meier curve fed one observation at a time in [`km_order`](crate::stats_km::km_order): the steps of
/// [`km_curve_down_to`] (same arithmetic, same order), keeping only the quantiles.
#[derive(Debug, Clone)]
struct KmRun {
    at_risk: f64,
    survival: f64,
    /// The time of the observations being gathered (ties), when any.
    pending: Option<f64>,
    events: f64,
    leaving: f64,
    quantiles: [Option<f64>; 3],
    done: bool,
}

/// The survival thresholds of [`QUANTILES`], and the lowest of them.
#[derive(Clone, Copy)]
struct Thresholds {
    each: [f64; 3],
    floor: f64,
}

impl KmRun {
    fn new(at_risk: f64) -> KmRun {
        KmRun { at_risk, survival: 1.0, pending: None, events: 0.0, leaving: 0.0, quantiles: [None; 3], done: at_risk == 0.0 }
    }

    fn add(&mut self, (t, won): Observation, limits: Thresholds) {
        if self.done {
            return;
        }
        if self.pending == Some(t) {
            self.events += f64::from(u8::from(won));
            self.leaving += 1.0;
            return;
        }
        self.close(limits);
        (self.pending, self.events, self.leaving) = (Some(t), f64::from(u8::from(won)), 1.0);
    }

    /// Ends the gathered time: a curve step when it had an event.
    fn close(&mut self, limits: Thresholds) {
        let Some(t) = self.pending.take() else { return };
        if self.events > 0.0 {
            self.survival *= 1.0 - self.events / self.at_risk;
            for (found, &limit) in self.quantiles.iter_mut().zip(&limits.each) {
                if found.is_none() && self.survival <= limit {
                    *found = Some(t);
                }
            }
            self.done = self.survival <= limits.floor;
        }
        self.at_risk -= self.leaving;
    }

    fn quantiles(mut self, limits: Thresholds) -> [Option<f64>; 3] {
        if !self.done {
            self.close(limits);
        }
        self.quantiles
    }
}

fn insert_quantiles(figure: &mut Figure, quantiles: [Option<f64>; 3]) {
    for ((name, _), q) in QUANTILES.into_iter().zip(quantiles) {
        figure.stats.insert(name, q);
    }
}

/// The [`Compute::all_scopes`](super::super::Compute::all_scopes) of `sales_cycle_days`.
pub fn all_scopes(ctx: &Ctx, def: &Def, plan: &Plan) -> Planned {
    let mut planned = scopes::by_tally::<CycleDays>(ctx, def, plan);
    if !plan.stats {
        return planned;
    }
    if ctx.query.as_of == ctx.store.settings.as_of {
        km_all_scopes(ctx, plan, &mut planned);
        return planned;
    }
    let period = Scope { from: plan.from, to: plan.to, group: None };
    let mut scopes: Vec<(Scope, &mut Figure)> = vec![(period, &mut planned.period)];
    scopes.extend(plan.buckets.iter().zip(&mut planned.buckets).map(|(&((from, to), _), f)| (Scope { from, to, group: None }, f)));
    for (&key, groups) in plan.keys.iter().zip(&mut planned.groups) {
        scopes.extend(groups.iter_mut().map(|(g, f)| (Scope { group: Some((key, *g)), ..period }, f)));
    }
    for (scope, figure) in scopes {
        let curve = km_curve_down_to(&created_cohort(ctx, &scope), floor());
        insert_quantiles(figure, QUANTILES.map(|(_, p)| km_quantile(&curve, p)));
    }
    planned
}

/// The scopes of a plan a Kaplan-Meier observation belongs to, by the creation of its deal.
struct Scopes<'a> {
    from: i64,
    to: i64,
    buckets: BucketIndex<'a>,
    /// Per key: the group number of each observation, and the position of the key's first run.
    keys: Vec<(Arc<Vec<u32>>, usize)>,
}

impl Scopes<'_> {
    /// Calls `feed(run)` for each run observation `k` (created at `c`, on local day `day`)
    /// belongs to: the period (run 0), its bucket (1 + bucket), its group under each key (key
    /// offset + group number).
    fn each(&self, k: usize, c: i64, day: i32, mut feed: impl FnMut(usize)) {
        if c < self.from || c >= self.to {
            return;
        }
        feed(0);
        if let Some(b) = self.buckets.of(c, i64::from(day)) {
            feed(1 + b);
        }
        for (groups, offset) in &self.keys {
            // `u32::MAX` ([`km_groups`]: a deal without a group number) feeds no run: on wasm32
            // `offset + g` would wrap to the run before the key's first.
            if let Some(&g) = groups.get(k).filter(|&&g| g != u32::MAX) {
                feed(offset + g as usize);
            }
        }
    }
}

/// The Kaplan-Meier quantiles of every scope of the plan, from two passes over the [`KmTable`]
/// (one counts each scope's deals, one runs the curves). Runs are laid out period first, then
/// the buckets, then each key's groups by group number. The period's and the buckets' quantiles
/// are the last report's when it had the same ones ([`Periodic`]).
fn km_all_scopes(ctx: &Ctx, plan: &Plan, planned: &mut Planned) {
    let store = ctx.store;
    let table = km_table(store);
    let limits = Thresholds { each: QUANTILES.map(|(_, p)| km_threshold(p)), floor: floor() };
    let bounds: Vec<(i64, i64)> = std::iter::once((plan.from, plan.to)).chain(plan.buckets.iter().map(|b| b.0)).collect();
    let mut last = table.last_periodic.lock().unwrap_or_else(PoisonError::into_inner);
    let kept = last.as_ref().filter(|p| p.bounds == bounds).map(|p| p.quantiles.clone());
    let mut scopes = Scopes { from: plan.from, to: plan.to, buckets: BucketIndex::new(&store.settings.calendar, plan), keys: Vec::new() };
    let mut runs_len = 1 + plan.buckets.len();
    for &key in plan.keys {
        scopes.keys.push((km_groups(store, key), runs_len));
        runs_len += numbered(store, Collection::Deals, key).values.len();
    }
    let mut counts = vec![0.0f64; runs_len];
    for (k, (&c, &day)) in table.created.iter().zip(&table.created_day).enumerate() {
        scopes.each(k, c, day, |m| {
            if let Some(n) = counts.get_mut(m) {
                *n += 1.0;
            }
        });
    }
    // Kept quantiles: the period's and the buckets' runs start done (no deal at risk), so the
    // curve pass feeds them nothing.
    let first_group = 1 + plan.buckets.len();
    let kept_runs = kept.as_ref().map_or(0, |_| first_group);
    let mut runs: Vec<KmRun> = counts.into_iter().enumerate().map(|(m, n)| KmRun::new(if m < kept_runs { 0.0 } else { n })).collect();
    let mut open = runs.iter().filter(|r| !r.done).count();
    for (k, ((_, observation), (&c, &day))) in table.ranked.values().zip(table.created.iter().zip(&table.created_day)).enumerate() {
        scopes.each(k, c, day, |m| {
            if let Some(run) = runs.get_mut(m).filter(|r| !r.done) {
                run.add(observation, limits);
                open -= usize::from(run.done);
            }
        });
        if open == 0 {
            break;
        }
    }
    let mut quantiles: Vec<[Option<f64>; 3]> = runs.into_iter().map(|r| r.quantiles(limits)).collect();
    match kept {
        Some(kept) => quantiles.iter_mut().zip(kept).for_each(|(q, k)| *q = k),
        // A plan without buckets (the comparison's previous period) is not kept: it would push out
        // the report's own period, which the next grouping asks for again.
        None if !plan.buckets.is_empty() => *last = Some(Periodic { bounds, quantiles: quantiles.iter().take(first_group).copied().collect() }),
        None => {}
    }
    let mut quantiles = quantiles.into_iter();
    insert_quantiles(&mut planned.period, quantiles.next().unwrap_or_default());
    for figure in &mut planned.buckets {
        insert_quantiles(figure, quantiles.next().unwrap_or_default());
    }
    let rest: Vec<[Option<f64>; 3]> = quantiles.collect();
    for ((&key, groups), (_, offset)) in plan.keys.iter().zip(&mut planned.groups).zip(&scopes.keys) {
        let numbers = numbered(store, Collection::Deals, key);
        let number: rustc_hash::FxHashMap<_, usize> = numbers.values.iter().enumerate().map(|(i, &g)| (g, i)).collect();
        for (g, figure) in groups.iter_mut() {
            let found = number.get(g).and_then(|i| (offset + i).checked_sub(first_group)).and_then(|i| rest.get(i));
            insert_quantiles(figure, found.copied().unwrap_or_default());
        }
    }
}
