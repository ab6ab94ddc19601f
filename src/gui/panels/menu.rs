//! The menu bar: File and Edit.

use egui::{Button, Ui};

use crate::gui::app::CorpusApp;
use crate::gui::command::{self, Command};

fn item(
    ui: &mut Ui,
    label: &str,
    shortcut: Option<&egui::KeyboardShortcut>,
    enabled: bool,
) -> bool {
    let mut button = Button::new(label);
    if let Some(s) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    ui.add_enabled(enabled, button).clicked()
}

pub fn ui(app: &mut CorpusApp, ui: &mut Ui) {
    let has_library = app.session.is_some();
    let importing = app.is_importing();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if item(ui, "New library…", None, true) {
                app.commands.push(Command::NewLibrary);
            }
            if item(ui, "Open library…", Some(&command::OPEN), true) {
                app.commands.push(Command::OpenLibraryDialog);
            }
            let recent: Vec<_> = app.settings.recent_libraries.clone();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Recent libraries", |ui| {
                    for path in recent {
                        let label = path.display().to_string();
                        if ui.button(label).clicked() {
                            app.commands.push(Command::OpenLibrary(path));
                        }
                    }
                });
            });
            ui.separator();
            if item(
                ui,
                "Import files…",
                Some(&command::IMPORT_FILES),
                has_library && !importing,
            ) {
                app.commands.push(Command::ImportFilesDialog);
            }
            if item(
                ui,
                "Import folder…",
                Some(&command::IMPORT_FOLDER),
                has_library && !importing,
            ) {
                app.commands.push(Command::ImportFolderDialog);
            }
            ui.separator();
            if item(ui, "Quit", Some(&command::QUIT), true) {
                app.commands.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            if item(ui, "Undo", Some(&command::UNDO), has_library) {
                app.commands.push(Command::Undo);
            }
            if item(ui, "Redo", Some(&command::REDO), has_library) {
                app.commands.push(Command::Redo);
            }
            ui.separator();
            if item(ui, "Find", Some(&command::FIND), has_library) {
                app.commands.push(Command::FocusSearch);
            }
            if item(ui, "Select all", Some(&command::SELECT_ALL), has_library) {
                app.commands.push(Command::SelectAll);
            }
            let selected = app.session.as_ref().map_or(0, |s| s.view.selected_count());
            if item(ui, "Move to trash", Some(&command::TRASH), selected > 0) {
                app.commands.push(Command::TrashSelection);
            }
        });
    });
}
