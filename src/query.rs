//! What a report asks for (docs/indicators.md, "Query"), and its resolution against a dataset.

use crate::calendar::{Cadence, Calendar};
use crate::error::InputError;
use crate::model::Time;
use crate::store::{FxBasis, OwnerBasis, Store, Sym, NO_TIME};
use serde::{Deserialize, Serialize};

/// A report query. Every field is optional; see [`Query::resolve`] for the defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Query {
    /// Period start (inclusive). Default: start of the fiscal quarter holding the instant just
    /// before `to` (so on the first day of a quarter the default is the quarter just ended).
    pub from: Option<Time>,
    /// Period end (exclusive). Default: `asOf`.
    pub to: Option<Time>,
    /// Series bucket size. Default: week.
    pub cadence: Option<Cadence>,
    /// Keys to split every indicator by, each on its own.
    pub group_by: Vec<String>,
    /// Indicator ids to compute; `null` = all.
    pub indicators: Option<Vec<String>>,
    /// `previous_period` (default) or `null` for no comparison.
    pub compare: Option<Compare>,
    /// Targets per indicator id.
    pub targets: Targets,
    /// "Now" for the report; default: the dataset's `settings.asOf` or its latest timestamp.
    /// Earlier than the dataset's, it rebuilds every deal as the CRM showed it then
    /// ([`Store::as_of`], applied by [`crate::report::view`]).
    pub as_of: Option<Time>,
    /// Definition variants.
    pub variants: Variants,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            from: None,
            to: None,
            cadence: None,
            group_by: Vec::new(),
            indicators: None,
            compare: Some(Compare::PreviousPeriod),
            targets: Targets::default(),
            as_of: None,
            variants: Variants::default(),
        }
    }
}

/// Comparison period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// The period of equal length just before.
    PreviousPeriod,
}

crate::unit_enum::unit_enum!(Compare, [PreviousPeriod = "previous_period"]);

/// A target band for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetBounds {
    /// The value must be at least this.
    pub min: Option<f64>,
    /// The value must be at most this.
    pub max: Option<f64>,
}

/// Target bands by indicator id, in id order (the query echo writes them so), each id once: a later
/// band for an id replaces the earlier, as in the `BTreeMap<String, TargetBounds>` this replaces
/// (its insert, clone and drop were ~3 KB of Wasm for this one use; a query names a few ids).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets(Vec<(String, TargetBounds)>);

impl Targets {
    /// The band of indicator `id`.
    pub fn get(&self, id: &str) -> Option<&TargetBounds> {
        crate::pairs::get(&self.0, id)
    }

    /// The indicator ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(id, _)| id.as_str())
    }
}

/// Read as the map it replaces reads (the same errors: "expected a map").
impl<'de> Deserialize<'de> for Targets {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::pairs::deserialize_map(d).map(Targets)
    }
}

/// An object in id order, as the map it replaces was written.
impl Serialize for Targets {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(id, bounds)| (id, bounds)))
    }
}

/// Selectable definitions where CRMs disagree.
///
/// Read in camelCase like every input key (`stageConversion`, `pipelineCoverage`); the snake_case
/// keys of earlier versions (`stage_conversion`, `pipeline_coverage`) are still read, and
/// documented as deprecated (docs/indicators.md). The report's echo (`report.query.variants`)
/// keeps writing them in snake_case, its published shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Variants {
    /// Stage conversion meaning.
    #[serde(rename(serialize = "stage_conversion", deserialize = "stageConversion"), alias = "stage_conversion")]
    pub stage_conversion: StageConversion,
    /// Pipeline coverage denominator.
    #[serde(rename(serialize = "pipeline_coverage", deserialize = "pipelineCoverage"), alias = "pipeline_coverage")]
    pub pipeline_coverage: CoverageBase,
    /// fx rate used for deal amounts: `at_close` (default), `at_creation` or `latest`.
    pub fx: FxBasis,
    /// Owner a deal is grouped under: `current` (default) or `at_event` (owner at close).
    pub owner: OwnerBasis,
}

