//! The one door for edits. Domain modules plan an [`Edit`] (reading the
//! library, writing nothing); [`commit`] applies its changes in the
//! writer's transaction, records them as one journal entry, and rebuilds
//! the stored clusters at most once, when the changes touch them. Undo and
//! redo go through the same `apply`.

use rusqlite::{Transaction, params};

use super::change::{BatchId, Change, Edit, SavedRecord, TagId, TagRecord};
use super::{journal, now};
use crate::core::error::Result;
use crate::core::model::SavedId;
use crate::core::model::{DocId, DocState};

/// Applies `edit` and records it as one undo step; nothing happens for an
/// empty edit. Returns how many documents it touched.
pub fn commit(tx: &Transaction, edit: Edit) -> Result<usize> {
    let Edit {
        label,
        mut changes,
        documents,
    } = edit;
    let change = match changes.len() {
        0 => return Ok(0),
        1 => changes.remove(0),
        _ => Change::Batch { changes },
    };
    apply(tx, &change, true)?;
    journal::record(tx, &label, &change)?;
    if change.touches_clusters() {
        super::clusters::recluster_stored(tx)?;
    }
    Ok(documents)
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
    let Some(entry) = journal::next_entry(tx, forward)? else {
        return Ok(None);
    };
    apply(tx, &entry.change, forward)?;
    journal::set_undone(tx, entry.id, !forward)?;
    if entry.change.touches_clusters() {
        super::clusters::recluster_stored(tx)?;
    }
    Ok(Some(entry.label))
}

