//! Deals and their stage history: a random walk through the pipeline, one event at a time.
//!
//! At each open stage a deal may go dormant (it stays open with no further change: the stalled deals the
//! aging indicator looks for), be lost, move back one stage, skip one stage, or advance. The walk stops
//! at `asOf`, so recent deals are naturally still open. A few closed deals are reopened once and walk
//! on. Amount, expected close and owner changes ride on stage moves or come as entries of their own.

use super::calendar::{end_of_month, DAY, HOUR};
use super::json::{JsonOut, TimeForm};
use super::rng::Stream;
use super::vocab::*;
use super::world::{Layout, World, BLOCK_CONTACTS, BLOCK_DEALS, BLOCK_LEADS};

/// Chance per open stage that the deal goes dormant there.
const P_STALL: [f64; 5] = [0.17, 0.12, 0.10, 0.08, 0.07];
/// Chance per open stage that the next move is a loss (scaled by the owner's skill).
const P_LOST: [f64; 5] = [0.17, 0.15, 0.13, 0.13, 0.15];
/// Median days spent in each open stage for an SMB deal; bigger segments are slower.
const STAGE_DAYS: [f64; 5] = [4.0, 6.0, 7.0, 9.0, 8.0];
const SEGMENT_PACE: [f64; 3] = [1.0, 1.8, 3.0];
/// Median deal size in USD and the cap, per segment.
const SEGMENT_USD: [(f64, f64); 3] = [
    (6_000.0, 200_000.0),
    (22_000.0, 200_000.0),
    (75_000.0, 500_000.0),
];
pub const AMOUNT_SIGMA: f64 = 0.5;
/// Median days from creation to the first expected close, per segment.
const SEGMENT_CYCLE: [f64; 3] = [30.0, 60.0, 110.0];

/// One history entry: the values after a change (`None` = unchanged).
#[derive(Clone, Copy, Default)]
pub struct Entry {
    pub at: i64,
    pub stage: Option<u8>,
    pub amount: Option<i64>,
    pub expected: Option<i64>,
    pub owner: Option<u16>,
}

/// A generated deal. Reused across deals (`history` keeps its allocation).
#[derive(Default)]
pub struct Deal {
    /// 0-based; the id is `D-<idx + 1>`.
    pub idx: u64,
    pub created: i64,
    pub created_form: TimeForm,
    pub account: u64,
    pub segment: u8,
    pub region: u8,
    pub industry: u8,
    pub persona: u8,
    pub source: u8,
    pub product: u8,
    pub kind: u8,
    pub owner0: u16,
    pub owner: u16,
    pub lead: Option<u64>,
    pub contact: u64,
    pub currency: u8,
    /// Current amount in cents of `currency`.
    pub amount: i64,
    /// Current expected close (day number).
    pub expected: i64,
    pub stage: u8,
    /// Day number of `closedAt` for closed deals.
    pub closed_at: Option<i64>,
    pub forecast: u8,
    pub history: Vec<Entry>,
}

impl Deal {
    pub fn is_closed(&self) -> bool {
        self.stage >= WON
    }

    /// The owner as of instant `t` (from history; the first entry carries the initial owner).
    pub fn owner_at(&self, t: i64) -> u16 {
        let mut owner = self.owner0;
        for e in self.history.iter().take_while(|e| e.at <= t) {
            owner = e.owner.unwrap_or(owner);
        }
        owner
    }

    /// When the walk ended: the close for closed deals, else the last change.
    pub fn last_event(&self) -> i64 {
        self.history.last().map_or(self.created, |e| e.at)
    }
}

/// A random amount in cents of `currency`: log-normal in USD, converted, and rounded to a whole
/// hundred half of the time (quotes are usually round numbers).
fn draw_amount(r: &mut super::rng::Rng, segment: u8, currency: u8) -> i64 {
    let (median, cap) = SEGMENT_USD[segment as usize];
    let local = r.lognormal(median, AMOUNT_SIGMA).clamp(2_000.0, cap) / USD_PER[currency as usize];
    if r.chance(0.5) {
        (local / 100.0).round() as i64 * 10_000
    } else {
        (local * 100.0).round() as i64
    }
}

/// A stage-appropriate forecast category, overridden by the rep now and then.
fn forecast_category(r: &mut super::rng::Rng, stage: u8) -> u8 {
    match stage {
        WON => 2,
        LOST => 3,
        _ if r.chance(0.1) => r.below(4) as u8,
        0 | 1 => 0,
        2 | 3 => 1,
        _ => 2,
    }
}

