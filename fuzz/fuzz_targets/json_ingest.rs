//! Arbitrary bytes -> `Dataset::from_json`: a dataset or a structured error, never a panic.
//! A dataset that was read must also summarise and report (cheaply) without panicking, and the
//! other front door (`Dataset::from_deserializer`, which the Wasm boundary uses on JS objects)
//! must read the same canonical document into the same summary. (A document `from_json` read as
//! a CRM API response, listed in `sources()`, is one the boundary sends to `from_json` as text.)
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use spi_wasm::Dataset;

fuzz_target!(|data: &[u8]| {
    match Dataset::from_json(data) {
        Ok(dataset) => {
            common::cheap_report(&dataset);
            let canonical = dataset.sources().is_empty();
            if let (true, Ok(value)) = (canonical, serde_json::from_slice::<serde_json::Value>(data)) {
                match Dataset::from_deserializer(&value) {
                    Ok(other) => assert_eq!(sorted(other.summary()), sorted(dataset.summary()), "from_deserializer disagrees"),
                    Err(e) => panic!("from_json read it, from_deserializer refused it: {e}"),
                }
            }
        }
        Err(e) => common::check_error(&e),
    }
});

/// A summary with its warnings sorted: they come in document order, and `serde_json::Value`
/// sorts an object's keys.
fn sorted(mut summary: spi_wasm::Summary) -> spi_wasm::Summary {
    summary.warnings.sort_by(|a, b| (a.code, &a.message).cmp(&(b.code, &b.message)));
    summary
}
