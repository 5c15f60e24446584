//! CSV exports: dialects, the presets on hand-made files, and the Maven sample.

mod formats;
mod maven;
mod presets;
