//! The coded text's keys (1–9 code the selection) and right-click menu.

use egui::{ScrollArea, Ui};

use super::{CodedText, CodedView, name_of};
use crate::core::store::tags::Tag;
use crate::gui::command::{CodeCommand, Commands, NUMBER_KEYS};

/// 1–9 code the selection with the first nine tags.
pub(super) fn number_keys(ui: &Ui, state: &CodedText, v: &CodedView, commands: &mut Commands) {
    let Some((s, e)) = state.selection else {
        return;
    };
    let keys = crate::core::store::tags::number_keys(v.tags);
    for (n, id) in keys.into_iter().enumerate() {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, NUMBER_KEYS[n])) {
            commands.push(CodeCommand::Code {
                doc: v.doc,
                start: s,
                end: e,
                tag: name_of(v.tags, id),
            });
        }
    }
}

/// The right-click menu: code the selection, or change the passage
/// clicked.
pub(super) fn menu(ui: &mut Ui, state: &mut CodedText, v: &CodedView, commands: &mut Commands) {
    if let Some((s, e)) = state.selection {
        ui.label(egui::RichText::new("Code the selection with").weak());
        let keys = crate::core::store::tags::number_keys(v.tags);
        for (n, id) in keys.iter().enumerate() {
            let name = name_of(v.tags, *id);
            if ui
                .button(format!("{}  {name}", n + 1))
                .on_hover_text(format!("Press {} with text selected", n + 1))
                .clicked()
            {
                commands.push(CodeCommand::Code {
                    doc: v.doc,
                    start: s,
                    end: e,
                    tag: name,
                });
                ui.close();
            }
        }
        let others: Vec<&Tag> = v.tags.iter().filter(|t| !keys.contains(&t.id)).collect();
        if !others.is_empty() {
            ui.menu_button("Other tags", |ui| {
                ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for t in others {
                        if ui.button(&t.name).clicked() {
                            commands.push(CodeCommand::Code {
                                doc: v.doc,
                                start: s,
                                end: e,
                                tag: t.name.clone(),
                            });
                            ui.close();
                        }
                    }
                });
            });
        }
        if let Some(p) = state.active_passage()
            && (s < p.start || e > p.end || (s > p.start && e < p.end))
            && ui
                .button(format!("Set '{}' to the selection", name_of(v.tags, p.tag)))
                .on_hover_text("Extend or shrink the passage to the selected text")
                .clicked()
        {
            commands.push(CodeCommand::Reshape {
                id: p.id,
                tag: p.tag,
                start: s,
                end: e,
            });
            ui.close();
        }
        ui.separator();
    }
    if let Some(p) = state.active_passage() {
        let name = name_of(v.tags, p.tag);
        if ui.button(format!("Remove the code '{name}'")).clicked() {
            commands.push(CodeCommand::Uncode(vec![p.id]));
            ui.close();
        }
    }
    if state.selection.is_none() && state.active.is_none() {
        ui.label(egui::RichText::new("Select text to code it").weak());
    }
}
