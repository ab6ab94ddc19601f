//! The reader's coding bar (what the selection can be coded with, the
//! passage clicked) and the document's memo.

use egui::{RichText, TextEdit, Ui};

use super::{ReaderState, ReaderView};
use crate::core::counts::thousands;
use crate::gui::command::{CodeCommand, Commands};
use crate::gui::theme;

/// Above the text: what the selection can be coded with, and the passage
/// clicked (its code, coder, memo; re-code, resize, remove).
pub(super) fn coding_bar(
    ui: &mut Ui,
    reader: &mut ReaderState,
    v: &ReaderView,
    commands: &mut Commands,
) {
    let Some(doc) = reader.doc.as_ref().map(|d| d.id) else {
        return;
    };
    if let Some((s, e)) = reader.coding.selection {
        selection_bar(ui, reader, v, (doc, s, e), commands);
    }
    passage_bar(ui, reader, v, commands);
}

/// What the selection can be coded with: the first nine tags (their
/// keys), and a "code with…" box for any other.
fn selection_bar(
    ui: &mut Ui,
    reader: &mut ReaderState,
    v: &ReaderView,
    (doc, s, e): (crate::core::DocId, i64, i64),
    commands: &mut Commands,
) {
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("Code {} characters:", thousands((e - s) as usize))).weak(),
            );
            let keys = crate::core::store::tags::number_keys(v.tags);
            for (n, id) in keys.iter().enumerate() {
                let Some(t) = v.tags.iter().find(|t| t.id == *id) else {
                    continue;
                };
                let color = theme::parse_color(&t.color);
                if ui
                    .add(
                        egui::Button::new(
                            RichText::new(format!("{} {}", n + 1, t.name))
                                .color(theme::text_on(color)),
                        )
                        .fill(color)
                        .small(),
                    )
                    .on_hover_text(format!(
                        "Code the selection with '{}' (key {})",
                        t.name,
                        n + 1
                    ))
                    .clicked()
                {
                    commands.push(CodeCommand::Code {
                        doc,
                        start: s,
                        end: e,
                        tag: t.name.clone(),
                    });
                }
            }
            let r = ui.add(
                TextEdit::singleline(&mut reader.code_input)
                    .hint_text("code with…")
                    .desired_width(140.0),
            );
            let typed = reader.code_input.trim().to_string();
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !typed.is_empty()
            {
                // An existing tag by its name (any case), else a new one.
                let name = v
                    .tags
                    .iter()
                    .find(|t| t.name.eq_ignore_ascii_case(&typed))
                    .or_else(|| {
                        v.tags
                            .iter()
                            .find(|t| t.name.to_lowercase().contains(&typed.to_lowercase()))
                    })
                    .map_or(typed.clone(), |t| t.name.clone());
                commands.push(CodeCommand::Code {
                    doc,
                    start: s,
                    end: e,
                    tag: name,
                });
                reader.code_input.clear();
            }
            if !typed.is_empty() {
                let needle = typed.to_lowercase();
                for t in v
                    .tags
                    .iter()
                    .filter(|t| t.name.to_lowercase().contains(&needle))
                    .take(8)
                {
                    if ui
                        .small_button(&t.name)
                        .on_hover_text(format!("Code the selection with '{}'", t.name))
                        .clicked()
                    {
                        commands.push(CodeCommand::Code {
                            doc,
                            start: s,
                            end: e,
                            tag: t.name.clone(),
                        });
                        reader.code_input.clear();
                    }
                }
            }
        });
    }
}

/// The passage clicked: its code, coder and memo; re-code, resize, remove.
fn passage_bar(ui: &mut Ui, reader: &mut ReaderState, v: &ReaderView, commands: &mut Commands) {
    let Some(p) = reader.coding.active_passage().cloned() else {
        return;
    };
    let Some(tag) = v.tags.iter().find(|t| t.id == p.tag) else {
        return;
    };
    let color = theme::parse_color(&tag.color);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("▌").color(color));
        ui.label(RichText::new(&tag.name).strong());
        let who = if p.coder.is_empty() {
            "coded".to_string()
        } else {
            format!("coded by {}", p.coder)
        };
        ui.label(
            RichText::new(format!(
                "{who} · {} characters",
                thousands((p.end - p.start) as usize)
            ))
            .weak()
            .small(),
        );
        ui.menu_button("Re-code", |ui| {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for t in v.tags.iter().filter(|t| t.id != p.tag) {
                        if ui.button(&t.name).clicked() {
                            commands.push(CodeCommand::Reshape {
                                id: p.id,
                                tag: t.id,
                                start: p.start,
                                end: p.end,
                            });
                            ui.close();
                        }
                    }
                });
        })
        .response
        .on_hover_text("Code this passage with another tag");
        if let Some((s, e)) = reader.coding.selection
            && (s, e) != (p.start, p.end)
            && ui
                .small_button("Set to selection")
                .on_hover_text("Extend or shrink the passage to the selected text")
                .clicked()
        {
            commands.push(CodeCommand::Reshape {
                id: p.id,
                tag: p.tag,
                start: s,
                end: e,
            });
        }
        let memo = reader.coding.memos.get(&p.id).cloned();
        if ui
            .small_button(if memo.is_some() {
                "Edit memo"
            } else {
                "Memo…"
            })
            .on_hover_text("A comment on this passage")
            .clicked()
        {
            commands.push(CodeCommand::EditMemo {
                target: crate::core::store::change::MemoTarget::Passage(p.id),
                about: format!("A passage coded '{}'", tag.name),
                text: memo.clone().unwrap_or_default(),
            });
        }
        if ui
            .small_button("Remove code")
            .on_hover_text("Uncode this passage (Edit → Undo brings it back)")
            .clicked()
        {
            commands.push(CodeCommand::Uncode(vec![p.id]));
        }
        if let Some(m) = memo {
            ui.end_row();
            ui.label(RichText::new(format!("Memo: {m}")).italics().weak());
        }
    });
}

/// The document's memo, saved with its button (one undo step).
pub(super) fn memo_row(ui: &mut Ui, reader: &mut ReaderState, commands: &mut Commands) {
    let Some(id) = reader.doc.as_ref().map(|d| d.id) else {
        return;
    };
    let label = ui.label(RichText::new("Memo").weak());
    ui.horizontal_wrapped(|ui| {
        ui.add(
            TextEdit::multiline(&mut reader.memo_input)
                .hint_text("a note on this document…")
                .desired_rows(1)
                .desired_width((ui.available_width() - 70.0).clamp(120.0, 360.0)),
        )
        .labelled_by(label.id);
        let stored = reader.memo.clone().unwrap_or_default();
        if ui
            .add_enabled(
                reader.memo_input.trim_end() != stored,
                egui::Button::new("Save memo").small(),
            )
            .on_hover_text("Save the memo (empty: delete it); Edit → Undo takes it back")
            .clicked()
        {
            commands.push(CodeCommand::SetMemo {
                target: crate::core::store::change::MemoTarget::Document(id),
                text: reader.memo_input.clone(),
            });
        }
    });
    ui.end_row();
}
