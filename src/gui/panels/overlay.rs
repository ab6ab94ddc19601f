//! Drag-and-drop: an overlay while files hover over the window, and an
//! import when they are dropped.

use egui::{Context, Id, Order, RichText};

use crate::gui::command::{Commands, LibraryCommand};
use crate::gui::theme;

/// `library`: the open library's name, for the overlay's text;
/// `tag_folders`: whether folders will become tags (said under it).
pub fn ui(ctx: &Context, library: Option<&str>, tag_folders: bool, commands: &mut Commands) {
    let hovered = ctx.input(|i| i.raw.hovered_files.len());
    if hovered > 0 {
        let text = match library {
            Some(name) if hovered == 1 => format!("Drop to import into “{name}”"),
            Some(name) => format!("Drop to import {hovered} items into “{name}”"),
            None => "Open a library first to import files".to_string(),
        };
        let rect = ctx.content_rect();
        egui::Area::new(Id::unique("drop-overlay"))
            .order(Order::Foreground)
            .fixed_pos(rect.min)
            .interactable(false)
            .show(ctx, |ui| {
                let painter = ui.painter();
                painter.rect_filled(rect, 0.0, theme::OVERLAY_SHADE);
                painter.rect_stroke(
                    rect.shrink(12.0),
                    8.0,
                    egui::Stroke::new(3.0, theme::OVERLAY_ACCENT),
                    egui::StrokeKind::Inside,
                );
                ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                    ui.vertical_centered(|ui| {
                        ui.add_space((rect.height() / 2.0 - 40.0).max(0.0));
                        ui.label(RichText::new(text).size(26.0).color(theme::OVERLAY_TEXT));
                        if library.is_some() {
                            let note = if tag_folders {
                                "Sub-folders become tags (File → Tag documents with their folders)"
                            } else {
                                "Sub-folders are not tags (File → Tag documents with their folders)"
                            };
                            ui.label(RichText::new(note).size(15.0).color(theme::OVERLAY_TEXT));
                        }
                    });
                });
            });
    }
    let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if !dropped.is_empty() {
        commands.push(LibraryCommand::Import(dropped));
    }
}
