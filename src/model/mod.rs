//! The canonical input schema (docs/input.md) as serde types.
//!
//! Records borrow their strings from the input bytes where they can ([`Text`]), and are handed one
//! at a time to the store builder while the JSON is read, so the whole document is never held as
//! a tree. Unknown fields are ignored.

mod special;
mod values;

pub use special::MAX_RATE;
pub use values::{quote, Attributes, Number, Text, Time};

use serde::Deserialize;

/// `settings`: currency, calendar and thresholds. Strict, unlike records (whose unknown fields are
/// ignored): a misspelled setting (`asof`) would silently move "now" and with it every figure.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Base currency code; amounts are converted into it.
    pub currency: Option<String>,
    /// Month (1-12) in which the fiscal year starts.
    pub fiscal_year_start_month: Option<u32>,
    /// `monday` ... `sunday`.
    pub week_start: Option<String>,
    /// `UTC` or a fixed offset such as `+02:00`.
    pub time_zone: Option<String>,
    /// The instant the data describes ("today" for the dataset).
    pub as_of: Option<Time>,
    /// Days in one stage after which an open deal counts as stalled; `null` derives it from history.
    pub stalled_after_days: Option<Number>,
    /// Working hours for response-time indicators.
    pub business_hours: Option<BusinessHours>,
    /// A retail 4-4-5 / 4-5-4 / 5-4-4 calendar, replacing calendar months and fiscal quarters.
    pub fiscal_calendar: Option<FiscalCalendar>,
}

impl Settings {
    /// Replaces the fields `other` gives, keeping the rest: a user's explicit choice (the page's
    /// settings panel, `--settings`, a mapping's `settings`) wins over what the files say, field by
    /// field, rather than conflicting with it.
    pub fn overlay(&mut self, other: Settings) {
        // Destructured, so that a new setting stops this compiling until it is listed.
        let Settings { currency, fiscal_year_start_month, week_start, time_zone, as_of, stalled_after_days, business_hours, fiscal_calendar } =
            other;
        macro_rules! take {
            ($($field:ident),*) => {$(
                if $field.is_some() {
                    self.$field = $field;
                }
            )*};
        }
        take!(currency, fiscal_year_start_month, week_start, time_zone, as_of, stalled_after_days, business_hours, fiscal_calendar);
    }
}

/// `settings.fiscalCalendar` (see `retail_calendar`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct FiscalCalendar {
    /// `4-4-5`, `4-5-4` or `5-4-4`.
    pub pattern: Option<String>,
    /// `last_saturday_of` or `saturday_nearest_end_of` (any weekday).
    pub year_end: Option<String>,
    /// Month near whose end the year ends (1-12).
    pub month: Option<u32>,
}

/// `settings.businessHours`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct BusinessHours {
    /// `HH:MM` local start of the working day.
    pub start: Option<String>,
    /// `HH:MM` local end of the working day.
    pub end: Option<String>,
    /// Working days, `mon` ... `sun`.
    pub days: Vec<String>,
}

/// One fx entry: a single rate, or rates that apply from given dates (read in `special.rs`, which
/// refuses rates that are not positive).
#[derive(Debug, Clone)]
pub enum FxRate {
    /// Units of the base currency per unit of this currency, at all times.
    Fixed(f64),
    /// Dated rates, each valid from its date until the next one.
    Dated(Vec<DatedRate>),
}

/// A rate valid from a date. Unknown keys are refused here, as in the settings, stages, quotas
/// and forecasts: these are written by hand, and a misspelled key (`curency`) ignored would
/// read the rest in a wrong currency or period without a word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedRate {
    /// First instant the rate applies.
    pub from: Time,
    /// Units of the base currency per unit of this currency.
    #[serde(deserialize_with = "special::deserialize_rate")]
    pub rate: f64,
}

/// The `fx` table: (currency code, rate) in code order, each code once (a later entry for a code
/// replaces the earlier). A sorted list rather than a `BTreeMap<String, FxRate>`, whose insert
/// and drop for this one value type were ~2 KB of Wasm; read as that map reads (`special.rs`).
#[derive(Debug, Clone, Default)]
pub struct Fx(pub Vec<(String, FxRate)>);

/// A pipeline stage (unknown keys refused, see [`DatedRate`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Stage<'a> {
    /// Stage id used by deals and history.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// Display label.
    #[serde(default, borrow)]
    pub label: Option<Text<'a>>,
    /// Position in the pipeline; open stages are ordered by it.
    #[serde(default)]
    pub order: Option<Number>,
    /// Win probability of the stage.
    #[serde(default)]
    pub probability: Option<Number>,
    /// `open`, `won` or `lost`.
    #[serde(default, borrow, deserialize_with = "special::deserialize_stage_kind")]
    pub kind: Option<Text<'a>>,
}

