//! Pipeline by stage: the open pipeline of each open stage as of the query's `asOf`, shown in the
//! report's funnel beside the cohort's counts (`funnel[].pipeline`).
//!
//! Population: the `deal_aging` population (status open as of `asOf`, created before it or with no
//! `createdAt`; [`super::aging::open_at_as_of`]) on the store as of `asOf`
//! ([`crate::report::view`]), each deal in its current stage ([`crate::store::Store::current_stage`]: the
//! deal's `stage`, else the last stage of its history). Open deals whose current stage is not one
//! of the funnel's open stages are in no row (`deal_aging`'s `count` still counts them).
//!
//! Per stage:
//! - `count`: open deals in the stage.
//! - `amount`: the sum of their amounts in the base currency (converted as every amount is,
//!   `variants.fx`); deals without a converted amount are left out and counted in `withoutAmount`.
//! - `probability`: the stage's (`stages[].probability` or the stage map's, [0, 1]; a value above 1
//!   is a percentage, [`super::pipeline::probability_of`]); `weightedAmount` = `amount` x it, `null`
//!   (never 0) when the stage declares no probability.
//! - `medianDaysInStage`: median of `asOf` - the entry into the current stage, in days: the first
//!   entry of the history's last run, or `createdAt` when the history has no stage entry
//!   ([`super::stage_path::current_stage_entry`]); deals whose entry is not dated (the history ends
//!   in another stage) are left out and counted in `undatedEntry`; `null` when none is dated.
//! - `stalled`: deals stalled by `deal_aging`'s rule ([`super::aging::stalled`]); `unjudged` those it
//!   cannot judge.
//!
//! Drill-down (`{"indicator": "deal_aging", "stage": id}`): the stage's open deals are the
//! denominator, its stalled deals the numerator, each with its amount.

use super::aging::{open_as_of, open_deal_reader, stalled, OpenDeal};
use super::path_table::PathTable;
use super::{Ctx, DrillSink, Figure, Collection};
use crate::stats::percentile_unsorted;
use crate::store::{MemoKey, Status, Sym};
use crate::time::DAY_MS;
use serde::Serialize;

/// The open pipeline of one stage as of `asOf` (see the module doc).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct StagePipeline {
    /// Open deals in the stage.
    pub count: u64,
    /// Sum of their converted amounts (base currency).
    pub amount: f64,
    /// Open deals without a converted amount (left out of `amount`).
    pub without_amount: u64,
    /// The stage's probability in [0, 1]; `null` when it declares none.
    pub probability: Option<f64>,
    /// `amount` x `probability`; `null` when the stage has no probability.
    pub weighted_amount: Option<f64>,
    /// Median days since the entry into the stage.
    pub median_days_in_stage: Option<f64>,
    /// Open deals whose entry into the stage is not dated (left out of the median).
    pub undated_entry: u64,
    /// Stalled deals (`deal_aging`'s rule).
    pub stalled: u64,
    /// Deals the stalled rule cannot judge.
    pub unjudged: u64,
}

/// Folds the open deals of one stage, recording them into an optional drill sink.
#[derive(Default)]
struct Fold {
    out: StagePipeline,
    days: Vec<f64>,
}

impl Fold {
    fn add(&mut self, ctx: &Ctx, r: u32, deal: &OpenDeal, sink: &mut Option<&mut DrillSink>) {
        let as_of = ctx.query.as_of;
        self.out.count += 1;
        super::drill::den(sink, Collection::Deals, r);
        if deal.amount.is_nan() {
            self.out.without_amount += 1;
        } else {
            self.out.amount += deal.amount;
        }
        match deal.entry {
            Some(at) => self.days.push((as_of as f64 - at as f64) / DAY_MS as f64),
            None => self.out.undated_entry += 1,
        }
        match stalled(as_of, deal) {
            Some(true) => {
                self.out.stalled += 1;
                super::drill::num(sink, Collection::Deals, r);
            }
            Some(false) => {}
            None => self.out.unjudged += 1,
        }
    }