/// Stage conversion variants (docs/indicators.md, "Query": `variants`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StageConversion {
    /// Of deals that reached S (history shows S or later, or won), the share reaching S+1.
    #[default]
    Reached,
    /// Only deals that passed through every stage in order.
    Strict,
    /// Only direct moves S -> S+1.
    Adjacent,
    /// Of deals that reached S, the share later won.
    ToWin,
}

/// Pipeline coverage variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CoverageBase {
    /// Open pipeline / (quota - won so far).
    #[default]
    RemainingQuota,
    /// Open pipeline / quota.
    TotalQuota,
    /// Probability-weighted open pipeline / remaining quota.
    Mature,
}

crate::unit_enum::unit_enum!(StageConversion, [Reached = "reached", Strict = "strict", Adjacent = "adjacent", ToWin = "to_win"]);
crate::unit_enum::unit_enum!(CoverageBase, [RemainingQuota = "remaining_quota", TotalQuota = "total_quota", Mature = "mature"]);

/// A key to split indicators by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKey {
    /// Record owner.
    Owner,
    /// Team.
    Team,
    /// Segment.
    Segment,
    /// Buyer persona.
    Persona,
    /// Lead or deal source.
    Source,
    /// Region.
    Region,
    /// Product.
    Product,
    /// Whether the record's contact is enriched.
    Enriched,
    /// A free attribute, by interned name.
    Attribute(Sym),
}

/// The most figures one report may hold: indicators x (series buckets + group values). A query
/// past it fails with `query_too_large` before any work, so that a day cadence over
/// 0001-01-01..9999-12-31 (3.65 million buckets per indicator) cannot exhaust memory and lose the
/// engine. 200,000 figures is a daily series over 27 years of all 20 indicators, or a split into
/// 10,000 groups (a report nobody reads whole); at the limit a report takes seconds, past it
/// time and memory grow without bound (see the README's "Query").
pub const MAX_FIGURES: u64 = 200_000;

/// A query with defaults applied and dates resolved to instants.
#[derive(Debug, Clone)]
pub struct ResolvedQuery {
    /// Period [from, to).
    pub from: i64,
    /// Exclusive end.
    pub to: i64,
    /// Previous period, when comparing.
    pub previous: Option<(i64, i64)>,
    /// Bucket size.
    pub cadence: Cadence,
    /// Group keys with their names as given.
    pub group_by: Vec<(String, GroupKey)>,
    /// Indicator ids, in output order.
    pub indicators: Vec<&'static str>,
    /// Targets.
    pub targets: Targets,
    /// "Now".
    pub as_of: i64,
    /// Variants.
    pub variants: Variants,
}

impl Query {
    /// Parses a query from JSON bytes: the one query reader. The CLI reads its `--query` file with
    /// it, and the Wasm boundary turns a JS object into JSON text first (`JSON.stringify`) so that
    /// the same strict check runs there: an unknown or misspelled field (`cadance`) is refused,
    /// never passed over unseen.
    pub fn from_json(bytes: &[u8]) -> Result<Query, InputError> {
        read_strict(bytes, "invalid_query")
    }

