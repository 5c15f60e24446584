//! Forecast against quota (`report.forecast`): per month of the period (per fiscal quarter when
//! the cadence is quarter or year), by close date, what is won, what is open by forecast
//! category, the weighted open pipeline and the quota.
//!
//! Buckets: the calendar's months (quarters) of [from, to), the first clipped to the period's
//! start, the last clipped to the period's end, except when the period runs to `asOf` or past it
//! (the default ends at `asOf`): then the last runs to its calendar end, so that it still holds
//! the deals expected later in the month. A period that ended before `asOf` keeps its own end:
//! its last month must not count closes after the period the user chose. Per bucket
//! [a, b), on the store as of `asOf` ([`crate::report::view`]):
//! - `won`: deals won (status won) whose close lies in [a, b);
//! - `open`: deals open as of `asOf` (`deal_aging`'s population, [`super::aging::open_at_as_of`])
//!   whose `expectedCloseAt` lies in [a, b), split by their forecast category as of `asOf`:
//!   `commit`, `best_case`, `pipeline`, `omitted` (read case-blind, spaces and dashes as `_`, so
//!   Salesforce's "Best Case" is `best_case`), and `uncategorized` for none or any other value.
//!   An open deal whose expected close has passed stays in its bucket: it is still expected there.
//! - `weighted`: the open amounts x the probability of the deal's current stage
//!   ([`super::pipeline::probability_of`]); deals whose stage has none are left out and counted
//!   in `withoutProbability`; `null` when no open deal of the bucket has a probability.
//! - `quota`: [`super::quota::quota_for`] the bucket, ungrouped (company quotas, else the sum of
//!   the owner quotas, prorated by time); `null` when no quota applies.
//!
//! Amounts are in the base currency (`variants.fx`); a deal without a converted amount is counted
//! in its part's `count` and in `withoutAmount` but adds nothing. Drill-down
//! (`{"indicator": "quota_attainment", "forecast": {"bucket", "part"}}`): the part's deals (or
//! quota rows) as the numerator; value = the part's amount.

use super::aging::open_as_of;
use super::columns::DealColumns;
use super::attribution::Attribution;
use super::ranks::ascending;
use super::drill::num;
use super::pipeline::probability_of;
use super::quota::quota_for;
use super::{Ctx, DrillSink, Figure, Scope, Collection};
use crate::calendar::Cadence;
use crate::store::{Status, NO_SYM, NO_TIME};
use crate::time::format_instant;
use serde::{Deserialize, Serialize};

/// The forecast categories, in stacking order (most certain first), then `uncategorized`.
pub const CATEGORIES: [&str; 5] = ["commit", "best_case", "pipeline", "omitted", "uncategorized"];

/// An amount and the records behind it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    /// Sum of the known amounts (base currency).
    pub amount: f64,
    /// Records counted (with or without an amount).
    pub count: u64,
}

/// One category's open deals in a bucket.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CategoryPart {
    /// One of [`CATEGORIES`].
    pub category: &'static str,
    /// Its open deals.
    #[serde(flatten)]
    pub part: Part,
}

/// One month (or quarter) of the forecast.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ForecastBucket {
    /// Bucket label (`2026-03`, `FY2027-Q1`).
    pub bucket: String,
    /// Bucket start, clipped to the period (ISO).
    pub from: String,
    /// Bucket end, exclusive, clipped to the period (ISO).
    pub to: String,
    /// Deals won with a close in the bucket.
    pub won: Part,
    /// Open deals expected to close in the bucket, one entry per [`CATEGORIES`] name, in order.
    pub open: Vec<CategoryPart>,
    /// Open amounts x their stage's probability; `null` when no open deal has one.
    pub weighted: Option<f64>,
    /// Open deals left out of `weighted` (their stage has no probability).
    pub without_probability: u64,
    /// Deals (won or open) without a converted amount.
    pub without_amount: u64,
    /// The bucket's quota, prorated; `null` when no quota applies.
    pub quota: Option<f64>,
}

