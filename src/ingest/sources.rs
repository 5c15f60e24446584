//! Several input files -> one dataset: a deals CSV, a leads CSV, an API response, a small
//! canonical JSON with settings, fx and stages... each read into the same
//! [`StoreBuilder`], each reported as a [`SourceInfo`] (which preset or mapping it used, what was
//! detected) so that a user can see, and correct, every choice the engine made.

use super::api::{top_level_keys, JsonRows};
use super::csv::plan::{Plan, Row, Rows};
use super::csv::records::Converter;
use super::csv::{is_footer, CsvRows};
use super::detect::{detect, Candidate, Detection};
use super::mapping::{Mapping, RecordKind};
use super::{coverage, presets};
use crate::error::{InputError, Warning};
use crate::model;
use crate::store::{Store, StoreBuilder};
use serde::Serialize;
use std::collections::BTreeMap;

/// What one source was and how it was read.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    /// File name, when the caller gave one.
    pub name: Option<String>,
    /// `json` (canonical), `csv` or `api` (a CRM API's JSON).
    pub format: String,
    /// The preset used (`maven`, `salesforce`, ...), `custom` for a mapping without preset.
    pub preset: Option<String>,
    /// True when the preset was chosen from the header or the JSON keys.
    pub detected: bool,
    /// Record kind (`deals`, ...); none for canonical JSON.
    pub kind: Option<RecordKind>,
    /// Records read.
    pub records: usize,
    /// Rows skipped (status values marked `skip`, report footers).
    pub skipped: usize,
    /// CSV separator used.
    pub separator: Option<String>,
    /// Canonical field -> column read.
    pub columns: BTreeMap<String, String>,
    /// Stage -> `Date entered` column read as history.
    pub history_columns: BTreeMap<String, String>,
    /// Column -> date format settled from its values (columns with a mapped format not listed).
    pub date_formats: BTreeMap<String, String>,
    /// When detected: 0..1, the share of the preset's key fields found, lowered when another
    /// preset scored close (see [`crate::ingest::detect`]).
    pub confidence: Option<f64>,
    /// When detected: the columns that made the choice (`stage <- StageName`, `mark Probability`).
    pub evidence: Vec<String>,
    /// When detected: the runners-up and their scores.
    pub alternatives: Vec<Candidate>,
    /// For every field read: its column and how many records hold a value.
    pub coverage: Vec<coverage::FieldCoverage>,
    /// Columns of the file that no field, attribute or history reads.
    pub unread: Vec<String>,
    /// History entries read (history files, a warehouse's history mode).
    pub history_rows: usize,
    /// The warnings this source raised (also in the summary's warnings).
    pub warnings: Vec<Warning>,
}

/// Below this confidence a detected preset is reported as a weak match (a warning).
const WEAK: f64 = 0.6;

/// Accumulates sources; [`DatasetSources::finish`] builds the dataset.
#[derive(Default)]
pub struct DatasetSources {
    builder: StoreBuilder,
    infos: Vec<SourceInfo>,
    /// Settings the mappings carry, merged (two mappings that disagree are refused), and the
    /// mapping each field came from.
    mapping_settings: (model::Settings, crate::store::SettingsFrom),
    /// Settings given by [`Self::override_settings`], which win over the mappings' and the files'.
    user_settings: model::Settings,
    /// How a large canonical JSON document is read: in one pass, or in parts by threads.
    split: super::stream::parts::Split,
    /// The API responses that say whether they are a page of a longer result.
    pages: Vec<Page>,
}

/// An API response's paging, as [`DatasetSources::paging_warnings`] weighs it.
struct Page {
    /// Its [`SourceInfo`]'s position.
    info: usize,
    /// The preset it was read with: pages of one result share it.
    preset: String,
    /// Its records, skipped ones included.
    records: usize,
    paging: super::api_paging::Paging,
}

/// True when the input is JSON rather than CSV: its first non-blank byte opens an object or array.
pub fn looks_like_json(bytes: &[u8]) -> bool {
    super::strip_bom(bytes).iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b == b'{' || b == b'[')
}

impl DatasetSources {
    /// No sources yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a JSON document: the canonical schema, or a CRM API response (HubSpot `results`,
    /// Salesforce `records`, Pipedrive `data`) recognised from its top-level keys.
    pub fn json(&mut self, bytes: &[u8]) -> Result<&mut Self, InputError> {
        self.add(None, bytes, None)
    }

