//! Small file-system helpers shared by the store and every writer of user files: the one
//! atomic write ([`write_atomic`]) and folder syncing ([`sync_dir`]).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::anyhow;

/// Flushes a folder's entry list to disk, so that a rename into it survives a power cut.
/// Best effort: not every platform or file system can open a folder for syncing.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Writes `text` to `path` through a temporary file in the same folder
/// ([`tempfile::NamedTempFile::persist`]), so that readers see the old file or the new
/// one, never a mixture, and a failure leaves no temporary file behind. With `create`, an
/// existing file is never replaced. When `path` is a symbolic link, the file it leads to
/// is replaced (the temporary file made beside it), and the link stays a link. A replaced
/// file keeps its permissions; a new one gets the usual ones (0666 less the umask).
pub(crate) fn write_atomic(path: &Path, text: &str, create: bool) -> anyhow::Result<()> {
    write_atomic_with(path, create, |out| {
        out.write_all(text.as_bytes())?;
        Ok(())
    })
}

/// [`write_atomic`] for a file written in pieces: `fill` writes into the temporary file
/// (buffered), which is put in place only if it succeeds. An error of `fill`'s own is
/// returned as it is, and nothing is written.
pub(crate) fn write_atomic_with<T>(
    path: &Path,
    create: bool,
    fill: impl FnOnce(&mut dyn std::io::Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let shown = path;
    let cannot = |e: std::io::Error| {
        // tempfile's own message ends with the temporary file's name, which the learner
        // never asked for; the kind of failure says what to do.
        let what = e.to_string();
        let what = what.split(" at path ").next().unwrap_or_default();
        let advice = match e.kind() {
            std::io::ErrorKind::NotFound => "check that its folder exists",
            std::io::ErrorKind::PermissionDenied => "check that its folder is yours to write",
            _ => "check that the disk has room and the folder is yours to write",
        };
        anyhow!("cannot write `{}` ({what}); {advice}", shown.display())
    };
    // Through a link to the file it leads to: renaming over the link would replace it.
    let resolved = if create {
        None
    } else {
        fs::canonicalize(path).ok()
    };
    let path = resolved.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = fs::metadata(path).ok().map(|m| m.permissions());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".upsc.tmp");
    // tempfile makes its files private (0600); a deck or an export is an ordinary
    // file, so ask for what `File::create` gives and let the umask take its part.
    #[cfg(unix)]
    let ordinary = <fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o666);
    #[cfg(unix)]
    builder.permissions(ordinary);
    // Dropped on any early return, the temporary file is removed.
    let mut file = builder.tempfile_in(&dir).map_err(cannot)?;
    let filled = {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file.as_file_mut());
        let filled = fill(&mut out).map_err(|e| match e.downcast::<std::io::Error>() {
            Ok(io) => cannot(io),
            Err(other) => other,
        })?;
        out.flush().map_err(cannot)?;
        filled
    };
    let finish = || -> std::io::Result<()> {
        file.as_file().sync_all()?;
        if let Some(permissions) = permissions {
            file.as_file().set_permissions(permissions)?;
        }
        if create {
            file.persist_noclobber(path).map_err(|e| e.error)?;
        } else {
            file.persist(path).map_err(|e| e.error)?;
        }
        sync_dir(&dir);
        Ok(())
    };
    finish().map_err(cannot)?;
    Ok(filled)
}

/// Writes `text` to `path` as the shell's `>` would when `path` is not a plain file:
/// through a named pipe or a device (`/dev/stdout`, `/dev/full`), and to the file a
/// dangling symbolic link names (created); a plain file, or none, is replaced atomically
/// ([`write_atomic`]). A failed write is an error, never a success.
pub(crate) fn write_out(path: &Path, text: &str) -> anyhow::Result<()> {
    let plain = match fs::symlink_metadata(path) {
        Err(_) => true,
        // A link: plain when what it leads to is a plain file (replaced through it).
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::metadata(path).is_ok_and(|m| m.file_type().is_file())
        }
        Ok(meta) => meta.file_type().is_file(),
    };
    if plain {
        return write_atomic(path, text, false);
    }
    let cannot = |e: std::io::Error| {
        anyhow!(
            "cannot write `{}` ({e}); check that the disk has room and the file is yours to write",
            path.display()
        )
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(cannot)?;
    file.write_all(text.as_bytes()).map_err(cannot)?;
    file.flush().map_err(cannot)?;
    // A pipe or a device cannot be synced; a file a link led to can.
    if fs::metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        file.sync_all().map_err(cannot)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn output_goes_through_links_and_devices_as_the_shell_sends_it() {
        let dir = tempfile::tempdir().unwrap();
        // A dangling link: the file it names is made, the link stays a link.
        let target = dir.path().join("made.txt");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_out(&link, "through").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "through");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // A device that is full says so.
        if Path::new("/dev/full").exists() {
            let error = write_out(Path::new("/dev/full"), "x".repeat(1 << 16).as_str())
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("cannot write `/dev/full`"), "{error}");
        }
        // A device that takes it is not replaced by a file.
        write_out(Path::new("/dev/null"), "gone").unwrap();
        assert!(!fs::metadata("/dev/null").unwrap().file_type().is_file());
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".upsc.tmp"))
            .collect()
    }

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deck.toml");
        fs::write(&path, "old text that is longer than the new").unwrap();
        write_atomic(&path, "new", false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn create_never_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deck.toml");
        write_atomic(&path, "first", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        let error = write_atomic(&path, "second", true).unwrap_err().to_string();
        assert!(error.starts_with("cannot write `"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_missing_folder_is_one_line_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/deck.toml");
        let error = write_atomic(&path, "x", false).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("cannot write `{}` (", path.display())),
            "{error}"
        );
        assert!(error.ends_with("; check that its folder exists"), "{error}");
        // The temporary file is the program's business, not the learner's.
        assert!(!error.contains(".upsc.tmp"), "{error}");
        assert!(!error.contains('\n'), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symbolic_link_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        let target = real.join("deck.toml");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, "new", false).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        assert_eq!(leftovers(&real), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn keeps_a_replaced_files_permissions_and_gives_a_new_one_ordinary_ones() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deck.toml");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, "new", false).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // Not tempfile's private 0600: group and others may read, as with File::create.
        let fresh = dir.path().join("fresh.toml");
        write_atomic(&fresh, "x", true).unwrap();
        let ordinary = dir.path().join("ordinary");
        fs::File::create(&ordinary).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&ordinary));
    }
}
