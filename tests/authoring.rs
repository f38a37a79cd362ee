//! Writing decks end to end (issue #6): `new`, `add` through a pseudo-terminal, `check
//! --fix`, `import` from CSV and Anki files, and `export` to Anki, CSV and JSON, with the
//! round trips between them and the exact messages for bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Env, keys};
use rexpect::session::PtySession;
use upsc::deck::load::{Collection, Decks};

const DOWN: &str = "\x1b[B";

fn deck_path(env: &Env, id: &str) -> PathBuf {
    env.home().join("decks").join(format!("{id}.toml"))
}

/// `upsc new ID --source adda247-notes-2025` in the data folder; the file's text.
fn new_deck(env: &Env, id: &str) -> String {
    env.run(&["new", id, "--source", "adda247-notes-2025"])
        .code(0);
    fs::read_to_string(deck_path(env, id)).unwrap()
}

/// The runs of lines from `# [[card]]` to the next blank line: the commented examples.
fn example_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line == "# [[card]]" {
            current = Some(vec![line]);
        } else if line.is_empty() {
            blocks.extend(current.take().map(|b| b.join("\n")));
        } else if let Some(block) = current.as_mut() {
            block.push(line);
        }
    }
    blocks.extend(current.map(|b| b.join("\n")));
    blocks
}

