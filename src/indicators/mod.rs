//! Indicator definitions (one file per family) and the machinery that evaluates any of them over
//! a period, its cadence buckets, its groups and the comparison period.
//!
//! An indicator is a population (a table, and for each record the instant it is attributed to)
//! plus a `compute` function over the records of one scope. The machinery sorts the population
//! by instant once per store ([`cache`]), so every period, bucket and group is a slice or a
//! partition of it;
//! group figures are computed from exactly the records of the ungrouped figure, which is why
//! group numerators and denominators sum back to the totals.

pub mod activity;
pub mod aging;
pub mod batch;
pub mod cache;
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
pub mod path_table;
pub mod pipeline;
pub mod quota;
pub mod ranks;
pub mod stage_path;
pub mod stage_pipeline;

pub use drill::{Drill, DrillSink, RecordRef, Table};
pub use figure::Figure;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Records count in the period holding their attribution instant.
    Period,
    /// All records of the population count (a state as of `asOf`); no series, no comparison.
    Snapshot,
}

/// One indicator.
pub struct Def {
    /// Stable snake_case id.
    pub id: &'static str,
    /// Unit of the value.
    pub unit: Unit,
    /// Good direction.
    pub better: Better,
    /// Whose records the indicator counts (and so which record a group key is read from).
    pub table: Table,
    /// Period attribution or snapshot.
    pub timing: Timing,
    /// The definition in words, naming the variant used.
    pub definition: fn(&Ctx) -> String,
    /// Attribution instant of record `i`, or `None` when it is not in the population. Reads the
    /// store and at most `query.asOf`, never the period, cadence, groups or variants: the
    /// population is sorted once per store and reused by every query with the store's `asOf`.
    pub attribute: fn(&Ctx, u32) -> Option<i64>,
    /// The figure over `records` (all in `scope`). Fills `drill` when asked.
    pub compute: fn(&Ctx, &Scope, &[u32], Option<&mut DrillSink>) -> Figure,
    /// The figures of the period, its buckets and its groups in one pass ([`batch`]), exactly
    /// those `compute` gives scope by scope; `None` computes them scope by scope.
    pub batch: Option<fn(&Ctx, &batch::Plan) -> batch::Planned>,
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
    defs
}

/// The population of an indicator as (instant, record) sorted by instant: built once per store
/// and kept ([`cache::Cache`]) when the query's `asOf` is the store's, else built for the query.
pub fn population(ctx: &Ctx, def: &Def) -> cache::Population {
    population_kept(ctx, def).0
}

/// [`population`], and whether the store keeps it (for as long as the store lives).
pub fn population_kept(ctx: &Ctx, def: &Def) -> (cache::Population, bool) {
    if ctx.query.as_of != ctx.store.settings.as_of {
        return (std::sync::Arc::new(sorted_population(ctx, def)), false);
    }
    ctx.store.indicator_cache.population((def.table, def.attribute as usize), || sorted_population(ctx, def))
}

/// [`population`], built from scratch.
pub fn sorted_population(ctx: &Ctx, def: &Def) -> Vec<(i64, u32)> {
    let n = drill::table_len(ctx.store, def.table);
    let mut pop: Vec<(i64, u32)> = (0..n as u32).filter_map(|i| (def.attribute)(ctx, i).map(|at| (at, i))).collect();
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
        records.retain(|&r| groups::group_value(ctx.store, def.table, r, key) == value);
    }
    (def.compute)(ctx, scope, &records, sink)
}
