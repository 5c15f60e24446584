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
    figure_of(tally, ctx, scope, &mut sink)
}

/// Values of the records of a plan by position: kept for the whole population, or read for the
/// period only.
struct ByPosition<V> {
    values: Arc<Vec<V>>,
    /// Population position of `values[0]`.
    first: usize,
}

impl<V: Copy> ByPosition<V> {
    /// The values `read` gives of the plan's records, or those kept under `kept` when the
    /// plan's population is kept.
    fn of(plan: &Plan, kept: Option<Arc<Vec<V>>>, read: impl FnOnce(&[(i64, u32)]) -> Vec<V>) -> ByPosition<V> {
        match kept {
            Some(values) => ByPosition { values, first: 0 },
            None => ByPosition { values: Arc::new(read(plan.records)), first: plan.start },
        }
    }

    /// The values from population position `position` on (empty when there are none): the value
    /// of the plan's `k`-th record is `from(plan.start).get(k)`.
    fn from(&self, position: usize) -> &[V] {
        position.checked_sub(self.first).and_then(|i| self.values.get(i..)).unwrap_or_default()
    }
}

/// Where the tallies of a plan's scopes sit in one flat list, and which of them each record
/// feeds: built once per plan by code shared by every [`Tally`] indicator, so that what is
/// instantiated per indicator is only the feeding loop ([`feed`]) and the figures ([`figures_of`]).
///
/// Slot 0 is the period's, slots `1..=buckets` the buckets', then each key's groups in the order
/// of their group numbers.
struct Layout {
    /// The scope of each slot.
    scopes: Vec<Scope>,
    /// Slots whose figure is wanted even without records (the period and the buckets).
    fixed: usize,
    /// Per key: its group values and the group number of each of the plan's records
    /// (`u32::MAX`: no group), from `plan.start` on.
    keys: Vec<(Vec<Sym>, ByPosition<u32>)>,
    /// The plan's records cut at bucket edges: each run and its bucket's slot, if any.
    runs: Vec<(std::ops::Range<usize>, Option<usize>)>,
}

/// Where a record's tallies are found: slot `base + numbers[k * stride]` for the plan's `k`-th
/// record, when that number is below `len` (stride 0: every record feeds the one slot `base`).
#[derive(Clone, Copy)]
struct Feed<'a> {
    base: usize,
    len: usize,
    numbers: &'a [u32],
    stride: usize,
}

/// The number of a fixed slot's [`Feed`] (stride 0).
const ONE: &[u32] = &[0];

impl Layout {
    /// The layout of `plan`'s scopes, its groups read from `table`.
    #[inline(never)]
    fn of(ctx: &Ctx, table: Collection, plan: &Plan) -> Layout {
        let store = ctx.store;
        let whole = Scope { from: plan.from, to: plan.to, group: None };
        let mut scopes = vec![whole];
        scopes.extend(plan.buckets.iter().map(|&((from, to), _)| Scope { from, to, group: None }));
        let fixed = scopes.len();
        let mut keys = Vec::with_capacity(plan.keys.len());
        for &key in plan.keys {
            let groups = super::groups::numbered(store, table, key);
            let numbers = |records: &[(i64, u32)]| records.iter().map(|p| groups.of(p.1).map_or(u32::MAX, |g| g as u32)).collect();
            let kept = plan.kept.map(|(id, pop)| populations::group_numbers(store, id, key, || numbers(pop)));
            scopes.extend(groups.values.iter().map(|&g| Scope { group: Some((key, g)), ..whole }));
            keys.push((groups.values.clone(), ByPosition::of(plan, kept, numbers)));
        }
        let mut runs = Vec::with_capacity(2 * plan.buckets.len() + 1);
        let mut at = 0;
        for (b, (_, range)) in plan.buckets.iter().enumerate() {
            let (start, end) = (range.start.max(at), range.end.max(at));
            runs.push((at..start, None));
            runs.push((start..end, Some(1 + b)));
            at = end;
        }
        runs.push((at..plan.records.len().max(at), None));
        runs.retain(|(range, _)| !range.is_empty());
        Layout { scopes, fixed, keys, runs }
    }

    /// The feeds of the records of `run` (its bucket's slot, if any): the period, the bucket,
    /// each key's groups.
    fn feeds<'a>(&'a self, plan: &Plan, bucket: Option<usize>) -> Vec<Feed<'a>> {
        let mut feeds = vec![Feed { base: 0, len: 1, numbers: ONE, stride: 0 }];
        feeds.extend(bucket.map(|base| Feed { base, len: 1, numbers: ONE, stride: 0 }));
        let mut base = self.fixed;
        for (values, numbers) in &self.keys {
            feeds.push(Feed { base, len: values.len(), numbers: numbers.from(plan.start), stride: 1 });
            base += values.len();
        }
        feeds
    }

    /// The figures of a plan, from each slot's figure (`None`: a group without records).
    #[inline(never)]
    fn planned(self, ctx: &Ctx, figures: Vec<Option<Figure>>) -> Planned {
        let mut figures = figures.into_iter();
        let period = figures.next().flatten().unwrap_or_default();
        let buckets = figures.by_ref().take(self.fixed - 1).map(Option::unwrap_or_default).collect();
        let groups = self
            .keys
            .into_iter()
            .map(|(values, _)| {
                let with_records = values.into_iter().zip(figures.by_ref()).filter_map(|(g, f)| f.map(|f| (g, f)));
                sorted_by_name(ctx, with_records.collect::<Vec<_>>())
            })
            .collect();
        Planned { period, buckets, groups }
    }
}

