//! Checks shared by the fuzz targets: what every outcome must look like, whatever the input.
//!
//! A target fails (and libFuzzer keeps the input) on a panic anywhere in the core (overflow
//! checks and debug assertions are on in fuzz builds) or on a broken invariant asserted here:
//! - an error is structured: a stable `code` and a message;
//! - every number of a report is finite or `null` (never NaN or infinity passed off as a value);
//! - count ratios (those with a Wilson interval) lie in [0, 1], inside their interval;
//! - group numerators and denominators sum back to the ungrouped figure, for the indicators whose
//!   figures are sums over their records (see `src/indicators/mod.rs`);
//! - a drill-down explains exactly the figure the report shows.
#![allow(dead_code)]

use spi_wasm::indicators::figure::Figure;
use spi_wasm::indicators::Unit;
use spi_wasm::{Drill, DrillRequest};
use spi_wasm::report::Report;
use spi_wasm::{Dataset, InputError, Query};

/// An error must carry a code and say what went wrong.
pub fn check_error(e: &InputError) {
    assert!(!e.code().is_empty(), "error without code: {e:?}");
    assert!(!e.message().is_empty(), "error without message: {e:?}");
}

/// A cheap report (one quarter, two indicators) over any dataset that was read: it exercises the
/// calendar and the date formatting on whatever instants the input held.
pub fn cheap_report(dataset: &Dataset) {
    let summary = dataset.summary();
    serde_json::to_string(&summary).expect("summary serializes");
    let query = br#"{"indicators": ["win_rate", "pipeline_created"], "cadence": "month"}"#;
    let query = Query::from_json(query).expect("fixed query parses");
    match dataset.report(&query) {
        Ok(report) => check_report(&report, false),
        Err(e) => check_error(&e),
    }
}

/// Ratio indicators that may leave [0, 1]: quota attainment (above 1 is the point), and by value,
/// where a negative amount (a credit note; the generator makes some) can push a share below 0 or
/// above 1.
const MAY_LEAVE_0_1: &[&str] = &["win_rate_by_value", "quota_attainment"];

/// Indicators whose group numerators do NOT sum back: pipeline velocity (a product of rates).
const NUMERATOR_NOT_ADDITIVE: &[&str] = &["pipeline_velocity"];
/// Indicators whose group denominators do not sum back: each group has its own quota
/// (`quota_attainment`, `pipeline_coverage`), or the denominator is a cycle length.
const DENOMINATOR_NOT_ADDITIVE: &[&str] = &["quota_attainment", "pipeline_coverage", "pipeline_velocity"];

fn finite(what: &str, x: Option<f64>) {
    if let Some(v) = x {
        assert!(v.is_finite(), "{what}: not finite: {v}");
    }
}

