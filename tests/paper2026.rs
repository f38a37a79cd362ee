//! The 2026 paper's "basis of the assertion" question needs no kind of its own: a
//! statements card writes it in the paper's wording (issue 16), here on facts of our own
//! (issue 27).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::Env;

#[test]
fn the_assertion_basis_question_prints_as_the_2026_paper_does() {
    let env = Env::new();
    env.run(&["check", "--strict", "tests/fixtures/paper2026"])
        .code(0);
    let run = env.run(&[
        "--decks",
        "tests/fixtures/paper2026/basis.toml",
        "paper",
        "--in-order",
        "--key",
    ]);
    run.code(0);
    let expected = "1. Consider the following assertion :
   \"Coastal Kerala receives heavy rain in June and July.\"
   Which of the following is/are the basis of the above assertion?

     I. The south-west monsoon winds blow from the Arabian Sea onto the Kerala
        coast in June and July.
     II. Kerala lies in the rain shadow of the Eastern Ghats.
     III. The north-east monsoon brings most of Kerala's rain in those months.

   Select the answer using the code given below :

   (a) I only
   (b) II and III only
   (c) I and III only
   (d) I, II and III
";
    assert!(run.stdout.contains(expected), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("Answer key\n1. (a)\n"),
        "{}",
        run.stdout
    );
}

/// The paper's own option "(d) 3": a bare numeral is a code naming exactly that item.
#[test]
fn a_bare_numeral_is_a_code() {
    let env = Env::new();
    let deck = "tests/fixtures/paper2026/printed-2026.toml";
    env.run(&["check", "--strict", deck]).code(0);
    let run = env.run(&["--decks", deck, "paper", "--in-order", "--key"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("   (a) 1 only\n   (b) 2 only\n   (c) 1 and 2\n   (d) 3\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("Answer key\n1. (d)\n"),
        "{}",
        run.stdout
    );
}
