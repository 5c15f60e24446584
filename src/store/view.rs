//! Per-query views of a store: amounts converted on another fx basis, owners read at the event.
//!
//! Both are store-to-store transforms so that every indicator sees them without knowing they
//! exist; the report builds the view once per query, and only when a non-default variant asks.

use super::finish::conversion;
use super::{DealRow, Status, Store, NO_TIME};

/// Which fx rate converts a deal's amount into the base currency (`variants.fx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FxBasis {
    /// The rate in force when the deal closed; open deals at the latest rate.
    #[default]
    AtClose,
    /// The rate in force when the deal was created.
    AtCreation,
    /// The latest rate (known at `asOf`) for every deal.
    Latest,
}

/// Whose group a deal falls in when grouping by owner (`variants.owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OwnerBasis {
    /// The deal's owner now (as of `asOf`).
    #[default]
    Current,
    /// A closed deal's owner at its close (from history); open deals keep the current owner.
    AtEvent,
}

crate::unit_enum::unit_enum!(FxBasis, [AtClose = "at_close", AtCreation = "at_creation", Latest = "latest"]);
crate::unit_enum::unit_enum!(OwnerBasis, [Current = "current", AtEvent = "at_event"]);

impl Store {
    /// Units of base currency per unit of the deal's currency on `basis`; `None` without a rate.
    pub fn deal_rate(&self, deal: &DealRow, basis: FxBasis) -> Option<f64> {
        let at = match basis {
            FxBasis::AtClose if deal.status != Status::Open => deal.closed,
            FxBasis::AtCreation => deal.created,
            _ => NO_TIME,
        };
        conversion(self, deal.currency, at)
    }

    /// Re-converts every deal amount on `basis`.
    pub fn reconvert(&mut self, basis: FxBasis) {
        let amounts: Vec<f64> = self
            .deals
            .iter()
            .map(|d| self.deal_rate(d, basis).map_or(f64::NAN, |r| d.amount_original * r))
            .collect();
        for (d, a) in self.deals.iter_mut().zip(amounts) {
            d.amount = a;
        }
    }

    /// Sets each closed deal's owner to its owner at the close instant (history entries up to and
    /// including the close).
    pub fn owners_at_event(&mut self) {
        let owners: Vec<_> = self
            .deals
            .iter()
            .map(|d| match d.status {
                Status::Open => d.owner,
                _ if d.closed == NO_TIME => d.owner,
                _ => self.deal_state_at(d, d.closed.saturating_add(1)).owner,
            })
            .collect();
        for (d, o) in self.deals.iter_mut().zip(owners) {
            d.owner = o;
        }
    }
}
