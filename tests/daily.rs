//! The daily loop at a real terminal (issue 23), in pseudo-terminals of 60 columns and of
//! 80 × 24 that the tests create: a double Enter after an answer answers nothing, `u`
//! takes an answer back, the verdict marks the right option ✓ and the wrong pick ✗ on one
//! screen, Ctrl-U and the other chords edit the answer line and never reach a saved
//! answer, `upsc` alone shows the figures of `upsc today --json` and `upsc due --json`,
//! the review limit is named when it holds cards back, a resize redraws the screen, and
//! the session's lines are never wrapped by the terminal. The screen is read back through
//! a terminal emulator (`vt100`) fed with everything the program wrote; every step waits
//! for what is on screen, never for a time.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::num::NonZeroU16;
use std::process::Command;

use common::Env;
use rexpect::session::PtySession;

const NOW: &str = "2026-01-15T09:00:00+05:30";
/// Four pick-one cards, each with a tag of its own (see tests/pty_kinds.rs).
const KINDS: &str = "tests/fixtures/pty-kinds";
/// The fixture deck of every kind: a numeric card first, then a recall card.
const GOOD: &str = "tests/fixtures/good";

/// A program in a pseudo-terminal of a given size, and the screen it has drawn so far.
struct Term {
    p: PtySession,
    screen: vt100::Parser,
    columns: u16,
    rows: u16,
}

