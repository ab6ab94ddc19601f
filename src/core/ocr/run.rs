//! The OCR job: reads the queued scans page by page (pages side by side,
//! up to the cores), keeps each page's text in the cache as soon as it is
//! read (a killed or cancelled run goes on where it stopped), and stores
//! each scan whose pages are all read as a document, through the import's
//! writer, in one transaction with its leaving the queue.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use super::tools::Tools;
use super::tsv::PageText;
use crate::core::error::{Error, Result};
use crate::core::import::Rejection;
use crate::core::import::item::{Item, Parsed, ScanKind};
use crate::core::import::{formats, pdf};
use crate::core::store::Store;
use crate::core::store::scans::{self, QueuedScan};

/// What to read and how.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Tesseract's languages (`eng+deu`).
    pub languages: String,
    pub tools: Tools,
    /// Try again the scans OCR could not read before.
    pub retry_failed: bool,
}

/// Where a run stands: pages read (or found in the cache) of all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OcrProgress {
    pub pages_done: usize,
    pub pages_total: usize,
    /// The file being read.
    pub current: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OcrReport {
    /// Documents stored.
    pub documents: usize,
    /// Of those, texts the library had already (another source of them).
    pub already_present: usize,
    /// Pages OCR read in this run.
    pub pages_read: usize,
    /// Pages read before (the cache), not read again.
    pub pages_cached: usize,
    /// Scans OCR could not read, and why (they stay in the queue).
    pub failed: Vec<Rejection>,
    /// Scans still waiting (a PDF needs poppler; the run was cancelled).
    pub waiting: usize,
    /// Why some scans were left waiting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub cancelled: bool,
}

/// Scans prepared at a time (their pages run side by side).
const GROUP_PAGES: usize = 64;

/// One scan being read.
struct Work {
    scan: QueuedScan,
    pdf: Option<pdf::PdfFile>,
    /// The pages OCR reads (from 1).
    wanted: Vec<u32>,
    read: HashMap<u32, PageText>,
    failed: Option<String>,
}

/// Reads the queue; see the module doc.
pub fn run(
    store: &Store,
    opts: &OcrOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&OcrProgress),
) -> Result<OcrReport> {
    if opts.retry_failed {
        store.writer().write(scans::retry_failed)?;
    }
    if opts.tools.tesseract.is_none() {
        return Err(Error::Refused(opts.tools.missing(true).unwrap_or_default()));
    }
    let mut report = OcrReport::default();
    let mut queue = scans::queued(&store.reader()?, false)?;
    if opts.tools.pdftoppm.is_none() {
        let before = queue.len();
        queue.retain(|s| s.item.scan.kind != ScanKind::Pdf);
        report.waiting = before - queue.len();
        if report.waiting > 0 {
            report.note = opts.tools.missing(true);
        }
    }
    let mut state = OcrProgress {
        pages_total: queue.iter().map(|s| s.item.scan.ocr_pages as usize).sum(),
        ..OcrProgress::default()
    };
    progress(&state);
    let mut rest = queue.into_iter().peekable();
    while rest.peek().is_some() {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let mut group = Vec::new();
        let mut pages = 0;
        while pages < GROUP_PAGES
            && let Some(scan) = rest.next()
        {
            pages += scan.item.scan.ocr_pages.max(1) as usize;
            group.push(prepare(store, scan, &opts.languages)?);
        }
        for w in &group {
            let cached = w.read.len().min(w.wanted.len());
            report.pages_cached += cached;
            state.pages_done += cached;
        }
        read_pages(
            store,
            opts,
            &mut group,
            cancel,
            &mut state,
            &mut report,
            progress,
        )?;
        finish(store, group, &opts.languages, &mut report)?;
    }
    report.cancelled = cancel.load(Ordering::Relaxed);
    report.waiting = scans::count(&store.reader()?)?.waiting;
    Ok(report)
}

