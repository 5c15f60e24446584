//! The crate's layers point down: a module reaches only modules of its own layer or of a lower
//! one, never up. The list is
//!
//! foundation (text, sort, stats, error, unit_enum -> time, zone, model -> cadence -> retail_calendar ->
//! calendar) -> store (with query, periods) -> ingest -> indicators -> health (checks | insights)
//! -> report -> dataset -> wasm
//!
//! and `src/bin` uses the library only through its public API. This test reads every file of
//! `src/` and fails on any `crate::` or `super::` path that names a module of a higher layer, or
//! that crosses one of the small circles broken by a shared leaf module ([`FORBIDDEN`]). Comments
//! and string literals are not code and `#[cfg(test)]` items are exempt: a unit test may build a
//! whole dataset to check a low-level function.

use std::collections::BTreeMap;
use std::path::Path;

/// Every top-level module of `src/`, lowest layer first. Modules of one entry may use each other.
const LAYERS: &[&[&str]] = &[
    // Foundation: leaves any layer may use.
    &["text", "sort", "pairs", "stats", "stats_km", "error", "json_path", "unit_enum"],
    &["time", "zone", "tzdb", "model"],
    // What calendar and retail_calendar share: the leaf that breaks their circle.
    &["cadence"],
    &["retail_calendar"],
    &["calendar", "business_hours", "generate"],
    &["store", "query", "periods"],
    &["ingest", "json_shape"],
    &["indicators"],
    &["health"],
    &["report"],
    &["dataset", "read_flags"],
    &["wasm"],
];

/// Paths that would close a circle inside a layer, or join its two parts: (module, what it must
/// not use). Each circle's shared items live in a leaf module both sides use (`ingest::mapping` holds the mapping types
/// that the presets and the CSV plan read; `ingest::collections` holds what `ingest::json` and
/// `ingest::stream` both read).
const FORBIDDEN: &[(&str, &str)] = &[
    // Health is two parts: the data checks read the store alone; the insights (anomalies,
    // drivers, actions) read the figures and the checks, never the other way.
    ("health::checks", "indicators"),
    ("health::checks", "health::anomalies"),
    ("health::checks", "health::drivers"),
    ("health::checks", "health::actions"),
    ("ingest::mapping", "ingest::presets"),
    ("ingest::mapping", "ingest::csv"),
    ("ingest::stream", "ingest::json"),
];

/// A use that points up: the file, the path as written, and why it is refused.
#[derive(Debug, PartialEq)]
struct Upward {
    file: String,
    path: String,
    why: String,
}

