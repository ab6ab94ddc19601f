//! Files written safely, for export and backup alike: built aside under a
//! temporary name in the destination's folder, synced, then moved into
//! place in one rename (or refused when the destination appeared
//! meanwhile), and never over the library itself.

use std::fs;
use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};

/// Whether `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The folder `dest` goes in (`.` for a bare name).
pub fn parent_of(dest: &Path) -> PathBuf {
    match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Refuses the library itself, a folder where a file is wanted, and (unless
/// `overwrite`) an existing file or non-empty folder. `what` names the
/// destination in the message ("destination", "file for the backup").
pub fn check_destination(
    library: &Path,
    dest: &Path,
    folder: bool,
    overwrite: bool,
    what: &str,
) -> Result<()> {
    if same_file(library, dest) {
        return Err(Error::Refused(format!(
            "{} is the library itself; choose another {what}",
            dest.display()
        )));
    }
    if !folder && dest.is_dir() {
        return Err(Error::Export(format!(
            "{} is a folder; give the name of the file to write",
            dest.display()
        )));
    }
    if !overwrite && would_replace(dest, folder) {
        return Err(Error::Exists(dest.to_path_buf()));
    }
    Ok(())
}

/// Whether writing `dest` replaces something the user has: an existing
/// file, or (when a folder is written) a folder with something in it. The
/// window asks before such an export; the core refuses it unless told.
pub fn would_replace(dest: &Path, folder: bool) -> bool {
    match fs::metadata(dest) {
        Err(_) => false,
        Ok(m) if folder && m.is_dir() => {
            fs::read_dir(dest).map_or(true, |mut d| d.next().is_some())
        }
        Ok(_) => true,
    }
}

/// A temporary file beside `dest`, so the final rename stays on one disk.
/// Leftovers of killed runs in that folder are removed first.
pub fn temp_file_for(dest: &Path, prefix: &str) -> Result<tempfile::NamedTempFile> {
    sweep_stale(&parent_of(dest));
    Ok(tempfile::Builder::new()
        .prefix(prefix)
        .tempfile_in(parent_of(dest))?)
}

/// A temporary folder beside `dest`.
pub fn temp_dir_for(dest: &Path, prefix: &str) -> Result<tempfile::TempDir> {
    sweep_stale(&parent_of(dest));
    Ok(tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(parent_of(dest))?)
}

/// The temporary files and folders an export, backup or restore writes
/// beside its destination until it is complete. (Not the aside copy a
/// folder export keeps of the folder it replaces: that may be the user's
/// only copy.)
pub const TEMP_PREFIXES: [&str; 3] = [
    ".corpusdesk-export-",
    ".corpusdesk-backup-",
    ".corpusdesk-restore-",
];

/// A temporary file untouched this long belongs to a run that was killed
/// (a running export writes to its file all the time).
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes what killed exports, backups and restores left in `folder`;
/// returns how many. Best effort: a folder that cannot be read is left.
pub fn sweep_stale(folder: &Path) -> usize {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !TEMP_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !stale {
            continue;
        }
        let path = entry.path();
        let gone = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Syncs a finished temporary file and moves it to `dest`: replacing it
/// when `overwrite`, else refusing a `dest` that exists by now.
pub fn persist(file: tempfile::NamedTempFile, dest: &Path, overwrite: bool) -> Result<()> {
    file.as_file().sync_all()?;
    readable(file.path(), false)?;
    if overwrite {
        file.persist(dest).map_err(|e| Error::from(e.error))?;
    } else {
        file.persist_noclobber(dest)
            .map_err(|e| no_clobber(e.error, dest))?;
    }
    Ok(())
}

/// Moves a finished file that something else wrote at `tmp` (SQLite's
/// `VACUUM INTO`) to `dest`, with [`persist`]'s rules; `tmp` is gone after.
pub fn place(tmp: &Path, dest: &Path, overwrite: bool) -> Result<()> {
    readable(tmp, false)?;
    let result = if overwrite {
        fs::rename(tmp, dest).map_err(Error::from)
    } else {
        // A hard link fails when `dest` exists: no window to clobber it.
        fs::hard_link(tmp, dest)
            .map_err(|e| no_clobber(e, dest))
            .and_then(|()| fs::remove_file(tmp).map_err(Error::from))
    };
    if result.is_err() {
        let _ = fs::remove_file(tmp);
    }
    result
}

fn no_clobber(e: std::io::Error, dest: &Path) -> Error {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        Error::Exists(dest.to_path_buf())
    } else {
        Error::Io(e)
    }
}

/// Moves a finished folder into place, replacing `dest` (empty, or
/// confirmed by the caller) only once the new one is complete.
pub fn replace_folder(tmp: tempfile::TempDir, dest: &Path) -> Result<()> {
    readable(tmp.path(), true)?;
    let built = tmp.keep();
    let result = (|| -> Result<()> {
        if fs::symlink_metadata(dest).is_ok() {
            // Keep the old one aside until the new one is in place.
            let aside = dest.with_file_name(format!(".corpusdesk-replaced-{}", std::process::id()));
            fs::rename(dest, &aside)?;
            if let Err(e) = fs::rename(&built, dest) {
                let _ = fs::rename(&aside, dest);
                return Err(e.into());
            }
            if aside.is_dir() {
                fs::remove_dir_all(&aside)?;
            } else {
                fs::remove_file(&aside)?;
            }
        } else {
            fs::rename(&built, dest)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&built);
    }
    result
}

/// Temporary files are private (0600/0700); what we write is an ordinary
/// file or folder, readable like any other the user makes.
fn readable(path: &Path, folder: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if folder { 0o755 } else { 0o644 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, folder);
    Ok(())
}
