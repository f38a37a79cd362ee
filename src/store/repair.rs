//! Repairing a damaged store (`upsc doctor`): a fresh file is made with the schema and
//! every table's rows are copied into it, read from the table itself and never through an
//! index; the new file builds its own indexes. The copy is checked, the damaged file is
//! kept beside the backups, and the copy is renamed into place. Damage confined to
//! indexes — the commonest kind, and the one SQLite opens without complaint — is repaired
//! without losing a single answer; damage to the tables themselves fails the copy, and
//! then only a backup can help.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{SCHEMA, SCHEMA_VERSION, guard};
use crate::fsutil;

/// What a repair did.
#[derive(Debug)]
pub struct Repaired {
    /// Where the damaged file was kept.
    pub damaged_copy: PathBuf,
    /// Answers in the review log of the repaired store.
    pub answers: i64,
}

/// The tables that hold the learner's record; the deck index is a cache and is refilled.
const TABLES: [&str; 14] = [
    "meta",
    "cards",
    "revlog",
    "card_state",
    "mock_tests",
    "mock_answers",
    "tombstones",
    "amends",
    "sync_files",
    "sent_mocks",
    "amend_marks",
    "aliases",
    "schedulers",
    "mistake_why",
];

/// Makes `to` afresh from the schema and copies every row of [`TABLES`] from `from`,
/// attached read-only.
fn copy_tables(from: &Path, to: &Path) -> anyhow::Result<()> {
    let fresh = Connection::open_with_flags(
        to,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    fresh.execute_batch(SCHEMA)?;
    // What sync added within version 4 (tables, and the log's `sched` column).
    super::events::ensure(&fresh)?;
    super::schedules::ensure(&fresh)?;
    super::declared::ensure(&fresh)?;
    // The learner's own classes of the mistake book (`upsc mistakes --reclassify`).
    fresh.execute_batch(super::why::TABLE)?;
    fresh.execute("ATTACH ?1 AS old", [read_only_uri(from)])?;
    fresh.execute_batch("BEGIN")?;
    for table in TABLES {
        let columns: Vec<String> = {
            let mut statement = fresh.prepare(&format!("PRAGMA old.table_info({table})"))?;
            statement
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<Result<_, _>>()?
        };
        if columns.is_empty() {
            continue; // an older store without this table
        }
        let list = columns
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(", ");
        // NOT INDEXED: the rows are read from the table's own pages, so a broken index is
        // never walked.
        fresh.execute(
            &format!(
                "INSERT INTO main.{table} ({list}) SELECT {list} FROM old.{table} NOT INDEXED"
            ),
            [],
        )?;
    }
    fresh.execute_batch("COMMIT")?;
    fresh.execute_batch("DETACH old")?;
    fresh.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    fresh.pragma_update(None, "journal_mode", "WAL")?;
    Ok(())
}

/// A `file:` URI that opens `path` read-only, with the characters URIs reserve escaped.
fn read_only_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", u32::from(c))),
            _ => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    uri
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Rebuilds the store at `db` from its readable content. The caller holds the store's
/// exclusive lock. On failure nothing is changed.
pub fn rebuild(db: &Path, keep_dir: &Path, stamp: &str) -> anyhow::Result<Repaired> {
    let rebuilt = with_suffix(db, ".rebuilding");
    // The copy and whatever log files SQLite left beside it, on every way out.
    let clear = |also_copy: bool| {
        if also_copy {
            let _ = std::fs::remove_file(&rebuilt);
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(with_suffix(&rebuilt, suffix));
        }
    };
    clear(true);
    let attempt = (|| -> anyhow::Result<i64> {
        copy_tables(db, &rebuilt)?;
        if let Some(problem) = guard::verify_copy(&rebuilt, SCHEMA_VERSION) {
            anyhow::bail!("the rebuilt copy fails its check too ({problem})");
        }
        let check = guard::open_read_only(&rebuilt)?;
        let problems = guard::full_check(&check)?;
        if let Some(first) = problems.first() {
            anyhow::bail!("the rebuilt copy fails its check too ({first})");
        }
        let answers: i64 = check.query_row("SELECT count(*) FROM revlog", [], |r| r.get(0))?;
        drop(check);
        std::fs::File::open(&rebuilt)?.sync_all()?;
        Ok(answers)
    })();
    let answers = match attempt {
        Ok(answers) => answers,
        Err(error) => {
            clear(true);
            return Err(error);
        }
    };
    clear(false);
    std::fs::create_dir_all(keep_dir)?;
    let damaged_copy = keep_dir.join(format!("damaged-{stamp}.db"));
    std::fs::copy(db, &damaged_copy)?;
    let wal = with_suffix(db, "-wal");
    if wal.exists() {
        std::fs::copy(&wal, with_suffix(&damaged_copy, "-wal"))?;
    }
    // The old log files belong to the damaged file; replayed into the new one they would
    // damage it again.
    for stale in [wal, with_suffix(db, "-shm")] {
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(anyhow::anyhow!("cannot remove `{}` ({e})", stale.display())),
        }
    }
    std::fs::rename(&rebuilt, db)?;
    if let Some(parent) = db.parent() {
        fsutil::sync_dir(parent);
    }
    let _ = std::fs::remove_file(guard::damage_mark(db));
    Ok(Repaired {
        damaged_copy,
        answers,
    })
}
