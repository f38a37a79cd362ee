//! Questions written the way the real papers print them (issue 16), end to end: the
//! fixture deck of each house style passes `check --strict` and is asked word for word
//! as written, and written options that do not give exactly one right answer, or that
//! cannot be read, are `check` errors located `path:line:column`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use common::Env;

#[test]
fn the_fixture_paper_of_each_style_passes_strict() {
    let env = Env::new();
    // The 2025 paper also has a pairs card with written code options.
    for (style, cards) in [
        ("2024", "8 cards (statements 4, pairs 1"),
        ("2025", "9 cards (statements 4, pairs 2"),
    ] {
        let run = env.run(&["check", "--strict", &format!("tests/fixtures/paper{style}")]);
        run.code(0);
        assert_eq!(
            run.stdout,
            format!(
                "checked 1 file: 1 deck, {cards}, rows 1, assertion 2); 1 source cited; no problems\n"
            ),
            "{style}"
        );
    }
}

/// The CSV export writes each question the way it is asked (a fixed showing), so it
/// shows the printed paper: numbering, closing lines and options as the style words them.
fn exported(style: &str) -> String {
    let env = Env::new();
    let run = env.run(&[
        "--decks",
        &format!("tests/fixtures/paper{style}"),
        "export",
        "--format",
        "csv",
    ]);
    run.code(0);
    run.stdout
}

#[test]
fn the_2025_paper_is_asked_as_written() {
    let csv = exported("2025");
    for expected in [
        // An item list with its own closing line and count options, in the written order.
        "  I. Finland\n  II. Sweden\n  III. Austria\n  IV. Ireland\n  V. Norway\n  VI. Switzerland\n\nHow many of the above are members of the North Atlantic Treaty Organization?\",Only three,Only two|Only three|Only four|All the six,",
        // Code options, right answer computed from the statements.
        "Select the correct answer using the code given below.\",\"I, III and IV\",\"I and II only|II, III and IV|I, III and IV|I, II and IV\"",
        // Not correct.
        "Which of the statements given above are not correct?\",II only,I only|II only|I and III|II and III,",
        // Two statements: the generated 2025 codes.
        "Which of the statements given above is/are correct?\",I only,I only|II only|Both I and II|Neither I nor II,",
        // Statement I / II.
        "\"Consider the following statements :\n\nStatement I : India ran a trade deficit with Japan in FY24.\n\nStatement II : India imports more from Japan than it exports to Japan.\n\nWhich one of the following is correct in respect of the above statements?\",Both Statement I and Statement II are correct and Statement II explains Statement I,",
        "Statement I is not correct but Statement II is correct",
        // Statement I / II / III.
        "Statement III : Delhi lies at a higher altitude than Kerala's coast.",
        ",Both Statement II and Statement III are correct but only one of them explains Statement I,",
        // Authored pairs: shown as written, counted in the 2025 words.
        "  I. Narmada — Arabian Sea\n  II. Mahanadi — Arabian Sea\n  III. Godavari — Bay of Bengal\n\nHow many of the pairs given above are correctly matched?\",Only two,Only one|Only two|All the three|None,",
        // Pairs with written code options and their own closing line, as written.
        "lakes-states,mcq,\"Consider the following pairs :\n\n     Lake — State\n  I. Loktak Lake — Manipur\n  II. Chilika Lake — Odisha\n  III. Wular Lake — Himachal Pradesh\n  IV. Pulicat Lake — Kerala\n\nWhich of the pairs given above are correctly matched?\",I and II only,\"I and II only|II and IV only|I, III and IV|I, II and IV\",,false,",
        // Rows of a table with headings, in aligned columns, counted.
        "india-japan-agreements,mcq,\"Consider the following information :\n\n       Agreement                                                Year  Domain\n  I.   Joint Declaration on Security Cooperation                2008  Security\n  II.  Reciprocal Provision of Supplies and Services Agreement  2020  Defence logistics\n  III. Digital Partnership                                      2014  Technology\n\nIn how many of the above rows is the given information correctly matched?\",Only two,Only one|Only two|All the three|None,,false,",
    ] {
        assert!(csv.contains(expected), "{expected}\n--- in ---\n{csv}");
    }
}

