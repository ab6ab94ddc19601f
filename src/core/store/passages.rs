//! Coded passages: a tag on a range of a document's stored text, in
//! characters (Unicode scalar values, as SQLite's `substr` counts them and
//! as the REFI-QDA exchange format expects), with its coder and time.
//!
//! Passages are never deleted by an edit: uncoding marks the row removed,
//! so undo and redo only flip the mark (an autocode run of 300,000
//! passages is one journal entry naming its run). Emptying the trash
//! deletes removed rows for good, with the journal that could name them.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::change::{Change, Edit, MemoTarget, PassageId, PassageShape, TagId};
use super::{edit, memos, now, tags};
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

/// One coded passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub id: PassageId,
    pub doc: DocId,
    pub tag: TagId,
    /// First character, counted from 0.
    pub start: i64,
    /// One past the last character.
    pub end: i64,
    pub coder: String,
    pub created_at: i64,
}

impl Passage {
    pub fn shape(&self) -> PassageShape {
        PassageShape {
            tag: self.tag,
            start: self.start,
            end: self.end,
        }
    }

    /// Whether it shares a character with `other` (same document).
    pub fn overlaps(&self, other: &Passage) -> bool {
        self.doc == other.doc && self.start < other.end && other.start < self.end
    }
}

const COLUMNS: &str = "id, doc_id, tag_id, start, end, coder, created_at";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Passage> {
    Ok(Passage {
        id: r.get(0)?,
        doc: r.get(1)?,
        tag: r.get(2)?,
        start: r.get(3)?,
        end: r.get(4)?,
        coder: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// The passages coded in a document, in text order.
pub fn of_document(conn: &Connection, doc: DocId) -> Result<Vec<Passage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM passages WHERE doc_id = ?1 AND removed = 0
          ORDER BY start, end DESC, id"
    ))?;
    let out = stmt
        .query_map([doc], row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// One passage (also a removed one: undo may bring it back).
pub fn get(conn: &Connection, id: PassageId) -> Result<Option<Passage>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM passages WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

pub use super::coding_rows::ids_of_tag;

/// How many coded passages a document has, outside removed ones.
pub fn count_in(conn: &Connection, doc: DocId) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM passages WHERE doc_id = ?1 AND removed = 0",
        [doc],
        |r| r.get(0),
    )?)
}

/// The text of a passage: `substr` counts characters, as passages do.
pub fn text_of(conn: &Connection, p: &Passage) -> Result<String> {
    Ok(conn.query_row(
        "SELECT substr(text, ?2 + 1, ?3 - ?2) FROM documents WHERE id = ?1",
        params![p.doc, p.start, p.end],
        |r| r.get(0),
    )?)
}

/// The length of a document's stored text in characters.
fn doc_chars(conn: &Connection, doc: DocId) -> Result<i64> {
    conn.prepare_cached("SELECT length(text) FROM documents WHERE id = ?1")?
        .query_row([doc], |r| r.get(0))
        .optional()?
        .ok_or(Error::no_document(doc))
}

/// A range checked against its document: inside the text, not empty.
fn check_range(conn: &Connection, doc: DocId, start: i64, end: i64) -> Result<()> {
    check_len(doc_chars(conn, doc)?, doc, start, end)
}

/// A range checked against a text of `len` characters.
fn check_len(len: i64, doc: DocId, start: i64, end: i64) -> Result<()> {
    if start < 0 || end <= start || end > len {
        return Err(Error::InvalidPassage(format!(
            "characters {start}–{end} are not a passage of document {doc} \
             (its text has {len} characters)"
        )));
    }
    Ok(())
}

/// The next autocode run's number.
fn next_run(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT ifnull(max(run_id), 0) + 1 FROM passages", [], |r| {
            r.get(0)
        })?,
    )
}

