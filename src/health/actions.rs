//! Next actions: every failing check, anomaly, breached target and driver mapped to a concrete
//! step, ranked by the amount at stake.
//!
//! Impact (`impact`, base currency) is valued as follows:
//! - **check**: the check's own impact (affected deals' amounts; unknown amounts at the median deal
//!   amount; leads and activities through the deals they link to; see [`super::checks`]);
//! - **anomaly**: the amounts of the deals behind the judged bucket's figure;
//! - **target**: the amounts of the deals behind the breaching figure (the period's, or the group's);
//! - **driver**: the amounts of the driving group's deals in the current period.
//!
//! "Deals behind a figure" are the figure's records when the indicator counts deals, the deals
//! linked by `dealId` when it counts leads or activities, and none otherwise (impact 0). Actions are
//! sorted by impact (highest first), then severity (error first), then kind (check, target,
//! anomaly, driver), then input order.

use super::anomalies::Anomaly;
use super::checks::{HealthCheck, EXAMPLES};
use super::drivers::Driver;
use super::{label, Direction, Severity};
use crate::indicators::{self, drill, groups, Ctx, Def, Figure, RecordRef, Collection, Unit};
use crate::indicators::output::{GroupRow, IndicatorReport, TargetStatus};
use crate::store::{Store, NO_SYM};
use serde::Serialize;
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeMap;

/// What an action comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A failing data health check.
    Check,
    /// A breached target, on the period value or on a group.
    Target,
    /// An anomaly in an indicator series.
    Anomaly,
    /// The group that explains most of an adverse move.
    Driver,
}

/// One next step.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Where it comes from.
    pub kind: ActionKind,
    /// Indicator id (anomaly, target, driver).
    pub indicator: Option<&'static str>,
    /// Check id (check).
    pub check: Option<&'static str>,
    /// How much it matters.
    pub severity: Severity,
    /// Group key (target on a group, driver).
    pub group_key: Option<String>,
    /// Group value (target on a group, driver).
    pub group: Option<String>,
    /// What was found, one line.
    pub message: String,
    /// The next step.
    pub action: String,
    /// Amount at stake in the base currency (see the module docs).
    pub impact: f64,
    /// Collection of `recordIds`.
    pub record_table: Option<Collection>,
    /// Up to 20 record ids to link to.
    pub record_ids: Vec<String>,
}

/// A value in its unit, for messages. A value that rounds to zero is written without a sign
/// (a band of "-0 USD to 0 USD" reads as an error).
pub fn format_value(unit: Unit, v: f64, currency: &str) -> String {
    let text = signed_value(unit, v, currency);
    match text.strip_prefix('-') {
        Some(rest) if !rest.bytes().any(|b| (b'1'..=b'9').contains(&b)) => rest.to_string(),
        _ => text,
    }
}

fn signed_value(unit: Unit, v: f64, currency: &str) -> String {
    match unit {
        Unit::Ratio => format!("{:.1}%", v * 100.0),
        Unit::Days => format!("{v:.1} days"),
        Unit::Minutes => format!("{v:.0} minutes"),
        Unit::Currency => format!("{v:.0} {currency}"),
        Unit::CurrencyPerDay => format!("{v:.0} {currency}/day"),
        Unit::Count => format!("{v:.0}"),
        Unit::Touches => format!("{v:.1} touches"),
        Unit::Multiple => format!("{v:.2}x"),
    }
}

/// The size of a change in its unit (ratios in percentage points).
pub fn format_change(unit: Unit, c: f64, currency: &str) -> String {
    match unit {
        Unit::Ratio => format!("{:.1} points", c.abs() * 100.0),
        _ => format_value(unit, c.abs(), currency),
    }
}

