//! The integration tests, one crate (one binary to link) with a folder per layer or feature;
//! `tests/README.md` has the map. Run one folder with `cargo test --test it ingest::csv`.

mod common;

mod cli;
mod errors;
mod generate;
mod health;
mod indicators;
mod ingest;
mod layers;
mod layout;
mod package;
mod report;
mod time;
