//! `quota_attainment`: won amount against the quota of the period, and [`quota_for`], the quota
//! of any scope (shared with `pipeline_coverage`).
//!
//! Formula: won amount in scope / quota for scope.
//! - Numerator: the base-currency amounts of the deals won in the scope (attributed at their
//!   close, [`super::deals::won_at`]); a won deal whose amount is unknown (missing, or a currency
//!   without rate) is left out of the amount but still counted in `sampleSize`.
//! - Denominator: [`quota_for`]. Quotas are prorated by elapsed time: a quota over [start, end)
//!   (end stored exclusive, so a Q1 quota ending 03-31 covers the whole of 03-31) contributes
//!   `amount x overlap / (end - start)`, the overlap being the elapsed time the quota shares with
//!   the scope. Half of a quarter therefore carries half of the quarterly quota, and a period
//!   ending at `asOf` is held against the quota due so far.
//! - Which quotas: grouped by owner `o`, the quotas whose owner is `o`; grouped by team `t`, the
//!   quotas of team `t` with no owner; ungrouped, the company quotas (owner and team null) when the
//!   dataset holds any company quota, else the sum of the owner quotas (decided once for the
//!   dataset, so that every bucket of a series uses the same basis). Groups of any other key, and
//!   the `"(none)"` owner or team group, have no quota.
//! - A zero denominator (no quota applies, every applicable quota lacks an fx rate, or quotas
//!   without dates) gives `null` with status `insufficient_data`. Quotas without a rate are left
//!   out (ingestion warns with `currency_without_rate`) and counted in `stats.quotasWithoutRate`.
//!
//! Drill-down: numerator = the won deals counted, denominator = the quota rows (`quotas[i]`).
//! Group denominators do not sum to the ungrouped one: each level has its own quota.

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::columns::DealColumns;
use std::sync::Arc;
use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::query::GroupKey;
use crate::store::{PeriodAmountRow, NO_SYM, NO_TIME};

/// The quota indicator.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "quota_attainment",
        label: "Quota attainment",
        description: "won amount in period / quota (prorated by the share of each quota's span inside the period; owner quotas per owner, team quotas (no owner) per team, company quota or else summed owner quotas ungrouped; other keys have none)",
        unit: Unit::Ratio,
        better: Better::Higher,
        timing: Timing::Period,
        definition: |_| {
            "won amount of deals closed in period / quota for the period, quotas prorated by elapsed time of overlap; \
             owner quotas per owner, team quotas (no owner) per team, company quota ungrouped (else the sum of owner quotas)"
                .into()
        },
        variants: &[],
        next_step: "Run deal reviews per rep on the remaining pipeline against quota, commit deals first",
        headline: Headline::Sidebar,
        card: true,
        attributed_at: Attribution::DealWon,
        compute: Compute::tally::<Attainment>(),
    }]
}

/// The quota of a scope, prorated by elapsed time, and the indices of the quotas contributing to
/// it (those with a known amount and a non-zero overlap). See the module doc for which quotas
/// apply. Quotas without a rate are skipped; 0 when no quota applies.
pub fn quota_for(ctx: &Ctx, scope: &Scope) -> (f64, Vec<u32>) {
    let (amount, used, _) = quota_detail(ctx, scope);
    (amount, used)
}

/// [`quota_for`], plus the number of applicable, overlapping quotas left out for lack of a rate.
fn quota_detail(ctx: &Ctx, scope: &Scope) -> (f64, Vec<u32>, u64) {
    let quotas = &ctx.store.quotas;
    let company = |q: &PeriodAmountRow| q.owner == NO_SYM && q.team == NO_SYM;
    let applies: Box<dyn Fn(&PeriodAmountRow) -> bool> = match scope.group {
        Some((_, NO_SYM)) => return (0.0, Vec::new(), 0),
        Some((GroupKey::Owner, owner)) => Box::new(move |q| q.owner == owner),
        Some((GroupKey::Team, team)) => Box::new(move |q| q.owner == NO_SYM && q.team == team),
        Some(_) => return (0.0, Vec::new(), 0),
        None if quotas.iter().any(company) => Box::new(company),
        None => Box::new(|q| q.owner != NO_SYM),
    };
    let (mut total, mut used, mut without_rate) = (0.0, Vec::new(), 0);
    for (i, q) in quotas.iter().enumerate() {
        let share = overlap_share(q, scope.from, scope.to);
        if share <= 0.0 || !applies(q) {
            continue;
        }
        if q.amount.is_finite() {
            total += q.amount * share;
            used.push(i as u32);
        } else {
            without_rate += 1;
        }
    }
    (total, used, without_rate)
}

/// The share of a target's time span lying in [from, to), 0 when the target has no valid dates.
pub fn overlap_share(t: &PeriodAmountRow, from: i64, to: i64) -> f64 {
    if t.start == NO_TIME || t.end == NO_TIME || t.end <= t.start {
        return 0.0;
    }
    let overlap = t.end.min(to).saturating_sub(t.start.max(from));
    if overlap <= 0 {
        return 0.0;
    }
    overlap as f64 / (t.end - t.start) as f64
}

/// `quota_attainment` over the won deals of a scope: their known amounts, then the scope's quota.
#[derive(Default)]
struct Attainment {
    won: f64,
    deals: u64,
}

impl Tally for Attainment {
    type Env<'s> = Arc<DealColumns>;
    /// Amount (NaN when unknown).
    type Item = f64;
    fn env<'s>(ctx: &Ctx<'s>) -> Arc<DealColumns> {
        DealColumns::of(ctx.store)
    }
    fn item(deals: &Arc<DealColumns>, r: u32) -> f64 {
        deals.amount(r)
    }
    fn add(&mut self, _: &Arc<DealColumns>, amount: f64, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.deals += 1;
        if amount.is_finite() {
            self.won += amount;
            num(sink, Collection::Deals, r);
        }
    }
    fn figure(self, ctx: &Ctx, scope: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure {
        let (quota, used, without_rate) = quota_detail(ctx, scope);
        for &q in &used {
            den(sink, Collection::Quotas, q);
        }
        let mut figure = Figure::ratio(self.won, quota, self.deals);
        if quota <= 0.0 {
            figure.value = None;
            figure.status = super::figure::DataStatus::InsufficientData;
        }
        figure.with_stat("quotas", Some(used.len() as f64)).with_stat("quotasWithoutRate", Some(without_rate as f64))
    }
}
