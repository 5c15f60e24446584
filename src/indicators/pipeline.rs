//! Pipeline indicators: coverage of the quota by the open pipeline, and pipeline velocity.
//!
//! `pipeline_coverage` (x, higher): open pipeline / quota base, over the open deals (as of
//! `asOf`) whose `expectedCloseAt` lies in the scope, attributed at that date. Variants
//! (`variants.pipeline_coverage`):
//! - `remaining_quota` (default): open amount / (quota - won so far), where the quota is
//!   [`super::quota::quota_for`] the scope and "won so far" is the amount of the deals won in
//!   [from, min(to, asOf)) in the scope's group (found by scanning every deal with the group
//!   filter, since they are not in the population);
//! - `total_quota`: open amount / quota;
//! - `mature`: probability-weighted open amount / (quota - won so far), each deal weighted by the
//!   `probability` of its current stage in `stages` (a value above 1 is read as a percentage);
//!   deals whose stage has no probability are left out and counted in `stats.withoutProbability`,
//!   and when no open deal has one the value is `null` with `insufficient_data`.
//!
//! No quota (zero denominator) gives `null` with `insufficient_data`; a quota already reached
//! (remaining <= 0) gives `null` with status `met`. Open deals with an unknown amount are counted
//! in `sampleSize` but add nothing. Drill-down: numerator = the open deals counted; denominator =
//! the quota rows, then the won deals subtracted from them. `stats.quota` and `stats.won` give the
//! two terms of the denominator.
//!
//! `pipeline_velocity` (currency/day, higher): (open deals x win rate x average deal size) /
//! sales cycle days, the revenue per day the open pipeline produces at the scope's rates.
//! - The population is the deals closed (won or lost) in the scope, attributed at their close:
//!   the win rate (by count), average deal size and sales cycle (mean days created -> won) are
//!   those of `win_rate`, `average_deal_size` and `sales_cycle_days` over these deals;
//! - open deals: the deals open as of `asOf`, created before the scope's end (creation unknown:
//!   left out), in the scope's group.
//!
//! Numerator = open x win rate x average size, denominator = cycle days. Any input missing (no
//! closed deal, no won deal with an amount or a creation date) or a cycle of 0 days or less gives `null` with
//! `insufficient_data`; no open deal gives 0. `sampleSize` is the number of closed deals; stats
//! `openDeals`, `winRate`, `averageDealSize`, `salesCycleDays`. Drill-down: numerator = the open
//! deals, denominator = the won deals behind size and cycle.

pub mod velocity;

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::{den, num};
use super::figure::DataStatus;
use super::quota::quota_for;
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::query::CoverageBase;
use crate::store::{MemoKey, Status, Store, NO_TIME};

/// The pipeline indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "pipeline_coverage",
            label: "Pipeline coverage",
            description: "open amount of open deals expected to close in period / (quota - won so far); `total_quota`: / quota; `mature`: stage-probability-weighted amount (deals whose stage has no probability counted apart); nothing left to cover = `null` + `met`",
            unit: Unit::Multiple,
            better: Better::Higher,
            timing: Timing::Period,
            definition: coverage_definition,
            variants: &["pipelineCoverage"],
            next_step: "Build pipeline for the period: prospect and pull qualified deals forward (3x coverage is the usual target)",
            headline: Headline::Sidebar,
            card: true,
            attributed_at: Attribution::DealExpectedClose,
            compute: Compute::tally::<Coverage>(),
        },
        Def {
            id: "pipeline_velocity",
            label: "Pipeline velocity",
            description: "open deals x win rate x average won size / mean cycle days (last three over deals closed in period)",
            unit: Unit::CurrencyPerDay,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| {
                "(open deals as of asOf created before period end x win rate x average deal size) / sales cycle days; \
                 win rate, size and cycle of the deals closed in period"
                    .into()
            },
            variants: &[],
            next_step: "Unblock the pipeline: find the stage where deals slow down and the segment where win rate fell",
            headline: Headline::No,
            card: true,
            attributed_at: Attribution::DealClosed,
            compute: Compute::tally::<velocity::Velocity>(),
        },
    ]
}

fn coverage_definition(ctx: &Ctx) -> String {
    let base = "open deals (as of asOf) with expectedCloseAt in period";
    match ctx.query.variants.pipeline_coverage {
        CoverageBase::RemainingQuota => format!("remaining_quota: open amount of {base} / (prorated quota - won so far in period)"),
        CoverageBase::TotalQuota => format!("total_quota: open amount of {base} / prorated quota for the period"),
        CoverageBase::Mature => {
            format!("mature: stage-probability-weighted open amount of {base} / (prorated quota - won so far in period)")
        }
    }
}

