//! The named attributions: which records of a table are in an indicator's population, and the
//! instant each one counts at. A [`super::Def`] names one; indicators that name the same one
//! (`win_rate` and `win_rate_by_value` both count closed deals at their close) have the same
//! population, which the store sorts and keeps once ([`super::populations`]), keyed by the name.

use super::{Collection, Ctx};
use crate::store::Store;

/// A named attribution (see the module doc). Each name has exactly one instant function
/// ([`Attribution::instant`]), so equal names are equal populations by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attribution {
    /// Leads with a creation time, at it.
    LeadCreated,
    /// Deals with a creation time, at it.
    DealCreated,
    /// Won or lost deals with a known close, at it.
    DealClosed,
    /// Won deals with a known close, at it.
    DealWon,
    /// Lost deals with a known close, at it.
    DealLost,
    /// Open deals with an expected close, at it.
    DealExpectedClose,
    /// Open deals created before `asOf` (or undated), at their creation.
    DealOpenAtAsOf,
    /// Every deal, at instant 0 (an indicator that reads its own scopes).
    EveryDeal,
    /// Every contact, at instant 0 (a snapshot).
    EveryContact,
    /// Dated touches, at their instant.
    Touch,
    /// Dated touches and meetings, at their instant.
    TouchOrMeeting,
    /// Forecasts of a finished period (the first of each), at the period's start.
    ForecastPeriodStart,
}

/// The instant of record `i` under an attribution, `None` when it is not in the population.
pub type Instant = fn(&Ctx, u32) -> Option<i64>;

impl Attribution {
    /// The function that reads the instant of a record (looked up once per population, not per
    /// record). Reads the store and at most `query.asOf`, never the period, cadence, groups or
    /// variants: the population is sorted once per store and reused by every query with the
    /// store's `asOf`.
    pub fn instant(self) -> Instant {
        match self {
            Attribution::LeadCreated => super::leads::created_at,
            Attribution::DealCreated => super::deals::created_at,
            Attribution::DealClosed => super::deals::closed_at,
            Attribution::DealWon => super::deals::won_at,
            Attribution::DealLost => super::lost::lost_at,
            Attribution::DealExpectedClose => super::pipeline::expected_close_at,
            Attribution::DealOpenAtAsOf => super::aging::open_at_as_of,
            Attribution::EveryDeal | Attribution::EveryContact => |_, _| Some(0),
            Attribution::Touch => super::activity::touch_at,
            Attribution::TouchOrMeeting => super::activity::touch_or_meeting_at,
            Attribution::ForecastPeriodStart => super::forecast::period_start,
        }
    }

    /// The table whose records it attributes.
    pub fn table(self) -> Collection {
        match self {
            Attribution::LeadCreated => Collection::Leads,
            Attribution::DealCreated
            | Attribution::DealClosed
            | Attribution::DealWon
            | Attribution::DealLost
            | Attribution::DealExpectedClose
            | Attribution::DealOpenAtAsOf
            | Attribution::EveryDeal => Collection::Deals,
            Attribution::EveryContact => Collection::Contacts,
            Attribution::Touch | Attribution::TouchOrMeeting => Collection::Activities,
            Attribution::ForecastPeriodStart => Collection::Forecasts,
        }
    }

    /// The population already sorted by the store, when the store keeps it: the deals with a
    /// creation time at it are the store's index by creation ([`super::columns::by_created`], the
    /// same pairs in the same order), which the Kaplan-Meier table reads too, so it is sorted
    /// once for both.
    pub fn presorted(self, store: &Store) -> Option<&std::sync::Arc<Vec<(i64, u32)>>> {
        match self {
            Attribution::DealCreated => Some(super::columns::by_created(store)),
            _ => None,
        }
    }

    /// The instant of record `i` (see [`Attribution::instant`]).
    pub fn at(self, ctx: &Ctx, i: u32) -> Option<i64> {
        (self.instant())(ctx, i)
    }
}

/// The catalog's `table` of a [`super::Def`]: its attribution's ([`Attribution::table`]).
pub fn serialize_table<S: serde::Serializer>(attribution: &Attribution, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&attribution.table(), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 300 deals of `spi generate` (won, lost and open) with `seed`.
    fn generated(seed: u64) -> crate::Dataset {
        let mut bytes = Vec::new();
        crate::generate::generate(&crate::generate::GenerateOptions { deals: 300, seed, ..Default::default() }, &mut bytes).unwrap();
        crate::Dataset::from_json(&bytes).unwrap()
    }

    /// The (instant, deal) pairs of attribution `a`, worked out deal by deal from the rows, sorted.
    fn from_rows(ctx: &Ctx, a: Attribution) -> Vec<(i64, u32)> {
        let mut pop: Vec<(i64, u32)> = (0..ctx.store.deals.len() as u32).filter_map(|i| a.at(ctx, i).map(|t| (t, i))).collect();
        pop.sort_unstable();
        pop
    }

    #[test]
    fn a_presorted_population_is_the_one_sorted_from_its_instants() {
        // The store's index by creation stands in for the DealCreated population: it must hold
        // exactly the pairs sorting (created, deal) of the deals with a creation time gives.
        // 300 generated deals.
        let data = generated(3);
        let store = data.store();
        let query = crate::Query::from_json(b"{}").unwrap().resolve(store, &["win_rate"]).unwrap();
        let ctx = Ctx { store, query: &query };
        let sorted = from_rows(&ctx, Attribution::DealCreated);
        assert!(sorted.len() > 250, "most generated deals have a creation time");
        assert_eq!(Attribution::DealCreated.presorted(store).map(|p| p.as_slice()), Some(sorted.as_slice()));
        assert_eq!(Attribution::DealWon.presorted(store), None);
    }

    #[test]
    fn populations_from_columns_are_the_ones_sorted_from_the_rows() {
        // The closed and won populations, read off the deal columns (the won ones off the kept
        // closed population), must hold exactly the pairs the instant functions give record by
        // record from the rows, sorted; 300 generated deals (won, lost and open).
        let data = generated(5);
        let store = data.store();
        let query = crate::Query::from_json(b"{}").unwrap().resolve(store, &["win_rate"]).unwrap();
        let ctx = Ctx { store, query: &query };
        let (closed, won) = (from_rows(&ctx, Attribution::DealClosed), from_rows(&ctx, Attribution::DealWon));
        assert!(won.len() > 30 && closed.len() > won.len() + 30, "won, lost and open deals: {} closed, {} won", closed.len(), won.len());
        let defs = super::super::all();
        let of = |id: &str| super::super::sorted_population(&ctx, super::super::find(&defs, id).unwrap());
        assert_eq!(of("average_deal_size"), won, "won first: builds and keeps the closed population");
        assert_eq!(of("win_rate"), closed);
    }

    #[test]
    fn the_core_set_shares_its_populations() {
        let defs = super::super::all();
        let of = |id: &str| super::super::find(&defs, id).map(|d| d.attributed_at);
        assert_eq!(of("win_rate"), Some(Attribution::DealClosed));
        assert_eq!(of("win_rate_by_value"), Some(Attribution::DealClosed));
        assert_eq!(of("average_deal_size"), Some(Attribution::DealWon));
        assert_eq!(of("sales_cycle_days"), Some(Attribution::DealWon));
        assert_eq!(of("pipeline_created"), Some(Attribution::DealCreated));
        assert_eq!(of("stage_conversion"), Some(Attribution::DealCreated));
    }
}
