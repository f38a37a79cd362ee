//! The settings file itself: reading it with every problem located `path:line:column`
//! (as decks are checked), writing a new one with its comments, and changing one key with
//! `toml_edit` so that the learner's comments and order stay as they were.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml_edit::{DocumentMut, Item, Table, TableLike};

use super::keys::{self, KEYS, Key, Raw, TABLES, Value};
use crate::deck::diagnostic::{Diagnostic, FileReport, line_of};

/// A value the file sets, with the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub key: &'static Key,
    pub value: Value,
    pub line: usize,
}

/// The problems of a settings file, one located line each (`path:line:column: error: …`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct FileProblems {
    pub problems: Vec<String>,
}

impl fmt::Display for FileProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self
            .problems
            .first()
            .map_or("the settings file has a problem", String::as_str);
        write!(f, "{first}")?;
        match self.problems.len() {
            0 | 1 => Ok(()),
            2 => write!(f, " (and 1 more problem: `upsc config` lists them)"),
            n => write!(
                f,
                " (and {} more problems: `upsc config` lists them)",
                n - 1
            ),
        }
    }
}

/// Reads the settings file: `None` when there is none; its problems when it has any (no
/// value of a broken file is used).
pub fn read(path: &Path) -> anyhow::Result<Option<Vec<Found>>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!(
            "cannot read the settings file {}: {e}; check its permissions",
            path.display()
        ),
    };
    let Ok(text) = String::from_utf8(text) else {
        anyhow::bail!(
            "the settings file {} is not UTF-8 text; save it as UTF-8",
            path.display()
        );
    };
    Ok(Some(parse(&path.display().to_string(), &text)?))
}

/// Reads the text of a settings file shown as `path` in messages.
pub fn parse(path: &str, source: &str) -> Result<Vec<Found>, FileProblems> {
    let (found, diagnostics) = walk(source);
    if diagnostics.is_empty() {
        return Ok(found);
    }
    let mut report = FileReport::new(path, source);
    report.diagnostics = diagnostics;
    Err(FileProblems {
        problems: report
            .diagnostics
            .iter()
            .map(|d| report.one_line(d))
            .collect(),
    })
}

/// Every value the file sets and every problem in it.
fn walk(source: &str) -> (Vec<Found>, Vec<Diagnostic>) {
    let (document, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        let diagnostics = errors
            .iter()
            .map(|e| {
                let message = e.message().trim().trim_end_matches('.');
                let message = message.lines().next().unwrap_or("invalid TOML");
                Diagnostic::error(format!("invalid TOML: {message}"), e.span()).with_help(
                    "fix the TOML on that line: one `key = value` a line, text in double quotes",
                )
            })
            .collect();
        return (Vec::new(), diagnostics);
    }
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    for (key, value) in document.get_ref().iter() {
        let name: &str = key.get_ref();
        if TABLES.contains(&name) {
            match value.get_ref() {
                DeValue::Table(table) => {
                    for (inner_key, inner_value) in table.iter() {
                        entry(
                            source,
                            &mut found,
                            &mut diagnostics,
                            Some(name),
                            inner_key,
                            inner_value,
                        );
                    }
                }
                other => diagnostics.push(
                    Diagnostic::error(
                        format!("`{name}` must be a table, found {}", other.type_str()),
                        Some(value.span()),
                    )
                    .with_help(format!("write its settings under a `[{name}]` line")),
                ),
            }
        } else {
            entry(source, &mut found, &mut diagnostics, None, key, value);
        }
    }
    // The parsed tables do not keep the file's order; the learner reads it top down.
    found.sort_by_key(|f| f.line);
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    (found, diagnostics)
}

