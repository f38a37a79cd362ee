//! Backups of the store: one a study day, each checked before it counts, thinned the way
//! Anki thins its own (daily for a week, weekly for a month, monthly for a year), and
//! restored atomically by `upsc restore`.
//!
//! A backup is written under a temporary name (`VACUUM INTO`), opened and checked, synced
//! and only then renamed to `progress-YYYY-MM-DD.db`; so a name of that form always holds
//! a complete copy that passed its check when it was made. Thinning runs only after the
//! day's copy passed, so the newest good copy is never the one removed.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::guard;
use crate::fsutil;

/// Daily copies kept.
const DAILY_DAYS: i64 = 7;
/// Up to this age, the newest copy of each ISO week is kept.
const WEEKLY_DAYS: i64 = 35;
/// Up to this age, the newest copy of each month is kept; older copies are removed.
const MONTHLY_DAYS: i64 = 366;

/// The name of the backup made on `day`.
pub fn daily_name(day: NaiveDate) -> String {
    format!("progress-{}.db", day.format("%Y-%m-%d"))
}

/// The day of a `progress-YYYY-MM-DD.db` name; `None` for any other file.
pub fn day_of(name: &str) -> Option<NaiveDate> {
    let date = name.strip_prefix("progress-")?.strip_suffix(".db")?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// Makes the day's backup of the database behind `conn` in `dir`, unless a sound one
/// exists, then thins the older ones. Returns the path of the new copy, if one was made.
pub fn daily(
    conn: &rusqlite::Connection,
    dir: &Path,
    day: NaiveDate,
    newest_schema: i64,
) -> anyhow::Result<Option<PathBuf>> {
    let target = dir.join(daily_name(day));
    // A copy made today that still looks whole is kept; one that does not (an empty file
    // left by an older version, say) is made again.
    if target.exists()
        && guard::inspect(&target, false).is_ok_and(|s| s == guard::FileShape::Database)
    {
        return Ok(None);
    }
    std::fs::create_dir_all(dir)?;
    let partial = dir.join(format!(".{}.partial", daily_name(day)));
    let _ = std::fs::remove_file(&partial);
    let result = (|| -> anyhow::Result<()> {
        conn.execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()])?;
        // Put back as the store, by `restore` or by hand, a backup is a new device.
        super::identity::mark_copy(&partial, super::identity::BACKUP_HOME)?;
        if let Some(problem) = guard::verify_copy(&partial, newest_schema) {
            anyhow::bail!("the copy failed its check ({problem}) and was not kept");
        }
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, &target)?;
        fsutil::sync_dir(dir);
        Ok(())
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    thin(dir, day)?;
    Ok(Some(target))
}

/// Removes the dated backups that the thinning plan no longer keeps, and leftovers of
/// copies that were never finished.
fn thin(dir: &Path, today: NaiveDate) -> anyhow::Result<()> {
    let mut dated = Vec::new();
    for entry in std::fs::read_dir(dir)?.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') && name.ends_with(".partial") {
            let _ = std::fs::remove_file(entry.path());
        } else if let Some(day) = day_of(name) {
            dated.push(day);
        }
    }
    for day in to_remove(&dated, today) {
        let _ = std::fs::remove_file(dir.join(daily_name(day)));
    }
    Ok(())
}

/// Which dated backups to remove: every copy of the last week stays; older, the newest of
/// each ISO week stays up to five weeks back, then the newest of each month up to a year.
/// The newest copy always stays.
pub fn to_remove(days: &[NaiveDate], today: NaiveDate) -> Vec<NaiveDate> {
    let mut sorted: Vec<NaiveDate> = days.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut kept_weeks = std::collections::HashSet::new();
    let mut kept_months = std::collections::HashSet::new();
    let mut remove = Vec::new();
    for (i, day) in sorted.iter().enumerate() {
        let age = (today - *day).num_days();
        let keep = if i == 0 || age < DAILY_DAYS {
            true
        } else if age < WEEKLY_DAYS {
            let week = day.iso_week();
            kept_weeks.insert((week.year(), week.week()))
        } else if age < MONTHLY_DAYS {
            kept_months.insert((day.year(), day.month()))
        } else {
            false
        };
        if !keep {
            remove.push(*day);
        }
    }
    remove
}

/// One backup as `upsc restore` lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Backup {
    pub path: PathBuf,
    pub name: String,
    pub size: u64,
    pub modified: Option<chrono::DateTime<chrono::Local>>,
    /// Why the copy cannot be restored; `None` when it passed its check.
    pub problem: Option<String>,
    /// When the copy was made, from its name (a dated backup's day, a kept store's
    /// stamp): a file's modification time changes as it is copied.
    #[serde(skip)]
    pub made: Option<chrono::NaiveDateTime>,
}

/// When a backup was made, from its name: `progress-YYYY-MM-DD.db` (that day) or
/// `saved-before-restore-YYYYMMDD-HHMMSS.db`.
pub fn made_of(name: &str) -> Option<chrono::NaiveDateTime> {
    if let Some(day) = day_of(name) {
        return day.and_hms_opt(0, 0, 0);
    }
    let stamp = name
        .strip_prefix("saved-before-restore-")?
        .strip_suffix(".db")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()
}

