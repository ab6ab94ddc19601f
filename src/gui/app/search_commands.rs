//! Search commands: the results' order, batch search, saved searches.

use super::CorpusApp;
use super::command_handling::done_label;
use crate::core::store::{self, tags};
use crate::gui::command::Command;

impl CorpusApp {
    pub(super) fn run_search(&mut self, cmd: Command) {
        match cmd {
            Command::SortResults(order) => self.sort_results(order),
            Command::OpenBatch => self.batch.open = true,
            Command::LoadBatchDialog => self.ask(crate::gui::dialogs::DialogKind::BatchFile),
            Command::LoadBatchFrom(path) => self.batch.load(&path),
            Command::RunBatch => {
                if let Some(session) = &self.session {
                    self.batch.run(session.library.path().to_path_buf());
                }
            }
            Command::ShowBatchQuery(q) => {
                self.view.trash = false;
                self.search.text = q.clone();
                self.search.error = None;
                self.view.query = Some(q);
                self.view.rank_order = true;
                self.filter_dirty = true;
            }
            Command::TagBatchHits(prefix) => {
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
            Command::ExportBatchDialog => self.ask(crate::gui::dialogs::DialogKind::BatchCsv),
            Command::ExportBatchTo(dest) => {
                if let Some(session) = &self.session {
                    self.batch
                        .export(session.library.path().to_path_buf(), dest);
                }
            }
            Command::SaveSearchDialog => {
                self.saved.dialog = Some(crate::gui::panels::saved::SavedDialog::Save {
                    name: self.view.query.clone().unwrap_or_default(),
                })
            }
            Command::OpenSavedDialog(d) => self.saved.dialog = Some(d),
            Command::SaveSearch(name) => {
                let filter = store::saved::SavedFilter::of(&self.view.filter());
                self.write("Save search", move |tx| {
                    store::saved::save(tx, &name, &filter)?;
                    done_label(tx)
                })
            }
            Command::ApplySaved(id) => self.apply_saved(id),
            Command::RenameSaved(id, name) => self.write("Rename saved search", move |tx| {
                store::saved::rename(tx, id, &name)?;
                done_label(tx)
            }),
            Command::UpdateSaved(id) => {
                let filter = store::saved::SavedFilter::of(&self.view.filter());
                self.write("Change saved search", move |tx| {
                    store::saved::update(tx, id, &filter)?;
                    done_label(tx)
                })
            }
            Command::DeleteSaved(id) => self.write("Delete saved search", move |tx| {
                store::saved::delete(tx, id)?;
                done_label(tx)
            }),
            _ => {}
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
        self.view.trash = false;
        self.view.batch = None;
        self.view.query = filter.query.clone();
        self.view.tags = filter.tags;
        self.view.dates = filter.dates;
        self.view.meta = filter.meta;
        self.view.date_source = filter.date_source;
        self.view.show_duplicates = filter.show_duplicates;
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
}
