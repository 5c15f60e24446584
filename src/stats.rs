//! Exact order statistics and the Wilson score interval.

/// Mean of the values, `None` when empty.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Exact percentile `p` in [0, 1] with linear interpolation between closest ranks (the common
/// "type 7" definition: the median of an even count is the mean of the two middle values).
/// Sorts `values` in place. `None` when empty.
pub fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    sort_floats(values);
    percentile_sorted(values, p)
}

/// Sorts `values` ascending as `sort_unstable_by(f64::total_cmp)` does (floats equal under
/// `total_cmp` have the same bits, so the result is the same), through the `i64` sort of their
/// [`total_key`]s: one copy of the standard sort for every float list instead of another ~6 KB of
/// Wasm for floats; the keys also compare faster than `total_cmp`.
pub fn sort_floats(values: &mut [f64]) {
    let mut keys: Vec<i64> = values.iter().map(|&v| total_key(v)).collect();
    keys.sort_unstable();
    for (v, &k) in values.iter_mut().zip(&keys) {
        *v = from_total_key(k);
    }
}

/// [`percentile`] on values already sorted ascending; `None` when empty.
pub fn percentile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let rank = p.clamp(0.0, 1.0) * sorted.len().checked_sub(1)? as f64;
    let low = rank.floor();
    let (&below, &above) = (sorted.get(low as usize)?, sorted.get(rank.ceil() as usize)?);
    Some(below + (above - below) * (rank - low))
}

/// An integer whose order is the order [`f64::total_cmp`] gives floats (the same bit flip; the
/// flip is its own inverse, see [`from_total_key`]): integers sort faster than floats compare.
pub fn total_key(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The float of a [`total_key`].
pub fn from_total_key(key: i64) -> f64 {
    f64::from_bits((key ^ (((key >> 63) as u64) >> 1) as i64) as u64)
}

/// [`percentile`] without sorting or changing `values`: selects the two closest ranks (linear
/// time) among the values' [`total_key`]s, so the result is the same. `None` when empty.
pub fn percentile_unsorted(values: &[f64], p: f64) -> Option<f64> {
    let mut keys: Vec<i64> = values.iter().map(|&v| total_key(v)).collect();
    percentile_of_keys(&mut keys, p)
}

/// [`percentile_unsorted`] of the values whose [`total_key`]s are `keys` (reordered): a caller
/// that collects the keys directly holds one 8-byte list, not the values and their keys (the
/// load's health checks run at its memory high-water mark).
pub fn percentile_of_keys(keys: &mut [i64], p: f64) -> Option<f64> {
    let rank = p.clamp(0.0, 1.0) * keys.len().checked_sub(1)? as f64;
    let low = rank.floor() as usize;
    if low >= keys.len() {
        return None;
    }
    let (_, &mut at_low, above) = keys.select_nth_unstable(low);
    let at_high = if rank.ceil() as usize > low { above.iter().copied().min().unwrap_or(at_low) } else { at_low };
    let (at_low, at_high) = (from_total_key(at_low), from_total_key(at_high));
    Some(at_low + (at_high - at_low) * (rank - low as f64))
}

/// Median (exact), `None` when empty. Sorts in place.
pub fn median(values: &mut [f64]) -> Option<f64> {
    percentile(values, 0.5)
}

/// 95% Wilson score interval for `successes` out of `trials`; `None` when `trials` is 0.
pub fn wilson(successes: f64, trials: f64) -> Option<(f64, f64)> {
    wilson_z(successes, trials, 1.959_963_984_540_054)
}

/// Wilson score interval at `z` standard errors (1.96 for 95%).
pub fn wilson_z(successes: f64, trials: f64, z: f64) -> Option<(f64, f64)> {
    if trials <= 0.0 {
        return None;
    }
    let p = successes / trials;
    let z2 = z * z;
    let denom = 1.0 + z2 / trials;
    let centre = p + z2 / (2.0 * trials);
    let margin = z * (p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)).sqrt();
    Some((((centre - margin) / denom).max(0.0), ((centre + margin) / denom).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_floats_sorts_as_total_cmp() {
        let mut values = vec![3.5, -2.0, 0.0, f64::NAN, 7.25, -0.0, 3.5, -11.0, f64::NEG_INFINITY, 1e-300, -f64::NAN, 0.5];
        let mut expected = values.clone();
        expected.sort_unstable_by(f64::total_cmp);
        sort_floats(&mut values);
        let bits = |l: &[f64]| l.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&values), bits(&expected));
    }

    #[test]
    fn an_empty_sorted_slice_has_no_percentile() {
        assert_eq!(percentile_sorted(&[], 0.5), None);
        assert_eq!(percentile_sorted(&[7.0], 0.9), Some(7.0));
    }

    #[test]
    fn percentile_without_sorting_matches_sorting() {
        // Negative values, zeros of both signs, ties and an even count: every p agrees exactly.
        let values = [3.5, -2.0, 0.0, 7.25, -0.0, 3.5, -11.0, 1e-300, 42.0, 0.5];
        for p in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0] {
            let by_sorting = percentile(&mut values.to_vec(), p).unwrap();
            assert_eq!(percentile_unsorted(&values, p).unwrap().to_bits(), by_sorting.to_bits(), "p = {p}");
        }
        // Sorted: -11, -2, -0, 0, 1e-300, 0.5, 3.5, 3.5, 7.25, 42; the median is halfway between
        // 1e-300 and 0.5, which rounds to 0.25.
        assert_eq!(percentile_unsorted(&values, 0.5), Some(0.25));
        assert_eq!(percentile_unsorted(&[], 0.5), None);
    }

    #[test]
    fn medians_and_percentiles_are_exact() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        // p90 of 1..=10: rank 8.1 -> 9 + 0.1 * (10 - 9) = 9.1
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((percentile(&mut v, 0.9).unwrap() - 9.1).abs() < 1e-12);
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn wilson_matches_the_textbook_value() {
        // 2 of 3: p = 0.6667, z = 1.96 -> [0.2077, 0.9385] (textbook Wilson values).
        let (lo, hi) = wilson(2.0, 3.0).unwrap();
        assert!((lo - 0.2077).abs() < 1e-4 && (hi - 0.9385).abs() < 1e-4, "{lo} {hi}");
        assert_eq!(wilson(0.0, 0.0), None);
    }
}
