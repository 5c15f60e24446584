//! The ingested, compact form of a dataset: built once, queried many times.
//!
//! Records are fixed-size rows of integers and floats: strings are interned into [`Sym`]s,
//! timestamps are `i64` UTC milliseconds ([`NO_TIME`] when absent), amounts are `f64` in the base
//! currency (`NaN` when unknown or when the currency has no rate). Deal histories live in one flat
//! array, each deal holding a range of it. Record ids are kept as symbols so that the ids behind
//! any number can be listed on demand without costing anything until asked.

mod as_of;
mod builder;
mod collection;
mod dedup;
mod epochs;
mod finish;
mod id_index;
mod interner;
mod joins;
mod memo;
mod merge;
mod rows;
mod screen;
mod view;

pub use screen::MAX_AMOUNT;
pub use as_of::DealState;
pub use builder::{InputSize, StoreBuilder};
pub use collection::Collection;
pub(crate) use builder::{merge_settings, SettingsFrom};
pub(crate) use finish::{conversion, stage_named_closed};
pub use dedup::Merged;
pub use memo::{Memo, MemoKey};
pub use id_index::IdIndex;
pub use interner::{Interner, Sym, NO_SYM};
pub use view::{FxBasis, OwnerBasis};

use crate::calendar::Calendar;
use crate::error::Warning;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// Marks an absent timestamp.
pub const NO_TIME: i64 = i64::MIN;

/// Currency symbols several currencies write, each with those currencies: an amount written with
/// one (`$1,000`, `¥500`) is in one of them. The CSV reader puts a currency column's or the
/// mapping's currency first; left as the symbol, it is the base currency when the base writes it
/// (finish.rs `conversion`), else left out of amounts with a `currency_without_rate` warning,
/// never read as euros.
pub const SHARED_SYMBOLS: [(&str, &[&str]); 2] = [
    ("$", &["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP"]),
    ("¥", &["JPY", "CNY"]),
];

/// The currencies that write `symbol`, when it is one of [`SHARED_SYMBOLS`].
pub fn writers_of(symbol: &str) -> Option<&'static [&'static str]> {
    SHARED_SYMBOLS.iter().find(|s| s.0 == symbol).map(|s| s.1)
}

/// Final state of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Still in the pipeline (including reopened deals).
    Open,
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
}

/// Kind of a stage.
pub type StageKind = Status;

/// A pipeline stage, in pipeline order.
#[derive(Debug, Clone)]
pub struct StageRow {
    /// Stage id.
    pub id: Sym,
    /// Display label.
    pub label: Sym,
    /// Sort key.
    pub order: f64,
    /// Win probability, when given.
    pub probability: f64,
    /// open, won or lost.
    pub kind: StageKind,
}

/// A deal row.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct DealRow {
    pub id: Sym,
    pub name: Sym,
    pub owner: Sym,
    pub team: Sym,
    pub segment: Sym,
    pub persona: Sym,
    pub source: Sym,
    pub region: Sym,
    pub product: Sym,
    pub account: Sym,
    pub contact: Sym,
    pub lead: Sym,
    /// Amount in the base currency; NaN when missing or without an fx rate.
    pub amount: f64,
    /// Amount in the deal's own currency; NaN when missing.
    pub amount_original: f64,
    pub currency: Sym,
    pub created: i64,
    pub expected_close: i64,
    /// Resolved close time (history first, else `closedAt`); NO_TIME for open deals or when unknown.
    pub closed: i64,
    /// The `closedAt` field as given.
    pub closed_field: i64,
    pub stage: Sym,
    pub status: Status,
    pub forecast_category: Sym,
    /// Why the deal was lost; NO_SYM unless the deal is lost and a reason was given.
    pub lost_reason: Sym,
    /// History went from a closed stage back to an open one.
    pub reopened: bool,
    /// History entries were not in time order in the input.
    pub history_unordered: bool,
    /// Some history entry names a stage not among [`Store::stages`]: set when the store is
    /// finished, where each entry's stage is looked up anyway, so that the `unknown_stage`
    /// health check does not read the whole history again (views keep the ingested answer).
    pub history_unknown_stage: bool,
    /// Whether the deal's contact is enriched: None when the deal has no known contact.
    pub enriched: Option<bool>,
    /// Range into [`Store::history`], sorted by time.
    pub history: Range<u32>,
    /// Range into [`Store::attributes`].
    pub attributes: Range<u32>,
    /// Bit set of time fields given without offset (resolved when the time zone is known).
    pub(crate) local_mask: u8,
}

