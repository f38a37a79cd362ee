//! `upsc import`: see [`crate::exchange`].

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<Exit> {
    crate::exchange::import(config, args)
}
