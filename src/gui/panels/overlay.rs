//! Drag-and-drop: an overlay while files hover over the window, and an
//! import when they are dropped.

use egui::{Align2, Color32, Context, FontId, Id, LayerId, Order};

use crate::gui::app::CorpusApp;
use crate::gui::command::Command;

pub fn ui(app: &mut CorpusApp, ctx: &Context) {
    let hovered = ctx.input(|i| i.raw.hovered_files.len());
    if hovered > 0 {
        let text = match app.library_name() {
            Some(name) if hovered == 1 => format!("Drop to import into “{name}”"),
            Some(name) => format!("Drop to import {hovered} items into “{name}”"),
            None => "Open a library first to import files".to_string(),
        };
        let painter = ctx.layer_painter(LayerId::new(Order::Foreground, Id::unique("drop-overlay")));
        let rect = ctx.content_rect();
        painter.rect_filled(rect, 0.0, Color32::from_black_alpha(170));
        painter.rect_stroke(
            rect.shrink(12.0),
            8.0,
            egui::Stroke::new(3.0, Color32::from_rgb(242, 142, 43)),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(26.0),
            Color32::WHITE,
        );
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
        app.commands.push(Command::Import(dropped));
    }
}
