//! Input readers: bytes (or any serde source) -> [`crate::store::Store`].

pub mod json;
