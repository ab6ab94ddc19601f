//! The status bar: counts, and the running job with its progress and Cancel.

use crate::gui::view_state::Central;
use egui::{ProgressBar, Ui};

use crate::core::dedup::RunProgress;
use crate::gui::command::{Commands, LibraryCommand, ReviewCommand, ViewCommand};

use crate::core::counts::thousands;

/// The library's counts as the status bar shows them.
pub struct Counts {
    pub total: usize,
    /// Rows the filter shows, when a filter is on (the trash is no filter).
    pub shown: Option<usize>,
    pub selected: usize,
    pub in_trash: usize,
}

/// The app's kinds of background job; at most one of each runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Import,
    Backup,
    AutoBackup,
    Rederive,
    Indexing,
    /// Reading documents for people, organisations and places.
    Entities,
    /// Reading scanned pages by OCR.
    Ocr,
    /// Looking for Tesseract, its languages and the OCR queue.
    OcrProbe,
    KwicExport,
    PassagesExport,
}

/// A running job's line in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct JobStatus {
    pub kind: JobKind,
    /// "Importing 12 / 40 files  report.txt".
    pub text: String,
    /// Done, from 0 to 1.
    pub fraction: f32,
    /// The bar's tooltip.
    pub about: &'static str,
    /// The stop button's label ("Cancel", "Stop") and its tooltip.
    pub stop: (&'static str, &'static str),
    /// The bar's widest width.
    pub width: f32,
}

/// What the status bar reads: counts (none without a library) and the
/// running jobs' progress.
pub struct StatusView<'a> {
    pub counts: Option<Counts>,
    /// A duplicate search running behind the library view.
    pub dedup: Option<&'a RunProgress>,
    /// The app's jobs that show a line.
    pub jobs: Vec<JobStatus>,
}

pub fn ui(ui: &mut Ui, v: &StatusView, commands: &mut Commands) {
    ui.horizontal(|ui| {
        match &v.counts {
            Some(s) => {
                ui.label(crate::core::counts::documents(s.total));
                if let Some(shown) = s.shown {
                    ui.separator();
                    ui.label(format!("{} shown", thousands(shown)));
                }
                let selected = s.selected;
                if selected > 0 {
                    ui.separator();
                    ui.label(format!("{} selected", thousands(selected)));
                }
                if s.in_trash > 0 {
                    ui.separator();
                    let text = format!("{} in the trash", thousands(s.in_trash));
                    if ui
                        .link(text)
                        .on_hover_text("Show the trash: restore documents or empty it")
                        .clicked()
                    {
                        commands.push(ViewCommand::Show(Central::Trash));
                    }
                }
            }
            None => {
                ui.label("No library open");
            }
        }
        if let Some(p) = v.dedup {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Stop")
                    .on_hover_text("Stop looking for duplicates; nothing is changed")
                    .clicked()
                {
                    commands.push(ReviewCommand::Cancel);
                }
                let fraction = crate::core::counts::fraction(p.done, p.total);
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width(ui.available_width().min(320.0))
                        .text(format!("Duplicates: {}", p.text())),
                );
            });
        }
        for job in &v.jobs {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (label, tip) = job.stop;
                if ui.button(label).on_hover_text(tip).clicked() {
                    commands.push(LibraryCommand::CancelJob(job.kind));
                }
                ui.add(
                    ProgressBar::new(job.fraction)
                        .desired_width(ui.available_width().min(job.width))
                        .text(job.text.as_str()),
                )
                .on_hover_text(job.about);
            });
        }
    });
}