/// A scan's pages to read, what the cache has, and (a PDF) its text pages.
fn prepare(store: &Store, scan: QueuedScan, langs: &str) -> Result<Work> {
    let read = scans::cached(&store.reader()?, &scan.item.scan.file_hash, langs)?;
    let mut work = Work {
        wanted: Vec::new(),
        pdf: None,
        read,
        failed: None,
        scan,
    };
    let path = PathBuf::from(&work.scan.item.path_text);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            work.failed = Some(format!(
                "cannot read the file any more ({e}); import it again"
            ));
            return Ok(work);
        }
    };
    if *blake3::hash(&bytes).as_bytes() != work.scan.item.scan.file_hash {
        work.failed = Some("the file changed since it was imported; import it again".into());
        return Ok(work);
    }
    match work.scan.item.scan.kind {
        ScanKind::Pdf => match pdf::read(&bytes) {
            Ok(file) => {
                work.wanted = file.ocr_pages();
                work.pdf = Some(file);
            }
            Err(e) => work.failed = Some(e),
        },
        ScanKind::Image => work.wanted = (1..=work.scan.item.scan.pages).collect(),
    }
    Ok(work)
}

/// One thing to read: scan index in the group, page (0: a whole image
/// file), the file, the page's size in points, the file's frames.
type Unit = (usize, u32, PathBuf, (f64, f64), u32);

/// What a worker sends back, by the scan's index in the group.
enum Answer {
    /// One more frame of an image file read (the rest comes with `Done`).
    Frame(usize),
    /// The pages read, or why not.
    Done(usize, std::result::Result<Vec<PageText>, String>),
}

fn read_pages(
    store: &Store,
    opts: &OcrOptions,
    group: &mut [Work],
    cancel: &AtomicBool,
    state: &mut OcrProgress,
    report: &mut OcrReport,
    progress: &mut dyn FnMut(&OcrProgress),
) -> Result<()> {
    // (scan index, page; 0: the whole image file)
    let mut units: Vec<(usize, u32)> = Vec::new();
    for (i, w) in group.iter().enumerate() {
        if w.failed.is_some() {
            continue;
        }
        let missing: Vec<u32> = w
            .wanted
            .iter()
            .copied()
            .filter(|p| !w.read.contains_key(p))
            .collect();
        match w.scan.item.scan.kind {
            ScanKind::Image if !missing.is_empty() => units.push((i, 0)),
            ScanKind::Pdf => units.extend(missing.into_iter().map(|p| (i, p))),
            ScanKind::Image => {}
        }
    }
    if units.is_empty() {
        return Ok(());
    }
    let (tx, rx) = mpsc::channel::<Answer>();
    let langs = opts.languages.as_str();
    let tools = &opts.tools;
    let jobs: Vec<Unit> = units
        .iter()
        .map(|&(i, page)| {
            let w = &group[i];
            let size = w
                .pdf
                .as_ref()
                .and_then(|f| f.pages.get(page.max(1) as usize - 1))
                .map_or((612.0, 792.0), |p| (p.width_pt, p.height_pt));
            (
                i,
                page,
                PathBuf::from(&w.scan.item.path_text),
                size,
                w.scan.item.scan.pages,
            )
        })
        .collect();
    std::thread::scope(|s| -> Result<()> {
        s.spawn(move || {
            jobs.into_par_iter()
                .for_each_with(tx, |tx, (i, page, path, size, frames)| {
                    if cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let answer = if page == 0 {
                        let mut frame = || {
                            let _ = tx.send(Answer::Frame(i));
                        };
                        super::page::image(tools, &path, frames, langs, cancel, &mut frame)
                    } else {
                        super::page::pdf_page(tools, &path, page, size, langs, cancel)
                            .map(|p| vec![p])
                    };
                    let _ = tx.send(Answer::Done(i, answer));
                });
        });
        // Frames of an image file counted before it is done, by scan.
        let mut framed: HashMap<usize, usize> = HashMap::new();
        for answer in rx {
            let (i, answer) = match answer {
                Answer::Frame(i) => {
                    *framed.entry(i).or_default() += 1;
                    state.pages_done += 1;
                    state.current = group[i].scan.item.path_text.clone();
                    progress(state);
                    continue;
                }
                Answer::Done(i, answer) => (i, answer),
            };
            let w = &mut group[i];
            state.current = w.scan.item.path_text.clone();
            // The frames counted already count once.
            state.pages_done -= framed.remove(&i).unwrap_or(0);
            match answer {
                Ok(pages) => {
                    let hash = w.scan.item.scan.file_hash;
                    let keep = pages.clone();
                    let langs = langs.to_string();
                    store.writer().write(move |tx| {
                        keep.iter()
                            .try_for_each(|p| scans::cache_page(tx, &hash, &langs, p))
                    })?;
                    for page in pages {
                        report.pages_read += 1;
                        state.pages_done += 1;
                        w.read.insert(page.page, page);
                    }
                }
                Err(_) if cancel.load(Ordering::Relaxed) => {}
                Err(e) => w.failed = Some(e),
            }
            progress(state);
        }
        Ok(())
    })
}

