//! Drivers: which group explains most of a move against the previous period.
//!
//! For every periodic indicator whose value moved in its worse direction against the previous
//! period, each group key of the query (or, when the query has none, `owner` and `segment`) splits
//! the current and previous records, and the move is decomposed so that the group contributions
//! sum exactly to the total change:
//!
//! - **ratio form** (value = numerator / denominator: win rates, means such as average deal size
//!   or sales cycle days): `contribution_g = num_g,now / den_total,now - num_g,prev / den_total,prev`.
//!   A group's contribution is the change of its share of the total numerator measured in the
//!   total's own unit: it mixes the group's rate and its volume (a rep who closes half as many wins
//!   out of the same number of deals contributes as much as one whose deals vanished).
//! - **additive form** (value = numerator: amounts such as pipeline created):
//!   `contribution_g = value_g,now - value_g,prev`.
//! - Other figures (medians, percentiles) cannot be decomposed and get no driver; neither do keys
//!   whose group numerators do not sum back to the total (a key with one group only is skipped too).
//!
//! The driver is the group whose contribution points the worse way and is largest, over all keys.
//! Moves smaller than 5% of the previous value ([`MIN_RELATIVE_MOVE`]) are not explained: on
//! stable data they are noise, and one group's noise can exceed the whole move.

use super::Direction;
use crate::indicators::scopes::{self, Request};
use crate::indicators::lost::{self, LostReason};
use crate::indicators::{self, groups, Better, Ctx, Def, Figure, Collection, Timing, Unit};
use crate::query::GroupKey;
use crate::indicators::output::IndicatorReport;
use crate::store::{Sym, NO_SYM};

/// Smallest move explained, relative to the previous value: smaller moves are noise, not news.
pub const MIN_RELATIVE_MOVE: f64 = 0.05;

/// The group that explains most of a move.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// Indicator id.
    pub indicator: &'static str,
    /// Unit of the indicator.
    pub unit: Unit,
    /// The indicator's [`crate::indicators::Def::next_step`].
    pub next_step: &'static str,
    /// Always [`Direction::Worse`] for now: only adverse moves are explained.
    pub direction: Direction,
    /// Total change (value - previous value).
    pub change: f64,
    /// Group key name (`owner`).
    pub key: String,
    /// Group value (`rep-7`, `"(none)"`).
    pub group: String,
    /// The group's contribution, in the indicator's unit; contributions of all groups sum to `change`.
    pub contribution: f64,
    /// The group's own value before and now.
    pub group_values: (Option<f64>, Option<f64>),
    /// Collection of `records`.
    pub table: Collection,
    /// The group's records in the current period.
    pub records: Vec<u32>,
    /// Win rates only, when deals carry lost reasons: the reasons whose share of the lost deals
    /// (of their amount, for `win_rate_by_value`) grew most against the previous period, across
    /// all lost deals of the period ([`crate::indicators::lost::grown`]).
    pub reasons: Vec<LostReason>,
}

/// Lost reasons a win-rate driver names.
const REASONS_NAMED: usize = 3;

/// How a figure's value is made from its numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// value = numerator / denominator.
    Ratio,
    /// value = numerator.
    Additive,
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn form_of(f: &Figure) -> Option<Form> {
    let (v, n) = (f.value?, f.numerator?);
    match f.denominator {
        Some(d) if d != 0.0 && near(v, n / d) => Some(Form::Ratio),
        _ if near(v, n) => Some(Form::Additive),
        _ => None,
    }
}

/// The form shared by the current and previous total figures, if any.
pub fn form(now: &Figure, prev: &Figure) -> Option<Form> {
    let f = form_of(now)?;
    (form_of(prev)? == f).then_some(f)
}

/// Contribution of each group (its figures now and before, `None` when it has no records) to the
/// change of the total, or `None` when the groups do not sum back to the totals.
pub fn contributions(form: Form, now: &Figure, prev: &Figure, groups: &[(Option<&Figure>, Option<&Figure>)]) -> Option<Vec<f64>> {
    let num = |f: Option<&Figure>| f.and_then(|f| f.numerator).unwrap_or(0.0);
    let total_now: f64 = groups.iter().map(|g| num(g.0)).sum();
    let total_prev: f64 = groups.iter().map(|g| num(g.1)).sum();
    if !near(total_now, now.numerator?) || !near(total_prev, prev.numerator?) {
        return None;
    }
    let (scale_now, scale_prev) = match form {
        Form::Ratio => (now.denominator?, prev.denominator?),
        Form::Additive => (1.0, 1.0),
    };
    Some(groups.iter().map(|&(n, p)| num(n) / scale_now - num(p) / scale_prev).collect())
}

/// The drivers of every adverse move in the report.
pub fn find(ctx: &Ctx, defs: &[Def], reports: &[IndicatorReport]) -> Vec<Driver> {
    reports.iter().filter_map(|r| driver(ctx, indicators::find(defs, r.id)?, r)).collect()
}

fn keys(ctx: &Ctx) -> Vec<(String, GroupKey)> {
    if ctx.query.group_by.is_empty() {
        vec![("owner".into(), GroupKey::Owner), ("segment".into(), GroupKey::Segment)]
    } else {
        ctx.query.group_by.clone()
    }
}

