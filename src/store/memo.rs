//! What the layers above derive from a store alone, built on first use and kept for the store's
//! life: a store never changes after ingestion, so every re-query (a new period, a new grouping,
//! other indicators) reuses a derived fact instead of deriving it again for each report.
//!
//! The memo knows nothing of what it keeps: each fact is named by a key type of the module that
//! derives it ([`MemoKey`]), so the store does not import the indicators and a new fact is one
//! key beside the code that builds it. A key is a value too: `Groups(table, key)` keeps one value
//! per table and group key; a unit struct keeps one value per store.
//!
//! Rules for what is kept, which the deriving code follows:
//! - only what depends on nothing but the store (the store's own `asOf` included): a fact that
//!   reads a later query `asOf` is built per query and not kept;
//! - a store derived from another (an as-of rebuild, a view with re-converted amounts or owners at
//!   the event) is made by cloning, and a cloned [`Memo`] is empty: a view never reads facts of the
//!   store it came from.

use rustc_hash::FxHashMap as HashMap;
use std::any::{Any, TypeId};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Names one kind of derived fact and, by its value, one fact of that kind.
pub trait MemoKey: Hash + Eq + Send + Sync + 'static {
    /// The fact kept under the key.
    type Value: Send + Sync + 'static;
}

/// The facts of one key type: `HashMap<K, Arc<K::Value>>`, behind `Any`.
type Entries = Box<dyn Any + Send + Sync>;

/// The derived facts of one store (see the module doc).
#[derive(Default)]
pub struct Memo {
    by_type: Mutex<HashMap<TypeId, Entries>>,
}

impl Memo {
    /// The fact kept under `key`, built by `build` on first use. `build` runs without the memo
    /// locked, so it may read other facts; when the lock is poisoned the fact is built and not kept.
    pub fn get_or_init<K: MemoKey + Clone>(&self, key: K, build: impl FnOnce() -> K::Value) -> Arc<K::Value> {
        if let Some(found) = self.get(&key) {
            return found;
        }
        let built = Arc::new(build());
        if let Ok(mut by_type) = self.by_type.lock() {
            let entries = by_type.entry(TypeId::of::<K>()).or_insert_with(|| Box::new(HashMap::<K, Arc<K::Value>>::default()));
            if let Some(map) = entries.downcast_mut::<HashMap<K, Arc<K::Value>>>() {
                // A fact built twice (two threads at once) keeps the first.
                return map.entry(key).or_insert(built).clone();
            }
        }
        built
    }

    /// The fact kept under `key`, if built.
    pub fn get<K: MemoKey>(&self, key: &K) -> Option<Arc<K::Value>> {
        let by_type = self.by_type.lock().ok()?;
        by_type.get(&TypeId::of::<K>())?.downcast_ref::<HashMap<K, Arc<K::Value>>>()?.get(key).cloned()
    }

    /// How many kinds of fact are kept.
    pub fn len(&self) -> usize {
        self.by_type.lock().map_or(0, |by_type| by_type.len())
    }

    /// Whether nothing is kept yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A clone is empty: the clone is a new store (a view) whose facts may differ.
impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo").field("kinds", &self.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, PartialEq, Eq, Hash)]
    struct Squares(u32);
    impl MemoKey for Squares {
        type Value = u64;
    }

    #[derive(Clone, PartialEq, Eq, Hash)]
    struct Name;
    impl MemoKey for Name {
        type Value = String;
    }

    #[test]
    fn a_fact_is_built_once_per_key_and_kinds_do_not_mix() {
        let memo = Memo::default();
        let mut builds = 0;
        for _ in 0..3 {
            assert_eq!(*memo.get_or_init(Squares(7), || { builds += 1; 49 }), 49);
        }
        assert_eq!(builds, 1);
        assert_eq!(*memo.get_or_init(Squares(3), || 9), 9);
        assert_eq!(*memo.get_or_init(Name, || "x".to_string()), "x");
        assert_eq!(memo.get(&Squares(3)).as_deref(), Some(&9));
        assert_eq!(memo.get(&Squares(4)), None);
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn a_build_may_read_other_facts_and_a_clone_is_empty() {
        let memo = Memo::default();
        let outer = memo.get_or_init(Squares(2), || *memo.get_or_init(Squares(1), || 1) + 3);
        assert_eq!((*outer, memo.get(&Squares(1)).as_deref().copied()), (4, Some(1)));
        assert!(memo.clone().is_empty());
    }
}
