//! Contact data quality: enrichment match rate and key-attribute completeness.
//!
//! Both are snapshots over the contacts (no series, no comparison period), grouped by the contact
//! (only `enriched` tells contacts apart; other keys put every contact in `"(none)"`).

use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::store::{ContactRow, Store, Sym, NO_SYM, NO_TIME};
use rustc_hash::FxHashSet as HashSet;

/// The data quality indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "contact_match_rate",
            unit: Unit::Ratio,
            better: Better::Higher,
            table: Table::Contacts,
            timing: Timing::Snapshot,
            definition: match_definition,
            attribute: every_contact,
            compute: contact_match_rate,
            batch: None,
        },
        Def {
            id: "attribute_completeness",
            unit: Unit::Ratio,
            better: Better::Higher,
            table: Table::Contacts,
            timing: Timing::Snapshot,
            definition: |_| {
                "mean over all contacts of the share of 5 key fields present and well formed: email (one @, a dot \
                 inside the domain, no spaces), phone (at least 7 digits), title, company, seniority (non-empty)"
                    .into()
            },
            attribute: every_contact,
            compute: attribute_completeness,
            batch: None,
        },
    ]
}

/// Every contact is in the population (snapshot).
fn every_contact(_: &Ctx, _: u32) -> Option<i64> {
    Some(0)
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
    let via_lead = store.lead_by_id.get(&lead).map_or(NO_SYM, |&l| store.leads[l as usize].contact);
    [contact, via_lead].into_iter().filter_map(|c| store.contact_by_id.get(&c).copied())
}

/// Whether any activity is on a known contact: the match rate then counts touched contacts only.
fn links_contacts(store: &Store) -> bool {
    store.activities.iter().any(|a| contacts_of(store, a.lead, a.contact).next().is_some())
}

/// Contacts with an activity in [from, to), or `None` when no activity is on a known contact
/// (one pass over the activities).
fn touched_contacts(store: &Store, from: i64, to: i64) -> Option<HashSet<u32>> {
    let mut linked = false;
    let mut touched = HashSet::default();
    for a in &store.activities {
        for c in contacts_of(store, a.lead, a.contact) {
            linked = true;
            if a.at != NO_TIME && a.at >= from && a.at < to {
                touched.insert(c);
            }
        }
    }
    linked.then_some(touched)
}

/// `contact_match_rate` = contacts with `enrichment.matched` / contacts, with its Wilson interval.
/// The contacts are those with at least one activity (any) in the scope's [from, to) when some
/// activity is on a known contact (directly or through its lead), else all contacts: the same rule
/// for the period and every group, so groups sum back. No contact gives `null` with
/// `insufficient_data`. Drill: numerator = matched contacts, denominator = the contacts counted.
fn contact_match_rate(ctx: &Ctx, scope: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let touched = touched_contacts(ctx.store, scope.from, scope.to);
    let (mut matched, mut total) = (0, 0);
    for &r in records {
        if touched.as_ref().is_some_and(|t| !t.contains(&r)) {
            continue;
        }
        total += 1;
        den(&mut sink, Table::Contacts, r);
        if ctx.store.contacts[r as usize].matched {
            matched += 1;
            num(&mut sink, Table::Contacts, r);
        }
    }
    Figure::count_ratio(matched, total)
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
fn attribute_completeness(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut per_field = [0u32; 5];
    for &r in records {
        let valid = valid_fields(&ctx.store.contacts[r as usize]);
        for (total, v) in per_field.iter_mut().zip(valid) {
            *total += u32::from(v);
        }
        den(&mut sink, Table::Contacts, r);
        if valid.contains(&true) {
            num(&mut sink, Table::Contacts, r);
        }
    }
    let n = records.len();
    // Sum of the shares as (valid fields in all) / 5: exact where adding fifths one by one drifts.
    let sum = per_field.iter().map(|&v| f64::from(v)).sum::<f64>() / FIELDS.len() as f64;
    let mut f = Figure::ratio(sum, n as f64, n as u64);
    for (name, total) in FIELDS.iter().zip(per_field) {
        f.stats.insert(name, (n > 0).then(|| f64::from(total) / n as f64));
    }
    f
}
