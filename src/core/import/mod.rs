//! The import engine: paths in, documents in the library, a report out.
//!
//! Files are read and decoded in parallel (rayon) a chunk at a time, while the
//! library's one writer stores the previous chunk in one transaction. Every
//! batch is atomic, so a cancelled or killed import leaves only whole
//! documents, and a second run skips what is already there (same path, size
//! and modification time) and continues where the first stopped.

pub mod date_value;
pub mod dates;
pub mod decode;
pub mod email;
pub mod entities;
pub mod factiva;
pub mod formats;
pub mod header_block;
pub mod html;
pub mod language;
mod report;
pub use report::{ImportReport, stopped_sentence};
pub mod lexis;
pub mod mastheads;
pub mod office;
pub mod packed;
mod page_dates;
pub mod pdf;
pub mod promos;
pub mod rtf;
mod same_text;
pub mod table;
pub mod text;
pub mod walk;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::model::{DocId, DocState};
use crate::core::store::imports::{self, BatchId};
use crate::core::store::{Library, now};
use formats::Parsed;
use same_text::{SameText, text_value};

/// Default largest file imported: 50 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 50 * 1000 * 1000;

/// Files read per chunk (one writer transaction each).
const CHUNK_FILES: usize = 1024;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Larger files are rejected with a reason.
    pub max_file_size: u64,
    /// Tag each document with its folder relative to the imported folder
    /// (`bbc/business/001.txt` imported as `bbc` → tag `business`; nested
    /// folders → nested tags).
    pub tag_folders: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            tag_folders: false,
        }
    }
}

/// A file (or a row, `FILE#N`) that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub path: String,
    pub reason: String,
}

impl Rejection {
    pub fn new(path: &Path, reason: impl Into<String>) -> Self {
        Rejection {
            path: path.to_string_lossy().into_owned(),
            reason: reason.into(),
        }
    }
}

/// Where an import stands, for a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

/// One document (or one more source of an existing one) for the writer.
#[derive(Debug, Clone)]
struct Item {
    path_bytes: Vec<u8>,
    path_text: String,
    size: i64,
    mtime: Option<i64>,
    encoding: String,
    hash: [u8; 32],
    doc: Parsed,
}

/// What reading one file gave.
struct FileOutcome {
    items: Vec<Item>,
    rejections: Vec<Rejection>,
    notes: Vec<Rejection>,
}

/// Reads, decodes and parses one file.
fn read_file(entry: &walk::FileEntry, opts: &ImportOptions, roots: &[PathBuf]) -> FileOutcome {
    let path = &entry.path;
    let reject = |reason: String| FileOutcome {
        items: Vec::new(),
        rejections: vec![Rejection::new(path, reason)],
        notes: Vec::new(),
    };
    if entry.size > opts.max_file_size {
        return reject(format!(
            "too large: {} (the import limit is {})",
            crate::core::counts::human_size(entry.size),
            crate::core::counts::human_size(opts.max_file_size)
        ));
    }
    let bytes = match read_limited(path, opts.max_file_size) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return reject(format!(
                "too large: over the import limit of {}",
                crate::core::counts::human_size(opts.max_file_size)
            ));
        }
        Err(e) => return reject(format!("cannot read: {e}")),
    };
    // Extraction (web pages, Word, PDF, mail) runs here, in the parallel
    // stage, never on the writer thread.
    let file = match formats::read(path, bytes, opts.max_file_size) {
        Ok(file) => file,
        Err(reason) => return reject(reason),
    };
    let folder_tag = if opts.tag_folders {
        walk::folder_tag(path, roots)
    } else {
        None
    };
    let rows = file.rows;
    let path_text = path.to_string_lossy().into_owned();
    let path_bytes = path.as_os_str().as_encoded_bytes().to_vec();
    let mut out = FileOutcome {
        items: Vec::with_capacity(rows.len()),
        rejections: Vec::new(),
        notes: file
            .notes
            .into_iter()
            .map(|note| Rejection::new(path, note))
            .collect(),
    };
    if rows.is_empty() {
        out.rejections
            .push(Rejection::new(path, "no documents in this file (no rows)"));
    }
    for row in rows {
        match row {
            Ok(mut doc) => {
                if let Some(tag) = &folder_tag
                    && !doc.tags.contains(tag)
                {
                    doc.tags.push(tag.clone());
                }
                // Whatever a format says, no date before 1800 or after today.
                doc.date = doc.date.filter(|(d, _)| date_value::plausible(*d));
                if !doc.meta.contains_key("lang")
                    && let Some(lang) = language::detect(&doc.text)
                {
                    doc.meta
                        .insert("lang".into(), serde_json::Value::String(lang.into()));
                }
                out.items.push(Item {
                    path_bytes: path_bytes.clone(),
                    path_text: path_text.clone(),
                    size: entry.size as i64,
                    mtime: entry.mtime,
                    encoding: file.encoding.clone(),
                    hash: *blake3::hash(formats::content_key(&doc.text).as_bytes()).as_bytes(),
                    doc,
                })
            }
            Err((row, reason)) => out.rejections.push(Rejection {
                path: format!("{path_text}#{row}"),
                reason,
            }),
        }
    }
    out
}

/// Reads at most `limit` bytes; `None` if the file holds more (it grew).
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// The writer's counts for one batch.
#[derive(Default)]
struct BatchResult {
    imported: usize,
    already_present: usize,
    already_imported: usize,
    other_publications: usize,
    repeated: usize,
    in_trash: Vec<DocId>,
}

