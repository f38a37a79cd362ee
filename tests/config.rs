//! The settings file end to end: `upsc config` (text and JSON), `config set`/`unset`/
//! `init` keeping comments, refusals with the reason, a broken file stopping every
//! command that reads it with its line, the precedence of flags, environment, file and
//! defaults, and `review` and the scheduler taking their settings from it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::{Env, keys};

const NOW: &str = "2026-01-15T09:00:00+05:30";
const DECKS: &str = "tests/fixtures/good";

fn config_file(env: &Env) -> std::path::PathBuf {
    env.home().join("config.toml")
}

fn settings(env: &Env) -> serde_json::Value {
    env.run(&["config", "--json"]).code(0).json()["settings"].clone()
}

#[test]
fn config_lists_every_setting_with_its_source_and_reading_never_writes() {
    let env = Env::new();
    let run = env.run(&["config"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("Settings file: ") && lines[0].contains("(none yet"),
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 1 + 16, "{}", run.stdout);
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["new_per_day", "20", "default"]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["learning_steps", "[\"1m\",", "\"10m\"]", "default"])
    );
    assert!(!config_file(&env).exists(), "reading wrote the file");

    let json = env.run(&["config", "--json"]).code(0).json();
    assert_eq!(json["file_exists"], false);
    assert_eq!(
        json["file"],
        config_file(&env).display().to_string().as_str()
    );
    let settings = &json["settings"];
    assert_eq!(settings.as_object().unwrap().len(), 16);
    assert_eq!(settings["new_per_day"]["value"], 20);
    assert_eq!(settings["reviews_per_day"]["value"], 200);
    assert_eq!(settings["desired_retention"]["value"], 0.9);
    assert_eq!(settings["day_starts_at"]["value"], 4);
    assert_eq!(
        settings["relearning_steps"]["value"],
        serde_json::json!(["10m"])
    );
    assert_eq!(settings["maximum_interval_days"]["value"], 36_500);
    assert_eq!(settings["style"]["value"], "2025");
    assert_eq!(settings["exam.date"]["value"], serde_json::Value::Null);
    assert_eq!(settings["exam.target_recall"]["value"], 0.9);
    assert_eq!(settings["exam.final_revision_days"]["value"], 14);
    assert!(
        settings
            .as_object()
            .unwrap()
            .values()
            .all(|s| s["source"] == "default")
    );
    // Nothing else ran: no store either.
    assert!(!env.home().join("progress.db").exists());
}

#[test]
fn config_set_writes_a_commented_file_and_later_edits_keep_the_learners_comments() {
    let env = Env::new().at(NOW);
    let run = env.run(&["config", "set", "new_per_day", "30"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "new_per_day = 30 in a new {}, which documents every setting.\n",
            config_file(&env).display()
        )
    );
    let text = std::fs::read_to_string(config_file(&env)).unwrap();
    assert!(text.starts_with("# upsc settings."), "{text}");
    assert!(text.contains("\nnew_per_day = 30\n"), "{text}");
    assert!(text.contains("\n# desired_retention = 0.9\n"), "{text}");
    let line = text.lines().position(|l| l == "new_per_day = 30").unwrap() + 1;
    let got = settings(&env);
    assert_eq!(got["new_per_day"]["value"], 30);
    assert_eq!(got["new_per_day"]["source"], "file");
    assert_eq!(got["new_per_day"]["line"], line);

    // The learner's own comment stays, and so does the order.
    let edited = text.replace(
        "new_per_day = 30\n",
        "new_per_day = 30 # weekends only\n# my note\n",
    );
    std::fs::write(config_file(&env), &edited).unwrap();
    env.run(&["config", "set", "new_per_day", "12"]).code(0);
    env.run(&["config", "set", "exam.date", "2027-05-23"])
        .code(0);
    env.run(&["config", "set", "exam.name", "Prelims 2027"])
        .code(0);
    env.run(&["config", "set", "learning_steps", "1m,10m,1h"])
        .code(0);
    let after = std::fs::read_to_string(config_file(&env)).unwrap();
    let expected = edited
        .replace(
            "new_per_day = 30 # weekends only",
            "new_per_day = 12 # weekends only",
        )
        .replace(
            "# learning_steps = [\"1m\", \"10m\"]",
            "learning_steps = [\"1m\", \"10m\", \"1h\"]",
        )
        .replace("# date = 2027-05-23", "date = 2027-05-23")
        .replace("# name = \"Prelims 2027\"", "name = \"Prelims 2027\"");
    assert_eq!(after, expected);
    let got = settings(&env);
    assert_eq!(got["exam.date"]["value"], "2027-05-23");
    assert_eq!(got["exam.name"]["value"], "Prelims 2027");
    assert_eq!(
        got["learning_steps"]["value"],
        serde_json::json!(["1m", "10m", "1h"])
    );

    // Setting the same value again changes nothing; unset puts the default back.
    let run = env.run(&["config", "set", "new_per_day", "12"]);
    assert!(
        run.code(0).stdout.contains("nothing changed"),
        "{}",
        run.stdout
    );
    let run = env.run(&["config", "unset", "exam.name"]);
    assert_eq!(run.code(0).stdout, "exam.name is no longer set.\n");
    let run = env.run(&["config", "unset", "new_per_day"]);
    assert_eq!(
        run.code(0).stdout,
        "new_per_day is back to its default, 20.\n"
    );
    let got = settings(&env);
    assert_eq!(got["new_per_day"]["source"], "default");
    assert_eq!(got["exam.name"]["value"], serde_json::Value::Null);
    let after = std::fs::read_to_string(config_file(&env)).unwrap();
    assert!(
        after.contains("\n# new_per_day = 20 # weekends only\n"),
        "{after}"
    );
    assert!(after.contains("# my note"), "{after}");
}

