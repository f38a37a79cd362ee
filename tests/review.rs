//! `upsc review` driven through a pseudo-terminal that the test creates (CI has none):
//! answers of several kinds, Ctrl-C, a restart, SIGKILL mid-session, two sessions at once.
//! The store is then read back with `upsc cards --json`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::{Env, keys};
use rexpect::session::PtySession;

const NOW: &str = "2026-01-15T09:00:00+05:30";
const DECKS: &str = "tests/fixtures/good";

fn spawn_review(env: &Env) -> PtySession {
    spawn_review_with(env, &[])
}

fn cards(env: &Env) -> serde_json::Value {
    env.run(&["--decks", DECKS, "cards", "--json"])
        .code(0)
        .json()
}

fn card<'a>(cards: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no card {id} in {cards}"))
}

/// Answers the first three cards of the fixture deck: a numeric, a recall and an MCQ.
fn answer_first_three(p: &mut PtySession) {
    p.exp_string("How large is the yen pledge?").unwrap();
    keys(p, &format!("{}\n", "¥10 trillion"));
    p.exp_string("Right (saved)").unwrap();
    p.exp_string("Enter: next").unwrap();
    keys(p, "\r");

    p.exp_string("Which Indian judge dissented").unwrap();
    keys(p, &format!("{}\n", "radhabinod pal"));
    p.exp_string("Right (saved)").unwrap();
    keys(p, "g"); // I guessed: Hard
    p.exp_string("saved as Hard").unwrap();
    keys(p, "\r");

    p.exp_string("Which edition was the 2025 annual summit?")
        .unwrap();
    p.exp_string("I don't know").unwrap();
    keys(p, "?"); // "I don't know"
    p.exp_string("Not quite").unwrap();
    p.exp_string("15th").unwrap();
    p.exp_string("Enter: next").unwrap();
}

#[test]
fn answers_are_kept_across_ctrl_c_and_a_restart() {
    let env = Env::new();
    let mut p = spawn_review(&env);
    answer_first_three(&mut p);
    keys(&mut p, "\x03");
    p.exp_string("Session over: 3 answered (3 new), 67% correct")
        .unwrap();
    p.exp_eof().unwrap();

    let after = cards(&env);
    let pledge = card(&after, "pledge");
    assert_eq!(pledge["reps"], 1);
    assert_eq!(pledge["state"], "learning");
    assert!(
        pledge["due"].as_str().unwrap().starts_with("2026-01-15T"),
        "{pledge}"
    );
    assert_eq!(card(&after, "judge")["reps"], 1);
    let edition = card(&after, "edition");
    assert_eq!(edition["reps"], 1);
    assert_eq!(edition["state"], "learning");
    assert_eq!(card(&after, "labels")["state"], "new");
    assert_eq!(card(&after, "labels")["reps"], 0);

    // Start again: the remaining new cards come first; answer one and stop with Esc/q.
    let mut p = spawn_review(&env);
    p.exp_string("Consider the following statements:").unwrap();
    p.exp_string("I don't know").unwrap();
    keys(&mut p, "?");
    p.exp_string("Not quite").unwrap();
    p.exp_string("Enter: next").unwrap();
    keys(&mut p, "q");
    p.exp_string("Session over: 1 answered").unwrap();
    p.exp_eof().unwrap();

    let after = cards(&env);
    assert_eq!(card(&after, "labels")["reps"], 1);
    assert_eq!(
        card(&after, "pledge")["reps"],
        1,
        "earlier answers are still there"
    );
    let revlog = env
        .run(&["export", "--format", "revlog-csv"])
        .code(0)
        .stdout
        .clone();
    assert_eq!(revlog.lines().count(), 1 + 4, "{revlog}");
    assert!(revlog.starts_with("card_id,review_time,review_rating,review_state,review_duration\n"));
}

