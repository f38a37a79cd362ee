//! What stands between a damaged file and a write: the checks made before the store is
//! opened for writing, and the mark left when damage shows up during work.
//!
//! SQLite opens many damaged files without complaint and writes to them happily (a broken
//! index page goes unnoticed until a query walks it). So the store is first opened
//! read-only: its header is read, its schema version compared, and once a study day (or
//! whenever damage was seen since) `PRAGMA quick_check` is run. Only a file that passes is
//! opened for writing. Damage seen later, while working, leaves a `-damaged` mark beside
//! the file, which makes the next open check it again before anything is written.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

/// The SQLite file header's magic string.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What the store's file looks like before SQLite is let near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileShape {
    /// No file, or an empty one with no backups to say it once held something: a new store.
    New,
    /// A file that starts like an SQLite database of plausible length.
    Database,
}

/// The mark left beside a store in which damage was seen (`progress.db-damaged`).
pub fn damage_mark(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-damaged");
    PathBuf::from(name)
}

/// Whether this SQLite error means the file itself is damaged.
pub fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Leaves the damage mark beside `db` so that the next open checks the file before any
/// write. Best effort: a store that cannot take the mark is refused on its next daily check.
pub fn mark_damaged(db: &Path) {
    let _ = std::fs::write(
        damage_mark(db),
        b"damage was seen here; see `upsc doctor`\n",
    );
}

/// The one line shown when the store is damaged.
pub fn damaged_message(db: &Path, what: &str) -> String {
    format!(
        "`{}` is damaged ({what}); nothing was written to it: run `upsc doctor` to try a repair, or `upsc restore` to go back to the newest good backup",
        db.display()
    )
}

/// Looks at the file's bytes before SQLite does: refuses a file that is not a database, an
/// empty file where backups show there was a store, and a file shorter than its header says.
pub fn inspect(db: &Path, backups_exist: bool) -> anyhow::Result<FileShape> {
    let shown = db.display();
    let length = match std::fs::metadata(db) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileShape::New),
        Err(e) => anyhow::bail!("cannot read `{shown}` ({e}); check the file's permissions"),
    };
    if length == 0 {
        if backups_exist {
            anyhow::bail!(
                "`{shown}` is empty (0 bytes) but backups of it exist; it was left untouched: run `upsc restore` to bring back the newest good backup"
            );
        }
        return Ok(FileShape::New);
    }
    let mut header = [0u8; 100];
    let read = {
        use std::io::Read;
        std::fs::File::open(db)
            .and_then(|mut f| f.read(&mut header))
            .map_err(|e| {
                anyhow::anyhow!("cannot read `{shown}` ({e}); check the file's permissions")
            })?
    };
    if read < header.len() || &header[..16] != MAGIC {
        anyhow::bail!(
            "`{shown}` is not a readable progress database; it was left untouched: run `upsc restore` to bring back a backup, or move it aside to start afresh"
        );
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    let truncated = !page_size.is_power_of_two()
        || !(512..=65_536).contains(&page_size)
        || length % page_size != 0
        || (change_counter == valid_for && length < pages * page_size);
    if truncated {
        anyhow::bail!(
            "`{shown}` is truncated or damaged ({length} bytes where its header promises {}); it was left untouched: run `upsc restore` to bring back the newest good backup",
            pages * page_size
        );
    }
    Ok(FileShape::Database)
}

/// Opens the store read-only, so that nothing in it (nor a leftover write-ahead log) is
/// merged or changed while its version and soundness are still unknown.
pub fn open_read_only(db: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// SQLite's quick check (the structure of every page, without the slower index-content
/// comparison of the full check): an empty list means sound. A check that itself fails on
/// damage reports that as a problem.
pub fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    check_with(conn, "PRAGMA quick_check")
}

/// The full `PRAGMA integrity_check`, for `doctor`.
pub fn full_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    check_with(conn, "PRAGMA integrity_check")
}

fn check_with(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut statement = conn.prepare(pragma)?;
        let rows: Vec<String> = statement
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    };
    match run() {
        Ok(problems) => Ok(problems),
        Err(e) if is_damage(&e) => Ok(vec![e.to_string()]),
        Err(e) => Err(e),
    }
}

/// Checks a copy (a backup) completely on its own: a database of a schema this build
/// reads that passes the quick check. Returns the reason it does not, if it does not.
pub fn verify_copy(path: &Path, newest_schema: i64) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() == 0 => return Some("empty file".to_string()),
        Ok(_) => {}
        Err(e) => return Some(format!("unreadable: {e}")),
    }
    if let Err(e) = inspect(path, false) {
        return Some(short_reason(&e.to_string()));
    }
    let conn = match open_read_only(path) {
        Ok(conn) => conn,
        Err(e) => return Some(e.to_string()),
    };
    let version: rusqlite::Result<i64> = conn.query_row("PRAGMA user_version", [], |r| r.get(0));
    match version {
        Ok(v) if v > newest_schema => return Some(format!("written by a newer upsc (schema {v})")),
        Ok(0) => return Some("not a progress database".to_string()),
        Ok(_) => {}
        Err(e) => return Some(e.to_string()),
    }
    match quick_check(&conn) {
        Ok(problems) if problems.is_empty() => None,
        Ok(problems) => Some(format!(
            "fails the integrity check: {}",
            problems.first().map_or("", String::as_str)
        )),
        Err(e) => Some(e.to_string()),
    }
}

/// The part of a refusal that says what is wrong, without the advice.
fn short_reason(message: &str) -> String {
    let after_name = message
        .split_once("` is ")
        .map_or(message, |(_, rest)| rest);
    after_name
        .split(';')
        .next()
        .unwrap_or(after_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_new_unless_backups_exist() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let db = dir.path().join("progress.db");
        assert_eq!(inspect(&db, true)?, FileShape::New, "no file yet");
        std::fs::write(&db, b"")?;
        assert_eq!(inspect(&db, false)?, FileShape::New);
        let refused = inspect(&db, true).err().map(|e| e.to_string());
        assert!(
            refused
                .as_deref()
                .is_some_and(|m| m.contains("upsc restore")),
            "{refused:?}"
        );
        Ok(())
    }

    #[test]
    fn a_truncated_database_is_refused() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let db = dir.path().join("progress.db");
        {
            let conn = Connection::open(&db)?;
            conn.execute_batch(
                "CREATE TABLE t (x); INSERT INTO t SELECT zeroblob(1000) FROM (SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5);",
            )?;
        }
        assert_eq!(inspect(&db, true)?, FileShape::Database);
        let bytes = std::fs::read(&db)?;
        std::fs::write(&db, &bytes[..bytes.len() - 4096])?;
        let refused = inspect(&db, true).err().map(|e| e.to_string());
        assert!(
            refused.as_deref().is_some_and(|m| m.contains("truncated")),
            "{refused:?}"
        );
        std::fs::write(&db, &bytes[..bytes.len() - 100])?;
        assert!(inspect(&db, true).is_err(), "not a whole number of pages");
        Ok(())
    }

    #[test]
    fn copies_are_verified() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"")?;
        assert_eq!(verify_copy(&empty, 3).as_deref(), Some("empty file"));
        let good = dir.path().join("good.db");
        {
            let conn = Connection::open(&good)?;
            conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")?;
        }
        assert_eq!(verify_copy(&good, 3), None);
        assert!(verify_copy(&good, 2).is_some_and(|r| r.contains("newer")));
        Ok(())
    }
}
