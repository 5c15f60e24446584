//! `forecast_accuracy`: how close the forecasts came to the won amount (HubSpot's definition).
//!
//! A forecast period is a distinct (owner, team, start, end) among the forecasts; it is
//! attributed at its start and counts only once it has ended by `asOf` (periods without valid
//! dates are left out). Per period:
//! - the forecast used is the latest submitted on or before the period start (`submittedAt`; a
//!   forecast without one counts as submitted at the period start; ties go to the later row,
//!   and the load warns of them: `forecast_tie`);
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

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::store::{MemoKey, Status, Store, PeriodAmountRow, Sym, NO_SYM, NO_TIME};
use rustc_hash::FxHashMap as HashMap;

/// The forecast indicator.
pub fn definitions() -> Vec<Def> {
    vec![Def {
        id: "forecast_accuracy",
        label: "Forecast accuracy",
        description: "per ended forecast period: max(0, 1 - abs(forecast - won) / won) with the latest forecast submitted on or before the period start; mean over periods; `bias`, `meanAllSubmissions` in stats",
        unit: Unit::Ratio,
        better: Better::Higher,
        timing: Timing::Period,
        definition: |_| {
            "mean over forecast periods (owner, team, start, end) ended by asOf, attributed at start: \
             max(0, 1 - |forecast - actual won| / actual won), forecast = latest submitted on or before the period start; \
             bias = mean(forecast / actual - 1)"
                .into()
        },
        variants: &[],
        next_step: "Review forecast calls against deal evidence; inspect commit deals every week",
        headline: Headline::No,
        card: false,
        attributed_at: Attribution::ForecastPeriodStart,
        compute: Compute::tally::<Accuracy>(),
    }]
}

/// Start of forecast `i`'s period when `i` is the first row of an ended period (one record per
/// period).
pub(super) fn period_start(ctx: &Ctx, i: u32) -> Option<i64> {
    let f = ctx.store.forecasts.get(i as usize)?;
    let valid = f.start != NO_TIME && f.end != NO_TIME && f.end > f.start && f.end <= ctx.query.as_of;
    let first = Periods::of(ctx.store).evals.get(i as usize).is_some_and(|e| e.is_some());
    (valid && first).then_some(f.start)
}

/// A won deal with a known amount and close, as a period's actual reads it.
#[derive(Clone, Copy)]
struct WonDeal {
    closed: i64,
    amount: f64,
    owner: Sym,
    team: Sym,
}

/// Won deals with a known amount and close, sorted by (close, index): what a period's actual
/// reads of each, side by side, so that ~280 quarterly periods each reading ~50k deals at 1M read
/// them in a run of memory, not each from its row (a cache miss each: ~80 ms at 1M).
fn won_deals(store: &Store) -> Vec<WonDeal> {
    let won = store.deals.iter().enumerate().filter(|(_, d)| d.status == Status::Won && d.closed != NO_TIME && d.amount.is_finite());
    let mut order: Vec<(i64, u32)> = won.map(|(i, d)| (d.closed, i as u32)).collect();
    order.sort_unstable();
    let deal = |&(_, i): &(i64, u32)| store.deals.get(i as usize);
    order.iter().filter_map(deal).map(|d| WonDeal { closed: d.closed, amount: d.amount, owner: d.owner, team: d.team }).collect()
}

