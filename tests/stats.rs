//! `upsc stats` over a prepared review log, with the clock fixed by `UPSC_NOW`: the text
//! view and the JSON are compared with snapshots (`UPSC_BLESS=1` rewrites them), and a
//! few figures are checked by hand so a blessed snapshot cannot hide a wrong sum.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use chrono::{DateTime, FixedOffset};
use common::Env;
use upsc::marking::Marking;
use upsc::mock::{self, Item};
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, MockSetup, Store};

const PAPER: &str = "tests/fixtures/paper";
const NOW: &str = "2026-01-15T20:00:00+05:30";

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn answer<'a>(card: &'a str, rating: Rating, mode: &'static str) -> Answer<'a> {
    Answer {
        card: upsc::deck::CardKey::new("fixture-paper", card),
        kind: upsc::deck::Kind::Mcq,
        fingerprint: 7,
        rating,
        correct: rating != Rating::Again,
        duration_ms: 30_000,
        confidence: None,
        given: Some(if rating == Rating::Again {
            "(a) wrong"
        } else {
            "(c) right"
        }),
        mode: mode.parse().unwrap(),
        schedule: mode != "test",
    }
}

/// Twelve days of work on the four-card paper deck, and one mock test.
fn prepare(env: &Env) {
    let mut store = Store::open(&env.home().join("progress.db"), None, at(NOW)).unwrap();
    let scheduler = Scheduler::new(Settings {
        fuzz: false,
        ..Settings::default()
    })
    .unwrap();
    // Saved so the program schedules (and forecasts) as this log was built.
    store.save_settings(scheduler.settings()).unwrap();
    let mut record = |card: &str, rating: Rating, time: &str| {
        store
            .record(&answer(card, rating, "review"), &scheduler, at(time))
            .unwrap();
    };
    // 3 Jan: all four learnt (two steps each).
    for card in ["alpha", "beta", "gamma", "delta"] {
        record(card, Rating::Good, "2026-01-03T08:00:00+05:30");
        record(card, Rating::Good, "2026-01-03T08:15:00+05:30");
    }
    // Reviews on the following days; gamma forgotten once; a late-night session on
    // the 9th counts for the 8th (days start at 4 a.m.).
    record("alpha", Rating::Good, "2026-01-06T07:00:00+05:30");
    record("beta", Rating::Good, "2026-01-06T07:01:00+05:30");
    record("gamma", Rating::Again, "2026-01-06T07:02:00+05:30");
    record("gamma", Rating::Good, "2026-01-06T07:20:00+05:30");
    record("delta", Rating::Easy, "2026-01-07T21:00:00+05:30");
    record("gamma", Rating::Good, "2026-01-09T02:30:00+05:30");
    record("alpha", Rating::Good, "2026-01-13T09:00:00+05:30");
    record("beta", Rating::Hard, "2026-01-14T09:00:00+05:30");
    record("gamma", Rating::Good, "2026-01-15T09:00:00+05:30");
    record("delta", Rating::Again, "2026-01-15T09:01:00+05:30");
    // A quiz answer today: it moves the schedule but is not a due review.
    store
        .record(
            &answer("alpha", Rating::Good, "quiz"),
            &scheduler,
            at("2026-01-15T19:00:00+05:30"),
        )
        .unwrap();

    // One mock test on the 14th: alpha right, beta wrong, the rest left.
    let collection = upsc::deck::load::Collection::load(&upsc::deck::load::Decks::at(
        common::manifest_dir().join(PAPER),
    ));
    let deck = collection.deck("fixture-paper").unwrap();
    let mut rng = rand::rng();
    let mut items: Vec<Item> = deck
        .cards
        .iter()
        .map(|card| Item::from_pick(upsc::study::Pick { deck, card }, &mut rng).unwrap())
        .collect();
    items[0].chosen = Some(items[0].correct);
    items[1].chosen = Some((items[1].correct + 1) % 4);
    for item in &mut items {
        item.visited = true;
        item.seconds = 40.0;
    }
    let card = mock::score(&items, Marking::Gs1);
    let when = at("2026-01-14T18:00:00+05:30");
    let id = store
        .start_mock(
            &MockSetup {
                marking: Marking::Gs1,
                minutes: 5.0,
                filters: "all decks",
            },
            &items,
            when,
        )
        .unwrap();
    store
        .finish_mock(
            id,
            upsc::mock::MockStatus::Submitted,
            &card,
            &items,
            &scheduler,
            when,
        )
        .unwrap();
}

