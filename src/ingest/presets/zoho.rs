//! Zoho CRM: the Deals module exported from Setup > Data Administration > Export, or a list view
//! (`Record Id`, `Deal Owner`, `Deal Name`, `Stage`, `Closing Date`, `Created Time`).

use super::{build, preset, stages, Preset};
use crate::ingest::mapping::RecordKind;

pub fn deals() -> Preset {
    let mut m = build(
        "zoho",
        RecordKind::Deals,
        &[
            ("id", &["Record Id", "Deal Id", "Id"]),
            ("name", &["Deal Name"]),
            ("owner", &["Deal Owner", "Deal Owner Name"]),
            ("amount", &["Amount"]),
            ("currency", &["Currency"]),
            ("stage", &["Stage"]),
            ("closedAt", &["Closing Date"]),
            ("expectedCloseAt", &["Closing Date"]),
            ("createdAt", &["Created Time"]),
            ("updatedAt", &["Modified Time"]),
            ("source", &["Lead Source"]),
            ("accountId", &["Account Name", "Account Name.id"]),
            ("contactId", &["Contact Name", "Contact Name.id"]),
        ],
        &[("type", &["Type"]), ("pipeline", &["Pipeline"])],
    );
    // The standard pipeline's stages (Setup > Customization > Pipelines).
    m.stages = stages(&[
        ("Qualification", "open"),
        ("Needs Analysis", "open"),
        ("Value Proposition", "open"),
        ("Identify Decision Makers", "open"),
        ("Proposal/Price Quote", "open"),
        ("Negotiation/Review", "open"),
        ("Closed Won", "won"),
        ("Closed Lost", "lost"),
        ("Closed-Lost to Competition", "lost"),
    ]);
    Preset { requires: &["stage"], marks: &["Closing Date", "Created Time", "Modified Time", "Deal Owner", "Expected Revenue", "Probability (%)"], ..preset(m) }
}
