//! Repairing a damaged store (`upsc doctor`): SQLite rebuilds a fresh file from what it
//! can read (`VACUUM INTO` reads every table and writes new tables and indexes), the
//! rebuilt copy is checked, the damaged file is kept beside the backups, and the copy is
//! renamed into place. Damage confined to indexes — the commonest kind — is repaired
//! without losing a single answer; damage to the tables themselves fails the rebuild,
//! and then only a backup can help.

use std::path::{Path, PathBuf};

use super::{SCHEMA_VERSION, guard};
use crate::fsutil;

/// What a repair did.
#[derive(Debug)]
pub struct Repaired {
    /// Where the damaged file was kept.
    pub damaged_copy: PathBuf,
    /// Answers in the review log of the repaired store.
    pub answers: i64,
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
    let _ = std::fs::remove_file(&rebuilt);
    let attempt = (|| -> anyhow::Result<i64> {
        let conn = guard::open_read_only(db)?;
        conn.execute("VACUUM INTO ?1", [rebuilt.to_string_lossy().as_ref()])?;
        drop(conn);
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
            let _ = std::fs::remove_file(&rebuilt);
            return Err(error);
        }
    };
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
