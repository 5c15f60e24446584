//! Each preset on a small hand-made file, the expected indicators worked out by hand.
//! Period: Q1 2026, `[2026-01-01, 2026-04-01)`.

/// The same behaviour checked by tests written independently, as a cross-check (were `tests/csv2_presets.rs`).
mod cross_check;
use crate::common;

use common::{close, indicator, query};
use spi_wasm::{Dataset, Report};

const Q1: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["win_rate", "average_deal_size", "pipeline_created"]}"#;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Reads the files (the last ones may be canonical JSON settings) and reports Q1.
fn q1(files: &[&[u8]]) -> (Dataset, Report) {
    let mut sources = Dataset::builder();
    for bytes in files {
        sources.add(None, bytes, None).unwrap_or_else(|e| panic!("{e}"));
    }
    let dataset = sources.finish().unwrap();
    let report = dataset.report(&query(Q1)).unwrap();
    (dataset, report)
}

/// (win rate, average deal size, pipeline created amount, pipeline created count).
fn headline(report: &Report) -> (Option<f64>, Option<f64>, Option<f64>, u64) {
    let created = &indicator(report, "pipeline_created").figure;
    (indicator(report, "win_rate").figure.value, indicator(report, "average_deal_size").figure.value, created.value, created.sample_size)
}

#[test]
fn salesforce_report_export() {
    // Closed in Q1: 006A won 3/15, 006B lost 2/20 (Won=0, Closed=1), 006C won 3/2 -> win rate 2/3.
    // Won amounts: 12,000 USD and 4,000 EUR at 1.1 = 4,400 -> average 8,200.
    // Created in Q1 (dates are M/D/Y: "3/15/2026" settles it): all four,
    // 12,000 + 8,000 + 4,400 + 20,000 = 44,400. The two footer lines are skipped.
    let settings = br#"{"settings": {"currency": "USD"}, "fx": {"EUR": 1.1}}"#;
    let (dataset, report) = q1(&[&fixture("salesforce_opportunities.csv"), settings]);
    let (win, avg, created, count) = headline(&report);
    close(win, 2.0 / 3.0);
    close(avg, 8200.0);
    close(created, 44400.0);
    assert_eq!(count, 4);
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.detected, source.records, source.skipped), (Some("salesforce"), true, 4, 2));
    assert_eq!(source.date_formats["Close Date"], "MM-DD-YYYY".replace('-', "/"));
    assert_eq!(source.columns["owner"], "Opportunity Owner");
    assert_eq!(dataset.summary().owners, vec!["Ann Lee", "Bob Ray"]);
    let footer = report.warnings.iter().find(|w| w.code == "skipped_row").unwrap();
    assert_eq!(footer.count, 2);
}

#[test]
fn hubspot_export_with_date_entered_columns() {
    // History decides the close: 101 entered Closed Won 2026-02-10 (Close Date 02-12 differs by
    // more than a day: warned), 102 Closed Lost 02-18, 104 Closed Won 04-02 (after Q1).
    // Win rate in Q1: 1 won of 2 = 0.5; average deal size: 5,000.
    // Created in Q1: 101, 102, 103 (104 was created 2025-12-01): 5,000 + 3,000 + 7,000 = 15,000.
    let (dataset, report) = q1(&[&fixture("hubspot_deals.csv")]);
    let (win, avg, created, count) = headline(&report);
    close(win, 0.5);
    close(avg, 5000.0);
    close(created, 15000.0);
    assert_eq!(count, 3);
    let source = &dataset.sources()[0];
    assert_eq!(source.preset.as_deref(), Some("hubspot"));
    assert_eq!(source.history_columns.len(), 4);
    assert!(source.history_columns.contains_key("Closed Won"));
    let store = dataset.store();
    let alpha = &store.deals[0];
    let stages: Vec<&str> = store.deal_history(alpha).iter().map(|h| store.strings.resolve(h.stage)).collect();
    assert_eq!(stages, ["Appointment Scheduled", "Contract Sent", "Closed Won"]);
    assert!(report.warnings.iter().any(|w| w.code == "close_date_mismatch" && w.examples == ["101"]));
}

#[test]
fn pipedrive_export() {
    // Status column decides: won 1 (Feb 1) and 3 (Mar 20), lost 2 (Mar 5) -> win rate 2/3;
    // average won 1,500 and 500 -> 1,000. Deal 5 is deleted: skipped and counted.
    // Created in Q1: 1, 2, 3, 4 = 1,500 + 2,500 + 500 + 4,000 = 8,500 (EUR is the base currency).
    let settings = br#"{"settings": {"currency": "EUR"}}"#;
    let (dataset, report) = q1(&[settings, &fixture("pipedrive_deals.csv")]);
    let (win, avg, created, count) = headline(&report);
    close(win, 2.0 / 3.0);
    close(avg, 1000.0);
    close(created, 8500.0);
    assert_eq!(count, 4);
    let source = &dataset.sources()[1];
    assert_eq!((source.preset.as_deref(), source.records, source.skipped), (Some("pipedrive"), 4, 1));
    assert_eq!(source.columns["wonAt"], "Deal - Won time");
    let skipped = report.warnings.iter().find(|w| w.code == "skipped_row").unwrap();
    assert!(skipped.message.contains("\"Deleted\""), "{}", skipped.message);
}

