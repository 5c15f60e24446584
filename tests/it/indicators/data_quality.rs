//! Contact data quality on a hand-made dataset; every expected number is worked out in the comments.

use spi_wasm::indicators::data_quality::well_formed_email;
use spi_wasm::indicators::figure::DataStatus;
use spi_wasm::indicators::Figure;
use spi_wasm::report::{IndicatorReport, Report};
use spi_wasm::{Dataset, DrillRequest, Query};

// Contact  email            phone               title        company  seniority  valid  share  matched
// C1       ann@acme.com ok  +1 (555) 010-2030 ok CFO ok      Acme ok  exec ok    5      1.0    yes
// C2       bob@@acme.com    555 0100 9 ok (8)    VP ok        -        ""         2      0.4    no
// C3       "carl @acme.com" 12345 (5 digits)     Head of Ops  -        manager    2      0.4    yes
// C4       dora@localhost   555-0102-03 ok (9)   Intern ok    -        -          2      0.4    (none)
// C5       eve@beta.io ok   -                    "   "        -        -          1      0.2    no
// Fields valid: email 2, phone 3, title 4, company 1, seniority 2 (of 5).
// Completeness: (1.0 + 0.4 + 0.4 + 0.4 + 0.2) / 5 = 2.4 / 5 = 0.48.
const CONTACTS: &str = r#"[
  { "id": "C1", "email": "ann@acme.com", "phone": "+1 (555) 010-2030", "title": "CFO", "company": "Acme",
    "seniority": "exec", "enrichment": { "matched": true, "sources": ["vendor-a"] } },
  { "id": "C2", "email": "bob@@acme.com", "phone": "555 0100 9", "title": "VP", "seniority": "",
    "enrichment": { "matched": false } },
  { "id": "C3", "email": "carl @acme.com", "phone": "12345", "title": "Head of Ops", "seniority": "manager",
    "enrichment": { "matched": true } },
  { "id": "C4", "email": "dora@localhost", "phone": "555-0102-03", "title": "Intern" },
  { "id": "C5", "email": "eve@beta.io", "title": "   ", "enrichment": { "matched": false } }
]"#;

// With activities: C1 touched in period (inbound counts), C2 through its lead L1, C3 only before
// the period, an activity on an unknown contact is ignored; C4 and C5 untouched.
const ACTIVITIES: &str = r#"
  "leads": [ { "id": "L1", "createdAt": "2026-01-01", "contactId": "C2" } ],
  "activities": [
    { "id": "X1", "type": "call", "direction": "inbound", "contactId": "C1", "at": "2026-02-01" },
    { "id": "X2", "type": "email", "direction": "outbound", "leadId": "L1", "at": "2026-02-10" },
    { "id": "X3", "type": "call", "direction": "outbound", "contactId": "C3", "at": "2025-12-01" },
    { "id": "X4", "type": "call", "direction": "outbound", "contactId": "C-unknown", "at": "2026-02-02" }
  ],"#;

const QUERY: &str = r#"{ "from": "2026-01-01", "to": "2026-04-01", "groupBy": ["enriched"] }"#;

fn dataset(with_activities: bool) -> Dataset {
    let extra = if with_activities { ACTIVITIES } else { "" };
    let json = format!(r#"{{ "settings": {{ "asOf": "2026-04-01" }}, {extra} "contacts": {CONTACTS} }}"#);
    Dataset::from_json(json.as_bytes()).unwrap()
}

fn report(dataset: &Dataset, query: &str) -> Report {
    dataset.report(&Query::from_json(query.as_bytes()).unwrap()).unwrap()
}

fn indicator<'r>(report: &'r Report, id: &str) -> &'r IndicatorReport {
    report.indicators.iter().find(|i| i.id == id).unwrap()
}

