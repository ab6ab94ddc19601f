//! Small windows: Settings, Help → Keyboard shortcuts, Help → About.

use egui::{Context, DragValue, RichText, Slider, TextEdit};

use crate::core::dedup::MIN_THRESHOLD;
use crate::gui::command::{self, Commands, WindowCommand};
use crate::gui::settings::{Settings, ThemeChoice, UI_SCALES};

/// Which small window is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Open {
    pub settings: bool,
    pub shortcuts: bool,
    pub about: bool,
}

/// The small windows that are open; `settings` is edited in place (a
/// change sends [`WindowCommand::ApplySettings`]); `library` is the open library's
/// path for About.
pub fn ui(
    ctx: &Context,
    open: &mut Open,
    settings: &mut Settings,
    library: Option<&std::path::Path>,
    ocr: Option<&super::ocr::Probe>,
    commands: &mut Commands,
) {
    if open.settings {
        settings_window(ctx, &mut open.settings, settings, ocr, commands);
    }
    if open.shortcuts {
        shortcuts(ctx, &mut open.shortcuts);
    }
    if open.about {
        about(ctx, &mut open.about, library);
    }
}

fn settings_window(
    ctx: &Context,
    shown: &mut bool,
    settings: &mut Settings,
    ocr: Option<&super::ocr::Probe>,
    commands: &mut Commands,
) {
    let mut open = true;
    let mut changed = false;
    egui::Window::new("Settings")
        .id(egui::Id::unique("settings-window"))
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let s = &mut *settings;
            egui::Grid::new("settings-grid")
                .num_columns(2)
                .spacing([16.0, 10.0])
                .show(ui, |ui| {
                    ui.label("Theme");
                    ui.horizontal(|ui| {
                        for (t, name) in [
                            (ThemeChoice::System, "System"),
                            (ThemeChoice::Light, "Light"),
                            (ThemeChoice::Dark, "Dark"),
                        ] {
                            changed |= ui.radio_value(&mut s.theme, t, name).changed();
                        }
                    });
                    ui.end_row();
                    let l = ui.label("Interface size");
                    changed |= ui
                        .add(
                            Slider::new(&mut s.ui_scale, UI_SCALES)
                                .step_by(0.05)
                                .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
                        )
                        .labelled_by(l.id)
                        .changed();
                    ui.end_row();
                    let l = ui.label("Import size limit");
                    changed |= ui
                        .add(DragValue::new(&mut s.import_max_mb).range(1..=10_000).suffix(" MB"))
                        .labelled_by(l.id)
                        .on_hover_text("Larger files are not imported (they are listed with the reason)")
                        .changed();
                    ui.end_row();
                    let l = ui.label("Coder name");
                    changed |= ui
                        .add(TextEdit::singleline(&mut s.coder).hint_text("your name or initials").desired_width(180.0))
                        .labelled_by(l.id)
                        .on_hover_text("Coded passages and memos are signed with this name (coder agreement compares coders)")
                        .changed();
                    ui.end_row();
                    let l = ui.label("Backups kept");
                    changed |= ui
                        .add(DragValue::new(&mut s.backups_kept).range(1..=100))
                        .labelled_by(l.id)
                        .on_hover_text(
                            "Automatic backups (daily, on close after changes, before bulk deletions) kept in the backups folder beside the library; older ones are removed",
                        )
                        .changed();
                    ui.end_row();
                    let l = ui.label("Duplicate threshold");
                    changed |= ui
                        .add(
                            Slider::new(&mut s.dedup_threshold, MIN_THRESHOLD..=1.0)
                                .step_by(0.01)
                                .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
                        )
                        .labelled_by(l.id)
                        .on_hover_text(
                            "The threshold new libraries start with; each library keeps its own (Duplicates view)",
                        )
                        .changed();
                    ui.end_row();
                });
            // OCR's languages belong to the open library.
            if let Some(probe) = ocr {
                ui.separator();
                super::ocr::languages(ui, probe, commands);
                super::ocr::tools_status(ui, probe, commands);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Reset to defaults").clicked() {
                    let d = Settings::default();
                    s.theme = d.theme;
                    s.ui_scale = d.ui_scale;
                    s.import_max_mb = d.import_max_mb;
                    s.backups_kept = d.backups_kept;
                    s.dedup_threshold = d.dedup_threshold;
                    changed = true;
                }
                if ui.button("Close").clicked() {
                    *shown = false;
                }
            });
        });
    if changed {
        commands.push(WindowCommand::ApplySettings);
    }
    if !open {
        *shown = false;
    }
}

fn shortcuts(ctx: &Context, shown: &mut bool) {
    // Every action with keys, from the command table, then the list keys.
    // Grouped by menu, in menu order, then the list's own keys.
    let mut actions: Vec<command::Action> = command::Action::ALL
        .into_iter()
        .filter(|a| !a.spec().keys.is_empty())
        .collect();
    actions.sort_by_key(|a| a.group().0);
    let mut rows: Vec<(String, &str, Option<&str>)> = Vec::new();
    let mut last_group = None;
    for a in actions {
        let spec = a.spec();
        let keys: Vec<String> = spec.keys.iter().map(|k| ctx.format_shortcut(k)).collect();
        let group = a.group().1;
        let heading = (last_group != Some(group)).then_some(group);
        last_group = Some(group);
        rows.push((keys.join("  "), spec.label, heading));
    }
    let mut first = true;
    for (k, w) in command::LIST_KEYS {
        rows.push((k.to_string(), w, first.then_some("The list")));
        first = false;
    }
    let mut open = true;
    egui::Window::new("Keyboard shortcuts")
        .id(egui::Id::unique("shortcuts-window"))
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts-grid")
                .num_columns(2)
                .striped(true)
                .spacing([20.0, 6.0])
                .show(ui, |ui| {
                    for (keys, what, heading) in &rows {
                        if let Some(h) = heading {
                            ui.label(RichText::new(*h).weak());
                            ui.end_row();
                        }
                        ui.label(RichText::new(keys).strong());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
        });
    if !open {
        *shown = false;
    }
}

fn about(ctx: &Context, shown: &mut bool, library: Option<&std::path::Path>) {
    let library = library.map_or_else(|| "none".into(), |p| p.display().to_string());
    let mut open = true;
    egui::Window::new("About corpusdesk")
        .id(egui::Id::unique("about-window"))
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading("corpusdesk");
            ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
            ui.label("A desktop corpus manager: import, date, tag, de-duplicate and export text documents.");
            ui.add_space(8.0);
            ui.label(RichText::new("Library").strong());
            ui.label(library);
            if let Some(log) = crate::gui::log_folder() {
                ui.label(RichText::new("Log folder").strong());
                ui.label(log.display().to_string());
            }
            ui.add_space(8.0);
            ui.label(RichText::new(format!("License: {}", env!("CARGO_PKG_LICENSE"))).small());
        });
    if !open {
        *shown = false;
    }
}
