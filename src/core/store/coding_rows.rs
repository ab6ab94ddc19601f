//! The rows of coded passages and memos as undo and redo change them:
//! the ground floor of `passages` and `memos`, below the one edit door
//! (which applies their changes through here).

use rusqlite::{Connection, Transaction, params};

use super::change::{Change, MemoRecord, PassageId, TagId};
use crate::core::error::Result;

/// Marks passages removed (uncoded) or back.
pub(super) fn set_removed(tx: &Transaction, ids: &[PassageId], removed: bool) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE passages SET removed = ?2 WHERE id = ?1")?;
    for &id in ids {
        stmt.execute(params![id, removed])?;
    }
    Ok(())
}

/// Codes passages with another tag (a merge of tags).
pub(super) fn set_tag(tx: &Transaction, ids: &[PassageId], tag: TagId) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE passages SET tag_id = ?2 WHERE id = ?1")?;
    for &id in ids {
        stmt.execute(params![id, tag])?;
    }
    Ok(())
}

/// Applies a passage or memo change forwards (do, redo) or backwards.
pub(super) fn apply(tx: &Transaction, change: &Change, forward: bool) -> Result<()> {
    match change {
        Change::Code { passages, add } => set_removed(tx, passages, *add != forward)?,
        Change::Autocode { run } => {
            tx.execute(
                "UPDATE passages SET removed = ?2 WHERE run_id = ?1",
                params![run, !forward],
            )?;
        }
        Change::Reshape { id, before, after } => {
            let to = if forward { after } else { before };
            tx.execute(
                "UPDATE passages SET tag_id = ?2, start = ?3, end = ?4 WHERE id = ?1",
                params![id, to.tag, to.start, to.end],
            )?;
        }
        Change::Memo { before, after } => {
            let (to, other) = if forward {
                (after, before)
            } else {
                (before, after)
            };
            match (to, other) {
                (Some(m), _) => put_memo(tx, m, true)?,
                (None, Some(m)) => put_memo(tx, m, false)?,
                (None, None) => {}
            }
        }
        // Not passage changes: `edit::apply` sends them elsewhere.
        _ => {}
    }
    Ok(())
}

/// Writes `m` as stored (`present`) or deletes it: what undo and redo do.
pub(super) fn put_memo(tx: &Transaction, m: &MemoRecord, present: bool) -> Result<()> {
    if !present {
        tx.execute("DELETE FROM memos WHERE id = ?1", [m.id])?;
        return Ok(());
    }
    let (kind, target_id) = m.target.parts();
    tx.execute(
        "INSERT INTO memos(id, target, target_id, text, author, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET text = excluded.text, author = excluded.author,
                                       updated_at = excluded.updated_at",
        params![
            m.id,
            kind,
            target_id,
            m.text,
            m.author,
            m.created_at,
            m.updated_at
        ],
    )?;
    Ok(())
}

/// Every passage coded with `tag` (not removed).
pub fn ids_of_tag(conn: &Connection, tag: TagId) -> Result<Vec<PassageId>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM passages WHERE tag_id = ?1 AND removed = 0")?;
    let out = stmt
        .query_map([tag], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}
