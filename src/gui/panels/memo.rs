//! The memo editor: a note on a document, a coded passage or a code (its
//! definition), saved as one undoable step.

use egui::{Context, RichText};

use crate::core::store::change::MemoTarget;
use crate::gui::command::{CodeCommand, Commands};

/// A memo being written.
#[derive(Debug, Clone, PartialEq)]
pub struct MemoDialog {
    pub target: MemoTarget,
    /// What it is on, in words ("Code 'economy'").
    pub about: String,
    pub text: String,
}

/// The editor window, while `dialog` is open.
pub fn ui(ctx: &Context, dialog: &mut Option<MemoDialog>, commands: &mut Commands) {
    let Some(d) = dialog else {
        return;
    };
    let mut open = true;
    let mut close = false;
    egui::Window::new("Memo")
        .id(egui::Id::unique("memo-window"))
        .collapsible(false)
        .resizable(true)
        .default_width(420.0)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(RichText::new(&d.about).strong());
            if matches!(d.target, MemoTarget::Tag(_)) {
                ui.label(
                    RichText::new(
                        "The code's definition: when to use it, examples, what it is not.",
                    )
                    .weak()
                    .small(),
                );
            }
            let label = ui.label("Memo text");
            let edit = ui
                .add(
                    egui::TextEdit::multiline(&mut d.text)
                        .id(egui::Id::unique("memo-text"))
                        .hint_text("Write the memo…")
                        .desired_rows(6)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if !edit.has_focus() && d.text.is_empty() {
                edit.request_focus();
            }
            ui.horizontal(|ui| {
                if ui
                    .button("Save")
                    .on_hover_text("An empty memo is deleted; Edit → Undo takes it back")
                    .clicked()
                {
                    commands.push(CodeCommand::SetMemo {
                        target: d.target,
                        text: d.text.clone(),
                    });
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if close || !open {
        *dialog = None;
    }
}
