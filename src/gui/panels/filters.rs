//! The active tag and date filters as removable chips above the table.

use egui::{RichText, Ui};

use crate::gui::app::CorpusApp;
use crate::gui::command::Command;
use crate::gui::theme;

fn chip(
    ui: &mut Ui,
    text: &str,
    color: egui::Color32,
    strike: bool,
    remove: Command,
    commands: &mut Vec<Command>,
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

pub fn ui(app: &mut CorpusApp, ui: &mut Ui) {
    if app.tag_filter.is_empty() && app.date_filter.is_none() {
        return;
    }
    let Some(session) = &app.session else {
        return;
    };
    let name = |id| session.tags.iter().find(|t| t.id == id);
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if !app.tag_filter.include.is_empty() {
            ui.label(RichText::new("With").weak());
            for &id in &app.tag_filter.include {
                if let Some(t) = name(id) {
                    chip(
                        ui,
                        &t.name,
                        theme::parse_color(&t.color),
                        false,
                        Command::RemoveTagFilter(id),
                        &mut commands,
                    );
                }
            }
            if app.tag_filter.include.len() > 1 {
                let all = app.tag_filter.all;
                if ui
                    .selectable_label(all, "all")
                    .on_hover_text("Documents with every one of these tags")
                    .clicked()
                {
                    commands.push(Command::TagFilterAll(true));
                }
                if ui
                    .selectable_label(!all, "any")
                    .on_hover_text("Documents with at least one of these tags")
                    .clicked()
                {
                    commands.push(Command::TagFilterAll(false));
                }
            }
        }
        if !app.tag_filter.exclude.is_empty() {
            ui.label(RichText::new("Without").weak());
            for &id in &app.tag_filter.exclude {
                if let Some(t) = name(id) {
                    chip(
                        ui,
                        &t.name,
                        theme::parse_color(&t.color),
                        true,
                        Command::RemoveTagFilter(id),
                        &mut commands,
                    );
                }
            }
        }
        if let Some(dates) = &app.date_filter {
            ui.label(RichText::new("Dated").weak());
            chip(
                ui,
                &dates.label(),
                ui.visuals().selection.bg_fill,
                false,
                Command::SetDateFilter(None),
                &mut commands,
            );
        }
        if ui.small_button("Clear filters").clicked() {
            commands.push(Command::ClearFilters);
        }
    });
    ui.add_space(4.0);
    app.commands.extend(commands);
}
