//! Merging builders that read consecutive stretches of one input (the parts of a document read
//! apart by threads or workers, see `ingest::stream::parts`) into the builder a single read of
//! the whole input would have built, field for field.
//!
//! Why at the builder and not at the store: everything that depends on the whole input (records
//! sharing an id across parts, the `updatedAt` that decides which copy wins, epoch units settled
//! per field, stages declared in one part and used in another, the dataset's "now") is decided by
//! `finish`, which then runs once on the merged builder exactly as after one read. What the merge
//! must keep exact is only what reading numbers by position:
//! - symbols are numbered in order of first appearance: re-interning a part's strings in its own
//!   symbol order, after the parts before it, gives each new string the number a single read gives
//!   it (a part's first appearances are the whole input's, restricted to strings not seen before);
//! - row ranges (history, attribute pairs), history details and amounts, and `updatedAt`
//!   positions shift by the rows before;
//! - warnings and epoch examples are replayed in order ([`crate::error::Warnings::absorb`]).
//!
//! A part must be read with its records numbered from where it starts in its arrays
//! (`JsonStream::first_indices`), so that stand-in ids and examples name the whole document's
//! positions.

use super::{ActivityRow, ContactRow, DealRow, HistoryDetail, HistoryRow, Interner, LeadRow, PeriodAmountRow, StoreBuilder, Sym, NO_SYM};
use crate::error::InputError;

/// Maps a part's symbols to the merged builder's.
struct Remap(Vec<Sym>);

impl Remap {
    fn of(part: &Interner, into: &mut Interner) -> Remap {
        Remap(into.absorb(part))
    }

    fn sym(&self, s: Sym) -> Sym {
        if s == NO_SYM {
            return NO_SYM;
        }
        self.0.get(s as usize).copied().unwrap_or(NO_SYM)
    }

    // Each row is taken apart field by field, without `..`: a field added to a row does not
    // compile here until it is mapped or named as not a symbol (a part's symbol left unmapped
    // would name another string of the merged builder).

    fn syms<'a>(&self, syms: impl IntoIterator<Item = &'a mut Sym>) {
        for s in syms {
            *s = self.sym(*s);
        }
    }

    fn deal(&self, d: &mut DealRow) {
        let DealRow {
            id,
            name,
            owner,
            team,
            segment,
            persona,
            source,
            region,
            product,
            account,
            contact,
            lead,
            amount: _,
            amount_original: _,
            currency,
            created: _,
            expected_close: _,
            closed: _,
            closed_field: _,
            stage,
            status: _,
            forecast_category,
            lost_reason,
            reopened: _,
            history_unordered: _,
            history_unknown_stage: _,
            enriched: _,
            history: _,
            attributes: _,
            local_mask: _,
        } = d;
        self.syms([id, name, owner, team, segment, persona, source, region, product, account, contact, lead, currency, stage, forecast_category, lost_reason]);
    }

    fn history(&self, h: &mut HistoryRow) {
        h.stage = self.sym(h.stage);
    }

    fn detail(&self, d: &mut HistoryDetail) {
        let HistoryDetail { amount: _, expected_close: _, owner, forecast_category } = d;
        self.syms([owner, forecast_category]);
    }

    fn lead(&self, l: &mut LeadRow) {
        let LeadRow { id, created: _, owner, team, source, segment, persona, region, contact, qualified: _, converted: _, deal, enriched: _, attributes: _, local_mask: _ } = l;
        self.syms([id, owner, team, source, segment, persona, region, contact, deal]);
    }

    fn activity(&self, a: &mut ActivityRow) {
        let ActivityRow { id, kind: _, at: _, owner, outbound: _, outcome, deal, lead, contact, automated: _, local_mask: _ } = a;
        self.syms([id, owner, outcome, deal, lead, contact]);
    }

    fn contact(&self, c: &mut ContactRow) {
        let ContactRow { id, email_valid: _, phone_valid: _, title, company, seniority, matched: _ } = c;
        self.syms([id, title, company, seniority]);
    }

    fn period_amount(&self, t: &mut PeriodAmountRow) {
        let PeriodAmountRow { owner, team, start: _, end: _, amount: _, submitted: _, local_mask: _ } = t;
        self.syms([owner, team]);
    }
}

/// Runs `a` and `b`, on two threads natively (the merge is the serial step between the parts'
/// reads and `finish`); one after the other in the module, which has no threads (workers merge
/// there).
fn both(a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::scope(|scope| {
        scope.spawn(a);
        b();
    });
    #[cfg(target_arch = "wasm32")]
    {
        a();
        b();
    }
}

/// Shifts a row range by `by` rows.
fn shift(range: &mut std::ops::Range<u32>, by: u32) {
    *range = range.start + by..range.end + by;
}

