//! The layers point one way (docs/architecture.md): only the command line (`src/cli.rs`),
//! the command handlers (`src/cmd/`) and the crate root know clap or the command-line
//! types; nothing below the handlers calls into them; and decks reach the progress store
//! only through the `IndexCache` trait. This reads the project's own sources, so a new
//! `use` that breaks the rule fails here, with the file and line.
//!
//! Also here: the binary's `completions` and `man`, which describe that command line.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Whether `name` is one of `files` or under one of them (a prefix ending in `/`).
fn among(name: &str, files: &[&str]) -> bool {
    files
        .iter()
        .any(|f| name == *f || (f.ends_with('/') && name.starts_with(f)))
}

/// Every `.rs` file under `src/`, as a path relative to the crate (`src/deck/index.rs`)
/// and its text.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(root).unwrap();
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// `file:line: text` of each line that mentions a `needle`, in the files `checked`.
fn offences(checked: impl Fn(&str) -> bool, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, text) in sources() {
        if !checked(&name) {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_sources_are_found() {
    let names: Vec<String> = sources().into_iter().map(|(name, _)| name).collect();
    for expected in [
        "src/lib.rs",
        "src/cli.rs",
        "src/cmd/mod.rs",
        "src/deck/index.rs",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
}

#[test]
fn only_the_command_line_and_its_handlers_know_clap() {
    let found = offences(
        |name| !among(name, &["src/cli.rs", "src/cmd/", "src/lib.rs"]),
        &["clap::", "crate::cli", "use clap", "ValueEnum"],
    );
    assert!(
        found.is_empty(),
        "clap or the command-line types below `cmd` (take a plain option struct instead):\n{}",
        found.join("\n")
    );
}

#[test]
fn nothing_below_the_handlers_calls_into_them() {
    let found = offences(
        |name| !among(name, &["src/cmd/", "src/lib.rs"]),
        &["crate::cmd", "super::cmd"],
    );
    assert!(
        found.is_empty(),
        "`cmd` used from below it (move the helper down, or pass it in):\n{}",
        found.join("\n")
    );
}

#[test]
fn decks_reach_the_store_only_through_the_index_cache() {
    let found = offences(
        |name| among(name, &["src/deck/"]),
        &["crate::store", "store::"],
    );
    assert!(
        found.is_empty(),
        "the deck layer names the store (use deck::index::IndexCache):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checks_see_an_offence() {
    // The scan is not vacuous: the files allowed to know clap do mention it.
    assert!(!offences(|_| true, &["clap::"]).is_empty());
    assert!(!offences(|_| true, &["crate::cmd"]).is_empty());
    assert!(among("src/cmd/test.rs", &["src/cmd/"]));
    assert!(!among("src/cmdline.rs", &["src/cmd/"]));
    assert!(!among("src/cli.rs.bak", &["src/cli.rs"]));
}

#[test]
fn each_shells_completion_script_completes_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = Command::cargo_bin("upsc")
            .unwrap()
            .args(["completions", shell])
            .env("UPSC_HOME", "/nonexistent/upsc-home-is-not-needed")
            .output()
            .unwrap();
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains("review"), "{shell}: {script}");
    }
    let output = Command::cargo_bin("upsc")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert_eq!(error.lines().count(), 1, "{error}");
}

#[test]
fn the_man_page_is_roff_starting_with_its_title() {
    let output = Command::cargo_bin("upsc")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(
        page.starts_with(".TH upsc 1"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains(".SH NAME"));
    assert!(page.contains("mistakes"));
}
