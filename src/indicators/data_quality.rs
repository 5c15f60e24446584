//! Contact data quality: enrichment match rate and key-attribute completeness.
//!
//! Both are snapshots over the contacts (no series, no comparison period), grouped by the contact
//! (only `enriched` tells contacts apart; other keys put every contact in `"(none)"`).

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::{den, num};
use super::ranks::Bits;
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::store::{ContactRow, MemoKey, Store, Sym, NO_SYM, NO_TIME};

/// The data quality indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "contact_match_rate",
            label: "Contact match rate",
            description: "contacts with `enrichment.matched` / contacts (those touched in the period when activities name contacts)",
            unit: Unit::Ratio,
            better: Better::Higher,
            timing: Timing::Snapshot,
            definition: match_definition,
            variants: &[],
            next_step: "Add enrichment sources to raise the contact match rate",
            headline: Headline::No,
            card: false,
            attributed_at: Attribution::EveryContact,
            compute: Compute::tally::<MatchRate>(),
        },
        Def {
            id: "attribute_completeness",
            label: "Attribute completeness",
            description: "mean over contacts of the share of email, phone, title, company, seniority present and well formed",
            unit: Unit::Ratio,
            better: Better::Higher,
            timing: Timing::Snapshot,
            definition: |_| {
                "mean over all contacts of the share of 5 key fields present and well formed: email (one @, a dot \
                 inside the domain, no spaces), phone (at least 7 digits), title, company, seniority (non-empty)"
                    .into()
            },
            variants: &[],
            next_step: "Add enrichment sources and require email, phone, title, company and seniority at entry",
            headline: Headline::No,
            card: false,
            attributed_at: Attribution::EveryContact,
            compute: Compute::tally::<Completeness>(),
        },
    ]
}

fn match_definition(ctx: &Ctx) -> String {
    if links_contacts(ctx.store) {
        "contacts with at least one activity (any type or direction, on the contact or on a lead of it) in \
         period: enrichment matched / contacts"
            .into()
    } else {
        "all contacts (no activity names a known contact): enrichment matched / contacts".into()
    }
}

/// The known contacts an activity is on: its `contactId`, and the contact of its lead.
fn contacts_of(store: &Store, lead: Sym, contact: Sym) -> impl Iterator<Item = u32> + '_ {
    let via_lead = store.lead_by_id.get(&lead).map_or(NO_SYM, |&l| store.lead(l).contact);
    [contact, via_lead].into_iter().filter_map(|c| store.contact_by_id.get(&c).copied())
}

/// The activities on known contacts, read once per store: whether there is any (the match rate
/// then counts touched contacts only), and each dated one as (instant, contact) sorted by instant.
#[derive(Debug, Clone, Default)]
pub struct ContactTouches {
    linked: bool,
    by_time: Vec<(i64, u32)>,
}

/// The store's [`ContactTouches`], kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct OnContacts;
impl MemoKey for OnContacts {
    type Value = ContactTouches;
}

impl ContactTouches {
    fn of(store: &Store) -> std::sync::Arc<ContactTouches> {
        store.memo.get_or_init(OnContacts, || {
            let mut out = ContactTouches::default();
            for a in &store.activities {
                for c in contacts_of(store, a.lead, a.contact) {
                    out.linked = true;
                    if a.at != NO_TIME {
                        out.by_time.push((a.at, c));
                    }
                }
            }
            out.by_time.sort_unstable();
            out
        })
    }

    /// Contacts with an activity in [from, to), or `None` when no activity is on a known contact.
    fn touched(&self, store: &Store, from: i64, to: i64) -> Option<Bits> {
        let (start, end) = (self.by_time.partition_point(|t| t.0 < from), self.by_time.partition_point(|t| t.0 < to));
        let in_scope = self.by_time.get(start..end).unwrap_or_default().iter().map(|t| t.1);
        self.linked.then(|| Bits::of(in_scope, store.contacts.len()))
    }
}

