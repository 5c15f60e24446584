//! The one name of the record collections a dataset holds.
//!
//! A collection is the same thing wherever it appears: a top-level key of the canonical JSON
//! (`deals`), a vector of the [`super::Store`], the records an indicator counts (re-exported by
//! `indicators`; the published JSON keeps the key `table` for it, in the catalog and the drill),
//! the collection a health check names, and the rows the streaming reader reserves room for. It
//! lives here, in the store, so that every layer above reads one enum under one name.

use serde::{Deserialize, Serialize};

/// A collection of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// `deals`
    Deals,
    /// `leads`
    Leads,
    /// `activities`
    Activities,
    /// `contacts`
    Contacts,
    /// `quotas`
    Quotas,
    /// `forecasts`
    Forecasts,
}

impl Collection {
    /// Every collection, in the canonical document's order.
    pub const ALL: [Collection; 6] =
        [Collection::Deals, Collection::Leads, Collection::Activities, Collection::Contacts, Collection::Quotas, Collection::Forecasts];

    /// Its position in [`Collection::ALL`] (for per-collection counts kept in an array).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Its key in the canonical JSON document (as serde writes it).
    pub const fn key(self) -> &'static str {
        match self {
            Collection::Deals => "deals",
            Collection::Leads => "leads",
            Collection::Activities => "activities",
            Collection::Contacts => "contacts",
            Collection::Quotas => "quotas",
            Collection::Forecasts => "forecasts",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Collection;

    #[test]
    fn the_key_is_the_serde_name() {
        for c in Collection::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.key()));
        }
    }
}
