//! A small deterministic dataset generator for the health tests, with problems planted on demand.
//!
//! Clean data is stable: 6 reps, 3 segments, 6 deals a day for 270 days before `asOf` (2026-06-29,
//! a Monday), cycles of 38-42 days, amounts 9,000-11,000 USD, every rep winning every other deal it
//! creates, one contact and one converted lead per deal, an outbound email on each deal every 7 days
//! while it is open. Nothing in it fails a check.
#![allow(dead_code)]

use serde_json::{json, Value};
use spi_wasm::time::{days_from_ymd, format_instant};

pub const DAY: i64 = 86_400_000;
pub const REPS: usize = 6;

/// 2026-06-29T00:00Z, a Monday.
pub fn as_of() -> i64 {
    days_from_ymd(2026, 6, 29).unwrap() * DAY
}

/// What to plant.
#[derive(Default, Clone)]
pub struct Plan {
    /// Open deals stuck in `proposal`: untouched for 50+ days and past their expected close.
    pub stalled: usize,
    /// This rep (1-based) wins one deal in four instead of one in two among deals closing in the
    /// last 14 days.
    pub halving_rep: Option<usize>,
    /// Share of deals copied with the same id (copies of deals closed before 2026-01-01).
    pub duplicate_share: f64,
    /// Deals (closed before 2026-01-01) switched to CHF, which has no rate.
    pub chf_deals: usize,
    /// Every rep wins one deal in eight among deals closing in the last 7 days.
    pub last_week_collapse: bool,
}

