//! Figures that are true by their formula but mislead because of how the data was recorded, and
//! the checks that find the recording. A check here (or `closed_before_created`) failing puts a
//! [`Note`] on each figure it distorts ([`notes`]): one source of truth, the check, says when;
//! the table [`EFFECTS`] says which figures and how.
//!
//! | id | severity | fails when |
//! |---|---|---|
//! | `lost_amounts_zero` | warning | there are lost deals, none carries an amount other than 0, and some won deal has one (Maven's export zeroes `close_value` on loss) |
//! | `bulk_created` | warning | deals, leads: at least [`BULK_MIN`] records and more than half of those with a `createdAt` share one instant (a bulk load or migration stamped its own time) |
//! | `open_without_amount` | warning | open deals with amount 0 or none (Maven's export writes `close_value` 0 on every open deal; Salesforce leaves Amount empty until someone fills it in) |
//! | `single_owner` | info | at least 2 deals have an owner and all of them the same one (an export filtered to one user, or records assigned to the loading user) |

use super::checks::{linked_amount, HealthCheck, Tally};
use super::Severity;
use crate::store::{Collection, Status, Store, Sym, NO_SYM, NO_TIME};
use crate::time::format_instant;
/// The note type lives with the report rows that carry it ([`crate::indicators::output`]).
pub use crate::indicators::output::Note;

/// Records sharing one creation instant from which a bulk load is told (with more than half).
pub const BULK_MIN: u64 = 10;

/// (check, the collection it counted, indicator, how the check's finding distorts the
/// indicator). `*`: every indicator, when the report is grouped by owner. The collection tells
/// apart the checks that run on several (`bulk_created` on deals distorts no lead figure).
pub const EFFECTS: &[(&str, Collection, &str, &str)] = &[
    ("lost_amounts_zero", Collection::Deals, "win_rate_by_value", "lost value counts as 0, so this rate is 100% whenever a deal was won: read win_rate (by count)"),
    ("lost_amounts_zero", Collection::Deals, "pipeline_created", "deals later lost add 0 to the value created"),
    ("lost_amounts_zero", Collection::Deals, "pipeline_flow", "the lost term is 0 whatever was lost"),
    ("open_without_amount", Collection::Deals, "pipeline_created", "open deals without an amount add 0 to the value created"),
    ("open_without_amount", Collection::Deals, "pipeline_coverage", "open deals without an amount add 0 to the open pipeline"),
    ("open_without_amount", Collection::Deals, "pipeline_flow", "open deals without an amount move 0 through every term"),
    ("bulk_created", Collection::Deals, "sales_cycle_days", "cycle lengths count from the load, not from when the deals began"),
    ("bulk_created", Collection::Deals, "deal_aging", "ages count from the load, not from when the deals began"),
    ("bulk_created", Collection::Deals, "pipeline_created", "the loaded deals' value falls in the load's bucket"),
    ("bulk_created", Collection::Deals, "pipeline_velocity", "its sales cycle counts from the load"),
    ("bulk_created", Collection::Leads, "lead_to_opportunity_rate", "the cohort is the leads loaded at one instant, not the leads that came in during the period"),
    ("bulk_created", Collection::Leads, "lead_to_opportunity_days", "days to convert count from the load, not from when the leads came in"),
    ("bulk_created", Collection::Leads, "rep_response_minutes", "response times count from the load, not from when the leads came in"),
    ("closed_before_created", Collection::Deals, "sales_cycle_days", "negative cycle lengths pull the mean and median down"),
    ("closed_before_created", Collection::Deals, "pipeline_velocity", "its sales cycle includes negative lengths"),
    ("single_owner", Collection::Deals, "*", "every owner group holds the one owner: there is nothing to compare"),
];

/// The notes on indicator `id`: one per failing check that distorts it (`single_owner` only when
/// the report is grouped by owner).
pub fn notes(health: &[HealthCheck], id: &str, by_owner: bool) -> Vec<Note> {
    let mut out = Vec::new();
    for &(check, collection, indicator, effect) in EFFECTS {
        let applies = if indicator == "*" { by_owner } else { indicator == id };
        if !applies {
            continue;
        }
        if let Some(c) = health.iter().find(|c| c.id == check && c.collection == collection && !c.passed) {
            out.push(Note { code: c.id, message: format!("{effect} ({}: {})", c.id, c.explanation) });
        }
    }
    out
}

/// Runs the checks of this module over the deals.
pub(super) fn checks(store: &Store, unit_value: f64, out: &mut Vec<HealthCheck>) {
    out.push(lost_amounts_zero(store, unit_value));
    out.push(open_without_amount(store, unit_value));
    out.push(bulk_created(store, unit_value));
    out.push(single_owner(store));
}

fn id(store: &Store, sym: Sym) -> &str {
    store.strings.resolve(sym)
}

fn lost_amounts_zero(store: &Store, unit_value: f64) -> HealthCheck {
    let has_amount = |a: f64| !a.is_nan() && a != 0.0;
    let lost: Vec<_> = store.deals.iter().filter(|d| d.status == Status::Lost).collect();
    let won_with_amount = store.deals.iter().any(|d| d.status == Status::Won && has_amount(d.amount_original));
    let mut tally = Tally::default();
    if !lost.is_empty() && won_with_amount && !lost.iter().any(|d| has_amount(d.amount_original)) {
        for d in &lost {
            // The amount a lost deal had is unknown: valued at the median deal amount.
            tally.add(id(store, d.id), f64::NAN);
        }
    }
    tally.check_deals("lost_amounts_zero", Severity::Warning, unit_value,
        |n| format!("all {n} lost deals have amount 0 or none while won deals carry theirs: lost value counts as nothing"),
        "Load the amounts lost deals had before they were lost (the export zeroes or clears them); until then read win rate by count, not by value")
}

