//! The report at the end of an import, and dismissible error notices.

use egui::{Context, RichText, ScrollArea};

use crate::gui::app::CorpusApp;
use crate::gui::panels::status::thousands;
use crate::gui::theme;

pub fn ui(app: &mut CorpusApp, ctx: &Context) {
    let Some(report) = &app.report else {
        return;
    };
    let mut open = true;
    let mut close = false;
    let title = if report.cancelled {
        "Import cancelled"
    } else {
        "Import finished"
    };
    egui::Window::new(title)
        .id(egui::Id::unique("import-report"))
        .open(&mut open)
        .collapsible(false)
        .resizable(true)
        .default_width(440.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label(format!("Imported: {}", thousands(report.imported)));
            ui.label(format!(
                "Already in the library: {}",
                thousands(report.already_present)
            ));
            ui.label(format!("Not imported: {}", thousands(report.errors.len())));
            if !report.errors.is_empty() {
                ui.add_space(theme::SECTION_GAP);
                ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                    egui::Grid::new("rejected").striped(true).show(ui, |ui| {
                        for e in &report.errors {
                            ui.add(egui::Label::new(&e.path).truncate())
                                .on_hover_text(&e.path);
                            ui.label(RichText::new(&e.reason).weak());
                            ui.end_row();
                        }
                    });
                });
            }
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                if !report.errors.is_empty()
                    && ui
                        .button("Copy list")
                        .on_hover_text("Copy the rejected files and reasons")
                        .clicked()
                {
                    let text: String = report
                        .errors
                        .iter()
                        .map(|e| format!("{}\t{}\n", e.path, e.reason))
                        .collect();
                    ui.ctx().copy_text(text);
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
            });
        });
    if !open || close {
        app.report = None;
    }
}

pub fn notices(app: &mut CorpusApp, ctx: &Context) {
    if app.notices.is_empty() && app.infos.is_empty() {
        return;
    }
    let mut dismiss = None;
    let mut dismiss_info = None;
    egui::Area::new(egui::Id::unique("notices"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            for (i, info) in app.infos.iter().enumerate() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    ui.horizontal(|ui| {
                        ui.label(info);
                        if ui.small_button("Dismiss").clicked() {
                            dismiss_info = Some(i);
                        }
                    });
                });
            }
            for (i, notice) in app.notices.iter().enumerate() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    ui.horizontal(|ui| {
                        let dark = ui.visuals().dark_mode;
                        ui.label(RichText::new(notice).color(theme::error_text(dark)));
                        if ui.small_button("Dismiss").clicked() {
                            dismiss = Some(i);
                        }
                    });
                });
            }
        });
    if let Some(i) = dismiss {
        app.notices.remove(i);
    }
    if let Some(i) = dismiss_info {
        app.infos.remove(i);
    }
}
