//! The export dialog (File → Export…, Ctrl+E): scope, duplicates, format,
//! an optional train/validation/test split; then the destination, a
//! confirmation when it exists, progress with Cancel, and a summary.

mod state;

pub use state::*;

use egui::{Context, DragValue, ProgressBar, RichText, TextEdit};

use crate::core::counts::documents;
use crate::core::counts::thousands;
use crate::core::export::{Duplicates, Format};
use crate::gui::command::{Commands, ExportCommand, WindowCommand};
use crate::gui::theme;

/// What the dialog reads besides its own state.
pub struct ExportView<'a> {
    /// Documents the current filter shows: `None` without a filter,
    /// `Some(None)` while the filter is still being applied.
    pub filtered: Option<Option<usize>>,
    pub selected: usize,
    pub tags: &'a [crate::core::store::tags::Tag],
    pub saved: &'a [crate::core::store::saved::SavedSearch],
}

/// The dialog, the question before replacing, and the summary; `state` is
/// this panel's.
pub fn ui(ctx: &Context, state: &mut ExportState, v: &ExportView, commands: &mut Commands) {
    if state.open {
        dialog(ctx, state, v, commands);
    }
    confirm(ctx, state, commands);
    summary(ctx, state, commands);
}

fn dialog(ctx: &Context, state: &mut ExportState, v: &ExportView, commands: &mut Commands) {
    let tags: Vec<(i64, String)> = v.tags.iter().map(|t| (t.id, t.name.clone())).collect();
    let running = state.is_running();
    let mut open = true;
    egui::Window::new("Export")
        .id(egui::Id::unique("export-dialog"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(440.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            let e = &mut *state;
            ui.add_enabled_ui(!running, |ui| {
                scope_ui(ui, e, v, &tags);
                options_ui(ui, e);
            });
            if let Some(err) = &e.error {
                ui.add_space(4.0);
                ui.label(RichText::new(err).color(theme::error_text(ui.visuals().dark_mode)));
            }
            ui.add_space(theme::SECTION_GAP);
            ui.separator();
            buttons(ui, e, running, commands);
        });
    if !open {
        state.cancel();
        state.open = false;
    }
}

/// Which documents: the library, the filter, the selection, tags, a saved
/// search or a date range.
fn scope_ui(ui: &mut egui::Ui, e: &mut ExportState, v: &ExportView, tags: &[(i64, String)]) {
    let (filtered, selected) = (v.filtered, v.selected);
    ui.label(RichText::new("Documents").strong());
    ui.radio_value(&mut e.scope, Scope::Library, "The whole library");
    ui.add_enabled_ui(filtered.is_some(), |ui| {
        let label = match filtered {
            Some(Some(n)) => format!("The current filter ({})", documents(n)),
            Some(None) => "The current filter (counting…)".to_string(),
            None => "The current filter (no filter is active)".to_string(),
        };
        ui.radio_value(&mut e.scope, Scope::Filter, label);
    });
    ui.add_enabled_ui(selected > 0, |ui| {
        ui.radio_value(
            &mut e.scope,
            Scope::Selection,
            format!("The selection ({})", documents(selected)),
        );
    });
    ui.add_enabled_ui(!tags.is_empty(), |ui| {
        ui.radio_value(&mut e.scope, Scope::Tags, "Documents with these tags:");
    });
    if e.scope == Scope::Tags {
        ui.indent("export-tags", |ui| {
            ui.horizontal_wrapped(|ui| {
                for (id, name) in tags {
                    let mut on = e.tags.contains(id);
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            e.tags.push(*id);
                        } else {
                            e.tags.retain(|t| t != id);
                        }
                    }
                }
            });
        });
    }
    ui.add_enabled_ui(!v.saved.is_empty(), |ui| {
        ui.radio_value(&mut e.scope, Scope::Saved, "A saved search:");
    });
    if e.scope == Scope::Saved {
        ui.indent("export-saved", |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Saved search");
                let current = v
                    .saved
                    .iter()
                    .find(|s| Some(s.id) == e.saved)
                    .map_or("choose…".to_string(), |s| s.name.clone());
                egui::ComboBox::from_id_salt("export-saved-choice")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for s in v.saved {
                            ui.selectable_value(&mut e.saved, Some(s.id), &s.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
        });
    }
    ui.radio_value(&mut e.scope, Scope::Dates, "Documents dated in a range:");
    if e.scope == Scope::Dates {
        ui.indent("export-dates", |ui| {
            ui.horizontal(|ui| {
                let from = ui.label("From");
                ui.add(
                    TextEdit::singleline(&mut e.from)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(100.0),
                )
                .labelled_by(from.id);
                let to = ui.label("to");
                ui.add(
                    TextEdit::singleline(&mut e.to)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(100.0),
                )
                .labelled_by(to.id);
            });
        });
    }
}

