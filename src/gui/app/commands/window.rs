//! Window commands: quit, Esc, the settings and help windows, folders
//! shown in the file manager.

use std::path::PathBuf;

use egui::{Context, ViewportCommand};

use super::super::CorpusApp;

#[derive(Debug, Clone, PartialEq)]
pub enum WindowCommand {
    Quit,
    /// Esc: close the topmost window or question, else clear the search.
    Escape,
    OpenSettings,
    /// The Settings window changed something: apply it to the app.
    ApplySettings,
    OpenShortcuts,
    OpenAbout,
    OpenLogFolder,
    /// Show a folder in the file manager.
    OpenFolder(PathBuf),
}

impl CorpusApp {
    pub(super) fn run_window(&mut self, ctx: &Context, cmd: WindowCommand) {
        match cmd {
            WindowCommand::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            WindowCommand::Escape => self.escape(),
            WindowCommand::OpenSettings => self.windows.settings = true,
            WindowCommand::ApplySettings => self.apply_settings(ctx),
            WindowCommand::OpenShortcuts => self.windows.shortcuts = true,
            WindowCommand::OpenAbout => self.windows.about = true,
            WindowCommand::OpenLogFolder => {
                if let Some(dir) = crate::gui::log_folder() {
                    self.open_folder(dir);
                }
            }
            WindowCommand::OpenFolder(path) => self.open_folder(path),
        }
    }

    pub(in crate::gui::app) fn open_folder(&mut self, dir: PathBuf) {
        if let Err(e) = crate::gui::panels::export::open_folder(&dir) {
            self.notices
                .push(format!("Cannot open {}: {e}", dir.display()));
        }
    }

    /// Esc: closes the topmost window or question; with none open, clears
    /// the search.
    fn escape(&mut self) {
        if self.confirm.take().is_some() {
            return;
        }
        if self.export.confirm.take().is_some()
            || self.tags.dialog.take().is_some()
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
}