/// One entry of a deal's history: the values after a change.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry<'a> {
    /// When the change happened.
    pub at: Time,
    /// New stage.
    #[serde(default, borrow)]
    pub stage: Option<Text<'a>>,
    /// New amount (deal currency).
    #[serde(default)]
    pub amount: Option<Number>,
    /// New expected close date.
    #[serde(default)]
    pub expected_close_at: Option<Time>,
    /// New owner.
    #[serde(default, borrow)]
    pub owner: Option<Text<'a>>,
    /// New forecast category.
    #[serde(default, borrow)]
    pub forecast_category: Option<Text<'a>>,
}

/// A deal (opportunity).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Deal<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    #[serde(borrow)]
    pub name: Option<Text<'a>>,
    #[serde(borrow)]
    pub owner: Option<Text<'a>>,
    #[serde(borrow)]
    pub team: Option<Text<'a>>,
    #[serde(borrow)]
    pub segment: Option<Text<'a>>,
    #[serde(borrow)]
    pub persona: Option<Text<'a>>,
    #[serde(borrow)]
    pub source: Option<Text<'a>>,
    #[serde(borrow)]
    pub region: Option<Text<'a>>,
    #[serde(borrow)]
    pub product: Option<Text<'a>>,
    #[serde(borrow)]
    pub account_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub contact_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub lead_id: Option<Text<'a>>,
    pub amount: Option<Number>,
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    pub created_at: Option<Time>,
    pub expected_close_at: Option<Time>,
    pub closed_at: Option<Time>,
    /// When the record was last modified: of two deals with one id, the later one is kept.
    pub updated_at: Option<Time>,
    #[serde(borrow)]
    pub stage: Option<Text<'a>>,
    #[serde(borrow)]
    pub status: Option<Text<'a>>,
    #[serde(borrow)]
    pub forecast_category: Option<Text<'a>>,
    /// Why a lost deal was lost (the CRM's loss reason, as written there). Kept for lost deals
    /// only: on a won or open deal it is counted as a `lost_reason_not_lost` warning and dropped.
    #[serde(borrow)]
    pub lost_reason: Option<Text<'a>>,
    #[serde(borrow, alias = "stageHistory")]
    pub history: Option<Vec<HistoryEntry<'a>>>,
    #[serde(borrow)]
    pub attributes: Option<Attributes<'a>>,
}

/// A lead.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Lead<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    pub created_at: Option<Time>,
    #[serde(borrow)]
    pub owner: Option<Text<'a>>,
    #[serde(borrow)]
    pub team: Option<Text<'a>>,
    #[serde(borrow)]
    pub source: Option<Text<'a>>,
    #[serde(borrow)]
    pub segment: Option<Text<'a>>,
    #[serde(borrow)]
    pub persona: Option<Text<'a>>,
    #[serde(borrow)]
    pub region: Option<Text<'a>>,
    #[serde(borrow)]
    pub contact_id: Option<Text<'a>>,
    pub qualified_at: Option<Time>,
    pub converted_at: Option<Time>,
    /// When the record was last modified: of two leads with one id, the later one is kept.
    pub updated_at: Option<Time>,
    #[serde(borrow)]
    pub deal_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub attributes: Option<Attributes<'a>>,
}

/// An activity (touch).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Activity<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    #[serde(borrow, rename = "type")]
    pub kind: Option<Text<'a>>,
    pub at: Option<Time>,
    #[serde(borrow)]
    pub owner: Option<Text<'a>>,
    #[serde(borrow)]
    pub direction: Option<Text<'a>>,
    #[serde(borrow)]
    pub outcome: Option<Text<'a>>,
    #[serde(borrow)]
    pub deal_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub lead_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub contact_id: Option<Text<'a>>,
    pub automated: Option<bool>,
}

/// Enrichment state of a contact.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Enrichment {
    /// Whether an enrichment source matched the contact.
    pub matched: Option<bool>,
    /// When it matched.
    pub matched_at: Option<Time>,
}

/// A contact.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[allow(missing_docs)]
pub struct Contact<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    #[serde(borrow)]
    pub email: Option<Text<'a>>,
    #[serde(borrow)]
    pub phone: Option<Text<'a>>,
    #[serde(borrow)]
    pub title: Option<Text<'a>>,
    #[serde(borrow)]
    pub company: Option<Text<'a>>,
    #[serde(borrow)]
    pub seniority: Option<Text<'a>>,
    pub enrichment: Option<Enrichment>,
}

/// A quota or a forecast: an amount for an owner, team or the company over [start, end] (end inclusive).
/// (Not "target": a target is a query's band for an indicator, [`crate::query::TargetBounds`].)
/// Unknown keys are refused, see [`DatedRate`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PeriodAmount<'a> {
    #[serde(borrow)]
    pub owner: Option<Text<'a>>,
    #[serde(borrow)]
    pub team: Option<Text<'a>>,
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub amount: Option<Number>,
    #[serde(borrow)]
    pub currency: Option<Text<'a>>,
    /// Forecasts only: when it was submitted.
    pub submitted_at: Option<Time>,
}