/// Open deals whose amount is 0 or missing: the pipeline figures count them as 0, which reads as
/// "nothing in the pipeline" rather than "not recorded". 0 counts as missing, as for won deals
/// (`won_without_amount`): an open deal worth nothing is not a deal a CRM export means.
fn open_without_amount(store: &Store, unit_value: f64) -> HealthCheck {
    let mut tally = Tally::default();
    for d in store.deals.iter().filter(|d| d.status == Status::Open && (d.amount_original.is_nan() || d.amount_original == 0.0)) {
        // Its amount is unknown: valued at the median deal amount.
        tally.add(id(store, d.id), f64::NAN);
    }
    tally.check_deals("open_without_amount", Severity::Warning, unit_value,
        |n| format!("{n} open deals have amount 0 or no amount: the pipeline counts them as nothing"),
        "Fill in the amounts of these open deals in the CRM (or map the column that holds them); until then read the pipeline by deal count")
}

fn bulk_created(store: &Store, unit_value: f64) -> HealthCheck {
    let (tally, at, dated) = bulk_tally(store, store.deals.iter().map(|d| (d.created, d.id, d.amount)));
    tally.check_deals("bulk_created", Severity::Warning, unit_value,
        |n| format!("{n} of {dated} deals were created at one instant ({at}): a bulk load or migration, so createdAt is the load's time, not the deals'"),
        "Map createdAt to the column holding the deals' original creation dates (a migration keeps them in a field of its own), or read cycle, aging and pipeline created only for deals created after the load")
}

/// `bulk_created` on the leads: a lead cohort "created in the period" and every time counted
/// from a lead's creation (to conversion, to the first touch) mean nothing when the creation
/// instant is the load's. Impact: the amounts of the deals the leads link to (as the other lead
/// checks count it).
pub(super) fn lead_checks(store: &Store, out: &mut Vec<HealthCheck>) {
    let (tally, at, dated) = bulk_tally(store, store.leads.iter().map(|l| (l.created, l.id, linked_amount(store, l.deal))));
    let explanation = format!("{} of {dated} leads were created at one instant ({at}): a bulk load or migration, so createdAt is the load's time, not the leads'", tally.count);
    let action = "Map createdAt to the column holding the leads' original creation dates (a migration keeps them in a field of its own), or read lead conversion and response times only for leads created after the load";
    out.push(tally.into_check("bulk_created", Collection::Leads, Severity::Warning, explanation, action.into(), 0.0));
}

/// The records (creation, id, amount) created at their bulk instant ([`bulk_instant`]) tallied,
/// that instant written out (empty without one), and how many records are dated.
fn bulk_tally(store: &Store, records: impl Iterator<Item = (i64, Sym, f64)> + Clone) -> (Tally, String, u64) {
    let (instant, dated) = bulk_instant(records.clone().map(|r| r.0));
    let mut tally = Tally::default();
    let Some(instant) = instant else { return (tally, String::new(), dated) };
    for (_, sym, amount) in records.filter(|r| r.0 == instant) {
        tally.add(id(store, sym), amount);
    }
    (tally, format_instant(instant), dated)
}

/// The one creation instant shared by at least [`BULK_MIN`] records and more than half of the
/// dated ones (the earliest of equally common instants), and how many are dated.
fn bulk_instant(created: impl Iterator<Item = i64>) -> (Option<i64>, u64) {
    // Sorted instants counted by runs, not a map: at 1M deals with distinct instants a map of
    // counts held 35-50 MB (while growing) at the end of a load, the load's memory high-water mark.
    let mut instants: Vec<i64> = created.filter(|&t| t != NO_TIME).collect();
    instants.sort_unstable();
    let dated = instants.len() as u64;
    // The most common instant (the earliest of equals: a later run replaces it only when longer).
    let mut top: Option<(i64, u64)> = None;
    for run in instants.chunk_by(|a, b| a == b) {
        if let Some(&instant) = run.first() {
            if top.is_none_or(|(_, n)| run.len() as u64 > n) {
                top = Some((instant, run.len() as u64));
            }
        }
    }
    (top.filter(|&(_, n)| n >= BULK_MIN && 2 * n > dated).map(|(instant, _)| instant), dated)
}

fn single_owner(store: &Store) -> HealthCheck {
    let mut owners = store.deals.iter().map(|d| d.owner).filter(|&o| o != NO_SYM);
    let first = owners.next();
    let one = first.is_some() && owners.all(|o| Some(o) == first);
    let mut tally = Tally::default();
    let mut owner = "";
    if let Some(sym) = first.filter(|_| one) {
        owner = id(store, sym);
        for d in store.deals.iter().filter(|d| d.owner == sym) {
            tally.add(id(store, d.id), 0.0);
        }
        if tally.count < 2 {
            tally = Tally::default();
        }
    }
    tally.check_deals("single_owner", Severity::Info, 0.0,
        |n| format!("all {n} deals with an owner belong to one owner ({owner}): comparisons by owner have a single group"),
        "Load the other owners' deals (the export may be filtered to one user, or the records assigned to the user who loaded them); compare by team, segment or source meanwhile")
}
