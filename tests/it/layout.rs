//! The shape of `tests/` stays as `tests/README.md` describes it. A file under `tests/it/` that no
//! `mod` declares is silently never compiled, a new top-level `tests/*.rs` is a binary of its own
//! again, and a proptest seed file away from its test is silently never replayed: each of these is
//! easy to get after a merge, and each fails here naming the file.

use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Every file under `dir` ending in `ext`, recursively.
fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn the_only_top_level_rust_test_is_the_wasm_one() {
    let mut extra = Vec::new();
    for entry in std::fs::read_dir(tests_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && name.ends_with(".rs") && name != "wasm_node.rs" {
            extra.push(name);
        }
    }
    assert!(extra.is_empty(), "move {extra:?} into tests/it/<folder>/ and declare it in that folder's mod.rs (tests/README.md)");
}

#[test]
fn every_file_under_it_is_a_declared_module() {
    let it = tests_dir().join("it");
    let mut paths = Vec::new();
    files(&it, "rs", &mut paths);
    assert!(paths.len() > 50, "the walk found too few files to be working: {}", paths.len());
    let mut undeclared = Vec::new();
    for path in &paths {
        let (name, parent) = match path.file_stem().unwrap().to_str().unwrap() {
            "main" if path.parent() == Some(it.as_path()) => continue,
            "mod" => (path.parent().unwrap().file_name().unwrap().to_str().unwrap(), path.parent().unwrap().parent().unwrap()),
            stem => (stem, path.parent().unwrap()),
        };
        // The file that declares `parent`'s children: main.rs at the root, else parent/mod.rs,
        // else parent.rs (a module file with a folder of submodules, as errors/csv.rs).
        let declarer = if parent == it {
            it.join("main.rs")
        } else if parent.join("mod.rs").is_file() {
            parent.join("mod.rs")
        } else {
            parent.with_extension("rs")
        };
        let text = std::fs::read_to_string(&declarer).unwrap_or_default();
        if !text.lines().any(|l| l.trim_start_matches("pub ").trim() == format!("mod {name};")) {
            undeclared.push(path.strip_prefix(&it).unwrap().display().to_string());
        }
    }
    assert!(undeclared.is_empty(), "never compiled, no `mod` declares them: {undeclared:?}");
}

/// proptest looks for `tests/proptest-regressions/<path under tests/it>.txt` (it walks up from
/// the test's source file to the folder holding `main.rs`, and takes the sibling folder).
#[test]
fn every_proptest_seed_file_sits_where_its_test_looks() {
    let seeds = tests_dir().join("proptest-regressions");
    let mut paths = Vec::new();
    // The old place, beside the source file (top-level tests/ or a file merged into tests/it/).
    for entry in std::fs::read_dir(tests_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "proptest-regressions") {
            paths.push(path);
        }
    }
    files(&tests_dir().join("it"), "proptest-regressions", &mut paths);
    files(&seeds, "txt", &mut paths);
    assert!(paths.len() >= 2, "the walk found too few seed files to be working: {paths:?}");
    let lost: Vec<_> = paths
        .iter()
        .filter(|p| match p.strip_prefix(&seeds) {
            Ok(rel) => !tests_dir().join("it").join(rel).with_extension("rs").is_file(),
            Err(_) => true, // a `*.proptest-regressions` file: the name proptest used before tests/it/
        })
        .collect();
    assert!(lost.is_empty(), "seed files no test reads (move to tests/proptest-regressions/<module path>.txt): {lost:?}");
}
