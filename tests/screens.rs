//! The review session and the exam screen driven by scripted keys, without a terminal:
//! what each key does, what is saved when, and what fits on screens of 40, 80 and 120
//! columns (snapshots under `tests/snapshots/screens`; `UPSC_BLESS=1` rewrites them).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::time::Duration;

use upsc::deck::load::{Collection, Decks};
use upsc::marking::Marking;
use upsc::mock::Item;
use upsc::mock::screen::{Ending, ExamState};
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::session::{Clock, Mode, Session};
use upsc::store::Store;
use upsc::study::Pick;
use upsc::ui::{Key, ScriptConsole, Scripted, Styles};

const NOW: &str = "2026-01-15T09:00:00+05:30";

fn fixture() -> Collection {
    Collection::load(&Decks::at(
        common::manifest_dir().join("tests/fixtures/good"),
    ))
}

fn pick<'c>(collection: &'c Collection, id: &str) -> Pick<'c> {
    for deck in &collection.decks {
        if let Some(card) = deck.cards.iter().find(|c| c.id == id) {
            return Pick { deck, card };
        }
    }
    panic!("no card {id} in the fixture");
}

/// Runs a session over the named cards with a script; returns the console and the store.
fn session(
    ids: &[&str],
    mode: Mode,
    width: Option<usize>,
    script: Vec<Scripted>,
) -> (ScriptConsole, Store, upsc::session::Tally) {
    session_with(ids, mode, (width, None), false, script)
}

/// [`session`] on a screen of `(columns, rows)`, typed cards self-graded or not.
fn session_with(
    ids: &[&str],
    mode: Mode,
    (width, height): (Option<usize>, Option<usize>),
    self_grade: bool,
    script: Vec<Scripted>,
) -> (ScriptConsole, Store, upsc::session::Tally) {
    let collection = fixture();
    let mut store = Store::in_memory().unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    // Whatever the script leaves unasked (a learning card coming back) ends with Esc.
    let mut script = script;
    script.push(ESC);
    let mut console = ScriptConsole::new(width, script);
    console.height = height;
    let queue = ids.iter().map(|id| pick(&collection, id)).collect();
    let tally = {
        let mut session = Session {
            store: &mut store,
            scheduler: &scheduler,
            collection: &collection,
            clock: Clock::starting_at(chrono::DateTime::parse_from_rfc3339(NOW).unwrap()),
            colour: false,
            mode,
            self_grade,
        };
        session.run(&mut console, queue).unwrap()
    };
    (console, store, tally)
}

fn text(s: &str) -> Scripted {
    Scripted::Text(s.to_string())
}

fn key(c: char) -> Scripted {
    Scripted::Key(Key::Char(c))
}

const ENTER: Scripted = Scripted::Key(Key::Enter);
const ESC: Scripted = Scripted::Key(Key::Escape);

/// The first verdict painted (the first screen offering the next question).
fn verdict(console: &ScriptConsole) -> &Vec<String> {
    console
        .paints
        .iter()
        .find(|p| p.iter().any(|l| l.contains("Enter: next")))
        .unwrap_or_else(|| panic!("no verdict: {}", console.transcript.join("\n")))
}

/// The confidence stored with each logged answer, oldest first.
fn confidences(store: &Store) -> Vec<Option<String>> {
    let connection = store.connection();
    let mut statement = connection
        .prepare("SELECT confidence FROM revlog ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_right_answer_is_saved_as_good_before_its_verdict_and_leaving_there_keeps_it() {
    for leave in [key('q'), ESC, Scripted::Key(Key::CtrlC)] {
        let (console, store, tally) = session(
            &["pledge"],
            Mode::Review,
            Some(80),
            vec![text("¥10 trillion"), leave.clone()],
        );
        assert!(
            console.screen().contains("✓ Right (saved)."),
            "{}",
            console.screen()
        );
        assert_eq!(tally.answered, 1);
        let log = store.log().unwrap();
        assert_eq!(log.len(), 1, "{leave:?} at the verdict keeps the answer");
        assert_eq!(log[0].rating, Rating::Good);
        assert!(log[0].correct);
    }
}

#[test]
fn confidence_keys_amend_the_saved_answer() {
    for (k, rating) in [
        ('g', Rating::Hard),
        ('5', Rating::Hard),
        ('e', Rating::Easy),
    ] {
        let (console, store, _) = session(
            &["pledge"],
            Mode::Review,
            Some(80),
            vec![text("10 trillion yen"), key(k), ENTER],
        );
        let log = store.log().unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].rating, rating, "{k}");
        let verdict = verdict(&console);
        assert!(
            verdict.iter().any(|l| l.contains("Next: in ")),
            "{verdict:#?}"
        );
    }
}

