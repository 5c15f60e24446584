//! Input readers: bytes (or any serde source) -> [`crate::store::Store`].
//!
//! - [`json`]: the canonical dataset;
//! - [`csv`]: CSV exports, read through a [`mapping::Mapping`] or a [`presets`] entry;
//! - [`api`]: the JSON answers of CRM APIs (HubSpot, Salesforce, Pipedrive), through the same mappings;
//! - [`sources`]: several inputs of any of these kinds into one dataset.

pub mod api;
pub mod csv;
pub mod fields;
pub mod json;
pub mod mapping;
pub mod presets;
pub mod sources;
pub mod values;
