//! The inputs every entry shares, checked natively: one strict query reader (unknown fields,
//! wrong types and misspelled variants refused with their path), the query size limit, and a
//! CRM API response given to `Dataset::from_json` read as `fromFiles` and the CLI read it.
//! The package's entries are checked against the same cases in `tests/js/boundary.test.mjs`.

use spi_wasm::query::{read_strict, MAX_FIGURES};
use spi_wasm::{Dataset, DrillRequest, InputError, Query};

const SMALL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small.json"));
const HUBSPOT_SEARCH: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hubspot_search.json"));
const Q1_2026: &str = r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month"}"#;

fn refused(json: &str) -> InputError {
    Query::from_json(json.as_bytes()).expect_err(json)
}

#[test]
fn unknown_fields_wrong_types_and_misspelled_variants_name_their_path() {
    let cases = [
        (r#"{"cadance": "month"}"#, "cadance"),
        (r#"{"groupby": ["owner"]}"#, "groupby"),
        (r#"{"variants": {"stage_conversio": "strict"}}"#, "variants.stage_conversio"),
        (r#"{"variants": {"stage_conversion": "strictly"}}"#, "variants.stage_conversion"),
        (r#"{"targets": {"win_rate": {"minimum": 1}}}"#, "targets.win_rate.minimum"),
        (r#"{"targets": {"win_rate": {"min": "1"}}}"#, "targets.win_rate.min"),
        (r#"{"cadence": 7}"#, "cadence"),
        (r#"{"groupBy": "owner"}"#, "groupBy"),
        (r#""month""#, ""),
    ];
    for (json, path) in cases {
        let e = refused(json);
        assert_eq!((e.code(), e.path()), ("invalid_query", path), "{json}: {e}");
        assert!(!e.message().contains(" at line "), "{json}: {e}");
    }
    assert!(refused(r#"{"cadance": "month"}"#).message().starts_with("unknown field `cadance`"));
    assert!(refused(r#"{"variants": {"stage_conversio": "strict"}}"#).message().starts_with("unknown field `stage_conversio`"));
    // Variant keys are camelCase; an unknown one is told the camelCase names first (serde lists
    // the deprecated snake_case aliases after them).
    let e = refused(r#"{"variants": {"stageConversio": "strict"}}"#);
    assert_eq!(e.path(), "variants.stageConversio");
    assert!(e.message().contains("expected one of `stageConversion`, `stage_conversion`, `pipelineCoverage`, `pipeline_coverage`, `fx`, `owner`"), "{e}");
    assert_eq!(refused(r#"{"variants": {"pipelineCoverage": "remaining"}}"#).path(), "variants.pipelineCoverage");
    assert_eq!(refused(r#"{} x"#).code(), "invalid_query");
}

/// `stageConversion` and `pipelineCoverage` select the variant (not the defaults `reached` and
/// `remaining_quota`), and so do the deprecated snake_case keys; the report's echo keeps its
/// published snake_case keys.
#[test]
fn camel_case_variant_keys_and_the_deprecated_snake_case_ones_select_the_same_variant() {
    let data = br#"{"settings": {"asOf": "2026-04-01"}, "deals": [
      {"id": "D-1", "createdAt": "2026-01-05", "closedAt": "2026-02-01", "status": "won", "amount": 1000, "stage": "won"}]}"#;
    let dataset = spi_wasm::Dataset::from_json(data).unwrap();
    for key in ["stageConversion", "stage_conversion"] {
        for (pkey, pvalue) in [("pipelineCoverage", "mature"), ("pipeline_coverage", "mature")] {
            let q = format!(r#"{{"from": "2026-01-01", "to": "2026-04-01", "variants": {{"{key}": "to_win", "{pkey}": "{pvalue}"}}}}"#);
            let query = Query::from_json(q.as_bytes()).unwrap();
            assert_eq!(query.variants.stage_conversion, spi_wasm::query::StageConversion::ToWin, "{q}");
            assert_eq!(query.variants.pipeline_coverage, spi_wasm::query::CoverageBase::Mature, "{q}");
            let report = dataset.report(&query).unwrap();
            let echo = serde_json::to_value(&report.query).unwrap();
            assert_eq!(echo["variants"]["stage_conversion"], "to_win", "{q}");
            assert_eq!(echo["variants"]["pipeline_coverage"], "mature", "{q}");
        }
    }
    // Both spellings of one key at once: serde reads it twice and refuses it.
    assert!(Query::from_json(br#"{"variants": {"stageConversion": "strict", "stage_conversion": "reached"}}"#).is_err());
}

#[test]
fn drill_requests_are_read_as_strictly() {
    let e = read_strict::<DrillRequest>(br#"{"indicator": "win_rate", "grupKey": "owner"}"#, "invalid_drill_request").unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_drill_request", "grupKey"));
    assert!(e.message().starts_with("unknown field `grupKey`"), "{e}");
    let e = read_strict::<DrillRequest>(br#"{"indicator": 7}"#, "invalid_drill_request").unwrap_err();
    assert_eq!((e.code(), e.path()), ("invalid_drill_request", "indicator"));
}

#[test]
fn a_query_past_the_size_limit_is_refused_before_any_work_and_names_its_numbers() {
    let dataset = Dataset::from_json(SMALL.as_bytes()).unwrap();
    let huge = Query::from_json(br#"{"from": "0001-01-01", "to": "9999-12-31", "cadence": "day"}"#).unwrap();
    let started = std::time::Instant::now();
    let e = dataset.report(&huge).unwrap_err();
    assert!(started.elapsed().as_secs() < 5, "refused only after {:?}", started.elapsed());
    assert_eq!((e.code(), e.path()), ("query_too_large", ""));
    // [0001-01-01, 9999-12-31): 9998 years of 365 days, 2424 leap days (2499 - 99 + 24 in years
    // 1..=9998), and 364 days of 9999 = 3,649,270 + 2,424 + 364 = 3,652,058 days.
    let indicators = spi_wasm::indicators::all().len();
    assert!(e.message().contains(&format!("{indicators} indicators x (3652058 day buckets + 0 groups)")), "{e}");
    assert!(e.message().contains(&MAX_FIGURES.to_string()), "{e}");
    // The drill of a number of that report is refused the same way.
    let request = read_strict::<DrillRequest>(br#"{"indicator": "win_rate"}"#, "invalid_drill_request").unwrap();
    assert_eq!(dataset.drill(&huge, &request).unwrap_err().code(), "query_too_large");
    // One indicator over the same period by month: 9999 x 12 = 119,988 buckets, under the limit.
    let one = Query::from_json(br#"{"from": "0001-01-01", "to": "9999-12-31", "cadence": "month", "indicators": ["win_rate"], "compare": null}"#).unwrap();
    assert_eq!(dataset.report(&one).unwrap().indicators[0].series.len(), 119_988);
    // A year by day, split by owner (ana, ben, cara: 3 groups): well under.
    let year = Query::from_json(br#"{"from": "2026-01-01", "to": "2027-01-01", "cadence": "day", "groupBy": ["owner"]}"#).unwrap();
    assert!(dataset.report(&year).is_ok());
}

/// `tests/fixtures/hubspot_search.json`, a HubSpot CRM v3 search response
/// (`{"total", "results": [{"id", "properties", "createdAt", "updatedAt", "archived"}], "paging"}`):
///
/// | id  | stage                | amount  | created    | closed     |
/// | 101 | closedwon            | 12000   | 2026-01-05 | 2026-02-04 |
/// | 102 | closedlost           | 8000    | 2026-01-10 | 2026-02-20 |
/// | 103 | closedwon            | 3000.50 | 2026-02-01 | 2026-03-03 |
/// | 104 | closedlost           | 5000    | 2026-02-15 | 2026-03-20 |
/// | 105 | appointmentscheduled | 7000    | 2026-03-01 | (expected 2026-04-30) |
/// | 106 | closedwon            | 1500    | 2026-03-05 | 2026-03-25 |
///
/// In Q1 2026: 3 won of 5 closed; won 16,500.5 of 29,500.5 closed value; average deal size
/// 16,500.5 / 3; created 6 deals worth 36,500.5; cycles 30, 30 and 20 days.
#[test]
fn a_hubspot_search_response_through_from_json_reads_as_from_files_reads_it() {
    let dataset = Dataset::from_json(HUBSPOT_SEARCH.as_bytes()).unwrap();
    assert_eq!(dataset.summary().deals, 6);
    assert_eq!(dataset.summary().owners, ["501", "502"]);
    let report = dataset.report(&Query::from_json(Q1_2026.as_bytes()).unwrap()).unwrap();
    let figure = |id: &str| report.indicators.iter().find(|i| i.id == id).unwrap().figure.clone();
    let win = figure("win_rate");
    assert_eq!((win.value, win.numerator, win.denominator), (Some(0.6), Some(3.0), Some(5.0)));
    assert_eq!(figure("win_rate_by_value").value, Some(16_500.5 / 29_500.5));
    assert_eq!(figure("average_deal_size").value, Some(16_500.5 / 3.0));
    let created = figure("pipeline_created");
    assert_eq!((created.value, created.sample_size), (Some(36_500.5), 6));
    assert_eq!(figure("sales_cycle_days").value, Some(80.0 / 3.0));
    // The same report as the several-files route (the CLI's, the package's `fromFiles`).
    let mut sources = Dataset::builder();
    sources.add(Some("search.json"), HUBSPOT_SEARCH.as_bytes(), None).unwrap();
    let files = sources.finish().unwrap().report(&Query::from_json(Q1_2026.as_bytes()).unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&files).unwrap(), serde_json::to_value(&report).unwrap());
}

/// Settings are strict, at every depth: a misspelled setting would otherwise move "now" (`asof`)
/// or the calendar, and with them every figure, without a word.
#[test]
fn a_misspelled_setting_is_refused_with_its_path() {
    for (json, path) in [
        (r#"{"settings": {"asof": "2026-01-01"}, "deals": []}"#, "settings.asof"),
        (r#"{"settings": {"fiscalCalendar": {"patern": "4-4-5"}}}"#, "settings.fiscalCalendar.patern"),
        (r#"{"settings": {"businessHours": {"start": "09:00", "weekdays": ["mon"]}}}"#, "settings.businessHours.weekdays"),
    ] {
        let e = Dataset::from_json(json.as_bytes()).unwrap_err();
        assert_eq!((e.code(), e.path()), ("invalid_value", path), "{json}: {e}");
        assert!(e.message().starts_with("unknown field"), "{e}");
    }
    // The same names spelled right are read: asOf moves "now".
    let dataset = Dataset::from_json(br#"{"settings": {"asOf": "2026-01-01"}}"#).unwrap();
    assert_eq!(dataset.summary().as_of, "2026-01-01T00:00:00Z");
}