/// A forecast cell to drill into: a bucket label and a part (`won`, a category, `weighted`,
/// `quota`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ForecastCell {
    /// Bucket label as in `report.forecast[].bucket`.
    pub bucket: String,
    /// `won`, one of [`CATEGORIES`], `weighted` or `quota`.
    pub part: String,
}

/// The forecast's bucket size for a report cadence: quarters for quarter or year, else months.
fn bucket_cadence(cadence: Cadence) -> Cadence {
    match cadence {
        Cadence::Quarter | Cadence::Year => Cadence::Quarter,
        _ => Cadence::Month,
    }
}

/// The category of a raw forecast category value (see the module doc).
pub fn category(raw: &str) -> &'static str {
    let key: String = raw.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() }).collect();
    CATEGORIES.iter().take(4).find(|c| **c == key).copied().unwrap_or("uncategorized")
}

/// A deal with a place in the forecast: won, at its close, or open as of `asOf`, at its expected
/// close, with its category; and what the sums read of it.
#[derive(Debug, Clone, Copy)]
struct Placed {
    /// The close (won) or the expected close (open).
    at: i64,
    /// The deal's amount (NaN when unknown).
    amount: f64,
    /// An open deal's current stage probability; NaN when it has none (a probability is finite).
    probability: f64,
    /// The deal.
    r: u32,
    /// An open deal's category, by its index in [`CATEGORIES`]; [`WON`] for a won deal.
    category: u8,
}

/// [`Placed::category`] of a won deal.
const WON: u8 = u8::MAX;

fn place(ctx: &Ctx, columns: &DealColumns, r: u32) -> Option<Placed> {
    // Which deals place, and where, is read off the columns; the row only for an open deal's
    // category and stage (a two-year forecast decides every deal: a row read each was ~13 ms at 1M).
    let (status, amount, created, closed, expected_close) = columns.deal(r)?;
    if status == Status::Won && closed != NO_TIME {
        return Some(Placed { at: closed, amount, probability: f64::NAN, r, category: WON });
    }
    if open_as_of(status, created, ctx.query.as_of) && expected_close != NO_TIME {
        let d = ctx.store.deals.get(r as usize)?;
        let raw = if d.forecast_category == NO_SYM { "" } else { ctx.store.strings.resolve(d.forecast_category) };
        let k = CATEGORIES.iter().position(|c| *c == category(raw)).unwrap_or(4);
        let probability = probability_of(ctx.store, ctx.store.current_stage(d)).unwrap_or(f64::NAN);
        return Some(Placed { at: expected_close, amount, probability, r, category: k as u8 });
    }
    None
}

/// The running sums of one bucket.
#[derive(Default)]
struct Fold {
    won: Part,
    open: [Part; 5],
    weighted: f64,
    with_probability: u64,
    without_probability: u64,
    without_amount: u64,
}

impl Fold {
    /// Adds `deal`; `part` (when drilling) names the part whose records go to `sink`.
    fn add(&mut self, deal: &Placed, part: Option<&str>, sink: &mut Option<&mut DrillSink>) {
        let (amount, r) = (deal.amount, deal.r);
        let known = if amount.is_finite() { amount } else { 0.0 };
        if !amount.is_finite() {
            self.without_amount += 1;
        }
        let Some(&cat) = CATEGORIES.get(usize::from(deal.category)) else {
            self.won.amount += known;
            self.won.count += 1;
            if part == Some("won") {
                num(sink, Collection::Deals, r);
            }
            return;
        };
        if let Some(p) = self.open.get_mut(usize::from(deal.category)) {
            p.amount += known;
            p.count += 1;
        }
        if deal.probability.is_finite() {
            self.weighted += known * deal.probability;
            self.with_probability += 1;
            if part == Some("weighted") {
                num(sink, Collection::Deals, r);
            }
        } else {
            self.without_probability += 1;
        }
        if part == Some(cat) {
            num(sink, Collection::Deals, r);
        }
    }

