//! Touches joined to the leads and deals they were made on: speed to lead
//! (`rep_response_minutes`) and touches per qualified opportunity.
//!
//! A touch is "on" a lead when its `leadId` is the lead's id or its `contactId` is the lead's
//! contact; "on" a deal when its `leadId` is the deal's lead or its `contactId` the deal's contact.
//! Both read the store's [`TouchIndex`] (every dated touch by lead and by contact, sorted by time,
//! built once per store), and what they read of a lead or a deal (its first touch, its touches
//! before creation) is a [`Tally`] item: worked out once per record, then counted in every scope.

use super::is_touch;
use crate::indicators::drill::{den, num};
use crate::indicators::scopes::Tally;
use crate::indicators::{Ctx, DrillSink, Figure, Scope, Collection};
use crate::store::{MemoKey, Store, Sym, NO_SYM, NO_TIME};
use crate::time::DAY_MS;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// A lead with no touch within this long after its creation has not been responded to (30 days).
pub const RESPONSE_WINDOW_MS: i64 = 30 * DAY_MS;

/// Dated touches by the lead and by the contact they were made on, each list sorted by time.
#[derive(Debug, Default)]
pub struct TouchIndex {
    by_lead: HashMap<Sym, Vec<(i64, u32)>>,
    by_contact: HashMap<Sym, Vec<(i64, u32)>>,
}

/// The store's [`TouchIndex`], kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Touches;
impl MemoKey for Touches {
    type Value = TouchIndex;
}

impl TouchIndex {
    /// The index of every dated touch of `store` by its lead and by its contact ([`NO_SYM`]
    /// halves are not indexed), built on first use and kept.
    pub fn of(store: &Store) -> Arc<TouchIndex> {
        store.memo.get_or_init(Touches, || {
            let mut index = TouchIndex::default();
            for (i, a) in store.activities.iter().enumerate() {
                if a.at == NO_TIME || !is_touch(a) {
                    continue;
                }
                if a.lead != NO_SYM {
                    index.by_lead.entry(a.lead).or_default().push((a.at, i as u32));
                }
                if a.contact != NO_SYM {
                    index.by_contact.entry(a.contact).or_default().push((a.at, i as u32));
                }
            }
            for list in index.by_lead.values_mut().chain(index.by_contact.values_mut()) {
                list.sort_unstable();
            }
            index
        })
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
fn response_minutes(store: &Store, from: i64, to: i64) -> f64 {
    let settings = &store.settings;
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
#[derive(Default)]
pub struct Response {
    minutes: Vec<f64>,
    missed: u32,
    pending: u32,
}

impl Tally for Response {
    /// The touches, and `asOf`.
    type Env<'s> = (&'s Store, Arc<TouchIndex>, i64);
    /// The lead's creation, and its first touch within 30 days after it with the minutes waited.
    type Item = (i64, Option<(i64, f64)>);
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (ctx.store, TouchIndex::of(ctx.store), ctx.query.as_of)
    }
    fn item(&(store, ref index, _): &Self::Env<'_>, r: u32) -> Self::Item {
        let Some(l) = store.leads.get(r as usize) else { return (NO_TIME, None) };
        let window_end = l.created.saturating_add(RESPONSE_WINDOW_MS).saturating_add(1);
        let first = index.first(l.id, l.contact, l.created, window_end);
        (l.created, first.map(|(at, _)| (at, response_minutes(store, l.created, at))))
    }
    fn add(&mut self, &(_, _, as_of): &Self::Env<'_>, (created, first): Self::Item, r: u32, sink: &mut Option<&mut DrillSink>) {
        let deadline = created.saturating_add(RESPONSE_WINDOW_MS);
        // The first touch in the window is the first by `asOf` too, when it came by then.
        match first.filter(|&(at, _)| at < deadline.min(as_of).saturating_add(1)) {
            Some((_, minutes)) => {
                self.minutes.push(minutes);
                num(sink, Collection::Leads, r);
                den(sink, Collection::Leads, r);
            }
            None if deadline <= as_of => self.missed += 1,
            None => self.pending += 1,
        }
    }
    fn figure(mut self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        let responded = self.minutes.len() as f64;
        let judged = responded + f64::from(self.missed);
        Figure::median_of(&mut self.minutes)
            .with_stat("responded", Some(responded))
            .with_stat("notResponded", Some(f64::from(self.missed)))
            .with_stat("pending", Some(f64::from(self.pending)))
            .with_stat("respondedShare", (judged > 0.0).then(|| responded / judged))
    }
}

/// `touches_to_qualified_opportunity` = touches on the leads and contacts of the deals created in
/// scope, made before each deal's `createdAt` / those deals. A touch preceding two deals (say, on a
/// shared contact) counts for each, so group figures sum back to the total. No deal gives `null`
/// with `insufficient_data`, and so does a dataset without activities: its 0 touches per deal
/// would read as "no touches were needed" when none were loaded. Drill: numerator = the touches (once per deal), denominator = the deals.
#[derive(Default)]
pub struct TouchesBefore {
    touches: u64,
    deals: u64,
}

impl Tally for TouchesBefore {
    type Env<'s> = (&'s Store, Arc<TouchIndex>);
    /// Touches on the deal's lead or contact before its creation.
    type Item = u64;
    fn env<'s>(ctx: &Ctx<'s>) -> Self::Env<'s> {
        (ctx.store, TouchIndex::of(ctx.store))
    }
    fn item(&(store, ref index): &Self::Env<'_>, r: u32) -> u64 {
        store.deals.get(r as usize).map_or(0, |d| index.between(d.lead, d.contact, i64::MIN, d.created).len() as u64)
    }
    fn add(&mut self, &(store, ref index): &Self::Env<'_>, touches: u64, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.deals += 1;
        self.touches += touches;
        den(sink, Collection::Deals, r);
        if let (Some(d), Some(_)) = (store.deals.get(r as usize), sink.as_ref()) {
            for (_, a) in index.between(d.lead, d.contact, i64::MIN, d.created) {
                num(sink, Collection::Activities, a);
            }
        }
    }
    fn figure(self, ctx: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        if ctx.store.activities.is_empty() {
            return Figure::insufficient();
        }
        Figure::ratio(self.touches as f64, self.deals as f64, self.deals)
    }
}
