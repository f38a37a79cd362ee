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
                "Skip".to_string(),
                "Stop (keep what was accepted)".to_string(),
            ];
            let choice = match prompter.select("This draft?", &items, 0) {
                Ok(choice) => choice,
                Err(Stop::Quit) => 3,
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
                1 => {
                    let mut text = current.0.render();
                    loop {
                        text = edit(&text)?;
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
                2 => {
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
