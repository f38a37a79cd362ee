use super::pieces::{PIECE_BYTES, parse_in_pieces};
use super::*;
use crate::deck::{Ask, Body, Card, Form, Kind, Style};

/// What `parse_outline` must agree with: whether the deck is usable, and its `[deck]`
/// table.
fn outline_of(text: &str) -> Option<(Deck, Range<usize>)> {
    parse_deck(text, ParseContext::default()).0.map(|p| {
        (
            Deck {
                cards: Vec::new(),
                ..p.deck
            },
            p.id_span,
        )
    })
}

/// Files that must be read whole: no `[[card]]` line (no cards, cards as an inline
/// array or `card = [...]`, a `[card]` table), a `[[card]]` line inside a string or an
/// array, a table after the cards that is not a card's, a `card` key before them, and
/// TOML errors in a card or before the cards.
fn uncuttable(head: &str, card: &str) -> Vec<String> {
    vec![
        head.to_string(),
        format!("{head}card = [{{ id = \"c\", kind = \"recall\" }}]\n"),
        format!("{head}[card]\nid = \"c\"\n"),
        format!("{head}{card}explanation = \"\"\"\n[[card]]\n\"\"\"\n"),
        format!("{head}{card}explanation = '''\n[[card]]\nid = \"x\"\n'''\n{card}"),
        format!("{head}{card}tags = [\n[[card]]\n]\n"),
        format!("{head}{card}\n[deck.more]\nx = 1\n"),
        format!("{head}{card}\n[other]\nx = 1\n"),
        format!("card = []\n{head}{card}"),
        format!("{head}{card}prompt = \"again\"\n"),
        format!("{head}{card}answer = \n"),
        format!("[deck\n{card}"),
    ]
}

#[test]
fn an_outline_is_the_deck_without_its_cards_or_the_whole_file_is_read() {
    let head = "# a deck\n[deck]\nid = \"d\"\ntitle = \"T\"\nsources = [\"s\"]\n\n";
    let card = "[[card]]\nid = \"c\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n";
    let cut = |text: &str| {
        parse_outline(text, ParseContext::default()).map(|(p, _)| {
            p.map(|p| {
                (
                    Deck {
                        cards: Vec::new(),
                        ..p.deck
                    },
                    p.id_span,
                )
            })
        })
    };
    // Read in pieces: the same answer as the whole file.
    for text in [
        format!("{head}{card}\n{card}"),
        format!("{head}{card}\n[[card.statements]]\ntext = \"x\"\n\n{card}  \n"),
        // A card with an error, or a control character, leaves the deck usable.
        format!("{head}{card}\n[[card]]\nid = \"e\"\nkind = \"nope\"\n{card}"),
        format!("{head}[[card]]\nid = \"c\"\nkind = \"recall\"\nprompt = \"\\u001b\"\n"),
        // A deck table the parser refuses, before the cards.
        format!("[deck]\nid = \"Not Kebab\"\ntitle = \"T\"\n{card}"),
        format!("[deck]\nid = \"d\"\n\n{card}"),
    ] {
        let whole = outline_of(&text);
        assert_eq!(cut(&text), Some(whole), "{text}");
    }
    for text in uncuttable(head, card) {
        assert_eq!(cut(&text), None, "{text}");
    }
}

/// `parse_by_card` must give what reading the whole file gives: the deck, and every
/// diagnostic with its span, in order (compared through `Debug`, which shows them all).
/// With pieces of one card each, of a few cards, and of [`PIECE_BYTES`].
/// Returns whether the file was cut at every card. (A `[[card]]` line inside a string
/// may be inside a larger piece, which then reads as the whole file does.)
fn by_card_is_whole(text: &str, known: Option<&HashSet<String>>) -> bool {
    let known = ParseContext {
        known_sources: known,
        style: Style::default(),
    };
    let whole = format!("{:#?}", parse_whole(text, known));
    let each_card = parse_in_pieces(text, known, 0).is_some();
    for piece_bytes in [0, 300, PIECE_BYTES] {
        let pieces = parse_in_pieces(text, known, piece_bytes);
        assert!(pieces.is_some() || !each_card, "{piece_bytes}: {text}");
        if let Some(pieces) = &pieces {
            assert_eq!(format!("{pieces:#?}"), whole, "{piece_bytes}: {text}");
        }
    }
    assert_eq!(format!("{:#?}", parse_deck(text, known)), whole);
    each_card
}

fn toml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_and_bundled_deck_reads_the_same_card_by_card() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let known: HashSet<String> = ["visit-report-2025", "adda247-notes-2025"]
        .map(String::from)
        .into();
    let (mut bundled, mut fixtures) = (Vec::new(), Vec::new());
    toml_files(&root.join("decks"), &mut bundled);
    toml_files(&root.join("tests/fixtures"), &mut fixtures);
    assert!(bundled.len() >= 10 && fixtures.len() >= 40);
    for path in &bundled {
        let text = std::fs::read_to_string(path).unwrap();
        // Every bundled deck is cut into cards, so the comparison is not vacuous.
        assert!(by_card_is_whole(&text, None), "{}", path.display());
        assert!(by_card_is_whole(&text, Some(&known)), "{}", path.display());
    }
    let mut cut = 0;
    for path in &fixtures {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        cut += usize::from(by_card_is_whole(&text, None));
        by_card_is_whole(&text, Some(&known));
    }
    assert!(cut >= 20, "only {cut} fixtures were read card by card");
}

