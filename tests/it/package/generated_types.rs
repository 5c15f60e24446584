//! The package's string unions (indicator ids, units, group keys, variants, presets, record
//! kinds, error codes), generated from the core's own lists into `src/wasm_types.generated.d.ts`,
//! which `src/wasm.rs` attaches to the package's `.d.ts` beside the hand-written
//! `src/wasm_types.d.ts`. The test fails when the committed file differs from what the core says
//! now; `SPI_WRITE_TYPES=1 cargo test --test it generated_types` rewrites it.
//!
//! Enum values are read from serde's own derive (the variant names a `Deserialize` enum accepts,
//! see [`variants`]), so a variant added to the Rust enum reaches the union without a list to keep.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use spi_wasm::calendar::Cadence;
use spi_wasm::error::{ERROR_CODES, WARNING_CODES};
use spi_wasm::health::checks::CHECK_IDS;
use spi_wasm::indicators;
use spi_wasm::ingest::mapping::RecordKind;
use spi_wasm::ingest::presets;
use spi_wasm::query::{CoverageBase, StageConversion, GROUP_KEYS};
use spi_wasm::store::{FxBasis, OwnerBasis};
use std::cell::Cell;
use std::path::Path;

const FILE: &str = "src/wasm_types.generated.d.ts";
const REGENERATE: &str = "SPI_WRITE_TYPES=1 cargo test --test it generated_types";

/// A deserializer that only records the variant names an enum's `Deserialize` asks for.
struct Names<'a>(&'a Cell<&'static [&'static str]>);

impl<'de> Deserializer<'de> for Names<'_> {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not an enum"))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.set(variants);
        Err(de::Error::custom("names read"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The names a `Deserialize` enum reads, in declaration order.
fn variants<'de, T: Deserialize<'de>>() -> Vec<String> {
    let names = Cell::new(&[][..]);
    let _ = T::deserialize(Names(&names));
    assert!(!names.get().is_empty(), "{} is not a serde enum", std::any::type_name::<T>());
    names.get().iter().map(|s| s.to_string()).collect()
}

/// `value` as serde writes it (a unit enum variant as its string).
fn serialized<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("expected a string, got {other:?}"),
    }
}

