//! Amounts as exports write them: currency codes and symbols, thousands separators, negatives
//! in parentheses; the decimal separator settled per column by its values, or refused.

use spi_wasm::ingest::csv::numbers::{NumberEvidence, NumberFormat};
use spi_wasm::Dataset;

fn decide(values: &[&str]) -> Result<NumberFormat, String> {
    let mut e = NumberEvidence::default();
    for (row, v) in values.iter().enumerate() {
        e.observe(row, v);
    }
    e.decide()
}

/// The file with a status and a date on every line: a file without them is refused as unusable.
fn dated(csv: &str) -> String {
    let mut lines = csv.lines();
    let header = format!("{},status,createdAt\n", lines.next().unwrap_or_default());
    header + &lines.map(|l| format!("{l},won,2024-01-01\n")).collect::<String>()
}

fn amounts(csv: &str) -> Vec<f64> {
    let d = Dataset::from_csv(dated(csv).as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    d.store().deals.iter().map(|d| d.amount_original).collect()
}

#[test]
fn codes_symbols_separators_and_negatives() {
    let us = NumberFormat::default();
    assert_eq!(us.read("$1,234.50"), Ok(Some(1234.5)));
    assert_eq!(us.read("USD 1,234"), Ok(Some(1234.0)));
    assert_eq!(us.read("(1,234.00)"), Ok(Some(-1234.0)));
    assert_eq!(us.read("-$5"), Ok(Some(-5.0)));
    assert_eq!(us.read("EUR 12"), Ok(Some(12.0)));
    let eu = NumberFormat::new(Some(","), None);
    assert_eq!(eu.read("1.234,00 €"), Ok(Some(1234.0)));
    assert_eq!(eu.read("€1.234,00"), Ok(Some(1234.0)));
    assert_eq!(eu.read("-1.234.567,5 EUR"), Ok(Some(-1_234_567.5)));
}

#[test]
fn a_column_settles_its_decimal_separator() {
    let comma = NumberFormat::new(Some(","), None);
    assert_eq!(decide(&["1.234,00 €", "1,234"]), Ok(comma));
    assert_eq!(decide(&["12,5"]), Ok(comma));
    assert_eq!(decide(&["1.234.567"]), Ok(comma));
    assert_eq!(decide(&["$1,234.50", "1,234"]), Ok(NumberFormat::default()));
    assert_eq!(decide(&["1,234,567", "1,234"]), Ok(NumberFormat::default()));
    assert_eq!(decide(&["0,123"]), Ok(comma));
    assert_eq!(decide(&["100", "", "(300)"]), Ok(NumberFormat::default()));
    let e = decide(&["1,234", "5,678"]).unwrap_err();
    assert!(e.contains("amounts such as \"1,234\" (row 0) that could be 1234 or 1.234, and"), "{e}");
    let e = decide(&["1.234,5", "1,234.5"]).unwrap_err();
    assert!(e.contains("mixes \".\" decimals (\"1,234.5\" in row 1) and \",\" decimals (\"1.234,5\" in row 0)"), "{e}");
}

#[test]
fn csv_amounts_read_per_their_column() {
    // 1.234,00 and 1.234 (a thousands group) are both 1234; 12,50 is 12.5.
    assert_eq!(amounts("id,amount\na,\"1.234,00 €\"\nb,€1.234\nc,\"12,50\"\n"), [1234.0, 1234.0, 12.5]);
    // (Negative deal amounts are screened out of the store later; -$5 is read in the unit test.)
    assert_eq!(amounts("id,amount\na,\"$1,234.50\"\nb,\"USD 1,234\"\nc,$5\n"), [1234.5, 1234.0, 5.0]);
    let e = Dataset::from_csv("id,amount\na,\"1,234\"\nb,\"2,000\"\n".as_bytes(), None).unwrap_err();
    assert_eq!((e.code(), e.path()), ("ambiguous_number", "mapping.decimalSeparator"));
    assert!(e.message().starts_with("column \"amount\" has"), "{}", e.message());
    // A mapping's separator is taken as given.
    let d = Dataset::from_csv(dated("id,amount\na,\"1,234\"\n").as_bytes(), Some(r#"{"preset": "canonical", "decimalSeparator": "."}"#)).unwrap();
    assert_eq!(d.store().deals[0].amount_original, 1234.0);
}
