//! The top level of a canonical JSON document: the collection keys it may hold, the warning for
//! an unknown key and the error for a document of unknown keys only, and the serde seeds that
//! read a collection's array record by record.
//!
//! A leaf shared by the two readers of the document: [`super::json`] (whole documents and serde
//! sources) and [`super::stream`] (chunked input). Neither imports the other for these.

use crate::error::InputError;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// What the document must be, in serde's "invalid type: ..., expected ..." errors.
pub(crate) const DOCUMENT: &str = "an object with deals, leads, activities, contacts, quotas, forecasts, stages, fx or settings";

/// The document's shape alone, for the streaming reader: reading it from anything but an object
/// gives serde_json's error for a document that is not an object.
pub(crate) struct TopLevel;

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> Visitor<'de> for Shape {
            type Value = TopLevel;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DOCUMENT)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(TopLevel)
            }
        }
        d.deserialize_map(Shape)
    }
}

/// A collection's value when it is not an array, for the streaming reader: `null` holds no
/// records; anything else fails as the one-shot reader fails ("expected an array of records").
pub(crate) struct AnyRecords;

impl<'de> Deserialize<'de> for AnyRecords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Each(|_: IgnoredAny, _| {}, PhantomData).deserialize(d).map(|()| AnyRecords)
    }
}

/// The top-level keys read (every other key is ignored): the settings, fx and stages, then the
/// record collections ([`crate::store::Collection`]).
pub(crate) const COLLECTIONS: [&str; 9] = {
    use crate::store::Collection as C;
    ["settings", "fx", "stages", C::Deals.key(), C::Leads.key(), C::Activities.key(), C::Contacts.key(), C::Quotas.key(), C::Forecasts.key()]
};

/// The warning for a top-level key that is none of [`COLLECTIONS`] (read and ignored): `"Deals"`
/// would silently give no deals, so the closest known key is named.
pub(crate) fn unknown_key(key: &str) -> String {
    let shown = crate::model::quote(key);
    match closest_key(key) {
        Some(known) => format!("{shown} is not a known collection; did you mean \"{known}\"?"),
        None => format!("{shown} is not a known key: ignored"),
    }
}

/// The known key `key` was likely meant as: the same but for case, or within two edits.
fn closest_key(key: &str) -> Option<&'static str> {
    let lower = key.trim().to_lowercase();
    let distance = |known: &str| crate::text::edit_distance(&lower, known);
    COLLECTIONS.iter().map(|&k| (distance(k), k)).filter(|&(d, _)| d <= 2).min_by_key(|&(d, _)| d).map(|(_, k)| k)
}

/// A document whose keys are all unknown (`{"Deals": [...]}`, a CRM's own JSON): refused rather
/// than read as an empty dataset. `{}` stays an empty dataset.
pub(crate) fn unusable(found: &[String]) -> InputError {
    let expected: Vec<String> = COLLECTIONS.iter().map(|k| format!("\"{k}\"")).collect();
    let found: Vec<String> = found.iter().map(|k| crate::model::quote(k)).collect();
    let message = format!("expected a canonical document with at least one of {}; found the keys {}", expected.join(", "), found.join(", "));
    InputError::new("unusable_source", "", message)
}

/// Unknown keys kept for the [`unusable`] error.
pub(crate) const UNKNOWN_KEYS_KEPT: usize = 8;

/// The error of a collection key met a second time (shared with the streaming reader).
pub(crate) fn given_twice(key: &str) -> String {
    format!("\"{key}\" given twice: each collection may appear once")
}

/// Reads an array (or null) of `T`, handing each element with its index to a callback.
pub(crate) struct Each<F, T>(pub(crate) F, pub(crate) PhantomData<T>);

impl<'de, F, T> DeserializeSeed<'de> for Each<F, T>
where
    F: FnMut(T, usize),
    T: Deserialize<'de>,
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F, T> Visitor<'de> for Each<F, T>
where
    F: FnMut(T, usize),
    T: Deserialize<'de>,
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element::<T>()? {
            (self.0)(item, index);
            index += 1;
        }
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}
