//! Data health checks, run once per dataset when it is assembled from its sources (docs/indicators.md, "Report": `health`).
//!
//! Every check appears once per collection it applies to, whenever that collection has records:
//! `count: 0` (`passed: true`) says the check ran and found nothing. Checks that need another
//! collection (dangling references, no recent activity) run only when that collection is present,
//! so a dataset without contacts is not told that every `contactId` is dangling.
//!
//! | id | collection | severity | finds |
//! |---|---|---|---|
//! | `duplicate_ids` | each | warning | records that repeated another's id, merged at ingest into one per id (the dropped copies) |
//! | `closed_before_created` | deals | error | won or lost deals: closedAt (as given, or resolved from history) before createdAt |
//! | `won_without_amount` | deals | warning | won deals with amount 0 or missing |
//! | `unknown_stage` | deals | warning | stage (or a history stage) not among the declared `stages` |
//! | `history_out_of_order` | deals | info | history entries not in time order (sorted before use) |
//! | `past_expected_close` | deals | warning | open deals whose expectedCloseAt is before `asOf` |
//! | `no_recent_activity` | deals | warning | open deals created more than 30 days before `asOf` with no activity on the deal, its contact or its lead in the 30 days up to `asOf` |
//! | `dangling_references` | activities, leads | warning | dealId, leadId or contactId naming no record (only checked against collections present) |
//! | `currency_without_rate` | deals, quotas, forecasts | error | a currency other than the base one with no `fx` rate |
//! | `missing_owner` | deals, leads | warning | no owner |
//! | `lost_amounts_zero`, `open_without_amount`, `bulk_created`, `single_owner` | deals (`bulk_created`: and leads) | see [`super::degenerate`] | data recorded so that figures mislead (figures get a note) |
//!
//! `impact` is the amount at stake in the base currency: for deals, the sum of the affected deals'
//! amounts, where an unknown amount (missing, 0 on a won deal, or in a currency without rate) is
//! valued at the median known deal amount of the dataset; for leads and activities, the amounts of
//! the deals they link to; for quotas and forecasts, 0.

use super::Severity;
use crate::stats::{percentile_of_keys, total_key};
use crate::store::{Collection, DealRow, IdIndex, Merged, Status, Store, Sym, NO_SYM, NO_TIME};
use crate::time::DAY_MS;
use serde::Serialize;
use rustc_hash::FxHashMap as HashMap;

/// Every health check id (those of this file and of [`super::degenerate`]). The package's
/// `SpiCheckId` union is generated from this list (`tests/it/package/generated_types.rs`), which checks it
/// both ways against the ids `src/health` writes.
pub const CHECK_IDS: &[&str] = &[
    "duplicate_ids", "closed_before_created", "won_without_amount", "unknown_stage", "history_out_of_order",
    "past_expected_close", "no_recent_activity", "dangling_references", "currency_without_rate", "missing_owner",
    "lost_amounts_zero", "open_without_amount", "bulk_created", "single_owner",
];

/// How many example record ids a check keeps.
pub const EXAMPLES: usize = 20;

/// Days without activity after which an open deal counts as untouched.
pub const QUIET_DAYS: i64 = 30;

/// One data health check over one collection.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// Stable id, e.g. `duplicate_ids`.
    pub id: &'static str,
    /// The collection the counted records belong to.
    pub collection: Collection,
    /// How much a failure matters.
    pub severity: Severity,
    /// True when no record failed the check.
    pub passed: bool,
    /// Records affected.
    pub count: u64,
    /// Up to 20 example record ids, in input order.
    pub examples: Vec<String>,
    /// One line saying what was found.
    pub explanation: String,
    /// The next step.
    pub action: String,
    /// Amount at stake in the base currency (see the module docs).
    pub impact: f64,
}

/// Counts, examples and amounts of one check while scanning.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) count: u64,
    examples: Vec<String>,
    known: f64,
    unknown: u64,
}