/// (numerator, denominator) of the enriched groups "true" then "false".
fn enriched_parts(report: &Report, id: &str) -> Vec<(f64, f64)> {
    let figure = |g: &str| -> Figure {
        let row = report.groups["enriched"].iter().find(|r| r.group == g).unwrap();
        row.indicators.iter().find(|f| f.id == id).unwrap().figure.clone()
    };
    ["true", "false"].iter().map(|g| figure(g)).map(|f| (f.numerator.unwrap(), f.denominator.unwrap())).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn email_validation() {
    for ok in ["ann@acme.com", "a@b.c", "first.last+tag@mail.example.org"] {
        assert!(well_formed_email(ok), "{ok}");
    }
    for bad in ["", "bob@@acme.com", "carl @acme.com", "dora@localhost", "@acme.com", "a@.com", "a@acme.", "a@acme..com", "plain"] {
        assert!(!well_formed_email(bad), "{bad}");
    }
}

#[test]
fn completeness_is_the_mean_share_of_valid_fields() {
    let r = report(&dataset(false), QUERY);
    let i = indicator(&r, "attribute_completeness");
    let f = &i.figure;
    assert!(close(f.value.unwrap(), 0.48) && close(f.numerator.unwrap(), 2.4));
    assert_eq!((f.denominator, f.sample_size), (Some(5.0), 5));
    let fields: Vec<f64> = ["email", "phone", "title", "company", "seniority"].iter().map(|k| f.stats[*k].unwrap()).collect();
    assert_eq!(fields, [0.4, 0.6, 0.8, 0.2, 0.4]);
    assert!(i.series.is_empty() && i.previous.is_none(), "a snapshot has no series");
    // Enriched true: C1 C3 -> 1.4 / 2; false: C2 C4 C5 -> 1.0 / 3. Sum 2.4 / 5.
    let parts = enriched_parts(&r, "attribute_completeness");
    assert!(close(parts[0].0, 1.4) && parts[0].1 == 2.0 && close(parts[1].0, 1.0) && parts[1].1 == 3.0);
    // Drill: every contact has at least one valid field.
    let query = Query::from_json(QUERY.as_bytes()).unwrap();
    let drill = dataset(false).drill(&query, &DrillRequest { indicator: "attribute_completeness".into(), ..Default::default() }).unwrap();
    assert_eq!(drill.denominator_ids, ["C1", "C2", "C3", "C4", "C5"]);
    assert_eq!(drill.numerator_ids, drill.denominator_ids);
}

#[test]
fn match_rate_over_all_contacts_without_activities() {
    let r = report(&dataset(false), QUERY);
    let i = indicator(&r, "contact_match_rate");
    // Matched C1 C3 of 5.
    assert_eq!((i.figure.value, i.figure.numerator, i.figure.denominator), (Some(0.4), Some(2.0), Some(5.0)));
    let (low, high) = spi_wasm::stats::wilson(2.0, 5.0).unwrap();
    assert_eq!(i.figure.interval.map(|w| (w.low, w.high)), Some((low, high)));
    assert!(i.definition.starts_with("all contacts"));
    assert_eq!(enriched_parts(&r, "contact_match_rate"), [(2.0, 2.0), (0.0, 3.0)]);
}

#[test]
fn match_rate_over_contacts_touched_in_period() {
    let data = dataset(true);
    let r = report(&data, QUERY);
    let i = indicator(&r, "contact_match_rate");
    // Touched in period: C1 (matched), C2 (through L1, not matched) -> 1/2.
    assert_eq!((i.figure.value, i.figure.numerator, i.figure.denominator), (Some(0.5), Some(1.0), Some(2.0)));
    assert!(i.definition.starts_with("contacts with at least one activity"));
    // true: C1 -> 1/1; false: C2 -> 0/1. Sum 1/2.
    assert_eq!(enriched_parts(&r, "contact_match_rate"), [(1.0, 1.0), (0.0, 1.0)]);
    let query = Query::from_json(QUERY.as_bytes()).unwrap();
    let drill = data.drill(&query, &DrillRequest { indicator: "contact_match_rate".into(), ..Default::default() }).unwrap();
    assert_eq!((drill.numerator_ids, drill.denominator_ids), (vec!["C1".to_string()], vec!["C1".to_string(), "C2".to_string()]));
    // December 2025: only C3 touched, matched -> 1/1.
    let r = report(&data, r#"{ "from": "2025-12-01", "to": "2026-01-01" }"#);
    assert_eq!(indicator(&r, "contact_match_rate").figure.value, Some(1.0));
    // A period without activity: no contact touched -> null, insufficient.
    let r = report(&data, r#"{ "from": "2027-01-01", "to": "2027-02-01" }"#);
    let f = &indicator(&r, "contact_match_rate").figure;
    assert_eq!((f.value, f.denominator, f.status), (None, Some(0.0), DataStatus::InsufficientData));
}

#[test]
fn no_contacts_is_null_and_insufficient() {
    let data = Dataset::from_json(br#"{ "settings": { "asOf": "2026-04-01" } }"#).unwrap();
    let r = report(&data, QUERY);
    for id in ["contact_match_rate", "attribute_completeness"] {
        let f = &indicator(&r, id).figure;
        assert_eq!((f.value, f.status), (None, DataStatus::InsufficientData), "{id}");
    }
    assert_eq!(indicator(&r, "attribute_completeness").figure.stats["email"], None);
}
