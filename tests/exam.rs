//! `upsc exam` end to end over a prepared review log, with the clock fixed by `UPSC_NOW`:
//! `exam set` and `exam clear` edit config.toml, and the `--json` figures are checked by
//! hand against FSRS's forgetting curve.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use chrono::{DateTime, FixedOffset};
use common::Env;
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, Store};

const PAPER: &str = "tests/fixtures/paper";
/// 20:00 in India on 15 January 2026; the exam is 23 May 2026, 128 study days later.
const NOW: &str = "2026-01-15T20:00:00+05:30";

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// alpha (diplomacy) and beta (economy) learnt and reviewed; gamma and delta never seen.
fn prepare(env: &Env) {
    let mut store = Store::open(&env.home().join("progress.db"), None, at(NOW)).unwrap();
    let scheduler = Scheduler::new(Settings {
        fuzz: false,
        ..Settings::default()
    })
    .unwrap();
    store.save_settings(scheduler.settings()).unwrap();
    let mut record = |card: &str, rating: Rating, time: &str| {
        let answer = Answer {
            card: upsc::deck::CardKey::new("fixture-paper", card),
            kind: upsc::deck::Kind::Mcq,
            fingerprint: 7,
            rating,
            correct: rating != Rating::Again,
            duration_ms: 20_000,
            confidence: None,
            given: None,
            mode: "review".parse().unwrap(),
            schedule: true,
        };
        store.record(&answer, &scheduler, at(time)).unwrap();
    };
    for card in ["alpha", "beta"] {
        record(card, Rating::Good, "2026-01-03T08:00:00+05:30");
        record(card, Rating::Good, "2026-01-03T08:15:00+05:30");
    }
    record("alpha", Rating::Good, "2026-01-06T07:00:00+05:30");
    // Past midnight: this counts for the 9th's study day.
    record("beta", Rating::Easy, "2026-01-10T02:30:00+05:30");
}

/// FSRS-6's forgetting curve with the default decay: recall `days` after a review that
/// left `stability`.
fn curve(stability: f64, days: f64) -> f64 {
    let decay = f64::from(fsrs::DEFAULT_PARAMETERS[20]);
    let factor = 0.9f64.powf(-1.0 / decay) - 1.0;
    (1.0 + factor * days / stability).powf(-decay)
}

fn close(a: &serde_json::Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-4)
}

#[test]
fn exam_without_a_date_says_how_to_set_one() {
    let env = Env::new().at(NOW);
    let run = env.run(&["--decks", PAPER, "exam"]);
    run.code(0);
    assert!(
        run.stdout.contains("upsc exam set 2027-05-23"),
        "{}",
        run.stdout
    );
}

