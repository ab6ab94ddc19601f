//! The OCR queue and cache: scans an import met (files whose text must be
//! read by OCR) waiting for it, and the text OCR read on each page, by
//! the file's content and the languages tried.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::now;
use crate::core::error::Result;
use crate::core::import::item::{Scan, ScanItem, ScanKind};
use crate::core::model::BatchId;
use crate::core::model::{DocId, DocState};
use crate::core::ocr::tsv::PageText;

/// A scan in the queue.
#[derive(Debug, Clone)]
pub struct QueuedScan {
    pub id: i64,
    pub item: ScanItem,
    pub batch: Option<BatchId>,
    /// Why OCR could not read it (`None`: waiting).
    pub failed: Option<String>,
}

/// What queueing an import's scans did.
#[derive(Debug, Default)]
pub struct Queued {
    /// The paths of the scans new to the queue.
    pub paths: Vec<String>,
    /// Files already in the library (read by OCR before) or in the queue.
    pub already: usize,
    /// Documents in the trash read from these very files.
    pub in_trash: Vec<DocId>,
}

/// Puts an import's scans in the queue (not those already read into a
/// document or already waiting).
pub fn queue(tx: &Transaction, batch: BatchId, scans: &[ScanItem]) -> Result<Queued> {
    let mut out = Queued::default();
    let mut seen_source = tx.prepare_cached(
        "SELECT d.id, d.state FROM sources s JOIN documents d ON d.id = s.doc_id
          WHERE s.path = ?1 AND s.row = 0 AND s.size = ?2 AND s.mtime IS ?3 LIMIT 1",
    )?;
    let mut waiting = tx.prepare_cached(
        "SELECT id, withdrawn FROM scans WHERE path = ?1 AND file_hash = ?2 LIMIT 1",
    )?;
    let mut back = tx.prepare_cached(
        "UPDATE scans SET withdrawn = 0, failed = NULL, batch_id = ?2 WHERE id = ?1",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO scans(path, path_text, size, mtime, file_hash, kind, pages, ocr_pages,
                           batch_id, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for s in scans {
        let doc: Option<(DocId, i64)> = seen_source
            .query_row(params![s.path_bytes, s.size, s.mtime], |r| r.try_into())
            .optional()?;
        if let Some((id, state)) = doc {
            if state == DocState::Trashed as i64 {
                out.in_trash.push(id);
            } else {
                out.already += 1;
            }
            continue;
        }
        let queued: Option<(i64, bool)> = waiting
            .query_row(params![s.path_bytes, &s.scan.file_hash[..]], |r| {
                r.try_into()
            })
            .optional()?;
        match queued {
            // Its import was undone: queued again by this one.
            Some((id, true)) => {
                back.execute(params![id, batch])?;
                out.paths.push(s.path_text.clone());
                continue;
            }
            Some((_, false)) => {
                out.already += 1;
                continue;
            }
            None => {}
        }
        insert.execute(params![
            s.path_bytes,
            s.path_text,
            s.size,
            s.mtime,
            &s.scan.file_hash[..],
            s.scan.kind.as_str(),
            s.scan.pages,
            s.scan.ocr_pages,
            batch,
            now()
        ])?;
        out.paths.push(s.path_text.clone());
    }
    Ok(out)
}

/// The scans in the queue, oldest first (`failed`: those OCR could not
/// read too).
pub fn queued(conn: &Connection, failed: bool) -> Result<Vec<QueuedScan>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, path, path_text, size, mtime, file_hash, kind, pages, ocr_pages, batch_id,
                failed
         FROM scans WHERE withdrawn = 0 AND (?1 OR failed IS NULL) ORDER BY id",
    )?;
    let rows = stmt.query_map([failed], |r| {
        let hash: Vec<u8> = r.get(5)?;
        let mut file_hash = [0u8; 32];
        if hash.len() == 32 {
            file_hash.copy_from_slice(&hash);
        }
        let kind: String = r.get(6)?;
        Ok(QueuedScan {
            id: r.get(0)?,
            item: ScanItem {
                path_bytes: r.get(1)?,
                path_text: r.get(2)?,
                size: r.get(3)?,
                mtime: r.get(4)?,
                scan: Scan {
                    kind: ScanKind::parse(&kind).unwrap_or(ScanKind::Image),
                    pages: r.get(7)?,
                    ocr_pages: r.get(8)?,
                    file_hash,
                },
            },
            batch: r.get(9)?,
            failed: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many scans wait for OCR, and their pages still to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCount {
    pub waiting: usize,
    pub pages: usize,
    /// Scans OCR could not read.
    pub failed: usize,
}

pub fn count(conn: &Connection) -> Result<QueueCount> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE failed IS NULL),
                ifnull(sum(ocr_pages) FILTER (WHERE failed IS NULL), 0),
                count(*) FILTER (WHERE failed IS NOT NULL)
         FROM scans WHERE withdrawn = 0",
        [],
        |r| {
            Ok(QueueCount {
                waiting: r.get::<_, i64>(0)? as usize,
                pages: r.get::<_, i64>(1)? as usize,
                failed: r.get::<_, i64>(2)? as usize,
            })
        },
    )?)
}

/// The pages of a file OCR has read in `langs`.
pub fn cached(
    conn: &Connection,
    file_hash: &[u8; 32],
    langs: &str,
) -> Result<HashMap<u32, PageText>> {
    let mut stmt = conn.prepare_cached(
        "SELECT page, text, confidence, words FROM ocr_pages WHERE file_hash = ?1 AND langs = ?2",
    )?;
    let rows = stmt.query_map(params![&file_hash[..], langs], |r| {
        Ok(PageText {
            page: r.get(0)?,
            text: r.get(1)?,
            confidence: r.get(2)?,
            words: r.get(3)?,
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let page = row?;
        out.insert(page.page, page);
    }
    Ok(out)
}

/// Keeps what OCR read on one page.
pub fn cache_page(
    tx: &Transaction,
    file_hash: &[u8; 32],
    langs: &str,
    page: &PageText,
) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO ocr_pages(file_hash, page, langs, text, confidence, words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            &file_hash[..],
            page.page,
            langs,
            page.text,
            page.confidence,
            page.words
        ],
    )?;
    Ok(())
}

/// Marks a scan OCR could not read, and why.
pub fn fail(tx: &Transaction, id: i64, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE scans SET failed = ?2 WHERE id = ?1",
        params![id, reason],
    )?;
    Ok(())
}

/// Puts the scans OCR could not read back in the queue.
pub fn retry_failed(tx: &Transaction) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE scans SET failed = NULL WHERE failed IS NOT NULL",
        [],
    )?)
}

