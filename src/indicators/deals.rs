//! Deal outcome indicators: win rate (by count and by value), average deal size, sales cycle
//! length and pipeline created.

pub mod cycle;

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::columns::DealColumns;
use std::sync::Arc;
use super::drill::{den, num};
use super::ranks::{Ranked, RankedItem, ScopeValues};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::stats::{from_total_key, total_key};
use crate::store::{DealRow, MemoKey, Status, Store, NO_TIME};

/// The deal indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "win_rate",
            label: "Win rate",
            description: "deals closed in period: won / (won + lost), by count",
            unit: Unit::Ratio,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| "deals closed in period: won / (won + lost), by count".into(),
            variants: &[],
            next_step: "Review qualification criteria: look at the deals lost and what they had in common at entry",
            headline: Headline::Sidebar,
            card: true,
            attributed_at: Attribution::DealClosed,
            compute: Compute::tally::<WinRate>(),
        },
        Def {
            id: "win_rate_by_value",
            label: "Win rate by value",
            description: "same deals: won amount / (won + lost) amount",
            unit: Unit::Ratio,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| "deals closed in period: won amount / (won + lost amount), base currency".into(),
            variants: &[],
            next_step: "Review qualification criteria: look at the deals lost and what they had in common at entry",
            headline: Headline::Segments,
            card: true,
            attributed_at: Attribution::DealClosed,
            compute: Compute::tally::<WinRateByValue>(),
        },
        Def {
            id: "average_deal_size",
            label: "Average deal size",
            description: "mean amount of deals won in period (median in stats)",
            unit: Unit::Currency,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| "mean amount of deals won in period (median in stats), base currency".into(),
            variants: &[],
            next_step: "Review discounting and packaging on recent deals; push multi-product and multi-year offers",
            headline: Headline::Sidebar,
            card: true,
            attributed_at: Attribution::DealWon,
            compute: Compute::tally::<AverageDealSize>(),
        },
        Def {
            id: "sales_cycle_days",
            label: "Sales cycle",
            description: "mean days created -> close of deals won in period (median, p90)",
            unit: Unit::Days,
            better: Better::Lower,
            timing: Timing::Period,
            definition: |_| {
                "mean elapsed days createdAt -> close of deals won in period (median, p90 in stats); kmMedian, kmP25, kmP75: \
                 Kaplan-Meier days to win of deals created in period, open deals censored at asOf, lost deals censored at loss"
                    .into()
            },
            variants: &[],
            next_step: "Look for approval or pricing bottlenecks: find where won deals waited longest and set approval deadlines",
            headline: Headline::Sidebar,
            card: true,
            attributed_at: Attribution::DealWon,
            compute: Compute { scope: cycle::sales_cycle_days, all_scopes: Some(cycle::all_scopes) },
        },
        Def {
            id: "pipeline_created",
            label: "Pipeline created",
            description: "amount (value) and count (sampleSize) of deals created in period",
            unit: Unit::Currency,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| "amount (value) and count (sampleSize) of deals created in period".into(),
            variants: &[],
            next_step: "Generate pipeline: raise prospecting activity and review which sources produced deals last period",
            headline: Headline::Sidebar,
            card: true,
            attributed_at: Attribution::DealCreated,
            compute: Compute::tally::<PipelineCreated>(),
        },
    ]
}

pub(super) fn deal<'a>(ctx: &'a Ctx, i: u32) -> &'a DealRow {
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

/// `win_rate`: won / closed deals of the scope, with its Wilson interval.
#[derive(Default)]
pub(super) struct WinRate {
    won: u64,
    closed: u64,
}

