//! `upsc source new`: write a validated source note into `<data dir>/seeds/`, so cards
//! can cite an aspirant's own article, press release, report or past paper.
//!
//! Everything comes from the flags; only when a required field is missing and there is a
//! terminal are the missing fields asked for.

use std::io::IsTerminal;

use anyhow::anyhow;

use crate::cli::{SourceArgs, SourceCommand, SourceNewArgs};
use crate::config::Config;
use crate::deck::load::{Collection, DeckSource};
use crate::error::{Exit, UsageError};
use crate::seeds::{KINDS, Seed, parse_seed};

pub fn run(config: &Config, args: &SourceArgs) -> anyhow::Result<Exit> {
    match &args.command {
        SourceCommand::New(new) => {
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            let seed = complete(new, terminal)?;
            let path = create(config, seed)?;
            crate::output::print(&format!(
                "Created {} with source `{}`. Cite it from a card with `source = \"{}\"`.\n",
                path.display(),
                new.id,
                new.id
            ))?;
            Ok(Exit::Ok)
        }
    }
}

/// The note the flags describe, with missing required fields asked for on a terminal.
pub fn complete(args: &SourceNewArgs, terminal: bool) -> anyhow::Result<Seed> {
    let ask = |what: &str, flag: &str| -> anyhow::Result<String> {
        if !terminal {
            return Err(UsageError(format!(
                "the source note needs {what}; give it with `--{flag} …`"
            ))
            .into());
        }
        let value: String = dialoguer::Input::new()
            .with_prompt(what)
            .interact_text()
            .map_err(|e| anyhow!("cannot read the answer: {e}; give it with `--{flag} …`"))?;
        Ok(value)
    };
    let title = match &args.title {
        Some(t) => t.clone(),
        None => ask("a title", "title")?,
    };
    let outlet = match &args.outlet {
        Some(o) => o.clone(),
        None => ask("an outlet (newspaper, website, publisher)", "outlet")?,
    };
    let kind = match &args.kind {
        Some(k) => k.clone(),
        None if terminal && args.title.is_none() => {
            let chosen = dialoguer::Select::new()
                .with_prompt("What kind of source is it?")
                .items(KINDS)
                .default(0)
                .interact()
                .map_err(|e| anyhow!("cannot read the answer: {e}; give it with `--kind …`"))?;
            KINDS
                .get(chosen)
                .copied()
                .unwrap_or("news-report")
                .to_string()
        }
        None => "news-report".to_string(),
    };
    let seed = Seed {
        id: args.id.clone(),
        title: title.trim().to_string(),
        outlet: Some(outlet.trim().to_string()),
        author: args.author.clone(),
        date: args.date.clone(),
        kind,
        file: None,
        url: args.url.clone(),
        summary: args.summary.clone().unwrap_or_default(),
        origin: String::new(),
    };
    validate(&seed)?;
    Ok(seed)
}

/// The checks a note must pass before it is written, each failing with one line.
pub fn validate(seed: &Seed) -> anyhow::Result<()> {
    crate::author::require_kebab_id(&seed.id)?;
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

/// Writes the note as `<data dir>/seeds/ID.toml`, refusing to replace anything.
pub fn create(config: &Config, seed: Seed) -> anyhow::Result<std::path::PathBuf> {
    let mut sources = config.decks.clone();
    sources.push(DeckSource::Path(config.user_decks()));
    let known = Collection::load_seeds(&sources);
    if let Some(existing) = known.seeds.iter().find(|s| s.id == seed.id) {
        return Err(anyhow!(
            "a source note `{}` already exists ({}); choose another id",
            seed.id,
            existing.origin
        ));
    }
    let text = render(&seed)?;
    // What is written must read back as a valid note.
    if let Err(problems) = parse_seed(&text) {
        let first = problems
            .first()
            .map_or_else(|| "invalid".to_string(), |d| d.message.clone());
        return Err(anyhow!(
            "the note would not be valid ({first}); check the values given"
        ));
    }
    let dir = config.home.join("seeds");
    std::fs::create_dir_all(&dir).map_err(|e| {
        anyhow!(
            "cannot create `{}`: {e}; check that you may write there",
            dir.display()
        )
    })?;
    let path = dir.join(format!("{}.toml", seed.id));
    if path.exists() {
        return Err(anyhow!(
            "`{}` already exists; choose another id or remove that file",
            path.display()
        ));
    }
    crate::fsutil::write_atomic(&path, &text, true)?;
    Ok(path)
}

/// The note as TOML, with a reminder to write the summary when it is empty.
pub fn render(seed: &Seed) -> anyhow::Result<String> {
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
