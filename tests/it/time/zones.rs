//! IANA time zones against an independent route: the buckets Python's zoneinfo gives deals
//! created near local midnight and DST changes (tests/fixtures/tz/make_fixtures.py wrote them),
//! through the library and through the `spi` CLI.

use serde_json::Value;
use spi_wasm::time::parse_time;
use spi_wasm::zone::parse_time_zone;
use spi_wasm::{Dataset, Query};
use std::collections::BTreeMap;
use std::process::Command;

fn read(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn expected() -> Value {
    serde_json::from_slice(&read("tests/fixtures/tz/expected.json")).unwrap()
}

/// (bucket, count) of every bucket the fixture expects for `zone` at `cadence` ("days"/"months").
fn counts(zone: &Value, key: &str) -> BTreeMap<String, f64> {
    zone[key].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_f64().unwrap())).collect()
}

/// Asserts a series (bucket label, value) holds exactly the expected counts, zero elsewhere.
fn assert_series(name: &str, series: &[(String, f64)], want: &BTreeMap<String, f64>, buckets: usize) {
    assert_eq!(series.len(), buckets, "{name}: bucket count");
    for (bucket, value) in series {
        assert_eq!(*value, want.get(bucket).copied().unwrap_or(0.0), "{name}: bucket {bucket}");
    }
    let total: f64 = series.iter().map(|s| s.1).sum();
    assert_eq!(total, want.values().sum::<f64>(), "{name}: every probe in a bucket");
}

fn library_series(data: &[u8], cadence: &str) -> Vec<(String, f64)> {
    let query = Query::from_json(&read(&format!("tests/fixtures/tz/query_{cadence}.json"))).unwrap();
    let report = Dataset::from_json(data).unwrap().report(&query).unwrap();
    let created = report.indicators.iter().find(|i| i.id == "pipeline_created").unwrap();
    created.series.iter().map(|p| (p.bucket.clone(), p.figure.value.unwrap())).collect()
}

#[test]
fn fixtures_cover_the_zones_the_issue_names() {
    let e = expected();
    let zones: Vec<&str> = e["zones"].as_array().unwrap().iter().map(|z| z["zone"].as_str().unwrap()).collect();
    assert_eq!(zones, ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "Australia/Sydney", "America/Santiago"]);
    // Two changes a year where there is daylight saving, none in Kathmandu.
    let changes: Vec<usize> = e["zones"].as_array().unwrap().iter().map(|z| z["changes"].as_array().unwrap().len()).collect();
    assert_eq!(changes, [2, 2, 2, 0, 2, 2]);
}

#[test]
fn day_and_month_buckets_match_zoneinfo() {
    for zone in expected()["zones"].as_array().unwrap() {
        let name = zone["zone"].as_str().unwrap();
        let data = read(zone["data"].as_str().unwrap());
        assert_series(&format!("{name} days"), &library_series(&data, "day"), &counts(zone, "days"), 365);
        assert_series(&format!("{name} months"), &library_series(&data, "month"), &counts(zone, "months"), 12);
    }
}

#[test]
fn wall_clock_times_match_zoneinfo_in_the_gap_and_the_repeated_hour() {
    for zone in expected()["zones"].as_array().unwrap() {
        let tz = parse_time_zone(zone["zone"].as_str().unwrap()).unwrap();
        for pair in zone["walls"].as_array().unwrap() {
            let (wall, want) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            let got = tz.local_to_utc(parse_time(wall).unwrap().ms);
            assert_eq!(spi_wasm::time::format_instant(got), want.replace(".000Z", "Z"), "{} {wall}", zone["zone"]);
        }
    }
}

