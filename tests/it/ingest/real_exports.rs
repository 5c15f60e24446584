//! The real exports in `../shared/data/real/` (public Salesforce sample orgs), dropped with no
//! preset, alone and together in any order: every number below was counted by hand from the
//! CSVs with Python's `csv` module (won = `IsWon` true, lost = `IsClosed` true and not won,
//! amounts summed from `Amount`; with history, a deal's close is the history row that moved it
//! into its final stage, per the spec).

use crate::common;

use common::{build, close, indicator, query};
use spi_wasm::Dataset;

const DEVORG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real/sf-devorg-powerbi/");
const WORKSHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/real/sfdc-assets-data-cloud-workshop/");

/// A file's name, bytes and mapping, as `common::build` takes them.
type Input<'a> = (&'a str, &'a [u8], Option<&'a str>);

/// The file's bytes, or `None` (and a note) where `../shared` is absent.
fn file(dir: &str, name: &str) -> Option<Vec<u8>> {
    let path = format!("{dir}{name}");
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            println!("note: {path} is absent; this real-export test is skipped");
            None
        }
    }
}

/// Won and lost counts and the won amount of the deals closed in `[from, to)`.
fn closed(dataset: &Dataset, from: &str, to: &str) -> (Option<f64>, Option<f64>, Option<f64>) {
    let q = query(&format!(r#"{{"from": "{from}", "to": "{to}", "compare": null, "indicators": ["win_rate", "win_rate_by_value"]}}"#));
    let report = dataset.report(&q).unwrap();
    let win = &indicator(&report, "win_rate").figure;
    let value = &indicator(&report, "win_rate_by_value").figure;
    (win.numerator, win.denominator, value.numerator)
}

#[test]
fn salesforce_api_csv_is_read_as_salesforce_not_canonical() {
    let Some(bytes) = file(WORKSHOP, "Opportunity.csv") else { return };
    let dataset = build(&[("Opportunity.csv", &bytes, None)]).unwrap();
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.detected, source.records), (Some("salesforce_api"), true, 50));
    assert!(source.confidence.unwrap() >= 0.9, "{source:?}");
    assert!(source.evidence.iter().any(|e| e == "stage <- StageName"), "{:?}", source.evidence);
    // IsWon is 1 on 12 rows and empty on the others: an empty boolean is a usable false, so all
    // 50 hold a value; LeadSource is empty on every row.
    let won = source.coverage.iter().find(|c| c.field == "won").unwrap();
    assert_eq!((won.column.as_str(), won.filled), ("IsWon", 50));
    let lead_source = source.coverage.iter().find(|c| c.field == "source").unwrap();
    assert_eq!((lead_source.column.as_str(), lead_source.filled), ("LeadSource", 0));
    // All 15 closed deals closed in 2023: 12 won of 10,542,562.98, 3 lost of 3,058,912.50.
    let (won, decided, won_amount) = closed(&dataset, "2023-01-01", "2024-01-01");
    assert_eq!((won, decided), (Some(12.0), Some(15.0)));
    close(won_amount, 10_542_562.98);
    let q = query(r#"{"from": "2023-01-01", "to": "2024-01-01", "compare": null, "indicators": ["win_rate_by_value"]}"#);
    close(indicator(&dataset.report(&q).unwrap(), "win_rate_by_value").figure.denominator, 10_542_562.98 + 3_058_912.50);
    let summary = dataset.summary();
    assert_eq!(summary.owners, ["005Ec000004oBPNIA2"], "one OwnerId on every row");
    assert!(summary.as_of.starts_with("2024-01-22"), "the bulk load's CreatedDate, not 1970: {}", summary.as_of);
    // The 15 closes (CloseDate of the IsClosed rows) run 2023-02-02 .. 2023-11-27, all before the
    // one CreatedDate: the page's "pick a period" hint must point there, not at the creations.
    assert!(summary.first.as_deref().unwrap().starts_with("2024-01-22"), "{:?}", summary.first);
    let closes = (summary.first_close.as_deref().unwrap(), summary.last_close.as_deref().unwrap());
    assert!(closes.0.starts_with("2023-02-02") && closes.1.starts_with("2023-11-27"), "{closes:?}");
}

#[test]
fn workshop_org_files_together_in_any_order() {
    let (Some(opps), Some(leads), Some(accounts)) = (file(WORKSHOP, "Opportunity.csv"), file(WORKSHOP, "Lead.csv"), file(WORKSHOP, "Account.csv"))
    else {
        return;
    };
    let forward = build(&[("Opportunity.csv", &opps, None), ("Lead.csv", &leads, None), ("Account.csv", &accounts, None)]).unwrap();
    let backward = build(&[("Account.csv", &accounts, None), ("Lead.csv", &leads, None), ("Opportunity.csv", &opps, None)]).unwrap();
    for dataset in [&forward, &backward] {
        let s = dataset.summary();
        assert_eq!((s.deals, s.leads), (50, 60));
        let presets: Vec<_> = dataset.sources().iter().map(|s| s.preset.clone().unwrap()).collect();
        assert!(presets.contains(&"salesforce_leads".to_string()) && presets.contains(&"salesforce_accounts".to_string()), "{presets:?}");
        assert_eq!(closed(dataset, "2023-01-01", "2024-01-01").0, Some(12.0));
    }
    // The first opportunity's account (001Ec00000GGw3iIAD) bills to the United States.
    let store = forward.store();
    let deal = store.deals.iter().find(|d| store.strings.get(d.id) == Some("006Ec00000AieKFIAZ")).unwrap();
    assert_eq!(store.strings.get(deal.region), Some("United States"));
}

#[test]
fn report_style_export_with_two_digit_years() {
    let Some(bytes) = file(DEVORG, "Opportunity.csv") else { return };
    let dataset = build(&[("Opportunity.csv", &bytes, None)]).unwrap();
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.records), (Some("salesforce_api"), 36));
    assert_eq!(source.date_formats.get("CloseDate").map(String::as_str), Some("MM/DD/YY"));
    // No OwnerId column in this export: said, not silent.
    assert!(source.warnings.iter().any(|w| w.code == "field_not_read" && w.message.contains("owner")), "{:?}", source.warnings);
    // By CloseDate alone: 12 won and 6 lost on 02/03/24; 2 lost in 2026 Q1 (02/23/26, 03/31/26).
    assert_eq!(closed(&dataset, "2024-01-01", "2024-04-01").0, Some(12.0));
    assert_eq!(closed(&dataset, "2024-01-01", "2024-04-01").1, Some(18.0));
    assert_eq!(closed(&dataset, "2026-01-01", "2026-04-01").0, Some(0.0));
    assert_eq!(closed(&dataset, "2026-01-01", "2026-04-01").1, Some(2.0));
    // The 20 IsClosed rows' CloseDate runs 02/03/24 .. 03/31/26.
    let summary = dataset.summary();
    let closes = (summary.first_close.as_deref().unwrap(), summary.last_close.as_deref().unwrap());
    assert!(closes.0.starts_with("2024-02-03") && closes.1.starts_with("2026-03-31"), "{closes:?}");
}

