//! Properties of the report over generated datasets (proptest), from two sources:
//!
//! - [`edge_dataset`]: small hand-shaped datasets of every collection, built to reach the edges
//!   the seeded generator avoids: missing and string amounts, zero, negative (warned, left out)
//!   and near-limit amounts, currencies with fixed, dated and no fx rate, every date form (ISO
//!   with `Z`, with an offset, date only, epoch number, epoch string), leap days, instants at
//!   year 0000 and 9999, odd time zones and fiscal years, declared or observed stages, closes
//!   through history or `closedAt` only, reopened deals, leads converting or not;
//! - `spi_wasm::generate` with an arbitrary seed and size (realistic mixes, as the page's sample).
//!
//! Properties: ratios lie in [0, 1] and every number is finite; group numerators and denominators
//! sum to the totals; JSON bytes and parsed values give the same report; the order of records
//! changes nothing; a record attributed outside the period changes nothing inside it.
//! (tests/it/generate/properties.rs checks group sums on four large seeded datasets, and
//! tests/it/report/history_properties.rs the flow identity and as-of consistency; these add generated edge
//! shapes and the other properties.) Case counts keep the file to a few seconds in a debug build.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};
use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::indicators::figure::{DataStatus, Figure};
use spi_wasm::indicators::Unit;
use spi_wasm::report::IndicatorReport;
use spi_wasm::time::format_instant;
use spi_wasm::{Dataset, Query, Report};

const DAY: i64 = 86_400_000;
/// 2026-01-01T00:00:00Z: the edge datasets' records lie around it.
const BASE: i64 = 1_767_225_600_000;
const OWNERS: [Option<&str>; 4] = [Some("ana"), Some("ben"), Some("cy"), None];
const SEGMENTS: [Option<&str>; 3] = [Some("smb"), Some("enterprise"), None];
const CURRENCIES: [&str; 4] = ["USD", "EUR", "GBP", "JPY"]; // JPY has no rate
const OPEN_STAGES: [&str; 3] = ["discovery", "demo", "proposal"];

// ---------------------------------------------------------------------------------------------
// Strategies

/// An amount as the input may write it (numbers, numeric strings, absent, zero, negative, large).
fn amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (0u64..50_000_000).prop_map(|cents| json!(cents as f64 / 100.0)),
        1 => Just(Value::Null),
        1 => (0u64..1_000_000).prop_map(|n| json!(format!(" {n}.50"))),
        1 => Just(json!(0)),
        1 => Just(json!(999_999_999_999_999.0)),
        1 => (1u64..10_000).prop_map(|n| json!(-(n as f64))),
    ]
}

/// An instant near [`BASE`] (within about 14 months either way), or now and then an odd one.
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        12 => (-420i64..420, 0i64..DAY).prop_map(|(d, ms)| BASE + d * DAY + ms),
        2 => (-420i64..420).prop_map(|d| BASE + d * DAY), // midnight UTC: bucket edges
        1 => Just(1_709_208_000_000i64),                  // 2024-02-29T12:00:00Z, a leap day
        1 => Just(spi_wasm::time::MIN_MS),         // 0000-01-01T00:00:00Z
        1 => Just(spi_wasm::time::MAX_MS),       // 9999-12-31T23:59:59.999Z
    ]
}

/// An instant written in one of the accepted forms; `form` 4 (date only) moves it to the local
/// midnight of its day, so it is kept for fields where that cannot reorder anything.
fn written(ms: i64, form: u8) -> Value {
    let shifted = ms + 19_800_000; // +05:30 local time
    match form % 5 {
        3 if shifted > spi_wasm::time::MAX_MS => json!(format_instant(ms)),
        0 => json!(format_instant(ms)),
        1 => json!(ms),
        2 => json!(ms.to_string()),
        3 => json!(format_instant(shifted).replace('Z', "+05:30")),
        _ => json!(format_instant(ms).get(..10).unwrap_or_default()),
    }
}

fn put(record: &mut Value, key: &str, value: Option<Value>) {
    if let (Some(v), Some(map)) = (value, record.as_object_mut()) {
        map.insert(key.to_string(), v);
    }
}

