//! Consistent copies of a library: on request ("Back up library…", `corpusdesk
//! backup`), while the app keeps working, and automatically before a schema
//! upgrade.
//!
//! SQLite's `VACUUM INTO` writes a compact, consistent snapshot from a read
//! transaction, so writers carry on meanwhile. The copy is written under a
//! temporary name next to the destination and renamed when complete.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::core::error::{Error, Result};
use crate::core::fsx;

/// Writes a consistent copy of the library open on `conn` to `dest`;
/// refuses an existing `dest` unless `overwrite`.
pub fn backup_to(conn: &Connection, dest: &Path, overwrite: bool) -> Result<()> {
    if !overwrite && dest.exists() {
        return Err(Error::Exists(dest.to_path_buf()));
    }
    // A free name in the same folder, so the final rename is atomic.
    let tmp = fsx::temp_file_for(dest, ".corpusdesk-backup-")?.into_temp_path();
    let tmp_path = tmp.to_path_buf();
    std::fs::remove_file(&tmp_path)?; // VACUUM INTO wants to create it
    let target = tmp_path
        .to_str()
        .ok_or_else(|| Error::Backup(format!("{} is not a UTF-8 path", tmp_path.display())))?;
    let result = conn
        .execute("VACUUM INTO ?1", [target])
        .map_err(Error::from)
        .and_then(|_| fsx::place(&tmp_path, dest, overwrite));
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
