//! Pipeline coverage and pipeline velocity.
//!
//! Coverage asks "is there enough open pipeline to make the number?": open deals expected to
//! close in the period over what is left of the quota. Velocity asks "how much revenue does the
//! pipeline produce per day?": open deals x win rate x average deal size / sales cycle.

use super::deals::closed_at;
use super::drill::{den, num};
use super::figure::DataStatus;
use super::groups::group_value;
use super::quota::quota_for;
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::query::CoverageBase;
use crate::store::{DealRow, Status, NO_TIME};
use crate::time::DAY_MS;

/// The pipeline family.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "pipeline_coverage",
            unit: Unit::Multiple,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: coverage_definition,
            attribute: expected_close_of_open,
            compute: pipeline_coverage,
        },
        Def {
            id: "pipeline_velocity",
            unit: Unit::CurrencyPerDay,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| {
                "(open deals created before the period end x win rate x average won deal size) / mean sales cycle \
                 days, the last three over deals closed in period: revenue per day the pipeline produces"
                    .into()
            },
            attribute: closed_at,
            compute: pipeline_velocity,
        },
    ]
}

fn coverage_definition(ctx: &Ctx) -> String {
    match ctx.query.variants.pipeline_coverage {
        CoverageBase::RemainingQuota => "remaining_quota: open amount of open deals expected to close in period / (quota - won amount so far in period)",
        CoverageBase::TotalQuota => "total_quota: open amount of open deals expected to close in period / quota for the period",
        CoverageBase::Mature => "mature: stage-probability-weighted open amount of open deals expected to close in period / (quota - won amount so far in period)",
    }
    .into()
}

/// Open deals, attributed to their expected close.
fn expected_close_of_open(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = &ctx.store.deals[i as usize];
    (d.status == Status::Open && d.expected_close != NO_TIME).then_some(d.expected_close)
}

/// Whether deal `i` belongs to the scope's group (always, ungrouped).
fn in_group(ctx: &Ctx, scope: &Scope, i: u32) -> bool {
    scope.group.is_none_or(|(key, value)| group_value(ctx.store, Table::Deals, i, key) == value)
}

/// Won amount of the scope's group closed in [from, min(to, asOf)).
fn won_so_far(ctx: &Ctx, scope: &Scope) -> f64 {
    let until = scope.to.min(ctx.query.as_of);
    let won = |(_, d): &(usize, &DealRow)| d.status == Status::Won && d.closed >= scope.from && d.closed < until && !d.amount.is_nan();
    ctx.store.deals.iter().enumerate().filter(won).filter(|(i, _)| in_group(ctx, scope, *i as u32)).map(|(_, d)| d.amount).sum()
}

/// `pipeline_coverage`. Deals without a known amount (no fx rate) are left out; in the `mature`
/// variant so are deals whose stage has no probability (counted in `stats.unweighted`). No quota:
/// `null`, `insufficient_data`. Nothing left to cover (won already reached the quota): `null`
/// with status `met`.
fn pipeline_coverage(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let variant = ctx.query.variants.pipeline_coverage;
    let (mut open, mut count, mut unweighted) = (0.0, 0, 0);
    for &r in records {
        let d = &ctx.store.deals[r as usize];
        let weight = match variant {
            CoverageBase::Mature => ctx.store.stages.iter().find(|s| s.id == d.stage).map_or(f64::NAN, |s| s.probability),
            _ => 1.0,
        };
        if d.amount.is_nan() || weight.is_nan() {
            unweighted += usize::from(weight.is_nan());
            continue;
        }
        open += d.amount * weight;
        count += 1;
        num(&mut sink, Table::Deals, r);
    }
    let Some((quota, rows)) = quota_for(ctx, scope) else {
        return Figure { numerator: Some(open), sample_size: count, ..Figure::insufficient() };
    };
    let won = won_so_far(ctx, scope);
    let base = if variant == CoverageBase::TotalQuota { quota } else { quota - won };
    for r in rows {
        den(&mut sink, Table::Quotas, r);
    }
    let mut figure = Figure::ratio(open, base, count).with_stat("quota", Some(quota)).with_stat("wonSoFar", Some(won));
    if variant == CoverageBase::Mature {
        figure = figure.with_stat("unweighted", Some(unweighted as f64));
    }
    if quota > 0.0 && base <= 0.0 {
        figure.value = None;
        figure.status = DataStatus::Met;
    } else if quota <= 0.0 {
        figure.value = None;
        figure.status = DataStatus::InsufficientData;
    }
    figure
}

/// `pipeline_velocity` = open deals x win rate x average deal size / sales cycle days.
/// `records` are the deals closed in scope (win rate, won size and cycle come from them); open
/// deals are those open now and created before the scope's end, in the scope's group. Any input
/// missing (no closed deal, no won deal with an amount, zero cycle) gives `null`,
/// `insufficient_data`. Drill: numerator = the open deals, denominator = the deals closed in scope.
fn pipeline_velocity(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let deals = &ctx.store.deals;
    let (mut won, mut amounts, mut days) = (0u64, Vec::new(), Vec::new());
    for &r in records {
        let d = &deals[r as usize];
        den(&mut sink, Table::Deals, r);
        if d.status == Status::Won {
            won += 1;
            if !d.amount.is_nan() {
                amounts.push(d.amount);
            }
            if d.created != NO_TIME {
                days.push((d.closed - d.created) as f64 / DAY_MS as f64);
            }
        }
    }
    let mut open = 0u64;
    for (i, d) in deals.iter().enumerate() {
        if d.status == Status::Open && d.created != NO_TIME && d.created < scope.to && in_group(ctx, scope, i as u32) {
            open += 1;
            num(&mut sink, Table::Deals, i as u32);
        }
    }
    let win_rate = (!records.is_empty()).then(|| won as f64 / records.len() as f64);
    let size = crate::stats::mean(&amounts);
    let cycle = crate::stats::mean(&days).filter(|c| *c > 0.0);
    let mut figure = match (win_rate, size, cycle) {
        (Some(w), Some(s), Some(c)) => Figure::ratio(open as f64 * w * s, c, open),
        _ => Figure { sample_size: open, ..Figure::insufficient() },
    };
    figure.stats.insert("openDeals", Some(open as f64));
    figure.stats.insert("winRate", win_rate);
    figure.stats.insert("averageDealSize", size);
    figure.stats.insert("salesCycleDays", cycle);
    figure
}
