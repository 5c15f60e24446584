//! `spi`: the native command-line face of spi-wasm.
//!
//! - `spi report --data FILE [--data FILE ...] [--mapping MAPPING.json | --preset NAME]
//!   [--settings SETTINGS.json] [--query QUERY.json] [--pretty]` prints the report as JSON (exit 0), or the structured error
//!   on stderr (exit 2). Each FILE is canonical JSON, a CSV export or a CRM API response (told
//!   apart by content); a `--mapping` or `--preset` applies to the nearest CSV/API file before it
//!   (or, when none precedes, the first after it). The preset chosen for each file is noted on
//!   stderr. `--settings` (a settings object, or `{"settings": {...}}`) wins over the settings
//!   found in the files, field by field. `--threads N` reads a large canonical JSON file (16 MB or
//!   more; `SPI_SPLIT_MIN=BYTES` changes the size, for tests) in N parts on N threads, merged
//!   into the store one read gives; by default N is the number of cores, and `--threads 1` (or
//!   `SPI_THREADS=1`) reads in one pass.
//! - `spi generate --deals N --seed S [--as-of DATE] [--owners K] [--deals-only]` writes a deterministic synthetic dataset to stdout.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

use spi_wasm::generate::{generate, GenerateOptions};
use spi_wasm::{Dataset, InputError, Mapping, Query};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:\n  spi report --data FILE [--data FILE ...] [--mapping MAPPING.json | --preset NAME] [--settings SETTINGS.json] [--query QUERY.json] [--threads N] [--pretty]\n  spi generate --deals N --seed S [--as-of DATE] [--owners K] [--deals-only]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((command, rest)) if command == "report" => run_report(rest),
        Some((command, rest)) if command == "generate" => run_generate(rest),
        _ => Err(Failure::Usage(USAGE.to_string())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(Failure::Input(source, e)) => {
            let json = serde_json::json!({ "error": { "code": e.code(), "path": e.path(), "message": e.message(), "source": source } });
            eprintln!("{json}");
            eprintln!("{source}: {e}");
            ExitCode::from(2)
        }
    }
}

/// Why the command failed.
enum Failure {
    /// Bad arguments or unreadable files.
    Usage(String),
    /// Invalid data or query: the file and the structured error.
    Input(String, InputError),
}

/// The value following `--name`, if present.
fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}

fn read(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Usage(format!("cannot read {path}: {e}")))
}

/// One `--data` file with the mapping attached to it.
struct DataFile {
    path: String,
    bytes: Vec<u8>,
    mapping: Option<Mapping>,
}

/// True for files a mapping can apply to: CSV, or JSON shaped like a CRM API response.
fn mappable(bytes: &[u8]) -> bool {
    if !spi_wasm::ingest::sources::looks_like_json(bytes) {
        return true;
    }
    let keys = spi_wasm::ingest::api::top_level_keys(bytes).unwrap_or_default();
    spi_wasm::ingest::sources::api_records_key(&keys).is_some()
}

/// Reads `--data` files and attaches each `--mapping` / `--preset` to its file.
fn data_files(args: &[String]) -> Result<Vec<DataFile>, Failure> {
    let mut files: Vec<DataFile> = Vec::new();
    let mut pending: Vec<(String, Mapping)> = Vec::new();
    let mut args = args.iter();
    while let Some(name) = args.next() {
        if !matches!(name.as_str(), "--data" | "--mapping" | "--preset" | "--query" | "--settings") {
            continue;
        }
        let Some(value) = args.next().cloned() else { return Err(Failure::Usage(USAGE.to_string())) };
        match name.as_str() {
            "--data" => {
                let bytes = read(&value)?;
                let mapping = if mappable(&bytes) && !pending.is_empty() { Some(pending.remove(0).1) } else { None };
                files.push(DataFile { path: value, bytes, mapping });
            }
            "--mapping" | "--preset" => {
                let text = if name == "--mapping" { String::from_utf8_lossy(&read(&value)?).into_owned() } else { value.clone() };
                let mapping = Mapping::parse(&text).map_err(|e| Failure::Input(value.clone(), e))?;
                match files.iter_mut().rev().find(|f| mappable(&f.bytes)) {
                    Some(f) if f.mapping.is_none() => f.mapping = Some(mapping),
                    _ => pending.push((value, mapping)),
                }
            }
            _ => {} // --query, --settings: read by run_report
        }
    }
    if let Some((name, _)) = pending.first() {
        return Err(Failure::Usage(format!("{name}: no CSV or CRM API --data file for this mapping")));
    }
    if files.is_empty() {
        return Err(Failure::Usage(USAGE.to_string()));
    }
    Ok(files)
}

