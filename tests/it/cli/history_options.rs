//! History-aware options reach the command line through the query JSON.

use std::process::Command;

#[test]
fn as_of_flow_and_variants_from_the_cli() {
    let out = Command::new(env!("CARGO_BIN_EXE_spi"))
        .args(["report", "--data", "tests/fixtures/beyond_history.json", "--query", "tests/fixtures/beyond_flow_query.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("spi runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["asOf"], "2026-03-03T00:00:00Z");
    assert_eq!(json["query"]["variants"]["fx"], "at_creation");
    assert_eq!(json["query"]["variants"]["owner"], "at_event");
    let flow = &json["indicators"][0];
    assert_eq!(flow["id"], "pipeline_flow");
    // As of 03-03 (see tests/it/indicators/flow.rs): end = D-4 300 + D-1 1000 + D-2 5000 + D-3 700.
    assert_eq!(flow["value"].as_f64(), Some(7000.0));
    assert_eq!(flow["stats"]["pushedOut"].as_f64(), Some(1000.0));
    assert!(json["indicators"][1]["stats"].get("kmMedian").is_some());
}