/// What was planted, for the expected counts and ids.
#[derive(Default, Debug)]
pub struct Planted {
    pub stalled: Vec<String>,
    pub duplicated: Vec<String>,
    pub chf: Vec<String>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const STAGES: [&str; 4] = ["discovery", "qualification", "proposal", "negotiation"];
const SEGMENTS: [&str; 3] = ["smb", "mid", "enterprise"];

fn iso(ms: i64) -> String {
    format_instant(ms)
}

fn plan_volume(_plan: &Plan) -> usize {
    6
}

/// Builds the dataset and what was planted in it.
pub fn generate(seed: u64, plan: &Plan) -> (Value, Planted) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let as_of = as_of();
    let mut deals = Vec::new();
    let mut leads = Vec::new();
    let mut contacts = Vec::new();
    let mut activities = Vec::new();
    let mut created_by_rep = [0u64; REPS];
    let mut planted = Planted::default();
    let old_cutoff = days_from_ymd(2026, 1, 1).unwrap() * DAY;
    let mut old_closed: Vec<usize> = Vec::new();
    for day in (as_of / DAY - 270)..(as_of / DAY) {
        for _ in 0..plan_volume(plan) {
            let n = deals.len() + 1;
            let rep = rng.below(REPS as u64) as usize;
            let segment = SEGMENTS[rng.below(3) as usize];
            let created = day * DAY + 8 * 3_600_000 + rng.below(9 * 3_600_000) as i64;
            let cycle = (38 + rng.below(5)) as i64 * DAY + rng.below(DAY as u64) as i64;
            let close = created + cycle;
            let amount = 9_000 + rng.below(2_001);
            let k = created_by_rep[rep];
            created_by_rep[rep] += 1;
            let mut won = k % 2 == 0;
            if plan.halving_rep == Some(rep + 1) && close >= as_of - 14 * DAY && close < as_of {
                won = k % 4 == 0;
            }
            if plan.last_week_collapse && close >= as_of - 7 * DAY && close < as_of {
                won = k % 8 == 0;
            }
            let mut history = vec![json!({"at": iso(created), "stage": STAGES[0]})];
            let (stage, status, closed_at, until) = if close < as_of {
                for (i, s) in STAGES.iter().enumerate().skip(1) {
                    history.push(json!({"at": iso(created + cycle * i as i64 / 5), "stage": s}));
                }
                let stage = if won { "closed_won" } else { "closed_lost" };
                history.push(json!({"at": iso(close), "stage": stage}));
                (stage, if won { "won" } else { "lost" }, Some(iso(close)), close)
            } else {
                let reached = (((as_of - created) * 4 / cycle) as usize).min(3);
                for (i, s) in STAGES.iter().enumerate().take(reached + 1).skip(1) {
                    history.push(json!({"at": iso(created + cycle * i as i64 / 4), "stage": s}));
                }
                (STAGES[reached], "open", None, as_of)
            };
            if close < old_cutoff {
                old_closed.push(deals.len());
            }
            let mut deal = json!({
                "id": format!("D-{n}"), "owner": format!("rep-{}", rep + 1), "segment": segment,
                "amount": amount, "currency": "USD", "createdAt": iso(created), "expectedCloseAt": iso(close),
                "stage": stage, "status": status, "contactId": format!("C-{n}"), "leadId": format!("L-{n}"),
                "history": history,
            });
            if let Some(c) = closed_at {
                deal["closedAt"] = json!(c);
            }
            deals.push(deal);
            add_people(&mut rng, n, rep, created, &mut leads, &mut contacts);
            let mut at = created + DAY;
            while at < until {
                add_touch(&mut rng, &mut activities, n, rep, at);
                at += 7 * DAY;
            }
        }
    }
    for i in 0..plan.stalled {
        let n = deals.len() + 1;
        let rep = i % REPS;
        let created = as_of - (60 + i as i64) * DAY;
        let history: Vec<Value> =
            STAGES[..3].iter().enumerate().map(|(j, s)| json!({"at": iso(created + 5 * j as i64 * DAY), "stage": s})).collect();
        deals.push(json!({
            "id": format!("D-{n}"), "owner": format!("rep-{}", rep + 1), "segment": "mid", "amount": 20_000,
            "currency": "USD", "createdAt": iso(created), "expectedCloseAt": iso(as_of - 10 * DAY),
            "stage": "proposal", "status": "open", "contactId": format!("C-{n}"), "leadId": format!("L-{n}"),
            "history": history,
        }));
        add_people(&mut rng, n, rep, created, &mut leads, &mut contacts);
        add_touch(&mut rng, &mut activities, n, rep, created + DAY);
        add_touch(&mut rng, &mut activities, n, rep, created + 9 * DAY);
        planted.stalled.push(format!("D-{n}"));
    }
    let copies = (plan.duplicate_share * deals.len() as f64).round() as usize;
    let chf: Vec<usize> = old_closed.iter().copied().filter(|i| i % 2 == 1).take(plan.chf_deals).collect();
    for &i in &chf {
        deals[i]["currency"] = json!("CHF");
        planted.chf.push(deals[i]["id"].as_str().unwrap().to_string());
    }
    let originals: Vec<usize> = old_closed.iter().copied().filter(|i| i % 2 == 0).take(copies).collect();
    assert_eq!(originals.len(), copies, "not enough old deals to copy");
    for i in originals {
        planted.duplicated.push(deals[i]["id"].as_str().unwrap().to_string());
        let copy = deals[i].clone();
        deals.push(copy);
    }
    let stages: Vec<Value> = STAGES
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"id": s, "order": i + 1, "kind": "open"}))
        .chain([json!({"id": "closed_won", "kind": "won"}), json!({"id": "closed_lost", "kind": "lost"})])
        .collect();
    let data = json!({
        "settings": {"currency": "USD", "asOf": iso(as_of), "weekStart": "monday"},
        "fx": {"EUR": 1.1},
        "stages": stages,
        "deals": deals, "leads": leads, "contacts": contacts, "activities": activities,
    });
    (data, planted)
}

fn add_people(rng: &mut Rng, n: usize, rep: usize, created: i64, leads: &mut Vec<Value>, contacts: &mut Vec<Value>) {
    leads.push(json!({
        "id": format!("L-{n}"), "createdAt": iso(created - 3 * DAY), "owner": format!("rep-{}", rep + 1),
        "contactId": format!("C-{n}"), "convertedAt": iso(created), "dealId": format!("D-{n}"), "source": "inbound",
    }));
    contacts.push(json!({
        "id": format!("C-{n}"), "email": format!("c{n}@example.com"), "title": "cfo", "company": "Acme",
        "enrichment": {"matched": rng.below(10) < 7},
    }));
}

fn add_touch(rng: &mut Rng, activities: &mut Vec<Value>, n: usize, rep: usize, at: i64) {
    let outcome = if rng.below(4) == 0 { "replied" } else { "no_answer" };
    activities.push(json!({
        "id": format!("A-{}", activities.len() + 1), "type": "email", "at": iso(at), "owner": format!("rep-{}", rep + 1),
        "direction": "outbound", "outcome": outcome, "dealId": format!("D-{n}"), "contactId": format!("C-{n}"),
    }));
}

/// Loads a generated dataset.
pub fn dataset(data: &Value) -> spi_wasm::Dataset {
    spi_wasm::Dataset::from_json(&serde_json::to_vec(data).unwrap()).expect("generated data loads")
}
