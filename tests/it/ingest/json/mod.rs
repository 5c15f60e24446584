//! Canonical JSON documents: the streaming reader, the fast record readers, unknown keys, the
//! split into byte ranges.

mod fast_records;
mod parts;
mod split;
mod stream;
mod unknown_keys;
