//! Anomalies: the latest bucket of a series outside median +/- 3 x MAD of the buckets before it.
//!
//! The rule, for every indicator that has a cadence series:
//! 1. Buckets clipped by the period's edges (a part week at the start of a quarter, the week still
//!    running at `asOf`) are left out: they would compare part of a week with whole weeks.
//! 2. The latest complete bucket is judged against the (up to) 8 complete buckets before it;
//!    buckets without a value are skipped, and fewer than 6 values give no verdict.
//! 3. `median` is the exact median of that baseline and `mad` (reported) its **raw** median
//!    absolute deviation, `median(|x - median|)`. The band's `spread` is `1.4826 x mad`, the
//!    normal-consistent MAD of Hampel's identifier, so that 3 spreads are 3 standard deviations.
//!    With the raw MAD, 3 x MAD is only about 2 standard deviations: on clean generated data it
//!    flagged a series in most reports (5 of 8 seeds), so the scaled MAD is used.
//! 4. Guard against a flat baseline (MAD = 0): the spread is then 1.4826 x the mean absolute
//!    deviation, and never less than 1% of `|median|` (nor 1e-9). A perfectly flat series therefore
//!    flags only a move of more than 3% of its level, and a tiny wobble never flags.
//! 5. Guard against sampling noise: for ratios, the latest bucket is flagged only when its own
//!    Wilson interval at 3 standard errors (for ratios of amounts, that of its value over its sample
//!    size) excludes the median too, so that 2 of 3 after a run of 5 of 10 is not an anomaly, and a
//!    baseline whose 8-bucket MAD came out tiny by chance does not flag binomial noise.
//! 6. The expected band is `[median - 3 x spread, median + 3 x spread]`; a value on its edge is
//!    inside. Direction: above the band is `better` when higher is better, and so on.

use super::Direction;
use crate::indicators::{self, Better, Ctx, Def, Figure, Unit};
use crate::indicators::output::{IndicatorReport, SeriesPoint};
use crate::stats::{median, wilson_z};
use serde::Serialize;

/// Buckets in the trailing window.
pub const WINDOW: usize = 8;
/// Values needed in the window for a verdict.
pub const MIN_VALUES: usize = 6;
/// Width of the band in spreads.
pub const K: f64 = 3.0;
/// Smallest spread, relative to `|median|`.
pub const RELATIVE_FLOOR: f64 = 0.01;
/// Makes the MAD a consistent estimate of the standard deviation under normal noise (Hampel).
pub const MAD_SCALE: f64 = 1.4826;

/// An indicator series whose latest bucket left its usual band.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Anomaly {
    /// Indicator id.
    pub indicator: &'static str,
    /// Label of the judged bucket.
    pub bucket: String,
    /// The bucket's value.
    pub value: f64,
    /// Median of the baseline buckets.
    pub median: f64,
    /// Raw median absolute deviation of the baseline.
    pub mad: f64,
    /// Spread used for the band (MAD, or its guard).
    pub spread: f64,
    /// Lower edge of the expected band.
    pub expected_low: f64,
    /// Upper edge of the expected band.
    pub expected_high: f64,
    /// Baseline buckets with a value.
    pub baseline: usize,
    /// `better` or `worse`, from the indicator's good direction.
    pub direction: Direction,
    /// Size of the move: value - median.
    pub change: f64,
    /// The move relative to the median (`null` when the median is 0).
    pub relative_change: Option<f64>,
    /// The move in spreads: (value - median) / spread.
    pub deviations: f64,
}

/// The expected band of a baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Median of the baseline.
    pub median: f64,
    /// Raw MAD.
    pub mad: f64,
    /// Spread used (MAD, or the guard when MAD is 0).
    pub spread: f64,
    /// median - 3 x spread.
    pub low: f64,
    /// median + 3 x spread.
    pub high: f64,
}

/// The band of a baseline of values; `None` with fewer than [`MIN_VALUES`].
pub fn band(baseline: &[f64]) -> Option<Band> {
    if baseline.len() < MIN_VALUES {
        return None;
    }
    let m = median(&mut baseline.to_vec())?;
    let mut deviations: Vec<f64> = baseline.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut deviations)?;
    let mean_ad = deviations.iter().sum::<f64>() / deviations.len() as f64;
    let guard = (RELATIVE_FLOOR * m.abs()).max(1e-9);
    let spread = if mad > 0.0 { (MAD_SCALE * mad).max(guard) } else { (MAD_SCALE * mean_ad).max(guard) };
    Some(Band { median: m, mad, spread, low: m - K * spread, high: m + K * spread })
}

/// Judges `latest` against `baseline` (oldest first; at most the last [`WINDOW`] are used).
/// Returns the band and whether the value lies outside it.
pub fn judge(baseline: &[f64], latest: f64) -> Option<(Band, bool)> {
    let window = baseline.get(baseline.len().saturating_sub(WINDOW)..).unwrap_or_default();
    let b = band(window)?;
    Some((b, latest < b.low || latest > b.high))
}

