//! Ready-made mappings for the exports and API responses users actually hold, so that nobody
//! has to write a mapping for them. Which one reads a file is decided by evidence
//! ([`crate::ingest::detect`]): every preset scores the header by the columns it knows.
//!
//! Column variants are listed per field, first present wins, matched without regard to case,
//! spaces or underscores (`StageName`, `Stage Name` and a warehouse's `stage_name` are one
//! column): CRM versions, report settings and ELT tools rename columns. A preset's columns are all
//! optional; `requires`, `excludes` and `marks` say which files it is for.

mod canonical;
mod dynamics;
mod hubspot;
mod odoo;
mod pipedrive;
mod salesforce;
mod zoho;

use super::mapping::{Columns, Mapping, RecordKind, StageMap, StatusValues};

/// A preset: a mapping and what tells its files apart from others'.
#[derive(Debug, Clone)]
pub struct Preset {
    /// The mapping, with `preset` set to the preset's name.
    pub mapping: Mapping,
    /// Fields that must find a column for the preset to be considered at all (a history file
    /// without the deal id column is not a history file).
    pub requires: &'static [&'static str],
    /// Columns whose presence rules the preset out: they belong to another kind of file
    /// (`OpportunityId` makes a file history or line items, never opportunities).
    pub excludes: &'static [&'static str],
    /// Columns that only this CRM's files write, read or not: each one found is evidence.
    pub marks: &'static [&'static str],
}

type Fields<'a> = &'a [(&'a str, &'a [&'a str])];

/// A preset's mapping: every field and attribute optional.
fn build(name: &str, kind: RecordKind, fields: Fields, attributes: Fields) -> Mapping {
    let mut m = Mapping { preset: Some(name.to_string()), kind: Some(kind), ..Mapping::default() };
    for (field, columns) in fields {
        m.fields.insert(field.to_string(), Columns(columns.iter().map(|c| c.to_string()).collect()));
        m.optional.insert(field.to_string());
    }
    for (attr, columns) in attributes {
        m.attributes.insert(attr.to_string(), Columns(columns.iter().map(|c| c.to_string()).collect()));
        m.optional.insert(format!("attributes.{attr}"));
    }
    m
}

fn preset(mapping: Mapping) -> Preset {
    Preset { mapping, requires: &[], excludes: &[], marks: &[] }
}

fn stages(list: &[(&str, &str)]) -> Vec<StageMap> {
    list.iter()
        .map(|(label, kind)| StageMap { label: label.to_string(), id: None, kind: Some(kind.to_string()), probability: None })
        .collect()
}

fn status(won: &[&str], lost: &[&str], open: &[&str], skip: &[&str]) -> Option<StatusValues> {
    let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    Some(StatusValues { won: v(won), lost: v(lost), open: v(open), skip: v(skip) })
}

/// Every preset, in the order a tie is reported.
pub fn all() -> Vec<Preset> {
    let mut out = vec![canonical::maven()];
    out.extend(salesforce::all());
    out.extend(hubspot::all());
    out.extend(pipedrive::all());
    out.push(odoo::crm_lead());
    out.push(zoho::deals());
    out.push(dynamics::opportunities());
    out.extend(canonical::all());
    out
}

/// Preset names, for messages and the CLI.
pub fn names() -> Vec<String> {
    all().into_iter().filter_map(|p| p.mapping.preset).collect()
}

/// The fields a preset needs found (see [`Preset::requires`]).
pub fn requires(name: &str) -> &'static [&'static str] {
    all().into_iter().find(|p| p.mapping.preset.as_deref() == Some(name)).map_or(&[], |p| p.requires)
}

/// A preset's mapping by name (case-insensitive; `-` and `_` alike).
pub fn by_name(name: &str) -> Option<Mapping> {
    let key = name.trim().to_ascii_lowercase().replace('-', "_");
    all().into_iter().find(|p| p.mapping.preset.as_deref() == Some(key.as_str())).map(|p| p.mapping)
}
