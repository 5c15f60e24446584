//! The indicator catalog: what the package tells its users about every indicator, read from the
//! [`Def`]s and nothing else. The Wasm module exports it (`catalog()`), the page and the sidebar
//! take their labels and headline lists from it, and the generated files (the TypeScript id
//! union, docs/indicators.md's table) are written from the same `Def`s by golden tests.
//!
//! What an entry leaves out: the report's `definition`, which reads the dataset and the query's
//! variants (it is in every report); the computation.

use super::Def;

/// Every indicator, in report order, as the catalog publishes it: each [`Def`] serialises to its
/// entry (id, label, description, unit, better, table, timing, variants, nextStep, headline,
/// card), its functions left out.
pub fn entries() -> Vec<Def> {
    super::all()
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
