//! The typed walk over a spanned TOML tree: reading the fields a table should have,
//! reporting missing, unknown and wrongly typed ones at their spans, and the check for
//! control characters.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ids::{is_kebab, slug, suggest};
use crate::deck::diagnostic::{Diagnostic, LineStarts};
use crate::deck::{Form, Style};

pub(super) struct Walker<'s> {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) known_sources: Option<&'s HashSet<String>>,
    /// The style of a deck that does not say (see [`super::ParseContext`]).
    pub(super) default_style: Style,
    pub(super) cited: BTreeSet<String>,
    /// Line counting moves forward only, as cards come in file order; counting from the
    /// start for every card would make loading quadratic in the file's size.
    pub(super) lines: LineCounter,
    /// Line starts of the whole file, built the first time an earlier line is needed.
    pub(super) line_starts: Option<LineStarts>,
}

#[derive(Default)]
pub(super) struct LineCounter {
    pub(super) offset: usize,
    pub(super) line: usize,
}

impl LineCounter {
    pub(super) fn line_at(&mut self, source: &str, offset: usize) -> u32 {
        let offset = offset.min(source.len());
        if offset < self.offset {
            *self = LineCounter::default();
        }
        self.line += source.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        u32::try_from(self.line + 1).unwrap_or(u32::MAX)
    }
}

/// A cheap comparison key for "is this option/pair a repeat": case and spacing folded.
pub(super) fn repeat_key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One table being read: its entries and the span to blame when a field is missing.
pub(super) struct Table<'t, 'i> {
    pub(super) entries: &'t DeTable<'i>,
    pub(super) span: Range<usize>,
    /// "card", "[deck]", "statement" — used in messages.
    pub(super) what: &'static str,
}

impl<'t, 'i> Table<'t, 'i> {
    pub(super) fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.entries.get(key)
    }
}

impl<'t, 'i> Table<'t, 'i> {
    pub(super) fn new(entries: &'t DeTable<'i>, span: Range<usize>, what: &'static str) -> Self {
        Table {
            entries,
            span,
            what,
        }
    }
}

impl<'s> Walker<'s> {
    pub(super) fn new(context: super::ParseContext<'s>) -> Self {
        Walker {
            diagnostics: Vec::new(),
            known_sources: context.known_sources,
            default_style: context.style,
            cited: BTreeSet::new(),
            lines: LineCounter::default(),
            line_starts: None,
        }
    }

    pub(super) fn error(
        &mut self,
        message: impl Into<Cow<'static, str>>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::error(message, Some(span)))
    }

    pub(super) fn warning(
        &mut self,
        message: impl Into<Cow<'static, str>>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::warning(message, Some(span)))
    }