impl World {
    /// Generates the deal in `slot` of block `b` (whose layout is `layout`) into `d`.
    pub fn deal(&self, b: u64, layout: &Layout, slot: usize, d: &mut Deal) {
        let idx = b * BLOCK_DEALS as u64 + slot as u64;
        let mut r = self.rng(Stream::Deal, idx);
        d.idx = idx;
        d.lead = layout.deal_lead[slot].map(|l| b * BLOCK_LEADS as u64 + l as u64);
        d.contact = b * BLOCK_CONTACTS as u64 + layout.deal_contact[slot] as u64;
        d.created = self.instant_at_share((idx as f64 + r.f64()) / self.deals as f64);
        d.created_form = match r.below(100) {
            0 | 1 => TimeForm::EpochMs,
            2 => TimeForm::EpochMsString,
            3 => TimeForm::Offset(if r.chance(0.5) { 120 } else { -300 }),
            _ => TimeForm::Utc,
        };
        d.account = r.below(self.accounts);
        let acct = self.account(d.account);
        (d.segment, d.region, d.industry) = (acct.segment, acct.region, acct.industry);
        d.persona = r.below(PERSONAS.len() as u64) as u8;
        d.source = r.weighted(&SOURCE_WEIGHTS) as u8;
        d.product = r.weighted(&PRODUCT_WEIGHTS[d.segment as usize]) as u8;
        d.kind = r.weighted(&[70, 20, 10]) as u8;
        d.currency = if d.region == 1 {
            r.weighted(&[3, 2, 1]) as u8
        } else {
            0
        };
        d.owner0 = r.below(self.reps.len() as u64) as u16;
        d.owner = d.owner0;
        d.amount = draw_amount(&mut r, d.segment, d.currency);
        let seg = d.segment as usize;
        let created_day = d.created.div_euclid(DAY);
        d.expected = created_day + r.lognormal(SEGMENT_CYCLE[seg], 0.35).round() as i64;
        if r.chance(0.5) {
            d.expected = end_of_month(d.expected);
        }
        d.history.clear();
        d.history.push(Entry {
            at: d.created,
            stage: Some(0),
            amount: Some(d.amount),
            expected: Some(d.expected),
            owner: Some(d.owner),
        });
        self.walk(&mut r, d);
        d.closed_at = None;
        if d.is_closed() {
            // closedAt is the date of the history entry that closed the deal, except for the 1% where
            // a rep edited it by hand a few days off (the spec warns when the two disagree).
            let mut day = d.last_event().div_euclid(DAY);
            if r.chance(0.01) {
                day += if r.chance(0.5) {
                    r.range(2, 6)
                } else {
                    -r.range(2, 6)
                };
                day = day.clamp(created_day + 1, self.as_of_day - 1);
            }
            d.closed_at = Some(day);
        }
        d.forecast = forecast_category(&mut r, d.stage);
    }

    /// Walks the deal from its first entry until it closes, goes dormant or reaches `asOf`.
    fn walk(&self, r: &mut super::rng::Rng, d: &mut Deal) {
        let pace = SEGMENT_PACE[d.segment as usize];
        let skill = self.reps[d.owner as usize].skill;
        let (mut t, mut s, mut reopened) = (d.created, 0u8, false);
        let first_close = (d.created.div_euclid(DAY) + 1) * DAY + 8 * HOUR;
        loop {
            let si = s as usize;
            if r.chance(P_STALL[si]) {
                break;
            }
            let lost = r.chance(P_LOST[si] * (2.0 - skill));
            let next = if lost {
                LOST
            } else if s > 0 && r.chance(0.04) {
                s - 1
            } else if s + 2 <= WON && r.chance(0.13) {
                s + 2
            } else {
                s + 1
            };
            let days = r.lognormal(STAGE_DAYS[si] * pace, 0.8) * if lost { 1.5 } else { 1.0 };
            let mut t2 = t + ((days * DAY as f64) as i64).max(HOUR / 2);
            if t2 < first_close && next >= WON {
                // `closedAt` is a date (00:00): a close on the creation day would read as closing
                // before the deal existed, so the earliest close is the next morning.
                t2 = first_close + r.range(0, 10 * HOUR);
            }
            if t2 >= self.limit {
                break;
            }
            // Now and then an amount or close-date edit between stage moves.
            if r.chance(0.08) && t2 - t > 2 * HOUR {
                let mut e = Entry {
                    at: t + (t2 - t) / 2,
                    ..Entry::default()
                };
                self.edit(r, d, &mut e, true);
                d.history.push(e);
            }
            let mut e = Entry {
                at: t2,
                stage: Some(next),
                ..Entry::default()
            };
            if next < WON {
                self.edit(r, d, &mut e, false);
                if r.chance(0.02) {
                    // Reassigned within the same team.
                    let team = self.reps[d.owner as usize].team;
                    let k = r.below(self.reps.len() as u64) as u16;
                    let peer = (0..self.reps.len() as u16)
                        .map(|j| (k + j) % self.reps.len() as u16)
                        .find(|&c| c != d.owner && self.reps[c as usize].team == team);
                    if let Some(p) = peer {
                        d.owner = p;
                        e.owner = Some(p);
                    }
                }
            } else if next == WON && r.chance(0.2) {
                // A final discount at signature.
                d.amount = (d.amount as f64 * r.range(85, 97) as f64 / 100.0).round() as i64;
                e.amount = Some(d.amount);
            }
            d.history.push(e);
            let from = s;
            (t, s) = (t2, next);
            if s >= WON {
                if !reopened && r.chance(0.035) {
                    let t3 = t + r.range(7, 60) * DAY + r.range(0, 8 * HOUR);
                    if t3 < self.limit {
                        reopened = true;
                        s = if s == WON { NEGOTIATION } else { from };
                        d.history.push(Entry {
                            at: t3,
                            stage: Some(s),
                            ..Entry::default()
                        });
                        t = t3;
                        continue;
                    }
                }
                break;
            }
        }
        d.stage = s;
    }

