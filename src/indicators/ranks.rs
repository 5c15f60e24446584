//! Subsets of a set sorted once: the values of any subset of records in ascending order without
//! sorting the subset.
//!
//! Medians, means of sorted values and Kaplan-Meier curves need each scope's values in order. A
//! report has many scopes (the period, each bucket, each group), and re-queries reuse the same
//! values, so the values of every candidate record are sorted once per store ([`Ranked`]); a
//! scope then lists its members' ranks in ascending order ([`ascending`]) and reads the values.
//! Equal values are interchangeable, so the result is exactly what sorting the scope gives.

/// Distinct positions below `universe`, ascending. A dense set is read off a bitmap (linear in
/// `universe / 64` plus the count), a sparse one is sorted.
pub fn ascending(positions: impl Iterator<Item = u32>, universe: usize) -> Vec<u32> {
    let mut out: Vec<u32> = positions.filter(|&p| (p as usize) < universe).collect();
    if out.len() < universe / 64 {
        crate::sort::sort_u32(&mut out);
        out.dedup();
        return out;
    }
    let bits = Bits::of(out.iter().copied(), universe);
    out.clear();
    out.extend(bits.ones());
    out
}

/// A set of positions below a bound, as a bitmap.
#[derive(Debug, Clone, Default)]
pub struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// The set of `positions` (those below `universe`).
    pub fn of(positions: impl Iterator<Item = u32>, universe: usize) -> Bits {
        let mut words = vec![0u64; universe.div_ceil(64)];
        for p in positions {
            if let Some(word) = words.get_mut(p as usize / 64) {
                *word |= 1 << (p % 64);
            }
        }
        Bits { words }
    }

    /// Whether `p` is in the set.
    pub fn has(&self, p: u32) -> bool {
        self.words.get(p as usize / 64).is_some_and(|w| w & (1 << (p % 64)) != 0)
    }

    /// The positions in the set, ascending.
    pub fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    (w * 64) as u32 + bit
                })
            })
        })
    }
}

/// Values of some records of a table, sorted once.
#[derive(Debug, Clone, Default)]
pub struct Ranked<T> {
    /// Per record: the rank of its value, [`u32::MAX`] when it has none; worked out on first use
    /// (the Kaplan-Meier table is read in order, by record only for a drill-down).
    rank: std::sync::OnceLock<Vec<u32>>,
    /// The number of records (the length of `rank`).
    universe: usize,
    /// The values, ascending.
    sorted: Vec<T>,
    /// The record of each value.
    records: Vec<u32>,
}

/// Marks a record without a value.
const NO_RANK: u32 = u32::MAX;

impl<T: Copy> Ranked<T> {
    /// Ranks records by keys that hold their values: `keyed` lists `(key, record)` (records below
    /// `records`, each at most once), keys order as the values do, and `value` gives back the
    /// value of a key.
    ///
    /// The pairs are sorted as they are, by key and then record (equal keys end in record order):
    /// 16 bytes moved per step, the `(i64, u32)` sort the populations use too, and no value read
    /// again by record after the sort (a random read per value when they were gathered from a
    /// separate list of `(record, value)`).
    pub fn from_keys(records: usize, mut keyed: Vec<(i64, u32)>, value: impl Fn(i64) -> T) -> Ranked<T> {
        keyed.sort_unstable();
        let sorted = keyed.iter().map(|&(k, _)| value(k)).collect();
        let records_in_order = keyed.into_iter().map(|(_, record)| record).collect();
        Ranked { rank: std::sync::OnceLock::new(), universe: records, records: records_in_order, sorted }
    }

    /// The rank of `record`'s value, if it has one.
    pub fn rank(&self, record: u32) -> Option<u32> {
        self.ranks().get(record as usize).copied().filter(|&k| k != NO_RANK)
    }

    /// Every record's rank ([`Ranked::rank`]), worked out on first use.
    fn ranks(&self) -> &[u32] {
        self.rank.get_or_init(|| {
            let mut rank = vec![NO_RANK; self.universe];
            for (r, &record) in self.records.iter().enumerate() {
                if let Some(slot) = rank.get_mut(record as usize) {
                    *slot = r as u32;
                }
            }
            rank
        })
    }

