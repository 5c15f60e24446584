//! Several inputs into one dataset: canonical JSON (settings, fx, stages, quotas...), CSV exports
//! of deals, leads, activities or contacts, and CRM API answers, in any order.
//!
//! Stages declared by mappings are declared once every source is read, after those of the
//! canonical JSON (the first declaration of a stage id wins), so a JSON file may define the
//! pipeline that several CSV files refer to.

use super::api::{read_api, top_keys};
use super::csv::{mapping_arg, read_csv, SourceRead};
use super::mapping::{Mapping, Plan};
use super::{json, presets};
use crate::error::InputError;
use crate::model::Stage;
use crate::store::{SourceInfo, Store, StoreBuilder};

/// Keys of the canonical dataset.
const CANONICAL: [&str; 9] = ["settings", "fx", "stages", "deals", "leads", "activities", "contacts", "quotas", "forecasts"];

/// Sources being read into one store.
#[derive(Default)]
pub struct Sources {
    builder: StoreBuilder,
    stages: Vec<Stage<'static>>,
    count: usize,
}

impl Sources {
    /// Nothing read yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn name(&mut self, name: Option<&str>) -> String {
        self.count += 1;
        name.map_or_else(|| format!("source {}", self.count), str::to_string)
    }

    fn keep(&mut self, read: SourceRead) {
        self.stages.extend(read.stages);
        self.builder.add_source(read.info);
    }

    /// Reads JSON: the canonical dataset, or (with a mapping, or when its top-level keys are those
    /// of a CRM API answer) CRM records.
    pub fn json(&mut self, bytes: &[u8], mapping: Option<&str>, name: Option<&str>) -> Result<(), InputError> {
        let name = self.name(name);
        let (mapping, chosen) = match mapping {
            Some(arg) => mapping_arg(arg)?,
            None => {
                let keys = top_keys(bytes);
                let preset = presets::detect_api(&keys).filter(|_| !keys.iter().any(|k| CANONICAL.contains(&k.as_str())));
                match preset {
                    Some(p) => (presets::preset(p)?, "detected"),
                    None => return self.canonical(bytes, name),
                }
            }
        };
        let read = read_api(bytes, &Plan::new(mapping)?, chosen, &name, &mut self.builder)?;
        self.keep(read);
        Ok(())
    }

    fn canonical(&mut self, bytes: &[u8], name: String) -> Result<(), InputError> {
        json::read_json_into(bytes, &mut self.builder)?;
        let info = SourceInfo {
            name,
            format: "json".into(),
            kind: "dataset".into(),
            preset: None,
            chosen: "canonical".into(),
            separator: None,
            date_format: None,
            records: 0,
            skipped: 0,
            columns: Vec::new(),
        };
        self.builder.add_source(info);
        Ok(())
    }

    /// Reads a CSV export (`mapping`: mapping JSON or a preset name; default: detected).
    pub fn csv(&mut self, bytes: &[u8], mapping: Option<&str>, name: Option<&str>) -> Result<(), InputError> {
        let name = self.name(name);
        let read = read_csv(bytes, mapping, &name, &mut self.builder)?;
        self.keep(read);
        Ok(())
    }

    /// Reads JSON or CSV, told apart by the first non-blank byte (`{` or `[` is JSON).
    pub fn any(&mut self, bytes: &[u8], mapping: Option<&str>, name: Option<&str>) -> Result<(), InputError> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') | Some(b'[') => self.json(bytes, mapping, name),
            _ => self.csv(bytes, mapping, name),
        }
    }

    /// Declares the mappings' stages and resolves everything into a store.
    pub fn finish(mut self) -> Result<Store, InputError> {
        if !self.stages.is_empty() {
            let stages = std::mem::take(&mut self.stages);
            self.builder.set_stages(stages).map_err(|m| InputError::new("invalid_mapping", "mapping.stages", m))?;
        }
        self.builder.finish()
    }
}

/// Validates a mapping argument (mapping JSON or preset name) without reading any data.
pub fn check_mapping(arg: &str) -> Result<Mapping, InputError> {
    let (mapping, _) = mapping_arg(arg)?;
    Plan::new(mapping.clone())?;
    Ok(mapping)
}
