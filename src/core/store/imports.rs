//! Import batches: every import run is recorded (when, which paths, what it
//! did), and the documents it created carry its id, so a run can be listed,
//! shown as a filter and moved to the trash in one undoable step.

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

pub use super::change::BatchId;
use super::change::{Change, Edit};
use super::{edit, now};
use crate::core::counts::documents;
use crate::core::error::{Error, Result};
use crate::core::model::{DocId, DocState};

/// One import run as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportBatch {
    pub id: BatchId,
    /// Unix seconds.
    pub started_at: i64,
    pub finished_at: Option<i64>,
    /// The files and folders the user gave.
    pub paths: Vec<String>,
    /// New documents the run stored.
    pub imported: i64,
    pub already_present: i64,
    pub rejected: i64,
    pub cancelled: bool,
    /// How many of its documents are in the library now (not in the trash).
    pub in_library: i64,
    /// How many of its documents are in the trash now.
    pub in_trash: i64,
}

impl ImportBatch {
    /// "Imported 2026-12-01 22:58" (UTC).
    pub fn label(&self) -> String {
        format!("Imported {}", minute_string(self.started_at))
    }
}

/// `2026-12-01 22:58` for unix seconds (UTC).
pub fn minute_string(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => secs.to_string(),
    }
}

/// Starts a batch for `paths`; the import's writes then name it.
pub fn begin(tx: &Transaction, paths: &[String]) -> Result<BatchId> {
    tx.execute(
        "INSERT INTO imports(started_at, paths) VALUES (?1, ?2)",
        params![now(), serde_json::to_string(paths)?],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Adds one stored chunk's counts to the batch.
pub fn add_counts(tx: &Transaction, batch: BatchId, imported: usize, present: usize) -> Result<()> {
    tx.prepare_cached(
        "UPDATE imports SET imported = imported + ?2, already_present = already_present + ?3
         WHERE id = ?1",
    )?
    .execute(params![batch, imported as i64, present as i64])?;
    Ok(())
}

/// Closes the batch and, when it created documents, records it in the undo
/// journal: undoing an import moves what it created to the trash.
pub fn finish(tx: &Transaction, batch: BatchId, rejected: usize, cancelled: bool) -> Result<()> {
    tx.execute(
        "UPDATE imports SET finished_at = ?2, rejected = ?3, cancelled = ?4 WHERE id = ?1",
        params![batch, now(), rejected as i64, cancelled],
    )?;
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM documents WHERE batch_id = ?1",
        [batch],
        |r| r.get(0),
    )?;
    // Scans it queued for OCR: their documents join the batch when read.
    let scans: i64 = tx.query_row(
        "SELECT count(*) FROM scans WHERE batch_id = ?1 AND withdrawn = 0",
        [batch],
        |r| r.get(0),
    )?;
    if count + scans > 0 {
        let what = match (count, scans) {
            (_, 0) => documents(count as usize),
            (0, _) => crate::core::counts::scans(scans as usize),
            _ => format!(
                "{} and {}",
                documents(count as usize),
                crate::core::counts::scans(scans as usize)
            ),
        };
        // Applying it forwards changes nothing: its documents are active.
        edit::commit(
            tx,
            Edit::new(
                format!("import of {what}"),
                Change::Import { batch },
                (count + scans) as usize,
            ),
        )?;
    }
    Ok(())
}

/// Every batch, newest first.
pub fn list(conn: &Connection) -> Result<Vec<ImportBatch>> {
    let mut stmt = conn.prepare(
        "SELECT i.id, i.started_at, i.finished_at, i.paths, i.imported, i.already_present,
                i.rejected, i.cancelled,
                (SELECT count(*) FROM documents d WHERE d.batch_id = i.id AND d.state != ?1),
                (SELECT count(*) FROM documents d WHERE d.batch_id = i.id AND d.state = ?1)
         FROM imports i ORDER BY i.id DESC",
    )?;
    let rows = stmt.query_map([DocState::Trashed as i64], |r| {
        let paths: String = r.get(3)?;
        Ok(ImportBatch {
            id: r.get(0)?,
            started_at: r.get(1)?,
            finished_at: r.get(2)?,
            paths: serde_json::from_str(&paths).unwrap_or_default(),
            imported: r.get(4)?,
            already_present: r.get(5)?,
            rejected: r.get(6)?,
            cancelled: r.get(7)?,
            in_library: r.get(8)?,
            in_trash: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One batch.
pub fn get(conn: &Connection, batch: BatchId) -> Result<ImportBatch> {
    list(conn)?
        .into_iter()
        .find(|b| b.id == batch)
        .ok_or(Error::no_batch(batch))
}

/// The batch's documents that are not in the trash, by id.
pub fn live_documents(conn: &Connection, batch: BatchId) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM documents WHERE batch_id = ?1 AND state != ?2 ORDER BY id",
    )?;
    let ids = stmt
        .query_map(params![batch, DocState::Trashed as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Moves what the batch created (and is not in the trash yet) to the trash,
/// as one undoable step. Returns how many documents moved.
pub fn trash(tx: &Transaction, batch: BatchId) -> Result<usize> {
    let ids = live_documents(tx, batch)?;
    if !ids.is_empty() {
        super::documents::set_state(tx, &ids, DocState::Trashed)?;
    }
    // Its scans still waiting for OCR go with it (import them again to
    // read them: from the cache, for the pages already read).
    super::scans::withdraw(tx, batch, true)?;
    Ok(ids.len())
}
