//! Assembles the one report shape (docs/indicators.md, "Report") from the indicator definitions.

use crate::calendar::Cadence;
use crate::error::{InputError, Warning};
use crate::health::{Action, Anomaly, HealthCheck};
use crate::indicators::forecast_plan::ForecastBucket;
use crate::indicators::funnel::FunnelStage;
use crate::indicators::scopes::{self, Request};
use crate::indicators::{self, Ctx, Def, Timing};
use crate::query::{GroupKey, Query, ResolvedQuery, Targets, Variants};
use crate::store::{FxBasis, OwnerBasis, Store};
use std::borrow::Cow;
use crate::time::format_instant;
/// The per-indicator rows of the report live with the indicators, so that health (a layer below
/// the report) reads them without importing the report.
pub use crate::indicators::output::{target_status, GroupFigure, GroupRow, IndicatorReport, SeriesPoint, TargetStatus};
use serde::Serialize;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// The report: every requested indicator with its series, comparison, target status and groups.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The query as resolved (defaults applied, dates as ISO instants).
    pub query: QueryEcho,
    /// "Now" for the report (ISO).
    pub as_of: String,
    /// Base currency of every amount.
    pub currency: String,
    /// One entry per requested indicator, in spec order.
    pub indicators: Vec<IndicatorReport>,
    /// Per group key (as given in `groupBy`), one row per group value.
    pub groups: BTreeMap<String, Vec<GroupRow>>,
    /// Stage funnel of the deals created in the period.
    pub funnel: Vec<FunnelStage>,
    /// Forecast against quota: per month (quarter) of the period, won, open by forecast
    /// category, weighted and quota ([`indicators::forecast_plan`]).
    pub forecast: Vec<ForecastBucket>,
    /// Data health checks.
    pub health: Vec<HealthCheck>,
    /// Anomalies in the indicator series (latest complete bucket outside median +/- 3 x MAD).
    pub anomalies: Vec<Anomaly>,
    /// Next actions from failing checks, anomalies, breached targets and drivers, highest impact first.
    pub actions: Vec<Action>,
    /// Recoverable input problems, counted.
    pub warnings: Vec<Warning>,
}

/// The resolved query, echoed so a reader knows exactly what was computed.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QueryEcho {
    /// Period start (inclusive).
    pub from: String,
    /// Period end (exclusive).
    pub to: String,
    /// Bucket size.
    pub cadence: Cadence,
    /// Group keys.
    pub group_by: Vec<String>,
    /// Indicator ids.
    pub indicators: Vec<&'static str>,
    /// Previous period [from, to) when comparing.
    pub previous: Option<[String; 2]>,
    /// Targets.
    pub targets: Targets,
    /// Variants used.
    pub variants: Variants,
}

/// Computes the report for a query, with the dataset's health `checks`.
pub fn build(store: &Store, checks: &[HealthCheck], query: &Query) -> Result<Report, InputError> {
    build_with(store, checks, query, &indicators::all())
}

/// [`build`] over the indicators `defs` (in report order) rather than [`indicators::all`]: how a
/// test computes an indicator before it is registered (docs/adding-an-indicator.md).
pub fn build_with(store: &Store, checks: &[HealthCheck], query: &Query, defs: &[indicators::Def]) -> Result<Report, InputError> {
    let known: Vec<&'static str> = defs.iter().map(|d| d.id).collect();
    let resolved = query.resolve(store, &known)?;
    let view = view(store, &resolved);
    let store: &Store = &view;
    let ctx = Ctx { store, query: &resolved };
    let mut groups = GroupTable::default();
    let mut out = Vec::new();
    for id in &resolved.indicators {
        // Resolved ids are known ones: resolve refuses the others.
        if let Some(def) = indicators::find(defs, id) {
            out.push(indicator_report(&ctx, checks, def, &mut groups));
        }
    }
    for rows in groups.rows.values_mut() {
        crate::sort::sort_by(rows, |a, b| (a.group == "(none)").cmp(&(b.group == "(none)")).then_with(|| a.group.cmp(&b.group)));
    }
    let insights = crate::health::insights(&ctx, checks, defs, &out, &groups.rows);
    Ok(Report {
        query: echo(&resolved),
        as_of: format_instant(resolved.as_of),
        currency: store.settings.currency.clone(),
        indicators: out,
        groups: groups.rows,
        funnel: indicators::funnel::funnel(&ctx),
        forecast: indicators::forecast_plan::forecast(&ctx),
        health: checks.to_vec(),
        anomalies: insights.anomalies,
        actions: insights.actions,
        warnings: store.warnings.clone(),
    })
}