    /// The bucket [a, b) with its quota (its rows into `sink` when drilling `quota`).
    fn finish(self, ctx: &Ctx, (a, b): (i64, i64), label: String, part: Option<&str>, sink: &mut Option<&mut DrillSink>) -> ForecastBucket {
        let (quota, rows) = quota_for(ctx, &Scope { from: a, to: b, group: None });
        if part == Some("quota") {
            rows.iter().for_each(|&q| num(sink, Collection::Quotas, q));
        }
        ForecastBucket {
            bucket: label,
            from: format_instant(a),
            to: format_instant(b),
            won: self.won,
            open: CATEGORIES.iter().zip(self.open).map(|(&category, part)| CategoryPart { category, part }).collect(),
            weighted: (self.with_probability > 0).then_some(self.weighted),
            without_probability: self.without_probability,
            without_amount: self.without_amount,
            quota: (!rows.is_empty()).then_some(quota),
        }
    }
}

/// Every deal with a place in the forecast, in store order.
fn placed<'c>(ctx: &'c Ctx) -> impl Iterator<Item = Placed> + 'c {
    let columns = DealColumns::of(ctx.store);
    (0..ctx.store.deals.len() as u32).filter_map(move |r| place(ctx, &columns, r))
}

/// The deals that may have a place in [from, to), in store order (the order the sums keep). At
/// the store's `asOf` they are read off the kept populations of the won deals (at their close)
/// and of the open deals (at their expected close), so a period touches its own deals, not every
/// deal; [`place`] still decides each one. Every deal at a later `asOf`. A long period reads them off
/// the populations too: [`place`] reads columns (a row only for an open deal), so the deals left
/// out (lost, and those placed outside the period) cost more to place than to leave out
/// (deals-1m, two years: the forecast 10.3 ms -> 4.6 ms; it was 8 ms against 21 ms when placing
/// a deal read its row).
fn candidates(ctx: &Ctx, (from, to): (i64, i64)) -> Vec<u32> {
    let n = ctx.store.deals.len();
    if ctx.query.as_of == ctx.store.settings.as_of {
        let mut records = Vec::new();
        for attribution in [Attribution::DealWon, Attribution::DealExpectedClose] {
            records.extend(super::slice(&super::kept_population(ctx, attribution).0, from, to));
        }
        // The two populations are apart (won deals, open deals): as many records as deals are
        // every deal, listed below without a bitmap.
        if records.len() < n {
            return ascending(records.into_iter(), n);
        }
    }
    (0..n as u32).collect()
}

/// The buckets of the query's period with their labels. When the period runs to `asOf` (the
/// default) or past it, the last runs to its calendar end: the deals expected later in the month
/// are still shown; a period that ended before `asOf` keeps its end.
fn buckets(ctx: &Ctx) -> Vec<((i64, i64), String)> {
    let cal = &ctx.store.settings.calendar;
    let cadence = bucket_cadence(ctx.query.cadence);
    let mut out: Vec<_> = cal.buckets(ctx.query.from, ctx.query.to, cadence).into_iter().map(|(a, b)| ((a, b), cal.bucket_label(cal.bucket_start(a, cadence), cadence))).collect();
    if ctx.query.to >= ctx.query.as_of {
        if let Some(((a, b), _)) = out.last_mut() {
            *b = cal.next_bucket(cal.bucket_start(*a, cadence), cadence);
        }
    }
    out
}

/// The forecast of the query's period, one entry per month (or quarter), in one pass over the
/// deals that may be placed in it (`candidates`; each placed in its bucket by binary search).
pub fn forecast(ctx: &Ctx) -> Vec<ForecastBucket> {
    let buckets = buckets(ctx);
    let mut folds: Vec<Fold> = buckets.iter().map(|_| Fold::default()).collect();
    let span = (buckets.first().map_or(0, |b| b.0 .0), buckets.last().map_or(0, |b| b.0 .1));
    let columns = DealColumns::of(ctx.store);
    for deal in candidates(ctx, span).into_iter().filter_map(|r| place(ctx, &columns, r)) {
        let t = deal.at;
        let k = buckets.partition_point(|((_, b), _)| *b <= t);
        if let (Some(((a, b), _)), Some(fold)) = (buckets.get(k), folds.get_mut(k)) {
            if (*a..*b).contains(&t) {
                fold.add(&deal, None, &mut None);
            }
        }
    }
    folds.into_iter().zip(buckets).map(|(fold, (span, label))| fold.finish(ctx, span, label, None, &mut None)).collect()
}