/// Duplicates, format and the train / validation / test split.
fn options_ui(ui: &mut egui::Ui, e: &mut ExportState) {
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Duplicates").strong());
    ui.radio_value(
        &mut e.duplicates,
        Duplicates::LeaveOutMarked,
        "Leave out documents marked as duplicates",
    );
    ui.radio_value(
        &mut e.duplicates,
        Duplicates::KeepersOnly,
        "One per cluster: only each cluster's keeper",
    );
    ui.radio_value(
        &mut e.duplicates,
        Duplicates::IncludeMarked,
        "Include the marked duplicates",
    );
    ui.add_space(theme::SECTION_GAP);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Format").strong());
        egui::ComboBox::from_id_salt("export-format")
            .selected_text(e.format.label())
            .width(260.0)
            .show_ui(ui, |ui| {
                for f in Format::ALL {
                    ui.selectable_value(&mut e.format, f, f.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    match e.format {
        Format::Qdpx => {
            ui.label(
                RichText::new(
                    "For NVivo, MAXQDA, ATLAS.ti, QualCoder: the texts, tags as codes, coded \
                     passages by coder, memos as notes, metadata as case variables; saved \
                     searches, imports and duplicate clusters as sets.",
                )
                .small(),
            );
        }
        Format::Qdc => {
            ui.label(
                RichText::new(
                    "The tags alone, with their colours and memos (definitions): \
                     no documents.",
                )
                .small(),
            );
        }
        Format::Entities => {
            ui.label(
                RichText::new(
                    "One row per person, organisation or place a document names: document, \
                     title, date, the entity's name and type, the name as written, where.",
                )
                .small(),
            );
        }
        Format::Parquet => {
            ui.label(
                RichText::new(
                    "For pandas, polars, DuckDB, Spark and Hugging Face datasets: Dolma-style \
                     columns (id, text, source, added, created, metadata) with title, date, \
                     language, tags, duplicate cluster and keeper; zstd-compressed.",
                )
                .small(),
            );
            ui.horizontal(|ui| {
                let l = ui.label("Rows per file");
                ui.add(
                    DragValue::new(&mut e.shard_rows)
                        .range(0..=100_000_000)
                        .speed(1000.0),
                )
                .labelled_by(l.id)
                .on_hover_text("Shards of at most this many rows (part-00000.parquet, …)");
                ui.label(RichText::new("0: one file").small());
            });
        }
        Format::Jsonl | Format::Csv | Format::Txt | Format::Clusters => {}
    }
    if !matches!(
        e.format,
        Format::Clusters | Format::Qdpx | Format::Qdc | Format::Entities
    ) {
        ui.add_space(theme::SECTION_GAP);
        ui.checkbox(&mut e.split, "Split into train / validation / test")
            .on_hover_text(
                "Each duplicate cluster stays on one side, so near-copies never leak \
                 between train and test. JSONL/CSV get a split field, text files sub-folders.",
            );
        if e.split {
            ui.indent("export-split", |ui| {
                ui.horizontal(|ui| {
                    for (label, value) in [
                        ("Train", &mut e.train),
                        ("Validation", &mut e.validation),
                        ("Test", &mut e.test),
                    ] {
                        let l = ui.label(label);
                        ui.add(
                            DragValue::new(value)
                                .range(0.0..=1.0)
                                .speed(0.01)
                                .fixed_decimals(2),
                        )
                        .labelled_by(l.id);
                    }
                    let l = ui.label("Seed");
                    ui.add(DragValue::new(&mut e.seed)).labelled_by(l.id);
                });
            });
        }
    }
}

/// The progress and Cancel while it runs, else the way on.
fn buttons(ui: &mut egui::Ui, e: &mut ExportState, running: bool, commands: &mut Commands) {
    ui.horizontal(|ui| {
        if running {
            let p = e.progress;
            let fraction = crate::core::counts::fraction(p.done, p.total);
            ui.add(
                ProgressBar::new(fraction)
                    .desired_width(260.0)
                    .text(format!(
                        "Exporting {} / {}",
                        thousands(p.done),
                        thousands(p.total)
                    )),
            );
            if ui
                .button("Cancel")
                .on_hover_text("Stop: nothing is left behind")
                .clicked()
            {
                commands.push(ExportCommand::Cancel);
            }
        } else {
            let label = if e.format.is_folder() {
                "Choose folder and export…"
            } else {
                "Choose file and export…"
            };
            if ui.button(label).clicked() {
                commands.push(ExportCommand::ChooseDestination);
            }
            if ui.button("Close").clicked() {
                e.open = false;
            }
        }
    });
}

fn confirm(ctx: &Context, state: &mut ExportState, commands: &mut Commands) {
    let Some(dest) = state.confirm.clone() else {
        return;
    };
    let folder = state.format.is_folder();
    let modal = egui::Modal::new(egui::Id::unique("confirm-export-overwrite")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading(if folder { "Replace this folder?" } else { "Replace this file?" });
        ui.add_space(6.0);
        ui.label(format!(
            "{} already exists{}. Replacing it deletes what is there now, once the export is complete.",
            dest.display(),
            if folder { " and is not empty" } else { "" }
        ));
        ui.add_space(10.0);
        let mut answer = None;
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
        answer
    });
    let answer = modal.inner.or(modal.should_close().then_some(false));
    if let Some(replace) = answer {
        commands.push(ExportCommand::Confirm(replace));
        if !replace {
            state.confirm = None;
        }
    }
}

fn summary(ctx: &Context, state: &mut ExportState, commands: &mut Commands) {
    let Some(report) = state.done.clone() else {
        return;
    };
    let mut close = false;
    let folder = if report.path.is_dir() {
        report.path.clone()
    } else {
        report
            .path
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default()
    };
    egui::Modal::new(egui::Id::unique("export-summary")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        ui.heading("Export finished");
        ui.add_space(6.0);
        match (&report.detail, report.documents) {
            // A codebook holds codes, no documents.
            (Some(detail), 0) => ui.label(format!("Exported {detail}")),
            (Some(detail), n) => ui.label(format!(
                "Exported {} with {detail}",
                crate::core::counts::documents(n)
            )),
            (None, n) => ui.label(format!("Exported {}", crate::core::counts::documents(n))),
        };
        ui.label(RichText::new(report.path.display().to_string()).small());
        if !report.sides.is_empty() {
            let sides: Vec<String> = report
                .sides
                .iter()
                .map(|(s, n)| format!("{s}: {}", thousands(*n)))
                .collect();
            ui.label(sides.join(" · "));
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Open folder").clicked() {
                commands.push(WindowCommand::OpenFolder(folder.clone()));
            }
            if ui.button("Close").clicked() {
                close = true;
            }
        });
    });
    if close {
        state.done = None;
    }
}
