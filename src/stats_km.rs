//! The Kaplan-Meier estimator, for durations where some subjects have not had the event yet.
//!
//! Sales cycles of open deals are right-censored: a deal open for 40 days will take at least 40.
//! Dropping open deals (the closed-deal mean) makes slow quarters look fast; Kaplan-Meier uses
//! them as "still waiting" up to their censoring time.

use crate::stats::{from_total_key, total_key};

/// One subject: elapsed time, and whether the event was observed (`false` = censored then).
pub type Observation = (f64, bool);

/// The survival curve: `(t, S(t))` after each event time, in time order. At equal times, events
/// are counted before censorings (the usual convention: a censored subject was at risk at `t`).
pub fn km_curve(observations: &mut [Observation]) -> Vec<(f64, f64)> {
    sort_km(observations);
    km_curve_sorted(observations)
}

/// Puts observations in [`km_order`] through the standard sort of `(i64, u32)` pairs the
/// indicators already use (the time's [`total_key`], then 0 for an event, 1 for a censoring):
/// a stable sort by `km_order` was its own ~8 KB copy in the Wasm module. Observations equal in
/// that order have the same bits, so the result is the one `sort_by(km_order)` gives.
pub fn sort_km(observations: &mut [Observation]) {
    let mut keys: Vec<(i64, u32)> = observations.iter().map(|&(t, event)| (total_key(t), u32::from(!event))).collect();
    keys.sort_unstable();
    for (o, &(k, censored)) in observations.iter_mut().zip(&keys) {
        *o = (from_total_key(k), censored == 0);
    }
}

/// The order [`km_curve`] reads observations in: by time, events before censorings.
pub fn km_order(a: &Observation, b: &Observation) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(b.1.cmp(&a.1))
}

/// A sort key of an observation with a non-negative time, in [`km_order`] packed into one
/// integer: the time's bits (a non-negative float orders as its bits) then 0 for an event, 1 for
/// a censoring, moved into the signed range (the sign bit flipped) so that it sorts with the
/// other `i64` keys. Negative times (never made: an elapsed time is at least 0) sort as 0.
/// [`km_observation`] gives the observation back.
pub fn km_key(&(t, event): &Observation) -> i64 {
    let bits = if t.is_sign_negative() || t.is_nan() { 0 } else { t.to_bits() };
    (((bits << 1) | u64::from(!event)) ^ (1 << 63)) as i64
}

/// The observation of a [`km_key`] (the same bits: exact for any non-negative time).
pub fn km_observation(key: i64) -> Observation {
    let packed = (key as u64) ^ (1 << 63);
    (f64::from_bits(packed >> 1), packed & 1 == 0)
}

/// [`km_curve`] of observations already in [`km_order`].
pub fn km_curve_sorted(observations: &[Observation]) -> Vec<(f64, f64)> {
    km_curve_down_to(observations, f64::NEG_INFINITY)
}

/// [`km_curve_sorted`] up to its first point with S(t) <= `floor`: the points after it cannot
/// change a [`km_quantile`] whose threshold `1 - p + 1e-12` is at or above `floor`.
pub fn km_curve_down_to(observations: &[Observation], floor: f64) -> Vec<(f64, f64)> {
    let mut at_risk = observations.len() as f64;
    let mut survival = 1.0;
    let mut curve = Vec::new();
    for same_time in observations.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(t, _)) = same_time.first() else { continue };
        let events = same_time.iter().filter(|o| o.1).count() as f64;
        if events > 0.0 {
            survival *= 1.0 - events / at_risk;
            curve.push((t, survival));
            if survival <= floor {
                break;
            }
        }
        at_risk -= same_time.len() as f64;
    }
    curve
}

/// The time by which a share `p` of subjects has had the event: the smallest event time with
/// S(t) <= 1 - p (p = 0.5 gives the median). `None` when the curve never gets there (too many
/// subjects censored before it does).
pub fn km_quantile(curve: &[(f64, f64)], p: f64) -> Option<f64> {
    curve.iter().find(|(_, s)| *s <= km_threshold(p)).map(|(t, _)| *t)
}

