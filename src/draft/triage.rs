//! Triage on a terminal: each draft shown as it will be asked, with the sentence it came
//! from and its lines, then accepted, edited (in the author's editor, checked by the deck
//! parser before it is kept), skipped, or the walk stopped. Every accepted card is handed
//! to `keep` at once (the command appends it to the deck through the `add` form's path),
//! so stopping, Ctrl-C or a closed terminal loses nothing already accepted.

use super::Draft;
use crate::author::form::preview;
use crate::author::text::{CardText, card_text};
use crate::deck::Card;
use crate::deck::diagnostic::Severity;
use crate::deck::parse::{ParseContext, parse_deck};
use crate::ui::Stop;
use crate::ui::prompt::Prompter;

/// What the walk did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Walked {
    /// The ids the accepted cards were kept under.
    pub accepted: Vec<String>,
    pub edited: usize,
    pub skipped: usize,
    /// Drafts not reached because the author stopped.
    pub left: usize,
}

const PROBE_HEADER: &str = "[deck]\nid = \"probe\"\ntitle = \"probe\"\n\n";

/// Reads a card the author edited: exactly one `[[card]]` the parser accepts, or the
/// problems, one line each, located within the edited text.
pub fn read_edited(
    text: &str,
    context: ParseContext<'_>,
) -> Result<(Card, Vec<String>), Vec<String>> {
    let probe = format!("{PROBE_HEADER}{text}");
    let header_lines = PROBE_HEADER.lines().count() + 1;
    let (parsed, diagnostics) = parse_deck(&probe, context);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for d in &diagnostics {
        let line = d
            .span
            .as_ref()
            .map(|s| probe[..s.start.min(probe.len())].matches('\n').count() + 1)
            .map_or(String::new(), |l| {
                format!("line {}: ", l.saturating_sub(header_lines - 1).max(1))
            });
        let mut message = format!("{line}{}", d.message);
        if let Some(help) = &d.help {
            message.push_str("; ");
            message.push_str(help);
        }
        match d.severity {
            Severity::Error => errors.push(message),
            Severity::Warning => warnings.push(message),
        }
    }
    let cards = parsed.map(|p| p.deck.cards).unwrap_or_default();
    if errors.is_empty() && cards.len() != 1 {
        errors.push(format!(
            "the text holds {} cards; keep exactly one `[[card]]`",
            cards.len()
        ));
    }
    match (errors.is_empty(), cards.into_iter().next()) {
        (true, Some(card)) => Ok((card, warnings)),
        _ => Err(errors),
    }
}

/// Fields the form does not offer: what the card is, and where it comes from.
const FIXED: &[&str] = &[
    "id", "kind", "source", "tags", "draft", "shuffle", "show", "value",
];

/// One field of a card's text the form can edit.
enum Place {
    /// A top-level string (`prompt`, `stem`, `answer`, `explanation`, …).
    Text(String),
    /// A top-level list of strings (`options`, `accept`), edited as "a; b; c".
    List(String),
    /// A string of a sub-table (`statements` 2's `text`, `pairs` 1's `right`).
    Item(String, usize, String),
}

