//! Status and stage words as CRMs spell them; unrecognised statuses and contradictions are
//! counted warnings, never a silent "open".

use spi_wasm::store::{Status, Store};
use spi_wasm::{Dataset, Warning};

fn store(json: &str) -> Store {
    Dataset::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("{e}")).store().clone()
}

fn statuses(s: &Store) -> Vec<Status> {
    s.deals.iter().map(|d| d.status).collect()
}

fn warnings<'a>(s: &'a Store, code: &str) -> Vec<&'a Warning> {
    s.warnings.iter().filter(|w| w.code == code).collect()
}

#[test]
fn common_spellings_of_a_status_are_read_as_their_meaning() {
    let words = ["closed won", "Closed Won", "closed_won", "WON", "Won", "Closed-Lost", "lost ", "Lost", "CLOSED LOST", " open", "Open"];
    let deals: Vec<String> =
        words.iter().enumerate().map(|(i, w)| format!(r#"{{"id": "d{i}", "status": "{w}", "closedAt": "2026-01-01"}}"#)).collect();
    let s = store(&format!(r#"{{"deals": [{}]}}"#, deals.join(",")));
    use Status::*;
    assert_eq!(statuses(&s), [Won, Won, Won, Won, Won, Lost, Lost, Lost, Lost, Open, Open]);
    assert!(warnings(&s, "unmapped_status").is_empty(), "{:?}", s.warnings);
}

#[test]
fn an_unrecognised_status_is_a_counted_warning_and_the_stage_decides() {
    let s = store(
        r#"{"deals": [
        {"id": "a", "status": "pending", "stage": "Closed Won", "closedAt": "2026-01-01"},
        {"id": "b", "status": "pending", "stage": "Qualification"},
        {"id": "c", "status": "closed", "stage": "closed-lost", "closedAt": "2026-01-01"},
        {"id": "d", "status": "", "stage": "Qualification"}]}"#,
    );
    assert_eq!(statuses(&s), [Status::Won, Status::Open, Status::Lost, Status::Open]);
    let w = warnings(&s, "unmapped_status");
    let got: Vec<(&str, u64, Vec<String>)> = w.iter().map(|w| (w.message.as_str(), w.count, w.examples.clone())).collect();
    assert_eq!(
        got,
        [
            ("status value \"pending\" is not open, won or lost: status taken from the stage", 2, vec!["a".into(), "b".into()]),
            ("status value \"closed\" is not open, won or lost: status taken from the stage", 1, vec!["c".into()]),
        ]
    );
}

#[test]
fn open_stages_with_unknown_names_are_not_warned_about() {
    let s = store(r#"{"deals": [{"id": "a", "stage": "Qualification"}, {"id": "b", "stage": "Negotiation/Review", "status": "won", "closedAt": "2026-01-01"}]}"#);
    assert_eq!(statuses(&s), [Status::Open, Status::Won]);
    assert!(warnings(&s, "unmapped_status").is_empty() && warnings(&s, "status_contradicts_stage").is_empty(), "{:?}", s.warnings);
}

#[test]
fn a_status_contradicting_a_closed_stage_is_kept_and_reported() {
    let s = store(
        r#"{"stages": [{"id": "signed", "kind": "won"}, {"id": "dead", "kind": "lost"}],
        "deals": [{"id": "a", "stage": "dead", "status": "won", "closedAt": "2026-01-01"},
                  {"id": "b", "stage": "Closed Lost", "status": "Won", "closedAt": "2026-01-01"},
                  {"id": "c", "stage": "signed", "status": "won", "closedAt": "2026-01-01"},
                  {"id": "e", "stage": "signed", "status": "open"}]}"#,
    );
    assert_eq!(statuses(&s), [Status::Won, Status::Won, Status::Won, Status::Open]);
    let w = warnings(&s, "status_contradicts_stage");
    let got: Vec<(&str, u64, Vec<String>)> = w.iter().map(|w| (w.message.as_str(), w.count, w.examples.clone())).collect();
    assert_eq!(
        got,
        [
            ("status won contradicts the stage's kind lost: the status is used", 2, vec!["a".into(), "b".into()]),
            ("status open contradicts the stage's kind won: the status is used", 1, vec!["e".into()]),
        ]
    );
}

#[test]
fn csv_status_columns_read_the_same_spellings() {
    let csv = "id,status,amount,closed_at\na,Closed Won,5,2026-01-01\nb,lost ,7,2026-01-01\nc,maybe,9,\n";
    let d = Dataset::from_csv(csv.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(statuses(d.store()), [Status::Won, Status::Lost, Status::Open]);
    let w = warnings(d.store(), "unmapped_status");
    assert_eq!((w.len(), w[0].count, w[0].examples.clone()), (1, 1, vec!["c".to_string()]));
}
