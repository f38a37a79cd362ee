//! `upsc today` (and `upsc` alone): the day at a glance.

use crate::config::Config;
use crate::error::Exit;

pub fn run(_config: &Config, _json: bool, _bare: bool) -> anyhow::Result<Exit> {
    Ok(Exit::Ok)
}