/// One history entry of a deal: its instant and the values after the change (NaN / NO_TIME /
/// NO_SYM = unchanged). Most entries only move the stage, so a row holds the instant and the
/// stage, and the other values, when an entry has any, sit in a [`HistoryDetail`], or, when the
/// entry changes only the amount (the common case after the stage), in a plain amount: 16 bytes
/// per entry, and 24 or 8 more for one with details, instead of 40 (at 1M deals with 3.4M
/// entries, 55 MB instead of 138: the largest part of the memory a load needs after the deal
/// rows). Read the other values with [`Store::history_detail`].
#[derive(Debug, Clone, Copy)]
pub struct HistoryRow {
    /// When the change happened.
    pub at: i64,
    /// The stage after the change.
    pub stage: Sym,
    /// Bits 0-26: the index of the entry's [`HistoryDetail`] (bit 27 clear) or of its amount
    /// among the amount-only entries' (bit 27 set), [`NO_DETAIL`] when it has none; bits 28-31: the time mask of `at` and of the detail's `expected_close` (bits 1 and 2 of a
    /// record's mask, then their epoch bits: see [`HistoryRow::mask`]).
    packed: u32,
}

/// The values of a history entry besides its instant and stage.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct HistoryDetail {
    pub amount: f64,
    pub expected_close: i64,
    pub owner: Sym,
    pub forecast_category: Sym,
}

/// An entry without details: every value unchanged.
const BLANK_DETAIL: HistoryDetail =
    HistoryDetail { amount: f64::NAN, expected_close: NO_TIME, owner: NO_SYM, forecast_category: NO_SYM };

/// [`HistoryRow::packed`]'s index of no detail. More details than this (134M) cannot be: each
/// takes an entry of at least 20 bytes of input (`{"at":0,"amount":0}`), and the input is at most
/// 2.5 GB ([`crate::ingest::stream::Limits`]: 125M entries at most).
const NO_DETAIL: u32 = (1 << 27) - 1;

/// [`HistoryRow::packed`]'s bit of an index among the amount-only entries.
const AMOUNT_ONLY: u32 = 1 << 27;

impl HistoryDetail {
    /// True when the entry changes nothing besides its stage (so needs no detail).
    pub(crate) fn is_blank(&self) -> bool {
        self.amount.is_nan() && self.amount_only()
    }

    /// True when the entry changes nothing besides its stage and amount (its detail is the amount).
    pub(crate) fn amount_only(&self) -> bool {
        self.expected_close == NO_TIME && self.owner == NO_SYM && self.forecast_category == NO_SYM
    }
}

impl HistoryRow {
    /// Puts one deal's entries in time order, stably (same-instant entries keep input order).
    /// The one place history is sorted (the builder, the joins of history files, the epoch
    /// fix-up): a `sort_by_key` closure at each of them was a copy of the standard stable sort
    /// each, ~5 KB of the Wasm module apiece. And not the standard stable sort either: the
    /// unstable sort of `(time, position)` pairs the indicators already use is as stable (no two
    /// pairs are equal), and saves that sort's own ~6 KB copy.
    pub(crate) fn sort_by_time(entries: &mut [HistoryRow]) {
        if entries.is_sorted_by_key(|h| h.at) {
            return;
        }
        let mut keys: Vec<(i64, u32)> = entries.iter().zip(0..).map(|(h, i)| (h.at, i)).collect();
        keys.sort_unstable();
        let sorted: Vec<HistoryRow> = keys.iter().filter_map(|&(_, i)| entries.get(i as usize).copied()).collect();
        entries.copy_from_slice(&sorted);
    }

    /// A row whose detail is `details[detail]` (`None`: no detail; see [`HistoryRow::amount_only`]
    /// for an amount); `mask` is the time mask of
    /// `at` (bit 1) and of the detail's `expected_close` (bit 2), as a record's mask holds them
    /// (with their epoch bits, `<< EPOCH_SHIFT`).
    pub(crate) fn new(at: i64, stage: Sym, detail: Option<usize>, mask: u8) -> Self {
        let index = detail.and_then(|i| u32::try_from(i).ok()).filter(|&i| i < NO_DETAIL).unwrap_or(NO_DETAIL);
        let bits = u32::from(mask & 3) | u32::from((mask >> epochs::EPOCH_SHIFT) & 3) << 2;
        HistoryRow { at, stage, packed: index | bits << 28 }
    }