fn driver(ctx: &Ctx, def: &Def, r: &IndicatorReport) -> Option<Driver> {
    let (change, prev_figure) = (r.change?, r.previous.as_ref()?);
    let worse = if def.better == Better::Higher { change < 0.0 } else { change > 0.0 };
    let material = prev_figure.value.is_some_and(|p| change.abs() >= MIN_RELATIVE_MOVE * p.abs());
    if !worse || !material || def.timing != Timing::Period {
        return None;
    }
    let form = form(&r.figure, prev_figure)?;
    let q = ctx.query;
    let previous = q.previous?;
    let mut best: Option<(Driver, GroupKey, Sym)> = None;
    for (name, key) in keys(ctx) {
        // Each group's figures now and before (a group without records in a period has none), in
        // symbol order: both periods' figures sorted by group (the shared stable sort, now's
        // first at a tie) and merged, as a `BTreeMap` by group gave them (without its entry API
        // for this one value type, ~3.6 KB of Wasm).
        let keys = [key];
        let request = |period| Request { period, cadence: None, keys: &keys, stats: false };
        let now = scopes::figures(ctx, def, &request((q.from, q.to))).groups.into_iter().flatten().map(|(g, f)| (g, true, f));
        let before = scopes::figures(ctx, def, &request(previous)).groups.into_iter().flatten().map(|(g, f)| (g, false, f));
        let mut both: Vec<(Sym, bool, Figure)> = now.chain(before).collect();
        crate::sort::sort_by_key(&mut both, |e| e.0);
        let mut figures: Vec<(Sym, Option<Figure>, Option<Figure>)> = Vec::new();
        for (g, is_now, figure) in both {
            if figures.last().is_none_or(|last| last.0 != g) {
                figures.push((g, None, None));
            }
            if let Some(last) = figures.last_mut() {
                *(if is_now { &mut last.1 } else { &mut last.2 }) = Some(figure);
            }
        }
        if figures.len() < 2 {
            continue;
        }
        let refs: Vec<(Option<&Figure>, Option<&Figure>)> = figures.iter().map(|(_, n, p)| (n.as_ref(), p.as_ref())).collect();
        let Some(parts) = contributions(form, &r.figure, prev_figure, &refs) else { continue };
        let signed = |c: f64| if change < 0.0 { -c } else { c };
        let group_name = |g: Sym| if g == NO_SYM { "(none)" } else { ctx.store.strings.resolve(g) };
        let Some((&c, (g, n, p))) = parts.iter().zip(&figures).filter(|(c, _)| signed(**c) > 0.0).max_by(|a, b| rank(signed(*a.0), signed(*b.0), group_name(a.1 .0), group_name(b.1 .0))) else {
            continue;
        };
        if best.as_ref().is_some_and(|b| signed(b.0.contribution) >= signed(c)) {
            continue;
        }
        let driver = Driver {
            indicator: def.id,
            unit: def.unit,
            next_step: def.next_step,
            direction: Direction::Worse,
            change,
            key: name.clone(),
            group: if *g == NO_SYM { "(none)".into() } else { ctx.store.strings.resolve(*g).to_string() },
            contribution: c,
            group_values: (p.as_ref().and_then(|f| f.value), n.as_ref().and_then(|f| f.value)),
            table: def.table(),
            records: Vec::new(),
            reasons: Vec::new(),
        };
        best = Some((driver, key, *g));
    }
    // The records of the driving group in the current period, read for the chosen group only.
    let (mut driver, key, g) = best?;
    let pop = indicators::population(ctx, def);
    let numbers = groups::numbered(ctx.store, def.table(), key);
    let number = numbers.values.iter().position(|&v| v == g);
    let now = indicators::slice(&pop, q.from, q.to);
    driver.records = now.into_iter().filter(|&i| numbers.of(i) == number).collect();
    if matches!(def.id, "win_rate" | "win_rate_by_value") {
        driver.reasons = lost::grown(ctx, def.id == "win_rate_by_value", REASONS_NAMED);
    }
    Some(driver)
}

/// Orders two groups' contributions by size. Sizes equal up to float noise (sums taken in another
/// record order) go to the group whose name sorts first, so that the driver never depends on the
/// order of the input's records (groups are otherwise met in the order their names were read).
fn rank(a: f64, b: f64, name_a: &str, name_b: &str) -> std::cmp::Ordering {
    if (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) {
        name_b.cmp(name_a)
    } else {
        a.total_cmp(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(n: f64, d: f64) -> Figure {
        Figure::ratio(n, d, d as u64)
    }

    #[test]
    fn ratio_contributions_sum_to_the_change() {
        // Before: a 5/10, b 5/10 -> 0.5. Now: a 2/10, b 5/10 -> 0.35. Change -0.15.
        // a: 2/20 - 5/20 = -0.15; b: 5/20 - 5/20 = 0.
        let (now, prev) = (ratio(7.0, 20.0), ratio(10.0, 20.0));
        let (an, ap, bn, bp) = (ratio(2.0, 10.0), ratio(5.0, 10.0), ratio(5.0, 10.0), ratio(5.0, 10.0));
        let parts = contributions(Form::Ratio, &now, &prev, &[(Some(&an), Some(&ap)), (Some(&bn), Some(&bp))]).unwrap();
        assert!((parts[0] + 0.15).abs() < 1e-12 && parts[1].abs() < 1e-12);
        assert_eq!(form(&now, &prev), Some(Form::Ratio));
    }
}
