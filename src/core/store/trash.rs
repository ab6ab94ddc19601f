//! The trash: documents moved there stay whole (text, sources, tags) until
//! the user empties it, which is the one permanent deletion in the app.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::core::error::Result;
use crate::core::model::{DocId, DocState};

/// Documents in the trash.
pub fn count(conn: &Connection) -> Result<usize> {
    Ok(super::documents::count(conn, DocState::Trashed)? as usize)
}

/// Ids of the documents in the trash, most recently trashed first.
pub fn ids(conn: &Connection) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM documents WHERE state = ?1
         ORDER BY state_changed_at DESC, id DESC",
    )?;
    let ids = stmt
        .query_map([DocState::Trashed as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Moves documents to the trash (those not there yet), undoably; returns
/// how many moved.
pub fn move_to(tx: &Transaction, ids: &[DocId]) -> Result<usize> {
    let ids = in_state(tx, ids, false)?;
    if !ids.is_empty() {
        super::documents::set_state(tx, &ids, DocState::Trashed)?;
    }
    Ok(ids.len())
}

/// Brings documents back from the trash (those in it), undoably; returns
/// how many came back.
pub fn restore(tx: &Transaction, ids: &[DocId]) -> Result<usize> {
    let ids = in_state(tx, ids, true)?;
    if !ids.is_empty() {
        super::documents::set_state(tx, &ids, DocState::Active)?;
    }
    Ok(ids.len())
}

/// The ids that are in the trash (`trashed`) or exist outside it.
fn in_state(conn: &Connection, ids: &[DocId], trashed: bool) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare_cached("SELECT state FROM documents WHERE id = ?1")?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let state: Option<i64> = stmt.query_row([id], |r| r.get(0)).optional()?;
        if let Some(s) = state
            && (s == DocState::Trashed as i64) == trashed
        {
            out.push(id);
        }
    }
    Ok(out)
}

/// Deletes every document in the trash for good: texts, sources, tags,
/// search-index entries, duplicate data and the user's decisions about
/// them. Cannot be undone, so the undo journal (whose entries could name
/// the deleted documents) is cleared too. Returns how many were deleted.
pub fn empty(tx: &Transaction) -> Result<usize> {
    let trashed = DocState::Trashed as i64;
    let n = count(tx)?;
    if n == 0 {
        return Ok(0);
    }
    super::backups::before_bulk(tx, n, "emptying the trash")?;
    let gone = "SELECT id FROM documents WHERE state = ?1";
    tx.execute(
        &format!("DELETE FROM document_tags WHERE doc_id IN ({gone})"),
        [trashed],
    )?;
    tx.execute(
        &format!("DELETE FROM sources WHERE doc_id IN ({gone})"),
        [trashed],
    )?;
    tx.execute(
        &format!("DELETE FROM cluster_members WHERE doc_id IN ({gone})"),
        [trashed],
    )?;
    tx.execute(
        &format!("UPDATE clusters SET keeper_id = NULL WHERE keeper_id IN ({gone})"),
        [trashed],
    )?;
    tx.execute(
        &format!("DELETE FROM pair_decisions WHERE doc_a IN ({gone}) OR doc_b IN ({gone})"),
        [trashed],
    )?;
    tx.execute(
        &format!("DELETE FROM dedup_keepers WHERE doc_id IN ({gone})"),
        [trashed],
    )?;
    // Coded passages and memos of the deleted documents, and passages
    // uncoded earlier (only the journal cleared below could bring them back).
    tx.execute(
        &format!(
            "DELETE FROM memos WHERE (target = 'document' AND target_id IN ({gone}))
                OR (target = 'passage' AND target_id IN
                      (SELECT id FROM passages WHERE removed = 1 OR doc_id IN ({gone})))"
        ),
        [trashed],
    )?;
    tx.execute(
        &format!("DELETE FROM passages WHERE removed = 1 OR doc_id IN ({gone})"),
        [trashed],
    )?;
    // Triggers remove the full-text entries and the duplicate index (whose
    // pairs cascade).
    tx.execute("DELETE FROM documents WHERE state = ?1", params![trashed])?;
    super::journal::clear(tx)?;
    super::clusters::recluster_stored(tx)?;
    Ok(n)
}
