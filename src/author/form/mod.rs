//! `upsc add`: a card written through a form, one field at a time.
//!
//! Every field is checked as it is typed by the real parser (through
//! [`text::field_error`]), the finished card again as a whole; the card is previewed
//! exactly as it will be asked, and only then appended to the deck file, by temporary
//! file and rename. Ctrl-C (or Esc in a list) at any point leaves the file untouched.
//!
//! The questions go through the small [`Prompter`] seam of [`crate::ui::prompt`]:
//! dialoguer on a terminal, a script in the tests.
//!
//! Each card kind's fields are asked in its own module (`recall`, `mcq`,
//! `statements`, `rows`, `pairs`, `assertion`, `numeric`); the form, its field
//! helpers and what every card has are here. The command around the form (choosing the
//! deck, what is printed, the exit status) is `cmd::add`'s; the form speaks only through
//! its [`Prompter`].

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use console::Style;

use super::text::{self, CardText, toml_string};
use crate::deck::load::Collection;
use crate::deck::parse::ParseContext;
use crate::deck::{Card, Deck, Kind};
use crate::question::{self, Response};
use crate::seeds::Seed;
use crate::ui::Stop;
use crate::ui::prompt::Prompter;

mod assertion;
mod mcq;
mod numeric;
mod pairs;
mod recall;
mod rows;
mod statements;

/// The deck a card is being added to, and what the form needs to know about it.
pub struct Target<'a> {
    pub deck: &'a Deck,
    pub path: PathBuf,
    /// Source notes, the deck's own first.
    pub seeds: Vec<&'a Seed>,
    pub known_sources: &'a HashSet<String>,
    /// Where a source note made from the form goes (`<data dir>/seeds`); `None` offers
    /// no new source.
    pub new_sources: Option<PathBuf>,
}

/// What each text prompt was last answered, so that "edit it again" starts from there.
#[derive(Default)]
struct Memory {
    answers: HashMap<String, String>,
    choices: HashMap<String, usize>,
}

/// One run of the form: asks, remembers, builds the card's text.
pub struct Form<'p, 'a> {
    pub prompter: &'p mut dyn Prompter,
    pub target: &'a Target<'a>,
    memory: Memory,
    /// The source ids a card may cite: the target's, and any note made in this form.
    known: HashSet<String>,
}

const KINDS: [(Kind, &str); 7] = [
    (
        Kind::Statements,
        "statements — \"Consider the following statements … Which is/are correct?\"",
    ),
    (
        Kind::Pairs,
        "pairs — \"Consider the following pairs … How many are correctly matched?\"",
    ),
    (
        Kind::Assertion,
        "assertion — Statement-I, Statement-II (and Statement-III) with the four standard options",
    ),
    (Kind::Mcq, "mcq — a question with 2 to 6 options"),
    (
        Kind::Numeric,
        "numeric — an amount typed in lakh, crore, billion, …",
    ),
    (Kind::Recall, "recall — a name or phrase, typed or recalled"),
    // Last, so that the older kinds keep their places in the list.
    (
        Kind::Rows,
        "rows — a table: \"In how many of the above rows is the information correctly matched?\"",
    ),
];

impl<'p, 'a> Form<'p, 'a> {
    pub fn new(prompter: &'p mut dyn Prompter, target: &'a Target<'a>) -> Form<'p, 'a> {
        Form {
            prompter,
            target,
            memory: Memory::default(),
            known: target.known_sources.clone(),
        }
    }

