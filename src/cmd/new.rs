//! `upsc new`: see [`crate::author::scaffold`].

use crate::cli::NewArgs;
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &NewArgs) -> anyhow::Result<Exit> {
    crate::author::scaffold::run(config, args)
}
