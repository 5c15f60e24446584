//! Stage conversion: the `stage_conversion` indicator and the report's per-stage `funnel`.
//!
//! Cohort: deals created in the period (attribute = `createdAt`; deals without it are in no
//! cohort). Stages, paths and days in stage are read as [`super::stage_path`] documents. With
//! open stages S0 .. S(n-1) and "won" ranked after the last one, the four variants
//! (`query.variants.stage_conversion`) of the conversion at stage Sk are:
//!
//! - `reached` (default): of the deals that reached Sk, the share that reached S(k+1). A deal
//!   reached Sk when its path shows Sk or a later stage, or it was won; lost and open deals
//!   reached the highest stage of their path. The next stage of the last open stage is won.
//! - `strict`: of the deals whose first entries run S0, S1, ..., Sk in order (no stage skipped or
//!   entered out of order on the way), the share whose next new stage was S(k+1).
//! - `adjacent`: of the deals that visited Sk, the share with a direct move Sk -> S(k+1);
//!   deals that left Sk by skipping forward past S(k+1) (and never moved directly) are excluded.
//! - `to_win`: of the deals that reached Sk (as in `reached`), the share won.
//!
//! Reopened deals are open: a close followed by a reopening is dropped from the path.
//!
//! The headline value is the whole funnel under the selected variant: deals that converted
//! from the first stage all the way to won, / deals that entered the first stage:
//! `reached` and `to_win`: won / deals that reached S0 (any deal with a known open stage, or won);
//! `strict`: deals whose first entries run S0, ..., S(n-1), won / deals whose first stage was S0;
//! `adjacent`: deals with every direct move S0 -> S1 -> ... -> won / deals that visited S0,
//! excluding deals that skipped forward out of some stage without making every direct move.
//! For `reached` and `strict` the per-stage rates telescope, so the headline is their product; for
//! `to_win` it is the first stage's rate. A zero denominator (or no open stage at all) gives
//! `null` with `insufficient_data`, never 0. Drill-down: denominator = the deals counted as
//! trials above, numerator = those that converted.
//!
//! Headline stats (cohort counts): `cohort`, `stages` (open stages), `won`, `reopened`,
//! `skippedStages` (deals that skipped at least one stage), `backwardMoves` (moves).
//!
//! Funnel (per stage): days in stage count completed visits only (entry to the next stage
//! change, closes included); the stay an open deal is still in is left out and counted as
//! `openInStage`. `skipped` counts deals with a move from an earlier stage to a later one (or to
//! won) without the stage; deals created directly in a later stage did not skip.
//!
//! Each stage also carries the open pipeline in it as of `asOf` (`pipeline`,
//! [`super::stage_pipeline`]): a snapshot of every open deal, beside the cohort's flow.

use super::attribution::Attribution;
use super::figure::{DataStatus, Interval};
use super::scopes::Tally;
use super::{Compute, Headline};
use super::path_table::{variant_index, PathFacts, PathTable};
use super::ranks::Bits;
use super::stage_path::{DealPath, Step};
use super::stage_pipeline::{self, StagePipeline};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::query::StageConversion;
use crate::stats::{mean, percentile_unsorted};
use serde::Serialize;
use std::sync::{Arc, PoisonError};

/// One open stage of the funnel of the deals created in the period.
///
/// Counts are deals of the cohort; a rate with a zero denominator is `null`, never 0.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStage {
    /// Stage id.
    pub stage: String,
    /// Display label (the id when none is declared).
    pub label: String,
    /// Deals that reached the stage by the `reached` rule (the funnel bar).
    pub reached: u64,
    /// The selected variant's denominator at this stage (see the module doc).
    pub trials: u64,
    /// The selected variant's numerator: deals that advanced by its rule.
    pub advanced: u64,
    /// `advanced / trials` for the selected variant; `null` when `trials` is 0.
    pub conversion: Option<f64>,
    /// 95% Wilson interval of `conversion`.
    pub interval: Option<Interval>,
    /// `ok`, or `insufficient_data` when `trials` is 0.
    pub status: DataStatus,
    /// The four variants side by side.
    pub rates: StageRates,
    /// Deals won among those that reached the stage (`reached` rule).
    pub won: u64,
    /// Mean days in the stage: entry to the next stage change, summed over a deal's visits;
    /// completed visits only (the current stage of open deals is not included).
    pub mean_days_in_stage: Option<f64>,
    /// Median days in the stage, same population as the mean.
    pub median_days_in_stage: Option<f64>,
    /// Deals behind the days in stage.
    pub days_sample: u64,
    /// Open deals of the cohort currently in the stage (their stay is not in the days above).
    pub open_in_stage: u64,
    /// Deals that moved from an earlier stage to a later one (or to won) without this stage.
    pub skipped: u64,
    /// Moves out of this stage back to an earlier open stage (count of moves).
    pub backward_moves: u64,
    /// Reopened deals (closed, then back to an open stage) among those that reached the stage.
    pub reopened: u64,
    /// The stage's open pipeline as of `asOf` (all open deals, not only the cohort's): count,
    /// amount, weighted amount, median days in stage, stalled ([`super::stage_pipeline`]).
    pub pipeline: StagePipeline,
}

