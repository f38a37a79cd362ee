//! `upsc check` and `upsc decks` end to end: the fixture corpus of broken decks with the
//! exact diagnostics each must produce, exit codes, and files that cannot be read.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::fs;

use common::{Env, assert_snapshot, manifest_dir};

#[test]
fn every_broken_fixture_gives_its_exact_diagnostics() {
    let env = Env::new();
    let dir = manifest_dir().join("tests/fixtures/broken");
    let mut fixtures: Vec<_> = fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 14, "the corpus is all there");
    for fixture in fixtures {
        let relative = fixture
            .strip_prefix(manifest_dir())
            .expect("inside the crate");
        let relative = relative.to_string_lossy();
        let run = env.run(&["check", &relative]);
        let expected_code = if relative.contains("warnings-only") {
            0
        } else {
            1
        };
        run.code(expected_code);
        assert_eq!(run.stderr, "", "{relative}");
        assert_snapshot(&fixture.with_extension("out"), &run.stdout);
    }
}

#[test]
fn warnings_fail_only_under_strict() {
    let env = Env::new();
    let path = "tests/fixtures/broken/warnings-only.toml";
    env.run(&["check", path]).code(0);
    env.run(&["check", "--strict", path]).code(1);
}

#[test]
fn a_clean_deck_passes_strict_and_is_summarised() {
    let env = Env::new();
    let run = env.run(&["check", "--strict", "tests/fixtures/good"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "checked 1 file: 1 deck, 6 cards (statements 1, pairs 1, assertion 1, mcq 1, numeric 1, recall 1); 1 source cited; no problems\n"
    );
}

#[test]
fn deck_ids_must_be_unique_across_files() {
    let env = Env::new();
    let run = env.run(&["check", "tests/fixtures/dup-decks"]);
    run.code(1);
    assert!(
        run.stdout.contains(
            "error: deck id `same` is already used\n --> tests/fixtures/dup-decks/b.toml:2:6"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`tests/fixtures/dup-decks/a.toml` defines it first")
    );
}

#[test]
fn oversized_unreadable_and_looping_files_are_reported_not_fatal() {
    let env = Env::new();
    let dir = tempfile::TempDir::new().expect("temp");
    let root = dir.path();
    fs::copy(
        manifest_dir().join("tests/fixtures/good/complete.toml"),
        root.join("good.toml"),
    )
    .expect("copy");
    fs::create_dir(root.join("seeds")).expect("mkdir");
    fs::copy(
        manifest_dir().join("tests/fixtures/seeds/fixture-note.toml"),
        root.join("seeds/fixture-note.toml"),
    )
    .expect("copy");
    fs::write(root.join("huge.toml"), vec![b'#'; 8 * 1024 * 1024 + 1]).expect("write");
    std::os::unix::fs::symlink(root.join("missing.toml"), root.join("dangling.toml"))
        .expect("link");
    fs::create_dir(root.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(root, root.join("sub/loop")).expect("link");
    let run = env.run(&["check", &root.to_string_lossy()]);
    run.code(1);
    let out = &run.stdout;
    assert!(
        out.contains("error: file is larger than the 8 MiB limit for a deck file"),
        "{out}"
    );
    assert!(out.contains("= help: split it into several decks"), "{out}");
    assert!(
        out.contains("error: cannot read: no such file or folder"),
        "{out}"
    );
    assert!(out.contains("error: symbolic link loop"), "{out}");
    // The good deck still loaded.
    assert!(out.contains("1 deck, 6 cards"), "{out}");
}

#[test]
fn a_missing_path_is_an_error_not_a_panic() {
    let env = Env::new();
    let run = env.run(&["check", "no/such/folder"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("error: cannot read: no such file or folder"),
        "{}",
        run.stdout
    );
}

#[test]
fn decks_lists_counts_kinds_and_tags_as_json() {
    let env = Env::new();
    let run = env.run(&["--decks", "tests/fixtures/good", "decks", "--json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(json[0]["id"], "fixture-complete");
    assert_eq!(json[0]["cards"], 6);
    assert_eq!(json[0]["kinds"]["statements"], 1);
    assert_eq!(json[0]["tags"][0], "fixture");
}

#[test]
fn broken_decks_do_not_stop_the_others_from_loading_for_study() {
    let env = Env::new();
    let run = env.run(&[
        "--decks",
        "tests/fixtures/good",
        "--decks",
        "tests/fixtures/broken/unknown-field.toml",
        "decks",
    ]);
    run.code(0);
    assert!(run.stdout.contains("fixture-complete"), "{}", run.stdout);
    assert!(
        run.stderr.contains("upsc: warning: tests/fixtures/broken/unknown-field.toml:5:1: error: missing field `prompt` in card; add `prompt = \"…\"`"),
        "{}",
        run.stderr
    );
}

#[test]
fn bundled_decks_are_compiled_in_and_pass_strict() {
    // No --decks: the decks compiled into the binary, from any folder.
    let env = Env::new();
    let run = env.run(&["check", "--strict"]);
    run.code(0);
    assert!(run.stdout.ends_with("no problems\n"), "{}", run.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    let run = env.run(&["check", "--no-such-flag"]);
    run.code(2);
    assert!(run.stderr.contains("unexpected argument"), "{}", run.stderr);
}
