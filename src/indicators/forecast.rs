//! `forecast_accuracy`: how close the forecasts came to the won amount (HubSpot's definition).
//!
//! A forecast period is a distinct (owner, team, start, end) among the forecasts; it is
//! attributed at its start and counts only once it has ended by `asOf` (periods without valid
//! dates are left out). Per period:
//! - the forecast used is the latest submitted on or before the period start (`submittedAt`; a
//!   forecast without one counts as submitted at the period start; ties go to the later row);
//! - actual = won amount (base currency, unknown amounts left out) of the deals closed in
//!   [start, end) of the period's owner; owner null and team set: that team's deals; both null
//!   (company): all deals;
//! - accuracy = max(0, 1 - |forecast - actual| / actual); bias = forecast / actual - 1
//!   (positive = over-forecast).
//!
//! value = mean accuracy over the periods in scope: numerator = sum of accuracies, denominator =
//! number of periods with an accuracy (`sampleSize` too). A period whose actual is 0 has no
//! accuracy (skipped, counted in `stats.periodsWithoutActual`); one with no forecast submitted by
//! its start, or whose forecast has no fx rate, is skipped and counted in
//! `stats.periodsWithoutForecast`. No period left (zero denominator) gives `null` with
//! `insufficient_data`. Stats: `bias` (mean over periods), `periods`, `meanAllSubmissions` (the
//! accuracy of every submission made before the period end, averaged, over the same periods),
//! `forecastTotal`, `actualTotal`. Groups read the forecast's owner (or team).
//! Drill-down: numerator and denominator = the forecast rows used (`forecasts[i]`).

use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::store::{TargetRow, NO_SYM, NO_TIME};
use rustc_hash::FxHashMap as HashMap;

/// The forecast indicator.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "forecast_accuracy",
        unit: Unit::Ratio,
        better: Better::Higher,
        table: Table::Forecasts,
        timing: Timing::Period,
        definition: |_| {
            "mean over forecast periods (owner, team, start, end) ended by asOf, attributed at start: \
             max(0, 1 - |forecast - actual won| / actual won), forecast = latest submitted on or before the period start; \
             bias = mean(forecast / actual - 1)"
                .into()
        },
        attribute: period_start,
        compute: forecast_accuracy,
        batch: None,
    }]
}

type Key = (u32, u32, i64, i64);

fn key(t: &TargetRow) -> Key {
    (t.owner, t.team, t.start, t.end)
}

/// Start of forecast `i`'s period when `i` is the first row of an ended period (one record per
/// period).
fn period_start(ctx: &Ctx, i: u32) -> Option<i64> {
    let rows = &ctx.store.forecasts;
    let f = rows.get(i as usize)?;
    let valid = f.start != NO_TIME && f.end != NO_TIME && f.end > f.start && f.end <= ctx.query.as_of;
    let first = !rows[..i as usize].iter().any(|g| key(g) == key(f));
    (valid && first).then_some(f.start)
}

/// When a forecast counts as submitted.
fn submitted(f: &TargetRow) -> i64 {
    if f.submitted == NO_TIME {
        f.start
    } else {
        f.submitted
    }
}

/// Won deals with a known amount and close, as (close, index) sorted by close.
fn won_deals(ctx: &Ctx) -> Vec<(i64, u32)> {
    let deals = &ctx.store.deals;
    let mut won: Vec<(i64, u32)> = (0..deals.len() as u32)
        .filter_map(|i| super::deals::won_at(ctx, i).filter(|_| deals[i as usize].amount.is_finite()).map(|t| (t, i)))
        .collect();
    won.sort_unstable();
    won
}

/// Won amount of the period's owner (or team, or company) in [start, end).
fn actual(ctx: &Ctx, won: &[(i64, u32)], f: &TargetRow) -> f64 {
    let lo = won.partition_point(|w| w.0 < f.start);
    let hi = won.partition_point(|w| w.0 < f.end);
    won[lo..hi.max(lo)]
        .iter()
        .map(|&(_, i)| &ctx.store.deals[i as usize])
        .filter(|d| match (f.owner, f.team) {
            (NO_SYM, NO_SYM) => true,
            (NO_SYM, team) => d.team == team,
            (owner, _) => d.owner == owner,
        })
        .map(|d| d.amount)
        .sum()
}

fn accuracy(forecast: f64, actual: f64) -> f64 {
    (1.0 - (forecast - actual).abs() / actual).max(0.0)
}

/// Running sums over the periods of a scope.
#[derive(Default)]
struct Tally {
    accuracies: Vec<f64>,
    biases: Vec<f64>,
    all_submissions: Vec<f64>,
    forecast: f64,
    actual: f64,
    without_actual: u64,
    without_forecast: u64,
}

fn forecast_accuracy(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let rows = &ctx.store.forecasts;
    let mut periods: HashMap<Key, Vec<u32>> = HashMap::default();
    for (i, f) in rows.iter().enumerate() {
        periods.entry(key(f)).or_default().push(i as u32);
    }
    let won = won_deals(ctx);
    let mut t = Tally::default();
    for &r in records {
        let Some(p) = rows.get(r as usize) else { continue };
        let submissions = periods.get(&key(p)).map_or(&[][..], Vec::as_slice);
        let used = submissions
            .iter()
            .copied()
            .filter(|&i| submitted(&rows[i as usize]) <= p.start)
            .max_by_key(|&i| (submitted(&rows[i as usize]), i));
        let Some(used) = used.filter(|&i| rows[i as usize].amount.is_finite()) else {
            t.without_forecast += 1;
            continue;
        };
        let a = actual(ctx, &won, p);
        if a.is_nan() || a <= 0.0 {
            t.without_actual += 1;
            continue;
        }
        let f = rows[used as usize].amount;
        t.accuracies.push(accuracy(f, a));
        t.biases.push(f / a - 1.0);
        t.forecast += f;
        t.actual += a;
        let all = submissions.iter().map(|&i| &rows[i as usize]).filter(|s| submitted(s) < p.end && s.amount.is_finite());
        t.all_submissions.extend(all.map(|s| accuracy(s.amount, a)));
        num(&mut sink, Table::Forecasts, used);
        den(&mut sink, Table::Forecasts, used);
    }
    let n = t.accuracies.len();
    let mean = crate::stats::mean;
    Figure::ratio(t.accuracies.iter().sum(), n as f64, n as u64)
        .with_stat("bias", mean(&t.biases))
        .with_stat("periods", Some(n as f64))
        .with_stat("meanAllSubmissions", mean(&t.all_submissions))
        .with_stat("forecastTotal", Some(t.forecast))
        .with_stat("actualTotal", Some(t.actual))
        .with_stat("periodsWithoutActual", Some(t.without_actual as f64))
        .with_stat("periodsWithoutForecast", Some(t.without_forecast as f64))
}
