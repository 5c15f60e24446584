//! Built-in mappings for the exports and API answers of common CRMs, chosen automatically from a
//! CSV header (or from the top-level keys of an API answer) and overridable by name or by a
//! mapping that extends them (`{"preset": "salesforce", "dateFormat": "DD/MM/YYYY"}`).
//!
//! Each preset is written as the mapping JSON a user would write, so it doubles as an example.
//! Presets allow missing columns: they read what the export has.

use super::mapping::Mapping;
use super::values::normalize;
use crate::error::InputError;

const SALESFORCE_STAGES: &str = r#"{
  "Prospecting": {"id": "prospecting", "kind": "open", "order": 1},
  "Qualification": {"id": "qualification", "kind": "open", "order": 2},
  "Needs Analysis": {"id": "needs_analysis", "kind": "open", "order": 3},
  "Value Proposition": {"id": "value_proposition", "kind": "open", "order": 4},
  "Id. Decision Makers": {"id": "id_decision_makers", "kind": "open", "order": 5},
  "Perception Analysis": {"id": "perception_analysis", "kind": "open", "order": 6},
  "Proposal/Price Quote": {"id": "proposal_price_quote", "kind": "open", "order": 7},
  "Negotiation/Review": {"id": "negotiation_review", "kind": "open", "order": 8},
  "Closed Won": {"id": "closed_won", "kind": "won"},
  "Closed Lost": {"id": "closed_lost", "kind": "lost"}}"#;

/// HubSpot's default sales pipeline: export labels normalize to the API's internal ids.
const HUBSPOT_STAGES: &str = r#"{
  "Appointment Scheduled": {"id": "appointmentscheduled", "kind": "open", "order": 1},
  "Qualified To Buy": {"id": "qualifiedtobuy", "kind": "open", "order": 2},
  "Presentation Scheduled": {"id": "presentationscheduled", "kind": "open", "order": 3},
  "Decision Maker Bought-In": {"id": "decisionmakerboughtin", "kind": "open", "order": 4},
  "Contract Sent": {"id": "contractsent", "kind": "open", "order": 5},
  "Closed Won": {"id": "closedwon", "kind": "won"},
  "Closed Lost": {"id": "closedlost", "kind": "lost"}}"#;

/// The Maven Analytics "CRM Sales Opportunities" sample.
const MAVEN: &str = r#"{"kind": "deals", "dateFormat": "DD-MM-YYYY",
  "fields": {"id": "opportunity_id", "owner": "sales_agent", "product": "product", "accountId": "account",
             "stage": "deal_stage", "createdAt": "engage_date", "closedAt": "close_date", "amount": "close_value"},
  "stages": {"Prospecting": {"id": "prospecting", "kind": "open", "order": 1},
             "Engaging": {"id": "engaging", "kind": "open", "order": 2},
             "Won": {"id": "won", "kind": "won"}, "Lost": {"id": "lost", "kind": "lost"}}}"#;

/// A Salesforce opportunity report exported as CSV. Close Date is the expected close while open.
const SALESFORCE: &str = r#"{"kind": "deals", "allowMissingColumns": true,
  "fields": {"id": ["Opportunity ID", "Opportunity ID (18)", "Id"], "name": ["Opportunity Name", "Name"],
             "accountId": ["Account Name", "Account ID"],
             "owner": ["Opportunity Owner", "Owner", "Owner Name", "Owner Full Name", "Owner Alias"],
             "amount": ["Amount", "Amount (converted)"], "currency": ["Amount Currency", "Opportunity Currency", "Currency"],
             "stage": ["Stage", "Stage Name"], "closedAt": "Close Date", "expectedCloseAt": "Close Date",
             "createdAt": ["Created Date", "Create Date", "Created"], "won": "Won", "closed": "Closed",
             "source": ["Lead Source", "Source"], "forecastCategory": ["Forecast Category"]},
  "attributes": {"type": "Type"}, "stages": STAGES}"#;

