//! Reads the canonical dataset. JSON bytes go through the streaming reader
//! ([`super::stream::JsonStream`]), here given the whole input as one chunk: each record is
//! turned into a store row as soon as it is read, and only a record that fails is read again to
//! name its place (`deals[12].amount`). Any other serde source (JS objects) goes through the
//! `DocumentSeed` below, tracking the path as it reads.

use super::collections::{given_twice, unknown_key, unusable, Each, COLLECTIONS, DOCUMENT, UNKNOWN_KEYS_KEPT};
use super::stream::{tidy_path, JsonStream, Limits};
use crate::error::InputError;
use crate::model;
use crate::store::{Store, StoreBuilder};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
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
    let result = DocumentSeed(&mut builder).deserialize(serde_path_to_error::Deserializer::new(source, &mut track));
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

/// The whole document read from any serde source: dispatches each top-level collection to the
/// builder. Named for what it is (a serde seed) so that it is not taken for the streaming
/// reader's `StreamReader` (`ingest::stream`), which reads JSON text in windows.
struct DocumentSeed<'b>(&'b mut StoreBuilder);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Option<Vec<String>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
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
                "quotas" => map.next_value_seed(Each(|t, i| b.add_period_amount(t, false, i), PhantomData))?,
                "forecasts" => map.next_value_seed(Each(|t, i| b.add_period_amount(t, true, i), PhantomData))?,
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
