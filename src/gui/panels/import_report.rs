//! The report at the end of an import, and dismissible error notices.

use egui::{Context, RichText, ScrollArea};

use crate::core::counts::thousands;
use crate::core::import::ImportReport;
use crate::gui::command::{Commands, EditCommand, LibraryCommand};
use crate::gui::notices::Toast;
use crate::gui::theme;

/// The scans this import queued for OCR: being read, or what to install.
fn scans(
    ui: &mut egui::Ui,
    report: &ImportReport,
    ocr: &super::ocr::OcrState,
    running: bool,
    commands: &mut Commands,
) {
    ui.label(format!(
        "Scans waiting for OCR: {}",
        thousands(report.scans.len())
    ))
    .on_hover_text(
        "PDF pages without a text layer and images: their text is read by OCR \
         (Tesseract); their documents come when it is read",
    );
    let missing = ocr.refused.clone().or_else(|| ocr.missing());
    match (&missing, running) {
        (_, true) => {
            ui.label(RichText::new("Being read by OCR now (progress in the status bar)").weak());
        }
        (Some(missing), false) => {
            let (what, command) = missing
                .split_once(crate::core::ocr::tools::INSTALL_WITH)
                .unwrap_or((missing.as_str(), ""));
            ui.label(
                RichText::new(format!("{what}: everything else imported."))
                    .color(ui.visuals().warn_fg_color),
            );
            ui.horizontal_wrapped(|ui| {
                ui.label("Install them with:");
                ui.add(egui::Label::new(RichText::new(command).monospace()).selectable(true));
                if ui.small_button("Copy command").clicked() {
                    ui.ctx().copy_text(command.to_string());
                }
            });
            ui.label(RichText::new("Then File → Scanned documents (OCR)… reads them.").weak());
        }
        (None, false) => {}
    }
    reasons(
        ui,
        "scans",
        &report
            .scans
            .iter()
            .map(|p| crate::core::import::Rejection {
                path: p.clone(),
                reason: "waiting for OCR".into(),
            })
            .collect::<Vec<_>>(),
        120.0,
    );
    if ui
        .button("Scanned documents…")
        .on_hover_text("What waits for OCR, the languages tried, running it")
        .clicked()
    {
        commands.push(super::super::command::OcrCommand::Open);
    }
}

/// The window's state is the report itself: closing it drops the report.
pub fn ui(
    ctx: &Context,
    report_state: &mut Option<ImportReport>,
    ocr: &super::ocr::OcrState,
    ocr_running: bool,
    commands: &mut Commands,
) {
    let Some(report) = report_state.as_ref() else {
        return;
    };
    let mut open = true;
    let mut close = false;
    let mut show = None;
    let mut restore = None;
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
            if report.other_publications > 0 {
                ui.label(format!(
                    "    of which other publications of a text already in the library: {}",
                    thousands(report.other_publications)
                ))
                .on_hover_text(
                    "The same text from a source that states another date, outlet, title or \
                     byline is kept as a document of its own, so the timeline and the story \
                     across outlets show every publication. Find duplicates groups them as \
                     exact duplicates (100 %).",
                );
            }
            if report.masthead_titles > 0 {
                ui.label(format!(
                    "Titles that were an outlet's masthead, now the headline below it: {}",
                    thousands(report.masthead_titles)
                ))
                .on_hover_text(
                    "A first line that heads many documents of one outlet (its name, a \
                     section) is no headline; the masthead is kept in the metadata.",
                );
            }
            let folded = report.already_present - report.already_imported;
            if report.repeated > 0 {
                ui.label(format!(
                    "The same text twice in this import: {}",
                    thousands(report.repeated)
                ))
                .on_hover_text(
                    "Files or rows with the text of another file of this import, with \
                     nothing stated otherwise: added to its document as another source",
                );
            }
            if !report.in_trash.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "In the trash: {}",
                        crate::core::counts::documents(report.in_trash.len())
                    ))
                    .on_hover_text(
                        "These files (or their texts) were imported before and their \
                         documents are in the trash: nothing new was imported for them",
                    );
                    if ui
                        .button("Restore them")
                        .on_hover_text("Bring these documents back from the trash (undoable)")
                        .clicked()
                    {
                        restore = Some(report.in_trash.clone());
                    }
                });
            }
            ui.label(format!(
                "Already in the library: {}",
                thousands(report.already_present)
            ))
            .on_hover_text(format!(
                "{} imported before (the same file, unchanged); {} the same text as a \
                 document in the library, with nothing stated otherwise: added to it as \
                 another source",
                thousands(report.already_imported),
                thousands(folded)
            ));
            ui.label(format!("Not imported: {}", thousands(report.errors.len())));
            if !report.errors.is_empty() {
                ui.add_space(theme::SECTION_GAP);
                reasons(ui, "rejected", &report.errors, 260.0);
            }
            if !report.scans.is_empty() {
                ui.add_space(theme::SECTION_GAP);
                scans(ui, report, ocr, ocr_running, commands);
            }
            if !report.projects.is_empty() {
                ui.add_space(theme::SECTION_GAP);
                ui.label("From REFI-QDA projects:");
                reasons(ui, "projects", &report.projects, 160.0);
            }
            if !report.notes.is_empty() {
                ui.add_space(theme::SECTION_GAP);
                ui.label(format!(
                    "Imported with a note: {}",
                    thousands(report.notes.len())
                ));
                reasons(ui, "noted", &report.notes, 160.0);
            }
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                if let Some(batch) = report.batch
                    && report.imported > 0
                    && ui
                        .button("Show imported")
                        .on_hover_text("List only the documents this import added")
                        .clicked()
                {
                    show = Some(batch);
                }
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
        *report_state = None;
    }
    if let Some(batch) = show {
        commands.push(LibraryCommand::ShowBatch(Some(batch)));
    }
    if let Some(ids) = restore {
        if let Some(r) = report_state.as_mut() {
            r.in_trash.clear();
        }
        commands.push(EditCommand::RestoreDocuments(ids));
    }
}