impl Tally {
    /// Counts the record with id `id` at `amount`. Its id is resolved only while examples are
    /// kept: a check that counts most of 1M deals resolves 20.
    pub(super) fn add(&mut self, store: &Store, id: Sym, amount: f64) {
        self.add_with(|| name(store, id).to_string(), amount);
    }

    /// Counts a record named by `example` (called only while examples are kept) at `amount`.
    fn add_with(&mut self, example: impl FnOnce() -> String, amount: f64) {
        self.count += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(example());
        }
        self.add_amount(amount);
    }

    pub(super) fn into_check(self, id: &'static str, collection: Collection, severity: Severity, explanation: String, action: String, unit_value: f64) -> HealthCheck {
        HealthCheck {
            id,
            collection,
            severity,
            passed: self.count == 0,
            count: self.count,
            examples: self.examples,
            explanation,
            action,
            impact: self.known + self.unknown as f64 * unit_value,
        }
    }
}

/// Runs every check, once per dataset (the dataset layer calls it when it assembles a dataset).
/// What ingestion dropped and the targets' currencies are read from [`Store::trail`].
pub fn run(store: &Store) -> Vec<HealthCheck> {
    let (target_currencies, merged) = (&store.trail.target_currencies, &store.trail.merged);
    let mut out = Vec::new();
    let DealScan { mut amount_keys, deals, quiet_stages, no_rate, currencies_without_rate, no_owner, degenerate } = DealScan::of(store);
    let unit_value = percentile_of_keys(&mut amount_keys, 0.5).unwrap_or(0.0);
    drop(amount_keys);
    duplicates(store, merged, unit_value, &mut out);
    if !store.deals.is_empty() {
        deal_checks(store, deals, &quiet_stages, unit_value, &mut out);
        degenerate.checks(store, unit_value, &mut out);
    }
    if !store.leads.is_empty() {
        super::degenerate::lead_checks(store, &mut out);
    }
    dangling(store, &mut out);
    currencies(store, target_currencies, no_rate, currencies_without_rate, unit_value, &mut out);
    owners(store, no_owner, unit_value, &mut out);
    out
}

/// What the deal checks (of this file and of [`super::degenerate`]) find in one pass over the
/// deals, each check's rule one function or condition: at 1M deals a pass per check streamed the
/// 136 MB of rows a dozen times (~140 ms in all, session 13).
#[derive(Default)]
struct DealScan {
    /// The [`total_key`]s of the known, positive amounts, whose median values unknown amounts.
    /// Keys, not the amounts then their keys: 8 MB less at 1M deals, at the load's memory
    /// high-water mark (the health checks run as the load ends).
    amount_keys: Vec<i64>,
    /// `closed_before_created`, `won_without_amount`, `unknown_stage`, `history_out_of_order`,
    /// `past_expected_close` and `no_recent_activity`, in that order.
    deals: [Tally; 6],
    /// How many deals `no_recent_activity` counts in each current stage.
    quiet_stages: HashMap<Sym, u64>,
    /// `currency_without_rate` over the deals.
    no_rate: Tally,
    /// Each currency without rate and how many records use it, in order of first use.
    currencies_without_rate: Vec<(Sym, u64)>,
    /// `missing_owner` over the deals.
    no_owner: Tally,
    /// The checks of [`super::degenerate`].
    degenerate: super::degenerate::DealScan,
}

