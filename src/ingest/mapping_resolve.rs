//! Reading a [`Mapping`] from its JSON text (or a preset's name) and resolving it: its preset
//! applied under the user's entries, then every field, separator, date format and stage kind
//! checked.
//!
//! This sits above the mapping types ([`super::mapping`]), the presets and the CSV date formats
//! it reads: the presets and the CSV plan use the mapping types, so the types stay a leaf that
//! imports neither of them.

use super::csv::dates::DateFormat;
use super::mapping::{Mapping, RecordKind};
use super::presets;
use crate::error::InputError;

fn invalid(path: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError::new("invalid_mapping", path, message)
}

impl Mapping {
    /// Reads a mapping from JSON text, or names a preset when the text is not an object
    /// (`"maven"`, `"salesforce"`, ...). Errors have code `invalid_mapping` and a path such as
    /// `mapping.fields.amount`.
    pub fn parse(text: &str) -> Result<Mapping, InputError> {
        let trimmed = text.trim().trim_start_matches('\u{feff}');
        if !trimmed.starts_with('{') {
            return Mapping::preset(trimmed.trim_matches('"'));
        }
        let bytes = trimmed.as_bytes();
        let mapping = <Mapping as serde::Deserialize>::deserialize(&mut serde_json::Deserializer::from_slice(bytes)).map_err(|e| {
            let path = crate::json_path::error_path(bytes, &e);
            // `?` is a key not yet read (broken JSON): the error is at the enclosing object.
            let path = path.trim_end_matches(".?").trim_end_matches('?');
            let path = if path.is_empty() || path == "." { "mapping".to_string() } else { format!("mapping.{path}") };
            invalid(path, e.to_string().split(" at line ").next().unwrap_or_default().to_string())
        })?;
        mapping.resolve()
    }

    /// A preset by name (see [`crate::ingest::presets::names`]).
    pub fn preset(name: &str) -> Result<Mapping, InputError> {
        presets::by_name(name).ok_or_else(|| {
            invalid("mapping.preset", format!("unknown preset \"{name}\": expected one of {}", presets::names().join(", ")))
        })
    }

    /// Applies `preset` (the mapping's own entries win) and validates the result.
    pub fn resolve(self) -> Result<Mapping, InputError> {
        let mut out = match &self.preset {
            Some(name) => {
                let mut base = Mapping::preset(name)?;
                base.overlay(self);
                base
            }
            None => self,
        };
        if out.kind.is_none() {
            out.kind = Some(RecordKind::Deals);
        }
        out.validate()?;
        Ok(out)
    }

    fn overlay(&mut self, user: Mapping) {
        // Resolving twice is harmless: what the user mapping holds as optional stays optional.
        for (field, columns) in user.fields {
            if !user.optional.contains(&field) {
                self.optional.remove(&field);
            }
            self.fields.insert(field, columns);
        }
        for name in user.attributes.keys().filter(|n| !user.optional.contains(&format!("attributes.{n}"))) {
            self.optional.remove(&format!("attributes.{name}"));
        }
        self.attributes.extend(user.attributes);
        let keep = |base: &mut Option<String>, new: Option<String>| {
            if new.is_some() {
                *base = new;
            }
        };
        keep(&mut self.separator, user.separator);
        keep(&mut self.records_at, user.records_at);
        keep(&mut self.decimal_separator, user.decimal_separator);
        keep(&mut self.thousands_separator, user.thousands_separator);
        keep(&mut self.currency, user.currency);
        self.kind = user.kind.or(self.kind);
        self.dates_utc = user.dates_utc.or(self.dates_utc);
        if !user.date_format.0.is_empty() {
            self.date_format = user.date_format;
        }
        if !user.stages.is_empty() {
            self.stages = user.stages;
        }
        self.status_values = user.status_values.or(self.status_values.take());
        self.history = user.history.or(self.history.take());
        self.settings = user.settings.or(self.settings.take());
    }

    /// Checks field names, separators, date formats and stage kinds.
    pub fn validate(&self) -> Result<(), InputError> {
        let known = self.kind().fields();
        for (field, columns) in &self.fields {
            if !known.contains(&field.as_str()) {
                let message = format!("unknown canonical field \"{field}\" for {}: expected one of {}", self.kind().name(), known.join(", "));
                return Err(invalid(format!("mapping.fields.{field}"), message));
            }
            if columns.0.is_empty() || columns.0.iter().any(|c| c.trim().is_empty()) {
                return Err(invalid(format!("mapping.fields.{field}"), "expected a column name or a non-empty list of names"));
            }
        }
        let single = |value: &Option<String>, path: &str, allowed: &str| match value {
            Some(s) if s.chars().count() > 1 || (!allowed.is_empty() && s.chars().any(|c| !allowed.contains(c))) => {
                Err(invalid(path, format!("expected a single character{}, got \"{s}\"", if allowed.is_empty() { String::new() } else { format!(" among \"{allowed}\"") })))
            }
            _ => Ok(()),
        };
        single(&self.separator, "mapping.separator", "")?;
        single(&self.decimal_separator, "mapping.decimalSeparator", ".,")?;
        single(&self.thousands_separator, "mapping.thousandsSeparator", "")?;
        if self.decimal_separator.is_some() && self.decimal_separator == self.thousands_separator {
            return Err(invalid("mapping.thousandsSeparator", "the thousands separator must differ from the decimal separator"));
        }
        for (i, format) in self.date_format.0.iter().enumerate() {
            DateFormat::parse(format).map_err(|m| invalid(format!("mapping.dateFormat[{i}]"), m))?;
        }
        for (i, stage) in self.stages.iter().enumerate() {
            if let Some(kind) = &stage.kind {
                if !["open", "won", "lost"].contains(&kind.to_ascii_lowercase().as_str()) {
                    return Err(invalid(format!("mapping.stages[{i}].kind"), format!("expected \"open\", \"won\" or \"lost\", got \"{kind}\"")));
                }
            }
        }
        Ok(())
    }
}