#[test]
fn esc_in_a_typed_answer_stops_the_session_without_an_answer() {
    let (console, store, tally) = session(
        &["judge", "pledge"],
        Mode::Review,
        Some(80),
        vec![key('R'), key('a'), ESC],
    );
    assert_eq!(tally.answered, 0);
    assert!(store.log().unwrap().is_empty());
    assert!(
        !console.transcript.join("\n").contains("yen pledge"),
        "the session stopped"
    );
}

#[test]
fn dont_know_is_wrong_saved_and_explained_with_the_right_option_marked() {
    let (console, store, tally) =
        session(&["edition"], Mode::Review, Some(80), vec![key('?'), ENTER]);
    let verdict = console.paints[1].join("\n");
    assert_eq!(tally.answered, 1);
    assert_eq!(tally.correct, 0);
    let log = store.log().unwrap();
    assert_eq!(log[0].rating, Rating::Again);
    assert!(!log[0].correct);
    assert!(
        verdict.contains("✗ Not quite (you did not know; saved)."),
        "{verdict}"
    );
    assert!(verdict.contains("The 15th."), "{verdict}");
    let right = verdict
        .lines()
        .find(|l| l.starts_with("✓ ("))
        .unwrap_or_else(|| panic!("no option marked right: {verdict}"));
    assert!(right.ends_with("15th"), "{verdict}");
}

#[test]
fn a_letter_key_chooses_that_option_and_the_verdict_marks_pick_and_answer() {
    for letter in ['a', 'b', 'c'] {
        let (console, store, _) = session(
            &["edition"],
            Mode::Review,
            Some(80),
            vec![key(letter), ENTER, ESC],
        );
        let log = store.log().unwrap();
        assert_eq!(log.len(), 1);
        let verdict = console.paints[1].join("\n");
        let right = verdict
            .lines()
            .find_map(|l| l.strip_prefix("✓ ("))
            .and_then(|rest| rest.chars().next())
            .unwrap_or_else(|| panic!("no answer marked: {verdict}"));
        assert_eq!(log[0].correct, right == letter, "{letter}: {verdict}");
        let wrong = verdict.lines().find_map(|l| l.strip_prefix("✗ ("));
        if right == letter {
            assert!(wrong.is_none(), "{verdict}");
        } else {
            assert_eq!(
                wrong.and_then(|r| r.chars().next()),
                Some(letter),
                "{verdict}"
            );
        }
    }
}

#[test]
fn nothing_is_chosen_before_the_learner_chooses() {
    // Enter and space on a fresh pick-one question answer nothing.
    let (console, store, tally) = session(
        &["edition"],
        Mode::Review,
        Some(80),
        vec![ENTER, key(' '), ENTER],
    );
    assert_eq!(tally.answered, 0);
    assert!(store.log().unwrap().is_empty());
    assert!(
        console.screen().contains("Nothing is chosen yet"),
        "{}",
        console.screen()
    );
    assert!(!console.screen().contains("> ("), "{}", console.screen());
    // The arrows choose, then Enter answers.
    let (_, store, _) = session(
        &["edition"],
        Mode::Review,
        Some(80),
        vec![Scripted::Key(Key::Down), ENTER, ENTER],
    );
    assert_eq!(store.log().unwrap().len(), 1);
}

#[test]
fn a_double_enter_after_a_right_or_a_wrong_answer_leaves_the_next_question_unanswered() {
    for first in [vec![key('?')], vec![text("Radhabinod Pal")]] {
        let ids: &[&str] = if first == vec![key('?')] {
            &["edition", "labels"]
        } else {
            &["judge", "edition"]
        };
        let mut script = first.clone();
        script.extend([ENTER, ENTER, ENTER]);
        let (console, store, tally) = session(ids, Mode::Review, Some(80), script);
        assert_eq!(tally.answered, 1, "{first:?}: {}", console.screen());
        assert_eq!(store.log().unwrap().len(), 1);
    }
}

#[test]
fn keys_typed_before_a_question_appeared_are_discarded() {
    let (_, store, tally) = session(
        &["edition", "labels"],
        Mode::Review,
        Some(80),
        vec![
            key('?'),
            ENTER,
            Scripted::Ahead(Key::Char('a')),
            Scripted::Ahead(Key::Enter),
        ],
    );
    assert_eq!(tally.answered, 1);
    assert_eq!(store.log().unwrap().len(), 1);
}