#[test]
fn a_date_alone_is_local_midnight_and_a_gap_time_moves_forward() {
    // New York springs forward at 02:00 on 2026-03-08: a deal created "02:30" that night was
    // created at 03:30 EDT (07:30Z), RFC 5545's reading; "2026-03-08" alone is 00:00 EST (05:00Z).
    let data = br#"{"settings": {"timeZone": "America/New_York", "asOf": "2026-04-01"}, "deals": [
      {"id": "gap", "createdAt": "2026-03-08T02:30:00", "amount": 1},
      {"id": "date", "createdAt": "2026-03-08", "amount": 2}]}"#;
    let dataset = Dataset::from_json(data).unwrap();
    // An hour-long period starting 07:30Z holds the gap deal; the one before it does not.
    let q = |from: &str, to: &str| Query::from_json(format!(r#"{{"from": "{from}", "to": "{to}", "indicators": ["pipeline_created"]}}"#).as_bytes()).unwrap();
    let value = |from, to| dataset.report(&q(from, to)).unwrap().indicators[0].figure.value;
    assert_eq!(value("2026-03-08T07:30:00Z", "2026-03-08T08:30:00Z"), Some(1.0));
    assert_eq!(value("2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"), Some(0.0));
    assert_eq!(value("2026-03-08T05:00:00Z", "2026-03-08T05:00:00.001Z"), Some(2.0));
}

#[test]
fn an_unknown_zone_names_the_close_ones() {
    let data = br#"{"settings": {"timeZone": "America/New_Yrok"}, "deals": []}"#;
    let err = Dataset::from_json(data).unwrap_err();
    assert_eq!((err.code(), err.path()), ("unsupported_time_zone", "settings.timeZone"));
    assert!(err.message().contains("did you mean \"America/New_York\""), "{}", err.message());
    // Fixed offsets keep working.
    assert!(Dataset::from_json(br#"{"settings": {"timeZone": "-05:00"}, "deals": []}"#).is_ok());
}

fn cli_series(data: &str, cadence: &str) -> Vec<(String, f64)> {
    let query = format!("tests/fixtures/tz/query_{cadence}.json");
    let out = Command::new(env!("CARGO_BIN_EXE_spi"))
        .args(["report", "--data", data, "--query", &query])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let created = json["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "pipeline_created").unwrap();
    created["series"].as_array().unwrap().iter().map(|p| (p["bucket"].as_str().unwrap().to_string(), p["value"].as_f64().unwrap())).collect()
}

#[test]
fn the_cli_gives_zoneinfo_buckets_too() {
    for zone in expected()["zones"].as_array().unwrap() {
        let name = zone["zone"].as_str().unwrap();
        let data = zone["data"].as_str().unwrap();
        assert_series(&format!("{name} days (CLI)"), &cli_series(data, "day"), &counts(zone, "days"), 365);
        assert_series(&format!("{name} months (CLI)"), &cli_series(data, "month"), &counts(zone, "months"), 12);
    }
}

/// FNV-1a, 64 bit (as tests/fixtures/tz/all_zones.py computes it).
fn fnv(text: &str) -> String {
    let hash = text.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3));
    format!("{hash:016x}")
}

#[test]
fn every_zone_changes_offset_when_zoneinfo_does_from_1970_to_2040() {
    // The same scan as all_zones.py: the offset at 00:00Z of each day, bisected to the second
    // where two days differ (see that script's doc).
    let fixture: Value = serde_json::from_slice(&read("tests/fixtures/tz/all_zones.json")).unwrap();
    let zones = fixture["zones"].as_object().unwrap();
    assert!(zones.len() > 590, "{}", zones.len());
    let (from_day, to_day) = (0i64, 25_567i64); // 1970-01-01 .. 2040-01-01
    let mut wrong = Vec::new();
    for (name, want) in zones {
        let tz = parse_time_zone(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let offset = |s: i64| tz.offset_at(s * 1000) / 1000;
        let mut found = String::new();
        let mut count = 0;
        let mut before = offset(0);
        for day in from_day..to_day {
            let (mut lo, mut hi) = (day * 86_400, (day + 1) * 86_400);
            let after = offset(hi);
            if after != before {
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2;
                    if offset(mid) == before { lo = mid } else { hi = mid }
                }
                found.push_str(&format!("{hi}:{after};"));
                count += 1;
            }
            before = after;
        }
        if fnv(&found) != want["digest"].as_str().unwrap() || count != want["changes"].as_u64().unwrap() {
            wrong.push(format!("{name} ({count} changes, zoneinfo {})", want["changes"]));
        }
    }
    assert!(wrong.is_empty(), "{} zones differ from zoneinfo: {}", wrong.len(), wrong.join(", "));
}
