//! Record references behind a figure, collected only when a drill-down asks for them.

use crate::store::Store;
use serde::{Deserialize, Serialize};

/// The collection an indicator counts: the store's one collection enum, under the name the
/// indicator definitions use.
pub use crate::store::Collection;

/// One record: its collection and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef {
    /// Collection.
    pub table: Collection,
    /// Position in the store.
    pub index: u32,
}

/// Collects the records behind a numerator and a denominator.
#[derive(Debug, Default)]
pub struct DrillSink {
    /// Records counted in the numerator.
    pub numerator: Vec<RecordRef>,
    /// Records counted in the denominator.
    pub denominator: Vec<RecordRef>,
    /// Requested term of a waterfall (`pipeline_flow`): its records become the numerator.
    pub term: Option<String>,
    /// Records behind each term of a waterfall, in term order (empty for other indicators).
    pub terms: Vec<(&'static str, Vec<RecordRef>)>,
    /// Requested lost reason (`lost_reasons`): its deals become the numerator.
    pub reason: Option<String>,
    /// The requested waterfall term's deals with the amount each booked there, before and after.
    pub moves: Vec<FlowMove>,
}

/// One deal's part of a waterfall term (`pipeline_flow`), in the base currency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowMove {
    /// Deal position.
    pub deal: u32,
    /// Amount booked to the term (non-negative; the term's sign says which way it moves).
    pub amount: f64,
    /// The deal's amount just before its first change of the term; `None` for `start` and
    /// `created`, which nothing came before.
    pub before: Option<f64>,
    /// The deal's amount just after its last change of the term (for `start` and `end`, the
    /// amount then).
    pub after: f64,
}

impl DrillSink {
    /// Adds a numerator record.
    pub fn num(&mut self, table: Collection, index: u32) {
        self.numerator.push(RecordRef { table, index });
    }

    /// Adds a denominator record.
    pub fn den(&mut self, table: Collection, index: u32) {
        self.denominator.push(RecordRef { table, index });
    }
}

/// Records `index` into the numerator of an optional sink.
pub fn num(sink: &mut Option<&mut DrillSink>, table: Collection, index: u32) {
    if let Some(s) = sink {
        s.num(table, index);
    }
}

/// Records `index` into the denominator of an optional sink.
pub fn den(sink: &mut Option<&mut DrillSink>, table: Collection, index: u32) {
    if let Some(s) = sink {
        s.den(table, index);
    }
}

/// Number of records in a collection.
pub fn table_len(store: &Store, table: Collection) -> usize {
    match table {
        Collection::Deals => store.deals.len(),
        Collection::Leads => store.leads.len(),
        Collection::Activities => store.activities.len(),
        Collection::Contacts => store.contacts.len(),
        Collection::Quotas => store.quotas.len(),
        Collection::Forecasts => store.forecasts.len(),
    }
}

/// The id of a record; quotas and forecasts, which have none, are named by position.
pub fn record_id(store: &Store, r: RecordRef) -> String {
    let i = r.index;
    let sym = match r.table {
        Collection::Deals => store.deal(i).id,
        Collection::Leads => store.lead(i).id,
        Collection::Activities => store.activity(i).id,
        Collection::Contacts => store.contact(i).id,
        Collection::Quotas => return format!("quotas[{i}]"),
        Collection::Forecasts => return format!("forecasts[{i}]"),
    };
    store.strings.resolve(sym).to_string()
}

