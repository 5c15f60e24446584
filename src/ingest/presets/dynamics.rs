//! Microsoft Dynamics 365 Sales: an Opportunities view exported to Excel and saved as CSV. The
//! export keeps the record's id in a hidden `(Do Not Modify) Opportunity` column; `Status` is
//! Open, Won or Lost, `Actual Close Date` the close of a closed one.

use super::{build, preset, status, Preset};
use crate::ingest::mapping::RecordKind;

pub fn opportunities() -> Preset {
    let mut m = build(
        "dynamics",
        RecordKind::Deals,
        &[
            ("id", &["(Do Not Modify) Opportunity", "Opportunity"]),
            ("name", &["Topic"]),
            ("accountId", &["Potential Customer", "Account"]),
            ("owner", &["Owner"]),
            ("amount", &["Est. Revenue", "Actual Revenue"]),
            ("currency", &["Currency"]),
            ("status", &["Status"]),
            ("stage", &["Pipeline Phase", "Sales Stage"]),
            ("closedAt", &["Actual Close Date"]),
            ("expectedCloseAt", &["Est. Close Date"]),
            ("createdAt", &["Created On"]),
            ("updatedAt", &["(Do Not Modify) Modified On", "Modified On"]),
            ("source", &["Source Campaign", "Originating Lead"]),
            ("forecastCategory", &["Forecast Category"]),
        ],
        &[("statusReason", &["Status Reason"]), ("rating", &["Rating"])],
    );
    m.status_values = status(&["won"], &["lost", "canceled", "cancelled", "out-sold"], &["open", "in progress", "on hold"], &[]);
    Preset {
        requires: &["status"],
        marks: &["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "Topic", "Potential Customer", "Est. Close Date", "Est. Revenue", "Status Reason"],
        ..preset(m)
    }
}
