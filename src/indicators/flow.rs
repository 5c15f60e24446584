//! `pipeline_flow`: the waterfall of the pipeline targeted at a period, read from deal history.
//!
//! The targeted pipeline at instant `t` is the open deals (as of `t`, see [`Store::deal_state_at`])
//! whose expected close lies in the period [from, to). Starting from it at `from`, every change
//! of a deal inside [from, end) (end = `to`, or `asOf` when earlier) moves it in or out or changes
//! its amount, and is booked to exactly one term:
//!
//! Changes are the history entries, the creation, and a close known only from `closedAt`.
//!
//! - entering: `created` (the deal's creation), else `pulledIn` (expected close moved into the
//!   period, or a closed deal reopened into it);
//! - staying: the amount change goes to `increased` or `decreased`;
//! - leaving: `won` or `lost` when the deal closed (an amount change in the same entry first
//!   counts as increased/decreased, so won and lost carry the amount at close), else `pushedOut`
//!   (expected close moved out of the period, later or earlier).
//!
//! start + created + pulledIn + increased - decreased - pushedOut - lost - won = end holds exactly:
//! every amount is an integer number of cents (each state's amount rounded once) and the terms
//! telescope, since the state after one change is the state before the next. A deal's amounts are
//! all converted at one rate (its `variants.fx` rate), so fx moves never show as flow; a deal whose
//! currency has no rate is left out, a missing amount counts as 0.

use super::attribution::Attribution;
use super::scopes::{sorted_by_name, Plan, Planned};
use super::{Compute, Headline};
use super::drill::{den, FlowMove, RecordRef};
use super::groups::numbered;
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::store::{DealState, FxBasis, MemoKey, Status, Store, NO_TIME};
use std::sync::Arc;

/// Term names, in waterfall order (`start` first, `end` last).
pub const TERMS: [&str; 9] = [
    "start",
    "created",
    "pulledIn",
    "increased",
    "decreased",
    "pushedOut",
    "lost",
    "won",
    "end",
];
const COUNTS: [&str; 9] = [
    "startCount",
    "createdCount",
    "pulledInCount",
    "increasedCount",
    "decreasedCount",
    "pushedOutCount",
    "lostCount",
    "wonCount",
    "endCount",
];
const START: usize = 0;
const CREATED: usize = 1;
const PULLED_IN: usize = 2;
const INCREASED: usize = 3;
const DECREASED: usize = 4;
const PUSHED_OUT: usize = 5;
const LOST: usize = 6;
const WON: usize = 7;
const END: usize = 8;

/// The flow indicator.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "pipeline_flow",
        label: "Pipeline flow",
        description: "waterfall of the open deals with expected close in period: start + created + pulledIn + increased - decreased - pushedOut - lost - won = end (value), exact to the cent; terms and their counts in stats",
        unit: Unit::Currency,
        better: Better::Higher,
        timing: Timing::Snapshot,
        definition: |_| {
            "open deals with expected close in period, from history: start (at from) + created + pulledIn + increased \
             - decreased - pushedOut - lost - won = end (at to, or asOf if earlier); value = end, terms in stats"
                .into()
        },
        variants: &["fx"],
        next_step: "Review the deals pushed out of or lost from the period's pipeline with their owners",
        headline: Headline::No,
        card: false,
        attributed_at: Attribution::EveryDeal,
        compute: Compute { scope: pipeline_flow, all_scopes: Some(all_scopes) },
    }]
}

/// The terms of one scope, in cents, with the deals booked to each.
#[derive(Debug, Default)]
pub struct Flow {
    /// Cents per term, in [`TERMS`] order (all non-negative). `i128`: amounts up to 1e15 at rates
    /// up to 1e9 (the ingest bounds) reach 1e26 cents, past `i64`; sums stay exact either way.
    pub cents: [i128; 9],
    /// Deals per term (each deal once per term).
    pub deals: [Vec<u32>; 9],
}

/// One booking of a deal to a term: the cents booked, and the deal's amount (cents) just before
/// and just after the change (`before` is `None` for `start` and `created`: nothing came before).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Move {
    cents: i128,
    before: Option<i128>,
    after: i128,
}

