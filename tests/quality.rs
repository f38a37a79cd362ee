//! Question-quality lints (`upsc check`), the bundled decks held to them, and
//! `upsc source new` end to end.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may fail loudly

mod common;

use common::{Env, manifest_dir};
use upsc::deck::Body;
use upsc::deck::load::{Collection, Decks};

/// Each fixture triggers exactly its lint: a located warning under `check`, a failure
/// under `--strict`.
#[test]
fn each_lint_fires_on_its_fixture_located_and_fails_strict() {
    let env = Env::new();
    let cases = [
        ("long-answer", "long-answer.toml", ":9:13"),
        ("echo-stem", "echo-stem.toml", ":9:13"),
        ("absolute-false", "absolute-false.toml", ":19:9"),
        ("lopsided-key", "lopsided-key.toml", ":1:1"),
        ("lopsided-key", "lopsided-printed.toml", ":1:1"),
        ("near-duplicate", "near-duplicate.toml", ":13:1"),
        ("same-fact", "same-fact.toml", ":13:1"),
        ("negation-pair", "negation-pair.toml", ":12:13"),
        ("absolute-false", "absolute-words.toml", ":12:13"),
        ("bare-acronym", "bare-acronym.toml", ":10:12"),
        ("empty-deck", "empty-deck.toml", ":1:1"),
    ];
    for (lint, file, at) in cases {
        let path = format!("tests/fixtures/lint/{file}");
        let run = env.run(&["check", &path]);
        run.code(0);
        let warnings: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect();
        assert_eq!(warnings.len(), 1, "{lint}: {}", run.stdout);
        assert!(
            warnings[0].starts_with(&format!("warning: {lint}: ")),
            "{lint}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("{path}{at}")),
            "{lint} not located at {at}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("help: "), "{lint}: {}", run.stdout);
        env.run(&["check", "--strict", &path]).code(1);
    }
}

#[test]
fn near_duplicates_name_both_cards() {
    let env = Env::new();
    let run = env.run(&["check", "tests/fixtures/lint/near-duplicate.toml"]);
    assert!(
        run.stdout.contains(
            "near-duplicate: this card and `near-duplicate/edition` (tests/fixtures/lint/near-duplicate.toml:5:1)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("--> tests/fixtures/lint/near-duplicate.toml:13:1"),
        "{}",
        run.stdout
    );
}

#[test]
fn same_facts_name_both_cards_and_the_marks_they_share() {
    let env = Env::new();
    let run = env.run(&["check", "tests/fixtures/lint/same-fact.toml"]);
    assert!(
        run.stdout.contains(
            "same-fact: this card and `same-fact/rssa-year` (tests/fixtures/lint/same-fact.toml:5:1) test the same fact (both mark true \"2020\" with \"reciprocal provision of supplies\")"
        ),
        "{}",
        run.stdout
    );
    // Across decks too: the fact and its copy in another file.
    let dir = env.home().join("two");
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(manifest_dir().join("tests/fixtures/lint/same-fact.toml")).unwrap();
    let (head, second) = text.split_at(text.find("[[card]]\nid = \"logistics-pact\"").unwrap());
    std::fs::write(dir.join("a.toml"), head).unwrap();
    std::fs::write(
        dir.join("b.toml"),
        format!("[deck]\nid = \"other\"\ntitle = \"Other\"\n\n{second}"),
    )
    .unwrap();
    let run = env.run(&["check", &dir.display().to_string()]);
    assert!(
        run.stdout
            .contains("same-fact: this card and `same-fact/rssa-year`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("b.toml:5:1"), "{}", run.stdout);
}

#[test]
fn clean_cards_pass_strict() {
    let env = Env::new();
    for file in [
        "clean.toml",
        "lopsided-key-ok.toml",
        "silenced.toml",
        "same-fact-ok.toml",
        "negation-pair-ok.toml",
        "absolute-words-ok.toml",
    ] {
        let run = env.run(&["check", "--strict", &format!("tests/fixtures/lint/{file}")]);
        run.code(0);
        assert!(
            run.stdout.ends_with("no problems\n"),
            "{file}: {}",
            run.stdout
        );
    }
}

#[test]
fn an_unknown_lint_name_is_a_located_error_with_a_suggestion() {
    let env = Env::new();
    let dir = env.home().join("d");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("typo.toml");
    std::fs::write(
        &path,
        "[deck]\nid = \"typo\"\ntitle = \"T\"\n\n[[card]]\nid = \"x\"\nkind = \"recall\"\nprompt = \"Who?\"\nanswer = \"Ishiba\"\nlint = [\"long-anser\"]\nsource = \"adda247-notes-2025\"\nexplanation = \"E.\"\n",
    )
    .unwrap();
    let shown = path.display().to_string();
    let run = env.run(&["check", &shown]);
    run.code(1);
    assert!(
        run.stdout.contains("error: unknown lint `long-anser`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{shown}:10:9")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean `long-answer`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn bundled_decks_are_clean_under_strict() {
    let env = Env::new();
    let run = env.run(&["check", "--strict", "--decks", "decks"]);
    run.code(0);
    assert!(run.stdout.ends_with("no problems\n"), "{}", run.stdout);
}

/// No two bundled cards ask the same fact (by the duplicate lint), and the assertion key
/// across all bundled decks is balanced: no option right for more than 40% of them.
#[test]
fn bundled_decks_ask_each_fact_once_and_balance_the_assertion_key() {
    let collection = Collection::load(&Decks::at(manifest_dir().join("decks")));
    let texts: Vec<String> = collection
        .decks
        .iter()
        .map(|d| std::fs::read_to_string(d.origin.path().unwrap()).unwrap())
        .collect();
    let sources: Vec<upsc::deck::lint::Source> = collection
        .decks
        .iter()
        .zip(&texts)
        .map(|(deck, text)| upsc::deck::lint::Source {
            deck,
            text,
            has_errors: false,
        })
        .collect();
    let found = upsc::deck::lint::lint(&sources);
    let duplicates: Vec<String> = found
        .iter()
        .flatten()
        .filter(|d| d.message.starts_with("near-duplicate"))
        .map(|d| d.message.to_string())
        .collect();
    assert!(duplicates.is_empty(), "{duplicates:#?}");

    let mut options = [0usize; 4];
    for card in collection.decks.iter().flat_map(|d| &d.cards) {
        if let Body::Assertion(a) = &card.body {
            // `fits` knows the three-statement options too (Statement I/II/III cards).
            let fits = a.fits();
            let option = fits.iter().position(|&f| f).unwrap();
            assert_eq!(fits.iter().filter(|&&f| f).count(), 1, "{}", card.id);
            options[option] += 1;
        }
    }
    let total: usize = options.iter().sum();
    assert!(total >= 8, "{options:?}");
    for n in options {
        assert!(n * 10 <= total * 4, "lopsided assertion key: {options:?}");
    }
}

#[test]
fn source_new_writes_a_note_that_cards_can_cite() {
    let env = Env::new();
    let run = env.run(&[
        "source",
        "new",
        "pib-budget-2026",
        "--title",
        "Union Budget 2026: highlights",
        "--outlet",
        "Press Information Bureau",
        "--kind",
        "press-release",
        "--date",
        "1 February 2026",
        "--url",
        "https://example.org/budget",
        "--summary",
        "Fiscal deficit target and capital spending, in my own words.",
    ]);
    run.code(0);
    let path = env.home().join("seeds/pib-budget-2026.toml");
    assert_eq!(
        run.stdout,
        format!(
            "Created {} with source `pib-budget-2026`. Cite it from a card with `source = \"pib-budget-2026\"`.\n",
            path.display()
        )
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("kind = \"press-release\"\n"), "{text}");
    assert!(
        text.contains("url = \"https://example.org/budget\"\n"),
        "{text}"
    );

    // Citable from a deck in the data folder, and listed with it.
    let decks = env.home().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("budget.toml"),
        "[deck]\nid = \"budget\"\ntitle = \"Budget\"\n\n[[card]]\nid = \"deficit\"\nkind = \"recall\"\nprompt = \"Which outlet published the budget highlights?\"\nanswer = \"Press Information Bureau\"\nsource = \"pib-budget-2026\"\nexplanation = \"From the note.\"\n",
    )
    .unwrap();
    let check = env.run(&["check", "--strict", &decks.display().to_string()]);
    check.code(0);
    let seeds = env.run(&["seeds"]).code(0).stdout.clone();
    assert!(seeds.contains("pib-budget-2026  (1 "), "{seeds}");

    // The same id twice is refused; nothing is overwritten.
    let again = env.run(&[
        "source",
        "new",
        "pib-budget-2026",
        "--title",
        "X",
        "--outlet",
        "Y",
    ]);
    again.code(1);
    assert!(
        again
            .stderr
            .starts_with("upsc: a source note `pib-budget-2026` already exists"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn source_new_refuses_bad_input_in_one_line_without_a_terminal() {
    let env = Env::new();
    let cases: [(&[&str], &str); 4] = [
        (
            &["source", "new", "x-note"],
            "upsc: the source note needs a title; give it with `--title …`\n",
        ),
        (
            &["source", "new", "Bad Id", "--title", "T", "--outlet", "O"],
            "upsc: ",
        ),
        (
            &[
                "source", "new", "x-note", "--title", "T", "--outlet", "O", "--kind", "blog",
            ],
            "upsc: unknown source kind `blog`; use one of",
        ),
        (
            &[
                "source", "new", "x-note", "--title", "T", "--outlet", "O", "--url", "ftp://x",
            ],
            "upsc: `ftp://x` is not a web address",
        ),
    ];
    for (args, start) in cases {
        let run = env.run(args);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(run.stderr.starts_with(start), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
    assert!(!env.home().join("seeds/x-note.toml").exists());
}

/// The bundled decks printed in order (`upsc paper --in-order --key`) look like the paper:
/// each card asked as a session asks it, so no question shows more than six items, and
/// the key is spread: no letter is the answer of more than 35% of the questions.
#[test]
fn the_bundled_decks_printed_in_order_have_a_balanced_key_and_at_most_six_items() {
    use upsc::paper::{Choose, Order};
    let collection = Collection::load(&Decks::at(manifest_dir().join("decks")));
    let picks: Vec<upsc::study::Pick<'_>> = collection
        .decks
        .iter()
        .flat_map(|deck| {
            deck.cards
                .iter()
                .map(move |card| upsc::study::Pick { deck, card })
        })
        .collect();
    let paper = upsc::paper::choose(
        picks,
        &Choose {
            count: usize::MAX,
            order: Order::Written,
            covers: "all decks".into(),
        },
    );
    assert!(paper.questions.len() >= 100, "{}", paper.questions.len());
    let mut letters = [0usize; 6];
    for question in &paper.questions {
        letters[question.correct] += 1;
        // Items are the numbered lines: "I. …" (or "1. …" in the 2024 style).
        let items = question
            .text
            .lines()
            .filter(|line| {
                let head = line.trim_start().split(['.', ' ']).next().unwrap_or("");
                !head.is_empty()
                    && (head.chars().all(|c| "IVX".contains(c))
                        || head.chars().all(|c| c.is_ascii_digit()))
                    && line.trim_start()[head.len()..].starts_with(". ")
            })
            .count();
        assert!(
            items <= 6,
            "{}/{} shows {items} items:\n{}",
            question.deck,
            question.card,
            question.text
        );
    }
    let total = paper.questions.len();
    for (i, &n) in letters.iter().enumerate() {
        assert!(
            n as f64 <= 0.35 * total as f64,
            "({}) is the key of {n} of {total} questions: {letters:?}",
            char::from(b'a' + i as u8)
        );
    }
}