#[test]
fn keys_typed_before_the_verdict_appeared_do_not_skip_it() {
    // An Enter typed straight after the answer's own Enter would have moved on unseen.
    let (_, store, tally) = session(
        &["judge", "edition"],
        Mode::Review,
        Some(80),
        vec![
            text("Radhabinod Pal"),
            Scripted::Ahead(Key::Enter),
            key('e'),
            ENTER,
        ],
    );
    assert_eq!(tally.answered, 1);
    assert_eq!(store.log().unwrap()[0].rating, Rating::Easy);
}

#[test]
fn u_takes_back_the_answer_on_its_verdict_and_asks_again() {
    let (console, store, tally) = session(
        &["edition"],
        Mode::Review,
        Some(80),
        vec![key('?'), key('u')],
    );
    assert_eq!(tally.answered, 0);
    assert!(store.log().unwrap().is_empty());
    assert!(
        console.screen().contains("Your answer is taken back"),
        "{}",
        console.screen()
    );
    assert!(console.screen().contains("Which edition"));
}

#[test]
fn u_at_the_next_pick_one_question_takes_back_the_answer_before() {
    let (console, store, tally) = session(
        &["judge", "edition"],
        Mode::Review,
        Some(80),
        vec![
            text("Radhabinod Pal"),
            ENTER,
            key('u'),
            text("Justice Pal"),
            ENTER,
        ],
    );
    assert!(
        console
            .transcript
            .iter()
            .any(|l| l.contains("Your last answer is taken back")),
        "{}",
        console.transcript.join("\n")
    );
    // The first answer was taken back; the judge was asked again and answered once more.
    let log = store.log().unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].key.to_string().ends_with("/judge"));
    assert_eq!(tally.answered, 1);
}

#[test]
fn i_was_right_overrides_a_typed_answer_marked_wrong() {
    let (console, store, tally) = session(
        &["judge"],
        Mode::Review,
        Some(80),
        vec![text("R. B. Pal"), key('r'), ENTER],
    );
    let verdict = verdict(&console);
    assert!(
        verdict.iter().any(|l| l.contains("r: I was right")),
        "{verdict:#?}"
    );
    assert!(
        console
            .transcript
            .iter()
            .any(|l| l.contains("Counted right: your override")),
        "{}",
        console.transcript.join("\n")
    );
    let log = store.log().unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].correct);
    assert_eq!(log[0].rating, Rating::Good);
    assert_eq!(confidences(&store), [Some("override".to_string())]);
    assert_eq!(tally.correct, 1);
    assert!(store.mistakes().unwrap().is_empty());
}

#[test]
fn self_grading_reveals_and_takes_again_hard_good_or_easy() {
    for (grade, rating) in [
        ('1', Rating::Again),
        ('3', Rating::Good),
        ('4', Rating::Easy),
    ] {
        let (console, store, _) = session_with(
            &["judge"],
            Mode::Review,
            (Some(60), None),
            true,
            vec![ENTER, key(grade), ENTER],
        );
        assert!(
            console.paints[0]
                .iter()
                .all(|l| !l.contains("Radhabinod Pal")),
            "hidden until revealed"
        );
        assert!(
            console.paints[1]
                .iter()
                .any(|l| l.contains("Radhabinod Pal"))
        );
        let log = store.log().unwrap();
        assert_eq!(log[0].rating, rating, "{grade}");
        assert_eq!(log[0].correct, rating != Rating::Again);
    }
}

#[test]
fn the_answer_line_edits_like_readline_and_no_chord_is_text() {
    let mut script: Vec<Scripted> = "Justice X"
        .chars()
        .map(|c| Scripted::Key(Key::Char(c)))
        .collect();
    script.push(Scripted::Key(Key::Ctrl('u')));
    for k in [
        Key::Ctrl('l'),
        Key::Ctrl('a'),
        Key::Ctrl('z'),
        Key::Ctrl('w'),
    ] {
        script.push(Scripted::Key(k));
    }
    script.extend("Pal".chars().map(key));
    script.push(Scripted::Key(Key::Home));
    script.extend("Justice ".chars().map(key));
    script.push(ENTER);
    script.push(ENTER);
    let (console, store, _) = session(&["judge"], Mode::Review, Some(60), script);
    assert_eq!(console.suspended, 1, "Ctrl-Z suspends");
    let log = store.log().unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].correct, "{}", console.transcript.join("\n"));
}

