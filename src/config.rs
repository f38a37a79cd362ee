//! Where things live and what time it is: the one module that reads `UPSC_HOME`,
//! `UPSC_DECKS` and `UPSC_NOW`, resolved once into a [`Config`] before any command runs.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, FixedOffset, Local};

use crate::deck::load::{DeckSource, Decks};

/// The resolved settings every command works from.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data folder: `UPSC_HOME`, else the platform's data folder + `upsc`.
    pub home: PathBuf,
    /// Where decks are read from, and the style of a deck that does not say (the default
    /// here; the command layer sets the settings file's before any deck is read).
    pub decks: Decks,
    /// The current time, in the learner's local offset (`UPSC_NOW` when set).
    pub now: DateTime<FixedOffset>,
}

impl Config {
    /// Resolves the configuration from the command line's `--decks` and the environment.
    pub fn resolve(deck_flags: &[PathBuf]) -> anyhow::Result<Config> {
        let home = data_dir()?;
        let decks = Decks::new(deck_sources(deck_flags, env::var_os("UPSC_DECKS"), &home));
        let now = now()?;
        Ok(Config { home, decks, now })
    }

    pub fn database_path(&self) -> PathBuf {
        self.home.join("progress.db")
    }

    pub fn backup_dir(&self) -> PathBuf {
        self.home.join("backups")
    }

    /// The user's own deck folder inside the data folder.
    pub fn user_decks(&self) -> PathBuf {
        self.home.join("decks")
    }
}

fn data_dir() -> anyhow::Result<PathBuf> {
    if let Some(home) = env::var_os("UPSC_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    match dirs::data_dir() {
        Some(dir) => Ok(dir.join("upsc")),
        None => bail!(
            "cannot find a data folder for this user; set UPSC_HOME to a folder upsc may write to"
        ),
    }
}

/// `--decks` wins over `UPSC_DECKS`, which wins over the default: the bundled decks plus
/// `<home>/decks` when that folder exists.
fn deck_sources(flags: &[PathBuf], env_list: Option<OsString>, home: &Path) -> Vec<DeckSource> {
    if !flags.is_empty() {
        return flags.iter().cloned().map(DeckSource::Path).collect();
    }
    if let Some(list) = env_list.filter(|l| !l.is_empty()) {
        return env::split_paths(&list)
            .filter(|p| !p.as_os_str().is_empty())
            .map(DeckSource::Path)
            .collect();
    }
    let mut sources = vec![DeckSource::Bundled];
    let user = home.join("decks");
    if user.is_dir() {
        sources.push(DeckSource::Path(user));
    }
    sources
}

fn now() -> anyhow::Result<DateTime<FixedOffset>> {
    match env::var("UPSC_NOW") {
        Ok(text) if !text.trim().is_empty() => DateTime::parse_from_rfc3339(text.trim())
            .with_context(|| {
                format!("UPSC_NOW `{text}` is not an RFC 3339 time; write it like 2026-01-31T09:00:00+05:30")
            }),
        _ => Ok(Local::now().fixed_offset()),
    }
}

/// A start to measure time from that survives a suspend: the monotonic clock stops while
/// a laptop sleeps (an answer given after hours asleep would be stamped hours early), the
/// wall clock does not but may be set back (NTP). Time since the start is the longer of
/// the two, so it neither stops during a sleep nor runs backwards.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Started {
    instant: std::time::Instant,
    wall: std::time::SystemTime,
}

impl Started {
    pub(crate) fn now() -> Started {
        Started {
            instant: std::time::Instant::now(),
            wall: std::time::SystemTime::now(),
        }
    }

    /// Time since the start, sleep included.
    pub(crate) fn elapsed(&self) -> std::time::Duration {
        longest(self.instant.elapsed(), self.wall.elapsed().ok())
    }
}

/// The time since a start by the monotonic clock and by the wall clock (`None`: it went
/// back), as [`Started::elapsed`] counts it.
fn longest(
    monotonic: std::time::Duration,
    wall: Option<std::time::Duration>,
) -> std::time::Duration {
    wall.map_or(monotonic, |wall| wall.max(monotonic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_since_a_start_counts_a_sleep_and_never_runs_back() {
        use std::time::Duration;
        let minute = Duration::from_secs(60);
        // Two hours asleep: the monotonic clock saw a minute, the wall clock 121.
        assert_eq!(longest(minute, Some(minute * 121)), minute * 121);
        // The wall clock set back (or behind the start): the monotonic clock holds.
        assert_eq!(longest(minute, Some(Duration::ZERO)), minute);
        assert_eq!(longest(minute, None), minute);
        assert!(Started::now().elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn deck_flags_override_the_environment_which_overrides_the_default() {
        let home = Path::new("/nonexistent-upsc-home");
        let flags = vec![PathBuf::from("a")];
        let list = env::join_paths(["b", "c"]).ok();
        assert_eq!(
            deck_sources(&flags, list.clone(), home),
            vec![DeckSource::Path("a".into())]
        );
        assert_eq!(
            deck_sources(&[], list, home),
            vec![DeckSource::Path("b".into()), DeckSource::Path("c".into())]
        );
        assert_eq!(deck_sources(&[], None, home), vec![DeckSource::Bundled]);
    }
}
