//! Touches joined to the leads and deals they were made on: speed to lead
//! (`rep_response_minutes`) and touches per qualified opportunity.
//!
//! A touch is "on" a lead when its `leadId` is the lead's id or its `contactId` is the lead's
//! contact; "on" a deal when its `leadId` is the deal's lead or its `contactId` the deal's contact.
//! Both indicators build a [`TouchIndex`] over the keys of the records in scope: one pass over the
//! activities per `compute` call (period, each bucket, each group). A per-report cache would make
//! that one pass per report; the indicator machinery has no such slot yet.

use super::is_touch;
use crate::indicators::drill::{den, num};
use crate::indicators::{Ctx, DrillSink, Figure, Scope, Table};
use crate::store::{Store, Sym, NO_SYM, NO_TIME};
use crate::time::DAY_MS;
use rustc_hash::FxHashMap as HashMap;

/// A lead with no touch within this long after its creation has not been responded to (30 days).
pub const RESPONSE_WINDOW_MS: i64 = 30 * DAY_MS;

/// Dated touches by the lead and by the contact they were made on, each list sorted by time.
#[derive(Debug, Default)]
pub struct TouchIndex {
    by_lead: HashMap<Sym, Vec<(i64, u32)>>,
    by_contact: HashMap<Sym, Vec<(i64, u32)>>,
}

impl TouchIndex {
    /// Indexes the touches made on the given (lead, contact) keys ([`NO_SYM`] halves are
    /// ignored), in one pass over the activities.
    pub fn build(store: &Store, keys: impl Iterator<Item = (Sym, Sym)>) -> TouchIndex {
        let mut index = TouchIndex::default();
        for (lead, contact) in keys {
            if lead != NO_SYM {
                index.by_lead.entry(lead).or_default();
            }
            if contact != NO_SYM {
                index.by_contact.entry(contact).or_default();
            }
        }
        for (i, a) in store.activities.iter().enumerate() {
            if a.at == NO_TIME || !is_touch(a) {
                continue;
            }
            if let Some(list) = index.by_lead.get_mut(&a.lead) {
                list.push((a.at, i as u32));
            }
            if let Some(list) = index.by_contact.get_mut(&a.contact) {
                list.push((a.at, i as u32));
            }
        }
        for list in index.by_lead.values_mut().chain(index.by_contact.values_mut()) {
            list.sort_unstable();
        }
        index
    }

    /// Touches on `lead` or on `contact` at instants in [from, to), each once, in time order.
    pub fn between(&self, lead: Sym, contact: Sym, from: i64, to: i64) -> Vec<(i64, u32)> {
        let mut out = Vec::new();
        for list in [self.by_lead.get(&lead), self.by_contact.get(&contact)].into_iter().flatten() {
            let start = list.partition_point(|t| t.0 < from);
            let end = list.partition_point(|t| t.0 < to);
            out.extend_from_slice(list.get(start..end).unwrap_or_default());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The first touch on `lead` or on `contact` at an instant in [from, to).
    pub fn first(&self, lead: Sym, contact: Sym, from: i64, to: i64) -> Option<(i64, u32)> {
        [self.by_lead.get(&lead), self.by_contact.get(&contact)]
            .into_iter()
            .flatten()
            .filter_map(|list| list.get(list.partition_point(|t| t.0 < from)).copied())
            .filter(|t| t.0 < to)
            .min()
    }
}

/// The `definition` of `rep_response_minutes`.
pub fn response_definition(ctx: &Ctx) -> String {
    let clock = if ctx.store.settings.business_hours.is_some() { "business minutes (settings.businessHours)" } else { "elapsed minutes" };
    format!(
        "leads created in period: median {clock} from createdAt to the first touch on the lead or its contact; \
         no touch within 30 days = not responded, not yet 30 days old and untouched as of asOf = pending, \
         both left out of the median and counted in stats"
    )
}

/// Minutes a lead waited between `from` and `to`: business minutes when `settings.businessHours`
/// is set (a lead arriving Friday 18:00 and touched Monday 09:30 waited 30 minutes), else elapsed.
fn response_minutes(ctx: &Ctx, from: i64, to: i64) -> f64 {
    let settings = &ctx.store.settings;
    match &settings.business_hours {
        Some(hours) => crate::business_hours::business_minutes_between(&settings.calendar, hours, from, to),
        None => (to - from) as f64 / 60_000.0,
    }
}

/// `rep_response_minutes` = median minutes from `createdAt` to the first touch on the lead (or
/// its contact) at or after `createdAt`, over the responded leads of the cohort created in scope
/// (numerator = sum of minutes, denominator = responded leads; mean and percentiles in stats).
///
/// A lead is *responded* when touched within 30 days of creation and by `asOf`; *not responded*
/// when 30 days have passed by `asOf` without a touch; *pending* otherwise. Stats: `responded`,
/// `notResponded`, `pending`, `respondedShare` = responded / (responded + not responded).
/// No responded lead gives `null` with `insufficient_data`.
/// Drill: numerator and denominator = the responded leads.
pub fn rep_response_minutes(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let store = ctx.store;
    let leads = || records.iter().map(|&r| store.lead(r));
    let index = TouchIndex::build(store, leads().map(|l| (l.id, l.contact)));
    let as_of = ctx.query.as_of;
    let (mut minutes, mut missed, mut pending) = (Vec::new(), 0u32, 0u32);
    for (&r, l) in records.iter().zip(leads()) {
        let deadline = l.created.saturating_add(RESPONSE_WINDOW_MS);
        match index.first(l.id, l.contact, l.created, deadline.min(as_of).saturating_add(1)) {
            Some((at, _)) => {
                minutes.push(response_minutes(ctx, l.created, at));
                num(&mut sink, Table::Leads, r);
                den(&mut sink, Table::Leads, r);
            }
            None if deadline <= as_of => missed += 1,
            None => pending += 1,
        }
    }
    let responded = minutes.len() as f64;
    let judged = responded + f64::from(missed);
    Figure::median_of(&mut minutes)
        .with_stat("responded", Some(responded))
        .with_stat("notResponded", Some(f64::from(missed)))
        .with_stat("pending", Some(f64::from(pending)))
        .with_stat("respondedShare", (judged > 0.0).then(|| responded / judged))
}

/// `touches_to_qualified_opportunity` = touches on the leads and contacts of the deals created in
/// scope, made before each deal's `createdAt` / those deals. A touch preceding two deals (say, on a
/// shared contact) counts for each, so group figures sum back to the total. No deal gives `null`
/// with `insufficient_data`. Drill: numerator = the touches (once per deal), denominator = the deals.
pub fn touches_to_qualified_opportunity(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let store = ctx.store;
    let deals = || records.iter().map(|&r| store.deal(r));
    let index = TouchIndex::build(store, deals().map(|d| (d.lead, d.contact)));
    let mut touches = 0u64;
    for (&r, d) in records.iter().zip(deals()) {
        den(&mut sink, Table::Deals, r);
        for (_, a) in index.between(d.lead, d.contact, i64::MIN, d.created) {
            touches += 1;
            num(&mut sink, Table::Activities, a);
        }
    }
    let count = records.len() as u64;
    Figure::ratio(touches as f64, count as f64, count)
}