fn uncomment(block: &str) -> String {
    block
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn new_makes_a_deck_whose_examples_are_valid_cards_and_that_strict_holds_until_it_has_one() {
    let env = Env::new();
    let run = env.run(&[
        "new",
        "india-japan-basics",
        "--title",
        "India–Japan basics",
        "--source",
        "adda247-notes-2025",
    ]);
    run.code(0);
    let path = deck_path(&env, "india-japan-basics");
    assert_eq!(
        run.stdout,
        format!(
            "Created {} with deck `india-japan-basics`. Add cards with `upsc add india-japan-basics`, or uncomment an example in the file.\n",
            path.display()
        )
    );
    assert_eq!(run.stderr, "");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(
            "[deck]\nid = \"india-japan-basics\"\ntitle = \"India–Japan basics\"\n# description"
        ),
        "{text}"
    );
    assert!(
        text.contains("\nsources = [\"adda247-notes-2025\"]\n"),
        "{text}"
    );

    // A deck with no cards yet passes `check` with a warning and fails `--strict` until
    // it has a card (the `empty-deck` lint).
    let shown = path.display().to_string();
    let check = env.run(&["check", &shown]);
    check.code(0);
    assert!(
        check.stdout.contains("warning: empty-deck: no cards yet"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("add one with `upsc add india-japan-basics`"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .ends_with("checked 1 file: 1 deck, 0 cards; 0 sources cited; 0 errors, 1 warning\n"),
        "{}",
        check.stdout
    );
    env.run(&["check", "--strict", &shown]).code(1);
    // The new deck is among the user's decks from now on.
    let decks = env.run(&["decks", "--json"]).code(0).json();
    assert!(
        decks
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "india-japan-basics"),
        "{decks}"
    );

    // Each example uncommented on its own is one valid card; all of them, seven.
    let blocks = example_blocks(&text);
    assert_eq!(blocks.len(), 7);
    let mut all = text.clone();
    let scratch = env.home().join("scratch.toml");
    let scratch_shown = scratch.display().to_string();
    for block in &blocks {
        fs::write(&scratch, text.replace(block.as_str(), &uncomment(block))).unwrap();
        let check = env.run(&["check", "--strict", &scratch_shown]);
        check.code(0);
        assert!(
            check.stdout.starts_with("checked 1 file: 1 deck, 1 card ("),
            "{block}\n{}",
            check.stdout
        );
        all = all.replace(block.as_str(), &uncomment(block));
    }
    fs::write(&scratch, &all).unwrap();
    let check = env.run(&["check", "--strict", &scratch_shown]);
    check.code(0);
    assert_eq!(
        check.stdout,
        "checked 1 file: 1 deck, 7 cards (statements 1, pairs 1, rows 1, assertion 1, mcq 1, numeric 1, recall 1); 3 sources cited; no problems\n"
    );
}

#[test]
fn new_refuses_to_overwrite_a_file_or_reuse_a_deck_id() {
    let env = Env::new();
    let first = new_deck(&env, "mine");

    let again = env.run(&["new", "mine"]);
    again.code(2);
    assert_eq!(
        again.stderr,
        format!(
            "upsc: `{}` already exists; choose another deck id, or add to it with `upsc add`\n",
            deck_path(&env, "mine").display()
        )
    );
    assert_eq!(
        fs::read_to_string(deck_path(&env, "mine")).unwrap(),
        first,
        "left as it was"
    );

    // The same id in another folder is still the same deck id.
    let other = env.home().join("other");
    let reuse = env.run(&["new", "mine", "--dir", other.to_str().unwrap()]);
    reuse.code(2);
    assert_eq!(
        reuse.stderr,
        format!(
            "upsc: deck id `mine` is already used by `{}`; choose another id\n",
            deck_path(&env, "mine").display()
        )
    );
    let bundled = env.run(&["new", "at-a-glance"]);
    bundled.code(2);
    assert_eq!(
        bundled.stderr,
        "upsc: deck id `at-a-glance` is already used by `bundled:decks/at-a-glance.toml`; choose another id\n"
    );
    assert!(!other.join("mine.toml").exists());

    let source = env.run(&["new", "yours", "--source", "adda247-notes-2026"]);
    source.code(2);
    assert_eq!(
        source.stderr,
        "upsc: unknown source `adda247-notes-2026`; did you mean `adda247-notes-2025`? `upsc seeds` lists the source notes\n"
    );
    let kebab = env.run(&["new", "My Deck"]);
    kebab.code(2);
    assert_eq!(
        kebab.stderr,
        "upsc: deck id `My Deck` is not kebab-case; use lower-case words joined by `-`, e.g. `my-deck`\n"
    );
    assert!(!deck_path(&env, "yours").exists());
}

#[test]
fn check_fix_fills_missing_ids_keeps_comments_and_says_what_it_did() {
    let env = Env::new();
    let dir = env.home().join("mine");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("deck.toml");
    fs::write(
        &path,
        "# My deck, written by hand.\n[deck]\nid = \"mine\"\ntitle = \"Mine \"\n\n[[card]]\n# the summit\nkind = \"mcq\"\nprompt = \"Which edition was the 2025 annual summit?\"   # asked often\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\nsource = \"adda247-notes-2025\"\nexplanation = \"The 15th.\"\n\n[[card]]\nkind = \"recall\"\nprompt = \"Which Indian judge dissented at Tokyo?\"\nanswer = \" Radhabinod Pal\"\nsource = \"adda247-notes-2025\"\nexplanation = \"Justice Pal.\"\n",
    )
    .unwrap();
    let shown = path.display().to_string();
    let before = env.run(&["check", &shown]);
    before.code(1);
    assert!(
        before
            .stdout
            .contains("or run `upsc check --fix` to fill in missing ids"),
        "{}",
        before.stdout
    );

    let run = env.run(&["check", "--fix", "--strict", dir.to_str().unwrap()]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "{shown}:4: trimmed spaces around `title`\n{shown}:6: filled id \"which-edition-was-the-2025-annual\"\n{shown}:15: filled id \"which-indian-judge-dissented-at-tokyo\"\n{shown}:18: trimmed spaces around `answer`\nfixed 4 things in 1 file\nchecked 1 file: 1 deck, 2 cards (mcq 1, recall 1); 1 source cited; no problems\n"
        )
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "# My deck, written by hand.\n[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"which-edition-was-the-2025-annual\"\n# the summit\nkind = \"mcq\"\nprompt = \"Which edition was the 2025 annual summit?\"   # asked often\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\nsource = \"adda247-notes-2025\"\nexplanation = \"The 15th.\"\n\n[[card]]\nid = \"which-indian-judge-dissented-at-tokyo\"\nkind = \"recall\"\nprompt = \"Which Indian judge dissented at Tokyo?\"\nanswer = \"Radhabinod Pal\"\nsource = \"adda247-notes-2025\"\nexplanation = \"Justice Pal.\"\n"
    );
    let again = env.run(&["check", "--fix", dir.to_str().unwrap()]);
    again.code(0);
    assert!(again.stdout.starts_with("nothing to fix\nchecked 1 file"));
}

/// Exports one deck in a format, as text.
fn export(env: &Env, format: &str, deck: &str) -> String {
    let run = env.run(&["export", "--format", format, "--deck", deck]);
    run.code(0);
    run.stdout.clone()
}

