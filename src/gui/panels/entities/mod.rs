//! People, organisations and places in the left panel: the top entities
//! over the current filter with document counts, a filter box, click to
//! filter (a chip), select names and merge them, a right-click menu to rename, merge, retype, split or ignore, and what
//! appears with an entity (log-Dice).

mod state;

use egui::{RichText, Ui};

pub use state::{EntitiesState, EntityDialog};

use crate::core::counts::thousands;
use crate::core::entities::Kind;
use crate::core::entities::index::FacetRow;
use crate::core::model::EntityId;
use crate::gui::command::{Commands, EntityCommand};

/// The facets; `filtered` lists the entities the view requires.
pub fn ui(ui: &mut Ui, s: &EntitiesState, filtered: &[EntityId], commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.strong("Names");
        if s.is_busy() {
            ui.spinner();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button("⋯", |ui| {
                if ui.button("Export the entity list…").clicked() {
                    commands.push(EntityCommand::ExportListDialog);
                }
                if ui.button("Import an entity list…").clicked() {
                    commands.push(EntityCommand::ImportListDialog);
                }
                let ignored = s.index.as_ref().map_or(&[][..], |i| i.ignored.as_slice());
                ui.add_enabled_ui(!ignored.is_empty(), |ui| {
                    ui.menu_button(format!("Ignored names ({})", ignored.len()), |ui| {
                        egui::ScrollArea::vertical()
                            .max_height(300.0)
                            .show(ui, |ui| {
                                for (id, name, kind) in ignored {
                                    let label = format!("Show \u{201c}{name}\u{201d} again");
                                    if ui.button(label).on_hover_text(kind.word()).clicked() {
                                        commands.push(EntityCommand::Ignore(vec![*id], false));
                                        ui.close();
                                    }
                                }
                            });
                    });
                });
            })
            .response
            .on_hover_text("Share the entity list (CSV); names you ignored");
        });
    });
    let mut needle = s.needle.clone();
    let edit = ui
        .horizontal(|ui| {
            let label = ui.label("Find");
            ui.add(
                egui::TextEdit::singleline(&mut needle)
                    .hint_text("a name")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
        })
        .inner;
    if edit.changed() {
        commands.push(EntityCommand::Needle(needle));
    }
    if let Some(e) = &s.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if s.selected.len() >= 2 {
        let label = format!("Merge {} selected…", s.selected.len());
        if ui
            .button(label)
            .on_hover_text("Merge the selected names into one entity")
            .clicked()
        {
            let ids: Vec<EntityId> = s.selected.iter().copied().collect();
            commands.push(EntityCommand::OpenDialog(EntityDialog::Merge {
                from: ids[1..].to_vec(),
                into: ids[0],
                name: s
                    .index
                    .as_ref()
                    .and_then(|i| i.root(ids[0]))
                    .map(|r| r.name.clone())
                    .unwrap_or_default(),
            }));
        }
    }
    if s.index.is_some() && s.facets.iter().all(Vec::is_empty) && !s.is_busy() {
        ui.label(RichText::new("No names found in these documents").weak());
    }
    for kind in Kind::ALL {
        let rows = &s.facets[kind as usize];
        if rows.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(kind.plural())
            .id_salt(("entities", kind.word()))
            .default_open(true)
            .show(ui, |ui| {
                for row in rows {
                    row_ui(ui, s, row, filtered.contains(&row.id), commands);
                }
            });
    }
    if let Some((id, partners)) = &s.with {
        ui.separator();
        ui.horizontal(|ui| {
            let name = s
                .index
                .as_ref()
                .and_then(|i| i.root(*id))
                .map(|r| r.name.clone())
                .unwrap_or_default();
            ui.strong(format!("Appears with {name}"));
            if ui.small_button("✕").on_hover_text("Close").clicked() {
                commands.push(EntityCommand::ShowWith(None));
            }
        });
        if partners.is_empty() {
            ui.label(RichText::new("No other name in the same documents").weak());
        }
        for p in partners {
            ui.horizontal(|ui| {
                let r = ui.selectable_label(false, &p.name).on_hover_text(format!(
                    "{}: in {} together, log-Dice {:.1}",
                    p.kind.word(),
                    crate::core::counts::plural(p.together, "document", "documents"),
                    p.log_dice
                ));
                if r.clicked() {
                    commands.push(EntityCommand::Filter(
                        p.id,
                        format!("{} = {}", p.kind.word(), p.name),
                    ));
                }
                ui.label(
                    RichText::new(format!("{} · {:.1}", thousands(p.together), p.log_dice)).weak(),
                );
            });
        }
    }
}

