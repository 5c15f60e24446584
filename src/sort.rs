//! One shared sort for the short, cold lists (stages, groups, report rows, actions, fx rates,
//! summary keys).
//!
//! Why: the standard stable sort is monomorphized per element type *and* comparator closure, and
//! each copy costs 6-9 KB of WebAssembly (twiggy: 8 such copies were ~60 KB of the module). Here
//! one small merge sort runs, on `u32` positions with a `dyn` comparator, whatever the caller
//! sorts; only the small reordering step below is generic. The price is an indirect call per
//! comparison, which is nothing on lists of tens or hundreds of items. Hot sorts (medians,
//! populations, each deal's history) keep `sort_unstable` on integers (keys or positions).

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

/// Sorts `list` ascending through the standard sort of `i64`s (floats by their keys and instants
/// use it already): the `u32` lists (positions, symbols) would be another ~4 KB copy of the
/// standard sort in the Wasm module, for the price of one widened copy of the list.
pub fn sort_u32(list: &mut [u32]) {
    let mut wide: Vec<i64> = list.iter().map(|&x| i64::from(x)).collect();
    wide.sort_unstable();
    for (x, &w) in list.iter_mut().zip(&wide) {
        *x = w as u32;
    }
}

/// The one sort behind [`sort_by`]: positions ordered by a `dyn` comparator, by a bottom-up
/// merge sort (stable: at a tie the left run's item goes first). Not the standard stable sort:
/// its copy for this one comparator was ~6.5 KB of Wasm, this ~0.5 KB; the lists are short.
#[inline(never)]
fn sort_positions(order: &mut Vec<u32>, compare: &mut dyn FnMut(u32, u32) -> Ordering) {
    let mut merged = vec![0; order.len()];
    let mut width = 1;
    while width < order.len() {
        for (pair, out) in order.chunks(2 * width).zip(merged.chunks_mut(2 * width)) {
            let (left, right) = pair.split_at(width.min(pair.len()));
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            for slot in out {
                let take_left = match (l.peek(), r.peek()) {
                    (Some(&&a), Some(&&b)) => compare(b, a) != Ordering::Less,
                    (left_item, _) => left_item.is_some(),
                };
                *slot = if take_left { l.next() } else { r.next() }.copied().unwrap_or_default();
            }
        }
        std::mem::swap(order, &mut merged);
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn sorts_u32_across_the_whole_range() {
        let mut list = vec![7, u32::MAX, 0, 3, u32::MAX - 1, 3, 1 << 31];
        sort_u32(&mut list);
        assert_eq!(list, vec![0, 3, 3, 7, 1 << 31, u32::MAX - 1, u32::MAX]);
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
