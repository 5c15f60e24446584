//! CSV exports -> store rows, in one streaming pass over the input bytes (two when the day/month
//! order of `a/b/yyyy` dates must first be proven from the values).
//!
//! Separators `,` `;` and tab (detected from the header line unless the mapping says), quoted
//! fields with embedded separators, quotes and newlines, a UTF-8 BOM and CRLF line ends are all
//! accepted. One record buffer is reused for every row; cells are borrowed from it into the model
//! records, which the builder interns at once: no intermediate JSON, no copy of the file.

pub mod columns;
pub mod convert;

use crate::error::InputError;
use crate::ingest::mapping::{Mapping, Plan};
use crate::ingest::presets;
use crate::ingest::values::{date_evidence, DateEvidence, DateFormat};
use crate::model::{quote, Stage};
use crate::store::{SourceInfo, StoreBuilder};
use columns::Columns;
use convert::Converter;

/// What reading one source produced besides its rows: its report and the stages it declares.
pub struct SourceRead {
    /// Where the records came from and how they were read.
    pub info: SourceInfo,
    /// Stages the mapping declares (to be declared once every source is read).
    pub stages: Vec<Stage<'static>>,
}

/// The mapping argument of an entry point: mapping JSON (starting with `{`) or a preset name.
/// Returns the mapping and how it was chosen (`mapping` or `named`).
pub fn mapping_arg(arg: &str) -> Result<(Mapping, &'static str), InputError> {
    if arg.trim_start().starts_with('{') {
        let mapping = Mapping::from_json(arg)?;
        match mapping.preset.clone() {
            Some(name) => Ok((mapping.over(presets::preset(&name)?), "mapping")),
            None => Ok((mapping, "mapping")),
        }
    } else {
        Ok((presets::preset(arg)?, "named"))
    }
}

/// The separator of a header line: the most frequent of `,` `;` tab outside quotes.
fn detect_separator(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'\n' | b'\r' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn reader(bytes: &[u8], separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(separator).flexible(true).has_headers(true).from_reader(bytes)
}

fn csv_error(e: csv::Error, index: usize) -> InputError {
    let line = e.position().map_or(String::new(), |p| format!(" (line {})", p.line()));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => format!("the file is not valid UTF-8{line}: save the export as UTF-8"),
        _ => format!("{e}{line}"),
    };
    InputError::new("invalid_csv", format!("rows[{index}]"), message)
}

/// Reads a CSV export into `b`. `mapping` is mapping JSON or a preset name; without it the preset
/// is chosen from the header, or the columns are read by their canonical names.
pub fn read_csv(bytes: &[u8], mapping: Option<&str>, name: &str, b: &mut StoreBuilder) -> Result<SourceRead, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let given = mapping.map(mapping_arg).transpose()?;
    let declared = match &given {
        Some((m, _)) => Plan::new(m.clone())?.separator,
        None => None,
    };
    let separator = declared.unwrap_or_else(|| detect_separator(bytes));
    let mut rdr = reader(bytes, separator);
    let header: Vec<String> = rdr.headers().map_err(|e| csv_error(e, 0))?.iter().map(|h| h.trim().to_string()).collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let (mapping, chosen) = match given {
        Some(g) => g,
        None => choose(&header_refs)?,
    };
    let plan = Plan::new(mapping)?;
    let columns = Columns::resolve(&plan, &header_refs)?;
    let order = match plan.date_formats {
        Some(_) => None,
        None => date_order(bytes, separator, &columns)?,
    };
    let used = columns.used();
    let mut converter = Converter::new(&plan, columns, order);
    let mut record = csv::StringRecord::new();
    let mut index = 0;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(e, index)),
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        converter.row(&record, index, b)?;
        index += 1;
    }
    let date_format = plan.date_formats.as_ref().and_then(|f| f.first()).copied().or(order).map(|f| f.name().to_string());
    let info = SourceInfo {
        name: name.to_string(),
        format: "csv".into(),
        kind: plan.kind.name().into(),
        preset: plan.preset.clone(),
        chosen: chosen.into(),
        separator: Some((separator as char).to_string()),
        date_format,
        records: converter.records,
        skipped: converter.skipped,
        columns: used,
    };
    if converter.skipped > 0 {
        b.warn("skipped_rows", format!("{name}: rows whose status is listed under statusValues.skip were left out"), &format!("{} rows", converter.skipped));
    }
    Ok(SourceRead { info, stages: converter.stages() })
}

