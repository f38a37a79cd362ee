//! `upsc::run` called twice in one process, as `just` runs itself in its tests: whatever
//! one run leaves behind in the process must not reach the next. The second run here
//! reads a settings file that no longer names a paper style, so a style kept from the
//! first run (a process-wide default, as there once was) prints the wrong numbering.
//!
//! The two runs need their own data folder, which comes from `UPSC_HOME`; the tests may
//! not set the environment of their own process (`unsafe_code` is forbidden), so the test
//! starts this test binary again with the folder in its environment and runs only the
//! ignored `both_runs` in it.

use std::path::Path;
use std::process::{Command, ExitCode};

/// A deck that names no style, with one statements card asked as written: its items
/// are numbered `1.` in the 2024 style and `I.` in the 2025 style.
const DECK: &str = r#"[deck]
id = "twice"
title = "Twice"

[[card]]
id = "two-facts"
kind = "statements"
stem = "Consider the following statements :"
statements = [
  { text = "The first statement is true.", correct = true },
  { text = "The second statement is false.", correct = false, why = "It says so." },
]
form = "which"
shuffle = false
source = "adda247-notes-2025"
explanation = "Only the first is true."
"#;

const MARK: &str = "=== the second run ===";

/// Runs in the child: the two runs, one after the other, with the settings file changed
/// between them. Ignored, so that it runs only when `state_from_one_run_never_reaches_the_next`
/// starts it with a data folder of its own.
#[test]
#[ignore = "started by state_from_one_run_never_reaches_the_next in a process of its own"]
fn both_runs() -> Result<(), Box<dyn std::error::Error>> {
    let home = std::env::var_os("UPSC_HOME").ok_or("UPSC_HOME is not set")?;
    let home = Path::new(&home);
    let decks = home.join("decks");
    let paper = |decks: &Path| {
        upsc::run(
            [
                "upsc",
                "paper",
                "--decks",
                decks.to_str().unwrap_or_default(),
                "--seed",
                "1",
            ]
            .map(Into::into),
        )
    };
    std::fs::write(home.join("config.toml"), "style = \"2024\"\n")?;
    let first = paper(&decks);
    println!("{MARK}");
    std::fs::write(home.join("config.toml"), "")?;
    let second = paper(&decks);
    assert_eq!((first, second), (ExitCode::SUCCESS, ExitCode::SUCCESS));
    Ok(())
}

#[test]
fn state_from_one_run_never_reaches_the_next() -> Result<(), Box<dyn std::error::Error>> {
    let home = tempfile::tempdir()?;
    std::fs::create_dir_all(home.path().join("decks"))?;
    std::fs::write(home.path().join("decks/twice.toml"), DECK)?;
    let output = Command::new(std::env::current_exe()?)
        .args([
            "--exact",
            "both_runs",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("UPSC_HOME", home.path())
        .env("UPSC_NOW", "2026-03-01T09:00:00+05:30")
        .env("NO_COLOR", "1")
        .output()?;
    let stdout = String::from_utf8(output.stdout)?;
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (first, second) = stdout
        .split_once(MARK)
        .ok_or_else(|| format!("the child did not run both: {stdout}"))?;
    // The first run reads `style = "2024"`: Arabic numbering and codes.
    assert!(first.contains("1. The first statement is true."), "{first}");
    assert!(first.contains("1 only"), "{first}");
    // The second reads no style: the 2025 default, whatever the first run read.
    assert!(
        second.contains("I. The first statement is true."),
        "{second}"
    );
    assert!(second.contains("I only"), "{second}");
    assert!(
        !second.contains("1. The first statement is true."),
        "{second}"
    );
    Ok(())
}
