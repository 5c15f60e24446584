//! Salesforce: report exports (column labels), and the object files that Data Loader, Workbench,
//! the Data Export Service, `sf data query --result-format csv` and the REST API write with API
//! field names (`StageName`, `IsWon`, `CloseDate`). ELT tools that sync Salesforce into a
//! warehouse keep those names (Airbyte, Stitch) or write them in snake case (Fivetran's
//! `stage_name`, `is_won`), which column matching reads as the same names; their soft-delete
//! flags (`is_deleted`, `_fivetran_deleted`) skip rows, and Fivetran's history mode
//! (`_fivetran_active`, `_fivetran_start`) reads as deal history.

use super::{build, preset, stages, Preset};
use crate::ingest::mapping::{RecordKind, StageMap};

/// The standard opportunity stages of a new org (Setup > Opportunity Stages).
fn standard_stages() -> Vec<StageMap> {
    stages(&[
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
    ])
}

/// The loss reason: a custom field in every org (Salesforce has none built in), most often
/// `Loss_Reason__c`, labelled `Loss Reason` or `Closed Lost Reason` in reports.
const LOSS_REASON: &[&str] = &["Loss Reason", "Closed Lost Reason", "Loss_Reason__c"];
/// Soft-delete flags: `IsDeleted` (exports with deleted rows), Fivetran's `_fivetran_deleted`.
const DELETED: &[&str] = &["IsDeleted", "_fivetran_deleted"];
/// Columns of history, line item, task and user files: never an opportunity file.
const NOT_OPPORTUNITIES: &[&str] = &["OpportunityId", "Field", "WhatId", "Username", "IsConverted"];

pub fn all() -> Vec<Preset> {
    vec![report(), api(), history(), field_history(), leads(), tasks(), events(), users(), accounts()]
}

/// Opportunity report export (dates in the exporting user's locale: settled by the values, or an
/// error asking for `dateFormat`).
fn report() -> Preset {
    let mut m = build(
        "salesforce",
        RecordKind::Deals,
        &[
            ("id", &["Opportunity ID", "Opportunity Id", "Opportunity ID (18)", "Id", "Record ID"]),
            ("name", &["Opportunity Name", "Name"]),
            ("accountId", &["Account Name", "Account ID", "Account"]),
            ("owner", &["Opportunity Owner", "Owner", "Owner Name", "Opportunity Owner: Full Name", "Owner Full Name"]),
            ("amount", &["Amount", "Amount (converted)", "Total Amount"]),
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
            ("lostReason", LOSS_REASON),
        ],
        &[("type", &["Type", "Opportunity Type"])],
    );
    m.stages = standard_stages();
    Preset {
        excludes: NOT_OPPORTUNITIES,
        marks: &["Opportunity Name", "Opportunity Owner", "Opportunity ID", "Fiscal Period", "Age", "Next Step"],
        ..preset(m)
    }
}

/// Opportunity records with API field names: REST query results (`{"records": [...]}`), Data
/// Loader / Workbench / Data Export CSVs, warehouse tables.
fn api() -> Preset {
    let mut m = build(
        "salesforce_api",
        RecordKind::Deals,
        &[
            ("id", &["Id"]),
            ("name", &["Name"]),
            ("amount", &["Amount"]),
            ("currency", &["CurrencyIsoCode"]),
            ("stage", &["StageName"]),
            ("closedAt", &["CloseDate"]),
            ("expectedCloseAt", &["CloseDate"]),
            ("createdAt", &["CreatedDate"]),
            ("updatedAt", &["LastModifiedDate", "SystemModstamp"]),
            ("won", &["IsWon"]),
            ("closed", &["IsClosed"]),
            ("owner", &["Owner.Name", "OwnerId"]),
            ("accountId", &["Account.Name", "AccountId"]),
            ("source", &["LeadSource"]),
            ("forecastCategory", &["ForecastCategoryName", "ForecastCategory"]),
            ("lostReason", LOSS_REASON),
            ("deleted", DELETED),
            ("current", &["_fivetran_active"]),
            ("validFrom", &["_fivetran_start"]),
        ],
        &[("type", &["Type"])],
    );
    m.records_at = Some("records".into());
    m.stages = standard_stages();
    Preset {
        excludes: NOT_OPPORTUNITIES,
        marks: &["Probability", "ExpectedRevenue", "FiscalQuarter", "FiscalYear", "SystemModstamp", "_fivetran_synced"],
        ..preset(m)
    }
}

/// `OpportunityHistory`: one row per change, the values after it, any order; joined to deals by
/// `OpportunityId`.
fn history() -> Preset {
    let mut m = build(
        "salesforce_history",
        RecordKind::History,
        &[
            ("dealId", &["OpportunityId"]),
            ("at", &["CreatedDate", "Created Date", "Last Modified", "Edit Date"]),
            ("stage", &["StageName", "Stage", "To Stage"]),
            ("amount", &["Amount"]),
            ("expectedCloseAt", &["CloseDate", "Close Date"]),
            ("forecastCategory", &["ForecastCategory", "Forecast Category"]),
            ("deleted", DELETED),
        ],
        &[],
    );
    m.records_at = Some("records".into());
    m.stages = standard_stages();
    Preset { requires: &["dealId", "at", "stage"], excludes: &["Field", "OldValue"], marks: &["ExpectedRevenue", "Probability"], ..preset(m) }
}

