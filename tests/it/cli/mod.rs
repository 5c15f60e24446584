//! The `spi` command line: exact output, exit codes, CSV and JSON files together, query options.

mod csv;
mod history_options;
mod output;
mod threads;