/// Stores one batch in the writer's transaction. Checks `cancel` per row and
/// rolls the whole batch back when set.
fn write_batch(
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
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, state)) = already {
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
            text::title_of(&doc.text, "")
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
                let source_key = formats::content_key(&documents_display(item)).to_lowercase();
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
            if let Ok(tag) = crate::core::store::tags::ensure(tx, tag) {
                tag_doc.execute(params![tag, doc_id])?;
            }
        }
    }
    imports::add_counts(tx, batch, result.imported, result.already_present)?;
    Ok(result)
}

fn documents_display(item: &Item) -> String {
    crate::core::store::documents::display_path(&item.path_text, item.doc.row)
}

/// [`Progress::current`] while the new documents are added to the search
/// index.
pub const INDEXING: &str = "indexing for search";

/// Imports files and folders into `library`.
///
/// `progress` is called after each stored chunk; `cancel` stops the run at
/// the next row, keeping every chunk already stored. Rejected files are
/// reported, never fatal: the error case is a failure of the run itself
/// (the library could not be written).
pub fn import_paths(
    library: &Library,
    paths: &[PathBuf],
    opts: &ImportOptions,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let given: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let batch = library
        .writer()
        .write(move |tx| imports::begin(tx, &given))?;
    let (files, walk_rejections) = walk::walk(paths, cancel);
    let roots: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
    report.errors.extend(walk_rejections);
    let total = files.len();
    progress(&Progress {
        done: 0,
        total,
        current: String::new(),
    });
    let mut done = 0usize;
    // The writer stores chunk N while this thread decodes chunk N + 1.
    let mut pending: Option<(
        crate::core::store::writer::Pending<BatchResult>,
        usize,
        String,
    )> = None;
    let mut settle = |pending: Option<(
        crate::core::store::writer::Pending<BatchResult>,
        usize,
        String,
    )>,
                      report: &mut ImportReport|
     -> Result<()> {
        if let Some((answer, files_in_chunk, current)) = pending {
            match answer.wait() {
                Ok(batch) => {
                    report.imported += batch.imported;
                    report.already_present += batch.already_present;
                    report.already_imported += batch.already_imported;
                    report.other_publications += batch.other_publications;
                    report.repeated += batch.repeated;
                    report.in_trash.extend(batch.in_trash);
                    done += files_in_chunk;
                    progress(&Progress {
                        done,
                        total,
                        current,
                    });
                }
                Err(Error::Cancelled) => report.cancelled = true,
                Err(e) => {
                    report.failure = Some(stopped_sentence(&e, done, total));
                    return Err(e);
                }
            }
        }
        Ok(())
    };
    for chunk in files.chunks(CHUNK_FILES) {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let outcomes: Vec<FileOutcome> = chunk
            .par_iter()
            .map(|f| read_file(f, opts, &roots))
            .collect();
        let mut items = Vec::new();
        for outcome in outcomes {
            items.extend(outcome.items);
            report.errors.extend(outcome.rejections);
            report.notes.extend(outcome.notes);
        }
        let current = chunk
            .last()
            .map(|f| f.path.to_string_lossy().into_owned())
            .unwrap_or_default();
        if settle(pending.take(), &mut report).is_err() {
            break;
        }
        let cancel_flag = Arc::clone(cancel);
        let answer = library
            .writer()
            .submit(move |tx| write_batch(tx, batch, &items, &cancel_flag));
        pending = Some((answer, chunk.len(), current));
    }
    if report.failure.is_none() {
        let _ = settle(pending.take(), &mut report);
    } else if let Some((answer, _, _)) = pending.take() {
        // The chunk behind the failed one cannot have been stored either.
        let _ = answer.wait();
    }
    if cancel.load(Ordering::Relaxed) {
        report.cancelled = true;
    }
    report.in_trash.sort_unstable();
    report.in_trash.dedup();
    if report.failure.is_none() && report.imported > 0 {
        match library.writer().write(mastheads::retitle) {
            Ok(n) => report.masthead_titles = n,
            Err(e) => tracing::warn!("mastheads not looked for: {e}"),
        }
    }
    let (rejected, cancelled) = (report.errors.len(), report.cancelled);
    let finished = library
        .writer()
        .write(move |tx| imports::finish(tx, batch, rejected, cancelled));
    report.batch = Some(batch);
    if report.failure.is_some() {
        // Stopped: what was stored stays (the search index catches up at
        // the next search or sync).
        return Ok(report);
    }
    finished?;
    // Searchable when it ends. A cancelled run skips this; the next search
    // or the app's background sync catches up.
    if !report.cancelled {
        let conn = library.reader()?;
        let mut indexing = |done: u64, of: u64| {
            progress(&Progress {
                done: done as usize,
                total: of as usize,
                current: INDEXING.to_string(),
            })
        };
        match crate::core::search::sync::sync(library.search_index(), &conn, &mut indexing, cancel)
        {
            Ok(_) => {}
            Err(Error::Cancelled) => report.cancelled = true,
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

impl Library {
    /// Imports files and folders with default options, no progress and no cancel.
    pub fn import(&self, paths: &[PathBuf]) -> Result<ImportReport> {
        import_paths(
            self,
            paths,
            &ImportOptions::default(),
            &Arc::new(AtomicBool::new(false)),
            &mut |_| {},
        )
    }
}