/// One deal: owner, segment, creation, amount, currency, a history of stage, amount, expected
/// close and owner changes at strictly increasing instants, and how it closes.
#[derive(Debug, Clone)]
struct DealShape {
    owner: usize,
    segment: usize,
    created: i64,
    form: u8,
    amount: Value,
    currency: usize,
    /// (days after the previous entry, what changes, a value for it)
    steps: Vec<(i64, u8, u32)>,
    /// 0 open, 1 won, 2 lost, 3 closedAt only (won), 4 closed then reopened
    close: u8,
    expected_close: i64,
    with_history: bool,
}

fn deal_shape() -> impl Strategy<Value = DealShape> {
    (
        (0..OWNERS.len(), 0..SEGMENTS.len(), instant(), 0u8..5, amount(), 0..CURRENCIES.len()),
        (prop::collection::vec((1i64..45, 0u8..5, 0u32..1000), 0..5), 0u8..5, instant(), any::<bool>()),
    )
        .prop_map(|((owner, segment, created, form, amount, currency), (steps, close, expected_close, with_history))| DealShape {
            owner,
            segment,
            created,
            form,
            amount,
            currency,
            steps,
            close,
            expected_close,
            with_history,
        })
}

fn deal(i: usize, s: &DealShape) -> Value {
    let id = format!("D-{i}");
    let mut d = json!({"id": id, "createdAt": written(s.created, s.form), "currency": (CURRENCIES[s.currency]),
                       "expectedCloseAt": written(s.expected_close, s.form)});
    put(&mut d, "owner", OWNERS[s.owner].map(|o| json!(o)));
    put(&mut d, "segment", SEGMENTS[s.segment].map(|o| json!(o)));
    put(&mut d, "amount", (!s.amount.is_null()).then(|| s.amount.clone()));
    put(&mut d, "source", Some(json!((["inbound", "outbound"][i % 2]))));
    let mut at = s.created;
    let mut stage = 0usize;
    let mut history = Vec::new();
    // A deal created in year 9999 has no room for later entries: no history, closed at creation.
    let far_future = s.created > BASE + 3650 * DAY;
    let with_history = s.with_history && !far_future;
    if with_history {
        history.push(json!({"at": format_instant(at), "stage": OPEN_STAGES[0]}));
        for &(gap, kind, value) in &s.steps {
            at += gap * DAY + i64::from(value);
            let mut entry = json!({"at": written(at, u8::from(value % 2 == 0))});
            match kind {
                0 if stage + 1 < OPEN_STAGES.len() => {
                    stage += 1 + usize::from(value % 5 == 0 && stage + 2 < OPEN_STAGES.len()); // sometimes skips
                    put(&mut entry, "stage", Some(json!(OPEN_STAGES[stage])));
                }
                1 => put(&mut entry, "amount", Some(json!(f64::from(value) * 10.0))),
                2 => put(&mut entry, "expectedCloseAt", Some(json!(format_instant(at + i64::from(value) * DAY / 10)))),
                3 => put(&mut entry, "owner", OWNERS[value as usize % 3].map(|o| json!(o))),
                _ => put(&mut entry, "forecastCategory", Some(json!(["pipeline", "commit"][value as usize % 2]))),
            }
            history.push(entry);
        }
    }
    let closed_at = if far_future { at } else { at + 3 * DAY + 1 };
    let status = match s.close {
        1 | 3 => "won",
        2 => "lost",
        _ => "open",
    };
    if s.close == 3 || !with_history {
        if status != "open" {
            put(&mut d, "closedAt", Some(written(closed_at, s.form)));
        }
        put(&mut d, "status", Some(json!(status)));
    } else {
        if s.close != 0 {
            let closing = if s.close == 2 { "closed_lost" } else { "closed_won" };
            history.push(json!({"at": format_instant(closed_at), "stage": closing}));
        }
        if s.close == 4 {
            history.push(json!({"at": format_instant(closed_at + DAY), "stage": OPEN_STAGES[stage]}));
        }
        let last = history.iter().rev().find_map(|h| h.get("stage").cloned());
        put(&mut d, "stage", last);
        put(&mut d, "history", Some(json!(history)));
    }
    d
}

#[derive(Debug, Clone)]
struct LeadShape {
    owner: usize,
    created: i64,
    form: u8,
    converted_after: Option<i64>,
    deal: Option<usize>,
    contact: Option<usize>,
}

