//! The indicator catalog: what the package tells its users about every indicator, read from the
//! [`Def`]s and nothing else. The Wasm module exports it (`catalog()`), the page and the sidebar
//! take their labels and headline lists from it, and the generated files (the TypeScript id
//! union, docs/indicators.md's table) are written from the same `Def`s by golden tests.
//!
//! What an entry leaves out: the report's `definition`, which reads the dataset and the query's
//! variants (it is in every report); the computation.

use super::{Better, Def, Headline, Collection, Timing, Unit};
use serde::Serialize;

/// One indicator as a page sees it before any data is loaded.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Stable snake_case id (the report's `indicators[].id`).
    pub id: &'static str,
    /// Display name.
    pub label: &'static str,
    /// What it measures, one line (markdown).
    pub description: &'static str,
    /// Unit of the value.
    pub unit: Unit,
    /// Good direction.
    pub better: Better,
    /// Whose records it counts (and so which records a drill-down lists).
    pub table: Collection,
    /// `period` (attributed to instants, with a series) or `snapshot` (a state as of `asOf`).
    pub timing: Timing,
    /// The `query.variants` keys that change its formula.
    pub variants: &'static [&'static str],
    /// The next step its actions propose.
    pub next_step: &'static str,
    /// Which compact views show it.
    pub headline: Headline,
    /// One of the page's default cards (the core set).
    pub card: bool,
}

impl From<&Def> for Entry {
    fn from(d: &Def) -> Entry {
        Entry {
            id: d.id,
            label: d.label,
            description: d.description,
            unit: d.unit,
            better: d.better,
            table: d.table,
            timing: d.timing,
            variants: d.variants,
            next_step: d.next_step,
            headline: d.headline,
            card: d.card,
        }
    }
}

/// Every indicator, in report order.
pub fn entries() -> Vec<Entry> {
    super::all().iter().map(Entry::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids are what queries, targets and drill requests name: one indicator each, and labels a
    /// reader can tell apart.
    #[test]
    fn ids_and_labels_are_distinct_and_filled() {
        let all = entries();
        for (i, e) in all.iter().enumerate() {
            assert!(!e.label.is_empty() && !e.description.is_empty() && !e.next_step.is_empty(), "{}", e.id);
            assert!(e.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", e.id);
            assert!(all.iter().take(i).all(|o| o.id != e.id && o.label != e.label), "{} repeats an id or label", e.id);
        }
    }

    /// The catalog serialises as the page reads it: camelCase keys, snake_case values.
    #[test]
    fn an_entry_serialises_as_the_page_reads_it() {
        let win = entries().into_iter().find(|e| e.id == "win_rate");
        let json = serde_json::to_value(win).unwrap_or_default();
        assert_eq!(json["label"], "Win rate");
        assert_eq!(json["unit"], "ratio");
        assert_eq!(json["timing"], "period");
        assert_eq!(json["headline"], "sidebar");
        assert_eq!(json["nextStep"], "Review qualification criteria: look at the deals lost and what they had in common at entry");
    }
}
