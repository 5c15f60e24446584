//! Signs, for the whole dataset, that its figures will be empty, partial or wrong for a reason of
//! the read, not of the business: nothing countable read, no owner, no date, dates near 1970,
//! closed stages read as open, one page of a longer API response. Each record-level problem is a
//! counted warning already; these say what the warnings add up to, so that a report of dashes (or
//! of half the records) never goes without a word. Computed here once for every caller: the page's read panel, the sidebar, the CLI's stderr
//! and any host reading `summary().flags`.

use crate::dataset::Summary;
use crate::ingest::SourceInfo;
use serde::Serialize;

/// One sign: a stable code and what it means for the figures, with what to do.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReadFlag {
    /// `no_records`, `no_owner`, `no_dates`, `epoch_dates`, `epoch_as_of`, `stage_read_open` or
    /// `partial_response`.
    pub code: &'static str,
    /// The sentence to show.
    pub message: String,
}

/// A date (ISO, so its text sorts as it falls) before this is read as a sign of epoch seconds
/// taken for milliseconds, or of an empty date read as zero, not as a real 1970 deal.
const EPOCH_YEAR_END: &str = "1971";

/// The flags of a dataset, from its summary (counts, owners, first date, asOf, warnings and
/// sources), in the order a reader should fix them.
pub fn of(s: &Summary) -> Vec<ReadFlag> {
    let mut flags = Vec::new();
    let mut flag = |code, message: String| flags.push(ReadFlag { code, message });
    let records = s.deals + s.leads + s.activities;
    if records == 0 {
        flag("no_records", format!("No deal, lead or activity was read: every figure is empty.{}", only_kinds(&s.sources)));
    }
    if s.deals > 0 && s.owners.is_empty() {
        let plural = if s.deals == 1 { "" } else { "s" };
        flag("no_owner", format!("{} deal{plural} but no owner was read: nothing can be grouped by owner.", s.deals));
    }
    match &s.first {
        None if records > 0 => flag("no_dates", "No creation date was read: no record falls in any period, so the figures are empty.".into()),
        Some(first) if first.as_str() < EPOCH_YEAR_END => flag(
            "epoch_dates",
            format!("The first date read is {}: dates near 1970 usually mean a column of epoch seconds or an empty date read as zero.", day(first)),
        ),
        _ => {}
    }
    if s.as_of.as_str() < EPOCH_YEAR_END {
        flag(
            "epoch_as_of",
            format!("The report is \"as of\" {}: no real date was read to set it (set \"As of\" in the settings, settings.asOf).", day(&s.as_of)),
        );
    }
    let (count, stages) = named_closed(s);
    if count > 0 {
        let are = if count == 1 { " is" } else { "s are" };
        flag(
            "stage_read_open",
            format!("{count} deal{are} in stages named as closed but read as open: {stages}. Without a won or closed column, only Closed Won, Won, Closed Lost and Lost are closed: add the export's won/closed columns (IsWon, IsClosed), or give every stage's kind under \"stages\"."),
        );
    }
    // The API reader's own warning (one per preset whose pages do not add up) names the preset.
    for w in s.warnings.iter().filter(|w| w.code == "partial_response") {
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

/// The deals of the `stage_read_open` warnings (one per stage) and their stages with counts:
/// `"Won - Signed" (2), "Lost - No Budget" (1)`.
fn named_closed(s: &Summary) -> (u64, String) {
    let (mut count, mut stages) = (0, String::new());
    for w in s.warnings.iter().filter(|w| w.code == "stage_read_open") {
        count += w.count;
        let sep = if stages.is_empty() { "" } else { ", " };
        stages.push_str(&format!("{sep}\"{}\" ({})", crate::store::stage_named_closed(&w.message), w.count));
    }
    (count, stages)
}

/// The day of an ISO instant (`1970-01-02`).
fn day(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}
