//! The active tag, date, metadata and import-batch filters as removable chips above
//! the table, read from the one view state.

use egui::{RichText, Ui};

use crate::core::store::tags::Tag;
use crate::gui::command::{Command, Commands, LibraryCommand, ViewCommand};
use crate::gui::theme;
use crate::gui::view_state::ViewState;

fn chip(
    ui: &mut Ui,
    text: &str,
    color: egui::Color32,
    strike: bool,
    remove: impl Into<Command>,
    commands: &mut Commands,
) {
    if crate::gui::widgets::removable_chip(
        ui,
        text,
        color,
        strike,
        &format!("Remove the filter {text}"),
    ) {
        commands.push(remove);
    }
}

/// The chips of `view`'s filters; `tags` names and colours them.
pub fn ui(ui: &mut Ui, view: &ViewState, tags: &[Tag], commands: &mut Commands) {
    if !view.has_chips() {
        return;
    }
    let name = |id| tags.iter().find(|t| t.id == id);
    ui.horizontal_wrapped(|ui| {
        if !view.tags.include.is_empty() {
            ui.label(RichText::new("With").weak());
            for &id in &view.tags.include {
                if let Some(t) = name(id) {
                    chip(
                        ui,
                        &t.name,
                        theme::parse_color(&t.color),
                        false,
                        ViewCommand::RemoveTagFilter(id),
                        commands,
                    );
                }
            }
            if view.tags.include.len() > 1 {
                let all = view.tags.all;
                if ui
                    .selectable_label(all, "all")
                    .on_hover_text("Documents with every one of these tags")
                    .clicked()
                {
                    commands.push(ViewCommand::TagFilterAll(true));
                }
                if ui
                    .selectable_label(!all, "any")
                    .on_hover_text("Documents with at least one of these tags")
                    .clicked()
                {
                    commands.push(ViewCommand::TagFilterAll(false));
                }
            }
        }
        if !view.tags.exclude.is_empty() {
            ui.label(RichText::new("Without").weak());
            for &id in &view.tags.exclude {
                if let Some(t) = name(id) {
                    chip(
                        ui,
                        &t.name,
                        theme::parse_color(&t.color),
                        true,
                        ViewCommand::RemoveTagFilter(id),
                        commands,
                    );
                }
            }
        }
        if let Some((_, label)) = &view.batch {
            ui.label(RichText::new("From").weak());
            chip(
                ui,
                label,
                ui.visuals().selection.bg_fill,
                false,
                LibraryCommand::ShowBatch(None),
                commands,
            );
        }
        if let Some(dates) = &view.dates {
            ui.label(RichText::new("Dated").weak());
            chip(
                ui,
                &dates.label(),
                ui.visuals().selection.bg_fill,
                false,
                ViewCommand::SetDateFilter(None),
                commands,
            );
        }
        if let Some(source) = view.date_source {
            ui.label(RichText::new("Date from").weak());
            chip(
                ui,
                source.label(),
                ui.visuals().selection.bg_fill,
                false,
                ViewCommand::SetDateSourceFilter(None),
                commands,
            );
        }
        for m in &view.meta {
            ui.label(RichText::new("Where").weak());
            chip(
                ui,
                &m.label(),
                ui.visuals().selection.bg_fill,
                false,
                ViewCommand::RemoveMetaFilter(m.field.clone()),
                commands,
            );
        }
        for (id, label) in &view.entities {
            ui.label(RichText::new("Names").weak());
            chip(
                ui,
                label,
                ui.visuals().selection.bg_fill,
                false,
                crate::gui::command::EntityCommand::Filter(*id, label.clone()),
                commands,
            );
        }
        if ui.small_button("Clear filters").clicked() {
            commands.push(ViewCommand::ClearFilters);
        }
    });
    ui.add_space(4.0);
}
