//! Every format of the real paper answered at a terminal (issue 16): statements asking
//! for the ones not correct with written options, Statement I/II/III, pairs written with
//! a mismatch and written options, and rows of a table; and from issue 27, pairs under
//! headings with a separator asked for the ones not correctly matched, and the 2023
//! wording of Statement-I/II — each answered through a
//! pseudo-terminal the test creates, in `upsc review` and in `upsc test`, once right and
//! once wrong, and each answer read back as recorded (`cards --json`, `mistakes --json`,
//! `test --history --json`). Every step waits for what is on screen, never for a time.
//!
//! The cards (tests/fixtures/pty-kinds) are asked as printed, so the letter of the right
//! option is known; each has a tag of its own, so a session can ask just that card.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::{Env, keys};
use rexpect::session::PtySession;

const DECKS: &str = "tests/fixtures/pty-kinds";
const NOW: &str = "2026-01-15T09:00:00+05:30";

/// A card of the fixture: its tag, its id, words on its screen, the letter of its right
/// option and of a wrong one, and the right option's text.
struct Kind {
    tag: &'static str,
    id: &'static str,
    shows: &'static str,
    right: char,
    wrong: char,
    right_text: &'static str,
}

const KINDS: [Kind; 6] = [
    Kind {
        tag: "k-statements",
        id: "election-commission",
        shows: "are not correct?",
        right: 'b',
        wrong: 'd',
        right_text: "II only",
    },
    Kind {
        tag: "k-assertion",
        id: "monsoon-onset",
        shows: "Statement III :",
        right: 'c',
        wrong: 'a',
        right_text: "Only one of the Statements II and III is correct",
    },
    Kind {
        tag: "k-pairs",
        id: "lakes-states",
        shows: "Wular Lake",
        right: 'c',
        wrong: 'd',
        right_text: "I and II only",
    },
    Kind {
        tag: "k-rows",
        id: "india-japan-agreements",
        shows: "Digital Partnership",
        right: 'b',
        wrong: 'c',
        right_text: "Only two",
    },
    Kind {
        tag: "k-pairs-separator",
        id: "sites-known-for",
        shows: "not correctly matched?",
        right: 'c',
        wrong: 'a',
        right_text: "3 only",
    },
    Kind {
        tag: "k-assertion-2023",
        id: "mawsynram-rain",
        shows: "Statement-II :",
        right: 'd',
        wrong: 'b',
        right_text: "Statement-I is incorrect but Statement-II is correct",
    },
];

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    let mut command = env.command(&["--decks", DECKS]);
    command.args(args).env("UPSC_NOW", NOW);
    common::spawn_in_terminal(command)
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--decks", DECKS];
    all.extend_from_slice(args);
    env.run(&all).code(0).json()
}

/// The card's row in `cards --json`.
fn card_row(env: &Env, id: &str) -> serde_json::Value {
    let cards = json(env, &["cards", "--json"]);
    cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no card {id} in {cards}"))
}

/// The mistake book's entries for the card.
fn mistakes_of(env: &Env, id: &str) -> Vec<serde_json::Value> {
    let book = json(env, &["mistakes", "--json"]);
    book.as_array()
        .unwrap()
        .iter()
        .filter(|m| m["id"] == id)
        .cloned()
        .collect()
}

/// Reviews the one card of `kind`, answering right or wrong.
fn review(kind: &Kind, right: bool) -> Env {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["review", "--tag", kind.tag]);
    p.exp_string("1 card today").unwrap();
    let screen = p.exp_string("I don't know").unwrap();
    assert!(screen.contains(kind.shows), "{}: {screen}", kind.id);
    keys(
        &mut p,
        &(if right { kind.right } else { kind.wrong }).to_string(),
    );
    if right {
        p.exp_string("Right (saved)").unwrap();
    } else {
        p.exp_string("Not quite").unwrap();
        p.exp_string(kind.right_text).unwrap();
    }
    p.exp_string("Enter: next").unwrap();
    keys(&mut p, "q");
    p.exp_string("Session over: 1 answered").unwrap();
    p.exp_eof().unwrap();
    env
}