impl Flow {
    fn book(&mut self, term: usize, cents: i128, deal: u32) {
        let (Some(total), Some(deals)) = (self.cents.get_mut(term), self.deals.get_mut(term)) else { return };
        *total += cents;
        if deals.last() != Some(&deal) {
            deals.push(deal);
        }
    }

    /// start + created + pulledIn + increased - decreased - pushedOut - lost - won.
    pub fn implied_end(&self) -> i128 {
        let c = &self.cents;
        c[START] + c[CREATED] + c[PULLED_IN] + c[INCREASED]
            - c[DECREASED]
            - c[PUSHED_OUT]
            - c[LOST]
            - c[WON]
    }
}

/// A whole number of cents as `i128`, exactly: through `i64` when it fits (below 2^63), since
/// `f64 as i128` is a library call (`__fixdfti`, natively and in Wasm) that took a tenth of a flow
/// report's time at 1M deals, and `f64 as i64` one instruction. Past `i64` (amounts near the ingest
/// bounds at large rates), NaN and infinities: the `as i128` cast itself.
fn whole_cents(x: f64) -> i128 {
    if x.abs() < 9.0e18 {
        x as i64 as i128
    } else {
        x as i128
    }
}

/// The flow of `records` (deals) for the pipeline targeted at [from, to), up to `end`.
pub fn flow(
    store: &Store,
    fx: FxBasis,
    records: &[u32],
    from: i64,
    to: i64,
    end: i64,
) -> Flow {
    let mut out = Flow::default();
    let mut events = Vec::new();
    let rates = deal_rates(store, fx);
    for &r in records {
        deal_flow(store, &rates, r, (from, to, end), &mut events, &mut |term, m| out.book(term, m.cents, r));
    }
    out
}

/// The rate of every deal on `basis` ([`Store::deal_rate`]), worked out once per store.
fn deal_rates(store: &Store, basis: FxBasis) -> Arc<Vec<Option<f64>>> {
    store.memo.get_or_init(DealRates(basis), || store.deals.iter().map(|d| store.deal_rate(d, basis)).collect())
}

/// Every deal's fx rate on a basis, in store order, kept in the store's memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct DealRates(FxBasis);
impl MemoKey for DealRates {
    type Value = Vec<Option<f64>>;
}

/// Books deal `r`'s moves into `book(term, cents)` (see [`flow`]; `rates` are [`deal_rates`],
/// `window` is (from, to, end), `events` a buffer).
fn deal_flow(store: &Store, rates: &[Option<f64>], r: u32, (from, to, end): (i64, i64, i64), events: &mut Vec<i64>, book: &mut impl FnMut(usize, Move)) {
    let end = end.max(from);
    let Some(deal) = store.deals.get(r as usize) else { return };
    let in_window = |t: i64| t >= from && t < end;
    let history = store.deal_history(deal);
    let first_after = history.get(history.partition_point(|h| h.at < from));
    let moves = first_after.is_some_and(|h| in_window(h.at)) || in_window(deal.created) || in_window(deal.closed);
    // Without a move in the window a deal books its state at `from` twice (start and end) if
    // targeted then, and a deal created at or after `from` did not exist then.
    if !moves && deal.created != NO_TIME && deal.created >= from {
        return;
    }
    let Some(rate) = rates.get(r as usize).copied().flatten() else {
        return;
    };
    if !ever_targeted(store, deal, (from, to)) {
        return;
    }
    let cents = |s: &DealState| {
        if s.amount_original.is_nan() {
            0
        } else {
            whole_cents((s.amount_original * rate * 100.0).round())
        }
    };
    let targeted = |s: &DealState| {
        s.exists
            && s.status == Status::Open
            && s.expected_close != NO_TIME
            && (from..to).contains(&s.expected_close)
    };
    let mut before = store.deal_state_at(deal, from);
    if targeted(&before) {
        let c = cents(&before);
        book(START, Move { cents: c, before: None, after: c });
    }
    events.clear();
    events.extend(history.iter().map(|h| h.at).chain([deal.created, deal.closed]).filter(|&t| in_window(t)));
    events.sort_unstable();
    events.dedup();
    for &e in events.iter() {
        let after = store.deal_state_at(deal, e + 1);
        let (was, is) = (targeted(&before), targeted(&after));
        if !was && !is {
            // Nothing to book (every term below needs one side targeted): no amounts to work out.
            before = after;
            continue;
        }
        let (b, a) = (cents(&before), cents(&after));
        let moved = |cents| Move { cents, before: Some(b), after: a };
        match (was, is) {
            (false, true) if before.exists => book(PULLED_IN, moved(a)),
            (false, true) => book(CREATED, Move { cents: a, before: None, after: a }),
            (true, true) | (true, false) if a != b && (is || after.status != Status::Open) => {
                book(if a > b { INCREASED } else { DECREASED }, moved((a - b).abs()))
            }
            _ => {}
        }
        if was && !is {
            match after.status {
                Status::Won => book(WON, moved(a)),
                Status::Lost => book(LOST, moved(a)),
                Status::Open => book(PUSHED_OUT, moved(b)),
            }
        }
        before = after;
    }
    if targeted(&before) {
        let c = cents(&before);
        book(END, Move { cents: c, before: Some(c), after: c });
    }
}