fn write_file(env: &Env, name: &str, text: &str) -> String {
    let path = env.home().join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn cards_json(env: &Env, deck: &str) -> Vec<serde_json::Value> {
    let text = export(env, "json", deck);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["decks"][0]["cards"].as_array().unwrap().clone()
}

#[test]
fn csv_export_then_import_then_export_gives_the_same_file() {
    let env = Env::new();
    let collection = Collection::load(&Decks::bundled());
    for deck in &collection.decks {
        let csv = export(&env, "csv", &deck.id);
        let file = write_file(&env, &format!("{}.csv", deck.id), &csv);
        let copy = format!("copy-{}", deck.id);
        let import = env.run(&["import", &file, "--format", "csv", "--deck", &copy]);
        import.code(0);
        assert!(
            import.stdout.starts_with(&format!(
                "Imported {} cards into deck `{copy}`",
                deck.cards.len()
            )),
            "{}",
            import.stdout
        );
        assert_eq!(export(&env, "csv", &copy), csv, "{}", deck.id);

        // Recall and mcq cards come back exactly, field for field.
        let original = cards_json(&env, &deck.id);
        let copied = cards_json(&env, &copy);
        for card in &original {
            if card["kind"] == "recall" || card["kind"] == "mcq" {
                let again = copied.iter().find(|c| c["id"] == card["id"]).unwrap();
                assert_eq!(again, card);
            }
        }
    }
    // The copies pass even the strict check: export keeps only the Statement-I/II options
    // in their fixed order, so no answer key comes back lopsided.
    let check = env.run(&[
        "check",
        "--strict",
        env.home().join("decks").to_str().unwrap(),
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

// The at-a-glance deck has one card of each of its seven kinds.
#[test]
fn anki_export_then_import_keeps_every_prompt_and_answer() {
    let env = Env::new();
    let anki = export(&env, "anki", "at-a-glance");
    assert!(
        anki.starts_with("#separator:tab\n#html:true\n#notetype:Basic\n#guid column:1\n#deck column:2\n#tags column:5\nat-a-glance/yen-pledge-size\tIndia–Japan 2025: the summit at a glance\tHow large is the investment"),
        "{anki}"
    );
    let file = write_file(&env, "at-a-glance.txt", &anki);
    let import = env.run(&["import", &file, "--format", "anki", "--deck", "from-anki"]);
    import.code(0);
    assert_eq!(
        import.stdout,
        format!(
            "Imported 7 cards into deck `from-anki` ({}).\nOf these, 7 cite no source and 0 have no explanation; `upsc check --strict {}` lists them.\n",
            deck_path(&env, "from-anki").display(),
            deck_path(&env, "from-anki").display()
        )
    );
    let again = export(&env, "anki", "from-anki");
    // A rows card's table comes back as lines of text (import reads the HTML as text:
    // a cell ends in two spaces, a table row in a line break): the same words, in order.
    let flat = |front: &str| -> String {
        let mut text = front.to_string();
        for (tag, with) in [
            ("<table>", ""),
            ("</table>", ""),
            ("<tr>", ""),
            ("</tr>", "<br>"),
            ("<th>", ""),
            ("<td>", ""),
            ("</th>", "  "),
            ("</td>", "  "),
        ] {
            text = text.replace(tag, with);
        }
        while text.contains("  <br>") || text.contains("<br><br><br>") {
            text = text
                .replace("  <br>", "<br>")
                .replace("<br><br><br>", "<br><br>");
        }
        text
    };
    let rows = |text: &str| -> Vec<Vec<String>> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let fields: Vec<&str> = l.split('\t').collect();
                // The card id (after the deck), the front, the back and the tags.
                vec![
                    fields[0].rsplit('/').next().unwrap().to_string(),
                    flat(fields[2]),
                    fields[3].to_string(),
                    fields[4].to_string(),
                ]
            })
            .collect()
    };
    assert_eq!(rows(&again), rows(&anki));
    // The cards are self-graded recall cards with the exported question as prompt.
    let cards = cards_json(&env, "from-anki");
    let statements = cards
        .iter()
        .find(|c| c["id"] == "partnership-labels")
        .unwrap();
    assert_eq!(statements["kind"], "recall");
    assert_eq!(statements["self_grade"], true);
    let prompt = statements["prompt"].as_str().unwrap();
    assert!(
        prompt.starts_with("With reference to the evolution of India–Japan relations, consider the following statements :\n\n  I. The two countries announced a 'Global Partnership' in 2000.\n"),
        "{prompt}"
    );
    assert!(prompt.contains("\n\n(a) "), "{prompt}");
}

#[test]
fn json_export_of_the_bundled_decks_reads_back_equal() {
    let env = Env::new();
    let run = env.run(&["export", "--format", "json"]);
    run.code(0);
    let decks = upsc::exchange::json::read(&run.stdout).unwrap();
    let bundled = Collection::load(&Decks::bundled());
    assert_eq!(decks.len(), bundled.decks.len());
    for (again, deck) in decks.iter().zip(&bundled.decks) {
        let mut deck = deck.clone();
        deck.origin = upsc::deck::DeckOrigin::Unknown;
        deck.cards.iter_mut().for_each(|c| c.line = 0);
        assert_eq!(again, &deck);
    }
    // --out writes the same text to a file.
    let out = env.home().join("decks.json");
    let run = env.run(&["export", "--format", "json", "--out", out.to_str().unwrap()]);
    run.code(0);
    let cards: usize = bundled.decks.iter().map(|d| d.cards.len()).sum();
    assert_eq!(
        run.stderr,
        format!(
            "Wrote {cards} cards from {} decks to {}\n",
            bundled.decks.len(),
            out.display()
        )
    );
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        env.run(&["export", "--format", "json"]).stdout
    );
}

