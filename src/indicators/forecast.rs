//! Forecast accuracy (HubSpot's definition): how close the submitted forecast came to the won
//! amount, per forecast period.

use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::store::{Status, Sym, NO_SYM, NO_TIME};
use std::collections::BTreeMap;

/// The forecast family.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "forecast_accuracy",
        unit: Unit::Ratio,
        better: Better::Higher,
        table: Table::Forecasts,
        timing: Timing::Period,
        definition: |_| {
            "per forecast period ended by asOf (attributed at its start): max(0, 1 - |forecast - actual won| / actual won), \
             using the latest forecast submitted on or before the period start; value = mean over periods"
                .into()
        },
        attribute: ended_period_start,
        compute: forecast_accuracy,
    }]
}

/// Forecasts whose period has ended by `asOf`, attributed to the period start.
fn ended_period_start(ctx: &Ctx, i: u32) -> Option<i64> {
    let f = &ctx.store.forecasts[i as usize];
    (f.start != NO_TIME && f.end != NO_TIME && f.end <= ctx.query.as_of && !f.amount.is_nan()).then_some(f.start)
}

/// Won amount closed in [start, end) by `owner` (or `team` when no owner; everyone when neither).
fn actual_won(ctx: &Ctx, owner: Sym, team: Sym, start: i64, end: i64) -> f64 {
    let whose = |owner_of: Sym, team_of: Sym| {
        if owner != NO_SYM {
            owner_of == owner
        } else {
            team == NO_SYM || team_of == team
        }
    };
    ctx.store
        .deals
        .iter()
        .filter(|d| d.status == Status::Won && d.closed >= start && d.closed < end && !d.amount.is_nan() && whose(d.owner, d.team))
        .map(|d| d.amount)
        .sum()
}

/// `forecast_accuracy` = mean accuracy over the forecast periods in scope. A period whose only
/// forecasts were submitted after it started has no eligible forecast (`stats.lateOnly`); a period
/// with nothing won has no accuracy (`stats.zeroActual`). Numerator = sum of accuracies,
/// denominator = periods judged; none judged gives `null`, `insufficient_data`. Stats: `bias` =
/// mean of forecast / actual - 1 (positive = over-forecast), `meanAllSubmissions` = accuracy
/// averaged over every submission of the judged periods, not only the latest.
fn forecast_accuracy(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let forecasts = &ctx.store.forecasts;
    let mut periods: BTreeMap<(Sym, Sym, i64, i64), Vec<u32>> = BTreeMap::new();
    for &r in records {
        let f = &forecasts[r as usize];
        periods.entry((f.owner, f.team, f.start, f.end)).or_default().push(r);
    }
    let (mut sum, mut judged, mut bias, mut all_sum, mut all_n, mut late_only, mut zero_actual) = (0.0, 0u64, 0.0, 0.0, 0u64, 0, 0);
    for ((owner, team, start, end), members) in periods {
        let submitted = |r: &u32| {
            let s = forecasts[*r as usize].submitted;
            if s == NO_TIME {
                start
            } else {
                s
            }
        };
        let Some(&latest) = members.iter().filter(|r| submitted(r) <= start).max_by_key(|r| (submitted(r), **r)) else {
            late_only += 1;
            continue;
        };
        let actual = actual_won(ctx, owner, team, start, end);
        if actual <= 0.0 {
            zero_actual += 1;
            continue;
        }
        let accuracy = |forecast: f64| (1.0 - (forecast - actual).abs() / actual).max(0.0);
        sum += accuracy(forecasts[latest as usize].amount);
        bias += forecasts[latest as usize].amount / actual - 1.0;
        judged += 1;
        num(&mut sink, Table::Forecasts, latest);
        for &m in &members {
            all_sum += accuracy(forecasts[m as usize].amount);
            all_n += 1;
            den(&mut sink, Table::Forecasts, m);
        }
    }
    let mut figure = Figure::ratio(sum, judged as f64, judged);
    figure.stats.insert("periods", Some(judged as f64));
    figure.stats.insert("bias", (judged > 0).then(|| bias / judged as f64));
    figure.stats.insert("meanAllSubmissions", (all_n > 0).then(|| all_sum / all_n as f64));
    figure.stats.insert("lateOnly", Some(late_only as f64));
    figure.stats.insert("zeroActual", Some(zero_actual as f64));
    figure
}
