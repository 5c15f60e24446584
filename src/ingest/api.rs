//! CRM API answers -> store rows: HubSpot CRM v3 objects (`results[].properties`), Salesforce
//! REST query results (`records[]`), Pipedrive v1 deals (`data[]`), or any JSON whose records
//! array a mapping names.
//!
//! Each record is flattened while it is read: top-level scalars keep their names, the scalars of
//! HubSpot's `properties` object are lifted to the top, and those of other nested objects are
//! named `parent.child` (Salesforce `Owner.Name`, Pipedrive `user_id.name`). The flat record is
//! then read exactly like a CSV row through the same mapping, and handed to the builder at once.

use super::csv::columns::Columns;
use super::csv::convert::{Cells, Converter};
use super::csv::SourceRead;
use super::mapping::Plan;
use crate::error::InputError;
use crate::model::Text;
use crate::store::{SourceInfo, StoreBuilder};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// The top-level keys of a JSON object (empty for any other JSON value).
pub fn top_keys(bytes: &[u8]) -> Vec<String> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(k) = map.next_key::<Text<'de>>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(k.0.into_owned());
            }
            Ok(keys)
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::Deserializer::from_slice(bytes).deserialize_map(Keys).unwrap_or_default()
}

/// A scalar (empty text for null); nested values are skipped.
struct Leaf<'a>(Option<Text<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Leaf<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor(false)).map(|n| match n {
            Node::Scalar(t) => Leaf(Some(t)),
            Node::Object(_) => Leaf(None),
        })
    }
}

enum Node<'a> {
    Scalar(Text<'a>),
    Object(Vec<(Cow<'a, str>, Text<'a>)>),
}

/// Reads any value; objects are kept one level deep when the flag says so.
struct NodeVisitor(bool);

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Owned(v.to_owned()))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Owned(v.to_string()))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Owned(v.to_string()))))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Owned(v.to_string()))))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Borrowed(if v { "true" } else { "false" }))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Scalar(Text(Cow::Borrowed(""))))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Node::Object(Vec::new()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Text<'de>>()? {
            if self.0 {
                if let Leaf(Some(v)) = map.next_value::<Leaf<'de>>()? {
                    out.push((k.0, v));
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Node::Object(out))
    }
}

/// One record, flattened: (name, value) in the order read.
pub struct Flat<'a>(Vec<(Cow<'a, str>, Text<'a>)>);

impl Cells for Flat<'_> {
    fn cell(&self, i: usize) -> &str {
        self.0.get(i).map_or("", |(_, v)| v.as_str())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Flat<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flat<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a record object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flat<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Text<'de>>()? {
                    match map.next_value_seed(NodeSeed)? {
                        Node::Scalar(v) => out.push((k.0, v)),
                        Node::Object(inner) if k.as_str() == "properties" => out.extend(inner),
                        Node::Object(inner) => {
                            out.extend(inner.into_iter().map(|(ik, v)| (Cow::Owned(format!("{}.{ik}", k.as_str())), v)));
                        }
                    }
                }
                Ok(Flat(out))
            }
        }
        d.deserialize_map(V)
    }
}

struct NodeSeed;

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        d.deserialize_any(NodeVisitor(true))
    }
}

/// State of one read: the mapping, the converter (made at the first record) and the builder.
struct Reader<'c, 'p> {
    plan: &'p Plan,
    lenient: &'p Plan,
    converter: Option<Converter<'p>>,
    builder: &'c mut StoreBuilder,
    keys: Vec<String>,
    index: usize,
    found: bool,
    failure: Option<InputError>,
}

impl Reader<'_, '_> {
    fn record(&mut self, flat: &Flat<'_>) -> Result<(), InputError> {
        let same = flat.0.len() == self.keys.len() && flat.0.iter().zip(&self.keys).all(|((k, _), known)| k == known);
        if !same || self.converter.is_none() {
            self.keys = flat.0.iter().map(|(k, _)| k.to_string()).collect();
            let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
            // The first record must hold every mapped property; later ones may omit some.
            let columns = Columns::resolve(if self.index == 0 { self.plan } else { self.lenient }, &keys)?;
            match &mut self.converter {
                Some(c) => c.columns = columns,
                None => self.converter = Some(Converter::new(self.plan, columns, None)),
            }
        }
        let converter = self.converter.as_mut().expect("made above");
        converter.row(flat, self.index, self.builder)?;
        self.index += 1;
        Ok(())
    }
}

/// The top-level object (records under `key`) or a top-level array of records.
struct Top<'r, 'c, 'p>(&'r mut Reader<'c, 'p>, &'r str);

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with a \"{}\" array of records", self.1)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<Text<'de>>()? {
            if k.as_str() == self.1 && !self.0.found {
                self.0.found = true;
                map.next_value_seed(Array(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.found = true;
        Array(self.0).visit_seq(seq)
    }
}

struct Array<'r, 'c, 'p>(&'r mut Reader<'c, 'p>);

impl<'de> DeserializeSeed<'de> for Array<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Array<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(flat) = seq.next_element::<Flat<'de>>()? {
            if let Err(e) = self.0.record(&flat) {
                self.0.failure = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// Reads a CRM API answer into `b` through `plan` (whose `records` names the array, default
/// `results`/`records`/`data` as present; a top-level array is read as it is).
pub fn read_api(bytes: &[u8], plan: &Plan, chosen: &str, name: &str, b: &mut StoreBuilder) -> Result<SourceRead, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let key = match &plan.records {
        Some(k) => k.clone(),
        None => {
            let keys = top_keys(bytes);
            ["results", "records", "data"].iter().find(|k| keys.iter().any(|key| key == *k)).unwrap_or(&"records").to_string()
        }
    };
    let lenient = Plan { allow_missing: true, ..plan.clone() };
    let mut reader = Reader { plan, lenient: &lenient, converter: None, builder: b, keys: Vec::new(), index: 0, found: false, failure: None };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = de.deserialize_any(Top(&mut reader, &key)).and_then(|()| de.end());
    if let Some(e) = reader.failure.take() {
        return Err(e);
    }
    if let Err(e) = parsed {
        let message = format!("{} (line {}, column {})", super::json::strip_position(&e.to_string()), e.line(), e.column());
        return Err(InputError::new("invalid_json", "", message));
    }
    if !reader.found {
        return Err(InputError::new("invalid_mapping", "mapping.records", format!("the JSON has no \"{key}\" array of records")));
    }
    let (records, skipped, used, stages) = match &reader.converter {
        Some(c) => (c.records, c.skipped, c.columns.used(), c.stages()),
        None => (0, 0, Vec::new(), Vec::new()),
    };
    if skipped > 0 {
        reader.builder.warn("skipped_rows", format!("{name}: records whose status is listed under statusValues.skip were left out"), &format!("{skipped} records"));
    }
    let info = SourceInfo {
        name: name.to_string(),
        format: "crm_json".into(),
        kind: plan.kind.name().into(),
        preset: plan.preset.clone(),
        chosen: chosen.into(),
        separator: None,
        date_format: plan.date_formats.as_ref().and_then(|f| f.first()).map(|f| f.name().to_string()),
        records,
        skipped,
        columns: used,
    };
    Ok(SourceRead { info, stages })
}
