//! The search box under the menu, with its error message.

use egui::{RichText, TextEdit, Ui};

use crate::gui::app::CorpusApp;
use crate::gui::theme;

pub fn search_id() -> egui::Id {
    egui::Id::unique("search-box")
}

pub fn ui(app: &mut CorpusApp, ui: &mut Ui) {
    let enabled = app.session.is_some();
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        let label = ui.label("Search");
        let edit = TextEdit::singleline(&mut app.search.text)
            .id(search_id())
            .hint_text("words, \"a phrase\", OR, -exclude, prefix*   (Ctrl+F)")
            .desired_width(ui.available_width().min(520.0));
        let response = ui.add_enabled(enabled, edit).labelled_by(label.id);
        if response.changed() {
            app.search.edited_at = Some(ui.input(|i| i.time));
        }
        if app.search.focus_requested {
            app.search.focus_requested = false;
            response.request_focus();
        }
        if response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            app.search.text.clear();
            app.search.edited_at = Some(f64::NEG_INFINITY);
        }
        if !app.search.text.is_empty()
            && ui
                .button("Clear")
                .on_hover_text("Show every document again")
                .clicked()
        {
            app.search.text.clear();
            app.search.edited_at = Some(f64::NEG_INFINITY);
        }
        if app.search.is_running() {
            ui.spinner();
        }
    });
    if let Some(err) = &app.search.error {
        let dark = ui.visuals().dark_mode;
        ui.label(RichText::new(err).color(theme::error_text(dark)).small());
    }
    ui.add_space(2.0);
}
