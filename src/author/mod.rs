//! Writing decks: `upsc new` ([`scaffold`]), `upsc add` ([`form`]), `upsc check --fix`
//! ([`fix`]), and what they share with `import` — cards written as TOML text ([`text`]),
//! ids derived from the question, and edits that keep a deck file's comments and layout
//! (through `toml_edit`, or for `import`, as text at the place `toml_edit` would use),
//! written to a temporary file and renamed into place so that a deck is never left
//! half-written.

pub mod fix;
pub mod form;
pub mod note;
pub mod scaffold;
pub mod text;

use std::collections::{HashMap, HashSet};

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use toml::Spanned;
use toml::de::DeValue;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::deck::load::Collection;
use crate::deck::parse::{ParseContext, cards_apart, id_from_question, parse_deck, suggest};
use crate::deck::{Body, Card, Deck};
use crate::error::UsageError;

use self::text::CardText;

/// A kebab-case id made from a card's question (see [`id_from_question`]), unique among
/// `taken` (which it joins): `which-edition-was-the-2025-annual`, then `…-2`, `…-3`.
pub fn derive_id(question: &str, taken: &mut HashSet<String>) -> String {
    let base = Some(id_from_question(question))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "card".to_string());
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// Card ids made from questions for many cards at once: the ids [`derive_id`] gives, one
/// after the other, without trying `-2`, `-3`, … again from the start for every card
/// (which made importing thousands of similar questions quadratic).
#[derive(Debug, Default)]
pub struct IdMaker {
    taken: HashSet<String>,
    /// For each base id, the suffix to try next: every lower one is taken.
    next: HashMap<String, usize>,
}

