//! CSV edge cases: every problem is an error or a counted warning naming its row and column;
//! separators, BOM, CRLF and quoted fields are read as written.
//! (Written independently of tests/it/errors/csv.rs, as a cross-check of the same behaviour.)

use crate::common;
use common::{build, close, indicator, query};
use spi_wasm::{Dataset, InputError};


fn fails(csv: &str, mapping: Option<&str>) -> InputError {
    match Dataset::from_csv(csv.as_bytes(), mapping) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn dates_that_never_prove_their_order_are_refused() {
    let csv = "Opportunity Name,Stage,Close Date\nA,Closed Won,01/02/2024\nB,Closed Lost,03/04/2024\n";
    let e = fails(csv, None);
    assert_eq!((e.code(), e.path()), ("ambiguous_date", "mapping.dateFormat"));
    assert!(e.message().contains("\"Close Date\"") && e.message().contains("dateFormat"), "{e}");
    let mapping = r#"{"preset": "salesforce", "dateFormat": "DD/MM/YYYY"}"#;
    let dataset = Dataset::from_csv(csv.as_bytes(), Some(mapping)).unwrap();
    assert_eq!(spi_wasm::time::format_instant(dataset.store().deals[0].closed), "2024-02-01T00:00:00Z");
}

#[test]
fn a_column_proving_both_orders_is_refused() {
    let csv = "Opportunity Name,Stage,Close Date\nA,Closed Won,13/01/2024\nB,Closed Won,01/20/2024\n";
    let e = fails(csv, None);
    assert_eq!(e.code(), "ambiguous_date");
    assert!(e.message().contains("\"Close Date\""), "{e}");
}

#[test]
fn a_column_that_proves_nothing_takes_the_order_its_file_proves() {
    // 13/01 settles Created Date as day-first; one export writes one locale, so Close Date's
    // 02/03 is 2 March. With no column proving an order, it is refused (above).
    let csv = "Opportunity Name,Stage,Created Date,Close Date\nA,Closed Won,13/01/2024,02/03/2024\n";
    let dataset = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    assert_eq!(spi_wasm::time::format_instant(dataset.store().deals[0].closed), "2024-03-02T00:00:00Z");
}

#[test]
fn a_mapped_column_missing_from_the_file_is_named() {
    let csv = "id,owner,value\nD1,Ann,10\n";
    let e = fails(csv, Some(r#"{"fields": {"amount": "Amount", "id": "id"}}"#));
    assert_eq!((e.code(), e.path()), ("invalid_mapping", "mapping.fields.amount"));
    assert!(e.message().contains("\"Amount\"") && e.message().contains("\"id\", \"owner\", \"value\""), "{e}");
    let e = fails(csv, Some(r#"{"fields": {"amout": "value"}}"#));
    assert_eq!(e.path(), "mapping.fields.amout");
    assert!(e.message().contains("\"amout\""), "{e}");
    let e = fails(csv, Some(r#"{"dateformat": "DD-MM-YYYY"}"#));
    assert_eq!(e.code(), "invalid_mapping");
    assert!(e.message().contains("dateformat"), "{e}");
    let e = fails(csv, Some("sugarcrm"));
    assert_eq!(e.path(), "mapping.preset");
    let e = fails("foo,bar\n1,2\n", None);
    assert!(e.message().contains("no preset recogni") && e.message().contains("\"foo\""), "{e}");
}

#[test]
fn a_number_like_12k_names_row_and_column() {
    let csv = "id,amount,status\nD1,100,won\nD2,12k,won\n";
    let e = fails(csv, None);
    assert_eq!((e.code(), e.path()), ("invalid_value", "rows[1].amount"));
    assert!(e.to_string().starts_with("rows[1].amount: expected a number, got \"12k\""), "{e}");
    // A European amount settles its column to `,` decimals (1200.50, never 1.2005); a column
    // mixing both forms is refused naming both.
    let d = Dataset::from_csv("id,amount,status,createdAt\nD1,\"1.200,50 €\",won,2024-01-01\n".as_bytes(), None).unwrap();
    assert_eq!(d.store().deals[0].amount_original, 1200.5);
    let e = fails("id,amount\nD1,\"1.200,50 €\"\nD2,\"1,200.50\"\n", None);
    assert_eq!((e.code(), e.path()), ("ambiguous_number", "mapping.decimalSeparator"));
    assert!(e.message().contains("\"1.200,50 €\" in row 0") && e.message().contains("\"1,200.50\" in row 1"), "{e}");
}

#[test]
fn a_stage_label_without_mapping_is_counted_by_label() {
    // Dated: a file without any date is refused as unusable (tests/it/ingest/real_exports.rs).
    let csv = "id,stage,amount,createdAt\nD1,Won,1,2024-01-01\nD2,Haggling,2,2024-01-01\nD3,Haggling,3,2024-01-01\n";
    let mapping = r#"{"stages": [{"label": "Won", "id": "won", "kind": "won"}, {"label": "Open", "id": "open"}]}"#;
    let dataset = Dataset::from_csv(csv.as_bytes(), Some(mapping)).unwrap();
    let w = dataset.summary().warnings.into_iter().find(|w| w.code == "unmapped_stage").unwrap();
    assert!(w.message.contains("\"Haggling\""), "{}", w.message);
    assert_eq!((w.count, w.examples.clone()), (2, vec!["D2".to_string(), "D3".to_string()]));
}

#[test]
fn a_currency_without_rate_is_counted_by_currency() {
    let csv = "id,amount,currency,status,createdAt,closedAt\nD1,100,GBP,won,2024-01-01,2024-02-01\nD2,50,USD,won,2024-01-01,2024-02-01\n";
    let dataset = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    let w = dataset.summary().warnings.into_iter().find(|w| w.code == "currency_without_rate").unwrap();
    assert!(w.message.contains("GBP") && w.count == 1, "{w:?}");
}

/// Tab separators, a BOM, CRLF line ends, and quoted fields holding the separator, quotes and a
/// newline; the same file with `;`. Two won deals of 1,000 and 3,000: average 2,000.
#[test]
fn separators_bom_crlf_and_quoted_fields() {
    let tab = "\u{feff}id\tname\tamount\tstatus\tcreatedAt\tclosedAt\r\nD1\t\"Acme\tEurope, \"\"big\"\"\nrenewal\"\t1000\twon\t2024-01-02\t2024-02-01\r\nD2\tGlobex\t3000\twon\t2024-01-03\t2024-02-02\r\n";
    let semi = tab.replace('\t', ";");
    for (text, sep) in [(tab.to_string(), "\t"), (semi, ";")] {
        let dataset = Dataset::from_csv(text.as_bytes(), None).unwrap();
        let summary = dataset.summary();
        assert_eq!((summary.deals, summary.sources[0].separator.as_deref()), (2, Some(sep)));
        let store = dataset.store();
        let expected = format!("Acme{sep}Europe, \"big\"\nrenewal");
        assert_eq!(store.strings.resolve(store.deals[0].name), expected);
        let report = dataset.report(&query(r#"{"from": "2024-01-01", "to": "2024-04-01"}"#)).unwrap();
        close(indicator(&report, "average_deal_size").figure.value, 2000.0);
    }
}

#[test]
fn activities_and_contacts_from_csv() {
    let activities = "id,type,at,owner,direction,outcome,automated\nA1,call,2024-01-02T10:00:00Z,Ann,outbound,connected,no\nA2,email,2024-01-03T10:00:00Z,Ann,outbound,,no\nA3,meeting,2024-01-04T10:00:00Z,Ann,outbound,meeting_booked,no\n";
    let contacts = "id,email,enrichmentMatched\nC1,a@x.io,yes\nC2,,no\n";
    let inputs: [(&str, &[u8], Option<&str>); 2] = [
        ("activities.csv", activities.as_bytes(), Some(r#"{"kind": "activities"}"#)),
        ("contacts.csv", contacts.as_bytes(), Some(r#"{"kind": "contacts"}"#)),
    ];
    let dataset = build(&inputs).unwrap();
    let report = dataset.report(&query(r#"{"from": "2024-01-01", "to": "2024-02-01"}"#)).unwrap();
    // Touches: the call and the email (meetings are not touches); one connected -> 1 / 2.
    close(indicator(&report, "engagement_rate").figure.value, 0.5);
    close(indicator(&report, "contact_match_rate").figure.value, 0.5);
    let e = match Dataset::from_csv(b"id,automated\nA1,maybe\n", Some(r#"{"kind": "activities"}"#)) {
        Err(e) => e,
        Ok(_) => panic!("expected an error"),
    };
    assert_eq!(e.path(), "rows[0].automated");
}
