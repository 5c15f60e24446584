//! Short maps kept as lists of (key, value) pairs sorted by key, each key once: a figure's stats,
//! a query's targets, the fx table. A `BTreeMap` per key and value type cost 2-4 KB of Wasm each
//! (its insert, clone and drop instantiated for that one use); these few functions are all such a
//! list needs, and they read, write and replace as the map did.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;

/// Sets `key` to `value`, replacing an earlier value, as a map's insert does.
pub fn set<K: Ord, V>(pairs: &mut Vec<(K, V)>, key: K, value: V) {
    match pairs.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => {
            if let Some(pair) = pairs.get_mut(at) {
                pair.1 = value;
            }
        }
        Err(at) => pairs.insert(at, (key, value)),
    }
}

/// The value of `key`.
pub fn get<'a, K: Borrow<Q>, Q: Ord + ?Sized, V>(pairs: &'a [(K, V)], key: &Q) -> Option<&'a V> {
    let at = pairs.binary_search_by(|(k, _)| k.borrow().cmp(key)).ok()?;
    pairs.get(at).map(|(_, value)| value)
}

/// Reads a JSON object as the `BTreeMap<K, V>` it replaces reads it: the same "expected a map"
/// error, and a repeated key's later value wins.
pub fn deserialize_map<'de, D, K, V>(d: D) -> Result<Vec<(K, V)>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    struct Pairs<K, V>(PhantomData<(K, V)>);
    impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Visitor<'de> for Pairs<K, V> {
        type Value = Vec<(K, V)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut pairs = Vec::new();
            while let Some((key, value)) = map.next_entry::<K, V>()? {
                set(&mut pairs, key, value);
            }
            Ok(pairs)
        }
    }
    d.deserialize_map(Pairs(PhantomData))
}