impl IdMaker {
    pub fn new(taken: HashSet<String>) -> IdMaker {
        IdMaker {
            taken,
            next: HashMap::new(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// Marks an id given by the file as taken; false if it already was.
    pub fn insert(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// The id [`derive_id`] would give for this question, now taken.
    pub fn derive(&mut self, question: &str) -> String {
        let base = Some(id_from_question(question))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "card".to_string());
        if self.taken.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{next}");
            *next += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The question a card's id is made from: its prompt, stem or Statement-I.
pub fn question_of(card: &Card) -> &str {
    match &card.body {
        Body::Recall(r) => &r.prompt,
        Body::Mcq(m) => &m.prompt,
        Body::Statements(s) => &s.stem,
        Body::Pairs(p) => &p.stem,
        Body::Rows(r) => &r.stem,
        Body::Assertion(a) => &a.statement1,
        Body::Numeric(n) => &n.prompt,
    }
}

/// Decks the user may edit: those read from a file, not compiled into the program.
pub fn writable_decks(collection: &Collection) -> Vec<&Deck> {
    collection
        .decks
        .iter()
        .filter(|d| d.origin.path().is_some())
        .collect()
}

/// The file of a deck the user may edit (one [`writable_deck`] gave).
pub fn deck_file(deck: &Deck) -> anyhow::Result<PathBuf> {
    deck.origin.path().map(Path::to_path_buf).ok_or_else(|| {
        UsageError(format!(
            "deck `{}` has no file of its own to edit; create a deck of your own with `upsc new DECK-ID`",
            deck.id
        ))
        .into()
    })
}

/// The deck with this id, if the user may edit it; otherwise a message saying why not.
pub fn writable_deck<'c>(collection: &'c Collection, id: &str) -> anyhow::Result<&'c Deck> {
    match collection.deck(id) {
        Some(deck) if deck.origin.is_bundled() => Err(UsageError(format!(
            "deck `{id}` is bundled with upsc and cannot be edited; create a deck of your own with `upsc new DECK-ID`"
        ))
        .into()),
        Some(deck) => Ok(deck),
        None => {
            let known: Vec<&str> = collection.decks.iter().map(|d| d.id.as_str()).collect();
            Err(crate::error::no_deck(id, &known))
        }
    }
}

/// The card ids a deck file already uses (as written, whether or not the cards are valid).
pub fn ids_in(doc: &DocumentMut) -> HashSet<String> {
    let mut ids = HashSet::new();
    match doc.get("card") {
        Some(Item::ArrayOfTables(cards)) => {
            for card in cards.iter() {
                if let Some(id) = card.get("id").and_then(Item::as_str) {
                    ids.insert(id.to_string());
                }
            }
        }
        Some(Item::Value(value)) => {
            for card in value.as_array().into_iter().flatten() {
                if let Some(id) = card
                    .as_inline_table()
                    .and_then(|t| t.get("id"))
                    .and_then(|v| v.as_str())
                {
                    ids.insert(id.to_string());
                }
            }
        }
        _ => {}
    }
    ids
}

/// Reads a deck file for editing: its text.
pub fn read_for_edit(path: &Path) -> anyhow::Result<String> {
    crate::deck::load::read(path).map_err(|report| {
        let first = report
            .diagnostics
            .first()
            .map(|d| report.one_line(d))
            .unwrap_or_else(|| format!("cannot read `{}`", path.display()));
        anyhow!("{first}")
    })
}

/// A deck file's text (read from `path`) as an editable document.
pub fn edit(path: &Path, text: &str) -> anyhow::Result<DocumentMut> {
    text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e
            .span()
            .map(|s| crate::deck::diagnostic::line_of(text, s.start))
            .unwrap_or(1);
        anyhow!(
            "`{}` is not valid TOML (line {line}); fix it first, `upsc check {}` shows where",
            path.display(),
            path.display()
        )
    })
}

/// Appends cards (each with its id already set) to a deck document, after its last table,
/// keeping every comment and the layout of what is there.
pub fn append_cards(doc: &mut DocumentMut, cards: &[CardText]) -> anyhow::Result<()> {
    let mut position = last_position(doc.as_table()) + 1;
    if doc.get("card").is_none() {
        doc.insert("card", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(array) = doc.get_mut("card").and_then(Item::as_array_of_tables_mut) else {
        bail!(
            "the deck's cards are written as an inline array (`card = [...]`); write them as `[[card]]` tables to add to them"
        );
    };
    for card in cards {
        let rendered = card.render();
        let parsed: DocumentMut = rendered
            .parse()
            .with_context(|| format!("a card written as invalid TOML:\n{rendered}"))?;
        let Some(mut table) = parsed
            .get("card")
            .and_then(Item::as_array_of_tables)
            .and_then(|a| a.get(0))
            .cloned()
        else {
            bail!("a card written without a `[[card]]` table:\n{rendered}");
        };
        renumber(&mut table, &mut position);
        table.decor_mut().set_prefix("\n");
        array.push(table);
    }
    Ok(())
}

/// Where cards appended to a deck file go when they are written as text, and the card
/// ids the file uses (as [`ids_in`] gives them).
#[derive(Debug)]
pub struct AppendPoint {
    /// The byte after the file's last line of TOML: the new cards go here, before the
    /// comments and blank lines that end the file.
    pub at: usize,
    /// Where the first card starts: before it, the `[deck]` table and the rest.
    pub head: usize,
    pub ids: HashSet<String>,
}

/// For a deck file read a card at a time ([`cards_apart`]), where [`append_cards`] would
/// put new cards, so that `text[..at]`, then `\n` and each card's text, then `text[at..]`
/// is the text it gives, without holding the file as a `toml_edit` document (~300 MB for
/// 8 MB). `None` when the file is not one of those whose place is known: cards not cut
/// apart, `\r` line ends, a last line without a line break, or TOML after the place.
pub fn append_point(text: &str) -> Option<AppendPoint> {
    if text.contains('\r') || !text.ends_with('\n') {
        return None;
    }
    let mut ids = HashSet::new();
    // The end of the last key or value of the last card, in the file.
    let mut last = 0;
    let head = cards_apart(text, |start, table| {
        if let Some(DeValue::Array(cards)) = table.get("card").map(Spanned::get_ref) {
            for card in cards.iter() {
                if let Some(DeValue::String(id)) = card
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.get("id"))
                    .map(Spanned::get_ref)
                {
                    ids.insert(id.to_string());
                }
            }
        }
        last = start + last_end(table);
    })?;
    // `toml_edit` keeps the comments and blank lines after the last line of TOML as the
    // document's end, and puts new tables before them.
    let mut at = text.len();
    for line in text[..text.len() - 1].rsplit('\n') {
        let content = line.trim();
        if !(content.is_empty() || content.starts_with('#')) {
            break;
        }
        at -= line.len() + 1;
    }
    // A line that looked like a comment but is inside a string ends later.
    (last <= at && at > 0).then_some(AppendPoint { at, head, ids })
}

/// The ids of the cards in a deck file's `text` (read from `path`): from the text when
/// [`append_point`] can cut it, else through its `toml_edit` document.
pub fn ids_in_text(path: &Path, text: &str) -> anyhow::Result<HashSet<String>> {
    match append_point(text) {
        Some(point) => Ok(point.ids),
        None => Ok(ids_in(&edit(path, text)?)),
    }
}

/// A deck file's `text` (read from `path`) with `cards` appended as [`append_cards`]
/// appends them: as text where [`append_point`] knows the place, so that a deck of 8 MB
/// is never one `toml_edit` document, else through the document.
pub fn with_cards_appended(path: &Path, text: &str, cards: &[CardText]) -> anyhow::Result<String> {
    if let Some(point) = append_point(text) {
        let mut out = text[..point.at].to_string();
        for card in cards {
            out.push('\n');
            out.push_str(&card.render());
        }
        out.push_str(&text[point.at..]);
        return Ok(out);
    }
    let mut doc = edit(path, text)?;
    append_cards(&mut doc, cards)?;
    Ok(doc.to_string())
}

/// The end of the last key or plain value in a table, relative to its text.
fn last_end(table: &toml::de::DeTable<'_>) -> usize {
    fn value_end(value: &Spanned<DeValue<'_>>) -> usize {
        match value.get_ref() {
            DeValue::Table(table) => last_end(table),
            DeValue::Array(items) => items.iter().map(value_end).max().unwrap_or(0),
            _ => value.span().end,
        }
    }
    table
        .iter()
        .map(|(key, value)| key.span().end.max(value_end(value)))
        .max()
        .unwrap_or(0)
}

/// The highest table position in the document, so that new tables go after all of them.
fn last_position(table: &Table) -> isize {
    let mut last = table.position().unwrap_or(0);
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => last = last.max(last_position(t)),
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    last = last.max(last_position(t));
                }
            }
            _ => {}
        }
    }
    last
}