#[test]
fn sigkill_mid_session_keeps_every_committed_answer() {
    let env = Env::new();
    let mut p = spawn_review(&env);
    p.exp_string("How large is the yen pledge?").unwrap();
    keys(&mut p, &format!("{}\n", "10 billion yen"));
    p.exp_string("Not quite").unwrap();
    p.exp_string("Enter: next").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Which Indian judge dissented").unwrap();
    keys(&mut p, "Radha"); // typing, not yet answered
    p.process_mut()
        .kill(nix::sys::signal::Signal::SIGKILL)
        .unwrap();

    let after = cards(&env);
    assert_eq!(card(&after, "pledge")["reps"], 1);
    assert_eq!(card(&after, "pledge")["lapses"], 0);
    assert_eq!(
        card(&after, "judge")["reps"],
        0,
        "the answer being typed is the only loss"
    );
    let doctor = env
        .run(&["--decks", DECKS, "doctor"])
        .code(0)
        .stdout
        .clone();
    assert!(doctor.contains("integrity ok"), "{doctor}");
    assert!(doctor.contains("0 differed"), "{doctor}");
}

#[test]
fn two_sessions_at_once_lose_nothing() {
    let env = Env::new();
    let mut first = spawn_review(&env);
    let mut second = spawn_review(&env);
    for p in [&mut first, &mut second] {
        p.exp_string("How large is the yen pledge?").unwrap();
        keys(p, &format!("{}\n", "¥10 trillion"));
        p.exp_string("Right (saved)").unwrap();
        p.exp_string("Enter: next").unwrap();
    }
    for p in [&mut first, &mut second] {
        keys(p, "q");
        p.exp_string("Session over: 1 answered").unwrap();
        p.exp_eof().unwrap();
    }
    let after = cards(&env);
    assert_eq!(
        card(&after, "pledge")["reps"],
        2,
        "both answers were applied in turn"
    );
    let revlog = env
        .run(&["export", "--format", "revlog-csv"])
        .code(0)
        .stdout
        .clone();
    assert_eq!(revlog.lines().count(), 3, "{revlog}");
}