/// The preset the header matches, else reading columns by their canonical names.
fn choose(header: &[&str]) -> Result<(Mapping, &'static str), InputError> {
    if let Some(name) = presets::detect_csv(header) {
        return Ok((presets::preset(name)?, "detected"));
    }
    let canonical = crate::ingest::mapping::fields_of(Default::default());
    let known = header.iter().filter(|h| canonical.iter().any(|(n, _)| crate::ingest::values::normalize(n) == crate::ingest::values::normalize(h))).count();
    if known >= 2 {
        return Ok((Mapping::default(), "canonical"));
    }
    let listing: Vec<String> = header.iter().map(|h| format!("\"{h}\"")).collect();
    let message = format!(
        "no preset recognizes the columns {}: pass a mapping, or a preset name ({})",
        listing.join(", "),
        presets::NAMES.join(", ")
    );
    Err(InputError::new("invalid_mapping", "mapping", message))
}

/// What the values of one date column say about day/month order: (evidence, row, value) firsts.
type Proof = [Option<(usize, String)>; 3];

/// Proves the day/month order of the file's `a/b/yyyy` dates, or refuses to guess.
fn date_order(bytes: &[u8], separator: u8, columns: &Columns) -> Result<Option<DateFormat>, InputError> {
    let cols = columns.date_columns();
    if cols.is_empty() {
        return Ok(None);
    }
    let mut proofs: Vec<Proof> = vec![[None, None, None]; cols.len()];
    let mut rdr = reader(bytes, separator);
    let mut record = csv::StringRecord::new();
    let mut index = 0;
    while rdr.read_record(&mut record).map_err(|e| csv_error(e, index))? {
        for (k, &c) in cols.iter().enumerate() {
            let v = record.get(c).unwrap_or("").trim();
            let slot = match date_evidence(v) {
                DateEvidence::DayFirst => 0,
                DateEvidence::MonthFirst => 1,
                DateEvidence::Ambiguous => 2,
                DateEvidence::None => continue,
            };
            proofs[k][slot].get_or_insert_with(|| (index, v.to_string()));
        }
        index += 1;
    }
    let name = |k: usize| &columns.header[cols[k]];
    let day = proofs.iter().position(|p| p[0].is_some());
    let month = proofs.iter().position(|p| p[1].is_some());
    let ask = "set \"dateFormat\" in the mapping (\"DD/MM/YYYY\" or \"MM/DD/YYYY\")";
    match (day, month) {
        (Some(d), Some(m)) => {
            let (dr, dv) = proofs[d][0].clone().expect("found");
            let (mr, mv) = proofs[m][1].clone().expect("found");
            let message = format!(
                "dates disagree on their order: column \"{}\" has day-first {} (rows[{dr}]) but column \"{}\" has month-first {} (rows[{mr}]): {ask}",
                name(d), quote(&dv), name(m), quote(&mv)
            );
            Err(InputError::new("ambiguous_dates", format!("rows[{mr}].{}", name(m)), message))
        }
        (Some(_), None) => Ok(Some(DateFormat::DayFirst)),
        (None, Some(_)) => Ok(Some(DateFormat::MonthFirst)),
        (None, None) => match proofs.iter().position(|p| p[2].is_some()) {
            None => Ok(None),
            Some(k) => {
                let (row, value) = proofs[k][2].clone().expect("found");
                let message = format!(
                    "dates in column \"{}\" such as {} could be day-first or month-first, and no date in the file settles it (no day above 12): {ask}",
                    name(k), quote(&value)
                );
                Err(InputError::new("ambiguous_dates", format!("rows[{row}].{}", name(k)), message))
            }
        },
    }
}
