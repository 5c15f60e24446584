//! `pipeline_velocity` (see [`super`]): the closed deals of the scope give the win rate, and their
//! won deals the average size and the sales cycle, each as its own indicator computes it; the open
//! deals created before the scope's end are counted from their creation times, sorted once.

use super::super::scopes::Tally;
use super::super::deals::cycle::CycleDays;
use super::super::deals::{AverageDealSize, WinRate};
use super::super::drill::den;
use super::super::figure::DataStatus;
use super::super::groups::group_value;
use super::super::{Ctx, DrillSink, Figure, Scope, Collection};
use crate::query::GroupKey;
use crate::store::{MemoKey, Status, Store, Sym, NO_SYM, NO_TIME};
use rustc_hash::FxHashMap as HashMap;

/// The tallies of `win_rate` (closed deals), `average_deal_size` and `sales_cycle_days` (won deals).
#[derive(Default)]
pub(in crate::indicators) struct Velocity {
    closed: u64,
    win_rate: WinRate,
    size: AverageDealSize,
    cycle: CycleDays,
}

/// The environments of the three tallies.
type Env<'s> = (<WinRate as Tally>::Env<'s>, <AverageDealSize as Tally>::Env<'s>, <CycleDays as Tally>::Env<'s>);

impl Tally for Velocity {
    type Env<'s> = Env<'s>;
    /// The three tallies' items.
    type Item = (<WinRate as Tally>::Item, <AverageDealSize as Tally>::Item, <CycleDays as Tally>::Item);
    fn env<'s>(ctx: &Ctx<'s>) -> Env<'s> {
        (WinRate::env(ctx), AverageDealSize::env(ctx), CycleDays::env(ctx))
    }
    fn item((w, s, c): &Env<'_>, r: u32) -> Self::Item {
        (WinRate::item(w, r), AverageDealSize::item(s, r), CycleDays::item(c, r))
    }
    fn add(&mut self, (w, s, c): &Env<'_>, (won, size, cycle): Self::Item, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.closed += 1;
        self.win_rate.add(w, won, r, &mut None);
        if won {
            self.size.add(s, size, r, &mut None);
            self.cycle.add(c, cycle, r, &mut None);
            den(sink, Collection::Deals, r);
        }
    }
    fn figure(self, ctx: &Ctx, scope: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure {
        let win_rate = self.win_rate.figure(ctx, scope, &mut None).value;
        let size = self.size.figure(ctx, scope, &mut None).value;
        let cycle = self.cycle.figure(ctx, scope, &mut None).value;
        let open = match sink.as_deref_mut() {
            Some(sink) => {
                let open = open_deals(ctx, scope);
                open.iter().for_each(|&r| sink.num(Collection::Deals, r));
                open.len()
            }
            None => open_count(ctx.store, scope),
        };
        let mut figure = match (win_rate, size, cycle) {
            (Some(w), Some(s), Some(c)) if c > 0.0 => Figure::ratio(open as f64 * w * s, c, self.closed),
            _ => Figure { sample_size: self.closed, ..Figure::insufficient() },
        };
        if figure.value.is_some_and(|v| !v.is_finite()) {
            figure.value = None;
            figure.status = DataStatus::InsufficientData;
        }
        figure
            .with_stat("openDeals", Some(open as f64))
            .with_stat("winRate", win_rate)
            .with_stat("averageDealSize", size)
            .with_stat("salesCycleDays", cycle)
    }
}

/// An open deal with a creation time counts.
fn counts(store: &Store, i: usize) -> Option<i64> {
    store.deals.get(i).filter(|d| d.status == Status::Open && d.created != NO_TIME).map(|d| d.created)
}

/// Deals open as of `asOf`, created before the scope's end, in its group, in store order.
fn open_deals(ctx: &Ctx, scope: &Scope) -> Vec<u32> {
    let store = ctx.store;
    let in_group = |i: u32| scope.group.is_none_or(|(key, value)| group_value(store, Collection::Deals, i, key) == value);
    (0..store.deals.len() as u32).filter(|&i| counts(store, i as usize).is_some_and(|c| c < scope.to) && in_group(i)).collect()
}

/// Creation times of the open deals, sorted, by group under a key (`None`: all deals), kept in
/// the store's memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct OpenCreated(Option<GroupKey>);
impl MemoKey for OpenCreated {
    type Value = HashMap<Sym, Vec<i64>>;
}

/// The number of [`open_deals`], from their creation times sorted once per store (per group).
fn open_count(store: &Store, scope: &Scope) -> usize {
    let key = scope.group.map(|g| g.0);
    let sorted = store.memo.get_or_init(OpenCreated(key), || open_created(store, key));
    let value = scope.group.map_or(NO_SYM, |g| g.1);
    sorted.get(&value).map_or(0, |times| times.partition_point(|&c| c < scope.to))
}

/// Creation times of the open deals, sorted, by group under `key` (all under [`NO_SYM`] without).
fn open_created(store: &Store, key: Option<GroupKey>) -> HashMap<Sym, Vec<i64>> {
    let mut out: HashMap<Sym, Vec<i64>> = HashMap::default();
    for i in 0..store.deals.len() {
        if let Some(created) = counts(store, i) {
            let group = key.map_or(NO_SYM, |k| group_value(store, Collection::Deals, i as u32, k));
            out.entry(group).or_default().push(created);
        }
    }
    for times in out.values_mut() {
        times.sort_unstable();
    }
    out
}