/// Feeds each record of `run` (positions in the plan's records; `items` and `records` from the
/// run's start) to the tallies of its `feeds`, in record order: the one copy of the loop per
/// [`Tally`], `add` inlined once.
#[inline(never)]
fn feed<T: Tally>(env: &T::Env<'_>, tallies: &mut [Option<T>], run: std::ops::Range<usize>, items: &[T::Item], records: &[(i64, u32)], feeds: &[Feed]) {
    let mut none = None;
    for k in run {
        let (Some(&item), Some(&(_, r))) = (items.get(k), records.get(k)) else { continue };
        for f in feeds {
            let Some(&g) = f.numbers.get(k * f.stride) else { continue };
            if (g as usize) < f.len {
                if let Some(slot) = tallies.get_mut(f.base + g as usize) {
                    slot.get_or_insert_with(T::default).add(env, item, r, &mut none);
                }
            }
        }
    }
}

/// The figure of each slot's tally (the first `fixed` also without records).
#[inline(never)]
fn figures_of<T: Tally>(ctx: &Ctx, tallies: Vec<Option<T>>, scopes: &[Scope], fixed: usize) -> Vec<Option<Figure>> {
    let slots = tallies.into_iter().zip(scopes).enumerate();
    slots.map(|(i, (t, scope))| if i < fixed { Some(t.unwrap_or_default()) } else { t }.map(|t| figure_of(t, ctx, scope, &mut None))).collect()
}

/// `tally`'s figure for `scope`: the one copy of [`Tally::figure`] that [`compute`] and
/// [`figures_of`] call (figures are few, a call each costs nothing; a copy costs module bytes).
#[inline(never)]
fn figure_of<T: Tally>(tally: T, ctx: &Ctx, scope: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure {
    tally.figure(ctx, scope, sink)
}

/// The items of `records`, in order: the one copy of [`Tally::item`]'s loop for a plan, whether
/// its items are kept or read for the period.
#[inline(never)]
fn items_of<T: Tally>(env: &T::Env<'_>, records: &[(i64, u32)]) -> Vec<T::Item> {
    records.iter().map(|p| T::item(env, p.1)).collect()
}

/// Feeds every record of the plan to the tallies of the period, its bucket and its groups, and
/// gives their figures. Each tally sees exactly its scope's records in population order, as
/// [`compute`] would: the figures are the same, down to the last bit of every sum.
fn by_layout<T: Tally>(ctx: &Ctx, plan: &Plan, layout: Layout) -> Planned {
    let env = T::env(ctx);
    let read = |records: &[(i64, u32)]| items_of::<T>(&env, records);
    let kept_items = plan.kept.map(|(_, pop)| populations::items(ctx.store, plan.id, || read(pop)));
    let items = ByPosition::of(plan, kept_items, read);
    let tallies = layout.scopes.iter().map(|_| None).collect();
    by_fed(ctx, plan, layout, Box::new(Tallied::<T> { env, items, tallies }))
}

/// The per-indicator half of [`by_layout`] behind one vtable (one call per run of records, not
/// per record), so that the walk over the runs and the figures' assembly are one copy.
trait Fed {
    /// [`feed`] of the records of `run`.
    fn feed(&mut self, plan: &Plan, run: std::ops::Range<usize>, feeds: &[Feed]);
    /// [`figures_of`] of the tallies fed.
    fn figures(self: Box<Self>, ctx: &Ctx, layout: &Layout) -> Vec<Option<Figure>>;
}

/// A [`Tally`]'s env, its items by population position, and the tally of each slot.
struct Tallied<'s, T: Tally> {
    env: T::Env<'s>,
    items: ByPosition<T::Item>,
    tallies: Vec<Option<T>>,
}

impl<T: Tally> Fed for Tallied<'_, T> {
    fn feed(&mut self, plan: &Plan, run: std::ops::Range<usize>, feeds: &[Feed]) {
        feed::<T>(&self.env, &mut self.tallies, run, self.items.from(plan.start), plan.records, feeds);
    }
    fn figures(self: Box<Self>, ctx: &Ctx, layout: &Layout) -> Vec<Option<Figure>> {
        figures_of(ctx, self.tallies, &layout.scopes, layout.fixed)
    }
}

/// The shared half of [`by_layout`]: each run of records fed, then the figures assembled.
#[inline(never)]
fn by_fed(ctx: &Ctx, plan: &Plan, layout: Layout, mut fed: Box<dyn Fed + '_>) -> Planned {
    for (run, bucket) in &layout.runs {
        fed.feed(plan, run.clone(), &layout.feeds(plan, *bucket));
    }
    let figures = fed.figures(ctx, &layout);
    layout.planned(ctx, figures)
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
    by_layout::<T>(ctx, plan, Layout::of(ctx, def.table(), plan))
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
        let mut index = BucketIndex { buckets: plan.buckets, first_day, by_day: None };
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

    /// The bucket holding `at` (an instant of the period, on local day `day`), if any.
    pub fn of(&self, at: i64, day: i64) -> Option<usize> {
        match &self.by_day {
            Some(days) => {
                let d = usize::try_from(day - self.first_day).ok()?;
                days.get(d).filter(|&&b| b != u32::MAX).map(|&b| b as usize)
            }
            None => self.search(at),
        }
    }
}
