//! The per-indicator rows of a report: an indicator's figures over the period, its series, its
//! groups, its target status and its notes.
//!
//! The report assembles them and the health layer reads them (anomalies in the series, breached
//! targets in the groups): they live here, below both, so that neither layer imports the other's
//! output and the layers only point down.

use super::{Better, Figure, Unit};
use crate::query::TargetBounds;
use serde::Serialize;

/// A note on a figure: it is true by its formula, but the data makes it misleading.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// The id of the failing health check (in `report.health`) that explains it.
    pub code: &'static str,
    /// How the figure is distorted, and the check's finding.
    pub message: String,
}

/// One indicator of the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorReport {
    /// Stable id.
    pub id: &'static str,
    /// The definition used, naming its variant.
    pub definition: String,
    /// Unit of the value.
    pub unit: Unit,
    /// Good direction.
    pub better: Better,
    /// The period figure.
    #[serde(flatten)]
    pub figure: Figure,
    /// One point per cadence bucket (empty for snapshot indicators).
    pub series: Vec<SeriesPoint>,
    /// The previous period's figure, when comparing.
    pub previous: Option<Figure>,
    /// value - previous value, when both exist.
    pub change: Option<f64>,
    /// Status against the query's target, when one is set.
    pub target: Option<TargetStatus>,
    /// Why the figure, true by its formula, misleads on this data: one per failing health check
    /// that distorts it (the health layer's `degenerate` checks); empty when none does.
    pub notes: Vec<Note>,
    /// `lost_reasons` only: the period's lost reasons ([`super::lost`]); absent when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<super::lost::LostReason>,
}

/// A series point: one cadence bucket.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    /// Bucket label (`2026-03-02`, `2026-03`, `FY2027-Q1`).
    pub bucket: String,
    /// Bucket start, clipped to the period (ISO).
    pub from: String,
    /// Bucket end, exclusive, clipped to the period (ISO).
    pub to: String,
    /// The bucket's figure.
    #[serde(flatten)]
    pub figure: Figure,
}

/// One group's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GroupRow {
    /// Group value (`"(none)"` when the key is missing).
    pub group: String,
    /// One figure per indicator that has records in this group.
    pub indicators: Vec<GroupFigure>,
}

/// An indicator's figure within a group.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GroupFigure {
    /// Indicator id.
    pub id: &'static str,
    /// The figure.
    #[serde(flatten)]
    pub figure: Figure,
    /// Status against the target, when one is set.
    pub target: Option<TargetStatus>,
}

/// A value checked against a target band.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TargetStatus {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
    /// `met`, `missed`, or `unknown` when there is no value.
    pub status: &'static str,
}

/// Checks a figure against a target band.
pub fn target_status(bounds: Option<&TargetBounds>, figure: &Figure) -> Option<TargetStatus> {
    let b = bounds?;
    let status = match figure.value {
        _ if figure.status == super::figure::DataStatus::Met => "met",
        None => "unknown",
        Some(v) if b.min.is_some_and(|m| v < m) || b.max.is_some_and(|m| v > m) => "missed",
        Some(_) => "met",
    };
    Some(TargetStatus { min: b.min, max: b.max, status })
}

