//! One sorting routine for the whole core.
//!
//! The standard library's sorts are fast, and each `sort_by` call site on a new element
//! type or comparator is a new copy of them: about 1–3 KB of wasm each, 74 KB for the
//! page's 30 call sites. Here the sorting itself is one non-generic merge sort over
//! indices with the comparison passed as `&mut dyn FnMut`; the generic part left at each
//! call site is a closure and an in-place permutation, a few dozen bytes.
//!
//! The sorts are stable (equal items keep their order). Native cost on the 5,000-incident
//! feed: see `cargo bench -p statuslight-core --bench uptime`.

use std::cmp::Ordering;

/// Sort `items` by `cmp`, keeping equal items in their order.
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let items = &*items;
        sorted_indices(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    permute(items, order);
}

/// Sort `items` by the key `key` gives each, keeping items with equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sort `items` in ascending order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorted items of a small run: below this length merging costs more than inserting.
const RUN: usize = 12;

/// The indices `0..len` ordered by `cmp` over them: a stable bottom-up merge sort that
/// starts from insertion-sorted runs of [`RUN`].
fn sorted_indices(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    for run in from.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && cmp(run[j - 1], run[j]) == Ordering::Greater {
                run.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    let mut to = vec![0; len];
    let mut width = RUN;
    while width < len {
        for (start, out) in (0..len).step_by(2 * width).zip(to.chunks_mut(2 * width)) {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut l, mut r) = (start, mid);
            for slot in out.iter_mut() {
                // Take from the left unless the right is strictly smaller: stable.
                let take_left = r == end || (l < mid && cmp(from[l], from[r]) != Ordering::Greater);
                if take_left {
                    *slot = from[l];
                    l += 1;
                } else {
                    *slot = from[r];
                    r += 1;
                }
            }
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Rearrange `items` so that position `i` holds what was at `order[i]`, following each
/// cycle of the permutation once.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut pos = start;
        while order[pos] != DONE {
            let src = order[pos];
            order[pos] = DONE;
            if src == start {
                break;
            }
            items.swap(pos, src);
            pos = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included: items
        /// are compared by their first field only and carry their first position.
        #[test]
        fn matches_std_stable_sort(keys in proptest::collection::vec(0u8..16, 0..200)) {
            let mut ours: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut std = ours.clone();
            sort_by_key(&mut ours, |&(k, _)| k);
            std.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sorts_strings(mut words in proptest::collection::vec("[a-c]{0,3}", 0..60)) {
            let mut expected = words.clone();
            expected.sort();
            sort(&mut words);
            prop_assert_eq!(words, expected);
        }
    }

    #[test]
    fn reverse_comparator_and_edges() {
        let mut v: Vec<i64> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        sort_by(&mut v, |a, b| b.cmp(a));
        assert!(v.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(v.len(), 1000);
        let mut empty: Vec<i64> = Vec::new();
        sort(&mut empty);
        let mut one = vec![3];
        sort(&mut one);
        assert_eq!(one, [3]);
    }
}
