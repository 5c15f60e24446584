//! Amounts as exports write them: currency codes and symbols, thousands separators, negatives
//! in parentheses; the decimal separator settled per column by its values, or refused.

use spi_wasm::ingest::csv::numbers::{NumberEvidence, NumberFormat};
use spi_wasm::Dataset;

use crate::common;

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

/// A multi-currency export writes each amount in its deal's own currency (a Salesforce report:
/// `GBP 12,000.00`). The code, or a symbol only one currency writes, is the deal's currency,
/// converted with `fx`: never its digits added to the others' as the base currency.
#[test]
fn an_amount_names_its_currency() {
    let eu = NumberFormat::new(Some(","), None);
    assert_eq!(eu.read_amount("1.234,00 €"), Ok(Some((1234.0, Some("EUR")))));
    assert_eq!(eu.read_amount("(GBP 300)"), Ok(Some((-300.0, Some("GBP")))));
    assert_eq!(eu.read_amount("-£5"), Ok(Some((-5.0, Some("GBP")))));
    let us = NumberFormat::default();
    // `$` and `¥` are written by several currencies: they name themselves (below).
    assert_eq!(us.read_amount("$1,234.50"), Ok(Some((1234.5, Some("$")))));
    assert_eq!(us.read_amount("¥500"), Ok(Some((500.0, Some("¥")))));
    assert_eq!(us.read_amount("1,234 USD"), Ok(Some((1234.0, Some("USD")))));

    let deals = "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n\
                 Ann,A,Closed Won,\"GBP 12,000.00\",1/15/2024,12/16/2023\n\
                 Ann,B,Closed Lost,\"EUR 8,000.00\",2/20/2024,1/6/2024\n\
                 Bob,C,Closed Won,\"USD 5,500.00\",3/10/2024,2/19/2024\n\
                 Bob,D,Closed Won,\"$1,000.00\",3/12/2024,2/19/2024\n";
    let q = common::query(r#"{"from":"2024-01-01","to":"2024-07-01","indicators":["win_rate","average_deal_size"]}"#);
    // With rates: (12,000 x 1.25 + 5,500 + 1,000) / 3 won deals.
    let d = common::build(&[("deals.csv", deals.as_bytes(), None), ("fx.json", br#"{"fx":{"GBP":1.25,"EUR":1.1}}"#, None)]).unwrap();
    let r = d.report(&q).unwrap();
    common::close(common::indicator(&r, "average_deal_size").figure.value, 21_500.0 / 3.0);
    common::close(common::indicator(&r, "win_rate").figure.value, 0.75);
    assert!(r.warnings.iter().all(|w| w.code != "currency_without_rate"));
    // Without: the pound and euro deals leave the amounts, each counted; USD 5,500 and $1,000 stay.
    let r = common::build(&[("deals.csv", deals.as_bytes(), None)]).unwrap().report(&q).unwrap();
    common::close(common::indicator(&r, "average_deal_size").figure.value, 3_250.0);
    let missing: Vec<(&str, u64)> =
        r.warnings.iter().filter(|w| w.code == "currency_without_rate").map(|w| (&w.message[9..12], w.count)).collect();
    assert_eq!(missing, [("GBP", 1), ("EUR", 1)]);
}

/// With no currency setting and no `fx`, deals that all name one currency read in it: a file of
/// euro amounts gives euro figures, not every amount left out for want of a euro-to-dollar rate.
/// Rates given are rates to the default base, USD, which they keep.
#[test]
fn deals_of_one_currency_make_it_the_base() {
    let deals = "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n\
                 Ann,A,Closed Won,\"12.000,00 €\",15.01.2024,16.12.2023\n\
                 Bob,C,Closed Won,\"5.500 €\",10.03.2024,19.02.2024\n\
                 Bob,D,Closed Won,\"1.000,50\",12.03.2024,19.02.2024\n";
    let q = common::query(r#"{"from":"2024-01-01","to":"2024-07-01","indicators":["average_deal_size"]}"#);
    let r = common::build(&[("deals.csv", deals.as_bytes(), None)]).unwrap().report(&q).unwrap();
    assert_eq!(r.currency, "EUR");
    common::close(common::indicator(&r, "average_deal_size").figure.value, (12_000.0 + 5_500.0 + 1_000.5) / 3.0);
    assert!(r.warnings.iter().all(|w| w.code != "currency_without_rate"));
    let r = common::build(&[("deals.csv", deals.as_bytes(), None), ("fx.json", br#"{"fx":{"EUR":1.1}}"#, None)]).unwrap().report(&q).unwrap();
    assert_eq!(r.currency, "USD");
    common::close(common::indicator(&r, "average_deal_size").figure.value, (13_200.0 + 6_050.0 + 1_000.5) / 3.0);
    let r = common::build(&[("deals.csv", deals.as_bytes(), None), ("settings.json", br#"{"settings":{"currency":"USD"}}"#, None)]).unwrap().report(&q).unwrap();
    common::close(common::indicator(&r, "average_deal_size").figure.value, 1_000.5);
    // A currency column writing the code in two cases names one currency, as conversion reads it.
    let cased = "id,amount,currency,status,createdAt,closedAt\na,100,EUR,won,2024-01-02,2024-02-01\nb,300,eur,won,2024-01-02,2024-02-01\n";
    let r = common::build(&[("deals.csv", cased.as_bytes(), None)]).unwrap().report(&q).unwrap();
    assert_eq!(r.currency, "EUR");
    common::close(common::indicator(&r, "average_deal_size").figure.value, 200.0);
}

/// `$` is written by several currencies. It is the base currency when the base writes `$` (the
/// default USD, or CAD for a Canadian team), the currency column's when one is given, and never
/// read as euros: with a EUR base, `$` amounts are left out and counted, naming what to give.
#[test]
fn a_dollar_amount_is_never_read_in_a_currency_that_does_not_write_dollars() {
    let deals = "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n\
                 Ann,A,Closed Won,\"$1,000.00\",3/12/2024,2/19/2024\n\
                 Bob,B,Closed Won,3000,3/14/2024,2/19/2024\n";
    let q = common::query(r#"{"from":"2024-01-01","to":"2024-07-01","indicators":["average_deal_size"]}"#);
    let report = |settings: &str| {
        let d = common::build(&[("deals.csv", deals.as_bytes(), None), ("settings.json", settings.as_bytes(), None)]).unwrap();
        d.report(&q).unwrap()
    };
    let check = |r: &spi_wasm::report::Report| r.health.iter().find(|c| c.id == "currency_without_rate").map(|c| (c.count, c.action.clone()));
    // Base USD (given or default) or CAD: both amounts count, (1,000 + 3,000) / 2.
    for settings in [r#"{"settings":{"currency":"CAD"}}"#, r#"{"settings":{}}"#] {
        let r = report(settings);
        common::close(common::indicator(&r, "average_deal_size").figure.value, 2_000.0);
        assert!(r.warnings.iter().all(|w| w.code != "currency_without_rate"), "{settings}");
        assert_eq!(check(&r).map(|c| c.0), Some(0), "{settings}");
    }
    // Base EUR: the $1,000 deal is left out and counted; B's bare 3,000 is in euros.
    let r = report(r#"{"settings":{"currency":"EUR"}}"#);
    common::close(common::indicator(&r, "average_deal_size").figure.value, 3_000.0);
    let w: Vec<(&str, u64)> = r.warnings.iter().filter(|w| w.code == "currency_without_rate").map(|w| (w.message.as_str(), w.count)).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].0.starts_with("amounts written with $ are not in the base currency EUR"), "{w:?}");
    assert_eq!(w[0].1, 1);
    let (count, action) = check(&r).unwrap();
    assert_eq!(count, 1);
    assert!(action.contains("(for $ or ¥, give the amounts' currency: a currency column or settings.currency)"), "{action}");
    // ¥ alike: yen under a JPY base, left out under EUR.
    let yen = "id,amount,status,createdAt,closedAt\na,¥500,won,2024-01-02,2024-02-01\n";
    for (settings, expected) in [(r#"{"settings":{"currency":"JPY"}}"#, Some(500.0)), (r#"{"settings":{"currency":"EUR"}}"#, None)] {
        let d = common::build(&[("deals.csv", yen.as_bytes(), None), ("s.json", settings.as_bytes(), None)]).unwrap();
        let value = common::indicator(&d.report(&q).unwrap(), "average_deal_size").figure.value;
        assert_eq!(value, expected, "{settings}");
    }
    // A currency column says which dollar: CAD at 0.68 EUR.
    let cad = "id,amount,currency,status,createdAt,closedAt\na,$100,CAD,won,2024-01-02,2024-02-01\n";
    let d = common::build(&[("deals.csv", cad.as_bytes(), None), ("s.json", br#"{"settings":{"currency":"EUR"},"fx":{"CAD":0.68}}"#, None)]).unwrap();
    common::close(common::indicator(&d.report(&q).unwrap(), "average_deal_size").figure.value, 68.0);
}