#[test]
fn malformed_csv_rows_are_reported_by_line_and_nothing_is_written() {
    let env = Env::new();
    let file = write_file(
        &env,
        "bad.csv",
        "prompt,answer,options,explanation\nWhich edition was the 2025 summit?,15th,14th|15th|16th,\"Two\nlines\"\nWho dissented?,,,\nWhich city?,Osaka,Tokyo|Kyoto,\nA,B,C,D,E\n",
    );
    let run = env.run(&["import", &file, "--format", "csv", "--deck", "imported"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "upsc: {file}:4: the answer is empty; every row needs its answer in `answer`\n\
             upsc: {file}:5: answer `Osaka` is not one of the options; the answer must repeat one of the options exactly\n\
             upsc: {file}:6: this row has 5 fields but the header row has 4; put double quotes around a field that holds a comma\n\
             upsc: nothing was imported; fix the 3 problems above and import again\n"
        )
    );
    assert!(!deck_path(&env, "imported").exists());

    let missing = env.run(&[
        "import",
        "/nonexistent/x.csv",
        "--format",
        "csv",
        "--deck",
        "imported",
    ]);
    missing.code(1);
    assert_eq!(
        missing.stderr,
        "upsc: /nonexistent/x.csv: cannot read: no such file or folder; check that the file exists and that you may read it\n"
    );
    let unknown = env.run(&["export", "--format", "csv", "--deck", "at-a-glanse"]);
    unknown.code(1);
    assert_eq!(
        unknown.stderr,
        "upsc: no deck `at-a-glanse`; did you mean `at-a-glance`?\n"
    );

    let header = write_file(&env, "header.csv", "question,answer\nq,a\n");
    let run = env.run(&["import", &header, "--format", "csv", "--deck", "imported"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "upsc: {header}:1: unknown column `question`; the columns are id, kind, prompt, answer, options, accept, shuffle, self_grade, explanation, tags, source\n\
             upsc: {header}:1: no `prompt` column; the header row needs at least `prompt` and `answer`\n\
             upsc: nothing was imported; fix the 2 problems above and import again\n"
        )
    );
}

#[test]
fn malformed_anki_notes_are_reported_by_line_and_nothing_is_written() {
    let env = Env::new();
    let before = new_deck(&env, "mine");
    let file = write_file(
        &env,
        "notes.txt",
        "#separator:tab\n#html:true\n#tags column:3\nCapital of Japan?\tTokyo\tgeography\nfront only\n\tno front\t\nThe capital is {{c1::Tokyo}}\t\t\nBad tag\tx\tNot::Kebab!\n",
    );
    let run = env.run(&["import", &file, "--format", "anki", "--deck", "mine"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "upsc: {file}:5: a note needs a front and a back field, found 1; separate the fields with the `#separator` (a tab)\n\
             upsc: {file}:6: the front is empty; every note needs a question on its front\n\
             upsc: {file}:7: cloze notes cannot be imported; export them as Basic notes, or leave them out\n\
             upsc: nothing was imported; fix the 3 problems above and import again\n"
        )
    );
    assert_eq!(
        fs::read_to_string(deck_path(&env, "mine")).unwrap(),
        before,
        "the deck is untouched"
    );
}

