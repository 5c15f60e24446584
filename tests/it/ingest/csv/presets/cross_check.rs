//! Each CSV preset on a small hand-made export, with the expected indicators worked out by hand.
//! Every file is read with no mapping (or a one-line override) to show the detection works.
//! (Written independently of tests/it/ingest/csv/presets.rs, as a cross-check of the same behaviour.)

use crate::common;
use common::{build, close, indicator, query};
use spi_wasm::report::Report;
use spi_wasm::Dataset;


/// win_rate, average_deal_size and pipeline_created (amount, count) of a report.
fn headline(report: &Report) -> (Option<f64>, Option<f64>, Option<f64>, u64) {
    let f = |id| &indicator(report, id).figure;
    (f("win_rate").value, f("average_deal_size").value, f("pipeline_created").value, f("pipeline_created").sample_size)
}

const H1_2024: &str = r#"{"from": "2024-01-01", "to": "2024-07-01", "cadence": "month", "groupBy": ["owner"]}"#;

/// Salesforce opportunity report: US dates (3/15/2024 proves month-first), amounts with
/// thousands separators, a quoted name holding a comma, Won/Closed flags, an EUR deal.
///
/// | id | owner | stage | amount | created | close | status |
/// | 006A | Ann | Closed Won | 12,000 USD | 01-10 | 03-15 | won (Won=1, Closed=1) |
/// | 006B | Ann | Closed Lost | 4,000 USD | 02-01 | 04-02 | lost |
/// | 006C | Bob | Closed Won | 5,000 EUR x 1.1 = 5,500 | 02-14 | 05-20 | won |
/// | 006D | Bob | Negotiation/Review | 8,000 USD | 03-03 | (08-30 expected) | open |
///
/// win rate 2 / 3; average deal size (12,000 + 5,500) / 2 = 8,750;
/// pipeline created 12,000 + 4,000 + 5,500 + 8,000 = 29,500 over 4 deals.
const SALESFORCE: &str = "\"Opportunity Owner\",\"Account Name\",\"Opportunity Name\",\"Stage\",\"Amount Currency\",\"Amount\",\"Close Date\",\"Created Date\",\"Won\",\"Closed\",\"Lead Source\",\"Type\",\"Opportunity ID\"
Ann Lee,Acme,\"Acme, renewal\",Closed Won,USD,\"12,000.00\",3/15/2024,1/10/2024,1,1,Web,New Business,006A
Ann Lee,Globex,Globex expansion,Closed Lost,USD,\"4,000.00\",4/2/2024,2/1/2024,0,1,Partner,Existing Business,006B
Bob Ray,Initech,Initech pilot,Closed Won,EUR,\"5,000.00\",5/20/2024,2/14/2024,1,1,Web,New Business,006C
Bob Ray,Umbrella,Umbrella deal,Negotiation/Review,USD,\"8,000.00\",8/30/2024,3/3/2024,0,0,Web,New Business,006D
";

const SETTINGS_USD: &str = r#"{"settings": {"currency": "USD", "asOf": "2024-07-01"}, "fx": {"EUR": 1.1}}"#;

#[test]
fn salesforce_report_export() {
    let dataset = build(&[("settings.json", SETTINGS_USD.as_bytes(), None), ("sf.csv", SALESFORCE.as_bytes(), None)]).unwrap();
    let summary = dataset.summary();
    let source = &summary.sources[1];
    assert_eq!((source.preset.as_deref(), source.detected), (Some("salesforce"), true));
    assert_eq!(source.date_formats.get("Close Date").map(String::as_str), Some("MM/DD/YYYY"));
    assert_eq!(summary.owners, ["Ann Lee", "Bob Ray"]);
    let report = dataset.report(&query(H1_2024)).unwrap();
    let (win, avg, created, count) = headline(&report);
    close(win, 2.0 / 3.0);
    close(avg, 8750.0);
    close(created, 29500.0);
    assert_eq!(count, 4);
    let store = dataset.store();
    let d = store.deals.iter().find(|d| store.strings.resolve(d.id) == "006A").unwrap();
    assert_eq!(store.strings.resolve(d.name), "Acme, renewal");
    assert_eq!(store.strings.resolve(d.source), "Web");
}

/// HubSpot deals export: "Date entered <stage> (<pipeline>)" columns become history.
///
/// | id | owner | stage | amount | created | entered won/lost | status |
/// | 101 | Ann | Closed Won | 1,000 | 01-05 | won 02-10 | won |
/// | 102 | Bob | Closed Lost | 3,000 | 01-20 | lost 03-01 | lost |
/// | 103 | Ann | Appointment Scheduled | 2,000 | 02-01 | - | open |
/// | 104 | Bob | Closed Won | $2,500.00 | 03-01 | won 04-10 (Close Date 04-15) | won |
///
/// win rate 2 / 3; average deal size (1,000 + 2,500) / 2 = 1,750; pipeline created 8,500 over 4.
/// Deal 104 closes at 04-10 (history wins over Close Date, with a close_date_mismatch warning).
const HUBSPOT: &str = "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal owner,\"Date entered \"\"Appointment Scheduled (Sales Pipeline)\"\"\",\"Date entered \"\"Closed Won (Sales Pipeline)\"\"\",\"Date entered \"\"Closed Lost (Sales Pipeline)\"\"\"
101,Alpha,Closed Won,Sales Pipeline,1000,2024-02-10 12:00,2024-01-05 09:00,Ann,2024-01-05 09:00,2024-02-10 12:00,
102,Beta,Closed Lost,Sales Pipeline,3000,2024-03-01 00:00,2024-01-20 10:00,Bob,2024-01-20 10:00,,2024-03-01 00:00
103,Gamma,Appointment Scheduled,Sales Pipeline,2000,2024-06-30 00:00,2024-02-01 08:00,Ann,2024-02-01 08:00,,
104,Delta,Closed Won,Sales Pipeline,\"$2,500.00\",2024-04-15,2024-03-01,Bob,2024-03-01,2024-04-10,
";

