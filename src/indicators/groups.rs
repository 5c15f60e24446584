//! Reading a group key off a record, and splitting records by it.
//!
//! A record is grouped by the key on the record the indicator is attributed to: the deal, the
//! lead, the activity (its owner; other keys through its deal, else its lead), the contact, or the
//! quota/forecast (owner, team). A missing key is the group `"(none)"`, and so is a value written
//! `"(none)"` (as CRM exports fill an empty picklist): two groups of one name would share a
//! report row, and a drill-down by that name could reach only one of them.

use super::columns::{DealColumns, Groups};
use super::{Scope, Collection};
use std::sync::Arc;
use crate::query::GroupKey;
use crate::store::{MemoKey, Store, Sym, NO_SYM};
use rustc_hash::FxHashMap as HashMap;

/// The group of record `index` of `table` under `key` ([`NO_SYM`] = `"(none)"`).
pub fn group_value(store: &Store, table: Collection, index: u32, key: GroupKey) -> Sym {
    group_of(store, raw_group_value(store, table, index, key))
}

/// The group of a key's value `sym` as read off a record: [`NO_SYM`] for a value written
/// `"(none)"`, else itself.
fn group_of(store: &Store, sym: Sym) -> Sym {
    if sym != NO_SYM && store.strings.resolve(sym) == store.strings.resolve(NO_SYM) {
        return NO_SYM;
    }
    sym
}

fn raw_group_value(store: &Store, table: Collection, index: u32, key: GroupKey) -> Sym {
    match table {
        Collection::Deals => deal_value(store, index, key),
        Collection::Leads => {
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
                GroupKey::Attribute(name) => store.crm_attribute(&l.attributes, name),
            }
        }
        Collection::Activities => {
            let a = store.activity(index);
            if key == GroupKey::Owner {
                return a.owner;
            }
            if let Some(&d) = store.deal_by_id.get(&a.deal) {
                return deal_value(store, d, key);
            }
            match store.lead_by_id.get(&a.lead) {
                Some(&l) => group_value(store, Collection::Leads, l, key),
                None => NO_SYM,
            }
        }
        Collection::Contacts => match key {
            GroupKey::Enriched => bool_sym(store, Some(store.contact(index).matched)),
            _ => NO_SYM,
        },
        Collection::Quotas | Collection::Forecasts => {
            let rows = if table == Collection::Quotas { &store.quotas } else { &store.forecasts };
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
        GroupKey::Attribute(name) => store.crm_attribute(&d.attributes, name),
    }
}

fn bool_sym(store: &Store, value: Option<bool>) -> Sym {
    let [no, yes] = store.bool_syms;
    value.map_or(NO_SYM, |b| if b { yes } else { no })
}

/// Splits `records` by group, groups sorted by name (`"(none)"` last), records kept in order.
pub fn partition(store: &Store, table: Collection, records: &[u32], key: GroupKey) -> Vec<(Sym, Vec<u32>)> {
    let mut groups = if table == Collection::Deals {
        partition_numbered(store, table, records, key)
    } else {
        let mut by_group: HashMap<Sym, Vec<u32>> = HashMap::default();
        for &r in records {
            by_group.entry(group_value(store, table, r, key)).or_default().push(r);
        }
        by_group.into_iter().collect()
    };
    sort_by_name(store, &mut groups);
    groups
}

/// Sorts groups by name, `"(none)"` last: the order of a report's group rows.
pub fn sort_by_name<V>(store: &Store, groups: &mut Vec<(Sym, V)>) {
    crate::sort::sort_by(groups, |a, b| (a.0 == NO_SYM).cmp(&(b.0 == NO_SYM)).then_with(|| store.strings.resolve(a.0).cmp(store.strings.resolve(b.0))));
}

/// The deals of each group of one key with a creation time, in creation order.
pub type CreatedByGroup = HashMap<Sym, Vec<u32>>;

/// The store's [`CreatedByGroup`] under a group key, kept in its memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct CreatedBy(GroupKey);
impl MemoKey for CreatedBy {
    type Value = CreatedByGroup;
}

/// The records' [`Groups`] of a table under a group key, kept in the store's memo.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Numbered(Collection, GroupKey);
impl MemoKey for Numbered {
    type Value = Groups;
}

/// The deals created in [`scope.from`, `scope.to`) of the scope's group (all deals when it has
/// none), in creation order. Each key's split of the deals by creation is built once per store.
pub fn created_in(store: &Store, scope: &Scope) -> Vec<u32> {
    let all = super::columns::by_created(store);
    let Some((key, value)) = scope.group else {
        let (start, end) = (all.partition_point(|c| c.0 < scope.from), all.partition_point(|c| c.0 < scope.to));
        return all.get(start..end).unwrap_or_default().iter().map(|c| c.1).collect();
    };
    let split = store.memo.get_or_init(CreatedBy(key), || {
        let mut split = CreatedByGroup::default();
        for &(_, i) in all.iter() {
            split.entry(group_value(store, Collection::Deals, i, key)).or_default().push(i);
        }
        split
    });
    let members = split.get(&value).map_or(&[][..], Vec::as_slice);
    let created = |i: &u32| store.deals.get(*i as usize).map_or(i64::MIN, |d| d.created);
    let (start, end) = (members.partition_point(|i| created(i) < scope.from), members.partition_point(|i| created(i) < scope.to));
    members.get(start..end).unwrap_or_default().to_vec()
}

/// The groups of `table`'s records under `key` ([`Groups`]), numbered once per store.
pub fn numbered(store: &Store, table: Collection, key: GroupKey) -> Arc<Groups> {
    let n = super::drill::table_len(store, table);
    store.memo.get_or_init(Numbered(table, key), || {
        // The deals' owners are a column ([`DealColumns`]), which the deal indicators read anyway.
        let raw: Box<dyn Fn(u32) -> Sym + '_> = match (table, key) {
            (Collection::Deals, GroupKey::Owner) => {
                let columns = DealColumns::of(store);
                Box::new(move |i| columns.owner(i))
            }
            _ => Box::new(move |i| raw_group_value(store, table, i, key)),
        };
        Groups::new(n, raw, |sym| group_of(store, sym))
    })
}

/// [`partition`] by the records' group numbers: counted, then placed.
fn partition_numbered(store: &Store, table: Collection, records: &[u32], key: GroupKey) -> Vec<(Sym, Vec<u32>)> {
    let groups = numbered(store, table, key);
    let mut counts = vec![0usize; groups.values.len()];
    for &r in records {
        if let Some(count) = groups.of(r).and_then(|g| counts.get_mut(g)) {
            *count += 1;
        }
    }
    let mut parts: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
    for &r in records {
        if let Some(part) = groups.of(r).and_then(|g| parts.get_mut(g)) {
            part.push(r);
        }
    }
    groups.values.iter().copied().zip(parts).filter(|(_, part)| !part.is_empty()).collect()
}
