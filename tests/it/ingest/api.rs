//! CRM API answers (HubSpot CRM v3, Salesforce REST, Pipedrive v1) detected from their
//! top-level keys and read through their presets, with expected indicators worked out by hand.

use crate::common;
use common::{build, close, indicator, query};
use spi_wasm::time::format_instant;
use spi_wasm::Dataset;


const H1_2024: &str = r#"{"from": "2024-01-01", "to": "2024-07-01", "groupBy": ["owner"]}"#;

fn headline(dataset: &Dataset) -> (Option<f64>, Option<f64>, Option<f64>, u64) {
    let report = dataset.report(&query(H1_2024)).unwrap();
    let f = |id| indicator(&report, id).figure.clone();
    (f("win_rate").value, f("average_deal_size").value, f("pipeline_created").value, f("pipeline_created").sample_size)
}

/// HubSpot v3 `results[].properties`: numbers as strings, ISO and epoch-ms dates, nulls, and
/// `hs_date_entered_<stage id>` history.
///
/// | id | stage | amount | created | closed |
/// | 11 | closedwon | "1000" | 2024-01-05 09:00Z | 2024-02-10 12:00Z |
/// | 12 | closedlost | "3000.5" | 1705741200000 (2024-01-20 09:00Z) | 2024-03-01 |
/// | 13 | contractsent | null | 2024-02-01 | - |
///
/// win rate 1 / 2; average deal size 1,000; pipeline created 1,000 + 3,000.5 = 4,000.5 over 3.
const HUBSPOT: &str = r#"{"results": [
  {"id": "11", "properties": {"dealname": "A", "dealstage": "closedwon", "amount": "1000",
     "createdate": "2024-01-05T09:00:00.000Z", "closedate": "2024-02-10T12:00:00.000Z", "hubspot_owner_id": "501",
     "pipeline": "default", "hs_date_entered_appointmentscheduled": "1704445200000",
     "hs_date_entered_closedwon": "2024-02-10T12:00:00.000Z"},
   "createdAt": "2024-01-05T09:00:00.000Z", "archived": false},
  {"id": "12", "properties": {"dealname": "B", "dealstage": "closedlost", "amount": "3000.5",
     "createdate": "1705741200000", "closedate": "2024-03-01T00:00:00Z", "hubspot_owner_id": "502",
     "pipeline": "default", "hs_date_entered_appointmentscheduled": null, "hs_date_entered_closedwon": null},
   "createdAt": "2024-01-20T09:00:00.000Z", "archived": false},
  {"id": "13", "properties": {"dealname": "C", "dealstage": "contractsent", "amount": null,
     "createdate": "2024-02-01T00:00:00Z", "closedate": null, "hubspot_owner_id": "501"},
   "archived": false}
], "paging": {"next": {"after": "13"}}}"#;

#[test]
fn hubspot_v3_objects() {
    let dataset = build(&[("hubspot.json", HUBSPOT.as_bytes(), None)]).unwrap();
    let summary = dataset.summary();
    let source = &summary.sources[0];
    assert_eq!((source.format.as_str(), source.preset.as_deref(), source.detected), ("api", Some("hubspot_api"), true));
    assert_eq!(source.records, 3);
    assert_eq!(dataset.store().history.len(), 2, "deal 11 entered appointmentscheduled and closedwon");
    assert_eq!(summary.owners, ["501", "502"]);
    let (win, avg, created, count) = headline(&dataset);
    close(win, 0.5);
    close(avg, 1000.0);
    close(created, 4000.5);
    assert_eq!(count, 3);
}

/// Salesforce REST `records[]`: nested `attributes` and `Owner` objects, IsWon/IsClosed.
///
/// | Id | owner | stage | Amount | created | close |
/// | 006A | Ann Lee | Closed Won | 12000 | 01-10 | 03-15 |
/// | 006B | Ann Lee | Closed Lost | 4000 | 02-01 | 04-02 |
/// | 006C | Bob Ray | Prospecting | null | 03-01 | (09-30 expected) |
///
/// win rate 1 / 2; average deal size 12,000; pipeline created 16,000 over 3.
const SALESFORCE: &str = r#"{"totalSize": 3, "done": true, "records": [
  {"attributes": {"type": "Opportunity", "url": "/services/data/v59.0/sobjects/Opportunity/006A"},
   "Id": "006A", "Name": "A", "Amount": 12000, "StageName": "Closed Won", "CloseDate": "2024-03-15",
   "CreatedDate": "2024-01-10T09:00:00.000+0000", "IsWon": true, "IsClosed": true, "OwnerId": "005X",
   "Owner": {"attributes": {"type": "User"}, "Name": "Ann Lee"}},
  {"attributes": {"type": "Opportunity"}, "Id": "006B", "Name": "B", "Amount": 4000.0, "StageName": "Closed Lost",
   "CloseDate": "2024-04-02", "CreatedDate": "2024-02-01T09:00:00.000+0000", "IsWon": false, "IsClosed": true,
   "OwnerId": "005X", "Owner": {"attributes": {"type": "User"}, "Name": "Ann Lee"}},
  {"attributes": {"type": "Opportunity"}, "Id": "006C", "Name": "C", "Amount": null, "StageName": "Prospecting",
   "CloseDate": "2024-09-30", "CreatedDate": "2024-03-01T09:00:00.000+0000", "IsWon": false, "IsClosed": false,
   "OwnerId": "005Y", "Owner": {"attributes": {"type": "User"}, "Name": "Bob Ray"}}
]}"#;

