//! Signs, for the whole dataset, that its figures will be empty or partial for a reason of the
//! read, not of the business: nothing countable read, no owner, no date, dates near 1970, one page
//! of a longer API response. Each record-level problem is a counted warning already; these say what
//! the warnings add up to, so that a report of dashes (or of half the records) never goes without a
//! word. Computed here once for every caller: the page's read panel, the sidebar, the CLI's stderr
//! and any host reading `summary().flags`.

use crate::ingest::SourceInfo;
use crate::store::{Store, NO_SYM, NO_TIME};
use crate::time::{date_from_days, DAY_MS};
use serde::Serialize;

/// One sign: a stable code and what it means for the figures, with what to do.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReadFlag {
    /// `no_records`, `no_owner`, `no_dates`, `epoch_dates`, `epoch_as_of` or `partial_response`.
    pub code: &'static str,
    /// The sentence to show.
    pub message: String,
}

/// 1971-01-01T00:00:00Z in milliseconds: a date before it is read as a sign of epoch seconds
/// taken for milliseconds, or of an empty date read as zero, not as a real 1970 deal.
const EPOCH_YEAR_END: i64 = 365 * DAY_MS;

/// The flags of a dataset, in the order a reader should fix them.
pub fn of(store: &Store, sources: &[SourceInfo]) -> Vec<ReadFlag> {
    let mut flags = Vec::new();
    let mut flag = |code, message: String| flags.push(ReadFlag { code, message });
    let (deals, leads, activities) = (store.deals.len(), store.leads.len(), store.activities.len());
    if deals + leads + activities == 0 {
        flag("no_records", format!("No deal, lead or activity was read: every figure is empty.{}", only_kinds(sources)));
    }
    if deals > 0 && store.deals.iter().all(|d| d.owner == NO_SYM) {
        let s = if deals == 1 { "" } else { "s" };
        flag("no_owner", format!("{deals} deal{s} but no owner was read: nothing can be grouped by owner."));
    }
    let created = store.deals.iter().map(|d| d.created).chain(store.leads.iter().map(|l| l.created)).filter(|&t| t != NO_TIME).min();
    match created {
        None if deals + leads + activities > 0 => flag("no_dates", "No creation date was read: no record falls in any period, so the figures are empty.".into()),
        Some(first) if first < EPOCH_YEAR_END => flag(
            "epoch_dates",
            format!("The first date read is {}: dates near 1970 usually mean a column of epoch seconds or an empty date read as zero.", day(first)),
        ),
        _ => {}
    }
    if store.settings.as_of < EPOCH_YEAR_END {
        flag(
            "epoch_as_of",
            format!("The report is \"as of\" {}: no real date was read to set it (set \"As of\" in the settings, settings.asOf).", day(store.settings.as_of)),
        );
    }
    // The API reader's own warning (one per preset whose pages do not add up) names the preset.
    for w in store.warnings.iter().filter(|w| w.code == "partial_response") {
        let preset = w.examples.first().map_or("", String::as_str);
        flag("partial_response", format!("One page of a longer API response ({preset}): the other pages are missing, so every figure counts part of the records."));
    }
    flags
}

/// " The files hold only accounts (18): ..." when something was read, just nothing countable.
fn only_kinds(sources: &[SourceInfo]) -> String {
    let mut read = String::new();
    for s in sources.iter().filter(|s| s.records > 0) {
        if let Some(kind) = s.kind {
            let sep = if read.is_empty() { " The files hold only " } else { ", " };
            read.push_str(&format!("{sep}{} ({})", kind.name(), s.records));
        }
    }
    if !read.is_empty() {
        read.push_str(": add the opportunities (deals) export, or leads or activities.");
    }
    read
}

/// The UTC day of an instant (`1970-01-02`).
fn day(ms: i64) -> chrono::NaiveDate {
    date_from_days(ms.div_euclid(DAY_MS))
}
