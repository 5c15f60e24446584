//! One record per id. An export that repeats a deal (a join that fans out, two exports of one
//! object loaded together, a record changed between two pages of an API read) would otherwise
//! count it twice in every figure. Of the records sharing an id in one collection, the one kept
//! is the latest by `updatedAt`; copies without `updatedAt` count as older than any with one, and
//! a tie (or no `updatedAt` at all) keeps the last in input order. The others are dropped with
//! everything they own (history entries, attribute pairs), before files of their own (history,
//! accounts, users) are joined, so those join to the kept record; so nothing of a dropped copy
//! reaches a figure, a health check, or the dataset's "now". Records named by position (no id,
//! see `StoreBuilder::id`) are never merged: two files' `deals[0]` are different records.
//!
//! Each merge is a counted `duplicates_merged` warning, and [`Merged`] feeds the `duplicate_ids`
//! health check, which keeps saying that the input repeated ids.

use super::{Interner, Range, StoreBuilder, Sym};
use crate::error::Warnings;
use crate::model::Time;
use crate::time::EpochUnit;
use rustc_hash::FxHashSet as HashSet;

/// The ids of the copies dropped, one entry per dropped copy, per collection (input order).
#[derive(Debug, Default, Clone)]
pub struct Merged {
    /// Deal ids.
    pub deals: Vec<Sym>,
    /// Lead ids.
    pub leads: Vec<Sym>,
    /// Activity ids.
    pub activities: Vec<Sym>,
    /// Contact ids.
    pub contacts: Vec<Sym>,
}

/// (position, `updatedAt` in ms) of the records of one collection that carry one.
pub(super) type Modified = Vec<(u32, i64)>;

/// `updatedAt` as comparable milliseconds: only copies of one record are compared, so an epoch
/// number is taken in the unit its magnitude says (no field-wide decision is needed) and a local
/// time is compared as written (the copies share the dataset's time zone).
pub(super) fn modified_ms(value: Option<Time>) -> Option<i64> {
    let Time(raw) = value?;
    Some(if raw.epoch { EpochUnit::of(raw.ms).map_or(raw.ms, |unit| unit.to_ms(raw.ms)) } else { raw.ms })
}

/// Which records to keep: `keep[i]` for record `i`, and the ids of the dropped copies.
/// `keep` is empty when every record is kept: most inputs repeat no id, and then only a bit per
/// symbol is allocated (at 1M deals the copied ids, the flags and the kept positions held 9 MB at
/// the load's memory high-water mark).
fn survivors(ids: impl ExactSizeIterator<Item = Sym> + Clone, updated: &[(u32, i64)], stand_ins: &HashSet<Sym>, symbols: usize) -> (Vec<bool>, Vec<Sym>) {
    let mut seen = vec![0u64; symbols.div_ceil(64)];
    let repeats = ids.clone().any(|id| {
        let bit = 1u64 << (id % 64);
        match seen.get_mut((id / 64) as usize) {
            Some(word) if *word & bit != 0 => !stand_ins.contains(&id),
            Some(word) => {
                *word |= bit;
                false
            }
            None => false,
        }
    });
    drop(seen);
    if !repeats {
        return (Vec::new(), Vec::new());
    }
    let mut keep = vec![true; ids.len()];
    let mut dropped = Vec::new();
    // Only when some record carries `updatedAt` (most exports carry none).
    let mut modified = if updated.is_empty() { Vec::new() } else { vec![i64::MIN; ids.len()] };
    for &(i, ms) in updated {
        if let Some(m) = modified.get_mut(i as usize) {
            *m = ms;
        }
    }
    // The kept position of each id so far, indexed by symbol (dense: no hashing).
    let mut kept = vec![u32::MAX; symbols];
    for (i, id) in ids.enumerate() {
        if stand_ins.contains(&id) {
            continue;
        }
        let Some(slot) = kept.get_mut(id as usize) else { continue };
        let current = *slot as usize;
        if *slot == u32::MAX {
            *slot = i as u32;
            continue;
        }
        let newer = modified.get(i).copied().unwrap_or(i64::MIN) >= modified.get(current).copied().unwrap_or(i64::MIN);
        let loser = if newer {
            *slot = i as u32;
            current
        } else {
            i
        };
        if let Some(k) = keep.get_mut(loser) {
            *k = false;
        }
        dropped.push(id);
    }
    (keep, dropped)
}

/// Keeps the rows whose `keep` flag is set.
fn retain<T>(rows: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    rows.retain(|_| flags.next().copied().unwrap_or(true));
}

