//! Odoo CRM: exports of `crm.lead` (opportunities), with the export dialog's labels or the
//! import-compatible technical names. Odoo has no won/lost status column: a won opportunity has
//! probability 100, a lost one is archived (`Active` false); `Type` tells leads from
//! opportunities.

use super::{build, preset, Preset};
use crate::ingest::mapping::RecordKind;

pub fn crm_lead() -> Preset {
    let m = build(
        "odoo",
        RecordKind::Deals,
        &[
            ("id", &["ID", "id", "External ID"]),
            ("name", &["Opportunity", "name"]),
            ("stage", &["Stage", "stage_id"]),
            ("amount", &["Expected Revenue", "expected_revenue", "planned_revenue"]),
            ("currency", &["Currency", "company_currency"]),
            ("probability", &["Probability", "probability"]),
            ("active", &["Active", "active"]),
            ("closedAt", &["Closed Date", "date_closed"]),
            ("expectedCloseAt", &["Expected Closing", "date_deadline"]),
            ("createdAt", &["Created on", "create_date"]),
            ("owner", &["Salesperson", "user_id"]),
            ("team", &["Sales Team", "team_id"]),
            ("accountId", &["Customer", "partner_id"]),
            ("source", &["Source", "source_id"]),
            ("recordType", &["Type", "type"]),
            // Also kept as `attributes.lostReason` (as before the field existed), for groupings.
            ("lostReason", &["Lost Reason", "lost_reason_id"]),
        ],
        &[("lostReason", &["Lost Reason", "lost_reason_id"]), ("tags", &["Tags", "tag_ids"])],
    );
    Preset { requires: &["probability"], marks: &["Salesperson", "Expected Revenue", "Created on", "Expected Closing", "Sales Team", "expected_revenue", "date_deadline"], ..preset(m) }
}
