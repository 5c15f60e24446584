//! Every scope of an indicator in one pass: the period, each cadence bucket and each group.
//!
//! Named `scopes` (it was `batch`, a word that also named a `Def` field and a function here, and
//! that says nothing of what is grouped): a report asks one indicator for the figures of all its
//! scopes at once, and [`figures`] answers, by the indicator's [`super::Compute::all_scopes`] or
//! scope by scope with [`super::Compute::scope`].
//!
//! The report needs an indicator's figure for the period, for every bucket of its series and for
//! every group of every key. Computed scope by scope, each record is read once per scope it falls
//! in, plus once more to split the period by group. Most indicators are a [`Tally`]: a running
//! count or sum over the records of a scope, then a figure. One pass over the period's records
//! in population order feeds each record to the tally of the period, of its bucket and of its
//! group under each key, so each tally sees exactly the records, in exactly the order, that the
//! scope-by-scope computation gives it: the figures are the same, down to the last bit of every
//! sum.

use super::populations::{self, Population, PopulationId};
use super::drill::DrillSink;
use super::{Ctx, Def, Figure, Scope, Collection, Timing};
use crate::calendar::Cadence;
use crate::query::GroupKey;
use crate::store::Sym;
use std::sync::Arc;

/// The scopes of one indicator in a report.
pub struct Plan<'a> {
    /// The indicator's id (names what is kept in population order).
    pub id: &'static str,
    /// The whole population: (instant, record) sorted by instant.
    pub population: &'a [(i64, u32)],
    /// The population and its number when the store keeps it ([`super::population`]): what is
    /// read of its records is then kept in population order too.
    pub kept: Option<(PopulationId, &'a Population)>,
    /// The records of the period (snapshot indicators: all), a run of `population`.
    pub records: &'a [(i64, u32)],
    /// Position of `records` in `population`.
    pub start: usize,
    /// The period [from, to).
    pub from: i64,
    /// End of the period (exclusive).
    pub to: i64,
    /// Each bucket's [from, to) and its records as a range of positions in `records`
    /// (consecutive, in time order; empty for snapshot indicators).
    pub buckets: &'a [((i64, i64), std::ops::Range<usize>)],
    /// The group keys.
    pub keys: &'a [GroupKey],
    /// Whether the figures need their stats; `false` when only the value, numerator and
    /// denominator are read (the drivers), so that costly stats (Kaplan-Meier) can be left out.
    pub stats: bool,
}

/// What is asked of one indicator: its figures over `period`, each bucket's of `cadence`
/// (snapshot indicators and `None`: no buckets), each group's of each key.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The period [from, to).
    pub period: (i64, i64),
    /// The series' bucket size, if a series is wanted.
    pub cadence: Option<Cadence>,
    /// The group keys.
    pub keys: &'a [GroupKey],
    /// See [`Plan::stats`].
    pub stats: bool,
}

/// The figures of every scope of a [`Plan`].
#[derive(Debug, Default)]
pub struct Planned {
    /// The period's figure.
    pub period: Figure,
    /// One figure per bucket, in order.
    pub buckets: Vec<Figure>,
    /// Per key: each group with records and its figure, groups sorted by name (`"(none)"` last).
    pub groups: Vec<Vec<(Sym, Figure)>>,
}

