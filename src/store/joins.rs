//! Records that arrive in files of their own and belong to other records: a deal's history
//! (Salesforce `OpportunityHistory`, a warehouse's history mode), the names behind owner ids
//! (`User`), an account's region and industry. Files may come in any order, so the builder keeps
//! them aside and joins them in [`StoreBuilder::join_sources`], before anything is resolved.

use super::{HistoryRow, StoreBuilder, Sym, NO_SYM};
use crate::model::{HistoryEntry, Text};
use rustc_hash::FxHashMap as HashMap;

/// An account waiting to be joined: id, region, attributes.
type Account = (Sym, Sym, Vec<(Sym, Sym)>);

/// What waits to be joined.
#[derive(Default)]
pub struct Pending {
    /// (deal id, entry).
    history: Vec<(Sym, HistoryRow)>,
    /// (user id, name).
    names: Vec<(Sym, Sym)>,
    /// (account id, region, attributes).
    accounts: Vec<Account>,
}

impl Pending {
    /// True when no file of its own is waiting to be joined.
    pub(super) fn is_empty(&self) -> bool {
        self.history.is_empty() && self.names.is_empty() && self.accounts.is_empty()
    }
}

impl StoreBuilder {
    /// Reads one history entry of deal `deal_id`, from a file of its own.
    pub fn add_history_entry(&mut self, deal_id: &str, entry: &HistoryEntry<'_>) {
        let deal = self.strings.intern(deal_id.trim());
        let record = || format!("history of {deal_id}");
        let row = self.history_row(entry, &record);
        self.pending.history.push((deal, row));
    }

    /// Reads one user: wherever `id` is an owner, `name` is shown instead.
    pub fn add_user(&mut self, id: &str, name: &str) {
        let pair = (self.strings.intern(id.trim()), self.strings.intern(name.trim()));
        self.pending.names.push(pair);
    }

    /// Reads one account: its deals without a region take `region`, and gain `attributes`.
    pub fn add_account(&mut self, id: &str, region: Option<&str>, attributes: &[(&str, Text<'_>)]) {
        let id = self.strings.intern(id.trim());
        let region = region.map_or(NO_SYM, |r| self.strings.intern(r.trim()));
        let attributes = attributes.iter().map(|(name, value)| (self.strings.intern(name), self.strings.intern(value.as_str().trim()))).collect();
        self.pending.accounts.push((id, region, attributes));
    }

    /// Joins what [`Pending`] holds to the deals read.
    pub(super) fn join_sources(&mut self) {
        self.join_history();
        self.join_accounts();
        self.join_names();
    }

    fn join_history(&mut self) {
        if self.pending.history.is_empty() {
            return;
        }
        let mut by_deal: HashMap<Sym, Vec<HistoryRow>> = HashMap::default();
        for (deal, row) in std::mem::take(&mut self.pending.history) {
            by_deal.entry(deal).or_default().push(row);
        }
        let old = std::mem::take(&mut self.history);
        let mut history = Vec::with_capacity(old.len() + by_deal.values().map(Vec::len).sum::<usize>());
        for deal in &mut self.deals {
            let start = history.len();
            history.extend_from_slice(old.get(deal.history.start as usize..deal.history.end as usize).unwrap_or_default());
            if let Some(rows) = by_deal.remove(&deal.id) {
                history.extend(rows);
                // History files are in no particular order (Salesforce's is not): time order is
                // theirs by nature, so no `history_unordered` warning. Stable: same-instant
                // entries keep file order.
                HistoryRow::sort_by_time(history.get_mut(start..).unwrap_or_default());
            }
            deal.history = start as u32..history.len() as u32;
        }
        self.history = history;
        let mut orphans: Vec<(Sym, usize)> = by_deal.into_iter().map(|(deal, rows)| (deal, rows.len())).collect();
        // By the deal's id: ids are distinct (one per symbol), so the shared stable sort gives
        // the order an unstable one would, without an instantiation of its own (~8 KB of Wasm).
        let strings = &self.strings;
        crate::sort::sort_by(&mut orphans, |(a, _), (b, _)| strings.get(*a).unwrap_or_default().cmp(strings.get(*b).unwrap_or_default()));
        for (deal, rows) in orphans {
            let message = "history rows whose deal is not among the deals read are left out";
            for _ in 0..rows {
                self.warnings.add("history_without_deal", message, self.strings.get(deal).unwrap_or_default());
            }
        }
    }

    fn join_accounts(&mut self) {
        if self.pending.accounts.is_empty() {
            return;
        }
        let accounts: HashMap<Sym, (Sym, Vec<(Sym, Sym)>)> =
            std::mem::take(&mut self.pending.accounts).into_iter().map(|(id, region, attrs)| (id, (region, attrs))).collect();
        for deal in &mut self.deals {
            let Some((region, extra)) = accounts.get(&deal.account) else { continue };
            if deal.region == NO_SYM {
                deal.region = *region;
            }
            // The deal's rows move to the end with the account's after them (the deal's own
            // attribute of a name wins); leads keep their ranges, the old rows are left unused.
            let own: Vec<(Sym, Sym)> = self.attributes.get(deal.attributes.start as usize..deal.attributes.end as usize).unwrap_or_default().to_vec();
            let start = self.attributes.len() as u32;
            self.attributes.extend(own.iter().copied());
            self.attributes.extend(extra.iter().filter(|(name, _)| !own.iter().any(|(n, _)| n == name)).copied());
            deal.attributes = start..self.attributes.len() as u32;
        }
    }

    fn join_names(&mut self) {
        if self.pending.names.is_empty() {
            return;
        }
        let names: HashMap<Sym, Sym> = std::mem::take(&mut self.pending.names).into_iter().collect();
        let rename = |owner: &mut Sym| {
            if let Some(name) = names.get(owner) {
                *owner = *name;
            }
        };
        self.deals.iter_mut().for_each(|d| rename(&mut d.owner));
        self.history_details.iter_mut().for_each(|h| rename(&mut h.owner));
        self.leads.iter_mut().for_each(|l| rename(&mut l.owner));
        self.activities.iter_mut().for_each(|a| rename(&mut a.owner));
    }
}
