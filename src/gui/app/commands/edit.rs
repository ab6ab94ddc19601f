//! Edit commands: changes to documents — the trash, dates and titles set
//! by hand, undo and redo.

use super::super::CorpusApp;
use super::done_label;
use crate::core::counts::documents;
use crate::core::model::{DocId, PartialDate};
use crate::core::store;
use crate::gui::command::Action;
use crate::gui::notices::{Confirm, Outcome};

#[derive(Debug, Clone, PartialEq)]
pub enum EditCommand {
    /// Move the selection to the trash (asks first for more than one).
    TrashSelection,
    /// Bring the selection back from the trash.
    RestoreSelection,
    /// Bring these documents back from the trash (the import report's
    /// *Restore* for trashed documents an import met again).
    RestoreDocuments(Vec<DocId>),
    /// Delete what is in the trash for good (asks first).
    EmptyTrash,
    Undo,
    Redo,
    /// `None` marks the document explicitly undated.
    SetDate(DocId, Option<PartialDate>),
    /// Back to the date found in the document.
    ClearManualDate(DocId),
    /// A title set by hand; `None` goes back to the found one.
    SetTitle(DocId, Option<String>),
}

impl CorpusApp {
    pub(super) fn run_edit(&mut self, cmd: EditCommand, confirmed: bool) {
        match cmd {
            EditCommand::TrashSelection => self.trash_selection(confirmed),
            EditCommand::RestoreSelection => self.write_selection("Restore", true, |tx, ids| {
                restored(store::trash::restore(tx, &ids)?)
            }),
            EditCommand::RestoreDocuments(ids) => self.write("Restore", move |tx| {
                restored(store::trash::restore(tx, &ids)?)
            }),
            EditCommand::EmptyTrash => self.empty_trash(confirmed),
            EditCommand::Undo => self.write("Undo", |tx| {
                Ok(match store::edit::undo(tx)? {
                    Some(label) => Outcome::Undid(label),
                    None => Outcome::Info("Nothing to undo".into()),
                })
            }),
            EditCommand::Redo => self.write("Redo", |tx| {
                Ok(match store::edit::redo(tx)? {
                    Some(label) => Outcome::Redid(label),
                    None => Outcome::Info("Nothing to redo".into()),
                })
            }),
            EditCommand::SetDate(id, date) => self.write("Set date", move |tx| {
                store::documents::set_date(tx, &[id], Some(date))?;
                done_label(tx)
            }),
            EditCommand::ClearManualDate(id) => self.write("Clear date", move |tx| {
                store::documents::set_date(tx, &[id], None)?;
                done_label(tx)
            }),
            EditCommand::SetTitle(id, title) => self.write("Set title", move |tx| {
                store::documents::set_title(tx, id, title.as_deref())?;
                done_label(tx)
            }),
        }
    }

    /// Delete: the selection to the trash, asking first when it is more
    /// than one document.
    fn trash_selection(&mut self, confirmed: bool) {
        let Some(session) = &self.session else {
            return;
        };
        if self.view.trash() {
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
                then: EditCommand::TrashSelection.into(),
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

    /// Deletes what is in the trash for good, once the user said yes.
    fn empty_trash(&mut self, confirmed: bool) {
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
                then: EditCommand::EmptyTrash.into(),
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
}

/// What restoring `n` documents says.
fn restored(n: usize) -> crate::core::error::Result<Outcome> {
    Ok(if n == 0 {
        Outcome::Quiet
    } else {
        Outcome::Done(format!("{} restored from the trash", documents(n)))
    })
}