/// Checks one `key = value` of the file (in `table`, when inside one).
fn entry(
    source: &str,
    found: &mut Vec<Found>,
    diagnostics: &mut Vec<Diagnostic>,
    table: Option<&str>,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
) {
    let leaf: &str = key.get_ref();
    let name = match table {
        Some(table) => format!("{table}.{leaf}"),
        None => leaf.to_string(),
    };
    let Some(known) = keys::find(&name) else {
        diagnostics.push(unknown(table, leaf, &name, key.span()));
        return;
    };
    match known.check(&raw(value.get_ref())) {
        Ok(checked) => found.push(Found {
            key: known,
            value: checked,
            line: line_of(source, key.span().start),
        }),
        Err(why) => {
            let help = match known.default_value() {
                Some(default) => format!("the default is {}", default.to_toml_text()),
                None => format!("write {}", known.expected()),
            };
            diagnostics.push(Diagnostic::error(why, Some(value.span())).with_help(help));
        }
    }
}

/// A key the file may not have, with the likeliest one meant.
fn unknown(table: Option<&str>, leaf: &str, name: &str, span: Range<usize>) -> Diagnostic {
    let what = match table {
        Some(table) => format!("unknown setting `{leaf}` in [{table}]"),
        None => format!("unknown setting `{leaf}`"),
    };
    let help = match keys::suggest_key(name).or_else(|| keys::suggest_key(leaf)) {
        Some(meant) => match keys::find(meant).and_then(Key::table) {
            Some(meant_table) if table != Some(meant_table) => format!(
                "did you mean `{}` in [{meant_table}]?",
                meant.split_once('.').map_or(meant, |(_, l)| l)
            ),
            Some(_) => format!(
                "did you mean `{}`?",
                meant.split_once('.').map_or(meant, |(_, l)| l)
            ),
            None if table.is_some() => format!(
                "did you mean `{meant}`? It goes at the top of the file, before any [table]"
            ),
            None => format!("did you mean `{meant}`?"),
        },
        None => {
            let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
            format!("the settings are {}", names.join(", "))
        }
    };
    Diagnostic::error(what, Some(span)).with_help(help)
}

/// A file value as the key checks see it.
fn raw(value: &DeValue<'_>) -> Raw {
    match value {
        DeValue::String(s) => Raw::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => Raw::Int(n),
            Err(_) => Raw::Text(i.as_str().to_string()),
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(n) => Raw::Float(n),
            Err(_) => Raw::Text(f.as_str().to_string()),
        },
        DeValue::Boolean(b) => Raw::Bool(*b),
        DeValue::Datetime(datetime) => {
            let date = datetime
                .date
                .filter(|_| datetime.time.is_none())
                .and_then(|d| {
                    chrono::NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    )
                });
            match date {
                Some(date) => Raw::Date(date),
                None => Raw::Time(datetime.to_string()),
            }
        }
        DeValue::Array(items) => Raw::Array(items.iter().map(|v| raw(v.get_ref())).collect()),
        DeValue::Table(_) => Raw::Table,
    }
}

