//! What an import tells the user: its counts, rejections and notes, and the
//! sentence for a run that stopped early.

use std::path::Path;

use serde::Serialize;

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

use crate::core::error::Error;
use crate::core::model::DocId;
use crate::core::store::imports::BatchId;

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// New documents stored.
    pub imported: usize,
    /// Files or rows whose text was already in the library (their path was
    /// added to the existing document) or that an earlier run imported.
    pub already_present: usize,
    /// Of `already_present`: files or rows an earlier run imported (the
    /// same path, size and time), skipped.
    pub already_imported: usize,
    /// Files or rows with the text of another file of this same import,
    /// added to its document as another source (not counted as already
    /// in the library).
    pub repeated: usize,
    /// Documents in the trash whose file or text this import met again:
    /// nothing new was imported for them; *Restore* brings them back.
    pub in_trash: Vec<DocId>,
    /// Of `imported`: texts already in the library from a source that
    /// states another date, outlet, title or byline, stored as their own
    /// documents (each publication keeps its own truth); duplicate
    /// detection groups them as exact duplicates.
    pub other_publications: usize,
    /// Documents (of this import or earlier ones) whose title was an
    /// outlet's masthead, retitled by the headline below it.
    pub masthead_titles: usize,
    pub errors: Vec<Rejection>,
    /// Scans queued for OCR (files whose text, or some of it, is images):
    /// their documents come when OCR has read them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scans: Vec<String>,
    /// Files that imported with something to know ("no article found: the
    /// page's visible text was imported").
    pub notes: Vec<Rejection>,
    /// What each REFI-QDA project brought besides its documents (coded
    /// passages, memos, tags) and what of it was left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Rejection>,
    /// True when the user stopped the run; what was counted is stored.
    #[serde(skip)]
    pub cancelled: bool,
    /// The import batch this run recorded.
    pub batch: Option<BatchId>,
    /// Why the run stopped before the end (a full disk, a damaged
    /// library), in one sentence that says what was kept; what was counted
    /// is stored.
    #[serde(skip_serializing_if = "Option::is_none", rename = "error")]
    pub failure: Option<String>,
}

impl ImportReport {
    /// A run with nothing to read beyond "imported": one file, imported
    /// whole, no rejection, note, trashed copy or stop. The window says it
    /// in a notice instead of a report window.
    pub fn is_plain_single(&self) -> bool {
        self.imported == 1
            && self.already_present == 0
            && self.repeated == 0
            && self.in_trash.is_empty()
            && self.errors.is_empty()
            && self.notes.is_empty()
            && self.scans.is_empty()
            && !self.cancelled
            && self.failure.is_none()
    }
}

/// The sentence for a run stopped by `e` after `done` of `total` files.
pub fn stopped_sentence(e: &Error, done: usize, total: usize) -> String {
    let kept = format!(
        "{} of {} files were imported",
        crate::core::counts::thousands(done),
        crate::core::counts::thousands(total)
    );
    match e {
        Error::DiskFull => format!(
            "The disk holding the library is full. {kept}; free some space and import again to continue (already imported files are skipped)."
        ),
        Error::LibraryDamaged { .. } | Error::Corrupt(_) => {
            format!("The import stopped: {e}. {kept} before that.")
        }
        other => format!(
            "The import stopped: {other}. {kept}; import again to continue (already imported files are skipped)."
        ),
    }
}