/// Every backup in `dir`, newest first, each checked.
pub fn list(dir: &Path, newest_schema: i64) -> anyhow::Result<Vec<Backup>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(anyhow::anyhow!("cannot read `{}` ({e})", dir.display())),
    };
    let mut backups: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            if name.starts_with('.') || !name.ends_with(".db") {
                return None;
            }
            let meta = entry.metadata().ok()?;
            let path = entry.path();
            Some(Backup {
                problem: guard::verify_copy(&path, newest_schema),
                made: made_of(&name),
                path,
                name,
                size: meta.len(),
                modified: meta.modified().ok().map(chrono::DateTime::from),
            })
        })
        .collect();
    // Newest first by the date each was made (its name says), then by modification time
    // for a file named otherwise.
    backups.sort_by(|a, b| (b.made, b.modified, &b.name).cmp(&(a.made, a.modified, &a.name)));
    Ok(backups)
}

/// Whether `dir` holds any dated backup (a store that had backups is not new).
pub fn any_exist(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_str().is_some_and(|n| day_of(n).is_some()))
    })
}

/// What `restore` did.
#[derive(Debug)]
pub struct Restored {
    pub from: PathBuf,
    /// Where the replaced store was kept, if there was one.
    pub saved: Option<PathBuf>,
}

/// Replaces the store at `db` with the backup `from`: checks the backup, keeps the current
/// store (with its write-ahead log) beside the backups, copies the backup under a
/// temporary name, removes the old log files (they belong to the replaced file and would
/// be replayed into the restored one) and renames the copy into place.
///
/// The caller holds the store's exclusive lock, so no other upsc has it open.
pub fn restore(
    db: &Path,
    dir: &Path,
    from: &Path,
    newest_schema: i64,
    stamp: &str,
) -> anyhow::Result<Restored> {
    if let Some(problem) = guard::verify_copy(from, newest_schema) {
        anyhow::bail!(
            "`{}` cannot be restored: {problem}; choose another from `upsc restore`",
            from.display()
        );
    }
    std::fs::create_dir_all(dir)?;
    let wal = with_suffix(db, "-wal");
    let shm = with_suffix(db, "-shm");
    let saved = if std::fs::metadata(db).is_ok_and(|m| m.len() > 0) {
        let saved = dir.join(format!("saved-before-restore-{stamp}.db"));
        std::fs::copy(db, &saved)?;
        if wal.exists() {
            std::fs::copy(&wal, with_suffix(&saved, "-wal"))?;
        }
        std::fs::File::open(&saved)?.sync_all()?;
        Some(saved)
    } else {
        None
    };
    let mut incoming = db.as_os_str().to_owned();
    incoming.push(".restoring");
    let incoming = PathBuf::from(incoming);
    std::fs::copy(from, &incoming)?;
    // A restored store is a new device to `upsc sync` (see `super::identity`).
    if let Err(e) = super::identity::mark_copy(&incoming, super::identity::RESTORED_HOME) {
        let _ = std::fs::remove_file(&incoming);
        return Err(anyhow::anyhow!(
            "cannot prepare `{}` for restoring ({e}); nothing was changed",
            from.display()
        ));
    }
    std::fs::File::open(&incoming)?.sync_all()?;
    for stale in [&wal, &shm] {
        match std::fs::remove_file(stale) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let _ = std::fs::remove_file(&incoming);
                return Err(anyhow::anyhow!("cannot remove `{}` ({e})", stale.display()));
            }
        }
    }
    std::fs::rename(&incoming, db)?;
    if let Some(parent) = db.parent() {
        fsutil::sync_dir(parent);
    }
    let _ = std::fs::remove_file(guard::damage_mark(db));
    Ok(Restored {
        from: from.to_path_buf(),
        saved,
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn thinning_keeps_a_week_of_days_then_weeks_then_months() {
        let today = day("2026-11-29");
        let days: Vec<NaiveDate> = (0..500)
            .map(|n| today - chrono::TimeDelta::days(n))
            .collect();
        let removed = to_remove(&days, today);
        let kept: Vec<NaiveDate> = days
            .iter()
            .filter(|d| !removed.contains(d))
            .copied()
            .collect();
        // The last seven days, all of them.
        assert!(kept.iter().take(7).eq(days.iter().take(7)));
        // Between one and five weeks: one a week.
        let weekly = kept
            .iter()
            .filter(|d| (7..35).contains(&(today - **d).num_days()))
            .count();
        assert!((4..=5).contains(&weekly), "{weekly} weekly copies");
        // Up to a year: one a month; nothing older.
        let monthly = kept
            .iter()
            .filter(|d| (35..366).contains(&(today - **d).num_days()))
            .count();
        assert!((10..=12).contains(&monthly), "{monthly} monthly copies");
        assert!(kept.iter().all(|d| (today - *d).num_days() < 366));
        assert!(kept.len() <= 7 + 5 + 12, "{} kept", kept.len());
    }

    #[test]
    fn the_newest_copy_is_never_removed_however_old() {
        let today = day("2026-11-29");
        let old = [day("2024-01-01"), day("2023-06-01")];
        assert_eq!(to_remove(&old, today), vec![day("2023-06-01")]);
    }

    #[test]
    fn names_carry_their_day() {
        assert_eq!(day_of("progress-2026-11-29.db"), Some(day("2026-11-29")));
        assert_eq!(day_of("saved-before-restore-20261129.db"), None);
        assert_eq!(day_of(".progress-2026-11-29.db.partial"), None);
    }
}
