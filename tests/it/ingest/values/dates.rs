//! Dates as real exports write them: two-digit years, `DD.MM.YYYY`, month names, epoch seconds
//! or milliseconds in a CSV column. Expected instants were worked out with Python's `datetime`
//! (an independent route): 2024-01-05 = 1704412800000, 2024-01-05T15:04Z = 1704467040000,
//! 2024-02-03 = 1706918400000, 2026-02-23 = 1771804800000, 2026-02-23T20:55Z = 1771880100000.

use spi_wasm::ingest::csv::dates::{pivot, read_month_name, DateFormat, Evidence};
use spi_wasm::time::RawTime;
use spi_wasm::Dataset;

const JAN5: i64 = 1_704_412_800_000;
const DAY: i64 = 86_400_000;

fn wall(ms: i64) -> Option<RawTime> {
    Some(RawTime::wall(ms))
}

fn decide(values: &[&str]) -> Result<Option<DateFormat>, String> {
    let mut e = Evidence::default();
    for (row, v) in values.iter().enumerate() {
        e.observe(row, v);
    }
    e.decide()
}

#[test]
fn month_names_in_the_forms_exports_write() {
    for text in ["Jan 5, 2024", "5 January 2024", "05-Jan-2024", "January 5 2024", "jan. 5, 2024", "5-JAN-24", "05 Jan 2024"] {
        assert_eq!(read_month_name(text), wall(JAN5), "{text}");
    }
    assert_eq!(read_month_name("January 5, 2024 3:04 PM"), wall(1_704_467_040_000));
    assert_eq!(read_month_name("Sept 30, 2024"), read_month_name("2024-09-30").or(wall(JAN5 + 269 * DAY)));
    for text in ["Jan 32, 2024", "Foo 5, 2024", "Q1 2024", "5 Jan", "Jan 5, 2024 later", "Ja 5 2024", "5 Jan 202"] {
        assert_eq!(read_month_name(text), None, "{text}");
    }
}

#[test]
fn two_digit_years_pivot_as_posix_strptime() {
    assert_eq!((pivot(0), pivot(24), pivot(68), pivot(69), pivot(99)), (2000, 2024, 2068, 1969, 1999));
    let us = DateFormat::parse("MM/DD/YY").unwrap();
    assert_eq!(us.read("02/23/26 08:55 PM", true), Some(RawTime::utc(1_771_880_100_000)));
    assert_eq!(us.read("02/03/24", false), wall(1_706_918_400_000));
    // Four digits where two are expected are not read as a year 20 and a time 24.
    assert_eq!(us.read("02/03/2024", false), None);
    let de = DateFormat::parse("DD.MM.YYYY").unwrap();
    assert_eq!(de.read("05.01.2024", false), wall(JAN5));
    assert_eq!(de.read("5.1.2024 15:04", true), Some(RawTime::utc(1_704_467_040_000)));
}

#[test]
fn a_column_settles_its_order_and_year_width_or_is_refused() {
    assert_eq!(decide(&["02/03/24", "02/23/26 08:55 PM"]).unwrap().unwrap().name(), "MM/DD/YY");
    assert_eq!(decide(&["05.01.2024", "31.12.2024"]).unwrap().unwrap().name(), "DD.MM.YYYY");
    let e = decide(&["02/03/24", "03/04/24"]).unwrap_err();
    assert!(e.contains("\"02/03/24\" (row 0) could be \"DD/MM/YY\" or \"MM/DD/YY\""), "{e}");
    let e = decide(&["13/03/24", "03/13/24"]).unwrap_err();
    assert!(e.contains("mixes day-first dates (\"13/03/24\" in row 0) and month-first dates (\"03/13/24\" in row 1)"), "{e}");
    assert_eq!(decide(&["Jan 5, 2024", "2024-01-06"]).unwrap(), Some(DateFormat::MonthName));
}

#[test]
fn a_numeric_column_settles_to_seconds_or_milliseconds() {
    assert_eq!(decide(&["1704412800", "1704499200"]).unwrap(), Some(DateFormat::EpochS));
    assert_eq!(decide(&["1704412800000", ""]).unwrap(), Some(DateFormat::EpochMs));
    let e = decide(&["1704412800", "1704412800000"]).unwrap_err();
    assert!(e.contains("mixes epoch seconds (\"1704412800\" in row 0) and epoch milliseconds (\"1704412800000\" in row 1)"), "{e}");
    let csv = "id,created_at,amount,status\na,1704412800,5,won\nb,1704499200,7,open\n";
    let d = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    assert_eq!((d.store().deals[0].created, d.store().deals[1].created), (JAN5, JAN5 + DAY));
    assert_eq!(d.sources()[0].date_formats.get("created_at").map(String::as_str), Some("epoch_s"));
    let e = Dataset::from_csv("id,created_at,amount\na,1704412800,5\nb,1704412800000,7\n".as_bytes(), None).unwrap_err();
    assert_eq!((e.code(), e.path()), ("ambiguous_date", "mapping.dateFormat"));
    assert!(e.message().starts_with("column \"created_at\" mixes epoch seconds"), "{}", e.message());
}

