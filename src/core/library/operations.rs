//! The operations the front ends call on a [`Library`], each one step
//! through the store's writer (so it is journaled and undoable where the
//! store makes it so) or a read, and the work that also needs the search
//! index (import, search).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Library;
use crate::core::dedup::{self, RunOptions, RunReport};
use crate::core::error::{Error, Result};
use crate::core::export::{self, ExportOptions, ExportReport};
use crate::core::import::{self, ImportOptions, ImportReport, Progress};
use crate::core::model::{DocId, DocState, PartialDate};
use crate::core::store::clusters::StoredCluster;
use crate::core::store::decisions::Resolution;
use crate::core::store::saved::{SavedFilter, SavedId};
use crate::core::store::tags::TagId;
use crate::core::store::{
    backup, backups, clusters, decisions, documents, edit, saved, tags, trash,
};

/// Import and search: the store's work with the index brought in step.
impl Library {
    /// Imports files and folders into the library, then brings the search
    /// index in step with them (a cancelled or failed run leaves that to
    /// the next search or background sync).
    ///
    /// `progress` is called after each stored chunk; `cancel` stops the
    /// run at the next row, keeping every chunk already stored. Rejected
    /// files are reported, never fatal: the error case is a failure of the
    /// run itself (the library could not be written).
    pub fn import_paths(
        &self,
        paths: &[PathBuf],
        opts: &ImportOptions,
        cancel: &Arc<AtomicBool>,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<ImportReport> {
        let (projects, files): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .iter()
            .cloned()
            .partition(|p| super::exchange::is_project(p));
        let mut report = if files.is_empty() && !projects.is_empty() {
            ImportReport::default()
        } else {
            import::import_files(self.store(), &files, opts, cancel, progress)?
        };
        if !projects.is_empty() && report.failure.is_none() && !report.cancelled {
            self.import_projects(&projects, opts, cancel, progress, &mut report)?;
        }
        if report.failure.is_some() || report.cancelled {
            return Ok(report);
        }
        let conn = self.reader()?;
        let mut indexing = |done: u64, of: u64| {
            progress(&Progress {
                done: done as usize,
                total: of as usize,
                current: import::INDEXING.to_string(),
            })
        };
        match crate::core::search::sync::sync(self.search_index(), &conn, &mut indexing, cancel) {
            Ok(_) => {}
            Err(Error::Cancelled) => report.cancelled = true,
            Err(e) => return Err(e),
        }
        Ok(report)
    }

    /// Imports files and folders with default options, no progress and no cancel.
    pub fn import(&self, paths: &[PathBuf]) -> Result<ImportReport> {
        self.import_paths(
            paths,
            &ImportOptions::default(),
            &Arc::new(AtomicBool::new(false)),
            &mut |_| {},
        )
    }

    /// The active documents matching `query`, best first (the index
    /// catches up with the library first).
    pub fn search(&self, query: &str) -> Result<Vec<DocId>> {
        let hits = crate::core::search::search(&self.reader()?, query, 0)?;
        Ok(hits.into_iter().map(|h| h.document.id).collect())
    }

    /// Runs duplicate detection (see [`dedup::run()`]) without progress or cancel.
    pub fn find_duplicates(&self, opts: &RunOptions) -> Result<RunReport> {
        dedup::run(self.store(), opts, &AtomicBool::new(false), &mut |_| {})
    }

    /// Exports the whole library to `dest` (see [`export::export`]).
    pub fn export(&self, dest: &Path, opts: &ExportOptions) -> Result<ExportReport> {
        export::export(
            self.store(),
            None,
            dest,
            opts,
            &AtomicBool::new(false),
            &mut |_| {},
        )
    }
}

/// Changes to documents: the trash, dates, states, undo.
impl Library {
    /// Moves documents to the trash; returns how many moved.
    pub fn trash(&self, ids: Vec<DocId>) -> Result<usize> {
        self.writer().write(move |tx| trash::move_to(tx, &ids))
    }

    /// Brings documents back from the trash; returns how many came back.
    pub fn restore(&self, ids: Vec<DocId>) -> Result<usize> {
        self.writer().write(move |tx| trash::restore(tx, &ids))
    }

    /// Empties the trash for good; returns how many documents were deleted.
    pub fn empty_trash(&self) -> Result<usize> {
        self.writer().write(trash::empty)
    }

    /// Undoes the latest change; returns what was undone.
    pub fn undo(&self) -> Result<Option<String>> {
        self.writer().write(edit::undo)
    }

