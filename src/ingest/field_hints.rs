//! Unknown fields of canonical records that look like known ones: `closed_at` or `closeDate` for
//! `closedAt`, `Amount` for `amount`. The spec ignores unknown fields (CRM payloads carry many),
//! so such a field left the deals without close dates, or the report "as of 1970", and said
//! nothing of why. The first [`HINT_RECORDS`] records of each collection are looked at, and each
//! near miss is an `unknown_key` warning naming the field meant; the record is read as before.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Records of each collection looked at, from the start of the document: exports write every
/// record with one set of keys, and a field an early record lacks (`closedAt` of open deals)
/// usually shows within a few.
pub(crate) const HINT_RECORDS: usize = 100;

/// The fields a record type's serde derive reads (its `deserialize_struct` field list).
pub(crate) fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut names));
    names
}

/// The known field an unknown `key` of a record likely meant: the same but for case and `_`, `-`,
/// spaces, else the nearest within two edits (case aside), both keys of at least four letters.
/// A field the record holds already is no candidate (`record`: its keys, sorted, as
/// [`crate::ingest::api::top_level_keys`] gives them), nor, for a guess by edits, one another of
/// its keys spells: `createdBy` beside `createdAt` or `created_at` is another field, not a typo.
/// Cheap on wide records (a CRM payload's 200 custom fields): the record's keys are squeezed only
/// for the rare guess by edits.
pub(crate) fn meant(key: &str, known: &[&'static str], record: &[String]) -> Option<&'static str> {
    let (key, lower) = (squeeze(key), key.to_lowercase());
    let candidates = known.iter().copied().filter(|k| record.binary_search_by(|p| p.as_str().cmp(k)).is_err());
    if let Some(k) = candidates.clone().find(|k| squeeze(k) == key) {
        return Some(k);
    }
    let near = candidates.filter(|k| lower.len() >= 4 && k.len() >= 4 && k.len().abs_diff(lower.len()) <= 2);
    let (d, k) = near.map(|k| (crate::text::edit_distance(&lower, &k.to_lowercase()), k)).min_by_key(|&(d, _)| d)?;
    (d <= 2 && !record.iter().any(|p| squeeze(p) == squeeze(k))).then_some(k)
}

/// A key lowercased without `_`, `-` and spaces: `closed_at` and `closedAt` squeeze alike.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '_' | '-' | ' ')).collect::<String>().to_lowercase()
}

/// The warning's message: `"closed_at" is not a field of deals: ignored; did you mean "closedAt"?`.
pub(crate) fn message(key: &str, collection: &str, meant: &str) -> String {
    format!("{} is not a field of {collection}: ignored; did you mean \"{meant}\"?", crate::model::quote(key))
}

/// A deserializer that only records the field list a struct's `Deserialize` asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }
    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields read"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Deal;

    #[test]
    fn near_misses_name_the_field_and_other_fields_do_not() {
        let known = fields::<Deal>();
        assert!(known.contains(&"closedAt") && known.contains(&"lostReason"), "{known:?}");
        let none: [String; 0] = [];
        assert_eq!(meant("closed_at", known, &none), Some("closedAt"));
        assert_eq!(meant("CloseDate", known, &none), Some("closedAt"));
        assert_eq!(meant("Amount", known, &none), Some("amount"));
        assert_eq!(meant("ownerId", known, &none), Some("owner"));
        // Present already: another field. Short or far keys: no guess.
        assert_eq!(meant("ownerId", known, &["owner".to_string()]), None);
        assert_eq!(meant("createdBy", known, &["createdAt".to_string()]), None);
        assert_eq!(meant("createdBy", known, &["created_at".to_string()]), None);
        assert_eq!(meant("CreatedDate", known, &["CreatedById".to_string()]), Some("createdAt"));
        assert_eq!(meant("ids", known, &none), None);
        assert_eq!(meant("probability", known, &none), None);
    }
}