/// Pieces of a deck file with and without problems, for the generated files below.
const HEADS: &[&str] = &[
    "# a deck\n[deck]\nid = \"d\"\ntitle = \"T\"\nsources = [\"s\"]\n\n",
    "[deck]\nid = \"Not Kebab\"\ntitle = \"T\"\ncolour = \"red\"\n",
    "[deck]\nid = \"d\"\n",
    "[deck]\nid = \"d\"\ntitle = \"\\u001b[2J\"\n",
    "extra = 1\n[deck]\nid = \"d\"\ntitle = \"T\"\nstyle = \"nope\"\n",
    "deck = 3\n",
    "# no deck at all\n",
    "[\"bad\\u0007key\"]\nx = 1\n[deck]\nid = \"d\"\ntitle = \"T\"\n",
];
const IDS: &[&str] = &["a", "b", "c", "Bad Id", "a"];
/// A card's text after its `id` line; `{}` is not used, the header comes before.
const BODIES: &[&str] = &[
    "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\nsource = \"s\"\nexplanation = \"e\"\n",
    "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n",
    "kind = \"recal\"\nprompt = \"p\"\nanswer = \"a\"\n",
    "kind = 3\nprompt = \"p\"\n",
    "prompt = \"p\"\nanswer = \"a\"\n",
    "kind = \"recall\"\nprompt = \"p\\u001b]0;x\\u0007\"\nanswer = \"a\"\nwhatever = 1\n",
    "kind = \"mcq\"\nprompt = \"p\"\noptions = [\"x\", \"y\", \"x\"]\nanswer = \"z\"\nsource = [\"s\", \"unknown\"]\n",
    "kind = \"statements\"\nstem = \"Consider:\"\nsource = \"s\"\n\n[[card.statements]]\ntext = \"one\"\ncorrect = true\n\n[[card.statements]]\ntext = \"two\"\ncorect = false\n",
    "kind = \"numeric\"\nprompt = \"p\"\nanswer = \"ten\"\n",
    "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n\n[[card]] # not a cut: the same piece\nid = \"a\"\nkind = \"pairs\"\n",
    "kind = \"recall\"\r\nprompt = \"p\"\r\nanswer = \"a\"\r\n",
];

fn generated(head: usize, cards: &[(usize, usize)]) -> String {
    let mut text = HEADS[head].to_string();
    for &(id, body) in cards {
        text.push_str(&format!(
            "\n[[card]]\nid = \"{}\"\n{}",
            IDS[id], BODIES[body]
        ));
    }
    text
}

proptest::proptest! {
    #[test]
    fn generated_decks_read_the_same_card_by_card(
        head in 0..HEADS.len(),
        cards in proptest::collection::vec((0..IDS.len(), 0..BODIES.len()), 1..12),
    ) {
        let text = generated(head, &cards);
        let known: HashSet<String> = ["s".to_string()].into();
        proptest::prop_assert!(by_card_is_whole(&text, Some(&known)));
        proptest::prop_assert!(by_card_is_whole(&text, None));
    }
}

#[test]
fn a_deck_over_the_whole_size_reads_in_pieces_as_it_reads_whole() {
    let cards: Vec<(usize, usize)> = (0..8000)
        .map(|i| (i % IDS.len(), (i * 7) % BODIES.len()))
        .collect();
    for head in [0, 1, 3] {
        let text = generated(head, &cards);
        assert!(text.len() > 2 * WHOLE_BYTES, "{}", text.len());
        let known: HashSet<String> = ["s".to_string()].into();
        // `by_card_is_whole` holds `parse_deck` to the whole read too.
        assert!(by_card_is_whole(&text, Some(&known)));
    }
}

#[test]
fn generated_decks_carry_checks_across_cards() {
    // Duplicate ids pieces apart point at the first one's line; every card's problems
    // come in file order, after the `[deck]` table's.
    let text = generated(1, &[(0, 0), (1, 2), (4, 5), (2, 7), (0, 9)]);
    assert!(by_card_is_whole(&text, None));
    let (_, diagnostics) = parse_deck(&text, ParseContext::default());
    let messages: Vec<&str> = diagnostics.iter().map(|d| &*d.message).collect();
    assert!(
        messages[0].starts_with("unknown field `colour`"),
        "{messages:?}"
    );
    let duplicates = diagnostics
        .iter()
        .filter(|d| d.message == "duplicate card id `a` in this deck")
        .count();
    assert_eq!(duplicates, 3, "{messages:?}");
    // Each problem lies in the card it is about: the pieces' spans were moved into
    // the file, and come in the cards' order.
    let cuts: Vec<usize> = text.match_indices("\n[[card]]\n").map(|(i, _)| i).collect();
    let cards: Vec<usize> = diagnostics
        .iter()
        .filter_map(|d| d.span.as_ref())
        .map(|s| cuts.partition_point(|&c| c <= s.start))
        .collect();
    assert!(cards.windows(2).all(|w| w[0] <= w[1]), "{cards:?}");
    assert_eq!(cards.last(), Some(&5), "{messages:?}");
}