#[test]
fn the_header_counts_new_learning_and_review_left_and_they_move() {
    let (console, _, _) = session(
        &["edition", "labels"],
        Mode::Review,
        Some(80),
        vec![key('?'), ENTER],
    );
    let headers: Vec<&String> = console.paints.iter().map(|p| &p[0]).collect();
    assert!(
        headers[0].starts_with("new 2 · learning 0 · review 0"),
        "{headers:?}"
    );
    let last = headers.last().unwrap();
    assert!(
        last.starts_with("new 1 · learning 1 · review 0"),
        "{headers:?}"
    );
}

#[test]
fn the_verdict_fits_80_by_24_with_the_question_marks_and_verdict_together() {
    for (width, height) in [(80, 24), (60, 24), (40, 20)] {
        let (console, _, _) = session_with(
            &["deficit"],
            Mode::Review,
            (Some(width), Some(height)),
            false,
            vec![key('?'), ENTER],
        );
        let verdict = verdict(&console);
        assert!(verdict.len() <= height, "{verdict:#?}");
        for line in verdict {
            assert!(console::measure_text_width(line) <= width, "{line:?}");
        }
        let joined = verdict.join("\n");
        assert!(joined.contains("Statement I"), "{joined}");
        assert!(joined.contains("✓ ("), "{joined}");
        assert!(joined.contains("✗ Not quite"), "{joined}");
        assert!(joined.contains("Enter: next"), "{joined}");
    }
}

#[test]
fn session_screens_fit_40_80_and_120_columns_without_breaking_words() {
    for width in [40, 80, 120] {
        let (console, _, _) = session(
            &["deficit", "judge"],
            Mode::Review,
            Some(width),
            vec![key('?'), ENTER, text("Justice Pal"), ENTER, ENTER],
        );
        let limit = width.min(upsc::ui::READING_WIDTH);
        for line in &console.transcript {
            assert!(
                console::measure_text_width(line) <= limit,
                "{width}: {line:?}"
            );
        }
        // The assertion card's options are shuffled; the recall card's screens are stable.
        let asked = console
            .paints
            .iter()
            .find(|p| p.iter().any(|l| l.contains("Which Indian judge")))
            .unwrap();
        let verdict = console
            .paints
            .iter()
            .find(|p| p.iter().any(|l| l.contains("✓ Right")))
            .unwrap();
        common::assert_snapshot(
            &common::manifest_dir().join(format!("tests/snapshots/screens/recall-{width}.txt")),
            &format!("{}\n---\n{}\n", asked.join("\n"), verdict.join("\n")),
        );
    }
}

#[test]
fn no_line_breaks_inside_a_word_at_60_80_or_100_columns() {
    let collection = fixture();
    for width in [60, 80, 100] {
        let (console, _, _) = session(
            &["deficit", "labels", "judge"],
            Mode::Review,
            Some(width),
            vec![
                key('?'),
                ENTER,
                key('?'),
                ENTER,
                text("Justice Pal"),
                ENTER,
                ENTER,
            ],
        );
        for line in &console.transcript {
            assert!(
                console::measure_text_width(line) <= width,
                "{width}: {line:?}"
            );
        }
        // Each verdict's lines joined with spaces give back every sentence whole.
        let joined = console
            .paints
            .iter()
            .map(|p| p.join(" "))
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for id in ["deficit", "labels", "judge"] {
            let card = &pick(&collection, id).card;
            let explanation = card.explanation.as_deref().unwrap_or_default();
            let explanation = explanation.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                joined.contains(&explanation),
                "{width}: {explanation} in {joined}"
            );
        }
        assert!(joined.contains("Statement I : India ran a trade deficit with Japan in FY24."));
    }
}

#[test]
fn plain_output_is_not_wrapped() {
    let (console, _, _) = session(
        &["judge"],
        Mode::Review,
        None,
        vec![text("Radhabinod Pal"), ENTER, ENTER],
    );
    assert!(
        console
            .transcript
            .join("\n")
            .contains("Which Indian judge dissented at the Tokyo tribunal?")
    );
}

fn item(question: &str, options: &[&str], correct: usize) -> Item {
    Item {
        deck: "d".into(),
        card: "c".into(),
        kind: upsc::deck::Kind::Statements,
        fingerprint: 1,
        tags: vec!["summit".into()],
        question: question.into(),
        options: options.iter().map(ToString::to_string).collect(),
        correct,
        answer_text: options[correct].into(),
        notes: Vec::new(),
        explanation: None,
        chosen: None,
        confidence: None,
        marked: false,
        visited: false,
        seconds: 0.0,
    }
}

const FOUR_STATEMENTS: &str = "Consider the following statements about the 2025 India–Japan annual summit:\n1. It was the fifteenth annual summit between the two countries and was held in Tokyo.\n2. The two sides announced an investment target of ten trillion yen over the next decade.\n3. An action plan aims at exchanges of half a million people in both directions within five years.\n4. The prime ministers travelled together to Sendai to visit a semiconductor facility.\nHow many of the statements given above are correct?";

