//! Whether a CRM API response is one page of a longer result.
//!
//! CRM APIs return records a page at a time: Salesforce `done: false` with a `nextRecordsUrl`,
//! HubSpot `paging.next`, Pipedrive `additional_data.pagination.more_items_in_collection`, Zoho
//! `info.more_records`. A page read as if it were the whole result gives figures over part of the
//! data with nothing to show for it, so the reader keeps what the envelope says about the rest
//! (see [`crate::ingest::sources`], which warns unless the other pages were given too).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The top-level keys whose values say whether more pages follow (the others are skipped
/// unread).
pub const KEYS: [&str; 7] = ["done", "nextRecordsUrl", "totalSize", "total", "paging", "info", "additional_data"];

/// A small JSON value, read only under [`KEYS`]: enough to tell a flag, a count and a present
/// link apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string (its text is not needed: a link's presence is).
    Text,
    /// `null`.
    Null,
    /// An array, skipped.
    List,
    /// An object: its keys and their probes.
    Object(Vec<(String, Probe)>),
}

impl Probe {
    /// The value at a path of object keys.
    fn at(&self, path: &[&str]) -> Option<&Probe> {
        let Some((first, rest)) = path.split_first() else { return Some(self) };
        match self {
            Probe::Object(fields) => fields.iter().find(|(k, _)| k == first).and_then(|(_, v)| v.at(rest)),
            _ => None,
        }
    }
}

/// What an envelope says of the pages after this one.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// More records follow in later pages.
    pub more: bool,
    /// The records of the whole result, when the envelope says (Salesforce `totalSize`,
    /// HubSpot search `total`).
    pub total: Option<u64>,
    /// The envelope's words for "more follow", and where the next page is named.
    pub marker: &'static str,
}

impl Paging {
    /// What the top-level values under [`KEYS`] say; `None` when the envelope has no paging
    /// fields at all (a response that is not paged, or a file cut from one).
    pub fn of(found: &[(String, Probe)]) -> Option<Paging> {
        let get = |key: &str, path: &[&str]| found.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.at(path));
        let total = [get("totalSize", &[]), get("total", &[])].into_iter().flatten().find_map(|p| match p {
            // A record count: a whole number well inside u64.
            Probe::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e15 => Some(*n as u64),
            _ => None,
        });
        let is = |p: Option<&Probe>, value: bool| p == Some(&Probe::Bool(value));
        let present = |p: Option<&Probe>| p.is_some_and(|p| *p != Probe::Null);
        let salesforce = is(get("done", &[]), false) || matches!(get("nextRecordsUrl", &[]), Some(Probe::Text));
        let more = [
            (salesforce, "done: false; the next page is at nextRecordsUrl"),
            (present(get("paging", &["next"])), "paging.next is set; the next page starts at paging.next.after"),
            (is(get("additional_data", &["pagination", "more_items_in_collection"]), true), "more_items_in_collection: true; the next page starts at additional_data.pagination.next_start"),
            (is(get("info", &["more_records"]), true), "info.more_records: true; the next page is info.page + 1"),
        ];
        if let Some((_, marker)) = more.iter().find(|(yes, _)| *yes) {
            return Some(Paging { more: true, total, marker });
        }
        let paged = is(get("done", &[]), true)
            || get("paging", &[]).is_some()
            || get("additional_data", &["pagination"]).is_some()
            || get("info", &["more_records"]).is_some();
        paged.then_some(Paging { more: false, total, marker: "" })
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Probe;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Probe, E> {
                Ok(Probe::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Probe, E> {
                Ok(Probe::Number(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Probe, E> {
                Ok(Probe::Number(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Probe, E> {
                Ok(Probe::Number(v))
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Probe, E> {
                Ok(Probe::Text)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Probe, E> {
                Ok(Probe::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Probe, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Probe::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                let mut fields = Vec::new();
                while let Some(key) = map.next_key::<crate::model::Text<'de>>()? {
                    fields.push((key.as_str().to_string(), map.next_value::<Probe>()?));
                }
                Ok(Probe::Object(fields))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The probes of a JSON envelope's paging keys, as the reader collects them.
    fn paging(json: &str) -> Option<Paging> {
        let map: std::collections::BTreeMap<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        let found: Vec<(String, Probe)> =
            map.into_iter().filter(|(k, _)| KEYS.contains(&k.as_str())).map(|(k, v)| (k, serde_json::from_value::<Probe>(v).unwrap())).collect();
        Paging::of(&found)
    }

    #[test]
    fn each_crm_says_more_pages_its_own_way() {
        let sf = paging(r#"{"totalSize": 5, "done": false, "nextRecordsUrl": "/services/data/v59.0/query/01g-2000", "records": []}"#).unwrap();
        assert_eq!((sf.more, sf.total), (true, Some(5)));
        let last = paging(r#"{"totalSize": 5, "done": true, "records": []}"#).unwrap();
        assert_eq!((last.more, last.total), (false, Some(5)));
        let hubspot = paging(r#"{"total": 240, "results": [], "paging": {"next": {"after": "100", "link": "https://x"}}}"#).unwrap();
        assert_eq!((hubspot.more, hubspot.total), (true, Some(240)));
        assert!(!paging(r#"{"results": [], "paging": {}}"#).unwrap().more);
        let pipedrive = paging(r#"{"success": true, "data": [], "additional_data": {"pagination": {"start": 0, "limit": 100, "more_items_in_collection": true, "next_start": 100}}}"#);
        assert!(pipedrive.unwrap().more);
        assert!(!paging(r#"{"data": [], "additional_data": {"pagination": {"more_items_in_collection": false}}}"#).unwrap().more);
        assert!(paging(r#"{"data": [], "info": {"per_page": 200, "count": 200, "page": 1, "more_records": true}}"#).unwrap().more);
        // No paging fields: not a page (a file cut from a response, a hand-made list).
        assert_eq!(paging(r#"{"records": []}"#), None);
        assert_eq!(paging(r#"{"results": [], "total": 3}"#), None);
    }
}
