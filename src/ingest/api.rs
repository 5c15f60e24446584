//! The JSON that CRM APIs return (HubSpot `results[]`, Salesforce `records[]`, Pipedrive
//! `data[]`) read as rows, so that API presets are mappings like the CSV ones.
//!
//! Each record is flattened one level: `{"id": 7, "properties": {"amount": "10"}}` becomes the
//! columns `id` and `properties.amount`; deeper values are ignored. Records stream from the byte
//! slice one at a time (strings borrowed when unescaped), as the canonical JSON reader does.

use super::api_paging::{Paging, Probe};
use super::csv::plan::{Col, EachRow, Row, Rows};
use crate::error::InputError;
use crate::model::Text;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// An API response held as the caller's byte slice.
pub struct JsonRows<'b> {
    bytes: &'b [u8],
    records_at: String,
    header: Vec<String>,
    /// What the envelope says of other pages (see [`super::api_paging`]).
    pub paging: Option<Paging>,
}

/// One flattened record: (column, value) pairs, nulls left out.
struct Flat<'de>(Vec<(Cow<'de, str>, Cow<'de, str>)>);

impl Row for Flat<'_> {
    fn cell(&self, col: &Col) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == col.name).map(|(_, v)| v.as_ref())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_ref()).collect()
    }
}

/// The top-level keys of a JSON object (to recognise an API shape), sorted, each once: read as
/// pairs with their values skipped (`crate::pairs::deserialize_map`, which reads as a `BTreeMap`
/// does: the same "expected a map" error), then as `serde_json::from_slice` ends, refusing
/// trailing characters.
pub fn top_level_keys(bytes: &[u8]) -> Result<Vec<String>, InputError> {
    let bytes = super::strip_bom(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let read = crate::pairs::deserialize_map::<_, String, IgnoredAny>(&mut de).and_then(|pairs| de.end().map(|()| pairs));
    match read {
        Ok(pairs) => Ok(pairs.into_iter().map(|(key, _)| key).collect()),
        Err(e) => Err(json_error(&e, "")),
    }
}

/// A serde_json failure as an input error: `invalid_value` for a value of the wrong type (the
/// path names where), `invalid_json` with line and column for broken JSON, as the canonical
/// reader says them.
fn json_error(e: &serde_json::Error, path: &str) -> InputError {
    let text = e.to_string();
    let message = text.rfind(" at line ").map_or(text.as_str(), |i| text.get(..i).unwrap_or_default());
    if e.is_data() {
        InputError::new("invalid_value", path, message)
    } else {
        InputError::new("invalid_json", path, format!("{message} (line {}, column {})", e.line(), e.column()))
    }
}

impl<'b> JsonRows<'b> {
    /// Opens the records under `records_at`, collecting every column name seen.
    pub fn open(bytes: &'b [u8], records_at: &str) -> Result<JsonRows<'b>, InputError> {
        let bytes = super::strip_bom(bytes);
        let mut rows = JsonRows { bytes, records_at: records_at.to_string(), header: Vec::new(), paging: None };
        let mut header: Vec<String> = Vec::new();
        let mut found = Vec::new();
        let mut f = |_, row: &dyn Row| {
            for key in row.keys() {
                if !header.iter().any(|h| h == key) {
                    header.push(key.to_string());
                }
            }
            Ok(())
        };
        rows.read(&mut f, Some(&mut found))?;
        rows.header = header;
        rows.paging = Paging::of(&found);
        Ok(rows)
    }
}

impl JsonRows<'_> {
    /// Feeds each record to `f`; with `found`, also keeps the envelope's paging values.
    fn read(&self, f: &mut EachRow<'_>, found: Option<&mut Vec<(String, Probe)>>) -> Result<(), InputError> {
        let mut failure = None;
        let mut de = serde_json::Deserializer::from_slice(self.bytes);
        let result = Top { key: &self.records_at, f, failure: &mut failure, found }.deserialize(&mut de).and_then(|()| de.end());
        if let Some(e) = failure {
            return Err(e);
        }
        result.map_err(|e| json_error(&e, &self.records_at))
    }
}

impl Rows for JsonRows<'_> {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn each(&self, f: &mut EachRow<'_>) -> Result<(), InputError> {
        self.read(f, None)
    }

    fn place(&self) -> &str {
        &self.records_at
    }
}