/// Keeps the first of each value.
fn distinct(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// `/** doc */ export type Name = | "a" | "b";`, one value a line.
fn union(out: &mut String, doc: &str, name: &str, values: &[String], extra: &[&str]) {
    assert!(!values.is_empty(), "{name}: no values");
    out.push_str(&format!("\n/** {doc} */\nexport type {name} =\n"));
    for v in values {
        assert!(v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{name}: odd value {v:?}");
        out.push_str(&format!("  | \"{v}\"\n"));
    }
    for e in extra {
        out.push_str(&format!("  | {e}\n"));
    }
    // The last line ends the statement.
    out.pop();
    out.push_str(";\n");
}

fn render() -> String {
    let defs = indicators::all();
    let mut out = String::from(
        "// ---- spi-wasm: unions generated from the core's lists (tests/it/package/generated_types.rs) ----\n\
         // Do not edit: `SPI_WRITE_TYPES=1 cargo test --test it generated_types` rewrites this file.\n",
    );
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    union(&mut out, "Indicator ids, in report order (see `catalog()` and docs/indicators.md).", "SpiIndicatorId", &distinct(defs.iter().map(|d| d.id.to_string())), &[]);
    union(&mut out, "What an indicator's value measures.", "SpiUnit", &distinct(defs.iter().map(|d| serialized(&d.unit))), &[]);
    union(&mut out, "Which direction of an indicator is good news.", "SpiBetter", &distinct(defs.iter().map(|d| serialized(&d.better))), &[]);
    union(&mut out, "Whether an indicator has a series (`period`) or is a state as of `asOf` (`snapshot`).", "SpiTiming", &distinct(defs.iter().map(|d| serialized(&d.timing))), &[]);
    union(&mut out, "Which compact views show an indicator (see `SpiCatalogEntry`).", "SpiHeadline", &distinct(defs.iter().map(|d| serialized(&d.headline))), &[]);
    union(&mut out, "Series bucket sizes.", "SpiCadence", &variants::<Cadence>(), &[]);
    union(
        &mut out,
        "Keys to split indicators by: a fixed key or `attributes.<name>`.",
        "SpiGroupKey",
        &s(&GROUP_KEYS.map(|(n, _)| n)),
        &["`attributes.${string}`"],
    );
    union(&mut out, "`variants.stageConversion`: which deals count as converting at a stage.", "SpiStageConversionVariant", &variants::<StageConversion>(), &[]);
    union(&mut out, "`variants.pipelineCoverage`: the coverage denominator.", "SpiCoverageVariant", &variants::<CoverageBase>(), &[]);
    union(&mut out, "`variants.fx`: which fx rate converts deal amounts.", "SpiFxVariant", &variants::<FxBasis>(), &[]);
    union(&mut out, "`variants.owner`: whose group a deal falls in when grouping by owner.", "SpiOwnerVariant", &variants::<OwnerBasis>(), &[]);
    union(&mut out, "Mapping presets (see docs/input-formats.md).", "SpiPreset", &presets::names(), &[]);
    union(&mut out, "What one source file holds.", "SpiRecordKind", &distinct(RecordKind::ALL.iter().map(|k| k.name().to_string())), &[]);
    union(&mut out, "The stable codes of {@link SpiError}.", "SpiErrorCode", &s(ERROR_CODES), &[]);
    union(&mut out, "The codes of {@link SpiWarning}s: recoverable input problems, counted.", "SpiWarningCode", &s(WARNING_CODES), &[]);
    union(&mut out, "The ids of the data health checks (spec section 5).", "SpiCheckId", &s(CHECK_IDS), &[]);
    out
}

#[test]
fn the_committed_unions_are_what_the_core_lists() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let now = render();
    if std::env::var_os("SPI_WRITE_TYPES").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == now, "{FILE} differs from what the core lists now; regenerate it with `{REGENERATE}`");
}

/// Record kinds and presets come from lists; the unions must not lose one to a duplicate name.
#[test]
fn every_listed_value_is_distinct() {
    assert_eq!(distinct(RecordKind::ALL.iter().map(|k| k.name().to_string())).len(), RecordKind::ALL.len());
    let names = presets::names();
    assert_eq!(distinct(names.clone()).len(), names.len(), "{names:?}");
    assert_eq!(distinct(ERROR_CODES.iter().map(|c| c.to_string())).len(), ERROR_CODES.len());
}

/// Every file under `dir` ending in `ext`, recursively.
fn files(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The codes `text` writes as literals after one of `markers`: the first string literal before
/// the call's first `)` (a code passed in a variable is not seen).
fn literal_codes(text: &str, markers: &[&str], found: &mut std::collections::BTreeSet<String>) {
    for marker in markers {
        for (at, _) in text.match_indices(marker) {
            let rest = &text[at + marker.len()..];
            let call = &rest[..rest.find(')').unwrap_or(rest.len())];
            let Some(open) = call.find('"') else { continue };
            if call[..open].contains('=') {
                continue; // a comparison (`code === "string"`), not a code
            }
            let Some(len) = call[open + 1..].find('"') else { continue };
            let code = &call[open + 1..open + 1 + len];
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                found.insert(code.to_string());
            }
        }
    }
}

/// The literal codes after `markers` in every file under `dir` ending in `ext`.
fn scan(dir: &str, ext: &str, markers: &[&str]) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut paths = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), ext, &mut paths);
    for path in &paths {
        literal_codes(&std::fs::read_to_string(path).unwrap(), markers, &mut found);
    }
    found
}

