//! One computed number with everything needed to check it by hand.

use crate::stats::{percentile_sorted, wilson};
use serde::{Serialize, Serializer};

/// 95% Wilson interval of a ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// Whether a figure could be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DataStatus {
    /// A value was computed.
    #[default]
    Ok,
    /// Inputs missing or a zero denominator: the value is `null`, never 0.
    InsufficientData,
    /// Nothing left to cover (pipeline coverage with no remaining quota): `null` and met.
    Met,
}

/// A value with its numerator, denominator and sample size.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    /// The headline value, `null` when it cannot be computed.
    pub value: Option<f64>,
    /// What was divided (or summed).
    pub numerator: Option<f64>,
    /// What it was divided by.
    pub denominator: Option<f64>,
    /// Number of records behind the value.
    pub sample_size: u64,
    /// 95% Wilson interval, for count ratios.
    pub interval: Option<Interval>,
    /// Further statistics (median, p90, ...), by name.
    pub stats: Stats,
    /// Data status.
    pub status: DataStatus,
}

/// A figure's further statistics by name, in name order (the report writes them as an object in
/// that order). A short sorted list rather than a `BTreeMap<&str, Option<f64>>`: a figure holds
/// at most a dozen, and that map's insert, drop and clone were ~4 KB of Wasm for this one use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats(Vec<(&'static str, Option<f64>)>);

impl Stats {
    /// Sets `name` to `value`, replacing an earlier value.
    pub fn insert(&mut self, name: &'static str, value: Option<f64>) {
        crate::pairs::set(&mut self.0, name, value);
    }

    /// Removes every statistic.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The value of `name` (`Some(None)`: set, without a value); `None` when not set.
    pub fn get(&self, name: &str) -> Option<&Option<f64>> {
        crate::pairs::get(&self.0, name)
    }

    /// The values in name order.
    pub fn values(&self) -> impl Iterator<Item = &Option<f64>> {
        self.0.iter().map(|(_, value)| value)
    }
}

/// The (name, value) pairs in name order, as a map iterates.
impl<'a> IntoIterator for &'a Stats {
    type Item = &'a (&'static str, Option<f64>);
    type IntoIter = std::slice::Iter<'a, (&'static str, Option<f64>)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// `stats["p90"]`, as a map's index: a name not set is the caller's mistake (the core reads with
/// [`Stats::get`]; tests index).
impl std::ops::Index<&str> for Stats {
    type Output = Option<f64>;
    #[allow(clippy::panic)]
    fn index(&self, name: &str) -> &Option<f64> {
        self.get(name).unwrap_or_else(|| panic!("no statistic {name}"))
    }
}

/// An object in name order, as the map it replaces was written.
impl Serialize for Stats {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

impl Figure {
    /// `numerator / denominator`, `null` with `insufficient_data` when the denominator is 0.
    pub fn ratio(numerator: f64, denominator: f64, sample_size: u64) -> Figure {
        let value = (denominator != 0.0).then(|| numerator / denominator);
        Figure {
            value,
            numerator: Some(numerator),
            denominator: Some(denominator),
            sample_size,
            status: if value.is_some() { DataStatus::Ok } else { DataStatus::InsufficientData },
            ..Figure::default()
        }
    }

    /// A count ratio (successes out of trials) with its 95% Wilson interval.
    pub fn count_ratio(successes: u64, trials: u64) -> Figure {
        let mut f = Figure::ratio(successes as f64, trials as f64, trials);
        f.interval = wilson(successes as f64, trials as f64).map(|(low, high)| Interval { low, high });
        f
    }

    /// Mean of `values` as the value (numerator = sum, denominator = count), with the median and
    /// the given percentiles in `stats`. Sorts `values`.
    pub fn mean_of(values: &mut [f64], percentiles: &[(&'static str, f64)]) -> Figure {
        crate::stats::sort_floats(values);
        Figure::mean_of_sorted(values, percentiles)
    }

    /// [`Figure::mean_of`] on values already sorted ascending (the sum is taken in that order).
    /// The ratio's value is the mean: the sum over the count, `None` when there are no values
    /// (one pass over the values: summing them again for the mean was a second dependent chain
    /// of additions as long as the scope).
    pub fn mean_of_sorted(values: &[f64], percentiles: &[(&'static str, f64)]) -> Figure {
        let mut f = Figure::ratio(values.iter().sum(), values.len() as f64, values.len() as u64);
        for &(name, p) in percentiles {
            f.stats.insert(name, percentile_sorted(values, p));
        }
        f
    }

    /// Median of `values` as the value (numerator = sum, denominator = count), with the mean in
    /// `stats`. Sorts `values`.
    pub fn median_of(values: &mut [f64]) -> Figure {
        let mut f = Figure::mean_of(values, &[("p25", 0.25), ("p75", 0.75), ("p90", 0.9)]);
        f.stats.insert("mean", f.value);
        f.value = percentile_sorted(values, 0.5);
        f
    }

    /// An amount (value and numerator) with the number of records as sample size.
    pub fn amount(sum: f64, count: u64) -> Figure {
        Figure { value: Some(sum), numerator: Some(sum), denominator: None, sample_size: count, ..Figure::default() }
    }

    /// A figure with no value.
    pub fn insufficient() -> Figure {
        Figure { status: DataStatus::InsufficientData, ..Figure::default() }
    }

    /// Adds a named statistic.
    pub fn with_stat(mut self, name: &'static str, value: Option<f64>) -> Figure {
        self.stats.insert(name, value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Stats;
    use std::collections::BTreeMap;

    /// Stats hold, iterate and write as the `BTreeMap<&str, Option<f64>>` they replace.
    #[test]
    fn stats_behave_as_a_map() {
        let inserts = [("p90", Some(9.0)), ("mean", None), ("count", Some(3.0)), ("p90", Some(8.0)), ("amount", Some(0.5)), ("mean", Some(1.0))];
        let (mut stats, mut map) = (Stats::default(), BTreeMap::new());
        for (name, value) in inserts {
            stats.insert(name, value);
            map.insert(name, value);
            assert_eq!(serde_json::to_string(&stats).unwrap(), serde_json::to_string(&map).unwrap());
        }
        let pairs: Vec<(&str, Option<f64>)> = (&stats).into_iter().map(|(name, value)| (*name, *value)).collect();
        assert_eq!(pairs, map.iter().map(|(name, value)| (*name, *value)).collect::<Vec<_>>());
        for (name, value) in &stats {
            assert_eq!(stats.get(name), Some(value));
            assert_eq!(stats[*name], *value);
        }
        assert_eq!(stats.get("p25"), None);
        assert!(stats.values().eq(map.values()));
        stats.clear();
        assert_eq!(serde_json::to_string(&stats).unwrap(), "{}");
    }
}