fn lead_shape() -> impl Strategy<Value = LeadShape> {
    (0..OWNERS.len(), instant(), 0u8..5, prop::option::of(0i64..90 * DAY), prop::option::of(0usize..30), prop::option::of(0usize..12))
        .prop_map(|(owner, created, form, converted_after, deal, contact)| LeadShape { owner, created, form, converted_after, deal, contact })
}

fn lead(i: usize, s: &LeadShape) -> Value {
    let mut l = json!({"id": format!("L-{i}"), "createdAt": written(s.created, s.form), "source": (["web", "event"][i % 2])});
    put(&mut l, "owner", OWNERS[s.owner].map(|o| json!(o)));
    let converted = s.converted_after.map(|a| s.created + a).filter(|&t| t <= spi_wasm::time::MAX_MS);
    put(&mut l, "convertedAt", converted.map(|t| json!(format_instant(t))));
    put(&mut l, "dealId", s.deal.map(|d| json!(format!("D-{d}"))));
    put(&mut l, "contactId", s.contact.map(|c| json!(format!("C-{c}"))));
    l
}

#[derive(Debug, Clone)]
struct ActivityShape {
    owner: usize,
    at: i64,
    kind: u8,
    outbound: bool,
    outcome: u8,
    automated: bool,
    about: (u8, usize),
}

fn activity_shape() -> impl Strategy<Value = ActivityShape> {
    ((0..OWNERS.len(), instant(), 0u8..7, any::<bool>()), (0u8..6, prop::bool::weighted(0.15), (0u8..4, 0usize..30)))
        .prop_map(|((owner, at, kind, outbound), (outcome, automated, about))| ActivityShape { owner, at, kind, outbound, outcome, automated, about })
}

fn activity(i: usize, s: &ActivityShape) -> Value {
    let kinds = ["call", "email", "meeting", "sequence_step", "linkedin", "other", "CALL"];
    let outcomes = [Value::Null, json!("connected"), json!("replied"), json!("meeting_booked"), json!("no_answer"), json!("bounced")];
    let mut a = json!({"id": format!("A-{i}"), "type": (kinds[s.kind as usize % 7]), "at": written(s.at, s.kind),
                       "direction": if s.outbound { "outbound" } else { "inbound" }, "outcome": (outcomes[s.outcome as usize % 6].clone()),
                       "automated": s.automated});
    put(&mut a, "owner", OWNERS[s.owner].map(|o| json!(o)));
    let (what, n) = s.about;
    match what {
        0 => put(&mut a, "dealId", Some(json!(format!("D-{n}")))),
        1 => put(&mut a, "leadId", Some(json!(format!("L-{n}")))),
        2 => put(&mut a, "contactId", Some(json!(format!("C-{}", n % 12)))),
        _ => {}
    }
    a
}

fn contact(i: usize, (email, phone, matched): (u8, u8, Option<bool>)) -> Value {
    let emails = [Value::Null, json!("ana@example.com"), json!("not an email"), json!("  b@x.io ")];
    let phones = [Value::Null, json!("+1 415 555 0100"), json!("12")];
    let mut c = json!({"id": format!("C-{i}"), "email": (emails[email as usize % 4].clone()), "phone": (phones[phone as usize % 3].clone()),
                       "title": if i.is_multiple_of(2) { json!("VP Sales") } else { Value::Null }, "company": "Acme"});
    put(&mut c, "enrichment", matched.map(|m| json!({"matched": m})));
    c
}

/// A quota or forecast over one calendar quarter of 2025-2026, for an owner, a team or the company.
/// The `n`-th forecast is submitted at minute `n` of its day: two submissions for one period at
/// the same instant are decided by row order (the later row, as documented in
/// src/indicators/forecast.rs), which `record_order_changes_nothing` would otherwise find.
fn target(quarter: u8, who: u8, amount: u32, forecast: Option<usize>) -> Value {
    let starts = ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"];
    let ends = ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31", "2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"];
    let q = quarter as usize % 8;
    let mut t = json!({"start": (starts[q]), "end": (ends[q]), "amount": (f64::from(amount) * 100.0)});
    match who % 3 {
        0 => put(&mut t, "owner", OWNERS[amount as usize % 3].map(|o| json!(o))),
        1 => put(&mut t, "team", Some(json!("east"))),
        _ => {}
    }
    if let Some(n) = forecast {
        put(&mut t, "submittedAt", Some(json!(format!("{}T09:{:02}:00Z", starts[q.saturating_sub(1)], n % 60))));
    }
    t
}

