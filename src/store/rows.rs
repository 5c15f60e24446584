//! Rows by record index, without a way to panic.
//!
//! Record indices (the `records` of a population, `deal_by_id`, `deals_by_created`, ...) are
//! handed out by the store itself, so they are always in range. Indexing with `[]` would still
//! trap the whole Wasm instance if a bug ever broke that, so the accessors fall back to a blank
//! row (no ids, no times, NaN amounts, open, unmatched): a bug then shows as a record missing
//! from the figures. Debug builds (the tests) assert instead, so such a bug cannot hide there.

use super::{ActivityRow, ActivityType, ContactRow, DealRow, LeadRow, Status, Store, NO_SYM, NO_TIME};

const BLANK_DEAL: DealRow = DealRow {
    id: NO_SYM,
    name: NO_SYM,
    owner: NO_SYM,
    team: NO_SYM,
    segment: NO_SYM,
    persona: NO_SYM,
    source: NO_SYM,
    region: NO_SYM,
    product: NO_SYM,
    account: NO_SYM,
    contact: NO_SYM,
    lead: NO_SYM,
    amount: f64::NAN,
    amount_original: f64::NAN,
    currency: NO_SYM,
    created: NO_TIME,
    expected_close: NO_TIME,
    closed: NO_TIME,
    closed_field: NO_TIME,
    stage: NO_SYM,
    status: Status::Open,
    forecast_category: NO_SYM,
    lost_reason: NO_SYM,
    reopened: false,
    history_unordered: false,
    history_unknown_stage: false,
    enriched: None,
    history: 0..0,
    attributes: 0..0,
    local_mask: 0,
};

const BLANK_LEAD: LeadRow = LeadRow {
    id: NO_SYM,
    created: NO_TIME,
    owner: NO_SYM,
    team: NO_SYM,
    source: NO_SYM,
    segment: NO_SYM,
    persona: NO_SYM,
    region: NO_SYM,
    contact: NO_SYM,
    qualified: NO_TIME,
    converted: NO_TIME,
    deal: NO_SYM,
    enriched: None,
    attributes: 0..0,
    local_mask: 0,
};

const BLANK_ACTIVITY: ActivityRow = ActivityRow {
    id: NO_SYM,
    kind: ActivityType::Other,
    at: NO_TIME,
    owner: NO_SYM,
    outbound: false,
    outcome: NO_SYM,
    deal: NO_SYM,
    lead: NO_SYM,
    contact: NO_SYM,
    automated: false,
    local_mask: 0,
};

const BLANK_CONTACT: ContactRow =
    ContactRow { id: NO_SYM, email_valid: false, phone_valid: false, title: NO_SYM, company: NO_SYM, seniority: NO_SYM, matched: false };

/// Row `r` of `rows`, or `blank` (asserting in debug builds) when out of range.
fn row_or<'a, T>(rows: &'a [T], r: u32, blank: &'a T) -> &'a T {
    debug_assert!((r as usize) < rows.len(), "record index {r} out of range ({} rows)", rows.len());
    rows.get(r as usize).unwrap_or(blank)
}

impl Store {
    /// Deal row `r` (see the module doc for the out-of-range fallback).
    pub fn deal(&self, r: u32) -> &DealRow {
        row_or(&self.deals, r, &BLANK_DEAL)
    }

    /// Lead row `r`.
    pub fn lead(&self, r: u32) -> &LeadRow {
        row_or(&self.leads, r, &BLANK_LEAD)
    }

    /// Activity row `r`.
    pub fn activity(&self, r: u32) -> &ActivityRow {
        row_or(&self.activities, r, &BLANK_ACTIVITY)
    }

    /// Contact row `r`.
    pub fn contact(&self, r: u32) -> &ContactRow {
        row_or(&self.contacts, r, &BLANK_CONTACT)
    }
}