/// Gives a moved table and its sub-tables positions from `next` on, in their order.
fn renumber(table: &mut Table, next: &mut isize) {
    table.set_position(Some(*next));
    *next += 1;
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => renumber(t, next),
            Item::ArrayOfTables(a) => {
                for t in a.iter_mut() {
                    renumber(t, next);
                }
            }
            _ => {}
        }
    }
}

/// Checks an edited deck before it is written: it must parse, and every card in `ids`
/// must come out of the parser (nothing was lost or broken by the edit).
pub fn check_edited(text: &str, ids: &[String], context: ParseContext<'_>) -> anyhow::Result<Deck> {
    let (parsed, diagnostics) = parse_deck(text, context);
    let Some(parsed) = parsed else {
        let first = diagnostics
            .first()
            .map_or("no usable [deck] table", |d| &*d.message);
        bail!("the edited deck does not parse ({first}); nothing was written");
    };
    let parsed_ids: HashSet<&str> = parsed.deck.cards.iter().map(|c| c.id.as_str()).collect();
    for id in ids {
        if !parsed_ids.contains(id.as_str()) {
            bail!("card `{id}` did not survive the edit; nothing was written");
        }
    }
    Ok(parsed.deck)
}

/// Source-note ids known with the configured decks.
pub fn known_sources(collection: &Collection) -> HashSet<String> {
    collection.seeds.iter().map(|s| s.id.clone()).collect()
}

/// Checks `--source` values against the source notes, suggesting near matches.
pub fn check_sources(sources: &[String], collection: &Collection) -> anyhow::Result<()> {
    let known = known_sources(collection);
    for source in sources {
        if !known.contains(source) {
            let hint = match suggest(source, collection.seeds.iter().map(|s| s.id.as_str())) {
                Some(s) => format!("did you mean `{s}`? "),
                None => String::new(),
            };
            return Err(UsageError(format!(
                "unknown source `{source}`; {hint}`upsc seeds` lists the source notes"
            ))
            .into());
        }
    }
    Ok(())
}