    /// Maybe changes amount and/or expected close on entry `e` (always one of them when `force`).
    /// An expected close already in the past is usually pushed out, as reps do at pipeline review.
    fn edit(&self, r: &mut super::rng::Rng, d: &mut Deal, e: &mut Entry, force: bool) {
        let today = e.at.div_euclid(DAY);
        let overdue = d.expected < today && r.chance(0.7);
        let amount = if force { r.chance(0.5) } else { r.chance(0.12) };
        if amount {
            let factor = 0.7 + 0.6 * r.f64();
            d.amount = ((d.amount as f64 * factor / 100.0).round() as i64 * 100).max(100_000);
            e.amount = Some(d.amount);
        }
        if overdue || (force && !amount) || r.chance(0.08) {
            let shift = if overdue || r.chance(0.7) {
                r.range(14, 45)
            } else {
                -r.range(7, 21)
            };
            d.expected = (d.expected.max(today) + shift).max(today);
            e.expected = Some(d.expected);
        }
    }

    /// Writes deal `d` as one JSON object.
    /// Writes one deal. `lean` (the `--deals-only` form) keeps what the deal indicators and the
    /// common group keys read (id, owner, team, segment, source, region, product, amount, currency,
    /// createdAt, closedAt, stage, status, and the history's stage moves) and leaves out the name,
    /// references into the omitted collections, forecast fields, attributes and amount-only edits.
    pub fn write_deal(&self, w: &mut JsonOut, d: &Deal, lean: bool) {
        w.raw("{\"id\":");
        w.id("D-", d.idx + 1);
        if !lean {
            let acct = self.account(d.account);
            w.key("name");
            let name = format!(
                "{} {} {}",
                self.company_name(&acct),
                PRODUCTS[d.product as usize],
                DEAL_KINDS[d.kind as usize]
            );
            w.str(&name);
        }
        w.key("owner");
        w.id("rep-", d.owner as u64 + 1);
        w.key("team");
        w.str(TEAMS[self.reps[d.owner as usize].team as usize]);
        for (k, v) in [
            ("segment", SEGMENTS[d.segment as usize]),
            ("persona", PERSONAS[d.persona as usize]),
            ("source", SOURCES[d.source as usize]),
            ("region", REGIONS[d.region as usize]),
            ("product", PRODUCTS[d.product as usize]),
        ] {
            if !(lean && k == "persona") {
                w.key(k);
                w.str(v);
            }
        }
        if !lean {
            w.key("accountId");
            w.id("ACC-", d.account + 1);
            w.key("contactId");
            w.id("C-", d.contact + 1);
            if let Some(l) = d.lead {
                w.key("leadId");
                w.id("L-", l + 1);
            }
        }
        w.key("amount");
        w.cents(d.amount);
        w.key("currency");
        w.str(CURRENCIES[d.currency as usize]);
        w.key("createdAt");
        w.time(d.created, d.created_form);
        if !lean {
            w.key("expectedCloseAt");
            w.date(d.expected);
        }
        if let Some(c) = d.closed_at {
            w.key("closedAt");
            w.date(c);
        }
        w.key("stage");
        w.str(STAGES[d.stage as usize]);
        w.key("status");
        w.str(match d.stage {
            WON => "won",
            LOST => "lost",
            _ => "open",
        });
        if !lean {
            w.key("forecastCategory");
            w.str(FORECAST_CATEGORIES[d.forecast as usize]);
        }
        w.key("history");
        w.raw("[");
        let mut first = true;
        for e in d.history.iter().filter(|e| !lean || e.stage.is_some()) {
            w.raw(if first { "{\"at\":" } else { ",{\"at\":" });
            first = false;
            w.utc(e.at);
            if let Some(s) = e.stage {
                w.key("stage");
                w.str(STAGES[s as usize]);
            }
            if lean {
                w.raw("}");
                continue;
            }
            if let Some(a) = e.amount {
                w.key("amount");
                w.cents(a);
            }
            if let Some(x) = e.expected {
                w.key("expectedCloseAt");
                w.date(x);
            }
            if let Some(o) = e.owner {
                w.key("owner");
                w.id("rep-", o as u64 + 1);
            }
            w.raw("}");
        }
        w.raw("]");
        if lean {
            w.raw("}");
            return;
        }
        w.key("attributes");
        w.raw("{\"industry\":");
        w.str(INDUSTRIES[d.industry as usize]);
        w.raw("}}");
    }
}