#[test]
fn a_bad_value_is_refused_with_the_reason_and_nothing_is_written() {
    let env = Env::new().at(NOW);
    for (key, value, why) in [
        (
            "desired_retention",
            "1.5",
            "`desired_retention` must be a number from 0.7 to 0.99, found 1.5",
        ),
        (
            "new_per_day",
            "-3",
            "`new_per_day` must be a whole number from 0 to 9999, found -3",
        ),
        (
            "learning_steps",
            "10m,1m",
            "`learning_steps` must not get shorter, found 10m then 1m",
        ),
        (
            "exam.date",
            "23/05/2027",
            "`exam.date` must be a date written YYYY-MM-DD, like 2027-05-23, found the string \"23/05/2027\"",
        ),
        (
            "exam.date",
            "2025-05-25",
            "`exam.date` 2025-05-25 is in the past (today is 2026-01-15); give the coming exam's date",
        ),
        (
            "style",
            "2022",
            "`style` must be \"2025\", \"2024\" or \"2023\", found the string \"2022\"",
        ),
    ] {
        let run = env.run(&["config", "set", key, value]);
        run.code(2);
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!("upsc: {why}; the settings file is unchanged\n")
        );
        assert!(!config_file(&env).exists(), "{key} {value} wrote the file");
    }
    // With a file: its bytes stay the same.
    env.run(&["config", "set", "new_per_day", "7"]).code(0);
    let before = std::fs::read(config_file(&env)).unwrap();
    env.run(&["config", "set", "day_starts_at", "24"]).code(2);
    assert_eq!(std::fs::read(config_file(&env)).unwrap(), before);
}