    /// The time mask of `at` (bit 1) and of the detail's `expected_close` (bit 2), with their
    /// epoch bits, as given to [`HistoryRow::new`].
    pub(crate) fn mask(&self) -> u8 {
        let bits = (self.packed >> 28) as u8;
        (bits & 3) | ((bits >> 2) & 3) << epochs::EPOCH_SHIFT
    }

    /// A row whose only detail is the amount `amounts[index]`.
    pub(crate) fn amount_only(at: i64, stage: Sym, index: usize, mask: u8) -> Self {
        let mut row = Self::new(at, stage, Some(index), mask);
        if row.packed & NO_DETAIL != NO_DETAIL {
            row.packed |= AMOUNT_ONLY;
        }
        row
    }

    /// The index of the entry's detail among the [`HistoryDetail`]s, when it has one there.
    pub(crate) fn detail_index(&self) -> Option<usize> {
        let index = self.packed & NO_DETAIL;
        (index != NO_DETAIL && self.packed & AMOUNT_ONLY == 0).then_some(index as usize)
    }

    /// The same row with its detail's index moved by `details` (or its amount's by `amounts`):
    /// the row of a builder appended after others (`StoreBuilder::append`) that already hold
    /// that many details and amounts.
    pub(crate) fn shifted(&self, details: usize, amounts: usize) -> Self {
        let mask = self.mask();
        match (self.detail_index(), self.amount_index()) {
            (Some(i), _) => Self::new(self.at, self.stage, Some(i + details), mask),
            (_, Some(i)) => Self::amount_only(self.at, self.stage, i + amounts, mask),
            _ => Self::new(self.at, self.stage, None, mask),
        }
    }

    /// The index of the entry's amount among the amount-only entries', when it is one.
    pub(crate) fn amount_index(&self) -> Option<usize> {
        let index = self.packed & NO_DETAIL;
        (index != NO_DETAIL && self.packed & AMOUNT_ONLY != 0).then_some(index as usize)
    }
}

/// The detail of `row` (in `details`, or its amount in `amounts`), blank when it has none.
pub(crate) fn detail_of(details: &[HistoryDetail], amounts: &[f64], row: &HistoryRow) -> HistoryDetail {
    if let Some(amount) = row.amount_index().and_then(|i| amounts.get(i)) {
        return HistoryDetail { amount: *amount, ..BLANK_DETAIL };
    }
    row.detail_index().and_then(|i| details.get(i)).copied().unwrap_or(BLANK_DETAIL)
}

/// A lead row.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct LeadRow {
    pub id: Sym,
    pub created: i64,
    pub owner: Sym,
    pub team: Sym,
    pub source: Sym,
    pub segment: Sym,
    pub persona: Sym,
    pub region: Sym,
    pub contact: Sym,
    pub qualified: i64,
    pub converted: i64,
    pub deal: Sym,
    pub enriched: Option<bool>,
    pub attributes: Range<u32>,
    pub(crate) local_mask: u8,
}

/// Activity types of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ActivityType {
    Call,
    Email,
    Meeting,
    SequenceStep,
    Linkedin,
    Other,
}

/// An activity row.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct ActivityRow {
    pub id: Sym,
    pub kind: ActivityType,
    pub at: i64,
    pub owner: Sym,
    /// True for outbound, false for inbound or unknown.
    pub outbound: bool,
    pub outcome: Sym,
    pub deal: Sym,
    pub lead: Sym,
    pub contact: Sym,
    pub automated: bool,
    pub(crate) local_mask: u8,
}

/// A contact row.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct ContactRow {
    pub id: Sym,
    /// The email is present and well formed ([`well_formed_email`]): only completeness reads
    /// emails, so they are checked at ingest instead of interned (each one is unique).
    pub email_valid: bool,
    /// The phone holds at least 7 digits (checked at ingest, not interned, as the email).
    pub phone_valid: bool,
    pub title: Sym,
    pub company: Sym,
    pub seniority: Sym,
    pub matched: bool,
}

