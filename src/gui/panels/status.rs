//! The status bar: counts, and the running job with its progress and Cancel.

use crate::gui::view_state::Central;
use egui::{ProgressBar, Ui};

use crate::core::dedup::RunProgress;
use crate::core::import::Progress;
use crate::gui::command::{Command, Commands, LibraryCommand, ReviewCommand, ViewCommand};

use crate::core::counts::thousands;

/// The library's counts as the status bar shows them.
pub struct Counts {
    pub total: usize,
    /// Rows the filter shows, when a filter is on (the trash is no filter).
    pub shown: Option<usize>,
    pub selected: usize,
    pub in_trash: usize,
}

/// What the status bar reads: counts (none without a library) and the
/// running jobs' progress.
pub struct StatusView<'a> {
    pub counts: Option<Counts>,
    /// A duplicate search running behind the library view.
    pub dedup: Option<&'a RunProgress>,
    pub import: Option<&'a Progress>,
    /// An upgraded library's dates being re-read: (done, total).
    pub rederive: Option<(usize, usize)>,
    /// The search index catching up: (done, total).
    pub indexing: Option<(u64, u64)>,
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
                let fraction = if p.total == 0 {
                    0.0
                } else {
                    p.done as f32 / p.total as f32
                };
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width(ui.available_width().min(320.0))
                        .text(format!("Duplicates: {}", p.text())),
                );
            });
        }
        if let Some((done, total)) = v.indexing {
            stoppable(
                ui,
                StopBar {
                    done: done as usize,
                    total: total as usize,
                    what: "Indexing for search",
                    about: "The search index beside the library is brought in step with it; searches answer when it is done",
                    stop: "Stop for now; the index catches up the next time it is needed",
                    command: LibraryCommand::CancelIndexing.into(),
                },
                commands,
            );
        }
        if let Some((done, total)) = v.rederive {
            stoppable(
                ui,
                StopBar {
                    done,
                    total,
                    what: "Re-reading dates and titles",
                    about: "This library was made by an earlier version: its dates and titles are read again under the current rules (manual ones stay)",
                    stop: "Stop for now; the rest is re-read the next time the library opens",
                    command: LibraryCommand::CancelRederive.into(),
                },
                commands,
            );
        }
        if let Some(p) = v.import {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop the import; what is imported stays")
                    .clicked()
                {
                    commands.push(LibraryCommand::CancelImport);
                }
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

/// A background job that can stop and go on later: its bar and *Stop*.
struct StopBar {
    done: usize,
    total: usize,
    /// "Indexing for search", before "12 / 40".
    what: &'static str,
    /// The bar's tooltip.
    about: &'static str,
    /// *Stop*'s tooltip.
    stop: &'static str,
    command: Command,
}

fn stoppable(ui: &mut Ui, bar: StopBar, commands: &mut Commands) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if ui.button("Stop").on_hover_text(bar.stop).clicked() {
            commands.push(bar.command);
        }
        let fraction = if bar.total == 0 {
            0.0
        } else {
            bar.done as f32 / bar.total as f32
        };
        ui.add(
            ProgressBar::new(fraction)
                .desired_width(ui.available_width().min(360.0))
                .text(format!(
                    "{} {} / {}",
                    bar.what,
                    thousands(bar.done),
                    thousands(bar.total)
                )),
        )
        .on_hover_text(bar.about);
    });
}
