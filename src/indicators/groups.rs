//! Reading a group key off a record, and splitting records by it.
//!
//! A record is grouped by the key on the record the indicator is attributed to: the deal, the
//! lead, the activity (its owner; other keys through its deal, else its lead), the contact, or the
//! quota/forecast (owner, team). A missing key is the group `"(none)"`, and so is a value written
//! `"(none)"` (as CRM exports fill an empty picklist): two groups of one name would share a
//! report row, and a drill-down by that name could reach only one of them.

use super::Table;
use crate::query::GroupKey;
use crate::store::{Store, Sym, NO_SYM};
use rustc_hash::FxHashMap as HashMap;

/// The group of record `index` of `table` under `key` ([`NO_SYM`] = `"(none)"`).
pub fn group_value(store: &Store, table: Table, index: u32, key: GroupKey) -> Sym {
    let sym = raw_group_value(store, table, index, key);
    if sym != NO_SYM && store.strings.resolve(sym) == store.strings.resolve(NO_SYM) {
        return NO_SYM;
    }
    sym
}

fn raw_group_value(store: &Store, table: Table, index: u32, key: GroupKey) -> Sym {
    match table {
        Table::Deals => deal_value(store, index, key),
        Table::Leads => {
            let l = store.lead(index);
            match key {
                GroupKey::Owner => l.owner,
                GroupKey::Team => l.team,
                GroupKey::Segment => l.segment,
                GroupKey::Persona => l.persona,
                GroupKey::Source => l.source,
                GroupKey::Region => l.region,
                GroupKey::Product => NO_SYM,
                GroupKey::Enriched => bool_sym(store, l.enriched),
                GroupKey::Attribute(name) => store.attribute(&l.attributes, name),
            }
        }
        Table::Activities => {
            let a = store.activity(index);
            if key == GroupKey::Owner {
                return a.owner;
            }
            if let Some(&d) = store.deal_by_id.get(&a.deal) {
                return deal_value(store, d, key);
            }
            match store.lead_by_id.get(&a.lead) {
                Some(&l) => group_value(store, Table::Leads, l, key),
                None => NO_SYM,
            }
        }
        Table::Contacts => match key {
            GroupKey::Enriched => bool_sym(store, Some(store.contact(index).matched)),
            _ => NO_SYM,
        },
        Table::Quotas | Table::Forecasts => {
            let rows = if table == Table::Quotas { &store.quotas } else { &store.forecasts };
            match (rows.get(index as usize), key) {
                (Some(t), GroupKey::Owner) => t.owner,
                (Some(t), GroupKey::Team) => t.team,
                _ => NO_SYM,
            }
        }
    }
}

fn deal_value(store: &Store, i: u32, key: GroupKey) -> Sym {
    let d = store.deal(i);
    match key {
        GroupKey::Owner => d.owner,
        GroupKey::Team => d.team,
        GroupKey::Segment => d.segment,
        GroupKey::Persona => d.persona,
        GroupKey::Source => d.source,
        GroupKey::Region => d.region,
        GroupKey::Product => d.product,
        GroupKey::Enriched => bool_sym(store, d.enriched),
        GroupKey::Attribute(name) => store.attribute(&d.attributes, name),
    }
}

fn bool_sym(store: &Store, value: Option<bool>) -> Sym {
    let [no, yes] = store.bool_syms;
    value.map_or(NO_SYM, |b| if b { yes } else { no })
}

/// Splits `records` by group, groups sorted by name (`"(none)"` last), records kept in order.
pub fn partition(store: &Store, table: Table, records: &[u32], key: GroupKey) -> Vec<(Sym, Vec<u32>)> {
    let mut by_group: HashMap<Sym, Vec<u32>> = HashMap::default();
    for &r in records {
        by_group.entry(group_value(store, table, r, key)).or_default().push(r);
    }
    let mut groups: Vec<(Sym, Vec<u32>)> = by_group.into_iter().collect();
    crate::sort::sort_by(&mut groups, |a, b| (a.0 == NO_SYM).cmp(&(b.0 == NO_SYM)).then_with(|| store.strings.resolve(a.0).cmp(store.strings.resolve(b.0))));
    groups
}