#[test]
fn files_that_cannot_be_cut_are_read_whole() {
    let head = HEADS[0];
    let card = "[[card]]\nid = \"c\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n";
    for text in uncuttable(head, card) {
        assert!(!by_card_is_whole(&text, None), "{text}");
    }
    // Which still reports the TOML error where it is.
    let text = format!("{head}{card}\n{card}explanation = \n");
    let (deck, diagnostics) = parse_deck(&text, ParseContext::default());
    assert!(deck.is_none());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0].message.starts_with("invalid TOML"));
    assert!(
        diagnostics[0]
            .span
            .as_ref()
            .is_some_and(|s| s.start > text.len() - 5)
    );
}

#[test]
fn kebab_and_slug() {
    assert!(is_kebab("summit-2025"));
    assert!(!is_kebab("Summit"));
    assert!(!is_kebab("a--b"));
    assert!(!is_kebab("-a"));
    assert_eq!(slug("How large is the yen pledge?", 4), "how-large-is-the");
    assert_eq!(
        id_from_question(
            "With reference to the evolution of India–Japan relations, consider the following statements:"
        ),
        "evolution-of-india-japan-relations-consider"
    );
    assert_eq!(
        id_from_question("Consider the following statements:"),
        "consider-the-following-statements"
    );
}

#[test]
fn suggestions_need_to_be_close() {
    let known = ["prompt", "answer", "options"];
    assert_eq!(suggest("promt", known), Some("prompt"));
    assert_eq!(suggest("answr", known), Some("answer"));
    assert_eq!(suggest("zzz", known), None);
}

#[test]
fn example_deck_parses_cleanly() {
    let text = include_str!("../../../decks/at-a-glance.toml");
    let (deck, diagnostics) = parse_deck(text, ParseContext::default());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let deck = deck.map(|d| d.deck);
    let kinds: HashSet<Kind> = deck
        .iter()
        .flat_map(|d| d.cards.iter().map(Card::kind))
        .collect();
    assert_eq!(
        kinds.len(),
        7,
        "the example deck shows every kind, rows included"
    );
}

fn control_problems(text: &str) -> (bool, Vec<String>) {
    let (deck, diagnostics) = parse_deck(text, ParseContext::default());
    let report = super::super::diagnostic::FileReport::new("d.toml", text);
    let lines = diagnostics
        .iter()
        .filter(|d| d.message.starts_with("control character"))
        .map(|d| report.one_line(d))
        .collect();
    (deck.is_some_and(|d| !d.deck.cards.is_empty()), lines)
}

#[test]
fn control_characters_in_any_string_are_located_errors() {
    let card = "\n[[card]]\nid = \"c\"\nkind = \"mcq\"\nprompt = \"q\"\noptions = [\"a\", \"b\"]\nanswer = \"a\"\nsource = \"s\"\nexplanation = \"e\"\n";
    let clean = format!("[deck]\nid = \"d\"\ntitle = \"T\"\n{card}");
    assert_eq!(control_problems(&clean), (true, vec![]));

    // In the deck's title: the deck is refused.
    let title = clean.replace("title = \"T\"", "title = \"\\u001b]0;owned\\u0007\"");
    assert_eq!(
        control_problems(&title),
        (
            false,
            vec![
                "d.toml:3:9: error: control character U+001B (escape) in a string: it could rewrite or clear the terminal; remove the control character U+001B (escape) (written as an escape such as `\\u001B`)".to_string()
            ]
        )
    );
    // In a prompt or an option: the card is left out.
    for (from, to, at) in [
        ("prompt = \"q\"", "prompt = \"\\u001b[2Jq\"", "d.toml:8:10"),
        ("[\"a\", \"b\"]", "[\"a\", \"b\\u009b\"]", "d.toml:9:17"),
        (
            "explanation = \"e\"",
            "explanation = \"\"\"\ne\\b\"\"\"",
            "d.toml:12:15",
        ),
        (
            "kind = \"mcq\"",
            "kind = \"mcq\"\n\"\\u0007\" = 1",
            "d.toml:8:1",
        ),
    ] {
        let text = clean.replace(from, to);
        let (usable, lines) = control_problems(&text);
        assert!(!usable, "{text}");
        assert_eq!(lines.len(), 1, "{text}: {lines:?}");
        assert!(
            lines[0].starts_with(&format!("{at}: error: control character U+")),
            "{lines:?}"
        );
    }
    // Line breaks and tabs in text are fine, and so are Windows line endings.
    let text = clean.replace(
        "explanation = \"e\"",
        "explanation = \"\"\"\r\nline one\tand a tab\r\nline two\"\"\"",
    );
    assert_eq!(control_problems(&text), (true, vec![]));
    let text = clean.replace("explanation = \"e\"", "explanation = \"a\\nb\\tc\"");
    assert_eq!(control_problems(&text), (true, vec![]));
}

