//! Memos: a note on a document, on a coded passage (a comment in the
//! margin) or on a tag (its definition: the codebook). One per thing, with
//! who wrote it last and when; writing, changing and deleting one are undo
//! steps.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::change::{Change, Edit, MemoRecord, MemoTarget};
use super::{edit, now};
use crate::core::error::Result;
use crate::core::model::DocId;

fn record(r: &rusqlite::Row) -> rusqlite::Result<Option<MemoRecord>> {
    let kind: String = r.get(1)?;
    Ok(
        MemoTarget::from_parts(&kind, r.get(2)?).map(|target| MemoRecord {
            id: r.get(0).unwrap_or_default(),
            target,
            text: r.get(3).unwrap_or_default(),
            author: r.get(4).unwrap_or_default(),
            created_at: r.get(5).unwrap_or_default(),
            updated_at: r.get(6).unwrap_or_default(),
        }),
    )
}

const COLUMNS: &str = "id, target, target_id, text, author, created_at, updated_at";

/// The memo on `target`, if it has one.
pub fn get(conn: &Connection, target: MemoTarget) -> Result<Option<MemoRecord>> {
    let (kind, id) = target.parts();
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM memos WHERE target = ?1 AND target_id = ?2"
        ))?
        .query_row(params![kind, id], record)
        .optional()?
        .flatten())
}

/// Writes the memo on `target` (an empty text deletes it), as one undo
/// step. Returns whether anything changed.
pub fn set(tx: &Transaction, target: MemoTarget, text: &str, author: &str) -> Result<bool> {
    let before = get(tx, target)?;
    let text = text.trim_end();
    if before.as_ref().map(|m| m.text.as_str()) == Some(text)
        || (before.is_none() && text.trim().is_empty())
    {
        return Ok(false);
    }
    let t = now();
    let after = if text.trim().is_empty() {
        None
    } else {
        let id = match &before {
            Some(m) => m.id,
            None => tx.query_row("SELECT ifnull(max(id), 0) + 1 FROM memos", [], |r| r.get(0))?,
        };
        Some(MemoRecord {
            id,
            target,
            text: text.to_string(),
            author: author.to_string(),
            created_at: before.as_ref().map_or(t, |m| m.created_at),
            updated_at: t,
        })
    };
    let what = match target {
        MemoTarget::Document(_) => "document memo",
        MemoTarget::Passage(_) => "passage memo",
        MemoTarget::Tag(_) => "tag memo",
    };
    let label = match (&before, &after) {
        (None, _) => format!("write {what}"),
        (Some(_), None) => format!("delete {what}"),
        (Some(_), Some(_)) => format!("edit {what}"),
    };
    edit::commit(tx, Edit::new(label, Change::Memo { before, after }, 0))?;
    Ok(true)
}

/// A memo as the list shows it: what it is on, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoRow {
    #[serde(flatten)]
    pub memo: MemoRecordView,
    /// The document it is on (a passage's document), if any.
    pub doc: Option<DocId>,
    /// "document", "passage" or "tag".
    pub kind: &'static str,
    /// The document's title, or the tag's name.
    pub about: String,
}

/// The parts of a memo a list or an export shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoRecordView {
    pub id: i64,
    pub target_id: i64,
    pub text: String,
    pub author: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Every memo (on documents outside the trash, passages not removed, tags
/// that exist) whose text contains every word of `needle`
/// (case-insensitive), newest first.
pub fn list(conn: &Connection, needle: &str) -> Result<Vec<MemoRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.target, m.target_id, m.text, m.author, m.created_at, m.updated_at,
                CASE m.target WHEN 'document' THEN m.target_id
                              WHEN 'passage' THEN p.doc_id END,
                CASE m.target WHEN 'tag' THEN t.name ELSE d.title END
           FROM memos m
           LEFT JOIN passages p ON m.target = 'passage' AND p.id = m.target_id
           LEFT JOIN documents d ON d.id = CASE m.target WHEN 'document' THEN m.target_id
                                                        WHEN 'passage' THEN p.doc_id END
           LEFT JOIN tags t ON m.target = 'tag' AND t.id = m.target_id
          WHERE (m.target = 'tag' AND t.id IS NOT NULL)
             OR (m.target = 'document' AND d.state IN (0, 1))
             OR (m.target = 'passage' AND p.removed = 0 AND d.state IN (0, 1))
          ORDER BY m.updated_at DESC, m.id DESC",
    )?;
    let words: Vec<String> = needle.split_whitespace().map(str::to_lowercase).collect();
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text: String = r.get(3)?;
        let lower = text.to_lowercase();
        if !words.iter().all(|w| lower.contains(w.as_str())) {
            continue;
        }
        let kind: String = r.get(1)?;
        let kind = match kind.as_str() {
            "document" => "document",
            "passage" => "passage",
            _ => "tag",
        };
        out.push(MemoRow {
            memo: MemoRecordView {
                id: r.get(0)?,
                target_id: r.get(2)?,
                text,
                author: r.get(4)?,
                created_at: r.get(5)?,
                updated_at: r.get(6)?,
            },
            doc: r.get(7)?,
            kind,
            about: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The memos on a document and on its passages, for an export: (what it
/// is on, its id, text, author, updated time).
pub fn of_document(conn: &Connection, doc: DocId) -> Result<Vec<(String, i64, MemoRecordView)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.target, m.target_id, m.text, m.author, m.created_at, m.updated_at
           FROM memos m
          WHERE (m.target = 'document' AND m.target_id = ?1)
             OR (m.target = 'passage' AND m.target_id IN
                   (SELECT id FROM passages WHERE doc_id = ?1 AND removed = 0))
          ORDER BY m.id",
    )?;
    let out = stmt
        .query_map([doc], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                MemoRecordView {
                    id: r.get(0)?,
                    target_id: r.get(2)?,
                    text: r.get(3)?,
                    author: r.get(4)?,
                    created_at: r.get(5)?,
                    updated_at: r.get(6)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}
