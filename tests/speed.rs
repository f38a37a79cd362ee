//! What the speed issue changed that a user sees: `check` prints the first warnings in full
//! and counts the rest (`--all` prints every one).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use assert_cmd::Command;

/// A deck of `cards` recall cards, each without an explanation (one warning each).
fn deck(cards: usize) -> String {
    let mut text = String::from("[deck]\nid = \"many\"\ntitle = \"Many\"\n");
    for i in 0..cards {
        text.push_str(&format!(
            "\n[[card]]\nid = \"card-{i}\"\nkind = \"recall\"\nprompt = \"What is fact number {i} about topic {}?\"\nanswer = \"Answer {i}\"\n",
            i * 7919
        ));
    }
    text
}

fn check(dir: &std::path::Path, all: bool) -> String {
    let mut command = Command::cargo_bin("upsc").unwrap();
    command
        .env("UPSC_HOME", dir.join("home"))
        .env("NO_COLOR", "1")
        .arg("check");
    if all {
        command.arg("--all");
    }
    let out = command.arg(dir.join("decks")).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_prints_the_first_warnings_and_counts_the_rest() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("decks")).unwrap();
    std::fs::write(dir.path().join("decks/many.toml"), deck(30)).unwrap();

    let all = check(dir.path(), true);
    let warnings = all.matches("warning: ").count();
    assert!(warnings >= 30, "{all}");
    assert!(!all.contains("not shown"), "{all}");

    let some = check(dir.path(), false);
    assert_eq!(some.matches("warning: ").count(), 20, "{some}");
    assert!(
        some.contains(&format!(
            "… and {} more warnings like these, not shown; `upsc check --all` shows every one",
            warnings - 20
        )),
        "{some}"
    );
    // The summary counts every one either way.
    let summary = |text: &str| text.lines().last().unwrap_or("").to_string();
    assert_eq!(summary(&some), summary(&all));
    assert!(
        summary(&all).contains(&format!("{warnings} warnings")),
        "{all}"
    );
}
