//! `upsc doctor` and `upsc restore`: finding damage, repairing it, and bringing back a
//! backup — so that recovery never means copying files by hand.

use std::collections::HashSet;

use crate::cli::RestoreArgs;
use crate::config::Config;
use crate::deck::CardKey;
use crate::error::{Exit, UsageError};
use crate::store::{SCHEMA_VERSION, backup, guard, lock::Lock, repair};

fn stamp(config: &Config) -> String {
    config.now.format("%Y%m%d-%H%M%S").to_string()
}

/// Holds the store alone, or says to close the other sessions.
fn exclusive(config: &Config) -> anyhow::Result<Lock> {
    Lock::exclusive(&config.database_path())?.ok_or_else(|| {
        UsageError(
            "another upsc has the progress store open (a review, quiz or test); finish it and run this again"
                .to_string(),
        )
        .into()
    })
}

pub fn doctor(config: &Config) -> anyhow::Result<Exit> {
    let db = config.database_path();
    if !db.exists() {
        crate::sayln!(
            "No progress database yet at {}: nothing to check.",
            db.display()
        )?;
        return Ok(Exit::Ok);
    }
    let backups_exist = backup::any_exist(&config.backup_dir());
    if let Err(refused) = guard::inspect(&db, backups_exist) {
        crate::sayln!("{}", crate::error::one_line(&refused.to_string()))?;
        return Ok(Exit::Failure);
    }
    let problems = {
        let conn = guard::open_read_only(&db)?;
        guard::full_check(&conn)?
    };
    if let Some(first) = problems.first() {
        crate::sayln!(
            "database: {} fails SQLite's integrity check ({}; first: {})",
            db.display(),
            crate::text::plural(problems.len(), "problem"),
            crate::error::one_line(first)
        )?;
        let rebuilt = {
            let _alone = exclusive(config)?;
            repair::rebuild(&db, &config.backup_dir(), &stamp(config))
        };
        match rebuilt {
            Ok(repaired) => {
                crate::sayln!(
                    "repaired: the store was rebuilt from its readable tables and passes the check; {} in the review log",
                    crate::text::plural(repaired.answers as usize, "answer")
                )?;
                crate::sayln!(
                    "the damaged file is kept as {}",
                    repaired.damaged_copy.display()
                )?;
            }
            Err(error) => {
                crate::sayln!(
                    "cannot repair it ({}); nothing was changed",
                    crate::error::one_line(&format!("{error:#}"))
                )?;
                let newest = backup::list(&config.backup_dir(), SCHEMA_VERSION)?
                    .into_iter()
                    .find(|b| b.problem.is_none());
                match newest {
                    Some(good) => crate::sayln!(
                        "bring back the newest good backup with `upsc restore {}` (`upsc restore` lists them all)",
                        good.name
                    )?,
                    None => crate::sayln!(
                        "no backup passes its check; move the file aside to start afresh"
                    )?,
                }
                return Ok(Exit::Failure);
            }
        }
    } else {
        let _ = std::fs::remove_file(guard::damage_mark(&db));
    }
    let mut store = super::open_store(config)?;
    if let Some(problem) = store.repair_settings()? {
        crate::sayln!(
            "scheduler settings: the saved ones were unusable ({}); they were reset to the defaults (run `upsc optimize` to fit them to your history again)",
            crate::error::one_line(&problem)
        )?;
    }
    // Text that is not text and numbers out of range, row by row (SQLite cannot see them).
    let repaired = store.repair_rows()?;
    for line in repaired.iter().take(10) {
        crate::sayln!("repaired: {line}")?;
    }
    if repaired.len() > 10 {
        crate::sayln!("repaired: and {} more rows", repaired.len() - 10)?;
    }
    let fixed = store.rebuild_states()?;
    let reviews = store.log_len()?;
    // The decks' card ids from the deck index: nothing is parsed but changed files.
    let index = crate::deck::index::DeckIndex::build(&config.decks, &mut store, false)?;
    super::warn(&index.problems);
    let present: HashSet<CardKey> = index
        .decks
        .iter()
        .flat_map(|d| d.cards().map(move |c| CardKey::new(&d.id, c)))
        .collect();
    let orphans = store
        .cards()?
        .keys()
        .filter(|k| !present.contains(*k))
        .count();
    crate::sayln!("database: {} (integrity ok)", store.path().display())?;
    crate::sayln!(
        "review log: {}; card states rebuilt from it, {fixed} differed and were corrected",
        crate::text::plural(reviews as usize, "entry")
    )?;
    if orphans > 0 {
        crate::sayln!(
            "{} with history {} no longer in any deck; their log is kept (see `upsc cards`)",
            crate::text::plural(orphans, "card"),
            if orphans == 1 { "is" } else { "are" }
        )?;
    }
    Ok(Exit::Ok)
}