/// The card's editable fields, in the order they are written, each with its label.
fn places(table: &toml_edit::Table) -> Vec<(String, Place)> {
    let mut out = Vec::new();
    for (key, item) in table.iter() {
        if FIXED.contains(&key) {
            continue;
        }
        match item {
            toml_edit::Item::Value(toml_edit::Value::String(s)) => {
                out.push((
                    format!("{key}: {}", s.value()),
                    Place::Text(key.to_string()),
                ));
            }
            toml_edit::Item::Value(toml_edit::Value::Array(a))
                if a.iter().all(|v| v.as_str().is_some()) =>
            {
                let joined: Vec<&str> = a.iter().filter_map(|v| v.as_str()).collect();
                out.push((
                    format!("{key}: {}", joined.join("; ")),
                    Place::List(key.to_string()),
                ));
            }
            toml_edit::Item::ArrayOfTables(tables) => {
                for (i, t) in tables.iter().enumerate() {
                    for (field, value) in t.iter() {
                        if let Some(s) = value.as_str() {
                            out.push((
                                format!("{key} {}, {field}: {s}", i + 1),
                                Place::Item(key.to_string(), i, field.to_string()),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn not_empty(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err("this cannot be empty".to_string())
    } else {
        Ok(())
    }
}

/// The `add` form's way of editing, on a drafted card: pick a field, change it (its text
/// offered to edit in place), pick another, until done; the card's text then goes through
/// the same check as an edit in `$EDITOR` ([`read_edited`]) before it can be kept.
pub fn edit_in_form(prompter: &mut dyn Prompter, text: &str) -> Result<String, Stop> {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Ok(text.to_string());
    };
    loop {
        let Some(table) = doc
            .get("card")
            .and_then(toml_edit::Item::as_array_of_tables)
            .and_then(|a| a.get(0))
        else {
            return Ok(doc.to_string());
        };
        let fields = places(table);
        let mut items = vec!["Done: check the card and show it".to_string()];
        items.extend(fields.iter().map(|(label, _)| {
            let short: String = label.chars().take(70).collect();
            if short.chars().count() < label.chars().count() {
                format!("{short}…")
            } else {
                short
            }
        }));
        let chosen = prompter.select("Which field?", &items, 0)?;
        let Some((_, place)) = chosen.checked_sub(1).and_then(|i| fields.get(i)) else {
            return Ok(doc.to_string());
        };
        let Some(table) = doc
            .get_mut("card")
            .and_then(toml_edit::Item::as_array_of_tables_mut)
            .and_then(|a| a.get_mut(0))
        else {
            return Ok(doc.to_string());
        };
        match place {
            Place::Text(key) => {
                let now = table
                    .get(key)
                    .and_then(|i| i.as_str())
                    .unwrap_or("")
                    .to_string();
                let new = prompter.text(&format!("Change {key}"), &now, false, &not_empty)?;
                table[key.as_str()] = toml_edit::value(new.trim());
            }
            Place::List(key) => {
                let now: Vec<String> = table
                    .get(key)
                    .and_then(|i| i.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let prompt = format!("Change {key}, separated by ;");
                let new = prompter.text(&prompt, &now.join("; "), false, &not_empty)?;
                let mut array = toml_edit::Array::new();
                for part in crate::author::form::split_list(&new, ';') {
                    array.push(part);
                }
                table[key.as_str()] = toml_edit::value(array);
            }
            Place::Item(key, i, field) => {
                let Some(sub) = table
                    .get_mut(key)
                    .and_then(toml_edit::Item::as_array_of_tables_mut)
                    .and_then(|a| a.get_mut(*i))
                else {
                    continue;
                };
                let now = sub
                    .get(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                let prompt = format!("Change {key} {}, {field}", i + 1);
                let new = prompter.text(&prompt, &now, false, &not_empty)?;
                sub[field.as_str()] = toml_edit::value(new.trim());
            }
        }
    }
}

/// Walks `drafts` on `prompter`. `edit` opens a card's text in the author's editor and
/// returns the text saved; `keep` appends an accepted card and returns its id.
pub fn walk(
    prompter: &mut dyn Prompter,
    drafts: &[Draft],
    known: ParseContext<'_>,
    edit: &mut dyn FnMut(&str) -> anyhow::Result<String>,
    keep: &mut dyn FnMut(CardText) -> anyhow::Result<String>,
) -> anyhow::Result<Walked> {
    let mut walked = Walked::default();
    for (i, draft) in drafts.iter().enumerate() {
        let (first, last) = draft.lines;
        let lines = if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}–{last}")
        };
        prompter.say("");
        prompter.say(&format!(
            "Draft {} of {} — from {lines}:",
            i + 1,
            drafts.len()
        ));
        prompter.say(&format!("  “{}”", draft.sentence));
        prompter.say("");
        prompter.say(&preview(&draft.card));
        let mut current: (CardText, Card) = (draft.text.clone(), draft.card.clone());
        let mut was_edited = false;
        loop {
            let items = [
                "Accept".to_string(),
                "Edit in $EDITOR".to_string(),
                "Edit in the form (field by field)".to_string(),
                "Skip".to_string(),
                "Stop (keep what was accepted)".to_string(),
            ];
            let choice = match prompter.select("This draft?", &items, 0) {
                Ok(choice) => choice,
                Err(Stop::Quit) => 4,
                Err(Stop::Io(e)) => {
                    return Err(anyhow::Error::new(e).context("the terminal failed"));
                }
            };
            match choice {
                0 => {
                    let id = keep(current.0.clone())?;
                    prompter.say(&format!("✔ kept as `{id}`"));
                    walked.accepted.push(id);
                    if was_edited {
                        walked.edited += 1;
                    }
                    break;
                }
                1 | 2 => {
                    let mut text = current.0.render();
                    loop {
                        text = if choice == 1 {
                            edit(&text)?
                        } else {
                            match edit_in_form(prompter, &text) {
                                Ok(text) => text,
                                Err(Stop::Quit) => break,
                                Err(Stop::Io(e)) => {
                                    return Err(
                                        anyhow::Error::new(e).context("the terminal failed")
                                    );
                                }
                            }
                        };
                        match read_edited(&text, known) {
                            Ok((card, warnings)) => {
                                let mut written = card_text(&card);
                                written.set_id(&card.id);
                                prompter.say("");
                                prompter.say(&preview(&card));
                                for w in &warnings {
                                    prompter.say(&format!("! warning: {w}"));
                                }
                                current = (written, card);
                                was_edited = true;
                                break;
                            }
                            Err(errors) => {
                                for e in &errors {
                                    prompter.say(&format!("✘ error: {e}"));
                                }
                                let again = [
                                    "Edit again".to_string(),
                                    "Keep the draft as it was".to_string(),
                                ];
                                match prompter.select("The edited card is not valid", &again, 0) {
                                    Ok(0) => continue,
                                    Ok(_) | Err(Stop::Quit) => break,
                                    Err(Stop::Io(e)) => {
                                        return Err(
                                            anyhow::Error::new(e).context("the terminal failed")
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                3 => {
                    walked.skipped += 1;
                    break;
                }
                _ => {
                    walked.left = drafts.len() - i;
                    return Ok(walked);
                }
            }
        }
    }
    Ok(walked)
}
