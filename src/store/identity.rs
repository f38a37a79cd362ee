//! Who this store is to `upsc sync`: its device id, and the rule that a store copied or
//! restored is a new device.
//!
//! Two stores that share a device id would share a folder in the sync folder and each
//! take the other's records for its own (its settings never applied, its answers "received
//! 0"). So a store remembers where it lives (`device_home`: this machine's id and the
//! store's full path) and, opened anywhere else — a data folder copied to a second
//! laptop, moved to another disk — or opened after a restore or as a backup put back by
//! hand (each backup is marked as one when it is made), takes a new device id before
//! anything is written. What it holds keeps its event ids: identity of a record is its
//! event id, never the device's, so nothing it holds can count twice anywhere.
//!
//! The answers of a store made before sync (schema 3) get event ids from what they are
//! (`legacy-` and a hash of the card and the time): migrating the same history twice (an
//! old backup restored after the first migration) names every answer the same again.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

/// The `device_home` of every backup: opened as the store, it is a new device.
pub const BACKUP_HOME: &str = "backup";
/// The `device_home` a restore leaves.
pub const RESTORED_HOME: &str = "restored";

/// Where the store at `path` lives: this machine's id and the store's full path.
pub fn home_of(path: &Path) -> String {
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("{} {}", machine_id(), full.display())
}

/// This machine's id (systemd's `/etc/machine-id`), or its host name.
fn machine_id() -> String {
    for file in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
        if let Ok(text) = std::fs::read_to_string(file) {
            let id = text.trim();
            if !id.is_empty() && id.len() <= 64 {
                return id.to_string();
            }
        }
    }
    crate::sync::host_name()
}

/// The reason a restored store gives.
pub const RESTORED: &str = "restored from a backup";

/// Why a store became a new device, kept in `meta` until `sync` says so.
pub const CHANGED_NOTE: &str = "device_changed";

/// Gives the store a device id if it has none, and a new one if it was copied, moved or
/// restored since it last ran here (see the module). Returns the reason when it changed.
pub fn bind(conn: &Connection, home: &str) -> rusqlite::Result<Option<String>> {
    let get = |key: &str| -> rusqlite::Result<Option<String>> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    };
    let set = |key: &str, value: &str| -> rusqlite::Result<()> {
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    };
    let device = get("device")?;
    let known = get("device_home")?;
    if device.is_some() && known.as_deref() == Some(home) {
        return Ok(None);
    }
    let reason = match (&device, known.as_deref()) {
        (_, Some(BACKUP_HOME | RESTORED_HOME)) => Some(RESTORED),
        (None, _) => None,
        // A store from before this rule: it has only ever been here.
        (Some(_), None) => {
            set("device_home", home)?;
            return Ok(None);
        }
        (Some(_), Some(_)) => Some("copied or moved from another folder or computer"),
    };
    let fresh: String = conn.query_row("SELECT lower(hex(randomblob(8)))", [], |r| r.get(0))?;
    if let Some(old) = &device {
        // The ids this store had, so that `sync` can tell its own earlier files.
        let before = get("device_before")?.unwrap_or_default();
        set("device_before", format!("{before} {old}").trim())?;
    }
    set("device", &fresh)?;
    set("device_home", home)?;
    if let Some(reason) = reason {
        set(CHANGED_NOTE, reason)?;
    }
    Ok(reason.map(str::to_string))
}

/// Marks the file at `path` (a backup just made, or a store just restored) so that,
/// opened as the store, it takes a new device id.
pub fn mark_copy(path: &Path, home: &str) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
        [],
        |r| r.get(0),
    )?;
    if has_meta {
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('device_home', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [home],
        )?;
    }
    Ok(())
}

/// The event id of an answer logged before sync existed: the same for the same answer in
/// every copy of the history.
fn legacy_event(deck: &str, card: &str, at: i64) -> String {
    let text = format!("{deck}\u{1f}{card}\u{1f}{at}");
    format!(
        "legacy-{:016x}",
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    )
}

/// Names every answer and test that has no event id yet from what it is (see the module).
pub fn name_legacy(tx: &Connection) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String, String, i64)> = {
        let mut statement = tx.prepare(
            "SELECT r.id, c.deck, c.id, r.reviewed_at FROM revlog r JOIN cards c USING (card_id)
             WHERE r.event IS NULL ORDER BY r.id",
        )?;
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut taken = std::collections::HashSet::new();
    let mut name = tx.prepare("UPDATE revlog SET event = ?2 WHERE id = ?1")?;
    for (id, deck, card, at) in rows {
        let base = legacy_event(&deck, &card, at);
        // Two answers of one card in one millisecond: told apart by their order.
        let mut event = base.clone();
        let mut n = 1;
        while !taken.insert(event.clone()) {
            n += 1;
            event = format!("{base}-{n}");
        }
        name.execute(params![id, event])?;
    }
    let tests: Vec<(i64, i64, String, i64, String)> = {
        let mut statement = tx.prepare(
            "SELECT id, started_at, filters, questions, marking FROM mock_tests
             WHERE uid IS NULL ORDER BY id",
        )?;
        statement
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<_, _>>()?
    };
    let mut name = tx.prepare("UPDATE mock_tests SET uid = ?2 WHERE id = ?1")?;
    for (id, started, filters, questions, marking) in tests {
        let text = format!("{started}\u{1f}{filters}\u{1f}{questions}\u{1f}{marking}");
        let base = format!(
            "legacy-test-{:016x}",
            xxhash_rust::xxh3::xxh3_64(text.as_bytes())
        );
        let mut uid = base.clone();
        let mut n = 1;
        while !taken.insert(uid.clone()) {
            n += 1;
            uid = format!("{base}-{n}");
        }
        name.execute(params![id, uid])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(conn: &Connection, key: &str) -> Option<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .unwrap_or(None)
    }

    #[test]
    fn a_store_keeps_its_id_at_home_and_takes_a_new_one_anywhere_else() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")?;
        assert_eq!(bind(&conn, "m /a/progress.db")?, None);
        let first = meta(&conn, "device");
        assert!(first.is_some());
        assert_eq!(bind(&conn, "m /a/progress.db")?, None);
        assert_eq!(meta(&conn, "device"), first, "the same store at home");
        assert!(bind(&conn, "m /b/progress.db")?.is_some(), "a copy");
        let second = meta(&conn, "device");
        assert_ne!(second, first);
        conn.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'device_home'",
            [BACKUP_HOME],
        )?;
        assert_eq!(
            bind(&conn, "m /b/progress.db")?.as_deref(),
            Some("restored from a backup")
        );
        assert_ne!(meta(&conn, "device"), second);
        Ok(())
    }

    #[test]
    fn legacy_names_depend_on_the_answer_only() {
        assert_eq!(legacy_event("d", "c", 5), legacy_event("d", "c", 5));
        assert_ne!(legacy_event("d", "c", 5), legacy_event("d", "c", 6));
        assert_ne!(legacy_event("d", "c", 5), legacy_event("d", "x", 5));
    }
}