    /// Applies the defaults and checks the query against the dataset and the known indicators.
    pub fn resolve(&self, store: &Store, known: &[&'static str]) -> Result<ResolvedQuery, InputError> {
        let cal = &store.settings.calendar;
        let as_of = self.as_of.map_or(store.settings.as_of, |t| t.0.resolve_in(&cal.zone));
        let to = self.to.map_or(as_of, |t| t.0.resolve_in(&cal.zone));
        let from = self.from.map_or_else(|| cal.bucket_start(to.saturating_sub(1), Cadence::Quarter), |t| t.0.resolve_in(&cal.zone));
        let mut group_by = Vec::new();
        for (i, name) in self.group_by.iter().enumerate() {
            let key = parse_group_key(name, store)
                .ok_or_else(|| InputError::new("invalid_query", format!("groupBy[{i}]"), format!("unknown group key \"{name}\": expected {}, or attributes.<name>", GROUP_KEYS.map(|(n, _)| n).join(", "))))?;
            // Twice the same key would list each of its groups' figures twice in one row.
            if self.group_by.iter().take(i).any(|g| g == name) {
                return Err(InputError::new("invalid_query", format!("groupBy[{i}]"), format!("\"{name}\" is already in groupBy")));
            }
            group_by.push((name.clone(), key));
        }
        let indicators = match &self.indicators {
            None => known.to_vec(),
            Some(ids) => {
                let mut out = Vec::new();
                for (i, id) in ids.iter().enumerate() {
                    let found = known.iter().find(|k| **k == id.as_str()).ok_or_else(|| {
                        InputError::new("invalid_query", format!("indicators[{i}]"), format!("unknown indicator \"{id}\""))
                    })?;
                    if out.contains(found) {
                        return Err(InputError::new("invalid_query", format!("indicators[{i}]"), format!("\"{id}\" is already in indicators")));
                    }
                    out.push(*found);
                }
                out
            }
        };
        for id in self.targets.ids() {
            if !known.contains(&id) {
                return Err(InputError::new("invalid_query", format!("targets.{id}"), format!("unknown indicator \"{id}\"")));
            }
        }
        if from >= to || from == NO_TIME {
            return Err(InputError::new("invalid_query", "to", "the period is empty: `to` must be after `from`"));
        }
        Ok(ResolvedQuery {
            from,
            to,
            previous: self.compare.map(|_| (from - (to - from), from)),
            cadence: self.cadence.unwrap_or_default(),
            group_by,
            indicators,
            targets: self.targets.clone(),
            as_of,
            variants: self.variants,
        })
    }
}

/// Reads a strict input (a query, a drill request: types with `deny_unknown_fields`) from JSON
/// text. A failure is an error with `code` and the path of the offending value (`cadence`,
/// `variants.stage_conversio`, `targets.win_rate`), serde's message without its line and column
/// (a query is one short line: the path says more).
pub fn read_strict<T: serde::de::DeserializeOwned>(bytes: &[u8], code: &'static str) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = <T as serde::Deserialize>::deserialize(&mut de).map_err(|e| strict_error(&crate::json_path::error_path(bytes, &e), &e, code))?;
    de.end().map_err(|e| InputError::new(code, "", without_place(&e.to_string())))?;
    Ok(value)
}

/// `e` at `path` (serde_path_to_error's format, as [`crate::json_path::error_path`] gives it).
fn strict_error(path: &str, e: &serde_json::Error, code: &'static str) -> InputError {
    // `?` is a key not yet read (broken JSON): the error is at the enclosing value.
    let path = path.trim_end_matches(".?").trim_end_matches('?');
    let path = if path == "." { "" } else { path };
    InputError::new(code, path, without_place(&e.to_string()))
}

fn without_place(message: &str) -> String {
    message.rsplit_once(" at line ").map_or(message, |(before, _)| before).to_string()
}

impl ResolvedQuery {
    /// The series buckets of the period. Days and weeks are counted by arithmetic (time zones are
    /// fixed offsets, so every day is 24 hours); months, quarters and years one by one, never past
    /// [`MAX_FIGURES`] + 1, so the count is cheap whatever the period.
    pub fn bucket_count(&self, calendar: &Calendar) -> u64 {
        const DAY_MS: i64 = 86_400_000;
        if self.from >= self.to {
            return 0;
        }
        let first = calendar.bucket_start(self.from, self.cadence);
        let days = match self.cadence {
            Cadence::Day => Some(1),
            Cadence::Week => Some(7),
            _ => None,
        };
        if let Some(days) = days {
            let last = calendar.bucket_start(self.to - 1, self.cadence);
            let span = u64::try_from(last.saturating_sub(first) / (DAY_MS * days)).unwrap_or(0);
            return span.saturating_add(1);
        }
        let mut count = 0;
        let mut start = first;
        while start < self.to && count <= MAX_FIGURES {
            let next = calendar.next_bucket(start, self.cadence);
            if next <= start {
                break;
            }
            count += 1;
            start = next;
        }
        count
    }

