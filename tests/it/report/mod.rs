//! The report as a whole: properties over generated datasets and re-queries on a loaded dataset.

mod history_properties;
mod properties;
mod requery_cache;
mod split_merge;