    /// Redoes the latest undone change.
    pub fn redo(&self) -> Result<Option<String>> {
        self.writer().write(edit::redo)
    }

    /// Sets a document's date by hand (`None` = explicitly undated).
    pub fn set_manual_date(&self, ids: Vec<DocId>, date: Option<PartialDate>) -> Result<()> {
        self.writer()
            .write(move |tx| documents::set_date(tx, &ids, Some(date)))
    }

    /// Drops the manual date: the document shows the date found in it again.
    pub fn clear_manual_date(&self, ids: Vec<DocId>) -> Result<()> {
        self.writer()
            .write(move |tx| documents::set_date(tx, &ids, None))
    }

    pub fn set_state(&self, ids: Vec<DocId>, state: DocState) -> Result<()> {
        self.writer()
            .write(move |tx| documents::set_state(tx, &ids, state))
    }
}

/// Tags and saved searches.
impl Library {
    pub fn create_tag(&self, name: &str, color: Option<&str>) -> Result<TagId> {
        let (name, color) = (name.to_string(), color.map(str::to_string));
        self.writer()
            .write(move |tx| tags::create(tx, &name, color.as_deref()))
    }

    pub fn rename_tag(&self, id: TagId, name: &str) -> Result<()> {
        let name = name.to_string();
        self.writer().write(move |tx| tags::rename(tx, id, &name))
    }

    pub fn recolor_tag(&self, id: TagId, color: &str) -> Result<()> {
        let color = color.to_string();
        self.writer().write(move |tx| tags::recolor(tx, id, &color))
    }

    pub fn merge_tags(&self, from: TagId, into: TagId) -> Result<()> {
        self.writer().write(move |tx| tags::merge(tx, from, into))
    }

    pub fn delete_tag(&self, id: TagId) -> Result<()> {
        self.writer().write(move |tx| tags::delete(tx, id))
    }

    /// Adds or removes the tag named `name` (created if needed) on documents.
    pub fn tag_documents(&self, name: &str, docs: Vec<DocId>, add: bool) -> Result<usize> {
        let name = name.to_string();
        self.writer()
            .write(move |tx| tags::tag_by_name(tx, &name, &docs, add))
    }

    pub fn save_search(&self, name: &str, filter: SavedFilter) -> Result<SavedId> {
        let name = name.to_string();
        self.writer()
            .write(move |tx| saved::save(tx, &name, &filter))
    }

    pub fn rename_saved_search(&self, id: SavedId, name: &str) -> Result<()> {
        let name = name.to_string();
        self.writer().write(move |tx| saved::rename(tx, id, &name))
    }

    pub fn update_saved_search(&self, id: SavedId, filter: SavedFilter) -> Result<()> {
        self.writer()
            .write(move |tx| saved::update(tx, id, &filter))
    }

    pub fn delete_saved_search(&self, id: SavedId) -> Result<()> {
        self.writer().write(move |tx| saved::delete(tx, id))
    }
}

/// Duplicate clusters and the decisions on them.
impl Library {
    /// The stored clusters (see [`clusters::stored_clusters`]).
    pub fn clusters(&self) -> Result<Vec<StoredCluster>> {
        clusters::stored_clusters(&self.reader()?)
    }

    /// Sets the threshold and rebuilds the clusters at it.
    pub fn set_dedup_threshold(&self, threshold: f64) -> Result<usize> {
        self.writer().write(move |tx| {
            clusters::set_threshold(tx, threshold)?;
            clusters::recluster_stored(tx)
        })
    }

    pub fn resolve_clusters(
        &self,
        clusters: Vec<(DocId, Vec<DocId>)>,
        how: Resolution,
    ) -> Result<()> {
        self.writer()
            .write(move |tx| decisions::resolve(tx, &clusters, how))
    }
}

/// Backups.
impl Library {
    /// A consistent copy of the library at `dest` (see [`backup::backup_to`]).
    pub fn backup(&self, dest: &Path, overwrite: bool) -> Result<()> {
        crate::core::fsx::check_destination(self.path(), dest, false, true, "file for the backup")?;
        let conn = self.reader()?;
        backup::backup_to(&conn, dest, overwrite)
    }

    /// Takes an automatic backup (see [`backups::take`]).
    pub fn auto_backup(&self) -> Result<PathBuf> {
        backups::take(self.path())
    }

    /// How many backups this library keeps.
    pub fn backup_keep(&self) -> Result<usize> {
        Ok(backups::keep(&self.reader()?))
    }
}