/// The base amounts of the deals behind `records` of `table`, and up to 20 of the records' ids.
pub fn at_stake(store: &Store, table: Collection, records: &[u32]) -> (f64, Vec<String>) {
    let mut seen = HashSet::default();
    let mut total = 0.0;
    for &r in records {
        let deal = match table {
            Collection::Deals => Some(r),
            Collection::Leads => store.leads.get(r as usize).and_then(|l| store.deal_by_id.get(&l.deal)).copied(),
            Collection::Activities => store.activities.get(r as usize).and_then(|a| store.deal_by_id.get(&a.deal)).copied(),
            _ => None,
        };
        if let Some(d) = deal.filter(|d| seen.insert(*d)) {
            let amount = store.deals.get(d as usize).map_or(0.0, |deal| deal.amount);
            total += if amount.is_nan() { 0.0 } else { amount };
        }
    }
    let ids = records.iter().take(EXAMPLES).map(|&index| drill::record_id(store, RecordRef { table, index })).collect();
    (total, ids)
}

/// One action per failing check.
pub fn from_checks(checks: &[HealthCheck]) -> Vec<Action> {
    checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| Action {
            kind: ActionKind::Check,
            indicator: None,
            check: Some(c.id),
            severity: c.severity,
            group_key: None,
            group: None,
            message: c.explanation.clone(),
            action: c.action.clone(),
            impact: c.impact,
            record_table: Some(c.collection),
            record_ids: c.examples.clone(),
        })
        .collect()
}

fn indicator_action(kind: ActionKind, def: &Def, severity: Severity, message: String, action: String, stake: (f64, Vec<String>)) -> Action {
    Action {
        kind,
        indicator: Some(def.id),
        check: None,
        severity,
        group_key: None,
        group: None,
        message,
        action,
        impact: stake.0,
        record_table: Some(def.table()),
        record_ids: stake.1,
    }
}

/// The action for an anomaly found in bucket [from, to); `None` for an indicator not in `defs`
/// (never: anomalies are found on the indicators of `defs`).
pub fn from_anomaly(ctx: &Ctx, defs: &[Def], a: &Anomaly, (from, to): (i64, i64)) -> Option<Action> {
    let def = indicators::find(defs, a.indicator)?;
    let cur = &ctx.store.settings.currency;
    let pop = indicators::population(ctx, def);
    let stake = at_stake(ctx.store, def.table(), &indicators::slice(&pop, from, to));
    let fmt = |v| format_value(def.unit, v, cur);
    let message = format!(
        "{} was {} in bucket {}, outside its expected band {} to {} (median {} of the {} buckets before)",
        label(def.id), fmt(a.value), a.bucket, fmt(a.expected_low), fmt(a.expected_high), fmt(a.median), a.baseline
    );
    let (severity, step) = match a.direction {
        Direction::Worse => (Severity::Warning, def.next_step.to_string()),
        Direction::Better => (Severity::Info, format!("Find out what changed in bucket {} and repeat it (and rule out a data error)", a.bucket)),
    };
    Some(indicator_action(ActionKind::Anomaly, def, severity, message, step, stake))
}

fn breach(name: &str, unit: Unit, value: Option<f64>, t: &TargetStatus, cur: &str) -> String {
    let v = value.map_or("unknown".into(), |v| format_value(unit, v, cur));
    match (t.min, t.max) {
        (Some(m), _) if value.is_some_and(|v| v < m) => format!("{name} is {v}, below the target of {}", format_value(unit, m, cur)),
        (_, Some(m)) => format!("{name} is {v}, above the target of at most {}", format_value(unit, m, cur)),
        _ => format!("{name} is {v}, outside its target"),
    }
}

