//! The synthetic dataset generator: determinism, schema shape, counts and referential integrity.

use serde_json::Value;
use spi_wasm::generate::{generate, GenerateOptions};
use std::collections::{HashMap, HashSet};

fn bytes(deals: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    generate(
        &GenerateOptions {
            deals,
            seed,
            ..GenerateOptions::default()
        },
        &mut out,
    )
    .unwrap();
    out
}

fn dataset(deals: usize, seed: u64) -> Value {
    serde_json::from_slice(&bytes(deals, seed)).expect("the generator writes valid JSON")
}

fn array<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is an array"))
}

fn ids(v: &Value, key: &str) -> HashSet<String> {
    array(v, key)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// All generated instants are `YYYY-MM-DDTHH:MM:SSZ` strings, which sort as text.
const AS_OF: &str = "2026-11-23T00:00:00Z";

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    assert_eq!(bytes(300, 7), bytes(300, 7));
    assert_ne!(bytes(300, 7), bytes(300, 8));
}

#[test]
fn header_matches_the_spec() {
    let v = dataset(10, 1);
    let s = &v["settings"];
    assert_eq!(s["currency"], "USD");
    assert_eq!(s["fiscalYearStartMonth"], 2);
    assert_eq!(s["weekStart"], "monday");
    assert_eq!(s["timeZone"], "UTC");
    assert_eq!(s["asOf"], "2026-11-23");
    assert!(s["stalledAfterDays"].is_null() && s["businessHours"].is_null());
    assert_eq!(v["fx"]["EUR"], 1.08);
    assert_eq!(v["fx"]["GBP"][1]["from"], "2026-07-01");
    let stages: Vec<(&str, &str)> = array(&v, "stages")
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(stages.len(), 7);
    assert_eq!(stages[0], ("prospecting", "open"));
    assert_eq!(stages[5], ("closed_won", "won"));
    assert_eq!(stages[6], ("closed_lost", "lost"));
}

#[test]
fn counts_and_references_hold() {
    let n = 2000;
    let v = dataset(n, 42);
    let deals = array(&v, "deals");
    let leads = array(&v, "leads");
    let activities = array(&v, "activities");
    assert_eq!(deals.len(), n);
    assert_eq!(leads.len(), n * 3 / 2);
    assert_eq!(array(&v, "contacts").len(), n * 19 / 10);
    assert!(
        (4 * n..=6 * n).contains(&activities.len()),
        "{} activities",
        activities.len()
    );
    let (deal_ids, lead_ids, contact_ids) =
        (ids(&v, "deals"), ids(&v, "leads"), ids(&v, "contacts"));
    assert_eq!(deal_ids.len(), n, "deal ids are unique");
    assert_eq!(
        ids(&v, "activities").len(),
        activities.len(),
        "activity ids are unique"
    );

    let lead_deal: HashMap<&str, &str> = leads
        .iter()
        .filter_map(|l| Some((l["id"].as_str()?, l["dealId"].as_str()?)))
        .collect();
    let with_lead = deals.iter().filter(|d| d.get("leadId").is_some()).count();
    assert_eq!(with_lead, n * 6 / 10);
    assert_eq!(
        lead_deal.len(),
        with_lead,
        "one converted lead per lead-sourced deal"
    );
    for d in deals {
        let id = d["id"].as_str().unwrap();
        assert!(contact_ids.contains(d["contactId"].as_str().unwrap()));
        if let Some(lead) = d.get("leadId") {
            let lead = lead.as_str().unwrap();
            assert!(lead_ids.contains(lead), "{id}: leadId {lead} exists");
            assert_eq!(lead_deal[lead], id, "{lead}.dealId points back to {id}");
        }
    }
    for l in leads {
        assert!(contact_ids.contains(l["contactId"].as_str().unwrap()));
        if let Some(d) = l.get("dealId") {
            assert!(deal_ids.contains(d.as_str().unwrap()));
            assert!(l["convertedAt"].as_str().unwrap() < AS_OF);
        }
    }
    for a in activities {
        assert!(a["at"].as_str().unwrap() < AS_OF);
        assert!(contact_ids.contains(a["contactId"].as_str().unwrap()));
        match (a.get("dealId"), a.get("leadId")) {
            (Some(d), None) => assert!(deal_ids.contains(d.as_str().unwrap())),
            (None, Some(l)) => assert!(lead_ids.contains(l.as_str().unwrap())),
            other => panic!("an activity names exactly one of deal and lead: {other:?}"),
        }
    }
}

