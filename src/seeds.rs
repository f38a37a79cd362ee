//! Source notes: one TOML file per article under `seeds/`, which cards cite by id.

use serde::{Deserialize, Serialize};

use crate::deck::diagnostic::Diagnostic;
use crate::deck::parse::is_kebab;

/// One source note, as written under `seeds/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub kind: String,
    /// The article file the note summarises.
    pub file: Option<String>,
    /// Where the article can be read, if it is online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub summary: String,
    #[serde(skip)]
    pub origin: String,
}

/// The kinds of article a note may describe.
pub const KINDS: &[&str] = &[
    "op-ed",
    "news-analysis",
    "news-report",
    "preview",
    "study-note",
    "press-release",
    "report",
    "past-paper",
];

/// Parses one source note; problems come back located in the file.
pub fn parse_seed(source: &str) -> Result<Seed, Vec<Diagnostic>> {
    // A note's text is shown (`upsc seeds`, explanations): no control characters in it.
    if let Ok(table) = toml::de::DeTable::parse(source) {
        let mut controls = Vec::new();
        crate::deck::parse::control_characters(table.get_ref(), &mut controls);
        if !controls.is_empty() {
            return Err(controls);
        }
    }
    let seed: Seed = toml::from_str(source).map_err(|e| {
        let message = e.message().trim().trim_end_matches('.').to_string();
        vec![Diagnostic::error(
            format!("invalid source note: {message}"),
            e.span(),
        )]
    })?;
    let mut problems = Vec::new();
    if !is_kebab(&seed.id) {
        problems.push(Diagnostic::error(
            format!("source id `{}` is not kebab-case", seed.id),
            None,
        ));
    }
    if !KINDS.contains(&seed.kind.as_str()) {
        problems.push(
            Diagnostic::error(format!("unknown source kind `{}`", seed.kind), None)
                .with_help(format!("use one of {}", KINDS.join(", "))),
        );
    }
    if problems.is_empty() {
        Ok(seed)
    } else {
        Err(problems)
    }
}
