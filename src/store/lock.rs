//! A lock file beside the store (`progress.db-lock`): every open store holds it shared;
//! `restore` and `doctor`'s repair take it exclusively, so a file is never swapped under a
//! running session. SQLite's own locks cannot do this: they guard transactions, not the
//! file's identity.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Lock {
    _file: File,
}

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-lock");
    PathBuf::from(name)
}

fn open(db: &Path) -> anyhow::Result<File> {
    let path = lock_path(db);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot open `{}` ({e}); check the data folder's permissions or set UPSC_HOME",
                path.display()
            )
        })
}

impl Lock {
    /// Holds the store shared; waits while a restore or repair is replacing it.
    pub fn shared(db: &Path) -> anyhow::Result<Lock> {
        let file = open(db)?;
        // A file system without locks (some network shares) still lets upsc run.
        let _ = file.lock_shared();
        Ok(Lock { _file: file })
    }

    /// Holds the store alone; `None` when another upsc has it open.
    pub fn exclusive(db: &Path) -> anyhow::Result<Option<Lock>> {
        let file = open(db)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            // No locking here: go ahead, as SQLite itself would.
            Err(TryLockError::Error(_)) => Ok(Some(Lock { _file: file })),
        }
    }
}