#[test]
fn reports_every_problem_in_one_pass() {
    let text = r#"
[deck]
id = "Bad Deck"
title = "t"

[[card]]
id = "a"
kind = "mcq"
promt = "q"
options = ["x", "y"]
answer = "z"

[[card]]
kind = "recal"
"#;
    let (_, diagnostics) = parse_deck(text, ParseContext::default());
    let messages: Vec<&str> = diagnostics.iter().map(|d| &*d.message).collect();
    for expected in [
        "deck id `Bad Deck` is not kebab-case",
        "unknown field `promt` in card",
        "missing field `prompt` in card",
        "answer `z` is not one of the options",
        "unknown card kind `recal`",
        "missing field `id` in card",
    ] {
        assert!(
            messages.contains(&expected),
            "{expected:?} not in {messages:#?}"
        );
    }
}
/// The one-line diagnostics of a deck holding `card` (its `[[card]]` table's body).
fn problems(card: &str) -> Vec<String> {
    let text = format!(
        "[deck]\nid = \"d\"\ntitle = \"T\"\n\n[[card]]\nid = \"c\"\nsource = \"s\"\nexplanation = \"e\"\n{card}"
    );
    let (_, diagnostics) = parse_deck(&text, ParseContext::default());
    let report = super::super::diagnostic::FileReport::new("d.toml", &text);
    diagnostics.iter().map(|d| report.one_line(d)).collect()
}

fn parsed(card: &str) -> Card {
    let text = format!(
        "[deck]\nid = \"d\"\ntitle = \"T\"\nstyle = \"2024\"\n\n[[card]]\nid = \"c\"\nsource = \"s\"\nexplanation = \"e\"\n{card}"
    );
    let (deck, diagnostics) = parse_deck(&text, ParseContext::default());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    deck.and_then(|d| d.deck.cards.into_iter().next())
        .expect("the card loads")
}

const THREE: &str = "kind = \"statements\"\nstem = \"s\"\nstatements = [\n  { text = \"a\", correct = true },\n  { text = \"b\", correct = false, why = \"w\" },\n  { text = \"c\", correct = true },\n]\n";

#[test]
fn style_comes_from_the_deck_unless_the_card_says() {
    assert_eq!(parsed(THREE).style, Style::Y2024);
    assert_eq!(
        parsed(&format!("style = \"2025\"\n{THREE}")).style,
        Style::Y2025
    );
    assert_eq!(
        parsed(&format!("style = \"2023\"\n{THREE}")).style,
        Style::Y2023
    );
    let lines = problems(&format!("style = \"2022\"\n{THREE}"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("d.toml:9:9: error: unknown style `2022`")
                && l.contains("use `\"2023\"` or `\"2024\"` or `\"2025\"`")),
        "{lines:?}"
    );
}

#[test]
fn written_options_and_ask_are_read_and_checked() {
    let card = parsed(&format!(
        "{THREE}ask = \"not-correct\"\nquestion = \"Which are not correct?\"\noptions = [\"1 only\", \"2 only\", \"3 only\", \"1 and 3\"]\nshuffle = false\n"
    ));
    let Body::Statements(s) = &card.body else {
        panic!("statements")
    };
    assert_eq!(s.ask, Ask::NotCorrect);
    assert_eq!(s.options.len(), 4);
    assert_eq!(s.show, 3, "written options show every statement");
    assert!(!s.shuffle);
    // Roman numerals in a 2024 card, an item the card lacks, `form` beside options.
    let lines = problems(&format!(
        "{THREE}form = \"which\"\noptions = [\"I and III only\", \"2 only\", \"2 and 4 only\", \"All the three\"]\n"
    ));
    for expected in [
        "error: `form = \"which\"` but the written options are counts, asked in the how-many form",
        "error: option (b) `2 only` numbers the items 1, 2, 3 but style \"2025\" numbers them I, II, III",
        "error: option (c) `2 and 4 only` names item IV but the card has 3 statements",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "{expected}: {lines:#?}"
        );
    }
    // Two options meaning the same thing.
    let lines = problems(&format!(
        "{THREE}options = [\"I and III only\", \"Only two\", \"I and III\", \"II only\"]\n"
    ));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("option (c) `I and III` says the same as option (a)")),
        "{lines:#?}"
    );
    // shuffle = false shows every statement: `show` cannot pick fewer.
    let lines = problems(&format!("{THREE}shuffle = false\nshow = 2\n"));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`show = 2` but every one of the 3 statements is shown here")),
        "{lines:#?}"
    );
}

#[test]
fn six_statements_may_be_shown() {
    let six = "kind = \"statements\"\nstem = \"s\"\nform = \"how-many\"\nshow = 6\nstatements = [\n  { text = \"a\", correct = true },\n  { text = \"b\", correct = true },\n  { text = \"c\", correct = true },\n  { text = \"d\", correct = true },\n  { text = \"e\", correct = true },\n  { text = \"f\", correct = false, why = \"w\" },\n]\n";
    let Body::Statements(s) = parsed(six).body else {
        panic!("statements")
    };
    assert_eq!(s.show, 6);
}