/// The settings: base currency, fiscal year, week start, time zone, and sometimes `asOf`.
fn settings((fiscal, week, zone, as_of): (u32, u8, u8, bool)) -> Value {
    let zones = ["UTC", "+02:00", "-05:30", "+14:00", "-12:00"];
    let weeks = ["monday", "sunday", "Wednesday"];
    let mut s = json!({"currency": "USD", "fiscalYearStartMonth": fiscal, "weekStart": (weeks[week as usize % 3]),
                       "timeZone": (zones[zone as usize % 5])});
    put(&mut s, "asOf", as_of.then(|| json!("2026-07-01T00:00:00Z")));
    s
}

/// A whole edge-shaped dataset as JSON.
fn edge_dataset() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(deal_shape(), 0..24),
        prop::collection::vec(lead_shape(), 0..16),
        prop::collection::vec(activity_shape(), 0..30),
        prop::collection::vec((0u8..4, 0u8..3, prop::option::of(any::<bool>())), 0..10),
        prop::collection::vec((0u8..8, 0u8..3, 1u32..5000, any::<bool>()), 0..6),
        (1u32..=12, 0u8..3, 0u8..5, any::<bool>()),
        any::<bool>(),
    )
        .prop_map(|(deals, leads, activities, contacts, targets, setting, declared)| {
            let mut data = json!({
                "settings": settings(setting),
                "fx": {"EUR": 1.0837, "GBP": [{"from": "2025-01-01", "rate": 1.25}, {"from": "2026-03-01T12:00:00Z", "rate": 1.31}]},
                "deals": deals.iter().enumerate().map(|(i, s)| deal(i, s)).collect::<Vec<_>>(),
                "leads": leads.iter().enumerate().map(|(i, s)| lead(i, s)).collect::<Vec<_>>(),
                "activities": activities.iter().enumerate().map(|(i, s)| activity(i, s)).collect::<Vec<_>>(),
                "contacts": contacts.iter().enumerate().map(|(i, &c)| contact(i, c)).collect::<Vec<_>>(),
                "quotas": targets.iter().filter(|t| !t.3).map(|&(q, w, a, _)| target(q, w, a, None)).collect::<Vec<_>>(),
                "forecasts": targets.iter().filter(|t| t.3).enumerate().map(|(n, &(q, w, a, _))| target(q, w, a, Some(n))).collect::<Vec<_>>(),
            });
            if declared {
                put(&mut data, "stages", Some(json!([
                    {"id": "discovery", "order": 1, "probability": 0.1, "kind": "open"},
                    {"id": "demo", "order": 2, "probability": 0.3},
                    {"id": "proposal", "order": 3, "kind": "OPEN"},
                    {"id": "closed_won", "kind": "won"}, {"id": "closed_lost", "kind": "lost"}])));
            }
            data
        })
}

/// A dataset from `spi_wasm::generate`: arbitrary seed, 3 to 40 deals (with their leads,
/// activities, contacts, quotas and forecasts), `asOf` 2026-11-23, fiscal years from February.
fn generated_dataset() -> impl Strategy<Value = Value> {
    (any::<u64>(), 3usize..40).prop_map(|(seed, deals)| {
        let mut out = Vec::new();
        generate(&GenerateOptions { deals, seed, ..GenerateOptions::default() }, &mut out).expect("generate writes to memory");
        serde_json::from_slice(&out).expect("generated JSON")
    })
}

fn any_dataset() -> impl Strategy<Value = Value> {
    prop_oneof![3 => edge_dataset(), 1 => generated_dataset()]
}

