//! Epoch numbers whose unit (seconds or milliseconds) their field settles once the whole input is
//! read: the reader streams, so a value is kept as given (its row's epoch bit set, see
//! [`EPOCH_SHIFT`]) and converted in `finish`. One decision per field, never per value: a field
//! whose numbers are all 1e8-1e11 is seconds, one with numbers of 1e11 or more is milliseconds,
//! and one holding both is refused naming two records (see [`crate::time::EpochUnit`]).

use crate::error::{InputError, Warnings};
use crate::time::EpochUnit;

/// A row's epoch bit for a time field is its local bit shifted left by this much (local bits are
/// 1, 2, 4; epoch bits 8, 16, 32).
pub(super) const EPOCH_SHIFT: u8 = 3;

/// The time fields of the rows, by the name a message gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum EpochField {
    DealCreated,
    DealExpectedClose,
    DealClosed,
    HistoryAt,
    HistoryExpectedClose,
    LeadCreated,
    LeadQualified,
    LeadConverted,
    ActivityAt,
    QuotaStart,
    QuotaEnd,
    QuotaSubmitted,
    ForecastStart,
    ForecastEnd,
    ForecastSubmitted,
}

const FIELDS: usize = 15;

const NAMES: [&str; FIELDS] = [
    "deals.createdAt",
    "deals.expectedCloseAt",
    "deals.closedAt",
    "deals.history.at",
    "deals.history.expectedCloseAt",
    "leads.createdAt",
    "leads.qualifiedAt",
    "leads.convertedAt",
    "activities.at",
    "quotas.start",
    "quotas.end",
    "quotas.submittedAt",
    "forecasts.start",
    "forecasts.end",
    "forecasts.submittedAt",
];

/// What one field's epoch numbers said so far.
#[derive(Debug, Default, Clone)]
struct Seen {
    numbers: u64,
    /// The first number of seconds magnitude and its record.
    seconds: Option<(String, i64)>,
    /// The first number of milliseconds magnitude and its record.
    millis: Option<(String, i64)>,
}

/// The epoch numbers met per field.
#[derive(Debug, Default, Clone)]
pub struct EpochFields {
    fields: [Seen; FIELDS],
}

impl EpochFields {
    /// Counts one epoch number of `field`; `record` names it (`deals[3]`), built only for the
    /// first number of each magnitude.
    #[cold]
    #[inline(never)]
    pub fn note(&mut self, field: EpochField, value: i64, record: &dyn Fn() -> String) {
        let Some(seen) = self.fields.get_mut(field as usize) else { return };
        seen.numbers += 1;
        let slot = match EpochUnit::of(value) {
            Some(EpochUnit::Seconds) => &mut seen.seconds,
            Some(EpochUnit::Millis) => &mut seen.millis,
            None => return,
        };
        if slot.is_none() {
            *slot = Some((record(), value));
        }
    }

    /// The unit of each field, stating every seconds decision as an `epoch_seconds` warning;
    /// `mixed_epoch_units` for a field with numbers of both magnitudes.
    pub fn settle(&self, warnings: &mut Warnings) -> Result<[EpochUnit; FIELDS], InputError> {
        let mut units = [EpochUnit::Millis; FIELDS];
        for ((seen, unit), name) in self.fields.iter().zip(&mut units).zip(NAMES) {
            match (&seen.seconds, &seen.millis) {
                (Some((r1, v1)), Some((r2, v2))) => {
                    let message = format!(
                        "epoch numbers of seconds magnitude ({r1}: {v1}) and of milliseconds magnitude ({r2}: {v2}) in one field: \
                         write every value of a field in one unit (or as ISO 8601 dates)"
                    );
                    return Err(InputError::new("mixed_epoch_units", name, message));
                }
                (Some((record, _)), None) => {
                    *unit = EpochUnit::Seconds;
                    let message = format!("{name}: numbers read as epoch seconds (all are below 1e11)");
                    warnings.add_counted("epoch_seconds", message, seen.numbers, record);
                }
                _ => {}
            }
        }
        Ok(units)
    }