/// Codes ranges `(doc, start, end)` with the tag named `tag` (made when
/// new, in the same undo step). A range the same coder already coded with
/// the tag is left as it is (another coder's is theirs). Returns the passages' ids (old ones for such ranges).
pub fn code(
    tx: &Transaction,
    tag: &str,
    ranges: &[(DocId, i64, i64)],
    coder: &str,
) -> Result<Vec<PassageId>> {
    let (tag_id, create) = tags::plan_create(tx, tag, None)?;
    let name = tags::clean_name(tag)?;
    let mut existing = tx.prepare_cached(
        "SELECT id FROM passages WHERE doc_id = ?1 AND tag_id = ?2 AND start = ?3 AND end = ?4
            AND coder = ?5 AND removed = 0",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO passages(doc_id, tag_id, start, end, coder, created_at, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let t = now();
    let mut ids = Vec::with_capacity(ranges.len());
    let mut new = Vec::new();
    // Each document's length once (a 5 MB text coded 10,000 times).
    let mut lengths: std::collections::HashMap<DocId, i64> = Default::default();
    for &(doc, start, end) in ranges {
        let len = match lengths.get(&doc) {
            Some(&n) => n,
            None => *lengths.entry(doc).or_insert(doc_chars(tx, doc)?),
        };
        check_len(len, doc, start, end)?;
        if let Some(id) = existing
            .query_row(params![doc, tag_id, start, end, coder], |r| r.get(0))
            .optional()?
        {
            ids.push(id);
            continue;
        }
        insert.execute(params![doc, tag_id, start, end, coder, t])?;
        let id = tx.last_insert_rowid();
        ids.push(id);
        new.push(id);
    }
    if new.is_empty() {
        return Ok(ids);
    }
    let n = new.len();
    let label = format!(
        "code {} with '{name}'",
        crate::core::counts::plural(n, "passage", "passages")
    );
    let code = Edit::new(
        String::new(),
        Change::Code {
            passages: new,
            add: true,
        },
        0,
    );
    edit::commit(tx, Edit::combine(label, [create, code]))?;
    Ok(ids)
}

/// Uncodes passages (undo codes them again). Returns how many went.
pub fn uncode(tx: &Transaction, ids: &[PassageId]) -> Result<usize> {
    let mut live = Vec::new();
    for &id in ids {
        if get(tx, id)?.is_some_and(|p| is_live(tx, p.id).unwrap_or(false)) {
            live.push(id);
        }
    }
    let n = live.len();
    if n == 0 {
        return Ok(0);
    }
    edit::commit(
        tx,
        Edit::new(
            format!(
                "remove {}",
                crate::core::counts::plural(n, "coded passage", "coded passages")
            ),
            Change::Code {
                passages: live,
                add: false,
            },
            0,
        ),
    )?;
    Ok(n)
}

fn is_live(conn: &Connection, id: PassageId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM passages WHERE id = ?1 AND removed = 0")?
        .exists([id])?)
}

/// Re-codes, extends or shrinks a passage (one undo step).
pub fn reshape(tx: &Transaction, id: PassageId, after: PassageShape) -> Result<()> {
    let p = get(tx, id)?
        .filter(|p| is_live(tx, p.id).unwrap_or(false))
        .ok_or(Error::no_passage(id))?;
    check_range(tx, p.doc, after.start, after.end)?;
    if p.shape() == after {
        return Ok(());
    }
    let label = if after.tag != p.tag {
        "re-code passage"
    } else {
        "resize passage"
    };
    edit::commit(
        tx,
        Edit::new(
            label,
            Change::Reshape {
                id,
                before: p.shape(),
                after,
            },
            0,
        ),
    )?;
    Ok(())
}

/// Codes every range of an autocode run with the tag named `tag` (made
/// when new) as one undo step named `label`; ranges the tag already codes
/// exactly are skipped. Returns how many passages were made.
pub fn autocode(
    tx: &Transaction,
    tag: &str,
    ranges: &[(DocId, i64, i64)],
    coder: &str,
    label: &str,
) -> Result<usize> {
    let (tag_id, create) = tags::plan_create(tx, tag, None)?;
    let mut had: HashSet<(DocId, i64, i64)> = HashSet::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT doc_id, start, end FROM passages WHERE tag_id = ?1 AND removed = 0",
        )?;
        let mut rows = stmt.query([tag_id])?;
        while let Some(r) = rows.next()? {
            had.insert((r.get(0)?, r.get(1)?, r.get(2)?));
        }
    }
    let run = next_run(tx)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO passages(doc_id, tag_id, start, end, coder, created_at, run_id, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
    )?;
    let t = now();
    let mut n = 0;
    for &(doc, start, end) in ranges {
        if start < 0 || end <= start || !had.insert((doc, start, end)) {
            continue;
        }
        insert.execute(params![doc, tag_id, start, end, coder, t, run])?;
        n += 1;
    }
    if n == 0 {
        return Ok(0);
    }
    let code = Edit::new(String::new(), Change::Autocode { run }, 0);
    edit::commit(tx, Edit::combine(label, [create, code]))?;
    Ok(n)
}

