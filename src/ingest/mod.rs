//! Input readers: bytes (or any serde source) -> [`crate::store::Store`].
//!
//! - [`json`]: the canonical schema;
//! - [`csv`]: CSV exports, through a [`mapping::Mapping`] or a [`presets`] entry;
//! - [`api`]: CRM API responses (HubSpot, Salesforce, Pipedrive), read like CSV rows;
//! - [`sources`]: several files of any of these kinds into one dataset.

pub mod api;
pub mod csv;
pub mod json;
pub mod mapping;
pub mod presets;
pub mod sources;

pub use mapping::Mapping;
pub use sources::{DatasetSources, SourceInfo};
