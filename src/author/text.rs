//! Cards as TOML text: the one place that writes a card the way a person would (`key =
//! value` lines in a fixed order, then `[[card.statements]]`/`[[card.pairs]]` tables), and
//! the probe that checks a card, or one field of it, through the real parser.

use std::fmt::Write as _;
use std::ops::Range;

use crate::deck::diagnostic::Severity;
use crate::deck::parse::{ParseContext, parse_deck};
use crate::deck::{Body, Card, Form, Kind, Tolerance};

/// One card being written: its `key = value` lines in order, then its sub-tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardText {
    fields: Vec<(String, String)>,
    items: Vec<(String, Vec<(String, String)>)>,
}

impl CardText {
    pub fn new() -> CardText {
        CardText::default()
    }

    /// Sets a field to a TOML value written out (`"text"`, `true`, `["a", "b"]`); a field
    /// set twice keeps its first place.
    pub fn raw(&mut self, key: &str, value: String) -> &mut CardText {
        match self.fields.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.fields.push((key.to_string(), value)),
        }
        self
    }

    pub fn string(&mut self, key: &str, text: &str) -> &mut CardText {
        self.raw(key, toml_string(text))
    }

    pub fn strings<S: AsRef<str>>(&mut self, key: &str, list: &[S]) -> &mut CardText {
        self.raw(key, toml_strings(list))
    }

    pub fn boolean(&mut self, key: &str, value: bool) -> &mut CardText {
        self.raw(key, value.to_string())
    }

    /// Adds one table of the array `array` (`statements`, `pairs`) with these fields
    /// (values written out as for [`CardText::raw`]).
    pub fn item(&mut self, array: &str, fields: Vec<(String, String)>) -> &mut CardText {
        self.items.push((array.to_string(), fields));
        self
    }

    /// Puts `id` first, replacing any id already set.
    pub fn set_id(&mut self, id: &str) {
        self.fields.retain(|(k, _)| k != "id");
        self.fields.insert(0, ("id".to_string(), toml_string(id)));
    }

    /// The written-out value of a field.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `[[card]]` and everything under it, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::from("[[card]]\n");
        write_fields(&mut out, &self.fields);
        write_items(&mut out, &self.items);
        out
    }
}

fn write_fields(out: &mut String, fields: &[(String, String)]) {
    for (key, value) in fields {
        let _ = writeln!(out, "{key} = {value}");
    }
}

fn write_items(out: &mut String, items: &[(String, Vec<(String, String)>)]) {
    for (array, fields) in items {
        let _ = writeln!(out, "\n[[card.{array}]]");
        write_fields(out, fields);
    }
}

/// A TOML string for `text`: a basic string, or a multi-line one when the text has line
/// breaks, so that long explanations stay readable in the file.
pub fn toml_string(text: &str) -> String {
    let multi_line = text.contains('\n');
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(if multi_line { "\"\"\"\n" } else { "\"" });
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multi_line => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str(if multi_line { "\"\"\"" } else { "\"" });
    out
}

