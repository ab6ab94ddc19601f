//! The library file: one SQLite database holding every document.
//!
//! Opening is careful: a file is checked read-only (magic bytes, size against
//! its header, `application_id`, `user_version`) before anything may write to
//! it, so a foreign, damaged or newer file is refused and never modified.
//!
//! All writes go through one [`writer::Writer`] thread; readers open their own
//! connections ([`Library::reader`]), so reading never waits for an import.
//! WAL mode and a busy timeout let a second process (a CLI script beside the
//! GUI) use the same library safely.

pub mod backup;
pub mod backups;
pub mod change;
pub mod clusters;
pub mod decisions;
pub mod documents;
pub mod edit;
pub mod health;
pub mod imports;
pub mod journal;
pub mod rederive;
pub mod review;
pub mod salvage;
pub mod saved;
pub mod schema;
pub mod tags;
pub mod trash;
pub mod watch;
pub mod writer;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::error::{Error, Result};
pub use writer::Writer;

/// How long a connection waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open corpusdesk library.
pub struct Library {
    path: PathBuf,
    writer: Writer,
    /// Held so every connection of this process shares one open index.
    search: std::sync::Arc<crate::core::search::SearchIndex>,
    health: std::sync::Arc<health::Health>,
}

impl Library {
    /// Opens the library at `path`, creating it when the file is missing or
    /// empty (0 bytes), and upgrading an older schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        let path = path.as_ref().to_path_buf();
        let exists = match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                return Err(Error::NotALibrary { path });
            }
            // A file marked read-only stays untouched, even for a user
            // (root) whom the system would let write it anyway.
            Ok(meta) if meta.permissions().readonly() => {
                return Err(Error::ReadOnly { path });
            }
            Ok(meta) => meta.len() > 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(source) => return Err(Error::Open { path, source }),
        };
        let health = health::Health::for_library(&path);
        if exists {
            inspect_existing(&path)?;
            // A damaged log must be seen before SQLite replays it (and a
            // read-write open would checkpoint it into the file).
            if let Some(problem) = health::check_wal(&path) {
                health.mark(problem);
            }
        } else if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            fs::create_dir_all(parent).map_err(|source| Error::Open {
                path: path.clone(),
                source,
            })?;
        }
        let writer = if exists && health.damage().is_some() {
            // Known damaged: read-only, no read-write connection at all, so
            // nothing of this process reaches the file.
            let conn = open_reader(&path).map_err(|e| Error::Damaged {
                path: path.clone(),
                detail: e.to_string(),
            })?;
            let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version != schema::VERSION {
                return Err(Error::Damaged {
                    path: path.clone(),
                    detail: health.damage().map(|d| d.detail).unwrap_or_default(),
                });
            }
            Writer::refusing(std::sync::Arc::clone(&health))
        } else {
            let mut conn = open_rw(&path)?;
            migrate(&mut conn, &path)?;
            Writer::start(conn, std::sync::Arc::clone(&health))
        };
        let search = crate::core::search::SearchIndex::for_library(&path)?;
        Ok(Library {
            path,
            writer,
            search,
            health,
        })
    }

    /// Whether the file is known to be damaged, and what is wrong.
    pub fn health(&self) -> &health::Health {
        &self.health
    }

    /// Marks the library damaged when an error from reading it says so
    /// (the writer does this for writes itself).
    pub fn observe(&self, e: &Error) {
        self.health.observe(e);
    }

    /// The library's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A display name: the file name without its extension.
    pub fn name(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "library".into())
    }

    /// A new read-only connection. Each reader (UI, search job…) holds its own.
    pub fn reader(&self) -> Result<Connection> {
        open_reader(&self.path)
    }

    /// The search index beside the library (not necessarily up to date:
    /// see [`crate::core::search::sync`]).
    pub fn search_index(&self) -> &std::sync::Arc<crate::core::search::SearchIndex> {
        &self.search
    }

    /// The single writer every change goes through.
    pub fn writer(&self) -> &Writer {
        &self.writer
    }
}

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

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Checks an existing file without writing to it: is it SQLite, whole,
/// corpusdesk's, and not from a newer version?
fn inspect_existing(path: &Path) -> Result<()> {
    let open_err = |source| Error::Open {
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::File::open(path).map_err(open_err)?;
    let len = file.metadata().map_err(open_err)?.len();
    let mut header = [0u8; 100];
    let mut got = 0;
    while got < header.len() {
        match file.read(&mut header[got..]).map_err(open_err)? {
            0 => break,
            n => got += n,
        }
    }
    if got < 16 || &header[..16] != SQLITE_MAGIC {
        return Err(Error::NotALibrary {
            path: path.to_path_buf(),
        });
    }
    let damaged = |detail: String| Error::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    if got < 100 {
        return Err(damaged(format!("only {len} bytes, the file is truncated")));
    }
    let be16 = |i: usize| u16::from_be_bytes([header[i], header[i + 1]]);
    let be32 =
        |i: usize| u32::from_be_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
    let page_size = match be16(16) {
        1 => 65536u64,
        n => n as u64,
    };
    // The in-header page count is valid when the two change counters agree,
    // and only while no other connection is using the WAL: a checkpoint in
    // another process writes page 1 before it extends the file.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_in_use = fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if be32(24) == be32(92) && !wal_in_use {
        let expected = page_size * be32(28) as u64;
        if len < expected {
            return Err(damaged(format!(
                "the file is truncated: {len} bytes of {expected}"
            )));
        }
    }
    let conn = open_reader(path).map_err(|e| damaged(e.to_string()))?;
    let read = |sql: &str| -> Result<i32> {
        conn.query_row(sql, [], |r| r.get::<_, i32>(0))
            .map_err(|e| damaged(e.to_string()))
    };
    let app_id = read("PRAGMA application_id")?;
    let version = read("PRAGMA user_version")?;
    // Touch the schema so a garbled file fails here, read-only.
    let objects = read("SELECT count(*) FROM sqlite_master")?;
    // An empty database nobody has claimed (e.g. our own first launch killed
    // before its first commit) becomes a library like an empty file.
    if app_id == 0 && version == 0 && objects == 0 {
        return Ok(());
    }
    if app_id != schema::APPLICATION_ID {
        return Err(Error::ForeignDatabase {
            path: path.to_path_buf(),
            app_id,
        });
    }
    if version > schema::VERSION {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema::VERSION,
        });
    }
    let readonly = fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false);
    if readonly {
        return Err(Error::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// A read-write connection with the library's settings.
fn open_rw(path: &Path) -> Result<Connection> {
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

/// Runs the missing migration steps, each in its own immediate transaction
/// (so two processes opening a new library at once cannot both create it).
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    // An existing library about to be upgraded is copied first, so months
    // of work survive even a migration that goes wrong.
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if (1..schema::VERSION).contains(&version) && app_id == schema::APPLICATION_ID {
        backup::backup_to(conn, &backup::before_upgrade_path(path), true)?;
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app_id: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if version == 0 {
            // Only a brand-new, empty database may be claimed.
            let objects: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if objects > 0 && app_id != schema::APPLICATION_ID {
                return Err(Error::ForeignDatabase {
                    path: path.to_path_buf(),
                    app_id,
                });
            }
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        } else if app_id != schema::APPLICATION_ID {
            return Err(Error::ForeignDatabase {
                path: path.to_path_buf(),
                app_id,
            });
        }
        if version > schema::VERSION {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: schema::VERSION,
            });
        }
        if version == schema::VERSION {
            return Ok(());
        }
        tx.execute_batch(schema::MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The default library, in the OS data folder (e.g. `~/.local/share/corpusdesk/`).
pub fn default_library_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "corpusdesk", "corpusdesk")?;
    Some(dirs.data_dir().join("library.corpusdesk"))
}