/// Expected close of an open deal that has one.
pub fn expected_close_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = ctx.store.deal(i);
    (d.status == Status::Open && d.expected_close != NO_TIME).then_some(d.expected_close)
}

fn in_group(ctx: &Ctx, scope: &Scope, i: usize) -> bool {
    scope.group.is_none_or(|(key, value)| super::groups::group_value(ctx.store, Collection::Deals, i as u32, key) == value)
}

/// Won deals as (close, index), sorted, kept in the store's memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct WonByClose;
impl MemoKey for WonByClose {
    type Value = Vec<(i64, u32)>;
}

/// Deals won in [from, min(to, asOf)) in the scope's group, in store order: read off the won deals
/// sorted by close (kept per store).
fn won_so_far(ctx: &Ctx, scope: &Scope) -> Vec<u32> {
    let store = ctx.store;
    let won = store.memo.get_or_init(WonByClose, || {
        let mut won: Vec<(i64, u32)> = (0..store.deals.len() as u32).filter_map(|i| super::deals::won_at(ctx, i).map(|t| (t, i))).collect();
        won.sort_unstable();
        won
    });
    let end = scope.to.min(ctx.query.as_of);
    let (start, stop) = (won.partition_point(|w| w.0 < scope.from), won.partition_point(|w| w.0 < end));
    let in_period = won.get(start..stop.max(start)).unwrap_or_default().iter().map(|w| w.1);
    let mut out: Vec<u32> = in_period.filter(|&i| in_group(ctx, scope, i as usize)).collect();
    crate::sort::sort_u32(&mut out);
    out
}

/// Probability of a deal's current stage in [0, 1], when its stage declares one.
fn stage_probability(store: &Store, i: u32) -> Option<f64> {
    probability_of(store, store.deals.get(i as usize)?.stage)
}

/// A stage's probability (`stages[].probability`, or the stage map's) in [0, 1]; a value above 1
/// is read as a percentage; `None` when the stage declares none.
pub fn probability_of(store: &Store, stage: crate::store::Sym) -> Option<f64> {
    let p = store.stages.iter().find(|s| s.id == stage)?.probability;
    p.is_finite().then(|| if p > 1.0 { p / 100.0 } else { p }.clamp(0.0, 1.0))
}

/// `pipeline_coverage` over the open deals of a scope: their open amount (weighted by stage
/// probability under `mature`, deals without one counted apart), then the quota base.
#[derive(Default)]
struct Coverage {
    open: f64,
    without_probability: u64,
    deals: u64,
}

impl Tally for Coverage {
    /// The store, and whether the amounts are weighted (`mature`).
    type Env<'s> = (&'s Store, bool);
    /// Amount (NaN when unknown) and stage probability.
    type Item = (f64, Option<f64>);
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (ctx.store, ctx.query.variants.pipeline_coverage == CoverageBase::Mature)
    }
    fn item(&(store, _): &Self::Env<'_>, r: u32) -> Self::Item {
        (store.deals.get(r as usize).map_or(f64::NAN, |d| d.amount), stage_probability(store, r))
    }
    fn add(&mut self, &(_, weighted): &Self::Env<'_>, (amount, probability): Self::Item, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.deals += 1;
        let weight = if weighted { probability } else { Some(1.0) };
        match weight {
            None => self.without_probability += 1,
            Some(_) if !amount.is_finite() => {}
            Some(w) => {
                self.open += amount * w;
                num(sink, Collection::Deals, r);
            }
        }
    }
    fn figure(self, ctx: &Ctx, scope: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure {
        let variant = ctx.query.variants.pipeline_coverage;
        let mature = variant == CoverageBase::Mature;
        let (quota, used) = quota_for(ctx, scope);
        used.iter().for_each(|&q| den(sink, Collection::Quotas, q));
        let mut won = 0.0;
        if variant != CoverageBase::TotalQuota {
            for r in won_so_far(ctx, scope) {
                let amount = ctx.store.deals.get(r as usize).map_or(f64::NAN, |d| d.amount);
                if amount.is_finite() {
                    won += amount;
                    den(sink, Collection::Deals, r);
                }
            }
        }
        let mut figure = Figure::ratio(self.open, quota - won, self.deals);
        if quota <= 0.0 || (mature && self.deals > 0 && self.without_probability == self.deals) {
            figure.value = None;
            figure.status = DataStatus::InsufficientData;
        } else if quota - won <= 0.0 {
            figure.value = None;
            figure.status = DataStatus::Met;
        }
        figure = figure.with_stat("quota", Some(quota)).with_stat("won", Some(won));
        if mature {
            figure = figure.with_stat("withoutProbability", Some(self.without_probability as f64));
        }
        figure
    }
}