/// A HubSpot deals export; "Date entered <stage> (<pipeline>)" columns become stage history.
const HUBSPOT: &str = r#"{"kind": "deals", "allowMissingColumns": true,
  "fields": {"id": ["Record ID", "Deal ID"], "name": "Deal Name", "stage": "Deal Stage", "amount": "Amount",
             "currency": ["Currency", "Deal Currency Code"], "closedAt": "Close Date", "expectedCloseAt": "Close Date",
             "createdAt": ["Create Date", "Created Date"], "owner": ["Deal owner", "HubSpot Owner", "Owner"],
             "source": ["Original Source Type", "Original Source", "Source"], "forecastCategory": "Forecast category"},
  "attributes": {"pipeline": "Pipeline", "dealType": "Deal Type"},
  "stageDates": {"prefix": "Date entered "}, "stages": STAGES}"#;

/// A Pipedrive deals export (columns prefixed `Deal - `, or not in list-view exports).
const PIPEDRIVE: &str = r#"{"kind": "deals", "allowMissingColumns": true,
  "fields": {"id": ["Deal - ID", "ID"], "name": ["Deal - Title", "Title"], "amount": ["Deal - Value", "Value"],
             "currency": ["Deal - Currency", "Currency"], "status": ["Deal - Status", "Status"],
             "stage": ["Deal - Stage", "Stage"], "owner": ["Deal - Owner", "Owner"],
             "createdAt": ["Deal - Deal created", "Deal created"],
             "closedAt": ["Deal - Won time", "Deal - Lost time", "Deal - Deal closed on", "Won time", "Lost time"],
             "expectedCloseAt": ["Deal - Expected close date", "Expected close date"],
             "accountId": ["Deal - Organization", "Organization"], "contactId": ["Deal - Contact person", "Contact person"],
             "source": ["Deal - Source channel", "Deal - Source", "Source channel"]},
  "attributes": {"pipeline": ["Deal - Pipeline", "Pipeline"]},
  "statusValues": {"won": ["Won"], "lost": ["Lost"], "open": ["Open"], "skip": ["Deleted"]},
  "stages": {"Qualified": {"id": "qualified", "kind": "open", "order": 1},
             "Contact Made": {"id": "contact_made", "kind": "open", "order": 2},
             "Demo Scheduled": {"id": "demo_scheduled", "kind": "open", "order": 3},
             "Proposal Made": {"id": "proposal_made", "kind": "open", "order": 4},
             "Negotiations Started": {"id": "negotiations_started", "kind": "open", "order": 5}}}"#;

/// HubSpot CRM v3 objects API (`results[].properties`): numbers as strings, ISO or epoch-ms dates.
const HUBSPOT_API: &str = r#"{"kind": "deals", "records": "results", "allowMissingColumns": true,
  "fields": {"id": ["id", "hs_object_id"], "name": "dealname", "stage": "dealstage", "amount": "amount",
             "currency": "deal_currency_code", "createdAt": ["createdate", "createdAt"], "closedAt": "closedate",
             "expectedCloseAt": "closedate", "owner": "hubspot_owner_id", "won": "hs_is_closed_won",
             "closed": "hs_is_closed", "source": "hs_analytics_source", "forecastCategory": "hs_manual_forecast_category"},
  "attributes": {"pipeline": "pipeline", "dealType": "dealtype"},
  "stageDates": {"prefix": "hs_date_entered_"}, "stages": STAGES}"#;

/// Salesforce REST query results (`records[]` of Opportunity).
const SALESFORCE_API: &str = r#"{"kind": "deals", "records": "records", "allowMissingColumns": true,
  "fields": {"id": "Id", "name": "Name", "amount": "Amount", "currency": "CurrencyIsoCode", "stage": "StageName",
             "closedAt": "CloseDate", "expectedCloseAt": "CloseDate", "createdAt": "CreatedDate", "won": "IsWon",
             "closed": "IsClosed", "owner": ["Owner.Name", "OwnerId"], "accountId": ["Account.Name", "AccountId"],
             "source": "LeadSource", "forecastCategory": "ForecastCategoryName"},
  "attributes": {"type": "Type"}, "stages": STAGES}"#;

