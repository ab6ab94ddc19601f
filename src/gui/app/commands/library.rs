//! Library commands: create or open a library, import into it, and the
//! import history (show or trash what an import made).

use std::path::PathBuf;

use super::super::CorpusApp;
use crate::core::counts::documents;
use crate::core::store::{self, imports::BatchId};
use crate::gui::command::Action;
use crate::gui::dialogs::DialogKind;
use crate::gui::notices::{Confirm, Outcome};
use crate::gui::panels::status::JobKind;
use crate::gui::view_state::Central;

#[derive(Debug, Clone, PartialEq)]
pub enum LibraryCommand {
    NewLibrary,
    OpenLibraryDialog,
    OpenLibrary(PathBuf),
    ImportFilesDialog,
    ImportFolderDialog,
    /// Ask for REFI-QDA projects to import.
    ImportProjectDialog,
    Import(Vec<PathBuf>),
    /// Whether imports tag documents with their folders.
    SetTagFolders(bool),
    /// Stop a background job: an import (what is imported stays),
    /// re-reading dates or indexing (they go on next time).
    CancelJob(JobKind),
    /// Open the Import history window.
    OpenImportHistory,
    /// Filter the list to the documents an import created; `None` drops it.
    ShowBatch(Option<BatchId>),
    /// Move what an import created to the trash (asks first).
    TrashBatch {
        batch: BatchId,
        count: usize,
    },
}

impl CorpusApp {
    pub(super) fn run_library(&mut self, cmd: LibraryCommand, confirmed: bool) {
        match cmd {
            LibraryCommand::NewLibrary => self.ask(DialogKind::NewLibrary),
            LibraryCommand::OpenLibraryDialog => self.ask(DialogKind::OpenLibrary),
            LibraryCommand::OpenLibrary(path) => self.open_library(&path),
            LibraryCommand::ImportFilesDialog => self.ask(DialogKind::ImportFiles),
            LibraryCommand::ImportFolderDialog => self.ask(DialogKind::ImportFolder),
            LibraryCommand::ImportProjectDialog => self.ask(DialogKind::ImportProject),
            LibraryCommand::Import(paths) => self.start_import(paths),
            LibraryCommand::SetTagFolders(on) => {
                self.settings.tag_folders = on;
                self.import_options.tag_folders = on;
            }
            LibraryCommand::CancelJob(kind) => self.jobs.cancel(kind),
            LibraryCommand::OpenImportHistory => {
                if self.session.is_some() {
                    self.history.open = true;
                    self.history.stale = true;
                }
            }
            LibraryCommand::ShowBatch(batch) => self.show_batch(batch),
            LibraryCommand::TrashBatch { batch, count } => {
                if !confirmed {
                    self.confirm = Some(Confirm {
                        title: format!(
                            "Move the {} of this import to the trash?",
                            documents(count)
                        ),
                        body: format!(
                            "Documents that were already in the library before this import stay. You can restore the others from the trash, or undo with {}.",
                            Action::Undo.key_text()
                        ),
                        yes: "Move to trash".into(),
                        then: LibraryCommand::TrashBatch { batch, count }.into(),
                    });
                    return;
                }
                self.write("Move the import to the trash", move |tx| {
                    let n = store::imports::trash(tx, batch)?;
                    Ok(if n == 0 {
                        Outcome::Quiet
                    } else {
                        Outcome::Done(format!("{} moved to the trash", documents(n)))
                    })
                })
            }
        }
    }

    /// Filters the list to what an import made (`None`: stops).
    fn show_batch(&mut self, batch: Option<BatchId>) {
        // The chip reads as the history does: "Imported 2026-12-01 22:58, 6,038 documents".
        self.view.batch = batch.and_then(|id| {
            let session = self.session.as_ref()?;
            match store::imports::get(&session.conn, id) {
                Ok(b) => Some((
                    id,
                    format!("{}, {}", b.label(), documents(b.in_library as usize)),
                )),
                Err(e) => {
                    self.notices.push(format!("Cannot show the import: {e}"));
                    None
                }
            }
        });
        if self.view.batch.is_some() {
            if matches!(self.view.central, Central::Trash | Central::Review) {
                self.show_central(Central::Library);
            }
            self.report = None;
        }
        self.filter_dirty = true;
    }
}