/// The anomalies of the report's series, each with the [from, to) of its bucket.
pub fn find(ctx: &Ctx, defs: &[Def], reports: &[IndicatorReport]) -> Vec<(Anomaly, (i64, i64))> {
    let q = ctx.query;
    let cal = &ctx.store.settings.calendar;
    let ranges = cal.buckets(q.from, q.to, q.cadence);
    let complete: Vec<bool> = ranges.iter().map(|&(a, b)| cal.bucket_start(a, q.cadence) == a && cal.next_bucket(a, q.cadence) == b).collect();
    let mut out = Vec::new();
    for r in reports.iter().filter(|r| r.series.len() == ranges.len()) {
        let Some(def) = indicators::find(defs, r.id) else { continue };
        // The complete buckets, each as (series point, range).
        let points: Vec<(&SeriesPoint, (i64, i64))> =
            r.series.iter().zip(&ranges).zip(&complete).filter(|(_, &whole)| whole).map(|((p, &range), _)| (p, range)).collect();
        let Some((&(latest, range), before)) = points.split_last() else { continue };
        let window = before.get(before.len().saturating_sub(WINDOW)..).unwrap_or_default();
        let baseline: Vec<f64> = window.iter().filter_map(|(p, _)| p.figure.value).collect();
        let Some(value) = latest.figure.value else { continue };
        if let Some(a) = verdict(def, &latest.figure, &baseline, value) {
            out.push((Anomaly { bucket: latest.bucket.clone(), ..a }, range));
        }
    }
    out
}

/// The sampling interval of a ratio bucket at 3 standard errors (the same width as the 3 x MAD
/// band): the MAD of 8 buckets is itself noisy and can be tiny by chance, so a ratio is flagged
/// only when its own binomial noise cannot explain the move either. Ratios of amounts use their
/// value over their sample size.
fn noise_interval(def: &Def, figure: &Figure) -> Option<(f64, f64)> {
    let p = figure.value.filter(|p| def.unit == Unit::Ratio && (0.0..=1.0).contains(p))?;
    let n = figure.sample_size as f64;
    wilson_z(p * n, n, 3.0)
}

/// The anomaly of one value against its baseline, if it is one.
fn verdict(def: &Def, figure: &Figure, baseline: &[f64], value: f64) -> Option<Anomaly> {
    let (b, outside) = judge(baseline, value)?;
    let within_noise = noise_interval(def, figure).is_some_and(|(low, high)| low <= b.median && b.median <= high);
    if !outside || within_noise {
        return None;
    }
    let up = value > b.high;
    let direction = if up == (def.better == Better::Higher) { Direction::Better } else { Direction::Worse };
    Some(Anomaly {
        indicator: def.id,
        bucket: String::new(),
        value,
        median: b.median,
        mad: b.mad,
        spread: b.spread,
        expected_low: b.low,
        expected_high: b.high,
        baseline: baseline.len(),
        direction,
        change: value - b.median,
        relative_change: (b.median != 0.0).then(|| (value - b.median) / b.median.abs()),
        deviations: (value - b.median) / b.spread,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_by_hand() {
        // sorted 9 10 10 11 11 12 12 13: median 11; |x - 11| sorted 0 0 1 1 1 1 2 2: MAD 1.
        let b = band(&[10.0, 12.0, 11.0, 13.0, 9.0, 10.0, 11.0, 12.0]).unwrap();
        // spread 1.4826, band 11 +/- 4.4478 = [6.5522, 15.4478].
        assert_eq!((b.median, b.mad, b.spread), (11.0, 1.0, 1.4826));
        assert!((b.low - 6.5522).abs() < 1e-9 && (b.high - 15.4478).abs() < 1e-9);
        let base = [10.0, 12.0, 11.0, 13.0, 9.0, 10.0, 11.0, 12.0];
        assert!(!judge(&base, 15.4).unwrap().1);
        assert!(judge(&base, 15.5).unwrap().1);
        assert!(judge(&base, 6.5).unwrap().1);
        // Only the last 8 count: a wild value before them changes nothing.
        let longer = [1000.0, 10.0, 12.0, 11.0, 13.0, 9.0, 10.0, 11.0, 12.0];
        assert_eq!(judge(&longer, 15.5), judge(&base, 15.5));
        // Fewer than 6 values: no verdict.
        assert_eq!(band(&[1.0; 5]), None);
        assert_eq!(judge(&[1.0, 1.0, 1.0, 1.0, 1.0], 100.0), None);
    }

    #[test]
    fn flat_baselines_need_a_real_move() {
        // All 5.0: MAD 0, mean AD 0, floor 1% x 5 = 0.05: band [4.85, 5.15].
        let flat = [5.0; 8];
        let b = band(&flat).unwrap();
        assert_eq!((b.mad, b.spread), (0.0, 0.05));
        assert!(!judge(&flat, 5.01).unwrap().1);
        assert!(!judge(&flat, 5.15).unwrap().1);
        assert!(judge(&flat, 5.2).unwrap().1);
        // One wobble: |x - 5| = 0 x7, 1 x1: MAD 0, mean AD 0.125, spread 1.4826 x 0.125 = 0.185325.
        let wobble = [5.0, 5.0, 5.0, 6.0, 5.0, 5.0, 5.0, 5.0];
        let b = band(&wobble).unwrap();
        assert!((b.spread - 0.185_325).abs() < 1e-12);
        assert!(!judge(&wobble, 5.5).unwrap().1);
        assert!(judge(&wobble, 5.6).unwrap().1);
    }
}