    pub(super) fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        let index = self.diagnostics.len();
        self.diagnostics.push(diagnostic);
        &mut self.diagnostics[index]
    }

    /// Reports every key that is not one of `allowed`, with the closest allowed name.
    pub(super) fn unknown_fields(&mut self, table: &Table, allowed: &[&[&str]]) {
        for (key, _) in table.entries.iter() {
            let name: &str = key.get_ref();
            if allowed.iter().any(|set| set.contains(&name)) {
                continue;
            }
            let span = key.span();
            let suggestion = suggest(name, allowed.iter().flat_map(|s| s.iter().copied()));
            let what = table.what;
            let diagnostic = self.error(format!("unknown field `{name}` in {what}"), span);
            match suggestion {
                Some(s) => diagnostic.help = Some(format!("did you mean `{s}`?").into()),
                None => {
                    let list = allowed
                        .iter()
                        .flat_map(|s| s.iter())
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    diagnostic.help = Some(format!("expected one of {list}").into());
                }
            }
        }
    }

    pub(super) fn missing(&mut self, table: &Table, key: &str, example: &str) {
        let what = table.what;
        self.error(format!("missing field `{key}` in {what}"), header(table))
            .help = Some(format!("add `{key} = {example}`").into());
    }

    pub(super) fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue>) {
        let found = value.get_ref().type_str();
        self.error(
            format!("`{key}` must be {expected}, found {found}"),
            value.span(),
        );
    }

    pub(super) fn string(
        &mut self,
        table: &Table,
        key: &str,
        required: bool,
    ) -> Option<Spanned<String>> {
        let Some(value) = table.get(key) else {
            if required {
                self.missing(table, key, "\"…\"");
            }
            return None;
        };
        match value.get_ref().as_str() {
            Some(s) if s.trim().is_empty() => {
                self.error(format!("`{key}` is empty"), value.span());
                None
            }
            Some(s) => Some(Spanned::new(value.span(), s.to_string())),
            None => {
                self.wrong_type(key, "a string", value);
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, table: &Table, key: &str, required: bool) -> Option<bool> {
        let Some(value) = table.get(key) else {
            if required {
                self.missing(table, key, "true");
            }
            return None;
        };
        let found = value.get_ref().as_bool();
        if found.is_none() {
            self.wrong_type(key, "true or false", value);
        }
        found
    }

    pub(super) fn integer(
        &mut self,
        table: &Table,
        key: &str,
        range: Range<usize>,
    ) -> Option<Spanned<usize>> {
        let value = table.get(key)?;
        let Some(number) = value.get_ref().as_integer() else {
            self.wrong_type(key, "a whole number", value);
            return None;
        };
        let parsed = i64::from_str_radix(number.as_str().replace('_', "").as_str(), number.radix())
            .ok()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| range.contains(n));
        if parsed.is_none() {
            let (low, high) = (range.start, range.end - 1);
            self.error(
                format!("`{key}` must be between {low} and {high}"),
                value.span(),
            );
        }
        parsed.map(|n| Spanned::new(value.span(), n))
    }

    /// A list of strings; with `one_or_many`, a single string is accepted as a list of one.
    pub(super) fn strings(
        &mut self,
        table: &Table,
        key: &str,
        one_or_many: bool,
    ) -> Vec<Spanned<String>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        if one_or_many && let Some(s) = value.get_ref().as_str() {
            return vec![Spanned::new(value.span(), s.to_string())];
        }
        let Some(items) = value.get_ref().as_array() else {
            let expected = if one_or_many {
                "a string or an array of strings"
            } else {
                "an array of strings"
            };
            self.wrong_type(key, expected, value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(s) if !s.trim().is_empty() => {
                    out.push(Spanned::new(item.span(), s.to_string()))
                }
                Some(_) => {
                    self.error(format!("`{key}` holds an empty string"), item.span());
                }
                None => self.wrong_type(&format!("each item of `{key}`"), "a string", item),
            }
        }
        out
    }

    /// An array of tables (`[[card.statements]]` or an inline array of inline tables).
    pub(super) fn tables<'t, 'i>(
        &mut self,
        table: &Table<'t, 'i>,
        key: &str,
        what: &'static str,
    ) -> Vec<Table<'t, 'i>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(key, "an array of tables", value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref().as_table() {
                Some(entries) => out.push(Table::new(entries, item.span(), what)),
                None => self.wrong_type(&format!("each item of `{key}`"), "a table", item),
            }
        }
        out
    }

    pub(super) fn tags(&mut self, table: &Table, key: &str) -> Vec<String> {
        let tags = self.strings(table, key, false);
        tags.into_iter()
            .filter_map(|tag| {
                if is_kebab(tag.get_ref()) {
                    Some(tag.into_inner())
                } else {
                    let fixed = slug(tag.get_ref(), 8);
                    self.error(
                        format!("tag `{}` is not kebab-case", tag.get_ref()),
                        tag.span(),
                    )
                    .help = Some(format!("write it as `{fixed}`").into());
                    None
                }
            })
            .collect()
    }

    /// The names of lints silenced by a `lint = [...]` list; an unknown name is an error
    /// with the closest known one.
    pub(super) fn lints(&mut self, table: &Table) -> Vec<String> {
        let names = self.strings(table, "lint", true);
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            if crate::deck::lint::NAMES.contains(&name.get_ref().as_str()) {
                out.push(name.into_inner());
                continue;
            }
            let suggestion = suggest(name.get_ref(), crate::deck::lint::NAMES.iter().copied());
            self.error(format!("unknown lint `{}`", name.get_ref()), name.span())
                .help = Some(
                match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of {}", crate::deck::lint::names_listed()),
                }
                .into(),
            );
        }
        out
    }

    pub(super) fn sources(&mut self, table: &Table, key: &str, one_or_many: bool) -> Vec<String> {
        let sources = self.strings(table, key, one_or_many);
        for source in &sources {
            // Most cards cite what the card before them cited: look before copying.
            if !self.cited.contains(source.get_ref()) {
                self.cited.insert(source.get_ref().clone());
            }
        }
        let Some(known) = self.known_sources else {
            return sources.into_iter().map(Spanned::into_inner).collect();
        };
        for source in &sources {
            let id = source.get_ref();
            if known.contains(id) {
                continue;
            }
            let suggestion = suggest(id, known.iter().map(String::as_str));
            let diagnostic = self.error(format!("unknown source `{id}`"), source.span());
            diagnostic.help = Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "add a source note with this id under `seeds/`, or run `upsc seeds` to list them"
                    .to_string(),
            }.into());
        }
        sources.into_iter().map(Spanned::into_inner).collect()
    }

    /// A name from a fixed list (`style`, `ask`): unknown ones are errors with the closest.
    pub(super) fn choice<T: Copy>(
        &mut self,
        table: &Table,
        key: &str,
        known: &[(&'static str, T)],
    ) -> Option<Spanned<T>> {
        let value = self.string(table, key, false)?;
        if let Some((_, found)) = known.iter().find(|(name, _)| name == value.get_ref()) {
            return Some(Spanned::new(value.span(), *found));
        }
        let names = known.iter().map(|(name, _)| *name);
        let suggestion = suggest(value.get_ref(), names.clone());
        let listed = names.map(|n| format!("`\"{n}\"`")).collect::<Vec<_>>();
        let d = self.error(format!("unknown {key} `{}`", value.get_ref()), value.span());
        let choices = format!("use {}", listed.join(" or "));
        d.help = Some(
            match suggestion {
                Some(s) => format!("did you mean `\"{s}\"`? {choices}"),
                None => choices,
            }
            .into(),
        );
        None
    }

    pub(super) fn style(&mut self, table: &Table) -> Option<Style> {
        let known = Style::ALL.map(|s| (s.as_str(), s));
        self.choice(table, "style", &known).map(Spanned::into_inner)
    }

    pub(super) fn form(&mut self, table: &Table) -> Option<Spanned<Form>> {
        let value = self.string(table, "form", false)?;
        match value.get_ref().as_str() {
            "which" => Some(Spanned::new(value.span(), Form::Which)),
            "how-many" => Some(Spanned::new(value.span(), Form::HowMany)),
            other => {
                let suggestion = suggest(other, ["which", "how-many"]);
                let d = self.error(format!("unknown form `{other}`"), value.span());
                d.help = Some(
                    match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "use `which` or `how-many`".to_string(),
                    }
                    .into(),
                );
                None
            }
        }
    }
}