/// The text of a new settings file: every setting documented and commented out with its
/// default (or an example), so that the file changes nothing until a line is uncommented.
pub fn template() -> String {
    let mut out = String::from(
        "\
# upsc settings.
#
# `upsc config` shows the settings in effect and where each comes from;
# `upsc config set KEY VALUE` changes one (`upsc config set exam.date 2027-05-23`)
# and keeps these comments. A setting left commented out (#) takes the default
# shown after its =. The environment variables UPSC_NEW_PER_DAY,
# UPSC_REVIEWS_PER_DAY and UPSC_DESIRED_RETENTION beat this file, and
# `upsc review --new N --limit N` beat them all. The scheduler's parameters fitted
# to your answers by `upsc optimize` are kept with your progress, not here.
",
    );
    let write_key = |out: &mut String, key: &Key| {
        out.push('\n');
        for line in key.doc {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        match (key.env, key.flag) {
            (Some(env), Some(flag)) => {
                out.push_str(&format!("# {env} and `upsc {flag}` override it.\n"))
            }
            (Some(env), None) => out.push_str(&format!("# {env} overrides it.\n")),
            _ => {}
        }
        let shown = key
            .default_value()
            .map(|v| v.to_toml_text())
            .or_else(|| key.example.map(str::to_string))
            .unwrap_or_default();
        out.push_str(&format!("# {} = {shown}\n", key.leaf()));
    };
    for key in KEYS.iter().filter(|k| k.table().is_none()) {
        write_key(&mut out, key);
    }
    for table in TABLES {
        out.push('\n');
        match *table {
            "exam" => out.push_str(
                "# The exam you are preparing for: with a date, revision is planned toward it.\n",
            ),
            "sync" => out.push_str("# Keeping your progress in step across computers.\n"),
            _ => {}
        }
        out.push_str(&format!("[{table}]\n"));
        for key in KEYS.iter().filter(|k| k.table() == Some(table)) {
            write_key(&mut out, key);
        }
    }
    out
}

/// One change to the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Give the key this (checked) value.
    Set(&'static Key, Value),
    /// Remove the key, so that its default applies again.
    Unset(&'static Key),
}

/// The text of the file after `edit`. Comments, blank lines and the order of keys are
/// kept: a key already set keeps its place and its comments; a key that a new file lists
/// commented out is uncommented in place; any other key is added at the end of its table.
pub fn apply(path: &str, text: &str, edit: &Edit) -> anyhow::Result<String> {
    let mut document: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map_or(1, |span| line_of(text, span.start));
        let message = e.message().trim().trim_end_matches('.');
        let message = message.lines().next().unwrap_or("invalid TOML");
        anyhow::anyhow!("cannot change {path}:{line}: invalid TOML: {message}; fix that line first")
    })?;
    let key = match edit {
        Edit::Set(key, _) | Edit::Unset(key) => *key,
    };
    let present = table_of(&mut document, key, false)?
        .and_then(|table| table.get(key.leaf()))
        .is_some();
    match edit {
        Edit::Set(_, value) => {
            if !present && let Some(changed) = uncomment(text, key, value) {
                return Ok(changed);
            }
            let Some(table) = table_of(&mut document, key, true)? else {
                anyhow::bail!("cannot add `{}` to {path}", key.name);
            };
            let mut new = value.to_toml();
            match table.get_mut(key.leaf()) {
                Some(Item::Value(old)) => {
                    *new.decor_mut() = old.decor().clone();
                    *old = new;
                }
                Some(item) => *item = Item::Value(new),
                None => {
                    table.insert(key.leaf(), Item::Value(new));
                }
            }
        }
        Edit::Unset(_) => {
            if !present {
                return Ok(text.to_string());
            }
            if let Some(changed) = comment_out(text, key) {
                return Ok(changed);
            }
            if let Some(table) = table_of(&mut document, key, false)? {
                table.remove(key.leaf());
            }
        }
    }
    Ok(document.to_string())
}

/// The table holding `key` (the document itself for a top-level key); with `create`, an
/// `[exam]` or `[sync]` table is added when missing.
fn table_of<'d>(
    document: &'d mut DocumentMut,
    key: &Key,
    create: bool,
) -> anyhow::Result<Option<&'d mut dyn TableLike>> {
    let Some(name) = key.table() else {
        return Ok(Some(document.as_table_mut() as &mut dyn TableLike));
    };
    if document.get(name).is_none() {
        if !create {
            return Ok(None);
        }
        document.insert(name, Item::Table(Table::new()));
    }
    match document.get_mut(name).and_then(Item::as_table_like_mut) {
        Some(table) => Ok(Some(table)),
        None => anyhow::bail!(
            "`{name}` in the settings file is not a table; make it a `[{name}]` section first"
        ),
    }
}

/// The lines of `text` with the section (top or `[table]`) each is in.
fn sections(text: &str) -> Vec<(Option<String>, &str)> {
    let mut current = None;
    text.split_inclusive('\n')
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with('[') && !trimmed.starts_with("[[") {
                let name = trimmed
                    .trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                current = Some(name);
            }
            (current.clone(), line)
        })
        .collect()
}

