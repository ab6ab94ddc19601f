//! The menu bar: File, Edit, View and Help.

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

/// "Undo tag 'politics' on 3 documents"; long labels are cut, and with
/// nothing to take back the item reads just "Undo".
fn undo_label(verb: &str, label: &Option<String>) -> String {
    const MAX: usize = 48;
    match label {
        None => verb.to_string(),
        Some(l) if l.chars().count() > MAX => {
            format!("{verb} {}…", l.chars().take(MAX).collect::<String>())
        }
        Some(l) => format!("{verb} {l}"),
    }
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
            if item(ui, "Export…", Some(&command::EXPORT), has_library) {
                app.commands.push(Command::OpenExport);
            }
            if item(ui, "Import history…", None, has_library) {
                app.commands.push(Command::OpenImportHistory);
            }
            if item(
                ui,
                "Back up library…",
                None,
                has_library && app.backup.is_none(),
            ) {
                app.commands.push(Command::BackupDialog);
            }
            ui.separator();
            if item(ui, "Settings…", Some(&command::SETTINGS), true) {
                app.commands.push(Command::OpenSettings);
            }
            ui.separator();
            if item(ui, "Quit", Some(&command::QUIT), true) {
                app.commands.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let next = app
                .session
                .as_ref()
                .map(|s| s.next.clone())
                .unwrap_or_default();
            let (undo, redo) = (
                undo_label("Undo", &next.undo),
                undo_label("Redo", &next.redo),
            );
            if item(ui, &undo, Some(&command::UNDO), next.undo.is_some()) {
                app.commands.push(Command::Undo);
            }
            if item(ui, &redo, Some(&command::REDO), next.redo.is_some()) {
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
            if app.view.trash {
                if item(ui, "Restore from trash", None, selected > 0) {
                    app.commands.push(Command::RestoreSelection);
                }
            } else if item(ui, "Move to trash", Some(&command::TRASH), selected > 0) {
                app.commands.push(Command::TrashSelection);
            }
        });
        ui.menu_button("View", |ui| {
            let label = if app.reviewing {
                "Library"
            } else {
                "Review duplicates"
            };
            if item(ui, label, Some(&command::DUPLICATES), has_library) {
                app.commands.push(Command::ShowReview(!app.reviewing));
            }
            let timeline_label = if app.timeline.visible {
                "Hide timeline"
            } else {
                "Show timeline"
            };
            if item(ui, timeline_label, Some(&command::TIMELINE), has_library) {
                app.commands.push(Command::ToggleTimeline);
            }
            let in_trash = app.session.as_ref().map_or(0, |s| s.trash);
            let trash_label = if app.view.trash {
                "Back to the library".to_string()
            } else if in_trash > 0 {
                format!("Trash ({})", crate::core::counts::thousands(in_trash))
            } else {
                "Trash".to_string()
            };
            if item(ui, &trash_label, None, has_library) {
                app.commands.push(Command::ShowTrash(!app.view.trash));
            }
            let mut show = app.view.show_duplicates;
            if ui
                .add_enabled(
                    has_library,
                    egui::Checkbox::new(&mut show, "Show documents marked as duplicates"),
                )
                .changed()
            {
                app.commands.push(Command::IncludeMarkedDuplicates(show));
                ui.close();
            }
            ui.separator();
            let running = app.review.is_running();
            if item(ui, "Find duplicates", None, has_library && !running) {
                app.commands.push(Command::RunDedup { full: false });
                app.commands.push(Command::ShowReview(true));
            }
            if item(
                ui,
                "Search duplicates again from scratch",
                None,
                has_library && !running,
            ) {
                app.commands.push(Command::RunDedup { full: true });
                app.commands.push(Command::ShowReview(true));
            }
        });
        ui.menu_button("Help", |ui| {
            if item(ui, "Keyboard shortcuts", Some(&command::SHORTCUTS), true) {
                app.commands.push(Command::OpenShortcuts);
            }
            if item(
                ui,
                "Open log folder",
                None,
                crate::gui::log_folder().is_some(),
            ) {
                app.commands.push(Command::OpenLogFolder);
            }
            ui.separator();
            if item(ui, "About corpusdesk", None, true) {
                app.commands.push(Command::OpenAbout);
            }
        });
    });
}
