//! Coding brought in from another program's project (REFI-QDA): its codes
//! as tags, its codings as passages by their coders, its notes as memos.
//! The documents are stored first by the import's writer; this writes
//! what is coded in them. The passages and memos are one undo step; tags
//! and whole-document codings are steps of their own (as when made by
//! hand).

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::change::{Change, Edit, MemoRecord, MemoTarget, TagId};
use super::{edit, memos, now, tags};
use crate::core::error::Result;
use crate::core::model::DocId;

/// A memo to write: its text, who wrote it and when (seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoIn {
    pub text: String,
    pub author: String,
    pub created_at: i64,
}

/// A coded passage to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodingIn {
    pub doc: DocId,
    /// The tag's full name (`parent/child`).
    pub tag: String,
    pub start: i64,
    pub end: i64,
    pub coder: String,
    pub created_at: i64,
    pub memo: Option<MemoIn>,
}

/// What a memo is on, before the tag ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoOn {
    Document(DocId),
    Tag(String),
}

/// Everything a project adds to documents already stored.
#[derive(Debug, Clone, Default)]
pub struct CodingImport {
    /// The undo step's name.
    pub label: String,
    /// Tags in tree order (parents first), with the project's colour.
    pub tags: Vec<(String, Option<String>)>,
    /// Whole documents coded with a tag.
    pub doc_tags: Vec<(DocId, String)>,
    pub codings: Vec<CodingIn>,
    pub memos: Vec<(MemoOn, MemoIn)>,
}

/// What [`import_coding`] stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CodingCounts {
    pub tags_made: usize,
    pub documents_tagged: usize,
    pub passages: usize,
    /// Passages the same coder had already coded (a project imported twice).
    pub passages_present: usize,
    /// Passages whose range does not fit their document's text, or whose
    /// code cannot be a tag.
    pub passages_refused: usize,
    pub memos: usize,
}

/// Stores a project's coding (see the module).
pub fn import_coding(tx: &Transaction, plan: &CodingImport) -> Result<CodingCounts> {
    let mut counts = CodingCounts::default();
    // Each tag once; a name the library cannot take (too long once
    // nested) is None, and what it codes is refused.
    let mut ids: HashMap<String, Option<TagId>> = HashMap::new();
    let mut tag_id = |tx: &Transaction, name: &str, color: Option<&str>, made: &mut usize| {
        let key = name.to_lowercase();
        if let Some(&id) = ids.get(&key) {
            return Ok::<_, crate::core::Error>(id);
        }
        let id = match tags::by_name(tx, name) {
            Ok(Some(t)) => Some(t.id),
            Ok(None) => {
                let color = color.filter(|c| c.len() == 7 && c.starts_with('#'));
                match tags::create(tx, name, color).or_else(|_| tags::create(tx, name, None)) {
                    Ok(id) => {
                        *made += 1;
                        Some(id)
                    }
                    Err(crate::core::Error::InvalidTag(_)) => None,
                    Err(e) => return Err(e),
                }
            }
            Err(crate::core::Error::InvalidTag(_)) => None,
            Err(e) => return Err(e),
        };
        ids.insert(key, id);
        Ok(id)
    };
    for (name, color) in &plan.tags {
        tag_id(tx, name, color.as_deref(), &mut counts.tags_made)?;
    }
    let mut by_tag: HashMap<TagId, Vec<DocId>> = HashMap::new();
    for (doc, tag) in &plan.doc_tags {
        if let Some(id) = tag_id(tx, tag, None, &mut counts.tags_made)? {
            by_tag.entry(id).or_default().push(*doc);
        }
    }
    let mut tagged: Vec<(TagId, Vec<DocId>)> = by_tag.into_iter().collect();
    tagged.sort_unstable_by_key(|(t, _)| *t);
    for (tag, docs) in tagged {
        counts.documents_tagged += tags::set_on(tx, tag, &docs, true)?;
    }
    let mut memos = MemoPlan::new(tx)?;
    let run = insert_passages(tx, plan, &mut tag_id, &mut counts, &mut memos)?;
    for (on, memo) in &plan.memos {
        let target = match on {
            MemoOn::Document(d) => MemoTarget::Document(*d),
            MemoOn::Tag(name) => match tag_id(tx, name, None, &mut counts.tags_made)? {
                Some(id) => MemoTarget::Tag(id),
                None => continue,
            },
        };
        memos.add(tx, target, memo)?;
    }
    counts.memos = memos.written;
    let mut changes = memos.changes;
    if counts.passages > 0 {
        changes.insert(0, Change::Autocode { run });
    }
    let mut step = Edit::none();
    step.label.clone_from(&plan.label);
    step.changes = changes;
    edit::commit(tx, step)?;
    Ok(counts)
}

