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

use super::drill::{den, num, RecordRef};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::store::{DealState, Status, Store, NO_TIME};

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
        unit: Unit::Currency,
        better: Better::Higher,
        table: Table::Deals,
        timing: Timing::Snapshot,
        definition: |_| {
            "open deals with expected close in period, from history: start (at from) + created + pulledIn + increased \
             - decreased - pushedOut - lost - won = end (at to, or asOf if earlier); value = end, terms in stats"
                .into()
        },
        attribute: |_, _| Some(0),
        compute: pipeline_flow,
        batch: None,
    }]
}

/// The terms of one scope, in cents, with the deals booked to each.
#[derive(Debug, Default)]
pub struct Flow {
    /// Cents per term, in [`TERMS`] order (all non-negative).
    pub cents: [i64; 9],
    /// Deals per term (each deal once per term).
    pub deals: [Vec<u32>; 9],
}

impl Flow {
    fn book(&mut self, term: usize, cents: i64, deal: u32) {
        self.cents[term] += cents;
        if self.deals[term].last() != Some(&deal) {
            self.deals[term].push(deal);
        }
    }

    /// start + created + pulledIn + increased - decreased - pushedOut - lost - won.
    pub fn implied_end(&self) -> i64 {
        let c = &self.cents;
        c[START] + c[CREATED] + c[PULLED_IN] + c[INCREASED]
            - c[DECREASED]
            - c[PUSHED_OUT]
            - c[LOST]
            - c[WON]
    }
}

/// The flow of `records` (deals) for the pipeline targeted at [from, to), up to `end`.
pub fn flow(
    store: &Store,
    fx: crate::store::FxBasis,
    records: &[u32],
    from: i64,
    to: i64,
    end: i64,
) -> Flow {
    let mut out = Flow::default();
    let end = end.max(from);
    for &r in records {
        let deal = &store.deals[r as usize];
        let Some(rate) = store.deal_rate(deal, fx) else {
            continue;
        };
        let cents = |s: &DealState| {
            if s.amount_original.is_nan() {
                0
            } else {
                (s.amount_original * rate * 100.0).round() as i64
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
            out.book(START, cents(&before), r);
        }
        let mut events: Vec<i64> = store
            .deal_history(deal)
            .iter()
            .map(|h| h.at)
            .chain([deal.created, deal.closed])
            .filter(|&t| t >= from && t < end)
            .collect();
        events.sort_unstable();
        events.dedup();
        for e in events {
            let after = store.deal_state_at(deal, e + 1);
            let (was, is) = (targeted(&before), targeted(&after));
            let (b, a) = (cents(&before), cents(&after));
            match (was, is) {
                (false, true) => out.book(if before.exists { PULLED_IN } else { CREATED }, a, r),
                (true, true) | (true, false) if a != b && (is || after.status != Status::Open) => {
                    out.book(if a > b { INCREASED } else { DECREASED }, (a - b).abs(), r)
                }
                _ => {}
            }
            if was && !is {
                match after.status {
                    Status::Won => out.book(WON, a, r),
                    Status::Lost => out.book(LOST, a, r),
                    Status::Open => out.book(PUSHED_OUT, b, r),
                }
            }
            before = after;
        }
        if targeted(&before) {
            out.book(END, cents(&before), r);
        }
    }
    out
}

fn pipeline_flow(
    ctx: &Ctx,
    scope: &Scope,
    records: &[u32],
    mut sink: Option<&mut DrillSink>,
) -> Figure {
    let end = scope.to.min(ctx.query.as_of);
    let f = flow(
        ctx.store,
        ctx.query.variants.fx,
        records,
        scope.from,
        scope.to,
        end,
    );
    debug_assert_eq!(f.implied_end(), f.cents[END]);
    let mut involved: Vec<u32> = f.deals.iter().flatten().copied().collect();
    involved.sort_unstable();
    involved.dedup();
    if let Some(s) = sink.as_deref_mut() {
        let term = s
            .term
            .as_deref()
            .and_then(|t| TERMS.iter().position(|n| *n == t))
            .unwrap_or(END);
        for (i, name) in TERMS.iter().enumerate() {
            s.terms.push((
                name,
                f.deals[i]
                    .iter()
                    .map(|&index| RecordRef {
                        table: Table::Deals,
                        index,
                    })
                    .collect(),
            ));
        }
        f.deals[term]
            .iter()
            .for_each(|&d| num(&mut sink, Table::Deals, d));
    }
    involved
        .iter()
        .for_each(|&d| den(&mut sink, Table::Deals, d));
    let end_amount = f.cents[END] as f64 / 100.0;
    let mut figure = Figure::amount(end_amount, involved.len() as u64);
    for i in 0..TERMS.len() {
        figure
            .stats
            .insert(TERMS[i], Some(f.cents[i] as f64 / 100.0));
        figure
            .stats
            .insert(COUNTS[i], Some(f.deals[i].len() as f64));
    }
    figure
}
