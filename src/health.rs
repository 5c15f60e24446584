//! Data health checks and anomalies (spec section 5).

use serde::Serialize;

use crate::store::Store;

/// One data health check.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// Stable id, e.g. `duplicate_ids`.
    pub id: &'static str,
    /// `info`, `warning` or `error`.
    pub severity: &'static str,
    /// Records affected.
    pub count: u64,
    /// Up to 20 example record ids.
    pub examples: Vec<String>,
    /// One line saying what was found.
    pub explanation: String,
    /// The next step.
    pub action: String,
}

/// An indicator series whose latest bucket left its usual band.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Anomaly {
    /// Indicator id.
    pub indicator: &'static str,
    /// Bucket label.
    pub bucket: String,
    /// The bucket's value.
    pub value: f64,
    /// Lower edge of the expected band.
    pub expected_low: f64,
    /// Upper edge of the expected band.
    pub expected_high: f64,
    /// `better` or `worse`.
    pub direction: &'static str,
}

/// Runs the data health checks over the store.
pub fn checks(_store: &Store) -> Vec<HealthCheck> {
    Vec::new()
}