/// Won amount of the period's owner (or team, or company) in [start, end).
fn actual(won: &[WonDeal], f: &PeriodAmountRow) -> f64 {
    let lo = won.partition_point(|w| w.closed < f.start);
    let hi = won.partition_point(|w| w.closed < f.end);
    won.get(lo..hi.max(lo))
        .unwrap_or_default()
        .iter()
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

/// How a forecast period scores (see the module doc), worked out from the store alone.
#[derive(Debug, Clone, Copy)]
enum Eval {
    /// No forecast submitted by the period start, or it has no fx rate.
    WithoutForecast,
    /// The won amount of the period is 0 (or unknown).
    WithoutActual,
    /// The forecast row used, the forecast and the actual won amount, and the range of the
    /// accuracies of every submission before the period end in [`Periods::submissions`].
    Scored { used: u32, forecast: f64, actual: f64, submissions: (u32, u32) },
}

/// Every forecast period of the store, scored once (kept in its [`crate::store::Memo`]).
#[derive(Debug, Clone, Default)]
pub struct Periods {
    /// Per forecast row: its period's score when it is the period's first row, else `None`.
    evals: Vec<Option<Eval>>,
    /// Accuracies of all submissions, by period.
    submissions: Vec<f64>,
}

/// The store's scored forecast [`Periods`], kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Scored;
impl MemoKey for Scored {
    type Value = Periods;
}

impl Periods {
    fn of(store: &Store) -> std::sync::Arc<Periods> {
        store.memo.get_or_init(Scored, || Periods::build(store))
    }

    fn build(store: &Store) -> Periods {
        let rows = &store.forecasts;
        let mut periods: HashMap<(u32, u32, i64, i64), Vec<u32>> = HashMap::default();
        for (i, f) in rows.iter().enumerate() {
            periods.entry(f.period()).or_default().push(i as u32);
        }
        let won = won_deals(store);
        let mut out = Periods::default();
        for (i, p) in rows.iter().enumerate() {
            let submissions = periods.get(&p.period()).map_or(&[][..], Vec::as_slice);
            if submissions.first() != Some(&(i as u32)) {
                out.evals.push(None);
                continue;
            }
            let eval = out.score(store, &won, p, submissions);
            out.evals.push(Some(eval));
        }
        out
    }

    /// Scores period `p` whose rows are `submissions`.
    fn score(&mut self, store: &Store, won: &[WonDeal], p: &PeriodAmountRow, submissions: &[u32]) -> Eval {
        let rows = &store.forecasts;
        let row = |i: u32| rows.get(i as usize);
        let used = submissions
            .iter()
            .copied()
            .filter(|&i| row(i).is_some_and(|f| f.submitted_at() <= p.start))
            .max_by_key(|&i| (row(i).map_or(NO_TIME, PeriodAmountRow::submitted_at), i));
        let Some((used, forecast)) = used.and_then(|i| row(i).map(|f| (i, f.amount))).filter(|(_, a)| a.is_finite()) else {
            return Eval::WithoutForecast;
        };
        let a = actual(won, p);
        if a.is_nan() || a <= 0.0 {
            return Eval::WithoutActual;
        }
        let start = self.submissions.len() as u32;
        let all = submissions.iter().filter_map(|&i| row(i)).filter(|s| s.submitted_at() < p.end && s.amount.is_finite());
        self.submissions.extend(all.map(|s| accuracy(s.amount, a)));
        Eval::Scored { used, forecast, actual: a, submissions: (start, self.submissions.len() as u32 - start) }
    }
}

/// Running sums over the periods of a scope.
#[derive(Default)]
struct Accuracy {
    accuracies: Vec<f64>,
    biases: Vec<f64>,
    all_submissions: Vec<f64>,
    forecast: f64,
    actual: f64,
    without_actual: u64,
    without_forecast: u64,
}

impl Tally for Accuracy {
    type Env<'s> = std::sync::Arc<Periods>;
    /// Nothing: the periods' scores are kept by forecast row.
    type Item = ();
    fn env<'s>(ctx: &Ctx<'s>) -> std::sync::Arc<Periods> {
        Periods::of(ctx.store)
    }
    fn item(_: &std::sync::Arc<Periods>, _: u32) {}
    fn add(&mut self, periods: &std::sync::Arc<Periods>, _: (), r: u32, sink: &mut Option<&mut DrillSink>) {
        let Some(Some(eval)) = periods.evals.get(r as usize) else { return };
        match *eval {
            Eval::WithoutForecast => self.without_forecast += 1,
            Eval::WithoutActual => self.without_actual += 1,
            Eval::Scored { used, forecast: f, actual: a, submissions: (start, len) } => {
                self.accuracies.push(accuracy(f, a));
                self.biases.push(f / a - 1.0);
                self.forecast += f;
                self.actual += a;
                let range = start as usize..(start + len) as usize;
                self.all_submissions.extend_from_slice(periods.submissions.get(range).unwrap_or_default());
                num(sink, Collection::Forecasts, used);
                den(sink, Collection::Forecasts, used);
            }
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        let t = self;
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
}
