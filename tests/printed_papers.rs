//! The real papers' formats, word for word (issue 16's "done when", issue 27's fixtures in
//! our own words): questions in the shapes of the 2024 and 2025 GS Paper I, written in decks
//! (`tests/fixtures/real2024`, `tests/fixtures/real2025`), come out of
//! `upsc paper --in-order --key` with the Commission's formulaic wording exactly as the
//! Commission printed it, each with the answer the Commission's key gave the question of
//! that shape. One question of each shape of each paper (41 of 2024, 43 of 2025): every
//! closing line, every set of code or count options, every Statement-I/II variant, pairs
//! and rows with their headings.
//!
//! Each fixture folder holds the deck and `expected.txt`, the questions laid out as the
//! Commission prints them: stem, numbered items (a table's cells separated by ` | `),
//! closing line, options (a) to (d), and then the answer key. The stems, items, pairs and
//! rows are ours, written afresh on other facts; the closing lines, codes, counts and
//! Statement options are the Commission's, kept from the transcription of the paper. The
//! deck gives the items and whether each is correct; the program makes the closing lines,
//! codes, counts and Statement options that the deck does not write, and computes the right
//! option, so the comparison checks the house-style wordings and the answers against the
//! printed paper. Line breaks and the layout of a table are the program's own, so the
//! comparison is of the words: runs of white space are one space, table separators are
//! white space, and the space the Commission prints before `?` and `:` is not compared.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::Env;

/// The words of a question: white space collapsed, table separators (` — ` in a table
/// too wide to align, ` | ` in the transcription) dropped, no space before `?` or `:`.
fn words(text: &str) -> String {
    let spaced = text.replace(" — ", " ").replace(" | ", " ");
    let collapsed = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace(" ?", "?").replace(" :", ":")
}

/// A paper's numbered questions (each from its `N.` line to the next) and its key lines.
fn questions_and_key(text: &str) -> (Vec<String>, Vec<String>) {
    let (body, key) = text
        .split_once("\nAnswer key\n")
        .expect("the paper has an answer key");
    let mut questions: Vec<String> = Vec::new();
    for line in body.lines() {
        let starts_question = line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if starts_question {
            questions.push(String::new());
        }
        if let Some(question) = questions.last_mut() {
            question.push_str(line);
            question.push('\n');
        }
    }
    let key = key.lines().map(str::to_string).collect();
    (questions, key)
}

/// The paper printed from the fixture deck of `year` matches its transcription.
fn prints_as_the_commission_did(year: &str, questions: usize) {
    prints_as_expected(&format!("tests/fixtures/real{year}"), year, questions);
}

/// The paper printed from the fixture deck in `folder` matches `expected.txt` beside it.
fn prints_as_expected(folder: &str, year: &str, questions: usize) {
    let env = Env::new();
    let check = env.run(&["check", folder]);
    check.code(0);
    assert!(
        check.stdout.contains(&format!("{questions} cards")) && check.stdout.contains(" 0 errors"),
        "{}",
        check.stdout
    );
    let run = env.run(&["--decks", folder, "paper", "--in-order", "--key"]);
    run.code(0);
    let expected = std::fs::read_to_string(format!("{folder}/expected.txt")).unwrap();
    let (printed, printed_key) = questions_and_key(&run.stdout);
    let (transcribed, official_key) = questions_and_key(&format!("\n{expected}"));
    assert_eq!(transcribed.len(), questions, "{year}: transcription");
    assert_eq!(printed.len(), questions, "{year}: {}", run.stdout);
    for (n, (ours, theirs)) in printed.iter().zip(&transcribed).enumerate() {
        assert_eq!(
            words(ours),
            words(theirs),
            "{year}, question {} differs from the paper:\n--- printed by upsc\n{ours}--- printed by the Commission\n{theirs}",
            n + 1
        );
    }
    assert_eq!(printed_key, official_key, "{year}: the answer key");
}

#[test]
fn the_2025_paper_prints_word_for_word_with_its_key() {
    prints_as_the_commission_did("2025", 43);
}