impl DealScan {
    fn of(store: &Store) -> DealScan {
        let as_of = store.settings.as_of;
        let quiet_since = as_of - QUIET_DAYS * DAY_MS;
        let touches = (!store.activities.is_empty()).then(|| last_touch(store));
        // Per symbol, not per deal: the deals share a handful of currencies and stages.
        let (mut no_rate, mut stage_unknown) = (SymAnswers::default(), SymAnswers::default());
        let mut scan = DealScan::default();
        let [before, won, stage, unordered, past, quiet] = &mut scan.deals;
        for d in &store.deals {
            let (id, amount) = (d.id, d.amount);
            if amount > 0.0 {
                scan.amount_keys.push(total_key(amount));
            }
            if closed_before_created(d) {
                before.add(store, id, amount);
            }
            if won_without_amount(d) {
                won.add(store, id, f64::NAN);
            }
            // The history's stages were looked up when the store was finished.
            let unknown = |s: Sym| s != NO_SYM && store.stage_position(s).is_none();
            if store.stages_declared && (stage_unknown.get(d.stage, unknown) || d.history_unknown_stage) {
                stage.add(store, id, amount);
            }
            if d.history_unordered {
                unordered.add(store, id, amount);
            }
            if d.status == Status::Open && (d.created == NO_TIME || d.created <= as_of) {
                if d.expected_close != NO_TIME && d.expected_close < as_of {
                    past.add(store, id, amount);
                }
                if let Some(touches) = &touches {
                    let last = [d.id, d.contact, d.lead].iter().filter_map(|&k| touches.get(k as usize).filter(|&&at| at != NO_TIME)).max();
                    if d.created != NO_TIME && d.created < quiet_since && last.is_none_or(|&at| at < quiet_since) {
                        quiet.add(store, id, amount);
                        *scan.quiet_stages.entry(store.current_stage(d)).or_default() += 1;
                    }
                }
            }
            if no_rate.get(d.currency, |c| without_rate(store, c)) {
                scan.no_rate.add(store, id, if d.amount_original.is_nan() { 0.0 } else { f64::NAN });
                note(&mut scan.currencies_without_rate, d.currency);
            }
            if d.owner == NO_SYM {
                scan.no_owner.add(store, id, amount);
            }
            scan.degenerate.add(store, d);
        }
        scan
    }
}

fn name(store: &Store, sym: Sym) -> &str {
    store.strings.resolve(sym)
}

/// Amount of the deal with id `deal`, NaN when unknown, 0 when there is no such deal.
pub(super) fn linked_amount(store: &Store, deal: Sym) -> f64 {
    store.deal_by_id.get(&deal).map_or(0.0, |&i| store.deal(i).amount).max(0.0)
}

/// `duplicate_ids`: the copies [`crate::store::Merged`] dropped at ingest. The figures count one
/// record per id; the check still says the input repeated ids, since the copy kept is a choice
/// (the latest by `updatedAt`, else the last). Its impact is the kept record's amount per dropped
/// copy (deals; leads and activities through their deal).
fn duplicates(store: &Store, merged: &Merged, unit_value: f64, out: &mut Vec<HealthCheck>) {
    let collections: [(Collection, &[Sym], usize, &str); 4] = [
        (Collection::Deals, &merged.deals, store.deals.len(), "the latest by updatedAt, else the last in input order"),
        (Collection::Leads, &merged.leads, store.leads.len(), "the latest by updatedAt, else the last in input order"),
        (Collection::Activities, &merged.activities, store.activities.len(), "the last in input order"),
        (Collection::Contacts, &merged.contacts, store.contacts.len(), "the last in input order"),
    ];
    // The amount at stake of the kept record with id `id`.
    let amount = |table: Collection, id: Sym| match table {
        // Unknown (NaN) stays unknown: valued at the median deal amount.
        Collection::Deals => store.deal_by_id.get(&id).map_or(0.0, |&i| store.deal(i).amount),
        Collection::Leads => store.lead_by_id.get(&id).map_or(0.0, |&i| linked_amount(store, store.lead(i).deal)),
        _ => 0.0,
    };
    for (table, dropped, kept, rule) in collections {
        if kept == 0 {
            continue;
        }
        let mut reported = SymSet::new(store);
        let mut distinct = 0;
        let mut tally = Tally::default();
        for &id in dropped {
            tally.count += 1;
            tally.add_amount(amount(table, id));
            if reported.insert(id) {
                distinct += 1;
                if tally.examples.len() < EXAMPLES {
                    tally.examples.push(name(store, id).to_string());
                }
            }
        }
        let what = table.key();
        let explanation = format!(
            "{} {what} repeated the id of another record ({distinct} distinct ids): merged into one record per id, {rule}",
            tally.count
        );
        let action = "Merge the duplicates in the CRM (or fix the export's join) and check that the record kept is the right one".to_string();
        let value = if table == Collection::Deals { unit_value } else { 0.0 };
        out.push(tally.into_check("duplicate_ids", table, Severity::Warning, explanation, action, value));
    }
}