fn size(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

impl Term {
    /// Runs `command` in a pseudo-terminal of `columns` × `rows` (set with `stty` before
    /// the program starts, as a terminal window would be).
    fn spawn(command: Command, columns: u16, rows: u16) -> Term {
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg(format!("stty cols {columns} rows {rows}; exec \"$@\""))
            .arg("sh")
            .arg(command.get_program())
            .args(command.get_args());
        for (key, value) in command.get_envs() {
            match value {
                Some(value) => sh.env(key, value),
                None => sh.env_remove(key),
            };
        }
        if let Some(dir) = command.get_current_dir() {
            sh.current_dir(dir);
        }
        Term {
            p: common::spawn_in_terminal(sh),
            screen: vt100::Parser::new(size(rows), size(columns), 0),
            columns,
            rows,
        }
    }

    /// Waits for `text` (ASCII) to be written, and takes everything up to it on screen.
    fn expect(&mut self, text: &str) {
        let before = self
            .p
            .exp_string(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}\n{}", self.contents()));
        // The pseudo-terminal's bytes come back one char each.
        let bytes: Vec<u8> = before.chars().map(|c| c as u32 as u8).collect();
        self.screen.process(&bytes);
        self.screen.process(text.as_bytes());
    }

    fn send(&mut self, keys: &str) {
        common::keys(&mut self.p, keys);
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    fn lines(&self) -> Vec<String> {
        self.screen.screen().rows(0, self.columns).collect()
    }

    /// No row on screen was wrapped by the terminal.
    fn assert_unwrapped(&self) {
        for row in 0..self.rows {
            assert!(
                !self.screen.screen().row_wrapped(row),
                "row {row} wrapped at {} columns:\n{}",
                self.columns,
                self.contents()
            );
        }
    }

    /// The terminal window is resized: the program is told (SIGWINCH, by the kernel).
    fn resize(&mut self, columns: u16, rows: u16) {
        let master = self.p.process().get_file_handle().unwrap();
        rustix::termios::tcsetwinsize(
            &master,
            rustix::termios::Winsize {
                ws_row: rows,
                ws_col: columns,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        self.columns = columns;
        self.rows = rows;
        self.screen.set_size(size(rows), size(columns));
    }
}

fn review(env: &Env, decks: &str, args: &[&str], columns: u16, rows: u16) -> Term {
    let mut command = env.command(&["--decks", decks, "review"]);
    command.args(args).env("UPSC_NOW", NOW);
    Term::spawn(command, columns, rows)
}

fn log_rows(env: &Env, decks: &str) -> usize {
    env.run(&["--decks", decks, "export", "--format", "revlog-csv"])
        .code(0)
        .stdout
        .lines()
        .count()
        - 1
}

const SIZES: [(u16, u16); 2] = [(60, 24), (80, 24)];

/// (the tag, the right letter, a wrong letter) of the statements card of `KINDS`.
const STATEMENTS: (&str, char, char) = ("k-statements", 'b', 'd');

#[test]
fn a_double_enter_after_a_wrong_answer_leaves_the_next_question_unanswered() {
    for (columns, rows) in SIZES {
        let env = Env::new();
        let mut t = review(&env, KINDS, &[], columns, rows);
        t.expect("I don't know");
        t.assert_unwrapped();
        // Whatever the first card is, `?` is a wrong answer.
        t.send("?");
        t.expect("Enter: next");
        t.send("\r\r");
        // The next question is on screen, unanswered: its hint again, and no verdict.
        t.expect("I don't know");
        t.send("q");
        t.expect("Session over: 1 answered");
        t.p.exp_eof().unwrap();
        assert_eq!(log_rows(&env, KINDS), 1, "{columns}x{rows}");
    }
}

#[test]
fn after_a_wrong_pick_the_right_option_carries_a_tick_and_the_pick_a_cross_on_one_screen() {
    let (tag, right, wrong) = STATEMENTS;
    for (columns, rows) in SIZES {
        let env = Env::new();
        let mut t = review(&env, KINDS, &["--tag", tag], columns, rows);
        t.expect("I don't know");
        t.send(&wrong.to_string());
        t.expect("Enter: next");
        t.assert_unwrapped();
        let lines = t.lines();
        let screen = lines.join("\n");
        assert!(
            lines.iter().any(|l| l.contains("Consider the following")),
            "{columns}x{rows}: the question's first line\n{screen}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("✓ ({right})"))),
            "{columns}x{rows}\n{screen}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("✗ ({wrong})"))),
            "{columns}x{rows}\n{screen}"
        );
        assert!(lines.iter().any(|l| l.contains("✗ Not quite")), "{screen}");
        t.send("q");
        t.expect("Session over: 1 answered");
        t.p.exp_eof().unwrap();
    }
}

#[test]
fn u_takes_back_the_last_answer_in_the_session() {
    for (columns, rows) in SIZES {
        let env = Env::new();
        let mut t = review(&env, KINDS, &[], columns, rows);
        t.expect("I don't know");
        t.send("?");
        t.expect("u: undo");
        t.send("u");
        t.expect("taken back");
        t.assert_unwrapped();
        assert_eq!(log_rows(&env, KINDS), 0, "the answer is taken back at once");
        // At the next pick-one question, `u` takes back the answer before it.
        t.expect("I don't know");
        t.send("?");
        t.expect("Enter: next");
        t.send("\r");
        t.expect("u: undo the");
        t.send("u");
        t.expect("Your last answer is taken back");
        t.send("q");
        t.expect("Session over: nothing answered");
        t.p.exp_eof().unwrap();
        assert_eq!(log_rows(&env, KINDS), 0, "{columns}x{rows}");
    }
}

#[test]
fn ctrl_u_clears_a_typed_answer_and_no_control_chord_reaches_a_saved_answer() {
    for (columns, rows) in SIZES {
        let env = Env::new();
        let mut t = review(&env, GOOD, &[], columns, rows);
        t.expect("How large is the yen pledge?");
        t.expect("> ");
        // Typed, rubbed out with Ctrl-U, then the right amount; Ctrl-L redraws.
        t.send("5 yen\x15\x0c10 trillion yen\r");
        t.expect("Right (saved)");
        t.send("\r");
        t.expect("Which Indian judge");
        t.expect("> ");
        // Chords in a wrong answer: Ctrl-A, Ctrl-W, Ctrl-E, Ctrl-B, Ctrl-F, Ctrl-K, Ctrl-G.
        t.send("nehru\x01\x17\x05\x02\x06\x0b\x07x\r");
        t.expect("I was right");
        t.assert_unwrapped();
        t.send("q");
        t.expect("Session over: 2 answered");
        t.p.exp_eof().unwrap();
        let book = env
            .run(&["--decks", GOOD, "mistakes", "--json"])
            .code(0)
            .json();
        let given = book["mistakes"][0]["given"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let given = if given.is_empty() {
            book.to_string()
        } else {
            given
        };
        assert!(given.contains("nehrux"), "{book}");
        assert!(!given.chars().any(char::is_control), "{given:?}");
    }
}

#[test]
fn upsc_alone_shows_the_figures_of_today_and_due_and_starts_the_review_on_enter() {
    let env = Env::new().at(NOW);
    // Something answered, so that every figure has a value.
    let mut t = review(&env, GOOD, &[], 80, 24);
    t.expect("How large is the yen pledge?");
    t.expect("> ");
    t.send("5 yen\r");
    t.expect("Enter: next");
    t.send("q");
    t.p.exp_eof().unwrap();

    let today = env
        .run(&["--decks", GOOD, "today", "--json"])
        .code(0)
        .json();
    let due = env.run(&["--decks", GOOD, "due", "--json"]).code(0).json();
    for field in [
        "decks",
        "total",
        "limits",
        "held_back",
        "later_today",
        "next_at",
    ] {
        assert_eq!(today[field], due[field], "{field}");
    }
    let total = &today["total"];
    let queued = ["new", "learning", "review"]
        .iter()
        .map(|k| total[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(total["new"], 5, "{today}");
    assert_eq!(today["mistakes"], 1, "{today}");
    assert_eq!(today["streak"]["current"], 1, "{today}");
    // Piped: the same figures as text, exit 0.
    let bare = env.run(&["--decks", GOOD]).code(0).stdout.clone();
    assert!(
        bare.contains(&format!(
            "Due now: {queued} cards ({} new · {} learning · {} review)",
            total["new"], total["learning"], total["review"]
        )),
        "{bare}\n{today}"
    );
    assert!(bare.contains("Mistakes waiting: 1"), "{bare}");
    assert!(bare.contains("Streak: 1 day"), "{bare}");
    assert!(
        bare.contains("later today: 1, next at 09:01")
            || bare.contains("Later today: 1, next at 09:01"),
        "{bare}"
    );

    // On a terminal, Enter starts the review.
    for (columns, rows) in SIZES {
        let mut command = env.command(&["--decks", GOOD]);
        command.env("UPSC_NOW", NOW);
        let mut t = Term::spawn(command, columns, rows);
        t.expect("Due now: ");
        t.expect("Enter: start today's review");
        t.send("\r");
        t.expect("I don't know");
        t.assert_unwrapped();
        t.send("\x1b");
        t.expect("Session over");
        t.p.exp_eof().unwrap();
    }
}

#[test]
fn with_the_review_limit_used_review_names_it_and_how_to_go_on() {
    let env = Env::new().at(NOW);
    let mut t = review(&env, KINDS, &["--limit", "1"], 60, 24);
    t.expect("1 card today");
    t.expect("I don't know");
    t.send("?");
    t.expect("Enter: next");
    t.send("\r");
    // The card comes back in its learning step (learning steps are not held back by the
    // review limit, as in Anki); stop there.
    t.expect("learning 1");
    t.expect("I don't know");
    t.send("q");
    t.expect("Session over: 1 answered");
    t.p.exp_eof().unwrap();

    let mut t = review(&env, KINDS, &["--limit", "1"], 60, 24);
    t.expect("review limit (1 a day, reviews_per_day) is");
    t.expect("5 more cards are due");
    t.expect("--limit 6");
    t.assert_unwrapped();
    t.p.exp_eof().unwrap();
    let due = env.run(&["--decks", KINDS, "due", "--json"]).code(0).json();
    assert_eq!(due["limits"]["reviews_left"], 199, "{due}");
}

#[test]
fn a_resize_redraws_the_question_rewrapped_without_ghost_lines() {
    let (tag, _, _) = STATEMENTS;
    let env = Env::new();
    let mut t = review(&env, KINDS, &["--tag", tag], 80, 24);
    t.expect("I don't know");
    t.send("\x1b[B"); // Down: the arrows choose (a)
    t.expect("I don't know");
    t.resize(60, 24);
    t.expect("I don't know");
    t.assert_unwrapped();
    let screen = t.contents();
    for letter in ['a', 'b', 'c', 'd'] {
        assert_eq!(
            screen.matches(&format!("({letter})")).count(),
            1,
            "one line per option after the resize:\n{screen}"
        );
    }
    for line in t.lines() {
        assert!(console::measure_text_width(&line) <= 60, "{line:?}");
    }
    t.send("q");
    t.expect("Session over");
    t.p.exp_eof().unwrap();
}

#[test]
fn undo_names_the_question_it_took_back() {
    let env = Env::new().at(NOW);
    let mut t = review(&env, GOOD, &[], 80, 24);
    t.expect("How large is the yen pledge?");
    t.expect("> ");
    t.send("5 yen\r");
    t.expect("Enter: next");
    t.send("q");
    t.p.exp_eof().unwrap();
    let run = env.run(&["--decks", GOOD, "undo"]).code(0).stdout.clone();
    assert!(run.contains("How large is the yen pledge?"), "{run}");
    assert!(run.contains("fixture-complete/pledge"), "{run}");
}

#[test]
fn an_unknown_deck_or_tag_gets_a_did_you_mean() {
    let env = Env::new().at(NOW);
    for (flag, typed, meant) in [
        ("--tag", "Fixtur", "fixture"),
        ("--deck", "fixture-complet", "fixture-complete"),
    ] {
        let run = env.run(&["--decks", GOOD, "paper", flag, typed]);
        assert_ne!(run.code, 0);
        assert_eq!(
            run.stderr.trim_end(),
            format!(
                "upsc: {} `{typed}`; did you mean `{meant}`?",
                if flag == "--tag" {
                    "no card has the tag"
                } else {
                    "no deck"
                }
            ),
        );
    }
}

#[test]
fn i_was_right_overrules_a_typed_answer_and_the_mistake_book_says_so() {
    let env = Env::new().at(NOW);
    let mut t = review(&env, GOOD, &[], 60, 24);
    t.expect("How large is the yen pledge?");
    t.expect("> ");
    t.send("10 trillion yen\r");
    t.expect("Enter: next");
    t.send("\r");
    t.expect("Which Indian judge");
    t.expect("> ");
    t.send("R. B. Pal\r");
    t.expect("r: I was right");
    t.send("r");
    t.expect("Counted right: your override");
    t.assert_unwrapped();
    t.send("q");
    t.expect("Session over: 2 answered (2 new), 100% correct");
    t.p.exp_eof().unwrap();
    let book = env
        .run(&["--decks", GOOD, "mistakes"])
        .code(0)
        .stdout
        .clone();
    assert_eq!(
        book,
        "The mistake book is empty.\n1 answer you overruled (\"I was right\") counts as right, not as mistakes.\n"
    );
    let stats = env.run(&["--decks", GOOD, "stats"]).code(0).stdout.clone();
    assert!(
        stats.contains("Overruled  1 typed answer you marked \"I was right\", counted as right"),
        "{stats}"
    );
    assert!(stats.contains("2 answers, 2 right (100%)"), "{stats}");
    let json = env
        .run(&["--decks", GOOD, "stats", "--json"])
        .code(0)
        .json();
    assert_eq!(json["overruled"], 1);
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_the_screen_returns_with_the_answer_line_intact() {
    let env = Env::new().at(NOW);
    let mut t = review(&env, GOOD, &[], 80, 24);
    t.expect("How large is the yen pledge?");
    t.expect("> ");
    t.send("10 trillion\x1a");
    // The alternate screen is left and raw mode given back before the stop; the session
    // here has no job-control shell, so the stop is passed over and the program goes on
    // as after `fg`: the screen taken again and painted with the answer as typed.
    t.expect("\x1b[?1049l");
    t.expect("\x1b[?1049h");
    t.expect("> 10 trillion");
    t.send(" yen\r");
    t.expect("Right (saved)");
    t.send("q");
    t.expect("Session over: 1 answered");
    t.p.exp_eof().unwrap();
}

#[test]
fn an_overruled_answer_counts_as_right_on_the_other_computer_too() {
    use upsc::scheduler::{Rating, Scheduler, Settings};
    use upsc::store::{Answer, Store};
    let when = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+05:30").unwrap();
    let home = Env::new().at("2026-03-10T21:00:00+05:30");
    let library = Env::new().at("2026-03-10T21:00:00+05:30");
    let dir = tempfile::TempDir::new().unwrap();
    let folder = dir.path().to_str().unwrap();
    let store = |env: &Env| Store::open(&env.home().join("progress.db"), None, when).unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let row = store(&home)
        .record_answer(
            &Answer {
                card: upsc::deck::CardKey::new("at-a-glance", "radhabinod-pal"),
                kind: upsc::deck::Kind::Recall,
                fingerprint: 1,
                rating: Rating::Again,
                correct: false,
                duration_ms: 4000,
                confidence: None,
                given: Some("R. B. Pal"),
                mode: upsc::revlog::LogMode::Review,
                schedule: true,
            },
            &scheduler,
            when,
        )
        .unwrap()
        .log_id;
    let sync = |env: &Env, name: &str| {
        env.run(&["sync", folder, "--name", name]).code(0);
    };
    // The wrong answer reaches the library first; the override follows it.
    sync(&home, "home");
    sync(&library, "library");
    assert_eq!(store(&library).mistakes().unwrap().len(), 1);
    store(&home).override_answer(row, &scheduler).unwrap();
    sync(&home, "home");
    sync(&library, "library");
    for env in [&home, &library] {
        let log = store(env).log().unwrap();
        assert!(log[0].correct);
        assert_eq!(log[0].rating, Rating::Good);
        assert!(store(env).mistakes().unwrap().is_empty());
        assert_eq!(store(env).overridden().unwrap(), 1);
        // The figures kept for `stats` and the mistake book agree with the log.
        let doctor = env.run(&["doctor"]).code(0).stdout.clone();
        assert!(doctor.contains("0 differed"), "{doctor}");
    }
    let cards = |env: &Env| {
        let mut cards = env.run(&["cards", "--json"]).code(0).json();
        for card in cards.as_array_mut().unwrap() {
            card.as_object_mut().unwrap().remove("card_id");
        }
        cards
    };
    assert_eq!(cards(&library), cards(&home));
}

#[test]
fn a_learning_card_due_within_twenty_minutes_is_offered_not_tomorrow() {
    let env = Env::new().at(NOW);
    let mut t = review(&env, KINDS, &["--tag", "k-rows"], 60, 24);
    t.expect("I don't know");
    t.send("?");
    t.expect("Enter: next");
    t.send("q");
    t.expect("Session over: 1 answered");
    t.p.exp_eof().unwrap();
    // At the same moment, the card's one-minute step is not due yet: it is offered early.
    let due = env.run(&["--decks", KINDS, "due", "--json"]).code(0).json();
    assert_eq!(due["learn_ahead"], false, "other cards are due: {due}");
    let mut t = review(&env, KINDS, &["--tag", "k-rows"], 60, 24);
    t.expect("shown early");
    t.expect("learning 1");
    t.expect("I don't know");
    t.send("q");
    t.expect("Session over: nothing answered");
    t.p.exp_eof().unwrap();
}
