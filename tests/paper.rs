//! `upsc paper` end to end: the fixture paper of each house style printed in the order
//! written with its key, word for word (snapshots under `tests/snapshots/paper/`;
//! `UPSC_BLESS=1` rewrites them); a seeded draw is the same every time and another seed
//! draws another paper; the HTML page escapes deck text and ends with the answer grid;
//! and mistakes (a filter that matches nothing, no pick-one card, `--out` into a folder
//! that does not exist) are one line each.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::path::{Path, PathBuf};

use common::{Env, assert_snapshot, manifest_dir};

fn snapshot(name: &str) -> PathBuf {
    let dir = manifest_dir().join("tests/snapshots/paper");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn fixture(style: &str) -> String {
    format!("tests/fixtures/paper{style}")
}

/// A deck of one MCQ whose text holds HTML and Markdown, and one recall card.
fn awkward_deck(dir: &Path) -> PathBuf {
    let path = dir.join("awkward.toml");
    std::fs::write(
        &path,
        r#"[deck]
id = "awkward"
title = "Awkward text"

[[card]]
id = "markup"
kind = "mcq"
prompt = "Which is true of <script>alert('x')</script> & 1 < 2?"
options = ["<b>bold</b>", "A & B", "*stars*", "None"]
answer = "None"
shuffle = false

[[card]]
id = "typed"
kind = "recall"
prompt = "Who?"
answer = "Pal"
"#,
    )
    .unwrap();
    path
}

#[test]
fn the_2025_paper_in_order_with_its_key() {
    let env = Env::new();
    let run = env.run(&["--decks", &fixture("2025"), "paper", "--in-order", "--key"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    assert_snapshot(&snapshot("paper2025.txt"), &run.stdout);
    // The same paper every time.
    let again = env.run(&["--decks", &fixture("2025"), "paper", "--in-order", "--key"]);
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn the_2024_paper_in_order_with_its_key() {
    let env = Env::new();
    let run = env.run(&["--decks", &fixture("2024"), "paper", "--in-order", "--key"]);
    run.code(0);
    assert_snapshot(&snapshot("paper2024.txt"), &run.stdout);
}

#[test]
fn the_2025_paper_in_markdown() {
    let env = Env::new();
    let run = env.run(&[
        "--decks",
        &fixture("2025"),
        "paper",
        "--in-order",
        "--key",
        "--format",
        "markdown",
    ]);
    run.code(0);
    assert_snapshot(&snapshot("paper2025.md"), &run.stdout);
}

#[test]
fn in_order_takes_the_first_cards_and_says_when_fewer_match() {
    let env = Env::new();
    let run = env.run(&[
        "--decks",
        &fixture("2024"),
        "paper",
        "--in-order",
        "-n",
        "2",
        "--key",
    ]);
    run.code(0);
    assert!(
        run.stdout
            .contains("2 questions on all decks, in the order written.")
    );
    assert!(
        run.stdout
            .contains("\n1. Consider the following countries :\n")
    );
    assert!(
        run.stdout
            .contains("\n2. With reference to the Rajya Sabha")
    );
    assert!(!run.stdout.contains("\n3. "));
    assert!(
        run.stdout.ends_with("Answer key\n1. (b)\n2. (c)\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");

    let run = env.run(&[
        "--decks",
        &fixture("2024"),
        "paper",
        "--in-order",
        "-n",
        "10",
    ]);
    run.code(0);
    assert_eq!(
        run.stderr,
        "upsc: note: only 8 pick-one questions match all decks; the paper has 8\n"
    );
    assert!(!run.stdout.contains("Answer key"));
}

/// The questions' first lines and the key's lines (`12. …`), to compare draws.
fn firsts(paper: &str) -> Vec<&str> {
    paper
        .lines()
        .filter(|l| {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && l[digits..].starts_with('.')
        })
        .collect()
}

#[test]
fn a_seed_draws_the_same_paper_and_another_seed_another() {
    let env = Env::new();
    // The bundled decks: over a hundred pick-one cards.
    let first = env.run(&["paper", "--seed", "42", "-n", "20", "--key"]);
    first.code(0);
    let again = env.run(&["paper", "--seed", "42", "-n", "20", "--key"]);
    assert_eq!(first.stdout, again.stdout);
    assert!(
        first
            .stdout
            .contains("20 questions on all decks, drawn at random with seed 42")
    );
    assert_eq!(
        firsts(&first.stdout).len(),
        20 + 20,
        "20 questions and 20 key lines"
    );
    let other = env.run(&["paper", "--seed", "43", "-n", "20", "--key"]);
    other.code(0);
    assert_ne!(firsts(&first.stdout), firsts(&other.stdout));
    // Without a seed the draw still prints the one it used, which draws it again.
    let fresh = env.run(&["paper", "-n", "5"]);
    fresh.code(0);
    let seed = fresh
        .stdout
        .split("with seed ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .expect("the seed under the title");
    let redrawn = env.run(&["paper", "-n", "5", "--seed", seed]);
    assert_eq!(redrawn.stdout, fresh.stdout);
}

#[test]
fn a_draw_holds_only_pick_one_questions_and_fits_80_columns() {
    let env = Env::new();
    let run = env.run(&["paper", "--seed", "7", "--key"]);
    run.code(0);
    let questions = run
        .stdout
        .lines()
        .skip_while(|l| *l != "Answer key")
        .skip(1)
        .count();
    assert!((50..=100).contains(&questions), "{questions}");
    // Every question has options: recall and numeric cards are left out.
    for letter in ["(a)", "(b)"] {
        let options = run
            .stdout
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("{letter} ")))
            .count();
        assert_eq!(options, questions, "{letter}");
    }
    for line in run.stdout.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
}

#[test]
fn the_html_page_escapes_deck_text_and_ends_with_the_grid() {
    let env = Env::new();
    let deck = awkward_deck(env.home());
    let out = env.home().join("paper.html");
    let run = env.run(&[
        "--decks",
        deck.to_str().unwrap(),
        "--decks",
        &fixture("2025"),
        "paper",
        "--in-order",
        "--key",
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "Wrote a paper of 10 questions with its answer key to {}\n",
            out.display()
        )
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("break-inside: avoid"));
    // Deck text is escaped: no tag from a deck reaches the page.
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(
        html.contains("Which is true of &lt;script&gt;alert('x')&lt;/script&gt; &amp; 1 &lt; 2?")
    );
    assert!(html.contains("<span>&lt;b&gt;bold&lt;/b&gt;</span>"));
    // Decks by id: `awkward` comes before `fixture-paper-2025`; the recall card is left out.
    assert_eq!(html.matches("<section class=\"question\"").count(), 10);
    assert!(!html.contains("Who?"));
    let first = html.find("Which is true of").unwrap();
    assert!(first < html.find("Consider the following countries").unwrap());
    // The pairs are a table, the items a list.
    assert!(html.contains("<th>River</th><th>Flows into</th>"));
    assert!(html.contains("<li><span class=\"label\">VI.</span><span>Switzerland</span></li>"));
    // The grid: a row per question, four bubbles each, after the questions.
    let grid = html
        .find("<div class=\"grid\" style=\"columns: 1\">")
        .expect("the answer grid");
    assert!(grid > html.rfind("<section class=\"question\"").unwrap());
    assert_eq!(html.matches("<div class=\"row\">").count(), 10);
    assert_eq!(html.matches("<span class=\"bubble\">").count(), 10 * 4);
    assert!(html.contains("<div class=\"row\"><span class=\"number\">10</span><span class=\"bubble\">a</span><span class=\"bubble\">b</span><span class=\"bubble\">c</span><span class=\"bubble\">d</span></div>"));
    // The key: the MCQ's answer is its fourth option, as written.
    assert!(html.contains("<h2>Answer key</h2>\n<ol>\n<li>1. (d)</li>\n<li>2. (b)</li>"));
    // Every element opened is closed (a rough check that the page is well formed).
    for tag in ["section", "div", "ol", "li", "table", "tr", "p", "span"] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}>");
    }
}

#[test]
fn markdown_escapes_deck_text() {
    let env = Env::new();
    let deck = awkward_deck(env.home());
    let run = env.run(&[
        "--decks",
        deck.to_str().unwrap(),
        "paper",
        "--in-order",
        "--format",
        "markdown",
    ]);
    run.code(0);
    assert!(
        run.stdout
            .contains(r"1. Which is true of \<script\>alert('x')\</script\> & 1 \< 2?")
    );
    assert!(run.stdout.contains(r"(c) \*stars\*\"));
}

#[test]
fn a_filter_that_matches_nothing_is_one_line() {
    let env = Env::new();
    let run = env.run(&["--decks", &fixture("2025"), "paper", "--kind", "mcq"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "upsc: no card matches kind mcq together; loosen a filter (`upsc decks` lists decks and tags)\n"
    );
    let run = env.run(&["--decks", &fixture("2025"), "paper", "--tag", "nothing"]);
    run.code(1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("upsc: no card has the tag `nothing`; the tags are: paper")
    );
}

#[test]
fn cards_without_options_make_no_paper() {
    let env = Env::new();
    let deck = awkward_deck(env.home());
    let run = env.run(&[
        "--decks",
        deck.to_str().unwrap(),
        "paper",
        "--kind",
        "recall",
    ]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "upsc: none of the 1 card matching kind recall is asked with options to choose from, and a paper holds only those; choose pick-one kinds such as `--kind statements` or `--kind mcq`\n"
    );
}

#[test]
fn out_into_a_missing_folder_is_one_line_and_writes_nothing() {
    let env = Env::new();
    let out = env.home().join("no-such-folder").join("paper.txt");
    let run = env.run(&[
        "--decks",
        &fixture("2025"),
        "paper",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "upsc: cannot write the paper to `{}`: there is no folder `{}`; create it first or write elsewhere\n",
            out.display(),
            out.parent().unwrap().display()
        )
    );
    assert!(!out.parent().unwrap().exists());
    // A folder given instead of a file.
    let run = env.run(&[
        "--decks",
        &fixture("2025"),
        "paper",
        "--out",
        env.home().to_str().unwrap(),
    ]);
    run.code(1);
    assert!(
        run.stderr.contains("it is a folder; give a file name"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1);
}

#[test]
fn in_order_and_a_seed_do_not_go_together() {
    let env = Env::new();
    let run = env.run(&[
        "--decks",
        &fixture("2025"),
        "paper",
        "--in-order",
        "--seed",
        "1",
    ]);
    run.code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("--seed"), "{}", run.stderr);
    let run = env.run(&["--decks", &fixture("2025"), "paper", "-n", "0"]);
    run.code(2);
}
