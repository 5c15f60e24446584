//! (family in progress)

use super::Def;

/// The indicators of this family.
pub fn definitions() -> Vec<Def> {
    Vec::new()
}