#[test]
fn hubspot_deals_export_with_stage_history() {
    let dataset = Dataset::from_csv(HUBSPOT.as_bytes(), None).unwrap();
    let summary = dataset.summary();
    assert_eq!(summary.sources[0].preset.as_deref(), Some("hubspot"));
    assert_eq!(summary.stages[0], "Appointment Scheduled");
    let store = dataset.store();
    assert_eq!(store.history.len(), 7, "2 + 2 + 1 + 2 stage entries");
    let delta = store.deals.iter().find(|d| store.strings.resolve(d.id) == "104").unwrap();
    assert_eq!(spi_wasm::time::format_instant(delta.closed), "2024-04-10T00:00:00Z");
    assert!(summary.warnings.iter().any(|w| w.code == "close_date_mismatch" && w.examples == ["104"]));
    let (win, avg, created, count) = headline(&dataset.report(&query(H1_2024)).unwrap());
    close(win, 2.0 / 3.0);
    close(avg, 1750.0);
    close(created, 8500.0);
    assert_eq!(count, 4);
}

/// Pipedrive deals export with `;` separators, decimal commas and space-grouped thousands
/// (overriding the preset's separators).
///
/// | id | owner | status | stage | value EUR | created | won / lost |
/// | 1 | Ann | Won | Negotiations Started | 1 500,50 | 01-02 | won 02-01 |
/// | 2 | Ann | Lost | Qualified | 700 | 01-03 | lost 02-20 |
/// | 3 | Bob | Open | Demo Scheduled | 2 000 | 02-05 | - |
/// | 4 | Bob | Deleted | Qualified | 999 | 02-06 | skipped |
/// | 5 | Bob | Won | Custom Stage | 300 | 03-01 | won 03-10 |
///
/// win rate 2 / 3; average deal size (1,500.50 + 300) / 2 = 900.25;
/// pipeline created 1,500.50 + 700 + 2,000 + 300 = 4,500.50 over 4 (deal 4 skipped).
const PIPEDRIVE: &str = "Deal - ID;Deal - Title;Deal - Value;Deal - Currency;Deal - Status;Deal - Stage;Deal - Owner;Deal - Deal created;Deal - Won time;Deal - Lost time;Deal - Expected close date
1;One;1 500,50;EUR;Won;Negotiations Started;Ann;2024-01-02 10:00:00;2024-02-01 10:00:00;;2024-02-15
2;Two;700;EUR;Lost;Qualified;Ann;2024-01-03 10:00:00;;2024-02-20 10:00:00;2024-03-01
3;Three;2 000;EUR;Open;Demo Scheduled;Bob;2024-02-05 10:00:00;;;2024-06-30
4;Four;999;EUR;Deleted;Qualified;Bob;2024-02-06 10:00:00;;;
5;Five;300;EUR;Won;Custom Stage;Bob;2024-03-01 10:00:00;2024-03-10 10:00:00;;
";

#[test]
fn pipedrive_deals_export() {
    let settings = br#"{"settings": {"currency": "EUR"}}"#;
    let mapping = r#"{"preset": "pipedrive", "decimalSeparator": ",", "thousandsSeparator": " "}"#;
    let dataset = build(&[("settings.json", settings, None), ("pd.csv", PIPEDRIVE.as_bytes(), Some(mapping))]).unwrap();
    let summary = dataset.summary();
    let source = &summary.sources[1];
    assert_eq!((source.preset.as_deref(), source.detected, source.separator.as_deref()), (Some("pipedrive"), false, Some(";")));
    assert_eq!((source.records, source.skipped), (4, 1));
    let (win, avg, created, count) = headline(&dataset.report(&query(H1_2024)).unwrap());
    close(win, 2.0 / 3.0);
    close(avg, 900.25);
    close(created, 4500.5);
    assert_eq!(count, 4);
}

/// Several files into one dataset: deals (Salesforce export), leads (a CSV with canonical
/// column names, read with `{"kind": "leads"}`), settings and fx (canonical JSON).
/// Lead to opportunity: L1 converted, L2 not -> 1 / 2.
#[test]
fn deals_leads_and_settings_from_several_files() {
    let leads = "id,createdAt,owner,source,convertedAt,dealId\nL1,2024-01-02,Ann Lee,web,2024-01-10,006A\nL2,2024-01-05,Ann Lee,web,,\n";
    let inputs: [(&str, &[u8], Option<&str>); 3] = [
        ("deals.csv", SALESFORCE.as_bytes(), None),
        ("leads.csv", leads.as_bytes(), Some(r#"{"kind": "leads"}"#)),
        ("settings.json", SETTINGS_USD.as_bytes(), None),
    ];
    let dataset = build(&inputs).unwrap();
    let summary = dataset.summary();
    let names: Vec<(Option<&str>, &str)> = summary.sources.iter().map(|s| (s.name.as_deref(), s.format.as_str())).collect();
    assert_eq!(names, [(Some("deals.csv"), "csv"), (Some("leads.csv"), "csv"), (Some("settings.json"), "json")]);
    assert_eq!((summary.deals, summary.leads), (4, 2));
    let report = dataset.report(&query(H1_2024)).unwrap();
    close(indicator(&report, "lead_to_opportunity_rate").figure.value, 0.5);
    close(indicator(&report, "average_deal_size").figure.value, 8750.0);
}
