//! What the central area shows when there is nothing to list.

use crate::gui::view_state::Central;
use egui::{RichText, Ui};

use crate::gui::command::{Commands, LibraryCommand, ViewCommand};
use crate::gui::theme;

/// An open library with nothing in it (`in_trash`: documents in its trash).
pub fn empty_library(ui: &mut Ui, in_trash: usize, commands: &mut Commands) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.25);
        ui.heading("Your library is empty");
        ui.add_space(theme::SECTION_GAP);
        ui.label("Drop text files or folders onto this window to import them,");
        ui.label("or choose what to import:");
        ui.add_space(theme::SECTION_GAP);
        ui.horizontal(|ui| {
            let width = 2.0 * 140.0 + ui.spacing().item_spacing.x;
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            if ui
                .add_sized([140.0, 28.0], egui::Button::new("Import files…"))
                .clicked()
            {
                commands.push(LibraryCommand::ImportFilesDialog);
            }
            if ui
                .add_sized([140.0, 28.0], egui::Button::new("Import folder…"))
                .clicked()
            {
                commands.push(LibraryCommand::ImportFolderDialog);
            }
        });
        ui.add_space(theme::SECTION_GAP);
        ui.label(
            RichText::new(
                "Text in any encoding, JSONL, CSV and JSON corpora, saved web pages, Word, \
                 OpenDocument, PDF and RTF files, e-mail, and LexisNexis, Nexis Uni and \
                 Factiva exports (split into articles). Or drop files and folders here.",
            )
            .small()
            .weak(),
        );
        if in_trash > 0 {
            ui.add_space(theme::SECTION_GAP);
            ui.label(format!(
                "{} in the trash.",
                crate::core::counts::documents(in_trash)
            ));
            if ui.button("Open the trash").clicked() {
                commands.push(ViewCommand::Show(Central::Trash));
            }
        }
    });
}

/// No library open; `open_error` says why.
pub fn no_library(ui: &mut Ui, open_error: Option<&str>, commands: &mut Commands) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.25);
        ui.heading("No library is open");
        ui.add_space(theme::SECTION_GAP);
        if let Some(err) = open_error {
            let dark = ui.visuals().dark_mode;
            ui.label(RichText::new(err).color(theme::error_text(dark)));
            ui.add_space(theme::SECTION_GAP);
        }
        if ui.button("Open library…").clicked() {
            commands.push(LibraryCommand::OpenLibraryDialog);
        }
        if ui.button("New library…").clicked() {
            commands.push(LibraryCommand::NewLibrary);
        }
    });
}

/// Shown in the table area when the tag, date or batch filters leave nothing.
pub fn nothing_filtered(ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.label(RichText::new("No documents match these filters").weak());
    });
}

/// Shown in the table area when a search finds nothing.
pub fn no_matches(ui: &mut Ui, query: &str) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.label(RichText::new(format!("No documents match “{query}”")).weak());
    });
}