/// Copies the entries of `ranges` into a new flat vector, pointing each range at its copy.
fn compact<'r, T: Copy>(flat: &[T], ranges: impl Iterator<Item = &'r mut Range<u32>>) -> Vec<T> {
    let mut out = Vec::with_capacity(flat.len());
    for range in ranges {
        let start = out.len() as u32;
        out.extend_from_slice(flat.get(range.start as usize..range.end as usize).unwrap_or_default());
        *range = start..out.len() as u32;
    }
    out
}

/// States one collection's merge: a count of dropped copies, an example per distinct id.
fn warn(warnings: &mut Warnings, strings: &Interner, collection: &str, rule: &str, dropped: &[Sym]) {
    let message = format!("{collection} repeating an id merged into one record per id ({rule}): the other copies are left out");
    let mut counted: Vec<(Sym, u64)> = Vec::new();
    for &id in dropped {
        match counted.iter_mut().find(|(s, _)| *s == id) {
            Some((_, n)) => *n += 1,
            None => counted.push((id, 1)),
        }
    }
    for (id, n) in counted {
        warnings.add_count("duplicates_merged", &message, n, strings.get(id).unwrap_or_default());
    }
}

const BY_MODIFIED: &str = "the latest by updatedAt, else the last in input order";
const BY_ORDER: &str = "the last in input order";

impl StoreBuilder {
    /// Merges records sharing an id (see the module docs); run before anything is joined.
    pub(super) fn merge_duplicates(&mut self) {
        let symbols = self.strings.len();
        let (keep, deals) = survivors(self.deals.iter().map(|d| d.id), &self.updated.0, &self.stand_ins, symbols);
        let (keep_leads, leads) = survivors(self.leads.iter().map(|l| l.id), &self.updated.1, &self.stand_ins, symbols);
        if !deals.is_empty() || !leads.is_empty() {
            retain(&mut self.deals, &keep);
            retain(&mut self.leads, &keep_leads);
            self.history = compact(&self.history, self.deals.iter_mut().map(|d| &mut d.history));
            let ranges = self.deals.iter_mut().map(|d| &mut d.attributes).chain(self.leads.iter_mut().map(|l| &mut l.attributes));
            self.attributes = compact(&self.attributes, ranges);
        }
        let (keep, activities) = survivors(self.activities.iter().map(|a| a.id), &[], &self.stand_ins, symbols);
        retain(&mut self.activities, &keep);
        let (keep, contacts) = survivors(self.contacts.iter().map(|c| c.id), &[], &self.stand_ins, symbols);
        retain(&mut self.contacts, &keep);
        warn(&mut self.warnings, &self.strings, "deals", BY_MODIFIED, &deals);
        warn(&mut self.warnings, &self.strings, "leads", BY_MODIFIED, &leads);
        warn(&mut self.warnings, &self.strings, "activities", BY_ORDER, &activities);
        warn(&mut self.warnings, &self.strings, "contacts", BY_ORDER, &contacts);
        self.merged = Merged { deals, leads, activities, contacts };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_modified_wins_else_the_last() {
        let none = HashSet::default();
        // Ids 1, 2, 1, 1, 3: position 0 is modified at 50, position 2 at 10, position 3 not at all.
        let (keep, dropped) = survivors([1, 2, 1, 1, 3].into_iter(), &[(0, 50), (2, 10)], &none, 4);
        assert_eq!(keep, [true, true, false, false, true]);
        assert_eq!(dropped, [1, 1]);
        // Without modification times the last copy is kept.
        let (keep, _) = survivors([1, 1, 1].into_iter(), &[], &none, 2);
        assert_eq!(keep, [false, false, true]);
        // A tie keeps the later copy.
        let (keep, _) = survivors([1, 1].into_iter(), &[(0, 7), (1, 7)], &none, 2);
        assert_eq!(keep, [false, true]);
        // Stand-in ids are never merged.
        let stand_ins: HashSet<Sym> = [1].into_iter().collect();
        let (keep, dropped) = survivors([1, 1].into_iter(), &[], &stand_ins, 2);
        // Nothing repeats but a stand-in: every record kept (an empty `keep` keeps all).
        assert_eq!((keep.len(), dropped.len()), (0, 0));
        let (keep, dropped) = survivors([0, 3, 2].into_iter(), &[], &none, 4);
        assert_eq!((keep.len(), dropped.len()), (0, 0));
        let mut rows = vec!['a', 'b', 'c'];
        retain(&mut rows, &keep);
        assert_eq!(rows, ['a', 'b', 'c']);
    }

    #[test]
    fn compacting_keeps_each_range_own_entries() {
        let flat = [10, 11, 20, 30, 31, 32];
        let mut ranges = [0..2, 3..6];
        let out = compact(&flat, ranges.iter_mut());
        assert_eq!(out, [10, 11, 30, 31, 32]);
        assert_eq!(ranges, [0..2, 2..5]);
    }
}