/// A quota or forecast row: amount over [start, end) (end stored exclusive: the day after `end`).
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct PeriodAmountRow {
    pub owner: Sym,
    pub team: Sym,
    pub start: i64,
    pub end: i64,
    /// In the base currency; NaN without an fx rate.
    pub amount: f64,
    pub submitted: i64,
    pub(crate) local_mask: u8,
}

impl PeriodAmountRow {
    /// The forecast period this row is a submission for: owner, team, start, end.
    pub fn period(&self) -> (Sym, Sym, i64, i64) {
        (self.owner, self.team, self.start, self.end)
    }

    /// When a forecast counts as submitted: `submittedAt`, else the period start.
    pub fn submitted_at(&self) -> i64 {
        if self.submitted == NO_TIME {
            self.start
        } else {
            self.submitted
        }
    }
}

/// Settings after parsing and defaults.
#[derive(Debug, Clone)]
pub struct ResolvedSettings {
    /// Base currency code.
    pub currency: String,
    /// Time zone and fiscal calendar.
    pub calendar: Calendar,
    /// "Now" for the dataset: `settings.asOf`, else the latest timestamp found in the data.
    pub as_of: i64,
    /// Stalled threshold in days, when set.
    pub stalled_after_days: Option<f64>,
    /// Working hours for response times, when set.
    pub business_hours: Option<crate::business_hours::BusinessHours>,
}

/// What ingestion dropped or read beside the rows: the store keeps it so that the data health
/// checks, a layer above, can judge the ingestion without the store calling them.
#[derive(Debug, Clone, Default)]
pub struct IngestTrail {
    /// The copies of repeated ids dropped at ingest.
    pub merged: Merged,
    /// The currencies of the quotas and of the forecasts, parallel to [`Store::quotas`] and
    /// [`Store::forecasts`].
    pub target_currencies: (Vec<Sym>, Vec<Sym>),
}

/// The whole ingested dataset.
#[derive(Debug, Clone)]
pub struct Store {
    /// All interned strings.
    pub strings: Interner,
    /// Resolved settings.
    pub settings: ResolvedSettings,
    /// Stages in pipeline order (open stages by `order`, then won, then lost).
    pub stages: Vec<StageRow>,
    /// Whether the input declared its stages (otherwise they were inferred from the data).
    pub stages_declared: bool,
    /// fx rates per currency symbol: (valid from, rate), sorted by date.
    pub fx: HashMap<Sym, Vec<(i64, f64)>>,
    /// Deals.
    pub deals: Vec<DealRow>,
    /// Flat deal history.
    pub history: Vec<HistoryRow>,
    /// The details of the history entries that have any ([`Store::history_detail`]).
    pub history_details: Vec<HistoryDetail>,
    /// The amounts of the history entries whose only detail is an amount.
    pub history_amounts: Vec<f64>,
    /// Flat (name, value) attribute pairs.
    pub attributes: Vec<(Sym, Sym)>,
    /// Leads.
    pub leads: Vec<LeadRow>,
    /// Activities.
    pub activities: Vec<ActivityRow>,
    /// Contacts.
    pub contacts: Vec<ContactRow>,
    /// Quotas.
    pub quotas: Vec<PeriodAmountRow>,
    /// Forecasts.
    pub forecasts: Vec<PeriodAmountRow>,
    /// First deal index of each deal id.
    pub deal_by_id: IdIndex,
    /// First lead index of each lead id.
    pub lead_by_id: IdIndex,
    /// First contact index of each contact id.
    pub contact_by_id: IdIndex,
    /// Recoverable problems found while ingesting.
    pub warnings: Vec<Warning>,
    /// What ingestion dropped or read beside the rows, for the data health checks (which run
    /// above the store, once per dataset, and read it here).
    pub trail: std::sync::Arc<IngestTrail>,
    /// Symbols of "false" and "true", the groups of the `enriched` key.
    pub bool_syms: [Sym; 2],
    /// Deals with a creation time as (createdAt, index), sorted: built on first use
    /// ([`Store::deals_by_created`]) and kept across queries, since the store never changes after
    /// ingestion. A view that changes the deals ([`Store::as_of`]) starts with an empty one.
    pub(crate) created_index: std::sync::OnceLock<std::sync::Arc<Vec<(i64, u32)>>>,
    /// What the layers above derive from the store alone (the indicators' sorted populations,
    /// deal paths, ranked values...), built on first use and kept across queries ([`Memo`]).
    /// Cloning the store (every view does) gives an empty one.
    pub(crate) memo: Memo,
}