/// Applies a change forwards (do, redo) or backwards (undo). Never
/// reclusters: [`commit`] and [`step`] do that once for the whole change.
fn apply(tx: &Transaction, change: &Change, forward: bool) -> Result<()> {
    match change {
        Change::Batch { changes } => {
            if forward {
                for c in changes {
                    apply(tx, c, true)?;
                }
            } else {
                for c in changes.iter().rev() {
                    apply(tx, c, false)?;
                }
            }
        }
        Change::SetDate { edits } => {
            let mut stmt = tx.prepare_cached(
                "UPDATE documents SET set_date = ?2, set_source = ?3 WHERE id = ?1",
            )?;
            for edit in edits {
                let to = if forward { &edit.after } else { &edit.before };
                stmt.execute(params![edit.id, to.date, to.source])?;
            }
        }
        Change::SetTitle { edits } => {
            for edit in edits {
                let to = if forward { &edit.after } else { &edit.before };
                apply_title(tx, edit.id, to.as_deref())?;
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
        Change::Import { batch } => apply_import(tx, *batch, forward)?,
        Change::Saved { id, before, after } => apply_saved(tx, *id, before, after, forward)?,
        Change::Entities { edits } => super::entities::apply(tx, edits, forward)?,
        Change::NotDuplicates { .. } | Change::SameStory { .. } | Change::ChooseKeeper { .. } => {
            apply_decisions(tx, change, forward)?
        }
        Change::CreateTag { .. }
        | Change::DeleteTag { .. }
        | Change::RenameTags { .. }
        | Change::Recolor { .. }
        | Change::MergeTag { .. }
        | Change::TagDocs { .. } => apply_tags(tx, change, forward)?,
        Change::Code { .. }
        | Change::Autocode { .. }
        | Change::Reshape { .. }
        | Change::Memo { .. } => super::coding_rows::apply(tx, change, forward)?,
    }
    Ok(())
}

/// Applies a tag change forwards (do, redo) or backwards (undo).
fn apply_tags(tx: &Transaction, change: &Change, forward: bool) -> Result<()> {
    let insert_tag = |t: &TagRecord| -> Result<()> {
        tx.execute(
            "INSERT INTO tags(id, name, color, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![t.id, t.name, t.color, now()],
        )?;
        Ok(())
    };
    let delete_tag = |id: TagId| -> Result<()> {
        tx.execute("DELETE FROM document_tags WHERE tag_id = ?1", [id])?;
        tx.execute("DELETE FROM tags WHERE id = ?1", [id])?;
        Ok(())
    };
    let link = |tag: TagId, docs: &[DocId], add: bool| -> Result<()> {
        let sql = if add {
            "INSERT OR IGNORE INTO document_tags(tag_id, doc_id) VALUES (?1, ?2)"
        } else {
            "DELETE FROM document_tags WHERE tag_id = ?1 AND doc_id = ?2"
        };
        let mut stmt = tx.prepare_cached(sql)?;
        for d in docs {
            stmt.execute(params![tag, d])?;
        }
        Ok(())
    };
    match change {
        Change::CreateTag { tag } => {
            if forward {
                insert_tag(tag)?
            } else {
                delete_tag(tag.id)?
            }
        }
        Change::DeleteTag {
            tag,
            docs,
            passages,
            memo,
        } => {
            if forward {
                delete_tag(tag.id)?;
                super::coding_rows::set_removed(tx, passages, true)?;
            } else {
                insert_tag(tag)?;
                link(tag.id, docs, true)?;
                super::coding_rows::set_removed(tx, passages, false)?;
            }
            if let Some(m) = memo {
                super::coding_rows::put_memo(tx, m, !forward)?;
            }
        }
        Change::RenameTags { renames } => {
            let mut stmt = tx.prepare_cached("UPDATE tags SET name = ?2 WHERE id = ?1")?;
            // Through a temporary name, so swapping names cannot collide.
            for (id, _, _) in renames {
                stmt.execute(params![id, format!("\u{1}renaming {id}")])?;
            }
            for (id, old, new) in renames {
                stmt.execute(params![id, if forward { new } else { old }])?;
            }
        }
        Change::Recolor { id, before, after } => {
            tx.execute(
                "UPDATE tags SET color = ?2 WHERE id = ?1",
                params![id, if forward { after } else { before }],
            )?;
        }
        Change::MergeTag {
            from,
            from_docs,
            into,
            added,
            passages,
        } => {
            if forward {
                link(*into, added, true)?;
                delete_tag(from.id)?;
                super::coding_rows::set_tag(tx, passages, *into)?;
            } else {
                insert_tag(from)?;
                link(from.id, from_docs, true)?;
                link(*into, added, false)?;
                super::coding_rows::set_tag(tx, passages, from.id)?;
            }
        }
        Change::TagDocs { tag, docs, add } => link(*tag, docs, *add == forward)?,
        // Not tag changes: `apply` sends them elsewhere.
        _ => {}
    }
    Ok(())
}

/// Applies a decision about duplicates (a verdict, a keeper).
fn apply_decisions(tx: &Transaction, change: &Change, forward: bool) -> Result<()> {
    match change {
        Change::NotDuplicates { pairs } | Change::SameStory { pairs } => {
            let verdict = if matches!(change, Change::SameStory { .. }) {
                "same"
            } else {
                "different"
            };
            let mut add = tx.prepare_cached(
                "INSERT OR REPLACE INTO pair_decisions(doc_a, doc_b, verdict, decided_at)
                 VALUES (?1, ?2, ?4, ?3)",
            )?;
            let mut remove =
                tx.prepare_cached("DELETE FROM pair_decisions WHERE doc_a = ?1 AND doc_b = ?2")?;
            let t = now();
            for &(a, b) in pairs {
                if forward {
                    add.execute(params![a, b, t, verdict])?;
                } else {
                    remove.execute(params![a, b])?;
                }
            }
        }
        Change::ChooseKeeper {
            keeper,
            before,
            was_chosen,
        } => {
            let mut add = tx.prepare_cached(
                "INSERT OR IGNORE INTO dedup_keepers(doc_id, chosen_at) VALUES (?1, ?2)",
            )?;
            let mut remove = tx.prepare_cached("DELETE FROM dedup_keepers WHERE doc_id = ?1")?;
            let t = now();
            if forward {
                for &b in before {
                    remove.execute([b])?;
                }
                add.execute(params![keeper, t])?;
            } else {
                if !was_chosen {
                    remove.execute([keeper])?;
                }
                for &b in before {
                    add.execute(params![b, t])?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Undo/redo of [`Change::Import`]: backward moves the batch's documents to
/// the trash, forward brings them back. Undo runs newest first, so when an
/// import is undone every later change is undone already and its documents
/// are all as the import left them: active.
fn apply_import(tx: &Transaction, batch: BatchId, forward: bool) -> Result<()> {
    let (from, to) = if forward {
        (DocState::Trashed, DocState::Active)
    } else {
        (DocState::Active, DocState::Trashed)
    };
    tx.execute(
        "UPDATE documents SET state = ?3, state_changed_at = ?4 WHERE batch_id = ?1 AND state = ?2",
        params![batch, from as i64, to as i64, now()],
    )?;
    // Its scans still waiting for OCR wait only while it stands.
    super::scans::withdraw(tx, batch, !forward)?;
    Ok(())
}

/// Shows `title` (set by hand, the found one kept aside) or, with `None`,
/// the found title again.
fn apply_title(tx: &Transaction, id: DocId, title: Option<&str>) -> Result<()> {
    let found: String = tx.query_row(
        "SELECT coalesce(found_title, title) FROM documents WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    match title {
        Some(t) => tx.execute(
            "UPDATE documents SET found_title = ?2, title = ?3, title_key = ?4 WHERE id = ?1",
            params![id, found, t, t.to_lowercase()],
        )?,
        None => tx.execute(
            "UPDATE documents SET found_title = NULL, title = ?2, title_key = ?3 WHERE id = ?1",
            params![id, found, found.to_lowercase()],
        )?,
    };
    Ok(())
}

/// Applies a saved-search change forwards (do, redo) or backwards (undo):
/// the row becomes `after` (or `before`), or goes when that is `None`.
fn apply_saved(
    tx: &Transaction,
    id: SavedId,
    before: &Option<SavedRecord>,
    after: &Option<SavedRecord>,
    forward: bool,
) -> Result<()> {
    let to = if forward { after } else { before };
    match to {
        None => {
            tx.execute("DELETE FROM saved_searches WHERE id = ?1", [id])?;
        }
        Some(r) => {
            tx.execute(
                "INSERT INTO saved_searches(id, name, filter, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, filter = excluded.filter",
                params![r.id, r.name, r.filter, now()],
            )?;
        }
    }
    Ok(())
}
