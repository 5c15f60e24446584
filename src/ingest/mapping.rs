//! How the columns of a CSV export (or the properties of a CRM API's JSON records) become
//! canonical fields. Users hold exports, not our schema: a [`Mapping`] is the small, plain-JSON
//! description that bridges the two, and every preset ([`crate::ingest::presets`]) is one. This
//! file holds the types only (a leaf the presets and the CSV plan read); reading one from text and
//! resolving its preset is `mapping_resolve`, which sits above the presets.
//!
//! ```json
//! {
//!   "preset": "salesforce",              // optional: start from a preset, override what follows
//!   "kind": "deals",                     // deals | leads | activities | contacts (default deals)
//!   "separator": ";",                    // CSV only; default: detected from the header line
//!   "recordsAt": "results",              // API JSON only: the top-level array of records
//!   "fields": { "amount": ["Amount", "Amount (converted)"], "owner": "Opportunity Owner" },
//!   "attributes": { "industry": "Industry" },
//!   "dateFormat": "DD/MM/YYYY",          // or a list tried in order; also "epoch_ms", "iso"
//!   "datesUtc": false,                   // date-times without an offset are UTC (not local)
//!   "decimalSeparator": ".", "thousandsSeparator": ",",
//!   "currency": "EUR",                   // fixed currency when there is no currency column
//!   "stages": [ { "label": "Closed Won", "id": "closed_won", "kind": "won" } ],
//!   "statusValues": { "won": ["Won"], "lost": ["Lost"], "open": ["Open"], "skip": ["Deleted"] },
//!   "history": { "prefix": "Date entered " },
//!   "settings": { "timeZone": "America/New_York", "fiscalYearStartMonth": 2 }
//! }
//! ```
//!
//! Each `fields` entry names one column or several (the first present in the file wins); column
//! names match case-insensitively with spaces collapsed. Besides the canonical fields of the
//! record kind, deals accept `won` and `closed` (boolean columns such as Salesforce's), and
//! `wonAt` / `lostAt` (used as the close date of won / lost deals when `closedAt` is empty).
//! Without `dateFormat`, ISO dates and epoch milliseconds are read as such and a column of
//! `NN-NN-YYYY` dates is settled by its values (a first part above 12 means day first); a column
//! that no value settles is an error asking for `dateFormat`: the engine never guesses.
//!
//! `settings` are the dataset's settings as the user chose them (the page's settings panel saves
//! them with the mapping it downloads): they win over settings found in the files, as
//! [`crate::ingest::DatasetSources::override_settings`] does.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Which collection the rows of a source become. Not the store's [`crate::store::Collection`]: a
/// record kind names what a source file holds, and three kinds (history, users, accounts) are
/// joined into the deals rather than kept; deals, leads, activities and contacts become the
/// collections of the same names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecordKind {
    /// Deals (opportunities).
    #[default]
    Deals,
    /// Leads.
    Leads,
    /// Activities (touches).
    Activities,
    /// Contacts.
    Contacts,
    /// Deal history rows from their own file (Salesforce `OpportunityHistory`,
    /// `OpportunityFieldHistory`, a warehouse's history table), joined to deals by `dealId`.
    History,
    /// Users (Salesforce `User`): `id` -> `name`, so that owner ids read as names.
    Users,
    /// Accounts: their region and attributes (industry) reach their deals.
    Accounts,
}

crate::unit_enum::unit_enum!(RecordKind, [
    Deals = "deals", Leads = "leads", Activities = "activities", Contacts = "contacts", History = "history", Users = "users", Accounts = "accounts",
]);

impl RecordKind {
    /// Every kind. The match below stops compiling when a kind is added, pointing here.
    pub const ALL: [RecordKind; 7] = {
        let _exhaustive = |k: RecordKind| match k {
            RecordKind::Deals
            | RecordKind::Leads
            | RecordKind::Activities
            | RecordKind::Contacts
            | RecordKind::History
            | RecordKind::Users
            | RecordKind::Accounts => (),
        };
        [
            RecordKind::Deals,
            RecordKind::Leads,
            RecordKind::Activities,
            RecordKind::Contacts,
            RecordKind::History,
            RecordKind::Users,
            RecordKind::Accounts,
        ]
    };