#[test]
fn review_without_a_terminal_exits_2_and_says_what_to_run() {
    let env = Env::new();
    let run = env.run(&["--decks", DECKS, "review"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "upsc: review needs an interactive terminal; run `upsc due` to see what is due, or `upsc cards --json` for the schedule\n"
    );
}

#[test]
fn due_counts_new_learning_and_review() {
    let env = Env::new().at(NOW);
    let run = env.run(&["--decks", DECKS, "due", "--json"]);
    let json = run.code(0).json();
    assert_eq!(json["total"]["new"], 6);
    assert_eq!(json["total"]["learning"], 0);
    assert_eq!(json["decks"]["fixture-complete"]["review"], 0);
}

#[test]
fn undo_with_an_empty_log_says_so() {
    let env = Env::new();
    let run = env.run(&["undo"]);
    run.code(0);
    assert_eq!(run.stdout, "Nothing to undo: the review log is empty.\n");
}

#[test]
fn a_corrupt_database_is_refused_and_left_untouched() {
    let env = Env::new();
    let db = env.home().join("progress.db");
    let junk = b"not a database at all\n".repeat(100);
    std::fs::write(&db, &junk).unwrap();
    let run = env.run(&["--decks", DECKS, "due"]);
    run.code(1);
    assert!(run.stderr.starts_with("upsc: `"), "{}", run.stderr);
    assert!(
        run.stderr.contains("is not a readable progress database"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert_eq!(std::fs::read(&db).unwrap(), junk);
}

#[test]
fn optimize_with_too_little_history_says_how_much_is_needed() {
    let env = Env::new();
    let run = env.run(&["optimize"]);
    run.code(0);
    assert!(
        run.stdout.starts_with(
            "Not enough history yet: 0 usable reviews, and the optimizer needs at least 100"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn seeds_lists_the_notes_with_citation_counts() {
    let env = Env::new();
    let json = env.run(&["seeds", "--json"]).code(0).json();
    let notes = json.as_array().unwrap();
    assert_eq!(notes.len(), 5);
    let adda = notes
        .iter()
        .find(|n| n["id"] == "adda247-notes-2025")
        .unwrap();
    assert!(adda["cards"].as_u64().unwrap() > 20, "{adda}");
}

#[test]
fn due_follows_deck_edits_through_its_index() {
    let env = Env::new().at(NOW);
    let dir = tempfile::TempDir::new().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    let root = common::manifest_dir().join("tests/fixtures");
    std::fs::copy(
        root.join("seeds/fixture-note.toml"),
        dir.path().join("seeds/fixture-note.toml"),
    )
    .unwrap();
    let deck = decks.join("complete.toml");
    std::fs::copy(root.join("good/complete.toml"), &deck).unwrap();
    let path = decks.to_string_lossy().into_owned();
    let new = |env: &Env| {
        env.run(&["--decks", &path, "due", "--json"]).code(0).json()["total"]["new"].clone()
    };
    assert_eq!(new(&env), 6);
    assert_eq!(new(&env), 6, "the second run reads the index");
    let mut text = std::fs::read_to_string(&deck).unwrap();
    text.push_str("\n[[card]]\nid = \"added\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\nsource = \"fixture-note\"\nexplanation = \"x\"\n");
    std::fs::write(&deck, text).unwrap();
    assert_eq!(new(&env), 7, "an edited file is read again");
}

/// Issue #4: the deck index must not outlive a source note its cards cite.
#[test]
fn due_rereads_decks_whose_source_note_was_removed() {
    let env = Env::new().at(NOW);
    let dir = tempfile::TempDir::new().unwrap();
    let decks = dir.path().join("decks");
    let seeds = dir.path().join("seeds");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::create_dir_all(&seeds).unwrap();
    let root = common::manifest_dir().join("tests/fixtures");
    let note = seeds.join("fixture-note.toml");
    std::fs::copy(root.join("seeds/fixture-note.toml"), &note).unwrap();
    let deck = decks.join("complete.toml");
    std::fs::copy(root.join("good/complete.toml"), &deck).unwrap();
    let path = decks.to_string_lossy().into_owned();
    let due = |env: &Env| env.run(&["--decks", &path, "due", "--json"]);

    due(&env).code(0);
    let warm = due(&env);
    assert_eq!(
        warm.code(0).json()["total"]["new"],
        6,
        "read from the index"
    );
    assert_eq!(warm.stderr, "");

    std::fs::remove_file(&note).unwrap();
    let run = due(&env);
    let json = run.code(0).json();
    assert_eq!(json["decks"]["fixture-complete"]["new"], 0, "{json}");
    assert_eq!(
        run.stderr,
        format!(
            "upsc: warning: {}:5:12: error: unknown source `fixture-note`; add a source note with this id under `seeds/`, or run `upsc seeds` to list them\n\
             upsc: warning: 1 deck file has errors and was loaded only in part; run `upsc check` for details\n",
            deck.display()
        )
    );

    std::fs::copy(root.join("seeds/fixture-note.toml"), &note).unwrap();
    let run = due(&env);
    assert_eq!(run.code(0).json()["total"]["new"], 6);
    assert_eq!(run.stderr, "");
}

fn spawn_review_with(env: &Env, args: &[&str]) -> PtySession {
    let mut command = env.command(&["--decks", DECKS, "review"]);
    command.args(args).env("UPSC_NOW", NOW);
    common::spawn_in_terminal(command)
}

#[test]
fn review_filters_by_deck_and_tag_through_the_index() {
    let env = Env::new();
    // Twice each: the first run fills the deck index, the second reads it (tags included).
    for _ in 0..2 {
        let mut p = spawn_review_with(&env, &["--tag", "fixture", "--deck", "fixture-complete"]);
        p.exp_string("6 cards today").unwrap();
        p.exp_string("How large is the yen pledge?").unwrap();
        keys(&mut p, "\x03");
        p.exp_string("Session over: nothing answered").unwrap();
        p.exp_eof().unwrap();

        let mut p = spawn_review_with(&env, &["--tag", "nope"]);
        p.exp_string("upsc: no card has the tag `nope`; the tags are: fixture")
            .unwrap();
        p.exp_eof().unwrap();

        let mut p = spawn_review_with(&env, &["--deck", "nope"]);
        p.exp_string("upsc: no deck `nope`; the decks are: fixture-complete")
            .unwrap();
        p.exp_eof().unwrap();
    }
}