/// Whether `line` (its `#` removed when `commented`) is `leaf = …`.
fn assigns(line: &str, leaf: &str, commented: bool) -> bool {
    let line = line.trim_start();
    let line = if commented {
        match line.strip_prefix('#') {
            Some(rest) => rest.trim_start(),
            None => return false,
        }
    } else if line.starts_with('#') {
        return false;
    } else {
        line
    };
    line.strip_prefix(leaf)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// Replaces the commented-out `# leaf = …` line of the key's section, if there is one,
/// with the key set to `value`; `None` when there is no such line or the result would not
/// read back as that value.
fn uncomment(text: &str, key: &Key, value: &Value) -> Option<String> {
    let lines = sections(text);
    let table = key.table().map(str::to_string);
    let index = lines
        .iter()
        .position(|(section, line)| *section == table && assigns(line, key.leaf(), true))?;
    let mut out = String::with_capacity(text.len() + 16);
    for (i, (_, line)) in lines.iter().enumerate() {
        if i == index {
            let ending = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!(
                "{} = {}{ending}",
                key.leaf(),
                value.to_toml_text()
            ));
        } else {
            out.push_str(line);
        }
    }
    let reread = parse("", &out).ok()?;
    reread
        .iter()
        .any(|f| f.key.name == key.name && f.value == *value)
        .then_some(out)
}

/// Turns the key's one-line `leaf = …` back into the commented-out default of a new file,
/// keeping the comments above it; `None` when the key is not on one line of its own.
fn comment_out(text: &str, key: &Key) -> Option<String> {
    let lines = sections(text);
    let table = key.table().map(str::to_string);
    let index = lines
        .iter()
        .position(|(section, line)| *section == table && assigns(line, key.leaf(), false))?;
    let shown = key
        .default_value()
        .map(|v| v.to_toml_text())
        .or_else(|| key.example.map(str::to_string))
        .unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 2);
    for (i, (_, line)) in lines.iter().enumerate() {
        if i == index {
            let ending = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!(
                "# {} = {shown}{}{ending}",
                key.leaf(),
                trailing_comment(line, key.leaf())
            ));
        } else {
            out.push_str(line);
        }
    }
    let document: DocumentMut = out.parse().ok()?;
    let gone = match key.table() {
        None => document.get(key.leaf()).is_none(),
        Some(name) => document
            .get(name)
            .and_then(Item::as_table_like)
            .is_none_or(|t| t.get(key.leaf()).is_none()),
    };
    gone.then_some(out)
}

/// The comment at the end of a one-line `leaf = value  # comment`, with the space before
/// it ("" when there is none).
fn trailing_comment(line: &str, leaf: &str) -> String {
    let document: Option<DocumentMut> = line.trim().parse().ok();
    document
        .and_then(|d| {
            let suffix = d
                .get(leaf)?
                .as_value()?
                .decor()
                .suffix()?
                .as_str()?
                .to_string();
            Some(suffix.trim_end().to_string())
        })
        .filter(|s| s.trim_start().starts_with('#'))
        .unwrap_or_default()
}

/// What [`edit`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Edited {
    /// The file did not exist and was written, with its comments.
    pub created: bool,
    /// The file's text changed.
    pub changed: bool,
    /// Problems the file still has elsewhere (each `path:line:column: …`).
    pub remaining: Vec<String>,
}

/// Changes one key of the settings file at `path`, creating the file (with its comments)
/// when it does not exist; removing a key from a file that does not exist writes nothing.
pub fn edit(path: &Path, edit: &Edit) -> anyhow::Result<Edited> {
    let shown = path.display().to_string();
    let (text, created) = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(_) => {
                anyhow::bail!("the settings file {shown} is not UTF-8 text; save it as UTF-8")
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if matches!(edit, Edit::Unset(_)) {
                return Ok(Edited {
                    created: false,
                    changed: false,
                    remaining: Vec::new(),
                });
            }
            (template(), true)
        }
        Err(e) => {
            anyhow::bail!("cannot read the settings file {shown}: {e}; check its permissions")
        }
    };
    let new_text = apply(&shown, &text, edit)?;
    let remaining = parse(&shown, &new_text)
        .err()
        .map(|p| p.problems)
        .unwrap_or_default();
    let changed = created || new_text != text;
    if changed {
        write(path, &new_text, created)?;
    }
    Ok(Edited {
        created,
        changed,
        remaining,
    })
}