/// Pipedrive API v1 deals (`data[]`): times are UTC `YYYY-MM-DD HH:MM:SS`; stages are numeric ids.
const PIPEDRIVE_API: &str = r#"{"kind": "deals", "records": "data", "timesAreUtc": true, "allowMissingColumns": true,
  "fields": {"id": "id", "name": "title", "amount": "value", "currency": "currency", "status": "status",
             "stage": "stage_id", "createdAt": "add_time", "closedAt": ["won_time", "lost_time", "close_time"],
             "expectedCloseAt": "expected_close_date", "owner": ["owner_name", "user_id.name", "user_id"],
             "accountId": ["org_name", "org_id.name", "org_id"], "contactId": ["person_name", "person_id.name", "person_id"]},
  "attributes": {"pipeline": "pipeline_id"},
  "statusValues": {"won": ["won"], "lost": ["lost"], "open": ["open"], "skip": ["deleted"]}}"#;

/// Every preset name, CSV exports first.
pub const NAMES: [&str; 7] = ["maven", "salesforce", "hubspot", "pipedrive", "hubspot_api", "salesforce_api", "pipedrive_api"];

/// The mapping of a preset, by name (`salesforce`, `hubspot-api`, ... any case).
pub fn preset(name: &str) -> Result<Mapping, InputError> {
    let key = name.trim().to_ascii_lowercase().replace('-', "_");
    let text = match key.as_str() {
        "maven" => MAVEN.to_string(),
        "salesforce" => SALESFORCE.replace("STAGES", SALESFORCE_STAGES),
        "hubspot" => HUBSPOT.replace("STAGES", HUBSPOT_STAGES),
        "pipedrive" => PIPEDRIVE.to_string(),
        "hubspot_api" => HUBSPOT_API.replace("STAGES", HUBSPOT_STAGES),
        "salesforce_api" => SALESFORCE_API.replace("STAGES", SALESFORCE_STAGES),
        "pipedrive_api" => PIPEDRIVE_API.to_string(),
        _ => {
            let message = format!("unknown preset \"{name}\": expected one of {}", NAMES.join(", "));
            return Err(InputError::new("invalid_mapping", "mapping.preset", message));
        }
    };
    let mut mapping = Mapping::from_json(&text).expect("built-in presets are valid mappings");
    mapping.preset = Some(key);
    Ok(mapping)
}

/// Columns that identify each CSV preset: every group must have one of its names in the header.
const SIGNATURES: [(&str, &[&[&str]]); 4] = [
    ("maven", &[&["opportunityid"], &["salesagent"], &["dealstage"], &["closevalue"]]),
    ("hubspot", &[&["dealname"], &["dealstage"], &["recordid", "dealid", "pipeline", "createdate"]]),
    ("pipedrive", &[&["dealtitle", "title"], &["dealvalue", "value"], &["dealdealcreated", "dealcreated", "dealstatus"]]),
    ("salesforce", &[&["opportunityname", "opportunityid"], &["stage", "stagename"], &["closedate"]]),
];

/// The CSV preset whose signature columns the header has, if any.
pub fn detect_csv(header: &[&str]) -> Option<&'static str> {
    let names: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let has = |group: &[&str]| group.iter().any(|g| names.iter().any(|n| n == g));
    SIGNATURES.iter().find(|(_, groups)| groups.iter().all(|g| has(g))).map(|(name, _)| *name)
}

/// The API preset of a JSON answer, from its top-level keys.
pub fn detect_api(keys: &[String]) -> Option<&'static str> {
    let has = |k: &str| keys.iter().any(|key| key == k);
    if has("results") {
        Some("hubspot_api")
    } else if has("records") {
        Some("salesforce_api")
    } else if has("data") {
        Some("pipedrive_api")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_a_valid_mapping() {
        for name in NAMES {
            let plan = super::super::mapping::Plan::new(preset(name).unwrap()).unwrap();
            assert_eq!(plan.preset.as_deref(), Some(name));
        }
        assert!(preset("zoho").unwrap_err().message().contains("maven, salesforce"));
    }

    #[test]
    fn headers_choose_their_preset() {
        let maven = ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"];
        assert_eq!(detect_csv(&maven), Some("maven"));
        assert_eq!(detect_csv(&["Record ID", "Deal Name", "Deal Stage", "Amount"]), Some("hubspot"));
        assert_eq!(detect_csv(&["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Status"]), Some("pipedrive"));
        assert_eq!(detect_csv(&["Opportunity Name", "Stage", "Close Date", "Amount"]), Some("salesforce"));
        assert_eq!(detect_csv(&["id", "owner", "amount"]), None);
    }
}
