//! Search commands: the results' order, batch search, saved searches.

use super::super::CorpusApp;
use super::done_label;
use crate::core::store::saved::SavedId;
use crate::core::store::{self, tags};
use crate::gui::panels::saved::SavedDialog;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum SearchCommand {
    /// The search's order: best matches first (`None`) or a column.
    SortResults(Option<crate::core::view::Sort>),
    /// Open the Batch search window.
    OpenBatch,
    /// Ask for a batch file (.txt or .csv) to load into the window.
    LoadBatchDialog,
    /// Run the window's queries.
    RunBatch,
    /// Show one batch query's hits in the library.
    ShowBatchQuery(String),
    /// Tag every batch query's hits (its tag, else this prefix and the query).
    TagBatchHits(String),
    /// Ask where to write the batch's CSV.
    ExportBatchDialog,
    LoadBatchFrom(PathBuf),
    ExportBatchTo(PathBuf),
    /// Ask for a name to save the current view under.
    SaveSearchDialog,
    OpenSavedDialog(SavedDialog),
    /// Save the current view (search and filters) under this name.
    SaveSearch(String),
    /// Show what a saved search holds.
    ApplySaved(SavedId),
    RenameSaved(SavedId, String),
    /// Replace a saved search's filters with the current view's.
    UpdateSaved(SavedId),
    DeleteSaved(SavedId),
    FocusSearch,
    ClearSearch,
}

impl CorpusApp {
    pub(super) fn run_search(&mut self, cmd: SearchCommand) {
        match cmd {
            SearchCommand::SortResults(order) => self.sort_results(order),
            SearchCommand::OpenBatch => self.batch.open = true,
            SearchCommand::LoadBatchDialog => self.ask(crate::gui::dialogs::DialogKind::BatchFile),
            SearchCommand::LoadBatchFrom(path) => self.batch.load(&path),
            SearchCommand::RunBatch => {
                if let Some(session) = &self.session {
                    self.batch.run(session.library.path().to_path_buf());
                }
            }
            SearchCommand::ShowBatchQuery(q) => {
                self.leave_trash();
                self.search.text = q.clone();
                self.search.error = None;
                self.view.query = Some(q);
                self.view.rank_order = true;
                self.filter_dirty = true;
            }
            SearchCommand::TagBatchHits(prefix) => {
                if let Ok(groups) = crate::gui::panels::batch::groups(&self.batch, &prefix)
                    && !groups.is_empty()
                {
                    let label = format!(
                        "tag the hits of {} batch queries",
                        crate::core::counts::thousands(groups.len())
                    );
                    self.write("Tag batch hits", move |tx| {
                        tags::tag_groups(tx, &label, &groups)?;
                        done_label(tx)
                    })
                }
            }
            SearchCommand::ExportBatchDialog => self.ask(crate::gui::dialogs::DialogKind::BatchCsv),
            SearchCommand::ExportBatchTo(dest) => {
                if let Some(session) = &self.session {
                    self.batch
                        .export(session.library.path().to_path_buf(), dest);
                }
            }
            SearchCommand::SaveSearchDialog => {
                self.saved.dialog = Some(crate::gui::panels::saved::SavedDialog::Save {
                    name: self.view.query.clone().unwrap_or_default(),
                })
            }
            SearchCommand::OpenSavedDialog(d) => self.saved.dialog = Some(d),
            SearchCommand::SaveSearch(name) => {
                let filter = store::saved::SavedFilter::of(&self.view.filter());
                self.write("Save search", move |tx| {
                    store::saved::save(tx, &name, &filter)?;
                    done_label(tx)
                })
            }
            SearchCommand::ApplySaved(id) => self.apply_saved(id),
            SearchCommand::RenameSaved(id, name) => self.write("Rename saved search", move |tx| {
                store::saved::rename(tx, id, &name)?;
                done_label(tx)
            }),
            SearchCommand::UpdateSaved(id) => {
                let filter = store::saved::SavedFilter::of(&self.view.filter());
                self.write("Change saved search", move |tx| {
                    store::saved::update(tx, id, &filter)?;
                    done_label(tx)
                })
            }
            SearchCommand::FocusSearch => self.search.focus_requested = true,
            SearchCommand::ClearSearch => self.clear_search(),
            SearchCommand::DeleteSaved(id) => self.write("Delete saved search", move |tx| {
                store::saved::delete(tx, id)?;
                done_label(tx)
            }),
        }
    }

    /// Shows a saved search: its query in the box, its filters as chips.
    fn apply_saved(&mut self, id: store::saved::SavedId) {
        let (Some(session), Some(s)) = (
            &self.session,
            self.saved.list.iter().find(|s| s.id == id).cloned(),
        ) else {
            return;
        };
        let filter = match s.filter.filter(&session.conn) {
            Ok(f) => f,
            Err(e) => {
                self.notices
                    .push(format!("Cannot read the saved search: {e}"));
                return;
            }
        };
        let entities: Vec<_> = filter
            .entities
            .iter()
            .map(|&id| (id, store::entities::label(&session.conn, id)))
            .collect();
        self.leave_trash();
        self.view.batch = None;
        self.view.query = filter.query.clone();
        self.view.tags = filter.tags;
        self.view.dates = filter.dates;
        self.view.meta = filter.meta;
        self.view.date_source = filter.date_source;
        self.view.show_duplicates = filter.show_duplicates;
        self.view.memos = filter.memos;
        self.view.entities = entities;
        self.view.rank_order = true;
        self.search.text = filter.query.unwrap_or_default();
        self.search.error = None;
        self.filter_dirty = true;
    }

    /// The search's order: best matches first (`None`) or a column.
    fn sort_results(&mut self, order: Option<crate::core::view::Sort>) {
        match order {
            None => self.view.rank_order = true,
            Some(sort) => {
                self.settings.sort = sort;
                self.view.rank_order = false;
                if let Some(session) = &mut self.session {
                    session.view.sort = sort;
                }
            }
        }
        self.filter_dirty = true;
    }

    pub(in crate::gui::app) fn clear_search(&mut self) {
        self.search.text.clear();
        self.search.error = None;
        self.search.edited_at = Some(f64::NEG_INFINITY);
    }
}
