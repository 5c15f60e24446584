//! String interning: every repeated key (owner, segment, stage, currency, record id) is stored
//! once and referred to by a `u32` symbol, so grouping and joins compare integers.
//!
//! The strings live back to back in one buffer and the hash table holds only symbols (with their
//! hash). A dataset of a million deals interns over a million unique ids: a map of `Box<str>`
//! copied each of them twice with two allocations, and its rehashing re-read every string; here a
//! new string costs one append and one table slot, and growth never touches the strings.

use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// A symbol: index of an interned string.
pub type Sym = u32;

/// The absent symbol (a missing key groups as `"(none)"`).
pub const NO_SYM: Sym = u32::MAX;

/// Owns the distinct strings of a dataset.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    /// Every distinct string, back to back, in symbol order.
    text: String,
    /// Where each symbol's string ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// The symbols, found by the hash of their string.
    table: HashTable<Slot>,
}

/// A table entry: the symbol and its string's hash, kept so that growing the table rehashes
/// without reading the strings again.
#[derive(Debug, Clone, Copy)]
struct Slot {
    sym: Sym,
    hash: u32,
}

/// A 32-bit hash of a string (FxHash folded: the table never holds 2^32 entries).
fn hash_of(text: &str) -> u32 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    let full = hasher.finish();
    (full ^ (full >> 32)) as u32
}

/// The table's 64-bit hash: the 32 bits in both halves, so the bucket index (low bits) and the
/// control byte (top 7 bits) both come from the hash on 32- and 64-bit targets.
fn spread(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

impl Interner {
    /// The symbol of `text`, adding it when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        let hash = hash_of(text);
        if let Some(sym) = self.find(text, hash) {
            return sym;
        }
        let sym = self.ends.len() as Sym;
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.table.insert_unique(spread(hash), Slot { sym, hash }, |slot| spread(slot.hash));
        sym
    }

    /// The symbol of `text` when it was interned, without adding it.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        self.find(text, hash_of(text))
    }

    fn find(&self, text: &str, hash: u32) -> Option<Sym> {
        let found = self.table.find(spread(hash), |slot| slot.hash == hash && self.get(slot.sym) == Some(text));
        found.map(|slot| slot.sym)
    }

    /// The text of a symbol; `"(none)"` for [`NO_SYM`] (and for a symbol of another interner).
    pub fn resolve(&self, sym: Sym) -> &str {
        self.get(sym).unwrap_or("(none)")
    }

    /// The text of a symbol, or `None` for [`NO_SYM`] (and for a symbol of another interner).
    pub fn get(&self, sym: Sym) -> Option<&str> {
        let index = sym as usize;
        let start = if index == 0 { 0 } else { *self.ends.get(index.checked_sub(1)?)? };
        self.text.get(start..*self.ends.get(index)?)
    }

    /// Gives back the spare capacity of the string buffer (the table keeps its size: shrinking it
    /// would rehash every string).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_gets_the_same_symbol_and_reads_back() {
        let mut strings = Interner::default();
        let words = ["rep-1", "", "rep-2", "rep-1", "é ü", "rep-2", "D-1"];
        let syms: Vec<Sym> = words.iter().map(|w| strings.intern(w)).collect();
        // Symbols are numbered in order of first appearance.
        assert_eq!(syms, vec![0, 1, 2, 0, 3, 2, 4]);
        for (word, sym) in words.iter().zip(&syms) {
            assert_eq!(strings.resolve(*sym), *word);
            assert_eq!(strings.lookup(word), Some(*sym));
        }
        assert_eq!(strings.len(), 5);
        assert_eq!(strings.lookup("rep-3"), None);
        assert_eq!(strings.resolve(NO_SYM), "(none)");
        assert_eq!(strings.get(NO_SYM), None);
        assert_eq!(strings.get(5), None);
    }

    #[test]
    fn many_strings_survive_the_table_growing() {
        let mut strings = Interner::default();
        for i in 0..50_000 {
            assert_eq!(strings.intern(&format!("A-{i}")), i);
        }
        for i in (0..50_000).rev() {
            assert_eq!(strings.intern(&format!("A-{i}")), i);
            assert_eq!(strings.resolve(i), format!("A-{i}"));
        }
        assert_eq!(strings.len(), 50_000);
    }
}
