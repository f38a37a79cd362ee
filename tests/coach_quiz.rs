//! Confidence declared before the verdict in `quiz` (issue 29): the keys 1, 2, 3 on a
//! pick-one question, in a 40-column pseudo-terminal the test creates; the answers land
//! in `coach --json`'s cells and in the mistake book's classes; and the declaration
//! travels with its answer through `upsc sync`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use chrono::DateTime;
use common::{Env, keys};
use rexpect::session::PtySession;
use serde_json::Value;
use upsc::answer::Confidence;
use upsc::marking::Marking;
use upsc::mock::{self, Item};
use upsc::revlog::LogMode;
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, MockSetup, Store};

const NOW: &str = "2026-01-15T09:00:00+05:30";
/// Four MCQs whose questions start with these words and whose right answers are these.
const PAPER: &str = "tests/fixtures/paper";
const ANSWERS: [(&str, &str, &str); 4] = [
    ("Alpha:", "alpha", "15th"),
    ("Beta:", "beta", "Ten"),
    ("Gamma:", "gamma", "Yen"),
    ("Delta:", "delta", "Radhabinod Pal"),
];

/// Mock tests with 40 tagged statements questions (30 right), so that the coach speaks.
fn prepare_tests(env: &Env) {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let mut store = Store::open(&env.home().join("progress.db"), None, now).unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let items: Vec<Item> = (0..40)
        .map(|n| Item {
            deck: "synthetic".into(),
            card: format!("card-{n}"),
            kind: upsc::deck::Kind::Statements,
            fingerprint: 1,
            tags: vec!["polity".into()],
            question: format!("Question {n}?"),
            options: vec!["w".into(), "x".into(), "y".into(), "z".into()],
            correct: 2,
            answer_text: "(c) y".into(),
            notes: vec![],
            explanation: None,
            chosen: Some(if n < 30 { 2 } else { 0 }),
            confidence: Some(Confidence::Sure),
            marked: false,
            visited: true,
            seconds: 30.0,
        })
        .collect();
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

/// `args` in a pseudo-terminal `columns` wide.
fn spawn(env: &Env, args: &[&str], columns: usize) -> PtySession {
    let mut upsc = env.command(&["--decks", PAPER]);
    upsc.args(args);
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("stty cols {columns} rows 40 && exec \"$0\" \"$@\""))
        .arg(upsc.get_program())
        .args(upsc.get_args())
        .current_dir(common::manifest_dir());
    for (key, value) in upsc.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    common::spawn_in_terminal(command)
}

/// rexpect hands the terminal's bytes over one char each (as Latin-1): back to UTF-8.
fn utf8(read: &str) -> String {
    let bytes: Vec<u8> = read
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Every line painted is at most `columns` wide: the text between line ends and the
/// escapes that move the cursor or clear (a repaint starts from the screen's top).
fn fits(screen: &str, columns: usize) {
    let mut cut = String::new();
    let mut chars = screen.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            let mut sequence = String::from("\u{1b}[");
            for d in chars.by_ref() {
                sequence.push(d);
                if ('@'..='~').contains(&d) {
                    break;
                }
            }
            if sequence.ends_with(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'f']) {
                cut.push('\n');
            } else {
                cut.push_str(&sequence);
            }
        } else {
            cut.push(c);
        }
    }
    let plain = console::strip_ansi_codes(&cut).into_owned();
    for line in plain.split(['\r', '\n']) {
        assert!(
            console::measure_text_width(line) <= columns,
            "a line wider than {columns} columns: {line:?}\n{plain}"
        );
    }
}

