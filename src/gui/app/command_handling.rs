//! Command handling: every user action, whether from a menu, a shortcut or
//! a panel, is applied here, after the frame that asked for it.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Context, ViewportCommand};
use rusqlite::Transaction;

use super::CorpusApp;
use crate::core::counts::documents;
use crate::core::error::Result;
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::store::decisions::Resolution;
use crate::core::store::{self, journal};
use crate::gui::command::{Action, Command};
use crate::gui::dialogs::DialogKind;
use crate::gui::notices::{Confirm, Outcome};

/// The newest journal entry's label, as a sentence: what a change just did.
pub(super) fn done_label(tx: &Transaction) -> Result<Outcome> {
    Ok(match journal::next(tx)?.undo {
        Some(label) => Outcome::Done(capitalised(&label)),
        None => Outcome::Quiet,
    })
}

pub use crate::core::counts::capitalised;

impl CorpusApp {
    /// Applies one command.
    pub fn apply(&mut self, ctx: &Context, cmd: Command) {
        self.run(ctx, cmd, false);
    }

    /// Applies one command; `confirmed` when the user already answered the
    /// question a destructive command asks.
    fn run(&mut self, ctx: &Context, cmd: Command, confirmed: bool) {
        match cmd {
            Command::Confirmed(inner) => self.run(ctx, *inner, true),
            Command::NewLibrary => self.ask(DialogKind::NewLibrary),
            Command::OpenLibraryDialog => self.ask(DialogKind::OpenLibrary),
            Command::OpenLibrary(path) => self.open_library(&path),
            Command::ImportFilesDialog => self.ask(DialogKind::ImportFiles),
            Command::ImportFolderDialog => self.ask(DialogKind::ImportFolder),
            Command::Import(paths) => self.start_import(paths),
            Command::SetTagFolders(on) => {
                self.settings.tag_folders = on;
                self.import_options.tag_folders = on;
            }
            Command::CancelIndexing => {
                if let Some(job) = &self.indexing {
                    job.cancel();
                }
            }
            cmd @ (Command::SortResults(_)
            | Command::OpenBatch
            | Command::LoadBatchDialog
            | Command::LoadBatchFrom(_)
            | Command::RunBatch
            | Command::ShowBatchQuery(_)
            | Command::TagBatchHits(_)
            | Command::ExportBatchDialog
            | Command::ExportBatchTo(_)
            | Command::SaveSearchDialog
            | Command::OpenSavedDialog(_)
            | Command::SaveSearch(_)
            | Command::ApplySaved(_)
            | Command::RenameSaved(..)
            | Command::UpdateSaved(_)
            | Command::DeleteSaved(_)) => self.run_search(cmd),
            Command::CancelRederive => {
                if let Some(job) = &self.rederive {
                    job.cancel();
                }
            }
            Command::CancelImport => {
                if let Some(import) = &self.import {
                    import.job.cancel();
                }
            }
            Command::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Command::FocusSearch => self.search.focus_requested = true,
            Command::ClearSearch => self.clear_search(),
            Command::Escape => self.escape(),
            Command::SortBy(key) => self.sort_by(key),
            Command::ClickRow {
                index,
                id,
                toggle,
                extend,
            } => {
                if let Some(s) = &mut self.session {
                    s.view.click_row(&s.conn, index, id, toggle, extend);
                }
            }
            Command::FocusRow { index, extend } => {
                if let Some(s) = &mut self.session {
                    s.view.focus_row(&s.conn, index, extend);
                }
            }
            Command::SelectAll => {
                if let Some(session) = &mut self.session {
                    session.view.select_all();
                }
            }
            Command::TrashSelection => self.trash_selection(confirmed),
            Command::RestoreSelection => self.write_selection("Restore", true, |tx, ids| {
                let n = store::trash::restore(tx, &ids)?;
                Ok(if n == 0 {
                    Outcome::Quiet
                } else {
                    Outcome::Done(format!("{} restored from the trash", documents(n)))
                })
            }),
            Command::RestoreDocuments(ids) => self.write("Restore", move |tx| {
                let n = store::trash::restore(tx, &ids)?;
                Ok(if n == 0 {
                    Outcome::Quiet
                } else {
                    Outcome::Done(format!("{} restored from the trash", documents(n)))
                })
            }),
            Command::EmptyTrash => {
                let n = self.session.as_ref().map_or(0, |s| s.trash);
                if n == 0 {
                    return;
                }
                if !confirmed {
                    self.confirm = Some(Confirm {
                        title: "Empty the trash?".into(),
                        body: format!(
                            "{} will be deleted for good, with {} sources, tags and search index entries. This cannot be undone, and the undo history is cleared too.",
                            documents(n),
                            if n == 1 { "its" } else { "their" }
                        ),
                        yes: "Empty trash".into(),
                        then: Command::EmptyTrash,
                    });
                    return;
                }
                if let Some(session) = &mut self.session {
                    session.view.selection = Default::default();
                    session.view.focus_id = None;
                }
                self.write("Empty the trash", |tx| {
                    let n = store::trash::empty(tx)?;
                    Ok(Outcome::Info(format!(
                        "{} deleted for good; the trash is empty",
                        documents(n)
                    )))
                })
            }
            Command::ShowTrash(on) => {
                if self.session.is_some() {
                    self.reviewing = false;
                    if self.view.trash != on {
                        self.view.trash = on;
                        self.filter_dirty = true;
                    }
                }
            }
            Command::Undo => self.write("Undo", |tx| {
                Ok(match store::edit::undo(tx)? {
                    Some(label) => Outcome::Undid(label),
                    None => Outcome::Info("Nothing to undo".into()),
                })
            }),
            Command::Redo => self.write("Redo", |tx| {
                Ok(match store::edit::redo(tx)? {
                    Some(label) => Outcome::Redid(label),
                    None => Outcome::Info("Nothing to redo".into()),
                })
            }),
            Command::SetDate(id, date) => self.write("Set date", move |tx| {
                store::documents::set_date(tx, &[id], Some(date))?;
                done_label(tx)
            }),
            Command::ClearManualDate(id) => self.write("Clear date", move |tx| {
                store::documents::set_date(tx, &[id], None)?;
                done_label(tx)
            }),
            Command::SetTitle(id, title) => self.write("Set title", move |tx| {
                store::documents::set_title(tx, id, title.as_deref())?;
                done_label(tx)
            }),
            cmd @ (Command::CreateTag(..)
            | Command::RenameTag(..)
            | Command::RecolorTag(..)
            | Command::MergeTag { .. }
            | Command::DeleteTag(..)
            | Command::RemoveUnusedTags
            | Command::DeleteTagBranch(..)
            | Command::FilterBranch(..)
            | Command::ToggleTagFilter(..)
            | Command::ExcludeTag(..)
            | Command::RemoveTagFilter(..)
            | Command::AddMetaFilter(..)
            | Command::ToggleColumn(..)
            | Command::RemoveMetaFilter(..)
            | Command::OpenTagDialog(..)
            | Command::TagFilterAll(..)
            | Command::ClearFilters
            | Command::TagDocs { .. }
            | Command::TagSelection { .. }
            | Command::ToggleTagOnSelection(..)) => self.run_tags(cmd),
            Command::ShowReview(on) => {
                self.reviewing = on && self.session.is_some();
                if self.reviewing {
                    self.words_view = false;
                }
                if !on && self.view.trash {
                    self.view.trash = false;
                    self.filter_dirty = true;
                }
            }
            Command::RunDedup { full } => {
                if let Some(session) = &self.session {
                    self.review.start_run(Arc::clone(&session.library), full);
                }
            }
            Command::CancelDedup => self.review.cancel_run(),
            Command::SetDedupThreshold(t) => self.write("Set threshold", move |tx| {
                store::clusters::set_threshold(tx, t)?;
                store::clusters::recluster_stored(tx).map(|_| Outcome::Quiet)
            }),
            Command::Resolve { clusters, how } => {
                let others: usize = clusters.iter().map(|(_, m)| m.len()).sum();
                if how == Resolution::Trash && !confirmed {
                    self.confirm = Some(Confirm {
                        title: format!("Move {} to the trash?", documents(others)),
                        body: format!(
                            "The {} besides the keeper go to the trash. You can restore them from the trash, or undo with {}.",
                            crate::core::counts::plural(others, "copy", "copies"),
                            Action::Undo.key_text()
                        ),
                        yes: "Move to trash".into(),
                        then: Command::Resolve { clusters, how },
                    });
                    return;
                }
                if let [(keeper, _)] = clusters.as_slice()
                    && self.review.selected == Some(*keeper)
                {
                    self.review.advance_after_decision();
                }
                self.write(how.label(), move |tx| {
                    store::decisions::resolve(tx, &clusters, how)?;
                    done_label(tx)
                })
            }
            Command::ChooseKeeper { keeper, members } => {
                self.review.selected = Some(keeper);
                self.write("Choose keeper", move |tx| {
                    store::decisions::choose_keeper(tx, keeper, &members).map(|_| Outcome::Quiet)
                })
            }
            Command::NotDuplicatePair(a, b) => self.write("Not a duplicate", move |tx| {
                store::decisions::not_duplicates(tx, &[a, b]).map(|_| Outcome::Quiet)
            }),
            Command::SamePair(a, b) => self.write("Merge anyway", move |tx| {
                store::decisions::same_story(tx, a, b).map(|_| Outcome::Quiet)
            }),
            Command::IncludeMarkedDuplicates(on) => {
                self.view.show_duplicates = on;
                self.filter_dirty = true;
            }
            Command::SetDateFilter(dates) => {
                self.view.dates = dates;
                self.filter_dirty = true;
            }
            Command::ShowBatch(batch) => {
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
                    self.view.trash = false;
                    self.reviewing = false;
                    self.report = None;
                }
                self.filter_dirty = true;
            }
            Command::TrashBatch { batch, count } => {
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
                        then: Command::TrashBatch { batch, count },
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
            Command::OpenImportHistory => {
                if self.session.is_some() {
                    self.history.open = true;
                    self.history.stale = true;
                }
            }
            Command::ToggleTimeline => self.timeline.visible = !self.timeline.visible,
            Command::SetDateSourceFilter(source) => {
                self.view.date_source = source;
                self.filter_dirty = true;
            }
            Command::ToggleSidePanel => self.layout.side_panel = !self.layout.side_panel,
            Command::ToggleReader => self.layout.reader = !self.layout.reader,
            cmd @ (Command::OpenExport
            | Command::ChooseExportDestination
            | Command::ExportTo(_)
            | Command::ConfirmExport(_)
            | Command::CancelExport) => self.run_export(cmd),
            Command::OpenSettings => self.windows.settings = true,
            Command::ApplySettings => self.apply_settings(ctx),
            Command::OpenShortcuts => self.windows.shortcuts = true,
            Command::OpenAbout => self.windows.about = true,
            Command::OpenLogFolder => {
                if let Some(dir) = crate::gui::log_folder() {
                    self.open_folder(dir);
                }
            }
            cmd @ (Command::ShowWords(_)
            | Command::WordsRun
            | Command::WordsCancel
            | Command::WordsPin
            | Command::WordsUnpin(_)
            | Command::WordsConcordanceOf(_)
            | Command::WordsPair { .. }
            | Command::OpenDocumentAt { .. }
            | Command::ExportKwicDialog
            | Command::ExportKwicTo(_)) => self.run_words(cmd),
            cmd @ (Command::OpenRestore
            | Command::RestoreBackup(_)
            | Command::RestoreFileDialog
            | Command::SalvageDialog
            | Command::SalvageTo(_)) => self.run_recovery(cmd, confirmed),
            Command::BackupDialog => {
                if self.session.is_some() {
                    self.ask(DialogKind::Backup);
                }
            }
            Command::BackupTo(dest) => {
                if let Some(session) = &self.session {
                    let library = Arc::clone(&session.library);
                    // The save dialog already asked about replacing the file.
                    self.backup = Some(Job::spawn("backup", move |_| {
                        library.backup(&dest, true)?;
                        Ok(dest)
                    }));
                }
            }
            Command::OpenFolder(path) => self.open_folder(path),
            Command::ReviewStep(step) => {
                if let Some(session) = &self.session {
                    self.review.step(&session.conn, step);
                }
            }
            Command::ResolveCurrent(how) => {
                if let Some(c) = self.review.current() {
                    let clusters = crate::gui::panels::review::ReviewState::as_targets(
                        std::slice::from_ref(c),
                    );
                    self.run(ctx, Command::Resolve { clusters, how }, confirmed);
                }
            }
            Command::ResolveAll(how) => {
                let open = self.review.open_clusters();
                if open.is_empty() {
                    return;
                }
                let others: usize = open.iter().map(|c| c.members.len()).sum();
                self.confirm = Some(Confirm {
                    title: format!("{} for all clusters?", how.label()),
                    body: format!(
                        "This acts on {} ({} besides their keepers). You can undo it with {}.",
                        crate::core::counts::plural(
                            open.len(),
                            "unresolved cluster",
                            "unresolved clusters"
                        ),
                        documents(others),
                        Action::Undo.key_text()
                    ),
                    yes: how.label().into(),
                    // This question is the confirmation: no second one for the trash.
                    then: Command::Confirmed(Box::new(Command::Resolve {
                        clusters: crate::gui::panels::review::ReviewState::as_targets(&open),
                        how,
                    })),
                });
            }
            Command::ReviewDocument(id) => {
                if let Some(session) = &self.session {
                    self.reviewing = true;
                    if !self.review.select_document(&session.conn, id) {
                        self.review.selected = Some(id);
                    }
                }
            }
        }
    }

