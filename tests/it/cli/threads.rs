//! `spi report --threads N`: a JSON file read in N parts (`SPI_SPLIT_MIN=0` splits even a small
//! file) prints the report and the errors of a one-pass read, byte for byte. That the split path
//! itself is taken and merges exactly is checked in `ingest::json::parts`.

use std::process::{Command, Output};

fn spi(data: &str, threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spi"))
        .args(["report", "--data", data, "--threads", threads])
        .env("SPI_SPLIT_MIN", "0")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("spi runs")
}

#[test]
fn parts_print_the_one_pass_report_and_errors() {
    let one = spi("tests/fixtures/small.json", "1");
    assert_eq!(one.status.code(), Some(0), "{}", String::from_utf8_lossy(&one.stderr));
    for threads in ["2", "3", "8"] {
        let parts = spi("tests/fixtures/small.json", threads);
        assert_eq!((parts.status.code(), &parts.stdout, &parts.stderr), (Some(0), &one.stdout, &one.stderr), "--threads {threads}");
    }
    // A trailing comma after the last deal: the same refusal, at the same place, either way.
    let dir = std::env::temp_dir().join(format!("spi-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"deals": [{"id": "a", "amount": 1}, {"id": "b", "amount": 2},]}"#).expect("write");
    let bad = bad.to_string_lossy().into_owned();
    let one = spi(&bad, "1");
    assert_eq!(one.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert!(stderr.contains("trailing comma"), "{stderr}");
    let parts = spi(&bad, "2");
    assert_eq!((parts.status.code(), parts.stderr), (Some(2), one.stderr));
    let usage = spi("tests/fixtures/small.json", "two");
    assert_ne!(usage.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("--threads: not a number"));
}