    /// Adds what a later stretch of the same input saw (a part read apart): counts add, and the
    /// first example of each magnitude stays the earlier one.
    pub fn absorb(&mut self, later: EpochFields) {
        for (seen, more) in self.fields.iter_mut().zip(later.fields) {
            seen.numbers += more.numbers;
            seen.seconds = seen.seconds.take().or(more.seconds);
            seen.millis = seen.millis.take().or(more.millis);
        }
    }

    /// True when no field holds an epoch number (nothing to settle).
    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(|f| f.numbers == 0)
    }
}

/// The unit settled for `field`.
pub(super) fn unit(units: &[EpochUnit; FIELDS], field: EpochField) -> EpochUnit {
    units.get(field as usize).copied().unwrap_or(EpochUnit::Millis)
}

impl super::StoreBuilder {
    /// Settles the unit of every field's epoch numbers and converts the fields read as seconds
    /// (milliseconds, the unit kept while reading, need nothing).
    pub(super) fn settle_epochs(&mut self) -> Result<(), InputError> {
        if self.epochs.is_empty() {
            return Ok(());
        }
        let units = self.epochs.settle(&mut self.warnings)?;
        if units.iter().all(|&u| u == EpochUnit::Millis) {
            return Ok(());
        }
        let u = |field| unit(&units, field);
        for d in &mut self.deals {
            fix(&mut d.created, d.local_mask, 1, u(EpochField::DealCreated));
            fix(&mut d.expected_close, d.local_mask, 2, u(EpochField::DealExpectedClose));
            fix(&mut d.closed_field, d.local_mask, 4, u(EpochField::DealClosed));
        }
        for h in &mut self.history {
            let mask = h.mask();
            fix(&mut h.at, mask, 1, u(EpochField::HistoryAt));
            if let Some(detail) = h.detail_index().and_then(|i| self.history_details.get_mut(i)) {
                fix(&mut detail.expected_close, mask, 2, u(EpochField::HistoryExpectedClose));
            }
        }
        if u(EpochField::HistoryAt) == EpochUnit::Seconds {
            // Entries were put in time order by their numbers as given: again, now that they are
            // all milliseconds (ISO and seconds entries may sit in one history).
            for d in &mut self.deals {
                if let Some(entries) = self.history.get_mut(d.history.start as usize..d.history.end as usize) {
                    if !entries.is_sorted_by_key(|h| h.at) {
                        super::HistoryRow::sort_by_time(entries);
                        d.history_unordered = true;
                    }
                }
            }
        }
        for l in &mut self.leads {
            fix(&mut l.created, l.local_mask, 1, u(EpochField::LeadCreated));
            fix(&mut l.qualified, l.local_mask, 2, u(EpochField::LeadQualified));
            fix(&mut l.converted, l.local_mask, 4, u(EpochField::LeadConverted));
        }
        for a in &mut self.activities {
            fix(&mut a.at, a.local_mask, 1, u(EpochField::ActivityAt));
        }
        let targets = [
            (&mut self.quotas, [EpochField::QuotaStart, EpochField::QuotaEnd, EpochField::QuotaSubmitted]),
            (&mut self.forecasts, [EpochField::ForecastStart, EpochField::ForecastEnd, EpochField::ForecastSubmitted]),
        ];
        for (rows, [start, end, submitted]) in targets {
            for t in rows.iter_mut() {
                fix(&mut t.start, t.local_mask, 1, u(start));
                // The end is kept exclusive (the day after the given date): convert the date.
                if t.end != crate::store::NO_TIME {
                    t.end -= crate::time::DAY_MS;
                    fix(&mut t.end, t.local_mask, 2, u(end));
                    t.end += crate::time::DAY_MS;
                }
                fix(&mut t.submitted, t.local_mask, 4, u(submitted));
            }
        }
        Ok(())
    }
}

/// Converts one time whose epoch bit is set to milliseconds.
fn fix(value: &mut i64, mask: u8, bit: u8, unit: EpochUnit) {
    if mask & (bit << EPOCH_SHIFT) != 0 && *value != crate::store::NO_TIME {
        *value = unit.to_ms(*value);
    }
}
