//! The public entry point: load once, query many times.

use crate::error::{InputError, Warning};
use crate::health::{self, HealthCheck};
use crate::indicators::{self, drill, Ctx, Drill, DrillSink, Scope, Collection};
use crate::ingest::{self, mapping::RecordKind, DatasetSources, Mapping, SourceInfo};
use crate::query::{Query, ResolvedQuery};
use crate::report::{self, Report};
use crate::store::{Store, NO_SYM, NO_TIME};
use crate::time::format_instant;
use serde::Serialize;

/// An ingested dataset. Build it once from JSON (or any serde source), then ask for as many
/// reports as the user's filters need: no query re-reads the input.
#[derive(Debug, Clone)]
pub struct Dataset {
    store: Store,
    sources: Vec<SourceInfo>,
    /// Data health checks, run once when the dataset is assembled ([`crate::health::checks`]):
    /// here rather than in ingestion, so the store and ingest never call the layers above them.
    health: Vec<HealthCheck>,
}

/// The Wasm memory that a store's first reports take for the facts they derive and keep (the
/// memo's populations, path table and ranked tables), per deal: the core set's report and then
/// every indicator's grew the memory by 341-349 B a deal on deals-1m, alt-1m and alt-100k.
#[cfg(target_arch = "wasm32")]
const FACTS_PER_DEAL: usize = 340;

/// Before a store's first report, grows the Wasm memory once by what its facts will take and gives
/// it back to the allocator at once, which keeps it for them. Otherwise the memory grows in many
/// small steps while the facts are built, and Node 20's V8 runs a full garbage collection after
/// nearly each one (the memory's `ArrayBuffer` is replaced at every grow and counted as new
/// external memory): 84 collections in a fresh instance's first core report at 1M deals, 240-330
/// ms of its 1.0-1.1 s (Chromium 156 does not collect there: no change in it). Only address space
/// is taken: a page is touched when a fact fills it. Native allocators map large blocks on their
/// own, with no such cost.
#[cfg(target_arch = "wasm32")]
fn reserve_for_facts(store: &Store) {
    // An empty memo: no report has derived a fact from this store yet.
    if store.memo.is_empty() {
        let mut room = Vec::<u8>::new();
        // Room refused (memory at its limit) is no error: the facts then grow it as they can. No
        // overflow: a store that fits in 4 GB holds far fewer than 2^32 / 340 deals.
        let _ = room.try_reserve_exact(store.deals.len() * FACTS_PER_DEAL);
        // Kept from the optimiser, which would drop an allocation freed unused.
        std::hint::black_box(&room);
    }
}

/// What a dataset holds: counts, date range, keys and warnings (for a page's controls).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Number of deals.
    pub deals: usize,
    /// Number of leads.
    pub leads: usize,
    /// Number of activities.
    pub activities: usize,
    /// Number of contacts.
    pub contacts: usize,
    /// Number of quotas.
    pub quotas: usize,
    /// Number of forecasts.
    pub forecasts: usize,
    /// Earliest deal creation or lead creation (ISO), if any.
    pub first: Option<String>,
    /// Latest creation, close or activity (ISO), if any.
    pub last: Option<String>,
    /// Earliest deal close (ISO), if any deal is closed: a period before it holds no close, so
    /// win rate, deal size and cycle have nothing to count there (a bulk-loaded org's deals can
    /// all close before `first`, which is then no guide to a period with closes).
    pub first_close: Option<String>,
    /// Latest deal close (ISO), if any deal is closed.
    pub last_close: Option<String>,
    /// "Now" for the dataset (ISO).
    pub as_of: String,
    /// Base currency.
    pub currency: String,
    /// Fiscal year start month.
    pub fiscal_year_start_month: u32,
    /// The dataset time zone as `settings.timeZone` names it (`America/New_York`, `UTC`, `+02:00`).
    pub time_zone: String,
    /// The retail calendar as `settings.fiscalCalendar` writes it (`{pattern, yearEnd, month}`);
    /// null for calendar months.
    pub fiscal_calendar: Option<crate::model::FiscalCalendar>,
    /// `settings.stalledAfterDays`; null when derived from history.
    pub stalled_after_days: Option<f64>,
    /// Distinct deal owners, sorted.
    pub owners: Vec<String>,
    /// Distinct teams, sorted.
    pub teams: Vec<String>,
    /// Distinct segments, sorted.
    pub segments: Vec<String>,
    /// Declared or observed stage ids, in pipeline order.
    pub stages: Vec<String>,
    /// Ingestion warnings.
    pub warnings: Vec<Warning>,
    /// The files read and how (preset or mapping, detected separator and date formats); empty
    /// for a dataset read from a single canonical JSON.
    pub sources: Vec<SourceInfo>,
    /// What the read means for the figures when they will be empty or partial (nothing
    /// countable, no owner, no date, 1970, one API page of more): see [`crate::read_flags`].
    pub flags: Vec<crate::read_flags::ReadFlag>,
}

