//! `upsc coach` over stores with prepared mock tests: the JSON's chance for its policy is
//! recomputed here from the cells it prints, by a count of its own (no code shared with
//! the coach), and compared with every threshold policy; too few tagged answers is said
//! and exits 0; `exam.cutoff` replaces the default cutoffs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use chrono::DateTime;
use common::Env;
use serde_json::Value;
use upsc::answer::Confidence;
use upsc::marking::Marking;
use upsc::mock::{self, Item};
use upsc::scheduler::{Scheduler, Settings};
use upsc::store::{MockSetup, Store};

const NOW: &str = "2026-06-01T09:00:00+05:30";

/// One prepared question: its kind, tag, whether it was answered right, wrong or left.
fn item(n: usize, kind: &str, confidence: Option<Confidence>, outcome: Option<bool>) -> Item {
    Item {
        deck: "synthetic".into(),
        card: format!("card-{n}"),
        kind: upsc::deck::Kind::parse(kind).expect("a kind"),
        fingerprint: 1,
        tags: vec![
            if n.is_multiple_of(2) {
                "polity"
            } else {
                "economy"
            }
            .to_string(),
        ],
        question: format!("Question {n}?"),
        options: vec!["w".into(), "x".into(), "y".into(), "z".into()],
        correct: 2,
        answer_text: "(c) y".into(),
        notes: vec![],
        explanation: None,
        chosen: outcome.map(|right| if right { 2 } else { 0 }),
        confidence,
        marked: false,
        visited: true,
        seconds: 30.0,
    }
}

/// Mock tests whose answers fall in cells at the given rates: (kind, confidence, answered,
/// right), plus `blank` questions left blank, split over tests of 50.
fn prepare(env: &Env, cells: &[(&str, Option<Confidence>, usize, usize)], blank: usize) {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let mut store = Store::open(&env.home().join("progress.db"), None, now).unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let mut items = Vec::new();
    for &(kind, confidence, answered, right) in cells {
        for i in 0..answered {
            items.push(item(items.len(), kind, confidence, Some(i < right)));
        }
    }
    for _ in 0..blank {
        items.push(item(items.len(), "statements", None, None));
    }
    for test in items.chunks(50) {
        let card = mock::score(test, Marking::Gs1);
        let id = store
            .start_mock(
                &MockSetup {
                    marking: Marking::Gs1,
                    minutes: 60.0,
                    filters: "all decks",
                },
                test,
                now,
            )
            .unwrap();
        store
            .finish_mock(
                id,
                upsc::mock::MockStatus::Submitted,
                &card,
                test,
                &scheduler,
                now,
            )
            .unwrap();
    }
}

/// The chance of reaching each cutoff, averaged, when `attempted` holds (questions,
/// accuracy) pairs: the score distribution in thirds of a mark as a map, built question
/// by question.
fn chance(attempted: &[(u64, f64)], cutoffs: &[f64]) -> f64 {
    let mut dist: std::collections::BTreeMap<i64, f64> = [(0, 1.0)].into();
    for &(n, p) in attempted {
        for _ in 0..n {
            let mut next = std::collections::BTreeMap::new();
            for (&thirds, &c) in &dist {
                *next.entry(thirds + 6).or_insert(0.0) += c * p;
                *next.entry(thirds - 2).or_insert(0.0) += c * (1.0 - p);
            }
            dist = next;
        }
    }
    cutoffs
        .iter()
        .map(|&cut| {
            dist.iter()
                .filter(|(t, _)| **t as f64 / 3.0 >= cut - 1e-9)
                .map(|(_, c)| c)
                .sum::<f64>()
        })
        .sum::<f64>()
        / cutoffs.len() as f64
}