#[test]
fn month_name_and_dotted_columns_read_without_a_format() {
    let csv = "id,created_at,closed_at,status\na,\"Jan 5, 2024\",05.01.2024,won\nb,5 January 2024,31.01.2024,lost\n";
    let d = Dataset::from_csv(csv.as_bytes(), None).unwrap();
    let s = d.store();
    assert_eq!((s.deals[0].created, s.deals[1].created), (JAN5, JAN5));
    assert_eq!((s.deals[0].closed, s.deals[1].closed), (JAN5, JAN5 + 26 * DAY));
    let formats = &d.sources()[0].date_formats;
    assert_eq!(formats.get("created_at").map(String::as_str), Some("month_name"));
    assert_eq!(formats.get("closed_at").map(String::as_str), Some("DD.MM.YYYY"));
}

/// A bulk load on the 3rd leaves Created Date with days 1-12 only; Close Date settles month
/// first (3/14), and one export writes one locale, so Created Date is read month first too.
#[test]
fn a_column_that_cannot_settle_takes_the_order_the_file_settles() {
    let head = "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date\n";
    let csv = format!("{head}Ann,One,Closed Won,100,3/14/2024,1/5/2024\nBob,Two,Closed Lost,200,2/1/2024,2/3/2024\n");
    let d = Dataset::from_csv(csv.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    let s = d.store();
    // 1/5/2024 is 5 January; 2/3/2024 is 3 February (29 days later).
    assert_eq!((s.deals[0].created, s.deals[1].created), (JAN5, JAN5 + 29 * DAY));
    let formats = &d.sources()[0].date_formats;
    assert_eq!(formats.get("Created Date").map(String::as_str), Some("MM/DD/YYYY"));
    // Day first where Close Date says so (14/3/2024): 1/5/2024 is then 1 May.
    let csv = format!("{head}Ann,One,Closed Won,100,14/3/2024,5/1/2024\nBob,Two,Closed Lost,200,1/2/2024,3/2/2024\n");
    let d = Dataset::from_csv(csv.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.store().deals[0].created, JAN5);
    // Columns that settle opposite orders settle nothing for the others: still refused.
    let head = "Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date,Last Modified Date\n";
    let csv = format!("{head}Ann,One,Closed Won,100,3/14/2024,1/5/2024,14/3/2024\n");
    let e = Dataset::from_csv(csv.as_bytes(), Some(r#"{"preset": "salesforce", "fields": {"updatedAt": "Last Modified Date"}}"#));
    let e = e.map(|_| ()).unwrap_err();
    assert_eq!(e.code(), "ambiguous_date", "{e}");
    // A different separator is another writer: 1-5-2024 stays unsettled.
    let csv = format!("{head}Ann,One,Closed Won,100,3/14/2024,1-5-2024,\n");
    let e = Dataset::from_csv(csv.as_bytes(), Some(r#"{"preset": "salesforce", "fields": {"updatedAt": "Last Modified Date"}}"#)).map(|_| ()).unwrap_err();
    assert!(e.message().contains("column \"Created Date\""), "{e}");
}

/// The Salesforce Developer-Edition sample org exported in report format (MM/DD/YY dates).
#[test]
fn salesforce_report_exports_read_right_without_a_date_format() {
    let dir = "/work/shared/data/real/sf-devorg-powerbi";
    let Ok(bytes) = std::fs::read(format!("{dir}/Opportunity.csv")) else { return };
    // Columns named, dates not: presets for these API-named report columns are another part of
    // issue 14.
    let mapping = r#"{"fields": {"id": "Id", "stage": "StageName", "amount": "Amount", "createdAt": "CreatedDate",
      "expectedCloseAt": "CloseDate"}, "attributes": {"modified": "LastModifiedDate"}}"#;
    let d = Dataset::from_csv(&bytes, Some(mapping)).unwrap_or_else(|e| panic!("{e}"));
    let s = d.store();
    // Hand count: 36 data rows; row 1 (Dickenson Mobile Generators) created 02/23/26.
    assert_eq!(s.deals.len(), 36);
    let first = s.deals.iter().find(|r| s.strings.resolve(r.id) == "006bm00000LKJNNAA5").unwrap();
    assert_eq!(first.created, 1_771_804_800_000);
    assert_eq!(first.expected_close, 1_706_918_400_000);
    let formats: Vec<(&str, &str)> = d.sources()[0].date_formats.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(formats, [("CloseDate", "MM/DD/YY"), ("CreatedDate", "MM/DD/YY")]);
    // 08:55 PM in a history file's time stamps.
    let Ok(bytes) = std::fs::read(format!("{dir}/OpportunityHistory.csv")) else { return };
    let mapping = r#"{"kind": "activities", "fields": {"id": "Id", "dealId": "OpportunityId", "at": "CreatedDate"}}"#;
    let d = Dataset::from_csv(&bytes, Some(mapping)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.store().activities.len(), 48);
    assert_eq!(d.store().activities[0].at, 1_771_880_100_000);
}