/// The store a query is computed on: rebuilt as of `query.asOf` when that is earlier than the
/// dataset's `asOf` (later only moves "now": the future is not in the data), deal amounts
/// re-converted for `variants.fx`, owners read at the close for `variants.owner = at_event`.
/// Borrowed, at no cost, when the query asks for none of these.
pub fn view<'a>(store: &'a Store, q: &ResolvedQuery) -> Cow<'a, Store> {
    let mut view = Cow::Borrowed(store);
    if q.as_of < store.settings.as_of {
        view = Cow::Owned(store.as_of(q.as_of));
    }
    if q.variants.fx != FxBasis::AtClose {
        view.to_mut().reconvert(q.variants.fx);
    }
    if q.variants.owner == OwnerBasis::AtEvent {
        view.to_mut().owners_at_event();
    }
    view
}

fn echo(q: &ResolvedQuery) -> QueryEcho {
    QueryEcho {
        from: format_instant(q.from),
        to: format_instant(q.to),
        cadence: q.cadence,
        group_by: q.group_by.iter().map(|g| g.0.clone()).collect(),
        indicators: q.indicators.clone(),
        previous: q.previous.map(|(a, b)| [format_instant(a), format_instant(b)]),
        targets: q.targets.clone(),
        variants: q.variants,
    }
}

fn indicator_report(ctx: &Ctx, checks: &[HealthCheck], def: &Def, groups: &mut GroupTable) -> IndicatorReport {
    let q = ctx.query;
    let cal = &ctx.store.settings.calendar;
    let periodic = def.timing == Timing::Period;
    let keys: Vec<GroupKey> = q.group_by.iter().map(|g| g.1).collect();
    let planned = scopes::figures(ctx, def, &Request { period: (q.from, q.to), cadence: periodic.then_some(q.cadence), keys: &keys, stats: true });
    let ranges = if periodic { cal.buckets(q.from, q.to, q.cadence) } else { Vec::new() };
    let figure = planned.period;
    let series = ranges
        .iter()
        .zip(planned.buckets)
        .map(|(&(from, to), figure)| SeriesPoint {
            bucket: cal.bucket_label(cal.bucket_start(from, q.cadence), q.cadence),
            from: format_instant(from),
            to: format_instant(to),
            figure,
        })
        .collect();
    let previous = q.previous.filter(|_| periodic).map(|period| scopes::figures(ctx, def, &Request { period, cadence: None, keys: &[], stats: true }).period);
    let change = match (&previous, figure.value) {
        (Some(p), Some(v)) => p.value.map(|pv| v - pv),
        _ => None,
    };
    let bounds = q.targets.get(def.id);
    for ((name, _), split) in q.group_by.iter().zip(planned.groups) {
        for (value, figure) in split {
            let target = target_status(bounds, &figure);
            groups.push(name, ctx.store.strings.resolve(value), GroupFigure { id: def.id, figure, target });
        }
    }
    let by_owner = q.group_by.iter().any(|(_, key)| *key == GroupKey::Owner);
    IndicatorReport {
        notes: crate::health::degenerate::notes(checks, def.id, by_owner),
        reasons: indicators::lost::breakdown(ctx, def.id),
        id: def.id,
        definition: (def.definition)(ctx),
        unit: def.unit,
        better: def.better,
        target: target_status(bounds, &figure),
        figure,
        series,
        previous,
        change,
    }
}

/// Group rows being filled, indicator by indicator.
#[derive(Default)]
struct GroupTable {
    rows: BTreeMap<String, Vec<GroupRow>>,
    index: HashMap<(String, String), usize>,
}

