//! `upsc check --fix`: fills in missing card ids and trims spaces around one-line strings,
//! editing through `toml_edit` so that comments, key order and layout stay as written.
//! Nothing else is changed: whatever needs a person's judgement is left to `check` to
//! report.

use std::path::{Path, PathBuf};

use toml_edit::{Document, DocumentMut, Item, Table, Value};

use crate::config::Config;
use crate::deck::diagnostic::line_of;
use crate::deck::load::{self, DeckSource};

use super::text::toml_string;

/// One change, for the report: `path:line: what`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub what: String,
}

/// A step from a table to what it holds.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

enum Edit {
    /// Give card `index` this id, as its first field.
    FillId { index: usize, id: String },
    /// Replace the string at `path` with this TOML value text.
    Replace { path: Vec<Step>, value: String },
}

/// Fixes one deck file's text. `None` when it is not valid TOML (`check` says why) or
/// there is nothing to fix.
pub fn fix_text(text: &str) -> Option<(String, Vec<Change>)> {
    let document = Document::parse(text.to_string()).ok()?;
    let mut edits: Vec<Edit> = Vec::new();
    let mut changes: Vec<Change> = Vec::new();

    // Strings first, so that an id made from a trimmed question is made from the trimmed
    // text.
    let mut path = Vec::new();
    trims(
        document.as_item(),
        &mut path,
        text,
        &mut edits,
        &mut changes,
    );

    if let Some(cards) = document.get("card").and_then(Item::as_array_of_tables) {
        let mut taken = super::IdMaker::new(
            cards
                .iter()
                .filter_map(|c| c.get("id").and_then(Item::as_str))
                .map(str::to_string)
                .collect(),
        );
        for (index, card) in cards.iter().enumerate() {
            if card.contains_key("id") {
                continue;
            }
            let question = ["prompt", "stem", "statement1"]
                .iter()
                .find_map(|k| card.get(k).and_then(Item::as_str))
                .map(str::trim)
                .unwrap_or_default();
            let id = taken.derive(question);
            let line = card.span().map_or(1, |s| line_of(text, s.start));
            changes.push(Change {
                line,
                what: format!("filled id {}", toml_string(&id)),
            });
            edits.push(Edit::FillId { index, id });
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut doc = document.into_mut();
    for edit in edits {
        apply(&mut doc, edit);
    }
    changes.sort_by_key(|c| c.line);
    Some((doc.to_string(), changes))
}

/// Finds one-line strings with spaces around them, anywhere in the file.
fn trims(
    item: &Item,
    path: &mut Vec<Step>,
    text: &str,
    edits: &mut Vec<Edit>,
    changes: &mut Vec<Change>,
) {
    match item {
        Item::Value(value) => trim_value(value, path, text, edits, changes),
        Item::Table(table) => trim_table(table, path, text, edits, changes),
        Item::ArrayOfTables(array) => {
            for (i, table) in array.iter().enumerate() {
                path.push(Step::Index(i));
                trim_table(table, path, text, edits, changes);
                path.pop();
            }
        }
        Item::None => {}
    }
}

fn trim_table(
    table: &Table,
    path: &mut Vec<Step>,
    text: &str,
    edits: &mut Vec<Edit>,
    changes: &mut Vec<Change>,
) {
    for (key, item) in table.iter() {
        path.push(Step::Key(key.to_string()));
        trims(item, path, text, edits, changes);
        path.pop();
    }
}

fn trim_value(
    value: &Value,
    path: &mut Vec<Step>,
    text: &str,
    edits: &mut Vec<Edit>,
    changes: &mut Vec<Change>,
) {
    match value {
        Value::String(formatted) => {
            let written = formatted.value();
            let trimmed = written.trim();
            // The value as written in the file (its quotes tell literal from basic).
            let repr = formatted
                .span()
                .and_then(|s| text.get(s))
                .map_or_else(|| formatted.display_repr().into_owned(), str::to_string);
            let multi_line = repr.starts_with("\"\"\"") || repr.starts_with("'''");
            if multi_line || trimmed == written || trimmed.is_empty() {
                return;
            }
            let literal = repr.starts_with('\'') && !trimmed.contains('\'');
            let value = if literal {
                format!("'{trimmed}'")
            } else {
                toml_string(trimmed)
            };
            let line = value_line(formatted.span(), text);
            changes.push(Change {
                line,
                what: format!("trimmed spaces around `{}`", label(path)),
            });
            edits.push(Edit::Replace {
                path: path.clone(),
                value,
            });
        }
        Value::Array(array) => {
            for (i, v) in array.iter().enumerate() {
                path.push(Step::Index(i));
                trim_value(v, path, text, edits, changes);
                path.pop();
            }
        }
        Value::InlineTable(table) => {
            for (key, v) in table.iter() {
                path.push(Step::Key(key.to_string()));
                trim_value(v, path, text, edits, changes);
                path.pop();
            }
        }
        _ => {}
    }
}

fn value_line(span: Option<std::ops::Range<usize>>, text: &str) -> usize {
    span.map_or(1, |s| line_of(text, s.start))
}

/// `prompt`, `options[2]`, `statements[1].text` — the path below the card (or `[deck]`).
fn label(path: &[Step]) -> String {
    let below = match path.first() {
        Some(Step::Key(k)) if k == "card" => &path[2.min(path.len())..],
        Some(Step::Key(k)) if k == "deck" => &path[1..],
        _ => path,
    };
    let mut out = String::new();
    for step in below {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

fn apply(doc: &mut DocumentMut, edit: Edit) {
    match edit {
        Edit::FillId { index, id } => {
            let Some(card) = doc
                .get_mut("card")
                .and_then(|c| c.get_mut(index))
                .and_then(Item::as_table_mut)
            else {
                return;
            };
            let keys: Vec<String> = card.iter().map(|(k, _)| k.to_string()).collect();
            let entries: Vec<_> = keys.iter().filter_map(|k| card.remove_entry(k)).collect();
            card.insert("id", toml_edit::value(id));
            for (key, item) in entries {
                card.insert_formatted(&key, item);
            }
        }
        Edit::Replace { path, value } => {
            let Ok(mut new) = value.parse::<Value>() else {
                return;
            };
            let mut item = doc.as_item_mut();
            let mut steps = path.iter().peekable();
            while let Some(step) = steps.next() {
                let next = match step {
                    Step::Key(k) => item.get_mut(k.as_str()),
                    Step::Index(i) => item.get_mut(*i),
                };
                let Some(next) = next else { return };
                if steps.peek().is_none() {
                    if let Item::Value(old) = next {
                        *new.decor_mut() = old.decor().clone();
                        *old = new;
                    }
                    return;
                }
                item = next;
            }
        }
    }
}

/// Fixes every deck file under `paths` (or the configured deck folders) and prints what
/// changed; bundled decks are never touched.
pub fn run(config: &Config, paths: &[PathBuf]) -> anyhow::Result<String> {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        config
            .decks
            .sources
            .iter()
            .filter_map(|s| match s {
                DeckSource::Path(p) => Some(p.clone()),
                DeckSource::Bundled => None,
            })
            .collect()
    } else {
        paths.to_vec()
    };
    let mut report = String::new();
    let (mut fixed, mut files) = (0, 0);
    for root in &roots {
        let seeds = load::seeds_dir_for(root);
        let mut unreadable = Vec::new();
        for file in load::walk(root, &mut unreadable) {
            if seeds.as_ref().is_some_and(|s| file.starts_with(s)) {
                continue;
            }
            let Some(changes) = fix_file(&file)? else {
                continue;
            };
            files += 1;
            fixed += changes.len();
            for change in changes {
                report.push_str(&format!(
                    "{}:{}: {}\n",
                    file.display(),
                    change.line,
                    change.what
                ));
            }
        }
    }
    match (fixed, files) {
        (0, _) => report.push_str("nothing to fix\n"),
        (n, f) => report.push_str(&format!(
            "fixed {} in {}\n",
            crate::text::Count::new(n, "thing", "things"),
            crate::text::Count::new(f, "file", "files")
        )),
    }
    Ok(report)
}

/// Fixes one file in place; `None` when it is unreadable, not TOML, or fine as it is.
fn fix_file(path: &Path) -> anyhow::Result<Option<Vec<Change>>> {
    let Ok(text) = load::read(path) else {
        return Ok(None);
    };
    let Some((fixed, changes)) = fix_text(&text) else {
        return Ok(None);
    };
    crate::fsutil::write_atomic(path, &fixed, false)?;
    Ok(Some(changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_ids_and_trims_keeping_comments_and_order() {
        let text = "\
# my deck
[deck]
id = \"d\"
title = \"T \"   # a title

[[card]]
kind = \"mcq\"   # no id
prompt = \"Which edition was the 2025 summit?\"
options = [\"14th\", ' 15th', \"16th\"]
answer = \"15th\"

[[card]]
id = \"which-edition-was-the-2025-summit\"
kind = \"recall\"
prompt = \"Which edition?\"
answer = \"15th\"

[[card]]
# a statements card
kind = \"statements\"
stem = \"Consider the following statements:\"
explanation = \"\"\"
Kept as it is.
\"\"\"

[[card.statements]]
text = \"  One.\"
correct = true
";
        let (fixed, changes) = fix_text(text).unwrap();
        assert_eq!(
            fixed,
            "\
# my deck
[deck]
id = \"d\"
title = \"T\"   # a title

[[card]]
id = \"which-edition-was-the-2025-summit-2\"
kind = \"mcq\"   # no id
prompt = \"Which edition was the 2025 summit?\"
options = [\"14th\", '15th', \"16th\"]
answer = \"15th\"

[[card]]
id = \"which-edition-was-the-2025-summit\"
kind = \"recall\"
prompt = \"Which edition?\"
answer = \"15th\"

[[card]]
id = \"consider-the-following-statements\"
# a statements card
kind = \"statements\"
stem = \"Consider the following statements:\"
explanation = \"\"\"
Kept as it is.
\"\"\"

[[card.statements]]
text = \"One.\"
correct = true
"
        );
        let report: Vec<String> = changes
            .iter()
            .map(|c| format!("{}: {}", c.line, c.what))
            .collect();
        assert_eq!(
            report,
            [
                "4: trimmed spaces around `title`",
                "6: filled id \"which-edition-was-the-2025-summit-2\"",
                "9: trimmed spaces around `options[2]`",
                "18: filled id \"consider-the-following-statements\"",
                "27: trimmed spaces around `statements[1].text`",
            ]
        );
        assert_eq!(fix_text(&fixed), None, "a second run finds nothing");
    }
}