pub fn restore(config: &Config, args: &RestoreArgs) -> anyhow::Result<Exit> {
    let dir = config.backup_dir();
    let backups = backup::list(&dir, SCHEMA_VERSION)?;
    let Some(choice) = &args.backup else {
        if args.json {
            crate::output::print_json(&backups)?;
            return Ok(Exit::Ok);
        }
        if backups.is_empty() {
            crate::sayln!("No backups yet in {}.", dir.display())?;
            crate::sayln!(
                "A backup is taken on the first use of each study day once you have answered something."
            )?;
            return Ok(Exit::Ok);
        }
        crate::sayln!("Backups in {} (newest first):", dir.display())?;
        let mut table = crate::ui::Table::new(vec![
            crate::ui::Column::left("backup").own_line(16),
            crate::ui::Column::left("written").drop(1),
            crate::ui::Column::right("size").drop(2),
            crate::ui::Column::left("check").shrink(10),
        ])
        .indent(2)
        .without_heading();
        for b in &backups {
            let when = b
                .modified
                .map(|m| m.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let check = match &b.problem {
                None => "ok".to_string(),
                Some(problem) => format!("cannot restore: {}", crate::error::one_line(problem)),
            };
            table.row([b.name.clone(), when, size(b.size), check]);
        }
        crate::output::print(&table.text(crate::ui::stdout_width()))?;
        crate::sayln!(
            "Bring one back with `upsc restore NAME` (or `upsc restore latest`); the current store is kept first."
        )?;
        return Ok(Exit::Ok);
    };
    let from = if choice == "latest" {
        // The newest daily backup by the day it was made (never a store kept by an
        // earlier restore, which would undo that restore); any sound copy failing that.
        let daily = backups
            .iter()
            .find(|b| b.problem.is_none() && backup::day_of(&b.name).is_some());
        match daily.or_else(|| backups.iter().find(|b| b.problem.is_none())) {
            Some(b) => b.path.clone(),
            None => {
                return Err(UsageError(format!(
                    "no backup in `{}` passes its check; run `upsc restore` to see them",
                    dir.display()
                ))
                .into());
            }
        }
    } else if let Some(b) = backups
        .iter()
        .find(|b| b.name == *choice || b.name == format!("progress-{choice}.db"))
    {
        b.path.clone()
    } else if std::path::Path::new(choice).is_file() {
        std::path::PathBuf::from(choice)
    } else {
        return Err(UsageError(format!(
            "no backup called `{choice}`; run `upsc restore` to list them"
        ))
        .into());
    };
    let restored = {
        let _alone = exclusive(config)?;
        backup::restore(
            &config.database_path(),
            &dir,
            &from,
            SCHEMA_VERSION,
            &stamp(config),
        )?
    };
    let store = super::open_store(config)?;
    let answers = store.log()?.len();
    crate::sayln!(
        "Restored {} ({} in its review log).",
        restored.from.display(),
        crate::text::plural(answers, "answer")
    )?;
    if let Some(saved) = &restored.saved {
        crate::sayln!("The store it replaced is kept as {}.", saved.display())?;
    }
    Ok(Exit::Ok)
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1u32 << 20))
    } else {
        format!("{:.0} kB", (bytes as f64 / 1024.0).ceil())
    }
}
