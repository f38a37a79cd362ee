//! Smoke tests of the real binary in a pseudo-terminal: a signal during a review or a
//! mock test gives the terminal back and keeps every answer. Each waits for what is on
//! screen, never for a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::{Env, keys};
use nix::sys::signal::Signal;
use nix::sys::wait::WaitStatus;

const DECKS: &str = "tests/fixtures/good";
const NOW: &str = "2026-01-15T09:00:00+05:30";

fn exit_code(status: WaitStatus) -> i32 {
    match status {
        WaitStatus::Exited(_, code) => code,
        other => panic!("did not exit by itself: {other:?}"),
    }
}

#[test]
fn sigterm_and_sighup_in_a_review_give_the_terminal_back_and_keep_the_answers() {
    for (signal, code, said) in [
        (Signal::SIGTERM, 143, "stopped (SIGTERM)"),
        (Signal::SIGHUP, 129, "the terminal was closed"),
    ] {
        let env = Env::new();
        let mut command = env.command(&["--decks", DECKS, "review"]);
        command.env("UPSC_NOW", NOW);
        let mut p = common::spawn_in_terminal(command);
        p.exp_string("How large is the yen pledge?").unwrap();
        keys(&mut p, "10 yen\r");
        p.exp_string("Enter: next").unwrap();
        p.process_mut().signal(signal).unwrap();
        p.exp_string(said).unwrap();
        let status = p.process_mut().wait().unwrap();
        assert_eq!(exit_code(status), code, "{signal:?}");
        let log = env
            .run(&["--decks", DECKS, "export", "--format", "revlog-csv"])
            .code(0)
            .stdout
            .clone();
        assert_eq!(
            log.lines().count(),
            2,
            "{signal:?}: the answer is kept: {log}"
        );
    }
}

#[test]
fn sigterm_in_a_mock_test_leaves_the_full_screen_and_the_test_resumes() {
    let env = Env::new().at(NOW);
    let mut command = env.command(&["--decks", "tests/fixtures/paper", "test", "-n", "2"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("Press Enter to start").unwrap();
    keys(&mut p, "\r");
    p.exp_string("s submit").unwrap();
    keys(&mut p, "a");
    p.exp_string("<- your answer").unwrap();
    p.process_mut().signal(Signal::SIGTERM).unwrap();
    // Leaving the alternate screen comes before the message.
    let before = p.exp_string("stopped (SIGTERM)").unwrap();
    assert!(
        before.contains("\u{1b}[?1049l"),
        "the alternate screen was left"
    );
    assert_eq!(exit_code(p.process_mut().wait().unwrap()), 143);
    let history = env
        .run(&[
            "--decks",
            "tests/fixtures/paper",
            "test",
            "--history",
            "--json",
        ])
        .code(0)
        .json();
    let test = &history["tests"][0];
    assert_eq!(test["status"], "running", "{history}");
    assert_eq!(test["attempted"], 1, "{history}");
}

#[test]
fn the_summary_counts_learning_steps_as_today_not_tomorrow() {
    let env = Env::new();
    let mut command = env.command(&["--decks", DECKS, "review"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("How large is the yen pledge?").unwrap();
    keys(&mut p, "¥10 trillion\r");
    p.exp_string("I guessed").unwrap();
    keys(&mut p, "q");
    p.exp_string("Session over: 1 answered").unwrap();
    p.exp_string("Due again later today: 1 card (learning steps).")
        .unwrap();
    p.exp_string("Due tomorrow: 0 cards.").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn review_with_an_exam_date_stops_new_cards_in_the_final_revision_and_says_why() {
    let env = Env::new().at(NOW);
    env.run(&["exam", "set", "2026-01-25", "--name", "Prelims"])
        .code(0);
    let mut command = env.command(&["--decks", DECKS, "review"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("No new cards: 10 days to Prelims, within the final revision")
        .unwrap();
    p.exp_string("Nothing is due now.").unwrap();
    p.exp_eof().unwrap();

    // Far from the exam, new cards come as usual and answers are kept.
    env.run(&["exam", "set", "2026-05-25"]).code(0);
    let mut command = env.command(&["--decks", DECKS, "review"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("6 cards today").unwrap();
    p.exp_string("How large is the yen pledge?").unwrap();
    p.exp_string("> ").unwrap();
    keys(&mut p, "\x1b"); // Esc stops at a typed answer
    p.exp_string("Session over: nothing answered").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn the_review_limit_is_a_days_not_a_sessions() {
    let env = Env::new();
    let review = |env: &Env| {
        let mut command = env.command(&["--decks", DECKS, "review", "--limit", "2"]);
        command.env("UPSC_NOW", NOW);
        common::spawn_in_terminal(command)
    };
    let mut p = review(&env);
    p.exp_string("2 cards today").unwrap();
    p.exp_string("How large is the yen pledge?").unwrap();
    keys(&mut p, "¥10 trillion\r");
    p.exp_string("I guessed").unwrap();
    keys(&mut p, "q");
    p.exp_string("Session over: 1 answered").unwrap();
    p.exp_eof().unwrap();
    // One of today's two is used: the next session offers one more.
    let mut p = review(&env);
    p.exp_string("1 card today").unwrap();
    keys(&mut p, "\x1b");
    p.exp_eof().unwrap();
}

#[test]
fn after_the_exam_review_says_once_that_plain_scheduling_is_back() {
    let env = Env::new();
    // Written by hand: `exam set` refuses a date already past.
    std::fs::write(
        env.home().join("config.toml"),
        "[exam]\ndate = 2026-01-10\nname = \"Prelims\"\n",
    )
    .unwrap();
    let review = |env: &Env| {
        let mut command = env.command(&["--decks", DECKS, "review"]);
        command.env("UPSC_NOW", NOW);
        common::spawn_in_terminal(command)
    };
    let mut p = review(&env);
    p.exp_string("Prelims was on 10 January 2026: the plain FSRS schedule applies again")
        .unwrap();
    p.exp_string("6 cards today").unwrap();
    p.exp_string("> ").unwrap();
    keys(&mut p, "\x1b");
    p.exp_eof().unwrap();
    let mut p = review(&env);
    let before = p.exp_string("6 cards today").unwrap();
    assert!(!before.contains("applies again"), "said twice: {before}");
    p.exp_string("> ").unwrap();
    keys(&mut p, "\x1b");
    p.exp_eof().unwrap();
}
