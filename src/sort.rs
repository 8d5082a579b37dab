//! One stable sort for the lists the crate orders. The standard library's sort is compiled anew
//! for each element type and key, about 6 KB of wasm each (eight of them were 50 KB of the
//! module); this sorts (key, index) pairs, one compiled sort for every caller, then swaps each
//! item to its place. (Findings keep the standard sort, `in_order`: see there.)

/// Sorts `items` by `key`, keeping the order of items with equal keys. A list already in order
/// (a batch's rows, nearly always) is only checked.
pub fn sort_by_key<T>(items: &mut [T], key: impl Fn(&T) -> u128) {
    if items.windows(2).all(|pair| key(&pair[0]) <= key(&pair[1])) {
        return;
    }
    let mut keyed: Vec<(u128, usize)> = items.iter().enumerate().map(|(at, item)| (key(item), at)).collect();
    // The standard sort finds runs already in order, as most of a batch's findings are.
    keyed.sort();
    // Where each item goes, by where it is now; an item swapped into its place stays there.
    let mut goes_to = vec![0; keyed.len()];
    for (place, (_, from)) in keyed.into_iter().enumerate() {
        goes_to[from] = place;
    }
    for at in 0..items.len() {
        while goes_to[at] != at {
            let to = goes_to[at];
            items.swap(at, to);
            goes_to.swap(at, to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same order as the standard stable sort, equal keys in the order they came, for
    /// lists in order, reversed, with many ties, and shuffled.
    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for length in 0..200 {
            for spread in [1, 3, 1000] {
                let items: Vec<(u64, usize)> = (0..length).map(|at| (next() % spread, at)).collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |item| u128::from(item.0));
                let mut theirs = items.clone();
                theirs.sort_by_key(|item| item.0);
                assert_eq!(ours, theirs, "{length} {spread}");
            }
            let mut reversed: Vec<(u64, usize)> = (0..length as u64).rev().map(|key| (key, 0)).collect();
            sort_by_key(&mut reversed, |item| u128::from(item.0));
            assert!(reversed.windows(2).all(|pair| pair[0].0 < pair[1].0));
        }
    }
}
