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

use super::drill::{den, num};
use super::figure::{DataStatus, Interval};
use super::stage_path::{days_in_stages, DealPath, Stages, Step};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::query::StageConversion;
use crate::stats::{mean, percentile};
use crate::store::{Status, NO_TIME};
use serde::Serialize;

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
        unit: Unit::Ratio,
        better: Better::Higher,
        table: Table::Deals,
        timing: Timing::Period,
        definition,
        attribute: super::deals::created_at,
        compute: stage_conversion,
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
fn headline(v: StageConversion, p: &DealPath, n: usize) -> (bool, bool) {
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

fn stage_conversion(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let stages = Stages::of(ctx.store);
    let n = stages.len();
    let v = ctx.query.variants.stage_conversion;
    let (mut trials, mut successes, mut won, mut reopened, mut skippers, mut backward) = (0, 0, 0, 0, 0, 0);
    for &r in records {
        let deal = ctx.store.deal(r);
        let path = DealPath::of(ctx.store, &stages, deal);
        won += u64::from(path.won);
        reopened += u64::from(deal.reopened);
        skippers += u64::from((0..n).any(|k| path.skipped(k, n)));
        backward += (0..n).map(|k| path.backward_from(k) as u64).sum::<u64>();
        if n == 0 {
            continue;
        }
        let (trial, success) = headline(v, &path, n);
        if trial {
            trials += 1;
            den(&mut sink, Table::Deals, r);
        }
        if trial && success {
            successes += 1;
            num(&mut sink, Table::Deals, r);
        }
    }
    let mut figure = Figure::count_ratio(successes, trials);
    for (name, value) in [
        ("cohort", records.len() as u64),
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

/// The deals of the period's cohort (created in [from, to)), by position.
fn cohort(ctx: &Ctx) -> Vec<u32> {
    let q = ctx.query;
    let in_period = |created: i64| created != NO_TIME && created >= q.from && created < q.to;
    ctx.store.deals.iter().enumerate().filter(|(_, d)| in_period(d.created)).map(|(i, _)| i as u32).collect()
}

fn rate(successes: u64, trials: u64) -> Option<f64> {
    (trials > 0).then(|| successes as f64 / trials as f64)
}

/// The stage funnel of the deals created in the period: one entry per open stage, in order.
/// Empty when there is no open stage.
pub fn funnel(ctx: &Ctx) -> Vec<FunnelStage> {
    let store = ctx.store;
    let stages = Stages::of(store);
    let deals = cohort(ctx);
    let paths: Vec<DealPath> = deals.iter().map(|&r| DealPath::of(store, &stages, store.deal(r))).collect();
    let days: Vec<_> = deals.iter().map(|&r| days_in_stages(store, store.deal(r))).collect();
    stages.ids.iter().enumerate().map(|(k, &id)| stage_entry(ctx, &stages, (k, id), &deals, &paths, &days)).collect()
}

fn stage_entry(
    ctx: &Ctx,
    stages: &Stages,
    (k, id): (usize, crate::store::Sym),
    deals: &[u32],
    paths: &[DealPath],
    days: &[Vec<(crate::store::Sym, f64)>],
) -> FunnelStage {
    let store = ctx.store;
    let n = stages.len();
    let count = |v: StageConversion| {
        paths.iter().fold((0u64, 0u64), |(t, s), p| {
            let (trial, success) = at_stage(v, p, k, n);
            (t + u64::from(trial), s + u64::from(trial && success))
        })
    };
    let by = |v: StageConversion| {
        let (t, s) = count(v);
        rate(s, t)
    };
    let (trials, advanced) = count(ctx.query.variants.stage_conversion);
    let figure = Figure::count_ratio(advanced, trials);
    let mut stay: Vec<f64> = days.iter().filter_map(|d| d.iter().find(|e| e.0 == id).map(|e| e.1)).collect();
    let cohort = || deals.iter().map(|&r| store.deal(r)).zip(paths);
    let reached_deals = cohort().filter(|(_, p)| p.reached(k));
    FunnelStage {
        stage: store.strings.resolve(id).to_string(),
        label: stages.label(store, k),
        reached: reached_deals.clone().count() as u64,
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
        won: reached_deals.clone().filter(|(_, p)| p.won).count() as u64,
        mean_days_in_stage: mean(&stay),
        median_days_in_stage: percentile(&mut stay, 0.5),
        days_sample: stay.len() as u64,
        open_in_stage: cohort().filter(|(d, p)| d.status == Status::Open && p.steps.last() == Some(&Step::Open(k))).count() as u64,
        skipped: paths.iter().filter(|p| p.skipped(k, n)).count() as u64,
        backward_moves: paths.iter().map(|p| p.backward_from(k) as u64).sum(),
        reopened: reached_deals.filter(|(d, _)| d.reopened).count() as u64,
    }
}