/// `list` is exactly `found`: a code written but unlisted would be missing from its union, a
/// listed code nobody writes would promise a case that never comes.
fn same(list: &[&str], found: &std::collections::BTreeSet<String>, name: &str) {
    let listed: std::collections::BTreeSet<String> = list.iter().map(|c| c.to_string()).collect();
    let unlisted: Vec<_> = found.difference(&listed).collect();
    let unused: Vec<_> = listed.difference(found).collect();
    assert!(unlisted.is_empty() && unused.is_empty(), "add to {name}: {unlisted:?}; written nowhere: {unused:?}");
    assert!(found.len() >= 10, "the scan found too few codes to be working: {found:?}");
}

#[test]
fn error_codes_match_the_sources() {
    let mut found = scan("src", "rs", &["InputError::new(", "boundary_error(", "json_text(", "read_strict("]);
    found.extend(scan("js", "js", &["code: ", "SpiError.from("]));
    same(ERROR_CODES, &found, "ERROR_CODES (src/error.rs)");
}

#[test]
fn warning_codes_match_the_sources() {
    // `Some(("`: the amount screen (src/store/screen.rs) returns its code with its message.
    let markers = ["warnings.add(", "warnings.add_count(", "warnings.add_counted(", ".warn(", ".warn_count(", "Some(("];
    let mut found = scan("src/store", "rs", &markers);
    found.extend(scan("src/ingest", "rs", &markers));
    same(WARNING_CODES, &found, "WARNING_CODES (src/error.rs)");
}

#[test]
fn health_check_ids_match_the_sources() {
    let found = scan("src/health", "rs", &["check_deals(", "into_check("]);
    same(CHECK_IDS, &found, "CHECK_IDS (src/health/checks.rs)");
}

/// The marked indicator table of docs/indicators.md, generated from the catalog (one row per
/// `Def`: id, label, description, unit and better); `SPI_WRITE_DOCS=1 cargo test --test
/// generated_types` rewrites the section and leaves the rest of the file as written.
mod docs_table {
    use super::{serialized, Path};
    use spi_wasm::indicators;

    const FILE: &str = "docs/indicators.md";
    const BEGIN: &str = "<!-- indicator table: generated from the catalog";
    const END: &str = "<!-- end of the generated indicator table -->";

    fn table() -> String {
        let mut out = String::from("| id | label | definition | unit, better |\n|---|---|---|---|\n");
        for d in indicators::all() {
            assert!(!d.description.contains('|') && !d.label.contains('|'), "{}: a `|` would break the table", d.id);
            // `currency_per_day` reads `currency/day` in prose.
            let unit = serialized(&d.unit).replace("_per_", "/");
            out.push_str(&format!("| `{}` | {} | {} | {unit}, {} |\n", d.id, d.label, d.description, serialized(&d.better)));
        }
        out
    }

    /// `text` with the lines between the markers (the begin marker's line kept) replaced by `table`.
    fn with_table(text: &str, table: &str) -> Option<String> {
        let begin = text.find(BEGIN)?;
        let body = begin + text[begin..].find('\n')? + 1;
        let end = body + text[body..].find(END)?;
        Some(format!("{}{table}{}", &text[..body], &text[end..]))
    }

    #[test]
    fn the_committed_indicator_table_is_the_catalog() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let now = with_table(&committed, &table()).unwrap_or_else(|| panic!("{FILE} lost its markers ({BEGIN}... {END})"));
        if std::env::var_os("SPI_WRITE_DOCS").is_some() {
            std::fs::write(&path, &now).unwrap();
            return;
        }
        assert!(committed == now, "{FILE}'s indicator table differs from the catalog; regenerate it with `SPI_WRITE_DOCS=1 cargo test --test it generated_types`");
    }

    /// The marked section is found, replaced whole, and nothing around it moves.
    #[test]
    fn only_the_marked_section_is_rewritten() {
        let text = format!("before\n{BEGIN} note -->\n| old |\n| rows |\n{END}\nafter\n");
        assert_eq!(with_table(&text, "| new |\n").as_deref(), Some(format!("before\n{BEGIN} note -->\n| new |\n{END}\nafter\n").as_str()));
        assert_eq!(with_table("no markers", "| new |\n"), None);
    }
}