#[test]
fn history_joins_its_deals_and_is_never_read_as_deals() {
    let (Some(opps), Some(history), Some(leads), Some(accounts)) =
        (file(DEVORG, "Opportunity.csv"), file(DEVORG, "OpportunityHistory.csv"), file(DEVORG, "Lead.csv"), file(DEVORG, "Account.csv"))
    else {
        return;
    };
    let orders: [[Input; 4]; 2] = [
        [("Opportunity.csv", &opps, None), ("OpportunityHistory.csv", &history, None), ("Lead.csv", &leads, None), ("Account.csv", &accounts, None)],
        [("OpportunityHistory.csv", &history, None), ("Account.csv", &accounts, None), ("Lead.csv", &leads, None), ("Opportunity.csv", &opps, None)],
    ];
    for inputs in orders {
        let dataset = build(&inputs).unwrap();
        let s = dataset.summary();
        assert_eq!((s.deals, s.leads), (36, 22), "48 history rows are not deals");
        let history_source = dataset.sources().iter().find(|s| s.name.as_deref() == Some("OpportunityHistory.csv")).unwrap();
        assert_eq!((history_source.preset.as_deref(), history_source.history_rows), (Some("salesforce_history"), 48));
        assert_eq!(dataset.store().history.len(), 48);
        // With history, a deal closes when it entered its final stage: the 12 won on 02/23/26
        // (2,815,000 in all), 7 lost on 03/07/26 and one on 02/24/26: all in 2026 Q1.
        let (won, decided, amount) = closed(&dataset, "2026-01-01", "2026-04-01");
        assert_eq!((won, decided), (Some(12.0), Some(20.0)));
        close(amount, 2_815_000.0);
        // Five leads converted on 02/24/26, each into one of the 36 opportunities.
        let q = query(r#"{"from": "2026-01-01", "to": "2026-04-01", "compare": null, "indicators": ["lead_to_opportunity_rate"]}"#);
        let _ = dataset.report(&q).unwrap();
        let store = dataset.store();
        assert_eq!(store.leads.iter().filter(|l| l.deal != spi_wasm::store::NO_SYM).count(), 5);
    }
}

#[test]
fn a_history_file_alone_says_its_rows_have_no_deals() {
    let Some(history) = file(DEVORG, "OpportunityHistory.csv") else { return };
    let dataset = build(&[("OpportunityHistory.csv", &history, None)]).unwrap();
    assert_eq!(dataset.summary().deals, 0);
    let w = dataset.summary().warnings.into_iter().find(|w| w.code == "history_without_deal").unwrap();
    assert_eq!(w.count, 48);
}

#[test]
fn the_cli_names_each_file_its_preset_and_confidence() {
    if file(DEVORG, "Opportunity.csv").is_none() {
        return;
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spi"))
        .args(["report", "--data", &format!("{DEVORG}OpportunityHistory.csv"), "--data", &format!("{DEVORG}Opportunity.csv")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("OpportunityHistory.csv: preset salesforce_history (detected, confidence"), "{stderr}");
    assert!(stderr.contains("Opportunity.csv: preset salesforce_api (detected, confidence 0."), "{stderr}");
    assert!(stderr.contains("), 36 deals") && stderr.contains("unread columns: ") && stderr.contains("Opp Close Date_Simulated"), "{stderr}");
    assert!(stderr.contains("warning partial_coverage (5): 5 of 36 records have no Amount (amount)"), "{stderr}");
}

/// The dev org's Lead export has no CreatedDate column (22 leads, OwnerId on all 22, by hand):
/// without it no lead falls in a period, so every lead figure is insufficient, and the source says
/// why. The workshop's Lead export has CreatedDate and OwnerId on all 60: nothing to say.
#[test]
fn a_lead_export_without_created_dates_says_so() {
    let (Some(devorg), Some(workshop)) = (file(DEVORG, "Lead.csv"), file(WORKSHOP, "Lead.csv")) else { return };
    let dataset = build(&[("Lead.csv", &devorg, None)]).unwrap();
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.records), (Some("salesforce_leads"), 22));
    let codes: Vec<(&str, &str)> = source.warnings.iter().map(|w| (w.code, w.message.as_str())).collect();
    assert_eq!(codes, [("field_not_read", "no column was read as createdAt: figures that need it are left out or show one \"(none)\" group")]);
    let r = dataset.report(&query(r#"{"from": "2026-01-01", "to": "2026-04-01"}"#)).unwrap();
    assert_eq!(indicator(&r, "lead_to_opportunity_rate").figure.value, None);
    let dataset = build(&[("Lead.csv", &workshop, None)]).unwrap();
    let source = &dataset.sources()[0];
    assert_eq!(source.records, 60);
    assert!(source.warnings.iter().all(|w| w.code != "field_not_read" && w.code != "partial_coverage"), "{:?}", source.warnings);
}

/// One `--preset salesforce_api` for both dev-org files (the CLI applies it to each) reads the
/// history's 48 rows as deals beside the 36 opportunities (84 deals). Each file's own source says
/// so when detection finds another kind of record with confidence: the history file, whose
/// columns detection reads as salesforce_history; not the opportunities, which it reads as deals.
#[test]
fn a_named_preset_for_another_kind_of_record_is_said() {
    let (Some(opps), Some(history)) = (file(DEVORG, "Opportunity.csv"), file(DEVORG, "OpportunityHistory.csv")) else { return };
    let preset = Some(r#"{"preset": "salesforce_api"}"#);
    let dataset = build(&[("Opportunity.csv", &opps, preset), ("OpportunityHistory.csv", &history, preset)]).unwrap();
    assert_eq!(dataset.summary().deals, 84);
    let said = |i: usize| -> Vec<String> {
        dataset.sources()[i].warnings.iter().filter(|w| w.code == "preset_contradicted").map(|w| w.message.clone()).collect()
    };
    assert!(said(0).is_empty(), "{:?}", said(0));
    assert_eq!(said(1), ["the file was read as deals (preset salesforce_api) but its columns look like history (preset salesforce_history, confidence 1.00): name the preset of each file, or let it be detected"]);
    // Named right, or left to detection: nothing to say.
    let dataset = build(&[("Opportunity.csv", &opps, preset), ("OpportunityHistory.csv", &history, Some(r#"{"preset": "salesforce_history"}"#))]).unwrap();
    assert_eq!(dataset.summary().deals, 36);
    assert!(dataset.sources().iter().all(|s| s.warnings.iter().all(|w| w.code != "preset_contradicted")));
}

#[test]
fn the_cli_says_where_the_closes_are_when_the_period_has_none() {
    if file(WORKSHOP, "Opportunity.csv").is_none() {
        return;
    }
    let spi = |path: &str| std::process::Command::new(env!("CARGO_BIN_EXE_spi")).args(["report", "--data", path]).output().unwrap();
    // The default period (this year to the as-of, 2024-01-01 .. 2024-01-22) holds none of the 15
    // closes, which run 2023-02-02 .. 2023-11-27 (by hand): the line names them.
    let out = spi(&format!("{WORKSHOP}Opportunity.csv"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("period: no deal closed between 2024-01-01 and 2024-01-22"), "{stderr}");
    assert!(stderr.contains("deals close from 2023-02-02 to 2023-11-27"), "{stderr}");
    // One open deal and no closed one: no period would help, and the line says so.
    let open = std::env::temp_dir().join(format!("spi-open-{}.csv", std::process::id()));
    std::fs::write(&open, "id,stage,amount,createdAt,owner\nd1,Prospecting,10,2024-01-02,ann\n").unwrap();
    let out = spi(open.to_str().unwrap());
    let _ = std::fs::remove_file(&open);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("period: no deal in the data is closed (won or lost)"), "{stderr}");
    // Two deals closed, neither with a close date (a column no preset reads): said so.
    std::fs::write(&open, "id,status,amount,createdAt,owner,Closing\nd1,won,10,2024-01-02,ann,2024-02-01\nd2,lost,5,2024-01-03,ann,2024-02-02\n").unwrap();
    let out = spi(open.to_str().unwrap());
    let _ = std::fs::remove_file(&open);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("period: 2 deals are closed but none has a close date"), "{stderr}");
    // The Maven export's default period holds closes: no line.
    let maven = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/maven_crm_sales_pipeline.csv");
    let stderr = String::from_utf8_lossy(&spi(maven).stderr).into_owned();
    assert!(!stderr.contains("period:"), "{stderr}");
}

#[test]
fn stages_outside_the_declared_ones_say_where_their_status_came_from() {
    let Some(bytes) = file(WORKSHOP, "Opportunity.csv") else { return };
    let dataset = build(&[("Opportunity.csv", &bytes, None)]).unwrap();
    // StageName by hand: Negotiation 9, Discovery 9, Proposal/Quote 8 are not Salesforce's standard
    // stages (26 deals, all open), so the funnel has no place for them. IsWon and IsClosed are
    // both empty on all 26: no status there, so it is inferred from the stage's name (open).
    let said: Vec<_> = dataset.summary().warnings.into_iter().filter(|w| w.code == "unknown_stage").collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].count, 26);
    assert!(said[0].message.contains("left out of the funnel") && said[0].message.ends_with("status inferred from the stage id"), "{}", said[0].message);
    // The funnel's first stage is reached by the 9 in Qualification and the 12 won (the 3 lost
    // have no history to place them): 21, none of the 26.
    let report = dataset.report(&query(r#"{"from": "2023-01-01", "to": "2024-02-01"}"#)).unwrap();
    assert_eq!(report.funnel.first().map(|s| (s.stage.as_str(), s.reached)), Some(("Prospecting", 21)));

    // Canonical JSON: an undeclared stage with no status is inferred from its name, one with a
    // status keeps it; both are said, each with its own reason.
    let json = r#"{"stages": [{"id": "a", "kind": "open"}, {"id": "won", "kind": "won"}, {"id": "lost", "kind": "lost"}], "deals": [
        {"id": "1", "stage": "x", "createdAt": "2024-01-02"},
        {"id": "2", "stage": "y", "status": "won", "createdAt": "2024-01-02", "closedAt": "2024-02-01"}]}"#;
    let warnings = common::dataset(json).summary().warnings;
    let reason = |id: &str| warnings.iter().find(|w| w.code == "unknown_stage" && w.examples.iter().any(|e| e == id)).map(|w| w.message.clone()).unwrap();
    assert!(reason("1").ends_with("status inferred from the stage id"), "{}", reason("1"));
    assert!(reason("2").ends_with("status read from the deal's status fields"), "{}", reason("2"));
}

/// The workshop's Opportunity.csv as Excel's "Unicode Text" writes it (UTF-16 with its
/// byte-order mark, tab-separated; Python's `csv` module split the rows for the re-encoding, std's
/// `encode_utf16` wrote the units): read as the original, both byte orders. Before, refused as
/// "not UTF-8 text".
#[test]
fn an_export_saved_as_utf16_reads_as_its_original() {
    let Some(bytes) = file(WORKSHOP, "Opportunity.csv") else { return };
    let text = String::from_utf8(bytes).unwrap();
    let mut rows = csv::ReaderBuilder::new().has_headers(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let tsv: String = rows.records().map(|r| r.unwrap().iter().collect::<Vec<_>>().join("\t") + "\r\n").collect();
    for little in [true, false] {
        let mut utf16 = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        utf16.extend(tsv.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }));
        let dataset = build(&[("Opportunity.txt", &utf16, None)]).unwrap();
        let source = &dataset.sources()[0];
        assert_eq!((source.preset.as_deref(), source.records, source.separator.as_deref()), (Some("salesforce_api"), 50, Some("\t")));
        let (won, decided, won_amount) = closed(&dataset, "2023-01-01", "2024-01-01");
        assert_eq!((won, decided), (Some(12.0), Some(15.0)));
        close(won_amount, 10_542_562.98);
    }
}

/// The workshop's Opportunity.csv as a formatted report saved from Excel: a title, a filter line
/// and a blank line above the header. The three lines are skipped and counted; the deals read as
/// the original's (12 won of 15, 10,542,562.98 won, by hand).
#[test]
fn a_report_title_above_the_header_is_skipped_and_counted() {
    let Some(bytes) = file(WORKSHOP, "Opportunity.csv") else { return };
    let original = String::from_utf8(bytes).unwrap();
    let titled = format!("\"Opportunity Pipeline report\"\r\n\"Filtered By: Close Date equals THIS FISCAL YEAR\"\r\n\r\n{}", original.trim_start_matches('\u{feff}'));
    let dataset = build(&[("Opportunity.csv", titled.as_bytes(), None)]).unwrap();
    let source = &dataset.sources()[0];
    assert_eq!((source.preset.as_deref(), source.records), (Some("salesforce_api"), 50));
    let skipped = source.warnings.iter().find(|w| w.code == "skipped_row").expect("the title lines are said");
    assert_eq!((skipped.count, skipped.examples.as_slice()), (3, ["lines 1-3".to_string()].as_slice()));
    let (won, decided, won_amount) = closed(&dataset, "2023-01-01", "2024-01-01");
    assert_eq!((won, decided), (Some(12.0), Some(15.0)));
    close(won_amount, 10_542_562.98);
}
