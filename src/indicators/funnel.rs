//! (family in progress)

use super::{Ctx, Def};
use serde::Serialize;

/// One open stage of the funnel.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStage {
    /// Stage id.
    pub stage: String,
}

/// The indicators of this family.
pub fn definitions() -> Vec<Def> {
    Vec::new()
}

/// The stage funnel of the deals created in the period.
pub fn funnel(_ctx: &Ctx) -> Vec<FunnelStage> {
    Vec::new()
}
