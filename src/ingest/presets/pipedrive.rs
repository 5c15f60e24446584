//! Pipedrive: deals exports (`Deal - ...` columns, or the prefix-less variants) and the v1 API
//! (`{"success": true, "data": [...]}`, times UTC `YYYY-MM-DD HH:MM:SS`).

use super::{build, preset, status, Preset};
use crate::ingest::mapping::RecordKind;

pub fn all() -> Vec<Preset> {
    vec![export(), api()]
}

fn export() -> Preset {
    let mut m = build(
        "pipedrive",
        RecordKind::Deals,
        &[
            ("id", &["Deal - ID", "ID"]),
            ("name", &["Deal - Title", "Title"]),
            ("amount", &["Deal - Value", "Value"]),
            ("currency", &["Deal - Currency", "Deal - Currency of Value", "Currency"]),
            ("status", &["Deal - Status", "Status"]),
            ("stage", &["Deal - Stage", "Stage"]),
            ("owner", &["Deal - Owner", "Deal - Owner name", "Owner"]),
            ("createdAt", &["Deal - Deal created", "Deal - Deal created on", "Deal - Add time", "Deal - Created", "Deal created"]),
            ("wonAt", &["Deal - Won time", "Won time"]),
            ("lostAt", &["Deal - Lost time", "Lost time"]),
            ("closedAt", &["Deal - Deal closed on", "Deal - Close time"]),
            ("expectedCloseAt", &["Deal - Expected close date", "Expected close date"]),
            ("accountId", &["Deal - Organization", "Deal - Organization name", "Organization"]),
            ("contactId", &["Deal - Contact person", "Deal - Person", "Contact person"]),
            ("source", &["Deal - Source", "Deal - Source origin", "Deal - Lead source"]),
            ("lostReason", &["Deal - Lost reason", "Lost reason"]),
        ],
        &[("pipeline", &["Deal - Pipeline", "Pipeline"])],
    );
    m.status_values = status(&["won"], &["lost"], &["open"], &["deleted"]);
    Preset {
        marks: &["Deal - Title", "Deal - Value", "Deal - ID", "Deal - Won time", "Deal - Lost time", "Deal - Lost reason", "Won time", "Lost time"],
        ..preset(m)
    }
}

fn api() -> Preset {
    let mut m = build(
        "pipedrive_api",
        RecordKind::Deals,
        &[
            ("id", &["id"]),
            ("name", &["title"]),
            ("amount", &["value"]),
            ("currency", &["currency"]),
            ("status", &["status"]),
            ("stage", &["stage_id"]),
            ("owner", &["owner_name", "user_id.name", "user_id"]),
            ("createdAt", &["add_time"]),
            ("wonAt", &["won_time"]),
            ("lostAt", &["lost_time"]),
            ("closedAt", &["close_time"]),
            ("expectedCloseAt", &["expected_close_date"]),
            ("accountId", &["org_name", "org_id.name", "org_id"]),
            ("contactId", &["person_name", "person_id.name", "person_id"]),
            ("lostReason", &["lost_reason"]),
        ],
        &[("pipeline", &["pipeline_id"])],
    );
    m.records_at = Some("data".into());
    m.dates_utc = Some(true);
    m.status_values = status(&["won"], &["lost"], &["open"], &["deleted"]);
    Preset { requires: &["status"], marks: &["add_time", "won_time", "lost_time", "stage_change_time", "pipeline_id", "lost_reason"], ..preset(m) }
}
