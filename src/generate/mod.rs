//! Deterministic synthetic CRM data in the canonical dataset format (docs/input.md).
//!
//! Same options, same bytes: every value comes from a hand-written PRNG keyed by the seed, and every
//! date is derived from `asOf` (no clock). The dataset is written as a stream, one record at a time,
//! so memory stays bounded whatever the deal count: a record is regenerated from its own seeded stream
//! whenever another section needs it (a lead needs its deal's creation time, an activity its deal's
//! history), instead of being kept. `world.rs` explains how records find each other by arithmetic.
//!
//! Layout: one JSON object, each collection an array with one record per line.
//!
//! Indexing is allowed here (the crate denies it elsewhere): the generator reads no user data, only
//! the CLI's counts and seed (checked by `World::new`), and indexes its own fixed vocabulary tables
//! and block arrays with codes and slots it drew from them, in the loop that writes millions of records.
#![allow(clippy::indexing_slicing)]

mod activity;
mod calendar;
mod contact;
mod deal;
mod json;
mod lead;
mod plan;
mod rng;
mod vocab;
mod world;

use contact::ContactSeed;
use deal::Deal;
use json::JsonOut;
use lead::Lead;
use std::io::{self, Write};
use world::{Layout, World, BLOCK_DEALS, BLOCK_LEADS};

/// Fiscal years start in February (quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan), so that quarter
/// logic is exercised where it differs from calendar quarters.
const FISCAL_YEAR_START_MONTH: u32 = 2;

/// Options for the synthetic dataset.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of deals; leads are about 1.5x, activities about 5x, contacts about 1.9x this.
    pub deals: usize,
    /// PRNG seed: the output is a pure function of the options.
    pub seed: u64,
    /// The dataset's `asOf` date (`YYYY-MM-DD`); all generated instants lie before its midnight UTC,
    /// and deals are created over the two years before it.
    pub as_of: &'static str,
    /// Number of sales reps (`rep-1`..), assigned to teams east, west, central in turn.
    pub owners: usize,
    /// Write the deals (with their stage history, in the lean form of `write_deal`), settings, fx,
    /// stages, quotas and forecasts only: `leads`, `activities` and `contacts` are empty arrays.
    /// About 0.45 KB per deal instead of 2.4 KB, so that 1,000,000 deals (~0.4 GB) stay below V8's string limit and leave room in
    /// Wasm's 4 GB memory (the benchmark's 1M run, benches/RESULTS.md).
    pub deals_only: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            deals: 1000,
            seed: 1,
            as_of: "2026-11-23",
            owners: 25,
            deals_only: false,
        }
    }
}

/// The deals and leads of one block, regenerated on demand (buffers are reused across blocks).
struct Block {
    layout: Layout,
    deals: Vec<Deal>,
    leads: Vec<Lead>,
}

impl Block {
    fn new(world: &World) -> Block {
        Block {
            layout: world.layout(0),
            deals: (0..BLOCK_DEALS).map(|_| Deal::default()).collect(),
            leads: (0..BLOCK_LEADS).map(|_| Lead::default()).collect(),
        }
    }

    /// Regenerates block `b`: the deals for which `want_deal(layout, slot)` holds, and the leads if asked.
    fn fill(&mut self, world: &World, b: u64, want_deal: fn(&Layout, usize) -> bool, leads: bool) {
        self.layout = world.layout(b);
        for slot in 0..self.layout.deals {
            if want_deal(&self.layout, slot) {
                world.deal(b, &self.layout, slot, &mut self.deals[slot]);
            }
        }
        if leads {
            for slot in 0..self.layout.leads {
                world.lead(b, &self.layout, slot, &self.deals, &mut self.leads[slot]);
            }
        }
    }
}

/// Starts a new array element on its own line.
fn next_item(w: &mut JsonOut, first: &mut bool) {
    w.raw(if *first { "\n" } else { ",\n" });
    *first = false;
}

/// Writes a deterministic, realistic canonical dataset as JSON to `out`.
pub fn generate(opts: &GenerateOptions, out: &mut dyn Write) -> io::Result<()> {
    let world = World::new(opts).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let mut w = JsonOut::new(out);
    w.raw(
        "{\"settings\":{\"currency\":\"USD\",\"fiscalYearStartMonth\":2,\"weekStart\":\"monday\",",
    );
    w.raw("\"timeZone\":\"UTC\",\"asOf\":");
    w.str(opts.as_of);
    w.raw(",\"stalledAfterDays\":null,\"businessHours\":null},\n");
    w.raw("\"fx\":{\"EUR\":1.08,\"GBP\":[{\"from\":\"2025-01-01\",\"rate\":1.27},");
    w.raw("{\"from\":\"2026-07-01\",\"rate\":1.25}]},\n\"stages\":");
    w.raw(vocab::STAGES_JSON);
    let all: fn(&Layout, usize) -> bool = |_, _| true;
    let mut block = Block::new(&world);

    w.raw(",\n\"deals\":[");
    let mut first = true;
    for b in 0..world.blocks() {
        block.fill(&world, b, all, false);
        for d in &block.deals[..block.layout.deals] {
            next_item(&mut w, &mut first);
            world.write_deal(&mut w, d, opts.deals_only);
            w.maybe_flush()?;
        }
    }

    w.raw("\n],\n\"leads\":[");
    let blocks = if opts.deals_only { 0 } else { world.blocks() };
    let mut first = true;
    for b in 0..blocks {
        block.fill(&world, b, |l, slot| l.deal_lead[slot].is_some(), true);
        for l in &block.leads[..block.layout.leads] {
            next_item(&mut w, &mut first);
            world.write_lead(&mut w, l);
            w.maybe_flush()?;
        }
    }

    w.raw("\n],\n\"activities\":[");
    let (mut first, mut n) = (true, 0u64);
    for b in 0..blocks {
        block.fill(&world, b, all, true);
        let mut emit = |a: &activity::Activity| {
            n += 1;
            next_item(&mut w, &mut first);
            world.write_activity(&mut w, n, a);
        };
        for l in &block.leads[..block.layout.leads] {
            world.lead_activities(l, &mut emit);
        }
        for d in &block.deals[..block.layout.deals] {
            world.deal_activities(d, &mut emit);
        }
        w.maybe_flush()?;
    }

    w.raw("\n],\n\"contacts\":[");
    let mut first = true;
    for b in 0..blocks {
        block.fill(&world, b, all, true);
        let leads = block.leads[..block.layout.leads]
            .iter()
            .map(|l| ContactSeed {
                idx: l.contact,
                persona: l.persona,
                account: l.account,
                created: l.created,
            });
        let deals = block.deals[..block.layout.deals]
            .iter()
            .filter(|d| d.lead.is_none())
            .map(|d| ContactSeed {
                idx: d.contact,
                persona: d.persona,
                account: d.account,
                created: d.created,
            });
        for c in leads.chain(deals) {
            next_item(&mut w, &mut first);
            world.write_contact(&mut w, &c);
        }
        w.maybe_flush()?;
    }

    w.raw("\n],\n\"quotas\":[");
    world.write_quotas(&mut w)?;
    w.raw("\n],\n\"forecasts\":[");
    world.write_forecasts(&mut w)?;
    w.raw("\n]}\n");
    w.finish()
}
