//! Inputs that used to panic (and so trap the whole Wasm instance) now give a structured error
//! or a report. Each case was found while turning on the crate's no-panic lints.

use crate::common;

use common::{close, dataset, indicator, query};
use spi_wasm::Dataset;

fn json_error(json: &str) -> (String, String) {
    let e = Dataset::from_json(json.as_bytes()).expect_err("input must be refused");
    (e.code().to_string(), e.path().to_string())
}

#[test]
fn a_currency_sign_inside_an_amount_is_a_number_error() {
    // `€` is three bytes: the old code sliced the first three bytes of "1€23" to look for a
    // currency code and cut the sign in half.
    let csv = "Opportunity ID,Opportunity Name,Amount,Close Date\nA,One,1€23,2026-01-05\n";
    let err = Dataset::from_csv(csv.as_bytes(), None).unwrap_err();
    assert_eq!(err.to_string(), "rows[0].Amount: expected a number, got \"1€23\" (line 2)");
    // A sign or a code at either end is still stripped: 1,200 + 300 + 40 = 1,540.
    let csv = "Opportunity ID,Opportunity Name,Amount,Close Date,Stage\n\
               A,One,€1200,2026-01-05,Closed Won\nB,Two,300 €,2026-01-06,Closed Won\nC,Three,EUR 40,2026-01-07,Closed Won\n";
    let data = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    let report = data.report(&query(r#"{"from": "2026-01-01", "to": "2026-02-01", "compare": null}"#)).unwrap();
    let size = &indicator(&report, "average_deal_size").figure;
    close(size.numerator, 1540.0);
    assert_eq!(size.sample_size, 3);
}

#[test]
fn epoch_milliseconds_beyond_year_9999_are_refused() {
    // 9e15 ms is about year 287,000: past chrono's range, it panicked when the report bucketed it.
    for created in [r#""9000000000000000""#, "9000000000000000", "-62167219200001", r#""253402300800000""#] {
        let json = format!(r#"{{"deals": [{{"id": "a", "createdAt": {created}}}]}}"#);
        assert_eq!(json_error(&json), ("invalid_value".into(), "deals[0].createdAt".into()), "{created}");
    }
}

#[test]
fn the_first_and_last_instants_of_four_digit_years_are_accepted() {
    // 253402300799999 = 9999-12-31T23:59:59.999Z, -62167219200000 = 0000-01-01T00:00:00Z.
    let json = r#"{"deals": [
        {"id": "a", "createdAt": -62167219200000, "closedAt": "0000-01-02", "status": "won", "amount": 5},
        {"id": "b", "createdAt": "9999-12-01", "closedAt": "253402300799999", "status": "lost", "amount": 7}
    ]}"#;
    let data = dataset(json);
    // asOf is the latest instant, so the default period is the quarter ending with year 9999.
    let report = data.report(&query("{}")).unwrap();
    let win_rate = &indicator(&report, "win_rate").figure;
    assert_eq!((win_rate.numerator, win_rate.denominator), (Some(0.0), Some(1.0)));
    let early = data.report(&query(r#"{"from": "0000-01-01", "to": "0000-02-01", "cadence": "month"}"#)).unwrap();
    close(indicator(&early, "win_rate").figure.value, 1.0);
}

#[test]
fn epoch_formats_in_a_csv_mapping_are_bounded_too() {
    let csv = "id,amount,status,createdAt\nD1,100,won,1e300\n";
    let err = Dataset::from_csv(csv.as_bytes(), Some(r#"{"dateFormat": "epoch_ms"}"#)).unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_value", "rows[0].createdAt"), "{err}");
}
