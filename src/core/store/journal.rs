//! The undo journal, stored in the library so undo survives a restart.
//!
//! Each user action records one [`Change`] holding what it replaced and what
//! it set. Undo applies it backwards, redo forwards. Recording a new change
//! drops the entries that were undone (the redo branch), as editors do.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::now;
use super::tags::{TagId, TagRecord};
use crate::core::error::Result;
use crate::core::model::{DocId, DocState};

/// A document's date override (`set_date`, `set_source`) at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOverride {
    pub date: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateEdit {
    pub id: DocId,
    pub before: DateOverride,
    pub after: DateOverride,
}

/// One undoable change. Later features add variants; old entries stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    SetDate {
        edits: Vec<DateEdit>,
    },
    SetState {
        ids: Vec<DocId>,
        before: Vec<DocState>,
        after: DocState,
    },
    CreateTag {
        tag: TagRecord,
    },
    DeleteTag {
        tag: TagRecord,
        docs: Vec<DocId>,
    },
    /// (tag, old name, new name): a parent and its children.
    RenameTags {
        renames: Vec<(TagId, String, String)>,
    },
    Recolor {
        id: TagId,
        before: String,
        after: String,
    },
    MergeTag {
        from: TagRecord,
        from_docs: Vec<DocId>,
        into: TagId,
        /// Documents that carried `from` but not `into`.
        added: Vec<DocId>,
    },
    /// `docs` are exactly those whose tagging changed.
    TagDocs {
        tag: TagId,
        docs: Vec<DocId>,
        add: bool,
    },
    /// Several changes made by one action, applied in order (undone in reverse).
    Batch {
        changes: Vec<Change>,
    },
    /// Pairs (`a < b`) the user called "not duplicates" (newly recorded ones).
    NotDuplicates {
        pairs: Vec<(DocId, DocId)>,
    },
    /// The user chose `keeper` for its cluster; `before` were the chosen
    /// keepers among its members until then.
    ChooseKeeper {
        keeper: DocId,
        before: Vec<DocId>,
        /// Whether `keeper` was already chosen.
        was_chosen: bool,
    },
    /// An import run that created documents: undone, they go to the trash.
    Import {
        batch: super::imports::BatchId,
    },
}

impl Change {
    fn apply(&self, tx: &Transaction, forward: bool) -> Result<()> {
        match self {
            Change::SetDate { edits } => {
                let mut stmt = tx.prepare_cached(
                    "UPDATE documents SET set_date = ?2, set_source = ?3 WHERE id = ?1",
                )?;
                for edit in edits {
                    let to = if forward { &edit.after } else { &edit.before };
                    stmt.execute(params![edit.id, to.date, to.source])?;
                }
            }
            Change::SetState { ids, before, after } => {
                let mut stmt = tx.prepare_cached(
                    "UPDATE documents SET state = ?2, state_changed_at = ?3 WHERE id = ?1",
                )?;
                let t = now();
                for (i, id) in ids.iter().enumerate() {
                    let to = if forward { *after } else { before[i] };
                    stmt.execute(params![id, to as i64, t])?;
                }
            }
            Change::Batch { changes } => {
                if forward {
                    for c in changes {
                        c.apply(tx, true)?;
                    }
                } else {
                    for c in changes.iter().rev() {
                        c.apply(tx, false)?;
                    }
                }
            }
            Change::Import { batch } => super::imports::apply_import(tx, *batch, forward)?,
            Change::NotDuplicates { .. } | Change::ChooseKeeper { .. } => {
                super::clusters::apply(tx, self, forward)?
            }
            tag_change => super::tags::apply(tx, tag_change, forward)?,
        }
        if self.touches_clusters() {
            super::clusters::recluster_stored(tx)?;
        }
        Ok(())
    }

    /// Clusters depend on it: states (the trash), verdicts, keepers.
    fn touches_clusters(&self) -> bool {
        match self {
            Change::SetState { .. }
            | Change::Import { .. }
            | Change::NotDuplicates { .. }
            | Change::ChooseKeeper { .. } => true,
            Change::Batch { changes } => changes.iter().any(Change::touches_clusters),
            _ => false,
        }
    }
}

/// What Undo and Redo would do now: the labels of the next entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Next {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

/// The labels of the change Undo would take back and the one Redo would redo.
pub fn next(conn: &rusqlite::Connection) -> Result<Next> {
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

/// The id of the latest journal entry (0 when empty), to [`combine`] later.
pub fn mark(tx: &Transaction) -> Result<i64> {
    Ok(tx.query_row("SELECT ifnull(max(id), 0) FROM journal", [], |r| r.get(0))?)
}

/// Makes the entries recorded after `mark` one undo step named `label`.
pub fn combine(tx: &Transaction, mark: i64, label: &str) -> Result<()> {
    let mut stmt = tx.prepare("SELECT change FROM journal WHERE id > ?1 ORDER BY id")?;
    let changes: Vec<String> = stmt
        .query_map([mark], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if changes.len() < 2 {
        if changes.len() == 1 {
            tx.execute(
                "UPDATE journal SET label = ?2 WHERE id > ?1",
                params![mark, label],
            )?;
        }
        return Ok(());
    }
    let changes = changes
        .iter()
        .map(|c| serde_json::from_str(c))
        .collect::<serde_json::Result<Vec<Change>>>()?;
    tx.execute("DELETE FROM journal WHERE id > ?1", [mark])?;
    record(tx, label, &Change::Batch { changes })
}

/// Records a change that has just been applied in `tx`.
pub fn record(tx: &Transaction, label: &str, change: &Change) -> Result<()> {
    tx.execute("DELETE FROM journal WHERE undone = 1", [])?;
    tx.execute(
        "INSERT INTO journal(label, change, created_at) VALUES (?1, ?2, ?3)",
        params![label, serde_json::to_string(change)?, now()],
    )?;
    Ok(())
}

/// Undoes the latest change; returns its label, or `None` if nothing is left.
pub fn undo(tx: &Transaction) -> Result<Option<String>> {
    step(tx, false)
}

/// Redoes the change undone last; returns its label.
pub fn redo(tx: &Transaction) -> Result<Option<String>> {
    step(tx, true)
}

fn step(tx: &Transaction, forward: bool) -> Result<Option<String>> {
    let sql = if forward {
        "SELECT id, label, change FROM journal WHERE undone = 1 ORDER BY id ASC LIMIT 1"
    } else {
        "SELECT id, label, change FROM journal WHERE undone = 0 ORDER BY id DESC LIMIT 1"
    };
    let Some((id, label, change)) = tx
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
    let change: Change = serde_json::from_str(&change)?;
    change.apply(tx, forward)?;
    tx.execute(
        "UPDATE journal SET undone = ?2 WHERE id = ?1",
        params![id, if forward { 0 } else { 1 }],
    )?;
    Ok(Some(label))
}
