//! Quotas and forecasts per fiscal quarter, sized from the expected won revenue so that attainment
//! and forecast accuracy come out in realistic ranges (roughly 70-110%) at any `deals` count.

use super::calendar::{fiscal_quarter, next_quarter, Quarter, DAY};
use super::deal::AMOUNT_SIGMA;
use super::json::JsonOut;
use super::rng::{Rng, Stream};
use super::world::WINDOW_DAYS;
use super::{World, FISCAL_YEAR_START_MONTH};

/// Share of deals that end up won (measured on generated data), used only to size quotas.
const WIN_SHARE: f64 = 0.25;
/// Mean deal size in USD: segment mix x log-normal medians x exp(sigma^2 / 2).
const MEDIAN_MIX_USD: f64 = 0.50 * 6_000.0 + 0.35 * 22_000.0 + 0.15 * 75_000.0;
/// Quotas are set a little above what the pipeline is expected to deliver.
const STRETCH: f64 = 1.2;

impl World {
    /// Fiscal quarters from the one where the data starts to the one after `asOf` (for pipeline
    /// whose expected close lies ahead).
    pub fn quarters(&self) -> Vec<Quarter> {
        let last = next_quarter(fiscal_quarter(self.as_of_day, FISCAL_YEAR_START_MONTH));
        let mut q = fiscal_quarter(self.start.div_euclid(DAY), FISCAL_YEAR_START_MONTH);
        let mut out = vec![q];
        while q.start < last.start {
            q = next_quarter(q);
            out.push(q);
        }
        out
    }

    fn plan_rng(&self, q: Quarter, rep: u64) -> Rng {
        self.rng(Stream::Plan, ((q.start as u64) << 16) | rep)
    }

    /// The quota of rep `k` for quarter `q`, in whole USD (rounded to thousands).
    pub fn quota(&self, q: Quarter, k: usize) -> i64 {
        let mid = (q.start + q.end) as f64 / 2.0 * DAY as f64;
        let x = (mid - self.start as f64) / (WINDOW_DAYS * DAY) as f64;
        let mean_usd = MEDIAN_MIX_USD * (AMOUNT_SIGMA * AMOUNT_SIGMA / 2.0).exp();
        let won = self.deals_per_day(x) * (q.end - q.start + 1) as f64 * WIN_SHARE * mean_usd;
        let per_rep = won * STRETCH / self.reps.len() as f64 * self.reps[k].quota_factor;
        ((per_rep / 1000.0).round() as i64).max(1) * 1000
    }

    pub fn write_quotas(&self, w: &mut JsonOut) -> std::io::Result<()> {
        let mut first = true;
        for q in self.quarters() {
            let mut total = 0;
            for k in 0..self.reps.len() {
                let amount = self.quota(q, k);
                total += amount;
                self.write_plan_row(w, &mut first, Some(k), q, amount, None);
                w.maybe_flush()?;
            }
            // The company quota is below the sum of rep quotas: reps are over-assigned, as is usual.
            let company = (total as f64 * 0.9 / 1000.0).round() as i64 * 1000;
            self.write_plan_row(w, &mut first, None, q, company, None);
        }
        Ok(())
    }

    /// Forecasts: each rep submits a few days before the quarter starts, and a quarter of them revise it
    /// mid-quarter; the company forecast follows the reps' first submissions. Only submissions dated
    /// before `asOf` exist.
    pub fn write_forecasts(&self, w: &mut JsonOut) -> std::io::Result<()> {
        let mut first = true;
        for q in self.quarters() {
            let mut total = 0;
            let company_day = q.start - 2;
            for k in 0..self.reps.len() {
                let mut r = self.plan_rng(q, k as u64);
                let day = q.start - r.range(3, 7);
                let amount = (self.quota(q, k) as f64 * (0.75 + 0.35 * r.f64()) / 100.0).round() as i64 * 100;
                let revised = q.start + r.range(20, 45);
                let revised_amount = (amount as f64 * (0.85 + 0.3 * r.f64()) / 100.0).round() as i64 * 100;
                if day < self.as_of_day {
                    total += amount;
                    self.write_plan_row(w, &mut first, Some(k), q, amount, Some(day));
                }
                if r.chance(0.25) && revised < self.as_of_day {
                    self.write_plan_row(w, &mut first, Some(k), q, revised_amount, Some(revised));
                }
                w.maybe_flush()?;
            }
            if total > 0 && company_day < self.as_of_day {
                let company = (total as f64 * 0.95 / 1000.0).round() as i64 * 1000;
                self.write_plan_row(w, &mut first, None, q, company, Some(company_day));
            }
        }
        Ok(())
    }

    /// One quota (`submitted` None) or forecast row.
    fn write_plan_row(
        &self,
        w: &mut JsonOut,
        first: &mut bool,
        owner: Option<usize>,
        q: Quarter,
        amount: i64,
        submitted: Option<i64>,
    ) {
        w.raw(if *first { "\n{\"owner\":" } else { ",\n{\"owner\":" });
        *first = false;
        match owner {
            Some(k) => w.id("rep-", k as u64 + 1),
            None => w.raw("null"),
        }
        if submitted.is_none() {
            w.raw(",\"team\":null");
        }
        w.key("start");
        w.date(q.start);
        w.key("end");
        w.date(q.end);
        w.key("amount");
        w.uint(amount as u64);
        w.raw(",\"currency\":\"USD\"");
        if let Some(day) = submitted {
            w.key("submittedAt");
            w.date(day);
        }
        w.raw("}");
    }
}
