//! CSV with a header row, for spreadsheets: `recall` and `mcq` cards, one per row.
//!
//! Columns (any order, names in any case): `prompt` and `answer` are required; `id`,
//! `kind` (`recall` or `mcq`; empty: `mcq` when there are options), `options` (`|`
//! between options, the answer repeating one exactly), `accept` (`|` between other
//! accepted answers), `shuffle` and `self_grade` (`true`/`false`, empty for the
//! default), `explanation`, `tags` and `source` (separated by spaces) are optional. A
//! literal `|` inside an option is written `\|`, a backslash before one `\\`. Export
//! writes every column, so CSV export and import give recall and mcq cards back exactly.

use std::collections::HashMap;

use super::{Row, RowError, join_bars, split_bars};
use crate::author::text::{CardText, toml_string};
use crate::deck::parse::suggest;
use crate::deck::{Body, Deck, Kind};
use crate::question;
use crate::text::strip_controls;

/// The columns, in the order export writes them.
pub const COLUMNS: [&str; 11] = [
    "id",
    "kind",
    "prompt",
    "answer",
    "options",
    "accept",
    "shuffle",
    "self_grade",
    "explanation",
    "tags",
    "source",
];

fn csv_error(error: &::csv::Error) -> RowError {
    let line = error.position().map_or(1, |p| p.line());
    match error.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => RowError::new(
            line,
            format!(
                "this row has {len} field{} but the header row has {expected_len}; put double quotes around a field that holds a comma",
                if *len == 1 { "" } else { "s" }
            ),
        ),
        _ => RowError::new(line, format!("{error}")),
    }
}

/// Reads every row; the rows that are well-formed and the problems of the others.
#[cfg(test)]
pub fn read(text: &str) -> (Vec<Row>, Vec<RowError>) {
    super::collect_rows(|take| each(text, take))
}

