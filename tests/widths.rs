//! Every listing laid out for the terminal it is shown on: each command is run in a
//! pseudo-terminal this test creates, set to 40, 60, 80 and 120 columns, over a store
//! holding answers, an exam date, a scored test and an abandoned one. No line may be
//! wider than the terminal (the terminal would break it), and each screen's layout is
//! held by a snapshot under `tests/snapshots/widths` (`UPSC_BLESS=1` rewrites them).
//! Piped, the same commands keep one line per record.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use chrono::{DateTime, FixedOffset};
use common::Env;
use rand::SeedableRng;
use upsc::marking::Marking;
use upsc::mock::{self, Item};
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, MockSetup, Store};

const DECKS: &str = "tests/fixtures/widths";
const DECK: &str = "infrastructure-connectivity-and-regional-strategy";
const NOW: &str = "2026-01-15T20:00:00+05:30";
const WIDTHS: [usize; 4] = [40, 60, 80, 120];

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// Answers over a few days (two cards forgotten, so the mistake book has them), an exam
/// date, a submitted test with a question marked for review, and an abandoned test.
fn prepare() -> Env {
    let env = Env::new().at(NOW);
    env.run(&["--decks", DECKS, "exam", "set", "2026-05-24"])
        .code(0);
    let mut store = Store::open(&env.home().join("progress.db"), None, at(NOW)).unwrap();
    let scheduler = Scheduler::new(Settings {
        fuzz: false,
        ..Settings::default()
    })
    .unwrap();
    store.save_settings(scheduler.settings()).unwrap();
    let answers = [
        (
            "bullet-train-corridor-first-section",
            Rating::Good,
            "2026-01-12T08:00:00+05:30",
        ),
        (
            "yen-loan-tranche",
            Rating::Again,
            "2026-01-12T08:01:00+05:30",
        ),
        ("northeast-forum", Rating::Good, "2026-01-13T08:00:00+05:30"),
        ("quad", Rating::Again, "2026-01-15T09:00:00+05:30"),
        (
            "bullet-train-corridor-first-section",
            Rating::Good,
            "2026-01-15T09:01:00+05:30",
        ),
    ];
    for (card, rating, time) in answers {
        let answer = Answer {
            card: upsc::deck::CardKey::new(DECK, card),
            kind: upsc::deck::Kind::Mcq,
            fingerprint: 7,
            rating,
            correct: rating != Rating::Again,
            duration_ms: 20_000,
            confidence: None,
            given: Some(if rating == Rating::Again {
                "(a) a wrong option"
            } else {
                "(b) the right option"
            }),
            mode: "review".parse().unwrap(),
            schedule: true,
        };
        store.record(&answer, &scheduler, at(time)).unwrap();
    }
    let collection = upsc::deck::load::Collection::load(&upsc::deck::load::Decks::at(
        common::manifest_dir().join(DECKS),
    ));
    let deck = collection.deck(DECK).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(24);
    let mut items: Vec<Item> = deck
        .cards
        .iter()
        .map(|card| Item::from_pick(upsc::study::Pick { deck, card }, &mut rng).unwrap())
        .collect();
    items[0].chosen = Some(items[0].correct);
    items[1].chosen = Some((items[1].correct + 1) % 4);
    items[1].marked = true;
    items[2].marked = true;
    for item in &mut items {
        item.visited = true;
        item.seconds = 40.0;
    }
    for (status, when) in [
        ("submitted", "2026-01-14T18:00:00+05:30"),
        ("abandoned", "2026-01-15T18:00:00+05:30"),
    ] {
        let card = mock::score(&items, Marking::Gs1);
        let id = store
            .start_mock(
                &MockSetup {
                    marking: Marking::Gs1,
                    minutes: 5.0,
                    filters: "all decks",
                },
                &items,
                at(when),
            )
            .unwrap();
        store
            .finish_mock(
                id,
                status.parse().unwrap(),
                &card,
                &items,
                &scheduler,
                at(when),
            )
            .unwrap();
    }
    env
}

