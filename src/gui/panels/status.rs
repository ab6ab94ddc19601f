//! The status bar: counts, and the running job with its progress and Cancel.

use egui::{ProgressBar, Ui};

use crate::gui::app::CorpusApp;
use crate::gui::command::Command;

pub use crate::core::counts::thousands;

pub fn ui(app: &mut CorpusApp, ui: &mut Ui) {
    ui.horizontal(|ui| {
        match &app.session {
            Some(s) => {
                ui.label(format!("{} documents", thousands(s.total)));
                // The view state says whether a filter is on; the list holds its rows.
                if app.view.is_filtered() && !app.view.trash {
                    ui.separator();
                    ui.label(format!("{} shown", thousands(s.view.len())));
                }
                let selected = s.view.selected_count();
                if selected > 0 {
                    ui.separator();
                    ui.label(format!("{} selected", thousands(selected)));
                }
                if s.trash > 0 {
                    ui.separator();
                    let text = format!("{} in the trash", thousands(s.trash));
                    if ui
                        .link(text)
                        .on_hover_text("Show the trash: restore documents or empty it")
                        .clicked()
                    {
                        app.commands.push(Command::ShowTrash(true));
                    }
                }
            }
            None => {
                ui.label("No library open");
            }
        }
        if app.review.is_running() && !app.reviewing {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Stop")
                    .on_hover_text("Stop looking for duplicates; nothing is changed")
                    .clicked()
                {
                    app.commands.push(Command::CancelDedup);
                }
                let p = &app.review.progress;
                let fraction = if p.total == 0 {
                    0.0
                } else {
                    p.done as f32 / p.total as f32
                };
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width(ui.available_width().min(320.0))
                        .text(format!("Duplicates: {}", p.stage)),
                );
            });
        }
        if let Some(import) = &app.import {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop the import; what is imported stays")
                    .clicked()
                {
                    app.commands.push(Command::CancelImport);
                }
                let p = &import.progress;
                let fraction = if p.total == 0 {
                    0.0
                } else {
                    p.done as f32 / p.total as f32
                };
                let current = std::path::Path::new(&p.current)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let text = if p.total == 0 {
                    "Importing: looking for files…".to_string()
                } else {
                    format!(
                        "Importing {} / {} files  {current}",
                        thousands(p.done),
                        thousands(p.total)
                    )
                };
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width(ui.available_width().min(420.0))
                        .text(text),
                );
            });
        }
    });
}