impl Dataset {
    /// Reads the canonical dataset, or a CRM API response (HubSpot `results`, Salesforce
    /// `records`, Pipedrive `data`: read by its API preset, as [`DatasetSources::add`] reads it),
    /// from JSON bytes (UTF-8, optional BOM).
    pub fn from_json(bytes: &[u8]) -> Result<Dataset, InputError> {
        Dataset::from_json_named(bytes, None)
    }

    /// [`Dataset::from_json`] of a file named `name`: an API response's source report (and
    /// its warnings) name the file, as [`DatasetSources::add`] does.
    pub fn from_json_named(bytes: &[u8], name: Option<&str>) -> Result<Dataset, InputError> {
        if crate::json_shape::of(bytes, true) == crate::json_shape::Shape::Api {
            let mut sources = DatasetSources::new();
            sources.add(name, bytes, None)?;
            return sources.finish();
        }
        ingest::json::read_json(bytes).map(Dataset::from_store)
    }

    /// Several files into one dataset: CSV exports, CRM API responses and canonical JSON
    /// (settings, fx, stages, or records), e.g.
    /// `Dataset::builder().csv(deals, None)?.csv(leads, Some(&mapping))?.json(settings)?` then
    /// `.finish()`.
    pub fn builder() -> DatasetSources {
        DatasetSources::new()
    }

    /// Reads one CSV export (or CRM API JSON). `mapping` is a mapping as JSON text or a preset
    /// name (`"maven"`, `"salesforce"`, ...); `None` chooses a preset from the header.
    pub fn from_csv(bytes: &[u8], mapping: Option<&str>) -> Result<Dataset, InputError> {
        let mapping = mapping.map(Mapping::parse).transpose()?;
        let mut sources = DatasetSources::new();
        sources.add(None, bytes, mapping.as_ref())?;
        sources.finish()
    }

    /// A dataset from a store and the reports of the sources it was read from: the data health
    /// checks run here, once.
    pub(crate) fn from_parts(store: Store, sources: Vec<SourceInfo>) -> Dataset {
        let mut health = health::checks::run(&store);
        name_date_columns(&mut health, &sources);
        Dataset { store, sources, health }
    }

    /// The data health checks of the dataset (run once, when it was assembled).
    pub fn health(&self) -> &[HealthCheck] {
        &self.health
    }

    /// The files read and how.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// Reads the canonical dataset from any serde source (e.g. a `serde_json::Value` a native
    /// caller already holds), naming the path of the first error.
    pub fn from_deserializer<'de, D: serde::Deserializer<'de>>(source: D) -> Result<Dataset, InputError>
    where
        D::Error: std::fmt::Display,
    {
        ingest::json::read_any(source).map(Dataset::from_store)
    }

    /// Wraps an already built store.
    pub fn from_store(store: Store) -> Dataset {
        Dataset::from_parts(store, Vec::new())
    }

    /// The ingested form.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Computes a report. A query whose report would be too big to hold fails first with
    /// `query_too_large` (see [`crate::query::MAX_FIGURES`]).
    pub fn report(&self, query: &Query) -> Result<Report, InputError> {
        #[cfg(target_arch = "wasm32")]
        reserve_for_facts(&self.store);
        let known: Vec<&'static str> = indicators::all().iter().map(|d| d.id).collect();
        self.check_size(&query.resolve(&self.store, &known)?)?;
        report::build(&self.store, &self.health, query)
    }

