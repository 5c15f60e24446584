//! Lead indicators: lead-to-opportunity conversion rate and time to convert.
//!
//! Both use the same cohort: the leads created in the period (attributed at `createdAt`; a lead
//! without `createdAt` is in no cohort). A lead converted when it has `convertedAt` or `dealId`.

use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Table, Timing, Unit};
use crate::store::{LeadRow, NO_SYM, NO_TIME};
use crate::time::DAY_MS;

/// The lead indicators.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "lead_to_opportunity_rate",
            unit: Unit::Ratio,
            better: Better::Higher,
            table: Table::Leads,
            timing: Timing::Period,
            definition: |_| "cohort of leads created in period: converted (convertedAt or dealId set) / leads created".into(),
            attribute: created_at,
            compute: conversion_rate,
            batch: None,
        },
        Def {
            id: "lead_to_opportunity_days",
            unit: Unit::Days,
            better: Better::Lower,
            table: Table::Leads,
            timing: Timing::Period,
            definition: |_| {
                "median elapsed days createdAt -> convertedAt over the converted leads of the cohort created in \
                 period that have convertedAt (mean, p25, p75, p90 in stats; convertedAt before createdAt left out)"
                    .into()
            },
            attribute: created_at,
            compute: conversion_days,
            batch: None,
        },
    ]
}

fn lead<'a>(ctx: &'a Ctx, i: u32) -> &'a LeadRow {
    &ctx.store.leads[i as usize]
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
fn conversion_rate(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut won = 0;
    for &r in records {
        den(&mut sink, Table::Leads, r);
        if converted(lead(ctx, r)) {
            won += 1;
            num(&mut sink, Table::Leads, r);
        }
    }
    Figure::count_ratio(won, records.len() as u64)
}

/// `lead_to_opportunity_days` = median of (convertedAt - createdAt) / 86,400 s over the leads of
/// the cohort with a `convertedAt` not before `createdAt` (numerator = sum of days, denominator =
/// count; mean, p25, p75, p90 in stats). None of them gives `null` with `insufficient_data`.
/// Leads converted through `dealId` alone have no duration and are not counted; nor are leads whose
/// `convertedAt` precedes `createdAt` (counted in the `convertedBeforeCreated` stat).
fn conversion_days(ctx: &Ctx, _: &Scope, records: &[u32], mut sink: Option<&mut DrillSink>) -> Figure {
    let mut days = Vec::new();
    let mut inverted = 0u32;
    for &r in records {
        let l = lead(ctx, r);
        if l.converted == NO_TIME {
            continue;
        }
        if l.converted < l.created {
            inverted += 1;
            continue;
        }
        days.push((l.converted - l.created) as f64 / DAY_MS as f64);
        num(&mut sink, Table::Leads, r);
        den(&mut sink, Table::Leads, r);
    }
    Figure::median_of(&mut days).with_stat("convertedBeforeCreated", Some(f64::from(inverted)))
}
