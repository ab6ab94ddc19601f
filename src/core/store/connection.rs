//! Connections to the library file: read-only ones for readers, the one
//! read-write connection the writer owns, and the clock the store stamps
//! changes with. The ground floor of the store: it imports nothing of it.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::core::error::{Error, Result};

/// How long a connection waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens a read-only connection on an existing library.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Changes whenever another connection (our writer, or another process)
/// commits: the GUI polls it to notice outside changes.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// A read-write connection with the library's settings.
pub(super) fn open_rw(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen) => {
            Error::ReadOnly {
                path: path.to_path_buf(),
            }
        }
        _ => Error::Sqlite(e),
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Bulk imports touch index pages all over the file (hashes and titles
    // are random keys): a 64 MB page cache keeps them in memory, and fewer,
    // larger checkpoints keep fsyncs rare.
    conn.pragma_update(None, "cache_size", CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
    Ok(conn)
}

/// The page cache of a connection: 64 MB (negative: KiB, as `cache_size` takes it).
pub const CACHE_KIB: i64 = -64 * 1024;

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
