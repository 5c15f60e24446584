//! One shared sort for the short, cold lists (stages, groups, report rows, actions, fx rates,
//! summary keys).
//!
//! Why: the standard stable sort is monomorphized per element type *and* comparator closure, and
//! each copy costs 6-9 KB of WebAssembly (twiggy: 8 such copies were ~60 KB of the module). Here
//! the standard sort runs once, on `u32` positions with a `dyn` comparator, whatever the caller
//! sorts; only the small reordering step below is generic. The price is an indirect call per
//! comparison, which is nothing on lists of tens or hundreds of items. Hot sorts (medians,
//! populations, each deal's history) keep `sort_unstable` on their own type.

use std::cmp::Ordering;

/// Sorts `list` by `compare`, stably (equal items keep their order), through the one shared
/// instantiation of the standard sort.
pub fn sort_by<T>(list: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<u32> = (0..list.len() as u32).collect();
    sort_positions(&mut order, &mut |a, b| match (list.get(a as usize), list.get(b as usize)) {
        (Some(x), Some(y)) => compare(x, y),
        _ => Ordering::Equal,
    });
    let mut items: Vec<Option<T>> = list.drain(..).map(Some).collect();
    list.extend(order.iter().filter_map(|&i| items.get_mut(i as usize).and_then(Option::take)));
}

/// [`sort_by`] on a key (compared with `Ord`), stably.
pub fn sort_by_key<T, K: Ord>(list: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(list, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation of the standard stable sort: positions ordered by a `dyn` comparator.
#[inline(never)]
fn sort_positions(order: &mut [u32], compare: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Sorts (instant, record) pairs as `sort_unstable` sorts them (by instant, then record), in
/// linear time: the populations and the creation index are a million pairs at 1M deals, and
/// the comparison sort was most of a cold report (issue 18).
///
/// An LSD radix sort on the instant minus the smallest, only as many digits as the span needs.
/// It is stable, so it gives the tuple order when the records come in ascending order (how every
/// population is built, record by record); other inputs, and short ones, take `sort_unstable`.
pub fn sort_by_instant(pairs: &mut Vec<(i64, u32)>) {
    let records_ascending = pairs.windows(2).all(|w| matches!(w, [a, b] if a.1 < b.1));
    if pairs.len() < 4096 || !records_ascending {
        pairs.sort_unstable();
        return;
    }
    let (min, max) = pairs.iter().fold((i64::MAX, i64::MIN), |(lo, hi), p| (lo.min(p.0), hi.max(p.0)));
    // max >= min, so the wrapped difference is the span as an unsigned number.
    let span = max.wrapping_sub(min) as u64;
    let bits = 64 - span.leading_zeros();
    let passes = bits.div_ceil(12);
    if passes == 0 {
        return;
    }
    let digit = bits.div_ceil(passes);
    let mask = (1u64 << digit) - 1;
    let mut src = std::mem::take(pairs);
    let mut dst = vec![(0i64, 0u32); src.len()];
    let mut counts = vec![0usize; 1 << digit];
    for pass in 0..passes {
        let shift = pass * digit;
        let bucket = |p: &(i64, u32)| ((p.0.wrapping_sub(min) as u64 >> shift) & mask) as usize;
        counts.iter_mut().for_each(|c| *c = 0);
        for p in &src {
            if let Some(c) = counts.get_mut(bucket(p)) {
                *c += 1;
            }
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        for p in &src {
            if let Some(c) = counts.get_mut(bucket(p)) {
                if let Some(slot) = dst.get_mut(*c) {
                    *slot = *p;
                }
                *c += 1;
            }
        }
        std::mem::swap(&mut src, &mut dst);
    }
    *pairs = src;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_instant_gives_the_tuple_order() {
        // Instants from a small LCG over a span of years in ms, negative ones and equal ones
        // included; records ascending as populations are built. Checked against sort_unstable.
        let mut x: u64 = 12345;
        let pairs: Vec<(i64, u32)> = (0..20_000u32)
            .map(|i| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let at = (x >> 30) as i64 % 120_000_000_000 - 1_000_000_000;
                (if i % 7 == 0 { 42 } else { at }, i)
            })
            .collect();
        let mut radix = pairs.clone();
        sort_by_instant(&mut radix);
        let mut expected = pairs;
        expected.sort_unstable();
        assert_eq!(radix, expected);
        let mut extreme = vec![(i64::MAX, 0), (i64::MIN, 1), (0, 2)];
        extreme.extend((3..5000u32).map(|i| (i64::from(i) * 1_000_003 % 7919, i)));
        let mut expected = extreme.clone();
        expected.sort_unstable();
        sort_by_instant(&mut extreme);
        assert_eq!(extreme, expected);
    }

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        // Sorted by the number only: ("b", 1) came before ("d", 1) and must stay before it.
        let mut list = vec![("a", 3), ("b", 1), ("c", 2), ("d", 1), ("e", 0)];
        sort_by(&mut list, |x, y| x.1.cmp(&y.1));
        assert_eq!(list, vec![("e", 0), ("b", 1), ("d", 1), ("c", 2), ("a", 3)]);
    }

    #[test]
    fn sorts_by_key_descending_with_reverse() {
        let mut list = vec![String::from("pear"), String::from("fig"), String::from("banana"), String::from("kiwi")];
        sort_by_key(&mut list, |s| std::cmp::Reverse(s.len()));
        // "pear" and "kiwi" tie on length 4 and keep their order.
        assert_eq!(list, vec!["banana", "pear", "kiwi", "fig"]);
    }

    #[test]
    fn empty_and_single_lists_are_unchanged() {
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
        let mut one = vec![7u8];
        sort_by(&mut one, u8::cmp);
        assert_eq!(one, vec![7]);
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        // A fixed pseudo-random list with many ties, compared on the first field only.
        let mut seed = 12345u32;
        let mut list: Vec<(u32, u32)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 16) % 20, i)
            })
            .collect();
        let mut expected = list.clone();
        expected.sort_by_key(|a| a.0);
        sort_by(&mut list, |a, b| a.0.cmp(&b.0));
        assert_eq!(list, expected);
    }
}
