//! The Concordance tab: the pattern, the aligned lines, the word over time.

use std::sync::Arc;

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::{Tab, WordsState, error_line, run_bar};
use crate::core::model::DocId;
use crate::core::words::kwic;
use crate::gui::command::{Commands, WordsCommand};
use crate::gui::theme;

/// "12 lines of 40 hits (the first 200,000 are kept)".
fn lines_label(shown: usize, hits: u64) -> String {
    use crate::core::counts::plural;
    let mut s = plural(shown, "line", "lines");
    if shown as u64 != hits {
        s.push_str(&format!(" of {}", plural(hits as usize, "hit", "hits")));
    }
    if hits as usize > kwic::MAX_LINES {
        s.push_str(" (the first 200,000 are kept)");
    }
    s
}

pub(super) fn ui(
    ui: &mut Ui,
    state: &mut WordsState,
    running: Option<(usize, usize)>,
    timeline: bool,
    commands: &mut Commands,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Word");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.pattern)
                    .hint_text("word, \"a phrase\" or prefix*")
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            commands.push(WordsCommand::Run);
        }
        // Run comes first: it stays in sight on a narrow window.
        run_bar(ui, running, commands);
        let l = ui.label("Context");
        ui.add(
            egui::DragValue::new(&mut state.context)
                .range(1..=30)
                .suffix(" words"),
        )
        .labelled_by(l.id);
        let l = ui.label("Sort");
        egui::ComboBox::from_id_salt("kwic-order")
            .selected_text(state.order.label())
            .show_ui(ui, |ui| {
                for o in kwic::Order::ALL {
                    ui.selectable_value(&mut state.order, o, o.label());
                }
            })
            .response
            .labelled_by(l.id);
    });
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Lines with");
        ui.add(
            egui::TextEdit::singleline(&mut state.line_filter)
                .hint_text("a word in the context")
                .desired_width(160.0),
        )
        .labelled_by(l.id);
        state.refresh_shown();
        let hits = state.found.lock().map(|f| f.hits).unwrap_or(0);
        let shown = state.shown.len();
        if hits > 0 {
            ui.label(lines_label(shown, hits));
            if ui
                .button("Export CSV…")
                .on_hover_text("The lines shown: document id, title, date, left, hit, right")
                .clicked()
            {
                commands.push(WordsCommand::ExportKwicDialog);
            }
        }
    });
    error_line(ui, &state.error);
    over_time_row(ui, state, timeline, commands);
    let found = Arc::clone(&state.found);
    let found = found.lock().unwrap_or_else(|p| p.into_inner());
    if found.lines.is_empty() {
        if running.is_none() && state.error.is_none() {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(if state.ran_for[Tab::Concordance as usize].is_some() {
                    "No hits in the documents in view."
                } else {
                    "Type a word, a \"phrase\" or a prefix* and press Enter: every hit, with its context, aligned."
                }).weak());
            });
        }
        return;
    }
    let shown = &state.shown;
    let mut open: Option<(DocId, usize, usize)> = None;
    TableBuilder::new(ui)
        .id_salt("kwic")
        .striped(true)
        .sense(Sense::click())
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::auto().at_least(40.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::initial(84.0).at_least(60.0))
        .header(theme::HEADER_HEIGHT, |mut h| {
            h.col(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.strong("Left");
                });
            });
            h.col(|ui| {
                ui.strong("Hit");
            });
            h.col(|ui| {
                ui.strong("Right");
            });
            h.col(|ui| {
                ui.strong("Date");
            });
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, shown.len(), |mut row| {
                let Some(line) = found.lines.get(shown[row.index()]) else {
                    return;
                };
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        // Cut from the far end: the words next to the hit stay.
                        let left = crate::gui::widgets::tail_that_fits(
                            ui,
                            line.left.trim_end(),
                            ui.available_width(),
                        );
                        ui.add(egui::Label::new(left).extend());
                    });
                });
                row.col(|ui| {
                    let r = ui
                        .add(
                            egui::Label::new(RichText::new(&line.hit).strong())
                                .sense(Sense::click()),
                        )
                        .on_hover_text(format!("{} — open it at this hit", line.title));
                    if r.clicked() {
                        open = Some((line.doc, line.start, line.end));
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(line.right.trim_start()).truncate());
                });
                row.col(|ui| {
                    ui.label(RichText::new(line.date.as_deref().unwrap_or("undated")).weak());
                });
                if row.response().clicked() {
                    open = Some((line.doc, line.start, line.end));
                }
            });
        });
    if let Some((id, start, end)) = open {
        commands.push(WordsCommand::OpenDocumentAt { id, start, end });
    }
}

/// Where the word's line over time is, and pinning it to compare with the
/// next word looked up.
fn over_time_row(ui: &mut Ui, state: &WordsState, timeline: bool, commands: &mut Commands) {
    let Some(word) = state.over_time.as_ref().and_then(|c| c.words.first()) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let text = if timeline {
            format!("\"{word}\" over time: per million words, on the timeline below")
        } else {
            format!(
                "Over time: show the timeline ({}) to see when the word rises and falls",
                crate::gui::command::Action::Timeline.key_text()
            )
        };
        ui.label(RichText::new(text).weak());
        let pinned = state.pinned.contains(word);
        if ui
            .add_enabled(!pinned, egui::Button::new("Pin to timeline"))
            .on_hover_text("Keep this word's line on the timeline to compare it with the next words you look up")
            .on_disabled_hover_text("Pinned: remove it with × on the timeline")
            .clicked()
        {
            commands.push(WordsCommand::Pin);
        }
    });
}