    /// The values, ascending, with the record of each.
    pub fn values(&self) -> impl Iterator<Item = (u32, T)> + '_ {
        self.records.iter().copied().zip(self.sorted.iter().copied())
    }

    /// The values of distinct `ranks`, ascending.
    pub fn at(&self, ranks: impl Iterator<Item = u32>) -> Vec<T> {
        ascending(ranks, self.sorted.len()).into_iter().filter_map(|k| self.sorted.get(k as usize).copied()).collect()
    }

    /// The values of `records` (distinct) that have one, ascending.
    pub fn sorted(&self, records: impl Iterator<Item = u32>) -> Vec<T> {
        self.at(records.filter_map(|r| self.rank(r)))
    }
}

impl Ranked<f64> {
    /// What sorting reads of record `r`: its rank, else `value()` (records the ranking left out,
    /// which callers rarely pass), else nothing.
    pub fn item(&self, r: u32, value: impl FnOnce() -> Option<f64>) -> RankedItem {
        match (self.rank(r), value) {
            (Some(k), _) => RankedItem::Rank(k),
            (None, value) => value().map_or(RankedItem::Missing, RankedItem::Value),
        }
    }
}

/// A record's value for sorting ([`Ranked::item`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RankedItem {
    /// The rank of its value.
    Rank(u32),
    /// A value the ranking does not hold.
    Value(f64),
    /// No value.
    Missing,
}

/// Values of a scope's records gathered for sorting: ranks, and values without one.
#[derive(Debug, Clone, Default)]
pub struct ScopeValues {
    ranks: Vec<u32>,
    others: Vec<f64>,
}

impl ScopeValues {
    /// Adds a record's item; whether it has a value.
    pub fn add(&mut self, item: RankedItem) -> bool {
        match item {
            RankedItem::Rank(k) => self.ranks.push(k),
            RankedItem::Value(v) => self.others.push(v),
            RankedItem::Missing => return false,
        }
        true
    }

    /// The values added, ascending (as sorting them by [`f64::total_cmp`] gives).
    pub fn sorted(self, ranked: &Ranked<f64>) -> Vec<f64> {
        let mut values = ranked.at(self.ranks.into_iter());
        if !self.others.is_empty() {
            values.extend(self.others);
            crate::stats::sort_floats(&mut values);
        }
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{from_total_key, total_key};

    #[test]
    fn dense_and_sparse_sets_come_out_ascending() {
        // 100 of 128 positions: read off the bitmap; 3 of 10,000: sorted.
        let dense: Vec<u32> = (0..100).rev().map(|i| i * 127 % 128).collect();
        let mut expected = dense.clone();
        expected.sort_unstable();
        assert_eq!(ascending(dense.into_iter(), 128), expected);
        assert_eq!(ascending([9_999, 7, 512].into_iter(), 10_000), [7, 512, 9_999]);
    }

    #[test]
    fn subsets_read_in_value_order() {
        // Record 3 has no value; the subset {0, 2, 3, 4} reads 1.5, 2.0, 7.0 whatever its order.
        let values = [(0, 7.0), (1, -1.0), (2, 1.5), (4, 2.0)];
        let ranked = Ranked::from_keys(5, values.iter().map(|&(r, v)| (total_key(v), r)).collect(), from_total_key);
        assert_eq!(ranked.sorted([4, 3, 2, 0].into_iter()), [1.5, 2.0, 7.0]);
        assert_eq!(ranked.sorted(0..5), [-1.0, 1.5, 2.0, 7.0]);
        assert_eq!((ranked.rank(1), ranked.rank(3), ranked.rank(99)), (Some(0), None, None));
        // Record 3 has no rank but a value: it is merged in.
        let mut scope = ScopeValues::default();
        for r in [4, 3, 0] {
            assert!(scope.add(ranked.item(r, || (r == 3).then_some(3.0))));
        }
        assert!(!scope.add(ranked.item(5, || None)));
        assert_eq!(scope.sorted(&ranked), [2.0, 3.0, 7.0]);
    }

    #[test]
    fn equal_keys_rank_in_record_order() {
        // Values 2, 1, 2, 1 on records 3, 2, 1, 0, given in that order: ascending values, the
        // equal ones by record: record 0 (1), 2 (1), 1 (2), 3 (2).
        let keyed = vec![(2, 3), (1, 2), (2, 1), (1, 0)];
        let ranked = Ranked::from_keys(4, keyed, |k| k * 10);
        assert_eq!(ranked.values().collect::<Vec<_>>(), [(0, 10), (2, 10), (1, 20), (3, 20)]);
        assert_eq!((0..4).map(|r| ranked.rank(r)).collect::<Vec<_>>(), [Some(0), Some(2), Some(1), Some(3)]);
    }
}
