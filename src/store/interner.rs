//! String interning: every repeated key (owner, segment, stage, currency, record id) is stored
//! once and referred to by a `u32` symbol, so grouping and joins compare integers.
//!
//! Interning is the largest single cost of ingestion: a million deals bring over a million unique
//! ids, each hashed and looked up in a table far larger than the CPU caches, and every reference
//! (`contactId`, `dealId`) is a lookup at a random place. So the layout is chosen for cache
//! misses. The strings live back to back in one buffer (one copy, no allocation per string; a map
//! of `Box<str>` copied each unique id twice with two allocations). The table is open addressing
//! with linear probing over 8-byte slots holding a symbol and its string's hash: a lookup reads
//! one slot (and its neighbours in the same cache line) and touches the strings only when the
//! hashes agree; a split control-byte/slot table reads two places. Growth rehashes from the
//! stored hashes, without reading the strings again.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// A symbol: index of an interned string.
pub type Sym = u32;

/// The absent symbol (a missing key groups as `"(none)"`).
pub const NO_SYM: Sym = u32::MAX;

/// Owns the distinct strings of a dataset.
#[derive(Default, Clone)]
pub struct Interner {
    /// Every distinct string, back to back, in symbol order.
    text: String,
    /// Where each symbol's string ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
    /// The hash table: a power-of-two number of slots (or none before the first string), at most
    /// [`MAX_LOAD`] full, so probing always meets a free slot.
    slots: Vec<Slot>,
    /// Short strings found again, [`RECENT_SLOTS`] of them, each at one place given by its
    /// [`Short`] key (the newest replacing what was there), searched before `slots`
    /// ([`Self::intern`]).
    recent: Vec<Recent>,
}

/// The strings and their symbols; not the table, whose layout depends on when it grew (the
/// builder sizes it ahead from the input read so far), not on what it holds.
impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interner").field("text", &self.text).field("ends", &self.ends).finish_non_exhaustive()
    }
}

/// A table slot: a symbol and the hash of its string; [`FREE`] when unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    hash: u32,
    sym: Sym,
}

const FREE: Slot = Slot { hash: 0, sym: NO_SYM };

/// Largest fill of the table, as numerator/denominator (3/4): probes stay short under linear
/// probing, and the table stays smaller than a half-full one.
const MAX_LOAD: (usize, usize) = (3, 4);

/// Slots of a new table.
const FIRST_SLOTS: usize = 64;

/// Places of [`Interner::recent`], a power of two (24 KB).
///
/// Why: nearly every string interned is a repeated value found again (a dozen per deal on
/// deals-1m: owner, stage, currency, ...), and finding one in the table meant hashing it, reading
/// its slot and comparing the strings. A string of at most 16 bytes is its [`Short`] key, so a
/// place of `recent` that holds the key holds the string: one compare of three words, no hash, no
/// string read. Only strings found again take a place, so a million unique ids, each seen once,
/// do not push the few hundred repeated values out.
const RECENT_SLOTS: usize = 1024;

/// A string of at most 16 bytes as two words and its length, which together tell it from every
/// other such string: 8-16 bytes as two overlapping words (its first and last 8 bytes), 0-7 bytes
/// as one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Short {
    words: (u64, u64),
    len: u32,
}

impl Short {
    /// The key of `text`, or `None` when it is longer than 16 bytes.
    fn of(text: &str) -> Option<Short> {
        let b = text.as_bytes();
        let word = |at: usize| b.get(at..at + 8).and_then(|w| w.try_into().ok()).map(u64::from_le_bytes);
        let words = match b.len() {
            8..=16 => (word(0)?, word(b.len() - 8)?),
            0..8 => (b.iter().fold(0, |w, &byte| w << 8 | u64::from(byte)), 0),
            _ => return None,
        };
        Some(Short { words, len: b.len() as u32 })
    }