#[test]
fn the_2024_paper_prints_word_for_word_with_its_key() {
    prints_as_the_commission_did("2024", 41);
}

/// Issue 27: the formats of the other years (2013 to 2026) that the 2024 and 2025 papers
/// do not print: pairs with a separator between the columns, with headings (2013's and
/// 2023's colon, 2022's dash) and without (2026's colon); pairs asked "not correctly
/// matched", by code (2013 to 2019) and counted in pairs (2022); counts with the noun
/// "State" (2022); seven items (2022); the 2023 wording of Statement-I/II, each of its four
/// answers; `shuffle = false` on pairs and `form` beside options that agree with it.
#[test]
fn the_other_years_formats_print_word_for_word_with_their_key() {
    prints_as_expected("tests/fixtures/other-years", "2013 to 2026", 11);
}

/// The separator is printed between the columns as the deck writes it, under the headings
/// and without them (the word comparison above reads a dash as a table's separator, so
/// the lines are checked here as printed).
#[test]
fn separators_are_printed_between_the_columns() {
    let env = Env::new();
    let run = env.run(&[
        "--decks",
        "tests/fixtures/other-years",
        "paper",
        "--in-order",
    ]);
    run.code(0);
    let line = |start: &str| -> Vec<String> {
        run.stdout
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| l.starts_with(start))
            .collect()
    };
    assert_eq!(line("1. Bhakra Nangal"), ["1. Bhakra Nangal : Sutlej"]);
    assert_eq!(line("Dam River"), ["Dam River"], "the headings stand alone");
    assert_eq!(line("1. Jog Falls"), ["1. Jog Falls — Karnataka"]);
    assert_eq!(
        line("1. Elephanta"),
        ["1. Elephanta : Shaivite cave shrine"]
    );
    assert_eq!(line("I. Tawi"), ["I. Tawi : Chenab"]);
    // Pairs without a separator keep the dash; under headings without one, none.
    assert_eq!(
        line("1. Hornbill Festival"),
        ["1. Hornbill Festival — Nagaland"]
    );
    let run = env.run(&["--decks", "tests/fixtures/real2024", "paper", "--in-order"]);
    run.code(0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")
                == "1. Servants of India Society Gopal Krishna Gokhale"),
        "{}",
        run.stdout
    );
}

/// The settings file's `style = "2023"` words the Statement questions of a deck that names
/// no style as the 2023 paper did, the key still computed from the statements.
#[test]
fn the_2023_style_may_be_the_default_of_the_settings() {
    let env = Env::new();
    let decks = env.home().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("d.toml"),
        "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nid = \"c\"\nkind = \"assertion\"\nstatement1 = \"One.\"\nstatement2 = \"Two.\"\nstatement1_correct = true\nstatement2_correct = true\nexplains = false\n",
    )
    .unwrap();
    let folder = decks.to_str().unwrap();
    env.run(&["config", "set", "style", "2023"]).code(0);
    let run = env.run(&["--decks", folder, "paper", "--in-order", "--key"]);
    run.code(0);
    let printed = words(&run.stdout);
    assert!(
        printed.contains("Statement-I: One. Statement-II: Two.")
            && printed.contains("(b) Both Statement-I and Statement-II are correct and Statement-II is not the correct explanation for Statement-I")
            && run.stdout.ends_with("Answer key\n1. (b)\n"),
        "{}",
        run.stdout
    );
    env.run(&["config", "set", "style", "2025"]).code(0);
    let run = env.run(&["--decks", folder, "paper", "--in-order"]);
    assert!(
        words(&run.stdout).contains("(b) Both Statement I and Statement II are correct but Statement II does not explain Statement I"),
        "{}",
        run.stdout
    );
}

#[test]
fn words_ignore_layout_but_not_wording() {
    assert_eq!(
        words("1.  Consider :\n\n      I. A — B\n    correct ?\n    (a) Only one"),
        words("1. Consider :\nI. A | B\ncorrect?\n(a) Only one")
    );
    assert_ne!(
        words("How many of the above pairs"),
        words("How many of the pairs")
    );
    assert_ne!(words("(a) All three"), words("(a) All the three"));
}
