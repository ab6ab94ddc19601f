//! Storing what an import read: each prepared item becomes a document, or
//! one more source of a document with the same text, with its tags, in
//! the writer's transaction. The import reads and parses files; the rows
//! are written here.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{OptionalExtension, Transaction, params};

use super::imports::{self, BatchId};
use super::now;
use crate::core::error::{Error, Result};
use crate::core::import::item::Item;
use crate::core::import::same_text::{SameText, text_value};
use crate::core::import::text::{content_key, title_of};
use crate::core::model::{DocId, DocState};

/// The writer's counts for one batch.
#[derive(Default)]
pub struct BatchResult {
    pub imported: usize,
    pub already_present: usize,
    pub already_imported: usize,
    pub other_publications: usize,
    pub repeated: usize,
    pub in_trash: Vec<DocId>,
    /// The document each item became (or already was), in item order.
    pub ids: Vec<DocId>,
}

/// Stores one batch in the writer's transaction. Checks `cancel` per row and
/// rolls the whole batch back when set.
pub fn write_batch(
    tx: &Transaction,
    batch: BatchId,
    items: &[Item],
    cancel: &AtomicBool,
) -> Result<BatchResult> {
    let mut result = BatchResult::default();
    let t = now();
    let mut seen_source = tx.prepare_cached(
        "SELECT d.id, d.state FROM sources s JOIN documents d ON d.id = s.doc_id
          WHERE s.path = ?1 AND s.row = ?2 AND s.size = ?3 AND s.mtime IS ?4 LIMIT 1",
    )?;
    let trashed = DocState::Trashed as i64;
    // Every stored document with this text, with what it states (found
    // title and date: what its source said, not the user's edits).
    let mut by_hash = tx.prepare_cached(
        "SELECT id, found_date IS NULL AND set_source IS NULL, coalesce(found_title, title),
                found_date, meta ->> '$.outlet', meta ->> '$.byline', state, batch_id IS ?2
         FROM documents WHERE content_hash = ?1 ORDER BY id LIMIT 64",
    )?;
    let mut insert_doc = tx.prepare_cached(
        "INSERT INTO documents(title, title_key, text, content_hash, byte_len, imported_at,
                               found_date, found_source, source_key, meta, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut adopt_date =
        tx.prepare_cached("UPDATE documents SET found_date = ?2, found_source = ?3 WHERE id = ?1")?;
    let mut insert_source = tx.prepare_cached(
        "INSERT INTO sources(doc_id, path, path_text, row, size, mtime, encoding,
                             found_date, found_source, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut tag_doc =
        tx.prepare_cached("INSERT OR IGNORE INTO document_tags(tag_id, doc_id) VALUES (?1, ?2)")?;
    for item in items {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let doc = &item.doc;
        let already: Option<(DocId, i64)> = seen_source
            .query_row(
                params![item.path_bytes, doc.row, item.size, item.mtime],
                |r| r.try_into(),
            )
            .optional()?;
        if let Some((id, state)) = already {
            result.ids.push(id);
            if state == trashed {
                result.in_trash.push(id);
            } else {
                result.already_present += 1;
                result.already_imported += 1;
            }
            continue;
        }
        let date = doc.date.map(|(d, _)| d.to_string());
        let date_source = doc.date.map(|(_, s)| s.as_str());
        let same_text: Vec<(SameText, i64, bool)> = by_hash
            .query_map(params![&item.hash[..], batch], |r| {
                Ok((
                    SameText {
                        id: r.get(0)?,
                        undated: r.get(1)?,
                        title: r.get(2)?,
                        date: r.get(3)?,
                        outlet: r
                            .get::<_, Option<rusqlite::types::Value>>(4)?
                            .and_then(text_value),
                        byline: r
                            .get::<_, Option<rusqlite::types::Value>>(5)?
                            .and_then(text_value),
                    },
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // The same text from a source that agrees with one stored: one more
        // source of it. From a source that states another date, outlet,
        // title or byline: a publication of its own.
        let derived = if same_text.is_empty() {
            String::new()
        } else {
            title_of(&doc.text, "")
        };
        let existing = same_text
            .iter()
            .find(|(s, _, _)| !s.other_publication(doc, date.as_deref(), &derived));
        if existing.is_none() && !same_text.is_empty() {
            result.other_publications += 1;
        }
        let doc_id = match existing {
            Some((s, state, this_import)) => {
                // The same text again: one more source for the existing document.
                if s.undated && date.is_some() {
                    adopt_date.execute(params![s.id, date, date_source])?;
                }
                if *state == trashed {
                    result.in_trash.push(s.id);
                } else if *this_import {
                    result.repeated += 1;
                } else {
                    result.already_present += 1;
                }
                s.id
            }
            None => {
                let source_key = content_key(&documents_display(item)).to_lowercase();
                insert_doc.execute(params![
                    doc.title,
                    doc.title.to_lowercase(),
                    doc.text,
                    &item.hash[..],
                    doc.text.len() as i64,
                    t,
                    date,
                    date_source,
                    source_key,
                    serde_json::Value::Object(doc.meta.clone()).to_string(),
                    batch,
                ])?;
                result.imported += 1;
                tx.last_insert_rowid()
            }
        };
        result.ids.push(doc_id);
        insert_source.execute(params![
            doc_id,
            item.path_bytes,
            item.path_text,
            doc.row,
            item.size,
            item.mtime,
            item.encoding,
            date,
            date_source,
            t,
        ])?;
        for tag in &doc.tags {
            // A name that is no tag name (only slashes, control characters)
            // is left out; the document imports.
            if let Ok(tag) = super::tags::ensure(tx, tag) {
                tag_doc.execute(params![tag, doc_id])?;
            }
        }
    }
    imports::add_counts(tx, batch, result.imported, result.already_present)?;
    Ok(result)
}

fn documents_display(item: &Item) -> String {
    super::documents::display_path(&item.path_text, item.doc.row)
}