/// The span of a table's header line, for problems with the table as a whole.
pub(super) fn header(table: &Table) -> Range<usize> {
    table.span.start..table.span.start
}

/// Every string under `table` — values at any depth and the keys themselves — that holds
/// a control character (see [`crate::text::first_control`]), as an error at the string.
/// Such a character, written as an escape like `\u001b`, would reach the terminal when
/// the text is shown and could retitle, clear or rewrite it.
pub fn control_characters(table: &DeTable, out: &mut Vec<Diagnostic>) {
    for (key, value) in table.iter() {
        control_in_string(key.get_ref(), key.span(), "key", out);
        control_in_value(value, out);
    }
}

pub(super) fn control_in_value(value: &Spanned<DeValue>, out: &mut Vec<Diagnostic>) {
    match value.get_ref() {
        DeValue::String(text) => control_in_string(text, value.span(), "string", out),
        DeValue::Array(items) => {
            for item in items.iter() {
                control_in_value(item, out);
            }
        }
        DeValue::Table(table) => control_characters(table, out),
        _ => {}
    }
}

pub(super) fn control_in_string(
    text: &str,
    span: Range<usize>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(c) = crate::text::first_control(text) {
        let name = crate::text::control_name(c);
        out.push(
            Diagnostic::error(
                format!(
                    "control character {name} in a {what}: it could rewrite or clear the terminal"
                ),
                Some(span),
            )
            .with_help(format!(
                "remove the control character {name} (written as an escape such as `\\u{:04X}`)",
                c as u32
            )),
        );
    }
}