const TWO_AND_THREE: &str = "kind = \"assertion\"\nstatement1 = \"a\"\nstatement2 = \"b\"\nstatement3 = \"c\"\nstatement1_correct = true\n";

#[test]
fn three_statements_need_exactly_one_fitting_option() {
    let card = parsed(&format!(
        "{TWO_AND_THREE}statement2_correct = true\nstatement3_correct = false\nexplained_by = [2]\n"
    ));
    let Body::Assertion(a) = &card.body else {
        panic!("assertion")
    };
    assert_eq!(a.answer(), Some(2), "only one correct and it explains: (c)");
    for (fields, expected) in [
        (
            "statement2_correct = true\nstatement3_correct = true\n",
            "none of the four options fits: Statements II and III are both correct but `explained_by` names neither",
        ),
        (
            "statement2_correct = true\nstatement3_correct = false\nexplained_by = [3]\n",
            "`explained_by` names Statement III but it is not correct",
        ),
        (
            "statement2_correct = true\nstatement3_correct = false\n",
            "none of the four options fits: only one of Statements II and III is correct and `explained_by` does not name it",
        ),
        (
            "statement2_correct = true\nstatement3_correct = true\nexplains = true\nexplained_by = [2, 3]\n",
            "`explains` is for two statements",
        ),
        (
            "statement2_correct = true\nstatement3_correct = true\nexplained_by = [1]\n",
            "`explained_by` lists statements 2 and/or 3",
        ),
    ] {
        let lines = problems(&format!("{TWO_AND_THREE}{fields}"));
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "{expected}: {lines:#?}"
        );
    }
    let lines = problems(&format!(
        "{}statement1_correct = false\nstatement2_correct = true\nstatement3_correct = false\nexplained_by = [2]\n",
        TWO_AND_THREE.replace("statement1_correct = true\n", "")
    ));
    assert!(
        lines
            .iter()
            .any(|l| l
                .contains("Statement I is not correct, so no correct statement can explain it")),
        "{lines:#?}"
    );
    let lines = problems(
        "kind = \"assertion\"\nstatement1 = \"a\"\nstatement2 = \"b\"\nstatement1_correct = true\nstatement2_correct = true\nexplains = true\nexplained_by = [2]\n",
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`explained_by` is for three statements")),
        "{lines:#?}"
    );
}

const PAIRS: &str = "kind = \"pairs\"\nstem = \"s\"\n";

#[test]
fn a_pair_may_be_an_authored_mismatch() {
    let card = parsed(&format!(
        "{PAIRS}pairs = [\n  {{ left = \"a\", right = \"x\" }},\n  {{ left = \"b\", right = \"x\", correct = false }},\n  {{ left = \"c\", right = \"z\" }},\n]\n"
    ));
    let Body::Pairs(p) = &card.body else {
        panic!("pairs")
    };
    assert!(p.authored, "one pair says `correct`");
    assert_eq!(
        p.pairs.iter().map(|p| p.correct).collect::<Vec<_>>(),
        [true, false, true],
        "an authored mismatch may repeat a right-hand value"
    );
    let lines = problems(&format!(
        "{PAIRS}decoys = [\"q\"]\npairs = [\n  {{ left = \"a\", right = \"x\" }},\n  {{ left = \"b\", right = \"y\", correct = false }},\n  {{ left = \"c\", right = \"z\" }},\n]\n"
    ));
    assert!(
        lines.iter().any(
            |l| l.contains("decoys are not used when the pairs say whether they are `correct`")
        ),
        "{lines:#?}"
    );
}

#[test]
fn pairs_may_have_written_options_with_exactly_one_right() {
    let pairs = "pairs = [\n  { left = \"a\", right = \"x\" },\n  { left = \"b\", right = \"x\", correct = false },\n  { left = \"c\", right = \"z\" },\n]\n";
    let card = parsed(&format!(
        "{PAIRS}question = \"How many of the above are right?\"\noptions = [\"Only one pair\", \"Only two pairs\", \"All three pairs\", \"None of the pairs\"]\n{pairs}"
    ));
    let Body::Pairs(p) = &card.body else {
        panic!("pairs")
    };
    assert!(p.authored, "written options ask the pairs as written");
    assert_eq!((p.show, p.options.len()), (3, 4));
    assert_eq!(
        p.question.as_deref(),
        Some("How many of the above are right?")
    );
    // No option fits: two pairs are correctly matched.
    assert_eq!(
        problems(&format!(
            "{PAIRS}options = [\"Only one\", \"All the three\", \"None\"]\n{pairs}"
        )),
        [
            "d.toml:11:11: error: no option is right: the correctly matched pairs are `I and III only` (`Only two`); make one option name exactly these, or check `correct` in each of the pairs"
        ]
    );
    // Codes name the pairs; a count of rows, `form` and decoys have no place here.
    let lines = problems(&format!(
        "{PAIRS}form = \"which\"\ndecoys = [\"q\"]\noptions = [\"I only\", \"I and III only\", \"Only two rows\"]\npairs = [\n  {{ left = \"a\", right = \"x\" }},\n  {{ left = \"b\", right = \"y\" }},\n  {{ left = \"c\", right = \"z\" }},\n]\n"
    ));
    for expected in [
        "d.toml:11:8: error: `form = \"which\"` but the written options are counts",
        "d.toml:12:11: error: decoys are not used when the options are written",
        "d.toml:13:40: error: option (c) `Only two rows` counts rows but the card has pairs",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected}\n{lines:#?}"
        );
    }
}

