//! One error type for the core: a variant per thing a user can be told.

use std::path::PathBuf;

/// Every failure the core reports. The `Display` text is written for users.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not an SQLite database at all.
    #[error("{path} is not a corpusdesk library (it is not an SQLite database)")]
    NotALibrary { path: PathBuf },

    /// An SQLite database whose application id is not corpusdesk's.
    #[error(
        "{path} is an SQLite database of another application (application id {app_id:#x}), not a corpusdesk library; it was left untouched"
    )]
    ForeignDatabase { path: PathBuf, app_id: i32 },

    /// A library of a newer schema than this build reads.
    #[error(
        "{path} was written by a newer corpusdesk (library version {found}, this build reads up to {supported}); update corpusdesk to open it. The file was left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: i32,
        supported: i32,
    },

    /// A library too damaged to open (its header or schema unreadable).
    #[error("{path} is damaged and cannot be opened ({detail}); the file was left untouched")]
    Damaged { path: PathBuf, detail: String },

    /// The library file (or its folder) cannot be written.
    #[error(
        "{path} is read-only: corpusdesk needs to write to its library. Copy it somewhere writable, or change its permissions"
    )]
    ReadOnly { path: PathBuf },

    /// The file could not be opened for another reason the system gave.
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),

    /// SQLite found the file damaged while reading or writing it.
    #[error("the library file is damaged: {0}")]
    Corrupt(String),

    /// The library is known to be damaged: this process writes nothing more
    /// to it.
    #[error(
        "{path} is damaged ({detail}; noticed {since}), so corpusdesk no longer writes to it. Restore a backup (File → Restore from backup…, or `corpusdesk restore`), or save what can be read (`corpusdesk salvage`)"
    )]
    LibraryDamaged {
        path: PathBuf,
        detail: String,
        since: String,
    },

    /// The disk (or the quota) holding a file we write is full.
    #[error("the disk is full; free some space and try again")]
    DiskFull,

    /// Any other input/output error.
    #[error("{0}")]
    Io(#[source] std::io::Error),

    /// A search query that cannot be understood, with the reason.
    #[error("invalid search: {0}")]
    Query(String),

    /// The search index beside the library failed.
    #[error("search index: {0}")]
    SearchIndex(String),

    /// The search index lags the library by more than a search catches up
    /// on by itself; a background sync is bringing it up to date.
    #[error("the search index is being updated ({0} changes to apply); results will follow")]
    IndexBehind(u64),

    /// A date typed by hand that is no date.
    #[error("invalid date {0:?}: use YYYY-MM-DD, YYYY-MM or YYYY")]
    InvalidDate(String),

    /// A tag name that cannot be one (empty segment, control characters…).
    #[error("invalid tag {0}")]
    InvalidTag(String),

    /// A passage range that does not fit its document's text.
    #[error("invalid passage: {0}")]
    InvalidPassage(String),

    /// Something asked for by its id or name is not in the library.
    #[error("no {what} {key}")]
    NotFound {
        /// What was looked for, as a sentence names it ("document with id").
        what: &'static str,
        key: String,
    },

    /// The user stopped the work; nothing was stored.
    #[error("cancelled")]
    Cancelled,

    /// A destination that exists and was not to be replaced.
    #[error("{0} already exists; choose another name or confirm overwriting it")]
    Exists(PathBuf),

    /// An export (or a CSV of results) that cannot be written as asked.
    #[error("invalid export: {0}")]
    Export(String),

    /// A file that cannot be imported as a whole (a damaged project).
    #[error("{0}")]
    Import(String),

    /// A backup that cannot be written as asked.
    #[error("cannot back up: {0}")]
    Backup(String),

    /// A request that would destroy data (e.g. writing over the library).
    #[error("{0}")]
    Refused(String),

    /// The writer thread is gone (it panicked or the library closed).
    #[error("the library writer has stopped; restart corpusdesk")]
    WriterGone,

    /// A job panicked; the work was stopped and nothing half-written.
    #[error(
        "corpusdesk hit an internal error ({0}); the work was stopped and the library left as it was. Please report it (Help → Open log folder has the details)"
    )]
    Panicked(String),

    /// A JSON value that cannot be read or written.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                Error::Corrupt(sqlite_detail(&e))
            }
            _ => Error::Sqlite(e),
        }
    }
}

/// SQLite's own words once: rusqlite's `Display` repeats the message after
/// the code's description.
fn sqlite_detail(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

impl Error {
    /// No document with this id.
    pub fn no_document(id: i64) -> Error {
        Error::NotFound {
            what: "document with id",
            key: id.to_string(),
        }
    }

    /// No coded passage with this id.
    pub fn no_passage(id: i64) -> Error {
        Error::NotFound {
            what: "coded passage with id",
            key: id.to_string(),
        }
    }

    /// No import batch with this id.
    pub fn no_batch(id: i64) -> Error {
        Error::NotFound {
            what: "import batch with id",
            key: id.to_string(),
        }
    }
}

/// A CSV writer's error: its I/O as any I/O (a full disk says so), the rest
/// as an export error. The one mapping the CSV writers use.
impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        match e.into_kind() {
            csv::ErrorKind::Io(e) => Error::from(e),
            other => Error::Export(format!("cannot write CSV: {other:?}")),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => Error::DiskFull,
            _ => Error::Io(e),
        }
    }
}

impl Error {
    /// Is this a sign that the library file itself is damaged?
    pub fn is_corruption(&self) -> bool {
        matches!(self, Error::Corrupt(_) | Error::Damaged { .. })
    }
}
