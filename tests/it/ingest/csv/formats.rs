//! CSV dialects (separators, BOM, CRLF, quoting), several files into one dataset, and the CLI.

use crate::common;

use common::{close, indicator, query};
use spi_wasm::{Dataset, Mapping};
use std::process::Command;

/// Three deals, two won (100 and 300) and one lost, in the Maven layout.
fn rows(sep: &str, eol: &str) -> String {
    let lines = [
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value",
        "A,\"Lee, Ann\",p,\"Acme; \"\"Intl\"\"\",Won,01-01-2017,10-02-2017,100",
        "B,\"Lee, Ann\",p,\"multi\nline\",Lost,02-01-2017,11-02-2017,0",
        "C,Bo,p,acc,Won,03-01-2017,12-02-2017,300",
    ];
    lines.iter().map(|l| l.replace(',', sep).to_string() + eol).collect()
}

fn check(bytes: &[u8], separator: &str) {
    let dataset = Dataset::from_csv(bytes, None).unwrap_or_else(|e| panic!("{separator:?}: {e}"));
    assert_eq!(dataset.sources()[0].separator.as_deref(), Some(separator));
    assert_eq!(dataset.summary().owners, vec!["Bo", &format!("Lee{separator} Ann")]);
    let store = dataset.store();
    assert_eq!(store.strings.resolve(store.deals[0].account), "Acme; \"Intl\"".replace(',', separator));
    assert_eq!(store.strings.resolve(store.deals[1].account), "multi\nline");
    let report = dataset.report(&query(r#"{"from": "2017-01-01", "to": "2017-03-01"}"#)).unwrap();
    close(indicator(&report, "win_rate").figure.value, 2.0 / 3.0);
    close(indicator(&report, "average_deal_size").figure.value, 200.0);
}

#[test]
fn comma_semicolon_and_tab_with_quotes_bom_and_crlf() {
    check(rows(",", "\n").as_bytes(), ",");
    check(rows(";", "\r\n").as_bytes(), ";");
    let tab = format!("\u{feff}{}", rows("\t", "\r\n"));
    check(tab.as_bytes(), "\t");
}

#[test]
fn european_amounts_with_a_semicolon_file() {
    let csv = "Opportunity ID;Amount;Close Date;Won;Closed\n\"A\";\"1.200,50 €\";31.01.2026;1;1\nB;\"2.000\";30.01.2026;0;1\n";
    let mapping = Mapping::parse(r#"{"preset": "salesforce", "decimalSeparator": ","}"#).unwrap();
    let mut sources = Dataset::builder();
    sources.csv(csv.as_bytes(), Some(&mapping)).unwrap();
    let dataset = sources.finish().unwrap();
    assert_eq!(dataset.sources()[0].date_formats["Close Date"], "DD.MM.YYYY");
    let report = dataset.report(&query(r#"{"from": "2026-01-01", "to": "2026-02-01"}"#)).unwrap();
    close(indicator(&report, "win_rate_by_value").figure.value, 1200.5 / 3200.5);
}

#[test]
fn leads_and_activities_files_join_the_deals() {
    // Canonical column names are recognised for any kind; a custom mapping reads the rest.
    let deals = "id,createdAt,closedAt,status,amount,leadId\nD1,2026-01-10,2026-02-01,won,500,L1\n";
    let leads = "id,created_at,qualified_at,converted_at,deal_id,source\nL1,2026-01-02,2026-01-05,2026-01-10,D1,web\nL2,2026-01-03,,,,web\n";
    let calls = "Call ID\tWhen\tRep\tLead\nX1\t2026-01-02T10:00:00Z\tAnn\tL1\nX2\t2026-01-03T10:00:00Z\tAnn\tL2\n";
    let calls_mapping = Mapping::parse(
        r#"{"kind": "activities", "fields": {"id": "Call ID", "at": "When", "owner": "Rep", "leadId": "Lead"}}"#,
    )
    .unwrap();
    let mut sources = Dataset::builder();
    sources.csv(deals.as_bytes(), None).unwrap().csv(leads.as_bytes(), None).unwrap();
    sources.csv(calls.as_bytes(), Some(&calls_mapping)).unwrap();
    let dataset = sources.finish().unwrap();
    let summary = dataset.summary();
    assert_eq!((summary.deals, summary.leads, summary.activities), (1, 2, 2));
    let kinds: Vec<_> = summary.sources.iter().map(|s| (s.preset.clone().unwrap(), s.kind.unwrap().name())).collect();
    assert_eq!(kinds, [("canonical".into(), "deals"), ("canonical_leads".into(), "leads"), ("custom".into(), "activities")]);
}

fn spi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spi")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("spi runs")
}

#[test]
fn cli_reads_csv_with_settings_and_reports_the_preset() {
    let dir = std::env::temp_dir().join(format!("spi-csv-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("settings.json");
    std::fs::write(&settings, r#"{"settings": {"currency": "USD"}, "fx": {"EUR": 1.1}}"#).unwrap();
    let q = dir.join("q1.json");
    std::fs::write(&q, r#"{"from": "2026-01-01", "to": "2026-04-01", "indicators": ["average_deal_size"]}"#).unwrap();
    let csv = "tests/fixtures/csv/salesforce_opportunities.csv";
    let out = spi(&["report", "--data", csv, "--data", settings.to_str().unwrap(), "--query", q.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("salesforce_opportunities.csv: preset salesforce (detected, confidence 1.00), 4 deals"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["indicators"][0]["value"].as_f64(), Some(8200.0));
    // A named preset that does not fit the file maps no column: exit 2, the header listed.
    let out = spi(&["report", "--data", csv, "--preset", "maven"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let first: serde_json::Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!((first["error"]["source"].as_str(), first["error"]["path"].as_str()), (Some(csv), Some("mapping.fields")));
    assert!(stderr.contains("\"deal_stage\"") && stderr.contains("\"Opportunity Owner\""), "{stderr}");
    // A user's own mapping: every column it names must be there.
    let mapping = dir.join("m.json");
    std::fs::write(&mapping, r#"{"fields": {"id": "Opportunity ID", "amount": "Deal Value"}}"#).unwrap();
    let out = spi(&["report", "--data", csv, "--mapping", mapping.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let first: serde_json::Value = serde_json::from_str(String::from_utf8(out.stderr).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!((first["error"]["code"].as_str(), first["error"]["path"].as_str()), (Some("invalid_mapping"), Some("mapping.fields.amount")));
}

/// An error names the file's own line, counted by hand: with CRLF line ends (Excel's, where the
/// `csv` crate's own line numbers are one short) and below a title and a blank line.
#[test]
fn errors_name_the_files_own_line_with_crlf_and_a_title() {
    let rows = "id,amount,createdAt,closedAt,status,owner\r\na,1,2023-01-01,2023-02-01,won,x\r\nc,1,2023-01-01,2023-02-01,won,x\r\nb,12k,2023-01-01,2023-02-01,won,x\r\n";
    for (text, line) in [(rows.to_string(), 4), (rows.replace("\r\n", "\n"), 4), (format!("\"Pipeline by owner\"\r\n\r\n{rows}"), 6)] {
        let e = spi_wasm::Dataset::from_csv(text.as_bytes(), Some("canonical")).unwrap_err();
        assert_eq!(e.path(), "rows[2].amount");
        assert!(e.message().ends_with(&format!("(line {line})")), "{}", e.message());
    }
}

/// A header naming a read column twice: the first is read (pipeline created 100 + 50 = 150, by
/// hand, not the second column's 999 + 888) and the source says so.
#[test]
fn a_column_named_twice_is_read_from_the_first_and_said() {
    let csv = "Id,StageName,Amount,CloseDate,CreatedDate,IsWon,IsClosed,Amount\n006A,Closed Won,100,2024-03-01,2024-01-05,true,true,999\n006B,Closed Lost,50,2024-03-02,2024-01-06,false,true,888\n";
    let dataset = spi_wasm::Dataset::from_csv(csv.as_bytes(), None).unwrap();
    let warning = dataset.sources()[0].warnings.iter().find(|w| w.code == "duplicate_column").expect("said");
    assert_eq!(warning.message, "the header names \"Amount\" 2 times: amount reads the first; to read another, rename it in the file and map it");
    let q = spi_wasm::Query::from_json(br#"{"from": "2024-01-01", "to": "2024-04-01", "compare": null, "indicators": ["pipeline_created"]}"#).unwrap();
    let report = dataset.report(&q).unwrap();
    assert_eq!(report.indicators[0].figure.value, Some(150.0));
}