    /// The canonical fields a mapping may name for this kind.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            RecordKind::Deals => &[
                "id", "name", "owner", "team", "segment", "persona", "source", "region", "product", "accountId",
                "contactId", "leadId", "amount", "currency", "createdAt", "expectedCloseAt", "closedAt", "stage",
                "status", "forecastCategory", "lostReason", "won", "closed", "wonAt", "lostAt", "probability", "active", "deleted",
                "current", "validFrom", "recordType", "updatedAt",
            ],
            RecordKind::Leads => &[
                "id", "createdAt", "owner", "team", "source", "segment", "persona", "region", "contactId", "qualifiedAt",
                "convertedAt", "dealId", "converted", "deleted", "updatedAt",
            ],
            RecordKind::Activities => &[
                "id", "type", "at", "owner", "direction", "outcome", "dealId", "leadId", "contactId", "automated", "relatedId",
                "deleted",
            ],
            RecordKind::Contacts => {
                &["id", "email", "phone", "title", "company", "seniority", "enrichmentMatched", "enrichmentMatchedAt", "deleted"]
            }
            RecordKind::History => {
                &["dealId", "at", "stage", "amount", "expectedCloseAt", "owner", "forecastCategory", "field", "newValue", "deleted"]
            }
            RecordKind::Users => &["id", "name", "firstName", "lastName", "deleted"],
            RecordKind::Accounts => &["id", "name", "region", "deleted"],
        }
    }

    /// Fields that steer reading rather than fill a canonical field of the same name (a flag that
    /// skips deleted rows, the version columns of a warehouse's history mode, Odoo's
    /// probability-means-won): the canonical preset does not look for columns named after them.
    pub const STEERING: &'static [&'static str] = &[
        "probability", "active", "deleted", "current", "validFrom", "recordType",
        "converted", "relatedId", "field", "newValue", "firstName", "lastName",
    ];

    /// The collection name (`deals`, ...).
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Deals => "deals",
            RecordKind::Leads => "leads",
            RecordKind::Activities => "activities",
            RecordKind::Contacts => "contacts",
            RecordKind::History => "history",
            RecordKind::Users => "users",
            RecordKind::Accounts => "accounts",
        }
    }
}

/// Fields read as dates.
pub const DATE_FIELDS: &[&str] = &[
    "createdAt", "expectedCloseAt", "closedAt", "wonAt", "lostAt", "qualifiedAt", "convertedAt", "at", "enrichmentMatchedAt",
    "validFrom", "updatedAt",
];

/// One column name or a list of variants, the first present winning.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Columns(pub Vec<String>);

/// By hand rather than an untagged enum: serde buffers an untagged value before trying each
/// variant, and the error would then name neither the place inside (`fields.id[1]`) nor the kind
/// of value refused; a wrong type says "expected a column name or a list of names".
impl<'de> Deserialize<'de> for Columns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Columns;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a column name or a list of names")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Columns, E> {
                Ok(Columns(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Columns, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Columns(names))
            }
        }
        d.deserialize_any(V)
    }
}

/// A CRM stage label and what it means canonically.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StageMap {
    /// The label as the CRM writes it (matched case-insensitively).
    pub label: String,
    /// Canonical stage id (default: the label).
    #[serde(default)]
    pub id: Option<String>,
    /// `open`, `won` or `lost` (default: inferred from the id).
    #[serde(default)]
    pub kind: Option<String>,
    /// Win probability of the stage.
    #[serde(default)]
    pub probability: Option<f64>,
}

/// Values of the `status` column, by canonical status (matched case-insensitively).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct StatusValues {
    /// Values meaning won.
    pub won: Vec<String>,
    /// Values meaning lost.
    pub lost: Vec<String>,
    /// Values meaning open.
    pub open: Vec<String>,
    /// Values whose rows are skipped (counted in a warning), e.g. Pipedrive's `deleted`.
    pub skip: Vec<String>,
}

/// Stage history given as one date column per stage (`Date entered <stage>`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryColumns {
    /// Column-name prefix; the rest of the name is the stage label, less quotes and a trailing
    /// `(Pipeline name)`.
    pub prefix: String,
}

/// A column mapping (see the module documentation for the JSON form).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[allow(missing_docs)]
pub struct Mapping {
    pub preset: Option<String>,
    pub kind: Option<RecordKind>,
    pub separator: Option<String>,
    pub records_at: Option<String>,
    pub fields: BTreeMap<String, Columns>,
    pub attributes: BTreeMap<String, Columns>,
    pub date_format: Columns,
    pub dates_utc: Option<bool>,
    pub decimal_separator: Option<String>,
    pub thousands_separator: Option<String>,
    pub currency: Option<String>,
    pub stages: Vec<StageMap>,
    pub status_values: Option<StatusValues>,
    pub history: Option<HistoryColumns>,
    /// Dataset settings chosen by the user, which win over the files' (strict: an unknown key is
    /// an error at `mapping.settings.<key>`). Read only: the settings types are not serialized.
    #[serde(skip_serializing)]
    pub settings: Option<crate::model::Settings>,
    /// Fields whose columns may be absent (a preset's optional variants); a user's own fields
    /// must all be found.
    #[serde(skip)]
    pub(crate) optional: Names,
}

/// A set of names (fields, `attributes.<name>`) kept as a short list: a set's insert, remove,
/// contains and equality for the few dozen names of a preset, without a `BTreeSet<String>`
/// (its insert, remove and rebalancing were ~7 KB of Wasm).
#[derive(Debug, Clone, Default)]
pub(crate) struct Names(Vec<String>);

impl Names {
    /// Adds `name` unless present.
    pub(crate) fn insert(&mut self, name: String) {
        if !self.contains(&name) {
            self.0.push(name);
        }
    }

    /// Removes `name` if present.
    pub(crate) fn remove(&mut self, name: &str) {
        self.0.retain(|n| n != name);
    }

    /// True when `name` is in the set.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|n| n == name)
    }
}

/// Equal as sets: the same names in any order (each is held once).
impl PartialEq for Names {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().all(|n| other.contains(n))
    }
}

impl Mapping {
    /// The record kind (deals when not said).
    pub fn kind(&self) -> RecordKind {
        self.kind.unwrap_or_default()
    }
}