/// Queries whose periods hold the records of both sources (edge data around 2026-01-01, generated
/// data over the two years before 2026-11-23), with grouping and comparison.
const QUERIES: [&str; 4] = [
    r#"{"from": "2026-01-01", "to": "2026-04-01", "cadence": "month", "groupBy": ["owner", "segment"]}"#,
    r#"{"from": "2025-11-15T06:00:00Z", "to": "2026-01-20", "cadence": "week", "groupBy": ["source", "enriched"]}"#,
    r#"{"from": "2025-02-01", "to": "2026-08-01", "cadence": "quarter", "groupBy": ["team"], "variants": {"stage_conversion": "strict", "pipeline_coverage": "total_quota"}}"#,
    r#"{"from": "2026-05-01", "to": "2026-08-01", "cadence": "day", "groupBy": ["owner"], "variants": {"fx": "latest", "owner": "at_event", "stage_conversion": "adjacent"}}"#,
];

fn query(i: usize) -> Query {
    Query::from_json(QUERIES[i % QUERIES.len()].as_bytes()).expect("query")
}

fn load(data: &Value) -> Dataset {
    let bytes = serde_json::to_vec(data).expect("serialises");
    Dataset::from_json(&bytes).unwrap_or_else(|e| panic!("generated data must load: {e}\n{data}"))
}