fn exam() -> ExamState {
    let items = vec![
        item(
            FOUR_STATEMENTS,
            &["Only one", "Only two", "Only three", "All four"],
            3,
        ),
        item(
            "Which city hosted the summit?",
            &["Tokyo", "Osaka", "Kyoto", "Nagoya"],
            0,
        ),
        item("Which year?", &["2023", "2024", "2025", "2026"], 2),
    ];
    ExamState::new(items, Marking::Gs1).0
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn exam_keys_answer_tag_mark_move_and_save_at_once() {
    let mut state = exam();
    assert!(state.items[0].visited);
    let effects = state.key(Key::Char('d'), secs(5));
    assert_eq!(effects.save, [0]);
    assert_eq!(state.items[0].chosen, Some(3));
    state.key(Key::Char('3'), secs(6));
    assert_eq!(
        state.items[0].confidence,
        Some(upsc::answer::Confidence::Guess)
    );
    state.key(Key::Char('m'), secs(7));
    assert!(state.items[0].marked);
    // A letter past the options is not an answer.
    let mut short = ExamState::new(vec![item("Q?", &["x", "y"], 0)], Marking::Gs1).0;
    assert!(short.key(Key::Char('c'), secs(1)).save.is_empty());
    let effects = state.key(Key::Enter, secs(10));
    assert_eq!(state.current(), 1);
    assert!(
        effects.save.contains(&0) && effects.save.contains(&1),
        "time spent and the visit"
    );
    assert!((state.items[0].seconds - 10.0).abs() < 1e-9);
    state.key(Key::Char('b'), secs(12));
    state.key(Key::Char('x'), secs(13));
    assert_eq!(state.items[1].chosen, None, "x clears");
    state.key(Key::Char('p'), secs(14));
    assert_eq!(state.current(), 0);
    state.key(Key::Right, secs(15));
    state.key(Key::Enter, secs(16));
    state.key(Key::Enter, secs(17)); // past the last question: the list
    let screen = state
        .render(80, 24, secs(100), &Styles::new(false))
        .join("\n");
    assert!(screen.contains("Question list"), "{screen}");
    assert!(screen.contains("1 answered *"), "{screen}");
    state.key(Key::Char('2'), secs(18));
    state.key(Key::Enter, secs(19));
    assert_eq!(state.current(), 1, "the list goes to question 2");
    state.key(Key::Char('l'), secs(20));
    state.key(Key::Escape, secs(21));
    assert_eq!(state.current(), 1, "Esc leaves the list");
    state.key(Key::Char('s'), secs(22));
    assert_eq!(
        state.key(Key::Char('n'), secs(23)).end,
        None,
        "not submitted"
    );
    state.key(Key::Char('s'), secs(24));
    assert_eq!(
        state.key(Key::Char('y'), secs(25)).end,
        Some(Ending::Submitted)
    );
}

#[test]
fn exam_ctrl_c_asks_and_a_second_ctrl_c_is_no_answer() {
    let mut state = exam();
    state.key(Key::CtrlC, secs(1));
    let screen = state
        .render(80, 24, secs(100), &Styles::new(false))
        .join("\n");
    assert!(screen.contains("Stop the test?"), "{screen}");
    assert_eq!(state.key(Key::CtrlC, secs(2)).end, None);
    assert_eq!(state.key(Key::Enter, secs(3)).end, None, "back to the test");
    state.key(Key::CtrlC, secs(4));
    assert_eq!(
        state.key(Key::Char('a'), secs(5)).end,
        Some(Ending::Abandoned)
    );
    let mut state = exam();
    state.key(Key::CtrlC, secs(1));
    assert_eq!(
        state.key(Key::Char('s'), secs(2)).end,
        Some(Ending::Submitted)
    );
}

#[test]
fn exam_time_up_counts_the_shown_question_and_ends() {
    let mut state = exam();
    let effects = state.time_up(secs(42));
    assert_eq!(effects.end, Some(Ending::TimedOut));
    assert!((state.items[0].seconds - 42.0).abs() < 1e-9);
}

#[test]
fn the_exam_header_stays_on_a_small_screen_and_the_question_scrolls() {
    let styles = Styles::new(false);
    let mut state = exam();
    let screen = state.render(80, 24, secs(7199), &styles);
    assert!(screen.len() <= 24, "{}", screen.join("\n"));
    assert!(screen[0].starts_with("Mock test · question 1 of 3 · time left 01:59:59"));
    assert!(
        screen.iter().any(|l| l.contains("a–d answer")),
        "the keys stay at the foot"
    );
    assert!(screen.iter().all(|l| console::measure_text_width(l) <= 80));
    // On a very small screen the body scrolls under the header.
    let small = state.render(40, 16, secs(60), &styles);
    assert!(small.len() <= 16, "{}", small.join("\n"));
    assert!(small[0].starts_with("Mock test"));
    assert!(
        small.iter().any(|l| l.contains("more below")),
        "{}",
        small.join("\n")
    );
    state.key(Key::Down, secs(1));
    state.key(Key::Down, secs(1));
    let scrolled = state.render(40, 16, secs(60), &styles);
    assert!(scrolled[0].starts_with("Mock test"), "the header stays");
    assert_ne!(scrolled, small);
    assert!(scrolled.iter().any(|l| l.contains("more above")));
    // A resize is a render at the new size: the same state fits each.
    for (columns, rows) in [(40, 24), (80, 24), (120, 40)] {
        let lines = state.render(columns, rows, secs(60), &styles);
        assert!(lines.len() <= rows);
        for line in &lines {
            assert!(
                console::measure_text_width(line) <= columns.min(100),
                "{columns}: {line:?}"
            );
        }
        common::assert_snapshot(
            &common::manifest_dir()
                .join(format!("tests/snapshots/screens/exam-{columns}x{rows}.txt")),
            &format!("{}\n", lines.join("\n")),
        );
    }
}

/// Every card of a paper written as printed is answered through the session with the
/// letter the printed paper's key gives (`upsc paper --in-order --key`), and each is
/// marked right: the session asks exactly what the paper prints, in both styles.
#[test]
fn the_printed_paper_key_answers_every_new_format_in_the_session() {
    for style in ["2024", "2025"] {
        let dir = format!("tests/fixtures/paper{style}");
        let env = common::Env::new();
        let run = env.run(&["--decks", &dir, "paper", "--in-order", "--key"]);
        run.code(0);
        let key: Vec<char> = run
            .stdout
            .lines()
            .skip_while(|l| *l != "Answer key")
            .skip(1)
            .filter_map(|l| {
                l.split_once(". (")
                    .and_then(|(_, rest)| rest.chars().next())
            })
            .collect();
        let collection = Collection::load(&Decks::at(common::manifest_dir().join(&dir)));
        let deck = &collection.decks[0];
        assert_eq!(key.len(), deck.cards.len(), "{style}: {}", run.stdout);
        for (card, letter) in deck.cards.iter().zip(&key) {
            let mut store = Store::in_memory().unwrap();
            let scheduler = Scheduler::new(Settings::default()).unwrap();
            let mut console = ScriptConsole::new(Some(80), vec![key_char(*letter), ESC]);
            let mut session = Session {
                store: &mut store,
                scheduler: &scheduler,
                collection: &collection,
                clock: Clock::starting_at(chrono::DateTime::parse_from_rfc3339(NOW).unwrap()),
                colour: false,
                mode: Mode::Quiz { schedule: false },
                self_grade: false,
            };
            session
                .run(&mut console, vec![Pick { deck, card }])
                .unwrap();
            let log = store.log().unwrap();
            assert!(
                log[0].correct,
                "{style} {}: ({letter}) is not right:\n{}",
                card.id,
                console.screen()
            );
        }
    }
}

fn key_char(c: char) -> Scripted {
    Scripted::Key(Key::Char(c))
}

/// The fixture paper of `style` (it holds the rows card `india-japan-agreements`).
fn paper(style: &str) -> Collection {
    Collection::load(&Decks::at(
        common::manifest_dir().join(format!("tests/fixtures/paper{style}")),
    ))
}

/// The lines from the stem of the rows card down to its closing line.
fn rows_question_lines(shown: &[String]) -> Vec<String> {
    let from = shown
        .iter()
        .position(|l| l.contains("Consider the following information"))
        .expect("the stem is shown");
    let to = from
        + shown[from..]
            .iter()
            .position(|l| l.contains("correctly matched?"))
            .expect("the closing line is shown");
    shown[from..=to].to_vec()
}

#[test]
fn a_rows_table_is_set_in_columns_in_a_review_at_40_and_80_columns() {
    let collection = paper("2025");
    let pick = pick_in(&collection, "india-japan-agreements");
    for width in [40, 80] {
        let mut store = Store::in_memory().unwrap();
        let scheduler = Scheduler::new(Settings::default()).unwrap();
        // (b) Only two is right: the card is asked as printed.
        let mut console = ScriptConsole::new(Some(width), vec![key('b'), ENTER, ESC]);
        let tally = Session {
            store: &mut store,
            scheduler: &scheduler,
            collection: &collection,
            clock: Clock::starting_at(chrono::DateTime::parse_from_rfc3339(NOW).unwrap()),
            colour: false,
            mode: Mode::Review,
            self_grade: false,
        }
        .run(&mut console, vec![pick])
        .unwrap();
        assert_eq!((tally.answered, tally.correct), (1, 1));
        for line in &console.transcript {
            assert!(
                console::measure_text_width(line) <= width,
                "{width}: {line:?}"
            );
            assert!(!line.contains('\t'), "{width}: {line:?}");
        }
        let lines = rows_question_lines(&console.paints[0]);
        // Every row starts on its own line under its number, the cells in columns.
        let year_column = lines[2].find("Year").unwrap();
        for (label, year) in [("  I.", "2008"), ("  II.", "2020"), ("  III.", "2014")] {
            let row = lines
                .iter()
                .find(|l| l.starts_with(&format!("{label} ")))
                .unwrap_or_else(|| panic!("{width}: no row {label} in {lines:#?}"));
            assert_eq!(row.find(year), Some(year_column), "{width}: {lines:#?}");
        }
        common::assert_snapshot(
            &common::manifest_dir().join(format!("tests/snapshots/screens/rows-{width}.txt")),
            &format!("{}\n", lines.join("\n")),
        );
    }
}

fn pick_in<'c>(collection: &'c Collection, id: &str) -> Pick<'c> {
    for deck in &collection.decks {
        if let Some(card) = deck.cards.iter().find(|c| c.id == id) {
            return Pick { deck, card };
        }
    }
    panic!("no card {id}");
}

