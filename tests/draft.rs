//! `upsc draft` end to end, on short articles written for these tests
//! (`tests/fixtures/draft/`): drafts written to a deck file that `check --strict` passes,
//! `check` counting the drafts left to review, bad input refused with one line and
//! nothing written, no draft copying ten words of its article, and the triage on a
//! terminal (accept, edit in $EDITOR, edit in the form, skip, stop) through a
//! pseudo-terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use common::{Env, keys};

const DOWN: &str = "\x1b[B";

fn fixture(name: &str) -> String {
    common::manifest_dir()
        .join("tests/fixtures/draft")
        .join(name)
        .display()
        .to_string()
}

fn decks_dir(env: &Env) -> PathBuf {
    env.home().join("decks")
}

/// Drafts `article` into `decks/NAME.toml` under a new source note; the file's text.
fn draft_out(env: &Env, article: &str, source: &str, name: &str) -> (PathBuf, String) {
    let out = decks_dir(env).join(format!("{name}.toml"));
    let run = env.run(&[
        "draft",
        article,
        "--source",
        source,
        "--title",
        "A test article",
        "--outlet",
        "Test Outlet",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.code(0);
    assert!(run.stdout.starts_with("Wrote "), "{}", run.stdout);
    let text = std::fs::read_to_string(&out).expect("the drafts file");
    (out, text)
}

fn cards_in(text: &str) -> usize {
    text.matches("[[card]]").count()
}

#[test]
fn drafts_written_to_a_file_pass_check_strict_and_are_counted_until_reviewed() {
    let env = Env::new();
    let (out, text) = draft_out(&env, &fixture("ports-release.txt"), "ports-note", "ports");
    let n = cards_in(&text);
    assert!(n >= 5, "only {n} drafts:\n{text}");
    assert_eq!(
        text.matches("draft = true").count(),
        n,
        "every draft is marked"
    );
    assert!(text.contains("source = \"ports-note\""));
    // The source note was written on the way in, as `upsc source new` writes it.
    let note = std::fs::read_to_string(env.home().join("seeds/ports-note.toml")).unwrap();
    assert!(note.contains("title = \"A test article\""), "{note}");

    // The kinds the facts call for: an amount typed, a year picked, paired places, a
    // scheme's ministry.
    assert!(
        text.contains("kind = \"numeric\"") && text.contains("value = \"12,450 crore\""),
        "{text}"
    );
    assert!(
        text.contains("kind = \"pairs\"") && text.contains("right = \"Stavanger\""),
        "{text}"
    );
    assert!(
        text.contains("answer = \"Ministry of Ports, Shipping and Waterways\""),
        "{text}"
    );
    assert!(text.contains("trap-"), "traps are named in tags:\n{text}");
    // Every card says where its fact is: the lines of its sentence and the source.
    for explanation in text.lines().filter(|l| l.starts_with("explanation = ")) {
        assert!(
            explanation.contains("According to Test Outlet, “A test article” (line"),
            "{explanation}"
        );
    }

    let check = env.run(&["check", "--strict", out.to_str().unwrap()]);
    check.code(0);
    assert!(
        check.stdout.contains(&format!(
            "{n} drafts left to review in deck `drafts-ports-note`"
        )),
        "{}",
        check.stdout
    );
    // Cleared marks are no longer counted.
    std::fs::write(&out, text.replace("draft = true\n", "")).unwrap();
    let check = env.run(&["check", "--strict", out.to_str().unwrap()]);
    check.code(0);
    assert!(!check.stdout.contains("left to review"), "{}", check.stdout);
}

#[test]
fn a_draft_mark_that_is_not_a_boolean_is_an_error_located_at_it() {
    let env = Env::new();
    let dir = decks_dir(&env);
    std::fs::create_dir_all(&dir).unwrap();
    let deck = dir.join("d.toml");
    std::fs::write(
        &deck,
        "[deck]\nid = \"d\"\ntitle = \"D\"\n\n[[card]]\nid = \"a\"\nkind = \"recall\"\nprompt = \"Which river?\"\nanswer = \"Ganga\"\ndraft = \"yes\"\n",
    )
    .unwrap();
    let run = env.run(&["check", deck.to_str().unwrap()]);
    run.code(1);
    assert!(run.stdout.contains("d.toml:10:9"), "{}", run.stdout);
}

#[test]
fn markdown_html_and_standard_input_are_read_as_articles() {
    let env = Env::new();
    let (_, md) = draft_out(&env, &fixture("space-report.md"), "space-note", "space");
    assert!(md.contains("value = \"310 million\""), "{md}");
    assert!(
        md.contains("How many of the above are members of the Quad?"),
        "{md}"
    );
    let (_, html) = draft_out(&env, &fixture("budget-page.html"), "river-note", "river");
    assert!(html.contains("value = \"8,900 crore\""), "{html}");
    assert!(
        html.contains("answer = \"Ministry of Jal Shakti\""),
        "{html}"
    );
    for junk in ["tracker", "Subscribe", "Copyright", "color"] {
        assert!(
            !html.contains(junk),
            "{junk} came from the page's furniture:\n{html}"
        );
    }
    // `-` reads standard input.
    let out = decks_dir(&env).join("stdin.toml");
    let mut command = env.command(&[
        "draft",
        "-",
        "--source",
        "space-note",
        "--out",
        out.to_str().unwrap(),
    ]);
    let article = std::fs::read(fixture("ports-release.txt")).unwrap();
    let output = assert_cmd::Command::from_std(std::mem::replace(
        &mut command,
        std::process::Command::new("true"),
    ))
    .write_stdin(article)
    .output()
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("12,450 crore")
    );
}

#[test]
fn bad_input_is_one_line_and_nothing_is_written() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty.txt",
            Vec::new(),
            "is empty; give an article with some text in it",
        ),
        ("blank.txt", b"   \n\n".to_vec(), "is empty"),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
            "looks like a binary file",
        ),
        (
            "latin1.txt",
            b"The caf\xe9 opened in 2019 with \xa35 lakh.".to_vec(),
            "is not UTF-8 text (byte 7)",
        ),
        (
            "huge.txt",
            vec![b'a'; 2 * 1024 * 1024 + 1],
            "is larger than 2 MiB",
        ),
        (
            "no-facts.txt",
            std::fs::read(fixture("no-facts.txt")).unwrap(),
            "no examinable fact",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = dir.path().join(format!("{name}.toml"));
        let run = env.run(&[
            "draft",
            path.to_str().unwrap(),
            "--source",
            "bad-note",
            "--title",
            "T",
            "--outlet",
            "O",
            "--out",
            out.to_str().unwrap(),
        ]);
        run.code(1);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        let last = run.stderr.lines().last().unwrap_or("");
        assert!(last.starts_with("upsc: "), "{name}: {}", run.stderr);
        assert!(!out.exists(), "{name}: a drafts file was written");
        assert!(
            !env.home().join("seeds/bad-note.toml").exists(),
            "{name}: a note was written"
        );
    }
    // Every error is one line.
    let path = dir.path().join("empty.txt");
    let run = env.run(&["draft", path.to_str().unwrap(), "--source", "x-y"]);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// Every run of ten words of `text`, folded as the program folds them.