/// The drill-down of one forecast cell: its records into `sink`; value = the part's amount,
/// `sampleSize` = its records. `Err` names what is unknown.
pub fn drill(ctx: &Ctx, cell: &ForecastCell, sink: &mut DrillSink) -> Result<(Figure, (i64, i64)), String> {
    let known = ["won", "weighted", "quota"];
    if !known.contains(&cell.part.as_str()) && !CATEGORIES.contains(&cell.part.as_str()) {
        return Err(format!("unknown part \"{}\": expected won, {}, weighted or quota", cell.part, CATEGORIES.join(", ")));
    }
    let (span, label) = buckets(ctx).into_iter().find(|(_, l)| *l == cell.bucket).ok_or_else(|| format!("no forecast bucket \"{}\" in the period", cell.bucket))?;
    let part = Some(cell.part.as_str());
    let mut fold = Fold::default();
    let mut sink = Some(sink);
    for deal in placed(ctx).filter(|d| (span.0..span.1).contains(&d.at)) {
        fold.add(&deal, part, &mut sink);
    }
    let quota_rows = |s: &Option<&mut DrillSink>| s.as_ref().map_or(0, |s| s.numerator.len() as u64);
    let b = fold.finish(ctx, span, label, part, &mut sink);
    let (value, count) = match cell.part.as_str() {
        "won" => (Some(b.won.amount), b.won.count),
        "weighted" => (b.weighted, b.open.iter().map(|c| c.part.count).sum::<u64>().saturating_sub(b.without_probability)),
        "quota" => (b.quota, quota_rows(&sink)),
        part => b.open.iter().find(|c| c.category == part).map_or((None, 0), |c| (Some(c.part.amount), c.part.count)),
    };
    let mut figure = Figure::amount(value.unwrap_or(0.0), count);
    if value.is_none() {
        figure = Figure::insufficient();
    }
    Ok((figure, span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    /// The candidates of a span read off the kept populations place exactly the deals of the scan
    /// of every deal row that fall in it, in the same (store) order, whatever the span.
    #[test]
    fn the_candidates_of_a_span_place_exactly_the_deals_of_the_scan_of_every_deal() {
        let mut bytes = Vec::new();
        generate(&GenerateOptions { deals: 800, seed: 11, ..GenerateOptions::default() }, &mut bytes).unwrap();
        let data = crate::Dataset::from_json(&bytes).unwrap();
        let known: Vec<&'static str> = super::super::all().iter().map(|d| d.id).collect();
        let query = crate::Query::from_json(b"{}").unwrap().resolve(data.store(), &known).unwrap();
        let ctx = Ctx { store: data.store(), query: &query };
        let day = crate::time::DAY_MS;
        let spans = [(i64::MIN, i64::MAX), (query.as_of - 90 * day, query.as_of), (query.as_of - 400 * day, query.as_of + 200 * day), (query.as_of, query.as_of + 31 * day), (0, 1)];
        let mut placed_somewhere = 0;
        for (from, to) in spans {
            let scanned: Vec<u32> = placed(&ctx).filter(|d| (from..to).contains(&d.at)).map(|d| d.r).collect();
            let read: Vec<u32> = candidates(&ctx, (from, to)).into_iter().filter_map(|r| place(&ctx, &DealColumns::of(ctx.store), r)).filter(|d| (from..to).contains(&d.at)).map(|d| d.r).collect();
            assert_eq!(read, scanned, "[{from}, {to})");
            placed_somewhere += usize::from(!scanned.is_empty());
        }
        // Won and open deals both place, so the spans above are not all empty, and every span,
        // the longest too, reads the kept populations: lost deals are never candidates.
        assert_eq!(placed_somewhere, 4);
        let n = data.store().deals.len();
        let routes: Vec<bool> = spans.iter().map(|&span| candidates(&ctx, span).len() < n).collect();
        assert_eq!(routes, [true; 5]);
        assert!(placed(&ctx).any(|d| d.category == WON) && placed(&ctx).any(|d| d.category != WON));
    }
}
