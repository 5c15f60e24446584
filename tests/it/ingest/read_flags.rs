//! `summary().flags`: what a read adds up to when the figures will be empty or partial. Each case
//! is a file a user could drop (a real org's accounts export alone, records with no owner or no
//! date, dates near 1970, one API page of two); the counts were taken by hand (the devorg's
//! Account.csv has 18 rows by Python's `csv` module).

use crate::common::{build, dataset};

const DEVORG_ACCOUNTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real/sf-devorg-powerbi/Account.csv");
const WORKSHOP_DEALS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real/sfdc-assets-data-cloud-workshop/Opportunity.csv");

fn codes(summary: &spi_wasm::Summary) -> Vec<&'static str> {
    summary.flags.iter().map(|f| f.code).collect()
}

#[test]
fn an_accounts_export_alone_says_nothing_countable_was_read_and_what_to_add() {
    let Ok(bytes) = std::fs::read(DEVORG_ACCOUNTS) else {
        println!("note: {DEVORG_ACCOUNTS} is absent; this real-export test is skipped");
        return;
    };
    let summary = build(&[("Account.csv", &bytes, None)]).unwrap().summary();
    assert_eq!(codes(&summary), ["no_records", "epoch_as_of"]);
    assert_eq!(
        summary.flags[0].message,
        "No deal, lead or activity was read: every figure is empty. The files hold only accounts (18): add the opportunities (deals) export, or leads or activities."
    );
    assert_eq!(summary.flags[1].message, "The report is \"as of\" 1970-01-01: no real date was read to set it (set \"As of\" in the settings, settings.asOf).");
}

#[test]
fn a_real_opportunities_export_has_no_flag() {
    let Ok(bytes) = std::fs::read(WORKSHOP_DEALS) else { return };
    let summary = build(&[("Opportunity.csv", &bytes, None)]).unwrap().summary();
    assert_eq!(codes(&summary), Vec::<&str>::new(), "{:?}", summary.flags);
}