/// Every number of a figure is finite; a count ratio lies in [0, 1] inside its interval.
pub fn check_figure(what: &str, f: &Figure) {
    finite(&format!("{what}.value"), f.value);
    finite(&format!("{what}.numerator"), f.numerator);
    finite(&format!("{what}.denominator"), f.denominator);
    for (name, v) in &f.stats {
        finite(&format!("{what}.stats.{name}"), *v);
    }
    if let Some(i) = f.interval {
        assert!(0.0 <= i.low && i.low <= i.high && i.high <= 1.0, "{what}: interval {i:?}");
        let v = f.value.expect("an interval comes with a value");
        assert!((0.0..=1.0).contains(&v), "{what}: count ratio {v} outside [0, 1]");
        assert!(i.low <= v + 1e-12 && v <= i.high + 1e-12, "{what}: {v} outside its interval {i:?}");
    }
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Checks a whole report. `sum_back`: also check that groups sum back to the totals (only
/// meaningful when the report was asked for groups).
pub fn check_report(r: &Report, sum_back: bool) {
    serde_json::to_string(r).expect("report serializes");
    for ind in &r.indicators {
        check_figure(ind.id, &ind.figure);
        for p in &ind.series {
            check_figure(&format!("{}.series[{}]", ind.id, p.bucket), &p.figure);
        }
        if let Some(p) = &ind.previous {
            check_figure(&format!("{}.previous", ind.id), p);
        }
        finite(&format!("{}.change", ind.id), ind.change);
    }
    for ind in r.indicators.iter().filter(|i| i.unit == Unit::Ratio && !MAY_LEAVE_0_1.contains(&i.id)) {
        let values = std::iter::once(&ind.figure).chain(ind.previous.iter()).chain(ind.series.iter().map(|p| &p.figure));
        for v in values.filter_map(|f| f.value) {
            assert!((0.0..=1.0).contains(&v), "{}: ratio {v} outside [0, 1]", ind.id);
        }
    }
    for stage in &r.funnel {
        let what = format!("funnel.{}", stage.stage);
        assert!(stage.advanced <= stage.trials && stage.won <= stage.reached, "{what}: counts {stage:?}");
        let rates = [stage.conversion, stage.rates.reached, stage.rates.strict, stage.rates.adjacent, stage.rates.to_win];
        for v in rates.into_iter().flatten() {
            assert!((0.0..=1.0).contains(&v), "{what}: rate {v} outside [0, 1]");
        }
        for v in [stage.mean_days_in_stage, stage.median_days_in_stage].into_iter().flatten() {
            assert!(v.is_finite() && v >= 0.0, "{what}: days in stage {v}");
        }
    }
    for (key, rows) in &r.groups {
        for row in rows {
            for g in &row.indicators {
                check_figure(&format!("groups.{key}.{}.{}", row.group, g.id), &g.figure);
            }
        }
    }
    if !sum_back {
        return;
    }
    for ind in &r.indicators {
        for (key, rows) in &r.groups {
            let members = rows.iter().flat_map(|row| row.indicators.iter().filter(|g| g.id == ind.id));
            let (mut num, mut den) = (0.0, 0.0);
            for g in members {
                num += g.figure.numerator.unwrap_or(0.0);
                den += g.figure.denominator.unwrap_or(0.0);
            }
            if !NUMERATOR_NOT_ADDITIVE.contains(&ind.id) {
                let total = ind.figure.numerator.unwrap_or(0.0);
                assert!(near(num, total), "{}: groups by {key} sum to numerator {num}, total {total}", ind.id);
            }
            if !DENOMINATOR_NOT_ADDITIVE.contains(&ind.id) {
                let total = ind.figure.denominator.unwrap_or(0.0);
                assert!(near(den, total), "{}: groups by {key} sum to denominator {den}, total {total}", ind.id);
            }
        }
    }
}

/// The drill-down of a number must explain that very number: same value, numerator and
/// denominator as the report shows.
pub fn check_drill(what: &str, drill: &Drill, shown: &Figure) {
    check_figure(what, &drill.figure);
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => near(x, y),
        (None, None) => true,
        _ => false,
    };
    assert!(
        same(drill.figure.value, shown.value) && same(drill.figure.numerator, shown.numerator) && same(drill.figure.denominator, shown.denominator),
        "{what}: drill figure {:?} differs from the report's {:?}",
        drill.figure,
        shown
    );
    assert_eq!(drill.figure.status, shown.status, "{what}: status");
    assert_eq!(drill.figure.sample_size, shown.sample_size, "{what}: sample size");
}

/// Drills into a few numbers of the report (the first indicators' period figure, a bucket, the
/// previous period and a group) and checks each against the report.
pub fn drill_some(dataset: &Dataset, query: &Query, r: &Report, picks: &[u8]) {
    let mut picks = picks.iter().copied();
    let mut pick = |n: usize| if n == 0 { 0 } else { usize::from(picks.next().unwrap_or(0)) % n };
    for _ in 0..3 {
        let Some(ind) = r.indicators.get(pick(r.indicators.len())) else { return };
        let mut req = DrillRequest { indicator: ind.id.to_string(), ..DrillRequest::default() };
        let shown = match pick(4) {
            0 => &ind.figure,
            1 => match ind.series.get(pick(ind.series.len())) {
                Some(p) => {
                    req.bucket = Some(p.bucket.clone());
                    &p.figure
                }
                None => &ind.figure,
            },
            2 => match &ind.previous {
                Some(p) => {
                    req.previous = true;
                    p
                }
                None => &ind.figure,
            },
            _ => {
                let keys: Vec<&String> = r.groups.keys().collect();
                let Some(key) = keys.get(pick(keys.len())) else { continue };
                let rows = &r.groups[*key];
                let Some(row) = rows.get(pick(rows.len())) else { continue };
                let Some(g) = row.indicators.iter().find(|g| g.id == ind.id) else { continue };
                req.group_key = Some((*key).clone());
                req.group_value = Some(row.group.clone());
                &g.figure
            }
        };
        let what = format!("drill {req:?}");
        match dataset.drill(query, &req) {
            Ok(d) => check_drill(&what, &d, shown),
            Err(e) => panic!("{what}: a number of the report cannot be drilled into: {e}"),
        }
    }
}
