//! No hidden switches and no hidden state: every `UPSC_…` environment variable the
//! program reads is either documented for users in the README, or a test hook compiled
//! only with the `test-hooks` feature (which `cargo test` turns on and a release build
//! never has); and no module outside the terminal's (`src/ui/`) keeps mutable state in a
//! `static`: what a run needs travels in `Config`, a parse context or a store's options.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The `UPSC_…` names quoted on a line.
fn variables(line: &str) -> Vec<String> {
    line.match_indices("\"UPSC_")
        .filter_map(|(at, _)| {
            let name: String = line[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            line[at + 1 + name.len()..].starts_with('"').then_some(name)
        })
        .collect()
}

/// Whether the item around line `at` is compiled only with `test-hooks`: the attribute
/// stands among the attributes and doc comments right above the item's first line.
fn behind_the_feature(lines: &[&str], at: usize) -> bool {
    let Some(start) = (0..=at)
        .rev()
        .find(|&i| lines[i].starts_with("pub fn ") || lines[i].starts_with("fn "))
    else {
        return false;
    };
    lines[..start]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
        .any(|l| l.trim() == "#[cfg(feature = \"test-hooks\")]")
}

#[test]
fn every_environment_variable_is_documented_or_a_test_hook() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut hidden = Vec::new();
    let mut hooks = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may name what they like.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            for name in variables(line) {
                if readme.contains(&name) {
                    continue;
                }
                if behind_the_feature(&lines, at) {
                    hooks += 1;
                    continue;
                }
                hidden.push(format!("{}:{}: {name}", file.display(), at + 1));
            }
        }
    }
    assert!(
        hidden.is_empty(),
        "undocumented environment variables (document them in the README, or compile them \
         only with the `test-hooks` feature):\n{}",
        hidden.join("\n")
    );
    // The sync test's pause is the one hook today; if it moves, this test must follow it.
    assert!(hooks >= 1, "the UPSC_SYNC_PAUSE hook was not found");
}

#[test]
fn the_scanner_sees_a_variable_outside_the_feature() {
    let lines = [
        "/// A hook.",
        "#[cfg(feature = \"test-hooks\")]",
        "pub fn pause() {",
        "    let _ = std::env::var(\"UPSC_X\");",
        "}",
        "pub fn other() {",
        "    let _ = std::env::var(\"UPSC_Y\");",
        "}",
    ];
    assert_eq!(variables(lines[3]), ["UPSC_X"]);
    assert!(behind_the_feature(&lines, 3));
    assert!(!behind_the_feature(&lines, 6));
}

/// A `static` whose value can change after it is made: atomics, locks, cells, `static mut`.
/// (A `OnceLock` of a compiled pattern or a table is made once and never changes.)
fn mutable_static(line: &str) -> bool {
    let line = line.trim_start();
    let declared = line.starts_with("static ") || line.starts_with("pub static ");
    declared
        && (line.contains("static mut ")
            || ["Atomic", "Mutex", "RwLock", "RefCell", "Cell<"]
                .iter()
                .any(|t| line.contains(t)))
}

#[test]
fn no_mutable_statics_outside_the_terminal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let ui = root.join("src/ui");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&ui)) {
        let text = std::fs::read_to_string(file).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (at, line) in text.lines().enumerate() {
            if mutable_static(line) {
                found.push(format!("{}:{}: {}", file.display(), at + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "process-wide mutable state outside src/ui (pass it in instead):\n{}",
        found.join("\n")
    );
    assert!(mutable_static(
        "static BUSY_WAIT_MS: std::sync::atomic::AtomicU64 = AtomicU64::new(1);"
    ));
    assert!(!mutable_static(
        "    static CELL: OnceLock<Regex> = OnceLock::new();"
    ));
}
