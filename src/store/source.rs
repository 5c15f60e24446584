//! Where each input of a dataset came from and how it was read, so a page or the CLI can say
//! "deals.csv: 8,800 deals, Maven preset (detected from the header)".

use serde::Serialize;

/// One input file or byte buffer of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    /// File name, or `source N` when the caller gave none.
    pub name: String,
    /// `json` (canonical dataset), `csv`, or `crm_json` (a CRM API answer).
    pub format: String,
    /// What the records are: `dataset` for canonical JSON, else `deals`, `leads`, `activities`, `contacts`.
    pub kind: String,
    /// Preset used (`maven`, `salesforce`, `hubspot`, `pipedrive`, `hubspot_api`, ...), if any.
    pub preset: Option<String>,
    /// How the reading was chosen: `canonical`, `detected` (preset chosen from the header or
    /// keys), `named` (preset named by the caller), `mapping` (a mapping, possibly extending a preset).
    pub chosen: String,
    /// Field separator of a CSV (`,`, `;`, `\t`).
    pub separator: Option<String>,
    /// Date order used for `a/b/yyyy` dates (`DD-MM-YYYY`, `MM-DD-YYYY`), declared or proven.
    pub date_format: Option<String>,
    /// Records read.
    pub records: usize,
    /// Rows skipped (e.g. deleted deals).
    pub skipped: usize,
    /// Canonical field -> the column it was read from.
    pub columns: Vec<(String, String)>,
}