#[test]
fn an_unknown_key_gets_a_suggestion() {
    let env = Env::new();
    let run = env.run(&["config", "set", "new_per_dya", "3"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "upsc: there is no setting `new_per_dya`; did you mean `new_per_day`?\n"
    );
    let run = env.run(&["config", "set", "exam.dat", "2027-05-23"]);
    assert_eq!(
        run.code(2).stderr,
        "upsc: there is no setting `exam.dat`; did you mean `exam.date`?\n"
    );
    assert!(!config_file(&env).exists());

    // In the file: located, with the suggestion.
    std::fs::write(
        config_file(&env),
        "new_per_day = 10\ndesired_retension = 0.85\n",
    )
    .unwrap();
    let run = env.run(&["--decks", DECKS, "due"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "upsc: {}:2:1: error: unknown setting `desired_retension`; did you mean `desired_retention`?\n",
            config_file(&env).display()
        )
    );
}

#[test]
fn a_broken_file_stops_every_command_that_reads_it_with_its_line() {
    let env = Env::new().at(NOW);
    let path = config_file(&env);
    std::fs::write(&path, "new_per_day = 10\nreviews_per_day = \n").unwrap();
    let shown = path.display().to_string();
    for args in [
        vec!["--decks", DECKS, "due"],
        vec!["--decks", DECKS, "stats", "--json"],
        vec!["optimize"],
        vec!["config"],
    ] {
        let run = env.run(&args);
        run.code(1);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!("upsc: {shown}:2:")),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("invalid TOML"), "{}", run.stderr);
    }
    let run = env.run(&["config", "set", "new_per_day", "5"]);
    run.code(1);
    assert!(
        run.stderr
            .starts_with(&format!("upsc: cannot change {shown}:2: invalid TOML")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("fix that line first\n"),
        "{}",
        run.stderr
    );

    // A bad value and an unknown key: `config` lists both, other commands name the
    // first and count the rest.
    std::fs::write(&path, "new_per_day = \"many\"\n\n[exam]\nfinal_days = 3\n").unwrap();
    let run = env.run(&["config"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "upsc: {shown}:1:15: error: `new_per_day` must be a whole number from 0 to 9999, found the string \"many\"; the default is 20\n\
             upsc: {shown}:4:1: error: unknown setting `final_days` in [exam]; did you mean `final_revision_days`?\n"
        )
    );
    let run = env.run(&["--decks", DECKS, "due"]);
    assert_eq!(
        run.code(1).stderr,
        format!(
            "upsc: {shown}:1:15: error: `new_per_day` must be a whole number from 0 to 9999, found the string \"many\"; the default is 20 (and 1 more problem: `upsc config` lists them)\n"
        )
    );
    // `config set` mends one and says what is left.
    let run = env.run(&["config", "set", "new_per_day", "15"]);
    run.code(1);
    assert_eq!(run.stdout, format!("new_per_day = 15 in {shown}.\n"));
    assert!(
        run.stderr.contains("unknown setting `final_days`"),
        "{}",
        run.stderr
    );
}

#[test]
fn flags_beat_the_environment_which_beats_the_file_which_beats_the_defaults() {
    let env = Env::new();
    std::fs::write(
        config_file(&env),
        "desired_retention = 0.85\nnew_per_day = 10\n",
    )
    .unwrap();
    let got = settings(&env);
    assert_eq!(got["desired_retention"]["value"], 0.85);
    assert_eq!(got["desired_retention"]["source"], "file");
    assert_eq!(got["desired_retention"]["line"], 1);
    assert_eq!(got["reviews_per_day"]["source"], "default");

    let output = env
        .command(&["config", "--json"])
        .env("UPSC_DESIRED_RETENTION", "0.8")
        .env("UPSC_REVIEWS_PER_DAY", "150")
        .env("UPSC_NEW_PER_DAY", "")
        .output()
        .unwrap();
    let run = common::Run::from(output);
    let got = run.code(0).json()["settings"].clone();
    assert_eq!(got["desired_retention"]["value"], 0.8);
    assert_eq!(got["desired_retention"]["source"], "environment");
    assert_eq!(
        got["desired_retention"]["variable"],
        "UPSC_DESIRED_RETENTION"
    );
    assert_eq!(got["reviews_per_day"]["value"], 150);
    // An empty variable counts as unset.
    assert_eq!(got["new_per_day"]["source"], "file");

    // `config` names an unusable variable, leaves it out and still shows every setting
    // (the others from the environment included); any other command stops at it.
    let output = env
        .command(&["config"])
        .env("UPSC_NEW_PER_DAY", "lots")
        .env("UPSC_REVIEWS_PER_DAY", "150")
        .output()
        .unwrap();
    let run = common::Run::from(output);
    assert_eq!(
        run.code(1).stderr,
        "upsc: UPSC_NEW_PER_DAY: the value must be a whole number from 0 to 9999, found `lots`; fix or unset it (left out here)\n"
    );
    let shown: Vec<&str> = run.stdout.lines().collect();
    assert!(
        shown
            .iter()
            .any(|l| l.starts_with("new_per_day") && l.contains("10")),
        "{}",
        run.stdout
    );
    assert!(
        shown
            .iter()
            .any(|l| l.starts_with("reviews_per_day") && l.contains("150")),
        "{}",
        run.stdout
    );
    let output = env
        .command(&["due"])
        .env("UPSC_NEW_PER_DAY", "lots")
        .output()
        .unwrap();
    let run = common::Run::from(output);
    assert!(
        run.code(1)
            .stderr
            .starts_with("upsc: UPSC_NEW_PER_DAY: the value must be"),
        "{}",
        run.stderr
    );
}

