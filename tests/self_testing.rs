//! Self-testing end to end, through a pseudo-terminal the test creates: a topic quiz, a
//! round on the mistake book, and mock tests that skip, mark, go back, submit, run out of
//! time and are abandoned. The results are read back with `--json` commands.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::{Env, keys};
use rexpect::session::PtySession;

const NOW: &str = "2026-01-15T09:00:00+05:30";
/// Four MCQs whose questions start with these words and whose right answers are these.
const PAPER: &str = "tests/fixtures/paper";
const ANSWERS: [(&str, &str); 4] = [
    ("Alpha:", "15th"),
    ("Beta:", "Ten"),
    ("Gamma:", "Yen"),
    ("Delta:", "Radhabinod Pal"),
];

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    let mut command = env.command(&["--decks", PAPER]);
    command.args(args);
    common::spawn_in_terminal(command)
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--decks", PAPER];
    all.extend_from_slice(args);
    env.run(&all).code(0).json()
}

/// What a shown question is: its card's prefix, the letter of its right option and of
/// a wrong one, read from the screen text.
struct Shown {
    card: &'static str,
    right: char,
    wrong: char,
}

fn read_question(screen: &str) -> Shown {
    // The exam screen ends each line with "clear to the end of the line".
    let screen = console::strip_ansi_codes(screen).into_owned();
    let screen = screen.as_str();
    let (card, answer) = ANSWERS
        .iter()
        .rev()
        .find(|(prefix, _)| screen.contains(prefix))
        .unwrap_or_else(|| panic!("no known question on screen:\n{screen}"));
    let letter_of = |wanted: &dyn Fn(&str) -> bool| {
        screen
            .lines()
            .filter_map(|line| {
                let start = line.find('(')?;
                let letter = line[start + 1..].chars().next()?;
                let text = line[start + 3..].trim_start();
                (line[start + 2..].starts_with(')') && letter.is_ascii_lowercase())
                    .then_some((letter, text.trim_end_matches("<- your answer").trim()))
            })
            .filter(|(_, text)| wanted(text))
            .map(|(letter, _)| letter)
            .last()
            .unwrap_or_else(|| panic!("no such option on screen:\n{screen}"))
    };
    Shown {
        card,
        right: letter_of(&|t| t == *answer),
        wrong: letter_of(&|t| t != *answer && !t.is_empty()),
    }
}

/// Waits for exam question `n` and reads it.
fn exam_question(p: &mut PtySession, n: usize) -> Shown {
    p.exp_string(&format!("question {n} of 4")).unwrap();
    let screen = p.exp_string("s submit").unwrap();
    read_question(&screen)
}

/// Answers a question of the session by the letter of the option with the right (or a
/// wrong) text.
fn choose_in_select(p: &mut PtySession, right: bool) -> &'static str {
    let screen = p.exp_string("I don't know").unwrap();
    let shown = read_question(&screen);
    let letter = if right { shown.right } else { shown.wrong };
    keys(p, &letter.to_string());
    shown.card
}