/// A drill-down request: which number to explain.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DrillRequest {
    /// Indicator id.
    pub indicator: String,
    /// Group key (`owner`, `attributes.industry`...), with `groupValue`.
    #[serde(default)]
    pub group_key: Option<String>,
    /// Group value (`"(none)"` for records without the key).
    #[serde(default)]
    pub group_value: Option<String>,
    /// Bucket label from the series (e.g. `2026-03`); the whole period when absent.
    #[serde(default)]
    pub bucket: Option<String>,
    /// Explain the previous period's figure instead.
    #[serde(default)]
    pub previous: bool,
    /// One term of a waterfall (`pipeline_flow`: `start`, `created`, `pulledIn`, `increased`,
    /// `decreased`, `pushedOut`, `lost`, `won`, `end`): its deals are listed as the numerator.
    #[serde(default)]
    pub term: Option<String>,
    /// One open stage of the report's funnel (its id), with `indicator` `deal_aging`: the stage's
    /// open deals as of `asOf` are the denominator, its stalled ones the numerator
    /// ([`super::stage_pipeline`]). A snapshot: no group, bucket, previous period or term.
    #[serde(default)]
    pub stage: Option<String>,
    /// One lost reason, with `indicator` `lost_reasons`: the scope's deals lost to it are the
    /// numerator, its lost deals with any reason the denominator ([`super::lost`]).
    #[serde(default)]
    pub reason: Option<String>,
    /// One cell of the report's forecast (`{bucket, part}`, [`super::forecast_plan`]), with
    /// `indicator` `quota_attainment`: the part's deals (or quota rows) are the numerator.
    #[serde(default)]
    pub forecast: Option<super::forecast_plan::ForecastCell>,
}

/// The records behind one figure.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Drill {
    /// Indicator id.
    pub indicator: String,
    /// Scope start (ISO).
    pub from: String,
    /// Scope end, exclusive (ISO).
    pub to: String,
    /// The figure explained.
    pub figure: super::Figure,
    /// Collection of the numerator records.
    pub numerator_table: Option<Collection>,
    /// Ids of the records in the numerator, in the order counted.
    pub numerator_ids: Vec<String>,
    /// Collection of the denominator records.
    pub denominator_table: Option<Collection>,
    /// Ids of the records in the denominator.
    pub denominator_ids: Vec<String>,
    /// Ids behind each term of a waterfall (`pipeline_flow`), by term name.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub terms: std::collections::BTreeMap<String, Vec<String>>,
    /// Each deal listed above once, with its amount as entered and as converted (`variants.fx`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<DealAmount>,
    /// A waterfall term's deals (`pipeline_flow`, the requested `term`, else `end`): the amount each
    /// booked there and its amounts before and after, in the base currency.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<DealMove>,
}

/// [`FlowMove`] with the deal's id, as the drill-down gives it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DealMove {
    /// Deal id.
    pub id: String,
    /// Amount booked to the term.
    pub amount: f64,
    /// Amount just before (`null` for `start` and `created`).
    pub before: Option<f64>,
    /// Amount just after.
    pub after: f64,
}

/// A deal's amount in its own currency and in the base currency, so a converted figure can be
/// checked against what the CRM holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DealAmount {
    /// Deal id.
    pub id: String,
    /// Amount as entered (`null` when missing).
    pub amount: Option<f64>,
    /// The deal's currency (the base currency when none is given).
    pub currency: String,
    /// Amount in the base currency (`null` when missing or without an fx rate).
    pub amount_base: Option<f64>,
}

/// The amounts of the deals among `refs`, each deal once, in first-seen order.
pub fn deal_amounts<'r>(store: &Store, refs: impl Iterator<Item = &'r RecordRef>) -> Vec<DealAmount> {
    let mut seen = rustc_hash::FxHashSet::default();
    let finite = |x: f64| (!x.is_nan()).then_some(x);
    refs.filter(|r| r.table == Collection::Deals && seen.insert(r.index))
        .map(|r| {
            let d = store.deal(r.index);
            let currency = if d.currency == crate::store::NO_SYM { store.settings.currency.clone() } else { store.strings.resolve(d.currency).to_string() };
            DealAmount { id: store.strings.resolve(d.id).to_string(), amount: finite(d.amount_original), currency, amount_base: finite(d.amount) }
        })
        .collect()
}
