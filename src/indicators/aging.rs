//! `deal_aging`: how old the open pipeline is, and which deals are stalled.
//!
//! Population (a snapshot as of the query's `asOf`, read from the store's current state, which
//! [`crate::report::view`] has already rebuilt as of that instant): deals with status open and
//! created before `asOf` (or with no `createdAt`).
//!
//! - `value`: the median age in days, `asOf - createdAt` (elapsed days), over the open deals with a
//!   known `createdAt`; `null` with `insufficient_data` when there is none.
//! - `numerator` = stalled deals, `denominator` = open deals (so numerator / denominator is the
//!   stalled share); `sampleSize` = open deals.
//! - Stalled: days in the current stage (from the entry into it, see
//!   [`stage_path::current_stage_entry`], to `asOf`) > `settings.stalledAfterDays`; when that is
//!   null, > the p75 (exact, type 7) of the days that won deals spent in that stage (completed
//!   visits, summed per deal, see [`super::stage_path`]). A deal is `unjudged` (neither stalled nor
//!   not) when the threshold is derived and no won deal passed through its stage, or when its entry
//!   into the current stage is not dated.
//! - stats: `count` (open deals), `stalledCount`, `stalledAmount` (base currency, deals without a
//!   converted amount left out), `unjudged`, `meanAge`, `stalledAfterDays` (the explicit
//!   threshold, `null` when derived).
//!
//! Thresholds are read from every won deal of the store, not only a group's, so a group's stalled
//! deals are judged as the company's are and groups sum back to the total.

use super::attribution::Attribution;
use super::columns::DealColumns;
use super::path_table::OpenAt;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::{den, num};
use super::stage_path::{self, days_in_stages_into};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::stats::{mean, percentile_unsorted};
use crate::store::{MemoKey, Status, Store, Sym, NO_TIME};
use crate::time::DAY_MS;
use rustc_hash::FxHashMap as HashMap;

/// The indicators of this family.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "deal_aging",
        label: "Deal aging",
        description: "open deals as of `asOf`: median age in days (value); numerator = stalled deals (days in current stage > `stalledAfterDays`, or when null > p75 of won deals' days in that stage; `unjudged` when no won deal passed through it), denominator = open deals; `stalledAmount` in stats",
        unit: Unit::Days,
        better: Better::Lower,
        timing: Timing::Snapshot,
        definition,
        variants: &[],
        next_step: "Deals are stalling: set structured follow-ups and approval timelines for the stage where they stall",
        headline: Headline::Sidebar,
        card: false,
        attributed_at: Attribution::DealOpenAtAsOf,
        compute: Compute::tally::<Aging>(),
    }]
}

fn definition(ctx: &Ctx) -> String {
    let rule = match ctx.store.settings.stalled_after_days {
        Some(d) => format!("days in current stage > stalledAfterDays = {d}"),
        None => "days in current stage > p75 of the days won deals spent in that stage (unjudged when no won deal passed through it)".into(),
    };
    format!("open deals as of asOf: value = median age in days (asOf - createdAt); numerator = stalled deals ({rule}), denominator = open deals")
}

/// Open deals created before `asOf` (or without a creation date), at their creation instant.
pub fn open_at_as_of(ctx: &Ctx, i: u32) -> Option<i64> {
    let d = ctx.store.deal(i);
    open_as_of(d.status, d.created, ctx.query.as_of).then_some(d.created)
}

/// Whether a deal of `status` created at `created` is open as of `as_of` ([`open_at_as_of`]'s
/// rule, for callers that read the deal columns rather than the row).
pub fn open_as_of(status: Status, created: i64, as_of: i64) -> bool {
    status == Status::Open && (created == NO_TIME || created < as_of)
}

/// Stalled thresholds: explicit for every stage, or p75 of won deals' days per stage (read from
/// the store alone, so worked out once per store).
#[derive(Debug, Clone)]
pub enum Threshold {
    /// `settings.stalledAfterDays`, for every stage.
    Fixed(f64),
    /// The p75 of the days won deals spent in each stage.
    PerStage(HashMap<Sym, f64>),
}

/// The store's stalled thresholds, kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Thresholds;
impl MemoKey for Thresholds {
    type Value = Threshold;
}

impl Threshold {
    /// The thresholds of `store`, worked out on first use and kept.
    fn of(store: &Store) -> std::sync::Arc<Threshold> {
        store.memo.get_or_init(Thresholds, || Threshold::build(store))
    }

    fn build(store: &Store) -> Threshold {
        if let Some(days) = store.settings.stalled_after_days {
            return Threshold::Fixed(days);
        }
        // The funnel's path table keeps every deal's days per stage: read from it when it can.
        if let Some(per_stage) = super::path_table::PathTable::of(store).won_days() {
            let p75 = per_stage.into_iter().filter_map(|(s, v)| percentile_unsorted(&v, 0.75).map(|p| (s, p)));
            return Threshold::PerStage(p75.collect());
        }
        let mut per_stage: HashMap<Sym, Vec<f64>> = HashMap::default();
        // One buffer and each stage's kind looked up once: this runs over every won deal's history.
        let mut kinds: HashMap<Sym, Status> = HashMap::default();
        let mut kind = |s: Sym| *kinds.entry(s).or_insert_with(|| store.stage_kind(s));
        let mut days = Vec::new();
        for deal in store.deals.iter().filter(|d| d.status == Status::Won) {
            days_in_stages_into(store, deal, &mut kind, &mut days);
            for &(stage, d) in &days {
                per_stage.entry(stage).or_default().push(d);
            }
        }
        // A selection, not a sort: the same two order statistics, so the same p75 to the bit.
        let p75 = per_stage.into_iter().filter_map(|(s, v)| percentile_unsorted(&v, 0.75).map(|p| (s, p)));
        Threshold::PerStage(p75.collect())
    }