/// `OpportunityFieldHistory`: one row per changed field (`Field`, `OldValue`, `NewValue`).
fn field_history() -> Preset {
    let mut m = build(
        "salesforce_field_history",
        RecordKind::History,
        &[
            ("dealId", &["OpportunityId"]),
            ("at", &["CreatedDate", "Created Date", "Edit Date"]),
            ("field", &["Field"]),
            ("newValue", &["NewValue", "New Value"]),
            ("deleted", DELETED),
        ],
        &[],
    );
    m.records_at = Some("records".into());
    m.stages = standard_stages();
    Preset { requires: &["dealId", "at", "field", "newValue"], marks: &["OldValue", "DataType"], ..preset(m) }
}

/// `Lead`: `IsConverted`, `ConvertedDate` and `ConvertedOpportunityId` make conversions.
fn leads() -> Preset {
    let mut m = build(
        "salesforce_leads",
        RecordKind::Leads,
        &[
            ("id", &["Id", "Lead ID"]),
            ("createdAt", &["CreatedDate", "Create Date", "Created Date"]),
            ("owner", &["Owner.Name", "OwnerId", "Lead Owner"]),
            ("source", &["LeadSource", "Lead Source"]),
            ("region", &["Country", "State"]),
            ("convertedAt", &["ConvertedDate", "Converted Date"]),
            ("updatedAt", &["LastModifiedDate", "SystemModstamp"]),
            ("dealId", &["ConvertedOpportunityId", "Converted Opportunity ID"]),
            ("converted", &["IsConverted", "Converted"]),
            ("deleted", DELETED),
        ],
        &[("status", &["Status", "Lead Status"]), ("industry", &["Industry"])],
    );
    m.records_at = Some("records".into());
    Preset {
        requires: &["converted"],
        excludes: &["StageName", "OpportunityId"],
        marks: &["ConvertedAccountId", "ConvertedContactId", "Company", "IsUnreadByOwner"],
        ..preset(m)
    }
}

fn activity_fields(name: &str, at: &'static [&'static str], kind: &'static [&'static str]) -> crate::ingest::mapping::Mapping {
    let mut m = build(
        name,
        RecordKind::Activities,
        &[
            ("id", &["Id"]),
            ("type", kind),
            ("at", at),
            ("owner", &["Owner.Name", "OwnerId"]),
            // WhatId / WhoId hold an opportunity (006), lead (00Q) or contact (003) id.
            ("relatedId", &["WhatId", "WhoId"]),
            ("contactId", &["WhoId"]),
            ("deleted", DELETED),
        ],
        &[("subject", &["Subject"])],
    );
    m.records_at = Some("records".into());
    m
}

/// `Task`: calls, emails and to-dos; `TaskSubtype` says which.
fn tasks() -> Preset {
    let m = activity_fields("salesforce_tasks", &["CompletedDateTime", "ActivityDate", "CreatedDate"], &["TaskSubtype", "Type"]);
    Preset { requires: &["relatedId", "at"], excludes: &["StartDateTime"], marks: &["TaskSubtype", "CallType", "Priority", "IsHighPriority"], ..preset(m) }
}

/// `Event`: meetings (`EventSubtype` is `Event`).
fn events() -> Preset {
    let m = activity_fields("salesforce_events", &["StartDateTime", "ActivityDateTime", "ActivityDate"], &["EventSubtype", "Type"]);
    Preset { requires: &["relatedId", "at"], marks: &["StartDateTime", "EndDateTime", "DurationInMinutes", "IsAllDayEvent", "EventSubtype"], ..preset(m) }
}

/// `User`: `OwnerId` elsewhere becomes the owner's name.
fn users() -> Preset {
    let mut m = build(
        "salesforce_users",
        RecordKind::Users,
        &[("id", &["Id", "User ID"]), ("name", &["Name", "Full Name"]), ("firstName", &["FirstName"]), ("lastName", &["LastName"])],
        &[],
    );
    m.records_at = Some("records".into());
    Preset { requires: &["id"], excludes: &["StageName", "OpportunityId"], marks: &["Username", "Alias", "IsActive", "ProfileId", "UserRoleId", "TimeZoneSidKey"], ..preset(m) }
}

/// `Account`: its industry and billing country reach the account's deals (`attributes.industry`,
/// `region`).
fn accounts() -> Preset {
    let mut m = build(
        "salesforce_accounts",
        RecordKind::Accounts,
        &[("id", &["Id", "Account ID"]), ("name", &["Name", "Account Name"]), ("region", &["BillingCountry", "Billing Country", "BillingState"]), ("deleted", DELETED)],
        &[("industry", &["Industry"]), ("accountType", &["Type"])],
    );
    m.records_at = Some("records".into());
    Preset {
        requires: &["id"],
        excludes: &["StageName", "OpportunityId", "IsConverted", "Username"],
        marks: &["BillingCity", "BillingState", "BillingPostalCode", "AnnualRevenue", "NumberOfEmployees", "Ownership", "ParentId", "Industry"],
        ..preset(m)
    }
}