    /// Refuses a query past [`crate::query::MAX_FIGURES`] before any work. A key's groups are the
    /// distinct values among the deals or the leads, whichever has more (numbered once per store;
    /// the report reuses them).
    fn check_size(&self, q: &ResolvedQuery) -> Result<(), InputError> {
        let buckets = q.bucket_count(&self.store.settings.calendar);
        let groups = q.group_by.iter().map(|(_, key)| {
            let count = |table| indicators::groups::numbered(&self.store, table, *key).values.len() as u64;
            count(Collection::Deals).max(count(Collection::Leads))
        });
        q.check_size(buckets, groups.sum())
    }

    /// Lists the records behind one number of a report: the period figure of an indicator, or
    /// one of its groups, buckets, or its previous-period figure.
    pub fn drill(&self, query: &Query, request: &drill::DrillRequest) -> Result<Drill, InputError> {
        let defs = indicators::all();
        let known: Vec<&'static str> = defs.iter().map(|d| d.id).collect();
        let q = query.resolve(&self.store, &known)?;
        // The report that `query` gives is refused past the size limit: so is explaining it.
        self.check_size(&q)?;
        let def = indicators::find(&defs, &request.indicator).ok_or_else(|| {
            InputError::new("invalid_query", "indicator", format!("unknown indicator \"{}\"", request.indicator))
        })?;
        let view = report::view(&self.store, &q);
        let store: &Store = &view;
        let ctx = Ctx { store, query: &q };
        let (mut from, mut to) = if request.previous { q.previous.unwrap_or((q.from, q.to)) } else { (q.from, q.to) };
        if let Some(label) = &request.bucket {
            let cal = &self.store.settings.calendar;
            let bucket = cal.buckets(from, to, q.cadence).into_iter().find(|(a, _)| cal.bucket_label(cal.bucket_start(*a, q.cadence), q.cadence) == *label);
            (from, to) = bucket.ok_or_else(|| InputError::new("invalid_query", "bucket", format!("no bucket \"{label}\" in the period")))?;
        }
        let group = match (&request.group_key, &request.group_value) {
            (Some(key), Some(value)) => {
                let probe = Query { group_by: vec![key.clone()], ..query.clone() };
                let resolved = probe.resolve(&self.store, &known)?;
                let key = resolved.group_by.first().ok_or_else(|| InputError::new("invalid_query", "groupKey", format!("unknown group key \"{key}\"")))?.1;
                let sym = if value == "(none)" { NO_SYM } else { self.store.strings.lookup(value).unwrap_or(NO_SYM - 1) };
                Some((key, sym))
            }
            _ => None,
        };
        if let Some(reason) = &request.reason {
            indicators::lost::check_drill(&self.store, def.id, reason, request.stage.is_some())?;
        }
        let mut sink = DrillSink { term: request.term.clone(), reason: request.reason.clone(), ..DrillSink::default() };
        let figure = match (&request.stage, &request.forecast) {
            (Some(stage), _) => stage_cell(&ctx, def.id, request, stage, &mut sink)?,
            (None, Some(cell)) => {
                let figure;
                (figure, (from, to)) = forecast_cell(&ctx, def.id, request, cell, &mut sink)?;
                figure
            }
            (None, None) => indicators::compute_scope(&ctx, def, &Scope { from, to, group }, Some(&mut sink)),
        };
        if let Some(term) = &request.term {
            if !sink.terms.iter().any(|(name, _)| name == term) {
                let names: Vec<&str> = sink.terms.iter().map(|(name, _)| *name).collect();
                let message = if names.is_empty() { format!("{} has no terms", def.id) } else { format!("unknown term \"{term}\": expected one of {}", names.join(", ")) };
                return Err(InputError::new("invalid_query", "term", message));
            }
        }
        let ids = |refs: &[indicators::RecordRef]| refs.iter().map(|r| drill::record_id(store, *r)).collect();
        // Inserted, not `collect()`ed: a BTreeMap built by `collect` sorts its input first, with a
        // copy of the standard stable sort for this one item type (~6 KB of Wasm).
        let mut terms = std::collections::BTreeMap::new();
        for (name, refs) in &sink.terms {
            terms.insert(name.to_string(), ids(refs));
        }
        Ok(Drill {
            indicator: def.id.to_string(),
            from: format_instant(from),
            to: format_instant(to),
            figure,
            numerator_table: sink.numerator.first().map(|r| r.table),
            numerator_ids: ids(&sink.numerator),
            denominator_table: sink.denominator.first().map(|r| r.table),
            denominator_ids: ids(&sink.denominator),
            terms,
            amounts: drill::deal_amounts(store, sink.numerator.iter().chain(&sink.denominator).chain(sink.terms.iter().flat_map(|t| &t.1))),
            moves: sink.moves.iter().map(|m| drill::DealMove { id: drill::record_id(store, indicators::RecordRef { table: Collection::Deals, index: m.deal }), amount: m.amount, before: m.before, after: m.after }).collect(),
        })
    }