    fn finish(mut self, ctx: &Ctx, stage: Sym) -> StagePipeline {
        self.out.probability = super::pipeline::probability_of(ctx.store, stage);
        self.out.weighted_amount = self.out.probability.map(|p| self.out.amount * p);
        self.out.median_days_in_stage = percentile_unsorted(&self.days, 0.5);
        self.out
    }
}

/// The open deals as of `asOf`, in store order, with what the figures read of them: the open deals
/// of the store's path table ([`PathTable::open`]) created before `asOf` ([`open_as_of`]: an open
/// deal without `createdAt` is in).
fn open_deals<'c>(ctx: &'c Ctx, table: &'c PathTable) -> impl Iterator<Item = (u32, OpenDeal)> + 'c {
    let (read, as_of) = (open_deal_reader(ctx.store), ctx.query.as_of);
    table.open.iter().map(move |o| (o.deal, read(o))).filter(move |(_, d)| open_as_of(Status::Open, d.created, as_of))
}

/// The open pipeline per stage at the store's own `asOf` (the same for every query that does not
/// move `asOf`), kept in the store's memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct AtStoreAsOf;
impl MemoKey for AtStoreAsOf {
    type Value = Vec<StagePipeline>;
}

/// The open pipeline of each of the funnel's stages (`table.stages`), in their order. At the
/// store's own `asOf` it is the same for every query, so it is worked out once and kept: a
/// re-query with a new period or grouping does not walk every deal's history again.
pub fn by_stage(ctx: &Ctx, table: &PathTable) -> Vec<StagePipeline> {
    if ctx.query.as_of == ctx.store.settings.as_of {
        return ctx.store.memo.get_or_init(AtStoreAsOf, || compute(ctx, table)).to_vec();
    }
    compute(ctx, table)
}

fn compute(ctx: &Ctx, table: &PathTable) -> Vec<StagePipeline> {
    let stages = &table.stages;
    let mut folds: Vec<Fold> = stages.ids.iter().map(|_| Fold::default()).collect();
    for (r, deal) in open_deals(ctx, table) {
        if let Some(fold) = stages.pos.get(&deal.stage).and_then(|&k| folds.get_mut(k)) {
            fold.add(ctx, r, &deal, &mut None);
        }
    }
    folds.into_iter().zip(&stages.ids).map(|(f, &s)| f.finish(ctx, s)).collect()
}

/// The drill-down of stage `stage` (an id): its open deals into the sink, and the cell's numbers
/// as a figure: value = `amount`, numerator = `stalled`, denominator = `count`, the rest in stats.
/// `None` when `stage` is not an open stage of the funnel.
pub fn drill(ctx: &Ctx, stage: &str, sink: &mut DrillSink) -> Option<Figure> {
    let table = PathTable::of(ctx.store);
    let stages = &table.stages;
    let sym = ctx.store.strings.lookup(stage).filter(|s| stages.pos.contains_key(s))?;
    let mut fold = Fold::default();
    let mut sink = Some(sink);
    for (r, deal) in open_deals(ctx, &table).filter(|(_, d)| d.stage == sym) {
        fold.add(ctx, r, &deal, &mut sink);
    }
    let p = fold.finish(ctx, sym);
    let mut figure = Figure::ratio(p.stalled as f64, p.count as f64, p.count);
    // The amount of no deal is a true 0, not missing.
    (figure.value, figure.status) = (Some(p.amount), super::figure::DataStatus::Ok);
    for (name, value) in [
        ("count", Some(p.count as f64)),
        ("amount", Some(p.amount)),
        ("withoutAmount", Some(p.without_amount as f64)),
        ("probability", p.probability),
        ("weightedAmount", p.weighted_amount),
        ("medianDaysInStage", p.median_days_in_stage),
        ("undatedEntry", Some(p.undated_entry as f64)),
        ("stalled", Some(p.stalled as f64)),
        ("unjudged", Some(p.unjudged as f64)),
    ] {
        figure.stats.insert(name, value);
    }
    Some(figure)
}