#[test]
fn stats_over_a_prepared_log_match_their_snapshots() {
    let env = Env::new().at(NOW);
    prepare(&env);
    let text = env.run(&["--decks", PAPER, "stats"]).code(0).stdout.clone();
    common::assert_snapshot(
        &common::manifest_dir().join("tests/snapshots/stats.txt"),
        &text,
    );
    let json = env
        .run(&["--decks", PAPER, "stats", "--json"])
        .code(0)
        .stdout
        .clone();
    common::assert_snapshot(
        &common::manifest_dir().join("tests/snapshots/stats.json"),
        &json,
    );

    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    // Figures checked by hand, independent of the snapshots.
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Today (15 Jan): gamma, delta, and the quiz answer.
    assert_eq!(stats["today"]["answers"], 3);
    assert_eq!(stats["today"]["correct"], 2);
    // Study days 3, 6, 7, 8 (the 2:30 a.m. answer on the 9th), 13, 14, 15.
    assert_eq!(stats["streak"]["current"], 3);
    assert_eq!(stats["streak"]["longest"], 3);
    // Due reviews (cards in review state, scheduled): 6 Jan ×3 (one lapse), 7, 9, 13,
    // 14, 15 ×2 (one lapse) = 9 reviews, 7 recalled; the relearning step and the quiz
    // answer do not count.
    assert_eq!(stats["retention"]["reviews"], 9);
    assert_eq!(stats["retention"]["recalled"], 7);
    let deck = &stats["decks"][0];
    assert_eq!(
        (deck["cards"].as_u64(), deck["seen"].as_u64()),
        (Some(4), Some(4))
    );
    // The mock test's two answers are in the log too: 8 + 10 + 1 + 2 = 21 answers.
    assert_eq!(deck["answers"], 21);
    assert_eq!(stats["tests"]["scored"], 1);
    // 2 − 2/3 = 1.33 of 8 = 16.7%.
    assert_eq!(
        stats["tests"]["latest"]
            .as_f64()
            .map(|p| (p * 10.0).round()),
        Some(167.0)
    );
    let forecast = stats["forecast"].as_array().unwrap();
    assert_eq!(forecast.len(), 14);
    let due: u64 = forecast.iter().map(|d| d["count"].as_u64().unwrap()).sum();
    assert!(due <= 4, "{forecast:?}");
    // Delta lapsed this morning and is due again today.
    assert!(forecast[0]["count"].as_u64().unwrap() >= 1, "{forecast:?}");
}

#[test]
fn days_sets_the_period_for_retention_and_accuracy() {
    let env = Env::new().at(NOW);
    prepare(&env);
    let week = env
        .run(&["--decks", PAPER, "stats", "--json", "--days", "2"])
        .code(0)
        .json();
    // Only the 14th and 15th: beta (hard), gamma, delta (lapse) as due reviews.
    assert_eq!(week["retention"]["reviews"], 3);
    assert_eq!(week["retention"]["recalled"], 2);
    assert_eq!(week["days"], 2);
    let bad = env.run(&["stats", "--days", "0"]);
    bad.code(2);
}

#[test]
fn stats_on_a_fresh_data_folder_show_zeros_not_errors() {
    let env = Env::new().at(NOW);
    let run = env.run(&["--decks", PAPER, "stats"]);
    run.code(0);
    assert!(
        run.stdout.contains("Today      0 answers"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("None scored yet"), "{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
}

/// A test's question stored with a kind upsc does not know (a hand-edited file) is named
/// when the test is reopened, not read as some kind at random; `doctor` gives it its
/// card's kind, and the test reopens.
#[test]
fn a_mock_question_of_an_unknown_kind_is_named_and_doctor_repairs_it() {
    let env = Env::new().at(NOW);
    prepare(&env);
    let conn = rusqlite::Connection::open(env.home().join("progress.db")).unwrap();
    conn.execute(
        "UPDATE mock_answers SET kind = 'essay' WHERE position = 0",
        [],
    )
    .unwrap();
    drop(conn);
    let run = env.run(&["--decks", PAPER, "test", "--review", "1"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("holds `essay` where it keeps a card kind"),
        "{}",
        run.stderr
    );
    let doctor = env
        .run(&["--decks", PAPER, "doctor"])
        .code(0)
        .stdout
        .clone();
    assert!(
        doctor.contains("1 question of a kind that is not a card kind"),
        "{doctor}"
    );
    env.run(&["--decks", PAPER, "test", "--review", "1"])
        .code(0);
}
