//! The library file: one SQLite database holding every document.
//!
//! Opening is careful: a file is checked read-only (magic bytes, size against
//! its header, `application_id`, `user_version`) before anything may write to
//! it, so a foreign, damaged or newer file is refused and never modified.
//!
//! All writes go through one [`writer::Writer`] thread; readers open their own
//! connections ([`Store::reader`]), so reading never waits for an import.
//! WAL mode and a busy timeout let a second process (a CLI script beside the
//! GUI) use the same library safely.
//!
//! Every row the core writes is written in this module (a test checks
//! it): imports hand their parsed items to [`ingest`], the search index
//! trims its queue through [`search_queue`], edits go through the one door
//! [`edit::commit`] (journal, undo, recluster once). The store builds only
//! on the ground floor (model, errors, filters, the pure rules of
//! `import` and `dedup`); the [`crate::core::Library`] sits above it.

pub mod backup;
pub mod backups;
pub mod change;
pub mod clusters;
pub mod coding_rows;
pub mod connection;
pub mod decisions;
pub mod documents;
pub mod edit;
pub mod entities;
pub mod exchange;
pub mod health;
pub mod imports;
pub mod ingest;
pub mod journal;
pub mod mastheads;
pub mod memos;
pub mod passages;
pub mod rederive;
pub mod review;
pub mod salvage;
pub mod saved;
pub mod scans;
pub mod schema;
pub mod search_queue;
pub mod tags;
pub mod trash;
pub mod watch;
pub mod writer;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use super::error::{Error, Result};
use connection::open_rw;
pub use connection::{CACHE_KIB, data_version, now, open_reader};
pub use writer::Writer;

/// A library file opened for use: checked, created or upgraded, with its
/// one writer (refusing every write when the file is known to be damaged)
/// and its health. The [`crate::core::Library`] adds the search index.
pub struct Store {
    path: PathBuf,
    writer: Writer,
    health: std::sync::Arc<health::Health>,
}

impl Store {
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

    /// The single writer every change goes through.
    pub fn writer(&self) -> &Writer {
        &self.writer
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
}

/// Where the search index of the library at `path` lives: a hidden folder
/// beside it (`.news.corpusdesk.search`). Derived data: deleting it only
/// costs a rebuild.
pub fn index_dir(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into());
    path.with_file_name(format!(".{name}.search"))
}

/// Opens the library file at `path`, creating it when it is missing or
/// empty (0 bytes), and upgrading an older schema.
pub fn open(path: &Path) -> Result<Store> {
    let path = path.to_path_buf();
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
    Ok(Store {
        path,
        writer,
        health,
    })
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
    check_identity(path, app_id, version)?;
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

/// A library file's identity, checked on open and again inside the
/// migration's transaction: corpusdesk's (`application_id`), and not made
/// by a newer version.
fn check_identity(path: &Path, app_id: i32, version: i32) -> Result<()> {
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
    Ok(())
}

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
        } else {
            check_identity(path, app_id, version)?;
        }
        if version == schema::VERSION {
            return Ok(());
        }
        tx.execute_batch(schema::MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// The default library, in the OS data folder (e.g. `~/.local/share/corpusdesk/`).
pub fn default_library_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "corpusdesk", "corpusdesk")?;
    Some(dirs.data_dir().join("library.corpusdesk"))
}
