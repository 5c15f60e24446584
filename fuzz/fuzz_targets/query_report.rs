//! A small, mostly valid dataset built from the fuzzer's bytes (the `arbitrary` crate) plus a
//! query -> `Dataset::from_json` -> `report` and `drill`, checking the report's invariants
//! (`common::check_report`) and that each drill-down explains the number it was asked about.
//!
//! Values come from small pools so that records join (deal ids, owners, stages, currencies) and
//! groups collide, with odd cases mixed in: far and malformed dates, offsets, epoch numbers,
//! negative, fractional, huge and textual amounts, unknown stages, reopened and duplicate deals,
//! an owner literally named "(none)".
#![no_main]

mod common;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use spi_wasm::{Dataset, Query};

const IDS: &[&str] = &["D0", "D1", "D2", "D3", "D4", "D5", "", "d0"];
const LEAD_IDS: &[&str] = &["L0", "L1", "L2", "L3", ""];
const CONTACT_IDS: &[&str] = &["C0", "C1", "C2", "C3"];
const PEOPLE: &[&str] = &["ana", "bo", "cy", "(none)", "", "Ana"];
const TEAMS: &[&str] = &["east", "west", ""];
const WORDS: &[&str] = &["smb", "ent", "cfo", "inbound", "outbound", "emea", "pro", "true"];
const STAGES: &[&str] = &["s0", "s1", "s2", "closed_won", "closed_lost", "won", "lost", "zz"];
const KINDS: &[&str] = &["open", "won", "lost", "other"];
const STATUSES: &[&str] = &["open", "won", "lost", "deleted"];
const CURRENCIES: &[&str] = &["USD", "EUR", "GBP", "XXX"];
const TYPES: &[&str] = &["call", "email", "meeting", "sequence_step", "linkedin", "other", "fax"];
const DIRECTIONS: &[&str] = &["outbound", "inbound", "sideways"];
const OUTCOMES: &[&str] = &["connected", "replied", "meeting_booked", "no_answer", "bounced"];
const CATEGORIES: &[&str] = &["pipeline", "best_case", "commit", "omitted", "maybe"];
const ZONES: &[&str] = &["UTC", "+02:00", "-05:30", "+14:00", "-1200", "Europe/Paris", "+25:00"];
const WEEKDAYS: &[&str] = &["monday", "sunday", "saturday", "Thursday", "someday"];
const PATTERNS: &[&str] = &["4-4-5", "4-5-4", "5-4-4", "4-4-4"];
const YEAR_ENDS: &[&str] = &["last_saturday_of", "saturday_nearest_end_of", "last_sunday_of", "first_monday_of"];
const HOURS: &[&str] = &["09:00", "17:00", "00:00", "23:59", "24:00", "9am"];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun", "xyz"];
const CADENCES: &[&str] = &["day", "week", "month", "quarter", "year", "fortnight"];
const GROUP_KEYS: &[&str] =
    &["owner", "team", "segment", "persona", "source", "region", "product", "enriched", "attributes.industry", "attributes.none", "colour"];
/// Every indicator id of the catalog (`spi_wasm::indicators::all()`, so an indicator added to the
/// core is fuzzed with no list to keep here), plus one unknown id.
fn indicators() -> &'static [&'static str] {
    static IDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| spi_wasm::indicators::all().iter().map(|d| d.id).chain(["no_such_indicator"]).collect())
}
const STAGE_CONVERSION: &[&str] = &["reached", "strict", "adjacent", "to_win", "other"];
const COVERAGE: &[&str] = &["remaining_quota", "total_quota", "mature"];
const FX_BASIS: &[&str] = &["at_close", "at_creation", "latest"];
const OWNER_BASIS: &[&str] = &["current", "at_event"];
/// Far or odd instants, as text or numbers.
const ODD_TIMES: &[&str] = &[
    "\"0001-01-01\"",
    "\"9999-12-31T23:59:59Z\"",
    "\"1970-01-01\"",
    "\"2024-02-29\"",
    "\"2026-03-29T01:30:00+01:00\"",
    "\"2026-01-01 10:00\"",
    "\"-62135596800000\"",
    "\"999999999999999\"",
    "1e15",
    "-1",
    "0",
    "\"2026-13-01\"",
    "null",
];
/// Day 0 of the generated timeline: 2025-01-01.
const EPOCH_DAY: i64 = 20_089;
const DAY_MS: i64 = 86_400_000;