    /// Adds a CSV export; `mapping` None chooses a preset from the header.
    pub fn csv(&mut self, bytes: &[u8], mapping: Option<&Mapping>) -> Result<&mut Self, InputError> {
        let decoded = super::utf16::decode(bytes)?;
        let info = self.read_csv(None, decoded.as_deref().unwrap_or(bytes), mapping)?;
        self.infos.push(info);
        self.mapping_settings(None, mapping)?;
        Ok(self)
    }

    /// Adds a file of any accepted kind, told apart by its content (`{` or `[` first: JSON);
    /// `name` is kept in the source report. A mapping applies to CSV and API JSON.
    pub fn add(&mut self, name: Option<&str>, bytes: &[u8], mapping: Option<&Mapping>) -> Result<&mut Self, InputError> {
        self.builder.set_source(name.map_or_else(|| format!("source {}", self.infos.len() + 1), |n| format!("\"{n}\"")));
        let decoded = super::utf16::decode(bytes)?;
        let bytes = decoded.as_deref().unwrap_or(bytes);
        let info = if looks_like_json(bytes) { self.read_json(name, bytes, mapping)? } else { self.read_csv(name, bytes, mapping)? };
        self.infos.push(info);
        self.mapping_settings(name, mapping)?;
        Ok(self)
    }

    /// Settings the user chose: each field given wins over the same field in any file or
    /// mapping (applied by [`Self::finish`], so the order of calls does not matter). Given twice,
    /// the later call's fields win.
    pub fn override_settings(&mut self, settings: model::Settings) -> &mut Self {
        self.user_settings.overlay(settings);
        self
    }

    /// Keeps the settings a mapping carries; two mappings giving a field different values are
    /// refused (`conflicting_settings` at `mapping.settings.<field>`), as two files are.
    fn mapping_settings(&mut self, name: Option<&str>, mapping: Option<&Mapping>) -> Result<(), InputError> {
        let Some(settings) = mapping.and_then(|m| m.settings.clone()) else { return Ok(()) };
        let source = name.map_or_else(|| format!("the mapping of source {}", self.infos.len()), |n| format!("the mapping of \"{n}\""));
        let (into, from) = &mut self.mapping_settings;
        crate::store::merge_settings(into, from, settings, &source)
            .map_err(|(path, message)| InputError::new("conflicting_settings", format!("mapping.{path}"), message))
    }

    /// Reads a large canonical JSON document in up to `split.parts` parts, one thread each
    /// ([`super::stream::parts`]): the same store as one pass, faster on several cores.
    pub fn set_split(&mut self, split: super::stream::parts::Split) -> &mut Self {
        self.split = split;
        self
    }