    /// Its place in [`Interner::recent`]: the top bits of a multiplicative hash of the words.
    fn place(&self) -> usize {
        let mixed = (self.words.0 ^ self.words.1.rotate_left(29) ^ u64::from(self.len)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (mixed >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
    }
}

/// A place of [`Interner::recent`]: a short string's key and its symbol ([`NO_RECENT`] when unused).
#[derive(Debug, Clone, Copy)]
struct Recent {
    key: Short,
    sym: Sym,
}

/// An unused place of [`Interner::recent`]: a length no [`Short`] key has.
const NO_RECENT: Recent = Recent { key: Short { words: (0, 0), len: u32::MAX }, sym: NO_SYM };

/// Slots in a home group, as a power of two: strings that differ only in their last byte (ids
/// numbered in sequence, `D-12340` to `D-12349`) hash to neighbouring slots of one group.
const GROUP_BITS: u32 = 4;

/// A 32-bit hash of a string whose low [`GROUP_BITS`] bits (the slot within a group of 16) come
/// from its last byte and whose other bits (the group) from the rest of it.
///
/// Why: a million unique ids are a million lookups at random places of a table far larger than
/// the CPU caches, and that first read of the slot was ~70% of the interner's time (perf, native,
/// deals-1m). Ids come numbered in sequence in every export we know (CRM record numbers, both
/// generators), so ten ids in a row now share one group, two cache lines, instead of ten random
/// lines. The slot within the group adds the last byte to bits of the rest's hash, so strings
/// that merely end alike (`...com`) still spread over every slot; a group's strings (at most 256,
/// one per last byte) make probe runs no longer than that.
///
/// The rest is FxHash folded to 32 bits (the table never holds 2^32 entries), finished with
/// murmur3's fmix32 so that the group depends on every input bit: on wasm32 FxHash is 32-bit and
/// its low bits clustered sequential ids (`deal-000123`) under linear probing, which made ingest
/// superlinear in the module (1M deals took minutes; natively it did not show).
fn hash_of(text: &str) -> u32 {
    let (last, rest) = match text.as_bytes().split_last() {
        Some((&last, rest)) => (last, rest),
        None => (0, &[][..]),
    };
    let mut hasher = FxHasher::default();
    hasher.write(rest);
    let full = hasher.finish();
    let mut h = (full ^ (full >> 32)) as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    let low = (1u32 << GROUP_BITS) - 1;
    (h & !low) | (h.wrapping_add(u32::from(last)) & low)
}

/// Whether two strings are the same, the short ones a table mostly holds (ids, names, stages)
/// compared as two overlapping words: nearly every string interned is found already, and the
/// module compared each through `memcmp`, a call and a byte loop (2.1% of `fromJson` on
/// deals-100k, Node's profiler).
fn same(a: &[u8], b: &[u8]) -> bool {
    let word = |s: &[u8], at: usize| s.get(at..at + 8).and_then(|w| w.try_into().ok()).map(u64::from_le_bytes);
    let half = |s: &[u8], at: usize| s.get(at..at + 4).and_then(|w| w.try_into().ok()).map(u32::from_le_bytes);
    match (a.len(), b.len()) {
        (len, other) if len != other => false,
        (len @ 8..=16, _) => word(a, 0) == word(b, 0) && word(a, len - 8) == word(b, len - 8),
        (len @ 4..8, _) => half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4),
        _ => a == b,
    }
}

/// Where a probe for a string ended.
enum Probe {
    Found(Sym),
    Free(usize),
}

impl Interner {
    /// The symbol of `text`, adding it when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        let Some(key) = Short::of(text) else {
            return self.intern_hashed(text, hash_of(text));
        };
        if self.recent.is_empty() {
            self.recent = vec![NO_RECENT; RECENT_SLOTS];
        }
        let place = key.place();
        match self.recent.get(place) {
            Some(recent) if recent.key == key => return recent.sym,
            _ => {}
        }
        let len = self.len();
        let sym = self.intern_hashed(text, hash_of(text));
        if self.len() == len {
            if let Some(recent) = self.recent.get_mut(place) {
                *recent = Recent { key, sym };
            }
        }
        sym
    }

    /// [`Self::intern`] given the string's [`hash_of`].
    fn intern_hashed(&mut self, text: &str, hash: u32) -> Sym {
        if self.slots.is_empty() {
            self.slots = vec![FREE; FIRST_SLOTS];
        }
        let free = match self.probe(text, hash) {
            Probe::Found(sym) => return sym,
            Probe::Free(index) => index,
        };
        let sym = self.ends.len() as Sym;
        self.text.push_str(text);
        self.ends.push(self.text.len());
        if let Some(slot) = self.slots.get_mut(free) {
            *slot = Slot { hash, sym };
        }
        if self.ends.len() * MAX_LOAD.1 > self.slots.len() * MAX_LOAD.0 {
            self.grow();
        }
        sym
    }

    /// The symbols in this interner of `part`'s strings, in `part`'s symbol order, each new one
    /// added as [`Self::intern`] would: interning a later stretch of one input's strings after
    /// this one's gives every string the symbol one read of the whole input gives it
    /// (`StoreBuilder::append`). Why not `intern` per string: the merge of parts read on threads
    /// is serial, and this does its work once: the hashes are the part's stored ones (no string
    /// is hashed again), and the text, the ends and the table are sized once for all of `part`
    /// (no doubling, no rehash midway).
    pub fn absorb(&mut self, part: &Interner) -> Vec<Sym> {
        let mut hashes = vec![0u32; part.len()];
        for slot in part.slots.iter().filter(|s| s.sym != NO_SYM) {
            if let Some(h) = hashes.get_mut(slot.sym as usize) {
                *h = slot.hash;
            }
        }
        self.text.reserve(part.text.len());
        self.ends.reserve(part.len());
        let size = ((self.len() + part.len()) * MAX_LOAD.1).div_ceil(MAX_LOAD.0).next_power_of_two().max(FIRST_SLOTS);
        if size > self.slots.len() {
            self.rehash(vec![FREE; size]);
        }
        hashes.iter().enumerate().map(|(s, &hash)| self.intern_hashed(part.get(s as Sym).unwrap_or_default(), hash)).collect()
    }

    /// The symbol of `text` when it was interned, without adding it.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        match self.probe(text, hash_of(text)) {
            Probe::Found(sym) => Some(sym),
            Probe::Free(_) => None,
        }
    }

    /// Walks the slots from the hash's home slot to the string's slot or the first free one.
    fn probe(&self, text: &str, hash: u32) -> Probe {
        let mask = self.slots.len().wrapping_sub(1);
        let mut index = hash as usize & mask;
        // The table is never full, so the walk meets a free slot within one round.
        for _ in 0..self.slots.len() {
            match self.slots.get(index) {
                Some(slot) if slot.sym == NO_SYM => return Probe::Free(index),
                Some(slot) if slot.hash == hash && self.get(slot.sym).is_some_and(|s| same(s.as_bytes(), text.as_bytes())) => return Probe::Found(slot.sym),
                _ => index = (index + 1) & mask,
            }
        }
        Probe::Free(usize::MAX)
    }

    /// Doubles the table, placing each symbol again from its stored hash.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(FIRST_SLOTS);
        self.rehash(vec![FREE; size]);
    }

    /// Makes room for `extra` more symbols: when the table or the ends would have to grow for
    /// them, both grow to `capacity(len, capacity, extra)` symbols at once (the builder gives the
    /// count the input projects). A table doubled while the strings are read holds the old table
    /// and the new one alive together (8 and 16 MB at 1M ids, near the end of the load, when the
    /// rows are there too); sized early, the old one is small.
    pub fn try_reserve_symbols(&mut self, extra: usize, capacity: impl Fn(usize, usize, usize) -> usize) -> Result<(), std::collections::TryReserveError> {
        let len = self.ends.len();
        let fits = self.slots.len() / MAX_LOAD.1 * MAX_LOAD.0;
        if fits.saturating_sub(len) >= extra && self.ends.capacity() - len >= extra {
            return Ok(());
        }
        let target = capacity(len, fits.max(self.ends.capacity()), extra).max(len + extra);
        self.ends.try_reserve_exact(target - len)?;
        let size = (target * MAX_LOAD.1).div_ceil(MAX_LOAD.0).next_power_of_two().max(FIRST_SLOTS);
        if size > self.slots.len() {
            let mut slots = Vec::new();
            slots.try_reserve_exact(size)?;
            slots.resize(size, FREE);
            self.rehash(slots);
        }
        Ok(())
    }

    /// Moves the symbols to the table `slots` (all free), placing each from its stored hash.
    fn rehash(&mut self, slots: Vec<Slot>) {
        let size = slots.len();
        let old = std::mem::replace(&mut self.slots, slots);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.sym != NO_SYM) {
            let mut index = slot.hash as usize & mask;
            while self.slots.get(index).is_some_and(|s| s.sym != NO_SYM) {
                index = (index + 1) & mask;
            }
            if let Some(free) = self.slots.get_mut(index) {
                *free = slot;
            }
        }
    }

    /// The text of a symbol; `"(none)"` for [`NO_SYM`].
    pub fn resolve(&self, sym: Sym) -> &str {
        self.get(sym).unwrap_or("(none)")
    }

    /// The text of a symbol, or `None` for [`NO_SYM`] (and for a symbol of another interner).
    pub fn get(&self, sym: Sym) -> Option<&str> {
        let index = sym as usize;
        let start = if index == 0 { 0 } else { *self.ends.get(index.checked_sub(1)?)? };
        self.text.get(start..*self.ends.get(index)?)
    }

    /// Makes room for `extra` more bytes of text, growing it to `capacity(len, capacity, extra)`
    /// when it has less room (the builder sizes it from the input's projected size, as its rows,
    /// rather than doubling: a doubled text is up to half unused at the load's peak).
    pub fn try_reserve_text(&mut self, extra: usize, capacity: impl Fn(usize, usize, usize) -> usize) -> Result<(), std::collections::TryReserveError> {
        let (len, now) = (self.text.len(), self.text.capacity());
        if now - len >= extra {
            return Ok(());
        }
        self.text.try_reserve_exact(capacity(len, now, extra).max(len + extra) - len)
    }

    /// Gives back the spare capacity of the string buffer (the table keeps its size).
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
    fn a_table_sized_ahead_holds_its_strings_without_growing() {
        let mut strings = Interner::default();
        strings.intern("first");
        // 64 slots hold 48 symbols, so 100 more need room: 1,000 symbols asked, at most 3/4
        // full, so ceil(1000 * 4 / 3) = 1334 -> 2048 slots.
        strings.try_reserve_symbols(100, |_, _, _| 1000).unwrap();
        assert_eq!(strings.slots.len(), 2048);
        assert!(strings.ends.capacity() >= 1000);
        for i in 1..1000 {
            assert_eq!(strings.intern(&format!("s{i}")), i);
        }
        assert_eq!(strings.slots.len(), 2048);
        assert_eq!((strings.lookup("first"), strings.resolve(999)), (Some(0), "s999"));
        // Asked for less than needed: room for the 1000 + 600 needed all the same,
        // ceil(1600 * 4 / 3) = 2134 -> 4096 slots.
        strings.try_reserve_symbols(600, |_, _, _| 10).unwrap();
        assert_eq!(strings.slots.len(), 4096);
        assert_eq!(strings.resolve(999), "s999");
        // Text room: 4 KB more than the 5 + 999 strings' bytes.
        let len = strings.text.len();
        strings.try_reserve_text(4096, |len, _, extra| len + extra).unwrap();
        assert!(strings.text.capacity() >= len + 4096);
    }

    #[test]
    fn ids_in_sequence_share_a_group_and_strings_ending_alike_do_not() {
        // `D-12340` to `D-12349` differ only in the last byte: one group, ten different slots in it.
        let hashes: Vec<u32> = (0..10).map(|i| hash_of(&format!("D-1234{i}"))).collect();
        assert!(hashes.iter().all(|h| h >> GROUP_BITS == hashes[0] >> GROUP_BITS), "{hashes:x?}");
        let mut slots: Vec<u32> = hashes.iter().map(|h| h & 15).collect();
        slots.dedup();
        assert_eq!(slots.len(), 10, "{hashes:x?}");
        // The next ten (`D-1235x`) start another group.
        assert_ne!(hash_of("D-12350") >> GROUP_BITS, hashes[0] >> GROUP_BITS);
        // Strings that all end in `m` still use every slot of a group (not one in 16).
        let mut used = [false; 16];
        for i in 0..1000 {
            used[(hash_of(&format!("user{i}@example.com")) & 15) as usize] = true;
        }
        assert!(used.iter().all(|&u| u), "{used:?}");
    }

    #[test]
    fn strings_differing_only_in_their_last_byte_all_read_back() {
        // The worst case for groups: every ASCII last byte after one shared rest, in one group.
        let mut strings = Interner::default();
        let words: Vec<String> = (0u8..128).map(|b| format!("same-rest-{}", char::from(b))).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(strings.intern(w), i as Sym);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!((strings.lookup(w), strings.resolve(i as Sym)), (Some(i as Sym), w.as_str()));
        }
        assert_eq!(strings.lookup("same-rest-"), None);
        assert_eq!(strings.intern(""), 128);
        assert_eq!(strings.lookup(""), Some(128));
    }

    #[test]
    fn absorbing_a_later_stretch_numbers_its_strings_as_one_interner_would() {
        // One interner over the whole sequence against two halves, the second absorbed: new
        // strings of the second half come after the first half's, in their order of first
        // appearance; strings the first half has keep its symbols. Counted by hand: the first
        // half holds a, b, c (0-2); the second brings b (old), d, a (old), e, d (again), c (old).
        let words = ["a", "b", "c", "a", "b", "d", "a", "e", "d", "c"];
        let (first, second) = words.split_at(4);
        let mut one = Interner::default();
        let ones: Vec<Sym> = words.iter().map(|w| one.intern(w)).collect();
        let mut merged = Interner::default();
        first.iter().for_each(|w| {
            merged.intern(w);
        });
        let mut part = Interner::default();
        let local: Vec<Sym> = second.iter().map(|w| part.intern(w)).collect();
        let map = merged.absorb(&part);
        // part numbers b d a e c as 0..5; in the merged interner they are 1, 3, 0, 4, 2.
        assert_eq!(map, vec![1, 3, 0, 4, 2]);
        let mapped: Vec<Sym> = local.iter().map(|&s| map[s as usize]).collect();
        assert_eq!(mapped, ones[4..].to_vec());
        assert_eq!(format!("{merged:?}"), format!("{one:?}"));
        // The table still finds every string, old and new, and takes more.
        assert!(words.iter().zip(&ones).all(|(w, &s)| merged.lookup(w) == Some(s)));
        assert_eq!(merged.intern("f"), 5);
        // Enough strings to make the absorbing table grow past its first size, ids in sequence.
        let mut big = Interner::default();
        let mut big_part = Interner::default();
        (0..40).for_each(|i| {
            big.intern(&format!("D-{i}"));
        });
        (20..30_000).for_each(|i| {
            big_part.intern(&format!("D-{i}"));
        });
        let map = big.absorb(&big_part);
        assert_eq!((map[0], map[19], map[20], map[29_979]), (20, 39, 40, 29_999));
        assert!((0..30_000).all(|i| big.lookup(&format!("D-{i}")) == Some(i)));
    }

    #[test]
    fn same_is_equality() {
        let texts: Vec<String> = (0..24).flat_map(|len| (0..len).map(move |at| {
            let mut t = "x".repeat(len);
            t.replace_range(at..=at, "y");
            t
        }).chain(["x".repeat(len)])).collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn short_keys_tell_strings_apart() {
        // Strings of 0-24 bytes differing in one byte at every place, and in their length only.
        let texts: Vec<String> = (0..24).flat_map(|len| (0..len).map(move |at| {
            let mut t = "x".repeat(len);
            t.replace_range(at..=at, "y");
            t
        }).chain(["x".repeat(len), "\0".repeat(len)])).collect();
        for a in &texts {
            assert_eq!(Short::of(a).is_some(), a.len() <= 16, "{a}");
            for b in texts.iter().filter(|b| b.len() <= 16 && a.len() <= 16) {
                assert_eq!(Short::of(a) == Short::of(b), a == b, "{a} {b}");
            }
        }
        // A place for every key, and the unused place's length is no key's.
        assert!(texts.iter().filter_map(|t| Short::of(t)).all(|k| k.place() < RECENT_SLOTS && k.len != NO_RECENT.key.len));
    }

    #[test]
    fn strings_found_again_take_a_recent_place_and_unique_ones_do_not() {
        let mut strings = Interner::default();
        let (owner, id) = (strings.intern("rep-23"), strings.intern("D-1"));
        let taken = |s: &Interner| s.recent.iter().filter(|r| r.sym != NO_SYM).count();
        assert_eq!(taken(&strings), 0);
        assert_eq!(strings.intern("rep-23"), owner);
        assert_eq!(taken(&strings), 1);
        // Found in its place: the same symbol, and still only one place taken.
        assert_eq!((strings.intern("rep-23"), strings.intern("D-2"), taken(&strings)), (owner, 2, 1));
        // Longer than 16 bytes: the table alone.
        let long = strings.intern("a string of more than 16 bytes");
        assert_eq!((strings.intern("a string of more than 16 bytes"), taken(&strings)), (long, 1));
        assert_eq!((strings.intern("D-1"), taken(&strings)), (id, 2));
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
        // Strings never interned are not found, however full the probe runs are.
        assert!((0..50_000).all(|i| strings.lookup(&format!("B-{i}")).is_none()));
        assert_eq!(strings.lookup("A-49999"), Some(49_999));
    }
}
