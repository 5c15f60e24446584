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
use crate::store::{Collection, DealRow, Status, Store, Sym, NO_SYM, NO_TIME};
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

/// What the checks of this module gather in the one pass over the deals of
/// [`super::checks::run`]; [`DealScan::checks`] judges it. The checks that judge the deals as a
/// whole (all lost deals, one owner) tally their deals while it is not known yet whether they
/// fail, and drop the tally when they pass: a second pass over 1M rows costs more.
#[derive(Default)]
pub(super) struct DealScan {
    /// Every lost deal, kept when `lost_amounts_zero` fails.
    lost: Tally,
    /// Some lost deal carries an amount other than 0.
    lost_with_amount: bool,
    /// Some won deal carries an amount other than 0.
    won_with_amount: bool,
    /// `open_without_amount`.
    open_without_amount: Tally,
    /// The creation instants, for `bulk_created`.
    created: Majority,
    /// The first owner met.
    owner: Option<Sym>,
    /// Another owner followed it.
    another_owner: bool,
    /// The deals of the first owner, kept when `single_owner` fails.
    first_owner: Tally,
}

impl DealScan {
    /// Takes in the next deal, in input order.
    pub(super) fn add(&mut self, store: &Store, d: &DealRow) {
        match d.status {
            Status::Lost => {
                // The amount a lost deal had is unknown: valued at the median deal amount.
                self.lost.add(store, d.id, f64::NAN);
                self.lost_with_amount |= has_amount(d.amount_original);
            }
            Status::Won => self.won_with_amount |= has_amount(d.amount_original),
            // Its amount is unknown: valued at the median deal amount.
            Status::Open if !has_amount(d.amount_original) => self.open_without_amount.add(store, d.id, f64::NAN),
            Status::Open => {}
        }
        self.created.add(d.created);
        if d.owner != NO_SYM {
            let first = *self.owner.get_or_insert(d.owner);
            self.another_owner |= d.owner != first;
            if !self.another_owner {
                self.first_owner.add(store, d.id, 0.0);
            }
        }
    }

    /// Runs the checks of this module over the deals.
    pub(super) fn checks(self, store: &Store, unit_value: f64, out: &mut Vec<HealthCheck>) {
        let one_owner = self.owner.filter(|_| !self.another_owner);
        out.push(lost_amounts_zero(self.lost, self.lost_with_amount, self.won_with_amount, unit_value));
        out.push(open_without_amount(self.open_without_amount, unit_value));
        out.push(bulk_created(store, &self.created, unit_value));
        out.push(single_owner(store, one_owner, self.first_owner));
    }
}

/// An amount other than 0 (0 counts as none, as the export that zeroes amounts writes it).
fn has_amount(amount: f64) -> bool {
    !amount.is_nan() && amount != 0.0
}

fn id(store: &Store, sym: Sym) -> &str {
    store.strings.resolve(sym)
}

/// `lost_amounts_zero`: there are lost deals (`lost`), none carries an amount and some won deal does.
fn lost_amounts_zero(lost: Tally, lost_with_amount: bool, won_with_amount: bool, unit_value: f64) -> HealthCheck {
    let fails = lost.count > 0 && won_with_amount && !lost_with_amount;
    let tally = if fails { lost } else { Tally::default() };
    tally.check_deals("lost_amounts_zero", Severity::Warning, unit_value,
        |n| format!("all {n} lost deals have amount 0 or none while won deals carry theirs: lost value counts as nothing"),
        "Load the amounts lost deals had before they were lost (the export zeroes or clears them); until then read win rate by count, not by value")
}

/// Open deals whose amount is 0 or missing (`tally`): the pipeline figures count them as 0, which reads as
/// "nothing in the pipeline" rather than "not recorded". 0 counts as missing, as for won deals
/// (`won_without_amount`): an open deal worth nothing is not a deal a CRM export means.
fn open_without_amount(tally: Tally, unit_value: f64) -> HealthCheck {
    tally.check_deals("open_without_amount", Severity::Warning, unit_value,
        |n| format!("{n} open deals have amount 0 or no amount: the pipeline counts them as nothing"),
        "Fill in the amounts of these open deals in the CRM (or map the column that holds them); until then read the pipeline by deal count")
}

fn bulk_created(store: &Store, created: &Majority, unit_value: f64) -> HealthCheck {
    let (tally, at, dated) = bulk_tally(store, created, store.deals.iter().map(|d| (d.created, d.id, d.amount)));
    tally.check_deals("bulk_created", Severity::Warning, unit_value,
        |n| format!("{n} of {dated} deals were created at one instant ({at}): a bulk load or migration, so createdAt is the load's time, not the deals'"),
        "Map createdAt to the column holding the deals' original creation dates (a migration keeps them in a field of its own), or read cycle, aging and pipeline created only for deals created after the load")
}

