//! HubSpot: deal exports from the app (labels or internal stage ids, `Date entered <stage>`
//! columns as history), CRM v3 API responses (`{"results": [{"id", "properties": {...}}]}`), and
//! the deal tables ELT tools sync (Fivetran's `property_dealname`, Airbyte's
//! `properties_dealname`, both with `is_deleted` / `_fivetran_deleted`).

use super::{build, preset, stages, Preset};
use crate::ingest::mapping::{HistoryColumns, RecordKind, StageMap};

pub fn all() -> Vec<Preset> {
    vec![export(), api()]
}

/// The default pipeline's stages, by label and by internal id: exports write either.
fn default_stages() -> Vec<StageMap> {
    let labels = stages(&[
        ("Appointment Scheduled", "open"),
        ("Qualified To Buy", "open"),
        ("Presentation Scheduled", "open"),
        ("Decision Maker Bought-In", "open"),
        ("Contract Sent", "open"),
        ("Closed Won", "won"),
        ("Closed Lost", "lost"),
    ]);
    let ids = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent"]
        .iter()
        .map(|id| StageMap { label: id.to_string(), id: None, kind: Some("open".into()), probability: None })
        .chain(stages(&[("closedwon", "won"), ("closedlost", "lost")]));
    labels.into_iter().chain(ids).collect()
}

/// Deals export from the app, with `Date entered <stage> (<pipeline>)` columns as stage history.
fn export() -> Preset {
    let mut m = build(
        "hubspot",
        RecordKind::Deals,
        &[
            ("id", &["Record ID", "Deal ID", "Deal Id", "Record ID - Deal"]),
            ("name", &["Deal Name"]),
            ("stage", &["Deal Stage", "Stage"]),
            ("amount", &["Amount", "Amount in company currency", "Amount in home currency"]),
            ("currency", &["Currency", "Deal currency code", "Deal Currency Code"]),
            ("closedAt", &["Close Date"]),
            ("expectedCloseAt", &["Close Date"]),
            ("createdAt", &["Create Date", "Created Date", "Create date"]),
            ("owner", &["Deal owner", "Deal Owner", "HubSpot Owner", "Owner"]),
            ("team", &["HubSpot Team", "Team"]),
            ("source", &["Original Source Type", "Original Source", "Original Traffic Source", "Source"]),
            ("forecastCategory", &["Forecast category", "Forecast Category"]),
            ("won", &["Is Closed Won", "Is closed won"]),
            ("closed", &["Is Deal Closed?", "Is closed"]),
            ("lostReason", &["Closed Lost Reason", "closed_lost_reason"]),
        ],
        &[("pipeline", &["Pipeline"]), ("type", &["Deal Type"])],
    );
    m.stages = default_stages();
    m.history = Some(HistoryColumns { prefix: "Date entered ".into() });
    Preset { requires: &["stage"], excludes: &["Opportunity Name", "StageName"], marks: &["Deal Name", "Deal Stage", "Record ID", "Pipeline", "Deal owner"], ..preset(m) }
}

/// CRM v3 objects (numbers as strings, dates ISO or epoch ms, stage ids such as `closedwon`,
/// `hs_date_entered_<stage>` as history), and the warehouse tables synced from them.
fn api() -> Preset {
    let mut m = build(
        "hubspot_api",
        RecordKind::Deals,
        &[
            ("id", &["id", "properties.hs_object_id", "deal_id"]),
            ("name", &["properties.dealname", "property_dealname"]),
            ("stage", &["properties.dealstage", "property_dealstage", "deal_pipeline_stage_id"]),
            ("amount", &["properties.amount", "property_amount"]),
            ("currency", &["properties.deal_currency_code", "property_deal_currency_code"]),
            ("closedAt", &["properties.closedate", "property_closedate"]),
            ("expectedCloseAt", &["properties.closedate", "property_closedate"]),
            ("createdAt", &["properties.createdate", "property_createdate", "createdAt"]),
            ("updatedAt", &["properties.hs_lastmodifieddate", "property_hs_lastmodifieddate", "updatedAt"]),
            ("owner", &["properties.hubspot_owner_id", "property_hubspot_owner_id", "owner_id"]),
            ("won", &["properties.hs_is_closed_won", "property_hs_is_closed_won"]),
            ("closed", &["properties.hs_is_closed", "property_hs_is_closed"]),
            ("forecastCategory", &["properties.hs_manual_forecast_category", "property_hs_manual_forecast_category"]),
            ("lostReason", &["properties.closed_lost_reason", "property_closed_lost_reason", "closed_lost_reason"]),
            ("deleted", &["archived", "is_deleted", "_fivetran_deleted"]),
        ],
        &[("pipeline", &["properties.pipeline", "property_pipeline", "deal_pipeline_id"])],
    );
    m.records_at = Some("results".into());
    m.stages = default_stages();
    m.history = Some(HistoryColumns { prefix: "properties.hs_date_entered_".into() });
    Preset { requires: &["stage"], marks: &["properties.hs_object_id", "updatedAt", "portal_id", "_fivetran_synced"], ..preset(m) }
}