/// Whether `deal` can be targeted at the period [from, to) at any instant: only when its expected
/// close then (the row's, or one its history set) lies in the period, so without such a value it
/// never is and books nothing (at 1M deals most closed deals carry none: the flow 0.3x). Not
/// inlined: [`deal_flow`] is inlined into its three callers.
#[inline(never)]
fn ever_targeted(store: &Store, deal: &crate::store::DealRow, (from, to): (i64, i64)) -> bool {
    let in_period = |t: i64| t != NO_TIME && (from..to).contains(&t);
    in_period(deal.expected_close) || store.deal_history(deal).iter().any(|h| in_period(store.history_detail(h).expected_close))
}

/// The figures of every scope of a report in one pass over the deals: each deal's moves are
/// worked out once and booked to the period's flow and to its group's.
fn all_scopes(ctx: &Ctx, _: &Def, plan: &Plan) -> Planned {
    let window = (plan.from, plan.to, plan.to.min(ctx.query.as_of));
    let rates = deal_rates(ctx.store, ctx.query.variants.fx);
    let keys: Vec<_> = plan.keys.iter().map(|&key| (key, numbered(ctx.store, Collection::Deals, key))).collect();
    let mut period = Flow::default();
    let mut groups: Vec<Vec<Option<Flow>>> = keys.iter().map(|(_, g)| g.values.iter().map(|_| None).collect()).collect();
    let (mut moves, mut events) = (Vec::new(), Vec::new());
    for &(_, r) in plan.records {
        moves.clear();
        deal_flow(ctx.store, &rates, r, window, &mut events, &mut |term, m: Move| moves.push((term, m.cents)));
        for &(term, cents) in &moves {
            period.book(term, cents, r);
        }
        for ((_, numbers), flows) in keys.iter().zip(&mut groups) {
            if let Some(flow) = numbers.of(r).and_then(|g| flows.get_mut(g)) {
                let flow = flow.get_or_insert_with(Flow::default);
                for &(term, cents) in &moves {
                    flow.book(term, cents, r);
                }
            }
        }
    }
    let groups = keys
        .iter()
        .zip(groups)
        .map(|((_, numbers), flows)| {
            let with_records = numbers.values.iter().zip(flows).filter_map(|(&g, f)| f.map(|f| (g, figure(f, &mut None))));
            sorted_by_name(ctx, with_records.collect())
        })
        .collect();
    let mut planned = Planned { period: figure(period, &mut None), buckets: Vec::new(), groups };
    if !any_expected_close(ctx.store) {
        planned.period = Figure::insufficient();
        planned.groups.iter_mut().flatten().for_each(|(_, f)| *f = Figure::insufficient());
    }
    planned
}