type TagIdOf<'a> =
    dyn FnMut(&Transaction, &str, Option<&str>, &mut usize) -> Result<Option<TagId>> + 'a;

/// Inserts the passages (hidden until the step is committed) and plans
/// their memos; returns the run they belong to.
fn insert_passages(
    tx: &Transaction,
    plan: &CodingImport,
    tag_id: &mut TagIdOf<'_>,
    counts: &mut CodingCounts,
    memos: &mut MemoPlan,
) -> Result<i64> {
    let run: i64 = tx.query_row("SELECT ifnull(max(run_id), 0) + 1 FROM passages", [], |r| {
        r.get(0)
    })?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO passages(doc_id, tag_id, start, end, coder, created_at, run_id, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
    )?;
    let mut lengths: HashMap<DocId, Option<i64>> = HashMap::new();
    let mut present: HashMap<DocId, HashSet<(TagId, i64, i64, String)>> = HashMap::new();
    let mut made = 0usize;
    for c in &plan.codings {
        let len = match lengths.get(&c.doc) {
            Some(n) => *n,
            None => *lengths.entry(c.doc).or_insert(doc_chars(tx, c.doc)?),
        };
        if c.start < 0 || c.end <= c.start || len.is_none_or(|n| c.end > n) {
            counts.passages_refused += 1;
            continue;
        }
        let Some(tag) = tag_id(tx, &c.tag, None, &mut made)? else {
            counts.passages_refused += 1;
            continue;
        };
        let had = match present.get_mut(&c.doc) {
            Some(set) => set,
            None => present.entry(c.doc).or_insert(live_passages(tx, c.doc)?),
        };
        if !had.insert((tag, c.start, c.end, c.coder.clone())) {
            counts.passages_present += 1;
            continue;
        }
        insert.execute(params![
            c.doc,
            tag,
            c.start,
            c.end,
            c.coder,
            c.created_at,
            run
        ])?;
        counts.passages += 1;
        let id = tx.last_insert_rowid();
        if let Some(m) = &c.memo {
            memos.add(tx, MemoTarget::Passage(id), m)?;
        }
    }
    counts.tags_made += made;
    Ok(run)
}

fn doc_chars(conn: &Connection, doc: DocId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT length(text) FROM documents WHERE id = ?1")?
        .query_row([doc], |r| r.get(0))
        .optional()?)
}

fn live_passages(conn: &Connection, doc: DocId) -> Result<HashSet<(TagId, i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tag_id, start, end, coder FROM passages WHERE doc_id = ?1 AND removed = 0",
    )?;
    let rows = stmt.query_map([doc], |r| r.try_into())?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The memos a project writes, planned before the step commits: two
/// notes on one thing become one memo.
struct MemoPlan {
    next_id: i64,
    pending: HashMap<(&'static str, i64), usize>,
    changes: Vec<Change>,
    written: usize,
}

impl MemoPlan {
    fn new(conn: &Connection) -> Result<MemoPlan> {
        Ok(MemoPlan {
            next_id: conn
                .query_row("SELECT ifnull(max(id), 0) + 1 FROM memos", [], |r| r.get(0))?,
            pending: HashMap::new(),
            changes: Vec::new(),
            written: 0,
        })
    }

    /// Writes `memo` on `target`: a new memo, or its text added below the
    /// memo already there (nothing when that already says it).
    fn add(&mut self, conn: &Connection, target: MemoTarget, memo: &MemoIn) -> Result<()> {
        let text = memo.text.trim_end();
        if text.trim().is_empty() {
            return Ok(());
        }
        if let Some(&i) = self.pending.get(&target.parts())
            && let Change::Memo {
                after: Some(after), ..
            } = &mut self.changes[i]
        {
            if !after.text.contains(text) {
                after.text = format!("{}\n\n{text}", after.text);
            }
            return Ok(());
        }
        let before = memos::get(conn, target)?;
        let after = match &before {
            Some(m) if m.text.contains(text) => return Ok(()),
            Some(m) => MemoRecord {
                text: format!("{}\n\n{text}", m.text),
                author: memo.author.clone(),
                updated_at: now(),
                ..m.clone()
            },
            None => {
                let id = self.next_id;
                self.next_id += 1;
                MemoRecord {
                    id,
                    target,
                    text: text.to_string(),
                    author: memo.author.clone(),
                    created_at: memo.created_at,
                    updated_at: memo.created_at,
                }
            }
        };
        self.pending.insert(target.parts(), self.changes.len());
        self.changes.push(Change::Memo {
            before,
            after: Some(after),
        });
        self.written += 1;
        Ok(())
    }
}