#[test]
fn histories_are_ordered_and_agree_with_status() {
    let v = dataset(2000, 3);
    let kind: HashMap<&str, &str> = array(&v, "stages")
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    let mut status_count: HashMap<&str, usize> = HashMap::new();
    for d in array(&v, "deals") {
        let id = d["id"].as_str().unwrap();
        let history = d["history"].as_array().unwrap();
        assert_eq!(
            history[0]["stage"], "prospecting",
            "{id} starts at prospecting"
        );
        let times: Vec<&str> = history.iter().map(|e| e["at"].as_str().unwrap()).collect();
        assert!(
            times.windows(2).all(|w| w[0] < w[1]),
            "{id}: history times strictly increase: {times:?}"
        );
        assert!(
            times.last().unwrap() < &AS_OF,
            "{id}: history ends before asOf"
        );
        let last_stage = history
            .iter()
            .rev()
            .find_map(|e| e["stage"].as_str())
            .unwrap();
        assert_eq!(
            d["stage"], last_stage,
            "{id}: stage is the last history stage"
        );
        let status = d["status"].as_str().unwrap();
        assert_eq!(
            status, kind[last_stage],
            "{id}: status is the kind of the final stage"
        );
        assert_eq!(
            d.get("closedAt").is_some(),
            status != "open",
            "{id}: closedAt exactly when closed"
        );
        *status_count.entry(status).or_default() += 1;
    }
    let share = |s: &str| status_count[s] as f64 / 2000.0;
    assert!((0.18..0.33).contains(&share("won")), "won {}", share("won"));
    assert!(
        (0.27..0.43).contains(&share("lost")),
        "lost {}",
        share("lost")
    );
    assert!(
        (0.30..0.50).contains(&share("open")),
        "open {}",
        share("open")
    );
}

#[test]
fn every_accepted_date_form_appears() {
    let v = dataset(2000, 1);
    let created: Vec<&Value> = array(&v, "deals").iter().map(|d| &d["createdAt"]).collect();
    assert!(
        created.iter().any(|c| c.is_u64()),
        "epoch milliseconds as a number"
    );
    assert!(created.iter().any(|c| c
        .as_str()
        .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()))));
    assert!(created.iter().any(|c| c
        .as_str()
        .is_some_and(|s| s.ends_with("+02:00") || s.ends_with("-05:00"))));
    assert!(
        created
            .iter()
            .filter(|c| c.as_str().is_some_and(|s| s.ends_with('Z')))
            .count()
            > 1800
    );
    let d = &array(&v, "deals")[0];
    assert_eq!(
        d["expectedCloseAt"].as_str().unwrap().len(),
        10,
        "expectedCloseAt is a plain date"
    );
}

#[test]
fn partial_blocks_and_empty_datasets_are_valid() {
    for n in [0, 1, 7, 13] {
        let v = dataset(n, 5);
        assert_eq!(array(&v, "deals").len(), n);
        assert_eq!(array(&v, "leads").len(), (15 * n).div_ceil(10));
        assert!(
            !array(&v, "quotas").is_empty(),
            "quotas exist even without deals"
        );
    }
}

#[test]
fn quotas_cover_the_data_by_fiscal_quarter() {
    let v = dataset(100, 1);
    let quotas = array(&v, "quotas");
    let company: Vec<&Value> = quotas.iter().filter(|q| q["owner"].is_null()).collect();
    assert_eq!(
        quotas.len(),
        company.len() * 26,
        "25 reps and the company per quarter"
    );
    assert_eq!(
        company[0]["start"], "2024-11-01",
        "the quarter holding the first deal (Nov-Jan)"
    );
    assert_eq!(
        company.last().unwrap()["start"],
        "2027-02-01",
        "through the quarter after asOf"
    );
    for f in array(&v, "forecasts") {
        assert!(f["submittedAt"].as_str().unwrap() < "2026-11-23");
    }
}

#[test]
fn a_bad_as_of_is_an_input_error() {
    for as_of in ["2026-02-30", "2026-2-3", "1970-06-01"] {
        let opts = GenerateOptions {
            as_of,
            ..GenerateOptions::default()
        };
        let err = generate(&opts, &mut Vec::new()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{as_of}");
    }
    let opts = GenerateOptions {
        owners: 0,
        ..GenerateOptions::default()
    };
    assert!(generate(&opts, &mut Vec::new()).is_err());
}

#[test]
fn the_engine_loads_it_without_errors() {
    let data = bytes(500, 9);
    let dataset = spi_wasm::Dataset::from_json(&data).expect("generated data loads");
    let report =
        serde_json::to_value(dataset.report(&spi_wasm::Query::default()).unwrap()).unwrap();
    for h in report["health"].as_array().unwrap() {
        if h["severity"] == "error" {
            assert_eq!(h["passed"], true, "no error-level health finding: {h}");
        }
    }
}