#[test]
fn importing_into_an_existing_deck_appends_and_keeps_its_comments() {
    let env = Env::new();
    let before = new_deck(&env, "mine");
    let file = write_file(
        &env,
        "cards.csv",
        "id,prompt,answer,options,tags,source,explanation\nsummit-edition,Which edition was the 2025 summit?,15th,14th|15th|16th,diplomacy,adda247-notes-2025,The 15th.\n,Who dissented at Tokyo?,Radhabinod Pal,,history,adda247-notes-2025,Justice Pal.\n",
    );
    let run = env.run(&["import", &file, "--format", "csv", "--deck", "mine"]);
    run.code(0);
    let path = deck_path(&env, "mine");
    assert_eq!(
        run.stdout,
        format!("Imported 2 cards into deck `mine` ({}).\n", path.display())
    );
    let after = fs::read_to_string(&path).unwrap();
    let (head, examples) = before.split_at(before.find("\n# ─── Examples").unwrap());
    assert_eq!(
        after,
        format!(
            "{head}\n[[card]]\nid = \"summit-edition\"\nkind = \"mcq\"\nprompt = \"Which edition was the 2025 summit?\"\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\ntags = [\"diplomacy\"]\nsource = \"adda247-notes-2025\"\nexplanation = \"The 15th.\"\n\n[[card]]\nid = \"who-dissented-at-tokyo\"\nkind = \"recall\"\nprompt = \"Who dissented at Tokyo?\"\nanswer = \"Radhabinod Pal\"\ntags = [\"history\"]\nsource = \"adda247-notes-2025\"\nexplanation = \"Justice Pal.\"\n{examples}"
        )
    );
    env.run(&["check", "--strict", path.to_str().unwrap()])
        .code(0);

    // The same ids again collide; nothing is written.
    let run = env.run(&["import", &file, "--format", "csv", "--deck", "mine"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        format!(
            "upsc: {file}:2: card id `summit-edition` is already used in deck `mine`; change it, or leave it out to have one made\n\
             upsc: nothing was imported; fix the problem above and import again\n"
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), after);
    // A bundled deck cannot be imported into.
    let run = env.run(&["import", &file, "--format", "csv", "--deck", "at-a-glance"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "upsc: deck `at-a-glance` is bundled with upsc and cannot be edited; create a deck of your own with `upsc new DECK-ID`\n"
    );
}

// ---- `upsc add` through a pseudo-terminal ---------------------------------------------

fn spawn_add(env: &Env, deck: &str) -> PtySession {
    common::spawn_in_terminal(env.command(&["add", deck]))
}

/// Waits for a prompt, then answers it.
fn answer(p: &mut PtySession, prompt: &str, text: &str) {
    p.exp_string(prompt).unwrap();
    keys(p, text);
}

fn check_strict(env: &Env, path: &Path) -> String {
    let run = env.run(&["check", "--strict", path.to_str().unwrap()]);
    run.code(0);
    run.stdout.clone()
}

#[test]
fn add_writes_an_mcq_and_a_statements_card_through_the_form() {
    let env = Env::new();
    let before = new_deck(&env, "mine");
    let path = deck_path(&env, "mine");

    let mut p = spawn_add(&env, "mine");
    p.exp_string("Adding a card to `mine`").unwrap();
    // The kinds are listed statements, pairs, assertion, mcq, numeric, recall.
    answer(
        &mut p,
        "a name or phrase, typed or recalled",
        &format!("{DOWN}{DOWN}{DOWN}\r"),
    );
    answer(&mut p, "Question", "Which edition was the 2025 summit?\r");
    answer(&mut p, "Option 1", "14th\r");
    answer(&mut p, "Option 2", "15th\r");
    // A repeated option is refused by the parser's rule, then corrected.
    answer(&mut p, "Option 3", "14TH\r");
    p.exp_string("option `14TH` repeats option 1").unwrap();
    keys(&mut p, "16th\r");
    answer(&mut p, "Option 4", "\r");
    answer(&mut p, "Which option is right?", &format!("{DOWN}\r"));
    answer(&mut p, "Order of the options", "\r");
    answer(&mut p, "Tags", "diplomacy summit-2025\r");
    answer(&mut p, "Source note", "\r");
    answer(&mut p, "Explanation", "The 15th Annual Summit.\r");
    p.exp_string("Preview of `which-edition-was-the-2025-summit`")
        .unwrap();
    p.exp_string("Which edition was the 2025 summit?").unwrap();
    p.exp_string("Answer: (").unwrap();
    answer(&mut p, "Add this card?", "\r");
    p.exp_string("Added card `which-edition-was-the-2025-summit` to deck `mine`")
        .unwrap();
    p.exp_eof().unwrap();

    let mut p = spawn_add(&env, "mine");
    answer(&mut p, "a name or phrase, typed or recalled", "\r"); // statements
    answer(&mut p, "Stem", "\r"); // keeps "Consider the following statements:"
    answer(&mut p, "Statement 1", "Japan pledged ¥10 trillion.\r");
    answer(&mut p, "Statement 1 is", "\r");
    answer(&mut p, "Statement 2", "The pledge runs for five years.\r");
    answer(&mut p, "Statement 2 is", &format!("{DOWN}\r"));
    answer(
        &mut p,
        "Why is statement 2 incorrect?",
        "It runs for a decade.\r",
    );
    answer(&mut p, "Statement 3", "\r");
    answer(&mut p, "The question asks for", "\r"); // the correct statements
    answer(&mut p, "How is it asked?", "\r"); // afresh each time
    answer(&mut p, "Tags", "\r");
    answer(&mut p, "Source note", "\r");
    answer(&mut p, "Explanation", "Ten trillion yen over ten years.\r");
    p.exp_string("Which of the statements given above is/are correct?")
        .unwrap();
    answer(&mut p, "Add this card?", "\r");
    p.exp_string("Added card `consider-the-following-statements` to deck `mine`")
        .unwrap();
    p.exp_eof().unwrap();

    let after = fs::read_to_string(&path).unwrap();
    let (head, examples) = before.split_at(before.find("\n# ─── Examples").unwrap());
    assert_eq!(
        after,
        format!(
            "{head}\n[[card]]\nid = \"which-edition-was-the-2025-summit\"\nkind = \"mcq\"\nprompt = \"Which edition was the 2025 summit?\"\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\ntags = [\"diplomacy\", \"summit-2025\"]\nsource = \"adda247-notes-2025\"\nexplanation = \"The 15th Annual Summit.\"\n\n[[card]]\nid = \"consider-the-following-statements\"\nkind = \"statements\"\nstem = \"Consider the following statements:\"\nsource = \"adda247-notes-2025\"\nexplanation = \"Ten trillion yen over ten years.\"\n\n[[card.statements]]\ntext = \"Japan pledged ¥10 trillion.\"\ncorrect = true\n\n[[card.statements]]\ntext = \"The pledge runs for five years.\"\ncorrect = false\nwhy = \"It runs for a decade.\"\n{examples}"
        ),
        "comments and layout kept, cards appended before the examples"
    );
    assert_eq!(
        check_strict(&env, &path),
        "checked 1 file: 1 deck, 2 cards (statements 1, mcq 1); 1 source cited; no problems\n"
    );
}

#[test]
fn an_aborted_add_leaves_the_deck_byte_for_byte_unchanged() {
    let env = Env::new();
    new_deck(&env, "mine");
    let path = deck_path(&env, "mine");
    let before = fs::read(&path).unwrap();

    // Ctrl-C while typing a field.
    let mut p = spawn_add(&env, "mine");
    answer(
        &mut p,
        "a name or phrase, typed or recalled",
        &format!("{DOWN}{DOWN}{DOWN}\r"),
    );
    answer(&mut p, "Question", "Which edition was the 2025 summit?\r");
    answer(&mut p, "Option 1", "14th\r");
    answer(&mut p, "Option 2", "15t");
    keys(&mut p, "\x03");
    p.exp_string("upsc: cancelled;").unwrap();
    p.exp_string("is unchanged").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);

    // Esc in a list, after the whole card was written but before it was added.
    let mut p = spawn_add(&env, "mine");
    answer(
        &mut p,
        "a name or phrase, typed or recalled",
        &format!("{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}\r"),
    );
    answer(&mut p, "Question", "Who dissented at Tokyo?\r");
    answer(&mut p, "Answer", "Radhabinod Pal\r");
    answer(&mut p, "Other answers", "\r");
    answer(&mut p, "How is it answered?", "\r");
    answer(&mut p, "Tags", "\r");
    answer(&mut p, "Source note", "\r");
    answer(&mut p, "Explanation", "\r");
    answer(&mut p, "Add this card?", "\x1b");
    p.exp_string("upsc: cancelled;").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        fs::read_dir(path.parent().unwrap()).unwrap().count(),
        1,
        "no temporary file is left behind"
    );
}

#[test]
fn add_without_a_terminal_exits_2_with_one_line() {
    let env = Env::new();
    new_deck(&env, "mine");
    let run = env.run(&["add", "mine"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "upsc: add needs an interactive terminal; write the card into the deck file (see docs/deck-format.md) or use `upsc import`\n"
    );
}