impl Store {
    /// Deals with a creation time, as (createdAt, index) sorted by creation: `pairs` (those
    /// pairs, in any order) sorted on first use and kept across queries, since the store never
    /// changes after ingestion. The indicators give the pairs from their creation column
    /// (`indicators::columns::by_created`): a scan of 8 bytes a deal rather than a pass over
    /// the rows, which cost ~17 ms at 1M deals.
    pub fn deals_by_created(&self, pairs: impl FnOnce() -> Vec<(i64, u32)>) -> &std::sync::Arc<Vec<(i64, u32)>> {
        self.created_index.get_or_init(|| {
            let mut index = pairs();
            index.sort_unstable();
            std::sync::Arc::new(index)
        })
    }

    /// The history entries of a deal, in time order.
    pub fn deal_history(&self, deal: &DealRow) -> &[HistoryRow] {
        self.history.get(deal.history.start as usize..deal.history.end as usize).unwrap_or_default()
    }

    /// A deal's current stage: its `stage`, else the last stage of its history ([`NO_SYM`] when
    /// neither names one). Here, not in the indicators, because the load's health checks (a
    /// lower layer) ask it too.
    pub fn current_stage(&self, deal: &DealRow) -> Sym {
        if deal.stage != NO_SYM {
            return deal.stage;
        }
        self.deal_history(deal).iter().rev().map(|h| h.stage).find(|&s| s != NO_SYM).unwrap_or(NO_SYM)
    }

    /// A history entry's values besides its instant and stage (all unchanged when it has none).
    pub fn history_detail(&self, row: &HistoryRow) -> HistoryDetail {
        detail_of(&self.history_details, &self.history_amounts, row)
    }

    /// The value of the CRM attribute `name` (`attributes.industry`) in a record's attribute
    /// range. Named `crm_attribute`, not `attribute`, because an indicator's attribution (the
    /// instant it counts a record at) is another thing: "attribute" alone would name both.
    pub fn crm_attribute(&self, range: &Range<u32>, name: Sym) -> Sym {
        let pairs = self.attributes.get(range.start as usize..range.end as usize).unwrap_or_default();
        pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(NO_SYM, |(_, v)| *v)
    }

    /// Position of a stage in [`Store::stages`].
    pub fn stage_position(&self, stage: Sym) -> Option<usize> {
        self.stages.iter().position(|s| s.id == stage)
    }

    /// The open stages, in pipeline order.
    pub fn open_stages(&self) -> impl Iterator<Item = &StageRow> {
        self.stages.iter().filter(|s| s.kind == Status::Open)
    }

    /// The kind of a stage id: declared kind, else inferred from the id (`closed_won`/`won` -> won,
    /// `closed_lost`/`lost` -> lost, otherwise open).
    pub fn stage_kind(&self, stage: Sym) -> StageKind {
        self.stage_kind_listed(stage).0
    }

    /// [`Store::stage_kind`], and whether the stage is listed in [`Store::stages`]: one lookup
    /// for a caller that needs both (the finish, per history entry).
    pub fn stage_kind_listed(&self, stage: Sym) -> (StageKind, bool) {
        match self.stages.iter().find(|s| s.id == stage) {
            Some(s) => (s.kind, true),
            None => (kind_from_id(self.strings.resolve(stage)), false),
        }
    }
}

/// Infers a stage kind from its id, as the spec says (any spelling [`status_word`] reads).
pub fn kind_from_id(id: &str) -> StageKind {
    status_word(id).unwrap_or(Status::Open)
}

/// The one reading of a status or stage word: `open`, `won`, `lost`, `closed won`, `closed lost`
/// in any case, with spaces, underscores, hyphens or slashes anywhere (`Closed Won`, `closed_won`,
/// `WON`, `Closed-Lost`, `lost `); `None` for any other word. Used for a deal's `status` (where
/// `None` is an `unmapped_status` warning) and for a stage id without a declared kind (where it
/// means an open stage such as `Qualification`).
pub fn status_word(text: &str) -> Option<Status> {
    // Squeezed into a small buffer: no allocation per deal.
    let mut buffer = [0u8; 10];
    let mut len = 0;
    for b in text.bytes() {
        if matches!(b, b' ' | b'_' | b'-' | b'/' | b'\t') {
            continue;
        }
        *buffer.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
    }
    match buffer.get(..len)? {
        b"won" | b"closedwon" => Some(Status::Won),
        b"lost" | b"closedlost" => Some(Status::Lost),
        b"open" => Some(Status::Open),
        _ => None,
    }
}

