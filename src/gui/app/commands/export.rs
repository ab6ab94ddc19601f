//! The Export dialog's commands: open it, choose where, replace or not,
//! cancel.

use std::path::PathBuf;
use std::sync::Arc;

use super::super::CorpusApp;

#[derive(Debug, Clone, PartialEq)]
pub enum ExportCommand {
    /// Open the export dialog.
    Open,
    /// Open the export dialog with this format chosen.
    OpenAs(crate::core::export::Format),
    /// The dialog's choices are made: ask where to write.
    ChooseDestination,
    /// Write the export there (asking first when it exists).
    To(PathBuf),
    /// The user's word on replacing an existing destination.
    Confirm(bool),
    Cancel,
}

impl CorpusApp {
    pub(super) fn run_export(&mut self, cmd: ExportCommand) {
        match cmd {
            ExportCommand::Open => {
                if self.session.is_some() {
                    self.export.open = true;
                    self.export.error = None;
                    self.export.done = None;
                }
            }
            ExportCommand::OpenAs(format) => {
                if self.session.is_some() {
                    self.export.format = format;
                    self.run_export(ExportCommand::Open);
                }
            }
            ExportCommand::ChooseDestination => self.choose_export_destination(),
            ExportCommand::To(dest) => {
                let folder = self.export.format.is_folder();
                // A name typed without its extension gets the format's; the
                // save dialog asked about the name as typed, not that one.
                let ext = self.export.format.extension();
                let (dest, added) = if !folder && !ext.is_empty() && dest.extension().is_none() {
                    (dest.with_extension(ext), true)
                } else {
                    (dest, false)
                };
                let dialog_asked = !folder && !added && self.dialogs.confirms_overwrite();
                if !dialog_asked && crate::gui::panels::export::needs_confirmation(&dest, folder) {
                    self.export.confirm = Some(dest);
                } else if let Some(session) = &self.session {
                    self.export
                        .start(Arc::clone(&session.library), dest, dialog_asked);
                }
            }
            ExportCommand::Confirm(replace) => {
                if let Some(dest) = self.export.confirm.take()
                    && replace
                    && let Some(session) = &self.session
                {
                    self.export.start(Arc::clone(&session.library), dest, true);
                }
            }
            ExportCommand::Cancel => self.export.cancel(),
        }
    }

    /// Checks the export dialog's choices, fixes what will be exported, and
    /// asks where to write it.
    fn choose_export_destination(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let selection = (session.view.selected_count() > 0).then(|| session.view.targets());
        let saved = self.export.saved.and_then(|id| {
            let s = self.saved.list.iter().find(|s| s.id == id)?;
            s.filter.filter(&self.session.as_ref()?.conn).ok()
        });
        if let Some(kind) = self.export.prepare(self.view.filter(), selection, saved) {
            self.ask(kind);
        }
    }
}
