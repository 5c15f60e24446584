//! Problems in real files, each a clear error or counted warning naming row and column.

/// The same behaviour checked by tests written independently, as a cross-check (were `tests/csv2_errors.rs`).
mod cross_check;
use crate::common;

use common::{close, indicator, query};
use spi_wasm::Dataset;

const MAVEN_HEADER: &str = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n";

#[test]
fn ambiguous_dates_ask_for_the_format() {
    // Every date has both parts <= 12: 03/04 could be March 4 or April 3.
    let csv = "Opportunity ID,Opportunity Name,Stage,Amount,Close Date,Created Date\n\
               A,One,Closed Won,100,03/04/2026,2026-01-02\n\
               B,Two,Closed Lost,200,05/06/2026,2026-02-03\n";
    let err = Dataset::from_csv(csv.as_bytes(), None).unwrap_err();
    assert_eq!((err.code(), err.path()), ("ambiguous_date", "mapping.dateFormat"));
    assert!(err.message().contains("column \"Close Date\""), "{err}");
    assert!(err.message().contains("\"03/04/2026\" (row 0)") && err.message().contains("dateFormat"), "{err}");
    // The mapping settles it: day first, so A closed on 3 April.
    let dataset = Dataset::from_csv(csv.as_bytes(), Some(r#"{"preset": "salesforce", "dateFormat": "DD/MM/YYYY"}"#)).unwrap();
    let report = dataset.report(&query(r#"{"from": "2026-04-01", "to": "2026-05-01"}"#)).unwrap();
    assert_eq!(indicator(&report, "win_rate").figure.sample_size, 1);
    close(indicator(&report, "win_rate").figure.value, 1.0);
}

#[test]
fn day_first_and_month_first_in_one_column_is_an_error() {
    let csv = format!("{MAVEN_HEADER}A,Ann,p,acc,Won,13-01-2026,20-02-2026,10\nB,Ann,p,acc,Won,01-13-2026,20-02-2026,10\n");
    let err = Dataset::from_csv(csv.as_bytes(), Some(r#"{"fields": {"id": "opportunity_id", "createdAt": "engage_date"}}"#)).unwrap_err();
    assert_eq!(err.code(), "ambiguous_date");
    assert!(err.message().contains("engage_date") && err.message().contains("mixes"), "{err}");
    // With the preset's DD-MM-YYYY, the month-first value is simply not a date: row and column named.
    let err = Dataset::from_csv(csv.as_bytes(), None).unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_value", "rows[1].engage_date"));
    assert!(err.message().starts_with("expected a date, got \"01-13-2026\""), "{err}");
}

#[test]
fn a_missing_mapped_column_names_it_and_lists_the_header() {
    let csv = "ID,Title,Value\n1,a,5\n";
    let mapping = r#"{"fields": {"id": "ID", "amount": ["Deal Value", "Amount"]}}"#;
    let err = Dataset::from_csv(csv.as_bytes(), Some(mapping)).unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_mapping", "mapping.fields.amount"));
    assert_eq!(err.message(), "column \"Deal Value\" or \"Amount\" not found in the file; its columns are: \"ID\", \"Title\", \"Value\"");
}

#[test]
fn mapping_mistakes_are_named() {
    let csv = b"ID,Amount\n1,5\n";
    let cases = [
        (r#"{"fields": {"amout": "Amount"}}"#, "mapping.fields.amout", "unknown canonical field \"amout\" for deals"),
        (r#"{"fieldz": {}}"#, "mapping.fieldz", "unknown field `fieldz`"),
        // Two-digit years (`DD-MM-YY`) are a format; one `Y` is not.
        (r#"{"dateFormat": "DD-MM-Y"}"#, "mapping.dateFormat[0]", "unknown date format \"DD-MM-Y\""),
        (r#"{"stages": [{"label": "Won", "kind": "victory"}]}"#, "mapping.stages[0].kind", "got \"victory\""),
        (r#"{"decimalSeparator": ",", "thousandsSeparator": ","}"#, "mapping.thousandsSeparator", "must differ"),
    ];
    for (mapping, path, message) in cases {
        let err = Dataset::from_csv(csv, Some(mapping)).unwrap_err();
        assert_eq!((err.code(), err.path()), ("invalid_mapping", path), "{mapping}");
        assert!(err.message().contains(message), "{mapping}: {err}");
    }
}

#[test]
fn a_stage_label_without_mapping_is_warned_with_its_count() {
    let csv = format!(
        "{MAVEN_HEADER}A,Ann,p,acc,Won,01-01-2017,01-03-2017,10\nB,Ann,p,acc,Negotiation,02-01-2017,,\nC,Bo,p,acc,Negotiation,03-01-2017,,\n"
    );
    let dataset = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    let warning = dataset.summary().warnings.into_iter().find(|w| w.code == "unmapped_stage").unwrap();
    assert_eq!(warning.count, 2);
    assert_eq!(warning.examples, ["B", "C"]);
    assert!(warning.message.contains("\"Negotiation\""), "{}", warning.message);
}

#[test]
fn a_value_like_12k_is_an_error_naming_row_and_column() {
    let csv = "Opportunity ID,Opportunity Name,Amount,Close Date\nA,One,\"1,200.50\",2026-01-05\nB,Two,12k,2026-01-06\n";
    let err = Dataset::from_csv(csv.as_bytes(), None).unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_value", "rows[1].Amount"));
    assert_eq!(err.to_string(), "rows[1].Amount: expected a number, got \"12k\" (line 3)");
    // A European amount is read as 1200.50 (its column settles to `,` decimals), never 1.2005;
    // under a mapping's `.` decimal it is refused.
    let eu = "Opportunity ID,Amount,Stage,Close Date\nA,\"1.200,50 €\",Closed Won,2026-01-05\n";
    assert_eq!(Dataset::from_csv(eu.as_bytes(), None).unwrap().store().deals[0].amount_original, 1200.5);
    let err = Dataset::from_csv(eu.as_bytes(), Some(r#"{"preset": "salesforce", "decimalSeparator": "."}"#)).unwrap_err();
    assert_eq!(err.path(), "rows[0].Amount");
    let ok = Dataset::from_csv(eu.as_bytes(), Some(r#"{"preset": "salesforce", "decimalSeparator": ","}"#)).unwrap();
    assert_eq!(ok.store().deals[0].amount_original, 1200.5);
}

#[test]
fn no_preset_for_an_unknown_header_says_what_to_do() {
    let err = Dataset::from_csv(b"foo,bar\n1,2\n", None).unwrap_err();
    assert_eq!(err.code(), "unknown_format");
    assert!(err.message().contains("\"foo\", \"bar\"") && err.message().contains("maven"), "{err}");
}

#[test]
fn rows_in_a_currency_without_rate_are_counted_naming_the_currency() {
    // Base USD, EUR at 1.1, GBP unknown: the two GBP deals are left out of amounts, counted.
    let csv = "Opportunity ID,Amount,Amount Currency,Won,Closed,Close Date\n\
               A,100,USD,1,1,2026-01-10\nB,100,EUR,1,1,2026-01-11\nC,100,GBP,1,1,2026-01-12\nD,50,GBP,0,1,2026-01-13\n";
    let mut sources = Dataset::builder();
    sources.csv(csv.as_bytes(), None).unwrap().json(br#"{"fx": {"EUR": 1.1}}"#).unwrap();
    let dataset = sources.finish().unwrap();
    let report = dataset.report(&query(r#"{"from": "2026-01-01", "to": "2026-02-01"}"#)).unwrap();
    let warning = report.warnings.iter().find(|w| w.code == "currency_without_rate").unwrap();
    assert!(warning.message.contains("GBP"), "{}", warning.message);
    assert_eq!((warning.count, warning.examples.clone()), (2, vec!["C".to_string(), "D".to_string()]));
    // Average won amount over the convertible won deals: (100 + 110) / 2.
    close(indicator(&report, "average_deal_size").figure.value, 105.0);
    close(indicator(&report, "win_rate").figure.value, 0.75);
}