#[test]
fn a_quiz_feeds_the_mistake_book_and_a_mistakes_round_empties_it() {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["quiz", "-n", "2", "--tag", "economy"]);
    p.exp_string("Quiz: 2 questions on tag economy").unwrap();
    // First question wrong, second right.
    let missed = choose_in_select(&mut p, false);
    p.exp_string("Not quite").unwrap();
    p.exp_string("Enter: next").unwrap();
    keys(&mut p, "\r");
    let got = choose_in_select(&mut p, true);
    assert_ne!(missed, got);
    p.exp_string("Right (saved)").unwrap();
    p.exp_string("Enter: next").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Quiz over: 1 of 2 right (50%)").unwrap();
    p.exp_string("Mistake book: 1 card").unwrap();
    p.exp_eof().unwrap();

    let missed_id = if missed == "Beta:" { "beta" } else { "gamma" };
    let book = json(&env, &["mistakes", "--json"]);
    let book = book.as_array().unwrap();
    assert_eq!(book.len(), 1, "{book:?}");
    assert_eq!(book[0]["id"], missed_id);
    assert_eq!(book[0]["mode"], "quiz");
    assert_eq!(book[0]["right_since"], 0);
    assert!(
        book[0]["given"].as_str().unwrap().starts_with('('),
        "{book:?}"
    );
    assert!(book[0]["question"].as_str().unwrap().starts_with(missed));

    // A quiz counts as a review unless --no-schedule: both cards left the new state.
    let cards = json(&env, &["cards", "--json"]);
    let state = |id: &str| {
        cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["state"]
            .clone()
    };
    assert_ne!(state("beta"), "new");
    assert_ne!(state("gamma"), "new");
    assert_eq!(state("alpha"), "new");

    // Two right answers in a row take the card out of the book; practice-only rounds
    // leave the schedule alone.
    let before = json(&env, &["cards", "--json"]);
    for round in 0..2 {
        let mut p = spawn(&env, &["quiz", "--mistakes", "--no-schedule"]);
        p.exp_string("Quiz: 1 question from your mistake book (practice only")
            .unwrap();
        choose_in_select(&mut p, true);
        p.exp_string("Right (saved)").unwrap();
        p.exp_string("Enter: next").unwrap();
        keys(&mut p, "\r");
        p.exp_string("Quiz over: 1 of 1 right").unwrap();
        p.exp_eof().unwrap();
        let book = json(&env, &["mistakes", "--json"]);
        assert_eq!(book.as_array().unwrap().len(), 1 - round, "{book}");
    }
    let after = json(&env, &["cards", "--json"]);
    assert_eq!(before, after, "--no-schedule must not move any card");

    let mut p = spawn(&env, &["quiz", "--mistakes"]);
    p.exp_string("The mistake book is empty").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn a_mock_test_with_skips_marks_and_a_return_is_scored_as_the_commission_scores() {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["test", "-n", "4", "--minutes", "30"]);
    p.exp_string("Mock test: 4 questions on all decks, 30 minutes.")
        .unwrap();
    p.exp_string("GS Paper I marking").unwrap();
    keys(&mut p, "\r");

    // 1: right, tagged as a guess.
    let first = exam_question(&mut p, 1);
    keys(&mut p, &first.right.to_string());
    p.exp_string("<- your answer").unwrap();
    keys(&mut p, "3");
    p.exp_string("guess").unwrap();
    keys(&mut p, "\r");
    // 2: marked for review and skipped.
    let second = exam_question(&mut p, 2);
    keys(&mut p, "m");
    p.exp_string("marked for review").unwrap();
    keys(&mut p, "\r");
    // 3: marked for review and left unanswered.
    let third = exam_question(&mut p, 3);
    keys(&mut p, "m");
    p.exp_string("marked for review").unwrap();
    keys(&mut p, "\r");
    // 4: wrong, tagged 50-50; going on from the last question opens the list.
    let fourth = exam_question(&mut p, 4);
    keys(&mut p, &fourth.wrong.to_string());
    keys(&mut p, "2");
    p.exp_string("50-50").unwrap();
    keys(&mut p, "\r");
    p.exp_string("Question list").unwrap();
    p.exp_string("2 skipped  *").unwrap();
    p.exp_string("Go to question").unwrap();
    // Back to 2 through the list: answer it right and take the mark off.
    keys(&mut p, "2\r");
    let again = exam_question(&mut p, 2);
    assert_eq!(again.card, second.card);
    keys(&mut p, &second.right.to_string());
    keys(&mut p, "m");
    p.exp_string("Answered").unwrap();
    keys(&mut p, "s");
    p.exp_string("Submit the test now?").unwrap();
    p.exp_string("3 answered, 1 unanswered, 1 marked for review.")
        .unwrap();
    keys(&mut p, "y");

    // 2 right, 1 wrong, 1 left under GS Paper I: 4 − 2/3 = 3.33 out of 8.
    p.exp_string("Test submitted.").unwrap();
    p.exp_string("Questions 4   attempted 3   right 2   wrong 1   unanswered 1")
        .unwrap();
    p.exp_string("net score 3.33 out of 8 (41.7%)").unwrap();
    // (rexpect reads bytes as Latin-1: expected text stays ASCII.)
    p.exp_string("Marked for review: 1").unwrap();
    p.exp_string("0 right, 0 wrong, 1 unanswered, net 0")
        .unwrap();
    p.exp_string("By confidence").unwrap();
    p.exp_string("Guesses and 50-50s: 1 of 2 right, net 1.33")
        .unwrap();
    // The walk-through: the wrong answer (Enter), then the unanswered one, each explained.
    p.exp_string("w wrong (1)").unwrap();
    p.exp_string("u unanswered (1)").unwrap();
    p.exp_string("a all (4)").unwrap();
    keys(&mut p, "\r");
    p.exp_string("(1 of 1 wrong)").unwrap();
    p.exp_string(fourth.card).unwrap();
    p.exp_string("Answer: ").unwrap();
    p.exp_string("q finish").unwrap();
    keys(&mut p, "u");
    p.exp_string("(1 of 1 unanswered)").unwrap();
    p.exp_string("skipped").unwrap();
    p.exp_string(third.card).unwrap();
    p.exp_string("No answer (marked for review).").unwrap();
    p.exp_string("Answer: ").unwrap();
    p.exp_string("q finish").unwrap();
    keys(&mut p, "q");
    p.exp_string("in your mistake book").unwrap();
    p.exp_eof().unwrap();

    let history = json(&env, &["test", "--history", "--json"]);
    let test = &history["tests"][0];
    assert_eq!(test["status"], "submitted");
    assert_eq!(test["marking"], "gs1");
    assert_eq!(
        (test["questions"].as_u64(), test["attempted"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(
        (test["right"].as_u64(), test["wrong"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(test["score"], 3.33);
    assert_eq!(test["maximum"], 8.0);
    assert_eq!(history["trend"]["scored"], 1);

    // Test answers reach the log without moving a schedule, and the wrong one is in the book.
    let book = json(&env, &["mistakes", "--json"]);
    assert_eq!(book.as_array().unwrap().len(), 1);
    assert_eq!(book[0]["mode"], "test");
    let cards = json(&env, &["cards", "--json"]);
    assert!(
        cards
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["state"] == "new"),
        "{cards}"
    );
    let text = env
        .run(&["--decks", PAPER, "test", "--history"])
        .code(0)
        .stdout
        .clone();
    assert!(text.contains("3.33 / 8"), "{text}");
    assert!(text.contains("submitted"), "{text}");

    // Reopened later, piped: the scorecard, then every question with its explanation.
    let review = env
        .run(&["--decks", PAPER, "test", "--review", "1"])
        .code(0)
        .stdout
        .clone();
    assert!(review.contains("Test 1 of "), "{review}");
    assert!(review.contains("net score 3.33 out of 8"), "{review}");
    assert!(review.contains("Marked for review: 1"), "{review}");
    for n in 1..=4 {
        assert!(
            review.contains(&format!("Question {n} of 4 · ")),
            "{review}"
        );
    }
    for (card, _) in ANSWERS {
        assert!(review.contains(card), "{card}: {review}");
    }
    assert_eq!(review.matches("Answer: ").count(), 4, "{review}");
    assert!(
        review.contains("· wrong") && review.contains("· skipped"),
        "{review}"
    );
    // And on a terminal, gone through as after the test.
    let mut p = spawn(&env, &["test", "--review", "1"]);
    p.exp_string("a all (4)").unwrap();
    keys(&mut p, "a");
    p.exp_string("Question 1 of 4").unwrap();
    keys(&mut p, "q");
    p.exp_string("q finish").unwrap();
    keys(&mut p, "q");
    p.exp_eof().unwrap();
    let missing = env.run(&["--decks", PAPER, "test", "--review", "7"]);
    missing.code(2);
    assert_eq!(
        missing.stderr,
        "upsc: there is no test 7; the tests are numbered 1 to 1 (`upsc test --history`)\n"
    );
    let _ = first;
}

#[test]
fn a_mock_test_is_submitted_by_itself_when_the_time_runs_out() {
    let env = Env::new().at(NOW);
    // Three seconds for two questions.
    let mut p = spawn(
        &env,
        &["test", "-n", "2", "--minutes", "0.05", "--marking", "csat"],
    );
    p.exp_string("CSAT marking").unwrap();
    keys(&mut p, "\r");
    p.exp_string("question 1 of 2").unwrap();
    let screen = p.exp_string("s submit").unwrap();
    let shown = read_question(&screen);
    keys(&mut p, &shown.right.to_string());
    p.exp_string("Time is up: the test was submitted as it stood.")
        .unwrap();
    p.exp_string("right 1   wrong 0   unanswered 1").unwrap();
    p.exp_string("net score 2.50 out of 5").unwrap();
    p.exp_string("q finish").unwrap();
    keys(&mut p, "q");
    p.exp_eof().unwrap();
    let history = json(&env, &["test", "--history", "--json"]);
    assert_eq!(history["tests"][0]["status"], "timed-out");
    assert_eq!(history["tests"][0]["score"], 2.5);
}

#[test]
fn ctrl_c_in_a_test_asks_first_and_abandoning_keeps_the_answers_unscored() {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["test", "-n", "4"]);
    keys(&mut p, "\r");
    let first = exam_question(&mut p, 1);
    keys(&mut p, &first.wrong.to_string());
    keys(&mut p, "\x03");
    p.exp_string("Stop the test?").unwrap();
    p.exp_string("1 answered so far").unwrap();
    // Any other key goes back to the test, where the answer is still chosen.
    keys(&mut p, "x");
    p.exp_string("question 1 of 4").unwrap();
    p.exp_string("<- your answer").unwrap();
    keys(&mut p, "\x03");
    p.exp_string("Stop the test?").unwrap();
    keys(&mut p, "a");
    p.exp_string("Test abandoned: not scored. Its 1 answer is kept")
        .unwrap();
    p.exp_eof().unwrap();

    let history = json(&env, &["test", "--history", "--json"]);
    assert_eq!(history["tests"][0]["status"], "abandoned");
    assert_eq!(history["tests"][0]["attempted"], 1);
    assert_eq!(history["trend"]["scored"], 0);
    // The history gives an abandoned test no score.
    let text = env
        .run(&["--decks", PAPER, "test", "--history"])
        .code(0)
        .stdout
        .clone();
    let row = text.lines().find(|l| l.contains("abandoned")).unwrap();
    assert!(row.contains(" — ") && !row.contains(" / "), "{text}");
    // Abandoned answers are not in the review log.
    let book = json(&env, &["mistakes", "--json"]);
    assert_eq!(book.as_array().unwrap().len(), 0);
}

#[test]
fn self_testing_commands_without_a_terminal_say_what_to_run_instead() {
    let env = Env::new().at(NOW);
    for command in ["quiz", "test"] {
        let run = env.run(&["--decks", PAPER, command]);
        run.code(2);
        assert!(
            run.stderr.starts_with(&format!(
                "upsc: {command} needs an interactive terminal; run `upsc "
            )),
            "{}",
            run.stderr
        );
    }
    let run = env.run(&["--decks", PAPER, "test", "--kind", "recall"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("a mock test asks only the paper's pick-one kinds"),
        "{}",
        run.stderr
    );
    let run = env.run(&["--decks", PAPER, "mistakes"]);
    run.code(0);
    assert_eq!(run.stdout, "The mistake book is empty.\n");
}

#[test]
fn filters_that_match_nothing_say_what_exists() {
    let env = Env::new().at(NOW);
    // Filters are checked once a terminal is known to be there, so through a pseudo-terminal.
    let mut p = spawn(&env, &["quiz", "--tag", "nope"]);
    p.exp_string("no card has the tag `nope`; the tags are: diplomacy, economy, history, paper")
        .unwrap();
    p.exp_eof().unwrap();
    let mut p = spawn(&env, &["quiz", "--kind", "numeric"]);
    p.exp_string("no card matches kind numeric together")
        .unwrap();
    p.exp_eof().unwrap();
    let mut p = spawn(&env, &["quiz", "--source", "nope"]);
    p.exp_string("no card cites the source `nope`; the sources cited are: fixture-note")
        .unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn a_test_cut_short_by_sigkill_keeps_its_answers_and_can_be_resumed() {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["test", "-n", "4", "--minutes", "20"]);
    keys(&mut p, "\r");
    let first = exam_question(&mut p, 1);
    keys(&mut p, &first.right.to_string());
    p.exp_string("<- your answer").unwrap();
    keys(&mut p, "m");
    p.exp_string("marked for review").unwrap();
    p.process_mut()
        .kill(nix::sys::signal::Signal::SIGKILL)
        .unwrap();

    let history = json(&env, &["test", "--history", "--json"]);
    assert_eq!(history["tests"][0]["status"], "running");
    assert_eq!(history["tests"][0]["attempted"], 1);
    let text = env
        .run(&["--decks", PAPER, "test", "--history"])
        .code(0)
        .stdout
        .clone();
    assert!(text.contains("unfinished"), "{text}");

    // Resume: the same first question, still answered and marked; submit it.
    let mut p = spawn(&env, &["test", "--resume"]);
    p.exp_string("Resuming test 1").unwrap();
    p.exp_string("1 of 4 answered").unwrap();
    keys(&mut p, "\r");
    let again = exam_question(&mut p, 1);
    assert_eq!(again.card, first.card);
    p.exp_string("marked for review").unwrap();
    keys(&mut p, "s");
    p.exp_string("Submit the test now?").unwrap();
    p.exp_string("1 answered, 3 unanswered, 1 marked for review.")
        .unwrap();
    keys(&mut p, "y");
    p.exp_string("right 1   wrong 0   unanswered 3").unwrap();
    p.exp_string("q finish").unwrap();
    keys(&mut p, "q");
    p.exp_eof().unwrap();
    let history = json(&env, &["test", "--history", "--json"]);
    assert_eq!(history["tests"].as_array().unwrap().len(), 1);
    assert_eq!(history["tests"][0]["status"], "submitted");
    let run = env.run(&["--decks", PAPER, "test", "--resume"]);
    run.code(0);
    assert!(
        run.stdout.starts_with("There is no unfinished test"),
        "{}",
        run.stdout
    );
}