impl StoreBuilder {
    /// An empty builder for a part of the source this builder is reading (same source name).
    pub fn for_part(&self) -> StoreBuilder {
        let mut part = StoreBuilder::default();
        part.source.clone_from(&self.source);
        part
    }

    /// True when nothing was read into this builder yet (a source's name may be set): reading
    /// in parts starts only from such a builder, so that on any doubt it reads the input again
    /// in one pass into the untouched builder.
    pub fn is_fresh(&self) -> bool {
        self.strings.is_empty()
            && self.deals.is_empty()
            && self.leads.is_empty()
            && self.activities.is_empty()
            && self.contacts.is_empty()
            && self.quotas.is_empty()
            && self.forecasts.is_empty()
            && self.warnings.as_slice().is_empty()
            && self.settings_from.is_empty()
            && !self.stages_declared
            && !self.fx_given
            && self.pending.is_empty()
            && self.epochs.is_empty()
    }

    /// Appends `part`, a builder that read the stretch of the input right after everything this
    /// one read (see the module docs): the result is the builder one read of both stretches gives.
    /// Refused (`conflicting_settings`) as that read would refuse settings the two stretches give
    /// differently; a part holding files of their own to join (never a part of a JSON document) is
    /// refused as `internal`.
    pub fn append(&mut self, mut part: StoreBuilder) -> Result<(), InputError> {
        if !part.pending.is_empty() || !self.merged.deals.is_empty() {
            return Err(InputError::new("internal", "", "only builders of read records, not yet finished, merge"));
        }
        let map = Remap::of(&part.strings, &mut self.strings);
        let source = self.source.clone().unwrap_or_else(|| "the input".to_string());
        super::builder::merge_settings(&mut self.settings, &mut self.settings_from, std::mem::take(&mut part.settings), &source)
            .map_err(|(path, message)| InputError::new("conflicting_settings", path, message))?;
        if part.fx_given {
            self.set_fx(std::mem::take(&mut part.fx));
        }
        self.stages_declared |= part.stages_declared;
        for (id, label, order, probability, kind) in part.stages.drain(..) {
            let id = map.sym(id);
            if !self.stages.iter().any(|s| s.0 == id) {
                self.stages.push((id, map.sym(label), order, probability, kind));
            }
        }
        let (deals, history, attributes, leads) =
            (self.deals.len() as u32, self.history.len() as u32, self.attributes.len() as u32, self.leads.len() as u32);
        let (details, amounts) = (self.history_details.len(), self.history_amounts.len());
        let map = &map;
        // The records on one side, the history and attributes on the other: disjoint vectors,
        // about equal work at 1M deals (this half of the merge is copying and remapping rows).
        both(
            || {
                self.deals.extend(part.deals.drain(..).map(|mut d| {
                    map.deal(&mut d);
                    shift(&mut d.history, history);
                    shift(&mut d.attributes, attributes);
                    d
                }));
                self.leads.extend(part.leads.drain(..).map(|mut l| {
                    map.lead(&mut l);
                    shift(&mut l.attributes, attributes);
                    l
                }));
                self.activities.extend(part.activities.drain(..).map(|mut a| {
                    map.activity(&mut a);
                    a
                }));
                self.contacts.extend(part.contacts.drain(..).map(|mut c| {
                    map.contact(&mut c);
                    c
                }));
            },
            || {
                self.history.extend(part.history.drain(..).map(|mut h| {
                    map.history(&mut h);
                    h.shifted(details, amounts)
                }));
                self.history_details.extend(part.history_details.drain(..).map(|mut d| {
                    map.detail(&mut d);
                    d
                }));
                self.history_amounts.append(&mut part.history_amounts);
                self.attributes.extend(part.attributes.drain(..).map(|(k, v)| (map.sym(k), map.sym(v))));
            },
        );
        for (rows, into) in [(&mut part.quotas, &mut self.quotas), (&mut part.forecasts, &mut self.forecasts)] {
            for mut t in rows.drain(..) {
                map.period_amount(&mut t);
                into.push(t);
            }
        }
        self.target_currencies.0.extend(part.target_currencies.0.iter().map(|&s| map.sym(s)));
        self.target_currencies.1.extend(part.target_currencies.1.iter().map(|&s| map.sym(s)));
        self.warnings.absorb(std::mem::take(&mut part.warnings));
        self.epochs.absorb(std::mem::take(&mut part.epochs));
        self.updated.0.extend(part.updated.0.iter().map(|&(i, ms)| (i + deals, ms)));
        self.updated.1.extend(part.updated.1.iter().map(|&(i, ms)| (i + leads, ms)));
        self.stand_ins.extend(part.stand_ins.iter().map(|&s| map.sym(s)));
        Ok(())
    }
}