/// A set of symbols of the store's interner, one bit each: symbols are numbered densely, so
/// membership needs no hashing (the duplicate check tests every dropped copy's id).
struct SymSet(Vec<u64>);

impl SymSet {
    /// An empty set with room for every symbol of `store`.
    fn new(store: &Store) -> Self {
        SymSet(vec![0; store.strings.len().div_ceil(64)])
    }

    /// Adds `sym`; false when it was in already. (A symbol of no interned string, which the
    /// store never holds as an id, counts as new.)
    fn insert(&mut self, sym: Sym) -> bool {
        let bit = 1u64 << (sym % 64);
        match self.0.get_mut((sym / 64) as usize) {
            Some(word) if *word & bit != 0 => false,
            Some(word) => {
                *word |= bit;
                true
            }
            None => true,
        }
    }
}

/// A yes or no per symbol, worked out the first time it is asked: [`Sym`]s are dense, so a table
/// indexed by symbol holds the answers. The deal checks ask about every deal's currency and
/// stage, and the deals share a handful of them.
#[derive(Default)]
struct SymAnswers(Vec<Option<bool>>);

impl SymAnswers {
    /// The answer for `sym`, from `answer` the first time.
    fn get(&mut self, sym: Sym, answer: impl FnOnce(Sym) -> bool) -> bool {
        if sym == NO_SYM {
            return answer(sym);
        }
        let index = sym as usize;
        if index >= self.0.len() {
            self.0.resize(index + 1, None);
        }
        match self.0.get_mut(index) {
            Some(Some(known)) => *known,
            Some(slot) => *slot.insert(answer(sym)),
            None => answer(sym),
        }
    }
}

impl Tally {
    fn add_amount(&mut self, amount: f64) {
        if amount.is_nan() {
            self.unknown += 1;
        } else {
            self.known += amount;
        }
    }
}

/// The latest activity instant (at or before `asOf`) per deal, contact and lead id.
/// Indexed by symbol (dense, so no hashing), [`NO_TIME`] where the key has no activity.
fn last_touch(store: &Store) -> Vec<i64> {
    let mut last = vec![NO_TIME; store.strings.len()];
    for a in store.activities.iter().filter(|a| a.at != NO_TIME && a.at <= store.settings.as_of) {
        for key in [a.deal, a.contact, a.lead] {
            if let Some(t) = last.get_mut(key as usize) {
                *t = (*t).max(a.at);
            }
        }
    }
    last
}

/// `closed_before_created`: a won or lost deal whose close (as given, or as resolved from its
/// history) is before its creation. Only a won or lost deal has a close: an open deal's close
/// date (Salesforce's CloseDate on an open opportunity) is an expected close, which
/// `past_expected_close` judges.
fn closed_before_created(d: &DealRow) -> bool {
    let closed_early = |c: i64| c != NO_TIME && d.created != NO_TIME && c < d.created;
    d.status != Status::Open && (closed_early(d.closed_field) || closed_early(d.closed))
}

/// `won_without_amount`: a won deal with amount 0 or none.
fn won_without_amount(d: &DealRow) -> bool {
    d.status == Status::Won && (d.amount_original.is_nan() || d.amount_original == 0.0)
}