const ROWS: &str = "kind = \"rows\"\nstem = \"Consider the following information :\"\ncolumns = [\"Agreement\", \"Year\", \"Domain\"]\n";

fn row(cells: &str, correct: bool) -> String {
    format!("[[card.rows]]\ncells = [{cells}]\ncorrect = {correct}\nwhy = \"w\"\n")
}

#[test]
fn a_rows_card_is_read_with_its_table() {
    let card = parsed(&format!(
        "{ROWS}form = \"how-many\"\n{}{}{}",
        row("\"a\", \"2008\", \"x\"", true),
        row("\"b\", \"2020\", \"y\"", true),
        row("\"c\", \"2014\", \"z\"", false),
    ));
    let Body::Rows(r) = &card.body else {
        panic!("rows")
    };
    assert_eq!(r.columns, ["Agreement", "Year", "Domain"]);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(r.rows[2].cells, ["c", "2014", "z"]);
    assert!(!r.rows[2].correct);
    assert_eq!(r.show, 3);
    assert_eq!(r.form, Some(Form::HowMany));
    // Written options in the 2024 style, asked as printed.
    let card = parsed(&format!(
        "{ROWS}options = [\"1 only\", \"1 and 2 only\", \"2 and 3 only\", \"1, 2 and 3\"]\nshuffle = false\n{}{}{}",
        row("\"a\", \"2008\", \"x\"", true),
        row("\"b\", \"2020\", \"y\"", true),
        row("\"c\", \"2014\", \"z\"", false),
    ));
    let Body::Rows(r) = &card.body else {
        panic!("rows")
    };
    assert_eq!(r.options.len(), 4);
    assert!(!r.shuffle);
}

#[test]
fn a_rows_card_with_a_bad_table_is_located() {
    let three = format!(
        "{}{}{}",
        row("\"a\", \"2008\", \"x\"", true),
        row("\"b\", \"2020\"", true),
        row("\"c\", \"2014\", \"z\"", false),
    );
    let lines = problems(&format!("{ROWS}{three}"));
    assert_eq!(
        lines,
        [
            "d.toml:17:9: error: this row has 2 cells but `columns` names 3 headings (Agreement, Year, Domain); write one cell per column, in the order of `columns`"
        ]
    );
    for (card, expected) in [
        (
            format!("{}{three}", ROWS.replace("\"Year\", \"Domain\"", "\"Year\", \"Domain\", \"Place\", \"Note\"")),
            "d.toml:11:11: error: `columns` must name 2 to 4 headings, found 5",
        ),
        (
            format!("{}{}", ROWS.replace(", \"Year\", \"Domain\"", ""), row("\"a\"", true)),
            "d.toml:11:11: error: `columns` must name 2 to 4 headings, found 1",
        ),
        (
            format!("{ROWS}{}", row("\"a\", \"2008\", \"x\"", true)),
            "d.toml:12:1: error: a rows card needs 2 to 9 rows, found 1",
        ),
        (
            format!("{ROWS}{}", row("\"a\", \"2008\", \"x\"", true).repeat(10)),
            "d.toml:12:1: error: a rows card needs 2 to 9 rows, found 10",
        ),
        (
            format!("{ROWS}options = [\"Only two\", \"I and II only\", \"All three\", \"None\"]\n{three}").replace("\"b\", \"2020\"]", "\"b\", \"2020\", \"y\"]"),
            "d.toml:12:24: error: option (b) `I and II only` is right as well as option (a) `Only two`",
        ),
    ] {
        let lines = problems(&card);
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected}\n{lines:#?}"
        );
    }
    // No right option, an unreadable one, and a count of pairs over rows.
    let good = three.replace("\"b\", \"2020\"]", "\"b\", \"2020\", \"y\"]");
    for (options, expected) in [
        (
            "[\"Only one\", \"All the three\", \"None\"]",
            "d.toml:12:11: error: no option is right: the correctly matched rows are `I and II only` (`Only two`); make one option name exactly these, or check `correct` in each of the rows",
        ),
        (
            "[\"Only one row\", \"Only two rows\", \"I or II\", \"None of the rows\"]",
            "d.toml:12:45: error: option (c) `I or II` is neither a code",
        ),
        (
            "[\"Only one pair\", \"Only two rows\", \"All the three rows\", \"None of the rows\"]",
            "d.toml:12:12: error: option (a) `Only one pair` counts pairs but the card has rows",
        ),
    ] {
        let lines = problems(&format!("{ROWS}options = {options}\n{good}"));
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected}\n{lines:#?}"
        );
    }
    // Row counts as the styles may write them fit rows.
    assert!(
        problems(&format!(
            "{ROWS}options = [\"Only one row\", \"Only two rows\", \"All the three rows\", \"None of the rows\"]\n{good}"
        ))
        .is_empty()
    );
}

