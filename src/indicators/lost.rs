//! `lost_reasons`: why deals are lost. The deals lost in the period (attributed at their close,
//! as `win_rate` counts them), split by the CRM's lost reason (`lostReason`), with the amount
//! lost to each, the stage each was lost from, and each reason's share against the previous
//! period.
//!
//! - The figure: value = numerator = lost deals of the scope that carry a reason (a count);
//!   denominator = sample size = all lost deals of the scope, so numerator / denominator is how
//!   much of the loss is explained; `stats.amount` = the amount (base currency) of the deals with
//!   a reason whose amount is known (others count but add no amount). No lost deal: 0 of 0.
//! - The breakdown ([`reasons`], the report entry's `reasons`): per reason its count, amount,
//!   share of the period's lost-with-reason count (`share`) and amount (`amountShare`), the same
//!   for the previous period when the query compares, and the stages the deals were lost from.
//!   A reason met only in the previous period is listed with count 0, so a reason that went away
//!   shows its drop.
//! - Stage lost from ([`lost_from`]): the last open stage in the deal's history; without one in
//!   the history, the deal's own stage when that stage is open (Pipedrive and Odoo keep a lost
//!   deal at the stage it was lost from); else `(unknown)` (a deal that sits in a closed-lost
//!   stage with no history says nothing about where it was lost).
//!
//! Drill: `{indicator: "lost_reasons", reason}` lists the deals lost to one reason as the
//! numerator (the scope's lost deals with any reason as the denominator); without `reason` the
//! numerator is every lost deal with a reason and the denominator every lost deal.

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::den;
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::store::{DealRow, Status, Store, Sym, NO_SYM, NO_TIME};
use serde::Serialize;

/// The indicator's id.
pub const ID: &str = "lost_reasons";

/// Stage name given when the stage a deal was lost from cannot be told.
pub const UNKNOWN_STAGE: &str = "(unknown)";

/// The lost-reason indicator.
pub fn definitions() -> Vec<Def> {
    vec![def()]
}

fn def() -> Def {
    Def {
        id: ID,
        label: "Lost with a reason",
        description: "deals lost in period (at close) with a `lostReason` (value = numerator), denominator = all deals lost in period; `amount` in stats; the entry's `reasons` lists each reason (see below)",
        unit: Unit::Count,
        better: Better::Lower,
        timing: Timing::Period,
        definition: |_| {
            "deals lost in period (at close) with a lostReason: count (value = numerator; denominator = all lost deals), \
             amount in stats; per reason: count, amount, share, previous share, stage lost from"
                .into()
        },
        variants: &[],
        next_step: "Review the deals lost to the most common reason with their owners, and what would have changed the outcome",
        headline: Headline::No,
        card: false,
        attributed_at: Attribution::DealLost,
        compute: Compute::tally::<LostWithReason>(),
    }
}

/// Close instant of a lost deal with a known close.
pub fn lost_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = ctx.store.deal(i);
    (d.status == Status::Lost && d.closed != NO_TIME).then_some(d.closed)
}

/// The lost reason of a deal (`NO_SYM` when none; only lost deals keep one, see the store).
fn reason_of(d: &DealRow) -> Sym {
    if d.status == Status::Lost {
        d.lost_reason
    } else {
        NO_SYM
    }
}

/// The running count of one scope (see the module doc).
#[derive(Default)]
struct LostWithReason {
    lost: u64,
    with_reason: u64,
    amount: f64,
    /// The drill's requested reason ([`DrillSink::reason`]): its deals and amount.
    cell: (u64, f64),
}

