//! The layers point one way (docs/architecture.md): only the command line (`src/cli.rs`),
//! the command handlers (`src/cmd/`) and the crate root know clap or the command-line
//! types; nothing below the handlers calls into them; decks reach the progress store
//! only through the `IndexCache` trait; only the command layer prints (the domain returns
//! its notices, the interactive domain writes through its console); no command calls
//! another command's module; and the exam's policy for a study day is decided in the
//! domain. This reads the project's own sources, so a new `use` or print that breaks a
//! rule fails here, with the file and line.
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

/// The files compiled only for tests: those declared `#[cfg(test)] mod NAME;` (as
/// `src/scheduler/tests.rs`), found from the declarations themselves.
fn test_only_files(sources: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, text) in sources {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            let (Some(module), true) = (
                pair[1]
                    .strip_prefix("mod ")
                    .and_then(|m| m.strip_suffix(';')),
                pair[0] == "#[cfg(test)]",
            ) else {
                continue;
            };
            // A module file's children sit beside it; another file's in a folder of its name.
            let dir = match name.rsplit_once('/') {
                Some((dir, "mod.rs" | "lib.rs" | "main.rs")) => dir.to_string(),
                _ => name.trim_end_matches(".rs").to_string(),
            };
            found.push(format!("{dir}/{module}.rs"));
            found.push(format!("{dir}/{module}/"));
        }
    }
    found
}

/// A source's text without its test modules: what follows a `#[cfg(test)]` that opens a
/// `mod … {` (kept at a file's end by the project's habit) is left out.
fn without_tests(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|pair| {
            pair[0].trim() == "#[cfg(test)]"
                && pair[1].trim_start().starts_with("mod ")
                && pair[1].trim_end().ends_with('{')
        })
        .unwrap_or(lines.len());
    lines[..end].join("\n")
}

/// `file:line: text` of each line outside comments and test code that mentions a
/// `needle`, in the files `checked`.
fn code_offences(checked: impl Fn(&str) -> bool, needles: &[&str]) -> Vec<String> {
    let sources = sources();
    let tests = test_only_files(&sources);
    let tests: Vec<&str> = tests.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for (name, text) in &sources {
        if !checked(name) || among(name, &tests) {
            continue;
        }
        for (n, line) in without_tests(text).lines().enumerate() {
            let code = line.trim();
            if code.starts_with("//") {
                continue;
            }
            if needles.iter().any(|needle| code.contains(needle)) {
                found.push(format!("{name}:{}: {code}", n + 1));
            }
        }
    }
    found
}

/// What prints: the print macros, the standard streams however they are reached, and the
/// project's own writer to them.
const PRINTING: &[&str] = &[
    "print!(",
    "println!(",
    "eprint!(",
    "eprintln!(",
    "dbg!(",
    "stdout()",
    "stderr()",
    "crate::output",
    "outln!(",
    "sayln!(",
];

/// The layers that print: the command layer and the terminal.
const PRINTERS: &[&str] = &[
    "src/cmd/",
    "src/ui/",
    "src/output.rs",
    "src/lib.rs",
    "src/main.rs",
];

/// Prints allowed below the commands, each with how many of its lines print: a file
/// named here may not print more, and once it prints less its entry must go.
// The one left is the sync test's pause (`store::events::pause_point`), compiled only
// with the `test-hooks` feature: it must say where it stopped while it waits to be
// killed, so it cannot return its line. A release build has no print below `cmd`.
const KNOWN_PRINTS: &[(&str, usize)] = &[("src/store/events.rs", 1)];

/// The offending lines of every file that prints outside the printing layers, by file.
fn prints_below_the_commands() -> Vec<(String, Vec<String>)> {
    let mut by_file: Vec<(String, Vec<String>)> = Vec::new();
    for offence in code_offences(|name| !among(name, PRINTERS), PRINTING) {
        let file = offence.split(':').next().unwrap_or_default().to_string();
        match by_file.iter_mut().find(|(f, _)| *f == file) {
            Some((_, lines)) => lines.push(offence),
            None => by_file.push((file, vec![offence])),
        }
    }
    by_file
}

/// The commands: each module directly under `src/cmd/` (a file, or a folder for a
/// command with parts of its own), but for the dispatcher and what the commands share.
const SHARED: &[&str] = &["mod", "report"];

