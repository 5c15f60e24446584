//! Settings the user gives (`override_settings`, a mapping's `settings`, `spi report --settings`)
//! win over the settings found in the files, field by field, instead of conflicting with them.
//!
//! Hand-worked data: D1 created and won 2026-03-01T03:00Z, D2 created and won 2026-03-15T12:00Z,
//! D3 created 2026-02-10T12:00Z and lost 2026-02-20T12:00Z (amounts 100, 50, 30). For February:
//! - in UTC, only D3 falls in it: pipeline created 30, win rate 0 of 1 closed;
//! - in America/New_York (EST, UTC-5 until the DST change of 2026-03-08), February is
//!   02-01T05:00Z .. 03-01T05:00Z, and D1 (2026-02-28 22:00 local) joins it: pipeline created
//!   100 + 30 = 130, win rate 1 won of 2 closed = 0.5.

use serde_json::Value;
use spi_wasm::{Dataset, Mapping, Query};
use std::process::Command;

const DEALS: &str = "id,status,amount,createdAt,closedAt\n\
D1,won,100,2026-03-01T03:00:00Z,2026-03-01T03:00:00Z\n\
D2,won,50,2026-03-15T12:00:00Z,2026-03-15T12:00:00Z\n\
D3,lost,30,2026-02-10T12:00:00Z,2026-02-20T12:00:00Z\n";
const FILE_SETTINGS: &str = r#"{"settings": {"timeZone": "UTC", "currency": "EUR", "fiscalYearStartMonth": 1}}"#;
const FEBRUARY: &str = r#"{"from": "2026-02-01", "to": "2026-03-01"}"#;

fn settings(json: &str) -> spi_wasm::model::Settings {
    spi_wasm::ingest::settings::parse(json.as_bytes()).unwrap()
}

