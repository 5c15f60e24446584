//! # spi-wasm
//!
//! Sales Performance Indicators (win rate, sales cycle, pipeline coverage, stage conversion,
//! response time, forecast accuracy, ...) computed from CRM data on the client: the data never
//! leaves the machine. This crate is the pure-Rust core; `wasm.rs` is its only WebAssembly
//! boundary and `bin/spi.rs` its command-line face.
//!
//! Data flows one way, and each layer uses only the layers before it (`tests/it/layers.rs` fails on
//! a `use` that points back up):
//! 1. the foundation: [`model`] (serde input types), [`error`], [`text`], [`time`], [`zone`],
//!    [`cadence`], [`retail_calendar`], [`calendar`];
//! 2. [`store`] (the ingested, interned form, with a memo of what the layers above derive from
//!    it), [`query`] and [`periods`];
//! 3. [`ingest`] (bytes -> store, and how each source was read);
//! 4. [`indicators`] (one module per family, and the per-indicator report rows);
//! 5. [`health`] (data checks, and the insights read from the figures);
//! 6. [`report`] (the one output shape);
//! 7. [`Dataset`], the public API, which assembles what ingest returns and runs the health checks
//!    once: load with [`Dataset::from_json`], [`Dataset::from_csv`] (CSV exports and CRM API JSON,
//!    presets chosen from the header) or [`Dataset::builder`] (several files), then call
//!    [`Dataset::report`] for every query;
//! 8. `wasm.rs` and `bin/spi.rs`, the two faces.
//!
//! ```
//! let data = br#"{"deals": [
//!   {"id": "D-1", "createdAt": "2026-01-05", "closedAt": "2026-02-01", "status": "won", "amount": 1000},
//!   {"id": "D-2", "createdAt": "2026-01-06", "closedAt": "2026-02-03", "status": "lost", "amount": 3000}
//! ]}"#;
//! let dataset = spi_wasm::Dataset::from_json(data).unwrap();
//! let query = spi_wasm::Query::from_json(br#"{"from": "2026-01-01", "to": "2026-04-01"}"#).unwrap();
//! let report = dataset.report(&query).unwrap();
//! let win_rate = report.indicators.iter().find(|i| i.id == "win_rate").unwrap();
//! assert_eq!(win_rate.figure.value, Some(0.5));
//! ```
#![warn(missing_docs)]
// Input must never panic the module (a panic aborts the whole Wasm instance): outside tests, no
// unwrap/expect/panic, no indexing or slicing that can fail, no string slicing off a char boundary.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

pub mod business_hours;
pub mod cadence;
pub mod calendar;
mod dataset;
mod json_path;
mod json_shape;
pub mod error;
pub mod generate;
pub mod health;
pub mod indicators;
pub mod ingest;
pub mod model;
pub mod periods;
pub mod query;
pub mod read_flags;
pub mod retail_calendar;
pub mod report;
mod pairs;
mod sort;
pub mod stats;
pub mod stats_km;
pub mod store;
pub mod text;
pub mod time;
mod unit_enum;
mod tzdb;
pub mod zone;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use dataset::{Dataset, Summary};
pub use error::{InputError, Warning};
pub use ingest::{DatasetSources, Mapping, SourceInfo};
pub use indicators::drill::DrillRequest;
pub use indicators::Drill;
pub use query::Query;
pub use report::Report;
