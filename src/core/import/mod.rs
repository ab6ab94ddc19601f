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
pub mod item;
pub mod language;
mod report;
pub use report::{ImportReport, Rejection, stopped_sentence};
pub mod lexis;
pub mod mastheads;
pub mod office;
pub mod packed;
mod page_dates;
pub mod parquet;
pub mod pdf;
pub mod promos;
pub mod rtf;
pub mod same_text;
pub mod table;
pub mod text;
pub mod walk;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::core::error::{Error, Result};
use crate::core::store::Store;
use crate::core::store::imports::{self};
use crate::core::store::ingest;
use crate::core::store::scans;
use item::Item;

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

/// Where an import stands, for a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

/// What reading one file gave.
struct FileOutcome {
    items: Vec<Item>,
    scans: Vec<item::ScanItem>,
    rejections: Vec<Rejection>,
    notes: Vec<Rejection>,
}

/// Parquet shards hold many compressed documents: they may be this many
/// times the import's file limit (and unpack to as much).
pub const PARQUET_LIMIT_FACTOR: u64 = 8;

/// The largest file (and unpacked data) read from `path`.
fn size_limit(path: &Path, opts: &ImportOptions) -> u64 {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
    {
        opts.max_file_size.saturating_mul(PARQUET_LIMIT_FACTOR)
    } else {
        opts.max_file_size
    }
}

/// Reads, decodes and parses one file.
fn read_file(entry: &walk::FileEntry, opts: &ImportOptions, roots: &[PathBuf]) -> FileOutcome {
    let path = &entry.path;
    let reject = |reason: String| FileOutcome {
        items: Vec::new(),
        scans: Vec::new(),
        rejections: vec![Rejection::new(path, reason)],
        notes: Vec::new(),
    };
    let limit = size_limit(path, opts);
    if entry.size > limit {
        return reject(format!(
            "too large: {} (the import limit is {})",
            crate::core::counts::human_size(entry.size),
            crate::core::counts::human_size(limit)
        ));
    }
    let bytes = match read_limited(path, limit) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return reject(format!(
                "too large: over the import limit of {}",
                crate::core::counts::human_size(limit)
            ));
        }
        Err(e) => return reject(format!("cannot read: {e}")),
    };
    // Extraction (web pages, Word, PDF, mail) runs here, in the parallel
    // stage, never on the writer thread.
    let file = match formats::read(path, bytes, limit) {
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
        scans: Vec::new(),
        rejections: Vec::new(),
        notes: file
            .notes
            .into_iter()
            .map(|note| Rejection::new(path, note))
            .collect(),
    };
    if let Some(scan) = file.scan {
        out.scans.push(item::ScanItem {
            path_bytes,
            path_text,
            size: entry.size as i64,
            mtime: entry.mtime,
            scan,
        });
        return out;
    }
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
                settle(&mut doc);
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

/// What every document gets whatever its format: no date before 1800 or
/// after today, and its language.
pub fn settle(doc: &mut item::Parsed) {
    doc.date = doc.date.filter(|(d, _)| date_value::plausible(*d));
    if !doc.meta.contains_key("lang")
        && let Some(lang) = language::detect(&doc.text)
    {
        doc.meta
            .insert("lang".into(), serde_json::Value::String(lang.into()));
    }
}

/// Reads at most `limit` bytes; `None` if the file holds more (it grew).
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// [`Progress::current`] while the new documents are added to the search
/// index.
pub const INDEXING: &str = "indexing for search";

/// Imports files and folders into the library `store` (its search index
/// is brought in step by [`crate::core::Library::import_paths`]).
///
/// `progress` is called after each stored chunk; `cancel` stops the run at
/// the next row, keeping every chunk already stored. Rejected files are
/// reported, never fatal: the error case is a failure of the run itself
/// (the library could not be written).
pub fn import_files(
    library: &Store,
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
    type Answer = crate::core::store::writer::Pending<(ingest::BatchResult, scans::Queued)>;
    let mut pending: Option<(Answer, usize, String)> = None;
    let mut settle =
        |pending: Option<(Answer, usize, String)>, report: &mut ImportReport| -> Result<()> {
            if let Some((answer, files_in_chunk, current)) = pending {
                match answer.wait() {
                    Ok((batch, queued)) => {
                        report.scans.extend(queued.paths);
                        report.already_present += queued.already;
                        report.already_imported += queued.already;
                        report.in_trash.extend(queued.in_trash);
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
        let mut scans_found = Vec::new();
        for outcome in outcomes {
            items.extend(outcome.items);
            scans_found.extend(outcome.scans);
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
        let answer = library.writer().submit(move |tx| {
            let written = ingest::write_batch(tx, batch, &items, &cancel_flag)?;
            let queued = scans::queue(tx, batch, &scans_found)?;
            Ok((written, queued))
        });
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
        match library
            .writer()
            .write(crate::core::store::mastheads::retitle)
        {
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
    Ok(report)
}
