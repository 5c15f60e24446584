//! Reads the canonical dataset. JSON bytes go through the streaming reader
//! ([`super::stream::JsonStream`]), here given the whole input as one chunk: each record is
//! turned into a store row as soon as it is read, and only a record that fails is read again to
//! name its place (`deals[12].amount`). Any other serde source (JS objects) goes through the
//! [`Document`] seed below, tracking the path as it reads.

use super::stream::{tidy_path, JsonStream, Limits};
use crate::error::InputError;
use crate::model;
use crate::store::{Store, StoreBuilder};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// Reads a canonical dataset from JSON bytes.
pub fn read_json(bytes: &[u8]) -> Result<Store, InputError> {
    JsonStream::new().read_all(bytes)?.finish()
}

/// Reads a canonical dataset from JSON bytes into a builder that other sources (CSV files, API
/// responses) also feed.
pub fn read_json_into(bytes: &[u8], builder: &mut StoreBuilder) -> Result<(), InputError> {
    let stream = JsonStream::with_builder(std::mem::take(builder), Limits::default());
    *builder = stream.read_all(bytes)?;
    Ok(())
}

/// Reads a canonical dataset from any serde source, naming the path of the first error.
pub fn read_any<'de, D: Deserializer<'de>>(source: D) -> Result<Store, InputError>
where
    D::Error: fmt::Display,
{
    let mut builder = StoreBuilder::new();
    let mut track = serde_path_to_error::Track::new();
    let result = Document(&mut builder).deserialize(serde_path_to_error::Deserializer::new(source, &mut track));
    match result {
        Ok(None) => builder.finish(),
        Ok(Some(unknown)) => Err(unusable(&unknown)),
        Err(e) => Err(InputError::new("invalid_value", error_path(track), e.to_string())),
    }
}

/// The path of a failure as the error names it (see [`tidy_path`]), the same from JSON text and
/// from parsed values.
fn error_path(track: serde_path_to_error::Track) -> String {
    tidy_path(&track.path().to_string())
}

/// What the document must be, in serde's "invalid type: ..., expected ..." errors.
const DOCUMENT: &str = "an object with deals, leads, activities, contacts, quotas, forecasts, stages, fx or settings";

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

/// The top-level keys read (every other key is ignored).
pub(crate) const COLLECTIONS: [&str; 9] = ["settings", "fx", "stages", "deals", "leads", "activities", "contacts", "quotas", "forecasts"];

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

/// The whole document: dispatches each top-level collection to the builder.
struct Document<'b>(&'b mut StoreBuilder);

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = Option<Vec<String>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = Option<Vec<String>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(DOCUMENT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let b = self.0;
        let mut seen: Vec<&'static str> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<model::Text<'de>>()? {
            // A collection given twice is refused rather than read twice: a JS object (the other
            // way in) keeps only the last, and record indexes in messages would restart at 0.
            if let Some(&name) = COLLECTIONS.iter().find(|&&c| c == key.as_str()) {
                if seen.contains(&name) {
                    return map.next_value_seed(Repeated(name)).map(|()| None);
                }
                seen.push(name);
            }
            match key.as_str() {
                "settings" => {
                    let settings = map.next_value::<Option<model::Settings>>()?.unwrap_or_default();
                    b.set_settings(settings).map_err(|(_, m)| serde::de::Error::custom(m))?;
                }
                "fx" => b.set_fx(map.next_value::<Option<model::Fx>>()?.unwrap_or_default()),
                "stages" => {
                    let stages = map.next_value::<Option<Vec<model::Stage<'de>>>>()?.unwrap_or_default();
                    b.set_stages(stages).map_err(serde::de::Error::custom)?;
                }
                "deals" => map.next_value_seed(Each(|d, i| b.add_deal(d, i), PhantomData))?,
                "leads" => map.next_value_seed(Each(|l, i| b.add_lead(l, i), PhantomData))?,
                "activities" => map.next_value_seed(Each(|a, i| b.add_activity(a, i), PhantomData))?,
                "contacts" => map.next_value_seed(Each(|c, i| b.add_contact(c, i), PhantomData))?,
                "quotas" => map.next_value_seed(Each(|t, _| b.add_target(t, false), PhantomData))?,
                "forecasts" => map.next_value_seed(Each(|t, _| b.add_target(t, true), PhantomData))?,
                other => {
                    b.warn("unknown_key", unknown_key(other), other);
                    if unknown.len() < UNKNOWN_KEYS_KEPT {
                        unknown.push(other.to_string());
                    }
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        // The keys found, when none is known (refused by the caller as `unusable_source`).
        Ok((seen.is_empty() && !unknown.is_empty()).then_some(unknown))
    }
}

/// The value of a collection key met a second time: refused where it stands, so that the error's
/// path names the key.
struct Repeated(&'static str);

impl<'de> DeserializeSeed<'de> for Repeated {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(serde::de::Error::custom(given_twice(self.0)))
    }
}

/// The error of a collection key met a second time (shared with the streaming reader).
pub(crate) fn given_twice(key: &str) -> String {
    format!("\"{key}\" given twice: each collection may appear once")
}

/// Reads an array (or null) of `T`, handing each element with its index to a callback.
struct Each<F, T>(F, PhantomData<T>);

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
