//! The search box under the menu, with its error message.

use crate::gui::view_state::Central;
use egui::{RichText, TextEdit, Ui};

use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::view::{Filter, Sort, SortKey};
use crate::gui::command::{Commands, SearchCommand, ViewCommand};
use crate::gui::theme;

/// The search box and its background job.
#[derive(Default)]
pub struct SearchState {
    pub text: String,
    /// When the text last changed (egui time), for debouncing.
    pub edited_at: Option<f64>,
    pub error: Option<String>,
    /// The search waits for the search index to catch up (a neutral note,
    /// not an error).
    pub waiting: Option<String>,
    /// How many documents the search in force matched.
    pub hits: Option<usize>,
    pub(crate) job: Option<(Filter, Job<Vec<DocId>, ()>)>,
    pub focus_requested: bool,
}

impl SearchState {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }
}

pub fn search_id() -> egui::Id {
    egui::Id::unique("search-box")
}

/// What the bar reads besides the search box it owns.
pub struct ToolbarView {
    pub has_library: bool,
    pub reviewing: bool,
    pub words: bool,
    pub passages: bool,
    pub trash_view: bool,
    pub clusters: usize,
    pub in_trash: usize,
    pub include_marked_duplicates: bool,
    /// The search looks in memos too.
    pub memos: bool,
    /// With a search in force: its order, best matches first (`None`) or
    /// a column.
    pub order: Option<Option<Sort>>,
    /// How many documents the search in force matched.
    pub hits: Option<usize>,
}

/// The view switches, the search box (its state is `search`) and the
/// duplicates switch.
pub fn ui(ui: &mut Ui, search: &mut SearchState, v: &ToolbarView, commands: &mut Commands) {
    let enabled = v.has_library;
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        // The two views of the library.
        let reviewing = v.reviewing;
        let words = v.words && !reviewing;
        let passages = v.passages && !reviewing;
        let trash = v.trash_view && !reviewing && !words && !passages;
        if ui
            .add_enabled(
                enabled,
                egui::Button::selectable(!reviewing && !trash && !words && !passages, "Library"),
            )
            .on_hover_text(format!(
                "The documents ({} switches)",
                crate::gui::command::Action::Review.key_text()
            ))
            .clicked()
        {
            commands.push(ViewCommand::Show(Central::Library));
        }
        let clusters = v.clusters;
        let dup_label = if clusters > 0 {
            format!("Duplicates ({})", crate::core::counts::thousands(clusters))
        } else {
            "Duplicates".to_string()
        };
        if ui
            .add_enabled(enabled, egui::Button::selectable(reviewing, dup_label))
            .on_hover_text(format!(
                "Review near-duplicate documents side by side ({})",
                crate::gui::command::Action::Review.key_text()
            ))
            .clicked()
        {
            commands.push(ViewCommand::Show(Central::Review));
        }
        if ui
            .add_enabled(enabled, egui::Button::selectable(words, "Words"))
            .on_hover_text(
                "Concordance, frequencies, keywords and collocations of the documents in view",
            )
            .clicked()
        {
            commands.push(ViewCommand::Show(if words {
                Central::Library
            } else {
                Central::Words
            }));
        }
        if ui
            .add_enabled(enabled, egui::Button::selectable(passages, "Passages"))
            .on_hover_text(format!(
                "Coded passages and memos of the documents in view ({})",
                crate::gui::command::Action::Passages.key_text()
            ))
            .clicked()
        {
            commands.push(ViewCommand::Show(if passages {
                Central::Library
            } else {
                Central::Passages
            }));
        }
        let in_trash = v.in_trash;
        if (in_trash > 0 || trash)
            && ui
                .add_enabled(
                    enabled,
                    egui::Button::selectable(
                        trash,
                        format!("Trash ({})", crate::core::counts::thousands(in_trash)),
                    ),
                )
                .on_hover_text("Documents moved to the trash: restore them or empty the trash")
                .clicked()
        {
            commands.push(ViewCommand::Show(Central::Trash));
        }
        ui.separator();
        if reviewing {
            return;
        }
        let label = ui.label("Search");
        let edit = TextEdit::singleline(&mut search.text)
            .id(search_id())
            .hint_text(format!(
                "words, \"a phrase\", OR, -exclude, prefix*   ({})",
                crate::gui::command::Action::Find.key_text()
            ))
            // Room is left for Clear, the hit count, Sort and Show duplicates.
            .desired_width((ui.available_width() - 400.0).clamp(160.0, 520.0));
        let response = ui.add_enabled(enabled, edit).labelled_by(label.id);
        if response.changed() {
            search.edited_at = Some(ui.input(|i| i.time));
        }
        if search.focus_requested {
            search.focus_requested = false;
            response.request_focus();
        }
        // Esc (here or in the table) reaches WindowCommand::Escape, which clears the search.
        if !search.text.is_empty()
            && ui
                .button("Clear")
                .on_hover_text("Clear the search (Esc)")
                .clicked()
        {
            commands.push(SearchCommand::ClearSearch);
        }
        if search.is_running() || (search.edited_at.is_some() && search.error.is_none()) {
            // The old count would read as the new search's.
            ui.spinner();
            ui.label(RichText::new("Searching…").weak());
        } else if let Some(n) = v.hits
            && v.order.is_some()
        {
            ui.label(match n {
                1 => "1 hit".to_string(),
                n => format!("{} hits", crate::core::counts::thousands(n)),
            })
            .on_hover_text("Documents matching the search and the filters");
        }
        if let Some(order) = v.order {
            order_ui(ui, order, commands);
        }
        // In the row, not below it: a message that comes and goes while
        // typing must not move the table.
        if let Some(err) = &search.error
            && !v.reviewing
        {
            let dark = ui.visuals().dark_mode;
            // Room is left for the checkbox on the right.
            let room = (ui.available_width() - 170.0).max(80.0);
            ui.scope(|ui| {
                ui.set_max_width(room);
                ui.add(
                    egui::Label::new(RichText::new(err).color(theme::error_text(dark))).truncate(),
                )
                .on_hover_text(err);
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            switches(ui, v, enabled, commands);
        });
    });
    if let Some(note) = &search.waiting
        && !v.reviewing
    {
        ui.label(RichText::new(note).weak());
    }
    ui.add_space(2.0);
}