/// Issue 27: `shuffle = false` is accepted on every kind; on pairs it asks every pair as
/// written, none mismatched at random.
#[test]
fn shuffle_false_is_accepted_on_every_kind() {
    let pairs = "pairs = [\n  { left = \"a\", right = \"x\" },\n  { left = \"b\", right = \"y\" },\n  { left = \"c\", right = \"z\" },\n  { left = \"d\", right = \"w\" },\n  { left = \"e\", right = \"v\" },\n]\n";
    let card = parsed(&format!("{PAIRS}shuffle = false\n{pairs}"));
    let Body::Pairs(p) = &card.body else {
        panic!("pairs")
    };
    assert!(!p.shuffle && p.authored, "asked as written");
    assert_eq!(p.show, 5, "every pair is shown");
    for card in [
        "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\nshuffle = false\n",
        "kind = \"numeric\"\nprompt = \"p\"\nvalue = 5\nunit = \"\"\nshuffle = false\n",
        "kind = \"assertion\"\nstatement1 = \"a\"\nstatement2 = \"b\"\nstatement1_correct = true\nstatement2_correct = false\nshuffle = false\n",
        "kind = \"mcq\"\nprompt = \"p\"\noptions = [\"a\", \"b\"]\nanswer = \"a\"\nshuffle = false\n",
        &format!("{THREE}shuffle = false\n"),
        &format!(
            "{ROWS}shuffle = false\n{}{}",
            row("\"a\", \"2008\", \"x\"", true),
            row("\"b\", \"2020\", \"y\"", false)
        ),
    ] {
        parsed(card);
    }
    // Still a bool, located.
    assert_eq!(
        problems("kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\nshuffle = \"no\"\n"),
        ["d.toml:12:11: error: `shuffle` must be true or false, found string"]
    );
    // Decoys have no place beside pairs asked as written.
    let lines = problems(&format!(
        "{PAIRS}shuffle = false\ndecoys = [\"q\"]\n{pairs}"
    ));
    assert!(
        lines[0].starts_with("d.toml:12:11: error: decoys are not used with `shuffle = false`"),
        "{lines:?}"
    );
}

/// Issue 27: `form` beside written options is accepted when it is the form they ask in,
/// and an error located at `form` when it contradicts them.
#[test]
fn form_beside_written_options_must_agree_with_them() {
    let counts = "options = [\"Only one\", \"Only two\", \"All three\", \"None\"]\n";
    let codes = "options = [\"1 only\", \"1 and 3 only\", \"2 and 3 only\", \"1, 2 and 3\"]\n";
    parsed(&format!("{THREE}form = \"how-many\"\n{counts}"));
    parsed(&format!("{THREE}form = \"which\"\n{codes}"));
    let lines = problems(&format!(
        "{THREE}style = \"2024\"\nform = \"which\"\n{counts}"
    ));
    assert_eq!(
        lines,
        [
            "d.toml:17:8: error: `form = \"which\"` but the written options are counts, asked in the how-many form; write `form = \"how-many\"` or remove `form`: written options are asked as they are"
        ]
    );
    let pairs = "pairs = [\n  { left = \"a\", right = \"x\" },\n  { left = \"b\", right = \"y\", correct = false },\n  { left = \"c\", right = \"z\" },\n]\n";
    parsed(&format!(
        "{PAIRS}form = \"which\"\noptions = [\"1 only\", \"1 and 3 only\", \"2 and 3 only\", \"1, 2 and 3\"]\n{pairs}"
    ));
    let lines = problems(&format!(
        "{PAIRS}style = \"2024\"\nform = \"how-many\"\noptions = [\"1 only\", \"1 and 3 only\", \"2 and 3 only\", \"1, 2 and 3\"]\n{pairs}"
    ));
    assert!(
        lines[0].starts_with("d.toml:12:8: error: `form = \"how-many\"` but the written options are codes, asked in the which form"),
        "{lines:?}"
    );
}

/// Issue 27: pairs asked for the ones not correctly matched, the right option computed.
#[test]
fn pairs_may_ask_for_the_ones_not_correctly_matched() {
    let pairs = "pairs = [\n  { left = \"a\", right = \"x\" },\n  { left = \"b\", right = \"y\", correct = false },\n  { left = \"c\", right = \"z\" },\n]\n";
    let card = parsed(&format!(
        "{PAIRS}ask = \"not-correct\"\noptions = [\"1 only\", \"2 only\", \"1 and 3\", \"2 and 3\"]\n{pairs}"
    ));
    let Body::Pairs(p) = &card.body else {
        panic!("pairs")
    };
    assert_eq!(p.ask, Ask::NotCorrect);
    // "1 and 3" names the matched pairs: right for `ask = "correct"`, wrong here.
    let lines = problems(&format!(
        "{PAIRS}style = \"2024\"\nask = \"not-correct\"\noptions = [\"1 only\", \"1 and 3\", \"2 and 3\"]\n{pairs}"
    ));
    assert_eq!(
        lines,
        [
            "d.toml:13:11: error: no option is right: the pairs not correctly matched are `2 only` (`Only one`); make one option name exactly these, or check `correct` in each of the pairs"
        ]
    );
    // Four pairs counted, not correct: one mismatched pair is needed.
    let four = "pairs = [\n  { left = \"a\", right = \"x\", correct = true },\n  { left = \"b\", right = \"y\" },\n  { left = \"c\", right = \"z\" },\n  { left = \"d\", right = \"w\" },\n]\n";
    let lines = problems(&format!("{PAIRS}ask = \"not-correct\"\n{four}"));
    assert!(
        lines[0].contains("need at least one not correctly matched pair"),
        "{lines:?}"
    );
}