#[test]
fn a_rows_table_is_set_in_columns_on_the_exam_screen() {
    let collection = paper("2024");
    let pick = pick_in(&collection, "india-japan-agreements");
    let item = Item::from_pick(pick, &mut rand::rng()).expect("a test asks rows");
    assert_eq!(item.kind, upsc::deck::Kind::Rows);
    assert_eq!(item.options[item.correct], "1 and 2 only");
    let state = ExamState::new(vec![item], Marking::Gs1).0;
    let styles = Styles::new(false);
    for (columns, rows) in [(40, 40), (80, 24)] {
        let lines = state.render(columns, rows, secs(60), &styles);
        for line in &lines {
            assert!(
                console::measure_text_width(line) <= columns,
                "{columns}: {line:?}"
            );
            assert!(!line.contains('\t'), "{columns}: {line:?}");
        }
        let question = rows_question_lines(&lines);
        let year_column = question[2].find("Year").unwrap();
        for (label, year) in [("  1.", "2008"), ("  2.", "2020"), ("  3.", "2014")] {
            let row = question
                .iter()
                .find(|l| l.starts_with(&format!("{label} ")))
                .unwrap_or_else(|| panic!("{columns}: no row {label} in {question:#?}"));
            assert_eq!(
                row.find(year),
                Some(year_column),
                "{columns}: {question:#?}"
            );
        }
        common::assert_snapshot(
            &common::manifest_dir().join(format!(
                "tests/snapshots/screens/exam-rows-{columns}x{rows}.txt"
            )),
            &format!("{}\n", lines.join("\n")),
        );
    }
}

