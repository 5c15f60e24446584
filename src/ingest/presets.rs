//! Ready-made mappings for the exports and API responses users actually hold, chosen from the
//! header (CSV) or the top-level keys (JSON) so that nobody has to write a mapping for them.
//!
//! Column variants are listed per field, first present wins, matched case-insensitively: CRM
//! versions and report settings rename columns (`Opportunity Owner` / `Owner`, `Amount` /
//! `Amount (converted)`). A preset's columns are all optional; its signature columns (see
//! [`detect_csv`]) are what make the choice.

use super::csv::plan::{find, normalize};
use super::mapping::{Columns, HistoryColumns, Mapping, RecordKind, StageMap, StatusValues};

/// Preset names, for messages and the CLI.
pub const NAMES: &[&str] =
    &["maven", "salesforce", "hubspot", "pipedrive", "hubspot_api", "salesforce_api", "pipedrive_api", "canonical"];

type Fields<'a> = &'a [(&'a str, &'a [&'a str])];

fn build(name: &str, fields: Fields, attributes: Fields) -> Mapping {
    let mut m = Mapping { preset: Some(name.to_string()), kind: Some(RecordKind::Deals), ..Mapping::default() };
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

fn stages(list: &[(&str, &str)]) -> Vec<StageMap> {
    list.iter()
        .map(|(label, kind)| StageMap { label: label.to_string(), id: None, kind: Some(kind.to_string()), probability: None })
        .collect()
}

fn status(won: &[&str], lost: &[&str], open: &[&str], skip: &[&str]) -> Option<StatusValues> {
    let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    Some(StatusValues { won: v(won), lost: v(lost), open: v(open), skip: v(skip) })
}

/// A preset by name (case-insensitive; `-` and `_` alike).
pub fn by_name(name: &str) -> Option<Mapping> {
    let m = match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "maven" => maven(),
        "salesforce" => salesforce(),
        "hubspot" => hubspot(),
        "pipedrive" => pipedrive(),
        "hubspot_api" => hubspot_api(),
        "salesforce_api" => salesforce_api(),
        "pipedrive_api" => pipedrive_api(),
        "canonical" => canonical(RecordKind::Deals),
        "canonical_leads" => canonical(RecordKind::Leads),
        "canonical_activities" => canonical(RecordKind::Activities),
        "canonical_contacts" => canonical(RecordKind::Contacts),
        _ => return None,
    };
    Some(m)
}

/// The Maven Analytics CRM sample: `opportunity_id, sales_agent, product, account, deal_stage,
/// engage_date, close_date, close_value`, dates DD-MM-YYYY.
fn maven() -> Mapping {
    let mut m = build(
        "maven",
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
    m
}

/// Salesforce opportunity report export (dates in the exporting user's locale: settled by the
/// values, or an error asking for `dateFormat`).
fn salesforce() -> Mapping {
    let mut m = build(
        "salesforce",
        &[
            ("id", &["Opportunity ID", "Opportunity Id", "Opportunity ID (18)", "Id", "Record ID"]),
            ("name", &["Opportunity Name", "Name"]),
            ("accountId", &["Account Name", "Account ID", "Account"]),
            ("owner", &["Opportunity Owner", "Owner", "Owner Name", "Opportunity Owner: Full Name", "Owner Full Name"]),
            ("amount", &["Amount", "Amount (converted)", "Total Amount", "Expected Revenue"]),
            ("currency", &["Amount Currency", "Opportunity Currency", "Currency", "Amount (converted) Currency"]),
            ("stage", &["Stage", "Stage Name"]),
            ("closedAt", &["Close Date"]),
            ("expectedCloseAt", &["Close Date"]),
            ("createdAt", &["Created Date", "Create Date", "Created On"]),
            ("won", &["Won", "Is Won"]),
            ("closed", &["Closed", "Is Closed"]),
            ("source", &["Lead Source", "Opportunity Source", "Source"]),
            ("forecastCategory", &["Forecast Category"]),
            ("region", &["Region", "Billing Country", "Account: Billing Country"]),
        ],
        &[("type", &["Type", "Opportunity Type"])],
    );
    m.stages = stages(&[
        ("Prospecting", "open"),
        ("Qualification", "open"),
        ("Needs Analysis", "open"),
        ("Value Proposition", "open"),
        ("Id. Decision Makers", "open"),
        ("Perception Analysis", "open"),
        ("Proposal/Price Quote", "open"),
        ("Negotiation/Review", "open"),
        ("Closed Won", "won"),
        ("Closed Lost", "lost"),
    ]);
    m
}

fn hubspot_stages() -> Vec<StageMap> {
    stages(&[
        ("Appointment Scheduled", "open"),
        ("Qualified To Buy", "open"),
        ("Presentation Scheduled", "open"),
        ("Decision Maker Bought-In", "open"),
        ("Contract Sent", "open"),
        ("Closed Won", "won"),
        ("Closed Lost", "lost"),
    ])
}

/// HubSpot deals export, with `Date entered <stage> (<pipeline>)` columns as stage history.
fn hubspot() -> Mapping {
    let mut m = build(
        "hubspot",
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
        ],
        &[("pipeline", &["Pipeline"]), ("type", &["Deal Type"])],
    );
    m.stages = hubspot_stages();
    m.history = Some(HistoryColumns { prefix: "Date entered ".into() });
    m
}

/// Pipedrive deals export (`Deal - ...` columns; the prefix-less variants too).
fn pipedrive() -> Mapping {
    let mut m = build(
        "pipedrive",
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
        ],
        &[("pipeline", &["Deal - Pipeline", "Pipeline"])],
    );
    m.status_values = status(&["won"], &["lost"], &["open"], &["deleted"]);
    m
}

/// HubSpot CRM v3 objects: `{"results": [{"id", "properties": {...}}]}`; numbers as strings,
/// dates ISO or epoch ms, stage ids such as `closedwon`, `hs_date_entered_<stage>` as history.
fn hubspot_api() -> Mapping {
    let mut m = build(
        "hubspot_api",
        &[
            ("id", &["id", "properties.hs_object_id"]),
            ("name", &["properties.dealname"]),
            ("stage", &["properties.dealstage"]),
            ("amount", &["properties.amount"]),
            ("currency", &["properties.deal_currency_code"]),
            ("closedAt", &["properties.closedate"]),
            ("expectedCloseAt", &["properties.closedate"]),
            ("createdAt", &["properties.createdate", "createdAt"]),
            ("owner", &["properties.hubspot_owner_id"]),
            ("won", &["properties.hs_is_closed_won"]),
            ("closed", &["properties.hs_is_closed"]),
            ("forecastCategory", &["properties.hs_manual_forecast_category"]),
        ],
        &[("pipeline", &["properties.pipeline"])],
    );
    m.records_at = Some("results".into());
    m.stages = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent"]
        .iter()
        .map(|id| StageMap { label: id.to_string(), id: None, kind: Some("open".into()), probability: None })
        .chain(stages(&[("closedwon", "won"), ("closedlost", "lost")]))
        .collect();
    m.history = Some(HistoryColumns { prefix: "properties.hs_date_entered_".into() });
    m
}

/// Salesforce REST query results: `{"totalSize", "done", "records": [{"Id", "Amount", ...}]}`.
fn salesforce_api() -> Mapping {
    let mut m = build(
        "salesforce_api",
        &[
            ("id", &["Id"]),
            ("name", &["Name"]),
            ("amount", &["Amount"]),
            ("currency", &["CurrencyIsoCode"]),
            ("stage", &["StageName"]),
            ("closedAt", &["CloseDate"]),
            ("expectedCloseAt", &["CloseDate"]),
            ("createdAt", &["CreatedDate"]),
            ("won", &["IsWon"]),
            ("closed", &["IsClosed"]),
            ("owner", &["Owner.Name", "OwnerId"]),
            ("accountId", &["Account.Name", "AccountId"]),
            ("source", &["LeadSource"]),
            ("forecastCategory", &["ForecastCategoryName"]),
        ],
        &[("type", &["Type"])],
    );
    m.records_at = Some("records".into());
    m
}

/// Pipedrive v1 deals: `{"success": true, "data": [{"id", "title", "value", "currency", "status",
/// "add_time", "won_time", "lost_time", ...}]}`; times are UTC `YYYY-MM-DD HH:MM:SS`.
fn pipedrive_api() -> Mapping {
    let mut m = build(
        "pipedrive_api",
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
        ],
        &[("pipeline", &["pipeline_id"])],
    );
    m.records_at = Some("data".into());
    m.dates_utc = Some(true);
    m.status_values = status(&["won"], &["lost"], &["open"], &["deleted"]);
    m
}

/// Our own field names as columns (`createdAt` or `created_at`), for any record kind.
fn canonical(kind: RecordKind) -> Mapping {
    let mut m = Mapping { preset: Some("canonical".into()), kind: Some(kind), ..Mapping::default() };
    for field in kind.fields() {
        let snake: String = field.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] }).collect();
        m.fields.insert(field.to_string(), Columns(vec![field.to_string(), snake]));
        m.optional.insert(field.to_string());
    }
    m
}

