//! `upsc add`: see [`crate::author::form`].

use crate::cli::AddArgs;
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &AddArgs) -> anyhow::Result<Exit> {
    crate::author::form::run(config, args)
}