impl Tally for WinRate {
    type Env<'s> = Arc<DealColumns>;
    /// Won.
    type Item = bool;
    fn env<'s>(ctx: &Ctx<'s>) -> Arc<DealColumns> {
        DealColumns::of(ctx.store)
    }
    fn item(deals: &Arc<DealColumns>, r: u32) -> bool {
        deals.won(r)
    }
    fn add(&mut self, _: &Arc<DealColumns>, won: bool, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.closed += 1;
        den(sink, Collection::Deals, r);
        if won {
            self.won += 1;
            num(sink, Collection::Deals, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::count_ratio(self.won, self.closed)
    }
}

/// `win_rate_by_value`: won amount / closed amount, deals without an amount left out.
#[derive(Default)]
struct WinRateByValue {
    won: f64,
    total: f64,
    count: u64,
}

impl Tally for WinRateByValue {
    type Env<'s> = Arc<DealColumns>;
    /// Amount (NaN when unknown) and won.
    type Item = (f64, bool);
    fn env<'s>(ctx: &Ctx<'s>) -> Arc<DealColumns> {
        DealColumns::of(ctx.store)
    }
    fn item(deals: &Arc<DealColumns>, r: u32) -> (f64, bool) {
        (deals.amount(r), deals.won(r))
    }
    fn add(&mut self, _: &Arc<DealColumns>, (amount, won): (f64, bool), r: u32, sink: &mut Option<&mut DrillSink>) {
        if amount.is_nan() {
            return;
        }
        self.count += 1;
        self.total += amount;
        den(sink, Collection::Deals, r);
        if won {
            self.won += amount;
            num(sink, Collection::Deals, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::ratio(self.won, self.total, self.count)
    }
}

/// Amount of a deal, when known.
fn known_amount(d: &DealRow) -> Option<f64> {
    (!d.amount.is_nan()).then_some(d.amount)
}

/// Amounts of the won deals with a known amount, ranked (kept in the store's memo).
#[derive(Clone, PartialEq, Eq, Hash)]
struct WonAmounts;
impl MemoKey for WonAmounts {
    type Value = Ranked<f64>;
}

/// Amounts of the won deals with a known amount (the records of `average_deal_size`), ranked
/// once per store.
fn won_amounts(store: &Store) -> Arc<Ranked<f64>> {
    store.memo.get_or_init(WonAmounts, || {
        let won = DealColumns::of(store);
        let known = won.deals().filter(|d| d.1 == Status::Won && !d.2.is_nan());
        Ranked::from_keys(store.deals.len(), known.map(|d| (total_key(d.2), d.0)).collect(), from_total_key)
    })
}

/// `average_deal_size`: mean amount (median in stats) of the deals with an amount.
#[derive(Default)]
pub(super) struct AverageDealSize {
    amounts: ScopeValues,
}

impl Tally for AverageDealSize {
    type Env<'s> = (&'s Store, Arc<Ranked<f64>>);
    type Item = RankedItem;
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (ctx.store, won_amounts(ctx.store))
    }
    fn item(&(store, ref ranked): &Self::Env<'_>, r: u32) -> RankedItem {
        ranked.item(r, || store.deals.get(r as usize).and_then(known_amount))
    }
    fn add(&mut self, _: &Self::Env<'_>, amount: RankedItem, r: u32, sink: &mut Option<&mut DrillSink>) {
        if self.amounts.add(amount) {
            num(sink, Collection::Deals, r);
            den(sink, Collection::Deals, r);
        }
    }
    fn figure(self, ctx: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::mean_of_sorted(&self.amounts.sorted(&won_amounts(ctx.store)), &[("median", 0.5)])
    }
}

/// `pipeline_created`: amount (deals without one add nothing) and count of the deals.
#[derive(Default)]
struct PipelineCreated {
    sum: f64,
    count: u64,
}

impl Tally for PipelineCreated {
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
        self.count += 1;
        den(sink, Collection::Deals, r);
        if !amount.is_nan() {
            self.sum += amount;
            num(sink, Collection::Deals, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        let mut f = Figure::amount(self.sum, self.count);
        f.denominator = Some(self.count as f64);
        f
    }
}
