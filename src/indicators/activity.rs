//! Activity indicators: speed to lead, touches per meeting, touches per qualified opportunity and
//! engagement rate.
//!
//! A **touch** is an outbound, non-automated activity of any type but `meeting` (docs/indicators.md, "Indicator reference").
//! A **meeting** is an activity of type `meeting` or with outcome `meeting_booked`, whatever its
//! direction or automation: a touch whose outcome is `meeting_booked` counts as both. Indicators
//! over activities are grouped by the activity's owner (see [`super::groups`]); the two indicators
//! that join touches to leads and deals live in [`touches`] and are grouped by the lead or deal.

pub mod touches;

use super::attribution::Attribution;
use super::scopes::Tally;
use super::{Compute, Headline};
use super::drill::{den, num};
use super::{Better, Ctx, Def, DrillSink, Figure, Scope, Collection, Timing, Unit};
use crate::store::{ActivityRow, ActivityType, Store, NO_TIME};

/// The activity indicators, in spec order.
pub fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "rep_response_minutes",
            label: "Rep response time",
            description: "median minutes (business minutes when `businessHours` is set) from lead creation to the first touch on the lead or its contact; untouched after 30 days = not responded, younger and untouched = pending (both in stats, out of the median)",
            unit: Unit::Minutes,
            better: Better::Lower,
            timing: Timing::Period,
            definition: touches::response_definition,
            variants: &[],
            next_step: "Route and alert on new leads so the first touch happens within minutes",
            headline: Headline::Sidebar,
            card: false,
            attributed_at: Attribution::LeadCreated,
            compute: Compute::tally::<touches::Response>(),
        },
        Def {
            id: "touches_to_meeting",
            label: "Touches to meeting",
            description: "touches in period / meetings in period (type `meeting` or outcome `meeting_booked`)",
            unit: Unit::Touches,
            better: Better::Lower,
            timing: Timing::Period,
            definition: |_| {
                "touches (outbound, non-automated, not meetings) in period / meetings in period (type meeting or \
                 outcome meeting_booked, any direction; a touch with meeting_booked counts as both)"
                    .into()
            },
            variants: &[],
            next_step: "Review sequence messaging and targeting: too many touches per meeting booked",
            headline: Headline::No,
            card: false,
            attributed_at: Attribution::TouchOrMeeting,
            compute: Compute::tally::<TouchesToMeeting>(),
        },
        Def {
            id: "touches_to_qualified_opportunity",
            label: "Touches to qualified opp.",
            description: "touches on the lead or contact of deals created in period, before the deal's creation / those deals",
            unit: Unit::Touches,
            better: Better::Lower,
            timing: Timing::Period,
            definition: |_| {
                "deals created in period: touches on the deal's lead or contact made before the deal's createdAt \
                 (a touch counts once per deal it precedes) / those deals"
                    .into()
            },
            variants: &[],
            next_step: "Tighten targeting: focus touches on accounts that fit the ideal customer profile",
            headline: Headline::No,
            card: false,
            attributed_at: Attribution::DealCreated,
            compute: Compute::tally::<touches::TouchesBefore>(),
        },
        Def {
            id: "engagement_rate",
            label: "Engagement rate",
            description: "touches with outcome connected, replied or meeting_booked / touches",
            unit: Unit::Ratio,
            better: Better::Higher,
            timing: Timing::Period,
            definition: |_| "touches in period with outcome connected, replied or meeting_booked / touches in period".into(),
            variants: &[],
            next_step: "Refresh messaging and clean contact data (bounces, wrong numbers)",
            headline: Headline::Sidebar,
            card: false,
            attributed_at: Attribution::Touch,
            compute: Compute::tally::<Engagement>(),
        },
    ]
}

/// Whether an activity is a touch: outbound, not automated, not a meeting.
pub fn is_touch(a: &ActivityRow) -> bool {
    a.outbound && !a.automated && a.kind != ActivityType::Meeting
}

/// Whether an activity books a meeting: type `meeting` or outcome `meeting_booked`.
pub fn is_meeting(store: &Store, a: &ActivityRow) -> bool {
    a.kind == ActivityType::Meeting || outcome_is(store, a, &["meeting_booked"])
}

/// Whether the activity's outcome is one of `names` (ASCII case-insensitive).
pub fn outcome_is(store: &Store, a: &ActivityRow, names: &[&str]) -> bool {
    store.strings.get(a.outcome).is_some_and(|o| names.iter().any(|n| o.eq_ignore_ascii_case(n)))
}

fn activity<'a>(ctx: &'a Ctx, i: u32) -> &'a ActivityRow {
    ctx.store.activity(i)
}

/// Instant of a dated touch.
pub(super) fn touch_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let a = activity(ctx, i);
    (a.at != NO_TIME && is_touch(a)).then_some(a.at)
}

/// Instant of a dated touch or meeting.
pub(super) fn touch_or_meeting_at(ctx: &Ctx, i: u32) -> Option<i64> {
    let a = activity(ctx, i);
    (a.at != NO_TIME && (is_touch(a) || is_meeting(ctx.store, a))).then_some(a.at)
}

/// `touches_to_meeting` = touches / meetings among the activities in scope (a ratio that can
/// exceed 1; lower is better). No meeting gives `null` with `insufficient_data`.
/// Drill: numerator = the touches, denominator = the meetings.
#[derive(Default)]
struct TouchesToMeeting {
    touches: u64,
    meetings: u64,
    activities: u64,
}

impl Tally for TouchesToMeeting {
    type Env<'s> = &'s Store;
    /// The activity is a touch; it books a meeting.
    type Item = (bool, bool);
    fn env<'s>(ctx: &Ctx<'s>) -> &'s Store {
        ctx.store
    }
    fn item(store: &&Store, r: u32) -> (bool, bool) {
        store.activities.get(r as usize).map_or((false, false), |a| (is_touch(a), is_meeting(store, a)))
    }
    fn add(&mut self, _: &&Store, (touch, meeting): (bool, bool), r: u32, sink: &mut Option<&mut DrillSink>) {
        self.activities += 1;
        if touch {
            self.touches += 1;
            num(sink, Collection::Activities, r);
        }
        if meeting {
            self.meetings += 1;
            den(sink, Collection::Activities, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::ratio(self.touches as f64, self.meetings as f64, self.activities)
    }
}

/// `engagement_rate` = touches with outcome `connected`, `replied` or `meeting_booked` / touches,
/// with its Wilson interval. No touch gives `null` with `insufficient_data`.
/// Drill: numerator = the engaged touches, denominator = all touches.
#[derive(Default)]
struct Engagement {
    engaged: u64,
    touches: u64,
}

impl Tally for Engagement {
    type Env<'s> = &'s Store;
    /// The touch's outcome is an engagement.
    type Item = bool;
    fn env<'s>(ctx: &Ctx<'s>) -> &'s Store {
        ctx.store
    }
    fn item(store: &&Store, r: u32) -> bool {
        store.activities.get(r as usize).is_some_and(|a| outcome_is(store, a, &["connected", "replied", "meeting_booked"]))
    }
    fn add(&mut self, _: &&Store, engaged: bool, r: u32, sink: &mut Option<&mut DrillSink>) {
        self.touches += 1;
        den(sink, Collection::Activities, r);
        if engaged {
            self.engaged += 1;
            num(sink, Collection::Activities, r);
        }
    }
    fn figure(self, _: &Ctx, _: &Scope, _: &mut Option<&mut DrillSink>) -> Figure {
        Figure::count_ratio(self.engaged, self.touches)
    }
}
