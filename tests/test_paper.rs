//! `upsc test --paper ID` (issue 27): the answers marked on a printed paper's sheet,
//! typed back, are scored with the Commission's marking against the paper's own key and
//! stored as a mock test: in `test --history` and the mistake book like any other.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::Env;

/// The paper's id (from its `Paper id : …` line) and its key's letters, `a` to `d`.
fn printed(env: &Env, args: &[&str]) -> (String, Vec<char>) {
    let mut all = vec!["paper", "--key"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    run.code(0);
    let id = common::paper_id(&run.stdout);
    let key = run
        .stdout
        .split("\nAnswer key\n")
        .nth(1)
        .unwrap()
        .lines()
        .map(|l| l.split_once(". (").unwrap().1.chars().next().unwrap())
        .collect();
    (id, key)
}

/// A letter other than `right`.
fn another(right: char) -> char {
    if right == 'a' { 'b' } else { 'a' }
}

#[test]
fn a_sheet_typed_back_is_scored_with_the_papers_key_and_kept() {
    let env = Env::new();
    let (id, key) = printed(&env, &["--seed", "11", "-n", "30"]);
    assert_eq!(key.len(), 30);
    assert!(id.starts_with("11-"), "{id}");
    // 12 right, 9 wrong, 9 blank, in a pattern: right, wrong, blank, ….
    let sheet: String = key
        .iter()
        .enumerate()
        .map(|(n, &right)| match n % 10 {
            0 | 3 | 5 | 8 => right,
            1 | 4 | 9 => another(right),
            _ => '-',
        })
        .collect();
    let (right, wrong) = (12, 9);
    // Typed in groups of five, in capitals, as from a sheet.
    let grouped: Vec<String> = sheet
        .to_uppercase()
        .chars()
        .collect::<Vec<_>>()
        .chunks(5)
        .map(|c| c.iter().collect())
        .collect();
    let run = env.run(&[
        "test",
        "--paper",
        &id,
        "-n",
        "30",
        "--answers",
        &grouped.join(" "),
    ]);
    run.code(0);
    assert!(
        run.stdout.contains(&format!(
            "Questions 30   attempted 21   right {right}   wrong {wrong}   unanswered 9"
        )),
        "{}",
        run.stdout
    );
    // +2 a right answer, a third of that off a wrong one: 24 − 6 = 18 out of 60.
    assert!(
        run.stdout.contains("net score 18 out of 60 (30.0%)"),
        "{}",
        run.stdout
    );
    // The wrong ones named with their right letters.
    assert!(
        run.stdout.contains(&format!(
            "Wrong, with the right answer : 2 ({}), 5 ({})",
            key[1], key[4]
        )),
        "{}",
        run.stdout
    );

    let history = env.run(&["test", "--history", "--json"]);
    history.code(0);
    let tests = history.json()["tests"].as_array().unwrap().clone();
    assert_eq!(tests.len(), 1);
    let test = &tests[0];
    assert_eq!(test["status"], "submitted");
    assert_eq!(test["marking"], "gs1");
    assert_eq!(test["questions"], 30);
    assert_eq!(test["attempted"], 21);
    assert_eq!(test["right"], right);
    assert_eq!(test["wrong"], wrong);
    assert_eq!(test["score"], 18.0);
    assert_eq!(test["maximum"], 60.0);

    // Every wrong answer is in the mistake book.
    let mistakes = env.run(&["mistakes", "--json"]);
    mistakes.code(0);
    let book = mistakes.json();
    let cards = book
        .as_array()
        .or_else(|| book["cards"].as_array())
        .expect("a list of cards");
    assert_eq!(cards.len(), wrong, "{book}");
}

#[test]
fn the_same_sheet_through_standard_input_and_by_seed_alone_scores_the_same() {
    let env = Env::new();
    let (id, key) = printed(&env, &["--seed", "5", "-n", "12"]);
    let sheet: String = key
        .iter()
        .enumerate()
        .map(|(n, &k)| if n % 3 == 0 { another(k) } else { k })
        .collect();
    let mut piped = env.command(&["test", "--paper", &id, "-n", "12"]);
    piped
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = piped.spawn().unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{sheet}").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let first = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(first.contains("right 8   wrong 4"), "{first}");
    let by_seed = env.run(&["test", "--paper", "5", "-n", "12", "--answers", &sheet]);
    by_seed.code(0);
    let scorecard = |text: &str| text.split_once("Scorecard").unwrap().1.to_string();
    assert_eq!(scorecard(&by_seed.stdout), scorecard(&first));
}

#[test]
fn a_sheet_that_is_not_the_papers_is_refused_and_nothing_is_stored() {
    let env = Env::new();
    let (id, key) = printed(&env, &["--seed", "7", "-n", "10"]);
    let sheet: String = key.iter().collect();
    // Another count draws another paper: its check differs.
    let run = env.run(&["test", "--paper", &id, "-n", "11", "--answers", &sheet]);
    run.code(1);
    assert!(
        run.stderr
            .starts_with(&format!("upsc: paper {id} is not the paper with seed 7")),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    // Too few answers, a letter past (d), a stray character.
    for (typed, says) in [
        (
            &sheet[..9],
            "upsc: 9 answers typed for a paper of 10 questions;",
        ),
        (
            &format!("{}e", &sheet[..9]),
            "upsc: answer 10 is `e` but question 10 has options (a) to (d);",
        ),
        (
            &format!("{}?", &sheet[..9]),
            "upsc: `?` (answer 10) is not an answer;",
        ),
    ] {
        let run = env.run(&["test", "--paper", &id, "-n", "10", "--answers", typed]);
        run.code(2);
        assert!(run.stderr.starts_with(says), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    let run = env.run(&["test", "--paper", "seven", "--answers", "a"]);
    run.code(2);
    assert!(
        run.stderr.starts_with("upsc: `seven` is not a paper's id;"),
        "{}",
        run.stderr
    );
    let history = env.run(&["test", "--history", "--json"]);
    assert_eq!(history.json()["tests"].as_array().unwrap().len(), 0);
    // The right sheet is then taken.
    env.run(&["test", "--paper", &id, "-n", "10", "--answers", &sheet])
        .code(0);
    let history = env.run(&["test", "--history", "--json"]);
    assert_eq!(history.json()["tests"][0]["right"], 10);
}

#[test]
fn a_paper_in_the_order_written_is_scored_by_its_id() {
    let env = Env::new();
    let (id, key) = printed(&env, &["--decks", "tests/fixtures/paper2025", "--in-order"]);
    assert!(id.starts_with("in-order-"), "{id}");
    let sheet: String = key.iter().collect();
    let run = env.run(&[
        "--decks",
        "tests/fixtures/paper2025",
        "test",
        "--paper",
        &id,
        "--answers",
        &sheet,
    ]);
    run.code(0);
    assert!(
        run.stdout.contains("right 9   wrong 0   unanswered 0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("net score 18 out of 18"),
        "{}",
        run.stdout
    );
}