/// A scored test of the exam fixture's three questions: the first right and marked, the
/// second wrong and tagged a guess, the third left unanswered and marked.
fn sat_test() -> Vec<Item> {
    let mut items = exam().items;
    items[0].chosen = Some(items[0].correct);
    items[0].marked = true;
    items[0].tags = vec!["gs2-international-relations".into(), "summit".into()];
    items[1].chosen = Some((items[1].correct + 1) % 4);
    items[1].confidence = Some(upsc::answer::Confidence::Guess);
    items[1].explanation = Some("The fifteenth annual summit was held in Tokyo; the two prime ministers then travelled to Sendai.".into());
    items[2].marked = true;
    for (n, item) in items.iter_mut().enumerate() {
        item.visited = true;
        item.seconds = 30.0 + n as f64;
    }
    items
}

#[test]
fn the_scorecard_and_the_walk_through_fit_40_60_80_and_120_columns() {
    let items = sat_test();
    let card = upsc::mock::score(&items, Marking::Gs1);
    let styles = Styles::new(false);
    for width in [40, 60, 80, 120] {
        let text = upsc::mock::scorecard::text(&card, &styles.bold, Some(width));
        let mut console = ScriptConsole::new(
            Some(width),
            [
                Scripted::Key(Key::Char('a')),
                ENTER,
                ENTER,
                Scripted::Key(Key::Char('q')),
            ],
        );
        upsc::mock::walkthrough::walk(&mut console, &items, &styles).unwrap();
        let walk = console.shown.join("\n");
        for line in text.lines().chain(walk.lines()) {
            assert!(
                console::measure_text_width(line) <= width,
                "{width}: {line:?}"
            );
        }
        // The marked line, the walk through all three, each explained.
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            joined.contains("Marked for review: 2 — 1 right, 0 wrong, 1 unanswered, net 2"),
            "{text}"
        );
        let walked = walk.split_whitespace().collect::<Vec<_>>().join(" ");
        for n in 1..=3 {
            assert!(walked.contains(&format!("Question {n} of 3")), "{walk}");
        }
        assert!(walked.contains("then travelled to Sendai."), "{walk}");
        common::assert_snapshot(
            &common::manifest_dir().join(format!("tests/snapshots/screens/scorecard-{width}.txt")),
            &format!("{text}\n{walk}\n"),
        );
    }
}