/// The checks of [`DealScan::deals`], in that order.
fn deal_checks(store: &Store, tallies: [Tally; 6], quiet_stages: &HashMap<Sym, u64>, unit_value: f64, out: &mut Vec<HealthCheck>) {
    let [before, won, stage, unordered, past, quiet] = tallies;
    out.push(before.check_deals("closed_before_created", Severity::Error, unit_value,
        |n| format!("{n} deals close before they were created: their cycle lengths are negative"),
        "Correct createdAt or closedAt on these deals in the CRM"));
    out.push(won.check_deals("won_without_amount", Severity::Warning, unit_value,
        |n| format!("{n} won deals have amount 0 or no amount: revenue figures miss them"),
        "Fill in the amount of these won deals (valued here at the median deal amount)"));
    if store.stages_declared {
        out.push(stage.check_deals("unknown_stage", Severity::Warning, unit_value,
            |n| format!("{n} deals use a stage that is not among the declared stages: they are left out of the funnel and stage conversion"),
            "Add these stages to `stages` or map them to declared ones in the export"));
    }
    out.push(unordered.check_deals("history_out_of_order", Severity::Info, unit_value,
        |n| format!("{n} deals have history entries out of time order: sorted by time before use"),
        "Check the history export's ordering and time stamps"));
    out.push(past.check_deals("past_expected_close", Severity::Warning, unit_value,
        |n| format!("{n} open deals are past their expected close date as of asOf"),
        "Update the expected close date or close these deals out: they distort pipeline coverage"));
    if !store.activities.is_empty() {
        out.push(quiet_check(store, quiet, quiet_stages, unit_value));
    }
}

impl Tally {
    pub(super) fn check_deals(self, id: &'static str, severity: Severity, unit_value: f64, explain: impl FnOnce(u64) -> String, action: &str) -> HealthCheck {
        let explanation = explain(self.count);
        self.into_check(id, Collection::Deals, severity, explanation, action.to_string(), unit_value)
    }
}

/// `no_recent_activity`, naming the stage where most untouched deals sit.
fn quiet_check(store: &Store, tally: Tally, stages: &HashMap<Sym, u64>, unit_value: f64) -> HealthCheck {
    let top = stages.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| name(store, *b.0).cmp(name(store, *a.0))));
    let mut explanation = format!("{} open deals have had no activity on the deal, its contact or lead in {QUIET_DAYS} days", tally.count);
    let mut action = "Schedule a follow-up on each of these deals or close them out as lost".to_string();
    if let Some((&stage, &count)) = top.filter(|(s, _)| **s != NO_SYM) {
        let stage = name(store, stage);
        explanation.push_str(&format!("; {count} of them in stage {stage}"));
        action = format!("Deals are stalling in {stage}: set structured follow-ups and approval timelines for that stage, and close out dead deals");
    }
    tally.check_deals("no_recent_activity", Severity::Warning, unit_value, |_| explanation, &action)
}

fn dangling(store: &Store, out: &mut Vec<HealthCheck>) {
    // Absent collections are not checked against. The store's id indexes hold every record's id.
    let deals = (!store.deals.is_empty()).then_some(&store.deal_by_id);
    let leads = (!store.leads.is_empty()).then_some(&store.lead_by_id);
    let contacts = (!store.contacts.is_empty()).then_some(&store.contact_by_id);
    let known = |sym: Sym, ids: Option<&IdIndex>| sym == NO_SYM || ids.is_none_or(|ids| ids.contains_key(&sym));
    let action = "Export the referenced deals, leads and contacts too, or correct the ids: these records cannot be linked";
    if !store.activities.is_empty() {
        let mut t = Tally::default();
        for a in &store.activities {
            if !(known(a.deal, deals) && known(a.lead, leads) && known(a.contact, contacts)) {
                t.add(store, a.id, 0.0);
            }
        }
        let explanation = format!("{} activities reference a deal, lead or contact that is not in the data", t.count);
        out.push(t.into_check("dangling_references", Collection::Activities, Severity::Warning, explanation, action.into(), 0.0));
    }
    if !store.leads.is_empty() {
        let mut t = Tally::default();
        for l in &store.leads {
            if !(known(l.deal, deals) && known(l.contact, contacts)) {
                t.add(store, l.id, 0.0);
            }
        }
        let explanation = format!("{} leads reference a deal or contact that is not in the data", t.count);
        out.push(t.into_check("dangling_references", Collection::Leads, Severity::Warning, explanation, action.into(), 0.0));
    }
}

