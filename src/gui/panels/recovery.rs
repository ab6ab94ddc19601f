//! A damaged library and the way back: the banner that says so, the
//! check that runs on open, the Restore window listing the backups, and
//! "Save what can be read".

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::RichText;

use crate::core::counts::thousands;
use crate::core::jobs::Job;
use crate::core::store::backups::{self, BackupInfo};
use crate::core::store::health::{self, CheckReport, Damage};
use crate::core::store::salvage::SalvageReport;
use crate::gui::command::{Commands, LibraryCommand, RecoveryCommand};

/// How long the check on open may run before it stops (it resumes in full
/// on the next open; the writer still stops at the first damaged page).
const CHECK_BUDGET: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct RecoveryState {
    /// The Restore window is open.
    pub open: bool,
    /// The library the window restores (open, or one that failed to open
    /// because it is damaged).
    pub library: Option<PathBuf>,
    /// A library that could not be opened because it is damaged.
    pub failed: Option<PathBuf>,
    pub backups: Vec<BackupInfo>,
    listing: Option<Job<Vec<BackupInfo>, ()>>,
    /// The check on open: (parts done, of).
    pub check: Option<Job<CheckReport, (usize, usize)>>,
    /// A restore under way; the library is closed meanwhile.
    pub restoring: Option<(PathBuf, Job<Option<PathBuf>, ()>)>,
    /// Saving what can be read: (ids done, of).
    pub salvaging: Option<Job<(PathBuf, SalvageReport), (i64, i64)>>,
}

/// What a finished background step asks the app to do.
pub enum Finished {
    /// The check found damage (the library is marked already).
    Damaged(String),
    /// A restore ended: reopen this library; the message says how it went.
    Restored(PathBuf, Result<String, String>),
    Salvaged(Result<String, String>),
}

impl RecoveryState {
    /// Starts the quick check of `library` in the background.
    pub fn start_check(&mut self, library: &Path) {
        if let Some(job) = self.check.take() {
            job.cancel();
        }
        let path = library.to_path_buf();
        self.check = Some(Job::spawn("library check", move |cx| {
            health::quick_check(&path, CHECK_BUDGET, cx.cancel_flag(), &mut |d, t| {
                cx.report((d, t))
            })
        }));
    }

    /// Opens the window for `library` and lists its backups.
    pub fn show(&mut self, library: PathBuf) {
        self.open = true;
        self.library = Some(library.clone());
        self.listing = Some(Job::spawn("list backups", move |_| {
            Ok(backups::list(&library))
        }));
    }

    pub fn start_restore(&mut self, library: PathBuf, backup: PathBuf) {
        let lib = library.clone();
        self.restoring = Some((
            library,
            Job::spawn("restore", move |_| backups::restore(&lib, &backup)),
        ));
        self.open = false;
    }

    pub fn start_salvage(&mut self, library: PathBuf, dest: PathBuf) {
        self.salvaging = Some(Job::spawn("save what can be read", move |cx| {
            let report = crate::core::store::salvage::salvage_jsonl(
                &library,
                &dest,
                true,
                cx.cancel_flag(),
                &mut |d, t| cx.report((d, t)),
            )?;
            Ok((dest, report))
        }));
    }

    pub fn is_busy(&self) -> bool {
        self.listing.is_some()
            || self.check.is_some()
            || self.restoring.is_some()
            || self.salvaging.is_some()
    }

    /// Collects finished work. `mark` records damage on the open library.
    pub fn poll(&mut self, mark: &dyn Fn(&str)) -> Vec<Finished> {
        let mut done = Vec::new();
        if let Some(job) = &mut self.listing
            && let Some(result) = job.try_result()
        {
            self.listing = None;
            self.backups = result.unwrap_or_default();
        }
        if let Some(job) = &mut self.check {
            job.progress();
            if let Some(result) = job.try_result() {
                self.check = None;
                if let Ok(report) = result
                    && let Some(problem) = report.problems.first()
                {
                    mark(problem);
                    done.push(Finished::Damaged(problem.clone()));
                }
            }
        }
        if let Some((library, job)) = &mut self.restoring
            && let Some(result) = job.try_result()
        {
            let library = library.clone();
            self.restoring = None;
            let message = match result {
                Ok(Some(aside)) => Ok(format!(
                    "Restored the library from the backup; the replaced file is kept as {}",
                    aside.display()
                )),
                Ok(None) => Ok("Restored the library from the backup".to_string()),
                Err(e) => Err(format!("Restore failed: {e}")),
            };
            if message.is_ok() {
                self.failed = None;
            }
            done.push(Finished::Restored(library, message));
        }
        if let Some(job) = &mut self.salvaging {
            job.progress();
            if let Some(result) = job.try_result() {
                self.salvaging = None;
                done.push(Finished::Salvaged(match result {
                    Ok((dest, report)) => Ok(format!(
                        "{} Written to {}.",
                        report.summary(),
                        dest.display()
                    )),
                    Err(crate::core::Error::Cancelled) => Err("Saving was stopped".into()),
                    Err(e) => Err(format!("Cannot save what can be read: {e}")),
                }));
            }
        }
        done
    }
}

