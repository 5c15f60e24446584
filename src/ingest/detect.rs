//! Which preset reads a file, decided by evidence: every preset scores the header (for JSON, the
//! keys of the records) by the columns it knows, the best score wins, and the margin over the
//! runner-up and the share of the preset's key fields found make a confidence. A file no preset
//! reads better than the canonical names is canonical only when those names are there.
//!
//! Score: each field a preset finds adds its weight ([`weight`]: status evidence and dates weigh
//! most, as the headline indicators need them), 0.8 of it when the column matched only loosely
//! (`stage_name` for `StageName`); each of the preset's marks found adds 1. A preset whose
//! `requires` are not all found, or with one of its `excludes` present, scores nothing.

use super::csv::plan::{find, find_matched};
use super::mapping::{Mapping, RecordKind};
use super::presets::{self, Preset};
use serde::Serialize;

/// A preset's score for one header.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    /// Preset name.
    pub preset: String,
    /// Score (see the module documentation).
    pub score: f64,
}

/// The preset chosen for a header and why.
#[derive(Debug, Clone)]
pub struct Detection {
    /// The chosen preset's mapping.
    pub mapping: Mapping,
    /// 0..1: the share of the preset's key fields found, lowered when the runner-up is close.
    pub confidence: f64,
    /// The columns that matched, as `field <- column` and `mark column`.
    pub evidence: Vec<String>,
    /// The next best presets (at most 3) with their scores.
    pub alternatives: Vec<Candidate>,
    /// The chosen preset's score.
    pub score: f64,
}

/// What a field's column is worth as evidence for a preset of `kind`.
pub fn weight(kind: RecordKind, field: &str) -> f64 {
    use RecordKind::*;
    match (kind, field) {
        (Deals, "stage" | "status" | "won" | "closed" | "probability") => 3.0,
        (Deals, "amount" | "closedAt" | "createdAt") => 2.0,
        (Deals, "expectedCloseAt") => 0.5,
        (Leads, "convertedAt" | "dealId" | "converted" | "qualifiedAt") => 3.0,
        (Leads, "createdAt") => 2.0,
        (Activities, "type" | "at") => 3.0,
        (Activities, "relatedId" | "dealId" | "leadId" | "contactId") => 2.0,
        (Contacts, "email") => 2.0,
        (History, "dealId" | "field" | "newValue") => 3.0,
        (History, "at" | "stage") => 2.0,
        (Users | Accounts, "name") => 2.0,
        (_, "id" | "owner" | "name" | "phone" | "title" | "company" | "amount" | "expectedCloseAt") => 1.0,
        (_, "current" | "validFrom") => 0.0,
        _ => 0.5,
    }
}

/// Key fields: those whose weight is 2 or more.
fn is_key(kind: RecordKind, field: &str) -> bool {
    weight(kind, field) >= 2.0
}

struct Scored {
    preset: Preset,
    score: f64,
    key_found: f64,
    key_total: f64,
    evidence: Vec<String>,
}

fn score(preset: Preset, header: &[String]) -> Option<Scored> {
    let m = &preset.mapping;
    let kind = m.kind();
    // As written only: `OpportunityId` rules out opportunity presets, a report's "Opportunity ID"
    // does not.
    let written = |name: &str| find_matched(header, &[name.to_string()]).is_some_and(|(_, exact)| exact);
    if preset.excludes.iter().any(|c| written(c)) {
        return None;
    }
    let (mut score, mut key_found, mut key_total) = (0.0, 0.0, 0.0);
    let mut evidence = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    for (field, columns) in &m.fields {
        let w = weight(kind, field);
        // Two fields read from one column (`closedAt`, `expectedCloseAt`) count it once.
        let shares = m.fields.iter().any(|(f, c)| f < field && c == columns);
        if is_key(kind, field) && !shares {
            key_total += w;
        }
        let found = find_matched(header, &columns.0);
        if found.is_none() && preset.requires.contains(&field.as_str()) {
            return None;
        }
        let Some((col, exact)) = found else { continue };
        if used.contains(&col.index) {
            continue;
        }
        used.push(col.index);
        score += w * if exact { 1.0 } else { 0.8 };
        if is_key(kind, field) {
            key_found += w;
        }
        evidence.push(format!("{field} <- {}", col.name));
    }
    for mark in preset.marks {
        if let Some(col) = find(header, &[mark.to_string()]) {
            if !used.contains(&col.index) {
                used.push(col.index);
                score += 1.0;
                evidence.push(format!("mark {}", col.name));
            }
        }
    }
    if let Some(h) = &m.history {
        let prefix = super::csv::plan::normalize(&h.prefix);
        let count = header.iter().filter(|c| super::csv::plan::normalize(c).starts_with(&prefix)).count();
        if count > 0 {
            score += 2.0;
            evidence.push(format!("{count} \"{}...\" history columns", h.prefix));
        }
    }
    (score > 0.0).then_some(Scored { preset, score, key_found, key_total, evidence })
}

