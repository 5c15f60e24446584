//! Record position by id symbol. Symbols are dense (numbered from 0 in order of first
//! appearance), so a table indexed by symbol replaces a hash map: building it writes each slot
//! once, and a lookup (every activity's `dealId` in a report) reads one slot, with no hashing
//! and no probing. It takes 4 bytes per symbol up to the largest id, where the map took about 10
//! per record at 1M deals in a table far larger than the caches.

use super::{Sym, NO_SYM};

/// The first position of each id among a collection's records.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    /// `slots[sym]`: the position of the first record with id `sym`, or [`ABSENT`].
    slots: Vec<u32>,
}

const ABSENT: u32 = u32::MAX;

impl IdIndex {
    /// The index of `ids`, given in record order (the first record with an id wins).
    pub fn of(ids: impl Iterator<Item = Sym> + Clone) -> Self {
        let len = ids.clone().filter(|&id| id != NO_SYM).max().map_or(0, |max| max as usize + 1);
        let mut slots = vec![ABSENT; len];
        for (position, id) in ids.enumerate() {
            if let Some(slot) = slots.get_mut(id as usize) {
                if *slot == ABSENT {
                    *slot = position as u32;
                }
            }
        }
        IdIndex { slots }
    }

    /// The position of the first record with id `id` (as `HashMap::get` answers).
    pub fn get(&self, id: &Sym) -> Option<&u32> {
        self.slots.get(*id as usize).filter(|&&p| p != ABSENT)
    }

    /// Whether a record has id `id`.
    pub fn contains_key(&self, id: &Sym) -> bool {
        self.get(id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_position_wins_and_absent_ids_are_absent() {
        let index = IdIndex::of([4, 1, NO_SYM, 4, 7].into_iter());
        assert_eq!(index.get(&4), Some(&0));
        assert_eq!(index.get(&1), Some(&1));
        assert_eq!(index.get(&7), Some(&4));
        assert_eq!(index.get(&0), None);
        assert_eq!(index.get(&8), None);
        assert_eq!(index.get(&NO_SYM), None);
        assert!(!index.contains_key(&2));
        assert!(IdIndex::of(std::iter::empty()).get(&0).is_none());
    }
}