/// A figure built record by record: an indicator whose figure over a scope is a fold of its
/// records in order, then a closing step that may read the scope.
///
/// What the fold reads of a record is its [`Tally::Item`], a function of the store and the record
/// alone: a report reads the items of a kept population in population order (a run of memory)
/// instead of record by record across the store.
pub trait Tally: Default {
    /// What `item` and `add` read (columns of the store, the query's variant).
    type Env<'s>;
    /// What the fold reads of one record; depends on the store and the record only.
    type Item: Copy + Send + Sync + 'static;
    /// The [`Tally::Env`] of a store and query.
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s>;
    /// The item of record `r`.
    fn item(env: &Self::Env<'_>, r: u32) -> Self::Item;
    /// Counts record `r` (whose item is `item`), recording it into `sink` where it counts.
    fn add(&mut self, env: &Self::Env<'_>, item: Self::Item, r: u32, sink: &mut Option<&mut DrillSink>);
    /// The figure of the records added, for `scope`, recording into `sink` what the scope
    /// rather than a record adds (quotas, deals outside the records).
    fn figure(self, ctx: &Ctx, scope: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure;
}

/// The figure of `records` in `scope`: the [`super::Compute::scope`] of a [`Tally`] indicator.
pub fn compute<T: Tally>(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let env = T::env(ctx);
    let mut tally = T::default();
    for &r in records {
        tally.add(&env, T::item(&env, r), r, &mut sink);
    }
    tally.figure(ctx, scope, &mut sink)
}

/// The tallies of every scope of a plan, before their figures (for indicators that add to them).
pub struct Tallies<T> {
    /// The period's.
    pub period: T,
    /// Each bucket's.
    pub buckets: Vec<T>,
    /// Per key: the key, its group values, and each group's tally (`None` without records).
    pub groups: Vec<(GroupKey, Vec<Sym>, Vec<Option<T>>)>,
}

/// Values of the records of a plan by position: kept for the whole population, or read for the
/// period only.
struct ByPosition<V> {
    values: Arc<Vec<V>>,
    /// Population position of `values[0]`.
    first: usize,
}

impl<V: Copy> ByPosition<V> {
    /// Values of `value(record)` for the plan's records, kept under `kept` when the plan's
    /// population is kept.
    fn of(plan: &Plan, kept: Option<Arc<Vec<V>>>, value: impl Fn(u32) -> V) -> ByPosition<V> {
        match kept {
            Some(values) => ByPosition { values, first: 0 },
            None => ByPosition { values: Arc::new(plan.records.iter().map(|p| value(p.1)).collect()), first: plan.start },
        }
    }

    fn get(&self, position: usize) -> Option<V> {
        position.checked_sub(self.first).and_then(|i| self.values.get(i)).copied()
    }
}

/// Feeds every record of the plan to the tallies of the period, its bucket and its groups.
pub fn tally<T: Tally>(ctx: &Ctx, table: Collection, plan: &Plan) -> Tallies<T> {
    let env = T::env(ctx);
    let store = ctx.store;
    let kept_items = plan.kept.map(|(_, pop)| populations::items(store, plan.id, || pop.iter().map(|p| T::item(&env, p.1)).collect()));
    let items = ByPosition::of(plan, kept_items, |r| T::item(&env, r));
    let mut keys = Vec::with_capacity(plan.keys.len());
    let mut out = Tallies { period: T::default(), buckets: plan.buckets.iter().map(|_| T::default()).collect(), groups: Vec::new() };
    for &key in plan.keys {
        let groups = super::groups::numbered(store, table, key);
        let number = |r: u32| groups.of(r).map_or(u32::MAX, |g| g as u32);
        let kept = plan.kept.map(|(id, pop)| populations::group_numbers(store, id, key, || pop.iter().map(|p| number(p.1)).collect()));
        keys.push(ByPosition::of(plan, kept, number));
        out.groups.push((key, groups.values.clone(), groups.values.iter().map(|_| None).collect()));
    }
    let mut none = None;
    let mut bucket = plan.buckets.iter().zip(out.buckets.iter_mut()).peekable();
    for (j, &(_, r)) in plan.records.iter().enumerate() {
        let position = plan.start + j;
        let Some(item) = items.get(position) else { continue };
        out.period.add(&env, item, r, &mut none);
        while bucket.peek().is_some_and(|((_, range), _)| range.end <= j) {
            bucket.next();
        }
        if let Some(((_, range), tally)) = bucket.peek_mut() {
            if range.contains(&j) {
                tally.add(&env, item, r, &mut none);
            }
        }
        for (numbers, (_, _, tallies)) in keys.iter().zip(&mut out.groups) {
            if let Some(slot) = numbers.get(position).and_then(|g| tallies.get_mut(g as usize)) {
                slot.get_or_insert_with(T::default).add(&env, item, r, &mut none);
            }
        }
    }
    out
}

impl<T: Tally> Tallies<T> {
    /// The figures of every scope.
    pub fn figures(self, ctx: &Ctx, plan: &Plan) -> Planned {
        let period = self.period.figure(ctx, &Scope { from: plan.from, to: plan.to, group: None }, &mut None);
        let buckets = self.buckets.into_iter().zip(plan.buckets).map(|(t, &((from, to), _))| t.figure(ctx, &Scope { from, to, group: None }, &mut None)).collect();
        let groups = self
            .groups
            .into_iter()
            .map(|(key, values, tallies)| {
                let with_records = values.into_iter().zip(tallies).filter_map(|(g, t)| t.map(|t| (g, t)));
                let figures = with_records.map(|(g, t)| (g, t.figure(ctx, &Scope { from: plan.from, to: plan.to, group: Some((key, g)) }, &mut None)));
                sorted_by_name(ctx, figures.collect())
            })
            .collect();
        Planned { period, buckets, groups }
    }
}
/// The figures `request` asks of `def`, by its [`super::Compute::all_scopes`].
pub fn figures(ctx: &Ctx, def: &Def, request: &Request) -> Planned {
    figures_with(ctx, def, request, def.compute.all_scopes)
}

/// [`figures`] by `all_scopes`, or scope by scope with [`super::Compute::scope`] when `None`.
pub fn figures_with(ctx: &Ctx, def: &Def, request: &Request, all_scopes: Option<super::AllScopes>) -> Planned {
    let (from, to) = request.period;
    let (pop, kept) = super::population_kept(ctx, def);
    let (start, end) = match def.timing {
        Timing::Period => (pop.partition_point(|p| p.0 < from), pop.partition_point(|p| p.0 < to)),
        Timing::Snapshot => (0, pop.len()),
    };
    let records = pop.get(start..end).unwrap_or_default();
    let cadence = request.cadence.filter(|_| def.timing == Timing::Period);
    let ranges = cadence.map_or_else(Vec::new, |c| ctx.store.settings.calendar.buckets(from, to, c));
    let buckets: Vec<_> = ranges.iter().map(|&(a, b)| ((a, b), records.partition_point(|p| p.0 < a)..records.partition_point(|p| p.0 < b))).collect();
    let plan = Plan {
        id: def.id,
        population: &pop,
        kept: kept.map(|id| (id, &pop)),
        records,
        start,
        from,
        to,
        buckets: &buckets,
        keys: request.keys,
        stats: request.stats,
    };
    match all_scopes {
        Some(all_scopes) => all_scopes(ctx, def, &plan),
        None => by_scope(ctx, def, &plan),
    }
}

/// The figures of a plan computed scope by scope with `compute`.
fn by_scope(ctx: &Ctx, def: &Def, plan: &Plan) -> Planned {
    let ids = |records: &[(i64, u32)]| -> Vec<u32> { records.iter().map(|p| p.1).collect() };
    let records = ids(plan.records);
    let period = (def.compute.scope)(ctx, &Scope { from: plan.from, to: plan.to, group: None }, &records, None);
    let buckets = plan
        .buckets
        .iter()
        .map(|((from, to), range)| {
            let members = ids(plan.records.get(range.clone()).unwrap_or_default());
            (def.compute.scope)(ctx, &Scope { from: *from, to: *to, group: None }, &members, None)
        })
        .collect();
    let groups = plan
        .keys
        .iter()
        .map(|&key| {
            let split = super::groups::partition(ctx.store, def.table(), &records, key);
            let scope = |value| Scope { from: plan.from, to: plan.to, group: Some((key, value)) };
            split.into_iter().map(|(value, members)| (value, (def.compute.scope)(ctx, &scope(value), &members, None))).collect()
        })
        .collect();
    Planned { period, buckets, groups }
}

/// All the figures of a [`Tally`] indicator's plan, its records read from `def.table()`: the
/// [`super::Compute::all_scopes`] that [`super::Compute::tally`] derives.
pub fn by_tally<T: Tally>(ctx: &Ctx, def: &Def, plan: &Plan) -> Planned {
    tally::<T>(ctx, def.table(), plan).figures(ctx, plan)
}

/// Groups sorted as [`super::groups::partition`] sorts them: by name, `"(none)"` last.
pub fn sorted_by_name<V>(ctx: &Ctx, mut groups: Vec<(Sym, V)>) -> Vec<(Sym, V)> {
    super::groups::sort_by_name(ctx.store, &mut groups);
    groups
}

/// Which bucket of a plan holds an instant of the period, in constant time: bucket edges other
/// than the period's own fall on local midnights, so a table by local day answers (binary search
/// over the buckets otherwise).
pub struct BucketIndex<'a> {
    buckets: &'a [((i64, i64), std::ops::Range<usize>)],
    calendar: crate::calendar::Calendar,
    /// Local day number of the period's first instant.
    first_day: i64,
    /// Bucket of each local day of the period, when every inner edge is a local midnight.
    by_day: Option<Vec<u32>>,
}

impl<'a> BucketIndex<'a> {
    /// The index of `plan`'s buckets.
    pub fn new(calendar: &crate::calendar::Calendar, plan: &Plan<'a>) -> BucketIndex<'a> {
        let first_day = calendar.local_day(plan.from);
        let days = calendar.local_day(plan.to.saturating_sub(1)) - first_day + 1;
        let inner = plan.buckets.iter().skip(1).map(|((from, _), _)| *from);
        let aligned = inner.clone().all(|edge| calendar.day_start(calendar.local_day(edge)) == edge);
        let mut index = BucketIndex { buckets: plan.buckets, calendar: calendar.clone(), first_day, by_day: None };
        if aligned && (1..=1_000_000).contains(&days) {
            let starts = (0..days).map(|d| calendar.day_start(first_day + d).max(plan.from));
            index.by_day = Some(starts.map(|s| index.search(s).map_or(u32::MAX, |b| b as u32)).collect());
        }
        index
    }

    fn search(&self, at: i64) -> Option<usize> {
        let b = self.buckets.partition_point(|((from, _), _)| *from <= at).checked_sub(1)?;
        self.buckets.get(b).filter(|((_, to), _)| at < *to).map(|_| b)
    }

    /// The bucket holding `at` (an instant of the period), if any.
    pub fn of(&self, at: i64) -> Option<usize> {
        match &self.by_day {
            Some(days) => {
                let d = usize::try_from(self.calendar.local_day(at) - self.first_day).ok()?;
                days.get(d).filter(|&&b| b != u32::MAX).map(|&b| b as usize)
            }
            None => self.search(at),
        }
    }
}