/// The preset that reads `header` best, or `None` when no preset finds a single column.
/// `records_at` (JSON) limits the choice to presets reading API records under that key.
pub fn detect(header: &[String], records_at: Option<&str>) -> Option<Detection> {
    let candidates = presets::all().into_iter().filter(|p| records_at.is_none() || p.mapping.records_at.as_deref() == records_at);
    let mut scored: Vec<Scored> = candidates.filter_map(|p| score(p, header)).collect();
    // Highest score first; on equal scores the earlier preset (more specific) stays first.
    // The shared stable sort (`crate::sort`): a few dozen presets, no instantiation of its own.
    crate::sort::sort_by(&mut scored, |a, b| b.score.total_cmp(&a.score));
    let mut rest = scored.into_iter();
    let best = rest.next()?;
    let alternatives: Vec<Candidate> = rest
        .take(3)
        .map(|s| Candidate { preset: s.preset.mapping.preset.clone().unwrap_or_default(), score: round2(s.score) })
        .collect();
    let runner_up = alternatives.first().map_or(0.0, |c| c.score);
    let coverage = if best.key_total > 0.0 { best.key_found / best.key_total } else { 1.0 };
    let margin = (best.score - runner_up) / best.score;
    let confidence = round2(coverage * (0.5 + 2.0 * margin).min(1.0));
    Some(Detection { mapping: best.preset.mapping, confidence, evidence: best.evidence, alternatives, score: round2(best.score) })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn chosen(line: &str) -> String {
        detect(&header(line), None).and_then(|d| d.mapping.preset).unwrap_or_default()
    }

    #[test]
    fn api_field_names_are_salesforce_not_canonical() {
        assert_eq!(chosen("Id,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,OwnerId"), "salesforce_api");
        // Fivetran's snake case of the same fields.
        assert_eq!(chosen("id,stage_name,is_won,is_closed,close_date,created_date,amount,is_deleted"), "salesforce_api");
    }

    #[test]
    fn history_users_and_leads_are_not_deals() {
        assert_eq!(chosen("Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate,Probability,ForecastCategory"), "salesforce_history");
        assert_eq!(chosen("Id,OpportunityId,CreatedDate,Field,OldValue,NewValue"), "salesforce_field_history");
        assert_eq!(chosen("Id,Username,LastName,FirstName,Name,Email,IsActive"), "salesforce_users");
        assert_eq!(chosen("Id,Name,Company,Status,OwnerId,IsConverted,ConvertedDate,ConvertedOpportunityId,CreatedDate"), "salesforce_leads");
    }

    #[test]
    fn canonical_only_with_canonical_names() {
        assert_eq!(chosen("id,owner,amount,createdAt,closedAt,stage,status"), "canonical");
        assert_eq!(chosen("id,type,at,owner,direction,dealId"), "canonical_activities");
        assert_eq!(chosen("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value"), "maven");
    }

    #[test]
    fn a_close_runner_up_lowers_confidence() {
        let clear = detect(&header("Id,StageName,Amount,CloseDate,IsClosed,IsWon,CreatedDate,OwnerId"), None).unwrap();
        assert!(clear.confidence >= 0.9, "{}", clear.confidence);
        // Only `Amount` and `Id`: canonical and the Salesforce presets find the same two columns.
        let weak = detect(&header("Id,Amount"), None).unwrap();
        assert!(weak.confidence < 0.6, "{}", weak.confidence);
    }
}