/// How a large JSON file is read: `--threads N`, else `SPI_THREADS`, else one thread per core;
/// `SPI_SPLIT_MIN` overrides the size below which a file is read in one pass.
fn split(args: &[String]) -> Result<spi_wasm::ingest::stream::parts::Split, Failure> {
    let number = |name: &str, value: &str| value.parse::<usize>().map_err(|_| Failure::Usage(format!("{name}: not a number: {value:?}")));
    let parts = match (flag(args, "--threads"), std::env::var("SPI_THREADS").ok()) {
        (Some(n), _) => number("--threads", n)?,
        (None, Some(n)) => number("SPI_THREADS", &n)?,
        (None, None) => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut split = spi_wasm::ingest::stream::parts::Split { parts: parts.max(1), ..Default::default() };
    if let Ok(min) = std::env::var("SPI_SPLIT_MIN") {
        split.min_bytes = number("SPI_SPLIT_MIN", &min)?;
    }
    Ok(split)
}

/// Refuses what `report` would not read. A file after `--data FILE` without a `--data` of its
/// own (the shell's `--data *.csv` writes every file but the first so) would be left out unread,
/// and a misspelled option ignored: the report would then count less than the user gave it, with
/// nothing said. (`generate` refuses its unknown arguments the same way.)
fn check_report_args(args: &[String]) -> Result<(), Failure> {
    let mut args = args.iter();
    while let Some(name) = args.next() {
        match name.as_str() {
            "--pretty" => {}
            "--data" | "--mapping" | "--preset" | "--query" | "--settings" | "--threads" => {
                if args.next().is_none() {
                    return Err(Failure::Usage(format!("{name} needs a value\n{USAGE}")));
                }
            }
            other if !other.starts_with("--") => {
                return Err(Failure::Usage(format!("{other:?}: each file needs a --data of its own (--data A.csv --data B.csv)\n{USAGE}")));
            }
            other => return Err(Failure::Usage(format!("unknown argument {other:?}\n{USAGE}"))),
        }
    }
    Ok(())
}

fn run_report(args: &[String]) -> Result<(), Failure> {
    check_report_args(args)?;
    let mut sources = Dataset::builder();
    sources.set_split(split(args)?);
    for file in data_files(args)? {
        // Named as the page and the package name it (the file's name, not its path), so that
        // warnings and reports read the same everywhere.
        let name = std::path::Path::new(&file.path).file_name().map_or(file.path.clone(), |n| n.to_string_lossy().into_owned());
        sources.add(Some(&name), &file.bytes, file.mapping.as_ref()).map_err(|e| Failure::Input(file.path.clone(), e))?;
    }
    if let Some(path) = flag(args, "--settings") {
        let settings = spi_wasm::ingest::settings::parse_file(&read(path)?).map_err(|e| Failure::Input(path.to_string(), e))?;
        sources.override_settings(settings);
    }
    let dataset = sources.finish().map_err(|e| Failure::Input("data".to_string(), e))?;
    // Said after the report, so that a failure's first stderr line stays its JSON error; taken
    // from the finished dataset, whose sources carry the warnings only all files together decide
    // (an API page whose other pages are missing).
    let described: Vec<String> = dataset.sources().iter().map(describe).collect();
    let query = match flag(args, "--query") {
        Some(path) => Query::from_json(&read(path)?).map_err(|e| Failure::Input(path.to_string(), e))?,
        None => Query::default(),
    };
    let report = dataset.report(&query).map_err(|e| Failure::Input("query".to_string(), e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = if args.iter().any(|a| a == "--pretty") {
        serde_json::to_writer_pretty(&mut out, &report)
    } else {
        serde_json::to_writer(&mut out, &report)
    };
    written.map_err(|e| Failure::Usage(format!("cannot write the report: {e}")))?;
    writeln!(out).and_then(|()| out.flush()).map_err(|e| Failure::Usage(format!("cannot write the report: {e}")))?;
    for line in described {
        eprintln!("{line}");
    }
    let summary = dataset.summary();
    for flag in &summary.flags {
        eprintln!("check: {}", flag.message);
    }
    if let Some(line) = empty_period(&summary, &report) {
        eprintln!("{line}");
    }
    Ok(())
}

/// Says, as the page's period flag does, when the report's period holds no closed deal: win
/// rate, deal size and cycle are then empty for a reason that is the query's, not the data's, and
/// the closes may all lie elsewhere (a bulk-loaded org's deals closed before they were created).
fn empty_period(summary: &spi_wasm::Summary, report: &spi_wasm::report::Report) -> Option<String> {
    let win = report.indicators.iter().find(|i| i.id == "win_rate")?;
    if win.figure.sample_size > 0 || summary.deals == 0 {
        return None;
    }
    let day = |iso: &str| iso.get(..10).unwrap_or(iso).to_string();
    let (from, to) = (day(&report.query.from), day(&report.query.to));
    Some(match (&summary.first_close, &summary.last_close) {
        (Some(first), Some(last)) => format!(
            "period: no deal closed between {from} and {to}: win rate, deal size and cycle are empty; deals close from {} to {} (give --query with a \"from\" and \"to\" there)",
            day(first),
            day(last)
        ),
        // Closed deals with no close date (a close date column not read) are not "no closed deal".
        _ => match summary.warnings.iter().find(|w| w.code == "closed_without_date") {
            Some(w) => format!("period: {} deals are closed but none has a close date: win rate, deal size and cycle are empty in every period; map the column that holds the close date (closedAt)", w.count),
            None => "period: no deal in the data is closed (won or lost): win rate, deal size and cycle are empty in every period; check that the export has the stage, won and closed columns".to_string(),
        },
    })
}

/// One source as the CLI's stderr tells it: the preset, how sure, the evidence, what it read
/// and what it left, and its warnings.
fn describe(info: &spi_wasm::SourceInfo) -> String {
    let name = info.name.as_deref().unwrap_or("input");
    if info.format == "json" {
        return format!("{name}: canonical JSON");
    }
    let kind = info.kind.map_or("records", |k| k.name());
    let preset = info.preset.as_deref().unwrap_or("custom");
    let how = match info.confidence {
        Some(c) => format!("detected, confidence {c:.2}"),
        None => "given".to_string(),
    };
    let mut out = format!("{name}: preset {preset} ({how}), {} {kind}", info.records);
    if info.skipped > 0 {
        out.push_str(&format!(", {} rows skipped", info.skipped));
    }
    if info.history_rows > 0 && info.kind.map(|k| k.name()) != Some("history") {
        out.push_str(&format!(", {} history entries", info.history_rows));
    }
    if !info.evidence.is_empty() {
        out.push_str(&format!("\n  evidence: {}", info.evidence.join(", ")));
    }
    if let Some(next) = info.alternatives.first() {
        out.push_str(&format!("\n  runner-up: {} (score {})", next.preset, next.score));
    }
    let coverage: Vec<String> = info.coverage.iter().map(|c| format!("{} {}/{}", c.field, c.filled, info.records)).collect();
    if !coverage.is_empty() {
        out.push_str(&format!("\n  coverage: {}", coverage.join(", ")));
    }
    if !info.unread.is_empty() {
        out.push_str(&format!("\n  unread columns: {}", info.unread.join(", ")));
    }
    for w in &info.warnings {
        out.push_str(&format!("\n  warning {} ({}): {}", w.code, w.count, w.message));
    }
    out
}

/// Parses the `generate` arguments (those after the subcommand) and streams the dataset to stdout.
fn run_generate(args: &[String]) -> Result<(), Failure> {
    let mut opts = GenerateOptions::default();
    let mut it = args.iter();
    while let Some(name) = it.next() {
        if name == "--deals-only" {
            // Deals (with history), settings and targets only: no leads, activities or contacts.
            opts.deals_only = true;
            continue;
        }
        let value = it.next().ok_or_else(|| Failure::Usage(format!("{name} needs a value\n{USAGE}")))?;
        let number = || value.parse::<u64>().map_err(|_| Failure::Usage(format!("{name}: not a number: {value:?}")));
        match name.as_str() {
            "--deals" => opts.deals = number()? as usize,
            "--seed" => opts.seed = number()?,
            // The options hold a &'static str; leaking one short string in a one-shot CLI is fine.
            "--as-of" => opts.as_of = Box::leak(value.clone().into_boxed_str()),
            "--owners" => opts.owners = number()? as usize,
            _ => return Err(Failure::Usage(format!("unknown argument {name:?}\n{USAGE}"))),
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    match generate(&opts, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // `spi generate ... | head` closes the pipe early: that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Usage(format!("generate: {e}"))),
    }
}
