//! The Passages view's Codes tab (passages and documents per code, codes
//! together) and Memos tab.

use egui::{RichText, Ui};

use super::{PassagesState, PassagesView, Tab, tag_name};
use crate::core::coding::Combine;
use crate::core::counts::thousands;
use crate::core::store::change::MemoTarget;
use crate::gui::command::{CodeCommand, Commands, ViewCommand};
use crate::gui::theme;

/// Passages and documents per tag, and tags together (click a count to
/// list those passages, or filter the library to those documents).
pub(super) fn codes(
    ui: &mut Ui,
    state: &mut PassagesState,
    v: &PassagesView,
    commands: &mut Commands,
) {
    let Some(overview) = state.overview.clone() else {
        ui.spinner();
        return;
    };
    if overview.tags.is_empty() {
        ui.label(RichText::new("No coded passages in the documents in view.").weak());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("codes")
        .show(ui, |ui| {
            ui.label(RichText::new("Per code").strong());
            egui::Grid::new("codes-grid")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Code").weak());
                    ui.label(RichText::new("Passages").weak());
                    ui.label(RichText::new("Documents").weak());
                    ui.label(RichText::new("Definition (memo)").weak());
                    ui.end_row();
                    for t in &overview.tags {
                        let name = tag_name(v.tags, t.tag);
                        let color = v
                            .tags
                            .iter()
                            .find(|x| x.id == t.tag)
                            .map_or(theme::NEUTRAL, |x| theme::parse_color(&x.color));
                        ui.horizontal(|ui| {
                            ui.label(RichText::new("▌").color(color));
                            ui.label(&name);
                        });
                        if ui
                            .link(thousands(t.passages))
                            .on_hover_text(format!("List the passages coded '{name}'"))
                            .clicked()
                        {
                            state.query = crate::core::coding::PassageQuery {
                                a: Some(t.tag),
                                ..Default::default()
                            };
                            state.tab = Tab::Passages;
                            state.invalidate();
                        }
                        if ui
                            .link(thousands(t.documents))
                            .on_hover_text(format!(
                                "Show the documents coded '{name}' in the library"
                            ))
                            .clicked()
                        {
                            commands.push(ViewCommand::ToggleTagFilter(t.tag));
                            commands
                                .push(ViewCommand::Show(crate::gui::view_state::Central::Library));
                        }
                        let memo = state
                            .memos
                            .iter()
                            .find(|m| m.kind == "tag" && m.memo.target_id == t.tag)
                            .map(|m| m.memo.text.clone());
                        ui.horizontal(|ui| {
                            let shown = memo
                                .as_deref()
                                .map_or("", |m| m.lines().next().unwrap_or(""));
                            ui.add(egui::Label::new(RichText::new(shown).weak()).truncate());
                            if ui
                                .small_button(if memo.is_some() { "Edit" } else { "Write" })
                                .on_hover_text(format!(
                                    "The definition of '{name}' in the codebook"
                                ))
                                .clicked()
                            {
                                commands.push(CodeCommand::EditMemo {
                                    target: MemoTarget::Tag(t.tag),
                                    about: format!("Code '{name}'"),
                                    text: memo.clone().unwrap_or_default(),
                                });
                            }
                        });
                        ui.end_row();
                    }
                });
            if overview.pairs.is_empty() {
                return;
            }
            ui.add_space(12.0);
            ui.label(RichText::new("Codes together").strong());
            egui::Grid::new("cooccurrence-grid")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Code").weak());
                    ui.label(RichText::new("and code").weak());
                    ui.label(RichText::new("In one passage").weak())
                        .on_hover_text("Passages of either that the other overlaps");
                    ui.label(RichText::new("In one document").weak());
                    ui.end_row();
                    for ((a, b), (in_passage, in_doc)) in &overview.pairs {
                        ui.label(tag_name(v.tags, *a));
                        ui.label(tag_name(v.tags, *b));
                        if ui
                            .link(thousands(*in_passage))
                            .on_hover_text(
                                "List the passages of the first that the second overlaps",
                            )
                            .clicked()
                        {
                            state.query = crate::core::coding::PassageQuery {
                                a: Some(*a),
                                combine: Combine::And,
                                b: Some(*b),
                                near: state.query.near,
                            };
                            state.tab = Tab::Passages;
                            state.invalidate();
                        }
                        if ui
                            .link(thousands(*in_doc))
                            .on_hover_text("Show the documents holding both in the library")
                            .clicked()
                        {
                            commands.push(ViewCommand::RequireTags(vec![*a, *b]));
                            commands
                                .push(ViewCommand::Show(crate::gui::view_state::Central::Library));
                        }
                        ui.end_row();
                    }
                });
        });
}

/// Every memo, newest first, with a filter.
pub(super) fn memos(
    ui: &mut Ui,
    state: &mut PassagesState,
    v: &PassagesView,
    commands: &mut Commands,
) {
    ui.horizontal(|ui| {
        let l = ui.label("Memos holding");
        ui.add(
            egui::TextEdit::singleline(&mut state.memo_filter)
                .hint_text("words…")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        if ui
            .button("Export CSV…")
            .on_hover_text("Every memo: what it is on, author, time, text")
            .clicked()
        {
            commands.push(CodeCommand::ExportMemosDialog);
        }
    });
    let words: Vec<String> = state
        .memo_filter
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let shown: Vec<&crate::core::store::memos::MemoRow> = state
        .memos
        .iter()
        .filter(|m| {
            let t = m.memo.text.to_lowercase();
            words.iter().all(|w| t.contains(w.as_str()))
        })
        .collect();
    if shown.is_empty() {
        ui.add_space(16.0);
        ui.label(
            RichText::new(
                "No memos. Write one on a document or a passage in the reader, or on a code (its definition) in the Codes tab.",
            )
            .weak(),
        );
        return;
    }
    let _ = v;
    egui::ScrollArea::vertical()
        .id_salt("memos")
        .show(ui, |ui| {
            for m in shown {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(match m.kind {
                            "document" => "On document",
                            "passage" => "On a passage of",
                            _ => "On code",
                        })
                        .weak(),
                    );
                    let about = if m.about.is_empty() {
                        "(untitled)"
                    } else {
                        m.about.as_str()
                    };
                    if let Some(doc) = m.doc {
                        if ui
                            .link(about)
                            .on_hover_text("Open it in the reader")
                            .clicked()
                        {
                            commands.push(CodeCommand::OpenDocument(doc));
                        }
                    } else {
                        ui.label(RichText::new(about).strong());
                    }
                    ui.label(
                        RichText::new(format!(
                            "{} · {}",
                            if m.memo.author.is_empty() {
                                "anonymous"
                            } else {
                                m.memo.author.as_str()
                            },
                            crate::core::counts::iso_time(m.memo.updated_at)
                                .replace('T', " ")
                                .trim_end_matches('Z')
                        ))
                        .weak()
                        .small(),
                    );
                });
                ui.label(&m.memo.text);
                ui.separator();
            }
        });
}
