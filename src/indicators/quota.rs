//! Quota attainment: won amount over the quota for the same period and group.
//!
//! Quotas rarely line up with a report's period: a quota contributes its amount times the share
//! of its own span that the scope covers (elapsed time, so a quarterly quota counts half in a
//! period covering half the quarter). Which quotas apply depends on the group: an owner's own
//! quotas, a team's quotas (team set, owner empty; else the summed quotas of the team's owners),
//! and ungrouped the company quota (owner and team empty) when one exists, else the sum of owner
//! quotas. Other group keys (segment, source...) have no quota: `null`, `insufficient_data`.

use super::deals::won_at;
use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::query::GroupKey;
use crate::store::{TargetRow, NO_SYM, NO_TIME};

/// The quota family.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "quota_attainment",
        unit: Unit::Ratio,
        better: Better::Higher,
        table: Table::Deals,
        timing: Timing::Period,
        definition: |_| {
            "won amount of deals closed in period / quota for the period (quotas prorated by the share of their span \
             inside the period; owner quotas per owner, team quotas per team, company quota or summed owner quotas \
             ungrouped)"
                .into()
        },
        attribute: won_at,
        compute: quota_attainment,
    }]
}

/// The quota for a scope: prorated amount and the quota rows that contributed, or `None` when the
/// scope's group key has no quotas (segment, source, ...). Quotas without an fx rate are skipped.
pub fn quota_for(ctx: &Ctx, scope: &Scope) -> Option<(f64, Vec<u32>)> {
    let quotas = &ctx.store.quotas;
    let company = |q: &TargetRow| q.owner == NO_SYM && q.team == NO_SYM;
    let applies: Box<dyn Fn(&TargetRow) -> bool> = match scope.group {
        None if quotas.iter().any(company) => Box::new(company),
        None => Box::new(|q: &TargetRow| q.owner != NO_SYM),
        Some((GroupKey::Owner, owner)) => Box::new(move |q: &TargetRow| q.owner == owner),
        Some((GroupKey::Team, team)) if quotas.iter().any(|q| q.owner == NO_SYM && q.team == team) => {
            Box::new(move |q: &TargetRow| q.owner == NO_SYM && q.team == team)
        }
        Some((GroupKey::Team, team)) => Box::new(move |q: &TargetRow| q.owner != NO_SYM && q.team == team),
        Some(_) => return None,
    };
    let mut amount = 0.0;
    let mut rows = Vec::new();
    for (i, q) in quotas.iter().enumerate() {
        if !applies(q) || q.amount.is_nan() || q.start == NO_TIME || q.end == NO_TIME || q.end <= q.start {
            continue;
        }
        let overlap = q.end.min(scope.to) - q.start.max(scope.from);
        if overlap > 0 {
            amount += q.amount * overlap as f64 / (q.end - q.start) as f64;
            rows.push(i as u32);
        }
    }
    Some((amount, rows))
}

/// `quota_attainment` = won amount / prorated quota. No quota, or a zero quota, gives `null` with
/// `insufficient_data` (the won amount stays in `numerator`).
fn quota_attainment(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut won = 0.0;
    let mut count = 0;
    for &r in records {
        let amount = ctx.store.deals[r as usize].amount;
        if !amount.is_nan() {
            won += amount;
            count += 1;
            num(&mut sink, Table::Deals, r);
        }
    }
    let Some((quota, rows)) = quota_for(ctx, scope) else {
        return Figure { numerator: Some(won), sample_size: count, ..Figure::insufficient() };
    };
    for r in rows {
        den(&mut sink, Table::Quotas, r);
    }
    Figure::ratio(won, quota, count)
}