#[test]
fn hubspot_crm_v3_objects() {
    // 11 won (history: entered closedwon 02-10), 12 lost (closedate epoch ms = 2026-02-16):
    // win rate 0.5, average 1,000.50. Created in Q1: 11, 12 (createdate 1767600000000 =
    // 2026-01-05T08:00Z) and 13 (no amount): 1,000.50 + 2,000 = 3,000.50 over 3 deals.
    let (dataset, report) = q1(&[&fixture("hubspot_api.json")]);
    let (win, avg, created, count) = headline(&report);
    close(win, 0.5);
    close(avg, 1000.5);
    close(created, 3000.5);
    assert_eq!(count, 3);
    let source = &dataset.sources()[0];
    assert_eq!((source.format.as_str(), source.preset.as_deref(), source.records), ("api", Some("hubspot_api"), 3));
    assert_eq!(source.columns["amount"], "properties.amount");
    assert!(source.history_columns.contains_key("closedwon"));
}

#[test]
fn salesforce_rest_query_results() {
    // IsWon/IsClosed decide: 006A won 02-10, 006B lost 03-01, 006D won 03-15 ("Custom Won" is
    // not a standard stage; the flags still say won) -> win rate 2/3; average (10,000 + 3,000) / 2
    // = 6,500. Created in Q1: A, B, C (D was created in 2025): 10,000 + 5,000 over 3 deals.
    let (dataset, report) = q1(&[&fixture("salesforce_api.json")]);
    let (win, avg, created, count) = headline(&report);
    close(win, 2.0 / 3.0);
    close(avg, 6500.0);
    close(created, 15000.0);
    assert_eq!(count, 3);
    assert_eq!(dataset.sources()[0].preset.as_deref(), Some("salesforce_api"));
    assert_eq!(dataset.summary().owners, vec!["Ann", "Bob"]);
}

#[test]
fn pipedrive_v1_deals_are_utc() {
    // Times are UTC; the dataset is at +02:00. Deal 3 added 2025-12-31 23:30 UTC = 2026-01-01
    // 01:30 local: created in Q1. Deal 2 lost 2026-03-31 23:30 UTC = 04-01 01:30 local: after Q1.
    // Win rate in Q1: 1 of 1; average 1,200; created: 1,200 + 800 + 300 = 2,300 over 3 (4 deleted).
    let settings = br#"{"settings": {"timeZone": "+02:00"}}"#;
    let (dataset, report) = q1(&[&fixture("pipedrive_api.json"), settings]);
    let (win, avg, created, count) = headline(&report);
    close(win, 1.0);
    close(avg, 1200.0);
    close(created, 2300.0);
    assert_eq!(count, 3);
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.records, source.skipped), (Some("pipedrive_api"), 3, 1));
    assert_eq!(dataset.summary().owners, vec!["Gus", "Hal"]);
}

#[test]
fn presets_can_be_named_or_overridden() {
    let csv = fixture("hubspot_deals.csv");
    let named = Dataset::from_csv(&csv, Some("hubspot")).unwrap();
    assert!(!named.sources()[0].detected);
    // Override one field of the preset: the owner read from another column.
    let custom = Dataset::from_csv(&csv, Some(r#"{"preset": "hubspot", "fields": {"owner": "Deal Name"}}"#)).unwrap();
    assert_eq!(custom.summary().owners, vec!["Alpha", "Bravo", "Charlie", "Delta"]);
    let err = Dataset::from_csv(&csv, Some("sugarcrm")).unwrap_err();
    assert_eq!((err.code(), err.path()), ("invalid_mapping", "mapping.preset"));
    assert!(err.message().contains("salesforce"), "{err}");
}

/// A Salesforce report's Expected Revenue is the amount weighted by probability (0 for a lost
/// deal, a fraction of an open one's): read as the amount, it made every win rate by value 100%
/// and shrank the pipeline, silently. A report without an Amount column now has no amount, and
/// says so.
#[test]
fn salesforce_expected_revenue_is_not_the_amount() {
    let csv = "Opportunity Name,Opportunity Owner,Stage,Expected Revenue,Probability (%),Close Date,Created Date\n\
               A,Ann,Closed Won,1000,100,1/15/2024,12/16/2023\nB,Ann,Closed Lost,0,0,2/15/2024,12/16/2023\nC,Bob,Prospecting,300,10,5/30/2024,1/6/2024\n";
    let d = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    let source = &d.sources()[0];
    assert_eq!(source.preset.as_deref(), Some("salesforce"));
    assert!(source.warnings.iter().any(|w| w.code == "field_not_read" && w.message.contains("amount")), "{:?}", source.warnings);
    assert!(d.store().deals.iter().all(|d| d.amount_original.is_nan()));
}
