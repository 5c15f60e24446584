//! The canonical fields a column (or API property) can fill, per record kind, named as in the
//! canonical JSON (spec section 1), plus the deal-only `won` and `closed` flags.

use super::mapping::RecordKind;

/// A canonical field that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Field {
    Id, Name, Owner, Team, Segment, Persona, Source, Region, Product, AccountId, ContactId, LeadId,
    Amount, Currency, CreatedAt, ExpectedCloseAt, ClosedAt, Stage, Status, ForecastCategory, Won,
    Closed, QualifiedAt, ConvertedAt, DealId, Type, At, Direction, Outcome, Automated, Email, Phone,
    Title, Company, Seniority, Matched, MatchedAt,
}

impl Field {
    /// Whether the field holds a date.
    pub fn is_date(self) -> bool {
        use Field::*;
        matches!(self, CreatedAt | ExpectedCloseAt | ClosedAt | QualifiedAt | ConvertedAt | At | MatchedAt)
    }
}

/// The canonical fields of each kind, by their names in the canonical JSON.
pub fn fields_of(kind: RecordKind) -> &'static [(&'static str, Field)] {
    use Field::*;
    match kind {
        RecordKind::Deals => &[
            ("id", Id), ("name", Name), ("owner", Owner), ("team", Team), ("segment", Segment),
            ("persona", Persona), ("source", Source), ("region", Region), ("product", Product),
            ("accountId", AccountId), ("contactId", ContactId), ("leadId", LeadId), ("amount", Amount),
            ("currency", Currency), ("createdAt", CreatedAt), ("expectedCloseAt", ExpectedCloseAt),
            ("closedAt", ClosedAt), ("stage", Stage), ("status", Status), ("forecastCategory", ForecastCategory),
            ("won", Won), ("closed", Closed),
        ],
        RecordKind::Leads => &[
            ("id", Id), ("createdAt", CreatedAt), ("owner", Owner), ("team", Team), ("source", Source),
            ("segment", Segment), ("persona", Persona), ("region", Region), ("contactId", ContactId),
            ("qualifiedAt", QualifiedAt), ("convertedAt", ConvertedAt), ("dealId", DealId),
        ],
        RecordKind::Activities => &[
            ("id", Id), ("type", Type), ("at", At), ("owner", Owner), ("direction", Direction),
            ("outcome", Outcome), ("dealId", DealId), ("leadId", LeadId), ("contactId", ContactId),
            ("automated", Automated),
        ],
        RecordKind::Contacts => &[
            ("id", Id), ("email", Email), ("phone", Phone), ("title", Title), ("company", Company),
            ("seniority", Seniority), ("matched", Matched), ("matchedAt", MatchedAt),
        ],
    }
}
