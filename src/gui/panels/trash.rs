//! The trash view's bar above the table: what the trash is, Restore,
//! Empty trash, and the way back to the library.

use crate::gui::view_state::Central;
use egui::{RichText, Ui};

use crate::core::counts::documents;
use crate::gui::command::{Commands, EditCommand, ViewCommand};

/// `in_trash`: documents in the trash; `selected`: selected rows.
pub fn bar(ui: &mut Ui, in_trash: usize, selected: usize, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Trash").heading());
        ui.label(
            RichText::new(format!(
                "{}. Documents here are left out of the library, the timeline and exports until restored.",
                documents(in_trash)
            ))
            .weak(),
        );
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(selected > 0, egui::Button::new("Restore"))
            .on_hover_text("Bring the selected documents back into the library")
            .clicked()
        {
            commands.push(EditCommand::RestoreSelection);
        }
        if ui
            .add_enabled(in_trash > 0, egui::Button::new("Empty trash…"))
            .on_hover_text("Delete every document in the trash for good (asks first)")
            .clicked()
        {
            commands.push(EditCommand::EmptyTrash);
        }
        if ui.button("Back to the library").clicked() {
            commands.push(ViewCommand::Show(Central::Library));
        }
    });
    ui.add_space(4.0);
}

/// The trash view with nothing in it.
pub fn empty(ui: &mut Ui) {
    ui.add_space(40.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new("The trash is empty").heading().weak());
        ui.add_space(6.0);
        ui.label(RichText::new("Documents you delete wait here until you empty the trash.").weak());
    });
}