    /// What was read so far.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.infos
    }

    /// Resolves everything into the parts of a dataset (settings, fx and stages apply to every
    /// source): the store, and how each source was read. The user's settings
    /// ([`Self::override_settings`], then the mappings') win over the files'. The dataset layer
    /// assembles them (`DatasetSources::finish`), so ingestion never names what sits above it.
    pub fn into_parts(mut self) -> Result<(Store, Vec<SourceInfo>), InputError> {
        self.paging_warnings();
        self.builder.override_settings(self.mapping_settings.0);
        self.builder.override_settings(self.user_settings);
        Ok((self.builder.finish()?, self.infos))
    }

    fn read_json(&mut self, name: Option<&str>, bytes: &[u8], mapping: Option<&Mapping>) -> Result<SourceInfo, InputError> {
        let Some(records_at) = (match mapping {
            Some(m) => Some(m.clone().resolve()?.records_at.ok_or_else(|| {
                let message = "a mapping for JSON needs \"recordsAt\": the key of the array of records";
                InputError::new("invalid_mapping", "mapping.recordsAt", message)
            })?),
            // A canonical document is known from its first collection key: only another document
            // has all its top-level keys read (a big canonical file is not parsed twice).
            None if crate::json_shape::of(bytes, true) == crate::json_shape::Shape::Canonical => None,
            None => api_records_key(&top_level_keys(bytes).unwrap_or_default()).map(str::to_string),
        }) else {
            let mut info = SourceInfo { name: name.map(str::to_string), format: "json".into(), ..SourceInfo::default() };
            let before = self.builder.warnings().to_vec();
            super::stream::parts::read_json_split(bytes, &mut self.builder, self.split)?;
            info.warnings = coverage::new_warnings(&before, self.builder.warnings());
            return Ok(info);
        };
        let rows = JsonRows::open(bytes, &records_at)?;
        let (mapping, detection) = match mapping {
            Some(m) => (m.clone().resolve()?, None),
            None => {
                let found = detect(rows.header(), Some(&records_at)).ok_or_else(|| unknown_header(rows.header(), &records_at))?;
                (found.mapping.clone(), Some(found))
            }
        };
        let mut info = SourceInfo { name: name.map(str::to_string), format: "api".into(), ..SourceInfo::default() };
        self.read_rows(&rows, &mapping, detection, &mut info)?;
        if let Some(paging) = rows.paging {
            let preset = info.preset.clone().unwrap_or_default();
            // Skipped rows (deleted records) count: the envelope's total counts them too.
            self.pages.push(Page { info: self.infos.len(), preset, records: info.records + info.skipped, paging });
        }
        Ok(info)
    }

    /// Warns (`partial_response`) of each API page whose envelope says more records follow,
    /// unless the rest of its result was given too: as many records, over the pages of the same
    /// preset, as the envelopes say the result holds; without a size, a page that says it is the
    /// last.
    fn paging_warnings(&mut self) {
        // Each preset once, in the order first seen (pages of several CRMs may interleave).
        let mut presets: Vec<&str> = Vec::new();
        for page in self.pages.iter().filter(|p| p.paging.more) {
            if !presets.contains(&page.preset.as_str()) {
                presets.push(&page.preset);
            }
        }
        for preset in presets {
            let same: Vec<&Page> = self.pages.iter().filter(|p| p.preset == preset).collect();
            let read: usize = same.iter().map(|p| p.records).sum();
            let total = same.iter().find_map(|p| p.paging.total);
            let complete = match total {
                Some(t) => read as u64 >= t,
                None => same.iter().any(|p| !p.paging.more),
            };
            if complete {
                continue;
            }
            let (count, of) = match total {
                Some(t) => (t.saturating_sub(read as u64).max(1), format!("{read} of its {t} records were read")),
                None => (1, format!("{read} records were read and more follow")),
            };
            // Named by its preset, not its files: a report reads the same whoever named them.
            let given = if same.len() == 1 { "a page".to_string() } else { format!("{} pages", same.len()) };
            let marker = same.iter().find(|p| p.paging.more).map_or("", |p| p.paging.marker);
            let message = format!("{given} of a longer {preset} response ({marker}): {of}, and every figure counts only these. Fetch every page and pass them together");
            let warning = Warning { code: "partial_response", message: message.clone(), count, examples: vec![preset.to_string()] };
            for page in same.iter().filter(|p| p.paging.more) {
                if let Some(info) = self.infos.get_mut(page.info) {
                    info.warnings.push(warning.clone());
                }
            }
            self.builder.warn_count("partial_response", message, count, preset);
        }
    }

    fn read_csv(&mut self, name: Option<&str>, bytes: &[u8], mapping: Option<&Mapping>) -> Result<SourceInfo, InputError> {
        let given = mapping.map(|m| m.clone().resolve()).transpose()?;
        let rows = CsvRows::open(bytes, given.as_ref().and_then(|m| m.separator.as_deref()))?;
        let (mapping, detection) = match given {
            Some(m) => (m, None),
            None => {
                let found = detect(rows.header(), None).ok_or_else(|| unknown_header(rows.header(), "the header"))?;
                (found.mapping.clone(), Some(found))
            }
        };
        let mut info = SourceInfo { name: name.map(str::to_string), format: "csv".into(), separator: Some(rows.separator().to_string()), ..SourceInfo::default() };
        self.read_rows(&rows, &mapping, detection, &mut info)?;
        Ok(info)
    }

    /// Warns when a preset the user named reads the file as another kind of record than the one
    /// detection finds with confidence: one `--preset` given for several files (the CLI applies it
    /// to each) read a Salesforce OpportunityHistory export as 48 deals beside the 36 real ones.
    fn contradicted(&mut self, name: &str, mapping: &Mapping, header: &[String]) {
        let Some(found) = detect(header, mapping.records_at.as_deref()) else { return };
        let (given, seen) = (mapping.kind(), found.mapping.kind());
        if found.confidence < WEAK || given == seen {
            return;
        }
        let detected = found.mapping.preset.as_deref().unwrap_or("custom");
        let message = format!(
            "the file was read as {} (preset {name}) but its columns look like {} (preset {detected}, confidence {:.2}): name the preset of each file, or let it be detected",
            given.name(),
            seen.name(),
            found.confidence
        );
        self.builder.warn("preset_contradicted", message, name);
    }

    fn read_rows(&mut self, rows: &dyn Rows, mapping: &Mapping, detection: Option<Detection>, info: &mut SourceInfo) -> Result<(), InputError> {
        let before = self.builder.warnings().to_vec();
        let mut plan = Plan::resolve(mapping, rows.header())?;
        if let Some(name) = mapping.preset.as_deref().filter(|_| detection.is_none()) {
            plan.require(presets::requires(name), mapping, rows.header())?;
            self.contradicted(name, mapping, rows.header());
        }
        info.date_formats = plan.detect_dates(rows)?;
        crate::ingest::csv::numbers::settle(&mut plan, rows, mapping)?;
        info.preset = Some(mapping.preset.clone().unwrap_or_else(|| "custom".into()));
        info.detected = detection.is_some();
        if let Some(d) = detection {
            if d.confidence < WEAK {
                let preset = info.preset.as_deref().unwrap_or_default();
                let runner_up = d.alternatives.first().map_or(String::new(), |c| format!("; {} scored {} against its {}", c.preset, c.score, d.score));
                let message = format!("the file was read as {preset} with confidence {:.2}{runner_up}: name a preset or a mapping if this is wrong", d.confidence);
                self.builder.warn("weak_match", message, preset);
            }
            info.confidence = Some(d.confidence);
            info.evidence = d.evidence;
            info.alternatives = d.alternatives;
        }
        info.kind = Some(plan.kind);
        // Inserted, not `collect()`ed: a BTreeMap built by `collect` sorts its input first, and that
        // sort alone is ~8 KB of Wasm per key and value type.
        info.columns.clear();
        info.columns.extend(plan.fields.iter().map(|(f, c)| (f.to_string(), c.name.clone())));
        info.history_columns.clear();
        info.history_columns.extend(plan.history.iter().map(|(label, c)| (label.clone(), c.name.clone())));
        if !mapping.stages.is_empty() && matches!(plan.kind, RecordKind::Deals | RecordKind::History) {
            let stages = mapping.stages.iter().enumerate().map(|(i, s)| model::Stage {
                id: model::Text(s.id.as_deref().unwrap_or(s.label.trim()).into()),
                label: Some(model::Text(s.label.as_str().into())),
                order: Some(model::Number(i as f64)),
                probability: s.probability.map(model::Number),
                kind: s.kind.as_deref().map(|k| model::Text(k.to_ascii_lowercase().into())),
            });
            self.builder.set_stages(stages.collect()).map_err(|m| InputError::new("invalid_mapping", "mapping.stages", m))?;
        }
        let width = rows.header().len();
        let csv = info.format == "csv";
        let mut converter = Converter { plan: &plan, place: rows.place(), skipped: 0, history_rows: 0 };
        let mut filled = coverage::Counter::new(&plan);
        let builder = &mut self.builder;
        let mut records = 0;
        rows.each(&mut |i, row: &dyn Row| {
            if csv && is_footer(row, width) {
                let message = "rows with a single filled cell (report footers, notes) are skipped";
                builder.warn("skipped_row", message, &format!("{}[{i}]", converter.place));
                converter.skipped += 1;
                return Ok(());
            }
            if converter.add(row, i, builder)? {
                records += 1;
                filled.count(row);
            }
            Ok(())
        })?;
        if rows.preamble() > 0 {
            // Said, not silent: a line taken for a title could have been a record.
            let message = "lines above the header (a report's title or filters) are skipped";
            self.builder.warn_count("skipped_row", message, rows.preamble(), &format!("lines 1-{}", rows.preamble()));
        }
        info.records = records;
        info.skipped = converter.skipped;
        info.history_rows = converter.history_rows;
        info.coverage = filled.finish(&plan);
        info.unread = coverage::unread(&plan, rows.header());
        coverage::check(info, &plan, rows.header(), &mut self.builder)?;
        coverage::duplicates(info, rows.header(), &mut self.builder);
        info.warnings = coverage::new_warnings(&before, self.builder.warnings());
        Ok(())
    }
}

/// The key of a CRM API response's records (HubSpot `results`, Salesforce `records`, Pipedrive
/// `data`), when the document has none of the canonical collections.
pub fn api_records_key(keys: &[String]) -> Option<&'static str> {
    let canonical = ["deals", "leads", "activities", "contacts", "quotas", "forecasts", "settings", "stages", "fx"];
    if keys.iter().any(|k| canonical.contains(&k.as_str())) {
        return None;
    }
    ["results", "records", "data"].into_iter().find(|k| keys.iter().any(|x| x == k))
}

fn unknown_header(header: &[String], place: &str) -> InputError {
    let columns = header.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
    let message = format!(
        "no preset recognises the columns of {place} ({columns}): pass a mapping, or a preset name among {}",
        presets::names().join(", ")
    );
    InputError::new("unknown_format", "", message)
}
