//! The menu bar: File, Edit, View and Help, every item from the command
//! table (label, shortcut, tooltip, enabled state).

use std::path::PathBuf;

use egui::{Button, Ui};

use crate::gui::command::{Action, Commands, Context, LibraryCommand, ViewCommand};

/// What the menus read besides the command table.
pub struct MenuView<'a> {
    pub cx: Context,
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    pub recent: &'a [PathBuf],
    pub include_marked_duplicates: bool,
    /// Imports tag documents with their folders.
    pub tag_folders: bool,
}

/// One menu item for `action`; a click sends its commands.
fn item(ui: &mut Ui, action: Action, v: &MenuView, commands: &mut Commands) {
    let spec = action.spec();
    let mut button = Button::new(action.label(&v.cx, v.undo, v.redo));
    if let Some(s) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    let mut response = ui.add_enabled(action.enabled(&v.cx), button);
    if !spec.tooltip.is_empty() {
        response = response.on_hover_text(spec.tooltip);
    }
    if response.clicked() {
        commands.extend(action.commands(&v.cx));
    }
}

pub fn ui(ui: &mut Ui, v: &MenuView, commands: &mut Commands) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Action::NewLibrary, v, commands);
            item(ui, Action::OpenLibrary, v, commands);
            ui.add_enabled_ui(!v.recent.is_empty(), |ui| {
                ui.menu_button("Recent libraries", |ui| {
                    for path in v.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            commands.push(LibraryCommand::OpenLibrary(path.clone()));
                        }
                    }
                });
            });
            ui.separator();
            item(ui, Action::ImportFiles, v, commands);
            item(ui, Action::ImportFolder, v, commands);
            item(ui, Action::ImportProject, v, commands);
            item(ui, Action::ScannedDocuments, v, commands);
            let mut tag_folders = v.tag_folders;
            if ui
                .checkbox(&mut tag_folders, "Tag documents with their folders")
                .on_hover_text(
                    "Importing a folder tags each document with its sub-folder: bbc/business/001.txt imported as bbc gets the tag business (nested folders: nested tags)",
                )
                .clicked()
            {
                commands.push(LibraryCommand::SetTagFolders(tag_folders));
            }
            ui.menu_button("Export", |ui| {
                for a in [
                    Action::Export,
                    Action::ExportParquet,
                    Action::ExportProject,
                    Action::ExportCodebook,
                ] {
                    item(ui, a, v, commands);
                }
            });
            for a in [
                Action::ImportHistory,
                Action::Backup,
                Action::RestoreBackup,
            ] {
                item(ui, a, v, commands);
            }
            ui.separator();
            item(ui, Action::Settings, v, commands);
            ui.separator();
            item(ui, Action::Quit, v, commands);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, Action::Undo, v, commands);
            item(ui, Action::Redo, v, commands);
            ui.separator();
            item(ui, Action::Find, v, commands);
            item(ui, Action::BatchSearch, v, commands);
            item(ui, Action::Autocode, v, commands);
            item(ui, Action::SelectAll, v, commands);
            if v.cx.trash_view() {
                item(ui, Action::Restore, v, commands);
                item(ui, Action::EmptyTrash, v, commands);
            } else {
                item(ui, Action::Trash, v, commands);
            }
        });
        ui.menu_button("View", |ui| {
            item(ui, Action::Review, v, commands);
            item(ui, Action::Words, v, commands);
            item(ui, Action::Passages, v, commands);
            item(ui, Action::Agreement, v, commands);
            item(ui, Action::Timeline, v, commands);
            item(ui, Action::SidePanel, v, commands);
            item(ui, Action::Reader, v, commands);
            item(ui, Action::ShowTrash, v, commands);
            ui.separator();
            item(ui, Action::OcrOnly, v, commands);
            let mut show = v.include_marked_duplicates;
            if ui
                .add_enabled(
                    v.cx.has_library,
                    egui::Checkbox::new(&mut show, "Show documents marked as duplicates"),
                )
                .changed()
            {
                commands.push(ViewCommand::IncludeMarkedDuplicates(show));
                ui.close();
            }
            ui.separator();
            item(ui, Action::FindDuplicates, v, commands);
            item(ui, Action::FindDuplicatesFromScratch, v, commands);
        });
        ui.menu_button("Help", |ui| {
            item(ui, Action::Shortcuts, v, commands);
            item(ui, Action::OpenLogFolder, v, commands);
            ui.separator();
            item(ui, Action::About, v, commands);
        });
    });
}
