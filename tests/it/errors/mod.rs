//! Every error case in one place: the bad-input gallery, inputs that used to panic, the strict
//! readers at the boundary, CSV and ingest errors, and what fuzzing found. Each is a structured
//! error `{code, path, message}` or a counted warning, never a panic.

mod bad_inputs;
mod boundary_inputs;
mod csv;
mod fuzz_regressions;
mod ingest;
mod no_panic;
