//! Small file-system helpers shared by the store and the deck writers.

use std::path::Path;

/// Flushes a folder's entry list to disk, so that a rename into it survives a power cut.
/// Best effort: not every platform or file system can open a folder for syncing.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
