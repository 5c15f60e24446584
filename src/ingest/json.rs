//! Reads the canonical dataset from JSON (or any serde source, such as JS objects) in one
//! streaming pass: each record is turned into a store row as soon as it is read.
//!
//! The fast path parses without tracking positions. Only when parsing fails is the input read a
//! second time through `serde_path_to_error`, so that the error names its place
//! (`deals[12].amount`) at no cost to valid input.

use crate::error::InputError;
use crate::model;
use crate::store::{Store, StoreBuilder};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// Reads a canonical dataset from JSON bytes.
pub fn read_json(bytes: &[u8]) -> Result<Store, InputError> {
    let mut builder = StoreBuilder::new();
    read_json_into(bytes, &mut builder)?;
    builder.finish()
}

/// Reads a canonical dataset from JSON bytes into a builder that other sources (CSV files, API
/// responses) also feed.
pub fn read_json_into(bytes: &[u8], builder: &mut StoreBuilder) -> Result<(), InputError> {
    let bytes = super::strip_bom(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = Document(builder).deserialize(&mut de).and_then(|()| de.end());
    parsed.map_err(|_| locate_json_error(bytes))
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
        Ok(()) => builder.finish(),
        Err(e) => Err(InputError::new("invalid_value", error_path(track), e.to_string())),
    }
}

/// The path of a failure as the error names it: the tracked path without serde_path_to_error's
/// `.` for the root and `?` for a key not yet read (a syntax error inside `deals[0]` is at
/// `deals[0]`, not `deals[0].?`), the same from JSON text and from parsed values.
fn error_path(track: serde_path_to_error::Track) -> String {
    let path = track.path().to_string();
    let mut path = path.as_str();
    while let Some(rest) = path.strip_suffix('?') {
        path = rest.strip_suffix('.').unwrap_or(rest);
    }
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// Second, path-tracking read of input known to be invalid.
fn locate_json_error(bytes: &[u8]) -> InputError {
    let mut builder = StoreBuilder::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = Document(&mut builder)
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .and_then(|()| de.end());
    let err = match result {
        Err(e) => e,
        Ok(()) => return InputError::new("invalid_json", "", "the input could not be read"),
    };
    let path = error_path(track);
    let code = if err.is_data() { "invalid_value" } else { "invalid_json" };
    let message = if err.is_data() {
        strip_position(&err.to_string())
    } else {
        format!("{} (line {}, column {})", strip_position(&err.to_string()), err.line(), err.column())
    };
    InputError::new(code, path, message)
}

/// serde_json appends " at line L column C"; the path already says where a value is.
fn strip_position(message: &str) -> String {
    message.rsplit_once(" at line ").map_or(message, |(before, _)| before).to_string()
}

/// The top-level keys read (every other key is ignored).
const COLLECTIONS: [&str; 9] = ["settings", "fx", "stages", "deals", "leads", "activities", "contacts", "quotas", "forecasts"];

/// The whole document: dispatches each top-level collection to the builder.
struct Document<'b>(&'b mut StoreBuilder);

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with deals, leads, activities, contacts, quotas, forecasts, stages, fx or settings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        let mut seen: Vec<&'static str> = Vec::new();
        while let Some(key) = map.next_key::<model::Text<'de>>()? {
            // A collection given twice is refused rather than read twice: a JS object (the other
            // way in) keeps only the last, and record indexes in messages would restart at 0.
            if let Some(&name) = COLLECTIONS.iter().find(|&&c| c == key.as_str()) {
                if seen.contains(&name) {
                    return map.next_value_seed(Repeated(name));
                }
                seen.push(name);
            }
            match key.as_str() {
                "settings" => b.set_settings(map.next_value::<Option<model::Settings>>()?.unwrap_or_default()),
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
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The value of a collection key met a second time: refused where it stands, so that the error's
/// path names the key.
struct Repeated(&'static str);

impl<'de> DeserializeSeed<'de> for Repeated {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(serde::de::Error::custom(format!("\"{}\" given twice: each collection may appear once", self.0)))
    }
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
