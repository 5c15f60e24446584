//! Input readers: bytes (or any serde source) -> [`crate::store::Store`].
//!
//! - [`json`]: the canonical schema;
//! - [`csv`]: CSV exports, through a [`mapping::Mapping`] or a [`presets`] entry;
//! - [`api`]: CRM API responses (HubSpot, Salesforce, Pipedrive), read like CSV rows;
//! - [`settings`]: settings a user gives beside the data, which win over the files';
//! - [`sources`]: several files of any of these kinds into one dataset;
//! - [`stream`]: the canonical JSON read chunk by chunk (the JSON reader itself).

pub mod api;
pub mod api_paging;
pub(crate) mod collections;
pub mod coverage;
pub mod csv;
pub mod detect;
pub(crate) mod field_hints;
pub mod json;
pub mod mapping;
mod mapping_resolve;
pub mod presets;
pub mod settings;
pub mod sources;
pub mod stream;
mod utf16;

pub use mapping::Mapping;

/// The input without a leading UTF-8 byte-order mark (spreadsheet tools write one).
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}
pub use sources::{DatasetSources, SourceInfo};