/// Stores the scans whose pages are all read; marks the failed ones.
fn finish(store: &Store, group: Vec<Work>, langs: &str, report: &mut OcrReport) -> Result<()> {
    let mut items = Vec::new();
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for w in group {
        let complete = w.wanted.iter().all(|p| w.read.contains_key(p));
        let outcome = match (&w.failed, complete) {
            (Some(e), _) => Err(e.clone()),
            (None, false) => continue,
            (None, true) => document(&w, langs),
        };
        match outcome {
            Ok(doc) => {
                let item = &w.scan.item;
                items.push(Item {
                    path_bytes: item.path_bytes.clone(),
                    path_text: item.path_text.clone(),
                    size: item.size,
                    mtime: item.mtime,
                    encoding: "OCR".into(),
                    hash: *blake3::hash(formats::content_key(&doc.text).as_bytes()).as_bytes(),
                    doc,
                });
                done.push((w.scan.id, w.scan.batch));
            }
            Err(e) => {
                report.failed.push(Rejection {
                    path: w.scan.item.path_text.clone(),
                    reason: e.clone(),
                });
                failed.push((w.scan.id, e));
            }
        }
    }
    if items.is_empty() && failed.is_empty() {
        return Ok(());
    }
    // Read pages are stored even when the run was cancelled.
    let never = AtomicBool::new(false);
    let written = store.writer().write(move |tx| {
        let mut written = crate::core::store::ingest::BatchResult::default();
        // One import batch at a time: each document joins the run that
        // queued its scan.
        for (item, (id, batch)) in items.iter().zip(&done) {
            let batch = match batch {
                Some(b) => *b,
                None => {
                    crate::core::store::imports::begin(tx, std::slice::from_ref(&item.path_text))?
                }
            };
            let one = crate::core::store::ingest::write_batch(
                tx,
                batch,
                std::slice::from_ref(item),
                &never,
            )?;
            written.imported += one.imported;
            written.already_present += one.already_present;
            crate::core::store::imports::add_counts(tx, batch, one.imported, one.already_present)?;
            scans::done(tx, *id)?;
        }
        for (id, reason) in &failed {
            scans::fail(tx, *id, reason)?;
        }
        Ok(written)
    })?;
    report.documents += written.imported + written.already_present;
    report.already_present += written.already_present;
    Ok(())
}

/// A read scan's document: its pages' text through the rules every text
/// follows, marked as read by OCR with the mean confidence.
fn document(w: &Work, langs: &str) -> std::result::Result<Parsed, String> {
    let stem = std::path::Path::new(&w.scan.item.path_text)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pages: Vec<&PageText> = w.wanted.iter().filter_map(|p| w.read.get(p)).collect();
    let mut doc = match &w.pdf {
        Some(file) => {
            let mut texts = vec![None; file.pages.len()];
            for p in &pages {
                if let Some(slot) = texts.get_mut(p.page as usize - 1) {
                    *slot = Some(p.text.clone());
                }
            }
            pdf::assemble(file, &texts, &stem)?
        }
        None => {
            let text: Vec<&str> = pages
                .iter()
                .map(|p| p.text.trim())
                .filter(|t| !t.is_empty())
                .collect();
            if text.is_empty() {
                return Err("no text found by OCR (a photograph? a blank page?)".into());
            }
            formats::scan_text(&text.join("\n\n"), &stem)?
        }
    };
    let (sum, words) = pages
        .iter()
        .fold((0f64, 0u32), |(s, n), p| match p.confidence {
            Some(c) => (s + c as f64 * p.words as f64, n + p.words),
            None => (s, n),
        });
    doc.set_meta("text_from", Some("OCR".into()));
    if words > 0 {
        doc.set_meta("ocr_confidence", Some(format!("{:.0}", sum / words as f64)));
    }
    let total = w.scan.item.scan.pages;
    doc.set_meta(
        "ocr_pages",
        Some(if pages.len() as u32 == total {
            format!("{total}")
        } else {
            format!("{} of {total}", pages.len())
        }),
    );
    doc.set_meta("ocr_languages", Some(langs.to_string()));
    crate::core::import::settle(&mut doc);
    Ok(doc)
}
