//! `spi`: the native command-line face of spi-wasm.
//!
//! - `spi report --data FILE.json [--query QUERY.json] [--pretty]` prints the report as JSON
//!   (exit 0), or the structured error on stderr (exit 2).
//! - `spi generate --deals N --seed S` writes a deterministic synthetic dataset to stdout.

use spi_wasm::{Dataset, InputError, Query};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage:\n  spi report --data FILE.json [--query QUERY.json] [--pretty]\n  spi generate --deals N --seed S [--as-of DATE]";

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

fn run_report(args: &[String]) -> Result<(), Failure> {
    let data_path = flag(args, "--data").ok_or_else(|| Failure::Usage(USAGE.to_string()))?;
    let dataset = Dataset::from_json(&read(data_path)?).map_err(|e| Failure::Input(data_path.to_string(), e))?;
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