    /// Counts, date range, keys and warnings.
    pub fn summary(&self) -> Summary {
        let s = &self.store;
        let distinct = |syms: &mut dyn Iterator<Item = u32>| {
            // Symbols deduplicated first: the strings sorted are then the few distinct ones, not
            // one per deal (and the shared sort is a plain merge sort, see `crate::sort`).
            let mut distinct: Vec<u32> = syms.filter(|&x| x != NO_SYM).collect();
            crate::sort::sort_u32(&mut distinct);
            distinct.dedup();
            let mut v: Vec<String> = distinct.into_iter().map(|x| s.strings.resolve(x).to_string()).collect();
            crate::sort::sort_by(&mut v, String::cmp);
            v.dedup();
            v
        };
        let times = s.deals.iter().map(|d| d.created).chain(s.leads.iter().map(|l| l.created)).filter(|&t| t != NO_TIME);
        let first = times.clone().min().map(format_instant);
        let all = times.chain(s.deals.iter().map(|d| d.closed)).chain(s.activities.iter().map(|a| a.at));
        let last = all.filter(|&t| t != NO_TIME).max().map(format_instant);
        let closes = s.deals.iter().map(|d| d.closed).filter(|&t| t != NO_TIME);
        let (first_close, last_close) = (closes.clone().min().map(format_instant), closes.max().map(format_instant));
        let mut summary = Summary {
            deals: s.deals.len(),
            leads: s.leads.len(),
            activities: s.activities.len(),
            contacts: s.contacts.len(),
            quotas: s.quotas.len(),
            forecasts: s.forecasts.len(),
            first,
            last,
            first_close,
            last_close,
            as_of: format_instant(s.settings.as_of),
            currency: s.settings.currency.clone(),
            fiscal_year_start_month: s.settings.calendar.fiscal_year_start_month,
            time_zone: s.settings.calendar.zone.label(),
            fiscal_calendar: s.settings.calendar.retail.map(|r| r.settings()),
            stalled_after_days: s.settings.stalled_after_days,
            owners: distinct(&mut s.deals.iter().map(|d| d.owner)),
            teams: distinct(&mut s.deals.iter().map(|d| d.team)),
            segments: distinct(&mut s.deals.iter().map(|d| d.segment)),
            stages: s.stages.iter().map(|st| s.strings.resolve(st.id).to_string()).collect(),
            warnings: s.warnings.clone(),
            sources: self.sources.clone(),
            flags: Vec::new(),
        };
        summary.flags = crate::read_flags::of(&summary);
        summary
    }
}