/// The question on screen: its card id and the letters of its right and of a wrong option.
fn read_question(screen: &str) -> (&'static str, char, char) {
    let screen = console::strip_ansi_codes(screen).into_owned();
    let (_, card, answer) = ANSWERS
        .iter()
        .find(|(prefix, _, _)| screen.contains(prefix))
        .unwrap_or_else(|| panic!("no known question on screen:\n{screen}"));
    let letter_of = |right: bool| {
        screen
            .lines()
            .filter_map(|line| {
                let start = line.find('(')?;
                let letter = line[start + 1..].chars().next()?;
                let text = line.get(start + 3..)?.trim();
                (line[start + 2..].starts_with(')') && letter.is_ascii_lowercase())
                    .then_some((letter, text))
            })
            .find(|(_, text)| (*text == *answer) == right && !text.is_empty())
            .map(|(letter, _)| letter)
            .unwrap_or_else(|| panic!("no such option on screen:\n{screen}"))
    };
    (card, letter_of(true), letter_of(false))
}

/// Waits for the next question (its keys' line ends with "q: stop") and reads it.
fn question(p: &mut PtySession) -> (&'static str, char, char) {
    let screen = keys_shown(p);
    read_question(&screen)
}

/// Waits for the end of a screen's keys ("… q: stop", wrapped or not) and returns what
/// was painted up to it, checked to fit 40 columns.
fn keys_shown(p: &mut PtySession) -> String {
    let (before, end) = p.exp_regex(r"q:\s+(?:\x1b\[2K)?stop").unwrap();
    let screen = utf8(&(before + &end));
    fits(&screen, 40);
    screen
}

/// Waits for the verdict's keys and goes on.
fn next(p: &mut PtySession) {
    keys_shown(p);
    keys(p, "\r");
}

/// Waits for `text` and checks what was painted up to it fits 40 columns.
fn see(p: &mut PtySession, text: &str) {
    let screen = utf8(&p.exp_string(text).unwrap());
    fits(&screen, 40);
}

#[test]
fn confidence_declared_before_the_verdict_reaches_the_coach_and_the_mistake_book() {
    let env = Env::new().at(NOW);
    prepare_tests(&env);
    let mut p = spawn(&env, &["quiz", "-n", "4"], 40);
    p.exp_string("Quiz: 4 questions").unwrap();

    // 1: sure, and right.
    let (sure_right, right, _) = question(&mut p);
    keys(&mut p, "1");
    see(&mut p, "You said: sure");
    keys(&mut p, &right.to_string());
    see(&mut p, "you said sure");
    next(&mut p);

    // 2: 50-50, and wrong.
    let (fifty_wrong, _, wrong) = question(&mut p);
    keys(&mut p, "2");
    see(&mut p, "You said: 50-50");
    keys(&mut p, &wrong.to_string());
    see(&mut p, "Not quite");
    next(&mut p);

    // 3: a guess taken back by pressing it again, then sure, and wrong.
    let (sure_wrong, _, wrong) = question(&mut p);
    keys(&mut p, "3");
    see(&mut p, "You said: guess");
    keys(&mut p, "3");
    // The screen is painted again without it: the keys' line comes back.
    keys_shown(&mut p);
    keys(&mut p, "1");
    see(&mut p, "You said: sure");
    keys(&mut p, &wrong.to_string());
    see(&mut p, "Not quite");
    next(&mut p);

    // 4: a guess, then "I don't know": nothing attempted, nothing declared.
    let (unknown, _, _) = question(&mut p);
    keys(&mut p, "3");
    see(&mut p, "You said: guess");
    keys(&mut p, "?");
    see(&mut p, "you did not know");
    next(&mut p);
    p.exp_string("Quiz over: 1 of 4 right").unwrap();
    p.exp_eof().unwrap();

    // The coach counts the three declared answers beside the mock test's, in their cells
    // (kind mcq), and keeps them out of the paper's mix.
    let coach = env.run(&["coach", "--json"]).code(0).json();
    assert_eq!(coach["ready"], true, "{coach}");
    let cell = |confidence: &str| -> Value {
        coach["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["confidence"] == confidence && c["kind"] == "mcq")
            .cloned()
            .unwrap_or_else(|| panic!("no {confidence} mcq cell in {coach}"))
    };
    let sure = cell("sure");
    assert_eq!(
        (&sure["answered"], &sure["right"], &sure["from_quiz"]),
        (&Value::from(2), &Value::from(1), &Value::from(2)),
        "{sure}"
    );
    assert_eq!(sure["questions"], 0, "{sure}");
    let fifty = cell("50-50");
    assert_eq!(
        (&fifty["answered"], &fifty["right"], &fifty["from_quiz"]),
        (&Value::from(1), &Value::from(0), &Value::from(1)),
        "{fifty}"
    );
    assert!(
        coach["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !(c["confidence"] == "guess" && c["kind"] == "mcq")),
        "the guess taken back and the guess before \"I don't know\" count nowhere: {coach}"
    );
    assert_eq!(coach["declared"], 43);

    // The mistake book classes the quiz's wrong answers by what was declared before.
    let book = env
        .run(&["--decks", PAPER, "mistakes", "--json"])
        .code(0)
        .json();
    let why = |card: &str| -> Value {
        book.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == card)
            .unwrap_or_else(|| panic!("{card} not in {book}"))["why"]
            .clone()
    };
    assert_eq!(why(fifty_wrong), "elimination-error");
    assert_eq!(why(sure_wrong), "overconfidence");
    assert_eq!(why(unknown), "knowledge-gap");
    assert!(
        book.as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != sure_right && r["why"] != "unclassed"),
        "{book}"
    );
}