fn commands() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd");
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            name.trim_end_matches(".rs").to_string()
        })
        .filter(|name| !SHARED.contains(&name.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether `code` names the module `module` after `prefix` (`super::due::…`,
/// `super::due;`, `super::{due, …}`), and not a longer name that starts the same.
fn names_module(code: &str, prefix: &str, module: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for (at, _) in code.match_indices(prefix) {
        // `crate::cmd::` or `super::` must not be the tail of a longer path segment.
        if code[..at].ends_with(ident) {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let named = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .any(|item| item.trim().split(|c: char| !ident(c)).next() == Some(module)),
            None => rest
                .strip_prefix(module)
                .is_some_and(|after| !after.starts_with(ident)),
        };
        if named {
            return true;
        }
    }
    false
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
fn only_the_command_layer_and_the_terminal_print() {
    let found = prints_below_the_commands();
    let mut unknown = Vec::new();
    for (file, lines) in &found {
        match KNOWN_PRINTS.iter().find(|(known, _)| known == file) {
            Some((_, allowed)) if lines.len() <= *allowed => {}
            _ => unknown.extend(lines.iter().cloned()),
        }
    }
    assert!(
        unknown.is_empty(),
        "printing below the command layer (return the notice for `cmd` to print, or write \
         through the console the session, the exam screen and the add form have):\n{}",
        unknown.join("\n")
    );
    let stale: Vec<&str> = KNOWN_PRINTS
        .iter()
        .filter(|(known, allowed)| {
            found
                .iter()
                .find(|(file, _)| file == known)
                .is_none_or(|(_, lines)| lines.len() < *allowed)
        })
        .map(|(known, _)| *known)
        .collect();
    assert!(
        stale.is_empty(),
        "these files print less than KNOWN_PRINTS allows; lower or remove their entries: {stale:?}"
    );
}

#[test]
fn no_command_calls_another_commands_module() {
    let commands = commands();
    for expected in ["add", "due", "review", "today", "test", "mistakes"] {
        assert!(
            commands.iter().any(|c| c == expected),
            "{expected} in {commands:?}"
        );
    }
    let mut found = Vec::new();
    for (name, text) in sources() {
        let Some(inside) = name.strip_prefix("src/cmd/") else {
            continue;
        };
        // The command a file belongs to: `src/cmd/test.rs` and `src/cmd/test/sheet.rs`
        // are `test`'s; `src/cmd/mod.rs` dispatches to them all.
        let (owner, nested) = match inside.split_once('/') {
            Some((owner, _)) => (owner, true),
            None => (inside.trim_end_matches(".rs"), false),
        };
        if owner == "mod" {
            continue;
        }
        let parent = if nested { "super::super::" } else { "super::" };
        for (n, line) in without_tests(&text).lines().enumerate() {
            for other in commands.iter().filter(|c| c.as_str() != owner) {
                if names_module(line, "cmd::", other) || names_module(line, parent, other) {
                    found.push(format!("{name}:{}: {} ({other})", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "a command uses another command's module (move what they share into the domain, \
         or into src/cmd/report.rs if it is how both print):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_exam_policy_of_a_study_day_is_decided_in_the_domain() {
    // `cmd` asks `day::plan` for the day (its `ExamPlan` included) and acts on it; the
    // rules themselves (a new card's days before the exam, the final revision's queue,
    // the raw queue before the day's limits and the exam) stay below it.
    let found = code_offences(
        |name| among(name, &["src/cmd/"]),
        &["new_card_days", "final_revision(", "study::plan("],
    );
    assert!(
        found.is_empty(),
        "the exam's policy for a day decided in a command (it is `day::ExamPlan`'s):\n{}",
        found.join("\n")
    );
    let day =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/day.rs")).unwrap();
    assert!(day.contains("pub struct ExamPlan"));
}

#[test]
fn the_checks_see_an_offence() {
    // The scan is not vacuous: the files allowed to know clap do mention it.
    assert!(!offences(|_| true, &["clap::"]).is_empty());
    assert!(!offences(|_| true, &["crate::cmd"]).is_empty());
    assert!(among("src/cmd/test.rs", &["src/cmd/"]));
    assert!(!among("src/cmdline.rs", &["src/cmd/"]));
    assert!(!among("src/cli.rs.bak", &["src/cli.rs"]));
    // The printing layers do print, and the scan sees it.
    assert!(!code_offences(|name| among(name, PRINTERS), PRINTING).is_empty());
    // Test code is left out: files declared `#[cfg(test)] mod …;` and trailing test modules.
    let tests = test_only_files(&sources());
    assert!(
        tests.iter().any(|t| t == "src/scheduler/tests.rs"),
        "{tests:?}"
    );
    assert_eq!(
        without_tests("fn a() {}\n#[cfg(test)]\nmod tests {\n    fn b() {}\n}"),
        "fn a() {}"
    );
    assert_eq!(
        without_tests("#[cfg(test)]\nfn helper() {}\nfn a() {}"),
        "#[cfg(test)]\nfn helper() {}\nfn a() {}"
    );
    // A module named by path, in a group, or as a whole; not a longer name.
    assert!(names_module(
        "let r = super::due::plan();",
        "super::",
        "due"
    ));
    assert!(names_module(
        "use super::{warn, due::DueReport};",
        "super::",
        "due"
    ));
    assert!(names_module(
        "use super::{coach as _, warn};",
        "super::",
        "coach"
    ));
    assert!(names_module("use crate::cmd::source;", "cmd::", "source"));
    assert!(!names_module("use super::dues::x;", "super::", "due"));
    assert!(!names_module("super::super::due::x", "super::", "report"));
    assert!(!names_module(
        "let s = super::settings(config);",
        "super::",
        "seeds"
    ));
    assert!(!names_module("use crate::cmdline::due;", "cmd::", "due"));
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
