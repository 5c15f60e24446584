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

use super::drill::{den, num};
use super::figure::DataStatus;
use super::quota::quota_for;
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::query::CoverageBase;
use crate::store::{Status, NO_TIME};

/// The pipeline indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "pipeline_coverage",
            unit: Unit::Multiple,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: coverage_definition,
            attribute: expected_close_at,
            compute: pipeline_coverage,
            batch: None,
        },
        Def {
            id: "pipeline_velocity",
            unit: Unit::CurrencyPerDay,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| {
                "(open deals as of asOf created before period end x win rate x average deal size) / sales cycle days; \
                 win rate, size and cycle of the deals closed in period"
                    .into()
            },
            attribute: super::deals::closed_at,
            compute: pipeline_velocity,
            batch: None,
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
    let d = &ctx.store.deals[i as usize];
    (d.status == Status::Open && d.expected_close != NO_TIME).then_some(d.expected_close)
}

fn in_group(ctx: &Ctx, scope: &Scope, i: usize) -> bool {
    scope.group.is_none_or(|(key, value)| super::groups::group_value(ctx.store, Table::Deals, i as u32, key) == value)
}

/// Deals won in [from, min(to, asOf)) in the scope's group.
fn won_so_far(ctx: &Ctx, scope: &Scope) -> Vec<u32> {
    let end = scope.to.min(ctx.query.as_of);
    (0..ctx.store.deals.len())
        .filter(|&i| super::deals::won_at(ctx, i as u32).is_some_and(|t| t >= scope.from && t < end) && in_group(ctx, scope, i))
        .map(|i| i as u32)
        .collect()
}

/// Probability of a deal's current stage in [0, 1], when its stage declares one.
fn stage_probability(ctx: &Ctx, i: u32) -> Option<f64> {
    let stage = ctx.store.deals[i as usize].stage;
    let p = ctx.store.stages.iter().find(|s| s.id == stage)?.probability;
    p.is_finite().then(|| if p > 1.0 { p / 100.0 } else { p }.clamp(0.0, 1.0))
}

/// Open amount of `records` (weighted by stage probability when `weighted`), and how many deals
/// were left out for lack of a probability.
fn open_amount(ctx: &Ctx, records: &[u32], weighted: bool, sink: &mut Option<&mut DrillSink>) -> (f64, u64) {
    let (mut sum, mut without) = (0.0, 0);
    for &r in records {
        let amount = ctx.store.deals[r as usize].amount;
        let weight = if weighted { stage_probability(ctx, r) } else { Some(1.0) };
        match weight {
            None => without += 1,
            Some(_) if !amount.is_finite() => {}
            Some(w) => {
                sum += amount * w;
                num(sink, Table::Deals, r);
            }
        }
    }
    (sum, without)
}

fn pipeline_coverage(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let variant = ctx.query.variants.pipeline_coverage;
    let mature = variant == CoverageBase::Mature;
    let (open, without_probability) = open_amount(ctx, records, mature, &mut sink);
    let (quota, used) = quota_for(ctx, scope);
    used.iter().for_each(|&q| den(&mut sink, Table::Quotas, q));
    let mut won = 0.0;
    if variant != CoverageBase::TotalQuota {
        for r in won_so_far(ctx, scope) {
            let amount = ctx.store.deals[r as usize].amount;
            if amount.is_finite() {
                won += amount;
                den(&mut sink, Table::Deals, r);
            }
        }
    }
    let mut figure = Figure::ratio(open, quota - won, records.len() as u64);
    if quota <= 0.0 || (mature && !records.is_empty() && without_probability == records.len() as u64) {
        figure.value = None;
        figure.status = DataStatus::InsufficientData;
    } else if quota - won <= 0.0 {
        figure.value = None;
        figure.status = DataStatus::Met;
    }
    figure = figure.with_stat("quota", Some(quota)).with_stat("won", Some(won));
    if mature {
        figure = figure.with_stat("withoutProbability", Some(without_probability as f64));
    }
    figure
}

/// The value of one deal indicator (`win_rate`, ...) over `records`, reusing its definition.
fn deal_value(ctx: &Ctx, scope: &Scope, id: &str, records: &[u32]) -> Option<f64> {
    let defs = super::deals::definitions();
    super::find(&defs, id).and_then(|d| (d.compute)(ctx, scope, records, None).value)
}

/// Deals open as of `asOf`, created before the scope's end, in its group.
fn open_deals(ctx: &Ctx, scope: &Scope) -> Vec<u32> {
    let deals = &ctx.store.deals;
    (0..deals.len())
        .filter(|&i| {
            let d = &deals[i];
            d.status == Status::Open && d.created != NO_TIME && d.created < scope.to && in_group(ctx, scope, i)
        })
        .map(|i| i as u32)
        .collect()
}

fn pipeline_velocity(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let won: Vec<u32> = records.iter().copied().filter(|&r| ctx.store.deals[r as usize].status == Status::Won).collect();
    let win_rate = deal_value(ctx, scope, "win_rate", records);
    let size = deal_value(ctx, scope, "average_deal_size", &won);
    let cycle = deal_value(ctx, scope, "sales_cycle_days", &won);
    let open = open_deals(ctx, scope);
    open.iter().for_each(|&r| num(&mut sink, Table::Deals, r));
    won.iter().for_each(|&r| den(&mut sink, Table::Deals, r));
    let mut figure = match (win_rate, size, cycle) {
        (Some(w), Some(s), Some(c)) if c > 0.0 => Figure::ratio(open.len() as f64 * w * s, c, records.len() as u64),
        _ => Figure { sample_size: records.len() as u64, ..Figure::insufficient() },
    };
    if figure.value.is_some_and(|v| !v.is_finite()) {
        figure.value = None;
        figure.status = DataStatus::InsufficientData;
    }
    figure
        .with_stat("openDeals", Some(open.len() as f64))
        .with_stat("winRate", win_rate)
        .with_stat("averageDealSize", size)
        .with_stat("salesCycleDays", cycle)
}