/// A one-question mock test on the card of `kind`, answered right or wrong and submitted.
fn mock_test(kind: &Kind, right: bool) -> Env {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["test", "--tag", kind.tag, "-n", "1"]);
    p.exp_string("Mock test: 1 question").unwrap();
    p.exp_string("GS Paper I marking").unwrap();
    keys(&mut p, "\r");
    p.exp_string("question 1 of 1").unwrap();
    let screen = p.exp_string("s submit").unwrap();
    let screen = console::strip_ansi_codes(&screen).into_owned();
    assert!(screen.contains(kind.shows), "{}: {screen}", kind.id);
    let letter = if right { kind.right } else { kind.wrong };
    keys(&mut p, &letter.to_string());
    // Said under the question, where a long question's options may be scrolled away.
    p.exp_string(&format!("Answered ({letter})")).unwrap();
    keys(&mut p, "s");
    p.exp_string("Submit the test now?").unwrap();
    keys(&mut p, "y");
    p.exp_string("Test submitted.").unwrap();
    if right {
        p.exp_string("right 1   wrong 0   unanswered 0").unwrap();
        // Nothing wrong: the walk-through still offers all the questions.
        p.exp_string("a all (1)").unwrap();
        keys(&mut p, "q");
    } else {
        p.exp_string("right 0   wrong 1   unanswered 0").unwrap();
        p.exp_string("w wrong (1)").unwrap();
        keys(&mut p, "\r");
        p.exp_string("Answer: ").unwrap();
        p.exp_string(kind.right_text).unwrap();
        p.exp_string("q finish").unwrap();
        keys(&mut p, "q");
    }
    p.exp_eof().unwrap();
    env
}

#[test]
fn each_new_format_answered_in_review_is_recorded_right_or_wrong() {
    for (n, kind) in KINDS.iter().enumerate() {
        // Right for some formats, wrong for the others; the mock test does the opposite.
        let right = n % 2 == 0;
        let env = review(kind, right);
        let row = card_row(&env, kind.id);
        assert_eq!(row["reps"], 1, "{}: {row}", kind.id);
        assert_ne!(row["state"], "new", "{}: {row}", kind.id);
        let book = mistakes_of(&env, kind.id);
        if right {
            assert!(book.is_empty(), "{}: {book:?}", kind.id);
        } else {
            assert_eq!(book.len(), 1, "{}: {book:?}", kind.id);
            assert_eq!(book[0]["mode"], "review", "{}", kind.id);
            assert!(
                book[0]["given"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("({})", kind.wrong)),
                "{}: {}",
                kind.id,
                book[0]
            );
        }
    }
}

#[test]
fn each_new_format_answered_in_a_mock_test_is_scored_right_or_wrong() {
    for (n, kind) in KINDS.iter().enumerate() {
        let right = n % 2 == 1;
        let env = mock_test(kind, right);
        let history = json(&env, &["test", "--history", "--json"]);
        let test = &history["tests"][0];
        assert_eq!(test["status"], "submitted", "{}: {history}", kind.id);
        assert_eq!(
            (test["right"].as_u64(), test["wrong"].as_u64()),
            (Some(u64::from(right)), Some(u64::from(!right))),
            "{}: {history}",
            kind.id
        );
        let book = mistakes_of(&env, kind.id);
        if right {
            assert!(book.is_empty(), "{}: {book:?}", kind.id);
        } else {
            assert_eq!(book.len(), 1, "{}: {book:?}", kind.id);
            assert_eq!(book[0]["mode"], "test", "{}", kind.id);
        }
        // A mock test moves no schedule.
        assert_eq!(card_row(&env, kind.id)["state"], "new", "{}", kind.id);
    }
}