#[test]
fn the_2024_paper_is_asked_as_written() {
    let csv = exported("2024");
    for expected in [
        "  1. Finland\n  2. Sweden\n",
        "Only two|Only three|Only four|All six,",
        "\"1, 3 and 4\",\"1 and 2 only|2, 3 and 4|1, 3 and 4|1, 2 and 4\"",
        "1 only,1 only|2 only|Both 1 and 2|Neither 1 nor 2,",
        "\"Consider the following statements :\n\nStatement-I : India ran a trade deficit with Japan in FY24.\n\nStatement-II : India imports",
        "Both Statement-I and Statement-II are correct, but Statement-II does not explain Statement-I",
        "Statement-I is correct, but Statement-II is incorrect",
        "\"Both Statement-II and Statement-III are correct, but only one of them explains Statement-I\"",
        // Pairs counted as three of the four pairs questions of the 2024 paper count them.
        "How many of the pairs given above are correctly matched?\",Only two,Only one|Only two|All three|None,",
        // Rows named by code, numbered 1, 2, 3.
        "india-japan-agreements,mcq,\"Consider the following information :\n\n     Agreement                                                Year  Domain\n  1. Joint Declaration on Security Cooperation                2008  Security\n  2. Reciprocal Provision of Supplies and Services Agreement  2020  Defence logistics\n  3. Digital Partnership                                      2014  Technology\n\nIn which of the above rows is the given information correctly matched?\",1 and 2 only,\"1 only|1 and 2 only|2 and 3 only|1, 2 and 3\",,false,",
    ] {
        assert!(csv.contains(expected), "{expected}\n--- in ---\n{csv}");
    }
}

/// `check` of one broken fixture: it fails, and its only error is `message` at `at`.
fn fails_at(fixture: &str, message: &str, at: &str) {
    let env = Env::new();
    let path = format!("tests/fixtures/paper-broken/{fixture}.toml");
    let run = env.run(&["check", &path]);
    run.code(1);
    assert!(
        run.stdout
            .contains(&format!("error: {message}\n  --> {path}:{at}\n")),
        "{fixture}: {}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn written_options_with_no_right_answer_are_located() {
    fails_at(
        "no-right",
        "no option is right: the correct statements are `I and III only` (`Only two`)",
        "15:11",
    );
}

#[test]
fn written_options_with_two_right_answers_are_located_at_the_second() {
    fails_at(
        "two-right",
        "option (c) `Only two` is right as well as option (a) `I and III only`",
        "15:41",
    );
}

#[test]
fn a_row_with_the_wrong_number_of_cells_is_located() {
    fails_at(
        "rows-cells",
        "this row has 2 cells but `columns` names 3 headings (Agreement, Year, Domain)",
        "20:9",
    );
}

#[test]
fn a_table_of_five_columns_is_located() {
    fails_at(
        "rows-columns",
        "`columns` must name 2 to 4 headings, found 5",
        "10:11",
    );
}

#[test]
fn rows_options_with_no_right_answer_are_located() {
    fails_at(
        "rows-no-right",
        "no option is right: the correctly matched rows are `I and II only` (`Only two`)",
        "11:11",
    );
}

#[test]
fn an_option_that_is_no_code_is_located() {
    fails_at(
        "unknown-code",
        "option (c) `I or III` is neither a code such as `I and II only`, `Both I and II`, `Neither I nor II` nor a count such as `Only two` or `All the four`",
        "15:41",
    );
}

/// A statements card written as printed (`shuffle = false`) keeps its option order through
/// a CSV export and import: the exported MCQ says `shuffle` false, and the re-imported
/// card asks the options in the written order.
#[test]
fn a_printed_statements_card_keeps_its_order_through_csv() {
    let csv_text = exported("2025");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, shuffle) = (column("id"), column("shuffle"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let nato = rows.iter().find(|r| &r[id] == "nato-members").unwrap();
    assert_eq!(&nato[shuffle], "false", "{csv_text}");
}

/// A deck that does not say its style takes the settings file's `style`; one that says
/// keeps its own.
#[test]
fn the_settings_style_applies_to_decks_that_do_not_say() {
    let env = Env::new();
    let deck = env.home().join("plain.toml");
    std::fs::write(
        &deck,
        "[deck]\nid = \"plain\"\ntitle = \"Plain\"\n\n[[card]]\nid = \"edition\"\nkind = \"statements\"\nstem = \"Consider the following statements :\"\nshuffle = false\n\n[[card.statements]]\ntext = \"It was the fifteenth summit.\"\ncorrect = true\n\n[[card.statements]]\ntext = \"It was held in Osaka.\"\ncorrect = false\nwhy = \"Tokyo.\"\n",
    )
    .unwrap();
    let paper = |env: &Env| {
        let run = env.run(&["--decks", deck.to_str().unwrap(), "paper", "--in-order"]);
        run.code(0);
        run.stdout.clone()
    };
    assert!(
        paper(&env).contains("I. It was the fifteenth summit."),
        "2025 by default"
    );
    env.run(&["config", "set", "style", "2024"]).code(0);
    let in_2024 = paper(&env);
    assert!(
        in_2024.contains("1. It was the fifteenth summit."),
        "{in_2024}"
    );
    // The fixture paper of 2025 says its style, and keeps it.
    let run = env.run(&["--decks", "tests/fixtures/paper2025", "paper", "--in-order"]);
    assert!(run.stdout.contains("I. Finland"), "{}", run.stdout);
}