/// The count `review` announces, with these extra arguments and environment.
fn cards_today(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> String {
    let mut command = env.command(&["--decks", DECKS, "review"]);
    command.args(args).env("UPSC_NOW", NOW);
    for (name, value) in vars {
        command.env(name, value);
    }
    let mut p = common::spawn_in_terminal(command);
    let (_, matched) = p.exp_regex(r"\d+ cards? today").unwrap();
    keys(&mut p, "\x03");
    p.exp_eof().unwrap();
    matched
}

#[test]
fn review_takes_its_limits_from_the_settings_and_its_flags_win() {
    let env = Env::new();
    assert_eq!(cards_today(&env, &[], &[]), "6 cards today");
    std::fs::write(config_file(&env), "new_per_day = 4\n").unwrap();
    assert_eq!(cards_today(&env, &[], &[]), "4 cards today");
    assert_eq!(
        cards_today(&env, &[], &[("UPSC_NEW_PER_DAY", "3")]),
        "3 cards today"
    );
    assert_eq!(
        cards_today(&env, &["--new", "2"], &[("UPSC_NEW_PER_DAY", "3")]),
        "2 cards today"
    );
    std::fs::write(config_file(&env), "reviews_per_day = 5\n").unwrap();
    assert_eq!(cards_today(&env, &[], &[]), "5 cards today");
    assert_eq!(cards_today(&env, &["--limit", "1"], &[]), "1 card today");
}

#[test]
fn the_schedulers_steps_come_from_the_settings_file() {
    // The first card answered Good moves to the second learning step: ten minutes by
    // default, a day with `learning_steps = ["2h", "1d"]`.
    for (file, due_day) in [
        (None, "2026-01-15T"),
        (Some("learning_steps = [\"2h\", \"1d\"]\n"), "2026-01-16T"),
    ] {
        let env = Env::new();
        if let Some(text) = file {
            std::fs::write(config_file(&env), text).unwrap();
        }
        let mut command = env.command(&["--decks", DECKS, "review"]);
        command.env("UPSC_NOW", NOW);
        let mut p = common::spawn_in_terminal(command);
        p.exp_string("How large is the yen pledge?").unwrap();
        keys(&mut p, "¥10 trillion\n");
        p.exp_string("Right (saved)").unwrap(); // Good
        p.exp_string("Enter: next").unwrap();
        keys(&mut p, "\x03");
        p.exp_eof().unwrap();
        let cards = env
            .run(&["--decks", DECKS, "cards", "--json"])
            .code(0)
            .json();
        let pledge = cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "pledge")
            .unwrap()
            .clone();
        assert!(
            pledge["due"].as_str().unwrap().starts_with(due_day),
            "{file:?}: {pledge}"
        );
    }
}

#[test]
fn config_init_writes_the_documented_file_once() {
    let env = Env::new();
    let run = env.run(&["config", "init"]);
    assert!(run.code(0).stdout.starts_with("Wrote "), "{}", run.stdout);
    let text = std::fs::read_to_string(config_file(&env)).unwrap();
    assert!(
        text.contains("[exam]\n") && text.contains("[sync]\n"),
        "{text}"
    );
    // The new file sets nothing: every value is still the default.
    let got = settings(&env);
    assert!(
        got.as_object()
            .unwrap()
            .values()
            .all(|s| s["source"] == "default")
    );
    std::fs::write(config_file(&env), "new_per_day = 9\n").unwrap();
    let run = env.run(&["config", "init"]);
    assert!(
        run.code(0).stdout.contains("already exists"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(config_file(&env)).unwrap(),
        "new_per_day = 9\n"
    );
    // `--json` and a subcommand do not go together.
    env.run(&["config", "--json", "init"]).code(2);
}