fn ten_word_runs(text: &str) -> HashSet<Vec<String>> {
    use unicode_segmentation::UnicodeSegmentation;
    let words: Vec<String> = text
        .unicode_words()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(10).map(<[String]>::to_vec).collect()
}

#[test]
fn no_draft_copies_ten_words_running_from_its_article() {
    let env = Env::new();
    for (article, name) in [
        ("ports-release.txt", "a"),
        ("space-report.md", "b"),
        ("budget-page.html", "c"),
    ] {
        let path = fixture(article);
        let source_text = std::fs::read_to_string(&path).unwrap();
        let runs = ten_word_runs(&source_text);
        let (_, text) = draft_out(&env, &path, &format!("note-{name}"), name);
        // Each TOML string of the drafts file (questions, options, statements,
        // explanations), checked on its own.
        for line in text.lines().filter(|l| l.contains(" = \"")) {
            let value = line.split_once(" = ").unwrap().1;
            let copied: Vec<_> = ten_word_runs(value)
                .into_iter()
                .filter(|r| runs.contains(r))
                .collect();
            assert!(copied.is_empty(), "{article}: `{line}` copies {copied:?}");
        }
    }
}

#[test]
fn without_a_terminal_or_out_the_drafts_go_to_a_deck_of_their_own() {
    let env = Env::new();
    let run = env.run(&[
        "draft",
        &fixture("budget-page.html"),
        "--source",
        "river-note",
        "--title",
        "River",
        "--outlet",
        "Civic",
    ]);
    run.code(0);
    let path = decks_dir(&env).join("drafts-river-note.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("[deck]\nid = \"drafts-river-note\""),
        "{text}"
    );
    // Drafting again appends, with ids still unique; the existing note is reused.
    let run = env.run(&[
        "draft",
        &fixture("ports-release.txt"),
        "--source",
        "river-note",
    ]);
    run.code(0);
    let text = std::fs::read_to_string(&path).unwrap();
    let ids: Vec<&str> = text.lines().filter(|l| l.starts_with("id = ")).collect();
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{text}");
    env.run(&["check", "--strict", path.to_str().unwrap()])
        .code(0);
}

// ---- triage on a terminal ------------------------------------------------------------

fn answer(p: &mut rexpect::session::PtySession, prompt: &str, text: &str) {
    p.exp_string(prompt).unwrap();
    keys(p, text);
}

