//! Canonical JSON documents: the streaming reader, the fast record readers, unknown keys.

mod fast_records;
mod stream;
mod unknown_keys;
