//! Our own field names as columns, and the Maven Analytics sample export.

use super::{build, preset, stages, Preset};
use crate::ingest::mapping::{Columns, Mapping, RecordKind};

/// The Maven Analytics CRM sample: `opportunity_id, sales_agent, product, account, deal_stage,
/// engage_date, close_date, close_value`, dates DD-MM-YYYY.
pub fn maven() -> Preset {
    let mut m = build(
        "maven",
        RecordKind::Deals,
        &[
            ("id", &["opportunity_id"]),
            ("owner", &["sales_agent"]),
            ("product", &["product"]),
            ("accountId", &["account"]),
            ("stage", &["deal_stage"]),
            ("createdAt", &["engage_date"]),
            ("closedAt", &["close_date"]),
            ("amount", &["close_value"]),
        ],
        &[],
    );
    m.date_format = Columns(vec!["DD-MM-YYYY".into()]);
    m.stages = stages(&[("Prospecting", "open"), ("Engaging", "open"), ("Won", "won"), ("Lost", "lost")]);
    Preset { requires: &["stage"], marks: &["deal_stage", "engage_date", "sales_agent", "close_value"], ..preset(m) }
}

/// Our own field names (`createdAt` or `created_at`) for each record kind: `canonical` for
/// deals, `canonical_leads`, `canonical_activities`, `canonical_contacts`.
pub fn all() -> Vec<Preset> {
    [RecordKind::Deals, RecordKind::Leads, RecordKind::Activities, RecordKind::Contacts].into_iter().map(canonical).collect()
}

fn canonical(kind: RecordKind) -> Preset {
    let name = if kind == RecordKind::Deals { "canonical".to_string() } else { format!("canonical_{}", kind.name()) };
    let mut m = Mapping { preset: Some(name), kind: Some(kind), ..Mapping::default() };
    for field in kind.fields().iter().filter(|f| !RecordKind::STEERING.contains(f)) {
        // One variant: matching ignores case and underscores, so `created_at` finds `createdAt`.
        m.fields.insert(field.to_string(), Columns(vec![field.to_string()]));
        m.optional.insert(field.to_string());
    }
    // A canonical file names its id exactly so; any other kind of file may have an `Id` too.
    preset(m)
}