/// A stage's conversion under each variant; `null` when that variant's denominator is 0.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct StageRates {
    /// `reached` variant.
    pub reached: Option<f64>,
    /// `strict` variant.
    pub strict: Option<f64>,
    /// `adjacent` variant.
    pub adjacent: Option<f64>,
    /// `to_win` variant.
    pub to_win: Option<f64>,
}

/// The indicators of this family.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "stage_conversion",
        label: "Stage conversion",
        description: "deals created in period, per ordered open stage (declared, else observed: majority precedence of first entries): `reached` (reached S = history shows S or later, or won) share reaching the next stage (won after the last); `strict` (first entries run S0..S in order); `adjacent` (direct moves S -> S+1, forward skippers excluded); `to_win` (share won). Value: the whole funnel, S0 -> won, under the selected variant; per-stage rates, days in stage, skips, backward moves, reopened deals in the report's `funnel`",
        unit: Unit::Ratio,
        better: Better::Higher,
        timing: Timing::Period,
        definition,
        variants: &["stageConversion"],
        next_step: "Set structured follow-ups and exit criteria for the stage with the lowest conversion",
        headline: Headline::No,
        card: false,
        attributed_at: Attribution::DealCreated,
        compute: Compute::tally::<Conversion>(),
    }]
}

fn variant_name(v: StageConversion) -> &'static str {
    match v {
        StageConversion::Reached => "reached",
        StageConversion::Strict => "strict",
        StageConversion::Adjacent => "adjacent",
        StageConversion::ToWin => "to_win",
    }
}

fn definition(ctx: &Ctx) -> String {
    let v = ctx.query.variants.stage_conversion;
    let rule = match v {
        StageConversion::Reached | StageConversion::ToWin => {
            "won / deals that reached the first open stage (history shows it or a later stage, or won)"
        }
        StageConversion::Strict => "deals that passed through every open stage in order, then won / deals whose first stage was the first open stage",
        StageConversion::Adjacent => {
            "deals that made every direct move S -> S+1 up to won / deals that visited the first open stage, forward skippers excluded"
        }
    };
    format!(
        "stage conversion, variant {}: deals created in period; {rule}; per-stage rates of all four variants in the report's funnel",
        variant_name(v)
    )
}

/// The selected variant's (trial, success) for the whole funnel (see the module doc).
pub(super) fn headline(v: StageConversion, p: &DealPath, n: usize) -> (bool, bool) {
    match v {
        StageConversion::Reached | StageConversion::ToWin => (p.reached(0), p.won),
        StageConversion::Strict => (p.strict(0, n), p.strict(n, n)),
        StageConversion::Adjacent => {
            let chain = (0..n).all(|k| p.direct(k, n));
            let skipper = (0..n).any(|k| p.skips_out_of(k, n));
            (p.visits(0) && (chain || !skipper), chain)
        }
    }
}

/// A variant's (trial, success) at open stage `k` (see the module doc).
fn at_stage(v: StageConversion, p: &DealPath, k: usize, n: usize) -> (bool, bool) {
    match v {
        StageConversion::Reached => (p.reached(k), p.reached(k + 1)),
        StageConversion::Strict => (p.strict(k, n), p.strict(k + 1, n)),
        StageConversion::Adjacent => (p.adjacent_trial(k, n), p.direct(k, n)),
        StageConversion::ToWin => (p.reached(k), p.won),
    }
}

