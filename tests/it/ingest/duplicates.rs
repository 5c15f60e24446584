//! One record per id: records repeating an id are merged at ingest (the latest by `updatedAt`,
//! else the last), the dropped copies leave nothing behind (history, attributes, "now"), and the
//! merge is a counted `duplicates_merged` warning plus the `duplicate_ids` health check.

use crate::common;
use common::{build, close, dataset, indicator, query};
use spi_wasm::indicators::Collection;
use spi_wasm::store::Status;

/// D-1 three times. The second copy has the latest `updatedAt` (04-01) and is kept though it is
/// not the last: lost, 300, closed 02-10, industry B. The others are won (100, 999), with a history
/// entry on 09-30 and a close on 06-30 that would move "now" if they were kept.
const THREE_COPIES: &str = r#"{"deals": [
  {"id": "D-1", "updatedAt": "2026-03-01", "status": "won", "amount": 100, "createdAt": "2026-01-01", "closedAt": "2026-02-01",
   "attributes": {"industry": "A"},
   "history": [{"at": "2026-01-01", "stage": "discovery"}, {"at": "2026-09-30", "stage": "closed_won"}]},
  {"id": "D-2", "status": "open", "amount": 50, "createdAt": "2026-01-15", "attributes": {"industry": "B"}},
  {"id": "D-1", "updatedAt": "2026-04-01T00:00:00Z", "status": "lost", "amount": 300, "createdAt": "2026-01-01", "closedAt": "2026-02-10",
   "attributes": {"industry": "B"}, "history": [{"at": "2026-02-10", "stage": "closed_lost"}]},
  {"id": "D-1", "updatedAt": "2026-02-01", "status": "won", "amount": 999, "createdAt": "2026-01-01", "closedAt": "2026-06-30",
   "attributes": {"industry": "C"}}
]}"#;

#[test]
fn the_latest_modified_copy_is_kept_with_its_own_history_and_attributes() {
    let d = dataset(THREE_COPIES);
    let s = d.store();
    assert_eq!(s.deals.len(), 2);
    let kept = s.deals.iter().find(|x| s.strings.resolve(x.id) == "D-1").unwrap();
    assert_eq!((kept.status, kept.amount), (Status::Lost, 300.0));
    // Its one history entry, and the flat history holds nothing of the dropped copies.
    assert_eq!(s.deal_history(kept).len(), 1);
    assert_eq!(s.history.len(), 1);
    let industry = s.strings.lookup("industry").unwrap();
    assert_eq!(s.strings.resolve(s.crm_attribute(&kept.attributes, industry)), "B");
    assert_eq!(s.attributes.len(), 2, "D-1's and D-2's industry only");
    // "Now" is the latest instant of the kept records (D-1's close 2026-02-10) + 1 ms, not the
    // dropped copies' 06-30 close or 09-30 history entry.
    assert_eq!(s.settings.as_of, 1_770_681_600_001);
    // Counted once: one lost deal closed in 2026, no win.
    let r = d.report(&query(r#"{"from": "2026-01-01", "to": "2027-01-01", "groupBy": ["attributes.industry"]}"#)).unwrap();
    close(indicator(&r, "win_rate").figure.value, 0.0);
    assert_eq!(indicator(&r, "win_rate").figure.sample_size, 1);
    let groups: Vec<&str> = r.groups["attributes.industry"].iter().map(|g| g.group.as_str()).collect();
    assert_eq!(groups, ["B"]);
    // The merge is stated: 2 copies of 1 id.
    let w = r.warnings.iter().find(|w| w.code == "duplicates_merged").expect("a duplicates_merged warning");
    assert_eq!((w.count, w.examples.clone()), (2, vec!["D-1".to_string()]));
    assert!(w.message.contains("updatedAt"), "{}", w.message);
    let h = r.health.iter().find(|c| c.id == "duplicate_ids" && c.collection == Collection::Deals).unwrap();
    assert_eq!((h.passed, h.count, h.examples.clone()), (false, 2, vec!["D-1".to_string()]));
}

#[test]
fn without_modification_times_the_last_copy_is_kept_in_every_collection() {
    let d = dataset(
        r#"{"deals": [{"id": "D-1", "status": "won", "amount": 10, "createdAt": "2026-01-01", "closedAt": "2026-01-05"},
                      {"id": "D-1", "status": "won", "amount": 20, "createdAt": "2026-01-01", "closedAt": "2026-01-06"}],
            "leads": [{"id": "L-1", "createdAt": "2026-01-01", "owner": "a"}, {"id": "L-2", "createdAt": "2026-01-01"},
                      {"id": "L-1", "createdAt": "2026-01-02", "owner": "b"}],
            "activities": [{"id": "A-1", "at": "2026-01-02"}, {"id": "A-1", "at": "2026-01-03"}, {"id": "A-1", "at": "2026-01-04"}],
            "contacts": [{"id": "C-1", "title": "x"}, {"id": "C-1", "title": "y"}]}"#,
    );
    let s = d.store();
    assert_eq!((s.deals.len(), s.leads.len(), s.activities.len(), s.contacts.len()), (1, 2, 1, 1));
    assert_eq!(s.deals[0].amount, 20.0);
    let l1 = s.leads.iter().find(|l| s.strings.resolve(l.id) == "L-1").unwrap();
    assert_eq!(s.strings.resolve(l1.owner), "b");
    assert_eq!(s.strings.resolve(s.activities[0].id), "A-1");
    assert_eq!(s.strings.resolve(s.contacts[0].title), "y");
    let counts: Vec<(Collection, u64)> =
        d.health().iter().filter(|c| c.id == "duplicate_ids").map(|c| (c.collection, c.count)).collect();
    assert_eq!(counts, [(Collection::Deals, 1), (Collection::Leads, 1), (Collection::Activities, 2), (Collection::Contacts, 1)]);
    let merged: Vec<u64> = s.warnings.iter().filter(|w| w.code == "duplicates_merged").map(|w| w.count).collect();
    assert_eq!(merged, [1, 1, 2, 1]);
}

