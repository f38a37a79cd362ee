//! `upsc optimize` over a real history: a store filled by a simulated learner who forgets
//! faster than FSRS's default parameters expect, reviewed through the real `record` path.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use chrono::{DateTime, FixedOffset, TimeDelta};
use common::Env;
use upsc::scheduler::{CardState, Rating, Scheduler, Settings, State, fuzz_seed};
use upsc::store::{Answer, Store};

const START: &str = "2026-01-01T09:00:00+05:30";
const CARDS: usize = 120;
const DAYS: i64 = 150;

/// A small deterministic generator: the same history on every run.
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Reviews `CARDS` cards, ten new ones a day, every day for `DAYS` days with the default
/// scheduler. The learner recalls with probability R³, R being what the defaults predict.
fn simulate(store: &mut Store) -> usize {
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    let start = DateTime::parse_from_rfc3339(START).unwrap();
    let mut rng = Lcg(7);
    let mut states: Vec<Option<CardState>> = vec![None; CARDS];
    let mut reviews = 0;
    for day in 0..DAYS {
        let now: DateTime<FixedOffset> = start + TimeDelta::days(day);
        let day_end = scheduler.next_day_start(now);
        for (i, state) in states.iter_mut().enumerate() {
            let due = match state {
                None => i < (day as usize + 1) * 10,
                Some(s) => s.due < day_end,
            };
            if !due {
                continue;
            }
            let at = now + TimeDelta::seconds(i as i64 * 20);
            let recall = state
                .as_ref()
                .map_or(0.0, |s| scheduler.retrievability(s, at.to_utc()))
                .powi(3);
            let rating = match (state.is_none(), rng.uniform()) {
                (true, u) if u < 0.3 => Rating::Again,
                (true, _) => Rating::Good,
                (false, u) if u < recall => {
                    if rng.uniform() < 0.15 {
                        Rating::Hard
                    } else {
                        Rating::Good
                    }
                }
                (false, _) => Rating::Again,
            };
            let card = format!("c{i}");
            let answer = Answer {
                card: upsc::deck::CardKey::new("sim", &card),
                kind: upsc::deck::Kind::Recall,
                fingerprint: 0,
                rating,
                correct: rating != Rating::Again,
                duration_ms: 3000,
                confidence: None,
                given: None,
                mode: upsc::revlog::LogMode::Review,
                schedule: true,
            };
            *state = Some(store.record(&answer, &scheduler, at).unwrap());
            reviews += 1;
        }
    }
    reviews
}

#[test]
fn optimize_fits_saves_and_then_schedules_with_the_learners_parameters() {
    let env = Env::new().at("2026-06-01T09:00:00+05:30");
    let db = env.home().join("progress.db");
    let reviews = {
        let mut store = Store::open(&db, None, chrono::Utc::now().fixed_offset()).unwrap();
        simulate(&mut store)
    };
    assert!(reviews > 800, "{reviews} reviews");

    let run = env.run(&["optimize"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert!(
        lines[0].starts_with("old parameters: [0.2120, "),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("    log loss "), "{}", lines[1]);
    assert!(lines[2].starts_with("new parameters: ["), "{}", lines[2]);
    let loss = |line: &str| -> f64 {
        let text = line.trim().strip_prefix("log loss ").unwrap();
        text.split(',').next().unwrap().parse().unwrap()
    };
    assert!(lines[3].contains("RMSE (bins)"), "{}", lines[3]);
    assert!(
        loss(lines[3]) < loss(lines[1]),
        "the fitted parameters predict this learner better:\n{}",
        run.stdout
    );
    assert_eq!(
        lines[4],
        "The new parameters predict your reviews better; they are saved and used from now on."
    );

    let store = Store::open(&db, None, chrono::Utc::now().fixed_offset()).unwrap();
    let saved = store.settings().unwrap();
    let defaults = Settings::default();
    assert_eq!(saved.parameters.len(), defaults.parameters.len());
    assert_ne!(saved.parameters, defaults.parameters);
    let shown: Vec<String> = saved.parameters.iter().map(|w| format!("{w:.4}")).collect();
    assert_eq!(lines[2], format!("new parameters: [{}]", shown.join(", ")));
    assert_eq!(
        Settings {
            parameters: defaults.parameters.clone(),
            ..saved.clone()
        },
        defaults,
        "only the parameters changed"
    );

    // The scheduler the commands use is built from the saved parameters, and it schedules
    // differently from the defaults: the learner forgets faster, so intervals shrink.
    use upsc::settings::{EffectiveSettings, Environment, Flags, file};
    let no_file = EffectiveSettings::from_parts(
        "c".into(),
        false,
        &[],
        &Environment::default(),
        &Flags::default(),
    )
    .unwrap();
    let scheduler = upsc::cmd::scheduler(&no_file, &store).unwrap();
    assert_eq!(scheduler.settings(), &saved);
    // A settings file changes the knobs, never the fitted parameters.
    let found = file::parse("c", "desired_retention = 0.8\n").unwrap();
    let with_file = EffectiveSettings::from_parts(
        "c".into(),
        true,
        &found,
        &Environment::default(),
        &Flags::default(),
    )
    .unwrap();
    let knobs = upsc::cmd::scheduler(&with_file, &store).unwrap();
    assert_eq!(knobs.settings().parameters, saved.parameters);
    assert_eq!(knobs.settings().desired_retention, 0.8);
    let default = Scheduler::new(defaults).unwrap();
    let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30").unwrap();
    let seed = fuzz_seed("sim/new", now.to_utc());
    let mut card = CardState::new_card(now.to_utc());
    let mut fitted = card.clone();
    for day in 0..3 {
        let at = now + TimeDelta::days(day * 3);
        card = default.review(&card, Rating::Good, at, seed);
        fitted = scheduler.review(&fitted, Rating::Good, at, seed);
    }
    assert_eq!((card.state, fitted.state), (State::Review, State::Review));
    assert!(
        fitted.stability < card.stability,
        "fitted {} against default {}",
        fitted.stability,
        card.stability
    );

    // A second run starts from the saved parameters.
    let again = env.run(&["optimize"]);
    again.code(0);
    assert!(
        again
            .stdout
            .starts_with(&format!("old parameters: [{}]", shown.join(", "))),
        "{}",
        again.stdout
    );
}