/// Takes a read scan out of the queue (its document is stored).
pub fn done(tx: &Transaction, id: i64) -> Result<()> {
    tx.execute("DELETE FROM scans WHERE id = ?1", [id])?;
    Ok(())
}

/// Takes the scans an import queued out of the queue while the import is
/// undone or in the trash (`withdrawn`), or puts them back: their pages
/// read so far stay in the cache either way.
pub fn withdraw(tx: &Transaction, batch: BatchId, withdrawn: bool) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE scans SET withdrawn = ?2 WHERE batch_id = ?1",
        params![batch, withdrawn],
    )?)
}

/// Takes scans out of the queue without reading them.
pub fn forget(tx: &Transaction, ids: &[i64]) -> Result<usize> {
    let mut n = 0;
    for id in ids {
        n += tx.execute("DELETE FROM scans WHERE id = ?1", [id])?;
    }
    Ok(n)
}

/// The languages OCR tries (`eng+deu`), as the user set them.
pub fn languages(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'ocr_languages'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_languages(tx: &Transaction, langs: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings(key, value) VALUES ('ocr_languages', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [langs],
    )?;
    Ok(())
}

/// Documents whose text came from OCR (`meta.text_from = 'OCR'`).
pub fn ocr_documents(conn: &Connection) -> Result<usize> {
    Ok(conn.query_row(
        "SELECT count(*) FROM documents WHERE state != 2 AND meta ->> '$.text_from' = 'OCR'",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize)
}