    /// How the card is checked: against the notes it may cite, in its deck's style.
    fn parse_context(&self) -> ParseContext<'_> {
        ParseContext::new(&self.known, self.target.deck.style)
    }

    /// Asks for a line of text, checked by the parser as `key` in the company of `card`.
    /// An optional `;`-separated list, checked as the card's `key` and added to it when
    /// given.
    fn optional_list(
        &mut self,
        kind: Kind,
        card: &mut CardText,
        key: &str,
        prompt: &str,
    ) -> Result<(), Stop> {
        let value = self.field(kind, card, prompt, "", true, &|v| {
            let mut focus = CardText::new();
            focus.strings(key, &split_list(v, ';'));
            focus
        })?;
        if !value.is_empty() {
            card.strings(key, &split_list(&value, ';'));
        }
        Ok(())
    }

    fn field(
        &mut self,
        kind: Kind,
        card: &CardText,
        prompt: &str,
        initial: &str,
        allow_empty: bool,
        make: &dyn Fn(&str) -> CardText,
    ) -> Result<String, Stop> {
        let context = ParseContext::new(&self.known, self.target.deck.style);
        let check = |value: &str| -> Result<(), String> {
            if value.trim().is_empty() {
                return if allow_empty {
                    Ok(())
                } else {
                    Err("this cannot be empty".to_string())
                };
            }
            match text::field_error(kind, card, &make(value.trim()), context) {
                Some(error) => Err(error),
                None => Ok(()),
            }
        };
        let remembered = self.memory.answers.get(prompt).cloned();
        let initial = remembered.as_deref().unwrap_or(initial);
        let value = self.prompter.text(prompt, initial, allow_empty, &check)?;
        let value = value.trim().to_string();
        self.memory
            .answers
            .insert(prompt.to_string(), value.clone());
        Ok(value)
    }

    /// The string field `key`, checked on its own against the card so far.
    fn keyed(
        &mut self,
        kind: Kind,
        card: &CardText,
        key: &str,
        prompt: &str,
        initial: &str,
        allow_empty: bool,
    ) -> Result<String, Stop> {
        self.field(kind, card, prompt, initial, allow_empty, &|v| {
            let mut focus = CardText::new();
            focus.string(key, v);
            focus
        })
    }

    /// A required string field `key`, checked and added to `card`.
    fn string(
        &mut self,
        kind: Kind,
        card: &mut CardText,
        key: &str,
        prompt: &str,
        initial: &str,
    ) -> Result<String, Stop> {
        let value = self.keyed(kind, card, key, prompt, initial, false)?;
        card.string(key, &value);
        Ok(value)
    }

    /// An optional string field `key`, checked but left to the caller to add (empty: not
    /// given).
    fn optional(
        &mut self,
        kind: Kind,
        card: &CardText,
        key: &str,
        prompt: &str,
    ) -> Result<String, Stop> {
        self.keyed(kind, card, key, prompt, "", true)
    }

    fn choose(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize, Stop> {
        let default = self.memory.choices.get(prompt).copied().unwrap_or(default);
        let chosen = self.prompter.select(prompt, items, default)?;
        self.memory.choices.insert(prompt.to_string(), chosen);
        Ok(chosen)
    }

    fn yes_no(&mut self, prompt: &str, yes: &str, no: &str, default: bool) -> Result<bool, Stop> {
        let items = [yes.to_string(), no.to_string()];
        Ok(self.choose(prompt, &items, usize::from(!default))? == 0)
    }

    /// Asks every field of one card; returns its text (without an id) and its question,
    /// from which the id is made.
    pub fn ask(&mut self) -> Result<(CardText, String), Stop> {
        let labels: Vec<String> = KINDS.iter().map(|(_, l)| (*l).to_string()).collect();
        let kind = KINDS[self
            .choose("Kind of card", &labels, 0)?
            .min(KINDS.len() - 1)]
        .0;
        let mut card = CardText::new();
        card.string("kind", kind.as_str());
        let question = match kind {
            Kind::Recall => self.recall(&mut card)?,
            Kind::Mcq => self.mcq(&mut card)?,
            Kind::Statements => self.statements(&mut card)?,
            Kind::Pairs => self.pairs(&mut card)?,
            Kind::Assertion => self.assertion(&mut card)?,
            Kind::Numeric => self.numeric(&mut card)?,
            Kind::Rows => self.rows(&mut card)?,
        };
        self.common(kind, &mut card)?;
        Ok((card, question))
    }

    /// Tags, source and explanation: the fields every kind has.
    fn common(&mut self, kind: Kind, card: &mut CardText) -> Result<(), Stop> {
        let tags = self.field(
            kind,
            card,
            "Tags, separated by spaces, e.g. economy gs3-economy (empty: none)",
            "",
            true,
            &|v| {
                let mut focus = CardText::new();
                focus.strings("tags", &split_words(v));
                focus
            },
        )?;
        if !tags.is_empty() {
            card.strings("tags", &split_words(&tags));
        }
        let mut items: Vec<String> = self
            .target
            .seeds
            .iter()
            .map(|s| format!("{} — {}", s.id, s.title))
            .collect();
        items.push("(no source)".to_string());
        if self.target.new_sources.is_some() {
            items.push("a new source… (an article, report or past paper of your own)".to_string());
        }
        let chosen = self.choose("Source note the card comes from", &items, 0)?;
        if let Some(seed) = self.target.seeds.get(chosen) {
            card.string("source", &seed.id);
        } else if chosen == self.target.seeds.len() + 1
            && let Some(id) = self.new_source()?
        {
            card.string("source", &id);
        }
        let explanation = self.optional(
            kind,
            card,
            "explanation",
            "Explanation, shown after answering (empty: none)",
        )?;
        if !explanation.is_empty() {
            card.string("explanation", &explanation);
        }
        Ok(())
    }
}