/// What `args` prints in a pseudo-terminal `columns` wide and `rows` high.
fn in_terminal(env: &Env, args: &[&str], columns: usize, rows: usize) -> String {
    let upsc = env.command(args);
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "stty cols {columns} rows {rows} && exec \"$0\" \"$@\""
        ))
        .arg(upsc.get_program())
        .args(upsc.get_args())
        .current_dir(common::manifest_dir())
        .env_remove("UPSC_DECKS")
        .env_remove("UPSC_NOW")
        .env_remove("PAGER");
    for (key, value) in upsc.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let mut p = common::spawn_in_terminal(command);
    utf8(&p.exp_eof().unwrap())
}

/// rexpect hands the terminal's bytes over one char each (as Latin-1): back to UTF-8,
/// with the terminal's line ends as plain ones.
fn utf8(read: &str) -> String {
    let bytes: Vec<u8> = read
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// The commands whose layout is held, with a name for their snapshots.
const SCREENS: [(&str, &[&str]); 15] = [
    ("stats", &["stats"]),
    ("decks", &["decks"]),
    ("exam", &["exam"]),
    ("mistakes", &["mistakes"]),
    ("cards", &["cards"]),
    ("history", &["test", "--history"]),
    ("config", &["config"]),
    ("tag-error", &["quiz", "--tag", "gs3-economic"]),
    ("help-test", &["test", "--help"]),
    ("due", &["due"]),
    ("today", &["today"]),
    ("coach", &["coach"]),
    ("mistakes-why", &["mistakes", "--by", "why"]),
    ("seeds", &["seeds"]),
    ("sync-status", &["sync", "--status"]),
];

/// Screens whose text carries figures of the moment (sizes of files, what a check
/// found): held to the terminal's width, not to a snapshot.
const FITTED: [(&str, &[&str]); 2] = [("doctor", &["doctor"]), ("restore", &["restore"])];

#[test]
fn doctor_and_restore_fit_40_60_80_and_120_columns() {
    let env = prepare();
    for (name, args) in FITTED {
        for width in WIDTHS {
            fitted(&env, name, args, width);
        }
    }
}

/// `args` run in a terminal `width` columns wide: something shown, and no line wider
/// than the terminal. The text, for a snapshot.
fn fitted(env: &Env, name: &str, args: &[&str], width: usize) -> String {
    let mut all = vec!["--decks", DECKS];
    all.extend_from_slice(args);
    let text = in_terminal(env, &all, width, 500);
    assert!(!text.trim().is_empty(), "{name} at {width}: nothing shown");
    for line in text.lines() {
        assert!(
            console::measure_text_width(line) <= width,
            "{name} at {width} columns: a line of {}: {line:?}\n{text}",
            console::measure_text_width(line)
        );
    }
    text
}

#[test]
fn every_screen_fits_40_60_80_and_120_columns() {
    let env = prepare();
    for (name, args) in SCREENS {
        for width in WIDTHS {
            let text = fitted(&env, name, args, width);
            // The data folder is a fresh temporary one on each run.
            let text = text.replace(&env.home().display().to_string(), "$HOME");
            common::assert_snapshot(
                &common::manifest_dir().join(format!("tests/snapshots/widths/{name}-{width}.txt")),
                &text,
            );
        }
    }
}

#[test]
fn piped_listings_keep_a_line_per_record_however_long() {
    let env = prepare();
    let cards = env.run(&["--decks", DECKS, "cards"]).code(0).stdout.clone();
    assert_eq!(cards.lines().count(), 4, "{cards}");
    assert!(
        cards.lines().all(|l| l.starts_with(&format!("{DECK}/"))),
        "{cards}"
    );
    let history = env
        .run(&["--decks", DECKS, "test", "--history"])
        .code(0)
        .stdout
        .clone();
    let rows: Vec<&str> = history.lines().filter(|l| l.contains("Jan 2026")).collect();
    assert_eq!(rows.len(), 2, "{history}");
    assert!(
        rows[0].contains("submitted") && rows[0].contains(" / 8"),
        "{history}"
    );
    assert!(
        rows[1].contains("abandoned") && rows[1].contains(" — "),
        "{history}"
    );
    // An error stays one line when it is not shown on a terminal.
    let error = env.run(&["--decks", DECKS, "quiz", "--tag", "gs3-economic"]);
    assert_eq!(error.stderr.lines().count(), 1, "{}", error.stderr);
}

#[test]
fn stats_taller_than_the_terminal_go_through_the_pager() {
    let env = prepare();
    let mut pager = env.command(&["--decks", DECKS, "stats"]);
    pager.env("PAGER", "sed s/^/paged:/");
    let short = |rows: usize| {
        let upsc = env.command(&["--decks", DECKS, "stats"]);
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!("stty cols 80 rows {rows} && exec \"$0\" \"$@\""))
            .arg(upsc.get_program())
            .args(upsc.get_args())
            .current_dir(common::manifest_dir())
            .env_remove("UPSC_DECKS");
        for (key, value) in upsc.get_envs() {
            if let Some(value) = value {
                command.env(key, value);
            }
        }
        command.env("PAGER", "sed s/^/paged:/");
        let mut p = common::spawn_in_terminal(command);
        utf8(&p.exp_eof().unwrap())
    };
    let paged = short(24);
    assert!(paged.lines().count() > 24, "{paged}");
    assert!(
        paged.lines().all(|l| l.starts_with("paged:")),
        "every line went through the pager:\n{paged}"
    );
    let whole = short(500);
    assert!(!whole.contains("paged:"), "fits: printed as it is\n{whole}");
    // Piped, never paged.
    let piped = env.run(&["--decks", DECKS, "stats"]).code(0).stdout.clone();
    assert!(!piped.contains("paged:"));
    drop(pager);
}