/// `currency_without_rate`: a currency other than the base one with no `fx` rate, as the
/// store's own conversion reads it (`$` is the base when the base writes `$`).
fn without_rate(store: &Store, currency: Sym) -> bool {
    crate::store::conversion(store, currency, NO_TIME).is_none()
}

/// Counts one more record in `currency` among `codes` (currencies and their records, in order of first use).
fn note(codes: &mut Vec<(Sym, u64)>, currency: Sym) {
    match codes.iter_mut().find(|(s, _)| *s == currency) {
        Some((_, n)) => *n += 1,
        None => codes.push((currency, 1)),
    }
}

/// `currency_without_rate` over the deals (`deals`, with `codes` their currencies: [`DealScan`]),
/// the quotas and the forecasts.
fn currencies(store: &Store, targets: &(Vec<Sym>, Vec<Sym>), deals: Tally, mut codes: Vec<(Sym, u64)>, unit_value: f64, out: &mut Vec<HealthCheck>) {
    let mut rows = [Tally::default(), Tally::default()];
    for (tally, (list, what)) in rows.iter_mut().zip([(&targets.0, "quotas"), (&targets.1, "forecasts")]) {
        for (i, &c) in list.iter().enumerate().filter(|(_, c)| without_rate(store, **c)) {
            tally.add_with(|| format!("{what}[{i}]"), 0.0);
            note(&mut codes, c);
        }
    }
    let counted = codes.iter().map(|(c, n)| format!("{} ({n})", name(store, *c))).collect::<Vec<_>>().join(", ");
    let plain = codes.iter().map(|(c, _)| name(store, *c)).collect::<Vec<_>>().join(", ");
    // `$` and `¥` take no rate: each is a currency the data does not name.
    let shared = if codes.iter().any(|(c, _)| crate::store::writers_of(name(store, *c)).is_some()) { " (for $ or ¥, give the amounts' currency: a currency column or settings.currency)" } else { "" };
    let action = || format!("Add a rate for {plain} under `fx`{shared}: until then these amounts are left out of amount-based figures");
    if !store.deals.is_empty() {
        let explanation = format!("{} deals are in a currency without an fx rate: {counted}", deals.count);
        out.push(deals.into_check("currency_without_rate", Collection::Deals, Severity::Error, explanation, action(), unit_value));
    }
    let [quotas, forecasts] = rows;
    for (t, table, len) in [(quotas, Collection::Quotas, store.quotas.len()), (forecasts, Collection::Forecasts, store.forecasts.len())] {
        if len > 0 {
            let explanation = format!("{} {} are in a currency without an fx rate", t.count, table.key());
            out.push(t.into_check("currency_without_rate", table, Severity::Error, explanation, action(), 0.0));
        }
    }
}

/// `missing_owner` over the deals (`deals`, from [`DealScan`]) and the leads.
fn owners(store: &Store, deals: Tally, unit_value: f64, out: &mut Vec<HealthCheck>) {
    let action = "Assign an owner: until then these records fall into the \"(none)\" group of every per-rep figure";
    if !store.deals.is_empty() {
        let explanation = format!("{} deals have no owner", deals.count);
        out.push(deals.into_check("missing_owner", Collection::Deals, Severity::Warning, explanation, action.into(), unit_value));
    }
    if !store.leads.is_empty() {
        let mut t = Tally::default();
        for l in store.leads.iter().filter(|l| l.owner == NO_SYM) {
            t.add(store, l.id, linked_amount(store, l.deal));
        }
        let explanation = format!("{} leads have no owner", t.count);
        out.push(t.into_check("missing_owner", Collection::Leads, Severity::Warning, explanation, action.into(), 0.0));
    }
}