/// Refuses a deck id that is not kebab-case, suggesting one that is.
pub fn require_kebab_id(id: &str) -> anyhow::Result<()> {
    if crate::deck::parse::is_kebab(id) {
        return Ok(());
    }
    let fixed = Some(crate::deck::parse::slug(id, 8))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "my-deck".to_string());
    Err(UsageError(format!(
        "deck id `{id}` is not kebab-case; use lower-case words joined by `-`, e.g. `{fixed}`"
    ))
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_question_and_stay_unique() {
        let mut taken = HashSet::new();
        assert_eq!(
            derive_id("Which edition was the 2025 annual summit?", &mut taken),
            "which-edition-was-the-2025-annual"
        );
        assert_eq!(
            derive_id(
                "Which edition was the 2025 annual summit, again?",
                &mut taken
            ),
            "which-edition-was-the-2025-annual-2"
        );
        assert_eq!(derive_id("日本", &mut taken), "card");
        assert_eq!(derive_id("日本", &mut taken), "card-2");
    }

    #[test]
    fn the_id_maker_gives_what_derive_id_gives() {
        let questions = [
            "Same question?",
            "日本",
            "Same question?",
            "",
            "Same question?",
        ];
        let mut taken = HashSet::from(["same-question-3".to_string(), "card".to_string()]);
        let mut maker = IdMaker::new(taken.clone());
        for _ in 0..3 {
            for q in questions {
                assert_eq!(maker.derive(q), derive_id(q, &mut taken));
            }
        }
        assert!(maker.contains("same-question-9"));
        assert!(!maker.insert("same-question-9"));
    }

    #[test]
    fn appending_keeps_comments_and_layout_and_goes_last() {
        let original = "# a deck\n[deck]\nid = \"d\"   # the id\ntitle = \"T\"\n\n[[card]]\nid = \"a\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"x\"\n\n# trailing note\n";
        let mut doc: DocumentMut = original.parse().unwrap();
        let mut card = CardText::new();
        card.string("kind", "statements")
            .string("stem", "Consider:");
        card.item(
            "statements",
            vec![
                ("text".into(), "\"one\"".into()),
                ("correct".into(), "true".into()),
            ],
        );
        card.set_id("b");
        append_cards(&mut doc, &[card]).unwrap();
        let text = doc.to_string();
        assert_eq!(
            text,
            "# a deck\n[deck]\nid = \"d\"   # the id\ntitle = \"T\"\n\n[[card]]\nid = \"a\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"x\"\n\n[[card]]\nid = \"b\"\nkind = \"statements\"\nstem = \"Consider:\"\n\n[[card.statements]]\ntext = \"one\"\ncorrect = true\n\n# trailing note\n"
        );
    }

    /// Deck files to append to: the bundled decks, every fixture, and files that end in
    /// comments, in a card's sub-table, a multi-line string or a `#` inside one.
    fn files_to_append_to() -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = crate::deck::load::bundled::DECKS
            .iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect();
        let mut dirs =
            vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "toml")
                    // A fixture that is not UTF-8 is refused before anything is appended.
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    files.push((path.display().to_string(), text));
                }
            }
        }
        let head = "# a deck\n[deck]\nid = \"d\"\ntitle = \"T\"\n\n";
        let card = "[[card]]\nid = \"a\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"x\"\n";
        for (i, text) in [
            format!("{head}{card}"),
            format!("{head}{card}\n# trailing note\n\n# and another\n"),
            format!("{head}{card}# right after\n"),
            format!("{head}{card}tags = [\"a\", \"b\"]   # same line\n\n"),
            format!("{head}{card}explanation = \"\"\"\nOne.\n\n# not a comment\"\"\"\n"),
            format!("{head}{card}explanation = \"\"\"\nOne.\n\n# inside\n\"\"\"\n# outside\n"),
            format!("{head}{card}\n[[card.statements]]\ntext = \"one\"\ncorrect = true\n\n"),
            format!("{head}{card}\n[card.extra]\n"),
            format!("{head}{card}\n[[card]]\nid = \"b\"\n[[card]]\nkind = \"recall\"\nid = 7\n"),
            format!("{head}{card}tags = [\n  \"a\",\n  # a note\n]\n"),
            // Read whole: no line break at the end, `\r\n` line ends, no card yet.
            format!("{head}{card}answer2 = 1"),
            format!("{head}{card}").replace('\n', "\r\n"),
            format!("{head}# [[card]]\n# id = \"example\"\n"),
        ]
        .into_iter()
        .enumerate()
        {
            files.push((format!("case {i}"), text));
        }
        files
    }

    #[test]
    fn appending_as_text_is_appending_to_the_document() {
        let mut recall = CardText::new();
        recall.string("kind", "recall").string("prompt", "New?");
        recall
            .string("answer", "yes")
            .string("explanation", "Two\nlines.");
        recall.set_id("new-one");
        let mut statements = CardText::new();
        statements
            .string("kind", "statements")
            .string("stem", "Consider:");
        statements.item(
            "statements",
            vec![
                ("text".into(), "\"one\"".into()),
                ("correct".into(), "true".into()),
            ],
        );
        statements.set_id("new-two");
        let cards = [recall, statements];
        let (mut spliced, mut whole) = (0, 0);
        for (name, text) in files_to_append_to() {
            let Ok(mut doc) = text.parse::<DocumentMut>() else {
                assert!(append_point(&text).is_none(), "{name}");
                continue;
            };
            let ids = ids_in(&doc);
            let appended = append_cards(&mut doc, &cards).map(|()| doc.to_string());
            let path = Path::new(&name);
            assert_eq!(
                with_cards_appended(path, &text, &cards).ok(),
                appended.ok(),
                "{name}"
            );
            assert_eq!(ids_in_text(path, &text).ok(), Some(ids), "{name}");
            match append_point(&text) {
                Some(_) => spliced += 1,
                None => whole += 1,
            }
        }
        // Most files are appended to as text; the cases made to be read whole are.
        assert!(
            spliced > 20 && whole >= 3,
            "{spliced} as text, {whole} whole"
        );
    }

    #[test]
    fn untouched_documents_print_back_byte_for_byte() {
        for (path, text) in crate::deck::load::bundled::DECKS {
            let doc: DocumentMut = text.parse().unwrap();
            assert_eq!(&doc.to_string(), text, "{path}");
        }
    }
}