impl Tally for LostWithReason {
    type Env<'s> = &'s Store;
    /// Reason and amount (NaN when unknown).
    type Item = (Sym, f64);
    fn env<'s>(ctx: &Ctx<'s>) -> &'s Store {
        ctx.store
    }
    fn item(store: &&Store, r: u32) -> (Sym, f64) {
        let d = store.deal(r);
        (reason_of(d), d.amount)
    }
    fn add(&mut self, store: &&Store, (reason, amount): (Sym, f64), r: u32, sink: &mut Option<&mut DrillSink>) {
        self.lost += 1;
        if reason == NO_SYM {
            // In one reason's cell the denominator is the deals with a reason.
            if sink.as_deref().is_some_and(|s| s.reason.is_none()) {
                den(sink, Collection::Deals, r);
            }
            return;
        }
        self.with_reason += 1;
        if !amount.is_nan() {
            self.amount += amount;
        }
        let Some(s) = sink.as_deref_mut() else { return };
        s.den(Collection::Deals, r);
        // Without a requested reason every deal with one is in the numerator.
        let counted = s.reason.as_deref().is_none_or(|wanted| store.strings.resolve(reason) == wanted);
        if counted {
            s.num(Collection::Deals, r);
            self.cell.0 += 1;
            self.cell.1 += if amount.is_nan() { 0.0 } else { amount };
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure {
        if sink.as_deref().is_some_and(|s| s.reason.is_some()) {
            // One reason's cell: its count out of the lost deals with a reason.
            let mut f = Figure::amount(self.cell.0 as f64, self.cell.0);
            f.denominator = Some(self.with_reason as f64);
            return f.with_stat("amount", Some(self.cell.1));
        }
        let mut f = Figure::amount(self.with_reason as f64, self.lost);
        f.denominator = Some(self.lost as f64);
        f.with_stat("amount", Some(self.amount))
    }
}

/// Whether any lost deal of the store has `reason` (a drill naming another is refused).
pub fn known_reason(store: &Store, reason: &str) -> bool {
    store.strings.lookup(reason).is_some_and(|sym| store.deals.iter().any(|d| reason_of(d) == sym))
}

/// The stage a lost deal was lost from (see the module doc); `NO_SYM` when unknown.
pub fn lost_from(store: &Store, d: &DealRow) -> Sym {
    let open = |s: Sym| s != NO_SYM && store.stage_kind(s) == Status::Open;
    match store.deal_history(d).iter().rev().find(|h| open(h.stage)) {
        Some(h) => h.stage,
        None if open(d.stage) => d.stage,
        None => NO_SYM,
    }
}

/// Deals lost to one stage within one reason.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LostFrom {
    /// Stage id, or `(unknown)`.
    pub stage: String,
    /// Its display label (the id when none is declared).
    pub label: String,
    /// Deals of the reason lost from this stage in the period.
    pub count: u64,
    /// Their known amounts, base currency.
    pub amount: f64,
}

/// One lost reason of the period (see the module doc).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LostReason {
    /// The reason as the CRM wrote it (trimmed).
    pub reason: String,
    /// Deals lost to it in the period.
    pub count: u64,
    /// Their known amounts, base currency.
    pub amount: f64,
    /// `count` / lost deals with a reason in the period; `null` when there are none.
    pub share: Option<f64>,
    /// `amount` / their amount; `null` when that is 0.
    pub amount_share: Option<f64>,
    /// Deals lost to it in the previous period (`null` without a comparison).
    pub previous_count: Option<u64>,
    /// Their known amounts.
    pub previous_amount: Option<f64>,
    /// Share in the previous period.
    pub previous_share: Option<f64>,
    /// Amount share in the previous period.
    pub previous_amount_share: Option<f64>,
    /// `share - previousShare`, when both exist.
    pub share_change: Option<f64>,
    /// `amountShare - previousAmountShare`, when both exist.
    pub amount_share_change: Option<f64>,
    /// The stages its deals of the period were lost from, most deals first.
    pub stages: Vec<LostFrom>,
}

/// Per reason: count and amount, and per stage lost from (sym, count, amount).
#[derive(Default)]
struct Tallied {
    count: u64,
    amount: f64,
    stages: Vec<(Sym, u64, f64)>,
}

/// Reasons of the lost deals closed in [from, to), in first-seen order (population order).
fn tally(ctx: &Ctx, (from, to): (i64, i64), with_stages: bool) -> Vec<(Sym, Tallied)> {
    let pop = super::population(ctx, &def());
    let mut out: Vec<(Sym, Tallied)> = Vec::new();
    for r in super::slice(&pop, from, to) {
        let d = ctx.store.deal(r);
        let reason = reason_of(d);
        if reason == NO_SYM {
            continue;
        }
        let i = match out.iter().position(|(s, _)| *s == reason) {
            Some(i) => i,
            None => {
                out.push((reason, Tallied::default()));
                out.len() - 1
            }
        };
        let Some((_, t)) = out.get_mut(i) else { continue };
        let amount = if d.amount.is_nan() { 0.0 } else { d.amount };
        t.count += 1;
        t.amount += amount;
        if with_stages {
            let stage = lost_from(ctx.store, d);
            match t.stages.iter_mut().find(|s| s.0 == stage) {
                Some(s) => {
                    s.1 += 1;
                    s.2 += amount;
                }
                None => t.stages.push((stage, 1, amount)),
            }
        }
    }
    out
}

fn part(n: f64, total: f64) -> Option<f64> {
    (total != 0.0).then(|| n / total)
}

fn stage_label(store: &Store, stage: Sym) -> (String, String) {
    if stage == NO_SYM {
        return (UNKNOWN_STAGE.into(), UNKNOWN_STAGE.into());
    }
    let label = store.stages.iter().find(|s| s.id == stage).map_or(NO_SYM, |s| s.label);
    let id = store.strings.resolve(stage).to_string();
    (id.clone(), if label == NO_SYM { id } else { store.strings.resolve(label).to_string() })
}