/// The survival at or below which [`km_quantile`] reads quantile `p`.
pub fn km_threshold(p: f64) -> f64 {
    1.0 - p + 1e-12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nan_time_ends_instead_of_looping() {
        // NaN never equals itself: the old loop grouped equal times with `==` and never advanced.
        // Sorted by total order NaN comes last; 1 of 3 at risk has the event at t=1: S = 2/3.
        let curve = km_curve(&mut [(f64::NAN, true), (1.0, true), (2.0, false)]);
        assert_eq!(curve.len(), 2);
        assert_eq!(curve[0], (1.0, 1.0 - 1.0 / 3.0));
        assert!(curve[1].0.is_nan() && curve[1].1 == 0.0);
    }

    #[test]
    fn hand_worked_curve() {
        // Wins at 2, 4, 5, 8; censored at 3 and 6. Six at risk:
        // t=2: S = 5/6 = 0.8333; 3 censored (4 at risk); t=4: S = 0.8333 x 3/4 = 0.625;
        // t=5: S = 0.625 x 2/3 = 0.4167; 6 censored (1 at risk); t=8: S = 0.
        let mut obs = [(5.0, true), (3.0, false), (2.0, true), (8.0, true), (6.0, false), (4.0, true)];
        let curve = km_curve(&mut obs);
        let s: Vec<f64> = curve.iter().map(|c| (c.1 * 10_000.0).round() / 10_000.0).collect();
        assert_eq!(s, [0.8333, 0.625, 0.4167, 0.0]);
        assert_eq!(km_quantile(&curve, 0.25), Some(4.0));
        assert_eq!(km_quantile(&curve, 0.5), Some(5.0));
        assert_eq!(km_quantile(&curve, 0.75), Some(8.0));
    }

    #[test]
    fn mostly_censored_has_no_median() {
        let mut obs = [(1.0, true), (2.0, false), (3.0, false), (4.0, false)];
        let curve = km_curve(&mut obs);
        assert_eq!(km_quantile(&curve, 0.25), Some(1.0));
        assert_eq!(km_quantile(&curve, 0.5), None);
    }

    #[test]
    fn km_key_orders_as_km_order() {
        // Times 0, 0.5 and 2 days, each as event and censoring, shuffled: sorting by the packed
        // key gives the order km_order gives (by time, the event first at a tie).
        let mut by_key = [(2.0, false), (0.5, true), (0.0, false), (2.0, true), (0.5, false), (0.0, true)];
        by_key.sort_by_key(km_key);
        assert_eq!(by_key, [(0.0, true), (0.0, false), (0.5, true), (0.5, false), (2.0, true), (2.0, false)]);
        assert!(km_key(&(1e9, true)) > km_key(&(1.5, false)));
        // Keys give their observations back, to the bit.
        for o in [(0.0, true), (0.0, false), (1.0 / 3.0, true), (1_096.5, false), (f64::MAX, true)] {
            assert_eq!(km_observation(km_key(&o)), o);
        }
    }

    #[test]
    fn sort_km_sorts_as_km_order() {
        // Ties, negative zero, NaN and a negative time: the keyed sort gives sort_by(km_order)'s
        // order, bit for bit.
        let mut seed = 7u32;
        let mut list: Vec<Observation> = (0..300)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (f64::from((seed >> 16) % 13) * 0.5, seed & 0x100 == 0)
            })
            .chain([(-0.0, true), (0.0, false), (f64::NAN, true), (-1.0, false), (f64::INFINITY, true)])
            .collect();
        let mut expected = list.clone();
        expected.sort_by(km_order);
        sort_km(&mut list);
        let bits = |l: &[Observation]| l.iter().map(|&(t, e)| (t.to_bits(), e)).collect::<Vec<_>>();
        assert_eq!(bits(&list), bits(&expected));
    }

    #[test]
    fn ties_count_events_first() {
        // Event and censoring at 2: the censored one was at risk. 2 at risk -> S = 1/2.
        let curve = km_curve(&mut [(2.0, false), (2.0, true)]);
        assert_eq!(curve, [(2.0, 0.5)]);
    }
}
