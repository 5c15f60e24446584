//! String interning: every repeated key (owner, segment, stage, currency, record id) is stored
//! once and referred to by a `u32` symbol, so grouping and joins compare integers.

use rustc_hash::FxHashMap as HashMap;

/// A symbol: index of an interned string.
pub type Sym = u32;

/// The absent symbol (a missing key groups as `"(none)"`).
pub const NO_SYM: Sym = u32::MAX;

/// Owns the distinct strings of a dataset.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    map: HashMap<Box<str>, Sym>,
    strings: Vec<Box<str>>,
}

impl Interner {
    /// The symbol of `text`, adding it when new.
    pub fn intern(&mut self, text: &str) -> Sym {
        if let Some(&sym) = self.map.get(text) {
            return sym;
        }
        let sym = self.strings.len() as Sym;
        self.strings.push(text.into());
        self.map.insert(text.into(), sym);
        sym
    }

    /// The symbol of `text` when it was interned, without adding it.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        self.map.get(text).copied()
    }

    /// The text of a symbol; `"(none)"` for [`NO_SYM`] (and for a symbol of another interner).
    pub fn resolve(&self, sym: Sym) -> &str {
        self.get(sym).unwrap_or("(none)")
    }

    /// The text of a symbol, or `None` for [`NO_SYM`] (and for a symbol of another interner).
    pub fn get(&self, sym: Sym) -> Option<&str> {
        self.strings.get(sym as usize).map(|s| &**s)
    }
}