/// Whether a stage name holds a word only a closed deal's stage has (`won`, `lost`, `closed`,
/// `loss`, any case): `Won - Signed`, `Closed/Lost - No Decision`, `Closed`. [`status_word`] reads
/// the plain forms; a name this finds and it does not is a closed stage read as open.
pub fn names_a_close(name: &str) -> bool {
    name.as_bytes().split(|b| !b.is_ascii_alphanumeric()).any(|w| [&b"won"[..], b"lost", b"closed", b"loss"].iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// One `@` with a non-empty local part, a domain holding a dot between non-empty labels, no spaces.
pub fn well_formed_email(email: &str) -> bool {
    if email.chars().any(char::is_whitespace) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.contains('@') && domain.contains('.') && domain.split('.').all(|l| !l.is_empty())
        }
        None => false,
    }
}

/// A phone number holds at least 7 digits.
pub fn plausible_phone(phone: &str) -> bool {
    phone.bytes().filter(u8::is_ascii_digit).count() >= 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_row_keeps_its_masks_and_detail_index_apart() {
        // Masks as a record holds them: bit 1 `at`, bit 2 `expectedCloseAt`, and each << 3 for
        // an epoch number (EPOCH_SHIFT = 3): 1 | 2 | 8 | 16 = 27.
        assert_eq!(epochs::EPOCH_SHIFT, 3);
        for mask in [0u8, 1, 2, 3, 8, 16, 9, 18, 27] {
            let row = HistoryRow::new(5, 7, Some(123_456), mask);
            assert_eq!((row.at, row.stage, row.mask(), row.detail_index()), (5, 7, mask, Some(123_456)));
            let bare = HistoryRow::new(5, NO_SYM, None, mask);
            assert_eq!((bare.mask(), bare.detail_index()), (mask, None));
        }
        // The largest index that fits (2^27 - 2); one past it cannot be held and reads as none.
        assert_eq!(HistoryRow::new(0, 0, Some((1 << 27) - 2), 27).detail_index(), Some((1 << 27) - 2));
        assert_eq!(HistoryRow::new(0, 0, Some(1 << 27), 0).detail_index(), None);
        assert_eq!(HistoryRow::amount_only(0, 0, 1 << 27, 0).amount_index(), None);
        assert_eq!(std::mem::size_of::<HistoryRow>(), 16);
        assert_eq!(std::mem::size_of::<HistoryDetail>(), 24);
    }

    #[test]
    fn an_entry_without_a_detail_reads_as_unchanged() {
        let details = [HistoryDetail { amount: 10.0, expected_close: 3, owner: 4, forecast_category: NO_SYM }];
        let amounts = [7.0, 8.5];
        let with = HistoryRow::new(1, 2, Some(0), 0);
        assert_eq!(detail_of(&details, &amounts, &with).amount, 10.0);
        assert_eq!(detail_of(&details, &amounts, &with).owner, 4);
        // An amount-only entry: index 1 among the amounts, the rest unchanged; masks kept apart.
        let amount = HistoryRow::amount_only(1, 2, 1, 27);
        assert_eq!((amount.amount_index(), amount.detail_index(), amount.mask()), (Some(1), None, 27));
        let read = detail_of(&details, &amounts, &amount);
        assert_eq!((read.amount, read.expected_close, read.owner, read.forecast_category), (8.5, NO_TIME, NO_SYM, NO_SYM));
        assert_eq!((with.amount_index(), with.detail_index()), (None, Some(0)));
        let without = detail_of(&details, &amounts, &HistoryRow::new(1, 2, None, 0));
        assert!(without.amount.is_nan() && without.is_blank());
        assert_eq!((without.expected_close, without.owner, without.forecast_category), (NO_TIME, NO_SYM, NO_SYM));
        assert!(!details[0].is_blank());
    }
}
