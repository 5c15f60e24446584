//! Named periods from the core (this/last fiscal quarter and year, this month, last 30/90 days,
//! this quarter a year ago), with dates worked out by hand from the calendar rules.

use spi_wasm::periods::named_periods;
use spi_wasm::Dataset;

/// (id, label, from, to) of every named period of a dataset at its asOf.
fn periods(json: &str) -> Vec<(String, String, String, String)> {
    let d = Dataset::from_json(json.as_bytes()).unwrap();
    let s = &d.store().settings;
    named_periods(&s.calendar, s.as_of).into_iter().map(|p| (p.id.to_string(), p.label, p.from, p.to)).collect()
}

fn row(id: &str, label: &str, from: &str, to: &str) -> (String, String, String, String) {
    (id.into(), label.into(), from.into(), to.into())
}

#[test]
fn fiscal_february_in_new_york() {
    // asOf 2026-03-15 is local midnight in EDT (since 03-08): 04:00Z. Local midnights before
    // 2026-03-08 (and from 2025-11-02 on) are EST, 05:00Z; 2025-11-01 and 2025-03-15 are EDT.
    let p = periods(r#"{"settings": {"timeZone": "America/New_York", "fiscalYearStartMonth": 2, "asOf": "2026-03-15"}}"#);
    let now = "2026-03-15T04:00:00Z";
    assert_eq!(
        p,
        [
            row("this_quarter", "FY2027-Q1", "2026-02-01T05:00:00Z", now),
            row("last_quarter", "FY2026-Q4", "2025-11-01T04:00:00Z", "2026-02-01T05:00:00Z"),
            row("this_fiscal_year", "FY2027", "2026-02-01T05:00:00Z", now),
            row("last_fiscal_year", "FY2026", "2025-02-01T05:00:00Z", "2026-02-01T05:00:00Z"),
            row("this_month", "2026-03", "2026-03-01T05:00:00Z", now),
            // 30 local days: 02-13..02-28 (16) and 03-01..03-14 (14); 90: from 2025-12-15.
            row("last_30_days", "30 days", "2026-02-13T05:00:00Z", now),
            row("last_90_days", "90 days", "2025-12-15T05:00:00Z", now),
            // 42 days into FY2027-Q1; 42 days into FY2026-Q1 (from 2025-02-01) is 2025-03-15, EDT.
            row("this_quarter_year_ago", "FY2026-Q1", "2025-02-01T05:00:00Z", "2025-03-15T04:00:00Z"),
        ]
    );
}

#[test]
fn retail_4_5_4_follows_the_weeks() {
    // NRF 4-5-4: FY2024 runs 2023-01-29 .. 2024-02-03; periods of 4, 5, 4 weeks: P4 (Q2) from
    // 04-30, P5 from 05-28. FY2023 began 2022-01-30 (Saturday nearest 2022-01-31 is 01-29), its
    // Q2 13 weeks later on 2022-05-01; asOf is 41 days into Q2, so a year ago ends 2022-06-11.
    let p = periods(r#"{"settings": {"fiscalCalendar": {"pattern": "4-5-4", "yearEnd": "saturday_nearest_end_of", "month": 1}, "asOf": "2023-06-10"}}"#);
    let now = "2023-06-10T00:00:00Z";
    assert_eq!(
        p,
        [
            row("this_quarter", "FY2024-Q2", "2023-04-30T00:00:00Z", now),
            row("last_quarter", "FY2024-Q1", "2023-01-29T00:00:00Z", "2023-04-30T00:00:00Z"),
            row("this_fiscal_year", "FY2024", "2023-01-29T00:00:00Z", now),
            row("last_fiscal_year", "FY2023", "2022-01-30T00:00:00Z", "2023-01-29T00:00:00Z"),
            row("this_month", "FY2024-P05", "2023-05-28T00:00:00Z", now),
            row("last_30_days", "30 days", "2023-05-11T00:00:00Z", now),
            row("last_90_days", "90 days", "2023-03-12T00:00:00Z", now),
            row("this_quarter_year_ago", "FY2023-Q2", "2022-05-01T00:00:00Z", "2022-06-11T00:00:00Z"),
        ]
    );
}
