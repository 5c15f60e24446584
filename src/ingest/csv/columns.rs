//! Matching a validated mapping with a header: which column each canonical field is read from.

use crate::error::InputError;
use crate::ingest::mapping::{Field, Plan};
use crate::ingest::values::normalize;

/// A mapping resolved against one header: column indices instead of names.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The header as written.
    pub header: Vec<String>,
    /// Each field with the columns present for it, in order of preference.
    pub fields: Vec<(Field, &'static str, Vec<usize>)>,
    /// Attribute name -> columns.
    pub attributes: Vec<(String, Vec<usize>)>,
    /// Stage-date columns and the stage label each gives.
    pub stage_dates: Vec<(usize, String)>,
}

/// The label of a `<prefix><label>` column: `Date entered "Closed Won (Sales Pipeline)"` ->
/// `Closed Won`, when the column's normalized name starts with the normalized prefix.
fn stage_label(column: &str, prefix: &str) -> Option<String> {
    if prefix.is_empty() || !normalize(column).starts_with(prefix) {
        return None;
    }
    let mut seen = 0;
    let start = column.char_indices().find_map(|(i, c)| {
        if seen == prefix.chars().count() {
            return Some(i);
        }
        if c.is_alphanumeric() {
            seen += 1;
        }
        None
    })?;
    let mut label = column[start..].trim_start_matches(['_', ' ', ':', '-']).trim();
    label = label.trim_matches(['"', '\'']).trim();
    if label.ends_with(')') {
        if let Some(open) = label.rfind(" (") {
            label = label[..open].trim();
        }
    }
    label = label.trim_matches(['"', '\'']).trim();
    (!label.is_empty()).then(|| label.to_string())
}

impl Columns {
    /// Resolves `plan` against `header`, refusing a mapped column that is not there.
    pub fn resolve(plan: &Plan, header: &[&str]) -> Result<Columns, InputError> {
        let keys: Vec<String> = header.iter().map(|h| normalize(h)).collect();
        let listing = || header.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
        let find = |names: &[String]| -> Vec<usize> {
            let mut found = Vec::new();
            for name in names {
                let key = normalize(name);
                if let Some(i) = keys.iter().position(|k| *k == key) {
                    if !found.contains(&i) {
                        found.push(i);
                    }
                }
            }
            found
        };
        let missing = |names: &[String]| {
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            let what = if quoted.len() == 1 { format!("column {} is", quoted[0]) } else { format!("none of the columns {} is", quoted.join(", ")) };
            format!("{what} in the file; its columns are {}", listing())
        };
        let mut fields = Vec::new();
        for f in &plan.fields {
            let found = find(&f.columns);
            if found.is_empty() && f.required {
                return Err(InputError::new("invalid_mapping", format!("mapping.fields.{}", f.name), missing(&f.columns)));
            }
            if !found.is_empty() {
                fields.push((f.field, f.name, found));
            }
        }
        let required = !plan.allow_missing;
        let mut attributes = Vec::new();
        for (name, columns) in &plan.attributes {
            let found = find(columns);
            if found.is_empty() && required {
                return Err(InputError::new("invalid_mapping", format!("mapping.attributes.{name}"), missing(columns)));
            }
            if !found.is_empty() {
                attributes.push((name.clone(), found));
            }
        }
        let mut stage_dates = Vec::new();
        if let Some(prefix) = &plan.stage_dates.0 {
            for (i, column) in header.iter().enumerate() {
                if let Some(label) = stage_label(column, prefix) {
                    stage_dates.push((i, label));
                }
            }
        }
        for (column, label) in &plan.stage_dates.1 {
            match find(std::slice::from_ref(column)).first() {
                Some(&i) => stage_dates.push((i, label.clone())),
                None if required => {
                    let path = format!("mapping.stageDates.columns.{column}");
                    return Err(InputError::new("invalid_mapping", path, missing(std::slice::from_ref(column))));
                }
                None => {}
            }
        }
        Ok(Columns { header: header.iter().map(|h| h.to_string()).collect(), fields, attributes, stage_dates })
    }

    /// The columns holding dates (for date-order detection).
    pub fn date_columns(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.fields.iter().filter(|f| f.0.is_date()).flat_map(|f| f.2.iter().copied()).collect();
        out.extend(self.stage_dates.iter().map(|s| s.0));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Canonical field -> column read, for the source report.
    pub fn used(&self) -> Vec<(String, String)> {
        self.fields.iter().map(|(_, name, cols)| (name.to_string(), cols.iter().map(|&c| self.header[c].as_str()).collect::<Vec<_>>().join(" | "))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::stage_label;

    #[test]
    fn stage_labels_come_out_of_date_entered_columns() {
        assert_eq!(stage_label("Date entered \"Closed Won (Sales Pipeline)\"", "dateentered").as_deref(), Some("Closed Won"));
        assert_eq!(stage_label("Date entered Contract sent (Sales Pipeline)", "dateentered").as_deref(), Some("Contract sent"));
        assert_eq!(stage_label("hs_date_entered_closedwon", "hsdateentered").as_deref(), Some("closedwon"));
        assert_eq!(stage_label("Date exited Closed Won", "dateentered"), None);
    }
}