/// Picks from a pool by an arbitrary byte.
fn pick(pool: &[&str], i: u8) -> Value {
    Value::String(pool[usize::from(i) % pool.len()].to_string())
}

fn iso_day(day: u16) -> String {
    spi_wasm::time::date_from_days(EPOCH_DAY + i64::from(day % 800)).to_string()
}

/// An instant, mostly within 2025-01-01 .. 2027-03, in every accepted form.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum When {
    Day(u16),
    At(u16, u16),
    Offset(u16, u16, u8),
    Epoch(u16, u32),
    EpochText(u16, u32),
    Odd(u8),
}

impl When {
    fn json(self) -> Value {
        match self {
            When::Day(d) => Value::String(iso_day(d)),
            When::At(d, m) => Value::String(format!("{}T{:02}:{:02}:00Z", iso_day(d), (m / 60) % 24, m % 60)),
            When::Offset(d, m, z) => {
                let zone = ["+02:00", "-05:30", "+14:00", "-0800", "+01"][usize::from(z) % 5];
                Value::String(format!("{}T{:02}:{:02}:00{zone}", iso_day(d), (m / 60) % 24, m % 60))
            }
            When::Epoch(d, ms) => json!((EPOCH_DAY + i64::from(d % 800)) * DAY_MS + i64::from(ms % 86_400_000)),
            When::EpochText(d, ms) => Value::String(((EPOCH_DAY + i64::from(d % 800)) * DAY_MS + i64::from(ms)).to_string()),
            When::Odd(i) => serde_json::from_str(ODD_TIMES[usize::from(i) % ODD_TIMES.len()]).unwrap_or(Value::Null),
        }
    }
}

/// An amount: realistic, odd, or malformed.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Amount {
    Whole(u16),
    Cents(u32),
    Negative(u16),
    Zero,
    Huge(u8),
    Text(u16),
    Junk,
}

