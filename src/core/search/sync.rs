//! Bringing the search index in step with the library.
//!
//! One read transaction gives a snapshot: the last queue entry and the
//! documents as of that entry. The index applies every entry after the one
//! it vouches for (or rebuilds from all documents) and commits, naming that
//! entry in its payload. A kill at any moment leaves the previous commit,
//! and the next sync applies the same entries again: adding a document
//! always deletes its id first, so applying twice is harmless.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};
use tantivy::{IndexWriter, TantivyDocument, Term, doc};

use super::index::{FORMAT, Payload, SearchIndex, index_error};
use crate::core::error::{Error, Result};

/// How far behind the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lag {
    Current,
    /// This many queue entries to apply.
    Behind(u64),
    /// The index cannot vouch for the library: every document is indexed
    /// again (this many).
    Rebuild(u64),
}

impl Lag {
    /// Roughly how many documents a sync would index.
    pub fn work(self) -> u64 {
        match self {
            Lag::Current => 0,
            Lag::Behind(n) | Lag::Rebuild(n) => n,
        }
    }
}

/// The library's state as far as the index cares.
struct Snapshot {
    library: String,
    /// The last queue entry (0 when none was ever made).
    seq: i64,
    /// The first queue entry still kept (entries before it were trimmed).
    first_kept: Option<i64>,
}

fn snapshot(conn: &Connection) -> Result<Snapshot> {
    let library: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'library_id'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let seq: i64 = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let first_kept: Option<i64> =
        conn.query_row("SELECT min(seq) FROM search_queue", [], |r| r.get(0))?;
    Ok(Snapshot {
        library,
        seq,
        first_kept,
    })
}

/// Can the index build on what it vouches for, or must it start over?
fn needs_rebuild(payload: &Payload, snap: &Snapshot) -> bool {
    if payload.format != FORMAT || payload.library != snap.library || payload.seq > snap.seq {
        return true;
    }
    // Entries after the index's last one must all still be there.
    let kept_from = snap.first_kept.unwrap_or(snap.seq + 1);
    payload.seq + 1 < kept_from
}

fn count_docs(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))? as u64)
}

/// How far behind the index of `conn`'s library is.
pub fn lag(index: &SearchIndex, conn: &Connection) -> Result<Lag> {
    let snap = snapshot(conn)?;
    let payload = index.payload();
    if needs_rebuild(&payload, &snap) {
        // The highest id, not a count: one index lookup, cheap enough for
        // the window to ask after every change (ids are never reused, so
        // it is at least the number of documents, and close to it).
        let top: i64 =
            conn.query_row("SELECT ifnull(max(id), 0) FROM documents", [], |r| r.get(0))?;
        return Ok(Lag::Rebuild(top as u64));
    }
    if payload.seq == snap.seq {
        return Ok(Lag::Current);
    }
    Ok(Lag::Behind((snap.seq - payload.seq) as u64))
}

/// Progress of a sync: documents done of total.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// A document to index again: its id, its state, title and text (`None`:
/// deleted), and the queue entry the chunk reaches.
type QueueRow = (i64, Option<(i64, String, String)>, i64);

/// Documents per batch read from the library.
const CHUNK: i64 = 2_000;

