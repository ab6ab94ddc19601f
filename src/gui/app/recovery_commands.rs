//! A damaged library's commands: the Restore window, restoring a backup
//! (the library closed meanwhile), saving what can be read.

use super::CorpusApp;
use crate::gui::command::Command;
use crate::gui::dialogs::DialogKind;
use crate::gui::notices::Confirm;

impl CorpusApp {
    /// Closes the open library: its jobs stop, nothing of it stays on screen.
    pub(super) fn close_session(&mut self) {
        if let Some(job) = self.import.take() {
            job.job.cancel();
        }
        if let Some(job) = self.indexing.take() {
            job.cancel();
        }
        if let Some(job) = self.recovery.check.take() {
            job.cancel();
        }
        self.review.cancel_run();
        self.words.cancel();
        self.session = None;
        self.toast = None;
        self.report = None;
        self.reviewing = false;
        self.words_view = false;
    }

    pub(super) fn run_recovery(&mut self, cmd: Command, confirmed: bool) {
        match cmd {
            Command::OpenRestore => {
                let library = self
                    .session
                    .as_ref()
                    .map(|s| s.library.path().to_path_buf())
                    .or_else(|| self.recovery.failed.clone());
                if let Some(library) = library {
                    self.recovery.show(library);
                }
            }
            Command::RestoreBackup(backup) => {
                let Some(library) = self.recovery.library.clone() else {
                    return;
                };
                if !confirmed {
                    self.confirm = Some(Confirm {
                        title: "Restore this backup?".into(),
                        body: format!(
                            "The library is replaced by the backup {}. Changes made after it was taken are not in it. The current file is kept as {}.before-restore.",
                            backup.file_name().unwrap_or_default().to_string_lossy(),
                            library.file_name().unwrap_or_default().to_string_lossy()
                        ),
                        yes: "Restore".into(),
                        then: Command::RestoreBackup(backup),
                    });
                    return;
                }
                // The library must be closed while its file is replaced.
                self.close_session();
                self.recovery.start_restore(library, backup);
            }
            Command::RestoreFileDialog if self.recovery.library.is_some() => {
                self.ask(DialogKind::BackupFile);
            }
            Command::SalvageDialog if self.session.is_some() || self.recovery.failed.is_some() => {
                self.ask(DialogKind::Salvage);
            }
            Command::SalvageTo(dest) => {
                let library = self
                    .session
                    .as_ref()
                    .map(|s| s.library.path().to_path_buf())
                    .or_else(|| self.recovery.failed.clone());
                if let Some(library) = library {
                    self.recovery.start_salvage(library, dest);
                }
            }
            _ => {}
        }
    }
}
