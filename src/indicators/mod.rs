//! Indicator definitions (one file per family) and the machinery that evaluates any of them over
//! a period, its cadence buckets, its groups and the comparison period.
//!
//! An indicator is a population (a table, and for each record the instant it is attributed to)
//! plus a `compute` function over the records of one scope. The machinery sorts the population
//! by instant once per store ([`populations`]), so every period, bucket and group is a slice or a
//! partition of it;
//! group figures are computed from exactly the records of the ungrouped figure, which is why
//! group numerators and denominators sum back to the totals.

pub mod activity;
pub mod aging;
pub mod attribution;
pub mod catalog;
pub mod columns;
pub mod data_quality;
pub mod deals;
pub mod drill;
pub mod figure;
pub mod flow;
pub mod forecast;
pub mod forecast_plan;
pub mod funnel;
pub mod groups;
pub mod leads;
pub mod lost;
pub mod path_table;
pub mod output;
pub mod pipeline;
pub mod populations;
pub mod quota;
pub mod ranks;
pub mod scopes;
pub mod stage_path;
pub mod stage_pipeline;

pub use drill::{Drill, DrillSink, RecordRef, Collection};
pub use figure::{Figure, Stats};

use crate::query::{GroupKey, ResolvedQuery};
use crate::store::{Store, Sym};
use serde::Serialize;

/// What an indicator's value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in [0, 1]; quota attainment (won / quota) is the one ratio that passes 1.
    Ratio,
    /// Elapsed days (elapsed seconds / 86,400).
    Days,
    /// Elapsed minutes.
    Minutes,
    /// An amount in the base currency.
    Currency,
    /// Base currency per day.
    CurrencyPerDay,
    /// A count of records.
    Count,
    /// Touches per outcome.
    Touches,
    /// A multiple (coverage 3x).
    Multiple,
}

/// Which direction is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
}

/// Everything an indicator can read while computing.
pub struct Ctx<'a> {
    /// The dataset.
    pub store: &'a Store,
    /// The resolved query.
    pub query: &'a ResolvedQuery,
}

/// The slice of the world a figure is computed for.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// Start (inclusive).
    pub from: i64,
    /// End (exclusive).
    pub to: i64,
    /// The group, when computing one group's figure.
    pub group: Option<(GroupKey, Sym)>,
}

/// Whether the population is attributed to instants or is a snapshot at `asOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Records count in the period holding their attribution instant.
    Period,
    /// All records of the population count (a state as of `asOf`); no series, no comparison.
    Snapshot,
}

/// One indicator: everything about it is written here once, in its family's file, and every
/// other list of indicators (the package's [`catalog`], the TypeScript id union, the page's
/// labels and headline lists, docs/indicators.md's table, the fuzz pool) is derived from it.
/// docs/adding-an-indicator.md walks through adding one.
///
/// Serialised, it is the package's catalog entry ([`catalog`]): everything but the functions.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Def {
    /// Stable snake_case id.
    pub id: &'static str,
    /// The name a page shows ("Win rate").
    pub label: &'static str,
    /// What it measures in one line (markdown: `code` for field names), for the docs' table and
    /// the page's tooltips; the report's `definition` is [`Def::definition`], which names the
    /// variant used.
    pub description: &'static str,
    /// Unit of the value.
    pub unit: Unit,
    /// Good direction.
    pub better: Better,
    /// The named attribution of its population: which records are in it and the instant each
    /// counts at ([`attribution::Attribution::instant`]), and so whose records the indicator
    /// counts ([`Def::table`]). Indicators naming the same one share their sorted population
    /// ([`populations`]). Serialised as the catalog's `table`. (Named `attributed_at`, not
    /// `attribute`: CRM "attributes" are custom fields.)
    #[serde(rename = "table", serialize_with = "attribution::serialize_table")]
    pub attributed_at: attribution::Attribution,
    /// Period attribution or snapshot.
    pub timing: Timing,
    /// The `query.variants` keys that change this indicator's own formula (`fx` and `owner`,
    /// which change every amount and every owner group, are not listed).
    pub variants: &'static [&'static str],
    /// The definition in words, naming the variant used.
    #[serde(skip)]
    pub definition: fn(&Ctx) -> String,
    /// The next step an action proposes when the indicator moves the wrong way or misses its
    /// target (see [`crate::health::actions`]).
    pub next_step: &'static str,
    /// Which compact views show it, beside its card in the full report.
    pub headline: Headline,
    /// One of the page's default cards: the core set of a few SPIs instrumented well before
    /// expanding (the user may pick others; the page keeps the choice in its URL hash).
    pub card: bool,
    /// How its figures are computed.
    #[serde(skip)]
    pub compute: Compute,
}

/// Which compact views show an indicator; every indicator has its card in the full report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Headline {
    /// Its card only.
    No,
    /// A column of the page's segments table too.
    Segments,
    /// A column of the segments table and a line of the CRM sidebar.
    Sidebar,
}

/// The figures of every scope of a plan in one pass (see [`scopes`]).
pub type AllScopes = fn(&Ctx, &Def, &scopes::Plan) -> scopes::Planned;

/// How an indicator's figures are computed: one scope from its records, and optionally every
/// scope of a report at once.
#[derive(Clone, Copy)]
pub struct Compute {
    /// The figure over `records` (all in `scope`). Fills `drill` when asked.
    pub scope: fn(&Ctx, &Scope, &[u32], Option<&mut DrillSink>) -> Figure,
    /// The figures of the period, its buckets and its groups in one pass ([`scopes`]), exactly
    /// those `scope` gives scope by scope; `None` computes them scope by scope.
    pub all_scopes: Option<AllScopes>,
}