/// The banner above a damaged library (the app is read-only meanwhile).
pub fn banner(ui: &mut egui::Ui, damage: &Damage, salvaging: bool, commands: &mut Commands) {
    let danger = crate::gui::theme::error_text(ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(danger.gamma_multiply(0.15))
        .stroke(egui::Stroke::new(1.0, danger))
        .inner_margin(egui::Margin::symmetric(10, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new("⚠ This library file is damaged.")
                        .strong()
                        .color(danger),
                );
                ui.label(
                    "corpusdesk no longer writes to it; you can still read, search and export what it holds.",
                );
            });
            ui.label(
                RichText::new(format!(
                    "Noticed {}. SQLite reports: {}",
                    damage.since_text(),
                    sentence(&damage.detail)
                ))
                .weak(),
            );
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                actions(ui, salvaging, commands);
            });
        });
}

/// The way-out buttons, shared by the banner and the failed-open screen.
pub fn actions(ui: &mut egui::Ui, salvaging: bool, commands: &mut Commands) {
    if ui
        .button("Restore from a backup…")
        .on_hover_text(
            "Replace the file with one of its automatic backups (the damaged file is kept aside)",
        )
        .clicked()
    {
        commands.push(RecoveryCommand::OpenRestore);
    }
    if ui
        .add_enabled(!salvaging, egui::Button::new("Save what can be read…"))
        .on_hover_text("Write every document that can still be read to a JSONL file you can import into a new library")
        .clicked()
    {
        commands.push(RecoveryCommand::SalvageDialog);
    }
    if ui
        .button("Open another library…")
        .on_hover_text("Open or create another library file")
        .clicked()
    {
        commands.push(LibraryCommand::OpenLibraryDialog);
    }
}

/// SQLite's words, capitalised as the start of a sentence.
fn sentence(detail: &str) -> String {
    if detail.is_empty() {
        "SQLite reported damage".into()
    } else {
        crate::core::counts::capitalised(detail)
    }
}

/// The Restore from backup window.
pub fn window(ctx: &egui::Context, state: &mut RecoveryState, commands: &mut Commands) {
    if !state.open {
        return;
    }
    let Some(library) = state.library.clone() else {
        state.open = false;
        return;
    };
    let mut open = true;
    egui::Window::new("Restore from backup")
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(560.0)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .show(ctx, |ui| {
            ui.label(format!(
                "Backups of {} in {}",
                library.file_name().unwrap_or_default().to_string_lossy(),
                backups::folder(&library).display()
            ));
            ui.label(
                RichText::new(
                    "Restoring replaces the library with the backup. The current file is kept beside it as …before-restore, never deleted.",
                )
                .weak(),
            );
            if ui
                .button("Choose a backup file…")
                .on_hover_text("Restore from a backup kept elsewhere (another disk, a copy you made)")
                .clicked()
            {
                commands.push(RecoveryCommand::RestoreFileDialog);
            }
            ui.add_space(6.0);
            if state.listing.is_some() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading the backups…");
                });
                return;
            }
            if state.backups.is_empty() {
                ui.label(
                    "No backups yet. corpusdesk backs a library up automatically once a day while it is used, when you close it after changes, and before emptying the trash or resolving many clusters.",
                );
                return;
            }
            egui::Grid::new("backups")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.strong("Taken");
                    ui.strong("Documents");
                    ui.strong("Size");
                    ui.label("");
                    ui.end_row();
                    for (i, b) in state.backups.iter().enumerate() {
                        ui.label(b.created_text())
                            .on_hover_text(b.path.display().to_string());
                        ui.label(match b.documents {
                            Some(n) => thousands(n.max(0) as usize),
                            None => "unreadable".into(),
                        });
                        ui.label(crate::core::counts::human_size(b.size));
                        let label = if i == 0 { "Restore (newest)" } else { "Restore" };
                        if ui
                            .add_enabled(b.documents.is_some(), egui::Button::new(label))
                            .clicked()
                        {
                            commands.push(RecoveryCommand::RestoreBackup(b.path.clone()));
                        }
                        ui.end_row();
                    }
                });
        });
    if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.open = false;
    }
}

/// A restore in progress: the library is closed meanwhile.
pub fn restoring(ui: &mut egui::Ui) {
    ui.centered_and_justified(|ui| {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Restoring the library from the backup…");
        });
    });
}
