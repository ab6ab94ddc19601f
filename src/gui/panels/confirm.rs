//! The question before a destructive action: what it touches, how many,
//! and a button that names the action. Esc or a click outside says no.

use egui::{Context, RichText};

use crate::gui::command::{Command, Commands};
use crate::gui::notices::Confirm;

/// Draws the open question; on an answer it is closed, and a yes sends its
/// command as confirmed.
pub fn ui(confirm: &mut Option<Confirm>, ctx: &Context, commands: &mut Commands) {
    let Some(c) = confirm.as_ref() else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.label(RichText::new(&c.title).heading());
        ui.add_space(6.0);
        ui.label(&c.body);
        ui.add_space(12.0);
        let mut answer = None;
        ui.horizontal(|ui| {
            if ui.button(&c.yes).clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
        answer
    });
    let answer = modal.inner.or(modal.should_close().then_some(false));
    if let Some(yes) = answer {
        if yes && let Some(c) = confirm.take() {
            commands.push(Command::Confirmed(Box::new(c.then)));
        }
        *confirm = None;
    }
}