impl Form<'_, '_> {
    /// Writes a new source note from three answers (id, title, outlet) and a kind, as
    /// `upsc source new` would; returns its id, or `None` if writing it failed (said, and
    /// the card goes on without a source).
    fn new_source(&mut self) -> Result<Option<String>, Stop> {
        let Some(dir) = self.target.new_sources.clone() else {
            return Ok(None);
        };
        let taken = self.known.clone();
        let id = self.prompter.text(
            "New source id, kebab-case (e.g. hindu-editorial-2025)",
            "",
            false,
            &|v: &str| {
                let v = v.trim();
                if !crate::deck::parse::is_kebab(v) {
                    Err("use lower-case words joined by `-`".to_string())
                } else if taken.contains(v) {
                    Err(format!("`{v}` is already a source id; choose another"))
                } else {
                    Ok(())
                }
            },
        )?;
        let not_empty = |v: &str| {
            if v.trim().is_empty() {
                Err("this cannot be empty".to_string())
            } else {
                Ok(())
            }
        };
        let title = self.prompter.text("Its title", "", false, &not_empty)?;
        let outlet = self.prompter.text(
            "Its outlet (newspaper, website, publisher)",
            "",
            false,
            &not_empty,
        )?;
        let kinds: Vec<String> = crate::seeds::KINDS
            .iter()
            .map(ToString::to_string)
            .collect();
        let kind = self
            .prompter
            .select("What kind of source is it?", &kinds, 0)?;
        let seed = Seed {
            id: id.trim().to_string(),
            title: title.trim().to_string(),
            outlet: Some(outlet.trim().to_string()),
            author: None,
            date: None,
            kind: kinds
                .get(kind)
                .cloned()
                .unwrap_or_else(|| "news-report".to_string()),
            file: None,
            url: None,
            summary: String::new(),
            origin: String::new(),
        };
        match crate::seeds::write_note(&dir, &seed) {
            Ok(path) => {
                self.prompter.say(&format!(
                    "Wrote the source note {}; fill in its summary in your own words.",
                    path.display()
                ));
                self.known.insert(seed.id.clone());
                Ok(Some(seed.id))
            }
            Err(error) => {
                self.prompter
                    .say(&format!("✘ the note was not written: {error:#}"));
                Ok(None)
            }
        }
    }
}

/// `card` with placeholder items added to `array` so that, with one more item, it has
/// `least`: the parser's "at least N" rule is not the business of the item being typed.
fn padded(card: &CardText, array: &str, have: usize, least: usize) -> CardText {
    let mut padded = card.clone();
    for n in have + 1..least {
        let fields = if array == "pairs" {
            vec![
                statement_field("left", &format!("(placeholder left {n})")),
                statement_field("right", &format!("(placeholder right {n})")),
            ]
        } else {
            vec![
                statement_field("text", &format!("(placeholder {n})")),
                ("correct".to_string(), "true".to_string()),
            ]
        };
        padded.item(array, fields);
    }
    padded
}

fn statement_field(key: &str, value: &str) -> (String, String) {
    (key.to_string(), toml_string(value))
}

