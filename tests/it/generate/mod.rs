//! The synthetic dataset generator (`spi_wasm::generate`): its shape, and properties on it.

mod properties;
mod shape;