#[test]
fn triage_walks_accept_edit_skip_and_stop() {
    let env = Env::new();
    let mut command = env.command(&[
        "draft",
        &fixture("ports-release.txt"),
        "--source",
        "ports-note",
        "--title",
        "Ports",
        "--outlet",
        "PIB",
        "--deck",
        "mine",
    ]);
    command.env(
        "EDITOR",
        "sed -i -e 's/^explanation = \"/explanation = \"Edited. /'",
    );
    command.env_remove("VISUAL");
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("for deck `mine`").unwrap();
    // 1: accepted as drafted.
    p.exp_string("Draft 1 of").unwrap();
    answer(&mut p, "This draft?", "\r");
    p.exp_string("kept as `").unwrap();
    // 2: edited in $EDITOR, shown again, then accepted.
    p.exp_string("Draft 2 of").unwrap();
    answer(&mut p, "This draft?", &format!("{DOWN}\r"));
    p.exp_string("Edited.").unwrap();
    answer(&mut p, "This draft?", "\r");
    p.exp_string("kept as `").unwrap();
    // 3: edited in the form (its first field changed), checked, shown again, accepted.
    p.exp_string("Draft 3 of").unwrap();
    answer(&mut p, "This draft?", &format!("{DOWN}{DOWN}\r"));
    answer(&mut p, "Which field?", &format!("{DOWN}\r"));
    answer(&mut p, "Change ", " Formed\r");
    answer(&mut p, "Which field?", "\r");
    p.exp_string("Formed").unwrap();
    answer(&mut p, "This draft?", "\r");
    p.exp_string("kept as `").unwrap();
    // 4: skipped; 5: stop.
    p.exp_string("Draft 4 of").unwrap();
    answer(&mut p, "This draft?", &format!("{DOWN}{DOWN}{DOWN}\r"));
    p.exp_string("Draft 5 of").unwrap();
    answer(
        &mut p,
        "This draft?",
        &format!("{DOWN}{DOWN}{DOWN}{DOWN}\r"),
    );
    p.exp_string("Accepted 3 (2 edited), skipped 1,").unwrap();
    p.exp_eof().unwrap();

    let path: &Path = &decks_dir(&env).join("mine.toml");
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(cards_in(&text), 3, "{text}");
    assert!(text.contains("explanation = \"Edited. "), "{text}");
    assert!(text.contains(" Formed"), "the form's edit is kept:\n{text}");
    assert!(
        !text.contains("draft = true"),
        "accepted cards are not drafts:\n{text}"
    );
    env.run(&["check", "--strict", path.to_str().unwrap()])
        .code(0);
}

/// A draft asking what a card of the author's decks already asks is not offered: drafting
/// the same article a second time, with the first drafts in the deck folder, offers none of
/// the first drafts' questions again.
#[test]
fn a_fact_the_author_s_decks_already_ask_is_not_drafted_again() {
    let env = Env::new();
    let (_, first) = draft_out(&env, &fixture("ports-release.txt"), "ports-note", "ports");
    let asked = |text: &str| -> HashSet<String> {
        text.lines()
            .filter(|l| l.starts_with("prompt = ") || l.starts_with("stem = "))
            .filter(|l| !l.contains("Consider the following"))
            .map(str::to_string)
            .collect()
    };
    let before = asked(&first);
    assert!(!before.is_empty(), "{first}");
    let out = decks_dir(&env).join("again.toml");
    let run = env.run(&[
        "draft",
        &fixture("ports-release.txt"),
        "--source",
        "ports-note",
        "--out",
        out.to_str().unwrap(),
    ]);
    // Every fact already asked: nothing to write, said in one line; else fewer drafts.
    let again = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(
        asked(&again).is_disjoint(&before),
        "asked again:\n{again}\n(exit {}, {})",
        run.code,
        run.stderr
    );
    assert!(cards_in(&again) < cards_in(&first), "{again}");
    if again.is_empty() {
        // Said as what it is, not as an article without facts.
        assert!(
            run.stderr
                .contains("only facts that cards of your decks already ask"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_later_article_of_one_run_does_not_ask_again_what_an_earlier_one_asked() {
    let (_, once) = draft_out(
        &Env::new(),
        &fixture("ports-release.txt"),
        "ports-note",
        "once",
    );
    // The same article twice in one run (in a home of its own): its second copy adds
    // nothing.
    let env = Env::new();
    let copy = env.home().join("copy.txt");
    std::fs::copy(fixture("ports-release.txt"), &copy).unwrap();
    let out = decks_dir(&env).join("twice.toml");
    let run = env.run(&[
        "draft",
        &fixture("ports-release.txt"),
        copy.to_str().unwrap(),
        "--source",
        "ports-note",
        "--title",
        "A test article",
        "--outlet",
        "Test Outlet",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.code(0);
    let twice = std::fs::read_to_string(&out).unwrap();
    assert_eq!(cards_in(&twice), cards_in(&once), "{twice}");
    assert!(
        run.stderr
            .contains("copy.txt has only facts that cards of your decks already ask"),
        "{}",
        run.stderr
    );
}