impl Def {
    /// Whose records the indicator counts (and so which record a group key is read from and a
    /// drill-down lists): its attribution's table.
    pub fn table(&self) -> Collection {
        self.attributed_at.table()
    }
}

impl Compute {
    /// The computation of a [`scopes::Tally`] indicator, both ways derived from the type: a
    /// family writes `Compute::tally::<WinRate>()` and nothing per indicator.
    pub fn tally<T: scopes::Tally>() -> Compute {
        Compute { scope: scopes::compute::<T>, all_scopes: Some(scopes::by_tally::<T>) }
    }
}

/// Every indicator, in report order.
pub fn all() -> Vec<Def> {
    let mut defs = Vec::new();
    defs.extend(leads::definitions());
    defs.extend(deals::definitions());
    defs.extend(quota::definitions());
    defs.extend(pipeline::definitions());
    defs.extend(funnel::definitions());
    defs.extend(aging::definitions());
    defs.extend(activity::definitions());
    defs.extend(data_quality::definitions());
    defs.extend(forecast::definitions());
    defs.extend(flow::definitions());
    defs.extend(lost::definitions());
    defs
}

/// The population of an indicator as (instant, record) sorted by instant: built once per store
/// and kept ([`populations`]) when the query's `asOf` is the store's, else built for the query.
pub fn population(ctx: &Ctx, def: &Def) -> populations::Population {
    population_kept(ctx, def).0
}

/// [`population`], and its number when the store keeps it (for as long as the store lives).
pub fn population_kept(ctx: &Ctx, def: &Def) -> (populations::Population, Option<populations::PopulationId>) {
    kept_population(ctx, def.attributed_at)
}

/// The population of `attribution`, kept by the store when the query's `asOf` is the store's.
fn kept_population(ctx: &Ctx, attribution: attribution::Attribution) -> (populations::Population, Option<populations::PopulationId>) {
    let kept = (ctx.query.as_of == ctx.store.settings.as_of).then(|| populations::kept(ctx.store, attribution, || shared_population(ctx, attribution))).flatten();
    match kept {
        Some((id, population)) => (population, Some(id)),
        None => (shared_population(ctx, attribution), None),
    }
}

/// [`population_of`], shared: the store's own sorted list when it keeps one
/// ([`attribution::Attribution::presorted`]), not a copy.
fn shared_population(ctx: &Ctx, attribution: attribution::Attribution) -> populations::Population {
    match attribution.presorted(ctx.store) {
        Some(sorted) => sorted.clone(),
        None => std::sync::Arc::new(population_of(ctx, attribution)),
    }
}

/// [`population`], built from scratch.
pub fn sorted_population(ctx: &Ctx, def: &Def) -> Vec<(i64, u32)> {
    population_of(ctx, def.attributed_at)
}

/// The sorted population of `attribution`. The closed deals and the open deals by expected close
/// are read off the deal columns ([`columns::DealColumns`]), not record by record from the
/// ~150-byte rows, and the won deals off the (kept) closed population, already in order: the same
/// pairs, sorted.
fn population_of(ctx: &Ctx, attribution: attribution::Attribution) -> Vec<(i64, u32)> {
    use attribution::Attribution::{DealClosed, DealExpectedClose, DealWon};
    if let Some(sorted) = attribution.presorted(ctx.store) {
        return sorted.to_vec();
    }
    if attribution == DealWon {
        return columns::DealColumns::of(ctx.store).won_population(&kept_population(ctx, DealClosed).0);
    }
    let n = drill::table_len(ctx.store, attribution.table());
    // One loop for both routes (an indirect call per record either way: `instant()` is a
    // function pointer).
    let instant: Box<dyn Fn(u32) -> Option<i64> + '_> = match attribution {
        DealClosed => {
            let columns = columns::DealColumns::of(ctx.store);
            Box::new(move |i| columns.closed_at(i))
        }
        DealExpectedClose => {
            let columns = columns::DealColumns::of(ctx.store);
            Box::new(move |i| columns.expected_close_at(i))
        }
        _ => {
            let at = attribution.instant();
            Box::new(move |i| at(ctx, i))
        }
    };
    let mut pop: Vec<(i64, u32)> = (0..n as u32).filter_map(|i| instant(i).map(|at| (at, i))).collect();
    pop.sort_unstable();
    pop
}

/// Records of a sorted population whose instant lies in [from, to).
pub fn slice(pop: &[(i64, u32)], from: i64, to: i64) -> Vec<u32> {
    let start = pop.partition_point(|p| p.0 < from);
    let end = pop.partition_point(|p| p.0 < to);
    pop.get(start..end).unwrap_or_default().iter().map(|p| p.1).collect()
}

/// Records of the population in a scope, whatever the timing.
pub fn records_in(def: &Def, pop: &[(i64, u32)], from: i64, to: i64) -> Vec<u32> {
    match def.timing {
        Timing::Period => slice(pop, from, to),
        Timing::Snapshot => pop.iter().map(|p| p.1).collect(),
    }
}

/// Finds an indicator by id.
pub fn find<'d>(defs: &'d [Def], id: &str) -> Option<&'d Def> {
    defs.iter().find(|d| d.id == id)
}

/// Computes the figure of one indicator for one scope, from scratch (used by the drill-down).
pub fn compute_scope(ctx: &Ctx, def: &Def, scope: &Scope, sink: Option<&mut DrillSink>) -> Figure {
    let pop = population(ctx, def);
    let mut records = records_in(def, &pop, scope.from, scope.to);
    if let Some((key, value)) = scope.group {
        records.retain(|&r| groups::group_value(ctx.store, def.table(), r, key) == value);
    }
    (def.compute.scope)(ctx, scope, &records, sink)
}