/// `bulk_created` on the leads: a lead cohort "created in the period" and every time counted
/// from a lead's creation (to conversion, to the first touch) mean nothing when the creation
/// instant is the load's. Impact: the amounts of the deals the leads link to (as the other lead
/// checks count it).
pub(super) fn lead_checks(store: &Store, out: &mut Vec<HealthCheck>) {
    let mut created = Majority::default();
    store.leads.iter().for_each(|l| created.add(l.created));
    let (tally, at, dated) = bulk_tally(store, &created, store.leads.iter().map(|l| (l.created, l.id, linked_amount(store, l.deal))));
    let explanation = format!("{} of {dated} leads were created at one instant ({at}): a bulk load or migration, so createdAt is the load's time, not the leads'", tally.count);
    let action = "Map createdAt to the column holding the leads' original creation dates (a migration keeps them in a field of its own), or read lead conversion and response times only for leads created after the load";
    out.push(tally.into_check("bulk_created", Collection::Leads, Severity::Warning, explanation, action.into(), 0.0));
}

/// The records (creation, id, amount) created at their bulk instant tallied (none without one),
/// that instant written out (empty without one), and how many records are dated. The bulk
/// instant is the one creation instant shared by at least [`BULK_MIN`] records and more than
/// half of the dated ones: only the majority candidate of `created` can be it.
fn bulk_tally(store: &Store, created: &Majority, records: impl Iterator<Item = (i64, Sym, f64)>) -> (Tally, String, u64) {
    let (candidate, dated) = (created.candidate, created.dated);
    let could_be = |n: u64| n >= BULK_MIN && 2 * n > dated;
    let mut tally = Tally::default();
    if could_be(created.at_most(candidate)) {
        for (_, sym, amount) in records.filter(|r| r.0 == candidate) {
            tally.add(store, sym, amount);
        }
    }
    if !could_be(tally.count) {
        return (Tally::default(), String::new(), dated);
    }
    (tally, format_instant(candidate), dated)
}

/// How many buckets [`Majority`] counts instants in (16 KB of counts: they stay in the cache).
const BUCKETS: usize = 1 << 12;

/// The majority vote (Boyer-Moore) over creation instants: the one instant that can be on more
/// than half of the dated records, found in one pass without a sort (a sort of the instants,
/// then their runs counted, was 11% of the checks' time at 1M deals). Only its count needs a
/// second pass over the records, and [`Majority::at_most`] spares it unless the candidate can
/// be on more than half: each instant is also counted in a bucket picked by its value, so a
/// bucket's count is at least that of any instant in it (the pass was ~20% of the checks' time).
pub(super) struct Majority {
    /// The candidate (meaningless while nothing is dated: no record is created at it then).
    candidate: i64,
    /// The candidate's lead over the instants seen since it became the candidate.
    votes: u64,
    /// How many instants were given ([`NO_TIME`] aside).
    dated: u64,
    /// The instants counted per bucket ([`Majority::bucket`]).
    buckets: Vec<u32>,
}

impl Default for Majority {
    fn default() -> Self {
        Majority { candidate: 0, votes: 0, dated: 0, buckets: vec![0; BUCKETS] }
    }
}

impl Majority {
    fn add(&mut self, instant: i64) {
        if instant == NO_TIME {
            return;
        }
        self.dated += 1;
        if let Some(n) = self.buckets.get_mut(Self::bucket(instant)) {
            *n += 1;
        }
        if self.votes == 0 {
            self.candidate = instant;
        }
        if instant == self.candidate {
            self.votes += 1;
        } else {
            self.votes -= 1;
        }
    }

    /// The bucket of an instant: the top bits of a multiplicative hash, so that nearby instants
    /// spread over the buckets.
    fn bucket(instant: i64) -> usize {
        ((instant as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BUCKETS.trailing_zeros())) as usize
    }

    /// At most how many records were created at `instant`: the count of its bucket.
    fn at_most(&self, instant: i64) -> u64 {
        self.buckets.get(Self::bucket(instant)).map_or(u64::MAX, |&n| u64::from(n))
    }
}

/// `single_owner`: at least 2 deals have an owner and all of them `one` (`deals`, those deals).
fn single_owner(store: &Store, one: Option<Sym>, deals: Tally) -> HealthCheck {
    let owner = one.map_or("", |sym| id(store, sym));
    let tally = if one.is_some() && deals.count >= 2 { deals } else { Tally::default() };
    tally.check_deals("single_owner", Severity::Info, 0.0,
        |n| format!("all {n} deals with an owner belong to one owner ({owner}): comparisons by owner have a single group"),
        "Load the other owners' deals (the export may be filtered to one user, or the records assigned to the user who loaded them); compare by team, segment or source meanwhile")
}
