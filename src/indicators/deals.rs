//! Deal outcome indicators: win rate (by count and by value), average deal size, sales cycle
//! length and pipeline created.

use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::stats_km::{km_curve, km_quantile};
use crate::store::{DealRow, Status, NO_TIME};
use crate::time::DAY_MS;

/// The deal indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "win_rate",
            unit: Unit::Ratio,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| "deals closed in period: won / (won + lost), by count".into(),
            attribute: closed_at,
            compute: win_rate,
        },
        Def {
            id: "win_rate_by_value",
            unit: Unit::Ratio,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| "deals closed in period: won amount / (won + lost amount), base currency".into(),
            attribute: closed_at,
            compute: win_rate_by_value,
        },
        Def {
            id: "average_deal_size",
            unit: Unit::Currency,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| "mean amount of deals won in period (median in stats), base currency".into(),
            attribute: won_at,
            compute: average_deal_size,
        },
        Def {
            id: "sales_cycle_days",
            unit: Unit::Days,
            better: Better::Lower,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| {
                "mean elapsed days createdAt -> close of deals won in period (median, p90 in stats); kmMedian, kmP25, kmP75: \
                 Kaplan-Meier days to win of deals created in period, open deals censored at asOf, lost deals censored at loss"
                    .into()
            },
            attribute: won_at,
            compute: sales_cycle_days,
        },
        Def {
            id: "pipeline_created",
            unit: Unit::Currency,
            better: Better::Higher,
            table: Table::Deals,
            timing: Timing::Period,
            definition: |_| "amount (value) and count (sampleSize) of deals created in period".into(),
            attribute: created_at,
            compute: pipeline_created,
        },
    ]
}

fn deal<'a>(ctx: &'a Ctx, i: u32) -> &'a DealRow {
    ctx.store.deal(i)
}

/// Close instant of a won or lost deal with a known close.
pub fn closed_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = deal(ctx, i);
    (d.status != Status::Open && d.closed != NO_TIME).then_some(d.closed)
}

/// Close instant of a won deal with a known close.
pub fn won_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = deal(ctx, i);
    (d.status == Status::Won && d.closed != NO_TIME).then_some(d.closed)
}

/// Creation instant of a deal.
pub fn created_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = deal(ctx, i);
    (d.created != NO_TIME).then_some(d.created)
}

fn win_rate(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut won = 0;
    for &r in records {
        den(&mut sink, Table::Deals, r);
        if deal(ctx, r).status == Status::Won {
            won += 1;
            num(&mut sink, Table::Deals, r);
        }
    }
    Figure::count_ratio(won, records.len() as u64)
}

fn win_rate_by_value(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let (mut won, mut total, mut count) = (0.0, 0.0, 0);
    for &r in records {
        let d = deal(ctx, r);
        if d.amount.is_nan() {
            continue;
        }
        count += 1;
        total += d.amount;
        den(&mut sink, Table::Deals, r);
        if d.status == Status::Won {
            won += d.amount;
            num(&mut sink, Table::Deals, r);
        }
    }
    Figure::ratio(won, total, count)
}

fn average_deal_size(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut amounts = Vec::with_capacity(records.len());
    for &r in records {
        let d = deal(ctx, r);
        if !d.amount.is_nan() {
            amounts.push(d.amount);
            num(&mut sink, Table::Deals, r);
            den(&mut sink, Table::Deals, r);
        }
    }
    Figure::mean_of(&mut amounts, &[("median", 0.5)])
}

fn sales_cycle_days(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut days = Vec::with_capacity(records.len());
    for &r in records {
        let d = deal(ctx, r);
        if d.created != NO_TIME {
            days.push((d.closed - d.created) as f64 / DAY_MS as f64);
            num(&mut sink, Table::Deals, r);
            den(&mut sink, Table::Deals, r);
        }
    }
    let mut figure = Figure::mean_of(&mut days, &[("median", 0.5), ("p90", 0.9)]);
    let curve = km_curve(&mut created_cohort(ctx, scope));
    for (name, p) in [("kmMedian", 0.5), ("kmP25", 0.25), ("kmP75", 0.75)] {
        figure.stats.insert(name, km_quantile(&curve, p));
    }
    figure
}

/// Days to win of the deals created in the scope: won deals observed at their close; open deals
/// censored at `asOf`; lost deals censored at their loss (time to win had they not been lost, the
/// cause-specific reading: treating loss as a competing risk instead would leave no median
/// whenever fewer than half the deals win). Closed deals without a close time are left out.
fn created_cohort(ctx: &Ctx, scope: &Scope) -> Vec<(f64, bool)> {
    let store = ctx.store;
    let in_group = |i: u32| scope.group.is_none_or(|(key, value)| super::groups::group_value(store, Table::Deals, i, key) == value);
    let created = store.deals_by_created();
    let start = created.partition_point(|c| c.0 < scope.from);
    let end = created.partition_point(|c| c.0 < scope.to);
    let mut out = Vec::new();
    for &(_, i) in created.get(start..end).unwrap_or_default().iter().filter(|c| in_group(c.1)) {
        let d = store.deal(i);
        let (end, won) = match d.status {
            Status::Open => (ctx.query.as_of, false),
            _ if d.closed == NO_TIME => continue,
            status => (d.closed, status == Status::Won),
        };
        if end >= d.created {
            out.push(((end - d.created) as f64 / DAY_MS as f64, won));
        }
    }
    out
}

fn pipeline_created(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut sum = 0.0;
    for &r in records {
        let d = deal(ctx, r);
        den(&mut sink, Table::Deals, r);
        if !d.amount.is_nan() {
            sum += d.amount;
            num(&mut sink, Table::Deals, r);
        }
    }
    let mut f = Figure::amount(sum, records.len() as u64);
    f.denominator = Some(records.len() as f64);
    f
}