#[test]
fn records_named_by_position_are_never_merged() {
    // Two files, each with one deal without an id: both are named deals[0], and both count.
    let one = br#"{"deals": [{"status": "won", "amount": 10, "createdAt": "2026-01-01", "closedAt": "2026-01-05"}]}"#;
    let d = build(&[("a.json", one, None), ("b.json", one, None)]).unwrap();
    assert_eq!(d.store().deals.len(), 2);
    assert!(d.store().warnings.iter().all(|w| w.code != "duplicates_merged"));
    assert!(d.health().iter().filter(|c| c.id == "duplicate_ids").all(|c| c.passed));
}

/// Salesforce API CSVs: 006A twice, the copy with the later `LastModifiedDate` (the first, won
/// at 100) kept; the history file joins to it (two entries, closed won on 2024-03-01).
#[test]
fn salesforce_last_modified_date_decides_and_history_joins_to_the_kept_copy() {
    let opportunities = b"Id,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,OwnerId,LastModifiedDate
006A,Closed Won,100,2024-03-01,true,true,2024-01-01T00:00:00.000+0000,u1,2024-03-02T00:00:00.000+0000
006A,Closed Lost,200,2024-03-05,true,false,2024-01-01T00:00:00.000+0000,u1,2024-01-05T00:00:00.000+0000
006B,Prospecting,50,2024-06-01,false,false,2024-01-10T00:00:00.000+0000,u2,2024-01-10T00:00:00.000+0000
";
    let history = b"Id,OpportunityId,CreatedDate,StageName,Amount
h2,006A,2024-03-01T00:00:00.000+0000,Closed Won,100
h1,006A,2024-01-01T00:00:00.000+0000,Prospecting,100
";
    let d = build(&[("OpportunityHistory.csv", history, None), ("Opportunity.csv", opportunities, None)]).unwrap();
    let s = d.store();
    assert_eq!(s.deals.len(), 2);
    let kept = s.deals.iter().find(|x| s.strings.resolve(x.id) == "006A").unwrap();
    assert_eq!((kept.status, kept.amount), (Status::Won, 100.0));
    assert_eq!(s.deal_history(kept).len(), 2);
    // 2024-03-01T00:00:00Z
    assert_eq!(kept.closed, 1_709_251_200_000);
    let w = s.warnings.iter().find(|w| w.code == "duplicates_merged").unwrap();
    assert_eq!(w.count, 1);
}
