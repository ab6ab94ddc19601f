//! A damaged library's commands: the Restore window, restoring a backup
//! (the library closed meanwhile), saving what can be read.

use std::path::PathBuf;

use super::super::CorpusApp;
use crate::gui::dialogs::DialogKind;
use crate::gui::notices::Confirm;
use crate::gui::panels::status::JobKind;

#[derive(Debug, Clone, PartialEq)]
pub enum RecoveryCommand {
    /// Show the Restore from backup window (for the open library, or the
    /// damaged one that would not open).
    OpenRestore,
    /// Replace the library with this backup (asks first).
    /// Pick a backup file kept elsewhere to restore from.
    RestoreFileDialog,
    RestoreBackup(PathBuf),
    /// Ask where to save what can be read of a damaged library.
    SalvageDialog,
    /// Save every readable document to this JSONL file.
    SalvageTo(PathBuf),
    /// Ask where to back up the library.
    BackupDialog,
    /// Back up the library to this file (the save dialog asked about replacing it).
    BackupTo(PathBuf),
}

impl CorpusApp {
    /// Closes the open library: its jobs stop, nothing of it stays on screen.
    pub(in crate::gui::app) fn close_session(&mut self) {
        for kind in [JobKind::Import, JobKind::Indexing, JobKind::Rederive] {
            self.jobs.stop(kind);
        }
        if let Some(job) = self.recovery.check.take() {
            job.cancel();
        }
        self.review.cancel_run();
        self.words.cancel();
        self.session = None;
        self.toast = None;
        self.report = None;
        self.view.central = crate::gui::view_state::Central::Library;
    }

    pub(super) fn run_recovery(&mut self, cmd: RecoveryCommand, confirmed: bool) {
        match cmd {
            RecoveryCommand::OpenRestore => {
                let library = self.recoverable_library();
                if let Some(library) = library {
                    self.recovery.show(library);
                }
            }
            RecoveryCommand::RestoreBackup(backup) => {
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
                        then: RecoveryCommand::RestoreBackup(backup).into(),
                    });
                    return;
                }
                // The library must be closed while its file is replaced.
                self.close_session();
                self.recovery.start_restore(library, backup);
            }
            RecoveryCommand::RestoreFileDialog => {
                if self.recovery.library.is_some() {
                    self.ask(DialogKind::BackupFile);
                }
            }
            RecoveryCommand::SalvageDialog => {
                if self.session.is_some() || self.recovery.failed.is_some() {
                    self.ask(DialogKind::Salvage);
                }
            }
            RecoveryCommand::BackupDialog => {
                if self.session.is_some() {
                    self.ask(DialogKind::Backup);
                }
            }
            RecoveryCommand::BackupTo(dest) => {
                self.start_backup(dest);
            }
            RecoveryCommand::SalvageTo(dest) => {
                let library = self.recoverable_library();
                if let Some(library) = library {
                    self.recovery.start_salvage(library, dest);
                }
            }
        }
    }

    /// The library a restore or salvage is about: the open one, else the
    /// damaged one that would not open.
    fn recoverable_library(&self) -> Option<PathBuf> {
        self.session
            .as_ref()
            .map(|s| s.library.path().to_path_buf())
            .or_else(|| self.recovery.failed.clone())
    }
}
