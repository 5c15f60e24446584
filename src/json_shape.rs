//! Which reader a JSON document needs: the canonical schema, or a CRM API response (HubSpot
//! `results`, Salesforce `records`, Pipedrive `data`) that [`crate::DatasetSources`] reads
//! through its API preset. Every JSON entry ([`crate::Dataset::from_json`], the package's
//! `fromJson`, `computeReportFromJson`, `fromStream`) asks here first, so an API response reads
//! the way `fromFiles` and the CLI read it instead of as a canonical document with no
//! collections (an empty report).
//!
//! Only the top-level keys are looked at, and only until the first canonical collection key
//! (`settings`, `deals`, ...): a canonical document is known from its first key or two, so its
//! records are never scanned twice and the streaming reader keeps its speed. A document with a
//! canonical collection is canonical even if it also holds `results` (`fromFiles` would read
//! such a document by its API preset; no CRM writes one).

use crate::ingest::collections::COLLECTIONS;
use crate::ingest::sources::api_records_key;
use crate::model::Text;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// What the start of a document says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The canonical schema (or not JSON at all: the canonical reader names the error).
    Canonical,
    /// A CRM API response: read it through [`crate::DatasetSources`].
    Api,
    /// The bytes given end before any canonical key and before the document ends: more needed.
    Undecided,
}

/// The shape of `bytes`: the whole document when `complete`, else only its start (a stream's
/// first chunks, a big input's first bytes).
pub fn of(bytes: &[u8], complete: bool) -> Shape {
    let mut keys = Vec::new();
    let mut canonical = false;
    let mut de = serde_json::Deserializer::from_slice(crate::ingest::strip_bom(bytes));
    let result = TopKeys { keys: &mut keys, canonical: &mut canonical }.deserialize(&mut de);
    if canonical {
        return Shape::Canonical;
    }
    // A start cut short: the keys not yet read may still be canonical or an API's.
    if !complete && result.as_ref().err().is_some_and(serde_json::Error::is_eof) {
        return Shape::Undecided;
    }
    of_keys(&keys)
}

/// The shape of a document with these top-level keys (a JS object's own keys): canonical as soon
/// as one is a canonical collection, else an API response when a preset recognises them.
pub fn of_keys(keys: &[String]) -> Shape {
    if keys.iter().any(|k| COLLECTIONS.contains(&k.as_str())) || api_records_key(keys).is_none() {
        Shape::Canonical
    } else {
        Shape::Api
    }
}

/// Collects the top-level keys, stopping (with an error that [`of`] ignores) at the first
/// canonical collection key.
struct TopKeys<'a> {
    keys: &'a mut Vec<String>,
    canonical: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for TopKeys<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopKeys<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Text<'de>>()? {
            if COLLECTIONS.contains(&key.as_str()) {
                *self.canonical = true;
                return Err(serde::de::Error::custom("canonical"));
            }
            self.keys.push(key.as_str().to_string());
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{of, Shape};

    #[test]
    fn canonical_from_its_first_collection_key_even_when_cut_short() {
        assert_eq!(of(br#"{"settings": {"asOf": "2026-01-01"}, "deals": [{"id": "#, false), Shape::Canonical);
        assert_eq!(of(br#"{"deals": []}"#, true), Shape::Canonical);
    }

    #[test]
    fn api_responses_by_their_top_level_keys() {
        assert_eq!(of(br#"{"total": 1, "results": [{"id": "1"}], "paging": {}}"#, true), Shape::Api);
        assert_eq!(of(br#"{"totalSize": 1, "done": true, "records": []}"#, true), Shape::Api);
        assert_eq!(of(br#"{"success": true, "data": []}"#, true), Shape::Api);
        // Cut short inside `results`: the document's end may still hold a canonical key.
        assert_eq!(of(br#"{"total": 1, "results": [{"id": "#, false), Shape::Undecided);
        assert_eq!(of(br#"{"total": 1, "results": [{"id": "#, true), Shape::Api);
    }

    #[test]
    fn anything_else_goes_to_the_canonical_reader_which_names_the_error() {
        assert_eq!(of(br#"{"Deals": []}"#, true), Shape::Canonical);
        assert_eq!(of(b"[1, 2]", true), Shape::Canonical);
        assert_eq!(of(b"not json", false), Shape::Canonical);
        assert_eq!(of(b"", true), Shape::Canonical);
    }
}