/// `stage_conversion`'s headline over the deals of a scope, with the cohort counts in stats:
/// deals are counted per path, and each distinct path read once for the figure.
#[derive(Default)]
struct Conversion {
    cohort: u64,
    /// Deals per entry of [`PathTable::paths`].
    on_path: Vec<u64>,
}

impl Tally for Conversion {
    /// The deals' paths, and the position of the selected variant.
    type Env<'s> = (Arc<PathTable>, usize);
    /// The deal's path ([`PathTable::paths`]).
    type Item = Option<u32>;
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (PathTable::of(ctx.store), variant_index(ctx.query.variants.stage_conversion))
    }
    fn item((table, _): &Self::Env<'_>, r: u32) -> Option<u32> {
        table.path_of(r).map(|p| p as u32)
    }
    #[inline]
    fn add(&mut self, &(ref table, v): &Self::Env<'_>, path: Option<u32>, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.cohort += 1;
        let Some(p) = path else { return };
        match self.on_path.get_mut(p as usize) {
            Some(count) => *count += 1,
            None => {
                self.on_path.resize(table.paths.len(), 0);
                if let Some(count) = self.on_path.get_mut(p as usize) {
                    *count += 1;
                }
            }
        }
        if let Some(sink) = sink.as_deref_mut() {
            let (trial, success) = table.paths.get(p as usize).and_then(|f| f.headline.get(v)).copied().unwrap_or_default();
            if trial {
                sink.den(Collection::Deals, r);
            }
            if trial && success {
                sink.num(Collection::Deals, r);
            }
        }
    }
    fn figure(self, ctx: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        let table = PathTable::of(ctx.store);
        let v = variant_index(ctx.query.variants.stage_conversion);
        let n = table.stages.len();
        let (mut trials, mut successes, mut won, mut reopened, mut skippers, mut backward) = (0, 0, 0, 0, 0, 0);
        for (p, &c) in table.paths.iter().zip(&self.on_path).filter(|(_, &c)| c > 0) {
            let (trial, success) = p.headline.get(v).copied().unwrap_or_default();
            trials += c * u64::from(trial);
            successes += c * u64::from(trial && success);
            won += c * u64::from(p.path.won);
            reopened += c * u64::from(p.reopened);
            skippers += c * u64::from(p.skipper);
            backward += c * p.backward;
        }
        let mut figure = Figure::count_ratio(successes, trials);
        for (name, value) in [
            ("cohort", self.cohort),
            ("stages", n as u64),
            ("won", won),
            ("reopened", reopened),
            ("skippedStages", skippers),
            ("backwardMoves", backward),
        ] {
            figure.stats.insert(name, Some(value as f64));
        }
        figure
    }
}

/// The deals of the period's cohort (created in [from, to)), as a set of positions, and whether
/// they are more than a quarter of the deals.
fn cohort(ctx: &Ctx) -> (Bits, bool) {
    let q = ctx.query;
    let created = super::columns::by_created(ctx.store);
    let start = created.partition_point(|c| c.0 < q.from);
    let end = created.partition_point(|c| c.0 < q.to);
    let members = created.get(start..end).unwrap_or_default();
    let n = ctx.store.deals.len();
    (Bits::of(members.iter().map(|c| c.1), n), members.len() > n / 4)
}

fn rate(successes: u64, trials: u64) -> Option<f64> {
    (trials > 0).then(|| successes as f64 / trials as f64)
}

/// The cohort's side of the funnel for one period: what a new grouping of the same period would
/// otherwise work out again (~19 ms of a two-year re-query at 1M deals: the cohort's set, its
/// deals per path, and 2.3M days in stage gathered, averaged and their medians selected). It
/// reads the store alone, so the store's [`PathTable`] keeps the last one.
#[derive(Debug)]
pub struct CohortDays {
    /// The period [from, to) of the cohort's creations.
    period: (i64, i64),
    /// Deals of the cohort per entry of [`PathTable::paths`].
    deals_on: Vec<u64>,
    /// Per open stage: the mean and median of the cohort's days in it, and how many deals.
    days: Vec<(Option<f64>, Option<f64>, u64)>,
}

