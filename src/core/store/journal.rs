//! The undo journal, stored in the library so undo survives a restart.
//!
//! Storage only: each entry holds one [`Change`] (what it replaced and what
//! it set) under the label Edit → Undo shows. Applying changes, forwards or
//! backwards, is [`super::edit`]'s job. Recording a new entry drops the
//! entries that were undone (the redo branch), as editors do.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::change::Change;
use super::now;
use crate::core::error::Result;

/// One stored entry.
pub struct Entry {
    pub id: i64,
    pub label: String,
    pub change: Change,
}

/// Records a change that is being applied in `tx`.
pub fn record(tx: &Transaction, label: &str, change: &Change) -> Result<()> {
    tx.execute("DELETE FROM journal WHERE undone = 1", [])?;
    tx.execute(
        "INSERT INTO journal(label, change, created_at) VALUES (?1, ?2, ?3)",
        params![label, serde_json::to_string(change)?, now()],
    )?;
    Ok(())
}

/// The entry Undo takes back (`forward` false) or Redo makes again.
pub fn next_entry(conn: &Connection, forward: bool) -> Result<Option<Entry>> {
    let sql = if forward {
        "SELECT id, label, change FROM journal WHERE undone = 1 ORDER BY id ASC LIMIT 1"
    } else {
        "SELECT id, label, change FROM journal WHERE undone = 0 ORDER BY id DESC LIMIT 1"
    };
    let Some((id, label, change)) = conn
        .query_row(sql, [], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?
    else {
        return Ok(None);
    };
    Ok(Some(Entry {
        id,
        label,
        change: serde_json::from_str(&change)?,
    }))
}

/// Marks an entry undone (or done again).
pub fn set_undone(tx: &Transaction, id: i64, undone: bool) -> Result<()> {
    tx.execute(
        "UPDATE journal SET undone = ?2 WHERE id = ?1",
        params![id, undone],
    )?;
    Ok(())
}

/// What Undo and Redo would do now: the labels of the next entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Next {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// The labels of the change Undo would take back and the one Redo would redo.
pub fn next(conn: &Connection) -> Result<Next> {
    let label = |sql: &str| -> Result<Option<String>> {
        Ok(conn.query_row(sql, [], |r| r.get(0)).optional()?)
    };
    Ok(Next {
        undo: label("SELECT label FROM journal WHERE undone = 0 ORDER BY id DESC LIMIT 1")?,
        redo: label("SELECT label FROM journal WHERE undone = 1 ORDER BY id ASC LIMIT 1")?,
    })
}

/// Forgets every entry (after a permanent deletion the old entries could
/// name documents that no longer exist).
pub fn clear(tx: &Transaction) -> Result<()> {
    tx.execute("DELETE FROM journal", [])?;
    Ok(())
}
