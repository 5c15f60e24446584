//! Reading inputs: CSV exports and presets, CRM API answers, canonical JSON (streamed and the
//! fast record readers), value forms, duplicates, settings, and the real exports.

mod api;
mod csv;
mod duplicates;
mod export_formats;
mod json;
mod read_flags;
mod real_exports;
mod settings_merge;
mod settings_override;
mod values;
