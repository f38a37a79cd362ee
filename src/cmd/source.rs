//! `upsc source new`: write a validated source note into `<data dir>/seeds/`, so cards
//! can cite an aspirant's own article, press release, report or past paper.
//!
//! Everything comes from the flags; only when a required field is missing and there is a
//! terminal are the missing fields asked for.

use std::io::IsTerminal;

use crate::cli::{SourceArgs, SourceCommand};
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &SourceArgs) -> anyhow::Result<Exit> {
    match &args.command {
        SourceCommand::New(new) => {
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            let seed = super::complete_source_note(new, terminal)?;
            let path = crate::author::note::create(config, &seed)?;
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