#[test]
fn records_with_no_owner_and_no_date_say_so() {
    let summary = dataset(r#"{"deals": [{"id": "a", "status": "open"}, {"id": "b", "status": "won", "amount": 5}]}"#).summary();
    assert_eq!(codes(&summary), ["no_owner", "no_dates", "epoch_as_of"]);
    assert_eq!(summary.flags[0].message, "2 deals but no owner was read: nothing can be grouped by owner.");
    // With an owner and a date, and asOf given: nothing to say.
    let summary = dataset(r#"{"settings": {"asOf": "2024-06-01"}, "deals": [{"id": "a", "owner": "x", "createdAt": "2024-01-02", "status": "open"}]}"#).summary();
    assert!(summary.flags.is_empty(), "{:?}", summary.flags);
}

#[test]
fn dates_near_1970_are_flagged_with_the_first_one() {
    // 86,400,000 ms is 1970-01-02: epoch seconds read as milliseconds land there.
    let summary = dataset(r#"{"settings": {"asOf": "2024-06-01"}, "deals": [{"id": "a", "owner": "x", "createdAt": "1970-01-02T00:00:00Z", "status": "open"}, {"id": "b", "owner": "x", "createdAt": "2024-01-02", "status": "open"}]}"#).summary();
    assert_eq!(codes(&summary), ["epoch_dates"]);
    assert!(summary.flags[0].message.starts_with("The first date read is 1970-01-02:"), "{}", summary.flags[0].message);
}

#[test]
fn one_page_of_two_is_flagged_and_both_pages_are_not() {
    let page = |done: bool, id: &str| {
        format!(
            r#"{{"totalSize": 2, "done": {done}, {}"records": [{{"attributes": {{"type": "Opportunity"}}, "Id": "{id}", "StageName": "Closed Won", "IsWon": true, "IsClosed": true, "Amount": 5, "CloseDate": "2024-01-02", "CreatedDate": "2023-12-01T00:00:00.000+0000", "OwnerId": "005x"}}]}}"#,
            if done { "" } else { r#""nextRecordsUrl": "/services/data/v59.0/query/01g-1", "# }
        )
    };
    let (first, second) = (page(false, "006A"), page(true, "006B"));
    let summary = build(&[("p1.json", first.as_bytes(), None)]).unwrap().summary();
    assert_eq!(codes(&summary), ["partial_response"]);
    assert!(summary.flags[0].message.contains("salesforce_api"), "{}", summary.flags[0].message);
    let summary = build(&[("p1.json", first.as_bytes(), None), ("p2.json", second.as_bytes(), None)]).unwrap().summary();
    assert!(summary.flags.is_empty(), "{:?}", summary.flags);
}

/// The dev org's Lead.csv has no CreatedDate column: no record falls in a period (said), but its
/// 5 ConvertedDate values (all 02/24/26, by Python's csv module) set "now" rather than 1970.
#[test]
fn leads_without_creation_dates_take_now_from_their_conversions() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real/sf-devorg-powerbi/Lead.csv");
    let Ok(bytes) = std::fs::read(path) else { return };
    let summary = build(&[("Lead.csv", &bytes, None)]).unwrap().summary();
    assert_eq!(codes(&summary), ["no_dates"]);
    assert_eq!(summary.as_of, "2026-02-24T00:00:00.001Z");
}

#[test]
fn closed_stages_the_spec_reads_as_open_are_flagged_with_their_counts() {
    // A Salesforce report of a customised pipeline, with no won or closed column: by the spec's
    // rule only "Closed Won"/"Won" and "Closed Lost"/"Lost" are closed, so the three stages
    // below are read as open; 2 + 1 + 1 deals are in them, "Discovery" is open and says so.
    let csv = "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n\
               Ann,D1,Won - Signed,100,3/14/2024,1/5/2024\n\
               Ann,D2,Lost - No Budget,200,3/15/2024,1/6/2024\n\
               Bob,D3,Won - Signed,300,3/16/2024,1/7/2024\n\
               Bob,D4,Discovery,400,6/3/2024,1/8/2024\n\
               Bob,D5,Closed/Lost - No Decision,500,3/17/2024,1/9/2024\n\
               Bob,D6,Closed Won,600,3/18/2024,1/9/2024\n";
    let summary = build(&[("report.csv", csv.as_bytes(), None)]).unwrap().summary();
    assert_eq!(codes(&summary), ["stage_read_open"]);
    assert_eq!(
        summary.flags[0].message,
        "4 deals are in stages named as closed but read as open: \"Won - Signed\" (2), \"Lost - No Budget\" (1), \"Closed/Lost - No Decision\" (1). Without a won or closed column, only Closed Won, Won, Closed Lost and Lost are closed: add the export's won/closed columns (IsWon, IsClosed), or give every stage's kind under \"stages\"."
    );
    // The same deals with a status, or with their stages' kinds declared: nothing to say.
    let json = r#"{"settings": {"asOf": "2024-06-01"}, "stages": [{"id": "Won - Signed", "kind": "won"}, {"id": "Closed Pending", "kind": "open"}],
      "deals": [{"id": "a", "owner": "x", "createdAt": "2024-01-02", "stage": "Won - Signed"}, {"id": "b", "owner": "x", "createdAt": "2024-01-02", "stage": "Closed Pending"},
                {"id": "c", "owner": "x", "createdAt": "2024-01-02", "stage": "Closed - Disqualified", "status": "lost"}]}"#;
    let summary = dataset(json).summary();
    assert!(summary.flags.is_empty(), "{:?}", summary.flags);    // A stage holding quotes is named whole.
    let summary = dataset(r#"{"settings": {"asOf": "2024-06-01"}, "deals": [{"id": "a", "owner": "x", "createdAt": "2024-01-02", "stage": "Closed \"Won\" Q1"}]}"#).summary();
    assert!(summary.flags[0].message.starts_with("1 deal is in stages named as closed but read as open: \"Closed \"Won\" Q1\" (1)."), "{}", summary.flags[0].message);
}
