//! Leads. A converted lead is derived from its deal (same owner, source, persona and account; created
//! hours to weeks before the deal and converted at the deal's creation), so `leadId`/`dealId` agree
//! both ways. The other leads are spread over the window like the deals of their block.

use super::calendar::{DAY, HOUR};
use super::deal::Deal;
use super::json::{JsonOut, TimeForm};
use super::rng::Stream;
use super::vocab::*;
use super::world::{Layout, World, BLOCK_CONTACTS, BLOCK_DEALS, BLOCK_LEADS};

#[derive(Default)]
pub struct Lead {
    /// 0-based; the id is `L-<idx + 1>`.
    pub idx: u64,
    pub created: i64,
    pub created_form: Option<TimeForm>,
    pub owner: u16,
    pub source: u8,
    pub segment: u8,
    pub persona: u8,
    pub account: u64,
    pub contact: u64,
    pub qualified: Option<i64>,
    /// Conversion instant and the deal's 0-based index.
    pub converted: Option<(i64, u64)>,
}

impl World {
    /// Generates the lead in `slot` of block `b`; `deals` are the block's deals (by slot).
    pub fn lead(&self, b: u64, layout: &Layout, slot: usize, deals: &[Deal], l: &mut Lead) {
        let idx = b * BLOCK_LEADS as u64 + slot as u64;
        let mut r = self.rng(Stream::Lead, idx);
        l.idx = idx;
        l.contact = b * BLOCK_CONTACTS as u64 + slot as u64;
        l.created_form = match r.below(100) {
            0 | 1 => Some(TimeForm::EpochMs),
            2 => Some(TimeForm::EpochMsString),
            _ => None,
        };
        // Time from lead creation to conversion (or to the block's time for unconverted leads).
        let gap = (r.lognormal(5.0, 1.0) * DAY as f64).clamp(HOUR as f64, 60.0 * DAY as f64) as i64;
        match layout.lead_deal[slot] {
            Some(ds) => {
                let d = &deals[ds as usize];
                (l.owner, l.source, l.segment) = (d.owner0, d.source, d.segment);
                (l.persona, l.account) = (d.persona, d.account);
                l.created = d.created - gap;
                l.qualified = r.chance(0.85).then(|| l.created + (gap as f64 * (0.2 + 0.7 * r.f64())) as i64);
                l.converted = Some((d.created, d.idx));
            }
            None => {
                let u = (b as f64 * BLOCK_DEALS as f64 + (slot as f64 + r.f64()) / 1.5) / self.deals as f64;
                l.created = self.instant_at_share(u) - gap;
                l.owner = r.below(self.reps.len() as u64) as u16;
                l.source = r.weighted(&SOURCE_WEIGHTS) as u8;
                // Some leads come from companies that never became accounts with deals.
                l.account = r.below(self.accounts + self.accounts / 2 + 1);
                l.segment = self.account(l.account).segment;
                l.persona = r.below(PERSONAS.len() as u64) as u8;
                let q = l.created + (r.lognormal(3.0, 0.8) * DAY as f64) as i64;
                l.qualified = (r.chance(0.2) && q < self.limit).then_some(q);
                l.converted = None;
            }
        }
    }

    pub fn write_lead(&self, w: &mut JsonOut, l: &Lead) {
        w.raw("{\"id\":");
        w.id("L-", l.idx + 1);
        w.key("createdAt");
        w.time(l.created, l.created_form.unwrap_or(TimeForm::Utc));
        w.key("owner");
        w.id("rep-", l.owner as u64 + 1);
        w.key("source");
        w.str(SOURCES[l.source as usize]);
        w.key("segment");
        w.str(SEGMENTS[l.segment as usize]);
        w.key("persona");
        w.str(PERSONAS[l.persona as usize]);
        w.key("contactId");
        w.id("C-", l.contact + 1);
        if let Some(q) = l.qualified {
            w.key("qualifiedAt");
            w.utc(q);
        }
        if let Some((at, deal)) = l.converted {
            w.key("convertedAt");
            w.utc(at);
            w.key("dealId");
            w.id("D-", deal + 1);
        }
        w.raw(",\"attributes\":{}}");
    }
}