/// The preset a CSV header looks like, if any.
pub fn detect_csv(header: &[String]) -> Option<Mapping> {
    let has = |names: &[&str]| find(header, &names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).is_some();
    if has(&["opportunity_id"]) && has(&["deal_stage"]) && has(&["engage_date"]) {
        return Some(maven());
    }
    let pipedrive_prefix = header.iter().filter(|h| normalize(h).starts_with("deal - ")).count() >= 2;
    if pipedrive_prefix && has(&["Deal - Title", "Deal - Value", "Deal - ID"]) {
        return Some(pipedrive());
    }
    if has(&["Deal Stage"]) && has(&["Record ID", "Deal ID", "Deal Name"]) {
        return Some(hubspot());
    }
    if has(&["Opportunity Name", "Opportunity ID", "Opportunity Id"]) || (has(&["Stage"]) && has(&["Opportunity Owner"])) {
        return Some(salesforce());
    }
    detect_canonical(header)
}

/// A header of our own field names: the kind is told by its distinctive columns.
fn detect_canonical(header: &[String]) -> Option<Mapping> {
    let has = |name: &str| header.iter().any(|h| normalize(h) == name.to_lowercase() || normalize(h) == name.replace("At", "_at").to_lowercase());
    if !has("id") {
        return None;
    }
    let kind = if has("at") && (has("type") || has("direction")) {
        RecordKind::Activities
    } else if has("email") || has("phone") {
        RecordKind::Contacts
    } else if has("qualifiedAt") || has("convertedAt") {
        RecordKind::Leads
    } else if has("stage") || has("status") || has("amount") || has("closedAt") {
        RecordKind::Deals
    } else {
        return None;
    };
    Some(canonical(kind))
}

/// The API preset a JSON document's top-level keys point to; `None` for the canonical schema.
pub fn detect_json(keys: &[String]) -> Option<Mapping> {
    let has = |k: &str| keys.iter().any(|x| x == k);
    if has("results") {
        Some(hubspot_api())
    } else if has("records") {
        Some(salesforce_api())
    } else if has("data") && !has("deals") {
        Some(pipedrive_api())
    } else {
        None
    }
}
