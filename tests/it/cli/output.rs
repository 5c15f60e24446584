//! The `spi` command line on fixtures: exact output, and exit code 2 with a useful message.

use std::process::Command;

fn spi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spi")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("spi runs")
}

#[test]
fn report_prints_the_library_report_exactly() {
    let out = spi(&["report", "--data", "tests/fixtures/cli_deals.json", "--query", "tests/fixtures/cli_query.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Independent route: the same report through the library, serialised by serde_json.
    let data = std::fs::read("tests/fixtures/cli_deals.json").unwrap();
    let query = spi_wasm::Query::from_json(&std::fs::read("tests/fixtures/cli_query.json").unwrap()).unwrap();
    let report = spi_wasm::Dataset::from_json(&data).unwrap().report(&query).unwrap();
    assert_eq!(stdout, serde_json::to_string(&report).unwrap() + "\n");
    // And the numbers by hand: 1 won of 2 closed; the one won deal is 900 EUR.
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let win = &json["indicators"][0];
    assert_eq!((win["id"].as_str(), win["value"].as_f64(), win["sampleSize"].as_u64()), (Some("win_rate"), Some(0.5), Some(2)));
    // Wilson 95% for 1 of 2: centre (0.5 + 1.9208/2) / (1 + 3.8415/2) = 0.5, half-width 0.4055.
    assert!((win["interval"]["low"].as_f64().unwrap() - 0.0945).abs() < 1e-4);
    assert_eq!(json["indicators"][1]["value"].as_f64(), Some(900.0));
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["query"]["previous"], serde_json::Value::Null);
}

#[test]
fn pretty_output_is_the_same_json() {
    let plain = spi(&["report", "--data", "tests/fixtures/cli_deals.json", "--query", "tests/fixtures/cli_query.json"]);
    let pretty = spi(&["report", "--data", "tests/fixtures/cli_deals.json", "--query", "tests/fixtures/cli_query.json", "--pretty"]);
    let a: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&pretty.stdout).unwrap();
    assert_eq!(a, b);
    assert!(pretty.stdout.len() > plain.stdout.len());
}

#[test]
fn bad_input_exits_2_naming_the_place() {
    let dir = std::env::temp_dir().join(format!("spi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"deals": [{"id": "a", "amount": 5}, {"id": "b", "amount": "12k"}]}"#).unwrap();
    let out = spi(&["report", "--data", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let first: serde_json::Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!(first["error"]["code"], "invalid_value");
    assert_eq!(first["error"]["path"], "deals[1].amount");
    assert!(stderr.contains("deals[1].amount: expected a number, got \"12k\""), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(spi(&["report"]).status.code(), Some(2));
    assert_eq!(spi(&["frobnicate"]).status.code(), Some(2));
    let missing = spi(&["report", "--data", "tests/fixtures/does-not-exist.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

/// A second file without its own `--data` (as the shell writes `--data *.csv`) or a misspelled
/// option is refused, not left out: the report would count less than it was given.
#[test]
fn report_refuses_what_it_would_not_read() {
    let data = "tests/fixtures/cli_deals.json";
    let stray = spi(&["report", "--data", data, "tests/fixtures/cli_query.json"]);
    assert_eq!(stray.status.code(), Some(2));
    assert!(stray.stdout.is_empty());
    assert!(String::from_utf8_lossy(&stray.stderr).contains("\"tests/fixtures/cli_query.json\": each file needs a --data of its own"), "{}", String::from_utf8_lossy(&stray.stderr));
    let misspelled = spi(&["report", "--data", data, "--querry", "tests/fixtures/cli_query.json"]);
    assert_eq!(misspelled.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&misspelled.stderr).contains("unknown argument \"--querry\""), "{}", String::from_utf8_lossy(&misspelled.stderr));
    let no_value = spi(&["report", "--data", data, "--threads"]);
    assert_eq!(no_value.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_value.stderr).contains("--threads needs a value"));
    // Every option the usage names still reads.
    let all = spi(&["report", "--data", data, "--query", "tests/fixtures/cli_query.json", "--threads", "1", "--pretty"]);
    assert!(all.status.success(), "{}", String::from_utf8_lossy(&all.stderr));
}

#[test]
fn a_read_that_gives_empty_figures_is_said_on_stderr() {
    let out = spi(&["report", "--data", "tests/fixtures/no_owner_no_date.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("check: 1 deal but no owner was read: nothing can be grouped by owner.\n"), "{stderr}");
    assert!(stderr.contains("check: No creation date was read:"), "{stderr}");
}