/// Reads the rows one at a time, in file order, handing each to `take` as it is read:
/// the row, or what is wrong with it (a problem with the header row comes first, and
/// then no row is read). So an import holds one row at a time, not the file's rows.
pub fn each(text: &str, mut take: impl FnMut(Result<Row, RowError>)) {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => return take(Err(csv_error(&e))),
    };
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        match COLUMNS.iter().find(|c| **c == name.as_str()) {
            Some(column) => {
                if columns.insert(column, i).is_some() {
                    errors.push(RowError::new(
                        1,
                        format!("column `{name}` appears twice; keep one of them"),
                    ));
                }
            }
            None => {
                let help = match suggest(name, COLUMNS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the columns are {}", COLUMNS.join(", ")),
                };
                errors.push(RowError::new(1, format!("unknown column `{name}`; {help}")));
            }
        }
    }
    for required in ["prompt", "answer"] {
        if !columns.contains_key(required) {
            errors.push(RowError::new(
                1,
                format!(
                    "no `{required}` column; the header row needs at least `prompt` and `answer`"
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return errors.into_iter().for_each(|e| take(Err(e)));
    }
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                take(Err(csv_error(&e)));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // Control characters (raw, or from a spreadsheet's cells) are never imported.
        let cleaned: Vec<(&str, String)> = COLUMNS
            .iter()
            .map(|&c| {
                let value = columns.get(c).and_then(|&i| record.get(i)).unwrap_or("");
                (c, strip_controls(value).trim().to_string())
            })
            .collect();
        let values: HashMap<&str, &str> = cleaned.iter().map(|(c, v)| (*c, v.as_str())).collect();
        take(row(line, &values).map_err(|message| RowError::new(line, message)));
    }
}

fn flag(name: &str, value: &str) -> Result<Option<bool>, String> {
    match value.to_lowercase().as_str() {
        "" => Ok(None),
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(format!(
            "`{name}` must be true or false (or empty), found `{value}`"
        )),
    }
}

/// One row as a card's TOML text, or what is wrong with it.
fn row(line: u64, values: &HashMap<&str, &str>) -> Result<Row, String> {
    let get = |name: &str| -> &str { values.get(name).copied().unwrap_or("") };
    let options = if get("options").is_empty() {
        Vec::new()
    } else {
        split_bars(get("options"))
    };
    let kind = match get("kind").to_lowercase().as_str() {
        "" if options.is_empty() => Kind::Recall,
        "" => Kind::Mcq,
        "recall" => Kind::Recall,
        "mcq" => Kind::Mcq,
        other if Kind::parse(other).is_some() => {
            return Err(format!(
                "kind `{other}` cannot be imported from CSV, only `recall` and `mcq`; write it in the deck file (docs/deck-format.md)"
            ));
        }
        other => {
            return Err(format!("unknown kind `{other}`; use `recall` or `mcq`"));
        }
    };
    let prompt = get("prompt");
    if prompt.is_empty() {
        return Err("the prompt is empty; every row needs its question in `prompt`".to_string());
    }
    let answer = get("answer");
    if answer.is_empty() {
        return Err("the answer is empty; every row needs its answer in `answer`".to_string());
    }
    let shuffle = flag("shuffle", get("shuffle"))?;
    let self_grade = flag("self_grade", get("self_grade"))?;
    let mut card = CardText::new();
    card.string("kind", kind.as_str()).string("prompt", prompt);
    match kind {
        Kind::Mcq => {
            if options.is_empty() {
                return Err(
                    "an mcq row needs its options in `options`, separated by `|`".to_string(),
                );
            }
            if let Some(n) = options.iter().position(String::is_empty) {
                return Err(format!(
                    "option {} is empty; separate options with a single `|`",
                    n + 1
                ));
            }
            for (column, given) in [
                ("accept", !get("accept").is_empty()),
                ("self_grade", self_grade.is_some()),
            ] {
                if given {
                    return Err(format!(
                        "`{column}` applies to recall cards only; leave it empty for an mcq"
                    ));
                }
            }
            card.strings("options", &options).string("answer", answer);
            if shuffle == Some(false) {
                card.boolean("shuffle", false);
            }
        }
        _ => {
            for (column, given) in [
                ("options", !options.is_empty()),
                ("shuffle", shuffle.is_some()),
            ] {
                if given {
                    return Err(format!(
                        "`{column}` applies to mcq cards only; leave it empty, or set `kind` to mcq"
                    ));
                }
            }
            card.string("answer", answer);
            if !get("accept").is_empty() {
                card.strings("accept", &split_bars(get("accept")));
            }
            if self_grade == Some(true) {
                card.boolean("self_grade", true);
            }
        }
    }
    let tags: Vec<&str> = get("tags").split_whitespace().collect();
    if !tags.is_empty() {
        card.strings("tags", &tags);
    }
    let sources: Vec<String> = get("source")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    match sources.as_slice() {
        [] => {}
        [one] => {
            card.raw("source", toml_string(one));
        }
        _ => {
            card.strings("source", &sources);
        }
    }
    if !get("explanation").is_empty() {
        card.string("explanation", get("explanation"));
    }
    let id = Some(get("id").to_string()).filter(|s| !s.is_empty());
    Ok(Row {
        line,
        id,
        card,
        question: prompt.to_string(),
    })
}

/// The header line of the CSV [`write()`] makes.
pub fn head() -> anyhow::Result<String> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write CSV: {e}"))?;
    Ok(String::from_utf8(bytes)?)
}

/// One deck's rows as [`write()`] writes them, and how many of its cards were written as
/// another kind.
pub fn rows(deck: &Deck) -> anyhow::Result<(String, usize)> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let mut converted = 0;
    {
        for card in &deck.cards {
            let mut fields: HashMap<&str, String> = HashMap::new();
            fields.insert("id", card.id.clone());
            match &card.body {
                Body::Recall(r) => {
                    fields.insert("kind", "recall".into());
                    fields.insert("prompt", r.prompt.clone());
                    fields.insert("answer", r.answer.clone());
                    fields.insert("accept", join_bars(&r.accept));
                    if r.self_grade {
                        fields.insert("self_grade", "true".into());
                    }
                }
                Body::Mcq(m) => {
                    fields.insert("kind", "mcq".into());
                    fields.insert("prompt", m.prompt.clone());
                    fields.insert("options", join_bars(&m.options));
                    fields.insert(
                        "answer",
                        m.options.get(m.answer).cloned().unwrap_or_default(),
                    );
                    if !m.shuffle {
                        fields.insert("shuffle", "false".into());
                    }
                }
                Body::Numeric(n) => {
                    converted += 1;
                    fields.insert("kind", "recall".into());
                    fields.insert("prompt", n.prompt.clone());
                    let answer = format!("{} {}", n.value_text, n.unit);
                    fields.insert("answer", answer.trim().to_string());
                    fields.insert("self_grade", "true".into());
                }
                Body::Statements(_) | Body::Pairs(_) | Body::Rows(_) | Body::Assertion(_) => {
                    converted += 1;
                    let q = question::present_all(card);
                    let question::Response::Choice { options, correct } = &q.response else {
                        continue;
                    };
                    fields.insert("kind", "mcq".into());
                    // A rows question's table in aligned columns, as printed.
                    fields.insert("prompt", question::table::plain(&q.text));
                    fields.insert("options", join_bars(options));
                    fields.insert("answer", options.get(*correct).cloned().unwrap_or_default());
                    // The four Statement-I/II options keep the Commission's order, and so does
                    // a statements card written as printed (`shuffle = false`), and a pairs
                    // card with written options (always asked as printed). A generated
                    // code list is shuffled when asked: written in one fixed order, its
                    // right answer would sit on the same letter card after card.
                    let printed = match &card.body {
                        Body::Assertion(_) => true,
                        Body::Statements(s) => !s.shuffle,
                        Body::Rows(r) => !r.shuffle,
                        Body::Pairs(p) => !p.options.is_empty(),
                        _ => false,
                    };
                    if printed {
                        fields.insert("shuffle", "false".into());
                    }
                }
            }
            fields.insert("explanation", card.explanation.clone().unwrap_or_default());
            fields.insert("tags", card.tags.join(" "));
            fields.insert("source", card.source.join(" "));
            let record: Vec<&str> = COLUMNS
                .iter()
                .map(|c| fields.get(c).map_or("", String::as_str))
                .collect();
            writer.write_record(&record)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write CSV: {e}"))?;
    Ok((String::from_utf8(bytes)?, converted))
}

/// The note an export with `converted` cards written as another kind ends with.
pub fn note(converted: usize) -> Option<String> {
    (converted > 0).then(|| {
        format!(
            "{} of kinds CSV cannot carry (statements, pairs, rows, assertion, numeric) {} written as mcq or recall cards; --format json keeps every kind",
            crate::text::Count::new(converted, "card", "cards"),
            crate::text::Count::new(converted, "card", "cards").agree("was", "were")
        )
    })
}

/// The decks as CSV with every column. Cards of the kinds CSV cannot carry are written as
/// they are asked: statements, pairs, rows and assertion as an mcq over the options shown by
/// [`question::present_all`] (in a fixed order), numeric as a self-graded recall card; the
/// second value says how many were, for a note.
#[cfg(test)]
pub fn write(decks: &[&Deck]) -> anyhow::Result<(String, Option<String>)> {
    let mut text = head()?;
    let mut converted = 0;
    for deck in decks {
        let (part, n) = rows(deck)?;
        text.push_str(&part);
        converted += n;
    }
    Ok((text, note(converted)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        read(text)
            .1
            .iter()
            .map(|e| format!("{}: {}", e.line, e.message))
            .collect()
    }

    #[test]
    fn rows_become_recall_and_mcq_cards() {
        let text = "prompt,answer,options,tags\n\"Which edition?\",15th,14th|15th|16th,diplomacy summit\nWho dissented?,Radhabinod Pal,,history\n";
        let (rows, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(
            rows[0].card.render(),
            "[[card]]\nkind = \"mcq\"\nprompt = \"Which edition?\"\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\ntags = [\"diplomacy\", \"summit\"]\n"
        );
        assert_eq!(
            rows[1].card.render(),
            "[[card]]\nkind = \"recall\"\nprompt = \"Who dissented?\"\nanswer = \"Radhabinod Pal\"\ntags = [\"history\"]\n"
        );
    }

    #[test]
    fn control_characters_are_not_imported() {
        let text = "prompt,answer,options\n\"Which\u{1b}]0;owned\u{7} edition?\",15th,14th|15th\u{9b}2J|16th\n\"over\rwrite\",a\u{0}b,\n";
        let (rows, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            rows[0].card.render(),
            "[[card]]\nkind = \"mcq\"\nprompt = \"Which edition?\"\noptions = [\"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\n"
        );
        assert_eq!(
            rows[1].card.render(),
            "[[card]]\nkind = \"recall\"\nprompt = \"overwrite\"\nanswer = \"ab\"\n"
        );
    }

    #[test]
    fn header_and_row_problems_are_located() {
        assert_eq!(
            messages("promt,answer\nq,a\n"),
            [
                "1: unknown column `promt`; did you mean `prompt`?",
                "1: no `prompt` column; the header row needs at least `prompt` and `answer`",
            ]
        );
        assert_eq!(
            messages(
                "prompt,answer,kind,shuffle\nq,a,statements,\nq,,,\nq,a,recall,true\nq,a,b,c,d\nq,a,,maybe\n"
            ),
            [
                "2: kind `statements` cannot be imported from CSV, only `recall` and `mcq`; write it in the deck file (docs/deck-format.md)",
                "3: the answer is empty; every row needs its answer in `answer`",
                "4: `shuffle` applies to mcq cards only; leave it empty, or set `kind` to mcq",
                "5: this row has 5 fields but the header row has 4; put double quotes around a field that holds a comma",
                "6: `shuffle` must be true or false (or empty), found `maybe`",
            ]
        );
    }
}