    fn open_folder(&mut self, dir: PathBuf) {
        if let Err(e) = crate::gui::panels::export::open_folder(&dir) {
            self.notices
                .push(format!("Cannot open {}: {e}", dir.display()));
        }
    }

    /// A column header was clicked: sort by it (again: the other way). A
    /// search ranked by relevance is sorted by the column from then on.
    pub(super) fn sort_by(&mut self, key: crate::core::view::SortKey) {
        let sort = &mut self.settings.sort;
        if sort.key == key && !self.view.ranked() {
            sort.descending = !sort.descending;
        } else {
            sort.key = key;
            sort.descending = false;
        }
        let sort = *sort;
        self.view.rank_order = false;
        if let Some(session) = &mut self.session {
            session.view.sort = sort;
        }
        self.filter_dirty = true;
    }

    pub(super) fn clear_search(&mut self) {
        self.search.text.clear();
        self.search.error = None;
        self.search.edited_at = Some(f64::NEG_INFINITY);
    }

    /// Esc: closes the topmost window or question; with none open, clears
    /// the search.
    fn escape(&mut self) {
        if self.confirm.take().is_some() {
            return;
        }
        if self.export.confirm.take().is_some()
            || self.tag_dialog.take().is_some()
            || self.saved.dialog.take().is_some()
        {
            return;
        }
        if self.export.done.take().is_some() {
            return;
        }
        if self.export.open && !self.export.is_running() {
            self.export.open = false;
            return;
        }
        let w = &mut self.windows;
        for open in [&mut w.settings, &mut w.shortcuts, &mut w.about] {
            if std::mem::take(open) {
                return;
            }
        }
        if std::mem::take(&mut self.history.open) || self.report.take().is_some() {
            return;
        }
        if self.batch.open && !self.batch.is_running() {
            self.batch.open = false;
            return;
        }
        if !self.search.text.is_empty() || self.view.query.is_some() {
            self.clear_search();
        }
    }