fn cells_of(json: &Value) -> Vec<(u64, f64, bool, String)> {
    json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["questions"].as_u64().unwrap(),
                c["accuracy"].as_f64().unwrap(),
                c["attempt"].as_bool().unwrap(),
                c["confidence"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const LEARNER: &[(&str, Option<Confidence>, usize, usize)] = &[
    ("mcq", Some(Confidence::Sure), 120, 108),
    ("statements", Some(Confidence::Sure), 60, 50),
    ("statements", Some(Confidence::FiftyFifty), 70, 38),
    ("pairs", Some(Confidence::FiftyFifty), 30, 14),
    ("pairs", Some(Confidence::Guess), 25, 9),
    ("mcq", Some(Confidence::Guess), 30, 6),
    ("assertion", None, 15, 9),
];

#[test]
fn the_policys_chance_is_the_one_its_cells_give_and_beats_every_threshold() {
    let env = Env::new().at(NOW);
    prepare(&env, LEARNER, 50);
    let json = env.run(&["coach", "--json"]).code(0).json();
    assert_eq!(json["ready"], true);
    let cutoffs: Vec<f64> = json["cutoffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_f64().unwrap())
        .collect();
    assert_eq!(
        cutoffs,
        [98.00, 98.00, 92.51, 87.54, 88.22, 75.41, 87.98, 92.66]
    );
    let cells = cells_of(&json);
    assert_eq!(cells.iter().map(|c| c.0).sum::<u64>(), 100);
    // The mix: 400 questions seen, 120 of them sure mcq → 30 of the paper's 100.
    let sure_mcq = &json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["confidence"] == "sure" && c["kind"] == "mcq")
        .unwrap();
    assert_eq!(sure_mcq["questions"], 30);
    assert_eq!(
        (sure_mcq["answered"].as_u64(), sure_mcq["right"].as_u64()),
        (Some(120), Some(108))
    );
    assert!(sure_mcq["low"].as_f64() < sure_mcq["accuracy"].as_f64());
    assert!(sure_mcq["accuracy"].as_f64() < sure_mcq["high"].as_f64());
    let attempted: Vec<(u64, f64)> = cells.iter().filter(|c| c.2).map(|c| (c.0, c.1)).collect();
    let reported = json["policy"]["p_clear"].as_f64().unwrap();
    assert!((chance(&attempted, &cutoffs) - reported).abs() < 1e-3);
    let expected: f64 = attempted
        .iter()
        .map(|&(n, p)| n as f64 * (2.0 * p - 2.0 / 3.0 * (1.0 - p)))
        .sum();
    assert!((json["policy"]["expected_score"].as_f64().unwrap() - expected).abs() < 1e-6);
    // Every threshold rule, and the two named policies, do no better.
    for &(_, t, _, _) in &cells {
        let rule: Vec<(u64, f64)> = cells
            .iter()
            .filter(|c| c.1 >= t)
            .map(|c| (c.0, c.1))
            .collect();
        assert!(chance(&rule, &cutoffs) <= reported + 1e-9);
    }
    let all: Vec<(u64, f64)> = cells.iter().map(|c| (c.0, c.1)).collect();
    assert!(
        (chance(&all, &cutoffs) - json["attempt_all"]["p_clear"].as_f64().unwrap()).abs() < 1e-3
    );
    let sure: Vec<(u64, f64)> = cells
        .iter()
        .filter(|c| c.3 == "sure")
        .map(|c| (c.0, c.1))
        .collect();
    assert!(
        (chance(&sure, &cutoffs) - json["sure_only"]["p_clear"].as_f64().unwrap()).abs() < 1e-3
    );

    // The text says the same things.
    let text = env.run(&["coach"]).code(0).stdout.clone();
    assert!(text.contains("sure · mcq"), "{text}");
    assert!(text.contains("this policy"), "{text}");
    assert!(
        text.contains(&format!("{:.1}%", 100.0 * reported)),
        "{text}"
    );
    assert!(text.contains("not independent"), "{text}");
}

#[test]
fn too_few_tagged_answers_say_what_is_missing_and_exit_0() {
    let env = Env::new().at(NOW);
    prepare(
        &env,
        &[
            ("mcq", Some(Confidence::Sure), 20, 18),
            ("mcq", None, 40, 30),
        ],
        0,
    );
    let run = env.run(&["coach"]);
    run.code(0);
    assert!(run.stdout.contains("at least 30"), "{}", run.stdout);
    assert!(run.stdout.contains("you have 20"), "{}", run.stdout);
    let json = env.run(&["coach", "--json"]).code(0).json();
    assert_eq!(json["ready"], false);
    assert_eq!(json["declared"], 20);
    assert_eq!(json["needed"], 30);
    // And with no store at all.
    let empty = Env::new().at(NOW);
    assert!(empty.run(&["coach"]).code(0).stdout.contains("you have 0"));
}

#[test]
fn exam_cutoff_replaces_the_default_cutoffs() {
    let env = Env::new().at(NOW);
    prepare(&env, LEARNER, 50);
    env.run(&["config", "set", "exam.cutoff", "60"]).code(0);
    let json = env.run(&["coach", "--json"]).code(0).json();
    assert_eq!(json["cutoffs"], serde_json::json!([60.0]));
    assert_eq!(json["cutoffs_from"], "settings");
    env.run(&["config", "set", "exam.cutoff", "[80, 90.5]"])
        .code(0);
    let json = env.run(&["coach", "--json"]).code(0).json();
    assert_eq!(json["cutoffs"], serde_json::json!([80.0, 90.5]));
    let bad = env.run(&["config", "set", "exam.cutoff", "250"]);
    assert!(bad.stderr.starts_with("upsc: "), "{}", bad.stderr);
}

#[test]
fn the_scorecard_says_what_the_coachs_policy_would_have_scored() {
    let env = Env::new().at(NOW);
    prepare(&env, LEARNER, 50);
    let mut command = env.command(&["--decks", "tests/fixtures/paper", "test", "-n", "1"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("Press Enter to start").unwrap();
    common::keys(&mut p, "\r");
    p.exp_string("s submit").unwrap();
    // Answer (a), tag it sure: a cell the policy attempts, so the replay keeps it.
    common::keys(&mut p, "a");
    p.exp_string("Answered (a)").unwrap();
    common::keys(&mut p, "1");
    p.exp_string("sure").unwrap();
    common::keys(&mut p, "s");
    p.exp_string("Submit the test now?").unwrap();
    common::keys(&mut p, "y");
    p.exp_string("Test submitted.").unwrap();
    p.exp_string("net score ").unwrap();
    let (_, score) = p.exp_regex(r"-?[0-9.]+ out of 2").unwrap();
    let score = score.trim_end_matches(" out of 2").to_string();
    // The line may be wrapped to the terminal: words apart by any white space.
    let (_, line) = p
        .exp_regex(
            r"would\s+have\s+scored\s+-?[0-9.]+\s+out\s+of\s+2[0-9.]*,\s+against\s+-?[0-9.]+",
        )
        .unwrap();
    let numbers: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        .collect();
    // One sure answer, attempted by the policy: the same score as taken.
    assert_eq!(numbers.first(), Some(&score.as_str()), "{line}");
    assert_eq!(numbers.last(), Some(&score.as_str()), "{line}");
    common::keys(&mut p, "q");
    p.exp_eof().unwrap();
}

/// One mock test with a wrong answer at each confidence, a misread "not correct"
/// question answered sure, and a right guess.
fn prepare_mistakes(env: &Env) {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let mut store = Store::open(&env.home().join("progress.db"), None, now).unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let mut items = vec![
        item(0, "mcq", Some(Confidence::Sure), Some(false)),
        item(1, "mcq", Some(Confidence::FiftyFifty), Some(false)),
        item(2, "pairs", Some(Confidence::Guess), Some(false)),
        item(3, "mcq", None, Some(false)),
        item(4, "mcq", Some(Confidence::Guess), Some(true)),
        item(5, "statements", Some(Confidence::Sure), Some(false)),
    ];
    // Statement 2 alone is not correct; "1 and 3 only" answers "which are correct".
    items[5].question = "Consider the following statements :\n  1. A\n  2. B\n  3. C\n\nWhich of the statements given above are not correct?".into();
    items[5].options = ["2 only", "1 and 3 only", "1 only", "1, 2 and 3"]
        .map(String::from)
        .to_vec();
    items[5].correct = 0;
    items[5].chosen = Some(1);
    let card = mock::score(&items, Marking::Gs1);
    let setup = MockSetup {
        marking: Marking::Gs1,
        minutes: 60.0,
        filters: "all decks",
    };
    let id = store.start_mock(&setup, &items, now).unwrap();
    store
        .finish_mock(
            id,
            upsc::mock::MockStatus::Submitted,
            &card,
            &items,
            &scheduler,
            now,
        )
        .unwrap();
}

#[test]
fn the_mistake_book_knows_why() {
    let env = Env::new().at(NOW);
    prepare_mistakes(&env);
    let json = env
        .run(&["mistakes", "--by", "why", "--json"])
        .code(0)
        .json();
    let groups: Vec<(String, Vec<String>)> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["why"].as_str().unwrap().to_string(),
                g["cards"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            ("overconfidence".to_string(), vec!["card-0".to_string()]),
            ("elimination-error".to_string(), vec!["card-1".to_string()]),
            ("knowledge-gap".to_string(), vec!["card-2".to_string()]),
            ("misread".to_string(), vec!["card-5".to_string()]),
            ("unclassed".to_string(), vec!["card-3".to_string()]),
        ]
    );
    let guessed = json["right_but_guessed"].as_array().unwrap();
    assert_eq!(guessed.len(), 1);
    assert_eq!(guessed[0]["id"], "card-4");
    // The plain book's JSON carries the class too.
    let book = env.run(&["mistakes", "--json"]).code(0).json();
    let misread = book
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "card-5")
        .unwrap();
    assert_eq!(misread["why"], "misread");
    let text = env.run(&["mistakes", "--by", "why"]).code(0).stdout.clone();
    assert!(text.contains("Misreads"), "{text}");
    assert!(text.contains("Right but guessed"), "{text}");
    // Correcting needs a terminal.
    let refused = env.run(&["mistakes", "--reclassify"]);
    assert!(refused.stderr.starts_with("upsc: "), "{}", refused.stderr);
}

#[test]
fn a_class_is_corrected_with_one_key() {
    let env = Env::new().at(NOW);
    prepare_mistakes(&env);
    let mut command = env.command(&["mistakes", "--reclassify"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    // The book is newest first, all from one test: the first shown is kept as it is,
    // then the next one is corrected with `k`, then stop.
    p.exp_string("[1 of 5]").unwrap();
    p.exp_string("Enter keep").unwrap();
    common::keys(&mut p, "\r");
    let (_, second) = p.exp_regex(r"\[2 of 5\] [^\r\n]*").unwrap();
    p.exp_string("Enter keep").unwrap();
    common::keys(&mut p, "k");
    p.exp_string("kept as knowledge-gap").unwrap();
    p.exp_string("[3 of 5]").unwrap();
    common::keys(&mut p, "q");
    p.exp_string("class").unwrap();
    p.exp_eof().unwrap();
    let id = second
        .split_whitespace()
        .nth(3)
        .unwrap()
        .trim_end_matches(':')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let book = env.run(&["mistakes", "--json"]).code(0).json();
    let corrected = book
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .unwrap_or_else(|| panic!("{id} in {book}"));
    assert_eq!(corrected["why"], "knowledge-gap");
    let by = env
        .run(&["mistakes", "--by", "why", "--json"])
        .code(0)
        .json();
    let gap = by["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["why"] == "knowledge-gap")
        .unwrap();
    assert!(
        gap["cards"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id.as_str() && c["why_corrected"] == true)
    );
}
