//! Saved searches in the left panel: each with its live count, applied
//! with a click, renamed, replaced by the current view or deleted from its
//! right-click menu (all undoable), and the *Save search…* dialog.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::core::jobs::Job;
use crate::core::store::saved::{self, SavedId, SavedSearch};
use crate::core::view;
use crate::core::{Error, Result};
use crate::gui::command::{Commands, SearchCommand};
use crate::gui::theme;

use crate::core::counts::thousands;

/// The panel's state: the list, its counts (from a background job), and
/// the open dialog.
#[derive(Default)]
pub struct SavedState {
    pub list: Vec<SavedSearch>,
    pub counts: HashMap<SavedId, usize>,
    job: Option<Job<Vec<(SavedId, usize)>, ()>>,
    pub dialog: Option<SavedDialog>,
}

/// A small dialog about saved searches.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedDialog {
    /// Save the current view under a name.
    Save {
        name: String,
    },
    Rename {
        id: SavedId,
        name: String,
    },
}

impl SavedState {
    /// Reads the list again and counts each search in the background.
    pub fn reload(&mut self, conn: &rusqlite::Connection, library: PathBuf) {
        match saved::list(conn) {
            Ok(list) => self.list = list,
            Err(e) => tracing::warn!("saved searches unreadable: {e}"),
        }
        if let Some(job) = self.job.take() {
            job.cancel();
        }
        if self.list.is_empty() {
            self.counts.clear();
            return;
        }
        let list = self.list.clone();
        self.job = Some(Job::spawn("saved search counts", move |ctx| {
            let conn = crate::core::store::open_reader(&library)?;
            let mut out = Vec::new();
            for s in &list {
                let filter = s.filter.filter(&conn)?;
                match view::search_page(&conn, &filter, 0, ctx.cancel_flag()) {
                    Ok(page) => out.push((s.id, page.total)),
                    // Counted again once the search index has caught up.
                    Err(Error::IndexBehind(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            Result::Ok(out)
        }));
    }

    /// Takes the counts when the job is done.
    pub fn poll(&mut self) {
        if let Some(job) = &mut self.job
            && let Some(result) = job.try_result()
        {
            self.job = None;
            match result {
                Ok(counts) => self.counts = counts.into_iter().collect(),
                Err(Error::Cancelled) => {}
                Err(e) => tracing::warn!("saved search counts: {e}"),
            }
        }
    }

    pub fn is_counting(&self) -> bool {
        self.job.is_some()
    }
}

/// What the section reads besides its state.
pub struct SavedView {
    /// The view narrows the list (there is something to save).
    pub can_save: bool,
    /// The saved search the view is showing, if any.
    pub current: Option<SavedId>,
}

/// The "Saved searches" section.
pub fn ui(ui: &mut Ui, state: &SavedState, v: &SavedView, commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.heading("Saved searches");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(v.can_save, egui::Button::new("Save…").small())
                .on_hover_text("Save the current search and filters under a name")
                .on_disabled_hover_text("Search or filter first: the view is what is saved")
                .clicked()
            {
                commands.push(SearchCommand::SaveSearchDialog);
            }
        });
    });
    if state.list.is_empty() {
        ui.label(
            RichText::new("None yet: search or filter, then Save….")
                .weak()
                .small(),
        );
    }
    for s in &state.list {
        ui.horizontal(|ui| {
            let count = state
                .counts
                .get(&s.id)
                .map(|n| thousands(*n))
                .unwrap_or_else(|| "…".into());
            let r = ui
                .selectable_label(v.current == Some(s.id), &s.name)
                .on_hover_text(describe(s));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(count).weak());
            });
            if r.clicked() {
                commands.push(SearchCommand::ApplySaved(s.id));
            }
            r.context_menu(|ui| {
                if ui.button("Rename…").clicked() {
                    commands.push(SearchCommand::OpenSavedDialog(SavedDialog::Rename {
                        id: s.id,
                        name: s.name.clone(),
                    }));
                    ui.close();
                }
                if ui
                    .add_enabled(
                        v.can_save,
                        egui::Button::new("Replace with the current view"),
                    )
                    .on_hover_text("Keep the name; save what the list shows now")
                    .clicked()
                {
                    commands.push(SearchCommand::UpdateSaved(s.id));
                    ui.close();
                }
                if ui.button("Delete").clicked() {
                    commands.push(SearchCommand::DeleteSaved(s.id));
                    ui.close();
                }
            });
        });
    }
    ui.add_space(theme::SECTION_GAP);
}

/// The tooltip: what the saved search holds.
fn describe(s: &SavedSearch) -> String {
    let f = &s.filter;
    let mut parts = Vec::new();
    if let Some(q) = &f.query {
        parts.push(format!("search: {q}"));
    }
    if !f.tags.include.is_empty() || !f.tags.exclude.is_empty() {
        parts.push(format!(
            "{} tag filter{}",
            f.tags.include.len() + f.tags.exclude.len(),
            if f.tags.include.len() + f.tags.exclude.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    if let Some(d) = &f.dates {
        parts.push(format!("dates: {}", d.label()));
    }
    for m in &f.meta {
        parts.push(format!("{} = {}", m.field, m.value));
    }
    if f.show_duplicates {
        parts.push("duplicates shown".into());
    }
    format!(
        "{}\nClick to show; right-click to rename, replace or delete",
        parts.join("; ")
    )
}

/// The save and rename dialogs.
pub fn dialogs(ctx: &egui::Context, open: &mut Option<SavedDialog>, commands: &mut Commands) {
    let Some(dialog) = open.as_mut() else {
        return;
    };
    let mut close = false;
    let mut command = None;
    let title = match dialog {
        SavedDialog::Save { .. } => "Save search",
        SavedDialog::Rename { .. } => "Rename saved search",
    };
    egui::Modal::new(egui::Id::unique("saved-dialog")).show(ctx, |ui| {
        ui.set_width(320.0);
        ui.heading(title);
        ui.add_space(theme::SECTION_GAP);
        let (name, verb) = match dialog {
            SavedDialog::Save { name } => (name, "Save"),
            SavedDialog::Rename { name, .. } => (name, "Rename"),
        };
        let label = ui.label("Name");
        let r = ui
            .add(egui::TextEdit::singleline(name).desired_width(300.0))
            .labelled_by(label.id);
        r.request_focus();
        if matches!(dialog, SavedDialog::Save { .. }) {
            ui.label(
                RichText::new("The search and the tag, date and metadata filters are saved.")
                    .small()
                    .weak(),
            );
        }
        let name = match dialog {
            SavedDialog::Save { name } | SavedDialog::Rename { name, .. } => {
                name.trim().to_string()
            }
        };
        let go = |dialog: &SavedDialog| match dialog {
            SavedDialog::Save { .. } => SearchCommand::SaveSearch(name.clone()),
            SavedDialog::Rename { id, .. } => SearchCommand::RenameSaved(*id, name.clone()),
        };
        if ui.input(|i| i.key_pressed(egui::Key::Enter)) && !name.is_empty() {
            command = Some(go(dialog));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!name.is_empty(), egui::Button::new(verb))
                .clicked()
            {
                command = Some(go(dialog));
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
    });
    if let Some(c) = command {
        commands.push(c);
        close = true;
    }
    if close {
        *open = None;
    }
}
