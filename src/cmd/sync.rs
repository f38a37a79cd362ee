//! `upsc sync [DIR] [--name NAME] [--status]`: exchanges progress with the learner's other
//! computers through a shared folder ([`crate::sync`]), and remembers the folder and the
//! name in `config.toml`.

use std::path::{Path, PathBuf};

use crate::cli::SyncArgs;
use crate::config::Config;
use crate::error::Exit;
use crate::settings::file::{self as settings_file, Edit};
use crate::settings::keys::{self, Value};
use crate::settings::{self, Flags};
use crate::sync;
use crate::text::Count;

pub fn run(config: &Config, args: &SyncArgs) -> anyhow::Result<Exit> {
    let effective = super::settings(config, &Flags::default())?;
    let remembered = effective.sync_dir.as_ref().map(|s| expand(&s.value));
    let dir = match (&args.dir, &remembered) {
        (Some(dir), _) => absolute(dir),
        (None, Some(dir)) => dir.clone(),
        (None, None) => anyhow::bail!(
            "no sync folder yet; run `upsc sync DIR` once with the folder your computers share (it is remembered)"
        ),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "the sync folder `{}` does not exist; create it, or give the folder your sync tool shares",
            dir.display()
        );
    }
    let file = settings::path(&config.home);
    if args.dir.is_some() && remembered.as_deref() != Some(dir.as_path()) {
        remember(&file, "sync.dir", &dir.display().to_string())?;
    }
    let name = match &args.name {
        Some(name) => {
            let name = name.trim();
            if name.is_empty() || name.chars().any(char::is_control) {
                anyhow::bail!("--name needs a name, such as `home-laptop`");
            }
            // What `config.toml` takes for `sync.name`: a longer one would be written and
            // then refused by every command that reads the file.
            if name.chars().count() > sync::clean::MAX_NAME {
                anyhow::bail!(
                    "--name takes at most {} characters; choose a shorter name, such as `home-laptop`",
                    sync::clean::MAX_NAME
                );
            }
            if effective.sync_name.as_ref().map(|s| s.value.as_str()) != Some(name) {
                remember(&file, "sync.name", name)?;
            }
            name.to_string()
        }
        None => effective
            .sync_name
            .as_ref()
            .map_or_else(sync::host_name, |s| s.value.clone()),
    };
    let mut store = super::open_store(config)?;
    if args.status {
        return status(&dir, &store, config);
    }
    let options = sync::Options {
        dir: &dir,
        name: &name,
        settings_file: &file,
        now: config.now,
    };
    let report = sync::sync(&mut store, &options, |store| {
        // Read again: the settings may just have come from another computer.
        let effective = super::settings(config, &Flags::default())?;
        super::scheduler(&effective, store)
    })?;
    for warning in &report.warnings {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "{warning}");
    }
    if let Some(why) = &report.new_device {
        crate::outln!(
            "This data folder was {why}: it syncs as a new device from now on. Its earlier files in the sync folder are read like another computer's, and nothing it holds counts twice."
        )?;
    }
    if let Some(note) = &report.settings {
        crate::sayln!("{note}")?;
    }
    let received: usize = report.received.values().sum();
    let from = match report.devices.len() {
        0 => "no other device yet".to_string(),
        1 => format!("1 other device ({})", report.devices.join(", ")),
        n => format!("{n} other devices ({})", report.devices.join(", ")),
    };
    crate::sayln!(
        "sent {}, received {received} from {from}{}.",
        Count::new(report.sent, "answer", "answers"),
        extras(&report)
    )?;
    Ok(Exit::Ok)
}

fn extras(report: &sync::Report) -> String {
    let mut parts = Vec::new();
    if report.undone > 0 {
        parts.push(format!(
            "{} undone elsewhere",
            Count::new(report.undone, "answer", "answers")
        ));
    }
    if report.mocks > 0 {
        parts.push(format!(
            "{}",
            Count::new(report.mocks, "mock test", "mock tests")
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(", "))
    }
}

fn status(dir: &Path, store: &crate::store::Store, config: &Config) -> anyhow::Result<Exit> {
    let devices = sync::status(dir, store)?;
    crate::sayln!("Sync folder: {}", dir.display())?;
    if devices.is_empty() {
        crate::sayln!(
            "No computer has written to it yet; `upsc sync` writes this one's progress."
        )?;
        return Ok(Exit::Ok);
    }
    for device in devices {
        let when = device.last_written.map_or_else(
            || "never".to_string(),
            |t| {
                t.with_timezone(config.now.offset())
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        );
        crate::sayln!(
            "{}{}  last wrote {when}  {}",
            device.name,
            if device.this_device {
                " (this computer)"
            } else {
                ""
            },
            Count::new(device.answers, "answer", "answers")
        )?;
    }
    Ok(Exit::Ok)
}

/// Keeps `key` in the settings file (its comments and order kept).
fn remember(file: &Path, key: &str, text: &str) -> anyhow::Result<()> {
    let Some(key) = keys::find(key) else {
        return Ok(());
    };
    settings_file::edit(file, &Edit::Set(key, Value::Text(text.to_string())))?;
    Ok(())
}

/// `~/…` as the home folder.
fn expand(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// The folder as a full path, so that it means the same from any working folder.
fn absolute(path: &Path) -> PathBuf {
    let path = expand(path);
    std::path::absolute(&path).unwrap_or(path)
}
