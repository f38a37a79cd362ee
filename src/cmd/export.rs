//! `upsc export`: the review log (`revlog-csv`, in [`super::log`]) or cards (`anki`,
//! `csv`, `json`, in [`crate::exchange`]).

use crate::cli::ExportArgs;
use crate::config::Config;
use crate::error::Exit;

pub fn run(config: &Config, args: &ExportArgs) -> anyhow::Result<Exit> {
    crate::exchange::export(config, args)
}
