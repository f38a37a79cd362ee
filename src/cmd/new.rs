//! `upsc new DECK-ID`: the options handed to [`crate::author::scaffold::create`], and
//! the file it made, told.

use crate::author::scaffold::{self, NewDeck};
use crate::cli::NewArgs;
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &NewArgs) -> anyhow::Result<Exit> {
    let created = scaffold::create(
        config,
        &NewDeck {
            id: args.id.clone(),
            title: args.title.clone(),
            dir: args.dir.clone(),
            sources: args.sources.clone(),
        },
    )?;
    let id = &created.id;
    crate::outln!(
        "Created {} with deck `{id}`. Add cards with `upsc add {id}`, or uncomment an example in the file.",
        created.path.display()
    )?;
    if !created.in_use {
        crate::output::say_err(&format!(
            "upsc: note: `{}` is not among the decks in use (--decks or UPSC_DECKS); add it there to study this deck",
            created.dir.display()
        ));
    }
    Ok(Exit::Ok)
}