#[test]
fn a_quiz_answered_without_a_confidence_key_is_as_before() {
    let env = Env::new().at(NOW);
    let mut p = spawn(&env, &["quiz", "-n", "1"], 40);
    let (card, _, wrong) = question(&mut p);
    keys(&mut p, &wrong.to_string());
    see(&mut p, "Not quite");
    next(&mut p);
    p.exp_eof().unwrap();
    let book = env
        .run(&["--decks", PAPER, "mistakes", "--json"])
        .code(0)
        .json();
    assert_eq!(book[0]["id"], card);
    assert_eq!(book[0]["why"], "unclassed");
    let coach = env.run(&["coach", "--json"]).code(0).json();
    assert_eq!(coach["declared"], 0);
}

/// One computer's data folder.
fn device() -> Env {
    Env::new().at("2026-03-10T21:00:00+05:30")
}

fn sync(env: &Env, dir: &std::path::Path, name: &str) {
    env.run(&["sync", dir.to_str().unwrap(), "--name", name])
        .code(0);
}

#[test]
fn a_declared_confidence_travels_with_its_answer() {
    let shared = tempfile::TempDir::new().unwrap();
    let (a, b) = (device(), device());
    let now = DateTime::parse_from_rfc3339("2026-03-01T08:00:00+05:30").unwrap();
    {
        let mut store = Store::open(&a.home().join("progress.db"), None, now).unwrap();
        let scheduler = Scheduler::new(Settings::default()).unwrap();
        let answer = |correct: bool| Answer {
            card: upsc::deck::CardKey::new("at-a-glance", "summit-number"),
            kind: upsc::deck::Kind::Mcq,
            fingerprint: 1,
            rating: if correct { Rating::Good } else { Rating::Again },
            correct,
            duration_ms: 4000,
            confidence: None,
            given: Some("(a) 13th"),
            mode: LogMode::Quiz,
            schedule: true,
        };
        store
            .record_declared(&answer(false), Some(Confidence::Guess), &scheduler, now)
            .unwrap();
    }
    sync(&a, shared.path(), "desk");
    sync(&b, shared.path(), "laptop");
    // The record carries the field; a record from an older upsc, without it, still reads
    // (and an older upsc reads this one: serde ignores a field it does not know).
    fn texts(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                texts(&path, out);
            } else {
                out.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut files = Vec::new();
    texts(shared.path(), &mut files);
    let file = files
        .into_iter()
        .find(|text| text.contains("\"t\":\"answer\""))
        .expect("a sync file with the answer");
    let line = file
        .lines()
        .find(|l| l.contains("\"t\":\"answer\""))
        .unwrap();
    let json: Value = serde_json::from_str(line.split_once(' ').unwrap().1).unwrap();
    assert_eq!(json["declared"], "guess", "{line}");
    let mut old = json.clone();
    old.as_object_mut().unwrap().remove("declared");
    old.as_object_mut().unwrap().remove("t");
    let read: upsc::sync::record::AnswerRecord = serde_json::from_value(old).unwrap();
    assert_eq!(read.declared, None);

    let store = Store::open(&b.home().join("progress.db"), None, now).unwrap();
    let declared: Option<String> = store
        .connection()
        .query_row("SELECT declared FROM revlog", [], |r| r.get(0))
        .unwrap();
    assert_eq!(declared.as_deref(), Some("guess"));
    drop(store);
    let book = b.run(&["mistakes", "--json"]).code(0).json();
    assert_eq!(book[0]["id"], "summit-number", "{book}");
    assert_eq!(book[0]["why"], "knowledge-gap", "{book}");
}

/// A quiz (or review) of the fixture's one MCQ, played with scripted keys; returns the
/// logged answer's (declared, rating, correct).
fn scripted(mode: upsc::session::Mode, keys: &str) -> (Option<String>, u8, bool) {
    use upsc::deck::load::{Collection, Decks};
    use upsc::session::{Clock, Session};
    use upsc::study::Pick;
    use upsc::ui::{Key, ScriptConsole, Scripted};
    let collection = Collection::load(&Decks::at(
        common::manifest_dir().join("tests/fixtures/good"),
    ));
    let (deck, card) = collection
        .decks
        .iter()
        .find_map(|d| d.cards.iter().find(|c| c.id == "edition").map(|c| (d, c)))
        .unwrap();
    let mut store = Store::in_memory().unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let mut script: Vec<Scripted> = keys.chars().map(|c| Scripted::Key(Key::Char(c))).collect();
    script.push(Scripted::Key(Key::Escape));
    let mut console = ScriptConsole::new(Some(40), script);
    let mut session = Session {
        store: &mut store,
        scheduler: &scheduler,
        collection: &collection,
        clock: Clock::starting_at(DateTime::parse_from_rfc3339(NOW).unwrap()),
        colour: false,
        mode,
        self_grade: false,
    };
    session
        .run(&mut console, vec![Pick { deck, card }])
        .unwrap();
    assert!(
        console
            .paints
            .iter()
            .flatten()
            .all(|l| console::measure_text_width(l) <= 40),
        "{}",
        console.transcript.join("\n")
    );
    store
        .connection()
        .query_row("SELECT declared, rating, correct FROM revlog", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

#[test]
fn a_confidence_key_pressed_again_is_taken_back_and_another_replaces_it() {
    use upsc::session::Mode;
    let quiz = Mode::Quiz { schedule: true };
    assert_eq!(scripted(quiz, "33a").0, None);
    assert_eq!(scripted(quiz, "21a").0.as_deref(), Some("sure"));
    assert_eq!(scripted(quiz, "3a").0.as_deref(), Some("guess"));
    // Review asks nothing before the verdict: the keys do nothing there.
    assert_eq!(scripted(Mode::Review, "1a").0, None);
}

#[test]
fn a_right_answer_declared_50_50_is_saved_as_hard_and_a_wrong_one_as_again() {
    let quiz = upsc::session::Mode::Quiz { schedule: true };
    // The options are shuffled afresh each time: `a` is right one time in three. Played
    // until both a right and a wrong answer were seen (60 tries miss a right one with a
    // chance of 3·10⁻¹¹).
    for (keys, right_rating) in [("2a", 2), ("3a", 2), ("1a", 3)] {
        let mut seen = (false, false);
        for _ in 0..60 {
            let (declared, rating, correct) = scripted(quiz, keys);
            assert!(declared.is_some());
            assert_eq!(rating, if correct { right_rating } else { 1 }, "{keys}");
            if correct {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
            if seen == (true, true) {
                break;
            }
        }
        assert_eq!(seen, (true, true), "{keys}");
    }
}
