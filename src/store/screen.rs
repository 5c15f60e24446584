//! Records whose values cannot be right are set aside with a counted warning, never summed.
//!
//! A negative deal amount (a credit note or refund booked as an opportunity, a sign flipped by an
//! export) would make won amounts shrink and value ratios leave [0, 1]; an amount above
//! [`MAX_AMOUNT`] is a typo or a unit mix-up (cents exported as units, an id in the amount
//! column). Refusing the whole file for one such record would block every report, so the record
//! is kept and counted, and only its amount is dropped, as for a currency without an fx rate:
//! the deal stays in counts (win rate, cycle length) and leaves amount-based figures, at every
//! instant of its history (one bad history entry drops all of the deal's amounts, since the
//! amount before or after it cannot be trusted either). Quotas and forecasts with such an
//! amount, or without a period (no start, no end, or an end before the start), are left out.

use super::{StoreBuilder, PeriodAmountRow, NO_TIME};
use crate::error::Warnings;

/// Largest accepted amount, in any currency: a quadrillion, beyond any single deal or quota even
/// in the currencies with the smallest units, and small enough that sums of many amounts in
/// whole cents stay exact.
pub const MAX_AMOUNT: f64 = 1e15;

/// The warning code and message for a bad amount, `None` when the amount is usable or absent.
fn problem(amount: f64, left_out: &str) -> Option<(&'static str, String)> {
    if amount < 0.0 {
        Some(("negative_amount", format!("negative amount: {left_out}")))
    } else if amount > MAX_AMOUNT {
        Some(("amount_too_large", format!("amount above 1e15: {left_out}")))
    } else {
        None
    }
}

impl StoreBuilder {
    /// Drops (sets to NaN, "unknown") every negative or too large amount, counting a warning per
    /// record.
    pub(super) fn screen_amounts(&mut self) {
        const DEALS: &str = "deals left out of amount-based figures (counts keep them)";
        for deal in &mut self.deals {
            let history = self.history.get(deal.history.start as usize..deal.history.end as usize).unwrap_or_default();
            let (details, only) = (&mut self.history_details, &mut self.history_amounts);
            let amounts = std::iter::once(deal.amount_original).chain(history.iter().map(|h| super::detail_of(details, only, h).amount));
            let Some((code, message)) = amounts.filter_map(|a| problem(a, DEALS)).next() else {
                continue;
            };
            deal.amount_original = f64::NAN;
            for h in history {
                if let Some(detail) = h.detail_index().and_then(|i| details.get_mut(i)) {
                    detail.amount = f64::NAN;
                }
                if let Some(amount) = h.amount_index().and_then(|i| only.get_mut(i)) {
                    *amount = f64::NAN;
                }
            }
            self.warnings.add(code, message, self.strings.resolve(deal.id));
        }
        screen_targets(&mut self.quotas, "quotas", &mut self.warnings);
        screen_targets(&mut self.forecasts, "forecasts", &mut self.warnings);
    }
}

fn screen_targets(rows: &mut [PeriodAmountRow], what: &str, warnings: &mut Warnings) {
    for (i, row) in rows.iter_mut().enumerate() {
        let id = format!("{what}[{i}]");
        if let Some((code, message)) = problem(row.amount, &format!("{what} left out")) {
            row.amount = f64::NAN;
            warnings.add(code, message, &id);
        }
        // `end` is stored exclusive (the day after the inclusive end), so end == start + 1 day is
        // a one-day period and end <= start means the inclusive end lies before the start.
        if row.start == NO_TIME || row.end == NO_TIME || row.end <= row.start {
            let message = format!("{what} without a start, an end, or with the end before the start: left out");
            warnings.add("invalid_period", message, &id);
        }
    }
}