impl Amount {
    fn json(self) -> Value {
        match self {
            Amount::Whole(n) => json!(n),
            Amount::Cents(c) => json!(f64::from(c) / 100.0),
            Amount::Negative(n) => json!(-f64::from(n)),
            Amount::Zero => json!(0),
            Amount::Huge(e) => json!(10f64.powi(i32::from(e % 16))),
            Amount::Text(n) => Value::String(format!(" {}.5 ", n)),
            Amount::Junk => Value::String("12k".into()),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Settings {
    currency: Option<u8>,
    fiscal_year_start_month: Option<u8>,
    week_start: Option<u8>,
    time_zone: Option<u8>,
    as_of: Option<When>,
    stalled_after_days: Option<Amount>,
    business_hours: Option<(u8, u8, Vec<u8>)>,
    fiscal_calendar: Option<(u8, u8, u8)>,
}

#[derive(Arbitrary, Debug)]
struct Stage {
    id: u8,
    order: Option<i8>,
    probability: Option<Amount>,
    kind: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Change {
    at: When,
    stage: Option<u8>,
    amount: Option<Amount>,
    expected_close_at: Option<When>,
    owner: Option<u8>,
    forecast_category: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Deal {
    id: Option<u8>,
    owner: Option<u8>,
    team: Option<u8>,
    words: [Option<u8>; 5],
    contact_id: Option<u8>,
    lead_id: Option<u8>,
    amount: Option<Amount>,
    currency: Option<u8>,
    created_at: Option<When>,
    expected_close_at: Option<When>,
    closed_at: Option<When>,
    stage: Option<u8>,
    status: Option<u8>,
    forecast_category: Option<u8>,
    history: Vec<Change>,
    industry: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Lead {
    id: Option<u8>,
    created_at: Option<When>,
    owner: Option<u8>,
    words: [Option<u8>; 4],
    contact_id: Option<u8>,
    qualified_at: Option<When>,
    converted_at: Option<When>,
    deal_id: Option<u8>,
    industry: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Activity {
    kind: Option<u8>,
    at: Option<When>,
    owner: Option<u8>,
    direction: Option<u8>,
    outcome: Option<u8>,
    deal_id: Option<u8>,
    lead_id: Option<u8>,
    contact_id: Option<u8>,
    automated: Option<bool>,
}

#[derive(Arbitrary, Debug)]
struct Contact {
    id: u8,
    email: Option<u8>,
    phone: Option<u8>,
    title: bool,
    matched: Option<bool>,
    matched_at: Option<When>,
}

#[derive(Arbitrary, Debug)]
struct PeriodAmount {
    owner: Option<u8>,
    team: Option<u8>,
    start: Option<When>,
    end: Option<When>,
    amount: Option<Amount>,
    currency: Option<u8>,
    submitted_at: Option<When>,
}

#[derive(Arbitrary, Debug)]
enum Rate {
    Fixed(u16),
    Dated(Vec<(When, u16)>),
    Zero,
}

#[derive(Arbitrary, Debug)]
struct QueryInput {
    from: Option<When>,
    days: Option<u16>,
    to: Option<When>,
    cadence: Option<u8>,
    group_by: Vec<u8>,
    indicators: Option<Vec<u8>>,
    compare: bool,
    targets: Vec<(u8, Option<i16>, Option<i16>)>,
    as_of: Option<When>,
    variants: [Option<u8>; 4],
}

#[derive(Arbitrary, Debug)]
struct Input {
    settings: Option<Settings>,
    fx: Vec<(u8, Rate)>,
    stages: Option<Vec<Stage>>,
    deals: Vec<Deal>,
    leads: Vec<Lead>,
    activities: Vec<Activity>,
    contacts: Vec<Contact>,
    quotas: Vec<PeriodAmount>,
    forecasts: Vec<PeriodAmount>,
    query: QueryInput,
    drills: [u8; 12],
}

/// An object from (key, optional value) pairs, leaving absent values out.
fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    let map: Map<String, Value> = fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect();
    Value::Object(map)
}

fn settings(s: &Settings) -> Value {
    object(vec![
        ("currency", s.currency.map(|c| pick(CURRENCIES, c))),
        ("fiscalYearStartMonth", s.fiscal_year_start_month.map(|m| json!(m % 14))),
        ("weekStart", s.week_start.map(|w| pick(WEEKDAYS, w))),
        ("timeZone", s.time_zone.map(|z| pick(ZONES, z))),
        ("asOf", s.as_of.map(When::json)),
        ("stalledAfterDays", s.stalled_after_days.map(Amount::json)),
        (
            "businessHours",
            s.business_hours.as_ref().map(|(a, b, days)| {
                json!({"start": pick(HOURS, *a), "end": pick(HOURS, *b), "days": days.iter().take(7).map(|d| pick(DAYS, *d)).collect::<Vec<_>>()})
            }),
        ),
        ("fiscalCalendar", s.fiscal_calendar.map(|(p, y, m)| json!({"pattern": pick(PATTERNS, p), "yearEnd": pick(YEAR_ENDS, y), "month": m % 14}))),
    ])
}

fn deal(d: &Deal, index: usize) -> Value {
    let id = d.id.map_or_else(|| Value::String(format!("D{index}")), |i| pick(IDS, i));
    let history: Vec<Value> = d
        .history
        .iter()
        .take(6)
        .map(|h| {
            object(vec![
                ("at", Some(h.at.json())),
                ("stage", h.stage.map(|s| pick(STAGES, s))),
                ("amount", h.amount.map(Amount::json)),
                ("expectedCloseAt", h.expected_close_at.map(When::json)),
                ("owner", h.owner.map(|o| pick(PEOPLE, o))),
                ("forecastCategory", h.forecast_category.map(|c| pick(CATEGORIES, c))),
            ])
        })
        .collect();
    let [segment, persona, source, region, product] = d.words.map(|w| w.map(|w| pick(WORDS, w)));
    object(vec![
        ("id", Some(id)),
        ("owner", d.owner.map(|o| pick(PEOPLE, o))),
        ("team", d.team.map(|t| pick(TEAMS, t))),
        ("segment", segment),
        ("persona", persona),
        ("source", source),
        ("region", region),
        ("product", product),
        ("contactId", d.contact_id.map(|c| pick(CONTACT_IDS, c))),
        ("leadId", d.lead_id.map(|l| pick(LEAD_IDS, l))),
        ("amount", d.amount.map(Amount::json)),
        ("currency", d.currency.map(|c| pick(CURRENCIES, c))),
        ("createdAt", d.created_at.map(When::json)),
        ("expectedCloseAt", d.expected_close_at.map(When::json)),
        ("closedAt", d.closed_at.map(When::json)),
        ("stage", d.stage.map(|s| pick(STAGES, s))),
        ("status", d.status.map(|s| pick(STATUSES, s))),
        ("forecastCategory", d.forecast_category.map(|c| pick(CATEGORIES, c))),
        ("history", (!history.is_empty()).then_some(Value::Array(history))),
        ("attributes", d.industry.map(|i| json!({"industry": pick(WORDS, i)}))),
    ])
}

fn lead(l: &Lead, index: usize) -> Value {
    let [source, segment, persona, region] = l.words.map(|w| w.map(|w| pick(WORDS, w)));
    object(vec![
        ("id", Some(l.id.map_or_else(|| Value::String(format!("L{index}")), |i| pick(LEAD_IDS, i)))),
        ("createdAt", l.created_at.map(When::json)),
        ("owner", l.owner.map(|o| pick(PEOPLE, o))),
        ("source", source),
        ("segment", segment),
        ("persona", persona),
        ("region", region),
        ("contactId", l.contact_id.map(|c| pick(CONTACT_IDS, c))),
        ("qualifiedAt", l.qualified_at.map(When::json)),
        ("convertedAt", l.converted_at.map(When::json)),
        ("dealId", l.deal_id.map(|d| pick(IDS, d))),
        ("attributes", l.industry.map(|i| json!({"industry": pick(WORDS, i)}))),
    ])
}

fn activity(a: &Activity, index: usize) -> Value {
    object(vec![
        ("id", Some(Value::String(format!("A{index}")))),
        ("type", a.kind.map(|k| pick(TYPES, k))),
        ("at", a.at.map(When::json)),
        ("owner", a.owner.map(|o| pick(PEOPLE, o))),
        ("direction", a.direction.map(|d| pick(DIRECTIONS, d))),
        ("outcome", a.outcome.map(|o| pick(OUTCOMES, o))),
        ("dealId", a.deal_id.map(|d| pick(IDS, d))),
        ("leadId", a.lead_id.map(|l| pick(LEAD_IDS, l))),
        ("contactId", a.contact_id.map(|c| pick(CONTACT_IDS, c))),
        ("automated", a.automated.map(Value::Bool)),
    ])
}

fn contact(c: &Contact) -> Value {
    object(vec![
        ("id", Some(pick(CONTACT_IDS, c.id))),
        ("email", c.email.map(|e| pick(&["a@b.co", "not-an-email", "", "x@y"], e))),
        ("phone", c.phone.map(|p| pick(&["+1 555 0100", "12", "call me"], p))),
        ("title", c.title.then(|| json!("VP Sales"))),
        ("enrichment", c.matched.map(|m| object(vec![("matched", Some(Value::Bool(m))), ("matchedAt", c.matched_at.map(When::json))]))),
    ])
}

fn period_amount(t: &PeriodAmount) -> Value {
    object(vec![
        ("owner", t.owner.map(|o| pick(PEOPLE, o))),
        ("team", t.team.map(|o| pick(TEAMS, o))),
        ("start", t.start.map(When::json)),
        ("end", t.end.map(When::json)),
        ("amount", t.amount.map(Amount::json)),
        ("currency", t.currency.map(|c| pick(CURRENCIES, c))),
        ("submittedAt", t.submitted_at.map(When::json)),
    ])
}

fn dataset(input: &Input) -> Value {
    let fx: Map<String, Value> = input
        .fx
        .iter()
        .take(3)
        .map(|(c, rate)| {
            let rate = match rate {
                Rate::Fixed(r) => json!(f64::from(*r) / 1000.0),
                Rate::Dated(rates) => Value::Array(rates.iter().take(3).map(|(w, r)| json!({"from": w.json(), "rate": f64::from(*r) / 1000.0})).collect()),
                Rate::Zero => json!(0),
            };
            (CURRENCIES[usize::from(*c) % CURRENCIES.len()].to_string(), rate)
        })
        .collect();
    let list = |values: Vec<Value>| (!values.is_empty()).then_some(Value::Array(values));
    object(vec![
        ("settings", input.settings.as_ref().map(settings)),
        ("fx", (!fx.is_empty()).then_some(Value::Object(fx))),
        (
            "stages",
            input.stages.as_ref().map(|stages| {
                Value::Array(
                    stages
                        .iter()
                        .take(6)
                        .map(|s| {
                            object(vec![
                                ("id", Some(pick(STAGES, s.id))),
                                ("order", s.order.map(|o| json!(o))),
                                ("probability", s.probability.map(Amount::json)),
                                ("kind", s.kind.map(|k| pick(KINDS, k))),
                            ])
                        })
                        .collect(),
                )
            }),
        ),
        ("deals", list(input.deals.iter().take(10).enumerate().map(|(i, d)| deal(d, i)).collect())),
        ("leads", list(input.leads.iter().take(6).enumerate().map(|(i, l)| lead(l, i)).collect())),
        ("activities", list(input.activities.iter().take(12).enumerate().map(|(i, a)| activity(a, i)).collect())),
        ("contacts", list(input.contacts.iter().take(4).map(contact).collect())),
        ("quotas", list(input.quotas.iter().take(4).map(period_amount).collect())),
        ("forecasts", list(input.forecasts.iter().take(4).map(period_amount).collect())),
    ])
}

fn query(q: &QueryInput) -> Value {
    // A period of at most 400 days (62 for daily buckets) keeps one run in the milliseconds.
    let cadence = q.cadence.map(|c| CADENCES[usize::from(c) % CADENCES.len()]);
    let max_days = if cadence == Some("day") { 62 } else { 400 };
    let to = match (q.from, q.days) {
        (Some(When::Day(d)), Some(n)) => Some(Value::String(iso_day(d.saturating_add(1 + n % max_days)))),
        _ => q.to.map(When::json),
    };
    let variants = object(vec![
        ("stage_conversion", q.variants[0].map(|v| pick(STAGE_CONVERSION, v))),
        ("pipeline_coverage", q.variants[1].map(|v| pick(COVERAGE, v))),
        ("fx", q.variants[2].map(|v| pick(FX_BASIS, v))),
        ("owner", q.variants[3].map(|v| pick(OWNER_BASIS, v))),
    ]);
    let targets: Map<String, Value> = q
        .targets
        .iter()
        .take(3)
        .map(|(i, min, max)| {
            let id = indicators()[usize::from(*i) % indicators().len()].to_string();
            (id, object(vec![("min", min.map(|m| json!(f64::from(m) / 100.0))), ("max", max.map(|m| json!(f64::from(m) / 100.0)))]))
        })
        .collect();
    object(vec![
        ("from", q.from.map(When::json)),
        ("to", to),
        ("cadence", cadence.map(|c| Value::String(c.into()))),
        ("groupBy", Some(Value::Array(q.group_by.iter().take(3).map(|g| pick(GROUP_KEYS, *g)).collect()))),
        ("indicators", q.indicators.as_ref().map(|ids| Value::Array(ids.iter().take(6).map(|i| pick(indicators(), *i)).collect()))),
        ("compare", Some(if q.compare { json!("previous_period") } else { Value::Null })),
        ("targets", Some(Value::Object(targets))),
        ("asOf", q.as_of.map(When::json)),
        ("variants", Some(variants)),
    ])
}

/// True when the query's period is long enough to make one run slow (many daily buckets): such
/// queries are legitimate, just not worth the fuzzer's time.
fn too_long(q: &Query, dataset: &Dataset) -> bool {
    let offset = dataset.store().settings.calendar.offset_ms;
    let as_of = q.as_of.map_or(dataset.store().settings.as_of, |t| t.0.resolve(offset));
    let to = q.to.map_or(as_of, |t| t.0.resolve(offset));
    let from = q.from.map_or(to.saturating_sub(120 * DAY_MS), |t| t.0.resolve(offset));
    let days = to.saturating_sub(from) / DAY_MS;
    let per_bucket = match q.cadence {
        Some(spi_wasm::calendar::Cadence::Day) => 1,
        None | Some(spi_wasm::calendar::Cadence::Week) => 7,
        _ => 28,
    };
    days / per_bucket > 120
}

fuzz_target!(|input: Input| {
    let data = serde_json::to_vec(&dataset(&input)).expect("a Value serializes");
    let dataset = match Dataset::from_json(&data) {
        Ok(d) => d,
        Err(e) => return common::check_error(&e),
    };
    let query_json = serde_json::to_vec(&query(&input.query)).expect("a Value serializes");
    if std::env::var_os("SPI_FUZZ_DUMP").is_some() {
        // Reproducing a crash: `SPI_FUZZ_DUMP=1 cargo fuzz run -s none query_report <artifact>`.
        eprintln!("dataset: {}\nquery: {}", String::from_utf8_lossy(&data), String::from_utf8_lossy(&query_json));
    }
    let query = match Query::from_json(&query_json) {
        Ok(q) => q,
        Err(e) => return common::check_error(&e),
    };
    if too_long(&query, &dataset) {
        return;
    }
    match dataset.report(&query) {
        Ok(report) => {
            common::check_report(&report, !query.group_by.is_empty());
            common::drill_some(&dataset, &query, &report, &input.drills);
        }
        Err(e) => common::check_error(&e),
    }
});