#[test]
fn salesforce_rest_query_results() {
    let dataset = build(&[("salesforce.json", SALESFORCE.as_bytes(), None)]).unwrap();
    let summary = dataset.summary();
    assert_eq!(summary.sources[0].preset.as_deref(), Some("salesforce_api"));
    assert_eq!(summary.owners, ["Ann Lee", "Bob Ray"]);
    let (win, avg, created, count) = headline(&dataset);
    close(win, 0.5);
    close(avg, 12000.0);
    close(created, 16000.0);
    assert_eq!(count, 3);
}

/// Pipedrive v1 `data[]`: UTC `YYYY-MM-DD HH:MM:SS` times (kept UTC although the dataset zone
/// is +02:00), status won/lost/open/deleted, owner objects.
///
/// | id | status | value EUR | add_time (UTC) | won / lost |
/// | 1 | won | 1500.5 | 2024-01-02 10:00 | won 02-01 |
/// | 2 | lost | 700 | 2024-01-03 10:00 | lost 02-20 |
/// | 3 | deleted | 999 | - | skipped |
/// | 4 | open | 2000 | 2024-02-05 10:00 | - |
///
/// win rate 1 / 2; average deal size 1,500.5; pipeline created 4,200.5 over 3.
const PIPEDRIVE: &str = r#"{"success": true, "data": [
  {"id": 1, "title": "One", "value": 1500.5, "currency": "EUR", "status": "won", "stage_id": 5,
   "add_time": "2024-01-02 10:00:00", "won_time": "2024-02-01 10:00:00", "lost_time": null,
   "expected_close_date": "2024-02-15", "owner_name": "Ann", "user_id": {"id": 7, "name": "Ann", "value": 7}},
  {"id": 2, "title": "Two", "value": 700, "currency": "EUR", "status": "lost", "stage_id": 1,
   "add_time": "2024-01-03 10:00:00", "won_time": null, "lost_time": "2024-02-20 10:00:00",
   "expected_close_date": null, "owner_name": "Ann", "user_id": {"id": 7, "name": "Ann", "value": 7}},
  {"id": 3, "title": "Three", "value": 999, "currency": "EUR", "status": "deleted", "stage_id": 1,
   "add_time": "2024-02-04 10:00:00", "won_time": null, "lost_time": null,
   "expected_close_date": null, "owner_name": "Bob", "user_id": {"id": 8, "name": "Bob", "value": 8}},
  {"id": 4, "title": "Four", "value": 2000, "currency": "EUR", "status": "open", "stage_id": 3,
   "add_time": "2024-02-05 10:00:00", "won_time": null, "lost_time": null,
   "expected_close_date": "2024-06-30", "owner_name": "Bob", "user_id": {"id": 8, "name": "Bob", "value": 8}}
], "additional_data": {"pagination": {"start": 0, "limit": 100, "more_items_in_collection": false}}}"#;

#[test]
fn pipedrive_v1_deals() {
    let settings = br#"{"settings": {"currency": "EUR", "timeZone": "+02:00"}}"#;
    let dataset = build(&[("settings.json", settings, None), ("pipedrive.json", PIPEDRIVE.as_bytes(), None)]).unwrap();
    let summary = dataset.summary();
    let source = &summary.sources[1];
    assert_eq!((source.preset.as_deref(), source.records, source.skipped), (Some("pipedrive_api"), 3, 1));
    let store = dataset.store();
    assert_eq!(format_instant(store.deals[0].created), "2024-01-02T10:00:00Z", "Pipedrive times are UTC");
    assert_eq!(format_instant(store.deals[0].expected_close), "2024-02-14T22:00:00Z", "a plain date is local midnight");
    let (win, avg, created, count) = headline(&dataset);
    close(win, 0.5);
    close(avg, 1500.5);
    close(created, 4200.5);
    assert_eq!(count, 3);
}

/// A mapping may read any JSON array of records (named by `recordsAt`) with its own names.
#[test]
fn a_mapping_reads_other_json_records() {
    let json = br#"{"items": [{"ref": "X1", "rep": "Ann", "total": "1.250,00", "state": "won", "opened": "05.01.2024", "done": "20.02.2024"}]}"#;
    let mapping = r#"{"recordsAt": "items", "fields": {"id": "ref", "owner": "rep", "amount": "total", "status": "state",
                      "createdAt": "opened", "closedAt": "done"}, "dateFormat": "DD.MM.YYYY", "decimalSeparator": ","}"#;
    let dataset = build(&[("export.json", json, Some(mapping))]).unwrap();
    let report = dataset.report(&query(H1_2024)).unwrap();
    close(indicator(&report, "average_deal_size").figure.value, 1250.0);
    assert_eq!(dataset.summary().owners, ["Ann"]);
}
