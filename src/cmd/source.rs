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
use crate::seeds::{KINDS, Seed};
use crate::ui::prompt::{Prompter, Terminal};

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
    // The prompts, only if some required field is missing and there is a terminal.
    let mut prompter = None;
    let mut ask = |what: &str, flag: &str| -> anyhow::Result<String> {
        if !terminal {
            return Err(UsageError(format!(
                "the source note needs {what}; give it with `--{flag} …`"
            ))
            .into());
        }
        let prompter = prompter.get_or_insert_with(Terminal::new);
        prompter
            .text(what, "", false, &|v: &str| {
                if v.trim().is_empty() {
                    Err("this cannot be empty".to_string())
                } else {
                    Ok(())
                }
            })
            .map_err(|_| anyhow!("no {what} was given; give it with `--{flag} …`"))
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
            let items: Vec<String> = KINDS.iter().map(ToString::to_string).collect();
            let chosen = Terminal::new()
                .select("What kind of source is it?", &items, 0)
                .map_err(|_| anyhow!("no kind was chosen; give it with `--kind …`"))?;
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
    crate::seeds::validate_note(&seed)?;
    Ok(seed)
}

/// Writes the note as `<data dir>/seeds/ID.toml`, refusing to replace anything: no note
/// of that id may exist among the configured decks' notes or the user's.
pub fn create(config: &Config, seed: Seed) -> anyhow::Result<std::path::PathBuf> {
    let mut sources = config.decks.clone();
    sources.sources.push(DeckSource::Path(config.user_decks()));
    let known = Collection::load_seeds(&sources);
    if let Some(existing) = known.seeds.iter().find(|s| s.id == seed.id) {
        return Err(anyhow!(
            "a source note `{}` already exists ({}); choose another id",
            seed.id,
            existing.origin
        ));
    }
    crate::seeds::write_note(&config.home.join("seeds"), &seed)
}