#[test]
fn exam_set_and_clear_edit_the_settings_file_keeping_its_comments() {
    let env = Env::new().at(NOW);
    let config = env.home().join("config.toml");
    let run = env.run(&["exam", "set", "2026-05-23", "--name", "Prelims 2026"]);
    run.code(0);
    assert!(
        run.stdout.contains("Prelims 2026: 128 days left"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("date = 2026-05-23\n"), "{text}");
    assert!(text.contains("name = \"Prelims 2026\"\n"), "{text}");
    assert!(text.contains("# The day of your exam"), "{text}");
    let shown = env.run(&["config", "--json"]).code(0).json();
    assert_eq!(shown["settings"]["exam.date"]["value"], "2026-05-23");

    // Past dates and nonsense are refused, one line each, and change nothing.
    for bad in ["2026-01-15", "2025-12-31", "23/05/2026", "tomorrow"] {
        let run = env.run(&["exam", "set", bad]);
        run.code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.starts_with("upsc: "), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);

    let run = env.run(&["exam", "clear"]);
    run.code(0);
    let cleared = std::fs::read_to_string(&config).unwrap();
    assert!(!cleared.contains("\ndate = "), "{cleared}");
    assert!(cleared.contains("# The day of your exam"), "{cleared}");
    let shown = env.run(&["config", "--json"]).code(0).json();
    assert!(shown["settings"]["exam.date"]["value"].is_null());
    assert!(
        env.run(&["exam", "clear"])
            .code(0)
            .stdout
            .contains("nothing changed")
    );
    let run = env.run(&["--decks", PAPER, "exam"]);
    assert!(run.code(0).stdout.contains("No exam date is set"));
}

#[test]
fn exam_json_figures_match_the_forgetting_curve_by_hand() {
    let env = Env::new().at(NOW);
    prepare(&env);
    env.run(&["exam", "set", "2026-05-23", "--name", "Prelims 2026"])
        .code(0);
    let json = env
        .run(&["--decks", PAPER, "exam", "--json"])
        .code(0)
        .json();
    assert_eq!(json["date"], "2026-05-23");
    assert_eq!(json["name"], "Prelims 2026");
    assert_eq!(json["days_left"], 128);
    assert_eq!(json["cards"], 4);
    assert_eq!(json["seen"], 2);

    // By hand: the stored stabilities, and whole study days from each last review to the
    // exam day: alpha last on 6 Jan (137 days), beta on the 9th's study day (134 days).
    let store = Store::open(&env.home().join("progress.db"), None, at(NOW)).unwrap();
    let cards = store.cards().unwrap();
    let stability = |card: &str| {
        f64::from(
            cards[&upsc::deck::CardKey::new("fixture-paper", card)]
                .state
                .stability,
        )
    };
    let alpha = curve(stability("alpha"), 137.0);
    let beta = curve(stability("beta"), 134.0);
    let alone = &json["recall_if_no_more_reviews"];
    assert!(
        close(&alone["seen"], (alpha + beta) / 2.0),
        "{alone} vs {alpha} {beta}"
    );
    // Never seen counts 0 in `all`.
    assert!(close(&alone["all"], (alpha + beta) / 4.0), "{alone}");
    assert_eq!(
        json["below_target"],
        [alpha, beta].iter().filter(|r| **r < 0.9).count()
    );

    // Per tag: diplomacy is alpha, economy is beta and gamma (unseen), history delta.
    let tag = |name: &str| {
        json["tags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tag"] == name)
            .unwrap_or_else(|| panic!("no tag {name}: {json}"))
            .clone()
    };
    assert!(close(
        &tag("diplomacy")["recall_if_no_more_reviews"]["all"],
        alpha
    ));
    let economy = tag("economy");
    assert_eq!(
        (economy["cards"].as_u64(), economy["seen"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(close(
        &economy["recall_if_no_more_reviews"]["all"],
        beta / 2.0
    ));
    assert!(close(&economy["recall_if_no_more_reviews"]["seen"], beta));
    assert!(close(
        &tag("history")["recall_if_no_more_reviews"]["all"],
        0.0
    ));
    let deck = &json["decks"][0];
    assert_eq!(deck["id"], "fixture-paper");
    assert_eq!(deck["cards"], 4);

    // With the plan, every card comes back in time: the seen cards' expected recall
    // reaches the target, the unseen ones are learnt, and it costs some reviews a day.
    let plan = &json["recall_with_plan"];
    let with_plan_seen = plan["seen"].as_f64().unwrap();
    assert!(with_plan_seen >= 0.9 - 0.01, "{plan}");
    assert!(with_plan_seen > alone["seen"].as_f64().unwrap());
    assert!(plan["all"].as_f64().unwrap() > 0.9, "{plan}");
    assert!(plan["all"].as_f64().unwrap() <= 1.0);
    assert!(json["reviews_per_day"].as_u64().unwrap() >= 1);
    assert_eq!(json["new_cards"]["planned"], 2);

    // The text view says the same, and stats shows the exam line.
    let text = env.run(&["--decks", PAPER, "exam"]).code(0).stdout.clone();
    assert!(
        text.contains("Prelims 2026: Sat 23 May 2026, 128 days left."),
        "{text}"
    );
    assert!(text.contains("Weakest topics"), "{text}");
    let stats = env.run(&["--decks", PAPER, "stats"]).code(0).stdout.clone();
    let line = stats
        .lines()
        .find(|l| l.starts_with("  Exam "))
        .unwrap_or_else(|| panic!("{stats}"));
    assert!(line.contains("Prelims 2026 in 128 days"), "{line}");
    assert!(
        line.contains(&format!(
            "{:.0}% recalled then",
            100.0 * (alpha + beta) / 2.0
        )),
        "{line}"
    );
    for line in stats.lines().chain(text.lines()) {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
}