/// The stage funnel of the deals created in the period: one entry per open stage, in order.
/// Empty when there is no open stage. Deals are counted per distinct path ([`PathTable`]).
pub fn funnel(ctx: &Ctx) -> Vec<FunnelStage> {
    let table = PathTable::of(ctx.store);
    // A poisoned lock holds a whole cohort or none: a cohort is built before it is stored.
    let mut last = table.last_cohort.lock().unwrap_or_else(PoisonError::into_inner);
    let cohort = match &mut *last {
        Some(kept) if kept.period == (ctx.query.from, ctx.query.to) => kept,
        slot => slot.insert(cohort_days(ctx, &table)),
    };
    let mut open = stage_pipeline::by_stage(ctx, &table).into_iter();
    let entry = |(k, days)| FunnelStage { pipeline: open.next().unwrap_or_default(), ..stage_entry(ctx, &table, k, &cohort.deals_on, days) };
    cohort.days.iter().enumerate().map(entry).collect()
}

fn cohort_days(ctx: &Ctx, table: &PathTable) -> CohortDays {
    let (members, many) = cohort(ctx);
    let mut deals_on = vec![0u64; table.paths.len()];
    for r in members.ones() {
        if let Some(count) = table.path_of(r).and_then(|p| deals_on.get_mut(p)) {
            *count += 1;
        }
    }
    let mut stay = Vec::new();
    let days = table
        .stage_days
        .iter()
        .map(|days| {
            stay.clear();
            days.days_of(|r| members.has(r), many, &mut stay);
            (mean(&stay), percentile_unsorted(&stay, 0.5), stay.len() as u64)
        })
        .collect();
    CohortDays { period: (ctx.query.from, ctx.query.to), deals_on, days }
}

/// Stage `k` of the funnel of the cohort with `deals_on[p]` deals on path `p`, and `days` the
/// mean, median and sample of its days in the stage ([`CohortDays::days`]).
fn stage_entry(ctx: &Ctx, table: &PathTable, k: usize, deals_on: &[u64], &(mean_days, median_days, sample): &(Option<f64>, Option<f64>, u64)) -> FunnelStage {
    let store = ctx.store;
    let stages = &table.stages;
    let n = stages.len();
    let id = stages.ids.get(k).copied().unwrap_or(crate::store::NO_SYM);
    let on = || table.paths.iter().zip(deals_on).filter(|(_, &c)| c > 0);
    let deals = |counts: &dyn Fn(&PathFacts) -> bool| on().map(|(p, &c)| c * u64::from(counts(p))).sum::<u64>();
    let count = |v: StageConversion| {
        on().fold((0u64, 0u64), |(t, s), (p, &c)| {
            let (trial, success) = at_stage(v, &p.path, k, n);
            (t + c * u64::from(trial), s + c * u64::from(trial && success))
        })
    };
    let by = |v: StageConversion| {
        let (t, s) = count(v);
        rate(s, t)
    };
    let (trials, advanced) = count(ctx.query.variants.stage_conversion);
    let figure = Figure::count_ratio(advanced, trials);
    FunnelStage {
        stage: store.strings.resolve(id).to_string(),
        label: stages.label(store, k),
        reached: deals(&|p| p.path.reached(k)),
        trials,
        advanced,
        conversion: figure.value,
        interval: figure.interval,
        status: figure.status,
        rates: StageRates {
            reached: by(StageConversion::Reached),
            strict: by(StageConversion::Strict),
            adjacent: by(StageConversion::Adjacent),
            to_win: by(StageConversion::ToWin),
        },
        won: deals(&|p| p.path.reached(k) && p.path.won),
        mean_days_in_stage: mean_days,
        median_days_in_stage: median_days,
        days_sample: sample,
        // A path ending in an open stage is an open deal's: closes end a path.
        open_in_stage: deals(&|p| p.path.steps.last() == Some(&Step::Open(k))),
        skipped: deals(&|p| p.path.skipped(k, n)),
        backward_moves: on().map(|(p, &c)| c * p.path.backward_from(k) as u64).sum(),
        reopened: deals(&|p| p.path.reached(k) && p.reopened),
        pipeline: StagePipeline::default(),
    }
}