/// Writes a new settings file with every setting documented and commented out; `false`
/// when one already exists (it is left alone).
pub fn init(path: &Path) -> anyhow::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    write(path, &template(), true)?;
    Ok(true)
}

fn write(path: &Path, text: &str, create: bool) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!(
                "cannot create the data folder {}: {e}; set UPSC_HOME to a folder upsc may write to",
                dir.display()
            )
        })?;
    }
    crate::fsutil::write_atomic(path, text, create).map_err(|e| {
        anyhow::anyhow!(
            "cannot write the settings file {}: {e:#}; check the folder's permissions",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> &'static Key {
        keys::find(name).unwrap_or_else(|| panic!("no key {name}"))
    }

    fn set(text: &str, name: &str, value: &str) -> String {
        let key = key(name);
        let value = key.parse_text(value).unwrap_or_else(|e| panic!("{e}"));
        apply("config.toml", text, &Edit::Set(key, value)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn values(text: &str) -> Vec<(&'static str, Value)> {
        parse("config.toml", text)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|f| (f.key.name, f.value))
            .collect()
    }

    #[test]
    fn the_new_file_sets_nothing_and_documents_every_key() {
        let text = template();
        assert_eq!(values(&text), vec![]);
        for key in KEYS {
            assert!(
                text.lines().any(|l| assigns(l, key.leaf(), true)),
                "{} is not in the template",
                key.name
            );
        }
        assert!(text.contains("# new_per_day = 20\n"), "{text}");
        assert!(
            text.contains("# learning_steps = [\"1m\", \"10m\"]\n"),
            "{text}"
        );
        assert!(text.contains("# date = 2027-05-23\n"), "{text}");
        assert!(text.contains("# target_recall = 0.9\n"), "{text}");
    }

    #[test]
    fn a_file_is_read_with_every_kind_of_value() {
        let text = "\
new_per_day = 30
desired_retention = 0.85
learning_steps = [\"30s\", \"10m\", \"1d\"]
style = \"2024\"

[exam]
date = 2027-05-23
name = \"Prelims 2027\"

[sync]
dir = \"/tmp/sync\"
";
        let found = parse("config.toml", text).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<(&str, usize)> = found.iter().map(|f| (f.key.name, f.line)).collect();
        assert_eq!(
            lines,
            vec![
                ("new_per_day", 1),
                ("desired_retention", 2),
                ("learning_steps", 3),
                ("style", 4),
                ("exam.date", 7),
                ("exam.name", 8),
                ("sync.dir", 11)
            ]
        );
        assert_eq!(found[2].value, Value::Steps(vec![30, 600, 86_400]));
        assert_eq!(found[6].value, Value::Text("/tmp/sync".into()));
        // A date may also be written as a string.
        assert_eq!(
            values("[exam]\ndate = \"2027-05-23\"\n"),
            vec![(
                "exam.date",
                Value::Date(chrono::NaiveDate::from_ymd_opt(2027, 5, 23).unwrap_or_default())
            )]
        );
    }

    #[test]
    fn problems_are_located_with_the_reason_and_a_suggestion() {
        let text = "new_per_dya = 10\ndesired_retention = 1.5\n\n[exam]\ndate = \"next May\"\nnew_per_day = 3\n";
        let problems = parse("/h/config.toml", text).unwrap_err().problems;
        assert_eq!(
            problems,
            vec![
                "/h/config.toml:1:1: error: unknown setting `new_per_dya`; did you mean `new_per_day`?",
                "/h/config.toml:2:21: error: `desired_retention` must be a number from 0.7 to 0.99, found 1.5; the default is 0.9",
                "/h/config.toml:5:8: error: `exam.date` must be a date written YYYY-MM-DD, like 2027-05-23, found the string \"next May\"; write a date written YYYY-MM-DD, like 2027-05-23",
                "/h/config.toml:6:1: error: unknown setting `new_per_day` in [exam]; did you mean `new_per_day`? It goes at the top of the file, before any [table]",
            ]
        );
        let problems = parse("c.toml", "target_recall = 0.9\n")
            .unwrap_err()
            .problems;
        assert_eq!(
            problems,
            vec![
                "c.toml:1:1: error: unknown setting `target_recall`; did you mean `target_recall` in [exam]?"
            ]
        );
    }

    #[test]
    fn broken_toml_names_the_line() {
        let problems = parse("c.toml", "new_per_day = 20\nreviews_per_day = \n")
            .unwrap_err()
            .problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("c.toml:2:"), "{problems:?}");
        assert!(problems[0].contains("invalid TOML"), "{problems:?}");
        let problems = parse("c.toml", "exam = 3\n").unwrap_err().problems;
        assert_eq!(
            problems,
            vec![
                "c.toml:1:8: error: `exam` must be a table, found integer; write its settings under a `[exam]` line"
            ]
        );
    }

    #[test]
    fn setting_a_key_of_a_new_file_uncomments_its_line_and_keeps_the_rest() {
        let before = template();
        let after = set(&before, "new_per_day", "35");
        assert_eq!(values(&after), vec![("new_per_day", Value::Whole(35))]);
        let changed: Vec<(&str, &str)> = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed, vec![("# new_per_day = 20", "new_per_day = 35")]);
        assert_eq!(before.lines().count(), after.lines().count());

        let after = set(&after, "exam.date", "2027-05-23");
        assert!(after.contains("[exam]\n"), "{after}");
        let exam_part = after.split("\n[exam]\n").nth(1).unwrap_or_default();
        assert!(exam_part.contains("\ndate = 2027-05-23\n"), "{after}");
        assert_eq!(values(&after).len(), 2);
    }

    #[test]
    fn setting_a_key_already_set_keeps_its_comments_and_place() {
        let text = "# my own note\nnew_per_day = 10 # ten is plenty\n\n# retention\ndesired_retention = 0.9\n";
        let after = set(text, "new_per_day", "15");
        assert_eq!(
            after,
            "# my own note\nnew_per_day = 15 # ten is plenty\n\n# retention\ndesired_retention = 0.9\n"
        );
        let after = set(&after, "learning_steps", "1m, 15m");
        assert_eq!(
            after,
            "# my own note\nnew_per_day = 15 # ten is plenty\n\n# retention\ndesired_retention = 0.9\nlearning_steps = [\"1m\", \"15m\"]\n"
        );
        // A table the file lacks is added at the end.
        let after = set(&after, "exam.target_recall", "0.97");
        assert!(
            after.ends_with("\n[exam]\ntarget_recall = 0.97\n"),
            "{after}"
        );
        // An inline table works too.
        let after = set("exam = { name = \"Prelims\" }\n", "exam.date", "2027-05-23");
        assert_eq!(values(&after).len(), 2, "{after}");
        assert!(after.starts_with("exam = { name = \"Prelims\""), "{after}");
    }

    #[test]
    fn unsetting_a_key_comments_it_out_again() {
        let kept = apply(
            "c",
            "a = 1\nnew_per_day = 3 # on weekdays\n",
            &Edit::Unset(key("new_per_day")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept, "a = 1\n# new_per_day = 20 # on weekdays\n");
        let text = set(&template(), "desired_retention", "0.85");
        let text = set(&text, "exam.name", "Prelims 2027");
        let key_r = key("desired_retention");
        let after = apply("c", &text, &Edit::Unset(key_r)).unwrap_or_else(|e| panic!("{e}"));
        let key_n = key("exam.name");
        let after = apply("c", &after, &Edit::Unset(key_n)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after, template());
        // A key the file does not set: nothing changes.
        let again = apply("c", &after, &Edit::Unset(key_n)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, after);
    }

    #[test]
    fn a_broken_file_is_not_edited() {
        let key = key("new_per_day");
        let error = apply("c.toml", "a = [\n", &Edit::Set(key, Value::Whole(3))).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("cannot change c.toml:"), "{message}");
        assert!(message.ends_with("fix that line first"), "{message}");
        let error = apply(
            "c.toml",
            "exam = 1\n",
            &Edit::Set(keys::find("exam.date").unwrap_or(key), Value::Whole(1)),
        )
        .unwrap_err();
        assert!(error.to_string().contains("not a table"), "{error}");
    }
}
