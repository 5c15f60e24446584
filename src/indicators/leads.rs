//! Lead indicators: lead-to-opportunity conversion rate and time to convert.
//!
//! Both use the same cohort: the leads created in the period (attributed at `createdAt`; a lead
//! without `createdAt` is in no cohort). A lead converted when it has `convertedAt` or `dealId`.

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::store::{LeadRow, Store, NO_SYM, NO_TIME};
use crate::time::DAY_MS;

/// The lead indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "lead_to_opportunity_rate",
            label: "Lead to opportunity",
            description: "leads created in period that converted (`convertedAt` or `dealId`) / leads created in period",
            unit: Unit::Ratio,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| "cohort of leads created in period: converted (convertedAt or dealId set) / leads created".into(),
            variants: &[],
            next_step: "Review lead scoring and the hand-off rules from marketing to sales",
            headline: Headline::No,
            card: false,
            attributed_at: Attribution::LeadCreated,
            compute: Compute::tally::<ConversionRate>(),
        },
        Def {
            id: "lead_to_opportunity_days",
            label: "Lead to opportunity (days)",
            description: "median days createdAt -> convertedAt of the converted leads of that cohort",
            unit: Unit::Days,
            better: Better::Lower,
            timing: Timing::Period,
            definition: |_| {
                "median elapsed days createdAt -> convertedAt over the converted leads of the cohort created in \
                 period that have convertedAt (mean, p25, p75, p90 in stats; convertedAt before createdAt left out)"
                    .into()
            },
            variants: &[],
            next_step: "Route leads faster and set a conversion deadline for qualified leads",
            headline: Headline::No,
            card: false,
            attributed_at: Attribution::LeadCreated,
            compute: Compute::tally::<ConversionDays>(),
        },
    ]
}

fn lead<'a>(ctx: &'a Ctx, i: u32) -> &'a LeadRow {
    ctx.store.lead(i)
}

/// Creation instant of a lead.
pub fn created_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let l = lead(ctx, i);
    (l.created != NO_TIME).then_some(l.created)
}

/// Whether a lead converted to a deal (`convertedAt` or `dealId` set).
pub fn converted(l: &LeadRow) -> bool {
    l.converted != NO_TIME || l.deal != NO_SYM
}

/// `lead_to_opportunity_rate` = converted leads / leads of the cohort, with its Wilson interval.
/// An empty cohort gives `null` with `insufficient_data`.
/// Drill: numerator = converted leads, denominator = the cohort.
#[derive(Default)]
struct ConversionRate {
    converted: u64,
    leads: u64,
}

impl Tally for ConversionRate {
    type Env<'s> = &'s Store;
    /// The lead converted.
    type Item = bool;
    fn env<'s>(ctx: &Ctx<'s>) -> &'s Store {
        ctx.store
    }
    fn item(store: &&Store, r: u32) -> bool {
        store.leads.get(r as usize).is_some_and(converted)
    }
    fn add(&mut self, _: &&Store, converted: bool, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.leads += 1;
        den(sink, Collection::Leads, r);
        if converted {
            self.converted += 1;
            num(sink, Collection::Leads, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::count_ratio(self.converted, self.leads)
    }
}

/// `lead_to_opportunity_days` = median of (convertedAt - createdAt) / 86,400 s over the leads of
/// the cohort with a `convertedAt` not before `createdAt` (numerator = sum of days, denominator =
/// count; mean, p25, p75, p90 in stats). None of them gives `null` with `insufficient_data`.
/// Leads converted through `dealId` alone have no duration and are not counted; nor are leads whose
/// `convertedAt` precedes `createdAt` (counted in the `convertedBeforeCreated` stat).
#[derive(Default)]
struct ConversionDays {
    days: Vec<f64>,
    inverted: u32,
}

/// What a lead adds to [`ConversionDays`].
#[derive(Debug, Clone, Copy)]
enum LeadDays {
    /// Not converted with a date.
    None,
    /// Converted before it was created.
    Inverted,
    /// Days to convert.
    Days(f64),
}

impl Tally for ConversionDays {
    type Env<'s> = &'s Store;
    type Item = LeadDays;
    fn env<'s>(ctx: &Ctx<'s>) -> &'s Store {
        ctx.store
    }
    fn item(store: &&Store, r: u32) -> LeadDays {
        match store.leads.get(r as usize) {
            Some(l) if l.converted == NO_TIME => LeadDays::None,
            Some(l) if l.converted < l.created => LeadDays::Inverted,
            Some(l) => LeadDays::Days((l.converted - l.created) as f64 / DAY_MS as f64),
            None => LeadDays::None,
        }
    }
    fn add(&mut self, _: &&Store, item: LeadDays, r: u32, sink: &mut Option<&mut DrillSink>) {
        match item {
            LeadDays::None => {}
            LeadDays::Inverted => self.inverted += 1,
            LeadDays::Days(days) => {
                self.days.push(days);
                num(sink, Collection::Leads, r);
                den(sink, Collection::Leads, r);
            }
        }
    }
    fn figure(mut self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::median_of(&mut self.days).with_stat("convertedBeforeCreated", Some(f64::from(self.inverted)))
    }
}
