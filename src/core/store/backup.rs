//! Consistent copies of a library: on request ("Back up library…", `corpusdesk
//! backup`), while the app keeps working, and automatically before a schema
//! upgrade.
//!
//! SQLite's `VACUUM INTO` writes a compact, consistent snapshot from a read
//! transaction, so writers carry on meanwhile. The copy is written under a
//! temporary name next to the destination and renamed when complete.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Library, open_reader};
use crate::core::error::{Error, Result};

/// Writes a consistent copy of the library open on `conn` to `dest`;
/// refuses an existing `dest` unless `overwrite`.
pub fn backup_to(conn: &Connection, dest: &Path, overwrite: bool) -> Result<()> {
    if !overwrite && dest.exists() {
        return Err(Error::Exists(dest.to_path_buf()));
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A free name in the same folder, so the final rename is atomic.
    let tmp = tempfile::Builder::new()
        .prefix(".corpusdesk-backup-")
        .tempfile_in(&parent)?
        .into_temp_path();
    let tmp_path = tmp.to_path_buf();
    std::fs::remove_file(&tmp_path)?; // VACUUM INTO wants to create it
    let result = (|| -> Result<()> {
        let target = tmp_path
            .to_str()
            .ok_or_else(|| Error::Export(format!("{} is not a UTF-8 path", tmp_path.display())))?;
        conn.execute("VACUUM INTO ?1", [target])?;
        if overwrite {
            std::fs::rename(&tmp_path, dest)?;
        } else {
            // Refuse a destination that appeared meanwhile.
            std::fs::hard_link(&tmp_path, dest).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::Exists(dest.to_path_buf())
                } else {
                    e.into()
                }
            })?;
            std::fs::remove_file(&tmp_path)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    drop(tmp);
    result
}

/// Where the automatic backup before a schema upgrade goes: beside the
/// library, replaced by the next upgrade's.
pub fn before_upgrade_path(library: &Path) -> PathBuf {
    let mut name = library.file_name().unwrap_or_default().to_os_string();
    name.push(".before-upgrade.bak");
    library.with_file_name(name)
}

impl Library {
    /// A consistent copy of the library at `dest` (see [`backup_to`]).
    pub fn backup(&self, dest: &Path, overwrite: bool) -> Result<()> {
        if crate::core::export::same_file(self.path(), dest) {
            return Err(Error::Refused(format!(
                "{} is the library itself; choose another file for the backup",
                dest.display()
            )));
        }
        let conn = open_reader(self.path())?;
        backup_to(&conn, dest, overwrite)
    }
}