/// (pipeline_created, win_rate) for February.
fn february(dataset: &Dataset) -> (f64, f64) {
    let report = serde_json::to_value(dataset.report(&Query::from_json(FEBRUARY.as_bytes()).unwrap()).unwrap()).unwrap();
    let value = |id: &str| report["indicators"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap()["value"].as_f64().unwrap();
    (value("pipeline_created"), value("win_rate"))
}

fn load(mapping: Option<&Mapping>, user: Option<&str>) -> Result<Dataset, spi_wasm::InputError> {
    let mut sources = Dataset::builder();
    if let Some(user) = user {
        // Given before the files: the override applies at finish, whatever the order.
        sources.override_settings(settings(user));
    }
    sources.add(Some("deals.csv"), DEALS.as_bytes(), mapping)?;
    sources.add(Some("settings.json"), FILE_SETTINGS.as_bytes(), None)?;
    sources.finish()
}

#[test]
fn without_an_override_the_files_settings_apply() {
    let d = load(None, None).unwrap();
    assert_eq!(february(&d), (30.0, 0.0));
    assert_eq!(d.store().settings.currency, "EUR");
}

#[test]
fn the_users_time_zone_wins_over_the_files_and_moves_d1_into_february() {
    let d = load(None, Some(r#"{"timeZone": "America/New_York"}"#)).unwrap();
    assert_eq!(february(&d), (130.0, 0.5));
    // Fields the user left alone keep the files' values.
    assert_eq!(d.store().settings.currency, "EUR");
    assert_eq!(d.summary().time_zone, "America/New_York");
}

#[test]
fn the_users_fiscal_year_start_wins_over_the_files() {
    let d = load(None, Some(r#"{"fiscalYearStartMonth": 2}"#)).unwrap();
    // asOf is the latest instant, 2026-03-15T12:00Z (UTC, from the file). A fiscal year from
    // February has quarters Feb-Apr, Nov-Jan...: the last full quarter is 2025-11-01 .. 2026-02-01;
    // from January (the file's) it is 2025-10-01 .. 2026-01-01.
    let last_quarter = |d: &Dataset| {
        let periods = spi_wasm::periods::named_periods_at(d.store(), None).unwrap();
        let p = periods.into_iter().find(|p| p.id == "last_quarter").unwrap();
        (p.from, p.to)
    };
    assert_eq!(last_quarter(&d), ("2025-11-01T00:00:00Z".to_string(), "2026-02-01T00:00:00Z".to_string()));
    assert_eq!(last_quarter(&load(None, None).unwrap()), ("2025-10-01T00:00:00Z".to_string(), "2026-01-01T00:00:00Z".to_string()));
}

#[test]
fn a_mappings_settings_win_over_the_files_and_the_users_win_over_the_mappings() {
    let mapping = Mapping::parse(r#"{"settings": {"timeZone": "America/New_York", "currency": "USD"}}"#).unwrap();
    let d = load(Some(&mapping), None).unwrap();
    assert_eq!(february(&d), (130.0, 0.5));
    assert_eq!(d.store().settings.currency, "USD");
    let d = load(Some(&mapping), Some(r#"{"timeZone": "UTC"}"#)).unwrap();
    assert_eq!(february(&d), (30.0, 0.0));
    assert_eq!(d.store().settings.currency, "USD");
}

#[test]
fn a_mapping_with_a_preset_keeps_its_settings() {
    let mapping = Mapping::parse(r#"{"preset": "canonical", "settings": {"timeZone": "America/New_York"}}"#).unwrap();
    assert_eq!(mapping.settings.as_ref().and_then(|s| s.time_zone.as_deref()), Some("America/New_York"));
}

#[test]
fn settings_are_strict_everywhere() {
    let e = spi_wasm::ingest::settings::parse(br#"{"timeZone": "UTC", "asof": "2026-01-01"}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_value", "settings.asof"));
    let e = spi_wasm::ingest::settings::parse(br#"{"fiscalYearStartMonth": "two"}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_value", "settings.fiscalYearStartMonth"));
    let e = Mapping::parse(r#"{"settings": {"timezone": "UTC"}}"#).unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_mapping", "mapping.settings.timezone"));
    // A value checked when the dataset is built: the override is checked as the files' are.
    let e = load(None, Some(r#"{"timeZone": "America/New_Yrok"}"#)).err().unwrap();
    assert_eq!((e.code(), e.path()), ("unsupported_time_zone", "settings.timeZone"));
    let e = load(None, Some(r#"{"fiscalYearStartMonth": 13}"#)).err().unwrap();
    assert_eq!(e.path(), "settings.fiscalYearStartMonth");
}

#[test]
fn two_mappings_that_disagree_are_refused_naming_both() {
    let a = Mapping::parse(r#"{"settings": {"currency": "USD"}}"#).unwrap();
    let b = Mapping::parse(r#"{"settings": {"currency": "EUR"}}"#).unwrap();
    let mut sources = Dataset::builder();
    sources.add(Some("a.csv"), DEALS.as_bytes(), Some(&a)).unwrap();
    let e = sources.add(Some("b.csv"), DEALS.as_bytes(), Some(&b)).err().unwrap();
    assert_eq!((e.code(), e.path()), ("conflicting_settings", "mapping.settings.currency"));
    assert_eq!(e.message(), "\"USD\" in the mapping of \"a.csv\" and \"EUR\" in the mapping of \"b.csv\": give it once, or the same value in every file");
}

fn dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("spi-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn spi(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_spi")).args(args).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn cli_february(report: &Value) -> (f64, f64) {
    let value = |id: &str| report["indicators"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap()["value"].as_f64().unwrap();
    (value("pipeline_created"), value("win_rate"))
}

#[test]
fn cli_settings_file_in_either_form_wins_and_a_mapping_file_carries_settings() {
    let d = dir();
    let write = |name: &str, text: &str| {
        let path = d.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (deals, file_settings, query) = (write("deals.csv", DEALS), write("settings.json", FILE_SETTINGS), write("query.json", FEBRUARY));
    let bare = write("user.json", r#"{"timeZone": "America/New_York"}"#);
    let wrapped = write("user-wrapped.json", r#"{"settings": {"timeZone": "America/New_York"}}"#);
    let mapping = write("deals.mapping.json", r#"{"settings": {"timeZone": "America/New_York"}}"#);
    let base = ["report", "--data", &deals, "--data", &file_settings, "--query", &query];

    let (code, report, stderr) = spi(&base);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(cli_february(&report), (30.0, 0.0));
    for user in [&bare, &wrapped] {
        let (code, report, stderr) = spi(&[&base[..], &["--settings", user]].concat());
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(cli_february(&report), (130.0, 0.5), "{user}");
        assert_eq!(report["query"]["from"], "2026-02-01T05:00:00Z");
    }
    let (code, report, stderr) = spi(&["report", "--data", &deals, "--mapping", &mapping, "--data", &file_settings, "--query", &query]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(cli_february(&report), (130.0, 0.5));

    let bad = write("bad.json", r#"{"settings": {"timeZone": "UTC", "asof": "2026-01-01"}}"#);
    let (code, _, stderr) = spi(&[&base[..], &["--settings", &bad]].concat());
    assert_eq!(code, 2);
    let error: Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!((error["error"]["code"].as_str(), error["error"]["path"].as_str()), (Some("invalid_value"), Some("settings.asof")));
}