/// Applies what the index lacks. `conn` may be read-only: applied queue
/// entries are trimmed through a connection of its own. Returns the number
/// of documents indexed or removed.
pub fn sync(
    index: &SearchIndex,
    conn: &Connection,
    progress: Progress<'_>,
    cancel: &AtomicBool,
) -> Result<u64> {
    let _one_at_a_time = index.sync_lock.lock().unwrap_or_else(|p| p.into_inner());
    let tx = conn.unchecked_transaction()?;
    let snap = snapshot(&tx)?;
    let payload = index.payload();
    let rebuild = needs_rebuild(&payload, &snap);
    if !rebuild && payload.seq == snap.seq {
        return Ok(0);
    }
    let total = if rebuild {
        count_docs(&tx)?
    } else {
        (snap.seq - payload.seq) as u64
    };
    let mut writer = open_writer(index, total)?;
    let f = index.fields;
    let mut max_id = if rebuild { 0 } else { payload.max_id };
    if rebuild {
        writer.delete_all_documents().map_err(index_error)?;
    }
    let mut done = 0u64;
    progress(0, total);
    // By id ranges (rebuild) or queue ranges (catch-up), a chunk at a time,
    // so memory stays flat whatever the size.
    let mut cursor = if rebuild { 0 } else { payload.seq };
    loop {
        if cancel.load(Ordering::Relaxed) {
            // Nothing committed: the index keeps its previous state.
            writer.rollback().map_err(index_error)?;
            return Err(Error::Cancelled);
        }
        let rows: Vec<QueueRow> = if rebuild {
            let mut stmt = tx.prepare_cached(
                "SELECT id, state, title, text, id FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2",
            )?;
            stmt.query_map([cursor, CHUNK], |r| {
                Ok((
                    r.get(0)?,
                    Some((r.get(1)?, r.get(2)?, r.get(3)?)),
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?
        } else {
            let upto = (cursor + CHUNK).min(snap.seq);
            if cursor >= snap.seq {
                Vec::new()
            } else {
                let mut stmt = tx.prepare_cached(
                    "SELECT q.doc_id, d.state, d.title, d.text, ?2 FROM
                         (SELECT DISTINCT doc_id FROM search_queue WHERE seq > ?1 AND seq <= ?2) q
                     LEFT JOIN documents d ON d.id = q.doc_id ORDER BY q.doc_id",
                )?;
                let rows = stmt
                    .query_map([cursor, upto], |r| {
                        let state: Option<i64> = r.get(1)?;
                        let doc = match state {
                            Some(s) => Some((s, r.get(2)?, r.get(3)?)),
                            None => None,
                        };
                        Ok((r.get(0)?, doc, r.get(4)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                if rows.is_empty() {
                    // A range of entries for documents already gone twice over.
                    cursor = upto;
                    done = (cursor - payload.seq) as u64;
                    progress(done, total);
                    continue;
                }
                rows
            }
        };
        if rows.is_empty() {
            break;
        }
        for (id, doc, _) in &rows {
            let id = *id;
            // A document indexed before, or earlier in this run (inserted,
            // then retitled by the import's masthead pass): its old entry
            // goes first. New documents come in id order and skip this.
            if id <= max_id {
                writer.delete_term(Term::from_field_u64(f.id, id as u64));
            }
            if let Some((state, title, text)) = doc {
                writer
                    .add_document(doc!(
                        f.id => id as u64,
                        f.state => *state as u64,
                        f.title => title.as_str(),
                        f.text => text.as_str(),
                    ))
                    .map_err(index_error)?;
                max_id = max_id.max(id);
            }
        }
        if rebuild {
            cursor = rows.last().map(|r| r.0).unwrap_or(cursor);
            done += rows.len() as u64;
        } else {
            cursor = rows[0].2;
            done = (cursor - payload.seq) as u64;
        }
        progress(done.min(total), total);
    }
    let payload = Payload {
        format: FORMAT,
        library: snap.library.clone(),
        seq: snap.seq,
        max_id,
    };
    let mut prepared = writer.prepare_commit().map_err(index_error)?;
    prepared.set_payload(
        &serde_json::to_string(&payload).map_err(|e| Error::SearchIndex(e.to_string()))?,
    );
    prepared.commit().map_err(index_error)?;
    writer.wait_merging_threads().map_err(index_error)?;
    index.reader.reload().map_err(index_error)?;
    drop(tx);
    crate::core::store::search_queue::trim(conn, snap.seq);
    Ok(total)
}

/// An index writer, waiting a while for another process's.
fn open_writer(index: &SearchIndex, work: u64) -> Result<IndexWriter<TantivyDocument>> {
    // A bulk load uses both cores and a larger arena (64 MB: 128 MB held
    // the 100,000-file import's peak over 300 MB, for 4% of its speed); a
    // few edits the least.
    let (threads, budget) = if work > 5_000 {
        (2, 64 << 20)
    } else {
        (1, 15 << 20)
    };
    let mut waited = Duration::ZERO;
    loop {
        match index.index.writer_with_num_threads(threads, budget) {
            Ok(w) => return Ok(w),
            Err(tantivy::TantivyError::LockFailure(..)) if waited < Duration::from_secs(30) => {
                std::thread::sleep(Duration::from_millis(100));
                waited += Duration::from_millis(100);
            }
            Err(e) => return Err(index_error(e)),
        }
    }
}

/// Differences between the index and the library, as sentences (none when
/// they agree): documents missing from the index, documents the index still
/// holds after they were deleted, and states that disagree.
pub fn verify(index: &SearchIndex, conn: &Connection) -> Result<Vec<String>> {
    let searcher = index.reader.searcher();
    let mut indexed: Vec<(i64, i64)> = Vec::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let ids = ff.u64("id").map_err(index_error)?.first_or_default_col(0);
        let states = ff
            .u64("state")
            .map_err(index_error)?
            .first_or_default_col(0);
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                indexed.push((ids.get_val(doc) as i64, states.get_val(doc) as i64));
            }
        }
    }
    indexed.sort_unstable();
    let mut stmt = conn.prepare("SELECT id, state FROM documents ORDER BY id")?;
    let library: Vec<(i64, i64)> = stmt
        .query_map([], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    let mut problems = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut missing, mut extra, mut wrong, mut twice) = (0, 0, 0, 0);
    while i < library.len() || j < indexed.len() {
        match (library.get(i), indexed.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                if a.1 != b.1 {
                    wrong += 1;
                }
                i += 1;
                j += 1;
                while indexed.get(j).is_some_and(|c| c.0 == a.0) {
                    twice += 1;
                    j += 1;
                }
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                missing += 1;
                i += 1;
            }
            (Some(_), None) => {
                missing += 1;
                i += 1;
            }
            _ => {
                extra += 1;
                j += 1;
            }
        }
    }
    if missing > 0 {
        problems.push(format!(
            "{missing} documents are missing from the search index"
        ));
    }
    if extra > 0 {
        problems.push(format!(
            "the search index still holds {extra} deleted documents"
        ));
    }
    if wrong > 0 {
        problems.push(format!(
            "{wrong} documents have another state in the search index"
        ));
    }
    if twice > 0 {
        problems.push(format!("{twice} documents are in the search index twice"));
    }
    Ok(problems)
}