/// Files with their reasons (rejected, or imported with a note), scrolled.
fn reasons(ui: &mut egui::Ui, id: &str, list: &[crate::core::import::Rejection], height: f32) {
    ScrollArea::vertical()
        .id_salt(format!("{id}-scroll"))
        .max_height(height)
        .show(ui, |ui| {
            egui::Grid::new(id).striped(true).show(ui, |ui| {
                for e in list {
                    ui.label(crate::gui::widgets::elide_middle(&e.path, 48))
                        .on_hover_text(&e.path);
                    ui.label(RichText::new(&e.reason).weak());
                    ui.end_row();
                }
            });
        });
}

/// Errors and news until dismissed, and the toast after the latest bulk
/// change (its Undo or Redo button sends the command).
pub fn notices(
    ctx: &Context,
    errors: &mut Vec<String>,
    infos: &mut Vec<String>,
    toast: &mut Option<Toast>,
    commands: &mut Commands,
) {
    let now = ctx.input(|i| i.time);
    if let Some(t) = toast {
        let since = *t.since.get_or_insert(now);
        if now - since > Toast::SHOWN_FOR {
            *toast = None;
        }
    }
    if errors.is_empty() && infos.is_empty() && toast.is_none() {
        return;
    }
    let mut toast_clicked = None;
    let mut toast_closed = false;
    let mut dismiss = None;
    let mut dismiss_info = None;
    egui::Area::new(egui::Id::unique("notices"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            // Wrapped within the window: a long notice grows downwards
            // rather than past the window's left edge.
            let width = (ctx.content_rect().width() - 40.0).clamp(160.0, 460.0);
            if let Some(t) = toast.as_ref() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(width);
                    ui.add(egui::Label::new(&t.text).wrap());
                    ui.horizontal(|ui| {
                        let (label, cmd) = t.button();
                        if ui.button(label).clicked() {
                            toast_clicked = Some(cmd);
                        }
                        if ui.small_button("Dismiss").clicked() {
                            toast_closed = true;
                        }
                    });
                });
            }
            for (i, info) in infos.iter().enumerate() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(width);
                    ui.add(egui::Label::new(info.as_str()).wrap());
                    if ui.small_button("Dismiss").clicked() {
                        dismiss_info = Some(i);
                    }
                });
            }
            for (i, notice) in errors.iter().enumerate() {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(width);
                    let dark = ui.visuals().dark_mode;
                    ui.add(
                        egui::Label::new(RichText::new(notice).color(theme::error_text(dark)))
                            .wrap(),
                    );
                    if ui.small_button("Dismiss").clicked() {
                        dismiss = Some(i);
                    }
                });
            }
        });
    if let Some(cmd) = toast_clicked {
        *toast = None;
        commands.push(cmd);
    }
    if toast_closed {
        *toast = None;
    }
    if let Some(i) = dismiss {
        errors.remove(i);
    }
    if let Some(i) = dismiss_info {
        infos.remove(i);
    }
}
