//! Source notes: one TOML file per article under `seeds/`, which cards cite by id.

use serde::{Deserialize, Serialize};

use crate::deck::diagnostic::Diagnostic;
use crate::deck::parse::is_kebab;
use crate::error::UsageError;

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
pub(crate) const KINDS: &[&str] = &[
    "op-ed",
    "news-analysis",
    "news-report",
    "preview",
    "study-note",
    "press-release",
    "report",
    "past-paper",
    "question-paper",
    "book",
    "newspaper",
    "other",
];

/// The checks a note must pass before it is written, each failing with one line.
pub(crate) fn validate_note(seed: &Seed) -> anyhow::Result<()> {
    if !is_kebab(&seed.id) {
        let fixed = Some(crate::deck::parse::slug(&seed.id, 8))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "my-source".to_string());
        return Err(UsageError(format!(
            "source id `{}` is not kebab-case; use lower-case words joined by `-`, e.g. `{fixed}`",
            seed.id
        ))
        .into());
    }
    if seed.title.is_empty() {
        return Err(UsageError("the title is empty; give one with `--title …`".into()).into());
    }
    if seed.outlet.as_deref().is_none_or(str::is_empty) {
        return Err(UsageError("the outlet is empty; give one with `--outlet …`".into()).into());
    }
    if !KINDS.contains(&seed.kind.as_str()) {
        return Err(UsageError(format!(
            "unknown source kind `{}`; use one of {}",
            seed.kind,
            KINDS.join(", ")
        ))
        .into());
    }
    if let Some(url) = &seed.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(UsageError(format!(
            "`{url}` is not a web address; give one starting with https://"
        ))
        .into());
    }
    Ok(())
}

/// Writes a new note as `DIR/ID.toml` after checking it ([`validate_note`]) and that its
/// text reads back as a valid note; never replaces a file.
pub(crate) fn write_note(dir: &std::path::Path, seed: &Seed) -> anyhow::Result<std::path::PathBuf> {
    validate_note(seed)?;
    let text = render_note(seed)?;
    if let Err(problems) = parse_seed(&text) {
        let first = problems
            .first()
            .map_or_else(|| "invalid".to_string(), |d| d.message.to_string());
        anyhow::bail!("the note would not be valid ({first}); check the values given");
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create `{}`: {e}; check that you may write there",
            dir.display()
        )
    })?;
    let path = dir.join(format!("{}.toml", seed.id));
    if path.exists() {
        anyhow::bail!(
            "`{}` already exists; choose another id or remove that file",
            path.display()
        );
    }
    crate::fsutil::write_atomic(&path, &text, true)?;
    Ok(path)
}

/// The note as TOML, with a reminder to write the summary when it is empty.
pub(crate) fn render_note(seed: &Seed) -> anyhow::Result<String> {
    let mut doc = toml_edit::DocumentMut::new();
    doc["id"] = toml_edit::value(seed.id.as_str());
    doc["title"] = toml_edit::value(seed.title.as_str());
    let optional = [
        ("outlet", &seed.outlet),
        ("author", &seed.author),
        ("date", &seed.date),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            doc[key] = toml_edit::value(value.as_str());
        }
    }
    doc["kind"] = toml_edit::value(seed.kind.as_str());
    if let Some(url) = &seed.url {
        doc["url"] = toml_edit::value(url.as_str());
    }
    doc["summary"] = toml_edit::value(seed.summary.as_str());
    let mut text = doc.to_string();
    if seed.summary.trim().is_empty() {
        text.push_str(
            "# Write the summary above in your own words: the facts cards will draw on.\n",
        );
    }
    Ok(text)
}

/// Parses one source note; problems come back located in the file.
pub(crate) fn parse_seed(source: &str) -> Result<Seed, Vec<Diagnostic>> {
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