/// `a; b ;c` → `["a", "b", "c"]`, empty parts dropped.
pub fn split_list(text: &str, separator: char) -> Vec<String> {
    text.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn split_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A typed amount as TOML: a whole number stays a number, anything else ("10 trillion",
/// "2.5") is kept as written in a string for the quantity reader.
fn number_text(typed: &str) -> String {
    let plain = typed.trim();
    if let Ok(n) = plain.parse::<u32>() {
        n.to_string()
    } else {
        toml_string(plain)
    }
}

fn tolerance_text(typed: &str) -> String {
    let plain = typed.trim();
    if plain.ends_with('%') {
        toml_string(plain)
    } else if plain.parse::<f64>().is_ok_and(f64::is_finite) && !plain.contains(['e', 'E']) {
        // A TOML float needs digits on both sides of the point.
        let mut written = plain.to_string();
        if written.starts_with('.') {
            written.insert(0, '0');
        }
        if written.ends_with('.') {
            written.push('0');
        }
        written
    } else {
        toml_string(plain)
    }
}

/// The showing of a card as the learner will see it, with the answer after.
pub fn preview(card: &Card) -> String {
    let question = question::present(card, &mut rand::rng());
    let mut lines = vec![question.text.clone(), String::new()];
    match &question.response {
        Response::Choice { options, .. } => {
            for (i, option) in options.iter().enumerate() {
                let letter = question::wording::OPTION_LETTERS
                    .get(i)
                    .copied()
                    .unwrap_or("");
                lines.push(format!("  {letter} {option}"));
            }
        }
        Response::Recall { accept, .. } if !accept.is_empty() => {
            lines.push(format!("  (typed; also accepted: {})", accept.join(", ")));
        }
        Response::Recall { .. } => lines.push("  (typed)".to_string()),
        Response::Numeric(_) => lines.push("  (an amount, typed)".to_string()),
        Response::SelfGrade { .. } => {
            lines.push("  (recalled, then revealed and graded)".to_string());
        }
    }
    lines.push(String::new());
    lines.push(format!("Answer: {}", question.answer_text));
    lines.extend(question.notes.iter().map(|n| format!("  {n}")));
    if let Some(explanation) = &card.explanation {
        lines.push(explanation.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    lines.join("\n")
}

/// What the user decided after the preview.
enum Decision {
    Add,
    Again,
}

/// Runs the form until a valid card is confirmed; the card's text with its id.
pub fn write_card(
    prompter: &mut dyn Prompter,
    target: &Target,
    taken: &HashSet<String>,
) -> Result<(CardText, Card), Stop> {
    let mut form = Form::new(prompter, target);
    loop {
        let (mut card, question) = form.ask()?;
        let mut ids = taken.clone();
        let id = super::derive_id(&question, &mut ids);
        card.set_id(&id);
        let checked = text::check_card(&card, form.parse_context());
        let bold = Style::new().bold();
        for error in &checked.errors {
            form.prompter.say(&format!("✘ error: {error}"));
        }
        let Some(parsed) = checked.card.filter(|_| checked.errors.is_empty()) else {
            let items = ["Edit the card again".to_string(), "Cancel".to_string()];
            if form.prompter.select("The card is not valid", &items, 0)? == 0 {
                continue;
            }
            return Err(Stop::Quit);
        };
        form.prompter.say("");
        form.prompter.say(
            &bold
                .apply_to(format!("Preview of `{id}`, as it will be asked:"))
                .to_string(),
        );
        form.prompter.say(&preview(&parsed));
        for warning in &checked.warnings {
            form.prompter.say(&format!("! warning: {warning}"));
        }
        let items = [
            format!("Add it to {}", target.path.display()),
            "Edit it again".to_string(),
            "Cancel".to_string(),
        ];
        let decision = match form.prompter.select("Add this card?", &items, 0)? {
            0 => Decision::Add,
            1 => Decision::Again,
            _ => return Err(Stop::Quit),
        };
        match decision {
            Decision::Add => return Ok((card, parsed)),
            Decision::Again => continue,
        }
    }
}

impl<'a> Target<'a> {
    /// The target for adding to `deck`, written in `path`, from `collection` (its source
    /// notes, the deck's own first); `new_sources` as in [`Target::new_sources`].
    pub fn for_deck(
        deck: &'a Deck,
        path: PathBuf,
        collection: &'a Collection,
        known_sources: &'a HashSet<String>,
        new_sources: Option<PathBuf>,
    ) -> Target<'a> {
        let mut seeds: Vec<&Seed> = deck
            .sources
            .iter()
            .filter_map(|id| collection.seeds.iter().find(|s| &s.id == id))
            .collect();
        seeds.extend(
            collection
                .seeds
                .iter()
                .filter(|s| !deck.sources.contains(&s.id)),
        );
        Target {
            deck,
            path,
            seeds,
            known_sources,
            new_sources,
        }
    }
}

/// Appends the card the form wrote (`card`, checked as `parsed`) to the file at `path`,
/// which is read again, as it may have changed while the form was open: an id taken
/// meanwhile is derived afresh. The whole file is checked before it is written, by
/// temporary file and rename. Returns the card's id.
pub fn append(
    path: &std::path::Path,
    mut card: CardText,
    parsed: &Card,
    context: ParseContext<'_>,
) -> anyhow::Result<String> {
    let text = super::read_for_edit(path)?;
    let mut taken = super::ids_in_text(path, &text)?;
    let id = if taken.contains(&parsed.id) {
        super::derive_id(super::question_of(parsed), &mut taken)
    } else {
        parsed.id.clone()
    };
    card.set_id(&id);
    let text = super::with_cards_appended(path, &text, std::slice::from_ref(&card))?;
    super::check_edited(&text, std::slice::from_ref(&id), context)?;
    crate::fsutil::write_atomic(path, &text, false)?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::prompt::Check;
    use std::collections::VecDeque;

    /// Answers from a script; a text answer the check refuses fails the test with the
    /// check's message, so tests can assert it.
    struct Script {
        answers: VecDeque<&'static str>,
        said: Vec<String>,
        refused: Vec<String>,
    }

    impl Script {
        fn new(answers: &[&'static str]) -> Script {
            Script {
                answers: answers.iter().copied().collect(),
                said: Vec::new(),
                refused: Vec::new(),
            }
        }

        fn next(&mut self, prompt: &str) -> Result<&'static str, Stop> {
            self.answers.pop_front().ok_or_else(|| {
                self.said.push(format!("(script ran out at {prompt:?})"));
                Stop::Quit
            })
        }
    }

    impl Prompter for Script {
        fn text(
            &mut self,
            prompt: &str,
            _initial: &str,
            _allow_empty: bool,
            check: Check,
        ) -> Result<String, Stop> {
            loop {
                let answer = self.next(prompt)?;
                match check(answer) {
                    Ok(()) => return Ok(answer.to_string()),
                    Err(message) => self.refused.push(message),
                }
            }
        }

        fn select(&mut self, prompt: &str, items: &[String], _: usize) -> Result<usize, Stop> {
            let answer = self.next(prompt)?;
            items
                .iter()
                .position(|i| i.starts_with(answer))
                .ok_or_else(|| {
                    self.said.push(format!("no item {answer:?} in {items:?}"));
                    Stop::Quit
                })
        }

        fn say(&mut self, text: &str) {
            self.said.push(text.to_string());
        }
    }

    fn with_target(run: impl FnOnce(&Target)) {
        let collection = Collection::load(&crate::deck::load::Decks::bundled());
        let known = crate::author::known_sources(&collection);
        let deck = collection.deck("at-a-glance").unwrap();
        let target = Target {
            deck,
            path: PathBuf::from("mine.toml"),
            seeds: collection.seeds.iter().collect(),
            known_sources: &known,
            new_sources: None,
        };
        run(&target);
    }

    #[test]
    fn an_mcq_is_asked_field_by_field_and_checked_on_the_way() {
        with_target(|target| {
            let mut script = Script::new(&[
                "mcq",
                "Which edition was the 2025 summit?",
                "14th",
                "15th",
                "14TH", // refused: repeats option 1
                "16th",
                "",
                "15th",
                "shuffled",
                "Diplomacy", // refused: not kebab-case
                "diplomacy summit-2025",
                "adda247-notes-2025",
                "The 15th.",
                "Add it",
            ]);
            let taken = HashSet::from(["which-edition-was-the-2025-summit".to_string()]);
            let (card, parsed) = write_card(&mut script, target, &taken).unwrap();
            assert_eq!(
                script.refused,
                [
                    "option `14TH` repeats option 1; every option must be different",
                    "tag `Diplomacy` is not kebab-case; write it as `diplomacy`",
                ]
            );
            assert_eq!(
                card.render(),
                "[[card]]\nid = \"which-edition-was-the-2025-summit-2\"\nkind = \"mcq\"\nprompt = \"Which edition was the 2025 summit?\"\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\ntags = [\"diplomacy\", \"summit-2025\"]\nsource = \"adda247-notes-2025\"\nexplanation = \"The 15th.\"\n"
            );
            assert_eq!(parsed.kind(), Kind::Mcq);
            assert!(
                script.said.iter().any(|s| s.contains("Answer: (")),
                "{:?}",
                script.said
            );
        });
    }

    #[test]
    fn a_rows_card_is_asked_row_by_row_with_its_mismatches() {
        with_target(|target| {
            let mut script = Script::new(&[
                "rows",
                "Consider the following information about India–Japan agreements :",
                "Agreement; Year; Domain",
                "Joint Declaration on Security Cooperation; 2008", // refused: 2 cells
                "Joint Declaration on Security Cooperation; 2008; Security",
                "yes",
                "Information Protection Agreement; 2020; Defence",
                "no",
                "The notes date it to 2015.",
                "Digital Partnership; 2018; Technology",
                "yes",
                "", // no more rows
                "\"In how many",
                "",
                "adda247-notes-2025",
                "Two of the three rows are right.",
                "Add it",
            ]);
            let (card, parsed) = write_card(&mut script, target, &HashSet::new()).unwrap();
            assert_eq!(
                script.refused,
                ["give 3 cells, one per heading; found 2"],
                "{:?}",
                script.said
            );
            assert_eq!(parsed.kind(), Kind::Rows);
            let text = card.render();
            assert!(
                text.contains("columns = [\"Agreement\", \"Year\", \"Domain\"]"),
                "{text}"
            );
            assert!(
                text.contains("why = \"The notes date it to 2015.\""),
                "{text}"
            );
            assert!(text.contains("form = \"how-many\""), "{text}");
            assert!(
                script
                    .said
                    .iter()
                    .any(|s| s.contains("In how many of the above rows")),
                "{:?}",
                script.said
            );
        });
    }

    #[test]
    fn a_new_source_is_written_from_the_form_and_cited() {
        let dir = tempfile::TempDir::new().unwrap();
        let collection = Collection::load(&crate::deck::load::Decks::bundled());
        let known = crate::author::known_sources(&collection);
        let deck = collection.deck("at-a-glance").unwrap();
        let target = Target {
            deck,
            path: PathBuf::from("mine.toml"),
            seeds: collection.seeds.iter().collect(),
            known_sources: &known,
            new_sources: Some(dir.path().join("seeds")),
        };
        let mut script = Script::new(&[
            "recall",
            "Which city hosted the 2025 summit?",
            "Tokyo",
            "",      // no other accepted answers
            "typed", // typed and checked
            "",      // no tags
            "a new source",
            "adda247-notes-2025", // refused: already a source
            "Not Kebab",          // refused
            "hindu-editorial-2025",
            "Japan and India, a decade on",
            "The Hindu",
            "op-ed",
            "Held in Tokyo.",
            "Add it",
        ]);
        let written = write_card(&mut script, &target, &HashSet::new());
        let Ok((card, _)) = written else {
            panic!("{:?} {:?}", script.said, script.refused);
        };
        assert_eq!(script.refused.len(), 2, "{:?}", script.refused);
        assert!(
            card.render().contains("source = \"hindu-editorial-2025\""),
            "{}",
            card.render()
        );
        let note =
            std::fs::read_to_string(dir.path().join("seeds/hindu-editorial-2025.toml")).unwrap();
        let seed = crate::seeds::parse_seed(&note).unwrap();
        assert_eq!(seed.outlet.as_deref(), Some("The Hindu"));
        assert_eq!(seed.kind, "op-ed");
    }

    #[test]
    fn statements_assertion_pairs_and_numeric_come_out_valid() {
        let scripts: [&[&'static str]; 4] = [
            &[
                "statements",
                "Consider the following statements:",
                "Japan pledged ¥10 trillion.",
                "correct",
                "The pledge is over five years.",
                "incorrect",
                "It is over a decade.",
                "The summit was the 15th.",
                "correct",
                "",
                "the correct",
                "afresh",
                "3 at a time",
                "always \"How many",
                "",
                "(no source)",
                "",
                "Add it",
            ],
            &[
                "assertion",
                "",
                "India ran a trade deficit with Japan in FY24.",
                "correct",
                "Japan's exports to India were larger.",
                "two",
                "correct",
                "yes",
                "economy",
                "firstpost-analysis-2025",
                "The gap between the flows.",
                "Add it",
            ],
            &[
                "pairs",
                "Consider the following pairs:",
                "State; Prefecture",
                "made by the program",
                "Gujarat",
                "Shizuoka",
                "Maharashtra",
                "Shizuoka", // refused: appears twice on the right
                "Wakayama",
                "Uttar Pradesh",
                "Yamanashi",
                "",
                "Osaka; Miyagi",
                "\"How many",
                "",
                "visit-report-2025",
                "",
                "Add it",
            ],
            &[
                "numeric",
                "How large is the yen pledge?",
                "ten-ish", // refused: not an amount
                "10 trillion",
                "yen",
                "2%",
                "",
                "(no source)",
                "",
                "Add it",
            ],
        ];
        with_target(|target| {
            for answers in scripts {
                let mut script = Script::new(answers);
                let result = write_card(&mut script, target, &HashSet::new());
                let (card, parsed) = result
                    .unwrap_or_else(|e| panic!("{e:?}: {:?} {:?}", script.said, script.refused));
                let checked = text::check_card(
                    &card,
                    ParseContext::new(target.known_sources, target.deck.style),
                );
                assert!(checked.errors.is_empty(), "{:?}", checked.errors);
                assert_eq!(checked.card.as_ref(), Some(&parsed));
                match parsed.kind() {
                    Kind::Pairs => assert_eq!(script.refused.len(), 1, "{:?}", script.refused),
                    Kind::Numeric => assert!(
                        script.refused[0].starts_with("`value` `ten-ish` cannot be read"),
                        "{:?}",
                        script.refused
                    ),
                    _ => assert!(script.refused.is_empty(), "{:?}", script.refused),
                }
            }
        });
    }

    #[test]
    fn a_contradiction_is_caught_before_the_card_is_done_and_cancel_stops() {
        with_target(|target| {
            // Both statements false cannot be asked; the form says so and asks again.
            let mut script = Script::new(&[
                "assertion",
                "",
                "A.",
                "incorrect",
                "B.",
                "two",
                "incorrect",
                "correct",
                "",
                "(no source)",
                "",
                "Cancel",
            ]);
            assert!(matches!(
                write_card(&mut script, target, &HashSet::new()),
                Err(Stop::Quit)
            ));
            assert!(
                script
                    .said
                    .iter()
                    .any(|s| s.contains("both statements are false")),
                "{:?}",
                script.said
            );
        });
    }

    /// The card a script makes, checked again as a whole; fails with what the form said.
    fn scripted(target: &Target, answers: &[&'static str]) -> (String, Card, Vec<String>) {
        let mut script = Script::new(answers);
        let result = write_card(&mut script, target, &HashSet::new());
        let (card, parsed) =
            result.unwrap_or_else(|e| panic!("{e:?}: {:?} {:?}", script.said, script.refused));
        let checked = text::check_card(
            &card,
            ParseContext::new(target.known_sources, target.deck.style),
        );
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        (card.render(), parsed, script.refused)
    }

    #[test]
    fn a_statements_card_as_printed_with_written_options_and_not_correct() {
        with_target(|target| {
            let (text, parsed, refused) = scripted(
                target,
                &[
                    "statements",
                    "Consider the following statements :",
                    "The Chief Election Commissioner is appointed by the President.",
                    "correct",
                    "It conducts the elections to municipalities.",
                    "incorrect",
                    "State Election Commissions do.",
                    "It conducts the election of the Vice-President.",
                    "correct",
                    "",
                    "the statements that are not correct",
                    "as the paper prints it",
                    "written as the paper prints them",
                    "I only",
                    "I or II", // refused: neither a code nor a count
                    "II only",
                    "i only", // refused: already an option
                    "I and III",
                    "II and III",
                    "",
                    "",
                    "",
                    "(no source)",
                    "",
                    "Add it",
                ],
            );
            assert_eq!(refused.len(), 2, "{refused:?}");
            assert!(
                refused[0].starts_with("`I or II` is neither a code"),
                "{refused:?}"
            );
            assert_eq!(refused[1], "`i only` is already an option");
            for expected in [
                "ask = \"not-correct\"",
                "shuffle = false",
                "options = [\"I only\", \"II only\", \"I and III\", \"II and III\"]",
            ] {
                assert!(text.contains(expected), "{expected}\n{text}");
            }
            let asked = question::present_all(&parsed);
            assert!(
                asked
                    .text
                    .ends_with("Which of the statements given above are not correct?"),
                "{}",
                asked.text
            );
            assert_eq!(asked.answer_text, "(b) II only");
        });
    }

    #[test]
    fn a_printed_item_list_takes_its_own_closing_line_and_made_counts() {
        with_target(|target| {
            let (text, parsed, _) = scripted(
                target,
                &[
                    "statements",
                    "Consider the following countries :",
                    "Finland",
                    "correct",
                    "Austria",
                    "incorrect",
                    "",
                    "Norway",
                    "correct",
                    "",
                    "the correct",
                    "as the paper prints it",
                    "made from the statements",
                    "\"How many",
                    "How many of the above are members of NATO?",
                    "",
                    "(no source)",
                    "",
                    "Add it",
                ],
            );
            assert!(text.contains("form = \"how-many\""), "{text}");
            assert!(
                text.contains("question = \"How many of the above are members of NATO?\""),
                "{text}"
            );
            let asked = question::present_all(&parsed);
            let Response::Choice { options, correct } = &asked.response else {
                panic!("a choice")
            };
            assert_eq!(options, &["Only one", "Only two", "All the three", "None"]);
            assert_eq!(*correct, 1);
        });
    }

    #[test]
    fn an_assertion_with_a_stem_and_a_statement_three() {
        with_target(|target| {
            let (text, parsed, _) = scripted(
                target,
                &[
                    "assertion",
                    "With reference to weathering, consider the following statements :",
                    "Rainfall is one of the reasons for weathering of rocks.",
                    "correct",
                    "Rain water contains carbon dioxide in solution.",
                    "three",
                    "Rain water contains atmospheric oxygen.",
                    "correct",
                    "correct",
                    "only Statement-II",
                    "",
                    "(no source)",
                    "",
                    "Add it",
                ],
            );
            for expected in [
                "stem = \"With reference to weathering, consider the following statements :\"",
                "statement3 = \"Rain water contains atmospheric oxygen.\"",
                "statement3_correct = true",
                "explained_by = [2]",
            ] {
                assert!(text.contains(expected), "{expected}\n{text}");
            }
            let asked = question::present_all(&parsed);
            assert!(
                asked
                    .text
                    .starts_with("With reference to weathering, consider the following statements :\n\nStatement I : Rainfall"),
                "{}",
                asked.text
            );
            assert_eq!(
                asked.answer_text,
                "(b) Both Statement II and Statement III are correct but only one of them explains Statement I"
            );
        });
    }

    #[test]
    fn a_statement_three_with_no_option_fitting_is_asked_again() {
        with_target(|target| {
            // II correct but not explaining: no option says so; the form asks again.
            let mut script = Script::new(&[
                "assertion",
                "",
                "A.",
                "correct",
                "B.",
                "three",
                "C.",
                "correct",
                "incorrect",
                "no",
                "correct",
                "incorrect",
                "yes",
                "",
                "(no source)",
                "",
                "Add it",
            ]);
            let (card, parsed) = write_card(&mut script, target, &HashSet::new())
                .unwrap_or_else(|e| panic!("{e:?}: {:?}", script.said));
            assert!(
                script.said.iter().any(|s| s.starts_with("✘ ")),
                "{:?}",
                script.said
            );
            assert!(card.render().contains("explained_by = [2]"));
            assert_eq!(
                question::present_all(&parsed).answer_text,
                "(c) Only one of the Statements II and III is correct and that explains Statement I"
            );
        });
    }

    #[test]
    fn pairs_written_as_printed_with_a_mismatch_and_written_options() {
        with_target(|target| {
            let (text, parsed, _) = scripted(
                target,
                &[
                    "pairs",
                    "Consider the following pairs :",
                    "Lake; State",
                    "written",
                    "Loktak Lake",
                    "Manipur",
                    "correctly",
                    "Chilika Lake",
                    "Odisha",
                    "correctly",
                    "Wular Lake",
                    "Himachal Pradesh",
                    "not",
                    "",
                    "written as the paper prints them",
                    "I only",
                    "I and II only",
                    "II and III only",
                    "I, II and III",
                    "",
                    "Which of the pairs given above are correctly matched?",
                    "",
                    "(no source)",
                    "",
                    "Add it",
                ],
            );
            assert!(text.contains("correct = false"), "{text}");
            assert!(
                text.contains(
                    "options = [\"I only\", \"I and II only\", \"II and III only\", \"I, II and III\"]"
                ),
                "{text}"
            );
            let asked = question::present_all(&parsed);
            assert!(asked.text.contains("Wular Lake"), "{}", asked.text);
            assert!(
                asked
                    .text
                    .ends_with("Which of the pairs given above are correctly matched?")
            );
            assert_eq!(asked.answer_text, "(b) I and II only");
        });
    }
}