    /// Delete: the selection to the trash, asking first when it is more
    /// than one document.
    fn trash_selection(&mut self, confirmed: bool) {
        let Some(session) = &self.session else {
            return;
        };
        if self.view.trash {
            return;
        }
        let n = session.view.selected_count();
        if n == 0 {
            return;
        }
        if n > 1 && !confirmed {
            self.confirm = Some(Confirm {
                title: format!("Move {} to the trash?", documents(n)),
                body: format!(
                    "They leave the library, the timeline and exports. You can restore them from the trash (View → Trash), or undo with {}.",
                    Action::Undo.key_text()
                ),
                yes: "Move to trash".into(),
                then: Command::TrashSelection,
            });
            return;
        }
        self.write_selection("Move to trash", true, |tx, ids| {
            let n = store::trash::move_to(tx, &ids)?;
            Ok(if n == 0 {
                Outcome::Quiet
            } else {
                Outcome::Done(format!("{} moved to the trash", documents(n)))
            })
        })
    }

    /// Queues a change for the writer; the UI goes on and picks up the
    /// result in a later frame (see [`Self::poll_writes`]).
    pub(super) fn write(
        &mut self,
        what: &str,
        f: impl FnOnce(&Transaction) -> Result<Outcome> + Send + 'static,
    ) {
        let Some(session) = &self.session else {
            return;
        };
        let pending = session.library.writer().submit(f);
        self.pending_writes.push((what.to_string(), pending));
    }

    /// Like [`Self::write`], on the selection (resolved by the writer, so
    /// "all but these" over a million documents never stalls a frame).
    pub(super) fn write_selection(
        &mut self,
        what: &str,
        clear: bool,
        f: impl FnOnce(&Transaction, Vec<DocId>) -> Result<Outcome> + Send + 'static,
    ) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.view.selected_count() == 0 {
            return;
        }
        let targets = session.view.targets();
        if clear {
            session.view.selection = Default::default();
            session.view.focus_id = None;
        }
        self.write(what, move |tx| {
            let ids = targets.resolve(tx)?;
            if ids.is_empty() {
                Ok(Outcome::Quiet)
            } else {
                f(tx, ids)
            }
        });
    }
}