/// Issue 27: counts with any noun, pluralised, and one noun throughout the options.
#[test]
fn counts_may_name_any_noun_one_throughout() {
    let four = "kind = \"statements\"\nstem = \"Consider the following States :\"\nshuffle = false\nstatements = [\n  { text = \"a\", correct = true },\n  { text = \"b\", correct = false, why = \"w\" },\n  { text = \"c\", correct = true },\n  { text = \"d\", correct = true },\n]\n";
    parsed(&format!(
        "{four}options = [\"Only one State\", \"Only two States\", \"Only three States\", \"All four States\"]\n"
    ));
    let lines = problems(&format!(
        "{four}options = [\"Only one State\", \"Only two Countries\", \"Only three States\", \"All four States\"]\n"
    ));
    assert_eq!(
        lines,
        [
            "d.toml:18:30: error: option (b) `Only two Countries` counts countries but option (a) counts states; count the same items in every option, in the singular after `one` and the plural otherwise"
        ]
    );
    let lines = problems(&format!(
        "{four}options = [\"Only one States\", \"Only two States\", \"Only three States\", \"All four States\"]\n"
    ));
    assert!(
        lines[0].starts_with("d.toml:18:12: error: option (a) `Only one States` is neither a code"),
        "{lines:?}"
    );
}

/// Issue 27: up to nine items (the 2022 paper prints seven), ten refused.
#[test]
fn up_to_nine_items_are_asked() {
    let items = |n: usize| -> String {
        let list: Vec<String> = (0..n)
            .map(|i| format!("  {{ text = \"s{i}\", correct = {} }},", i % 2 == 0))
            .collect();
        format!(
            "kind = \"statements\"\nstem = \"s\"\nshuffle = false\nlint = []\nstatements = [\n{}\n]\n",
            list.join("\n")
        )
        .replace("correct = false }", "correct = false, why = \"w\" }")
    };
    let card = parsed(&format!(
        "{}options = [\"Only four\", \"Only five\", \"Only six\", \"All nine\"]\n",
        items(9)
    ));
    let Body::Statements(s) = &card.body else {
        panic!("statements")
    };
    assert_eq!(s.show, 9);
    let lines = problems(&items(10));
    assert!(
        lines[0].contains("`shuffle = false` shows every statement, and a question shows at most 9; this card has 10"),
        "{lines:?}"
    );
}

/// The same bound on pairs, where written options are what shows every pair.
#[test]
fn ten_pairs_named_by_written_options_are_refused() {
    let list: Vec<String> = (0..10)
        .map(|i| format!("  {{ left = \"l{i}\", right = \"r{i}\" }},"))
        .collect();
    let lines = problems(&format!(
        "{PAIRS}options = [\"Only one pair\", \"Only two pairs\", \"Only three pairs\", \"All ten pairs\"]\npairs = [\n{}\n]\n",
        list.join("\n")
    ));
    let line = lines
        .iter()
        .find(|l| l.contains("shows at most"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(
        line.contains(
            "written `options` name every pair, and a question shows at most 9; this card has 10"
        ),
        "{line}"
    );
}

/// Issue 27: a separator between the columns of pairs and rows, a mark of one to three
/// characters; anything else is located at the field.
#[test]
fn a_separator_is_a_mark_between_the_columns() {
    let pairs = "pairs = [\n  { left = \"a\", right = \"x\" },\n  { left = \"b\", right = \"y\" },\n  { left = \"c\", right = \"z\" },\n]\n";
    let card = parsed(&format!("{PAIRS}separator = \":\"\n{pairs}"));
    let Body::Pairs(p) = &card.body else {
        panic!("pairs")
    };
    assert_eq!(p.separator.as_deref(), Some(":"));
    let card = parsed(&format!(
        "{ROWS}separator = \"—\"\n{}{}",
        row("\"a\", \"2008\", \"x\"", true),
        row("\"b\", \"2020\", \"y\"", false)
    ));
    let Body::Rows(r) = &card.body else {
        panic!("rows")
    };
    assert_eq!(r.separator.as_deref(), Some("—"));
    for bad in ["to", " : ", "::::"] {
        let lines = problems(&format!("{PAIRS}separator = \"{bad}\"\n{pairs}"));
        assert!(
            lines[0].starts_with(&format!(
                "d.toml:11:13: error: `separator = \"{bad}\"` is not a mark to print between the columns"
            )),
            "{lines:?}"
        );
    }
}