fn row_ui(ui: &mut Ui, s: &EntitiesState, row: &FacetRow, filtered: bool, commands: &mut Commands) {
    let selected = s.selected.contains(&row.id);
    ui.horizontal(|ui| {
        let variants = s
            .index
            .as_ref()
            .and_then(|i| i.root(row.id))
            .map(|r| r.variants.clone())
            .unwrap_or_default();
        let r = ui.selectable_label(filtered || selected, &row.name);
        let r = if variants.is_empty() {
            r.on_hover_text(format!(
                "{}: click to filter; right-click to rename, merge, retype or ignore",
                row.kind.word()
            ))
        } else {
            r.on_hover_text(format!(
                "{}, also written {}",
                row.kind.word(),
                variants.join(", ")
            ))
        };
        if r.clicked() {
            if ui.input(|i| i.modifiers.command) {
                commands.push(EntityCommand::Select(row.id));
            } else {
                commands.push(EntityCommand::Filter(
                    row.id,
                    format!("{} = {}", row.kind.word(), row.name),
                ));
            }
        }
        r.context_menu(|ui| menu(ui, s, row, !variants.is_empty(), commands));
        ui.label(RichText::new(thousands(row.docs)).weak());
    });
}

fn menu(
    ui: &mut Ui,
    s: &EntitiesState,
    row: &FacetRow,
    has_variants: bool,
    commands: &mut Commands,
) {
    if ui.button("Filter by this name").clicked() {
        commands.push(EntityCommand::Filter(
            row.id,
            format!("{} = {}", row.kind.word(), row.name),
        ));
        ui.close();
    }
    if ui.button("Timeline of this name").clicked() {
        commands.push(EntityCommand::Timeline(
            row.id,
            format!("{} = {}", row.kind.word(), row.name),
        ));
        ui.close();
    }
    if ui.button("Appears with…").clicked() {
        commands.push(EntityCommand::ShowWith(Some(row.id)));
        ui.close();
    }
    let select = if s.selected.contains(&row.id) {
        "Unselect"
    } else {
        "Select for merging"
    };
    if ui.button(select).clicked() {
        commands.push(EntityCommand::Select(row.id));
        ui.close();
    }
    ui.separator();
    if ui.button("Rename…").clicked() {
        commands.push(EntityCommand::OpenDialog(EntityDialog::Rename {
            id: row.id,
            name: row.name.clone(),
        }));
        ui.close();
    }
    let others: Vec<EntityId> = s
        .selected
        .iter()
        .copied()
        .filter(|&i| i != row.id)
        .collect();
    if !others.is_empty()
        && ui
            .button(format!("Merge {} selected into this…", others.len()))
            .clicked()
    {
        commands.push(EntityCommand::OpenDialog(EntityDialog::Merge {
            from: others,
            into: row.id,
            name: row.name.clone(),
        }));
        ui.close();
    }
    ui.menu_button("Change type", |ui| {
        for kind in Kind::ALL.into_iter().filter(|k| *k != row.kind) {
            if ui.button(format!("Make it a {}", kind.word())).clicked() {
                commands.push(EntityCommand::Retype(vec![row.id], kind));
                ui.close();
            }
        }
    });
    if has_variants && ui.button("Split the variants off").clicked() {
        commands.push(EntityCommand::Split(row.id));
        ui.close();
    }
    if ui.button("Ignore (never show this name)").clicked() {
        commands.push(EntityCommand::Ignore(vec![row.id], true));
        ui.close();
    }
}

/// The rename and merge dialogs.
pub fn dialogs(ctx: &egui::Context, dialog: &mut Option<EntityDialog>, commands: &mut Commands) {
    let Some(d) = dialog else {
        return;
    };
    let mut close = false;
    let title = match d {
        EntityDialog::Rename { .. } => "Rename entity",
        EntityDialog::Merge { .. } => "Merge entities",
    };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            let renaming = matches!(d, EntityDialog::Rename { .. });
            let (name, what) = match d {
                EntityDialog::Rename { name, .. } => (name, "New name"),
                EntityDialog::Merge { name, from, .. } => {
                    ui.label(format!(
                        "{} other names will count as this one.",
                        from.len()
                    ));
                    (name, "Name of the merged entity")
                }
            };
            let label = ui.label(what);
            let r = ui.text_edit_singleline(name).labelled_by(label.id);
            r.request_focus();
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let ok = if renaming { "Rename" } else { "Merge" };
            let mut go = false;
            ui.horizontal(|ui| {
                go = (ui.button(ok).clicked() || enter) && !name.trim().is_empty();
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
            if go {
                commands.push(match d.clone() {
                    EntityDialog::Rename { id, name } => EntityCommand::Rename(id, name),
                    EntityDialog::Merge { from, into, name } => EntityCommand::Merge {
                        from,
                        into,
                        name: Some(name),
                    },
                });
                close = true;
            }
        });
    if close {
        *dialog = None;
    }
}