    /// Refuses the query when its report would hold more than [`MAX_FIGURES`] figures: `buckets`
    /// series points plus `groups` group rows (over every `groupBy` key), for each indicator.
    pub fn check_size(&self, buckets: u64, groups: u64) -> Result<(), InputError> {
        let indicators = self.indicators.len() as u64;
        let figures = indicators.saturating_mul(buckets.saturating_add(groups));
        if figures <= MAX_FIGURES {
            return Ok(());
        }
        // Months, quarters and years are counted only up to the limit (see `bucket_count`).
        let capped = buckets > MAX_FIGURES && !matches!(self.cadence, Cadence::Day | Cadence::Week);
        let buckets = if capped { format!("over {MAX_FIGURES}") } else { buckets.to_string() };
        let message = format!(
            "the report would hold more than {MAX_FIGURES} figures: {indicators} indicators x ({buckets} {} buckets + {groups} groups); \
             ask for a longer cadence, a shorter period, fewer groupBy keys or fewer indicators",
            cadence_name(self.cadence)
        );
        Err(InputError::new("query_too_large", "", message))
    }
}

fn cadence_name(cadence: Cadence) -> &'static str {
    match cadence {
        Cadence::Day => "day",
        Cadence::Week => "week",
        Cadence::Month => "month",
        Cadence::Quarter => "quarter",
        Cadence::Year => "year",
    }
}

/// The fixed group keys by name, besides `attributes.<name>`: the one list that reads them,
/// names them in the unknown-key message and generates the package's `SpiGroupKey` union
/// (`tests/it/package/generated_types.rs`).
pub const GROUP_KEYS: [(&str, GroupKey); 8] = [
    ("owner", GroupKey::Owner),
    ("team", GroupKey::Team),
    ("segment", GroupKey::Segment),
    ("persona", GroupKey::Persona),
    ("source", GroupKey::Source),
    ("region", GroupKey::Region),
    ("product", GroupKey::Product),
    ("enriched", GroupKey::Enriched),
];

fn parse_group_key(name: &str, store: &Store) -> Option<GroupKey> {
    if let Some(&(_, key)) = GROUP_KEYS.iter().find(|(n, _)| *n == name) {
        return Some(key);
    }
    let attr = name.strip_prefix("attributes.")?;
    // An attribute no record has still groups everything under "(none)".
    Some(GroupKey::Attribute(store.strings.lookup(attr).unwrap_or(crate::store::NO_SYM)))
}

#[cfg(test)]
mod tests {
    use super::{read_strict, Query, TargetBounds};
    use std::collections::BTreeMap;

    /// A query whose `targets` is the `BTreeMap` that `Targets` replaces.
    #[derive(Default, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct MapQuery {
        targets: BTreeMap<String, TargetBounds>,
    }

    /// `targets` reads, and is written, as the map it replaces: ids in order, a repeated id's
    /// later band, the same errors at the same paths.
    #[test]
    fn targets_read_and_write_as_a_map() {
        let cases = [
            r#"{"b": {"min": 1}, "a": {"max": 2}, "b": {"max": 3}}"#,
            "{}",
            r#"{"a": {"min": "x"}}"#,
            r#"{"a": {"mn": 1}}"#,
            r#"{"a": 1}"#,
            "[]",
            "null",
            r#"{"a": {"min": 1},}"#,
            r#"{"a": {"min": 1}"#,
        ];
        for targets in cases {
            let query = format!(r#"{{"targets": {targets}}}"#);
            match (Query::from_json(query.as_bytes()), read_strict::<MapQuery>(query.as_bytes(), "invalid_query")) {
                (Ok(q), Ok(map)) => {
                    let map = map.targets;
                    assert_eq!(serde_json::to_string(&q.targets).unwrap(), serde_json::to_string(&map).unwrap());
                    assert!(map.iter().all(|(id, bounds)| q.targets.get(id) == Some(bounds)));
                    assert!(q.targets.ids().eq(map.keys().map(String::as_str)));
                }
                (Err(e), Err(expected)) => assert_eq!(e, expected, "{targets}"),
                (got, map) => panic!("{targets}: {got:?} vs {:?}", map.map(|m| m.targets)),
            }
        }
    }
}