/// The `add` form's list in a terminal that narrows from 60 to 40 columns while it is
/// up: the list is drawn afresh at the new width, each item once, no line left behind.
#[test]
fn the_add_forms_list_is_redrawn_whole_when_the_window_narrows() {
    let env = Env::new();
    env.run(&["new", "mine", "--source", "adda247-notes-2025"])
        .code(0);
    let flag = env.home().join("narrow-now");
    let upsc = env.command(&["add", "mine"]);
    let mut command = std::process::Command::new("sh");
    // The window narrows when the test says so (the flag file): `stty` on the terminal
    // makes the kernel send SIGWINCH to upsc, as a window manager's resize does.
    command
        .arg("-c")
        .arg(
            "F=$1; shift; stty cols 60 rows 30; \
             (while [ ! -e \"$F\" ]; do sleep 0.02; done; stty cols 40 rows 30) </dev/tty & \
             exec \"$@\"",
        )
        .arg("sh")
        .arg(&flag)
        .arg(upsc.get_program())
        .args(upsc.get_args())
        .current_dir(common::manifest_dir());
    for (key, value) in upsc.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let mut p = common::spawn_in_terminal(command);
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut screen = vt100::Parser::new(size(30), size(60), 0);
    let read = |p: &mut rexpect::session::PtySession, screen: &mut vt100::Parser, text: &str| {
        let got = p.exp_string(text).unwrap();
        screen.process(
            utf8(&format!("{got}{text}"))
                .replace('\n', "\r\n")
                .as_bytes(),
        );
    };
    read(&mut p, &mut screen, "In how many");
    common::keys(&mut p, "\x1b[B");
    read(&mut p, &mut screen, "In how many");
    std::fs::write(&flag, "").unwrap();
    screen.screen_mut().set_size(size(30), size(40));
    read(&mut p, &mut screen, "In how many");
    common::keys(&mut p, "\x1b[B");
    read(&mut p, &mut screen, "In how many");
    let shown = screen.screen().contents();
    let lines: Vec<&str> = shown.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        8,
        "the prompt and seven kinds, once each:\n{shown}"
    );
    assert!(lines[0].starts_with("? Kind of card"), "{shown}");
    for (line, kind) in lines[1..].iter().zip([
        "statements",
        "pairs",
        "assertion",
        "mcq",
        "numeric",
        "recall",
        "rows",
    ]) {
        let item: String = line.chars().skip(2).collect();
        assert!(item.starts_with(kind), "{kind}: {shown}");
        assert!(console::measure_text_width(line) < 40, "{line:?}");
    }
    assert!(
        lines[3].starts_with("❯ assertion"),
        "two steps down:\n{shown}"
    );
    common::keys(&mut p, "\x1b");
    p.exp_eof().unwrap();
}
