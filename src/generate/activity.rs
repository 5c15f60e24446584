//! Activities: touches on leads (speed-to-lead, touches before conversion) and on deals (calls,
//! e-mails and meetings while the deal is worked). Each record's activities come from its own stream,
//! so the activities section is regenerated block by block like the others.

use super::calendar::{DAY, HOUR};
use super::deal::Deal;
use super::json::JsonOut;
use super::lead::Lead;
use super::rng::{Rng, Stream};
use super::vocab::*;
use super::World;

pub struct Activity {
    pub at: i64,
    pub kind: u8,
    pub owner: u16,
    pub inbound: bool,
    /// Index into OUTCOMES; 0 is `null`.
    pub outcome: u8,
    pub deal: Option<u64>,
    pub lead: Option<u64>,
    pub contact: u64,
    pub automated: bool,
}

/// Outbound activity type weights (call, email, meeting, sequence_step, linkedin, other).
const LEAD_TYPES: [u32; 6] = [30, 28, 2, 26, 10, 4];
const DEAL_TYPES: [u32; 6] = [30, 36, 12, 8, 8, 6];
/// Outcome weights per outbound type (null, connected, replied, meeting_booked, no_answer, bounced).
const OUTCOME_WEIGHTS: [[u32; 6]; 6] = [
    [0, 30, 0, 4, 66, 0],
    [82, 0, 13, 1, 0, 4],
    [100, 0, 0, 0, 0, 0],
    [85, 0, 6, 2, 0, 7],
    [80, 0, 18, 2, 0, 0],
    [100, 0, 0, 0, 0, 0],
];

/// Type, direction, outcome and automation of one touch. 27% of these random touches are inbound (a
/// reply or a call-in), about 15% of all activities since first touches and meetings are outbound;
/// sequence steps are mostly sent by automation, a few e-mails too.
fn touch(r: &mut Rng, types: &[u32; 6]) -> (u8, bool, u8, bool) {
    if r.chance(0.27) {
        return if r.chance(0.6) { (EMAIL, true, REPLIED, false) } else { (CALL, true, CONNECTED, false) };
    }
    let kind = r.weighted(types) as u8;
    let outcome = r.weighted(&OUTCOME_WEIGHTS[kind as usize]) as u8;
    let automated = match kind {
        SEQUENCE_STEP => r.chance(0.8),
        EMAIL => r.chance(0.08),
        _ => false,
    };
    (kind, false, outcome, automated)
}

impl World {
    /// Touches on lead `l` in time order. The first human touch comes minutes to days after the lead
    /// is created (sometimes after an instant automated step); a converted lead's touches all precede
    /// the conversion and the last one books the meeting.
    pub fn lead_activities(&self, l: &Lead, mut emit: impl FnMut(&Activity)) {
        let mut r = self.rng(Stream::LeadActivities, l.idx);
        let conv = l.converted.map(|c| c.0);
        let n = match conv {
            Some(_) => r.range(2, 5),
            None => r.weighted(&[30, 40, 30]) as i64,
        };
        let end = conv.unwrap_or(self.limit).min(self.limit);
        let mut a = Activity {
            at: l.created,
            kind: SEQUENCE_STEP,
            owner: l.owner,
            inbound: false,
            outcome: 0,
            deal: None,
            lead: Some(l.idx),
            contact: l.contact,
            automated: true,
        };
        let (mut t, mut human) = (l.created, false);
        for i in 0..n {
            if i == 0 && r.chance(0.35) {
                // An instant automated step (auto-reply or sequence enrolment): not a response.
                a.at = l.created + r.range(10, 300);
                (a.kind, a.inbound, a.outcome, a.automated) = (SEQUENCE_STEP, false, 0, true);
            } else if !human {
                // First human touch: the response time speed-to-lead measures.
                human = true;
                let mut delay = (r.lognormal(45.0 * 60.0, 1.6) as i64).clamp(60, 20 * DAY);
                if conv.is_some() && delay >= (end - l.created) / 2 {
                    delay = ((end - l.created) as f64 * (0.05 + 0.4 * r.f64())) as i64;
                }
                a.at = (l.created + delay).max(t + 60);
                a.kind = r.pick(&[CALL, EMAIL]);
                a.outcome = r.weighted(&OUTCOME_WEIGHTS[a.kind as usize]) as u8;
                (a.inbound, a.automated) = (false, false);
            } else {
                let step = match conv {
                    Some(c) => ((c - t) as f64 * (0.2 + 0.4 * r.f64())) as i64,
                    None => (r.lognormal(2.0, 0.8) * DAY as f64) as i64,
                };
                a.at = t + step.max(60);
                (a.kind, a.inbound, a.outcome, a.automated) = touch(&mut r, &LEAD_TYPES);
            }
            if conv.is_some() && human && i == n - 1 && r.chance(0.7) {
                (a.kind, a.inbound, a.outcome, a.automated) = (r.pick(&[CALL, EMAIL]), false, MEETING_BOOKED, false);
            }
            if a.at >= end {
                break;
            }
            t = a.at;
            emit(&a);
        }
    }

    /// Activities on deal `d` while it is worked: spread over its life (up to the close, or three
    /// weeks past the last change for open deals), often starting with a meeting for lead-sourced deals.
    pub fn deal_activities(&self, d: &Deal, mut emit: impl FnMut(&Activity)) {
        let mut r = self.rng(Stream::DealActivities, d.idx);
        let n = r.range(0, 4) as usize;
        let end = if d.is_closed() { d.last_event() } else { (d.last_event() + 21 * DAY).min(self.limit) };
        let span = (end - d.created).max(1);
        let mut times = [0i64; 4];
        for t in &mut times[..n] {
            *t = d.created + r.below(span as u64) as i64;
        }
        times[..n].sort_unstable();
        let opening_meeting = d.lead.is_some() && r.chance(0.6);
        for (i, &at) in times[..n].iter().enumerate() {
            let (mut kind, mut inbound, mut outcome, mut automated) = touch(&mut r, &DEAL_TYPES);
            let mut at = at;
            if i == 0 && opening_meeting {
                (kind, inbound, outcome, automated) = (MEETING, false, 0, false);
                at = at.min(d.created + r.range(HOUR, 5 * DAY));
            }
            emit(&Activity {
                at,
                kind,
                owner: d.owner_at(at),
                inbound,
                outcome,
                deal: Some(d.idx),
                lead: None,
                contact: d.contact,
                automated,
            });
        }
    }

    /// Writes one activity with the 1-based number `n` as its id.
    pub fn write_activity(&self, w: &mut JsonOut, n: u64, a: &Activity) {
        w.raw("{\"id\":");
        w.id("A-", n);
        w.key("type");
        w.str(ACTIVITY_TYPES[a.kind as usize]);
        w.key("at");
        w.utc(a.at);
        w.key("owner");
        w.id("rep-", a.owner as u64 + 1);
        w.key("direction");
        w.str(if a.inbound { "inbound" } else { "outbound" });
        w.key("outcome");
        if a.outcome == 0 {
            w.raw("null");
        } else {
            w.str(OUTCOMES[a.outcome as usize]);
        }
        if let Some(d) = a.deal {
            w.key("dealId");
            w.id("D-", d + 1);
        }
        if let Some(l) = a.lead {
            w.key("leadId");
            w.id("L-", l + 1);
        }
        w.key("contactId");
        w.id("C-", a.contact + 1);
        w.raw(if a.automated { ",\"automated\":true}" } else { ",\"automated\":false}" });
    }
}