pub fn toml_strings<S: AsRef<str>>(list: &[S]) -> String {
    let items: Vec<String> = list.iter().map(|s| toml_string(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// A string field, or a list when there are several (`source = "a"`, `source = ["a", "b"]`).
fn one_or_many(list: &[String]) -> String {
    match list {
        [one] => toml_string(one),
        _ => toml_strings(list),
    }
}

/// Writes a numeric value as it was written: a bare number when the text is a TOML
/// number, else a quantity string such as `"10 trillion"`.
fn number_text(text: &str) -> String {
    let probe = format!("v = {text}");
    let is_number = toml::de::DeTable::parse(&probe).is_ok_and(|table| {
        table
            .get_ref()
            .get("v")
            .is_some_and(|v| v.get_ref().as_integer().is_some() || v.get_ref().as_float().is_some())
    });
    if is_number {
        text.to_string()
    } else {
        toml_string(text)
    }
}

/// The card as a person would write it; parsing the result gives the same card back.
pub fn card_text(card: &Card) -> CardText {
    let mut t = CardText::new();
    t.string("id", &card.id);
    t.string("kind", card.kind().as_str());
    match &card.body {
        Body::Recall(r) => {
            t.string("prompt", &r.prompt).string("answer", &r.answer);
            if !r.accept.is_empty() {
                t.strings("accept", &r.accept);
            }
            if r.self_grade {
                t.boolean("self_grade", true);
            }
        }
        Body::Mcq(m) => {
            t.string("prompt", &m.prompt).strings("options", &m.options);
            if let Some(answer) = m.options.get(m.answer) {
                t.string("answer", answer);
            }
            if !m.shuffle {
                t.boolean("shuffle", false);
            }
        }
        Body::Statements(s) => {
            t.string("stem", &s.stem);
            if s.show != s.statements.len().min(3) {
                t.raw("show", s.show.to_string());
            }
            if let Some(form) = s.form {
                t.string("form", form_name(form));
            }
            if let Some(question) = &s.question {
                t.string("question", question);
            }
            if !s.ask.is_correct() {
                t.string("ask", "not-correct");
            }
            if !s.options.is_empty() {
                t.strings("options", &s.options);
            }
            if !s.shuffle {
                t.boolean("shuffle", false);
            }
            for statement in &s.statements {
                let mut fields = vec![
                    ("text".to_string(), toml_string(&statement.text)),
                    ("correct".to_string(), statement.correct.to_string()),
                ];
                if let Some(why) = &statement.why {
                    fields.push(("why".to_string(), toml_string(why)));
                }
                t.item("statements", fields);
            }
        }
        Body::Pairs(p) => {
            t.string("stem", &p.stem);
            if let Some(columns) = &p.columns {
                t.strings("columns", columns);
            }
            if !p.decoys.is_empty() {
                t.strings("decoys", &p.decoys);
            }
            let shown = if p.options.is_empty() && p.shuffle {
                p.pairs.len().min(4)
            } else {
                p.pairs.len()
            };
            if p.show != shown {
                t.raw("show", p.show.to_string());
            }
            if p.form == Form::Which && p.options.is_empty() {
                t.string("form", form_name(p.form));
            }
            if let Some(question) = &p.question {
                t.string("question", question);
            }
            if !p.ask.is_correct() {
                t.string("ask", "not-correct");
            }
            if !p.options.is_empty() {
                t.strings("options", &p.options);
            }
            if !p.shuffle {
                t.boolean("shuffle", false);
            }
            if let Some(separator) = &p.separator {
                t.string("separator", separator);
            }
            for pair in &p.pairs {
                let mut fields = vec![
                    ("left".to_string(), toml_string(&pair.left)),
                    ("right".to_string(), toml_string(&pair.right)),
                ];
                // An authored card says, pair by pair, which are matched as printed.
                if p.authored {
                    fields.push(("correct".to_string(), pair.correct.to_string()));
                }
                t.item("pairs", fields);
            }
        }
        Body::Rows(r) => {
            t.string("stem", &r.stem).strings("columns", &r.columns);
            let whole = !r.options.is_empty() || !r.shuffle;
            if r.show
                != if whole {
                    r.rows.len()
                } else {
                    r.rows.len().min(3)
                }
            {
                t.raw("show", r.show.to_string());
            }
            if let Some(form) = r.form {
                t.string("form", form_name(form));
            }
            if let Some(question) = &r.question {
                t.string("question", question);
            }
            if !r.options.is_empty() {
                t.strings("options", &r.options);
            }
            if !r.shuffle {
                t.boolean("shuffle", false);
            }
            if let Some(separator) = &r.separator {
                t.string("separator", separator);
            }
            for row in &r.rows {
                let mut fields = vec![
                    ("cells".to_string(), toml_strings(&row.cells)),
                    ("correct".to_string(), row.correct.to_string()),
                ];
                if let Some(why) = &row.why {
                    fields.push(("why".to_string(), toml_string(why)));
                }
                t.item("rows", fields);
            }
        }
        Body::Assertion(a) => {
            if let Some(stem) = &a.stem {
                t.string("stem", stem);
            }
            t.string("statement1", &a.statement1)
                .string("statement2", &a.statement2)
                .boolean("statement1_correct", a.statement1_correct)
                .boolean("statement2_correct", a.statement2_correct);
            match &a.statement3 {
                Some(statement3) => {
                    t.string("statement3", statement3)
                        .boolean("statement3_correct", a.statement3_correct);
                    let which: Vec<String> =
                        a.explained_by.iter().map(ToString::to_string).collect();
                    t.raw("explained_by", format!("[{}]", which.join(", ")));
                }
                None if a.statement1_correct && a.statement2_correct => {
                    t.boolean("explains", a.explains);
                }
                None => {}
            }
        }
        Body::Numeric(n) => {
            t.string("prompt", &n.prompt)
                .raw("value", number_text(&n.value_text))
                .string("unit", &n.unit);
            match n.tolerance {
                Tolerance::Exact => {}
                Tolerance::Absolute(x) => {
                    t.raw("tolerance", format!("{x}"));
                }
                Tolerance::Percent(p) => {
                    t.string("tolerance", &format!("{p}%"));
                }
            }
        }
    }
    if !card.tags.is_empty() {
        t.strings("tags", &card.tags);
    }
    if !card.source.is_empty() {
        t.raw("source", one_or_many(&card.source));
    }
    if let Some(explanation) = &card.explanation {
        t.string("explanation", explanation);
    }
    if !card.style.is_default() {
        // Written on the card, so that it reads the same in any deck.
        t.string("style", card.style.as_str());
    }
    t
}

pub fn form_name(form: Form) -> &'static str {
    match form {
        Form::Which => "which",
        Form::HowMany => "how-many",
    }
}

/// The `[deck]` table of a new deck file.
pub fn deck_header(id: &str, title: &str, sources: &[String]) -> String {
    let mut out = format!(
        "[deck]\nid = {}\ntitle = {}\n",
        toml_string(id),
        toml_string(title)
    );
    if !sources.is_empty() {
        let _ = writeln!(out, "sources = {}", toml_strings(sources));
    }
    out
}

/// What the parser says about a card on its own: its problems as one line each
/// (`line N: error: …; help`, counting lines within the card's text), and the card when it
/// is usable.
pub struct Checked {
    pub card: Option<Card>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

const PROBE_HEADER: &str = "[deck]\nid = \"probe\"\ntitle = \"probe\"\n\n";

/// Runs one card through the real parser, in a deck of its own.
pub fn check_card(card: &CardText, context: ParseContext<'_>) -> Checked {
    let text = format!("{PROBE_HEADER}{}", card.render());
    let (parsed, diagnostics) = parse_deck(&text, context);
    let mut checked = Checked {
        card: parsed.and_then(|p| p.deck.cards.into_iter().next()),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for d in diagnostics {
        let mut line = d.message.to_string();
        if let Some(help) = &d.help {
            line.push_str("; ");
            line.push_str(help);
        }
        match d.severity {
            Severity::Error => checked.errors.push(line),
            Severity::Warning => checked.warnings.push(line),
        }
    }
    checked
}

/// Checks the fields of `focus` in the company of `context` (the fields given so far):
/// the first error the parser reports on one of the focus lines, as "message; help".
/// Problems elsewhere (such as fields not yet given) are not the focus's and are ignored.
pub fn field_error(
    kind: Kind,
    context: &CardText,
    focus: &CardText,
    parse_context: ParseContext<'_>,
) -> Option<String> {
    let mut text = format!(
        "{PROBE_HEADER}[[card]]\nid = \"probe\"\nkind = {}\n",
        toml_string(kind.as_str())
    );
    let context_fields: Vec<(String, String)> = context
        .fields
        .iter()
        .filter(|(k, _)| k != "id" && k != "kind" && focus.get(k).is_none())
        .cloned()
        .collect();
    write_fields(&mut text, &context_fields);
    let mut focus_spans: Vec<Range<usize>> = Vec::new();
    let start = text.len();
    write_fields(&mut text, &focus.fields);
    focus_spans.push(start..text.len());
    write_items(&mut text, &context.items);
    let start = text.len();
    write_items(&mut text, &focus.items);
    focus_spans.push(start..text.len());
    let (_, diagnostics) = parse_deck(&text, parse_context);
    diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .find(|d| {
            d.span
                .as_ref()
                .is_some_and(|s| focus_spans.iter().any(|f| f.contains(&s.start)))
        })
        .map(|d| match d.help {
            Some(help) => format!("{}; {help}", d.message),
            None => d.message.into_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::{Collection, Decks};
    use std::collections::HashSet;

    #[test]
    fn strings_survive_a_round_trip_through_toml() {
        for text in [
            "plain",
            "quote \" and backslash \\",
            "tab\tand unicode ₹ ¥",
            "two\nlines",
            "\nstarts with a break",
            "ends with a quote\"",
            "\"\"\" three quotes",
            "control \u{1}",
        ] {
            let doc = format!("v = {}", toml_string(text));
            let parsed = toml::de::DeTable::parse(&doc).unwrap();
            let value = parsed.get_ref().get("v").unwrap();
            assert_eq!(value.get_ref().as_str(), Some(text), "{doc}");
        }
    }

    /// Every card of every bundled deck, written out and parsed again, is the same card:
    /// this is what `import` and `add` rely on.
    #[test]
    fn bundled_cards_render_to_text_that_parses_back_to_the_same_card() {
        let collection = Collection::load(&Decks::bundled());
        let known: HashSet<String> = collection.seeds.iter().map(|s| s.id.clone()).collect();
        let mut count = 0;
        for deck in &collection.decks {
            let mut text = deck_header(&deck.id, &deck.title, &deck.sources);
            for card in &deck.cards {
                text.push('\n');
                text.push_str(&card_text(card).render());
            }
            let (parsed, diagnostics) =
                parse_deck(&text, ParseContext::new(&known, Default::default()));
            assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", deck.id);
            let parsed = parsed.unwrap().deck;
            assert_eq!(parsed.cards.len(), deck.cards.len());
            for (again, card) in parsed.cards.iter().zip(&deck.cards) {
                let mut again = again.clone();
                again.line = card.line;
                assert_eq!(&again, card);
                count += 1;
            }
        }
        assert!(count >= 140, "{count} cards");
    }

    /// Every card of the other years' formats (separators, pairs asked not-correct,
    /// `shuffle = false` on pairs, nouns in counts, the 2023 style), written out and parsed
    /// again, is the same card: `add` and `import` keep the fields they do not offer.
    #[test]
    fn other_years_cards_render_to_text_that_parses_back_to_the_same_card() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let collection = Collection::load(&Decks::at(dir.join("other-years")));
        let deck = &collection.decks[0];
        assert!(deck.cards.len() >= 11);
        let mut text = deck_header(&deck.id, &deck.title, &[]);
        for card in &deck.cards {
            text.push('\n');
            text.push_str(&card_text(card).render());
        }
        let (parsed, diagnostics) = parse_deck(&text, Default::default());
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.severity == crate::deck::diagnostic::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{text}");
        let parsed = parsed.unwrap().deck;
        for (again, card) in parsed.cards.iter().zip(&deck.cards) {
            let mut again = again.clone();
            again.line = card.line;
            assert_eq!(&again, card, "{text}");
        }
        assert_eq!(parsed.cards.len(), deck.cards.len());
    }

    /// A rows card, in either style, written out and parsed again, is the same card.
    #[test]
    fn rows_cards_render_to_text_that_parses_back_to_the_same_card() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for style in ["paper2024", "paper2025"] {
            let collection = Collection::load(&Decks::at(dir.join(style)));
            let deck = &collection.decks[0];
            let card = deck
                .cards
                .iter()
                .find(|c| c.kind() == Kind::Rows)
                .expect("the fixture has a rows card");
            let mut text = deck_header(&deck.id, &deck.title, &[]);
            text.push('\n');
            text.push_str(&card_text(card).render());
            let (parsed, diagnostics) = parse_deck(&text, Default::default());
            assert!(diagnostics.is_empty(), "{style}: {diagnostics:?}\n{text}");
            let mut again = parsed.unwrap().deck.cards.remove(0);
            again.line = card.line;
            assert_eq!(&again, card, "{text}");
        }
    }

    #[test]
    fn a_field_is_checked_by_the_parser_on_its_own_lines() {
        let mut context = CardText::new();
        context.strings("options", &["14th", "15th"]);
        let mut focus = CardText::new();
        focus.strings("tags", &["Summit Tag"]);
        assert_eq!(
            field_error(Kind::Mcq, &context, &focus, ParseContext::default()).as_deref(),
            Some("tag `Summit Tag` is not kebab-case; write it as `summit-tag`")
        );
        let mut focus = CardText::new();
        focus.strings("options", &["14th", "15th", "14TH"]);
        assert_eq!(
            field_error(Kind::Mcq, &CardText::new(), &focus, ParseContext::default()).as_deref(),
            Some("option `14TH` repeats option 1; every option must be different")
        );
        // The answer is missing, but that is not the focus's problem.
        let mut focus = CardText::new();
        focus.string("prompt", "Which edition?");
        assert_eq!(
            field_error(Kind::Mcq, &context, &focus, ParseContext::default()),
            None
        );
        let mut focus = CardText::new();
        focus.string("value", "ten-ish trillion");
        assert!(
            field_error(
                Kind::Numeric,
                &CardText::new(),
                &focus,
                ParseContext::default()
            )
            .is_some_and(|e| e.starts_with("`value` `ten-ish trillion` cannot be read"))
        );
    }
}
