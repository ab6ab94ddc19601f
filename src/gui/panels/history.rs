//! The Import history window (File → Import history…): every import run
//! with when, what and how many; each can be shown as a filter or moved to
//! the trash in one undoable step.

use egui::{Context, RichText, ScrollArea};
use rusqlite::Connection;

use crate::core::counts::{documents, thousands};
use crate::core::store::imports::{self, ImportBatch};
use crate::gui::command::{Commands, LibraryCommand};
use crate::gui::theme;

/// The window's state: open or not, and the batches as last read.
#[derive(Default)]
pub struct HistoryState {
    pub open: bool,
    /// Read the batches again before drawing (the library changed).
    pub stale: bool,
    batches: Vec<ImportBatch>,
    error: Option<String>,
}

/// "data/a, data/b and 3 more".
fn paths_label(paths: &[String]) -> String {
    let name = |p: &String| {
        std::path::Path::new(p)
            .file_name()
            .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned())
    };
    match paths {
        [] => "nothing".into(),
        [one] => name(one),
        [a, b] => format!("{}, {}", name(a), name(b)),
        [a, rest @ ..] => format!("{} and {} more", name(a), rest.len()),
    }
}

impl HistoryState {
    /// Draws the window when open; `conn` reads the batches (one indexed
    /// query per batch, small next to a frame).
    pub fn ui(&mut self, ctx: &Context, conn: &Connection, commands: &mut Commands) {
        if !self.open {
            return;
        }
        if self.stale {
            self.stale = false;
            match imports::list(conn) {
                Ok(b) => {
                    self.batches = b;
                    self.error = None;
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        let mut open = true;
        egui::Window::new("Import history")
            .id(egui::Id::unique("import-history"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(620.0)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                if let Some(e) = &self.error {
                    let dark = ui.visuals().dark_mode;
                    ui.label(RichText::new(e).color(theme::error_text(dark)));
                }
                if self.batches.is_empty() {
                    ui.label(
                        RichText::new("Nothing has been imported into this library yet.").weak(),
                    );
                    return;
                }
                ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                    egui::Grid::new("import-history-grid")
                        .striped(true)
                        .num_columns(5)
                        .spacing([14.0, 6.0])
                        .show(ui, |ui| {
                            for head in ["When (UTC)", "What", "Imported", "Now", ""] {
                                ui.label(RichText::new(head).strong());
                            }
                            ui.end_row();
                            for b in &self.batches {
                                batch_row(ui, b, commands);
                                ui.end_row();
                            }
                        });
                });
            });
        if !open {
            self.open = false;
        }
    }
}

fn batch_row(ui: &mut egui::Ui, b: &ImportBatch, commands: &mut Commands) {
    ui.label(imports::minute_string(b.started_at));
    let mut tip = b.paths.join("\n");
    if b.cancelled {
        tip.push_str("\n(cancelled)");
    } else if b.finished_at.is_none() {
        tip.push_str("\n(did not finish)");
    }
    let mut label = paths_label(&b.paths);
    if b.cancelled {
        label.push_str(" · cancelled");
    } else if b.finished_at.is_none() {
        label.push_str(" · did not finish");
    }
    ui.add(egui::Label::new(label)).on_hover_text(tip);
    let mut what = documents(b.imported as usize);
    if b.already_present > 0 {
        what.push_str(&format!(
            ", {} already there",
            thousands(b.already_present as usize)
        ));
    }
    if b.rejected > 0 {
        what.push_str(&format!(
            ", {} not imported",
            thousands(b.rejected as usize)
        ));
    }
    ui.label(what);
    let now = if b.in_trash > 0 {
        format!(
            "{} in the library, {} in the trash",
            thousands(b.in_library as usize),
            thousands(b.in_trash as usize)
        )
    } else {
        format!("{} in the library", thousands(b.in_library as usize))
    };
    ui.label(RichText::new(now).weak());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(b.in_library > 0, egui::Button::new("Show"))
            .on_hover_text("List only the documents this import created")
            .clicked()
        {
            commands.push(LibraryCommand::ShowBatch(Some(b.id)));
        }
        if ui
            .add_enabled(b.in_library > 0, egui::Button::new("Move to trash…"))
            .on_hover_text(format!(
                "Take this import back: its documents go to the trash (undo with {})",
                crate::gui::command::Action::Undo.key_text()
            ))
            .clicked()
        {
            commands.push(LibraryCommand::TrashBatch {
                batch: b.id,
                count: b.in_library as usize,
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::paths_label;

    #[test]
    fn paths_read_short() {
        let p = |v: &[&str]| paths_label(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&[]), "nothing");
        assert_eq!(p(&["/data/news"]), "news");
        assert_eq!(p(&["/a/x.txt", "/b/y.txt"]), "x.txt, y.txt");
        assert_eq!(p(&["/a/x.txt", "/b/y.txt", "/c"]), "x.txt and 2 more");
    }
}
