//! The autocode dialog.

use egui::RichText;

use super::PassagesState;
use crate::core::counts::thousands;
use crate::gui::command::{CodeCommand, Commands};
use crate::gui::theme;

/// The autocode dialog: a search, a tag, what to code around each hit;
/// the count runs in the background (progress, Cancel), then the app asks.
pub fn autocode_window(ctx: &egui::Context, state: &mut PassagesState, commands: &mut Commands) {
    let Some(d) = &mut state.autocode else {
        return;
    };
    let mut open = true;
    let mut close = false;
    let planning = state.planning.as_mut().map(|(_, job)| job.last());
    egui::Window::new("Code search hits")
        .id(egui::Id::unique("autocode-window"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(
                RichText::new("Every hit in the documents in view, coded in one step (Edit → Undo takes it back).")
                    .weak(),
            );
            egui::Grid::new("autocode-grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let l = ui.label("Search for");
                    ui.add(
                        egui::TextEdit::singleline(&mut d.query)
                            .hint_text("a word, a \"phrase\" or a prefix*")
                            .desired_width(260.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Code with");
                    ui.add(
                        egui::TextEdit::singleline(&mut d.tag)
                            .hint_text("a tag (new or existing)")
                            .desired_width(260.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    ui.label("Code");
                    ui.horizontal(|ui| {
                        for u in crate::core::coding::Unit::ALL {
                            ui.radio_value(&mut d.unit, u, u.label());
                        }
                    });
                    ui.end_row();
                });
            if let Some(e) = &d.error {
                ui.label(RichText::new(e).color(theme::error_text(ui.visuals().dark_mode)));
            }
            ui.horizontal(|ui| {
                if let Some(progress) = planning {
                    let (done, total) = progress.unwrap_or((0, 0));
                    ui.add(
                        egui::ProgressBar::new(crate::core::counts::fraction(done, total))
                            .desired_width(200.0)
                            .text(format!("Counting {} / {}", thousands(done), thousands(total))),
                    );
                    if ui.button("Cancel").clicked() {
                        commands.push(CodeCommand::CancelAutocode);
                    }
                } else {
                    let ready = !d.query.trim().is_empty() && !d.tag.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new("Count hits…"))
                        .on_hover_text("Count what would be coded, then say yes or no")
                        .clicked()
                    {
                        d.error = None;
                        commands.push(CodeCommand::PlanAutocode {
                            query: d.query.trim().to_string(),
                            tag: d.tag.trim().to_string(),
                            unit: d.unit,
                        });
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            });
        });
    if close || !open {
        if let Some((_, job)) = state.planning.take() {
            job.cancel();
        }
        state.autocode = None;
    }
}