impl GroupTable {
    fn push(&mut self, key: &str, group: &str, figure: GroupFigure) {
        let rows = self.rows.entry(key.to_string()).or_default();
        let i = *self.index.entry((key.to_string(), group.to_string())).or_insert_with(|| {
            rows.push(GroupRow { group: group.to_string(), indicators: Vec::new() });
            rows.len() - 1
        });
        if let Some(row) = rows.get_mut(i) {
            row.indicators.push(figure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    fn dataset(deals: usize) -> crate::Dataset {
        let mut bytes = Vec::new();
        generate(&GenerateOptions { deals, seed: 7, ..GenerateOptions::default() }, &mut bytes).unwrap();
        crate::Dataset::from_json(&bytes).unwrap()
    }

    /// A report that reads back what the one before it kept (the funnel's cohort of the period,
    /// the Kaplan-Meier quantiles of the period and its buckets) is the report of a fresh store.
    #[test]
    fn a_report_after_another_equals_a_fresh_one() {
        let queries = [
            r#"{"from":"2025-01-01","to":"2026-11-23","cadence":"month","groupBy":["owner"]}"#,
            r#"{"from":"2025-01-01","to":"2026-11-23","cadence":"month","groupBy":["segment","team"]}"#,
            r#"{"from":"2025-01-01","to":"2026-11-23","cadence":"week","variants":{"stage_conversion":"strict"}}"#,
            r#"{"from":"2026-02-01","to":"2026-05-01","cadence":"month","groupBy":["region"],"compare":null}"#,
            r#"{"from":"2026-02-01","to":"2026-05-01","cadence":"month","groupBy":["product"],"compare":null}"#,
        ];
        let kept = dataset(1200);
        for json in queries {
            let query = Query::from_json(json.as_bytes()).unwrap();
            let again = kept.report(&query).unwrap();
            let fresh = dataset(1200).report(&query).unwrap();
            assert_eq!(format!("{again:?}"), format!("{fresh:?}"), "{json}");
        }
    }

    /// Every indicator's `all_scopes` gives, for every scope, exactly (to the bit) the figures of
    /// its `scope` computation scope by scope, under groupings, cadences, variants and as-of views.
    #[test]
    fn all_scopes_equal_scope_by_scope() {
        let data = dataset(1200);
        let queries = [
            r#"{"groupBy":["owner","segment","enriched"],"cadence":"week"}"#,
            r#"{"from":"2025-01-01","to":"2026-11-23","cadence":"month","groupBy":["attributes.industry","product"]}"#,
            r#"{"from":"2026-02-10T12:00:00Z","to":"2026-05-03","cadence":"quarter","groupBy":["team"],"variants":{"stage_conversion":"strict"}}"#,
            r#"{"asOf":"2026-03-01","from":"2025-06-01","to":"2026-03-01","cadence":"month","groupBy":["owner"],"variants":{"stage_conversion":"adjacent"}}"#,
            r#"{"asOf":"2027-06-01","from":"2026-01-01","to":"2027-06-01","cadence":"month","groupBy":["region"],"variants":{"fx":"latest","owner":"at_event"}}"#,
            r#"{"from":"2026-06-01","to":"2026-06-02","cadence":"day","groupBy":["owner"]}"#,
        ];
        let defs = indicators::all();
        let mut in_one_pass = 0;
        for json in queries {
            let query = Query::from_json(json.as_bytes()).unwrap();
            let known: Vec<&'static str> = defs.iter().map(|d| d.id).collect();
            let resolved = query.resolve(data.store(), &known).unwrap();
            let view = view(data.store(), &resolved);
            let ctx = Ctx { store: &view, query: &resolved };
            let keys: Vec<GroupKey> = resolved.group_by.iter().map(|g| g.1).collect();
            let cadence = Some(resolved.cadence);
            for def in defs.iter().filter(|d| d.compute.all_scopes.is_some()) {
                let request = Request { period: (resolved.from, resolved.to), cadence, keys: &keys, stats: true };
                let in_one = scopes::figures_with(&ctx, def, &request, def.compute.all_scopes);
                let by_scope = scopes::figures_with(&ctx, def, &request, None);
                assert_eq!(format!("{in_one:?}"), format!("{by_scope:?}"), "{} under {json}", def.id);
                in_one_pass += 1;
            }
        }
        assert_eq!(in_one_pass, defs.len() * queries.len(), "every indicator computes all its scopes in one pass");
    }
}
