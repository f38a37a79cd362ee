//! Trusting what decks and imports contain: control characters never reach the terminal,
//! imports bring none in and stay within what the loader accepts, edits write through
//! symbolic links, and file names that are not UTF-8 are read like any other.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::fs;
use std::path::Path;

use common::Env;

const CARD: &str = "\n[[card]]\nid = \"summit\"\nkind = \"mcq\"\nprompt = \"Which edition?\"\noptions = [\"14th\", \"15th\"]\nanswer = \"15th\"\nsource = \"adda247-notes-2025\"\nexplanation = \"The 15th.\"\n";

fn deck(id: &str, title: &str) -> String {
    format!("[deck]\nid = \"{id}\"\ntitle = \"{title}\"\n{CARD}")
}

#[test]
fn control_characters_in_deck_text_fail_check_located_and_are_never_printed() {
    let env = Env::new();
    let dir = env.home().join("decks-in");
    fs::create_dir_all(&dir).unwrap();
    // The escapes as an author (or an attacker) writes them in TOML.
    fs::write(
        dir.join("a-title.toml"),
        deck("bad-title", "\\u001b]0;owned\\u0007Title"),
    )
    .unwrap();
    fs::write(
        dir.join("b-prompt.toml"),
        deck("bad-prompt", "Fine").replace("Which edition?", "\\u001b[2JWhich edition?"),
    )
    .unwrap();
    fs::write(
        dir.join("c-option.toml"),
        deck("bad-option", "Fine").replace("\"14th\", ", "\"14th\\u009b\", "),
    )
    .unwrap();
    let shown = dir.display().to_string();
    let run = env.run(&["check", &shown]);
    run.code(1);
    for (file, at) in [
        ("a-title", "3:9"),
        ("b-prompt", "8:10"),
        ("c-option", "9:12"),
    ] {
        let location = format!("--> {shown}/{file}.toml:{at}");
        assert!(run.stdout.contains(&location), "{location}\n{}", run.stdout);
    }
    assert!(
        run.stdout.contains(
            "error: control character U+001B (escape) in a string: it could rewrite or clear the terminal"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("help: remove the control character U+001B (escape)"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "check printed a control character:\n{:?}",
        run.stdout
    );

    // Studying: the deck with a bad title is refused, the bad cards are left out, and the
    // warnings name the problem on one line without printing it.
    let run = env.run(&["--decks", &shown, "decks", "--json"]);
    run.code(0);
    let json = run.json();
    let listed: Vec<(String, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["cards"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("bad-prompt".to_string(), 0), ("bad-option".to_string(), 0)]
    );
    assert!(
        run.stderr.contains(&format!(
            "{shown}/a-title.toml:3:9: error: control character U+001B (escape)"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

#[test]
fn control_characters_in_a_source_note_fail_check() {
    let env = Env::new();
    let dir = env.home().join("with-seeds");
    fs::create_dir_all(dir.join("seeds")).unwrap();
    fs::write(dir.join("deck.toml"), deck("fine", "Fine")).unwrap();
    fs::write(
        dir.join("seeds/note.toml"),
        "id = \"note\"\ntitle = \"Note\"\nkind = \"study-note\"\nsummary = \"Read \\u001b]8;;http://x\\u0007this\"\n",
    )
    .unwrap();
    let run = env.run(&["check", &dir.display().to_string()]);
    run.code(1);
    let location = format!("--> {}/seeds/note.toml:4:11", dir.display());
    assert!(run.stdout.contains(&location), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

/// Lists `dir`, for messages.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn imports_bring_no_control_characters_in_and_the_deck_passes_check() {
    let env = Env::new();
    let anki = env.home().join("notes.txt");
    fs::write(
        &anki,
        "#separator:tab\n#html:true\nCapital&#x1b;]0;owned&#7; of Japan&rsquo;s &#27;[2Jstate?\tTokyo&#x9b;2J &amp; more<br><br>Since 1869&hellip;\n",
    )
    .unwrap();
    let run = env.run(&[
        "import",
        &anki.display().to_string(),
        "--format",
        "anki",
        "--deck",
        "from-anki",
    ]);
    run.code(0);
    let csv = env.home().join("cards.csv");
    fs::write(
        &csv,
        "prompt,answer,explanation\n\"Which\u{1b}[2J edition?\",15th\u{7},\"two\r\nlines\u{1b}]0;x\u{7}\"\n",
    )
    .unwrap();
    let run = env.run(&[
        "import",
        &csv.display().to_string(),
        "--format",
        "csv",
        "--deck",
        "from-csv",
        "--title",
        "CSV \u{1b}[31mdeck",
    ]);
    run.code(0);

    let check = env.run(&["check"]);
    check.code(0);
    assert!(!check.stdout.contains("error:"), "{}", check.stdout);
    assert!(check.stdout.contains("; 0 errors, "), "{}", check.stdout);
    let cards = |deck: &str| -> serde_json::Value {
        let run = env.run(&["export", "--format", "json", "--deck", deck]);
        run.code(0);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json["decks"][0].clone()
    };
    let anki_deck = cards("from-anki");
    assert_eq!(
        anki_deck["cards"][0]["prompt"],
        "Capital of Japan\u{2019}s state?"
    );
    assert_eq!(anki_deck["cards"][0]["answer"], "Tokyo & more");
    assert_eq!(anki_deck["cards"][0]["explanation"], "Since 1869\u{2026}");
    let csv_deck = cards("from-csv");
    assert_eq!(csv_deck["title"], "CSV deck");
    assert_eq!(csv_deck["cards"][0]["prompt"], "Which edition?");
    assert_eq!(csv_deck["cards"][0]["answer"], "15th");
    assert_eq!(csv_deck["cards"][0]["explanation"], "two\nlines");
}

/// A CSV of `rows` recall cards whose questions share their first words (so every id is
/// made from the same words, then numbered).
fn big_csv(path: &Path, rows: usize) {
    let mut text = String::from("prompt,answer\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Which edition of the annual India-Japan summit was number {i} in the series?,Edition {i}\n"
        ));
    }
    fs::write(path, text).unwrap();
}

/// 60,000 rows make a deck file over the loader's 8 MiB limit: the import is refused
/// before anything is written, with how to split the input, instead of writing a deck
/// every command then refuses.
#[test]
fn an_import_too_big_for_one_deck_file_is_refused_and_says_how_to_split_it() {
    let env = Env::new();
    let csv = env.home().join("big.csv");
    big_csv(&csv, 60_000);
    let shown = csv.display().to_string();
    let run = env.run(&["import", &shown, "--format", "csv", "--deck", "big"]);
    run.code(1);
    let decks = env.home().join("decks");
    assert!(
        run.stderr.starts_with(&format!(
            "upsc: importing 60000 cards would make `{}` ",
            decks.join("big.toml").display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "over the 8 MiB limit for a deck file, and nothing was written; split the input into 2 files of at most 40372 rows each and import each into a deck of its own (--deck big-1, --deck big-2, …)\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(listing(&decks).is_empty(), "{:?}", listing(&decks));
}

/// `check --fix` and `import` into an existing deck write through a symbolic link to the
/// deck file: the real file changes and the link stays a link.
#[cfg(unix)]
#[test]
fn edits_write_through_a_symlinked_deck_file() {
    let env = Env::new();
    let real_dir = env.home().join("real");
    let decks = env.home().join("decks");
    fs::create_dir_all(&real_dir).unwrap();
    fs::create_dir_all(&decks).unwrap();
    let real = real_dir.join("mine.toml");
    let link = decks.join("mine.toml");
    // The second card has no id: `check --fix` fills it in.
    fs::write(
        &real,
        format!(
            "{}\n[[card]]\nkind = \"recall\"\nprompt = \"Who dissented at Tokyo?\"\nanswer = \"Radhabinod Pal\"\nsource = \"adda247-notes-2025\"\nexplanation = \"Justice Pal.\"\n",
            deck("mine", "Mine")
        ),
    )
    .unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let run = env.run(&["check", "--fix", &decks.display().to_string()]);
    run.code(0);
    assert!(
        run.stdout.contains("filled id \"who-dissented-at-tokyo\""),
        "{}",
        run.stdout
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("id = \"who-dissented-at-tokyo\""),
        "the real file was not fixed"
    );
    assert_eq!(listing(&real_dir), ["mine.toml"], "no temporary file left");
    assert_eq!(listing(&decks), ["mine.toml"], "no temporary file left");

    let csv = env.home().join("cards.csv");
    fs::write(
        &csv,
        "prompt,answer,source,explanation\nCapital of Japan?,Tokyo,adda247-notes-2025,Since 1869.\n",
    )
    .unwrap();
    let run = env.run(&[
        "import",
        &csv.display().to_string(),
        "--format",
        "csv",
        "--deck",
        "mine",
    ]);
    run.code(0);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = fs::read_to_string(&real).unwrap();
    assert!(text.contains("prompt = \"Capital of Japan?\""), "{text}");
    assert!(text.contains("id = \"who-dissented-at-tokyo\""), "{text}");
    assert_eq!(listing(&real_dir), ["mine.toml"]);
    let run = env.run(&["check", "--strict", &decks.display().to_string()]);
    run.code(0);
    assert!(run.stdout.contains("1 deck, 3 cards"), "{}", run.stdout);
}

/// A deck file whose name is not UTF-8 is read like any other, through a folder or named
/// on the command line, and shown with a replacement character.
#[cfg(target_os = "linux")]
#[test]
fn a_deck_file_whose_name_is_not_utf8_loads() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let env = Env::new();
    let dir = env.home().join("odd");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(OsStr::from_bytes(b"bad\xffname.toml"));
    fs::write(&path, deck("odd-name", "Odd")).unwrap();

    let run = env.run(&["check", "--strict", &dir.display().to_string()]);
    run.code(0);
    assert!(
        run.stdout.starts_with("checked 1 file: 1 deck, 1 card"),
        "{}",
        run.stdout
    );
    let output = env
        .command(&["check", "--strict"])
        .arg(path.as_os_str())
        .output()
        .unwrap();
    let run = common::Run::from(output);
    run.code(0);
    assert!(run.stdout.contains("1 deck, 1 card"), "{}", run.stdout);

    // A problem in it is located with the name shown lossily.
    fs::write(&path, deck("odd-name", "Odd").replace("title", "titel")).unwrap();
    let run = env.run(&["check", &dir.display().to_string()]);
    run.code(1);
    assert!(
        run.stdout
            .contains(&format!("--> {}/bad\u{fffd}name.toml:3:1", dir.display())),
        "{}",
        run.stdout
    );
    fs::write(&path, deck("odd-name", "Odd")).unwrap();

    // Studying reads it too, through the deck index.
    let shown = dir.display().to_string();
    let run = env.run(&["--decks", &shown, "decks", "--json"]);
    run.code(0);
    assert_eq!(run.json()[0]["cards"], 1, "{}", run.stdout);
    let run = env.run(&["--decks", &shown, "due", "--json"]);
    run.code(0);
    assert_eq!(run.stderr, "");
}