/// The switches at the right of the toolbar: marked duplicates shown, the
/// search in memos too.
fn switches(ui: &mut Ui, v: &ToolbarView, enabled: bool, commands: &mut Commands) {
    {
        {
            let mut show = v.include_marked_duplicates;
            if ui
                .add_enabled(enabled, egui::Checkbox::new(&mut show, "Show duplicates"))
                .on_hover_text("Also list the documents marked as duplicates in review")
                .changed()
            {
                commands.push(ViewCommand::IncludeMarkedDuplicates(show));
            }
            let mut memos = v.memos;
            if ui
                .add_enabled(enabled, egui::Checkbox::new(&mut memos, "In memos"))
                .on_hover_text(
                    "The search also finds documents whose memos (on the document or a coded passage) hold its words",
                )
                .changed()
            {
                commands.push(ViewCommand::SearchMemos(memos));
            }
        }
    }
}

/// The orders a search's results can take, as the menu names them.
const ORDERS: &[(&str, Option<Sort>)] = &[
    ("Relevance", None),
    (
        "Date, newest first",
        Some(Sort {
            key: SortKey::Date,
            descending: true,
        }),
    ),
    (
        "Date, oldest first",
        Some(Sort {
            key: SortKey::Date,
            descending: false,
        }),
    ),
    (
        "Title",
        Some(Sort {
            key: SortKey::Title,
            descending: false,
        }),
    ),
];

/// "Sort: Relevance ▾" beside the search box.
fn order_ui(ui: &mut Ui, order: Option<Sort>, commands: &mut Commands) {
    let current = ORDERS
        .iter()
        .find(|(_, o)| *o == order)
        .map(|(name, _)| name.to_string())
        .unwrap_or_else(|| "Column".to_string());
    let label = ui.label("Sort");
    egui::ComboBox::from_id_salt("search-order")
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (name, o) in ORDERS {
                if ui.selectable_label(*o == order, *name).clicked() && *o != order {
                    commands.push(SearchCommand::SortResults(*o));
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(
            "Best matches first, or by date or title (a click on a column header sorts by it too)",
        );
}