/// Whether any activity is on a known contact: the match rate then counts touched contacts only.
fn links_contacts(store: &Store) -> bool {
    ContactTouches::of(store).linked
}

/// `contact_match_rate` = contacts with `enrichment.matched` / contacts, with its Wilson interval.
/// The contacts are those with at least one activity (any) in the scope's [from, to) when some
/// activity is on a known contact (directly or through its lead), else all contacts: the same rule
/// for the period and every group, so groups sum back. No contact gives `null` with
/// `insufficient_data`. Drill: numerator = matched contacts, denominator = the contacts counted.
#[derive(Default)]
struct MatchRate {
    contacts: Vec<u32>,
}

impl Tally for MatchRate {
    type Env<'s> = ();
    /// Nothing: which contacts count depends on the scope, read when the figure is made.
    type Item = ();
    fn env(_: &Ctx<'_>) {}
    fn item(_: &(), _: u32) {}
    fn add(&mut self, _: &(), _: (), r: u32, _: &mut Option<&mut DrillSink>) {
        self.contacts.push(r);
    }
    fn figure(self, ctx: &Ctx, scope: &Scope, sink: &mut Option<&mut DrillSink>) -> Figure {
        let touched = ContactTouches::of(ctx.store).touched(ctx.store, scope.from, scope.to);
        let (mut matched, mut total) = (0, 0);
        for r in self.contacts {
            if touched.as_ref().is_some_and(|t| !t.has(r)) {
                continue;
            }
            total += 1;
            den(sink, Collection::Contacts, r);
            if ctx.store.contacts.get(r as usize).is_some_and(|c| c.matched) {
                matched += 1;
                num(sink, Collection::Contacts, r);
            }
        }
        Figure::count_ratio(matched, total)
    }
}

/// Names of the key fields, as reported in stats (each the share of contacts where it is valid).
const FIELDS: [&str; 5] = ["email", "phone", "title", "company", "seniority"];

/// Which key fields of a contact are present and well formed, in [`FIELDS`] order.
fn valid_fields(c: &ContactRow) -> [bool; 5] {
    [
        c.email_valid,
        c.phone_valid,
        c.title != NO_SYM,
        c.company != NO_SYM,
        c.seniority != NO_SYM,
    ]
}

pub use crate::store::well_formed_email;

/// `attribute_completeness` = mean over the contacts of (valid key fields / 5) (numerator = sum
/// of the shares, denominator = contacts); stats give each field's valid share. No contact gives
/// `null` with `insufficient_data`. Drill: numerator = contacts with at least one valid field,
/// denominator = all contacts.
/// `attribute_completeness` over the contacts of a scope.
#[derive(Default)]
struct Completeness {
    per_field: [u32; 5],
    contacts: u64,
}

impl Tally for Completeness {
    type Env<'s> = &'s Store;
    /// The contact's valid key fields, in [`FIELDS`] order.
    type Item = [bool; 5];
    fn env<'s>(ctx: &Ctx<'s>) -> &'s Store {
        ctx.store
    }
    fn item(store: &&Store, r: u32) -> [bool; 5] {
        store.contacts.get(r as usize).map_or([false; 5], valid_fields)
    }
    fn add(&mut self, _: &&Store, valid: [bool; 5], r: u32, sink: &mut Option<&mut DrillSink>) {
        self.contacts += 1;
        for (total, v) in self.per_field.iter_mut().zip(valid) {
            *total += u32::from(v);
        }
        den(sink, Collection::Contacts, r);
        if valid.contains(&true) {
            num(sink, Collection::Contacts, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        let n = self.contacts;
        // Sum of the shares as (valid fields in all) / 5: exact where adding fifths one by one drifts.
        let sum = self.per_field.iter().map(|&v| f64::from(v)).sum::<f64>() / FIELDS.len() as f64;
        let mut f = Figure::ratio(sum, n as f64, n);
        for (name, total) in FIELDS.iter().zip(self.per_field) {
            f.stats.insert(name, (n > 0).then(|| f64::from(total) / n as f64));
        }
        f
    }
}