/// Whether any deal has an expected close, on the deal or in its history. Without one no deal is
/// ever targeted at a period, so the flow cannot be told: `insufficient_data`, not a $0 flow
/// (Maven's export has no expected close: its open deals carry no date).
fn any_expected_close(store: &Store) -> bool {
    store.deals.iter().any(|d| d.expected_close != NO_TIME) || store.history_details.iter().any(|h| h.expected_close != NO_TIME)
}

fn pipeline_flow(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let end = scope.to.min(ctx.query.as_of);
    let fx = ctx.query.variants.fx;
    let f = flow(ctx.store, fx, records, scope.from, scope.to, end);
    if let Some(s) = sink.as_deref_mut() {
        let term = s.term.as_deref().and_then(|t| TERMS.iter().position(|n| *n == t)).unwrap_or(END);
        let deals = f.deals.get(term).map_or(&[][..], Vec::as_slice);
        s.moves = term_moves(ctx.store, fx, deals, term, (scope.from, scope.to, end));
    }
    if !any_expected_close(ctx.store) {
        return Figure::insufficient();
    }
    figure(f, &mut sink)
}

/// Each deal of `deals` (booked to `term`) with the amount it booked there and its amounts
/// before its first and after its last change of that term (a deal increased twice books the sum
/// of both, from the amount before the first to the amount after the second).
fn term_moves(store: &Store, fx: FxBasis, deals: &[u32], term: usize, window: (i64, i64, i64)) -> Vec<FlowMove> {
    let mut events = Vec::new();
    let rates = deal_rates(store, fx);
    let amount = |c: i128| c as f64 / 100.0;
    let mut out = Vec::with_capacity(deals.len());
    for &deal in deals {
        let mut sum: Option<Move> = None;
        deal_flow(store, &rates, deal, window, &mut events, &mut |t, m: Move| {
            if t == term {
                sum = Some(match sum {
                    Some(s) => Move { cents: s.cents + m.cents, before: s.before, after: m.after },
                    None => m,
                });
            }
        });
        if let Some(m) = sum {
            out.push(FlowMove { deal, amount: amount(m.cents), before: m.before.map(amount), after: amount(m.after) });
        }
    }
    out
}

/// The figure of a flow: the end amount, every term in stats; the drill-down's terms.
fn figure(f: Flow, sink: &mut Option<&mut DrillSink>) -> Figure {
    debug_assert_eq!(f.implied_end(), f.cents[END]);
    let mut involved: Vec<u32> = f.deals.iter().flatten().copied().collect();
    crate::sort::sort_u32(&mut involved);
    involved.dedup();
    if let Some(s) = sink.as_deref_mut() {
        let term = s.term.as_deref().and_then(|t| TERMS.iter().position(|n| *n == t)).unwrap_or(END);
        for (name, deals) in TERMS.iter().zip(&f.deals) {
            s.terms.push((name, deals.iter().map(|&index| RecordRef { table: Collection::Deals, index }).collect()));
        }
        for &d in f.deals.get(term).map_or(&[][..], Vec::as_slice) {
            s.num(Collection::Deals, d);
        }
    }
    involved.iter().for_each(|&d| den(sink, Collection::Deals, d));
    let end_amount = f.cents[END] as f64 / 100.0;
    let mut figure = Figure::amount(end_amount, involved.len() as u64);
    for ((name, count), (cents, deals)) in TERMS.iter().zip(COUNTS).zip(f.cents.iter().zip(&f.deals)) {
        figure.stats.insert(name, Some(*cents as f64 / 100.0));
        figure.stats.insert(count, Some(deals.len() as f64));
    }
    figure
}

#[cfg(test)]
mod tests {
    use super::whole_cents;

    #[test]
    fn whole_cents_equals_the_plain_cast_on_both_sides_of_i64() {
        let values = [0.0, -0.0, 1.0, -1.0, 12_345_678.0, -9.0e18, 8.999_999_999_999_998e18, 9.0e18, 9.3e18, -9.3e18, 1e26, -1e26, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        for x in values {
            assert_eq!(whole_cents(x), x as i128, "{x}");
        }
    }
}
