//! The report parts every report carries whatever it asks for (`report.funnel`,
//! `report.forecast`), kept for the last query inputs they were built for: a re-query that keeps
//! those inputs (a new grouping, other indicators, the same query again) reuses them instead of
//! reading every deal again.
//!
//! One value per part and store, not one per query: a user trying many periods does not grow the
//! memo. Kept only at the store's own `asOf` ([`crate::store::Memo`]'s rule: a later query
//! `asOf` is built per query); a view (earlier `asOf`, other fx or owners) has its own empty memo.

use super::Ctx;
use crate::store::MemoKey;
use std::sync::Mutex;

/// The last (inputs, value) of one report part.
pub struct Last<K, V>(Mutex<Option<(K, V)>>);

impl<K, V> Default for Last<K, V> {
    fn default() -> Self {
        Last(Mutex::new(None))
    }
}

/// The value of report part `part` (a unit [`MemoKey`] whose value is a [`Last`]) for the query
/// inputs `key`: the kept one when the last build had the same inputs, else built by `build`
/// and kept in its place.
pub fn get_or_build<P, K, V>(ctx: &Ctx, part: P, key: K, build: impl FnOnce() -> V) -> V
where
    P: MemoKey<Value = Last<K, V>> + Clone,
    K: PartialEq,
    V: Clone,
{
    if ctx.query.as_of != ctx.store.settings.as_of {
        return build();
    }
    let last = ctx.store.memo.get_or_init(part, Last::default);
    if let Ok(slot) = last.0.lock() {
        if let Some((_, value)) = slot.as_ref().filter(|(k, _)| *k == key) {
            return value.clone();
        }
    }
    // Built without the lock held: the build reads other facts of the memo.
    let value = build();
    if let Ok(mut slot) = last.0.lock() {
        *slot = Some((key, value.clone()));
    }
    value
}
