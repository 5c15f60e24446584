//! What a report asks for (spec section 2), and its resolution against a dataset.

use crate::calendar::Cadence;
use crate::error::InputError;
use crate::model::Time;
use crate::store::{FxBasis, OwnerBasis, Store, Sym, NO_TIME};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    pub targets: BTreeMap<String, TargetBounds>,
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
            targets: BTreeMap::new(),
            as_of: None,
            variants: Variants::default(),
        }
    }
}

/// Comparison period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// The period of equal length just before.
    PreviousPeriod,
}

/// A target band for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetBounds {
    /// The value must be at least this.
    pub min: Option<f64>,
    /// The value must be at most this.
    pub max: Option<f64>,
}

/// Selectable definitions where CRMs disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Variants {
    /// Stage conversion meaning.
    #[serde(rename = "stage_conversion", alias = "stageConversion")]
    pub stage_conversion: StageConversion,
    /// Pipeline coverage denominator.
    #[serde(rename = "pipeline_coverage", alias = "pipelineCoverage")]
    pub pipeline_coverage: CoverageBase,
    /// fx rate used for deal amounts: `at_close` (default), `at_creation` or `latest`.
    pub fx: FxBasis,
    /// Owner a deal is grouped under: `current` (default) or `at_event` (owner at close).
    pub owner: OwnerBasis,
}

/// Stage conversion variants (spec section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageBase {
    /// Open pipeline / (quota - won so far).
    #[default]
    RemainingQuota,
    /// Open pipeline / quota.
    TotalQuota,
    /// Probability-weighted open pipeline / remaining quota.
    Mature,
}

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
    pub targets: BTreeMap<String, TargetBounds>,
    /// "Now".
    pub as_of: i64,
    /// Variants.
    pub variants: Variants,
}

impl Query {
    /// Parses a query from JSON bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Query, InputError> {
        Self::from_deserializer(&mut serde_json::Deserializer::from_slice(bytes))
    }

    /// Parses a query from any serde source, naming the path of the first error.
    pub fn from_deserializer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Query, InputError>
    where
        D::Error: std::fmt::Display,
    {
        serde_path_to_error::deserialize(d).map_err(|e| {
            let path = e.path().to_string();
            let message = e.inner().to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(before, _)| before).to_string();
            InputError::new("invalid_query", if path == "." { String::new() } else { path }, message)
        })
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
                .ok_or_else(|| InputError::new("invalid_query", format!("groupBy[{i}]"), format!("unknown group key \"{name}\": expected owner, team, segment, persona, source, region, product, enriched or attributes.<name>")))?;
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
        for id in self.targets.keys() {
            if !known.contains(&id.as_str()) {
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

fn parse_group_key(name: &str, store: &Store) -> Option<GroupKey> {
    Some(match name {
        "owner" => GroupKey::Owner,
        "team" => GroupKey::Team,
        "segment" => GroupKey::Segment,
        "persona" => GroupKey::Persona,
        "source" => GroupKey::Source,
        "region" => GroupKey::Region,
        "product" => GroupKey::Product,
        "enriched" => GroupKey::Enriched,
        _ => {
            let attr = name.strip_prefix("attributes.")?;
            // An attribute no record has still groups everything under "(none)".
            GroupKey::Attribute(store.strings.lookup(attr).unwrap_or(crate::store::NO_SYM))
        }
    })
}