fn report(data: &Value, q: usize) -> Report {
    load(data).report(&query(q)).unwrap_or_else(|e| panic!("report: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Every figure of an indicator: the total, its series, its previous period, its groups.
fn figures<'r>(r: &'r Report, ind: &'r IndicatorReport) -> Vec<(String, &'r Figure)> {
    let mut out = vec![("total".to_string(), &ind.figure)];
    out.extend(ind.series.iter().map(|p| (format!("bucket {}", p.bucket), &p.figure)));
    out.extend(ind.previous.iter().map(|f| ("previous".to_string(), f)));
    for (key, rows) in &r.groups {
        for row in rows {
            out.extend(row.indicators.iter().filter(|g| g.id == ind.id).map(|g| (format!("{key}={}", row.group), &g.figure)));
        }
    }
    out
}

fn ratios_and_finiteness(r: &Report) -> Result<(), TestCaseError> {
    for ind in &r.indicators {
        for (place, f) in figures(r, ind) {
            let at = format!("{} {place}", ind.id);
            let numbers = [f.value, f.numerator, f.denominator].into_iter().chain(f.stats.values().copied()).flatten();
            for x in numbers {
                prop_assert!(x.is_finite(), "{at}: {x} in {f:?}");
            }
            prop_assert_eq!(f.value.is_some(), f.status == DataStatus::Ok, "{}: value and status disagree: {:?}", at, f);
            if ind.unit == Unit::Ratio {
                // Quota attainment is won / quota: a ratio, not a share; it passes 1 when the
                // quota is beaten.
                let top = if ind.id == "quota_attainment" { f64::INFINITY } else { 1.0 };
                if let Some(v) = f.value {
                    prop_assert!((0.0..=top).contains(&v), "{at}: ratio {v}");
                }
                if let Some(i) = f.interval {
                    prop_assert!(0.0 <= i.low && i.low <= i.high && i.high <= 1.0, "{at}: interval {i:?}");
                }
            }
        }
    }
    for stage in &r.funnel {
        let v = serde_json::to_value(stage).expect("serialises");
        let rates = v["rates"].as_object().into_iter().flatten().map(|(k, x)| (k.clone(), x.as_f64()));
        for (name, rate) in rates.chain([("conversion".to_string(), v["conversion"].as_f64())]) {
            prop_assert!(rate.is_none_or(|x| (0.0..=1.0).contains(&x)), "funnel {} {name}: {rate:?}", stage.stage);
        }
    }
    Ok(())
}

/// Indicators whose numerator is not a sum over the records of the figure: velocity multiplies
/// means, forecast accuracy averages per-period accuracies, and the stage funnel's whole-funnel
/// rate multiplies per-stage rates.
const NUMERATOR_NOT_ADDITIVE: [&str; 3] = ["pipeline_velocity", "forecast_accuracy", "stage_conversion"];
/// Indicators whose denominator is not a sum over the group's records: quotas are matched per
/// owner or team (a company quota belongs to no owner group), coverage divides by remaining quota.
const DENOMINATOR_NOT_ADDITIVE: [&str; 5] = ["quota_attainment", "pipeline_coverage", "pipeline_velocity", "forecast_accuracy", "stage_conversion"];

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn groups_sum_to_totals(r: &Report) -> Result<(), TestCaseError> {
    for ind in &r.indicators {
        for (key, rows) in &r.groups {
            let parts: Vec<&Figure> = rows.iter().filter_map(|row| row.indicators.iter().find(|g| g.id == ind.id)).map(|g| &g.figure).collect();
            let sum = |f: fn(&Figure) -> Option<f64>| parts.iter().filter_map(|g| f(g)).sum::<f64>();
            let sizes: u64 = parts.iter().map(|g| g.sample_size).sum();
            if !NUMERATOR_NOT_ADDITIVE.contains(&ind.id) {
                let (total, s) = (ind.figure.numerator.unwrap_or(0.0), sum(|f| f.numerator));
                prop_assert!(close_to(total, s), "{} by {key}: numerator {total} vs groups {s}", ind.id);
            }
            if !DENOMINATOR_NOT_ADDITIVE.contains(&ind.id) {
                let (total, s) = (ind.figure.denominator.unwrap_or(0.0), sum(|f| f.denominator));
                prop_assert!(close_to(total, s), "{} by {key}: denominator {total} vs groups {s}", ind.id);
                prop_assert_eq!(ind.figure.sample_size, sizes, "{} by {}: sample sizes", ind.id, key);
            }
        }
    }
    Ok(())
}

/// A tiny deterministic shuffle (the order is the property's input, not something to shrink).
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

/// The dataset with its records shuffled: deals (unless the stages are undeclared), each deal's
/// history, leads, activities, contacts, quotas and forecasts. Undeclared stages are ordered by
/// how often each precedes the others, ties by first appearance in the deals
/// (`indicators::stage_path`): there the deals' order is part of the input's meaning.
fn shuffled(data: &Value, mut seed: u64) -> Value {
    seed |= 1;
    let mut out = data.clone();
    let declared = data.get("stages").is_some();
    for key in ["deals", "leads", "activities", "contacts", "quotas", "forecasts"] {
        if let Some(records) = out.get_mut(key).and_then(Value::as_array_mut) {
            if key != "deals" || declared {
                shuffle(records, &mut seed);
            }
            for record in records.iter_mut() {
                if let Some(history) = record.get_mut("history").and_then(Value::as_array_mut) {
                    shuffle(history, &mut seed);
                }
            }
        }
    }
    out
}

/// The report with what legitimately follows input order taken out: warnings are listed in the
/// order first met, and example ids (warnings, health checks, actions) are the first few met,
/// so lists of examples compare as sets when complete and by length when truncated, and
/// warnings and actions are sorted; the `history_out_of_order` check (and its action) is about
/// the input's order itself. Everything else (every figure, series point, group, funnel stage,
/// count, health check and anomaly) must be the same, numbers up to float summation order.
fn order_free(r: &Report) -> Value {
    let mut v = serde_json::to_value(r).expect("serialises");
    for (section, key) in [("health", "id"), ("actions", "check")] {
        if let Some(items) = v.get_mut(section).and_then(Value::as_array_mut) {
            items.retain(|i| i[key] != "history_out_of_order");
        }
    }
    let examples = |item: &mut Value, key: &str, count: Option<u64>| {
        if let Some(list) = item.get_mut(key).and_then(Value::as_array_mut) {
            // Records without ids (quotas, forecasts, id-less records) are named by position.
            for id in list.iter_mut() {
                if let Some(collection) = id.as_str().and_then(positional) {
                    *id = json!(collection);
                }
            }
            let complete = count.map_or(list.len() < 20, |c| c as usize == list.len());
            if complete {
                list.sort_by_key(|v| v.to_string());
            } else {
                *list = vec![json!(list.len())];
            }
        }
    };
    for (section, key) in [("warnings", "examples"), ("health", "examples"), ("actions", "recordIds")] {
        if let Some(items) = v.get_mut(section).and_then(Value::as_array_mut) {
            for item in items.iter_mut() {
                let count = item.get("count").and_then(Value::as_u64);
                examples(item, key, count);
            }
            if section != "health" {
                items.sort_by_key(|i| format!("{}{}{}{}{}", i["code"], i["message"], i["kind"], i["indicator"], i["check"]));
            }
        }
    }
    v
}

/// The collection of a stand-in id naming a record by position (`forecasts[3]`).
fn positional(id: &str) -> Option<String> {
    let (collection, rest) = id.split_once('[')?;
    let index = rest.strip_suffix(']')?;
    (index.bytes().all(|b| b.is_ascii_digit()) && collection.bytes().all(|b| b.is_ascii_lowercase())).then(|| collection.to_string())
}

/// Compares two JSON values, numbers up to a relative 1e-9 (sums taken in another order).
fn same(a: &Value, b: &Value, at: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            if (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0) {
                Ok(())
            } else {
                Err(format!("{at}: {x} vs {y}"))
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().try_for_each(|(i, (p, q))| same(p, q, &format!("{at}[{i}]")))
        }
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() => x.iter().try_for_each(|(k, p)| match y.get(k) {
            Some(q) => same(p, q, &format!("{at}.{k}")),
            None => Err(format!("{at}: no {k} in the second")),
        }),
        _ if a == b => Ok(()),
        _ => Err(format!("{at}: {a} vs {b}")),
    }
}

/// Each indicator's period figures (total, series, groups) and the funnel: what a record outside
/// the period (and outside the comparison period) must not change. Groups without records are
/// left out: the pipeline flow's population is every deal, so a deal of a new owner adds an
/// empty group row (sample size 0, nothing in it) without changing any number.
fn in_period(r: &Report, skip: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for ind in r.indicators.iter().filter(|i| !skip.contains(&i.id)) {
        let groups: Vec<Value> = r
            .groups
            .iter()
            .flat_map(|(key, rows)| rows.iter().map(move |row| (key, row)))
            .flat_map(|(key, row)| row.indicators.iter().filter(|g| g.id == ind.id && g.figure.sample_size > 0).map(move |g| json!([key, row.group, g.figure])))
            .collect();
        let mut figures = json!({"figure": ind.figure, "series": ind.series, "previous": ind.previous, "groups": groups});
        if ind.id == "stage_conversion" {
            drop_key(&mut figures, "stages");
        }
        out.insert(ind.id.to_string(), figures);
    }
    // Without declared stages the funnel lists every stage observed in any deal's history: an
    // old deal may add a stage row with nothing in it.
    let funnel: Vec<&spi_wasm::indicators::funnel::FunnelStage> = r.funnel.iter().filter(|s| s.reached > 0 || s.trials > 0).collect();
    // Each stage's `pipeline` (the deals open at asOf, stalled by thresholds learned from every won
    // deal's stays) is a snapshot, as deal aging is: left out with it.
    let mut funnel = json!(funnel);
    drop_key(&mut funnel, "pipeline");
    out.insert("funnel".to_string(), funnel);
    Value::Object(out)
}

/// Removes `key` from every object in `v` (stage conversion's `stats.stages`, the number of
/// stages in the funnel, which without declared stages are those observed in every deal).
fn drop_key(v: &mut Value, key: &str) {
    match v {
        Value::Object(map) => {
            map.remove(key);
            map.values_mut().for_each(|x| drop_key(x, key));
        }
        Value::Array(items) => items.iter_mut().for_each(|x| drop_key(x, key)),
        _ => {}
    }
}

/// Snapshot indicators: their population is every record as of `asOf`, not the period's, so a
/// record anywhere may change them (documented in docs/indicators.md, "History-aware indicators" and the
/// indicator reference): deal aging (open deals; stall thresholds from every won deal's stays)
/// and the contact indicators (every contact, or those touched in the period).
const SNAPSHOT: [&str; 3] = ["deal_aging", "contact_match_rate", "attribute_completeness"];

/// Adds records attributed outside [from, to) and the comparison period before it: a deal
/// created and won a year before, a lead created and converted then, an activity then (and,
/// when the dataset has its own `asOf` after the period, a deal created and lost after `to`).
fn with_records_outside(data: &Value, q: usize) -> Value {
    let from = [BASE, 1_763_186_400_000, 1_738_368_000_000, 1_777_593_600_000][q % 4];
    let before = from - 800 * DAY;
    let mut out = data.clone();
    let push = |out: &mut Value, key: &str, record: Value| {
        if let Some(map) = out.as_object_mut() {
            let list = map.entry(key).or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(record);
            }
        }
    };
    let mut old = json!({"id": "OUTSIDE-D", "owner": "ana", "segment": "smb", "source": "inbound", "amount": 777, "createdAt": format_instant(before)});
    if data.get("stages").is_some() {
        put(&mut old, "history", Some(json!([{"at": format_instant(before), "stage": "discovery"}, {"at": format_instant(before + 5 * DAY), "stage": "closed_won"}])));
        put(&mut old, "stage", Some(json!("closed_won")));
    } else {
        // Undeclared stages are learned from every deal's history: a stage only an old deal
        // shows would join the funnel (and won deals reach every stage), so it closes by date.
        put(&mut old, "status", Some(json!("won")));
        put(&mut old, "closedAt", Some(json!(format_instant(before + 5 * DAY))));
    }
    push(&mut out, "deals", old);
    push(&mut out, "leads", json!({"id": "OUTSIDE-L", "owner": "ben", "source": "web", "createdAt": format_instant(before), "convertedAt": format_instant(before + DAY), "dealId": "OUTSIDE-D"}));
    // Only into an activities collection the data has: a dataset without activities is one whose
    // touches were not loaded (docs/indicators.md: missing inputs give insufficient_data), which
    // an activity at any date would change.
    if data.get("activities").is_some_and(|a| a.as_array().is_some_and(|a| !a.is_empty())) {
        push(&mut out, "activities", json!({"id": "OUTSIDE-A", "owner": "cy", "type": "call", "direction": "outbound", "outcome": "connected", "at": format_instant(before + 2 * DAY), "leadId": "OUTSIDE-L"}));
    }
    let as_of = data["settings"]["asOf"].as_str().and_then(spi_wasm::time::parse_time).map(|t| t.resolve(0));
    let to = [BASE + 90 * DAY, 1_768_867_200_000, 1_785_542_400_000, 1_785_542_400_000][q % 4];
    if let Some(as_of) = as_of.filter(|&a| a > to + 4 * DAY) {
        push(&mut out, "deals", json!({"id": "OUTSIDE-LATE", "owner": "ben", "amount": 5, "createdAt": format_instant(to + 2 * DAY), "status": "lost", "closedAt": format_instant(as_of - DAY)}));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn ratios_lie_in_0_1_and_every_number_is_finite(data in any_dataset(), q in 0usize..4) {
        ratios_and_finiteness(&report(&data, q))?;
    }

    #[test]
    fn group_numerators_and_denominators_sum_to_the_totals(data in any_dataset(), q in 0usize..4) {
        groups_sum_to_totals(&report(&data, q))?;
    }

    #[test]
    fn json_bytes_text_and_parsed_values_give_one_report(data in any_dataset(), q in 0usize..4) {
        let compact = serde_json::to_vec(&data).expect("serialises");
        let mut pretty = b"\xEF\xBB\xBF".to_vec(); // with a BOM, indented, CRLF
        pretty.extend(serde_json::to_string_pretty(&data).expect("serialises").replace('\n', "\r\n").into_bytes());
        let query = query(q);
        let from_bytes = Dataset::from_json(&compact).expect("loads").report(&query).expect("report");
        let from_text = Dataset::from_json(&pretty).expect("loads").report(&query).expect("report");
        let from_value = Dataset::from_deserializer(data.clone()).expect("loads").report(&query).expect("report");
        prop_assert_eq!(&from_bytes, &from_text);
        prop_assert_eq!(&from_bytes, &from_value);
    }

    #[test]
    fn record_order_changes_nothing(data in any_dataset(), q in 0usize..4, seed in any::<u64>()) {
        let a = order_free(&report(&data, q));
        let b = order_free(&report(&shuffled(&data, seed), q));
        same(&a, &b, "report").map_err(TestCaseError::fail)?;
    }

    #[test]
    fn records_outside_the_period_change_nothing_inside(data in any_dataset(), q in 0usize..4) {
        let a = in_period(&report(&data, q), &SNAPSHOT);
        let b = in_period(&report(&with_records_outside(&data, q), q), &SNAPSHOT);
        same(&a, &b, "report").map_err(TestCaseError::fail)?;
    }
}