/// The reasons of the period [from, to), compared with `previous` when given: most deals first,
/// then most amount, then by name.
pub fn reasons(ctx: &Ctx, period: (i64, i64), previous: Option<(i64, i64)>) -> Vec<LostReason> {
    let now = tally(ctx, period, true);
    let before = previous.map(|p| tally(ctx, p, false));
    let totals = |t: &[(Sym, Tallied)]| (t.iter().map(|x| x.1.count as f64).sum::<f64>(), t.iter().map(|x| x.1.amount).sum::<f64>());
    let (count_now, amount_now) = totals(&now);
    let (count_before, amount_before) = before.as_deref().map_or((0.0, 0.0), totals);
    let mut syms: Vec<Sym> = now.iter().map(|x| x.0).collect();
    syms.extend(before.iter().flatten().map(|x| x.0).filter(|s| !now.iter().any(|x| x.0 == *s)));
    let empty = Tallied::default();
    let mut out: Vec<LostReason> = syms
        .into_iter()
        .map(|sym| {
            let t = now.iter().find(|x| x.0 == sym).map_or(&empty, |x| &x.1);
            let b = before.as_ref().map(|list| list.iter().find(|x| x.0 == sym).map_or(&empty, |x| &x.1));
            let share = part(t.count as f64, count_now);
            let amount_share = part(t.amount, amount_now);
            let previous_share = b.and_then(|b| part(b.count as f64, count_before));
            let previous_amount_share = b.and_then(|b| part(b.amount, amount_before));
            let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
            let mut stages: Vec<LostFrom> = t
                .stages
                .iter()
                .map(|&(s, count, amount)| {
                    let (stage, label) = stage_label(ctx.store, s);
                    LostFrom { stage, label, count, amount }
                })
                .collect();
            crate::sort::sort_by(&mut stages, |a, b| b.count.cmp(&a.count).then(b.amount.total_cmp(&a.amount)).then_with(|| a.stage.cmp(&b.stage)));
            LostReason {
                reason: ctx.store.strings.resolve(sym).to_string(),
                count: t.count,
                amount: t.amount,
                share,
                amount_share,
                previous_count: b.map(|b| b.count),
                previous_amount: b.map(|b| b.amount),
                previous_share,
                previous_amount_share,
                share_change: diff(share, previous_share),
                amount_share_change: diff(amount_share, previous_amount_share),
                stages,
            }
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| b.count.cmp(&a.count).then(b.amount.total_cmp(&a.amount)).then_with(|| a.reason.cmp(&b.reason)));
    out
}

/// The breakdown of a report entry: the reasons of the query's period against its previous
/// period; empty for every other indicator.
pub fn breakdown(ctx: &Ctx, id: &str) -> Vec<LostReason> {
    if id != ID {
        return Vec::new();
    }
    reasons(ctx, (ctx.query.from, ctx.query.to), ctx.query.previous)
}

/// At most `n` reasons whose share grew most against the previous period (by amount share when
/// `by_value`), for the win-rate driver: only those that grew, largest growth first.
pub fn grown(ctx: &Ctx, by_value: bool, n: usize) -> Vec<LostReason> {
    let Some(previous) = ctx.query.previous else { return Vec::new() };
    let change = |r: &LostReason| if by_value { r.amount_share_change } else { r.share_change };
    let mut list: Vec<LostReason> = reasons(ctx, (ctx.query.from, ctx.query.to), Some(previous)).into_iter().filter(|r| change(r).is_some_and(|c| c > 0.0)).collect();
    crate::sort::sort_by(&mut list, |a, b| change(b).unwrap_or(0.0).total_cmp(&change(a).unwrap_or(0.0)).then_with(|| a.reason.cmp(&b.reason)));
    list.truncate(n);
    list
}

/// Refuses a drill by `reason` that is not a `lost_reasons` one, or names a reason no lost deal
/// has (a misspelt reason would otherwise list nothing, as if no deal had been lost to it).
pub fn check_drill(store: &Store, indicator: &str, reason: &str, stage: bool) -> Result<(), crate::error::InputError> {
    use crate::error::InputError;
    if indicator != ID || stage {
        return Err(InputError::new("invalid_query", "reason", format!("a lost reason is drilled with indicator \"{ID}\" and no stage")));
    }
    if !known_reason(store, reason) {
        return Err(InputError::new("invalid_query", "reason", format!("no lost deal has the lost reason {}", crate::model::quote(reason))));
    }
    Ok(())
}