/// The figure and span of one cell of the report's forecast, its records into `sink` (see
/// [`indicators::forecast_plan`]). Refused unless the indicator is `quota_attainment` and the
/// request names nothing else.
fn forecast_cell(ctx: &Ctx, indicator: &str, request: &drill::DrillRequest, cell: &indicators::forecast_plan::ForecastCell, sink: &mut DrillSink) -> Result<(indicators::Figure, (i64, i64)), InputError> {
    if indicator != "quota_attainment" {
        return Err(InputError::new("invalid_query", "forecast", format!("a forecast cell is drilled with indicator \"quota_attainment\", not \"{indicator}\"")));
    }
    if request.group_key.is_some() || request.group_value.is_some() || request.bucket.is_some() || request.previous || request.term.is_some() {
        return Err(InputError::new("invalid_query", "forecast", "a forecast cell names its own bucket: it takes no groupKey, groupValue, bucket, previous or term"));
    }
    indicators::forecast_plan::drill(ctx, cell, sink).map_err(|m| InputError::new("invalid_query", "forecast", m))
}

/// The figure of one stage cell of the report's funnel, its deals into `sink` (see
/// [`indicators::stage_pipeline`]). Refused unless the indicator is `deal_aging` (whose stalled
/// rule the cell counts by) and the request names nothing a snapshot cannot have.
fn stage_cell(ctx: &Ctx, indicator: &str, request: &drill::DrillRequest, stage: &str, sink: &mut DrillSink) -> Result<indicators::Figure, InputError> {
    if indicator != "deal_aging" {
        return Err(InputError::new("invalid_query", "stage", format!("a stage cell is drilled with indicator \"deal_aging\", not \"{indicator}\"")));
    }
    if request.group_key.is_some() || request.group_value.is_some() || request.bucket.is_some() || request.previous || request.term.is_some() {
        return Err(InputError::new("invalid_query", "stage", "a stage cell is a snapshot as of asOf: it takes no groupKey, groupValue, bucket, previous or term"));
    }
    indicators::stage_pipeline::drill(ctx, stage, sink).ok_or_else(|| InputError::new("invalid_query", "stage", format!("no open stage \"{stage}\" in the funnel")))
}

/// A failing date check names the unread columns that may hold the right dates, so the user
/// knows which column to try in the column mapper: `bulk_created` (createdAt is a bulk load's
/// instant) those of the collection's files whose names say "creat" and a date or time ("Opp
/// Creation Date_Simulated" in the Power BI dev org's Opportunity.csv); `closed_before_created`
/// those saying "close" ("Opp Close Date_Simulated": mapped with the simulated creation, its
/// 18 deals closing before creation are 0).
#[inline(never)]
fn name_date_columns(health: &mut [HealthCheck], sources: &[SourceInfo]) {
    for check in health.iter_mut().filter(|c| !c.passed) {
        let (word, ending): (&[u8], &str) = match check.id {
            "bulk_created" => (b"creat", ", which may hold them"),
            "closed_before_created" => (b"close", ", which may hold the closes to map as closedAt"),
            _ => continue,
        };
        let kind = if check.collection == Collection::Leads { RecordKind::Leads } else { RecordKind::Deals };
        for source in sources.iter().filter(|s| s.kind == Some(kind)) {
            let mut named = 0;
            // Byte windows, not `str::contains`: its substring searcher cost ~1 KB of module here.
            let has = |column: &str, word: &[u8]| column.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
            for column in &source.unread {
                if has(column, word) && (has(column, b"date") || has(column, b"time")) {
                    let before = if named > 0 { ", \"" } else { ". Unread in \"" };
                    check.action.push_str(before);
                    if named == 0 {
                        check.action.push_str(source.name.as_deref().unwrap_or("the file"));
                        check.action.push_str("\": \"");
                    }
                    check.action.push_str(column);
                    check.action.push('"');
                    named += 1;
                }
            }
            if named > 0 {
                check.action.push_str(ending);
            }
        }
    }
}

/// The dataset layer assembles what ingestion returns ([`DatasetSources::into_parts`]).
impl DatasetSources {
    /// Resolves everything into a dataset (settings, fx and stages apply to every source).
    /// The user's settings ([`Self::override_settings`], then the mappings') win over the files'.
    pub fn finish(self) -> Result<Dataset, InputError> {
        let (store, sources) = self.into_parts()?;
        Ok(Dataset::from_parts(store, sources))
    }
}