struct Top<'a, 'f> {
    key: &'a str,
    f: &'a mut EachRow<'f>,
    failure: &'a mut Option<InputError>,
    /// Where the paging values go, when kept.
    found: Option<&'a mut Vec<(String, Probe)>>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with \"{}\"", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Top { key, f, failure, mut found } = self;
        while let Some(k) = map.next_key::<Text<'de>>()? {
            if k.as_str() == key {
                map.next_value_seed(Records { f: &mut *f, failure: &mut *failure })?;
            } else if let Some(found) = found.as_deref_mut().filter(|_| super::api_paging::KEYS.contains(&k.as_str())) {
                found.push((k.as_str().to_string(), map.next_value::<Probe>()?));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Records<'a, 'f> {
    f: &'a mut EachRow<'f>,
    failure: &'a mut Option<InputError>,
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(record) = seq.next_element::<FlatSeed<'de>>()? {
            if let Err(e) = (self.f)(index, &record.0) {
                *self.failure = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}

/// A record, deserialized flat.
struct FlatSeed<'de>(Flat<'de>);

impl<'de> serde::Deserialize<'de> for FlatSeed<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FlatSeed<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a record object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    match map.next_value::<Value<'de>>()? {
                        Value::Scalar(v) => pairs.push((key.0, v.0)),
                        Value::Object(inner) => {
                            pairs.extend(inner.into_iter().map(|(k, v)| (Cow::Owned(format!("{}.{}", key.as_str(), k.as_str())), v.0)));
                        }
                        Value::Other => {}
                    }
                }
                Ok(FlatSeed(Flat(pairs)))
            }
        }
        d.deserialize_map(V)
    }
}

/// A property value: a scalar, a one-level object of scalars, or something ignored.
enum Value<'de> {
    Scalar(Text<'de>),
    Object(Vec<(Text<'de>, Text<'de>)>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Value<'de>, E> {
                Ok(Value::Scalar(Text(Cow::Borrowed(v))))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value<'de>, E> {
                Ok(Value::Scalar(Text(Cow::Owned(v.to_string()))))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value<'de>, E> {
                Ok(Value::Scalar(Text(Cow::Owned(v.to_string()))))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value<'de>, E> {
                Ok(Value::Scalar(Text(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value<'de>, E> {
                Ok(Value::Scalar(Text(Cow::Owned(v.to_string()))))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value<'de>, E> {
                Ok(Value::Scalar(Text(Cow::Borrowed(if v { "true" } else { "false" }))))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Value<'de>, E> {
                Ok(Value::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Value::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
                let mut inner = Vec::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    if let Value::Scalar(v) = map.next_value::<Value<'de>>()? {
                        inner.push((key, v));
                    }
                }
                Ok(Value::Object(inner))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::top_level_keys;
    use serde::de::IgnoredAny;
    use std::collections::BTreeMap;

    #[test]
    fn top_level_keys_read_as_a_map_of_ignored_values_reads_them() {
        let cases: [&[u8]; 9] = [
            br#"{"total": 1, "results": [{"id": "1"}], "paging": {}}"#,
            br#"{"b": 1, "a": 2, "b": 3}"#,
            b"{}",
            b"[1, 2]",
            b"\"text\"",
            b"{\"a\": }",
            b"{\"a\": 1} x",
            b"",
            b"{\"a\": 1",
        ];
        for bytes in cases {
            let expected = serde_json::from_slice::<BTreeMap<String, IgnoredAny>>(bytes).map(|m| m.into_keys().collect::<Vec<_>>());
            match (top_level_keys(bytes), expected) {
                (Ok(keys), Ok(expected)) => assert_eq!(keys, expected),
                (Err(e), Err(expected)) => assert_eq!(e, super::json_error(&expected, "")),
                (got, expected) => panic!("{got:?} vs {expected:?}"),
            }
        }
    }
}