/// One action per breached target: the period value, then each group that misses it.
pub fn from_targets(ctx: &Ctx, defs: &[Def], reports: &[IndicatorReport], rows: &BTreeMap<String, Vec<GroupRow>>) -> Vec<Action> {
    let cur = &ctx.store.settings.currency;
    let q = ctx.query;
    let mut out = Vec::new();
    for r in reports {
        let Some(def) = indicators::find(defs, r.id) else { continue };
        let missed = |t: &Option<TargetStatus>| t.is_some_and(|t| t.status == "missed");
        let group_misses: Vec<(&String, &GroupRow, &Figure, TargetStatus)> = rows
            .iter()
            .flat_map(|(k, rs)| rs.iter().map(move |row| (k, row)))
            .filter_map(|(k, row)| row.indicators.iter().find_map(|g| g.target.filter(|t| g.id == r.id && t.status == "missed").map(|t| (k, row, &g.figure, t))))
            .collect();
        if !missed(&r.target) && group_misses.is_empty() {
            continue;
        }
        let pop = indicators::population(ctx, def);
        let records = indicators::records_in(def, &pop, q.from, q.to);
        if let Some(t) = r.target.filter(|t| t.status == "missed") {
            let message = breach(&label(def.id), def.unit, r.figure.value, &t, cur);
            out.push(indicator_action(ActionKind::Target, def, Severity::Warning, message, def.next_step.into(), at_stake(ctx.store, def.table(), &records)));
        }
        for (key_name, row, figure, t) in group_misses {
            let Some(&(_, key)) = q.group_by.iter().find(|(n, _)| n == key_name) else { continue };
            let sym = if row.group == "(none)" { NO_SYM } else { ctx.store.strings.lookup(&row.group).unwrap_or(NO_SYM) };
            let members: Vec<u32> = records.iter().copied().filter(|&i| groups::group_value(ctx.store, def.table(), i, key) == sym).collect();
            let message = breach(&format!("{key_name} {}: {}", row.group, label(def.id)), def.unit, figure.value, &t, cur);
            let mut a = indicator_action(ActionKind::Target, def, Severity::Warning, message, def.next_step.into(), at_stake(ctx.store, def.table(), &members));
            (a.group_key, a.group) = (Some(key_name.clone()), Some(row.group.clone()));
            out.push(a);
        }
    }
    out
}

/// The action for a driver.
pub fn from_driver(ctx: &Ctx, d: &Driver) -> Action {
    let cur = &ctx.store.settings.currency;
    let verb = if d.change < 0.0 { "fell" } else { "rose" };
    let fmt = |v: Option<f64>| v.map_or("none".into(), |v| format_value(d.unit, v, cur));
    let share = if d.contribution.abs() > d.change.abs() { " (more than the whole move: other groups moved the other way)" } else { "" };
    let message = format!(
        "{} {verb} {} against the previous period; {} {} explains {} of them{share}; its own {} went from {} to {}",
        label(d.indicator), format_change(d.unit, d.change, cur), d.key, d.group,
        format_change(d.unit, d.contribution, cur), label(d.indicator), fmt(d.group_values.0), fmt(d.group_values.1)
    );
    let (impact, ids) = at_stake(ctx.store, d.table, &d.records);
    let (moved, first) = reasons_moved(d);
    let message = message + &moved;
    Action {
        kind: ActionKind::Driver,
        indicator: Some(d.indicator),
        check: None,
        severity: Severity::Warning,
        group_key: Some(d.key.clone()),
        group: Some(d.group.clone()),
        message,
        action: format!("With {} {}: {}{first}", d.key, d.group, lowercase_first(d.next_step)),
        impact,
        record_table: Some(d.table),
        record_ids: ids,
    }
}

/// The lost reasons a win-rate driver names ([`Driver::reasons`]): a clause for the message
/// (`; lost reasons that grew: "Price" 25.0% -> 50.0% of lost deals, ...`) and one for the action
/// (`, starting with the deals lost to "Price"`); both empty without reasons.
fn reasons_moved(d: &Driver) -> (String, String) {
    let Some(top) = d.reasons.first() else { return (String::new(), String::new()) };
    let by_value = d.indicator == "win_rate_by_value";
    let pct = |v: Option<f64>| v.map_or("none".into(), |v| format_value(Unit::Ratio, v, ""));
    let moves: Vec<String> = d
        .reasons
        .iter()
        .map(|r| {
            let (before, now) = if by_value { (r.previous_amount_share, r.amount_share) } else { (r.previous_share, r.share) };
            format!("{} {} -> {}", crate::model::quote(&r.reason), pct(before), pct(now))
        })
        .collect();
    let of = if by_value { "of the amount lost" } else { "of lost deals" };
    let message = format!("; lost reasons that grew most ({of}): {}", moves.join(", "));
    (message, format!(", starting with the deals lost to {}", crate::model::quote(&top.reason)))
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
}

/// Sorts by impact (highest first), then severity, then kind; stable otherwise.
pub fn rank(actions: &mut Vec<Action>) {
    crate::sort::sort_by(actions, |a, b| b.impact.total_cmp(&a.impact).then(b.severity.cmp(&a.severity)).then(a.kind.cmp(&b.kind)));
}
