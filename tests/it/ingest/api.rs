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

/// One page of a Salesforce query whose `totalSize` is 5: `done: false` and a `nextRecordsUrl`.
/// Read alone, its 2 deals would give a win rate of 1 / 2 over 2 of the 5 records, silently.
const SALESFORCE_PAGE_1: &str = r#"{"totalSize": 5, "done": false, "nextRecordsUrl": "/services/data/v59.0/query/01gD0000002HU6KIAW-2",
 "records": [
  {"attributes": {"type": "Opportunity"}, "Id": "006A", "StageName": "Closed Won", "Amount": 100, "CloseDate": "2024-03-01",
   "CreatedDate": "2024-01-05T10:00:00.000+0000", "OwnerId": "005X", "IsWon": true, "IsClosed": true},
  {"attributes": {"type": "Opportunity"}, "Id": "006B", "StageName": "Closed Lost", "Amount": 50, "CloseDate": "2024-03-02",
   "CreatedDate": "2024-01-06T10:00:00.000+0000", "OwnerId": "005X", "IsWon": false, "IsClosed": true}
]}"#;

/// The last page of the same query: 3 more deals (2 lost, 1 won), `done: true`.
const SALESFORCE_PAGE_2: &str = r#"{"totalSize": 5, "done": true, "records": [
  {"attributes": {"type": "Opportunity"}, "Id": "006C", "StageName": "Closed Lost", "Amount": 10, "CloseDate": "2024-03-03",
   "CreatedDate": "2024-01-07T10:00:00.000+0000", "OwnerId": "005X", "IsWon": false, "IsClosed": true},
  {"attributes": {"type": "Opportunity"}, "Id": "006D", "StageName": "Closed Lost", "Amount": 10, "CloseDate": "2024-03-04",
   "CreatedDate": "2024-01-08T10:00:00.000+0000", "OwnerId": "005X", "IsWon": false, "IsClosed": true},
  {"attributes": {"type": "Opportunity"}, "Id": "006E", "StageName": "Closed Won", "Amount": 70, "CloseDate": "2024-03-05",
   "CreatedDate": "2024-01-09T10:00:00.000+0000", "OwnerId": "005X", "IsWon": true, "IsClosed": true}
]}"#;

#[test]
fn one_page_of_a_longer_response_is_said_with_what_is_missing() {
    let dataset = build(&[("page1.json", SALESFORCE_PAGE_1.as_bytes(), None)]).unwrap();
    let summary = dataset.summary();
    let warning = summary.sources[0].warnings.iter().find(|w| w.code == "partial_response").expect("the page is said");
    assert_eq!(warning.count, 3, "5 in the result, 2 read");
    assert!(warning.message.starts_with("a page of a longer salesforce_api response"), "{}", warning.message);
    assert!(warning.message.contains("2 of its 5 records were read") && warning.message.contains("nextRecordsUrl"), "{}", warning.message);
    let report = dataset.report(&query(H1_2024)).unwrap();
    assert!(report.warnings.iter().any(|w| w.code == "partial_response"), "in the report's warnings too");

    // Both pages, in either order: the whole result (2 won of 5), nothing to say.
    for pages in [[("page1.json", SALESFORCE_PAGE_1), ("page2.json", SALESFORCE_PAGE_2)], [("page2.json", SALESFORCE_PAGE_2), ("page1.json", SALESFORCE_PAGE_1)]] {
        let dataset = build(&pages.map(|(n, j)| (n, j.as_bytes(), None))).unwrap();
        assert!(dataset.summary().warnings.iter().all(|w| w.code != "partial_response"), "{:?}", dataset.summary().warnings);
        assert_eq!(dataset.summary().deals, 5);
        close(headline(&dataset).0, 2.0 / 5.0);
    }

    // Two pages of three (the first twice, as a user might), a HubSpot page between them: 4 of 5
    // read, said once with count 1 (and HubSpot's page on its own).
    let second = SALESFORCE_PAGE_1.replace("006A", "006F").replace("006B", "006G");
    let dataset = build(&[("a.json", SALESFORCE_PAGE_1.as_bytes(), None), ("h.json", HUBSPOT.as_bytes(), None), ("b.json", second.as_bytes(), None)]).unwrap();
    let hubspot = dataset.summary().warnings.into_iter().filter(|w| w.code == "partial_response" && w.message.contains("hubspot_api")).count();
    assert_eq!(hubspot, 1);
    let said: Vec<_> = dataset.summary().warnings.into_iter().filter(|w| w.code == "partial_response" && w.message.contains("salesforce_api")).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].count, 1);
    assert!(said[0].message.starts_with("2 pages of a longer salesforce_api response") && said[0].message.contains("4 of its 5"), "{}", said[0].message);
    // HubSpot's `paging.next` (the fixture above) has no total: one page more is all it can say.
    let dataset = build(&[("hubspot.json", HUBSPOT.as_bytes(), None)]).unwrap();
    let warning = dataset.summary().sources[0].warnings.iter().find(|w| w.code == "partial_response").cloned().expect("HubSpot's page is said");
    assert!(warning.message.contains("3 records were read and more follow") && warning.message.contains("paging.next"), "{}", warning.message);
    // A page that holds the whole result though `paging.next` is set (HubSpot search's `total`).
    let whole = HUBSPOT.replacen(r#"{"results": ["#, r#"{"total": 3, "results": ["#, 1);
    let dataset = build(&[("hubspot.json", whole.as_bytes(), None)]).unwrap();
    assert!(dataset.summary().warnings.iter().all(|w| w.code != "partial_response"));
    // A last page alone (Salesforce `done: true`, Pipedrive `more_items_in_collection: false`): nothing.
    for (name, json) in [("salesforce.json", SALESFORCE), ("pipedrive.json", PIPEDRIVE)] {
        let dataset = build(&[(name, json.as_bytes(), None)]).unwrap();
        assert!(dataset.summary().warnings.iter().all(|w| w.code != "partial_response"), "{name}");
    }
}