/// Settles a disagreement between coders: the passages `remove` go and
/// the ranges `add` are coded with the tag named `tag` for `coder` (ranges
/// that coder already codes so are left), as one undo step named `label`.
/// Returns how many passages changed.
pub fn settle(
    tx: &Transaction,
    tag: &str,
    remove: &[PassageId],
    add: &[(DocId, i64, i64)],
    coder: &str,
    label: &str,
) -> Result<usize> {
    let (tag_id, create) = tags::plan_create(tx, tag, None)?;
    let mut gone = Vec::new();
    for &id in remove {
        if is_live(tx, id)? {
            gone.push(id);
        }
    }
    let mut existing = tx.prepare_cached(
        "SELECT 1 FROM passages WHERE doc_id = ?1 AND tag_id = ?2 AND start = ?3 AND end = ?4
            AND coder = ?5 AND removed = 0",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO passages(doc_id, tag_id, start, end, coder, created_at, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let t = now();
    let mut new = Vec::new();
    for &(doc, start, end) in add {
        check_range(tx, doc, start, end)?;
        if existing.exists(params![doc, tag_id, start, end, coder])? {
            continue;
        }
        insert.execute(params![doc, tag_id, start, end, coder, t])?;
        new.push(tx.last_insert_rowid());
    }
    let n = gone.len() + new.len();
    if n == 0 {
        return Ok(0);
    }
    let mut edits = vec![create];
    if !gone.is_empty() {
        edits.push(Edit::new(
            String::new(),
            Change::Code {
                passages: gone,
                add: false,
            },
            0,
        ));
    }
    if !new.is_empty() {
        edits.push(Edit::new(
            String::new(),
            Change::Code {
                passages: new,
                add: true,
            },
            0,
        ));
    }
    edit::commit(tx, Edit::combine(label, edits))?;
    Ok(n)
}

/// Carries passages of `from` (a copy being hidden) to `to` (its keeper):
/// each passage's text is looked for in the keeper's text, nearest to
/// where it was; those found are coded there with the same tag and coder
/// (one undo step). Returns (carried, not found).
pub fn carry(tx: &Transaction, from: DocId, to: DocId) -> Result<(usize, usize)> {
    let source = super::documents::text(tx, from)?;
    let target = super::documents::text(tx, to)?;
    let theirs: HashSet<(TagId, i64, i64)> = of_document(tx, to)?
        .into_iter()
        .map(|p| (p.tag, p.start, p.end))
        .collect();
    let mut found = Vec::new();
    let mut missing = 0;
    for p in of_document(tx, from)? {
        let piece = crate::core::reading::char_slice(&source, p.start, p.end);
        let hint = crate::core::reading::byte_of_char(&source, p.start);
        match crate::core::reading::find_nearest(&target, piece, hint) {
            Some(at) => {
                let start = crate::core::reading::char_of_byte(&target, at);
                let end = start + (p.end - p.start);
                if !theirs.contains(&(p.tag, start, end)) {
                    found.push((p, start, end));
                }
            }
            None => missing += 1,
        }
    }
    if found.is_empty() {
        return Ok((0, missing));
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO passages(doc_id, tag_id, start, end, coder, created_at, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?;
    let mut ids = Vec::with_capacity(found.len());
    for (p, start, end) in &found {
        insert.execute(params![to, p.tag, start, end, p.coder, p.created_at])?;
        ids.push(tx.last_insert_rowid());
    }
    let n = ids.len();
    edit::commit(
        tx,
        Edit::new(
            format!(
                "carry {} to the keeper",
                crate::core::counts::plural(n, "coded passage", "coded passages")
            ),
            Change::Code {
                passages: ids,
                add: true,
            },
            0,
        ),
    )?;
    Ok((n, missing))
}

/// The memo of a passage, if it has one.
pub fn memo_of(conn: &Connection, id: PassageId) -> Result<Option<String>> {
    Ok(memos::get(conn, MemoTarget::Passage(id))?.map(|m| m.text))
}