/// The layer of a module path (its first segment), `None` for a module the list does not name.
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// `text` without comments and with string and char literals emptied: what is left is code.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = at(i);
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && at(i) != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            i += 2;
            while i < chars.len() && !(at(i) == '*' && at(i + 1) == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (at(i + 1) == '"' || (at(i + 1) == '#' && (at(i + 2) == '"' || at(i + 2) == '#'))) && !at(i.wrapping_sub(1)).is_alphanumeric() {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            let close: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            while j < chars.len() && !chars[j..].starts_with(&close) {
                j += 1;
            }
            out.push_str("\"\"");
            i = j + close.len();
        } else if c == '"' {
            i += 1;
            while i < chars.len() && at(i) != '"' {
                i += if at(i) == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (at(i + 2) == '\'' || at(i + 1) == '\\') {
            // A char literal ('x', '\n', '\u{..}'); a lifetime has no closing quote.
            i += 1;
            while i < chars.len() && at(i) != '\'' {
                i += if at(i) == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `code` without its `#[cfg(test)]` items (an item ends at its first `;`, or at the brace that
/// closes its first `{`).
fn without_tests(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..start]);
        let item = &rest[start + "#[cfg(test)]".len()..];
        let end = match (item.find(';'), item.find('{')) {
            (Some(semi), Some(brace)) if semi < brace => semi + 1,
            (Some(semi), None) => semi + 1,
            (_, Some(brace)) => {
                let mut depth = 0;
                let mut end = item.len();
                for (k, ch) in item.char_indices().skip(brace) {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The module path of a file under `src/`: `store/mod.rs` -> `store`, `ingest/csv/plan.rs` ->
/// `ingest::csv::plan`.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands the path that starts at `text` (just after `crate::` or the `super::` run) into full
/// paths: `a::b` -> [a::b], `{a, b::{c, d}}` -> [a, b::c, b::d].
fn expand(text: &str, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut path = prefix.to_vec();
    loop {
        while bytes.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if bytes.get(i) == Some(&'{') {
            i += 1;
            loop {
                while bytes.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    i += 1;
                }
                if bytes.get(i).is_none_or(|c| *c == '}') {
                    i += 1;
                    return i;
                }
                let rest: String = bytes[i..].iter().collect();
                i += expand(&rest, &path, out).max(1);
            }
        }
        let start = i;
        while bytes.get(i).is_some_and(|c| ident_char(*c)) {
            i += 1;
        }
        if i > start {
            path.push(bytes[start..i].iter().collect());
        }
        let next: String = bytes.get(i..(i + 2).min(bytes.len())).unwrap_or_default().iter().collect();
        if next == "::" && i > start {
            i += 2;
            continue;
        }
        out.push(path);
        return i;
    }
}

/// Every path into the crate that `code` (of the module `module`) names, resolved to full paths
/// from the crate root (`super::` runs resolved against `module`).
fn crate_paths(code: &str, module: &[String]) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let before = if i == 0 { ' ' } else { chars[i - 1] };
        if ident_char(before) || before == '$' || before == ':' {
            i += 1;
            continue;
        }
        let rest: String = chars[i..(i + 200).min(chars.len())].iter().collect();
        let (prefix, skip) = if rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if rest.starts_with("super::") {
            let mut depth = 0;
            let mut r = rest.as_str();
            while let Some(tail) = r.strip_prefix("super::") {
                depth += 1;
                r = tail;
            }
            let keep = module.len().saturating_sub(depth);
            (module[..keep].to_vec(), depth * "super::".len())
        } else {
            i += 1;
            continue;
        };
        let mut paths = Vec::new();
        let used = expand(&rest[skip..], &prefix, &mut paths);
        let written: String = rest[..skip + used].split_whitespace().collect::<Vec<_>>().join(" ");
        for p in paths.into_iter().filter(|p| !p.is_empty()) {
            found.push((written.clone(), p));
        }
        i += skip + used.max(1);
    }
    found
}

/// The items the crate root re-exports (`pub use dataset::{Dataset, Summary}` in `lib.rs`), by
/// name, with the module each comes from.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let code = strip(lib);
    let mut map = BTreeMap::new();
    for statement in code.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else { continue };
        let mut paths = Vec::new();
        expand(path, &[], &mut paths);
        for p in paths {
            if let (Some(first), Some(last)) = (p.first(), p.last()) {
                map.insert(last.clone(), first.clone());
            }
        }
    }
    map
}

/// The upward uses of one file.
fn check(relative: &str, text: &str, exports: &BTreeMap<String, String>) -> Vec<Upward> {
    let module = module_of(relative);
    let Some(own) = module.first().and_then(|m| layer(m)) else {
        return vec![Upward { file: relative.to_string(), path: String::new(), why: "module missing from LAYERS".to_string() }];
    };
    let code = without_tests(&strip(text));
    let mut out = Vec::new();
    for (written, path) in crate_paths(&code, &module) {
        let Some(first) = path.first() else { continue };
        let target = exports.get(first).cloned().unwrap_or_else(|| first.clone());
        let full = path.join("::");
        let up = match layer(&target) {
            Some(theirs) if theirs > own => Some(format!("{target} is above {}", module[0])),
            Some(_) => None,
            None if target.chars().next().is_some_and(char::is_lowercase) => Some(format!("{target} is missing from LAYERS")),
            None => None,
        };
        let own_path = module.join("::");
        let circle = FORBIDDEN.iter().find(|(from, to)| within(&own_path, from) && within(&full, to)).map(|(from, to)| format!("{from} must not use {to}"));
        if let Some(why) = up.or(circle) {
            let found = Upward { file: relative.to_string(), path: written, why };
            if !out.contains(&found) {
                out.push(found);
            }
        }
    }
    out
}

/// `path` is `module` or inside it.
fn within(path: &str, module: &str) -> bool {
    path == module || path.starts_with(&format!("{module}::"))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_module_of_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let exports = root_exports(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut checked = 0;
    for path in files {
        let relative = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        // The crate root declares and re-exports; the binary is another crate (it reads the
        // library's public API only).
        if relative == "lib.rs" || relative.starts_with("bin/") {
            continue;
        }
        checked += 1;
        upward.extend(check(&relative, &std::fs::read_to_string(&path).unwrap(), &exports));
    }
    assert!(checked > 100, "only {checked} files read");
    let listing: Vec<String> = upward.iter().map(|u| format!("{}: `{}` ({})", u.file, u.path, u.why)).collect();
    assert!(upward.is_empty(), "{} upward uses:\n{}", upward.len(), listing.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let is_module = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
        if !is_module || name == "lib" || name == "bin" {
            continue;
        }
        assert!(layer(&name).is_some(), "src/{name} has no layer in LAYERS");
    }
}

fn exports() -> BTreeMap<String, String> {
    root_exports("pub use dataset::{Dataset, Summary};\npub use error::{InputError, Warning};\npub use query::Query;")
}

#[test]
fn the_checker_catches_a_planted_upward_use() {
    let planted = "//! Doc.\nuse crate::time::DAY_MS;\nuse crate::report::Report;\n";
    let found = check("store/planted.rs", planted, &exports());
    assert_eq!(found, vec![Upward { file: "store/planted.rs".into(), path: "crate::report::Report".into(), why: "report is above store".into() }]);
}

#[test]
fn the_checker_reads_groups_root_exports_super_and_inline_paths() {
    // A group naming one upward module among lower ones.
    let found = check("ingest/x.rs", "use crate::{store::Store, health::HealthCheck, error::InputError};", &exports());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].why, "health is above ingest");
    // A root re-export names its module: `crate::Dataset` is the dataset layer.
    assert_eq!(check("indicators/x.rs", "fn f() -> crate::Dataset { todo!() }", &exports())[0].why, "dataset is above indicators");
    // `super::` past the top-level module reaches the crate root.
    assert_eq!(check("store.rs", "use super::report::view;", &exports())[0].why, "report is above store");
    // Inside one module, `super::` stays there.
    assert!(check("store/builder.rs", "use super::super::store::Store; use super::Sym;", &exports()).is_empty());
    // A broken circle stays broken.
    assert_eq!(check("ingest/stream/document.rs", "use crate::ingest::json::COLLECTIONS;", &exports())[0].why, "ingest::stream must not use ingest::json");
    assert_eq!(check("ingest/mapping.rs", "fn f() { super::presets::by_name(\"x\"); }", &exports())[0].why, "ingest::mapping must not use ingest::presets");
}

#[test]
fn the_checker_skips_comments_strings_and_unit_tests() {
    let text = r##"
//! See [`crate::report::view`].
/// Links to [`crate::health`].
fn f() -> &'static str { let _c = '"'; "crate::report" }
/* crate::dataset */
#[cfg(test)]
mod tests {
    use crate::Dataset;
    fn g() { let _ = "}"; }
}
#[cfg(test)]
use crate::report::Report;
fn h() { let _ = r#"crate::wasm"#; }
"##;
    assert_eq!(check("store/x.rs", text, &exports()), vec![]);
    // The same use outside the test module is caught.
    let text = text.replace("#[cfg(test)]\nuse crate::report", "use crate::report");
    assert_eq!(check("store/x.rs", &text, &exports()).len(), 1);
}
