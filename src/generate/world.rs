//! The shared frame every record is generated against: the time window, the reps, the accounts, and the
//! block layout that ties deals, leads and contacts together by arithmetic instead of lookups.
//!
//! Block layout: deals are cut into blocks of 10; block `b` owns deals `10b..10b+10`, leads
//! `15b..15b+15` and contacts `19b..19b+19`. In a full block 6 deals came from a lead (60%) and 9
//! leads never converted, so there are 1.5 leads per deal. Which deal slots and lead slots pair up is
//! a seeded shuffle per block, so the pairing looks random, yet any section can find a record's partner
//! from the block alone, in O(1) memory. Contacts: one per lead slot, then one per deal that has no lead
//! (a converted lead's deal shares the lead's contact). Only the last block can be partial.

use super::calendar::{parse_date, DAY, HOUR};
use super::rng::{Rng, Stream};
use super::vocab::*;
use super::GenerateOptions;

pub const BLOCK_DEALS: usize = 10;
pub const BLOCK_LEADS: usize = 15;
pub const BLOCK_CONTACTS: usize = 19;

/// How much denser the newest deals are than the oldest (density rises linearly by this factor).
const GROWTH: f64 = 0.5;
/// The window deals are created in, before `asOf`.
pub const WINDOW_DAYS: i64 = 730;

/// One sales rep. `skill` scales the chance of losing at each stage; `quota_factor` spreads quotas.
pub struct Rep {
    pub team: u8,
    pub skill: f64,
    pub quota_factor: f64,
}

/// Attributes that belong to the account rather than to a deal, so they agree across its deals.
pub struct Account {
    pub segment: u8,
    pub region: u8,
    pub industry: u8,
    pub stem: u8,
    pub suffix: u8,
}

pub struct World {
    pub seed: u64,
    pub deals: u64,
    pub as_of_day: i64,
    /// Every generated instant is strictly before this (`asOf` at 00:00:00Z).
    pub limit: i64,
    /// Start of the creation window.
    pub start: i64,
    pub accounts: u64,
    pub reps: Vec<Rep>,
}

/// Which deal, lead and contact slots of one block belong together.
pub struct Layout {
    /// Deals in the block (10 except possibly the last).
    pub deals: usize,
    pub leads: usize,
    /// For each deal slot: the lead slot it converted from.
    pub deal_lead: [Option<u8>; BLOCK_DEALS],
    /// For each lead slot: the deal slot it converted into.
    pub lead_deal: [Option<u8>; BLOCK_LEADS],
    /// For each deal slot: its contact slot within the block.
    pub deal_contact: [u8; BLOCK_DEALS],
}

impl World {
    pub fn new(opts: &GenerateOptions) -> Result<World, String> {
        let as_of_day = parse_date(opts.as_of)
            .ok_or_else(|| format!("asOf must be a valid YYYY-MM-DD date, got {:?}", opts.as_of))?;
        if opts.owners == 0 || opts.owners > u16::MAX as usize {
            return Err(format!("owners must be between 1 and {}, got {}", u16::MAX, opts.owners));
        }
        let limit = as_of_day * DAY;
        let reps = (0..opts.owners as u64)
            .map(|k| {
                let mut r = Rng::stream(opts.seed, Stream::Rep, k);
                Rep { team: (k % 3) as u8, skill: 0.8 + 0.4 * r.f64(), quota_factor: 0.8 + 0.4 * r.f64() }
            })
            .collect();
        Ok(World {
            seed: opts.seed,
            deals: opts.deals as u64,
            as_of_day,
            limit,
            start: limit - WINDOW_DAYS * DAY,
            accounts: (opts.deals as u64 * 2 / 5).max(1),
            reps,
        })
    }

    pub fn rng(&self, stream: Stream, index: u64) -> Rng {
        Rng::stream(self.seed, stream, index)
    }

    pub fn blocks(&self) -> u64 {
        self.deals.div_ceil(BLOCK_DEALS as u64)
    }

    pub fn account(&self, a: u64) -> Account {
        let mut r = self.rng(Stream::Account, a);
        Account {
            segment: r.weighted(&SEGMENT_WEIGHTS) as u8,
            region: r.weighted(&REGION_WEIGHTS) as u8,
            industry: r.below(INDUSTRIES.len() as u64) as u8,
            stem: r.below(COMPANY_STEMS.len() as u64) as u8,
            suffix: r.below(COMPANY_SUFFIXES.len() as u64) as u8,
        }
    }

    pub fn company_name(&self, a: &Account) -> String {
        format!("{} {}", COMPANY_STEMS[a.stem as usize].0, COMPANY_SUFFIXES[a.suffix as usize])
    }

    /// Deals created per day at window fraction `x` (beyond the window the trend is extended).
    pub fn deals_per_day(&self, x: f64) -> f64 {
        self.deals as f64 * (1.0 + GROWTH * x.max(0.0)) / (1.0 + GROWTH / 2.0) / WINDOW_DAYS as f64
    }

    /// The instant at cumulative share `u` of creations (inverse of `created_share`), moved into
    /// 08:00-18:00 UTC of its day. The mapping is monotone, so ids grow with creation time as in a CRM.
    pub fn instant_at_share(&self, u: f64) -> i64 {
        let c = 1.0 + GROWTH / 2.0;
        let x = ((1.0 + 2.0 * GROWTH * c * u.clamp(0.0, 1.0)).sqrt() - 1.0) / GROWTH;
        let t = self.start + (x * (WINDOW_DAYS * DAY) as f64) as i64;
        let (day, sod) = (t.div_euclid(DAY), t.rem_euclid(DAY));
        (day * DAY + 8 * HOUR + sod * 10 / 24).min(self.limit - HOUR)
    }

    pub fn layout(&self, b: u64) -> Layout {
        let deals = (self.deals - b * BLOCK_DEALS as u64).min(BLOCK_DEALS as u64) as usize;
        // 6 of 10 deals came from leads and there are 15 leads per 10 deals, rounded for partial blocks.
        let conv = (6 * deals).div_ceil(10);
        let leads = (15 * deals).div_ceil(10);
        let mut r = self.rng(Stream::Layout, b);
        let mut deal_slots: [u8; BLOCK_DEALS] = std::array::from_fn(|i| i as u8);
        let mut lead_slots: [u8; BLOCK_LEADS] = std::array::from_fn(|i| i as u8);
        r.shuffle(&mut deal_slots[..deals]);
        r.shuffle(&mut lead_slots[..leads]);
        let mut l = Layout {
            deals,
            leads,
            deal_lead: [None; BLOCK_DEALS],
            lead_deal: [None; BLOCK_LEADS],
            deal_contact: [0; BLOCK_DEALS],
        };
        for k in 0..conv {
            let (d, ld) = (deal_slots[k], lead_slots[k]);
            l.deal_lead[d as usize] = Some(ld);
            l.lead_deal[ld as usize] = Some(d);
        }
        let mut next_contact = leads as u8;
        for d in 0..deals {
            l.deal_contact[d] = match l.deal_lead[d] {
                Some(ld) => ld,
                None => {
                    next_contact += 1;
                    next_contact - 1
                }
            };
        }
        l
    }
}