    fn days(&self, stage: Sym) -> Option<f64> {
        match self {
            Threshold::Fixed(d) => Some(*d),
            Threshold::PerStage(map) => map.get(&stage).copied(),
        }
    }
}

/// What the figure reads of an open deal: its creation, its current stage, the entry into that
/// stage, the stalled threshold of that stage, and its amount.
#[derive(Debug, Clone, Copy)]
pub struct OpenDeal {
    /// `createdAt` ([`NO_TIME`] when unknown).
    pub created: i64,
    /// The current stage: the deal's `stage`, else the last stage of its history.
    pub stage: Sym,
    /// The entry into the current stage ([`stage_path::current_stage_entry`]).
    pub entry: Option<i64>,
    /// The stalled threshold of the current stage, in days (`None`: unjudged).
    pub limit: Option<f64>,
    /// Amount in the base currency (NaN when unknown).
    pub amount: f64,
}

/// What `open_deal_by` reads, for many open deals whose current stage and entry into it are known
/// (the path table's [`super::path_table::OpenAt`]): the store's thresholds are looked up once, not
/// per deal, and the creation and amount are read from the deal columns, not the rows.
pub fn open_deal_reader(store: &Store) -> impl Fn(&OpenAt) -> OpenDeal + '_ {
    let thresholds = Threshold::of(store);
    let columns = DealColumns::of(store);
    move |o| OpenDeal { created: columns.created(o.deal), stage: o.stage, entry: o.entry(), limit: thresholds.days(o.stage), amount: columns.amount(o.deal) }
}

/// What the aging figure reads of deal `r` under the store's `thresholds`: one source for
/// `deal_aging` and the report's per-stage open pipeline ([`super::stage_pipeline`], through
/// [`open_deal_reader`]), so both judge a deal alike.
fn open_deal_by(store: &Store, thresholds: &Threshold, r: u32) -> OpenDeal {
    let Some(deal) = store.deals.get(r as usize) else {
        return OpenDeal { created: NO_TIME, stage: crate::store::NO_SYM, entry: None, limit: None, amount: f64::NAN };
    };
    let stage = store.current_stage(deal);
    let entry = stage_path::current_stage_entry(store, deal);
    OpenDeal { created: deal.created, stage, entry, limit: thresholds.days(stage), amount: deal.amount }
}

/// The stalled rule: days in the current stage as of `as_of` > the stage's threshold; `None`
/// (unjudged) when the threshold or the entry into the stage is unknown.
pub fn stalled(as_of: i64, deal: &OpenDeal) -> Option<bool> {
    let (at, limit) = (deal.entry?, deal.limit?);
    Some((as_of as f64 - at as f64) / DAY_MS as f64 > limit)
}

/// The figure over the open deals of a scope (see the module doc).
#[derive(Default)]
struct Aging {
    ages: Vec<f64>,
    count: u64,
    stalled: u64,
    unjudged: u64,
    stalled_amount: f64,
}

impl Tally for Aging {
    /// The store, `asOf` and the store's thresholds (looked up once per pass, not per deal).
    type Env<'s> = (&'s Store, i64, std::sync::Arc<Threshold>);
    type Item = OpenDeal;
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (ctx.store, ctx.query.as_of, Threshold::of(ctx.store))
    }
    fn item((store, _, thresholds): &Self::Env<'_>, r: u32) -> OpenDeal {
        open_deal_by(store, thresholds, r)
    }
    fn add(&mut self, &(_, as_of, _): &Self::Env<'_>, deal: OpenDeal, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.count += 1;
        den(sink, Collection::Deals, r);
        if deal.created != NO_TIME {
            self.ages.push((as_of as f64 - deal.created as f64) / DAY_MS as f64);
        }
        match stalled(as_of, &deal) {
            Some(true) => {
                self.stalled += 1;
                num(sink, Collection::Deals, r);
                if !deal.amount.is_nan() {
                    self.stalled_amount += deal.amount;
                }
            }
            Some(false) => {}
            None => self.unjudged += 1,
        }
    }
    fn figure(mut self, ctx: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        let mut figure = Figure::median_of(&mut self.ages);
        let explicit = match *Threshold::of(ctx.store) {
            Threshold::Fixed(d) => Some(d),
            Threshold::PerStage(_) => None,
        };
        figure.stats.clear();
        figure.stats.insert("count", Some(self.count as f64));
        figure.stats.insert("stalledCount", Some(self.stalled as f64));
        figure.stats.insert("stalledAmount", Some(self.stalled_amount));
        figure.stats.insert("unjudged", Some(self.unjudged as f64));
        figure.stats.insert("meanAge", mean(&self.ages));
        figure.stats.insert("stalledAfterDays", explicit);
        figure.numerator = Some(self.stalled as f64);
        figure.denominator = Some(self.count as f64);
        figure.sample_size = self.count;
        figure
    }
}
