//! `upsc add [DECK-ID]`: refused without a terminal to ask on; otherwise the form of
//! [`crate::author::form`] writes the card.

use crate::cli::AddArgs;
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &AddArgs) -> anyhow::Result<Exit> {
    crate::ui::require_terminal(
        "add",
        "write the card into the deck file (see docs/deck-format.md) or use `upsc import`",
    )?;
    crate::author::form::run(config, args.deck.as_deref())
}
