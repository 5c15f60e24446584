//! `spi`: the native command-line face of spi-wasm.
//!
//! - `spi report --data FILE [--data FILE ...] [--mapping M.json | --preset NAME] [--query QUERY.json]
//!   [--pretty]` prints the report as JSON (exit 0), or the structured error on stderr (exit 2).
//!   Each `--data` is canonical JSON, a CSV export or a CRM API answer (by extension, else by
//!   content); they are read into one dataset. `--mapping`/`--preset` apply to the `--data` they
//!   follow, or, given before any `--data`, to every CSV file.
//! - `spi generate --deals N --seed S` writes a deterministic synthetic dataset to stdout.

use spi_wasm::{Dataset, InputError, Query};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:\n  spi report --data FILE [--data FILE ...] [--mapping MAPPING.json | --preset NAME] [--query QUERY.json] [--pretty]\n  spi generate --deals N --seed S [--as-of DATE]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("report") => run_report(&args[1..]),
        Some("generate") => run_generate(&args[1..]),
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

/// One `--data` file and the mapping (JSON text) or preset name that applies to it.
struct Input {
    path: String,
    mapping: Option<String>,
}

/// The `--data` files in order, each with the `--mapping`/`--preset` that follows it; one given
/// before any `--data` applies to every CSV file without its own.
fn inputs(args: &[String]) -> Result<Vec<Input>, Failure> {
    let mut out: Vec<Input> = Vec::new();
    let mut global = None;
    let mut i = 0;
    while i < args.len() {
        let value = || args.get(i + 1).cloned().ok_or_else(|| Failure::Usage(USAGE.to_string()));
        let mapping = match args[i].as_str() {
            "--data" => {
                out.push(Input { path: value()?, mapping: None });
                None
            }
            "--mapping" => {
                let path = value()?;
                Some(String::from_utf8(read(&path)?).map_err(|_| Failure::Usage(format!("{path} is not UTF-8 text")))?)
            }
            "--preset" => Some(value()?),
            _ => {
                i += 1;
                continue;
            }
        };
        if let Some(m) = mapping {
            match out.last_mut() {
                Some(last) => last.mapping = Some(m),
                None => global = Some(m),
            }
        }
        i += 2;
    }
    if out.is_empty() {
        return Err(Failure::Usage(USAGE.to_string()));
    }
    for input in out.iter_mut().filter(|i| i.mapping.is_none() && !i.path.to_ascii_lowercase().ends_with(".json")) {
        input.mapping.clone_from(&global);
    }
    Ok(out)
}

fn run_report(args: &[String]) -> Result<(), Failure> {
    let mut builder = Dataset::builder();
    for input in inputs(args)? {
        let bytes = read(&input.path)?;
        builder = builder.file(&input.path, &bytes, input.mapping.as_deref()).map_err(|e| Failure::Input(input.path.clone(), e))?;
    }
    let dataset = builder.finish().map_err(|e| Failure::Input("data".to_string(), e))?;
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
    writeln!(out).and_then(|()| out.flush()).map_err(|e| Failure::Usage(format!("cannot write the report: {e}")))
}

fn run_generate(_args: &[String]) -> Result<(), Failure> {
    Err(Failure::Usage("generate: not built yet".to_string()))
}