/// A self-graded recall card shows its answer once, when revealed; the feedback after
/// grading goes on to the explanation without saying the answer again. A numeric card's
/// answer line says each form of the value once.
#[test]
fn answers_are_said_once_after_self_grading_and_for_numbers() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("d.toml"),
        r#"[deck]
id = "d"
title = "D"

[[card]]
id = "ticad"
kind = "recall"
prompt = "What does TICAD stand for?"
answer = "Tokyo International Conference on African Development"
self_grade = true
explanation = "A summit series on Africa's development, begun by Japan in 1993."
"#,
    )
    .unwrap();
    let collection = Collection::load(&Decks::at(dir.path().to_path_buf()));
    let deck = &collection.decks[0];
    let mut store = Store::in_memory().unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let mut console = ScriptConsole::new(Some(80), vec![ENTER, key('3'), ENTER, ESC]);
    let mut session = Session {
        store: &mut store,
        scheduler: &scheduler,
        collection: &collection,
        clock: Clock::starting_at(chrono::DateTime::parse_from_rfc3339(NOW).unwrap()),
        colour: false,
        mode: Mode::Quiz { schedule: false },
        self_grade: false,
    };
    session
        .run(
            &mut console,
            vec![Pick {
                deck,
                card: &deck.cards[0],
            }],
        )
        .unwrap();
    let screen = console.screen();
    assert_eq!(
        screen.matches("Tokyo International Conference").count(),
        1,
        "{screen}"
    );
    assert!(screen.contains("begun by Japan in 1993"), "{screen}");
    assert_eq!(store.log().unwrap().len(), 1);

    let (console, _, _) = session_of(&["pledge"], vec![text("5 yen"), ENTER]);
    let screen = console.screen();
    let line = screen
        .lines()
        .find(|l| l.starts_with("Answer: "))
        .unwrap_or_else(|| panic!("{screen}"));
    assert_eq!(line, "Answer: 10 trillion yen = 10 lakh crore", "{screen}");
}

fn session_of(ids: &[&str], script: Vec<Scripted>) -> (ScriptConsole, Store, upsc::session::Tally) {
    session(ids, Mode::Quiz { schedule: false }, Some(80), script)
}

/// The closing summary comes back as lines for `review` to print once the terminal is
/// given back: what the session said, an empty line, then the figures.
#[test]
fn the_closing_summary_is_returned_not_printed() {
    let (_, _, tally) = session_of(&["pledge"], vec![text("5 yen"), ENTER]);
    assert_eq!(tally.answered, 1);
    let lines = upsc::session::summary(&tally, 2, 1);
    let blank = lines.iter().position(String::is_empty).unwrap();
    assert_eq!(lines[..blank], tally.said[..], "{lines:?}");
    let figures = &lines[blank + 1..];
    assert_eq!(figures.len(), 3, "{lines:?}");
    assert!(
        figures[0].starts_with("Session over: 1 answered (")
            && figures[0].contains(" 0% correct, "),
        "{lines:?}"
    );
    assert_eq!(
        figures[1],
        "Due again later today: 2 cards (learning steps)."
    );
    assert_eq!(figures[2], "Due tomorrow: 1 card. Your answers are saved.");

    let nothing = upsc::session::summary(&upsc::session::Tally::default(), 0, 3);
    assert_eq!(
        nothing,
        [
            "",
            "Session over: nothing answered, 0.0 minutes.",
            "Due tomorrow: 3 cards."
        ]
    );
}
