//! From numbers to what to do on Monday (docs/indicators.md, "Report"): data health checks, anomalies in the
//! indicator series, breached targets, drivers of a move, and the ranked list of next actions.
//!
//! - [`checks`] runs once per dataset (the dataset layer calls it when it assembles a dataset,
//!   one pass per collection) and the dataset keeps its findings; checks never stop a report.
//! - [`anomalies`] applies the median +/- 3 x MAD rule to the latest bucket of every series.
//! - [`drivers`] splits a move against the previous period by group so that the group
//!   contributions sum to the total change.
//! - [`actions`] maps each failing check, anomaly, breached target and driver to a next step and
//!   ranks them by the amount at stake.

pub mod actions;
pub mod anomalies;
pub mod checks;
pub mod degenerate;
pub mod drivers;

pub use actions::{Action, ActionKind};
pub use anomalies::Anomaly;
pub use checks::HealthCheck;
pub use degenerate::Note;

use crate::indicators::{Ctx, Def};
use crate::indicators::output::{GroupRow, IndicatorReport};
use serde::Serialize;
use std::collections::BTreeMap;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; figures are not affected or were repaired.
    Info,
    /// Some figures are distorted or a number moved the wrong way.
    Warning,
    /// Figures are wrong until the data is fixed.
    Error,
}

/// Whether a move is good or bad news, given the indicator's `better` direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The move is in the indicator's good direction.
    Better,
    /// The move is against it.
    Worse,
}

/// Anomalies and ranked actions for one report.
#[derive(Debug, Clone, Default)]
pub struct Insights {
    /// Series whose latest bucket left its band.
    pub anomalies: Vec<Anomaly>,
    /// Next actions, highest impact first.
    pub actions: Vec<Action>,
}

/// Computes anomalies, targets, drivers and the ranked actions of a report from its indicator
/// figures, group rows and the dataset's health checks.
pub fn insights(ctx: &Ctx, checks: &[HealthCheck], defs: &[Def], reports: &[IndicatorReport], groups: &BTreeMap<String, Vec<GroupRow>>) -> Insights {
    let found = anomalies::find(ctx, defs, reports);
    let mut list = actions::from_checks(checks);
    list.extend(found.iter().filter_map(|(a, range)| actions::from_anomaly(ctx, defs, a, *range)));
    list.extend(actions::from_targets(ctx, defs, reports, groups));
    list.extend(drivers::find(ctx, defs, reports).iter().map(|d| actions::from_driver(ctx, d)));
    actions::rank(&mut list);
    Insights { anomalies: found.into_iter().map(|(a, _)| a).collect(), actions: list }
}

/// A readable name of an indicator id: `win_rate` -> `win rate`.
pub fn label(id: &str) -> String {
    id.replace('_', " ")
}
